"""The canonical layout of plan and units files (``parplan fmt``), so that every change to the
plan is a small, readable git diff.

Why one module past 500 lines: one writer for one layout: every rule below is a branch of the
same emitter, and splitting them would scatter the layout's single description (the comments'
places are in ``io/fmt_comments.py``, a scalar's writing in ``io/fmt_scalars.py``). Its speed on a
plan of 100,000 items (a million lines) is part of that writer: the nodes are walked once, each
scalar's rendering is remembered by value, comments are looked for only where a '#' is, and a
file already formatted is compared a piece at a time as it is written, never copied whole.

The layout:

* keys in the order of ``parplan.checks.schema`` (id, title, product, lead, support, deadline, after, …,
  then the recorded progress); keys the schema does not know follow, in their written order;
* block lists, indented two spaces under their key; ``progress`` entries stay one flow mapping
  per line (``- {milestone: Tháng 3/2025, done: 2025-03-20, evidence: …}``);
* every scalar on one line, plain unless YAML needs quotes (then double quotes, with escapes); a
  plain scalar that YAML reads as a date, number or boolean (``2025-03-01``, ``on``) keeps its
  text, since that text is what gives it its type;
* one blank line between sections, tasks, units and groups (and after such a list);
* text in NFC, LF line ends, no trailing spaces, no byte-order mark, one final newline.

Comments are kept: a comment on its own line stays before the key or list entry that follows
it (at that line's indentation), a comment at the end of a line stays at the end of the line of
the key or entry it follows. Blank lines other than the ones above are not kept.

Formatting only rearranges: the result is checked to compose to the same YAML (same values, same
types, keys reordered) with the same comments, else nothing is returned (``CannotFormat``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.checks.schema import Choice, Shape, file_shape
from parplan.core.model import ERROR, Diagnostic, Source
from parplan.core.text import nfc
from parplan.io.fmt_comments import (
    Anchor,
    _anchors_within,
    _attach,
    _Attached,
    _beyond_first_anchor,
    _Comment,
    _entry,
    _find_comments,
    _hashes,
    _key,
    _quoted_scalars,
)
from parplan.io.fmt_keys import _Keys
from parplan.io.fmt_quick import canonical_text
from parplan.io.fmt_scalars import STR
from parplan.io.fmt_scalars import _plain_allowed as _plain_allowed  # tests/test_fmt.py
from parplan.io.fmt_scalars import scalar_text as scalar_text  # every writer of plan lines
from parplan.io.loader import Document, empty_file, parse_document, read_document
from parplan.io.reading import read_file

NULL = "tag:yaml.org,2002:null"
_DEFAULT_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")

UNSUPPORTED = "fmt-unsupported"  # a diagnostic code of this module only; args: {"what": …}


class CannotFormat(Exception):
    """The text cannot be formatted; ``problems`` say why and where."""

    def __init__(self, problems: tuple[Diagnostic, ...]) -> None:
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Result:
    """A file and its canonical text. ``after`` is None when it cannot be formatted."""

    path: Path
    before: bytes | None
    after: str | None
    problems: tuple[Diagnostic, ...] = ()
    # issue 23: ``after`` is known to be the text of ``before`` (``fmt_quick`` proved it), so
    # ``changed`` need not encode the whole text again to compare (0.1 s at 100,000 items)
    proved: bool = False

    @property
    def changed(self) -> bool:
        if self.proved:
            return False
        return self.after is not None and self.after.encode("utf-8") != self.before


def format_file(path: str | Path) -> Result:
    """Read a file and compute its canonical text; nothing is written."""
    path = Path(path)
    try:
        raw = read_file(path)
    except OSError:
        return Result(path, None, None, read_document(path).problems)

    text = canonical_text(raw)  # issue 23: a file already in the layout, proved without YAML
    if text is not None:
        return Result(path, raw, text, proved=True)
    try:
        document = parse_document(str(path), raw)
        if document.root is None and not document.problems:
            # An empty file is no plan: say so rather than "unchanged" (issue 8).

            return Result(path, raw, None, (empty_file(str(path)),))
        return Result(path, raw, format_document(document))
    except CannotFormat as error:
        return Result(path, raw, None, error.problems)


def format_again(result: Result) -> Result:
    """The file of ``result`` formatted as it is now: ``result`` itself while the file holds the
    bytes it was made from (the canonical text depends on those bytes alone), else anew."""
    try:
        unchanged = result.before is not None and result.path.read_bytes() == result.before
    except OSError:
        unchanged = False
    return result if unchanged else format_file(result.path)


def format_text(text: str, name: str = "<text>") -> str:
    """The canonical form of a YAML text (raises ``CannotFormat``)."""
    return format_document(parse_document(name, text.encode("utf-8")))


def format_document(document: Document) -> str:
    """The canonical form of a parsed file (raises ``CannotFormat``)."""
    if document.problems or document.text is None:
        raise CannotFormat(document.problems)
    text, root = document.text, document.root
    hashes = _hashes(text)
    if root is None:  # empty, or comments only
        return "".join(c.text + "\n" for c in _find_comments(text, hashes, []))
    shape = file_shape(_keys(root)) if isinstance(root, MappingNode) else None
    if _beyond_first_anchor(hashes, root):
        comments, formatted = _placing_comments(document.path, text, root, shape, hashes)
    else:
        comments, formatted = _comparing(document.path, text, root, shape, hashes)
    if formatted is None:  # the text it was read from needs no reading back
        return text
    _check_same(document, comments, formatted)
    return formatted


def _placing_comments(
    path: str, text: str, root: Node, shape: Shape | None, hashes: list[tuple[int, int, int]]
) -> tuple[list[_Comment], str | None]:
    """The comments and the formatted text (None if it is ``text``) when comments are to be
    placed among the keys: the lines are kept, then the comments placed."""
    writer = _Writer(path, None)
    writer.value(root, 0, shape)
    comments = _find_comments(text, hashes, writer.quoted)
    return comments, _joined_unless_same(writer.render(comments), text)


def _comparing(
    path: str, text: str, root: Node, shape: Shape | None, hashes: list[tuple[int, int, int]]
) -> tuple[list[_Comment], str | None]:
    """The comments and the formatted text (None if it is ``text``) when every comment is at
    the top of the file, before any scalar: the lines are compared with ``text`` as they come."""
    comments = _find_comments(text, hashes, [])
    output = _Output(text, [comment.text for comment in comments])
    _Writer(path, output).value(root, 0, shape)
    return comments, output.text()


class _Output:
    """The canonical text, line by line as it is written, compared with the text it was read
    from a few thousand lines at a time: while the two agree nothing is kept but the place
    reached, so that formatting a file already formatted (``fmt --check``) never holds a
    second copy of it."""

    def __init__(self, original: str, leading: list[str]) -> None:
        self.original = original
        self.position = 0  # the lines compared so far are original[:position]
        self.lines = leading  # the lines written since, without line ends
        self.differs = False  # a piece was not the original's: every line from it is kept

    def line(self, start: str, text: str, anchors: object, blank: bool) -> None:
        """Write a line (``_Writer.line``; no comment is placed, so its anchors are not kept)."""
        lines = self.lines
        lines.append(("\n" + start if blank and (lines or self.position) else start) + text)
        if len(lines) >= _PIECE and not self.differs:
            piece = "\n".join(lines) + "\n"
            if self.original.startswith(piece, self.position):
                self.position += len(piece)
                lines.clear()
            else:
                self.differs = True

    def text(self) -> str | None:
        """The text written; None when it is the original."""
        piece = "\n".join(self.lines) + "\n" if self.lines else ""
        end = self.position + len(piece)
        same = not self.differs and end == len(self.original)
        if same and self.original.startswith(piece, self.position):
            return None
        return self.original[: self.position] + piece


_PIECE = 4096  # lines compared at a time


def _joined_unless_same(lines: list[str], text: str) -> str | None:
    """The lines as one text, each ended by a line feed; None when that is ``text``.

    Compared a few thousand lines at a time, so that a file already formatted is not copied
    whole."""
    position = 0
    for start in range(0, len(lines), _PIECE):
        piece = "\n".join(lines[start : start + _PIECE]) + "\n"
        if not text.startswith(piece, position):
            rest = lines[start + _PIECE :]
            return "".join((text[:position], piece, *(line + "\n" for line in rest)))
        position += len(piece)
    return None if position == len(text) else text[:position]


# ---------------------------------------------------------------------------------------------
# Lines


@dataclass(frozen=True)
class _Lead:
    """What the first line of a block starts with in place of its indentation: the dashes of the
    list entries that begin with it (``- - ``), their anchors, and whether a blank line goes
    before it."""

    text: str
    anchors: list[Anchor]
    blank: bool


class _Writer:
    """Nodes → lines in the canonical layout, each line final when written.

    Lines go to an ``_Output`` (compared with the file as they come), or, when comments are to
    be placed among them, are kept as indented strings in lists with the keys and list entries
    of each line (``anchors``): a plan of 100,000 items has a million lines.
    """

    def __init__(self, path: str, output: _Output | None) -> None:
        self.path = path
        # Where each line goes: to the output, or kept here for comments to be placed among them.
        self.line = output.line if output is not None else self.keep
        self.open: set[int] = set()  # nodes being written: a node inside itself is an error
        self.lines: list[str] = []  # without output: with their indentation, without line end
        self.pads: list[str] = []  # each line's indentation, for the comments placed before it
        self.blank: set[int] = set()  # the lines a blank line goes before
        self.anchors: list[list[Anchor]] | None = None if output is not None else []
        # Every scalar a '#' may be inside of, for comments (see _quoted_scalars)
        self.quoted: list[ScalarNode] = []
        self._keys: dict[int, _Keys] = {}  # by id() of a shape, which the schema keeps alive
        # A scalar as fmt writes it, by (value, tag, written plain, in a flow mapping): plans repeat
        # dates, units and deadline texts on every item, and deciding quotes costs ~10 µs each.
        # Strings, most scalars, by their value alone (their style does not change how).
        self._scalars: dict[tuple[str, str, bool, bool], str] = {}
        self._strings: dict[bool, dict[str, str]] = {False: {}, True: {}}

    # -- output

    def keep(self, start: str, text: str, anchors: list[Anchor] | None, blank: bool) -> None:
        """Write a line: ``start`` is its indentation, or the lead that takes its place."""
        assert self.anchors is not None
        if blank:
            self.blank.add(len(self.lines))
        self.lines.append(start + text)
        self.anchors.append(anchors or [])
        self.pads.append(start[: len(start) - len(start.lstrip(" "))])

    def render(self, comments: list[_Comment]) -> list[str]:
        """The lines of the text (without line ends): the written lines, blank lines, and the
        comments where they belong. The writer's own lines are used up."""
        lines, anchors = self.lines, self.anchors
        if anchors is None:  # every comment is before the first key: the top of the file
            attached = _Attached(leading=[comment.text for comment in comments])
        else:  # the anchors are in the order of the text, or nearly: sorting them is quick
            attached = _attach(comments, sorted(a for found in anchors for a in found))
        before: dict[int, list[str]] = {}  # comment lines, by the line they go before
        wanted = attached.before.keys() | attached.after.keys()
        for number, found in enumerate(anchors if wanted and anchors is not None else ()):
            if wanted.isdisjoint(found):
                continue
            pad = self.pads[number]
            above = [pad + comment for a in found for comment in attached.before.pop(a, ())]
            ends = [comment for a in found for comment in attached.after.pop(a, ())]
            if above:
                before[number] = above
            if ends:
                lines[number] += "  " + " ".join(ends)
        for number in self.blank:  # a blank line goes before the line's comments
            if number > 0 or attached.leading:
                if number in before:
                    before[number][0] = "\n" + before[number][0]
                else:
                    lines[number] = "\n" + lines[number]
        out, start = attached.leading, 0
        for number in sorted(before):
            out += lines[start:number]
            out += before[number]
            start = number
        out += lines[start:] if start else lines
        out += attached.trailing
        return out

    # -- nodes

    def value(
        self, node: Node, indent: int, kind: Shape | Choice | None, lead: _Lead | None = None
    ) -> None:
        """The lines of a node written at ``indent`` (a scalar or collection on its own)."""
        if isinstance(node, (MappingNode, SequenceNode)) and node.value:
            if isinstance(node, MappingNode):
                self.mapping(node, indent, kind, lead)
            else:
                self.sequence(node, indent, kind, spaced=False, flow=False, lead=lead)
            return
        start, anchors, blank = (
            (lead.text, lead.anchors, lead.blank) if lead else (" " * indent, [], False)
        )
        if isinstance(node, ScalarNode):
            anchors = [*anchors, _entry(node)]
            self.line(start, self.scalar(node, flow=False), anchors, blank)
        else:
            self.line(start, self.empty(node), anchors, blank)

    def empty(self, node: Node) -> str:
        if node.tag not in _DEFAULT_COLLECTION_TAGS:
            raise self.unsupported(node, "tag")
        return "{}" if isinstance(node, MappingNode) else "[]"

    def _enter(self, node: Node) -> None:
        if id(node) in self.open:
            raise self.unsupported(node, "recursive")
        if node.tag not in _DEFAULT_COLLECTION_TAGS:
            raise self.unsupported(node, "tag")
        self.open.add(id(node))

    def keys(self, shape: Shape | None) -> _Keys:
        found = self._keys.get(id(shape))
        if found is None:
            found = self._keys[id(shape)] = _Keys(shape)
        return found

    def ordered(self, node: MappingNode, keys: _Keys) -> list[tuple[ScalarNode, Any]]:
        """A mapping's pairs in the shape's order; keys it does not know last, as written.
        Its keys are scalars (checked by the caller); its values any node, as PyYAML types them."""
        if not keys.ordered:
            return list(node.value)
        return sorted(node.value, key=lambda pair: keys[pair[0].value].rank)

    def mapping(
        self, node: MappingNode, indent: int, kind: Shape | Choice | None, lead: _Lead | None = None
    ) -> None:
        self._enter(node)
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                raise self.unsupported(key, "key")
        shape = kind.pick(_keys(node)) if isinstance(kind, Choice) else kind
        keys = self.keys(shape)
        pad = " " * indent
        start, lead_anchors, blank = (
            (lead.text, lead.anchors, lead.blank) if lead else (pad, [], False)
        )
        anchored = self.anchors is not None
        for key, value in self.ordered(node, keys):
            known = keys[key.value]
            if key.tag == STR and not key.style:
                head = known.head
            else:
                head = self.scalar(key, flow=False) + ":"
            anchors = [*lead_anchors, _key(key)] if anchored else None
            if isinstance(value, ScalarNode):
                text = self.scalar(value, flow=False)
                self.line(start, f"{head} {text}" if text else head, anchors, blank)
            elif not value.value:
                self.line(start, f"{head} {self.empty(value)}", anchors, blank)
            elif isinstance(value, MappingNode):
                self.line(start, head, anchors, blank)
                self.mapping(value, indent + 2, known.inner)
            else:
                self.line(start, head, anchors, blank)
                self.sequence(value, indent + 2, known.items, spaced=known.spaced, flow=known.flow)
            start, lead_anchors = pad, []
            blank = known.blank_after and isinstance(value, SequenceNode)
        self.open.discard(id(node))

    def sequence(
        self,
        node: SequenceNode,
        indent: int,
        kind: Shape | Choice | None,
        *,
        spaced: bool,
        flow: bool,
        lead: _Lead | None = None,
    ) -> None:
        self._enter(node)
        pad = " " * indent
        start, lead_anchors, blank = (
            (lead.text, lead.anchors, lead.blank) if lead else (pad, [], False)
        )
        anchored = self.anchors is not None
        for number, entry in enumerate(node.value):
            blank = blank or (spaced and number > 0)
            where = [*lead_anchors, _entry(entry)] if anchored else []
            if flow and self._flat(entry):
                text = self.flow_mapping(entry, kind)
                if anchored:
                    where += _anchors_within(entry)
                self.line(start, f"- {text}", where, blank)
            elif isinstance(entry, ScalarNode):
                text = self.scalar(entry, flow=False)
                self.line(start, f"- {text}" if text else "-", where, blank)
            else:  # the entry's own first line starts with the dash
                self.value(entry, indent + 2, kind, _Lead(start + "- ", where, blank))
            start, lead_anchors, blank = pad, [], False
        self.open.discard(id(node))

    @staticmethod
    def _flat(node: Node) -> bool:
        """A mapping of scalars with plain tags: it can be written as one flow mapping."""
        return (
            isinstance(node, MappingNode)
            and node.tag in _DEFAULT_COLLECTION_TAGS
            and bool(node.value)
            and all(isinstance(k, ScalarNode) and isinstance(v, ScalarNode) for k, v in node.value)
        )

    def flow_mapping(self, node: MappingNode, kind: Shape | Choice | None) -> str:
        shape = kind.pick(_keys(node)) if isinstance(kind, Choice) else kind
        parts = [
            f"{self.scalar(k, flow=True)}: {self.scalar(v, flow=True)}"
            for k, v in self.ordered(node, self.keys(shape))
        ]
        return "{" + ", ".join(parts) + "}"

    def scalar(self, node: ScalarNode, *, flow: bool) -> str:
        style = node.style
        if style or node.start_mark.line != node.end_mark.line:
            self.quoted.append(node)
        if node.tag == STR:
            strings = self._strings[flow]
            found = strings.get(node.value)
            if found is None:
                found = strings[node.value] = scalar_text(nfc(node.value), flow=flow)
            return found
        plain = style in (None, "")
        remembered = (node.value, node.tag, plain, flow)
        found = self._scalars.get(remembered)
        if found is None:
            found = scalar_text(nfc(node.value), node.tag, plain=plain, flow=flow)
            self._scalars[remembered] = found
        return found

    def unsupported(self, node: Node, what: str) -> CannotFormat:
        where = Source(self.path, node.start_mark.line + 1, node.start_mark.column + 1)
        return CannotFormat((Diagnostic(where, ERROR, UNSUPPORTED, {"what": what}),))


# ---------------------------------------------------------------------------------------------
# The safety net


def _check_same(document: Document, comments: list[_Comment], text: str) -> None:
    """The formatted text must compose to the same data, with the same comments."""
    again = parse_document(document.path, text.encode("utf-8"))
    hashes = _hashes(text)
    quoted = _quoted_scalars(again.root) if hashes else []
    same = (
        again.root is not None
        and not again.problems
        and _same_data(document.root, again.root)
        and Counter(c.text for c in _find_comments(text, hashes, quoted))
        == Counter(c.text for c in comments)
    )
    if not same:
        where = Source(document.path, 1, 1)
        raise CannotFormat((Diagnostic(where, ERROR, UNSUPPORTED, {"what": "internal"}),))


def _same_data(first: Node | None, second: Node) -> bool:
    """Whether two trees hold the same data: the same kinds of node with the same tags, scalars
    alike in NFC (nulls alike whatever their text), lists in order, mappings with the same pairs
    in any order (fmt reorders keys). Walked side by side, without building either's data."""
    stack: list[tuple[Node | None, Node]] = [(first, second)]
    while stack:
        one, other = stack.pop()
        if type(one) is not type(other) or one is None or one.tag != other.tag:
            return False
        if isinstance(one, ScalarNode):
            if one.tag != NULL and one.value != other.value and nfc(one.value) != nfc(other.value):
                return False
        elif len(one.value) != len(other.value):
            return False
        elif isinstance(one, SequenceNode):
            stack.extend(zip(one.value, other.value, strict=True))
        elif isinstance(one, MappingNode) and isinstance(other, MappingNode):
            mine, theirs = _by_key(one), _by_key(other)
            if mine is None or theirs is None:  # a key written twice, or not a scalar
                if _signature(one) != _signature(other):
                    return False
            elif mine.keys() != theirs.keys():
                return False
            else:
                stack.extend((value, theirs[key]) for key, value in mine.items())
        else:
            return False
    return True


def _by_key(node: MappingNode) -> dict[tuple[str, str], Node] | None:
    """A mapping's values by the data of their keys (tag, NFC text); None unless every key is a
    scalar and no two are the same."""
    if not all(isinstance(key, ScalarNode) for key, _ in node.value):
        return None
    values = {
        (key.tag, "" if key.tag == NULL else nfc(key.value)): value for key, value in node.value
    }
    return values if len(values) == len(node.value) else None


def _signature(node: Node | None) -> object:
    """The data of a node, with key order left out (fmt reorders keys) and text in NFC: a
    mapping's pairs are a multiset (pair → count)."""
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, "" if node.tag == NULL else nfc(node.value))
    if isinstance(node, SequenceNode):
        return ("list", node.tag, tuple(_signature(entry) for entry in node.value))
    if isinstance(node, MappingNode):
        pairs = Counter((_signature(k), _signature(v)) for k, v in node.value)
        return ("map", node.tag, frozenset(pairs.items()))
    return None


def _keys(node: MappingNode) -> list[str]:
    return [nfc(k.value) for k, _ in node.value if isinstance(k, ScalarNode)]
