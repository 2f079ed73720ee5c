"""Diagnostics as text: ``file:line:col: severity: message [code]``, JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from parplan.core.model import Diagnostic
from parplan.core.text import json_safe, printable, single_line
from parplan.render.i18n import message

FORMATS = ("text", "json", "github")


def format_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str, lang: str) -> str:
    """All diagnostics in one of ``FORMATS``. The severity word stays English in every language,
    so editors and CI (which parse ``error:``/``warning:``) read it whatever ``--lang`` says."""
    if fmt == "json":
        return json_safe(
            json.dumps(
                [
                    {
                        "file": d.source.file,
                        "line": d.source.line,
                        "column": d.source.column,
                        "severity": d.severity,
                        "code": d.code,
                        "message": message(d, lang),
                    }
                    for d in diagnostics
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    if fmt == "github":
        return "\n".join(_annotation(d, lang) for d in diagnostics)
    # Messages quote the plan's text: control characters in it are shown, never obeyed, and a
    # line break in it (or in a file's name) is an escape: one diagnostic, one line.
    return "\n".join(
        single_line(f"{d.source}: {d.severity}: {message(d, lang)} [{d.code}]") for d in diagnostics
    )


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _annotation(d: Diagnostic, lang: str) -> str:
    def data(value: str) -> str:
        value = printable(value)
        return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(value: str) -> str:
        return data(value).replace(":", "%3A").replace(",", "%2C")

    level = _GITHUB_LEVEL.get(d.severity, "notice")
    # GitHub matches annotations to repository paths written with forward slashes.
    path = d.source.file.replace("\\", "/")
    props = (
        f"file={prop(path)},line={d.source.line},col={d.source.column},"
        f"title={prop('parplan ' + d.code)}"
    )
    return f"::{level} {props}::{data(message(d, lang))}"
