"""Validation checks: each a small function over the loaded data, returning diagnostics.

Why one module past 500 lines: one short function per check, side by side with its declared
codes, so the whole rule book reads in one place; the runner is a dozen lines at the end.

Every check declares the stable codes it reports (the diagnostics' ``code``) and their severity
beside its function (``@reports``); ``CHECKS`` lists the checks in order and ``CODES`` is derived.
Loading problems (syntax, schema) come from ``parplan.io.loader``; ``validate`` runs both.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from parplan.core.deadlines import CONDITIONAL
from parplan.core.model import (
    ERROR,
    INFO,
    WARNING,
    Completion,
    Diagnostic,
    Group,
    Item,
    LateReason,
    LogEntry,
    Plan,
    Registry,
    Source,
    Text,
    Unit,
    milestone_matches,
)
from parplan.core.text import fold, is_number
from parplan.core.units import ALIAS, UnitIndex

# The codes no check reports: the loader's (syntax and schema) and `validate --base`'s. The
# checks' codes are declared on each check below (``@reports``), and ``CODES`` gathers both.
OTHER_CODES: dict[str, str] = {
    "file-missing": ERROR,
    "file-unreadable": ERROR,
    "file-encoding": ERROR,
    "file-empty": ERROR,
    "yaml-syntax": ERROR,
    "yaml-unsupported": ERROR,  # issue 10: tags, anchors, aliases
    "duplicate-key": ERROR,
    "unknown-key": ERROR,
    "missing-key": ERROR,
    "wrong-type": ERROR,
    "bad-value": ERROR,
    "bad-date": ERROR,
    "reporting-day": ERROR,  # the reporting calendar (issue 12)
    # Review (parplan validate --base REV): a deadline amended without saying by what
    "amendment-reason": WARNING,
    # issue 19: a carry's two halves, checked across the repository's plans (io/carry.py's
    # counterpart_problems, run by validate)
    "carried-to-unmatched": ERROR,
    "carried-from-unmatched": ERROR,
}


@dataclass(frozen=True)
class Context:
    plan: Plan
    registry: Registry
    index: UnitIndex
    today: date | None = None  # given by the caller; None skips the checks that need it


CheckFunction = Callable[[Context], Iterator[Diagnostic]]


@dataclass(frozen=True)
class Check:
    """One check: its function and the codes it may report, each with its severity. Built by
    ``@reports`` beside the function; called like the function."""

    run: CheckFunction
    codes: tuple[tuple[str, str], ...]

    def __call__(self, ctx: Context) -> Iterator[Diagnostic]:
        return self.run(ctx)


def reports(codes: dict[str, str]) -> Callable[[CheckFunction], Check]:
    """Declare the codes (code → severity) a check reports; the message of each code, in both
    languages, is in ``i18n.MESSAGES``."""

    def declare(run: CheckFunction) -> Check:
        return Check(run, tuple(codes.items()))

    return declare


def _diagnostic(source: Source, code: str, **args: object) -> Diagnostic:
    return Diagnostic(source, CODES[code], code, args)


# ---------------------------------------------------------------------------------------------
# IDs

SECTION_ID = re.compile(r"[IVXLC]+")


@reports({"duplicate-id": ERROR})
def check_duplicate_ids(ctx: Context) -> Iterator[Diagnostic]:
    """An ID names one section, task or item; items may share their task's ID only as bare tasks."""
    seen: dict[str, Source] = {}
    for section in ctx.plan.sections:
        yield from _once(section.id, seen)
    for task in ctx.plan.tasks:
        yield from _once(task.id, seen)
    for item in ctx.plan.items:
        if not item.is_task:
            yield from _once(item.id, seen)


def _once(text: Text, seen: dict[str, Source]) -> Iterator[Diagnostic]:
    first = seen.get(text.value)
    if first is not None:
        yield _diagnostic(text.source, "duplicate-id", id=text.value, first_line=first.line)
    else:
        seen[text.value] = text.source


@reports({"id-nesting": ERROR})
def check_id_nesting(ctx: Context) -> Iterator[Diagnostic]:
    """Section IDs are Roman numerals, task IDs ``<section>.<n>``, activity IDs ``<task>.<n>``."""
    for section in ctx.plan.sections:
        if not SECTION_ID.fullmatch(section.id.value):
            yield _diagnostic(section.id.source, "id-nesting", id=section.id.value, expected="I")
    sections = {s.id.value for s in ctx.plan.sections}
    for task in ctx.plan.tasks:
        prefix, _, number = task.id.value.rpartition(".")
        if prefix not in sections or not is_number(number):
            section_id = _section_of(ctx.plan, task.id)
            yield _diagnostic(
                task.id.source, "id-nesting", id=task.id.value, expected=f"{section_id}.N"
            )
    for item in ctx.plan.items:
        if item.is_task:
            continue
        prefix, _, number = item.id.value.rpartition(".")
        if prefix != item.task_id or not is_number(number):
            yield _diagnostic(
                item.id.source, "id-nesting", id=item.id.value, expected=f"{item.task_id}.N"
            )


def _section_of(plan: Plan, task_id: Text) -> str:
    section_id = ""
    for section in plan.sections:
        if section.source.line <= task_id.source.line:
            section_id = section.id.value
    return section_id


# ---------------------------------------------------------------------------------------------
# Units


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_unit_references(ctx: Context) -> Iterator[Diagnostic]:
    """Every lead and support names a unit or group of the registry, by its canonical name."""
    for item in ctx.plan.items:
        for ref in (*item.lead, *item.support):
            yield from _reference(ctx.index, ref)


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_registry_references(ctx: Context) -> Iterator[Diagnostic]:
    """Names inside the units file (part_of, merged_into, members) name registry entries."""
    for unit in ctx.registry.units:
        if unit.part_of is not None:
            yield from _reference(ctx.index, unit.part_of)
        if unit.merged_into is not None and unit.merged_into_source is not None:
            yield from _reference(
                ctx.index, Text(unit.merged_into.unit or "", unit.merged_into_source)
            )
    for group in ctx.registry.groups:
        for member in group.members:
            yield from _reference(ctx.index, member)


def _reference(index: UnitIndex, ref: Text) -> Iterator[Diagnostic]:
    found = index.lookup(ref.value)
    if found is None:
        yield _diagnostic(
            ref.source, "unknown-unit", name=ref.value, suggestions=index.suggest(ref.value)
        )
    elif found.how == ALIAS:
        yield _diagnostic(ref.source, "unit-alias", name=ref.value, canonical=found.entry.name)


@reports({"duplicate-unit": ERROR})
def check_duplicate_units(ctx: Context) -> Iterator[Diagnostic]:
    """A name, abbreviation, former name or alias belongs to one registry entry only, compared
    as people type them (ignoring case and diacritics): otherwise ``--unit`` could not tell the
    two apart."""
    # Entries are told apart by their place in the file: two entries of one name are two.
    owner: dict[str, tuple[int, str]] = {}
    for position, entry in enumerate(ctx.index.entries):
        aliases = {alias.value: alias.source for alias in entry.aliases}
        for name in ctx.index.names_of(entry):
            key = fold(name)
            first = owner.get(key)
            if first is not None and first[0] != position:
                where = aliases.get(name, entry.source)
                yield _diagnostic(where, "duplicate-unit", name=name, owner=first[1])
            else:
                owner.setdefault(key, (position, entry.name))


@reports({"unit-unused": INFO})
def check_unused_units(ctx: Context) -> Iterator[Diagnostic]:
    """A registry unit that no item names, directly or through a group, a role or a merger.

    Units established after the plan was issued are left out: the plan could not name them.
    """
    used: set[str] = set()
    for item in ctx.plan.items:
        for ref in (*item.lead, *item.support):
            used |= ctx.index.expand(ref.value)
    issued = ctx.plan.info.issued
    for unit in ctx.registry.units:
        if unit.established is not None and (issued is None or unit.established > issued):
            continue
        if unit.name not in used and not _succeeds_used(unit, ctx, used):
            yield _diagnostic(unit.source, "unit-unused", name=unit.name)


def _succeeds_used(unit: Unit, ctx: Context, used: set[str]) -> bool:
    return any(
        other.merged_into is not None and other.merged_into.unit == unit.name and other.name in used
        for other in ctx.registry.units
    )


# ---------------------------------------------------------------------------------------------
# Deadlines and conditions


@reports(
    {
        "bad-value": ERROR,
        "deadline-syntax": ERROR,
        "deadline-date": ERROR,
        "deadline-ambiguous": ERROR,
        "deadline-alternative": WARNING,
        "deadline-unread": WARNING,
    }
)
def check_deadlines(ctx: Context) -> Iterator[Diagnostic]:
    """Every deadline is understood by the grammar and names only real dates. A deadline of
    which nothing can be read (an agency's own wording, kept as the decision wrote it) is a
    warning, ``deadline-unread``: the item has no milestone, and the views list it under its
    own heading; a deadline read in part is an error (a part would silently go untracked)."""
    for item in ctx.plan.items:
        source = item.deadline.source
        problems = item.parsed.problems
        if problems and not item.parsed.milestones and problems[0].code != "bad-value":
            yield _diagnostic(
                source,
                "deadline-unread",
                deadline=item.deadline.value,
                problem=problems[0].code,
                fragment=problems[0].fragment,
            )
            continue
        for problem in item.parsed.problems:
            column = (
                source.column + problem.offset if "\n" not in item.deadline.value else source.column
            )
            where = Source(source.file, source.line, column)
            if problem.code == "bad-value":  # too long to be read at all
                yield _diagnostic(
                    where, problem.code, field="deadline", value=problem.fragment, choices="≤ 500"
                )
                continue
            yield _diagnostic(
                where, problem.code, deadline=item.deadline.value, fragment=problem.fragment
            )


@reports({"deadline-year": WARNING})
def check_deadline_years(ctx: Context) -> Iterator[Diagnostic]:
    """A deadline falling outside the plan's years ± 1 (its ``year``, or its ``period``) is
    most likely a typo of the year."""
    year = ctx.plan.info.year
    if not year:
        return
    last = ctx.plan.info.last_year or year
    for item in ctx.plan.items:
        for milestone in item.milestones:
            due = milestone.due
            if due is not None and not year - 1 <= due.year <= last + 1:
                yield _diagnostic(
                    item.deadline.source,
                    "deadline-year",
                    deadline=item.deadline.value,
                    due=due,
                    year=year if last == year else f"{year}-{last}",
                )
                break


@reports({"after-unknown": ERROR, "after-cycle": ERROR})
def check_after(ctx: Context) -> Iterator[Diagnostic]:
    """``after:`` names an item of the plan, and no chain of ``after:`` comes back on itself."""
    ids = {item.id.value for item in ctx.plan.items}
    following = {item.id.value: item.after.value for item in ctx.plan.items if item.after}
    for item in ctx.plan.items:
        if item.after is None:
            continue
        if item.after.value not in ids:
            yield _diagnostic(item.after.source, "after-unknown", id=item.after.value)
            continue
        chain = [item.id.value]
        current = item.after.value
        while current in following and current not in chain:
            chain.append(current)
            current = following[current]
        if current == item.id.value:
            yield _diagnostic(item.after.source, "after-cycle", chain=" → ".join([*chain, current]))


# ---------------------------------------------------------------------------------------------
# Recorded progress (the ledger): completions and met conditions


def _records(item: Item) -> list[tuple[str, Completion]]:
    """The item's dated records, with the key their date is written under."""
    records = [("done", completion) for completion in item.completions]
    return [*records, ("met", item.met)] if item.met is not None else records


def record_days(plan: Plan) -> list[date]:
    """The day of every record of the plan that the checks of ``DAY_CHECKS`` look at."""
    days = [record.on for item in plan.items for _key, record in _records(item)]
    for item in plan.items:
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
                yield _diagnostic(
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
        for completion in item.completions:
            if completion.on < issued:
                yield _diagnostic(
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
                yield _diagnostic(
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
        if item.parsed.problems:
            continue
        for completion in item.completions:
            if milestone_of(item, completion) is not None:
                continue
            if completion.milestone is None:
                yield _diagnostic(
                    completion.source,
                    "done-several-milestones",
                    id=item.id.value,
                    count=len(item.milestones),
                )
            else:
                yield _diagnostic(
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
        first: dict[tuple[int, str], Completion] = {}
        for completion in item.completions:
            number = milestone_of(item, completion)
            if number is None:
                continue
            key = (number, _unit_key(ctx, completion, item.milestones[number - 1].due))
            if key in first:
                yield _diagnostic(
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


@reports({"unit-required": ERROR, "unit-not-owing": ERROR, "unit-unexpected": ERROR})
def check_member_completions(ctx: Context) -> Iterator[Diagnostic]:
    """A group-led item (done by each member) records each member's part with ``unit:``, naming
    a unit that owes that milestone (a member of the ministry on its due date); an item with
    one completion records none."""
    # lazy: validate read from the cache loads the checks, not the status rules
    from parplan.query.status import is_per_member, owing_units

    for item in ctx.plan.items:
        if item.parsed.problems:
            continue  # the milestones are unknown: the deadline's own error says it
        per_member = is_per_member(item, ctx.index)
        for completion in item.completions:
            number = milestone_of(item, completion)
            if number is None:
                continue
            if completion.unit is None:
                if per_member:
                    group = next(ref.value for ref in item.lead if _is_group(ctx, ref.value))
                    yield _diagnostic(
                        completion.source, "unit-required", id=item.id.value, group=group
                    )
                continue
            found = ctx.index.lookup(completion.unit.value)
            if found is None or not isinstance(found.entry, Unit):
                yield from _reference(ctx.index, completion.unit)
                continue
            if found.how == ALIAS:
                yield from _reference(ctx.index, completion.unit)
            milestone = item.milestones[number - 1].label or number
            if not per_member:
                yield _diagnostic(completion.unit.source, "unit-unexpected", id=item.id.value)
                continue
            owing = owing_units(item, number, ctx.index, completion.on)
            day = item.milestones[number - 1].due or completion.on
            if ctx.index.successor_on(found.entry, day) not in owing:
                yield _diagnostic(
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
                yield _diagnostic(
                    completion.source,
                    "done-unit-inactive",
                    unit=unit.name,
                    value=on,
                    reason="established",
                    day=unit.established,
                )
            elif unit.left is not None and on >= unit.left.on:
                yield _diagnostic(
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
            yield _diagnostic(item.met.source, "met-unconditional", id=item.id.value)


@reports({"reporting-item": ERROR})
def check_reporting_items(ctx: Context) -> Iterator[Diagnostic]:
    """The items a reporting calendar gives working deadlines to are items of the plan."""
    calendar = ctx.plan.info.reporting
    if calendar is None:
        return
    ids = {item.id.value for item in ctx.plan.items}
    for ref in calendar.items:
        if ref.value not in ids:
            yield _diagnostic(ref.source, "reporting-item", id=ref.value)


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_worklog_units(ctx: Context) -> Iterator[Diagnostic]:
    """The units named in work logs and reasons for delay are in the registry."""
    for item in ctx.plan.items:
        entries: list[LogEntry | LateReason] = [*item.log, *item.late]
        for entry in entries:
            if entry.unit is not None and entry.unit_source is not None:
                yield from _reference(ctx.index, Text(entry.unit, entry.unit_source))


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
                yield _diagnostic(
                    entry.source,
                    "done-future",
                    field=f"{key}.on",
                    value=entry.on,  # a date: dd/mm/yyyy in Vietnamese (issue 18)
                    today=ctx.today,
                )


# ---------------------------------------------------------------------------------------------
# issue 21: the decision's targets and the figures recorded for them

# How far a figure may be from its fraction (of / total × 100) and still be that fraction:
# a figure is usually written rounded to one decimal (140/193 = 72.54… written 72.5).
FRACTION_TOLERANCE = 0.05


@reports({"duplicate-id": ERROR, "target-value": ERROR})
def check_targets(ctx: Context) -> Iterator[Diagnostic]:
    """A target's ID names one target; a percentage target lies within 0–100; the unit that
    answers for it is in the registry."""
    seen: dict[str, Source] = {}
    for target in ctx.plan.targets:
        yield from _once(target.id, seen)
        if target.measure == "percent" and target.value > 100:
            yield _diagnostic(target.source, "target-value", id=target.id.value, value=target.value)
        if target.unit is not None:
            yield from _reference(ctx.index, target.unit)


@reports(
    {
        "measurement-target": ERROR,
        "measurement-range": ERROR,
        "measurement-fraction": ERROR,
        "measurement-period": WARNING,
    }
)
def check_measurements(ctx: Context) -> Iterator[Diagnostic]:
    """A figure names a target of the plan; a percentage lies within 0–100 and agrees with its
    fraction (``of`` ≤ ``total``, value = of / total × 100 to within 0.05); its day falls in
    the target's year (or the data window of that year's first report, from 15/12 before);
    the unit that reports it is in the registry."""
    # lazy: the views read from the cache load the checks, not the calendar
    from parplan.core.periods import year_start

    targets = {target.id.value: target for target in ctx.plan.targets}
    for entry in ctx.plan.measurements:
        target = targets.get(entry.target.value)
        if entry.unit is not None:
            yield from _reference(ctx.index, entry.unit)
        if target is None:
            yield _diagnostic(
                entry.target.source,
                "measurement-target",
                id=entry.target.value,
                known=tuple(targets),
            )
            continue
        if target.measure == "percent" and not 0 <= entry.value <= 100:
            yield _diagnostic(entry.value_source, "measurement-range", value=entry.value)
        numerator, denominator = entry.numerator, entry.denominator
        if numerator is not None or denominator is not None:
            if (
                numerator is None
                or denominator is None
                or not 0 <= numerator <= denominator
                or (denominator == 0)
            ):
                yield _diagnostic(
                    entry.source,
                    "measurement-fraction",
                    of="?" if numerator is None else numerator,
                    total="?" if denominator is None else denominator,
                )
            elif target.measure == "percent":
                share = 100 * numerator / denominator
                if abs(share - entry.value) > FRACTION_TOLERANCE:
                    yield _diagnostic(
                        entry.value_source,
                        "measurement-fraction",
                        of=numerator,
                        total=denominator,
                        value=entry.value,
                        share=round(share, 2),
                    )
        year = target.period or ctx.plan.info.year
        if not year:
            continue
        first = year_start(ctx.plan.info.reporting, year)
        if not first <= entry.on <= date(year, 12, 31):
            yield _diagnostic(
                entry.source, "measurement-period", on=entry.on, first=first, year=year
            )


@reports({"measurement-future": ERROR})
def check_future_measurements(ctx: Context) -> Iterator[Diagnostic]:
    """No figure is dated after today (skipped when today is not given)."""
    if ctx.today is None:
        return
    for entry in ctx.plan.measurements:
        if entry.on > ctx.today:
            yield _diagnostic(entry.source, "measurement-future", on=entry.on, today=ctx.today)


@reports({"duplicate-id": ERROR, "body-reference": ERROR})
def check_body(ctx: Context) -> Iterator[Diagnostic]:
    """Section II's duties and section IV's responsibilities: one entry per ID, units of the
    registry, and every point they name (a duty's ``basis``, a responsibility's ``points``, a
    target's ``basis``) written in the plan."""
    plan = ctx.plan
    if not plan.duties and not plan.responsibilities:
        return
    duty_ids = {duty.id.value for duty in plan.duties}
    responsibility_ids = {entry.id.value for entry in plan.responsibilities}
    seen: dict[str, Source] = {}
    for duty in plan.duties:
        yield from _once(duty.id, seen)
        for unit in duty.lead:
            yield from _reference(ctx.index, unit)
        for ref in duty.basis:
            if responsibility_ids and ref.value not in responsibility_ids:
                yield _diagnostic(ref.source, "body-reference", ref=ref.value, what="IV")
    for entry in plan.responsibilities:
        yield from _once(entry.id, seen)
        if entry.unit is not None:
            yield from _reference(ctx.index, entry.unit)
        for ref in entry.points:
            if duty_ids and ref.value not in duty_ids:
                yield _diagnostic(ref.source, "body-reference", ref=ref.value, what="II")
    for target in plan.targets:
        basis = target.basis
        if basis is not None and responsibility_ids and basis.value not in responsibility_ids:
            yield _diagnostic(basis.source, "body-reference", ref=basis.value, what="IV")


# The checks, in the order they run.
CHECKS: tuple[Check, ...] = (
    check_duplicate_ids,
    check_id_nesting,
    check_unit_references,
    check_registry_references,
    check_duplicate_units,
    check_unused_units,
    check_deadlines,
    check_deadline_years,
    check_after,
    check_future_records,
    check_records_before_issue,
    check_evidence,
    check_completed_milestones,
    check_duplicate_completions,
    check_met_conditions,
    check_reporting_items,
    check_worklog_units,
    check_worklog_dates,
    check_member_completions,
    check_records_of_absent_units,
    check_targets,  # issue 21
    check_measurements,
    check_future_measurements,
    check_body,
)


# The checks whose answer depends on the day (records dated after today): skipped without a
# day, so that a model checked once can be cached and these run again on each day it is used.
DAY_CHECKS: tuple[Check, ...] = (
    check_future_records,
    check_worklog_dates,
    check_future_measurements,  # issue 21
)


def _gather(checks: tuple[Check, ...]) -> dict[str, str]:
    """Every code with its severity: ``OTHER_CODES``, then the checks' own, in their order. A
    code declared twice must carry one severity (a mistake in a declaration fails at import)."""
    codes = dict(OTHER_CODES)
    for check in checks:
        for code, severity in check.codes:
            if codes.setdefault(code, severity) != severity:
                raise ValueError(f"{code}: declared as {codes[code]} and as {severity}")
    return codes


# Every code parplan reports, with its severity.
CODES: dict[str, str] = _gather(CHECKS)

# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loaded:
    """A plan and its registry as loaded, with every diagnostic found, sorted by place."""

    plan: Plan
    registry: Registry
    index: UnitIndex
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == ERROR)


def validate(plan_path: str | Path, units_path: str | Path, today: date | None = None) -> Loaded:
    """Load both files and run every check. Never raises on bad content.

    ``today`` is the caller's today (the CLI's); without it, dates in the future go unchecked.
    """
    # lazy: PyYAML and the loader, which the views read from the cache do not load
    from parplan.io.loader import load_plan, load_registry

    registry, unit_problems = load_registry(units_path)
    plan, plan_problems = load_plan(plan_path)
    return run_checks(plan, registry, [*unit_problems, *plan_problems], today)


def run_checks(
    plan: Plan, registry: Registry, problems: list[Diagnostic], today: date | None = None
) -> Loaded:
    index = UnitIndex(registry, plan.info.issued)
    ctx = Context(plan, registry, index, today)
    found = list(problems)
    unreadable = {p.source.file for p in problems if p.code in UNREADABLE}
    for check in CHECKS:
        if registry.file in unreadable and check in (check_unit_references, check_unused_units):
            continue  # every name would be "unknown": the units file's own error says it all
        if plan.file in unreadable and check is check_unused_units:
            continue  # nothing can be said of what an unreadable plan uses
        found.extend(check(ctx))
    found.sort(key=Diagnostic.sort_key)
    return Loaded(plan, registry, index, tuple(found))


UNREADABLE = ("file-missing", "file-unreadable", "file-encoding", "yaml-syntax", "file-empty")
