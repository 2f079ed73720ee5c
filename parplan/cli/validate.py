"""``parplan validate``: check the plan and units files.

In a module of its own, like every other command, so that it is imported and built only when
it runs (``cli.app.COMMANDS``): while it was registered in ``parplan.cli.app``, Typer built it
at every start, and its options cost a millisecond or two of every ``parplan due``.

Lazy imports: the command imports what it uses inside its function: this module is imported
to build the command for its ``--help``, for shell completion and for a misspelt command's
suggestions, none of which runs it.
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
from parplan.core.text import single_line
from parplan.render.i18n import label, language


@app.command()
def validate(
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    output_format: Annotated[str, typer.Option("--format", help="validate.format")] = "text",
    lang: LangOption = None,
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--base",
            help="validate.base",
        ),
    ] = None,
) -> None:
    """``parplan validate``; its --help, in both languages, is ``help_text.HELP["validate"]``."""
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
    # Across plans (issue 19): each carry's two halves, read from the plans beside each one.
    # Only a plan that mentions a carry loads io.carry_links (and with it PyYAML and the
    # loader): a cached validate of any other plan imports neither (issue 23).
    carrying = [path for path, _ in checked if _mentions_carry(path)]
    if carrying:
        from parplan.io.carry_links import counterpart_problems

        diagnostics += [d for path in carrying for d in counterpart_problems(path)]
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
                        file=single_line(str(path)),  # review of issue 19: one line
                        items=found.items,
                        units=found.units,
                        extra=extra if number == len(checked) else "",
                    ),
                    err=True,
                )
    from parplan.io.cache import refusal

    refused = refusal()
    if refused is not None and output_format == "text":
        # issue 19: say why the cache was not used (stderr: stdout stays the diagnostics)
        folder, reason = refused
        shown = single_line(folder)
        typer.echo(label(f"cache.refused.{reason}", lang, folder=shown), err=True)
    if counts["error"]:
        raise typer.Exit(1)


def _mentions_carry(path: Path) -> bool:
    """Whether a plan holds a ``carried_to`` or ``carried_from`` at all (a regular file only:
    a device or a pipe is the loader's error, never read here)."""
    try:
        return path.is_file() and b"carried_" in path.read_bytes()
    except OSError:
        return False
