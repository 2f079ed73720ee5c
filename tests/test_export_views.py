"""``parplan export --sqlite`` (issue 23, third round): the tables hold titles, unit names and
sets of units by key, and views give them by name. Each view is held here to the query layer
asked directly, not to the export's own shortcuts: ``unit_milestones`` to ``rows_for_unit`` for
every registry entry over every milestone (the export asks each unit only about the items that
can concern it, and ``unit_status`` once per set of units and day), ``item_units`` to
``role_of`` for every entry and item, ``items_full`` to the model, and the full-text index to
``list --search``'s matching (``matches_search``).

Two plans go into one database, each with its own units file: the second's registry makes the
group "Các đơn vị sự nghiệp trực thuộc Bộ" its administrative units instead of its public
service units, so the same names written in an item answer otherwise in each plan. A plan
generated as the benchmark's realistic one (records of members' own parts, merged units) is
the third.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, ROOT, UNITS

from parplan.core.model import Unit, id_order
from parplan.core.units import name_on
from parplan.io.cache import load_checked
from parplan.io.export import export_sqlite, plan_id
from parplan.io.export_tables import DUE_SQL
from parplan.query.search import matches_search
from parplan.query.status import role_of, rows_as_of, rows_for_unit

DAYS = (date(2025, 1, 15), date(2025, 6, 30))
TODAY = date(2026, 1, 15)  # the day the plans are read on: every record in the past


def _generated(folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    bench.generate(400, folder, realistic=True)
    path = folder / "plan-generated.yaml"
    (folder / "plan-2025.yaml").rename(path)
    return path


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("plans")
    real, other = root / "real", root / "other"
    for folder in (real, other):
        folder.mkdir()
        (folder / "units.yaml").write_bytes(UNITS.read_bytes())
    (real / "plan-2025.yaml").write_bytes(PLAN.read_bytes())
    (other / "plan-other.yaml").write_bytes(PLAN.read_bytes())
    units = UNITS.read_text(encoding="utf-8")
    group = "  - name: Các đơn vị sự nghiệp trực thuộc Bộ\n    kinds:\n      - public_service\n"
    assert group in units
    changed = group.replace("public_service", "administrative")
    (other / "units.yaml").write_text(units.replace(group, changed), encoding="utf-8")
    generated = _generated(root / "generated")
    return [
        (real / "plan-2025.yaml", real / "units.yaml"),
        (other / "plan-other.yaml", other / "units.yaml"),
        (generated, generated.parent / "units.yaml"),
    ]


@pytest.fixture(scope="module", params=DAYS, ids=str)
def exported(request, plans, tmp_path_factory):
    day = request.param
    loaded = [load_checked(plan, units, TODAY) for plan, units in plans]
    for one in loaded:
        assert not one.errors, one.errors
    database = tmp_path_factory.mktemp("db") / "plans.db"
    export_sqlite(loaded, database, day)
    connection = sqlite3.connect(database)
    yield day, loaded, connection
    connection.close()


def _rows(connection: sqlite3.Connection, sql: str) -> list[tuple]:
    return sorted(connection.execute(sql).fetchall(), key=repr)


def test_unit_milestones_are_rows_for_unit_of_every_entry(exported) -> None:
    day, loaded, connection = exported
    expected = []
    for one in loaded:
        rows = rows_as_of(one.plan.items, day, index=one.index)
        for entry in (*one.registry.units, *one.registry.groups):
            name = _name_now(entry, day)
            for row in rows_for_unit(rows, one.index, entry, None, as_of=day):
                done = row.completion.on.isoformat() if row.completion else None
                expected.append(
                    (
                        plan_id(one),
                        row.item.id.value,
                        row.number,
                        name,
                        str(row.role),
                        str(row.status),
                        done,
                    )
                )
    got = _rows(
        connection,
        "select plan, item_id, number, unit, role, status, done_on from unit_milestones",
    )
    assert got == sorted(expected, key=repr)
    statuses = {row[5] for row in got}
    assert {"transferred", "pending"} <= statuses or {"pending", "overdue"} <= statuses


def _name_now(entry, day: date) -> str:
    """The name an entry bears on ``day`` (``core.units.name_on``; a group its own)."""
    return name_on(entry, day) if isinstance(entry, Unit) else entry.name


def test_item_units_are_role_of_every_entry_for_every_item(exported) -> None:
    day, loaded, connection = exported
    expected = []
    for one in loaded:
        entries = (*one.registry.units, *one.registry.groups)
        for item in one.plan.items:
            for entry in entries:
                role = role_of(item, entry, one.index)
                if role is None:
                    continue
                through = [
                    ref.value
                    for ref in (*item.lead, *item.support)
                    if entry.name in one.index.expand(ref.value)
                ]
                row = (plan_id(one), item.id.value, _name_now(entry, day), str(role))
                expected.append((*row, "; ".join(dict.fromkeys(through))))
    got = _rows(connection, "select plan, item_id, unit, role, through from item_units")
    assert got == sorted(expected, key=repr)
    # The same names answer otherwise in the second plan's registry.
    mine = "select item_id, unit from item_units where plan = ? and unit = 'Vụ Pháp chế'"
    assert _rows(connection, mine.replace("?", "'plan-2025'")) != _rows(
        connection, mine.replace("?", "'plan-other'")
    )


def test_items_full_is_the_model(exported) -> None:
    _day, loaded, connection = exported
    expected = []
    for one in loaded:
        order = sorted((item.id.value for item in one.plan.items), key=id_order)
        for item in one.plan.items:
            expected.append(
                (
                    plan_id(one),
                    item.id.value,
                    order.index(item.id.value),
                    item.section_id,
                    item.section_title,
                    item.task_id,
                    item.task_title,
                    item.product,
                    "; ".join(ref.value for ref in item.lead),
                    "; ".join(ref.value for ref in item.support),
                    item.deadline.value,
                    item.note,
                    item.source.line,
                )
            )
    got = _rows(
        connection,
        "select plan, id, rank, section_id, section_title, task_id, task_title, product, "
        "lead, support, deadline, note, line from items_full",
    )
    assert got == sorted(expected, key=repr)
    assert connection.execute("select count(*) from items").fetchone()[0] == len(expected)
    keys = connection.execute("select count(distinct key) from items_full").fetchone()[0]
    assert keys == len(expected)


# Words typed as a person would into Datasette's search box (each word a term; Datasette quotes
# them), with and without marks; đ typed as đ or as d.
SEARCHES = (
    "chuyển đổi số",
    "chuyen doi so",
    "Đề án",
    "de an",
    "đơn vị",
    "don vi",
    "pháp chế",
    "phap che",
    "báo cáo",
    "thủ tục hành chính",
    "thu tuc hanh chinh",
    "tháng sáu",
    "Văn phòng Bộ",
    "cải cách tài chính công",
    "xyzzy",
    # review of issue 23: đ typed where the plan writes d ("theo dõi", "đánh" and "dành"):
    # list --search folds đ to d on both sides, so the index must find these too
    "đổi",
    "ĐÁNH",
    "đúng",
    "Đức",
)


@pytest.mark.parametrize("text", SEARCHES)
def test_full_text_search_finds_what_list_search_finds(exported, text) -> None:
    _day, loaded, connection = exported
    terms = " ".join(f'"{word}"' for word in text.split())
    got = _rows(
        connection,
        "select plan, id from items where key in "
        f"(select rowid from items_fts where items_fts match '{terms}')",
    )
    expected = sorted(
        (
            (plan_id(one), item.id.value)
            for one in loaded
            for item in one.plan.items
            if matches_search(item, text)
        ),
        key=repr,
    )
    assert got == expected
    if text != "xyzzy":
        assert got


def test_the_canned_query_reads_the_view_by_name(exported) -> None:
    """Through the views, ``unit_milestones`` is asked by name: "Vụ Pháp chế" typed bare."""
    _day, _loaded, connection = exported
    rows = connection.execute(DUE_SQL, {"unit": "vu phap che", "days": 400}).fetchall()
    assert rows
    plan = connection.execute(
        "explain query plan select * from unit_milestones where unit = 'Vụ Pháp chế'"
    ).fetchall()
    steps = " ".join(str(step[-1]) for step in plan)
    assert "SCAN" not in steps, steps


def test_metadata_tells_datasette_what_items_fts_searches(plans, tmp_path) -> None:
    day = DAYS[1]
    loaded = [load_checked(plan, units, TODAY) for plan, units in plans[:1]]
    export_sqlite(loaded, tmp_path / "plans.db", day)
    metadata = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    tables = metadata["databases"]["plans"]["tables"]
    for searched in ("items", "items_full"):
        assert tables[searched]["fts_table"] == "items_fts"
        assert tables[searched]["fts_pk"] == "key"
    for hidden in ("unit_names", "unit_sets", "unit_milestone_rows"):
        assert tables[hidden]["hidden"] is True
    connection = sqlite3.connect(tmp_path / "plans.db")
    kinds = dict(connection.execute("select name, type from sqlite_master"))
    assert {kinds[view] for view in ("items_full", "item_units", "unit_milestones")} == {"view"}
    assert "search" not in [r[1] for r in connection.execute("pragma table_info(items)")]
    for name, entry in tables.items():  # every column described, in its order
        columns = [r[1] for r in connection.execute(f"pragma table_info([{name}])")]
        assert list(entry["columns"]) == [c for c in columns if c != "rowid_"], name


def test_every_status_and_role_has_a_code() -> None:
    """``unit_milestone_rows`` stores a role and a status by their place in these tuples: the
    query layer's every status and role has one (else the export would stop at the first)."""
    from parplan.io.export_tables import ROLE_CODES, STATUS_CODES
    from parplan.query.keys import Role
    from parplan.query.status import ALL_STATUSES

    assert sorted(STATUS_CODES) == sorted(str(status) for status in ALL_STATUSES)
    assert sorted(ROLE_CODES) == sorted(str(role) for role in Role)
