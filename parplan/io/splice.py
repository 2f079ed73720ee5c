"""An edit of one item checked against the cached model, rather than by reading the file again.

Why past 500 lines: an item's lines are located twice, in the text (``locate``) and in the
file's bytes (``locate_bytes``, issue 23), step for step; they are kept side by side so that
they are read, and changed, as one.

The ledger's edits (``done``, ``undo``, ``met``, ``log``, ``late``) change the lines of one item.
Reading and checking a whole plan of 100,000 items takes half a minute; this module reads only
the edited item's lines, and derives everything else from the model of the file before the edit
(``cache.load_bytes``, which a view of the same bytes has usually stored already):

1. ``locate`` finds the item's lines in the text from the model (its ID's line: ``- id: <ID>``
   first), composes them alone — preceded by as many empty lines as come before them, so that
   every mark has the line and column it has in the file — and reads them with the loader's own
   functions (``loader.build_entry``). The item read so must equal the model's item, Sources
   included; anything unusual (a flow-style item, an ID not first, line breaks other than LF
   and CRLF, lines that do not compose alone…) gives None, and the ledger reads the whole file.
2. ``after`` reads the edited lines the same way and builds the model and the diagnostics a
   full load of the new text would give. The bytes outside the item's lines are the old ones
   and the item's data outside the edited keys is unchanged (else None), so the checks that
   compare items with each other (``OTHER_CHECKS``: IDs, ``after:``, units used) find what they
   found before, at lines shifted by the lines added or removed; the checks of one item
   (``ITEM_CHECKS``) run on the new item. The diagnostics the model held within the item's
   lines must be exactly what the loader and those checks give the old item, else None.
3. ``shift_plan`` moves the Sources after the item. In place: the model was unpickled by this
   very call and nothing else refers to it, and setting ``line`` on ~500,000 Sources costs a
   fraction of rebuilding 100,000 frozen items; the code that visits them is written out from
   the model's type hints (``_visitor``), so a field added to the model is shifted too. Nothing
   is shifted until every verification has passed. ``cache`` shifts the same way when it reads
   the patch an edit stored (``cache.Patch``).

``tests/test_splice.py`` holds the two ways (this one, and the whole file read) to the same
bytes, model and diagnostics.
"""

from __future__ import annotations

import re
import typing
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from types import UnionType
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from parplan.checks import rules
from parplan.checks.rules import Context, Loaded
from parplan.core.model import Diagnostic, Item, Plan, Source
from parplan.io.textedit import data, split_lines

# The checks whose diagnostics on an item depend only on that item (with the registry, the plan's
# header and today): run on the edited item alone.
ITEM_CHECKS = (
    rules.check_id_nesting,
    rules.check_unit_references,
    rules.check_deadlines,
    rules.check_deadline_years,
    rules.check_future_records,
    rules.check_records_before_issue,
    rules.check_evidence,
    rules.check_completed_milestones,
    rules.check_duplicate_completions,
    rules.check_met_conditions,
    rules.check_worklog_units,
    rules.check_worklog_dates,
    rules.check_member_completions,
    rules.check_records_of_absent_units,
    # issue 21: reads only the figures (before ``sections:``), which an item's edit leaves
    # alone; a day's check, so run with the edited item (it finds nothing there: the figures
    # had no error before the edit)
    rules.check_future_measurements,
)
# The checks that read only what a ledger edit leaves alone (IDs, ``after:``, lead and support,
# sections, tasks, the header, the registry): their diagnostics stay, at shifted lines.
OTHER_CHECKS = (
    rules.check_duplicate_ids,
    rules.check_registry_references,
    rules.check_duplicate_units,
    rules.check_group_cycles,  # the registry alone
    rules.check_unused_units,
    rules.check_after,
    rules.check_reporting_items,
    # issue 21: the targets, figures, duties and responsibilities (before ``sections:``)
    rules.check_targets,
    rules.check_measurements,
    rules.check_body,
)
# The checks that depend on the day: they report only errors (a record dated in the future).
TODAY_CHECKS = rules.DAY_CHECKS
# The item keys a ledger edit may change; an edit of any other key is checked the full way.
LEDGER_KEYS = frozenset(
    {"done", "evidence", "recorded_by", "progress", "met", "met_evidence", "log", "late"}
)
# Items nest six levels deep in a plan; a block deeper than this is left to the full load, which
# knows the limit of the whole file.
_BLOCK_DEPTH = 32
_ID_LINE = re.compile(r"( *)- +id: +")
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


@dataclass(frozen=True)
class Block:
    """An item's lines in the text of its plan, and what they read alone.

    ``start`` and ``end`` are offsets in the text (``end`` just past the last line's end),
    ``first`` the 0-based number of the first line; ``node`` is the item's mapping node with
    the marks it has in the file; ``problems`` what the loader reported reading it.
    """

    item: Item
    index: int
    start: int
    end: int
    first: int
    lines: list[str]
    node: MappingNode
    problems: tuple[Diagnostic, ...]
    head: str  # the text before the item's lines, and after them
    tail: str


@dataclass
class Session:
    """The blocks located in one text while an edit is made (``session``)."""

    text: str
    blocks: dict[str, Block] = field(default_factory=dict)


_SESSION: ContextVar[Session | None] = ContextVar("parplan_splice_session", default=None)


@contextmanager
def session(text: str, block: Block | None = None) -> typing.Iterator[Session]:
    """While the body makes an edit of ``text``, ``editing.locate_item`` reads the item's lines alone
    (``located``) and keeps the block here; ``block``: located already (``locate_bytes``)."""
    current = Session(text)
    if block is not None:
        current.blocks[block.item.id.value] = block
    token = _SESSION.set(current)
    try:
        yield current
    finally:
        _SESSION.reset(token)


def located(text: str, plan: Plan, item: Item) -> Block | None:
    """The item's block when an edit of ``text`` is being made in a ``session``; else None."""
    current = _SESSION.get()
    if current is None or current.text is not text:
        return None
    block = current.blocks.get(item.id.value)
    if block is None:
        block = locate(text, plan, item)
        if block is not None:
            current.blocks[item.id.value] = block
    return block


# ---------------------------------------------------------------------------------------------
# Locating an item's lines


def locate(text: str, plan: Plan, item: Item) -> Block | None:
    """The lines of ``item`` in ``text`` (of which ``plan`` is the model), read alone; None when
    they cannot be told apart with certainty."""
    index = next((n for n, other in enumerate(plan.items) if other is item), None)
    if index is None:
        return None
    start = _id_line(text, item)
    if start is None:
        return None
    indent = _ID_LINE.match(text, start)
    assert indent is not None
    end = _block_end(text, start, len(indent.group(1)))
    if end is None or any(text.find(mark, 0, end) >= 0 for mark in _OTHER_BREAKS):
        return None
    if _BLOCK_SCALAR.search(text, start, end):
        # A block scalar's value may run into the blank lines after the item (``|+`` keeps
        # them): where the item ends is the full way's to say.
        return None
    if text.count("\r", 0, end) != text.count("\r\n", 0, end):
        return None  # a lone CR is a line break to YAML: lines would not be counted by LF
    first = item.source.line - 1
    node, problems = _read_block(plan, item, text[start:end], first)
    if node is None:
        return None
    lines = split_lines(text[start:end])
    return Block(item, index, start, end, first, lines, node, problems, text[:start], text[end:])


def locate_bytes(raw: bytes, skip: int, plan: Plan, item: Item) -> tuple[Block, int, int] | None:
    """``locate`` on the file's bytes (``raw``, its text starting at ``skip``, past a byte-order
    mark), decoding only the item's lines (issue 23: decoding, comparing and encoding again the
    text of 100,000 items took longer than the rest of an edit). The block is that of a text
    made of the item's lines alone (``start`` 0, ``head`` and ``tail`` empty; ``first`` and
    every mark as in the file), with where those lines begin and end in ``raw``; None where
    ``locate`` would give None.

    The same steps as ``locate``, on bytes: UTF-8 encodes every character the search looks for
    (line ends, spaces, ``#``, ``-``, the ID) as itself and no other character contains those
    bytes, and an ID line is ASCII up to the ID, so its columns are its bytes."""
    index = next((n for n, other in enumerate(plan.items) if other is item), None)
    if index is None:
        return None
    start = _id_line_bytes(raw, skip, item)
    if start is None:
        return None
    indent = _ID_LINE_BYTES.match(raw, start)
    assert indent is not None
    end = _block_end_bytes(raw, start, len(indent.group(1)))
    if end is None or any(raw.find(mark, skip, end) >= 0 for mark in _OTHER_BREAKS_BYTES):
        return None
    try:
        lines_text = raw[start:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if _BLOCK_SCALAR.search(lines_text):
        return None  # (see ``locate``)
    if raw.count(b"\r", skip, end) != raw.count(b"\r\n", skip, end):
        return None
    first = item.source.line - 1
    node, problems = _read_block(plan, item, lines_text, first)
    if node is None:
        return None
    lines = split_lines(lines_text)
    block = Block(item, index, 0, len(lines_text), first, lines, node, problems, "", "")
    return block, start, end


_ID_LINE_BYTES = re.compile(rb"( *)- +id: +")
_OTHER_BREAKS_BYTES = tuple(mark.encode("utf-8") for mark in _OTHER_BREAKS)


def _id_line_bytes(raw: bytes, skip: int, item: Item) -> int | None:
    """``_id_line`` on bytes: the offset in ``raw`` of the line ``- id: <ID>`` that the model
    places the item's ID on."""
    wanted = item.id.value.encode("utf-8")
    counted, lines = skip, 0
    found = raw.find(wanted, skip)
    while found >= 0:
        line_start = max(raw.rfind(b"\n", skip, found) + 1, skip)
        lines += raw.count(b"\n", counted, line_start)
        counted = line_start
        if lines + 1 > item.source.line:
            return None
        after = raw[found + len(wanted) : found + len(wanted) + 1]
        if (
            lines + 1 == item.source.line
            and found - line_start == item.source.column - 1
            and _ID_LINE_BYTES.fullmatch(raw, line_start, found)
            and after in (b"", b"\n", b"\r", b" ")
        ):
            return line_start
        found = raw.find(wanted, found + 1)
    return None


def _block_end_bytes(raw: bytes, start: int, dash: int) -> int | None:
    """``_block_end`` on bytes."""
    line_end = raw.find(b"\n", start)
    if line_end < 0:
        return None
    end = position = line_end + 1
    while position < len(raw):
        line_end = raw.find(b"\n", position)
        next_line = len(raw) if line_end < 0 else line_end + 1
        content = raw[position:next_line].rstrip(b"\r\n")
        stripped = content.lstrip(b" ")
        if stripped and not stripped.startswith(b"#"):
            if len(content) - len(stripped) <= dash:
                break
            if line_end < 0:
                return None
            end = next_line
        position = next_line
    return end


# A block scalar's header (``|``, ``>-``, ``|+2``…) ending a line, as a value or a list entry.
_BLOCK_SCALAR = re.compile(r"(?:^|[\s:-])[|>][0-9+-]*[ \t]*(?:#[^\n]*)?\r?$", re.MULTILINE)


def _id_line(text: str, item: Item) -> int | None:
    """The offset of the line ``- id: <ID>`` that the model places the item's ID on."""
    wanted = item.id.value
    counted, lines = 0, 0
    found = text.find(wanted)
    while found >= 0:
        line_start = text.rfind("\n", 0, found) + 1
        lines += text.count("\n", counted, line_start)
        counted = line_start
        if lines + 1 > item.source.line:
            return None
        after = text[found + len(wanted) : found + len(wanted) + 1]
        if (
            lines + 1 == item.source.line
            and found - line_start == item.source.column - 1
            and _ID_LINE.fullmatch(text, line_start, found)
            and after in ("", "\n", "\r", " ")
        ):
            return line_start
        found = text.find(wanted, found + 1)
    return None


def _block_end(text: str, start: int, dash: int) -> int | None:
    """Where the item's lines end: past its last line of content before a line indented no more
    than its dash (the next item, task or section), or the end of the text. Blank lines and
    comments after its content are not its own."""
    line_end = text.find("\n", start)
    if line_end < 0:
        return None
    end = position = line_end + 1
    while position < len(text):
        line_end = text.find("\n", position)
        next_line = len(text) if line_end < 0 else line_end + 1
        content = text[position:next_line].rstrip("\r\n")
        stripped = content.lstrip(" ")
        if stripped and not stripped.startswith("#"):
            if len(content) - len(stripped) <= dash:
                break
            if line_end < 0:
                return None  # the file's last line has no line end: the full way knows it
            end = next_line
        position = next_line
    return end


def _read_block(
    plan: Plan, item: Item, lines: str, first: int
) -> tuple[MappingNode | None, tuple[Diagnostic, ...]]:
    """Compose the item's lines alone and check they read as the model's item."""
    found = _read(plan, item, lines, first)
    if found is None or found[1] != item:
        return None, ()
    return found[0], found[2]


def _read(
    plan: Plan, item: Item, lines: str, first: int
) -> tuple[MappingNode, Item, tuple[Diagnostic, ...]] | None:
    """The node, item and problems of an item's lines (those of ``item`` before an edit, or
    after), composed alone with their lines numbered as in the file."""
    # lazy: the loader, only to check an edited item (the cache's patches need `shift_plan` alone)
    from parplan.io.loader import _deeper_than, build_entry, parse_document

    document = parse_document(plan.file, ("\n" * first + lines).encode("utf-8"))
    root = document.root
    if document.problems or not isinstance(root, SequenceNode) or root.flow_style:
        return None
    if len(root.value) != 1 or _deeper_than(root, _BLOCK_DEPTH) is not None:
        return None
    node = root.value[0]
    if not isinstance(node, MappingNode) or node.flow_style or node.start_mark.line != first:
        return None
    section = next((s for s in plan.sections if s.id.value == item.section_id), None)
    task = next((t for t in plan.tasks if t.id.value == item.task_id), None)
    if section is None or task is None:
        return None
    tasks, items, problems = build_entry(
        document, plan.info, section, None if item.is_task else task
    )
    if len(items) != 1 or items[0].id != item.id or (item.is_task and tasks != [task]):
        return None
    return node, items[0], tuple(problems)


# ---------------------------------------------------------------------------------------------
# The model and diagnostics after the edit


def after(
    before: Loaded, block: Block, text: str, new_text: str, keys: tuple[str, ...]
) -> tuple[Loaded, int] | None:
    """The model and diagnostics (without today's checks) of ``new_text``, ``text`` with the
    lines of ``block`` edited, and the number of lines the edit added (negative: removed); None when that cannot be told without reading it all, or when
    the item's data changed outside ``keys`` (the full way then says which error it is).

    ``before`` is the model of ``text``, as ``cache.load_bytes`` gives it; it is used up: the
    Sources after the block are shifted in place (see the module's docstring).
    """
    if not LEDGER_KEYS.issuperset(keys) or set(rules.CHECKS) != {*ITEM_CHECKS, *OTHER_CHECKS}:
        return None
    head, tail = block.head, block.tail
    if len(text) != len(head) + block.end - block.start + len(tail):
        return None  # (the block of another text)
    if len(new_text) < len(head) + len(tail) or not (
        new_text.startswith(head) and new_text.endswith(tail)
    ):
        return None  # the edit reached beyond the item's lines
    lines = new_text[len(head) : len(new_text) - len(tail)]
    if not lines.endswith(("\n", "\r")):
        return None
    found = _read(before.plan, block.item, lines, block.first)
    if found is None:
        return None
    node, item, problems = found
    if _data_without(block.node, keys) != _data_without(node, keys):
        return None
    name = before.plan.file
    last = block.first + len(block.lines)  # the 1-based number of the block's last line
    inside, outside = [], []
    for diagnostic in before.diagnostics:
        source = diagnostic.source
        if source.file == name and block.first < source.line <= last:
            inside.append(diagnostic)
        elif any(key == "line" or key.endswith("_line") for key in diagnostic.args):
            # a line number among the arguments (first_line, start_line): left to a full load
            # ("deadline" is no such argument: a deadline warning elsewhere keeps the fast way)
            return None
        else:
            outside.append(diagnostic)
    expected = _item_diagnostics(before, block.item, block.problems)
    if [(d, d.args) for d in inside] != [(d, d.args) for d in expected]:
        return None  # the model's diagnostics of the item are not all the item's own
    delta = len(split_lines(lines)) - len(block.lines)
    kept = [
        replace(d, source=Source(name, d.source.line + delta, d.source.column))
        if d.source.file == name and d.source.line > last
        else d
        for d in outside
    ]
    diagnostics = sorted(
        [*kept, *_item_diagnostics(before, item, problems)], key=Diagnostic.sort_key
    )
    plan = before.plan
    if delta:
        shift_plan(plan, block.index, last, delta)
    items = (*plan.items[: block.index], item, *plan.items[block.index + 1 :])
    loaded = Loaded(replace(plan, items=items), before.registry, before.index, tuple(diagnostics))
    return loaded, delta


def with_today(after: Loaded, block: Block, today: date | None) -> tuple[Diagnostic, ...]:
    """The diagnostics of ``after`` (an edit of ``block``) with today's checks, when the model
    before the edit had none: those checks report only errors, so the edited item is the only
    one they may find something in."""
    item = after.plan.items[block.index]
    alone = replace(after.plan, sections=(), tasks=(), items=(item,))
    context = Context(alone, after.registry, after.index, today)
    found = [d for check in TODAY_CHECKS for d in check(context)]
    if not found:
        return after.diagnostics
    return tuple(sorted([*after.diagnostics, *found], key=Diagnostic.sort_key))


def _item_diagnostics(
    before: Loaded, item: Item, problems: tuple[Diagnostic, ...]
) -> list[Diagnostic]:
    """What a full load reports within the item's lines: the loader's problems, then the
    item's checks in their order (without today's), sorted as ``run_checks`` sorts."""
    alone = replace(before.plan, sections=(), tasks=(), items=(item,))
    context = Context(alone, before.registry, before.index, None)
    found = list(problems)
    for check in rules.CHECKS:
        if check in ITEM_CHECKS:
            found.extend(check(context))
    found.sort(key=Diagnostic.sort_key)
    return found


def _data_without(node: MappingNode, keys: tuple[str, ...]) -> object:
    return [
        (data(key), data(value))
        for key, value in node.value
        if not (isinstance(key, ScalarNode) and key.value in keys)
    ]


# ---------------------------------------------------------------------------------------------
# Shifting the Sources after the edited lines


def shift_plan(plan: Plan, index: int, last: int, delta: int) -> None:
    """Add ``delta`` to the line of every Source of the plan past line ``last`` (the Sources of
    a plan are all of its file).

    Each Source is moved once. The loader shares a Source only within one object (an item's,
    task's or section's ``source`` is its ID's), and the visitor compares a Source with those
    already met in the same object; the model is never built otherwise (the differential tests
    compare every shifted model with a fresh load)."""
    after = replace(plan, items=plan.items[index + 1 :])  # the header, sections, tasks too
    _visitor(Plan)(after, last, delta)


def shift_item(item: Item, last: int, delta: int) -> None:
    """``shift_plan`` for one item alone: ``delta`` added to the line of each of its Sources
    past line ``last``."""
    _visitor(Item)(item, last, delta)


def shift_plan_by(plan: Plan, index: int, moves: list[tuple[int, int]]) -> None:
    """``shift_plan`` for several edits one after the other, in one walk: each ``(last,
    delta)`` in turn adds ``delta`` to a line past ``last`` (the line as the edits before it
    left it). A line of the items up to ``index`` is past none of them."""
    if len(moves) <= 1:
        for last, delta in moves:
            shift_plan(plan, index, last, delta)
        return
    # no line at or below this one is moved by any edit (each may have moved it by its delta)
    lowest = min(last for last, _ in moves) - sum(abs(delta) for _, delta in moves)

    def move(line: int) -> int:
        for last, delta in moves:
            if line > last:
                line += delta
        return line

    after = replace(plan, items=plan.items[index + 1 :])
    _visitor(Plan, moved=True)(after, lowest, move)


_VISITORS: dict[tuple[type, bool], Any] = {}
# Setting a frozen Source's line: in its __dict__ (quicker), or through object.__setattr__ if it
# ever gets __slots__. ``delta`` added, or (``moved``) the line ``move`` gives.
_SET_LINE = (
    "set_attribute({0}, 'line', {1})"
    if hasattr(Source, "__slots__")
    else "{0}.__dict__['line'] = {1}"
)


def _visitor(kind: type, moved: bool = False) -> Any:
    """A function ``(value, last, delta)`` that shifts every Source a ``kind`` value holds,
    written out from the model's type hints, field by field, so that shifting 100,000 items
    makes no call per object (a field added to the model later is shifted too); ``moved``:
    ``(value, last, move)``, each line past ``last`` set to ``move(line)``."""
    found = _VISITORS.get((kind, moved))
    if found is None:
        lines = [f"def visit(value, last, {'move' if moved else 'delta'}):"]
        lines += _visit_code(kind, "value", 1, set(), [], moved)
        namespace: dict[str, Any] = {"set_attribute": object.__setattr__}  # frozen
        exec(compile("\n".join(lines), f"<shift {kind.__name__}>", "exec"), namespace)
        found = _VISITORS[kind, moved] = namespace["visit"]
    return found


def _visit_code(
    hint: Any, name: str, depth: int, within: set[Any], met: list[str], moved: bool = False
) -> list[str]:
    """The lines (indented ``depth`` levels) that shift the Sources of ``name``, of type
    ``hint``; none when it cannot hold one. ``met`` names the Sources already shifted in the
    same object, outside loops and conditions (the ones a later field may be)."""
    pad = "    " * depth
    if hint is Source:
        others = "".join(f" and {name} is not {other}" for other in met)
        met.append(name)
        line = f"move({name}.line)" if moved else f"{name}.line + delta"
        return [f"{pad}if {name}.line > last{others}:", f"{pad}    {_SET_LINE.format(name, line)}"]
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        inner = f"{name}_each"
        bodies = [
            _visit_code(arg, inner, depth + 1, within, [], moved) for arg in args if arg is not ...
        ]
        if len(args) != 2 or args[1] is not ... or not bodies[0]:
            if any(bodies):
                raise TypeError(f"a tuple of several types holding Sources: {hint}")
            return []
        return [f"{pad}for {inner} in {name}:", *bodies[0]]
    if origin in (typing.Union, UnionType):
        kinds = [arg for arg in args if arg is not type(None)]
        if len(kinds) != 1:
            if any(_visit_code(arg, name, depth, within, [], moved) for arg in kinds):
                raise TypeError(f"a union of several types holding Sources: {hint}")
            return []
        body = _visit_code(kinds[0], name, depth + 1, within, list(met), moved)
        return [f"{pad}if {name} is not None:", *body] if body else []
    if isinstance(hint, type) and is_dataclass(hint) and hint not in within:
        hints = typing.get_type_hints(hint)
        out: list[str] = []
        for number, item in enumerate(fields(hint)):
            inner = f"{name}_{number}"
            body = _visit_code(hints[item.name], inner, depth, {*within, hint}, met, moved)
            if body:
                out += [f"{pad}{inner} = {name}.{item.name}", *body]
        return out
    return []
