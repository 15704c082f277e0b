"""The linked guide: references resolved into objects and reverse links computed, once.

Which field names which kind, and the name of the link back, is declared once per reference in
``generator.kinds``; resolving, reverse links and the check of files that failed validation all read
that declaration. Relations the pages need beyond the declared links (every method's share of the
precautions that apply to all; a routine's equipment and precautions) are computed here too, so no
template computes a relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.kinds import (
    KIND_BY_MODEL,
    KIND_BY_NAME,
    KINDS,
    Kind,
    Reference,
    ReverseHolds,
    reverse_links,
    walk,
)
from generator.model import (
    CheckFirst,
    Concern,
    Condition,
    Glossary,
    Linked,
    Method,
    Precaution,
    Record,
    RedFlags,
    Routine,
    SiteSettings,
    Topic,
)
from generator.paths import RED_FLAGS_FILE
from generator.problems import Loc, Problem, did_you_mean

RecordT = TypeVar("RecordT", bound=Record)

# Links computed from other links (below), declared like the references' own.
DERIVED_LINKS = {
    "routines": ("equipment", "precautions", "check_first"),
    "methods": ("floor_help",),
}


@dataclass
class Guide:
    """Everything the pages are rendered from. ``records[kind][id]``, ids in file-name order.

    ``guide.methods`` and the like read ``records`` for any registered kind; typed code uses
    ``guide.of(Method)``.
    """

    settings: SiteSettings
    red_flags: RedFlags
    glossary: Glossary
    records: dict[str, dict[str, Record]]
    files: dict[tuple[str, str], Path] = field(default_factory=dict)
    settings_file: Path = Path("content/site.yaml")
    # Files that exist but did not validate: their own problems are reported, so references to
    # them are not reported again as unknown ids.
    unreadable: dict[tuple[str, str], Path] = field(default_factory=dict)
    # The raw data of files that parsed as YAML but did not validate, so their references can still
    # be checked: an editor sees a misspelt id in the same run as the schema mistake beside it.
    unvalidated: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    # Problems that do not stop the build (reviews due soon or, outside strict mode, overdue).
    warnings: list[Problem] = field(default_factory=list)

    def __getattr__(self, name: str) -> dict[str, Any]:
        records = self.__dict__.get("records", {})
        if name in records:
            return records[name]
        raise AttributeError(f"the guide has no kind or attribute '{name}'")

    def kind(self, name: str) -> dict[str, Any]:
        return self.records[name]

    def of(self, model: type[RecordT]) -> dict[str, RecordT]:
        """The records of one kind, typed by its model."""
        return self.records[KIND_BY_MODEL[model].name]  # type: ignore[return-value]

    def file_of(self, kind: str, record_id: str) -> Path:
        return self.files.get((kind, record_id), Path(kind, f"{record_id}.yaml"))

    @property
    def featured_topics(self) -> list[Topic]:
        """Topics linked from the home page, every effect page and every routine page."""
        return [t for t in self.of(Topic).values() if t.featured]

    @property
    def precautions_for_all(self) -> list[Precaution]:
        return [p for p in self.of(Precaution).values() if p.applies_to_all]


class _Linker:
    """Collects problems while resolving; each reverse list gets an item at most once."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.problems: list[Problem] = []
        # Identity, not equality: records link to each other, so == would walk the cycles.
        self._seen: set[tuple[int, str, int]] = set()

    def resolve(self, path: Path, loc: Loc, target: str, wanted: str) -> Record | None:
        found = self.guide.kind(target).get(wanted)
        if found is None and (target, wanted) not in self.guide.unreadable:
            known = [*self.guide.kind(target), *(i for k, i in self.guide.unreadable if k == target)]
            singular = KIND_BY_NAME[target].singular
            message = f"no {singular} with id '{wanted}'{did_you_mean(wanted, known)}"
            self.problems.append(Problem(path, loc, message))
        return found

    def add_reverse(self, target: Record, name: str, item: Linked) -> None:
        key = (id(target), name, id(item))
        if key not in self._seen:
            self._seen.add(key)
            target._links[name].append(item)


def link(guide: Guide) -> list[Problem]:
    """Resolve every reference in place and return the problems (unknown ids) found."""
    linker = _Linker(guide)
    for kind in KINDS:
        names = [*reverse_links(kind), *DERIVED_LINKS.get(kind.name, ())]
        for record in guide.kind(kind.name).values():
            record._links = {name: [] for name in names}

    for kind in KINDS:
        for record in guide.kind(kind.name).values():
            for ref in kind.references:
                _resolve(linker, kind, record, ref)
    _add_precautions_for_all(guide)
    for kind in KINDS:
        for record in guide.kind(kind.name).values():
            for ref in kind.references:
                if ref.reverse is not None:
                    _link_back(linker, record, ref)
    _derive_routine_links(guide)
    _derive_floor_help(guide)
    _resolve_red_flag_sources(linker)
    _check_unvalidated(guide, linker)
    return linker.problems


def _resolve_red_flag_sources(linker: _Linker) -> None:
    """The help page's sources: the red-flags file is not a record of a kind, so it is not in the
    registry, and a source it cites is not listed back as cited by a record."""
    red_flags = linker.guide.red_flags
    path = linker.guide.settings_file.parent / RED_FLAGS_FILE
    found = [
        linker.resolve(path, ("sources", i), "sources", wanted)
        for i, wanted in enumerate(red_flags.source_ids)
    ]
    red_flags._links = {"sources": [source for source in found if source is not None]}


def _resolve(linker: _Linker, kind: Kind, record: Record, ref: Reference) -> None:
    path = linker.guide.file_of(kind.name, record.id)
    for holder_loc, holder in walk(record, ref.holder_path):
        holder._links[ref.name] = resolved = []
        if holder is not record:
            holder._owner = record
        for loc, wanted in walk(holder, (ref.name, "*") if ref.is_list else (ref.name,)):
            target = linker.resolve(path, (*holder_loc, *loc), ref.target, wanted)
            if target is not None:
                resolved.append(target)


def _link_back(linker: _Linker, record: Record, ref: Reference) -> None:
    assert ref.reverse is not None
    for _loc, holder in walk(record, ref.holder_path):
        item = record if ref.reverse_holds == ReverseHolds.RECORD else holder
        for target in holder.linked(ref.name):
            linker.add_reverse(target, ref.reverse, item)


def _add_precautions_for_all(guide: Guide) -> None:
    """Every method's precautions: its own, then each one that applies to all methods."""
    for_all = guide.precautions_for_all  # once: the property walks every precaution
    for method in guide.of(Method).values():
        own = method.linked("precautions")
        own_ids = {p.id for p in own}
        method._links["precautions"] = own + [p for p in for_all if p.id not in own_ids]


def _derive_routine_links(guide: Guide) -> None:
    for routine in guide.of(Routine).values():
        methods = [step.method for step in routine.steps if step.linked("method")]
        routine._links["equipment"] = _unique(item for m in methods for item in m.equipment)
        routine._links["precautions"] = _unique(p for m in methods for p in m.precautions)
        routine._links["check_first"] = check_first(routine)


def _derive_floor_help(guide: Guide) -> None:
    sections = [s for t in guide.of(Topic).values() for s in t.sections if s.for_floor_exercises]
    for method in guide.of(Method).values():
        method._links["floor_help"] = sections if method.on_the_floor else []


def check_first(routine: Routine) -> list[CheckFirst]:
    """Each condition its steps' methods are to be avoided with, once, in the order the steps
    first name it, with every step it concerns (a method twice in a routine is two concerns)."""
    concerns: dict[Condition, list[Concern]] = {}
    for number, step in enumerate(routine.steps, start=1):
        if not step.linked("method"):
            continue
        for avoid in step.method.avoid_if:
            if avoid.linked("condition"):
                concerns.setdefault(avoid.condition, []).append(Concern(number, step, avoid))
    return [CheckFirst(condition, tuple(found)) for condition, found in concerns.items()]


def _unique(items: Any) -> list[Any]:
    """Items in first-seen order, each once (records by identity)."""
    seen: set[Any] = set()
    kept = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept


def _check_unvalidated(guide: Guide, linker: _Linker) -> None:
    """Check the ids in files that failed validation, wherever the data still has their shape."""
    for (kind_name, _record_id), data in guide.unvalidated.items():
        path = guide.unreadable[(kind_name, _record_id)]
        for ref in KIND_BY_NAME[kind_name].references:
            for loc, wanted in walk(data, ref.path):
                if isinstance(wanted, str):
                    linker.resolve(path, loc, ref.target, wanted)
