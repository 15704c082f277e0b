"""The loader on good content and on each kind of bad input: every problem, with file, line, field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.load import load_guide
from generator.problems import ContentError


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_guide(content)
    return [p.format(content) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_real_content_loads(guide):
    assert len(guide.methods) >= 16
    assert len(guide.routines) >= 4
    assert guide.settings.emergency_number
    assert not [w for w in guide.warnings if not w.warning]


def test_a_misspelt_precaution_names_file_line_and_the_closest_id(content):
    method = content / "methods" / "knee-to-chest-stretch.yaml"
    edit(method, "- stretch-to-mild-tension", "- strech-to-mild-tension")
    [problem] = problems_of(content)
    line = line_of(method, "strech-to-mild-tension")
    assert problem.startswith(f"content/methods/knee-to-chest-stretch.yaml:{line}:")
    assert "precautions." in problem
    assert "did you mean 'stretch-to-mild-tension'?" in problem


def test_an_unknown_field_is_an_error_with_a_suggestion(content):
    method = content / "methods" / "plank.yaml"
    edit(method, "key_cue:", "key_cues:")
    messages = problems_of(content)
    assert any("unknown field 'key_cues' (did you mean 'key_cue'?)" in m for m in messages)
    assert any(m.startswith("content/methods/plank.yaml:") and ": key_cue: this field is required"
               in m for m in messages)


def test_a_wrong_type_and_a_wrong_choice_are_reported(content):
    edit(content / "methods" / "bridge.yaml", "difficulty: ", "difficulty: impossible #")
    edit(content / "causes" / "stress.yaml", "summary:", "summary: [a, list]\nold_summary:")
    messages = "\n".join(problems_of(content))
    assert re.search(r"content/methods/bridge.yaml:\d+:\d+: difficulty: .*'impossible'", messages)
    assert re.search(r"content/causes/stress.yaml:\d+:\d+: summary: ", messages)


def test_every_problem_is_listed_at_once(content):
    edit(content / "methods" / "plank.yaml", "category:", "categroy:")
    edit(content / "effects" / "mental-stress.yaml", "causes: [stress]", "causes: [streess]")
    messages = problems_of(content)
    assert any("plank.yaml" in m and "did you mean 'category'" in m for m in messages)
    assert any("mental-stress.yaml" in m and "did you mean 'stress'" in m for m in messages)


def test_invalid_yaml_names_its_line(content):
    cause = content / "causes" / "stress.yaml"
    cause.write_text("title: Stress\nsummary: [unclosed\n", encoding="utf-8")
    [problem] = problems_of(content)
    assert re.match(r"content/causes/stress.yaml:\d+:\d+: \(file\): not valid YAML", problem)


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "the file is empty"), (b"\xff\xfe\x00junk", "not UTF-8"), (b"- a\n- b\n", "found a list")],
)
def test_empty_binary_and_non_mapping_files_are_reported(content, data, message):
    (content / "conditions" / "osteoporosis.yaml").write_bytes(data)
    messages = problems_of(content)
    assert any(m.startswith("content/conditions/osteoporosis.yaml:1:1") and message in m
               for m in messages)


def test_a_method_needs_a_precaution_of_its_own(content):
    method = content / "methods" / "ice-therapy.yaml"
    text = method.read_text(encoding="utf-8")
    text = re.sub(r"precautions:\n(  - .*\n)+", "precautions:\n  - stop-if-red-flags\n", text)
    method.write_text(text, encoding="utf-8")
    messages = problems_of(content)
    assert any("ice-therapy.yaml" in m and "at least one precaution of this method's own" in m
               for m in messages)


def test_a_routine_step_outside_the_dose_range_is_refused(content):
    routine = content / "routines" / "desk-break.yaml"
    text = routine.read_text(encoding="utf-8")
    text = re.sub(r"hold_seconds: \d+", "hold_seconds: 600", text, count=1)
    routine.write_text(text, encoding="utf-8")
    messages = problems_of(content)
    assert any(re.match(r"content/routines/desk-break.yaml:\d+:\d+: steps\.0\.hold_seconds: "
                        r"600 is outside the safe range", m) for m in messages)


def test_a_routine_may_not_use_a_method_outside_home_exercise(content):
    routine = content / "routines" / "desk-break.yaml"
    text = routine.read_text(encoding="utf-8")
    text = re.sub(r"method: [a-z-]+", "method: heat-therapy", text, count=1)
    routine.write_text(text, encoding="utf-8")
    messages = problems_of(content)
    assert any("steps.0.method: 'heat-therapy' is heat-cold, which may not join a routine" in m
               for m in messages)


def test_a_routine_longer_than_eight_steps_is_refused(content):
    routine = content / "routines" / "desk-break.yaml"
    data = yaml.safe_load(routine.read_text(encoding="utf-8"))
    data["steps"] = (data["steps"] * 9)[:9]
    routine.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    messages = problems_of(content)
    assert any(m.startswith("content/routines/desk-break.yaml:") and ": steps: " in m
               and "at most 8 steps" in m for m in messages)


def test_duplicate_ids_are_refused(content):
    (content / "conditions" / "plank.yaml").write_text(
        "title: Plank condition\nsummary: A clash of ids.\n", encoding="utf-8"
    )
    (content / "causes" / "stress.yml").write_text("title: Stress again\n", encoding="utf-8")
    messages = problems_of(content)
    assert any("plank.yaml" in m and "the id 'plank' is already used" in m for m in messages)
    assert any("stress.yml" in m and "rename it to stress.yaml" in m for m in messages)


def test_an_id_written_in_the_file_is_refused(content):
    edit(content / "causes" / "stress.yaml", "title:", "id: stress\ntitle:")
    [problem] = problems_of(content)
    assert problem.startswith("content/causes/stress.yaml:1:1: id: remove it")


def test_a_file_name_that_is_not_a_slug_is_refused(content):
    (content / "causes" / "stress.yaml").rename(content / "causes" / "Stress_Cause.yaml")
    messages = problems_of(content)
    assert any("Stress_Cause.yaml" in m and "not a valid id" in m for m in messages)


def test_a_phrase_from_site_yaml_fills_every_text_that_names_it(content):
    # The content names the phrase; one change in site.yaml reaches every text that uses it.
    edit(content / "site.yaml", "no_better_after: 2 weeks", "no_better_after: a few weeks")
    guide = load_guide(content)
    assert "no better after a few weeks" in guide.red_flags.soon.card_line
    assert "after a few weeks" in " ".join(guide.precautions["build-up-gradually"].details)
    assert guide.red_flags.emergency.action.startswith(f"Call {guide.settings.emergency_number} ")


def test_an_unknown_placeholder_is_an_error_naming_the_field(content):
    path = content / "precautions" / "build-up-gradually.yaml"
    edit(path, "after {no_better_after}", "after {no_beter_after}")
    [problem] = problems_of(content)
    assert problem.startswith(f"content/precautions/build-up-gradually.yaml:{line_of(path, 'no_beter')}:")
    assert "details." in problem and "unknown placeholder '{no_beter_after}'" in problem
