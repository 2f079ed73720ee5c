"""Click's usage errors in the user's language.

Typer's Click writes its usage errors in English ("No such option: --bogus", "Missing argument
'ITEM'."), which a Vietnamese user met after every other message of parplan was Vietnamese.
``localise_error`` rewrites the message of the error Click raised, before Typer prints it (the
usage line above it stays Click's, as in ``--help``): the kinds of error parplan's options can
meet are known by their class and their fields; another error keeps Click's words. English
(``--lang en``) keeps Click's own text, byte for byte.

The error classes are told apart by name: Typer vendors Click, and only ``BadParameter`` of
them is public (``typer.BadParameter``).

Lazy imports: ``typer.rich_utils``, which draws the error's panel, only on this error path
(``parplan.cli.app`` imports this module only when Click has raised a usage error).
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Any

from parplan.cli.help import language_requested
from parplan.core.text import printable
from parplan.render.i18n import label

# Click's own wordings of the errors a parameter's type or the parser writes.
_NOT_A_NUMBER = re.compile(r"(?P<value>'.*') is not a valid (?P<kind>integer|float)\.")
_OUT_OF_RANGE = re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.")
_NOT_ONE_OF = re.compile(r"(?P<value>'.*') is not one of (?P<choices>.+)\.")
_NEEDS_VALUE = re.compile(r"Option (?P<name>'.+') requires (?:an argument|(?P<n>\d+) arguments)\.")
_TAKES_NO_VALUE = re.compile(r"Option (?P<name>'.+') does not take a value\.")
_NO_COMMAND = re.compile(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<like>.+)\?)?")
_EXTRA = re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.*)\)")


def localise_error(error: Any, args: Sequence[str]) -> None:
    """Put the usage error ``error`` in the language ``args`` (or the environment) ask for."""
    lang = language_requested(list(args), os.environ)
    text = _worded(error, lang) if lang != "en" else None
    if text is not None:
        shown = printable(text).replace("\n", "\\n")  # what the user typed is data
        error.format_message = lambda: shown
    import typer.rich_utils as rich_utils

    rich_utils.ERRORS_PANEL_TITLE = label("usage.panel", lang)
    rich_utils.RICH_HELP = label("usage.try", lang)


def _worded(error: Any, lang: str) -> str | None:
    kind = type(error).__name__
    if kind == "NoSuchOption":
        text = label("usage.no-option", lang, name=error.option_name)
        if error.possibilities:
            text += " " + label(
                "usage.possible", lang, names=", ".join(sorted(error.possibilities))
            )
        return text
    if kind == "MissingParameter":
        which = "argument" if _param_type(error) == "argument" else "option"
        return label(f"usage.missing-{which}", lang, name=_hint(error))
    if kind == "BadParameter":
        return label(
            "usage.bad-value", lang, name=_hint(error), reason=_reason(error.message, lang)
        )
    if kind == "BadOptionUsage":
        needs = _NEEDS_VALUE.fullmatch(error.message)
        if needs:
            if needs["n"] is None:
                return label("usage.needs-value", lang, name=needs["name"])
            return label("usage.needs-values", lang, name=needs["name"], n=int(needs["n"]))
        takes_none = _TAKES_NO_VALUE.fullmatch(error.message)
        if takes_none:
            return label("usage.takes-no-value", lang, name=takes_none["name"])
        return None
    if kind == "UsageError":
        command = _NO_COMMAND.fullmatch(error.message)
        if command:
            text = label("usage.no-command", lang, name=command["name"])
            if command["like"]:
                text += " " + label("usage.did-you-mean", lang, names=command["like"])
            return text
        extra = _EXTRA.fullmatch(error.message)
        if extra:
            return label("usage.extra", lang, args=extra["args"])
    return None


def _param_type(error: Any) -> str | None:
    if error.param_type is not None:
        return str(error.param_type)
    return getattr(error.param, "param_type_name", None)


def _hint(error: Any) -> str:
    """The parameter as Click names it in its message ('--unit' / '-u', 'ITEM')."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, (list, tuple)):
        return " / ".join(f"'{h}'" for h in hint)
    return str(hint) if hint is not None else ""


def _reason(message: str, lang: str) -> str:
    """A parameter type's message, in words of ours where Click's wording is known."""
    number = _NOT_A_NUMBER.fullmatch(message)
    if number:
        return label(f"usage.not-{number['kind']}", lang, value=number["value"])
    ranged = _OUT_OF_RANGE.fullmatch(message)
    if ranged:
        return label("usage.out-of-range", lang, value=ranged["value"], range=ranged["range"])
    choice = _NOT_ONE_OF.fullmatch(message)
    if choice:
        return label("usage.not-one-of", lang, value=choice["value"], choices=choice["choices"])
    return message
