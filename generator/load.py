"""Reads every content file, validates it against the schema and returns the linked guide.

All problems are collected before failing, so an editor sees every mistake in one run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from generator import graph, rules
from generator.graph import Guide
from generator.kinds import KINDS
from generator.model import SLUG_PATTERN, TODO_PLACEHOLDER, Glossary, RedFlags, SiteSettings
from generator.paths import GLOSSARY_FILE, RED_FLAGS_FILE, SITE_FILE
from generator.placeholders import fill_placeholders, placeholder_values
from generator.problems import ContentError, Level, Problem, did_you_mean, forget_cached_files

ModelT = TypeVar("ModelT", bound=BaseModel)


def load_guide(
    content_dir: Path | str, *, today: dt.date | None = None, strict: bool = False
) -> Guide:
    """Load, validate and link the guide in ``content_dir``; raise ContentError listing every problem.

    ``today`` dates the review rules (default: SOURCE_DATE_EPOCH, else the calendar); with ``strict``,
    warnings such as an overdue review are errors too.
    """
    root = Path(content_dir)
    forget_cached_files()
    if not root.is_dir():
        raise ContentError([Problem(root, (), "the content folder does not exist")], root)
    problems: list[Problem] = []

    settings = _load_single(root / SITE_FILE, SiteSettings, problems)
    red_flags = _load_single(root / RED_FLAGS_FILE, RedFlags, problems)
    glossary = (_load_single(root / GLOSSARY_FILE, Glossary, problems)
                if (root / GLOSSARY_FILE).exists() else Glossary())
    records: dict[str, dict[str, Any]] = {}
    files: dict[tuple[str, str], Path] = {}
    unreadable: dict[tuple[str, str], Path] = {}
    unvalidated: dict[tuple[str, str], dict[str, Any]] = {}
    for kind in KINDS:
        records[kind.name] = {}
        for path in _kind_files(root, kind.name, problems):
            data = _read_mapping(path, problems)
            record = None if data is None else _load_record(path, data, kind.model, problems)
            if record is None:
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
    guide = Guide(settings=settings, red_flags=red_flags, glossary=glossary, records=records,
                  files=files,
                  unreadable=unreadable, unvalidated=unvalidated, settings_file=root / SITE_FILE)
    problems += graph.link(guide)
    problems += rules.check(guide, today or rules.today_for_rules())
    if not any(p.level == Level.ERROR for p in problems):
        problems += rules.check_pages(guide)
    if strict:
        problems = [replace(p, level=Level.ERROR) if p.level == Level.WARNING else p
                    for p in problems]
    if any(p.level == Level.ERROR for p in problems):
        raise ContentError(problems, root)
    guide.warnings = [p.located() for p in problems]
    return guide


def _kind_files(root: Path, kind: str, problems: list[Problem]) -> list[Path]:
    folder = root / kind
    if not folder.is_dir():
        problems.append(Problem(folder, (), f"the folder for {kind} is missing"))
        return []
    for stray in sorted(folder.iterdir()):
        if stray.suffix == ".yml":
            problems.append(Problem(stray, (), f"rename it to {stray.stem}.yaml"))
    return sorted(folder.glob("*.yaml"))


def _report_unknown_entries(root: Path, problems: list[Problem]) -> None:
    expected = {kind.name for kind in KINDS} | {SITE_FILE, RED_FLAGS_FILE, GLOSSARY_FILE}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in expected or entry.suffix == ".md":
            continue
        hint = did_you_mean(entry.name, expected)
        problems.append(Problem(entry, (), f"not part of the guide's content{hint}"))


def _read_mapping(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(path, (), "the file is missing"))
        return None
    except UnicodeDecodeError as error:
        problems.append(Problem(path, (), f"not UTF-8 text (byte {error.start})", line=1, column=1))
        return None
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(error, "problem", None) or str(error)
        problems.append(Problem(path, (), f"not valid YAML: {reason}", line=line, column=column))
        return None
    if data is None:
        problems.append(Problem(path, (), "the file is empty", line=1, column=1))
        return None
    if not isinstance(data, dict):
        found = type(data).__name__
        problems.append(Problem(path, (), f"expected fields (key: value), found a {found}"))
        return None
    return data


def _load_single(path: Path, model: type[ModelT], problems: list[Problem]) -> ModelT | None:
    data = _read_mapping(path, problems)
    if data is None:
        return None
    return _validate(path, model, data, problems)


def _load_record(
    path: Path, data: dict[str, Any], model: type[ModelT], problems: list[Problem]
) -> ModelT | None:
    if "id" in data:
        problems.append(Problem(path, ("id",), "remove it: the id comes from the file name"))
        return None
    if not re.fullmatch(SLUG_PATTERN, path.stem):
        problems.append(
            Problem(path, (), f"the file name '{path.stem}' is not a valid id: use lower-case "
                    "letters, digits and single hyphens, e.g. knee-to-chest-stretch.yaml")
        )
        return None
    for loc in _placeholders(data, ()):
        problems.append(Problem(path, loc, f"fill in this {TODO_PLACEHOLDER} placeholder"))
    return _validate(path, model, {**data, "id": path.stem}, problems)


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
    path: Path, model: type[ModelT], data: dict[str, Any], problems: list[Problem]
) -> ModelT | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            problems.append(Problem(path, loc, _explain(model, detail)))
        return None


def _explain(model: type[BaseModel], detail: Any) -> str:
    """Turn a pydantic error into an editor's message, with a 'did you mean' for unknown fields."""
    kind = detail["type"]
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
    return {
        (info.alias or name): info for name, info in model.model_fields.items() if name != "id"
    }


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
