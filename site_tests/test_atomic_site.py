"""The built site is replaced whole or not at all: builds at once, killed builds, a full disk and a
read-only folder all leave a complete ``site/``, with the permissions a web server can read.
"""

from __future__ import annotations

import fcntl
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.atomic_site import SiteSwap, lock_path, previous_path

from .conftest import MKDOCS, SOURCE_DATE_EPOCH, BuiltSite, build_site, copy_project
from .helpers import without_dac_override

# Slow: each test starts real builds (and kills some). The fast loop leaves it out.
pytestmark = pytest.mark.slow

TIMEOUT = 120


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")}


def leftovers(site: Path) -> list[str]:
    """What a build left next to the site, apart from its lock file."""
    return sorted(
        p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}") and p != lock_path(site)
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("atomic") / "project")


@pytest.fixture(scope="module")
def good(project: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """One good build of the project, to copy as 'the previous site' and to compare with."""
    built = build_site(project, tmp_path_factory.mktemp("good") / "site")
    assert built.returncode == 0, built.log
    return built


@pytest.fixture
def previous(good: BuiltSite, tmp_path: Path) -> Path:
    """A copy of the good site, where a test's build writes: the previous site it must keep."""
    site = tmp_path / "out" / "site"
    shutil.copytree(good.root, site)
    return site


def start_build(
    project: Path, site: Path, env: dict[str, str] | None = None, preexec: Callable[[], None] | None = None
) -> subprocess.Popen[str]:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    environment.update({"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, **(env or {})})
    return subprocess.Popen(
        [*MKDOCS, "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=preexec,
    )


def finish(build: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = build.communicate(timeout=TIMEOUT)
    return build.returncode, output


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def building_folders(site: Path) -> list[Path]:
    return list(site.parent.glob(f".{site.name}-building-*"))


def assert_intact(site: Path, good: BuiltSite) -> None:
    assert files_of(site) == files_of(good.root)
    assert (site / "index.html").read_bytes() == (good.root / "index.html").read_bytes()


# ---- two builds at once ------------------------------------------------------------------------


def test_two_builds_at_once_end_with_a_complete_site_and_a_clear_outcome_for_each(project, previous, good):
    first = start_build(project, previous)
    wait_until(lambda: building_folders(previous) or first.poll() is not None, "the first build")
    second = start_build(project, previous)  # the first holds the lock while it writes
    (code_1, log_1), (code_2, log_2) = finish(first), finish(second)
    assert (code_1, code_2) == (0, 0), log_1 + log_2
    assert "another build of site/ is running: waiting for it to finish" in log_2
    assert "Traceback" not in log_1 + log_2
    assert_intact(previous, good)
    assert leftovers(previous) == []


def test_a_build_that_waits_too_long_fails_clearly_and_keeps_the_site(project, previous, good):
    with lock_path(previous).open("w") as held:  # as another build would
        fcntl.flock(held, fcntl.LOCK_EX)
        code, output = finish(start_build(project, previous, env={"BACKGUIDE_BUILD_WAIT_SECONDS": "1"}))
    assert code == 1
    assert "another build of site/ has been running for over 1 s" in output
    assert "Traceback" not in output
    assert_intact(previous, good)
    assert leftovers(previous) == []


def test_one_build_never_deletes_another_builds_folder(project, previous, tmp_path):
    # The defect: every build deleted every .site-building-* folder, the running build's too.
    swap = SiteSwap.begin(previous)
    (swap.building / "index.html").write_text("the other build's page", encoding="utf-8")
    try:
        other = start_build(project, tmp_path / "elsewhere" / "site")  # another site: no wait
        assert finish(other)[0] == 0
        assert (swap.building / "index.html").is_file()
    finally:
        swap.abandon()
    assert not swap.building.exists()


# ---- killed builds -----------------------------------------------------------------------------

KILLED_AT_THE_SWAP = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from generator import atomic_site

    site = Path(sys.argv[1])
    swap = atomic_site.SiteSwap.begin(site)
    (swap.building / "index.html").write_text("new", encoding="utf-8")
    renames = []
    real_rename = os.rename

    def rename_then_die(source, target):
        real_rename(source, target)
        renames.append(target)
        if len(renames) == 1:  # between the two renames of the swap
            os.kill(os.getpid(), signal.SIGKILL)

    atomic_site.os.rename = rename_then_die
    swap.commit()
""")


def test_a_build_killed_between_the_two_renames_gets_its_site_back(project, previous, good):
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT_THE_SWAP, str(previous)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # The one moment without a site/: the old site is whole, beside it.
    assert not previous.exists()
    assert_intact(previous_path(previous), good)

    # The next build puts it back before anything else, even when that build fails.
    content = project / "content" / "methods" / "plank.yaml"
    text = content.read_text(encoding="utf-8")
    content.write_text(text.replace("key_cue:", "key_cu:"), encoding="utf-8")
    try:
        code, output = finish(start_build(project, previous))
    finally:
        content.write_text(text, encoding="utf-8")
    assert code == 1 and "did you mean 'key_cue'" in output
    assert_intact(previous, good)
    assert leftovers(previous) == []


@pytest.mark.parametrize("seconds", [0.0, 0.6, 1.2])
def test_a_build_killed_at_any_moment_leaves_a_complete_site(project, previous, good, seconds):
    build = start_build(project, previous)
    wait_until(lambda: building_folders(previous) or build.poll() is not None, "the build to start")
    time.sleep(seconds)
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=TIMEOUT)
    shown = previous if previous.exists() else previous_path(previous)
    assert_intact(shown, good)
    # The next build starts from a clean slate and ends with a complete site.
    code, output = finish(start_build(project, previous))
    assert code == 0, output
    assert_intact(previous, good)
    assert leftovers(previous) == []


# ---- permissions, a full disk, a read-only folder ----------------------------------------------


def test_the_site_has_the_permissions_a_web_server_can_read(site):
    umask = os.umask(0)
    os.umask(umask)
    wrong = []
    for path in [site.root, *site.root.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        if mode != expected:
            wrong.append(f"{path.relative_to(site.root)}: {mode:o} (expected {expected:o})")
    assert not wrong, wrong[:10]


def test_the_site_follows_the_umask(project, previous):
    def umask_022() -> None:
        os.umask(0o022)

    code, output = finish(start_build(project, previous, preexec=umask_022))
    assert code == 0, output
    assert stat.S_IMODE(previous.stat().st_mode) == 0o755
    assert {stat.S_IMODE(p.stat().st_mode) for p in previous.rglob("*") if p.is_file()} == {0o644}
    assert {stat.S_IMODE(p.stat().st_mode) for p in previous.rglob("*") if p.is_dir()} == {0o755}


def test_a_full_disk_is_a_clear_error_and_keeps_the_site(project, previous, good):
    def small_disk() -> None:
        # Writes past 100 kB fail as on a full disk (an OSError; Python ignores SIGXFSZ).
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    code, output = finish(start_build(project, previous, preexec=small_disk))
    assert code == 1
    assert "could not write the site (File too large" in output
    assert "the previous site was kept" in output
    assert "Traceback" not in output
    assert_intact(previous, good)
    assert leftovers(previous) == []


def test_a_read_only_folder_is_a_clear_error_and_keeps_the_site(project, previous, good):
    folder = previous.parent
    folder.chmod(0o555)
    try:
        code, output = finish(start_build(project, previous, preexec=without_dac_override()))
    finally:
        folder.chmod(0o755)
    assert code == 1
    assert "cannot write next to site/ (Permission denied" in output
    assert "Traceback" not in output
    assert_intact(previous, good)
