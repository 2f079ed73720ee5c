"""What every check is made of: the ``Context`` it reads, ``@reports`` (the codes it declares,
each with its severity) and ``diagnostic`` (a finding, given its severity by its check).

The checks themselves are in the modules of their subject (``structure``, ``units``,
``deadlines``, ``records``, ``body``); ``parplan.checks.rules`` lists them in order (``CHECKS``)
and derives ``CODES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from parplan.core.model import Diagnostic, Plan, Registry, Source
from parplan.core.units import UnitIndex

# The severity of a diagnostic not yet given its check's (see ``diagnostic``).
UNDECLARED = ""


@dataclass(frozen=True)
class Context:
    plan: Plan
    registry: Registry
    index: UnitIndex
    today: date | None = None  # given by the caller; None skips the checks that need it


CheckFunction = Callable[[Context], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """One check: its function and the codes it may report, each with its severity. Built by
    ``@reports`` beside the function; called like the function."""

    run: CheckFunction
    codes: tuple[tuple[str, str], ...]

    def __call__(self, ctx: Context) -> Iterator[Diagnostic]:
        severities = dict(self.codes)
        for found in self.run(ctx):
            if found.severity == UNDECLARED:  # (a KeyError: a code the check did not declare)
                # ``replace(found, severity=…)``, without its look at the fields (issue 23:
                # 30 µs a diagnostic, and a plan with an error in every record has thousands)
                found = Diagnostic(found.source, severities[found.code], found.code, found.args)
            yield found


def reports(codes: dict[str, str]) -> Callable[[CheckFunction], Check]:
    """Declare the codes (code → severity) a check reports; the message of each code, in both
    languages, is in ``i18n.MESSAGES``."""

    def declare(run: CheckFunction) -> Check:
        return Check(run, tuple(codes.items()))

    return declare


def diagnostic(source: Source, code: str, **args: object) -> Diagnostic:
    """A diagnostic of ``code`` for the check that yields it, which gives it the severity it
    declares for the code (``Check.__call__``)."""
    return Diagnostic(source, UNDECLARED, code, args)
