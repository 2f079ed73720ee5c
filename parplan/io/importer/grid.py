"""A table as a grid of cells read from a document (Word, PDF): the appendix among its tables, split tables and page breaks joined."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from parplan.core.text import nfc
from parplan.io.importer.base import (
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
from parplan.io.importer.header import read_header

# ---------------------------------------------------------------------------------------------
# Reading: Word


# A table as read from a document: its rows of (text, identity of the cell) per grid column
# (a cell spanning columns or merged down repeats its identity), and each row's line in the
# source for the report (the row's number in the table for Word and PDF).
GridRow = list[tuple[str, object]]


@dataclass
class Grid:
    rows: list[GridRow]
    lines: list[int] | None = None  # each row's line in the source (text forms)
    # PDF: the table opens a page, the one before closed the page before (one table cut by
    # the page break: its first row may be the rest of the row the last page ended with).
    page_break_before: bool = False


def _table_of_grids(path: str, grids: list[Grid], before: Any) -> Table:
    """The appendix among a document's tables: the first with a task and a deadline heading,
    and the later tables that continue it; ``before(k)``: the text above table k (the header)."""
    for at, grid_table in enumerate(grids):
        grid = grid_table.rows
        for index, row in enumerate(grid):
            headings = [nfc(" ".join(text.split())) for text, _ in row]
            roles = [_role(h) or EXTRA for h in headings]
            if TASK not in roles or DEADLINE not in roles:
                continue
            top = list(headings)
            below = grid[index + 1] if index + 1 < len(grid) else []
            if _sub_headings(row, below):  # "Cơ quan thực hiện" over "Chủ trì" | "Phối hợp"
                for column, ((text, tc), (sub, sub_tc)) in enumerate(zip(row, below, strict=True)):
                    sub = nfc(" ".join(sub.split()))
                    if sub and sub_tc is not tc:
                        headings[column] = sub
                        roles[column] = _role(sub) or _role(f"{text} {sub}") or EXTRA
                index += 1
            columns = tuple(Column(r, h) for r, h in zip(roles, headings, strict=True))
            rows: list[tuple[Cell, ...]] = []
            # A row edited by hand in Word may have fewer or more cells than the heading.
            width = len(columns)
            later, later_lines, cuts = _continued(grids[at + 1 :], top)
            own_lines = grid_table.lines or [k + 1 for k in range(len(grid))]
            lines = own_lines[index + 1 :] + later_lines
            body = [
                (cells + [("", object()) for _ in range(width - len(cells))])[:width]
                for cells in grid[index + 1 :] + later
            ]
            numbers = [
                lines[position]
                if grid_table.lines is not None and position < len(lines)
                else index + 2 + position
                for position in range(len(body))
            ]
            own_rows = len(grid) - index - 1
            body, numbers = _join_page_cuts(body, numbers, columns, [own_rows + c for c in cuts])
            for position, cells in enumerate(body):
                previous = body[position - 1] if position > 0 else None
                following = body[position + 1] if position + 1 < len(body) else None
                number = numbers[position]
                out = []
                for column, (text, tc) in enumerate(cells):
                    merged = previous is not None and previous[column][1] is tc
                    down = following is not None and following[column][1] is tc
                    out.append(Cell(nfc(text), number, merged, down))
                rows.append(tuple(out))
            header = read_header(nfc(before(at)))
            return Table(
                columns,
                tuple(rows),
                header.decision,
                header.issued,
                header.title,
                header.issuer,
            )
    raise TableError(_no_table(path, 0, len(grids)))


def _join_page_cuts(
    body: list[GridRow], numbers: list[int], columns: Sequence[Column], cuts: Sequence[int]
) -> tuple[list[GridRow], list[int]]:
    """The rows of a table cut by page breaks (PDF), each row the page break split joined
    again: a page's first row without a number of its own (in the numbering column, or opening
    its first cell) is the rest of the last row of the page before. Each of its cells continues
    the cell of its column there: its text is joined to that cell's (in every row that cell is
    merged over), and the rows below merged with it are merged with that cell. Linear: the
    cells are renamed in one pass at the end. Returns the rows and their numbers, the rows
    joined left out."""
    if not cuts:
        return body, numbers
    alias: dict[int, object] = {}  # a cell's identity (by id) → the cell it continues
    text_of: dict[int, str] = {}  # a cell continued over a page break: its joined text
    dropped: set[int] = set()

    def resolve(cell: object) -> object:
        while id(cell) in alias:
            cell = alias[id(cell)]
        return cell

    for cut in cuts:
        if not 0 < cut < len(body) or _opens_a_row(body[cut], columns):
            continue
        above = max(k for k in range(cut) if k not in dropped) if cut - 1 in dropped else cut - 1
        for (text, cell), (top_text, top_cell) in zip(body[cut], body[above], strict=True):
            top = resolve(top_cell)
            if resolve(cell) is top:
                continue  # a cell spanning columns, already joined
            before = text_of.get(id(top), top_text)
            if text:
                text_of[id(top)] = _pdf_lines_joined(f"{before}\n{text}") if before else text
            alias[id(cell)] = top
        dropped.add(cut)
    joined: list[GridRow] = []
    kept: list[int] = []
    for position, row in enumerate(body):
        if position in dropped:
            continue
        cells: GridRow = []
        for text, cell in row:
            top = resolve(cell)
            cells.append((text_of.get(id(top), text), top))
        joined.append(cells)
        kept.append(numbers[position])
    return joined, kept


def _opens_a_row(row: GridRow, columns: Sequence[Column]) -> bool:
    """Whether a page's first row is a row of its own: numbered (in the numbering column, or
    at the start of its first cell with text), or holding no text at all."""
    texts = [nfc(" ".join(text.split())) for text, _ in row]
    if not any(texts):
        return True
    if columns and columns[0].role == NUMBER:
        return bool(texts[0]) and bool(_number_of(texts[0], bare=True) or _number_of(texts[0]))
    first = next(text for text in texts if text)
    return _number_of(first) is not None


def _continued(
    grids: Sequence[Grid], headings: list[str]
) -> tuple[list[GridRow], list[int], list[int]]:
    """The rows of the later tables that continue the appendix (split at a page or a section):
    as wide as it, headed by the same headings or by none (numbering then goes on across them,
    as if one table). A table of other headings is another appendix: it ends the reading.
    With each row, its line (text forms) or its number among the rows read so far; and the
    positions (among the rows returned) of the first rows after a page break (PDF)."""
    rows: list[GridRow] = []
    lines: list[int] = []
    cuts: list[int] = []
    for grid_table in grids:
        grid = grid_table.rows
        if not grid or len(grid[0]) != len(headings):
            continue  # a layout table (signatures, a note)
        first = [nfc(" ".join(text.split())) for text, _ in grid[0]]
        roles = [_role(h) for h in first]
        skip = 0
        if TASK in roles and DEADLINE in roles:
            if first != headings:
                break
            skip = 2 if len(grid) > 1 and _sub_headings(grid[0], grid[1]) else 1
        own = grid_table.lines or [k + 1 for k in range(len(grid))]
        if grid_table.page_break_before and len(grid) > skip:
            cuts.append(len(rows))
        rows.extend(grid[skip:])
        lines.extend(own[skip:])
    return rows, lines, cuts


def _sub_headings(row: list[tuple[str, object]], below: list[tuple[str, object]]) -> bool:
    """Whether ``below`` continues the heading row ``row``: the same width, and its own cells
    (not merged down from the heading) are headings of a role, none numbered."""
    if len(below) != len(row):
        return False
    own = [
        text for (text, tc), (_, above) in zip(below, row, strict=True) if tc is not above and text
    ]
    return bool(own) and all(_role(text) and not _number_of(text) for text in own)


# A line break between two digits, or beside a "/" or "-" of a date or number: the layout broke
# a token too long for the cell ("31/12/202" + "5", "1157/NQ-" + "UBTVQH15"), not two words.
_BROKEN_TOKEN = re.compile(
    r"(?<=[\d/])\n(?=[\d/])|(?<=\d/)\n(?=\w)|(?<=\w)\n(?=/\d)"
    r"|(?<=\S)\n(?=[.,;:)\]])"  # a line opening with closing punctuation: "2020)" + "."
)


def _pdf_lines_joined(text: str) -> str:
    """A PDF cell's lines joined by spaces, except inside a date or number the layout broke."""
    return " ".join(_BROKEN_TOKEN.sub("", text).split())
