"""Scale: a synthetic guide of 400 methods loads, links and renders completely (not timed).

The benchmark (bench/run.py) measures speed; this test keeps the structure that makes the build
linear: reverse links computed once and complete, every page rendered, and a navigation whose size
does not grow with the guide (Material renders the whole navigation into every page).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

from generator.graph import Guide
from generator.kinds import KINDS
from generator.load import load_guide
from generator.model import Record
from generator.paths import page_path
from generator.render import NAV_LIST_LIMIT, nav_pages, navigation, render_pages

from .conftest import ROOT

# Slow: a synthetic guide of hundreds of methods. The fast loop leaves it out.
pytestmark = pytest.mark.slow

# Well past the navigation's list limit for methods, precautions, routines and sources; the
# benchmark runs 2000.
METHODS = 400


def _synthesise(methods: int, out: Path) -> dict[str, int]:
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "bench" / "synth.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module.synthesise(methods, out, seed=7)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Guide, dict[str, int]]:
    content = tmp_path_factory.mktemp("scale") / "content"
    counts = _synthesise(METHODS, content)
    return load_guide(content), counts


@pytest.fixture(scope="module")
def pages(large: tuple[Guide, dict[str, int]]) -> dict[str, str]:
    return render_pages(large[0])


def _ids(records: Iterable[Record]) -> set[str]:
    return {record.id for record in records}


def test_every_synthetic_record_loads(large):
    guide, counts = large
    assert counts["methods"] == METHODS
    for kind, count in counts.items():
        assert len(guide.kind(kind)) == count, kind


def test_reverse_links_are_complete_and_listed_once(large):
    guide, _ = large
    expected: dict[tuple[str, str, str], set[str]] = {}

    def expect(kind: str, target: Record, name: str, owner: Record) -> None:
        expected.setdefault((kind, target.id, name), set()).add(owner.id)

    for effect in guide.effects.values():
        for cause in effect.causes:
            expect("causes", cause, "effects", effect)
    for benefit in guide.benefits.values():
        for effect in benefit.relieves:
            expect("effects", effect, "benefits", benefit)
    for method in guide.methods.values():
        for cause in method.addresses:
            expect("causes", cause, "methods", method)
        for benefit in method.benefits:
            expect("benefits", benefit, "methods", method)
        for precaution in method.precautions:
            expect("precautions", precaution, "methods", method)
        for avoid in method.avoid_if:
            expect("conditions", avoid.condition, "contraindications", method)
    for routine in guide.routines.values():
        for step in routine.steps:
            expect("methods", step.method, "routines", routine)
    for kind in ("causes", "effects", "benefits", "precautions", "methods"):
        for record in guide.kind(kind).values():
            cited = [*record.sources, *getattr(getattr(record, "evidence", None), "sources", [])]
            for source in cited:
                expect("sources", source, "cited_by", record)
    for topic in guide.topics.values():
        for source in topic.sources:
            expect("sources", source, "cited_by", topic)

    for (kind, target_id, name), owners in expected.items():
        linked = guide.kind(kind)[target_id].linked(name)
        assert {item.owner.id for item in linked} == owners, (kind, target_id, name)
        assert len(linked) == len(owners), f"{kind}/{target_id}.{name} lists a record twice"
    for source in guide.sources.values():
        assert source.cited_by, f"source {source.id} is cited by nothing"


def test_precautions_for_all_reach_every_method(large):
    guide, _ = large
    for_all = guide.precautions_for_all
    assert len(for_all) == 2
    for precaution in for_all:
        assert _ids(precaution.methods) == set(guide.methods)
    for method in guide.methods.values():
        assert set(_ids(for_all)) <= _ids(method.precautions)


def test_every_page_is_rendered_and_links_its_records(large, pages):
    guide, _ = large
    for kind in KINDS:
        assert page_path(kind) in pages
        for record in guide.kind(kind.name).values():
            assert page_path(record) in pages
    index = pages["methods/index.md"]
    missing = [m for m in guide.methods if f'href="{m}.html"' not in index]
    assert not missing, f"the methods index leaves out {missing[:5]}"
    for precaution in guide.precautions_for_all:
        page = pages[page_path(precaution)]
        missing = [m for m in guide.methods if f"(../methods/{m}.md)" not in page]
        assert not missing, f"{precaution.id} leaves out {missing[:5]}"


def test_navigation_does_not_grow_with_the_guide(large):
    guide, _ = large
    nav = navigation(guide)
    assert [next(iter(section)) for section in nav if isinstance(section, dict)][1:] == [
        kind.title for kind in KINDS
    ], "one section per kind, in the readers' order"
    listed = nav_pages(nav)
    assert {page_path(kind) for kind in KINDS} <= listed, "every kind's index is in the nav"
    for kind in KINDS:
        records = guide.kind(kind.name)
        shown = {page_path(record) for record in records.values()} & listed
        if len(records) > NAV_LIST_LIMIT:
            assert not shown, f"the nav of {len(records)} {kind.name} lists {len(shown)} of them"
        else:
            assert len(shown) == len(records), f"a short list of {kind.name} is in the nav in full"
    assert len(guide.methods) > NAV_LIST_LIMIT
    full = nav_pages(navigation(guide, list_limit=None))
    assert len(full) > len(guide.methods), "the unlimited nav (the benchmark's baseline) lists all"


def test_the_real_guide_lists_every_page_in_its_sidebar(guide):
    # The size limit is for large guides: a reader of the real guide still finds every method
    # (grouped by family), precaution, cause... in the sidebar. A kind over the limit (the
    # sources, once every reference was cited as published) is reached through its index page.
    full, limited = navigation(guide, list_limit=None), navigation(guide)
    over = {kind.title for kind in KINDS if len(guide.kind(kind.name)) > NAV_LIST_LIMIT}
    assert over <= {"Sources"}, f"only the reference list may outgrow the sidebar: {over}"
    for whole, shown in zip(full, limited, strict=True):
        if isinstance(whole, dict) and next(iter(whole)) in over:
            assert shown == {next(iter(whole)): ["sources/index.md"]}
        else:
            assert shown == whole
