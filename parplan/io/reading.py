"""Reading a plan or units file: a regular file, of a bounded size, and never a wait.

A plan or units file that is a device (``ln -s /dev/zero data/units.yaml``, committed in a
repository, or ``--plan /dev/zero``) was read until memory ran out, and a named pipe (FIFO) made
parplan wait forever. ``read_file`` looks at what the path is before opening it (``os.stat``,
which follows links) and refuses anything that is not a regular file; it opens it without
waiting where the system allows (``O_NONBLOCK`` on POSIX, so a pipe swapped in between the
look and the open is no wait either), looks again at what it opened, and reads at most
``MAX_FILE_BYTES``. The refusals are ``Unreadable`` errors, an ``OSError`` whose ``reason`` the
loader reports as ``file-unreadable`` (``not-regular``, ``too-large``).

Kept apart from ``io.files`` (the writers) so that the cached views, which read both files on
every run, import nothing more than ``os`` and ``stat`` for it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# 256 MiB: five times a plan of 100,000 items (49 MB) in fmt's layout. A larger file is no plan
# anyone keeps by hand; reading it would only exhaust the machine.
MAX_FILE_BYTES = 256 * 1024 * 1024
_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


class Unreadable(OSError):
    """A path that is not a regular file (``not-regular``), or a file larger than
    ``MAX_FILE_BYTES`` (``too-large``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def read_file(path: str | Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (through links). Raises ``FileNotFoundError``
    and the other ``OSError`` of reading, and ``Unreadable``.

    Example: ``read_file("data/plan-2025.yaml")``; ``read_file("/dev/zero")`` raises
    ``Unreadable("not-regular")``."""
    limit = MAX_FILE_BYTES if limit is None else limit
    _check(os.stat(path), limit)
    handle = os.open(path, _FLAGS)
    with os.fdopen(handle, "rb") as stream:
        _check(os.fstat(stream.fileno()), limit)
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise Unreadable("too-large")  # grown since it was looked at
    return data


def _check(seen: os.stat_result, limit: int) -> None:
    if not stat.S_ISREG(seen.st_mode):
        raise Unreadable("not-regular")
    if seen.st_size > limit:
        raise Unreadable("too-large")
