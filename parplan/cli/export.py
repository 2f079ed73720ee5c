"""``parplan export``: every plan into one SQLite database, to serve with Datasette.

Registered on the app of ``parplan.cli.app`` (see ``COMMANDS`` there). The work is done by
``parplan.io.export``; sqlite-utils is imported only when this command runs.

Lazy imports: the command imports what it uses inside its function: this module is imported
to build the command for its ``--help``, for shell completion and for a misspelt command's
suggestions, none of which runs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.cli import aside
from parplan.cli.app import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
    UnitsOption,
    _fail,
    _load_valid,
    _units_path,
    app,
    parse_user_date,
    refuse_data_output,
    refuse_unnamed_link,
    today,
)
from parplan.render.i18n import label, language


@app.command("export")
def export_command(
    sqlite: Annotated[
        Path,
        typer.Option("--sqlite", help="export.sqlite"),
    ],
    plans: Annotated[
        Optional[list[Path]],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
        typer.Option(
            "--plan",
            help="export.plan",
        ),
    ] = None,
    as_of: AsOfOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan export``; its --help, in both languages, is ``help_text.HELP["export"]``."""
    import os

    lang = language(lang)
    day = parse_user_date(as_of, lang) if as_of else today()
    paths = list(plans or [])
    if not paths:
        if os.environ.get("PARPLAN_PLAN"):
            paths = [Path(os.environ["PARPLAN_PLAN"])]
        else:
            paths = sorted(DEFAULT_PLAN.parent.glob("plan*.yaml"))
    if not paths:
        raise _fail(label("export.no-plans", lang, folder=DEFAULT_PLAN.parent), 2)
    if not sqlite.name:  # "", "." or "/": a folder (metadata.json beside it has no name either)
        raise _fail(label("error.output.special", lang, file=sqlite), 2)
    # A plan named twice (under any spelling) is exported once: its ID would be there twice.
    unique: dict[str, Path] = {}
    for path in paths:
        unique.setdefault(os.path.realpath(path), path)
    paths = list(unique.values())
    # Two files of the same name would be one plan in the database (its ID is the file's stem).
    named: dict[str, Path] = {}
    for path in paths:
        other = named.setdefault(path.stem, path)
        if other is not path:
            raise _fail(label("export.same-name", lang, first=other, second=path, id=path.stem), 2)
    read = [file for path in paths for file in (path, _units_path(path, units))]
    refuse_unnamed_link(sqlite.with_name("metadata.json"), sqlite, lang)
    for output in (sqlite, sqlite.with_name("metadata.json")):
        refuse_data_output(output, read, lang)
    # issue 23, seventh round: the child process that stores the rows is made before the plans
    # are loaded: it shares no page of the model, which this process would copy as it reads it.
    from parplan.io import export_writer  # lazy: only the export makes one

    writer = export_writer.start() if aside.may_fork() else None
    try:
        loaded = [_load_valid(path, units, lang) for path in paths]
        from parplan.io.export import export_sqlite

        try:
            written = export_sqlite(loaded, sqlite, day, writer=writer)  # (ends the writer)
        except OSError as error:
            reason = error.strerror or str(error)
            metadata = sqlite.with_name("metadata.json")
            path = metadata if error.filename == str(metadata) else sqlite
            raise _fail(label("export.unwritable", lang, path=path, reason=reason), 1) from None
    finally:
        # review8: ended whatever stops the command before ``export_sqlite`` ends it (a failed
        # load; Ctrl-C while the plans load or the export's module is imported); else nothing.
        if writer is not None:
            writer.abandon()
    typer.echo(
        label(
            "export.done",
            lang,
            database=written.database,
            plans=written.counts["plans"],
            items=written.counts["items"],
            milestones=written.counts["milestones"],
            as_of=day,  # dd/mm/yyyy in Vietnamese, ISO in English (issue 18)
            metadata=written.metadata,
        ),
        err=True,
    )
