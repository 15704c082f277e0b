"""Content rules beyond the schema: the one rule set that the build, ``check`` and the tests use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from generator.graph import Guide
from generator.model import MAX_ROUTINE_STEPS, Dose, Method, Routine, RoutineStep
from generator.problems import Problem

# Upper bounds of a sane dose, whatever a method's own range says.
SANE_DOSE_LIMITS = {"hold_seconds": 120, "reps": 50, "sets": 10, "duration_minutes": 30}
# The parts of a dose that a routine step must choose (per_day is the routine's frequency).
STEP_DOSE_FIELDS = ("hold_seconds", "reps", "sets", "duration_minutes")

Rule = Callable[[Guide], Iterator[Problem]]


def check(guide: Guide) -> list[Problem]:
    """Every problem that the rules find, in rule order."""
    return [problem for rule in RULES for problem in rule(guide)]


def methods_have_own_precaution(guide: Guide) -> Iterator[Problem]:
    for method in guide.methods.values():
        own = [pid for pid in method.precaution_ids if pid in guide.precautions]
        if own and all(guide.precautions[pid].applies_to_all for pid in own):
            yield _problem(
                guide, "methods", method.id, ("precautions",),
                "list at least one precaution of this method's own; the ones that apply to all "
                "methods are added automatically",
            )


def doses_are_sane(guide: Guide) -> Iterator[Problem]:
    for method in guide.methods.values():
        if method.dose is None:
            continue
        for name, limit in SANE_DOSE_LIMITS.items():
            value = getattr(method.dose, name)
            if value is not None and value[1] > limit:
                yield _problem(
                    guide, "methods", method.id, ("dose", name),
                    f"{value[1]} is more than the sane maximum of {limit}",
                )


def routine_steps_fit_their_methods(guide: Guide) -> Iterator[Problem]:
    for routine in guide.routines.values():
        if len(routine.steps) > MAX_ROUTINE_STEPS:
            yield _problem(guide, "routines", routine.id, ("steps",),
                           f"a routine has at most {MAX_ROUTINE_STEPS} steps, so its card fits a page")
        for index, step in enumerate(routine.steps):
            method = guide.methods.get(step.method_id)
            if method is not None:
                yield from _step_problems(guide, routine, index, step, method)


def _step_problems(
    guide: Guide, routine: Routine, index: int, step: RoutineStep, method: Method
) -> Iterator[Problem]:
    def problem(field: str, message: str) -> Problem:
        loc = ("steps", index, field) if field else ("steps", index)
        return _problem(guide, "routines", routine.id, loc, message)

    if not method.category.is_home_exercise:
        yield problem("method", f"'{method.id}' is {method.category.value}, which may not join "
                      "a routine: only stretching, mobility, strengthening and foam-roller methods")
        return
    dose: Dose = method.dose  # type: ignore[assignment]  # home exercises always have one
    for name in STEP_DOSE_FIELDS:
        chosen, allowed = getattr(step, name), getattr(dose, name)
        if allowed is None and chosen is not None:
            yield problem(name, f"'{method.id}' has no {name} in its dose; remove it")
        elif allowed is not None and chosen is None:
            yield problem("", f"set {name} (between {allowed[0]} and {allowed[1]} "
                          f"for '{method.id}')")
        elif allowed is not None and not allowed[0] <= chosen <= allowed[1]:
            yield problem(name, f"{chosen} is outside the safe range {allowed[0]}–{allowed[1]} "
                          f"of '{method.id}'")
    if step.each_side and not dose.each_side:
        yield problem("each_side", f"'{method.id}' is not done on each side")


def titles_are_unique(guide: Guide) -> Iterator[Problem]:
    for kind in ("sources", "conditions", "causes", "effects", "benefits", "precautions",
                 "methods", "routines"):
        by_title: dict[str, list[str]] = defaultdict(list)
        for record in guide.kind(kind).values():
            by_title[record.title.casefold()].append(record.id)
        for ids in by_title.values():
            for duplicate in ids[1:]:
                yield _problem(guide, kind, duplicate, ("title",),
                               f"the same title as '{ids[0]}': readers could not tell them apart")


def ids_are_unique(guide: Guide) -> Iterator[Problem]:
    first_kind: dict[str, str] = {}
    for kind, record_id in guide.files:
        if record_id in first_kind:
            other = guide.file_of(first_kind[record_id], record_id)
            yield _problem(guide, kind, record_id, (),
                           f"the id '{record_id}' is already used by {other.parent.name}/"
                           f"{other.name}: ids are unique across the guide")
        else:
            first_kind[record_id] = kind


def _problem(guide: Guide, kind: str, record_id: str, loc: tuple, message: str) -> Problem:
    return Problem(guide.file_of(kind, record_id), loc, message)


RULES: list[Rule] = [
    methods_have_own_precaution,
    doses_are_sane,
    routine_steps_fit_their_methods,
    titles_are_unique,
    ids_are_unique,
]
