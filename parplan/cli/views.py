"""Commands of the parplan CLI: views. Registered on the app of ``parplan.cli.app``.

Each command parses its options (``_open``: usage errors first, then the data, then the unit,
resolved once), asks the library for the view's answer (``query.queries``) and writes it
(``cli.output.write``, through ``render.outputs``'s table of renderers): no command branches on
the format itself.

What the units open every week: ``due`` (what is late and what comes next), its two halves
``overdue`` and ``upcoming``, ``unit`` (one unit's page), ``units`` (every unit at a glance),
``show`` (one item, whole) and ``list`` (items by section, status, unit or words).

Every view takes ``--format table|json|csv|md``: a table for the terminal (no colour when piped),
JSON for scripts (dates ISO, statuses as keys), CSV for Excel (UTF-8 with BOM), Markdown for
reports. ``--as-of`` shows the plan as it stood on a day: progress recorded after it is ignored.

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
    PlanOption,
    UnitsOption,
    YearOption,
    _complete_unit,
    _fail,
    _load_valid,
    _resolve_unit,
    app,
    completion_plan,
    parse_user_date,
    today,
)
from parplan.cli.output import View, write
from parplan.core.model import Unit
from parplan.core.text import fold
from parplan.query.claims import resolve
from parplan.render.i18n import label, language
from parplan.render.outputs import FORMATS

if TYPE_CHECKING:
    from parplan.core.model import Item, Plan

ROLES = {"lead": "lead", "support": "support", "chu tri": "lead", "phoi hop": "support"}

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="view.format",
    ),
]
UnitFilter = Annotated[
    Optional[str],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--unit",
        "-u",
        help="unit-filter",
        autocompletion=_complete_unit,
    ),
]
WithinOption = Annotated[int, typer.Option("--within", "-n", min=0, max=3660, help="within")]
# --limit: on a terminal the first rows only (``cli.output.TERMINAL_LIMIT``); piped, every row.
LimitOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--limit",
        min=0,
        help="limit",
    ),
]
RoleOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--role",
        help="role",
    ),
]


def _complete_item(incomplete: str) -> list[str]:
    from parplan.io.loader import load_plan

    plan, _ = load_plan(completion_plan())
    key = incomplete.upper()
    # In the case typed ("iv.5" → "iv.5.1"): shells keep only what starts with the typed text.
    return [
        incomplete + item.id.value[len(incomplete) :]
        for item in plan.items
        if item.id.value.upper().startswith(key)
    ]


# ---------------------------------------------------------------------------------------------
# What every view does first: check the options, load the plan, resolve the unit


def _open(
    plan: Path,
    units: Path | None,
    lang: str | None,
    output_format: str,
    as_of: str | None,
    unit: str | None = None,
    role: str | None = None,
    role_needs_unit: bool = True,
) -> View:
    """Usage errors first (exit 2), then the data (exit 1), then the unit (exit 2)."""
    lang = language(lang)
    if output_format not in FORMATS:
        raise _fail(label("error.format", lang, value=output_format, choices=", ".join(FORMATS)), 2)
    role_key = None
    if role is not None:
        role_key = ROLES.get(fold(role))
        if role_key is None:
            raise _fail(label("error.role", lang, value=role), 2)
        if unit is None and role_needs_unit:
            raise _fail(label("error.role.unit", lang), 2)
    day = parse_user_date(as_of, lang) if as_of else today()
    # A view of one unit reads only the items that can concern it (the parse cache keeps them).
    loaded = _load_valid(plan, units, lang, unit)
    asked = _resolve_unit(loaded, unit, lang) if unit is not None else None
    entry = asked
    if isinstance(entry, Unit):
        # As of a day on or after a merger, the old name stands for the unit that took it over.
        entry = loaded.index.successor_on(entry, day)
    # The unit resolved once, and passed down to every question about it (issue 22).
    resolved = resolve(loaded.index, entry) if entry is not None else None
    return View(lang, output_format, day, loaded, entry, role_key, asked, resolved)


# ---------------------------------------------------------------------------------------------
# due, overdue, upcoming


def _due_view(view: View, which: str, within: int, limit: int | None = None) -> None:
    from parplan.query.queries import due_view

    loaded = view.loaded
    value = due_view(loaded.plan, loaded.index, view.day, within, view.resolved, view.role, which)
    write(view, "due", value, limit)


@app.command()
def due(
    unit: UnitFilter = None,
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
    limit: LimitOption = None,
) -> None:
    """``parplan due``; its --help, in both languages, is ``help_text.HELP["due"]``."""
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "due", within, limit)


@app.command()
def overdue(
    unit: UnitFilter = None,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
    limit: LimitOption = None,
) -> None:
    """``parplan overdue``; its --help, in both languages, is ``help_text.HELP["overdue"]``."""
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "overdue", 0, limit)


@app.command()
def upcoming(
    unit: UnitFilter = None,
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
    limit: LimitOption = None,
) -> None:
    """``parplan upcoming``; its --help, in both languages, is ``help_text.HELP["upcoming"]``."""
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "upcoming", within, limit)


# ---------------------------------------------------------------------------------------------
# units: every unit at a glance


@app.command("units")
def units_command(
    role: Annotated[
        str,
        typer.Option("--role", help="units.role"),
    ] = "lead",
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
    show_all: Annotated[
        bool,
        typer.Option("--all", help="units.all"),
    ] = False,
) -> None:
    """``parplan units``; its --help, in both languages, is ``help_text.HELP["units"]``."""
    from parplan.query.queries import units_summary

    view = _open(plan, units, lang, output_format, as_of, None, role, role_needs_unit=False)
    assert view.role is not None  # --role has a default
    loaded = view.loaded
    value = units_summary(loaded.plan, loaded.registry, loaded.index, view.day, view.role, show_all)
    write(view, "units", value)


# ---------------------------------------------------------------------------------------------
# unit: one unit's page


@app.command("unit")
def unit_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="UNIT",
            help="unit.name",
            autocompletion=_complete_unit,
            show_default=False,
        ),
    ],
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan unit``; its --help, in both languages, is ``help_text.HELP["unit"]``."""
    from parplan.query.queries import unit_page

    view = _open(plan, units, lang, output_format, as_of, name, role)
    assert view.resolved is not None
    loaded = view.loaded
    value = unit_page(loaded.plan, loaded.index, view.resolved, view.day, within, view.role)
    write(view, "unit", value)


# ---------------------------------------------------------------------------------------------
# show: one item, whole


@app.command()
def show(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="show.item",
            autocompletion=_complete_item,
            show_default=False,
        ),
    ],
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan show``; its --help, in both languages, is ``help_text.HELP["show"]``."""
    from parplan.query.queries import item_view

    view = _open(plan, units, lang, output_format, as_of)
    day, plan_model = view.day, view.loaded.plan
    item = plan_model.find(item_id)
    if item is None and (target := plan_model.target(item_id)) is not None:  # issue 21
        from parplan.query.targets import target_state

        write(view, "target", target_state(plan_model, target, day))
        return
    if item is None and (entry := plan_model.body_entry(item_id)) is not None:  # issue 21
        write(view, "body-entry", entry)
        return
    item = _find_item(plan_model, item_id, view.lang)
    from parplan.io.carry_links import carry_sides

    carried = carry_sides(plan, plan_model, item, day, view.loaded.index)
    write(view, "show", item_view(plan_model, view.loaded.index, item, day, carried))


# ---------------------------------------------------------------------------------------------
# list: items by section, status, unit or words


@app.command("list")
def list_command(
    section: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--section", "-s", help="list.section"),
    ] = None,
    status: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--status",
            help="list.status",
        ),
    ] = None,
    unit: UnitFilter = None,
    role: RoleOption = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--search",
            "-q",
            help="list.search",
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    limit: LimitOption = None,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan list``; its --help, in both languages, is ``help_text.HELP["list"]``."""
    from parplan.query.queries import list_view, section_known
    from parplan.query.status import ALL_STATUSES
    from parplan.render.status_names import status_filter

    lang = language(lang)
    status_keys: tuple[str, ...] = ()
    if status is not None:
        status_keys = status_filter(status)
        if not status_keys:
            choices = ", ".join(ALL_STATUSES)
            raise _fail(label("error.status", lang, value=status, choices=choices), 2)
    view = _open(plan, units, lang, output_format, as_of, unit, role)
    plan_model = view.loaded.plan
    if section is not None and not section_known(plan_model, section):
        choices = ", ".join(s.id.value for s in plan_model.sections)
        raise _fail(label("error.section", lang, value=section, choices=choices), 2)
    value = list_view(
        plan_model,
        view.loaded.index,
        view.day,
        section=section,
        statuses=status_keys,
        status_typed=status,
        unit=view.resolved,
        role=view.role,
        search=search,
    )
    write(view, "list", value, limit)


# ---------------------------------------------------------------------------------------------
# owing: the units that still owe a milestone (issue 8)


@app.command()
def owing(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="owing.item",
            autocompletion=_complete_item,
            show_default=False,
        ),
    ],
    milestone: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--milestone",
            "-m",
            help="owing.milestone",
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan owing``; its --help, in both languages, is ``help_text.HELP["owing"]``."""
    from parplan.io.errors import RequestError
    from parplan.io.ledger import milestone_name, resolve_milestone
    from parplan.query.queries import owing_view

    view = _open(plan, units, lang, output_format, as_of)
    lang, plan_model = view.lang, view.loaded.plan
    item = _find_item(plan_model, item_id, lang)
    number = None
    if milestone is not None:
        try:
            number = resolve_milestone(item, milestone)
        except RequestError as error:
            raise _fail(label(error.key, lang, **error.values), 2) from None
    value = owing_view(plan_model, view.loaded.index, item, view.day, number)
    if value.picked:  # which milestone it is, when none was asked for
        from parplan.render.show_view import owing_picked

        picked = owing_picked(value, milestone_name(item, value.number), lang)
        typer.echo(picked, err=True)
    write(view, "owing", value)


def _find_item(plan_model: Plan, item_id: str, lang: str) -> Item:
    """The item a person typed the ID of; a usage error (exit 2) with suggestions otherwise."""
    item = plan_model.find(item_id)
    if item is None and (children := plan_model.activities_of(item_id)):
        raise _fail(label("error.item.task", lang, id=item_id, ids=", ".join(children)), 2)
    if item is None:
        close = plan_model.close_ids(item_id)
        hint = label("error.unit.suggest", lang, names=", ".join(close)) if close else ""
        raise _fail(label("error.item.unknown", lang, id=item_id, hint=hint), 2)
    return item
