"""Shapes on the screen: the posed body as filled, outlined pieces sorted by depth, the props, the
floor and the movement arrow. Everything is in SVG units; ``svg.py`` writes it out."""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.figures import props as P
from generator.figures.body import Body
from generator.figures.camera import Camera
from generator.figures.geometry import Vec, add, lerp

Point = tuple[float, float]
# A sub-shape: ("c", centre, r), ("k", p1, r1, p2, r2) a tapered capsule, ("p", points) a polygon,
# ("l", points) an open line.
Sub = tuple


@dataclass(frozen=True)
class Shape:
    cls: str
    subs: tuple[Sub, ...]

    def points(self) -> list[tuple[Point, float]]:
        """Every point the shape reaches, with the radius around it (for the view box)."""
        found: list[tuple[Point, float]] = []
        for sub in self.subs:
            if sub[0] == "c":
                found.append((sub[1], sub[2]))
            elif sub[0] == "k":
                found += [(sub[1], sub[2]), (sub[3], sub[4])]
            else:
                found += [(p, 0.0) for p in sub[1]]
        return found


# ---- the body ----------------------------------------------------------------------------------

NEAR, FAR, NOSE = "b", "d", "n"


def body_shapes(body: Body, camera: Camera) -> list[Shape]:
    """The body's pieces, farthest first; limbs behind the torso are drawn lighter.

    A limb is placed by how far in front of or behind the torso it is where it joins it (the hips
    for a leg, the shoulders for an arm), so a near leg covers the pelvis and a far arm hides
    behind the chest whatever the pose."""
    pieces: dict[str, list] = {}
    for prim in body.prims:
        pieces.setdefault(prim.piece, []).append(prim)
    pieces["torso"] = pieces["torso"] + pieces.pop("head")
    nose = pieces.pop("nose")
    p = body.points

    def across(point: Vec) -> float:  # depth along the floor: being lower is not being farther
        return camera.depth((point[0], 0.0, point[2]))

    joins = {kind: across(lerp(p[f"left-{kind}"], p[f"right-{kind}"], 0.5)) for kind in ("hip", "shoulder")}
    spread = {kind: across(p[f"right-{kind}"]) - across(p[f"left-{kind}"]) for kind in ("hip", "shoulder")}
    relative = {"torso": 0.0}
    far: dict[str, bool] = {"torso": False}
    for name, prims in pieces.items():
        if name == "torso":
            continue
        side, limb = name.split("-")
        kind = "hip" if limb == "leg" else "shoulder"
        values = [across(prim.a) for prim in prims] + [across(prim.b) for prim in prims if prim.b]
        relative[name] = sum(values) / len(values) - joins[kind]
        # The far side: its root is clearly behind the other side's and the limb behind the torso.
        behind = spread[kind] if side == "left" else -spread[kind]
        far[name] = behind > 3.0 and relative[name] < -2.5

    def order(name: str) -> tuple[int, float, int, str]:
        value = relative[name]
        bucket = -1 if value < -2.5 else (1 if value > 2.5 else 0)
        rank = {"leg": 0, "torso": 1, "arm": 2}[name.split("-")[-1]]
        return (bucket, value if bucket else 0.0, rank, name)

    shapes = []
    for name in sorted(pieces, key=order):
        shapes.append(Shape(FAR if far[name] else NEAR, tuple(_sub(prim, camera) for prim in pieces[name])))
    [tip] = nose
    # The nose shows which way the face looks: drawn only when it faces the camera or in profile.
    if camera.depth(tip.a) >= camera.depth(body.points["head"]) - 1.0:
        shapes.append(Shape(NOSE, (_sub(tip, camera),)))
    return shapes


def _sub(prim, camera: Camera) -> Sub:
    scale = 2.0
    if prim.b is None:
        return ("c", camera.project(prim.a), prim.ra * scale)
    return ("k", camera.project(prim.a), prim.ra * scale, camera.project(prim.b), prim.rb * scale)


# ---- props -------------------------------------------------------------------------------------


def _box(
    camera: Camera, xs: tuple[float, float], ys: tuple[float, float], zs: tuple[float, float]
) -> tuple[list[Point], float]:
    corners = [(x, y, z) for x in xs for y in ys for z in zs]
    centre = (sum(xs) / 2, sum(ys) / 2, sum(zs) / 2)
    return hull([camera.project(c) for c in corners]), camera.depth(centre)


def hull(points: list[Point]) -> list[Point]:
    """Convex hull (Andrew's monotone chain), counter-clockwise on screen."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def turn(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def prop_shapes(
    props: tuple[str, ...], footprint: tuple[float, float], towel: list[Vec], camera: Camera
) -> list[Shape]:
    """Floor, mat and props, farthest first. ``footprint`` is the x range the body covers near
    the floor; ``towel`` the contact points resting on a towel."""
    low, high = footprint
    floor_xs = (low - 12.0, high + 12.0)
    shapes = [Shape("g", (("p", _box(camera, floor_xs, (0.0, 0.0), (-24.0, 24.0))[0]),))]
    solids: list[tuple[float, Shape]] = []
    if "mat" in props:
        outline, _ = _box(
            camera, (low - 4.0, high + 4.0), (0.0, P.MAT_THICKNESS), (-P.MAT_HALF_WIDTH, P.MAT_HALF_WIDTH)
        )
        shapes.append(Shape("m", (("p", outline),)))
    if "towel" in props and towel:
        xs = (min(p[0] for p in towel) - 5.0, max(p[0] for p in towel) + 5.0)
        zs = (min(p[2] for p in towel) - 6.0, max(p[2] for p in towel) + 6.0)
        top = P.floor_top(props)
        outline, depth = _box(camera, xs, (top, top + P.TOWEL_THICKNESS), zs)
        solids.append((depth, Shape("t", (("p", outline),))))
    if "wall" in props:
        outline, depth = _box(camera, (P.WALL_X - 3.0, P.WALL_X), (0.0, 115.0), (-40.0, 40.0))
        solids.append((depth, Shape("w", (("p", outline),))))
    if "chair" in props:
        for box in P.chair_boxes():
            outline, depth = _box(camera, *box)
            solids.append((depth, Shape("p", (("p", outline),))))
    if "foam-roller" in props:
        solids += _roller(props, camera)
    shapes += [shape for _, shape in sorted(solids, key=lambda item: item[0])]
    return shapes


def _roller(props: tuple[str, ...], camera: Camera) -> list[tuple[float, Shape]]:
    cx, cy = P.roller_centre(props)
    rim = [
        (cx + P.ROLLER_RADIUS * math.cos(a), cy + P.ROLLER_RADIUS * math.sin(a))
        for a in (2 * math.pi * i / 32 for i in range(32))
    ]
    ends = (-P.ROLLER_HALF_LENGTH, P.ROLLER_HALF_LENGTH)
    body = hull([camera.project((x, y, z)) for x, y in rim for z in ends])
    near = max(ends, key=lambda z: camera.depth((cx, cy, z)))
    face = [camera.project((x, y, near)) for x, y in rim]
    return [
        (camera.depth((cx, cy, 0.0)), Shape("p", (("p", body),))),
        (camera.depth((cx, cy, 0.0)) + 0.01, Shape("r", (("p", face),))),
    ]


# ---- the arrow ---------------------------------------------------------------------------------

ARROW_GAP = 7.0  # between the body's surface and the arrow, in SVG units
ARROW_MIN_LENGTH = 26.0  # a small movement still gets an arrow that can be seen


def arrow_shapes(path: list[Point], away_from: Point, clearance: float, floor_y: float) -> list[Shape]:
    """A curved arrow along ``path`` (the landmark's screen positions), moved outwards from the body
    (away from ``away_from``) until it clears the landmark by ``clearance``, with a head. An arrow
    that would go below the floor (screen ``floor_y``) goes beside the movement instead."""
    if len(path) < 2:
        return []
    start, end = path[0], path[-1]
    chord = (end[0] - start[0], end[1] - start[1])
    length = math.hypot(*chord)
    if length < 2.0:
        return []
    if length < ARROW_MIN_LENGTH:  # stretch a short movement about its middle
        k = ARROW_MIN_LENGTH / length
        middle = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        path = [(middle[0] + (x - middle[0]) * k, middle[1] + (y - middle[1]) * k) for x, y in path]
    out = (start[0] - away_from[0], start[1] - away_from[1])
    size = math.hypot(*out) or 1.0
    moved = _moved(path, start, (out[0] / size, out[1] / size), clearance)
    if max(y for _, y in moved) > floor_y - ARROW_GAP:
        # Beside the movement, on the side away from the body, never into the floor.
        normal = (-chord[1] / length, chord[0] / length)
        if normal[0] * out[0] + normal[1] * out[1] < 0:
            normal = (-normal[0], -normal[1])
        moved = _moved(path, start, normal, clearance)
    trimmed = _trim(moved, 0.08)
    tip, before = trimmed[-1], trimmed[-2]
    direction = (tip[0] - before[0], tip[1] - before[1])
    step = math.hypot(*direction) or 1.0
    dx, dy = direction[0] / step, direction[1] / step
    head = [
        (tip[0] + dx * 6.0, tip[1] + dy * 6.0),
        (tip[0] - dy * 5.0, tip[1] + dx * 5.0),
        (tip[0] + dy * 5.0, tip[1] - dx * 5.0),
    ]
    return [Shape("a", (("l", trimmed),)), Shape("ah", (("p", head),))]


def _moved(path: list[Point], start: Point, direction: Point, clearance: float) -> list[Point]:
    ux, uy = direction
    inner = min((x - start[0]) * ux + (y - start[1]) * uy for x, y in path)
    shift = clearance + ARROW_GAP - inner
    return [(x + ux * shift, y + uy * shift) for x, y in path]


def _trim(points: list[Point], fraction: float) -> list[Point]:
    lengths = [0.0]
    for a, b in zip(points, points[1:], strict=False):
        lengths.append(lengths[-1] + math.hypot(b[0] - a[0], b[1] - a[1]))
    total = lengths[-1]
    lo, hi = total * fraction, total * (1 - fraction)
    out: list[Point] = []
    for i, (a, b) in enumerate(zip(points, points[1:], strict=False)):
        l0, l1 = lengths[i], lengths[i + 1]
        if l1 < lo or l0 > hi or l1 == l0:
            continue
        t0 = max(0.0, (lo - l0) / (l1 - l0))
        t1 = min(1.0, (hi - l0) / (l1 - l0))
        p0 = (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0)
        p1 = (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1)
        if not out:
            out.append(p0)
        out.append(p1)
    return out if len(out) >= 2 else points


# How far the body reaches around each landmark, in body units (the arrow keeps clear of it).
LANDMARK_REACH = {
    "front": 0.0,
    "head": 6.0,
    "chest": 7.0,
    "back": 7.0,
    "hips": 7.0,
    "knees": 4.5,
    "knee": 4.5,
    "feet": 2.5,
    "foot": 2.5,
    "hands": 2.0,
    "hand": 2.0,
    "elbows": 3.0,
    "shoulders": 4.0,
    "shoulder": 4.0,
}


def landmark(body: Body, name: str) -> Vec:
    """A point the arrow follows: both sides averaged for hands, knees, feet and the like."""
    p = body.points
    if name == "head":
        return p["head"]
    if name == "chest":
        return p["chest"]
    if name == "back":
        return p["t7"]
    if name == "hips":
        return p["pelvis"]
    if name == "front":  # in front of the breastbone: it sweeps round when the body turns
        return p["front"]
    side, _, plural = name.rpartition("-")
    singular = {
        "knees": "knee",
        "knee": "knee",
        "feet": "toe",
        "foot": "toe",
        "hands": "fingertip",
        "hand": "fingertip",
        "elbows": "elbow",
        "shoulders": "shoulder",
        "shoulder": "shoulder",
    }[plural]
    if side:
        return p[f"{side}-{singular}"]
    return lerp(p[f"left-{singular}"], p[f"right-{singular}"], 0.5)


__all__ = ["Shape", "add", "arrow_shapes", "body_shapes", "hull", "landmark", "prop_shapes"]
