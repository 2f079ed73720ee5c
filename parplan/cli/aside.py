"""Writes the command's answer does not wait for, made in a child process while it answers
(issue 23, fifth round).

A view of a plan the cache has no entry for reads the files, then pickles the whole model for
the next commands: at 100,000 items half a second, after which the view still has its own
work to do (a unit's entry, the rows, the table). ``write_aside`` forks, and the child writes
while the parent answers; ``wait_aside`` waits for every child before the process ends, so the
entry is there for the next command, as it is when the write is made in the process itself,
and no process is left behind.

Only on Linux, and only in a process with no other thread (forking one is unsafe): the child
shares the model with the parent, page by page, without copying it. Elsewhere — Windows, which
has no ``fork``; macOS, where system libraries may not survive one — and in the tests' runner,
the write is made at once, as before. The child writes nothing but the cache entry (its own
output is never flushed), and ends with ``os._exit``: it runs no exit handler of the parent's.
A child that fails leaves the cache without the entry, which the next command reads the files
for, as a write that fails in the process does (``cache_files._write_entry``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from contextvars import ContextVar

# The children of this process writing aside: None outside ``cli.app.main`` (then ``write_aside``
# writes at once).
_CHILDREN: ContextVar[list[int] | None] = ContextVar("parplan_aside", default=None)


def start() -> None:
    """Let this process write aside from now on (``cli.app.main``, which then calls
    ``wait_aside`` before it ends)."""
    _CHILDREN.set([])


def write_aside(job: Callable[[], None]) -> None:
    """Run ``job`` (a write of the cache) in a child process, or at once where that cannot be
    done (``can_fork``)."""
    children = _CHILDREN.get()
    if children is None or not can_fork():
        job()
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # what is buffered is the parent's to write, not the child's too
    try:
        pid = os.fork()
    except OSError:
        job()  # (no memory or process left for a child: write here)
        return
    if pid == 0:  # the child
        try:
            job()
        finally:
            os._exit(0)
    children.append(pid)


def wait_aside() -> None:
    """Wait for every child ``write_aside`` started."""
    children = _CHILDREN.get() or []
    while children:
        pid = children.pop()
        with contextlib.suppress(OSError):
            os.waitpid(pid, 0)


def can_fork(platform: str = sys.platform) -> bool:
    """Whether a write can be made in a forked child: on Linux, in a process running no other
    thread."""
    if not platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1
