"""The periodic report as an Excel workbook: one sheet per section of the report.

Dates are date cells (formatted dd/mm/yyyy), counts numbers and rates percentages, so that the
figures can be summed and filtered; every sheet's header row is frozen. Plan text is written as
text: a cell beginning with "=" is never a formula. openpyxl is imported here only.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from parplan.core.text import looks_like_formula
from parplan.query.reporting import Report
from parplan.render.report_text import Rate, heading, report_tables

SHEET_NAMES = {
    "summary": ("Tổng hợp", "Summary"),
    "completed": ("Đã hoàn thành", "Completed"),
    "worklog": ("Nhật ký công việc", "Work log"),
    "overdue": ("Quá hạn", "Overdue"),
    "upcoming": ("Kỳ tới", "Next period"),
    "units": ("Theo đơn vị", "By unit"),
    "gaps": ("Chưa thực hiện", "Not done"),
    "targets": ("Chỉ tiêu", "Targets"),  # issue 21
    "body": ("Trách nhiệm", "Responsibilities"),
    "unread": ("Chưa rõ thời hạn", "No clear deadline"),  # issue 20
}


def report_xlsx(report: Report, lang: str) -> bytes:
    """The report as the bytes of an .xlsx file."""
    workbook = Workbook()
    for blank in list(workbook.worksheets):  # the sheet a new workbook starts with
        workbook.remove(blank)
    head = heading(report, lang)
    for table in report_tables(report, lang):
        names = SHEET_NAMES.get(table.key, (table.key, table.key))
        sheet = workbook.create_sheet(names[0] if lang == "vi" else names[1])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([head.subject])
        sheet.append(list(table.headers))
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([None] * len(row))
            line = sheet.max_row
            for column, value in enumerate(row, start=1):
                cell = sheet.cell(row=line, column=column)
                if isinstance(value, str):
                    cell.value = value
                    cell.data_type = "s"  # text, even when it starts with "="
                    if looks_like_formula(value):  # and when someone edits the cell
                        cell.quotePrefix = True
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                else:
                    cell.value = value
                if isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, Rate):
                    cell.number_format = "0%"
        if table.note:  # issue 18: under the rows, as in the other formats
            sheet.append([])
            sheet.append([table.note])
            sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
        sheet.freeze_panes = "A4"
        for column, weight in enumerate(table.widths or (), start=1):
            letter = sheet.cell(row=3, column=column).column_letter
            sheet.column_dimensions[letter].width = max(8, round(weight * 12))
    stream = BytesIO()
    workbook.save(stream)
    return stream.getvalue()
