"""Two engines, one guide: MkDocs 1.6 and ProperDocs (its maintained fork) build the same site, and a
failed strict build keeps the previous site under either."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import pytest

from .conftest import ENGINE, ENGINES, build_site, copy_project

# Slow: each test runs full builds with both engines. The fast loop leaves it out.
pytestmark = pytest.mark.slow

# The one line the engines may write differently: who generated the page; and so the service
# worker's cache name, a hash of every file it caches.
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">|"backguide-[0-9a-f]+"')


def need_engine(engine: str) -> None:
    if importlib.util.find_spec(engine) is not None:
        return
    message = f"{engine} is not installed (pip install -e '.[test]')"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.build
def test_the_other_engine_builds_the_same_site_but_for_the_generator_tag(site, tmp_path):
    other = next(engine for engine in ENGINES if engine != ENGINE)
    need_engine(other)
    built = build_site(copy_project(tmp_path / "project"), tmp_path / "site", engine=other)
    assert built.returncode == 0, built.log
    ours, theirs = _files(site.root), _files(built.root)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert differ, "the generator tag names each engine"
    for path in differ:
        assert GENERATOR_TAG.sub(b"", ours[path]) == GENERATOR_TAG.sub(b"", theirs[path]), path


@pytest.mark.build
@pytest.mark.parametrize("engine", ENGINES)
def test_a_broken_link_fails_the_strict_build_and_keeps_the_previous_site(tmp_path, engine):
    need_engine(engine)
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(project, site, engine=engine).returncode == 0
    before = _files(site)
    (project / "docs" / "notes.md").write_text("# Notes\n\nSee [the missing page](missing.md).\n")
    failed = build_site(project, site, engine=engine)
    assert failed.returncode != 0
    assert "missing.md" in failed.log and "Traceback" not in failed.log
    assert _files(site) == before, "the previous site is kept, byte for byte"
    assert not list(tmp_path.glob(".site-building-*")), "no half-built folder is left behind"
