"""Content problems: where in which file, and what is wrong, as editors and CI annotations read them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path

import yaml

Loc = tuple[str | int, ...]


class Level(StrEnum):
    """How serious a problem is. A warning becomes an error in strict mode; a note never does."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """One mistake in the content. ``loc`` is the path to the field inside the file."""

    file: Path
    loc: Loc
    message: str
    level: Level = Level.ERROR
    line: int | None = field(default=None, compare=False)
    column: int | None = field(default=None, compare=False)

    @property
    def field_name(self) -> str:
        return ".".join(str(part) for part in self.loc) or "(file)"

    def located(self) -> Problem:
        """The same problem with its line and column filled in (read only when reporting)."""
        if self.line is not None:
            return self
        line, column = locate(self.file, self.loc)
        return replace(self, line=line, column=column)

    def format(self, root: Path | None = None) -> str:
        """``file:line:column: field: message``, the form editors and CI annotations read."""
        where = self.located()
        shown = _relative(self.file, root)
        kind = "" if self.level == Level.ERROR else f"{self.level.value}: "
        return f"{shown}:{where.line}:{where.column}: {self.field_name}: {kind}{self.message}"


class ContentError(Exception):
    """The content has mistakes; every one is listed, each naming file, line and field."""

    def __init__(self, problems: Sequence[Problem], root: Path | None = None) -> None:
        located = [p.located() for p in problems]
        self.problems = sorted(located, key=lambda p: (str(p.file), p.line or 0, p.column or 0))
        self.root = root
        count = len(self.problems)
        lines = [p.format(root) for p in self.problems]
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} content {noun}:\n" + "\n".join(lines))


def settle(problems: Sequence[Problem], root: Path | None, strict: bool) -> list[Problem]:
    """Raise ContentError if any of ``problems`` is an error (with ``strict``, a warning is one too);
    otherwise return them located, as the warnings and notes to show."""
    if strict:
        problems = [replace(p, level=Level.ERROR) if p.level == Level.WARNING else p for p in problems]
    if any(p.level == Level.ERROR for p in problems):
        raise ContentError(problems, root)
    return [p.located() for p in problems]


def did_you_mean(wrong: str, choices: Iterable[str]) -> str:
    """A ' (did you mean ...?)' hint for a misspelt id or field, or '' when nothing is close."""
    close = difflib.get_close_matches(wrong, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            # The folder resolved, not the file: a symlink is shown where it is, not where it points.
            return (path.parent.resolve() / path.name).relative_to(root.resolve().parent).as_posix()
        except ValueError:
            pass
    return path.as_posix()


# The root node of every file the loader read, kept to put a line on each problem without reading or
# parsing the file again (generator.safe_yaml composes each file once, with line marks).
_NODES: dict[Path, yaml.Node] = {}
# Each mapping's keys, indexed on first use: finding a field is then one step per level, so locating
# every problem of a file stays linear in its size.
_KEYS: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}


def remember_nodes(path: Path, node: yaml.Node | None) -> None:
    """Keep the composed nodes of ``path`` for ``locate`` (done by the loader)."""
    if node is not None:
        _NODES[path] = node


def locate(path: Path, loc: Loc) -> tuple[int, int]:
    """1-based line and column of the deepest node on ``loc`` that exists in the file."""
    node = _NODES.get(path)
    if node is None:
        return 1, 1
    line, column = node.start_mark.line, node.start_mark.column
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        key_node, node = child
        # Point at the key of a mapping entry (the field's own line), or at a list item.
        mark = (key_node or node).start_mark
        line, column = mark.line, mark.column
    return line + 1, column + 1


def source_text(path: Path, loc: Loc) -> str | None:
    """The text of the plain value at ``loc`` as the file spells it (``no`` for a false), if any."""
    node = _NODES.get(path)
    for part in loc:
        child = _child(node, part) if node is not None else None
        if child is None:
            return None
        node = child[1]
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        keys = _KEYS.get(id(node))
        if keys is None:
            keys = _KEYS[id(node)] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    keys.setdefault(key.value, (key, value))
        return keys.get(str(part))
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def forget_cached_files() -> None:
    """Forget the files' nodes, e.g. between rebuilds under ``mkdocs serve``."""
    _NODES.clear()
    _KEYS.clear()
