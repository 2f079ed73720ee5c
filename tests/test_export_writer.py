"""The export's SQL run in a child process (``io.export_writer``, issue 23, seventh round): the
same database as when it runs in the process itself, and every failure, the child's or this
process's, raised here with nothing written and no process left behind."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import sqlite3
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import Loaded
from parplan.io import export
from parplan.io.cache import load_checked
from parplan.io.export import export_sqlite

DAY = date(2025, 6, 30)

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork") or threading.active_count() > 1,
    reason="a child process is forked only on a system with fork, in a process of one thread",
)


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[Loaded]:
    """The real plan and a copy of it under another name: two plans in one database."""
    folder = tmp_path_factory.mktemp("plans")
    other = folder / "plan-other.yaml"
    other.write_bytes(PLAN.read_bytes())
    loaded = [load_checked(PLAN, UNITS, DAY), load_checked(other, UNITS, DAY)]
    for one in loaded:
        assert not one.errors, one.errors
    return loaded


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def _children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return False  # no child at all
    return True  # a child still running (pid 0), or one that was never waited for


def _nothing_written(folder: Path) -> bool:
    return sorted(path.name for path in folder.iterdir()) == []


@pytest.fixture(scope="module")
def here(plans: list[Loaded], tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    database = tmp_path_factory.mktemp("here") / "plans.db"
    export_sqlite(plans, database, DAY)
    return _dump(database)


# The rows of units sent at a time: the usual count (each plan's in one piece), and a few at a
# time (hundreds of pieces, the tables' rows interleaved in the child as they come).
@pytest.mark.parametrize("sent_at", [20_000, 7])
def test_the_child_writes_the_same_database(
    plans: list[Loaded],
    here: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sent_at: int,
) -> None:
    monkeypatch.setattr(export, "_SENT_AT", sent_at)
    database = tmp_path / "plans.db"
    written = export_sqlite(plans, database, DAY, forked=True)
    assert _dump(database) == here
    # by hand: 132 items in each plan, one row each
    assert written.counts["items"] == 2 * 132
    assert not _children_left()


def _full_disk(db: Any) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _killed(db: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize(
    ("step", "raised", "message"),
    [
        # (review of issue 23, seventh round: SQLite's full disk raised as the system's)
        (_full_disk, OSError, os.strerror(28)),
        (_killed, OSError, os.strerror(errno.EIO)),  # (the system's words, not parplan's)
    ],
    ids=["a step fails", "the child is killed"],
)
def test_what_the_child_fails_with_is_raised_here(
    plans: list[Loaded],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    step: Any,
    raised: type[BaseException],
    message: str,
) -> None:
    monkeypatch.setattr(export, "_indexes", step)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(raised, match=message):
        export_sqlite(plans, folder / "plans.db", DAY, forked=True)
    assert _nothing_written(folder)
    assert not _children_left()


def test_a_failure_here_ends_the_child_and_writes_nothing(
    plans: list[Loaded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> list[tuple[str, str]]:
        raise RuntimeError("a row could not be made")

    monkeypatch.setattr(export, "fold_char_rows", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(RuntimeError, match="a row could not be made"):
        export_sqlite(plans, folder / "plans.db", DAY, forked=True)
    assert _nothing_written(folder)
    assert not _children_left()


# --- review of issue 23, seventh round ---------------------------------------------------------

ORIGINAL_OPENED = export._opened


def _small(path: str) -> Any:
    """The database, limited to 20 pages of 4 KB (80 KB): two copies of the real plan (290 KB
    each) fill it, and SQLite fails in the child as on a full disk (SQLITE_FULL)."""
    db = ORIGINAL_OPENED(path)
    db.execute("PRAGMA max_page_count = 20")
    return db


def test_a_full_disk_in_the_child_is_an_os_error_naming_the_database(
    plans: list[Loaded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_opened", _small)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OSError) as raised:
        export_sqlite(plans, folder / "plans.db", DAY, forked=True)
    assert raised.value.errno == 28  # ENOSPC
    assert raised.value.filename == str(folder / "plans.db")
    assert _nothing_written(folder)
    assert not _children_left()


ORIGINAL_TARGETS = export._write_targets


def _slow_targets(db: Any, rows: Any) -> None:
    """The child's last step, a second longer."""
    time.sleep(1.0)
    ORIGINAL_TARGETS(db, rows)


class _Interrupted(Exception):
    """What the timer below raises, as Ctrl-C would raise KeyboardInterrupt."""


def test_interrupted_while_the_child_commits_the_child_is_waited_for(
    plans: list[Loaded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while this process waits for the child's outcome (``finish``): the child is
    waited for before the failure goes on, never left running after this process ends."""
    from parplan.io import export_writer

    original_finish = export_writer.Writer.finish

    def interrupted(self: Any) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # (timers are not inherited by a child)
        original_finish(self)

    def alarm(number: int, frame: Any) -> None:
        raise _Interrupted

    monkeypatch.setattr(export, "_write_targets", _slow_targets)
    monkeypatch.setattr(export_writer.Writer, "finish", interrupted)
    previous = signal.signal(signal.SIGALRM, alarm)
    folder = tmp_path / "out"
    folder.mkdir()
    try:
        with pytest.raises(_Interrupted):
            export_sqlite(plans, folder / "plans.db", DAY, forked=True)
        left = _children_left()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, 0)[0]:  # (before the fix: the child still running)
                pass
    assert not left
    assert _nothing_written(folder)


@pytest.mark.skipif(sys.platform != "linux", reason="the export forks a child on Linux only")
def test_the_command_says_a_write_refused_in_the_child_without_a_traceback(
    tmp_path: Path,
) -> None:
    """`parplan export` (forking its SQL to a child) with files limited to 100 KB (`ulimit -f`):
    the child's write is refused (EFBIG; SQLite: "disk I/O error"), and the command says it
    could not write the database, exit 1."""
    import resource
    import subprocess

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, resource.RLIM_INFINITY))

    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plans.db"
    argv = [sys.executable, "-m", "parplan", "export", "--sqlite", str(target), "--plan", str(PLAN)]
    argv += ["--as-of", "2025-06-30", "--lang", "en"]
    # (no bytecode written under the limit: CPython's own writes of it would be cut short)
    env = dict(os.environ, PARPLAN_CACHE_DIR=str(tmp_path / "cache"), PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        argv, capture_output=True, text=True, env=env, timeout=120, preexec_fn=limited
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"Cannot write {target}: disk I/O error\n"
    assert result.stdout == ""
    assert _nothing_written(folder)


def test_a_writer_started_before_the_plans_are_loaded_writes_the_same_database(
    plans: list[Loaded], here: list[str], tmp_path: Path
) -> None:
    """``parplan export``'s way: the child made first (sharing no page of the model), told
    which database to open by the first message."""
    from parplan.io import export_writer

    writer = export_writer.start()
    assert writer is not None
    plans = [load_checked(one.plan.file, UNITS, DAY) for one in plans]  # (the same files)
    database = tmp_path / "out" / "plans.db"
    database.parent.mkdir()
    export_sqlite(plans, database, DAY, writer=writer)
    assert _dump(database) == here
    assert not _children_left()


def test_a_writer_never_used_is_ended(plans: list[Loaded], tmp_path: Path) -> None:
    """The export refused before its first step (a read-only destination): the child started
    for it ends, having opened nothing."""
    from parplan.io import export_writer

    writer = export_writer.start()
    assert writer is not None
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "plans.db").write_bytes(b"old")
    (folder / "plans.db").chmod(0o444)
    with pytest.raises(PermissionError):
        export_sqlite(plans, folder / "plans.db", DAY, writer=writer)
    assert (folder / "plans.db").read_bytes() == b"old"
    assert sorted(path.name for path in folder.iterdir()) == ["plans.db"]
    assert not _children_left()


def test_a_writer_abandoned_while_a_later_child_holds_its_pipe_ends_at_once() -> None:
    """A child made after the writer (a cache entry written aside, during the plans' load)
    holds the writer's pipe too, and may itself wait for this process: the abandoned writer is
    ended, not left to wait for a pipe that would not close (before: this process waited for the
    writer, the writer for the pipe, the pipe for the other child, the other child for this
    process)."""
    from parplan.io import export_writer

    writer = export_writer.start()
    assert writer is not None
    holder = os.fork()
    if holder == 0:  # the later child: holds every descriptor, waits
        try:
            time.sleep(60)
        finally:
            os._exit(0)

    def hung(number: int, frame: Any) -> None:
        raise TimeoutError("the abandoned writer was waited for")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # (a guard against a hang, not a measure of speed)
    try:
        writer.abandon()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.kill(holder, signal.SIGKILL)
        os.waitpid(holder, 0)
    assert not _children_left()


# review8 of issue 23, seventh round: a writer serves one export.
@pytest.mark.parametrize("ended", ["used", "abandoned"])
def test_a_writer_given_again_once_ended_the_export_runs_here(
    plans: list[Loaded], here: list[str], tmp_path: Path, ended: str
) -> None:
    """A writer already used by an export (``export_sqlite`` ends it), or abandoned, given to
    another: the steps run in this process, the database written as ever (before: an
    AssertionError after every row was made, a TypeError under ``python -O``)."""
    from parplan.io import export_writer

    writer = export_writer.start()
    assert writer is not None
    if ended == "used":
        first = tmp_path / "first" / "plans.db"
        first.parent.mkdir()
        export_sqlite(plans, first, DAY, writer=writer)
        assert _dump(first) == here
    else:
        writer.abandon()
    database = tmp_path / "out" / "plans.db"
    database.parent.mkdir()
    export_sqlite(plans, database, DAY, writer=writer)
    assert _dump(database) == here
    assert sorted(path.name for path in database.parent.iterdir()) == ["metadata.json", "plans.db"]
    assert not _children_left()


def test_children_ignored_by_whoever_started_this_process_the_writer_is_still_ours() -> None:
    """Started with SIGCHLD ignored (a disposition inherited across exec: some service managers
    and scripts leave it so), the system would reap the writer the moment it ends, and its
    number could be another process's by the time ``abandon`` kills it. The writer stays this
    process's child until waited for (a zombie meanwhile), and the disposition is given back."""
    from parplan.io import export_writer

    def hung(number: int, frame: Any) -> None:
        raise TimeoutError("the writer did not end")

    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    alarm = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # (a guard against a hang, not a measure of speed)
    try:
        writer = export_writer.start()
        assert writer is not None
        pid = writer.pid
        assert pid is not None
        writer._close()  # (no database to open: the child ends on its own)
        # Waits for the child to end, leaving it unreaped; ChildProcessError: reaped already.
        ended = os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
        assert ended is not None and ended.si_pid == pid
        writer.abandon()
        assert signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, alarm)
        signal.signal(signal.SIGCHLD, previous)
    assert not _children_left()


# review8 of issue 23, seventh round: `parplan export` interrupted after the plans are loaded,
# while the export's module is imported (sqlite_utils: a tenth of a second, the widest window
# between the load and ``export_sqlite``), with no cache (a child writing aside forked after
# the writer). The driver makes that import raise KeyboardInterrupt, and records, as the
# command ends (``os._exit``), whether a child of it was never waited for.
_INTERRUPTED_IMPORT = """
import os, sys
import posix

RECORD = sys.argv[1]

class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == "parplan.io.export":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, Interrupting())

def ended(code):
    try:
        left = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        left = None
    with open(RECORD, "w") as record:
        record.write(repr(left))
    posix._exit(code)

os._exit = ended
sys.argv[1:] = sys.argv[2:]
from parplan.__main__ import run
run()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="the export forks a child on Linux only")
def test_interrupted_between_the_load_and_the_export_the_writer_is_waited_for(
    tmp_path: Path,
) -> None:
    import subprocess

    folder = tmp_path / "out"
    folder.mkdir()
    record = tmp_path / "left"
    argv = [sys.executable, "-c", _INTERRUPTED_IMPORT, str(record), "export"]
    argv += ["--sqlite", str(folder / "plans.db"), "--plan", str(PLAN), "--lang", "en"]
    env = dict(os.environ, PARPLAN_CACHE_DIR=str(tmp_path / "cache"))
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 130, result.stderr
    assert (result.stdout, result.stderr) == ("", "")
    assert record.read_text() == "None"  # (before: the writer's number, never waited for)
    assert _nothing_written(folder)
    assert any((tmp_path / "cache").iterdir())  # (the child writing aside was made, and ended)


class _NotPrivate(Exception):
    """The database was written to a file others may read."""


def _private_or_refused(db: Any) -> None:
    """A first step that refuses a database whose file others may read (raised where the step
    runs: here, or in the child, whose exception is raised here)."""
    path = db.execute("PRAGMA database_list").fetchall()[0][2]
    mode = os.stat(path).st_mode & 0o777
    if mode != 0o600:
        raise _NotPrivate(oct(mode))
    ORIGINAL_CREATE(db)


ORIGINAL_CREATE = export._create


@pytest.mark.parametrize("forked", [False, True], ids=["here", "in a child"])
def test_the_database_is_private_until_it_is_renamed(
    plans: list[Loaded], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    """The temporary database is the user's alone (0600) while it is written, whatever the
    umask (issue 19; review8 of issue 23: it was recreated with the umask's mode)."""
    from parplan.io import export_writer

    monkeypatch.setattr(export, "_create", _private_or_refused)
    previous = os.umask(0o022)
    try:
        writer = export_writer.start() if forked else None
        assert writer is not None or not forked
        export_sqlite(plans[:1], tmp_path / "plans.db", DAY, writer=writer)
    finally:
        os.umask(previous)
    assert (tmp_path / "plans.db").is_file()
    assert not _children_left()
