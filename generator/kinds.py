"""The registry of kinds: what each folder of ``content/`` holds and how its records link.

Everything that depends on the list of kinds reads it from here: the loader (folders), the graph
(references and reverse links), the rules (reviews, unique titles), the pages (index titles and
intros, templates), the navigation, the schemas and ``backguide new``. Adding a kind is one entry
below, its model in ``model.py`` and its template ``<singular>.md.j2``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel

from generator.model import (
    Benefit,
    Cause,
    Condition,
    Effect,
    Method,
    Precaution,
    Record,
    Reviewed,
    Routine,
    Source,
    Topic,
)
from generator.problems import Loc

LIST_ITEM = "*"


class ReverseHolds(StrEnum):
    """What a reverse link lists: the record that names the target, or the entry inside it."""

    RECORD = "record"
    ENTRY = "entry"


@dataclass(frozen=True)
class Reference:
    """Ids at ``path`` in a record (YAML keys, ``*`` for each list item) name records of ``target``.

    The resolved records are linked under the path's last key, on the object that holds it: the
    record itself (``precautions``), or a nested entry (``avoid_if[].condition``). ``reverse``
    names the link back on each target.
    """

    path: tuple[str, ...]
    target: str
    reverse: str | None = None
    reverse_holds: ReverseHolds = ReverseHolds.RECORD

    @property
    def name(self) -> str:
        """The link's name: the last key of the path."""
        return next(part for part in reversed(self.path) if part != LIST_ITEM)

    @property
    def holder_path(self) -> tuple[str, ...]:
        """The path to the object that holds the ids (empty: the record itself)."""
        return self.path[:-2] if self.is_list else self.path[:-1]

    @property
    def is_list(self) -> bool:
        return self.path[-1] == LIST_ITEM


def cites(*paths: tuple[str, ...]) -> tuple[Reference, ...]:
    """References to sources, each listed back on the source as ``cited_by``."""
    return tuple(Reference(path, "sources", reverse="cited_by") for path in paths)


SOURCES = ("sources", LIST_ITEM)
EVIDENCE_SOURCES = ("evidence", "sources", LIST_ITEM)


@dataclass(frozen=True)
class Kind:
    """One folder of ``content/``: a kind of record, its page and its links."""

    name: str  # the folder, the index page's folder and the navigation section: "methods"
    singular: str  # one record: the template name and messages ("no method with id ...")
    model: type[Record]
    title: str  # the index page's title and the navigation label
    intro: str  # the opening sentences of the index page
    references: tuple[Reference, ...] = ()

    @property
    def reviewed(self) -> bool:
        """Whether its pages carry review dates (and the review rule checks them)."""
        return issubclass(self.model, Reviewed)

    @property
    def template(self) -> str:
        return f"{self.singular}.md.j2"

    @property
    def index_template(self) -> str:
        """A kind's own index template, if it has one (else ``kind-index.md.j2``)."""
        return f"{self.name}-index.md.j2"


# In the order readers meet them (the navigation's order): what to do first, then why.
KINDS: tuple[Kind, ...] = (
    Kind(
        "methods",
        "method",
        Method,
        "Methods",
        "Ways to ease back tension, grouped by family. Each page lists who should not try the "
        "method and its precautions before the steps.",
        (
            Reference(("precautions", LIST_ITEM), "precautions", reverse="methods"),
            Reference(("addresses", LIST_ITEM), "causes", reverse="methods"),
            Reference(("benefits", LIST_ITEM), "benefits", reverse="methods"),
            Reference(("safer_alternatives", LIST_ITEM), "methods"),
            Reference(
                ("avoid_if", LIST_ITEM, "condition"),
                "conditions",
                reverse="contraindications",
                reverse_holds=ReverseHolds.ENTRY,
            ),
            *cites(SOURCES, EVIDENCE_SOURCES),
        ),
    ),
    Kind(
        "routines",
        "routine",
        Routine,
        "Routines",
        "Short sequences of home exercises with a dose for each step. Each routine lists the "
        "precautions of its methods; print one and keep it by your desk.",
        (Reference(("steps", LIST_ITEM, "method"), "methods", reverse="routines"),),
    ),
    Kind(
        "topics",
        "topic",
        Topic,
        "Help with back pain",
        "Practical help for the days your back is bad: pain relief, sleep, work, and what to expect.",
        cites(("sections", LIST_ITEM, "sources", LIST_ITEM)),
    ),
    Kind(
        "precautions",
        "precaution",
        Precaution,
        "Precautions",
        "Read these before you try any method.",
        cites(SOURCES),
    ),
    Kind(
        "causes",
        "cause",
        Cause,
        "Causes",
        "What commonly lies behind back tension, and what the evidence says about each cause.",
        cites(SOURCES, EVIDENCE_SOURCES),
    ),
    Kind(
        "effects",
        "effect",
        Effect,
        "Effects",
        "How back tension can affect your body and your mood.",
        (Reference(("causes", LIST_ITEM), "causes", reverse="effects"), *cites(SOURCES)),
    ),
    Kind(
        "benefits",
        "benefit",
        Benefit,
        "Benefits",
        "What people hope to gain from easing back tension, and how strong the evidence is for each.",
        (
            Reference(("relieves", LIST_ITEM), "effects", reverse="benefits"),
            *cites(SOURCES, EVIDENCE_SOURCES),
        ),
    ),
    Kind(
        "conditions",
        "condition",
        Condition,
        "Conditions",
        "Health problems and life events that mean you should avoid some methods, or ask a "
        "professional first.",
    ),
    Kind(
        "sources",
        "source",
        Source,
        "Sources",
        "Every reference the guide cites, with the pages that cite it.",
    ),
)

KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}
KIND_BY_MODEL: dict[type[Record], Kind] = {kind.model: kind for kind in KINDS}


def kind_of(record: Record) -> Kind:
    """The kind a record belongs to; a record of no registered kind is a programming error."""
    return KIND_BY_MODEL[type(record)]


def reverse_links(kind: Kind) -> list[str]:
    """The names of the links other kinds' references make back to records of ``kind``."""
    return [
        ref.reverse
        for other in KINDS
        for ref in other.references
        if ref.target == kind.name and ref.reverse is not None
    ]


@cache
def _attribute_by_key(model: type[BaseModel]) -> dict[str, str]:
    """YAML key → Python attribute of a model's fields (``precautions`` → ``precaution_ids``)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def walk(value: Any, path: tuple[str, ...], loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every value at ``path`` inside a validated model or raw YAML data, with its location.

    Parts of the path that the data does not have (a file that failed validation) yield nothing.
    """
    if not path:
        yield loc, value
        return
    head, rest = path[0], path[1:]
    if head == LIST_ITEM:
        if isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, rest, (*loc, index))
    elif isinstance(value, dict):
        if head in value:
            yield from walk(value[head], rest, (*loc, head))
    elif isinstance(value, BaseModel):
        attribute = _attribute_by_key(type(value)).get(head)
        if attribute is not None:
            yield from walk(getattr(value, attribute), rest, (*loc, head))
