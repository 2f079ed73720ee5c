"""Boundaries the views depend on: the 7-day "soon" colour, and a unit established on the day
the plan was issued."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app

FIXTURE = Path(__file__).resolve().parent / "snapshots" / "plan.yaml"
COLOUR = {
    "FORCE_COLOR": "1",
    "NO_COLOR": None,
    "TERM": "xterm-256color",
    "COLUMNS": "100",
    "PARPLAN_LANG": None,
    "PARPLAN_TODAY": None,
}
ESC = "\x1b["
YELLOW, RED = ESC + "33m", ESC + "31m"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _due_lines(runner, as_of: str) -> dict[str, str]:
    """The first line of each row of `due` in colour, by item ID."""
    args = ["due", "--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", as_of]
    result = runner.invoke(app, args, env=COLOUR)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = {}
    for line in result.stdout.splitlines():
        words = ANSI.sub("", line).split()
        if words and re.fullmatch(r"[IVX]+(\.\d+)+", words[0]):
            lines.setdefault(words[0], line)
    assert ESC in result.stdout, "colour is on"
    return lines


@pytest.mark.parametrize(
    ("as_of", "yellow"),
    [
        # V.2.2 is due "Trước 15/04/2025": 7 days after 08/04, 8 days after 07/04.
        ("2025-04-08", True),
        ("2025-04-07", False),
        ("2025-04-15", True),  # due today: 0 days, still on time
    ],
)
def test_rows_due_within_seven_days_are_yellow(runner, as_of: str, yellow: bool) -> None:
    lines = _due_lines(runner, as_of)
    assert lines["V.2.2"].startswith(YELLOW) is yellow
    # Overdue rows are red, whatever the day; rows due later than a week are plain.
    assert lines["I.3.4"].startswith(RED)
    assert not lines["II.2"].startswith(ESC)  # due 30/04/2025: 15 days or more


def _units_with(tmp_path: Path, established: str) -> Path:
    """The real registry with Cục Việc làm (established 01/03/2025) established on another day."""
    text = UNITS.read_text("utf-8")
    old = "  - name: Cục Việc làm\n    short: Cục VL\n    kind: administrative\n    established: 2025-03-01\n"
    assert old in text
    new = old.replace("2025-03-01", established)
    path = tmp_path / "units.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def _items_of(runner, units: Path, unit: str) -> list[tuple[str, str]]:
    args = ["list", "--unit", unit, "--format", "json", "--as-of", "2025-06-30"]
    result = runner.invoke(app, [*args, "--plan", str(PLAN), "--units", str(units)], env=COLOUR)
    assert result.exit_code == 0, result.output
    return [(record["id"], record["role"]) for record in json.loads(result.stdout)]


def _owing(runner, units: Path, milestone: str) -> list[str]:
    args = ["owing", "I.3.1", "--milestone", milestone, "--format", "json"]
    args += ["--as-of", "2025-12-31", "--plan", str(PLAN), "--units", str(units)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def test_unit_established_on_a_due_date_owes_that_milestone(runner, tmp_path) -> None:
    # I.3.1 is led by "Các đơn vị thuộc, trực thuộc Bộ": each unit of the ministry on a
    # milestone's due date owes it. Its first milestone is the first-quarter report, due on
    # 20/03/2025 by the reporting calendar (581/BNV-CCHC). A unit established that very day owes
    # it; one established the day after owes only the later reports.
    on_the_day = _units_with(tmp_path, "2025-03-20")
    assert "Cục Việc làm" in _owing(runner, on_the_day, "1")
    next_day = _units_with(tmp_path, "2025-03-21")
    assert "Cục Việc làm" not in _owing(runner, next_day, "1")
    assert "Cục Việc làm" in _owing(runner, next_day, "2")


def test_unit_established_on_the_issue_day_must_be_used(runner, tmp_path) -> None:
    # A unit established after the issue day is exempt from "unit-unused" (the plan could not
    # name it); one established on the issue day is not. A role unit with no part_of is named
    # by no group, so only the day decides.
    text = UNITS.read_text("utf-8").replace(
        "\ngroups:\n",
        "\n  - name: Tổ công tác thử nghiệm\n    kind: role\n    established: {day}\n\ngroups:\n",
        1,
    )
    codes = {}
    for day in ("2024-12-30", "2024-12-31"):
        units = tmp_path / f"units-{day}.yaml"
        units.write_text(text.replace("{day}", day), "utf-8")
        args = ["validate", "--format", "json", "--plan", str(PLAN), "--units", str(units)]
        result = runner.invoke(app, args, env=COLOUR)
        assert result.exit_code == 0, result.output
        codes[day] = [
            d["code"] for d in json.loads(result.stdout) if "Tổ công tác thử nghiệm" in d["message"]
        ]
    assert codes == {"2024-12-30": ["unit-unused"], "2024-12-31": []}
