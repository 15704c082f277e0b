"""Named values that any text in the content may use as ``{name}``: one change in site.yaml reaches
every page.

``{emergency_number}`` and ``{urgent_line}`` come from site.yaml's own fields; every key under its
``phrases:`` mapping (for example ``{no_better_after}``) is a placeholder too. They are filled in once,
when the guide is loaded, so rules, pages, cards and scripts all read the same finished text.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.model import SiteSettings
from generator.problems import Loc, Problem, did_you_mean

PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
# site.yaml's fields that give a placeholder its value: they are not filled in themselves.
VALUE_FIELDS = frozenset({"emergency_number", "urgent_line", "phrases"})


def placeholder_values(settings: SiteSettings) -> dict[str, str]:
    return {
        "emergency_number": settings.emergency_number,
        "urgent_line": settings.urgent_line,
        **settings.phrases,
    }


def fill_placeholders(model: BaseModel, values: dict[str, str], path: Path) -> Iterator[Problem]:
    """Replace every ``{name}`` in ``model``'s text fields, in place; yield a problem per unknown name."""
    for name, info in type(model).model_fields.items():
        if isinstance(model, SiteSettings) and name in VALUE_FIELDS:
            continue
        key = info.alias or name
        filled = yield from _fill(getattr(model, name), values, path, (key,))
        if filled is not None:
            setattr(model, name, filled)


def _fill(value: Any, values: dict[str, str], path: Path, loc: Loc) -> Generator[Problem, None, Any]:
    """The value with its placeholders filled, or None when it has no text to change."""
    if isinstance(value, str):
        if "{" not in value:
            return None
        for match in PLACEHOLDER.finditer(value):
            if match.group(1) not in values:
                known = sorted(f"{{{name}}}" for name in values)
                wrong = match.group(0)
                hint = did_you_mean(wrong, known)
                yield Problem(
                    path, loc, f"unknown placeholder '{wrong}'{hint}: site.yaml defines {', '.join(known)}"
                )
        return PLACEHOLDER.sub(lambda m: _value_at(m, values), value)
    if isinstance(value, list):
        changed = False
        items = list(value)
        for index, item in enumerate(items):
            filled = yield from _fill(item, values, path, (*loc, index))
            if filled is not None:
                items[index], changed = filled, True
        return items if changed else None
    if isinstance(value, BaseModel):
        yield from (
            Problem(p.file, (*loc, *p.loc), p.message) for p in fill_placeholders(value, values, path)
        )
    return None


# Where a sentence starts: the text's start, or after a full stop, question or exclamation mark.
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")


def _value_at(match: re.Match[str], values: dict[str, str]) -> str:
    """A placeholder's value, with a capital letter where it starts a sentence ("The article ...")."""
    value = values.get(match.group(1), match.group(0))
    if _SENTENCE_START.search(match.string[: match.start()]):
        return value[:1].upper() + value[1:]
    return value
