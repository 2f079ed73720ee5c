"""Reading the table from Word (.docx)."""

from __future__ import annotations

from typing import Any

from parplan.core.model import Diagnostic, Source
from parplan.io.importer.base import ERROR, Table, TableError, unreadable
from parplan.io.importer.grid import Grid, GridRow, _table_of_grids

# Limits of a Word file's parts, checked before anything is unpacked (a "zip bomb": a small
# file whose parts unpack to gigabytes). An appendix of thousands of rows is a few megabytes.
PART_LIMIT = 64 * 1024 * 1024
TOTAL_LIMIT = 256 * 1024 * 1024


def read_docx_table(path: str, shown: str | None = None) -> Table:
    """The appendix table of a Word file: the first table with a task and a deadline heading,
    and the later tables that continue it (``_continued``). Merged cells: one spanning columns
    counts once; one merged down repeats, marked merged. ``shown``: the file named in the
    report (the .doc a converted file came from)."""
    # lazy: python-docx, for a Word file only
    import docx  # python-docx, needed by this reader only

    source, path = path, path
    path = shown or source
    _check_zip(source, path)
    try:
        document = docx.Document(source)
    except Exception as error:  # not a Word file, or a damaged one
        raise unreadable(path, error) from None
    tables = [element for element in document.element.body.iter(_W + "tbl")]
    tables = [t for t in tables if not any(a.tag == _W + "tbl" for a in t.iterancestors())]
    grids = [Grid(_docx_grid(table)) for table in tables]

    def before(at: int) -> str:
        return _paragraphs_before(document, tables[at])

    return _table_of_grids(path, grids, before)


def _check_zip(source: str, path: str) -> None:
    """Refuse a Word file whose parts would unpack past the limits, before reading any."""
    # lazy: zipfile, for a Word file only
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
        raise unreadable(path, error) from None


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
