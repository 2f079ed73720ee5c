"""Issue 18's faults (items 3-6 and 11-15): each test failed before its fix. Expected values
are read from the plan (data/plan-2025.yaml) and the units file by hand. Edits run on copies
of the real plan in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def run(runner, plan: Path, *arguments: str, today: str = "2025-06-30"):
    """The command with ``--plan``, on a day of 2025 (PARPLAN_TODAY)."""
    return runner.invoke(app, [*arguments, "--plan", str(plan)], env={"PARPLAN_TODAY": today})


def ok(result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


# -- 3: show --format json carries the work log and the reasons for delay ---------------------


def test_show_json_carries_log_and_late(runner, plan: Path) -> None:
    """VII.1.1 ("Thường xuyên", Trung tâm Thông tin) gets a log entry; I.3.1's March report
    (due 20/03/2025) a reason from Văn phòng Bộ: each is in show's JSON as written."""
    ok(run(runner, plan, "log", "VII.1.1", "--text", "Cập nhật cổng", "--on", "2025-04-01"))
    ok(
        run(
            runner,
            plan,
            "late",
            "I.3.1",
            "--unit",
            "VP",
            "--reason",
            "Chờ số liệu",
            "--milestone",
            "1",
            today="2025-04-10",
        )
    )
    shown = json.loads(ok(run(runner, plan, "show", "VII.1.1", "--format", "json")))
    assert shown["log"] == [
        {"on": "2025-04-01", "text": "Cập nhật cổng", "unit": None, "evidence": None}
    ]
    assert shown["late"] == []
    result = run(runner, plan, "show", "I.3.1", "--format", "json")
    shown = json.loads(ok(result))
    assert result.stderr == ""
    assert shown["late"] == [
        {
            "milestone": "Tháng 3/2025",
            "reason": "Chờ số liệu",
            "unit": "Văn phòng Bộ",
            "on": "2025-04-10",
        }
    ]
    assert shown["log"] == []


# -- 4: a unit's overdue rows carry only its own reasons, in JSON as in the table -------------


def test_overdue_json_of_a_unit_carries_only_its_own_reasons(runner, plan: Path) -> None:
    """I.3.1's March report (due 20/03/2025) is owed by every unit of the ministry: Văn phòng Bộ
    and Thanh tra Bộ each give a reason, on 10/04 and 12/04/2025; a reason written on 20/04 is
    after the view's day (15/04) and shows in neither."""
    for unit, reason, day in (
        ("VP", "x", "2025-04-10"),
        ("Thanh tra Bộ", "y", "2025-04-12"),
        ("Thanh tra Bộ", "z", "2025-04-20"),
    ):
        ok(
            run(
                runner,
                plan,
                "late",
                "I.3.1",
                "--unit",
                unit,
                "--reason",
                reason,
                "--milestone",
                "1",
                today=day,
            )
        )
    asked = ("overdue", "--unit", "Thanh tra Bộ", "--as-of", "2025-04-15")
    result = run(runner, plan, *asked, "--format", "json")
    rows = json.loads(ok(result))
    assert result.stderr == ""
    assert [(r["id"], r["label"], r["reasons"]) for r in rows if r["id"] == "I.3.1"] == [
        ("I.3.1", "Tháng 3/2025", ["y (Thanh tra Bộ)"])
    ]
    table = ok(run(runner, plan, *asked))
    assert table.splitlines()[-2:] == [
        "Lý do chậm đã ghi:",
        "- I.3.1 (Báo cáo CCHC quý I): y (Thanh tra Bộ)",
    ]
    # Without a unit, every reason written by the day, each naming its unit.
    rows = json.loads(ok(run(runner, plan, "overdue", "--as-of", "2025-04-15", "--format", "json")))
    assert [r["reasons"] for r in rows if r["id"] == "I.3.1"] == [
        ["x (Văn phòng Bộ)", "y (Thanh tra Bộ)"]
    ]
