"""The editor's contact sheet: every key pose and in-between frame of one method on one page, with
the angles the solver chose, so an editor can tune the pose data and see the result at once."""

from __future__ import annotations

import html
from pathlib import Path

from generator.figures.compose import build_scene, distinct_frame, render_figure
from generator.figures.pose import Figure
from generator.figures.solve import Contact, Problem, contact_error
from generator.figures.svg import FIGURE_CSS, still_svg

SHEET_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#1b1b1b;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 6px}
.row{display:flex;flex-wrap:wrap;gap:10px;align-items:flex-start}
figure{margin:0;border:1px solid #ccc;padding:6px;background:#fff}
figure.key{border:2px solid #00695c}
figcaption{font-size:12px;max-width:340px}
.tween svg{width:170px}.key svg,.anim svg{width:340px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px}
"""


def contact_sheet(method_id: str, figure: Figure, title: str | None = None) -> str:
    """The sheet as a self-contained HTML page (no script, no outside reference)."""
    scene = build_scene(figure, None)
    rendered = render_figure(method_id, figure)
    motion = scene.motion
    e = html.escape
    out = [
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{e(method_id)}: figures</title>"
        f"<style>{SHEET_CSS}{FIGURE_CSS}</style>",
        f"<h1>{e(title or method_id)}</h1><p>View: {e(figure.view.value)}; props: "
        f"{e(', '.join(p.value for p in figure.props) or 'none')}. The green frames are the key "
        "poses; the others are the in-betweens of the animation, in order.</p>",
        "<h2>Key poses</h2><div class=row>",
    ]
    props = tuple(p.value for p in figure.props)
    for index, (pose, still) in enumerate(zip(figure.poses, rendered.poses, strict=True)):
        frame = motion.keys[index]
        error = contact_error(
            Problem(frame.angles, frame.root, (), frame.contacts, (), props), frame.angles, frame.root
        )
        solved = ", ".join(
            f"{k} {v:.0f}°"
            for k, v in sorted(frame.angles.items())
            if any(k.endswith(f) or k.split("_", 1)[-1] == f for f in pose.free)
        )
        out.append(
            f"<figure class=key>{still.svg}<figcaption><b>{e(pose.name)}</b> "
            f"(steps {e(', '.join(map(str, pose.steps)))}): {e(still.alt)}<br>"
            f"largest contact gap {error:.2f} units"
            + (f"<br>solved: {e(solved)}" if solved else "")
            + "</figcaption></figure>"
        )
    out.append("</div><h2>Every cell of the animation, in time order</h2><div class=row>")
    seen: list[int] = []
    for number, cell in enumerate(motion.cells):
        index = distinct_frame(motion, cell)
        if seen and seen[-1] == index:
            continue
        seen.append(index)
        svg = still_svg(scene.box, scene.props, scene.body_shapes[index], [], f"cell {number + 1}")
        kind = "key" if cell[0] == "key" else "tween"
        out.append(
            f"<figure class={kind}>{svg}<figcaption>cell {number + 1}"
            f"{' (key: ' + e(figure.poses[cell[1]].name) + ')' if kind == 'key' else ''}"
            "</figcaption></figure>"
        )
    out.append(
        "</div><h2>The animation</h2><div class=row><figure class=anim>"
        f"{rendered.animation}<figcaption>{e(rendered.alt)}</figcaption></figure></div>"
    )
    out.append("</html>\n")
    return "".join(out)


def overview_sheet(drawn: list[tuple[str, str, Figure]]) -> str:
    """Every drawn method's key poses, one row per method (id, title, figure), on one page: the
    editor's check that the figures read as one family before a release."""
    e = html.escape
    out = [
        "<!doctype html><html lang=en><meta charset=utf-8><title>Every exercise's key poses</title>"
        f"<style>{SHEET_CSS}{FIGURE_CSS}.key svg{{width:260px}}</style>",
        f"<h1>Every exercise's key poses</h1><p>{len(drawn)} exercises drawn from their pose data.</p>",
    ]
    for method_id, title, figure in drawn:
        rendered = render_figure(method_id, figure)
        out.append(f"<h2>{e(title)} <small>({e(method_id)})</small></h2><div class=row>")
        out.extend(
            f"<figure class=key>{pose.svg}<figcaption><b>{e(pose.name)}</b> "
            f"(steps {e(', '.join(map(str, pose.steps)))})</figcaption></figure>"
            for pose in rendered.poses
        )
        out.append("</div>")
    out.append("</html>\n")
    return "".join(out)


def held_contacts(contacts: tuple[Contact, ...]) -> str:
    return ", ".join(f"{c.part} on {c.surface}" for c in contacts)


def sheet_png(html_file: Path, png_file: Path, width: int = 1400) -> Path:
    """A full-page screenshot of the sheet through the system Chromium."""
    from playwright.sync_api import sync_playwright

    from generator.pdf import CHROMIUM_ARGS, find_chromium

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.emulate_media(reduced_motion="reduce")
            page.goto(html_file.resolve().as_uri(), wait_until="load")
            page.screenshot(path=str(png_file), full_page=True)
        finally:
            browser.close()
    return png_file
