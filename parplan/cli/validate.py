"""``parplan validate``: check the plan and units files.

In a module of its own, like every other command, so that it is built only when it runs:
Typer builds every command registered when the program starts, and the options of this one
cost a millisecond or two of every ``parplan due`` while it was registered in ``parplan.cli.app``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    LangOption,
    PlanOption,
    UnitsOption,
    YearOption,
    _fail,
    _load_checked,
    _units_path,
    app,
    every_plan,
    today,
)
from parplan.render.i18n import label, language


@app.command()
def validate(
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text, json hoặc github (chú thích cho GitHub Actions).")
    ] = "text",
    lang: LangOption = None,
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--base",
            help="Phiên bản git để so sánh: cảnh báo thời hạn đã đổi mà không ghi 'amended_by'.",
        ),
    ] = None,
) -> None:
    """Kiểm tra tệp kế hoạch và tệp đơn vị; báo lỗi theo tệp:dòng:cột.

    Check the plan and units files; every problem is reported as file:line:col with a stable code.
    Exit 0 when there are no errors (warnings and notes allowed), 1 when there are errors.
    With --base REV, also warn of every deadline changed since that git revision without a new
    amended_by (the decision that amended it).

    Ví dụ / example:  parplan validate --plan data/plan-2025.yaml --format github
    """
    from parplan.render.report import FORMATS, format_diagnostics

    lang = language(lang)
    if output_format not in FORMATS:
        raise _fail(label("error.format", lang, value=output_format, choices=", ".join(FORMATS)), 2)
    from parplan.io.cache import Checked, check  # not for --help (issue 23)

    checked: list[tuple[Path, Checked]] = []
    for path in every_plan(plan, year):
        if base is not None:
            from parplan.cli.review import with_amendment_check

            loaded = with_amendment_check(_load_checked(path, units), path, base, lang)
            items, units_count = len(loaded.plan.items), len(loaded.registry.units)
            checked.append((path, Checked(loaded.diagnostics, items, units_count)))
        else:  # the diagnostics and counts alone: an unchanged plan's come without its model
            checked.append((path, check(path, _units_path(path, units), today())))
    from parplan.io.plans import merge_diagnostics

    diagnostics = merge_diagnostics([found.diagnostics for _, found in checked])
    output = format_diagnostics(diagnostics, output_format, lang)
    if output:
        typer.echo(output)
    counts = {
        s: sum(1 for d in diagnostics if d.severity == s) for s in ("error", "warning", "info")
    }
    if output_format == "text":
        if counts["error"]:
            typer.echo(
                label(
                    "validate.counts",
                    lang,
                    errors=counts["error"],
                    warnings=counts["warning"],
                    infos=counts["info"],
                ),
                err=True,
            )
        else:
            extra = ""
            if counts["warning"] or counts["info"]:
                extra = "; " + label(
                    "validate.counts",
                    lang,
                    errors=0,
                    warnings=counts["warning"],
                    infos=counts["info"],
                )
            for number, (path, found) in enumerate(checked, start=1):
                typer.echo(
                    label(
                        "validate.ok",
                        lang,
                        file=path,
                        items=found.items,
                        units=found.units,
                        extra=extra if number == len(checked) else "",
                    ),
                    err=True,
                )
    if counts["error"]:
        raise typer.Exit(1)
