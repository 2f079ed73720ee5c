"""Help and version (issue 8): reflowed paragraphs, English with --lang en or PARPLAN_LANG=en,
and --version. Run as a process: the help is set for the language before Typer parses."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

from parplan import __version__


def parplan(*args: str, lang: str | None = None, columns: int = 100):
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("PARPLAN_LANG", None)
    if lang:
        env["PARPLAN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_version() -> None:
    result = parplan("--version")
    assert result.returncode == 0 and result.stdout == f"parplan {__version__}\n"


def test_help_paragraphs_reflow_to_the_terminal() -> None:
    """The docstring of `due` breaks its English paragraph after "then by"; at 160 columns the
    paragraph is one line, not the docstring's lines."""
    wide = parplan("due", "--help", columns=160)
    assert wide.returncode == 0
    assert "overdue first, then by date. With --unit" in wide.stdout


def test_english_help_with_lang_option_or_environment() -> None:
    for result in (parplan("due", "--help", "--lang", "en"), parplan("due", "--help", lang="en")):
        assert result.returncode == 0
        assert "Việc quá hạn và sắp đến hạn" not in result.stdout
        assert "Example:" in result.stdout and "Ví dụ" not in result.stdout
        assert "Days ahead (default 30)." in result.stdout
    vietnamese = parplan("due", "--help")
    assert "Việc quá hạn và sắp đến hạn" in vietnamese.stdout
    assert "Số ngày tới (mặc định 30)." in vietnamese.stdout


def test_every_option_has_english_help() -> None:
    """No Vietnamese left in the English help of the everyday commands."""
    vietnamese_letters = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    for command in ("due", "unit", "units", "show", "list", "owing", "done", "undo"):
        text = parplan(command, "--help", "--lang", "en", columns=200).stdout
        lines = [
            line
            for line in text.splitlines()
            if set(line.lower()) & vietnamese_letters
            and "Văn phòng Bộ" not in line  # examples keep Vietnamese names
            and "chuyển đổi số" not in line
            and "Tháng 3/2025" not in line
            and "Các đơn vị thuộc" not in line
            and "quá hạn" not in line
            and "vu phap che" not in line
            and "Example:" not in line
        ]
        assert lines == [], (command, lines)
