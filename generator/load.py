"""Reads every content file, validates it against the schema and returns the linked guide.

All problems are collected before failing, so an editor sees every mistake in one run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator import graph, rules
from generator.content_files import UnreadableEntry, list_folder, read_bytes
from generator.graph import Guide
from generator.kinds import KINDS
from generator.model import SLUG_PATTERN, TODO_PLACEHOLDER, Glossary, RedFlags, SiteSettings
from generator.paths import GLOSSARY_FILE, RED_FLAGS_FILE, SITE_FILE
from generator.placeholders import fill_placeholders, placeholder_values
from generator.problems import (
    ContentError,
    Level,
    Loc,
    Problem,
    did_you_mean,
    forget_cached_files,
    remember_nodes,
    settle,
    source_text,
)
from generator.safe_yaml import YamlRefused, parse

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_guide(
    content_dir: Path | str,
    *,
    today: dt.date | None = None,
    strict: bool = False,
    page_rules: bool = True,
) -> Guide:
    """Load, validate and link the guide in ``content_dir``; raise ContentError listing every problem.

    ``today`` dates the review rules (default: SOURCE_DATE_EPOCH, else the calendar); with ``strict``,
    warnings such as an overdue review are errors too. Without ``page_rules`` the rules on rendered
    pages (reading grades) are left to the caller, which runs ``rules.check_pages`` on the pages it
    renders anyway (the plugin), so a build renders them once.
    """
    try:
        return _load(Path(content_dir), today, strict, page_rules)
    finally:
        forget_cached_files()  # every problem has its line by now: the nodes are not needed


def _load(root: Path, today: dt.date | None, strict: bool, page_rules: bool) -> Guide:
    forget_cached_files()
    if not root.is_dir():
        raise ContentError([Problem(root, (), "the content folder does not exist")], root)
    if not os.access(root, os.R_OK | os.X_OK):
        raise ContentError([Problem(root, (), "the content folder cannot be read")], root)
    problems: list[Problem] = []

    settings = _load_single(root / SITE_FILE, SiteSettings, problems)
    red_flags = _load_single(root / RED_FLAGS_FILE, RedFlags, problems)
    glossary = (
        _load_single(root / GLOSSARY_FILE, Glossary, problems)
        if os.path.lexists(root / GLOSSARY_FILE)
        else Glossary()
    )
    records: dict[str, dict[str, Any]] = {}
    files: dict[tuple[str, str], Path] = {}
    unreadable: dict[tuple[str, str], Path] = {}
    unvalidated: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in KINDS:
        records[kind.name] = {}
        for path in _kind_files(root, kind.name, problems):
            data, refused = _read_mapping(path, problems)
            record = None if data is None else _load_record(path, data, kind.model, problems, refused)
            if record is None or refused:
                unreadable[(kind.name, path.stem)] = path
                if data is not None:
                    unvalidated[(kind.name, path.stem)] = data
            else:
                records[kind.name][record.id] = record
                files[(kind.name, record.id)] = path
    _report_unknown_entries(root, problems)

    if settings is None or red_flags is None or glossary is None:
        raise ContentError(problems, root)
    values = placeholder_values(settings)
    problems += fill_placeholders(settings, values, root / SITE_FILE)
    problems += fill_placeholders(red_flags, values, root / RED_FLAGS_FILE)
    problems += fill_placeholders(glossary, values, root / GLOSSARY_FILE)
    for kind_name, by_id in records.items():
        for record_id, record in by_id.items():
            problems += fill_placeholders(record, values, files[(kind_name, record_id)])
    guide = Guide(
        settings=settings,
        red_flags=red_flags,
        glossary=glossary,
        records=records,
        files=files,
        unreadable=unreadable,
        unvalidated=unvalidated,
        settings_file=root / SITE_FILE,
    )
    problems += graph.link(guide)
    problems += rules.check(guide, today or rules.today_for_rules())
    if page_rules and not any(p.level == Level.ERROR for p in problems):
        problems += rules.check_pages(guide)
    guide.warnings = settle(problems, root, strict)
    return guide


def _kind_files(root: Path, kind: str, problems: list[Problem]) -> list[Path]:
    """The ``.yaml`` files of a kind's folder; every other entry is reported, never ignored."""
    folder = root / kind
    if not folder.exists() and not folder.is_symlink():
        problems.append(Problem(folder, (), f"the folder for {kind} is missing"))
        return []
    try:
        entries = list_folder(folder)
    except UnreadableEntry as error:
        problems.append(Problem(folder, (), str(error)))
        return []
    found = []
    for entry in entries:
        if entry.name.startswith("."):  # hidden: editors' swap files, .DS_Store
            continue
        if entry.suffix == ".yaml":
            found.append(entry)
        elif entry.suffix.lower() in (".yaml", ".yml"):
            problems.append(
                Problem(
                    entry,
                    (),
                    f"rename it to {entry.stem}.yaml (only files ending in .yaml, in lower case, are read)",
                )
            )
        elif entry.is_dir() and not entry.is_symlink():
            problems.append(
                Problem(
                    entry,
                    (),
                    f"a folder inside {kind}/ is not read: put each {kind} file directly in {kind}/",
                )
            )
        else:
            problems.append(
                Problem(
                    entry,
                    (),
                    f"not a content file: {kind}/ holds only .yaml files; move it out of the content folder",
                )
            )
    return found


def _report_unknown_entries(root: Path, problems: list[Problem]) -> None:
    expected = {kind.name for kind in KINDS} | {SITE_FILE, RED_FLAGS_FILE, GLOSSARY_FILE}
    try:
        entries = list_folder(root)
    except UnreadableEntry as error:
        problems.append(Problem(root, (), str(error)))
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in expected or entry.suffix == ".md":
            continue
        hint = did_you_mean(entry.name, expected)
        problems.append(Problem(entry, (), f"not part of the guide's content{hint}"))


def _read_mapping(path: Path, problems: list[Problem]) -> tuple[dict[str, Any] | None, list[Loc]]:
    """The fields of a content file (None when it cannot be used), and where its YAML was refused.

    A file with refused values (a duplicate key, a tag, an impossible date) is still checked
    everywhere else, so that every problem is listed at once; it is never used.
    """
    try:
        document = parse(read_bytes(path), path)
        refused: list[Loc] = []
    except UnreadableEntry as error:
        problems.append(Problem(path, (), str(error), line=1, column=1))
        return None, []
    except YamlRefused as refusal:
        problems += refusal.problems
        if refusal.document is None:
            return None, []
        document, refused = refusal.document, [p.loc for p in refusal.problems]
    remember_nodes(path, document.node)
    data = document.data
    if data is None:
        problems.append(Problem(path, (), "the file is empty", line=1, column=1))
        return None, []
    if not isinstance(data, dict):
        found = type(data).__name__
        problems.append(Problem(path, (), f"expected fields (key: value), found a {found}"))
        return None, []
    return data, refused


def _load_single(path: Path, model: type[ModelT], problems: list[Problem]) -> ModelT | None:
    data, refused = _read_mapping(path, problems)
    if data is None:
        return None
    validated = _validate(path, model, data, problems, refused)
    return None if refused else validated


def _load_record(
    path: Path,
    data: dict[str, Any],
    model: type[ModelT],
    problems: list[Problem],
    refused: list[Loc],
) -> ModelT | None:
    if "id" in data:
        problems.append(Problem(path, ("id",), "remove it: the id comes from the file name"))
        return None
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        problems.append(
            Problem(
                path,
                (),
                f"the file name '{path.stem}' is not a valid id: use lower-case "
                "letters, digits and single hyphens, e.g. knee-to-chest-stretch.yaml",
            )
        )
        return None
    for loc in _placeholders(data, ()):
        problems.append(Problem(path, loc, f"fill in this {TODO_PLACEHOLDER} placeholder"))
    return _validate(path, model, {**data, "id": path.stem}, problems, refused)


def _placeholders(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """Where a scaffold's TODO placeholders are still in the data."""
    if isinstance(value, str) and value.startswith(TODO_PLACEHOLDER):
        yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, (*loc, index))


def _validate(
    path: Path,
    model: type[ModelT],
    data: dict[str, Any],
    problems: list[Problem],
    refused: list[Loc] | None = None,
) -> ModelT | None:
    """The validated model, or None with a problem per mistake (none where the YAML was refused)."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            if any(loc[: len(where)] == where for where in refused or ()):
                continue  # already reported by the YAML reader
            problems.append(Problem(path, loc, _explain(model, detail, path)))
        return None


def _explain(model: type[BaseModel], detail: Any, path: Path) -> str:
    """Turn a pydantic error into an editor's message, with a 'did you mean' for unknown fields."""
    kind = detail["type"]
    read_as = _read_as(detail, path)
    if read_as:
        return read_as
    if kind == "extra_forbidden":
        known = _field_names(model, detail["loc"][:-1])
        wrong = str(detail["loc"][-1])
        return f"unknown field '{wrong}'{did_you_mean(wrong, known)}"
    if kind == "missing":
        return "this field is required"
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(detail.get("ctx", {})):
        return f"'{detail['input']}' is not a valid id: use lower-case letters, digits and hyphens"
    message = detail["msg"]
    if kind == "enum":
        return f"{message}; got '{detail['input']}'"
    return message.removeprefix("Value error, ")


def _read_as(detail: Any, path: Path) -> str | None:
    """For a plain value that YAML 1.1 read as another type than the field's: what it was read as,
    and to quote it ('no' was read as false)."""
    value = detail.get("input")
    if not detail["type"].endswith("_type") or isinstance(value, str):
        return None
    written = source_text(path, tuple(detail["loc"]))
    if written is None:
        return None
    if isinstance(value, bool):
        what = f"{str(value).lower()} (YAML 1.1 reads yes, no, on, off, true and false as true or false)"
    elif isinstance(value, int | float):
        what = "a number"
    elif isinstance(value, dt.date):
        what = "a date"
    else:
        return None
    if detail["type"] == "string_type":
        return f"'{written}' was read as {what}, not as text: put it in quotes, e.g. \"{written}\""
    expected = {"int_type": "a whole number", "float_type": "a number", "date_type": "a date"}
    if isinstance(value, bool) and detail["type"] in expected:
        return f"'{written}' was read as {what}, not as {expected[detail['type']]}"
    return None


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The YAML keys allowed at ``loc``, found by walking the nested models."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = _fields_by_key(current).get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(_fields_by_key(current)) if current else []


def _fields_by_key(model: Any) -> dict[str, Any]:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return {}
    return {(info.alias or name): info for name, info in model.model_fields.items() if name != "id"}


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
