"""The model of the one item a ledger edit changes, read in part from the cache (issue 23).

A ledger edit (``done``, ``undo``, ``met``, ``log``, ``late``) reads one item and writes a
``cache.Patch`` of the entry before it. At 100,000 items, unpickling the whole model took most of
an edit's second; ``load_part`` reads the model without its items, the chunk of the one item
(``cache_files.read_item``) and the patches resting on that entry, and ``store_part`` writes the
patch ``cache.store`` would write. ``io/editing.py`` decides when that is enough.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from parplan.checks.rules import Loaded
from parplan.io import cache_files
from parplan.io.cache import MAX_PATCHES, Patch, _entry_of, _unpickle
from parplan.io.cache_files import PATCH_SUFFIX, _names_of, _spelt, _write_entry


@dataclass(frozen=True)
class Part:
    """What a ledger edit reads of the cached model of a plan (``load_part``): the model with
    the item it edits as its only item — header, sections, tasks, registry and every
    diagnostic as in the whole —, that item's place among the plan's items, a day no record of
    the plan is dated after (None: no record), and the entry of the bytes with what a patch of
    it rests on (``store_part``)."""

    loaded: Loaded
    index: int
    latest_record: date | None
    entry: Path
    chain: tuple[str, ...]


def load_part(
    plan_path: str | Path,
    units_path: str | Path,
    plan_raw: bytes,
    units_raw: bytes,
    typed: str,
) -> Part | None:
    """The model of these bytes with only the item a person typed the ID of (as ``Plan.find``
    finds it), from an entry stored in chunks (``cache_files.read_item``) and the patches
    resting on it, applied as ``_read_entry`` applies them; None when there is no such entry,
    the ID is not there, or a patch of these bytes would need the whole model stored again
    (``MAX_PATCHES``): the whole model is then read."""
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    if entry is None:
        return None
    names = _spelt(plan_path, units_path)
    patches: list[Patch] = []
    chain: tuple[str, ...]
    if entry.is_file():
        base, chain = entry, (entry.name,)
    else:
        own = entry.with_suffix(PATCH_SUFFIX)
        last = _unpickle(own, names)
        if not isinstance(last, Patch) or len(last.bases) + 1 > MAX_PATCHES:
            return None
        for name in last.bases[1:]:
            between = _unpickle(entry.parent / name, names)
            if not isinstance(between, Patch):
                return None
            patches.append(between)
        patches.append(last)
        base, chain = entry.parent / last.bases[0], (*last.bases, own.name)
    piece = cache_files.read_item(base, names, typed)
    if piece is None:
        return None
    head = piece.head
    if (head.plan.file, head.registry.file) != names or piece.item.source.file != names[0]:
        return None  # (see ``_spelt_as``)
    plan, item, diagnostics = head.plan, piece.item, head.diagnostics
    days = [piece.directory.latest_record]
    for patch in patches:
        if piece.id_at(patch.index) != patch.item.id.value.upper():
            return None  # as ``_apply`` refuses a patch of another item
        if patch.index == piece.index:
            item = patch.item
        if patch.delta:
            # lazy: splice brings PyYAML's nodes, needed only when a patch is applied
            from parplan.io.splice import shift_plan

            moved = (item,) if piece.index > patch.index else ()
            shift_plan(replace(plan, items=moved), -1, patch.last, patch.delta)
        diagnostics = patch.diagnostics
        days.append(cache_files.latest_record_day(replace(plan, items=(patch.item,))))
    known = [day for day in days if day is not None]
    loaded = Loaded(replace(plan, items=(item,)), head.registry, head.index, diagnostics)
    return Part(loaded, piece.index, max(known) if known else None, entry, chain)


def store_part(
    plan_path: str | Path,
    units_path: str | Path,
    plan_raw: bytes,
    units_raw: bytes,
    part: Part,
    after: Loaded,
    last: int,
    delta: int,
) -> None:
    """``store`` for an edit of the item of ``part``: ``after`` is ``part.loaded`` with its item
    edited (lines up to ``last`` before, ``delta`` lines more after); the entry of the new bytes
    is the ``Patch`` of ``part.entry`` that ``store`` would write."""
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    if entry is None or entry.is_file() or entry.with_suffix(PATCH_SUFFIX).is_file():
        return
    item = after.plan.items[0]
    patch = Patch(part.chain, part.index, item, last, delta, after.diagnostics)
    _write_entry(entry.with_suffix(PATCH_SUFFIX), patch, _names_of(after), keep=part.chain)
