"""Reading any form (.docx, .doc, PDF, text) and importing into a new repository."""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from parplan.core.model import Diagnostic, Source
from parplan.io.files import create_new
from parplan.io.importer.base import ERROR, ImportResult, Table, TableError, unreadable
from parplan.io.importer.grid import Grid, GridRow, _pdf_lines_joined, _table_of_grids
from parplan.io.importer.plan import Options, import_table
from parplan.io.importer.text import read_any_text_table
from parplan.io.importer.word import read_docx_table

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
    # lazy: LibreOffice's conversion, for a .doc only
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
    # lazy: pdfplumber (and logging, to quiet pdfminer), for a PDF only
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        document = pdfplumber.open(path)
    except Exception as error:  # not a PDF, or a damaged or encrypted one
        raise unreadable(path, error) from None
    grids: list[Grid] = []
    page_texts: list[str] = []
    places: list[tuple[int, str]] = []  # each table: its page, the text above it there
    try:
        with document:
            for page in document.pages[:PDF_PAGE_LIMIT]:
                tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
                for at, table in enumerate(tables):
                    head = ""
                    if table.bbox[1] > page.bbox[1] + 1:
                        box = (page.bbox[0], page.bbox[1], page.bbox[2], table.bbox[1])
                        head = page.within_bbox(box, strict=False).extract_text() or ""
                    # The first table of a page, nothing above it but the page's number (at the
                    # top, Nghị định 30/2020/NĐ-CP), a table on the page before: one table cut.
                    cut = (
                        at == 0
                        and bool(places)
                        and places[-1][0] == len(page_texts) - 1
                        and (head.strip().isdigit() or not head.strip())
                    )
                    places.append((len(page_texts), head))
                    grids.append(Grid(_pdf_grid(table), page_break_before=cut))
                page_texts.append(page.extract_text() or "")
    except Exception as error:  # a damaged stream inside the file
        raise unreadable(path, error) from None
    if not any(text.strip() for text in page_texts):
        raise TableError(Diagnostic(Source(path, 1, 1), ERROR, "import-scanned", {}))

    def before(at: int) -> str:
        page, head = places[at]
        return "\n".join([*page_texts[:page], head])

    return _table_of_grids(path, grids, before)


def _forced_breaks(text: str, box: Any, chars: Sequence[Any], tops: Sequence[float]) -> str:
    """A cell's text with the line breaks the layout forced inside a word removed: a line
    holding one token (no space), ending in a letter or digit, filled to the cell's right edge
    (no room for the next line's first character) is a word too long for the cell, broken
    where the line ended ("24/2014/N" + "Đ-CP"). The other breaks stay ("\n"); so does a break
    after a hyphen ("468/QĐ-" + "TTg"): a PDF does not say whether a space followed it, and a
    deadline's wording ("Quý III- IV/2025") is kept as written. ``chars``: the page's characters sorted by their middle's height,
    ``tops`` those heights. Geometry only decides; the text is pdfplumber's."""
    lines = text.split("\n")
    if len(lines) < 2:
        return text
    x0, top, x1, bottom = box
    inside = [
        c
        for c in chars[bisect.bisect_left(tops, top) : bisect.bisect_left(tops, bottom)]
        if x0 <= (c["x0"] + c["x1"]) / 2 < x1
    ]
    rows: list[list[Any]] = []  # the cell's characters by line, as pdfplumber groups them
    for char in sorted(inside, key=lambda c: (c["top"], c["x0"])):
        if rows and abs(char["top"] - rows[-1][0]["top"]) <= 3:
            rows[-1].append(char)
        else:
            rows.append([char])
    rows = [row for row in rows if not all(c["text"].isspace() for c in row)]
    if len(rows) != len(lines):
        return text  # not the lines of the text: leave the breaks as they are
    pad = min(min(c["x0"] for c in row) for row in rows) - x0
    edge = x1 - max(pad, 0.0)
    out = [lines[0]]
    for k in range(1, len(lines)):
        line, after = lines[k - 1].strip(), lines[k].strip()
        last = max(rows[k - 1], key=lambda c: c["x1"])
        first = min(rows[k], key=lambda c: c["x0"])
        # A line broken at a space ends in the space (LibreOffice writes it) or, when the
        # space hangs past the edge, at the edge itself; a word broken for want of room ends
        # short of the edge by part of the character that did not fit.
        room = edge - last["x1"]
        full = not last["text"].isspace() and 1.0 <= room < first["x1"] - first["x0"]
        one_token = bool(line) and " " not in line and line[-1].isalnum()
        if full and one_token and after[:1].isalnum():
            out[-1] += lines[k]
        else:
            out.append(lines[k])
    return "\n".join(out)


def _pdf_grid(table: Any) -> list[GridRow]:
    """pdfplumber's table as a grid of (text, identity): a cell it leaves out (None) belongs
    to a merged cell, the one above when that reaches down into this row, else the one on its
    left. A cell's lines are joined by spaces, but for a word the cell's width broke."""
    rows: list[GridRow] = []
    boxes: list[list[Any]] = []
    chars = sorted(table.page.chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    tops = [(c["top"] + c["bottom"]) / 2 for c in chars]
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells = list(row.cells)
        top = min((box[1] for box in cells if box is not None), default=0.0)
        out: GridRow = []
        own: list[Any] = []
        for column, box in enumerate(cells):
            text = texts[column] if column < len(texts) else None
            if box is not None:
                text = _forced_breaks(text, box, chars, tops) if text else ""
                out.append((_pdf_lines_joined(text), box))
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
