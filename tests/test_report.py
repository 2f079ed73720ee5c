"""The periodic report: figures against hand-computed ones, and every format read back.

The small plan ``tests/report/plan.yaml`` (units: VP, PC, CCHC, and Ban TGCP which left on
01/03/2025) has ten milestones:

| item  | lead            | deadline (due)                     | recorded                         |
|-------|-----------------|------------------------------------|----------------------------------|
| I.1   | VP              | Tháng 3/2025 (31/03)               | done 14/03 (last day of Q1)      |
| I.2   | VP              | Tháng 02/2025 (28/02)              | done 15/03 (first day after Q1); a late reason |
| I.3.1 | every unit      | Tháng 3, 6, 9, 12 → the calendar's 20/03, 20/06, 20/09, 20/12 | nothing |
| I.4   | PC              | Thường xuyên                       | log 10/02, log 15/03             |
| I.5   | PC              | Tháng 6/2025 (30/06)               | nothing                          |
| I.6   | CCHC            | Tháng 01/2025 (31/01)              | done 10/01                       |
| I.7   | VP              | Sau khi … (conditional)            | nothing                          |

Each expected figure below is worked out from that table, in the test's docstring.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest

from parplan.checks.rules import validate
from parplan.cli.app import app
from parplan.core.periods import find_period
from parplan.query.reporting import COMPLETED, LOGGED, build_report

HERE = Path(__file__).resolve().parent / "report"
PLAN = HERE / "plan.yaml"
UNITS = HERE / "units.yaml"
FILES = ["--plan", str(PLAN), "--units", str(UNITS)]
VP, PC, CCHC = "Văn phòng Bộ", "Vụ Pháp chế", "Vụ Cải cách hành chính"


@pytest.fixture(scope="module")
def loaded():
    result = validate(PLAN, UNITS, today=date(2025, 12, 31))
    assert result.errors == ()
    return result


def report_of(loaded, period: str, unit: str | None = None, as_of: date | None = None):
    calendar = loaded.plan.info.reporting
    entry = loaded.index.query(unit).entry if unit else None
    chosen = find_period(calendar, period)
    return build_report(loaded.plan, loaded.index, calendar, chosen, 2025, as_of, entry)


def counts(tally) -> tuple[int, ...]:
    s = tally.statuses
    return (
        s["done_on_time"],
        s["done_late"],
        s["pending"],
        s["overdue"],
        s["ongoing"],
        s["waiting"],
    )


# ---------------------------------------------------------------------------------------------
# The calendar


def test_windows_and_deadlines_of_581(loaded) -> None:
    """581/BNV-CCHC: Q1 15/12/2024–14/03, 6T 15/12–14/06, Q3 15/06–14/09, 9T 15/12–14/09,
    year 15/12–14/12; each due on the 20th of the last month."""
    expected = {
        "Q1": (date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 20)),
        "6T": (date(2024, 12, 15), date(2025, 6, 14), date(2025, 6, 20)),
        "Q3": (date(2025, 6, 15), date(2025, 9, 14), date(2025, 9, 20)),
        "9T": (date(2024, 12, 15), date(2025, 9, 14), date(2025, 9, 20)),
        "nam": (date(2024, 12, 15), date(2025, 12, 14), date(2025, 12, 20)),
    }
    for key, (start, end, due) in expected.items():
        current = report_of(loaded, key).current
        assert (current.start, current.end, current.due) == (start, end, due), key


@pytest.mark.parametrize("typed", ["Q1", "q1", "quy-1", "Quý I", "quy i", "QUY_1"])
def test_period_names_as_people_type_them(loaded, typed: str) -> None:
    assert find_period(loaded.plan.info.reporting, typed).key == "Q1"


def test_report_items_take_the_calendars_working_deadline(loaded) -> None:
    """I.3.1 "Tháng 3, 6, 9, 12/2025": legal deadlines the last days of those months, working
    deadlines the 20th; the deadline as written is untouched."""
    item = loaded.plan.item("I.3.1")
    assert [m.due for m in item.milestones] == [
        date(2025, 3, 20),
        date(2025, 6, 20),
        date(2025, 9, 20),
        date(2025, 12, 20),
    ]
    assert [m.legal_due for m in item.milestones] == [
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
    ]
    assert [m.report for m in item.milestones] == [
        "Báo cáo CCHC quý I",
        "Báo cáo CCHC 6 tháng đầu năm",
        "Báo cáo CCHC quý III, 9 tháng",
        "Báo cáo CCHC năm",
    ]
    assert item.milestones[0].label == "Tháng 3/2025"  # still names it in `done`
    assert item.deadline.value == "Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)"
    assert loaded.plan.item("I.5").milestones[0].legal_due is None  # not a report item


def test_due_shows_the_report_due_on_the_20th_for_every_unit(runner) -> None:
    """As of 18/03, every member unit (VP, PC, CCHC) owes "Báo cáo CCHC quý I" on 20/03, 2 days
    ahead, with the legal deadline 31/03 beside it."""
    for unit in (VP, PC, CCHC):
        args = ["due", "--unit", unit, "--as-of", "2025-03-18", "--format", "json", *FILES]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        rows = [r for r in json.loads(result.stdout) if r["id"] == "I.3.1"]
        assert [(r["report"], r["due"], r["legal_due"], r["days"]) for r in rows] == [
            ("Báo cáo CCHC quý I", "2025-03-20", "2025-03-31", 2)
        ]


# ---------------------------------------------------------------------------------------------
# The figures


def test_ministry_q1_summary(loaded) -> None:
    """As of 14/03: I.1 and I.6 done on time (2); I.2 overdue (due 28/02, done only on 15/03);
    I.3.1's four reports and I.5 pending (5); I.4 ongoing; I.7 waiting. Deadlines passed before
    14/03: I.6 (31/01) and I.2 (28/02), one done on time → 50 %."""
    report = report_of(loaded, "Q1")
    assert report.as_of == date(2025, 3, 14)
    assert counts(report.summary) == (2, 0, 5, 1, 1, 1)
    assert report.summary.due_so_far == 2
    assert report.summary.on_time_rate == 0.5


def test_previous_period_of_q1_is_last_year(loaded) -> None:
    """Q1 2025's previous report is the year 2024 (cut-off 14/12/2024): nothing done then, the
    eight dated milestones pending, none due yet."""
    report = report_of(loaded, "Q1")
    assert (report.previous.period.key, report.previous.year) == ("nam", 2024)
    assert counts(report.previous_summary) == (0, 0, 8, 0, 1, 1)
    assert report.previous_summary.on_time_rate is None


def test_completed_in_the_window_includes_the_14th_not_the_15th(loaded) -> None:
    """Q1's window 15/12/2024–14/03/2025: I.6 (10/01), I.4's log entry of 10/02 (an ongoing
    item), I.1 (14/03). I.2 (15/03) and I.4's entry of 15/03 fall in the next period."""
    report = report_of(loaded, "Q1")
    assert [(d.kind, d.item_id, d.on) for d in report.completed] == [
        (COMPLETED, "I.6", date(2025, 1, 10)),
        (LOGGED, "I.4", date(2025, 2, 10)),
        (COMPLETED, "I.1", date(2025, 3, 14)),
    ]
    log = report.completed[1]
    assert (log.note, log.evidence, log.units) == (
        "Rà soát 12 văn bản",
        "Báo cáo số 5/BC-PC",
        (PC,),
    )
    assert report.completed[2].evidence == "Quyết định số 1/QĐ-BNV"


def test_six_months_counts_the_15th(loaded) -> None:
    """6T's window 15/12/2024–14/06: also I.2 and the log entry of 15/03, in date order."""
    report = report_of(loaded, "6T")
    assert [(d.item_id, d.on) for d in report.completed] == [
        ("I.6", date(2025, 1, 10)),
        ("I.4", date(2025, 2, 10)),
        ("I.1", date(2025, 3, 14)),
        ("I.2", date(2025, 3, 15)),
        ("I.4", date(2025, 3, 15)),
    ]


def test_overdue_with_days_late_and_reason(loaded) -> None:
    """Q1: I.2 due 28/02, 14 days late on 14/03, with the reason VP recorded."""
    report = report_of(loaded, "Q1")
    assert [(o.item_id, o.due, o.days_late, o.reasons) for o in report.overdue] == [
        ("I.2", date(2025, 2, 28), 14, ("Chờ ý kiến góp ý (Văn phòng Bộ)",))
    ]


def test_due_in_the_next_period(loaded) -> None:
    """After Q1 (14/03) comes 6T (cut-off 14/06): the Q1 report due 20/03 (legal 31/03); I.5
    (30/06) and the half-year report (20/06) come after 14/06."""
    report = report_of(loaded, "Q1")
    assert [(c.item_id, c.milestone, c.due, c.legal_due) for c in report.upcoming] == [
        ("I.3.1", "Báo cáo CCHC quý I", date(2025, 3, 20), date(2025, 3, 31))
    ]
    after_half_year = report_of(loaded, "6T")
    assert [(c.item_id, c.due) for c in after_half_year.upcoming] == [
        ("I.3.1", date(2025, 6, 20)),
        ("I.5", date(2025, 6, 30)),
    ]


def test_ministry_six_months(loaded) -> None:
    """As of 14/06: I.1, I.6 on time; I.2 late (done 15/03 > 28/02); the Q1 report overdue
    (20/03), 86 days; pending the three other reports and I.5; I.4 ongoing; I.7 waiting."""
    report = report_of(loaded, "6T")
    assert counts(report.summary) == (2, 1, 4, 1, 1, 1)
    assert [(o.item_id, o.milestone, o.days_late, o.legal_due) for o in report.overdue] == [
        ("I.3.1", "Báo cáo CCHC quý I", 86, date(2025, 3, 31))
    ]
    assert (report.previous.period.key, report.previous.year) == ("Q1", 2025)
    assert counts(report.previous_summary) == (2, 0, 5, 1, 1, 1)


def test_units_rows_as_of_the_cut_off(loaded) -> None:
    """One row per unit in the ministry on 14/03 (Ban TGCP left on 01/03), in Vietnamese
    order. VP leads I.1 (done on time), I.2 (overdue), I.7 (waiting) and, with every unit,
    I.3.1's four reports (pending)."""
    report = report_of(loaded, "Q1")
    assert [line.name for line in report.units] == [VP, CCHC, PC]
    by_name = {line.name: line.tally for line in report.units}
    assert counts(by_name[VP]) == (1, 0, 4, 1, 0, 1)
    assert counts(by_name[PC]) == (0, 0, 5, 0, 1, 0)
    assert counts(by_name[CCHC]) == (1, 0, 4, 0, 0, 0)


def test_group_led_milestones_not_done(loaded) -> None:
    """Q1: no group-led milestone was due by 14/03. 6T: the Q1 report (20/03) is not recorded,
    so every unit in the ministry on 14/06 still owes its part (not Ban TGCP, gone)."""
    assert report_of(loaded, "Q1").gaps == ()
    gaps = report_of(loaded, "6T").gaps
    assert [(g.item_id, g.milestone, g.missing) for g in gaps] == [
        ("I.3.1", "Báo cáo CCHC quý I", (VP, CCHC, PC))
    ]


def test_group_gaps_count_each_members_own_part(tmp_path) -> None:
    """Vụ Pháp chế sends its first-quarter report on 18/03: in the 6T report only VP and CCHC
    still owe theirs; the others' figures are unchanged, PC's Q1 report is done on time."""
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text("utf-8")
    deadline = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    assert deadline in text
    record = (
        "            progress:\n"
        "              - {milestone: Tháng 3/2025, unit: Vụ Pháp chế, done: 2025-03-18,"
        " evidence: Báo cáo 7/BC-PC}\n"
    )
    plan.write_text(text.replace(deadline, deadline + record), "utf-8")
    loaded = validate(plan, UNITS, today=date(2025, 12, 31))
    assert loaded.errors == ()
    gaps = report_of(loaded, "6T").gaps
    assert [(g.item_id, g.milestone, g.missing) for g in gaps] == [
        ("I.3.1", "Báo cáo CCHC quý I", (VP, CCHC))
    ]
    pc = report_of(loaded, "6T", PC)
    assert [(d.item_id, d.on) for d in pc.completed if d.item_id == "I.3.1"] == [
        ("I.3.1", date(2025, 3, 18))
    ]


def test_members_parts_done_in_the_window_are_listed_with_their_unit(tmp_path) -> None:
    """VP sends its Q1 report on 18/03 (evidence BC 1), PC on 25/03 (BC 2); CCHC has not. The
    ministry's 6T report lists both parts among the work completed in 15/12/2024–14/06/2025,
    each under the unit that did it, with its evidence; VP's own report names VP, not the
    group."""
    plan = tmp_path / "plan.yaml"
    text = PLAN.read_text("utf-8")
    deadline = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    record = (
        "            progress:\n"
        "              - {milestone: Tháng 3/2025, unit: Văn phòng Bộ, done: 2025-03-18,"
        " evidence: BC 1}\n"
        "              - {milestone: Tháng 3/2025, unit: Vụ Pháp chế, done: 2025-03-25,"
        " evidence: BC 2}\n"
    )
    plan.write_text(text.replace(deadline, deadline + record), "utf-8")
    loaded = validate(plan, UNITS, today=date(2025, 12, 31))
    assert loaded.errors == ()
    ministry = report_of(loaded, "6T")
    assert [(d.on, d.evidence, d.units) for d in ministry.completed if d.item_id == "I.3.1"] == [
        (date(2025, 3, 18), "BC 1", (VP,)),
        (date(2025, 3, 25), "BC 2", (PC,)),
    ]
    vp = report_of(loaded, "6T", VP)
    assert [(d.on, d.units) for d in vp.completed if d.item_id == "I.3.1"] == [
        (date(2025, 3, 18), (VP,))
    ]


def test_unit_report(loaded) -> None:
    """VP's Q1 report: the items it leads only; I.1 completed (not PC's log nor CCHC's I.6);
    I.2 overdue; no per-unit table."""
    report = report_of(loaded, "Q1", VP)
    assert report.unit == VP
    assert counts(report.summary) == (1, 0, 4, 1, 0, 1)
    assert [d.item_id for d in report.completed] == ["I.1"]
    assert [o.item_id for o in report.overdue] == ["I.2"]
    assert report.units == () and report.gaps == ()
    # I.3.1's first-quarter report (20/03) is VP's own part of a group-led item: listed under
    # VP, not under "Các đơn vị thuộc, trực thuộc Bộ".
    coming = {(c.item_id, c.units) for c in report.upcoming}
    assert ("I.3.1", (VP,)) in coming
    ministry = {(c.item_id, c.units) for c in report_of(loaded, "Q1").upcoming}
    assert ("I.3.1", ("Các đơn vị thuộc, trực thuộc Bộ",)) in ministry


def test_as_of_moves_the_figures_not_the_window(loaded) -> None:
    """--as-of 2025-03-01: I.1 is not done yet and I.2 only 1 day late; the window is still
    Q1's, cut at that day."""
    report = report_of(loaded, "Q1", as_of=date(2025, 3, 1))
    assert [d.item_id for d in report.completed] == ["I.6", "I.4"]
    assert [(o.item_id, o.days_late) for o in report.overdue] == [("I.2", 1)]


# ---------------------------------------------------------------------------------------------
# The command and its formats


def test_json_format(runner) -> None:
    args = ["report", "--period", "Q1", "--format", "json", *FILES]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["period"] == {
        "key": "Q1",
        "name": "Quý I",
        "name_en": "Q1",
        "year": 2025,
        "start": "2024-12-15",
        "end": "2025-03-14",
        "due": "2025-03-20",
    }
    assert data["summary"]["statuses"]["done_on_time"] == 2
    assert data["summary"]["on_time_rate"] == 0.5
    assert [c["id"] for c in data["completed"]] == ["I.6", "I.4", "I.1"]
    assert data["overdue"][0]["days_late"] == 14
    assert [u["name"] for u in data["units"]] == [VP, CCHC, PC]


def test_markdown_format(runner) -> None:
    result = runner.invoke(app, ["report", "--period", "quy-1", "--unit", "VP", *FILES])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Tình hình, kết quả thực hiện cải cách hành chính quý I năm 2025" in out
    assert "**VĂN PHÒNG BỘ**" in out and "I. TỔNG HỢP TÌNH HÌNH THỰC HIỆN" in out
    assert "| Quá hạn chưa hoàn thành | 1 | 0 |" in out
    assert "Chờ ý kiến góp ý (Văn phòng Bộ)" in out


def test_summary_of_a_unit_that_left_accounts_for_its_total(runner) -> None:
    """Ban TGCP left on 01/03/2025: its four I.3.1 reports (due 20/03 onwards) went with it.
    The total of 4 must be made of the rows above it: a transferred row says where they are;
    VP's report, with nothing transferred, keeps the six status rows only."""
    args = ["report", "--period", "Q1", "--format", "md", *FILES]
    out = runner.invoke(app, [*args, "--unit", "Ban TGCP"]).stdout
    assert "| Đã chuyển giao | 4 | 4 |" in out
    assert "| Tổng số mốc | 4 | 4 |" in out
    assert "Đã chuyển giao" not in runner.invoke(app, [*args, "--unit", "VP"]).stdout


def test_english(runner) -> None:
    result = runner.invoke(app, ["report", "--period", "nam", "--lang", "en", *FILES])
    assert result.exit_code == 0, result.output
    assert "Administrative reform: progress and results, year 2025" in result.stdout
    assert "I. SUMMARY" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--period", "Q2"], "Q2"),
        (["--period", "Q1", "--format", "pdf"], "pdf"),
        (["--period", "Q1", "--format", "docx"], "-o"),
        (["--period", "Q1", "--unit", "Vụ Không Có"], "Vụ Không Có"),
        (["--period", "Q1", "--as-of", "2025-02-30"], "2025-02-30"),
    ],
)
def test_usage_errors(runner, args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["report", *args, *FILES])
    assert result.exit_code == 2, result.output
    assert needle in result.stderr and result.stdout == ""
    assert "Traceback" not in result.output


def test_plan_without_calendar(runner) -> None:
    minimal = Path(__file__).resolve().parent / "cases/valid"
    args = ["report", "--period", "Q1", "--plan", str(minimal / "minimal-plan.yaml")]
    result = runner.invoke(app, [*args, "--units", str(minimal / "minimal-units.yaml")])
    assert result.exit_code == 2
    assert "reporting" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("period", ["Q1", "6T", "Q3", "9T", "nam"])
@pytest.mark.parametrize("unit", [None, "Văn phòng Bộ"])
@pytest.mark.parametrize("fmt", ["md", "json", "html", "docx", "xlsx"])
def test_every_format_on_the_real_plan(runner, tmp_path, period, unit, fmt) -> None:
    """Every period, for a unit and the ministry, in every format, on the real plan with
    progress recorded."""
    from conftest import PLAN as REAL_PLAN
    from conftest import UNITS as REAL_UNITS

    plan = _real_plan_with_progress(tmp_path, REAL_PLAN)
    output = tmp_path / f"out.{fmt}"
    args = ["report", "--period", period, "--format", fmt, "-o", str(output)]
    args += ["--plan", str(plan), "--units", str(REAL_UNITS)]
    if unit:
        args += ["--unit", unit]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and str(output) in result.stderr
    data = output.read_bytes()
    if fmt == "json":
        record = json.loads(data)
        assert record["period"]["key"] == period
        completed = {c["id"] for c in record["completed"]}
        # III.1 (VP) done 10/02 and I.5.1 (Vụ CCHC) 20/03: windows from 15/12 hold both
        # (the ministry) or III.1 (VP); Q1's ends 14/03, before I.5.1; Q3's starts 15/06.
        if period != "Q3":
            assert "III.1" in completed
        if period in ("6T", "9T", "nam") and unit is None:
            assert "I.5.1" in completed
        if period in ("Q1", "Q3") or unit:
            assert "I.5.1" not in completed
    elif fmt in ("docx", "xlsx"):
        assert data[:2] == b"PK"  # a zip package
    else:
        assert "cải cách hành chính" in data.decode("utf-8")


def _real_plan_with_progress(tmp_path: Path, real: Path) -> Path:
    """The real plan with two completions recorded as `done` writes them: I.5.1 (Vụ CCHC) on
    20/03 and III.1 (Văn phòng Bộ) late, on 10/02."""
    text = real.read_text(encoding="utf-8")
    for item_id, indent, deadline, record in (
        ("I.5.1", 12, "Tháng 3/2025", "done: 2025-03-20\nevidence: Quyết định số 235/QĐ-BNV"),
        ("III.1", 8, "Tháng 12/2024", "done: 2025-02-10\nevidence: Quyết định số 99/QĐ-BNV"),
    ):
        anchor = " " * indent + f"deadline: {deadline}\n"
        at = text.index(anchor, text.index(f"- id: {item_id}\n")) + len(anchor)
        lines = "".join(" " * indent + line + "\n" for line in record.split("\n"))
        text = text[:at] + lines + text[at:]
    plan = tmp_path / "plan-2025.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


# ---------------------------------------------------------------------------------------------
# Word: read back with python-docx, converted to PDF with LibreOffice


def _docx(runner, tmp_path: Path, *extra: str) -> Path:
    output = tmp_path / "bao-cao.docx"
    args = ["report", "--period", "Q1", "--format", "docx", "-o", str(output), *extra, *FILES]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return output


def test_docx_layout_of_nghi_dinh_30(runner, tmp_path) -> None:
    """A4; margins top/bottom 20–25 mm, left 30–35, right 15–20; Times New Roman 13–14 pt;
    the heading block; the title; tables with a repeated header row."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = Document(str(_docx(runner, tmp_path, "--unit", "VP")))
    section = document.sections[0]

    def mm(length) -> float:
        return length / Mm(1)

    assert round(mm(section.page_width)) == 210 and round(mm(section.page_height)) == 297
    # Unrounded: Word stores margins in twips, and 15 mm rounded down to 850 twips is 14.99 mm.
    assert 20 <= mm(section.top_margin) <= 25
    assert 20 <= mm(section.bottom_margin) <= 25
    assert 30 <= mm(section.left_margin) <= 35
    assert 15 <= mm(section.right_margin) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.rFonts
    assert fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert fonts.get(qn("w:cs")) == "Times New Roman"
    # The heading block: a two-column table.
    block = document.tables[0]
    left, right = (cell.paragraphs for cell in block.rows[0].cells)
    assert [p.text for p in left][:2] == ["BỘ NỘI VỤ", "VĂN PHÒNG BỘ"]
    assert left[1].runs[0].bold
    assert any(p.text.startswith("Số:") and "/BC-VP" in p.text for p in left)
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    motto = right[1].runs[0]
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc" and motto.bold and motto.underline
    date_line = next(p for p in right if p.text.startswith("Hà Nội, ngày"))
    assert date_line.text == "Hà Nội, ngày 20 tháng 3 năm 2025" and date_line.runs[0].italic
    texts = [p.text for p in document.paragraphs]
    title = texts.index("BÁO CÁO")
    assert texts[title + 1] == "Tình hình, kết quả thực hiện cải cách hành chính quý I năm 2025"
    assert document.paragraphs[title].runs[0].bold
    assert "I. TỔNG HỢP TÌNH HÌNH THỰC HIỆN" in texts
    # The report's tables: summary, completed, overdue, upcoming (a unit has no per-unit table),
    # then the recipients and the signer.
    tables = document.tables[1:-1]
    assert len(tables) == 4
    recipients, signer = (c.paragraphs for c in document.tables[-1].rows[0].cells)
    assert [p.text for p in recipients] == [
        "Nơi nhận:",
        "- Vụ Cải cách hành chính (để tổng hợp);",
        "- Lưu: VT, VP.",
    ]
    assert signer[0].text == "QUYỀN HẠN, CHỨC VỤ\nCỦA NGƯỜI KÝ" and signer[0].runs[0].bold
    for table in tables:
        header = table.rows[0]._tr
        assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    summary = [[c.text for c in row.cells] for row in tables[0].rows]
    assert summary[4] == ["Quá hạn chưa hoàn thành", "1", "0"]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_docx_converts_to_pdf_with_libreoffice(runner, tmp_path) -> None:
    """LibreOffice opens the document and prints it on A4 (595 × 842 pt), in Times New Roman or
    its metric twin Liberation Serif, with the Vietnamese text intact."""
    source = _docx(runner, tmp_path)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdfinfo, pdftotext) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    import re

    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert size, info.stdout
    assert abs(float(size[1]) - 595.3) < 1 and abs(float(size[2]) - 841.9) < 1
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tình hình, kết quả thực hiện cải cách hành chính quý I năm 2025" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "TimesNewRoman" in fonts.replace(" ", "") or "LiberationSerif" in fonts


# ---------------------------------------------------------------------------------------------
# Excel


def test_xlsx_sheets_dates_and_frozen_headers(runner, tmp_path) -> None:
    from openpyxl import load_workbook

    output = tmp_path / "r.xlsx"
    args = ["report", "--period", "Q1", "--format", "xlsx", "-o", str(output), *FILES]
    assert runner.invoke(app, args).exit_code == 0
    workbook = load_workbook(output)
    assert workbook.sheetnames == [
        "Tổng hợp",
        "Đã hoàn thành",
        "Nhật ký công việc",  # the fixture's log entry of I.4 on 10/02/2025
        "Quá hạn",
        "Kỳ tới",
        "Theo đơn vị",
        "Chưa thực hiện",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A4"
    overdue = workbook["Quá hạn"]
    assert [c.value for c in overdue[4]][:2] == [1, "I.2"]
    due = overdue.cell(row=4, column=5)
    assert due.is_date and due.value.date() == date(2025, 2, 28)
    assert overdue.cell(row=4, column=6).value == 14
    rate = workbook["Tổng hợp"].cell(row=12, column=2)
    assert rate.value == 0.5 and rate.number_format == "0%"


def test_xlsx_never_writes_a_formula(tmp_path) -> None:
    """Plan text starting with "=" stays text in Excel."""
    from openpyxl import load_workbook

    from parplan.render.report_xlsx import report_xlsx

    loaded_plan = validate(PLAN, UNITS, today=date(2025, 12, 31))
    calendar = loaded_plan.plan.info.reporting
    report = build_report(loaded_plan.plan, loaded_plan.index, calendar, calendar.periods[0], 2025)
    from dataclasses import replace

    evil = replace(report.completed[0], text='=HYPERLINK("http://x","y")')
    report = replace(report, completed=(evil,))
    workbook = load_workbook(BytesIO(report_xlsx(report, "vi")))
    cell = workbook["Đã hoàn thành"].cell(row=4, column=3)
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


# ---------------------------------------------------------------------------------------------
# HTML in a real browser


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    return subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_html_is_self_contained(runner) -> None:
    result = runner.invoke(app, ["report", "--period", "6T", "--format", "html", *FILES])
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    for remote in ("src=", "href=", "@import", "url("):
        assert remote not in page
    assert 'name="viewport"' in page and "@media print" in page


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("width", [390, 1280])
def test_html_in_headless_chromium(runner, tmp_path, width: int) -> None:
    """The page loads with no console error, has its chart, and at 390 and 1280 px wide
    nothing overflows sideways; a screenshot is taken at that width."""
    page = tmp_path / "report.html"
    args = ["report", "--period", "6T", "--format", "html", "-o", str(page), *FILES]
    assert runner.invoke(app, args).exit_code == 0
    # The page in an iframe exactly `width` pixels wide (headless Chromium keeps its window at
    # least 500 px wide), with a probe that writes what the browser measured into the DOM. A
    # srcdoc frame has its parent's origin, so the probe may read its document.
    import html
    import re

    frame = tmp_path / "frame.html"
    frame.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>"
        f"<iframe id='f' style='width:{width}px;height:900px;border:0' "
        f'srcdoc="{html.escape(page.read_text(encoding="utf-8"), quote=True)}"></iframe>'
        "<script>document.getElementById('f').onload = function () {"
        " var d = this.contentDocument;"
        " document.body.setAttribute('data-probe', JSON.stringify({"
        " scroll: d.documentElement.scrollWidth, inner: d.documentElement.clientWidth,"
        " bars: d.querySelectorAll('#chart svg rect').length,"
        " units: d.querySelectorAll('#units tbody tr').length,"
        " chart: (function () { var svg = d.querySelector('#chart svg');"
        " var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));"
        " return {scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,"
        " left: Math.min.apply(null, texts.map(function (t) { return t.getBBox().x; }))};"
        " })()})); };</script>"
        "</body></html>",
        encoding="utf-8",
    )
    dumped = _browser(
        tmp_path,
        "--window-size=1400,1000",
        "--virtual-time-budget=5000",
        "--dump-dom",
        frame.as_uri(),
    )
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', dumped.stdout)
    assert found, dumped.stdout[-500:]
    measured = json.loads(html.unescape(found[1]))
    assert measured["inner"] == width
    assert measured["scroll"] <= measured["inner"]
    assert measured["bars"] == 12  # six statuses, this period and the previous
    assert measured["units"] == 3  # VP, CCHC, PC in the ministry on 14/06
    # Readable on a phone: the chart's 13-unit status labels drawn at 11 px or more, none cut
    # off at its left edge.
    assert 13 * measured["chart"]["scale"] >= 11, measured["chart"]
    assert measured["chart"]["left"] >= 0, measured["chart"]
    size = f"--window-size={max(width, 500)},900"
    # The real page, untouched: no console error while it loads, and a screenshot.
    shot = tmp_path / f"report-{width}.png"
    taken = _browser(tmp_path, size, f"--screenshot={shot}", page.as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    console = [line for line in taken.stderr.splitlines() if "CONSOLE" in line]
    assert console == []


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "xlsx", "json"])
def test_plan_text_is_data_in_every_format(runner, tmp_path, fmt: str) -> None:
    """A product with an ESC (YAML "\\e"), HTML and a formula: Word and Excel (which refuse
    control characters) still get a file, no terminal escape reaches the output, HTML is
    escaped, and Excel keeps the formula as text."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "product: Kế hoạch kiểm soát thủ tục hành chính.",
        'product: "=1+1 <b>đậm</b> \\e[31mđỏ"',
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    output = tmp_path / f"out.{fmt}"
    args = ["report", "--period", "Q1", "--format", fmt, "-o", str(output)]
    result = runner.invoke(app, [*args, "--plan", str(plan), "--units", str(UNITS)])
    assert result.exit_code == 0, result.output
    data = output.read_bytes()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(data))["Đã hoàn thành"]
        cells = [row[2] for row in sheet.iter_rows(min_row=4) if row[1].value == "I.1"]
        assert [(c.value, c.data_type) for c in cells] == [("=1+1 <b>đậm</b> [31mđỏ", "s")]
    elif fmt == "docx":
        from docx import Document

        cells = [c.text for t in Document(BytesIO(data)).tables for r in t.rows for c in r.cells]
        assert "=1+1 <b>đậm</b> [31mđỏ" in cells
    elif fmt == "json":
        assert "=1+1 <b>đậm</b> \\u001b[31mđỏ" in data.decode("utf-8")  # JSON escapes it
    else:
        page = data.decode("utf-8")
        assert "\x1b" not in page
        assert ("&lt;b&gt;" if fmt == "html" else "\\<b\\>") in page


def test_a_units_report_counts_the_log_it_wrote_on_others_items(tmp_path) -> None:
    """VP logs work on I.4 (led by PC) on 05/03: VP's Q1 report lists it, PC's does not (the
    entry names VP), the ministry's does. A reason written after the report's due day (20/03)
    is not in Q1's report; one written by then is."""
    text = (
        PLAN.read_text(encoding="utf-8")
        .replace(
            "          - {on: 2025-03-15, text: Rà soát 3 văn bản, unit: Vụ Pháp chế}\n",
            "          - {on: 2025-03-15, text: Rà soát 3 văn bản, unit: Vụ Pháp chế}\n"
            "          - {on: 2025-03-05, text: Góp ý 2 văn bản, unit: Văn phòng Bộ}\n",
        )
        .replace(
            "          - {reason: Chờ ý kiến góp ý, unit: Văn phòng Bộ, on: 2025-03-10}\n",
            "          - {reason: Chờ ý kiến góp ý, unit: Văn phòng Bộ, on: 2025-03-18}\n"
            "          - {reason: Viết sau, unit: Văn phòng Bộ, on: 2025-03-21}\n",
        )
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    loaded = validate(plan, UNITS, today=date(2025, 12, 31))
    assert loaded.errors == ()
    logged = {
        unit: [
            (d.item_id, d.on) for d in report_of(loaded, "Q1", unit).completed if d.kind == LOGGED
        ]
        for unit in (VP, PC, None)
    }
    assert logged[VP] == [("I.4", date(2025, 3, 5))]
    assert logged[PC] == [("I.4", date(2025, 2, 10))]
    assert logged[None] == [("I.4", date(2025, 2, 10)), ("I.4", date(2025, 3, 5))]
    assert report_of(loaded, "Q1").overdue[0].reasons == ("Chờ ý kiến góp ý (Văn phòng Bộ)",)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2025, 3, 20), "Hà Nội, ngày 20 tháng 3 năm 2025"),
        (date(2025, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2025"),
        (date(2025, 1, 20), "Hà Nội, ngày 20 tháng 01 năm 2025"),
        (date(2025, 12, 9), "Hà Nội, ngày 09 tháng 12 năm 2025"),
    ],
)
def test_place_and_date_as_nghi_dinh_30_writes_them(loaded, due: date, expected: str) -> None:
    """Days below 10 and the months 1 and 2 take a leading zero; other months do not."""
    from dataclasses import replace

    from parplan.render.report_text import heading

    report = report_of(loaded, "Q1")
    report = replace(report, current=replace(report.current, due=due))
    assert heading(report, "vi").place_date == expected


def test_a_log_on_a_dated_item_reaches_the_report(tmp_path) -> None:
    """Work logged on an item with a date (I.5, "Tháng 6/2025", led by Vụ Pháp chế) on
    10/02/2025 is in Q1's report, the ministry's and PC's, not VP's: it was in none (only ongoing
    items' logs were read), though `log` accepts it and `show` lists it."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "        deadline: Tháng 6/2025\n",
        "        deadline: Tháng 6/2025\n"
        "        log:\n"
        "          - {on: 2025-02-10, text: Đã xin ý kiến các đơn vị, unit: Vụ Pháp chế}\n",
        1,
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    loaded = validate(plan, UNITS, today=date(2025, 12, 31))
    assert loaded.errors == ()
    for unit in (None, PC):
        logged = [
            (d.item_id, d.on, d.note)
            for d in report_of(loaded, "Q1", unit).completed
            if d.kind == LOGGED and d.item_id == "I.5"
        ]
        assert logged == [("I.5", date(2025, 2, 10), "Đã xin ý kiến các đơn vị")], unit
    assert not [d for d in report_of(loaded, "Q1", VP).completed if d.item_id == "I.5"]
