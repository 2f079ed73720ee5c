"""Status of each milestone as of a date, and the queries the views are built on.

Statuses are computed, never stored: from the deadline, the recorded completion and the date D.
The categories are those the Government Office reports assigned tasks in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from parplan.deadlines import CONDITIONAL, ONGOING, Milestone
from parplan.model import Item, Plan
from parplan.units import Entry, UnitIndex

DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
PENDING = "pending"
OVERDUE = "overdue"
ONGOING_STATUS = "ongoing"
WAITING = "waiting"
STATUSES = (DONE_ON_TIME, DONE_LATE, PENDING, OVERDUE, ONGOING_STATUS, WAITING)
OPEN = (PENDING, OVERDUE)

LEAD = "lead"
SUPPORT = "support"


def status_as_of(milestone: Milestone, as_of: date, completed_on: date | None = None) -> str:
    """The status of one milestone on day ``as_of``.

    A completion recorded after ``as_of`` does not count yet; a milestone due on ``as_of`` itself
    is still on time (a deadline ends at the end of its last day).
    """
    done = completed_on is not None and completed_on <= as_of
    if milestone.kind == ONGOING:
        return ONGOING_STATUS
    if milestone.kind == CONDITIONAL and milestone.due is None:
        return WAITING
    if milestone.due is None:  # pragma: no cover - every dated kind carries a date
        return WAITING
    if done:
        assert completed_on is not None
        return DONE_ON_TIME if completed_on <= milestone.due else DONE_LATE
    return OVERDUE if milestone.due < as_of else PENDING


@dataclass(frozen=True)
class Row:
    """One milestone of one item, with its status as of a date and a unit's role in it."""

    item: Item
    number: int  # 1-based position among the item's milestones
    milestone: Milestone
    status: str
    days: int | None  # due − as_of, negative when late
    role: str | None = None

    @property
    def due(self) -> date | None:
        return self.milestone.due


def rows_as_of(items: Iterable[Item], as_of: date) -> list[Row]:
    rows: list[Row] = []
    for item in items:
        for number, milestone in enumerate(item.milestones, start=1):
            status = status_as_of(milestone, as_of)
            days = (milestone.due - as_of).days if milestone.due else None
            rows.append(Row(item, number, milestone, status, days))
    return rows


def role_of(item: Item, entry: Entry, index: UnitIndex) -> str | None:
    """``lead`` if the unit answers for the item as lead, ``support`` if as support, else None."""
    if any(entry.name in index.expand(ref.value) for ref in item.lead):
        return LEAD
    if any(entry.name in index.expand(ref.value) for ref in item.support):
        return SUPPORT
    return None


def due_rows(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    within: int = 30,
    unit: Entry | None = None,
    role: str | None = None,
) -> list[Row]:
    """Open milestones due on or before ``as_of + within``: overdue first, then by date."""
    horizon = as_of + timedelta(days=within)
    out: list[Row] = []
    for row in rows_as_of(plan.items, as_of):
        if row.status not in OPEN or row.due is None or row.due > horizon:
            continue
        row_role = None
        if unit is not None:
            row_role = role_of(row.item, unit, index)
            if row_role is None or (role is not None and row_role != role):
                continue
        out.append(Row(row.item, row.number, row.milestone, row.status, row.days, row_role))
    out.sort(key=lambda r: (r.status != OVERDUE, r.due, _id_key(r.item.id.value), r.number))
    return out


def _id_key(item_id: str) -> tuple[object, ...]:
    """IDs in plan order: Roman section, then numbers (I.2.10 after I.2.9)."""
    parts = item_id.split(".")
    romans = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    section = parts[0]
    value = 0
    for i, char in enumerate(section):
        n = romans.get(char, 0)
        value += -n if i + 1 < len(section) and romans.get(section[i + 1], 0) > n else n
    return (value, *(int(p) if p.isdigit() else 0 for p in parts[1:]))
