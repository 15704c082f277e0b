"""Printable routine cards: one page per routine, from the same records as the web pages.

A card's HTML comes from one autoescaping Jinja template (``_card.html.j2``) and sits in the card
page's Markdown as a raw HTML block; the page uses the theme's ``card.html`` template and print CSS.
The same template renders the blank card of "Make my routine": its script fills in only what the
reader chose (the steps, the time, the equipment), so the card is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import segno
from markupsafe import Markup

from generator.dates import long_date
from generator.dose import step_dose_text
from generator.figure_pages import Figures
from generator.graph import Guide
from generator.model import RedFlagLevel, Routine
from generator.paths import absolute_url, page_path

SESSION_DAYS = 14  # the tick grid: two weeks of sessions


def qr_svg(url: str, label: str) -> Markup:
    """A QR code of ``url`` as inline SVG, black on white, labelled for screen readers."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(
        scale=1, border=2, omitsize=True, dark="#000", light="#fff", svgclass="card-qr-code", title=label
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))


@dataclass(frozen=True)
class CardStep:
    name: str
    instruction: str
    dose: str
    cue: str
    # The step that already gave this exercise's instruction and cue: paper is not spent twice.
    same_as: int | None = None
    figures: Markup = Markup("")  # the exercise's key poses, small (the renderer's own SVG)


def one_line(level: RedFlagLevel) -> str:
    """A red-flag level in one line for a card: its own short line, else its first symptoms."""
    return level.card_line or "; ".join(level.symptoms[:3])


class CardRenderer:
    """Renders card HTML; values are HTML-escaped by Jinja's autoescape."""

    def __init__(self, guide: Guide, site_url: str | None, figures: Figures | None = None) -> None:
        self.guide = guide
        self.site_url = site_url or None
        self.figures = figures or Figures()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("generator", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def card_html(self, routine: Routine) -> Markup:
        url = absolute_url(self.site_url, page_path(routine)) if self.site_url else None
        first: dict[str, int] = {}
        steps = []
        for number, step in enumerate(routine.steps, start=1):
            method = step.method
            steps.append(
                CardStep(
                    method.title,
                    method.instruction,
                    step_dose_text(step),
                    method.key_cue,
                    first.get(method.id),
                    self.figures.card(method),
                )
            )
            first.setdefault(method.id, number)
        return self._render(
            routine=routine,
            steps=steps,
            url=url,
            qr=qr_svg(url, f"QR code: {url}") if url else None,
            reviewed=long_date(routine.last_reviewed(self.guide.settings)),
        )

    def blank_card_html(self) -> Markup:
        """The card of "Make my routine" before the reader chooses: its script fills the slots."""
        return self._render(routine=None, steps=[], url=None, qr=None, reviewed=None)

    def _render(self, **values: object) -> Markup:
        red_flags = self.guide.red_flags
        html = self.env.get_template("_card.html.j2").render(
            emergency=red_flags.emergency,
            urgent=red_flags.urgent,
            soon=red_flags.soon,
            one_line=one_line,
            settings=self.guide.settings,
            days=range(1, SESSION_DAYS + 1),
            **values,
        )
        # One line, no blank line: Markdown keeps a raw HTML block whole.
        return Markup(" ".join(html.split()))
