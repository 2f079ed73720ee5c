"""The periodic CCHC report as data: what a unit, or the ministry, reports for a period.

``build_report`` takes the loaded plan, a period of the plan's reporting calendar and a day
(by default the period's cut-off) and returns a ``Report``: the summary by status beside the
previous period's, what was completed in the window, what is overdue and why, what falls due in
the next period, and for the ministry's report one row per unit and the group-led milestones
whose member units have not done their part. Renderers (``report_text``, ``report_docx``,
``report_html``, ``report_xlsx``) only lay this object out. Nothing here knows of the terminal.

Why one module past 500 lines: the report's sections are one value, each built over the same
rows and the same calendar window; splitting them would split the rules of the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from parplan.core.model import (
    Completion,
    Duty,
    Group,
    Item,
    Plan,
    Registry,
    ReportingCalendar,
    ReportPeriod,
    Responsibility,
    Unit,
    id_order,
)
from parplan.core.periods import next_period, previous_period, report_due, window
from parplan.core.text import sort_key
from parplan.core.units import Entry, UnitIndex, derive_code, document_code, is_active, name_on
from parplan.query.body import body_of_unit
from parplan.query.queries import unread_deadline_items
from parplan.query.status import (
    LEAD,
    OVERDUE,
    PENDING,
    Row,
    Tally,
    is_per_member,
    members_owing,
    names_milestone,
    rows_as_of,
    rows_for_unit,
    tally,
)
from parplan.query.targets import TargetState, target_state

COMPLETED = "milestone"  # a milestone completed in the window
LOGGED = "log"  # a work-log entry in the window (of any item)


@dataclass(frozen=True)
class PeriodRef:
    """A period of a given year, with its window and days."""

    period: ReportPeriod
    year: int
    start: date
    end: date  # the cut-off
    due: date  # the day the report is due

    @classmethod
    def of(cls, period: ReportPeriod, year: int) -> PeriodRef:
        start, end = window(period, year)
        return cls(period, year, start, end, report_due(period, year))


@dataclass(frozen=True)
class Done:
    """Something completed in the window: a milestone, or a work-log entry of an ongoing item."""

    kind: str  # COMPLETED | LOGGED
    item_id: str
    text: str
    milestone: str
    on: date
    evidence: str | None
    units: tuple[str, ...]  # the lead units; for a log entry, the unit that wrote it if given
    note: str | None = None  # a log entry's text


@dataclass(frozen=True)
class Late:
    """An overdue milestone and the reasons recorded for it."""

    item_id: str
    text: str
    milestone: str
    due: date
    legal_due: date | None
    days_late: int
    units: tuple[str, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Coming:
    """An open milestone due in the next period."""

    item_id: str
    text: str
    milestone: str
    due: date
    legal_due: date | None
    units: tuple[str, ...]


@dataclass(frozen=True)
class UnitLine:
    """One unit of the ministry's report: its name as of the cut-off day and its tally."""

    name: str
    short: str | None
    tally: Tally


@dataclass(frozen=True)
class Gap:
    """A milestone led by a group, due by the cut-off, and the member units that have not done
    their part."""

    item_id: str
    text: str
    milestone: str
    due: date
    group: str
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Dated:
    """A dated milestone of the year, for a timeline: where it stands on the report's day."""

    item_id: str
    milestone: str
    due: date
    status: str


@dataclass(frozen=True)
class Unread:
    """An item whose deadline the grammar read nothing of (``deadline-unread``): no milestone,
    so no section above counts it; the report lists it so that it does not drop silently
    (issue 20)."""

    item_id: str
    text: str
    deadline: str  # the decision's own wording
    units: tuple[str, ...]  # its leads


@dataclass(frozen=True)
class Report:
    """The content of a periodic report, in the order the report gives it."""

    plan_title: str
    decision: str
    basis: str | None  # the calendar's basis, e.g. "Văn bản 581/BNV-CCHC"
    agency: str | None  # the issuing body ("Bộ Nội vụ")
    place: str | None  # where the report is dated ("Hà Nội")
    current: PeriodRef
    previous: PeriodRef | None
    following: PeriodRef | None
    as_of: date
    unit: str | None  # None: the ministry's report
    unit_short: str | None
    summary: Tally
    previous_summary: Tally | None
    completed: tuple[Done, ...]
    overdue: tuple[Late, ...]
    upcoming: tuple[Coming, ...]
    units: tuple[UnitLine, ...]  # the ministry's report only
    gaps: tuple[Gap, ...]  # the ministry's report only
    timeline: tuple[Dated, ...] = ()  # every dated milestone of the report's year, by date
    # issue 18: the overdue reasons held are those dated by this day (the report's due day)
    reasons_until: date | None = None
    # issue 18: the document's number "Số: {number}/BC-{code}"
    code: str | None = None  # the issuing body's abbreviation (None: no agency named)
    number: str | None = None  # given by the person who files it (None: left blank)
    # issue 21: the decision's targets judged on the report's window (a unit's: those it
    # answers for), in the plan's order
    targets: tuple[TargetState, ...] = ()
    # issue 21, a unit's report only: its responsibilities (section IV) and duties (section II)
    responsibilities: tuple[Responsibility, ...] = ()
    duties: tuple[Duty, ...] = ()
    # issue 20: the items whose deadline the grammar read nothing of (no milestone)
    unread: tuple[Unread, ...] = ()


# ---------------------------------------------------------------------------------------------
# Who is in the ministry on a day, and who has done their part (from ``units`` and ``status``)


def active_units(registry: Registry, day: date) -> list[Unit]:
    """The units of the ministry on ``day`` (``units.is_active``: established by then, not yet
    merged or gone); roles (a unit acting in another capacity) are left out."""
    return [unit for unit in registry.units if unit.kind != "role" and is_active(unit, day)]


def members_missing(
    item: Item, number: int, index: UnitIndex, day: date, plan_items: Sequence[Item] = ()
) -> tuple[str, ...]:
    """The units that have not done their part of the item's milestone ``number`` as of
    ``day`` (``status.members_owing``: each member of a group-led item answers on its own, a
    member being a unit of the ministry on the milestone's due date), by their names that day,
    in Vietnamese order."""
    owing = members_owing(item, number, index, day, plan_items).owing
    return tuple(sorted({name_on(unit, day) for unit in owing}, key=sort_key))


# ---------------------------------------------------------------------------------------------
# Building the report


def milestone_name(row: Row) -> str:
    """The milestone as the report names it: the report it is, its label, or the deadline."""
    milestone = row.milestone
    if milestone.report:
        return milestone.report
    if milestone.label:
        return milestone.label
    if len(row.item.milestones) == 1:
        return row.item.deadline.value
    return str(row.number)


def build_report(
    plan: Plan,
    index: UnitIndex,
    calendar: ReportingCalendar,
    period: ReportPeriod,
    year: int,
    as_of: date | None = None,
    unit: Entry | None = None,
    number: str | None = None,
) -> Report:
    """The report of ``unit`` (None: the ministry) for ``period`` of ``year``, as of ``as_of``
    (default: the period's cut-off day).

    A unit's report counts the items it leads (directly, through a group or a merger); the
    ministry's counts every milestone of the plan. The document's number is ``number`` (as
    given) over the issuer's code (``units.document_code``; the ministry's from the calendar's
    agency, "Bộ Nội vụ" → "BNV").
    """
    current = PeriodRef.of(period, year)
    day = as_of or current.end
    if isinstance(unit, Unit):  # as in the views: a merged unit's old name, its successor's
        unit = index.successor_on(unit, day)
    before = previous_period(calendar, period, year)
    after = next_period(calendar, period, year)
    previous = PeriodRef.of(*before) if before else None
    following = PeriodRef.of(*after) if after else None

    def scoped(on: date) -> list[Row]:
        rows = rows_as_of(plan.items, on, index=index)
        return rows_for_unit(rows, index, unit, LEAD, as_of=on) if unit is not None else rows

    rows = scoped(day)
    responsibilities, duties = _body(plan, index, day, unit)
    previous_summary = tally(scoped(previous.end), previous.end) if previous else None
    short = unit.short if isinstance(unit, Unit) else None
    reasons_until = max(day, current.due)
    if unit is not None:
        code: str | None = document_code(unit)
    else:
        code = derive_code(calendar.agency) if calendar.agency else None
    return Report(
        code=code or None,
        number=number,
        plan_title=plan.info.title,
        decision=plan.info.decision,
        basis=calendar.basis,
        agency=calendar.agency,
        place=calendar.place,
        current=current,
        previous=previous,
        following=following,
        as_of=day,
        # A renamed unit reports under the name it bears on the report's day.
        unit=(name_on(unit, day) if isinstance(unit, Unit) else unit.name) if unit else None,
        unit_short=short,
        summary=tally(rows, day),
        previous_summary=previous_summary,
        completed=tuple(_completed(plan, rows, current, day, unit, index)),
        # Reasons are written while the report is prepared: those recorded by its due day count.
        overdue=tuple(_overdue(rows, day, unit, reasons_until, index)),
        upcoming=tuple(_upcoming(rows, day, following, unit, index)),
        units=tuple(_unit_lines(plan, index, day)) if unit is None else (),
        gaps=tuple(_gaps(plan, index, rows, day)) if unit is None else (),
        reasons_until=reasons_until,
        timeline=tuple(
            sorted(
                (
                    Dated(row.item.id.value, milestone_name(row), row.due, row.status)
                    for row in rows
                    if row.due is not None and row.due.year == year
                ),
                key=lambda d: (d.due, id_order(d.item_id)),
            )
        ),
        targets=tuple(_targets(plan, index, current, day, unit)),
        responsibilities=responsibilities,
        duties=duties,
        unread=tuple(
            Unread(item.id.value, item.text, item.deadline.value, _leads(item, index, day))
            for item in unread_deadline_items(plan, index, unit)
        ),
    )


def _body(
    plan: Plan, index: UnitIndex, day: date, unit: Entry | None
) -> tuple[tuple[Responsibility, ...], tuple[Duty, ...]]:
    """A unit's report: what sections II and IV give the unit (issue 21)."""
    if unit is None:
        return (), ()
    body = body_of_unit(plan, index, unit, day)
    return body.responsibilities, body.duties


def _targets(
    plan: Plan, index: UnitIndex, current: PeriodRef, day: date, unit: Entry | None
) -> list[TargetState]:
    """The targets' states judged on the report's window, as of its day (issue 21)."""
    out = []
    for target in plan.targets:
        if unit is not None:
            found = index.lookup(target.unit.value) if target.unit is not None else None
            if found is None or found.entry.name != unit.name:
                continue
        out.append(target_state(plan, target, day, (current.start, current.end)))
    return out


def _leads(item: Item, index: UnitIndex, day: date) -> tuple[str, ...]:
    """The item's leads as the views name them on ``day`` (a merged unit: its successor)."""
    return tuple(index.display_name(ref.value, day) for ref in item.lead)


def _completed(
    plan: Plan,
    rows: Sequence[Row],
    current: PeriodRef,
    day: date,
    unit: Entry | None,
    index: UnitIndex,
) -> list[Done]:
    last = min(current.end, day)
    out: list[Done] = []
    for row in rows:
        # A group-led item done member by member: the ministry lists each member's own part,
        # a member's report names the member.
        parts: list[tuple[Completion | None, tuple[str, ...]]]
        if unit is None and row.per_member:
            parts = [(p.completion, (name_on(p.unit, day),)) for p in row.members]
        else:
            parts = [(row.completion, _owners(row, unit, index, day))]
        for completion, units in parts:
            if completion is None or not current.start <= completion.on <= last:
                continue
            evidence = completion.evidence.value if completion.evidence else None
            out.append(
                Done(
                    COMPLETED,
                    row.item.id.value,
                    row.item.text,
                    milestone_name(row),
                    completion.on,
                    evidence,
                    units,
                )
            )
    led = {row.item.id.value for row in rows}
    # Every item's work log: an ongoing item's is all it ever reports; on an item with a date,
    # it is the work done towards it in the window (it reached no report before).
    for item in plan.items:
        for entry in item.log:
            if not current.start <= entry.on <= last:
                continue
            if unit is not None and not _logged_by(entry.unit, item.id.value in led, unit, index):
                continue
            out.append(
                Done(
                    LOGGED,
                    item.id.value,
                    item.text,
                    item.deadline.value,
                    entry.on,
                    entry.evidence,
                    (entry.unit,) if entry.unit else _leads(item, index, day),
                    entry.text,
                )
            )
    out.sort(key=lambda d: (d.on, id_order(d.item_id)))
    return out


def _logged_by(written: str | None, leads: bool, unit: Entry, index: UnitIndex) -> bool:
    """Whether a log entry is the unit's work: it names the unit (or a unit merged into it),
    or it names no unit and the unit leads the item."""
    if written is None:
        return leads
    return unit.name in index.expand(written)


def reasons_for(
    item: Item, number: int, unit: Entry | None = None, until: date | None = None
) -> tuple[str, ...]:
    """The reasons recorded for the item's milestone ``number`` being late, in file order,
    written by ``until`` when given; for a unit, those it gave (or that name no unit). Each
    names its unit when it has one."""
    out = []
    for reason in item.late:
        if not names_milestone(reason.milestone, item, number):
            continue
        if until is not None and reason.on is not None and reason.on > until:
            continue
        if unit is not None and reason.unit is not None and reason.unit != unit.name:
            continue
        out.append(f"{reason.reason} ({reason.unit})" if reason.unit else reason.reason)
    return tuple(out)


def row_reasons(row: Row, unit: Entry | None, day: date | None) -> tuple[str, ...]:
    """The reasons for delay that a view of ``unit`` (None: of every unit) as of ``day`` gives
    for a row — its table, JSON, CSV and the API alike (issue 18): those written by that day,
    and for a unit only its own (or those naming no unit)."""
    if not row.item.late:
        return ()
    return reasons_for(row.item, row.number, unit, day)


def _owners(row: Row, unit: Entry | None, index: UnitIndex, day: date) -> tuple[str, ...]:
    """Who a row of the report is listed under: in a unit's own report, its part of a
    group-led item is its own (the unit's name on ``day``); else the item's leads."""
    if isinstance(unit, Unit) and row.per_member:
        return (name_on(unit, day),)
    return _leads(row.item, index, day)


def _overdue(
    rows: Sequence[Row], day: date, unit: Entry | None, until: date, index: UnitIndex
) -> list[Late]:
    out = [
        Late(
            row.item.id.value,
            row.item.text,
            milestone_name(row),
            row.due,
            row.milestone.legal_due,
            (day - row.due).days,
            _owners(row, unit, index, day),
            reasons_for(row.item, row.number, unit, until),
        )
        for row in rows
        if row.status == OVERDUE and row.due is not None
    ]
    out.sort(key=lambda late: (-late.days_late, id_order(late.item_id)))
    return out


def _upcoming(
    rows: Sequence[Row],
    day: date,
    following: PeriodRef | None,
    unit: Entry | None,
    index: UnitIndex,
) -> list[Coming]:
    if following is None:
        return []
    out = [
        Coming(
            row.item.id.value,
            row.item.text,
            milestone_name(row),
            row.due,
            row.milestone.legal_due,
            _owners(row, unit, index, day),
        )
        for row in rows
        if row.status == PENDING and row.due is not None and day < row.due <= following.end
    ]
    out.sort(key=lambda coming: (coming.due, id_order(coming.item_id)))
    return out


def _unit_lines(plan: Plan, index: UnitIndex, day: date) -> list[UnitLine]:
    rows = rows_as_of(plan.items, day, index=index)
    lines = [
        UnitLine(
            name_on(unit, day),
            unit.short,
            tally(rows_for_unit(rows, index, unit, LEAD, as_of=day), day),
        )
        for unit in active_units(index.registry, day)
    ]
    lines.sort(key=lambda line: sort_key(line.name))
    return lines


def _gaps(plan: Plan, index: UnitIndex, rows: Sequence[Row], day: date) -> list[Gap]:
    out: list[Gap] = []
    for row in rows:
        if row.due is None or row.due > day:
            continue
        for ref in row.item.lead:
            found = index.lookup(ref.value)
            if found is None or not isinstance(found.entry, Group) or found.entry.placeholder:
                continue
            if not is_per_member(row.item, index):
                continue  # led by the group together (shared: true): one completion
            missing = members_missing(row.item, row.number, index, day, plan.items)
            if missing:
                out.append(
                    Gap(
                        row.item.id.value,
                        row.item.text,
                        milestone_name(row),
                        row.due,
                        found.entry.name,
                        missing,
                    )
                )
    out.sort(key=lambda gap: (gap.due, id_order(gap.item_id)))
    return out
