"""The check registry: each check declares its codes beside its function; CODES is derived."""

from __future__ import annotations

import pytest

from parplan.checks.rules import CHECKS, CODES, OTHER_CODES, Check, _gather, reports
from parplan.core.model import ERROR, WARNING


def test_every_check_declares_its_codes_and_codes_gather_them():
    assert all(isinstance(check, Check) and check.codes for check in CHECKS)
    declared = {code for check in CHECKS for code, _ in check.codes}
    assert set(CODES) == declared | set(OTHER_CODES)
    # Severities as the README's table of codes gives them (hand-picked rows).
    assert CODES["duplicate-id"] == ERROR
    assert CODES["unit-alias"] == WARNING
    assert CODES["deadline-alternative"] == WARNING
    assert CODES["unit-unused"] == "info"


def test_a_code_declared_with_two_severities_is_refused():
    first = reports({"x-code": ERROR})(lambda ctx: iter(()))
    second = reports({"x-code": WARNING})(lambda ctx: iter(()))
    with pytest.raises(ValueError, match="x-code"):
        _gather((first, second))
    assert _gather((first, first))["x-code"] == ERROR
