"""YAML text → nodes with their places, or a located diagnostic: the reading every file shares.

Files are composed into YAML nodes (with PyYAML's C parser when it is installed) so that each
value keeps its 1-based line and column and duplicate keys can be seen. What plan and units
files never need is refused here at its position: anchors, aliases, tags, nesting past
``MAX_DEPTH``. Nothing raises on bad content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from parplan.core.model import ERROR, Diagnostic, Source
from parplan.core.text import printable
from parplan.io.reading import read_file

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its root node (None when unreadable) and the text it came from."""

    path: str
    text: str | None
    root: Node | None
    problems: tuple[Diagnostic, ...]


def read_document(path: str | Path) -> Document:
    """Read and compose a YAML file; unreadable or malformed files become diagnostics."""
    name = str(path)
    try:
        raw = read_file(path)
    except FileNotFoundError:
        return _broken(name, None, "file-missing", {})
    except OSError as error:
        return _broken(name, None, "file-unreadable", {"reason": error.strerror or str(error)})
    return parse_document(name, raw)


def _wide_encoding(raw: bytes) -> str | None:
    """``utf-32`` or ``utf-16`` for bytes that start with that encoding's byte-order mark
    (Notepad's "Unicode" saves UTF-16 LE with one), else None."""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "utf-32"
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    return None


def parse_document(name: str, raw: bytes) -> Document:
    """Compose YAML from bytes: UTF-8 (with or without BOM), any line ends."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        wide = _wide_encoding(raw)
        if wide is not None:  # issue 19: not a Vietnamese legacy code page, say what it is
            return _broken(name, None, "file-encoding", {"reason": wide}, 1, 1)
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return _broken(name, None, "file-encoding", {}, line, column)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = " ".join(str(part) for part in (error.context, error.problem) if part)
        args: dict[str, object] = {"reason": reason}
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            # e.g. an unclosed quote: say where the construct began, which is where the fix is.
            args["start_line"], args["start_column"] = start.line + 1, start.column + 1
        return _broken(name, text, "yaml-syntax", args, line, column)
    except yaml.YAMLError as error:  # reader errors: control characters and the like
        position = getattr(error, "position", 0) or 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        reason = getattr(error, "reason", None) or str(error)
        return _broken(name, text, "yaml-syntax", {"reason": reason}, line, column)
    except RecursionError:
        return _broken(name, text, "yaml-syntax", {"reason": "", "too_deep": MAX_DEPTH})
    too_deep = _deeper_than(root, MAX_DEPTH, aliases="*" in text)
    if too_deep is not None:
        line, column = too_deep.start_mark.line + 1, too_deep.start_mark.column + 1
        args = {"reason": "", "too_deep": MAX_DEPTH}
        return _broken(name, text, "yaml-syntax", args, line, column)
    unsupported = _unsupported(name, text, root)
    if unsupported:
        return Document(name, text, None, tuple(unsupported))
    return Document(name, text, root, ())


STR = "tag:yaml.org,2002:str"
_COLLECTION_TAGS: dict[type[Node], str] = {
    MappingNode: "tag:yaml.org,2002:map",
    SequenceNode: "tag:yaml.org,2002:seq",
}


def _unsupported(name: str, text: str, root: Node | None) -> list[Diagnostic]:
    """What plan and units files never need and the loader refuses, each at its position:
    anchors and aliases (an alias bomb or a cyclic alias would blow up whatever walks the data)
    and tags other than the plain core ones (``!custom``, ``!!python/name:…``, ``!!float abc``:
    a tag that says something else than the value as written)."""
    found: list[Diagnostic] = []

    def report(mark: Any, what: str, token: str) -> None:
        where = Source(name, mark.line + 1, mark.column + 1) if mark else Source(name, 1, 1)
        token = printable(token[:80])
        found.append(Diagnostic(where, ERROR, "yaml-unsupported", {"what": what, "token": token}))

    if "&" in text or "*" in text:  # anchors and aliases need one of these characters
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                report(event.start_mark, "alias", f"*{event.anchor}")
            elif anchor := getattr(event, "anchor", None):
                report(event.start_mark, "anchor", f"&{anchor}")
        if found:
            return found
    if "!" not in text:  # every tag is written with "!": without one, each node has its own
        return found

    resolver = Resolver()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            # A core tag is plain when the value, as written, is one of its values (!!int '7').
            resolved = STR if node.tag == STR else None
            plain = resolved or resolver.resolve(  # type: ignore[no-untyped-call]
                ScalarNode, node.value, (True, False)
            )
            if node.tag != plain:
                report(node.start_mark, "tag", node.tag)
            continue
        if node.tag != _COLLECTION_TAGS.get(type(node)):
            report(node.start_mark, "tag", node.tag)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack += (value, key)
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    found.sort(key=lambda d: (d.source.line, d.source.column))
    return found


# Plan and units files nest about eight levels; anything far deeper is not one of them, and
# would only exhaust the recursion of the code that walks it.
MAX_DEPTH = 64


def _deeper_than(root: Node | None, limit: int, aliases: bool = True) -> Node | None:
    """The first node nested deeper than ``limit``, found without recursion; None if none is.
    A node reached again through an alias is not walked twice (aliases may even be cyclic);
    ``aliases=False`` (the text has no ``*``, so no node is reached twice) skips that record.

    Only collections are walked: a scalar is too deep exactly when the collection holding it
    is at the limit, and is then returned without being visited (a plan has ten scalars for
    each collection, so this walk is a tenth of a full one)."""
    stack = [(root, 0)] if root is not None else []
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return node
        if aliases:
            if id(node) in seen:
                continue
            seen.add(id(node))
        if type(node) is MappingNode:
            children: list[Node] = [part for pair in node.value for part in pair]
        elif type(node) is SequenceNode:
            children = node.value
        else:
            continue
        if depth == limit and children:
            return children[0]
        # Reversed, so that the first deep node in document order is the one found first.
        stack.extend(
            (child, depth + 1) for child in reversed(children) if type(child) is not ScalarNode
        )
    return None


def _broken(
    name: str,
    text: str | None,
    code: str,
    args: dict[str, object],
    line: int = 1,
    column: int = 1,
) -> Document:
    return Document(name, text, None, (Diagnostic(Source(name, line, column), ERROR, code, args),))


def _empty(name: str, key: str) -> Diagnostic:
    return empty_file(name, key)


def empty_file(name: str, key: str = "") -> Diagnostic:
    """An empty file (or comments only): one error, "the plan file is empty"."""
    context = {"plan": "plan file", "units": "units file"}.get(key, "file")
    return Diagnostic(Source(name, 1, 1), ERROR, "file-empty", {"context": context})
