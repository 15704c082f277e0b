"""Lighthouse scores of the guide's main page types, served as a static host serves them (gzip).

    npm ci --prefix bench/lighthouse          # once: Lighthouse 12, pinned in its own lock file
    .venv/bin/python bench/lighthouse.py      # builds the site, serves it, prints one table

It prints, for each page type, the four category scores (performance, accessibility, best practices,
SEO, each out of 100) on Lighthouse's mobile profile (simulated slow 4G and a 4x slower CPU), and
every audit that fell short. A benchmark, not a test: scores on a busy machine vary by a few points.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
SUB_PATH = "/guide/"
PAGES = {
    "home": "index.html",
    "method": "methods/bridge.html",
    "methods index": "methods/index.html",
    "routine": "routines/morning-mobility.html",
    "player": "play.html#routine=morning-mobility",
    "progress": "my-progress.html",
    "help": "when-to-get-help.html",
    "flare-up": "topics/managing-a-flare-up.html",
}
COMPRESSED = {
    "text/html",
    "text/css",
    "application/javascript",
    "text/javascript",
    "application/json",
    "image/svg+xml",
    "application/manifest+json",
}
CHROMIUM_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site under SUB_PATH, gzip-compressed when the browser asks, as hosts do."""

    root: Path

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        path = self.path.split("?")[0].split("#")[0]
        file = self.root / path.removeprefix(SUB_PATH)
        if not path.startswith(SUB_PATH) or not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        kind = self.guess_type(str(file))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=3600")
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.split(";")[0] in COMPRESSED:
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"root": root})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()


def build(site: Path, url: str) -> None:
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def audit(url: str, out: Path) -> dict:
    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("lighthouse.py needs Chromium (Debian: apt-get install -y chromium)")
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={CHROMIUM_FLAGS}",
            "--output=json",
            f"--output-path={out}",
        ],
        env={**os.environ, "CHROME_PATH": chromium},
        check=True,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def shortfalls(report: dict) -> list[str]:
    found = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref.get("weight", 0) and result.get("score") is not None and result["score"] < 1:
                found.append(
                    f"{name}: {ref['id']} {result['score']:.2f} {result.get('displayValue', '')}".rstrip()
                )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="*", choices=sorted(PAGES), default=sorted(PAGES))
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: npm ci --prefix bench/lighthouse")
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        # The address is known only once the server has a port: build, then serve that folder.
        with serve(site) as base:
            build(site, base)
            rows = []
            for name in args.pages:
                report = audit(base + PAGES[name], Path(scratch) / "report.json")
                scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
                rows.append((name, scores, shortfalls(report)))
    print("| page | performance | accessibility | best practices | SEO |")
    print("|---|---:|---:|---:|---:|")
    for name, scores, _ in rows:
        print(
            f"| {name} | {scores['performance']} | {scores['accessibility']} | "
            f"{scores['best-practices']} | {scores['seo']} |"
        )
    for name, _, missed in rows:
        for line in missed:
            print(f"  {name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
