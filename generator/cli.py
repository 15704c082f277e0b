"""The ``backguide`` command: check the content, render it, export its schema, start a new file.

Exit codes: 0 clean, 1 content problems, 2 usage error (as argparse does for bad arguments),
3 the output could not be written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

from generator.graph import Guide
from generator.kinds import KIND_BY_NAME
from generator.load import load_guide
from generator.model import SLUG_PATTERN
from generator.problems import ContentError, Level
from generator.rules import today_for_rules

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date like 2026-11-24") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="backguide", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--content", type=Path, default=Path("content"), help="the content folder (default: ./content)"
    )
    verbs = parser.add_subparsers(dest="verb", required=True)

    check = verbs.add_parser("check", help="validate all content without building the site")
    check.add_argument(
        "--strict", action="store_true", help="treat warnings (e.g. an overdue review) as errors"
    )
    check.add_argument(
        "--today", type=_date, help="the date for review rules (default: SOURCE_DATE_EPOCH, else today)"
    )
    check.add_argument(
        "--grades",
        action="store_true",
        help="list every page's reading grade (Flesch-Kincaid), hardest first",
    )

    render = verbs.add_parser("render", help="write the guide's Markdown pages to a folder")
    render.add_argument("out", type=Path, help="folder to write the pages into")

    schema = verbs.add_parser("schema", help="write one JSON Schema per kind of content file")
    schema.add_argument(
        "out",
        type=Path,
        nargs="?",
        default=Path("schemas"),
        help="folder to write the schemas into (default: ./schemas)",
    )

    figures = verbs.add_parser(
        "figures",
        help="write a contact sheet of a method's key poses and in-between frames, to tune its pose data",
    )
    which = figures.add_mutually_exclusive_group(required=True)
    which.add_argument("method", nargs="?", help="the method's id, e.g. cat-camel")
    which.add_argument("--all", action="store_true", help="every drawn method's key poses on one sheet")
    figures.add_argument(
        "--out", type=Path, help="the HTML file (default: METHOD-figures.html, or all-figures.html)"
    )
    figures.add_argument("--png", type=Path, help="also a PNG of the sheet, through Chromium")

    new = verbs.add_parser("new", help="start a new content file with every field, commented")
    new.add_argument("kind", choices=sorted(KIND_BY_NAME), help="the kind of entity")
    new.add_argument("slug", help="its id, e.g. wall-angel (the file name without .yaml)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.verb == "schema":
        from generator.schema import write_editor_settings, write_schemas

        for path in write_schemas(args.out):
            print(f"wrote {path}")
        settings = write_editor_settings(args.out)
        if settings is not None:
            print(f"updated {settings}")
        return EXIT_OK
    if args.verb == "new":
        return _new(args.content, args.kind, args.slug)
    if args.verb == "figures":
        return _figures(args)
    return _check_or_render(args)


def _check_or_render(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    strict = getattr(args, "strict", False)
    today = getattr(args, "today", None) or today_for_rules()
    try:
        guide = load_guide(args.content, today=today, strict=strict)
    except ContentError as error:
        for problem in error.problems:
            print(problem.format(args.content), file=sys.stderr)
        errors = sum(p.level == Level.ERROR for p in error.problems)
        print(f"{errors} content error{'s' if errors != 1 else ''}", file=sys.stderr)
        return EXIT_CONTENT
    for warning in guide.warnings:
        print(warning.format(args.content), file=sys.stderr)

    if args.verb == "check":
        elapsed = time.perf_counter() - started
        print(f"content OK: {len(guide.files)} records checked in {elapsed:.2f} s")
        if args.grades:
            _print_grades(guide)
        return EXIT_OK
    return _render(guide, args.out)


def _print_grades(guide: Guide) -> None:
    from generator.readability import MAX_GRADE, page_grades
    from generator.render import render_pages

    pages = render_pages(guide)
    grades = page_grades(pages, sorted(pages))
    print(f"reading grade (Flesch-Kincaid) of each page; the guide aims for {MAX_GRADE:g} or below:")
    for path, grade in sorted(grades.items(), key=lambda item: (-item[1], item[0])):
        print(f"{grade:5.1f}  {path}")


# Written beside the pages; MkDocs and ProperDocs leave dot-files out of the site.
ENGINE_SETTINGS_FILE = ".nav.yml"


def _render(guide: Guide, out: Path) -> int:
    """Write a folder any engine can build without the plugin: the pages, the generated assets,
    and ``.nav.yml`` with the ``nav:`` and ``extra:`` keys to put in its configuration."""
    import yaml

    from generator.render import engine_settings, render_assets, render_pages

    pages = render_pages(guide)
    files = {**pages, **render_assets(guide)}
    header = (
        "# Put these keys in mkdocs.yml (or properdocs.yml) to build this folder as docs_dir\n"
        "# without the backguide plugin, with theme.custom_dir set to the guide's theme/.\n"
    )
    settings = yaml.safe_dump(engine_settings(guide), sort_keys=False, allow_unicode=True)
    files[ENGINE_SETTINGS_FILE] = header + settings
    try:
        for path, text in files.items():
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    except OSError as error:  # a read-only folder, a full disk: a message, not a traceback
        where = f": {error.filename}" if error.filename else ""
        print(f"backguide render: could not write {out} ({error.strerror or error}{where})", file=sys.stderr)
        return EXIT_WRITE
    assets = len(files) - len(pages) - 1
    print(
        f"wrote {len(pages)} pages, {assets} generated asset{'s' if assets != 1 else ''} and "
        f"{ENGINE_SETTINGS_FILE} (navigation and theme settings) to {out}"
    )
    return EXIT_OK


def _figures(args: argparse.Namespace) -> int:
    from generator.figures.sheet import contact_sheet, overview_sheet, sheet_png
    from generator.model import Method

    try:
        guide = load_guide(args.content, today=today_for_rules())
    except ContentError as error:
        for problem in error.problems:
            print(problem.format(args.content), file=sys.stderr)
        return EXIT_CONTENT
    drawn = [m for m in guide.of(Method).values() if m.figure is not None]
    method = guide.of(Method).get(args.method)
    started = time.perf_counter()
    if args.all:
        out = args.out or Path("all-figures.html")
        sheet = overview_sheet([(m.id, m.title, m.figure) for m in drawn if m.figure is not None])
    elif method is not None and method.figure is not None:
        out = args.out or Path(f"{method.id}-figures.html")
        sheet = contact_sheet(method.id, method.figure, method.title)
    else:
        print(
            f"backguide figures: no method '{args.method}' with a figure "
            f"(drawn: {', '.join(sorted(m.id for m in drawn))}; or --all)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(sheet, encoding="utf-8")
    print(f"wrote {out} in {time.perf_counter() - started:.2f} s")
    if args.png:
        print(f"wrote {sheet_png(out, args.png)}")
    return EXIT_OK


def _new(content: Path, kind: str, slug: str) -> int:
    from generator.scaffold import write_scaffold

    if not re.fullmatch(SLUG_PATTERN, slug):
        print(
            f"backguide new: '{slug}' is not a valid id: use lower-case letters, digits and "
            "single hyphens, e.g. wall-angel",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        path = write_scaffold(content, kind, slug, today_for_rules())
    except FileExistsError:
        print(f"backguide new: {content / kind / slug}.yaml already exists; not overwritten", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {path}: fill in every TODO, then run: backguide check")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
