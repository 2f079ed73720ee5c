"""Status of each milestone as of a date, and the queries the views are built on.

Why one module past 500 lines: the status of a milestone and a unit's own answer (roles through
groups and mergers, members' parts) are one computation; the views' questions are in
``queries.py``, which units answer for a name written in the plan in ``claims.py``.

Statuses are computed, never stored: from the deadline, the recorded completion and the date D.
The categories are those the Government Office reports assigned tasks in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from weakref import WeakKeyDictionary

from parplan.core.deadlines import CONDITIONAL, ONGOING, Milestone
from parplan.core.model import (
    Completion,
    Group,
    Item,
    Text,
    Unit,
    milestone_matches,
)
from parplan.core.units import Entry, UnitIndex
from parplan.core.values import frozen_dataclass
from parplan.query.claims import (
    OWES,
    AnswerCache,
    Asked,
    claim_on,
    resolve,
    unit_identity,
)

# Moved to ``query.claims``, ``query.keys`` and ``query.search`` (issue 22), still given here, where the views' code imports them:
from parplan.query.claims import concerns as concerns
from parplan.query.claims import items_concerning as items_concerning
from parplan.query.claims import plan_for_unit as plan_for_unit
from parplan.query.claims import unit_family as unit_family
from parplan.query.keys import Role as Role
from parplan.query.keys import Status as Status
from parplan.query.search import _words as _words
from parplan.query.search import matches_search as matches_search
from parplan.query.search import search_terms as search_terms
from parplan.query.search import searched_texts as searched_texts

DONE_ON_TIME = Status.DONE_ON_TIME
DONE_LATE = Status.DONE_LATE
PENDING = Status.PENDING
OVERDUE = Status.OVERDUE
ONGOING_STATUS = Status.ONGOING
WAITING = Status.WAITING
STATUSES = (DONE_ON_TIME, DONE_LATE, PENDING, OVERDUE, ONGOING_STATUS, WAITING)
OPEN = (PENDING, OVERDUE)
DONE = (DONE_ON_TIME, DONE_LATE)
TRANSFERRED = Status.TRANSFERRED
ALL_STATUSES = (*STATUSES, TRANSFERRED)

LEAD = Role.LEAD
SUPPORT = Role.SUPPORT
SOON = 7  # days: an open milestone due this soon is due soon (the tables show it in yellow)


def status_as_of(
    milestone: Milestone,
    as_of: date,
    completed_on: date | None = None,
    condition_met_on: date | None = None,
    within_days: int | None = None,
) -> Status:
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


def days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, or the last representable day (``--as-of 9999-12-31`` is a day
    like any other)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


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
    """The completion recorded for the item's milestone ``number`` (1-based), if any.

    Only completions of the whole item count; a member's own part of a group-led item (a
    ``progress`` entry with ``unit:``) is found by ``member_completion``.
    """
    for completion in item.completions:
        if completion.unit is not None:
            continue
        if names_milestone(completion.milestone, item, number):
            return completion
    return None


def names_milestone(written: Text | None, item: Item, number: int) -> bool:
    """Whether a record of the item (a completion, a reason for delay) that names the milestone
    ``written`` (a label or a 1-based number; None: names none) is about its milestone
    ``number`` (1-based). A record naming none is about the item's only milestone."""
    if written is None:
        return len(item.milestones) == 1 and number == 1
    milestone = item.milestones[number - 1] if 0 < number <= len(item.milestones) else None
    return milestone_matches(written.value, milestone, number)


def condition_met_on(
    item: Item,
    items: Mapping[str, Item],
    seen: frozenset[str] = frozenset(),
    index: UnitIndex | None = None,
) -> date | None:
    """When a conditional item's condition was met: its own ``met`` record, or else the day the
    item named by ``after`` had all its milestones completed. With the unit ``index``, an item
    led by a group member by member (``is_per_member``) has a milestone completed when every
    member owing it has done its part, on the last of their days."""
    if item.met is not None:
        return item.met.on
    if item.after is None or item.after.value in seen:
        return None
    before = items.get(item.after.value)
    if before is None or not before.milestones:
        return None
    per_member = index is not None and is_per_member(before, index)
    days = []
    for number in range(1, len(before.milestones) + 1):
        if per_member:
            assert index is not None
            on = _members_done_on(before, number, index)
            if on is None:
                return None
            days.append(on)
            continue
        completion = completion_of(before, number)
        if completion is None:
            return None
        days.append(completion.on)
    return max(days)


def _members_done_on(item: Item, number: int, index: UnitIndex) -> date | None:
    """The day every member owing milestone ``number`` of a group-led item had done its part
    (the last of their days), or None while one has not (or none owes it). Who owes it is
    decided on its due date (a milestone without one: on the last of the records' days)."""
    milestone = item.milestones[number - 1]
    records = [c.on for c in item.completions if c.unit is not None]
    day = milestone.due or (max(records) if records else None)
    if day is None:
        return None
    units = owing_units(item, number, index, day, milestone.due)
    done = [member_completion(item, number, unit, index, day, milestone.due) for unit in units]
    if not units or any(c is None for c in done):
        return None
    return max(c.on for c in done if c is not None)


@frozen_dataclass(slots=True, compiled_init=True)
class Row:
    """One milestone of one item, with its status as of a date and a unit's role in it."""

    item: Item
    number: int  # 1-based position among the item's milestones
    milestone: Milestone
    status: Status
    days: int | None  # due − as_of, negative when late
    role: Role | None = None
    due: date | None = None  # the effective due date (a met condition's comes from its lag)
    completion: Completion | None = None
    # A group-led item done by each member (see ``is_per_member``): every member owing the
    # milestone with its own status; the row's status and completion are then the members'
    # together (done when all are, on the last day of theirs).
    members: tuple[MemberPart, ...] = ()
    # A unit's row of a milestone it no longer owes (status ``transferred``): where it went.
    transferred_to: str | None = None
    per_member: bool = False

    @property
    def members_total(self) -> int | None:
        """How many members owe the milestone; None for an item not done member by member."""
        return len(self.members) if self.members or self.per_member else None

    @property
    def members_done(self) -> int | None:
        """How many of the owing members are done (as of the row's day)."""
        if self.members_total is None:
            return None
        return sum(1 for part in self.members if part.status in DONE)


def rows_as_of(
    items: Iterable[Item],
    as_of: date,
    plan_items: Iterable[Item] | None = None,
    index: UnitIndex | None = None,
    due_by: date | None = None,
) -> list[Row]:
    """Every milestone of ``items`` with its status on day ``as_of``.

    With the unit ``index``, a group-led item is answered member by member: each row carries
    the members owing the milestone (``Row.members``) and the status of all of them together
    (see ``member_parts``). Without it, only completions of the whole item count. ``due_by``:
    only the milestones due by that day, those ``open_by`` can keep (issue 23: a month's).
    """
    items = list(items)
    by_id: dict[str, Item] = {}
    if any(item.after is not None for item in items):  # only ``after:`` looks other items up
        by_id = {i.id.value: i for i in (plan_items if plan_items is not None else items)}
    rows: list[Row] = []
    for item in items:
        met = (
            condition_met_on(item, by_id, index=index)
            if item.milestones and any(m.kind == CONDITIONAL for m in item.milestones)
            else None
        )
        per_member: bool | None = None  # asked once, of an item with a row
        for number, milestone in enumerate(item.milestones, start=1):
            due = effective_due(milestone, as_of, met, item.within_days)
            if due_by is not None and (due is None or due > due_by):
                continue
            if per_member is None:
                per_member = index is not None and is_per_member(item, index)
            days = (due - as_of).days if due else None
            if per_member:
                assert index is not None
                parts = member_parts(item, number, index, as_of, met)
                status, shown = _together(milestone, parts, as_of, met, item.within_days)
                rows.append(
                    Row(item, number, milestone, status, days, None, due, shown, parts, None, True)
                )
                continue
            completion = completion_of(item, number)
            completed_on = completion.on if completion else None
            status = status_as_of(milestone, as_of, completed_on, met, item.within_days)
            shown = completion if completion is not None and completion.on <= as_of else None
            rows.append(Row(item, number, milestone, status, days, None, due, shown))
    return rows


# ---------------------------------------------------------------------------------------------
# Group-led items, member by member (issue 8)


@frozen_dataclass(slots=True, compiled_init=True)
class MemberPart:
    """One member's own part of a milestone of a group-led item, as of a day: its status and
    the completion it recorded (None when not done by that day)."""

    unit: Unit
    status: Status
    completion: Completion | None


def is_per_member(item: Item, index: UnitIndex) -> bool:
    """Whether each member of a group answers for the item on its own: a lead names a group
    that is not a placeholder, and the item is not marked ``shared: true`` (a task the group
    does together, completed once). Items whose leads are named units share one completion."""
    if item.shared:
        return False
    for ref in item.lead:
        found = index.lookup(ref.value)
        if found is not None and isinstance(found.entry, Group) and not found.entry.placeholder:
            return True
    return False


def reference_day(milestone: Milestone, as_of: date) -> date:
    """The day on which who owes a milestone is decided: its due date, or for a milestone
    without one (ongoing, conditional) the day of the view."""
    return milestone.due or as_of


# ``owing_units`` of each index, by the names of the leads and the day (not on the index, which
# the parse cache pickles).
_OWING: WeakKeyDictionary[UnitIndex, dict[tuple[tuple[str, ...], date], tuple[Unit, ...]]]
_OWING = WeakKeyDictionary()


def owing_units(
    item: Item, number: int, index: UnitIndex, as_of: date, due: date | None = None
) -> list[Unit]:
    """The units that owe milestone ``number`` (1-based) of the item, each on its own.

    For a group lead, the members of the ministry on the milestone's due date (a unit that
    left before it does not owe it; one established on or before it does); for a named unit,
    the unit carrying on its work that day (its successor after a merger). A unit gone from
    the ministry by that day owes nothing. Order: the registry's. ``due``: the milestone's
    effective due date when it has one of its own (a met condition's, see ``effective_due``).
    """
    day = due or reference_day(item.milestones[number - 1], as_of)
    # The same leads owe through the same units on the same day: once per index (issue 23).
    memo = _OWING.get(index)
    if memo is None:
        memo = _OWING[index] = {}
    key = (tuple(ref.value for ref in item.lead), day)
    if key not in memo:
        memo[key] = tuple(_owing_units(item, index, day))
    return list(memo[key])


def _owing_units(item: Item, index: UnitIndex, day: date) -> list[Unit]:
    found_units: list[Unit] = []
    names: set[str] = set()  # a registry's names are unique: no need to compare whole units
    for ref in item.lead:
        found = index.lookup(ref.value)
        if found is None:
            continue
        if isinstance(found.entry, Group):
            candidates = index.members_on(found.entry, day)
        else:
            holder = index.successor_on(found.entry, day)
            gone = holder.left is not None and holder.left.on <= day
            candidates = [] if gone else [holder]
        for unit in candidates:
            if unit.name not in names:
                names.add(unit.name)
                found_units.append(unit)
    if len(found_units) < 2:
        return found_units
    # The registry's order, once per index (asked for every milestone of every group-led item).
    order: dict[str, int] | None = index.__dict__.get("_unit_order")
    if order is None:
        order = {unit.name: position for position, unit in enumerate(index.registry.units)}
        index.__dict__["_unit_order"] = order
    return sorted(found_units, key=lambda unit: order.get(unit.name, len(order)))


def member_completion(
    item: Item, number: int, unit: Unit, index: UnitIndex, as_of: date, due: date | None = None
) -> Completion | None:
    """The completion ``unit`` recorded for its own part of milestone ``number``, if any
    (whatever its date). A record written under a predecessor's name counts for the unit that
    carries on its work on the milestone's day."""
    milestone = item.milestones[number - 1]
    day = due or reference_day(milestone, as_of)
    for completion in item.completions:
        if completion.unit is None or not names_milestone(completion.milestone, item, number):
            continue
        found = index.lookup(completion.unit.value)
        if found is None or not isinstance(found.entry, Unit):
            continue
        if found.entry is unit or index.successor_on(found.entry, day) is unit:
            return completion
    return None


def member_parts(
    item: Item,
    number: int,
    index: UnitIndex,
    as_of: date,
    condition_met: date | None = None,
) -> tuple[MemberPart, ...]:
    """Every unit owing milestone ``number`` of a group-led item, with its own status on day
    ``as_of`` (its completion counts from its date on)."""
    milestone = item.milestones[number - 1]
    # A met condition gives the milestone its due date: who owes it is decided on that day.
    due = effective_due(milestone, as_of, condition_met, item.within_days)
    # Each member's record as ``member_completion`` finds it, the records read once (issue 23:
    # this ran for every member of every milestone of every group-led item of a view).
    day = due or reference_day(milestone, as_of)
    records: dict[str, Completion] = {}
    for completion in item.completions:
        if completion.unit is None or not names_milestone(completion.milestone, item, number):
            continue
        found = index.lookup(completion.unit.value)
        if found is None or not isinstance(found.entry, Unit):
            continue
        records.setdefault(found.entry.name, completion)
        records.setdefault(index.successor_on(found.entry, day).name, completion)
    unrecorded: Status | None = None  # the status of every member with no record: the same
    parts = []
    for unit in owing_units(item, number, index, as_of, due):
        record = records.get(unit.name)
        if record is None:
            if unrecorded is None:
                unrecorded = status_as_of(milestone, as_of, None, condition_met, item.within_days)
            parts.append(MemberPart(unit, unrecorded, None))
            continue
        status = status_as_of(milestone, as_of, record.on, condition_met, item.within_days)
        shown = record if record.on <= as_of else None
        parts.append(MemberPart(unit, status, shown))
    return tuple(parts)


def _together(
    milestone: Milestone,
    parts: Sequence[MemberPart],
    as_of: date,
    condition_met: date | None,
    within_days: int | None,
) -> tuple[Status, Completion | None]:
    """The status of a milestone owed by several members: done when every one of them is, on
    the last of their days (so late if any was late); otherwise open (or ongoing, waiting)."""
    last = all_done(parts)
    on = last.on if last is not None else None
    return status_as_of(milestone, as_of, on, condition_met, within_days), last


def all_done(parts: Sequence[MemberPart]) -> Completion | None:
    """When every one of ``parts`` is done (and there is one): the last of their completions
    (by day, then place in the file), the day they are done together; None otherwise."""
    done = [part.completion for part in parts if part.status in DONE and part.completion]
    if parts and len(done) == len(parts):
        return max(done, key=lambda c: (c.on, c.source.line))
    return None


@frozen_dataclass
class Owing:
    """Who still owes a milestone as of a day, and who has done it (with their completions)."""

    owing: tuple[Unit, ...]
    done: tuple[MemberPart, ...]


def members_owing(
    item: Item, number: int, index: UnitIndex, as_of: date, plan_items: Iterable[Item] = ()
) -> Owing:
    """For milestone ``number`` (1-based) of an item as of ``as_of``: the units that still owe
    it and those that are done, with their completions. A group-led item counts each member;
    any other item the units that lead it, all done once the item is.

    The list a reminder is written from (``parplan owing``).
    """
    by_id = {i.id.value: i for i in plan_items} or {item.id.value: item}
    met = condition_met_on(item, by_id, index=index)
    if is_per_member(item, index):
        parts = member_parts(item, number, index, as_of, met)
    else:
        completion = completion_of(item, number)
        on = completion.on if completion is not None else None
        milestone = item.milestones[number - 1]
        status = status_as_of(milestone, as_of, on, met, item.within_days)
        shown = completion if completion is not None and completion.on <= as_of else None
        due = effective_due(milestone, as_of, met, item.within_days)
        parts = tuple(
            MemberPart(unit, status, shown) for unit in owing_units(item, number, index, as_of, due)
        )
    return Owing(
        owing=tuple(part.unit for part in parts if part.status not in DONE),
        done=tuple(part for part in parts if part.status in DONE),
    )


@frozen_dataclass(slots=True, compiled_init=True)
class UnitAnswer:
    """What one unit answers for a milestone as of a day: its role, its own status (for a
    group-led item, its own part), and where the milestone went when ``transferred``."""

    role: Role
    status: Status
    completion: Completion | None = None
    transferred_to: str | None = None


# Each group-led row's members by name, made once for all the units asking about it (the
# `units` view asks each unit about each group-led row: issue 19): by ``id(row)``, with the row
# itself (kept, so that its id is not reused).
MembersByName = dict[int, tuple[Row, dict[str, list[int]]]]


def unit_status(
    row: Row,
    entry: Entry,
    index: UnitIndex,
    as_of: date,
    cache: AnswerCache | None = None,
    shared: MembersByName | None = None,
) -> UnitAnswer | None:
    """A unit's own answer for the milestone of ``row`` (from ``rows_as_of`` with the index),
    as of ``as_of``; None when the milestone is none of its business. ``cache``: kept by a
    caller asking about many rows for one unit on one day. ``shared``: a dict kept by a caller
    asking every unit about the same rows (``units_summary``), where each row's members are
    indexed by name once.

    The unit answers as lead or support when, on the milestone's due date, it (or a unit merged
    into it by ``as_of``) is the unit named, carries on that unit's work, or is a member of the
    group named. A member of a group-led item answers with its own part. A milestone it would
    have owed but that falls due after it left or merged is ``transferred`` (with where it
    went). A group queried as such answers as the plan names it, with the members' status.
    """
    if isinstance(entry, Group):
        role = role_of(row.item, entry, index)
        return UnitAnswer(role, row.status, row.completion) if role else None
    if cache is None:
        cache = AnswerCache()
    # The unit's identity depends on the unit and the day only: once per ``cache`` (issue 23).
    selves = cache.selves
    if selves is None:
        asked = cache.asked
        selves = asked.identity(as_of) if asked is not None else unit_identity(entry, index, as_of)
        cache.selves = selves
    day = row.due or reference_day(row.milestone, as_of)
    moved: tuple[Role, str | None] | None = None
    for role, refs in ((LEAD, row.item.lead), (SUPPORT, row.item.support)):
        for ref in refs:
            key = (ref.value, day)
            if key in cache.claims:
                claim = cache.claims[key]
            else:
                claim = claim_on(ref.value, day, selves, index, cache.asked)
                cache.claims[key] = claim
            if claim is OWES:
                if role == LEAD and row.per_member:
                    mine = _members_named(row, selves, shared)
                    if mine:
                        return _own_part(row, mine)
                return UnitAnswer(role, row.status, row.completion)
            if claim is not None and moved is None:
                moved = (role, claim.to)
    if moved is not None:
        return UnitAnswer(moved[0], TRANSFERRED, None, moved[1])
    return None


def _members_named(
    row: Row, selves: frozenset[str], shared: MembersByName | None
) -> list[MemberPart]:
    """The parts of ``row``'s members named in ``selves``, in the row's order: with ``shared``,
    from an index of the row's members by name made once for all the units asking."""
    if shared is None or len(row.members) <= len(selves):
        return [p for p in row.members if p.unit.name in selves]
    known = shared.get(id(row))
    if known is None or known[0] is not row:
        by_name: dict[str, list[int]] = {}
        for place, part in enumerate(row.members):
            by_name.setdefault(part.unit.name, []).append(place)
        known = shared[id(row)] = (row, by_name)  # the row kept: its id is not reused
    places = sorted(place for name in selves for place in known[1].get(name, ()))
    return [row.members[place] for place in places]


def _own_part(row: Row, mine: Sequence[MemberPart]) -> UnitAnswer:
    """A unit holding one or more members' parts of a group-led milestone (its own, a merged
    predecessor's): done when every part is (``all_done``), late if any part was."""
    last = all_done(mine)
    if last is not None:
        status = DONE_LATE if any(p.status == DONE_LATE for p in mine) else DONE_ON_TIME
        return UnitAnswer(LEAD, status, last)
    open_status = next(p.status for p in mine if p.status not in DONE)
    return UnitAnswer(LEAD, open_status, None)


def role_of(item: Item, entry: Entry, index: UnitIndex) -> Role | None:
    """``lead`` if the unit answers for the item as lead, ``support`` if as support, else None."""
    if any(entry.name in index.expand(ref.value) for ref in item.lead):
        return LEAD
    if any(entry.name in index.expand(ref.value) for ref in item.support):
        return SUPPORT
    return None


def rows_for_unit(
    rows: Iterable[Row],
    index: UnitIndex,
    unit: Entry | Asked,
    role: str | None = None,
    as_of: date | None = None,
    shared: MembersByName | None = None,
) -> list[Row]:
    """The rows of the items ``unit`` answers for, each carrying the unit's role.

    ``role`` (``lead`` or ``support``) keeps only the items where the unit has that role.
    With ``as_of`` (the day the rows were computed for), each row is the unit's own answer as
    of that day (``unit_status``): its own part of a group-led item, the milestones of units
    merged into it by then, and ``transferred`` milestones that fell due after it left or
    merged. Without it, the plan's names as written, every row with the item's status.
    """
    asked = resolve(index, unit)
    entry = asked.entry
    out: list[Row] = []
    if as_of is not None:
        cache = AnswerCache(asked)
        for row in rows:
            answer = unit_status(row, entry, index, as_of, cache, shared)
            if answer is None or (role is not None and answer.role != role):
                continue
            days = None if answer.status == TRANSFERRED else row.days
            # ``replace(row, role=…, status=…, …)``, made positionally (issue 23, sixth round:
            # ``dataclasses.replace`` checks its fields by name each time, 8 µs a row)
            out.append(
                Row(
                    row.item,
                    row.number,
                    row.milestone,
                    answer.status,
                    days,
                    answer.role,
                    row.due,
                    answer.completion,
                    row.members,
                    answer.transferred_to,
                    row.per_member,
                )
            )
        return out
    roles: dict[str, Role | None] = {}
    for row in rows:
        item_id = row.item.id.value
        if item_id not in roles:
            roles[item_id] = role_of(row.item, entry, index)
        row_role = roles[item_id]
        if row_role is None or (role is not None and row_role != role):
            continue
        out.append(replace(row, role=row_role))
    return out


@frozen_dataclass
class Tally:
    """How a set of milestones stands on a day.

    ``statuses`` counts every milestone by status. The other figures look only at the dated
    milestones whose deadline has passed (due before the day): how many were done on time, done
    late, or are still open (overdue). The three add up to ``due_so_far``.
    """

    statuses: Mapping[Status, int]
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
    statuses = dict.fromkeys(ALL_STATUSES, 0)
    passed = dict.fromkeys(ALL_STATUSES, 0)
    for row in rows:
        statuses[row.status] += 1
        if row.due is not None and row.due < as_of and row.status != TRANSFERRED:
            passed[row.status] += 1
    return Tally(
        statuses=statuses,
        due_so_far=sum(passed.values()),
        done_on_time=passed[DONE_ON_TIME],
        done_late=passed[DONE_LATE],
        overdue=passed[OVERDUE],
    )
