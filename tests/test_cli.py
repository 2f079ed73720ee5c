"""The command line end to end, through Typer's CliRunner: exit codes, stdout and stderr."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CASES, PLAN, UNITS

from parplan.cli.app import app

COMMON = ["--plan", str(PLAN), "--units", str(UNITS)]


def test_validate_real_data(runner) -> None:
    result = runner.invoke(app, ["validate", *COMMON])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "132" in result.stderr


def test_validate_json_of_real_data_is_empty(runner) -> None:
    result = runner.invoke(app, ["validate", *COMMON, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def _broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "plan-2025.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    (tmp_path / "units.yaml").write_text(UNITS.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_validate_broken_copy_is_located(runner, tmp_path: Path) -> None:
    plan = _broken_copy(tmp_path, "          - Văn phòng Bộ\n", "          - Văn phòng Bô\n")
    line = plan.read_text(encoding="utf-8").splitlines().index("          - Văn phòng Bô") + 1
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert result.exit_code == 1
    assert f"{plan}:{line}:13: error: " in result.stdout
    assert "[unknown-unit]" in result.stdout
    assert "Văn phòng Bộ" in result.stdout  # the suggestion
    assert "1 lỗi" in result.stderr


def test_validate_english(runner, tmp_path: Path) -> None:
    plan = _broken_copy(tmp_path, "deadline: Tháng 3/2025", "deadline: Tháng 3/2025; Tháng 13/2025")
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    assert "error: the deadline names a date that does not exist" in result.stdout
    assert "[deadline-date]" in result.stdout


def test_validate_github_and_json(runner, tmp_path: Path) -> None:
    plan = _broken_copy(tmp_path, "          - Văn phòng Bộ\n", "          - VP Bộ\n")
    github = runner.invoke(app, ["validate", "--plan", str(plan), "--format", "github"])
    assert github.exit_code == 1
    assert github.stdout.startswith(f"::error file={plan},line=")
    report = runner.invoke(app, ["validate", "--plan", str(plan), "--format", "json"])
    assert report.exit_code == 1
    (problem,) = json.loads(report.stdout)
    assert set(problem) == {"file", "line", "column", "severity", "code", "message"}
    assert (problem["severity"], problem["code"]) == ("error", "unknown-unit")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01",
        b"plan: [",
        b"- a\n- b\n",
        b"\xff\xfe\x00",
        b"sections: 3\nplan: {}\n",
        b"\t\t: :",
    ],
)
def test_validate_never_tracebacks(runner, tmp_path: Path, content: bytes) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(content)
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--units", str(UNITS)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert f"{plan}:" in result.stdout


def test_validate_missing_file(runner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["validate", "--plan", str(tmp_path / "nope.yaml"), "--units", str(UNITS)]
    )
    assert result.exit_code == 1
    assert "nope.yaml:1:1: error:" in result.stdout and "[file-missing]" in result.stdout


def test_validate_without_its_units_file_says_that_once(runner, tmp_path: Path) -> None:
    """The real plan with no units file: one error, the missing file. Every unit name of the
    decision's body (targets, duties, responsibilities) was reported unknown too, 98 lines."""
    missing = tmp_path / "units.yaml"
    result = runner.invoke(
        app, ["validate", "--plan", str(PLAN), "--units", str(missing), "--lang", "en"]
    )
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == [f"{missing}:1:1: error: file not found [file-missing]"], errors
    assert "unknown-unit" not in result.stdout


def test_validate_bad_format_is_usage_error(runner) -> None:
    result = runner.invoke(app, ["validate", *COMMON, "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_due_for_van_phong_bo(runner) -> None:
    """The README's main command, on a fixed day: I.3.1 (the Q1 report, due 20/03 under the
    plan's reporting calendar, 581/BNV-CCHC; its legal deadline "Tháng 3/2025" ends 31/03) and
    III.1 (late since 31/12/2024)."""
    args = ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-03-15", *COMMON, "--format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["id"], r["due"], r["status"], r["days"]) for r in rows] == [
        ("III.1", "2024-12-31", "overdue", -74),
        ("I.3.1", "2025-03-20", "pending", 5),
    ]
    assert rows[1]["role"] == "lead" and rows[1]["lead"] == ["Các đơn vị thuộc, trực thuộc Bộ"]
    assert rows[1]["legal_due"] == "2025-03-31"
    assert rows[1]["report"] == "Báo cáo CCHC quý I"


def test_due_table(runner) -> None:
    args = ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-03-15", *COMMON]
    result = runner.invoke(app, args, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "III.1" in result.stdout and "I.3.1" in result.stdout
    assert "31/12/2024" in result.stdout and "20/03/2025" in result.stdout
    assert "Báo cáo" in result.stdout  # the milestone is named after the report
    assert result.stdout.index("III.1") < result.stdout.index("I.3.1")  # overdue first
    assert "quá 74" in result.stdout
    ids = set(re.findall(r"^ ?([IVX]+\.[\d.]+) ", result.stdout, re.M))
    assert ids == {"III.1", "I.3.1"}


def test_due_unknown_unit_is_usage_error(runner) -> None:
    result = runner.invoke(app, ["due", "--unit", "Vụ Pháp chê xyz", *COMMON])
    assert result.exit_code == 2
    assert "Vụ Pháp chế" in result.stderr
    assert result.stdout == ""


def test_due_bad_date_is_usage_error(runner) -> None:
    result = runner.invoke(app, ["due", "--as-of", "2025-02-30", *COMMON])
    assert result.exit_code == 2
    assert "2025-02-30" in result.stderr


def test_due_refuses_invalid_data(runner) -> None:
    plan = CASES / "invalid/plan/unknown-unit.yaml"
    result = runner.invoke(
        app, ["due", "--plan", str(plan), "--units", str(CASES / "valid/minimal-units.yaml")]
    )
    assert result.exit_code == 1
    assert "[unknown-unit]" in result.stderr


def test_unknown_language_is_a_usage_error(runner) -> None:
    result = runner.invoke(app, ["validate", *COMMON, "--lang", "fr"])
    assert result.exit_code == 2
    assert "vi | en" in result.stderr


@pytest.mark.parametrize("text", ["units: 5\n", "hello\n", "- a\n", "units:\n  - 5\n"])
def test_validate_with_a_units_file_of_no_entry_says_that_alone(runner, tmp_path, text) -> None:
    """A units file that reads to no entry for its own errors: those errors, no unknown-unit for
    each of the plan's 371 names (found by a second reading)."""
    units = tmp_path / "units.yaml"
    units.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(PLAN), "--units", str(units)])
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors and all(line.startswith(f"{units}:") for line in errors), errors[:3]
    assert "unknown-unit" not in result.stdout
