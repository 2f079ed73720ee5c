"""Where the export's SQL runs: in this process, or in a child process that the rows are
streamed to (issue 23, seventh round).

``export._fill`` makes the rows in Python and SQLite stores them: at 100,000 items about 5 s
and 3 s (the inserts, the full-text index, the indexes), one after the other. ``forked``: SQLite
runs in a child process, on the other core, while this one makes the next rows. Each step (a
function of ``export`` taking the database first, and its arguments: a table's rows made so far)
is pickled to the child through a pipe and run there, in the order sent, on the child's own
connection, in one transaction (as here). The child ends by sending back its outcome: nothing,
or the exception a step raised, which ``finish`` raises here, so that a full disk reads as it
did. Nothing is committed unless this process said it was done (``finish``): a failure here
(Ctrl-C, an error making a row) leaves the child to roll back and end.

``start`` makes the child before the plans are loaded (``parplan export`` does): it then shares
no page of the model with this process, which would otherwise copy each page it reads in the
model as it makes the rows (an object read is an object written: its reference count), 2 to 3 s
more processor time at 100,000 items. The child opens the database when told to (the first
message: ``steps_into``); a writer never used is ended by ``abandon``.

Only where the caller says a child may be made (``cli.aside.may_fork``: Linux, a process with no
other thread, under ``cli.app.main``), and a fork is not refused: elsewhere (Windows, the tests'
runner, the Python API) the steps run here, one after the other, as before. The database the
two ways write holds the same rows (``tests/test_export_writer.py``).

Lazy imports: ``posix`` and ``fcntl``, which Windows has not, only in a forked child and its
parent (Linux); ``threading`` and ``queue``, only in a forked child.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

# What the parent sends after the last step: without it, the child commits nothing.
_DONE = "done"


class Steps(Protocol):
    """Runs the export's steps on the database, in the order given."""

    def run(self, step: Callable[..., None], *args: Any) -> None: ...


class _Here:
    """The steps run at once, in this process."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def run(self, step: Callable[..., None], *args: Any) -> None:
        step(self.db, *args)


class Writer:
    """A child process running the steps pickled to it (``_serve``)."""

    def __init__(self, pid: int, sending: BinaryIO, outcome: int) -> None:
        self.pid: int | None = pid  # (None: waited for)
        self.sending: BinaryIO | None = sending
        self.outcome: int | None = outcome  # (None: closed, or given to a file object to close)
        self.given = False  # (True: its first step sent)
        self.ignoring = False  # (True: SIGCHLD was ignored, and is again once waited for)

    @property
    def spent(self) -> bool:
        """Whether the writer was given an export (its first step sent), or ended: it serves
        one export (review of issue 23, seventh round)."""
        return self.given or self.pid is None

    def run(self, step: Callable[..., None], *args: Any) -> None:
        self.given = True
        self._send((step, args))

    def _send(self, message: object) -> None:
        if self.sending is None:
            return  # the child ended early: ``finish`` raises what it sent back
        try:
            pickle.dump(message, self.sending, protocol=pickle.HIGHEST_PROTOCOL)
        except BrokenPipeError:
            self._close()

    def _close(self) -> None:
        sending, self.sending = self.sending, None
        if sending is not None:
            with contextlib.suppress(OSError):
                sending.close()

    def finish(self) -> None:
        """Say every step was sent, wait for the child, and raise what it failed with.
        Interrupted meanwhile (Ctrl-C while the child commits): the child is waited for all the
        same (``abandon``), never left running once this process has ended (review of issue 23,
        seventh round)."""
        try:
            self._send(_DONE)
            self._close()
            outcome, self.outcome = self.outcome, None
            assert outcome is not None
            with os.fdopen(outcome, "rb") as pipe:
                data = pipe.read()
        except BaseException:
            self.abandon()
            raise
        self._wait()
        error = _error_of(data)
        if error is not None:
            raise error

    def abandon(self) -> None:
        """This process failed, or never used the writer: the child is ended, its work (a
        temporary database) lost. Nothing to do once ``finish`` has waited for it. Ended, not
        left to see the pipe close: a child this process made after it (``cli.aside``, a cache
        entry written aside) holds the pipe's end too, and may itself wait for this process."""
        self._close()
        outcome, self.outcome = self.outcome, None
        if outcome is not None:
            with contextlib.suppress(OSError):
                os.close(outcome)
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
        self._wait()

    def _wait(self) -> None:
        pid, self.pid = self.pid, None
        if pid is not None:  # (once: the number may be another child's afterwards)
            with contextlib.suppress(OSError, ChildProcessError):
                os.waitpid(pid, 0)
            _ignore_children(self.ignoring)


# review of issue 23, seventh round: the SQLite errors that say the file could not be written,
# by primary result code (``sqlite_errorcode``, Python 3.11+) or, on 3.10, by SQLite's message
# for that code: a full disk (SQLITE_FULL), a write refused (SQLITE_IOERR: a bad sector, a file
# larger than ``ulimit -f`` allows), the file not openable or not writable (SQLITE_CANTOPEN,
# SQLITE_READONLY). Each is raised as the OSError a failed write of any other file is, so the
# command says it could not write the database instead of showing a traceback.
_WRITE_FAILURES = {13: errno.ENOSPC, 10: errno.EIO, 14: errno.EIO, 8: errno.EACCES}
_WRITE_FAILURE_MESSAGES = {
    "database or disk is full": 13,
    "disk I/O error": 10,
    "unable to open database file": 14,
    "attempt to write a readonly database": 8,
}


def write_failure(error: sqlite3.Error, destination: Path) -> OSError | None:
    """The OSError naming ``destination`` that ``error`` is, if it says the database could not be
    written (a full disk: the system's own words for it); None for any other SQLite error."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        number = _WRITE_FAILURES.get(code & 0xFF)
    else:
        number = _WRITE_FAILURES.get(_WRITE_FAILURE_MESSAGES.get(str(error), -1))
    if number is None:
        return None
    reason = os.strerror(number) if number == errno.ENOSPC else str(error)
    return OSError(number, reason, str(destination))


def _error_of(data: bytes) -> BaseException | None:
    """The exception a child sent back (None: it sent that it succeeded). A child that ended
    without a word (killed) failed as a write does."""
    if data == b"ok":
        return None
    with contextlib.suppress(Exception):
        error = pickle.loads(data)
        if isinstance(error, BaseException):
            return error
    # (the system's words for it, as for any other write that fails: not English in a
    # Vietnamese message of parplan's own; review8 of issue 23, seventh round)
    return OSError(errno.EIO, os.strerror(errno.EIO))


@contextlib.contextmanager
def steps_into(open_db: Callable[[str], Any], path: str, writer: Writer | None) -> Iterator[Steps]:
    """The steps that fill the database ``open_db(path)`` opens (a function of a module: it is
    pickled to the writer), in one transaction committed when the block ends without an
    exception (and then closed). ``writer``: in that child process (``start``); None: here."""
    if writer is None:
        db = open_db(path)
        try:
            with db.atomic():
                yield _Here(db)
        finally:
            db.close()  # also on a failure: Windows removes no file a connection holds open
        return
    writer.run(open_db, path)  # the first message: what the steps run on
    try:
        yield writer
    except BaseException:
        writer.abandon()
        raise
    writer.finish()


def start() -> Writer | None:
    """A child ready to run an export's steps (``_serve``), made now; None when no pipe or
    process can be had, or the system makes none (Windows: no ``os.fork``, no ``fcntl``)."""
    if not hasattr(os, "fork"):
        return None
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()  # what is buffered is this process's to write, not the child's too
    try:
        steps_read, steps_written = os.pipe()
    except OSError:
        return None
    try:
        outcome_read, outcome_written = os.pipe()
    except OSError:
        os.close(steps_read)
        os.close(steps_written)
        return None
    _widened(steps_written)
    ignoring = _children_kept()
    try:
        pid = os.fork()
    except OSError:
        _ignore_children(ignoring)
        for end in (steps_read, steps_written, outcome_read, outcome_written):
            os.close(end)
        return None
    if pid == 0:  # the child
        try:
            os.close(steps_written)
            os.close(outcome_read)
            _serve(steps_read, outcome_written)
        finally:
            import posix  # lazy: only a forked child (Linux) ends here

            posix._exit(0)
    os.close(steps_read)
    os.close(outcome_written)
    writer = Writer(pid, os.fdopen(steps_written, "wb"), outcome_read)
    writer.ignoring = ignoring
    return writer


# review8 of issue 23, seventh round: a process started with SIGCHLD ignored (a disposition
# inherited across exec) has its children reaped by the system as they end: the writer's number
# could then be another process's when ``abandon`` kills it. Until the writer is waited for,
# children are not ignored (an ended writer stays a zombie, its number not reused).
def _children_kept() -> bool:
    """Stop ignoring SIGCHLD, if it was: whether it was (``_ignore_children`` then restores)."""
    number = getattr(signal, "SIGCHLD", None)
    if number is None or signal.getsignal(number) != signal.SIG_IGN:
        return False
    try:
        signal.signal(number, signal.SIG_DFL)
    except ValueError:  # (not the main thread: left as it is)
        return False
    return True


def _ignore_children(ignoring: bool) -> None:
    """Ignore SIGCHLD again, as the process did before ``_children_kept``."""
    if ignoring:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGCHLD, signal.SIG_IGN)


def _serve(steps: int, outcome: int) -> None:
    """Open the database as the first message says (``steps_into``), run the steps read after
    it from the pipe ``steps`` in one transaction, committed on ``_DONE``;
    write the outcome to ``outcome``: ``ok``, or the pickled exception. The pipe is read by a
    thread of its own, as fast as the parent writes: the parent never waits for a step to run
    before it sends the next (the rows of 100,000 items take a second to store)."""
    import threading  # lazy: only a forked child reads its pipe in a thread
    from queue import SimpleQueue  # lazy: as threading

    received: SimpleQueue[object] = SimpleQueue()

    def read() -> None:
        with os.fdopen(steps, "rb") as pipe:
            while True:
                try:
                    message = pickle.load(pipe)
                except BaseException as error:  # (EOFError: the parent failed: roll back)
                    received.put(error)
                    return
                received.put(message)
                if message == _DONE:
                    return

    def next_step() -> tuple[Callable[..., Any], tuple[Any, ...]] | None:
        message = received.get()
        if isinstance(message, BaseException):
            raise message
        if message == _DONE:
            return None
        return cast(tuple[Callable[..., Any], tuple[Any, ...]], message)

    threading.Thread(target=read, daemon=True).start()
    try:
        first = next_step()
        if first is None:
            raise EOFError("no database to open")
        open_db, (path,) = first
        db = open_db(path)
        try:
            with db.atomic():
                while (step := next_step()) is not None:
                    step[0](db, *step[1])
        finally:
            db.close()
        result = b"ok"
    except BaseException as error:  # sent back, raised by the parent
        try:
            result = pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:
            result = pickle.dumps(OSError(errno.EIO, f"{type(error).__name__}: {error}"))
    with contextlib.suppress(OSError), os.fdopen(outcome, "wb") as pipe:
        pipe.write(result)


def _widened(pipe: int) -> None:
    """Let the pipe hold a megabyte where Linux allows it (``F_SETPIPE_SZ``): this process then
    waits less for the child to read."""
    import fcntl  # lazy: no such module on Windows; only a parent about to fork (Linux)

    setting = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setting is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(pipe, setting, 1 << 20)
