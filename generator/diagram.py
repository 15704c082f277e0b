"""The home page's diagram: causes → effects → benefits → method families, as inline SVG.

Drawn at build time from the linked guide, so it needs no script and no other host (Mermaid would
load its library from a CDN). Colours come from CSS classes, so it follows light and dark schemes.
It is drawn twice: four columns joined link by link for a wide screen, and for a phone (where the
wide drawing's text would be about 5 px high) the four groups one under the other, two boxes a row,
joined by an arrow from each group to the next; the list under the diagram gives every link in words
on both. The stylesheet shows the drawing that fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator.graph import Guide
from generator.model import Benefit, Category, Method

BOX_WIDTH, BOX_HEIGHT = 170, 40
COLUMN_GAP, ROW_GAP = 40, 16
TOP = 40  # room for the column headings
HEADINGS = ("Causes", "Effects", "Benefits", "Method families")

# The narrow drawing: 360 units wide, so a phone shows it at about its own size.
NARROW_WIDTH, NARROW_BOX_WIDTH, NARROW_GAP = 360, 170, 20
TIER_HEADING, TIER_GAP = 30, 44  # room for a group's heading; room for the arrow to the next


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    x: int
    y: int
    width: int


def families_of(benefit: Benefit) -> list[str]:
    """The method families that aim at a benefit, in the guide's category order."""
    categories = {method.category for method in benefit.methods}
    return [category.label for category in Category if category in categories]


def _groups(guide: Guide) -> list[list[tuple[str, str]]]:
    """The four groups of boxes, as (key, label), in reading order."""
    methods = guide.of(Method).values()
    families = [c for c in Category if any(m.category == c for m in methods)]
    return [
        [(f"cause:{c.id}", c.title) for c in guide.causes.values()],
        [(f"effect:{e.id}", e.title) for e in guide.effects.values()],
        [(f"benefit:{b.id}", b.title) for b in guide.benefits.values()],
        [(f"family:{f.value}", f.label) for f in families],
    ]


def _edges(guide: Guide) -> list[tuple[str, str]]:
    return sorted(
        {(f"cause:{c.id}", f"effect:{e.id}") for e in guide.effects.values() for c in e.causes}
        | {(f"effect:{e.id}", f"benefit:{b.id}") for b in guide.benefits.values() for e in b.relieves}
        | {
            (f"benefit:{b.id}", f"family:{m.category.value}")
            for b in guide.benefits.values()
            for m in b.methods
        }
    )


def relations_diagram(guide: Guide) -> Markup:
    """Both drawings as one line of SVG markup (no blank line, so Markdown keeps it whole)."""
    groups, edges = _groups(guide), _edges(guide)
    return Markup(_wide(groups, edges) + _narrow(groups))


def _wide(groups: list[list[tuple[str, str]]], edges: list[tuple[str, str]]) -> str:
    boxes = {
        key: Box(key, label, column * (BOX_WIDTH + COLUMN_GAP), TOP + row * (BOX_HEIGHT + ROW_GAP), BOX_WIDTH)
        for column, entries in enumerate(groups)
        for row, (key, label) in enumerate(entries)
    }
    rows = max((len(entries) for entries in groups), default=1)
    width = 4 * BOX_WIDTH + 3 * COLUMN_GAP
    headings = [
        (column * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH // 2, 20, heading)
        for column, heading in enumerate(HEADINGS)
    ]
    paths = [_side_edge(boxes[s], boxes[t]) for s, t in edges if s in boxes and t in boxes]
    return _svg("wide", width, TOP + rows * (BOX_HEIGHT + ROW_GAP), headings, paths, boxes)


def _narrow(groups: list[list[tuple[str, str]]]) -> str:
    boxes: dict[str, Box] = {}
    headings, arrows = [], []
    y = 0
    for heading, entries in zip(HEADINGS, groups, strict=True):
        if y:
            arrows.append(_down_arrow(NARROW_WIDTH // 2, y - TIER_GAP + 6, y - 4))
        headings.append((NARROW_WIDTH // 2, y + 20, heading))
        y += TIER_HEADING
        for index, (key, label) in enumerate(entries):
            row, column = divmod(index, 2)
            x = column * (NARROW_BOX_WIDTH + NARROW_GAP)
            boxes[key] = Box(key, label, x, y + row * (BOX_HEIGHT + ROW_GAP), NARROW_BOX_WIDTH)
        rows = (len(entries) + 1) // 2
        y += rows * (BOX_HEIGHT + ROW_GAP) - ROW_GAP + TIER_GAP
    return _svg("narrow", NARROW_WIDTH, y - TIER_GAP + 2, headings, arrows, boxes)


def _svg(
    layout: str,
    width: int,
    height: int,
    headings: list[tuple[int, int, str]],
    paths: list[str],
    boxes: dict[str, Box],
) -> str:
    parts = [
        f'<svg class="relations relations-{layout}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="relations-{layout}-title relations-{layout}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="relations-{layout}-title">How causes, effects, benefits and methods connect</title>',
        f'<desc id="relations-{layout}-desc">Causes of back tension lead to effects; benefits '
        "relieve effects; families of methods aim at benefits. The same links are listed in words "
        "below the diagram.</desc>",
    ]
    parts += [
        f'<text class="heading" x="{x}" y="{y}" text-anchor="middle">{text}</text>' for x, y, text in headings
    ]
    parts += paths
    parts += [
        f'<rect class="box" x="{box.x}" y="{box.y}" rx="6" width="{box.width}" '
        f'height="{BOX_HEIGHT}"/><text x="{box.x + box.width // 2}" '
        f'y="{box.y + BOX_HEIGHT // 2 + 5}" text-anchor="middle">{escape(box.label)}</text>'
        for box in boxes.values()
    ]
    parts.append("</svg>")
    return "".join(parts)


def _side_edge(source: Box, target: Box) -> str:
    """From the right of a box to the left of one in the next column."""
    x1, y1 = source.x + source.width, source.y + BOX_HEIGHT // 2
    x2, y2 = target.x, target.y + BOX_HEIGHT // 2
    middle = (x1 + x2) // 2
    return f'<path class="edge" d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"/>'


def _down_arrow(x: int, top: int, bottom: int) -> str:
    """An arrow from one group down to the next."""
    return (
        f'<path class="edge arrow" d="M{x},{top} L{x},{bottom} M{x - 6},{bottom - 8} '
        f'L{x},{bottom} L{x + 6},{bottom - 8}"/>'
    )
