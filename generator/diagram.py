"""The home page's diagram: causes → effects → benefits → method families, as inline SVG.

Drawn at build time from the linked guide, so it needs no script and no other host (Mermaid would
load its library from a CDN). Colours come from CSS classes, so it follows light and dark schemes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from generator.graph import Guide
from generator.model import Benefit, Category

BOX_WIDTH, BOX_HEIGHT = 190, 40
COLUMN_GAP, ROW_GAP = 70, 16
TOP = 40  # room for the column headings


@dataclass(frozen=True)
class Box:
    key: str
    label: str
    column: int
    row: int

    @property
    def x(self) -> int:
        return self.column * (BOX_WIDTH + COLUMN_GAP)

    @property
    def y(self) -> int:
        return TOP + self.row * (BOX_HEIGHT + ROW_GAP)


def families_of(benefit: Benefit) -> list[str]:
    """The method families that aim at a benefit, in the guide's category order."""
    categories = {method.category for method in benefit.methods}
    return [category.label for category in Category if category in categories]


def relations_diagram(guide: Guide) -> Markup:
    """The diagram as one line of SVG markup (no blank line, so Markdown keeps it whole)."""
    families = [c for c in Category if any(m.category == c for m in guide.methods.values())]
    columns = [
        [(f"cause:{c.id}", c.title) for c in guide.causes.values()],
        [(f"effect:{e.id}", e.title) for e in guide.effects.values()],
        [(f"benefit:{b.id}", b.title) for b in guide.benefits.values()],
        [(f"family:{f.value}", f.label) for f in families],
    ]
    boxes = {
        key: Box(key, label, column, row)
        for column, entries in enumerate(columns)
        for row, (key, label) in enumerate(entries)
    }
    edges = sorted(
        {(f"cause:{c.id}", f"effect:{e.id}") for e in guide.effects.values() for c in e.causes}
        | {(f"effect:{e.id}", f"benefit:{b.id}") for b in guide.benefits.values()
           for e in b.relieves}
        | {(f"benefit:{b.id}", f"family:{m.category.value}") for b in guide.benefits.values()
           for m in b.methods}
    )
    rows = max((len(entries) for entries in columns), default=1)
    width = 4 * BOX_WIDTH + 3 * COLUMN_GAP
    height = TOP + rows * (BOX_HEIGHT + ROW_GAP)
    headings = ["Causes", "Effects", "Benefits", "Method families"]

    parts = [
        f'<svg class="relations" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="relations-title relations-desc" xmlns="http://www.w3.org/2000/svg">',
        '<title id="relations-title">How causes, effects, benefits and methods connect</title>',
        '<desc id="relations-desc">Causes of back tension lead to effects; benefits relieve '
        "effects; families of methods aim at benefits. The same links are listed in words "
        "below the diagram.</desc>",
    ]
    for column, heading in enumerate(headings):
        x = column * (BOX_WIDTH + COLUMN_GAP) + BOX_WIDTH // 2
        parts.append(f'<text class="heading" x="{x}" y="20" text-anchor="middle">{heading}</text>')
    for source, target in edges:
        if source in boxes and target in boxes:
            parts.append(_edge(boxes[source], boxes[target]))
    for box in boxes.values():
        parts.append(
            f'<rect class="box box-{box.column}" x="{box.x}" y="{box.y}" rx="6" '
            f'width="{BOX_WIDTH}" height="{BOX_HEIGHT}"/>'
            f'<text x="{box.x + BOX_WIDTH // 2}" y="{box.y + BOX_HEIGHT // 2 + 5}" '
            f'text-anchor="middle">{escape(box.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _edge(source: Box, target: Box) -> str:
    x1, y1 = source.x + BOX_WIDTH, source.y + BOX_HEIGHT // 2
    x2, y2 = target.x, target.y + BOX_HEIGHT // 2
    middle = (x1 + x2) // 2
    return f'<path class="edge" d="M{x1},{y1} C{middle},{y1} {middle},{y2} {x2},{y2}"/>'
