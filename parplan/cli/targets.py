"""Commands of the parplan CLI: the decision's targets (issue 21). Registered on the app of
``parplan.cli.app``.

``measure`` records a figure for a target in the plan file (``io.measure``, through the
ledger's lock, checks and atomic write) or takes the latest one back (``--undo``); ``targets``
shows every target's state as of a day (``query.queries.targets_view``, rendered through
``render.outputs``'s table). ``show TARGET`` is ``show``'s (``cli.views``).

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
    PlanOption,
    UnitsOption,
    YearOption,
    _fail,
    _resolve_unit,
    _units_path,
    app,
    parse_user_date,
    today,
)
from parplan.cli.ledger import EvidenceOption, OnOption, _print_change, _run, _unit_name
from parplan.cli.output import write
from parplan.cli.views import FormatOption, UnitFilter, _open
from parplan.render.i18n import label, language

if TYPE_CHECKING:
    pass

TargetArgument = Annotated[str, typer.Argument(metavar="TARGET", help="measure.target")]
_NUMBER = re.compile(r"\s*([0-9]{1,12})(?:[.,]([0-9]{1,6}))?\s*")


def parse_figure(typed: str, lang: str) -> float:
    """A figure as people type it: 72.5 or 72,5 (a decimal comma, as Vietnamese writes it)."""
    match = _NUMBER.fullmatch(typed)
    if match is None:
        raise _fail(label("measure.value-bad", lang, value=typed), 2)
    return float(f"{match[1]}.{match[2] or '0'}")


@app.command()
def measure(
    target: TargetArgument,
    value: Annotated[
        Optional[str],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
        typer.Option("--value", "-v", help="measure.value"),
    ] = None,
    of: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--of", min=0, help="measure.of"),
    ] = None,
    total: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--total", min=0, help="measure.total"),
    ] = None,
    on: OnOption = None,
    evidence: EvidenceOption = None,
    unit: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--unit", "-u", help="measure.unit"),
    ] = None,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--by", help="measure.by"),
    ] = None,
    undo: Annotated[
        bool,
        typer.Option("--undo", help="measure.undo"),
    ] = False,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan measure``; its --help, in both languages, is ``help_text.HELP["measure"]``."""
    from parplan.io import measure as measuring

    lang = language(lang)
    now = today()
    units_path = _units_path(plan, units)
    day = parse_user_date(on, lang) if on else None
    if undo:
        change = _run(
            lambda: measuring.undo_measurement(plan, units_path, target, on=day, today=now), lang
        )
    else:
        figure = parse_figure(value, lang) if value is not None else None
        unit_name = _unit_name(plan, units, unit, lang)
        change = _run(
            lambda: measuring.record_measurement(
                plan,
                units_path,
                target,
                on=day or now,
                value=figure,
                numerator=of,
                denominator=total,
                evidence=evidence,
                unit=unit_name,
                recorded_by=by,
                today=now,
            ),
            lang,
        )

    _print_change(change, now, lang)
    found = change.plan.target(change.edit.item_id)
    if found is not None:
        from parplan.core.text import printable
        from parplan.query.targets import target_state
        from parplan.render.targets import target_lines

        state = target_state(change.plan, found, now)
        for line in target_lines(state, lang)[4:]:
            typer.echo(printable(line))


@app.command("targets")
def targets_command(
    unit: UnitFilter = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan targets``; its --help, in both languages, is ``help_text.HELP["targets"]``."""
    from parplan.query.queries import targets_view

    view = _open(plan, units, lang, output_format, as_of)
    loaded = view.loaded
    entry = _resolve_unit(loaded, unit, view.lang) if unit is not None else None
    write(view, "targets", targets_view(loaded.plan, loaded.index, view.day, entry, unit))
