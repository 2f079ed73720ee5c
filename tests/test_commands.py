"""The command table of ``parplan.cli.app``: every line names a command its module defines."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

from parplan.cli.app import COMMANDS, app


def test_every_command_of_the_table_is_defined_with_help() -> None:
    from typer.main import get_command

    group = get_command(app)
    for name, module in COMMANDS.items():
        command = group.get_command(None, name)
        assert command is not None, f"{name}: not defined by {module}"
    from parplan.cli.help_text import HELP

    for name in COMMANDS:  # its help, with an example, in both languages
        vietnamese, english = HELP[name]
        assert "\n\nVí dụ:  parplan " in vietnamese and "\n\nExample:  parplan " in english


def test_a_mistyped_command_is_a_usage_error_with_a_suggestion(runner) -> None:
    result = runner.invoke(app, ["dew"])
    assert result.exit_code == 2
    assert "due" in result.stderr
    assert result.stdout == ""


def test_due_imports_neither_the_ledger_nor_the_review_code() -> None:
    code = (
        "import sys\n"
        "from typer.main import get_command\n"
        "from parplan.cli.app import app\n"
        "get_command(app).main(['due', '--unit', 'VP'], standalone_mode=False)\n"
        "print(' '.join(m for m in sys.modules if m.startswith('parplan')), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    modules = result.stderr.split()
    assert "parplan.cli.views" in modules
    for absent in (
        "parplan.cli.ledger",
        "parplan.cli.review",
        "parplan.io.ledger",
        "parplan.io.fmt",
    ):
        assert absent not in modules


def test_load_commands_registers_every_command_of_the_table() -> None:
    from typer.main import get_command_name

    from parplan.cli.app import load_commands

    load_commands()
    names = {
        info.name or get_command_name(info.callback.__name__) for info in app.registered_commands
    }
    assert set(COMMANDS) <= names


def test_only_typers_public_api_is_used() -> None:
    """Issue 22: no private Typer name (``get_command_from_info``, ``typer._click``, …): a
    lazy command is built with ``typer.main.get_command`` on an app holding it alone."""
    import re
    from pathlib import Path

    import parplan

    source = "\n".join(
        path.read_text(encoding="utf-8") for path in Path(parplan.__file__).parent.rglob("*.py")
    )
    assert "get_command_from_info" not in source
    assert not re.search(r"\btyper\._|from typer\.\w+ import _|\bclick\._", source)
