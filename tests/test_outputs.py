"""Files parplan writes for people (a report, a calendar, a database) never replace its data.

``report -o``, ``ics -o`` and ``export --sqlite`` refuse, as a usage error (exit 2) that names
the file, to write over the plan or units file they read (however the path is spelled, through
a link too) or over any existing YAML file; the file is left byte for byte as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(PLAN, folder / "plan-2025.yaml")
    shutil.copy(UNITS, folder / "units.yaml")
    (folder / "plan-2026.yaml").write_text("# another plan\n", encoding="utf-8")
    return folder


def _commands(plan: Path, target: str) -> list[list[str]]:
    return [
        ["report", "--period", "Q1", "-f", "docx", "-o", target, "--plan", str(plan)],
        ["report", "--period", "Q1", "-f", "md", "-o", target, "--plan", str(plan)],
        ["ics", "--unit", "VP", "-o", target, "--plan", str(plan)],
        ["export", "--sqlite", target, "--plan", str(plan), "--as-of", "2025-06-30"],
    ]


@pytest.mark.parametrize("which", ["plan-2025.yaml", "units.yaml", "plan-2026.yaml"])
@pytest.mark.parametrize("command", range(4))
def test_an_output_never_replaces_a_data_file(runner, data: Path, which: str, command: int):
    plan = data / "plan-2025.yaml"
    target = data / which
    before = target.read_bytes()
    argv = _commands(plan, str(target))[command]
    result = runner.invoke(app, argv, env={"PARPLAN_LANG": "en"})
    assert result.exit_code == 2, (argv, result.output)
    assert "Will not write over the data file" in result.stderr
    assert which in result.stderr
    assert result.stdout == ""
    assert target.read_bytes() == before


def test_the_plan_spelled_another_way_or_through_a_link_is_the_plan(runner, data: Path) -> None:
    plan = data / "plan-2025.yaml"
    before = plan.read_bytes()
    other_spelling = data / ".." / "data" / "." / "plan-2025.yaml"
    link = data.parent / "report.docx"
    try:
        os.symlink(plan, link)
    except (OSError, NotImplementedError):
        link = None
    for target in [other_spelling, *([link] if link else [])]:
        argv = ["report", "--period", "Q1", "-f", "docx", "-o", str(target), "--plan", str(plan)]
        result = runner.invoke(app, argv)
        assert result.exit_code == 2, (target, result.output)
        assert "Không ghi đè tệp dữ liệu" in result.stderr
    assert plan.read_bytes() == before


def test_a_new_file_or_an_existing_report_is_written(runner, data: Path) -> None:
    plan = data / "plan-2025.yaml"
    out = data.parent / "bao-cao.md"
    for _ in range(2):  # new, then written over: it is not data
        argv = ["report", "--period", "Q1", "-o", str(out), "--plan", str(plan)]
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, result.output
        assert "## BÁO CÁO" in out.read_text(encoding="utf-8")


def test_ics_from_after_to_is_a_usage_error(runner) -> None:
    argv = [
        "ics",
        "--unit",
        "VP",
        "--from",
        "2025-09-30",
        "--to",
        "2025-06-01",
        "--plan",
        str(PLAN),
    ]
    result = runner.invoke(app, argv, env={"PARPLAN_LANG": "en"})
    assert result.exit_code == 2
    assert result.stderr == "Not a range: --from 2025-09-30 is after --to 2025-06-01.\n"
    assert result.stdout == ""


def test_a_unit_abbreviation_with_control_characters_makes_a_sound_docx(
    runner, tmp_path: Path
) -> None:
    """Found by the long fuzz run: 'short: "\\e]0;owned\\a\\e[2J"' (a warning, not an error)
    reached the report's signature block raw, and python-docx refused the XML (a traceback)."""
    units = UNITS.read_text(encoding="utf-8").replace(
        "  - name: Vụ Cải cách hành chính\n    short: CCHC\n    code: CCHC\n",
        '  - name: Vụ Cải cách hành chính\n    short: "\\e]0;owned\\a\\e[2J"\n',
        1,
    )
    assert "owned" in units
    shutil.copy(PLAN, tmp_path / "plan-2025.yaml")
    (tmp_path / "units.yaml").write_text(units, encoding="utf-8")
    out = tmp_path / "r.docx"
    argv = ["report", "--period", "Q1", "--unit", "Vụ Cải cách hành chính", "-f", "docx"]
    argv += ["-o", str(out), "--plan", str(tmp_path / "plan-2025.yaml"), "--as-of", "2025-03-20"]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    from docx import Document

    text = "\n".join(
        cell.text for table in Document(str(out)).tables for row in table.rows for cell in row.cells
    )
    # The number's code is made of letters and digits only (issue 18): here, none at all.
    assert re.search(r"Số: +/BC\n", text)
    assert "\x1b" not in text and "\x07" not in text


@pytest.mark.parametrize("command", range(4))
def test_an_output_that_is_no_regular_file_is_refused(runner, data: Path, command: int) -> None:
    # A folder, and a named pipe where there are any: the write-then-rename would put a file in
    # their place (so it did with /dev/full, run as root).
    folder = data / "out"
    folder.mkdir()
    targets = [folder]
    if hasattr(os, "mkfifo"):
        os.mkfifo(data / "pipe")
        targets.append(data / "pipe")
    for target in targets:
        args = _commands(data / "plan-2025.yaml", str(target))[command]
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert f"Will not write to {target}: it is not a regular file" in result.stderr
    assert folder.is_dir() and not any(folder.iterdir())
    if hasattr(os, "mkfifo"):
        assert stat.S_ISFIFO((data / "pipe").stat().st_mode)
