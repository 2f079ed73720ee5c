"""The output step every view command shares: the view's options once checked (``View``), its
answer rendered through ``render.outputs``'s table and written (``write``): a screen to the
terminal, in colour (piped: as plain lines, without Rich's layout engine when the parts allow
it); a document as data; a workbook to stdout; a notice to stderr.

Lazy imports: a function imports what its kind of output uses (Rich's console and layout for a
screen, the plain renderer for a piped one, the renderers' table when something is written),
since every view imports this module, whatever it writes (``tests/test_startup.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from parplan.cli.app import _fail, echo_data, plan_choice
from parplan.core.model import Unit
from parplan.render.i18n import label

if TYPE_CHECKING:
    from rich.console import Console

    from parplan.checks.rules import Loaded
    from parplan.core.units import Entry
    from parplan.query.claims import Asked

# --limit: a table of a hundred thousand rows is not read on a screen, and building it costs
# seconds before the first line shows. On a terminal the first rows only; piped, every row.
TERMINAL_LIMIT = 50


# ---------------------------------------------------------------------------------------------
# What a view knows once its options are checked: the language, the format, the day, the
# checked plan, the unit asked about


@dataclass
class View:
    """A view command's options, checked: built by ``cli.views._open``."""

    lang: str
    fmt: str
    day: date
    loaded: Loaded
    entry: Entry | None = None
    role: str | None = None
    asked: Entry | None = None  # the unit as typed, when the view shows its successor
    # ``entry`` resolved once, here at the edge: what the queries take (``query.claims.Asked``)
    resolved: Asked | None = None

    @property
    def short(self) -> Callable[[str], str]:
        """How a unit written in the plan is shown in tables as of the view's day: by its
        abbreviation, a merged unit by its successor's, a renamed unit under that day's name."""
        index, day = self.loaded.index, self.day
        return lambda name: index.display_short(name, day)

    @property
    def full_name(self) -> Callable[[str], str]:
        """How a unit written in the plan is named in full as of the view's day."""
        index, day = self.loaded.index, self.day
        return lambda name: index.display_name(name, day)

    def notes(self) -> list[str]:
        """Which plan is shown, when the repository holds several; what became of the unit
        asked about, when it merged or left; a line saying the day is far from the plan's
        year(s), when it is."""
        from parplan.core.units import is_active
        from parplan.io.plans import plan_name

        notes = []
        choice = plan_choice()
        if choice is not None and len(choice.plans) > 1:
            notes.append(label("plans.header", self.lang, plan=plan_name(choice.chosen)))
        asked, entry = self.asked, self.entry
        if isinstance(asked, Unit) and asked is not entry and asked.merged_into is not None:
            notes.append(
                label(
                    "unit.successor",
                    self.lang,
                    name=asked.name,
                    successor=entry.name if entry is not None else "",
                    on=asked.merged_into.on,
                )
            )
        elif isinstance(entry, Unit) and not is_active(entry, self.day):
            notes.append(_outside_note(entry, self.day, self.lang))
        return notes + self._year_notes()

    def _year_notes(self) -> list[str]:
        info = self.loaded.plan.info
        first, last = info.year, info.last_year or info.year  # a period: its first and last year
        if self.day.year < first - 1 or self.day.year > last + 1:  # a typo, more likely
            return [label("plan.far", self.lang, as_of=self.day, year=info.year)]
        if self.day.year > last:
            return [label("plan.past", self.lang, as_of=self.day, year=last)]
        return []


def _outside_note(unit: Unit, day: date, lang: str) -> str:
    """Why ``unit`` is not the ministry's on ``day``, naming it: not yet established, gone
    (and where, when the registry says), or merged away."""
    name = unit.name
    if unit.established is not None and unit.established > day:
        return label("unit.outside.not-yet", lang, name=name, as_of=day, on=unit.established)
    if unit.left is not None and unit.left.on <= day:
        key, to = (
            ("unit.outside.left", unit.left.to) if unit.left.to else ("unit.outside.gone", None)
        )
        return label(key, lang, name=name, as_of=day, on=unit.left.on, to=to)
    return label("unit.inactive", lang, name=name, as_of=day)


def make_console() -> Console:
    """A console as wide as the terminal, or as COLUMNS says, or 80 when output is piped."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        # Nothing is drawn through the Windows console API when piped: take COLUMNS as is
        # (a "legacy" Windows console would give one column less).
        console = Console(highlight=False, legacy_windows=False)
    return console


def emit(console: Console, parts: Sequence[Any]) -> None:
    """Print text lines and Rich renderables. On a terminal, with colour; otherwise (piped, or
    under test) as plain text without trailing blanks."""
    from parplan.render.layout import plain_text

    def renderable(part: Any) -> Any:
        if isinstance(part, tuple):  # (text, style)
            return plain_text(part[0], part[1])
        return plain_text(part) if isinstance(part, str) else part

    renderables = [renderable(part) for part in parts]
    if console.is_terminal:
        for renderable in renderables:
            console.print(renderable)
        return
    from parplan.render.plain import lines

    # Piped: the same characters without Rich's layout engine when the parts allow it, each
    # line without its trailing blanks, written as they are made (issue 23).
    plain = lines(renderables, console.width, console.encoding, strip=True)
    if plain is not None:
        echo_pieces(line + "\n" for line in plain)
        return
    with console.capture() as captured:
        for renderable in renderables:
            console.print(renderable)
    typer.echo("\n".join(line.rstrip() for line in captured.get().split("\n")), nl=False)


def echo_pieces(pieces: Iterable[str]) -> None:
    """``echo_data`` of the text the pieces make together, printed as they come, about 64 KB at a
    time.

    ``main`` turns the cyclic garbage collector off, but the JSON encoder leaves a few cyclic
    objects per record (its indenting functions refer to one another): over 100,000 records
    that is millions of objects never freed. So the collector is turned on here, with every
    object made so far (the model) frozen out of its sight: it only ever walks the young
    records. (A process that kept the collector on, such as a test run, is left as it is:
    frozen objects would never be freed.)"""
    import errno
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()
    escape: Callable[[str], str] | None = None
    if sys.stdout.isatty():
        from parplan.core.text import printable as escape
    batch: list[str] = []
    size = 0
    ended = True
    try:
        for piece in pieces:
            if piece:
                batch.append(escape(piece) if escape else piece)
                size += len(piece)
                ended = piece.endswith("\n")
            if size > 65536:
                typer.echo("".join(batch), nl=False)
                batch, size = [], 0
        typer.echo("".join(batch), nl=not ended)
    except OSError as error:
        # The reader has read enough (``| head``): not an error, as with one write. (Windows
        # may say EINVAL of a pipe closed at the other end.)
        closed = isinstance(error, BrokenPipeError) or (
            sys.platform == "win32" and error.errno == errno.EINVAL
        )
        if not closed:
            raise


def write(view: View, name: str, value: Any, limit: int | None = None) -> None:
    """Render ``value``, the answer of view ``name``, in the format asked (``render.outputs``'s
    table picks the renderer) and write it: a screen to the terminal in colour, piped as plain
    lines; a document as data; a workbook to stdout (refused on a terminal); a notice to
    stderr. ``limit``: the rows a table shows (on a terminal, the first ``TERMINAL_LIMIT``)."""
    from parplan.render.outputs import Document, Frame, Lines, Screen, Stream, Workbook, render

    console = None
    width, rows = 80, 0
    if view.fmt == "table":  # a screen is laid out to the terminal's width
        console = make_console()
        width = console.width
        rows = limit if limit is not None else TERMINAL_LIMIT if console.is_terminal else 0
    frame = Frame(view.lang, view.day, view.short, view.full_name, width, rows, view.notes)
    output = render(name, value, view.fmt, frame)
    if isinstance(output, Screen):
        emit(console or make_console(), output.parts)
    elif isinstance(output, Stream):
        echo_pieces(output.pieces)
    elif isinstance(output, Document):
        echo_data(output.text)
    elif isinstance(output, Workbook):
        stream = typer.get_binary_stream("stdout")
        if stream.isatty():
            raise _fail(label("error.xlsx.terminal", view.lang), 2)
        stream.write(output.data)
        stream.flush()
    elif isinstance(output, Lines):
        from parplan.core.text import printable

        typer.echo("\n".join(printable(line) for line in output.lines))
    else:
        typer.echo(output.text, err=True)
