"""The export's failures to write its database (review of issue 23, seventh round), on every
platform: SQLite's own errors for a full disk or a refused write read as any other file's
(``export.unwritable``, exit 1, no traceback), the database closed on a failure (Windows removes
no file a connection holds open), and a system with no ``fork`` writing in the process."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.io import export
from parplan.io.cache import load_checked
from parplan.io.export import export_sqlite

DAY = date(2025, 6, 30)
ORIGINAL_OPENED = export._opened


def _small(path: str) -> Any:
    """The database, limited to 20 pages of 4 KB (80 KB): the real plan's (290 KB) fills it, and
    SQLite fails as on a full disk (SQLITE_FULL)."""
    db = ORIGINAL_OPENED(path)
    db.execute("PRAGMA max_page_count = 20")
    return db


def test_a_full_disk_is_reported_without_a_traceback(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_opened", _small)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plans.db"
    argv = ["export", "--sqlite", str(target), "--plan", str(PLAN), "--as-of", "2025-06-30"]
    result = runner.invoke(app, [*argv, "--lang", "en"])
    assert result.exit_code == 1
    # the system's words for a full disk, as when any other file meets one
    assert result.stderr == f"Cannot write {target}: {os.strerror(28)}\n"
    assert result.stdout == ""
    assert sorted(folder.iterdir()) == []


def test_a_full_disk_is_an_os_error_naming_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export, "_opened", _small)
    loaded = load_checked(PLAN, UNITS, DAY)
    with pytest.raises(OSError) as raised:
        export_sqlite([loaded], tmp_path / "plans.db", DAY)
    assert raised.value.errno == 28  # ENOSPC
    assert raised.value.filename == str(tmp_path / "plans.db")
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)


@pytest.mark.parametrize(
    ("message", "code"),
    [("no such table: [nowhere]", 1), ("UNIQUE constraint failed: items.key", 2067)],
)
def test_other_sqlite_errors_are_not_disguised_as_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str, code: int
) -> None:
    """A fault of the export's own SQL is no failure to write: it stays what it is."""
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code  # type: ignore[attr-defined]

    def broken(db: Any) -> None:
        raise error

    monkeypatch.setattr(export, "_indexes", broken)
    loaded = load_checked(PLAN, UNITS, DAY)
    with pytest.raises(sqlite3.OperationalError) as raised:
        export_sqlite([loaded], tmp_path / "plans.db", DAY)
    assert raised.value is error


def test_a_failure_closes_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Any] = []

    def recorded(path: str) -> Any:
        opened.append(ORIGINAL_OPENED(path))
        return opened[-1]

    def broken(db: Any) -> None:
        raise RuntimeError("an index could not be made")

    monkeypatch.setattr(export, "_opened", recorded)
    monkeypatch.setattr(export, "_indexes", broken)
    loaded = load_checked(PLAN, UNITS, DAY)
    with pytest.raises(RuntimeError, match="an index could not be made"):
        export_sqlite([loaded], tmp_path / "plans.db", DAY)
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("select 1")
    assert sorted(tmp_path.iterdir()) == []


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def test_no_fork_writes_in_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows: no ``os.fork`` and no ``fcntl``; a caller asking for a child gets the export
    made here, the same database."""
    loaded = load_checked(PLAN, UNITS, DAY)
    export_sqlite([loaded], tmp_path / "here.db", DAY)
    if hasattr(os, "fork"):
        monkeypatch.delattr(os, "fork")
    monkeypatch.setitem(sys.modules, "fcntl", None)  # (import fcntl: ImportError)
    export_sqlite([loaded], tmp_path / "asked.db", DAY, forked=True)
    assert _dump(tmp_path / "asked.db") == _dump(tmp_path / "here.db")
