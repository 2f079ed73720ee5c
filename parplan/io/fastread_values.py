"""The values of a plan as the quick reader (``io/fastread.py``) reads them: each text, date,
number, list of unit names, record (one flow mapping a line) and ``extra:`` column written in
fmt's layout checked as the loader would read it, and given up (``_GiveUp``) on anything the
loader might read otherwise or have a problem with.

Split from ``fastread`` (issue 23, third round) when its entries came to be read by regular
expressions: ``_Values`` is the part of the reader that knows what a value is, ``fastread`` the
part that knows where each one is written. Here too: what a comment may hold, and whether the
header reads alone as it reads within the whole file (found by the review of that round); and
the lists of records an item holds (moved here later in that round, to keep ``fastread``
within its size).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from parplan.core.model import LateReason, LogEntry, Source
from parplan.core.model import Text as ModelText
from parplan.core.text import _HIDDEN

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


# Lists of records, one flow mapping a line: key → (required keys, every key).
FLOW_KEYS = {
    "progress": (
        frozenset({"milestone", "done"}),
        frozenset({"milestone", "done", "unit", "evidence", "recorded_by"}),
    ),
    "log": (frozenset({"on", "text"}), frozenset({"on", "text", "unit", "evidence"})),
    "late": (frozenset({"reason"}), frozenset({"reason", "milestone", "unit", "on"})),
}


class _GiveUp(Exception):
    """The text is not one this reader reads: the loader reads it."""


# issue 23, review of the third round: what PyYAML refuses in a comment too (a control
# character), or reads as a line break there (NEL): a comment holding one is given up (the
# loader says where), not set aside unread.
_not_in_comment = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]").search
# The header (the lines before ``sections:``) is read by the loader alone: its top-level keys
# must be plain keys at the start of a line, none of them ``sections`` (the whole file's
# duplicate-key), its mapping starting at the first column. ``_HEADER_LINE``: a line at the
# first column other than such a key, a comment or ``---`` (``...``, the document's end; a
# quoted or complex key; a directive); ``_HEADER_TOP``: the blank lines, comments and ``---``
# before the first key.
_HEADER_LINE = re.compile(
    r"^(?![ #\n]|---\n|\Z|(?!sections:)[A-Za-z_][A-Za-z0-9_]*:(?: |\n))", re.MULTILINE
)
_HEADER_TOP = re.compile(r"(?:(?: *(?:#[^\n]*)?|---)\n)*")
_BREAKS = ("\x85", "\u2028", "\u2029")  # PyYAML's line breaks other than "\n" (and CR)


def read_alone_the_same(header: str) -> bool:
    """Whether the loader reading ``header`` alone finds what it finds in it within the whole
    file: no line break the sections' line count would miss (NEL, LS, PS), nothing the lines
    after it make a problem of (a ``sections`` key of its own, the document's end, a mapping
    not at the first column)."""
    if any(c in header for c in _BREAKS):
        return False
    top = _HEADER_TOP.match(header)
    first = top.end() if top is not None else 0
    return _HEADER_LINE.search(header) is None and header[first : first + 1] != " "


def _uncommented(rest: str) -> str:
    """A line (after its indent) without its comment: a line that starts with ``#`` is all
    comment; elsewhere a comment starts at a ``#`` after a space. Inside a double-quoted text a
    `` #`` is text: such a line is given up, unless the comment follows the line's last quote."""
    if rest[0] == "#":
        if _not_in_comment(rest) is not None:
            raise _GiveUp
        return ""
    at = rest.find(" #", rest.rfind('"') + 1)  # (from the start when there is no quote)
    if at >= 0:
        if _not_in_comment(rest, at) is not None:
            raise _GiveUp
        rest = rest[:at].rstrip(" ")
    if " #" in rest:
        raise _GiveUp  # inside a quoted text, or a plain one cut by a quote's: not read here
    return rest


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
        """Evidence as written. The loader's evidence with nothing visible (``evidence-invisible``)
        never comes here: ``_value`` gives up on any hidden character and on a text with nothing
        but spaces, and no character is made hidden by NFC (``tests/test_fastread_coldread.py``);
        so nothing is looked at again here (issue 23: 36,000 records at 100,000 items)."""
        return self._optional(fields, key)

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

    def _names(self, first: str, block: str, line: int) -> tuple[ModelText, ...]:
        """The unit names of a ``lead:`` or ``support:`` block (the first name as written, at
        line ``line``, then the ``- name`` lines after it), as ``_list`` reads them."""
        known, name = self.known, self.name
        out = []
        for raw in (first, *(entry[16:] for entry in block[:-1].split("\n") if entry)):
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

    # -- records: one flow mapping a line -----------------------------------------------------

    def _records(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        key: str,
    ) -> list[tuple[dict[str, tuple[int, int, str]], Source]]:
        """The entries of a list of records: each one's fields (as ``_mapping`` gives them) and
        where its ``{`` is."""
        if key not in fields:
            return []
        if fields[key][1] >= 0 or not lists.get(key):
            raise _GiveUp  # "progress: []", or nothing under it: the loader's
        required, allowed = FLOW_KEYS[key]
        out = []
        for entry in lists[key]:
            record, where = self._flow(entry)
            if not required <= record.keys() <= allowed:
                raise _GiveUp
            out.append((record, where))
        return out

    def _log(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[LogEntry, ...]:
        out = []
        for record, where in self._records(fields, lists, "log"):
            on, _source = self._date(record["on"])
            unit = self._optional(record, "unit")
            evidence = self._optional(record, "evidence")
            out.append(
                LogEntry(
                    on,
                    self._string(record["text"])[0],
                    unit.value if unit else None,
                    evidence.value if evidence else None,
                    where,
                    unit.source if unit else None,
                )
            )
        return tuple(out)

    def _late(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[LateReason, ...]:
        out = []
        for record, where in self._records(fields, lists, "late"):
            unit = self._optional(record, "unit")
            out.append(
                LateReason(
                    self._optional(record, "milestone"),
                    self._string(record["reason"])[0],
                    unit.value if unit else None,
                    self._date(record["on"])[0] if "on" in record else None,
                    where,
                    unit.source if unit else None,
                )
            )
        return tuple(out)
