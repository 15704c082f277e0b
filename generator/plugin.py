"""The ``backguide`` MkDocs plugin: loads the content and adds the rendered pages as generated files."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.load import load_guide
from generator.problems import ContentError
from generator.render import navigation, render_pages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

TEMPLATES_DIR = Path(__file__).parent / "templates"


class BackGuideConfig(Config):
    content_dir = config_options.Dir(exists=False, default="content")


class BackGuidePlugin(BasePlugin[BackGuideConfig]):
    """Reads ``content/`` on every build, so ``mkdocs serve`` shows each saved change."""

    def __init__(self) -> None:
        self._pages: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        content_dir = Path(self.config.content_dir)
        try:
            guide = load_guide(content_dir)
        except ContentError as error:
            # MkDocs prints a PluginError as a message, without a Python traceback.
            raise PluginError(str(error)) from None
        for warning in guide.warnings:
            log.warning(warning.format(content_dir))
        self._pages = render_pages(guide)
        if not config.nav:
            config.nav = navigation(guide)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for path, markdown in self._pages.items():
            existing = files.get_file_from_path(path)
            if existing is not None:
                raise PluginError(f"docs/{path} would hide the generated page of the same name")
            files.append(File.generated(config, path, content=markdown))
        return files

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer:
        server.watch(str(Path(self.config.content_dir).resolve()))
        server.watch(str(TEMPLATES_DIR))
        return server
