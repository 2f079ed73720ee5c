"""The report as a document (issue 18): its number and symbol, its tables as printed, the same
parts in every format.

Expected values are worked out by hand from Nghị định 30/2020/NĐ-CP's rule for a symbol
(capitals, no spaces) and from ``data/units.yaml``; the PDF checks read back what LibreOffice
prints.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PLAN as REAL_PLAN
from conftest import UNITS as REAL_UNITS

from parplan.cli.app import app
from parplan.core.units import derive_code

HERE = Path(__file__).resolve().parent / "report"
PLAN = HERE / "plan.yaml"
UNITS = HERE / "units.yaml"
REAL = ["--plan", str(REAL_PLAN), "--units", str(REAL_UNITS)]


# ---------------------------------------------------------------------------------------------
# 7. "Số: …/BC-CODE"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("VP", "VP"),
        ("Tạp chí TCNN", "TCNN"),  # the words already abbreviated
        ("Cục TL&BHXH", "TLBHXH"),  # '&' is no letter
        ("Dân trí", "DT"),  # no abbreviation: every word's initial, tone marks dropped
        ("Bộ Nội vụ", "BNV"),
        ("Ban TĐKT TW", "TĐKTTW"),  # Đ is a letter, as in "QĐ-BNV"
        ("Viện KHTCNN", "KHTCNN"),
        ("Trung tâm Công nghệ thông tin", "TTCNTT"),
        ("ủy ban", "UB"),
    ],
)
def test_code_derived_as_nghi_dinh_30_writes_a_symbol(name: str, code: str) -> None:
    assert derive_code(name) == code


def _md_number(runner, *args: str) -> str:
    result = runner.invoke(app, ["report", "--period", "Q1", *args, *REAL])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return next(line for line in result.stdout.splitlines() if line.startswith("Số:"))


@pytest.mark.parametrize(
    ("unit", "number"),
    [
        # the three spellings the issue met: "/BC-TạpchíTCNN", "/BC-Dântrí", "/BC-CụcTL&BHXH"
        ("Tạp chí Tổ chức nhà nước", "Số: /BC-TCNN"),
        ("Báo Dân trí", "Số: /BC-DT"),
        ("Cục Tiền lương và Bảo hiểm xã hội", "Số: /BC-TLBHXH"),
        ("VP", "Số: /BC-VP"),
        ("Thanh tra Bộ", "Số: /BC-TTR"),
        ("Vụ Chính quyền địa phương", "Số: /BC-CQĐP"),  # its code: in units.yaml
    ],
)
def test_report_number_of_the_real_units(runner, unit: str, number: str) -> None:
    assert _md_number(runner, "--unit", unit) == number


def test_number_option_sets_the_number(runner) -> None:
    assert _md_number(runner) == "Số: /BC-BNV"
    assert _md_number(runner, "--number", "12") == "Số: 12/BC-BNV"
    assert _md_number(runner, "--number", "7", "--unit", "VP") == "Số: 7/BC-VP"


@pytest.mark.parametrize("value", ["12a", "-3", "", "１２"])
def test_number_option_refuses_what_is_no_number(runner, value: str) -> None:
    result = runner.invoke(app, ["report", "--period", "Q1", "--number", value, *REAL])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"--number nhận số của văn bản bằng chữ số (ví dụ 12), không phải '{value}'\n"
    )


def test_code_from_the_units_file_wins_and_is_checked(runner, tmp_path) -> None:
    units = tmp_path / "units.yaml"
    text = UNITS.read_text(encoding="utf-8")
    units.write_text(text.replace("    short: VP\n", "    short: VP\n    code: VPB\n"), "utf-8")
    result = runner.invoke(
        app, ["report", "-p", "Q1", "-u", "VP", "--plan", str(PLAN), "--units", str(units)]
    )
    assert result.exit_code == 0, result.output
    assert "Số: /BC-VPB" in result.stdout.splitlines()
    units.write_text(text.replace("    short: VP\n", "    short: VP\n    code: V P\n"), "utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(PLAN), "--units", str(units)])
    assert result.exit_code == 1
    line = 1 + text.splitlines().index("    short: VP")
    assert f"units.yaml:{line + 1}:11: error" in result.stdout
    assert "'code' chỉ gồm chữ in hoa và chữ số" in result.stdout
