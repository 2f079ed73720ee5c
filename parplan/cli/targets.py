"""Commands of the parplan CLI: the decision's targets (issue 21). Registered on the app of
``parplan.cli.app``.

``measure`` records a figure for a target in the plan file (``io.measure``, through the
ledger's lock, checks and atomic write) or takes the latest one back (``--undo``); ``targets``
shows every target's state as of a day (``query.targets``). ``show TARGET`` is ``show``'s
(``cli.views``), which hands a target's ID to ``cli.show_body.show_target``.

Lazy imports: a command imports what it uses inside its function, since ``--help`` imports
every module of ``cli/`` and a command should load only what it runs (``tests/test_startup.py``).
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
    echo_data,
    parse_user_date,
    today,
)
from parplan.cli.ledger import EvidenceOption, OnOption, _print_change, _run, _unit_name
from parplan.cli.views import FormatOption, UnitFilter, _console, _emit, _open, _tabular
from parplan.core.text import dmy, printable
from parplan.render.formats import TABULAR, md_document, to_json
from parplan.render.i18n import label, language

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded

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
    from parplan.query.targets import BELOW, MET, NO_DATA, targets_as_of
    from parplan.render.targets import (
        TARGET_COLUMNS,
        target_record,
        target_row,
        targets_markdown,
        targets_table,
    )

    view = _open(plan, units, lang, output_format, as_of)
    lang, day, loaded = view.lang, view.day, view.loaded
    wanted = _unit_names(loaded, unit, lang) if unit is not None else None
    states = targets_as_of(loaded.plan, day, units=wanted)
    if view.fmt == "json":
        echo_data(to_json([target_record(state) for state in states]))
        return
    if view.fmt in TABULAR:
        rows = [target_row(state, lang) for state in states]
        _tabular(view, rows, TARGET_COLUMNS, label("report.targets", lang))
        return
    title = label("title.targets", lang, as_of=dmy(day))
    if unit is not None:
        title += f" · {unit}"
    counts = {status: sum(s.status == status for s in states) for status in (MET, BELOW, NO_DATA)}
    summary = ""
    if states:
        start, end = states[0].window
        summary = label(
            "targets.summary",
            lang,
            met=counts[MET],
            below=counts[BELOW],
            no_data=counts[NO_DATA],
            start=dmy(start),
            end=dmy(end),
        )
    else:
        summary = label("targets.none", lang)
    if view.fmt == "md":
        echo_data(md_document(title, [targets_markdown(states, lang)] if states else [], [summary]))
        return
    console = _console()
    parts: list[object] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    if states:
        parts.append(targets_table(states, lang, console.width))
    parts.append((summary, "dim"))
    _emit(console, parts)


def _unit_names(loaded: Loaded, typed: str, lang: str) -> frozenset[str]:
    """The names of the targets' units that stand for the unit typed (its canonical name and
    the other names it is known by)."""
    entry = _resolve_unit(loaded, typed, lang)
    names = {entry.name}
    for target in loaded.plan.targets:
        if target.unit is not None:
            found = loaded.index.lookup(target.unit.value)
            if found is not None and found.entry.name == entry.name:
                names.add(target.unit.value)
    return frozenset(names)
