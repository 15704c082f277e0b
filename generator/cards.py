"""Printable routine cards: one page per routine, from the same records as the web pages.

A card's HTML comes from an autoescaping Jinja template (``_card.html.j2``) and sits in the card
page's Markdown as a raw HTML block; the page uses the theme's ``card.html`` template and print CSS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import jinja2
import segno
from markupsafe import Markup

from generator.graph import Guide
from generator.model import RedFlagLevel, Routine, RoutineStep

CARDS_DIR = "cards"
ALL_CARDS_PAGE = f"{CARDS_DIR}/all.md"
CARDS_INDEX = f"{CARDS_DIR}/index.md"
ALL_CARDS_PDF = "cards.pdf"
SESSION_DAYS = 14  # the tick grid: two weeks of sessions


def card_page_path(routine: Routine) -> str:
    return f"{CARDS_DIR}/{routine.id}.md"


def card_pdf_name(routine: Routine) -> str:
    return f"{routine.id}.pdf"


def routine_url(site_url: str, routine: Routine) -> str:
    return f"{site_url.rstrip('/')}/routines/{routine.id}.html"


def qr_svg(url: str, label: str) -> Markup:
    """A QR code of ``url`` as inline SVG, black on white, labelled for screen readers."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", light="#fff",
                          svgclass="card-qr-code", title=label)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@dataclass(frozen=True)
class CardStep:
    number: int
    name: str
    instruction: str
    dose: str
    cue: str


def one_line(level: RedFlagLevel) -> str:
    """A red-flag level in one line for a card: its own short line, else its first symptoms."""
    return level.card_line or "; ".join(level.symptoms[:3])


class CardRenderer:
    """Renders card HTML; values are HTML-escaped by Jinja's autoescape."""

    def __init__(self, guide: Guide, site_url: str | None) -> None:
        self.guide = guide
        self.site_url = site_url or None
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True,
        )

    def card_html(self, routine: Routine, dose_text: Callable[[RoutineStep], str]) -> Markup:
        url = routine_url(self.site_url, routine) if self.site_url else None
        steps = [
            CardStep(n, s.method.title, s.method.instruction, dose_text(s), s.method.key_cue)
            for n, s in enumerate(routine.steps, start=1)
        ]
        equipment = sorted({item for step in routine.steps for item in step.method.equipment})
        settings, red_flags = self.guide.settings, self.guide.red_flags
        reviewed = routine.last_reviewed(settings)
        html = self.env.get_template("_card.html.j2").render(
            routine=routine, steps=steps, equipment=equipment, url=url,
            qr=qr_svg(url, f"QR code: {url}") if url else None,
            emergency=red_flags.emergency, urgent=red_flags.urgent, soon=red_flags.soon,
            action=settings.action, one_line=one_line, settings=settings,
            reviewed=f"{reviewed.day} {reviewed:%B %Y}", days=range(1, SESSION_DAYS + 1),
        )
        # One line, no blank line: Markdown keeps a raw HTML block whole.
        return Markup(" ".join(html.split()))
