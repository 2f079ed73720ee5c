"""The values of a plan as the quick reader (``io/fastread.py``) reads them: each text, date,
number, list of unit names, record (one flow mapping a line) and ``extra:`` column written in
fmt's layout checked as the loader would read it, and given up (``_GiveUp``) on anything the
loader might read otherwise or have a problem with.

Split from ``fastread`` (issue 23, third round) when its entries came to be read by regular
expressions: ``_Values`` is the part of the reader that knows what a value is, ``fastread`` the
part that knows where each one is written.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from parplan.core.model import Source
from parplan.core.model import Text as ModelText
from parplan.core.text import _HIDDEN, visible

# A plain scalar as fmt writes one starts with none of YAML's indicators (nor a space), and has
# no ": " (nor " #": no "#" is read here at all) inside.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DIGITS = re.compile(r"[0-9]{1,6}")
MAX_TEXT = 5000
MAX_KEY = 1024  # YAML's longest key on one line (PyYAML: a longer one is no key)

# What ``core.text.nfc`` and ``has_hidden`` call, called here directly: they run for every value
# of the plan (issue 23: a 100,000-item plan holds about 450,000).
_normalize = unicodedata.normalize
_hidden = _HIDDEN.search

# A field of a record: its key up to the first ": ", then a quoted value up to the next quote
# or a plain one holding none of YAML's flow indicators, then ", " or the record's end.
_FLOW_FIELD = re.compile(r'([^:]*): ("[^"]*"|[^,\[\]{}:"]*)(, |\Z)')


class _GiveUp(Exception):
    """The text is not one this reader reads: the loader reads it."""


def _value(raw: str) -> tuple[str, bool]:
    """A text's value as written ``raw`` (after its key), and whether it was quoted."""
    raw = raw.rstrip(" ")
    first = raw[:1]
    if first == '"':
        if len(raw) < 2 or raw[-1] != '"' or "\\" in raw or '"' in raw[1:-1]:
            raise _GiveUp
        written, quoted = raw[1:-1], True
    elif not first or first in _INDICATORS or ": " in raw or raw[-1] == ":" or raw in _NULL:
        raise _GiveUp
    else:
        written, quoted = raw, False
    if len(written) > MAX_TEXT:
        raise _GiveUp
    # Hidden characters as written: strip() would take a trailing form feed away, which
    # PyYAML refuses.
    value = _normalize("NFC", written).strip()
    if not value or _hidden(written) is not None:
        raise _GiveUp
    return value, quoted


class _Values:
    """The reading of values, each text and date as written read once (``known``, ``dates``):
    unit names, deadlines, dates, evidence and the wording of records repeat."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.known: dict[str, tuple[str, bool]] = {}  # a text as written → as read, quoted
        self.dates: dict[str, date] = {}  # a date as written → as read

    def _scalar(self, field: tuple[int, int, str]) -> tuple[str, int, bool]:
        """The text of a scalar as written, its column and whether it was quoted."""
        _line, column, raw = field
        if column < 0:
            raise _GiveUp
        raw = raw.rstrip(" ")
        first = raw[:1]
        if first == '"':
            if len(raw) < 2 or raw[-1] != '"' or "\\" in raw or '"' in raw[1:-1]:
                raise _GiveUp
            return raw[1:-1], column, True
        if not first or first in _INDICATORS or ": " in raw or raw[-1] == ":" or raw in _NULL:
            raise _GiveUp
        return raw, column, False

    def _text(self, field: tuple[int, int, str], deadline: bool = False) -> ModelText:
        value, column, quoted = self._string(field)
        if deadline and quoted:
            column += 1  # a quoted deadline is located at its first character (loader)
        return ModelText(value, Source(self.name, field[0], column))

    def _string(self, field: tuple[int, int, str]) -> tuple[str, int, bool]:
        """A text's value (``_text`` without its place, for the values the model keeps as
        strings), its column and whether it was quoted."""
        _line, column, raw = field
        if column < 0:
            raise _GiveUp
        found = self.known.get(raw)
        if found is None:
            found = self.known[raw] = _value(raw)
        return found[0], column, found[1]

    def _optional(self, fields: dict[str, tuple[int, int, str]], key: str) -> ModelText | None:
        return self._text(fields[key]) if key in fields else None

    def _evidence(self, fields: dict[str, tuple[int, int, str]], key: str) -> ModelText | None:
        """Evidence as written; a text with nothing visible is given up (the loader's)."""
        evidence = self._optional(fields, key)
        if evidence is not None and not visible(evidence.value).strip():
            raise _GiveUp
        return evidence

    def _list(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        key: str,
    ) -> tuple[ModelText, ...]:
        _line, column, raw = fields[key]
        if column >= 0:
            if raw.rstrip(" ") == "[]":
                return ()
            raise _GiveUp
        entries = lists.get(key)
        if not entries:
            raise _GiveUp  # "lead:" with nothing under it is null: the loader says what it is
        known, name = self.known, self.name
        out = []
        for entry_line, entry_column, rest in entries:
            raw = rest[2:]
            found = known.get(raw)  # (``_text``, inline: unit names repeat)
            if found is None:
                out.append(self._text((entry_line, entry_column + 3, raw)))
            else:
                out.append(ModelText(found[0], Source(name, entry_line, entry_column + 3)))
        return tuple(out)

    def _date(self, field: tuple[int, int, str]) -> tuple[date, Source]:
        line, column, raw = field
        on = self.dates.get(raw) if column >= 0 else None
        if on is None:
            written, column, quoted = self._scalar(field)
            match = _ISO.fullmatch(written)
            if quoted or match is None:
                raise _GiveUp
            try:
                on = date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                raise _GiveUp from None
            self.dates[raw] = on
        return on, Source(self.name, line, column)

    def _integer(self, fields: dict[str, tuple[int, int, str]], key: str) -> int | None:
        if key not in fields:
            return None
        written, _column, quoted = self._scalar(fields[key])
        if quoted or not _DIGITS.fullmatch(written):
            raise _GiveUp
        return int(written)

    def _boolean(self, fields: dict[str, tuple[int, int, str]], key: str) -> bool:
        if key not in fields:
            return False
        written, _column, quoted = self._scalar(fields[key])
        if quoted or written not in ("true", "false"):
            raise _GiveUp
        return written == "true"

    def _names(self, block: str, line: int) -> tuple[ModelText, ...]:
        """The unit names of a ``lead:`` or ``support:`` block (its ``- name`` lines, the first
        at line ``line``), as ``_list`` reads them."""
        known, name = self.known, self.name
        out = []
        for entry in block[:-1].split("\n"):
            raw = entry[16:]
            found = known.get(raw)
            if found is None:
                out.append(self._text((line, 17, raw)))
            else:
                out.append(ModelText(found[0], Source(name, line, 17)))
            line += 1
        return tuple(out)

    def _extra(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[tuple[str, str], ...]:
        """``extra:``, the columns of the decision's table parplan has no key for, as ``import``
        writes them: a ``heading: text`` line each under it, both plain or double-quoted texts
        (the loader keeps every pair as written, in order)."""
        entries = lists.get("extra")
        if fields["extra"][1] >= 0 or not entries:
            raise _GiveUp  # "extra: {}", or nothing under it: the loader's
        out = []
        for line, column, rest in entries:
            heading, sep, value = rest.partition(": ")
            if not sep or len(heading) > MAX_KEY:
                raise _GiveUp  # (past YAML's longest key: the loader's yaml-syntax)
            text = self._string((line, column + len(heading) + 2, value))[0]
            out.append((self._string((line, column, heading))[0], text))
        return tuple(out)

    def _flow(self, entry: tuple[int, int, str]) -> tuple[dict[str, tuple[int, int, str]], Source]:
        """``- {key: value, key: "value"}`` as fmt writes it: plain values hold none of YAML's
        flow indicators, quoted ones no quote (``_scalar`` gives up on an escape)."""
        line, indent, rest = entry
        if not rest.startswith("- {") or rest[-1] != "}":
            raise _GiveUp
        inner = rest[3:-1]
        base = indent + 4  # the 1-based column of inner[0]
        record: dict[str, tuple[int, int, str]] = {}
        at, field = 0, _FLOW_FIELD.match
        while True:
            found = field(inner, at)  # (None after a last ", ")
            if found is None or not (key := found[1]).isidentifier() or key in record:
                raise _GiveUp
            record[key] = (line, base + found.start(2), found[2])
            if not found[3]:  # the end of the record
                return record, Source(self.name, line, indent + 3)
            at = found.end()
