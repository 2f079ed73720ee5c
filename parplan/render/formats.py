"""Machine formats shared by every view: JSON (safe on a terminal), CSV (UTF-8 with BOM, for
Excel; never a formula) and Markdown tables and documents (plan text escaped)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from parplan.core.text import json_safe, markdown_escape, neutralise_formula


def to_json(payload: object) -> str:
    """JSON, UTF-8 as written, except the characters that would act on a terminal showing it
    (DEL, C1 controls, bidi and zero-width characters): those are written as \\u escapes,
    which read back as the same data. json escapes the C0 controls itself."""
    # lazy: json, only for a JSON output
    import json  # here, not at the top: a table view has no use for it (a few ms of start-up)

    return json_safe(json.dumps(payload, ensure_ascii=False, indent=2))


def json_array(records: Iterable[object]) -> Iterator[str]:
    """``to_json(list(records))``, piece by piece: one piece per record, so that a view of the
    whole plan prints its records as it makes them, never holding them all, nor all their text.

    Example: ``"".join(json_array([1, 2])) == to_json([1, 2])``."""
    # lazy: json, only for a JSON output
    import json

    first = True
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield json_safe(("[\n  " if first else ",\n  ") + text)
        first = False
    yield "[]" if first else "\n]"


def to_csv(
    records: Sequence[Mapping[str, Any]], columns: Sequence[str], lang: str | None = None
) -> str:
    """CSV of ``records``: lists joined with "; ", None empty. Starts with a BOM so that Excel
    reads the text as UTF-8 (Vietnamese otherwise comes out garbled). With ``lang``, headers
    are the columns' labels and statuses and roles their words in that language; without it,
    the JSON keys."""
    # lazy: csv, only for a CSV output
    import csv  # here, not at the top: a table view has no use for it

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if lang is None:
        writer.writerow(columns)
        for record in records:
            writer.writerow([_csv_value(record.get(column)) for column in columns])
        return "\ufeff" + out.getvalue()
    # lazy: the headers in words (render.xlsx) only for a table given a language
    from parplan.render.xlsx import header, table_rows

    writer.writerow([header(column, lang) for column in columns])
    for row in table_rows(records, columns, lang):
        writer.writerow([_csv_value(value) for value in row])
    return "\ufeff" + out.getvalue()


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return neutralise_formula("; ".join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, str):  # a text, never a formula; numbers stay numbers
        return neutralise_formula(value)
    return value


class Markdown(str):
    """A cell that is already Markdown (emphasis made by the view), not text to escape."""


def strong(text: str) -> Markdown:
    return Markdown(f"**{markdown_escape(text)}**")


def md_table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown (GFM) table. Text cells are escaped ("Cục VT<NN" shows as written); cells
    made with ``strong`` keep their emphasis. Line breaks inside cells become spaces."""

    def cell(text: str) -> str:
        shown = text if isinstance(text, Markdown) else markdown_escape(text)
        return " ".join(shown.split())

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def md_document(title: str, blocks: Iterable[str], notes: Iterable[str] = ()) -> str:
    """A Markdown document: ``title`` and ``notes`` are text (escaped here), ``blocks`` are
    Markdown already (tables from ``md_table``, lines escaped by their makers)."""
    parts = [f"### {markdown_escape(title)}"]
    parts += [f"> {markdown_escape(note)}" for note in notes if note]
    parts += [block for block in blocks if block]
    return "\n\n".join(parts) + "\n"
