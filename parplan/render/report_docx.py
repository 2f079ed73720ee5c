"""The periodic report as a Word document, laid out as Vietnamese administrative documents are.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 paper; margins top and bottom 20 mm, left 30 mm, right
15 mm; Times New Roman, body 13–14 pt; the heading block in two columns (left: the governing
body, the issuing body in bold capitals, the number; right: the national name in bold capitals,
the motto in bold and underlined, place and date in italics); the document type and subject
centred in bold. Tables are Word tables whose header row repeats on every page.

python-docx is imported here only, when a Word report is asked for.
"""

from __future__ import annotations

import math
from io import BytesIO
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from parplan.query.reporting import Report
from parplan.render.i18n import label
from parplan.render.report_text import (
    Heading,
    Table,
    cell_text,
    closing,
    heading,
    report_tables,
)
from parplan.render.report_widths import column_widths

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import _Cell

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
EMU_PER_PT = 12700


def report_docx(report: Report, lang: str) -> bytes:
    """The report as the bytes of a .docx file."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    # Word stores margins in whole twips (1/1440 inch): round up, so that 15 mm stays >= 15 mm
    # (rounded down, 850 twips is 14.99 mm, under the decree's minimum).
    for side, mm in MARGINS_MM.items():
        setattr(section, f"{side}_margin", Twips(math.ceil(mm * 1440 / 25.4)))
    _fonts(document)

    head = heading(report, lang)
    _heading_block(document, head)
    for text in (head.doc, head.subject):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(14)
    rule = document.add_paragraph("―――――")
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (head.scope, head.window):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    usable = Mm(PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"])
    for table in report_tables(report, lang):
        title = document.add_paragraph()
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.keep_with_next = True
        title.add_run(table.title).bold = True
        if not table.rows:
            document.add_paragraph(label("report.none", lang))
        else:
            _table(document, table, usable, lang)
        if table.note:
            document.add_paragraph().add_run(table.note).italic = True
    _signature_block(document, report, lang)
    stream = BytesIO()
    document.save(stream)
    return stream.getvalue()


def _fonts(document: DocumentObject) -> None:
    """Times New Roman everywhere, for every script (Vietnamese needs the complex-script and
    East-Asian slots set too, or Word may pick another font for some letters)."""
    for name in ("Normal", "Table Grid"):
        style = document.styles[name]
        style.font.name = FONT
        if name == "Normal":
            style.font.size = Pt(BODY_PT)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_after = Pt(3)
    normal.line_spacing = 1.1


def _heading_block(document: DocumentObject, head: Heading) -> None:
    block = document.add_table(rows=1, cols=2)
    block.autofit = False
    # One block on one page: a row split at a page's end put the signer's name on the next.

    block.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    widths = (Mm(62), Mm(103))  # the national name fits on one line at 12 pt
    left, right = block.rows[0].cells
    for column, cell, width in zip(block.columns, (left, right), widths, strict=True):
        column.width = width
        cell.width = width

    def line(
        cell: _Cell,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        size: int = 13,
        first: bool = False,
    ) -> None:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.size = Pt(size)

    first = True
    if head.governing:
        line(left, head.governing, size=12, first=True)
        first = False
    line(left, head.issuer, bold=True, size=12, first=first)
    line(left, "―――――", size=8)
    line(left, head.number, size=13)
    line(right, head.nation, bold=True, size=12, first=True)
    line(right, head.motto, bold=True, underline=True, size=13)
    line(right, "", size=6)
    line(right, head.place_date, italic=True, size=13)
    document.add_paragraph()


def _table(document: DocumentObject, table: Table, usable: int, lang: str) -> None:
    grid = document.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = document.styles["Table Grid"]
    grid.autofit = False
    # Widths from the content: no word, and no date, is ever broken across lines (issue 18).
    body = [[cell_text(value, lang) for value in row] for row in table.rows]
    points = column_widths(table.headers, body, usable / EMU_PER_PT, TABLE_PT)
    widths = [int(width * EMU_PER_PT) for width in points]
    header = grid.rows[0]
    # Repeat the header row at the top of every page the table runs onto.
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
    for position, row in enumerate(grid.rows):
        values = table.headers if position == 0 else table.rows[position - 1]
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            text = value if position == 0 else cell_text(value, lang)
            if position == 0 or not isinstance(value, str) or value == "—":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(str(text))
            run.font.size = Pt(TABLE_PT)
            run.bold = position == 0


def _signature_block(document: DocumentObject, report: Report, lang: str) -> None:
    """Recipients on the left, the signer on the right (``report_text.closing``)."""
    end = closing(report, lang)
    document.add_paragraph()
    block = document.add_table(rows=1, cols=2)
    block.autofit = False
    # One block on one page: a row split at a page's end put the signer's name on the next.

    block.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    left, right = block.rows[0].cells
    for column, cell, width in zip(block.columns, (left, right), (Mm(80), Mm(85)), strict=True):
        column.width = width
        cell.width = width
    lines = [(end.recipients_title, True, True), *((line, False, False) for line in end.recipients)]
    for position, (text, bold, italic) in enumerate(lines):
        paragraph = left.paragraphs[0] if position == 0 else left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(12 if position == 0 else 11)
    for position, (text, bold, italic) in enumerate(
        [
            ("\n".join(end.signer), True, False),  # a line break inside the paragraph
            (end.signature, False, True),
            ("", False, False),
            ("", False, False),
            (end.signer_name, True, False),
        ]
    ):
        paragraph = right.paragraphs[0] if position == 0 else right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(13)
