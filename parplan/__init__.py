"""parplan: a task ledger over plain, version-controlled YAML plans.

The Python API is ``parplan.api`` (``from parplan import Plan``); its names are loaded on first
use, so that ``import parplan`` (and the CLI's start-up) stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from parplan.api import (
        CarriedState,
        Counts,
        DataError,
        DueRow,
        Figure,
        InvalidPlan,
        ItemState,
        Kind,
        MilestoneState,
        ParplanError,
        Plan,
        Recorded,
        RequestError,
        Role,
        Status,
        Summary,
        TargetState,
        TargetStatus,
        Transferred,
        UnitCounts,
        UnitPage,
        UnknownItem,
        UnknownSection,
        UnknownStatus,
        UnknownTarget,
        UnknownUnit,
    )

__all__ = [
    "CarriedState",
    "Counts",
    "DataError",
    "DueRow",
    "Figure",
    "InvalidPlan",
    "ItemState",
    "Kind",
    "MilestoneState",
    "ParplanError",
    "Plan",
    "Recorded",
    "RequestError",
    "Role",
    "Status",
    "Summary",
    "TargetState",
    "TargetStatus",
    "Transferred",
    "UnitCounts",
    "UnitPage",
    "UnknownItem",
    "UnknownSection",
    "UnknownStatus",
    "UnknownTarget",
    "UnknownUnit",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # lazy: the API on first use: `import parplan` (the CLI, `__version__`) loads none of it
        from parplan import api

        return getattr(api, name)
    raise AttributeError(f"module 'parplan' has no attribute {name!r}")
