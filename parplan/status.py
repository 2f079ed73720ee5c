"""Status of each milestone as of a date, and the queries the views are built on.

Statuses are computed, never stored: from the deadline, the recorded completion and the date D.
The categories are those the Government Office reports assigned tasks in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from parplan.deadlines import CONDITIONAL, ONGOING, Milestone
from parplan.model import Completion, Item, Plan, id_order, milestone_matches
from parplan.text import fold
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


def status_as_of(
    milestone: Milestone,
    as_of: date,
    completed_on: date | None = None,
    condition_met_on: date | None = None,
    within_days: int | None = None,
) -> str:
    """The status of one milestone on day ``as_of``.

    Records dated after ``as_of`` do not count yet, so any past day can be reproduced. A
    milestone due on ``as_of`` itself is still on time (a deadline ends at the end of its day).
    A conditional milestone waits until its condition is met; then it is open, due
    ``within_days`` after that day when the item gives a lag, and never overdue otherwise.
    """
    if milestone.kind == ONGOING:
        return ONGOING_STATUS
    due = effective_due(milestone, as_of, condition_met_on, within_days)
    if milestone.kind == CONDITIONAL and (condition_met_on is None or condition_met_on > as_of):
        if completed_on is not None and completed_on <= as_of:
            return DONE_ON_TIME  # done before anyone recorded the condition: nothing was late
        return WAITING
    if completed_on is not None and completed_on <= as_of:
        return DONE_ON_TIME if due is None or completed_on <= due else DONE_LATE
    if due is None:
        return PENDING
    return OVERDUE if due < as_of else PENDING


def effective_due(
    milestone: Milestone,
    as_of: date,
    condition_met_on: date | None = None,
    within_days: int | None = None,
) -> date | None:
    """The due date as of a day: a conditional milestone's comes from its condition and lag."""
    if milestone.kind != CONDITIONAL:
        return milestone.due
    if condition_met_on is None or condition_met_on > as_of or within_days is None:
        return None
    return condition_met_on + timedelta(days=within_days)


def completion_of(item: Item, number: int) -> Completion | None:
    """The completion recorded for the item's milestone ``number`` (1-based), if any."""
    milestone = item.milestones[number - 1] if 0 < number <= len(item.milestones) else None
    for completion in item.completions:
        if completion.milestone is None:
            if len(item.milestones) == 1 and number == 1:
                return completion
        elif milestone_matches(completion.milestone.value, milestone, number):
            return completion
    return None


def condition_met_on(
    item: Item, items: Mapping[str, Item], seen: frozenset[str] = frozenset()
) -> date | None:
    """When a conditional item's condition was met: its own ``met`` record, or else the day the
    item named by ``after`` had all its milestones completed."""
    if item.met is not None:
        return item.met.on
    if item.after is None or item.after.value in seen:
        return None
    before = items.get(item.after.value)
    if before is None or not before.milestones:
        return None
    days = []
    for number in range(1, len(before.milestones) + 1):
        completion = completion_of(before, number)
        if completion is None:
            return None
        days.append(completion.on)
    return max(days)


@dataclass(frozen=True)
class Row:
    """One milestone of one item, with its status as of a date and a unit's role in it."""

    item: Item
    number: int  # 1-based position among the item's milestones
    milestone: Milestone
    status: str
    days: int | None  # due − as_of, negative when late
    role: str | None = None
    due: date | None = None  # the effective due date (a met condition's comes from its lag)
    completion: Completion | None = None


def rows_as_of(
    items: Iterable[Item], as_of: date, plan_items: Iterable[Item] | None = None
) -> list[Row]:
    """Every milestone of ``items`` with its status on day ``as_of``."""
    items = list(items)
    by_id = {item.id.value: item for item in (plan_items if plan_items is not None else items)}
    rows: list[Row] = []
    for item in items:
        met = (
            condition_met_on(item, by_id)
            if item.milestones and any(m.kind == CONDITIONAL for m in item.milestones)
            else None
        )
        for number, milestone in enumerate(item.milestones, start=1):
            completion = completion_of(item, number)
            completed_on = completion.on if completion else None
            status = status_as_of(milestone, as_of, completed_on, met, item.within_days)
            due = effective_due(milestone, as_of, met, item.within_days)
            days = (due - as_of).days if due else None
            shown = completion if completion is not None and completion.on <= as_of else None
            rows.append(Row(item, number, milestone, status, days, None, due, shown))
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
        if row.item.carried_on is not None and row.item.carried_on <= as_of:
            continue  # carried into a later plan: due there, no longer here
        row_role = None
        if unit is not None:
            row_role = role_of(row.item, unit, index)
            if row_role is None or (role is not None and row_role != role):
                continue
        out.append(replace(row, role=row_role))
    out.sort(key=lambda r: (r.status != OVERDUE, r.due, id_order(r.item.id.value), r.number))
    return out


def rows_for_unit(
    rows: Iterable[Row], index: UnitIndex, unit: Entry, role: str | None = None
) -> list[Row]:
    """The rows of the items ``unit`` answers for, each carrying the unit's role.

    ``role`` (``lead`` or ``support``) keeps only the items where the unit has that role.
    """
    roles: dict[str, str | None] = {}
    out: list[Row] = []
    for row in rows:
        item_id = row.item.id.value
        if item_id not in roles:
            roles[item_id] = role_of(row.item, unit, index)
        row_role = roles[item_id]
        if row_role is None or (role is not None and row_role != role):
            continue
        out.append(replace(row, role=row_role))
    return out


@dataclass(frozen=True)
class Tally:
    """How a set of milestones stands on a day.

    ``statuses`` counts every milestone by status. The other figures look only at the dated
    milestones whose deadline has passed (due before the day): how many were done on time, done
    late, or are still open (overdue). The three add up to ``due_so_far``.
    """

    statuses: Mapping[str, int]
    due_so_far: int
    done_on_time: int
    done_late: int
    overdue: int

    @property
    def done(self) -> int:
        """Milestones whose deadline has passed and that are done, on time or late."""
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        """Done on time / deadlines passed; None when no deadline has passed yet."""
        return self.done_on_time / self.due_so_far if self.due_so_far else None


def tally(rows: Iterable[Row], as_of: date) -> Tally:
    """Count ``rows`` by status, and those whose deadline passed before ``as_of`` by outcome."""
    statuses = dict.fromkeys(STATUSES, 0)
    passed = dict.fromkeys(STATUSES, 0)
    for row in rows:
        statuses[row.status] += 1
        if row.due is not None and row.due < as_of:
            passed[row.status] += 1
    return Tally(
        statuses=statuses,
        due_so_far=sum(passed.values()),
        done_on_time=passed[DONE_ON_TIME],
        done_late=passed[DONE_LATE],
        overdue=passed[OVERDUE],
    )


def matches_search(item: Item, text: str) -> bool:
    """Whether every word of ``text`` occurs in the item's texts, ignoring case and diacritics.

    The texts searched: ID, product, task and section titles, deadline, note and unit names.
    """
    words = fold(text).split()
    haystack = fold(
        " ".join(
            [
                item.id.value,
                item.product,
                item.task_title,
                item.section_title,
                item.deadline.value,
                item.note or "",
                *(ref.value for ref in (*item.lead, *item.support)),
            ]
        )
    )
    return all(word in haystack for word in words)
