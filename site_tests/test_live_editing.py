"""`mkdocs serve` for editors: a saved change shows up; a broken file keeps the last good site."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import MKDOCS, copy_project

# Slow: each test runs `mkdocs serve` and edits files under it. The fast loop leaves it out.
pytestmark = pytest.mark.slow

TIMEOUT = 60  # generous: the benchmark, not this test, measures the speed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        yield project, f"http://127.0.0.1:{port}", tmp_path / "serve.log"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.build
def test_saving_shows_the_change_and_a_broken_file_keeps_the_last_good_site(served):
    project, base, log = served
    page = f"{base}/methods/plank.html"
    method = project / "content" / "methods" / "plank.yaml"
    original = method.read_text(encoding="utf-8")
    wait_for(lambda: "<h1" in fetch(page), "the first build")

    method.write_text(original.replace("title: Plank", "title: Plank, edited live", 1), "utf-8")
    wait_for(lambda: "Plank, edited live" in fetch(page), "the edited title")

    method.write_text(original.replace("key_cue:", "key_cu:", 1), encoding="utf-8")
    wait_for(lambda: "did you mean 'key_cue'" in log.read_text(encoding="utf-8"), "the error report")
    assert "Plank, edited live" in fetch(page), "the last good page is still served"

    method.write_text(original.replace("title: Plank", "title: Plank, fixed", 1), "utf-8")
    wait_for(lambda: "Plank, fixed" in fetch(page), "the fixed page")


@pytest.mark.build
def test_cards_under_serve_carry_no_qr_code_pointing_at_this_computer(served):
    _project, base, log = served
    card = f"{base}/cards/desk-break.html"
    wait_for(lambda: "routine-card" in fetch(card), "the card")
    assert "card-qr" not in fetch(card)
    assert "the routine cards carry no QR code (it would point at this computer)" in log.read_text()


@pytest.mark.build
def test_hostile_files_under_serve_are_reported_and_the_last_good_site_stays(served):
    project, base, log = served
    page = f"{base}/methods/plank.html"
    content = project / "content"
    method = content / "methods" / "plank.yaml"
    original = method.read_text(encoding="utf-8")
    wait_for(lambda: "<h1" in fetch(page), "the first build")

    # An impossible date (a traceback that stopped the server, before), a duplicate safety value,
    # a FIFO and a symlink to /dev/zero (a hang and 14 GB of memory, before).
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + 'emergency_number: "112"\n', encoding="utf-8")
    os.mkfifo(content / "methods" / "pipe.yaml")
    (content / "methods" / "zero.yaml").symlink_to("/dev/zero")
    edited = original.replace("title: Plank", "title: Plank, edited live", 1)
    method.write_text(re.sub(r"reviewed: [\d-]+", "reviewed: 2026-13-45", edited, count=1), "utf-8")
    wait_for(lambda: "is not a real date" in log.read_text(encoding="utf-8"), "the error report")
    report = log.read_text(encoding="utf-8")
    assert "content/site.yaml:" in report and "'emergency_number' is written twice" in report
    assert "content/methods/pipe.yaml:1:1: (file): a named pipe (FIFO)" in report
    assert "content/methods/zero.yaml:1:1: (file): a symbolic link" in report
    assert "Traceback" not in report
    page_now = fetch(page)
    assert "<h1" in page_now and "edited live" not in page_now, "the last good page is still served"

    (content / "methods" / "pipe.yaml").unlink()
    (content / "methods" / "zero.yaml").unlink()
    site.write_text(site.read_text(encoding="utf-8").replace('emergency_number: "112"\n', ""), "utf-8")
    method.write_text(original.replace("title: Plank", "title: Plank, fixed", 1), "utf-8")
    wait_for(lambda: "Plank, fixed" in fetch(page), "the fixed page")
