"""Import a decision's appendix table into a plan file (``parplan import``); see
``parplan.io.importer.base`` for how the table is read. The modules, each one stage:
``base`` (the table's model, column roles, numbering), ``text`` (text forms), ``header``
(what the decision says of itself), ``grid`` (a document's tables as one grid), ``word``
(.docx), ``documents`` (any form: .doc, PDF; ``import_source``), ``units`` (unit names of a
cell), ``build`` (sections, tasks, items), ``plan`` (the whole import: plan and units text)."""

from parplan.io.importer.base import (
    IMPORT_CODES,
    Cell,
    Column,
    ImportResult,
    Table,
    TableError,
    _role,
)
from parplan.io.importer.documents import import_source, read_doc_table, read_pdf_table, read_table
from parplan.io.importer.grid import Grid, GridRow
from parplan.io.importer.header import Header, read_header, sentence_case
from parplan.io.importer.plan import Options, add_aliases, import_table, new_units_text
from parplan.io.importer.text import read_any_text_table, read_text_table
from parplan.io.importer.units import is_group_wording, split_units
from parplan.io.importer.word import PART_LIMIT, TOTAL_LIMIT, read_docx_table

__all__ = [
    "IMPORT_CODES",
    "PART_LIMIT",
    "TOTAL_LIMIT",
    "Cell",
    "Column",
    "Grid",
    "GridRow",
    "Header",
    "ImportResult",
    "Options",
    "Table",
    "TableError",
    "_role",
    "add_aliases",
    "import_source",
    "import_table",
    "is_group_wording",
    "new_units_text",
    "read_any_text_table",
    "read_doc_table",
    "read_docx_table",
    "read_header",
    "read_pdf_table",
    "read_table",
    "read_text_table",
    "sentence_case",
    "split_units",
]
