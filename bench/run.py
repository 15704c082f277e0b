"""Benchmarks the guide's build against plain MkDocs and Material baselines, and prints one table.

    .venv/bin/python bench/run.py            # the real guide and N = 200, 1000, 2000 methods
    .venv/bin/python bench/run.py --quick    # N = 200 only, about a minute

For each guide it measures: the generator alone (load + validate + resolve, then Markdown
rendering and the rules on the rendered pages), ``backguide check``, ``mkdocs build`` with the
plugin, two baselines (A: the same
Markdown written to a docs folder and built with the same configuration but without the plugin;
B: the same Markdown with Material's defaults and a full ``nav:`` listing every page), the peak RSS
of each build, pages per second, the size of a method page and of the search index, what a first
visit to a method page downloads, and the time from saving a content file to the rebuilt page under
``mkdocs serve --livereload``. Our own builds and baseline A report the median of ``--runs`` runs;
baseline B at N = 2000 takes minutes and gigabytes, so it runs once. The table goes to stdout and,
as Markdown, to ``bench/RESULTS.md`` (``--quick``: ``bench/RESULTS-quick.md``). Benchmarks print
figures; nothing here is a timed test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synth import synthesise  # noqa: E402

from generator.load import load_guide  # noqa: E402
from generator.render import engine_settings, navigation, render_assets, render_pages  # noqa: E402

PYTHON = sys.executable
MKDOCS = [PYTHON, "-m", "mkdocs"]
BACKGUIDE = [PYTHON, "-m", "generator.cli"]
FULL_SIZES = (200, 1000, 2000)
QUICK_SIZES = (200,)
ONCE_AT = 2000  # baseline B runs once from this size up
REAL = "real guide"

# Timed in a fresh interpreter, after the imports, as a build does it: load, render, then the rules
# on the rendered pages (reading grades).
GENERATOR_SNIPPET = """
import json, sys, time
from generator.load import load_guide
from generator.render import render_pages
from generator.rules import check_pages
start = time.perf_counter()
guide = load_guide(sys.argv[1], page_rules=False)
loaded = time.perf_counter()
pages = render_pages(guide)
check_pages(guide, pages)
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "render": done - loaded, "pages": len(pages)}))
"""


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


ENV = environment()


# --- running and measuring child processes -------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str


class BenchError(RuntimeError):
    pass


def run(cmd: list[str], cwd: Path, timeout: float) -> Run:
    """Run ``cmd``, return its wall time and its own peak RSS (from wait4, not the whole tree)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} failed ({proc.returncode}) in {cwd}:\n{output[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, output)  # ru_maxrss is in KiB on Linux


def median_run(
    cmd: list[str], cwd: Path, runs: int, timeout: float, before: Callable[[], None] | None = None
) -> Run:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(run(cmd, cwd, timeout))
    return Run(
        statistics.median(r.seconds for r in results),
        statistics.median(r.peak_mb for r in results),
        results[-1].output,
    )


# --- projects ------------------------------------------------------------------------------------


def make_project(folder: Path, content: Path) -> Path:
    """The site configuration, theme and static docs, with ``content`` as the content folder."""
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("theme", "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name)
        else:
            (folder / name).mkdir()
    shutil.copytree(content, folder / "content", ignore=shutil.ignore_patterns(".*"))
    return folder


def write_docs(folder: Path, pages: dict[str, str], *, drop_templates: bool = False) -> None:
    shutil.copytree(ROOT / "docs", folder)
    for path, markdown in pages.items():
        if drop_templates:  # Material's defaults have no card.html: build the cards as pages
            markdown = re.sub(r"\A---\n(.*?\n)?template: [^\n]*\n", "---\n", markdown)
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")


def site_config() -> dict[str, Any]:
    from mkdocs.utils.yaml import get_yaml_loader

    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())


def write_baselines(project: Path) -> tuple[Path, Path]:
    """Baseline A (same config, no plugin) and B (Material defaults, full nav) beside ``project``."""
    guide = load_guide(project / "content")
    pages = render_pages(guide)
    # Baseline A is what `backguide render` gives a plain engine: the pages, the generated assets
    # and the nav and extra keys, built without the plugin.
    write_docs(project / "docs-plain", {**pages, **render_assets(guide)})
    plain = {
        "INHERIT": "mkdocs.yml",
        "docs_dir": "docs-plain",
        "plugins": ["search"],
        **engine_settings(guide),
        # The plugin marks the pages its nav leaves out; without it MkDocs would list them all.
        "validation": {"nav": {"omitted_files": "info"}},
    }
    (project / "mkdocs-plain.yml").write_text(yaml.safe_dump(plain, sort_keys=False), "utf-8")

    write_docs(project / "docs-default", pages, drop_templates=True)
    config = site_config()
    default = {
        "site_name": config["site_name"],
        "docs_dir": "docs-default",
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": {"name": "material"},
        "markdown_extensions": config.get("markdown_extensions", []),
        "nav": navigation(guide, list_limit=None),
    }
    (project / "mkdocs-default.yml").write_text(yaml.safe_dump(default, sort_keys=False), "utf-8")
    return project / "mkdocs-plain.yml", project / "mkdocs-default.yml"


# --- what a reader downloads ---------------------------------------------------------------------


def first_load_kb(site: Path, page: str) -> tuple[float, float, list[str]]:
    """KB a first visit to ``page`` downloads over HTTP (every request, uncompressed), without and
    with the search index, which Material's script fetches as soon as the page loads."""
    html = (site / page).read_text(encoding="utf-8")
    base = (site / page).parent
    refs = set(re.findall(r'<link[^>]+rel="(?:stylesheet|icon)"[^>]*href="([^"]+)"', html))
    refs |= set(re.findall(r'<script[^>]+src="([^"]+)"', html))
    refs |= set(re.findall(r'<img[^>]+src="([^"]+)"', html))
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    index = 0
    if config:
        settings = json.loads(config.group(1))
        if settings.get("search"):
            refs.add(settings["search"])  # the search worker
        if 'name="search"' in html:
            index = (site / "search" / "search_index.json").stat().st_size
    external = sorted(r for r in refs if re.match(r"^[a-z]+:", r) and not r.startswith("data:"))
    local = [
        (base / r.split("#")[0].split("?")[0]).resolve()
        for r in refs
        if r not in external and not r.startswith("data:")
    ]
    total = len(html.encode("utf-8")) + sum(p.stat().st_size for p in set(local) if p.is_file())
    return total / 1024, (total + index) / 1024, external


# --- mkdocs serve: from saving a file to the rebuilt page ----------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> str | None:
    try:
        with _NO_PROXY.open(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def poll(url: str, wanted: Callable[[str], bool], timeout: float) -> float:
    """Fetch ``url`` until ``wanted(body)``; return when that happened (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and wanted(body):
            return time.perf_counter()
        time.sleep(0.02)
    raise BenchError(f"{url} did not show the change within {timeout:.0f} s")


def serve_latency(project: Path, method_id: str, edits: int, timeout: float) -> float:
    """Median seconds from saving a method's YAML to its rebuilt page being served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/methods/{method_id}.html"
    source = project / "content" / "methods" / f"{method_id}.yaml"
    original = source.read_text(encoding="utf-8")
    data = yaml.load(original, Loader=yaml.CSafeLoader)
    log = (project / "serve.log").open("wb")
    proc = subprocess.Popen(
        [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        poll(url, lambda body: True, timeout)
        times = []
        for edit in range(edits):
            token = f"benchmarkedit{edit}x{time.time_ns()}"
            changed = {**data, "summary": f"{token} {data['summary']}"}
            text = yaml.dump(
                changed, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=1000
            )
            source.write_text(text, encoding="utf-8")
            saved = time.perf_counter()
            times.append(poll(url, lambda body, t=token: t in body, timeout) - saved)
        return statistics.median(times)
    finally:
        source.write_text(original, encoding="utf-8")
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


# --- one guide -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    methods: int
    pages: int = 0
    load_s: float = 0
    render_s: float = 0
    check_s: float = 0
    ours: Run | None = None
    plain: Run | None = None
    default: Run | None = None
    default_runs: int = 0
    page_kb: float = 0
    default_page_kb: float = 0
    index_kb: float = 0
    first_load_kb: float = 0
    first_load_with_index_kb: float = 0
    external: list[str] = field(default_factory=list)
    serve_s: float | None = None


def html_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def bench_guide(
    name: str, content: Path, work: Path, runs: int, serve_edits: int, say: Callable[[str], None]
) -> Result:
    project = make_project(work / "project", content)
    guide = load_guide(project / "content")
    methods = sorted(guide.methods)
    method_id = "knee-to-chest-stretch" if "knee-to-chest-stretch" in methods else methods[0]
    result = Result(name, len(guide.methods))
    timeout = 120 + 0.5 * len(guide.methods)

    say(f"{name}: generator alone")
    gen = []
    for _ in range(runs):
        out = run([PYTHON, "-c", GENERATOR_SNIPPET, str(project / "content")], ROOT, timeout)
        gen.append(json.loads(out.output.strip().splitlines()[-1]))
    result.load_s = statistics.median(g["load"] for g in gen)
    result.render_s = statistics.median(g["render"] for g in gen)

    say(f"{name}: backguide check")
    check = [*BACKGUIDE, "--content", str(project / "content"), "check"]
    result.check_s = median_run(check, ROOT, runs, timeout).seconds

    site = work / "site"
    clean = lambda: shutil.rmtree(site, ignore_errors=True)  # noqa: E731
    say(f"{name}: mkdocs build with the plugin ({runs} runs)")
    build = [*MKDOCS, "build", "-q", "--site-dir", str(site)]
    result.ours = median_run(build, project, runs, timeout, before=clean)
    result.pages = html_pages(site)
    result.page_kb = (site / "methods" / f"{method_id}.html").stat().st_size / 1024
    result.index_kb = (site / "search" / "search_index.json").stat().st_size / 1024
    result.first_load_kb, result.first_load_with_index_kb, result.external = first_load_kb(
        site, f"methods/{method_id}.html"
    )

    plain_yml, default_yml = write_baselines(project)
    say(f"{name}: baseline A, same config without the plugin ({runs} runs)")
    result.plain = median_run([*build, "-f", str(plain_yml)], project, runs, timeout, before=clean)

    result.default_runs = 1 if result.methods >= ONCE_AT else runs
    say(
        f"{name}: baseline B, Material defaults and a full nav ({result.default_runs} run"
        f"{'s' if result.default_runs > 1 else ''})"
    )
    result.default = median_run(
        [*build, "-f", str(default_yml)],
        project,
        result.default_runs,
        300 + 1.5 * result.methods,
        before=clean,
    )
    result.default_page_kb = (site / "methods" / f"{method_id}.html").stat().st_size / 1024
    clean()

    if serve_edits:
        say(f"{name}: mkdocs serve, save → rebuilt page ({serve_edits} edits)")
        result.serve_s = serve_latency(project, method_id, serve_edits, timeout)
    shutil.rmtree(project, ignore_errors=True)
    return result


# --- the table -----------------------------------------------------------------------------------


def table(results: list[Result]) -> list[str]:
    def row(label: str, cell: Callable[[Result], str]) -> str:
        return "| " + " | ".join([label, *(cell(r) for r in results)]) + " |"

    def s(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    lines = [
        "| | " + " | ".join(f"{r.name}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
        row("methods / pages built", lambda r: f"{r.methods} / {r.pages}"),
        row("generator: load + validate + resolve (s)", lambda r: s(r.load_s)),
        row("generator: render Markdown, then the page rules (s)", lambda r: s(r.render_s)),
        row("generator total (s)", lambda r: s(r.load_s + r.render_s)),
        row("`backguide check`, wall incl. start-up (s)", lambda r: s(r.check_s)),
        row("**`mkdocs build` with the plugin (s)**", lambda r: f"**{s(r.ours.seconds)}**"),
        row("… pages per second", lambda r: f"{r.pages / r.ours.seconds:.0f}"),
        row("… ms per page", lambda r: f"{1000 * r.ours.seconds / r.pages:.1f}"),
        row("… peak RSS (MB)", lambda r: f"{r.ours.peak_mb:.0f}"),
        row("A: same Markdown and config, no plugin (s)", lambda r: s(r.plain.seconds)),
        row("… peak RSS (MB)", lambda r: f"{r.plain.peak_mb:.0f}"),
        row("ours / A (plugin's share of the build)", lambda r: f"{r.ours.seconds / r.plain.seconds:.2f}"),
        row(
            "B: Material defaults + full `nav:` (s)",
            lambda r: s(r.default.seconds) + (" (1 run)" if r.default_runs == 1 else ""),
        ),
        row("… peak RSS (MB)", lambda r: f"{r.default.peak_mb:.0f}"),
        row("**B / ours (speed-up)**", lambda r: f"**{r.default.seconds / r.ours.seconds:.1f}×**"),
        row("method page HTML, ours / B (KB)", lambda r: f"{r.page_kb:.0f} / {r.default_page_kb:.0f}"),
        row("search index (KB)", lambda r: f"{r.index_kb:.0f}"),
        row(
            "first visit to a method page, all requests (KB)",
            lambda r: f"{r.first_load_kb:.0f} + {r.index_kb:.0f} index",
        ),
        row("save a file → rebuilt page, `mkdocs serve` (s)", lambda r: s(r.serve_s)),
    ]
    return lines


def targets(results: list[Result]) -> list[str]:
    by = {r.name: r for r in results}
    lines = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    small, large = by.get("N = 200"), by.get("N = 2000")
    if small and large:
        per_small = small.ours.seconds / small.pages
        per_large = large.ours.seconds / large.pages
        ratio = per_large / per_small
        lines.append(
            f"- Linear scaling: per-page build time at N = 2000 is {ratio:.2f}× that at "
            f"N = 200 (target ≤ 1.5×): {verdict(ratio <= 1.5)}. Method page HTML "
            f"{small.page_kb:.0f} KB at N = 200, {large.page_kb:.0f} KB at N = 2000 "
            f"(must not grow): {verdict(large.page_kb <= small.page_kb * 1.05)}."
        )
        speedup = large.default.seconds / large.ours.seconds
        lines.append(
            f"- N = 2000 against Material defaults with a full nav (run once): "
            f"{speedup:.1f}× faster (target ≥ 5×): {verdict(speedup >= 5)}."
        )
        total = large.load_s + large.render_s
        lines.append(f"- Generator alone at N = 2000: {total:.2f} s (target < 1 s): {verdict(total < 1)}.")
        middle = by.get("N = 1000")
        slope = (large.ours.peak_mb - small.ours.peak_mb) / ((large.methods - small.methods) / 1000)
        text = f"- Peak memory: {slope:.0f} MB per 1000 methods (N = 200 → 2000)"
        if middle:
            low = (middle.ours.peak_mb - small.ours.peak_mb) / 0.8
            high = (large.ours.peak_mb - middle.ours.peak_mb) / 1.0
            text += (
                f"; {low:.0f} MB/1000 from 200 to 1000, {high:.0f} MB/1000 from 1000 to "
                f"2000 (at most linear): {verdict(high <= 1.25 * low + 5)}"
            )
        lines.append(text + ".")
        lines.append(
            f"- Search index at N = 2000: {large.index_kb / 1024:.1f} MB; Material's "
            "script fetches it as soon as any page loads over HTTP (from `file://` only "
            "when search is opened), so it is loaded before it is needed."
        )
    real = by.get(REAL)
    if not (small and large) and not real:
        lines.append(
            "- The targets compare N = 200 with N = 2000 and look at the real guide: "
            "run `bench/run.py` without `--quick` to check them."
        )
    if real:
        lines.append(
            f"- Real guide: full build {real.ours.seconds:.2f} s (target < 2 s): "
            f"{verdict(real.ours.seconds < 2)}; save → rebuilt page "
            f"{s_or_dash(real.serve_s)} s (target < 1.5 s): "
            f"{verdict(real.serve_s is not None and real.serve_s < 1.5)}."
        )
        first = real.first_load_with_index_kb
        lines.append(
            f"- Real guide, first visit to a method page: {first:.0f} KB in all "
            f"({real.first_load_kb:.0f} KB page, styles, scripts and icons + "
            f"{real.index_kb:.0f} KB search index; target < 300 KB): {verdict(first < 300)}"
            + (
                f"; external requests: {', '.join(real.external)}"
                if real.external
                else "; no request to another host"
            )
            + "."
        )
    return lines


def s_or_dash(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def header(quick: bool, runs: int) -> list[str]:
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("mkdocs", "mkdocs-material", "Jinja2", "PyYAML", "pydantic")
    )
    return [
        f"# Benchmark results{' (quick)' if quick else ''}",
        "",
        f"{dt.date.today().isoformat()}, {os.cpu_count()} cores ({platform.machine()}), "
        f"Python {platform.python_version()}, {versions}.",
        f"Our builds, baseline A, the generator and `check`: median of {runs} runs; baseline B "
        f"runs {runs} times below N = {ONCE_AT} and once from N = {ONCE_AT} (minutes and "
        "gigabytes). Produced by `.venv/bin/python bench/run.py"
        f"{' --quick' if quick else ''}`.",
        "",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 200 only (about a minute)")
    parser.add_argument(
        "--sizes",
        type=lambda v: tuple(int(n) for n in v.split(",")),
        help="synthetic guide sizes, e.g. 200,1000 (default: 200,1000,2000)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (default: 3)")
    parser.add_argument("--no-real", action="store_true", help="skip the real guide")
    parser.add_argument(
        "--out",
        type=Path,
        help="Markdown results file (default: bench/RESULTS.md, or bench/RESULTS-quick.md with --quick)",
    )
    args = parser.parse_args(argv)
    sizes = args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES)
    out = args.out or ROOT / "bench" / ("RESULTS-quick.md" if args.quick else "RESULTS.md")
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    work = Path(tempfile.mkdtemp(prefix="backguide-bench-"))
    results = []
    try:
        if not args.quick and not args.no_real:
            results.append(bench_guide(REAL, ROOT / "content", work / "real", args.runs, args.runs, say))
        for n in sizes:
            say(f"N = {n}: writing the synthetic guide")
            content = work / f"content-{n}"
            synthesise(n, content)
            results.append(bench_guide(f"N = {n}", content, work / f"n{n}", args.runs, args.runs, say))
            shutil.rmtree(content, ignore_errors=True)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = [
        *header(args.quick, args.runs),
        *table(results),
        "",
        "Targets (issue 6):",
        "",
        *targets(results),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    out.write_text(text, encoding="utf-8")
    say(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
