"""The questions the views ask, answered over the model: no terminal, no language, no options.

``status.py`` gives each milestone its status as of a day; this module assembles those rows into
what a view shows: the due list and its two halves, every unit's tally, one unit's page, and the
items matching a set of filters, one item, who owes a milestone, the targets. Each view's answer
is one typed value (``DueView``, ``UnitsSummary``, ``UnitPage``, ``ListView``, ``ItemView``,
``OwingView``, ``TargetsView``): the CLI renders it (``render.outputs``'s table) and the Python
API's answers are made from it (``query.answers``), so a question has one answer, built once. A
unit asked about comes resolved once (``query.claims.Asked``).

Why one module past 500 lines: one answer per view, each beside the function that builds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date
from typing import Any

from parplan.core.model import Duty, Group, Item, Plan, Registry, Responsibility, id_order
from parplan.core.text import sort_key
from parplan.core.units import Entry, UnitIndex, is_active, name_on
from parplan.core.values import frozen_dataclass
from parplan.query.body import BodyEntry, UnitBody, body_of_unit, search_body
from parplan.query.claims import Asked, resolve
from parplan.query.status import (
    DONE,
    LEAD,
    ONGOING_STATUS,
    OPEN,
    OVERDUE,
    PENDING,
    SUPPORT,
    TRANSFERRED,
    WAITING,
    Role,
    Row,
    Tally,
    condition_met_on,
    days_after,
    effective_due,
    items_concerning,
    matches_search,
    members_owing,
    rows_as_of,
    rows_for_unit,
    tally,
)
from parplan.query.targets import TargetState, target_state, targets_as_of


def due_rows(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    within: int = 30,
    unit: Entry | Asked | None = None,
    role: str | None = None,
) -> list[Row]:
    """Open milestones due on or before ``as_of + within``: overdue first, then by date.

    With ``unit``, the unit's own milestones as of ``as_of`` (see ``rows_for_unit``).
    """
    horizon = days_after(as_of, within)  # only the milestones due by then get a status
    if unit is not None:
        asked = resolve(index, unit)
        # Only the items that can concern the unit: the rest would all be set aside below.
        mine = items_concerning(plan.items, index, asked)
        rows = rows_as_of(mine, as_of, plan.items, index, due_by=horizon)
        # A unit's answer is open only on a row open for all (a member's part is done with it).
        rows = rows_for_unit([r for r in rows if r.status in OPEN], index, asked, role, as_of)
    else:
        rows = rows_as_of(plan.items, as_of, index=index, due_by=horizon)
    return open_by(rows, as_of, within)


def open_by(rows: Iterable[Row], as_of: date, within: int) -> list[Row]:
    """The open rows due on or before ``as_of + within`` (an item carried into a later plan by
    then left out: it is due there), overdue first, then by date (``due_rows``)."""
    horizon = days_after(as_of, within)
    out = [
        row
        for row in rows
        if row.status in OPEN
        and row.due is not None
        and row.due <= horizon
        # carried into a later plan: due there, no longer here
        and not (row.item.carried_on is not None and row.item.carried_on <= as_of)
    ]
    out.sort(key=lambda r: (r.status != OVERDUE, r.due, id_order(r.item.id.value), r.number))
    return out


def due_view_rows(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    within: int = 30,
    unit: Entry | Asked | None = None,
    role: str | None = None,
    which: str = "due",
) -> list[Row]:
    """The rows of ``due`` (open milestones due by ``as_of + within``, overdue first), or of
    one half: ``overdue`` (the longest overdue first) or ``upcoming`` (by date)."""
    rows = due_rows(plan, index, as_of, within, unit, role)
    if which == "overdue":
        return [row for row in rows if row.status == OVERDUE]
    if which == "upcoming":
        return [row for row in rows if row.status == PENDING]
    return rows


@frozen_dataclass
class DueView:
    """``due`` and its halves ``overdue`` and ``upcoming`` (``which``) as of a day: the open
    milestones due by ``as_of + within`` (``due_view_rows``), of ``unit`` (and ``role``) when
    given; for ``due``, the items whose deadline the grammar read nothing of (issue 20)."""

    which: str
    as_of: date
    within: int
    unit: Entry | None
    role: str | None
    rows: tuple[Row, ...]
    unread: tuple[Item, ...] = ()


def due_view(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    within: int = 30,
    unit: Entry | Asked | None = None,
    role: str | None = None,
    which: str = "due",
) -> DueView:
    """The answer of ``due``, ``overdue`` or ``upcoming`` (``which``): the CLI renders it, the
    API (``Plan.due``) gives its rows. ``unit``: best resolved once by the caller (``Asked``)."""
    asked = resolve(index, unit) if unit is not None else None
    rows = due_view_rows(plan, index, as_of, within, asked, role, which)
    unread = unread_deadline_items(plan, index, asked) if which == "due" else []
    entry = asked.entry if asked is not None else None
    return DueView(which, as_of, within, entry, role, tuple(rows), tuple(unread))


# issue 20: deadlines the grammar read nothing of
def unread_deadline_items(
    plan: Plan, index: UnitIndex, unit: Entry | Asked | None = None
) -> list[Item]:
    """The items whose deadline the grammar read nothing of (no milestone, a problem: the
    decision's own wording, ``deadline-unread``), of the unit when one is given: listed by the
    views under their own heading, so that no item drops out of them silently."""
    items = [i for i in plan.items if not i.parsed.milestones and i.parsed.problems]
    if unit is None or not items:
        return items
    return items_concerning(items, index, unit)


def by_item(rows: Iterable[Row]) -> list[tuple[Item, list[Row]]]:
    """Rows grouped by item, in the order the items first appear."""
    groups: dict[str, tuple[Item, list[Row]]] = {}
    for row in rows:
        groups.setdefault(row.item.id.value, (row.item, []))[1].append(row)
    return list(groups.values())


def condition_met_as_of(
    item: Item, plan_items: Iterable[Item], as_of: date, index: UnitIndex | None = None
) -> date | None:
    """The day the item's condition was met, if that day is on or before ``as_of`` (with the
    unit ``index``, ``after`` a group-led item waits for every member, see ``condition_met_on``)."""
    on = condition_met_on(item, {i.id.value: i for i in plan_items}, index=index)
    return on if on is not None and on <= as_of else None


# ---------------------------------------------------------------------------------------------
# units: every unit at a glance


def ordered_entries(
    registry: Registry, as_of: date | None = None, show_all: bool = True
) -> list[Entry]:
    """The registry's units in Vietnamese alphabetical order of their names as of ``as_of``
    (of the file without a day), then its groups likewise. Without ``show_all``, only the units
    that belong to the ministry on ``as_of``."""
    units = [u for u in registry.units if show_all or as_of is None or is_active(u, as_of)]
    return [
        *sorted(units, key=lambda u: sort_key(name_on(u, as_of) if as_of else u.name)),
        *sorted(registry.groups, key=lambda g: sort_key(g.name)),
    ]


@frozen_dataclass
class UnitsSummary:
    """Every unit's tally as of a day (the ``units`` view): ``entries`` in display order with
    ``tallies`` by entry name, and the whole plan's ``total``."""

    as_of: date
    role: str
    entries: tuple[Entry, ...]
    tallies: Mapping[str, Tally]
    total: Tally
    active: Mapping[str, bool]  # by unit name: whether it belongs to the ministry on ``as_of``
    index: UnitIndex = field(compare=False, repr=False)  # for the records of the registry

    def unit_rows(self) -> list[tuple[str, Tally]]:
        """The units' rows, in order, each under the name it bore on ``as_of``."""
        return [
            (name_on(e, self.as_of), self.tallies[e.name])
            for e in self.entries
            if not isinstance(e, Group)
        ]

    def group_rows(self) -> list[tuple[str, Tally]]:
        """The groups' rows, in order, without the placeholders (which name no one)."""
        return [
            (e.name, self.tallies[e.name])
            for e in self.entries
            if isinstance(e, Group) and not e.placeholder
        ]


def units_summary(
    plan: Plan,
    registry: Registry,
    index: UnitIndex,
    as_of: date,
    role: str = LEAD,
    show_all: bool = False,
) -> UnitsSummary:
    """The milestones of the items each unit (and group) leads, or supports, tallied: each
    unit's own part of group-led items, a merged unit's work under its successor. Units that no
    longer belong to the ministry on ``as_of`` are left out unless ``show_all``."""
    rows = rows_as_of(plan.items, as_of, index=index)
    active = {u.name: is_active(u, as_of) for u in registry.units}
    entries = ordered_entries(registry, as_of, show_all)
    shared: dict[int, Any] = {}  # each group-led row's members by name, for every unit
    tallies = {
        entry.name: tally(
            rows_for_unit(rows, index, entry, role, as_of=as_of, shared=shared), as_of
        )
        for entry in entries
    }
    total = tally(rows, as_of)
    return UnitsSummary(as_of, role, tuple(entries), tallies, total, active, index)


# ---------------------------------------------------------------------------------------------
# unit: one unit's page


@frozen_dataclass
class UnitPage:
    """One unit's page as of a day (the ``unit`` view).

    ``mine``: every milestone of the items the unit answers for, with its role. ``counts``: a
    tally per role shown. ``overdue`` and ``upcoming``: its due rows, both roles. ``ongoing``
    and ``waiting``: the items it leads that are ongoing, or wait on a condition (or whose
    condition is met but gave no deadline), ``met`` giving the day each waiting item's
    condition was met (None if not yet). ``supports``: the items it supports.
    ``transferred``: its milestones due after it left the ministry or merged, now another's.
    """

    entry: Entry
    as_of: date
    within: int
    role: str | None
    roles: tuple[Role, ...]
    mine: tuple[Row, ...]
    counts: Mapping[Role, Tally]
    overdue: tuple[Row, ...]
    upcoming: tuple[Row, ...]
    ongoing: tuple[tuple[Item, list[Row]], ...]
    waiting: tuple[tuple[Item, list[Row]], ...]
    met: Mapping[str, date | None]
    supports: tuple[tuple[Item, list[Row]], ...]
    # issue 21: what the decision's body gives the unit, and its targets' states on the day;
    # ``has_body``: whether the plan holds a body at all (another agency's may not)
    body: UnitBody
    targets: tuple[TargetState, ...]
    has_body: bool
    index: UnitIndex = field(compare=False, repr=False)  # for the records of the registry
    transferred: tuple[Row, ...] = ()
    # issue 20: its items whose deadline the grammar read nothing of (no milestone)
    unread: tuple[Item, ...] = ()


def unit_page(
    plan: Plan,
    index: UnitIndex,
    unit: Entry | Asked,
    as_of: date,
    within: int = 30,
    role: str | None = None,
) -> UnitPage:
    """Assemble one unit's page; ``role`` narrows it to the items the unit leads or supports.
    ``unit``: best resolved once by the caller (``Asked``)."""
    asked = resolve(index, unit)
    entry = asked.entry
    concerning = items_concerning(plan.items, index, asked)
    mine = rows_for_unit(
        rows_as_of(concerning, as_of, plan.items, index), index, asked, role, as_of=as_of
    )
    roles = tuple(r for r in (LEAD, SUPPORT) if role in (None, r))
    counts = {r: tally([row for row in mine if row.role == r], as_of) for r in roles}
    soon = open_by(mine, as_of, within)  # ``due_rows`` of the unit, from the rows above
    # An item carried into a later plan on or before the day is followed there, not here.
    led = [
        (item, rows)
        for item, rows in by_item(row for row in mine if row.role == LEAD)
        if item.carried_on is None or item.carried_on > as_of
    ]
    ongoing = [(item, rows) for item, rows in led if any(r.status == ONGOING_STATUS for r in rows)]
    # Waiting: the condition is not met yet, or it is met but gave no deadline (open, undated).
    waiting = [
        (item, rows)
        for item, rows in led
        if any(r.status == WAITING or (r.status == PENDING and r.due is None) for r in rows)
    ]
    met = {
        item.id.value: condition_met_as_of(item, plan.items, as_of, index) for item, _ in waiting
    }
    body = body_of_unit(plan, index, entry, as_of)  # issue 21
    return UnitPage(
        entry=entry,
        as_of=as_of,
        within=within,
        role=role,
        roles=roles,
        mine=tuple(mine),
        counts=counts,
        overdue=tuple(row for row in soon if row.status == OVERDUE),
        upcoming=tuple(row for row in soon if row.status == PENDING),
        ongoing=tuple(ongoing),
        waiting=tuple(waiting),
        met=met,
        supports=tuple(by_item(row for row in mine if row.role == SUPPORT)),
        transferred=tuple(row for row in mine if row.status == TRANSFERRED),
        unread=tuple(unread_deadline_items(plan, index, asked)),
        body=body,
        targets=tuple(target_state(plan, target, as_of) for target in body.targets),
        has_body=bool(plan.targets or plan.duties or plan.responsibilities),
        index=index,
    )


# ---------------------------------------------------------------------------------------------
# list: items by section, status, unit or words


def section_known(plan: Plan, section: str) -> bool:
    """Whether ``section`` names a section (``II``) or a task (``II.6``) of the plan."""
    wanted = section.strip().upper()
    known = {s.id.value.upper() for s in plan.sections} | {t.id.value.upper() for t in plan.tasks}
    return wanted in known


def list_items(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    *,
    section: str | None = None,
    status: str | Sequence[str] | None = None,
    unit: Entry | Asked | None = None,
    role: str | None = None,
    search: str | None = None,
) -> list[tuple[Item, list[Row]]]:
    """The items matching every filter given, each with its rows as of the day.

    ``section`` (checked with ``section_known`` first) keeps a section or task; ``status`` (a
    key, or several: see ``status_filter``) the items with a milestone in that status; ``unit``
    (and ``role``) the items the unit answers for, its role on every row, its own part of
    group-led items; ``search`` the items with every word (or quoted phrase) in their texts.
    """
    if unit is not None:
        asked = resolve(index, unit)
        concerning = items_concerning(plan.items, index, asked)
        rows = rows_for_unit(
            rows_as_of(concerning, as_of, plan.items, index), index, asked, role, as_of
        )
    else:
        rows = rows_as_of(plan.items, as_of, index=index)
    if section is not None:
        wanted = section.strip().upper()
        rows = [
            row for row in rows if wanted in (row.item.section_id.upper(), row.item.task_id.upper())
        ]
    groups = by_item(rows)
    if status is not None:
        keys = (status,) if isinstance(status, str) else tuple(status)
        groups = [(item, r) for item, r in groups if any(x.status in keys for x in r)]
    if search:
        groups = [(item, r) for item, r in groups if matches_search(item, search)]
    return groups


@frozen_dataclass
class ListView:
    """``list`` as of a day: the items matching every filter, each with its rows
    (``list_items``), and the decision's body entries a search finds (issue 21: only without a
    section or status filter). ``status_typed``: the status as the person typed it."""

    as_of: date
    unit: Entry | None
    role: str | None
    section: str | None
    statuses: tuple[str, ...]
    status_typed: str | None
    search: str | None
    groups: tuple[tuple[Item, list[Row]], ...]
    found: tuple[BodyEntry, ...] = ()


def list_view(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    *,
    section: str | None = None,
    statuses: Sequence[str] = (),
    status_typed: str | None = None,
    unit: Entry | Asked | None = None,
    role: str | None = None,
    search: str | None = None,
) -> ListView:
    """The answer of ``list`` (``Plan.items`` gives its groups)."""
    asked = resolve(index, unit) if unit is not None else None
    groups = list_items(
        plan,
        index,
        as_of,
        section=section,
        status=tuple(statuses) or None,
        unit=asked,
        role=role,
        search=search,
    )
    found = search_body(plan, search) if search and section is None and not statuses else []
    return ListView(
        as_of,
        asked.entry if asked is not None else None,
        role,
        section,
        tuple(statuses),
        status_typed,
        search,
        tuple(groups),
        tuple(found),
    )


# ---------------------------------------------------------------------------------------------
# show: one item, whole; owing: who still owes a milestone


@frozen_dataclass
class CarrySide:
    """The other side of a carry of an item (``parplan carry``): ``direction`` "to" or "from",
    the reference as written, the carry's day, and where it was found (the file, and the
    item's rows there as of the day), None when not found."""

    direction: str
    reference: str
    on: date | None
    path: str | None
    rows: tuple[Row, ...] | None


@frozen_dataclass
class ItemView:
    """``show`` of an item as of a day: its rows, the day its condition was met (on or before
    the day), the point of the decision's body with the same ID (issue 21), the other sides of
    its carries."""

    item: Item
    as_of: date
    rows: tuple[Row, ...]
    condition_met: date | None
    index: UnitIndex = field(compare=False, repr=False)  # for the units' names
    also: Duty | Responsibility | None = None
    carried: tuple[CarrySide, ...] = ()


def item_view(
    plan: Plan, index: UnitIndex, item: Item, as_of: date, carried: Sequence[CarrySide] = ()
) -> ItemView:
    """The answer of ``show`` (``Plan.item`` gives it as an ``ItemState``)."""
    rows = rows_as_of([item], as_of, plan.items, index=index)
    met = condition_met_as_of(item, plan.items, as_of, index)
    also = plan.body_entry(item.id.value)
    return ItemView(item, as_of, tuple(rows), met, index, also, tuple(carried))


@frozen_dataclass
class OwingView:
    """``owing``: the units that still owe milestone ``number`` of an item as of a day, by
    their names of that day; ``picked`` when the milestone was not asked for (the earliest not
    done by everyone), with its due date as of the day."""

    item: Item
    as_of: date
    number: int
    picked: bool
    due: date | None
    owing: tuple[str, ...]


def owing_view(
    plan: Plan, index: UnitIndex, item: Item, as_of: date, number: int | None = None
) -> OwingView:
    """The answer of ``owing`` (``Plan.owing`` gives its names): milestone ``number``, else the
    earliest not done by everyone (the last when all are)."""
    picked = number is None
    if number is None:
        rows = rows_as_of([item], as_of, plan.items, index=index)
        open_rows = [row for row in rows if row.status not in DONE]
        number = open_rows[0].number if open_rows else len(rows)
    found = members_owing(item, number, index, as_of, plan.items)
    names = tuple(name_on(unit, as_of) for unit in found.owing)  # a renamed unit: that day's
    due = None
    if picked:
        met = condition_met_on(item, {i.id.value: i for i in plan.items}, index=index)
        due = effective_due(item.milestones[number - 1], as_of, met, item.within_days)
    return OwingView(item, as_of, number, picked, due, names)


# ---------------------------------------------------------------------------------------------
# targets (issue 21)


@frozen_dataclass
class TargetsView:
    """``targets`` as of a day: every target's state, or those of the unit asked about
    (``unit``: as typed)."""

    as_of: date
    unit: str | None
    states: tuple[TargetState, ...]


def target_unit_names(plan: Plan, index: UnitIndex, entry: Entry) -> frozenset[str]:
    """The names written in the targets' ``unit`` that stand for ``entry`` (its canonical name
    and the other names it is known by)."""
    names = {entry.name}
    for target in plan.targets:
        if target.unit is not None:
            found = index.lookup(target.unit.value)
            if found is not None and found.entry.name == entry.name:
                names.add(target.unit.value)
    return frozenset(names)


def targets_view(
    plan: Plan, index: UnitIndex, as_of: date, unit: Entry | None = None, typed: str | None = None
) -> TargetsView:
    """The answer of ``targets`` (``Plan.targets`` gives its states)."""
    names = target_unit_names(plan, index, unit) if unit is not None else None
    return TargetsView(as_of, typed, tuple(targets_as_of(plan, as_of, units=names)))
