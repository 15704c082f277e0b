"""PDF export of the routine cards: headless Chromium prints the built card pages.

Chromium (driven by Playwright) prints the same print CSS a reader's browser uses, so the PDF and
the page cannot disagree. Chromium stamps each PDF with the time and a random id: both are rewritten
with pypdf from SOURCE_DATE_EPOCH and the content, so the same site gives byte-identical PDFs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

# Chromium's flags for a sandboxed, offline machine: no first-run work, no calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAPER_SIZES = ("A4", "Letter")


class PdfEngineMissing(RuntimeError):
    """PDFs were asked for, but Chromium or its driver is not installed."""


def find_chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfEngineMissing(
        "PDF export of the cards needs Chromium: install it (Debian: apt-get install -y chromium) "
        "or turn the export off (BACKGUIDE_CARDS_PDF unset, cards_pdf: false)"
    )


def pdf_date(epoch: int) -> str:
    stamp = dt.datetime.fromtimestamp(epoch, tz=dt.UTC)
    return stamp.strftime("D:%Y%m%d%H%M%SZ")


def normalise(pdf: bytes, epoch: int) -> bytes:
    """The same PDF with its dates set from ``epoch`` and its id derived from its pages."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    date = pdf_date(epoch)
    writer.add_metadata({"/CreationDate": date, "/ModDate": date, "/Producer": "backguide"})
    contents = [page.get_contents() for page in writer.pages]
    digest = hashlib.md5(
        b"".join(c.get_data() for c in contents if c is not None), usedforsecurity=False
    ).digest()
    writer._ID = ArrayObject([ByteStringObject(digest), ByteStringObject(digest)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def source_date_epoch() -> int:
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)


def print_pages(jobs: Iterable[tuple[Path, Path]], paper: str = "A4") -> list[Path]:
    """Print each (html, pdf) pair with Chromium; return the PDFs written."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    executable = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfEngineMissing("PDF export of the cards needs Playwright: pip install -e '.[pdf]'") from None
    epoch = source_date_epoch()
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for html, target in jobs:
                page.goto(html.resolve().as_uri(), wait_until="load")
                pdf = page.pdf(format=paper, print_background=False, prefer_css_page_size=False)
                target.write_bytes(normalise(pdf, epoch))
                written.append(target)
        finally:
            browser.close()
    return written
