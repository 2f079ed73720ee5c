"""``parplan export``'s arguments that name no database file, or a plan twice (review of issue
23): a usage error or the plan exported once, never a traceback."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    (tmp_path / "plan-2025.yaml").write_bytes(PLAN.read_bytes())
    return tmp_path


@pytest.mark.parametrize("sqlite", ["", ".", "/"])
def test_a_database_path_without_a_file_name_is_a_usage_error(
    runner, folder: Path, sqlite: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(folder)
    before = sorted(os.listdir(folder))
    arguments = ["export", "--sqlite", sqlite, "--plan", "plan-2025.yaml", "--lang", "en"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, result.output
    shown = str(Path(sqlite))
    assert result.stderr == (
        f"Will not write to {shown}: it is not a regular file (a device, a folder, a pipe); "
        "choose a file.\n"
    )
    assert result.stdout == ""
    assert sorted(os.listdir(folder)) == before


def test_a_plan_named_twice_is_exported_once(runner, folder: Path) -> None:
    plan = folder / "plan-2025.yaml"
    database = folder / "plans.db"
    spellings = [str(plan), str(folder / "." / "plan-2025.yaml")]
    arguments = ["export", "--sqlite", str(database), "--as-of", "2025-06-30", "--lang", "en"]
    for spelling in spellings:
        arguments += ["--plan", spelling]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    # 132 items and 147 milestones: the real plan's (README, `parplan plans`), once
    assert result.stderr.startswith(
        f"Wrote {database}: 1 plan, 132 items, 147 milestones (statuses as of 2025-06-30)"
    )
    with sqlite3.connect(database) as connection:
        assert connection.execute("select count(*) from plans").fetchone() == (1,)
        assert connection.execute("select count(*) from items").fetchone() == (132,)


def test_two_plan_files_of_the_same_name_are_refused(runner, folder: Path) -> None:
    """Two different files named plan-2025.yaml would be one plan 'plan-2025' in the database:
    a usage error naming both, nothing written (it was an IntegrityError traceback)."""
    other = folder / "other"
    other.mkdir()
    (other / "units.yaml").write_bytes(UNITS.read_bytes())
    text = PLAN.read_text(encoding="utf-8").replace("Tháng 3/2025", "Tháng 4/2025")
    (other / "plan-2025.yaml").write_text(text, encoding="utf-8")
    database = folder / "out" / "plans.db"
    first, second = folder / "plan-2025.yaml", other / "plan-2025.yaml"
    arguments = ["export", "--sqlite", str(database), "--plan", str(first), "--plan", str(second)]
    result = runner.invoke(app, [*arguments, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (
        f"Two plan files named 'plan-2025' ({first} and {second}): in the database each plan is "
        "named by its file. Export them separately, or rename one.\n"
    )
    assert not database.exists() and not database.with_name("metadata.json").exists()
