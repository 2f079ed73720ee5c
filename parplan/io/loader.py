"""YAML files → model objects with locations, plus the problems met on the way.

Why one module past 500 lines: one schema walked node by node (plan, units, progress, work
logs), with the located diagnostics of each field; the reader is shared by every part.

Nothing here raises on bad content: every problem becomes a ``Diagnostic`` and loading goes on
with what could be read. Files are composed into YAML nodes (with PyYAML's C parser when it is
installed) so that each value keeps its 1-based line and column and duplicate keys can be seen.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.clock import parse_date  # here too: the loader reads the files' dates
from parplan.core.deadlines import DATE, Milestone, ParsedDeadline, parse_deadline
from parplan.core.model import (
    COMPARISONS,
    ERROR,
    MEASURES,
    WARNING,
    Completion,
    Diagnostic,
    Duty,
    Group,
    Item,
    LateReason,
    LogEntry,
    Measurement,
    Plan,
    PlanInfo,
    Registry,
    Rename,
    ReportingCalendar,
    ReportPeriod,
    Responsibility,
    Section,
    Source,
    Succession,
    Target,
    Task,
    Text,
    Unit,
)
from parplan.core.periods import with_working_deadlines
from parplan.core.text import fold, has_hidden, hidden_characters, nfc, printable, visible
from parplan.io.reading import read_file

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

UNIT_KINDS = ("administrative", "public_service", "role")


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
    from yaml.resolver import Resolver

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


# The longest text a field may hold. The decision's longest is about 560 characters; a text far
# longer is a mistake (a file pasted into a field), and would only slow every view down.
MAX_TEXT = 5000
# The "reason" of a bad-value diagnostic the loader gives, each with its own sentence in
# ``i18n.MESSAGES`` ("bad-value.<reason>").
BAD_VALUE_REASONS = ("too-long", "no-letters", "hidden", "digits", "code")

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


# ---------------------------------------------------------------------------------------------
# A small typed walk over YAML nodes


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


# ---------------------------------------------------------------------------------------------
# The units file

UNIT_KEYS = ("short", "code", "aliases", "part_of", "renamed", "merged_into", "left", "established")
GROUP_KEYS = ("kinds", "members", "placeholder", "aliases")


def load_registry(path: str | Path) -> tuple[Registry, list[Diagnostic]]:
    """Load the units file. The registry is empty when the file cannot be read at all."""
    document = read_document(path)
    return build_registry(document)


def build_registry(document: Document) -> tuple[Registry, list[Diagnostic]]:
    reader = _Reader(document.path, list(document.problems), document.text)
    units: list[Unit] = []
    groups: list[Group] = []
    if document.root is None and not document.problems:
        reader.problems.append(_empty(document.path, "units"))
    if document.root is not None:
        top = reader.mapping(document.root, "units file", ("units",), ("groups",))
        if top is not None:
            for node in reader.sequence(top, "units"):
                unit = _unit(reader, node)
                if unit is not None:
                    units.append(unit)
            for node in reader.sequence(top, "groups"):
                group = _group(reader, node)
                if group is not None:
                    groups.append(group)
    registry = Registry(document.path, tuple(units), tuple(groups))
    return registry, reader.problems


def _unit(reader: _Reader, node: Node) -> Unit | None:
    fields = reader.mapping(node, "unit", ("name", "kind"), UNIT_KEYS)
    if fields is None:
        return None
    name = reader.name(fields, "name", required=True)
    kind = reader.choice(fields, "kind", UNIT_KINDS)
    short = reader.name(fields, "short", required=False)
    code = _unit_code(reader, fields)
    renamed: list[Rename] = []
    for rename_node in reader.sequence(fields, "renamed"):
        rename = reader.mapping(rename_node, "renamed", ("name", "on"), ("by",))
        if rename is None:
            continue
        new_name = reader.name(rename, "name", required=True)
        on = reader.date(rename, "on")
        by = reader.text(rename, "by", required=False)
        if new_name is not None and on is not None:
            renamed.append(Rename(new_name.value, on, by.value if by else None))
    merged_into = merged_source = None
    if "merged_into" in fields:
        merged = reader.mapping(fields["merged_into"][1], "merged_into", ("unit", "on"), ("by",))
        if merged is not None:
            successor = reader.text(merged, "unit", required=True)
            on = reader.date(merged, "on")
            by = reader.text(merged, "by", required=False)
            if successor is not None and on is not None:
                merged_into = Succession(on, unit=successor.value, by=by.value if by else None)
                merged_source = successor.source
    left = None
    if "left" in fields:
        leaving = reader.mapping(fields["left"][1], "left", ("on",), ("to", "by"))
        if leaving is not None:
            on = reader.date(leaving, "on")
            to = reader.text(leaving, "to", required=False)
            by = reader.text(leaving, "by", required=False)
            if on is not None:
                left = Succession(on, to=to.value if to else None, by=by.value if by else None)
    if name is None:
        return None
    return Unit(
        name=name.value,
        short=short.value if short else None,
        code=code,
        kind=kind or "",  # an invalid kind is reported; the unit still resolves by name
        aliases=reader.names(fields, "aliases"),
        source=name.source,
        part_of=reader.text(fields, "part_of", required=False),
        renamed=tuple(renamed),
        merged_into=merged_into,
        merged_into_source=merged_source,
        left=left,
        established=reader.date(fields, "established"),
    )


# issue 18: a unit's code, the abbreviation of a document's number ("Số: …/BC-VP")
CODE_PATTERN = "[A-ZĐ0-9]+"  # Đ is a letter of its own, kept as in "QĐ" (see README)
_CODE_FORM = re.compile(CODE_PATTERN)


def _unit_code(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> str | None:
    """The unit's ``code``: capitals and digits, no spaces (Nghị định 30/2020/NĐ-CP)."""
    found = reader.text(fields, "code", required=False)
    if found is None:
        return None
    if not _CODE_FORM.fullmatch(found.value):
        reader.report(
            fields["code"][1], "bad-value", field="code", reason="code", value=found.value
        )
        return None
    return found.value


def _group(reader: _Reader, node: Node) -> Group | None:
    fields = reader.mapping(node, "group", ("name",), GROUP_KEYS)
    if fields is None:
        return None
    name = reader.name(fields, "name", required=True)
    kinds = reader.texts(fields, "kinds")
    for kind in kinds:
        if kind.value not in UNIT_KINDS:
            reader.problems.append(
                Diagnostic(
                    kind.source,
                    ERROR,
                    "bad-value",
                    {"field": "kinds", "value": kind.value, "choices": UNIT_KINDS},
                )
            )
    if name is None:
        return None
    return Group(
        name=name.value,
        kinds=tuple(k.value for k in kinds),
        members=reader.texts(fields, "members"),
        placeholder=reader.boolean(fields, "placeholder"),
        aliases=reader.names(fields, "aliases"),
        source=name.source,
    )


# ---------------------------------------------------------------------------------------------
# The plan file

PLAN_INFO_KEYS = ("title", "decision")
# One of year (a plan of one year) and period ("2026-2030", several years) is required.
PLAN_INFO_OPTIONAL = ("year", "period", "issued", "source", "policy", "reporting")
LEAF_REQUIRED = ("product", "lead", "support", "deadline")
# Progress keys (see ``_completions``): on the item for a single-milestone item or a condition,
# in ``progress`` entries for one milestone of several.
PROGRESS_KEYS = (
    "done",
    "evidence",
    "recorded_by",
    "progress",
    "met",
    "met_evidence",
    "within_days",
)
# amended_by: the decision that changed the item (shown by `parplan diff`).
# carried_from / carried_to, carried_on: carry-over between plans (``parplan carry``).
CARRY_KEYS = ("carried_from", "carried_to", "carried_on")
# extra: columns of the decision's table that parplan has no key for, heading → text (import).
LEAF_OPTIONAL = (
    "due",  # issue 20: working deadlines beside the decision's wording (ISO dates)
    "note",
    "after",
    "amended_by",
    "shared",  # a group-led item completed once by the group together (default: per member)
    "extra",
    *CARRY_KEYS,
    *PROGRESS_KEYS,
    "log",
    "late",
)
POLICY_KEYS = ("evidence",)


def load_plan(path: str | Path) -> tuple[Plan, list[Diagnostic]]:
    """Load a plan file. Items that cannot be read in full are left out, with diagnostics."""
    return build_plan(read_document(path))


def build_plan(
    document: Document,
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline] = parse_deadline,
) -> tuple[Plan, list[Diagnostic]]:
    reader = _Reader(document.path, list(document.problems), document.text)
    info = PlanInfo(title="", decision="", issued=None, year=0)
    sections: list[Section] = []
    tasks: list[Task] = []
    items: list[Item] = []
    targets: tuple[Target, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    duties: tuple[Duty, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    if document.root is None and not document.problems:
        reader.problems.append(_empty(document.path, "plan"))
    if document.root is not None:
        top = reader.mapping(document.root, "plan file", ("plan", "sections"), BODY_KEYS)
        if top is not None:
            info = _plan_info(reader, top)
            targets = _targets(reader, top)
            measurements = _measurements(reader, top)
            duties = _duties(reader, top)
            responsibilities = _responsibilities(reader, top)
            for section_node in reader.sequence(top, "sections"):
                _section(reader, section_node, info, sections, tasks, items, deadline_parser)
    if info.reporting is not None:
        items = with_working_deadlines(items, info.reporting)
    plan = Plan(
        document.path,
        info,
        tuple(sections),
        tuple(tasks),
        tuple(items),
        targets,
        measurements,
        duties,
        responsibilities,
    )
    return plan, reader.problems


def read_header(name: str, header: str) -> tuple[PlanInfo, list[Diagnostic]]:
    """The plan's info from the lines before ``sections:`` (``io.fastread`` reads the rest),
    with every problem the loader finds in them: as ``build_plan`` reads that part."""
    info, _body, problems = read_head(name, header)
    return info, problems


def read_head(name: str, header: str) -> tuple[PlanInfo, Body, list[Diagnostic]]:
    """``read_header`` with the decision's body written before ``sections:`` (``targets:``,
    issue 21), read as ``build_plan`` reads it."""
    document = parse_document(name, header.encode("utf-8", "surrogatepass"))
    reader = _Reader(document.path, list(document.problems), document.text)
    if document.root is None:
        reader.problems.append(_empty(name, "plan"))
        return PlanInfo(title="", decision="", issued=None, year=0), Body(), reader.problems
    top = reader.mapping(document.root, "plan file", ("plan",), ("sections", *BODY_KEYS))
    info = _plan_info(reader, top) if top is not None else PlanInfo("", "", None, 0)
    body = Body()
    if top is not None:
        body = Body(
            _targets(reader, top),
            _measurements(reader, top),
            _duties(reader, top),
            _responsibilities(reader, top),
        )
    return info, body, reader.problems


@dataclass(frozen=True)
class Body:
    """What a plan file holds of the decision's body besides the appendix, and the figures
    recorded for its targets (issue 21)."""

    targets: tuple[Target, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    duties: tuple[Duty, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()


def _plan_info(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> PlanInfo:
    if "plan" not in top:  # reported as missing-key already
        return PlanInfo(title="", decision="", issued=None, year=0)
    fields = reader.mapping(top["plan"][1], "plan", PLAN_INFO_KEYS, PLAN_INFO_OPTIONAL) or {}
    title = reader.text(fields, "title", required=True)
    decision = reader.text(fields, "decision", required=True)
    year = reader.integer(fields, "year")
    if year is not None and not 1900 <= year <= 2999:
        node = fields["year"][1]
        reader.report(node, "bad-value", field="year", value=str(year), choices="1900-2999")
        year = None
    last_year = None
    if "period" in fields:
        first, last_year = _period(reader, fields["period"][1])
        if "year" in fields and first is not None and year != first:  # one or the other
            node = fields["period"][1]
            reader.report(
                node, "bad-value", field="period", value=node.value, choices=f"{year}-YYYY"
            )
        year = first if first is not None else year
    elif "year" not in fields and "plan" in top:
        reader.report(top["plan"][0], "missing-key", context="plan", key="year")
    issued = reader.date(fields, "issued")
    reader.text(fields, "source", required=False)  # not used; type-checked all the same
    if year is None:  # reported; deadlines without a year of their own then fail to resolve
        year = issued.year if issued else 0
    evidence_required = True
    if "policy" in fields:
        policy = reader.mapping(fields["policy"][1], "policy", (), POLICY_KEYS) or {}
        if "evidence" in policy:
            evidence_required = (
                reader.choice(policy, "evidence", ("required", "optional")) != "optional"
            )
    reporting = _reporting(reader, fields["reporting"][1]) if "reporting" in fields else None
    return PlanInfo(
        title=title.value if title else "",
        decision=decision.value if decision else "",
        issued=issued,
        year=year,
        evidence_required=evidence_required,
        reporting=reporting,
        last_year=last_year,
    )


def _period(reader: _Reader, node: Node) -> tuple[int | None, int | None]:
    """``period: 2026-2030``: the first and last year of a plan of several years."""
    value = node.value if isinstance(node, ScalarNode) else ""
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", str(value))
    if match is None or not 1900 <= int(match[1]) <= int(match[2]) <= 2999:
        reader.report(node, "bad-value", field="period", value=str(value), choices="YYYY-YYYY")
        return None, None
    return int(match[1]), int(match[2])


def _section(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    sections: list[Section],
    tasks: list[Task],
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    fields = reader.mapping(node, "section", ("id", "title", "tasks"))
    if fields is None:
        return
    section_id = reader.text(fields, "id", required=True)
    title = reader.text(fields, "title", required=True)
    if section_id is None:
        return
    section = Section(section_id, title.value if title else "", section_id.source)
    sections.append(section)
    for task_node in reader.sequence(fields, "tasks"):
        _task(reader, task_node, info, section, tasks, items, deadline_parser)


def _task(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    section: Section,
    tasks: list[Task],
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    has_activities = isinstance(node, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == "activities" for k, _ in node.value
    )
    if has_activities:
        fields = reader.mapping(node, "task", ("id", "title", "activities"))
    else:
        fields = reader.mapping(node, "task", ("id", "title", *LEAF_REQUIRED), LEAF_OPTIONAL)
    if fields is None:
        return
    task_id = reader.text(fields, "id", required=True)
    title = reader.text(fields, "title", required=True)
    if task_id is None:
        return
    task = Task(task_id, title.value if title else "", task_id.source)
    tasks.append(task)
    if has_activities:
        for activity_node in reader.sequence(fields, "activities"):
            _activity(reader, activity_node, info, section, task, items, deadline_parser)
    else:
        item = _item(reader, fields, info, section, task, True, deadline_parser)
        if item is not None:
            items.append(item)


def _activity(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    section: Section,
    task: Task,
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    activity = reader.mapping(node, "activity", ("id", *LEAF_REQUIRED), LEAF_OPTIONAL)
    if activity is not None:
        item = _item(reader, activity, info, section, task, False, deadline_parser)
        if item is not None:
            items.append(item)


def build_entry(
    document: Document, info: PlanInfo, section: Section, task: Task | None
) -> tuple[list[Task], list[Item], list[Diagnostic]]:
    """The tasks, items and problems of one entry of a plan read alone, as ``build_plan`` reads
    it in place: ``document`` holds a sequence of that one node, an activity of ``task``, or
    (``task`` None) a task of ``section`` without activities. The ledger reads the item it
    edited again this way (``ledger.apply_edit``)."""
    reader = _Reader(document.path, list(document.problems), document.text)
    tasks: list[Task] = []
    items: list[Item] = []
    nodes = document.root.value if isinstance(document.root, SequenceNode) else []
    for node in nodes:
        if task is None:
            _task(reader, node, info, section, tasks, items, parse_deadline)
        else:
            _activity(reader, node, info, section, task, items, parse_deadline)
    if info.reporting is not None:
        items = with_working_deadlines(items, info.reporting)
    return tasks, items, reader.problems


def _item(
    reader: _Reader,
    fields: dict[str, tuple[Node, Node]],
    info: PlanInfo,
    section: Section,
    task: Task,
    is_task: bool,
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> Item | None:
    item_id = reader.text(fields, "id", required=True)
    product = reader.text(fields, "product", required=True)
    deadline = reader.text(fields, "deadline", required=True, share=True)
    if item_id is None or deadline is None:
        return None
    deadline = _deadline_text(fields["deadline"][1], deadline)
    if any(char.isdigit() and not char.isascii() for char in deadline.value):
        # Only ASCII digits are digits; "Tháng ٣/2025" is not March.
        reader.report(fields["deadline"][1], "bad-value", field="deadline", reason="digits")
    note = reader.text(fields, "note", required=False)
    completions, met = _completions(reader, fields)
    within_days = reader.integer(fields, "within_days")
    for present, absent in (("carried_to", "carried_on"), ("carried_on", "carried_to")):
        if present in fields and absent not in fields:  # a carry is written as both lines
            reader.report(fields[present][0], "missing-key", key=absent, context=item_id.value)
    return Item(
        id=item_id,
        section_id=section.id.value,
        section_title=section.title,
        task_id=task.id.value,
        task_title=task.title,
        product=product.value if product else "",
        lead=reader.texts(fields, "lead"),
        support=reader.texts(fields, "support"),
        deadline=deadline,
        parsed=_with_override(
            deadline_parser(deadline.value, info.year, info.last_year), _override(reader, fields)
        ),
        note=note.value if note else None,
        after=reader.text(fields, "after", required=False),
        source=item_id.source,
        is_task=is_task,
        completions=completions,
        met=met,
        within_days=within_days,
        amended_by=reader.text(fields, "amended_by", required=False),
        carried_from=reader.text(fields, "carried_from", required=False),
        carried_to=reader.text(fields, "carried_to", required=False),
        carried_on=reader.date(fields, "carried_on"),
        log=_log(reader, fields),
        late=_late(reader, fields),
        extra=_extra(reader, fields),
        shared=reader.boolean(fields, "shared"),
    )


# issue 20: an explicit working deadline beside the decision's wording
def _override(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[date, ...]:
    """``due:``, the item's working deadlines: a list of ISO dates (``[2026-06-30]``), each
    one located when it is not a date (``bad-date``)."""
    out: list[date] = []
    for node in reader.sequence(fields, "due"):
        value = parse_date(node.value) if isinstance(node, ScalarNode) else None
        if value is None:
            shown = printable(node.value[:80]) if isinstance(node, ScalarNode) else ""
            reader.report(node, "bad-date", field="due", value=shown)
            continue
        out.append(value)
    return tuple(out)


def _with_override(parsed: ParsedDeadline, override: tuple[date, ...]) -> ParsedDeadline:
    """The deadline an explicit ``due:`` settles: one dated milestone per date, and no problem
    of the wording (which stays the item's ``deadline``, the legal one). When the wording was
    read into as many dated milestones, each keeps its label, and its date as ``legal_due``
    beside the working one; otherwise the override stands alone. The override wins either way."""
    if not override:
        return parsed
    read = parsed.milestones
    same = len(read) == len(override) and all(m.due is not None for m in read)
    milestones = tuple(
        Milestone(
            label=read[n].label if same else None,
            due=day,
            kind=DATE,
            legal_due=read[n].due if same and read[n].due != day else None,
        )
        for n, day in enumerate(override)
    )
    return ParsedDeadline(milestones, ())


def _extra(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[tuple[str, str], ...]:
    """``extra:``, the table's other columns: a mapping of heading → text."""
    if "extra" not in fields:
        return ()
    node = fields["extra"][1]
    if not isinstance(node, MappingNode):
        reader.report(node, "wrong-type", field="extra", expected="mapping")
        return ()
    out: list[tuple[str, str]] = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode) or not isinstance(value, ScalarNode):
            reader.report(value, "wrong-type", field="extra", expected="text")
            continue
        out.append((nfc(key.value).strip(), nfc(value.value).strip()))
    return tuple(out)


def _completions(
    reader: _Reader, fields: dict[str, tuple[Node, Node]]
) -> tuple[tuple[Completion, ...], Completion | None]:
    """Recorded progress of an item.

    On the item: ``done: DATE`` with ``evidence:`` (and optionally ``recorded_by:``), for an item
    with one milestone; ``met: DATE`` with ``met_evidence:`` for a condition. Per milestone:
    ``progress:`` entries ``{milestone: LABEL or N, done: DATE, evidence: TEXT}``; a member's
    own part of a group-led item adds ``unit: NAME``.
    """
    out: list[Completion] = []
    # Read every key whether or not its record is complete, so that each is type-checked.
    evidence = _evidence(reader, fields, "evidence")
    recorded_by = _plain(reader.text(fields, "recorded_by", required=False))
    met_evidence = _evidence(reader, fields, "met_evidence")
    if "done" in fields:
        on = reader.date(fields, "done")
        if on is not None:
            out.append(Completion(on, evidence, recorded_by, None, reader.where(fields["done"][1])))
    for node in reader.sequence(fields, "progress"):
        entry = reader.mapping(
            node, "progress", ("milestone", "done"), ("unit", "evidence", "recorded_by")
        )
        if entry is None:
            continue
        on = reader.date(entry, "done")
        milestone = reader.text(entry, "milestone", required=True)
        entry_evidence = _evidence(reader, entry, "evidence")
        entry_by = _plain(reader.text(entry, "recorded_by", required=False))
        if on is not None and milestone is not None:
            out.append(
                Completion(
                    on,
                    entry_evidence,
                    entry_by,
                    milestone,
                    reader.where(entry["done"][1]),
                    reader.text(entry, "unit", required=False),
                )
            )
    met = None
    if "met" in fields:
        on = reader.date(fields, "met")
        if on is not None:
            met = Completion(on, met_evidence, None, None, reader.where(fields["met"][1]))
    return tuple(out), met


def _evidence(reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str) -> Text | None:
    """Evidence as written; None when it holds nothing visible (a zero-width space is not a
    document)."""
    found = reader.text(fields, key, required=False)
    if found is None or not visible(found.value).strip():
        return None
    return found


def _plain(text: Text | None) -> str | None:
    return text.value if text else None


def _deadline_text(node: Node, text: Text) -> Text:
    """A deadline's location: for a quoted scalar, the first character inside the quotes."""
    if isinstance(node, ScalarNode) and node.style in ("'", '"'):
        source = Source(text.source.file, text.source.line, text.source.column + 1)
        return Text(text.value, source)
    return text


# ---------------------------------------------------------------------------------------------
# The reporting calendar (``plan: reporting:``; see parplan.core.periods)

REPORTING_KEYS = ("basis", "agency", "place", "report", "items", "periods")
PERIOD_REQUIRED = ("key", "name", "from", "to", "due")
PERIOD_OPTIONAL = ("name_en", "aliases")


def _reporting(reader: _Reader, node: Node) -> ReportingCalendar | None:
    fields = reader.mapping(
        node, "reporting", ("report", "periods"), ("basis", "agency", "place", "items")
    )
    if fields is None:
        return None
    report = reader.text(fields, "report", required=True)
    basis = reader.text(fields, "basis", required=False)
    periods: list[ReportPeriod] = []
    keys: dict[str, int] = {}
    for period_node in reader.sequence(fields, "periods"):
        period = reader.mapping(period_node, "period", PERIOD_REQUIRED, PERIOD_OPTIONAL)
        if period is None:
            continue
        key = reader.text(period, "key", required=True)
        name = reader.text(period, "name", required=True)
        days = [_month_day(reader, period, k) for k in ("from", "to", "due")]
        if key is not None and key.value in keys:
            reader.report(
                period["key"][1], "duplicate-id", id=key.value, first_line=keys[key.value]
            )
            continue
        if key is not None:
            keys[key.value] = key.source.line
        if key is None or name is None or None in days:
            continue
        name_en = reader.text(period, "name_en", required=False)
        periods.append(
            ReportPeriod(
                key=key.value,
                name=name.value,
                name_en=name_en.value if name_en else key.value,
                aliases=tuple(a.value for a in reader.texts(period, "aliases")),
                start=days[0],  # type: ignore[arg-type]
                end=days[1],  # type: ignore[arg-type]
                due=days[2],  # type: ignore[arg-type]
                source=key.source,
            )
        )
    if report is None:
        return None
    return ReportingCalendar(
        basis=basis.value if basis else None,
        report=report.value,
        items=reader.texts(fields, "items"),
        periods=tuple(periods),
        source=reader.where(node),
        agency=_plain(reader.text(fields, "agency", required=False)),
        place=_plain(reader.text(fields, "place", required=False)),
    )


def _month_day(
    reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str
) -> tuple[int, int] | None:
    """A day of the year written DD/MM ("15/12"), as the reporting documents write it."""
    if key not in fields:
        return None
    node = fields[key][1]
    value = node.value.strip() if isinstance(node, ScalarNode) else ""
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
    if found:
        day, month = int(found[1]), int(found[2])
        try:
            date(2000, month, day)  # a leap year: 29/02 is a day of the calendar
        except ValueError:
            pass
        else:
            return month, day
    reader.report(node, "reporting-day", field=key, value=value)
    return None


# ---------------------------------------------------------------------------------------------
# The work log and reasons for delay (``log:``, ``late:``; issue 12)

LOG_REQUIRED = ("on", "text")
LOG_OPTIONAL = ("unit", "evidence")
LATE_REQUIRED = ("reason",)
LATE_OPTIONAL = ("milestone", "unit", "on")


def _log(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[LogEntry, ...]:
    """``log:`` entries ``{on: DATE, text: TEXT, unit: UNIT, evidence: TEXT}``."""
    out: list[LogEntry] = []
    for node in reader.sequence(fields, "log"):
        entry = reader.mapping(node, "log", LOG_REQUIRED, LOG_OPTIONAL)
        if entry is None:
            continue
        on = reader.date(entry, "on")
        text = reader.text(entry, "text", required=True)
        unit = reader.text(entry, "unit", required=False)
        evidence = reader.text(entry, "evidence", required=False)
        if on is not None and text is not None:
            out.append(
                LogEntry(
                    on,
                    text.value,
                    _plain(unit),
                    _plain(evidence),
                    reader.where(node),
                    unit.source if unit else None,
                )
            )
    return tuple(out)


def _late(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[LateReason, ...]:
    """``late:`` entries ``{milestone: LABEL or N, reason: TEXT, unit: UNIT, on: DATE}``."""
    out: list[LateReason] = []
    for node in reader.sequence(fields, "late"):
        entry = reader.mapping(node, "late", LATE_REQUIRED, LATE_OPTIONAL)
        if entry is None:
            continue
        reason = reader.text(entry, "reason", required=True)
        milestone = reader.text(entry, "milestone", required=False)
        unit = reader.text(entry, "unit", required=False)
        on = reader.date(entry, "on") if "on" in entry else None
        if reason is not None:
            out.append(
                LateReason(
                    milestone,
                    reason.value,
                    _plain(unit),
                    on,
                    reader.where(node),
                    unit.source if unit else None,
                )
            )
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# issue 21: the decision's numeric targets (``targets:``) and their measurements

BODY_KEYS = ("targets", "duties", "responsibilities", "measurements")
# A duty or responsibility is named by its ``point`` of the decision's body (II.1.a, IV.5.a):
# not ``id``, which the appendix's items use ("IV.1" is both an appendix task and a point).
DUTY_REQUIRED = ("point", "text")
DUTY_OPTIONAL = ("source", "lead", "basis")
RESPONSIBILITY_REQUIRED = ("point", "text")
RESPONSIBILITY_OPTIONAL = ("unit", "to", "source", "points")
TARGET_REQUIRED = ("id", "text", "measure", "comparison", "value")
TARGET_OPTIONAL = ("source", "unit", "basis", "period")
MEASUREMENT_REQUIRED = ("target", "on", "value")
MEASUREMENT_OPTIONAL = ("of", "total", "unit", "evidence", "recorded_by")
_NUMBER = re.compile(r"\s*[0-9]{1,12}(?:\.[0-9]{1,6})?\s*")


def _number(reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str) -> float | None:
    """A number written with the digits 0-9 and at most one decimal point (72.5)."""
    if key not in fields:
        return None
    node = fields[key][1]
    if isinstance(node, ScalarNode) and _NUMBER.fullmatch(node.value):
        return float(node.value)
    reader.report(node, "wrong-type", field=key, expected="number")
    return None


def _targets(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> tuple[Target, ...]:
    out: list[Target] = []
    for node in reader.sequence(top, "targets"):
        fields = reader.mapping(node, "target", TARGET_REQUIRED, TARGET_OPTIONAL)
        if fields is None:
            continue
        target_id = reader.text(fields, "id", required=True)
        text = reader.text(fields, "text", required=True)
        measure = reader.choice(fields, "measure", MEASURES) if "measure" in fields else None
        comparison = (
            reader.choice(fields, "comparison", COMPARISONS) if "comparison" in fields else None
        )
        value = _number(reader, fields, "value")
        cited = reader.text(fields, "source", required=False)
        unit = reader.name(fields, "unit", required=False)
        basis = reader.text(fields, "basis", required=False)
        period = reader.integer(fields, "period")
        if period is not None and not 1900 <= period <= 2999:
            reader.report(
                fields["period"][1], "bad-value", field="period", value=period, choices="YYYY"
            )
            period = None
        if None in (target_id, text, measure, comparison, value):
            continue
        assert target_id and text and measure and comparison and value is not None
        out.append(
            Target(
                target_id,
                text.value,
                measure,
                comparison,
                value,
                reader.where(node),
                cited,
                unit,
                basis,
                period,
            )
        )
    return tuple(out)


def _measurements(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[Measurement, ...]:
    """``measurements:`` entries ``{target: ID, on: DATE, value: N, of: N, total: N,
    unit: UNIT, evidence: TEXT, recorded_by: TEXT}``."""
    out: list[Measurement] = []
    for node in reader.sequence(fields, "measurements"):
        entry = reader.mapping(node, "measurement", MEASUREMENT_REQUIRED, MEASUREMENT_OPTIONAL)
        if entry is None:
            continue
        target = reader.text(entry, "target", required=True)
        on = reader.date(entry, "on")
        value = _number(reader, entry, "value")
        numerator = reader.integer(entry, "of")
        denominator = reader.integer(entry, "total")
        unit = reader.name(entry, "unit", required=False)
        evidence = reader.text(entry, "evidence", required=False)
        recorded_by = reader.text(entry, "recorded_by", required=False)
        if target is None or on is None or value is None:
            continue
        out.append(
            Measurement(
                target,
                on,
                value,
                numerator,
                denominator,
                evidence,
                unit,
                _plain(recorded_by),
                reader.where(node),
                reader.where(entry["value"][1]),
            )
        )
    return tuple(out)


def _duties(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> tuple[Duty, ...]:
    out: list[Duty] = []
    for node in reader.sequence(top, "duties"):
        fields = reader.mapping(node, "duty", DUTY_REQUIRED, DUTY_OPTIONAL)
        if fields is None:
            continue
        duty_id = reader.text(fields, "point", required=True)
        text = reader.text(fields, "text", required=True)
        cited = reader.text(fields, "source", required=False)
        lead = reader.names(fields, "lead")
        basis = reader.texts(fields, "basis")
        if duty_id is not None and text is not None:
            out.append(Duty(duty_id, text.value, reader.where(node), cited, lead, basis))
    return tuple(out)


def _responsibilities(
    reader: _Reader, top: dict[str, tuple[Node, Node]]
) -> tuple[Responsibility, ...]:
    out: list[Responsibility] = []
    for node in reader.sequence(top, "responsibilities"):
        fields = reader.mapping(
            node, "responsibility", RESPONSIBILITY_REQUIRED, RESPONSIBILITY_OPTIONAL
        )
        if fields is None:
            continue
        entry_id = reader.text(fields, "point", required=True)
        text = reader.text(fields, "text", required=True)
        cited = reader.text(fields, "source", required=False)
        unit = reader.name(fields, "unit", required=False)
        to = reader.text(fields, "to", required=False)
        points = reader.texts(fields, "points")
        if entry_id is not None and text is not None:
            out.append(
                Responsibility(
                    entry_id, text.value, reader.where(node), cited, unit, _plain(to), points
                )
            )
    return tuple(out)
