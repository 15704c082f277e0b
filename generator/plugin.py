"""The ``backguide`` plugin: loads the content and adds the rendered pages as generated files.

It runs under MkDocs 1.6 and under ProperDocs, its maintained fork (which loads plugins registered
for either). This module is the one place that knows which engine is running: the engine's name
comes from the plugin base class it hands us, and the warnings a strict build counts are the ones
logged under that engine's logger.

``build`` writes into a folder of its own next to ``site_dir`` and puts it in place only when the
build succeeded (``generator.atomic_site``: one build at a time, under a lock), so a failed, killed
or concurrent build never leaves a half-written site behind.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.atomic_site import LOCK_WAIT_SECONDS, SiteSwap, SiteSwapError, tidy_if_idle
from generator.figures import CACHE_DIR
from generator.headers import write_headers_file
from generator.load import load_guide
from generator.offline import write_offline_files
from generator.paths import (
    ALL_CARDS_PAGE,
    ALL_CARDS_PDF,
    card_page_path,
    card_pdf_path,
    html_path,
)
from generator.pdf import PAPER_SIZES, PdfEngineMissing, print_pages
from generator.problems import ContentError, Level, Problem, settle
from generator.render import engine_settings, nav_pages, render_assets, render_pages
from generator.rules import check_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

    from generator.graph import Guide

# "mkdocs" or "properdocs": ProperDocs serves the mkdocs.* modules from its own package.
ENGINE = BasePlugin.__module__.partition(".")[0]
log = logging.getLogger(f"{ENGINE}.plugins.{__name__}")

TEMPLATES_DIR = Path(__file__).parent / "templates"
# Where the exercise figures' solved frames and drawings are kept between builds (keyed by the hash
# of the pose data and the renderer's code, so any project may share one): beside mkdocs.yml, or
# the folder BACKGUIDE_FIGURE_CACHE names.
FIGURE_CACHE_ENV = "BACKGUIDE_FIGURE_CACHE"


def figure_cache(config_file: str | None) -> Path:
    named = os.environ.get(FIGURE_CACHE_ENV)
    if named:
        return Path(named)
    return (Path(config_file).parent if config_file else Path()) / CACHE_DIR


class BackGuideConfig(Config):
    content_dir = config_options.Dir(exists=False, default="content")
    # Print the routine cards to PDF after the build (Chromium): off by default, as it takes seconds.
    cards_pdf = config_options.Type(bool, default=False)
    cards_pdf_paper = config_options.Choice(PAPER_SIZES, default="A4")


def _page_problems(guide: Guide, pages: dict[str, str], content_dir: Path, strict: bool) -> list[Problem]:
    """The page rules' findings on the pages just rendered (rendered once per build), settled as
    ``load_guide`` settles its own: errors (with ``strict``, warnings too) raise a ContentError."""
    return settle(check_pages(guide, pages), content_dir, strict)


class _WarningCounter(logging.Handler):
    """Counts the engine's warnings, to know before moving the site whether --strict fails it."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class BackGuidePlugin(BasePlugin[BackGuideConfig]):
    """Reads ``content/`` on every build, so ``mkdocs serve`` shows each saved change."""

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}
        self._assets: dict[str, str] = {}
        self._cards: list[tuple[str, str]] = []  # (page, PDF) of every card, from the site's root
        self._nav: list[object] = []
        self._settings: dict[str, Any] = {"nav": [], "extra": {}}
        self._command = ""
        self._swap: SiteSwap | None = None
        self._warnings = _WarningCounter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._command = command

    @property
    def cards_pdf(self) -> bool:
        """The plugin option, or BACKGUIDE_CARDS_PDF=1 for a one-off build."""
        return self.config.cards_pdf or os.environ.get("BACKGUIDE_CARDS_PDF", "") in ("1", "true")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        content_dir = Path(self.config.content_dir)
        if self._command == "build":
            tidy_if_idle(Path(config.site_dir))
        site_url = self._card_site_url(config)
        cache = figure_cache(config.config_file_path)
        try:
            guide = load_guide(content_dir, strict=config.strict, page_rules=False)
            pages = render_pages(guide, site_url=site_url, cards_pdf=self.cards_pdf, figure_cache=cache)
            page_problems = _page_problems(guide, pages, content_dir, strict=config.strict)
        except ContentError as error:
            if self._command == "serve" and self._pages:
                # MkDocs' server stops answering after a failed rebuild; an editor mid-edit is
                # better served by the last good pages while the problems are printed.
                log.error(f"{error}\nStill serving the last good version until this is fixed.")
                self._apply_settings(config)
                return config
            # MkDocs prints a PluginError as a message, without a Python traceback.
            raise PluginError(str(error)) from None
        for problem in [*guide.warnings, *page_problems]:
            level = logging.WARNING if problem.level == Level.WARNING else logging.INFO
            log.log(level, problem.format(content_dir))
        self._pages = pages
        self._assets = render_assets(guide, site_url, figure_cache=cache)
        self._settings = engine_settings(guide)
        self._nav = self._settings["nav"]
        self._cards = [(html_path(card_page_path(r)), card_pdf_path(r)) for r in guide.routines.values()]
        self._cards.append((html_path(ALL_CARDS_PAGE), ALL_CARDS_PDF))
        self._apply_settings(config)
        if self._command == "build":
            self._build_beside(config)
        return config

    def _card_site_url(self, config: MkDocsConfig) -> str | None:
        """The address the cards' QR codes point to, or None (said once, at INFO level)."""
        if self._command == "serve":
            # serve sets site_url to this computer's address: a printed QR code would lead nowhere.
            log.info("serving: the routine cards carry no QR code (it would point at this computer)")
            return None
        if not config.site_url:
            log.info("site_url is not set (SITE_URL): the routine cards carry no QR code")
            return None
        return config.site_url

    def _apply_settings(self, config: MkDocsConfig) -> None:
        """The guide's navigation (unless mkdocs.yml has its own) and the theme's extra keys."""
        if not config.nav:
            config.nav = self._nav
        config.extra.update(self._settings["extra"])

    def _build_beside(self, config: MkDocsConfig) -> None:
        final = Path(config.site_dir)
        wait = float(os.environ.get("BACKGUIDE_BUILD_WAIT_SECONDS") or LOCK_WAIT_SECONDS)

        def waiting() -> None:
            log.info(f"another build of {final.name}/ is running: waiting for it to finish")

        try:
            self._swap = SiteSwap.begin(final, wait_seconds=wait, on_wait=waiting)
        except SiteSwapError as error:
            raise PluginError(str(error)) from None
        config.site_dir = str(self._swap.building)
        self._warnings.count = 0
        logging.getLogger(ENGINE).addHandler(self._warnings)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Pages that our navigation leaves out (a large kind shows only its index) are reached from
        # the index and from search: they are not "missing from the nav".
        listed = nav_pages(self._nav) if config.nav is self._nav else None
        for path, markdown in self._pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} would hide the generated page of the same name")
            left_out = listed is not None and path not in listed
            inclusion = InclusionLevel.NOT_IN_NAV if left_out else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, content=markdown, inclusion=inclusion))
        for path, text in self._assets.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        server.watch(str(Path(self.config.content_dir).resolve()))
        server.watch(str(TEMPLATES_DIR))
        return server

    @event_priority(-200)  # after every other plugin (offline, search) has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        write_headers_file(Path(config.site_dir))
        if self.cards_pdf:
            self._print_cards(Path(config.site_dir))
        write_offline_files(
            Path(config.site_dir),
            name=config.site_name,
            description=config.site_description or "",
            serving=self._command == "serve",
        )
        swap = self._swap
        if swap is None:
            return
        self._stop_counting()
        if config.strict and self._warnings.count:
            swap.abandon()
            log.info("the previous site was kept: this strict build had warnings")
            return
        try:
            swap.commit()
        except SiteSwapError as error:
            raise PluginError(str(error)) from None
        config.site_dir = str(swap.site_dir)

    def _print_cards(self, site: Path) -> None:
        jobs = [(site / page, site / pdf) for page, pdf in self._cards]
        paper = os.environ.get("BACKGUIDE_CARDS_PDF_PAPER") or self.config.cards_pdf_paper
        try:
            written = print_pages(jobs, paper=paper)
        except (PdfEngineMissing, ValueError) as error:
            raise PluginError(str(error)) from None
        log.info(f"printed {len(written)} card PDFs ({paper})")

    @event_priority(-200)  # last: it may end the build with a message instead of a traceback
    def on_build_error(self, *, error: Exception) -> None:
        if self._swap is None:
            return
        if self._swap.active:
            self._stop_counting()
            self._swap.abandon()
            log.info("the previous site was kept: the build failed")
        if isinstance(error, OSError):
            # A full disk or a read-only folder: a message, not a traceback.
            where = f": {error.filename}" if error.filename else ""
            log.error(
                f"could not write the site ({error.strerror or error}{where}); the previous site was kept"
            )
            raise Abort("Aborted: the site could not be written") from None

    def on_shutdown(self) -> None:
        # Every exit path releases the lock and removes this build's own folder (never another's).
        if self._swap is not None and self._swap.active:
            self._swap.abandon()

    def _stop_counting(self) -> None:
        logging.getLogger(ENGINE).removeHandler(self._warnings)
