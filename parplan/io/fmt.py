"""The canonical layout of plan and units files (``parplan fmt``), so that every change to the
plan is a small, readable git diff.

Why one module past 500 lines: one writer for one layout: every rule above is a branch of the
same emitter, and splitting them would scatter the layout's single description.

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

import io
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from yaml.emitter import Emitter
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from parplan.checks.schema import Choice, Shape, file_shape
from parplan.core.model import ERROR, Diagnostic, Source
from parplan.core.text import nfc
from parplan.io.loader import Document, parse_document, read_document

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
_DEFAULT_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_YAML_TAGS = "tag:yaml.org,2002:"

# Where YAML (and so the nodes' marks) breaks lines: CRLF, CR, LF, NEL, LS, PS.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
UNSUPPORTED = "fmt-unsupported"  # a diagnostic code of this module only; args: {"what": …}

_ANALYZER = Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = Resolver()

# Where a comment can be attached: a mapping key or a list entry, by its 0-based line and column
# (as in the nodes' marks), then 0 for an entry and 1 for a key: a list entry that is a mapping
# starts where its first key does, and the entry comes first.
Anchor = tuple[int, int, int]


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

    @property
    def changed(self) -> bool:
        return self.after is not None and self.after.encode("utf-8") != self.before


def format_file(path: str | Path) -> Result:
    """Read a file and compute its canonical text; nothing is written."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return Result(path, None, None, read_document(path).problems)
    try:
        document = parse_document(str(path), raw)
        if document.root is None and not document.problems:
            # An empty file is no plan: say so rather than "unchanged" (issue 8).
            from parplan.io.loader import empty_file

            return Result(path, raw, None, (empty_file(str(path)),))
        return Result(path, raw, format_document(document))
    except CannotFormat as error:
        return Result(path, raw, None, error.problems)


def format_text(text: str, name: str = "<text>") -> str:
    """The canonical form of a YAML text (raises ``CannotFormat``)."""
    return format_document(parse_document(name, text.encode("utf-8")))


def format_document(document: Document) -> str:
    """The canonical form of a parsed file (raises ``CannotFormat``)."""
    if document.problems or document.text is None:
        raise CannotFormat(document.problems)
    comments = _find_comments(document.text, document.root)
    if document.root is None:  # empty, or comments only
        return "".join(c.text + "\n" for c in comments)
    writer = _Writer(document.path)
    root = document.root
    shape = file_shape(_keys(root)) if isinstance(root, MappingNode) else None
    lines = writer.value(root, 0, shape)
    text = _render(lines, comments)
    if text != document.text:  # the text it was read from needs no reading back
        _check_same(document, comments, text)
    return text


# ---------------------------------------------------------------------------------------------
# Comments


@dataclass(frozen=True)
class _Comment:
    position: tuple[int, int]  # 0-based line and column
    text: str  # from the '#', NFC, without trailing spaces
    own_line: bool  # nothing but spaces before it on its line


def _find_comments(text: str, root: Node | None) -> list[_Comment]:
    """Every comment of the text: a '#' at a line's start or after a space, outside scalars."""
    lines = _LINE_BREAK.split(text)
    covered: dict[int, list[tuple[int, float]]] = {}
    for node in _scalars(root):
        start_line, start_column = node.start_mark.line, node.start_mark.column
        if node.style in ("|", ">"):  # the header line may end with a comment
            start_line, start_column = start_line + 1, 0
        end_line, end_column = node.end_mark.line, node.end_mark.column
        for line_number in range(start_line, end_line + 1):
            low = start_column if line_number == start_line else 0
            high = end_column if line_number == end_line else float("inf")
            covered.setdefault(line_number, []).append((low, high))
    found: list[_Comment] = []
    for number, line in enumerate(lines):
        spans = covered.get(number, [])
        for column, char in enumerate(line):
            if char != "#" or (column > 0 and line[column - 1] not in " \t"):
                continue
            if any(low <= column < high for low, high in spans):
                continue
            found.append(
                _Comment((number, column), nfc(line[column:]).rstrip(), not line[:column].strip())
            )
            break
    return found


def _scalars(root: Node | None) -> list[ScalarNode]:
    out: list[ScalarNode] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            out.append(node)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return out


def _anchors_within(root: Node) -> list[Anchor]:
    """Every mapping key and list entry inside a node."""
    found: set[Anchor] = set()
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                found.add(_key(key))
                stack.extend((key, value))
        elif isinstance(node, SequenceNode):
            for entry in node.value:
                found.add(_entry(entry))
                stack.append(entry)
    return sorted(found)


@dataclass
class _Attached:
    """Comments by where they go: the top of the file, before or after an anchor's line, the end."""

    leading: list[str] = field(default_factory=list)
    before: dict[Anchor, list[str]] = field(default_factory=dict)
    after: dict[Anchor, list[str]] = field(default_factory=dict)
    trailing: list[str] = field(default_factory=list)


def _attach(comments: list[_Comment], anchors: list[Anchor]) -> _Attached:
    """A comment on its own line goes with the key or entry that follows it; one at the end of a
    line, with the last key or entry written before it (on that line, or above when it ends a
    scalar written over several lines). Comments before the first key stay at the top."""
    attached = _Attached()
    for comment in comments:
        line, column = comment.position
        previous = bisect_left(anchors, (line, column, -1)) - 1
        if previous < 0:
            attached.leading.append(comment.text)
        elif not comment.own_line:
            attached.after.setdefault(anchors[previous], []).append(comment.text)
        elif previous + 1 < len(anchors):
            attached.before.setdefault(anchors[previous + 1], []).append(comment.text)
        else:
            attached.trailing.append(comment.text)
    return attached


# ---------------------------------------------------------------------------------------------
# Lines


@dataclass
class _Line:
    indent: int
    text: str
    anchors: list[Anchor] = field(default_factory=list)
    blank: bool = False  # a blank line goes before this one


def _render(lines: list[_Line], comments: list[_Comment]) -> str:
    attached = _attach(comments, sorted({a for line in lines for a in line.anchors}))
    out: list[str] = list(attached.leading)
    for line in lines:
        if line.blank and out:
            out.append("")
        pad = " " * line.indent
        for anchor in line.anchors:
            out.extend(pad + text for text in attached.before.pop(anchor, ()))
        ends = [text for anchor in line.anchors for text in attached.after.pop(anchor, ())]
        out.append(pad + line.text + ("  " + " ".join(ends) if ends else ""))
    out.extend(attached.trailing)
    return "".join(text + "\n" for text in out)


class _Writer:
    """Nodes → lines in the canonical layout."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.open: set[int] = set()  # nodes being written: a node inside itself is an error

    def value(self, node: Node, indent: int, kind: Shape | Choice | None) -> list[_Line]:
        """The lines of a node written at ``indent`` (a scalar or collection on its own)."""
        if isinstance(node, ScalarNode):
            return [_Line(indent, self.scalar(node, flow=False), [_entry(node)])]
        if not node.value:
            return [_Line(indent, self.empty(node))]
        if isinstance(node, MappingNode):
            return self.mapping(node, indent, kind)
        assert isinstance(node, SequenceNode)
        return self.sequence(node, indent, kind, spaced=False, flow=False)

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

    def mapping(self, node: MappingNode, indent: int, kind: Shape | Choice | None) -> list[_Line]:
        self._enter(node)
        for key, _ in node.value:
            if not isinstance(key, ScalarNode):
                raise self.unsupported(key, "key")
        shape = kind.pick(_keys(node)) if isinstance(kind, Choice) else kind
        order = shape.order if shape is not None else ()
        rank = {name: number for number, name in enumerate(order)}
        pairs = sorted(node.value, key=lambda pair: rank.get(nfc(pair[0].value), len(order)))
        lines: list[_Line] = []
        blank_next = False
        for key, value in pairs:
            spec = shape.field(nfc(key.value)) if shape is not None else None
            child = spec.kind if spec is not None and not isinstance(spec.kind, str) else None
            head = self.scalar(key, flow=False) + ":"
            if isinstance(value, ScalarNode):
                text = self.scalar(value, flow=False)
                block = [_Line(indent, f"{head} {text}" if text else head, [_key(key)])]
            elif not value.value:
                block = [_Line(indent, f"{head} {self.empty(value)}", [_key(key)])]
            elif isinstance(value, MappingNode):
                inner = child if spec is None or not spec.many else None
                block = [_Line(indent, head, [_key(key)])]
                block += self.mapping(value, indent + 2, inner)
            else:
                many = spec is not None and spec.many
                block = [_Line(indent, head, [_key(key)])]
                block += self.sequence(
                    value,
                    indent + 2,
                    child if many else None,
                    spaced=spec is not None and spec.many and spec.spaced,
                    flow=spec is not None and spec.many and spec.flow,
                )
            block[0].blank = blank_next
            blank_next = spec is not None and spec.spaced and isinstance(value, SequenceNode)
            lines += block
        self.open.discard(id(node))
        return lines

    def sequence(
        self,
        node: SequenceNode,
        indent: int,
        kind: Shape | Choice | None,
        *,
        spaced: bool,
        flow: bool,
    ) -> list[_Line]:
        self._enter(node)
        lines: list[_Line] = []
        for number, entry in enumerate(node.value):
            where = _entry(entry)
            if flow and self._flat(entry):
                text = self.flow_mapping(entry, kind)
                block = [_Line(indent, f"- {text}", [where, *_anchors_within(entry)])]
            elif isinstance(entry, ScalarNode):
                text = self.scalar(entry, flow=False)
                block = [_Line(indent, f"- {text}" if text else "-", [where])]
            else:
                block = self.value(entry, indent + 2, kind)
                first = block[0]
                block[0] = _Line(indent, f"- {first.text}", [where, *first.anchors], first.blank)
            block[0].blank = block[0].blank or (spaced and number > 0)
            lines += block
        self.open.discard(id(node))
        return lines

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
        order = shape.order if shape is not None else ()
        rank = {name: number for number, name in enumerate(order)}
        pairs = sorted(node.value, key=lambda pair: rank.get(nfc(pair[0].value), len(order)))
        parts = [f"{self.scalar(k, flow=True)}: {self.scalar(v, flow=True)}" for k, v in pairs]
        return "{" + ", ".join(parts) + "}"

    def scalar(self, node: ScalarNode, *, flow: bool) -> str:
        return scalar_text(nfc(node.value), node.tag, plain=node.style in (None, ""), flow=flow)

    def unsupported(self, node: Node, what: str) -> CannotFormat:
        where = Source(self.path, node.start_mark.line + 1, node.start_mark.column + 1)
        return CannotFormat((Diagnostic(where, ERROR, UNSUPPORTED, {"what": what}),))


# ---------------------------------------------------------------------------------------------
# Scalars


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


def _plain_allowed(value: str, flow: bool) -> bool:
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


# ---------------------------------------------------------------------------------------------
# The safety net


def _check_same(document: Document, comments: list[_Comment], text: str) -> None:
    """The formatted text must compose to the same data, with the same comments."""
    again = parse_document(document.path, text.encode("utf-8"))
    same = (
        again.root is not None
        and not again.problems
        and _signature(again.root) == _signature(document.root)
        and Counter(c.text for c in _find_comments(text, again.root))
        == Counter(c.text for c in comments)
    )
    if not same:
        where = Source(document.path, 1, 1)
        raise CannotFormat((Diagnostic(where, ERROR, UNSUPPORTED, {"what": "internal"}),))


def _signature(node: Node | None) -> object:
    """The data of a node, with key order left out (fmt reorders keys) and text in NFC."""
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, "" if node.tag == NULL else nfc(node.value))
    if isinstance(node, SequenceNode):
        return ("list", node.tag, tuple(_signature(entry) for entry in node.value))
    if isinstance(node, MappingNode):
        pairs = [(_signature(k), _signature(v)) for k, v in node.value]
        return ("map", node.tag, tuple(sorted(pairs, key=repr)))
    return None


def _keys(node: MappingNode) -> list[str]:
    return [nfc(k.value) for k, _ in node.value if isinstance(k, ScalarNode)]


def _entry(node: Node) -> Anchor:
    return (node.start_mark.line, node.start_mark.column, 0)


def _key(node: Node) -> Anchor:
    return (node.start_mark.line, node.start_mark.column, 1)
