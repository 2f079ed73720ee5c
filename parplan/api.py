"""parplan as a Python library: load a plan, ask it what the views show, record progress.

Why one module past 500 lines: the public API is one class, ``Plan``, with one method per
question and its typed answers; splitting it would split the documentation users read.

    >>> from datetime import date
    >>> from parplan import Plan
    >>> plan = Plan.load("data/plan-2025.yaml")      # units.yaml beside it
    >>> rows = plan.due(unit="Văn phòng Bộ", as_of=date(2025, 3, 15), within=30)

Every command of the CLI is a question answered here (through ``parplan.query.queries`` and
``parplan.query.status``), and the answers are plain typed values: frozen dataclasses whose statuses,
kinds and roles are ``str`` enums equal to the keys of the JSON output (``Status.OVERDUE ==
"overdue"``), dates as ``datetime.date``, units by their full names. Nothing here prints, knows
of the terminal or speaks a language: ``parplan.render.i18n`` turns keys and diagnostics into words.

Bad data never raises on load: the diagnostics are on ``plan.problems`` (``plan.errors`` for
those that stop the queries, as they stop the CLI). Questions that do not fit the plan raise
``ParplanError`` subclasses (an unknown unit, item, section or status; a plan with errors);
recording progress raises the ledger's ``RequestError`` (exit 2 in the CLI) or ``DataError``
(exit 1), with the same guarantees as ``parplan done``: only the record's lines change, the
file is checked before and after, written atomically under a lock.

"Today" is Vietnam's date, or ``PARPLAN_TODAY``, or the ``today`` given to ``Plan.load``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.core.model import Diagnostic, Group, Item, Unit
from parplan.io.errors import DataError, RequestError
from parplan.query.status import Role, Status

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.model import Plan as PlanModel
    from parplan.core.units import Entry
    from parplan.io.ledger import Change
    from parplan.query.status import Row, Tally
    from parplan.query.targets import TargetState as QueryTargetState

__all__ = [
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
]


class Kind(str, Enum):
    """What a milestone's deadline is: a date, ongoing work, or a condition ("Sau khi …")."""

    DATE = "date"
    ONGOING = "ongoing"
    CONDITIONAL = "conditional"


# ---------------------------------------------------------------------------------------------
# Errors


class ParplanError(Exception):
    """A question that does not fit the plan."""


class InvalidPlan(ParplanError):
    """The plan or units file has errors (``problems``): the CLI refuses to answer, so do we."""

    def __init__(self, problems: Sequence[Diagnostic]) -> None:
        super().__init__(f"{len(problems)} errors, first: {problems[0].source}: {problems[0].code}")
        self.problems = tuple(problems)


class UnknownUnit(ParplanError, LookupError):
    """No unit, or several (``matches``), answer to ``name``; ``suggestions`` are close names."""

    def __init__(
        self, name: str, matches: Sequence[str] = (), suggestions: Sequence[str] = ()
    ) -> None:
        super().__init__(name)
        self.name = name
        self.matches = tuple(matches)
        self.suggestions = tuple(suggestions)


class UnknownItem(ParplanError, LookupError):
    """No item has this ID; ``suggestions`` are close IDs (or a task's activities)."""

    def __init__(self, item_id: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(item_id)
        self.item_id = item_id
        self.suggestions = tuple(suggestions)


class UnknownSection(ParplanError, LookupError):
    """``section`` names no section or task of the plan."""


class UnknownStatus(ParplanError, ValueError):
    """``status`` names no status (neither key nor label)."""


# ---------------------------------------------------------------------------------------------
# Values


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
        from parplan.render.views import SOON

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


@dataclass(frozen=True)
class Recorded:
    """A record written to the plan file: the lines added and removed (1-based, without line
    ends), the milestone concerned (``picked`` when chosen as the earliest open one), warnings
    on the added lines, and the item's milestones as of today afterwards."""

    path: Path
    item_id: str
    milestone: int | None
    picked: bool
    added: tuple[tuple[int, str], ...]
    removed: tuple[tuple[int, str], ...]
    warnings: tuple[Diagnostic, ...]
    milestones: tuple[MilestoneState, ...]


# issue 21: the decision's targets


class TargetStatus(str, Enum):
    """A target's status in the current reporting window."""

    MET = "met"  # đạt
    BELOW = "below"  # chưa đạt
    NO_DATA = "no-data"  # chưa có số liệu


class UnknownTarget(ParplanError, LookupError):
    """No target has that ID."""

    def __init__(self, target_id: str, targets: Sequence[str] = ()) -> None:
        super().__init__(f"no target {target_id!r} (targets: {', '.join(targets)})")
        self.target_id = target_id
        self.targets = tuple(targets)


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
# The plan


class Plan:
    """A plan and its units, loaded and checked; every question of the views as a method.

    Load with ``Plan.load``. ``as_of`` defaults to ``today`` (Vietnam's date, ``PARPLAN_TODAY``,
    or the day given to ``load``). Recording progress rewrites the file and reloads the plan.
    """

    def __init__(self, loaded: Loaded, path: Path, units: Path, today: date) -> None:
        self._loaded = loaded
        self.path = path
        self.units_path = units
        self.today = today

    @classmethod
    def load(
        cls, path: str | Path, units: str | Path | None = None, *, today: date | None = None
    ) -> Plan:
        """Load and check a plan, with ``units`` (default: ``units.yaml`` beside the plan).

        Never raises on bad content: see ``problems``. ``today`` fixes the day (for checks such
        as a completion in the future, and as the default ``as_of``).
        """
        from parplan.core.clock import today as clock_today

        plan_path = Path(path)
        units_path = Path(units) if units is not None else plan_path.parent / "units.yaml"
        day = today if today is not None else clock_today()
        return cls(_validate(plan_path, units_path, day), plan_path, units_path, day)

    # -- what was loaded --------------------------------------------------------------------

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        """Every diagnostic of both files (errors, warnings, notes), sorted by place."""
        return self._loaded.diagnostics

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The problems that are errors: while there are any, the queries raise InvalidPlan."""
        return self._loaded.errors

    @property
    def model(self) -> PlanModel:
        """The plan as loaded (``parplan.core.model.Plan``): sections, tasks, items with locations."""
        return self._loaded.plan

    def _valid(self) -> Loaded:
        if self._loaded.errors:
            raise InvalidPlan(self._loaded.errors)
        return self._loaded

    def _unit(self, name: str) -> Entry:
        query = self._valid().index.query(name)
        if query.entry is not None:
            return query.entry
        raise UnknownUnit(name, [e.name for e in query.matches], query.suggestions)

    def _unit_on(self, name: str, day: date) -> Entry:
        """The unit asked about as of ``day``, as the views take it: a merged unit's old name
        stands for the unit that took it over on or before that day."""
        entry = self._unit(name)
        return self._loaded.index.successor_on(entry, day) if isinstance(entry, Unit) else entry

    def _member(self, name: str | None) -> str | None:
        """The registry name of the unit given for a group-led item's own part, as ``--unit``
        resolves it: from the registry alone, so a plan with errors still gives DataError."""
        if name is None:
            return None
        query = self._loaded.index.query(name)
        if query.entry is not None:
            return query.entry.name
        raise UnknownUnit(name, [e.name for e in query.matches], query.suggestions)

    # -- the views --------------------------------------------------------------------------

    def due(
        self,
        unit: str | None = None,
        *,
        as_of: date | None = None,
        within: int = 30,
        role: Role | str | None = None,
    ) -> list[DueRow]:
        """Open milestones due on or before ``as_of + within``: overdue first, then by date.

        ``unit`` (name, abbreviation or alias, accents optional) keeps the items it answers for;
        ``role`` keeps one role. As ``parplan due``.
        """
        return self._due("due", unit, as_of, within, role)

    def overdue(
        self, unit: str | None = None, *, as_of: date | None = None, role: Role | str | None = None
    ) -> list[DueRow]:
        """Open milestones past their deadline, the longest overdue first (``parplan overdue``)."""
        return self._due("overdue", unit, as_of, 0, role)

    def upcoming(
        self,
        unit: str | None = None,
        *,
        as_of: date | None = None,
        within: int = 30,
        role: Role | str | None = None,
    ) -> list[DueRow]:
        """Open milestones due from ``as_of`` to ``as_of + within``, by date (``upcoming``)."""
        return self._due("upcoming", unit, as_of, within, role)

    def _due(
        self,
        which: str,
        unit: str | None,
        as_of: date | None,
        within: int,
        role: Role | str | None,
    ) -> list[DueRow]:
        from parplan.query.queries import due_view_rows

        loaded = self._valid()
        day = as_of or self.today
        entry = self._unit_on(unit, day) if unit is not None else None
        role_key = Role(role).value if role is not None else None
        rows = due_view_rows(loaded.plan, loaded.index, day, within, entry, role_key, which)
        return [_due_row(row, entry, day) for row in rows]

    def summary(
        self, *, as_of: date | None = None, role: Role | str = Role.LEAD, show_all: bool = False
    ) -> Summary:
        """Every unit's milestones by status and on-time rate (``parplan units``): the units of
        the ministry on the day, every unit with ``show_all`` (``--all``)."""
        from parplan.query.queries import units_summary

        loaded = self._valid()
        day = as_of or self.today
        key = Role(role)
        found = units_summary(loaded.plan, loaded.registry, loaded.index, day, key.value, show_all)

        def counted(entry: Entry) -> UnitCounts:
            return UnitCounts(
                name=entry.name,
                short=entry.short if isinstance(entry, Unit) else None,
                kind=entry.kind if isinstance(entry, Unit) else "group",
                counts=_counts(found.tallies[entry.name]),
                active=found.active.get(entry.name, True),
            )

        units = tuple(counted(e) for e in found.entries if isinstance(e, Unit))
        groups = tuple(
            counted(e) for e in found.entries if isinstance(e, Group) and not e.placeholder
        )
        return Summary(day, key, units, groups, _counts(found.total))

    def unit_page(
        self,
        unit: str,
        *,
        as_of: date | None = None,
        within: int = 30,
        role: Role | str | None = None,
    ) -> UnitPage:
        """One unit's page (``parplan unit``): counts by role, overdue and upcoming rows, the
        ongoing and waiting items it leads, the items it supports."""
        from parplan.query.queries import unit_page

        loaded = self._valid()
        day = as_of or self.today
        entry = self._unit_on(unit, day)
        role_key = Role(role).value if role is not None else None
        page = unit_page(loaded.plan, loaded.index, entry, day, within, role_key)

        def states(groups: Sequence[tuple[Item, list[Row]]]) -> tuple[ItemState, ...]:
            return tuple(
                _item_state(item, rows, page.met.get(item.id.value), rows[0].role)
                for item, rows in groups
            )

        return UnitPage(
            unit=entry.name,
            short=entry.short if isinstance(entry, Unit) else None,
            as_of=day,
            within=within,
            role=Role(role_key) if role_key else None,
            counts={Role(r): _counts(page.counts[r]) for r in page.roles},
            overdue=tuple(_due_row(row, entry, day) for row in page.overdue),
            upcoming=tuple(_due_row(row, entry, day) for row in page.upcoming),
            ongoing=states(page.ongoing),
            waiting=states(page.waiting),
            supports=states(page.supports),
            transferred=tuple(
                Transferred(
                    id=row.item.id.value,
                    number=row.number,
                    label=row.milestone.label,
                    due=row.due,
                    role=Role(row.role or Role.LEAD),
                    text=row.item.text,
                    to=row.transferred_to,
                )
                for row in page.transferred
            ),
        )

    def items(
        self,
        *,
        section: str | None = None,
        status: Status | str | None = None,
        unit: str | None = None,
        role: Role | str | None = None,
        search: str | None = None,
        as_of: date | None = None,
    ) -> list[ItemState]:
        """The items matching every filter given (``parplan list``): ``section`` (``II`` or a
        task ``II.6``), ``status`` (items with a milestone in it: a ``Status``, its key or its
        label in either language), ``unit`` and ``role``, ``search`` (every word, ignoring case
        and diacritics)."""
        from parplan.query.queries import list_items, section_known, status_filter

        loaded = self._valid()
        keys: tuple[str, ...] | None = None
        if status is not None:
            # As `parplan list --status` takes it: a key, a label or a table's word, either language.
            keys = status_filter(status.value if isinstance(status, Status) else status)
            if not keys:
                raise UnknownStatus(status)
        if section is not None and not section_known(loaded.plan, section):
            raise UnknownSection(section)
        day = as_of or self.today
        entry = self._unit_on(unit, day) if unit is not None else None
        groups = list_items(
            loaded.plan,
            loaded.index,
            day,
            section=section,
            status=keys,
            unit=entry,
            role=Role(role).value if role is not None else None,
            search=search,
        )
        return [
            _item_state(item, rows, None, rows[0].role if entry is not None else None)
            for item, rows in groups
        ]

    def item(self, item_id: str, *, as_of: date | None = None) -> ItemState:
        """One item, as ``parplan show`` gives it (the ID in any case)."""
        from parplan.query.queries import condition_met_as_of
        from parplan.query.status import rows_as_of

        loaded = self._valid()
        item = loaded.plan.find(item_id)
        if item is None:
            close = loaded.plan.activities_of(item_id) or loaded.plan.close_ids(item_id)
            raise UnknownItem(item_id, close)
        day = as_of or self.today
        rows = rows_as_of([item], day, loaded.plan.items, index=loaded.index)
        return _item_state(
            item, rows, condition_met_as_of(item, loaded.plan.items, day, loaded.index), None
        )

    def owing(
        self, item_id: str, *, milestone: str | int | None = None, as_of: date | None = None
    ) -> list[str]:
        """The units that still owe a milestone as of the day, by their names of that day
        (``parplan owing``): for a group-led item, every member of the ministry on its due date
        that has not recorded its own part. ``milestone`` by label or 1-based number (an unknown
        one raises RequestError, as ``done`` does), else the earliest not done by everyone."""
        from parplan.core.units import name_on
        from parplan.io.ledger import resolve_milestone
        from parplan.query.status import DONE, members_owing, rows_as_of

        loaded = self._valid()
        item = loaded.plan.find(item_id)
        if item is None:
            close = loaded.plan.activities_of(item_id) or loaded.plan.close_ids(item_id)
            raise UnknownItem(item_id, close)
        day = as_of or self.today
        if milestone is not None:
            number = resolve_milestone(item, str(milestone))
        else:
            rows = rows_as_of([item], day, loaded.plan.items, index=loaded.index)
            open_rows = [row for row in rows if row.status not in DONE]
            number = open_rows[0].number if open_rows else len(rows)
        found = members_owing(item, number, loaded.index, day, loaded.plan.items)
        return [name_on(unit, day) for unit in found.owing]

    # -- recording progress -----------------------------------------------------------------

    def record_done(
        self,
        item_id: str,
        *,
        on: date | None = None,
        evidence: str | None,
        milestone: str | int | None = None,
        by: str | None = None,
        unit: str | None = None,
    ) -> Recorded:
        """Record a completion (``parplan done``): on ``on`` (default today), shown by
        ``evidence``; ``milestone`` by label or 1-based number, else the earliest open one.
        ``unit`` (any name, as ``--unit``) names the member whose own part of a group-led item
        this is: required there, refused elsewhere."""
        from parplan.io import ledger

        return self._write(
            ledger.record_done(
                self.path,
                self.units_path,
                item_id,
                on=on or self.today,
                evidence=evidence,
                recorded_by=by,
                milestone=str(milestone) if milestone is not None else None,
                today=self.today,
                unit=self._member(unit),
            )
        )

    def undo_done(
        self, item_id: str, *, milestone: str | int | None = None, unit: str | None = None
    ) -> Recorded:
        """Take back a completion (``parplan undo``): of ``milestone``, else the latest; of
        ``unit``'s own part for a group-led item."""
        from parplan.io import ledger

        return self._write(
            ledger.undo_done(
                self.path,
                self.units_path,
                item_id,
                milestone=str(milestone) if milestone is not None else None,
                today=self.today,
                unit=self._member(unit),
            )
        )

    def record_met(self, item_id: str, *, on: date | None = None, evidence: str | None) -> Recorded:
        """Record that a conditional item's condition was met (``parplan met``)."""
        from parplan.io import ledger

        return self._write(
            ledger.record_met(
                self.path,
                self.units_path,
                item_id,
                on=on or self.today,
                evidence=evidence,
                today=self.today,
            )
        )

    def undo_met(self, item_id: str) -> Recorded:
        """Take back a met condition (``parplan undo --met``)."""
        from parplan.io import ledger

        return self._write(ledger.undo_met(self.path, self.units_path, item_id, today=self.today))

    # -- the decision's targets (issue 21) ---------------------------------------------------

    def targets(self, *, as_of: date | None = None, unit: str | None = None) -> list[TargetState]:
        """Every target's state as of a day (``parplan targets``); with ``unit``, the targets
        that unit answers for."""
        from parplan.query.targets import targets_as_of

        loaded = self._valid()
        names = None
        if unit is not None:
            entry = self._unit(unit)
            names = frozenset(
                t.unit.value
                for t in loaded.plan.targets
                if t.unit is not None
                and (found := loaded.index.lookup(t.unit.value)) is not None
                and found.entry.name == entry.name
            )
        day = as_of or self.today
        return [_target_state(state) for state in targets_as_of(loaded.plan, day, units=names)]

    def target(self, target_id: str, *, as_of: date | None = None) -> TargetState:
        """One target's state (``parplan show TARGET``)."""
        from parplan.query.targets import target_state

        plan = self._valid().plan
        found = plan.target(target_id)
        if found is None:
            raise UnknownTarget(target_id, [t.id.value for t in plan.targets])
        return _target_state(target_state(plan, found, as_of or self.today))

    def record_measurement(
        self,
        target_id: str,
        *,
        value: float | None = None,
        of: int | None = None,
        total: int | None = None,
        on: date | None = None,
        evidence: str | None,
        unit: str | None = None,
        by: str | None = None,
    ) -> TargetState:
        """Record a figure (``parplan measure``); the target's state afterwards, as of today."""
        from parplan.io import measure

        measure.record_measurement(
            self.path,
            self.units_path,
            target_id,
            on=on or self.today,
            value=value,
            numerator=of,
            denominator=total,
            evidence=evidence,
            unit=self._member(unit),
            recorded_by=by,
            today=self.today,
        )
        self._loaded = _validate(self.path, self.units_path, self.today)
        return self.target(target_id)

    def undo_measurement(self, target_id: str, *, on: date | None = None) -> TargetState:
        """Take back a target's latest figure, or that of ``on`` (``parplan measure --undo``)."""
        from parplan.io import measure

        measure.undo_measurement(self.path, self.units_path, target_id, on=on, today=self.today)
        self._loaded = _validate(self.path, self.units_path, self.today)
        return self.target(target_id)

    def _write(self, change: Change) -> Recorded:
        from parplan.query.status import rows_as_of

        self._loaded = _validate(self.path, self.units_path, self.today)
        edit = change.edit
        item = change.plan.item(edit.item_id)
        index = self._loaded.index  # the units file is not edited
        rows = rows_as_of([item], self.today, change.plan.items, index=index) if item else []
        return Recorded(
            path=change.path,
            item_id=edit.item_id,
            milestone=edit.milestone,
            picked=edit.picked,
            added=edit.added,
            removed=edit.removed,
            warnings=change.warnings,
            milestones=tuple(_milestone_state(row) for row in rows),
        )


# ---------------------------------------------------------------------------------------------
# From the library's rows to the values above


def _validate(plan: Path, units: Path, today: date) -> Loaded:
    from parplan.checks.rules import validate

    return validate(plan, units, today=today)


def _due_row(row: Row, unit: Entry | None, day: date) -> DueRow:
    """A due view's row; its reasons as the view of ``unit`` on ``day`` gives them."""
    from parplan.query.reporting import row_reasons

    assert row.due is not None and row.days is not None  # due rows are dated
    return DueRow(
        id=row.item.id.value,
        number=row.number,
        label=row.milestone.label,
        due=row.due,
        days=row.days,
        status=Status(row.status),
        lead=tuple(ref.value for ref in row.item.lead),
        support=tuple(ref.value for ref in row.item.support),
        role=Role(row.role) if row.role else None,
        text=row.item.text,
        report=row.milestone.report,
        legal_due=row.milestone.legal_due,
        reasons=row_reasons(row, unit, day),
        members_done=row.members_done,
        members_total=row.members_total,
    )


def _milestone_state(row: Row) -> MilestoneState:
    completion = row.completion
    return MilestoneState(
        number=row.number,
        label=row.milestone.label,
        kind=Kind(row.milestone.kind),
        due=row.due,
        days=row.days,
        status=Status(row.status),
        done=completion.on if completion else None,
        evidence=completion.evidence.value if completion and completion.evidence else None,
        recorded_by=completion.recorded_by if completion else None,
        members_done=row.members_done,
        members_total=row.members_total,
    )


def _item_state(
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
        milestones=tuple(_milestone_state(row) for row in rows),
        role=Role(role) if role else None,
        condition_met=condition_met,
        carried_from=item.carried_from.value if item.carried_from else None,
        carried_to=item.carried_to.value if item.carried_to else None,
        carried_on=item.carried_on,
    )


def _counts(tally: Tally) -> Counts:
    return Counts(
        statuses={Status(key): n for key, n in tally.statuses.items()},
        due_so_far=tally.due_so_far,
        done_on_time=tally.done_on_time,
        done_late=tally.done_late,
        overdue=tally.overdue,
        on_time_rate=tally.on_time_rate,
    )


def _target_state(state: QueryTargetState) -> TargetState:
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
