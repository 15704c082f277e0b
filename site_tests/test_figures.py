"""Exercise figures: the geometry of every frame of every exercise, the SVG they become, the pose
data's checks and the editor's contact sheet."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from generator.cli import main as backguide
from generator.figures import FIGURE_CSS, compose, render_figure, render_figures
from generator.figures.body import ALL_ANGLE_KEYS, Body, angle_range, mirror_angles, segment_lengths
from generator.figures.compose import Scene, build_scene, distinct_frame
from generator.figures.frames import CELLS, figure_hash, pose_angles
from generator.figures.geometry import distance, lerp
from generator.figures.pose import LATERAL_DOFS, RANGES, Figure
from generator.figures.props import ROLLER_RADIUS, clearance, roller_centre, surface_gap
from generator.figures.solve import is_planted
from generator.graph import Guide
from generator.model import Method

from .browser import chromium_or_fail
from .helpers import ROOT, line_of, problems_of

# One SVG unit is a pixel at the figures' natural size; the body is drawn at 2 units per body unit.
PIXEL = 0.5
# A step between two cells of the animation: at most about 14 cm of any part of the body.
MAX_STEP = 8.0
STILL_LIMIT = 8 * 1024
ANIMATION_GZIP_LIMIT = 25 * 1024
SAMPLES = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass
class Drawn:
    method: Method
    scene: Scene

    @property
    def props(self) -> tuple[str, ...]:
        return tuple(prop.value for prop in self.method.figure.props)  # type: ignore[union-attr]


@cache
def _scene(method_id: str, figure_json: str) -> Scene:
    return build_scene(Figure.model_validate_json(figure_json))


def drawn_methods(guide: Guide) -> list[Drawn]:
    return [
        Drawn(m, _scene(m.id, m.figure.model_dump_json(by_alias=True)))
        for m in sorted(guide.of(Method).values(), key=lambda m: m.id)
        if m.figure is not None
    ]


@pytest.fixture(scope="module")
def drawn(guide: Guide) -> list[Drawn]:
    return drawn_methods(guide)


@pytest.fixture(scope="module")
def rendered(guide: Guide, tmp_path_factory: pytest.TempPathFactory):
    return render_figures(guide, tmp_path_factory.mktemp("figure-cache"))


def _balls(body: Body) -> list[tuple[tuple[float, float, float], float]]:
    """Points along every primitive, with the body's radius there."""
    found = []
    for prim in body.prims:
        if prim.b is None:
            found.append((prim.a, prim.ra))
        else:
            found += [(lerp(prim.a, prim.b, t), prim.ra + (prim.rb - prim.ra) * t) for t in SAMPLES]
    return found


def test_every_home_exercise_is_drawn(guide: Guide, drawn: list[Drawn]):
    home = {m.id for m in guide.of(Method).values() if m.category.is_home_exercise}
    assert home and {d.method.id for d in drawn} == home


# ---- geometry on every frame ------------------------------------------------------------------


def test_segment_lengths_never_change(drawn: list[Drawn]):
    for d in drawn:
        for body in d.scene.bodies:
            for a, b, length in segment_lengths():
                assert distance(body.points[a], body.points[b]) == pytest.approx(length, abs=1e-6), (
                    f"{d.method.id}: {a}-{b}"
                )


def test_every_joint_stays_inside_its_range(drawn: list[Drawn]):
    for d in drawn:
        for frame in d.scene.motion.all_frames():
            for key, value in frame.angles.items():
                assert key in ALL_ANGLE_KEYS
                low, high = angle_range(key)
                assert low - 1e-6 <= value <= high + 1e-6, f"{d.method.id}: {key} = {value:.1f}"


def test_no_part_of_the_body_is_below_the_floor_or_inside_a_prop(drawn: list[Drawn]):
    for d in drawn:
        for index, body in enumerate(d.scene.bodies):
            worst = min(clearance(centre, radius, d.props) for centre, radius in _balls(body))
            assert worst >= -PIXEL / 2, f"{d.method.id} frame {index}: {worst:.2f} units inside"


def test_declared_contacts_touch_within_a_pixel(drawn: list[Drawn]):
    for d in drawn:
        for index, (frame, body) in enumerate(zip(d.scene.motion.all_frames(), d.scene.bodies, strict=True)):
            for contact in frame.contacts:
                for centre, radius in body.contact_spheres[contact.part]:
                    gap = surface_gap(contact.surface, centre, radius, d.props)
                    assert abs(gap) <= PIXEL, (
                        f"{d.method.id} frame {index}: {contact.part} is {gap:.2f} off the {contact.surface}"
                    )


def _cells(d: Drawn) -> list[int]:
    return [distinct_frame(d.scene.motion, cell) for cell in d.scene.motion.cells]


def test_planted_hands_feet_and_knees_do_not_slide(drawn: list[Drawn]):
    for d in drawn:
        frames = d.scene.motion.all_frames()
        cells = _cells(d)
        for a, b in zip(cells, cells[1:] + cells[:1], strict=True):
            shared = [c for c in frames[a].contacts if c in frames[b].contacts and is_planted(c.part)]
            for contact in shared:
                before = d.scene.bodies[a].contact_spheres[contact.part]
                after = d.scene.bodies[b].contact_spheres[contact.part]
                for (p, _), (q, _) in zip(before, after, strict=True):
                    slide = ((p[0] - q[0]) ** 2 + (p[2] - q[2]) ** 2) ** 0.5
                    assert slide <= PIXEL, f"{d.method.id}: {contact.part} slides {slide:.2f}"


def test_steps_between_cells_are_small(drawn: list[Drawn]):
    for d in drawn:
        cells = _cells(d)
        assert len(cells) == CELLS
        for a, b in zip(cells, cells[1:] + cells[:1], strict=True):
            moves = [
                distance(p, q)
                for (p, _), (q, _) in zip(
                    d.scene.bodies[a].spheres(), d.scene.bodies[b].spheres(), strict=True
                )
            ]
            assert max(moves) <= MAX_STEP, f"{d.method.id}: a jump of {max(moves):.1f} units"


def _symmetric(angles: dict[str, float]) -> bool:
    for key, value in angles.items():
        joint, dof = key.split(".")
        if (joint, dof) in LATERAL_DOFS and abs(value) > 1e-9:
            return False
        twin = "right_" + joint[5:] + "." + dof
        if joint.startswith("left_") and abs(angles.get(twin, 0.0) - value) > 1e-9:
            return False
    return True


def _mirrored(a: Body, b: Body) -> float:
    """How far body ``b`` is from the mirror image (z → −z) of body ``a``, left and right swapped."""
    worst = 0.0
    for name, p in a.points.items():
        twin = name.replace("left-", "\0").replace("right-", "left-").replace("\0", "right-")
        q = b.points[twin]
        worst = max(worst, abs(p[0] - q[0]), abs(p[1] - q[1]), abs(p[2] + q[2]))
    return worst


def test_symmetric_poses_and_mirrored_poses_mirror(drawn: list[Drawn]):
    checked = mirrored = 0
    for d in drawn:
        poses = d.method.figure.poses  # type: ignore[union-attr]
        for index, pose in enumerate(poses):
            body = d.scene.bodies[index]
            if pose.mirror is not None:
                source = next(i for i, p in enumerate(poses) if p.name == pose.mirror)
                assert _mirrored(d.scene.bodies[source], body) < 1e-6, f"{d.method.id}: {pose.name}"
                mirrored += 1
            elif _symmetric(pose_angles(pose)) and _symmetric(d.scene.motion.keys[index].angles):
                assert _mirrored(body, body) < 1e-3, f"{d.method.id}: {pose.name} is lopsided"
                checked += 1
    assert checked >= 10 and mirrored >= 3


def test_mirroring_angles_twice_gives_them_back():
    angles = {
        "neck.rotation": 20.0,
        "left_hip.flexion": 30.0,
        "right_knee.flexion": 10.0,
        "pelvis.turn": 15.0,
        "mid_spine.flexion": 5.0,
    }
    assert mirror_angles(mirror_angles(angles)) == angles


def test_the_foam_roller_stays_under_the_mid_back_never_the_lower_back(drawn: list[Drawn]):
    """The spine's nearest point to the roller lies between the lower tips of the shoulder blades
    (half way up the upper back) and the bottom of the ribs (L1), in every frame."""
    [d] = [d for d in drawn if "foam-roller" in d.props]
    cx, cy = roller_centre(d.props)

    def nearest(body: Body) -> float:
        """Where along the spine, in segments from L1 (0) to C7 (2), the roller is closest."""
        chain = [body.points[name] for name in ("l1", "t7", "c7")]
        best, where = float("inf"), 0.0
        for index, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
            for step in range(101):
                p = lerp(a, b, step / 100)
                gap = ((p[0] - cx) ** 2 + (p[1] - cy) ** 2) ** 0.5
                if gap < best:
                    best, where = gap, index + step / 100
        return where

    for index, body in enumerate(d.scene.bodies):
        where = nearest(body)
        assert 0.0 < where <= 1.5, f"frame {index}: the roller is at {where:.2f} (L1 = 0, T7 = 1, C7 = 2)"
        [(centre, radius)] = body.contact_spheres["lower-back"]
        gap = ((centre[0] - cx) ** 2 + (centre[1] - cy) ** 2) ** 0.5 - radius - ROLLER_RADIUS
        assert gap > 3.0, f"frame {index}: the roller is {gap:.1f} units from the lower back"


def test_every_point_is_inside_the_view_box(drawn: list[Drawn]):
    for d in drawn:
        box = d.scene.box
        shapes = [
            *d.scene.props,
            *(s for f in d.scene.body_shapes for s in f),
            *(s for a in d.scene.arrows.values() for s in a),
        ]
        for shape in shapes:
            for (x, y), r in shape.points():
                assert box.left <= x - r and x + r <= box.left + box.width, d.method.id
                assert box.top <= y - r and y + r <= box.top + box.height, d.method.id


# ---- the SVG ----------------------------------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"


def _all_svgs(rendered) -> list[tuple[str, str]]:
    found = []
    for method_id, figure in rendered.items():
        found.append((f"{method_id} animation", figure.animation))
        found += [(f"{method_id} {pose.name}", pose.svg) for pose in figure.poses]
    return found


def test_svg_is_well_formed_with_no_outside_reference(rendered):
    for name, svg in _all_svgs(rendered):
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG_NS}svg", name
        for element in root.iter():
            for attribute, value in element.attrib.items():
                if attribute.endswith("href"):
                    assert value.startswith("#"), f"{name}: {attribute}={value}"
                assert "url(" not in value and "javascript:" not in value.lower(), name
        assert not root.findall(f".//{SVG_NS}script") and not root.findall(f".//{SVG_NS}foreignObject")
        bare = svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        outside = re.findall(r"(?:https?:)?//[^\s\"']+", bare)
        assert not outside, f"{name}: {outside}"


def test_figures_are_deterministic_and_the_cache_changes_nothing(guide: Guide, rendered, tmp_path: Path):
    [method] = [m for m in guide.of(Method).values() if m.id == "cat-camel"]
    compose._MEMO.clear()  # this test is about the disk cache and a fresh drawing
    fresh = render_figure(method.id, method.figure)  # type: ignore[arg-type]
    compose._MEMO.clear()
    cold = render_figure(method.id, method.figure, tmp_path)  # type: ignore[arg-type]
    key = figure_hash(method.figure)  # type: ignore[arg-type]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{key}.json", f"{key}.svg.json"]
    compose._MEMO.clear()
    warm = render_figure(method.id, method.figure, tmp_path)  # type: ignore[arg-type]
    assert fresh == cold == warm == rendered["cat-camel"]


def test_the_cache_key_follows_the_pose_data(guide: Guide):
    method = guide.of(Method)["bridge"]
    data = method.figure.model_dump(by_alias=True)  # type: ignore[union-attr]
    data["poses"][1]["joints"]["knee"]["flexion"] += 1
    assert figure_hash(Figure.model_validate(data)) != figure_hash(method.figure)  # type: ignore[arg-type]


def test_sizes_stay_within_budget(rendered):
    for method_id, figure in rendered.items():
        for pose in figure.poses:
            assert len(pose.svg.encode()) < STILL_LIMIT, f"{method_id} {pose.name}"
        standalone = render_figure(
            method_id, Figure.model_validate_json(_figure_json(method_id)), standalone=True
        )
        for pose in standalone.poses:
            assert len(pose.svg.encode()) < STILL_LIMIT, f"{method_id} {pose.name} with its style"
        assert len(gzip.compress(figure.animation.encode(), 9)) < ANIMATION_GZIP_LIMIT, method_id


@cache
def _figure_json(method_id: str) -> str:
    from generator.load import load_guide

    method = load_guide(ROOT / "content").of(Method)[method_id]
    return method.figure.model_dump_json(by_alias=True)  # type: ignore[union-attr]


def test_text_alternatives_say_the_position_and_the_movement(guide: Guide, rendered):
    for method_id, figure in rendered.items():
        data = guide.of(Method)[method_id].figure
        assert "illustration" not in figure.alt.lower()
        for pose, still in zip(data.poses, figure.poses, strict=True):  # type: ignore[union-attr]
            assert pose.label in still.alt and still.alt in still.svg.replace("&quot;", '"')
            assert pose.label in figure.alt or not pose.animate
        root = ET.fromstring(figure.animation)
        assert root.get("role") == "img" and root.get("aria-label") == figure.alt
    cat = rendered["cat-camel"]
    assert "hands, knees and toes on the floor" in cat.alt and "seen from the side" in cat.alt
    assert [p.name for p in cat.for_step(3)] == ["rounded"]


def test_content_text_cannot_become_markup(guide: Guide):
    method = guide.of(Method)["plank"]
    data = method.figure.model_dump(by_alias=True)  # type: ignore[union-attr]
    data["poses"][0]["label"] = 'on <script>alert("x")</script> & forearms'
    figure = render_figure("plank", Figure.model_validate(data), standalone=True)
    for svg in (figure.animation, figure.poses[0].svg):
        root = ET.fromstring(svg)
        assert not root.findall(f".//{SVG_NS}script")
        assert data["poses"][0]["label"] in root.findtext(f"{SVG_NS}title")


def test_the_palette_contrasts_in_light_and_dark_schemes():
    """Outlines against the page, and against the body's fill, at least 3:1 (WCAG 1.4.11)."""

    def mix(ink: tuple[float, ...], bg: tuple[float, ...], percent: float) -> tuple[float, ...]:
        return tuple(i * percent / 100 + b * (1 - percent / 100) for i, b in zip(ink, bg, strict=True))

    def luminance(rgb: tuple[float, ...]) -> float:
        def channel(c: float) -> float:
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
        la, lb = sorted((luminance(a), luminance(b)), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    def percent(cls: str, prop: str) -> float:
        rule = re.search(r"\.bgf-" + cls + r"[,{][^}]*", FIGURE_CSS).group(0)  # type: ignore[union-attr]
        found = re.search(prop + r":color-mix\(in srgb,var\(--bgf-ink\) (\d+)%", rule)
        return float(found.group(1)) if found else 100.0

    white, black87 = (255.0, 255.0, 255.0), mix((0, 0, 0), (255, 255, 255), 87)
    slate_bg = (30.6, 32.5, 40.8)  # Material slate: hsl(225, 15%, 14%)
    slate_fg = mix((225.0, 227.6, 234.0), slate_bg, 82)  # hsla(225, 15%, 90%, 0.82)
    for ink, bg in ((black87, white), (slate_fg, slate_bg)):
        body = mix(ink, bg, percent("b", "fill"))
        far_line = mix(ink, bg, percent("d", "stroke"))
        assert contrast(ink, bg) >= 4.5
        assert contrast(ink, body) >= 3.0
        assert contrast(far_line, bg) >= 3.0 and contrast(far_line, mix(ink, bg, percent("d", "fill"))) >= 3.0


def test_reduced_motion_shows_the_key_poses_still_side_by_side(browser, rendered):
    figure = rendered["cat-camel"]
    html = f"<!doctype html><style>{FIGURE_CSS}</style><div style='width:600px'>{figure.animation}</div>"
    moving = browser.new_context(reduced_motion="no-preference").new_page()
    moving.set_content(html)
    assert moving.eval_on_selector(".bgf-strip", "e => getComputedStyle(e).animationName") == "bgf-run"
    still = browser.new_context(reduced_motion="reduce").new_page()
    still.set_content(html)
    assert still.eval_on_selector(".bgf-strip", "e => getComputedStyle(e).animationName") == "none"
    boxes = still.eval_on_selector_all(
        ".bgf-k",
        "els => els.map(e => { const r = e.getBoundingClientRect(); "
        "return [r.left, r.right, r.top, r.bottom, getComputedStyle(e).display] })",
    )
    svg = still.eval_on_selector(
        "svg", "e => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom] }"
    )
    assert len(boxes) == 3
    for left, right, top, bottom, display in boxes:
        assert display != "none"
        assert svg[0] - 1 <= left < right <= svg[1] + 1 and svg[2] - 1 <= top < bottom <= svg[3] + 1
    ordered = sorted(boxes)
    for first, second in zip(ordered, ordered[1:], strict=False):
        assert first[1] <= second[0] + 1, "key poses overlap"
    props = still.eval_on_selector_all(".bgf-k > use", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(props) == 3 and min(props) > 20, "each still key pose shows its mat"
    hidden = still.eval_on_selector_all(
        ".bgf-cell:not(.bgf-k)", "els => els.map(e => getComputedStyle(e).display)"
    )
    assert hidden and set(hidden) == {"none"}
    moving.context.close()
    still.context.close()


# ---- the pose data's checks -------------------------------------------------------------------


def test_an_angle_outside_its_range_names_file_line_and_joint(content: Path):
    path = content / "methods" / "plank.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    - name: lifted")
    path.write_text(
        text[:start] + text[start:].replace("knee: {flexion: 75}", "knee: {flexion: 170}", 1),
        encoding="utf-8",
    )
    line = line_of(path, "knee: {flexion: 170}")
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index("flexion") + 1
    problems = problems_of(content)
    expected = (
        f"plank.yaml:{line}:{column}: figure.poses.1.joints.knee.flexion: 170° is outside the "
        "knee's flexion range, -5° to 150°"
    )
    assert any(expected in p for p in problems), problems


def test_an_unknown_contact_or_prop_is_an_error_with_a_hint(content: Path):
    path = content / "methods" / "cat-camel.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("floor: [hands, knees, toes]", "floor: [hands, knes, toes]", 1)
    path.write_text(text.replace("props: [mat]", "props: [mat, yoga-block]"), encoding="utf-8")
    problems = "\n".join(problems_of(content))
    assert f"cat-camel.yaml:{line_of(path, 'knes')}:" in problems
    assert "figure.poses.0.contacts.floor.1: 'knes' is not a body part" in problems
    assert "(did you mean 'knees'?)" in problems
    assert "figure.props.1:" in problems


def test_poses_must_fit_the_method(content: Path):
    path = content / "methods" / "bridge.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("steps: [3, 4]", "steps: [3, 14]").replace(
        "contacts: {floor: [head, upper-back, feet, hands]}",
        "contacts: {floor: [head, upper-back, feet, hands], chair: [pelvis]}",
    )
    path.write_text(text, encoding="utf-8")
    problems = "\n".join(problems_of(content))
    assert "figure.poses.1.steps.1: the method has 6 steps, not 14" in problems
    assert "figure.poses.1.contacts.chair: 'chair' is not among the figure's props" in problems


def test_a_home_exercise_without_a_figure_is_an_error(content: Path):
    path = content / "methods" / "plank.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("figure:")], encoding="utf-8")
    problems = "\n".join(problems_of(content))
    assert "plank.yaml" in problems and "a strengthening method needs a figure" in problems


# ---- the editor's loop ------------------------------------------------------------------------


def test_backguide_figures_writes_a_contact_sheet(tmp_path: Path, capsys):
    out = tmp_path / "sheet.html"
    assert backguide(["--content", str(ROOT / "content"), "figures", "cat-camel", "--out", str(out)]) == 0
    sheet = out.read_text(encoding="utf-8")
    # One drawing per figure (the animation's cells sit in a viewport of their own, an inner svg).
    assert sheet.count("<svg xmlns") == sheet.count("<figure") > 3 + 1 + 10
    assert "rounded" in sheet and "largest contact gap" in sheet
    assert backguide(["--content", str(ROOT / "content"), "figures", "acupuncture"]) == 2
    assert "drawn: bridge, cat-camel" in capsys.readouterr().err


def test_backguide_figures_all_puts_every_drawn_exercise_on_one_sheet(tmp_path: Path, guide: Guide):
    out = tmp_path / "all.html"
    assert backguide(["--content", str(ROOT / "content"), "figures", "--all", "--out", str(out)]) == 0
    sheet = out.read_text(encoding="utf-8")
    drawn = [m for m in guide.of(Method).values() if m.figure is not None]
    for method in drawn:
        assert f"({method.id})</small>" in sheet
    assert sheet.count("<figure") == sum(len(m.figure.poses) for m in drawn if m.figure)


@pytest.mark.browser
def test_backguide_figures_can_write_a_png(tmp_path: Path):
    chromium_or_fail()
    # In its own process: the session's browser fixture already runs Playwright in this one.
    png = tmp_path / "sheet.png"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--content",
            str(ROOT / "content"),
            "figures",
            "plank",
            "--out",
            str(tmp_path / "sheet.html"),
            "--png",
            str(png),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_range_table_covers_every_angle_the_body_reads():
    joints = {key.split(".")[0].removeprefix("left_").removeprefix("right_") for key in ALL_ANGLE_KEYS}
    assert joints == set(RANGES)
