"""`parplan log` and `parplan late`: surgical, atomic edits, read back by show, overdue,
report, fmt and diff. The edits run on copies of the real plan in tmp_path."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.io import worklog
from parplan.io.errors import RequestError
from parplan.io.fmt import format_file
from parplan.io.loader import load_plan
from parplan.render.diff import diff_plans

TODAY = date(2025, 6, 30)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def changed_lines(before: bytes, after: bytes) -> list[str]:
    old = before.decode("utf-8").splitlines(keepends=True)
    new = after.decode("utf-8").splitlines(keepends=True)
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(old, new, n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_log_adds_one_line_per_entry(plan: Path) -> None:
    """I.5.2 ("Thường xuyên", led by Văn phòng Bộ): the first entry creates `log:` after the
    item's last key, the second adds one line; nothing else moves; fmt keeps the layout."""
    before = plan.read_bytes()
    worklog.record_log(
        plan,
        plan.parent / "units.yaml",
        "I.5.2",
        on=date(2025, 3, 10),
        text="Đăng 15 tin bài: cải cách",
        unit="Văn phòng Bộ",
        evidence="Báo cáo số 7/BC-VP",
        today=TODAY,
    )
    middle = plan.read_bytes()
    assert changed_lines(before, middle) == [
        "+            log:",
        '+              - {on: 2025-03-10, text: "Đăng 15 tin bài: cải cách", unit: Văn phòng Bộ, '
        "evidence: Báo cáo số 7/BC-VP}",
    ]
    worklog.record_log(
        plan,
        plan.parent / "units.yaml",
        "I.5.2",
        on=date(2025, 4, 2),
        text="Đăng 9 tin bài",
        today=TODAY,
    )
    assert changed_lines(middle, plan.read_bytes()) == [
        "+              - {on: 2025-04-02, text: Đăng 9 tin bài}"
    ]
    assert not format_file(plan).changed  # already in fmt's layout
    item = load_plan(plan)[0].item("I.5.2")
    assert [(e.on, e.text, e.unit, e.evidence) for e in item.log] == [
        (date(2025, 3, 10), "Đăng 15 tin bài: cải cách", "Văn phòng Bộ", "Báo cáo số 7/BC-VP"),
        (date(2025, 4, 2), "Đăng 9 tin bài", None, None),
    ]


def test_late_names_the_milestone_and_goes_after_log(plan: Path) -> None:
    """I.3.1 has four milestones; its Q1 report named by label. `late:` follows `log:`."""
    units = plan.parent / "units.yaml"
    worklog.record_late(
        plan,
        units,
        "I.3.1",
        reason="Chờ số liệu",
        today=TODAY,
        milestone="thang 3/2025",
        unit="Văn phòng Bộ",
    )
    worklog.record_log(plan, units, "I.3.1", on=date(2025, 3, 19), text="Gửi dự thảo", today=TODAY)
    text = plan.read_text(encoding="utf-8")
    start = text.index("- id: I.3.1\n")
    block = text[start : text.index("- id: I.3.2", start)]
    assert block.rstrip().splitlines()[-4:] == [
        "            log:",
        "              - {on: 2025-03-19, text: Gửi dự thảo}",
        "            late:",
        "              - {milestone: Tháng 3/2025, reason: Chờ số liệu, unit: Văn phòng Bộ, "
        "on: 2025-06-30}",
    ]
    assert not format_file(plan).changed


def test_late_without_milestone_takes_the_only_overdue_one(plan: Path) -> None:
    """As of 30/06, I.3.2's milestone Tháng 3/2025 is overdue; June's (30/06) is still due."""
    worklog.record_late(
        plan, plan.parent / "units.yaml", "I.3.2", reason="Thiếu số liệu", today=TODAY
    )
    reason = load_plan(plan)[0].item("I.3.2").late[0]
    assert (reason.milestone.value, reason.reason, reason.on) == (
        "Tháng 3/2025",
        "Thiếu số liệu",
        TODAY,
    )


@pytest.mark.parametrize(
    ("call", "key"),
    [
        (
            lambda p, u: worklog.record_log(p, u, "I.5.2", on=TODAY, text="  ", today=TODAY),
            "worklog.text-required",
        ),
        (
            lambda p, u: worklog.record_late(p, u, "I.5.2", reason="x", today=TODAY),
            "worklog.ongoing",
        ),
        (
            lambda p, u: worklog.record_late(p, u, "I.3.1", reason="x", today=date(2025, 12, 31)),
            "worklog.which",
        ),
        (
            lambda p, u: worklog.record_log(
                p, u, "I.5.2", on=date(2025, 7, 1), text="x", today=TODAY
            ),
            "ledger.future",
        ),
        (
            lambda p, u: worklog.record_log(p, u, "IX.9", on=TODAY, text="x", today=TODAY),
            "error.item.unknown",
        ),
        # A reason for a unit with no part in the milestone: Vụ Pháp chế neither leads III.1
        # (Văn phòng Bộ) nor supports it; Ban Tôn giáo Chính phủ left on 01/03/2025, before
        # the first-quarter report of I.3.1 fell due (20/03), which its members owe.
        (
            lambda p, u: worklog.record_late(
                p, u, "III.1", reason="x", today=TODAY, unit="Vụ Pháp chế"
            ),
            "ledger.unit-not-owing",
        ),
        (
            lambda p, u: worklog.record_late(
                p, u, "I.3.1", reason="x", today=TODAY, milestone="1", unit="Ban Tôn giáo Chính phủ"
            ),
            "ledger.unit-not-owing",
        ),
    ],
)
def test_refused_requests_change_nothing(plan: Path, call, key: str) -> None:
    before = plan.read_bytes()
    with pytest.raises(RequestError) as raised:
        call(plan, plan.parent / "units.yaml")
    assert raised.value.key == key
    assert plan.read_bytes() == before


def test_late_for_the_unit_a_lead_merged_into(plan: Path) -> None:
    """V.2.1 is led by Vụ Tiền lương, merged into Cục Tiền lương và Bảo hiểm xã hội on
    01/03/2025: the successor may say why it is late."""
    worklog.record_late(
        plan,
        plan.parent / "units.yaml",
        "V.2.1",
        reason="Chờ số liệu",
        today=TODAY,
        unit="Cục Tiền lương và Bảo hiểm xã hội",
    )
    assert "unit: Cục Tiền lương và Bảo hiểm xã hội" in plan.read_text(encoding="utf-8")


def test_cli_log_late_show_overdue_and_diff(runner, plan: Path) -> None:
    files = ["--plan", str(plan)]
    before = load_plan(plan)[0]
    result = runner.invoke(
        app,
        ["log", "I.5.2", "--text", "Đăng tin", "--unit", "VP", "--on", "2025-03-10", *files],
    )
    assert result.exit_code == 0, result.output
    assert "+ " in result.stdout and "unit: Văn phòng Bộ" in result.stdout
    result = runner.invoke(app, ["late", "III.1", "--reason", "Chờ góp ý", "--unit", "VP", *files])
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["show", "I.5.2", "--as-of", "2025-03-31", *files])
    assert "Nhật ký 10/03/2025: Đăng tin (Văn phòng Bộ)" in shown.stdout
    early = runner.invoke(app, ["show", "I.5.2", "--as-of", "2025-03-01", *files])
    assert "Đăng tin" not in early.stdout  # written after that day
    overdue = runner.invoke(app, ["overdue", "--unit", "VP", *files])  # today: written today
    assert overdue.exit_code == 0
    assert "- III.1: Chờ góp ý (Văn phòng Bộ)" in overdue.stdout
    before_it = runner.invoke(app, ["overdue", "--unit", "VP", "--as-of", "2025-03-15", *files])
    assert "Chờ góp ý" not in before_it.stdout  # not yet written on that day
    changes = diff_plans(before, load_plan(plan)[0])
    assert [(c.id, c.field, c.old, c.new) for c in changes] == [
        ("I.5.2", "log", None, "10/03/2025: Đăng tin (Văn phòng Bộ)"),
        ("III.1", "late", None, f"Chờ góp ý (Văn phòng Bộ), {_today_dmy()}"),
    ]
    fmt = runner.invoke(app, ["fmt", "--check", str(plan)])
    assert fmt.exit_code == 0, fmt.output


def _today_dmy() -> str:
    from parplan.cli.app import today

    return today().strftime("%d/%m/%Y")


def test_cli_usage_errors(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = runner.invoke(app, ["log", "I.5.2", "--plan", str(plan)])
    assert result.exit_code == 2 and "--text" in result.stderr
    result = runner.invoke(
        app, ["log", "I.5.2", "-t", "x", "--unit", "Vụ Không Có", "--plan", str(plan)]
    )
    assert result.exit_code == 2 and "Vụ Không Có" in result.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize("key", ["log", "late"])
def test_validate_reports_a_work_log_entry_dated_after_today(runner, plan: Path, key: str) -> None:
    """Through the parse cache too (cached or not, the day's checks run on each call): an entry
    written on 1 May and changed by hand to 1 September is after today (1 June)."""
    add = ["log", "I.5.1", "--text", "Đã họp"] if key == "log" else ["late", "I.5.1"]
    add += ["--reason", "Chờ ý kiến"] if key == "late" else []
    added = runner.invoke(
        app, [*add, "--plan", str(plan), "--units", str(UNITS)], env={"PARPLAN_TODAY": "2025-05-01"}
    )
    assert added.exit_code == 0, added.output
    text = plan.read_text(encoding="utf-8")
    assert text.count("on: 2025-05-01") == 1
    plan.write_text(text.replace("on: 2025-05-01", "on: 2025-09-01"), encoding="utf-8")
    line = next(n for n, t in enumerate(plan.read_text().splitlines(), 1) if "2025-09-01" in t)
    argv = ["validate", "--plan", str(plan), "--units", str(UNITS)]
    for cache in ({}, {"PARPLAN_CACHE": "off"}):
        for _ in range(2):  # the entry written, then read
            result = runner.invoke(app, argv, env={"PARPLAN_TODAY": "2025-06-01", **cache})
            assert result.exit_code == 1, result.output
            assert f"plan-2025.yaml:{line}:" in result.stdout
            assert "[done-future]" in result.stdout
