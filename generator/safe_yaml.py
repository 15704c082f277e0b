"""A hardened YAML reader for content files: composed once with line marks, built in linear time.

PyYAML's C composer turns the text into nodes that keep their line and column; this module builds the
plain Python values from those nodes itself, so that it can refuse what a content file never needs
and what could hurt:

- a key written twice in one mapping (the last one would silently win): both lines are named;
- any tag but the plain ones (``!!set``, ``!!binary``, ``!!omap``, ``!!python/...``, ``!custom``)
  and merge keys (``<<``);
- aliases (``*name``) that would expand to more than ``MAX_ALIAS_VALUES`` values (a "billion laughs"
  file), or that refer to the value holding them;
- nesting deeper than ``MAX_DEPTH``;
- a scalar that looks like a date or number but is not one (``2026-13-45``).

An alias is built once and shared, and every use adds the size of its whole expansion to a budget,
so the values handed on (to pydantic, to any walk over the data) are never larger than the file plus
``MAX_ALIAS_VALUES``. The nodes are kept (``generator.problems.remember_nodes``) to put a line on
every later problem without reading the file again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from generator.problems import Loc, Problem

# Far above what any content file needs (the deepest nests four levels), far below the stack's limit.
MAX_DEPTH = 40
# How many values aliases may add to a file in all; a content file needs none.
MAX_ALIAS_VALUES = 10_000

_YAML = "tag:yaml.org,2002:"
STR, NULL, BOOL, INT, FLOAT = (f"{_YAML}{name}" for name in ("str", "null", "bool", "int", "float"))
TIMESTAMP, SEQ, MAP, MERGE = (f"{_YAML}{name}" for name in ("timestamp", "seq", "map", "merge"))
_SCALAR_TAGS = frozenset({STR, NULL, BOOL, INT, FLOAT, TIMESTAMP})
_scalars = SafeConstructor()  # only its scalar converters are used: they need no state


@dataclass
class Document:
    """A parsed file: its value (None for an empty file) and its root node, for line numbers."""

    data: Any
    node: yaml.Node | None


class YamlRefused(Exception):
    """The file may not be used; ``problems`` says where and why (at least one).

    ``document`` is what could still be read, to check the rest of the file: refused values are
    None, the second of two equal keys is left out. It is None when nothing could be read (a syntax
    error, an alias bomb, nesting too deep).
    """

    def __init__(self, problems: list[Problem], document: Document | None = None) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
        self.document = document


class _Stop(Exception):
    """Building cannot go on (a budget or the depth is exceeded): report this one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def parse(raw: bytes, path: Path) -> Document:
    """The value of the YAML file ``path`` whose bytes are ``raw``; YamlRefused lists what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = line_and_column(raw, error.start)
        raise YamlRefused(
            [
                Problem(
                    path,
                    (),
                    f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read; save the file as UTF-8",
                    line=line,
                    column=column,
                )
            ]
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise YamlRefused([_syntax_problem(error, raw, path)]) from None
    except RecursionError:  # libyaml stops at 1000 levels; a Python composer might not
        raise YamlRefused([_too_deep(path, 1, 1)]) from None
    if node is None:
        return Document(None, None)
    builder = _Builder(path)
    try:
        data = builder.build(node, (), 0)
    except _Stop as stop:
        raise YamlRefused([stop.problem]) from None
    if builder.problems:
        raise YamlRefused(builder.problems, Document(data, node))
    return Document(data, node)


def line_and_column(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset`` of ``raw``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _syntax_problem(error: yaml.YAMLError, raw: bytes, path: Path) -> Problem:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    elif isinstance(getattr(error, "position", None), int):  # a ReaderError: a UTF-8 byte offset
        line, column = line_and_column(raw, error.position)  # type: ignore[attr-defined]
    else:
        line, column = 1, 1
    reason = getattr(error, "problem", None) or getattr(error, "reason", None) or str(error)
    if "maximum nesting depth" in str(error):
        return _too_deep(path, line, column)
    return Problem(path, (), f"not valid YAML: {reason}", line=line, column=column)


def _too_deep(path: Path, line: int, column: int) -> Problem:
    return Problem(
        path,
        (),
        f"nested more than {MAX_DEPTH} levels deep: a content file needs a few levels at most",
        line=line,
        column=column,
    )


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


class _Builder:
    """Builds plain values from nodes, depth-first, each list and mapping once: an alias shares the
    value built at its anchor, and adds the size of its whole expansion to the budget."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.built: dict[int, tuple[Any, int]] = {}  # id(node): (value, values in its expansion)
        self.building: set[int] = set()
        self.alias_values = 0

    def _at(self, node: yaml.Node, loc: Loc, message: str) -> Problem:
        mark = node.start_mark
        return Problem(self.path, loc, message, line=mark.line + 1, column=mark.column + 1)

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        return self._build(node, loc, depth)[0]

    def _build(self, node: yaml.Node, loc: Loc, depth: int) -> tuple[Any, int]:
        if isinstance(node, yaml.ScalarNode):
            # A scalar's aliases need no budget: each use is written in the file.
            return self._scalar(node, loc), 1
        key = id(node)
        if key in self.built:  # a second use of a list or mapping: an alias
            value, size = self.built[key]
            self.alias_values += size
            if self.alias_values > MAX_ALIAS_VALUES:
                raise _Stop(
                    self._at(
                        node,
                        loc,
                        f"aliases (*name) here expand to more than "
                        f"{MAX_ALIAS_VALUES:,} values: write the values out instead",
                    )
                )
            return value, size
        if key in self.building:
            raise _Stop(self._at(node, loc, "an alias (*name) refers to the value that holds it"))
        if depth > MAX_DEPTH:
            raise _Stop(
                self._at(
                    node,
                    loc,
                    f"nested more than {MAX_DEPTH} levels deep: a content file needs a few levels at most",
                )
            )
        self.building.add(key)
        result: tuple[Any, int]
        if isinstance(node, yaml.SequenceNode) and node.tag == SEQ:
            result = self._sequence(node, loc, depth)
        elif isinstance(node, yaml.MappingNode) and node.tag == MAP:
            result = self._mapping(node, loc, depth)
        else:
            self.problems.append(self._at(node, loc, self._tag_message(node.tag)))
            result = (None, 1)
        self.building.discard(key)
        self.built[key] = result
        return result

    def _tag_message(self, tag: str) -> str:
        return (
            f"the tag '{_shown(_short(tag))}' is not allowed: write plain text, numbers, dates, "
            "lists and fields"
        )

    def _scalar(self, node: yaml.ScalarNode, loc: Loc) -> Any:
        tag = node.tag
        if tag == STR:
            return node.value
        if tag not in _SCALAR_TAGS:
            self.problems.append(self._at(node, loc, self._tag_message(tag)))
            return None
        try:
            if tag == NULL:
                return None
            if tag == BOOL:
                return _scalars.construct_yaml_bool(node)
            if tag == INT:
                return _scalars.construct_yaml_int(node)
            if tag == FLOAT:
                return _scalars.construct_yaml_float(node)
            return _scalars.construct_yaml_timestamp(node)
        except (ValueError, OverflowError, TypeError) as error:
            what = "date" if tag == TIMESTAMP else "number"
            self.problems.append(
                self._at(
                    node,
                    loc,
                    f"'{_shown(node.value)}' is not a real {what} ({error}): correct it, or put it in quotes",
                )
            )
            return None

    def _sequence(self, node: yaml.SequenceNode, loc: Loc, depth: int) -> tuple[list[Any], int]:
        items: list[Any] = []
        size = 1
        for index, child in enumerate(node.value):
            if child.tag == STR and isinstance(child, yaml.ScalarNode):  # most values: no call
                items.append(child.value)
                size += 1
                continue
            value, child_size = self._build(child, (*loc, index), depth + 1)
            items.append(value)
            size += child_size
        return items, size

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> tuple[dict[Any, Any], int]:
        fields: dict[Any, Any] = {}
        first_seen: dict[Any, yaml.Node] = {}
        size = 1
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == MERGE:
                message = (
                    "merge keys (<<) are not allowed: write the fields out"
                    if key_node.tag == MERGE
                    else "a key must be a plain name, not a list or a mapping"
                )
                self.problems.append(self._at(key_node, loc, message))
                continue
            key = key_node.value if key_node.tag == STR else self._scalar(key_node, loc)
            where = (*loc, str(key_node.value))
            if key in first_seen:
                first = first_seen[key].start_mark.line + 1
                again = key_node.start_mark.line + 1
                self.problems.append(
                    self._at(
                        key_node,
                        where,
                        (
                            f"the key '{_shown(str(key_node.value))}' is written twice, on lines {first} and "
                            f"{again}: keep one"
                        ),
                    )
                )
                continue
            first_seen[key] = key_node
            if value_node.tag == STR and isinstance(value_node, yaml.ScalarNode):  # no call
                fields[key] = value_node.value
                size += 1
                continue
            value, child_size = self._build(value_node, where, depth + 1)
            fields[key] = value
            size += child_size
        return fields, size
