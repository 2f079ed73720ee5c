"""A small typed walk over YAML nodes: each value read with its place, each problem a
``Diagnostic`` (the loader's fields, the units file's and the decision body's share it)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.clock import parse_date  # the files' dates
from parplan.core.model import ERROR, WARNING, Diagnostic, Source, Text
from parplan.core.text import fold, has_hidden, hidden_characters, nfc, printable

# The longest text a field may hold. The decision's longest is about 560 characters; a text far
# longer is a mistake (a file pasted into a field), and would only slow every view down.
MAX_TEXT = 5000
# The "reason" of a bad-value diagnostic the loader gives, each with its own sentence in
# ``i18n.MESSAGES`` ("bad-value.<reason>").
BAD_VALUE_REASONS = ("too-long", "no-letters", "hidden", "digits", "code")


@dataclass
class _Reader:
    file: str
    problems: list[Diagnostic] = field(default_factory=list)
    written: str | None = None  # the file's text, to point at a hidden character itself
    # One string for each distinct unit name and deadline text read: they repeat from item to
    # item (a few dozen in a plan of thousands of items), and a loaded or cached plan then holds
    # each once.
    shared: dict[str, str] = field(default_factory=dict)

    def where(self, node: Node) -> Source:
        return Source(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def report(self, node: Node, code: str, **args: object) -> None:
        self.problems.append(Diagnostic(self.where(node), ERROR, code, args))

    def scalar_text(self, node: ScalarNode, key: str, share: bool = False) -> Text | None:
        """A scalar's text, NFC and stripped; None (reported) when longer than ``MAX_TEXT``.
        Hidden characters (controls, bidi controls, zero-width) are a warning at their place.
        ``share``: a text that repeats (see ``shared``)."""
        if len(node.value) > MAX_TEXT:
            self.report(node, "bad-value", field=key, reason="too-long", limit=MAX_TEXT)
            return None
        value = nfc(node.value).strip()
        if share:
            value = self.shared.setdefault(value, value)
        hidden = hidden_characters(value) if has_hidden(value) else None
        if hidden:
            self.problems.append(
                Diagnostic(
                    self._hidden_at(node, value[hidden[0]]),
                    WARNING,
                    "bad-value",
                    {
                        "field": key,
                        "reason": "hidden",
                        "value": printable(value[max(0, hidden[0] - 20) : hidden[0] + 20]),
                    },
                )
            )
        return Text(value, self.where(node))

    def mapping(
        self,
        node: Node | None,
        context: str,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> dict[str, tuple[Node, Node]] | None:
        """Keys of a mapping node → (key node, value node); problems for everything off-schema."""
        if node is None:
            return None
        if not isinstance(node, MappingNode):
            self.report(node, "wrong-type", field=context, expected="mapping")
            return None
        seen: dict[str, tuple[Node, Node]] = {}
        allowed = (*required, *optional)
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.report(key_node, "wrong-type", field=context, expected="key")
                continue
            key = nfc(key_node.value)
            if key in seen:
                first = seen[key][0]
                self.report(
                    key_node, "duplicate-key", key=key, first_line=first.start_mark.line + 1
                )
                continue
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                self.report(
                    key_node,
                    "unknown-key",
                    key=key,
                    context=context,
                    suggestion=close[0] if close else "",
                )
                continue
            seen[key] = (key_node, value_node)
        for key in required:
            if key not in seen:
                self.report(node, "missing-key", key=key, context=context)
        return seen

    def _hidden_at(self, node: ScalarNode, char: str) -> Source:
        """Where ``char`` is written in the node's text: its own line and column when it is
        there as such, else (written as an escape, "\\u202e") where the value starts."""
        if self.written is not None:
            start, end = node.start_mark.index, node.end_mark.index
            found = self.written.find(char, start, end)
            if found >= 0:
                line_start = self.written.rfind("\n", 0, found) + 1
                line = node.start_mark.line + self.written.count("\n", start, found) + 1
                return Source(self.file, line, found - line_start + 1)
        return self.where(node)

    def text(
        self,
        fields: dict[str, tuple[Node, Node]],
        key: str,
        *,
        required: bool,
        share: bool = False,
    ) -> Text | None:
        if key not in fields:
            return None
        node = fields[key][1]
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            if required:
                self.report(node, "wrong-type", field=key, expected="text")
            return None
        if not isinstance(node, ScalarNode):
            self.report(node, "wrong-type", field=key, expected="text")
            return None
        found = self.scalar_text(node, key, share)
        if found is None:
            return None
        if required and not found.value:
            self.report(node, "wrong-type", field=key, expected="text")
            return None
        return found

    def name(
        self, fields: dict[str, tuple[Node, Node]], key: str, *, required: bool
    ) -> Text | None:
        """A unit's name or abbreviation: text with at least one letter or digit once case
        and diacritics are set aside (a lone combining mark names nothing)."""
        found = self.text(fields, key, required=required)
        if found is not None and not fold(found.value):
            self.report(fields[key][1], "bad-value", field=key, reason="no-letters")
            return None
        return found

    def names(self, fields: dict[str, tuple[Node, Node]], key: str) -> tuple[Text, ...]:
        """A list of names (see ``name``)."""
        out = []
        for found in self.texts(fields, key):
            if fold(found.value):
                out.append(found)
            else:
                self.problems.append(
                    Diagnostic(
                        found.source, ERROR, "bad-value", {"field": key, "reason": "no-letters"}
                    )
                )
        return tuple(out)

    def texts(self, fields: dict[str, tuple[Node, Node]], key: str) -> tuple[Text, ...]:
        """A block or flow list of text values."""
        if key not in fields:
            return ()
        node = fields[key][1]
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ()
        if not isinstance(node, SequenceNode):
            self.report(node, "wrong-type", field=key, expected="list")
            return ()
        out: list[Text] = []
        for element in node.value:
            if isinstance(element, ScalarNode) and element.tag != "tag:yaml.org,2002:null":
                found = self.scalar_text(element, key, share=True)  # unit names
                if found is not None:
                    out.append(found)
            else:
                self.report(element, "wrong-type", field=key, expected="text")
        return tuple(out)

    def sequence(self, fields: dict[str, tuple[Node, Node]], key: str) -> list[Node]:
        if key not in fields:
            return []
        node = fields[key][1]
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return []
        if not isinstance(node, SequenceNode):
            self.report(node, "wrong-type", field=key, expected="list")
            return []
        return list(node.value)

    def integer(self, fields: dict[str, tuple[Node, Node]], key: str) -> int | None:
        if key not in fields:
            return None
        node = fields[key][1]
        if isinstance(node, ScalarNode) and re.fullmatch(r"\s*[0-9]{1,6}\s*", node.value):
            return int(node.value)
        self.report(node, "wrong-type", field=key, expected="integer")
        return None

    def boolean(self, fields: dict[str, tuple[Node, Node]], key: str) -> bool:
        if key not in fields:
            return False
        node = fields[key][1]
        if isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on", "y")
        self.report(node, "wrong-type", field=key, expected="boolean")
        return False

    def date(self, fields: dict[str, tuple[Node, Node]], key: str) -> date | None:
        if key not in fields:
            return None
        node = fields[key][1]
        value = parse_date(node.value) if isinstance(node, ScalarNode) else None
        if value is None:
            shown = printable(node.value[:80]) if isinstance(node, ScalarNode) else ""
            self.report(node, "bad-date", field=key, value=shown)
        return value

    def choice(
        self, fields: dict[str, tuple[Node, Node]], key: str, choices: tuple[str, ...]
    ) -> str | None:
        found = self.text(fields, key, required=True)
        if found is None:
            return None
        if found.value not in choices:
            self.report(fields[key][1], "bad-value", field=key, value=found.value, choices=choices)
            return None
        return found.value


def _plain(text: Text | None) -> str | None:
    return text.value if text else None
