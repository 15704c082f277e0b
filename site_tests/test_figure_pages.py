"""The exercise figures where readers meet them (issue 14): the method page that leads with its
moving figure and one compact "Before you start" block, a key pose beside each step, the methods
index as a grid, the printed cards and "Make my routine"'s card, the player; and the first step's
place on a phone."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from generator.dose import method_minutes, minutes_text
from generator.figure_pages import FIGURE_STYLESHEET, card_poses, figure_file, page_figures
from generator.figures import FIGURE_CSS
from generator.model import IN_BRIEF_MAX, Method, Severity
from generator.paths import html_path, page_path
from generator.rules import EMERGENCY_SIGNS

from .conftest import ARTIFACTS
from .helpers import AXE, Recorder, article, axe_violations, hrefs_before, need, squash

PHONE = {"width": 390, "height": 844}
# The first step within one and a half phone screens of the top of every method page.
FIRST_STEP_LIMIT = 1.5 * PHONE["height"]
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn(guide):
    return page_figures(guide)


def home_exercises(guide) -> list[Method]:
    return [m for m in guide.of(Method).values() if m.category.is_home_exercise]


def method_page(method: Method) -> str:
    return html_path(page_path(method))


def labels(element) -> list[str]:
    return [svg.get("aria-label") for svg in element.find_all("svg", attrs={"role": "img"})]


# ---- the built pages ---------------------------------------------------------------------------


def test_every_home_exercise_page_opens_with_its_moving_figure_and_a_pause_control(site, guide, drawn):
    exercises = home_exercises(guide)
    assert len(exercises) >= 9
    for method in exercises:
        body = article(site.page(method_page(method)))
        figure = body.select_one("figure.exercise-figure")
        assert figure is not None, method.id
        [animation] = figure.select("svg.bgf-anim")
        assert animation["role"] == "img" and animation["aria-label"] == drawn.of(method).alt
        assert "illustration" not in animation["aria-label"].lower()
        # The figure comes before the summary and everything else in the article but the notice.
        assert figure.find_next("p").get_text(" ", strip=True).startswith(squash(method.summary)[:30])
        control = figure.select_one("input#figure-pause[type=checkbox]")
        label = figure.select_one("label[for=figure-pause]")
        assert control is not None and squash(label.get_text()) == "Pause the movement"


def test_each_step_shows_the_key_poses_it_describes(site, guide, drawn):
    for method in home_exercises(guide):
        body = article(site.page(method_page(method)))
        items = body.find(id="steps").find_next("ol").find_all("li", recursive=False)
        assert [squash(li.select_one(".step-text").get_text()) for li in items] == [
            squash(step) for step in method.steps
        ], method.id
        for number, item in enumerate(items, start=1):
            wanted = [pose.alt for pose in drawn.of(method).for_step(number)]
            assert labels(item) == wanted, (method.id, number)
        assert any(labels(item) for item in items), method.id


def test_the_page_leads_with_one_compact_before_you_start_block(site, guide):
    help_link = "../when-to-get-help.html"
    number = guide.settings.emergency_number
    for method in guide.of(Method).values():
        body = article(site.page(method_page(method)))
        block = body.select_one(".before-you-start")
        assert block is not None and block.find_next(id="steps") is not None, method.id
        for wanted in ("who-should-not", "precautions"):
            assert block.find(id=wanted) is not None, (method.id, wanted)
        links = [a["href"] for a in block.find_all("a", href=True)]
        for precaution in method.precautions:
            assert f"../precautions/{precaution.id}.html" in links, (method.id, precaution.id)
        for avoid in method.avoid_if:
            assert f"../conditions/{avoid.condition_id}.html" in links, (method.id, avoid.condition_id)
        # The warning signs are said once before the steps: one line, not the full box as well.
        assert len(body.select(".red-flags")) == 1 and block.select_one(".red-flags")
        line = block.select_one(".red-flags")
        assert line.find("a", href=f"tel:{number}") and line.find("a", href=help_link), method.id
        before = hrefs_before(body, "steps")
        assert before.count("../precautions/stop-if-red-flags.html") == 1, method.id


def test_a_stop_precaution_is_marked_where_a_method_page_lists_it(site, guide):
    marked = 0
    for method in guide.of(Method).values():
        block = article(site.page(method_page(method))).select_one(".before-you-start")
        for precaution in method.precautions:
            if precaution.severity is not Severity.STOP or precaution.applies_to_all:
                continue
            link = block.find("a", href=f"../precautions/{precaution.id}.html")
            marker = link.find_previous_sibling("strong")
            assert marker is not None and "severity-marker-stop" in marker["class"], method.id
            assert squash(marker.get_text()).startswith("Stop"), method.id
            marked += 1
    assert marked, "no method lists a stop precaution of its own"


def test_the_emergency_line_names_every_kind_of_emergency_sign(guide):
    line = guide.red_flags.emergency.card_line
    assert line, "red-flags.yaml gives the emergency signs in one line (emergency.card_line)"
    missing = [
        name for name, pattern in EMERGENCY_SIGNS.items() if not re.search(pattern, line, re.IGNORECASE)
    ]
    assert not missing, missing


def test_each_precaution_has_a_few_words_for_the_method_pages(guide):
    for precaution in guide.precautions.values():
        assert precaution.in_brief, precaution.id
        assert len(precaution.in_brief) <= IN_BRIEF_MAX and not precaution.in_brief.endswith(".")


def test_every_card_step_shows_its_exercises_key_poses_with_a_text_alternative(site, guide, drawn):
    for routine in guide.routines.values():
        card = site.page(f"cards/{routine.id}.html").select_one(".routine-card")
        items = card.select(".card-steps > li")
        seen = set()
        for item, step in zip(items, routine.steps, strict=True):
            wanted = [] if step.method.id in seen else [p.alt for p in card_poses(drawn.of(step.method))]
            assert labels(item) == wanted, (routine.id, step.method.id)
            assert all(label for label in labels(item))
            seen.add(step.method.id)


def test_the_methods_index_is_a_grid_a_reader_scans(site, guide, drawn):
    body = article(site.page("methods/index.html"))
    tiles = body.select("ul.method-grid > li")
    assert len(tiles) == len(guide.of(Method))
    by_link = {tile.select_one(".method-tile-title a")["href"]: tile for tile in tiles}
    for method in guide.of(Method).values():
        tile = by_link[f"{method.id}.html"]
        assert squash(tile.select_one(".method-tile-title").get_text()) == method.title
        facts = {squash(dt.get_text()): squash(dt.find_next("dd").get_text()) for dt in tile("dt")}
        assert facts["Difficulty"] == method.difficulty.value
        if method.category.is_home_exercise:
            assert facts["You need"] == (", ".join(method.equipment) or "nothing")
            assert labels(tile) == [drawn.of(method).poses[0].alt], method.id
        assert facts.get("Time") == minutes_text(method), method.id


def test_time_comes_from_the_dose_in_one_place(guide):
    bridge = guide.methods["bridge"]  # hold 5-10 s, 8-12 times, not each side
    assert method_minutes(bridge) == (round((5 * 8 + 15) / 60) or 1, round((10 * 12 + 15) / 60))
    assert minutes_text(guide.methods["heat-therapy"]) == "about 15–20 minutes"
    assert method_minutes(guide.methods["acupuncture"]) is None


def test_the_build_writes_the_figure_stylesheet_and_one_standalone_svg_per_exercise(site, guide, drawn):
    assert (site.root / FIGURE_STYLESHEET).read_text(encoding="utf-8") == FIGURE_CSS + "\n"
    for path in site.pages():
        if path == "404.html":
            continue
        hrefs = [link.get("href", "") for link in site.page(path).find_all("link", rel="stylesheet")]
        assert any(h.endswith(FIGURE_STYLESHEET) for h in hrefs), path
    for method in home_exercises(guide):
        svg = ET.parse(site.root / figure_file(method.id)).getroot()
        assert svg.tag == f"{SVG_NS}svg" and svg.get("aria-label") == drawn.of(method).alt
        assert svg.find(f"{SVG_NS}style") is not None, "a file carries its own style"


def test_no_style_in_a_page_the_csp_would_block(site):
    for path in site.pages():
        body = article(site.page(path))
        assert not body.find("style"), path
        assert not body.find(attrs={"style": True}), path


# ---- in the browser ----------------------------------------------------------------------------


def test_the_first_step_is_within_one_and_a_half_phone_screens_on_every_method_page(
    browser, site_server, guide
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    tops = {}
    try:
        for method in guide.of(Method).values():
            page.goto(site_server + method_page(method), wait_until="load")
            tops[method.id] = page.evaluate(
                "() => document.querySelector('#steps + ol > li').getBoundingClientRect().top + scrollY"
            )
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "first-step-on-a-phone.json").write_text(
        json.dumps(
            {m: {"px": round(top), "screens": round(top / PHONE["height"], 2)} for m, top in tops.items()},
            indent=2,
        )
        + "\n"
    )
    late = {m: round(top) for m, top in tops.items() if top >= FIRST_STEP_LIMIT}
    assert not late, f"first step further than {FIRST_STEP_LIMIT:.0f} px down: {late}"


def _figure_state(page) -> dict:
    return page.evaluate("""() => {
      const strip = document.querySelector('.exercise-figure .bgf-strip');
      const keys = [...document.querySelectorAll('.exercise-figure .bgf-k')];
      const control = document.querySelector('#figure-pause');
      return {animation: getComputedStyle(strip).animationName,
              playState: getComputedStyle(strip).animationPlayState,
              keys: keys.map(k => getComputedStyle(k).display),
              keyWidths: keys.map(k => k.getBoundingClientRect().width),
              control: control.checkVisibility()}; }""")


def test_reduced_motion_shows_the_key_poses_still_and_no_pause_control(browser, site_server, guide, drawn):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    try:
        for method in home_exercises(guide):
            page.goto(site_server + method_page(method), wait_until="load")
            state = _figure_state(page)
            animated = [p for p in drawn.of(method).poses if p.animated]
            assert state["animation"] == "none", method.id
            assert len(state["keys"]) == len(animated) and "none" not in state["keys"], method.id
            assert min(state["keyWidths"]) > 10 and not state["control"], method.id
    finally:
        context.close()


def test_the_pause_control_stops_the_movement_from_the_keyboard(browser, site_server):
    context = browser.new_context(reduced_motion="no-preference")
    page = context.new_page()
    try:
        page.goto(site_server + "methods/cat-camel.html", wait_until="load")
        before = _figure_state(page)
        assert before["animation"] == "bgf-run" and before["playState"] == "running" and before["control"]
        control = page.get_by_role("checkbox", name="Pause the movement")
        control.focus()
        page.keyboard.press("Space")
        assert control.is_checked() and _figure_state(page)["playState"] == "paused"
        page.keyboard.press("Space")
        assert _figure_state(page)["playState"] == "running"
    finally:
        context.close()


def test_the_figure_stylesheet_loads_under_the_csp_with_nothing_from_another_host(browser, site_server):
    context = browser.new_context()
    recorder = Recorder(context.new_page())
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
    try:
        for path in ("methods/cat-camel.html", "methods/index.html", "cards/morning-mobility.html"):
            recorder.visit(site_server + path, wait_until="networkidle")
            page = recorder.page
            assert (
                page.evaluate("""() => getComputedStyle(document.querySelector('svg.bgf path'))
                                   .strokeLinejoin""")
                == "round"
            ), path
            assert not recorder.failures and not recorder.csp_violations(), path
            assert all(url.startswith(origin) for url in recorder.requests), recorder.requests
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_a_drawn_method_page_and_the_methods_index(browser, site_server, scheme):
    need(AXE, "axe-core")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    violations = []
    try:
        for path in (
            "methods/cat-camel.html",
            "methods/neck-and-shoulder-stretch.html",
            "methods/self-manual-manipulation.html",
            "methods/index.html",
        ):
            violations += [f"{path} ({scheme}): {v}" for v in axe_violations(page, site_server + path)]
    finally:
        context.close()
    assert not violations, "\n".join(violations)


def test_the_readers_own_card_carries_the_key_poses(browser, site_server, guide, drawn):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + "make-my-routine.html#steps=cat-camel,bridge", wait_until="load")
        items = page.locator("#builder-card .card-steps > li")
        assert items.count() == 2
        for index, method_id in enumerate(["cat-camel", "bridge"]):
            made = items.nth(index).evaluate("""li => [...li.querySelectorAll('.card-figures > svg')]
              .map(svg => [svg.namespaceURI, svg.getAttribute('aria-label'),
                           svg.querySelector('title').textContent, svg.querySelectorAll('path').length])""")
            wanted = [p.alt for p in card_poses(drawn.of(guide.methods[method_id]))]
            assert [m[1] for m in made] == wanted == [m[2] for m in made]
            assert all(m[0] == "http://www.w3.org/2000/svg" and m[3] >= 4 for m in made), made
    finally:
        context.close()


def test_the_player_shows_the_moving_figure_with_its_text_alternative(browser, site_server, guide, drawn):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{site_server}play.html#routine=desk-break", wait_until="load")
        page.get_by_role("button", name="Start", exact=True).click()
        figure = page.locator("img.player-figure")
        figure.wait_for(state="visible")
        first = guide.routines["desk-break"].steps[0].method
        assert figure.get_attribute("alt") == drawn.of(first).alt
        assert figure.evaluate("img => img.complete && img.naturalWidth > 0")
        assert figure.get_attribute("src").endswith(figure_file(first.id))
    finally:
        context.close()


def test_the_browser_times_a_step_as_the_build_does(browser, site_server, guide):
    cases = []
    for method in home_exercises(guide):
        for end in (0, 1):
            step = {"method": method.id}
            for name in ("hold_seconds", "reps", "sets", "duration_minutes"):
                allowed = getattr(method.dose, name)
                if allowed:
                    step[name] = allowed[end]
            cases.append((step, method_minutes(method)[end]))
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + "make-my-routine.html", wait_until="load")
        timed = page.evaluate(
            "(steps) => steps.map(s => BackGuide.routine.totalMinutes([s]))", [step for step, _ in cases]
        )
    finally:
        context.close()
    assert timed == [minutes for _, minutes in cases]
