"""Where each page of the guide lives, and the one rule that turns a Markdown path into its HTML one.

The site is built with ``use_directory_urls: false`` (mkdocs.yml): the page ``methods/bridge.md``
is served as ``methods/bridge.html`` on every host, under a sub-path and from ``file://``, and the
addresses printed as QR codes never change.
"""

from __future__ import annotations

from generator.kinds import Kind, kind_of
from generator.model import Record, Routine

# content/'s two files that are not records.
SITE_FILE = "site.yaml"
RED_FLAGS_FILE = "red-flags.yaml"
GLOSSARY_FILE = "glossary.yaml"  # optional

HOME = "index.md"
HELP_PAGE = "when-to-get-help.md"
BUILDER_PAGE = "make-my-routine.md"
PLAYER_PAGE = "play.md"  # a routine in its address: play.html#routine=<id>, or the builder's #steps=
PROGRESS_PAGE = "my-progress.md"
DISCLAIMER_PAGE = "disclaimer.md"

CARDS_DIR = "cards"
CARDS_INDEX = f"{CARDS_DIR}/index.md"
ALL_CARDS_PAGE = f"{CARDS_DIR}/all.md"
ALL_CARDS_PDF = "cards.pdf"  # at the site's root, beside the cards folder


def page_path(target: Record | Kind) -> str:
    """The Markdown path of a record's page, or of a kind's index (``methods/index.md``)."""
    if isinstance(target, Kind):
        return f"{target.name}/index.md"
    return f"{kind_of(target).name}/{target.id}.md"


def card_page_path(routine: Routine) -> str:
    return f"{CARDS_DIR}/{routine.id}.md"


def card_pdf_path(routine: Routine) -> str:
    """The PDF of one card, from the site's root."""
    return f"{CARDS_DIR}/{routine.id}.pdf"


def player_url(routine: Routine) -> str:
    """The player's address for a routine, from the site's root."""
    return f"{html_path(PLAYER_PAGE)}#routine={routine.id}"


def html_path(markdown_path: str) -> str:
    """The built page of a Markdown page: ``methods/bridge.md`` → ``methods/bridge.html``."""
    return markdown_path.removesuffix(".md") + ".html"


def absolute_url(site_url: str, markdown_path: str) -> str:
    """The address of a page on the published site."""
    return f"{site_url.rstrip('/')}/{html_path(markdown_path)}"


def theme_pages() -> dict[str, str]:
    """The pages the theme links from every footer, as ``config.extra.guide_pages``."""
    return {"disclaimer": html_path(DISCLAIMER_PAGE), "help": html_path(HELP_PAGE)}
