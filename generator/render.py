"""Renders the linked guide into Markdown pages: a pure function, no MkDocs import.

Every value that comes from the content is escaped on output (``finalize``), so HTML or Markdown
typed into a YAML field shows as text. Template helpers that build links return ``Markup``.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.cards import CardRenderer
from generator.dates import long_date
from generator.diagram import families_of, relations_diagram
from generator.dose import dose_range_lines, minutes_text, step_dose_text
from generator.figure_pages import figure_assets, page_figures
from generator.figures import CACHE_DIR
from generator.glossary import explain_terms
from generator.graph import Guide
from generator.guide_data import GUIDE_DATA_PATH, guide_script
from generator.kinds import KINDS, Kind
from generator.markers import marker_before_link
from generator.model import Category, Method, Record, Reviewed, Routine
from generator.paths import (
    ALL_CARDS_PAGE,
    ALL_CARDS_PDF,
    BUILDER_PAGE,
    CARDS_INDEX,
    DISCLAIMER_PAGE,
    HELP_PAGE,
    HOME,
    PLAYER_PAGE,
    PROGRESS_PAGE,
    card_page_path,
    card_pdf_path,
    html_path,
    page_path,
    player_url,
    theme_pages,
)
from generator.phone import tel_linker
from generator.structured_data import json_ld_script, method_page

# Pages that are printed cards: no "Words used on this page" box.
PRINTED_TEMPLATES = frozenset({"card.md.j2", "cards-all.md.j2"})

# One pass over the text: HTML's three specials as entities, Markdown's specials backslashed.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: "\\" + c for c in "\\`*_{}[]()#+!|~"}}
)


def md_escape(value: Any) -> str:
    """Plain text, made safe for Markdown: no markup, no links, no HTML, one line."""
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return " ".join(str(value).split()).translate(_ESCAPES)


@dataclass(frozen=True)
class PageContext:
    """Helpers bound to the page being rendered, so relative links are right at any depth."""

    path: str

    def url(self, target: str) -> str:
        # Both made absolute within the site: relpath then never asks the process for its cwd.
        return posixpath.relpath("/" + target, "/" + posixpath.dirname(self.path))

    def player_href(self, routine: Routine) -> Markup:
        """The player's address for ``routine``, for an ``<a href>`` in raw HTML (MkDocs would
        check a Markdown link's ``#routine=...`` as an anchor of the page)."""
        return Markup(html.escape(self.url(player_url(routine))))

    def link(self, target: Record | Kind | str, text: Any = None, anchor: str = "") -> Markup:
        path = target if isinstance(target, str) else page_path(target)
        label = text if text is not None else getattr(target, "title", target)
        suffix = f"#{anchor}" if anchor else ""
        made = Markup(f"[{md_escape(label)}]({self.url(path)}{suffix})")
        return marker_before_link(target) + made  # "Stop" before a stop precaution


def _environment(with_tel_links: Callable[[str], str]) -> jinja2.Environment:
    def finalize(value: Any) -> str:
        escaped = md_escape(value)
        return with_tel_links(escaped) if type(value) is str else escaped

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # a fresh environment per render: no need to stat every include
    )
    env.filters["date"] = long_date
    env.filters["links"] = _links
    env.filters["html_path"] = html_path
    env.filters["html"] = html_text
    return env


def html_text(value: Any) -> Markup:
    """Plain text for a raw HTML block (where Markdown's backslash escapes would show)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(" ".join(str(value).split()), quote=True))


@jinja2.pass_context
def _links(context: jinja2.runtime.Context, records: list[Record]) -> Markup:
    """Comma-separated links to ``records`` from the page being rendered."""
    link = context["link"]
    return Markup(", ").join(link(record) for record in records)


def external_link(text: str, href: str) -> Markup:
    """A link to another site; ``href`` is a validated https URL, made safe for Markdown."""
    safe_href = href.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return Markup(f"[{md_escape(text)}](<{html.escape(safe_href)}>)")


def review_dates(guide: Guide, record: Reviewed | None) -> tuple[dt.date, dt.date]:
    """Last reviewed and next review due, falling back to the site's defaults."""
    settings = guide.settings
    if record is None:
        return settings.reviewed, settings.review_due()
    return record.last_reviewed(settings), record.review_due(settings)


def methods_by_category(guide: Guide) -> list[tuple[Category, list[Method]]]:
    groups = [
        (category, [m for m in guide.of(Method).values() if m.category == category]) for category in Category
    ]
    return [(category, methods) for category, methods in groups if methods]


def render_pages(
    guide: Guide,
    *,
    site_url: str | None = None,
    cards_pdf: bool = False,
    figure_cache: Path | None = CACHE_DIR,
) -> dict[str, str]:
    """Every page of the guide as ``{path: markdown}``, in a stable order.

    ``site_url`` puts QR codes on the routine cards (none without it: a relative URL would be
    wrong on paper); ``cards_pdf`` links the cards' PDFs from the cards index; the exercise
    figures' solved frames and drawings are cached in ``figure_cache`` (None: not cached).
    """
    # The emergency and urgent numbers become tel: links in every text of a web page.
    with_tel_links = tel_linker((guide.settings.emergency_number, guide.settings.urgent_number))
    env = _environment(with_tel_links)
    figures = page_figures(guide, figure_cache)
    cards = CardRenderer(guide, site_url, figures)
    pages: dict[str, str] = {}
    by_category = methods_by_category(guide)  # once, not once per page: it walks every method

    def render(path: str, template: str, record: Any = None, **extra: Any) -> None:
        context = PageContext(path)
        reviewed, due = review_dates(guide, record if isinstance(record, Reviewed) else None)
        markdown = env.get_template(template).render(
            guide=guide,
            settings=guide.settings,
            page=context,
            link=context.link,
            url=context.url,
            item=record,
            reviewed=reviewed,
            next_review=due,
            help_page=HELP_PAGE,
            home=HOME,
            builder_page=BUILDER_PAGE,
            kinds=KINDS,
            methods_by_category=by_category,
            markup=Markup,
            dose_text=step_dose_text,
            dose_range_lines=dose_range_lines,
            external_link=external_link,
            families_of=families_of,
            json_ld=lambda method: json_ld_script(method_page(method, guide.settings)),
            card_path=card_page_path,
            player_href=context.player_href,
            player_page=PLAYER_PAGE,
            progress_page=PROGRESS_PAGE,
            figures=figures,
            minutes_text=minutes_text,
            page_path=page_path,
            **extra,
        )
        # Printed cards have no room for the box; every other page explains its words.
        printed = template in PRINTED_TEMPLATES
        pages[path] = markdown if printed else explain_terms(guide.glossary, markdown, with_tel_links)

    render(HOME, "home.md.j2", diagram=relations_diagram(guide))
    render(HELP_PAGE, "when-to-get-help.md.j2")
    render(DISCLAIMER_PAGE, "disclaimer.md.j2")
    templates = set(env.list_templates())
    for kind in KINDS:
        index = kind.index_template if kind.index_template in templates else "kind-index.md.j2"
        render(page_path(kind), index, kind=kind)
        for record in guide.kind(kind.name).values():
            render(page_path(record), kind.template, record)

    card_html = {rid: cards.card_html(r) for rid, r in guide.routines.items()}
    for routine_id, routine in guide.routines.items():
        render(card_page_path(routine), "card.md.j2", routine, card=card_html[routine_id])
    render(ALL_CARDS_PAGE, "cards-all.md.j2", cards=list(card_html.values()), cards_index=CARDS_INDEX)
    render(BUILDER_PAGE, "builder.md.j2", card=cards.blank_card_html())
    render(PLAYER_PAGE, "player.md.j2")
    render(PROGRESS_PAGE, "progress.md.j2")
    render(
        CARDS_INDEX,
        "cards-index.md.j2",
        cards_pdf=cards_pdf,
        card_pdf=card_pdf_path,
        all_cards=ALL_CARDS_PAGE,
        all_cards_pdf=ALL_CARDS_PDF,
    )
    return pages


# The sidebar lists a kind's pages while the kind has at most this many; a larger kind shows its
# index page, which lists them all. Material renders the whole navigation into every page, so a
# nav listing every page makes each page grow with the guide, and the build quadratic.
NAV_LIST_LIMIT = 30


def navigation(guide: Guide, *, list_limit: int | None = NAV_LIST_LIMIT) -> list[Any]:
    """MkDocs ``nav``: one section per kind, built from the data; methods grouped by family.

    A kind with more than ``list_limit`` records (``None``: no limit) shows only its index, so the
    navigation, and with it every page's HTML, stays the same size however large the guide grows.
    """

    def listed(kind: Kind) -> bool:
        return list_limit is None or len(guide.kind(kind.name)) <= list_limit

    nav: list[Any] = [{"Home": HOME}]
    for kind in KINDS:
        entries: list[Any] = [page_path(kind)]
        if not listed(kind):
            pass
        elif kind.model is Method:
            for category, methods in methods_by_category(guide):
                entries.append({category.label: [page_path(m) for m in methods]})
        else:
            entries += [page_path(r) for r in guide.kind(kind.name).values()]
        if kind.name == "routines":
            # The cards' own index sits beside the routines, not as a sub-section's index page:
            # Material names such nested navigations by an icon-only label, so two of them on
            # one page would be landmarks with the same (empty) name.
            cards = [card_page_path(r) for r in guide.routines.values()] if listed(kind) else []
            entries += [
                BUILDER_PAGE,
                PLAYER_PAGE,
                PROGRESS_PAGE,
                CARDS_INDEX,
                {"Cards to print": [ALL_CARDS_PAGE, *cards]},
            ]
        nav.append({kind.title: entries})
        if kind.name == "routines":
            nav.append(HELP_PAGE)
    nav.append(DISCLAIMER_PAGE)
    return nav


def nav_pages(nav: Any) -> set[str]:
    """Every page path a ``nav`` (as ``navigation`` returns it) lists."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav
    return set().union(*(nav_pages(item) for item in items))


def render_assets(
    guide: Guide, site_url: str | None = None, figure_cache: Path | None = CACHE_DIR
) -> dict[str, str]:
    """The generated files besides the pages, as ``{path: text}``: the data the scripts read, the
    figures' stylesheet and each exercise's moving figure as a file. ``site_url`` lets a reader's
    own printed card carry a QR code to its address."""
    figures = page_figures(guide, figure_cache)
    return {GUIDE_DATA_PATH: guide_script(guide, site_url, figures), **figure_assets(guide, figure_cache)}


def engine_settings(guide: Guide) -> dict[str, Any]:
    """What an engine needs besides the pages and assets, as mkdocs.yml keys: the navigation and
    the footer's links (the plugin sets both itself; ``backguide render`` writes them out)."""
    return {"nav": navigation(guide), "extra": {"guide_pages": theme_pages()}}
