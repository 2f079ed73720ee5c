"""``parplan import``: a decision's appendix table (text or Word) → a plan file.

Lazy imports: the command imports what it uses inside its function: this module is imported
to build the command for its ``--help``, for shell completion and for a misspelt command's
suggestions, none of which runs it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from parplan.cli.app import LangOption, _fail, app, echo_data, parse_user_date, today
from parplan.core.text import printable
from parplan.render.i18n import label, language, show_value

if TYPE_CHECKING:
    from parplan.io.importer import ImportResult


@app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="import.source")],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="import.out"),
    ] = None,
    units: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--units", help="import.units"),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", help="import.year"),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="import.period"),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--title", help="import.title"),
    ] = None,
    decision: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--decision", help="import.decision"),
    ] = None,
    issued: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--issued", help="import.issued"),
    ] = None,
    accept_aliases: Annotated[
        bool,
        typer.Option(
            "--accept-aliases",
            help="import.accept-aliases",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """``parplan import``; its --help, in both languages, is ``help_text.HELP["import"]``."""
    import re

    from parplan.cli.ledger import _message
    from parplan.io.errors import LedgerError
    from parplan.io.importer import Options, TableError, import_table, read_table
    from parplan.io.loader import load_registry
    from parplan.render.report import format_diagnostics

    lang = language(lang)
    span = None
    if period is not None:
        m = re.fullmatch(r"\s*(\d{4})\s*[-–—]\s*(\d{4})\s*", period)
        if m is None or int(m[1]) > int(m[2]):
            raise _fail(label("error.format", lang, value=period, choices="YYYY-YYYY"), 2)
        span = (int(m[1]), int(m[2]))
    if year is not None and not 1900 <= year <= 2999:
        raise _fail(label("error.format", lang, value=year, choices="YYYY"), 2)
    issued_day = parse_user_date(issued, lang) if issued is not None else None
    title, decision = (
        " ".join(value.split()) if value is not None else None for value in (title, decision)
    )
    if title == "" or decision == "":
        raise _fail(label("error.format", lang, value='""', choices="--title/--decision"), 2)
    if units is None and out is not None and (out.parent / "units.yaml").is_file():
        units = out.parent / "units.yaml"
    new_units = out.parent / "units.yaml" if out is not None and units is None else None
    for path in (out, new_units):  # import never overwrites a file, nor writes through a link
        if path is not None and os.path.islink(path):
            raise _fail(label("import.link", lang, file=path), 1)
        if path is not None and path.exists():
            raise _fail(label("import.exists", lang, file=path), 1)
    registry = units_text = units_raw = None
    if units is not None:
        registry, problems = load_registry(units)
        errors = [d for d in problems if d.severity == "error"]
        if errors:
            typer.echo(format_diagnostics(errors, "text", lang), err=True)
            raise typer.Exit(1)
        units_text = units.read_text(encoding="utf-8-sig")
        units_raw = units.read_bytes()
    options = Options(
        year=year,
        period=span,
        registry=registry,
        units_text=units_text,
        units_file=str(units or new_units or "units.yaml"),
        accept_aliases=accept_aliases,
        today=today(),
        title=title,
        decision=decision,
        issued=issued_day,
    )
    try:
        result = import_table(str(source), read_table(source), options)
    except TableError as error:
        typer.echo(format_diagnostics([error.diagnostic], "text", lang), err=True)
        raise typer.Exit(1) from None
    if result.report:
        typer.echo(format_diagnostics(result.report, "text", lang), err=True)
    assert result.plan_text is not None
    aliases = result.units_text is not None and units is not None
    if aliases and units is not None and units.read_text(encoding="utf-8-sig") != units_text:
        raise _fail(label("import.changed", lang, file=units), 1)
    from parplan.io.files import NameTaken, locked

    try:
        if out is not None:  # the folder of both new files (the units file is beside the plan)
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # named as the file that cannot be written
                raise OSError(error.errno, error.strerror or str(error), str(out)) from error
        # Under --out's lock: an import that read the units file another one had just written,
        # before that one wrote its plan, waits for it to finish (and then loses the plan).
        with locked(out) if out is not None else contextlib.nullcontext():
            _write_outputs(result, out, units, units_raw, new_units)
    except NameTaken as error:  # another import took the name first: it keeps it
        raise _fail(label("import.taken", lang, file=error.filename or out), 1) from None
    except LedgerError as error:
        raise _fail(_message(error, lang), error.exit_code) from None
    except OSError as error:
        reason = error.strerror or str(error)
        where = error.filename or out
        raise _fail(label("ledger.io", lang, file=where, reason=reason), 1) from None
    if out is None:
        echo_data(result.plan_text)
    if result.units_text is not None and new_units is not None:
        count = result.units_text.count("- name:")
        typer.echo(label("import.units", lang, file=new_units, count=count), err=True)
    if result.header is not None:
        typer.echo(header_line(result, lang), err=True)
    typer.echo(
        label(
            "import.report",
            lang,
            source=source,
            rows=result.rows,
            items=result.items,
            inherited=result.inherited,
            unknown=result.unknown_units,
            deadlines=result.deadline_problems,
            unread=result.unread_deadlines,
            out=out if out is not None else "stdout",
        ),
        err=True,
    )
    if out is not None:
        from parplan.checks.rules import validate

        loaded = validate(out, units or out.parent / "units.yaml", today=today())
        if loaded.errors:
            typer.echo(format_diagnostics(loaded.errors, "text", lang), err=True)
            raise typer.Exit(1)
    elif result.unknown_units or result.deadline_problems:
        raise typer.Exit(1)


def _write_outputs(
    result: ImportResult,
    out: Path | None,
    units: Path | None,
    units_raw: bytes | None,
    new_units: Path | None,
) -> None:
    """Write what the import made (issue 19), the registry before the plan, so that a plan
    never exists without the units it names: the aliases accepted into ``units`` (replaced
    atomically, unless changed meanwhile), or the new ``new_units``; then the plan ``out``.
    New files are created exclusively (``files.create_new``): of two imports racing to one
    ``--out``, the second gets ``FileExistsError`` and what it wrote is taken back, so each
    plan keeps its own units file. A run killed after the units file and before the plan
    leaves a registry a rerun uses to finish. Called under ``--out``'s lock, in its folder."""
    from parplan.io.files import NameTaken, create_new, write_atomic

    assert result.plan_text is not None
    undo: list[tuple[Path, bytes | None, bytes]] = []  # (path, bytes before or None, ours)
    current = out
    try:
        if result.units_text is not None and units is not None:  # aliases accepted
            current, ours = units, result.units_text.encode("utf-8")
            write_atomic(units, ours, expected=units_raw)
            undo.append((units, units_raw, ours))
        if result.units_text is not None and new_units is not None:
            current, ours = new_units, result.units_text.encode("utf-8")
            new_units.parent.mkdir(parents=True, exist_ok=True)
            create_new(new_units, ours)
            undo.append((new_units, None, ours))
        if out is not None:
            current = out
            create_new(out, result.plan_text.encode("utf-8"))
    except OSError as error:
        _take_back(undo)
        if isinstance(error, NameTaken) or current is None:
            raise
        raise OSError(error.errno, error.strerror or str(error), str(current)) from error
    except BaseException:
        _take_back(undo)
        raise


def _take_back(undo: list[tuple[Path, bytes | None, bytes]]) -> None:
    """Put back what an import that lost its race wrote: the units file as it was, or gone."""
    from parplan.io.files import write_atomic

    for path, before, ours in reversed(undo):
        with contextlib.suppress(Exception):
            if before is not None:
                write_atomic(path, before, expected=ours)
            elif path.read_bytes() == ours:
                path.unlink()


def header_line(result: object, lang: str) -> str:
    """What the import wrote in the plan's header: title, decision, date, issuer, years."""
    from parplan.io.importer import ImportResult

    assert isinstance(result, ImportResult) and result.header is not None
    header = result.header
    issued = show_value(header.issued, lang) if header.issued is not None else "?"
    issuer = f" ({header.issuer})" if header.issuer else ""
    return printable(
        label(
            "import.header",
            lang,
            title=header.title,
            decision=header.decision,
            issued=issued,
            issuer=issuer,
            years=result.years,
        )
    )
