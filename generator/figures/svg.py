"""SVG documents: a still per key pose and one animated figure per method, with one stylesheet.

No text from content enters the markup unescaped; no element refers outside the document; the
same data always writes the same bytes. The animation is a strip of cells moved by one CSS
keyframes rule in steps (no script); under ``prefers-reduced-motion: reduce`` the strip stops and
the key poses stand side by side. Colours come from the page (``currentColor`` and Material's
background colour, or ``--fig-ink``, ``--fig-bg`` and ``--fig-accent``), so a dark scheme recolours
the figures and print turns them to clean greys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from generator.figures.draw import Shape
from generator.figures.frames import CELL_SECONDS, CELLS

MAX_ANIMATED_POSES = 4
PADDING = 8.0

_MIX = "color-mix(in srgb,var(--bgf-ink) {}%,var(--bgf-bg))"


def _mix(percent: int) -> str:
    return _MIX.format(percent)


def _reduced_motion_layout() -> str:
    rules = []
    for count in range(2, MAX_ANIMATED_POSES + 1):
        scale = 1 / count
        top = (1 - scale) / 2 * 100
        for index in range(count):
            rules.append(
                f".bgf-k{index + 1}of{count}{{transform:translate({index * scale * 100:.2f}%,"
                f"{top:.2f}%) scale({scale:.4f})}}"
            )
    return "".join(rules)


FIGURE_CSS = (
    ".bgf{--bgf-ink:var(--fig-ink,currentColor);"
    "--bgf-bg:var(--fig-bg,var(--md-default-bg-color,#fff));overflow:hidden;max-width:100%;height:auto}"
    ".bgf path{stroke-linejoin:round;stroke-linecap:round}"
    f".bgf-b,.bgf-n{{fill:#dde2e8;fill:{_mix(14)};stroke:var(--bgf-ink);stroke-width:2.8;paint-order:stroke}}"
    f".bgf-d{{fill:#eff1f3;fill:{_mix(5)};stroke:#767676;stroke:{_mix(55)};stroke-width:2.8;paint-order:stroke}}"
    f".bgf-g{{fill:#f3f3f3;fill:{_mix(6)}}}"
    f".bgf-m{{fill:#c8c8c8;fill:{_mix(24)};stroke:#767676;stroke:{_mix(55)};stroke-width:1}}"
    f".bgf-p,.bgf-w,.bgf-t{{fill:#bdbdbd;fill:{_mix(30)};stroke:var(--bgf-ink);stroke-width:1.2}}"
    f".bgf-r{{fill:#d9d9d9;fill:{_mix(16)};stroke:var(--bgf-ink);stroke-width:1}}"
    ".bgf-a{fill:none;stroke:var(--fig-accent,var(--md-typeset-a-color,#00695c));stroke-width:3}"
    ".bgf-ah{fill:var(--fig-accent,var(--md-typeset-a-color,#00695c))}"
    f".bgf-strip{{animation:bgf-run {CELLS * CELL_SECONDS:g}s steps({CELLS}) infinite;"
    "transform-box:fill-box}"
    "@keyframes bgf-run{to{transform:translateX(-100%)}}"
    ".bgf-rm{display:none}"
    ".bgf-paused .bgf-strip,.bgf-strip.bgf-paused{animation-play-state:paused}"
    "@media (prefers-reduced-motion:reduce){"
    ".bgf-strip{animation:none}"
    ".bgf-strip>use,.bgf-cell:not(.bgf-k),.bgf-props{display:none}"
    ".bgf-rm{display:inline}"
    ".bgf-k{transform-box:view-box;transform-origin:0 0}"
    f"{_reduced_motion_layout()}}}"
)


def _n(value: float) -> str:
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Box:
    """The view box; every coordinate is shifted by (-left, -top) so it starts at 0 0."""

    left: float
    top: float
    width: float
    height: float

    def xy(self, point: tuple[float, float]) -> str:
        return f"{_n(point[0] - self.left)} {_n(point[1] - self.top)}"


def view_box(shapes: Iterable[Shape]) -> Box:
    xs0, ys0, xs1, ys1 = [], [], [], []
    for shape in shapes:
        for (x, y), r in shape.points():
            xs0.append(x - r)
            ys0.append(y - r)
            xs1.append(x + r)
            ys1.append(y + r)
    left, top = min(xs0) - PADDING, min(ys0) - PADDING
    width, height = max(xs1) + PADDING - left, max(ys1) + PADDING - top
    return Box(round(left), round(top), round(width + 0.5), round(height + 0.5))


def _sub_path(sub: tuple, box: Box) -> str:
    import math

    kind = sub[0]
    if kind == "c":
        (x, y), r = sub[1], sub[2]
        rr = _n(r)
        return (
            f"M{box.xy((x + r, y))}A{rr} {rr} 0 1 0 {box.xy((x - r, y))}"
            f"A{rr} {rr} 0 1 0 {box.xy((x + r, y))}Z"
        )
    if kind == "k":
        p1, r1, p2, r2 = sub[1], sub[2], sub[3], sub[4]
        dx, dy = p2[0] - p1[0], p2[1] - p1[1]
        d = math.hypot(dx, dy)
        if d + min(r1, r2) <= max(r1, r2) + 1e-6:
            return _sub_path(("c", p1, r1) if r1 >= r2 else ("c", p2, r2), box)
        phi = math.atan2(dy, dx)
        alpha = math.acos(max(-1.0, min(1.0, (r1 - r2) / d)))

        def at(c: tuple[float, float], r: float, angle: float) -> tuple[float, float]:
            return (c[0] + r * math.cos(angle), c[1] + r * math.sin(angle))

        a1, a2 = at(p1, r1, phi + alpha), at(p2, r2, phi + alpha)
        b2, b1 = at(p2, r2, phi - alpha), at(p1, r1, phi - alpha)
        large2 = 1 if alpha > math.pi / 2 else 0
        large1 = 1 - large2
        return (
            f"M{box.xy(a1)}L{box.xy(a2)}A{_n(r2)} {_n(r2)} 0 {large2} 0 {box.xy(b2)}"
            f"L{box.xy(b1)}A{_n(r1)} {_n(r1)} 0 {large1} 0 {box.xy(a1)}Z"
        )
    points = sub[1]
    path = "M" + "L".join(box.xy(p) for p in points)
    return path + ("Z" if kind == "p" else "")


def shape_svg(shape: Shape, box: Box) -> str:
    d = "".join(_sub_path(sub, box) for sub in shape.subs)
    return f'<path class="bgf-{shape.cls}" d="{d}"/>'


def shapes_svg(shapes: Iterable[Shape], box: Box) -> str:
    return "".join(shape_svg(shape, box) for shape in shapes)


def _open(box: Box, alt: str, extra_class: str, standalone: bool) -> str:
    label = quoteattr(alt)
    style = f"<style>{escape(FIGURE_CSS)}</style>" if standalone else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bgf{extra_class}" '
        f'viewBox="0 0 {box.width:g} {box.height:g}" width="{box.width:g}" height="{box.height:g}" '
        f'role="img" aria-label={label} overflow="hidden"><title>{escape(alt)}</title>{style}'
    )


def still_svg(
    box: Box, props: list[Shape], body: list[Shape], arrow: list[Shape], alt: str, standalone: bool = False
) -> str:
    return (
        _open(box, alt, "", standalone) + f"<g>{shapes_svg(props, box)}</g>"
        f"<g>{shapes_svg(body, box)}</g>{shapes_svg(arrow, box)}</svg>"
    )


@dataclass(frozen=True)
class Cell:
    frame: int  # which distinct frame this cell shows
    key: int | None  # its place among the animated key poses, for reduced motion


def animated_svg(
    ident: str,
    box: Box,
    props: list[Shape],
    frames: list[list[Shape]],
    arrows: dict[int, list[Shape]],
    cells: list[Cell],
    key_count: int,
    alt: str,
    standalone: bool = False,
) -> str:
    """``frames[i]`` is the body of distinct frame i; ``cells`` the strip, in time order;
    ``arrows`` the arrow of a key frame, shown only when the key poses stand still."""
    width = box.width
    # The cells sit in a viewport of their own, the size of one cell: however a page sizes the
    # drawing (a box wider or taller than the figure), only the cell in view shows.
    out = [
        _open(box, alt, " bgf-anim", standalone),
        f'<svg width="{box.width:g}" height="{box.height:g}" overflow="hidden">',
    ]
    # The props stand still behind the strip; the key cells reuse them when they stand side by side.
    out.append(f'<g class="bgf-props"><g id="{ident}-props">{shapes_svg(props, box)}</g></g>')
    out.append(f'<g class="bgf-strip"><rect width="{len(cells) * width:g}" height="1" fill="none"/>')
    first_cell: dict[int, int] = {}
    for index, cell in enumerate(cells):
        if cell.frame in first_cell:
            shift = (index - first_cell[cell.frame]) * width
            out.append(f'<use href="#{ident}-f{cell.frame}" x="{shift:g}"/>')
            continue
        first_cell[cell.frame] = index
        classes = "bgf-cell"
        inner = ""
        if cell.key is not None:
            classes += f" bgf-k bgf-k{cell.key + 1}of{key_count}"
            inner = f'<use class="bgf-rm" href="#{ident}-props"/>'
        inner += shapes_svg(frames[cell.frame], box)
        if cell.key is not None and arrows.get(cell.frame):
            inner += f'<g class="bgf-rm">{shapes_svg(arrows[cell.frame], box)}</g>'
        out.append(
            f'<g id="{ident}-f{cell.frame}" class="{classes}" '
            f'transform="translate({index * width:g} 0)">{inner}</g>'
        )
    out.append("</g></svg></svg>")
    return "".join(out)
