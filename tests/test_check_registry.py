"""The check registry: each check declares its codes beside its function; CODES is derived."""

from __future__ import annotations

import pytest

from parplan.checks.base import diagnostic
from parplan.checks.rules import CHECKS, CODES, OTHER_CODES, Check, _gather, reports
from parplan.core.model import ERROR, INFO, WARNING, Diagnostic, Source


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


def test_a_finding_takes_the_severity_its_check_declares() -> None:
    """issue 22: the checks live in modules of their subject, below ``CODES``; a finding made
    with ``diagnostic`` gets its severity from the ``@reports`` of the check that yields it."""
    here = Source("plan.yaml", 3, 5)

    def finds(ctx):
        yield diagnostic(here, "x-info", id="I.1")
        yield Diagnostic(here, WARNING, "x-error", {})  # a severity given is kept

    check = reports({"x-info": INFO, "x-error": ERROR})(finds)
    found = list(check(None))
    assert [(d.severity, d.code, d.source, dict(d.args)) for d in found] == [
        (INFO, "x-info", here, {"id": "I.1"}),
        (WARNING, "x-error", here, {}),
    ]


def test_a_code_the_check_did_not_declare_fails() -> None:
    def finds(ctx):
        yield diagnostic(Source("plan.yaml", 1, 1), "duplicate-id")

    with pytest.raises(KeyError, match="duplicate-id"):
        list(reports({"x-code": ERROR})(finds)(None))


def test_group_components_by_hand() -> None:
    """Tarjan's components of the groups' graph: a loop of three, a self-loop, a chain."""
    from parplan.checks.units import _components

    edges = {"A": ["B"], "B": ["C"], "C": ["A", "D"], "D": [], "S": ["S"], "X": ["Y"], "Y": []}
    component = _components(list(edges), edges)
    assert component["A"] == component["B"] == component["C"]
    assert len({component[n] for n in ("A", "D", "S", "X", "Y")}) == 5
    # a chain of 20,000 groups is walked without recursion, each its own component
    chain = {str(n): [str(n + 1)] for n in range(20_000)} | {"20000": []}
    assert len(set(_components(list(chain), chain).values())) == 20_001
    chain["20000"] = ["0"]  # closed: one loop
    assert len(set(_components(list(chain), chain).values())) == 1
