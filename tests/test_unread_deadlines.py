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
