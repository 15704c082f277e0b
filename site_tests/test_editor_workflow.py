"""The editor's tools: `backguide check`, the content rules, the JSON Schema, `backguide new`."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main as backguide
from generator.kinds import KINDS
from generator.load import load_guide
from generator.problems import ContentError, Level
from generator.schema import json_schema, schema_targets

from .conftest import FIXTURE_CONTENT, ROOT
from .helpers import TODAY, edit

REVIEWED = dt.date(2026, 11, 24)  # the date the fixture guide's records were written
FORMAT = re.compile(r"^content/[\w/.-]+:\d+:\d+: [\w.]+: .+$")


def run_check(content: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "--content", str(content), "check", *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_reports_three_mistakes_in_one_file_with_exit_code_1(tiny):
    method = tiny / "methods" / "knee-hug.yaml"
    text = method.read_text(encoding="utf-8")
    text = text.replace("difficulty:", "dificulty:", 1)
    text = text.replace("- go-gently", "- go-gentl", 1)
    text = text.replace("reps: [5, 10]", "reps: [12, 8]", 1)
    method.write_text(text, encoding="utf-8")
    result = run_check(tiny)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert all(FORMAT.match(line) for line in lines), lines
    joined = "\n".join(lines)
    assert "unknown field 'dificulty' (did you mean 'difficulty'?)" in joined
    assert "dose.reps: the range [12, 8] runs backwards" in joined
    assert "no precaution with id 'go-gentl' (did you mean 'go-gently'?)" in joined


def test_check_exit_codes_clean_and_usage(tmp_path):
    assert run_check(ROOT / "content", "--today", TODAY.isoformat()).returncode == 0
    assert run_check(ROOT / "content", "--today", "not-a-date").returncode == 2
    missing = run_check(tmp_path / "nowhere")
    assert missing.returncode == 1 and "content folder does not exist" in missing.stderr


def test_check_says_how_many_records_it_checked(tiny):
    result = run_check(tiny, "--today", TODAY.isoformat())
    files = [p for p in tiny.rglob("*.yaml") if p.parent != tiny]
    assert result.stdout.startswith(f"content OK: {len(files)} records checked")


@pytest.mark.parametrize(
    ("today", "strict", "expect"),
    [
        (REVIEWED + dt.timedelta(days=300), False, None),
        (REVIEWED + dt.timedelta(days=350), False, Level.NOTE),
        (REVIEWED + dt.timedelta(days=400), False, Level.WARNING),
        (REVIEWED + dt.timedelta(days=400), True, Level.ERROR),
    ],
    ids=["current", "due-within-30-days", "overdue", "overdue-strict"],
)
def test_review_dates_warn_then_fail_in_strict(tiny, today, strict, expect):
    try:
        guide = load_guide(tiny, today=today, strict=strict)
        found = {p.level for p in guide.warnings}
    except ContentError as error:
        found = {p.level for p in error.problems}
    assert found == ({expect} if expect else set())


def test_check_strict_fails_on_an_overdue_review(tiny):
    late = (REVIEWED + dt.timedelta(days=400)).isoformat()
    assert run_check(tiny, "--today", late).returncode == 0
    strict = run_check(tiny, "--today", late, "--strict")
    assert strict.returncode == 1
    assert re.search(
        r"content/methods/knee-hug.yaml:\d+:\d+: reviewed: the review was due on 2027-11-24", strict.stderr
    )


def _problems(content: Path) -> str:
    with pytest.raises(ContentError) as caught:
        load_guide(content, today=REVIEWED)
    return "\n".join(p.format(content) for p in caught.value.problems)


def test_an_unused_precaution_is_an_error(tiny):
    (tiny / "precautions" / "mind-the-cat.yaml").write_text(
        "title: Mind the cat\nseverity: advice\nsummary: Watch where it sleeps.\n"
        "sources: [example-guideline]\n",
        encoding="utf-8",
    )
    assert "mind-the-cat.yaml:1:1: (file): no method uses this precaution" in _problems(tiny)


def test_an_uncited_source_is_an_error(tiny):
    (tiny / "sources" / "nobody-2020.yaml").write_text(
        "title: Nothing cites this\norganisation: Nobody\nyear: 2020\nurl: https://example.org/nothing\n",
        encoding="utf-8",
    )
    assert "nobody-2020.yaml:1:1: (file): no page cites this source" in _problems(tiny)


def test_a_citation_of_a_missing_source_is_an_error(tiny):
    edit(
        tiny / "causes" / "sitting-still.yaml", "sources: [example-guideline]", "sources: [example-guidline]"
    )
    assert "no source with id 'example-guidline' (did you mean 'example-guideline'?)" in _problems(tiny)


def test_a_method_must_say_who_should_not_do_it(tiny):
    method = tiny / "methods" / "warm-pack.yaml"
    text = re.sub(r"avoid_if_reason: .*\n", "", method.read_text(encoding="utf-8"))
    method.write_text(text, encoding="utf-8")
    assert re.search(r"warm-pack.yaml:\d+:\d+: avoid_if: say who should not do this", _problems(tiny))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hold_seconds", [10, 600], "600 is more than the sane maximum of 120"),
        ("reps", [0, 5], "a dose must be greater than zero"),
        ("sets", [1, 20], "20 is more than the sane maximum of 10"),
    ],
)
def test_insane_doses_are_refused(tiny, field, value, message):
    method = tiny / "methods" / "knee-hug.yaml"
    data = yaml.safe_load(method.read_text(encoding="utf-8"))
    data["dose"][field] = value
    method.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert message in _problems(tiny)


def test_red_flag_levels_need_three_symptoms(tiny):
    red_flags = tiny / "red-flags.yaml"
    data = yaml.safe_load(red_flags.read_text(encoding="utf-8"))
    data["soon"]["symptoms"] = data["soon"]["symptoms"][:2]
    red_flags.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert re.search(r"red-flags.yaml:\d+:\d+: soon.symptoms: .*at least 3", _problems(tiny))


def test_duplicate_titles_are_refused(tiny):
    edit(tiny / "methods" / "side-bend.yaml", "title: Side bend", "title: Knee hug")
    assert "the same title as 'knee-hug'" in _problems(tiny)


# --- JSON Schema for editors -------------------------------------------------------------------


def test_the_committed_schemas_match_the_models():
    for name, (model, _glob) in schema_targets().items():
        committed = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == json_schema(model), f"schemas/{name} is stale: run backguide schema"


def test_vscode_maps_every_content_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    expected = {f"./schemas/{name}": glob for name, (_model, glob) in schema_targets().items()}
    assert settings["yaml.schemas"] == expected


def _schema_for(path: Path) -> dict:
    relative = path.relative_to(ROOT).as_posix()
    for name, (_model, glob) in schema_targets().items():
        if Path(relative).match(glob):
            return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    raise AssertionError(f"no schema for {relative}")


def test_every_content_file_validates_against_its_schema():
    files = sorted((ROOT / "content").rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(_json_ready(data), _schema_for(path))


def test_the_schema_rejects_a_bad_file():
    path = FIXTURE_CONTENT / "methods" / "knee-hug.yaml"
    data = _json_ready(yaml.safe_load(path.read_text(encoding="utf-8")))
    jsonschema.validate(data, _schema_for(ROOT / "content" / "methods" / path.name))
    schema = _schema_for(ROOT / "content" / "methods" / path.name)
    for broken in (
        {**data, "key_cues": "typo"},
        {**data, "category": "yoga"},
        {k: v for k, v in data.items() if k != "steps"},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def _json_ready(value):
    """YAML dates as ISO strings, as a YAML language server sees them."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- Scaffolding -------------------------------------------------------------------------------

# Valid values for the placeholders of a new file, by YAML key; anything else becomes text.
FILLERS = {
    "category": "lifestyle",
    "difficulty": "gentle",
    "strength": "limited",
    "severity": "advice",
    "body_areas": ["whole-back"],
    "precautions": ["go-gently"],
    "sources": ["example-guideline"],
    "condition": "pregnancy",
    "method": "side-bend",
    "causes": ["sitting-still"],
    "relieves": ["stiffness"],
    "url": "https://example.org/a-page",
    "id": "a-section",
}


def _fill(value, key=""):
    if isinstance(value, dict):
        return {k: _fill(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return FILLERS[key] if key in FILLERS else [_fill(v, key) for v in value]
    if isinstance(value, str) and value.startswith("TODO"):
        return FILLERS.get(key, f"Some text for {key}")
    return value


@pytest.mark.parametrize("kind", sorted(kind.name for kind in KINDS))
def test_new_writes_a_file_that_passes_check_once_filled(tiny, kind, capsys):
    content = tiny
    slug = f"brand-new-{kind.removesuffix('s')}"
    assert backguide(["--content", str(content), "new", kind, slug]) == 0
    path = content / kind / f"{slug}.yaml"
    scaffold = path.read_text(encoding="utf-8")
    assert scaffold.count("# ") >= 3, "every field is explained in a comment"
    # Unfilled, the check names each placeholder.
    assert "fill in this TODO placeholder" in _problems(content)
    data = _fill(yaml.safe_load(scaffold))
    if kind == "routines":
        data["steps"] = [{"method": "side-bend", "reps": 6}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if kind in ("sources", "precautions"):  # a new one must also be cited or used
        problems = _problems(content)
        assert "no page cites" in problems or "no method uses" in problems
        return
    load_guide(content, today=REVIEWED)


def test_new_refuses_to_overwrite_and_to_take_a_bad_id(tiny, capsys):
    content = tiny
    before = (content / "methods" / "knee-hug.yaml").read_text(encoding="utf-8")
    assert backguide(["--content", str(content), "new", "methods", "knee-hug"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert (content / "methods" / "knee-hug.yaml").read_text(encoding="utf-8") == before
    assert backguide(["--content", str(content), "new", "methods", "Bad_Name"]) == 2
    with pytest.raises(SystemExit) as usage:
        backguide(["--content", str(content), "new", "gadgets", "x"])
    assert usage.value.code == 2


@pytest.mark.parametrize(
    ("file", "field", "message"),
    [
        ("methods/knee-hug.yaml", "steps", "steps: this field is required"),
        ("methods/knee-hug.yaml", "dose", "a stretching method needs a dose"),
        ("methods/warm-pack.yaml", "dose", "a heat-cold method needs dose.duration_minutes"),
        ("methods/knee-hug.yaml", "sources", "sources: this field is required"),
        ("methods/knee-hug.yaml", "evidence", "evidence: this field is required"),
        ("causes/sitting-still.yaml", "sources", "sources: this field is required"),
        ("effects/stiffness.yaml", "sources", "sources: this field is required"),
        ("benefits/easier-movement.yaml", "sources", "sources: this field is required"),
        ("precautions/go-gently.yaml", "sources", "sources: this field is required"),
    ],
)
def test_each_content_lint_rule_fails_when_broken(tiny, file, field, message):
    content = tiny
    path = content / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data[field]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert message in _problems(content)
