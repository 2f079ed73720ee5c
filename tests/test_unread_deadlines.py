"""Items whose deadline the grammar read nothing of (``deadline-unread``) in every view and
format (issue 20): ``due`` (JSON and CSV records with status ``unread``), ``unit`` (all
formats), ``report`` (all formats). A small plan written here; every expected value is read
off the plan by hand: I.1 "Trong thời gian sớm nhất" (nothing to read), led by Vụ Pháp chế;
I.2 "Tháng 3/2025", led by Văn phòng Bộ (due 31/03/2025)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from parplan.cli.app import app

PLAN = """\
plan:
  title: Kế hoạch thử
  decision: 1/QĐ-BNV
  issued: 2024-12-30
  year: 2025
  reporting:
    basis: Văn bản 581/BNV-CCHC
    agency: Bộ Nội vụ
    place: Hà Nội
    report: Báo cáo CCHC
    items: []
    periods:
      - key: Q1
        name: Quý I
        name_en: Q1
        from: 15/12
        to: 14/03
        due: 20/03
sections:
  - id: I
    title: MỤC THỬ
    tasks:
      - id: I.1
        title: Xây dựng hệ thống một.
        product: Hệ thống.
        lead:
          - Vụ Pháp chế
        support:
          - Vụ Cải cách hành chính
        deadline: Trong thời gian sớm nhất
      - id: I.2
        title: Việc hai.
        product: Văn bản.
        lead:
          - Văn phòng Bộ
        support:
          - Vụ Cải cách hành chính
        deadline: Tháng 3/2025
"""

UNITS = """\
units:
  - name: Văn phòng Bộ
    short: VP
    kind: administrative
  - name: Vụ Pháp chế
    short: PC
    kind: administrative
  - name: Vụ Cải cách hành chính
    short: CCHC
    kind: administrative
"""

LINE = '- I.1: "Trong thời gian sớm nhất" — PC'


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    plan, units = tmp_path / "plan.yaml", tmp_path / "units.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    units.write_text(UNITS, encoding="utf-8")
    return ["--plan", str(plan), "--units", str(units)]


def _run(runner, *args: str, stderr: str = ""):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == stderr
    return result.stdout


def test_due_json_holds_the_unread_item_as_a_record(runner, files) -> None:
    records = json.loads(_run(runner, "due", *files, "--as-of", "2025-03-01", "-f", "json"))
    assert [(r["id"], r["due"], r["status"]) for r in records] == [
        ("I.2", "2025-03-31", "pending"),
        ("I.1", None, "unread"),
    ]
    assert records[1]["deadline"] == "Trong thời gian sớm nhất"
    assert records[1]["lead"] == ["Vụ Pháp chế"]


def test_due_csv_holds_the_unread_item_as_a_row(runner, files) -> None:
    text = _run(runner, "due", *files, "--as-of", "2025-03-01", "-f", "csv")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][-1] == "Thời hạn"
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        ("I.2", "2025-03-31", "Đang thực hiện trong hạn"),
        ("I.1", "", "Chưa rõ thời hạn"),
    ]
    assert rows[2][-1] == "Trong thời gian sớm nhất"


def test_due_of_another_unit_has_no_unread_record(runner, files) -> None:
    out = _run(runner, "due", *files, "--unit", "VP", "--as-of", "2025-03-01", "-f", "json")
    assert [r["id"] for r in json.loads(out)] == ["I.2"]


def test_unit_lists_its_unread_item_in_every_format(runner, files) -> None:
    args = ("unit", "PC", *files, "--as-of", "2025-03-01")
    payload = json.loads(_run(runner, *args, "-f", "json"))
    assert [(r["id"], r["status"], r["deadline"]) for r in payload["unread"]] == [
        ("I.1", "unread", "Trong thời gian sớm nhất")
    ]
    table = _run(runner, *args)
    heading = "Chưa rõ thời hạn (1 mục: thời hạn chưa đọc được, xem parplan validate)"
    assert table.splitlines()[-2:] == [heading, LINE]
    markdown = _run(runner, *args, "-f", "md")
    assert markdown.endswith(f"#### {heading}\n\n\\{LINE}\n"), markdown
    rows = list(csv.reader(io.StringIO(_run(runner, *args, "-f", "csv").removeprefix("\ufeff"))))
    assert [(r[0], r[4], r[-1]) for r in rows[1:]] == [
        ("I.1", "Chưa rõ thời hạn", "Trong thời gian sớm nhất")
    ]
    other = _run(runner, "unit", "VP", *files, "--as-of", "2025-03-01")
    assert "Chưa rõ thời hạn" not in other


def test_report_lists_the_unread_item_in_every_format(runner, files, tmp_path) -> None:
    args = ("report", "--period", "Q1", *files)
    payload = json.loads(_run(runner, *args, "-f", "json"))
    assert payload["unread"] == [
        {
            "id": "I.1",
            "text": "Hệ thống.",
            "deadline": "Trong thời gian sớm nhất",
            "units": ["Vụ Pháp chế"],
        }
    ]
    markdown = _run(runner, *args, "-f", "md")
    section = markdown.split("### NHIỆM VỤ CHƯA RÕ THỜI HẠN\n\n")[1].split("\n\n")[0]
    assert section.splitlines() == [
        "| STT | Mã | Nội dung | Thời hạn theo quyết định | Đơn vị |",
        "|---|---|---|---|---|",
        "| 1 | I.1 | Hệ thống. | Trong thời gian sớm nhất | Vụ Pháp chế |",
    ]
    html_file = tmp_path / "r.html"
    _run(runner, *args, "-f", "html", "-o", str(html_file), stderr=f"Đã ghi {html_file}\n")
    html = html_file.read_text(encoding="utf-8")
    assert '<section id="unread">' in html and "Trong thời gian sớm nhất" in html
    from docx import Document

    docx_file = tmp_path / "r.docx"
    _run(runner, *args, "-f", "docx", "-o", str(docx_file), stderr=f"Đã ghi {docx_file}\n")
    texts = [cell.text for table in Document(str(docx_file)).tables for cell in table._cells]
    assert "Trong thời gian sớm nhất" in texts
    from openpyxl import load_workbook

    xlsx_file = tmp_path / "r.xlsx"
    _run(runner, *args, "-f", "xlsx", "-o", str(xlsx_file), stderr=f"Đã ghi {xlsx_file}\n")
    sheet = load_workbook(xlsx_file)["Chưa rõ thời hạn"]
    assert [c.value for c in sheet[4]][:4] == [1, "I.1", "Hệ thống.", "Trong thời gian sớm nhất"]


# --------------------------------------------------------------------------------------------
# An explicit working deadline beside the decision's wording: ``due: [YYYY-MM-DD, …]``

OVERRIDDEN = PLAN.replace(
    "deadline: Trong thời gian sớm nhất\n",
    'deadline: "Theo tiến độ của dự án"\n        due: [2025-06-30]\n',
).replace("deadline: Tháng 3/2025\n", "deadline: Tháng 3/2025\n        due: [2025-03-20]\n")


@pytest.fixture
def overridden(tmp_path: Path) -> list[str]:
    plan, units = tmp_path / "plan.yaml", tmp_path / "units.yaml"
    plan.write_text(OVERRIDDEN, encoding="utf-8")
    units.write_text(UNITS, encoding="utf-8")
    return ["--plan", str(plan), "--units", str(units)]


def test_an_override_settles_a_deadline_with_no_date(runner, overridden) -> None:
    """I.1's wording names no day; its override 30/06/2025 is its working deadline: due lists
    it on that day (121 days after 01/03/2025: 30 + 31 + 30 + 30), and nothing is unread.
    I.2's wording (Tháng 3/2025: 31/03) is read; its override (20/03) wins, the wording's
    day kept as the legal one."""
    validated = runner.invoke(app, ["validate", *overridden])
    assert validated.exit_code == 0
    assert "[deadline-" not in validated.stdout + validated.stderr
    assert validated.stderr.endswith("hợp lệ (2 mục, 3 đơn vị)\n")
    records = json.loads(
        _run(runner, "due", *overridden, "--as-of", "2025-03-01", "--within", "200", "-f", "json")
    )
    assert [(r["id"], r["due"], r["days"], r["legal_due"], r["status"]) for r in records] == [
        ("I.2", "2025-03-20", 19, "2025-03-31", "pending"),
        ("I.1", "2025-06-30", 121, None, "pending"),
    ]
    table = _run(runner, "due", *overridden, "--as-of", "2025-03-01", "--within", "200")
    assert "Chưa rõ thời hạn" not in table
    assert "30/06/2025" in table
    # the wording stays the item's deadline (the legal one) in the plan's model
    from parplan.io.loader import load_plan

    plan, problems = load_plan(overridden[1])
    assert problems == []
    assert plan.items[0].deadline.value == "Theo tiến độ của dự án"


def test_a_cached_view_keeps_the_override(runner, overridden) -> None:
    args = ("due", *overridden, "--as-of", "2025-03-01", "--within", "200", "-f", "json")
    assert _run(runner, *args) == _run(runner, *args)


def test_the_quick_reader_hands_an_override_to_the_loader(overridden) -> None:
    from parplan.core.deadlines import parse_deadline
    from parplan.io.fastread_body import read_plan
    from parplan.io.loader import read_head

    # in fmt's layout (a block list), so that only the key is new to the quick reader
    text = OVERRIDDEN.replace("due: [2025-06-30]", "due:\n          - 2025-06-30").replace(
        "due: [2025-03-20]", "due:\n          - 2025-03-20"
    )
    name = overridden[1]
    assert read_plan(name, text, lambda h: read_head(name, h), parse_deadline) is None
    without = text.replace("        due:\n          - 2025-06-30\n", "").replace(
        "        due:\n          - 2025-03-20\n", ""
    )
    assert read_plan(name, without, lambda h: read_head(name, h), parse_deadline) is not None


def test_a_bad_override_is_located(runner, tmp_path) -> None:
    plan, units = tmp_path / "plan.yaml", tmp_path / "units.yaml"
    plan.write_text(OVERRIDDEN.replace("2025-06-30", "2025-06-31"), encoding="utf-8")
    units.write_text(UNITS, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--units", str(units)])
    assert result.exit_code == 1
    line = OVERRIDDEN.splitlines().index("        due: [2025-06-30]") + 1
    assert (
        f"{plan}:{line}:15: error: 'due' phải là một ngày có thật dạng YYYY-MM-DD, "
        "không phải '2025-06-31' [bad-date]"
    ) in result.stdout


def test_fmt_puts_the_override_after_the_deadline(runner, tmp_path) -> None:
    plan = tmp_path / "plan.yaml"
    moved = OVERRIDDEN.replace(
        '        deadline: "Theo tiến độ của dự án"\n        due: [2025-06-30]\n',
        '        due: [2025-06-30]\n        deadline: "Theo tiến độ của dự án"\n',
    )
    assert moved != OVERRIDDEN
    plan.write_text(moved, encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(plan)])
    assert result.exit_code == 0, result.stderr
    assert (
        "        deadline: Theo tiến độ của dự án\n        due:\n          - 2025-06-30\n"
        in plan.read_text(encoding="utf-8")
    )


def test_the_json_schema_knows_the_override() -> None:
    from parplan.render.json_schema import json_schema

    text = json.dumps(json_schema("plan"))
    assert '"due": {"description": "H' in text


def test_diff_shows_a_changed_override(tmp_path) -> None:
    """``parplan diff`` reports a working deadline moved (I.1: 30/06/2025 → 15/07/2025), added
    and taken away (I.2: the wording's 31/03/2025 → 20/03/2025 and back), the decision's
    wording unchanged each time."""
    from parplan.io.loader import load_plan
    from parplan.render.diff import DEADLINE, Heading, diff_plans, render_text

    def plan(text: str):
        path = tmp_path / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        loaded, problems = load_plan(path)
        assert problems == []
        return loaded

    before = plan(OVERRIDDEN)
    moved = plan(OVERRIDDEN.replace("due: [2025-06-30]", "due: [2025-07-15]"))
    changes = diff_plans(before, moved)
    assert [(c.id, c.kind) for c in changes] == [("I.1", DEADLINE)]
    text = render_text(changes, Heading("plan.yaml", "HEAD", None), "vi")
    assert "(30/06/2025) →" in text and "(15/07/2025)" in text
    without = plan(OVERRIDDEN.replace("        due: [2025-03-20]\n", ""))
    assert [(c.id, c.kind) for c in diff_plans(before, without)] == [("I.2", DEADLINE)]
    assert [(c.id, c.kind) for c in diff_plans(without, before)] == [("I.2", DEADLINE)]
    assert diff_plans(before, plan(OVERRIDDEN)) == []
