"""Content rules beyond the schema: the one rule set that the build, ``check`` and the tests use."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.dose import STEP_DOSE_FIELDS
from generator.figures.pose import figure_problems
from generator.graph import Guide
from generator.kinds import KINDS
from generator.model import (
    MAX_ROUTINE_STEPS,
    TODO_PLACEHOLDER,
    Dose,
    Method,
    Precaution,
    Routine,
    RoutineStep,
    Source,
)
from generator.paths import GLOSSARY_FILE, RED_FLAGS_FILE
from generator.problems import Level, Loc, Problem

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
    # (file, field, due date): the site's default first, then every reviewed record's own.
    due_dates: list[tuple[Path, tuple[str], dt.date]] = [
        (guide.settings_file, ("reviewed",), settings.review_due())
    ]
    for kind in KINDS:
        if not kind.reviewed:
            continue
        for record in guide.kind(kind.name).values():
            field = ("next_review",) if record.next_review else ("reviewed",)
            due_dates.append((guide.file_of(kind.name, record.id), field, record.review_due(settings)))
    for path, loc, due in due_dates:
        if due < today:
            yield Problem(
                path,
                loc,
                f"the review was due on {due.isoformat()}: check the page "
                "against its sources and update 'reviewed'",
                Level.WARNING,
            )
        elif (due - today).days <= REVIEW_NOTICE_DAYS:
            yield Problem(
                path,
                loc,
                f"the review is due on {due.isoformat()}, within {REVIEW_NOTICE_DAYS} days",
                Level.NOTE,
            )


def precautions_are_used(guide: Guide) -> Iterator[Problem]:
    for precaution in guide.of(Precaution).values():
        if not precaution.methods:
            yield _problem(
                guide,
                "precautions",
                precaution.id,
                (),
                "no method uses this precaution: list it under a method's precautions, "
                "set applies_to_all: true, or remove the file",
            )


def sources_are_cited(guide: Guide) -> Iterator[Problem]:
    on_help_page = set(guide.red_flags.source_ids)
    for source in guide.of(Source).values():
        if not source.cited_by and source.id not in on_help_page:
            yield _problem(
                guide,
                "sources",
                source.id,
                (),
                "no page cites this source: cite it where it supports a claim, or remove it",
            )


def contraindications_are_stated(guide: Guide) -> Iterator[Problem]:
    for method in guide.of(Method).values():
        if not method.avoid_if and not method.avoid_if_reason:
            yield _problem(
                guide,
                "methods",
                method.id,
                ("avoid_if",),
                "say who should not do this, or keep avoid_if: [] and explain why in avoid_if_reason",
            )
        if method.avoid_if and method.avoid_if_reason:
            yield _problem(
                guide,
                "methods",
                method.id,
                ("avoid_if_reason",),
                "remove it: avoid_if_reason only explains an empty avoid_if",
            )


def methods_have_own_precaution(guide: Guide) -> Iterator[Problem]:
    for method in guide.of(Method).values():
        own = [pid for pid in method.precaution_ids if pid in guide.precautions]
        if own and all(guide.precautions[pid].applies_to_all for pid in own):
            yield _problem(
                guide,
                "methods",
                method.id,
                ("precautions",),
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
                    guide,
                    "methods",
                    method.id,
                    ("dose", name),
                    f"{value[1]} is more than the sane maximum of {limit}",
                )


def routine_steps_fit_their_methods(guide: Guide) -> Iterator[Problem]:
    for routine in guide.of(Routine).values():
        if len(routine.steps) > MAX_ROUTINE_STEPS:
            yield _problem(
                guide,
                "routines",
                routine.id,
                ("steps",),
                f"a routine has at most {MAX_ROUTINE_STEPS} steps, so its card fits a page",
            )
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
        yield problem(
            "method",
            f"'{method.id}' is {method.category.value}, which may not join "
            "a routine: only stretching, mobility, strengthening and foam-roller methods",
        )
        return
    dose: Dose = method.dose  # type: ignore[assignment]  # home exercises always have one
    for name in STEP_DOSE_FIELDS:
        chosen, allowed = getattr(step, name), getattr(dose, name)
        if allowed is None and chosen is not None:
            yield problem(name, f"'{method.id}' has no {name} in its dose; remove it")
        elif allowed is not None and chosen is None:
            yield problem("", f"set {name} (between {allowed[0]} and {allowed[1]} for '{method.id}')")
        elif allowed is not None and not allowed[0] <= chosen <= allowed[1]:
            yield problem(
                name, f"{chosen} is outside the safe range {allowed[0]}–{allowed[1]} of '{method.id}'"
            )


def titles_are_unique(guide: Guide) -> Iterator[Problem]:
    for kind in KINDS:
        by_title: dict[str, list[str]] = defaultdict(list)
        for record in guide.kind(kind.name).values():
            by_title[record.title.casefold()].append(record.id)
        for ids in by_title.values():
            for duplicate in ids[1:]:
                yield _problem(
                    guide,
                    kind.name,
                    duplicate,
                    ("title",),
                    f"the same title as '{ids[0]}': readers could not tell them apart",
                )


def ids_are_unique(guide: Guide) -> Iterator[Problem]:
    first_kind: dict[str, str] = {}
    for kind, record_id in guide.files:
        if record_id in first_kind:
            other = guide.file_of(first_kind[record_id], record_id)
            yield _problem(
                guide,
                kind,
                record_id,
                (),
                f"the id '{record_id}' is already used by {other.parent.name}/"
                f"{other.name}: ids are unique across the guide",
            )
        else:
            first_kind[record_id] = kind


def home_exercises_have_figures(guide: Guide) -> Iterator[Problem]:
    """A home exercise is drawn from its pose data; the poses fit the method's steps and props."""
    for method in guide.of(Method).values():
        home = method.category.is_home_exercise
        if method.figure is None:
            if home:
                yield _problem(
                    guide,
                    "methods",
                    method.id,
                    ("category",),
                    f"a {method.category.value} method needs a figure: add a figure: block "
                    "at the end of the file (CONTRIBUTING.md, 'Drawing the exercises')",
                )
            continue
        if not home:
            yield _problem(
                guide,
                "methods",
                method.id,
                ("figure",),
                f"only home exercises are drawn, not {method.category.value}: remove it",
            )
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


# --- Clinical safety rules (issue 13) -----------------------------------------------------------

# Emergency signs, as the red-flags page gives them: a text anywhere else in the guide that
# mentions one must give the emergency action (the emergency number) in the same field, so no page
# can downgrade an emergency to "see a doctor". One table, one place: add a sign here and the rule,
# its test and the message follow.
EMERGENCY_SIGNS: dict[str, str] = {
    "both legs": r"\bboth legs\b",
    "numbness around the genitals or bottom": r"\b(?:genitals?|genital area|anus|back passage|saddle)\b",
    "bladder control or not being able to pee": r"\bbladder\b|\b(?:cannot|can't|can not|unable to) pee\b"
    r"|\bpeeing\b",
    "bowel control": r"\bbowel control\b|\bcontrol (?:of )?(?:your )?bowels\b|\bbladder(?:,| or| and) "
    r"bowel|\bbowel(?:,| or| and) bladder|\bopen(?:ing)? your bowels\b",
    "chest pain": r"\bchest pain\b",
    "a serious accident": r"\bserious (?:accident|fall|injury)\b|\bcar (?:crash|accident)\b",
    "signs of a neck-artery tear or stroke": r"\b(?:double vision|slurred speech"
    r"|face drooping|drooping face)\b",
    "sudden severe back or tummy pain": r"\bsudden,? severe (?:back or )?(?:tummy|abdominal|stomach) pain\b",
}
_EMERGENCY_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in EMERGENCY_SIGNS.items()}


def _any_of(patterns: dict[str, re.Pattern[str]]) -> re.Pattern[str]:
    """One pattern that matches wherever one of ``patterns`` does, each keeping its own case rule:
    one search per text finds the few texts worth naming the patterns of (the guide has thousands)."""
    return re.compile(
        "|".join(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})" for p in patterns.values())
    )


_ANY_EMERGENCY_SIGN = _any_of(_EMERGENCY_PATTERNS)

# Words that belong in an editor's note, never in what a reader sees.
EDITORS_WORDS: dict[str, str] = {
    "brief": r"\bbrief\b",
    "not yet been checked": r"\bnot (?:yet )?been checked\b",
    "check this": r"\bcheck this\b",
    "to be confirmed": r"\bto be (?:confirmed|decided)\b",
    "the editors": r"\bthe editors?\b",
    "editor's note": r"\beditors?'?s? notes?\b",
    "this wording": r"\bthis wording\b",
    "placeholder": r"\bplaceholder\b",
    "lorem ipsum": r"\blorem ipsum\b",
    "TODO": r"\bTODO\b",
    "TBC": r"\bTBC\b",
    "TBD": r"\bTBD\b",
    "FIXME": r"\bFIXME\b",
    "XXX": r"\bXXX\b",
    "[?]": r"\[\?\]",
    "[DISAGREE]": r"\[DISAGREE\]",
}
_CASE_SENSITIVE_WORDS = {"TODO", "TBC", "TBD", "FIXME", "XXX"}
_EDITORS_PATTERNS = {
    name: re.compile(pattern, 0 if name in _CASE_SENSITIVE_WORDS else re.IGNORECASE)
    for name, pattern in EDITORS_WORDS.items()
}
_ANY_EDITORS_WORD = _any_of(_EDITORS_PATTERNS)
# Fields that hold identifiers, addresses or codes rather than words a reader reads.
NOT_PROSE = frozenset({"id", "url", "doi", "isbn", "body_areas"})


def public_texts(guide: Guide) -> Iterator[tuple[Path, Loc, str]]:
    """Every text a reader can see: (file, field path, text), red-flags.yaml and site.yaml included."""
    yield from _texts(guide.settings, guide.settings_file, ())
    yield from _texts(guide.red_flags, guide.settings_file.parent / RED_FLAGS_FILE, ())
    yield from _texts(guide.glossary, guide.settings_file.parent / GLOSSARY_FILE, ())
    for kind in KINDS:
        for record in guide.kind(kind.name).values():
            yield from _texts(record, guide.file_of(kind.name, record.id), ())


def _texts(value: Any, path: Path, loc: Loc) -> Iterator[tuple[Path, Loc, str]]:
    if isinstance(value, Enum) or value is None:
        return
    if isinstance(value, str):
        yield path, loc, value
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, path, (*loc, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, path, (*loc, str(key)))
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            if name in NOT_PROSE or name.endswith("_id") or name.endswith("_ids"):
                continue
            yield from _texts(getattr(value, name), path, (*loc, info.alias or name))


def emergency_signs_come_with_the_action(guide: Guide) -> Iterator[Problem]:
    """A text outside red-flags.yaml that names an emergency sign must give the emergency number."""
    red_flags_file = guide.settings_file.parent / RED_FLAGS_FILE
    number = re.compile(rf"(?<!\d){re.escape(guide.settings.emergency_number)}(?!\d)")
    for path, loc, text in public_texts(guide):
        if not _ANY_EMERGENCY_SIGN.search(text):
            continue
        if path == red_flags_file or loc[-1:] == ("title",) or number.search(text):
            continue  # a title names a condition; the page's text gives the action
        signs = [name for name, pattern in _EMERGENCY_PATTERNS.items() if pattern.search(text)]
        if signs:
            yield Problem(
                path,
                loc,
                f"names an emergency sign ({', '.join(signs)}) without the "
                "emergency action: say, in the same text, to call {emergency_number} or "
                "go to A&E",
            )


def no_editors_words_in_public_text(guide: Guide) -> Iterator[Problem]:
    """Editors' notes (the brief, TODO, 'not yet been checked') never reach a reader."""
    for path, loc, text in public_texts(guide):
        if text.startswith(TODO_PLACEHOLDER) or not _ANY_EDITORS_WORD.search(text):
            continue  # the loader already reports a scaffold's unfilled TODO
        found = [name for name, pattern in _EDITORS_PATTERNS.items() if pattern.search(text)]
        if found:
            yield Problem(
                path,
                loc,
                f"an editor's note in public text ({', '.join(found)}): "
                "rewrite it for readers, or move it out of the content",
            )


def sources_are_complete(guide: Guide) -> Iterator[Problem]:
    """A source says who wrote it, its exact title, when, and where to find it (DOI, URL or, for a
    book, ISBN); a web page without a date of its own says when it was checked (accessed)."""
    for source in guide.of(Source).values():
        missing = []
        if not source.authors and not source.organisation:
            missing.append("authors (as 'Surname Initials') or organisation")
        if source.year is None and not (source.url and source.accessed):
            missing.append("year (or, for a web page without a date, accessed)")
        if not (source.doi or source.url or source.isbn):
            missing.append("a doi or url (isbn for a book)")
        if source.more_authors and not source.authors:
            missing.append("the first authors before more_authors")
        if missing:
            yield _problem(guide, "sources", source.id, (), f"incomplete reference: add {'; '.join(missing)}")


RULES += [
    emergency_signs_come_with_the_action,
    no_editors_words_in_public_text,
    sources_are_complete,
]


# The pages a reader in pain reads first: each kind's pages here, and the help page.
PLAIN_LANGUAGE_KINDS = ("methods", "routines", "effects", "topics", "conditions", "precautions")


def pages_read_easily(guide: Guide, pages: dict[str, str]) -> Iterator[Problem]:
    """Each page of the kinds a reader acts on (PLAIN_LANGUAGE_KINDS), and the help page, at
    grade 8 or below."""
    from generator.paths import HELP_PAGE, page_path
    from generator.readability import MAX_GRADE, page_grades

    checked: dict[str, tuple[Path, Loc]] = {HELP_PAGE: (guide.settings_file.parent / RED_FLAGS_FILE, ())}
    for kind in PLAIN_LANGUAGE_KINDS:
        for record in guide.kind(kind).values():
            checked[page_path(record)] = (guide.file_of(kind, record.id), ())
    for path, grade in page_grades(pages, list(checked)).items():
        if grade > MAX_GRADE:
            file, loc = checked[path]
            yield Problem(
                file,
                loc,
                f"the page {path} reads at grade {grade} (Flesch-Kincaid): "
                f"aim for {MAX_GRADE:g} or below with shorter sentences and words",
                Level.WARNING,
            )


# Rules on the rendered pages: they run only on a guide without errors (a page cannot be rendered
# with a dangling reference).
PageRule = Callable[[Guide, dict[str, str]], Iterator[Problem]]
PAGE_RULES: list[PageRule] = [pages_read_easily]


def check_pages(guide: Guide, pages: dict[str, str] | None = None) -> list[Problem]:
    """The page rules on ``pages`` (the guide's rendered Markdown by path), rendered here if not
    given: a build passes the pages it has rendered anyway, so they are rendered once."""
    if pages is None:
        from generator.render import render_pages  # rendering imports the rules' neighbours

        pages = render_pages(guide)
    return [problem for rule in PAGE_RULES for problem in rule(guide, pages)]
