"""A unit's view computed from the items that can concern it gives what the whole plan gives.

``items_concerning`` and ``plan_for_unit`` (query/status.py) let a unit's view, and the parse
cache's per-unit entries, skip the items that are none of the unit's business. They must skip
nothing that matters: for every unit and group of the real registry (mergers, a unit that left,
units established in 2025, roles ``part_of`` a unit) and of a registry with a chain of mergers,
on days across the year, the unit's rows are the same either way.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import validate
from parplan.query.queries import due_rows, open_by
from parplan.query.status import (
    items_concerning,
    plan_for_unit,
    rows_as_of,
    rows_for_unit,
    unit_family,
)

DAYS = [
    date(2025, 1, 15),
    date(2025, 3, 1),
    date(2025, 3, 20),
    date(2025, 6, 30),
    date(2025, 9, 15),
    date(2025, 12, 31),
    date(2026, 3, 1),
]


def _loaded(plan: Path = PLAN, units: Path = UNITS):
    loaded = validate(plan, units)
    assert not loaded.errors
    return loaded


def _assert_same_answers(loaded) -> None:
    plan, index = loaded.plan, loaded.index
    for entry in index.entries:
        mine = items_concerning(plan.items, index, entry)
        sliced = plan_for_unit(plan, index, entry)
        for day in DAYS:
            everything = rows_for_unit(
                rows_as_of(plan.items, day, index=index), index, entry, None, day
            )
            some = rows_for_unit(rows_as_of(mine, day, plan.items, index), index, entry, None, day)
            assert some == everything, (entry.name, day)
            for within in (0, 30, 400):
                assert due_rows(sliced, index, day, within, entry) == due_rows(
                    plan, index, day, within, entry
                ), (entry.name, day, within)
    _assert_due_rows_as_every_status_gives(loaded, DAYS)


def _assert_due_rows_as_every_status_gives(loaded, days, withins=(0, 30, 400)) -> int:
    """``due_rows`` computes the status of only the milestones due by its horizon, and a unit's
    own answer of only the rows open for all (issue 23): the same rows as the status of every
    milestone of the unit's items, each unit's answer, then ``open_by`` (as it was computed
    before), for every entry, role, day and horizon; and for the whole plan."""
    plan, index = loaded.plan, loaded.index
    kept = 0
    for day in days:
        everything = rows_as_of(plan.items, day, index=index)
        for within in withins:
            expected = open_by(everything, day, within)
            assert due_rows(plan, index, day, within) == expected, (day, within)
        for entry in index.entries:
            mine = rows_as_of(items_concerning(plan.items, index, entry), day, plan.items, index)
            for role in (None, "lead", "support"):
                answers = rows_for_unit(mine, index, entry, role, day)
                for within in withins:
                    expected = open_by(answers, day, within)
                    got = due_rows(plan, index, day, within, entry, role)
                    assert got == expected, (entry.name, role, day, within)
                    kept += len(got)
    return kept


def test_due_rows_of_the_realistic_generated_plan_are_every_statuses(tmp_path: Path) -> None:
    """The benchmark's realistic plan (records per member of group-led items, some dated after
    the day asked, work logs, reasons for delay): ``due_rows`` as every status gives."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    generated = bench.generate(300, tmp_path, realistic=True)
    loaded = validate(generated, generated.parent / "units.yaml")
    assert not loaded.errors
    kept = _assert_due_rows_as_every_status_gives(
        loaded, [date(2025, 3, 1), date(2025, 4, 15), date(2025, 7, 1)], (0, 30)
    )
    assert kept > 0


def test_every_entry_of_the_real_registry_answers_the_same_from_its_items() -> None:
    _assert_same_answers(_loaded())


def test_a_unit_has_items_to_skip() -> None:
    """The point of it: "Văn phòng Bộ" is not concerned by every item of the real plan."""
    loaded = _loaded()
    entry = loaded.index.query("Văn phòng Bộ").entry
    assert entry is not None
    mine = items_concerning(loaded.plan.items, loaded.index, entry)
    assert 0 < len(mine) < len(loaded.plan.items)


UNITS_CHAIN = """\
units:
  - name: Vụ A
    short: VA
    kind: administrative
    merged_into: {unit: Vụ B, on: 2025-03-01}
  - name: Vụ B
    short: VB
    kind: administrative
    merged_into: {unit: Vụ C, on: 2025-07-01}
  - name: Vụ C
    short: VC
    kind: administrative
  - name: Tổ giúp việc
    kind: role
    part_of: Vụ A
  - name: Vụ D
    short: VD
    kind: administrative
    left: {on: 2025-05-01, to: Bộ khác}
  - name: Vụ E
    short: VE
    kind: administrative
    established: 2025-04-01
groups:
  - name: Các vụ
    kinds: [administrative]
  - name: Nhóm hai vụ
    members: [Vụ A, Vụ D]
"""

PLAN_CHAIN = """\
plan:
  title: Kế hoạch thử
  decision: QĐ 1/QĐ-X
  issued: 2025-01-10
  year: 2025
sections:
  - id: I
    title: Một
    tasks:
      - id: I.1
        title: Việc một
        activities:
          - id: I.1.1
            product: Báo cáo của Vụ A
            lead: [Vụ A]
            support: []
            deadline: Tháng 2/2025
          - id: I.1.2
            product: Báo cáo của Vụ B
            lead: [Vụ B]
            support: [Vụ D]
            deadline: Tháng 6/2025
          - id: I.1.3
            product: Báo cáo của tổ
            lead: [Tổ giúp việc]
            support: []
            deadline: Tháng 9/2025
          - id: I.1.4
            product: Báo cáo của các vụ
            lead: [Các vụ]
            support: []
            deadline: Quý III/2025
          - id: I.1.5
            product: Báo cáo của hai vụ
            lead: [Nhóm hai vụ]
            support: []
            deadline: Tháng 4/2025
          - id: I.1.6
            product: Việc của Vụ E
            lead: [Vụ E]
            support: []
            deadline: Tháng 12/2025
            done: 2025-05-10
            evidence: Báo cáo số 5
          - id: I.1.7
            product: Việc sau khi xong I.1.6
            lead: [Vụ C]
            support: []
            after: I.1.6
            within_days: 30
            deadline: Sau khi có kết quả
"""


def test_a_chain_of_mergers_answers_the_same_from_its_items(tmp_path: Path) -> None:
    plan, units = tmp_path / "plan-2025.yaml", tmp_path / "units.yaml"
    plan.write_text(textwrap.dedent(PLAN_CHAIN), encoding="utf-8")
    units.write_text(textwrap.dedent(UNITS_CHAIN), encoding="utf-8")
    loaded = validate(plan, units)
    assert not loaded.errors, loaded.errors
    _assert_same_answers(loaded)


@pytest.mark.parametrize(
    ("name", "family"),
    [
        # Hand-read from UNITS_CHAIN: A → B → C merged, the role is part of A.
        ("Vụ C", {"Vụ A", "Vụ B", "Vụ C", "Tổ giúp việc"}),
        ("Tổ giúp việc", {"Vụ A", "Vụ B", "Vụ C", "Tổ giúp việc"}),
        ("Vụ D", {"Vụ D"}),
        ("Vụ E", {"Vụ E"}),
        ("Các vụ", {"Các vụ"}),
    ],
)
def test_unit_family(tmp_path: Path, name: str, family: set[str]) -> None:
    units = tmp_path / "units.yaml"
    units.write_text(textwrap.dedent(UNITS_CHAIN), encoding="utf-8")
    plan = tmp_path / "plan-2025.yaml"
    plan.write_text(textwrap.dedent(PLAN_CHAIN), encoding="utf-8")
    loaded = validate(plan, units)
    entry = loaded.index.by_name[name]
    assert unit_family(entry, loaded.index) == family


def test_a_unit_sees_the_item_its_condition_waits_for(tmp_path: Path) -> None:
    """I.1.7 (Vụ C's) waits for I.1.6 (Vụ E's): Vụ C's plan keeps I.1.6 so that the condition
    can be read, though Vụ C answers for nothing of it. Expected lists read by hand."""
    plan, units = tmp_path / "plan-2025.yaml", tmp_path / "units.yaml"
    plan.write_text(textwrap.dedent(PLAN_CHAIN), encoding="utf-8")
    units.write_text(textwrap.dedent(UNITS_CHAIN), encoding="utf-8")
    loaded = validate(plan, units)

    def ids(name: str) -> list[str]:
        entry = loaded.index.by_name[name]
        return [item.id.value for item in plan_for_unit(loaded.plan, loaded.index, entry).items]

    # Vụ C: A's, B's and the role's items (merged into C), the groups that can name A, B or C,
    # and I.1.6, which its own I.1.7 waits for.
    assert ids("Vụ C") == ["I.1.1", "I.1.2", "I.1.3", "I.1.4", "I.1.5", "I.1.6", "I.1.7"]
    # Vụ E: the group of all administrative units, and its own.
    assert ids("Vụ E") == ["I.1.4", "I.1.6"]
    # Vụ D: supports I.1.2, and is in both groups.
    assert ids("Vụ D") == ["I.1.2", "I.1.4", "I.1.5"]


# ---------------------------------------------------------------------------------------------
# The parse cache's entry of one unit


VIEWS = [
    ["due", "--within", "60"],
    ["overdue", "--format", "json"],
    ["upcoming", "--within", "90", "--format", "csv"],
    ["unit"],
    ["unit", "--format", "json"],
    ["list", "--format", "json"],
    ["list", "--status", "overdue"],
]
UNITS_TYPED = ["Văn phòng Bộ", "cchc", "Vụ Tiền lương", "Các đơn vị thuộc, trực thuộc Bộ", "VPBCĐ"]


def _view(runner, command: list[str], unit: str, day: str, cache: str) -> tuple[int, str, str]:
    from parplan.cli.app import app

    # ``unit`` takes the unit as its argument; the other views take --unit.
    where = [unit] if command[0] == "unit" else ["--unit", unit]
    argv = [command[0], *where, *command[1:], "--as-of", day, "--plan", str(PLAN)]
    env = {"COLUMNS": "120", **({"PARPLAN_CACHE": "off"} if cache == "off" else {})}
    if cache != "off":
        env["PARPLAN_CACHE_DIR"] = cache
    result = runner.invoke(app, argv, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("unit", UNITS_TYPED)
def test_a_unit_view_from_its_cache_entry_is_the_view_from_the_files(
    runner, tmp_path: Path, unit: str
) -> None:
    """Each view of a unit, printed from the unit's own cache entry (the second run writes
    nothing new), is byte for byte what it is with no cache at all."""
    cache = str(tmp_path / "cache")
    for day in ("2025-03-20", "2025-07-01"):
        for command in VIEWS:
            expected = _view(runner, command, unit, day, "off")
            assert expected[0] == 0, expected
            first = _view(runner, command, unit, day, cache)
            second = _view(runner, command, unit, day, cache)
            assert first == expected, (command, day)
            assert second == expected, (command, day)
    # The unit's entry is there, beside the plan's and validate's, and smaller than the plan's.
    entries = sorted(Path(cache).glob("*.pickle"), key=lambda p: p.stat().st_size)
    names = [entry.name for entry in entries]
    assert len(names) == 3 and any(name.endswith("-validate.pickle") for name in names), names
    whole = entries[-1].name[: -len(".pickle")]
    assert all(name.startswith(whole) for name in names), names


def test_a_record_dated_after_today_anywhere_makes_a_unit_view_read_the_whole_plan(
    runner, tmp_path: Path
) -> None:
    """The unit's entry cannot see another unit's records: a record after today in an item
    of another unit must still stop the view (done-future), as it does without the cache."""
    from parplan.cli.app import app

    plan = tmp_path / "plan-2025.yaml"
    text = PLAN.read_text(encoding="utf-8")
    # I.5.2 is Vụ Pháp chế's alone (lead; support a placeholder): not an item of Văn phòng Bộ.
    marker = "            deadline: Thường xuyên\n"
    at = text.index("          - id: I.5.2")
    at = text.index(marker, at) + len(marker)
    plan.write_text(
        text[:at] + "            done: 2025-06-01\n            evidence: Công văn 1\n" + text[at:],
        encoding="utf-8",
    )
    (tmp_path / "units.yaml").write_text(UNITS.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"PARPLAN_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "120"}
    argv = ["due", "--unit", "Văn phòng Bộ", "--plan", str(plan)]
    # Written on 2025-07-01 (after the record), then asked on 2025-05-01 (before it).
    assert runner.invoke(app, argv, env={**env, "PARPLAN_TODAY": "2025-07-01"}).exit_code == 0
    before = runner.invoke(app, argv, env={**env, "PARPLAN_TODAY": "2025-05-01"})
    assert before.exit_code == 1
    assert "[done-future]" in before.stderr, before.stderr
