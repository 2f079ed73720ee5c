"""Shared paths and helpers for parplan's tests. Tests read only the project's own files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# The parse cache of the commands run by the tests (in process or as subprocesses) goes to a
# folder of this run, not to the user's cache.
os.environ.setdefault("PARPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="parplan-test-cache-"))

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLAN = DATA / "plan-2025.yaml"
UNITS = DATA / "units.yaml"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture(autouse=True, scope="session")
def _every_command_module() -> None:
    """Import every command's module before any test runs. The CLI imports a command's module
    when the command first runs; a module first imported inside a test that patches
    ``parplan.cli.app.today`` would keep the patched function for the rest of the session."""
    from parplan.cli.app import load_commands

    load_commands()


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()
