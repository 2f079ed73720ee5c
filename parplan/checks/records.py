"""The checks of recorded progress (the ledger): completions, met conditions, work logs and
reasons for delay, each member's part of a group-led item; and the reporting calendar's items."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parplan.checks.base import Context, diagnostic, reports
from parplan.checks.units import unit_reference
from parplan.core.deadlines import CONDITIONAL
from parplan.core.model import (
    ERROR,
    WARNING,
    Completion,
    Diagnostic,
    Group,
    Item,
    LateReason,
    LogEntry,
    Plan,
    Text,
    Unit,
    milestone_matches,
)
from parplan.core.units import ALIAS

# ---------------------------------------------------------------------------------------------
# Recorded progress (the ledger): completions and met conditions


def _records(item: Item) -> list[tuple[str, Completion]]:
    """The item's dated records, with the key their date is written under."""
    records = [("done", completion) for completion in item.completions]
    return [*records, ("met", item.met)] if item.met is not None else records


def record_days(plan: Plan) -> list[date]:
    """The day of every record of the plan that the checks of ``DAY_CHECKS`` look at."""
    days = []
    for item in plan.items:
        if item.completions or item.met is not None:  # (most items have no record at all)
            days += [record.on for _key, record in _records(item)]
        if item.log or item.late:
            days += [entry.on for entry in item.log if entry.on is not None]
            days += [reason.on for reason in item.late if reason.on is not None]
    days += [entry.on for entry in plan.measurements]  # issue 21
    return days


@reports({"done-future": ERROR})
def check_future_records(ctx: Context) -> Iterator[Diagnostic]:
    """Nothing is recorded as done or met after today (skipped when today is not given)."""
    if ctx.today is None:
        return
    for item in ctx.plan.items:
        if not item.completions and item.met is None:
            continue  # most items: nothing recorded (checked on every command, so kept quick)
        for key, record in _records(item):
            if record.on > ctx.today:
                yield diagnostic(
                    record.source,
                    "done-future",
                    field=key,
                    value=record.on,
                    today=ctx.today,
                )


@reports({"done-before-issued": WARNING})
def check_records_before_issue(ctx: Context) -> Iterator[Diagnostic]:
    """A completion, a work-log entry or a reason for delay dated before the plan was issued is
    suspicious (a typo of the year?)."""
    issued = ctx.plan.info.issued
    if issued is None:
        return
    for item in ctx.plan.items:
        if not item.completions and not item.log and not item.late:
            continue  # most items: nothing recorded
        for completion in item.completions:
            if completion.on < issued:
                yield diagnostic(
                    completion.source,
                    "done-before-issued",
                    value=completion.on,
                    issued=issued,
                )
        if not item.log and not item.late:
            continue  # most items (checked on every command, so kept quick)
        # a work-log entry or a reason for delay likewise (review of issue 18)
        dated: list[tuple[str, LogEntry | LateReason]] = [
            *(("log.on", e) for e in item.log),
            *(("late.on", r) for r in item.late),
        ]
        for field, entry in dated:
            if entry.on is not None and entry.on < issued:
                yield diagnostic(
                    entry.source,
                    "done-before-issued",
                    reason="entry",
                    field=field,
                    value=entry.on,
                    issued=issued,
                )


@reports({"evidence-missing": ERROR})
def check_evidence(ctx: Context) -> Iterator[Diagnostic]:
    """Every record names the document that shows it: an error, or a warning when the plan's
    ``policy: {evidence: optional}`` says so."""
    severity = ERROR if ctx.plan.info.evidence_required else WARNING
    for item in ctx.plan.items:
        if not item.completions and item.met is None:
            continue  # most items: nothing recorded
        for key, record in _records(item):
            if record.evidence is None or not record.evidence.value:
                field = "met_evidence" if key == "met" else "evidence"
                yield Diagnostic(
                    record.source,
                    severity,
                    "evidence-missing",
                    {"field": field, "id": item.id.value},
                )


def milestone_of(item: Item, completion: Completion) -> int | None:
    """The 1-based number of the milestone a completion records, None if it names none."""
    if completion.milestone is None:
        return 1 if len(item.milestones) == 1 else None
    for number, milestone in enumerate(item.milestones, start=1):
        if milestone_matches(completion.milestone.value, milestone, number):
            return number
    return None


def milestone_choices(item: Item) -> str:
    """The item's milestones as a person may name them: "1: Ban hành; 2: Triển khai"."""
    return "; ".join(
        f"{n}: {m.label}" if m.label else str(n) for n, m in enumerate(item.milestones, start=1)
    )


@reports({"unknown-milestone": ERROR, "done-several-milestones": ERROR})
def check_completed_milestones(ctx: Context) -> Iterator[Diagnostic]:
    """A completion names a milestone of its item; ``done:`` on the item itself is for items of
    one milestone (those of several record each in ``progress``). An item whose deadline is
    in error is left out: its milestones are unknown, and the deadline's error says it all."""
    for item in ctx.plan.items:
        if not item.completions or item.parsed.problems:
            continue
        for completion in item.completions:
            if milestone_of(item, completion) is not None:
                continue
            if completion.milestone is None:
                yield diagnostic(
                    completion.source,
                    "done-several-milestones",
                    id=item.id.value,
                    count=len(item.milestones),
                )
            else:
                yield diagnostic(
                    completion.milestone.source,
                    "unknown-milestone",
                    id=item.id.value,
                    milestone=completion.milestone.value,
                    choices=milestone_choices(item),
                )


@reports({"duplicate-completion": ERROR})
def check_duplicate_completions(ctx: Context) -> Iterator[Diagnostic]:
    """A milestone is completed once (once per member for a group-led item): a second record
    of it is an error."""
    for item in ctx.plan.items:
        if len(item.completions) < 2:
            continue  # most items: no second record of anything
        first: dict[tuple[int, str], Completion] = {}
        for completion in item.completions:
            number = milestone_of(item, completion)
            if number is None:
                continue
            key = (number, _unit_key(ctx, completion, item.milestones[number - 1].due))
            if key in first:
                yield diagnostic(
                    completion.source,
                    "duplicate-completion",
                    id=item.id.value,
                    milestone=item.milestones[number - 1].label or number,
                    first_line=first[key].source.line,
                )
            else:
                first[key] = completion


def _unit_key(ctx: Context, completion: Completion, due: date | None) -> str:
    """Who a record is for: the unit carrying on the named unit's work on the milestone's due
    date (a record under a merged unit's old name is its successor's, as the views count it)."""
    if completion.unit is None:
        return ""
    found = ctx.index.lookup(completion.unit.value)
    if found is None:
        return completion.unit.value
    if isinstance(found.entry, Unit):
        return ctx.index.successor_on(found.entry, due or completion.on).name
    return found.entry.name


@reports(
    {
        "unit-required": ERROR,
        "unit-not-owing": ERROR,
        "unit-unexpected": ERROR,
        "unknown-unit": ERROR,
        "unit-alias": WARNING,
    }
)
def check_member_completions(ctx: Context) -> Iterator[Diagnostic]:
    """A group-led item (done by each member) records each member's part with ``unit:``, naming
    a unit that owes that milestone (a member of the ministry on its due date); an item with
    one completion records none."""
    # lazy: the status rules, only when the checks run (a cached `validate` loads none)
    from parplan.query.status import is_per_member, owing_units

    # Whether an item is done by each member depends on its leads' names (and ``shared:``):
    # asked once per list of names (issue 23: thousands of records name the same leads).
    by_leads: dict[tuple[str, ...], bool] = {}
    for item in ctx.plan.items:
        if not item.completions or item.parsed.problems:
            continue  # nothing recorded (most items); or the milestones are unknown: the
            # deadline's own error says it
        if item.shared:
            per_member = False
        else:
            leads = tuple(ref.value for ref in item.lead)
            found_per_member = by_leads.get(leads)
            if found_per_member is None:
                found_per_member = by_leads[leads] = is_per_member(item, ctx.index)
            per_member = found_per_member
        for completion in item.completions:
            number = milestone_of(item, completion)
            if number is None:
                continue
            if completion.unit is None:
                if per_member:
                    group = next(ref.value for ref in item.lead if _is_group(ctx, ref.value))
                    yield diagnostic(
                        completion.source, "unit-required", id=item.id.value, group=group
                    )
                continue
            found = ctx.index.lookup(completion.unit.value)
            if found is None or not isinstance(found.entry, Unit):
                yield from unit_reference(ctx.index, completion.unit)
                continue
            if found.how == ALIAS:
                yield from unit_reference(ctx.index, completion.unit)
            milestone = item.milestones[number - 1].label or number
            if not per_member:
                yield diagnostic(completion.unit.source, "unit-unexpected", id=item.id.value)
                continue
            owing = owing_units(item, number, ctx.index, completion.on)
            day = item.milestones[number - 1].due or completion.on
            if ctx.index.successor_on(found.entry, day) not in owing:
                yield diagnostic(
                    completion.unit.source,
                    "unit-not-owing",
                    unit=completion.unit.value,
                    milestone=milestone,
                    id=item.id.value,
                )


@reports({"done-unit-inactive": WARNING})
def check_records_of_absent_units(ctx: Context) -> Iterator[Diagnostic]:
    """A unit's own record (``unit:``) dated on a day the unit was not part of the ministry:
    before it was established, or once it had left. A wrong date, or the wrong unit? (A record
    under the name of a unit merged into another counts for its successor: not reported.)"""
    for item in ctx.plan.items:
        for completion in item.completions:
            if completion.unit is None:
                continue
            found = ctx.index.lookup(completion.unit.value)
            if found is None or not isinstance(found.entry, Unit):
                continue  # an unknown unit: check_member_completions says so
            unit, on = found.entry, completion.on
            if unit.established is not None and on < unit.established:
                yield diagnostic(
                    completion.source,
                    "done-unit-inactive",
                    unit=unit.name,
                    value=on,
                    reason="established",
                    day=unit.established,
                )
            elif unit.left is not None and on >= unit.left.on:
                yield diagnostic(
                    completion.source,
                    "done-unit-inactive",
                    unit=unit.name,
                    value=on,
                    reason="left",
                    day=unit.left.on,
                )


def _is_group(ctx: Context, name: str) -> bool:
    found = ctx.index.lookup(name)
    return found is not None and isinstance(found.entry, Group) and not found.entry.placeholder


@reports({"met-unconditional": ERROR})
def check_met_conditions(ctx: Context) -> Iterator[Diagnostic]:
    """``met:`` belongs to an item with a conditional milestone ("Sau khi …")."""
    for item in ctx.plan.items:
        if item.met is not None and not any(m.kind == CONDITIONAL for m in item.milestones):
            yield diagnostic(item.met.source, "met-unconditional", id=item.id.value)


@reports({"reporting-item": ERROR})
def check_reporting_items(ctx: Context) -> Iterator[Diagnostic]:
    """The items a reporting calendar gives working deadlines to are items of the plan."""
    calendar = ctx.plan.info.reporting
    if calendar is None:
        return
    ids = {item.id.value for item in ctx.plan.items}
    for ref in calendar.items:
        if ref.value not in ids:
            yield diagnostic(ref.source, "reporting-item", id=ref.value)


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_worklog_units(ctx: Context) -> Iterator[Diagnostic]:
    """The units named in work logs and reasons for delay are in the registry."""
    canonical = ctx.index.by_name  # (``lookup``'s first answer: nothing to say of such a name)
    for item in ctx.plan.items:
        if not item.log and not item.late:
            continue  # most items
        entries: list[LogEntry | LateReason] = [*item.log, *item.late]
        for entry in entries:
            unit, where = entry.unit, entry.unit_source
            if unit is not None and where is not None and unit not in canonical:
                yield from unit_reference(ctx.index, Text(unit, where))


@reports({"done-future": ERROR})
def check_worklog_dates(ctx: Context) -> Iterator[Diagnostic]:
    """Work is logged, and reasons written, on days that have come (skipped without today)."""
    if ctx.today is None:
        return
    for item in ctx.plan.items:
        if not item.log and not item.late:
            continue
        dated: list[tuple[str, LogEntry | LateReason]] = [
            *(("log", e) for e in item.log),
            *(("late", r) for r in item.late),
        ]
        for key, entry in dated:
            if entry.on is not None and entry.on > ctx.today:
                yield diagnostic(
                    entry.source,
                    "done-future",
                    field=f"{key}.on",
                    value=entry.on,  # a date: dd/mm/yyyy in Vietnamese (issue 18)
                    today=ctx.today,
                )
