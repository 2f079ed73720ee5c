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

Lazy imports: a method imports what it uses, so that a script asking one question loads neither
the other questions' code nor the ledger's (``import parplan`` itself loads nothing of this
module until a name of it is asked for).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.core.model import Diagnostic, Item, Unit
from parplan.io.errors import DataError, RequestError
from parplan.query import answers
from parplan.query.answers import (
    CarriedState,
    Counts,
    DueRow,
    Figure,
    ItemState,
    Kind,
    MilestoneState,
    Summary,
    TargetState,
    TargetStatus,
    Transferred,
    UnitCounts,
    UnitPage,
)
from parplan.query.claims import Asked, resolve
from parplan.query.keys import Role, Status
from parplan.query.status import rows_as_of

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.model import Plan as PlanModel
    from parplan.core.units import Entry
    from parplan.io.ledger import Change

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
]


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


class UnknownTarget(ParplanError, LookupError):
    """No target has that ID."""

    def __init__(self, target_id: str, targets: Sequence[str] = ()) -> None:
        super().__init__(f"no target {target_id!r} (targets: {', '.join(targets)})")
        self.target_id = target_id
        self.targets = tuple(targets)


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

    def _unit_on(self, name: str, day: date) -> Asked:
        """The unit asked about as of ``day``, as the views take it (a merged unit's old name
        stands for the unit that took it over on or before that day), resolved once."""
        entry = self._unit(name)
        index = self._loaded.index
        return resolve(index, index.successor_on(entry, day) if isinstance(entry, Unit) else entry)

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
        from parplan.query.queries import due_view

        loaded = self._valid()
        day = as_of or self.today
        entry = self._unit_on(unit, day) if unit is not None else None
        role_key = Role(role).value if role is not None else None
        view = due_view(loaded.plan, loaded.index, day, within, entry, role_key, which)
        return answers.due_rows(view)

    def summary(
        self, *, as_of: date | None = None, role: Role | str = Role.LEAD, show_all: bool = False
    ) -> Summary:
        """Every unit's milestones by status and on-time rate (``parplan units``): the units of
        the ministry on the day, every unit with ``show_all`` (``--all``)."""
        from parplan.query.queries import units_summary

        loaded = self._valid()
        day = as_of or self.today
        key = Role(role).value
        found = units_summary(loaded.plan, loaded.registry, loaded.index, day, key, show_all)
        return answers.summary(found)

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
        return answers.unit_page(unit_page(loaded.plan, loaded.index, entry, day, within, role_key))

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
        from parplan.query.queries import list_view, section_known
        from parplan.render.status_names import status_filter

        loaded = self._valid()
        keys: tuple[str, ...] = ()
        if status is not None:
            # As `parplan list --status` takes it: a key, a label or a table's word, either language.
            keys = status_filter(status)
            if not keys:
                raise UnknownStatus(status)
        if section is not None and not section_known(loaded.plan, section):
            raise UnknownSection(section)
        day = as_of or self.today
        entry = self._unit_on(unit, day) if unit is not None else None
        view = list_view(
            loaded.plan,
            loaded.index,
            day,
            section=section,
            statuses=keys,
            unit=entry,
            role=Role(role).value if role is not None else None,
            search=search,
        )
        return answers.item_states(view)

    def _item(self, item_id: str) -> Item:
        plan = self._valid().plan
        item = plan.find(item_id)
        if item is None:
            raise UnknownItem(item_id, plan.activities_of(item_id) or plan.close_ids(item_id))
        return item

    def item(self, item_id: str, *, as_of: date | None = None) -> ItemState:
        """One item, as ``parplan show`` gives it (the ID in any case), with the other side of
        each of its carries: found among the plans beside this one's file, with its statuses
        there as of the day (``ItemState.carried``)."""
        from parplan.io.carry_links import carry_sides
        from parplan.query.queries import item_view

        item, loaded = self._item(item_id), self._loaded
        day = as_of or self.today
        carried = carry_sides(self.path, loaded.plan, item, day, loaded.index)
        view = item_view(loaded.plan, loaded.index, item, day, carried)
        return answers.item_answer(view)

    def owing(
        self, item_id: str, *, milestone: str | int | None = None, as_of: date | None = None
    ) -> list[str]:
        """The units that still owe a milestone as of the day, by their names of that day
        (``parplan owing``): for a group-led item, every member of the ministry on its due date
        that has not recorded its own part. ``milestone`` by label or 1-based number (an unknown
        one raises RequestError, as ``done`` does), else the earliest not done by everyone."""
        from parplan.io.ledger import resolve_milestone
        from parplan.query.queries import owing_view

        item, loaded = self._item(item_id), self._loaded
        number = resolve_milestone(item, str(milestone)) if milestone is not None else None
        view = owing_view(loaded.plan, loaded.index, item, as_of or self.today, number)
        return list(view.owing)

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
        from parplan.query.queries import targets_view

        loaded = self._valid()
        entry = self._unit(unit) if unit is not None else None
        view = targets_view(loaded.plan, loaded.index, as_of or self.today, entry)
        return [answers.target_state(state) for state in view.states]

    def target(self, target_id: str, *, as_of: date | None = None) -> TargetState:
        """One target's state (``parplan show TARGET``)."""
        from parplan.query.targets import target_state

        plan = self._valid().plan
        found = plan.target(target_id)
        if found is None:
            raise UnknownTarget(target_id, [t.id.value for t in plan.targets])
        return answers.target_state(target_state(plan, found, as_of or self.today))

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
            milestones=tuple(answers.milestone_state(row) for row in rows),
        )


def _validate(plan: Path, units: Path, today: date) -> Loaded:
    from parplan.checks.rules import validate

    return validate(plan, units, today=today)
