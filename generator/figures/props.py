"""The props' geometry in the room: where each surface is, and how far a body ball is from it.

A prop stands where the figure needs it: the chair and the foam roller at the origin, the wall
behind the figure, a towel under whatever rests on it; the floor is the mat's top on a mat.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from generator.figures.geometry import Vec

MAT_THICKNESS = 1.0
MAT_HALF_WIDTH = 17.0  # a 60 cm mat
TOWEL_THICKNESS = 1.6
ROLLER_RADIUS = 4.4  # a 15 cm roller
ROLLER_HALF_LENGTH = 18.0
SEAT_TOP = 25.0  # a 43 cm seat
SEAT_THICKNESS = 2.5
SEAT_X = (-20.0, 6.0)  # the figure sits near the front edge
SEAT_HALF_WIDTH = 12.0
BACKREST_X = (-21.8, -20.0)
BACKREST_TOP = 60.0
CHAIR_LEG = 1.6
WALL_X = -24.0

Box = tuple[tuple[float, float], tuple[float, float], tuple[float, float]]  # x, y, z ranges


def floor_top(props: Iterable[str]) -> float:
    return MAT_THICKNESS if "mat" in props else 0.0


def roller_centre(props: Iterable[str]) -> tuple[float, float]:
    return (0.0, floor_top(props) + ROLLER_RADIUS)


def chair_boxes() -> list[Box]:
    """The chair as boxes: seat, backrest and four legs."""
    seat_bottom = SEAT_TOP - SEAT_THICKNESS
    boxes: list[Box] = [
        (SEAT_X, (seat_bottom, SEAT_TOP), (-SEAT_HALF_WIDTH, SEAT_HALF_WIDTH)),
        (BACKREST_X, (SEAT_TOP, BACKREST_TOP), (-SEAT_HALF_WIDTH, SEAT_HALF_WIDTH)),
    ]
    for x in (SEAT_X[0], SEAT_X[1] - CHAIR_LEG):
        for z in (-SEAT_HALF_WIDTH, SEAT_HALF_WIDTH - CHAIR_LEG):
            boxes.append(((x, x + CHAIR_LEG), (0.0, seat_bottom), (z, z + CHAIR_LEG)))
    return boxes


def surface_gap(surface: str, centre: Vec, radius: float, props: Iterable[str]) -> float:
    """Signed distance from a ball to a surface it rests on (0 = touching, < 0 = sunk in)."""
    x, y, _z = centre
    if surface == "floor":
        return y - radius - floor_top(props)
    if surface == "towel":
        return y - radius - floor_top(props) - TOWEL_THICKNESS
    if surface == "chair":
        return y - radius - SEAT_TOP
    if surface == "wall":
        return x - radius - WALL_X
    if surface == "foam-roller":
        cx, cy = roller_centre(props)
        return math.hypot(x - cx, y - cy) - radius - ROLLER_RADIUS
    raise ValueError(f"unknown surface {surface!r}")


def box_gap(box: Box, centre: Vec, radius: float) -> float:
    """Distance from a ball to a box, negative when they overlap (depth inside, roughly)."""
    outside = 0.0
    inside = math.inf
    for value, (low, high) in zip(centre, box, strict=True):
        if value < low:
            outside += (low - value) ** 2
        elif value > high:
            outside += (value - high) ** 2
        else:
            inside = min(inside, value - low, high - value)
    if outside > 0:
        return math.sqrt(outside) - radius
    return -inside - radius


_CHAIR = chair_boxes()
_CHAIR_BOUNDS: Box = (
    (min(b[0][0] for b in _CHAIR), max(b[0][1] for b in _CHAIR)),
    (min(b[1][0] for b in _CHAIR), max(b[1][1] for b in _CHAIR)),
    (min(b[2][0] for b in _CHAIR), max(b[2][1] for b in _CHAIR)),
)


def clearance(centre: Vec, radius: float, props: Iterable[str]) -> float:
    """How far a ball is from the floor and every solid prop: negative means it is inside one.

    Exact whenever it is negative or the ball is near a prop; a ball far from the chair is only
    measured against the floor, the roller and the wall (what the solve and the tests need)."""
    gap = surface_gap("floor", centre, radius, props)
    if "foam-roller" in props and abs(centre[2]) <= ROLLER_HALF_LENGTH + radius:
        gap = min(gap, surface_gap("foam-roller", centre, radius, props))
    if "chair" in props and box_gap(_CHAIR_BOUNDS, centre, radius) < 0:
        gap = min(gap, *(box_gap(box, centre, radius) for box in _CHAIR))
    if "wall" in props:
        gap = min(gap, surface_gap("wall", centre, radius, props))
    return gap
