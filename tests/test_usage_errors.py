"""Click's usage errors in the user's language: Vietnamese by default, Click's own English words
with ``--lang en`` (or PARPLAN_LANG=en); exit code 2, no traceback, the user's text as data.

The expected sentences are written here by hand, one per kind of error parplan's options meet.
"""

from __future__ import annotations

import pytest

from parplan.cli.app import app

CASES = [
    # (arguments, the Vietnamese message, Click's English message)
    (["due", "--bogus"], "Không có tùy chọn --bogus.", "No such option: --bogus"),
    (["--bogus"], "Không có tùy chọn --bogus.", "No such option: --bogus"),
    (["nosuch"], "Không có lệnh 'nosuch'.", "No such command 'nosuch'."),
    (
        ["lisst"],
        "Không có lệnh 'lisst'. Có phải ý bạn là 'list'?",
        "No such command 'lisst'. Did you mean 'list'?",
    ),
    (["done"], "Thiếu đối số 'ID'.", "Missing argument 'ID'."),
    (
        ["due", "--unit"],
        "Tùy chọn '--unit' cần một giá trị.",
        "Option '--unit' requires an argument.",
    ),
    (
        ["due", "extra", "x"],
        "Thừa đối số: extra x.",
        "Got unexpected extra argument(s) (extra x)",
    ),
]


def _message(stderr: str) -> str:
    """The text inside the error panel (Typer draws it in a box; without a terminal, plain)."""
    inside = [line.strip("│ ").rstrip() for line in stderr.splitlines() if line.startswith("│")]
    return " ".join(inside)


@pytest.mark.parametrize(("args", "vi", "en"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_usage_errors_speak_the_user_s_language(runner, args, vi: str, en: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert _message(result.stderr) == vi
    assert "Traceback" not in result.stderr
    english = runner.invoke(app, args, env={"PARPLAN_LANG": "en"})
    assert english.exit_code == 2
    assert _message(english.stderr) == en


def test_the_help_line_and_panel_title_follow_the_language(runner) -> None:
    result = runner.invoke(app, ["due", "--bogus"])
    assert "Xem 'parplan due --help' để biết cách dùng." in result.stderr
    assert "─ Lỗi ─" in result.stderr
    english = runner.invoke(app, ["due", "--bogus", "--lang", "en"])
    assert "Try 'parplan due --help' for help." in english.stderr
    assert "─ Error ─" in english.stderr


def test_what_the_user_typed_is_shown_as_data(runner) -> None:
    """An option name holding an escape sequence is printed escaped, in either language."""
    result = runner.invoke(app, ["due", "--x\x1b[31m"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b" in result.stderr


def test_the_usage_error_class_is_click_s() -> None:
    """app.py finds Click's UsageError as the base of the public ``typer.BadParameter``; a Typer
    that changed that would leave every usage error in English: this says so."""
    from parplan.cli.app import _USAGE_ERROR

    assert _USAGE_ERROR.__name__ == "UsageError"
