"""Commands of the parplan CLI: views. Registered on the app of ``parplan.cli``.

What the units open every week: ``due`` (what is late and what comes next), its two halves
``overdue`` and ``upcoming``, ``unit`` (one unit's page), ``units`` (every unit at a glance),
``show`` (one item, whole) and ``list`` (items by section, status, unit or words).

Every view takes ``--format table|json|csv|md``: a table for the terminal (no colour when piped),
JSON for scripts (dates ISO, statuses as keys), CSV for Excel (UTF-8 with BOM), Markdown for
reports. ``--as-of`` shows the plan as it stood on a day: progress recorded after it is ignored.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from parplan.cli import (
    DEFAULT_PLAN,
    AsOfOption,
    LangOption,
    PlanOption,
    UnitsOption,
    _complete_unit,
    _fail,
    _load_valid,
    _resolve_unit,
    app,
    parse_user_date,
    today,
)
from parplan.i18n import label, language
from parplan.text import dmy, fold, markdown_escape

if TYPE_CHECKING:
    from rich.console import Console

    from parplan.checks import Loaded
    from parplan.model import Item
    from parplan.status import Row
    from parplan.units import Entry

FORMATS = ("table", "json", "csv", "md")
ROLES = {"lead": "lead", "support": "support", "chu tri": "lead", "phoi hop": "support"}

FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="table (bảng), json, csv (Excel, UTF-8 có BOM) hoặc md (Markdown cho báo cáo).",
    ),
]
UnitFilter = Annotated[
    Optional[str],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--unit",
        "-u",
        help="Đơn vị: tên, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.",
        autocompletion=_complete_unit,
    ),
]
WithinOption = Annotated[
    int, typer.Option("--within", "-n", min=0, max=3660, help="Số ngày tới (mặc định 30).")
]
RoleOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--role",
        help="lead (chủ trì) hoặc support (phối hợp); mặc định cả hai, có cột vai trò.",
    ),
]


def _complete_item(incomplete: str) -> list[str]:
    from parplan.loader import load_plan

    plan, _ = load_plan(Path(os.environ.get("PARPLAN_PLAN") or DEFAULT_PLAN))
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

    @property
    def short(self):
        return self.loaded.index.short_name

    def notes(self) -> list[str]:
        """A line saying the day is after the plan's year, when it is."""
        year = self.loaded.plan.info.year
        if self.day.year > year:
            return [label("plan.past", self.lang, as_of=dmy(self.day), year=year)]
        return []


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
    loaded = _load_valid(plan, units, lang)
    entry = _resolve_unit(loaded, unit, lang) if unit is not None else None
    return _View(lang, output_format, day, loaded, entry, role_key)


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
    from parplan.views import plain_text

    def show() -> None:
        for part in parts:
            if isinstance(part, tuple):  # (text, style)
                console.print(plain_text(part[0], part[1]))
            elif isinstance(part, str):
                console.print(plain_text(part))
            else:
                console.print(part)

    if console.is_terminal:
        show()
        return
    with console.capture() as captured:
        show()
    text = "\n".join(line.rstrip() for line in captured.get().split("\n"))
    typer.echo(text, nl=False)


def _echo(text: str) -> None:
    """Print a machine format (JSON, CSV, Markdown). On a terminal, control characters from
    the plan are shown escaped; piped to a file or a program, the data goes out as it is."""
    if sys.stdout.isatty():
        from parplan.text import printable

        text = printable(text)
    typer.echo(text, nl=not text.endswith("\n"))


def _title_with_role(title: str, view: _View) -> str:
    if view.role:
        title += " · " + label("title.role", view.lang, role=label(f"role.{view.role}", view.lang))
    return title


# ---------------------------------------------------------------------------------------------
# due, overdue, upcoming


def _due_view(view: _View, which: str, within: int) -> None:
    from parplan.status import OVERDUE, PENDING, due_rows
    from parplan.views import due_csv, due_json, due_markdown, due_table, md_document

    lang, day = view.lang, view.day
    rows = due_rows(view.loaded.plan, view.loaded.index, day, within, view.entry, view.role)
    if which == "overdue":
        rows = [row for row in rows if row.status == OVERDUE]
    elif which == "upcoming":
        rows = [row for row in rows if row.status == PENDING]
    if view.fmt == "json":
        _echo(due_json(rows))
        return
    if view.fmt == "csv":
        _echo(due_csv(rows))
        return
    until = dmy(day + timedelta(days=within))
    key = f"{which}.title.unit" if view.entry is not None else f"{which}.title"
    title = label(
        key,
        lang,
        unit=view.entry.name if view.entry is not None else "",
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
    if view.fmt == "md":
        table = due_markdown(rows, lang) if rows else ""
        _echo(md_document(title, [table, summary], view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    if rows:
        parts.append(due_table(rows, lang, None, view.short, console.width))
    parts.append(summary)
    _emit(console, parts)


@app.command()
def due(
    unit: UnitFilter = None,
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Việc quá hạn và sắp đến hạn (trong N ngày tới), việc quá hạn trước.

    Open milestones due on or before the day + N days (default 30): overdue first, then by
    date. With --unit, only the items the unit leads or supports (through groups, aliases and
    the reorganisation of 2025 too), with a role column; --role narrows to one role.
    Overdue rows are red, those due within 7 days yellow.

    Ví dụ / example:  parplan due --unit "Văn phòng Bộ" --as-of 2025-03-15
    """
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "due", within)


@app.command()
def overdue(
    unit: UnitFilter = None,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Việc quá hạn chưa hoàn thành, lâu nhất trước.

    Open milestones whose deadline has passed, the longest overdue first: the first half of
    `due`.

    Ví dụ / example:  parplan overdue --unit CCHC --format md > qua-han.md
    """
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "overdue", 0)


@app.command()
def upcoming(
    unit: UnitFilter = None,
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Việc sắp đến hạn trong N ngày tới (mặc định 30), theo ngày.

    Open milestones due from the day to the day + N days, by date: the second half of `due`.

    Ví dụ / example:  parplan upcoming --unit "vu phap che" --within 60 --format csv > sap-den-han.csv
    """
    _due_view(_open(plan, units, lang, output_format, as_of, unit, role), "upcoming", within)


# ---------------------------------------------------------------------------------------------
# units: every unit at a glance


@app.command("units")
def units_command(
    role: Annotated[
        str,
        typer.Option("--role", help="lead (chủ trì, mặc định) hoặc support (phối hợp)."),
    ] = "lead",
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Tình hình thực hiện của từng đơn vị: số mốc theo tình trạng, tiến độ, tỷ lệ đúng hạn.

    One row per unit (Vietnamese alphabetical order), then the groups, then the whole plan:
    milestones of the items the unit leads (--role support: supports) by status; a bar of the
    milestones past their deadline that are done, and the on-time rate (done on time /
    deadlines passed). An item given to a group counts for every unit of the group.
    The JSON rows carry the registry too (name, short, aliases, kind, members of a group), so
    scripts can resolve names the way parplan does.

    Ví dụ / example:  parplan units --as-of 2025-06-30 --format md
    """
    from parplan.model import Group
    from parplan.status import rows_as_of, rows_for_unit, tally
    from parplan.text import sort_key
    from parplan.views import (
        md_document,
        registry_record,
        tally_record,
        to_json,
        units_csv,
        units_markdown,
        units_table,
    )

    view = _open(plan, units, lang, output_format, as_of, None, role, role_needs_unit=False)
    lang, day, index = view.lang, view.day, view.loaded.index
    rows = rows_as_of(view.loaded.plan.items, day)
    registry = view.loaded.registry
    ordered = [
        *sorted(registry.units, key=lambda u: sort_key(u.name)),
        *sorted(registry.groups, key=lambda g: sort_key(g.name)),
    ]
    tallies = {
        entry.name: tally(rows_for_unit(rows, index, entry, view.role), day) for entry in ordered
    }
    if view.fmt in ("json", "csv"):
        records = []
        for entry in ordered:
            record = registry_record(entry, index)
            record["role"] = view.role
            record.update(tally_record(tallies[entry.name]))
            records.append(record)
        _echo(to_json(records) if view.fmt == "json" else units_csv(records))
        return
    unit_rows = [(u.name, tallies[u.name]) for u in ordered if not isinstance(u, Group)]
    group_rows = [
        (g.name, tallies[g.name]) for g in ordered if isinstance(g, Group) and not g.placeholder
    ]
    total = tally(rows, day)
    title = label(f"units.title.{view.role}", lang, as_of=dmy(day))
    legend = label("units.legend", lang)
    if view.fmt == "md":
        table = units_markdown(unit_rows, group_rows, total, lang)
        _echo(md_document(title, [table, legend], view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    parts.append(units_table(unit_rows, group_rows, total, lang, console.width))
    parts.append((legend, "dim"))
    _emit(console, parts)


# ---------------------------------------------------------------------------------------------
# unit: one unit's page


def _by_item(rows: Sequence[Row]) -> list[tuple[Item, list[Row]]]:
    """Rows grouped by item, in the order the items first appear."""
    groups: dict[str, tuple[Item, list[Row]]] = {}
    for row in rows:
        groups.setdefault(row.item.id.value, (row.item, []))[1].append(row)
    return list(groups.values())


@app.command("unit")
def unit_command(
    name: Annotated[
        str,
        typer.Argument(
            metavar="UNIT",
            help="Tên đơn vị, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.",
            autocompletion=_complete_unit,
            show_default=False,
        ),
    ],
    within: WithinOption = 30,
    role: RoleOption = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Trang của một đơn vị: tình trạng, việc quá hạn, sắp đến hạn, chờ điều kiện, phối hợp.

    One unit's page: its milestones by status (as lead and as support); its overdue and
    upcoming milestones (N days, default 30; both roles, with a role column); the ongoing and
    waiting items it leads; and every item it supports, with the statuses of each.
    --role narrows the page to one role.

    Ví dụ / example:  parplan unit "van phong bo" --as-of 2025-03-15
    """
    from parplan.status import (
        LEAD,
        ONGOING_STATUS,
        OVERDUE,
        PENDING,
        SUPPORT,
        WAITING,
        condition_met_on,
        due_rows,
        rows_as_of,
        rows_for_unit,
        tally,
    )
    from parplan.views import (
        counts_markdown,
        counts_table,
        due_markdown,
        due_record,
        due_table,
        item_record,
        items_brief_table,
        list_markdown,
        md_document,
        registry_record,
        tally_record,
        to_csv,
        to_json,
        unit_heading,
    )

    view = _open(plan, units, lang, output_format, as_of, name, role)
    lang, day, index, entry = view.lang, view.day, view.loaded.index, view.entry
    assert entry is not None
    plan_model = view.loaded.plan
    mine = rows_for_unit(rows_as_of(plan_model.items, day), index, entry, view.role)
    roles = [r for r in (LEAD, SUPPORT) if view.role in (None, r)]
    counts = {r: tally([row for row in mine if row.role == r], day) for r in roles}
    soon = due_rows(plan_model, index, day, within, entry, view.role)
    overdue_rows = [row for row in soon if row.status == OVERDUE]
    upcoming_rows = [row for row in soon if row.status == PENDING]
    led = _by_item([row for row in mine if row.role == LEAD])
    ongoing = [(item, rows) for item, rows in led if any(r.status == ONGOING_STATUS for r in rows)]
    # Waiting: the condition is not met yet, or it is met but gave no deadline (open, undated).
    waiting = [
        (item, rows)
        for item, rows in led
        if any(r.status == WAITING or (r.status == PENDING and r.due is None) for r in rows)
    ]
    by_id = {item.id.value: item for item in plan_model.items}
    met = {}
    for item, _rows in waiting:
        on = condition_met_on(item, by_id)
        met[item.id.value] = on if on is not None and on <= day else None
    supports = _by_item([row for row in mine if row.role == SUPPORT])
    if view.fmt == "json":
        payload = {
            "unit": registry_record(entry, index),
            "as_of": day.isoformat(),
            "counts": {r: tally_record(counts[r]) for r in roles},
            "overdue": [due_record(row) for row in overdue_rows],
            "upcoming": [due_record(row) for row in upcoming_rows],
            "ongoing": [item_record(item, rows) for item, rows in ongoing],
            "waiting": [item_record(item, rows) for item, rows in waiting],
            "supports": [item_record(item, rows) for item, rows in supports],
        }
        _echo(to_json(payload))
        return
    if view.fmt == "csv":
        from parplan.views import DUE_FIELDS

        _echo(to_csv([due_record(row) for row in mine], DUE_FIELDS))
        return
    heading = unit_heading(entry, index, lang)
    as_of_line = label("unit.as_of", lang, as_of=dmy(day))
    if view.role:
        as_of_line += " · " + label("title.role", lang, role=label(f"role.{view.role}", lang))
    until = dmy(day + timedelta(days=within))
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
    role_names = [(label(f"role.{r}", lang), counts[r]) for r in roles]
    if view.fmt == "md":
        blocks = ["  \n".join(markdown_escape(line) for line in [*heading[1:], as_of_line])]
        blocks.append(counts_markdown(label("col.role", lang), role_names, lang))
        for kind, title, content in sections:
            body = none
            if content and kind in ("overdue", "upcoming"):
                body = due_markdown(content, lang)
            elif content:
                body = list_markdown(content, lang)
            blocks.append(f"#### {title}\n\n{body}")
        _echo(md_document(heading[0], blocks, view.notes()))
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
        elif kind == "supports":
            parts.append(items_brief_table(content, lang, view.short, width, "lead"))
        elif kind == "waiting":
            parts.append(items_brief_table(content, lang, view.short, width, "condition", met))
        else:
            parts.append(items_brief_table(content, lang, view.short, width))
    _emit(console, parts)


# ---------------------------------------------------------------------------------------------
# show: one item, whole


@app.command()
def show(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Mã mục, ví dụ I.2.1.",
            autocompletion=_complete_item,
            show_default=False,
        ),
    ],
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Mọi thông tin về một mục: nhiệm vụ, sản phẩm, đơn vị, thời hạn, các mốc và tiến độ.

    Everything about one item, every text whole: section and task, product, lead and
    support, the deadline as written and the milestones it means with the status of each,
    the note, and the progress recorded (completion date, evidence, who recorded it; the
    condition met).

    Ví dụ / example:  parplan show I.3.1 --as-of 2025-07-01
    """
    from parplan.status import condition_met_on, rows_as_of
    from parplan.views import (
        fields_table,
        item_fields,
        item_record,
        list_csv,
        milestones_table,
        progress_lines,
        show_markdown,
        title_grid,
        to_json,
    )

    view = _open(plan, units, lang, output_format, as_of)
    lang, day, plan_model = view.lang, view.day, view.loaded.plan
    item = plan_model.find(item_id)
    if item is None and (children := plan_model.activities_of(item_id)):
        raise _fail(label("error.item.task", lang, id=item_id, ids=", ".join(children)), 2)
    if item is None:
        close = plan_model.close_ids(item_id)
        hint = label("error.unit.suggest", lang, names=", ".join(close)) if close else ""
        raise _fail(label("error.item.unknown", lang, id=item_id, hint=hint), 2)
    rows = rows_as_of([item], day, plan_model.items)
    met = condition_met_on(item, {i.id.value: i for i in plan_model.items})
    met = met if met is not None and met <= day else None
    if view.fmt in ("json", "csv"):
        record = item_record(item, rows, full=True)
        record["condition_met"] = met.isoformat() if met else None
        if item.met is not None and met == item.met.on:
            record["met_evidence"] = item.met.evidence.value if item.met.evidence else None
        record["as_of"] = day.isoformat()
        _echo(to_json(record) if view.fmt == "json" else list_csv([record]))
        return
    fields = item_fields(item, met, view.loaded.index, lang)
    progress = progress_lines(rows, item, met, lang)
    if view.fmt == "md":
        _echo(show_markdown(item, fields, rows, progress, lang))
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
    parts += progress or [(label("show.progress.none", lang), "dim")]
    _emit(console, parts)


# ---------------------------------------------------------------------------------------------
# list: items by section, status, unit or words


@app.command("list")
def list_command(
    section: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--section", "-s", help="Mục lớn (I … VII) hoặc nhiệm vụ (II.6)."),
    ] = None,
    status: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--status",
            help="done_on_time, done_late, pending, overdue, ongoing hoặc waiting: "
            "các mục có ít nhất một mốc ở tình trạng này.",
        ),
    ] = None,
    unit: UnitFilter = None,
    role: RoleOption = None,
    search: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--search", "-q", help="Các từ cần tìm, không phân biệt dấu."),
    ] = None,
    as_of: AsOfOption = None,
    output_format: FormatOption = "table",
    plan: PlanOption = DEFAULT_PLAN,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """Danh sách các mục của kế hoạch, lọc theo mục, tình trạng, đơn vị hoặc từ khóa.

    Every item matching all the filters given: --section (I … VII, or a task such as II.6),
    --status (items with at least one milestone in that status), --unit (and --role),
    --search (every word, ignoring case and diacritics, in the item's texts and units).
    `--format json` with no filter is the whole plan: one object per item, with its
    milestones (label, due date, kind, status).

    Ví dụ / example:  parplan list --search "chuyen doi so" --status overdue --as-of 2025-06-01
    """
    from parplan.status import STATUSES, matches_search, rows_as_of, rows_for_unit
    from parplan.views import (
        item_record,
        list_csv,
        list_markdown,
        list_table,
        md_document,
        status_label,
        to_json,
    )

    lang = language(lang)
    status_key = None
    if status is not None:
        folded = fold(status)
        for key in STATUSES:
            names = (key, label(f"status.{key}", "vi"), label(f"status.{key}", "en"))
            if folded in (fold(n) for n in names):
                status_key = key
        if status_key is None:
            raise _fail(label("error.status", lang, value=status, choices=", ".join(STATUSES)), 2)
    view = _open(plan, units, lang, output_format, as_of, unit, role)
    plan_model, day = view.loaded.plan, view.day
    rows = rows_as_of(plan_model.items, day)
    if view.entry is not None:
        rows = rows_for_unit(rows, view.loaded.index, view.entry, view.role)
    if section is not None:
        wanted = section.strip().upper()
        known = {s.id.value.upper() for s in plan_model.sections} | {
            t.id.value.upper() for t in plan_model.tasks
        }
        if wanted not in known:
            choices = ", ".join(s.id.value for s in plan_model.sections)
            raise _fail(label("error.section", lang, value=section, choices=choices), 2)
        rows = [
            row for row in rows if wanted in (row.item.section_id.upper(), row.item.task_id.upper())
        ]
    groups = _by_item(rows)
    if status_key is not None:
        groups = [(item, r) for item, r in groups if any(x.status == status_key for x in r)]
    if search:
        groups = [(item, r) for item, r in groups if matches_search(item, search)]
    if view.fmt in ("json", "csv"):
        records = []
        for item, item_rows in groups:
            record = item_record(item, item_rows)
            if view.entry is not None:
                record["role"] = item_rows[0].role
            records.append(record)
        _echo(to_json(records) if view.fmt == "json" else list_csv(records))
        return
    filters = []
    if view.entry is not None:
        filters.append(label("list.filter.unit", lang, value=view.entry.name))
    if view.role:
        filters.append(label("title.role", lang, role=label(f"role.{view.role}", lang)))
    if section is not None:
        filters.append(label("list.filter.section", lang, value=section.strip().upper()))
    if status_key is not None:
        filters.append(label("list.filter.status", lang, value=status_label(status_key, lang)))
    if search:
        filters.append(label("list.filter.search", lang, value=search))
    title = " · ".join([label("list.title", lang, as_of=dmy(day)), *filters])
    milestones = sum(len(r) for _item, r in groups)
    summary = label("list.summary", lang, items=len(groups), milestones=milestones)
    if not groups:
        summary = label("list.none", lang)
    if view.fmt == "md":
        table = list_markdown(groups, lang) if groups else ""
        _echo(md_document(title, [table, summary], view.notes()))
        return
    console = _console()
    parts: list[Any] = [(note, "dim") for note in view.notes()]
    parts.append((title, "bold"))
    if groups:
        parts.append(list_table(groups, lang, view.short, console.width))
    parts.append(summary)
    _emit(console, parts)
