"""Import a decision's appendix table into a plan file (``parplan import``).

Why one module past 500 lines: one pipeline (read the table, map the headings, rebuild items,
write the plan) whose report is the diagnostics of every stage.

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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.deadlines import parse_deadline
from parplan.core.model import Diagnostic, Registry, Source
from parplan.core.text import fold, from_roman, hidden_characters, is_number, nfc, roman
from parplan.core.units import UnitIndex
from parplan.io.files import create_new
from parplan.io.fmt import CannotFormat, format_text, scalar_text
from parplan.io.loader import parse_document
from parplan.io.target_sentences import with_proposed_targets

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
    import csv

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


def _role(heading: str) -> str | None:
    key = " ".join(fold(heading).replace("/", " ").replace(":", " ").split())
    for role, pattern in _ROLE_WORDS:
        if pattern.search(key):
            return role
    return None


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


_DECISION = re.compile(r"Số\s*:\s*(\d+[\w/Đđ.-]*)")
_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_TITLE = re.compile(r"Ban\s+hành\s+kèm\s+theo\s+Quyết\s+định\s+này\s+(.+?)\.\s*$", re.S | re.M)
# "(Kèm theo Quyết định số 12/QĐ-XYZ ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh X)", as
# an appendix names the decision it belongs to (italics, line breaks, odd spacing removed first).
_ATTACHED = re.compile(
    r"kèm\s+theo\s+(?:Quyết\s+định|Kế\s+hoạch|Công\s+văn|Chỉ\s+thị)\s+số\s*:?\s*"
    r"(?P<number>\d+[\w/Đđ.-]{0,40})"
    r"(?:\s*,?\s*ngày\s+(?P<day>\d{1,2})\s*(?:tháng|/|-|\.)\s*(?P<month>\d{1,2})\s*"
    r"(?:năm|/|-|\.)\s*(?P<year>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^()\n]{1,200}))?",
    re.I,
)
# The plan's own name line: "KẾ HOẠCH …", "CHƯƠNG TRÌNH …", "DANH MỤC NHIỆM VỤ …".
_NAME_LINE = re.compile(r"^(ke hoach|chuong trinh|danh muc|nhiem vu)\b")
# Years named by a title: "năm 2026"; "giai đoạn 2026 - 2030", "2026-2030", "2026 – 2030".
_TITLE_SPAN = re.compile(r"(?<!\d)(\d{4})\s*[-–—‒−~]\s*(\d{4})(?!\d)")
_TITLE_YEAR = re.compile(r"\bnăm\s+(\d{4})(?!\d)", re.I)


@dataclass(frozen=True)
class Header:
    """What a decision says of the plan it issues (empty where it says nothing)."""

    title: str = ""
    decision: str = ""
    issued: date | None = None
    issuer: str = ""


def read_header(text: str) -> Header:
    """The plan's header from the text before the appendix table: the title (the decision's
    "Ban hành kèm theo Quyết định này …", else the plan's own name lines, in sentence case),
    the decision's number, date and issuer ("(Kèm theo Quyết định số N ngày … của …)", else
    the decision's "Số:" line and its place-and-date line)."""
    text = text[:200_000]  # a header is at the top; a huge preamble is not read to its end
    plain = text.replace("*", "").replace("_", " ")
    flat = " ".join(plain.split())
    decision, issued, issuer = "", None, ""
    attached = _ATTACHED.search(flat)
    if attached:
        decision = attached["number"].rstrip(".,;")
        if attached["year"]:
            issued = _date_of(attached["year"], attached["month"], attached["day"])
        if attached["issuer"]:
            issuer = attached["issuer"].strip(" .;,")
    head = plain[: max(2000, plain.find("QUYẾT ĐỊNH") + 2000)]
    if not decision:
        m = _DECISION.search(head)
        if m:
            decision = m[1].rstrip(".")
        if issued is None:
            m2 = _ISSUED.search(" ".join(head[m.end() if m else 0 :].split()))
            if m2:
                issued = _date_of(m2[3], m2[2], m2[1])
    title = ""
    m = _TITLE.search(plain)
    if m:
        title = " ".join(m[1].split())
        title = title[0].upper() + title[1:]
    else:
        title = _name_lines(plain)
    return Header(title[:500], decision[:60], issued, issuer)


def _date_of(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _name_lines(text: str) -> str:
    """The plan's own name: the first line opening "KẾ HOẠCH …", "CHƯƠNG TRÌNH …", "DANH MỤC
    …" or "NHIỆM VỤ …" (a whole line: not "Kế hoạch số …" in a sentence), with the capitalised
    lines that continue it, up to the "(Kèm theo …)" line; in sentence case."""
    lines = [" ".join(line.split()).strip("| ") for line in text.splitlines()]
    for at, line in enumerate(lines):
        if not line or len(line) > 200 or not _NAME_LINE.match(fold(line)):
            continue
        if line != line.upper() and fold(line).startswith("nhiem vu"):
            continue  # a heading cell "Nhiệm vụ", not a name
        if line != line.upper() and not _TITLE_YEAR.search(line) and not _TITLE_SPAN.search(line):
            continue  # a sentence, not a name line
        parts = [line]
        for following in lines[at + 1 : at + 4]:
            if not following or following.startswith("(") or following != following.upper():
                break
            if not any(ch.isalpha() for ch in following):
                break
            parts.append(following)
        return sentence_case(" ".join(parts))
    return ""


_KEEP_UPPER = {"ubnd", "hdnd", "cchc", "tthc", "cntt", "cbccvc", "iso"}
_BODY_WORDS = {"bộ", "sở", "cục", "vụ", "ban", "tổng", "viện", "trường"}
_PLACE_WORDS = {"tỉnh", "huyện", "quận", "xã", "phường"}
_PLACE_PAIRS = {("thành", "phố"), ("thị", "xã"), ("thị", "trấn")}


def sentence_case(text: str) -> str:
    """A title in sentence case, as Nghị định 30/2020 writes one in running text: "KẾ HOẠCH
    CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA BỘ NỘI VỤ" → "Kế hoạch cải cách hành chính năm 2025 của
    Bộ Nội vụ". A title already in mixed case is kept, only its first letter raised. After
    "của", the body's kind and the first word of its own name keep a capital ("Bộ Nội vụ", "Sở
    Tư pháp", "Ủy ban nhân dân"), and so does every word of a place ("tỉnh Quảng Nam", "thành
    phố Hà Nội"); acronyms (UBND, CCHC) stay in capitals."""
    text = " ".join(text.split())
    if not text or text != text.upper():
        return text[:1].upper() + text[1:]
    words = text.lower().split()
    capital = {0}
    owner = named = False
    k = 0
    while k < len(words):
        word = words[k]
        following = words[k + 1] if k + 1 < len(words) else ""
        if word == "của":
            owner = True
        elif owner and word in ("ủy", "uỷ"):
            capital.add(k)
            k += 2  # "Ủy ban": not "Ban" a body of its own
            continue
        elif owner and word in _BODY_WORDS and not named:
            named = True  # one body: "Bộ Nội vụ", not "Bộ Nội Vụ"
            capital.update((k, k + 1))
            k += 2  # its name's first word is not a body's kind ("Nội vụ")
            continue
        elif owner and (word in _PLACE_WORDS or (word, following) in _PLACE_PAIRS):
            first = k + (2 if (word, following) in _PLACE_PAIRS else 1)
            capital.update(range(first, len(words)))
            break
        k += 1
    out = []
    for k, word in enumerate(words):
        bare = fold(word).strip(",.;:()")
        if bare in _KEEP_UPPER:
            out.append(word.upper())
        elif k in capital:
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


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


# Limits of a Word file's parts, checked before anything is unpacked (a "zip bomb": a small
# file whose parts unpack to gigabytes). An appendix of thousands of rows is a few megabytes.
PART_LIMIT = 64 * 1024 * 1024
TOTAL_LIMIT = 256 * 1024 * 1024


def read_docx_table(path: str, shown: str | None = None) -> Table:
    """The appendix table of a Word file: the first table with a task and a deadline heading,
    and the later tables that continue it (``_continued``). Merged cells: one spanning columns
    counts once; one merged down repeats, marked merged. ``shown``: the file named in the
    report (the .doc a converted file came from)."""
    import docx  # python-docx, needed by this reader only

    source, path = path, path
    path = shown or source
    _check_zip(source, path)
    try:
        document = docx.Document(source)
    except Exception as error:  # not a Word file, or a damaged one
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {"reason": f" ({type(error).__name__})"},
            )
        ) from None
    tables = [element for element in document.element.body.iter(_W + "tbl")]
    tables = [t for t in tables if not any(a.tag == _W + "tbl" for a in t.iterancestors())]
    grids = [Grid(_docx_grid(table)) for table in tables]

    def before(at: int) -> str:
        return _paragraphs_before(document, tables[at])

    return _table_of_grids(path, grids, before)


def _check_zip(source: str, path: str) -> None:
    """Refuse a Word file whose parts would unpack past the limits, before reading any."""
    import zipfile

    try:
        with zipfile.ZipFile(source) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                if info.file_size > PART_LIMIT or total > TOTAL_LIMIT:
                    raise TableError(
                        Diagnostic(
                            Source(path, 1, 1),
                            ERROR,
                            "import-too-large",
                            {"part": info.filename, "size": info.file_size, "limit": PART_LIMIT},
                        )
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {"reason": f" ({type(error).__name__})"},
            )
        ) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_grid(table: Any) -> list[GridRow]:
    """A Word table's grid, walked once (linear in its cells, however many rows a cell is
    merged down): a cell spanning columns (gridSpan) counts once, then ""; a cell continuing a
    vertical merge (vMerge without "restart") is the cell above in its grid column."""
    rows: list[GridRow] = []
    above: dict[int, object] = {}  # grid column → the identity of the cell there, row above
    texts: dict[int, str] = {}  # a cell's text, by its identity
    for tr in table.iterchildren(_W + "tr"):
        row: GridRow = []
        properties = tr.find(_W + "trPr")
        before = properties.find(_W + "gridBefore") if properties is not None else None
        for _ in range(_int_attribute(before)):
            row.append(("", object()))
        for tc in tr.iterchildren(_W + "tc", _W + "sdt"):
            for cell in [tc] if tc.tag == _W + "tc" else tc.iter(_W + "tc"):
                tc_pr = cell.find(_W + "tcPr")
                span = max(1, _int_attribute(_find(tc_pr, "gridSpan"), 1))
                merge = _find(tc_pr, "vMerge")
                column = len(row)
                continued = merge is not None and merge.get(_W + "val") in (None, "continue")
                identity = above.get(column) if continued else None
                if identity is None:
                    identity = cell
                    texts[id(cell)] = _cell_text(cell)
                row.append((texts.get(id(identity), ""), identity))
                row.extend(("", identity) for _ in range(span - 1))
        above = {column: identity for column, (_, identity) in enumerate(row)}
        rows.append(row)
    return rows


def _find(properties: Any, name: str) -> Any:
    return properties.find(_W + name) if properties is not None else None


def _int_attribute(element: Any, default: int = 0) -> int:
    if element is None:
        return default
    value = element.get(_W + "val")
    return int(value) if value is not None and value.isdigit() and len(value) < 4 else default


def _cell_text(tc: Any) -> str:
    """A cell's text, its paragraphs joined by spaces, those of a table nested in it included
    (their text is kept, not dropped); a reference to an entity the file declares but never
    resolves is kept as written, and the text after it too."""
    lines = []
    for paragraph in tc.iter(_W + "p"):
        parts: list[str] = []
        for element in paragraph.iter(_W + "t", _W + "tab", _W + "br", _W + "cr"):
            if element.tag != _W + "t":
                parts.append(" ")
                continue
            parts.append(element.text or "")
            for child in element:  # an unresolved entity: its reference, then the text after
                parts.append(child.text if isinstance(child.text, str) else "")
                parts.append(child.tail or "")
        line = " ".join("".join(parts).split())
        if line:
            lines.append(line)
    return " ".join(lines)


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
            later, later_lines = _continued(grids[at + 1 :], top)
            own_lines = grid_table.lines or [k + 1 for k in range(len(grid))]
            lines = own_lines[index + 1 :] + later_lines
            body = [
                (cells + [("", object()) for _ in range(width - len(cells))])[:width]
                for cells in grid[index + 1 :] + later
            ]
            for position, cells in enumerate(body):
                previous = body[position - 1] if position > 0 else None
                following = body[position + 1] if position + 1 < len(body) else None
                number = (
                    lines[position]
                    if grid_table.lines is not None and position < len(lines)
                    else index + 2 + position
                )
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


def _paragraphs_before(document: Any, table: Any) -> str:
    """The text of the body's paragraphs above ``table`` (the appendix), in order: the
    decision and the appendix's title, not the text after it (signatures, notes)."""
    lines = []
    for element in document.element.body.iterchildren():
        if element is table:
            break
        if element.tag == _W + "p":
            lines.append(_cell_text(element))
    return "\n".join(lines)


def _continued(grids: Sequence[Grid], headings: list[str]) -> tuple[list[GridRow], list[int]]:
    """The rows of the later tables that continue the appendix (split at a page or a section):
    as wide as it, headed by the same headings or by none (numbering then goes on across them,
    as if one table). A table of other headings is another appendix: it ends the reading.
    With each row, its line (text forms) or its number among the rows read so far."""
    rows: list[GridRow] = []
    lines: list[int] = []
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
        rows.extend(grid[skip:])
        lines.extend(own[skip:])
    return rows, lines


def _sub_headings(row: list[tuple[str, object]], below: list[tuple[str, object]]) -> bool:
    """Whether ``below`` continues the heading row ``row``: the same width, and its own cells
    (not merged down from the heading) are headings of a role, none numbered."""
    if len(below) != len(row):
        return False
    own = [
        text for (text, tc), (_, above) in zip(below, row, strict=True) if tc is not above and text
    ]
    return bool(own) and all(_role(text) and not _number_of(text) for text in own)


# ---------------------------------------------------------------------------------------------
# Units


def split_units(cell: str, known: Sequence[str] = ()) -> list[str]:
    """The unit names of a lead or support cell, as written.

    Known names (of the registry) are matched first, longest first, ignoring case; elsewhere
    names are separated by ";", by "," or "và" before a capital, and "Các Vụ: A; B" gives
    "Vụ A", "Vụ B".
    """
    cell = " ".join(cell.split()).strip(" .;,")
    if not cell:
        return []
    distributed = re.match(r"^Các\s+([^\W\d_]+)\s*:\s*(.+)$", cell)
    if distributed:
        kind = distributed[1][0].upper() + distributed[1][1:]
        parts = [p.strip(" .") for p in re.split(r"[;,]|\s+và\s+", distributed[2])]
        return [f"{kind} {p}" for p in parts if p]
    folded_known = sorted({k.casefold(): k for k in known}.items(), key=lambda kv: -len(kv[0]))
    folded_set = {folded for folded, _ in folded_known}
    lengths = sorted({len(folded) for folded in folded_set}, reverse=True)  # longest first
    # Positions in the cell, never slices of what is left: linear in the cell's length (a
    # 10 MB cell took minutes when each step copied the rest, issue 19).
    names: list[str] = []
    end = len(cell.rstrip(" ;,.-+"))
    at = 0
    while at < end:
        while at < end and cell[at] in " ;,.-+":
            at += 1
        if cell[at : at + 3].casefold() == "và ":
            at += 3
            while at < end and cell[at] == " ":
                at += 1
        if at >= end:
            break
        found = next(
            (
                size
                for size in lengths
                if (at + size >= end or not cell[at + size].isalnum())
                and cell[at : at + size].casefold() in folded_set
            ),
            None,
        )
        if found is not None:
            after = at + found
            while after < end and cell[after] == " ":
                after += 1
            if after >= end or cell[after] in ";,." or cell[after : after + 3].casefold() == "và ":
                names.append(cell[at : at + found])
                at += found
                continue
        cut = _next_separator(cell, at, end)
        names.append(cell[at : cut[0] if cut else end].strip())
        at = cut[1] if cut else end
    return [n for n in names if n]


_SEPARATOR = re.compile(r";|,|\s+và\s+")
_WORD = re.compile(r"\s*(\S{0,60})")  # a word's start is enough: never scan a long run


def _next_separator(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where the next name starts, from ``start``: after ";"; after "," before a capital letter
    ("Sở Nội vụ, Sở Tư pháp"; not "Các cơ quan, đơn vị liên quan"); after "và" before the same
    first word as the name's own ("Sở Tư pháp và Sở Tài chính"; not "Sở Khoa học và Công
    nghệ"). Each character is looked at a bounded number of times."""
    end = len(text) if end is None else end
    first_word = _WORD.match(text, start, end)
    first = first_word[1].casefold() if first_word else ""
    for m in _SEPARATOR.finditer(text, start, end):
        following = _WORD.match(text, m.end(), end)
        word = following[1] if following else ""
        if m.group() == ";" or (m.group() == "," and word[:1].isupper()):
            return m.start(), m.end()
        if m.group() != "," and word[:1].isupper() and word.casefold() == first:
            return m.start(), m.end()
    return None


_GROUP_WORDING = re.compile(
    r"^các\s|liên quan|địa phương|^mọi\s|^tất cả"
    # a body of every place or office of a kind: "UBND các xã, phường", "Ủy ban nhân dân các
    # huyện", "UBND cấp xã", "Phòng Nội vụ các huyện" (issue 20)
    r"|\scác\s+(?:xã|phường|huyện|quận|thị xã|thành phố|tỉnh|sở|phòng|đơn vị|cơ quan)\b"
    r"|\scấp\s+(?:xã|huyện|tỉnh)\b",
    re.I,
)


_OUTSIDE_BODIES = re.compile(
    r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd)\s+(?:các|cấp)\s", re.I
)


def is_group_wording(name: str) -> bool:
    """A collective name, a group and not a unit: "Các sở, ban, ngành", "Các đơn vị thuộc,
    trực thuộc Bộ", "Các phòng thuộc Sở", "Các cơ quan, đơn vị liên quan", "UBND các xã,
    phường", "Ủy ban nhân dân cấp huyện"."""
    return bool(_GROUP_WORDING.search(name))


# ---------------------------------------------------------------------------------------------
# Building the plan


@dataclass
class _Item:
    id: str
    title: str | None  # a leaf task's title; None for an activity
    product: str
    lead: str
    support: str
    deadline: str
    note: str
    extra: dict[str, str]
    line: int
    deadline_line: int
    lead_list: list[str] = field(default_factory=list)
    support_list: list[str] = field(default_factory=list)


@dataclass
class _Task:
    id: str
    title: str
    line: int
    items: list[_Item] = field(default_factory=list)
    leaf: _Item | None = None
    number: int = 0
    parent_title: str = ""


@dataclass
class _Section:
    id: str
    title: str
    tasks: list[_Task] = field(default_factory=list)


class _Builder:
    def __init__(self, path: str, table: Table) -> None:
        self.path = path
        self.table = table
        self.columns = table.columns
        self.report: list[Diagnostic] = []
        self.sections: list[_Section] = []
        self.inherited = 0
        self.last: _Item | None = None
        self.task_heading: _Task | None = None  # a task heading awaiting its activities

    def note(self, line: int, severity: str, code: str, **args: object) -> None:
        self.report.append(Diagnostic(Source(self.path, line, 1), severity, code, args))

    def aligned(self, row: tuple[Cell, ...]) -> dict[int, Cell]:
        """Cells by column: a short row lacks its first columns (merged from above), unless
        it opens with the numbering column."""
        offset = len(self.columns) - len(row)
        if self.columns[0].role == NUMBER and _number_of(row[0].text, bare=True):
            offset = 0
        return {offset + k: cell for k, cell in enumerate(row)}

    def build(self) -> list[_Section]:
        headings = [" ".join(fold(c.heading).split()) for c in self.columns]
        for row in self.table.rows:
            if not any(c.text for c in row):
                continue
            if [" ".join(fold(c.text).split()) for c in row] == headings:
                continue  # the heading row repeated (a table across pages)
            self.row(row)
        return self.sections

    def row(self, row: tuple[Cell, ...]) -> None:
        line = next((c.line for c in row if c.text), row[0].line)
        number, cells = self.numbered(self.aligned(row))
        texts = [
            c.text
            for i, c in sorted(cells.items())
            if c.text and not c.merged and self.columns[i].role != NUMBER
        ]
        if number is not None and number[0] == "roman":
            self.sections.append(
                _Section(self.section_id(number[1], line), texts[0] if texts else "")
            )
            self.task_heading = None
            self.last = None
            return
        if not self.sections:
            self.sections.append(_Section("I", ""))
        by_role = self.roles(cells)
        if number is None:
            if self.last is not None:
                self.continue_item(cells)
                self.note(line, INFO, "import-continued", id=self.last.id)
            return
        if not any(by_role.get(r) for r in (LEAD, SUPPORT, DEADLINE)) and len(texts) <= 1:
            self.heading(number, texts[0] if texts else "", line)
            return
        self.item(number, cells, by_role, line)

    def section_id(self, number: str, line: int) -> str:
        """The section's Roman number, or the one after the last when it is already used (an
        appendix in parts, each numbering its sections from I)."""
        used = {s.id for s in self.sections if s.tasks}  # not the implicit "I" of stray rows
        if number not in used:
            return number
        section_id = roman(max(from_roman(u) or 0 for u in used) + 1)
        self.note(line, INFO, "import-id-renamed", number=number, id=section_id)
        return section_id

    def numbered(
        self, cells: dict[int, Cell]
    ) -> tuple[tuple[str, str, str] | None, dict[int, Cell]]:
        """The row's number, from the numbering column or opening its first cell of its own
        (a cell merged from above belongs to an earlier row); that cell without its number."""
        if self.columns[0].role == NUMBER:
            cell = cells.get(0)
            if cell is None or cell.merged or not cell.text:
                return None, cells
            return _number_of(cell.text, bare=True) or _number_of(cell.text), cells
        own = [i for i, c in sorted(cells.items()) if c.text and not c.merged]
        if not own:
            return None, cells
        cell = cells[own[0]]
        number = _number_of(cell.text)
        if number is None:
            return None, cells
        return number, {**cells, own[0]: replace(cell, text=number[2])}

    def roles(self, cells: dict[int, Cell]) -> dict[str, str]:
        """The texts of a row's own cells (not merged from above), by column role."""
        return {
            self.columns[i].role: c.text
            for i, c in cells.items()
            if c.text and not c.merged and self.columns[i].role not in (TASK, PRODUCT, EXTRA)
        }

    def heading(self, number: tuple[str, str, str], title: str, line: int) -> None:
        section = self.sections[-1]
        parts = number[1].split(".")
        if self.task_heading is not None and len(parts) > 1 and not self.task_heading.items:
            # A heading under a task heading (I.1.1): it becomes the task, after its parent.
            parent = self.task_heading
            if parent in section.tasks and not parent.items:
                section.tasks.remove(parent)
            task = self.new_task(section, parts[-1], f"{parent.title} — {title}", line)
            task.parent_title = parent.title
        elif self.task_heading is not None and len(parts) > 1:
            parent_title = self.task_heading.parent_title or self.task_heading.title
            task = self.new_task(section, parts[-1], f"{parent_title} — {title}", line)
            task.parent_title = parent_title
        else:
            task = self.new_task(section, parts[0], title, line)
        self.task_heading = task
        self.last = None

    def new_task(self, section: _Section, number: str, title: str, line: int) -> _Task:
        used = {t.id for t in section.tasks}
        wanted = f"{section.id}.{int(number)}" if is_number(number) else ""
        task_id = wanted
        if not wanted or wanted in used:
            top = max([t.number for t in section.tasks] or [0])
            task_id = f"{section.id}.{top + 1}"
            if wanted:
                self.note(line, INFO, "import-id-renamed", number=wanted, id=task_id)
        task = _Task(task_id, title, line, number=int(task_id.rsplit(".", 1)[1]))
        section.tasks.append(task)
        return task

    def item(
        self,
        number: tuple[str, str, str],
        cells: dict[int, Cell],
        by_role: dict[str, Any],
        line: int,
    ) -> None:
        section = self.sections[-1]
        own = {self.columns[i].role: c.text for i, c in cells.items() if not c.merged}
        task_text, product = own.get(TASK, ""), own.get(PRODUCT, "")
        inner = _number_of(product) if task_text and product else None
        task_cell = next((c for i, c in cells.items() if self.columns[i].role == TASK), None)
        parts = number[1].split(".")
        spans_down = task_cell is not None and task_cell.spans_down
        if inner is None and task_text and product and (len(parts) > 1 or spans_down):
            # A numbering column: "1.1" | task merged down its activities | the activity.
            parent = ".".join(parts[:-1]) if len(parts) > 1 else parts[0]
            inner, number = (number[0], number[1], product), (number[0], parent, "")
            if len(parts) == 1:
                inner = ("arabic", f"{parts[0]}.1", product)
        if inner is not None and (inner[0] == "letter" or "." in inner[1]):
            # The first row of a task merged down its activities: "2. Task" | "2.1. Activity".
            self.heading(number, task_text, line)
            rest = {
                i: replace(c, merged=True)
                if self.columns[i].role == TASK
                else replace(c, text=inner[2])
                if self.columns[i].role == PRODUCT
                else c
                for i, c in cells.items()
            }
            self.item(inner, rest, by_role, line)
            return
        parts = number[1].split(".")
        # Under a task heading, a row is one of its activities unless it reads as a task of
        # its own: a single number with both a task and a product cell.
        activity = self.task_heading is not None and not (
            len(parts) == 1 and number[0] != "letter" and task_text and product
        )
        if activity:
            assert self.task_heading is not None
            task = self.task_heading
            wanted = parts[-1] if is_number(parts[-1]) else str(len(task.items) + 1)
            item_id = f"{task.id}.{int(wanted)}"
            if item_id in {i.id for i in task.items}:
                renamed = f"{task.id}.{len(task.items) + 1}"
                self.note(line, INFO, "import-id-renamed", number=item_id, id=renamed)
                item_id = renamed
            new = self.new_item(item_id, None, product or task_text, by_role, cells, line)
            task.items.append(new)
        else:
            title = task_text or product
            task = self.new_task(section, parts[0] if is_number(parts[0]) else "0", title, line)
            new = self.new_item(task.id, title, product or title, by_role, cells, line)
            task.leaf = new
            self.task_heading = None
        self.last = new

    def new_item(
        self,
        item_id: str,
        title: str | None,
        product: str,
        by_role: dict[str, str],
        cells: dict[int, Cell],
        line: int,
    ) -> _Item:
        extra = {
            self.columns[i].heading: c.text
            for i, c in cells.items()
            if self.columns[i].role == EXTRA and c.text
        }
        deadline_line = next(
            (c.line for i, c in cells.items() if self.columns[i].role == DEADLINE), line
        )
        new = _Item(
            item_id,
            title,
            product,
            str(by_role.get(LEAD, "")),
            str(by_role.get(SUPPORT, "")),
            str(by_role.get(DEADLINE, "")),
            str(by_role.get(NOTE, "")),
            extra,
            line,
            deadline_line,
        )
        self.inherit(new, cells, line)
        return new

    def inherit(self, new: _Item, cells: dict[int, Cell], line: int) -> None:
        """Empty lead, support or deadline (a cell merged down, in text or Word): the value of
        the row above, said so in the report. Support only when its cell is merged down (in
        Word): an empty support cell is no support."""
        if self.last is None:
            return
        merged = {self.columns[i].role for i, c in cells.items() if c.merged}
        for role, attribute in ((LEAD, "lead"), (SUPPORT, "support"), (DEADLINE, "deadline")):
            if role not in {c.role for c in self.columns}:
                continue
            if role == SUPPORT and role not in merged:
                continue  # an empty support cell is no support unit (most rows have none)
            value = getattr(self.last, attribute)
            if not getattr(new, attribute) and value:
                setattr(new, attribute, value)
                self.inherited += 1
                heading = next(c.heading for c in self.columns if c.role == role)
                self.note(line, INFO, "import-inherited", column=heading, id=new.id, value=value)

    def continue_item(self, cells: dict[int, Cell]) -> None:
        assert self.last is not None
        for index, cell in cells.items():
            if not cell.text or cell.merged:
                continue
            role = self.columns[index].role
            attribute = {
                PRODUCT: "product",
                TASK: "product" if self.last.title is None else "title",
                LEAD: "lead",
                SUPPORT: "support",
                DEADLINE: "deadline",
                NOTE: "note",
            }.get(role)
            if attribute is None:
                heading = self.columns[index].heading
                self.last.extra[heading] = _join(self.last.extra.get(heading, ""), cell.text)
            elif attribute == "title":  # a task of its own: its title, and its product if the same
                if self.last.product == self.last.title:
                    self.last.product = _join(self.last.product, cell.text)
                self.last.title = _join(self.last.title or "", cell.text)
            else:
                setattr(self.last, attribute, _join(getattr(self.last, attribute), cell.text))


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip()


# ---------------------------------------------------------------------------------------------
# The whole import


@dataclass(frozen=True)
class Options:
    year: int | None = None
    period: tuple[int, int] | None = None
    registry: Registry | None = None
    units_text: str | None = None  # the registry's text, to add aliases to
    units_file: str = "units.yaml"
    accept_aliases: bool = False
    today: date | None = None  # for a plan whose decision names no date and no year
    # What the user says of the header, over what the document says (issue 20).
    title: str | None = None
    decision: str | None = None
    issued: date | None = None


def import_table(path: str, table: Table, options: Options) -> ImportResult:
    """Build the plan (and the units file to write, if any) from a table read from ``path``."""
    table = replace(
        table,
        title=options.title if options.title is not None else table.title,
        decision=options.decision if options.decision is not None else table.decision,
        issued=options.issued if options.issued is not None else table.issued,
    )
    builder = _Builder(path, table)
    sections = builder.build()
    items = [i for s in sections for t in s.tasks for i in ([t.leaf] if t.leaf else t.items)]
    if not items:
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {
                    "reason": ": không có dòng đánh số nào dưới dòng tiêu đề"
                    " / no numbered row under the headings"
                },
            )
        )
    first, last = _years(table, items, options)
    if options.year is None and options.period is None and _title_years(table.title) is None:
        # The document names no year: the deadlines' years were taken, and the user is told.
        years = str(first) if first == last else f"{first}-{last}"
        builder.note(1, INFO, "import-years-guessed", years=years)
    unknown, units_text = _resolve_units(builder, items, options)
    deadline_problems = unread = 0
    for item in items:
        if not item.lead:  # no lead column, or an empty cell with nothing above to inherit
            builder.note(item.line, WARNING, "import-no-lead", id=item.id)
        parsed = parse_deadline(item.deadline, first, last if last != first else None)
        problems = [p for p in parsed.problems if p.code != "deadline-alternative"]
        if problems and not parsed.milestones:
            # Nothing read: the wording kept as written, the item with no milestone (issue 20).
            unread += 1
            builder.note(
                item.deadline_line,
                WARNING,
                "deadline-unread",
                deadline=item.deadline,
                problem=problems[0].code,
                fragment=problems[0].fragment,
            )
            continue
        for problem in problems:  # "deadline-alternative": a warning validate gives too
            deadline_problems += 1
            builder.note(
                item.deadline_line,
                WARNING,
                "import-deadline",
                id=item.id,
                deadline=item.deadline,
                problem=problem.code,
            )
    plan_text = _plan_text(table, sections, first, last)
    plan_text = _with_targets(path, plan_text, builder.report)  # issue 21
    return ImportResult(
        plan_text,
        units_text,
        tuple(builder.report),
        rows=sum(1 for r in table.rows if any(c.text for c in r)),
        items=len(items),
        inherited=builder.inherited,
        unknown_units=unknown,
        deadline_problems=deadline_problems,
        unread_deadlines=unread,
        header=Header(
            table.title or _default_title(first, last),
            table.decision or "?",
            table.issued,
            table.issuer,
        ),
        years=str(first) if first == last else f"{first}-{last}",
    )


def _with_targets(path: str, plan_text: str, report: list[Diagnostic]) -> str:
    """The plan with the targets the decision's text states, proposed for review (issue 21:
    ``parplan.io.target_sentences``)."""
    text, notes = with_proposed_targets(path, plan_text)
    report.extend(notes)
    return text


def _default_title(first: int, last: int) -> str:
    return f"Kế hoạch năm {first}" if first == last else f"Kế hoạch giai đoạn {first} - {last}"


def _years(table: Table, items: list[_Item], options: Options) -> tuple[int, int]:
    """The plan's year or period: given, else from the title, else from the deadlines."""
    if options.period is not None:
        return options.period
    if options.year is not None:
        return options.year, options.year
    named = _title_years(table.title)
    if named is not None:
        return named
    if table.issued is not None:  # a plan is issued late in the year before, or early in its own
        guess = table.issued.year + (1 if table.issued.month >= 10 else 0)
    else:
        guess = options.today.year if options.today is not None else 2000
    years = [
        m.due.year
        for item in items
        for m in parse_deadline(item.deadline, guess).milestones
        if m.due is not None
    ]
    if years:
        low, high = min(years), max(years)
        low = max(low, high - 10)
        return (low, high) if table.issued is None or low > table.issued.year else (high, high)
    return guess, guess


def _title_years(title: str) -> tuple[int, int] | None:
    """The years a title names: "giai đoạn 2026 - 2030", "2026-2030", "2026 – 2030" (any dash
    or spacing) give the period; "năm 2026" the year."""
    span = _TITLE_SPAN.search(title)
    if span and 1900 < int(span[1]) <= int(span[2]) < 3000:
        return int(span[1]), int(span[2])
    single = _TITLE_YEAR.search(title)
    if single and 1900 < int(single[1]) < 3000:
        return int(single[1]), int(single[1])
    return None


def _resolve_units(
    builder: _Builder, items: list[_Item], options: Options
) -> tuple[int, str | None]:
    """Lead and support names to registry names; unknown ones reported (and added as aliases
    with ``accept_aliases``). Without a registry: a new units file naming everything found."""
    registry = options.registry
    if registry is None:
        for item in items:
            item.lead_list = split_units(item.lead)
            item.support_list = split_units(item.support)
        spelling = _one_spelling(
            name for item in items for name in (*item.lead_list, *item.support_list)
        )
        for item in items:
            item.lead_list = list(dict.fromkeys(spelling[n] for n in item.lead_list))
            item.support_list = list(dict.fromkeys(spelling[n] for n in item.support_list))
        names = list(dict.fromkeys(spelling.values()))
        return 0, new_units_text(names, _aliases_of(spelling))
    index = UnitIndex(registry)
    known = [n for e in index.entries for n in index.names_of(e)]
    unknown: dict[str, tuple[str, ...]] = {}
    where: dict[str, int] = {}
    for item in items:
        resolved: list[list[str]] = []
        for cell in (item.lead, item.support):
            out = []
            for name in split_units(cell, known):
                found = index.lookup(name)
                if found is None:
                    query = index.query(name)
                    exact = query.entry if fold(name) in {fold(n) for n in known} else None
                    if exact is not None:
                        out.append(exact.name)
                        continue
                    unknown.setdefault(name, index.suggest(name))
                    where.setdefault(name, item.line)
                    out.append(name)
                else:
                    out.append(found.entry.name)
            resolved.append(out)
        item.lead_list, item.support_list = resolved
    units_text = None
    aliases: dict[str, str] = {}
    for name, suggestions in unknown.items():
        if options.accept_aliases and suggestions and hidden_characters(name):
            # A bidi control or zero-width character makes a name that looks like another
            # (issue 19): never stored as an alias; the source's text is to be corrected.
            builder.note(
                where[name],
                WARNING,
                "import-alias-hidden",
                name=name,
                canonical=suggestions[0],
                file=options.units_file,
            )
        elif options.accept_aliases and suggestions:
            aliases[name] = suggestions[0]
            builder.note(
                where[name],
                INFO,
                "import-alias-added",
                name=name,
                canonical=suggestions[0],
                file=options.units_file,
            )
        else:
            builder.note(
                where[name], WARNING, "import-unknown-unit", name=name, suggestions=suggestions
            )
    if aliases and options.units_text is not None:
        try:
            units_text = add_aliases(options.units_text, aliases)
        except CannotFormat:  # a layout the text edit does not handle: nothing is added
            for name in aliases:
                builder.note(where[name], WARNING, "import-unknown-unit", name=name)
            return len(unknown), None
        for item in items:
            item.lead_list = [aliases.get(n, n) for n in item.lead_list]
            item.support_list = [aliases.get(n, n) for n in item.support_list]
    return len(unknown) - len(aliases), units_text


def _one_spelling(names: Iterable[str]) -> dict[str, str]:
    """Each name as the file will write it. Names that differ only in case or diacritics
    ("Vụ cải cách hành chính", "Cục Văn thư và Lưu trư nhà nước" — typing slips of the decision),
    or in the abbreviation of the body ("UBND tỉnh" / "Ủy ban nhân dân tỉnh", "HĐND" / "Hội
    đồng nhân dân") are one unit: the spelling written most often is kept (the first of
    equals), so the new units file has no ``duplicate-unit`` and the plan names each unit one
    way; the other spellings become its aliases (``_aliases_of``)."""
    seen: dict[str, list[str]] = {}
    for name in names:
        seen.setdefault(_spelling_key(name), []).append(name)
    out: dict[str, str] = {}
    for spellings in seen.values():
        counts = {spelling: spellings.count(spelling) for spelling in spellings}
        kept = max(counts, key=lambda spelling: counts[spelling])  # the first among equals
        out.update((spelling, kept) for spelling in counts)
    return out


_ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "uy ban nhan dan"),
    (re.compile(r"\bhdnd\b"), "hoi dong nhan dan"),
    (re.compile(r"\btp\.?\s"), "thanh pho "),
)


def _spelling_key(name: str) -> str:
    key = " ".join(fold(name).split())
    for pattern, words in _ABBREVIATIONS:
        key = pattern.sub(words, key)
    return key


def _aliases_of(spelling: dict[str, str]) -> dict[str, list[str]]:
    """The kept name → its other spellings that accent-insensitive lookup would not find by
    itself ("UBND tỉnh" for "Ủy ban nhân dân tỉnh")."""
    aliases: dict[str, list[str]] = {}
    for written, kept in spelling.items():
        if fold(written) != fold(kept):
            aliases.setdefault(kept, []).append(written)
    return aliases


def new_units_text(names: Sequence[str], aliases: dict[str, list[str]] | None = None) -> str:
    """A units file listing every name found: collective names ("Các sở, ban, ngành", "UBND
    các xã, phường") as groups, the rest as units; each with its other spellings as aliases."""
    known = aliases or {}
    units = [n for n in names if not is_group_wording(n)]
    groups = [n for n in names if is_group_wording(n)]

    def alias_lines(name: str) -> list[str]:
        others = known.get(name, [])
        return ["    aliases:", *(f"      - {scalar_text(o)}" for o in others)] if others else []

    lines = ["units:"]
    for name in units:
        lines += [f"  - name: {scalar_text(name)}", "    kind: administrative", *alias_lines(name)]
    if not units:
        lines[-1] = "units: []"
    lines.append("groups:" if groups else "groups: []")
    for name in groups:
        lines.append(f"  - name: {scalar_text(name)}")
        if "liên quan" in name.casefold() or _OUTSIDE_BODIES.search(name):
            # names no one of the registry: "… liên quan"; the bodies of every commune or
            # district ("UBND các xã, phường"), which a province's registry does not list
            lines.append("    placeholder: true")
        else:
            lines += ["    kinds:", "      - administrative", "      - public_service"]
        lines += alias_lines(name)
    return format_text("\n".join(lines) + "\n")


def add_aliases(units_text: str, aliases: dict[str, str]) -> str:
    """The units text with each ``alias → canonical name`` added to that entry's aliases, its
    comments kept, then put in fmt's canonical layout (raises ``CannotFormat`` when the result
    does not read back, e.g. an entry whose aliases are a flow list)."""
    lines = units_text.splitlines()
    for alias, canonical in aliases.items():
        entry = next(
            (
                (k, len(m[1]) + 2)
                for k, line in enumerate(lines)
                if (m := re.match(r"^(\s*)- name:\s*(.*)$", line))
                and _scalar_value(m[2]) == canonical
            ),
            None,
        )
        if entry is None:
            continue
        start, width = entry
        indent = " " * width  # the entry's keys
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(indent)):
            end += 1
        key = next((k for k in range(start + 1, end) if lines[k] == f"{indent}aliases:"), None)
        new = f"{indent}  - {scalar_text(alias)}"
        if key is None:
            lines[start + 1 : start + 1] = [f"{indent}aliases:", new]
        else:
            lines.insert(key + 1, new)
    return format_text("\n".join(lines) + "\n")


def _scalar_value(text: str) -> str:
    """The text of a YAML scalar as written on a line ("Vụ A", "'Vụ A'"), read by the one
    loader (a tag or an alias is not constructed: the text is then taken as it stands)."""
    from yaml.nodes import ScalarNode

    document = parse_document("", text.encode("utf-8", "surrogatepass"))
    if document.problems or not isinstance(document.root, ScalarNode):
        return text.strip()
    return str(document.root.value)


def _plan_text(table: Table, sections: list[_Section], first: int, last: int) -> str:
    """The plan in fmt's canonical layout."""
    import yaml

    header: dict[str, object] = {
        "title": table.title or _default_title(first, last),
        "decision": table.decision or "?",
    }
    if table.issued is not None:
        header["issued"] = table.issued
    if first == last:
        header["year"] = first
    else:
        header["period"] = f"{first}-{last}"
    data = {
        "plan": header,
        "sections": [
            # a table with no section rows, or a section row with no text: "Mục I"
            {
                "id": s.id,
                "title": s.title or f"Mục {s.id}",
                "tasks": [_task_data(t) for t in s.tasks],
            }
            for s in sections
            if s.tasks
        ],
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return format_text(text)


def _task_data(task: _Task) -> dict[str, object]:
    if task.leaf is not None:
        return _item_data(task.leaf)
    return {"id": task.id, "title": task.title, "activities": [_item_data(i) for i in task.items]}


def _item_data(item: _Item) -> dict[str, object]:
    data: dict[str, object] = {"id": item.id}
    if item.title is not None:
        data["title"] = item.title
    data["product"] = item.product
    data["lead"] = item.lead_list
    data["support"] = item.support_list
    data["deadline"] = item.deadline
    if item.note:
        data["note"] = item.note
    if item.extra:
        data["extra"] = dict(item.extra)
    return data


# The largest document read (a decision with its appendix is well under a few megabytes).
FILE_LIMIT = 64 * 1024 * 1024
PDF_PAGE_LIMIT = 2000


def read_table(path: str | Path) -> Table:
    """The table of a decision in any form agencies publish: Word (.docx; .doc through
    LibreOffice), PDF with a text layer, or text (UTF-8 or UTF-16 with a byte order mark): a
    legal portal's page (cells ending at lines holding a single "|"), a Markdown pipe table,
    tab-separated text as copied out of Word or Excel, or CSV. The form is told by the file's
    first bytes, then its name."""
    path = Path(path)
    shown = str(path)
    if not path.is_file():
        code = "file-missing" if not path.exists() else "file-unreadable"
        reason = {} if code == "file-missing" else {"reason": "not a file"}
        raise TableError(Diagnostic(Source(shown, 1, 1), ERROR, code, reason))
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            start = stream.read(8)
    except OSError as error:
        reason = {"reason": type(error).__name__}
        raise TableError(
            Diagnostic(Source(shown, 1, 1), ERROR, "file-unreadable", reason)
        ) from None
    if size > FILE_LIMIT:
        raise TableError(
            Diagnostic(
                Source(shown, 1, 1),
                ERROR,
                "import-too-large",
                {"part": path.name, "size": size, "limit": FILE_LIMIT},
            )
        )
    suffix = path.suffix.lower()
    if start.startswith(b"PK\x03\x04") or (suffix == ".docx" and not start.startswith(b"%PDF")):
        return read_docx_table(shown)
    if start.startswith(b"%PDF"):
        return read_pdf_table(shown)
    if start.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".doc":  # Word 97 (OLE2)
        return read_doc_table(shown)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = {"reason": type(error).__name__}
        diagnostic = Diagnostic(Source(shown, 1, 1), ERROR, "file-unreadable", reason)
        raise TableError(diagnostic) from None
    try:
        # UTF-16 with a byte order mark: Notepad's and Word's "Unicode" text on Windows.
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        text = raw.decode("utf-16" if utf16 else "utf-8")
    except UnicodeDecodeError:
        raise TableError(Diagnostic(Source(shown, 1, 1), ERROR, "file-encoding", {})) from None
    return read_any_text_table(shown, text, csv_file=suffix == ".csv")


# ---------------------------------------------------------------------------------------------
# Reading: Word 97 (.doc), through LibreOffice


def read_doc_table(path: str) -> Table:
    """A Word 97 file, converted to .docx by LibreOffice in headless mode (in a folder of its
    own, with a profile of its own, so that a LibreOffice already open is not disturbed), then
    read as one. Without LibreOffice: a message saying how to convert it by hand."""
    import shutil
    import subprocess
    import tempfile

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        raise TableError(Diagnostic(Source(path, 1, 1), ERROR, "import-doc-needs-office", {}))
    with tempfile.TemporaryDirectory(prefix="parplan-doc-") as folder:
        work = Path(folder)
        copy = work / "source.doc"
        shutil.copyfile(path, copy)
        try:
            subprocess.run(
                [
                    program,
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    "--convert-to",
                    "docx",
                    "--outdir",
                    str(work / "out"),
                    str(copy),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=180,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise TableError(
                Diagnostic(
                    Source(path, 1, 1),
                    ERROR,
                    "import-doc-failed",
                    {"reason": type(error).__name__},
                )
            ) from None
        converted = work / "out" / "source.docx"
        if not converted.is_file():
            raise TableError(
                Diagnostic(Source(path, 1, 1), ERROR, "import-doc-failed", {"reason": "-"})
            )
        return read_docx_table(str(converted), shown=path)


# ---------------------------------------------------------------------------------------------
# Reading: PDF


def read_pdf_table(path: str) -> Table:
    """The appendix table of a PDF with a text layer, read by pdfplumber (cells from the lines
    drawn around them; a cell merged down is the cell above, one merged across the cell to its
    left). A table running over several pages is joined, its heading row repeated on each page
    dropped; a row broken at a page continues the item above. A scanned PDF (no text at all) is
    a message, not an empty plan: parplan does no OCR."""
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        document = pdfplumber.open(path)
    except Exception as error:  # not a PDF, or a damaged or encrypted one
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {"reason": f" ({type(error).__name__})"},
            )
        ) from None
    grids: list[Grid] = []
    page_texts: list[str] = []
    places: list[tuple[int, str]] = []  # each table: its page, the text above it there
    try:
        with document:
            for page in document.pages[:PDF_PAGE_LIMIT]:
                tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
                for table in tables:
                    head = ""
                    if table.bbox[1] > page.bbox[1] + 1:
                        box = (page.bbox[0], page.bbox[1], page.bbox[2], table.bbox[1])
                        head = page.crop(box, strict=False).extract_text() or ""
                    places.append((len(page_texts), head))
                    grids.append(Grid(_pdf_grid(table)))
                page_texts.append(page.extract_text() or "")
    except Exception as error:  # a damaged stream inside the file
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {"reason": f" ({type(error).__name__})"},
            )
        ) from None
    if not any(text.strip() for text in page_texts):
        raise TableError(Diagnostic(Source(path, 1, 1), ERROR, "import-scanned", {}))

    def before(at: int) -> str:
        page, head = places[at]
        return "\n".join([*page_texts[:page], head])

    return _table_of_grids(path, grids, before)


# A line break between two digits, or beside a "/" or "-" of a date or number: the layout broke
# a token too long for the cell ("31/12/202" + "5", "1157/NQ-" + "UBTVQH15"), not two words.
_BROKEN_TOKEN = re.compile(r"(?<=[\d/])\n(?=[\d/])|(?<=\d/)\n(?=\w)|(?<=\w)\n(?=/\d)")


def _pdf_lines_joined(text: str) -> str:
    """A PDF cell's lines joined by spaces, except inside a date or number the layout broke."""
    return " ".join(_BROKEN_TOKEN.sub("", text).split())


def _pdf_grid(table: Any) -> list[GridRow]:
    """pdfplumber's table as a grid of (text, identity): a cell it leaves out (None) belongs
    to a merged cell, the one above when that reaches down into this row, else the one on its
    left. A cell's lines are joined by spaces."""
    rows: list[GridRow] = []
    boxes: list[list[Any]] = []
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells = list(row.cells)
        top = min((box[1] for box in cells if box is not None), default=0.0)
        out: GridRow = []
        own: list[Any] = []
        for column, box in enumerate(cells):
            text = texts[column] if column < len(texts) else None
            if box is not None:
                out.append((_pdf_lines_joined(text or ""), box))
                own.append(box)
                continue
            up = boxes[-1][column] if boxes and column < len(boxes[-1]) else None
            if up is not None and up[3] > top + 1:  # the cell above reaches into this row
                out.append((rows[-1][column][0], up))
                own.append(up)
            elif out:  # merged across: the cell on the left
                out.append(("", out[-1][1]))
                own.append(own[-1])
            else:
                out.append(("", object()))
                own.append(None)
        rows.append(out)
        boxes.append(own)
    return rows


def import_source(
    source: str | Path, *, out: Path, year: int | None = None, today: date | None = None
) -> ImportResult:
    """Import the decision ``source`` into a new repository's ``out`` plan file, with a new
    ``units.yaml`` beside it listing every unit named. Neither file may exist yet: both are
    created exclusively (``FileExistsError`` when a name is taken, even by a link), the units
    file first, so that the plan never exists without it (issue 19). Raises ``TableError`` when
    no table is read."""
    import contextlib
    import os

    units = out.parent / "units.yaml"
    result = import_table(
        str(source),
        read_table(source),
        Options(year=year, units_file=str(units), today=today),
    )
    assert result.plan_text is not None  # import_table always builds a plan from a table
    for path in (out, units):
        if os.path.lexists(path):
            raise FileExistsError(17, "exists", str(path))
    out.parent.mkdir(parents=True, exist_ok=True)
    units_bytes = (result.units_text or "units: []\n").encode("utf-8")
    create_new(units, units_bytes)
    try:
        create_new(out, result.plan_text.encode("utf-8"))
    except BaseException:
        with contextlib.suppress(OSError):
            if units.read_bytes() == units_bytes:
                units.unlink()
        raise
    return result
