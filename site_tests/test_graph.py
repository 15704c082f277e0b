"""The linked guide: every reference resolved to the right object, every reverse link complete."""

from __future__ import annotations

import pytest

from generator.graph import REFERENCES


@pytest.mark.parametrize("ref", REFERENCES, ids=lambda r: f"{r.kind}.{r.key}")
def test_every_reference_resolves_to_the_named_records(guide, ref):
    for owner in guide.kind(ref.kind).values():
        resolved = [record.id for record in owner.linked(ref.link)]
        named = getattr(owner, ref.attribute)
        assert resolved[: len(named)] == named, f"{ref.kind}/{owner.id}.{ref.key}"
        for record in owner.linked(ref.link):
            assert record is guide.kind(ref.target)[record.id]


# Sources are also cited from evidence statements: their own test below covers cited_by.
@pytest.mark.parametrize("ref", [r for r in REFERENCES if r.reverse and r.reverse != "cited_by"],
                         ids=lambda r: f"{r.target}.{r.reverse}")
def test_reverse_links_are_complete_and_exact(guide, ref):
    expected: dict[str, set[str]] = {record_id: set() for record_id in guide.kind(ref.target)}
    for owner in guide.kind(ref.kind).values():
        for target in owner.linked(ref.link):
            expected[target.id].add(owner.id)
    for record_id, record in guide.kind(ref.target).items():
        actual = [owner.id for owner in record.linked(ref.reverse)]
        assert len(actual) == len(set(actual)), f"{ref.target}/{record_id} repeats a link"
        assert set(actual) == expected[record_id], f"{ref.target}/{record_id}.{ref.reverse}"


def test_every_method_carries_the_precautions_that_apply_to_all(guide):
    for_all = {p.id for p in guide.precautions.values() if p.applies_to_all}
    assert len(for_all) >= 2
    for method in guide.methods.values():
        ids = [p.id for p in method.precautions]
        assert for_all <= set(ids), method.id
        assert len(ids) == len(set(ids)), f"{method.id} lists a precaution twice"
        for precaution in method.precautions:
            assert method in precaution.methods


def test_evidence_conditions_and_routine_steps_are_linked_both_ways(guide):
    for method in guide.methods.values():
        for source in method.evidence.sources:
            assert method in source.cited_by
        for avoid in method.avoid_if:
            assert method in avoid.condition.methods
    for routine in guide.routines.values():
        for step in routine.steps:
            assert step.method is guide.methods[step.method_id]
            assert routine in step.method.routines


def test_every_source_lists_exactly_the_records_that_cite_it(guide):
    for source in guide.sources.values():
        citing = set()
        for kind in ("causes", "effects", "benefits", "precautions", "methods"):
            for record in guide.kind(kind).values():
                evidence = getattr(record, "evidence", None)
                cited = set(record.source_ids) | set(evidence.source_ids if evidence else [])
                if source.id in cited:
                    citing.add(record)
        assert set(source.cited_by) == citing, source.id
