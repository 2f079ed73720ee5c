"""The Python API's answers (``from parplan import DueRow, ItemState, …``), made from the views'
values (``query.queries``): one answer per question, built once, the CLI rendering the same
values these are made from. Plain typed values: frozen dataclasses whose statuses, kinds and
roles are ``str`` enums equal to the keys of the JSON output (``Status.OVERDUE == "overdue"``),
dates as ``datetime.date``, units by their full names. No words in any language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING

from parplan.core.model import Group, Item, Unit
from parplan.query.keys import Role, Status
from parplan.query.status import SOON, Row, Tally

if TYPE_CHECKING:
    from parplan.core.units import Entry
    from parplan.query.queries import DueView, ItemView, ListView, UnitsSummary
    from parplan.query.queries import UnitPage as PageView
    from parplan.query.targets import TargetState as QueryTargetState


class Kind(str, Enum):
    """What a milestone's deadline is: a date, ongoing work, or a condition ("Sau khi …")."""

    DATE = "date"
    ONGOING = "ongoing"
    CONDITIONAL = "conditional"


@dataclass(frozen=True)
class MilestoneState:
    """One milestone of an item as of a day. ``number`` is 1-based; ``due`` is the effective
    date (a met condition's comes from its lag); ``days`` is due − as_of."""

    number: int
    label: str | None
    kind: Kind
    due: date | None
    days: int | None
    status: Status
    done: date | None
    evidence: str | None
    recorded_by: str | None
    # A group-led milestone each member answers for: how many of the members owing it are done
    # (the "14/20 đơn vị" of ``show``); None for an item with one completion.
    members_done: int | None = None
    members_total: int | None = None


@dataclass(frozen=True)
class DueRow:
    """One row of ``due`` / ``overdue`` / ``upcoming``, as the CLI shows it (and its JSON)."""

    id: str
    number: int
    label: str | None
    due: date
    days: int  # negative when late
    status: Status
    lead: tuple[str, ...]
    support: tuple[str, ...]
    role: Role | None  # of the unit asked about
    text: str
    report: str | None = None  # the report this milestone is, on the reporting calendar
    legal_due: date | None = None  # the decision's own deadline when the calendar's is earlier
    reasons: tuple[str, ...] = ()  # reasons for delay recorded with ``parplan late``
    # A group-led milestone each member answers for: how many of the members owing it are done.
    members_done: int | None = None
    members_total: int | None = None

    @property
    def soon(self) -> bool:
        """Open and due within a week: the rows the table shows in yellow."""
        return self.status == Status.PENDING and self.days <= SOON


@dataclass(frozen=True)
class Transferred:
    """A milestone a unit would have owed but that falls due after it left the ministry or
    merged (status ``transferred``): ``to`` is where it went, when the registry says so."""

    id: str
    number: int
    label: str | None
    due: date | None
    role: Role
    text: str
    to: str | None


@dataclass(frozen=True)
class ItemState:
    """An item and its milestones as of a day (``list``, ``show``, the unit page)."""

    id: str
    section: str
    task: str
    task_title: str
    product: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    deadline: str
    note: str | None
    milestones: tuple[MilestoneState, ...]
    role: Role | None = None  # of the unit asked about
    condition_met: date | None = None  # on or before the day
    # A carry-over (``parplan carry``): "<decision> <ID>" of the other side, and the day.
    carried_from: str | None = None
    carried_to: str | None = None
    carried_on: date | None = None
    # ``show`` (``Plan.item``): the other side of each carry, with its statuses there.
    carried: tuple[CarriedState, ...] = ()


@dataclass(frozen=True)
class CarriedState:
    """The other side of a carry of an item: ``direction`` "to" (carried into a later plan) or
    "from" (continues an item of an earlier one), the reference as written ("<decision> <ID>"),
    the carry's day, and where it was found among the plans beside the item's file — the file,
    and the item's milestones there as of the day — or None for both when it was not found."""

    direction: str
    reference: str
    on: date | None
    file: str | None
    milestones: tuple[MilestoneState, ...] | None


@dataclass(frozen=True)
class Counts:
    """Milestones by status, and among those past their deadline: done on time, done late,
    still open (they add up to ``due_so_far``). ``on_time_rate`` is None when none is due."""

    statuses: Mapping[Status, int]
    due_so_far: int
    done_on_time: int
    done_late: int
    overdue: int
    on_time_rate: float | None


@dataclass(frozen=True)
class UnitCounts:
    """One row of ``units``: a unit (or group) and the counts of its items' milestones."""

    name: str
    short: str | None
    kind: str  # the unit's kind, or "group"
    counts: Counts
    active: bool = True  # a unit: whether it belongs to the ministry on the day


@dataclass(frozen=True)
class Summary:
    """``units``: every unit, then every group (placeholders aside), then the whole plan."""

    as_of: date
    role: Role
    units: tuple[UnitCounts, ...]
    groups: tuple[UnitCounts, ...]
    total: Counts


@dataclass(frozen=True)
class UnitPage:
    """``unit``: one unit's page (see ``parplan.query.queries.UnitPage``)."""

    unit: str
    short: str | None
    as_of: date
    within: int
    role: Role | None
    counts: Mapping[Role, Counts]
    overdue: tuple[DueRow, ...]
    upcoming: tuple[DueRow, ...]
    ongoing: tuple[ItemState, ...]
    waiting: tuple[ItemState, ...]
    supports: tuple[ItemState, ...]
    transferred: tuple[Transferred, ...] = ()


class TargetStatus(str, Enum):
    """A target's status in the current reporting window."""

    MET = "met"  # đạt
    BELOW = "below"  # chưa đạt
    NO_DATA = "no-data"  # chưa có số liệu


@dataclass(frozen=True)
class Figure:
    """A figure recorded for a target (``parplan measure``)."""

    on: date
    value: float
    numerator: int | None
    denominator: int | None
    unit: str | None
    evidence: str | None
    line: int


@dataclass(frozen=True)
class TargetState:
    """A target as of a day: what the decision says, the figure of the current reporting
    window (``window``) it is judged on, the status and the gap left, the trend since the
    figure before (``up``, ``down``, ``flat``; ``change`` = latest − previous)."""

    id: str
    text: str
    measure: str
    comparison: str
    target: float
    unit: str | None
    as_of: date
    window: tuple[date, date]
    value: float | None
    on: date | None
    status: TargetStatus
    gap: float | None
    trend: str | None
    change: float | None
    figures: tuple[Figure, ...]


# ---------------------------------------------------------------------------------------------
# From the views' values to the answers above


def due_rows(view: DueView) -> list[DueRow]:
    """``due`` / ``overdue`` / ``upcoming``: the view's rows."""
    return [due_row(row, view.unit, view.as_of) for row in view.rows]


def summary(found: UnitsSummary) -> Summary:
    """``units``: every unit, then every group but the placeholders, then the whole plan."""

    def counted(entry: Entry) -> UnitCounts:
        return UnitCounts(
            name=entry.name,
            short=entry.short if isinstance(entry, Unit) else None,
            kind=entry.kind if isinstance(entry, Unit) else "group",
            counts=counts(found.tallies[entry.name]),
            active=found.active.get(entry.name, True),
        )

    units = tuple(counted(e) for e in found.entries if isinstance(e, Unit))
    groups = tuple(counted(e) for e in found.entries if isinstance(e, Group) and not e.placeholder)
    return Summary(found.as_of, Role(found.role), units, groups, counts(found.total))


def unit_page(page: PageView) -> UnitPage:
    """``unit``: one unit's page."""
    entry, day = page.entry, page.as_of

    def states(groups: Sequence[tuple[Item, list[Row]]]) -> tuple[ItemState, ...]:
        return tuple(
            item_state(item, rows, page.met.get(item.id.value), rows[0].role)
            for item, rows in groups
        )

    return UnitPage(
        unit=entry.name,
        short=entry.short if isinstance(entry, Unit) else None,
        as_of=day,
        within=page.within,
        role=Role(page.role) if page.role else None,
        counts={Role(r): counts(page.counts[r]) for r in page.roles},
        overdue=tuple(due_row(row, entry, day) for row in page.overdue),
        upcoming=tuple(due_row(row, entry, day) for row in page.upcoming),
        ongoing=states(page.ongoing),
        waiting=states(page.waiting),
        supports=states(page.supports),
        transferred=tuple(
            Transferred(
                id=row.item.id.value,
                number=row.number,
                label=row.milestone.label,
                due=row.due,
                role=row.role or Role.LEAD,
                text=row.item.text,
                to=row.transferred_to,
            )
            for row in page.transferred
        ),
    )


def item_states(view: ListView) -> list[ItemState]:
    """``list``: the items found, each with the role of the unit asked about."""
    asked = view.unit is not None
    return [
        item_state(item, rows, None, rows[0].role if asked else None) for item, rows in view.groups
    ]


def item_answer(view: ItemView) -> ItemState:
    """``show``: one item, with the other side of each of its carries."""
    state = item_state(view.item, view.rows, view.condition_met, None)
    carried = tuple(
        CarriedState(
            side.direction,
            side.reference,
            side.on,
            side.path,
            tuple(milestone_state(row) for row in side.rows) if side.rows is not None else None,
        )
        for side in view.carried
    )
    return replace(state, carried=carried)


def due_row(row: Row, unit: Entry | None, day: date) -> DueRow:
    """A due view's row; its reasons as the view of ``unit`` on ``day`` gives them."""
    # lazy: the reporting calendar (query.reporting), only for a due view's rows
    from parplan.query.reporting import row_reasons

    assert row.due is not None and row.days is not None  # due rows are dated
    return DueRow(
        id=row.item.id.value,
        number=row.number,
        label=row.milestone.label,
        due=row.due,
        days=row.days,
        status=row.status,
        lead=tuple(ref.value for ref in row.item.lead),
        support=tuple(ref.value for ref in row.item.support),
        role=row.role,
        text=row.item.text,
        report=row.milestone.report,
        legal_due=row.milestone.legal_due,
        reasons=row_reasons(row, unit, day),
        members_done=row.members_done,
        members_total=row.members_total,
    )


def milestone_state(row: Row) -> MilestoneState:
    completion = row.completion
    return MilestoneState(
        number=row.number,
        label=row.milestone.label,
        kind=Kind(row.milestone.kind),
        due=row.due,
        days=row.days,
        status=row.status,
        done=completion.on if completion else None,
        evidence=completion.evidence.value if completion and completion.evidence else None,
        recorded_by=completion.recorded_by if completion else None,
        members_done=row.members_done,
        members_total=row.members_total,
    )


def item_state(
    item: Item, rows: Sequence[Row], condition_met: date | None, role: str | None
) -> ItemState:
    return ItemState(
        id=item.id.value,
        section=item.section_id,
        task=item.task_id,
        task_title=item.task_title,
        product=item.product,
        lead=tuple(ref.value for ref in item.lead),
        support=tuple(ref.value for ref in item.support),
        deadline=item.deadline.value,
        note=item.note,
        milestones=tuple(milestone_state(row) for row in rows),
        role=Role(role) if role else None,
        condition_met=condition_met,
        carried_from=item.carried_from.value if item.carried_from else None,
        carried_to=item.carried_to.value if item.carried_to else None,
        carried_on=item.carried_on,
    )


def counts(tally: Tally) -> Counts:
    return Counts(
        statuses={Status(key): n for key, n in tally.statuses.items()},
        due_so_far=tally.due_so_far,
        done_on_time=tally.done_on_time,
        done_late=tally.done_late,
        overdue=tally.overdue,
        on_time_rate=tally.on_time_rate,
    )


def target_state(state: QueryTargetState) -> TargetState:
    target, current = state.target, state.current
    return TargetState(
        id=target.id.value,
        text=target.text,
        measure=target.measure,
        comparison=target.comparison,
        target=target.value,
        unit=target.unit.value if target.unit else None,
        as_of=state.as_of,
        window=state.window,
        value=current.value if current else None,
        on=current.on if current else None,
        status=TargetStatus(state.status),
        gap=state.gap,
        trend=state.trend,
        change=state.change,
        figures=tuple(
            Figure(
                on=m.on,
                value=m.value,
                numerator=m.numerator,
                denominator=m.denominator,
                unit=m.unit.value if m.unit else None,
                evidence=m.evidence.value if m.evidence else None,
                line=m.source.line,
            )
            for m in state.history
        ),
    )
