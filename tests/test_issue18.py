"""Issue 18's faults (items 3-6 and 11-15): each test failed before its fix. Expected values
are read from the plan (data/plan-2025.yaml) and the units file by hand. Edits run on copies
of the real plan in tmp_path."""

from __future__ import annotations

import json
import re
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
    # The CSV (review of issue 18: it had no column for them) gives the same: the report, its
    # legal deadline (the decision's 31/03/2025) and the unit's own reason only.
    import csv

    lines = ok(run(runner, plan, *asked, "--format", "csv")).lstrip("\ufeff").splitlines()
    records = [r for r in csv.DictReader(lines) if r["Mã"] == "I.3.1"]
    assert [(r["Báo cáo"], r["Hạn theo Quyết định"], r["Lý do chậm"]) for r in records] == [
        ("Báo cáo CCHC quý I", "2025-03-31", "y (Thanh tra Bộ)")
    ]
    # Without a unit, every reason written by the day, each naming its unit.
    rows = json.loads(ok(run(runner, plan, "overdue", "--as-of", "2025-04-15", "--format", "json")))
    assert [r["reasons"] for r in rows if r["id"] == "I.3.1"] == [
        ["x (Văn phòng Bộ)", "y (Thanh tra Bộ)"]
    ]


# -- 5: no reason for delay on a milestone done on time ---------------------------------------


def test_late_is_refused_on_a_milestone_done_on_time(runner, plan: Path) -> None:
    """I.5.1 ("Tháng 3/2025": due 31/03/2025) done on 25/03/2025 was never late."""
    ok(
        run(
            runner,
            plan,
            "done",
            "I.5.1",
            "--on",
            "2025-03-25",
            "--evidence",
            "KH 1",
            today="2025-04-01",
        )
    )
    before = plan.read_bytes()
    result = run(runner, plan, "late", "I.5.1", "--reason", "x", today="2025-04-10")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Mốc 'Tháng 3/2025' của mục I.5.1 đã hoàn thành đúng hạn (ngày 25/03/2025, hạn "
        "31/03/2025): không có gì chậm để ghi lý do.\n"
    )
    assert plan.read_bytes() == before
    result = run(runner, plan, "late", "I.5.1", "--reason", "x", "--lang", "en", today="2025-04-10")
    assert result.exit_code == 2
    assert result.stderr == (
        "Milestone 'Tháng 3/2025' of item I.5.1 was done on time (on 2025-03-25, due "
        "2025-03-31): nothing was late.\n"
    )


def test_late_is_refused_on_a_members_part_done_on_time(runner, plan: Path) -> None:
    """I.3.1's March report (working deadline 20/03/2025), owed by each unit: Văn phòng Bộ sent
    its on 15/03 (on time: refused), Thanh tra Bộ on 25/03 (late: accepted)."""
    for unit, day in (("VP", "2025-03-15"), ("TTr", "2025-03-25")):
        ok(
            run(
                runner,
                plan,
                "done",
                "I.3.1",
                "--unit",
                unit,
                "--milestone",
                "1",
                "--on",
                day,
                "--evidence",
                "BC",
                today="2025-04-01",
            )
        )
    before = plan.read_bytes()
    result = run(
        runner,
        plan,
        "late",
        "I.3.1",
        "--unit",
        "VP",
        "--milestone",
        "1",
        "--reason",
        "x",
        today="2025-04-10",
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Phần của Văn phòng Bộ ở mốc 'Tháng 3/2025' của mục I.3.1 đã hoàn thành đúng hạn "
        "(ngày 15/03/2025, hạn 20/03/2025): không có gì chậm để ghi lý do.\n"
    )
    assert plan.read_bytes() == before
    result = run(
        runner,
        plan,
        "late",
        "I.3.1",
        "--unit",
        "TTr",
        "--milestone",
        "1",
        "--reason",
        "Chờ số liệu",
        today="2025-04-10",
    )
    assert result.exit_code == 0, result.output
    assert "+ " in result.stdout and "reason: Chờ số liệu, unit: Thanh tra Bộ" in result.stdout
    assert result.stderr == ""


def test_late_is_accepted_on_a_milestone_done_late(runner, plan: Path) -> None:
    """III.1 ("Tháng 12/2024": due 31/12/2024, Văn phòng Bộ) done on 10/02/2025: late, and why
    may still be written down."""
    ok(
        run(
            runner,
            plan,
            "done",
            "III.1",
            "--on",
            "2025-02-10",
            "--evidence",
            "KH",
            today="2025-03-01",
        )
    )
    result = run(runner, plan, "late", "III.1", "--reason", "Chờ hướng dẫn", today="2025-03-01")
    assert result.exit_code == 0, result.output
    assert "{reason: Chờ hướng dẫn, on: 2025-03-01}" in result.stdout
    assert result.stderr == ""


# -- 6: late --on dates a reason; the report says which reasons it holds ---------------------


def test_late_on_dates_the_reason_and_the_report_holds_it(runner, plan: Path) -> None:
    """III.1 (Văn phòng Bộ, due 31/12/2024) is overdue in the first quarter; its Q1 report (data
    as of 14/03, sent by 20/03/2025) holds the reasons dated by 20/03. Written on 25/03 and dated
    10/03 with --on, a reason is in it; one dated 25/03 is not."""
    result = run(
        runner,
        plan,
        "late",
        "III.1",
        "--reason",
        "Chờ ý kiến",
        "--on",
        "10/03/2025",
        today="2025-03-25",
    )
    assert result.exit_code == 0, result.output
    # The new line sits just after III.1's "late:" key, wherever the body puts the item.
    assert re.search(r"\+ \d+:           - \{reason: Chờ ý kiến, on: 2025-03-10\}\n", result.stdout)
    assert result.stderr == ""
    ok(run(runner, plan, "late", "III.1", "--reason", "Ghi muộn", today="2025-03-25"))
    report = ok(run(runner, plan, "report", "--period", "Q1", "--unit", "VP", today="2025-03-25"))
    overdue = report[report.index("### III.") : report.index("### IV.")]
    assert "| 1 | III.1 |" in overdue and "| Chờ ý kiến |" in overdue
    assert "Ghi muộn" not in report
    assert (
        "Lý do chậm: các lý do ghi với ngày đến hết 20/03/2025. Lý do viết sau ngày này cho "
        "kỳ báo cáo này có ở đây khi được ghi với ngày trong kỳ (parplan late --on NGÀY)."
    ) in overdue


def test_late_on_is_never_after_today(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = run(
        runner, plan, "late", "III.1", "--reason", "x", "--on", "2025-03-30", today="2025-03-25"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Ngày 30/03/2025 ở sau hôm nay (25/03/2025): chỉ ghi việc đã xảy ra.\n"
    assert plan.read_bytes() == before
    result = run(runner, plan, "late", "III.1", "--reason", "x", "--on", "30/02/2025")
    assert (result.exit_code, result.stdout) == (2, "")
    assert "30/02/2025" in result.stderr and "Traceback" not in result.output


def test_every_format_of_the_report_says_which_reasons_it_holds(runner, plan, tmp_path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    asked = ("report", "--period", "Q1", "--unit", "VP")
    note = "Lý do chậm: các lý do ghi với ngày đến hết 20/03/2025."
    assert note in ok(run(runner, plan, *asked, "--format", "html"))
    record = json.loads(ok(run(runner, plan, *asked, "--format", "json")))
    assert record["reasons_until"] == "2025-03-20"
    ok(run(runner, plan, *asked, "--format", "docx", "-o", str(tmp_path / "r.docx")))
    texts = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    assert any(text.startswith(note) for text in texts)
    ok(run(runner, plan, *asked, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")))
    cells = [
        cell
        for sheet in load_workbook(tmp_path / "r.xlsx")
        for row in sheet.values
        for cell in row
        if isinstance(cell, str)
    ]
    assert any(cell.startswith(note) for cell in cells)


# -- 11: dd/mm/yyyy in every Vietnamese message ----------------------------------------------


def test_a_reason_dated_in_the_future_is_reported_with_vietnamese_dates(runner, plan) -> None:
    """The same message for a completion and for a reason for delay: dd/mm/yyyy in Vietnamese,
    ISO in English (where dd/mm would read as mm/dd)."""
    text = plan.read_text(encoding="utf-8")
    anchor = "          - Các cơ quan, đơn vị liên quan\n        deadline: Tháng 12/2024\n"
    assert text.count(anchor) == 1  # III.1
    line = text[: text.index(anchor)].count("\n") + 4  # the line of the reason below
    plan.write_text(
        text.replace(anchor, anchor + "        late:\n          - {reason: x, on: 2026-12-07}\n"),
        encoding="utf-8",
    )
    result = run(runner, plan, "validate", today="2025-03-19")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{plan}:{line}:13: error: 'late.on: 07/12/2026' ở sau hôm nay (19/03/2025): chỉ ghi "
        "việc đã xảy ra [done-future]\n"
    )
    assert result.stderr == "1 lỗi, 0 cảnh báo, 0 thông tin\n"
    result = run(runner, plan, "validate", "--lang", "en", today="2025-03-19")
    assert result.stdout == (
        f"{plan}:{line}:13: error: 'late.on: 2026-12-07' is after today (2025-03-19): record "
        "only what has happened [done-future]\n"
    )


def test_carry_on_a_future_day_says_so_with_vietnamese_dates(runner, plan) -> None:
    newer = plan.with_name("plan-2026.yaml")
    newer.write_bytes(plan.read_bytes())
    result = runner.invoke(
        app,
        ["carry", "--from", str(plan), "--to", str(newer), "--on", "2025-12-30"],
        env={"PARPLAN_TODAY": "2025-12-20"},
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Ngày 30/12/2025 ở sau hôm nay (20/12/2025): chỉ ghi việc đã xảy ra.\n"


def test_export_says_its_day_as_dd_mm_yyyy(runner, plan, tmp_path) -> None:
    database = tmp_path / "x.db"
    result = run(runner, plan, "export", "--sqlite", str(database), "--as-of", "2025-06-01")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"Đã ghi {database}: 1 kế hoạch, 132 mục, 147 mốc (trạng thái tại 01/06/2025); "
        f"siêu dữ liệu Datasette: {tmp_path / 'metadata.json'}\n"
    )


# -- 12: done --unit prints the unit's own part, then the group's count ------------------------


def test_done_for_a_member_prints_its_own_status_then_the_groups_count(runner, plan) -> None:
    """I.3.1 is owed by the 22 units of the ministry in March 2025 (units.yaml: 16 + 4 units of
    Nghị định 63/2022, less Học viện (left 31/01/2025) and Ban Tôn giáo (left 01/03), plus the
    5 units established on 01/03, less Vụ Tiền lương merged into one of them: 16+4-2+5-1 = 22).
    Văn phòng Bộ sends its March report on 18/03, before the 20th: its part is done on time,
    while the milestone as a whole is overdue on 25/03 with 1 unit of 22 done."""
    result = run(
        runner,
        plan,
        "done",
        "I.3.1",
        "--unit",
        "VP",
        "--milestone",
        "1",
        "--on",
        "2025-03-18",
        "-e",
        "BC 1",
        today="2025-03-25",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines()[3:] == [
        "Tình trạng phần của Văn phòng Bộ ở I.3.1 tính đến 25/03/2025:",
        "  Tháng 3/2025 (hạn 20/03/2025): Hoàn thành đúng hạn — hoàn thành 18/03/2025"
        " — cả nhóm: 1/22 đơn vị",
        "  Tháng 6/2025 (hạn 20/06/2025): Đang thực hiện trong hạn — cả nhóm: 0/22 đơn vị",
        "  Tháng 9/2025 (hạn 20/09/2025): Đang thực hiện trong hạn — cả nhóm: 0/22 đơn vị",
        "  Tháng 12/2025 (hạn 20/12/2025): Đang thực hiện trong hạn — cả nhóm: 0/22 đơn vị",
    ]
    result = run(
        runner,
        plan,
        "undo",
        "I.3.1",
        "--unit",
        "VP",
        "--milestone",
        "1",
        "--lang",
        "en",
        today="2025-03-25",
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[lines.index("Status of Văn phòng Bộ's part of I.3.1 as of 2025-03-25:") :][:2] == [
        "Status of Văn phòng Bộ's part of I.3.1 as of 2025-03-25:",
        "  Tháng 3/2025 (due 2025-03-20): Overdue — whole group: 0/22 units",
    ]


# -- 13: the due tables give a report milestone's legal deadline -------------------------------


def test_due_and_overdue_tables_give_the_legal_deadline(runner, plan) -> None:
    """I.3.1's first-quarter report: the plan says "Tháng 3" (31/03/2025 by the decision), the
    reporting calendar of 581/BNV-CCHC wants it by the 20th: the due column gives the working
    deadline and under it the decision's. III.1 (Tháng 12/2024) is no report: one date."""
    result = run(runner, plan, "due", "--unit", "VP", "--as-of", "2025-03-15")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    due_at = lines[1].index("Hạn")
    assert lines[2][due_at:].startswith("(theo QĐ)")
    at = next(n for n, line in enumerate(lines) if line.startswith("I.3.1"))
    assert lines[at][due_at:].startswith("20/03/2025")
    assert lines[at + 1][due_at:].startswith("31/03/2025")
    at = next(n for n, line in enumerate(lines) if line.startswith("III.1"))
    assert lines[at][due_at:].startswith("31/12/2024")
    assert lines[at + 1][due_at:].strip() == ""
    result = run(runner, plan, "overdue", "--as-of", "2025-04-15", "--lang", "en")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    due_at = lines[1].index("Due")
    assert lines[2][due_at:].startswith("(legal)")
    at = next(n for n, line in enumerate(lines) if line.startswith("I.3.1"))
    assert lines[at][due_at:].startswith("2025-03-20")
    assert lines[at + 1][due_at:].startswith("2025-03-31")


# -- 14: memberships: a record before a unit existed; a group inside a group -----------------


def test_done_for_a_unit_before_it_was_established_is_refused(runner, plan) -> None:
    """Cục Việc làm exists from 01/03/2025 (units.yaml) and owes I.3.1's March report: a part
    done on 20/02/2025 cannot be its own. Refused (exit 2), the file unchanged; from 01/03 on,
    recorded. Vụ Tiền lương, merged into Cục Tiền lương và BHXH on 01/03, did its part on
    20/02 under its own name: recorded, under the successor that now owes the milestone."""
    before = plan.read_bytes()
    asked = ("done", "I.3.1", "--milestone", "1", "-e", "BC")
    result = run(
        runner, plan, *asked, "--unit", "Cục Việc làm", "--on", "2025-02-20", today="2025-03-25"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "Cục Việc làm chỉ thuộc Bộ từ ngày 01/03/2025: không thể ghi hoàn thành ngày "
        "20/02/2025. Có nhầm ngày hay nhầm đơn vị không?\n"
    )
    assert plan.read_bytes() == before
    ok(
        run(
            runner, plan, *asked, "--unit", "Cục Việc làm", "--on", "2025-03-01", today="2025-03-25"
        )
    )
    result = run(
        runner, plan, *asked, "--unit", "Vụ Tiền lương", "--on", "2025-02-20", today="2025-03-25"
    )
    assert result.exit_code == 0, result.output
    assert "unit: Cục Tiền lương và Bảo hiểm xã hội, done: 2025-02-20" in result.stdout


INNER = """  - name: Nhóm thử
    members:
      - Văn phòng Bộ
      - Các đơn vị sự nghiệp trực thuộc Bộ

"""
INNER_ITEM = """          - id: I.3.9
            product: Một việc giao cho một nhóm có nhóm khác trong đó.
            lead:
              - Nhóm thử
            support: []
            deadline: Tháng 6/2025
"""


def test_a_group_inside_a_group_is_found_by_its_own_name(runner, plan) -> None:
    """ "Nhóm thử" names Văn phòng Bộ and the group of public-service units: asked by the inner
    group's own name, I.3.9 (led by Nhóm thử, due 30/06/2025) is among its items, as lead."""
    units = plan.with_name("units.yaml")
    anchor = "  - name: Các cơ quan, đơn vị liên quan\n"
    units.write_text(units.read_text("utf-8").replace(anchor, INNER + anchor), "utf-8")
    anchor = "          - id: I.3.2\n"
    plan.write_text(plan.read_text("utf-8").replace(anchor, INNER_ITEM + anchor, 1), "utf-8")
    asked = ("--unit", "Các đơn vị sự nghiệp trực thuộc Bộ", "--as-of", "2025-06-01")
    result = run(runner, plan, "due", *asked, "--format", "json")
    rows = json.loads(ok(result))
    assert result.stderr == ""
    assert [(r["id"], r["role"], r["due"]) for r in rows if r["id"] == "I.3.9"] == [
        ("I.3.9", "lead", "2025-06-30")
    ]
    items = json.loads(ok(run(runner, plan, "list", *asked[:2], "--format", "json")))
    assert "I.3.9" in [item["id"] for item in items]
    page = json.loads(ok(run(runner, plan, "unit", asked[1], *asked[2:], "--format", "json")))
    # its own two (IV.5.2 "Năm 2025", IV.5.3 "Tháng 6/2025") and I.3.9, all pending on 01/06
    assert page["counts"]["lead"]["statuses"]["pending"] == 3
    assert "I.3.9" in [row["id"] for row in page["upcoming"]]


# -- 15: polish ------------------------------------------------------------------------------


def test_report_year_with_the_plan_of_that_year_is_accepted(runner, plan) -> None:
    """plan-2025.yaml covers 2025 (its header's year): --year 2025 with it is the same report as
    without; --year 2026 with it says they disagree (exit 2), in either order of the options."""
    alone = ok(run(runner, plan, "report", "--period", "Q1", "--unit", "VP"))
    for asked in (["--year", "2025", "--period", "Q1"], ["--period", "Q1", "--year", "2025"]):
        result = runner.invoke(
            app,
            ["report", *asked, "--unit", "VP", "--plan", str(plan)],
            env={"PARPLAN_TODAY": "2025-06-30"},
        )
        assert (result.exit_code, result.stderr) == (0, ""), result.output
        assert result.stdout == alone
    result = runner.invoke(
        app,
        ["report", "--year", "2026", "--period", "Q1", "--plan", str(plan)],
        env={"PARPLAN_TODAY": "2025-06-30"},
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"--year 2026 không khớp với kế hoạch {plan} (2025): dùng --plan hoặc --year, hoặc cả "
        "hai khi chúng khớp nhau.\n"
    )
    result = runner.invoke(app, ["report", "--help"], env={"COLUMNS": "200"})
    assert "Năm của báo cáo; chọn luôn kế hoạch của năm đó" in " ".join(result.stdout.split())


def test_export_takes_units_like_every_command(runner, tmp_path) -> None:
    """A plan whose folder holds no units.yaml: --units names the registry, as for `due`."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    units = tmp_path / "registry.yaml"
    units.write_bytes(UNITS.read_bytes())
    database = tmp_path / "x.db"
    asked = ["export", "--sqlite", str(database), "--plan", str(path), "--as-of", "2025-06-01"]
    result = runner.invoke(app, [*asked, "--units", str(units)])
    assert (result.exit_code, result.stdout) == (0, ""), result.output
    assert result.stderr.startswith(f"Đã ghi {database}: 1 kế hoạch, 132 mục, 147 mốc")
    import sqlite3

    connection = sqlite3.connect(database)
    assert connection.execute("select distinct registry from units").fetchall() == [(str(units),)]
    database.unlink()
    result = runner.invoke(app, asked)
    assert result.exit_code == 1 and result.stdout == ""
    assert "units.yaml" in result.stderr and not database.exists()


EXPORTED = ("plans.db", "metadata.json", ".plans.db.abc123.tmp", ".metadata.json.42.tmp")


def _ignored(folder: Path, names) -> list[str]:
    import subprocess

    result = subprocess.run(
        ["git", "check-ignore", "--no-index", *names],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.split()


def test_exports_default_outputs_are_ignored_by_git(runner, tmp_path, monkeypatch) -> None:
    """`parplan export --sqlite plans.db` (the README's command) writes plans.db and
    metadata.json in the repository's root (and their temporaries while writing): none is
    committed by mistake, here or in a repository made by `parplan init`."""
    from conftest import ROOT

    assert _ignored(ROOT, EXPORTED) == list(EXPORTED)
    assert _ignored(ROOT, ["data/plan-2025.yaml", "README.md"]) == []
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "repo", "--agency", "Sở Nội vụ tỉnh Thử"])
    assert result.exit_code == 0, result.output
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "repo", check=True)
    assert _ignored(tmp_path / "repo", EXPORTED) == list(EXPORTED)


def test_show_json_writes_vietnamese_as_it_is(runner, plan) -> None:
    """show's JSON, like due's, writes text as UTF-8, never as \\u escapes (ensure_ascii off);
    its new log and late entries too."""
    ok(run(runner, plan, "late", "III.1", "--reason", "Chờ ý kiến góp ý", today="2025-03-01"))
    result = run(runner, plan, "show", "III.1", "--format", "json", today="2025-03-01")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "\\u" not in result.stdout
    assert '"reason": "Chờ ý kiến góp ý"' in result.stdout
    assert '"lead": [\n    "Văn phòng Bộ"\n  ]' in result.stdout


def test_an_unknown_unit_gets_the_near_names(runner, plan) -> None:
    """A typo in an abbreviation or a name: the names it is near, folded (no accents)."""
    result = run(runner, plan, "due", "--unit", "VPP")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "Không tìm thấy đơn vị 'VPP'. Có phải: Văn phòng Bộ?\n"
    result = run(runner, plan, "due", "--unit", "Cuc nguoi co cong xa hoi")
    assert result.exit_code == 2
    assert result.stderr.endswith("Có phải: Cục Người có công?\n")
    result = run(runner, plan, "due", "--unit", "XYZ")
    assert (result.exit_code, result.stderr) == (2, "Không tìm thấy đơn vị 'XYZ'.\n")


# -- review of issue 18: a unit outside the ministry on the day is named, and why ------------


def test_a_unit_gone_on_the_day_is_named_with_where_it_went(runner, plan) -> None:
    """units.yaml: Học viện Hành chính Quốc gia left on 2025-01-31 for Học viện Chính trị quốc
    gia Hồ Chí Minh. The note (wrapped to the terminal) names it, in both languages; the rows
    are the API's (none)."""
    from datetime import date

    from parplan import Plan

    args = ("due", "--unit", "Hoc vien hanh chinh", "--as-of", "2025-06-01")
    shown = ok(run(runner, plan, *args))
    assert " ".join(shown.split()).startswith(
        "Học viện Hành chính Quốc gia không còn thuộc Bộ vào ngày 01/06/2025 "
        "(chuyển sang Học viện Chính trị quốc gia Hồ Chí Minh từ 31/01/2025)."
    )
    shown = ok(run(runner, plan, *args, "--lang", "en"))
    assert " ".join(shown.split()).startswith(
        "Học viện Hành chính Quốc gia was no longer part of the ministry on 2025-06-01 "
        "(went to Học viện Chính trị quốc gia Hồ Chí Minh on 2025-01-31)."
    )
    assert json.loads(ok(run(runner, plan, *args, "--format", "json"))) == []
    api = Plan.load(plan, today=date(2025, 6, 20))
    assert api.due("Hoc vien hanh chinh", as_of=date(2025, 6, 1)) == []


def test_a_unit_not_yet_established_is_not_said_to_have_left(runner, plan) -> None:
    """units.yaml: Cục Việc làm exists from 2025-03-01; on 10/01/2025 it is not yet the
    ministry's — never "no longer"."""
    args = ("due", "--unit", "Cuc Viec lam", "--as-of", "2025-01-10")
    shown = ok(run(runner, plan, *args))
    assert " ".join(shown.split()).startswith(
        "Cục Việc làm chưa thuộc Bộ vào ngày 10/01/2025 (thành lập từ 01/03/2025)."
    )
    shown = ok(run(runner, plan, *args, "--lang", "en"))
    assert " ".join(shown.split()).startswith(
        "Cục Việc làm was not yet part of the ministry on 2025-01-10 (established on 2025-03-01)."
    )


def test_a_reason_or_log_dated_before_the_plan_was_issued_is_warned(runner, plan) -> None:
    """Review of issue 18: ``late --on 1900-01-01`` (a typo of the year) was taken without a
    word, where a completion of that day gets validate's done-before-issued warning. The plan
    was issued on 30/12/2024 (971/QĐ-BNV)."""
    ok(
        run(
            runner,
            plan,
            *("late", "I.3.1", "--unit", "VP", "--milestone", "1", "--reason", "x"),
            *("--on", "1900-01-01"),
        )
    )
    ok(run(runner, plan, "log", "VII.1.1", "--text", "y", "--on", "2024-12-01"))
    result = run(runner, plan, "validate")
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stdout.splitlines() if "[done-before-issued]" in line]
    assert len(warned) == 2, result.stdout
    assert "01/01/1900" in warned[0] + warned[1] and "01/12/2024" in warned[0] + warned[1]
    assert all("30/12/2024" in line for line in warned)


@pytest.mark.parametrize(
    "command",
    [
        ("late", "I.3.1", "--unit", "VP", "--milestone", "1", "--reason", "x"),
        ("log", "VII.1.1", "--text", "y"),
        ("done", "II.1.1", "--evidence", "CV 1"),
    ],
)
def test_an_empty_on_is_refused_not_read_as_today(runner, plan, command) -> None:
    """Review of issue 18: ``--on "$DAY"`` with DAY unset recorded today without a word; an
    empty date is a usage error (exit 2) and nothing is written."""
    before = plan.read_bytes()
    result = run(runner, plan, *command, "--on", "")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Ngày không hợp lệ ''" in result.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize(
    ("done", "late"),
    [
        # I.5.1 "Tháng 3/2025" (due 31/03/2025), done 10/03; a reason dated 05/03, before it
        (("done", "I.5.1", "--on", "2025-03-10", "--evidence", "KH 1"), ("late", "I.5.1")),
        # VP's part of I.3.1's March report (due 20/03/2025), done 18/03; a reason of 15/03
        (
            ("done", "I.3.1", "--unit", "VP", "--milestone", "1", "--on", "2025-03-18", "-e", "1"),
            ("late", "I.3.1", "--unit", "VP", "--milestone", "1"),
        ),
    ],
)
def test_late_dated_before_an_on_time_completion_is_refused(runner, plan, done, late) -> None:
    """Review of issue 18: ``late --on`` a day before the milestone was done (on time) passed
    the on-time check, which looked at the milestone as of the reason's day. The milestone is
    judged as the file records it: done on time, so nothing was late."""
    ok(run(runner, plan, *done))
    before = plan.read_bytes()
    result = run(runner, plan, *late, "--reason", "x", "--on", "2025-03-05")
    assert result.exit_code == 2, result.output
    assert "đã hoàn thành đúng hạn" in result.stderr
    assert plan.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ("late", "I.3.1", "--unit", "Cuc viec lam", "--milestone", "1", "--reason", "x"),
        ("log", "I.3.1", "--unit", "Cuc viec lam", "--text", "x"),
    ],
)
def test_late_or_log_for_a_unit_before_it_was_established_is_refused(runner, plan, command) -> None:
    """Review of issue 18: as ``done --unit`` (fault 14), a reason for delay or a log entry
    of Cục Việc làm (units.yaml: established 2025-03-01) dated 10/02/2025 is refused, exit 2,
    nothing written."""
    before = plan.read_bytes()
    result = run(runner, plan, *command, "--on", "2025-02-10")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Cục Việc làm chỉ thuộc Bộ từ ngày 01/03/2025")
    assert "10/02/2025" in result.stderr
    assert plan.read_bytes() == before
    english = run(runner, plan, *command, "--on", "2025-02-10", "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr.startswith("Cục Việc làm belongs to the ministry only from 2025-03-01")
