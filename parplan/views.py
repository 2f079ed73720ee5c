"""Rich renderables and machine formats built from query results. No printing, no exiting."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from parplan.i18n import label
from parplan.status import OVERDUE, Row

if TYPE_CHECKING:
    from rich.table import Table


def dmy(day: date | None) -> str:
    """A date as Vietnamese documents write it: dd/mm/yyyy."""
    return day.strftime("%d/%m/%Y") if day else "—"


def days_text(days: int | None, lang: str) -> str:
    if days is None:
        return "—"
    if days == 0:
        return label("days.today", lang)
    if days > 0:
        return label("days.left", lang, n=days)
    return label("days.late", lang, n=-days)


def due_table(
    rows: Sequence[Row],
    lang: str,
    title: str,
    unit_label: Callable[[str], str] = str,
    width: int = 80,
) -> Table:
    """The due / overdue / upcoming table: overdue rows red, due within 7 days yellow.

    Readable at 80 columns: the item's text takes at most two lines and ends in an ellipsis
    (``show`` gives it whole), units are shown by their abbreviation (``unit_label``), and the
    milestone and role columns appear only when some row has something to put there.
    """
    from rich import box
    from rich.table import Table

    show_label = any(row.milestone.label for row in rows)
    show_role = any(row.role for row in rows)
    table = Table(
        title=title,
        title_justify="left",
        expand=True,
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        pad_edge=False,
    )
    id_width = max((len(row.item.id.value) for row in rows), default=4)
    table.add_column(label("col.id", lang), no_wrap=True, min_width=id_width)
    table.add_column(label("col.item", lang), ratio=1, min_width=16)
    if show_label:
        table.add_column(
            label("col.milestone", lang), no_wrap=True, overflow="ellipsis", max_width=10
        )
    table.add_column(label("col.due", lang), no_wrap=True, min_width=10)
    table.add_column(label("col.days", lang), no_wrap=True, justify="right")
    table.add_column(label("col.lead", lang), no_wrap=True, overflow="ellipsis", max_width=10)
    if show_role:
        table.add_column(label("col.role", lang), no_wrap=True)
    lines = []
    for row in rows:
        cells = [row.item.id.value, row.item.text]
        if show_label:
            cells.append(row.milestone.label or "")
        cells += [
            dmy(row.due),
            days_text(row.days, lang),
            ", ".join(unit_label(ref.value) for ref in row.item.lead),
        ]
        if show_role:
            cells.append(label(f"role.{row.role}", lang) if row.role else "")
        lines.append(cells)
    # The width the other columns take (content, capped, plus padding) decides how much
    # of the item's text fits in two lines.
    caps = [
        None,
        None,
        *([10] if show_label else []),
        None,
        None,
        10,
        *([None] if show_role else []),
    ]
    others = 0
    for position, column in enumerate(table.columns):
        if position == 1:
            continue
        natural = max([len(str(column.header)), *(len(cells[position]) for cells in lines)])
        cap = caps[position]
        others += (min(natural, cap) if cap else natural) + 2  # padding and separator
    item_width = max(16, width - others - 3)
    for row, cells in zip(rows, lines, strict=True):
        cells[1] = _short(cells[1], 2 * item_width - item_width // 3)
        style = "red" if row.status == OVERDUE else ("yellow" if (row.days or 0) <= 7 else None)
        table.add_row(*cells, style=style)
    return table


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def due_json(rows: Sequence[Row]) -> str:
    """One object per milestone: id, label, due (ISO), days, status, lead, support, role."""
    payload = [
        {
            "id": row.item.id.value,
            "label": row.milestone.label,
            "due": row.due.isoformat() if row.due else None,
            "days": row.days,
            "status": row.status,
            "lead": [ref.value for ref in row.item.lead],
            "support": [ref.value for ref in row.item.support],
            "role": row.role,
        }
        for row in rows
    ]
    return json.dumps(payload, ensure_ascii=False, indent=2)
