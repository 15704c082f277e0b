"""Every reader, every input: keyboard, zoom, text spacing and a screen reader's view of the page.

What axe-core cannot see: where Tab goes and whether the reader can see it, the drawer and the
search used by keyboard, reflow at 320 CSS pixels (400% zoom), 200% text size, the WCAG text-spacing
override, and the page structure a screen reader walks. Browser tests run on one page of every type
the built site has (``helpers.page_types``: a new kind of page is picked up without a change here), at a
phone's width (390 px) and a laptop's (1366 px).
"""

from __future__ import annotations

import json
import posixpath
import re

import pytest

from generator.markers import STOP_MARKER
from generator.model import Severity
from generator.paths import HOME, html_path, page_path
from generator.phone import tel_link, tel_linker
from generator.render import navigation

from .conftest import ARTIFACTS, BuiltSite
from .helpers import AXE, AXE_TAGS, NOT_FROM_CONTENT, article, need, page_types, squash

NARROW, WIDE = 390, 1366
WIDTHS = [NARROW, WIDE]
# From the top of a phone page: the skip link, menu, colour scheme and search, then the article.
MAX_STOPS_BEFORE_THE_ARTICLE_ON_A_PHONE = 5
SHOTS = ARTIFACTS / "keyboard-and-zoom"


# ---- which pages ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def types(published) -> dict[str, str]:
    found = page_types(published)
    # The page types the guide has today; a new one adds itself.
    for expected in (
        "home",
        "when-to-get-help",
        "disclaimer",
        "methods page",
        "methods index",
        "precautions page",
        "routines page",
        "routines index",
        "sources index",
    ):
        assert expected in found, sorted(found)
    assert any(kind.startswith("make-my-routine") for kind in found), sorted(found)
    assert any(kind.startswith("cards page") for kind in found), sorted(found)
    assert any(kind.startswith("cards index") for kind in found), sorted(found)
    return found


@pytest.fixture
def at(browser):
    """A fresh page at a given viewport width (a context per page: nothing remembered)."""
    contexts = []

    def make(width: int, height: int = 800, **options):
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


# ---- what the browser sees --------------------------------------------------------------------

FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]"
)

# The focused element: where it is, whether the reader can see it and its focus ring.
DESCRIBE_FOCUS = """async (focusable) => {
  // Let transitions (the skip link sliding in, the drawer) finish, as a reader's eye would.
  await Promise.race([
    Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 600)),
  ]);
  const el = document.activeElement;
  const articleEl = document.querySelector("article.md-content__inner");
  const shown = (node) => node.getClientRects().length > 0
    && node.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const first = articleEl && [...articleEl.querySelectorAll(focusable)]
    .find((node) => node.tabIndex >= 0 && !node.closest("[inert]") && shown(node));
  if (!el || el === document.body) {
    return {name: "(nothing)", visible: false, ring: false, inArticle: false, first: false};
  }
  const seen = () => {
    const r = el.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    if (!(r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0 && r.left < vw
          && r.top < vh && shown(el))) return false;
    const x = Math.min(Math.max(r.left + r.width / 2, 0), vw - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), vh - 1);
    const hit = document.elementFromPoint(x, y);  // nothing covers it
    return !!hit && (el.contains(hit) || hit.contains(el));
  };
  // An overlay still fading out (Material's search) covers it for a moment: look again.
  let visible = seen();
  for (let i = 0; i < 3 && !visible; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    visible = seen();
  }
  const style = getComputedStyle(el);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
    || style.boxShadow !== "none";
  const text = (el.getAttribute("aria-label") || el.innerText || el.value || "")
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  return {
    name: `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${text}"`,
    visible, ring, inArticle: !!(articleEl && articleEl.contains(el)), first: el === first,
    inDrawer: !!el.closest(".md-sidebar--primary"), inSearch: !!el.closest(".md-search"),
  };
}"""


def focus(page) -> dict:
    return page.evaluate(DESCRIBE_FOCUS, FOCUSABLE)


def tab(page, key: str = "Tab") -> dict:
    page.keyboard.press(key)
    return focus(page)


def walk_to_the_article(page, limit: int = 300) -> list[dict]:
    """Tab from the top of the page until focus reaches the article; every stop on the way."""
    stops = []
    for _ in range(limit):
        stops.append(tab(page))
        if stops[-1]["inArticle"]:
            return stops
    raise AssertionError(f"Tab never reached the article: {[s['name'] for s in stops[-10:]]}")


def unseen(stops: list[dict]) -> list[str]:
    return [
        s["name"] + ("" if s["visible"] else " (not visible)") + ("" if s["ring"] else " (no ring)")
        for s in stops
        if not (s["visible"] and s["ring"])
    ]


# ---- Tab from the top -------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_reaches_the_article_through_stops_the_reader_can_see(at, site_server, types, width):
    page = at(width)
    problems, counts = [], {}
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="load")
        stops = walk_to_the_article(page)
        before = stops[:-1]
        counts[kind] = len(before)
        problems += [f"{kind} ({path}): {stop}" for stop in unseen(before)]
        if not stops[-1]["first"]:
            problems.append(f"{kind}: Tab entered the article past its first link, at {stops[-1]}")
        if width == NARROW and len(before) > MAX_STOPS_BEFORE_THE_ARTICLE_ON_A_PHONE:
            problems.append(f"{kind}: {len(before)} stops before the article: {[s['name'] for s in before]}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"tab-stops-before-the-article-{width}.json").write_text(json.dumps(counts, indent=2))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_skip_link_is_the_first_stop_and_leads_to_the_article(at, site_server, types, width):
    page = at(width)
    problems = []
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="load")
        skip = tab(page)
        if not (skip["name"].startswith("a.md-skip") and skip["visible"] and skip["ring"]):
            problems.append(f"{kind}: the first stop is {skip}")
            continue
        page.keyboard.press("Enter")
        landed = tab(page)  # the skip link and this: two stops to the article's first link
        if not (landed["first"] and landed["visible"] and landed["ring"]):
            problems.append(f"{kind}: after the skip link, Tab went to {landed}")
    assert not problems, "\n".join(problems)


# ---- the drawer and the search by keyboard ----------------------------------------------------


def tab_to(page, selector: str, limit: int = 8) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab did not reach {selector}")


def checked(page, toggle: str) -> bool:
    return page.evaluate("(id) => document.getElementById(id).checked", toggle)


def opened(page, toggle: str, state: bool = True) -> None:
    """Wait (a second at most) for Material's toggle to reach ``state``."""
    page.wait_for_function(
        "([id, state]) => document.getElementById(id).checked === state", arg=[toggle, state], timeout=1000
    )


def test_the_navigation_drawer_takes_holds_and_gives_back_focus(at, site_server, types):
    page = at(NARROW)
    problems = []
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="load")
        tab_to(page, ".guide-menu-button")
        page.keyboard.press("Enter")
        inside = [focus(page)]
        inside += [tab(page) for _ in range(12)]
        inside += [tab(page, "Shift+Tab") for _ in range(3)]
        if not checked(page, "__drawer"):
            problems.append(f"{kind}: Enter on the menu button did not open the drawer")
        problems += [
            f"{kind}: in the open drawer, focus went to {stop}"
            for stop in inside
            if not (stop["inDrawer"] and stop["visible"] and stop["ring"])
        ]
        if len({stop["name"] for stop in inside}) == len(inside):
            problems.append(f"{kind}: Tab did not cycle inside the drawer")
        if kind == "home":
            page.screenshot(path=str(SHOTS / "drawer-open-390.png"))
        page.keyboard.press("Escape")
        back = focus(page)
        if checked(page, "__drawer") or not back["name"].startswith("button.md-header__button"):
            problems.append(f"{kind}: Escape left the drawer open or focus at {back}")
        if page.get_attribute(".guide-menu-button", "aria-expanded") != "false":
            problems.append(f"{kind}: the menu button still says it is expanded")
    assert not problems, "\n".join(problems)


def test_a_panel_of_the_drawer_opens_and_closes_by_keyboard(at, site_server, guide):
    # A method page: its drawer opens on the method's section; its title goes back a level and
    # the control that opened the section gets focus again; the table of contents opens as well.
    page = at(NARROW)
    page.goto(site_server + html_path(page_path(next(iter(guide.methods.values())))))
    tab_to(page, ".guide-menu-button")
    page.keyboard.press("Enter")
    back = focus(page)
    assert back["name"].startswith("label.md-nav__title") and back["visible"], back
    toggle = page.evaluate("document.activeElement.htmlFor")
    page.keyboard.press("Enter")
    assert not checked(page, toggle)
    opener = focus(page)
    assert opener["visible"] and opener["inDrawer"], opener
    assert page.evaluate("(id) => document.activeElement.htmlFor === id", toggle), opener
    page.keyboard.press("Space")  # Space opens it again, as on a button
    assert checked(page, toggle)
    assert focus(page)["name"].startswith("label.md-nav__title")
    # The page's own table of contents: a panel of the drawer on a phone.
    tab_to(page, "label.md-nav__link[for=__toc]")
    page.keyboard.press("Enter")
    assert checked(page, "__toc")
    stops = [focus(page)] + [tab(page) for _ in range(4)]
    assert all(s["visible"] and s["inDrawer"] for s in stops), stops
    assert any("md-nav__link" in s["name"] and s["name"].startswith("a.") for s in stops), stops
    page.keyboard.press("Escape")
    assert not checked(page, "__drawer")
    assert focus(page)["name"].startswith(
        "button.md-header__button.md-icon.guide-header-button.guide-menu-button"
    )
    # A section of the page chosen from the table of contents: the drawer closes, focus goes there.
    page.reload()
    tab_to(page, ".guide-menu-button")
    page.keyboard.press("Enter")
    tab_to(page, "label.md-nav__link[for=__toc]")
    page.keyboard.press("Enter")
    tab_to(page, ".md-nav--secondary a.md-nav__link")
    target = page.evaluate("document.activeElement.hash.slice(1)")
    page.keyboard.press("Enter")
    opened(page, "__drawer", False)
    page.wait_for_function("(id) => document.activeElement.id === id", arg=target, timeout=1000)
    assert focus(page)["visible"]


def test_the_search_takes_holds_and_gives_back_focus_on_a_phone(at, site_server, types):
    page = at(NARROW)
    problems = []
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="networkidle" if kind == "home" else "load")
        tab_to(page, ".guide-search-button")
        page.keyboard.press("Enter")
        stops = [focus(page)]
        if kind == "home":
            page.keyboard.type("foam", delay=30)
            page.locator(".md-search-result__item").first.wait_for()
            page.screenshot(path=str(SHOTS / "search-open-390.png"))
        stops += [tab(page) for _ in range(4)] + [tab(page, "Shift+Tab") for _ in range(3)]
        if not checked(page, "__search"):
            problems.append(f"{kind}: the search closed while Tab moved inside it")
        problems += [
            f"{kind}: in the open search, focus went to {stop}"
            for stop in stops
            if not (stop["inSearch"] and stop["visible"] and stop["ring"])
        ]
        if not stops[0]["name"].startswith("input.md-search__input"):
            problems.append(f"{kind}: opening the search put focus on {stops[0]}")
        page.keyboard.press("Escape")
        back = focus(page)
        if checked(page, "__search") or not back["name"].startswith("button.md-header__button"):
            problems.append(f"{kind}: Escape left the search open or focus at {back}")
    assert not problems, "\n".join(problems)


def test_the_search_in_the_header_keeps_focus_in_its_box(at, site_server):
    page = at(WIDE)
    page.goto(site_server + "index.html", wait_until="networkidle")
    tab_to(page, "input.md-search__input")
    opened(page, "__search")  # Material opens the results when the box takes focus
    page.keyboard.type("foam", delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    result = tab(page, "ArrowDown")
    assert result["inSearch"] and result["visible"], result
    page.keyboard.press("Escape")
    opened(page, "__search", False)
    assert focus(page)["name"].startswith("input.md-search__input")
    page.keyboard.type("s")
    opened(page, "__search")  # typing opens the results again
    after = tab(page)  # Tab leaves the search: to a stop the reader can see, not the hidden results
    assert not after["inSearch"] and after["visible"] and after["ring"], after
    assert not checked(page, "__search")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_the_drawer_or_the_search_open(at, site_server, guide, scheme):
    # axe sees only what is open: the page tests run it on closed pages, this on open panels.
    need(AXE, "axe-core")
    page = at(NARROW, color_scheme=scheme, bypass_csp=True)
    found = []
    for opener in (".guide-menu-button", ".guide-search-button"):
        page.goto(site_server + html_path(page_path(next(iter(guide.methods.values())))))
        page.click(opener)
        page.wait_for_timeout(400)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        found += [
            f"{opener}: {v['id']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
    assert not found, "\n".join(found)


def test_the_colour_scheme_button_switches_by_keyboard_and_says_what_it_does(at, site_server):
    page = at(NARROW)
    page.goto(site_server + "index.html", wait_until="load")
    tab_to(page, ".guide-palette-button:not([hidden])")
    first = page.evaluate("document.activeElement.getAttribute('aria-label')")
    scheme = page.evaluate("document.body.dataset.mdColorScheme")
    page.keyboard.press("Enter")
    assert page.evaluate("document.body.dataset.mdColorScheme") != scheme
    now = focus(page)
    assert now["visible"] and now["ring"] and now["name"].startswith("button"), now
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") != first
    assert page.locator("input.md-option:not([inert])").count() == 0


# ---- reflow, text size and text spacing -------------------------------------------------------

# What overflows the page sideways, and what is cut off or overlaps. A box that scrolls on its own
# is allowed if it holds a table and has a name and a tab stop (a keyboard can scroll it).
LAYOUT_PROBLEMS = """() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > vw + 1) {
    problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
  }
  const shown = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const label = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
  // Material's header repeats the site name and page title (the h1 and <title> carry them in
  // full) with an ellipsis; visually hidden text is clipped on purpose.
  const exempt = ".md-header__title, .guide-visually-hidden, .md-visually-hidden, [inert]";
  for (const el of document.querySelectorAll("body *")) {
    if (!shown(el) || el.closest(exempt)) continue;
    const style = getComputedStyle(el);
    const scrolls = /auto|scroll/.test(style.overflowX);
    if (scrolls && el.scrollWidth > el.clientWidth + 1 && !el.closest(".md-sidebar, .md-search")) {
      const named = el.getAttribute("aria-labelledby") || el.getAttribute("aria-label");
      if (!(el.querySelector("table") && named && el.tabIndex === 0)) {
        problems.push(`${label(el)} scrolls sideways without being a named table box`);
      }
    }
    const clipsX = /hidden|clip/.test(style.overflowX), clipsY = /hidden|clip/.test(style.overflowY);
    if ((clipsX || clipsY) && el.innerText && el.innerText.trim()
        && ((clipsX && el.scrollWidth > el.clientWidth + 1)
            || (clipsY && el.scrollHeight > el.clientHeight + 1))) {
      problems.push(`${label(el)} cuts off "${el.innerText.trim().slice(0, 40)}"`);
    }
  }
  // Lines of text that overlap one another. What a scrolling box clips is not seen, and a sticky
  // or fixed bar (the header, a sidebar's title) covers what scrolls under it by design.
  const clips = new Map();
  const clipOf = (el) => {
    if (!el || el === document.body) return {left: -1e9, top: -1e9, right: 1e9, bottom: 1e9};
    if (clips.has(el)) return clips.get(el);
    const outer = clipOf(el.parentElement);
    const style = getComputedStyle(el);
    let clip = outer;
    if (style.overflowX !== "visible" || style.overflowY !== "visible") {
      const r = el.getBoundingClientRect();
      clip = {left: Math.max(outer.left, r.left), top: Math.max(outer.top, r.top),
              right: Math.min(outer.right, r.right), bottom: Math.min(outer.bottom, r.bottom)};
    }
    clips.set(el, clip);
    return clip;
  };
  const layer = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      if (/sticky|fixed/.test(getComputedStyle(node).position)) return node;
    }
    return null;
  };
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const owner = node.parentElement;
    if (!node.textContent.trim() || !owner || !shown(owner) || owner.closest(exempt)) continue;
    if (owner.closest("script, style, svg, .md-search, .md-tooltip, .md-tooltip2")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const clip = clipOf(owner);
    for (const full of range.getClientRects()) {
      const r = {left: Math.max(full.left, clip.left), top: Math.max(full.top, clip.top),
                 right: Math.min(full.right, clip.right), bottom: Math.min(full.bottom, clip.bottom)};
      if (r.right - r.left > 1 && r.bottom - r.top > 1 && r.right > 0) {
        boxes.push({r, node, owner, layer: layer(owner)});
      }
    }
  }
  boxes.sort((a, b) => a.r.top - b.r.top);
  for (let i = 0; i < boxes.length && problems.length < 20; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].r.top < a.r.bottom; j++) {
      const b = boxes[j];
      if (a.node === b.node || a.layer !== b.layer) continue;
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      // Glyph boxes of neighbouring lines touch at tall line heights; 3px is an overlap.
      if (w > 3 && h > 3) {
        problems.push(`"${a.node.textContent.trim().slice(0, 30)}" (${label(a.owner)}) overlaps `
          + `"${b.node.textContent.trim().slice(0, 30)}" (${label(b.owner)})`);
      }
    }
  }
  return problems;
}"""

# WCAG 2.1 success criterion 1.4.12: the spacing a reader's style sheet may set.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def layout_problems(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


def test_no_page_scrolls_sideways_at_320_px(at, site_server, published):
    # 320 CSS pixels: a 1280-pixel-wide window at 400% zoom (WCAG 1.4.10 reflow). Every page.
    page = at(320, 640)
    problems = []
    for path in published.pages():
        if path in NOT_FROM_CONTENT:
            continue
        page.goto(site_server + path, wait_until="load")
        problems += [f"{path}: {p}" for p in layout_problems(page)]
        if path == "methods/index.html":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "methods-index-320.png"), full_page=True)
    assert not problems, "\n".join(problems[:30])


def test_the_layout_check_finds_what_it_looks_for(at, site_server, guide):
    # The checks above must be able to fail: break a method page three ways and see each found.
    page = at(NARROW, bypass_csp=True)
    page.goto(site_server + html_path(page_path(next(iter(guide.methods.values())))))
    assert layout_problems(page) == []
    page.add_style_tag(
        content="""
        .md-typeset h1 { white-space: nowrap; overflow: hidden; width: 3em; }
        .md-typeset .safety-notice + p { margin-top: -3em; }
        .md-typeset .method-facts { min-width: 700px; }"""
    )
    found = "\n".join(layout_problems(page))
    assert "cuts off" in found and "h1" in found, found
    assert "overlaps" in found, found
    assert "the page scrolls sideways" in found, found


def test_the_session_grid_of_a_card_scrolls_in_its_own_named_box_at_320_px(at, site_server, guide):
    page = at(320, 640)
    page.goto(site_server + f"cards/{next(iter(guide.routines))}.html", wait_until="load")
    box = page.locator(".card-log-box").first
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")  # it does scroll, inside
    assert box.get_attribute("tabindex") == "0"
    name = page.locator("#" + box.get_attribute("aria-labelledby")).inner_text()
    assert name.startswith("Record each session")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_text_spacing_override_loses_nothing(at, site_server, types, width):
    # A reader's own style sheet (an extension, a bookmarklet) is not bound by the site's CSP.
    page = at(width, bypass_csp=True)
    problems = []
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="load")
        page.add_style_tag(content=TEXT_SPACING)
        problems += [f"{kind} ({path}): {p}" for p in layout_problems(page)]
        if kind == "methods page":
            page.screenshot(path=str(SHOTS / f"text-spacing-method-{width}.png"), full_page=True)
    assert not problems, "\n".join(problems[:30])


@pytest.fixture(scope="module")
def text_at_200_percent(browser, tmp_path_factory):
    """Chromium with its text size at 200% (a default font size of 32px instead of 16px), as a
    reader sets it in the browser's settings: Material's em-based layouts change with it."""
    from generator.pdf import CHROMIUM_ARGS

    from .browser import chromium_or_fail

    profile = tmp_path_factory.mktemp("chromium-profile")
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"webkit": {"webprefs": {"default_font_size": 32, "default_fixed_font_size": 26}}})
    )
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=chromium_or_fail(), args=CHROMIUM_ARGS
    )
    yield context
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_at_200_percent_text_size_nothing_is_cut_off_or_overlaps(
    text_at_200_percent, site_server, types, width
):
    page = text_at_200_percent.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    try:
        page.goto(site_server + "index.html")
        # Material sets the root to 125% of the browser's text size: 20px, here 40px.
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "40px"
        for kind, path in types.items():
            page.goto(site_server + path, wait_until="load")
            problems += [f"{kind} ({path}): {p}" for p in layout_problems(page)]
            if kind == "methods page":
                page.screenshot(path=str(SHOTS / f"text-200-method-{width}.png"))
    finally:
        page.close()
    assert not problems, "\n".join(problems[:30])


def test_red_flags_are_at_least_body_text_size_on_a_phone(at, site_server, types):
    page = at(NARROW)
    problems = []
    for kind, path in types.items():
        page.goto(site_server + path, wait_until="load")
        sizes = page.evaluate("""() => [...document.querySelectorAll(
            "article .red-flags p, article .red-flags li")].map(
            (el) => parseFloat(getComputedStyle(el).fontSize))""")
        problems += [f"{kind}: red-flag text at {size}px" for size in sizes if size < 16]
    assert not problems, "\n".join(problems)


# ---- structure a screen reader walks (the built HTML of every page) ---------------------------


def test_one_h1_per_page_and_no_heading_level_skipped(published):
    problems = []
    for path in published.pages():
        levels = [int(h.name[1]) for h in published.page(path).find_all(re.compile(r"^h[1-6]$"))]
        if levels.count(1) != 1 or levels[:1] != [1]:
            problems.append(f"{path}: headings {levels[:8]}")
        problems += [f"{path}: h{a} then h{b}" for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not problems, "\n".join(problems[:30])


def test_no_markdown_is_left_unrendered_on_any_page(published):
    # A Markdown link inside a raw HTML block stays as text: "[Back to the routine](x.md)".
    left = re.compile(r"\]\([^)\s]*\.md(#[^)]*)?\)")
    problems = [path for path in published.pages() if left.search(article(published.page(path)).get_text())]
    assert not problems, problems


def test_the_safety_notice_red_flags_and_evidence_are_named_notes(published, guide):
    problems = []
    seen = dict.fromkeys(("safety-notice", "red-flags", "evidence"), 0)
    for path in published.pages():
        if path in NOT_FROM_CONTENT:
            continue
        page = published.page(path)
        for name in seen:
            # The boxes, and on method pages the compact emergency line (a red-flags note too).
            for box in article(page).select(f".admonition.{name}, div.{name}[role]"):
                seen[name] += 1
                title = page.find(id=box.get("aria-labelledby") or "__none__")
                if box.get("role") not in ("note", "region") or not title or not squash(title.get_text()):
                    problems.append(f"{path}: a .{name} box is not a named note")
    assert not problems, "\n".join(problems[:30])
    assert seen["safety-notice"] > 80 and seen["red-flags"] > 10 and seen["evidence"] > 10, seen


PRECAUTION_OR_SOURCE = re.compile(r"(^|/)(precautions|sources)/(?!index\.html)[^/#]+\.html$")


def test_lists_of_precaution_and_source_links_are_lists(published):
    # A run of text whose links are two or more precautions (or sources), and nothing else, is a
    # list in words only: a screen reader cannot count them or skip past them. They are <ul> or
    # <ol> items. (A source's "Cited by" line, links to pages of every kind, is left as it is.)
    problems = []
    for path in published.pages():
        if path in NOT_FROM_CONTENT:
            continue
        for block in article(published.page(path)).find_all(["p", "li", "td"]):
            links = [
                a["href"] for a in block.find_all("a", href=True) if a.find_parent(["p", "li", "td"]) is block
            ]
            for kind in ("precautions", "sources"):
                same = [h for h in links if (m := PRECAUTION_OR_SOURCE.search(h)) and m[2] == kind]
                if len(same) >= 2 and len(same) == len(links):
                    problems.append(f"{path}: {squash(block.get_text())[:70]}")
    assert not problems, "\n".join(problems[:30])


def resolve(page: str, href: str) -> str:
    """The site path a link on ``page`` goes to (without its fragment)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))


def links_from(built: BuiltSite, path: str) -> set[str]:
    return {
        resolve(path, a["href"])
        for a in article(built.page(path)).find_all("a", href=True)
        if "://" not in a["href"] and not a["href"].startswith(("#", "tel:"))
    }


def _numbers(guide) -> list[str]:
    numbers = [guide.settings.emergency_number, guide.settings.urgent_number]
    return [n for n in numbers if n]


def test_the_emergency_and_urgent_numbers_are_tel_links_on_every_web_page(published, guide):
    numbers = _numbers(guide)
    assert numbers[0] == "999" and "111" in numbers
    word = re.compile(r"(?<![\w/#.-])(" + "|".join(map(re.escape, numbers)) + r")(?![\w-])")
    problems, linked = [], 0
    for path in published.pages():
        page = published.page(path)
        for text in page.body.find_all(string=word):
            parent = text.parent
            if parent.name in ("script", "style") or parent.find_parent(class_="routine-card"):
                continue
            number = word.search(text)[1]
            if (
                parent.name == "a"
                and parent.get("href") == "tel:" + number.replace(" ", "")
                and parent.get("aria-label") == f"{number} ({' '.join(number.replace(' ', ''))})"
            ):
                linked += 1
            else:
                problems.append(f"{path}: {number} in {squash(parent.get_text())[:60]!r}")
        # Not on paper: a card prints the number as text.
        for card in page.select(".routine-card"):
            if card.select("a[href^='tel:']"):
                problems.append(f"{path}: a card has a tel: link")
    assert not problems, "\n".join(problems[:30])
    assert linked > 20


def test_a_number_is_linked_only_as_a_word_of_its_own_and_never_from_markup():
    link = tel_linker(["999", "111", '9"9', None])
    assert link("Call 999 or go to A&amp;E now.") == f"Call {tel_link('999')} or go to A&amp;E now."
    assert link("In an emergency, call 999.") == f"In an emergency, call {tel_link('999')}."
    assert link("NHS 111 or your GP") == f"NHS {tel_link('111')} or your GP"
    for untouched in ("1999", "999-1", "#999", "a/999.html", "9991", "0.999", '9"9 here'):
        assert link(untouched) == untouched
    assert tel_link("0800 123 456") == (
        '<a class="tel-link" href="tel:0800123456" '
        'aria-label="0800 123 456 (0 8 0 0 1 2 3 4 5 6)">0800 123 456</a>'
    )


def test_a_stop_precaution_says_stop_wherever_it_is_linked_and_on_its_page(published, guide):
    stops = {p.id for p in guide.precautions.values() if p.severity is Severity.STOP}
    assert stops
    marker = squash(re.sub("<[^>]+>", "", STOP_MARKER))
    problems, marked = [], 0
    for path in published.pages():
        if path in NOT_FROM_CONTENT:
            continue
        for a in article(published.page(path)).find_all("a", href=True):
            target = resolve(path, a["href"])
            before = a.find_previous_sibling()
            has_marker = bool(before and "severity-marker-stop" in before.get("class", []))
            if target in {f"precautions/{stop}.html" for stop in stops}:
                marked += has_marker
                if not has_marker or squash(before.get_text()) != marker:
                    problems.append(f"{path}: a link to {target} without the word Stop")
            elif has_marker:
                problems.append(f"{path}: {a['href']} marked Stop")
    for precaution_id in stops:
        page = published.page(f"precautions/{precaution_id}.html")
        assert squash(page.select_one(".severity-stop strong").get_text()) == "Stop"
    assert not problems, "\n".join(problems[:30])
    assert marked > 20


def test_tool_pages_of_the_routines_section_are_linked_from_home_and_the_routines_index(published, guide):
    # "Make my routine" (and the player and progress pages when they join the routines section of
    # the navigation) must be found from the home page and the routines index, not only the menu.
    section = next(
        entry["Routines"] for entry in navigation(guide) if isinstance(entry, dict) and "Routines" in entry
    )
    routine_pages = {page_path(r) for r in guide.routines.values()}
    tools = [
        entry
        for entry in section
        if isinstance(entry, str)
        and entry not in routine_pages
        and not entry.endswith("index.md")
        and not entry.startswith("cards/")
    ]
    assert "make-my-routine.md" in tools
    for source in (HOME, "routines/index.md"):
        targets = links_from(published, html_path(source))
        for tool in tools:
            assert html_path(tool) in targets, (source, tool)
