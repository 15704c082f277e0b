"""Reading grade of a page's own prose: what a reader reads, without source lists, link targets,
markup or the blocks every page shares. Pure functions; ``backguide check`` reports the grades.
"""

from __future__ import annotations

import re

# Blocks that every page of a kind shares (the safety notice, the compact red flags, the review
# dates) are marked ``data-search-exclude``: they are not the page's own prose.
_SHARED_BLOCK = re.compile(r"<div\b[^>]*\bdata-search-exclude\b[^>]*>.*?</div>", re.DOTALL)
# Scripts, styles and drawings (an exercise figure's text alternative is not the page's prose).
_SCRIPT = re.compile(r"<(script|style|svg)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# A "## Sources" heading and everything up to the next heading of the same or a higher level.
_SOURCES = re.compile(r"^(#{1,6}) Sources\b.*?(?=^#{1,2} |\Z)", re.DOTALL | re.MULTILINE)
# An evidence box's "Based on:" line (or list): the titles of its sources, a source list too.
_BASED_ON = re.compile(r"^[ \t]*Based on:.*(?:\n+[ \t]*- .*)*", re.MULTILINE)
# The end of a block in a raw HTML block (a tile of the methods index): a block of its own.
_BLOCK_END = re.compile(r"</(?:p|li|dt|dd|h[1-6]|summary|figcaption)>", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_ATTR_LIST = re.compile(r"\s*\{:[^}]*\}")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:<[^>]*>|[^)]*)\)")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s*\S+(?:\s+"([^"]*)")?\s*$')
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_ESCAPE = re.compile(r"\\(.)")
_ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"'}
_ENDS_SENTENCE = (".", "!", "?")


def page_prose(markdown: str, source_titles: bool = False) -> str:
    """The page's own prose as plain sentences: one block (paragraph, list item, heading) per
    sentence, without source lists, link targets, HTML tags, heading anchors or shared blocks.
    ``source_titles`` keeps an evidence box's "Based on:" titles (words a reader sees, which the
    glossary explains; not the page's own sentences, which the reading grade measures)."""
    text = _FRONT_MATTER.sub("", markdown)
    text = _SCRIPT.sub("", text)
    text = _SHARED_BLOCK.sub("", text)
    text = _SOURCES.sub("", text)
    if not source_titles:
        text = _BASED_ON.sub("", text)
    text = _BLOCK_END.sub("\n\n", text)
    blocks: list[str] = []
    current: list[str] = []

    def end_block() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for raw in text.splitlines():
        line = raw.strip()
        admonition = _ADMONITION.match(line)
        if admonition:
            end_block()
            if admonition.group(1):
                blocks.append(admonition.group(1))
            continue
        if not line or _TAG.fullmatch(line):
            end_block()
            continue
        if _HEADING.match(line) or _LIST_MARK.match(line):
            end_block()
        current.append(_clean(line))
    end_block()
    sentences = [block.strip() for block in blocks if block.strip()]
    # textstat counts sentences by their final stop: every block ends one, as a reader takes it.
    return "\n".join(s if s.endswith(_ENDS_SENTENCE) else s.rstrip(":;,") + "." for s in sentences)


def _clean(line: str) -> str:
    line = _HEADING.sub("", line)
    line = _LIST_MARK.sub("", line)
    line = _ATTR_LIST.sub("", line)
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _TAG.sub("", line)
    line = _EMPHASIS.sub(r"\2", line)
    line = _ESCAPE.sub(r"\1", line)
    for entity, char in _ENTITY.items():
        line = line.replace(entity, char)
    return " ".join(line.split())


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade of ``text`` (textstat), rounded to one decimal."""
    import textstat  # imported here: only checks that report grades need it

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


# A page a reader in pain opens should read at this grade or below (NHS content aims lower still).
MAX_GRADE = 8.0


def page_grades(pages: dict[str, str], paths: list[str]) -> dict[str, float]:
    """The reading grade of each of ``paths`` among the rendered ``pages``."""
    return {path: reading_grade(page_prose(pages[path])) for path in paths}
