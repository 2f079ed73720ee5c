"""The table layout engine: fixed-width tables laid out column by column to a width.

``grid`` measures the cells, gives the flex column what the others leave, and wraps and cuts
every cell (``clip``) so that Rich never has to guess; the result, a ``Grid``, is drawn by Rich
on a terminal or as plain lines by ``parplan.render.plain`` when output is piped. Plan text goes
through ``printable`` (and, for Rich, ``plain_text``: never markup).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from parplan.core.text import printable
from parplan.core.values import frozen_dataclass

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


def clip(text: str, width: int, lines: int = 1) -> str:
    """``text`` wrapped to ``width`` columns in at most ``lines`` lines; what does not fit is cut
    and the last line ends in "…"."""
    # Only the start of a huge text can show: cut it first, so that wrapping takes time in
    # proportion to the width, not to the text (a 4 MB product once took seconds). The cut lies
    # well past what the shown lines and the "…" depend on.
    text = " ".join(text[: 4 * (width + 1) * (lines + 2)].split())
    if width < 2 or len(text) <= width:
        return text[:width] if width < 2 else text
    wrapped = _wrap(text, width, lines) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    head = wrapped[: lines - 1]
    rest = " ".join(wrapped[lines - 1 :])
    if len(rest) > width:
        rest = rest[: width - 1].rstrip() + "…"
    return "\n".join([*head, rest])


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """``_wrap_chunks``, a line at a time: for a text of words between single spaces (``clip``'s),
    the words that fit on a line are those before the last space within ``width + 1``
    characters (issue 23: the word-by-word walk was most of a warm ``due``'s writing). A word
    wider than the whole width, which textwrap breaks to fill the line, is left to the walk."""
    out: list[str] = []
    past = -1  # as in _wrap_chunks
    start, end = 0, len(text)
    while start < end:
        if end - start <= width:
            out.append(text[start:])
            break
        cut = text.rfind(" ", start, start + width + 1)  # the line's words end before it
        after = text.find(" ", cut + 1) if cut != -1 else -1
        if cut == -1 or (end if after == -1 else after) - cut - 1 > width:
            # A word wider than the line: from here, the walk.
            return out + _wrap_chunks(text[start:], width, max(lines - len(out), 1))
        out.append(text[start:cut])
        start = cut + 1
        if len(out) >= lines:
            past += len(out[-1]) + 1
            if past > width:
                break
    return out


def _wrap_chunks(text: str, width: int, lines: int) -> list[str]:
    """``textwrap.wrap(text, width, break_on_hyphens=False)`` for a text of words between single
    spaces, line by line as textwrap makes them, up to what ``clip`` shows: once the lines past
    the first ``lines - 1`` hold more than ``width`` characters, the rest cannot change what is
    shown (it is cut). A table of 100,000 items wraps 200,000 texts: textwrap went through every
    word of each (half of a piped ``list``'s time).

    textwrap's own steps, for these texts: a line takes words and the spaces between them while
    they fit; a word wider than the whole width is broken to fill the line; a space that ends or
    begins a line is dropped."""
    words = text.split(" ")
    end = 2 * len(words) - 1  # the chunks: word, space, word, …; ``at`` the next one
    at = 0
    head = words[0]  # the chunk at ``at``: a space, a word, or what is left of a broken word
    out: list[str] = []
    past = -1  # characters of the lines past the first lines - 1, joined by spaces
    while at < end:
        if head == " " and out:  # a line does not begin with a space
            at += 1
            head = words[at // 2]
        line: list[str] = []
        used = 0
        while at < end and used + len(head) <= width:
            used += len(head)
            line.append(head)
            at += 1
            if at < end:
                head = " " if at % 2 else words[at // 2]
        if at < end and len(head) > width:  # a long word: as much as fits on this line
            room = width - used
            line.append(head[:room])
            head = head[room:]
        if line and line[-1] in (" ", ""):  # one chunk only, as textwrap drops it
            line.pop()
        if line:
            out.append("".join(line))
            if len(out) >= lines:
                past += len(out[-1]) + 1
                if past > width:
                    break
    return out


def plain_text(text: str, style: str = "") -> Text:
    """Plan text for Rich: a ``Text`` (never read as markup: "[x]" stays "[x]", "[link=…]" is
    no link) with control characters shown escaped (see ``printable``)."""
    # lazy: Rich, only for a screen drawn by Rich (JSON, CSV and piped plain lines need none)
    from rich.text import Text

    return Text(printable(text), style=style)


@frozen_dataclass
class Col:
    """A table column: its header, widest width, how many lines a cell may take, and whether it
    takes the width the other columns leave (``flex``)."""

    header: str
    cap: int | None = None
    lines: int = 1
    flex: bool = False
    justify: str = "left"
    least: int = 0  # narrowest width of a flex column


GAP = 2  # columns are separated by two spaces
FLEX_WANTED = 24  # the flex column takes at least this much when other columns can give way
SQUEEZE = 9  # narrowest a capped wrapping column becomes to make room for the flex column


def _plain(cell: str | tuple[str, str]) -> str:
    return cell[0] if isinstance(cell, tuple) else cell


def grid(
    cols: Sequence[Col],
    rows: Sequence[Sequence[str | tuple[str, str]]],
    width: int,
    styles: Sequence[str] | None = None,
    sections: Iterable[int] = (),
) -> Grid:
    """A borderless table of ``rows`` exactly as wide as the columns need, at most ``width``.

    Each column is as wide as its widest cell or header line, up to its cap; the flex column
    takes what is left. Cells are wrapped and cut to these widths (``clip``, as
    ``Grid.cells`` draws them), so Rich never has to guess.
    ``sections`` are the row positions after which a blank line separates groups of rows.
    """
    natural = []
    for position, col in enumerate(cols):
        longest = max((len(line) for line in col.header.split("\n")), default=0)
        for row in rows:
            longest = max(longest, max(len(line) for line in _plain(row[position]).split("\n")))
        natural.append(min(longest, col.cap) if col.cap else longest)
    widths = list(natural)
    overhead = GAP * (len(cols) - 1)
    flex = next((i for i, col in enumerate(cols) if col.flex), None)
    if flex is not None:
        # When the flex column would be narrow, the capped wrapping columns give up width first,
        # down to SQUEEZE columns each (their texts then take a second line).
        wanted = min(natural[flex], max(cols[flex].least, FLEX_WANTED))
        squeezable = [i for i, col in enumerate(cols) if col.cap and col.lines > 1 and i != flex]
        while sum(widths) - widths[flex] + overhead + wanted > width:
            candidates = [i for i in squeezable if widths[i] > SQUEEZE]
            if not candidates:
                break
            widths[max(candidates, key=lambda i: widths[i])] -= 1
        others = sum(w for i, w in enumerate(widths) if i != flex)
        room = max(cols[flex].least, width - others - overhead)
        widths[flex] = max(min(natural[flex], room), cols[flex].least)
    row_styles = list(styles[: len(rows)]) if styles else None
    return Grid(list(cols), widths, rows, row_styles, frozenset(sections))


_SEEN = 1024  # texts kept laid out per column while a grid's rows are made (Grid.cells)


class Grid:
    """A table laid out by ``grid``: its columns, their widths, and its cells, wrapped and cut
    as they are drawn (``cells``), each with its style; ``title``, when set, is shown above it
    in bold.

    Rich draws it as a borderless ``rich.table.Table``, built when it is drawn, so that a view
    printed without Rich's layout engine (``parplan.render.plain``, when output is piped) does not even
    import Rich's table code. Not a frozen dataclass: a view sets its title after the layout,
    and creating a dataclass costs start-up time that this one never needs.
    """

    def __init__(
        self,
        cols: list[Col],
        widths: list[int],
        rows: Sequence[Sequence[str | tuple[str, str]]],
        styles: list[str] | None,
        breaks: frozenset[int],
    ) -> None:
        self.cols = cols
        self.widths = widths
        self.rows = rows  # per row, per column: its text, or (text, style), as given to grid
        self.styles = styles  # per row, or None
        self.breaks = breaks  # the rows after which a blank line separates groups
        self.title: str | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def style(self, number: int) -> str:
        """The style of row ``number``."""
        return self.styles[number] if self.styles else ""

    def cells(self) -> Iterator[list[tuple[str, str]]]:
        """Each row's cells, wrapped and cut to their column (``clip``), each with its style.

        Made as they are asked for, one row at a time (issue 23): a table of 100,000 rows
        printed to a pipe is never held laid out, only the rows given to ``grid``.

        A text seen before in its column is laid out once (issue 23, sixth round: the units,
        deadlines and states of a unit's 2,000 rows are a few dozen texts; ``clip`` and
        ``printable`` depend on nothing else): the first ``_SEEN`` texts of each column are
        kept, so that a column of texts all different is not held whole."""
        seen: list[dict[str, str]] = [{} for _ in self.cols]
        for row in self.rows:
            yield self.laid_out(row, seen)

    def laid_out(
        self, row: Sequence[str | tuple[str, str]], seen: list[dict[str, str]] | None = None
    ) -> list[tuple[str, str]]:
        """A row's cells wrapped and cut to their column, each with its style (``seen``: per
        column, the texts laid out already)."""
        out = []
        for number, (col, col_width, cell) in enumerate(
            zip(self.cols, self.widths, row, strict=True)
        ):
            text, style = cell if isinstance(cell, tuple) else (cell, "")
            known = seen[number] if seen is not None else None
            shown = known.get(text) if known is not None else None
            if shown is None:
                shown = clip(printable(text), col_width, col.lines)
                if known is not None and len(known) < _SEEN:
                    known[text] = shown
            out.append((shown, style))
        return out

    def table(self) -> Table:
        """The Rich table."""
        # lazy: Rich, only for a screen drawn by Rich (JSON, CSV and piped plain lines need none)
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1, 0, 0),
            expand=False,
            header_style="bold",
        )
        if self.title:
            table.title = plain_text(self.title)
            table.title_justify = "left"
            table.title_style = "bold"
        for col, col_width in zip(self.cols, self.widths, strict=True):
            table.add_column(
                col.header,
                width=col_width,
                justify=col.justify,  # type: ignore[arg-type]
                no_wrap=col.lines == 1,
                overflow="ellipsis",
            )
        for number, row in enumerate(self.cells()):
            table.add_row(
                *(Text(text, style=style) for text, style in row),
                style=self.style(number) or None,
                end_section=number in self.breaks,
            )
        return table

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Table]:
        yield self.table()

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        # lazy: Rich, only for a screen drawn by Rich (JSON, CSV and piped plain lines need none)
        from rich.measure import Measurement

        return Measurement.get(console, options, self.table())
