"""Commands of the parplan CLI: the reporting cycle. Registered on the app of ``parplan.cli.app``.

``report`` writes the periodic CCHC report (Markdown, Word, HTML, Excel or JSON) from the plan
and its reporting calendar; ``ics`` writes the milestones a unit owes as an iCalendar file;
``log`` and ``late`` record a work-log entry and the reason a milestone is late. The content
lives in the library (``parplan.query.reporting``, ``parplan.render.ics``, ``parplan.io.worklog``); these
commands parse options, call it and pick the renderer.

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
    PlanOption,
    UnitsOption,
    _complete_unit,
    _fail,
    _load_valid,
    _resolve_unit,
    _units_path,
    app,
    echo_data,
    parse_user_date,
    refuse_data_output,
    today,
)
from parplan.core.model import Unit
from parplan.core.text import fold
from parplan.render.i18n import label, language

REPORT_FORMATS = ("md", "docx", "html", "xlsx", "json")
BINARY = ("docx", "xlsx")

UnitFilter = Annotated[
    Optional[str],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--unit",
        "-u",
        help="unit-filter",
        autocompletion=_complete_unit,
    ),
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="output"),
]


def _write(data: bytes | str, output: Path | None, lang: str) -> None:
    """Write to ``output`` atomically, or text to standard output."""
    if output is None:
        echo_data(data if isinstance(data, str) else data.decode("utf-8"))
        return
    from parplan.io.files import write_atomic

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        new = not output.exists()
        write_atomic(output, raw)
        if new:  # a new file gets the usual permissions, not those of a private temporary
            import os

            mask = os.umask(0)
            os.umask(mask)
            os.chmod(output, 0o666 & ~mask)
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(label("ledger.io", lang, file=str(output), reason=reason), 1) from None
    typer.echo(label("report.written", lang, file=str(output)), err=True)


@app.command()
def report(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="report.period",
        ),
    ],
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--year",
            min=1900,
            max=2999,
            is_eager=True,  # read by --plan's callback, as every command's --year
            help="report.year",
        ),
    ] = None,
    unit: UnitFilter = None,
    output_format: Annotated[
        str,
        typer.Option("--format", "-f", help="report.format"),
    ] = "md",
    output: OutputOption = None,
    as_of: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--as-of",
            help="report.as-of",
        ),
    ] = None,
    number: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--number",
            help="report.number",
        ),
    ] = None,
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan report``; its --help, in both languages, is ``help_text.HELP["report"]``."""
    from parplan.core.periods import find_period
    from parplan.query.reporting import build_report

    lang = language(lang)
    if output_format not in REPORT_FORMATS:
        choices = ", ".join(REPORT_FORMATS)
        raise _fail(label("error.format", lang, value=output_format, choices=choices), 2)
    if output_format in BINARY and output is None:
        raise _fail(label("report.error.format", lang, value=output_format), 2)
    if number is not None:
        # Nghị định 30/2020/NĐ-CP, Phụ lục I: numbers start at 01, a 0 before those below 10
        if not re.fullmatch(r"[0-9]{1,9}", number.strip()) or int(number) == 0:
            raise _fail(label("report.error.number", lang, value=number), 2)
        number = f"{int(number):02d}"
    if output is not None:
        refuse_data_output(output, [plan, _units_path(plan, units)], lang)
    day = parse_user_date(as_of, lang) if as_of else None
    loaded = _load_valid(plan, units, lang)
    calendar = loaded.plan.info.reporting
    if calendar is None:
        raise _fail(label("report.error.no-calendar", lang, file=str(plan)), 2)
    chosen = find_period(calendar, period)
    if chosen is None:
        choices = ", ".join(p.key for p in calendar.periods)
        raise _fail(label("report.error.period", lang, value=period, choices=choices), 2)
    entry = _resolve_unit(loaded, unit, lang) if unit is not None else None
    content = build_report(
        loaded.plan,
        loaded.index,
        calendar,
        chosen,
        year or loaded.plan.info.year,
        day,
        entry,
        number,
    )
    if output_format == "json":
        from parplan.render.report_text import report_json

        _write(report_json(content), output, lang)
    elif output_format == "md":
        from parplan.render.report_text import report_markdown

        _write(report_markdown(content, lang), output, lang)
    elif output_format == "docx":
        from parplan.render.report_docx import report_docx

        _write(report_docx(content, lang), output, lang)
    elif output_format == "html":
        from parplan.render.report_html import report_html

        _write(report_html(content, loaded.plan, lang), output, lang)
    else:
        from parplan.render.report_xlsx import report_xlsx

        _write(report_xlsx(content, lang), output, lang)


@app.command()
def ics(
    unit: UnitFilter = None,
    role: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--role", help="ics.role"),
    ] = None,
    from_day: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--from", help="ics.from"),
    ] = None,
    to_day: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--to", help="ics.to"),
    ] = None,
    remind: Annotated[
        int,
        typer.Option("--remind", min=0, max=366, help="ics.remind"),
    ] = 7,
    open_only: Annotated[bool, typer.Option("--open", help="ics.open")] = False,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan ics``; its --help, in both languages, is ``help_text.HELP["ics"]``."""
    from datetime import datetime, timezone

    from parplan.cli.views import ROLES
    from parplan.render.ics import calendar_ics, owed

    lang = language(lang)
    role_key = None
    if role is not None:
        role_key = ROLES.get(fold(role))
        if role_key is None:
            raise _fail(label("error.role", lang, value=role), 2)
        if unit is None:
            raise _fail(label("error.role.unit", lang), 2)
    start = parse_user_date(from_day, lang) if from_day else None
    end = parse_user_date(to_day, lang) if to_day else None
    if start is not None and end is not None and start > end:
        raise _fail(label("error.range", lang, start=start, end=end), 2)
    if output is not None:
        refuse_data_output(output, [plan, _units_path(plan, units)], lang)
    day = parse_user_date(as_of, lang) if as_of else today()
    loaded = _load_valid(plan, units, lang)
    entry = _resolve_unit(loaded, unit, lang) if unit is not None else None
    if isinstance(entry, Unit):  # as in the views: a merged unit's old name, its successor's
        entry = loaded.index.successor_on(entry, day)
    events = owed(loaded.plan, loaded.index, day, entry, role_key, start, end, open_only)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    named = loaded.index.display_name(entry.name, day) if entry is not None else None
    name = f"{loaded.plan.info.title} — {named}" if named is not None else None
    _write(calendar_ics(loaded.plan, events, stamp, lang, remind, name), output, lang)


ItemArgument = Annotated[str, typer.Argument(metavar="ID", help="worklog.item")]


@app.command("log")
def log_command(
    item: ItemArgument,
    text: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--text", "-t", help="log.text"),
    ] = None,
    on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--on", help="on"),
    ] = None,
    unit: UnitFilter = None,
    evidence: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--evidence", "-e", help="log.evidence"),
    ] = None,
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan log``; its --help, in both languages, is ``help_text.HELP["log"]``."""
    from parplan.cli.ledger import _print_change, _run, _unit_name
    from parplan.io import worklog

    lang = language(lang)
    now = today()
    day = parse_user_date(on, lang) if on is not None else now  # "" is no day
    name = _unit_name(plan, units, unit, lang)
    change = _run(
        lambda: worklog.record_log(
            plan,
            _units_path(plan, units),
            item,
            on=day,
            text=text,
            unit=name,
            evidence=evidence,
            today=now,
        ),
        lang,
    )
    _print_change(change, now, lang)


@app.command()
def late(
    item: ItemArgument,
    reason: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--reason", "-r", help="late.reason"),
    ] = None,
    milestone: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--milestone", "-m", help="late.milestone"),
    ] = None,
    unit: UnitFilter = None,
    on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--on", help="on"),
    ] = None,
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan late``; its --help, in both languages, is ``help_text.HELP["late"]``."""
    from parplan.cli.ledger import _print_change, _run, _unit_name
    from parplan.io import worklog

    lang = language(lang)
    now = today()
    day = parse_user_date(on, lang) if on is not None else now  # "" is no day
    name = _unit_name(plan, units, unit, lang)
    change = _run(
        lambda: worklog.record_late(
            plan,
            _units_path(plan, units),
            item,
            reason=reason,
            today=now,
            milestone=milestone,
            unit=name,
            on=day,
        ),
        lang,
    )
    _print_change(change, now, lang, _units_path(plan, units), name)
