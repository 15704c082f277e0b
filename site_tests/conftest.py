"""Shared fixtures: the real content, a copy to break, and the site built once per session."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.graph import Guide
from generator.load import load_guide

from .helpers import ROOT, TODAY, read_headers_file

CONTENT = ROOT / "content"
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixture_content"
# The engine the build tests run: MkDocs by default; CI runs the built-HTML tests once more with
# BACKGUIDE_ENGINE=properdocs (ProperDocs, the maintained fork), and test_engines.py diffs the two.
ENGINES = ("mkdocs", "properdocs")
ENGINE = os.environ.get("BACKGUIDE_ENGINE", "mkdocs")
if ENGINE not in ENGINES:
    raise pytest.UsageError(f"BACKGUIDE_ENGINE={ENGINE!r}: use one of {', '.join(ENGINES)}")
MKDOCS = [sys.executable, "-m", ENGINE]
ARTIFACTS = ROOT / "test-artifacts"
# Where the published test site claims to live; served from loopback under the same sub-path.
PUBLISHED_URL = "https://back-guide.example/guide/"
# Every build the tests start, in any copy of the project, shares this checkout's figure cache
# (keyed by the hash of the pose data and the renderer's code): a copied project is not a cold
# build of the figures, so builds take the time the tests expect.
os.environ.setdefault("BACKGUIDE_FIGURE_CACHE", str(ROOT / ".cache" / "backguide-figures"))
# Builds date their review rules from SOURCE_DATE_EPOCH: the tests' fixed "today".
SOURCE_DATE_EPOCH = str(int(dt.datetime.combine(TODAY, dt.time(), tzinfo=dt.UTC).timestamp()))


@dataclass
class BuiltSite:
    """The output of one ``mkdocs build --strict`` run."""

    root: Path
    returncode: int
    log: str
    _parsed: dict[str, BeautifulSoup] = field(default_factory=dict, repr=False)

    def page(self, path: str) -> BeautifulSoup:
        """The parsed page, parsed once per session (tests must not change it)."""
        if path not in self._parsed:
            html = (self.root / path).read_text(encoding="utf-8")
            self._parsed[path] = BeautifulSoup(html, "html.parser")
        return self._parsed[path]

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))


def build_site(
    project: Path,
    site_dir: Path,
    env: dict[str, str] | None = None,
    engine: str = ENGINE,
    strict: bool = True,
) -> BuiltSite:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    environment.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})})
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            engine,
            "build",
            *(["--strict"] if strict else []),
            "--site-dir",
            str(site_dir),
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    return BuiltSite(site_dir, result.returncode, result.stdout + result.stderr)


@pytest.fixture(scope="session")
def guide() -> Guide:
    return load_guide(CONTENT, today=TODAY)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    built = build_site(ROOT, tmp_path_factory.mktemp("site"))
    assert built.returncode == 0, built.log
    return built


def copy_project(target: Path) -> Path:
    """The project's site configuration, theme and content, copied so a test can change them."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "theme", "docs", "content"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The site as a publisher builds it: SITE_URL set (QR codes, 404 page) and card PDFs on."""
    built = build_site(
        ROOT,
        tmp_path_factory.mktemp("published"),
        env={"SITE_URL": PUBLISHED_URL, "BACKGUIDE_CARDS_PDF": "1"},
    )
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="session")
def published_again(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """A second publisher's build of a copy of the project, to compare with ``published``."""
    root = tmp_path_factory.mktemp("published-again")
    built = build_site(
        copy_project(root / "project"),
        root / "site",
        env={"SITE_URL": PUBLISHED_URL, "BACKGUIDE_CARDS_PDF": "1"},
    )
    assert built.returncode == 0, built.log
    return built


@pytest.fixture(scope="session")
def site_server(published: BuiltSite):
    """The published site served from loopback under /guide/, with the headers of its _headers
    file (Content-Security-Policy and the rest), as Netlify or Cloudflare Pages would send them."""
    from .browser import serve

    with serve(published.root, read_headers_file(published.root / "_headers")) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from .browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the real content, for tests that break it."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A private copy of the small fixed guide (site_tests/fixture_content), for the loader and
    rule tests: they plant mistakes in it without depending on the real guide's ids or text."""
    copy = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, copy)
    return copy


# Markers, so `pytest -m "not browser and not pdf and not slow"` gives a fast local loop, and CI's
# second engine reruns the build tests without the pages in Chromium (-m "build and not browser").
BROWSER_FIXTURES = {"browser", "page", "site_server", "recorder"}
PDF_FIXTURES = {"published", "published_again"}  # the publisher's build prints card PDFs in Chromium
BUILD_FIXTURES = {"site", "site_server", *PDF_FIXTURES}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if fixtures & PDF_FIXTURES:
            item.add_marker(pytest.mark.pdf)
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
