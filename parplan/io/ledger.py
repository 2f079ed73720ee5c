"""Recording progress: surgical, atomic edits of the plan file.

Why one module past 500 lines: the text edits and the protocol that applies them (check before,
edit, check after, redo when the file changed meanwhile) are one guarantee; the lock and the
atomic write are in ``parplan.io.files``, the errors in ``parplan.io.errors``.

The plan file is the ledger. Recording a completion (``done``), a met condition (``met``) or
taking one back (``undo``) changes only the lines that state that fact; every other byte of the
file stays as it was: comments, key order, quoting, blank lines, line ends (CRLF stays CRLF) and
a byte-order mark. Recording and then taking back gives the identical file.

Where the lines go:

* a single-milestone item records on the item, after its last key::

      done: 2025-03-20
      evidence: Quyết định số 235/QĐ-BNV ngày 20/3/2025
      recorded_by: Nguyễn Văn A          # only when given

* an item of several milestones records one line per milestone in its ``progress:`` list,
  created after the item's last key when absent, so that two people recording different items
  never touch the same lines (two milestones of one item are adjacent lines, which git may
  report as a conflict)::

      progress:
        - {milestone: Tháng 3/2025, done: 2025-03-20, evidence: "Báo cáo số 12/BC-BNV"}

* a conditional item records ``met: DATE`` and ``met_evidence: TEXT`` after its last key.

The edits are pure functions of the text (``add_completion`` and friends), located with the YAML
nodes' marks. ``record_done``, ``undo_done``, ``record_met`` and ``undo_met`` apply one to a file:
under an operating-system lock (``files.locked``: ``filelock``, released when its process dies), they
validate the file, make the edit, validate the result in memory, make sure the data changed only
where intended, and replace the file atomically (``files.write_atomic``: a temporary file in the same
directory, then a rename), unless the file changed on disk since it was read: then the edit is
made again on the new text. Nothing is written when the file or the result has errors.

Requests that do not fit the plan raise ``RequestError``; files that cannot be edited raise
``DataError``. Neither knows of the terminal: the CLI renders them (``key`` names a sentence of
``parplan.render.i18n.LABELS``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.checks.rules import milestone_choices, milestone_of, run_checks, validate
from parplan.core.deadlines import CONDITIONAL, ONGOING
from parplan.core.model import (
    ERROR,
    Completion,
    Diagnostic,
    Group,
    Item,
    Plan,
    Registry,
    Unit,
    milestone_matches,
)
from parplan.core.text import fold, nfc, visible
from parplan.core.units import UnitIndex
from parplan.io import cache
from parplan.io.errors import DataError, RequestError
from parplan.io.files import ChangedMeanwhile, locked, write_atomic, write_target
from parplan.io.lines import node_data, split_lines
from parplan.io.reading import read_file
from parplan.query.status import (
    completion_of,
    is_per_member,
    member_completion,
    owing_units,
    reference_day,
)

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.model import Unit
    from parplan.core.units import UnitIndex
    from parplan.io.cache import Edited

BOM = "\ufeff".encode()
_ENDING = re.compile(r"(?:\r\n|[\r\n\x85\u2028\u2029])\Z")

STR = "tag:yaml.org,2002:str"
DONE_KEYS = ("done", "evidence", "recorded_by")
MET_KEYS = ("met", "met_evidence")


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


@dataclass(frozen=True)
class Change:
    """An edit written to a file, with the plan as it now reads and the result's warnings on
    the added lines (errors stop the write)."""

    path: Path
    edit: Edit
    plan: Plan
    warnings: tuple[Diagnostic, ...]


# ---------------------------------------------------------------------------------------------
# Writing YAML scalars


def yaml_scalar(value: str, flow: bool = False) -> str:
    """``value`` as ``parplan fmt`` writes it (plain when YAML reads it back unchanged, else
    double-quoted), so that a recorded line is already in canonical form."""
    # lazy: fmt and the loader: the view `owing` imports this module for milestone names only
    from parplan.io.fmt import scalar_text

    return scalar_text(value, flow=flow)


def clean_text(value: str | None) -> str | None:
    """A text typed by a person, as recorded: NFC, on one line, spaces collapsed; None if empty."""
    if value is None:
        return None
    value = " ".join(nfc(value).split())
    if not visible(value).strip():  # a zero-width space is not a document
        return None
    return value


# ---------------------------------------------------------------------------------------------
# Lines and nodes


def _ending(line: str) -> str:
    found = _ENDING.search(line)
    return found.group() if found else ""


def _content(line: str) -> str:
    return line[: len(line) - len(_ending(line))]


def _item_nodes(root: Node | None) -> dict[str, MappingNode]:
    """Each item's mapping node by ID: activities, and tasks without activities."""
    found: dict[str, MappingNode] = {}
    for section in _entries(_value(root, "sections")):
        for task in _entries(_value(section, "tasks")):
            activities = _value(task, "activities")
            for node in _entries(activities) if activities is not None else [task]:
                item_id = _value(node, "id")
                if isinstance(node, MappingNode) and isinstance(item_id, ScalarNode):
                    found.setdefault(nfc(item_id.value).strip(), node)
    return found


def _pair(node: Node | None, key: str) -> tuple[ScalarNode, Node] | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key_node, ScalarNode) and nfc(key_node.value) == key:
                return key_node, value_node
    return None


def _value(node: Node | None, key: str) -> Node | None:
    pair = _pair(node, key)
    return pair[1] if pair else None


def _entries(node: Node | None) -> list[Node]:
    return list(node.value) if isinstance(node, SequenceNode) else []


def _last_line(node: Node, lines: list[str]) -> int:
    """The 0-based line of the node's last character of content.

    A block collection's end mark lies at the next token, past blank lines and comments, so the
    last child decides; a block scalar's end mark lies past its trailing blank lines.
    """
    if isinstance(node, MappingNode) and not node.flow_style and node.value:
        return _last_line(node.value[-1][1], lines)
    if isinstance(node, SequenceNode) and not node.flow_style and node.value:
        return _last_line(node.value[-1], lines)
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    line = min(line, len(lines) - 1)
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return max(line, node.start_mark.line)


def _insert(lines: list[str], after: int, new: list[str], eol: str) -> list[str]:
    """Lines ``new`` (without ends) inserted after line ``after``. A last line without a line
    end keeps the file ending without one, so that removing the lines gives the file back."""
    if _ending(lines[after]):
        return [*lines[: after + 1], *(line + eol for line in new), *lines[after + 1 :]]
    return [
        *lines[:after],
        lines[after] + eol,
        *(line + eol for line in new[:-1]),
        new[-1],
        *lines[after + 1 :],
    ]


def _remove(lines: list[str], first: int, last: int) -> list[str]:
    """Lines ``first``..``last`` removed; the inverse of ``_insert``."""
    out = [*lines[:first], *lines[last + 1 :]]
    if not _ending(lines[last]) and first > 0 and last == len(lines) - 1:
        out[first - 1] = _content(out[first - 1])
    return out


def _eol(lines: list[str], near: int) -> str:
    """The line end to write: that of the line we write after, else the file's first one."""
    if 0 <= near < len(lines) and _ending(lines[near]):
        return _ending(lines[near])
    for line in lines:
        if _ending(line):
            return _ending(line)
    return "\n"


# ---------------------------------------------------------------------------------------------
# The edits, on text


@dataclass(frozen=True)
class _Target:
    """An item found in the model and in the node tree of the same text.

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


def _target(text: str, plan: Plan, item_id: str) -> _Target:
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import parse_document
    from parplan.io.splice import located

    item = find_item(plan, item_id)
    block = located(text, plan, item)
    if block is not None:
        lines = [""] * block.first + block.lines
        return _Target(item, block.node, lines, block.head, block.tail)
    document = parse_document(plan.file, text.encode("utf-8"))
    node = _item_nodes(document.root).get(item.id.value)
    if node is None:  # the model and the text disagree: the caller passed another text
        raise DataError("ledger.layout", id=item.id.value, line=item.source.line)
    if node.flow_style:
        raise DataError("ledger.layout", id=item.id.value, line=item.source.line)
    return _Target(item, node, split_lines(text))


def find_item(plan: Plan, item_id: str) -> Item:
    """The item with that ID (case and spaces forgiven), or a RequestError that suggests one."""
    wanted = nfc(item_id).strip()
    item = plan.find(wanted)
    if item is not None:
        return item
    children = plan.activities_of(wanted)
    if children:
        raise RequestError("error.item.task", id=wanted, ids=", ".join(children))
    raise RequestError("error.item.unknown", id=wanted, ids=", ".join(plan.close_ids(wanted)))


def milestone_name(item: Item, number: int) -> str:
    """A milestone as shown to a person: its label, else for an item's only milestone the
    deadline as written, else its number."""
    label = item.milestones[number - 1].label
    if label:
        return label
    return item.deadline.value if len(item.milestones) == 1 else str(number)


def resolve_milestone(item: Item, reference: str) -> int:
    """The 1-based number of the milestone a person named, by label (accents and case forgiven)
    or by number."""
    reference = nfc(reference).strip()
    for number, milestone in enumerate(item.milestones, start=1):
        if milestone_matches(reference, milestone, number):
            return number
    raise RequestError(
        "ledger.unknown-milestone",
        id=item.id.value,
        milestone=reference,
        choices=milestone_choices(item),
    )


def _reference(item: Item, number: int) -> str:
    """How the file names a milestone: its label when that names it alone, else its number."""
    label = item.milestones[number - 1].label
    labels = [fold(m.label or "") for m in item.milestones]
    if label and labels.count(fold(label)) == 1:
        return label
    return str(number)


def _earliest_open(item: Item) -> int:
    open_numbers = [
        number
        for number, milestone in enumerate(item.milestones, start=1)
        if milestone.kind != ONGOING and completion_of(item, number) is None
    ]
    if not open_numbers:
        if all(m.kind == ONGOING for m in item.milestones):
            raise RequestError("ledger.ongoing", id=item.id.value)
        raise RequestError("ledger.all-done", id=item.id.value)

    def key(number: int) -> tuple[bool, date, int]:
        due = item.milestones[number - 1].due
        return (due is None, due or date.max, number)

    return min(open_numbers, key=key)


def add_completion(
    text: str,
    plan: Plan,
    item_id: str,
    on: date,
    evidence: str | None,
    recorded_by: str | None = None,
    milestone: str | None = None,
    unit: str | None = None,
    index: UnitIndex | None = None,
) -> Edit:
    """Record that a milestone of an item was completed on ``on``, shown by ``evidence``.

    ``plan`` is the model of ``text``. Without ``milestone``, a single-milestone item records on
    the item, and an item of several milestones records its earliest open milestone.

    An item led by a group is done by each member on its own (with the unit ``index``, see
    ``status.is_per_member``): ``unit`` (a registry name) is then required and the record is
    that unit's part, one ``progress`` line with ``unit:``; ``unit`` on any other item is refused.
    """
    target = _target(text, plan, item_id)
    item = target.item
    evidence, recorded_by = clean_text(evidence), clean_text(recorded_by)
    member = _member_request(item, unit, index)
    if member is not None:
        assert index is not None
        return _add_member_completion(
            target, plan, index, member, on, evidence, recorded_by, milestone
        )
    picked = milestone is None and len(item.milestones) > 1
    if milestone is not None:
        number = resolve_milestone(item, milestone)
    else:
        number = _earliest_open(item) if picked else 1
    if item.milestones[number - 1].kind == ONGOING:
        if len(item.milestones) == 1:
            raise RequestError("ledger.ongoing", id=item.id.value)
        raise RequestError(
            "ledger.ongoing.milestone", id=item.id.value, milestone=milestone_name(item, number)
        )
    existing = completion_of(item, number)
    if existing is not None:
        raise RequestError(
            "ledger.already-done",
            id=item.id.value,
            milestone=milestone_name(item, number),
            on=existing.on,
            option="" if len(item.milestones) == 1 else f" --milestone {number}",
        )
    if evidence is None and plan.info.evidence_required:
        raise RequestError("ledger.evidence-required", id=item.id.value)
    if len(item.milestones) == 1:
        return _add_on_item(
            target,
            number,
            picked,
            [
                ("done", on.isoformat()),
                ("evidence", yaml_scalar(evidence) if evidence is not None else None),
                ("recorded_by", yaml_scalar(recorded_by) if recorded_by is not None else None),
            ],
        )
    fields = [
        ("milestone", yaml_scalar(_reference(item, number), flow=True)),
        ("done", on.isoformat()),
        ("evidence", yaml_scalar(evidence, flow=True) if evidence is not None else None),
        ("recorded_by", yaml_scalar(recorded_by, flow=True) if recorded_by is not None else None),
    ]
    entry = "{" + ", ".join(f"{key}: {value}" for key, value in fields if value is not None) + "}"
    return _add_progress(target, number, picked, entry)


def _member_request(item: Item, unit: str | None, index: UnitIndex | None) -> Unit | None:
    """The unit a request names for its own part of a group-led item; None for an item with one
    completion. ``unit`` missing on a group-led item, or given on another, is a RequestError."""
    per_member = index is not None and is_per_member(item, index)
    if not per_member:
        if unit is not None:
            raise RequestError("ledger.unit-not-group", id=item.id.value)
        return None
    assert index is not None
    if unit is None:
        group = next(
            ref.value
            for ref in item.lead
            if (found := index.lookup(ref.value)) is not None and isinstance(found.entry, Group)
        )
        example = next((u.name for u in index.registry.units if u.kind != "role"), "")
        raise RequestError("ledger.unit-required", id=item.id.value, group=group, example=example)
    found = index.lookup(unit)
    if found is not None and isinstance(found.entry, Group):
        raise RequestError("ledger.unit-is-group", name=found.entry.name, id=item.id.value)
    if found is None or not isinstance(found.entry, Unit):
        raise RequestError("error.unit.unknown", name=unit, hint="")
    return found.entry


def _add_member_completion(
    target: _Target,
    plan: Plan,
    index: UnitIndex,
    unit: Unit,
    on: date,
    evidence: str | None,
    recorded_by: str | None,
    milestone: str | None,
) -> Edit:
    item = target.item
    picked = milestone is None and len(item.milestones) > 1
    if milestone is not None:
        number = resolve_milestone(item, milestone)
    else:
        number = _earliest_open_for(item, unit, index, on)
    m = item.milestones[number - 1]
    if m.kind == ONGOING:
        raise RequestError(
            "ledger.ongoing.milestone", id=item.id.value, milestone=milestone_name(item, number)
        )
    if unit.established is not None and on < unit.established:
        # issue 18: a unit cannot have done its part before it existed; refused rather than
        # warned, since the record could only be a wrong day or a wrong unit.
        raise RequestError(
            "ledger.unit-not-established", unit=unit.name, day=unit.established, on=on
        )
    holder = index.successor_on(unit, reference_day(m, on))
    owing = owing_units(item, number, index, on)
    if holder not in owing:
        raise RequestError(
            "ledger.unit-not-owing",
            unit=unit.name,
            milestone=milestone_name(item, number),
            id=item.id.value,
            due=m.due or "—",
            names=", ".join(u.short or u.name for u in owing) or "—",
        )
    existing = member_completion(item, number, holder, index, on)
    if existing is not None:
        raise RequestError(
            "ledger.unit-done",
            unit=holder.name,
            milestone=milestone_name(item, number),
            id=item.id.value,
            on=existing.on,
        )
    if evidence is None and plan.info.evidence_required:
        raise RequestError("ledger.evidence-required", id=item.id.value)
    fields = [
        ("milestone", yaml_scalar(_reference(item, number), flow=True)),
        ("unit", yaml_scalar(holder.name, flow=True)),
        ("done", on.isoformat()),
        ("evidence", yaml_scalar(evidence, flow=True) if evidence is not None else None),
        ("recorded_by", yaml_scalar(recorded_by, flow=True) if recorded_by is not None else None),
    ]
    entry = "{" + ", ".join(f"{key}: {value}" for key, value in fields if value is not None) + "}"
    return _add_progress(target, number, picked, entry)


def _earliest_open_for(item: Item, unit: Unit, index: UnitIndex, on: date) -> int:
    """The unit's earliest milestone of a group-led item that it owes and has not recorded."""
    numbers = []
    owes_any = False
    for number, milestone in enumerate(item.milestones, start=1):
        if milestone.kind == ONGOING:
            continue
        holder = index.successor_on(unit, reference_day(milestone, on))
        if holder not in owing_units(item, number, index, on):
            continue
        owes_any = True
        if member_completion(item, number, holder, index, on) is None:
            numbers.append(number)
    if not owes_any:
        raise RequestError("ledger.unit-owes-none", unit=unit.name, id=item.id.value)
    if not numbers:
        raise RequestError("ledger.unit-all-done", unit=unit.name, id=item.id.value)

    def key(number: int) -> tuple[bool, date, int]:
        due = item.milestones[number - 1].due
        return (due is None, due or date.max, number)

    return min(numbers, key=key)


def _add_on_item(
    target: _Target,
    number: int | None,
    picked: bool,
    fields: list[tuple[str, str | None]],
    before: tuple[str, ...] = (),
) -> Edit:
    """Add keys to the item: before the first of the ``before`` keys it has (to keep the
    canonical key order of ``parplan fmt``), else after its last line."""
    lines, node = target.lines, target.node
    indent = " " * node.start_mark.column
    after = _last_line(node, lines)
    for key_node, _value in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value in before:
            after = key_node.start_mark.line - 1
            break
    new = [f"{indent}{key}: {value}" for key, value in fields if value is not None]
    return _inserted(target, after, new, number, picked)


def _add_progress(target: _Target, number: int, picked: bool, entry: str) -> Edit:
    lines, node = target.lines, target.node
    pair = _pair(node, "progress")
    if pair is None:
        indent = " " * node.start_mark.column
        new = [f"{indent}progress:", f"{indent}  - {entry}"]
        return _inserted(target, _last_line(node, lines), new, number, picked)
    key, sequence = pair
    if isinstance(sequence, SequenceNode) and not sequence.flow_style and sequence.value:
        new = [" " * sequence.start_mark.column + "- " + entry]
        return _inserted(target, _last_line(sequence, lines), new, number, picked)
    if isinstance(sequence, ScalarNode) and sequence.tag == "tag:yaml.org,2002:null":
        new = [" " * (key.start_mark.column + 2) + "- " + entry]
        return _inserted(target, _last_line(sequence, lines), new, number, picked)
    raise DataError("ledger.layout", id=target.item.id.value, line=key.start_mark.line + 1)


def _inserted(
    target: _Target, after: int, new: list[str], number: int | None, picked: bool
) -> Edit:
    lines = _insert(target.lines, after, new, _eol(target.lines, after))
    added = tuple((after + 2 + i, line) for i, line in enumerate(new))
    return Edit(target.text(lines), target.item.id.value, added, (), number, picked)


def remove_completion(
    text: str,
    plan: Plan,
    item_id: str,
    milestone: str | None = None,
    unit: str | None = None,
    index: UnitIndex | None = None,
) -> Edit:
    """Take back a recorded completion: of the named milestone, or else the item's most recent
    one (the latest date; the last written among equal dates). For a group-led item, ``unit``
    names whose part is taken back (required, as for ``add_completion``)."""
    target = _target(text, plan, item_id)
    item = target.item
    member = _member_request(item, unit, index)
    if member is not None:
        assert index is not None
        record, record_number = _member_record(item, member, index, milestone)
        spot = (record.source.line - 1, record.source.column - 1)
        return _removed(target, _progress_entry_span(target, spot), record_number)
    number: int | None
    if milestone is not None:
        number = resolve_milestone(item, milestone)
        completion = completion_of(item, number)
        if completion is None:
            raise RequestError(
                "ledger.nothing-to-undo.milestone",
                id=item.id.value,
                milestone=milestone_name(item, number),
            )
    else:
        if not item.completions:
            raise RequestError("ledger.nothing-to-undo", id=item.id.value)
        completion = max(item.completions, key=lambda c: (c.on, c.source.line, c.source.column))
        number = milestone_of(item, completion)
    where = (completion.source.line - 1, completion.source.column - 1)
    if completion.milestone is None:
        spans = _key_spans(target, DONE_KEYS)
    else:
        spans = _progress_entry_span(target, where)
    return _removed(target, spans, number)


def _member_record(
    item: Item, unit: Unit, index: UnitIndex, milestone: str | None
) -> tuple[Completion, int]:
    """The unit's own completion of the named milestone, or else its most recent one."""
    numbers = (
        [resolve_milestone(item, milestone)]
        if milestone is not None
        else list(range(1, len(item.milestones) + 1))
    )
    found = []
    for number in numbers:
        day = item.milestones[number - 1].due or date.max
        completion = member_completion(item, number, index.successor_on(unit, day), index, day)
        if completion is not None:
            found.append((completion, number))
    if not found:
        suffix = f" ({milestone_name(item, numbers[0])})" if milestone is not None else ""
        raise RequestError(
            "ledger.unit-nothing-to-undo", unit=unit.name, id=item.id.value, milestone=suffix
        )
    return max(found, key=lambda pair: (pair[0].on, pair[0].source.line))


def _key_spans(target: _Target, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """The lines of each of the item's ``keys``: from the key to the end of its value."""
    spans = []
    for key in keys:
        pair = _pair(target.node, key)
        if pair is None:
            continue
        key_node, value = pair
        _require_own_line(target, key_node.start_mark.line, key_node.start_mark.column, r"\s*")
        spans.append((key_node.start_mark.line, _last_line(value, target.lines)))
    return spans


def _progress_entry_span(target: _Target, where: tuple[int, int]) -> list[tuple[int, int]]:
    """The lines of the progress entry whose date is written at ``where`` (0-based); the whole
    ``progress:`` key when that entry is its only one."""
    key, sequence = _pair(target.node, "progress") or (None, None)
    if key is None or not isinstance(sequence, SequenceNode) or sequence.flow_style:
        raise DataError("ledger.layout", id=target.item.id.value, line=where[0] + 1)
    for entry in sequence.value:
        done = _value(entry, "done")
        if done is not None and (done.start_mark.line, done.start_mark.column) == where:
            if len(sequence.value) == 1:
                _require_own_line(target, key.start_mark.line, key.start_mark.column, r"\s*")
                return [(key.start_mark.line, _last_line(sequence, target.lines))]
            first = entry.start_mark.line
            _require_own_line(target, first, entry.start_mark.column, r"\s*-\s*")
            return [(first, _last_line(entry, target.lines))]
    raise DataError("ledger.layout", id=target.item.id.value, line=where[0] + 1)


def _require_own_line(target: _Target, line: int, column: int, prefix: str) -> None:
    """What we remove must start its line (after indentation, or a list's dash)."""
    if not re.fullmatch(prefix, target.lines[line][:column]):
        raise DataError("ledger.layout", id=target.item.id.value, line=line + 1)


def _removed(target: _Target, spans: list[tuple[int, int]], number: int | None) -> Edit:
    lines = target.lines
    removed: list[tuple[int, str]] = []
    merged: list[list[int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    for first, last in reversed(merged):
        removed[:0] = [(n + 1, _content(lines[n])) for n in range(first, last + 1)]
        lines = _remove(lines, first, last)
    return Edit(target.text(lines), target.item.id.value, (), tuple(removed), number, False)


def add_condition_met(text: str, plan: Plan, item_id: str, on: date, evidence: str | None) -> Edit:
    """Record that a conditional item's condition was met on ``on``, shown by ``evidence``."""
    target = _target(text, plan, item_id)
    item = target.item
    evidence = clean_text(evidence)
    if not any(m.kind == CONDITIONAL for m in item.milestones):
        raise RequestError("ledger.not-conditional", id=item.id.value)
    if item.after is not None:  # its condition is the other item's completion, not a record
        raise RequestError("ledger.met-after", id=item.id.value, after=item.after.value)
    if item.met is not None:
        raise RequestError("ledger.already-met", id=item.id.value, on=item.met.on)
    if evidence is None and plan.info.evidence_required:
        raise RequestError("ledger.evidence-required", id=item.id.value)
    fields = [
        ("met", on.isoformat()),
        ("met_evidence", yaml_scalar(evidence) if evidence is not None else None),
    ]
    return _add_on_item(
        target, None, False, fields, before=("done", "evidence", "recorded_by", "progress")
    )


def remove_condition_met(text: str, plan: Plan, item_id: str) -> Edit:
    """Take back a recorded met condition."""
    target = _target(text, plan, item_id)
    if target.item.met is None:
        raise RequestError("ledger.nothing-to-undo.met", id=target.item.id.value)
    return _removed(target, _key_spans(target, MET_KEYS), None)


# ---------------------------------------------------------------------------------------------
# Applying an edit to a file


def record_done(
    plan_path: str | Path,
    units_path: str | Path,
    item_id: str,
    *,
    on: date,
    evidence: str | None,
    recorded_by: str | None = None,
    milestone: str | None = None,
    today: date | None = None,
    unit: str | None = None,
) -> Change:
    """Record a completion in the plan file (see ``add_completion``). ``today`` (given by the
    caller: the library never asks the clock) rules out dates in the future. ``unit`` names the
    member whose own part of a group-led item is recorded."""
    _not_future(on, today)
    index = _unit_index(units_path)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: add_completion(
            text, plan, item_id, on, evidence, recorded_by, milestone, unit, index
        ),
        today,
        (*DONE_KEYS, "progress"),
    )


def undo_done(
    plan_path: str | Path,
    units_path: str | Path,
    item_id: str,
    *,
    milestone: str | None = None,
    today: date | None = None,
    unit: str | None = None,
) -> Change:
    """Take back a completion in the plan file (see ``remove_completion``)."""
    index = _unit_index(units_path)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: remove_completion(text, plan, item_id, milestone, unit, index),
        today,
        (*DONE_KEYS, "progress"),
    )


def record_met(
    plan_path: str | Path,
    units_path: str | Path,
    item_id: str,
    *,
    on: date,
    evidence: str | None,
    today: date | None = None,
) -> Change:
    """Record a met condition in the plan file (see ``add_condition_met``)."""
    _not_future(on, today)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: add_condition_met(text, plan, item_id, on, evidence),
        today,
        MET_KEYS,
    )


def undo_met(
    plan_path: str | Path, units_path: str | Path, item_id: str, *, today: date | None = None
) -> Change:
    """Take back a met condition in the plan file."""
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: remove_condition_met(text, plan, item_id),
        today,
        MET_KEYS,
    )


def _unit_index(units_path: str | Path) -> UnitIndex:
    """The registry as a lookup, to tell group-led items (an unreadable registry is reported
    when the plan is checked)."""
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import load_registry

    registry, _ = load_registry(units_path)
    return UnitIndex(registry)


def _not_future(on: date, today: date | None) -> None:
    if today is not None and on > today:
        raise RequestError("ledger.future", on=on, today=today)


def apply_edit(
    plan_path: str | Path,
    units_path: str | Path,
    make_edit: Callable[[str, Plan], Edit],
    today: date | None,
    keys: tuple[str, ...],
    lock_timeout: float = 10.0,
) -> Change:
    """Lock the file, validate it, edit its text, validate the result, write it atomically.

    ``keys`` are the item keys the edit may touch: the data outside them must stay equal.
    A plan that is a symbolic link is edited where it points. If the file changes on disk
    between reading and writing (an editor saving, ``git pull``), the edit is made again on
    what is there now, so that nothing anyone saved is overwritten; after ``REDO_ATTEMPTS``
    such changes in a row the command gives up (``ledger.changed``) and writes nothing.

    How the file is validated (issue 11: a plan of 100,000 items reads in half a minute, its
    cached model in under one second). With the parse cache on (``io.cache``):

    - before: the model and diagnostics of the bytes read, from the cache (``cache.load_bytes``;
      a miss loads the file and stores it); an error refuses the edit (``ledger.invalid-before``);
    - the edit: ``make_edit`` runs in a ``splice.session``, in which ``_target`` composes only the
      item's lines (located by the model's line of its ID, read again and compared with the
      model's item), so the edit functions work on those lines as on the whole text;
    - after: ``splice.after`` reads the edited lines alone, checks that the bytes outside them
      are the old ones and that the item's data outside ``keys`` is unchanged (the safeguard),
      puts the new item in the model, shifts the Sources after it, and gives the diagnostics a
      full load would give: those of the other items as they were (shifted), the item's own
      from the loader and the checks of one item (``splice.ITEM_CHECKS``); today's checks
      (which report only errors, and found none before) on the edited item;
    - the file is written as below, and the model stored as the cache entry of the new bytes
      (``cache.store``), so that the next view and the next edit read it from there: a patch
      of the entry before it (the new item, where its lines ended, how many lines it added,
      the diagnostics), a few hundred bytes where a pickle of the whole model would take
      longer than the edit itself.

    Whenever one of these steps cannot be sure (the cache is off, the item is in flow style or
    its ID not first, a line break other than LF or CRLF, a diagnostic of the item that is not
    its own…), the edit is checked the full way instead: the whole text loaded and checked
    before and after, and the data of both texts compared (the model after is stored whole).
    ``tests/test_splice.py`` holds the two ways to the same bytes, model and diagnostics.
    """
    # lazy: the view `owing` imports this module for milestone names only
    from parplan.io import splice

    path = Path(plan_path)
    if not path.is_file():  # say so in the plan's terms, before trying to lock beside it
        raise DataError("ledger.invalid-before", validate(path, units_path, today).errors)
    target = write_target(path)
    registry: tuple[Registry, list[Diagnostic]] | None = None
    stored: tuple[bytes, bytes, Loaded, Edited | None] | None = None
    with locked(target, timeout=lock_timeout):
        for _attempt in range(REDO_ATTEMPTS):
            try:
                raw = read_file(target)
            except OSError:
                errors = validate(path, units_path, today).errors
                raise DataError("ledger.invalid-before", errors) from None
            units_raw = _read_or_none(units_path)
            before = None
            if cache.cache_dir() is not None and units_raw is not None:
                before = cache.load_bytes(path, units_path, raw, units_raw)
                before_plan, errors = before.plan, cache.with_today(before, today).errors
            else:
                registry = registry or _registry(units_path, units_raw)
                before_plan, errors = _checked(str(path), raw, *registry, today)
            if errors:
                raise DataError("ledger.invalid-before", errors)
            bom = BOM if raw.startswith(BOM) else b""
            text = raw[len(bom) :].decode("utf-8")
            with splice.session(text) as session:
                edit = make_edit(text, before_plan)
            new_raw = bom + edit.text.encode("utf-8")
            block = session.blocks.get(edit.item_id)
            spliced = None
            if before is not None and block is not None:
                spliced = splice.after(before, block, text, edit.text, keys)
            edited = None
            if spliced is not None and block is not None:
                after, delta = spliced
                edited = cache.Edited(raw, block.index, block.first + len(block.lines), delta)
                diagnostics = splice.with_today(after, block, today)
            else:
                registry = registry or _registry(units_path, units_raw)
                after = _loaded(str(path), new_raw, *registry)
                diagnostics = cache.with_today(after, today).diagnostics
            after_plan = after.plan
            errors = tuple(d for d in diagnostics if d.severity == ERROR)
            if errors:
                raise DataError("ledger.invalid-after", errors)
            if edited is None:  # (in place, splice.after compared the item's data)
                _same_data_elsewhere(text, edit, keys)
            try:
                write_atomic(path, new_raw, expected=raw)
            except ChangedMeanwhile:
                continue  # someone saved the file meanwhile: make the edit again on their text
            if units_raw is not None:
                stored = (new_raw, units_raw, after, edited)
            break
        else:
            raise DataError("ledger.changed-meanwhile", file=str(path), n=REDO_ATTEMPTS)
    if stored is not None:
        cache.store(path, units_path, *stored)
    added = {line for line, _ in edit.added}
    warnings = tuple(
        d for d in diagnostics if d.source.line in added and d.source.file == str(path)
    )
    return Change(path, edit, after_plan, warnings)


def _registry(units_path: str | Path, raw: bytes | None) -> tuple[Registry, list[Diagnostic]]:
    """The units file from its bytes read (None: unreadable), for the full way of checking an
    edit."""
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import build_registry, parse_document, read_document

    document = read_document(units_path) if raw is None else parse_document(str(units_path), raw)
    return build_registry(document)


def _read_or_none(path: str | Path) -> bytes | None:
    try:
        return read_file(path)
    except OSError:
        return None


# How many times an edit is made again when the file keeps changing under it.
REDO_ATTEMPTS = 5


def _checked(
    name: str,
    raw: bytes,
    registry: Registry,
    unit_problems: list[Diagnostic],
    today: date | None,
    errors_only: bool = True,
) -> tuple[Plan, tuple[Diagnostic, ...]]:
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import build_plan, parse_document

    plan, problems = build_plan(parse_document(name, raw))
    loaded = run_checks(plan, registry, [*unit_problems, *problems], today=today)
    return plan, loaded.errors if errors_only else loaded.diagnostics


def _loaded(name: str, raw: bytes, registry: Registry, unit_problems: list[Diagnostic]) -> Loaded:
    """The text loaded and checked in full, without today's checks (``cache.with_today``)."""
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import build_plan, parse_document

    plan, problems = build_plan(parse_document(name, raw))
    return run_checks(plan, registry, [*unit_problems, *problems], today=None)


def _same_data_elsewhere(old: str, edit: Edit, keys: tuple[str, ...]) -> None:
    """The data read from both texts is equal once the item's ``keys`` are set aside: the edit
    changed nothing but the fact it records (a safeguard against unusual layouts)."""
    # lazy: the loader: the view `owing` imports this module for milestone names only
    from parplan.io.loader import parse_document

    before, after = (
        node_data(parse_document("", text.encode("utf-8")).root) for text in (old, edit.text)
    )
    for data in (before, after):
        if isinstance(data, dict):  # a top-level key the edit may change ("/measurements")
            for key in keys:
                if key.startswith("/"):
                    data.pop((STR, key[1:]), None)
        for item in _item_dicts(data):
            item_id = item.get((STR, "id"), (None, ""))
            if isinstance(item_id, tuple) and nfc(str(item_id[1])).strip() == edit.item_id:
                for key in keys:
                    item.pop((STR, key), None)
    if before != after:
        raise DataError("ledger.layout", id=edit.item_id, line=_first_line(edit))


def _first_line(edit: Edit) -> int:
    lines = [line for line, _ in (*edit.added, *edit.removed)]
    return min(lines) if lines else 1


def _item_dicts(data: object) -> Iterator[dict[Any, Any]]:
    if not isinstance(data, dict):
        return
    for section in _dicts(data.get((STR, "sections"))):
        for task in _dicts(section.get((STR, "tasks"))):
            activities = (STR, "activities")
            yield from _dicts(task[activities]) if activities in task else [task]


def _dicts(value: object) -> list[dict[Any, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
