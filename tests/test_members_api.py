"""Issue 8 through the Python API: each member's own part of a group-led item, and a merged
unit's old name, give the answers of the commands (``done --unit``, ``show``, ``due --unit``).

Expected values by hand from the decision and data/units.yaml (see tests/test_members.py):
I.3.1 is led by "Các đơn vị thuộc, trực thuộc Bộ", 22 members on its first due date; Vụ Tiền
lương merged into Cục Tiền lương và Bảo hiểm xã hội on 01/03/2025.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan import Plan, RequestError, Role, Status
from parplan.cli.app import app

ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "PARPLAN_LANG": None, "PARPLAN_TODAY": "2025-07-01"}
TODAY = date(2025, 7, 1)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copy(PLAN, tmp_path / "plan-2025.yaml")
    shutil.copy(UNITS, tmp_path / "units.yaml")
    return tmp_path / "plan-2025.yaml"


def _cli_json(runner, path: Path, *args: str) -> object:
    result = runner.invoke(app, [*args, "--plan", str(path), "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_record_done_takes_the_unit_of_a_group_item(copy: Path, runner) -> None:
    original = copy.read_bytes()
    plan = Plan.load(copy, today=TODAY)
    with pytest.raises(RequestError) as missing:
        plan.record_done("I.3.1", milestone=1, on=date(2025, 3, 18), evidence="BC 45")
    assert missing.value.key == "ledger.unit-required"
    recorded = plan.record_done(
        "I.3.1", unit="VP", milestone=1, on=date(2025, 3, 18), evidence="Báo cáo 45/BC-VP"
    )
    assert [line.strip() for _, line in recorded.added] == [
        "progress:",
        "- {milestone: Tháng 3/2025, unit: Văn phòng Bộ, done: 2025-03-18, "
        "evidence: Báo cáo 45/BC-VP}",
    ]
    # Văn phòng Bộ's own part is done; the milestone is not, 1 of 22 members.
    assert "I.3.1" not in [row.id for row in plan.due("VP", as_of=date(2025, 3, 25))]
    assert ("I.3.1", 1) in [(r.id, r.number) for r in plan.overdue("PC", as_of=date(2025, 4, 1))]
    first = recorded.milestones[0]
    assert (first.status, first.members_done, first.members_total) == (Status.OVERDUE, 1, 22)
    plan.undo_done("I.3.1", unit="Văn phòng Bộ", milestone=1)
    assert copy.read_bytes() == original


def test_an_item_done_by_every_member_is_done_as_show_says(copy: Path, runner) -> None:
    plan = Plan.load(copy, today=TODAY)
    owing = _cli_json(runner, copy, "owing", "I.3.1", "--milestone", "1", "--as-of", "2025-04-01")
    assert len(owing) == 22
    for number, name in enumerate(owing):
        # The last member reports on 25/03, after the working deadline 20/03: done late.
        on = date(2025, 3, 25) if number == len(owing) - 1 else date(2025, 3, 18)
        plan.record_done("I.3.1", unit=name, milestone=1, on=on, evidence=f"BC {number}")
    shown = _cli_json(runner, copy, "show", "I.3.1", "--as-of", "2025-04-01")
    assert shown["milestones"][0]["status"] == "done_late"
    first = plan.item("I.3.1", as_of=date(2025, 4, 1)).milestones[0]
    assert (first.status, first.done) == (Status.DONE_LATE, date(2025, 3, 25))
    assert (first.members_done, first.members_total) == (22, 22)
    second = plan.item("I.3.1", as_of=date(2025, 4, 1)).milestones[1]
    assert (second.status, second.members_done, second.members_total) == (Status.PENDING, 0, 22)


def test_a_merged_units_old_name_asks_for_its_successor(runner) -> None:
    plan = Plan.load(PLAN, today=TODAY)
    as_of = date(2025, 7, 1)
    successor = [(r.id, r.number) for r in plan.overdue("Cục TL&BHXH", as_of=as_of)]
    # V.2.1 (Vụ Tiền lương, 31/01/2025), I.3.1's first two reports, V.2.2 (30/04/2025).
    assert sorted(successor) == [("I.3.1", 1), ("I.3.1", 2), ("V.2.1", 1), ("V.2.2", 1)]
    assert [(r.id, r.number) for r in plan.overdue("Vụ Tiền lương", as_of=as_of)] == successor
    cli = _cli_json(runner, PLAN, "overdue", "--unit", "Vụ Tiền lương", "--as-of", "2025-07-01")
    assert [(r["id"], r["label"]) for r in cli] == [
        (r.id, r.label) for r in plan.overdue("TL", as_of=as_of)
    ]
    page = plan.unit_page("TL", as_of=as_of)
    assert page.unit == "Cục Tiền lương và Bảo hiểm xã hội"
    assert [(r.id, r.number) for r in page.overdue] == successor
    # Before the merger, Vụ Tiền lương answers for itself.
    assert [r.id for r in plan.overdue("TL", as_of=date(2025, 2, 27))] == ["V.2.1"]


def _events(runner, *args: str) -> list[str]:
    result = runner.invoke(app, ["ics", *args, "--plan", str(PLAN)], env=ENV)
    assert result.exit_code == 0, result.output
    lines = result.stdout.replace("\r\n ", "").splitlines()
    return [line for line in lines if line.startswith(("SUMMARY:", "DTSTART", "UID:"))]


def test_the_calendar_of_a_merged_units_old_name_is_its_successors(runner) -> None:
    # Today 01/07/2025: Vụ Tiền lương's work is Cục Tiền lương và Bảo hiểm xã hội's, as in due.
    successor = _events(runner, "--unit", "Cục Tiền lương và Bảo hiểm xã hội")
    assert sum(line.startswith("SUMMARY:I.3.1") for line in successor) == 4  # its four reports
    assert _events(runner, "--unit", "Vụ Tiền lương") == successor


def test_the_report_of_a_merged_units_old_name_is_its_successors(runner) -> None:
    # The first half-year's figures are as of 14/06/2025, after the merger of 01/03/2025.
    report = _cli_json(runner, PLAN, "report", "--period", "6T", "--unit", "TL")
    assert report["unit"] == "Cục Tiền lương và Bảo hiểm xã hội"
    assert report == _cli_json(runner, PLAN, "report", "--period", "6T", "--unit", "Cục TL&BHXH")


def test_owing_is_the_owing_command(copy: Path, runner) -> None:
    plan = Plan.load(copy, today=TODAY)
    plan.record_done("I.3.1", unit="VP", milestone=1, on=date(2025, 3, 18), evidence="BC 45")
    as_of = date(2025, 4, 1)
    cli = _cli_json(runner, copy, "owing", "I.3.1", "--milestone", "1", "--as-of", "2025-04-01")
    assert plan.owing("I.3.1", milestone=1, as_of=as_of) == cli
    assert len(cli) == 21 and "Văn phòng Bộ" not in cli  # 22 members on 20/03/2025, VP done
    assert "Vụ Công tác thanh niên và Bình đẳng giới" in cli  # the name of the day
    # Without a milestone: the earliest not done by every member, the first here.
    assert plan.owing("i.3.1", as_of=as_of) == cli
    assert plan.owing("I.3.1", milestone="Tháng 6/2025", as_of=as_of) == _cli_json(
        runner, copy, "owing", "I.3.1", "-m", "2", "--as-of", "2025-04-01"
    )
    with pytest.raises(RequestError):
        plan.owing("I.3.1", milestone=5)


def test_a_unit_page_gives_what_was_transferred_as_the_unit_view_does(runner) -> None:
    # HVHCQG left on 31/01/2025 for Học viện Chính trị quốc gia Hồ Chí Minh: I.3.1's four
    # reports and the two items it led fall due after, all transferred there.
    plan = Plan.load(PLAN, today=TODAY)
    page = plan.unit_page("HVHCQG", as_of=date(2025, 12, 20))
    cli = _cli_json(runner, PLAN, "unit", "HVHCQG", "--as-of", "2025-12-20")
    expected = [(r["id"], r["label"], r["due"], r["transferred_to"]) for r in cli["transferred"]]
    assert len(expected) == 6
    assert {to for *_, to in expected} == {"Học viện Chính trị quốc gia Hồ Chí Minh"}
    assert [
        (t.id, t.label, t.due.isoformat() if t.due else None, t.to) for t in page.transferred
    ] == expected
    assert page.counts[Role.LEAD].statuses[Status.TRANSFERRED] == 6


def test_summary_with_show_all_is_units_all(runner) -> None:
    plan = Plan.load(PLAN, today=TODAY)
    as_of = date(2025, 7, 1)
    for args, kwargs in (([], {}), (["--all"], {"show_all": True})):
        cli = _cli_json(runner, PLAN, "units", "--as-of", "2025-07-01", *args)
        rows = [(r["name"], r["active"]) for r in cli if r["kind"] != "group"]
        summary = plan.summary(as_of=as_of, **kwargs)
        assert [(u.name, u.active) for u in summary.units] == rows
    gone = {"Học viện Hành chính Quốc gia", "Ban Tôn giáo Chính phủ", "Vụ Tiền lương"}
    inactive = {u.name for u in plan.summary(as_of=as_of, show_all=True).units if not u.active}
    assert inactive == gone
