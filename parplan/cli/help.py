"""The ``--help`` texts in the user's language, set on the Click commands as they are built.

The texts live in one table keyed by stable ids (``parplan.cli.help_text.HELP``): a command by
its name, an option by the id its declaration writes as ``help=``. ``localise`` gives a built
command (and its options) the text of the language asked for — Vietnamese by default, English
with ``--lang en`` or ``PARPLAN_LANG=en``, never both — each paragraph on one line, so that Rich
wraps it to the terminal, each example in a paragraph of its own. It works on Click's public
attributes (``Command.help``, ``short_help``, ``Parameter.help``, ``get_help_option``) and Typer's
``rich_help_panel`` (the panels' titles) of the command built for this run, never on what the
modules registered. Typer's "Usage:" line and its "[default: …]" and "[env var: …]" notes stay
as Typer writes them.

Typer draws the help with ``typer.rich_utils``, which imports ``rich.markdown`` (markdown-it) and
``rich.traceback`` (Pygments) at its top for two things parplan never asks for: help written in
Markdown (``rich_markup_mode="markdown"``) and pretty tracebacks (``pretty_exceptions_enable``
is off). They were most of ``parplan --help``'s time over its floor (issue 23). Typer offers no
public way to keep its Rich help without them (``rich_markup_mode=None`` is Click's plain help,
without the panels), so ``import_rich_help`` imports ``typer.rich_utils`` with stand-ins for the
two classes that import the real ones the first time they are used: the help is Typer's own,
drawn by Typer, and either class still works if some day asked for.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
import typing
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any
from weakref import WeakKeyDictionary

from typer.core import TyperCommand

from parplan.cli.help_text import HELP, help_text
from parplan.render.i18n import language

# The language of the help asked for on this command line (set before the commands are built).
HELP_LANGUAGE: ContextVar[str | None] = ContextVar("parplan_help_language", default=None)


def language_requested(argv: Sequence[str], environ: typing.Mapping[str, str]) -> str:
    """The language the command line asks for: ``--lang X`` / ``--lang=X``, else
    PARPLAN_LANG, else Vietnamese."""
    for position, arg in enumerate(argv):
        if arg == "--lang" and position + 1 < len(argv):
            return language(argv[position + 1])
        if arg.startswith("--lang="):
            return language(arg.split("=", 1)[1])
    return language(environ.get("PARPLAN_LANG"))


def help_language() -> str:
    """The language of the help: the one this command line asked for, else PARPLAN_LANG's."""
    asked = HELP_LANGUAGE.get()
    return asked if asked is not None else language_requested((), os.environ)


def command_help(text: str) -> str:
    """A command's help as Typer prints it: paragraphs apart, each on one line (a list keeps
    its lines), every example line a paragraph of its own."""
    paragraphs: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("Ví dụ:", "Example:")) for line in lines):
            paragraphs.extend(lines)
        elif all(line.startswith(("- ", "* ")) for line in lines):
            paragraphs.append("\n".join(lines))
        else:
            paragraphs.append(" ".join(lines))
    return "\n\n".join(paragraphs)


def summary(text: str) -> str:
    """A command's line in the list of commands: the first paragraph of its help."""
    return text.split("\n\n", 1)[0]


def localise(command: Any, name: str, lang: str) -> None:
    """Give the Click command ``name`` (a command or the program's group) and its options the
    help of ``lang``. An option's ``help`` holds its id until then; one with no entry in the
    table keeps what it holds (the help test reports it)."""
    text = help_text(name, lang)
    if text is not None:
        command.help = command_help(text)
        command.short_help = summary(command.help)
    for param in getattr(command, "params", ()):
        key = _KEYS.get(param) or _FRAME.get(param.name, getattr(param, "help", None))
        if isinstance(key, str) and key in HELP:
            _KEYS[param] = key  # the id, for a later call in another language
            param.help = help_text(key, lang)
        panel = "panel.arguments" if param.param_type_name == "argument" else "panel.options"
        param.rich_help_panel = help_text(panel, lang)
    for sub in getattr(command, "commands", {}).values():
        sub.rich_help_panel = help_text("panel.commands", lang)


def listing(group: Any, ctx: Any, lang: str) -> dict[str, Any]:
    """The commands of ``group`` as its --help lists them, each with its help in ``lang``: a
    command already built is itself; one not built yet is a bare command carrying that help,
    so that listing the commands imports none of their modules (issue 23)."""
    commands: dict[str, Any] = {}
    for name in group.list_commands(ctx):
        command = group.commands.get(name) or TyperCommand(name)
        localise(command, name, lang)
        commands[name] = command
    return commands


def localise_help_option(option: Any, lang: str) -> None:
    """The --help option's own line (``Command.get_help_option``)."""
    if option is not None:
        option.help = help_text("help-option", lang)
        option.rich_help_panel = help_text("panel.options", lang)


# The id of each option localised so far (its ``help`` then holds text).
_KEYS: WeakKeyDictionary[Any, str] = WeakKeyDictionary()
# Options Typer adds, by name: their help is not written by parplan.
_FRAME = {"install_completion": "completion.install", "show_completion": "completion.show"}


# issue 23: the modules ``typer.rich_utils`` imports but parplan's help never uses, and the class
# it takes from each.
_UNUSED_BY_HELP = (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback"))


def import_rich_help() -> None:
    """Import ``typer.rich_utils`` (Typer's Rich help) without importing ``rich.markdown`` and
    ``rich.traceback``: while it is imported, each is a stand-in module whose class imports the
    real module when it is first used (called, or an attribute read). The stand-ins are gone
    from ``sys.modules`` afterwards, so that any later import gets the real modules; should
    Typer ask them for anything else, it is imported with the real ones."""
    if "typer.rich_utils" in sys.modules:
        return
    stand_ins: dict[str, types.ModuleType] = {}
    for name, attribute in _UNUSED_BY_HELP:
        if name not in sys.modules:
            module = types.ModuleType(name, "A stand-in: see parplan.cli.help.import_rich_help.")
            setattr(module, attribute, _stand_in(name, attribute))
            stand_ins[name] = module
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("typer.rich_utils")
    except ImportError:
        # A Typer that takes something else from these modules: import it as it is written
        # (slower, never wrong), once the stand-ins are gone.
        pass
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    importlib.import_module("typer.rich_utils")


class _Deferred(type):
    """The type of a stand-in class: reading an attribute of the class (``Traceback.from_exception``)
    reads it on the real class."""

    real: Callable[[], type]

    def __getattr__(cls, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        return getattr(cls.real(), attribute)


def _stand_in(module: str, attribute: str) -> type:
    """A class standing for ``module.attribute``: making one makes the real one."""

    def real() -> type:
        found: type = getattr(importlib.import_module(module), attribute)
        return found

    def new(cls: type, *args: Any, **kwargs: Any) -> Any:
        return real()(*args, **kwargs)

    return _Deferred(attribute, (), {"__new__": new, "real": staticmethod(real)})
