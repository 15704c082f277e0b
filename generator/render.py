"""Renders the linked guide into Markdown pages: a pure function, no MkDocs import.

Every value that comes from the content is escaped on output (``finalize``), so HTML or Markdown
typed into a YAML field shows as text. Template helpers that build links return ``Markup``.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup

from generator.diagram import families_of, relations_diagram
from generator.structured_data import json_ld_script, method_page
from generator.graph import Guide
from generator.model import KINDS, Category, Method, Record, Reviewed, RoutineStep

HOME = "index.md"
HELP_PAGE = "when-to-get-help.md"
DISCLAIMER_PAGE = "disclaimer.md"

# The kinds in the order readers meet them: what to do first, then why.
KIND_TITLES = {
    "methods": "Methods",
    "routines": "Routines",
    "precautions": "Precautions",
    "causes": "Causes",
    "effects": "Effects",
    "benefits": "Benefits",
    "conditions": "Conditions",
    "sources": "Sources",
}

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


def page_path(record: Record | str) -> str:
    """The Markdown path of a record's page, or of a kind's index (``methods`` → methods/index.md)."""
    if isinstance(record, str):
        return f"{record}/index.md"
    return f"{kind_of(record)}/{record.id}.md"


_KIND_OF_TYPE = {model: kind for kind, model in KINDS.items()}


def kind_of(record: Record) -> str:
    kind = _KIND_OF_TYPE.get(type(record))
    if kind is not None:
        return kind
    for kind, model in KINDS.items():
        if isinstance(record, model):
            return kind
    raise TypeError(f"not a guide record: {record!r}")


@dataclass(frozen=True)
class PageContext:
    """Helpers bound to the page being rendered, so relative links are right at any depth."""

    path: str
    # Links already made from this page's folder, shared by the pages of one render: a large guide
    # links the same records from thousands of pages. Keyed with the text's type, since a Markup
    # text is not escaped and a str of the same value is.
    made: dict[tuple[Any, ...], Markup] = field(default_factory=dict, repr=False, compare=False)

    def url(self, target: str) -> str:
        return _relative_url(target, posixpath.dirname(self.path) or ".")

    def link(self, target: Record | str, text: Any = None, anchor: str = "") -> Markup:
        key = (target, type(text), text, anchor)
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = self._link(target, text, anchor)
        return made

    def _link(self, target: Record | str, text: Any, anchor: str) -> Markup:
        path = target if isinstance(target, str) and target.endswith(".md") else page_path(target)
        label = text if text is not None else getattr(target, "title", target)
        suffix = f"#{anchor}" if anchor else ""
        return Markup(f"[{md_escape(label)}]({self.url(path)}{suffix})")


@functools.lru_cache(maxsize=65536)
def _relative_url(target: str, start: str) -> str:
    # posixpath.relpath calls abspath (and so os.getcwd) twice; pages link to the same few
    # thousand targets from a handful of folders, so each pair is worked out once.
    return posixpath.relpath(target, start)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        finalize=md_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        auto_reload=False,  # a fresh environment per render: no need to stat every include
    )
    env.filters["date"] = _long_date
    env.filters["links"] = _links
    return env


@jinja2.pass_context
def _links(context: jinja2.runtime.Context, records: list[Record]) -> Markup:
    """Comma-separated links to ``records`` from the page being rendered."""
    link = context["link"]
    return Markup(", ").join(link(record) for record in records)


def _long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def dose_text(step: RoutineStep) -> str:
    """A routine step's dose in words, e.g. 'hold 20 seconds, 2 times, each side'."""
    parts = []
    if step.hold_seconds:
        parts.append(f"hold {step.hold_seconds} seconds")
    if step.reps:
        parts.append(f"{step.reps} times")
    if step.sets and step.sets > 1:
        parts.append(f"{step.sets} sets")
    if step.duration_minutes:
        parts.append(f"{step.duration_minutes} minutes")
    if step.each_side:
        parts.append("each side")
    return ", ".join(parts)


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
        (category, [m for m in guide.methods.values() if m.category == category])
        for category in Category
    ]
    return [(category, methods) for category, methods in groups if methods]


def render_pages(guide: Guide) -> dict[str, str]:
    """Every page of the guide as ``{path: markdown}``, in a stable order."""
    env = _environment()
    pages: dict[str, str] = {}
    by_category = methods_by_category(guide)  # once, not once per page: it walks every method
    links_by_folder: dict[str, dict[tuple[Any, ...], Markup]] = {}

    def render(path: str, template: str, record: Any = None, **extra: Any) -> None:
        context = PageContext(path, links_by_folder.setdefault(posixpath.dirname(path), {}))
        reviewed, due = review_dates(guide, record if isinstance(record, Reviewed) else None)
        pages[path] = env.get_template(template).render(
            guide=guide, settings=guide.settings, page=context, link=context.link,
            url=context.url, item=record, reviewed=reviewed, next_review=due,
            help_page=HELP_PAGE, home=HOME, kind_titles=KIND_TITLES,
            methods_by_category=by_category, markup=Markup, dose_text=dose_text,
            external_link=external_link, families_of=families_of,
            json_ld=lambda method: json_ld_script(method_page(method, guide.settings)), **extra,
        )

    render(HOME, "home.md.j2", diagram=relations_diagram(guide))
    render(HELP_PAGE, "when-to-get-help.md.j2")
    render(DISCLAIMER_PAGE, "disclaimer.md.j2")
    for kind, title in KIND_TITLES.items():
        index = env.select_template([f"{kind}-index.md.j2", "kind-index.md.j2"]).name
        render(page_path(kind), index, kind=kind, kind_title=title)
        for record in guide.kind(kind).values():
            render(page_path(record), f"{kind[:-1]}.md.j2", record)
    return pages


def navigation(guide: Guide) -> list[Any]:
    """MkDocs ``nav``: one section per kind, built from the data; methods grouped by family."""
    nav: list[Any] = [{"Home": HOME}]
    for kind, title in KIND_TITLES.items():
        if kind == "methods":
            entries: list[Any] = [page_path(kind)]
            for category, methods in methods_by_category(guide):
                entries.append({category.label: [page_path(m) for m in methods]})
        else:
            entries = [page_path(kind)] + [page_path(r) for r in guide.kind(kind).values()]
        nav.append({title: entries})
        if kind == "routines":
            nav.append(HELP_PAGE)
    nav.append(DISCLAIMER_PAGE)
    return nav

