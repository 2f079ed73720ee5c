"""How ``parplan fmt`` writes a scalar (``scalar_text``): plain when YAML reads it back as the same
value of the same type, else double-quoted on one line. Used by fmt, and by every writer of plan
lines (the ledger, the importer, the scaffold) so that what they write is already canonical.

Split from ``io/fmt.py`` (issue 22's module sizes).
"""

from __future__ import annotations

import io
import re

from yaml.emitter import Emitter
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

STR = "tag:yaml.org,2002:str"
_YAML_TAGS = "tag:yaml.org,2002:"
_ANALYZER = Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = Resolver()


def scalar_text(value: str, tag: str = STR, *, plain: bool = False, flow: bool = False) -> str:
    """A scalar as fmt writes it: plain when YAML reads it back as the same value of the same
    type, else double-quoted (with its tag when that is not a string's).

    ``plain`` says the scalar was written plain: a plain date, number, boolean or null keeps its
    text. ``flow`` is for a value inside a flow mapping, where ``,[]{}`` need quotes too.
    """
    resolves = _RESOLVER.resolve(ScalarNode, value, (True, False)) == tag  # type: ignore[no-untyped-call]
    if plain and tag != STR and resolves and (not value or _plain_allowed(value, flow)):
        return value
    if resolves and _plain_allowed(value, flow):
        return value
    quoted = double_quoted(value)
    if tag == STR:
        return quoted
    if tag.startswith(_YAML_TAGS):
        return f"!!{tag[len(_YAML_TAGS) :]} {quoted}"
    return f"{tag} {quoted}" if tag.startswith("!") else f"!<{tag}> {quoted}"


# Text that PyYAML's analysis would allow plain, recognised without it (~30x faster): it starts
# with a letter or digit, does not end with a space, and holds only printable characters other
# than ':' and '#' (in a flow mapping, none of ',?[]{}' either). Other text is analysed.
# The printable characters past ASCII: \xa0-\u2027, \u202a-\ud7ff, \ue000-\ufefe, \uff00-\ufffd,
# \U00010000-\U0010fffe. Each class is written as the characters it leaves out (issue 23:
# compiling the ranges it holds took 25-50 ms, on every command that records; the same classes,
# tests/test_fmt_scalars.py).
_NOT_PRINTABLE = r"\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff"
_NOT_FIRST = r"\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e" + _NOT_PRINTABLE  # not a letter or digit
_NOT_BLOCK = r"\x00-\x1f\x23\x3a" + _NOT_PRINTABLE  # (a space is in: not at the end)
_NOT_FLOW = r"\x00-\x1f\x23\x2c\x3a\x3f\x5b\x5d\x7b\x7d" + _NOT_PRINTABLE
_SURELY_PLAIN = {
    flow: re.compile(f"[^{_NOT_FIRST}](?:[^{left_out}]*[^{left_out}\\x20])?")
    for flow, left_out in ((False, _NOT_BLOCK), (True, _NOT_FLOW))
}


def _plain_allowed(value: str, flow: bool) -> bool:
    """Whether YAML can write the text plain (on one line, in a flow mapping or not)."""
    if _SURELY_PLAIN[flow].fullmatch(value):
        return True
    analysis = _ANALYZER.analyze_scalar(value)
    if analysis.empty or analysis.multiline:
        return False
    return bool(analysis.allow_flow_plain if flow else analysis.allow_block_plain)


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\0": "\\0",
    "\x07": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line: escapes for quotes, backslashes, line breaks and
    characters that are not printable (or invisible, like a byte-order mark)."""
    out: list[str] = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _printable(char):
            out.append(char)
        else:
            code = ord(char)
            out.append(
                f"\\x{code:02X}"
                if code < 0x100
                else f"\\u{code:04X}"
                if code < 0x10000
                else f"\\U{code:08X}"
            )
    return '"' + "".join(out) + '"'


def _printable(char: str) -> bool:
    """YAML's printable set, less the byte-order mark."""
    return (
        "\x20" <= char <= "\x7e"
        or "\xa0" <= char <= "\ud7ff"
        or ("\ue000" <= char <= "\ufffd" and char != "\ufeff")
        or "\U00010000" <= char <= "\U0010ffff"
    )
