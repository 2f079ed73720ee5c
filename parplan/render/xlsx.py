"""Tables for spreadsheets: CSV and Excel workbooks (``--format csv`` / ``--format xlsx``).

Both take the records of a view (the same rows as its JSON) and a list of columns, and speak the
user's language: headers are the column's label and statuses and roles their words, so that a
table opened in Vietnamese Excel reads as Vietnamese. The workbook is a real one: dates are date
cells, numbers are numbers, the header row is frozen, columns are as wide as their content, and
every text is a text cell, never a formula (a plan's text starting with "=" stays text).

openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from parplan.core.text import looks_like_formula, printable
from parplan.render.i18n import LABELS, label

# Columns whose values are keys shown to people through a label: status keys, roles.
_WORDS = {"status": "status", "role": "role"}
# Columns holding ISO dates: typed date cells in a workbook.
DATE_COLUMNS = ("due", "done", "as_of", "condition_met", "established", "on")
MAX_WIDTH = 60


def header(column: str, lang: str) -> str:
    """A column's header: its label in ``lang`` (the key itself when it has none)."""
    key = f"field.{column}"
    return label(key, lang) if key in LABELS else column


def shown(column: str, value: object, lang: str) -> object:
    """A record's value as a table shows it: a status or role by its word, a list joined with
    "; ", None empty; anything else as it is."""
    if value is None:
        return ""
    prefix = _WORDS.get(column)
    if prefix is not None and isinstance(value, str) and f"{prefix}.{value}" in LABELS:
        return label(f"{prefix}.{value}", lang)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def table_rows(
    records: Sequence[Mapping[str, Any]], columns: Sequence[str], lang: str
) -> list[list[object]]:
    return [[shown(column, record.get(column), lang) for column in columns] for record in records]


def workbook(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    lang: str,
    title: str = "parplan",
) -> bytes:
    """An .xlsx workbook of one sheet: a frozen header row, then one row per record."""
    # lazy: openpyxl, only for a workbook (a CSV takes this module's headers alone)
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one worksheet
    sheet.title = _sheet_title(title)
    widths = [len(header(column, lang)) for column in columns]
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position)
        _text(cell, header(column, lang))
        cell.font = Font(bold=True)
    for row_number, row in enumerate(table_rows(records, columns, lang), start=2):
        for position, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=position)
            day = _date(value) if column in DATE_COLUMNS else None
            if day is not None:
                cell.value = day
                cell.number_format = "DD/MM/YYYY"
                width = 10
            elif isinstance(value, bool):
                cell.value = value
                width = 5
            elif isinstance(value, (int, float)):
                cell.value = value
                width = len(str(value))
            else:
                _text(cell, str(value))
                width = max((len(line) for line in str(value).split("\n")), default=0)
            widths[position - 1] = max(widths[position - 1], width)
    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(MAX_WIDTH, width + 2)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: Any, value: str) -> None:
    """A text cell that stays text: openpyxl takes a string starting with "=" for a formula
    unless the cell is told it holds a string. Control characters (ESC, BEL…), which a
    worksheet cannot hold, are written as escapes ("\\x1b"), as on the terminal."""
    cell.value = printable(value)
    cell.data_type = "s"
    if looks_like_formula(cell.value):  # stays text even when someone edits the cell
        cell.quotePrefix = True


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _sheet_title(title: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, no control character (a
    unit's name with an ESC made openpyxl refuse the whole workbook)."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in printable(title)).strip()
    return cleaned[:31] or "parplan"
