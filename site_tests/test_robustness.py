"""Robustness: bad content never crashes the loader; typed markup stays text; failed builds keep the site."""

from __future__ import annotations

import json
import shutil
import string
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_guide
from generator.problems import ContentError

from .conftest import CONTENT, build_site, copy_project

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("ci")

HOSTILE_TITLE = 'Stress </title><script>alert(1)</script> <b>x</b> {{ 7*7 }} [x](javascript:alert(2))'

# Values of every shape a careless edit or a broken tool could leave in a field.
junk = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True)
    | st.text(max_size=40) | st.text(alphabet=string.printable, min_size=1000, max_size=3000),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)

# A small fixed set of files to mutate, so every example copies little.
TARGETS = ["methods/plank.yaml", "routines/desk-break.yaml", "causes/stress.yaml",
           "precautions/warm-up-first.yaml", "site.yaml", "red-flags.yaml"]


def _outcome(content: Path) -> None:
    """The only two acceptable outcomes: a loaded guide, or the content-error report."""
    try:
        load_guide(content)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line is not None and problem.line >= 1
            assert str(problem.file).startswith(str(content))


FIELDS = ["title", "summary", "steps", "dose", "precautions", "sources", "evidence", "emergency",
          "reviewed", "avoid_if", "notice"]


@given(target=st.sampled_from(TARGETS), field=st.sampled_from(FIELDS) | st.text(min_size=1, max_size=20),
       value=junk)
def test_a_mutated_field_gives_a_guide_or_a_content_error(tmp_path_factory, target, field, value):
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, content)
    path = content / target
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _outcome(content)


@given(target=st.sampled_from(TARGETS), raw=st.binary(max_size=300) | st.text(max_size=300))
def test_a_file_of_junk_gives_a_content_error(tmp_path_factory, target, raw):
    content = tmp_path_factory.mktemp("junk") / "content"
    shutil.copytree(CONTENT, content)
    path = content / target
    path.write_bytes(raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass"))
    _outcome(content)


def test_reference_cycles_and_self_references_load(content):
    method = content / "methods" / "plank.yaml"
    data = yaml.safe_load(method.read_text(encoding="utf-8"))
    data["safer_alternatives"] = ["plank", "bridge"]
    method.write_text(yaml.safe_dump(data), encoding="utf-8")
    bridge = content / "methods" / "bridge.yaml"
    data = yaml.safe_load(bridge.read_text(encoding="utf-8"))
    data["safer_alternatives"] = ["plank"]
    bridge.write_text(yaml.safe_dump(data), encoding="utf-8")
    guide = load_guide(content)
    assert guide.methods["plank"] in guide.methods["bridge"].safer_alternatives


def _hostile_project(root: Path) -> Path:
    project = copy_project(root)
    cause = project / "content" / "causes" / "stress.yaml"
    data = yaml.safe_load(cause.read_text(encoding="utf-8"))
    data["title"] = HOSTILE_TITLE
    data["summary"] = HOSTILE_TITLE
    cause.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    method = project / "content" / "methods" / "plank.yaml"
    data = yaml.safe_load(method.read_text(encoding="utf-8"))
    data["title"] = HOSTILE_TITLE
    data["steps"][0] = HOSTILE_TITLE
    method.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return project


@pytest.mark.build
def test_markup_typed_into_a_title_is_text_in_the_page_title_and_search(tmp_path):
    project = _hostile_project(tmp_path / "project")
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.log
    page = (built.root / "causes" / "stress.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    assert not [s for s in soup.find_all("script") if "alert" in (s.string or "")]
    assert not soup.find("a", href=lambda h: h and h.startswith("javascript"))
    assert not soup.select("article b")
    method = BeautifulSoup((built.root / "methods" / "plank.html").read_text(encoding="utf-8"),
                           "html.parser")
    [structured] = method.find_all("script", type="application/ld+json")
    data = json.loads(structured.string)
    assert data["name"] == HOSTILE_TITLE and data["mainEntity"]["step"][0]["text"] == HOSTILE_TITLE
    assert not [s for s in method.find_all("script") if "alert" in (s.string or "")
                and s.get("type") != "application/ld+json"]
    index = json.loads((built.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts = " ".join(doc["title"] + doc["text"] for doc in index["docs"])
    assert "<script>" not in texts and "&lt;script&gt;" in texts


@pytest.mark.build
def test_a_failed_build_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    marker = (site / "index.html").read_bytes()

    # A content mistake: stopped before anything is written.
    method = project / "content" / "methods" / "plank.yaml"
    good = method.read_text(encoding="utf-8")
    method.write_text(good.replace("key_cue:", "key_cu:"), encoding="utf-8")
    assert build_site(project, site).returncode == 1
    method.write_text(good, encoding="utf-8")

    # A warning in strict mode (a broken link in a hand-written page): MkDocs fails after writing.
    (project / "docs" / "notes.md").write_text("# Notes\n\n[gone](missing.md)\n", encoding="utf-8")
    failed = build_site(project, site)
    assert failed.returncode == 1, failed.log

    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert (site / "index.html").read_bytes() == marker
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site-")]
