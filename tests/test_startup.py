"""What a view read from the cache imports (issue 23): nothing it does not use — no PyYAML, no
loader — whatever options it is given (``--as-of`` parsed a date through the loader before)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

CODE = (
    "import sys; from typer.testing import CliRunner; from parplan.cli.app import app;"
    "r = CliRunner().invoke(app, sys.argv[1:]);"
    "assert r.exit_code in (0, 1), r.output;"
    "print(' '.join(sorted(m for m in sys.modules if m.startswith(('parplan', 'yaml')))))"
)


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--unit", "Văn phòng Bộ"],
        ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-04-15"],
        ["overdue", "--as-of", "15/04/2025"],
        ["list", "--as-of", "2025-04-15", "--format", "json"],
        ["validate"],
    ],
)
def test_a_cached_view_imports_no_yaml(tmp_path: Path, argv: list[str]) -> None:
    plan = tmp_path / "plan-2025.yaml"
    shutil.copy(PLAN, plan)
    shutil.copy(UNITS, tmp_path / "units.yaml")
    env = {"PARPLAN_CACHE_DIR": str(tmp_path / "cache"), "PARPLAN_TODAY": "2025-07-01"}
    command = [sys.executable, "-c", CODE, *argv, "--plan", str(plan)]

    def modules() -> list[str]:
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert "yaml" in modules()  # the first run reads the files
    again = modules()  # the second reads the cache
    assert "parplan.io.cache" in again
    assert "yaml" not in again and "parplan.io.loader" not in again, again


def test_a_cached_view_of_a_unit_runs_and_imports_no_check(tmp_path: Path) -> None:
    """The unit's entry is right without today's checks (``io.cache._right_on``), so none of the
    check modules is imported: ``Loaded`` lives in ``checks/loaded.py`` (issue 23)."""
    plan = tmp_path / "plan-2025.yaml"
    shutil.copy(PLAN, plan)
    shutil.copy(UNITS, tmp_path / "units.yaml")
    env = {"PARPLAN_CACHE_DIR": str(tmp_path / "cache"), "PARPLAN_TODAY": "2025-07-01"}
    command = [sys.executable, "-c", CODE, "due", "--unit", "Văn phòng Bộ", "--plan", str(plan)]
    runs = [subprocess.run(command, capture_output=True, text=True, env=env) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    first, again = (r.stdout.split() for r in runs)
    assert "parplan.checks.rules" in first  # the first run checks the plan
    assert "parplan.checks.loaded" in again
    assert not [
        m for m in again if m.startswith("parplan.checks.") and m != "parplan.checks.loaded"
    ]


def test_help_imports_no_model() -> None:
    """``parplan --help`` lists the commands by their help alone: no model, no deadline grammar."""
    code = CODE.replace("(0, 1)", "(0,)")
    result = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "parplan.cli.app" in loaded
    assert not [m for m in loaded if m.startswith(("parplan.core.model", "parplan.core.dead"))]
