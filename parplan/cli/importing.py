"""``parplan import``: a decision's appendix table (text or Word) → a plan file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.cli.app import LangOption, _fail, app, echo_data, parse_user_date, today
from parplan.render.i18n import label, language


@app.command("import")
def import_command(
    source: Annotated[
        Path,
        typer.Argument(help="Quyết định: Word (.docx, .doc), PDF có lớp chữ, hoặc văn bản."),
    ],
    out: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--out", help="Tệp kế hoạch sẽ ghi (mặc định: in ra màn hình)."),
    ] = None,
    units: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--units", help="Danh mục đơn vị để đối chiếu tên (mặc định: units.yaml cạnh --out)."
        ),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", help="Năm của kế hoạch (mặc định: đọc từ quyết định)."),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="Kế hoạch nhiều năm, dạng 2026-2030."),
    ] = None,
    title: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--title", help="Tên kế hoạch (mặc định: đọc từ văn bản)."),
    ] = None,
    decision: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--decision", help="Số, ký hiệu quyết định (mặc định: đọc từ văn bản)."),
    ] = None,
    issued: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--issued", help="Ngày ban hành, YYYY-MM-DD hoặc DD/MM/YYYY."),
    ] = None,
    accept_aliases: Annotated[
        bool,
        typer.Option(
            "--accept-aliases",
            help="Ghi các tên đơn vị lạ làm tên gọi khác của đơn vị gần nhất trong danh mục.",
        ),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Nhập bảng phụ lục của một quyết định thành tệp kế hoạch.

    Import a decision's appendix table as a plan in the canonical layout: Word (.docx; .doc
    through LibreOffice), PDF with a text layer, or text (a legal portal's page, a Markdown
    pipe table, tab-separated or CSV). The header (title, decision, date, year or period) is
    read from the document; --title, --decision, --issued, --year, --period override it. The
    import report goes to stderr, each line located in the source. A deadline the grammar
    cannot read is kept word for word (warning deadline-unread). Exit 0 when the plan was
    written and passes validate, 1 when no table can be read or the plan has errors (unknown
    units: see --accept-aliases). Without --units and with no units.yaml beside --out, a new
    units.yaml listing every name found is written beside the plan.

    Ví dụ / example:  parplan import qd-2026.docx --out data/plan-2026.yaml --units data/units.yaml
    """
    import re

    from parplan.cli.ledger import _message
    from parplan.io.errors import LedgerError
    from parplan.io.files import write_atomic
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
    for path in (out, new_units):  # import never overwrites a file
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
    written = out
    try:
        # The aliases first: a plan is never written naming units its registry lacks.
        if result.units_text is not None and units is not None:  # aliases accepted
            written = units
            if units.read_text(encoding="utf-8-sig") != units_text:  # changed meanwhile: keep it
                raise _fail(label("import.changed", lang, file=units), 1)
            write_atomic(units, result.units_text.encode("utf-8"), expected=units_raw)
        written = out
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(out, result.plan_text.encode("utf-8"))
        if result.units_text is not None and new_units is not None:
            written = new_units
            write_atomic(new_units, result.units_text.encode("utf-8"))
    except LedgerError as error:
        raise _fail(_message(error, lang), error.exit_code) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(label("ledger.io", lang, file=written, reason=reason), 1) from None
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


def header_line(result: object, lang: str) -> str:
    """What the import wrote in the plan's header: title, decision, date, issuer, years."""
    from parplan.core.text import printable
    from parplan.io.importer import ImportResult
    from parplan.render.i18n import show_value

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
