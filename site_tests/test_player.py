"""The player and "My progress" in a real browser, with Playwright's clock for time: a routine played
to the end, cues and the screen kept on, pause and stop, the session log, progression within the
safe range, a calendar file, the offline copy, accessibility, and file://."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browser import serve
from .conftest import ARTIFACTS
from .helpers import AXE, Recorder, axe_violations, need, read_headers_file, squash

PLAYER = "play.html"
PROGRESS = "my-progress.html"
# Paced repetitions, holds on each side with a rest between them, two sets with a rest between.
SHORT = "cat-camel.r5,neck-and-shoulder-stretch.h10.r2,foam-roller-mid-back.h30.s2"
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PHONE = {"width": 390, "height": 844}

# Speech and the wake lock, stubbed so their calls can be checked; what the live region says.
STUBS = """
window.__spoken = [];
window.__wake = { requests: 0, releases: 0 };
window.__announced = [];
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  speak(u) { window.__spoken.push(u.text); }, cancel() { window.__spoken.push("<cancel>"); },
  pause() {}, resume() {}, getVoices() { return []; }, speaking: false, pending: false } });
Object.defineProperty(navigator, "wakeLock", { configurable: true, value: {
  request(type) {
    window.__wake.requests += 1;
    const lock = new EventTarget();
    lock.type = type; lock.released = false;
    lock.release = () => { if (!lock.released) { lock.released = true; window.__wake.releases += 1;
      lock.dispatchEvent(new Event("release")); } return Promise.resolve(); };
    window.__wake.lock = lock;
    return Promise.resolve(lock);
  } } });
new MutationObserver(() => {
  const status = document.querySelector(".player-status");
  if (status && status.textContent && window.__announced.at(-1) !== status.textContent) {
    window.__announced.push(status.textContent);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture
def player(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.add_init_script(STUBS)
    page.clock.install(time=NOW)
    yield page
    context.close()


def sample(page) -> dict:
    return page.evaluate("""() => { const p = document.querySelector('.player-playing');
      if (!p) return {phase: 'over'};
      return {phase: p.dataset.phase, step: +p.dataset.step, remaining: +p.dataset.remaining,
              rep: p.dataset.rep ? +p.dataset.rep : null,
              label: p.querySelector('.player-phase').textContent,
              detail: p.querySelector('.player-detail').textContent}; }""")


def start(page, base: str, fragment: str, cues: bool = True, before: int | None = None) -> None:
    page.goto(f"{base}{PLAYER}#{fragment}", wait_until="load")
    # From here the player's time moves only with run_for: a busy machine's slow clicks must not
    # count as seconds of a hold.
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 1)  # Playwright counts seconds here
    if cues:
        page.check("#player-cues")
    if before is not None:
        page.check(f"#pain-before-{before}")
    page.get_by_role("button", name="Start", exact=True).click()


def play_through(page, seconds: int) -> list[dict]:
    samples = [sample(page)]
    for _ in range(seconds):
        page.clock.run_for(1000)
        samples.append(sample(page))
        if samples[-1]["phase"] == "over":
            break
    return samples


def runs(samples: list[dict]) -> list[tuple[int, str]]:
    """The phases in order, each run of equal (step, phase) once."""
    found: list[tuple[int, str]] = []
    for s in samples:
        key = (s.get("step", 0), s["phase"])
        if not found or found[-1] != key:
            found.append(key)
    return found


def test_a_routine_plays_to_the_end_in_fake_time(player, site_server):
    recorder = Recorder(player)
    start(player, site_server, f"steps={SHORT}", before=4)
    spoken_at_start = player.evaluate("window.__spoken.slice()")
    assert spoken_at_start == ["Cat-camel. 5 times. Get ready."], "the first cue comes from the tap"
    assert player.evaluate("window.__wake.requests") == 1
    player.screenshot(path=str(ARTIFACTS / "player-1-ready.png"))

    samples = play_through(player, 240)
    assert samples[-1]["phase"] == "over"
    assert runs(samples[:-1]) == [
        (1, "ready"),
        (1, "reps"),
        (2, "ready"),
        (2, "hold"),
        (2, "relax"),
        (2, "hold"),
        (2, "switch"),
        (2, "hold"),
        (2, "relax"),
        (2, "hold"),
        (3, "ready"),
        (3, "hold"),
        (3, "rest"),
        (3, "hold"),
    ]
    # Repetitions are paced: each count lasts the method's tempo (4 seconds by default).
    reps = [s["rep"] for s in samples if s["phase"] == "reps"]
    assert sorted(set(reps)) == [1, 2, 3, 4, 5] and reps == sorted(reps)
    assert all(reps.count(n) == 4 for n in (1, 2, 3, 4)), reps
    # Holds count down a second at a time.
    first_hold = [s["remaining"] for s in samples if (s.get("step"), s["phase"]) == (2, "hold")][:10]
    assert first_hold == list(range(10, 0, -1))
    sides = [s["detail"] for s in samples if (s.get("step"), s["phase"]) == (2, "hold")]
    assert sides[0] == "1 of 2, first side" and sides[-1] == "2 of 2, other side"
    switch = next(s for s in samples if s["phase"] == "switch")
    assert switch["label"] == "Now the other side"
    rest = [s for s in samples if s["phase"] == "rest"]
    assert len(rest) == 20 and rest[0]["detail"] == "set 2 of 2"

    spoken = player.evaluate("window.__spoken")
    for cue in (
        "1",
        "5",
        "Neck and shoulder stretches. Hold 10 seconds, 2 times, each side. Get ready.",
        "Hold for 10 seconds.",
        "Rest.",
        "Now the other side.",
        "Rest. Then set 2 of 2.",
        "Well done. That is the end of the routine.",
    ):
        assert cue in spoken, cue
    hold = spoken.index("Hold for 10 seconds.")
    assert spoken[hold + 1 : hold + 5] == ["3", "2", "1", "Rest."], "Hold for 10 seconds. 3, 2, 1. Rest."
    wake = player.evaluate("({requests: window.__wake.requests, releases: window.__wake.releases})")
    assert wake == {"requests": 1, "releases": 1}, "the screen is let go at the end"
    announced = player.evaluate("window.__announced")
    assert len(announced) <= 3 + 1 + 1 + 1, announced  # steps, the side, the rest, the end
    assert not [a for a in announced if a.strip().isdigit()], "never a second-by-second count"

    end = player.locator(".player-end")
    assert "Well done" in end.locator("h2").inner_text()
    player.check("#pain-after-3")
    player.get_by_role("button", name="Save").click()
    assert "pain 3 out of 10" in player.locator(".player-saved").inner_text()
    player.screenshot(path=str(ARTIFACTS / "player-4-end.png"), full_page=True)
    [session] = player.evaluate("JSON.parse(localStorage.getItem('backguide-sessions')).sessions")
    assert session["outcome"] == "completed" and session["steps_done"] == 3
    assert (session["pain_before"], session["pain_after"]) == (4, 3)
    assert [s["method"] for s in session["steps"]] == [
        "cat-camel",
        "neck-and-shoulder-stretch",
        "foam-roller-mid-back",
    ]
    assert (
        session["steps"][2]
        == {"method": "foam-roller-mid-back", "title": "Foam roller: mid back", "hold_seconds": 30, "sets": 2}
        or session["steps"][2]["sets"] == 2
    )

    player.goto(site_server + PROGRESS, wait_until="load")
    row = player.locator(f'tr[data-session="{session["id"]}"]')
    assert squash(row.inner_text()).endswith("My routine completed 4 3")
    assert player.locator(f'circle[data-session="{session["id"]}"]').get_attribute("data-pain") == "3"
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
    assert all(url.startswith(origin) for url in recorder.requests), recorder.requests
    assert not recorder.failures and not recorder.csp_violations()


def test_pause_resume_and_the_keys(player, site_server):
    start(player, site_server, "routine=desk-break")
    player.clock.run_for(12_000)  # into the first hold
    assert sample(player)["phase"] == "hold"
    player.locator(".player-step-title").focus()
    player.keyboard.press("Space")
    paused = sample(player)
    assert paused["label"].startswith("Paused")
    player.clock.run_for(10_000)
    assert sample(player)["remaining"] == paused["remaining"], "paused: the clock stands still"
    assert player.evaluate("window.__wake.releases") == 1, "the screen may sleep while paused"
    player.get_by_role("button", name="Resume").click()
    player.clock.run_for(2_000)
    assert sample(player)["remaining"] == paused["remaining"] - 2
    assert player.evaluate("window.__wake.requests") == 2
    player.locator(".player-step-title").focus()
    player.keyboard.press("ArrowRight")
    assert (sample(player)["step"], sample(player)["phase"]) == (2, "ready")
    player.keyboard.press("ArrowLeft")
    assert (sample(player)["step"], sample(player)["phase"]) == (1, "ready"), "Back from a step's start"
    player.get_by_role("button", name="Skip: next step").click()
    player.clock.run_for(5_000)
    player.get_by_role("button", name="Back: previous step").click()
    assert (sample(player)["step"], sample(player)["phase"]) == (2, "ready"), "Back restarts the step"
    player.get_by_role("button", name="Finish now").click()
    [session] = player.evaluate("JSON.parse(localStorage.getItem('backguide-sessions')).sessions")
    assert session["outcome"] == "ended"


def test_stop_this_hurts_ends_the_session_and_says_what_to_do(player, site_server, guide):
    start(player, site_server, "routine=morning-mobility")
    player.clock.run_for(15_000)
    player.get_by_role("button", name="Stop: this hurts").click()
    panel = player.locator(".player-stopped")
    text = squash(panel.inner_text())
    assert "Stop the exercise" in text
    assert squash(guide.red_flags.emergency.action) in text and "999" in text
    for symptom in guide.red_flags.emergency.symptoms:
        assert squash(symptom) in text
    assert player.evaluate("document.activeElement.id") == "player-stop-title"
    assert panel.get_by_role("link", name="When to get help").is_visible()
    player.screenshot(path=str(ARTIFACTS / "player-3-stopped.png"), full_page=True)
    player.clock.run_for(60_000)
    assert sample(player)["phase"] == "over", "nothing plays on"
    assert "<cancel>" in player.evaluate("window.__spoken")
    assert player.evaluate("window.__wake.releases") == 1
    [session] = player.evaluate("JSON.parse(localStorage.getItem('backguide-sessions')).sessions")
    assert session["outcome"] == "stopped" and session["steps_done"] == 0, "stopped in step 1"


def test_cues_are_off_until_turned_on_and_then_remembered(player, site_server):
    start(player, site_server, "routine=desk-break", cues=False)
    player.clock.run_for(40_000)
    assert player.evaluate("window.__spoken") == []
    player.reload(wait_until="load")
    assert not player.is_checked("#player-cues")
    player.check("#player-cues")
    player.reload(wait_until="load")
    assert player.is_checked("#player-cues"), "remembered once on"


def test_the_screen_lock_is_asked_for_again_when_the_page_is_shown_again(player, site_server):
    start(player, site_server, "routine=desk-break")
    assert player.evaluate("window.__wake.requests") == 1
    # Hiding the page releases the lock; showing it again asks for a new one.
    player.evaluate("window.__wake.lock.release()")
    player.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    player.clock.run_for(1_000)
    assert player.evaluate("window.__wake.requests") == 2


def test_without_speech_or_wake_lock_it_plays_and_beeps(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script("""
      delete Window.prototype.speechSynthesis; delete window.speechSynthesis;
      Object.defineProperty(navigator, 'wakeLock', { value: undefined });
      window.__tones = 0;
      window.AudioContext = class { constructor() { this.currentTime = 0; this.destination = {}; }
        createOscillator() { window.__tones += 1; return { frequency: {}, connect: (g) => g,
          start() {}, stop() {} }; }
        createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
          connect: (d) => d }; } };
    """)
    page.clock.install(time=NOW)
    try:
        start(page, site_server, "routine=desk-break")
        page.clock.run_for(30_000)
        assert sample(page)["phase"] in ("hold", "relax")
        assert page.evaluate("window.__tones") >= 3
    finally:
        context.close()
    assert not errors, errors


# --- The session log and "My progress" --------------------------------------------------------

DESK_BREAK_STEPS = [
    {
        "method": "neck-and-shoulder-stretch",
        "title": "Neck and shoulder stretches",
        "hold_seconds": 20,
        "reps": 2,
    },
    {"method": "upper-back-stretch", "title": "Upper back stretch", "hold_seconds": 20, "reps": 2},
    {"method": "seated-rotation", "title": "Seated rotation", "hold_seconds": 15, "reps": 2},
]


def session(
    n: int,
    days_ago: float,
    outcome: str = "completed",
    before: int | None = None,
    after: int | None = None,
    routine: str = "desk-break",
    steps: list | None = None,
) -> dict:
    started = NOW - dt.timedelta(days=days_ago)
    return {
        "id": f"s-test-{n}",
        "started": started.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "ended": (started + dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "outcome": outcome,
        "routine": {
            "id": routine,
            "title": "Five-minute desk break",
            "address": f"play.html#routine={routine}",
        },
        "steps": steps or DESK_BREAK_STEPS,
        "steps_done": 3 if outcome == "completed" else 1,
        "pain_before": before,
        "pain_after": after,
    }


def seed(page, base: str, sessions: list[dict] | str) -> None:
    """Put a log (or any text) into the browser's storage for the site's origin."""
    page.goto(base + PROGRESS, wait_until="load")
    text = (
        sessions
        if isinstance(sessions, str)
        else json.dumps({"format": "backguide-sessions", "version": 1, "sessions": sessions})
    )
    page.evaluate("(text) => localStorage.setItem('backguide-sessions', text)", text)


FIVE = [
    session(1, 20, before=6, after=5),
    session(2, 13, after=4),
    session(3, 9, "stopped", 4, 6),
    session(4, 2, before=5, after=3),
    session(5, 0.5, after=2),
]


def test_the_progress_page_draws_five_sessions_with_chart_and_table_agreeing(player, site_server):
    seed(player, site_server, FIVE)
    player.reload(wait_until="load")
    assert "5 sessions logged, 4 completed." in player.locator(".progress-total").inner_text()
    bars = {
        b.get_attribute("data-week"): int(b.get_attribute("data-count"))
        for b in player.locator(".progress-weeks-chart rect.bar").all()
    }
    rows = {
        r.get_attribute("data-week"): int(r.locator("td").first.inner_text())
        for r in player.locator("#progress-weeks table tbody tr").all()
    }
    assert bars == rows and sum(bars.values()) == 5 and len(bars) == 8
    points = {
        c.get_attribute("data-session"): int(c.get_attribute("data-pain"))
        for c in player.locator(".progress-pain-chart circle").all()
    }
    table = {
        r.get_attribute("data-session"): r.locator("td").nth(3).inner_text()
        for r in player.locator("#progress-pain table tbody tr").all()
    }
    assert points == {s["id"]: s["pain_after"] for s in FIVE}
    assert {k: int(v) for k, v in table.items()} == points
    assert player.locator("svg.progress-weeks-chart").get_attribute("role") == "img"
    assert "Nothing is sent anywhere" in player.locator("article").inner_text()
    player.screenshot(path=str(ARTIFACTS / "progress-five-sessions.png"), full_page=True)


def test_csv_and_json_export_and_an_import_that_merges_without_duplicates(player, site_server, tmp_path):
    seed(player, site_server, FIVE[:3])
    player.reload(wait_until="load")
    with player.expect_download() as download:
        player.get_by_role("button", name="Save as CSV (spreadsheet)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["s-test-1", "s-test-2", "s-test-3"]
    assert rows[2]["outcome"] == "stopped" and rows[2]["pain_before"] == "4" and rows[2]["pain_after"] == "6"
    assert rows[1]["pain_before"] == "" and rows[0]["routine"] == "desk-break"
    assert "neck-and-shoulder-stretch hold_seconds=20 reps=2" in rows[0]["steps"]

    with player.expect_download() as download:
        player.get_by_role("button", name="Save as JSON (to load again)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [s["id"] for s in exported["sessions"]] == ["s-test-1", "s-test-2", "s-test-3"]

    # Another browser's file: two sessions already here, two new ones.
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "format": "backguide-sessions",
                "version": 1,
                "sessions": [*exported["sessions"][1:], FIVE[3], FIVE[4]],
            }
        )
    )
    player.set_input_files("#progress-import", str(other))
    message = player.locator(".progress-message")
    message.filter(has_text="Loaded").wait_for()
    assert "Loaded 2 new sessions; 2 were already here." in message.inner_text()
    stored = player.evaluate("JSON.parse(localStorage.getItem('backguide-sessions')).sessions")
    assert [s["id"] for s in stored] == [f"s-test-{n}" for n in range(1, 6)]
    player.set_input_files("#progress-import", str(other))
    message.filter(has_text="Loaded 0").wait_for()
    assert player.locator("#progress-pain table tbody tr").count() == 5

    player.get_by_role("button", name="Delete all my data").click()
    player.keyboard.press("Escape")
    assert player.evaluate("document.activeElement.textContent") == "Delete all my data"
    assert player.locator("#progress-pain table tbody tr").count() == 5
    player.get_by_role("button", name="Delete all my data").click()
    player.get_by_role("button", name="Yes, delete everything").click()
    assert player.evaluate("Object.keys(localStorage).filter(k => k.startsWith('backguide-'))") == []
    assert "No session is logged" in player.locator("#progress").inner_text()


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        json.dumps({"format": "someone-else", "rows": [1]}),
        json.dumps({"format": "backguide-sessions", "version": 99, "sessions": []}),
    ],
)
def test_damaged_or_foreign_storage_is_ignored_with_a_message(player, site_server, stored):
    errors: list[str] = []
    player.on("pageerror", lambda error: errors.append(str(error)))
    seed(player, site_server, stored)
    player.reload(wait_until="load")
    assert "ignored" in player.locator(".progress-problem").inner_text()
    # The player still plays and logs; the unreadable log is kept aside, not overwritten.
    start(player, site_server, "routine=desk-break")
    player.get_by_role("button", name="Finish now").click()
    assert player.evaluate("localStorage.getItem('backguide-sessions-unreadable')") == stored
    player.goto(site_server + PROGRESS, wait_until="load")
    assert player.locator("#progress-pain table tbody tr").count() == 1
    assert not errors, errors


def test_a_damaged_record_is_left_out_and_the_rest_shown(player, site_server):
    bad = dict(FIVE[0], pain_after=11)
    seed(player, site_server, [bad, *FIVE[1:]])
    player.reload(wait_until="load")
    assert "1 record" in player.locator(".progress-problem").inner_text()
    assert player.locator("#progress-pain table tbody tr").count() == 4


# --- Progression within the safe range --------------------------------------------------------


def finish_with_score(page, after: int) -> None:
    page.clock.run_for(20 * 60_000)
    page.check(f"#pain-after-{after}")
    page.get_by_role("button", name="Save").click()


@pytest.mark.parametrize(
    ("history", "before", "after", "offered"),
    [
        ([session(1, 3, after=4), session(2, 2, after=4)], None, 3, True),
        ([session(1, 3, after=4), session(2, 2, after=5)], None, 3, False),  # pain rose last time
        ([session(1, 3, after=4), session(2, 2, "stopped", after=4)], None, 3, False),
        ([session(1, 3, after=4), session(2, 2, after=4)], 2, 3, False),  # pain rose in this one
        ([session(2, 2, after=4)], None, 3, False),  # only two sessions
    ],
)
def test_the_progression_offer_appears_only_when_its_rule_holds(
    player, site_server, history, before, after, offered
):
    seed(player, site_server, history)
    start(player, site_server, "routine=desk-break", cues=False, before=before)
    finish_with_score(player, after)
    assert player.locator(".player-progression").count() == (1 if offered else 0)


def test_accepted_progression_stays_within_the_range_and_reaches_the_card(player, site_server, guide):
    steps = "bridge.h5.r11,cat-camel.r8,neck-and-shoulder-stretch.h10.r2"  # 8-12, top 8, 2-4
    history = [
        session(
            n,
            4 - n,
            after=3,
            routine="mine",
            steps=[
                {"method": "bridge", "title": "Bridge", "hold_seconds": 5, "reps": 11},
                {"method": "cat-camel", "title": "Cat-camel", "reps": 8},
                {
                    "method": "neck-and-shoulder-stretch",
                    "title": "Neck and shoulder stretches",
                    "hold_seconds": 10,
                    "reps": 2,
                },
            ],
        )
        for n in (1, 2)
    ]
    seed(player, site_server, history)
    start(player, site_server, f"steps={steps}", cues=False)
    finish_with_score(player, 2)
    offer = player.locator(".player-progression")
    assert "NHS inform" in offer.inner_text()
    assert (
        offer.get_by_role("link")
        .first.get_attribute("href")
        .endswith("sources/nhs-inform-back-exercises.html")
    )
    items = {
        li.get_attribute("data-method"): (
            int(li.get_attribute("data-two")),
            int(li.get_attribute("data-top")),
        )
        for li in offer.locator("li").all()
    }
    assert items == {"bridge": (12, 12), "neck-and-shoulder-stretch": (4, 4)}, "cat-camel is at its top"
    player.screenshot(path=str(ARTIFACTS / "player-5-progression.png"), full_page=True)
    player.get_by_role("button", name="Add 2 repetitions").click()
    builder = player.get_by_role("link", name="Print its card")
    builder.click()
    player.wait_for_load_state("load")
    card = [squash(li.inner_text()) for li in player.locator(".routine-card .card-steps > li").all()]
    assert "Hold 5 seconds, 12 times." in card[0]
    assert "8 times." in card[1]
    assert "Hold 10 seconds, 4 times, each side." in card[2]
    for method, top in (("bridge", 12), ("neck-and-shoulder-stretch", 4)):
        assert guide.methods[method].dose.reps[1] == top


# --- "Add to my calendar" ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("untick", "rule"),
    [
        ((), {"FREQ": ["DAILY"]}),
        (("Saturday", "Sunday"), {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "TU", "WE", "TH", "FR"]}),
    ],
)
def test_the_calendar_file_repeats_on_the_chosen_days(player, site_server, untick, rule):
    from icalendar import Calendar

    player.goto(site_server + PLAYER + "#routine=desk-break", wait_until="load")
    calendar = player.locator(".player-calendar")
    calendar.locator("summary").click()
    for day in untick:
        calendar.get_by_label(day, exact=True).uncheck()
    calendar.locator('input[type="time"]').fill("07:30")
    with player.expect_download() as download:
        calendar.get_by_role("button", name="Download the calendar file").click()
    assert download.value.suggested_filename == "desk-break.ics"
    text = Path(download.value.path()).read_bytes()
    assert b"\r\n" in text
    [event] = Calendar.from_ical(text).walk("VEVENT")
    got = {key: [str(v) for v in values] for key, values in event["RRULE"].items()}
    assert got == rule
    start_at = event.decoded("DTSTART")
    assert (start_at.hour, start_at.minute) == (7, 30) and start_at.date() >= NOW.date()
    assert str(event["SUMMARY"]) == "Five-minute desk break"
    assert str(event["URL"]).endswith("/guide/play.html#routine=desk-break")
    assert "play.html#routine=desk-break" in str(event["DESCRIPTION"])
    calendar.locator("summary").focus()
    player.keyboard.press("Escape")
    assert not calendar.evaluate("d => d.open")


# --- Offline, accessibility, file:// -----------------------------------------------------------


def test_after_one_visit_the_guide_and_the_player_work_offline(browser, published):
    context = browser.new_context()
    page = context.new_page()
    try:
        with serve(published.root, read_headers_file(published.root / "_headers")) as base:
            page.goto(base + "index.html", wait_until="load")
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.reload(wait_until="load")  # now controlled by the worker
            assert page.evaluate("!!navigator.serviceWorker.controller")
            cached = page.evaluate("caches.keys()")
            assert len(cached) == 1 and cached[0].startswith("backguide-")
        # The server is gone and the browser is offline.
        context.set_offline(True)
        page.goto(base + PLAYER + "#routine=desk-break", wait_until="load")
        assert page.locator("#player-title").inner_text() == "Five-minute desk break"
        page.get_by_role("button", name="Start", exact=True).click()
        assert page.locator(".player-step-title").inner_text() == "Neck and shoulder stretches"
        page.goto(base + "methods/bridge.html", wait_until="load")
        assert page.locator("article h1").inner_text().startswith("Bridge")
        page.reload(wait_until="load")
        assert page.locator("article h1").inner_text().startswith("Bridge")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_player_and_progress_pages(browser, site_server, scheme):
    need(AXE, "axe-core")
    # The default desktop viewport, as the other pages are checked (at 390 px Material's drawer has
    # navigation landmarks without names on every page: issue 17's).
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    page.add_init_script(STUBS)
    violations: list[str] = []

    def check(where: str) -> None:
        page.mouse.move(0, 0)  # no hover, and Material's colour transitions over
        page.wait_for_timeout(300)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
        )
        violations.extend(
            f"{where}: {v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        )

    try:
        violations += [f"chooser: {v}" for v in axe_violations(page, site_server + PLAYER)]
        page.goto(site_server + PLAYER + "#routine=morning-mobility", wait_until="load")
        page.locator(".player-red-flags summary").click()
        page.locator(".player-calendar summary").click()
        check("intro")
        page.get_by_role("button", name="Start", exact=True).click()
        check("playing")
        page.get_by_role("button", name="Finish now").click()
        page.get_by_role("button", name="Save").click()
        check("end")
        seed(page, site_server, FIVE)
        page.reload(wait_until="load")
        check("progress")
    finally:
        context.close()
    assert not violations, "\n".join(violations)


def heading_levels(page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3, "
        "article h4')].filter(h => h.checkVisibility()).map(h => +h.tagName[1])"
    )


def test_the_player_has_one_h1_and_no_skipped_heading_level(player, site_server):
    start(player, site_server, "routine=desk-break")
    for where in ("playing", "end"):
        if where == "end":
            player.get_by_role("button", name="Finish now").click()
        levels = heading_levels(player)
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b - a > 1]
        assert levels.count(1) == 1 and not skips, (where, levels)


def test_controls_are_at_least_44_px_on_a_phone(player, site_server):
    start(player, site_server, "routine=desk-break")
    player.screenshot(path=str(ARTIFACTS / "player-2-playing.png"))
    sizes = player.evaluate("""[...document.querySelectorAll('.player-playing button')]
      .map(b => [b.textContent, b.getBoundingClientRect().width, b.getBoundingClientRect().height])""")
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert len(sizes) >= 5 and not small, small
    assert player.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("routine", ["desk-break", "morning-mobility", "foam-roller-session"])
def test_on_a_phone_the_step_its_clock_and_the_stop_button_fill_the_screen(player, site_server, routine):
    start(player, site_server, f"routine={routine}")
    player.clock.run_for(12_000)  # into the first step
    seen = player.evaluate("""() => Object.fromEntries(
      ['.player-step-title', '.player-figure', '.player-clock', '.player-controls', '.player-stop']
        .map(s => { const r = document.querySelector(s).getBoundingClientRect();
                    return [s, [Math.round(r.top), Math.round(r.bottom)]]; }))""")
    header = player.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert seen[".player-figure"][1] > seen[".player-figure"][0], "the step's figure is shown"
    hidden = {s: box for s, box in seen.items() if box[0] < header or box[1] > PHONE["height"]}
    assert not hidden, f"below the fold or under the header on a phone: {hidden}"


def test_reduced_motion_stops_the_animation(browser, site_server):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.clock.install(time=NOW)
    try:
        start(page, site_server, "routine=morning-mobility", cues=False)
        page.clock.run_for(12_000)  # cat-camel's paced repetitions
        assert sample(page)["phase"] == "reps"
        animation = "getComputedStyle(document.querySelector('.player-count')).animationName"
        assert page.evaluate(animation) == "none"
    finally:
        context.close()


def test_the_player_works_from_file_urls(browser, published):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.clock.install(time=NOW)
    try:
        page.goto((published.root / PLAYER).as_uri() + "#routine=desk-break", wait_until="load")
        page.get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(15_000)
        assert sample(page)["phase"] == "hold"
        page.get_by_role("button", name="Finish now").click()
        assert page.locator(".player-end").is_visible()
        assert not page.evaluate("navigator.serviceWorker && navigator.serviceWorker.controller")
    finally:
        context.close()
    assert all(url.startswith(("file://", "data:", "about:", "blob:")) for url in requests), requests


def test_start_links_on_routine_pages_and_cards(published, guide):
    for routine_id in guide.routines:
        for path, prefix in ((f"routines/{routine_id}.html", "../"), (f"cards/{routine_id}.html", "../")):
            links = [a["href"] for a in published.page(path).select("article a")]
            assert f"{prefix}play.html#routine={routine_id}" in links, path
    card_page = published.page("cards/desk-break.html").select_one(".card-instructions")
    assert "[" not in card_page.get_text(), "the back link is a link, not Markdown text"
