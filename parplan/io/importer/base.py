"""Import a decision's appendix table into a plan file (``parplan import``): the table's
model and what every stage shares (this module); the stages are its sibling modules.

The appendix of an administrative-reform plan is one table: task, activity/product, lead,
support, deadline, note — with varying headings, extra columns, numbering and merged cells.
This module reads it from the decision's text (each cell ending at a line holding a single "|",
as legal-document sites publish decisions) or from a Word file, and builds the plan in parplan's
schema, written in ``fmt``'s canonical layout. Nothing here prints or exits: the result carries
the texts to write and the import report as diagnostics located in the source.

Reading the table
-----------------
* The heading row is found by its wording ("Nội dung/Nhiệm vụ", "Nhiệm vụ", "Hoạt động/Sản
  phẩm", "Kết quả dự kiến", "Đơn vị/Cơ quan chủ trì", "… phối hợp", "Thời gian thực hiện",
  "Thời hạn hoàn thành", "Ghi chú", "TT"/"STT"); any other heading is an extra column, kept on
  each item under ``extra:`` with its heading.
* A row starts at a numbered cell: a Roman numeral is a section; "1.", "1", "2.1.", "a)" number
  tasks and activities. A row holding nothing but its number and title is a heading (a section,
  or a task whose activities follow). Sections restart the numbering: an ID is the section's
  numeral, then the task's and the activity's own numbers ("II.6.1"), made unique when a number
  repeats. A heading below a task heading (three levels: I, I.1, I.1.1) becomes the task, its
  parent's title in front of its own.
* Merged cells. In the text a cell merged down several rows appears once, so a row with fewer
  cells than the table has columns lacks its first ones (the task's cell, merged over its
  activities). A row with no number continues the item above (a row broken across pages): its
  cells are appended to that item's. An item whose lead or deadline cell is empty inherits it
  from the row above (a cell merged down), and its support cell when merged down in Word (an
  empty support cell is no support); both are said in the report.
* A lead or support cell may name several units: "Vụ Pháp chế; Văn phòng Bộ", "Sở Nội vụ, Sở Tư
  pháp", "Các Vụ: Pháp chế; Tổ chức cán bộ" (the kind word distributed over the names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parplan.core.model import Diagnostic, Source
from parplan.core.text import fold
from parplan.io.importer.header import Header

ERROR, WARNING, INFO = "error", "warning", "info"

# The codes of the import report's diagnostics (their messages are in ``parplan.render.i18n``).
IMPORT_CODES = (
    "import-no-table",
    "import-continued",
    "import-inherited",
    "import-id-renamed",
    "import-unknown-unit",
    "import-alias-added",
    "import-deadline",
    "import-no-lead",
    # issue 19: an alias with hidden characters is not added
    "import-alias-hidden",
    "import-target",  # issue 21: io/target_sentences.py
    "import-years-guessed",
    "import-too-large",
    "import-scanned",
    "import-doc-needs-office",
    "import-doc-failed",
)

# Column roles, found by the heading's words (accents and case ignored).
NUMBER, TASK, PRODUCT, LEAD, SUPPORT, DEADLINE, NOTE, EXTRA = (
    "number",
    "task",
    "product",
    "lead",
    "support",
    "deadline",
    "note",
    "extra",
)
_ROLE_WORDS = (
    (NUMBER, re.compile(r"^(s\s*)?tt$|^so (thu tu|tt)$")),
    (LEAD, re.compile(r"chu tri")),
    (SUPPORT, re.compile(r"phoi hop")),
    (DEADLINE, re.compile(r"^(thoi gian|thoi han|tien do)")),
    (NOTE, re.compile(r"^ghi chu")),
    (PRODUCT, re.compile(r"hoat dong|san pham|ket qua")),
    (TASK, re.compile(r"nhiem vu|noi dung")),
)

_COLUMN_NUMBER = re.compile(r"\(\d{1,2}\)")  # "(1)": the row numbering a table's columns

_NUMBERING = re.compile(
    r"^(?:(?P<roman>[IVXLC]+)|(?P<arabic>\d{1,4}(?:\.\d{1,4})*)|(?P<letter>[a-zđ]))"
    r"(?P<end>\.\)|\.|\)|\s|$)"
)


@dataclass(frozen=True)
class Column:
    role: str
    heading: str


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # 1-based line in the source (text), or the table row (docx)
    merged: bool = False  # docx: the cell continues the one above (a vertical merge)
    spans_down: bool = False  # docx: the cell is merged down into the next row


@dataclass(frozen=True)
class Table:
    """The appendix as read: its columns and its rows of cells (shorter rows lack their first
    columns), and what the decision says of itself."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    decision: str = ""
    issued: date | None = None
    title: str = ""
    issuer: str = ""  # who signed the decision ("Chủ tịch UBND tỉnh X"), when the text says


@dataclass(frozen=True)
class ImportResult:
    """The plan's text (None when the table could not be read), a new or updated units text,
    and the report: diagnostics located in the source."""

    plan_text: str | None
    units_text: str | None
    report: tuple[Diagnostic, ...]
    rows: int = 0
    items: int = 0
    inherited: int = 0
    unknown_units: int = 0
    deadline_problems: int = 0
    unread_deadlines: int = 0  # deadlines of which nothing was read: no milestone (a warning)
    header: Header | None = None  # the header written (read, or given by the options)
    years: str = ""  # "2026", or "2026-2030"


class TableError(Exception):
    """The table cannot be read; ``diagnostic`` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def unreadable(path: str, error: BaseException) -> TableError:
    """``import-no-table`` for a document its library could not open or read (not that kind of
    file, damaged, encrypted): the error's kind in brackets, never its text."""
    reason = {"reason": f" ({type(error).__name__})"}
    return TableError(Diagnostic(Source(path, 1, 1), ERROR, "import-no-table", reason))


def _role(heading: str) -> str | None:
    key = " ".join(fold(heading).replace("/", " ").replace(":", " ").split())
    for role, pattern in _ROLE_WORDS:
        if pattern.search(key):
            return role
    return None


def _no_table(path: str, lines: int, tables: int | None = None) -> Diagnostic:
    """No appendix table: what was found instead (the text's lines, or the document's tables,
    none with a task and a deadline heading)."""
    if tables is None:
        reason = f" ({lines} dòng / lines)"
    else:
        reason = (
            f" ({tables} bảng, không bảng nào có tiêu đề nhiệm vụ và thời hạn"
            f" / {tables} tables, none headed with a task and a deadline)"
        )
    return Diagnostic(Source(path, 1, 1), ERROR, "import-no-table", {"reason": reason})


def _number_of(text: str, bare: bool = False) -> tuple[str, str, str] | None:
    """The numbering that opens a cell: (kind, number, the text after it); kind is "roman",
    "arabic" or "letter". ``bare``: the cell of a numbering column ("TT"), which holds only
    the number ("I", "1", "2.1", "a"). In a text cell the number is followed by "." or ")"
    ("1.", "2.1.", "a)", "I."; "1.2" or a Roman numeral may also be followed by a space), so
    "2025 …" or "12 nhiệm vụ" are not numbered."""
    m = _NUMBERING.match(text)
    if m is None:
        return None
    kind = "roman" if m["roman"] else "arabic" if m["arabic"] else "letter"
    number = m[kind]
    rest = text[m.end() :].strip()
    if bare:
        return (kind, number, "") if not rest else None
    end = m["end"].strip()
    if kind == "letter" and end not in (")", ".)"):
        return None
    if kind == "arabic" and not end and "." not in number:
        return None
    if kind == "arabic" and 1900 <= int(number.split(".")[0]) <= 2100:
        return None  # a year opening a cell ("2023. …" of a cell broken at a page), no number
    if kind == "roman" and not rest and not end:
        return None
    return kind, number, rest
