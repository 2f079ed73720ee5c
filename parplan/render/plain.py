"""Plain-text output of the views' parts, without Rich's renderer, when output is piped.

Rich lays a table out by measuring every cell, wrapping it, padding it and cutting it into
segments: about ten milliseconds for a dozen rows, which is as much as the rest of a cached
``parplan due``; importing its table code costs a few more. The tables of ``layout.grid``
(``layout.Grid``) need none of that: their column widths are fixed and their cells already
wrapped and cut (``layout.clip``). So when output is not a terminal (no colour, nothing but
characters), ``render`` writes the same characters directly.

It gives exactly what Rich would print, or ``None`` when the parts hold anything whose layout it
does not reproduce (another renderable, a line wider than its column or the console, a
character that is not one column wide, a tab, a header Rich would read as markup or emoji, a
title): the caller then lets Rich draw them. ``tests/test_plain.py`` checks the two against
each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from parplan.render.layout import Grid


def render(parts: Sequence[Any], width: int, encoding: str, strip: bool = False) -> str | None:
    """The lines Rich would print for ``parts`` (``rich.text.Text`` and ``layout.Grid`` objects)
    on a plain console ``width`` columns wide, each line ending in a newline; None when Rich is
    needed. ``strip``: each line without its trailing blanks (as the views print them)."""
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
            lines.extend(line.rstrip() if strip else line for line in text.split("\n"))
        elif isinstance(part, Grid):
            table = _grid(part, width, strip)
            if table is None:
                return None
            lines.extend(table)
        else:
            return None
    return "\n".join(lines) + "\n" if lines else ""


def _fits(lines: Sequence[str], width: int) -> bool:
    """Every line no wider than ``width`` and one column per character, as Rich measures."""
    from rich.cells import cell_len

    return all("\t" not in line and cell_len(line) == len(line) <= width for line in lines)


def _header(header: str, wraps: bool, width: int) -> list[str]:
    """A column's header as Rich draws it in a table that fits the console: its lines, each
    wider than the column wrapped between words as Rich wraps it ("Đơn vị xong" over 9 columns:
    "Đơn vị" / "xong"), when the column wraps and the line is words of at most the width between
    single spaces; otherwise as written (then too wide: ``_grid`` leaves it to Rich)."""
    import textwrap

    lines: list[str] = []
    for line in header.split("\n"):
        words = line.split(" ")
        simple = all(word and not any(c.isspace() for c in word) for word in words)
        if wraps and len(line) > width >= 1 and simple and max(map(len, words)) <= width:
            lines += textwrap.wrap(line, width, break_on_hyphens=False)
        else:
            lines.append(line)
    return lines


def _grid(grid: Grid, width: int, strip: bool = False) -> list[str] | None:
    """The lines of the table Rich draws for ``grid`` (``Grid.table``): a header, a rule, the
    rows; columns separated by two spaces (a column's right padding and the separator), the
    last one without padding; or None when Rich is needed."""
    columns, widths = grid.cols, grid.widths
    if grid.title or not columns or any(w < 1 for w in widths):
        return None
    if any(col.justify not in ("left", "right") for col in columns):
        return None
    total = sum(widths) + 2 * (len(columns) - 1)
    if total > width:
        return None  # Rich would narrow the columns
    if any("[" in col.header or ":" in col.header for col in columns):
        return None  # Rich would read markup or emoji codes in a header
    headers = [
        _header(col.header, col.lines > 1, w) for col, w in zip(columns, widths, strict=True)
    ]
    # Every cell is checked before a line is made (one that does not fit is Rich's to draw),
    # and split again as its row is written: a table of 100,000 rows is not held twice.
    rows = ([text.split("\n") for text, _ in row] for row in grid.cells)
    for cells in chain([headers], rows):
        if not all(_fits(lines, w) for lines, w in zip(cells, widths, strict=True)):
            return None
    last = len(columns) - 1

    def line(cells: Sequence[str]) -> str:
        out = []
        for index, (column, w, text) in enumerate(zip(columns, widths, cells, strict=True)):
            # Rich strips a right-aligned line's trailing blanks first.
            text = text.rstrip().rjust(w) if column.justify == "right" else text.ljust(w)
            out.append(text if index == last else text + "  ")
        return "".join(out).rstrip() if strip else "".join(out)

    out: list[str] = []
    height = max(len(cell) for cell in headers)
    # Header cells sit at the bottom of the header row; the rule spans the whole table.
    padded = [[""] * (height - len(cell)) + cell for cell in headers]
    out += [line([cell[n] for cell in padded]) for n in range(height)]
    out.append("─" * total)
    count = len(grid.cells)
    for number, row in enumerate(grid.cells):
        cells = [text.split("\n") for text, _ in row]
        height = max(len(cell) for cell in cells)
        padded = [cell + [""] * (height - len(cell)) for cell in cells]
        out += [line([cell[n] for cell in padded]) for n in range(height)]
        if number in grid.breaks and number < count - 1:
            out.append("" if strip else " " * total)  # a section's end: a blank line
    return out
