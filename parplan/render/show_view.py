"""The ``show`` view (one item, whole) and the ``owing`` view (the units that still owe a
milestone) in every format: the renderers ``render.outputs``'s table picks, and the tables and
lines they are made of. No printing, no exiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from parplan.core.model import Item, Unit
from parplan.core.text import markdown_escape, printable
from parplan.core.units import name_on
from parplan.query.status import DONE_LATE, DONE_ON_TIME, OVERDUE, PENDING, Row
from parplan.render.formats import md_document, md_table, strong, to_json
from parplan.render.i18n import day_text, label
from parplan.render.layout import Col, Grid, grid, plain_text
from parplan.render.outputs import Document, Notice, Screen, Sheet
from parplan.render.views import (
    STATUS_STYLE,
    WHOLE,
    days_text,
    members_text,
    milestone_title,
    row_style,
    status_label,
    status_summary,
)

if TYPE_CHECKING:
    from rich.table import Table

    from parplan.core.units import UnitIndex
    from parplan.query.queries import ItemView, OwingView
    from parplan.render.outputs import Document, Frame, Notice, Screen, Sheet

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
        parts.append(label("show.met", lang, on=day_text(condition_met, lang)))
    else:
        parts.append(label("show.not_met", lang))
    if item.within_days is not None:
        parts.append(label("show.within", lang, n=item.within_days))
    return "; ".join(parts)


def title_grid(item: Item, width: int) -> Table:
    """The item's ID and text in bold, the text wrapped beside the ID."""
    # lazy: Rich, for the screen only
    from rich.table import Table

    table = Table.grid(padding=(0, 2, 0, 0))
    id_width = len(item.id.value)
    table.add_column(style="bold", width=id_width, no_wrap=True)
    table.add_column(style="bold", width=max(20, width - id_width - 2))
    table.add_row(plain_text(item.id.value), plain_text(item.text))
    return table


def fields_table(fields: Sequence[tuple[str, str]], width: int) -> Table:
    """Label–text pairs, the text wrapped whole."""
    # lazy: Rich, for the screen only
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
                day_text(row.due, lang),
                days_text(row.days, lang) if open_row else "",
                (status_label(row.status, lang), STATUS_STYLE[row.status]),
                day_text(row.completion.on, lang) if row.completion else "",
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
        line = label("show.progress.met", lang, on=day_text(item.met.on, lang))
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
        line = label("show.progress.done", lang, on=day_text(completion.on, lang))
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
        line = label("show.log", lang, on=day_text(entry.on, lang), text=entry.text)
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
            line += f", {day_text(reason.on, lang)}"
        out.append(line)
    return out


def hanging(line: str) -> Any:
    """A line of text as printed on a terminal: one indented by spaces keeps its indent on
    every line it wraps to (a long list of units owing), as a paragraph of a list would."""
    # lazy: Rich, for the screen only
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
        line = f"  {named(part.unit)}: " + label(
            "show.progress.done", lang, on=day_text(completion.on, lang)
        )
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
                    day_text(row.due, lang),
                    status_label(row.status, lang),
                    day_text(row.completion.on, lang) if row.completion else "",
                    *_evidence_cells(row, lang),
                ]
                for row in rows
            ],
        )
    )
    if progress:
        blocks.append("\n".join(f"- {markdown_escape(line)}" for line in progress))
    return md_document(f"{item.id.value} — {item.text}", blocks)


# ---------------------------------------------------------------------------------------------
# show: the renderers


def _show_record(value: ItemView) -> dict[str, Any]:
    # lazy: the list's records, for JSON and CSV only
    from parplan.render.list_view import item_record

    item, met = value.item, value.condition_met
    record = item_record(item, value.rows, full=True)
    record["condition_met"] = met.isoformat() if met else None
    if item.met is not None and met == item.met.on:
        record["met_evidence"] = item.met.evidence.value if item.met.evidence else None
    record["as_of"] = value.as_of.isoformat()
    for key in ("carried_from", "carried_to"):
        written = getattr(item, key)
        record[key] = written.value if written is not None else None
    record["carried_on"] = item.carried_on.isoformat() if item.carried_on else None
    # The other side of each carry, as the text shows it: where it was found, and the item's
    # milestones there as of the day (None when it was not found).
    record["carried"] = [
        {
            "direction": side.direction,
            "reference": side.reference,
            "on": side.on.isoformat() if side.on else None,
            "file": side.path,
            "milestones": (
                item_record(side.rows[0].item, side.rows)["milestones"]
                if side.rows
                else ([] if side.rows is not None else None)
            ),
        }
        for side in value.carried
    ]
    return record


def show_json(value: ItemView, frame: Frame) -> Document:
    return Document(to_json(_show_record(value)))


def show_sheet(value: ItemView, frame: Frame) -> Sheet:
    # lazy: the list's records, for JSON and CSV only
    from parplan.render.list_view import LIST_CSV_FIELDS, list_flat

    return Sheet(list_flat([_show_record(value)]), LIST_CSV_FIELDS, value.item.id.value)


def _show_fields(value: ItemView, lang: str) -> list[tuple[str, str]]:
    """The item's facts, with the other side of each carry before the source line."""
    fields = item_fields(value.item, value.condition_met, value.index, lang, value.as_of)
    fields[-1:-1] = _carry_fields(value, lang)
    return fields


def _carry_fields(value: ItemView, lang: str) -> list[tuple[str, str]]:
    """``show``'s lines naming the other side of a carry, with the item's statuses there (a
    group-led item's from its members' parts, as in ``show`` itself)."""
    fields = []
    for side in value.carried:
        status = ""
        if side.rows is not None and side.path is not None:
            summary = status_summary(side.rows, lang)[0]
            status = label("show.other", lang, file=side.path, status=summary)
        if side.direction == "to":
            on = day_text(side.on, lang) if side.on else "?"
            text = label("show.carried_to", lang, target=side.reference, on=on, status=status)
        else:
            text = label("show.carried_from", lang, origin=side.reference, status=status)
        fields.append((label("show.carry", lang), text))
    return fields


def show_document(value: ItemView, frame: Frame) -> Document:
    lang, item = frame.lang, value.item
    progress = progress_lines(value.rows, item, value.condition_met, lang, value.as_of)
    fields = _show_fields(value, lang)
    return Document(show_markdown(item, fields, value.rows, progress, lang, frame.notes()))


def show_screen(value: ItemView, frame: Frame) -> Screen:
    lang, item, width, rows = frame.lang, value.item, frame.width, value.rows
    fields = _show_fields(value, lang)
    progress = progress_lines(rows, item, value.condition_met, lang, value.as_of)
    parts: list[Any] = [(note, "dim") for note in frame.notes()]
    parts.append(title_grid(item, width))
    parts.append("")
    parts.append(fields_table(fields, width))
    parts.append("")
    parts.append((label("show.milestones", lang, as_of=day_text(value.as_of, lang)), "bold"))
    parts.append(milestones_table(rows, item, lang, width))
    parts.append("")
    parts.append((label("show.progress", lang), "bold"))
    parts += [hanging(line) for line in progress] or [(label("show.progress.none", lang), "dim")]
    also = value.also  # issue 21: "IV.1" is also a point of section IV
    if also is not None:
        # lazy: the targets' renderers, only for a point that is also one of section IV
        from parplan.render.targets import body_entry_lines

        parts.append("")
        parts.append((label("show.also-body", lang, id=also.id.value), "bold"))
        parts += [printable(line) for line in body_entry_lines(also, lang)]
    return Screen(parts)


# ---------------------------------------------------------------------------------------------
# owing: the renderers


def owing_picked(value: OwingView, milestone: str, lang: str) -> str:
    """The line saying which milestone ``owing`` picked when none was asked for."""
    due = day_text(value.due, lang) if value.due else "—"
    n = len(value.owing)
    return label(
        "owing.picked", lang, milestone=milestone, due=due, as_of=day_text(value.as_of, lang), n=n
    )


def owing_json(value: OwingView, frame: Frame) -> Document:
    return Document(to_json(list(value.owing)))


def owing_sheet(value: OwingView, frame: Frame) -> Sheet:
    return Sheet([{"unit": name} for name in value.owing], ["unit"], value.item.id.value)


def owing_document(value: OwingView, frame: Frame) -> Document:
    return Document("".join(f"- {markdown_escape(name)}\n" for name in value.owing))


def owing_lines(value: OwingView, frame: Frame) -> Document | Notice:
    if value.owing:
        return Document("\n".join(value.owing) + "\n")
    return Notice(label("owing.none", frame.lang))
