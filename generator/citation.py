"""The guide's one citation style (Vancouver, as the NLM's Citing Medicine writes it) for a Source.

``vancouver`` gives plain text; ``vancouver_markdown`` the same words as Markdown, with the title
replaceable (by a link to the source's page) and the DOI and URL as links. Every page renders a
reference through these two functions, so the style is defined here and nowhere else.

    Journal article: Moorman AC, Newell D. Impact of audible pops ... a systematic review.
                     Chiropr Man Therap. 2022;30(1):42. doi:10.1186/s12998-022-00454-0
    Web page:        NHS. Back pain [Internet]. [cited 2026 Nov 24]. Available from: https://...
    Book or report:  American College of Sports Medicine. ACSM's guidelines ... 11th ed.
                     Wolters Kluwer; 2021. ISBN 978-...

The publisher is left out where it is the author itself, so an NHS page never reads "NHS. ... NHS."
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.model import Source

# Vancouver lists the first six people, then "et al."
MAX_NAMED_AUTHORS = 6


@dataclass(frozen=True)
class Part:
    """One piece of a reference: plain words, the title, a DOI or a URL."""

    kind: str  # "text" | "title" | "doi" | "url"
    text: str


def vancouver(source: Source) -> str:
    """The reference as plain text, e.g. for a printed list or a test."""
    return "".join(_plain(part) for part in _parts(source))


def vancouver_markdown(source: Source, title: Any = None, links: bool = True) -> Any:
    """The reference as Markdown (``Markup``): data escaped, ``title`` (already Markup, e.g. a
    link to the source's page) in place of the title, the DOI and URL as links unless ``links``."""
    from markupsafe import Markup

    from generator.render import external_link, md_escape

    out: list[str] = []
    for part in _parts(source):
        if part.kind == "title" and title is not None:
            out.append(str(title) if isinstance(title, Markup) else md_escape(str(title)))
        elif part.kind == "doi" and links:
            out.append("doi:" + str(external_link(part.text, f"https://doi.org/{part.text}")))
        elif part.kind == "url" and links:
            out.append("Available from: " + str(external_link(part.text, part.text)))
        else:
            out.append(_escape_keeping_spaces(_plain(part), md_escape))
    return Markup("".join(out))


def _escape_keeping_spaces(text: str, md_escape: Any) -> str:
    """md_escape trims; the spaces between parts of a reference are kept."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + md_escape(text) + trail


def _plain(part: Part) -> str:
    if part.kind == "doi":
        return f"doi:{part.text}"
    if part.kind == "url":
        return f"Available from: {part.text}"
    return part.text


def author_list(source: Source) -> str:
    """ "Moorman AC, Newell D", at most six names then "et al.", then any group author after ";"."""
    people = list(source.authors)
    named = ", ".join(people[:MAX_NAMED_AUTHORS])
    if people and (len(people) > MAX_NAMED_AUTHORS or source.more_authors):
        named += ", et al"
    if source.organisation:
        return f"{named}; {source.organisation}" if named else source.organisation
    return named


def _sentence(text: str) -> str:
    """Text ending with one full stop (or its own ? or !)."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _kind(source: Source) -> str:
    if source.isbn:
        return "book"
    if source.published_in and (source.doi or source.volume or source.pages):
        return "article"
    return "web" if source.url else "book"


def _publisher(source: Source) -> str | None:
    """The journal or publisher, unless it only repeats the author."""
    published = source.published_in
    if not published:
        return None
    same = {name.casefold() for name in (source.organisation, author_list(source)) if name}
    return None if published.casefold() in same else published


def _parts(source: Source) -> list[Part]:
    parts: list[Part] = []
    authors = author_list(source)
    if authors:
        parts.append(Part("text", _sentence(authors) + " "))
    kind = _kind(source)
    title = source.title.strip().rstrip(".")
    parts.append(Part("title", title))
    publisher = _publisher(source)
    if kind == "article":
        parts.append(Part("text", ". "))
        if publisher:
            parts.append(Part("text", _sentence(publisher) + " "))
        parts.append(Part("text", _sentence(_issue_details(source))))
    elif kind == "web":
        parts.append(Part("text", " [Internet]."))
        parts.append(Part("text", _web_details(source, publisher)))
    else:
        parts.append(Part("text", "."))
        if source.edition:
            parts.append(Part("text", f" {source.edition} ed."))
        tail = "; ".join(x for x in (publisher, str(source.year) if source.year else None) if x)
        if tail:
            parts.append(Part("text", " " + _sentence(tail)))
        if source.isbn and not (source.doi or source.url):
            parts.append(Part("text", f" ISBN {source.isbn}."))
    if source.doi:
        parts.append(Part("text", " "))
        parts.append(Part("doi", source.doi))
    if source.url and (kind == "web" or not source.doi):
        parts.append(Part("text", " "))
        parts.append(Part("url", source.url))
    return parts


def _issue_details(source: Source) -> str:
    """'2022;30(1):42', '2010;(6):CD007612', '2024' as Vancouver gives year, volume, issue, pages."""
    text = str(source.year) if source.year else ""
    if source.volume or source.issue:
        text += ";" + (source.volume or "")
        if source.issue:
            text += f"({source.issue})"
    if source.pages:
        text += f":{source.pages}"
    return text


def _web_details(source: Source, publisher: str | None) -> str:
    """' NHS inform; 2020 [cited 2026 Nov 24].' for a web page; parts that are unknown left out."""
    pieces = []
    if publisher:
        pieces.append(publisher)
    date = str(source.year) if source.year else ""
    if source.accessed:
        cited = f"[cited {source.accessed:%Y %b} {source.accessed.day}]"
        date = f"{date} {cited}".strip()
    if pieces and date:
        return f" {pieces[0]}; {date}."
    if pieces or date:
        return f" {(pieces or [date])[0]}."
    return ""
