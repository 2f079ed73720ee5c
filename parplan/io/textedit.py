"""Edits of a plan's text, line by line: the pieces every recording command is made of.

``ledger`` (done, undo, met), ``worklog`` (log, late), ``measure`` (figures) and ``carry`` each
change a few lines of a YAML file and leave every other byte as it was. What they share is here,
as pure functions of the text: the lines split where YAML counts them (``split_lines``), the
nodes found by key (``pair``, ``value``), where a node's content ends (``last_line``), lines
inserted and removed with the file's own line ends (``insert_lines``, ``remove_lines``), an entry
appended to a block list (``entry_after``) written as one flow mapping (``flow_mapping``), and an
item located in both the model and the node tree (``Target``), with the ``Edit`` it gives.

Nothing here reads or writes a file: ``io.editing.apply_edit`` applies an edit under the lock.
``io.splice`` reads the edited lines with ``split_lines`` and compares data with ``data``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.model import Item
from parplan.core.text import nfc, visible
from parplan.io.errors import DataError

BOM = "\ufeff".encode()
# The line breaks YAML counts (and so the nodes' marks): CRLF, CR, LF, NEL, LS, PS.
_LINE = re.compile(
    r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029])|[^\r\n\x85\u2028\u2029]+"
)
_ENDING = re.compile(r"(?:\r\n|[\r\n\x85\u2028\u2029])\Z")

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Edit:
    """A change of the text: the new text and the lines added and removed (1-based numbers,
    in the new text for ``added`` and in the old one for ``removed``; lines without their ends).

    ``milestone`` is the number of the milestone concerned (None for a condition); ``picked``
    says it was chosen as the earliest open one rather than named.
    """

    text: str
    item_id: str
    added: tuple[tuple[int, str], ...] = ()
    removed: tuple[tuple[int, str], ...] = ()
    milestone: int | None = None
    picked: bool = False


# ---------------------------------------------------------------------------------------------
# Writing YAML scalars


def yaml_scalar(value: str, flow: bool = False) -> str:
    """``value`` as ``parplan fmt`` writes it (plain when YAML reads it back unchanged, else
    double-quoted), so that a recorded line is already in canonical form."""
    from parplan.io.fmt_scalars import scalar_text  # lazy: PyYAML's emitter, for writes only

    return scalar_text(value, flow=flow)


def flow_mapping(fields: Iterable[tuple[str, str | None]]) -> str:
    """Fields (already written as YAML) as one flow mapping, those without a value left out:
    ``{on: 2025-03-10, text: …}``, the line of a list entry."""
    return "{" + ", ".join(f"{key}: {value}" for key, value in fields if value is not None) + "}"


def clean_text(value: str | None) -> str | None:
    """A text typed by a person, as recorded: NFC, on one line, spaces collapsed; None if empty."""
    if value is None:
        return None
    value = " ".join(nfc(value).split())
    if not visible(value).strip():  # a zero-width space is not a document
        return None
    return value


# ---------------------------------------------------------------------------------------------
# Lines


def split_lines(text: str) -> list[str]:
    """The text's lines with their ends, split where YAML counts lines; they join back to it."""
    return _LINE.findall(text)


def ending(line: str) -> str:
    """The line's end (CRLF, LF, …), or "" for a last line without one."""
    found = _ENDING.search(line)
    return found.group() if found else ""


def content(line: str) -> str:
    """The line without its end."""
    return line[: len(line) - len(ending(line))]


def insert_lines(lines: list[str], after: int, new: list[str], eol: str) -> list[str]:
    """Lines ``new`` (without ends) inserted after line ``after``. A last line without a line
    end keeps the file ending without one, so that removing the lines gives the file back."""
    if ending(lines[after]):
        return [*lines[: after + 1], *(line + eol for line in new), *lines[after + 1 :]]
    return [
        *lines[:after],
        lines[after] + eol,
        *(line + eol for line in new[:-1]),
        new[-1],
        *lines[after + 1 :],
    ]


def remove_lines(lines: list[str], first: int, last: int) -> list[str]:
    """Lines ``first``..``last`` removed; the inverse of ``insert_lines``."""
    out = [*lines[:first], *lines[last + 1 :]]
    if not ending(lines[last]) and first > 0 and last == len(lines) - 1:
        out[first - 1] = content(out[first - 1])
    return out


def eol(lines: list[str], near: int) -> str:
    """The line end to write: that of the line we write after, else the file's first one."""
    if 0 <= near < len(lines) and ending(lines[near]):
        return ending(lines[near])
    for line in lines:
        if ending(line):
            return ending(line)
    return "\n"


def inserted(
    lines: list[str], after: int, new: list[str]
) -> tuple[list[str], tuple[tuple[int, str], ...]]:
    """Lines ``new`` inserted after line ``after`` with the line end written there: the lines,
    and the new ones with their (1-based) numbers, as an ``Edit`` lists them."""
    out = insert_lines(lines, after, new, eol(lines, after))
    return out, tuple((after + 2 + i, line) for i, line in enumerate(new))


def removed(
    lines: list[str], spans: Iterable[tuple[int, int]]
) -> tuple[list[str], tuple[tuple[int, str], ...]]:
    """The spans of lines (0-based, first and last) removed, adjacent or overlapping ones
    together: the lines, and the removed ones with their (1-based) numbers in the old text."""
    gone: list[tuple[int, str]] = []
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    for first, last in reversed(merged):
        gone[:0] = [(n + 1, content(lines[n])) for n in range(first, last + 1)]
        lines = remove_lines(lines, first, last)
    return lines, tuple(gone)


# ---------------------------------------------------------------------------------------------
# Nodes


def item_nodes(root: Node | None) -> dict[str, MappingNode]:
    """Each item's mapping node by ID: activities, and tasks without activities."""
    found: dict[str, MappingNode] = {}
    for section in entries(value(root, "sections")):
        for task in entries(value(section, "tasks")):
            activities = value(task, "activities")
            for node in entries(activities) if activities is not None else [task]:
                item_id = value(node, "id")
                if isinstance(node, MappingNode) and isinstance(item_id, ScalarNode):
                    found.setdefault(nfc(item_id.value).strip(), node)
    return found


def pair(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    """The key's node and its value's in a mapping node, or None."""
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and nfc(key_node.value) == key:
                return key_node, value_node
    return None


def value(node: Node | None, key: str) -> Node | None:
    """The value's node of the key in a mapping node, or None."""
    found = pair(node, key)
    return found[1] if found else None


def entries(node: Node | None) -> list[Node]:
    """The entries of a sequence node (none for anything else)."""
    return list(node.value) if isinstance(node, SequenceNode) else []


def last_line(node: Node, lines: list[str]) -> int:
    """The 0-based line of the node's last character of content.

    A block collection's end mark lies at the next token, past blank lines and comments, so the
    last child decides; a block scalar's end mark lies past its trailing blank lines.
    """
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return last_line(node.value[-1][1], lines)
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return last_line(node.value[-1], lines)
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    line = min(line, len(lines) - 1)
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return max(line, node.start_mark.line)


def entry_after(
    mapping: Node | None,
    key: str,
    entry: str,
    lines: list[str],
    owner: str,
    empty_key: bool = True,
) -> tuple[int, list[str]] | None:
    """Where and how ``- entry`` is appended to the block list under ``key`` of ``mapping``: the
    line to insert after and the new line; None when ``mapping`` has no ``key`` (the caller
    creates it where it belongs). ``key:`` with no value takes the entry as its first unless not
    ``empty_key``; any other value (a flow list, a scalar) is a layout the edit does not make
    (``ledger.layout``, naming ``owner``, the item's or target's ID)."""
    found = pair(mapping, key)
    if found is None:
        return None
    key_node, sequence = found
    if isinstance(sequence, SequenceNode) and not sequence.flow_style and sequence.value:
        return last_line(sequence, lines), [" " * sequence.start_mark.column + "- " + entry]
    if empty_key and isinstance(sequence, ScalarNode) and sequence.tag == NULL:
        # (an empty value's marks lie just past the key's colon: on the key's line)
        return key_node.start_mark.line, [" " * (key_node.start_mark.column + 2) + "- " + entry]
    raise DataError("ledger.layout", id=owner, line=key_node.start_mark.line + 1)


def data(node: Node | None) -> object:
    """The data of a node tree, read by the one loader (``parse_document``, which has refused
    tags, anchors and aliases): scalars as (tag, text), so that nothing is constructed."""
    if isinstance(node, MappingNode):
        return {_hashable(data(key)): data(child) for key, child in node.value}
    if isinstance(node, SequenceNode):
        return [data(child) for child in node.value]
    if isinstance(node, ScalarNode):
        return (node.tag, node.value)
    return None


def _hashable(found: object) -> object:
    if isinstance(found, dict):
        return tuple((key, _hashable(child)) for key, child in found.items())
    if isinstance(found, list):
        return tuple(_hashable(child) for child in found)
    return found


# ---------------------------------------------------------------------------------------------
# An item's lines


@dataclass(frozen=True)
class Target:
    """An item found in the model and in the node tree of the same text (``editing.locate_item``).

    ``lines`` are the text's lines; or, when only the item's lines were read
    (``splice.located``), empty strings up to the item's first line then the item's lines, with
    the rest of the text in ``head`` and ``tail``: the same line numbers either way."""

    item: Item
    node: MappingNode
    lines: list[str]
    head: str = ""
    tail: str = ""

    def text(self, lines: list[str]) -> str:
        """The whole text with ``lines`` (``lines`` edited) in place of ``self.lines``."""
        return self.head + "".join(lines) + self.tail

    def end_before(self, keys: tuple[str, ...]) -> int:
        """The line to write new keys after: before the first of ``keys`` the item has (to keep
        the canonical key order of ``parplan fmt``) and above the comment lines written right
        above that key (a comment belongs to the line it precedes, as ``fmt`` keeps it), else
        the item's last line."""
        for key_node, _value in self.node.value:
            if isinstance(key_node, ScalarNode) and key_node.value in keys:
                line = key_node.start_mark.line - 1
                while line > self.node.start_mark.line and self.lines[line].lstrip().startswith(
                    "#"
                ):
                    line -= 1
                return line
        return last_line(self.node, self.lines)

    def inserted(
        self, after: int, new: list[str], number: int | None = None, picked: bool = False
    ) -> Edit:
        """The edit that inserts ``new`` after line ``after`` (see ``Edit`` for the rest)."""
        lines, added = inserted(self.lines, after, new)
        return Edit(self.text(lines), self.item.id.value, added, (), number, picked)

    def removed(self, spans: list[tuple[int, int]], number: int | None) -> Edit:
        """The edit that removes the spans of lines (see ``removed``)."""
        lines, gone = removed(self.lines, spans)
        return Edit(self.text(lines), self.item.id.value, (), gone, number, False)

    def add_keys(
        self,
        number: int | None,
        picked: bool,
        fields: list[tuple[str, str | None]],
        before: tuple[str, ...] = (),
    ) -> Edit:
        """Keys added to the item (those with a value): before the first of the ``before``
        keys it has, else after its last line."""
        indent = " " * self.node.start_mark.column
        new = [f"{indent}{key}: {text}" for key, text in fields if text is not None]
        return self.inserted(self.end_before(before), new, number, picked)

    def key_spans(self, keys: tuple[str, ...]) -> list[tuple[int, int]]:
        """The lines of each of the item's ``keys``: from the key to the end of its value."""
        spans = []
        for key in keys:
            found = pair(self.node, key)
            if found is None:
                continue
            key_node, child = found
            self.require_own_line(key_node.start_mark.line, key_node.start_mark.column, r"\s*")
            spans.append((key_node.start_mark.line, last_line(child, self.lines)))
        return spans

    def require_own_line(self, line: int, column: int, prefix: str) -> None:
        """What we remove must start its line (after indentation, or a list's dash)."""
        if not re.fullmatch(prefix, self.lines[line][:column]):
            raise DataError("ledger.layout", id=self.item.id.value, line=line + 1)
