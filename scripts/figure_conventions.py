"""Draws the angle conventions picture for CONTRIBUTING.md ("Drawing the exercises").

    .venv/bin/python scripts/figure_conventions.py screenshots/figure-angles.png

Each panel is one pose written as pose data, drawn by the same renderer as the guide's figures.
"""

from __future__ import annotations

import html
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.figures import FIGURE_CSS, Figure, render_figure  # noqa: E402
from generator.figures.sheet import sheet_png  # noqa: E402

STAND = {"floor": ["feet"]}
PANELS: list[tuple[str, str, dict[str, Any], dict[str, Any], list[str]]] = [
    ("The zero pose: standing, arms hanging, thumbs forward", "side", {}, STAND, []),
    ("The zero pose from the front (its right is on your left)", "front", {}, STAND, []),
    (
        "right_hip.flexion: 90, right_knee.flexion: 90",
        "side",
        {"right_hip": {"flexion": 90}, "right_knee": {"flexion": 90}},
        {"floor": ["left-foot"]},
        [],
    ),
    (
        "lower_, mid_, upper_spine.flexion: 20 each: rounds forward",
        "side",
        {
            "lower_spine": {"flexion": 20},
            "mid_spine": {"flexion": 20},
            "upper_spine": {"flexion": 20},
            "neck": {"flexion": 20},
        },
        STAND,
        [],
    ),
    (
        "the same at −12: arches back",
        "side",
        {
            "lower_spine": {"flexion": -12},
            "mid_spine": {"flexion": -12},
            "upper_spine": {"flexion": -8},
            "neck": {"flexion": -20},
        },
        STAND,
        [],
    ),
    (
        "shoulder.flexion: 90, elbow.flexion: 90",
        "side",
        {"shoulder": {"flexion": 90}, "elbow": {"flexion": 90}},
        STAND,
        [],
    ),
    ("neck.side_bend: 30 (towards the right shoulder)", "front", {"neck": {"side_bend": 30}}, STAND, []),
    (
        "shoulder.abduction: 90; right_shoulder.elevation: 30",
        "front",
        {"shoulder": {"abduction": 90}, "right_shoulder": {"elevation": 30}},
        STAND,
        [],
    ),
    (
        "mid_, upper_spine.rotation: 25, neck.rotation: 30: turns right",
        "three-quarter",
        {"mid_spine": {"rotation": 25}, "upper_spine": {"rotation": 25}, "neck": {"rotation": 30}},
        STAND,
        [],
    ),
    (
        "pelvis.pitch: −90: lying on your back (the solver finds the height)",
        "side",
        {"pelvis": {"pitch": -90}, "neck": {"flexion": -10}},
        {"floor": ["head", "upper-back", "pelvis", "heels"]},
        ["mat"],
    ),
    (
        "pelvis.pitch: 90, hip.flexion: 90, shoulder.flexion: 90: on all fours",
        "side",
        {
            "pelvis": {"pitch": 90},
            "hip": {"flexion": 90},
            "knee": {"flexion": 90},
            "ankle": {"flexion": -50},
            "shoulder": {"flexion": 90},
            "elbow": {"pronation": 90},
            "wrist": {"flexion": -88},
        },
        {"floor": ["hands", "knees", "toes"]},
        ["mat"],
    ),
    (
        "right_ankle.flexion: −40 points the toes; left_ankle.flexion: 20",
        "side",
        {
            "right_ankle": {"flexion": -40},
            "left_ankle": {"flexion": 20},
            "right_knee": {"flexion": 30},
            "right_hip": {"flexion": 20},
        },
        {"floor": ["left-heel"]},
        [],
    ),
]


def panel(label: str, view: str, joints: dict[str, Any], contacts: dict[str, Any], props: list[str]) -> str:
    pose = {"name": "shown", "label": label, "steps": [1], "joints": joints, "contacts": contacts}
    figure = Figure.model_validate({"view": view, "props": props, "poses": [pose, {**pose, "name": "again"}]})
    with tempfile.TemporaryDirectory() as cache:
        svg = render_figure("conventions", figure, Path(cache)).poses[0].svg
    return f"<figure>{svg}<figcaption>{html.escape(label)}</figcaption></figure>"


def main(out: Path) -> None:
    panels = "".join(panel(*spec) for spec in PANELS)
    page = (
        "<!doctype html><meta charset=utf-8><title>Angle conventions</title><style>"
        "body{margin:12px;font:15px/1.3 system-ui,sans-serif;background:#fff;color:#1b1b1b}"
        ".grid{display:grid;grid-template-columns:repeat(4,1fr);gap:14px}"
        "figure{margin:0;display:flex;flex-direction:column;align-items:center}"
        "svg{height:210px;width:auto;max-width:100%}figcaption{text-align:center;margin-top:4px}"
        f"{FIGURE_CSS}</style><div class=grid>{panels}</div>"
    )
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "conventions.html"
        sheet.write_text(page, encoding="utf-8")
        sheet_png(sheet, out, width=1100)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "screenshots" / "figure-angles.png")
