"""The checks of deadlines: read by the grammar, within the plan's years, ``after:`` chains."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parplan.checks.base import Context, diagnostic, reports
from parplan.core.model import (
    ERROR,
    WARNING,
    Diagnostic,
    Source,
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
        problems = item.parsed.problems
        if not problems:
            continue  # most items (checked on every cold read, so kept quick)
        source = item.deadline.source
        if not item.parsed.milestones and problems[0].code != "bad-value":
            yield diagnostic(
                source,
                "deadline-unread",
                deadline=item.deadline.value,
                problem=problems[0].code,
                fragment=problems[0].fragment,
            )
            continue
        for problem in problems:
            column = (
                source.column + problem.offset if "\n" not in item.deadline.value else source.column
            )
            where = Source(source.file, source.line, column)
            if problem.code == "bad-value":  # too long to be read at all
                yield diagnostic(
                    where, problem.code, field="deadline", value=problem.fragment, choices="≤ 500"
                )
                continue
            yield diagnostic(
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
    # Items of one wording share its reading: each reading is looked at once.
    outside: dict[int, date | None] = {}  # id of a reading → its first day outside the years
    for item in ctx.plan.items:
        key = id(item.parsed)
        if key in outside:
            due = outside[key]
        else:
            due = outside[key] = next(
                (
                    m.due
                    for m in item.milestones
                    if m.due is not None and not year - 1 <= m.due.year <= last + 1
                ),
                None,
            )
        if due is not None:
            yield diagnostic(
                item.deadline.source,
                "deadline-year",
                deadline=item.deadline.value,
                due=due,
                year=year if last == year else f"{year}-{last}",
            )


@reports({"after-unknown": ERROR, "after-cycle": ERROR})
def check_after(ctx: Context) -> Iterator[Diagnostic]:
    """``after:`` names an item of the plan, and no chain of ``after:`` comes back on itself."""
    following = {item.id.value: item.after.value for item in ctx.plan.items if item.after}
    if not following:
        return  # most plans: no item waits for another
    ids = {item.id.value for item in ctx.plan.items}
    for item in ctx.plan.items:
        if item.after is None:
            continue
        if item.after.value not in ids:
            yield diagnostic(item.after.source, "after-unknown", id=item.after.value)
            continue
        chain = [item.id.value]
        current = item.after.value
        while current in following and current not in chain:
            chain.append(current)
            current = following[current]
        if current == item.id.value:
            yield diagnostic(item.after.source, "after-cycle", chain=" → ".join([*chain, current]))
