"""Every unit's own answer (issue 8): group-led items per member, and the registry as of a day.

Scenarios on copies of the real plan and registry. Expected values are counted by hand from the
decision (I.3.1 is led by "Các đơn vị thuộc, trực thuộc Bộ", four milestones at the ends of
March, June, September and December 2025) and from data/units.yaml: the ministry's 20 units of
Nghị định 63/2022/NĐ-CP, of which Học viện Hành chính Quốc gia left on 31/01/2025, Ban Tôn giáo
Chính phủ left and Vụ Tiền lương merged into Cục Tiền lương và Bảo hiểm xã hội on 01/03/2025,
when five units were established (that Cục, Cục Việc làm, Cục Quản lý lao động ngoài nước,
Cục Người có công, Báo Dân trí): 20 - 3 + 5 = 22 members on 31/03/2025.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import validate
from parplan.cli.app import app
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    OVERDUE,
    TRANSFERRED,
    members_owing,
    rows_as_of,
    rows_for_unit,
    unit_status,
)

PLAIN = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120"}
TODAY = date(2025, 7, 1)

# The members of "Các đơn vị thuộc, trực thuộc Bộ" on 31/03/2025, by hand (see above).
MEMBERS_Q1 = {
    "Vụ Tổ chức - Biên chế",
    "Vụ Chính quyền địa phương",
    "Vụ Công chức - Viên chức",
    "Vụ Tổ chức phi chính phủ",
    "Vụ Cải cách hành chính",
    "Vụ Hợp tác quốc tế",
    "Vụ Pháp chế",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Công tác thanh niên",
    "Vụ Tổ chức cán bộ",
    "Thanh tra Bộ",
    "Văn phòng Bộ",
    "Cục Văn thư và Lưu trữ nhà nước",
    "Ban Thi đua - Khen thưởng Trung ương",
    "Viện Khoa học tổ chức nhà nước",
    "Tạp chí Tổ chức nhà nước",
    "Trung tâm Thông tin",
    "Cục Tiền lương và Bảo hiểm xã hội",
    "Cục Việc làm",
    "Cục Quản lý lao động ngoài nước",
    "Cục Người có công",
    "Báo Dân trí",
}
# Three of them bear another name from 01/03/2025 (renamed), and the lists say so.
RENAMED_Q1 = {
    "Vụ Công tác thanh niên": "Vụ Công tác thanh niên và Bình đẳng giới",
    "Viện Khoa học tổ chức nhà nước": "Viện Khoa học tổ chức nhà nước và Lao động",
    "Tạp chí Tổ chức nhà nước": "Tạp chí Tổ chức nhà nước và Lao động",
    "Trung tâm Thông tin": "Trung tâm Công nghệ thông tin",
}
# The last line of I.3.1 in the plan (its support and deadline), to write records after.
ANCHOR = (
    "              - Vụ Cải cách hành chính\n"
    "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
)
VP_RECORD = [
    "done",
    "I.3.1",
    "--unit",
    "Văn phòng Bộ",
    "--milestone",
    "1",
    "--on",
    "2025-03-18",
    "--evidence",
    "Báo cáo 45/BC-VP",
]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


@pytest.fixture(autouse=True)
def cli_today(monkeypatch) -> None:
    monkeypatch.setattr("parplan.cli.ledger.today", lambda: TODAY)
    monkeypatch.setattr("parplan.cli.views.today", lambda: TODAY)


def run(runner, args: list[str], plan: Path | None = None):
    extra = ["--plan", str(plan)] if plan is not None else ["--plan", str(PLAN)]
    return runner.invoke(app, [*args, *extra], env=PLAIN)


def as_json(runner, args: list[str], plan: Path | None = None):
    result = run(runner, [*args, "--format", "json"], plan)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def due_ids(runner, args: list[str], plan: Path) -> list[tuple[str, str | None, str]]:
    return [(r["id"], r["label"], r["status"]) for r in as_json(runner, ["due", *args], plan)]


# ---------------------------------------------------------------------------------------------
# 1. I.3.1: each member's own report


def test_done_on_a_group_item_needs_the_unit(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = run(runner, [a for a in VP_RECORD if a not in ("--unit", "Văn phòng Bộ")], plan)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--unit" in result.stderr and "parplan owing I.3.1" in result.stderr
    assert plan.read_bytes() == before


def test_done_with_unit_records_one_progress_line(runner, plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    result = run(runner, VP_RECORD, plan)
    assert result.exit_code == 0, result.output
    after = plan.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == [
        "            progress:",
        "              - {milestone: Tháng 3/2025, unit: Văn phòng Bộ, done: 2025-03-18, "
        "evidence: Báo cáo 45/BC-VP}",
    ]
    assert "1/22 đơn vị" in result.stdout
    # undo takes --unit the same way, and gives the file back.
    result = run(runner, ["undo", "I.3.1", "--unit", "VP", "--milestone", "1"], plan)
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8") == before


def test_undo_on_a_group_item_needs_the_unit(runner, plan: Path) -> None:
    assert run(runner, VP_RECORD, plan).exit_code == 0
    result = run(runner, ["undo", "I.3.1"], plan)
    assert result.exit_code == 2 and "--unit" in result.stderr


def test_unit_on_an_item_with_one_completion_is_refused(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = run(
        runner, ["done", "I.5.1", "--unit", "VP", "--on", "2025-03-20", "-e", "QĐ 1"], plan
    )
    assert result.exit_code == 2 and "--unit" in result.stderr
    assert plan.read_bytes() == before


def test_a_unit_that_owes_nothing_is_refused(runner, plan: Path) -> None:
    """Học viện Hành chính Quốc gia left on 31/01/2025: it owes no quarterly report."""
    result = run(
        runner, ["done", "I.3.1", "--unit", "HVHCQG", "-e", "BC 1", "--on", "2025-03-20"], plan
    )
    assert result.exit_code == 2
    assert "Học viện Hành chính Quốc gia" in result.stderr


def test_a_units_view_counts_only_its_own_part(runner, plan: Path) -> None:
    # The first-quarter report is due on 20/03 by the reporting calendar (581/BNV-CCHC): on
    # 25/03, before Văn phòng Bộ's record, it is overdue for it; after it, it is gone.
    q1 = ("I.3.1", "Tháng 3/2025", "overdue")
    assert q1 in due_ids(runner, ["--unit", "Văn phòng Bộ", "--as-of", "2025-03-25"], plan)
    assert run(runner, VP_RECORD, plan).exit_code == 0
    assert q1 not in due_ids(runner, ["--unit", "Văn phòng Bộ", "--as-of", "2025-03-25"], plan)
    late = ("I.3.1", "Tháng 3/2025", "overdue")
    assert late in due_ids(runner, ["--unit", "Vụ Pháp chế", "--as-of", "2025-04-01"], plan)
    # Without --unit, the milestone stays open until every member is done.
    rows = as_json(runner, ["due", "--as-of", "2025-04-01"], plan)
    first = next(r for r in rows if r["id"] == "I.3.1" and r["label"] == "Tháng 3/2025")
    assert (first["status"], first["members_done"], first["members_total"]) == (OVERDUE, 1, 22)


def test_units_count_each_members_own_milestones(runner, plan: Path) -> None:
    """Văn phòng Bộ's record of I.3.1 Q1 moves one milestone of its own row from overdue to
    done on time, and changes nothing in Vụ Pháp chế's row."""
    args = ["units", "--as-of", "2025-04-01"]
    before = {r["name"]: r for r in as_json(runner, args, plan)}
    assert run(runner, VP_RECORD, plan).exit_code == 0
    after = {r["name"]: r for r in as_json(runner, args, plan)}
    vp_before, vp_after = before["Văn phòng Bộ"], after["Văn phòng Bộ"]
    assert vp_after["overdue"] == vp_before["overdue"] - 1
    assert vp_after["done_on_time"] == vp_before["done_on_time"] + 1
    assert after["Vụ Pháp chế"] == before["Vụ Pháp chế"]


def test_show_lists_members_done_and_owing(runner, plan: Path) -> None:
    assert run(runner, VP_RECORD, plan).exit_code == 0
    record = as_json(runner, ["show", "I.3.1", "--as-of", "2025-04-01"], plan)
    first = record["milestones"][0]
    assert (first["members_done"], first["members_total"]) == (1, 22)
    assert {m["unit"] for m in first["members"]} == MEMBERS_Q1
    vp = next(m for m in first["members"] if m["unit"] == "Văn phòng Bộ")
    assert vp == {
        "unit": "Văn phòng Bộ",
        "status": DONE_ON_TIME,
        "done": "2025-03-18",
        "evidence": "Báo cáo 45/BC-VP",
    }
    assert {m["status"] for m in first["members"] if m["unit"] != "Văn phòng Bộ"} == {OVERDUE}
    table = run(runner, ["show", "I.3.1", "--as-of", "2025-04-01"], plan)
    assert table.exit_code == 0
    assert "Văn phòng Bộ: hoàn thành ngày 18/03/2025 — minh chứng: Báo cáo 45/BC-VP" in table.stdout
    assert "Còn 21 đơn vị chưa xong" in table.stdout


def test_owing_lists_every_member_not_done(runner, plan: Path) -> None:
    """The Done-when command: every unit of the ministry on 31/03/2025 but those done."""
    assert run(runner, VP_RECORD, plan).exit_code == 0
    result = run(runner, ["owing", "I.3.1", "--milestone", "1", "--as-of", "2025-04-01"], plan)
    assert result.exit_code == 0, result.output
    expected = {RENAMED_Q1.get(name, name) for name in MEMBERS_Q1 - {"Văn phòng Bộ"}}
    lines = result.stdout.splitlines()
    assert len(lines) == 21 and set(lines) == expected
    assert result.stderr == ""
    names = as_json(runner, ["owing", "I.3.1", "-m", "1", "--as-of", "2025-04-01"], plan)
    assert set(names) == expected
    # Before it is recorded, Văn phòng Bộ is on the list too; the merged and departed are not.
    fresh = run(runner, ["owing", "I.3.1", "-m", "1", "--as-of", "2025-04-01"])
    assert "Văn phòng Bộ" in fresh.stdout.splitlines()
    for gone in ("Vụ Tiền lương", "Ban Tôn giáo Chính phủ", "Học viện Hành chính Quốc gia"):
        assert gone not in fresh.stdout


def test_owing_without_milestone_takes_the_earliest_open(runner) -> None:
    result = run(runner, ["owing", "I.3.1", "--as-of", "2025-04-01"])
    assert result.exit_code == 0
    assert "Tháng 3/2025" in result.stderr and "22" in result.stderr
    assert len(result.stdout.splitlines()) == 22


def _with_every_member(plan: Path, late: str | None) -> None:
    """Record I.3.1 Q1 for every member directly in the file, ``late`` on 04/04/2025."""
    text = plan.read_text(encoding="utf-8")
    anchor = ANCHOR
    lines = ["            progress:\n"]
    for name in sorted(MEMBERS_Q1):
        day = "2025-04-04" if name == late else "2025-03-20"
        lines.append(
            f"              - {{milestone: 1, unit: {name}, done: {day}, evidence: BC {len(lines)}}}\n"
        )
    assert text.count(anchor) == 1
    plan.write_text(text.replace(anchor, anchor + "".join(lines)), encoding="utf-8")


@pytest.mark.parametrize(
    ("late", "status", "done"),
    [(None, DONE_ON_TIME, "2025-03-20"), ("Thanh tra Bộ", DONE_LATE, "2025-04-04")],
)
def test_a_group_milestone_is_done_when_every_member_is(
    plan: Path, late: str | None, status: str, done: str
) -> None:
    _with_every_member(plan, late)
    loaded = validate(plan, plan.parent / "units.yaml", today=TODAY)
    assert loaded.errors == ()
    item = loaded.plan.item("I.3.1")
    row = rows_as_of([item], date(2025, 4, 10), loaded.plan.items, index=loaded.index)[0]
    assert (row.status, row.completion.on.isoformat(), row.members_done) == (status, done, 22)
    assert members_owing(item, 1, loaded.index, date(2025, 4, 10)).owing == ()


def test_shared_group_item_keeps_one_completion(runner, plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    anchor = ANCHOR
    plan.write_text(text.replace(anchor, anchor + "            shared: true\n"), encoding="utf-8")
    args = ["done", "I.3.1", "-m", "1", "--on", "2025-03-20", "-e", "BC chung"]
    result = run(runner, args, plan)
    assert result.exit_code == 0, result.output
    assert "{milestone: Tháng 3/2025, done: 2025-03-20, evidence: BC chung}" in plan.read_text(
        encoding="utf-8"
    )
    rows = as_json(runner, ["show", "I.3.1", "--as-of", "2025-04-01"], plan)["milestones"]
    assert rows[0]["status"] == DONE_ON_TIME and "members" not in rows[0]


def test_named_leads_share_one_completion(plan: Path) -> None:
    """I.3.4 names its lead (Vụ Cải cách hành chính): one completion, no members."""
    loaded = validate(plan, plan.parent / "units.yaml", today=TODAY)
    item = loaded.plan.item("I.3.4")
    row = rows_as_of([item], date(2025, 4, 1), loaded.plan.items, index=loaded.index)[0]
    assert row.members == () and row.members_total is None


# ---------------------------------------------------------------------------------------------
# 2. The registry as of each day


def test_hvhcqg_owes_nothing_after_it_left(runner) -> None:
    """It left on 31/01/2025: none of I.3.1's quarters is its own, none overdue, none due."""
    assert as_json(runner, ["due", "--unit", "HVHCQG", "--as-of", "2025-12-20"]) == []
    page = as_json(runner, ["unit", "HVHCQG", "--as-of", "2025-12-20"])
    assert page["overdue"] == [] and page["counts"]["lead"]["overdue"] == 0
    moved = [(r["id"], r["label"], r["transferred_to"]) for r in page["transferred"]]
    where = "Học viện Chính trị quốc gia Hồ Chí Minh"
    for quarter in ("Tháng 3/2025", "Tháng 6/2025", "Tháng 9/2025", "Tháng 12/2025"):
        assert ("I.3.1", quarter, where) in moved
    table = run(runner, ["unit", "HVHCQG", "--as-of", "2025-12-20"])
    assert "Đã chuyển giao" in table.stdout


def test_what_a_unit_owed_before_leaving_keeps_its_status() -> None:
    """V.2.1 (Tháng 01/2025) was Vụ Tiền lương's before the merger: as of 01/07/2025 it is
    still overdue, counted in its successor's row; V.2.2 (after the merger) is the successor's."""
    loaded = validate(PLAN, UNITS, today=TODAY)
    index = loaded.index
    day = date(2025, 7, 1)
    rows = rows_as_of(loaded.plan.items, day, index=index)
    successor = index.query("Cục Tiền lương và Bảo hiểm xã hội").entry
    mine = {(r.item.id.value, r.status) for r in rows_for_unit(rows, index, successor, as_of=day)}
    assert ("V.2.1", OVERDUE) in mine and ("V.2.2", OVERDUE) in mine
    # Seen from before the merger, Vụ Tiền lương owes V.2.1 and V.2.2 went to its successor.
    before = date(2025, 2, 1)
    tl = index.query("Vụ Tiền lương").entry
    early = rows_as_of(loaded.plan.items, before, index=index)
    answers = {
        r.item.id.value: unit_status(r, tl, index, before)
        for r in early
        if r.item.id.value in ("V.2.1", "V.2.2")
    }
    assert answers["V.2.1"].status == OVERDUE
    assert answers["V.2.2"].status == TRANSFERRED
    assert answers["V.2.2"].transferred_to == "Cục Tiền lương và Bảo hiểm xã hội"


def test_units_shows_the_successor_once_after_the_merger(runner) -> None:
    after = {r["name"]: r for r in as_json(runner, ["units", "--as-of", "2025-07-01"])}
    assert "Vụ Tiền lương" not in after and "Ban Tôn giáo Chính phủ" not in after
    assert "Học viện Hành chính Quốc gia" not in after
    cuc = after["Cục Tiền lương và Bảo hiểm xã hội"]
    assert cuc["active"] is True
    # Its row holds V.2.1 (Vụ Tiền lương's, due 31/01) with its own items.
    assert cuc["overdue"] >= 2
    before = {r["name"]: r for r in as_json(runner, ["units", "--as-of", "2025-02-01"])}
    assert "Vụ Tiền lương" in before and "Cục Tiền lương và Bảo hiểm xã hội" not in before
    every = {r["name"]: r for r in as_json(runner, ["units", "--all", "--as-of", "2025-07-01"])}
    assert every["Vụ Tiền lương"]["active"] is False


def test_old_name_after_the_merger_finds_the_successor(runner) -> None:
    old = as_json(runner, ["due", "--unit", "TL", "--as-of", "2025-07-01"])
    new = as_json(runner, ["due", "--unit", "Cục Tiền lương và BHXH", "--as-of", "2025-07-01"])
    assert old == new and any(r["id"] == "V.2.1" for r in old)


def test_lead_shows_the_successor_and_the_name_of_the_day(runner) -> None:
    after = run(runner, ["list", "--section", "V.2", "--as-of", "2025-07-01"])
    assert "Cục TL&BHXH" in after.stdout and " TL " not in after.stdout
    before = run(runner, ["list", "--section", "V.2", "--as-of", "2025-02-01"])
    assert "Cục TL&BHXH" not in before.stdout and "TL" in before.stdout
    renamed = run(runner, ["units", "--as-of", "2025-07-01"])
    assert "Trung tâm Công nghệ thông tin" in renamed.stdout
    assert "Trung tâm Thông tin " not in renamed.stdout


def test_a_unit_established_later_owes_from_its_first_due_date() -> None:
    """Cục Việc làm, established 01/03/2025, owes I.3.1's quarters from 31/03/2025 on: every
    quarter of 2025 falls due after that day."""
    loaded = validate(PLAN, UNITS, today=TODAY)
    index = loaded.index
    item = loaded.plan.item("I.3.1")
    cuc = index.query("Cục Việc làm").entry
    day = date(2025, 4, 1)
    owing = members_owing(item, 1, index, day).owing
    assert cuc in owing and len(owing) == 22


def test_the_views_follow_the_registry_not_a_fact_in_code(tmp_path: Path, runner) -> None:
    """Move Vụ Tiền lương's merger to 01/07/2025 in a copy of the registry: it then owes the
    first two quarters of I.3.1 itself, and its successor both too (established 01/03)."""
    units = UNITS.read_text(encoding="utf-8")
    marker = "      unit: Cục Tiền lương và Bảo hiểm xã hội\n      on: 2025-03-01\n"
    assert units.count(marker) == 1
    (tmp_path / "units.yaml").write_text(
        units.replace(marker, marker.replace("2025-03-01", "2025-07-01")), encoding="utf-8"
    )
    plan = tmp_path / "plan-2025.yaml"
    plan.write_bytes(PLAN.read_bytes())
    q1 = run(runner, ["owing", "I.3.1", "-m", "1", "--as-of", "2025-04-01"], plan)
    assert "Vụ Tiền lương" in q1.stdout.splitlines() and len(q1.stdout.splitlines()) == 23
    q3 = run(runner, ["owing", "I.3.1", "-m", "3", "--as-of", "2025-04-01"], plan)
    assert "Vụ Tiền lương" not in q3.stdout and len(q3.stdout.splitlines()) == 22


def test_pages_say_when_a_unit_merged_or_left(runner) -> None:
    merged = run(runner, ["unit", "TL", "--as-of", "2025-07-01"])
    assert merged.stdout.startswith(
        "Vụ Tiền lương đã hợp nhất vào Cục Tiền lương và Bảo hiểm xã hội từ 01/03/2025"
    )
    left = run(runner, ["unit", "HVHCQG", "--as-of", "2025-07-01"])
    assert " ".join(left.stdout.split()).startswith(
        "Học viện Hành chính Quốc gia không còn thuộc Bộ vào ngày 01/07/2025 "
    )
    before = run(runner, ["unit", "TL", "--as-of", "2025-02-01"])
    assert before.stdout.startswith("Vụ Tiền lương (TL)")


def test_a_merged_units_old_name_records_for_its_successor(runner, plan: Path) -> None:
    """Vụ Tiền lương merged on 01/03/2025: its part of Q1 (due 31/03) is its successor's."""
    args = ["done", "I.3.1", "--unit", "TL", "-m", "1", "--on", "2025-03-20", "-e", "BC 1/TL"]
    result = run(runner, args, plan)
    assert result.exit_code == 0, result.output
    assert (
        "{milestone: Tháng 3/2025, unit: Cục Tiền lương và Bảo hiểm xã hội, done: 2025-03-20, "
        "evidence: BC 1/TL}" in plan.read_text(encoding="utf-8")
    )
    named = run(runner, ["done", "I.3.1", "--unit", "HVHCQG", "-m", "2", "-e", "BC"], plan)
    assert named.exit_code == 2 and "Học viện Hành chính Quốc gia" in named.stderr


def test_undo_without_milestone_takes_the_units_latest(runner, plan: Path) -> None:
    before = plan.read_text(encoding="utf-8")
    assert run(runner, VP_RECORD, plan).exit_code == 0
    after_first = plan.read_text(encoding="utf-8")
    q2 = ["done", "I.3.1", "--unit", "VP", "--on", "2025-06-18", "-e", "Báo cáo 80/BC-VP"]
    result = run(runner, q2, plan)
    assert result.exit_code == 0 and "Tháng 6/2025" in result.stdout  # its earliest not done
    assert run(runner, ["undo", "I.3.1", "--unit", "VP"], plan).exit_code == 0
    assert plan.read_text(encoding="utf-8") == after_first
    assert run(runner, ["undo", "I.3.1", "--unit", "VP"], plan).exit_code == 0
    assert plan.read_text(encoding="utf-8") == before
    nothing = run(runner, ["undo", "I.3.1", "--unit", "VP"], plan)
    assert nothing.exit_code == 2 and nothing.stdout == ""


def test_member_parts_reads_each_record_as_member_completion_does(tmp_path: Path) -> None:
    """member_parts reads an item's records once (issue 23); each member's part is still the
    record ``member_completion`` finds for it — on the benchmark's realistic plan (records per
    member, some dated after the day asked) and the real one with records under a merged
    unit's old name and its successor's, on days around the merger."""
    import sys

    from conftest import ROOT

    from parplan.core.units import UnitIndex
    from parplan.io.loader import load_plan, load_registry
    from parplan.query.status import (
        effective_due,
        is_per_member,
        member_completion,
        member_parts,
        owing_units,
        status_as_of,
    )

    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    generated = bench.generate(1000, tmp_path, realistic=True)
    text = PLAN.read_text(encoding="utf-8")
    marker = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    records = (
        "            progress:\n"
        "              - {milestone: 1, unit: Vụ Tiền lương, done: 2025-02-20, evidence: a}\n"
        "              - {milestone: 1, unit: Cục Tiền lương và Bảo hiểm xã hội, done: 2025-03-05,"
        " evidence: b}\n"
        "              - {milestone: 2, unit: Vụ Tiền lương, done: 2025-06-01, evidence: c}\n"
    )
    assert marker in text
    real = tmp_path / "real.yaml"
    real.write_text(text.replace(marker, marker + records, 1), encoding="utf-8")
    registry, _ = load_registry(UNITS)
    seen = 0
    for path in (generated, real):
        plan, _problems = load_plan(path)
        index = UnitIndex(registry, plan.info.issued)
        for item in plan.items:
            if not is_per_member(item, index) or item.parsed.problems:
                continue
            for number in range(1, len(item.milestones) + 1):
                for as_of in (date(2025, 3, 1), date(2025, 4, 15), date(2026, 1, 1)):
                    milestone = item.milestones[number - 1]
                    due = effective_due(milestone, as_of, None, item.within_days)
                    expected = []
                    for unit in owing_units(item, number, index, as_of, due):
                        found = member_completion(item, number, unit, index, as_of, due)
                        on = found.on if found else None
                        status = status_as_of(milestone, as_of, on, None, item.within_days)
                        shown = found if found is not None and found.on <= as_of else None
                        expected.append((unit.name, status, shown))
                    parts = member_parts(item, number, index, as_of)
                    got = [(p.unit.name, p.status, p.completion) for p in parts]
                    assert got == expected, (item.id.value, number, as_of)
                    seen += sum(1 for p in parts if p.completion is not None)
    assert seen > 0
