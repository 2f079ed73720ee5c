"""One table from (view, format) to the renderer of that view in that format.

Each view of the CLI is a typed value from the library (``query.queries``: ``DueView``,
``UnitsSummary``, ``UnitPage``, ``ListView``, ``ItemView``, ``OwingView``, ``TargetsView``; a
target's ``TargetState``, a duty's or responsibility's entry of the body). A renderer turns one
into an output, below; the CLI only writes it (``cli.output.write``): it never branches on the
format itself. CSV and xlsx share one renderer per view, which gives the records as a ``Sheet``.

The table names each renderer as ``module:function``, imported when it is used: ``parplan due
--format json`` imports neither Rich nor the other views' renderers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from datetime import date
from importlib import import_module
from typing import Any

from parplan.core.values import frozen_dataclass

FORMATS = ("table", "json", "csv", "md", "xlsx")
SHEETS = ("csv", "xlsx")


# ---------------------------------------------------------------------------------------------
# What a renderer gives


@frozen_dataclass
class Document:
    """A machine format or a document, printed whole (JSON, CSV, Markdown)."""

    text: str


@frozen_dataclass
class Stream:
    """A document printed in pieces as they come (a long JSON array)."""

    pieces: Iterable[str]


@frozen_dataclass
class Workbook:
    """An Excel workbook, written to stdout (refused on a terminal)."""

    data: bytes


@frozen_dataclass
class Screen:
    """What a terminal shows: text lines, ``(text, style)`` pairs and Rich renderables."""

    parts: Sequence[Any]


@frozen_dataclass
class Lines:
    """Plain lines of plan text, printed as they are (each made printable on the way)."""

    lines: Sequence[str]


@frozen_dataclass
class Notice:
    """Nothing to print but a word to the person (on stderr): "no unit owes it"."""

    text: str


Output = Document | Stream | Workbook | Screen | Lines | Notice


@frozen_dataclass
class Sheet:
    """A view as a spreadsheet's records: its columns (headers translated unless ``plain``)
    and the workbook's sheet title."""

    records: Sequence[Any]
    columns: Sequence[str]
    title: str
    plain: bool = False


@frozen_dataclass
class Frame:
    """What a renderer knows of where the view is shown: the language, the day, the notes
    above it (which plan, what became of the unit; asked for only when shown), how units
    written in the plan are shown (``short`` in tables, ``full_name`` elsewhere), the
    terminal's width and how many rows a table may show (0: all)."""

    lang: str
    day: date
    short: Callable[[str], str] = str
    full_name: Callable[[str], str] = str
    width: int = 80
    limit: int = 0
    notes_of: Callable[[], list[str]] = field(default=list)

    def notes(self) -> list[str]:
        return self.notes_of()


# ---------------------------------------------------------------------------------------------
# The table

_VIEWS = "parplan.render.views"
_UNITS = "parplan.render.unit_views"
_LIST = "parplan.render.list_view"
_SHOW = "parplan.render.show_view"
_TARGETS = "parplan.render.targets"

RENDERERS: dict[tuple[str, str], str] = {
    ("due", "table"): f"{_VIEWS}:due_screen",
    ("due", "md"): f"{_VIEWS}:due_document",
    ("due", "json"): f"{_VIEWS}:due_stream",
    ("due", "sheet"): f"{_VIEWS}:due_sheet",
    ("units", "table"): f"{_UNITS}:units_screen",
    ("units", "md"): f"{_UNITS}:units_document",
    ("units", "json"): f"{_UNITS}:units_json",
    ("units", "sheet"): f"{_UNITS}:units_sheet",
    ("unit", "table"): f"{_UNITS}:unit_screen",
    ("unit", "md"): f"{_UNITS}:unit_document",
    ("unit", "json"): f"{_UNITS}:unit_json",
    ("unit", "sheet"): f"{_UNITS}:unit_sheet",
    ("list", "table"): f"{_LIST}:list_screen",
    ("list", "md"): f"{_LIST}:list_document",
    ("list", "json"): f"{_LIST}:list_stream",
    ("list", "sheet"): f"{_LIST}:list_sheet",
    ("show", "table"): f"{_SHOW}:show_screen",
    ("show", "md"): f"{_SHOW}:show_document",
    ("show", "json"): f"{_SHOW}:show_json",
    ("show", "sheet"): f"{_SHOW}:show_sheet",
    ("owing", "table"): f"{_SHOW}:owing_lines",
    ("owing", "md"): f"{_SHOW}:owing_document",
    ("owing", "json"): f"{_SHOW}:owing_json",
    ("owing", "sheet"): f"{_SHOW}:owing_sheet",
    ("targets", "table"): f"{_TARGETS}:targets_screen",
    ("targets", "md"): f"{_TARGETS}:targets_document",
    ("targets", "json"): f"{_TARGETS}:targets_json",
    ("targets", "sheet"): f"{_TARGETS}:targets_sheet",
    ("target", "table"): f"{_TARGETS}:target_lines_output",
    ("target", "md"): f"{_TARGETS}:target_document",
    ("target", "json"): f"{_TARGETS}:target_json",
    ("target", "sheet"): f"{_TARGETS}:target_sheet",
    ("body-entry", "table"): f"{_TARGETS}:body_entry_lines_output",
    ("body-entry", "md"): f"{_TARGETS}:body_entry_document",
    ("body-entry", "json"): f"{_TARGETS}:body_entry_json",
    ("body-entry", "sheet"): f"{_TARGETS}:body_entry_sheet",
}


def renderer(view: str, output_format: str) -> Callable[[Any, Frame], Any]:
    """The function that renders ``view`` in ``output_format`` (csv and xlsx: its sheet)."""
    key = (view, "sheet" if output_format in SHEETS else output_format)
    module, name = RENDERERS[key].split(":")
    function: Callable[[Any, Frame], Any] = getattr(import_module(module), name)
    return function


def render(view: str, value: Any, output_format: str, frame: Frame) -> Output:
    """``value`` (the answer of ``view``) in ``output_format``, as ``frame`` says."""
    made = renderer(view, output_format)(value, frame)
    if not isinstance(made, Sheet):
        return made  # type: ignore[no-any-return]
    if output_format == "csv":
        # lazy: the CSV writer, only for a sheet written as CSV
        from parplan.render.formats import to_csv

        return Document(to_csv(made.records, made.columns, None if made.plain else frame.lang))
    # lazy: openpyxl (render.xlsx), only for a workbook
    from parplan.render.xlsx import workbook

    return Workbook(workbook(made.records, made.columns, frame.lang, made.title))
