"""Replaces the built site folder as a whole, one build at a time, so that no build, failed, killed or
run twice at once, leaves a broken or missing site.

Next to the site folder (``site/`` below; the names follow ``site_dir``'s own):

``.site.lock``
    A lock file. A build holds an exclusive ``fcntl.flock`` on it from the moment it starts writing
    until its site is in place or thrown away; the kernel releases it if the process dies, so a
    killed build never blocks the next one. A second build of the same site waits for the first
    (saying so), and fails with a clear message after ``wait_seconds``. The file itself stays.
``.site-building-<random>/``
    The build's own folder, created with the usual permissions (``0o777`` less the umask, as
    ``mkdocs build`` gives, not ``mkdtemp``'s ``0o700``). Only its own build deletes it, except that
    a build holding the lock removes the folders that killed builds left behind (no other build of
    this site can be running then).
``.site-previous/``
    The old site, for the instant between the two renames of the swap.

The swap, under the lock: (1) rename ``site`` to ``.site-previous``; (2) rename the build's folder
to ``site``; (3) delete ``.site-previous``. ``rename(2)`` of a folder is atomic on POSIX file
systems (Linux and macOS alike), so at every instant either ``site/`` is a complete site (the old
or the new), or, between (1) and (2), ``site/`` is missing and ``.site-previous/`` is the complete
old site. A build killed in that instant leaves that state, and the next build renames
``.site-previous`` back before it even reads the content (``tidy_if_idle``, and again under the
lock in ``SiteSwap.begin``); killed during (3), ``site/`` is already the new site and the next
build deletes the leftover. If (2) fails (a full disk, a
read-only folder), (1) is undone at once and the old site stays.

Simpler-looking designs were set aside: a ``site`` symlink switched with ``os.replace`` is one
atomic step, but publishers copy ``site/`` with tools (``rsync`` without a trailing slash, ``tar``,
upload actions) that may copy the link instead of the site; ``renameat2(RENAME_EXCHANGE)`` swaps
two folders atomically but only on Linux (macOS has ``renamex_np``), through ``ctypes``, and not on
every file system.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path

# How long a second build waits for the first before giving up.
LOCK_WAIT_SECONDS = 600.0
_POLL_SECONDS = 0.1


class SiteSwapError(Exception):
    """The site could not be built or replaced; the message says why; the previous site is kept."""


def lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.lock")


def previous_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-previous")


def building_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}-building-"


def _reason(error: OSError) -> str:
    what = error.strerror or str(error)
    return f"{what}: {error.filename}" if error.filename else what


def recover(site_dir: Path) -> None:
    """Put the site back as a killed swap left it: the old site if the new one never arrived.

    Call it only while holding the lock (``SiteSwap.begin`` does).
    """
    previous = previous_path(site_dir)
    if not previous.exists():
        return
    if site_dir.exists():
        shutil.rmtree(previous, ignore_errors=True)  # killed after the swap: the new site is there
    else:
        os.rename(previous, site_dir)  # killed between the two renames: the old site comes back


def _tidy(site_dir: Path) -> None:
    """Repair what killed builds left: the old site back if the swap was cut short, and their
    folders removed. Only while holding the lock: no other build of this site is running then."""
    recover(site_dir)
    for left in site_dir.parent.glob(f"{building_prefix(site_dir)}*"):
        shutil.rmtree(left, ignore_errors=True)


def tidy_if_idle(site_dir: Path) -> None:
    """Repair what killed builds left now, if no build is running (a running build does it itself).

    Run at the start of every build, before the content is even read, so that a site left missing
    by a killed build comes back even when the next build fails.
    """
    site_dir = Path(os.path.abspath(site_dir))
    if not previous_path(site_dir).exists() and not any(
        site_dir.parent.glob(f"{building_prefix(site_dir)}*")
    ):
        return
    try:
        lock_fd = os.open(lock_path(site_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        return  # cannot write there: the build itself will say so
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _tidy(site_dir)
    except OSError:
        pass  # another build holds the lock, and tidies before it writes
    finally:
        os.close(lock_fd)


class SiteSwap:
    """One build of ``site_dir``: its lock, its own folder, and the swap that publishes it."""

    def __init__(self, site_dir: Path, building: Path, lock_fd: int) -> None:
        self.site_dir = site_dir
        self.building = building
        self._lock_fd: int | None = lock_fd

    @property
    def active(self) -> bool:
        """Still holding the lock: neither committed nor abandoned."""
        return self._lock_fd is not None

    @classmethod
    def begin(
        cls,
        site_dir: Path,
        *,
        wait_seconds: float = LOCK_WAIT_SECONDS,
        on_wait: Callable[[], None] | None = None,
    ) -> SiteSwap:
        """Take the lock (waiting for another build), repair what a killed build left, and create
        this build's folder. SiteSwapError if the folder next to ``site_dir`` cannot be written."""
        site_dir = Path(os.path.abspath(site_dir))
        try:
            site_dir.parent.mkdir(parents=True, exist_ok=True)
            lock_fd = os.open(lock_path(site_dir), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as error:
            raise SiteSwapError(
                f"cannot write next to {site_dir.name}/ ({_reason(error)}); the previous site is kept"
            ) from None
        try:
            _wait_for_lock(lock_fd, site_dir, wait_seconds, on_wait)
            _tidy(site_dir)
            building = _new_folder(site_dir)
        except OSError as error:
            os.close(lock_fd)
            raise SiteSwapError(
                f"cannot write next to {site_dir.name}/ ({_reason(error)}); the previous site is kept"
            ) from None
        except BaseException:
            os.close(lock_fd)
            raise
        return cls(site_dir, building, lock_fd)

    def commit(self) -> None:
        """Put the finished build in place of the site, then release the lock."""
        if self._lock_fd is None:
            raise RuntimeError("this build's site was already committed or abandoned")
        site, previous = self.site_dir, previous_path(self.site_dir)
        try:
            recover(site)
            had_site = site.exists()
            if had_site:
                os.rename(site, previous)  # (1)
            try:
                os.rename(self.building, site)  # (2)
            except OSError:
                if had_site:
                    os.rename(previous, site)  # undo (1): the old site stays
                raise
        except OSError as error:
            self.abandon()
            raise SiteSwapError(
                f"could not put the new site in place ({_reason(error)}); the previous site is kept"
            ) from None
        shutil.rmtree(previous, ignore_errors=True)  # (3)
        self._release()

    def abandon(self) -> None:
        """Throw this build's folder away and release the lock; the site stays as it was."""
        if self._lock_fd is None:
            return
        shutil.rmtree(self.building, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the file releases the flock
            self._lock_fd = None


def _wait_for_lock(
    lock_fd: int, site_dir: Path, wait_seconds: float, on_wait: Callable[[], None] | None
) -> None:
    deadline = time.monotonic() + wait_seconds
    waited = False
    while True:
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as error:
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
        if not waited and on_wait is not None:
            on_wait()
        waited = True
        if time.monotonic() >= deadline:
            raise SiteSwapError(
                f"another build of {site_dir.name}/ has been running for over {wait_seconds:g} s "
                f"(it holds {lock_path(site_dir).name}); wait for it to finish, then build again"
            )
        time.sleep(_POLL_SECONDS)


def _new_folder(site_dir: Path) -> Path:
    """This build's own folder, with the permissions a plain ``mkdir`` gives (umask applies)."""
    while True:
        folder = site_dir.with_name(f"{building_prefix(site_dir)}{secrets.token_hex(6)}")
        try:
            folder.mkdir(mode=0o777)
            return folder
        except FileExistsError:
            continue
