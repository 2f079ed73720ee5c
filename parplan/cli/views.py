"""Commands of the parplan CLI: views. Registered on the app of ``parplan.cli.app``.

Why one module past 500 lines: the seven view commands share the option parsing and the output
step (``_open``, ``_emit``); each command is short.

What the units open every week: ``due`` (what is late and what comes next), its two halves
``overdue`` and ``upcoming``, ``unit`` (one unit's page), ``units`` (every unit at a glance),
``show`` (one item, whole) and ``list`` (items by section, status, unit or words).

Every view takes ``--format table|json|csv|md``: a table for the terminal (no colour when piped),
JSON for scripts (dates ISO, statuses as keys), CSV for Excel (UTF-8 with BOM), Markdown for
reports. ``--as-of`` shows the plan as it stood on a day: progress recorded after it is ignored.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

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
    echo_data,
    parse_user_date,
    plan_choice,
    today,
)
from parplan.core.model import Unit
from parplan.core.text import dmy, fold, markdown_escape
from parplan.render.i18n import label, language

if TYPE_CHECKING:
    from rich.console import Console

    from parplan.checks.rules import Loaded
    from parplan.core.model import Item, Plan
    from parplan.core.units import Entry, UnitIndex
    from parplan.query.status import Row

FORMATS = ("table", "json", "csv", "md", "xlsx")
TABULAR = ("csv", "xlsx")
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
# --limit: a table of a hundred thousand rows is not read on a screen, and building it costs
# seconds before the first line shows. On a terminal the first rows only; piped, every row.
TERMINAL_LIMIT = 50
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


@dataclass
class _View:
    lang: str
    fmt: str
    day: date
    loaded: Loaded
    entry: Entry | None = None
    role: str | None = None
    asked: Entry | None = None  # the unit as typed, when the view shows its successor

    @property
    def short(self) -> Callable[[str], str]:
        """How a unit written in the plan is shown in tables as of the view's day: by its
        abbreviation, a merged unit by its successor's, a renamed unit under that day's name."""
        index, day = self.loaded.index, self.day
        return lambda name: index.display_short(name, day)

    @property
    def full_name(self) -> Callable[[str], str]:
        """How a unit written in the plan is named in full as of the view's day."""
        index, day = self.loaded.index, self.day
        return lambda name: index.display_name(name, day)

    def notes(self) -> list[str]:
        """Which plan is shown, when the repository holds several; what became of the unit
        asked about, when it merged or left; a line saying the day is far from the plan's
        year(s), when it is."""
        from parplan.core.units import is_active
        from parplan.io.plans import plan_name

        notes = []
        choice = plan_choice()
        if choice is not None and len(choice.plans) > 1:
            notes.append(label("plans.header", self.lang, plan=plan_name(choice.chosen)))
        asked, entry = self.asked, self.entry
        if isinstance(asked, Unit) and asked is not entry and asked.merged_into is not None:
            notes.append(
                label(
                    "unit.successor",
                    self.lang,
                    name=asked.name,
                    successor=entry.name if entry is not None else "",
                    on=asked.merged_into.on,
                )
            )
        elif isinstance(entry, Unit) and not is_active(entry, self.day):
            notes.append(_outside_note(entry, self.day, self.lang))
        return notes + self._year_notes()

    def _year_notes(self) -> list[str]:
        info = self.loaded.plan.info
        first, last = info.year, info.last_year or info.year  # a period: its first and last year
        if self.day.year < first - 1 or self.day.year > last + 1:  # a typo, more likely
            return [label("plan.far", self.lang, as_of=dmy(self.day), year=info.year)]
        if self.day.year > last:
            return [label("plan.past", self.lang, as_of=dmy(self.day), year=last)]
        return []


def _outside_note(unit: Unit, day: date, lang: str) -> str:
    """Why ``unit`` is not the ministry's on ``day``, naming it: not yet established, gone
    (and where, when the registry says), or merged away."""
    name = unit.name
    if unit.established is not None and unit.established > day:
        return label("unit.outside.not-yet", lang, name=name, as_of=day, on=unit.established)
    if unit.left is not None and unit.left.on <= day:
        key, to = (
            ("unit.outside.left", unit.left.to) if unit.left.to else ("unit.outside.gone", None)
        )
        return label(key, lang, name=name, as_of=day, on=unit.left.on, to=to)
    return label("unit.inactive", lang, name=name, as_of=day)


def _open(
    plan: Path,
    units: Path | None,
    lang: str | None,
    output_format: str,
    as_of: str | None,
    unit: str | None = None,
    role: str | None = None,
    role_needs_unit: bool = True,
) -> _View:
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
    return _View(lang, output_format, day, loaded, entry, role_key, asked)


def _console() -> Console:
    """A console as wide as the terminal, or as COLUMNS says, or 80 when output is piped."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        # Nothing is drawn through the Windows console API when piped: take COLUMNS as is
        # (a "legacy" Windows console would give one column less).
        console = Console(highlight=False, legacy_windows=False)
    return console


def _emit(console: Console, parts: Sequence[Any]) -> None:
    """Print text lines and Rich renderables. On a terminal, with colour; otherwise (piped, or
    under test) as plain text without trailing blanks."""
    from parplan.render.layout import plain_text

    def renderable(part: Any) -> Any:
        if isinstance(part, tuple):  # (text, style)
            return plain_text(part[0], part[1])
        return plain_text(part) if isinstance(part, str) else part

    renderables = [renderable(part) for part in parts]
    if console.is_terminal:
        for renderable in renderables:
            console.print(renderable)
        return
    from parplan.render.plain import lines

    # Piped: the same characters without Rich's layout engine when the parts allow it, each
    # line without its trailing blanks, written as they are made (issue 23).
    plain = lines(renderables, console.width, console.encoding, strip=True)
    if plain is not None:
        _echo_pieces(line + "\n" for line in plain)
        return
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    typer.echo("\n".join(line.rstrip() for line in captured.get().split("\n")), nl=False)


def _echo_pieces(pieces: Iterable[str]) -> None:
    """``echo_data`` of the text the pieces make together, printed as they come, about 64 KB at a
    time.

    ``main`` turns the cyclic garbage collector off, but the JSON encoder leaves a few cyclic
    objects per record (its indenting functions refer to one another): over 100,000 records
    that is millions of objects never freed. So the collector is turned on here, with every
    object made so far (the model) frozen out of its sight: it only ever walks the young
    records. (A process that kept the collector on, such as a test run, is left as it is:
    frozen objects would never be freed.)"""
    import errno
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()
    escape: Callable[[str], str] | None = None
    if sys.stdout.isatty():
        from parplan.core.text import printable as escape
    batch: list[str] = []
    size = 0
    ended = True
    try:
        for piece in pieces:
            if piece:
                batch.append(escape(piece) if escape else piece)
                size += len(piece)
                ended = piece.endswith("\n")
            if size > 65536:
                typer.echo("".join(batch), nl=False)
                batch, size = [], 0
        typer.echo("".join(batch), nl=not ended)
    except OSError as error:
        # The reader has read enough (``| head``): not an error, as with one write. (Windows
        # may say EINVAL of a pipe closed at the other end.)
        closed = isinstance(error, BrokenPipeError) or (
            sys.platform == "win32" and error.errno == errno.EINVAL
        )
        if not closed:
            raise


def _tabular(view: _View, records: Sequence[Any], columns: Sequence[str], title: str) -> None:
    """A view as a spreadsheet table: CSV (headers and statuses in the view's language) or an
    Excel workbook written to stdout (refused on a terminal: redirect it to a file)."""
    if view.fmt == "csv":
        from parplan.render.formats import to_csv

        echo_data(to_csv(records, columns, view.lang))
        return
    stream = typer.get_binary_stream("stdout")
    if stream.isatty():
        raise _fail(label("error.xlsx.terminal", view.lang), 2)
    from parplan.render.xlsx import workbook

    stream.write(workbook(records, columns, view.lang, title))
    stream.flush()


def _title_with_role(title: str, view: _View) -> str:
    if view.role:
        title += " · " + label("title.role", view.lang, role=label(f"role.{view.role}", view.lang))
    return title


# ---------------------------------------------------------------------------------------------
# due, overdue, upcoming


def _due_view(view: _View, which: str, within: int, limit: int | None = None) -> None:
    from parplan.query.queries import due_view_rows
    from parplan.query.status import OVERDUE
    from parplan.render.formats import md_document
    from parplan.render.views import DUE_FIELDS, due_json, due_markdown, due_record, due_table

    lang, day = view.lang, view.day
    rows = due_view_rows(
        view.loaded.plan, view.loaded.index, day, within, view.entry, view.role, which
    )
    if view.fmt in ("json", *TABULAR):
        # issue 20: the items with no clear deadline, as records of their own (status unread)
        from parplan.query.queries import unread_deadline_items
        from parplan.render.views import unread_record

        plan_model, index = view.loaded.plan, view.loaded.index
        unread = unread_deadline_items(plan_model, index, view.entry) if which == "due" else []
    if view.fmt == "json":
        _echo_pieces(due_json(rows, view.entry, day, unread))
        return
    if view.fmt in TABULAR:
        records = [due_record(row, view.entry, day) for row in rows]
        records += [unread_record(item) for item in unread]
        columns = (*DUE_FIELDS, "deadline") if unread else DUE_FIELDS
        _tabular(view, records, columns, which)
        return
    from parplan.query.status import days_after  # not for --help (issue 23)

    until = dmy(days_after(day, within))
    key = f"{which}.title.unit" if view.entry is not None else f"{which}.title"
    title = label(
        key,
        lang,
        unit=view.full_name(view.entry.name) if view.entry is not None else "",
        until=until,
        as_of=dmy(day),
    )
    title = _title_with_role(title, view)
    overdue = sum(1 for row in rows if row.status == OVERDUE)
    if which == "due":
        summary = label("due.summary", lang, overdue=overdue, upcoming=len(rows) - overdue)
    else:
        summary = label(f"{which}.summary", lang, n=len(rows))
    if not rows:
        summary = label(f"{which}.none", lang)
    reasons = _late_reasons(rows, view) if which == "overdue" else []  # issue 12
    reasons += _unread_deadlines(view) if which == "due" else []  # issue 20
    if view.fmt == "md":
        table = due_markdown(rows, lang, view.full_name) if rows else ""
        escaped = "\n".join(markdown_escape(line) for line in reasons)
        echo_data(md_document(title, [table, summary, escaped], view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    if limit is None:
        limit = TERMINAL_LIMIT if console.is_terminal else 0
    shown = rows[:limit] if limit else rows
    if shown:
        for_unit = view.short(view.entry.name) if view.entry is not None else None
        parts.append(due_table(shown, lang, None, view.short, console.width, for_unit))
    if len(shown) < len(rows):
        parts.append((label("view.more", lang, count=len(rows) - len(shown)), "dim"))
    parts.append(summary)
    parts += reasons
    _emit(console, parts)


def _unread_deadlines(view: _View) -> list[str]:
    """The items with no clear deadline (``deadline-unread``), under their own heading, one
    line each: ID, the deadline as the decision wrote it, the lead (issue 20)."""
    from parplan.query.queries import unread_deadline_items

    items = unread_deadline_items(view.loaded.plan, view.loaded.index, view.entry)
    lines = _unread_lines(view, items)
    return [label("due.unread", view.lang, n=len(items)), *lines] if lines else []


def _unread_lines(view: _View, items: Sequence[Item]) -> list[str]:
    """One line per item with no clear deadline: ID, the wording, the lead (issue 20)."""
    from parplan.core.text import printable

    return [
        printable(
            f'- {item.id.value}: "{item.deadline.value}" — '
            + ", ".join(view.short(ref.value) for ref in item.lead)
        )
        for item in items
    ]


def _late_reasons(rows: Sequence[Row], view: _View) -> list[str]:
    """The reasons for delay recorded for the overdue rows, one line each (issue 12)."""
    from parplan.query.reporting import row_reasons

    lines = []
    for row in rows:
        for reason in row_reasons(row, view.entry, view.day):
            name = row.milestone.report or row.milestone.label
            where = f" ({name})" if name and len(row.item.milestones) > 1 else ""
            lines.append(f"- {row.item.id.value}{where}: {reason}")
    return [label("overdue.reasons", view.lang), *lines] if lines else []


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
    from parplan.render.formats import md_document, to_json
    from parplan.render.views import (
        UNIT_CSV_FIELDS,
        registry_record,
        tally_record,
        units_flat,
        units_markdown,
        units_table,
    )

    view = _open(plan, units, lang, output_format, as_of, None, role, role_needs_unit=False)
    lang, day, index = view.lang, view.day, view.loaded.index
    assert view.role is not None  # --role has a default
    summary = units_summary(view.loaded.plan, view.loaded.registry, index, day, view.role, show_all)
    if view.fmt in ("json", *TABULAR):
        records = []
        for entry in summary.entries:
            record = registry_record(entry, index, day)
            record["active"] = summary.active.get(entry.name, True)
            record["role"] = view.role
            record.update(tally_record(summary.tallies[entry.name]))
            records.append(record)
        if view.fmt == "json":
            echo_data(to_json(records))
        else:
            _tabular(view, units_flat(records), UNIT_CSV_FIELDS, "units")
        return
    unit_rows, group_rows, total = summary.unit_rows(), summary.group_rows(), summary.total
    title = label(f"units.title.{view.role}", lang, as_of=dmy(day))
    legend = label("units.legend", lang)
    if view.fmt == "md":
        table = units_markdown(unit_rows, group_rows, total, lang)
        echo_data(md_document(title, [table, legend], view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    parts.append(units_table(unit_rows, group_rows, total, lang, console.width))
    parts.append((legend, "dim"))
    _emit(console, parts)


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
    from parplan.query.status import LEAD, SUPPORT
    from parplan.render.formats import md_document, to_json
    from parplan.render.views import (
        counts_markdown,
        counts_table,
        due_markdown,
        due_record,
        due_table,
        item_record,
        items_brief_table,
        list_markdown,
        registry_record,
        tally_record,
        transferred_markdown,
        transferred_table,
        unit_heading,
        unread_record,
    )

    view = _open(plan, units, lang, output_format, as_of, name, role)
    lang, day, index, entry = view.lang, view.day, view.loaded.index, view.entry
    assert entry is not None
    page = unit_page(view.loaded.plan, index, entry, day, within, view.role)
    roles, counts, mine, met = page.roles, page.counts, page.mine, page.met
    overdue_rows, upcoming_rows = list(page.overdue), list(page.upcoming)
    ongoing, waiting, supports = list(page.ongoing), list(page.waiting), list(page.supports)
    transferred = list(page.transferred)
    unit_body, body_states = _unit_body(view)  # issue 21
    if view.fmt == "json":
        from parplan.render.targets import body_record, target_record

        payload = {
            "unit": registry_record(entry, index, day),
            "as_of": day.isoformat(),
            "counts": {r: tally_record(counts[r]) for r in roles},
            "overdue": [due_record(row, entry, day) for row in overdue_rows],
            "upcoming": [due_record(row, entry, day) for row in upcoming_rows],
            "ongoing": [item_record(item, rows) for item, rows in ongoing],
            "waiting": [item_record(item, rows) for item, rows in waiting],
            "supports": [item_record(item, rows) for item, rows in supports],
            "transferred": [
                {**due_record(row, entry, day), "transferred_to": row.transferred_to}
                for row in transferred
            ],
            "responsibilities": [body_record(entry) for entry in unit_body.responsibilities],
            "duties": [body_record(entry) for entry in unit_body.duties],
            "targets": [target_record(state) for state in body_states],
            "unread": [unread_record(item) for item in page.unread],  # issue 20
        }
        echo_data(to_json(payload))
        return
    if view.fmt in TABULAR:
        from parplan.render.views import DUE_FIELDS

        records = [due_record(row, entry, day) for row in mine]
        records += [unread_record(item) for item in page.unread]  # issue 20
        columns = (*DUE_FIELDS, "deadline") if page.unread else DUE_FIELDS
        _tabular(view, records, columns, entry.name)
        return
    heading = unit_heading(entry, index, lang, day)
    as_of_line = _title_with_role(label("unit.as_of", lang, as_of=dmy(day)), view)
    from parplan.query.status import days_after  # not for --help (issue 23)

    until = dmy(days_after(day, within))
    none = label("view.none", lang)
    sections: list[tuple[str, str, Any]] = [
        ("overdue", label("unit.overdue", lang, n=len(overdue_rows)), overdue_rows),
        (
            "upcoming",
            label("unit.upcoming", lang, until=until, n=len(upcoming_rows)),
            upcoming_rows,
        ),
    ]
    if LEAD in roles:
        sections.append(("ongoing", label("unit.ongoing", lang, n=len(ongoing)), ongoing))
        sections.append(("waiting", label("unit.waiting", lang, n=len(waiting)), waiting))
    if SUPPORT in roles:
        sections.append(("supports", label("unit.supports", lang, n=len(supports)), supports))
    if transferred:
        title = label("unit.transferred", lang, n=len(transferred))
        sections.append(("transferred", title, transferred))
    unread_lines = _unread_lines(view, page.unread)  # issue 20
    if unread_lines:
        sections.append(("unread", label("unit.unread", lang, n=len(page.unread)), unread_lines))
    role_names = [(label(f"role.{r}", lang), counts[r]) for r in roles]
    if view.fmt == "md":
        blocks = ["  \n".join(markdown_escape(line) for line in [*heading[1:], as_of_line])]
        blocks.append(counts_markdown(label("col.role", lang), role_names, lang))
        for kind, title, content in sections:
            body = none
            if content and kind in ("overdue", "upcoming"):
                body = due_markdown(content, lang, view.full_name)
            elif kind == "transferred":
                body = transferred_markdown(content, lang)
            elif kind == "unread":
                body = "\n".join(markdown_escape(line) for line in content)
            elif content:
                body = list_markdown(content, lang, view.full_name)
            blocks.append(f"#### {title}\n\n{body}")
        blocks += _unit_body_markdown(view, unit_body, body_states)
        echo_data(md_document(heading[0], blocks, view.notes()))
        return
    console = _console()
    width = console.width
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((heading[0], "bold"))
    parts += [(line, "dim") for line in heading[1:]]
    parts.append(as_of_line)
    parts.append("")
    parts.append(counts_table(role_names, lang, width))
    for kind, title, content in sections:
        parts.append("")
        parts.append((title, "bold"))
        if not content:
            parts.append((none, "dim"))
        elif kind in ("overdue", "upcoming"):
            parts.append(due_table(content, lang, None, view.short, width))
        elif kind == "transferred":
            parts.append(transferred_table(content, lang, width))
        elif kind == "unread":
            parts += content
        elif kind == "supports":
            parts.append(items_brief_table(content, lang, view.short, width, "lead"))
        elif kind == "waiting":
            parts.append(items_brief_table(content, lang, view.short, width, "condition", met))
        else:
            parts.append(items_brief_table(content, lang, view.short, width))
    parts += _unit_body_parts(view, unit_body, body_states)
    _emit(console, parts)


# issue 21: a unit's responsibilities, duties and targets, from the decision's body


def _unit_body(view: _View) -> tuple[Any, list[Any]]:
    from parplan.query.body import body_of_unit
    from parplan.query.targets import target_state

    assert view.entry is not None
    plan_model = view.loaded.plan
    body = body_of_unit(plan_model, view.loaded.index, view.entry, view.day)
    states = [target_state(plan_model, target, view.day) for target in body.targets]
    return body, states


def _has_body(view: _View) -> bool:
    """Whether the plan holds any of the decision's body (a plan of another agency may not:
    its unit pages then show no empty sections for it)."""
    plan_model = view.loaded.plan
    return bool(plan_model.targets or plan_model.duties or plan_model.responsibilities)


def _unit_body_markdown(view: _View, body: Any, states: list[Any]) -> list[str]:
    from parplan.render.targets import unit_body_lines

    if not _has_body(view):
        return []

    none = label("view.none", view.lang)
    blocks = []
    for title, lines in unit_body_lines(body.responsibilities, body.duties, states, view.lang):
        text = "\n".join(f"- {markdown_escape(line)}" for line in lines) if lines else none
        blocks.append(f"#### {markdown_escape(title)}\n\n{text}")
    return blocks


def _unit_body_parts(view: _View, body: Any, states: list[Any]) -> list[Any]:
    from parplan.core.text import printable
    from parplan.render.targets import unit_body_lines

    parts: list[Any] = []
    if not _has_body(view):
        return parts
    for title, lines in unit_body_lines(body.responsibilities, body.duties, states, view.lang):
        parts.append("")
        parts.append((title, "bold"))
        if not lines:
            parts.append((label("view.none", view.lang), "dim"))
        parts += [printable(f"• {line}") for line in lines]
    return parts


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
    from parplan.query.queries import condition_met_as_of
    from parplan.query.status import rows_as_of
    from parplan.render.formats import to_json
    from parplan.render.views import (
        LIST_CSV_FIELDS,
        fields_table,
        hanging,
        item_fields,
        item_record,
        list_flat,
        milestones_table,
        progress_lines,
        show_markdown,
        title_grid,
    )

    view = _open(plan, units, lang, output_format, as_of)
    lang, day, plan_model = view.lang, view.day, view.loaded.plan
    item = plan_model.find(item_id)
    if item is None and (target := plan_model.target(item_id)) is not None:  # issue 21
        from parplan.cli.targets import show_target

        show_target(plan_model, target, day, lang, view.fmt)
        return
    if item is None and (entry := plan_model.body_entry(item_id)) is not None:  # issue 21
        from parplan.cli.targets import show_body_entry

        show_body_entry(entry, lang, view.fmt)
        return
    if item is None and (children := plan_model.activities_of(item_id)):
        raise _fail(label("error.item.task", lang, id=item_id, ids=", ".join(children)), 2)
    if item is None:
        close = plan_model.close_ids(item_id)
        hint = label("error.unit.suggest", lang, names=", ".join(close)) if close else ""
        raise _fail(label("error.item.unknown", lang, id=item_id, hint=hint), 2)
    rows = rows_as_of([item], day, plan_model.items, index=view.loaded.index)
    met = condition_met_as_of(item, plan_model.items, day, view.loaded.index)
    if view.fmt in ("json", *TABULAR):
        record = item_record(item, rows, full=True)
        record["condition_met"] = met.isoformat() if met else None
        if item.met is not None and met == item.met.on:
            record["met_evidence"] = item.met.evidence.value if item.met.evidence else None
        record["as_of"] = day.isoformat()
        for key in ("carried_from", "carried_to"):
            value = getattr(item, key)
            record[key] = value.value if value is not None else None
        record["carried_on"] = item.carried_on.isoformat() if item.carried_on else None
        if view.fmt == "json":
            echo_data(to_json(record))
        else:
            _tabular(view, list_flat([record]), LIST_CSV_FIELDS, item.id.value)
        return
    fields = item_fields(item, met, view.loaded.index, lang, day)
    fields[-1:-1] = _carry_fields(plan, plan_model, item, day, lang, view.loaded.index)
    progress = progress_lines(rows, item, met, lang, day)
    if view.fmt == "md":
        echo_data(show_markdown(item, fields, rows, progress, lang, view.notes()))
        return
    console = _console()
    width = console.width
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append(title_grid(item, width))
    parts.append("")
    parts.append(fields_table(fields, width))
    parts.append("")
    parts.append((label("show.milestones", lang, as_of=dmy(day)), "bold"))
    parts.append(milestones_table(rows, item, lang, width))
    parts.append("")
    parts.append((label("show.progress", lang), "bold"))
    parts += [hanging(line) for line in progress] or [(label("show.progress.none", lang), "dim")]
    also = plan_model.body_entry(item_id)  # issue 21: "IV.1" is also a point of section IV
    if also is not None:
        from parplan.core.text import printable
        from parplan.render.targets import body_entry_lines

        parts.append("")
        parts.append((label("show.also-body", lang, id=also.id.value), "bold"))
        parts += [printable(line) for line in body_entry_lines(also, lang)]
    _emit(console, parts)


def _carry_fields(
    plan: Path, plan_model: Plan, item: Item, day: date, lang: str, index: UnitIndex
) -> list[tuple[str, str]]:
    """``show``'s lines naming the other side of a carry, with the item's statuses there (a
    group-led item's from its members' parts, as in ``show`` itself)."""
    from parplan.io.carry import other_sides
    from parplan.query.status import rows_as_of
    from parplan.render.views import status_summary

    fields = []
    for side in other_sides(plan, plan_model, item):
        status = ""
        if side.item is not None and side.plan is not None and side.path is not None:
            rows = rows_as_of([side.item], day, side.plan.items, index=index)
            summary = status_summary(rows, lang)[0]
            status = label("show.other", lang, file=side.path.as_posix(), status=summary)
        if side.direction == "to":
            on = dmy(side.on) if side.on else "?"
            text = label("show.carried_to", lang, target=side.reference, on=on, status=status)
        else:
            text = label("show.carried_from", lang, origin=side.reference, status=status)
        fields.append((label("show.carry", lang), text))
    return fields


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
    from parplan.query.queries import list_items, section_known, status_filter
    from parplan.query.status import ALL_STATUSES
    from parplan.render.formats import json_array, md_document
    from parplan.render.views import (
        LIST_CSV_FIELDS,
        item_record,
        list_flat,
        list_markdown,
        list_table,
        status_label,
    )

    lang = language(lang)
    status_keys: tuple[str, ...] = ()
    if status is not None:
        status_keys = status_filter(status)
        if not status_keys:
            choices = ", ".join(ALL_STATUSES)
            raise _fail(label("error.status", lang, value=status, choices=choices), 2)
    status_key = status_keys[0] if len(status_keys) == 1 else None
    view = _open(plan, units, lang, output_format, as_of, unit, role)
    plan_model, day = view.loaded.plan, view.day
    if section is not None and not section_known(plan_model, section):
        choices = ", ".join(s.id.value for s in plan_model.sections)
        raise _fail(label("error.section", lang, value=section, choices=choices), 2)
    groups = list_items(
        plan_model,
        view.loaded.index,
        day,
        section=section,
        status=status_keys or None,
        unit=view.entry,
        role=view.role,
        search=search,
    )
    if view.fmt in ("json", *TABULAR):

        def records() -> Iterator[dict[str, Any]]:
            for item, item_rows in groups:
                record = item_record(item, item_rows)
                if view.entry is not None:
                    record["role"] = item_rows[0].role
                yield record

        if view.fmt == "json":
            _echo_pieces(json_array(records()))
        else:
            _tabular(view, list_flat(list(records())), LIST_CSV_FIELDS, "list")
        return
    filters = []
    if view.entry is not None:
        filters.append(label("list.filter.unit", lang, value=view.full_name(view.entry.name)))
    if view.role:
        filters.append(label("title.role", lang, role=label(f"role.{view.role}", lang)))
    if section is not None:
        filters.append(label("list.filter.section", lang, value=section.strip().upper()))
    if status_keys:
        shown = status_label(status_key, lang) if status_key else status
        filters.append(label("list.filter.status", lang, value=shown))
    if search:
        filters.append(label("list.filter.search", lang, value=search))
    title = " · ".join([label("list.title", lang, as_of=dmy(day)), *filters])
    milestones = sum(len(r) for _item, r in groups)
    summary = label("list.summary", lang, items=len(groups), milestones=milestones)
    if not groups:
        summary = label("list.none", lang)
    # issue 21: the decision's body (targets, sections II and IV) holds the words too
    found = (
        _body_found(plan_model, search) if search and section is None and not status_keys else []
    )
    if view.fmt == "md":
        table = list_markdown(groups, lang, view.full_name) if groups else ""
        blocks = [table, summary]
        if found:
            lines = "\n".join(f"- {markdown_escape(f'{e.id.value}: {e.text}')}" for e in found)
            blocks.append(
                f"#### {markdown_escape(label('body.found', lang, n=len(found)))}\n\n{lines}"
            )
        echo_data(md_document(title, blocks, view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    if limit is None:
        limit = TERMINAL_LIMIT if console.is_terminal else 0
    first = groups[:limit] if limit else groups
    if first:
        parts.append(list_table(first, lang, view.short, console.width))
    if len(first) < len(groups):
        parts.append((label("view.more", lang, count=len(groups) - len(first)), "dim"))
    parts.append(summary)
    if found:
        from parplan.core.text import printable

        parts.append("")
        parts.append((label("body.found", lang, n=len(found)), "bold"))
        parts += [printable(f"• {entry.id.value}: {entry.text}") for entry in found]
    _emit(console, parts)


def _body_found(plan_model: Plan, search: str) -> list[Any]:
    """The targets, duties and responsibilities a search finds (issue 21); none in a view of
    one unit's items (``--unit``) or of one section."""
    from parplan.query.body import search_body

    return search_body(plan_model, search)


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
    from parplan.query.status import DONE, members_owing, rows_as_of
    from parplan.render.formats import to_json

    view = _open(plan, units, lang, output_format, as_of)
    lang, day, plan_model, index = view.lang, view.day, view.loaded.plan, view.loaded.index
    item = _find_item(plan_model, item_id, lang)
    if milestone is not None:
        try:
            number = resolve_milestone(item, milestone)
        except RequestError as error:
            raise _fail(label(error.key, lang, **error.values), 2) from None
    else:
        rows = rows_as_of([item], day, plan_model.items, index=index)
        open_rows = [row for row in rows if row.status not in DONE]
        number = open_rows[0].number if open_rows else len(rows)
    from parplan.core.units import name_on

    result = members_owing(item, number, index, day, plan_model.items)
    names = [name_on(unit, day) for unit in result.owing]  # a renamed unit: its name that day
    if milestone is None:
        from parplan.query.status import condition_met_on, effective_due

        met = condition_met_on(item, {i.id.value: i for i in plan_model.items}, index=index)
        due = effective_due(item.milestones[number - 1], day, met, item.within_days)
        typer.echo(
            label(
                "owing.picked",
                lang,
                milestone=milestone_name(item, number),
                due=dmy(due) if due else "—",
                as_of=dmy(day),
                n=len(names),
            ),
            err=True,
        )
    if view.fmt == "json":
        echo_data(to_json(names))
    elif view.fmt in TABULAR:
        _tabular(view, [{"unit": name} for name in names], ["unit"], item.id.value)
    elif view.fmt == "md":
        echo_data("".join(f"- {markdown_escape(name)}\n" for name in names))
    elif names:
        echo_data("\n".join(names) + "\n")
    else:
        typer.echo(label("owing.none", lang), err=True)


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
