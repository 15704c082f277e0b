"""Hostile or unlucky content: every input is refused as ``file:line:column: field: message``, in
bounded time and memory, with every other problem still listed and never a Python traceback.

Each case reproduces a defect of issue 12: duplicate keys, impossible dates, alias bombs, tags, deep
nesting, booleans read as numbers or text, bytes that are not UTF-8, stray files, and entries in
``content/`` that are not regular files (symlinks, FIFOs, unreadable files, folders).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.content_files import MAX_FILE_BYTES
from generator.safe_yaml import MAX_ALIAS_VALUES, MAX_DEPTH

from .conftest import build_site, copy_project
from .helpers import edit, line_of, problems_of, without_dac_override

LINE = re.compile(r"^content/[\w/.\-]+:\d+:\d+: [\w.()\-]+: .+$")
# A bad edit elsewhere, to show that one hostile file never hides the other problems.
OTHER = ("causes/stress.yaml", "summary:", "sumary:", "did you mean 'summary'")
# Generous: a hostile file is refused in milliseconds; the defects took minutes or never ended.
TIMEOUT = 60


def _with_other_mistake(content: Path) -> None:
    edit(content / OTHER[0], OTHER[1], OTHER[2])


def _assert_reported(messages: list[str], path: str, line: int | None, *needles: str) -> None:
    found = [
        m
        for m in messages
        if m.startswith(f"content/{path}:")
        and (line is None or m.startswith(f"content/{path}:{line}:"))
        and all(n in m for n in needles)
    ]
    assert found, f"no problem at {path}:{line} with {needles}:\n" + "\n".join(messages)
    assert any(OTHER[3] in m for m in messages), "the other file's problem is still listed"


def run_check(content: Path, preexec: Callable[[], None] | None = None) -> tuple[int, list[str], str]:
    """``backguide check`` in its own process (a hang or a traceback cannot take the tests down)."""
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--content", str(content), "check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
        preexec_fn=preexec,
    )
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    return result.returncode, lines, result.stdout + result.stderr


def _no_traceback(output: str) -> None:
    assert "Traceback" not in output and "Error:" not in output.replace("content error", ""), output


# ---- YAML --------------------------------------------------------------------------------------


def test_a_duplicate_key_names_both_lines_safety_values_included(content):
    _with_other_mistake(content)
    site = content / "site.yaml"
    first = line_of(site, "emergency_number:")
    site.write_text(site.read_text(encoding="utf-8") + 'emergency_number: "112"\n', encoding="utf-8")
    again = len(site.read_text(encoding="utf-8").splitlines())
    method = content / "methods" / "plank.yaml"
    edit(method, "key_cue:", "title: Plank again\nkey_cue:")
    messages = problems_of(content)
    _assert_reported(messages, "site.yaml", again, "emergency_number:", f"lines {first} and {again}")
    title_again = line_of(method, "title: Plank again")
    _assert_reported(messages, "methods/plank.yaml", title_again, "title:", f"lines 1 and {title_again}")


def test_an_impossible_date_is_a_content_error_and_the_rest_is_still_listed(content):
    _with_other_mistake(content)
    method = content / "methods" / "bridge.yaml"
    text = method.read_text(encoding="utf-8")
    method.write_text(re.sub(r"reviewed: [\d-]+", "reviewed: 2026-13-45", text, count=1), "utf-8")
    edit(method, "difficulty:", "dificulty:")  # a second mistake in the same file
    code, lines, output = run_check(content)
    assert code == 1
    _no_traceback(output)
    assert all(LINE.match(line) for line in lines), lines
    _assert_reported(
        lines,
        "methods/bridge.yaml",
        line_of(method, "2026-13-45"),
        "reviewed:",
        "'2026-13-45' is not a real date",
    )
    _assert_reported(lines, "methods/bridge.yaml", None, "did you mean 'difficulty'")


BOMB = (
    "\n".join(
        ["title: Bomb", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        + [
            f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [{','.join(['*' + chr(ord('a') + i - 1)] * 9)}]"
            for i in range(1, 9)
        ]
    )
    + "\n"
)


@pytest.mark.parametrize("target", ["methods/plank.yaml", "site.yaml"])
def test_an_alias_bomb_is_refused_at_once(content, target):
    assert len(BOMB) < 400  # the 396-byte file: 9 ** 9 values once expanded
    _with_other_mistake(content)
    (content / target).write_text(BOMB, encoding="utf-8")
    started = time.perf_counter()
    code, lines, output = run_check(content)
    assert code == 1 and time.perf_counter() - started < TIMEOUT
    _no_traceback(output)
    _assert_reported(lines, target, None, f"expand to more than {MAX_ALIAS_VALUES:,} values")


def test_aliases_within_the_budget_still_load(content):
    method = content / "methods" / "plank.yaml"
    edit(method, "equipment:", "equipment: &kit [mat]\nold_equipment:")
    edit(method, "old_equipment:", "unused:")
    messages = problems_of(content)
    assert [m for m in messages if "unknown field 'unused'" in m], messages
    assert not [m for m in messages if "alias" in m]


def test_an_alias_that_holds_itself_is_refused(content):
    _with_other_mistake(content)
    edit(content / "methods" / "plank.yaml", "steps:", "loop: &loop [*loop]\nsteps:")
    _assert_reported(problems_of(content), "methods/plank.yaml", None, "refers to the value that holds it")


@pytest.mark.slow
def test_the_work_of_locating_problems_is_linear(content):
    # 20,000 unknown fields: each problem's line is found in one step per level, not by a search.
    method = content / "methods" / "plank.yaml"
    method.write_text(
        method.read_text(encoding="utf-8") + "".join(f"extra{i}: x\n" for i in range(20_000)),
        encoding="utf-8",
    )
    started = time.perf_counter()
    messages = problems_of(content)
    assert time.perf_counter() - started < TIMEOUT
    last = line_of(method, "extra19999:")
    assert any(
        m.startswith(f"content/methods/plank.yaml:{last}:1: extra19999: unknown field") for m in messages
    )


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!set {a, b}", "!!set"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!omap [{a: 1}]", "!!omap"),
        ("!!python/object/apply:os.system [echo hi]", "!!python/object/apply:os.system"),
        ("!custom x", "!custom"),
        ("!!str [a]", "!!str"),
    ],
)
def test_tags_other_than_the_plain_ones_are_refused(content, value, shown):
    _with_other_mistake(content)
    method = content / "methods" / "plank.yaml"
    edit(method, "steps:", f"steps: {value}\nold_steps:")
    _assert_reported(
        problems_of(content),
        "methods/plank.yaml",
        line_of(method, value),
        "steps:",
        f"the tag '{shown}' is not allowed",
    )


def test_a_merge_key_is_refused(content):
    _with_other_mistake(content)
    method = content / "methods" / "plank.yaml"
    edit(method, "dose:", "dose:\n  <<: {each_side: true}")
    _assert_reported(
        problems_of(content), "methods/plank.yaml", line_of(method, "<<:"), "merge keys (<<) are not allowed"
    )


@pytest.mark.parametrize("shape", ["flow", "block"])
@pytest.mark.parametrize("depth", [MAX_DEPTH + 5, 999, 5000])
def test_deep_nesting_is_a_clear_error(content, shape, depth):
    _with_other_mistake(content)
    # Block sequences on one line ("- - - x") nest too, each inside the one before.
    nested = "[" * depth + "]" * depth if shape == "flow" else "\n  " + "- " * depth + "x"
    edit(content / "methods" / "plank.yaml", "steps:", f"steps: {nested}\nold_steps:")
    _assert_reported(
        problems_of(content), "methods/plank.yaml", None, f"nested more than {MAX_DEPTH} levels deep"
    )


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (r"reps: \[\d+, \d+\]", "reps: [true, 10]", "dose.reps.0", "'true' was read as true"),
        (r"hold_seconds: \[\d+, \d+\]", "hold_seconds: [5.0, 10]", "dose.hold_seconds.0", "valid integer"),
        (r"reps: \[\d+, \d+\]", 'reps: ["5", 10]', "dose.reps.0", "valid integer"),
    ],
)
def test_a_dose_is_a_whole_number_as_written(content, old, new, field, message):
    _with_other_mistake(content)
    method = content / "methods" / "plank.yaml"
    text = method.read_text(encoding="utf-8")
    assert re.search(old, text)
    method.write_text(re.sub(old, new, text, count=1), encoding="utf-8")
    _assert_reported(problems_of(content), "methods/plank.yaml", line_of(method, new), f"{field}:", message)


def test_a_routine_step_dose_of_yes_is_refused(content):
    _with_other_mistake(content)
    routine = content / "routines" / "desk-break.yaml"
    text = routine.read_text(encoding="utf-8")
    routine.write_text(re.sub(r"reps: \d+", "reps: yes", text, count=1), encoding="utf-8")
    _assert_reported(
        problems_of(content), "routines/desk-break.yaml", None, "steps.", "'yes' was read as true"
    )


def test_a_title_of_no_says_it_was_read_as_false(content):
    _with_other_mistake(content)
    edit(content / "methods" / "plank.yaml", "title: Plank", "title: no")
    _assert_reported(
        problems_of(content),
        "methods/plank.yaml",
        1,
        "title:",
        "'no' was read as false",
        "YAML 1.1",
        'put it in quotes, e.g. "no"',
    )


def test_a_number_too_long_to_read_is_a_content_error(content):
    _with_other_mistake(content)
    edit(content / "routines" / "desk-break.yaml", "minutes:", f"minutes: {'9' * 5000}\nold_minutes:")
    _assert_reported(
        problems_of(content), "routines/desk-break.yaml", None, "minutes:", "is not a real number"
    )


def test_a_byte_that_is_not_utf8_is_reported_where_it_is(content):
    _with_other_mistake(content)
    method = content / "methods" / "plank.yaml"
    lines = method.read_bytes().split(b"\n")
    lines[4] = lines[4][:7] + b"\xe9" + lines[4][7:]  # Latin-1 "é" on line 5, column 8
    method.write_bytes(b"\n".join(lines))
    _assert_reported(problems_of(content), "methods/plank.yaml", 5, ":5:8:", "not UTF-8", "0xe9")


def test_a_control_character_is_reported_where_it_is(content):
    _with_other_mistake(content)
    method = content / "methods" / "plank.yaml"
    lines = method.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2][:3] + "\x07" + lines[2][3:]
    method.write_text("\n".join(lines), encoding="utf-8")
    _assert_reported(problems_of(content), "methods/plank.yaml", 3, ":3:4:", "not valid YAML")


# ---- files and folders -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["wall-angel.YAML", "wall-angel.Yaml", "wall-angel.yml"])
def test_a_yaml_file_with_another_extension_is_reported(content, name):
    _with_other_mistake(content)
    (content / "methods" / name).write_text("title: Wall angel\n", encoding="utf-8")
    _assert_reported(problems_of(content), f"methods/{name}", 1, "rename it to wall-angel.yaml")


def test_stray_files_and_folders_in_a_kind_folder_are_reported(content):
    _with_other_mistake(content)
    (content / "methods" / "notes.txt").write_text("to do\n", encoding="utf-8")
    (content / "methods" / "drafts").mkdir()
    (content / "methods" / ".plank.yaml.swp").write_bytes(b"\0")  # an editor's: hidden, ignored
    messages = problems_of(content)
    _assert_reported(messages, "methods/notes.txt", 1, "not a content file")
    _assert_reported(messages, "methods/drafts", 1, "a folder inside methods/ is not read")
    assert not [m for m in messages if ".swp" in m]


def _outside_method(tmp_path: Path, content: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "secret-method.yaml"
    target.write_bytes(
        (content / "methods" / "plank.yaml")
        .read_bytes()
        .replace(b"title: Plank", b"title: Published from outside")
    )
    return target


SYMLINKS = {
    "to /dev/zero": lambda tmp, content: Path("/dev/zero"),
    "to a folder": lambda tmp, content: tmp,
    "to itself": lambda tmp, content: content / "methods" / "link.yaml",
    "to a YAML file outside content": _outside_method,
    "to a file inside content": lambda tmp, content: content / "methods" / "plank.yaml",
}


@pytest.mark.parametrize("kind", list(SYMLINKS))
def test_a_symlink_is_refused(tmp_path, content, kind):
    _with_other_mistake(content)
    (content / "methods" / "link.yaml").symlink_to(SYMLINKS[kind](tmp_path, content))
    code, lines, output = run_check(content)
    assert code == 1
    _no_traceback(output)
    _assert_reported(lines, "methods/link.yaml", 1, "a symbolic link")


def test_a_symlinked_kind_folder_and_site_file_are_refused(tmp_path, content):
    _with_other_mistake(content)
    (content / "conditions").rename(tmp_path / "conditions")
    (content / "conditions").symlink_to(tmp_path / "conditions")
    (content / "red-flags.yaml").rename(tmp_path / "red-flags.yaml")
    (content / "red-flags.yaml").symlink_to(tmp_path / "red-flags.yaml")
    messages = problems_of(content)
    _assert_reported(messages, "conditions", 1, "a symbolic link")
    _assert_reported(messages, "red-flags.yaml", 1, "a symbolic link")


def test_a_fifo_neither_hangs_nor_is_read(content):
    _with_other_mistake(content)
    os.mkfifo(content / "methods" / "pipe.yaml")
    os.mkfifo(content / "site.yaml.fifo")
    (content / "red-flags.yaml").unlink()
    os.mkfifo(content / "red-flags.yaml")
    code, lines, output = run_check(content)  # times out (fails) if the FIFO is opened to read
    assert code == 1
    _no_traceback(output)
    _assert_reported(lines, "methods/pipe.yaml", 1, "a named pipe (FIFO), where a regular file")
    _assert_reported(lines, "red-flags.yaml", 1, "a named pipe (FIFO)")


def test_a_folder_where_a_file_belongs_and_a_file_where_a_folder_belongs(content):
    _with_other_mistake(content)
    (content / "methods" / "folder.yaml").mkdir()
    (content / "red-flags.yaml").unlink()
    (content / "red-flags.yaml").mkdir()
    for path in (content / "sources").iterdir():
        path.unlink()
    (content / "sources").rmdir()
    (content / "sources").write_text("not a folder\n", encoding="utf-8")
    messages = problems_of(content)
    _assert_reported(messages, "methods/folder.yaml", 1, "a folder, where a file is expected")
    _assert_reported(messages, "red-flags.yaml", 1, "a folder, where a file is expected")
    _assert_reported(messages, "sources", 1, "where a folder is expected")


def test_a_file_over_the_size_limit_is_refused_unread(content):
    _with_other_mistake(content)
    big = content / "methods" / "plank.yaml"
    with big.open("ab") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    _assert_reported(problems_of(content), "methods/plank.yaml", 1, "the file is too large")


def test_an_unreadable_file_and_folder_are_content_errors(content):
    _with_other_mistake(content)
    (content / "methods" / "plank.yaml").chmod(0)
    (content / "conditions").chmod(0)
    try:
        code, lines, output = run_check(content, preexec=without_dac_override())
    finally:
        (content / "methods" / "plank.yaml").chmod(0o644)
        (content / "conditions").chmod(0o755)
    assert code == 1
    _no_traceback(output)
    _assert_reported(lines, "methods/plank.yaml", 1, "cannot be read (permission denied)")
    _assert_reported(lines, "conditions", 1, "the folder cannot be read (permission denied)")


@pytest.mark.slow
def test_mkdocs_build_reports_every_hostile_input_and_keeps_the_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    content = project / "content"
    site_file = content / "site.yaml"
    site_file.write_text(site_file.read_text(encoding="utf-8") + 'emergency_number: "112"\n', "utf-8")
    bridge = content / "methods" / "bridge.yaml"
    bridge.write_text(
        re.sub(r"reviewed: [\d-]+", "reviewed: 2026-13-45", bridge.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )
    (content / "causes" / "stress.yaml").write_text(BOMB, encoding="utf-8")
    edit(content / "methods" / "plank.yaml", "steps:", "steps: !!set {a, b}\nold_steps:")
    edit(content / "methods" / "cat-camel.yaml", "steps:", f"steps: {'[' * 999}{']' * 999}\nold:")
    os.mkfifo(content / "methods" / "pipe.yaml")
    (content / "methods" / "zero.yaml").symlink_to("/dev/zero")
    built = build_site(project, site)
    assert built.returncode == 1
    for expected in (
        "content/site.yaml:",
        "'emergency_number' is written twice",
        f"content/methods/bridge.yaml:{line_of(bridge, '2026-13-45')}:",
        "'2026-13-45' is not a real date",
        "content/causes/stress.yaml:",
        "expand to more than",
        "the tag '!!set' is not allowed",
        "content/methods/cat-camel.yaml:",
        "levels deep",
        "content/methods/pipe.yaml:1:1: (file): a named pipe",
        "content/methods/zero.yaml:1:1: (file): a symbolic link",
    ):
        assert expected in built.log, f"{expected!r} not in:\n{built.log}"
    assert "Traceback" not in built.log
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    ("file", "field", "written"),
    [
        ("routines/desk-break.yaml", "minutes", "minutes: true"),
        ("site.yaml", "review_interval_days", "review_interval_days: yes"),
    ],
)
def test_a_whole_number_is_never_read_from_a_yes(content, file, field, written):
    path = content / file
    text = path.read_text(encoding="utf-8")
    text = re.sub(rf"^{field}: .*$", written, text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    assert any(f": {field}: " in p for p in problems_of(content))
