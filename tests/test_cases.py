"""The diagnostics corpus: each file under cases/invalid is a broken plan or units file whose
first comment lines say which diagnostics it must produce (``# expect: LINE:COL CODE``).

Plan cases are checked against cases/valid/minimal-units.yaml, units cases against
cases/valid/minimal-plan.yaml. Adding a case is adding a file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import CASES

from parplan.checks.rules import CODES, validate

PLAN_CASES = sorted((CASES / "invalid/plan").glob("*.yaml"))
# issue 19: a carry's halves across plans; each case a folder of plans (the expectations in
# the plans' own comments), checked with validate's counterpart_problems.
CARRY_CASES = sorted(p for p in (CASES / "invalid/carry").iterdir() if p.is_dir())
UNIT_CASES = sorted((CASES / "invalid/units").glob("*.yaml"))
MINIMAL_PLAN = CASES / "valid/minimal-plan.yaml"
MINIMAL_UNITS = CASES / "valid/minimal-units.yaml"
EXPECT = re.compile(rb"^# expect: (\d+):(\d+) ([a-z-]+)\s*$", re.M)


def expected(path: Path) -> set[tuple[str, int, int, str]]:
    found = {
        (path.name, int(m[1]), int(m[2]), m[3].decode()) for m in EXPECT.finditer(path.read_bytes())
    }
    assert found, f"{path.name} declares no '# expect:' line"
    return found


# The corpus's "today", so that a case can record a date in the future (done-future).
TODAY = date(2025, 7, 1)


def actual(plan: Path, units: Path, case: Path) -> set[tuple[str, int, int, str]]:
    loaded = validate(plan, units, today=TODAY)
    return {
        (Path(d.source.file).name, d.source.line, d.source.column, d.code)
        for d in loaded.diagnostics
        if Path(d.source.file) == case
    }


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda p: p.stem)
def test_plan_case(case: Path) -> None:
    assert actual(case, MINIMAL_UNITS, case) == expected(case)


@pytest.mark.parametrize("case", UNIT_CASES, ids=lambda p: p.stem)
def test_units_case(case: Path) -> None:
    assert actual(MINIMAL_PLAN, case, case) == expected(case)


def test_minimal_files_are_clean() -> None:
    assert validate(MINIMAL_PLAN, MINIMAL_UNITS).diagnostics == ()


def _carry_expected(case: Path) -> set[tuple[str, int, int, str]]:
    plans = sorted(case.glob("plan-*.yaml"))
    found = {e for plan in plans if EXPECT.search(plan.read_bytes()) for e in expected(plan)}
    assert found, f"{case.name} declares no '# expect:' line"
    return {(f"{case.name}/{name}", *rest) for name, *rest in found}


@pytest.mark.parametrize("case", CARRY_CASES, ids=lambda p: p.name)
def test_carry_case(case: Path) -> None:
    from parplan.io.carry import counterpart_problems

    found = {
        (f"{case.name}/{Path(d.source.file).name}", d.source.line, d.source.column, d.code)
        for plan in sorted(case.glob("plan-*.yaml"))
        for d in counterpart_problems(plan)
    }
    assert found == _carry_expected(case)
    for plan in case.glob("plan-*.yaml"):  # each plan is valid on its own
        assert validate(plan, MINIMAL_UNITS, today=TODAY).errors == ()


def test_every_code_has_a_case() -> None:
    covered = {code for case in (*PLAN_CASES, *UNIT_CASES) for *_, code in expected(case)}
    covered |= {code for case in CARRY_CASES for *_, code in _carry_expected(case)}
    covered |= {"file-missing", "file-unreadable"}  # need no file: see test_cli
    # Needs a base revision to compare with (validate --base REV): see test_diff.
    covered |= {"amendment-reason"}
    assert set(CODES) - covered == set()


def test_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    loaded = validate(tmp_path / "absent.yaml", MINIMAL_UNITS)
    assert [(d.code, d.source.line, d.source.column) for d in loaded.errors] == [
        ("file-missing", 1, 1)
    ]


def test_directory_is_unreadable(tmp_path: Path) -> None:
    loaded = validate(tmp_path, MINIMAL_UNITS)
    assert [d.code for d in loaded.errors] == ["file-unreadable"]
