"""Recording progress: surgical, atomic edits of the plan file.

Why one module past 500 lines: completions are recorded on the item, on its ``progress:`` list
or per member of a group-led item, and each way has its undo beside it; the line edits shared
with ``log``, ``late``, ``measure`` and ``carry`` are in ``parplan.io.textedit``, the protocol
that applies an edit to a file in ``parplan.io.editing``, the lock and the atomic write in
``parplan.io.files``, the errors in ``parplan.io.errors``.

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
nodes' marks. ``record_done``, ``undo_done``, ``record_met`` and ``undo_met`` apply one to a file
through ``editing.apply_edit``: under an operating-system lock (``files.locked``: ``filelock``,
released when its process dies), they validate the file, make the edit, validate the result in
memory, make sure the data changed only where intended, and replace the file atomically
(``files.write_atomic``: a temporary file in the same directory, then a rename), unless the file
changed on disk since it was read: then the edit is made again on the new text. Nothing is
written when the file or the result has errors.

Requests that do not fit the plan raise ``RequestError``; files that cannot be edited raise
``DataError``. Neither knows of the terminal: the CLI renders them (``key`` names a sentence of
``parplan.render.i18n.LABELS``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from yaml.nodes import SequenceNode

from parplan.checks.rules import milestone_choices, milestone_of
from parplan.core.deadlines import CONDITIONAL, ONGOING
from parplan.core.model import Completion, Group, Item, Plan, Unit, milestone_matches
from parplan.core.text import fold, nfc
from parplan.io.editing import REDO_ATTEMPTS as REDO_ATTEMPTS
from parplan.io.editing import Change as Change
from parplan.io.editing import apply_edit as apply_edit
from parplan.io.editing import find_item as find_item
from parplan.io.editing import keys_after, locate_item, not_future, unit_index
from parplan.io.errors import DataError, RequestError
from parplan.io.textedit import Edit as Edit
from parplan.io.textedit import Target, entry_after, flow_mapping, last_line, pair, value
from parplan.io.textedit import clean_text as clean_text
from parplan.io.textedit import yaml_scalar as yaml_scalar
from parplan.query.status import (
    completion_of,
    is_per_member,
    member_completion,
    owing_units,
    reference_day,
)

if TYPE_CHECKING:
    from parplan.core.model import Unit
    from parplan.core.units import UnitIndex

DONE_KEYS = ("done", "evidence", "recorded_by")
MET_KEYS = ("met", "met_evidence")


# ---------------------------------------------------------------------------------------------
# The edits, on text


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


def milestone_reference(item: Item, number: int) -> str:
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
    target = locate_item(text, plan, item_id)
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
        return target.add_keys(
            number,
            picked,
            [
                ("done", on.isoformat()),
                ("evidence", yaml_scalar(evidence) if evidence is not None else None),
                ("recorded_by", yaml_scalar(recorded_by) if recorded_by is not None else None),
            ],
            before=keys_after("recorded_by"),
        )
    fields = [
        ("milestone", yaml_scalar(milestone_reference(item, number), flow=True)),
        ("done", on.isoformat()),
        ("evidence", yaml_scalar(evidence, flow=True) if evidence is not None else None),
        ("recorded_by", yaml_scalar(recorded_by, flow=True) if recorded_by is not None else None),
    ]
    return _add_progress(target, number, picked, flow_mapping(fields))


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
    target: Target,
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
        ("milestone", yaml_scalar(milestone_reference(item, number), flow=True)),
        ("unit", yaml_scalar(holder.name, flow=True)),
        ("done", on.isoformat()),
        ("evidence", yaml_scalar(evidence, flow=True) if evidence is not None else None),
        ("recorded_by", yaml_scalar(recorded_by, flow=True) if recorded_by is not None else None),
    ]
    return _add_progress(target, number, picked, flow_mapping(fields))


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


def _add_progress(target: Target, number: int, picked: bool, entry: str) -> Edit:
    """A line of the item's ``progress:`` list, created where fmt puts it if absent."""
    found = entry_after(target.node, "progress", entry, target.lines, target.item.id.value)
    if found is None:
        indent = " " * target.node.start_mark.column
        found = (
            target.end_before(keys_after("progress")),
            [
                f"{indent}progress:",
                f"{indent}  - {entry}",
            ],
        )
    return target.inserted(*found, number, picked)


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
    target = locate_item(text, plan, item_id)
    item = target.item
    member = _member_request(item, unit, index)
    if member is not None:
        assert index is not None
        record, record_number = _member_record(item, member, index, milestone)
        spot = (record.source.line - 1, record.source.column - 1)
        return target.removed(_progress_entry_span(target, spot), record_number)
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
        spans = target.key_spans(DONE_KEYS)
    else:
        spans = _progress_entry_span(target, where)
    return target.removed(spans, number)


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


def _progress_entry_span(target: Target, where: tuple[int, int]) -> list[tuple[int, int]]:
    """The lines of the progress entry whose date is written at ``where`` (0-based); the whole
    ``progress:`` key when that entry is its only one."""
    key, sequence = pair(target.node, "progress") or (None, None)
    if key is None or not isinstance(sequence, SequenceNode) or sequence.flow_style:
        raise DataError("ledger.layout", id=target.item.id.value, line=where[0] + 1)
    for entry in sequence.value:
        done = value(entry, "done")
        if done is not None and (done.start_mark.line, done.start_mark.column) == where:
            if len(sequence.value) == 1:
                target.require_own_line(key.start_mark.line, key.start_mark.column, r"\s*")
                return [(key.start_mark.line, last_line(sequence, target.lines))]
            first = entry.start_mark.line
            target.require_own_line(first, entry.start_mark.column, r"\s*-\s*")
            return [(first, last_line(entry, target.lines))]
    raise DataError("ledger.layout", id=target.item.id.value, line=where[0] + 1)


def add_condition_met(text: str, plan: Plan, item_id: str, on: date, evidence: str | None) -> Edit:
    """Record that a conditional item's condition was met on ``on``, shown by ``evidence``."""
    target = locate_item(text, plan, item_id)
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
    return target.add_keys(None, False, fields, before=keys_after("met_evidence"))


def remove_condition_met(text: str, plan: Plan, item_id: str) -> Edit:
    """Take back a recorded met condition."""
    target = locate_item(text, plan, item_id)
    if target.item.met is None:
        raise RequestError("ledger.nothing-to-undo.met", id=target.item.id.value)
    return target.removed(target.key_spans(MET_KEYS), None)


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
    not_future(on, today)
    index = unit_index(units_path)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: add_completion(
            text, plan, item_id, on, evidence, recorded_by, milestone, unit, index
        ),
        today,
        (*DONE_KEYS, "progress"),
        item=item_id,
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
    index = unit_index(units_path)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: remove_completion(text, plan, item_id, milestone, unit, index),
        today,
        (*DONE_KEYS, "progress"),
        item=item_id,
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
    not_future(on, today)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: add_condition_met(text, plan, item_id, on, evidence),
        today,
        MET_KEYS,
        item=item_id,
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
        item=item_id,
    )
