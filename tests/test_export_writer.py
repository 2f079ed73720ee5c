"""The export's SQL run in a child process (``io.export_writer``, issue 23, seventh round): the
same database as when it runs in the process itself, and every failure, the child's or this
process's, raised here with nothing written and no process left behind."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
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
        (_full_disk, sqlite3.OperationalError, "database or disk is full"),
        (_killed, OSError, "the database could not be written"),
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
