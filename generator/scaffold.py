"""``backguide new KIND SLUG``: a new content file with every field, commented, to fill in.

The file is written from the model, so a new field appears in new files without editing this module.
Placeholders start with TODO, and the content rules refuse any TODO left in a file.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.kinds import KIND_BY_NAME
from generator.model import SLUG_PATTERN
from generator.model import TODO_PLACEHOLDER as PLACEHOLDER

INDENT = "  "


def scaffold(kind_name: str, today: dt.date) -> str:
    kind = KIND_BY_NAME[kind_name]
    header = (
        f"# A new {kind.singular}. Replace every {PLACEHOLDER}, delete the optional lines you do not "
        "need\n# (they start with '# ~'), then run: backguide check\n"
    )
    return header + "".join(_fields(kind.model, today, depth=0))


def write_scaffold(content_dir: Path, kind: str, slug: str, today: dt.date) -> Path:
    """Write ``content/KIND/SLUG.yaml``; never overwrite an existing file."""
    target = content_dir / kind / f"{slug}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": fail if it exists
        handle.write(scaffold(kind, today))
    return target


# Review dates come last in a file, and `reviewed` is always written: content is dated when written.
REVIEW_FIELDS = ("reviewed", "next_review", "reviewed_by")


def _fields(model: type[BaseModel], today: dt.date, depth: int) -> list[str]:
    lines = []
    pad = INDENT * depth
    ordered = sorted(model.model_fields.items(), key=lambda item: item[0] in REVIEW_FIELDS)
    for name, info in ordered:
        if name == "id":
            continue
        key = info.alias or name
        required = info.is_required() or name == "reviewed"
        note = info.description or ""
        choices = _choices(info.annotation)
        if choices:
            note = f"{note} One of: {', '.join(choices)}.".strip()
        if note:
            lines.append(f"{pad}# {note}\n")
        prefix = "" if required else "# ~ "
        nested = _model_in(info.annotation)
        if nested is not None and not _is_list(info.annotation):
            lines.append(f"{pad}{prefix}{key}:\n")
            inner = _fields(nested, today, depth + 1)
            lines += inner if required else [_commented(line, pad) for line in inner]
        else:
            value = _placeholder(info, today, key)
            lines.append(f"{pad}{prefix}{key}: {value}\n")
    return lines


def _placeholder(info: FieldInfo, today: dt.date, key: str) -> str:
    annotation = info.annotation
    if _is_list(annotation):
        inner = typing.get_args(_strip_optional(annotation))[0]
        nested = _model_in(inner)
        if nested is not None:
            fields = ", ".join(
                f"{f.alias or n}: {_placeholder(f, today, f.alias or n)}"
                for n, f in nested.model_fields.items()
                if f.is_required()
            )
            return f"[{{{fields}}}]"
        return f"[{PLACEHOLDER}]" if _is_slug(info, inner) else f'["{PLACEHOLDER}: {key}"]'
    base = _strip_optional(annotation)
    if base is bool:
        return json.dumps(info.default if isinstance(info.default, bool) else False)
    if base is int:
        return "1"
    if base is dt.date:
        return today.isoformat()
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return f"{PLACEHOLDER}"
    if typing.get_origin(base) is tuple:
        return "[1, 1]"
    return f'"{PLACEHOLDER}: {key}"'


def _commented(line: str, pad: str) -> str:
    """A line of an optional nested block: one '# ~' marker, however deep."""
    body = line.strip()
    if body.startswith("# ~ "):
        body = body[len("# ~ ") :]
    elif body.startswith("#"):
        return line
    return f"{pad}# ~ {INDENT}{body}\n"


def _is_slug(info: FieldInfo, inner: Any) -> bool:
    """A list of ids (references are aliased fields, e.g. `precautions`) or of slugs."""
    return info.alias is not None or SLUG_PATTERN in repr(inner)


def _strip_optional(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation


def _is_list(annotation: Any) -> bool:
    return typing.get_origin(_strip_optional(annotation)) is list


def _model_in(annotation: Any) -> type[BaseModel] | None:
    base = _strip_optional(annotation)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return base
    return None


def _choices(annotation: Any) -> list[str]:
    base = _strip_optional(annotation)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return [str(member.value) for member in base]
    return []
