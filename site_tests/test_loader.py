"""The loader on good content and on each kind of bad input: every problem, with file, line, field.

The mistakes are planted in a copy of the small fixed guide (``tiny``), so editing the real guide
never breaks these tests; the real guide's own test is the first one.
"""

from __future__ import annotations

import re

import pytest
import yaml

from generator.load import load_guide
from generator.problems import Level

from .helpers import TODAY, edit, line_of, problems_of


def test_the_real_content_loads_without_a_warning(guide):
    assert len(guide.methods) >= 16
    assert len(guide.routines) >= 4
    assert guide.settings.emergency_number
    assert not [w for w in guide.warnings if w.level != Level.NOTE]


def test_a_misspelt_precaution_names_file_line_and_the_closest_id(tiny):
    method = tiny / "methods" / "knee-hug.yaml"
    edit(method, "- go-gently", "- go-gentle")
    [problem] = problems_of(tiny)
    line = line_of(method, "go-gentle")
    assert problem.startswith(f"content/methods/knee-hug.yaml:{line}:5: precautions.0: ")
    assert "no precaution with id 'go-gentle' (did you mean 'go-gently'?)" in problem


def test_an_unknown_field_is_an_error_with_a_suggestion(tiny):
    method = tiny / "methods" / "knee-hug.yaml"
    edit(method, "key_cue:", "key_cues:")
    messages = problems_of(tiny)
    assert any("unknown field 'key_cues' (did you mean 'key_cue'?)" in m for m in messages)
    assert any(
        m.startswith("content/methods/knee-hug.yaml:") and ": key_cue: this field is required" in m
        for m in messages
    )


def test_a_wrong_type_and_a_wrong_choice_are_reported(tiny):
    edit(tiny / "methods" / "side-bend.yaml", "difficulty: ", "difficulty: impossible #")
    edit(tiny / "causes" / "sitting-still.yaml", "summary:", "summary: [a, list]\nold_summary:")
    messages = "\n".join(problems_of(tiny))
    assert re.search(r"content/methods/side-bend.yaml:\d+:\d+: difficulty: .*'impossible'", messages)
    assert re.search(r"content/causes/sitting-still.yaml:\d+:\d+: summary: ", messages)


def test_every_problem_is_listed_at_once(tiny):
    edit(tiny / "methods" / "knee-hug.yaml", "category:", "categroy:")
    edit(tiny / "effects" / "stiffness.yaml", "causes: [sitting-still]", "causes: [siting-still]")
    messages = problems_of(tiny)
    assert any("knee-hug.yaml" in m and "did you mean 'category'" in m for m in messages)
    assert any("stiffness.yaml" in m and "did you mean 'sitting-still'" in m for m in messages)


def test_references_in_a_file_that_failed_validation_are_still_checked(tiny):
    method = tiny / "methods" / "knee-hug.yaml"
    edit(method, "difficulty: gentle", "difficulty: impossible")
    edit(method, "condition: pregnancy", "condition: pregnacy")
    edit(method, "  sources: [example-trial]", "  sources: [example-trail]")
    messages = "\n".join(problems_of(tiny))
    assert "difficulty: " in messages
    assert "avoid_if.0.condition: no condition with id 'pregnacy' (did you mean 'pregnancy'?)" in messages
    assert "evidence.sources.0: no source with id 'example-trail'" in messages


def test_invalid_yaml_names_its_line(tiny):
    cause = tiny / "causes" / "sitting-still.yaml"
    cause.write_text("title: Sitting still\nsummary: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(tiny)
    assert re.match(r"content/causes/sitting-still.yaml:\d+:\d+: \(file\): not valid YAML", problem)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "the file is empty"), (b"\xff\xfe\x00junk", "not UTF-8"), (b"- a\n- b\n", "found a list")],
)
def test_empty_binary_and_non_mapping_files_are_reported(tiny, data, message):
    (tiny / "conditions" / "wrist-pain.yaml").write_bytes(data)
    messages = problems_of(tiny)
    assert any(m.startswith("content/conditions/wrist-pain.yaml:1:1") and message in m for m in messages)


def test_a_method_needs_a_precaution_of_its_own(tiny):
    edit(tiny / "methods" / "warm-pack.yaml", "  - go-gently", "  - stop-if-worse")
    messages = problems_of(tiny)
    assert any(
        "warm-pack.yaml" in m and "at least one precaution of this method's own" in m for m in messages
    )


def test_a_routine_step_outside_the_dose_range_is_refused(tiny):
    edit(tiny / "routines" / "quick-break.yaml", "hold_seconds: 5", "hold_seconds: 600")
    messages = problems_of(tiny)
    assert any(
        re.match(
            r"content/routines/quick-break.yaml:\d+:\d+: steps\.0\.hold_seconds: "
            r"600 is outside the safe range 5–10",
            m,
        )
        for m in messages
    )


def test_a_routine_may_not_use_a_method_outside_home_exercise(tiny):
    routine = tiny / "routines" / "quick-break.yaml"
    data = yaml.safe_load(routine.read_text(encoding="utf-8"))
    data["steps"][0] = {"method": "warm-pack", "duration_minutes": 15}
    routine.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    messages = problems_of(tiny)
    assert any(
        "steps.0.method: 'warm-pack' is heat-cold, which may not join a routine" in m for m in messages
    )


def test_a_routine_longer_than_eight_steps_is_refused(tiny):
    routine = tiny / "routines" / "quick-break.yaml"
    data = yaml.safe_load(routine.read_text(encoding="utf-8"))
    data["steps"] = (data["steps"] * 5)[:9]
    routine.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    messages = problems_of(tiny)
    assert any(
        m.startswith("content/routines/quick-break.yaml:") and ": steps: " in m and "at most 8 steps" in m
        for m in messages
    )


def test_duplicate_ids_are_refused(tiny):
    (tiny / "conditions" / "knee-hug.yaml").write_text(
        "title: Knee hug condition\nsummary: A clash of ids.\n", encoding="utf-8"
    )
    (tiny / "causes" / "stress.yml").write_text("title: Stress\n", encoding="utf-8")
    messages = problems_of(tiny)
    assert any("knee-hug.yaml" in m and "the id 'knee-hug' is already used" in m for m in messages)
    assert any("stress.yml" in m and "rename it to stress.yaml" in m for m in messages)


def test_an_id_written_in_the_file_is_refused(tiny):
    edit(tiny / "causes" / "sitting-still.yaml", "title:", "id: sitting-still\ntitle:")
    [problem] = problems_of(tiny)
    assert problem.startswith("content/causes/sitting-still.yaml:1:1: id: remove it")


def test_a_file_name_that_is_not_a_slug_is_refused(tiny):
    (tiny / "causes" / "sitting-still.yaml").rename(tiny / "causes" / "Sitting_Still.yaml")
    messages = problems_of(tiny)
    assert any("Sitting_Still.yaml" in m and "not a valid id" in m for m in messages)


def test_a_phrase_from_site_yaml_fills_every_text_that_names_it(tiny):
    edit(tiny / "site.yaml", "no_better_after: 2 weeks", "no_better_after: a few weeks")
    guide = load_guide(tiny, today=TODAY)
    assert guide.red_flags.soon.symptoms[0] == "No better after a few weeks"
    assert "no better after a few weeks" in guide.precautions["stop-if-worse"].summary
    assert guide.red_flags.emergency.action.startswith("Call 999 or go to A&E")


def test_an_unknown_placeholder_is_an_error_naming_the_field(tiny):
    path = tiny / "precautions" / "stop-if-worse.yaml"
    edit(path, "{no_better_after}", "{no_beter_after}")
    [problem] = problems_of(tiny)
    assert problem.startswith(f"content/precautions/stop-if-worse.yaml:{line_of(path, 'no_beter')}:")
    assert "summary: unknown placeholder '{no_beter_after}' (did you mean '{no_better_after}'?)" in problem


def test_a_placeholder_that_starts_a_sentence_starts_with_a_capital(tiny):
    edit(tiny / "site.yaml", "no_better_after: 2 weeks", "no_better_after: 2 weeks\n  a_rest: a short rest")
    edit(
        tiny / "precautions" / "go-gently.yaml",
        "  - Never bounce into a stretch.",
        '  - "{a_rest} helps. Then take {a_rest}."',
    )
    guide = load_guide(tiny, today=TODAY)
    assert guide.precautions["go-gently"].details == ["A short rest helps. Then take a short rest."]
