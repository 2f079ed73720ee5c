"""Reading the table from text: a legal portal's page, a Markdown pipe table, tab-separated text, CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence

from parplan.core.text import nfc
from parplan.io.importer.base import (
    _COLUMN_NUMBER,
    DEADLINE,
    EXTRA,
    NUMBER,
    TASK,
    Cell,
    Column,
    Table,
    TableError,
    _no_table,
    _number_of,
    _role,
)
from parplan.io.importer.grid import Grid, GridRow, _table_of_grids
from parplan.io.importer.header import read_header

# ---------------------------------------------------------------------------------------------
# Reading: text


def read_any_text_table(path: str, text: str, csv_file: bool = False) -> Table:
    """The appendix in whichever text form it was pasted or saved: a Markdown pipe table (one
    row a line: "| STT | Nhiệm vụ | … |"), tab-separated text (a table copied out of Word or
    Excel; a cell holding line breaks is quoted, as Excel writes it), CSV (a ``.csv`` file, or a
    heading line of comma- or semicolon-separated headings), else a legal portal's page (each
    cell ending at a line holding a single "|")."""
    text = nfc(text.lstrip("\ufeff"))
    lines = text.splitlines()
    pipe_rows = [k for k, line in enumerate(lines) if _PIPE_ROW.match(line)]
    if len(pipe_rows) >= 2:
        return _delimited_table(path, lines, "|")
    tabbed = sum(1 for line in lines if line.count("\t") >= 2)
    if tabbed >= 2:
        return _delimited_table(path, lines, "\t")
    for delimiter in (",", ";"):
        if csv_file or any(_heading_line(line, delimiter) for line in lines[:400]):
            try:
                return _delimited_table(path, lines, delimiter)
            except TableError:
                if csv_file:
                    raise
    return read_text_table(path, text)


_PIPE_ROW = re.compile(r"^\s*\|.*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:\-]*$")


def _heading_line(line: str, delimiter: str) -> bool:
    """A line of headings separated by ``delimiter``: a task and a deadline heading."""
    if line.count(delimiter) < 2:
        return False
    roles = {_role(cell.strip(' "')) for cell in line.split(delimiter)}
    return TASK in roles and DEADLINE in roles


def _delimited_table(path: str, lines: list[str], delimiter: str) -> Table:
    """A table of one row a record: Markdown pipes (a rule line "|---|" skipped, "\\|" a
    pipe within a cell), tab- or comma-separated (quoted cells may hold line breaks and the
    delimiter, as Excel writes them)."""
    rows: list[GridRow] = []
    row_lines: list[int] = []
    if delimiter == "|":
        for number, line in enumerate(lines, start=1):
            if not _PIPE_ROW.match(line) or _PIPE_RULE.match(line):
                continue
            inner = line.strip()[1:-1].replace("\\|", "\x00")
            cells = [
                cell.replace("\x00", "|").replace("**", "").strip() for cell in inner.split("|")
            ]
            rows.append([(cell, object()) for cell in cells])
            row_lines.append(number)
    else:
        reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter)
        try:
            for record in reader:
                if any(cell.strip() for cell in record):
                    rows.append([(" ".join(cell.split()), object()) for cell in record])
                    row_lines.append(reader.line_num)
        except csv.Error:
            raise TableError(_no_table(path, len(lines))) from None
    heading_at = next(
        (
            k
            for k, row in enumerate(rows)
            if {TASK, DEADLINE} <= {_role(text) for text, _ in row if text}
        ),
        None,
    )
    if heading_at is None:
        raise TableError(_no_table(path, len(lines)))
    first_line = row_lines[heading_at]
    grid = Grid(rows[heading_at:], row_lines[heading_at:])
    header_text = "\n".join(lines[: first_line - 1])
    return _table_of_grids(path, [grid], lambda at: header_text)


def read_text_table(path: str, text: str) -> Table:
    """The appendix table of a decision's text (cells end at lines holding a single "|")."""
    text = nfc(text.lstrip("\ufeff")).replace("**", "").replace("__", "")
    lines = text.splitlines()
    cells: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(lines, start=1):
        if line.strip() == "|":
            cells.append([])
        else:
            cells[-1].append((number, line.strip()))
    cells.pop()  # the text after the last "|" ends no cell: it is not part of the table
    header_at = _find_header(cells)
    if header_at is None:
        raise TableError(_no_table(path, len(lines)))
    start, columns = header_at
    body = cells[start + len(columns) :]
    while body and _COLUMN_NUMBER.fullmatch(_joined(body[0])):  # the row "(1) (2) (3) …"
        body = body[1:]
    rows = _group_rows(body, columns)
    before = cells[start][-1][0] if cells[start] else 1  # the text above the table's headings
    header = read_header("\n".join(lines[:before]))
    return Table(
        tuple(columns), tuple(rows), header.decision, header.issued, header.title, header.issuer
    )


def _joined(lines: Sequence[tuple[int, str]]) -> str:
    return " ".join(text for _, text in lines if text)


def _find_header(cells: list[list[tuple[int, str]]]) -> tuple[int, list[Column]] | None:
    """The first run of cells that reads as the table's heading row: a task column and a
    deadline column among headings, up to the first numbered cell. The first heading cell may
    carry the lines before the table (the appendix's title): only its last lines count."""
    for start, cell in enumerate(cells):
        first = _heading_tail(cell)
        if first is None:
            continue
        columns = [Column(_role(first) or EXTRA, first)]
        for later in cells[start + 1 : start + 16]:
            heading = _joined(later)
            if (
                not heading
                or _number_of(heading)
                or _number_of(heading, True)
                or len(heading) > 80
                or _COLUMN_NUMBER.fullmatch(heading)
            ):
                break
            columns.append(Column(_role(heading) or EXTRA, heading))
        roles = [c.role for c in columns]
        if TASK in roles and DEADLINE in roles:
            return start, columns
    return None


def _heading_tail(cell: list[tuple[int, str]]) -> str | None:
    """The shortest run of last lines of a cell that is a task or number heading."""
    for size in range(1, min(4, len(cell)) + 1):
        text = _joined(cell[-size:])
        if _role(text) in (TASK, NUMBER) and len(text) <= 60:
            return text
    return None


def _group_rows(
    raw_cells: list[list[tuple[int, str]]], columns: Sequence[Column]
) -> list[tuple[Cell, ...]]:
    """Cells into rows: a numbered cell starts a row, and so does any cell after a full row."""
    has_number_column = columns[0].role == NUMBER
    rows: list[list[Cell]] = []
    last_text = max((k for k, raw in enumerate(raw_cells) if _joined(raw)), default=-1)
    line = raw_cells[0][0][0] if raw_cells and raw_cells[0] else 1
    for raw in raw_cells[: last_text + 1]:
        line = raw[0][0] if raw else line  # an empty cell: at the line of the one before
        cell = Cell(_joined(raw), line)
        number = cell.text and (
            _number_of(cell.text) or (has_number_column and _number_of(cell.text, bare=True))
        )
        if not rows or len(rows[-1]) >= len(columns) or number:
            rows.append([cell])
        else:
            rows[-1].append(cell)
    # The empty cells after the last text: as many as the rows before had (the last row's
    # empty note), not the layout's padding after the table.
    if len(rows) >= 2:
        width = len(rows[-2])
        line = rows[-1][-1].line
        while len(rows[-1]) < width:
            rows[-1].append(Cell("", line))
    return [tuple(r[: len(columns)]) for r in rows]
