"""The linked guide: every declared reference resolved to the right object, every reverse link
complete, and the relations the pages show computed once, here, not in templates."""

from __future__ import annotations

import pytest

from generator.kinds import KINDS, Reference, walk
from generator.model import Method

REFERENCES = [(kind, ref) for kind in KINDS for ref in kind.references]


def _named(record, ref: Reference) -> list[str]:
    return [wanted for _loc, wanted in walk(record, ref.path)]


def _resolved(record, ref: Reference) -> list:
    return [target for _loc, holder in walk(record, ref.holder_path) for target in holder.linked(ref.name)]


@pytest.mark.parametrize(("kind", "ref"), REFERENCES, ids=lambda v: getattr(v, "name", ""))
def test_every_reference_resolves_to_the_named_records(guide, kind, ref):
    for record in guide.kind(kind.name).values():
        named = _named(record, ref)
        resolved = _resolved(record, ref)
        # A method's precautions go on with those that apply to all (tested below).
        assert [t.id for t in resolved[: len(named)]] == named, f"{kind.name}/{record.id}.{ref.name}"
        for target in resolved:
            assert target is guide.kind(ref.target)[target.id]


REVERSE = sorted({(ref.target, ref.reverse) for _kind, ref in REFERENCES if ref.reverse})


@pytest.mark.parametrize(("target", "reverse"), REVERSE, ids=lambda v: v)
def test_reverse_links_are_complete_exact_and_listed_once(guide, target, reverse):
    expected: dict[str, set[int]] = {record_id: set() for record_id in guide.kind(target)}
    for kind, ref in REFERENCES:
        if (ref.target, ref.reverse) != (target, reverse):
            continue
        for record in guide.kind(kind.name).values():
            for _loc, holder in walk(record, ref.holder_path):
                item = record if ref.reverse_holds == "record" else holder
                for linked in holder.linked(ref.name):
                    expected[linked.id].add(id(item))
    for record_id, record in guide.kind(target).items():
        actual = [id(item) for item in record.linked(reverse)]
        assert len(actual) == len(set(actual)), f"{target}/{record_id}.{reverse} repeats an item"
        assert set(actual) == expected[record_id], f"{target}/{record_id}.{reverse}"


def test_an_undeclared_link_name_is_an_error_not_an_empty_list(guide):
    method = next(iter(guide.of(Method).values()))
    with pytest.raises(LookupError, match="no link 'precuations'"):
        method.linked("precuations")


def test_every_method_carries_the_precautions_that_apply_to_all(guide):
    for_all = {p.id for p in guide.precautions_for_all}
    assert for_all
    for method in guide.of(Method).values():
        ids = [p.id for p in method.precautions]
        assert for_all <= set(ids), method.id
        assert len(ids) == len(set(ids)), f"{method.id} lists a precaution twice"
        for precaution in method.precautions:
            assert method in precaution.methods


def test_a_condition_lists_each_contraindication_with_its_method_and_note(guide):
    for method in guide.of(Method).values():
        for avoid in method.avoid_if:
            assert avoid in avoid.condition.contraindications
            assert avoid.method is method


def test_a_routine_needs_its_methods_equipment_and_precautions_in_step_order(guide):
    for routine in guide.routines.values():
        equipment = [item for step in routine.steps for item in step.method.equipment]
        assert routine.equipment == list(dict.fromkeys(equipment)), routine.id
        precautions = [p for step in routine.steps for p in step.method.precautions]
        assert [p.id for p in routine.precautions] == list(dict.fromkeys(p.id for p in precautions))
