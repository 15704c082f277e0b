"""'Make my routine': build a routine in the browser, share it by its address, print its card."""

from __future__ import annotations

import gzip
import io
import json
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from generator.dose import STEP_DOSE_FIELDS, dose_text
from generator.guide_data import GLOBAL_NAME, GUIDE_DATA_PATH, guide_data

from .conftest import PUBLISHED_URL
from .helpers import AXE, Recorder, axe_violations, need, squash

PAGE = "make-my-routine.html"
FOUR = ["Cat-camel", "Bridge", "Knee-to-chest stretch", "Seated rotation"]


def test_the_data_script_holds_every_home_exercise_as_the_data_says(published, guide):
    script = (published.root / GUIDE_DATA_PATH).read_text(encoding="utf-8")
    prefix = f"window.{GLOBAL_NAME} = "
    assert script.startswith(prefix)
    data = json.loads(script[len(prefix) :].rstrip().rstrip(";"))
    assert data == json.loads(json.dumps(guide_data(guide, PUBLISHED_URL)))
    home = {m.id: m for m in guide.methods.values() if m.category.is_home_exercise}
    assert {m["id"] for m in data["methods"]} == set(home)
    for entry in data["methods"]:
        method = home[entry["id"]]
        assert (published.root / entry["url"]).is_file()
        assert entry["instruction"] == method.instruction and entry["key_cue"] == method.key_cue
        if method.dose.hold_seconds:
            assert entry["dose"]["hold_seconds"] == list(method.dose.hold_seconds)
        assert [a["condition"] for a in entry["avoid_if"]] == [a.condition_id for a in method.avoid_if]
    assert {c["id"] for c in data["conditions"]} == {
        a.condition_id for m in home.values() for a in m.avoid_if
    }
    assert data["max_steps"] == 8


def test_the_page_script_and_data_are_small(published):
    sizes = [
        len(gzip.compress((published.root / path).read_bytes()))
        for path in (GUIDE_DATA_PATH, "assets/javascripts/builder.js", "assets/javascripts/dom.js")
    ]
    assert sum(sizes) < 100_000, sizes


def build_four(page, base_url: str) -> None:
    page.goto(base_url + PAGE, wait_until="load")
    page.select_option("#builder-filter-area", "lower-back")
    shown = squash(page.locator(".builder-choices").inner_text())
    assert "Neck and shoulder" not in shown, "the body-area filter narrows the list"
    for name in FOUR[:3]:
        page.get_by_role("button", name=f"Add {name}").click()
    page.select_option("#builder-filter-area", "")
    page.get_by_role("button", name=f"Add {FOUR[3]}").click()
    page.fill("#builder-step-1-reps", "12")  # the bridge: 8 to 12 times
    page.press("#builder-step-1-reps", "Tab")
    page.get_by_role("button", name="Move up: Knee-to-chest stretch").click()


def card_steps(page) -> list[str]:
    return [squash(item.inner_text()) for item in page.locator(".routine-card .card-steps > li").all()]


def test_build_a_routine_print_it_and_get_it_back_from_its_address(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    recorder = Recorder(page)
    try:
        build_four(page, site_server)
        steps = card_steps(page)
        assert [s.split(":")[0] for s in steps] == [
            "Cat-camel",
            "Knee-to-chest stretch",
            "Bridge",
            "Seated rotation",
        ]
        assert "Hold 5 seconds, 12 times." in steps[2]
        assert "minutes" in page.locator(".builder-total").inner_text()

        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert len(pdf.pages) == 1
        printed = squash(pdf.pages[0].extract_text())
        for name in FOUR:
            assert name in printed
        assert "Exercises to choose from" not in printed, "only the card is printed"

        shared = page.url
        assert "#steps=" in shared
        other = context.new_page()
        other.goto(shared, wait_until="load")
        assert card_steps(other) == steps
        other.close()

        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
        assert all(url.startswith(origin) for url in recorder.requests), recorder.requests
        assert not recorder.failures and not recorder.csp_violations()
    finally:
        context.close()


def test_the_last_routine_is_kept_in_the_browser(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        build_four(page, site_server)
        steps = card_steps(page)
        page.goto(site_server + PAGE, wait_until="load")  # no fragment this time
        assert card_steps(page) == steps
    finally:
        context.close()


def test_a_matching_contraindication_shows_its_warning(browser, site_server, guide):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        page.get_by_role("button", name="Add Knee-to-chest stretch").click()
        assert page.locator(".builder-warning").count() == 0
        page.check("#builder-condition-osteoporosis")
        note = next(
            a.note
            for a in guide.methods["knee-to-chest-stretch"].avoid_if
            if a.condition_id == "osteoporosis"
        )
        assert squash(note) in squash(page.locator(".builder-warning").inner_text())
        assert squash(note) in squash(page.locator(".routine-card").inner_text())
    finally:
        context.close()


def test_no_more_than_eight_steps(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        add = page.get_by_role("button", name="Add Cat-camel")
        for _ in range(8):
            add.click()
        assert add.is_disabled()
        assert len(card_steps(page)) == 8
        assert len(PdfReader(io.BytesIO(page.pdf(format="Letter"))).pages) == 1
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_builder(browser, site_server, scheme):
    need(AXE, "axe-core")
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    try:
        build_four(page, site_server)
        page.check("#builder-condition-osteoporosis")
        violations = axe_violations(page, page.url)
    finally:
        context.close()
    assert not violations, "\n".join(violations)


def test_the_builder_works_from_file_urls(browser, published):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        build_four(page, (published.root / "x").as_uri()[:-1])
        assert len(card_steps(page)) == 4
    finally:
        context.close()
    assert all(url.startswith(("file://", "data:", "about:")) for url in requests), requests


def test_without_javascript_the_page_says_what_it_needs(browser, site_server, guide):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        text = squash(page.locator("article").inner_text())
        assert "This page needs JavaScript" in text
        links = page.locator("ul.builder-noscript a")
        hrefs = {links.nth(i).inner_text(): links.nth(i).get_attribute("href") for i in range(links.count())}
        assert hrefs == {r.title: f"cards/{r.id}.html" for r in guide.routines.values()}
        assert not page.locator("#routine-builder").is_visible()
    finally:
        context.close()


def _dose_choices(method) -> list[dict[str, int]]:
    """Every combination of the low and high end of each part of a method's dose."""
    choices: list[dict[str, int]] = [{}]
    for name in STEP_DOSE_FIELDS:
        allowed = getattr(method.dose, name)
        if allowed:
            choices = [{**c, name: value} for c in choices for value in sorted(set(allowed))]
    return choices


def test_the_browser_words_every_dose_as_the_build_does(browser, site_server, guide):
    cases = [
        (values, m.dose.each_side, dose_text(values, m.dose.each_side))
        for m in guide.methods.values()
        if m.category.is_home_exercise
        for values in _dose_choices(m)
    ]
    assert len(cases) > 20
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        worded = page.evaluate(
            "(cases) => cases.map(([values, eachSide]) => BackGuide.doseText(values, eachSide))",
            [[values, each_side] for values, each_side, _ in cases],
        )
    finally:
        context.close()
    assert worded == [expected for _, _, expected in cases]


def test_the_blank_card_in_the_page_is_the_cards_own_template(published):
    page = (published.root / PAGE).read_text(encoding="utf-8")
    assert 'class="routine-card"' in page and 'id="card-step-template"' in page
    for slot in (
        "minutes",
        "equipment",
        "name",
        "instruction",
        "dose",
        "cue",
        "warnings",
        "qr",
        "reviewed",
        "url",
    ):
        assert f'data-card-slot="{slot}"' in page, slot


# --- Finished: focus, announcements, confirmations, the printed card's address ---------------


def focused(page) -> str:
    """The focused element, as a short description: tag, data-add, class and label."""
    return page.evaluate("""() => { const e = document.activeElement;
      return [e.tagName, e.dataset.add || '', e.className,
              e.getAttribute('aria-label') || e.id].join('|'); }""")


def status_text(page) -> str:
    return squash(page.locator(".builder-status").inner_text())


def test_focus_stays_where_the_reader_is_after_each_action(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        page.get_by_role("button", name="Add Cat-camel").click()
        assert focused(page).startswith("BUTTON|cat-camel|"), focused(page)
        assert "Added Cat-camel as step 1." in status_text(page)
        assert "About 1 minute, 1 of 8 steps." in status_text(page), "one minute, not '1 minutes'"
        assert "about 1 minute ·" in squash(page.locator(".routine-card .card-meta").inner_text())
        page.keyboard.press("Enter")  # the same button, still focused: adds it again
        assert "Cat-camel is already in your routine (step 1): added it again as step 2." in status_text(page)
        page.get_by_role("button", name="Add Bridge").click()
        page.get_by_role("button", name="Add Seated rotation").click()
        assert "3 of 8 steps" not in status_text(page) and "4 of 8 steps" in status_text(page)

        page.get_by_role("button", name="Move up: Bridge").click()  # step 3 to 2
        assert "Move up: Bridge" in focused(page)
        page.get_by_role("button", name="Move down: Bridge").click()  # back to 3
        assert "Move down: Bridge" in focused(page), "Move down stays on Move down"
        assert "Moved Bridge to step 3." in status_text(page)
        page.get_by_role("button", name="Move down: Bridge").click()  # to the bottom
        assert [s.split(":")[0] for s in card_steps(page)] == [
            "Cat-camel",
            "Cat-camel",
            "Seated rotation",
            "Bridge",
        ]
        assert "Move up: Bridge" in focused(page), "at the bottom, the same step's Move up"

        page.get_by_role("button", name="Remove Seated rotation").click()  # step 3 of 4
        assert "Remove Bridge" in focused(page), "focus moves to the next step's Remove"
        assert "Removed Seated rotation." in status_text(page)
        page.get_by_role("button", name="Remove Bridge").click()  # the last step
        assert "Remove Cat-camel" in focused(page), "then to the step before"
        page.locator(".builder-remove").first.click()
        page.locator(".builder-remove").first.click()
        assert focused(page).startswith("H2||") and focused(page).endswith("builder-steps")

        page.check("#builder-condition-osteoporosis")
        assert focused(page).endswith("builder-condition-osteoporosis")
        assert "Ticked: " in status_text(page)
    finally:
        context.close()


def test_an_exercise_a_ticked_condition_rules_out_needs_a_clear_yes(browser, site_server, guide):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        page.check("#builder-condition-osteoporosis")
        add = page.get_by_role("button", name="Add Knee-to-chest stretch")
        add.click()
        confirm = page.locator('[data-confirm="knee-to-chest-stretch"]')
        assert confirm.is_visible() and page.locator(".builder-step").count() == 0, "not added yet"
        note = next(
            a.note
            for a in guide.methods["knee-to-chest-stretch"].avoid_if
            if a.condition_id == "osteoporosis"
        )
        assert squash(note) in squash(confirm.inner_text())
        assert "Add it anyway" in focused(page) or "builder-confirm-yes" in focused(page)
        page.keyboard.press("Escape")
        assert page.locator(".builder-step").count() == 0 and not confirm.count()
        assert focused(page).startswith("BUTTON|knee-to-chest-stretch|"), "back on its Add button"
        add.click()
        page.get_by_role("button", name="Add it anyway").click()
        assert page.locator(".builder-step").count() == 1
        assert squash(note) in squash(page.locator(".builder-warning").inner_text())
    finally:
        context.close()


def test_a_printed_custom_card_carries_its_address_a_qr_code_to_it_and_the_review_date(
    browser, site_server, guide
):
    import zxingcpp
    from PIL import Image

    context = browser.new_context()
    page = context.new_page()
    try:
        build_four(page, site_server)
        fragment = page.url.split("#", 1)[1]
        card = page.locator(".routine-card")
        expected = f"{PUBLISHED_URL}{PAGE}#{fragment}"
        assert squash(card.locator(".card-url").inner_text()) == expected
        qr = card.locator(".card-qr svg")
        assert qr.get_attribute("role") == "img"
        image = Image.open(io.BytesIO(qr.screenshot(scale="device")))
        assert [r.text for r in zxingcpp.read_barcodes(image)] == [expected]
        chosen = [m for m in guide.methods.values() if m.title in FOUR]
        oldest = min(m.last_reviewed(guide.settings) for m in chosen)
        assert f"Last reviewed: {oldest.day} {oldest:%B %Y}." in squash(card.inner_text())
        printed = squash(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0].extract_text())
        assert "Last reviewed" in printed and "make-my-routine.html#steps=" in printed.replace(" ", "")
        start = page.get_by_role("link", name="Start this routine")
        steps = fragment.split("&")[0].removeprefix("steps=")
        assert start.get_attribute("href").endswith(f"play.html#steps={steps}")
    finally:
        context.close()


def test_ticking_a_condition_asks_to_keep_or_remove_each_exercise_it_rules_out(browser, site_server):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(site_server + PAGE, wait_until="load")
        page.get_by_role("button", name="Add Cat-camel").click()
        page.get_by_role("button", name="Add Knee-to-chest stretch").click()
        page.check("#builder-condition-osteoporosis")
        assert page.evaluate("document.activeElement.id") == "builder-condition-osteoporosis"
        assert page.get_by_role("button", name="Keep it: Knee-to-chest stretch").count() == 1
        assert page.get_by_role("button", name="Keep it: Cat-camel").count() == 0
        page.get_by_role("button", name="Keep it: Knee-to-chest stretch").click()
        assert page.get_by_role("button", name="Keep it: Knee-to-chest stretch").count() == 0
        assert len(card_steps(page)) == 2
        page.uncheck("#builder-condition-osteoporosis")
        page.check("#builder-condition-osteoporosis")
        page.get_by_role("button", name="Remove it: Knee-to-chest stretch").click()
        assert [s.split(":")[0] for s in card_steps(page)] == ["Cat-camel"]
    finally:
        context.close()
