"""``Loaded``: a plan and its registry as loaded and checked, what every command reads.

Its own small module (issue 23) so that a view read from the cache (``io/cache.py``) imports the
type it unpickles without the checks: ``checks/rules.py`` and the check modules are imported
only when checks run (a cold load, ``validate``, an edit, today's checks on a whole plan).
"""

from __future__ import annotations

from parplan.core.model import ERROR, Diagnostic, Plan, Registry
from parplan.core.units import UnitIndex
from parplan.core.values import frozen_dataclass


@frozen_dataclass
class Loaded:
    """A plan and its registry as loaded, with every diagnostic found, sorted by place."""

    plan: Plan
    registry: Registry
    index: UnitIndex
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)


def index_for(plan: Plan, registry: Registry) -> UnitIndex:
    """The unit index a ``Loaded`` of ``plan`` and ``registry`` holds: the registry as of
    the day the plan was issued."""
    return UnitIndex(registry, plan.info.issued)
