"""Spreadsheets (issue 8): CSV in the user's language, and --format xlsx for every view."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app

PLAIN = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "PARPLAN_LANG": None}
FIXTURE = Path(__file__).resolve().parent / "snapshots" / "plan.yaml"
ARGS = ["--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", "2025-04-10"]


def sheet(runner, args: list[str]):
    from openpyxl import load_workbook

    result = runner.invoke(app, [*args, "--format", "xlsx", *ARGS], env=PLAIN)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK")  # a zip: a real workbook
    return load_workbook(io.BytesIO(result.stdout_bytes)).active


@pytest.mark.parametrize(
    "args",
    [
        ["due"],
        ["overdue"],
        ["upcoming"],
        ["unit", "VP"],
        ["units"],
        ["show", "I.1"],
        ["list"],
        ["owing", "I.3.1", "-m", "1"],
    ],
)
def test_every_view_writes_a_workbook(runner, args: list[str]) -> None:
    ws = sheet(runner, args)
    assert ws.freeze_panes == "A2"
    assert ws.max_row >= 2
    assert all(ws.column_dimensions[c.column_letter].width for c in ws[1])


def test_workbook_cells_are_typed_and_vietnamese(runner) -> None:
    ws = sheet(runner, ["due"])
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["Mã", "Mốc", "Hạn", "Số ngày còn lại", "Tình trạng"]
    first = {h: c for h, c in zip(headers, ws[2], strict=True)}
    # II.1.1, due 31/12/2024, 100 days late as of 10/04/2025 (see the snapshot plan's header).
    assert first["Mã"].value == "II.1.1"
    assert (
        first["Hạn"].value == datetime(2024, 12, 31) and first["Hạn"].number_format == "DD/MM/YYYY"
    )
    assert first["Số ngày còn lại"].value == -100
    assert first["Tình trạng"].value == "Quá hạn chưa hoàn thành"


def test_a_text_that_looks_like_a_formula_stays_text(runner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = tmp_path / "plan-2025.yaml"
    text = PLAN.read_text(encoding="utf-8").replace(
        "Kế hoạch CCHC năm 2025 của Bộ Nội vụ.", '"=HYPERLINK(\\"http://x\\")"', 1
    )
    plan.write_text(text, encoding="utf-8")
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    result = runner.invoke(
        app, ["list", "--format", "xlsx", "--plan", str(plan), "--as-of", "2025-04-01"], env=PLAIN
    )
    assert result.exit_code == 0, result.output
    ws = load_workbook(io.BytesIO(result.stdout_bytes)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)


def test_list_and_show_give_evidence_and_who_recorded(runner) -> None:
    """I.1 "Ban hành" was recorded done on 30/12/2024 by Nguyễn Thị Lan (the snapshot plan)."""
    for args in (["list", "--section", "I"], ["show", "I.1"]):
        result = runner.invoke(app, [*args, "--format", "csv", *ARGS], env=PLAIN)
        rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
        first = next(r for r in rows if r["Mã"] == "I.1" and r["Mốc"] == "Ban hành")
        assert first["Minh chứng"] == "Quyết định 971/QĐ-BNV ngày 30/12/2024"
        assert first["Người ghi"] == "Nguyễn Thị Lan"
    md = runner.invoke(app, ["list", "--section", "I", "--format", "md", *ARGS], env=PLAIN)
    assert "Ban hành: Quyết định 971/QĐ-BNV ngày 30/12/2024 (Nguyễn Thị Lan)" in md.stdout
