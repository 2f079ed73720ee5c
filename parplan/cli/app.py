"""The ``parplan`` command line: options, output formats and exit codes.

Exit codes: 0 success, 1 the data has errors, 2 a usage error (bad option, unknown unit).
This is the only module that asks for today's date or writes to the terminal.
It is past 500 lines because every option the commands share (with its parsing and checks)
and the lazy command group live here, once.

Lazy imports: functions import what they use, since every command (``--help`` and a cached
view too) imports this module and should load only what it runs (``tests/test_startup.py``).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

import typer
from typer.core import TyperGroup

from parplan.cli import aside
from parplan.core.text import printable
from parplan.render.i18n import LANGUAGES, label, language

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.units import Entry, UnitIndex
    from parplan.io.plans import Found

# Every command, and the module that defines it with ``@app.command("name")``, in the order
# ``parplan --help`` lists them. A module is imported only when one of its commands runs (or for
# --help and shell completion), so ``parplan due`` neither imports the ledger, review or fmt
# code nor builds the options of their commands.
# To add a command: define it in its module with ``@app.command("name")``, add one line here.
COMMANDS: dict[str, str] = {
    "validate": "parplan.cli.validate",
    "done": "parplan.cli.ledger",
    "undo": "parplan.cli.ledger",
    "met": "parplan.cli.ledger",
    "fmt": "parplan.cli.review",
    "diff": "parplan.cli.review",
    "textconv": "parplan.cli.review",
    "schema": "parplan.cli.review",
    "due": "parplan.cli.views",
    "overdue": "parplan.cli.views",
    "upcoming": "parplan.cli.views",
    "units": "parplan.cli.views",
    "unit": "parplan.cli.views",
    "show": "parplan.cli.views",
    "list": "parplan.cli.views",
    "owing": "parplan.cli.views",
    "report": "parplan.cli.report",
    "ics": "parplan.cli.report",
    "log": "parplan.cli.report",
    "late": "parplan.cli.report",
    "plans": "parplan.cli.plans",
    "carry": "parplan.cli.plans",
    "import": "parplan.cli.importing",
    "init": "parplan.cli.plans",
    "export": "parplan.cli.export",
    "measure": "parplan.cli.targets",  # issue 21
    "targets": "parplan.cli.targets",
}


# The variable by which a shell asks for completions (Typer's ``_{PROG}_COMPLETE``).
_COMPLETE = "_PARPLAN_COMPLETE"


# Click's UsageError (Typer vendors Click; of its usage errors only BadParameter is public).
_USAGE_ERROR = cast("type[Exception]", typer.BadParameter.__mro__[1])


class _LazyGroup(TyperGroup):
    """The command group of ``COMMANDS``: a command's module is imported, and its Click command
    built, the first time the command is looked up."""

    # Typer 0.28 vendors its own Click: its types are not the ``click`` package's, hence Any.
    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import importlib

            importlib.import_module(COMMANDS[cmd_name])
            self._build(cmd_name)
        return self.commands.get(cmd_name)

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        self._argv = list(args)  # the whole command line, for the language of an error
        try:
            return super().make_context(info_name, args, parent, **extra)
        except _USAGE_ERROR as error:
            from parplan.cli.usage import localise_error

            localise_error(error, self._argv)
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command; a usage error of its options is put in the user's language."""
        try:
            return super().invoke(ctx)
        except _USAGE_ERROR as error:
            from parplan.cli.usage import localise_error

            localise_error(error, getattr(self, "_argv", ()))
            raise

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and args[0] not in COMMANDS:
            for known in COMMANDS:  # an unknown command: every name, for "did you mean"
                self.get_command(ctx, known)
        name, command, rest = super().resolve_command(ctx, args)
        # The help is put in the language asked for only when it can be shown: --help, or shell
        # completion (which describes options by their help); a plain run never reads it.
        asked = {"--help", "-h"} & set(args) or _COMPLETE in os.environ
        if command is not None and name is not None and asked:
            from parplan.cli.help import language_requested, localise, localise_help_option

            own = any(arg == "--lang" or arg.startswith("--lang=") for arg in args)
            before = None if own else _lang_before_command(ctx)
            lang = language(before) if before else language_requested(args, os.environ)
            localise(command, name, lang)
            localise_help_option(command.get_help_option(ctx), lang)
        return name, command, rest

    def _build(self, wanted: str) -> None:
        """Build the Click command ``wanted`` only (its module may register several), through
        Typer's public ``typer.main.get_command`` on an app holding that command alone."""
        for info in app.registered_commands:
            callback_name = getattr(info.callback, "__name__", "")
            # Typer's rule for a command named by its function: lower case, "_" as "-".
            if (info.name or callback_name.lower().replace("_", "-")) == wanted:
                single = typer.Typer(
                    add_completion=False,
                    pretty_exceptions_enable=False,
                    rich_markup_mode=app.rich_markup_mode,
                )
                single.registered_commands.append(info)
                self.commands[wanted] = typer.main.get_command(single)
                return

    def format_help(self, ctx: Any, formatter: Any) -> None:
        """``parplan --help`` in the language asked for (its commands are localised as built)."""
        from parplan.cli.help import help_language, listing, localise, localise_help_option

        lang = help_language()
        # Each command's line, in the language asked for; a command not built yet is listed
        # by its help alone, its module not imported (issue 23).
        built, self.commands = self.commands, listing(self, ctx, lang)
        try:
            localise(self, "app", lang)
            localise_help_option(self.get_help_option(ctx), lang)
            super().format_help(ctx, formatter)
        finally:
            self.commands = built


def load_commands() -> None:
    """Import the module of every command, so that ``app.registered_commands`` lists them all
    (for code that walks it, such as the translation of --help)."""
    import importlib

    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(module)


app = typer.Typer(
    name="parplan",
    cls=_LazyGroup,
    help="app",  # an id of parplan.cli.help_text.HELP, as every command's and option's help
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    # A callback keeps parplan a group of commands even when no command is registered yet
    # (each is registered as its module is imported).
    pass


DEFAULT_PLAN = Path("data/plan-2025.yaml")


def _choose_plan(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
    """--plan when given (or $PARPLAN_PLAN), else the plan found from the working directory
    (see ``parplan.io.plans``): by --year when given, else the one whose period holds today."""
    _PLAN_CHOICE.set(None)
    if ctx.resilient_parsing:  # shell completion: nothing to print, nothing to exit
        return value
    source = ctx.get_parameter_source(param.name or "plan")
    year = ctx.params.get("year")
    named = source is not None and source.name != "DEFAULT"
    from_env = source is not None and source.name == "ENVIRONMENT"
    if named and not (year is not None and from_env):
        if year is not None:
            # issue 18: both, when they agree (the plan covers the year), say one thing twice
            from parplan.io.plans import read_header

            header = read_header(value)
            if not header.covers(year):
                lang = language(ctx.params.get("lang"))
                period = header.period or "?"
                raise _fail(
                    label("plans.plan-and-year", lang, year=year, file=value, period=period), 2
                )
        return value
    if ctx.params.get("files"):  # `fmt FILE…`: the files named, wherever they are
        return value
    from parplan.io.plans import PlanChoiceError, discover

    try:
        found = discover(Path.cwd(), today(), year, headers=False)
    except PlanChoiceError as error:
        raise _fail(label(error.key, language(ctx.params.get("lang")), **error.values), 2) from None
    _PLAN_CHOICE.set(found)
    return found.path


def plan_choice() -> Found | None:
    """The plans found for this command (``parplan.io.plans.Found``), or None when the plan was
    named by --plan or $PARPLAN_PLAN."""
    return _PLAN_CHOICE.get()


_PLAN_CHOICE: ContextVar[Found | None] = ContextVar("parplan_plan_choice", default=None)

PlanOption = Annotated[
    Path,
    # readable=False: an unreadable file is parplan's `file-unreadable` (exit 1), located,
    # rather than Typer's "Invalid value" box (exit 2).
    typer.Option(
        "--plan",
        help="plan",
        envvar="PARPLAN_PLAN",
        callback=_choose_plan,
        show_default=False,
        readable=False,
    ),
]
YearOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        "--year",
        min=1900,
        max=2999,
        is_eager=True,  # read by --plan's callback, so processed before it
        help="year",
    ),
]
UnitsOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer on Python 3.10 needs Optional here
    typer.Option(
        "--units",
        help="units-file",
        readable=False,
    ),
]


def _check_lang(ctx: typer.Context, value: str | None) -> str | None:
    """--lang (or PARPLAN_LANG) must name a language parplan speaks: a usage error otherwise.
    A command without its own --lang speaks the one given before it (``parplan --lang en due``),
    which wins over PARPLAN_LANG."""
    if value is not None and value.strip().lower()[:2] not in LANGUAGES:
        raise typer.BadParameter(f"'{value}': vi | en")
    before = _lang_before(ctx)
    if before is not None and not _typed(ctx, "lang"):
        value = before
    _LANG.set(value)
    return value


def _lang_before_command(group: Any) -> str | None:
    """The --lang written before the command, read from ``parplan``'s own context."""
    return group.params.get("lang") if _typed(group, "lang") else None


def _lang_before(ctx: Any) -> str | None:
    """The --lang given to ``parplan`` itself, before the command (None if none)."""
    parent = getattr(ctx, "parent", None)
    return None if parent is None else _lang_before_command(parent)


def _typed(ctx: Any, name: str) -> bool:
    """Whether the option was written on the command line (not taken from the environment)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


_LANG: ContextVar[str | None] = ContextVar("parplan_lang", default=None)


LangOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--lang",
        help="lang",
        envvar="PARPLAN_LANG",
        callback=_check_lang,
        is_eager=True,  # processed before --plan, whose messages speak the language
    ),
]
AsOfOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--as-of", help="as-of"),
]


def main() -> None:
    """Console-script entry point.

    The cyclic garbage collector is off: a command is one short pass over data that lives until
    the end, and the collector would walk a heap of a hundred thousand items again and again.
    The process ends with ``os._exit`` once the output is flushed: tearing that heap down takes
    longer than the command itself, and frees nothing worth having.
    """
    import gc

    gc.disable()
    _KEPT.set([])
    aside.start()
    _closed_streams()
    _utf8_console()
    argv = sys.argv[1:]
    if not argv or "--help" in argv or "-h" in argv:
        from parplan.cli.help import HELP_LANGUAGE, import_rich_help, language_requested

        HELP_LANGUAGE.set(language_requested(argv, os.environ))  # `parplan --help --lang en`
        import_rich_help()  # issue 23: Typer's help without rich.markdown and rich.traceback
    code: str | int | None = 0
    try:
        app()
        sys.stdout.flush()  # what is still buffered may not be writable either
    except SystemExit as exit_:
        code = exit_.code
        if code == 1 and _pipe_closed():
            code = 0
    except OSError as error:
        code = _output_failed(error)
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    try:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        aside.wait_aside()  # the cache entries written by children (cli.aside): there for the next
    except KeyboardInterrupt:  # Ctrl-C meanwhile: ended as Typer ends an interrupted command
        code = 130
    os._exit(code)


def _pipe_closed() -> bool:
    """Whether Click met a closed pipe on standard output (it then puts this wrapper in place
    and exits 1): the reader has read what it wanted (``| head``), which is not an error."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def _output_failed(error: OSError) -> int:
    """Standard output could not be written (a full disk, a device gone): say so, exit 1. The
    files a command writes report their own failures; this is what is left. A reader that
    closed the pipe (``| head``) has read what it wanted: exit 0, silently."""
    if isinstance(error, BrokenPipeError):
        return 0
    with contextlib.suppress(Exception):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more is to reach it
    reason = error.strerror or str(error)
    with contextlib.suppress(Exception):
        print(label("error.output", language(_LANG.get()), reason=reason), file=sys.stderr)
    return 1


# What a command keeps until ``main`` ends the process (see ``keep_until_exit``).
_KEPT: ContextVar[list[object] | None] = ContextVar("parplan_kept", default=None)


def keep_until_exit(value: object) -> None:
    """Keep ``value`` until ``main`` ends the process with ``os._exit``: freeing a model of
    100,000 items object by object takes ~0.1 s, for memory the exit gives back at once. Run
    any other way (the tests' runner), nothing is kept."""
    kept = _KEPT.get()
    if kept is not None:
        kept.append(value)


def _version(value: bool) -> None:
    if value:
        from parplan import __version__

        typer.echo(f"parplan {__version__}")
        raise typer.Exit()


@app.callback()
def _global_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="version",
            callback=_version,
            is_eager=True,
        ),
    ] = False,
    lang: LangOption = None,  # `parplan --lang en --help`; each command takes its own too
) -> None:
    """The options of ``parplan`` itself (its help: ``help_text.HELP["app"]``)."""


def _closed_streams() -> None:
    """Standard output or error closed by whoever started the program (``parplan due >&-``).
    Python then has no stream for it (None: writing to it raised AttributeError), and the next
    file opened would take its descriptor, where a program parplan runs (git) would write. The
    descriptor is held by the null device instead; standard output then refuses every write as
    a closed descriptor does (EBADF), so the command says it could not write its output and
    exits 1 (``_output_failed``), and a closed standard error loses the messages."""
    for descriptor, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        with contextlib.suppress(OSError):
            held = os.open(os.devnull, os.O_WRONLY)
            if held != descriptor:
                os.dup2(held, descriptor)
                os.close(held)
        setattr(sys, name, _Closed() if name == "stdout" else open(os.devnull, "w"))  # noqa: SIM115


class _Closed(io.TextIOBase):
    """A text stream every write to which fails as to a closed descriptor."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))

    def isatty(self) -> bool:
        return False


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


def today(lang: str | None = None) -> date:
    """Today in Vietnam, or ``PARPLAN_TODAY`` (YYYY-MM-DD); a usage error if that is no date."""
    from parplan.core.clock import BadToday
    from parplan.core.clock import today as clock_today

    try:
        return clock_today()
    except BadToday as error:
        if lang is None:  # callers rarely pass it: the command's --lang (eager, so already read)
            lang = _LANG.get()
        raise _fail(label("error.today", language(lang), value=error.value), 2) from None


def echo_data(text: str) -> None:
    """Print a machine format or a document (JSON, CSV, Markdown, HTML, iCalendar, YAML). On a
    terminal, control and invisible characters from the plan are shown escaped, so that they
    cannot act on it; piped to a file or a program, the data goes out as it is."""
    if sys.stdout.isatty():
        # iCalendar's lines end in CRLF: a carriage return there ends a line, it is not shown
        text = "\r\n".join(printable(line) for line in text.split("\r\n"))
    typer.echo(text, nl=not text.endswith("\n"))


def _fail(text: str, code: int) -> typer.Exit:
    typer.echo(printable(text), err=True)  # it may quote what was typed or the plan's text
    return typer.Exit(code)


def parse_user_date(value: str, lang: str) -> date:
    """A date typed by a person: YYYY-MM-DD or DD/MM/YYYY. Any real date is accepted (the
    views say when it lies far from the plan); anything else is a usage error (exit 2)."""
    import re

    from parplan.core.clock import parse_date

    day = parse_date(value, day_first=True)
    if day is None:
        well_formed = re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4}", value.strip())
        key = "error.date.unreal" if well_formed else "error.date"
        raise _fail(label(key, language(lang), value=value.strip()), 2)
    return day


def _units_path(plan: Path, units: Path | None) -> Path:
    return units if units is not None else plan.parent / "units.yaml"


def refuse_data_output(output: Path, read: list[Path], lang: str) -> None:
    """A usage error (exit 2) when an output file (``report -o``, ``ics -o``, ``export``)
    would replace one of the files parplan reads (``read``: the plans and units files of the
    command), or any existing YAML file: a report written over a plan would lose the plan.
    Compared as the files they are (through links, whatever the spelling of the path).

    An output that exists and is not a regular file (``/dev/full``, a folder, a named pipe) is
    refused too: the file is written whole and then renamed into place, which would replace a
    device with a file (as root) rather than write to it.

    An output that is a symbolic link is written through only when it leads inside the
    repository of a file read (``plans.repository_of``); a link leading anywhere else, even a
    dangling one, is refused (issue 19: a link committed to a hostile repository must not make
    parplan write over a file of the user's elsewhere)."""
    import os

    if os.path.islink(output):
        from parplan.io.files import inside
        from parplan.io.plans import repository_of

        roots = {repository_of(path) for path in read}
        if not any(inside(output, root) for root in roots):
            target = os.path.realpath(output)
            where = ", ".join(sorted(str(root) for root in roots))
            raise _fail(label("error.output.link", lang, file=output, target=target, root=where), 2)
    if not output.exists():
        return
    if not output.is_file():
        raise _fail(label("error.output.special", lang, file=str(output)), 2)
    same = False
    for path in read:
        try:
            same = same or os.path.samefile(output, path)
        except OSError:
            continue
    if same or output.suffix.lower() in (".yaml", ".yml"):
        raise _fail(label("error.output.data", lang, file=str(output)), 2)


def refuse_unnamed_link(output: Path, named: Path, lang: str) -> None:
    """A usage error (exit 2) when a file written beside the output the user named (export's
    ``metadata.json``) is a symbolic link: parplan never follows a link for a file the user did
    not name (issue 19)."""
    import os

    if os.path.islink(output):
        raise _fail(label("error.output.unnamed-link", lang, file=output, named=named), 2)


def _load_valid(plan: Path, units: Path | None, lang: str, unit: str | None = None) -> Loaded:
    """Load and check both files (through the parse cache); on data errors print them and exit 1.

    ``unit``: the view is of that unit alone (as typed): the plan may hold only the items that
    can concern it (see ``cache.load_checked``)."""
    loaded = _load_checked(plan, units, unit)
    if loaded.errors:
        from parplan.render.report import format_diagnostics

        typer.echo(format_diagnostics(loaded.errors, "text", lang), err=True)
        raise _fail(label("error.data", lang), 1)
    return loaded


def _load_checked(plan: Path, units: Path | None, unit: str | None = None) -> Loaded:
    """``checks.validate`` through the cache of ``parplan.io.cache``."""
    from parplan.io.cache import load_checked

    return load_checked(
        plan,
        _units_path(plan, units),
        today=today(),
        unit=unit,
        keep=keep_until_exit,
        aside=aside.write_aside_after,
    )


def _resolve_unit(loaded: Loaded, name: str, lang: str) -> Entry:
    return resolve_unit_in(loaded.index, name, lang)


def resolve_unit_in(index: UnitIndex, name: str, lang: str) -> Entry:
    """The unit or group a person typed, found in ``index``; a usage error (exit 2), with
    suggestions, when it names none or several."""
    query = index.query(name)
    if query.entry is not None:
        return query.entry
    if query.matches:
        names = ", ".join(e.name for e in query.matches)
        raise _fail(label("error.unit.ambiguous", lang, name=name, names=names), 2)
    hint = ""
    if query.suggestions:
        hint = label("error.unit.suggest", lang, names=", ".join(query.suggestions))
    raise _fail(label("error.unit.unknown", lang, name=name, hint=hint), 2)


def completion_plan() -> Path:
    """The plan shell completion reads: $PARPLAN_PLAN, else the plan found from here."""
    from parplan.io.plans import PlanChoiceError, discover

    if os.environ.get("PARPLAN_PLAN"):
        return Path(os.environ["PARPLAN_PLAN"])
    try:
        return discover(Path.cwd(), today()).path
    except PlanChoiceError:
        return DEFAULT_PLAN


def _complete_unit(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of --unit: accent-insensitive (see ``UnitIndex.completions``)."""
    from parplan.core.units import UnitIndex
    from parplan.io.loader import load_registry

    registry, _ = load_registry(_units_path(completion_plan(), None))
    return UnitIndex(registry).completions(incomplete)


def every_plan(plan: Path, year: int | None) -> list[Path]:
    """The plans a checking command (validate, fmt) covers: the one named by --plan or
    --year, else every plan of the repository."""
    choice = plan_choice()
    if choice is None or year is not None:
        return [plan]
    return [found.path for found in choice.plans]
