"""The comments of a plan or units file, for ``parplan fmt``: where a comment may begin (a '#'
outside any quoted text), and to which mapping key or list entry each is attached, so that fmt
writes it back beside what it was written beside.

Split from ``io/fmt.py`` (issue 22's module sizes).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.text import nfc

# Where YAML (and so the nodes' marks) breaks lines: CRLF, CR, LF, NEL, LS, PS.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")

# Where a comment can be attached: a mapping key or a list entry, by its 0-based line and column
# (as in the nodes' marks), then 0 for an entry and 1 for a key: a list entry that is a mapping
# starts where its first key does, and the entry comes first.
Anchor = tuple[int, int, int]


@dataclass(frozen=True)
class _Comment:
    position: tuple[int, int]  # 0-based line and column
    text: str  # from the '#', NFC, without trailing spaces
    own_line: bool  # nothing but spaces before it on its line


# Where YAML breaks lines; a '#' after one of these, a space or a tab (or first in the text) may
# begin a comment. Inside a plain scalar there is none (such a '#' ends it); inside a quoted or
# block scalar there may be.
_BREAKS = "\r\n\x85\u2028\u2029"
_BEFORE_COMMENT = frozenset(" \t" + _BREAKS)


def _hashes(text: str) -> list[tuple[int, int, int]]:
    """Where a comment may begin: the offset, 0-based line and column of every such '#'.

    Lines are counted as YAML counts them (CRLF is one break), from one '#' to the next, so a
    text without a '#' is read once, by ``str.find``."""
    found: list[tuple[int, int, int]] = []
    line = line_start = last = 0
    at = text.find("#")
    while at >= 0:
        if at == 0 or text[at - 1] in _BEFORE_COMMENT or _after_line_bom(text, at):
            # A '#' is never inside a CRLF, so no break is cut in two by these bounds.
            line += sum(text.count(char, last, at) for char in _BREAKS)
            line -= text.count("\r\n", last, at)
            line_start = max(line_start, *(text.rfind(char, last, at) + 1 for char in _BREAKS))
            found.append((at, line, at - line_start))
            last = at
        at = text.find("#", at + 1)
    return found


def _after_line_bom(text: str, at: int) -> bool:
    """Whether the character before ``at`` is a byte-order mark that begins a line: libyaml
    (PyYAML's C loader, which parplan reads with) skips one there, and a '#' after it begins a
    comment. The mark is not written back."""
    return text[at - 1] == "\ufeff" and (at == 1 or text[at - 2] in _BREAKS)


def _find_comments(
    text: str, hashes: list[tuple[int, int, int]], quoted: list[ScalarNode]
) -> list[_Comment]:
    """Every comment of the text: the first '#' of ``hashes`` on its line that is outside the
    ``quoted`` scalars (``_quoted_scalars``; any other plain one holds no such '#')."""
    if not hashes:
        return []
    lines = {line for _, line, _ in hashes}
    covered: dict[int, list[tuple[int, float]]] = {}
    for node in quoted:
        start_line, start_column = node.start_mark.line, node.start_mark.column
        if node.style in ("|", ">"):  # the header line may end with a comment
            start_line, start_column = start_line + 1, 0
        end_line, end_column = node.end_mark.line, node.end_mark.column
        for line_number in lines.intersection(range(start_line, end_line + 1)):
            low = start_column if line_number == start_line else 0
            high = end_column if line_number == end_line else float("inf")
            covered.setdefault(line_number, []).append((low, high))
    # Quoted scalars do not overlap: by their starts, the one a column may be inside is the last
    # to start at or before it (a search, not a scan: one line may hold thousands of them).
    starts: dict[int, list[int]] = {}
    for line_number, line_spans in covered.items():
        line_spans.sort()
        starts[line_number] = [low for low, _high in line_spans]
    found: list[_Comment] = []
    commented = -1  # the line of the last comment found: the rest of that line is its text
    for at, line, column in hashes:
        if line == commented:
            continue
        spans = covered.get(line)
        if spans:
            inside = bisect_right(starts[line], column) - 1
            if inside >= 0 and column < spans[inside][1]:
                continue
        end = _LINE_BREAK.search(text, at)
        rest = text[at : end.start() if end else len(text)]
        before = text[at - column : at].removeprefix("\ufeff")  # see _after_line_bom
        found.append(_Comment((line, column), nfc(rest).rstrip(), not before.strip()))
        commented = line
    return found


def _beyond_first_anchor(hashes: list[tuple[int, int, int]], root: Node) -> bool:
    """Whether a comment may follow the first key or list entry, and so be attached to one
    (a comment before it stays at the top of the file, wherever the keys go)."""
    if isinstance(root, ScalarNode):
        first: Node = root
    elif root.value:
        first = root.value[0][0] if isinstance(root, MappingNode) else root.value[0]
    else:
        return False
    position = (first.start_mark.line, first.start_mark.column)
    return any((line, column) > position for _, line, column in hashes)


def _quoted_scalars(root: Node | None) -> list[ScalarNode]:
    """The scalars of a tree a '#' of a comment's shape may be inside of: those written other
    than plain, and plain ones over several lines (a line of one may begin with a byte-order
    mark and a '#', which is then part of the value: see ``_after_line_bom``)."""
    out: list[ScalarNode] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            if node.style or node.start_mark.line != node.end_mark.line:
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


def _entry(node: Node) -> Anchor:
    return (node.start_mark.line, node.start_mark.column, 0)


def _key(node: Node) -> Anchor:
    return (node.start_mark.line, node.start_mark.column, 1)
