"""The data the player, the builder and "My progress" share, and what the build writes for them:
a routine's "check first" conditions, each method's tempo, the one data script, the service worker."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.guide_data import GLOBAL_NAME, GUIDE_DATA_PATH, VERSION, guide_data
from generator.load import load_guide
from generator.model import DEFAULT_TEMPO_SECONDS, CheckFirst, Concern
from generator.offline import MANIFEST, SERVICE_WORKER, build_hash, precached_files, write_offline_files

from .helpers import ROOT, TODAY, edit

JAVASCRIPTS = ROOT / "theme" / "assets" / "javascripts"
# The player and "My progress": their own scripts and the shared modules they load beside the data.
PLAYER_AND_PROGRESS = ("player.js", "progress.js", "session-log.js", "routine.js", "dose.js", "dom.js")
BUDGET_GZIP = 30_000


def test_check_first_lists_each_condition_once_with_every_step_it_concerns(tiny):
    routine = tiny / "routines" / "quick-break.yaml"
    edit(
        routine,
        "  - method: side-bend\n    reps: 6\n",
        "  - method: side-bend\n    reps: 6\n"
        "  - method: knee-hug\n    hold_seconds: 5\n    reps: 5\n    sets: 1\n",
    )
    edit(
        tiny / "methods" / "side-bend.yaml",
        "avoid_if:\n",
        "avoid_if:\n  - condition: pregnancy\n    note: Sit rather than stand.\n",
    )
    guide = load_guide(tiny, today=TODAY)
    checks = guide.routines["quick-break"].check_first
    assert all(isinstance(c, CheckFirst) for c in checks)
    assert [c.condition.id for c in checks] == ["pregnancy", "wrist-pain"]  # first named first
    pregnancy, wrist = checks
    assert all(isinstance(c, Concern) for c in pregnancy.concerns)
    assert [(c.number, c.method.id) for c in pregnancy.concerns] == [
        (1, "knee-hug"),
        (2, "side-bend"),
        (3, "knee-hug"),
    ]
    assert pregnancy.concerns[1].note == "Sit rather than stand."
    assert [(c.number, c.method.id) for c in wrist.concerns] == [(2, "side-bend")]


def test_a_routine_without_contraindications_has_nothing_to_check_first(tiny):
    edit(
        tiny / "methods" / "knee-hug.yaml",
        "avoid_if:\n  - condition: pregnancy\n"
        "    note: Avoid lying flat on your back for long after about 16 weeks.\n",
        "avoid_if: []\navoid_if_reason: Gentle enough for anyone.\n",
    )
    edit(
        tiny / "methods" / "side-bend.yaml",
        "avoid_if:\n  - condition: wrist-pain\n"
        "    note: Rest your hand on your thigh rather than the chair.\n",
        "avoid_if: []\navoid_if_reason: Gentle enough for anyone.\n",
    )
    guide = load_guide(tiny, today=TODAY)
    assert guide.routines["quick-break"].check_first == []


def test_the_tempo_is_the_methods_own_else_the_default(tiny):
    edit(tiny / "methods" / "side-bend.yaml", "key_cue:", "tempo_seconds: 6\nkey_cue:")
    guide = load_guide(tiny, today=TODAY)
    assert guide.methods["side-bend"].tempo == 6
    assert guide.methods["knee-hug"].tempo == DEFAULT_TEMPO_SECONDS
    data = {m["id"]: m for m in guide_data(guide)["methods"]}
    assert data["side-bend"]["tempo_seconds"] == 6
    assert data["knee-hug"]["tempo_seconds"] == DEFAULT_TEMPO_SECONDS


def test_the_data_carries_routines_red_flags_and_the_sites_numbers(guide):
    data = guide_data(guide, "https://example.org/guide")
    assert data["version"] == VERSION
    assert data["site"]["site_url"] == "https://example.org/guide/"
    assert data["site"]["emergency_number"] == guide.settings.emergency_number
    assert data["site"]["pages"]["help"] == "when-to-get-help.html"
    assert data["site"]["progression_source"]["url"] == "sources/nhs-inform-back-exercises.html"
    assert data["red_flags"]["emergency"]["symptoms"] == guide.red_flags.emergency.symptoms
    assert "999" in data["red_flags"]["emergency"]["action"]
    assert [r["id"] for r in data["routines"]] == list(guide.routines)
    for entry in data["routines"]:
        routine = guide.routines[entry["id"]]
        assert [s["method"] for s in entry["steps"]] == [s.method.id for s in routine.steps]
        assert entry["check_first"] == [
            {
                "condition": c.condition.id,
                "title": c.condition.title,
                "steps": [{"number": x.number, "method": x.method.id, "note": x.note} for x in c.concerns],
            }
            for c in routine.check_first
        ]
        assert entry["url"] == f"routines/{routine.id}.html"
        assert entry["card_url"] == f"cards/{routine.id}.html"
    for entry in data["methods"]:
        method = guide.methods[entry["id"]]
        assert entry["figure"] == f"assets/figures/{method.id}.svg", method.id
        assert entry["figure_alt"] and "illustration" not in entry["figure_alt"].lower()
        assert [svg[1]["aria-label"] for svg in entry["card_figure"]], method.id
    assert guide_data(guide)["site"]["site_url"] is None


def test_the_built_data_script_is_the_data(published, guide):
    script = (published.root / GUIDE_DATA_PATH).read_text(encoding="utf-8")
    prefix = f"window.{GLOBAL_NAME} = "
    assert script.startswith(prefix)
    data = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    assert data["site"]["site_url"] == "https://back-guide.example/guide/"
    for entry in data["routines"]:
        assert (published.root / entry["url"]).is_file() and (published.root / entry["card_url"]).is_file()
    for page in data["site"]["pages"].values():
        assert (published.root / page).is_file(), page


def test_player_and_progress_scripts_are_under_30_kb_compressed(capsys):
    sizes = {name: len(gzip.compress((JAVASCRIPTS / name).read_bytes(), 9)) for name in PLAYER_AND_PROGRESS}
    with capsys.disabled():
        print(f"\nplayer and progress scripts, gzip -9: {sizes} = {sum(sizes.values())} bytes")
    assert sum(sizes.values()) < BUDGET_GZIP, sizes


def test_the_service_worker_precaches_every_page_and_asset(published):
    worker = (published.root / SERVICE_WORKER).read_text(encoding="utf-8")
    files = json.loads(worker.split("const FILES = ", 1)[1].split(";\n", 1)[0])
    assert files == precached_files(published.root)
    for needed in (
        "index.html",
        "play.html",
        "my-progress.html",
        "make-my-routine.html",
        "methods/bridge.html",
        "cards/desk-break.html",
        "cards/desk-break.pdf",
        "assets/javascripts/player.js",
        "assets/javascripts/guide-data.js",
        "search/search_index.js",
        MANIFEST,
    ):
        assert needed in files, needed
    assert all((published.root / f).is_file() for f in files)
    assert not [f for f in files if f.endswith(".map") or f in ("_headers", SERVICE_WORKER)]
    assert f'"backguide-{build_hash(published.root, files)}"' in worker


def test_a_changed_file_changes_the_workers_cache_and_nothing_else_does(tmp_path: Path):
    site = tmp_path / "site"
    (site / "methods").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "methods" / "bridge.html").write_text("bridge")
    (site / "_headers").write_text("/*")
    first = write_offline_files(site, name="Guide", description="d")
    worker = (site / SERVICE_WORKER).read_bytes()
    assert write_offline_files(site, name="Guide", description="d") == first
    assert (site / SERVICE_WORKER).read_bytes() == worker, "same content, same bytes"
    (site / "methods" / "bridge.html").write_text("bridge, reviewed")
    assert write_offline_files(site, name="Guide", description="d") != first


def test_under_mkdocs_serve_the_worker_removes_itself(tmp_path: Path):
    write_offline_files(tmp_path, name="Guide", description="d", serving=True)
    worker = (tmp_path / SERVICE_WORKER).read_text()
    assert "unregister()" in worker and "FILES" not in worker


def test_the_manifest_is_scoped_to_the_site(published):
    manifest = json.loads((published.root / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["scope"] == "./" and manifest["start_url"] == "./index.html"
    assert manifest["display"] == "standalone"
    assert all((published.root / icon["src"]).is_file() for icon in manifest["icons"])
    page = published.page("index.html")
    assert page.select_one('link[rel="manifest"]')["href"] == MANIFEST
