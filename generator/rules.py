"""Content rules beyond the schema: the one rule set that the build, ``check`` and the tests use."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterator

from generator.dose import STEP_DOSE_FIELDS
from generator.figures.pose import figure_problems
from generator.graph import Guide
from generator.kinds import KINDS
from generator.model import (
    MAX_ROUTINE_STEPS,
    Dose,
    Method,
    Precaution,
    Reviewed,
    Routine,
    RoutineStep,
    Source,
)
from generator.problems import Level, Problem

# A review due within this many days is announced, so editors can plan it.
REVIEW_NOTICE_DAYS = 30

# Upper bounds of a sane dose, whatever a method's own range says.
SANE_DOSE_LIMITS = {"hold_seconds": 120, "reps": 50, "sets": 10, "duration_minutes": 30}

Rule = Callable[[Guide], Iterator[Problem]]


def check(guide: Guide, today: dt.date) -> list[Problem]:
    """Every problem that the rules find, in rule order; ``today`` dates the review rule."""
    problems = [problem for rule in RULES for problem in rule(guide)]
    return problems + list(reviews_are_current(guide, today))


def today_for_rules() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds and CI), else the calendar date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


def reviews_are_current(guide: Guide, today: dt.date) -> Iterator[Problem]:
    settings = guide.settings
    due_dates: list[tuple[str, str | None, Reviewed | None, dt.date]] = [
        ("site", None, None, settings.review_due())
    ]
    for kind in KINDS:
        if not kind.reviewed:
            continue
        for record in guide.kind(kind.name).values():
            due_dates.append((kind.name, record.id, record, record.review_due(settings)))
    for kind, record_id, record, due in due_dates:
        if record_id is None:
            path, loc = guide.settings_file, ("reviewed",)
        else:
            path = guide.file_of(kind, record_id)
            loc = ("next_review",) if record.next_review else ("reviewed",)
        if due < today:
            yield Problem(path, loc, f"the review was due on {due.isoformat()}: check the page "
                          "against its sources and update 'reviewed'", Level.WARNING)
        elif (due - today).days <= REVIEW_NOTICE_DAYS:
            yield Problem(path, loc, f"the review is due on {due.isoformat()}, within "
                          f"{REVIEW_NOTICE_DAYS} days", Level.NOTE)


def precautions_are_used(guide: Guide) -> Iterator[Problem]:
    for precaution in guide.of(Precaution).values():
        if not precaution.methods:
            yield _problem(guide, "precautions", precaution.id, (),
                           "no method uses this precaution: list it under a method's precautions, "
                           "set applies_to_all: true, or remove the file")


def sources_are_cited(guide: Guide) -> Iterator[Problem]:
    for source in guide.of(Source).values():
        if not source.cited_by:
            yield _problem(guide, "sources", source.id, (),
                           "no page cites this source: cite it where it supports a claim, or remove it")


def contraindications_are_stated(guide: Guide) -> Iterator[Problem]:
    for method in guide.of(Method).values():
        if not method.avoid_if and not method.avoid_if_reason:
            yield _problem(guide, "methods", method.id, ("avoid_if",),
                           "say who should not do this, or keep avoid_if: [] and explain why in "
                           "avoid_if_reason")
        if method.avoid_if and method.avoid_if_reason:
            yield _problem(guide, "methods", method.id, ("avoid_if_reason",),
                           "remove it: avoid_if_reason only explains an empty avoid_if")


def methods_have_own_precaution(guide: Guide) -> Iterator[Problem]:
    for method in guide.of(Method).values():
        own = [pid for pid in method.precaution_ids if pid in guide.precautions]
        if own and all(guide.precautions[pid].applies_to_all for pid in own):
            yield _problem(
                guide, "methods", method.id, ("precautions",),
                "list at least one precaution of this method's own; the ones that apply to all "
                "methods are added automatically",
            )


def doses_are_sane(guide: Guide) -> Iterator[Problem]:
    for method in guide.of(Method).values():
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
    for routine in guide.of(Routine).values():
        if len(routine.steps) > MAX_ROUTINE_STEPS:
            yield _problem(guide, "routines", routine.id, ("steps",),
                           f"a routine has at most {MAX_ROUTINE_STEPS} steps, so its card fits a page")
        for index, step in enumerate(routine.steps):
            method = guide.of(Method).get(step.method_id)
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


def titles_are_unique(guide: Guide) -> Iterator[Problem]:
    for kind in KINDS:
        by_title: dict[str, list[str]] = defaultdict(list)
        for record in guide.kind(kind.name).values():
            by_title[record.title.casefold()].append(record.id)
        for ids in by_title.values():
            for duplicate in ids[1:]:
                yield _problem(guide, kind.name, duplicate, ("title",),
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


def home_exercises_have_figures(guide: Guide) -> Iterator[Problem]:
    """A home exercise is drawn from its pose data; the poses fit the method's steps and props."""
    for method in guide.of(Method).values():
        home = method.category.is_home_exercise
        if method.figure is None:
            if home:
                yield _problem(guide, "methods", method.id, ("category",),
                               f"a {method.category.value} method needs a figure: add a figure: block "
                               "at the end of the file (CONTRIBUTING.md, 'Drawing the exercises')")
            continue
        if not home:
            yield _problem(guide, "methods", method.id, ("figure",),
                           f"only home exercises are drawn, not {method.category.value}: remove it")
        for loc, message in figure_problems(method.figure, len(method.steps)):
            yield _problem(guide, "methods", method.id, ("figure", *loc), message)


def _problem(guide: Guide, kind: str, record_id: str, loc: tuple, message: str) -> Problem:
    return Problem(guide.file_of(kind, record_id), loc, message)


RULES: list[Rule] = [
    methods_have_own_precaution,
    doses_are_sane,
    routine_steps_fit_their_methods,
    titles_are_unique,
    ids_are_unique,
    precautions_are_used,
    sources_are_cited,
    contraindications_are_stated,
    home_exercises_have_figures,
]
