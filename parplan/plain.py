"""Plain-text output of the views' Rich parts, without Rich's renderer, when output is piped.

Rich lays a table out by measuring every cell, wrapping it, padding it and cutting it into
segments: about ten milliseconds for a dozen rows, which is as much as the rest of a cached
``parplan due``. The tables of ``views.grid`` need none of that: their column widths are fixed
and their cells already wrapped and cut (``views.clip``). So when output is not a terminal (no
colour, nothing but characters), ``render`` writes the same characters directly.

It gives exactly what Rich would print, or ``None`` when the parts hold anything whose layout it
does not reproduce (a table of another shape, a line wider than its column or the console, a
character that is not one column wide, a tab, a header Rich would read as markup or emoji): the
caller then lets Rich draw them. ``tests/test_plain.py`` checks the two against each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table


def render(parts: Sequence[Any], width: int, encoding: str) -> str | None:
    """The lines Rich would print for ``parts`` (``rich.text.Text`` and ``rich.table.Table``
    objects) on a plain console ``width`` columns wide, each line ending in a newline; None
    when Rich is needed."""
    from rich.table import Table
    from rich.text import Text

    if not encoding.lower().startswith("utf"):  # Rich would draw the rule in ASCII
        return None
    lines: list[str] = []
    for part in parts:
        if isinstance(part, Text):
            if part.justify is not None or part.end != "\n" or part.no_wrap is not None:
                return None
            # A Text is printed as its lines, wrapped only where one is wider than the console.
            text = part.plain
            if not _fits(text.split("\n"), width):
                return None
            lines.extend(text.split("\n"))
        elif isinstance(part, Table):
            table = _table(part, width)
            if table is None:
                return None
            lines.extend(table)
        else:
            return None
    return "".join(line + "\n" for line in lines)


def _fits(lines: Sequence[str], width: int) -> bool:
    """Every line no wider than ``width`` and one column per character, as Rich measures."""
    from rich.cells import cell_len

    return all("\t" not in line and cell_len(line) == len(line) <= width for line in lines)


def _table(table: Table, width: int) -> list[str] | None:
    """The lines of a table of ``views.grid``'s shape, or None for any other."""
    from rich import box
    from rich.text import Text

    columns = table.columns
    shape = (
        table.box is box.SIMPLE_HEAD
        and table.show_header
        and not table.show_edge
        and not table.pad_edge
        and tuple(table.padding) == (0, 1, 0, 0)
        and not (table.title or table.caption or table.show_footer or table.show_lines)
        and not (table.leading or table.collapse_padding or table.expand)
        and table.width is None
        and columns
    )
    if not shape:
        return None
    widths = [column.width for column in columns]
    if any(w is None or w < 1 for w in widths):
        return None
    if any(c.ratio or c.min_width or c.max_width or c.vertical != "top" for c in columns):
        return None
    # Each column is followed by its right padding (one space) and the separator (one space),
    # except the last one (pad_edge=False).
    total = sum(w for w in widths if w is not None) + 2 * (len(columns) - 1)
    if total > width:
        return None  # Rich would narrow the columns
    last = len(columns) - 1

    def line(cells: Sequence[str]) -> str:
        out = []
        for index, (column, text) in enumerate(zip(columns, cells, strict=True)):
            assert column.width is not None
            if column.justify == "right":  # Rich strips the line's trailing blanks first
                text = text.rstrip().rjust(column.width)
            elif column.justify in ("left", "default"):
                text = text.ljust(column.width)
            else:
                raise _Unknown
            out.append(text if index == last else text + "  ")
        return "".join(out)

    headers = []
    for column in columns:
        header = column.header
        if not isinstance(header, str) or "[" in header or ":" in header:
            return None  # Rich would read markup or emoji codes in it
        headers.append(header.split("\n"))
    rows: list[list[list[str]]] = []
    for number in range(table.row_count):
        cells = []
        for column in columns:
            cell = column._cells[number]
            if not isinstance(cell, Text) or cell.justify is not None:
                return None
            cells.append(cell.plain.split("\n"))
        rows.append(cells)
    for cells in [headers, *rows]:
        for column, cell_lines in zip(columns, cells, strict=True):
            assert column.width is not None
            if not _fits(cell_lines, column.width):
                return None
    try:
        out: list[str] = []
        height = max(len(cell) for cell in headers)
        # Header cells sit at the bottom of the header row; the rule spans the whole table.
        padded = [[""] * (height - len(cell)) + cell for cell in headers]
        out += [line([cell[n] for cell in padded]) for n in range(height)]
        out.append("─" * total)
        for number, cells in enumerate(rows):
            height = max(len(cell) for cell in cells)
            padded = [cell + [""] * (height - len(cell)) for cell in cells]
            out += [line([cell[n] for cell in padded]) for n in range(height)]
            if table.rows[number].end_section and number < len(rows) - 1:
                out.append(" " * total)
    except _Unknown:
        return None
    return out


class _Unknown(Exception):
    """A column setting whose rendering is left to Rich."""
