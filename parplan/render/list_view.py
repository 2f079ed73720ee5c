"""The ``list`` view (items by section, status, unit or words) in every format, and the item
records ``show`` and the unit page share. No printing, no exiting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from parplan.core.model import Item
from parplan.core.text import markdown_escape, printable
from parplan.query.status import Row
from parplan.render.formats import json_array, md_document, md_table
from parplan.render.i18n import day_text, label
from parplan.render.layout import Col, Grid, grid
from parplan.render.outputs import Document, Screen, Sheet, Stream
from parplan.render.views import ITEM_LINES, WHOLE, iso, role_label, status_label, status_summary

if TYPE_CHECKING:
    from parplan.query.queries import ListView
    from parplan.query.status import MemberPart
    from parplan.render.outputs import Document, Frame, Screen, Sheet, Stream

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
# list: the renderers


def _list_records(value: ListView) -> Iterator[dict[str, Any]]:
    for item, item_rows in value.groups:
        record = item_record(item, item_rows)
        if value.unit is not None:
            record["role"] = item_rows[0].role
        yield record


def list_stream(value: ListView, frame: Frame) -> Stream:
    return Stream(json_array(_list_records(value)))


def list_sheet(value: ListView, frame: Frame) -> Sheet:
    return Sheet(list_flat(list(_list_records(value))), LIST_CSV_FIELDS, "list")


def _list_texts(value: ListView, frame: Frame) -> tuple[str, str]:
    """The title (the day and every filter) and the summary line of a list."""
    lang = frame.lang
    filters = []
    if value.unit is not None:
        filters.append(label("list.filter.unit", lang, value=frame.full_name(value.unit.name)))
    if value.role:
        filters.append(label("title.role", lang, role=label(f"role.{value.role}", lang)))
    if value.section is not None:
        filters.append(label("list.filter.section", lang, value=value.section.strip().upper()))
    if value.statuses:
        one = value.statuses[0] if len(value.statuses) == 1 else None
        shown = status_label(one, lang) if one else value.status_typed
        filters.append(label("list.filter.status", lang, value=shown))
    if value.search:
        filters.append(label("list.filter.search", lang, value=value.search))
    title = " · ".join([label("list.title", lang, as_of=day_text(value.as_of, lang)), *filters])
    milestones = sum(len(r) for _item, r in value.groups)
    summary = label("list.summary", lang, items=len(value.groups), milestones=milestones)
    if not value.groups:
        summary = label("list.none", lang)
    return title, summary


def list_document(value: ListView, frame: Frame) -> Document:
    lang, groups, found = frame.lang, value.groups, value.found
    title, summary = _list_texts(value, frame)
    table = list_markdown(groups, lang, frame.full_name) if groups else ""
    blocks = [table, summary]
    if found:
        lines = "\n".join(f"- {markdown_escape(f'{e.id.value}: {e.text}')}" for e in found)
        blocks.append(f"#### {markdown_escape(label('body.found', lang, n=len(found)))}\n\n{lines}")
    return Document(md_document(title, blocks, frame.notes()))


def list_screen(value: ListView, frame: Frame) -> Screen:
    lang, groups, found = frame.lang, value.groups, value.found
    title, summary = _list_texts(value, frame)
    parts: list[Any] = [(note, "dim") for note in frame.notes()]
    parts.append((title, "bold"))
    first = groups[: frame.limit] if frame.limit else groups
    if first:
        parts.append(list_table(first, lang, frame.short, frame.width))
    if len(first) < len(groups):
        parts.append((label("view.more", lang, count=len(groups) - len(first)), "dim"))
    parts.append(summary)
    if found:
        parts.append("")
        parts.append((label("body.found", lang, n=len(found)), "bold"))
        parts += [printable(f"• {entry.id.value}: {entry.text}") for entry in found]
    return Screen(parts)
