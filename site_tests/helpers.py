"""Helpers the test modules share: reading built pages, driving the browser, editing content."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from generator.load import load_guide
from generator.problems import ContentError

ROOT = Path(__file__).resolve().parent.parent
# "Today" for every load and build in the tests, so review dates never depend on the calendar.
TODAY = dt.date(2026, 11, 25)


def squash(text: str) -> str:
    """Text with its runs of white space made single spaces, as a reader sees it."""
    return " ".join(text.split())


# ---- the built HTML --------------------------------------------------------------------------

# MkDocs' own error page is not rendered from the guide's Markdown.
NOT_FROM_CONTENT = {"404.html"}


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.md-content__inner")
    assert found is not None, "no article element"
    return found


def hrefs_before(container: Tag, stop_id: str) -> list[str]:
    """Every link target in ``container`` that comes before the element with ``stop_id``."""
    hrefs = []
    for element in container.descendants:
        if isinstance(element, Tag):
            if element.get("id") == stop_id:
                return hrefs
            if element.name == "a" and element.get("href"):
                hrefs.append(element["href"])
    raise AssertionError(f"no element with id {stop_id!r}")


def ids_before(container: Tag, stop_id: str) -> set[str]:
    ids = set()
    for element in container.descendants:
        if isinstance(element, Tag):
            if element.get("id") == stop_id:
                return ids
            ids.update([element.get("id")] if element.get("id") else [])
            ids.update(f"class:{c}" for c in element.get("class", []))
    raise AssertionError(f"no element with id {stop_id!r}")


# ---- the browser -----------------------------------------------------------------------------

NODE_MODULES = ROOT / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Record CSP violations from the first moment of each page (Playwright injects this past the CSP).
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def page_types(built) -> dict[str, str]:
    """One built page of every type: each page at the site's root, and in each folder its index and
    its first other page, a page that loads scripts or styles of its own counted as its own type.
    A new page (a player, a progress log) gets a type here without a change to the tests."""

    def assets(path: str) -> frozenset[str]:
        soup = built.page(path)
        found = [
            tag.get("src") or tag.get("href") or ""
            for tag in soup.select("script[src], link[rel=stylesheet]")
        ]
        return frozenset(Path(url).name for url in found)

    common = assets("index.html")
    types: dict[str, str] = {}
    for path in built.pages():
        if path in NOT_FROM_CONTENT:
            continue
        folder, _, name = path.rpartition("/")
        if not folder:
            kind = "home" if name == "index.html" else name.removesuffix(".html")
        else:
            kind = f"{folder} index" if name == "index.html" else f"{folder} page"
        own = sorted(assets(path) - common)
        if own:
            kind += " with " + ", ".join(own)
        types.setdefault(kind, path)
    return types


def need(path: Path, what: str) -> None:
    if path.exists():
        return
    message = f"{what} is missing ({path.relative_to(ROOT)}): run npm ci"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


class Recorder:
    """Every request a page makes, what failed, and what the CSP blocked."""

    def __init__(self, page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.failures: list[str] = []
        self.bytes = 0  # transferred, from Content-Length
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("console", self._console)
        page.add_init_script(WATCH_CSP)

    def _failed(self, request) -> None:
        # Moving on to the next page cancels what the last one still loads (its favicon, the
        # search worker): that is the test's doing, not the site's.
        if request.failure != "net::ERR_ABORTED":
            self.failures.append(f"{request.url} failed: {request.failure}")

    def _response(self, response) -> None:
        self.bytes += int(response.headers.get("content-length", 0))
        if response.status >= 400:
            self.failures.append(f"{response.url} {response.status}")

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.failures.append(f"CSP: {message.text}")

    def visit(self, url: str, wait_until: str = "load") -> None:
        self.requests.clear()
        self.failures.clear()
        self.bytes = 0
        response = self.page.goto(url, wait_until=wait_until)
        assert response is not None and response.ok, f"{url}: {response and response.status}"

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")


def axe_violations(page, url: str) -> list[str]:
    """What axe-core finds on the page at ``url`` (WCAG 2 A/AA and best practice)."""
    page.goto(url, wait_until="load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]


def read_headers_file(path: Path) -> dict[str, str]:
    """The headers of the ``/*`` rule of a ``_headers`` file, as Netlify or Cloudflare send them."""
    headers: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") and ":" in line:
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers


# ---- editing a copy of the content -----------------------------------------------------------


def problems_of(content: Path) -> list[str]:
    """Every problem the loader finds, as ``content/file:line:column: field: message``."""
    with pytest.raises(ContentError) as caught:
        load_guide(content, today=TODAY)
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


# ---- file permissions ------------------------------------------------------------------------


def without_dac_override() -> Callable[[], None] | None:
    """A ``preexec_fn`` under which a process run as root obeys file permissions (else None).

    Root reads and writes any file, so a test of an unreadable file or a read-only folder drops
    the two capabilities that allow it from the child's bounding set (Linux; effective at exec).
    """
    if os.geteuid() != 0:
        return None
    if sys.platform != "linux":
        pytest.skip("running as root: cannot make a file unreadable to the test")

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP

    return drop
