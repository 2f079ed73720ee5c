"""Applying an edit to a plan file: the protocol every recording command goes through.

``ledger`` (done, undo, met), ``worklog`` (log, late), ``measure`` (figures) each make their edit
as a pure function of the text (``make_edit(text, plan) -> Edit``); ``apply_edit`` applies it:
under an operating-system lock (``files.locked``: ``filelock``, released when its process dies),
it validates the file, makes the edit, validates the result in memory, makes sure the data
changed only where intended, and replaces the file atomically (``files.write_atomic``: a
temporary file in the same directory, then a rename), unless the file changed on disk since it
was read: then the edit is made again on the new text. Nothing is written when the file or the
result has errors. ``locate_item`` finds the item an edit concerns (its lines alone when
``splice`` can tell them, else the whole text's nodes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parplan.checks.rules import run_checks, validate
from parplan.core.model import ERROR, Diagnostic, Item, Plan, Registry
from parplan.core.text import nfc
from parplan.core.units import UnitIndex
from parplan.io.errors import DataError, RequestError
from parplan.io.files import ChangedMeanwhile, locked, write_atomic, write_target
from parplan.io.reading import read_file
from parplan.io.textedit import BOM, STR, Edit, Target, data, item_nodes, split_lines

if TYPE_CHECKING:
    from parplan.checks.rules import Loaded
    from parplan.core.units import UnitIndex
    from parplan.io.cache import Edited
    from parplan.io.cache_part import Part


@dataclass(frozen=True)
class Change:
    """An edit written to a file: the edit (``edit``, with the whole new text; ``made``, the
    edit as made: the same lines added and removed, numbered in the whole text, but its
    ``text`` may hold only the item's new lines), the edited item and the plan as they now
    read, and the result's warnings on the added lines (errors stop the write).

    ``edit`` and ``plan`` are made when first asked for (``read_edit``, ``read_plan``): an edit
    made on the item's lines and checked against part of the cached model (issue 23) has only
    those in hand, and reading the text or the model of 100,000 items back takes longer than
    the edit. The CLI prints ``made`` and ``item``."""

    path: Path
    made: Edit
    item: Item | None
    warnings: tuple[Diagnostic, ...]
    read_plan: Callable[[], Plan] = field(repr=False, compare=False)
    read_edit: Callable[[], Edit] = field(repr=False, compare=False)

    @cached_property
    def plan(self) -> Plan:
        return self.read_plan()

    @cached_property
    def edit(self) -> Edit:
        return self.read_edit()


# ---------------------------------------------------------------------------------------------
# Finding what an edit concerns


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


def locate_item(text: str, plan: Plan, item_id: str) -> Target:
    """The item ``item_id`` of ``plan`` (the model of ``text``) with its node and lines: its
    lines alone within a ``splice.session`` (``splice.located``), else the whole text's."""
    # lazy: PyYAML, the loader and splice, only for an edit (`owing` uses `find_item` alone)
    from parplan.io.loader import parse_document
    from parplan.io.splice import located

    item = find_item(plan, item_id)
    block = located(text, plan, item)
    if block is not None:
        lines = [""] * block.first + block.lines
        return Target(item, block.node, lines, block.head, block.tail)
    document = parse_document(plan.file, text.encode("utf-8"))
    node = item_nodes(document.root).get(item.id.value)
    if node is None:  # the model and the text disagree: the caller passed another text
        raise DataError("ledger.layout", id=item.id.value, line=item.source.line)
    if node.flow_style:
        raise DataError("ledger.layout", id=item.id.value, line=item.source.line)
    return Target(item, node, split_lines(text))


def unit_index(units_path: str | Path) -> UnitIndex:
    """The registry as a lookup, to tell group-led items (an unreadable registry is reported
    when the plan is checked)."""
    # lazy: PyYAML and the loader, only for an edit (`owing` uses `find_item` alone)
    from parplan.io.loader import load_registry

    registry, _ = load_registry(units_path)
    return UnitIndex(registry)


def keys_after(key: str) -> tuple[str, ...]:
    """The keys of an item that come after ``key`` in fmt's order (the schema's, an activity's
    and a leaf task's alike from ``title`` on): what a key added to an item goes before, so that
    the ledger writes what fmt would."""
    # lazy: the schema brings the loader and PyYAML, and `owing` imports this module for
    # `find_item` alone
    from parplan.checks.schema import LEAF_TASK

    order = LEAF_TASK.order
    return order[order.index(key) + 1 :]


def not_future(on: date, today: date | None) -> None:
    """A day recorded may not lie after ``today`` (the caller's: the library never asks the
    clock)."""
    if today is not None and on > today:
        raise RequestError("ledger.future", on=on, today=today)


# ---------------------------------------------------------------------------------------------
# Applying an edit to a file


def apply_edit(
    plan_path: str | Path,
    units_path: str | Path,
    make_edit: Callable[[str, Plan], Edit],
    today: date | None,
    keys: tuple[str, ...],
    lock_timeout: float = 10.0,
    item: str | None = None,
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
    - the edit: ``make_edit`` runs in a ``splice.session``, in which ``locate_item`` composes only the
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

    With ``item``, the ID (as typed) of the one item the edit reads and changes (``done``,
    ``undo``, ``met``, ``log``, ``late``; ``make_edit`` then reads of the plan nothing but that
    item, the header and the registry), the model before may be read in part (issue 23:
    ``cache_part.load_part``, a twentieth of a large model): the model without its items, the item,
    and every diagnostic. ``make_edit`` then gets a plan holding that item alone, and the entry
    stored is the same patch. Not for an item with ``after:`` (its status reads another item),
    nor when a record of the plan is dated after today (the day's checks read every item), nor
    when the patch would rest on too many others: the whole model is read then.

    Whenever one of these steps cannot be sure (the cache is off, the item is in flow style or
    its ID not first, a line break other than LF or CRLF, a diagnostic of the item that is not
    its own…), the edit is checked the full way instead: the whole text loaded and checked
    before and after, and the data of both texts compared (the model after is stored whole).
    ``tests/test_splice.py`` holds the two ways to the same bytes, model and diagnostics.
    """
    # lazy: splice (PyYAML's nodes), only for an edit (`owing` uses `find_item` alone)
    from parplan.io import cache, cache_part, splice

    path = Path(plan_path)
    if not path.is_file():  # say so in the plan's terms, before trying to lock beside it
        raise DataError("ledger.invalid-before", validate(path, units_path, today).errors)
    real = write_target(path)
    registry: tuple[Registry, list[Diagnostic]] | None = None
    stored: tuple[bytes, bytes, Loaded, Edited | None] | None = None
    with locked(real, timeout=lock_timeout):
        for _attempt in range(REDO_ATTEMPTS):
            try:
                raw = read_file(real)
            except OSError:
                errors = validate(path, units_path, today).errors
                raise DataError("ledger.invalid-before", errors) from None
            units_raw = _read_or_none(units_path)
            made = None
            if item is not None and cache.cache_dir() is not None and units_raw is not None:
                part = _part(path, units_path, raw, units_raw, item, today)
                if part is not None:
                    made = _made_in_part(raw, part, make_edit, keys, today)
            if made is None:
                before = None
                if cache.cache_dir() is not None and units_raw is not None:
                    before = cache.load_bytes(path, units_path, raw, units_raw)
                    before_plan, errors = before.plan, cache.with_today(before, today).errors
                else:
                    registry = registry or _registry(units_path, units_raw)
                    before_plan, errors = checked(str(path), raw, *registry, today)
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
                    last = block.first + len(block.lines)
                    edited = cache.Edited(raw, block.index, last, delta)
                    diagnostics = splice.with_today(after, block, today)
                else:
                    registry = registry or _registry(units_path, units_raw)
                    after = _loaded(str(path), new_raw, *registry)
                    diagnostics = cache.with_today(after, today).diagnostics
                errors = tuple(d for d in diagnostics if d.severity == ERROR)
                if errors:
                    raise DataError("ledger.invalid-after", errors)
                if edited is None:  # (in place, splice.after compared the item's data)
                    _same_data_elsewhere(text, edit, keys)
                made = _Made(new_raw, edit, after, diagnostics, edited)
            try:
                write_atomic(path, made.new_raw, expected=raw)
            except ChangedMeanwhile:
                continue  # someone saved the file meanwhile: make the edit again on their text
            if units_raw is not None:
                stored = (made.new_raw, units_raw, made.after, made.edited)
            break
        else:
            raise DataError("ledger.changed-meanwhile", file=str(path), n=REDO_ATTEMPTS)
    edited = made.edited
    if stored is not None and made.part is not None and edited is not None:
        new_raw, units_raw, after, _ = stored
        cache_part.store_part(
            path, units_path, new_raw, units_raw, made.part, after, edited.last, edited.delta
        )
    elif stored is not None:
        cache.store(path, units_path, *stored)
    added = {line for line, _ in made.edit.added}
    warnings = tuple(
        d for d in made.diagnostics if d.source.line in added and d.source.file == str(path)
    )
    if made.part is None or units_raw is None:
        whole = made.after.plan
        item_now = whole.item(made.edit.item_id)
        return Change(path, made.edit, item_now, warnings, lambda: whole, lambda: made.edit)
    written = (path, units_path, made.new_raw, units_raw)  # the bytes' model, stored above
    item_now = made.after.plan.items[0]
    return Change(
        path,
        made.edit,
        item_now,
        warnings,
        lambda: cache.load_bytes(*written).plan,
        made.whole_edit,
    )


@dataclass(frozen=True)
class _Made:
    """An edit made and checked in memory, not yet written: the new bytes, the edit as made,
    the model after it (without today's checks) and its diagnostics (with them), what a
    ``cache.Patch`` needs (``edited``, ``part``: an edit made on part of the model, whose
    ``edit`` holds the item's new lines alone; ``bom``: the length of the file's byte-order
    mark)."""

    new_raw: bytes
    edit: Edit
    after: Loaded
    diagnostics: tuple[Diagnostic, ...]
    edited: Edited | None
    part: Part | None = None
    bom: int = 0

    def whole_edit(self) -> Edit:
        """The edit with the whole new text (decoded here: a large plan's text is read only
        when asked for)."""
        if self.part is None:
            return self.edit
        edit, whole = self.edit, self.new_raw[self.bom :].decode("utf-8")
        return Edit(whole, edit.item_id, edit.added, edit.removed, edit.milestone, edit.picked)


def _part(
    path: Path, units_path: str | Path, raw: bytes, units_raw: bytes, typed: str, today: date | None
) -> Part | None:
    """The model before an edit of the item ``typed`` read in part (``cache_part.load_part``), when
    that is all the edit needs: the item has no ``after:`` (its status reads another item's),
    and no record of the plan is dated after ``today`` (the day's checks would find it)."""
    # lazy: the cache, only for an edit
    from parplan.io import cache_part

    found = cache_part.load_part(path, units_path, raw, units_raw, nfc(typed).strip())
    if found is None or found.loaded.plan.items[0].after is not None:
        return None
    if today is not None and found.latest_record is not None and found.latest_record > today:
        return None
    return found


def _made_in_part(
    raw: bytes,
    part: Part,
    make_edit: Callable[[str, Plan], Edit],
    keys: tuple[str, ...],
    today: date | None,
) -> _Made | None:
    """The edit made on the item's lines alone, with the model before it read in part (issue
    23): the item's lines found and decoded in the bytes (``splice.locate_bytes``) and given to
    ``make_edit`` as the whole text, which then edits them as ``splice.located`` lets it edit
    a whole text (``head`` and ``tail`` are empty here, kept as bytes); the new bytes are the
    old ones with the item's lines replaced. None, before ``make_edit`` runs or after, where
    the whole text must be read (the lines cannot be told apart, or the edit cannot be checked
    on them alone: ``splice.after``). The model before has errors: ``ledger.invalid-before``,
    as the full way refuses."""
    # lazy: splice (PyYAML's nodes), only for an edit
    from parplan.io import cache, splice

    before = part.loaded
    if before.errors:  # (no record after today: the day's checks find nothing more)
        raise DataError("ledger.invalid-before", before.errors)
    bom = len(BOM) if raw.startswith(BOM) else 0
    found = splice.locate_bytes(raw, bom, before.plan, before.plan.items[0])
    if found is None:
        return None
    block, start, end = found
    text = "".join(block.lines)
    with splice.session(text, block):
        edit = make_edit(text, before.plan)
    if edit.item_id != block.item.id.value:
        return None
    spliced = splice.after(before, block, text, edit.text, keys)
    if spliced is None:
        return None
    after, delta = spliced
    diagnostics = splice.with_today(after, block, today)
    errors = tuple(d for d in diagnostics if d.severity == ERROR)
    if errors:
        raise DataError("ledger.invalid-after", errors)
    whole = memoryview(raw)
    new_raw = b"".join((whole[:start], edit.text.encode("utf-8"), whole[end:]))  # one copy
    edited = cache.Edited(raw, part.index, block.first + len(block.lines), delta)
    return _Made(new_raw, edit, after, diagnostics, edited, part, bom)


def _registry(units_path: str | Path, raw: bytes | None) -> tuple[Registry, list[Diagnostic]]:
    """The units file from its bytes read (None: unreadable), for the full way of checking an
    edit."""
    # lazy: PyYAML and the loader, only for an edit checked the full way
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


def checked(
    name: str,
    raw: bytes,
    registry: Registry,
    unit_problems: list[Diagnostic],
    today: date | None,
) -> tuple[Plan, tuple[Diagnostic, ...]]:
    """The plan of the bytes ``raw`` (a file called ``name``) loaded and checked in full, and
    its errors."""
    # lazy: PyYAML and the loader, only for an edit checked the full way
    from parplan.io.loader import build_plan, parse_document

    plan, problems = build_plan(parse_document(name, raw))
    loaded = run_checks(plan, registry, [*unit_problems, *problems], today=today)
    return plan, loaded.errors


def _loaded(name: str, raw: bytes, registry: Registry, unit_problems: list[Diagnostic]) -> Loaded:
    """The text loaded and checked in full, without today's checks (``cache.with_today``)."""
    # lazy: PyYAML and the loader, only for an edit checked the full way
    from parplan.io.loader import build_plan, parse_document

    plan, problems = build_plan(parse_document(name, raw))
    return run_checks(plan, registry, [*unit_problems, *problems], today=None)


def _same_data_elsewhere(old: str, edit: Edit, keys: tuple[str, ...]) -> None:
    """The data read from both texts is equal once the item's ``keys`` are set aside: the edit
    changed nothing but the fact it records (a safeguard against unusual layouts)."""
    # lazy: PyYAML and the loader, only for an edit checked the full way
    from parplan.io.loader import parse_document

    before, after = (
        data(parse_document("", text.encode("utf-8")).root) for text in (old, edit.text)
    )
    for tree in (before, after):
        if isinstance(tree, dict):  # a top-level key the edit may change ("/measurements")
            for key in keys:
                if key.startswith("/"):
                    tree.pop((STR, key[1:]), None)
        for item in _item_dicts(tree):
            item_id = item.get((STR, "id"), (None, ""))
            if isinstance(item_id, tuple) and nfc(str(item_id[1])).strip() == edit.item_id:
                for key in keys:
                    item.pop((STR, key), None)
    if before != after:
        raise DataError("ledger.layout", id=edit.item_id, line=_first_line(edit))


def _first_line(edit: Edit) -> int:
    lines = [line for line, _ in (*edit.added, *edit.removed)]
    return min(lines) if lines else 1


def _item_dicts(tree: object) -> Iterator[dict[Any, Any]]:
    if not isinstance(tree, dict):
        return
    for section in _dicts(tree.get((STR, "sections"))):
        for task in _dicts(section.get((STR, "tasks"))):
            activities = (STR, "activities")
            yield from _dicts(task[activities]) if activities in task else [task]


def _dicts(value: object) -> list[dict[Any, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
