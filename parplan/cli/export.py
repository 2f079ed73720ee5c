"""``parplan export``: every plan into one SQLite database, to serve with Datasette.

Registered on the app of ``parplan.cli.app`` (see ``COMMANDS`` there). The work is done by
``parplan.io.export``; sqlite-utils is imported only when this command runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
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
        typer.Option("--sqlite", help="Tệp SQLite để ghi (được thay thế trọn vẹn) / the database."),
    ],
    plans: Annotated[
        Optional[list[Path]],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
        typer.Option(
            "--plan",
            help="Tệp kế hoạch, có thể nhắc lại; mặc định mọi plan*.yaml trong data/ "
            "(hoặc $PARPLAN_PLAN).",
        ),
    ] = None,
    as_of: AsOfOption = None,
    lang: LangOption = None,
) -> None:
    """Xuất các kế hoạch ra một cơ sở dữ liệu SQLite, kèm metadata.json cho Datasette.

    Export every plan given (default: every plan*.yaml in data/, or $PARPLAN_PLAN) into one
    SQLite database: tables plans, items, milestones (due and status as of --as-of, default
    today), units, item_units (each unit answering for an item, with its role, through groups),
    progress, and full-text search on the items' texts. Each plan is checked first (with the
    units.yaml beside it); a plan with errors stops the export (exit 1). The database is built
    beside the destination and renamed over it; metadata.json (titles, column descriptions,
    canned queries) is written beside it. Serve it read-only with
    `datasette plans.db --metadata metadata.json`.

    Ví dụ / example:  parplan export --sqlite plans.db --plan data/plan-2025.yaml
    """
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
    read = [file for path in paths for file in (path, _units_path(path, None))]
    refuse_unnamed_link(sqlite.with_name("metadata.json"), sqlite, lang)
    for output in (sqlite, sqlite.with_name("metadata.json")):
        refuse_data_output(output, read, lang)
    loaded = [_load_valid(path, None, lang) for path in paths]

    from parplan.io.export import export_sqlite

    try:
        written = export_sqlite(loaded, sqlite, day)
    except OSError as error:
        reason = error.strerror or str(error)
        metadata = sqlite.with_name("metadata.json")
        path = metadata if error.filename == str(metadata) else sqlite
        raise _fail(label("export.unwritable", lang, path=path, reason=reason), 1) from None
    typer.echo(
        label(
            "export.done",
            lang,
            database=written.database,
            plans=written.counts["plans"],
            items=written.counts["items"],
            milestones=written.counts["milestones"],
            as_of=day.isoformat(),
            metadata=written.metadata,
        ),
        err=True,
    )
