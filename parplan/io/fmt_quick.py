"""``fmt --check`` without YAML nodes: a file proved already in fmt's layout, line by line.

Composing a plan of 100,000 items into YAML nodes and writing them again took most of ``fmt
--check``'s 8 seconds and a gigabyte (issue 23), for the answer "unchanged" that CI expects
every time. ``canonical_text`` reads the file as lines instead, in the one layout ``parplan fmt``
writes, and follows the writer (``fmt._Writer``) step by step: the same keys in the schema's
order (``fmt._Keys``: rank, head, the shape of the value), block lists indented two spaces,
flow records one a line, a blank line exactly where the writer puts one, every scalar written
as ``fmt_scalars.scalar_text`` writes it, comments on their own line with the indentation of
the line they precede (``fmt_comments``' placing; at the top and the end of the file, at
column 0) or two spaces after a line's content, text in NFC, LF line ends, one final newline.

It answers only "this text is what fmt would write" (the text), or None: then ``fmt`` reads the
file as before. So it gives up on anything it does not follow exactly, whatever YAML would make
of it: a key the schema does not know, a mapping without a shape, a key YAML reads as other
than text, a quoted text with an escape or a "  #", a block scalar, a nested list, an empty record, a tab, a
carriage return, a byte-order mark, a duplicate key. ``tests/test_fmt_quick.py`` holds it to
``fmt.format_text`` on the real plan, generated plans and thousands of mutated ones: whenever it
answers, ``format_text`` gives the same text back.
"""

from __future__ import annotations

import re
import unicodedata

from yaml.nodes import ScalarNode

from parplan.checks.schema import Choice, Shape, file_shape
from parplan.io.fmt_keys import _Key, _Keys
from parplan.io.fmt_scalars import _RESOLVER, STR, scalar_text

# Characters the YAML reader refuses (PyYAML's ``Reader.NON_PRINTABLE``), and those this module
# leaves to the full path: tab, carriage return, NEL, line and paragraph separators, BOM.
_REFUSED = re.compile(
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):", re.MULTILINE)
# The same keys found quicker (issue 23, fourth round): the first line's, then each one after a
# line end, which the regular expression engine scans for as a literal (``^`` with MULTILINE
# tries every position of the 48 MB).
_FIRST_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):")
_NEXT_KEY = re.compile(r"\n([A-Za-z_][A-Za-z0-9_]*):")
# ``_REFUSED`` in the UTF-8 bytes (the text decoded without error): the one-byte controls, which
# ``bytes.translate`` keeps alone in one pass, then each refused character of two or three
# bytes, each found by its literal first bytes.
_ALLOWED_BYTES = bytes(b for b in range(256) if b == 0x0A or 0x20 <= b <= 0x7E or b >= 0x80)
# (one expression per first byte: an alternation of several is tried at every byte)
_REFUSED_SEQUENCES = (
    re.compile(b"\xc2[\x80-\x9f]"),  # U+0080-U+009F
    re.compile(b"\xe2\x80[\xa8\xa9]"),  # U+2028, U+2029
    re.compile(b"\xef(?:\xbb\xbf|\xbf[\xbe\xbf])"),  # U+FEFF, U+FFFE, U+FFFF
)


def _top_keys(text: str) -> list[str]:
    """``_TOP_KEY.findall(text)``: the keys written at the start of a line."""
    first = _FIRST_KEY.match(text)
    return ([first[1]] if first else []) + _NEXT_KEY.findall(text)


def _refused(raw: bytes) -> bool:
    """Whether the text of ``raw`` (valid UTF-8) holds a character ``_REFUSED`` finds."""
    if raw.translate(None, _ALLOWED_BYTES):
        return True
    return any(sequence.search(raw) is not None for sequence in _REFUSED_SEQUENCES)


class _NotCanonical(Exception):
    """The text is not (or not surely) in fmt's layout."""


def canonical_text(raw: bytes) -> str | None:
    """The text of ``raw`` when ``fmt`` would write it back byte for byte, else None (not in
    the layout, or not surely: ``fmt`` then reads it with YAML and decides)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.endswith("\n") or text.endswith("\n\n") or _refused(raw):
        return None
    if not unicodedata.is_normalized("NFC", text):
        return None
    shape = file_shape(_top_keys(text))
    if shape is None:
        return None
    try:
        _Reader(text.split("\n")).document(shape)
    except (_NotCanonical, IndexError, KeyError):
        return None
    return text


# A line of a key: the key, and what follows its colon, None when that is a scalar as fmt writes it.
_Line = tuple[_Key, str | None]


class _Reader:
    """The lines of a text, read as ``fmt._Writer`` would have written them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.end = len(lines) - 1  # the last "line" is what follows the final newline: ""
        self.at = 0  # the next line to read
        # by id() of a shape, which the schema keeps alive
        self.shapes: dict[int, tuple[_Keys, dict[str, _Key]]] = {}
        # Whether a scalar as written is as fmt writes it, by its text (in a block: with the
        # space before it) and by whether it is in a flow mapping.
        self.scalars: dict[bool, dict[str, bool]] = {False: {}, True: {}}
        # Lines already read (issue 23, sixth round): a mapping's keys after its first, by
        # id() of its shape and its indentation (see ``mapping``); a list's entries that are
        # scalars as fmt writes them, by the list's indentation and whether it is of records.
        self.contexts: dict[tuple[int, int], tuple[dict[str, _Key], dict[str, _Line], set[str]]]
        self.contexts = {}
        self.entries: dict[tuple[int, bool], set[str]] = {}

    # -- lines

    def peek(self) -> tuple[int, bool] | None:
        """The number of the next content line (a key or a list entry) and whether a blank line
        goes before it; None at the end of the text. The blank line and comments between are
        checked: at most one blank line, then the comments, each at the indentation of the line
        it precedes (at the end of the text, at column 0)."""
        lines, i = self.lines, self.at
        line = lines[i]
        if line and "#" not in line:
            return i, False
        blank = line == "" and i < self.end
        if blank:
            i += 1
        first = i
        while i < self.end and lines[i].lstrip(" ").startswith("#"):
            i += 1
        if i >= self.end:  # the comments after the last key or entry: at column 0
            if blank or any(not self._comment(lines[k], "") for k in range(first, i)):
                raise _NotCanonical
            self.at = i
            return None
        content = lines[i]
        if not content:
            raise _NotCanonical  # two blank lines, or one between comments and their line
        pad = content[: len(content) - len(content.lstrip(" "))]
        if any(not self._comment(lines[k], pad) for k in range(first, i)):
            raise _NotCanonical
        if first == 0 and i > 0 and pad:  # the comments at the top are at column 0
            raise _NotCanonical
        return i, blank

    @staticmethod
    def _comment(line: str, pad: str) -> bool:
        return line.startswith(pad) and line[len(pad)] == "#" and line == line.rstrip(" ")

    def take(self, number: int) -> None:
        self.at = number + 1

    def content(self, number: int) -> str:
        """Line ``number`` without the comment at its end, which fmt writes two spaces after
        the line's last key or entry (the first "  #": one inside a quoted text leaves the line
        unreadable here, and so to the full path)."""
        line = self.lines[number]
        at = line.find("  #") if "#" in line else -1
        if at < 0:
            return line
        if line != line.rstrip(" "):
            raise _NotCanonical
        return line[:at]

    # -- nodes

    def document(self, shape: Shape) -> None:
        self.mapping(0, shape, "", False)
        if self.peek() is not None:
            raise _NotCanonical

    def keys(self, shape: Shape) -> tuple[_Keys, dict[str, _Key]]:
        """A shape's keys as fmt writes them, and those of its fields written as plain keys
        (``name:``), by name."""
        found = self.shapes.get(id(shape))
        if found is None:
            keys = _Keys(shape)
            plain = {field.name: keys[field.name] for field in shape.fields}
            plain = {name: key for name, key in plain.items() if key.head == name + ":"}
            if len({key.rank for key in plain.values()}) != len(plain):
                raise _NotCanonical  # ``mapping`` tells a repeated key by its rank alone
            found = self.shapes[id(shape)] = (keys, plain)
        return found

    # Issue 23, sixth round: the loops below take the next line themselves when it is the
    # commonest kind (content, no "#", no blank line before: what ``peek`` answers at once),
    # and pass the line they looked at on to the list or mapping it begins.

    def mapping(
        self,
        indent: int,
        kind: Shape | Choice | None,
        start: str,
        blank: bool,
        peeked: tuple[int, bool] | None = None,
    ) -> None:
        """A block mapping whose first key is on the next content line (``peeked`` when the
        caller has looked), after ``start`` (its indentation, or the dashes of the list entries
        it begins), the others at ``indent``."""
        pad = " " * indent
        if peeked is None:
            peeked = self.peek()
            if peeked is None:
                raise _NotCanonical
        if isinstance(kind, Choice):
            kind = kind.pick(self._keys_ahead(peeked[0], start, pad, kind))
        if kind is None:
            raise _NotCanonical  # a mapping without a shape keeps its written order: not here
        # its plain keys; the lines of its keys after the first, as ``_key_line`` reads them,
        # by their text; the lines of a list of scalars below a key, read before (``sequence``)
        context = self.contexts.get((id(kind), indent))
        if context is None:
            runs = self.entries.setdefault((indent + 2, False), set())
            context = self.contexts[id(kind), indent] = (self.keys(kind)[1], {}, runs)
        fields, read, runs = context
        lines = self.lines
        number, blank_before = peeked
        line = lines[number]
        if "#" in line:
            line = self.content(number)
        if not line.startswith(start):
            raise _NotCanonical
        known, after = self._key_line(line, len(start), fields)
        rank = -1  # that of the key before (a key's rank is its own: see ``keys``)
        while True:
            if blank_before != blank or known.rank <= rank:
                raise _NotCanonical  # a blank line out of place; a key out of order, or twice
            rank = known.rank
            self.at = at = number + 1
            if after is None:  # a scalar as fmt writes it (the commonest line)
                blank = False
            elif (
                not after
                and not known.spaced
                and not known.flow
                and (line := lines[at]) in runs
                and "#" not in line
            ):
                # a list of scalars whose lines were read before (lead:, support:), read as
                # ``value`` and ``sequence`` would, up to the first other line
                while line in runs and "#" not in line:
                    at += 1
                    line = lines[at]
                blank = known.blank_after
                self.at = at
                if not line or "#" in line or line not in read:  # not this mapping's next key
                    peeked = (at, False) if line and "#" not in line else self.peek()
                    if peeked is not None:
                        self.sequence(
                            indent + 2, known.items, False, False, peeked, at - number - 1
                        )
                        at = self.at
            else:
                blank = self.value(after, indent, known) and known.blank_after
                at = self.at
            line = lines[at]
            if line and "#" not in line:
                number = at
                blank_before = False
            else:
                peeked = self.peek()
                if peeked is None:
                    return
                number, blank_before = peeked
                line = lines[number]
                if "#" in line:
                    line = self.content(number)
            found = read.get(line)
            if found is None:
                if not line.startswith(pad):
                    return  # less indented: the mapping has ended
                if line[indent] == " ":
                    raise _NotCanonical  # more indented after a key's value
                found = read[line] = self._key_line(line, indent, fields)
            known, after = found

    def _key_line(self, line: str, begin: int, fields: dict[str, _Key]) -> _Line:
        """The key written at ``begin`` on a line of a mapping of ``fields``, and what follows
        its colon, None when that is a scalar as fmt writes it."""
        colon = line.find(":", begin)
        known = fields.get(line[begin:colon]) if colon > 0 else None
        if known is None:
            raise _NotCanonical
        after = line[colon + 1 :]
        if after and after[0] == " " and after != " []" and after != " {}":
            if _NUMBERED.fullmatch(after, 1):  # an ID, each once: not remembered
                return known, None
            scalars = self.scalars[False]  # " " and the scalar as fmt writes it
            written = scalars.get(after)
            if written is None:
                written = scalars[after] = _written_as_fmt_writes(after[1:], False)
            if not written:
                raise _NotCanonical
            return known, None
        return known, after

    def value(self, after: str, indent: int, known: _Key) -> bool:
        """A key's value, ``after`` its colon on its line (and the lines below, for a list or a
        mapping); whether it is a list."""
        if after == " []":
            return True
        if after == " {}":
            return False
        if after:
            raise _NotCanonical  # no space after the colon: not a key fmt writes
        at = self.at
        line = self.lines[at]
        peeked = (at, False) if line and "#" not in line else self.peek()
        inner = " " * (indent + 2)
        if peeked is None:
            return False  # a null, written as the key alone
        line = self.lines[peeked[0]]
        if not line.startswith(inner):
            return False
        if line.startswith("- ", indent + 2):
            self.sequence(indent + 2, known.items, known.spaced, known.flow, peeked)
            return True
        if line[indent + 2] == " ":
            raise _NotCanonical
        self.mapping(indent + 2, known.inner, inner, False, peeked)
        return False

    def sequence(
        self,
        indent: int,
        kind: Shape | Choice | None,
        spaced: bool,
        flow: bool,
        peeked: tuple[int, bool],
        number: int = 0,
    ) -> None:
        """A block list whose entries begin at ``indent`` with ``- ``, the first on the content
        line ``peeked`` (``number`` of them already read)."""
        pad = " " * indent
        dash = pad + "- "
        lines, scalars = self.lines, self.scalars[False]
        entries = self.entries.get((indent, flow))
        if entries is None:
            entries = self.entries[indent, flow] = set()
        line_number, blank_before = peeked
        while True:
            line = lines[line_number]
            if "#" in line:
                line = self.content(line_number)
            if line in entries:  # read before: ``dash`` and a scalar as fmt writes it
                if blank_before != (spaced and number > 0):
                    raise _NotCanonical
                self.at = line_number + 1
            else:
                if not line.startswith(dash):
                    if number == 0 or (line.startswith(pad) and line[indent : indent + 1] == " "):
                        raise _NotCanonical
                    if line.startswith(pad) and line[indent:]:
                        raise _NotCanonical  # a key at the indentation of the list's entries
                    return
                if blank_before != (spaced and number > 0):
                    raise _NotCanonical
                if flow and line.startswith("{", indent + 2):
                    self.record(line[indent + 2 :], kind)
                    self.at = line_number + 1
                elif ":" in line and _KEY.match(line, indent + 2) is not None:  # (``_is_key``)
                    if flow:
                        raise _NotCanonical  # fmt writes a record of scalars as one flow mapping
                    self.mapping(indent + 2, kind, dash, blank_before, (line_number, blank_before))
                else:
                    # a scalar: " " and the scalar as fmt writes it, the form ``mapping`` looks up
                    after = line[indent + 1 :]
                    written = scalars.get(after)
                    if written is None:
                        written = scalars[after] = _written_as_fmt_writes(after[1:], False)
                    if not written:
                        raise _NotCanonical
                    entries.add(line)
                    self.at = line_number + 1
            number += 1
            at = self.at
            line = lines[at]
            if line and "#" not in line:
                line_number = at
                blank_before = False
            else:
                peeked_next = self.peek()
                if peeked_next is None:
                    return
                line_number, blank_before = peeked_next

    def record(self, body: str, kind: Shape | Choice | None) -> None:
        """A list entry written as one flow mapping of scalars: ``{key: value, …}``."""
        if not body.endswith("}") or len(body) < 3:
            raise _NotCanonical
        inner = body[1:-1]
        names: list[str] = []
        position = 0
        while True:
            colon = inner.find(": ", position)
            if colon < 0:
                raise _NotCanonical
            name = inner[position:colon]
            position = colon + 2
            if inner.startswith('"', position):
                end = inner.find('"', position + 1) + 1
                if end == 0:
                    raise _NotCanonical
            else:
                end = inner.find(",", position)
                end = len(inner) if end < 0 else end
            if not self.scalar(name, True) or not self.scalar(inner[position:end], True):
                raise _NotCanonical
            names.append(name)
            position = end
            if position == len(inner):
                break
            if not inner.startswith(", ", position):
                raise _NotCanonical
            position += 2
        shape = kind.pick(names) if isinstance(kind, Choice) else kind
        if shape is None or len(set(names)) != len(names):
            raise _NotCanonical
        keys = self.keys(shape)[0]
        fields = {field.name for field in shape.fields}
        ranks = [keys[name].rank for name in names if name in fields]
        if len(ranks) != len(names) or ranks != sorted(ranks):
            raise _NotCanonical

    def scalar(self, written: str, flow: bool) -> bool:
        """Whether ``written`` is a scalar as fmt writes the value YAML reads from it."""
        known = self.scalars[flow]
        found = known.get(written)
        if found is None:
            found = known[written] = _written_as_fmt_writes(written, flow)
        return found

    def _keys_ahead(self, number: int, start: str, pad: str, choice: Choice) -> list[str]:
        """The keys of the mapping starting on line ``number`` that decide its shape: those on
        the lines of keys that follow one another from there (a key written after a nested value
        cannot be ``choice.key`` in fmt's order, which puts it after every key it goes with)."""
        if choice.otherwise.field(choice.key) is not None:
            raise _NotCanonical
        first = self.content(number)[len(start) :]
        found = [first.split(":", 1)[0]]
        lines = self.lines
        for following in range(number + 1, self.end):
            line = lines[following]
            if not line.startswith(pad) or not _is_key(line[len(pad) :]):
                break
            found.append(line[len(pad) :].split(":", 1)[0])
        return found


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*:(?: |\Z)")


def _is_key(text: str) -> bool:
    """Whether a line (past its indentation and dashes) begins with a key: ``name:``."""
    return _KEY.match(text) is not None


# An ID of the decision's numbering ("II.13.4"): a Roman numeral, then numbers after dots. No
# YAML 1.1 resolver takes such a text for anything but text, and fmt writes it plain, as it is
# (``tests/test_fmt_quick.py`` holds every such ID to the full answer): the 100,000 IDs of a
# large plan are told so without the resolver (issue 23, fourth round).
_NUMBERED = re.compile(r"[IVXLCDM]+(?:\.[0-9]+)+")


def _written_as_fmt_writes(written: str, flow: bool) -> bool:
    if _NUMBERED.fullmatch(written):
        return True
    return _written_as_fmt_writes_slowly(written, flow)


def _written_as_fmt_writes_slowly(written: str, flow: bool) -> bool:
    if not written or written.startswith("- "):  # (a list's entry: never a scalar fmt writes)
        return False
    if written[0] == '"':
        inner = written[1:-1]
        if len(written) < 2 or written[-1] != '"' or '"' in inner or "\\" in inner:
            return False
        return scalar_text(inner, flow=flow) == written
    tag = _RESOLVER.resolve(ScalarNode, written, (True, False))  # type: ignore[no-untyped-call]
    if tag == STR:
        return scalar_text(written, flow=flow) == written
    return scalar_text(written, tag, plain=True, flow=flow) == written
