"""Commands of the parplan CLI: review — ``fmt``, ``diff``, ``textconv``, ``schema``, and the
amendment check of ``validate --base``. Registered on the app of ``parplan.cli.app``.

The work is done by ``parplan.io.fmt``, ``parplan.render.diff`` and ``parplan.checks.schema``
(``parplan.render.json_schema``); this module reads
the options, prints, and chooses the exit code (0 ok, 1 data errors or files to reformat,
2 usage errors: unknown format, not a git repository, unknown revision).

Lazy imports: a command imports what it uses inside its function: only the invoked command's
module is imported (``cli.app.COMMANDS``), and one command of this module should not load what
its siblings need (``tests/test_startup.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from parplan.cli.app import (
    DEFAULT_PLAN,
    LangOption,
    PlanOption,
    UnitsOption,
    YearOption,
    _fail,
    _units_path,
    app,
    every_plan,
)
from parplan.core.model import ERROR, Diagnostic
from parplan.core.text import json_safe, printable
from parplan.render.i18n import label, language, render

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.model import Diagnostic, Plan
    from parplan.io.fmt import Result
    from parplan.render.diff import Repository

DIFF_FORMATS = ("text", "json", "md")


@app.command("fmt")
def fmt_command(
    files: Annotated[
        Optional[list[Path]],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
        typer.Argument(
            help="fmt.files",
            show_default=False,
            readable=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="fmt.check",
        ),
    ] = False,
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    units: UnitsOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan fmt``; its --help, in both languages, is ``help_text.HELP["fmt"]``."""
    from parplan.io.fmt import format_file

    lang = language(lang)

    # Files named: those alone, wherever they are (no repository is looked for).
    paths = files or [*every_plan(plan, year), _units_path(plan, units)]
    results = [format_file(path) for path in paths]
    broken = [result for result in results if result.after is None]
    if broken:
        for result in broken:
            _print_problems(result.problems, lang)
        raise _fail(label("fmt.refused", lang), 1)
    changed = [result for result in results if result.changed]
    if check:
        for result in changed:
            typer.echo(str(result.path))
        if changed:
            raise _fail(label("fmt.check.summary", lang, n=len(changed)), 1)
        typer.echo(label("fmt.check.ok", lang, n=len(results)), err=True)
        return
    for result in changed:
        _write(result, lang)
        typer.echo(label("fmt.changed", lang, file=result.path), err=True)
    if len(results) > len(changed):
        typer.echo(label("fmt.unchanged", lang, n=len(results) - len(changed)), err=True)


def _write(result: Result, lang: str) -> None:
    """Write one formatted file under the ledger's lock, formatting it again under the lock so
    that a change recorded meanwhile is neither lost nor half-formatted (a file that still holds
    the bytes ``result`` was made from is not formatted twice)."""
    from parplan.io.errors import LedgerError
    from parplan.io.files import ChangedMeanwhile, locked, write_atomic
    from parplan.io.fmt import format_again
    from parplan.io.ledger import REDO_ATTEMPTS

    again = result
    try:
        with locked(result.path):
            for _attempt in range(REDO_ATTEMPTS):
                again = format_again(again)
                if again.after is None:
                    _print_problems(again.problems, lang)
                    raise _fail(label("fmt.refused", lang), 1)
                if not again.changed:
                    break
                try:
                    write_atomic(result.path, again.after.encode("utf-8"), expected=again.before)
                except ChangedMeanwhile:
                    continue  # saved by someone meanwhile: format what they saved
                break
            else:
                raise ChangedMeanwhile(result.path)
    except LedgerError as error:
        raise _fail(label(error.key, lang, **error.values), 1) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _fail(label("fmt.write", lang, file=result.path, reason=reason), 1) from None


def _print_problems(problems: tuple[Diagnostic, ...], lang: str) -> None:
    from parplan.io.fmt import UNSUPPORTED
    from parplan.render.report import format_diagnostics

    loader = [d for d in problems if d.code != UNSUPPORTED]
    if loader:
        typer.echo(format_diagnostics(loader, "text", lang), err=True)
    for diagnostic in problems:
        if diagnostic.code == UNSUPPORTED:
            what = label(f"fmt.what.{diagnostic.args['what']}", lang)
            text = label("fmt.unsupported", lang, what=what)
            typer.echo(f"{diagnostic.source}: error: {text} [{UNSUPPORTED}]", err=True)


@app.command("diff")
def diff_command(
    revisions: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="[REV1 [REV2]]",
            help="diff.revisions",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option("--format", help="diff.format"),
    ] = "text",
    plan: PlanOption = DEFAULT_PLAN,
    year: YearOption = None,
    lang: LangOption = None,
) -> None:
    """``parplan diff``; its --help, in both languages, is ``help_text.HELP["diff"]``."""
    from parplan.render.diff import (
        GitError,
        Heading,
        diff_plans,
        find_repository,
        render_json,
        render_markdown,
        render_text,
    )

    lang = language(lang)
    if output_format not in DIFF_FORMATS:
        choices = ", ".join(DIFF_FORMATS)
        raise _fail(label("error.format", lang, value=output_format, choices=choices), 2)
    revisions = revisions or []
    if len(revisions) > 2:
        raise _fail(label("diff.error.count", lang), 2)
    old_revision = revisions[0] if revisions else "HEAD"
    new_revision = revisions[1] if len(revisions) > 1 else None
    try:
        repository = find_repository(plan)
        heading = Heading(repository.relative(plan), old_revision, new_revision)
        old = _version(plan, old_revision, repository, lang)
        new = _version(plan, new_revision, repository, lang)
    except GitError as error:
        raise _fail(label(error.key, lang, **error.values), 2) from None
    if old is None and new is None:
        raise _fail(label("diff.error.absent", lang, file=plan), 2)
    from parplan.render.diff import empty_like

    if old is None:
        assert new is not None  # not both: said above
        old = empty_like(new)
    elif new is None:
        new = empty_like(old)
    changes = diff_plans(old, new)
    if output_format == "json":
        typer.echo(json_safe(render_json(changes, heading)))
    elif changes:
        render = render_markdown if output_format == "md" else render_text
        typer.echo(printable(render(changes, heading, lang)))
    if not changes:
        typer.echo(label("diff.none", lang), err=True)


def _version(
    plan: Path, revision: str | None, repository: Repository | None, lang: str
) -> Plan | None:
    """The plan at a revision (None: the working tree), or None if the file is not there.

    A file that is not YAML at all stops the command (exit 1); one with errors in some items is
    compared on what could be read, with a note.
    """
    from parplan.checks.rules import UNREADABLE
    from parplan.render.diff import load_version
    from parplan.render.report import format_diagnostics

    loaded = load_version(plan, revision, repository)
    if loaded is None:
        return None
    version, problems = loaded
    name = revision or label("diff.worktree", lang)
    if any(p.code in UNREADABLE for p in problems):
        typer.echo(label("diff.error.unreadable", lang, rev=name), err=True)
        typer.echo(format_diagnostics(problems, "text", lang), err=True)
        raise typer.Exit(1)
    errors = sum(1 for p in problems if p.severity == ERROR)
    if errors:
        typer.echo(label("diff.warning.errors", lang, rev=name, n=errors), err=True)
    return version


@app.command("textconv")
def textconv_command(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="textconv.file", readable=False),
    ],
) -> None:
    """``parplan textconv``; its --help, in both languages, is ``help_text.HELP["textconv"]``."""
    from yaml.nodes import MappingNode, ScalarNode

    from parplan.checks.schema import PLAN_FILE, file_shape
    from parplan.io.loader import build_plan, parse_document
    from parplan.io.reading import Unreadable, read_file
    from parplan.render.diff import facts, generic_facts

    try:
        raw = read_file(file)
    except Unreadable as error:
        reason = render("file-unreadable", {"reason": error.reason}, language(None))
        raise _fail(f"{file}: {reason}", 1) from None
    except OSError as error:
        raise _fail(f"{file}: {error.strerror or error}", 1) from None
    document = parse_document(str(file), raw)
    if document.root is None or document.problems:
        # Shown by git diff on a terminal: control characters escaped, whatever the file holds.
        typer.echo(printable(raw.decode("utf-8", "replace")), nl=False)
        return
    root = document.root
    keys = (
        [k.value for k, _ in root.value if isinstance(k, ScalarNode)]
        if isinstance(root, MappingNode)
        else []
    )
    lines: list[str] = []
    if file_shape(keys) is PLAN_FILE:
        plan, problems = build_plan(document)
        if not problems:  # else an item in error would vanish: show everything as written
            lines = facts(plan)
    if not lines:
        lines = generic_facts(root)
    typer.echo(printable("\n".join(lines)))


@app.command("schema")
def schema_command(
    kind: Annotated[str, typer.Argument(metavar="plan|units", help="schema.kind")],
    lang: LangOption = None,
) -> None:
    """``parplan schema``; its --help, in both languages, is ``help_text.HELP["schema"]``."""
    from parplan.checks.schema import FILES
    from parplan.render.json_schema import schema_text

    if kind not in FILES:
        raise _fail(label("schema.unknown", language(lang), value=kind), 2)
    typer.echo(schema_text(kind), nl=False)


def with_amendment_check(loaded: Loaded, plan: Path, base: str, lang: str) -> Loaded:
    """``validate --base REV``: a warning (``amendment-reason``) for every deadline changed since
    REV without a new ``amended_by``. Not a git repository or an unknown REV: exit 2."""
    from dataclasses import replace

    from parplan.render.diff import GitError, amendment_warnings, find_repository, load_version

    try:
        repository = find_repository(plan)
        old = load_version(plan, base, repository)
    except GitError as error:
        raise _fail(label(error.key, language(lang), **error.values), 2) from None
    if old is None:  # the plan is new since REV: nothing in it was amended
        return loaded
    found = amendment_warnings(old[0], loaded.plan, base)
    diagnostics = sorted((*loaded.diagnostics, *found), key=Diagnostic.sort_key)
    return replace(loaded, diagnostics=tuple(diagnostics))
