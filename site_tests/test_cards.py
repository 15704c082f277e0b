"""Routine cards in a real browser (Chromium), in print: one page each, readable, complete."""

from __future__ import annotations

import io
import re

import pytest
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image
from pypdf import PdfReader

from generator.dose import step_dose_text

from .conftest import ARTIFACTS, PUBLISHED_URL, build_site, copy_project

PAPERS = ("A4", "Letter")
MIN_FONT_PT = 11

# Every visible text node's font size in points, in the media the page is emulated in.
SMALLEST_TEXT = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let smallest = Infinity, where = "";
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || !element.checkVisibility()) continue;
    const points = parseFloat(getComputedStyle(element).fontSize) * 0.75;
    if (points < smallest) { smallest = points; where = node.textContent.trim().slice(0, 40); }
  }
  return [smallest, where];
}"""


def pdf_pages(page, paper: str) -> int:
    return len(PdfReader(io.BytesIO(page.pdf(format=paper))).pages)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def card_urls(site_server, guide):
    return {rid: f"{site_server}cards/{rid}.html" for rid in guide.routines}


@pytest.mark.parametrize("paper", PAPERS)
def test_each_card_prints_to_exactly_one_page(page, card_urls, paper):
    for routine_id, url in card_urls.items():
        page.goto(url)
        assert pdf_pages(page, paper) == 1, f"{routine_id} does not fit one {paper} page"


def test_the_all_cards_page_prints_each_card_on_its_own_sheet(page, site_server, guide):
    page.goto(f"{site_server}cards/all.html")
    for paper in PAPERS:
        assert pdf_pages(page, paper) == len(guide.routines)


def test_print_shows_the_card_alone_in_type_of_at_least_11pt(page, card_urls):
    page.emulate_media(media="print")
    for routine_id, url in card_urls.items():
        page.goto(url)
        for furniture in (
            ".md-header",
            ".md-sidebar--primary",
            ".md-sidebar--secondary",
            ".md-footer",
            ".md-search",
            ".safety-notice",
            "article > h1",
        ):
            for element in page.locator(furniture).all():
                assert not element.is_visible(), f"{routine_id}: {furniture} shows in print"
        assert page.locator(".routine-card").is_visible()
        smallest, where = page.evaluate(SMALLEST_TEXT)
        assert smallest >= MIN_FONT_PT, f"{routine_id}: '{where}' is {smallest}pt"


def test_every_step_and_the_red_flags_are_on_the_card(page, card_urls, guide):
    flags = guide.red_flags
    for routine_id, url in card_urls.items():
        page.goto(url)
        card = squash(page.locator(".routine-card").inner_text())
        routine = guide.routines[routine_id]
        assert routine.title in card and squash(routine.goal) in card
        assert f"about {routine.minutes} minutes" in card and routine.frequency in card
        steps = page.locator(".card-steps > li").all()
        assert len(steps) == len(routine.steps)
        for item, step in zip(steps, routine.steps, strict=True):
            text = squash(item.inner_text())
            for part in (
                step.method.title,
                step.method.instruction,
                step_dose_text(step),
                step.method.key_cue,
            ):
                assert squash(part) in text, (routine_id, part)
        for symptom in flags.emergency.symptoms:
            assert squash(symptom) in card, (routine_id, symptom)
        assert guide.settings.emergency_number in card
        assert squash(flags.urgent.card_line) in card and squash(flags.soon.card_line) in card
        assert page.locator(".card-red-flags[role=note]").count() == 1
        assert page.locator(".card-log tbody tr").count() == 2  # ticks, and pain 0-10
        reviewed = routine.last_reviewed(guide.settings)
        assert f"Last reviewed: {reviewed.day} {reviewed:%B %Y}" in card


def test_the_qr_code_decodes_to_the_routine_page(page, card_urls):
    ARTIFACTS.mkdir(exist_ok=True)
    for routine_id, url in card_urls.items():
        page.goto(url)
        qr = page.locator(".card-qr svg")
        assert qr.get_attribute("role") == "img" and qr.locator("title").count() == 1
        image = Image.open(io.BytesIO(qr.screenshot(scale="device")))
        decoded = [result.text for result in zxingcpp.read_barcodes(image)]
        assert decoded == [f"{PUBLISHED_URL}routines/{routine_id}.html"], routine_id


def test_screenshots_of_two_cards_are_saved_for_review(page, card_urls):
    ARTIFACTS.mkdir(exist_ok=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    for routine_id in list(card_urls)[:2]:
        page.goto(card_urls[routine_id])
        path = ARTIFACTS / f"card-{routine_id}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000


def test_a_card_without_site_url_shows_no_qr_code(site):
    card = site.page("cards/desk-break.html")
    assert card.select_one(".routine-card") is not None
    assert card.select_one(".card-qr") is None
    assert "the routine cards carry no QR code" in site.log


def test_the_routine_page_links_its_card(site, guide):
    for routine_id in guide.routines:
        links = site.page(f"routines/{routine_id}.html").find_all("a", href=f"../cards/{routine_id}.html")
        assert any("Print card" in a.get_text() for a in links), routine_id


# --- Card overflow: the page-count check catches a card that does not fit --------------------


def _longest_home_methods(guide, count: int = 8):
    """The home exercises whose card lines are longest: a step of each is the fullest card (a
    card prints an exercise's instruction and cue once, however often the routine repeats it)."""
    methods = [m for m in guide.methods.values() if m.category.is_home_exercise]
    methods.sort(key=lambda m: len(m.title) + len(m.instruction) + len(m.key_cue), reverse=True)
    return methods[:count]


def _longest_step(method) -> dict:
    step = {"method": method.id}
    for name in ("hold_seconds", "reps", "sets", "duration_minutes"):
        allowed = getattr(method.dose, name)
        if allowed:
            step[name] = allowed[1]  # the longest dose text
    return step


def _eight_step_project(tmp_path, guide, long_instruction: str | None = None, repeat=False):
    methods = _longest_home_methods(guide)
    if repeat:
        methods = methods[:1] * 8
    project = copy_project(tmp_path / "project")
    routine = project / "content" / "routines" / "desk-break.yaml"
    data = yaml.safe_load(routine.read_text(encoding="utf-8"))
    data["steps"] = [_longest_step(m) for m in methods]
    routine.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    if long_instruction:
        for method in methods:
            path = project / "content" / "methods" / f"{method.id}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data["instruction"] = long_instruction
            path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return project


def _card_pages(tmp_path, browser, project, papers=PAPERS) -> list[int]:
    built = build_site(project, tmp_path / "site", env={"SITE_URL": PUBLISHED_URL})
    assert built.returncode == 0, built.log
    page = browser.new_page()
    try:
        page.goto((built.root / "cards" / "desk-break.html").as_uri())
        # Every step of a home exercise carries its key poses: the page count is with them.
        steps = page.locator(".card-steps > li")
        assert steps.count() and all(
            step.locator(".card-figures svg[role=img]").count()
            for step in steps.all()
            if "as step" not in step.inner_text()
        )
        page.emulate_media(media="print")
        smallest, where = page.evaluate(SMALLEST_TEXT)
        assert smallest >= MIN_FONT_PT, f"'{where}' is {smallest}pt"
        return [pdf_pages(page, paper) for paper in papers]
    finally:
        page.close()


@pytest.mark.build
def test_eight_steps_of_the_longest_methods_fit_one_page(tmp_path, browser, guide):
    assert len(_longest_home_methods(guide)) == 8
    assert _card_pages(tmp_path, browser, _eight_step_project(tmp_path, guide)) == [1, 1]


@pytest.mark.build
@pytest.mark.slow
def test_a_repeated_exercise_is_printed_in_full_once(tmp_path, guide):
    project = _eight_step_project(tmp_path, guide, repeat=True)
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.log
    card = squash(
        BeautifulSoup((built.root / "cards" / "desk-break.html").read_text(), "html.parser")
        .select_one(".card-steps")
        .get_text(" ")
    )
    method = _longest_home_methods(guide)[0]
    assert card.count(squash(method.instruction)) == 1 and card.count("as step 1.") == 7


@pytest.mark.build
def test_eight_steps_with_very_long_instructions_overflow_and_are_caught(tmp_path, browser, guide):
    long_instruction = " ".join(["Breathe slowly and keep every movement small and gentle."] * 6)
    project = _eight_step_project(tmp_path, guide, long_instruction)
    assert min(_card_pages(tmp_path, browser, project)) > 1


# --- PDF export --------------------------------------------------------------------------------


def test_the_pdfs_exist_with_one_page_per_card(published, guide):
    for routine_id in guide.routines:
        reader = PdfReader(published.root / "cards" / f"{routine_id}.pdf")
        assert len(reader.pages) == 1, routine_id
    assert len(PdfReader(published.root / "cards.pdf").pages) == len(guide.routines)


def test_the_cards_index_links_the_pdfs_only_when_they_are_made(published, site, guide):
    with_pdf = published.page("cards/index.html")
    without = site.page("cards/index.html")
    for routine_id in guide.routines:
        assert with_pdf.find("a", href=f"{routine_id}.pdf")
    assert with_pdf.find("a", href="../cards.pdf")
    assert not without.find("a", href=re.compile(r"\.pdf$"))
    assert not list(site.root.rglob("*.pdf"))


def test_two_pdf_exports_are_byte_identical(published, published_again, guide):
    again = published_again
    for name in ["cards.pdf", *(f"cards/{rid}.pdf" for rid in guide.routines)]:
        assert (again.root / name).read_bytes() == (published.root / name).read_bytes(), name


@pytest.mark.build
@pytest.mark.slow
def test_asking_for_pdfs_without_chromium_fails_clearly(tmp_path):
    project = copy_project(tmp_path / "project")
    built = build_site(project, tmp_path / "site", env={"BACKGUIDE_CARDS_PDF": "1", "PATH": "/nonexistent"})
    assert built.returncode == 1
    assert "PDF export of the cards needs Chromium" in built.log
    assert "Traceback" not in built.log
