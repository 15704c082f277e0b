"""A method's figures from its pose data: the stills of its key poses and its animation."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from generator.figures.body import Body, pose_body
from generator.figures.camera import CAMERAS, SCALE, Camera
from generator.figures.describe import motion_text, pose_text
from generator.figures.draw import LANDMARK_REACH, Shape, arrow_shapes, body_shapes, landmark, prop_shapes
from generator.figures.frames import Frame, Motion, figure_hash, solve_motion, write_atomically
from generator.figures.pose import Figure
from generator.figures.props import TOWEL_THICKNESS, floor_top
from generator.figures.svg import Box, Cell, animated_svg, still_svg, view_box


@dataclass(frozen=True)
class PoseFigure:
    """One key pose drawn still: its SVG, its text alternative and the steps it illustrates."""

    name: str
    steps: tuple[int, ...]
    svg: str
    alt: str
    animated: bool


@dataclass(frozen=True)
class MethodFigure:
    """Everything a page or card shows of a method's movement."""

    method_id: str
    view: str
    animation: str  # the animated SVG (reduced motion: the key poses side by side)
    alt: str  # its text alternative
    poses: tuple[PoseFigure, ...]
    width: float
    height: float

    def for_step(self, number: int) -> list[PoseFigure]:
        """The key poses that illustrate step ``number`` (from 1)."""
        return [pose for pose in self.poses if number in pose.steps]


@dataclass
class Scene:
    """The solved motion with everything drawn, before it is written out (tests read it too)."""

    figure: Figure
    motion: Motion
    camera: Camera
    bodies: list[Body]  # per distinct frame: keys first, then the in-betweens
    props: list[Shape]
    body_shapes: list[list[Shape]]
    arrows: dict[int, list[Shape]]
    box: Box


def build_scene(figure: Figure, cache_dir: Path | None = None) -> Scene:
    motion = solve_motion(figure, cache_dir)
    camera = CAMERAS[figure.view.value]
    props = tuple(prop.value for prop in figure.props)
    frames = motion.all_frames()
    bodies = [pose_body(frame.angles, frame.root) for frame in frames]
    low_parts = [c[0] for body in bodies for c, r in body.spheres() if c[1] - r < floor_top(props) + 8]
    xs = low_parts or [c[0] for body in bodies for c, _ in body.spheres()]
    towel = [
        centre
        for frame, body in zip(motion.keys, bodies, strict=False)
        for contact in frame.contacts
        if contact.surface == "towel"
        for centre, radius in body.contact_spheres[contact.part]
        if centre[1] - radius <= floor_top(props) + TOWEL_THICKNESS + 0.5
    ]
    prop_layer = prop_shapes(props, (min(xs), max(xs)), towel, camera)
    drawn = [body_shapes(body, camera) for body in bodies]
    arrows = {
        index: _arrow(figure, motion, index, camera)
        for index, pose in enumerate(figure.poses)
        if pose.arrow is not None
    }
    everything = [
        *prop_layer,
        *(s for shapes in drawn for s in shapes),
        *(s for shapes in arrows.values() for s in shapes),
    ]
    return Scene(figure, motion, camera, bodies, prop_layer, drawn, arrows, view_box(everything))


def _arrow(figure: Figure, motion: Motion, index: int, camera: Camera) -> list[Shape]:
    """The way the pose's landmark goes next in the animation (or, for a still-only pose, the way
    it came from the first pose)."""
    pose = figure.poses[index]
    assert pose.arrow is not None
    animated = list(motion.animated)
    path_frames: list[Frame]
    if index in animated:
        place = animated.index(index)
        nxt = place + 1 if place + 1 < len(animated) else place - 1
        transition = min(place, nxt)
        between = list(motion.tweens[transition])
        if nxt < place:
            between.reverse()
        path_frames = [motion.keys[index], *between, motion.keys[animated[nxt]]]
    else:
        start = motion.keys[animated[0]]
        end = motion.keys[index]
        path_frames = [_blend(start, end, n / 8) for n in range(9)]
    bodies = [pose_body(f.angles, f.root) for f in path_frames]
    first = bodies[0]
    centre = [camera.project(c) for c, _ in first.spheres()]
    middle = (sum(p[0] for p in centre) / len(centre), sum(p[1] for p in centre) / len(centre))
    name = pose.arrow.value
    reach = LANDMARK_REACH[name.rpartition("-")[2]] * SCALE
    # Both sides, each with its arrow, where a view shows them apart (a shrug from the front).
    names = [name]
    if name in PAIRED and figure.view.value != "side":
        names = [f"left-{PAIRED[name]}", f"right-{PAIRED[name]}"]
    shapes: list[Shape] = []
    floor = floor_top(tuple(prop.value for prop in figure.props))
    for one in names:
        points = [landmark(body, one) for body in bodies]
        path = [camera.project(p) for p in points]
        floor_y = camera.project((points[0][0], floor, points[0][2]))[1]
        shapes += arrow_shapes(path, middle, reach, floor_y)
    return shapes


PAIRED = {"shoulders": "shoulder", "hands": "hand", "knees": "knee", "feet": "foot"}


def _blend(a: Frame, b: Frame, t: float) -> Frame:
    keys = set(a.angles) | set(b.angles)
    angles = {k: a.angles.get(k, 0.0) * (1 - t) + b.angles.get(k, 0.0) * t for k in sorted(keys)}
    root = tuple(p * (1 - t) + q * t for p, q in zip(a.root, b.root, strict=True))
    return Frame(angles, root, ())  # type: ignore[arg-type]


def distinct_frame(motion: Motion, cell: tuple[str, int, int]) -> int:
    kind, first, second = cell
    if kind == "key":
        return first
    steps = len(motion.tweens[0]) if motion.tweens else 0
    return len(motion.keys) + first * steps + second


def render_figure(
    method_id: str, figure: Figure, cache_dir: Path | None = None, standalone: bool = False
) -> MethodFigure:
    """Stills and animation of one method. ``standalone`` embeds the stylesheet (for files and
    the contact sheet); pages load ``FIGURE_CSS`` once instead, as the CSP forbids inline styles.

    The drawing depends on the pose data only (its element ids come from the data's hash), so
    methods that share pose data share one drawing. With ``cache_dir`` the solved frames and the
    drawing are kept on disk by that hash: a warm build reads one small file per figure."""
    key = figure_hash(figure)
    drawn = _MEMO.get((key, standalone))
    if drawn is None:
        drawn = _drawn(key, figure, cache_dir, standalone)
        if len(_MEMO) > 256:
            _MEMO.clear()
        _MEMO[(key, standalone)] = drawn
    return dataclasses.replace(drawn, method_id=method_id)


_MEMO: dict[tuple[str, bool], MethodFigure] = {}


def _drawn(key: str, figure: Figure, cache_dir: Path | None, standalone: bool) -> MethodFigure:
    if cache_dir is None:
        return _render(key, figure, None, standalone)
    path = Path(cache_dir) / f"{key}{'-standalone' if standalone else ''}.svg.json"
    try:
        return _figure_from(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    rendered = _render(key, figure, cache_dir, standalone)
    write_atomically(path, json.dumps(dataclasses.asdict(rendered), sort_keys=True))
    return rendered


def _figure_from(data: dict) -> MethodFigure:
    poses = tuple(
        PoseFigure(p["name"], tuple(p["steps"]), p["svg"], p["alt"], p["animated"]) for p in data["poses"]
    )
    return MethodFigure(
        data["method_id"], data["view"], data["animation"], data["alt"], poses, data["width"], data["height"]
    )


def _render(key: str, figure: Figure, cache_dir: Path | None, standalone: bool) -> MethodFigure:
    scene = build_scene(figure, cache_dir)
    poses = []
    for index, pose in enumerate(figure.poses):
        alt = pose_text(figure, pose)
        svg = still_svg(
            scene.box, scene.props, scene.body_shapes[index], scene.arrows.get(index, []), alt, standalone
        )
        poses.append(PoseFigure(pose.name, tuple(pose.steps), svg, alt, pose.animate))
    animated = list(scene.motion.animated)
    cells = [
        Cell(distinct_frame(scene.motion, cell), animated.index(cell[1]) if cell[0] == "key" else None)
        for cell in scene.motion.cells
    ]
    alt = motion_text(figure)
    animation = animated_svg(
        f"bgf-{key[:12]}",
        scene.box,
        scene.props,
        scene.body_shapes,
        scene.arrows,
        cells,
        len(animated),
        alt,
        standalone,
    )
    return MethodFigure(
        "", figure.view.value, animation, alt, tuple(poses), scene.box.width, scene.box.height
    )
