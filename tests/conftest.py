"""Shared paths and helpers for parplan's tests. Tests read only the project's own files."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLAN = DATA / "plan-2025.yaml"
UNITS = DATA / "units.yaml"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()
