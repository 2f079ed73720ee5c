"""The small texts every view shares, and the due views (``due``, ``overdue``, ``upcoming``)
in every format. No printing, no exiting: each renderer returns an output of
``parplan.render.outputs``, whose table picks it.

Every view comes in four forms: a Rich renderable for the terminal (``table``), and records for
``json``, ``csv`` and ``md`` (Markdown for reports). Tables are laid out (``layout.grid``) column
by column, to a given width: long texts are wrapped to a few lines and cut with an ellipsis, so a
view stays readable in an 80-column terminal (``show`` gives every text whole). Units appear by
their abbreviation in tables and by their full name in the machine formats. The other views:
``unit_views`` (``units``, ``unit``), ``list_view``, ``show_view`` (``show``, ``owing``),
``targets`` (the decision's body).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

from parplan.core.model import Item
from parplan.core.text import markdown_escape, printable
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    ONGOING_STATUS,
    OVERDUE,
    PENDING,
    SOON,
    TRANSFERRED,
    WAITING,
    Row,
    Tally,
    days_after,
)
from parplan.render.formats import json_array, md_document, md_table, strong
from parplan.render.i18n import day_text, label
from parplan.render.layout import Col, Grid, grid
from parplan.render.outputs import Document, Screen, Sheet, Stream

if TYPE_CHECKING:
    from parplan.core.units import Entry
    from parplan.query.queries import DueView
    from parplan.render.outputs import Document, Frame, Screen, Sheet, Stream

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


def bar(done: int, total: int, width: int = 8) -> str:
    """A progress bar of ``done`` out of ``total``: "██████░░ 6/8"; "—" when total is 0."""
    if total <= 0:
        return "—"
    filled = round(width * done / total)
    return "█" * filled + "░" * (width - filled) + f" {done}/{total}"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(100 * rate)}%"


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
    # lazy: query.reporting, for the due view's late reasons (`list` and `units` load this too)
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
    due = day_text(milestone.legal_due, lang)
    return f"{milestone.report} ({label('report.legal_due', lang, due=due)})"


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
        cells.append(
            f"{day_text(row.due, lang)}\n{day_text(legal, lang)}"
            if legal
            else day_text(row.due, lang)
        )
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
            day_text(row.due, lang),
            strong(days) if row.status == OVERDUE else days,
            ", ".join(unit_name(ref.value) for ref in row.item.lead),
        ]
        if show_members:
            cells.append(members_text(row, lang))
        if show_role:
            cells.append(role_label(row.role, lang))
        out.append(cells)
    return md_table(headers, out)


def title_with_role(title: str, lang: str, role: str | None) -> str:
    """A view's title, with the role it keeps when ``--role`` narrows it."""
    if role:
        title += " · " + label("title.role", lang, role=label(f"role.{role}", lang))
    return title


def unread_lines(items: Sequence[Item], short: Callable[[str], str]) -> list[str]:
    """One line per item with no clear deadline: ID, the wording, the lead (issue 20)."""

    return [
        printable(
            f'- {item.id.value}: "{item.deadline.value}" — '
            + ", ".join(short(ref.value) for ref in item.lead)
        )
        for item in items
    ]


# ---------------------------------------------------------------------------------------------
# The due views' renderers (the table in ``render.outputs``)


def due_stream(value: DueView, frame: Frame) -> Stream:
    return Stream(due_json(value.rows, value.unit, value.as_of, value.unread))


def due_sheet(value: DueView, frame: Frame) -> Sheet:
    records = [due_record(row, value.unit, value.as_of) for row in value.rows]
    records += [unread_record(item) for item in value.unread]  # issue 20
    columns = (*DUE_FIELDS, "deadline") if value.unread else DUE_FIELDS
    return Sheet(records, columns, value.which)


def _due_texts(value: DueView, frame: Frame) -> tuple[str, str, list[str]]:
    """The title, the summary line and the lines under the table (reasons for delay, items
    with no clear deadline) of a due view."""

    lang, day, which, entry, rows = frame.lang, value.as_of, value.which, value.unit, value.rows
    until = day_text(days_after(day, value.within), lang)
    key = f"{which}.title.unit" if entry is not None else f"{which}.title"
    unit = frame.full_name(entry.name) if entry is not None else ""
    title = label(key, lang, unit=unit, until=until, as_of=day_text(day, lang))
    title = title_with_role(title, lang, value.role)
    overdue = sum(1 for row in rows if row.status == OVERDUE)
    if which == "due":
        summary = label("due.summary", lang, overdue=overdue, upcoming=len(rows) - overdue)
    else:
        summary = label(f"{which}.summary", lang, n=len(rows))
    if not rows:
        summary = label(f"{which}.none", lang)
    reasons = _late_reasons(value, lang) if which == "overdue" else []  # issue 12
    if which == "due" and value.unread:  # issue 20
        lines = unread_lines(value.unread, frame.short)
        reasons += [label("due.unread", lang, n=len(value.unread)), *lines]
    return title, summary, reasons


def _late_reasons(value: DueView, lang: str) -> list[str]:
    """The reasons for delay recorded for the overdue rows, one line each (issue 12)."""
    # lazy: query.reporting, for the due view's late reasons (`list` and `units` load this too)
    from parplan.query.reporting import row_reasons

    lines = []
    for row in value.rows:
        for reason in row_reasons(row, value.unit, value.as_of):
            name = row.milestone.report or row.milestone.label
            where = f" ({name})" if name and len(row.item.milestones) > 1 else ""
            lines.append(f"- {row.item.id.value}{where}: {reason}")
    return [label("overdue.reasons", lang), *lines] if lines else []


def due_document(value: DueView, frame: Frame) -> Document:
    title, summary, reasons = _due_texts(value, frame)
    table = due_markdown(value.rows, frame.lang, frame.full_name) if value.rows else ""
    escaped = "\n".join(markdown_escape(line) for line in reasons)
    return Document(md_document(title, [table, summary, escaped], frame.notes()))


def due_screen(value: DueView, frame: Frame) -> Screen:
    title, summary, reasons = _due_texts(value, frame)
    rows, lang = value.rows, frame.lang
    parts: list[Any] = [(note, "dim") for note in frame.notes()]
    parts.append((title, "bold"))
    shown = rows[: frame.limit] if frame.limit else rows
    if shown:
        entry = value.unit
        for_unit = frame.short(entry.name) if entry is not None else None
        parts.append(due_table(shown, lang, None, frame.short, frame.width, for_unit))
    if len(shown) < len(rows):
        parts.append((label("view.more", lang, count=len(rows) - len(shown)), "dim"))
    parts.append(summary)
    parts += reasons
    return Screen(parts)
