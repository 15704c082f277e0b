"""Words a page cannot avoid, explained on the page that uses them.

Each page ends with a "Words used on this page" box listing the glossary terms (content/glossary.yaml)
its own prose uses, each with its one-sentence definition: plain text that works without a mouse,
on a phone, in print and with a screen reader.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache

from generator.model import Glossary, Term
from generator.readability import page_prose

# The box goes just before the review dates that end every page.
BEFORE = '<div class="review-dates"'


def _is_acronym(form: str) -> bool:
    return any(c.isupper() for c in form[1:])


def _alternation(forms: list[str], flags: int) -> re.Pattern[str] | None:
    if not forms:
        return None
    longest_first = sorted(forms, key=len, reverse=True)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, longest_first))})(?![\w-])", flags)


@cache
def _matcher(
    forms_by_term: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[list[re.Pattern[str]], dict[str, str]]:
    """One pattern for the words (any case) and one for the acronyms (NSAID, DVT: capitals only),
    and the term of each form: one pass over a page finds every term it uses."""
    term_of = {}
    for term, forms in forms_by_term:
        for form in forms:
            term_of[form if _is_acronym(form) else form.casefold()] = term
    every = [form for _term, forms in forms_by_term for form in forms]
    words = [f for f in every if not _is_acronym(f)]
    acronyms = [f for f in every if _is_acronym(f)]
    patterns = [p for p in (_alternation(words, re.IGNORECASE), _alternation(acronyms, 0)) if p]
    return patterns, term_of


def terms_used(glossary: Glossary, markdown: str) -> list[Term]:
    """The terms a page's own prose uses, in the glossary's order."""
    patterns, term_of = _matcher(tuple((t.term, tuple(t.forms)) for t in glossary.terms))
    prose = page_prose(markdown, source_titles=True)
    found = set()
    for pattern in patterns:
        for match in pattern.finditer(prose):
            text = match.group(0)
            found.add(term_of.get(text) or term_of[text.casefold()])
    return [t for t in glossary.terms if t.term in found]


def explain_terms(
    glossary: Glossary, markdown: str, with_tel_links: Callable[[str], str] = lambda text: text
) -> str:
    """The page with its "Words used on this page" box, if it uses any term; ``with_tel_links``
    makes the phone numbers in the escaped definitions links, as on the rest of the page."""
    terms = terms_used(glossary, markdown)
    if not terms or BEFORE not in markdown:
        return markdown
    entries = "".join(
        f"<dt>{html.escape(term.term[:1].upper() + term.term[1:])}</dt>"
        f"<dd>{with_tel_links(html.escape(term.definition))}</dd>"
        for term in terms
    )
    box = (
        '<div class="page-glossary" role="note" aria-label="Words used on this page" '
        f'data-search-exclude><p class="page-glossary-title">Words used on this page</p>'
        f"<dl>{entries}</dl></div>\n\n"
    )
    head, tail = markdown.rsplit(BEFORE, 1)
    return f"{head}{box}{BEFORE}{tail}"
