"""Dates in English output are ISO (2025-03-19), never dd/mm/yyyy (README, "The views").

In Vietnamese every human-readable output writes a date dd/mm/yyyy; in English 09/04/2025 would
be read as September 4, so the titles, notes, lines and date cells give it ISO. The plan's own
words are data and are printed as written, whatever dates they hold.

Expected values come from the rule and from the calendar: 2025-03-10 plus the default 30 days is
2025-04-09; "Tháng 12/2024" (III.1 of the real plan) is due on the last day of December 2024.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import PLAN, ROOT, UNITS

from parplan.cli.app import app

FIXTURE = Path(__file__).resolve().parent / "snapshots" / "plan.yaml"
DMY = re.compile(r"\b\d\d/\d\d/\d{4}\b")
PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "NO_COLOR": "1"}
# Wide enough that no plan text is wrapped or cut: each is found whole in the output.
WIDE = {**PLAIN, "COLUMNS": "400", "PARPLAN_LANG": None}


def _invoke(runner, args: list[str], today: str | None = None):
    return runner.invoke(app, args, env={**WIDE, "PARPLAN_TODAY": today})


def test_due_unit_in_english_gives_iso_dates(runner) -> None:
    args = ["due", "--unit", "VP", "--plan", str(PLAN), "--units", str(UNITS)]
    result = _invoke(runner, [*args, "--lang", "en"], today="2025-03-10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Văn phòng Bộ: due on or before 2025-04-09 (as of 2025-03-10)"
    row = next(line for line in lines if line.startswith("III.1 "))
    assert "2024-12-31" in row and "31/12/2024" not in row
    assert not DMY.search(result.stdout)


def test_due_unit_in_vietnamese_is_unchanged(runner) -> None:
    args = ["due", "--unit", "VP", "--plan", str(PLAN), "--units", str(UNITS)]
    result = _invoke(runner, args, today="2025-03-10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Văn phòng Bộ: việc đến hạn đến 09/04/2025 (tính đến 10/03/2025)"
    row = next(line for line in lines if line.startswith("III.1 "))
    assert "31/12/2024" in row and "2024-12-31" not in row


def _plan_texts(path: Path) -> list[str]:
    """What of the plan file holds a dd/mm/yyyy date: data, printed as written. Each string
    whole (the longest first: none is cut by a shorter one), and the dates of the deadlines
    alone, since a table wraps "Trước 31/12/2025" in its column and a milestone is named by
    it ("Trước 15/04/2025")."""
    texts: list[str] = []
    deadlines: set[str] = set()

    def walk(node: object, key: object = None) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif isinstance(node, str) and DMY.search(node):
            texts.append(node)
            if key == "deadline":
                deadlines.update(DMY.findall(node))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(texts, key=len, reverse=True) + sorted(deadlines)


FIXTURE_ARGS = ["--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", "2025-04-10"]
# The fixture has no reporting calendar: the report reads the real plan.
REAL_ARGS = ["--plan", str(PLAN), "--units", str(UNITS), "--as-of", "2025-04-10"]
COMMANDS: dict[str, list[str]] = {
    "due": ["due"],
    "due-md": ["due", "-f", "md"],
    "overdue": ["overdue"],
    "upcoming": ["upcoming", "--within", "60"],
    "units": ["units"],
    "units-md": ["units", "-f", "md"],
    "unit": ["unit", "PC"],
    "unit-md": ["unit", "PC", "-f", "md"],
    "list": ["list"],
    "list-md": ["list", "-f", "md"],
    "show-I.1": ["show", "I.1"],
    "show-II.6.1": ["show", "II.6.1"],
    "show-IV.3": ["show", "IV.3"],
    "show-md": ["show", "I.1", "-f", "md"],
    "targets": ["targets"],
    "report-md": ["report", "-p", "Q1", "-f", "md", *REAL_ARGS],
    "report-html": ["report", "-p", "Q1", "-f", "html", *REAL_ARGS],
    "report-unit-md": ["report", "-p", "Q1", "-u", "VP", "-f", "md", *REAL_ARGS],
    "ics": ["ics", "--unit", "PC"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_english_output_has_no_dmy_date(runner, name: str) -> None:
    args = COMMANDS[name]
    plan = PLAN if "--plan" in args else FIXTURE
    args = args if "--plan" in args else [*args, *FIXTURE_ARGS]
    result = _invoke(runner, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    text = result.stdout
    for data in _plan_texts(plan):
        text = text.replace(data, "")
    assert DMY.findall(text) == []
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", text)  # each names a day, now ISO


def test_a_ledger_confirmation_in_english_gives_iso_dates(runner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(FIXTURE, plan)
    args = ["done", "V.2.2", "--on", "2025-04-08", "-e", "Báo cáo 12/BC-BNV"]
    common = ["--plan", str(plan), "--units", str(UNITS), "--lang", "en"]
    result = _invoke(runner, [*args, *common], today="2026-03-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "  Trước 15/04/2025 (due 2025-04-15): Done on time — done 2025-04-08" in lines
    assert lines[-2] == "Status of V.2.2 as of 2026-03-01:"


def test_plans_in_english_gives_iso_dates(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = _invoke(runner, ["plans", "--as-of", "2025-04-10", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "The repository's plans, as of 2025-04-10"
    vietnamese = _invoke(runner, ["plans", "--as-of", "2025-04-10"])
    assert vietnamese.stdout.splitlines()[0] == "Các kế hoạch trong kho, tại ngày 10/04/2025"


def test_report_place_and_date_in_english_is_iso(runner) -> None:
    """The first-quarter report is due on 20/03/2025 (Văn bản 581/BNV-CCHC): Nghị định 30/2020
    writes it "ngày 20 tháng 3 năm 2025"; in English "20/3/2025" would be misread, ISO is not."""
    args = ["report", "-p", "Q1", "-f", "md", *REAL_ARGS]
    english = _invoke(runner, [*args, "--lang", "en"])
    assert english.exit_code == 0, english.output
    assert "*Hà Nội, 2025-03-20*" in english.stdout.splitlines()
    vietnamese = _invoke(runner, args)
    assert vietnamese.exit_code == 0, vietnamese.output
    assert "*Hà Nội, ngày 20 tháng 3 năm 2025*" in vietnamese.stdout.splitlines()
