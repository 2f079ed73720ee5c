"""Rich renderables and machine formats built from query results. No printing, no exiting.

Why one module past 500 lines: for each view, its table and its machine records (json, csv,
md) side by side, since a view's four forms change together. The layout engine is in
``parplan.render.layout``, the shared JSON/CSV/Markdown writers in ``parplan.render.formats``.

Every view comes in four forms: a Rich renderable for the terminal (``table``), and records for
``json``, ``csv`` and ``md`` (Markdown for reports). Tables are laid out (``layout.grid``) column by column,
to a given width: long texts are wrapped to a few lines and cut with an ellipsis, so a view stays
readable in an 80-column terminal (``show`` gives every text whole). Units appear by their
abbreviation in tables and by their full name in the machine formats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from parplan.core.model import Group, Item, Unit
from parplan.core.text import dmy, markdown_escape
from parplan.core.units import name_on
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    ONGOING_STATUS,
    OVERDUE,
    PENDING,
    STATUSES,
    TRANSFERRED,
    WAITING,
    Row,
    Tally,
)
from parplan.render.formats import json_array, md_document, md_table, strong, to_csv
from parplan.render.i18n import label
from parplan.render.layout import Col, Grid, grid, plain_text

if TYPE_CHECKING:
    from rich.table import Table

    from parplan.core.units import Entry, UnitIndex
    from parplan.query.status import MemberPart

# The order in which an item's statuses are summed up: what needs attention first.
URGENCY = (OVERDUE, PENDING, WAITING, ONGOING_STATUS, DONE_LATE, DONE_ON_TIME, TRANSFERRED)
STATUS_STYLE = {
    OVERDUE: "red",
    PENDING: "",
    WAITING: "dim",
    ONGOING_STATUS: "dim",
    DONE_LATE: "green",
    DONE_ON_TIME: "green",
    TRANSFERRED: "dim",
}
SOON = 7  # days: an open milestone due this soon is shown in yellow
ITEM_LINES = 2  # lines an item's text may take in a table
WHOLE = 1000  # lines a cell that must never be cut may take (statuses, milestone labels)


# ---------------------------------------------------------------------------------------------
# Small texts


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def days_text(days: int | None, lang: str) -> str:
    if days is None:
        return "—"
    if days == 0:
        return label("days.today", lang)
    if days > 0:
        return label("days.left", lang, n=days)
    return label("days.late", lang, n=-days)


def status_label(status: str, lang: str) -> str:
    return label(f"status.{status}", lang)


def role_label(role: str | None, lang: str) -> str:
    return label(f"role.{role}", lang) if role else ""


def row_style(row: Row) -> str:
    """Overdue red, open and due within a week yellow, the rest plain."""
    if row.status == OVERDUE:
        return "red"
    if row.status == PENDING and row.days is not None and row.days <= SOON:
        return "yellow"
    return ""


def status_summary(rows: Sequence[Row], lang: str) -> tuple[str, str]:
    """An item's statuses in a few words ("1 quá hạn, 3 trong hạn") and the style of the most
    urgent one."""
    counts = Counter(row.status for row in rows)
    present = [status for status in URGENCY if counts[status]]
    if not present:
        return "—", ""
    if len(rows) == 1:
        text = label(f"word.{present[0]}", lang)
    else:
        text = ", ".join(f"{counts[s]} {label(f'word.{s}', lang)}" for s in present)
    return text, STATUS_STYLE[present[0]]


# ---------------------------------------------------------------------------------------------
# due, overdue, upcoming: one row per open milestone

DUE_FIELDS = (
    "id",
    "label",
    "due",
    "days",
    "status",
    "lead",
    "support",
    "role",
    "text",
    "members_done",
    "members_total",
    # review of issue 18: what the table, JSON and Markdown give, in CSV and xlsx too
    "report",
    "legal_due",
    "reasons",
)


def due_record(row: Row, unit: Entry | None = None, day: date | None = None) -> dict[str, Any]:
    """One milestone: id, label, due (ISO), days (due − as-of, negative when late), status,
    lead, support, role (of the unit asked about, or None), the item's text, and the reasons
    for delay the view of ``unit`` as of ``day`` shows (``reporting.row_reasons``)."""
    # lazy: the reporting calendar, which the table views do not load
    from parplan.query.reporting import row_reasons

    return {
        "id": row.item.id.value,
        "label": row.milestone.label,
        "due": iso(row.due),
        "days": row.days,
        "status": row.status,
        "lead": [ref.value for ref in row.item.lead],
        "support": [ref.value for ref in row.item.support],
        "role": row.role,
        "text": row.item.text,
        # A report milestone of the reporting calendar: its report, and the legal deadline
        # beside the calendar's working one in ``due`` (issue 12).
        "report": row.milestone.report,
        "legal_due": iso(row.milestone.legal_due),
        "reasons": list(row_reasons(row, unit, day)),
        "members_done": row.members_done,
        "members_total": row.members_total,
    }


def milestone_title(row: Row, lang: str | None = None) -> str:
    """A milestone as the due views name it: the report it is (with, when ``lang`` is given,
    the legal deadline the calendar's working one comes before), else its label."""
    milestone = row.milestone
    if milestone.report is None:
        return milestone.label or ""
    if lang is None or milestone.legal_due is None:
        return milestone.report
    return f"{milestone.report} ({label('report.legal_due', lang, due=dmy(milestone.legal_due))})"


def members_text(row: Row, lang: str) -> str:
    """How many members owing a group-led milestone are done: "14/20 đơn vị"; "" otherwise."""
    if row.members_total is None or row.role is not None:
        return ""
    return label("members.count", lang, done=row.members_done, total=row.members_total)


def due_json(
    rows: Iterable[Row],
    unit: Entry | None = None,
    day: date | None = None,
    unread: Iterable[Item] = (),
) -> Iterator[str]:
    """One object per milestone: id, label, due (ISO), days, status, lead, support, role, text;
    then one per item of ``unread`` (``unread_record``); the JSON array in pieces
    (``json_array``)."""
    from itertools import chain

    records = (due_record(row, unit, day) for row in rows)
    return json_array(chain(records, (unread_record(item) for item in unread)))


# issue 20: an item whose deadline the grammar read nothing of, among due's records
UNREAD = "unread"


def unread_record(item: Item) -> dict[str, Any]:
    """An item with no milestone because its deadline was not read (``deadline-unread``), as a
    record of the due views: status ``unread``, no date, the decision's wording as
    ``deadline``: so that a JSON or CSV reader sees it too."""
    return {
        "id": item.id.value,
        "label": None,
        "due": None,
        "days": None,
        "status": UNREAD,
        "lead": [ref.value for ref in item.lead],
        "support": [ref.value for ref in item.support],
        "role": None,
        "text": item.text,
        "report": None,
        "legal_due": None,
        "reasons": [],
        "members_done": None,
        "members_total": None,
        "deadline": item.deadline.value,
    }


def due_csv(rows: Sequence[Row], lang: str | None = None) -> str:
    return to_csv([due_record(row) for row in rows], DUE_FIELDS, lang)


def due_table(
    rows: Sequence[Row],
    lang: str,
    title: str | None = None,
    unit_label: Callable[[str], str] = str,
    width: int = 80,
    for_unit: str | None = None,
) -> Grid:
    """The due / overdue / upcoming table: overdue rows red, due within 7 days yellow.

    The item's text takes at most two lines; units are shown by their abbreviation
    (``unit_label``); the milestone and role columns appear only when some row has something to
    put there. ``title``, if given, is shown above the table. ``for_unit`` (the abbreviation of
    the unit asked about): when every row is that unit's own lead, the lead and role columns,
    which would only repeat it, give their room to the text.
    """
    show_label = any(row.milestone.label or row.milestone.report for row in rows)
    show_role = any(row.role for row in rows)
    show_lead = True
    if for_unit is not None and rows:
        own = all(
            row.role == "lead"
            and (row.per_member or [unit_label(r.value) for r in row.item.lead] == [for_unit])
            for row in rows
        )
        if own:
            show_lead = show_role = False
    show_members = any(members_text(row, lang) for row in rows)
    # issue 18: a report milestone's legal deadline (the decision's) beside the calendar's
    show_legal = any(row.milestone.report and row.milestone.legal_due for row in rows)
    cols = [Col(label("col.id", lang)), Col(label("col.item", lang), lines=ITEM_LINES, flex=True)]
    if show_label:
        cols.append(Col(label("col.milestone", lang), cap=12, lines=ITEM_LINES))
    if show_legal:  # the working deadline, and under it the decision's: dates are never split
        # (no cap: a capped column of two lines would be squeezed, and a date split)
        cols.append(Col(label("col.due", lang) + "\n" + label("col.legal_due", lang), lines=2))
    else:
        cols.append(Col(label("col.due", lang)))
    cols.append(Col(label("col.days", lang), justify="right"))
    if show_lead:
        cols.append(Col(label("col.lead", lang), cap=12, lines=ITEM_LINES))
    if show_members:
        cols.append(Col(label("col.members", lang), cap=9, lines=ITEM_LINES))
    if show_role:
        cols.append(Col(label("col.role", lang)))
    lines = []
    for row in rows:
        cells = [row.item.id.value, row.item.text]
        if show_label:
            cells.append(milestone_title(row))
        legal = row.milestone.legal_due if show_legal and row.milestone.report else None
        cells.append(f"{dmy(row.due)}\n{dmy(legal)}" if legal else dmy(row.due))
        cells.append(days_text(row.days, lang))
        if show_lead:
            cells.append(", ".join(unit_label(ref.value) for ref in row.item.lead))
        if show_members:
            cells.append(members_text(row, lang))
        if show_role:
            cells.append(role_label(row.role, lang))
        lines.append(cells)
    table = grid(cols, lines, width, [row_style(row) for row in rows])
    table.title = title
    return table


def due_markdown(rows: Sequence[Row], lang: str, unit_name: Callable[[str], str] = str) -> str:
    """The due rows as a Markdown table, with full texts and unit names (``unit_name``: how a
    unit written in the plan is named, e.g. its successor's name as of the day)."""
    show_role = any(row.role for row in rows)
    show_members = any(members_text(row, lang) for row in rows)
    headers = [
        label("col.id", lang),
        label("col.item", lang),
        label("col.milestone", lang),
        label("col.due", lang),
        label("col.days", lang),
        label("col.lead", lang),
    ]
    if show_members:
        headers.append(label("col.members", lang))
    if show_role:
        headers.append(label("col.role", lang))
    out = []
    for row in rows:
        days = days_text(row.days, lang)
        cells = [
            row.item.id.value,
            row.item.text,
            milestone_title(row, lang),
            dmy(row.due),
            strong(days) if row.status == OVERDUE else days,
            ", ".join(unit_name(ref.value) for ref in row.item.lead),
        ]
        if show_members:
            cells.append(members_text(row, lang))
        if show_role:
            cells.append(role_label(row.role, lang))
        out.append(cells)
    return md_table(headers, out)


# ---------------------------------------------------------------------------------------------
# Units: the registry entry, and its tally


def registry_record(entry: Entry, index: UnitIndex, day: date | None = None) -> dict[str, Any]:
    """What the registry says of a unit or group, so that scripts can resolve names as parplan
    does: name, short, aliases, kind ("group" for a group), and for a group its members (those
    of the ministry on ``day`` when given, else as the plan was issued)."""
    record: dict[str, Any] = {
        "name": entry.name,
        "short": entry.short if isinstance(entry, Unit) else None,
        "aliases": [alias.value for alias in entry.aliases],
        "kind": entry.kind if isinstance(entry, Unit) else "group",
    }
    if isinstance(entry, Unit):
        record["renamed"] = [{"name": r.name, "on": iso(r.on)} for r in entry.renamed]
        record["merged_into"] = (
            {"unit": entry.merged_into.unit, "on": iso(entry.merged_into.on)}
            if entry.merged_into
            else None
        )
        record["left"] = (
            {"to": entry.left.to, "on": iso(entry.left.on)} if entry.left is not None else None
        )
        record["established"] = iso(entry.established)
        record["part_of"] = entry.part_of.value if entry.part_of else None
    if isinstance(entry, Group):
        record["placeholder"] = entry.placeholder
        members = index.members(entry) if day is None else index.members_on(entry, day)
        record["members"] = [] if entry.placeholder else [u.name for u in members]
    return record


def tally_record(counts: Tally) -> dict[str, Any]:
    rate = counts.on_time_rate
    return {
        "statuses": dict(counts.statuses),
        "due_so_far": counts.due_so_far,
        "done_on_time": counts.done_on_time,
        "done_late": counts.done_late,
        "overdue": counts.overdue,
        "on_time_rate": round(rate, 4) if rate is not None else None,
    }


UNIT_CSV_FIELDS = (
    "name",
    "short",
    "kind",
    "aliases",
    "members",
    "active",
    *STATUSES,
    "transferred",
    "due_so_far",
    "done_on_time_due",
    "done_late_due",
    "overdue_due",
    "on_time_rate",
)


def units_csv(records: Sequence[Mapping[str, Any]], lang: str | None = None) -> str:
    return to_csv(units_flat(records), UNIT_CSV_FIELDS, lang)


def units_flat(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows of ``units`` as flat records, in the columns of ``UNIT_CSV_FIELDS``."""
    flat = []
    for record in records:
        row = dict(record)
        row.update(record["statuses"])
        row["done_on_time_due"] = record["done_on_time"]
        row["done_late_due"] = record["done_late"]
        row["overdue_due"] = record["overdue"]
        flat.append(row)
    return flat


def bar(done: int, total: int, width: int = 8) -> str:
    """A progress bar of ``done`` out of ``total``: "██████░░ 6/8"; "—" when total is 0."""
    if total <= 0:
        return "—"
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled) + f" {done}/{total}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(100 * rate)}%"


def _count(n: int) -> str:
    return str(n) if n else "·"


def _count_cells(counts: Tally) -> list[str | tuple[str, str]]:
    cells: list[str | tuple[str, str]] = []
    for status in STATUSES:
        n = counts.statuses[status]
        cells.append((_count(n), "red") if status == OVERDUE and n else _count(n))
    return cells


def _count_cols(lang: str) -> list[Col]:
    return [Col(label(f"head.{status}", lang), justify="right") for status in STATUSES]


def units_table(
    entries: Sequence[tuple[str, Tally]],
    groups: Sequence[tuple[str, Tally]],
    total: Tally,
    lang: str,
    width: int = 80,
) -> Grid:
    """One row per unit, then the groups, then the whole plan: milestones by status, a bar of
    the deadlines passed that are done, and the on-time rate."""
    cols = [
        Col(label("col.unit", lang), lines=3, flex=True, least=12, cap=48),
        *_count_cols(lang),
        Col(label("col.progress", lang)),
        Col(label("col.rate", lang), justify="right"),
    ]
    rows = []
    for name, counts in [*entries, *groups, (label("units.total", lang), total)]:
        rows.append(
            [
                name,
                *_count_cells(counts),
                bar(counts.done, counts.due_so_far),
                percent(counts.on_time_rate),
            ]
        )
    sections = [len(entries) - 1, len(entries) + len(groups) - 1]
    styles = [""] * (len(rows) - 1) + ["bold"]
    return grid(cols, rows, width, styles, sections)


def counts_markdown(first: str, named: Sequence[tuple[str, Tally]], lang: str) -> str:
    """Tallies as a Markdown table: a name (column ``first``), the counts by status, the
    deadlines passed, those done, and the on-time rate."""
    headers = [
        first,
        *(label(f"status.{status}", lang) for status in STATUSES),
        label("col.due_so_far", lang),
        label("col.progress", lang),
        label("col.rate", lang).replace("\n", " "),
    ]
    rows = [
        [
            name,
            *(str(counts.statuses[s]) for s in STATUSES),
            str(counts.due_so_far),
            f"{counts.done}/{counts.due_so_far}" if counts.due_so_far else "—",
            percent(counts.on_time_rate),
        ]
        for name, counts in named
    ]
    return md_table(headers, rows)


def units_markdown(
    entries: Sequence[tuple[str, Tally]],
    groups: Sequence[tuple[str, Tally]],
    total: Tally,
    lang: str,
) -> str:
    total_row = (strong(label("units.total", lang)), total)
    return counts_markdown(label("col.unit", lang), [*entries, *groups, total_row], lang)


def counts_table(by_role: Sequence[tuple[str, Tally]], lang: str, width: int = 80) -> Grid:
    """A unit's milestones by status, one row per role."""
    cols = [
        Col(label("col.role", lang)),
        *_count_cols(lang),
        Col(label("col.progress", lang)),
        Col(label("col.rate", lang), justify="right"),
    ]
    rows = [
        [
            name,
            *_count_cells(counts),
            bar(counts.done, counts.due_so_far),
            percent(counts.on_time_rate),
        ]
        for name, counts in by_role
    ]
    return grid(cols, rows, width)


def unit_heading(entry: Entry, index: UnitIndex, lang: str, day: date | None = None) -> list[str]:
    """The lines that introduce a unit: its name and abbreviation, kind, other names, and what
    the reorganisation of 2025 did to it."""
    head = entry.name
    if isinstance(entry, Unit) and entry.short:
        head += f" ({entry.short})"
    kind = entry.kind if isinstance(entry, Unit) else "group"
    lines = [f"{head} · {label(f'kind.{kind}', lang)}"]
    facts: list[str] = []
    if entry.aliases:
        facts.append(
            label("unit.aliases", lang, names="; ".join(alias.value for alias in entry.aliases))
        )
    if isinstance(entry, Unit):
        if entry.part_of is not None:
            facts.append(label("unit.part_of", lang, name=entry.part_of.value))
        for rename in entry.renamed:
            facts.append(label("unit.renamed", lang, name=rename.name, on=dmy(rename.on)))
        if entry.merged_into is not None and entry.merged_into.unit:
            facts.append(
                label(
                    "unit.merged",
                    lang,
                    name=entry.merged_into.unit,
                    on=dmy(entry.merged_into.on),
                )
            )
        if entry.left is not None:
            facts.append(label("unit.left", lang, name=entry.left.to or "?", on=dmy(entry.left.on)))
        if entry.established is not None:
            facts.append(label("unit.established", lang, on=dmy(entry.established)))
        predecessors = [
            u.name
            for u in index.registry.units
            if u.merged_into is not None and u.merged_into.unit == entry.name
        ]
        if predecessors:
            facts.append(label("unit.takes_over", lang, names="; ".join(predecessors)))
    if isinstance(entry, Group):
        if entry.placeholder:
            facts.append(label("unit.placeholder", lang))
        else:
            members = index.members(entry) if day is None else index.members_on(entry, day)
            names = [member.short or member.name for member in members]
            facts.append(label("unit.members", lang, n=len(names), names=", ".join(names)))
    return lines + facts


def items_brief_table(
    groups: Sequence[tuple[Item, Sequence[Row]]],
    lang: str,
    unit_label: Callable[[str], str],
    width: int,
    extra: str | None = None,
    met: Mapping[str, date | None] | None = None,
) -> Grid:
    """Items in brief: ID, text, then ``extra`` ("lead": who leads it and the status summary;
    "condition": the condition, and the day it was met from ``met``; None: nothing more)."""
    cols = [Col(label("col.id", lang)), Col(label("col.item", lang), lines=ITEM_LINES, flex=True)]
    if extra == "lead":
        cols += [
            Col(label("col.lead", lang), cap=12, lines=ITEM_LINES),
            Col(label("col.status", lang), cap=18, lines=ITEM_LINES),
        ]
    elif extra == "condition":
        cols.append(Col(label("col.condition", lang), cap=30, lines=ITEM_LINES))
    rows = []
    for item, item_rows in groups:
        cells: list[str | tuple[str, str]] = [item.id.value, item.text]
        if extra == "lead":
            cells.append(", ".join(unit_label(ref.value) for ref in item.lead))
            cells.append(status_summary(item_rows, lang))
        elif extra == "condition":
            cells.append(condition_text(item, (met or {}).get(item.id.value), lang))
        rows.append(cells)
    return grid(cols, rows, width)


def transferred_where(row: Row, lang: str) -> str:
    if row.transferred_to:
        return label("unit.transferred.to", lang, name=row.transferred_to)
    return label("unit.transferred.unknown", lang)


def transferred_table(rows: Sequence[Row], lang: str, width: int) -> Grid:
    """Milestones a unit would have owed but that fell due after it left or merged: ID, text,
    milestone, due date, and where they went."""
    cols = [
        Col(label("col.id", lang)),
        Col(label("col.item", lang), lines=ITEM_LINES, flex=True),
        Col(label("col.milestone", lang), cap=14, lines=ITEM_LINES),
        Col(label("col.due", lang)),
        Col(label("col.where", lang), cap=26, lines=3),
    ]
    lines: list[list[str | tuple[str, str]]] = [
        [
            row.item.id.value,
            row.item.text,
            row.milestone.label or "",
            dmy(row.due),
            (transferred_where(row, lang), "dim"),
        ]
        for row in rows
    ]
    return grid(cols, lines, width)


def transferred_markdown(rows: Sequence[Row], lang: str) -> str:
    headers = [
        label("col.id", lang),
        label("col.item", lang),
        label("col.milestone", lang),
        label("col.due", lang),
        label("col.where", lang),
    ]
    return md_table(
        headers,
        [
            [
                row.item.id.value,
                row.item.text,
                row.milestone.label or "",
                dmy(row.due),
                transferred_where(row, lang),
            ]
            for row in rows
        ],
    )


def condition_text(item: Item, met: date | None, lang: str) -> str:
    """What a conditional item waits on, or since when its condition is met."""
    if met is not None:
        return label("show.met", lang, on=dmy(met))
    if item.after is not None:
        return label("show.after", lang, id=item.after.value)
    return "; ".join(m.condition for m in item.milestones if m.condition) or item.deadline.value


# ---------------------------------------------------------------------------------------------
# list: items, each with its milestones' statuses

LIST_CSV_FIELDS = (
    "id",
    "section",
    "task",
    "milestone",
    "label",
    "due",
    "kind",
    "status",
    "done",
    "evidence",
    "recorded_by",
    "lead",
    "support",
    "deadline",
    "product",
    "task_title",
    "note",
)


def item_record(item: Item, rows: Sequence[Row], full: bool = False) -> dict[str, Any]:
    """An item and its milestones as data: each milestone's label, due date (ISO or None),
    kind (date, ongoing, conditional), status and the day it was done (ISO or None).

    ``full`` adds what ``show`` gives: section title, source location, days, evidence, who
    recorded it, the condition, and the work log and reasons for delay (all of them, each
    with its day, whatever the as-of day).
    """
    record: dict[str, Any] = {
        "id": item.id.value,
        "section": item.section_id,
        "task": item.task_id,
        "task_title": item.task_title,
        "product": item.product,
        "lead": [ref.value for ref in item.lead],
        "support": [ref.value for ref in item.support],
        "deadline": item.deadline.value,
        "note": item.note,
        "milestones": [],
    }
    for row in rows:
        milestone: dict[str, Any] = {
            "label": row.milestone.label,
            "due": iso(row.due),
            "kind": row.milestone.kind,
            "status": row.status,
            "done": iso(row.completion.on) if row.completion else None,
        }
        completion = row.completion if not row.per_member else None
        milestone["evidence"] = (
            completion.evidence.value if completion and completion.evidence else None
        )
        milestone["recorded_by"] = completion.recorded_by if completion else None
        if full:
            milestone["days"] = row.days
            milestone["condition"] = row.milestone.condition
            milestone["report"] = row.milestone.report  # issue 12: the reporting calendar
            milestone["legal_due"] = iso(row.milestone.legal_due)
            if row.members_total is not None:
                milestone["members"] = [member_record(part) for part in row.members]
        if row.members_total is not None:
            milestone["members_done"] = row.members_done
            milestone["members_total"] = row.members_total
        if row.transferred_to is not None:
            milestone["transferred_to"] = row.transferred_to
        record["milestones"].append(milestone)
    if full:
        record["section_title"] = item.section_title
        record["source"] = str(item.source)
        record["after"] = item.after.value if item.after else None
        record["within_days"] = item.within_days
        # issue 18: every record the file holds about the item, as written, whatever the day
        record["log"] = [
            {"on": iso(e.on), "text": e.text, "unit": e.unit, "evidence": e.evidence}
            for e in item.log
        ]
        record["late"] = [
            {
                "milestone": r.milestone.value if r.milestone else None,
                "reason": r.reason,
                "unit": r.unit,
                "on": iso(r.on),
            }
            for r in item.late
        ]
    return record


def member_record(part: MemberPart) -> dict[str, Any]:
    """One member's part of a group-led milestone: unit (full name), status, done (ISO or
    None), evidence."""
    completion = part.completion
    return {
        "unit": part.unit.name,
        "status": part.status,
        "done": iso(completion.on) if completion else None,
        "evidence": completion.evidence.value if completion and completion.evidence else None,
    }


def list_csv(records: Sequence[Mapping[str, Any]], lang: str | None = None) -> str:
    """One CSV row per milestone, with its item's columns."""
    return to_csv(list_flat(records), LIST_CSV_FIELDS, lang)


def list_flat(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Item records as one flat record per milestone, in the columns of ``LIST_CSV_FIELDS``."""
    flat = []
    for record in records:
        for number, milestone in enumerate(record["milestones"], start=1):
            row = {key: value for key, value in record.items() if key != "milestones"}
            row.update(milestone)
            row["milestone"] = number
            flat.append(row)
    return flat


def list_table(
    groups: Sequence[tuple[Item, Sequence[Row]]],
    lang: str,
    unit_label: Callable[[str], str],
    width: int,
) -> Grid:
    """Items, one row each: ID, text, deadline as written, lead, statuses in brief."""
    show_role = any(rows and rows[0].role for _item, rows in groups)
    cols = [
        Col(label("col.id", lang)),
        Col(label("col.item", lang), lines=ITEM_LINES, flex=True),
        Col(label("col.deadline", lang), cap=14, lines=ITEM_LINES),
        Col(label("col.lead", lang), cap=12, lines=ITEM_LINES),
    ]
    if show_role:
        cols.append(Col(label("col.role", lang)))
    # The statuses are never cut: they wrap over as many lines as they need.
    cols.append(Col(label("col.status", lang), cap=16, lines=WHOLE))
    rows = []
    for item, item_rows in groups:
        cells: list[str | tuple[str, str]] = [
            item.id.value,
            item.text,
            item.deadline.value,
            ", ".join(unit_label(ref.value) for ref in item.lead),
        ]
        if show_role:
            cells.append(role_label(item_rows[0].role if item_rows else None, lang))
        cells.append(status_summary(item_rows, lang))
        rows.append(cells)
    return grid(cols, rows, width)


def list_markdown(
    groups: Sequence[tuple[Item, Sequence[Row]]],
    lang: str,
    unit_name: Callable[[str], str] = str,
) -> str:
    headers = [
        label("col.id", lang),
        label("col.item", lang),
        label("col.deadline", lang),
        label("col.lead", lang),
        label("col.support", lang),
        label("col.status", lang),
    ]
    records = {item.id.value: record_text(item_rows, lang) for item, item_rows in groups}
    show_records = any(records.values())
    if show_records:
        headers.append(label("field.evidence", lang))
    rows = [
        [
            item.id.value,
            item.text,
            item.deadline.value,
            ", ".join(unit_name(ref.value) for ref in item.lead),
            ", ".join(unit_name(ref.value) for ref in item.support),
            status_summary(item_rows, lang)[0],
            *([records[item.id.value]] if show_records else []),
        ]
        for item, item_rows in groups
    ]
    return md_table(headers, rows)


def record_text(rows: Sequence[Row], lang: str) -> str:
    """The evidence of an item's completions, and who recorded them: "Ban hành: QĐ 1 (Nguyễn
    Văn A); …"; a group-led milestone says how many members are done."""
    parts = []
    for row in rows:
        name = row.milestone.label or (str(row.number) if len(rows) > 1 else "")
        if row.per_member:
            if row.members_done:
                text = label("members.count", lang, done=row.members_done, total=row.members_total)
                parts.append(f"{name}: {text}" if name else text)
            continue
        completion = row.completion
        if completion is None:
            continue
        text = completion.evidence.value if completion.evidence else "—"
        if completion.recorded_by:
            text += f" ({completion.recorded_by})"
        parts.append(f"{name}: {text}" if name else text)
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# show: one item, whole


def item_fields(
    item: Item, condition_met: date | None, index: UnitIndex, lang: str, day: date | None = None
) -> list[tuple[str, str]]:
    """The item's facts as (label, text) pairs, every text whole. With ``day``, units are
    named as of that day (a merged unit by its successor, a renamed one by that day's name)."""

    def names(refs: Iterable[Any]) -> str:
        out = []
        for ref in refs:
            if day is None:
                name, short = ref.value, index.short_name(ref.value)
            else:
                name, short = (
                    index.display_name(ref.value, day),
                    index.display_short(ref.value, day),
                )
            out.append(f"{name} ({short})" if short != name else name)
        return "; ".join(out)

    fields = [
        (label("show.section", lang), f"{item.section_id}. {item.section_title}"),
    ]
    if not item.is_task:
        fields.append((label("show.task", lang), f"{item.task_id}. {item.task_title}"))
        fields.append((label("show.product", lang), item.product))
    else:
        fields.append((label("show.task", lang), item.task_title))
        if item.product and item.product != item.task_title:
            fields.append((label("show.product", lang), item.product))
    fields.append((label("col.lead", lang), names(item.lead)))
    if item.support:
        fields.append((label("col.support", lang), names(item.support)))
    fields.append((label("col.deadline", lang), item.deadline.value))
    condition = _condition_line(item, condition_met, lang)
    if condition:
        fields.append((label("col.condition", lang), condition))
    if item.note:
        fields.append((label("show.note", lang), item.note))
    fields.append((label("show.source", lang), str(item.source)))
    return fields


def _condition_line(item: Item, condition_met: date | None, lang: str) -> str:
    if not any(m.condition for m in item.milestones) and item.after is None:
        return ""
    parts = []
    if item.after is not None:
        parts.append(label("show.after", lang, id=item.after.value))
    if condition_met is not None:
        parts.append(label("show.met", lang, on=dmy(condition_met)))
    else:
        parts.append(label("show.not_met", lang))
    if item.within_days is not None:
        parts.append(label("show.within", lang, n=item.within_days))
    return "; ".join(parts)


def title_grid(item: Item, width: int) -> Table:
    """The item's ID and text in bold, the text wrapped beside the ID."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2, 0, 0))
    id_width = len(item.id.value)
    table.add_column(style="bold", width=id_width, no_wrap=True)
    table.add_column(style="bold", width=max(20, width - id_width - 2))
    table.add_row(plain_text(item.id.value), plain_text(item.text))
    return table


def fields_table(fields: Sequence[tuple[str, str]], width: int) -> Table:
    """Label–text pairs, the text wrapped whole."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2, 0, 0))
    label_width = max(len(name) for name, _ in fields)
    table.add_column(style="bold", width=label_width, no_wrap=True)
    table.add_column(width=max(20, width - label_width - 2))
    for name, text in fields:
        table.add_row(plain_text(name), plain_text(text))
    return table


def milestones_table(rows: Sequence[Row], item: Item, lang: str, width: int) -> Grid:
    """Each milestone: number, label, due date, days, status and the day it was done."""
    cols = [
        Col("#", justify="right"),
        Col(label("col.milestone", lang), lines=WHOLE, flex=True, least=12),
        Col(label("col.due", lang)),
        Col(label("col.days", lang), justify="right"),
        Col(label("col.status", lang), lines=WHOLE, cap=24),
        Col(label("col.done", lang)),
    ]
    show_members = any(members_text(row, lang) for row in rows)
    if show_members:
        cols.append(Col(label("col.members", lang)))
    lines: list[list[str | tuple[str, str]]] = []
    for row in rows:
        name = row.milestone.label or row.milestone.condition
        if not name:
            name = item.deadline.value if len(rows) == 1 else "—"
        if row.milestone.report:  # a report of the reporting calendar (issue 12)
            name = f"{name} — {milestone_title(row, lang)}"
        open_row = row.status in (PENDING, OVERDUE)
        lines.append(
            [
                str(row.number),
                name,
                dmy(row.due),
                days_text(row.days, lang) if open_row else "",
                (status_label(row.status, lang), STATUS_STYLE[row.status]),
                dmy(row.completion.on) if row.completion else "",
                *([members_text(row, lang)] if show_members else []),
            ]
        )
    return grid(cols, lines, width, [row_style(row) for row in rows])


def progress_lines(
    rows: Sequence[Row],
    item: Item,
    condition_met: date | None,
    lang: str,
    as_of: date | None = None,
) -> list[str]:
    """Recorded progress, one line each: what was done when, on what evidence, recorded by whom."""
    out = []
    if item.met is not None and condition_met == item.met.on:
        line = label("show.progress.met", lang, on=dmy(item.met.on))
        if item.met.evidence:
            line += " — " + label("show.evidence", lang, text=item.met.evidence.value)
        out.append(line)
    for row in rows:
        if row.per_member:
            out += member_lines(row, len(rows), lang, as_of)
            continue
        completion = row.completion
        if completion is None:
            continue
        name = row.milestone.label or (str(row.number) if len(rows) > 1 else "")
        line = label("show.progress.done", lang, on=dmy(completion.on))
        if name:
            line = f"{name}: {line}"
        if completion.evidence:
            line += " — " + label("show.evidence", lang, text=completion.evidence.value)
        if completion.recorded_by:
            line += " (" + label("show.recorded_by", lang, name=completion.recorded_by) + ")"
        out.append(line)
    out += worklog_lines(item, lang, as_of)
    return out


def worklog_lines(item: Item, lang: str, as_of: date | None = None) -> list[str]:
    """The item's work log and reasons for delay (issue 12), up to ``as_of``."""
    out = []
    for entry in item.log:
        if as_of is not None and entry.on > as_of:
            continue
        line = label("show.log", lang, on=dmy(entry.on), text=entry.text)
        if entry.unit:
            line += f" ({entry.unit})"
        if entry.evidence:
            line += " — " + label("show.evidence", lang, text=entry.evidence)
        out.append(line)
    for reason in item.late:
        if as_of is not None and reason.on is not None and reason.on > as_of:
            continue
        where = f" ({reason.milestone.value})" if reason.milestone else ""
        line = label("show.late", lang, milestone=where, reason=reason.reason)
        if reason.unit:
            line += f" ({reason.unit})"
        if reason.on:
            line += f", {dmy(reason.on)}"
        out.append(line)
    return out


def hanging(line: str) -> Any:
    """A line of text as printed on a terminal: one indented by spaces keeps its indent on
    every line it wraps to (a long list of units owing), as a paragraph of a list would."""
    from rich.padding import Padding

    text = line.lstrip(" ")
    indent = len(line) - len(text)
    return Padding(plain_text(text), (0, 0, 0, indent)) if indent else plain_text(line)


def member_lines(row: Row, count: int, lang: str, as_of: date | None = None) -> list[str]:
    """A group-led milestone member by member: the members done (date, evidence, who recorded
    it), then in one line those still owing; a renamed member by its name on ``as_of``."""

    def named(unit: Unit) -> str:
        return name_on(unit, as_of) if as_of is not None else unit.name

    name = row.milestone.label or (str(row.number) if count > 1 else "")
    head = label("members.count", lang, done=row.members_done, total=row.members_total)
    out = [f"{name}: {head}" if name else head]
    for part in row.members:
        completion = part.completion
        if completion is None or part.status not in (DONE_ON_TIME, DONE_LATE):
            continue
        line = f"  {named(part.unit)}: " + label("show.progress.done", lang, on=dmy(completion.on))
        if part.status == DONE_LATE:
            line += " (" + label("word.done_late", lang) + ")"
        if completion.evidence:
            line += " — " + label("show.evidence", lang, text=completion.evidence.value)
        if completion.recorded_by:
            line += " (" + label("show.recorded_by", lang, name=completion.recorded_by) + ")"
        out.append(line)
    owing = [named(p.unit) for p in row.members if p.status not in (DONE_ON_TIME, DONE_LATE)]
    if owing:
        out.append("  " + label("members.owing", lang, n=len(owing), names="; ".join(owing)))
    return out


def _evidence_cells(row: Row, lang: str) -> list[str]:
    if row.per_member:
        return [label("members.count", lang, done=row.members_done, total=row.members_total), ""]
    completion = row.completion
    if completion is None:
        return ["", ""]
    return [completion.evidence.value if completion.evidence else "", completion.recorded_by or ""]


def show_markdown(
    item: Item,
    fields: Sequence[tuple[str, str]],
    rows: Sequence[Row],
    progress: Sequence[str],
    lang: str,
    notes: Sequence[str] = (),
) -> str:
    blocks = [f"> {markdown_escape(note)}" for note in notes]  # which plan, as md_document's notes
    blocks.append(
        "\n".join(f"- {strong(name + ':')} {markdown_escape(text)}" for name, text in fields)
    )
    headers = [
        "#",
        label("col.milestone", lang),
        label("col.due", lang),
        label("col.status", lang),
        label("col.done", lang),
        label("field.evidence", lang),
        label("field.recorded_by", lang),
    ]
    blocks.append(
        md_table(
            headers,
            [
                [
                    str(row.number),
                    row.milestone.label or row.milestone.condition or item.deadline.value,
                    dmy(row.due),
                    status_label(row.status, lang),
                    dmy(row.completion.on) if row.completion else "",
                    *_evidence_cells(row, lang),
                ]
                for row in rows
            ],
        )
    )
    if progress:
        blocks.append("\n".join(f"- {markdown_escape(line)}" for line in progress))
    return md_document(f"{item.id.value} — {item.text}", blocks)
