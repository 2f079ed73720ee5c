"""``parplan export --sqlite``: the database gives what the views give.

The oracle is ``parplan due --unit U --as-of D --format json``: a SQL query on the export made as
of D must give exactly its rows, in its order, for several units and days. The plan is a copy of
the real one with progress recorded through the CLI, so done and late milestones are covered.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.io.export import DUE_30_DAYS_SQL, DUE_SQL, OVERDUE_BY_UNIT_SQL

DAYS = ("2025-01-15", "2025-03-15", "2025-06-30", "2025-10-01", "2026-01-15")
UNITS_ASKED = (
    "Văn phòng Bộ",
    "CCHC",
    "Vụ Pháp chế",
    "Vụ Tiền lương",  # merged on 1/3/2025: answers through its successor, and the other way
    "Cục Tiền lương và Bảo hiểm xã hội",
    "Các đơn vị thuộc, trực thuộc Bộ",  # a group
    "TCBC",
)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plan with a few records: III.1 (VP, due 31/12/2024) done late on 10/02/2025,
    I.3.1's first milestone (March) done on 20/03/2025, and II.6.1's condition met."""
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("plan")
    (folder / "units.yaml").write_bytes(UNITS.read_bytes())
    path = folder / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    runner = CliRunner()
    for arguments in (
        ["done", "III.1", "--on", "2025-02-10", "--evidence", "Báo cáo số 1/BC-VP"],
        [
            "done",
            "I.3.1",
            "--unit",
            "VP",
            "--milestone",
            "1",
            "--on",
            "2025-03-20",
            "--evidence",
            "Báo cáo 2",
        ],
        ["met", "II.6.1", "--on", "2025-04-01", "--evidence", "Nghị quyết số 3"],
    ):
        result = runner.invoke(app, [*arguments, "--plan", str(path)])
        assert result.exit_code == 0, result.output
    return path


def export(runner, plan: Path, database: Path, day: str) -> sqlite3.Connection:
    result = runner.invoke(
        app, ["export", "--sqlite", str(database), "--plan", str(plan), "--as-of", day]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert str(database) in result.stderr
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    return connection


def due_json(runner, plan: Path, unit: str, day: str, within: int) -> list[tuple]:
    result = runner.invoke(
        app,
        [
            "due",
            "--plan",
            str(plan),
            "--unit",
            unit,
            "--as-of",
            day,
            "--within",
            str(within),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    return [
        (r["id"], r["label"], r["due"], r["status"], r["role"]) for r in json.loads(result.stdout)
    ]


@pytest.mark.parametrize("day", DAYS)
def test_sql_gives_the_rows_of_due_for_every_unit(runner, plan, tmp_path, day) -> None:
    connection = export(runner, plan, tmp_path / "plans.db", day)
    seen = 0
    for unit in UNITS_ASKED:
        for within in (30, 90):
            expected = due_json(runner, plan, unit, day, within)
            rows = connection.execute(DUE_SQL, {"unit": unit, "days": within}).fetchall()
            got = [(r["id"], r["label"], r["due"], r["status"], r["role"]) for r in rows]
            assert got == expected, (unit, day, within)
            seen += len(expected)
    assert seen > 0


def test_hand_checked_rows(runner, plan, tmp_path) -> None:
    """As of 15/01/2025, Văn phòng Bộ leads III.1 (deadline "Tháng 12/2024": 31/12/2024, not yet
    done then) — overdue; as of 15/03/2025 it is done (10/02/2025) and gone from the list."""
    before = export(runner, plan, tmp_path / "a.db", "2025-01-15")
    rows = before.execute(OVERDUE_BY_UNIT_SQL, {"unit": "VP"}).fetchall()
    assert [(r["id"], r["due"], r["days_late"], r["role"]) for r in rows] == [
        ("III.1", "2024-12-31", 15, "lead")
    ]
    after = export(runner, plan, tmp_path / "b.db", "2025-03-15")
    assert after.execute(OVERDUE_BY_UNIT_SQL, {"unit": "VP"}).fetchall() == []
    status = after.execute(
        "select status, done_on from milestones where item_id = 'III.1'"
    ).fetchone()
    assert tuple(status) == ("done_late", "2025-02-10")
    progress = after.execute(
        'select item_id, kind, on_ from (select *, "on" as on_ from progress) order by item_id'
    ).fetchall()
    assert [tuple(r) for r in progress] == [
        ("I.3.1", "done", "2025-03-20"),
        ("II.6.1", "met", "2025-04-01"),
        ("III.1", "done", "2025-02-10"),
    ]


def test_due_in_30_days_query_is_the_pending_half_of_due(runner, plan, tmp_path) -> None:
    connection = export(runner, plan, tmp_path / "plans.db", "2025-03-15")
    rows = connection.execute(DUE_30_DAYS_SQL).fetchall()
    result = runner.invoke(
        app, ["upcoming", "--plan", str(plan), "--as-of", "2025-03-15", "--format", "json"]
    )
    expected = sorted((r["id"], r["due"]) for r in json.loads(result.stdout))
    assert sorted((r["id"], r["due"]) for r in rows) == expected
    assert all(r["due"] <= "2025-04-14" and r["days_left"] >= 0 for r in rows)


def test_tables_and_full_text_search_folded(runner, plan, tmp_path) -> None:
    connection = export(runner, plan, tmp_path / "plans.db", "2025-03-15")
    counts = {
        table: connection.execute(f"select count(*) from {table}").fetchone()[0]
        for table in ("plans", "items", "milestones", "units", "item_units", "progress")
    }
    assert counts["plans"] == 1 and counts["items"] == 132 and counts["progress"] == 3
    # "chuyển đổi số" typed with or without accents finds the same items.
    query = "select id from items where rowid in (select rowid from items_fts where items_fts match ?) order by rank"
    bare = [r[0] for r in connection.execute(query, ("chuyen doi so",))]
    accented = [r[0] for r in connection.execute(query, ("chuyển đổi số",))]
    assert bare and bare == accented
    assert "II.6.5" in bare


def test_reexport_replaces_the_database_and_writes_metadata(runner, plan, tmp_path) -> None:
    database = tmp_path / "plans.db"
    database.write_bytes(b"not a database")
    export(runner, plan, database, "2025-03-15").close()
    first = database.read_bytes()
    export(runner, plan, database, "2025-06-30").close()
    assert database.read_bytes() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metadata.json", "plans.db"]
    metadata = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["plans"]["queries"]
    titles = {q["title"] for q in queries.values()}
    assert {"Quá hạn theo đơn vị", "Đến hạn 30 ngày tới"} <= titles
    assert "due" in metadata["databases"]["plans"]["tables"]["milestones"]["columns"]


def test_export_refuses_a_plan_with_errors(runner, tmp_path) -> None:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    plan = tmp_path / "plan-2025.yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8").replace("Văn phòng Bộ", "Văn phòng Bo", 1))
    result = runner.invoke(app, ["export", "--sqlite", str(tmp_path / "x.db"), "--plan", str(plan)])
    assert result.exit_code == 1
    assert "[unknown-unit]" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "x.db").exists()


def test_sqlite_utils_is_imported_only_by_export() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from typer.testing import CliRunner; from parplan.cli.app import app;"
        "r = CliRunner().invoke(app, ['due', '--unit', 'VP', '--as-of', '2025-03-15']);"
        "assert r.exit_code == 0, r.output;"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('parplan', 'sqlite_utils')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=PLAN.parent.parent
    )
    assert result.returncode == 0, result.stderr
    modules = result.stdout.split()
    assert "parplan.cli.views" in modules
    for absent in (
        "sqlite_utils",
        "parplan.io.export",
        "parplan.io.ledger",
        "parplan.io.fmt",
        "parplan.render.diff",
    ):
        assert absent not in modules


def test_an_unwritable_destination_is_reported_without_a_traceback(runner, plan, tmp_path) -> None:
    target = tmp_path / "absent" / "plans.db"
    result = runner.invoke(
        app, ["export", "--sqlite", str(target), "--plan", str(plan), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Cannot write {target}: ")
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not (tmp_path / "absent").exists()


# issue 18, fault 2: renamed units by their new names; canned queries match as the CLI does.
RENAMED = {
    # registry name: (name borne from 01/03/2025, abbreviation)
    "Trung tâm Thông tin": ("Trung tâm Công nghệ thông tin", "TTTT"),
    "Vụ Công tác thanh niên": ("Vụ Công tác thanh niên và Bình đẳng giới", "CTTN"),
    "Viện Khoa học tổ chức nhà nước": (
        "Viện Khoa học tổ chức nhà nước và Lao động",
        "Viện KHTCNN",
    ),
    "Tạp chí Tổ chức nhà nước": ("Tạp chí Tổ chức nhà nước và Lao động", "Tạp chí TCNN"),
}


def test_renamed_units_are_known_by_their_new_names(runner, plan, tmp_path) -> None:
    """units.yaml renames four units on 01/03/2025: as of 30/06/2025 their rows carry the new
    name, and the units table says so (and as of 15/01/2025, before the rename, the old one)."""
    after = export(runner, plan, tmp_path / "after.db", "2025-06-30")
    for old, (new, _short) in RENAMED.items():
        row = after.execute(
            "select name_now, renamed_on from units where name = ?", (old,)
        ).fetchone()
        assert tuple(row) == (new, "2025-03-01")
        assert (
            after.execute("select count(*) from unit_milestones where unit = ?", (old,)).fetchone()[
                0
            ]
            == 0
        )
    # By hand from plan-2025.yaml: 21 items name Trung tâm Thông tin or a group of it (I.3.1,
    # I.5.3, IV.5.2, IV.5.3, VII.1.1-2, VII.1.4, VII.2.1-10, VII.4.2, VII.5.1-2, VII.6), one
    # milestone each but I.3.1's four reports (Tháng 3, 6, 9, 12/2025): 24 rows.
    assert (
        after.execute(
            "select count(*) from unit_milestones where unit = 'Trung tâm Công nghệ thông tin'"
        ).fetchone()[0]
        == 24
    )
    assert tuple(
        after.execute(
            "select name_now, renamed_on from units where name = 'Văn phòng Bộ'"
        ).fetchone()
    ) == ("Văn phòng Bộ", None)
    before = export(runner, plan, tmp_path / "before.db", "2025-01-15")
    assert tuple(
        before.execute(
            "select name_now, renamed_on from units where name = 'Trung tâm Thông tin'"
        ).fetchone()
    ) == ("Trung tâm Thông tin", None)
    assert (
        before.execute(
            "select count(*) from unit_milestones where unit = 'Trung tâm Thông tin'"
        ).fetchone()[0]
        == 24
    )


SPELLINGS = (
    "Trung tâm Công nghệ thông tin",  # a new name
    "trung tam cong nghe thong tin",
    "Trung tâm Thông tin",  # the old name
    "TTTT",
    "vu phap che",  # no accents
    "VỤ PHÁP CHẾ",  # capitals with accents
    "Vụ  Pháp   chế",  # spaces as typed
    "Vụ Pháp chế".replace("ụ", "u\u0323"),  # decomposed (NFD) as some keyboards send it
    "phap che",  # a unique part of a name
    "Cục VT<NN",  # an alias
    "tap chi tcnn",
)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_canned_queries_match_names_as_the_cli_does(runner, plan, tmp_path, spelling) -> None:
    connection = export(runner, plan, tmp_path / "plans.db", "2025-06-30")
    expected = due_json(runner, plan, spelling, "2025-06-30", 30)
    rows = connection.execute(DUE_SQL, {"unit": spelling, "days": 30}).fetchall()
    assert expected
    assert [(r["id"], r["label"], r["due"], r["status"], r["role"]) for r in rows] == expected
    overdue = connection.execute(OVERDUE_BY_UNIT_SQL, {"unit": spelling}).fetchall()
    assert [r["id"] for r in overdue] == [r[0] for r in expected if r[3] == "overdue"]


def test_canned_queries_give_nothing_for_an_ambiguous_or_unknown_name(
    runner, plan, tmp_path
) -> None:
    """The CLI refuses "van phong" (Văn phòng Bộ and the Văn phòng Ban Chỉ đạo) and "xyz";
    a canned query cannot refuse, so it gives no rows rather than another unit's."""
    connection = export(runner, plan, tmp_path / "plans.db", "2025-06-30")
    for typed in ("van phong", "xyz", "", "%"):
        assert connection.execute(DUE_SQL, {"unit": typed, "days": 30}).fetchall() == []
    matches = connection.execute(
        "select distinct unit from unit_spellings where folded = 'vu phap che'"
    ).fetchall()
    assert [tuple(r) for r in matches] == [("Vụ Pháp chế",)]


def test_the_database_is_the_same_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two exports of the same plan are the same database, row for row (review of issue 23's
    fifth round: the units answering for an item came from a set, in the order of Python's
    string hashes, so ``unit_names`` and the rows keyed by it differed from run to run)."""
    import os
    import subprocess
    import sys

    dumps = []
    for seed in ("1", "2"):
        database = tmp_path / f"plans-{seed}.db"
        argv = [sys.executable, "-m", "parplan", "export", "--sqlite", str(database)]
        argv += ["--as-of", "2025-06-30", "--plan", str(PLAN), "--units", str(UNITS)]
        env = {**os.environ, "PYTHONHASHSEED": seed, "PARPLAN_CACHE": "off"}
        result = subprocess.run(argv, capture_output=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr.decode()
        with sqlite3.connect(database) as connection:
            dumps.append(list(connection.iterdump()))
    assert dumps[0] == dumps[1]
