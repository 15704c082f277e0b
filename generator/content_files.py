"""Reads content files and folders defensively: only regular files and folders inside the content folder,
never through a symbolic link, never more than ``MAX_FILE_BYTES``, never blocking.

A symlink (to ``/dev/zero``, to a folder, to itself, to a file outside ``content/``), a FIFO, a device,
an unreadable file, a folder where a file belongs and a file too large are each an
``UnreadableEntry`` with a sentence an editor can act on; nothing here can hang or fill the memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

# Far above any real content file (the largest is a few kilobytes), far below what hurts.
MAX_FILE_BYTES = 1_000_000

# O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: a symlink swapped in after the
# check below still is not followed. Both are POSIX (Linux and macOS).
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
)


class UnreadableEntry(Exception):
    """A content file or folder that is not read; the message says why and what to do."""


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _refuse_link(path: Path) -> os.stat_result:
    """The entry's own status (not its target's); a symlink is refused."""
    try:
        status = path.lstat()
    except FileNotFoundError:
        raise UnreadableEntry("the file is missing") from None
    except OSError as error:
        raise UnreadableEntry(f"cannot be read ({error.strerror or error})") from None
    if stat.S_ISLNK(status.st_mode):
        raise UnreadableEntry(
            "a symbolic link: content is read only from regular files inside the "
            "content folder; put the file itself here"
        )
    return status


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path``, at most MAX_FILE_BYTES; UnreadableEntry otherwise."""
    status = _refuse_link(path)
    if not stat.S_ISREG(status.st_mode):
        expected = "a file" if stat.S_ISDIR(status.st_mode) else "a regular file"
        raise UnreadableEntry(f"{_what(status.st_mode)}, where {expected} is expected")
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK):  # replaced by a symlink since the check
            raise UnreadableEntry("a symbolic link: put the file itself here") from None
        reason = "permission denied" if error.errno == errno.EACCES else error.strerror or str(error)
        raise UnreadableEntry(f"cannot be read ({reason})") from None
    try:
        opened = os.fstat(descriptor)
        if not stat.S_ISREG(opened.st_mode):  # replaced by something else since the check
            raise UnreadableEntry(f"{_what(opened.st_mode)}, where a regular file is expected")
        if opened.st_size > MAX_FILE_BYTES:
            raise UnreadableEntry(_too_large(opened.st_size))
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:  # the file may have grown since fstat
            chunk = os.read(descriptor, max(opened.st_size, 4096) + 1)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise UnreadableEntry(f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    if size > MAX_FILE_BYTES:
        raise UnreadableEntry(_too_large(size))
    return b"".join(chunks)


def _too_large(size: int) -> str:
    return (
        f"the file is too large ({size:,} bytes; a content file may hold at most "
        f"{MAX_FILE_BYTES:,}): split it, or check that it is the file you meant"
    )


def check_folder(path: Path) -> None:
    """Raise UnreadableEntry unless ``path`` is a real folder (not a symlink to one) we may list."""
    status = _refuse_link(path)
    if not stat.S_ISDIR(status.st_mode):
        raise UnreadableEntry(f"{_what(status.st_mode)}, where a folder is expected")


def list_folder(path: Path) -> list[Path]:
    """The entries of the real folder ``path``, sorted; UnreadableEntry if it cannot be listed."""
    check_folder(path)
    try:
        return sorted(path.iterdir())
    except OSError as error:
        reason = "permission denied" if error.errno == errno.EACCES else error.strerror or str(error)
        raise UnreadableEntry(f"the folder cannot be read ({reason})") from None
