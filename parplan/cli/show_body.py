"""``show`` for what is not an item (issue 21): a target (``show TARGET``), a duty of section II or
a responsibility of section IV. ``show`` (``cli.views``) hands them here; apart from
``cli.targets``, which uses ``cli.views``, so that the two do not import each other.

Lazy imports: a command imports what it uses inside its function, since ``--help`` imports
every module of ``cli/`` and a command should load only what it runs (``tests/test_startup.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from parplan.cli.app import _fail, echo_data
from parplan.core.text import markdown_escape, printable
from parplan.render.formats import FORMATS, TABULAR, to_csv, to_json
from parplan.render.i18n import label

if TYPE_CHECKING:
    from datetime import date

    from parplan.core.model import Duty, Plan, Responsibility, Target


def show_target(plan_model: Plan, target: Target, day: date, lang: str, output_format: str) -> None:
    """``show TARGET``: the target whole, its state as of the day and every figure so far."""
    from parplan.query.targets import target_state
    from parplan.render.targets import TARGET_COLUMNS, target_lines, target_record, target_row

    if output_format not in FORMATS:
        raise _fail(label("error.format", lang, value=output_format, choices=", ".join(FORMATS)), 2)
    state = target_state(plan_model, target, day)
    if output_format == "json":
        echo_data(to_json(target_record(state)))
        return
    if output_format in TABULAR:
        if output_format == "csv":
            echo_data(to_csv([target_row(state, lang)], TARGET_COLUMNS, lang))
            return
        stream = typer.get_binary_stream("stdout")
        if stream.isatty():
            raise _fail(label("error.xlsx.terminal", lang), 2)
        from parplan.render.xlsx import workbook

        stream.write(workbook([target_row(state, lang)], TARGET_COLUMNS, lang, target.id.value))
        stream.flush()
        return
    lines = target_lines(state, lang)
    if output_format == "md":
        body = [f"### {markdown_escape(lines[0])}", ""]
        body += [markdown_escape(line) + "  " if line else "" for line in lines[1:]]
        echo_data("\n".join(body).rstrip() + "\n")
        return
    typer.echo("\n".join(printable(line) for line in lines))


def show_body_entry(entry: Duty | Responsibility, lang: str, output_format: str) -> None:
    """``show II.1.a`` / ``show IV.5.a``: a duty of section II or a responsibility of section
    IV, whole."""
    from parplan.render.targets import body_entry_lines, body_record

    if output_format == "json":
        echo_data(to_json(body_record(entry)))
        return
    lines = body_entry_lines(entry, lang)
    if output_format == "md":
        body = [f"### {markdown_escape(lines[0])}", ""]
        body += [markdown_escape(line) + "  " if line else "" for line in lines[1:]]
        echo_data("\n".join(body).rstrip() + "\n")
        return
    if output_format in TABULAR:
        record = body_record(entry)
        columns = [key for key in record if not isinstance(record[key], list)]
        if output_format == "csv":
            echo_data(to_csv([record], columns))
            return
        stream = typer.get_binary_stream("stdout")
        if stream.isatty():
            raise _fail(label("error.xlsx.terminal", lang), 2)
        from parplan.render.xlsx import workbook

        stream.write(workbook([record], columns, lang, entry.id.value))
        stream.flush()
        return
    typer.echo("\n".join(printable(line) for line in lines))
