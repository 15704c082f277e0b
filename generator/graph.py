"""The linked guide: references resolved into objects and reverse links computed, once.

Data direction → reverse direction (DESIGN.md): effect.causes → cause.effects;
benefit.relieves → effect.benefits; method.addresses → cause.methods; method.benefits →
benefit.methods; method.precautions (+ every applies_to_all precaution) → precaution.methods;
routine.steps[].method → method.routines; avoid_if[].condition → condition.methods;
*.sources and *.evidence.sources → source.cited_by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.model import (
    Benefit,
    Cause,
    Condition,
    Effect,
    Method,
    Precaution,
    Record,
    RedFlags,
    Routine,
    SiteSettings,
    Source,
)
from generator.problems import Loc, Problem, did_you_mean


@dataclass
class Guide:
    """Everything the pages are rendered from. Records are keyed by id, in file-name order."""

    settings: SiteSettings
    red_flags: RedFlags
    sources: dict[str, Source]
    conditions: dict[str, Condition]
    causes: dict[str, Cause]
    effects: dict[str, Effect]
    benefits: dict[str, Benefit]
    precautions: dict[str, Precaution]
    methods: dict[str, Method]
    routines: dict[str, Routine]
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

    def kind(self, name: str) -> dict[str, Any]:
        return getattr(self, name)

    def file_of(self, kind: str, record_id: str) -> Path:
        return self.files.get((kind, record_id), Path(kind, f"{record_id}.yaml"))

    @property
    def precautions_for_all(self) -> list[Precaution]:
        return [p for p in self.precautions.values() if p.applies_to_all]


@dataclass(frozen=True)
class Reference:
    """A list of ids in one kind's records that names records of another kind."""

    kind: str
    attribute: str  # the Python attribute holding the ids
    key: str  # the YAML key, for messages
    target: str
    link: str  # the resolved forward link's name
    reverse: str | None  # the reverse link's name on the target, if any


REFERENCES = [
    Reference("effects", "cause_ids", "causes", "causes", "causes", "effects"),
    Reference("benefits", "effect_ids", "relieves", "effects", "relieves", "benefits"),
    Reference("methods", "cause_ids", "addresses", "causes", "addresses", "methods"),
    Reference("methods", "benefit_ids", "benefits", "benefits", "benefits", "methods"),
    Reference("methods", "precaution_ids", "precautions", "precautions", "precautions", "methods"),
    Reference("methods", "alternative_ids", "safer_alternatives", "methods",
              "safer_alternatives", None),
] + [
    Reference(kind, "source_ids", "sources", "sources", "sources", "cited_by")
    for kind in ("causes", "effects", "benefits", "precautions", "methods")
]


class _Linker:
    """Collects problems while resolving; each reverse list is appended to exactly once per link."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self.problems: list[Problem] = []
        # Identity, not equality: records link to each other, so == would walk the cycles.
        self._seen: set[tuple[int, str, int]] = set()

    def resolve(self, kind: str, owner: Record, loc: Loc, target: str, wanted: str) -> Any | None:
        found = self.guide.kind(target).get(wanted)
        if found is not None:  # the usual case: no file path is needed
            return found
        return self.resolve_raw(self.guide.file_of(kind, owner.id), loc, target, wanted)

    def resolve_raw(self, path: Path, loc: Loc, target: str, wanted: str) -> Any | None:
        found = self.guide.kind(target).get(wanted)
        if found is None and (target, wanted) not in self.guide.unreadable:
            known = [*self.guide.kind(target), *(i for k, i in self.guide.unreadable if k == target)]
            message = f"no {target[:-1]} with id '{wanted}'{did_you_mean(wanted, known)}"
            self.problems.append(Problem(path, loc, message))
        return found

    def add_reverse(self, target: Record, name: str, owner: Record) -> None:
        key = (id(target), name, id(owner))
        if key not in self._seen:
            self._seen.add(key)
            target._links.setdefault(name, []).append(owner)


def link(guide: Guide) -> list[Problem]:
    """Resolve every reference in place and return the problems (unknown ids) found."""
    linker = _Linker(guide)
    for records in _all_kinds(guide):
        for record in records.values():
            record._links.clear()

    for ref in REFERENCES:
        for owner in guide.kind(ref.kind).values():
            resolved = []
            for index, wanted in enumerate(getattr(owner, ref.attribute)):
                target = linker.resolve(ref.kind, owner, (ref.key, index), ref.target, wanted)
                if target is not None:
                    resolved.append(target)
            owner._links[ref.link] = resolved

    for_all = guide.precautions_for_all  # once: the property walks every precaution
    for method in guide.methods.values():
        own = method._links["precautions"]
        own_ids = {p.id for p in own}
        method._links["precautions"] = own + [p for p in for_all if p.id not in own_ids]

    for ref in REFERENCES:
        if ref.reverse is None:
            continue
        for owner in guide.kind(ref.kind).values():
            for target in owner.linked(ref.link):
                linker.add_reverse(target, ref.reverse, owner)

    _link_evidence(guide, linker)
    _link_conditions(guide, linker)
    _link_routines(guide, linker)
    _check_unvalidated(guide, linker)
    return linker.problems


# References inside nested lists, as (kind, path to the id with "*" for list items, target kind).
NESTED_REFERENCES = [
    (kind, ("evidence", "sources", "*"), "sources") for kind in ("causes", "benefits", "methods")
] + [
    ("methods", ("avoid_if", "*", "condition"), "conditions"),
    ("routines", ("steps", "*", "method"), "methods"),
]


def _check_unvalidated(guide: Guide, linker: _Linker) -> None:
    """Check the ids in files that failed validation, wherever the data still has their shape."""
    for (kind, record_id), data in guide.unvalidated.items():
        path = guide.unreadable[(kind, record_id)]
        specs = [((ref.key, "*"), ref.target) for ref in REFERENCES if ref.kind == kind]
        specs += [(loc, target) for owner, loc, target in NESTED_REFERENCES if owner == kind]
        for pattern, target in specs:
            for loc, wanted in _values_at(data, pattern, ()):
                if isinstance(wanted, str):
                    linker.resolve_raw(path, loc, target, wanted)


def _values_at(data: Any, pattern: tuple[str, ...], loc: Loc) -> Any:
    if not pattern:
        yield loc, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*" and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _values_at(item, rest, (*loc, index))
    elif isinstance(data, dict) and head in data:
        yield from _values_at(data[head], rest, (*loc, head))


def _link_evidence(guide: Guide, linker: _Linker) -> None:
    for kind in ("causes", "benefits", "methods"):
        for owner in guide.kind(kind).values():
            sources = []
            for index, wanted in enumerate(owner.evidence.source_ids):
                loc = ("evidence", "sources", index)
                source = linker.resolve(kind, owner, loc, "sources", wanted)
                if source is not None:
                    sources.append(source)
                    linker.add_reverse(source, "cited_by", owner)
            owner.evidence._sources = sources


def _link_conditions(guide: Guide, linker: _Linker) -> None:
    for method in guide.methods.values():
        for index, avoid in enumerate(method.avoid_if):
            loc = ("avoid_if", index, "condition")
            condition = linker.resolve("methods", method, loc, "conditions", avoid.condition_id)
            avoid._condition = condition
            if condition is not None:
                linker.add_reverse(condition, "methods", method)


def _link_routines(guide: Guide, linker: _Linker) -> None:
    for routine in guide.routines.values():
        for index, step in enumerate(routine.steps):
            loc = ("steps", index, "method")
            method = linker.resolve("routines", routine, loc, "methods", step.method_id)
            step._method = method
            if method is not None:
                linker.add_reverse(method, "routines", routine)


def _all_kinds(guide: Guide) -> list[dict[str, Any]]:
    return [
        guide.sources, guide.conditions, guide.causes, guide.effects, guide.benefits,
        guide.precautions, guide.methods, guide.routines,
    ]
