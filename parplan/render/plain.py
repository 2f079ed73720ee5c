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

import re
import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text

from parplan.render.layout import Grid

if TYPE_CHECKING:
    from parplan.render.layout import Grid


def render(parts: Sequence[Any], width: int, encoding: str, strip: bool = False) -> str | None:
    """The lines Rich would print for ``parts`` (``rich.text.Text`` and ``layout.Grid`` objects)
    on a plain console ``width`` columns wide, each line ending in a newline; None when Rich is
    needed. ``strip``: each line without its trailing blanks (as the views print them)."""
    found = lines(parts, width, encoding, strip)
    if found is None:
        return None
    return "\n".join(found) + "\n" if parts else ""  # every part prints a line at least


def lines(
    parts: Sequence[Any], width: int, encoding: str, strip: bool = False
) -> Iterator[str] | None:
    """``render``'s lines one by one, without their line ends, or None when Rich is needed.

    Everything is checked before the first line is made, and the lines are made as they are
    asked for (issue 23): a table of 100,000 rows printed to a pipe is neither held laid out
    nor as one text."""
    if not encoding.lower().startswith("utf"):  # Rich would draw the rule in ASCII
        return None
    for part in parts:
        if isinstance(part, Text):
            if part.justify is not None or part.end != "\n" or part.no_wrap is not None:
                return None
            # A Text is printed as its lines, wrapped only where one is wider than the console.
            if not _fits(part.plain.split("\n"), width):
                return None
        elif not isinstance(part, Grid) or not _grid_fits(part, width):
            return None
    return _lines(parts, width, strip)


def _lines(parts: Sequence[Any], width: int, strip: bool) -> Iterator[str]:
    for part in parts:
        if isinstance(part, Text):
            text = part.plain
            yield from (line.rstrip() if strip else line for line in text.split("\n"))
        else:
            yield from _grid(part, width, strip)


def _fits(lines: Sequence[str], width: int) -> bool:
    """Every line no wider than ``width`` and one column per character, as Rich measures."""
    return all("\t" not in line and cell_len(line) == len(line) <= width for line in lines)


# Characters Rich draws one column wide (checked against ``rich.cells`` by tests/test_plain.py):
# a cell made only of these and of whitespace is, once wrapped and cut by ``layout.clip`` (which
# makes every run of whitespace one space and adds only "…"), one column per character and no
# wider than its column. Other cells are laid out to be checked.
_NARROW = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u02ff\u1e00-\u1eff\u2010-\u2027]*")


def _header(header: str, wraps: bool, width: int) -> list[str]:
    """A column's header as Rich draws it in a table that fits the console: its lines, each
    wider than the column wrapped between words as Rich wraps it ("Đơn vị xong" over 9 columns:
    "Đơn vị" / "xong"), when the column wraps and the line is words of at most the width between
    single spaces; otherwise as written (then too wide: ``_grid`` leaves it to Rich)."""
    lines: list[str] = []
    for line in header.split("\n"):
        words = line.split(" ")
        simple = all(word and not any(c.isspace() for c in word) for word in words)
        if wraps and len(line) > width >= 1 and simple and max(map(len, words)) <= width:
            lines += textwrap.wrap(line, width, break_on_hyphens=False)
        else:
            lines.append(line)
    return lines


def _headers(grid: Grid) -> list[list[str]]:
    return [
        _header(col.header, col.lines > 1, w) for col, w in zip(grid.cols, grid.widths, strict=True)
    ]


def _grid_fits(grid: Grid, width: int) -> bool:
    """Whether the plain lines of ``_grid`` are what Rich draws for ``grid`` (``Grid.table``):
    no title, left or right-aligned columns within the console, headers Rich reads as written,
    every header line and every cell one column per character and within its column."""
    columns, widths = grid.cols, grid.widths
    if grid.title or not columns or any(w < 1 for w in widths):
        return False
    if any(col.justify not in ("left", "right") for col in columns):
        return False
    if sum(widths) + 2 * (len(columns) - 1) > width:
        return False  # Rich would narrow the columns
    if any("[" in col.header or ":" in col.header for col in columns):
        return False  # Rich would read markup or emoji codes in a header
    if not all(_fits(lines, w) for lines, w in zip(_headers(grid), widths, strict=True)):
        return False
    narrow = _NARROW.fullmatch
    for row in grid.rows:
        texts = [cell[0] if isinstance(cell, tuple) else cell for cell in row]
        if all(narrow(text) for text in texts):
            continue
        # Only a row with another character is laid out here to be checked (and again when
        # its lines are made).
        cells = [text.split("\n") for text, _ in grid.laid_out(row)]
        if not all(_fits(lines, w) for lines, w in zip(cells, widths, strict=True)):
            return False
    return True


def _grid(grid: Grid, width: int, strip: bool = False) -> Iterator[str]:
    """The lines of the table Rich draws for ``grid`` (``Grid.table``), once ``_grid_fits``
    holds: a header, a rule, the rows; columns separated by two spaces (a column's right
    padding and the separator), the last one without padding."""
    columns, widths = grid.cols, grid.widths
    total = sum(widths) + 2 * (len(columns) - 1)
    last = len(columns) - 1

    def line(cells: Sequence[str]) -> str:
        out = []
        for index, (column, w, text) in enumerate(zip(columns, widths, cells, strict=True)):
            # Rich strips a right-aligned line's trailing blanks first.
            text = text.rstrip().rjust(w) if column.justify == "right" else text.ljust(w)
            out.append(text if index == last else text + "  ")
        return "".join(out).rstrip() if strip else "".join(out)

    headers = _headers(grid)
    height = max(len(cell) for cell in headers)
    # Header cells sit at the bottom of the header row; the rule spans the whole table.
    padded = [[""] * (height - len(cell)) + cell for cell in headers]
    for n in range(height):
        yield line([cell[n] for cell in padded])
    yield "─" * total
    count = len(grid)
    for number, row in enumerate(grid.cells()):
        cells = [text.split("\n") for text, _ in row]
        height = max(len(cell) for cell in cells)
        padded = [cell + [""] * (height - len(cell)) for cell in cells]
        for n in range(height):
            yield line([cell[n] for cell in padded])
        if number in grid.breaks and number < count - 1:
            yield "" if strip else " " * total  # a section's end: a blank line
