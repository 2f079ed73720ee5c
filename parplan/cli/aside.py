"""Writes the command's answer does not wait for, made in a child process while it answers
(issue 23, fifth round).

A view of a plan the cache has no entry for reads the files, checks the model, pickles all of
it for the next commands (at 100,000 items half a second, most of it encoding the items),
then makes its own entry and table. ``write_aside_after`` forks as soon as the files are read:
the child encodes the items while the parent checks them, gets the diagnostics through a pipe,
and writes the entry while the parent makes the view. ``wait_aside`` waits for every child
before the process ends, so the entry is there for the next command, as it is when the write
is made in the process itself, and no process is left behind.

Only on Linux, and only in a process with no other thread (forking one is unsafe): the child
shares the model with the parent, page by page, without copying it. Elsewhere — Windows, which
has no ``fork``; macOS, where system libraries may not survive one — and outside
``cli.app.main`` (the tests' runner, the Python API), no job is started and the caller writes
in the process itself, as the write was made before. The child writes nothing but the cache
entry (its own output is never flushed), and ends with ``posix._exit``: it runs no exit handler
of the parent's. A child that fails, or is sent nothing, leaves the cache without the entry,
which the next command reads the files for, as a write that fails in the process does
(``cache_files._write_entry``).

Lazy imports: ``posix`` and ``fcntl``, which Windows has not: ``posix`` only in a child, to end it
(``_end_child``), ``fcntl`` only in a parent on Linux, to widen the pipe (``_widened``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from contextvars import ContextVar


class _Child:
    """A child writing aside: its process ID, and the end of its pipe this process holds until
    it sends the child its bytes (None: sent, or closed)."""

    def __init__(self, pid: int, end: int) -> None:
        self.pid: int = pid
        self.end: int | None = end

    def close(self) -> int | None:
        """The end of the pipe, now no longer held here (None: it was not)."""
        end, self.end = self.end, None
        return end


# The children of this process writing aside: None outside ``cli.app.main`` (then
# ``write_aside_after`` starts none, and the caller writes in this process).
_CHILDREN: ContextVar[list[_Child] | None] = ContextVar("parplan_aside", default=None)


def start() -> None:
    """Let this process write aside from now on (``cli.app.main``, which then calls
    ``wait_aside`` before it ends)."""
    _CHILDREN.set([])


def write_aside_after(
    job: Callable[[Callable[[], bytes | None]], None],
) -> Callable[[bytes], None] | None:
    """Start ``job`` now in a child process, and give the function this process calls, later,
    with the bytes the job needs to finish (a pickle: the diagnostics of the model the child is
    storing); the job reads them by calling the function it is given, which waits for them
    (None: this process ended without sending them). None, and no job started, where no child
    can be made (``can_fork``, or a fork refused): the caller then does the work itself, with
    no bytes to make.

    The bytes go through a pipe only this process and the child hold: no other process can
    write to it. The pipe is made to hold a megabyte where Linux allows (the diagnostics of
    18,000 warnings take 0.7 MB), so that this process does not wait for the child to read."""
    children = _CHILDREN.get()
    if children is None or not can_fork():
        return None
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # what is buffered is the parent's to write, not the child's too
    try:
        reading, writing = os.pipe()
    except OSError:  # (no descriptor left: write here)
        return None
    _widened(writing)
    try:
        pid = os.fork()
    except OSError:  # (no memory or process left for a child: write here)
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child
        try:
            os.close(writing)
            job(lambda: _received(reading))
        finally:
            _end_child()
    os.close(reading)
    child = _Child(pid, writing)
    children.append(child)

    def send(data: bytes) -> None:
        end = child.close()
        if end is not None:
            with contextlib.suppress(OSError), os.fdopen(end, "wb") as pipe:
                pipe.write(len(data).to_bytes(8, "little") + data)

    return send


def _widened(pipe: int) -> None:
    """Let the pipe hold a megabyte, where the system allows it (Linux: ``F_SETPIPE_SZ``, up
    to ``/proc/sys/fs/pipe-max-size``; else it keeps its 64 KB)."""
    import fcntl  # lazy: no such module on Windows; only a parent on Linux (``can_fork``)

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, setting, 1 << 20)


def _end_child() -> None:
    """End the child at once. ``posix._exit`` rather than ``os._exit``: a harness running
    ``cli.app.main`` in process may have replaced ``os._exit`` (a profiler, a test; review of
    issue 23), and the child must never return into the program it was forked from."""
    import posix  # lazy: no such module on Windows; only a child (Linux: ``can_fork``) ends here

    posix._exit(0)


def _received(reading: int) -> bytes | None:
    """What the parent sent (``write_aside_after``), or None when it sent nothing whole."""
    with os.fdopen(reading, "rb") as pipe:
        size = pipe.read(8)
        if len(size) != 8:
            return None
        data = pipe.read(int.from_bytes(size, "little"))
    return data if len(data) == int.from_bytes(size, "little") else None


def wait_aside() -> None:
    """Wait for every child ``write_aside_after`` started. A child still waiting for its bytes
    gets none: it ends without writing. Ctrl-C meanwhile raises KeyboardInterrupt here (the
    children, in the same process group, got it too: they end without writing); ``cli.app.main``
    then ends as an interrupted command does."""
    children = _CHILDREN.get() or []
    while children:
        child = children.pop()
        end = child.close()
        if end is not None:
            with contextlib.suppress(OSError):
                os.close(end)
        with contextlib.suppress(OSError):
            os.waitpid(child.pid, 0)


def may_fork() -> bool:
    """Whether this process may make a child for work of its own (``cli.app.main`` started,
    ``can_fork``): the export's SQL (``io.export_writer``)."""
    return _CHILDREN.get() is not None and can_fork()


def can_fork(platform: str = sys.platform) -> bool:
    """Whether a write can be made in a forked child: on Linux, in a process running no other
    thread."""
    if not platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1
