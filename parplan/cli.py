"""The ``parplan`` command line: options, output formats and exit codes.

Exit codes: 0 success, 1 the data has errors, 2 a usage error (bad option, unknown unit).
This is the only module that asks for today's date or writes to the terminal.
"""

from __future__ import annotations

import contextlib
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer

from parplan.i18n import label, language

app = typer.Typer(
    name="parplan",
    help="Theo dõi kế hoạch cải cách hành chính trên tệp YAML. "
    "A task ledger over plain, version-controlled YAML plans.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

DEFAULT_PLAN = Path("data/plan-2025.yaml")
# Vietnam keeps UTC+7 all year: a fixed offset needs no time-zone database (absent on Windows).
VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

PlanOption = Annotated[
    Path,
    # readable=False: an unreadable file is parplan's `file-unreadable` (exit 1), located,
    # rather than Typer's "Invalid value" box (exit 2).
    typer.Option(
        "--plan", help="Tệp kế hoạch / the plan file.", envvar="PARPLAN_PLAN", readable=False
    ),
]
UnitsOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--units",
        help="Tệp đơn vị (mặc định: units.yaml cạnh tệp kế hoạch) / the units file.",
        readable=False,
    ),
]


def _check_lang(value: str | None) -> str | None:
    """--lang (or PARPLAN_LANG) must name a language parplan speaks: a usage error otherwise."""
    from parplan.i18n import LANGUAGES

    if value is not None and value.strip().lower()[:2] not in LANGUAGES:
        raise typer.BadParameter(f"'{value}': vi | en")
    return value


LangOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang", help="vi (mặc định) hoặc en.", envvar="PARPLAN_LANG", callback=_check_lang
    ),
]
AsOfOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--as-of", help="Xem kế hoạch tại ngày này (YYYY-MM-DD); mặc định hôm nay (giờ Việt Nam)."
    ),
]


def main() -> None:
    """Console-script entry point."""
    _utf8_console()
    app()


def _utf8_console() -> None:
    # Windows consoles default to a legacy code page that cannot print Vietnamese.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower() not in (
            "utf-8",
            "utf8",
        ):
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                reconfigure(encoding="utf-8", errors="replace")


def today() -> date:
    """Today in Vietnam."""
    return datetime.now(VIETNAM).date()


def _fail(text: str, code: int) -> typer.Exit:
    from parplan.text import printable

    typer.echo(printable(text), err=True)  # it may quote what was typed or the plan's text
    return typer.Exit(code)


def parse_user_date(value: str, lang: str) -> date:
    """A date typed by a person: YYYY-MM-DD or DD/MM/YYYY, in the years 1900-2999 (a plan's
    days; anything else is a typo). Usage error (exit 2) otherwise."""
    from parplan.loader import parse_date

    day = parse_date(value, day_first=True)
    if day is None or not 1900 <= day.year <= 2999:
        raise _fail(label("error.date", language(lang), value=value.strip()), 2)
    return day


def _units_path(plan: Path, units: Path | None) -> Path:
    return units if units is not None else plan.parent / "units.yaml"


def _load_valid(plan: Path, units: Path | None, lang: str):
    """Load and check both files; on data errors print them and exit 1."""
    from parplan.checks import validate as run_validate
    from parplan.report import format_diagnostics

    loaded = run_validate(plan, _units_path(plan, units), today=today())
    if loaded.errors:
        typer.echo(format_diagnostics(loaded.errors, "text", lang), err=True)
        raise _fail(label("error.data", lang), 1)
    return loaded


def _resolve_unit(loaded, name: str, lang: str):
    query = loaded.index.query(name)
    if query.entry is not None:
        return query.entry
    if query.matches:
        names = ", ".join(e.name for e in query.matches)
        raise _fail(label("error.unit.ambiguous", lang, name=name, names=names), 2)
    hint = ""
    if query.suggestions:
        hint = label("error.unit.suggest", lang, names=", ".join(query.suggestions))
    raise _fail(label("error.unit.unknown", lang, name=name, hint=hint), 2)


def _complete_unit(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --unit: accent-insensitive (see ``UnitIndex.completions``)."""
    import os

    from parplan.loader import load_registry
    from parplan.units import UnitIndex

    plan = Path(os.environ.get("PARPLAN_PLAN") or DEFAULT_PLAN)
    registry, _ = load_registry(_units_path(plan, None))
    return UnitIndex(registry).completions(incomplete)


@app.command()
def validate(
    plan: PlanOption = DEFAULT_PLAN,
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
    from parplan.checks import validate as run_validate
    from parplan.report import FORMATS, format_diagnostics

    lang = language(lang)
    if output_format not in FORMATS:
        raise _fail(label("error.format", lang, value=output_format, choices=", ".join(FORMATS)), 2)
    loaded = run_validate(plan, _units_path(plan, units), today=today())
    if base is not None:
        from parplan.cli_review import with_amendment_check

        loaded = with_amendment_check(loaded, plan, base, lang)
    output = format_diagnostics(loaded.diagnostics, output_format, lang)
    if output:
        typer.echo(output)
    if output_format == "text":
        counts = {
            s: sum(1 for d in loaded.diagnostics if d.severity == s)
            for s in ("error", "warning", "info")
        }
        if loaded.errors:
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
            typer.echo(
                label(
                    "validate.ok",
                    lang,
                    file=plan,
                    items=len(loaded.plan.items),
                    units=len(loaded.registry.units),
                    extra=extra,
                ),
                err=True,
            )
    if loaded.errors:
        raise typer.Exit(1)


# The other commands live beside this module, one file per area, and register themselves on
# ``app`` when imported. Imported last: they use the options and helpers defined above.
from parplan import cli_ledger, cli_review, cli_views  # noqa: E402, F401
