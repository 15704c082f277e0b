"""Publishing: the built site under a sub-path, from file://, private, accessible, valid, reproducible.

Browser tests drive the system Chromium through Playwright against the site served from loopback
under /guide/, with the Content-Security-Policy of its own _headers file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

import pytest

from .conftest import ARTIFACTS, PUBLISHED_URL, build_site, copy_project
from .helpers import AXE, VNU, Recorder, axe_violations, need, page_types, read_headers_file


@pytest.fixture
def recorder(browser):
    context = browser.new_context()
    yield Recorder(context.new_page())
    context.close()


def test_every_page_loads_under_the_sub_path_with_no_failed_request_and_no_csp_violation(
    recorder, published, site_server
):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
    pages = [p for p in published.pages() if p != "404.html"]
    assert len(pages) > 80
    problems = []
    for path in pages:
        recorder.visit(site_server + path)
        problems += [f"{path}: {failure}" for failure in recorder.failures]
        problems += [f"{path}: CSP blocked {v}" for v in recorder.csp_violations()]
        problems += [
            f"{path}: request to {url}" for url in recorder.requests if not url.startswith(f"{origin}/guide/")
        ]
    assert not problems, "\n".join(problems)


def _search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=30)  # Material searches on key events, as a reader types
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("foam", "methods/foam-roller-mid-back.html"), ("numbness", "when-to-get-help.html")],
)
def test_search_finds_the_page_under_the_sub_path(recorder, site_server, query, expected):
    recorder.visit(site_server + "index.html", wait_until="networkidle")
    hrefs = _search(recorder.page, query)
    assert any(expected in (href or "") for href in hrefs), hrefs
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
    assert all(url.startswith(origin) for url in recorder.requests), recorder.requests
    assert not recorder.failures and not recorder.csp_violations()


def test_the_site_works_from_file_urls_search_included(browser, published):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto((published.root / "methods" / "index.html").as_uri(), wait_until="load")
        assert page.locator("article h1").inner_text().startswith("Methods")
        hrefs = _search(page, "foam")
        assert any("foam-roller-mid-back.html" in (h or "") for h in hrefs), hrefs
        page.locator(".md-search-result__item a[href*='foam-roller-mid-back.html']").first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and "/methods/foam-roller-mid-back.html" in page.url
    finally:
        context.close()
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in requests), requests


def test_every_page_type_makes_requests_to_the_site_only(browser, site_server, published):
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_server))
    weights = {}
    for name, path in page_types(published).items():
        # A fresh context per page: nothing cached, so the weight is a first visit's.
        context = browser.new_context()
        recorder = Recorder(context.new_page())
        recorder.visit(site_server + path, wait_until="networkidle")
        context.close()
        outside = [url for url in recorder.requests if not url.startswith(origin)]
        assert not outside, f"{name}: {outside}"
        assert not recorder.failures, f"{name}: {recorder.failures}"
        weights[name] = recorder.bytes
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(weights, indent=2) + "\n")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page_type(browser, site_server, published, scheme):
    need(AXE, "axe-core")
    # axe is injected past the CSP; the pages themselves are checked under it elsewhere.
    context = browser.new_context(color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    violations = []
    try:
        for name, path in page_types(published).items():
            found = axe_violations(page, site_server + path)
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.dataset.mdColorScheme") == expected
            violations += [f"{name} ({path}, {scheme}): {v}" for v in found]
    finally:
        context.close()
    assert not violations, "\n".join(violations)


def test_the_red_flag_box_is_announced_as_its_own_note(published, guide):
    method = next(iter(guide.methods.values()))
    page = published.page(f"methods/{method.id}.html")
    box = page.select_one(".red-flags")
    assert box["role"] == "note"
    # Its name is the link to the stop precaution where the method has one.
    label = "Get help now" if method.emergency_precautions else "Stop and get help"
    assert page.find(id=box["aria-labelledby"]).get_text(strip=True) == label


def test_html_is_valid_apart_from_materials_known_checkbox_autocomplete(published):
    need(VNU, "The Nu Html Checker (vnu-jar)")
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java"
    # One Java call for the whole site: start-up is most of vnu's time.
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(published.root)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    # Material's toggles are <input type="checkbox" autocomplete="off"> (to stop browsers restoring
    # their state); the HTML spec allows autocomplete on text-like inputs only. Only that is allowed.
    known = re.compile(r"^Attribute “autocomplete” is only allowed when the input type is")
    errors = [
        m for m in messages if not (known.match(m["message"]) and 'type="checkbox"' in m.get("extract", ""))
    ]
    assert not errors, "\n".join(f"{m['url']}: {m['message']}" for m in errors[:20])
    assert any(known.match(m["message"]) for m in messages), "the suppression is still needed"


def test_two_builds_are_byte_identical(published, published_again):
    again = published_again
    first = {p.relative_to(published.root): p for p in published.root.rglob("*") if p.is_file()}
    second = {p.relative_to(again.root): p for p in again.root.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(name) for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert not different, different


def test_the_404_page_works_under_the_sub_path(recorder, site_server):
    response = recorder.page.goto(site_server + "no/such/page.html", wait_until="load")
    assert response.status == 404
    assert "404" in recorder.page.locator("article").inner_text()
    assert not [f for f in recorder.failures if not f.endswith("page.html 404")], recorder.failures
    home = recorder.page.locator("a.md-header__button.md-logo").get_attribute("href")
    assert home.startswith("/guide/")


def test_the_sitemap_lists_every_page_under_the_site_url(published):
    tree = ElementTree.parse(published.root / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {loc.text for loc in tree.findall(".//s:loc", namespace)}
    for path in published.pages():
        if path != "404.html":
            assert PUBLISHED_URL + path in urls, path


def test_the_headers_file_sets_a_csp_without_unsafe_inline(published):

    headers = read_headers_file(published.root / "_headers")
    policy = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "'sha256-" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.build
def test_a_google_fonts_link_would_be_caught(tmp_path, browser):
    # The privacy check must be able to fail: add a third-party stylesheet and watch it show up.
    project = copy_project(tmp_path / "project")
    main = project / "theme" / "main.html"
    main.write_text(
        main.read_text().replace(
            "{% block styles %}",
            '{% block styles %}<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        )
    )
    built = build_site(project, tmp_path / "site")
    assert built.returncode == 0, built.log
    from .browser import serve

    context = browser.new_context()
    page = context.new_page()
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
    with serve(built.root) as base:
        page.goto(base + "index.html", wait_until="load")
    context.close()
    assert any("fonts.googleapis.com" in url for url in seen)


def test_only_executable_inline_scripts_are_hashed():
    from generator.headers import _inline_scripts

    page = (
        '<script>a()</script><script src="x.js"></script>'
        '<script type="application/ld+json">{"a": 1}</script>'
        '<script type="module">b()</script><SCRIPT type="text/javascript">c()</SCRIPT>'
    )
    assert _inline_scripts(page) == ["a()", "b()", "c()"]


@pytest.mark.parametrize(("width", "shown"), [(390, "narrow"), (1366, "wide")])
def test_the_home_diagram_is_drawn_to_be_read_at_each_width(browser, site_server, width, shown):
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(site_server + "index.html", wait_until="load")
        visible = page.locator(f"svg.relations-{shown}")
        assert visible.is_visible()
        assert page.locator("svg.relations").filter(visible=True).count() == 1
        heights = visible.locator("rect.box + text").evaluate_all(
            "texts => texts.map(t => t.getBoundingClientRect().height)"
        )
    finally:
        context.close()
    assert min(heights) >= 12, f"box labels {min(heights):.1f} px high at {width} px wide"
