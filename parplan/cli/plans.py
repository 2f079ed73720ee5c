"""Commands of the parplan CLI: several plans — ``plans``, ``carry``, ``init``. Registered on
the app of ``parplan.cli.app``.

The work is done by ``parplan.io.plans`` (finding and choosing plans), ``parplan.io.carry`` (carrying
items from one plan to the next) and ``parplan.io.scaffold`` (a new repository).

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from parplan.cli.app import (
    AsOfOption,
    LangOption,
    UnitsOption,
    _fail,
    _units_path,
    app,
    parse_user_date,
    today,
)
from parplan.core.text import is_number
from parplan.render.i18n import day_text, label, language

if TYPE_CHECKING:
    from parplan.io.plans import Found


def _repository_plans(lang: str) -> Found:
    """Every plan of the repository found from the working directory (exit 2 when none)."""
    from parplan.io.plans import PlanChoiceError, discover

    try:
        return discover(Path.cwd(), today())
    except PlanChoiceError as error:
        raise _fail(label(error.key, lang, **error.values), 2) from None


@app.command("plans")
def plans_command(
    as_of: AsOfOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="plans.format")] = "table",
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan plans``; its --help, in both languages, is ``help_text.HELP["plans"]``."""
    from parplan.checks.rules import validate as run_validate
    from parplan.query.status import STATUSES, rows_as_of
    from parplan.render.formats import to_json
    from parplan.render.views import status_summary

    lang = language(lang)
    if output_format not in ("table", "json"):
        raise _fail(label("error.format", lang, value=output_format, choices="table, json"), 2)
    day = parse_user_date(as_of, lang) if as_of else today()
    found = _repository_plans(lang)
    records: list[dict[str, Any]] = []
    cells = []
    for plan_file in found.plans:
        loaded = run_validate(plan_file.path, _units_path(plan_file.path, units), today=today())
        rows = rows_as_of(loaded.plan.items, day, index=loaded.index) if not loaded.errors else []
        counts = {status: sum(1 for r in rows if r.status == status) for status in STATUSES}
        chosen = plan_file.path == found.chosen.path
        records.append(
            {
                "file": plan_file.path.as_posix(),
                "decision": loaded.plan.info.decision or plan_file.decision or None,
                "period": plan_file.period or None,
                "items": len(loaded.plan.items),
                "valid": not loaded.errors,
                "statuses": counts if not loaded.errors else None,
                "default": chosen,
            }
        )
        if loaded.errors:
            summary = label("plans.invalid", lang, file=plan_file.path.as_posix())
        else:
            summary = status_summary(rows, lang)[0] if len(rows) > 1 else "—"
            if len(rows) == 1:
                summary = "1 " + status_summary(rows, lang)[0]
        cells.append(
            [
                ("* " if chosen else "  ") + plan_file.path.as_posix(),
                loaded.plan.info.decision or plan_file.decision,
                plan_file.period,
                str(len(loaded.plan.items)),
                summary,
            ]
        )
    if output_format == "json":
        typer.echo(to_json({"as_of": day.isoformat(), "plans": records}))
        return
    from parplan.cli.output import emit as _emit
    from parplan.cli.output import make_console as _console
    from parplan.render.layout import Col, grid

    console = _console()
    cols = [
        Col(label("plans.col.file", lang)),
        Col(label("plans.col.decision", lang)),
        Col(label("plans.col.period", lang)),
        Col(label("plans.col.items", lang), justify="right"),
        Col(label("plans.col.statuses", lang), flex=True, lines=3, least=12),
    ]
    parts: list[Any] = [(label("plans.title", lang, as_of=day_text(day, lang)), "bold")]
    parts.append(grid(cols, cells, console.width))
    parts.append((label("plans.default", lang), "dim"))
    _emit(console, parts)


# ---------------------------------------------------------------------------------------------
# carry


def _plan_of(value: str, lang: str) -> tuple[Path, tuple[int, int]]:
    """A plan named by --from/--to: a year (the repository's plan of that year) or a file.
    Returns the path and its (first, last) years."""
    from parplan.io.plans import PlanChoiceError, choose_plan, read_header

    text = value.strip()
    if is_number(text) and len(text) == 4:
        found = _repository_plans(lang)
        try:
            chosen = choose_plan(list(found.plans), today(), int(text))
        except PlanChoiceError as error:
            raise _fail(label(error.key, lang, **error.values), 2) from None
    else:
        path = Path(text)
        if not path.is_file():
            raise _fail(label("carry.no-file", lang, file=text), 2)
        chosen = read_header(path)
    if chosen.first_year is None:
        raise _fail(label("carry.no-period", lang, file=chosen.path.as_posix()), 1)
    return chosen.path, (chosen.first_year, chosen.last_year or chosen.first_year)


@app.command("carry")
def carry_command(
    ids: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[ID]...",
            help="carry.ids",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        str,
        typer.Option("--from", help="carry.from"),
    ] = "",
    target: Annotated[
        str,
        typer.Option("--to", help="carry.to"),
    ] = "",
    on: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--on", help="carry.on"),
    ] = None,
    deadline: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--deadline",
            help="carry.deadline",
        ),
    ] = None,
    undo: Annotated[
        bool,
        typer.Option("--undo", help="carry.undo"),
    ] = False,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan carry``; its --help, in both languages, is ``help_text.HELP["carry"]``."""
    from parplan.cli.ledger import _run
    from parplan.io import carry

    lang = language(lang)
    if not source or not target:
        raise _fail(label("carry.need", lang), 2)
    now = today()
    day = parse_user_date(on, lang) if on is not None else now  # "" is no day
    old_path, old_years = _plan_of(source, lang)
    new_path, new_years = _plan_of(target, lang)
    if new_years[0] < old_years[0]:
        raise _fail(label("carry.backwards", lang, old=old_path, new=new_path), 2)
    units_path = _units_path(new_path, units)
    if undo:
        result = _run(
            lambda: carry.uncarry(old_path, new_path, units_path, ids or [], today=now), lang
        )
        _echo_repaired(result, old_path, lang)
        if not result.repaired:
            typer.echo(label("carry.undone", lang, n=len(result.pairs), old=old_path, new=new_path))
    else:
        result = _run(
            lambda: carry.carry(
                old_path,
                new_path,
                units_path,
                ids or [],
                on=day,
                today=now,
                deadline=deadline,
                periods=(old_years, new_years),
            ),
            lang,
        )
        _echo_repaired(result, old_path, lang)
        typer.echo(
            label(
                "carry.done",
                lang,
                n=len(result.pairs),
                old=old_path,
                new=new_path,
                on=day_text(day, lang),
            )
        )
    for old_id, new_id in result.pairs:
        typer.echo(f"  {old_id} → {new_id}")
    for change in result.changes:
        typer.echo(
            label(
                "carry.lines",
                lang,
                file=change.path,
                added=len(change.added),
                removed=len(change.removed),
            )
        )
    if not undo:
        typer.echo(label("carry.undo-hint", lang, source=source, target=target))


def _echo_repaired(result: Any, old_path: Path, lang: str) -> None:
    """What was taken back of an interrupted carry or undo before this run (issue 19)."""
    if not result.repaired:
        return
    typer.echo(label("carry.repaired", lang))
    for path, item_id in result.repaired:
        key = "carry.repaired-mark" if path == old_path else "carry.repaired-task"
        typer.echo(label(key, lang, file=path, id=item_id))


# ---------------------------------------------------------------------------------------------
# init


@app.command("init")
def init_command(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="init.directory", show_default=False)
    ],
    agency: Annotated[str, typer.Option("--agency", help="init.agency")] = "",
    source: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--from", help="init.from"),
    ] = None,
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--year", min=1900, max=2999, help="init.year"),
    ] = None,
    decision: Annotated[str, typer.Option("--decision", help="init.decision")] = "Dự thảo",
    lang: LangOption = None,
) -> None:
    """``parplan init``; its --help, in both languages, is ``help_text.HELP["init"]``."""
    from parplan.io.scaffold import ScaffoldError, check_free, scaffold, write
    from parplan.render.json_schema import schema_text

    lang = language(lang)
    agency = " ".join(agency.split())
    if not agency:
        raise _fail(label("init.agency", lang), 2)
    plan_year = year if year is not None else today().year
    schemas = (schema_text("plan"), schema_text("units"))
    layout = scaffold(agency, plan_year, decision, schemas=schemas)
    try:
        if source is not None:  # read first, write nothing: the files are written together below
            plan_file, texts = _import_into(directory, source, year, lang)
            layout = scaffold(
                agency, plan_year, decision, plan_file=plan_file, imported=texts, schemas=schemas
            )
        check_free(directory, layout)
        written = write(directory, layout)
    except ScaffoldError as error:
        raise _fail(label(error.key, lang, **error.values), 2) from None
    except OSError as error:
        where = error.filename or directory
        raise _fail(label("init.io", lang, file=where, reason=error.strerror or error), 1) from None
    typer.echo(label("init.done", lang, dir=directory, agency=agency))
    for path in sorted(written, key=lambda p: p.as_posix()):
        typer.echo(f"  {path.relative_to(directory).as_posix()}")
    typer.echo(label("init.next", lang, dir=directory))


def _import_into(
    directory: Path, source: Path, year: int | None, lang: str
) -> tuple[str, tuple[str, str]]:
    """Read the decision ``source`` with ``parplan import``'s importer, writing nothing: the
    plan file's name (``plan-2026.yaml``, ``plan-2026-2030.yaml``: the imported plan's year or
    period) and the texts of the plan and of its units file (every unit named). ``init``
    writes them with the rest of the repository, the units file first."""
    import yaml

    from parplan.io.importer import Options, TableError, import_table, read_table
    from parplan.io.plans import header_years
    from parplan.render.report import format_diagnostics

    if not source.is_file():
        raise _fail(label("carry.no-file", lang, file=source), 2)
    units = directory / "data" / "units.yaml"
    options = Options(year=year, units_file=str(units), today=today())
    try:
        result = import_table(str(source), read_table(source), options)
    except TableError as error:
        typer.echo(format_diagnostics([error.diagnostic], "text", lang), err=True)
        raise _fail(label("init.import-failed", lang, source=source), 1) from None
    if result.report:  # the import report: inherited cells, unknown deadlines…
        typer.echo(format_diagnostics(result.report, "text", lang), err=True)
    if result.plan_text is None:
        raise _fail(label("init.import-failed", lang, source=source), 1)
    name = f"plan-{year}.yaml" if year is not None else "plan-import.yaml"
    if year is None:  # the importer's own output: plain YAML, no tags or aliases
        header = (yaml.safe_load(result.plan_text) or {}).get("plan")
        years = header_years(header) if isinstance(header, dict) else None
        if years is not None:
            name = (
                f"plan-{years[0]}.yaml"
                if years[0] == years[1]
                else "plan-{}-{}.yaml".format(*years)
            )
    return name, (result.plan_text, result.units_text or "units: []\n")
