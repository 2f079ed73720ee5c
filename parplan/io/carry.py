"""Carrying unfinished work from one plan into the next: ``parplan carry``.

Why one module past 500 lines: one two-file transaction (both plans locked, edited, re-checked
and written together, an interrupted one repaired); its pieces have no use apart. Reading the
links a carry writes (``validate``'s cross-plan check, ``show``'s other side) is
``io/carry_links.py``.

The unfinished items of a year's plan become the next plan's. Carrying an item:

* in the newer plan, adds it as a task of a section "Nhiệm vụ chuyển tiếp từ năm 2025" (created
  at the end of the plan the first time, extended afterwards), with its texts and units, a
  deadline in the new plan (by default the end of the new plan's first year) and
  ``carried_from: "971/QĐ-BNV I.2.2"`` (the older plan's decision and the item's ID);
* in the older plan, adds ``carried_to: "<decision> <new ID>"`` and ``carried_on: DATE`` to the
  item. Its history stays (its statuses as of any day are unchanged, so what was overdue at
  the end of the year stays overdue in that year's reports), but from the carry date on it is
  no longer in ``due``, ``overdue`` and ``upcoming`` (``status.due_rows``).

Both files are edited as the ledger edits (``parplan.io.ledger``): only the lines of the carried
facts change, both files are validated before and after (in memory), both are locked while the
edit is made, and each is replaced atomically. ``uncarry`` takes a carry back line for line: a
carry then its undo gives back both files byte for byte.

Interrupted runs (issue 19). The two files cannot be replaced in one step, so the order of the
writes is chosen so that a run stopped between them (killed, the machine off) always leaves the
same, harmless, repairable state: a task in the newer plan whose ``carried_from`` names an item
of the older plan that has no ``carried_to`` (both still show, nothing vanishes). ``carry``
writes the newer plan first, ``uncarry`` the older plan first. Every ``carry`` and ``uncarry``
first looks for such half-done work between its two plans (``out_of_step``) and takes it back:
the task is removed from the newer plan (a carry stopped half-way is rolled back; an undo
stopped half-way is completed), and a ``carried_to`` naming no task of the newer plan (a state
only a hand edit or an older parplan leaves) is removed. ``carry`` then carries as asked, so an
item is never carried twice; ``uncarry`` stops there (the undo it was asked for is done).
A task holding progress since is never removed: the run is refused and ``validate`` explains.
``validate`` reports both halves across the repository's plans (``counterpart_problems``:
``carried-to-unmatched``, ``carried-from-unmatched``), with the command that repairs them.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from parplan.core.model import Diagnostic, Item, Plan, Registry
from parplan.core.text import fold, from_roman, is_number, nfc, roman
from parplan.core.units import UnitIndex
from parplan.io.carry_links import counterpart_problems as counterpart_problems
from parplan.io.carry_links import other_sides as other_sides
from parplan.io.carry_links import reference as reference
from parplan.io.carry_links import split_reference as split_reference
from parplan.io.editing import checked, find_item, keys_after, locate_item
from parplan.io.errors import DataError, LedgerError, RequestError
from parplan.io.files import _writable, locked, write_atomic, write_target
from parplan.io.loader import load_registry, parse_document
from parplan.io.textedit import (
    BOM,
    Edit,
    content,
    eol,
    insert_lines,
    inserted,
    last_line,
    pair,
    removed,
    split_lines,
    value,
    yaml_scalar,
)
from parplan.query.status import OVERDUE, PENDING, WAITING, rows_as_of

CARRY_KEYS = ("carried_to", "carried_on")
# Keys the carry marks are written before, to keep the canonical order of ``parplan fmt``.
UNFINISHED = (PENDING, OVERDUE, WAITING)
# "sections: []" of an empty plan, maybe with an end-of-line comment (fmt keeps one).
_EMPTY_SECTIONS = re.compile(r"^sections: \[\]\s*(#.*)?$")


@dataclass(frozen=True)
class FileChange:
    """One file's edit: its path and the lines added and removed."""

    path: Path
    added: tuple[tuple[int, str], ...]
    removed: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Carried:
    """What a carry (or its undo) did: the pairs (old ID, new ID) and each file's lines;
    ``repaired``: the half-done work of an interrupted run taken back first, as (file, ID)."""

    pairs: tuple[tuple[str, str], ...]
    changes: tuple[FileChange, ...]
    repaired: tuple[tuple[Path, str], ...] = ()


def period_words(first: int, last: int) -> str:
    """The period of a plan as a section title says it: "năm 2025", "giai đoạn 2021-2025"."""
    return f"năm {first}" if first == last else f"giai đoạn {first}-{last}"


def section_title(first: int, last: int) -> str:
    return f"Nhiệm vụ chuyển tiếp từ {period_words(first, last)}"


def unfinished(plan: Plan, on: date, index: UnitIndex | None = None) -> list[Item]:
    """The items not carried yet with a milestone still open or waiting on day ``on``. With the
    unit ``index`` (as ``carry`` passes it), a group-led item is finished when every member has
    done its part."""
    open_ids: set[str] = set()
    for row in rows_as_of(plan.items, on, index=index):
        if row.status in UNFINISHED:
            open_ids.add(row.item.id.value)
    return [i for i in plan.items if i.id.value in open_ids and i.carried_to is None]


def pick_items(plan: Plan, on: date, ids: list[str], index: UnitIndex | None = None) -> list[Item]:
    """The items to carry: those named (each must still be open and not carried), else every
    unfinished one; a RequestError when there is none."""
    if not ids:
        every = unfinished(plan, on, index)
        if not every:
            raise RequestError("carry.nothing", file=plan.file)
        return every
    open_ids = {i.id.value for i in unfinished(plan, on, index)}
    items: list[Item] = []
    for typed in ids:
        item = find_item(plan, typed)
        if item.carried_to is not None:
            raise RequestError("carry.already", id=item.id.value, to=item.carried_to.value)
        if item.id.value not in open_ids:
            raise RequestError("carry.finished", id=item.id.value)
        if item not in items:
            items.append(item)
    return items


# ---------------------------------------------------------------------------------------------
# The edits, on text


def _task_lines(item: Item, task_id: str, deadline: str, origin: str, indent: int) -> list[str]:
    """The new plan's task for a carried item, in ``parplan fmt``'s layout (the dash at
    ``indent``)."""
    pad, key = " " * indent, " " * (indent + 2)
    lines = [f"{pad}- id: {yaml_scalar(task_id)}"]
    lines.append(f"{key}title: {yaml_scalar(item.task_title or item.product)}")
    lines.append(f"{key}product: {yaml_scalar(item.product or item.task_title)}")
    for name, units in (("lead", item.lead), ("support", item.support)):
        lines.append(f"{key}{name}:")
        lines += [f"{key}  - {yaml_scalar(unit.value)}" for unit in units]
    lines.append(f"{key}deadline: {yaml_scalar(deadline)}")
    if item.note:
        lines.append(f"{key}note: {yaml_scalar(item.note)}")
    lines.append(f"{key}carried_from: {yaml_scalar(origin)}")
    return lines


def add_carried(
    text: str,
    plan: Plan,
    items: list[tuple[Item, str]],
    title: str,
    deadline: str,
) -> tuple[Edit, list[str]]:
    """Add the items (each with its ``carried_from`` reference) to the newer plan's text, as
    tasks of the section ``title`` (created at the end when absent). Returns the edit and the
    new IDs, in order."""
    root = parse_document(plan.file, text.encode("utf-8")).root
    lines = split_lines(text)
    found = pair(root, "sections")
    if found is None:
        raise DataError("carry.layout", file=plan.file, line=1)
    key, sections = found
    existing = _carry_section(sections, title)
    if existing is not None:
        section_id, tasks = existing
        first_number = _next_number(section_id, tasks)
        ids = [f"{section_id}.{first_number + n}" for n in range(len(items))]
        indent = tasks.value[0].start_mark.column - 2 if tasks.value else 0
        new: list[str] = []
        for (item, origin), new_id in zip(items, ids, strict=True):
            new += ["", *_task_lines(item, new_id, deadline, origin, indent)]
        out, added = inserted(lines, last_line(tasks, lines), new)
        return Edit("".join(out), "", added), ids
    numbers = [from_roman(s.id.value) for s in plan.sections]
    known = [n for n in numbers if n is not None]
    section_id = roman(max(known) + 1) if known else "I"
    if any(s.id.value == section_id for s in plan.sections):
        section_id = f"CT{len(plan.sections) + 1}"
    ids = [f"{section_id}.{n}" for n in range(1, len(items) + 1)]
    if isinstance(sections, SequenceNode) and not sections.flow_style and sections.value:
        dash = sections.value[0].start_mark.column - 2
        body = _section_lines(section_id, title, items, ids, deadline, dash)
        out, added = inserted(lines, last_line(sections, lines), ["", *body])
        return Edit("".join(out), "", added), ids
    # An empty plan: "sections: []" becomes a block list.
    line = key.start_mark.line
    empty = isinstance(sections, SequenceNode) and sections.flow_style and not sections.value
    if not empty or not _EMPTY_SECTIONS.match(content(lines[line])):
        raise DataError("carry.layout", file=plan.file, line=line + 1)
    dash = key.start_mark.column + 2
    body = _section_lines(section_id, title, items, ids, deadline, dash)
    end = eol(lines, line)
    head = content(lines[line]).replace("sections: []", "sections:")
    out = [*lines[:line], head + (_content_end(lines[line]) or end), *lines[line + 1 :]]
    out = insert_lines(out, line, body, end)
    gone = ((line + 1, content(lines[line])),)
    added = ((line + 1, head), *((line + 2 + i, text) for i, text in enumerate(body)))
    return Edit("".join(out), "", added, gone), ids


def _next_number(section_id: str, tasks: SequenceNode) -> int:
    """The number after the highest of the section's tasks (``I.3`` → 4): an undo of a named
    item may have left a gap, and a new task must not take an ID still in use."""
    numbers = [len(tasks.value)]
    for task in tasks.value:
        node = value(task, "id")
        if isinstance(node, ScalarNode):
            head, _, tail = nfc(node.value).strip().rpartition(".")
            if head == section_id and is_number(tail):
                numbers.append(int(tail))
    return max(numbers) + 1


def _content_end(line: str) -> str:
    return line[len(content(line)) :]


def _section_lines(
    section_id: str,
    title: str,
    items: list[tuple[Item, str]],
    ids: list[str],
    deadline: str,
    dash: int,
) -> list[str]:
    pad, key = " " * dash, " " * (dash + 2)
    lines = [f"{pad}- id: {yaml_scalar(section_id)}", f"{key}title: {yaml_scalar(title)}"]
    lines.append(f"{key}tasks:")
    for number, ((item, origin), new_id) in enumerate(zip(items, ids, strict=True)):
        if number:
            lines.append("")
        lines += _task_lines(item, new_id, deadline, origin, dash + 4)
    return lines


def _carry_section(sections: Node | None, title: str) -> tuple[str, SequenceNode] | None:
    """The section of that title (accents and case forgiven) and its tasks, if there is one."""
    if not isinstance(sections, SequenceNode):
        return None
    for section in sections.value:
        title_node = value(section, "title")
        id_node = value(section, "id")
        tasks = value(section, "tasks")
        if (
            isinstance(title_node, ScalarNode)
            and isinstance(id_node, ScalarNode)
            and fold(title_node.value) == fold(title)
            and isinstance(tasks, SequenceNode)
            and not tasks.flow_style
            and tasks.value
        ):
            return nfc(id_node.value).strip(), tasks
    return None


def mark_carried(text: str, plan: Plan, pairs: list[tuple[str, str]], on: date) -> Edit:
    """Add ``carried_to`` and ``carried_on`` to each (old ID, reference in the new plan)."""
    added: list[tuple[int, str]] = []
    for item_id, target in pairs:
        edit = locate_item(text, plan, item_id).add_keys(
            None,
            False,
            [("carried_to", yaml_scalar(target)), ("carried_on", on.isoformat())],
            before=keys_after("carried_on"),
        )
        shift = len(edit.added)
        first = edit.added[0][0]
        added = [(n + shift if n >= first else n, line) for n, line in added]
        added += list(edit.added)
        text = edit.text
    return Edit(text, "", tuple(sorted(added)))


def unmark_carried(text: str, plan: Plan, item_ids: list[str]) -> Edit:
    """Remove ``carried_to`` and ``carried_on`` from each item."""
    spans: list[tuple[int, int]] = []
    target = None
    for item_id in item_ids:
        target = locate_item(text, plan, item_id)
        spans += target.key_spans(CARRY_KEYS)
    assert target is not None
    return target.removed(spans, None)


def remove_carried(text: str, plan: Plan, origins: set[str], ids: set[str] | None = None) -> Edit:
    """Remove from the newer plan the tasks whose ``carried_from`` is one of ``origins`` (and,
    with ``ids``, whose ID is one of them), each with the blank line before it; a section left
    without tasks goes too, and a plan left without sections gets back ``sections: []``."""

    def gone_task(task: Node) -> bool:
        if _origin(task) not in origins:
            return False
        node = value(task, "id")
        return ids is None or (isinstance(node, ScalarNode) and nfc(node.value).strip() in ids)

    root = parse_document(plan.file, text.encode("utf-8")).root
    lines = split_lines(text)
    key, sections = pair(root, "sections") or (None, None)
    if key is None or not isinstance(sections, SequenceNode):
        raise DataError("carry.layout", file=plan.file, line=1)
    spans: list[tuple[int, int]] = []
    emptied = 0
    for section in sections.value:
        tasks = value(section, "tasks")
        if not isinstance(tasks, SequenceNode) or tasks.flow_style:
            continue
        gone = [task for task in tasks.value if gone_task(task)]
        if not gone:
            continue
        if len(gone) == len(tasks.value):
            emptied += 1
            spans.append(_with_blank_before(lines, section))
        else:
            spans += [_with_blank_before(lines, task) for task in gone]
    if emptied and emptied == len(sections.value):
        line = key.start_mark.line
        spans = [(line, last_line(sections, lines))]
        first, last = spans[0]
        dropped = tuple((n + 1, content(lines[n])) for n in range(first, last + 1))
        head = content(lines[line]).replace("sections:", "sections: []", 1)
        ending = _content_end(lines[last]) or ""
        out = [*lines[:first], head + ending, *lines[last + 1 :]]
        return Edit("".join(out), "", ((line + 1, head),), dropped)
    out, dropped = removed(lines, spans)
    return Edit("".join(out), "", (), dropped)


def _origin(task: Node) -> str | None:
    node = value(task, "carried_from")
    return nfc(node.value).strip() if isinstance(node, ScalarNode) else None


def _with_blank_before(lines: list[str], node: Node) -> tuple[int, int]:
    """The node's lines, with the blank line before it (written with it, taken with it)."""
    first, last = node.start_mark.line, last_line(node, lines)
    if first > 0 and not lines[first - 1].strip():
        first -= 1
    return first, last


# ---------------------------------------------------------------------------------------------
# Applying to the files


@dataclass(frozen=True)
class _Opened:
    path: Path
    bom: bytes
    text: str
    plan: Plan


def carry(
    old_path: Path,
    new_path: Path,
    units_path: Path,
    ids: list[str],
    *,
    on: date,
    today: date,
    deadline: str | None = None,
    periods: tuple[tuple[int, int], tuple[int, int]] | None = None,
) -> Carried:
    """Carry the unfinished items of the older plan (all, or ``ids``) into the newer one on day
    ``on``. ``periods`` are the plans' (first, last) years (from their headers; by default
    their ``year``). The new items are due ``deadline`` (default: "Năm <first year of the new
    plan>")."""
    if on > today:
        raise RequestError("ledger.future", on=on, today=today)  # dates: dd/mm/yyyy in vi
    if old_path.resolve() == new_path.resolve():
        raise RequestError("carry.same", file=str(old_path))
    with _both_locked(old_path, new_path):
        registry, unit_problems = _registry(units_path)
        old = _open(old_path, registry, unit_problems, today)
        new = _open(new_path, registry, unit_problems, today)
        repaired = _repair(old, new, registry, unit_problems, today)
        if repaired:  # read again what the repair wrote
            old = _open(old_path, registry, unit_problems, today)
            new = _open(new_path, registry, unit_problems, today)
        old_years, new_years = periods or (
            (old.plan.info.year, old.plan.info.year),
            (new.plan.info.year, new.plan.info.year),
        )
        items = pick_items(old.plan, on, ids, UnitIndex(registry, old.plan.info.issued))
        origins = [(item, reference(old.plan, item.id.value)) for item in items]
        new_edit, new_ids = add_carried(
            new.text,
            new.plan,
            origins,
            section_title(*old_years),
            deadline or f"Năm {new_years[0]}",
        )
        pairs = [(i.id.value, reference(new.plan, n)) for i, n in zip(items, new_ids, strict=True)]
        old_edit = mark_carried(old.text, old.plan, pairs, on)
        # The newer plan first: stopped in between, the task has no mark yet (see the docstring).
        _write_both(old, old_edit, new, new_edit, registry, unit_problems, today)
    return Carried(
        tuple((i.id.value, n) for i, n in zip(items, new_ids, strict=True)),
        (
            FileChange(old_path, old_edit.added, old_edit.removed),
            FileChange(new_path, new_edit.added, new_edit.removed),
        ),
        repaired,
    )


def uncarry(
    old_path: Path, new_path: Path, units_path: Path, ids: list[str], *, today: date
) -> Carried:
    """Take a carry back: the named items, else those of the latest carry date into the newer
    plan. Removes their marks in the older plan and their tasks in the newer one; refused when
    progress was recorded on a carried task since, or the task was carried on to a later plan
    (the undo would silently drop the record, or leave the later plan naming nothing)."""
    with _both_locked(old_path, new_path):
        registry, unit_problems = _registry(units_path)
        old = _open(old_path, registry, unit_problems, today)
        new = _open(new_path, registry, unit_problems, today)
        repaired = _repair(old, new, registry, unit_problems, today)
        if repaired:  # an interrupted carry or undo taken back: that was the undo asked for
            return Carried((), (), repaired)
        carried_here = {
            i.carried_from.value: i.id.value for i in new.plan.items if i.carried_from is not None
        }
        candidates = [
            i
            for i in old.plan.items
            if i.carried_to is not None and reference(old.plan, i.id.value) in carried_here
        ]
        if ids:
            chosen = []
            for typed in ids:
                item = find_item(old.plan, typed)
                if item not in candidates:
                    raise RequestError("carry.not-carried", id=item.id.value, file=str(new_path))
                chosen.append(item)
        else:
            if not candidates:
                raise RequestError("carry.nothing-to-undo", old=str(old_path), new=str(new_path))
            latest = max(i.carried_on or date.min for i in candidates)
            chosen = [i for i in candidates if (i.carried_on or date.min) == latest]
        origins = {reference(old.plan, i.id.value): i for i in chosen}
        for origin in origins:
            recorded = new.plan.item(carried_here[origin])
            if recorded is not None and (recorded.completions or recorded.met is not None):
                raise RequestError("carry.has-progress", id=recorded.id.value, file=str(new_path))
            if recorded is not None and recorded.carried_to is not None:
                raise RequestError(
                    "carry.carried-on",
                    id=recorded.id.value,
                    file=str(new_path),
                    to=recorded.carried_to.value,
                )
        new_edit = remove_carried(new.text, new.plan, set(origins))
        old_edit = unmark_carried(old.text, old.plan, [i.id.value for i in chosen])
        # The older plan first: stopped in between, the task has lost its mark, as a carry
        # stopped half-way leaves it; the next run removes it (see the docstring).
        _write_both(old, old_edit, new, new_edit, registry, unit_problems, today, old_first=True)
    return Carried(
        tuple((i.id.value, carried_here[ref]) for ref, i in origins.items()),
        (
            FileChange(old_path, old_edit.added, old_edit.removed),
            FileChange(new_path, new_edit.added, new_edit.removed),
        ),
    )


@contextlib.contextmanager
def _both_locked(first: Path, second: Path) -> Iterator[None]:
    """Both files' ledger locks, always taken in the same order, so that two carries between
    the same plans (in either direction) cannot each wait on the other."""
    for path in (first, second):
        if not path.is_file():
            raise DataError("carry.missing", file=str(path))
    with contextlib.ExitStack() as stack:
        for path in sorted((first, second), key=lambda p: str(p.resolve())):
            stack.enter_context(locked(path))
        yield


def _registry(units_path: Path) -> tuple[Registry, list[Diagnostic]]:
    return load_registry(units_path)


def _open(path: Path, registry: Registry, unit_problems: list[Diagnostic], today: date) -> _Opened:
    raw = path.read_bytes()
    plan, errors = checked(str(path), raw, registry, unit_problems, today)
    if errors:
        raise DataError("ledger.invalid-before", errors)
    bom = BOM if raw.startswith(BOM) else b""
    return _Opened(path, bom, raw[len(bom) :].decode("utf-8"), plan)


def _write_both(
    old: _Opened,
    old_edit: Edit,
    new: _Opened,
    new_edit: Edit,
    registry: Registry,
    unit_problems: list[Diagnostic],
    today: date,
    old_first: bool = False,
) -> None:
    """Check both results in memory, then replace each file atomically (nothing is written
    when either has errors or is read-only), the newer plan first unless ``old_first``; a file
    the edit leaves as it is is not written. Each file must still be what was read (a save
    made meanwhile is never overwritten: ``ChangedMeanwhile``); if the second cannot be
    written, the first is put back, so that no task is carried without its mark."""
    results = []
    order = ((old, old_edit), (new, new_edit)) if old_first else ((new, new_edit), (old, old_edit))
    for opened, edit in order:
        if edit.text == opened.text:
            continue
        raw = opened.bom + edit.text.encode("utf-8")
        _, errors = checked(str(opened.path), raw, registry, unit_problems, today)
        if errors:
            raise DataError("ledger.invalid-after", errors)
        results.append((opened.path, raw, opened.bom + opened.text.encode("utf-8")))
    for path, _raw, _before in results:
        target = write_target(path)
        if not _writable(target, os.stat(target)):
            raise DataError("ledger.read-only", file=str(path))
    written: list[tuple[Path, bytes, bytes]] = []
    try:
        for path, raw, before in results:
            write_atomic(path, raw, expected=before)
            written.append((path, raw, before))
    except BaseException:
        for path, raw, before in written:
            with contextlib.suppress(LedgerError, OSError):
                write_atomic(path, before, expected=raw)
        raise


# ---------------------------------------------------------------------------------------------
# Interrupted runs (issue 19): the halves of a carry, found and taken back


@dataclass(frozen=True)
class OutOfStep:
    """Half-done carries between two plans: ``tasks``, the newer plan's tasks whose
    ``carried_from`` names an item of the older plan that has no ``carried_to``; ``marks``, the
    older plan's items whose ``carried_to`` names no task of the newer plan (none carries
    ``carried_from`` back to them)."""

    tasks: tuple[Item, ...]
    marks: tuple[Item, ...]


def out_of_step(old: Plan, new: Plan) -> OutOfStep:
    """What an interrupted ``carry`` or ``carry --undo`` between ``old`` and ``new`` left."""
    decision_old, decision_new = nfc(old.info.decision).strip(), nfc(new.info.decision).strip()
    tasks: list[Item] = []
    origins: set[str] = set()
    for task in new.items:
        if task.carried_from is None:
            continue
        origins.add(nfc(task.carried_from.value).strip())
        decision, item_id = split_reference(task.carried_from.value)
        origin = old.item(item_id) if decision == decision_old else None
        if origin is not None and origin.carried_to is None:
            tasks.append(task)
    marks: list[Item] = []
    for item in old.items:
        if item.carried_to is None:
            continue
        decision, task_id = split_reference(item.carried_to.value)
        if decision != decision_new or reference(old, item.id.value) in origins:
            continue
        if new.item(task_id) is None:
            marks.append(item)
    return OutOfStep(tuple(tasks), tuple(marks))


def _repair(
    old: _Opened, new: _Opened, registry: Registry, unit_problems: list[Diagnostic], today: date
) -> tuple[tuple[Path, str], ...]:
    """Take back what an interrupted run left between the two plans (see the module's
    docstring): the tasks without their mark leave the newer plan, the marks without their
    task leave the older one. Refused when such a task holds progress recorded since."""
    found = out_of_step(old.plan, new.plan)
    if not found.tasks and not found.marks:
        return ()
    for task in found.tasks:
        if task.completions or task.met is not None or task.carried_to is not None:
            raise DataError("carry.repair-progress", id=task.id.value, file=str(new.path))
    new_edit = Edit(new.text, "", ())
    if found.tasks:
        origins = {nfc(t.carried_from.value).strip() for t in found.tasks if t.carried_from}
        ids = {t.id.value for t in found.tasks}
        new_edit = remove_carried(new.text, new.plan, origins, ids)
    old_edit = Edit(old.text, "", ())
    if found.marks:
        old_edit = unmark_carried(old.text, old.plan, [i.id.value for i in found.marks])
    _write_both(old, old_edit, new, new_edit, registry, unit_problems, today)
    return tuple((new.path, t.id.value) for t in found.tasks) + tuple(
        (old.path, i.id.value) for i in found.marks
    )
