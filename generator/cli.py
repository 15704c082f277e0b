"""The ``backguide`` command: check the content, or render it to Markdown for any site engine."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator.load import load_guide
from generator.problems import ContentError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="backguide", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"),
                        help="the content folder (default: ./content)")
    verbs = parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("check", help="validate all content without building the site")
    render = verbs.add_parser("render", help="write the guide's Markdown pages to a folder")
    render.add_argument("out", type=Path, help="folder to write the pages into")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        guide = load_guide(args.content)
    except ContentError as error:
        print(error, file=sys.stderr)
        return EXIT_CONTENT
    for warning in guide.warnings:
        print(warning.format(args.content), file=sys.stderr)

    if args.verb == "check":
        elapsed = time.perf_counter() - started
        print(f"content OK: {_count(guide)} records checked in {elapsed:.2f} s")
        return EXIT_OK
    from generator.render import render_pages

    pages = render_pages(guide)
    for path, markdown in pages.items():
        target = args.out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    print(f"wrote {len(pages)} pages to {args.out}")
    return EXIT_OK


def _count(guide) -> int:
    return len(guide.files)


if __name__ == "__main__":
    sys.exit(main())
