"""Commands of the parplan CLI: ledger (recording progress). Registered on the app of
``parplan.cli.app``.

``done``, ``undo`` and ``met`` edit the plan file in place through ``parplan.io.ledger``: only the
lines that record the fact change, the file is validated before and after, and written
atomically under a lock. Each prints the lines it added or removed and the item's new status.

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TypeVar

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    LangOption,
    PlanOption,
    UnitsOption,
    YearOption,
    _fail,
    _units_path,
    app,
    keep_until_exit,
    parse_user_date,
    resolve_unit_in,
    today,
)
from parplan.core.text import printable
from parplan.render.i18n import day_text, label, language

_Result = TypeVar("_Result")

if TYPE_CHECKING:
    from parplan.core.model import Item
    from parplan.io.errors import LedgerError
    from parplan.io.ledger import Change

ItemArgument = Annotated[str, typer.Argument(metavar="ID", help="ledger.item")]
MilestoneOption = Annotated[
    Optional[str],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--milestone",
        "-m",
        help="ledger.milestone",
    ),
]
OnOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--on", help="on"),
]
UnitOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--unit",
        "-u",
        help="ledger.unit",
    ),
]
EvidenceOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--evidence", "-e", help="ledger.evidence"),
]


@app.command()
def done(
    item: ItemArgument,
    milestone: MilestoneOption = None,
    on: OnOption = None,
    evidence: EvidenceOption = None,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--by", help="done.by"),
    ] = None,
    unit: UnitOption = None,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan done``; its --help, in both languages, is ``help_text.HELP["done"]``."""
    from parplan.io import ledger

    lang = language(lang)
    now = today()
    day = parse_user_date(on, lang) if on is not None else now  # "" is no day
    unit_name = _unit_name(plan, units, unit, lang)
    change = _run(
        lambda: ledger.record_done(
            plan,
            _units_path(plan, units),
            item,
            on=day,
            evidence=evidence,
            recorded_by=by,
            milestone=milestone,
            today=now,
            unit=unit_name,
        ),
        lang,
    )
    _print_change(change, now, lang, _units_path(plan, units), unit_name)


@app.command()
def undo(
    item: ItemArgument,
    milestone: MilestoneOption = None,
    met: Annotated[bool, typer.Option("--met", help="undo.met")] = False,
    unit: UnitOption = None,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan undo``; its --help, in both languages, is ``help_text.HELP["undo"]``."""
    from parplan.io import ledger

    lang = language(lang)
    now = today()
    units_path = _units_path(plan, units)
    if met:
        change = _run(lambda: ledger.undo_met(plan, units_path, item, today=now), lang)
    else:
        unit_name = _unit_name(plan, units, unit, lang)
        change = _run(
            lambda: ledger.undo_done(
                plan, units_path, item, milestone=milestone, today=now, unit=unit_name
            ),
            lang,
        )
        _print_change(change, now, lang, units_path, unit_name)
        return
    _print_change(change, now, lang, _units_path(plan, units))


@app.command()
def met(
    item: ItemArgument,
    on: OnOption = None,
    evidence: EvidenceOption = None,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan met``; its --help, in both languages, is ``help_text.HELP["met"]``."""
    from parplan.io import ledger

    lang = language(lang)
    now = today()
    day = parse_user_date(on, lang) if on is not None else now  # "" is no day
    change = _run(
        lambda: ledger.record_met(
            plan, _units_path(plan, units), item, on=day, evidence=evidence, today=now
        ),
        lang,
    )
    _print_change(change, now, lang, _units_path(plan, units))


def _unit_name(plan: Path, units: Path | None, typed: str | None, lang: str) -> str | None:
    """The registry name of the unit a person typed for --unit (exit 2 when none or several)."""
    if typed is None:
        return None
    from parplan.core.units import UnitIndex
    from parplan.io.loader import load_registry

    registry, _ = load_registry(_units_path(plan, units))
    return resolve_unit_in(UnitIndex(registry), typed, lang).name


def _run(action: Callable[[], _Result], lang: str) -> _Result:
    """Run a ledger action; its errors become messages and exit codes (2 usage, 1 data)."""
    from parplan.io.errors import DataError, LedgerError
    from parplan.render.report import format_diagnostics

    try:
        result = action()
        keep_until_exit(result)  # (the plan it holds: not freed item by item before the exit)
        return result
    except LedgerError as error:
        if isinstance(error, DataError) and error.diagnostics:
            typer.echo(format_diagnostics(error.diagnostics, "text", lang), err=True)
        raise _fail(_message(error, lang), error.exit_code) from None
    except OSError as error:
        name = error.filename or ""
        reason = error.strerror or str(error)
        raise _fail(label("ledger.io", lang, file=name, reason=reason), 1) from None


def _message(error: LedgerError, lang: str) -> str:
    values = dict(error.values)
    if error.key == "error.item.unknown":
        ids = values.pop("ids", "")
        values["hint"] = label("error.unit.suggest", lang, names=ids) if ids else ""
    return label(error.key, lang, **values)


def _print_change(
    change: Change,
    as_of: date,
    lang: str,
    units_path: Path | None = None,
    unit: str | None = None,
) -> None:
    from parplan.io.ledger import milestone_name
    from parplan.render.report import format_diagnostics

    edit = change.made  # (``edit`` would decode the whole new text: its lines are the same)
    item = change.item
    if edit.picked and item is not None and edit.milestone is not None:
        picked = label("ledger.picked", lang, milestone=milestone_name(item, edit.milestone))
        typer.echo(printable(picked))
    typer.echo(label("ledger.changed", lang, file=str(change.path)))
    for number, line in edit.removed:
        typer.echo(typer.style(printable(f"- {number}: {line}"), fg="red"))
    for number, line in edit.added:
        typer.echo(typer.style(printable(f"+ {number}: {line}"), fg="green"))
    if change.warnings:
        typer.echo(format_diagnostics(change.warnings, "text", lang), err=True)
    if item is not None:
        # The whole plan only for an item with ``after:``, whose status reads another item's:
        # an edit read in part (issue 23) would read it all back.
        items = change.plan.items if item.after is not None else (item,)
        _print_status(items, item, as_of, lang, units_path, unit)


def _print_status(
    plan_items: tuple[Item, ...],
    item: Item,
    as_of: date,
    lang: str,
    units_path: Path | None = None,
    unit: str | None = None,
) -> None:
    """The item's milestones as of the day. For ``unit``'s part of a group-led item (issue 18):
    the unit's own status and completion, then how many of the group are done."""
    from parplan.core.units import UnitIndex
    from parplan.io.ledger import milestone_name
    from parplan.io.loader import load_registry
    from parplan.query.status import rows_as_of, unit_status

    index = None
    if units_path is not None:
        registry, _ = load_registry(units_path)
        index = UnitIndex(registry)
    rows = rows_as_of([item], as_of, plan_items, index=index)
    found = index.lookup(unit) if index is not None and unit is not None else None
    member = found.entry if found is not None and any(r.per_member for r in rows) else None
    if member is not None:
        title = label(
            "ledger.status.unit",
            lang,
            unit=member.name,
            id=item.id.value,
            as_of=day_text(as_of, lang),
        )
    else:
        title = label("ledger.status", lang, id=item.id.value, as_of=day_text(as_of, lang))
    typer.echo(printable(title))
    for row in rows:
        own = (
            unit_status(row, member, index, as_of)
            if member is not None and index is not None and row.per_member
            else None
        )
        if own is not None:
            status = label(f"status.{own.status}", lang)
            done_on = (
                label("ledger.status.done", lang, on=day_text(own.completion.on, lang))
                if own.completion
                else ""
            )
            count = label("members.count", lang, done=row.members_done, total=row.members_total)
            done_on += label("ledger.status.group", lang, count=count)
            due = label("ledger.status.due", lang, due=day_text(row.due, lang)) if row.due else ""
            typer.echo(
                printable(f"  {milestone_name(item, row.number)} ({due}): {status}{done_on}")
            )
            continue
        due = (
            label("ledger.status.due", lang, due=day_text(row.due, lang))
            if row.due
            else label("ledger.status.no-due", lang)
        )
        done_on = (
            label("ledger.status.done", lang, on=day_text(row.completion.on, lang))
            if row.completion
            else ""
        )
        status = label(f"status.{row.status}", lang)
        if row.members_total is not None:
            done_on = " — " + label(
                "members.count", lang, done=row.members_done, total=row.members_total
            )
        typer.echo(printable(f"  {milestone_name(item, row.number)} ({due}): {status}{done_on}"))
    if item.met is not None and item.met.on <= as_of:
        typer.echo("  " + label("ledger.status.met", lang, on=day_text(item.met.on, lang)))
