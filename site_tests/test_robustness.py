"""Robustness: bad content never crashes the loader; typed markup stays text; failed builds keep the site."""

from __future__ import annotations

import json
import re
import shutil
import string
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import load_guide
from generator.problems import ContentError

from .conftest import CONTENT, build_site, copy_project

# Slow: property runs of many generated inputs, and real builds. The fast loop leaves it out.
pytestmark = pytest.mark.slow

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile("ci")

HOSTILE_TITLE = "Stress </title><script>alert(1)</script> <b>x</b> {{ 7*7 }} [x](javascript:alert(2))"

# Values of every shape a careless edit or a broken tool could leave in a field.
junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.text(alphabet=string.printable, min_size=1000, max_size=3000),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)

# A small fixed set of files to mutate, so every example copies little.
TARGETS = [
    "methods/plank.yaml",
    "routines/desk-break.yaml",
    "causes/stress.yaml",
    "precautions/warm-up-first.yaml",
    "site.yaml",
    "red-flags.yaml",
]


def _outcome(content: Path) -> None:
    """The only two acceptable outcomes: a loaded guide, or the content-error report."""
    try:
        load_guide(content)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.line is not None and problem.line >= 1
            assert str(problem.file).startswith(str(content))


FIELDS = [
    "title",
    "summary",
    "steps",
    "dose",
    "precautions",
    "sources",
    "evidence",
    "emergency",
    "reviewed",
    "avoid_if",
    "notice",
]


@given(
    target=st.sampled_from(TARGETS),
    field=st.sampled_from(FIELDS) | st.text(min_size=1, max_size=20),
    value=junk,
)
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
    method = BeautifulSoup((built.root / "methods" / "plank.html").read_text(encoding="utf-8"), "html.parser")
    [structured] = method.find_all("script", type="application/ld+json")
    data = json.loads(structured.string)
    assert data["name"] == HOSTILE_TITLE and data["mainEntity"]["step"][0]["text"] == HOSTILE_TITLE
    assert not [
        s
        for s in method.find_all("script")
        if "alert" in (s.string or "") and s.get("type") != "application/ld+json"
    ]
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


# ---- random YAML documents: aliases, tags, duplicate keys, deep nesting -----------------------

YAML_TARGETS = ["methods/plank.yaml", "site.yaml", "red-flags.yaml", "routines/desk-break.yaml"]
KEYS = [
    "title",
    "summary",
    "steps",
    "dose",
    "reviewed",
    "emergency_number",
    "emergency",
    "<<",
    "reps",
    "? [a]",
    "1",
    "yes",
]
SCALARS = [
    "yes",
    "no",
    "on",
    "Off",
    "~",
    "null",
    "12",
    "0x1F",
    "1:30",
    "1_000",
    ".inf",
    "-.nan",
    "2026-11-24",
    "2026-13-45",
    "2026-02-30",
    "2026-11-24 25:61:00",
    '"quoted"',
    "'single'",
    "Plank",
    "{emergency_number}",
    "TODO",
    "9" * 5000,
    "!",
    "@at",
    "|",
    "a: b",
    "- x",
]
TAGS = [
    "",
    "",
    "",
    "!!set ",
    "!!binary ",
    "!!omap ",
    "!!pairs ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!!python/object/apply:os.system ",
    "!local ",
    "!<tag:x.org,2002:y> ",
]

scalar_text = st.sampled_from(SCALARS) | st.text(
    alphabet=string.ascii_letters + string.digits + " -_.:#&*!%@`'\"\\", max_size=12
)
flow = st.recursive(
    scalar_text,
    lambda inner: (
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
        | st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        )
    ),
    max_leaves=10,
)


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    """A block mapping of random lines: values with tags and anchors, aliases to earlier anchors
    (single, repeated as in a bomb, or undefined), keys written twice, nesting up to 1200 deep."""
    lines: list[str] = []
    anchors: list[str] = []
    for number in range(draw(st.integers(1, 10))):
        key = draw(st.sampled_from(KEYS))
        shape = draw(st.sampled_from(["flow", "flow", "anchor", "alias", "bomb", "bombs", "deep", "block"]))
        if shape == "bombs":  # a chain of anchored lists, each repeating the one before
            width = draw(st.integers(2, 12))
            for level in range(draw(st.integers(2, 7))):
                items = f"*b{number}_{level - 1}, " * width if level else "lol, " * width
                lines.append(f"b{number}_{level}: &b{number}_{level} [{items.rstrip(', ')}]")
            anchors.append(f"b{number}_{level}")
            continue
        if shape == "alias" and anchors:
            value = "*" + draw(st.sampled_from(anchors))
        elif shape == "alias":
            value = "*nowhere"
        elif shape == "bomb" and anchors:
            value = "[" + ", ".join(["*" + anchors[-1]] * draw(st.integers(2, 12))) + "]"
        elif shape == "deep":
            depth = draw(st.integers(1, 1200))
            value = "[" * depth + "]" * depth
        elif shape == "block":
            value = "\n" + "\n".join(f"  - {draw(scalar_text)!r}" for _ in range(draw(st.integers(1, 3))))
        else:
            value = draw(flow)
        prefix = draw(st.sampled_from(TAGS))
        if shape in ("anchor", "bomb"):
            anchors.append(f"a{number}")
            prefix = f"&a{number} {prefix}"
        lines.append(f"{key}: {prefix}{value}")
    return "\n".join(lines) + "\n"


def _distinct_nodes(node: yaml.Node) -> int:
    seen: set[int] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
    return len(seen)


def _values_within(data: object, limit: int) -> bool:
    """Whether walking ``data`` as any later code would (aliases expanded) visits at most ``limit``
    values; stops as soon as it passes, so the test's own walk stays bounded."""
    count, stack = 0, [data]
    while stack:
        count += 1
        if count > limit:
            return False
        current = stack.pop()
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return True


@given(target=st.sampled_from(YAML_TARGETS), document=yaml_documents(), append=st.booleans())
def test_a_random_yaml_document_gives_a_guide_or_a_content_error_in_linear_work(
    tmp_path_factory, target, document, append
):
    from generator.safe_yaml import MAX_ALIAS_VALUES, YamlRefused, parse

    content = tmp_path_factory.mktemp("yaml") / "content"
    shutil.copytree(CONTENT, content)
    path = content / target
    raw = ((path.read_text(encoding="utf-8") + document) if append else document).encode("utf-8")
    path.write_bytes(raw)

    # Work: what the reader hands on is never larger than the file's nodes plus the alias budget.
    try:
        parsed = parse(raw, path)
    except YamlRefused as refused:
        parsed = refused.document
    if parsed is not None and parsed.node is not None:
        assert _values_within(parsed.data, _distinct_nodes(parsed.node) + MAX_ALIAS_VALUES)

    started = time.perf_counter()
    _outcome(content)  # a guide or a ContentError with lines: never another exception
    assert time.perf_counter() - started < GENEROUS_SECONDS


GENEROUS_SECONDS = 30  # the defects took minutes (an alias bomb) or never ended; a load takes ms


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("fuzz-build")
    project = copy_project(root / "project")
    assert build_site(project, root / "site").returncode == 0
    return project, root / "site"


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@settings(max_examples=4)  # each example is a build (about 1.5 s)
@given(target=st.sampled_from(YAML_TARGETS), document=yaml_documents())
def test_a_build_of_a_random_yaml_document_fails_cleanly_and_keeps_the_site(built_once, target, document):
    project, site = built_once
    path = project / "content" / target
    original = path.read_bytes()
    before = _snapshot(site)
    path.write_bytes(original + document.encode("utf-8"))
    try:
        built = build_site(project, site)
    finally:
        path.write_bytes(original)
    assert "Traceback" not in built.log
    assert built.returncode in (0, 1), built.log
    if built.returncode == 1:
        assert re.search(r"content/[\w/.-]+:\d+:\d+: ", built.log), built.log
        assert _snapshot(site) == before
