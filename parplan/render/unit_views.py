"""The ``units`` view (every unit at a glance) and the ``unit`` view (one unit's page), in
every format: the renderers ``render.outputs``'s table picks, and the tables and records they
are made of. No printing, no exiting.

Why one module past 500 lines: a unit's page is made of the other views' pieces (due rows,
items in brief, tallies) and its own, in four forms; the two views share the tallies' tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from parplan.core.model import Group, Item, Unit
from parplan.core.text import markdown_escape, printable
from parplan.query.status import LEAD, OVERDUE, STATUSES, SUPPORT, Row, Tally, days_after
from parplan.render.formats import md_document, md_table, strong, to_json
from parplan.render.i18n import day_text, label
from parplan.render.layout import Col, Grid, grid
from parplan.render.outputs import Document, Screen, Sheet
from parplan.render.views import (
    DUE_FIELDS,
    ITEM_LINES,
    bar,
    due_markdown,
    due_record,
    due_table,
    iso,
    percent,
    status_summary,
    tally_record,
    title_with_role,
    unread_lines,
    unread_record,
)

if TYPE_CHECKING:
    from parplan.core.units import Entry, UnitIndex
    from parplan.query.queries import UnitPage, UnitsSummary
    from parplan.render.outputs import Document, Frame, Screen, Sheet

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
            facts.append(
                label("unit.renamed", lang, name=rename.name, on=day_text(rename.on, lang))
            )
        if entry.merged_into is not None and entry.merged_into.unit:
            facts.append(
                label(
                    "unit.merged",
                    lang,
                    name=entry.merged_into.unit,
                    on=day_text(entry.merged_into.on, lang),
                )
            )
        if entry.left is not None:
            facts.append(
                label(
                    "unit.left", lang, name=entry.left.to or "?", on=day_text(entry.left.on, lang)
                )
            )
        if entry.established is not None:
            facts.append(label("unit.established", lang, on=day_text(entry.established, lang)))
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
            day_text(row.due, lang),
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
                day_text(row.due, lang),
                transferred_where(row, lang),
            ]
            for row in rows
        ],
    )


def condition_text(item: Item, met: date | None, lang: str) -> str:
    """What a conditional item waits on, or since when its condition is met."""
    if met is not None:
        return label("show.met", lang, on=day_text(met, lang))
    if item.after is not None:
        return label("show.after", lang, id=item.after.value)
    return "; ".join(m.condition for m in item.milestones if m.condition) or item.deadline.value


# ---------------------------------------------------------------------------------------------
# units: the renderers


def _units_records(value: UnitsSummary) -> list[dict[str, Any]]:
    records = []
    for entry in value.entries:
        record = registry_record(entry, value.index, value.as_of)
        record["active"] = value.active.get(entry.name, True)
        record["role"] = value.role
        record.update(tally_record(value.tallies[entry.name]))
        records.append(record)
    return records


def units_json(value: UnitsSummary, frame: Frame) -> Document:
    return Document(to_json(_units_records(value)))


def units_sheet(value: UnitsSummary, frame: Frame) -> Sheet:
    return Sheet(units_flat(_units_records(value)), UNIT_CSV_FIELDS, "units")


def units_document(value: UnitsSummary, frame: Frame) -> Document:
    lang = frame.lang
    title = label(f"units.title.{value.role}", lang, as_of=day_text(value.as_of, lang))
    table = units_markdown(value.unit_rows(), value.group_rows(), value.total, lang)
    legend = label("units.legend", lang)
    return Document(md_document(title, [table, legend], frame.notes()))


def units_screen(value: UnitsSummary, frame: Frame) -> Screen:
    lang = frame.lang
    parts: list[Any] = [(note, "dim") for note in frame.notes()]
    parts.append(
        (label(f"units.title.{value.role}", lang, as_of=day_text(value.as_of, lang)), "bold")
    )
    table = units_table(value.unit_rows(), value.group_rows(), value.total, lang, frame.width)
    parts.append(table)
    parts.append((label("units.legend", lang), "dim"))
    return Screen(parts)


# ---------------------------------------------------------------------------------------------
# unit: the renderers


def unit_json(value: UnitPage, frame: Frame) -> Document:
    # lazy: the list's and the targets' records, for one unit's page only (not `units`)
    from parplan.render.list_view import item_record
    from parplan.render.targets import body_record, target_record

    entry, day = value.entry, value.as_of
    payload = {
        "unit": registry_record(entry, value.index, day),
        "as_of": day.isoformat(),
        "counts": {r: tally_record(value.counts[r]) for r in value.roles},
        "overdue": [due_record(row, entry, day) for row in value.overdue],
        "upcoming": [due_record(row, entry, day) for row in value.upcoming],
        "ongoing": [item_record(item, rows) for item, rows in value.ongoing],
        "waiting": [item_record(item, rows) for item, rows in value.waiting],
        "supports": [item_record(item, rows) for item, rows in value.supports],
        "transferred": [
            {**due_record(row, entry, day), "transferred_to": row.transferred_to}
            for row in value.transferred
        ],
        "responsibilities": [body_record(e) for e in value.body.responsibilities],
        "duties": [body_record(e) for e in value.body.duties],
        "targets": [target_record(state) for state in value.targets],
        "unread": [unread_record(item) for item in value.unread],  # issue 20
    }
    return Document(to_json(payload))


def unit_sheet(value: UnitPage, frame: Frame) -> Sheet:
    records = [due_record(row, value.entry, value.as_of) for row in value.mine]
    records += [unread_record(item) for item in value.unread]  # issue 20
    columns = (*DUE_FIELDS, "deadline") if value.unread else DUE_FIELDS
    return Sheet(records, columns, value.entry.name)


def _unit_sections(value: UnitPage, frame: Frame) -> list[tuple[str, str, Any]]:
    """The page's sections, in order: (kind, title, content)."""

    lang = frame.lang
    until = day_text(days_after(value.as_of, value.within), lang)
    overdue, upcoming, transferred = list(value.overdue), list(value.upcoming), value.transferred
    sections: list[tuple[str, str, Any]] = [
        ("overdue", label("unit.overdue", lang, n=len(overdue)), overdue),
        ("upcoming", label("unit.upcoming", lang, until=until, n=len(upcoming)), upcoming),
    ]
    if LEAD in value.roles:
        ongoing, waiting = list(value.ongoing), list(value.waiting)
        sections.append(("ongoing", label("unit.ongoing", lang, n=len(ongoing)), ongoing))
        sections.append(("waiting", label("unit.waiting", lang, n=len(waiting)), waiting))
    if SUPPORT in value.roles:
        supports = list(value.supports)
        sections.append(("supports", label("unit.supports", lang, n=len(supports)), supports))
    if transferred:
        title = label("unit.transferred", lang, n=len(transferred))
        sections.append(("transferred", title, list(transferred)))
    lines = unread_lines(value.unread, frame.short)  # issue 20
    if lines:
        sections.append(("unread", label("unit.unread", lang, n=len(value.unread)), lines))
    return sections


def unit_document(value: UnitPage, frame: Frame) -> Document:
    # lazy: the list's Markdown, for one unit's page only (not `units`)
    from parplan.render.list_view import list_markdown

    lang, none = frame.lang, label("view.none", frame.lang)
    heading = unit_heading(value.entry, value.index, lang, value.as_of)
    as_of_line = title_with_role(
        label("unit.as_of", lang, as_of=day_text(value.as_of, lang)), lang, value.role
    )
    role_names = [(label(f"role.{r}", lang), value.counts[r]) for r in value.roles]
    blocks = ["  \n".join(markdown_escape(line) for line in [*heading[1:], as_of_line])]
    blocks.append(counts_markdown(label("col.role", lang), role_names, lang))
    for kind, title, content in _unit_sections(value, frame):
        body = none
        if content and kind in ("overdue", "upcoming"):
            body = due_markdown(content, lang, frame.full_name)
        elif kind == "transferred":
            body = transferred_markdown(content, lang)
        elif kind == "unread":
            body = "\n".join(markdown_escape(line) for line in content)
        elif content:
            body = list_markdown(content, lang, frame.full_name)
        blocks.append(f"#### {title}\n\n{body}")
    if value.has_body:  # issue 21: the decision's body
        # lazy: the targets' renderers, for one unit's page only (not `units`)
        from parplan.render.targets import unit_body_lines

        mine = value.body
        for title, lines in unit_body_lines(
            mine.responsibilities, mine.duties, value.targets, lang
        ):
            text = "\n".join(f"- {markdown_escape(line)}" for line in lines) if lines else none
            blocks.append(f"#### {markdown_escape(title)}\n\n{text}")
    return Document(md_document(heading[0], blocks, frame.notes()))


def unit_screen(value: UnitPage, frame: Frame) -> Screen:
    lang, width, short = frame.lang, frame.width, frame.short
    none = label("view.none", lang)
    heading = unit_heading(value.entry, value.index, lang, value.as_of)
    as_of_line = title_with_role(
        label("unit.as_of", lang, as_of=day_text(value.as_of, lang)), lang, value.role
    )
    role_names = [(label(f"role.{r}", lang), value.counts[r]) for r in value.roles]
    parts: list[Any] = [(note, "dim") for note in frame.notes()]
    parts.append((heading[0], "bold"))
    parts += [(line, "dim") for line in heading[1:]]
    parts.append(as_of_line)
    parts.append("")
    parts.append(counts_table(role_names, lang, width))
    for kind, title, content in _unit_sections(value, frame):
        parts.append("")
        parts.append((title, "bold"))
        if not content:
            parts.append((none, "dim"))
        elif kind in ("overdue", "upcoming"):
            parts.append(due_table(content, lang, None, short, width))
        elif kind == "transferred":
            parts.append(transferred_table(content, lang, width))
        elif kind == "unread":
            parts += content
        elif kind == "supports":
            parts.append(items_brief_table(content, lang, short, width, "lead"))
        elif kind == "waiting":
            parts.append(items_brief_table(content, lang, short, width, "condition", value.met))
        else:
            parts.append(items_brief_table(content, lang, short, width))
    if value.has_body:  # issue 21: the decision's body
        # lazy: the targets' renderers, for one unit's page only (not `units`)
        from parplan.render.targets import unit_body_lines

        body = value.body
        for title, lines in unit_body_lines(
            body.responsibilities, body.duties, value.targets, lang
        ):
            parts.append("")
            parts.append((title, "bold"))
            if not lines:
                parts.append((none, "dim"))
            parts += [printable(f"• {line}") for line in lines]
    return Screen(parts)
