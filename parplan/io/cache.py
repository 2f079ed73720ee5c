"""A cache of the loaded, checked plan, so that a view of an unchanged plan does not parse it again.

Why past 500 lines: what is stored and when — the plan's entry, a ledger's patch, a unit's entry,
validate's — is one policy, read together; how an entry is written and trusted is
``cache_files``.

``load_checked`` gives what ``checks.validate`` gives — the plan, the registry, the unit index
and every diagnostic — and keeps it in the user's cache folder, keyed by the bytes of both files
(a BLAKE2 hash of their contents — each file's two halves hashed side by side,
``cache_digest`` — with their paths as given and a fingerprint of all of parplan's own code,
``_code_fingerprint``). The files are read and hashed on every call, so the cache is never trusted over
them: any change to either file, however small and whatever its mtime, is a new key.

- Where: ``$PARPLAN_CACHE_DIR``, else the platform's user cache folder (``%LOCALAPPDATA%`` on
  Windows, ``~/Library/Caches`` on macOS, ``$XDG_CACHE_HOME`` or ``~/.cache`` elsewhere), in a
  ``parplan`` folder. ``PARPLAN_CACHE=off`` turns the cache off.
- Concurrency: an entry is written to a temporary file then renamed over its name (atomic on
  every platform); two processes writing the same entry write the same bytes.
- Failures: a folder that cannot be created or written, or an entry that cannot be read back,
  only costs the time of a full load. Nothing here raises on account of the cache.
- Trust: an entry cannot run code, and one that another user wrote or changed is not read
  (see "Trust" below: owner and mode checks, a keyed tag, a restricted unpickler).
- Today: the checks that depend on the day (``DAY_CHECKS``: records, work-log entries and
  reasons dated in the future) are run on every call, so an entry written yesterday is still
  right today.

Reading the files when there is no entry, and storing what they hold, is ``cache_load``'s.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from parplan.checks.loaded import Loaded
from parplan.core.model import Diagnostic, Item
from parplan.core.values import frozen_dataclass
from parplan.io import cache_digest, cache_files, cache_load
from parplan.io.cache_code import _code_fingerprint
from parplan.io.cache_files import (
    PATCH_SUFFIX,
    SUFFIX,
    _collector_paused,
    _keys,
    _ModelUnpickler,
    _names_of,
    _spelt,
    _tagger,
    _usable_folder,
    _write_entry,
    blake2b,
    cache_dir,
    refusal,
)
from parplan.io.reading import _FLAGS, MAX_FILE_BYTES, _check, read_file

# Names tests and other modules reach here (the cache before it was split, issue 22).
__all__ = [
    "Checked",
    "Edited",
    "Patch",
    "_ModelUnpickler",
    "_code_fingerprint",
    "_keys",
    "_tagger",
    "cache_dir",
    "check",
    "load_bytes",
    "load_checked",
    "refusal",
    "store",
    "with_today",
]


# A patch rests on at most this many others before an edit stores the whole model again.
MAX_PATCHES = 4


def load_checked(
    plan_path: str | Path,
    units_path: str | Path,
    today: date | None,
    unit: str | None = None,
    keep: Callable[[object], None] | None = None,
    aside: cache_load.Aside | None = None,
) -> Loaded:
    """The plan and registry with every diagnostic, as ``checks.validate(plan, units, today)``
    gives them, from the cache when both files are unchanged.

    ``unit``: the unit or group a view will be limited to, as the person typed it. The plan
    given back may then hold only the items that can concern that unit (``plan_for_unit``),
    read from an entry of their own, a fraction of the whole: every answer of a view of that
    unit is the same on it. The first such view of a plan reads the whole entry, or with none
    the files and then writes the whole model's entry and validate's, and writes the unit's; a
    name that does not resolve to exactly one entry gets the whole plan.

    ``keep``: given the whole model when only the unit's part is given back (a program about
    to exit keeps it rather than free it object by object: ``cli.app.keep_until_exit``).

    ``aside``: starts the write of the whole model's entry read from the files, which this
    call's answer does not need (``cli.aside.write_aside_after``: in a child process, while
    this one checks the model and makes the view; see ``cache_load.load_stored``); None: at once.

    Example: ``load_checked("data/plan-2025.yaml", "data/units.yaml", date(2025, 3, 15))``.
    """
    names = _spelt(plan_path, units_path)
    part, streamed = None, _entry_of_files(plan_path, units_path, unit) if unit else None
    if streamed is not None and unit is not None:
        part = _read_unit_part(_unit_entry_path(streamed, unit), names)
        if part is not None and _right_on(part.latest_record, today):
            return part.loaded  # the plan's bytes were needed for the key alone
    plan_raw, units_raw = _read(plan_path), _read(units_path)
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    if entry is None or unit is None:
        whole = _load_entry(entry, plan_path, units_path, plan_raw, units_raw, aside)
        return with_today(whole, today)
    if entry != streamed:  # changed meanwhile: its entry, if any, is another
        part = _read_unit_part(_unit_entry_path(entry, unit), names)
        if part is not None and _right_on(part.latest_record, today):
            return part.loaded
    part = _unit_part_of_chain(entry, unit, names)
    if part is not None:  # the bytes of ledger edits: the unit's entry before them, patched
        _write_entry(_unit_entry_path(entry, unit), part, _names_of(part.loaded), clean=False)
        if _right_on(part.latest_record, today):
            return part.loaded
    # issue 23, third round: a view of one unit reads the whole model from its entry when a
    # command left one; else from the files, and then writes the whole model's entry (the next
    # edit, whole-plan view or other unit reads it), validate's and the unit's. Writing only
    # the unit's and validate's made this view 1.5 s quicker at 100,000 items and the edit
    # after it 4 s slower (it read the files itself): see the README, "A unit's own entry".
    loaded = _read_entry(entry, names)
    from_files = loaded is None
    if loaded is None:
        loaded = cache_load.load_stored(entry, plan_path, units_path, plan_raw, units_raw, aside)
    latest = _latest_record(loaded)
    if from_files:
        _write_summary(entry, loaded, latest)
    part = _write_unit_part(entry, unit, loaded, latest)
    if part is not None and _right_on(part.latest_record, today):
        if keep is not None:
            keep(loaded)
        return part.loaded  # the answers of the whole plan's, from a fraction of its items
    return with_today(loaded, today)


def load_bytes(
    plan_path: str | Path, units_path: str | Path, plan_raw: bytes | None, units_raw: bytes | None
) -> Loaded:
    """``load_checked`` without the day-dependent checks, for the files' bytes already read
    (None: unreadable): from the cache, else loaded and stored."""
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    return _load_entry(entry, plan_path, units_path, plan_raw, units_raw)


def _load_entry(
    entry: Path | None,
    plan_path: str | Path,
    units_path: str | Path,
    plan_raw: bytes | None,
    units_raw: bytes | None,
    aside: cache_load.Aside | None = None,
) -> Loaded:
    names = _spelt(plan_path, units_path)
    loaded = _read_entry(entry, names) if entry is not None else None
    if loaded is not None:
        return loaded
    if entry is None:
        with _collector_paused():
            return cache_load.load(plan_path, units_path, plan_raw, units_raw)
    return cache_load.load_stored(entry, plan_path, units_path, plan_raw, units_raw, aside)


def store(
    plan_path: str | Path,
    units_path: str | Path,
    plan_raw: bytes,
    units_raw: bytes,
    loaded: Loaded,
    edit: Edited | None = None,
) -> None:
    """Keep ``loaded`` (checked without today, as ``load_bytes`` gives it) as the entry of these
    bytes: the ledger stores the plan it edited, so that the next view and edit find it.

    With ``edit`` (the plan is that of ``edit.before`` with one item's lines edited), the entry
    is a ``Patch`` of the entry of the bytes before, written in milliseconds where pickling the
    whole model would take longer than the edit itself; a reader applies it to that entry.
    Nothing is written when the bytes have an entry already (an undo gives the bytes back)."""
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    if entry is None or entry.is_file() or entry.with_suffix(PATCH_SUFFIX).is_file():
        return
    chain = None
    if edit is not None:
        base = _entry_of(plan_path, units_path, edit.before, units_raw)
        chain = _chain(base, _names_of(loaded)) if base is not None else None
    if chain is None or edit is None or len(chain) > MAX_PATCHES:
        _write_entry(entry, loaded, _names_of(loaded))
        return
    patch = Patch(
        chain, edit.index, loaded.plan.items[edit.index], edit.last, edit.delta, loaded.diagnostics
    )
    _write_entry(entry.with_suffix(PATCH_SUFFIX), patch, _names_of(loaded), keep=chain)


@frozen_dataclass
class Edited:
    """What a ledger edit changed (``io.splice``): in the plan of the bytes ``before``, the item
    at ``index``, whose lines end at line ``last``; the lines after it moved by ``delta``."""

    before: bytes
    index: int
    last: int
    delta: int


@frozen_dataclass
class Patch:
    """An entry stored by a ledger edit: the model of the entry ``bases[-1]`` with the item at
    ``index`` replaced by ``item``, the Sources of the plan file past line ``last`` moved by
    ``delta`` lines, and ``diagnostics`` for all of them. ``bases`` name the entries it rests
    on, a full one first, then the patches between."""

    bases: tuple[str, ...]
    index: int
    item: Item
    last: int
    delta: int
    diagnostics: tuple[Diagnostic, ...]


def _chain(base: Path, names: tuple[str, str]) -> tuple[str, ...] | None:
    """The entries a patch of ``base`` rests on: ``base`` itself when it is a full entry, else
    its own bases and it; None when there is no entry to rest on."""
    if base.is_file():
        return (base.name,)
    patch = _unpickle(base.with_suffix(PATCH_SUFFIX), names)
    if not isinstance(patch, Patch):
        return None
    if not all((base.parent / name).is_file() for name in patch.bases):
        return None  # dropped meanwhile: a patch resting on it could not be read
    return (*patch.bases, base.with_suffix(PATCH_SUFFIX).name)


def _entry_of(
    plan_path: str | Path, units_path: str | Path, plan_raw: bytes | None, units_raw: bytes | None
) -> Path | None:
    if plan_raw is None or units_raw is None or str(plan_path) == str(units_path):
        return None  # (one spelling for both files: see _spelt)
    folder = _usable_folder()
    if folder is None:
        return None
    return _entry_path(folder, plan_path, units_path, plan_raw, units_raw)


@frozen_dataclass
class Checked:
    """What ``validate`` prints of a plan: its diagnostics, and how many items and units."""

    diagnostics: tuple[Diagnostic, ...]
    items: int
    units: int

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


@frozen_dataclass
class _Summary:
    """``Checked`` without the day's checks, and the latest day of any record of the plan (a
    record after today is the day's checks' to report: then the plan is read)."""

    checked: Checked
    latest_record: date | None


def check(plan_path: str | Path, units_path: str | Path, today: date | None) -> Checked:
    """What ``validate`` needs of ``load_checked``: the diagnostics and the counts. Kept in an
    entry of its own, a few kilobytes, so that validating an unchanged plan reads no model; a
    miss loads the plan (from the plan's entry when a view left one, else the files) and writes
    only that small entry — pickling 100,000 items would cost more than reading them."""
    plan_raw, units_raw = _read(plan_path), _read(units_path)
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    names = _spelt(plan_path, units_path)
    loaded = None
    if entry is not None:
        summary = _read_summary(_summary_path(entry), names)
        if summary is not None and _right_on(summary.latest_record, today):
            return summary.checked
        loaded = _read_entry(entry, names)
    if loaded is None:
        with _collector_paused():
            loaded = cache_load.load(plan_path, units_path, plan_raw, units_raw)
    if entry is not None:
        _write_summary(entry, loaded, _latest_record(loaded))
    today_loaded = with_today(loaded, today)
    return Checked(today_loaded.diagnostics, len(loaded.plan.items), len(loaded.registry.units))


def _write_summary(entry: Path, loaded: Loaded, latest_record: date | None) -> None:
    checked = Checked(loaded.diagnostics, len(loaded.plan.items), len(loaded.registry.units))
    summary = _Summary(checked, latest_record)
    _write_entry(_summary_path(entry), summary, _names_of(loaded), clean=False)


def _summary_path(entry: Path) -> Path:
    """``<pair>-<content>-validate.pickle``, beside the plan's entry."""
    return entry.with_name(f"{entry.name.split('.')[0]}-validate{SUFFIX}")


def _read_summary(entry: Path, names: tuple[str, str]) -> _Summary | None:
    summary = _unpickle(entry, names)
    return summary if isinstance(summary, _Summary) else None


@frozen_dataclass
class _UnitPart:
    """What a view of one unit reads from the cache: the loaded plan with only the items that
    can concern the unit, and the latest day of any record of the whole plan."""

    loaded: Loaded
    latest_record: date | None


def _unit_entry_path(entry: Path, unit: str) -> Path:
    """``<pair>-<content>-<unit>.pickle``: beside the plan's entry, and replaced with it."""
    return entry.with_name(f"{entry.name[: -len(SUFFIX)]}-{_unit_tag(unit)}{SUFFIX}")


def _unit_tag(unit: str) -> str:
    return blake2b(unit.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _write_unit_part(
    entry: Path, unit: str, loaded: Loaded, latest_record: date | None
) -> _UnitPart | None:
    """Write the entry of ``unit`` (as typed) beside the plan's and give it; None for a name
    that does not resolve to exactly one entry."""
    # lazy: validate read from the cache does not load the status rules
    from parplan.query.status import plan_for_unit

    found = loaded.index.query(unit).entry
    if found is None:
        return None  # unknown or ambiguous: the view says so, from the whole plan
    part = replace(loaded, plan=plan_for_unit(loaded.plan, loaded.index, found))
    # Beside the plan's entry (or the patch chain it is), which stays.
    part_entry = _unit_entry_path(entry, unit)
    part_value = _UnitPart(part, latest_record)
    _write_entry(part_entry, part_value, _names_of(loaded), clean=False)
    return part_value


def _unit_part_of_chain(entry: Path, unit: str, names: tuple[str, str]) -> _UnitPart | None:
    """The unit's entry of bytes whose entry is a patch chain (ledger edits), made from the
    unit's entry of the newest bytes of the chain that has one, and the patches after them
    (``_patch_part``): the whole model is not read. None when the entry is no chain or no link
    of it has the unit's entry (kept with the chain: ``cache_files._write_entry``)."""
    own = entry.with_suffix(PATCH_SUFFIX)
    if entry.is_file() or not own.is_file():
        return None
    last = _unpickle(own, names)
    if not isinstance(last, Patch):
        return None
    links = (*last.bases, own.name)
    for start in range(len(links) - 2, -1, -1):
        bytes_entry = entry.with_name(links[start].split(".")[0] + SUFFIX)
        part = _read_unit_part(_unit_entry_path(bytes_entry, unit), names)
        if part is not None:
            break
    else:
        return None
    patches = [_unpickle(entry.with_name(name), names) for name in links[start + 1 : -1]]
    loaded: Loaded | None = part.loaded
    days = [part.latest_record]
    for patch in (*patches, last):
        if not isinstance(patch, Patch) or loaded is None:
            return None
        loaded = _patch_part(loaded, patch)
        days.append(cache_files.latest_record_day(replace(part.loaded.plan, items=(patch.item,))))
    known = [day for day in days if day is not None]
    return _UnitPart(loaded, max(known) if known else None) if loaded is not None else None


def _patch_part(loaded: Loaded, patch: Patch) -> Loaded | None:
    """``_apply`` to a unit's part of the model (just unpickled, shared with nothing). A ledger
    edit changes none of what makes an item concern a unit (``splice.LEDGER_KEYS``: not its ID,
    lead, support or condition), so the edited item is in the part if and only if it was: it is
    found by its ID and first line, which its own edit does not move."""
    # lazy: splice brings PyYAML's nodes, needed only when a patch is applied
    from parplan.io.splice import shift_plan

    plan, item = loaded.plan, patch.item
    at = [k for k, mine in enumerate(plan.items) if mine.source.line == item.source.line]
    if len(at) > 1 or (at and plan.items[at[0]].id != item.id):
        return None
    if patch.delta:
        # every item, from the first: those before the edited one have no line past ``last``
        shift_plan(plan, -1, patch.last, patch.delta)
    items = (*plan.items[: at[0]], item, *plan.items[at[0] + 1 :]) if at else plan.items
    return Loaded(replace(plan, items=items), loaded.registry, loaded.index, patch.diagnostics)


def _latest_record(loaded: Loaded) -> date | None:
    """The latest day of any record of the plan (kept with a small entry: see ``_right_on``)."""
    return cache_files.latest_record_day(loaded.plan)


def _right_on(latest_record: date | None, today: date | None) -> bool:
    """Whether a small entry (a unit's, validate's), checked without today, is still right on
    ``today``: when no record of the whole plan is dated after it. A record after today is an
    error of the whole plan, which the entry cannot see; then the plan is read."""
    return latest_record is None or today is None or today >= latest_record


def _read(path: str | Path) -> bytes | None:
    try:
        return read_file(path)
    except OSError:
        return None  # reported by the loader as file-missing / file-unreadable, never cached


def with_today(loaded: Loaded, today: date | None) -> Loaded:
    """``loaded`` with the diagnostics of the checks that depend on the day (records and work
    logs dated in the future), as ``run_checks`` with ``today`` gives them."""
    if today is None:
        return loaded
    # lazy: the checks, only for a whole plan (a unit's entry is right without them: _right_on)
    from parplan.checks.rules import DAY_CHECKS, Context

    context = Context(loaded.plan, loaded.registry, loaded.index, today)
    future = [found for check in DAY_CHECKS for found in check(context)]
    if not future:
        return loaded
    diagnostics = sorted([*loaded.diagnostics, *future], key=lambda d: d.sort_key())
    return replace(loaded, diagnostics=tuple(diagnostics))


# ---------------------------------------------------------------------------------------------
# Entries on disk


def _entry_path(
    folder: Path, plan_path: str | Path, units_path: str | Path, plan_raw: bytes, units_raw: bytes
) -> Path:
    """``<pair>-<content>.pickle``: the pair names the two files (so that an entry replaces the
    previous one of the same files), the content the bytes and the code that reads them."""
    pair = blake2b(digest_size=8)
    content = blake2b(digest_size=16)
    content.update(_code_fingerprint())
    for path, raw in ((plan_path, plan_raw), (units_path, units_raw)):
        resolved = _resolved(path)
        pair.update(resolved)
        content.update(resolved)
        content.update(len(raw).to_bytes(8, "little"))
        content.update(cache_digest.of_bytes(raw))
    return folder / f"{pair.hexdigest()}-{content.hexdigest()}{SUFFIX}"


def _resolved(path: str | Path) -> bytes:
    # The files as resolved: "data/plan.yaml" and "/home/x/data/plan.yaml" share the entry.
    # The spelling as given, which Sources and diagnostics carry, is not stored (``_dump``).
    return str(Path(path).resolve()).encode("utf-8", "surrogatepass") + b"\0"


def _entry_of_files(plan_path: str | Path, units_path: str | Path, unit: str) -> Path | None:
    """``_entry_of`` the files' bytes as they are now, read a megabyte at a time rather than
    whole (issue 23, third round: a view that finds its unit's entry needs the plan's 48 MB at
    100,000 items for the key alone); None when either is not read so, whole and unchanged in
    size, with ``read_file``'s refusals, or when the files have no entry of ``unit`` at all
    (the caller then reads them whole, and keys them once)."""
    if str(plan_path) == str(units_path):
        return None  # (see _entry_of)
    folder = _usable_folder()
    if folder is None:
        return None
    paths = [(path, _resolved(path)) for path in (plan_path, units_path)]
    pair = blake2b(b"".join(resolved for _, resolved in paths), digest_size=8).hexdigest()
    if not any(folder.glob(f"{pair}-*-{_unit_tag(unit)}{SUFFIX}")):
        return None
    content = blake2b(digest_size=16)
    content.update(_code_fingerprint())
    try:
        for path, resolved in paths:
            content.update(resolved)
            _check(os.stat(path), MAX_FILE_BYTES)
            descriptor = os.open(path, _FLAGS)
            try:
                size = os.fstat(descriptor)
                _check(size, MAX_FILE_BYTES)
                digest = cache_digest.of_file(descriptor, size.st_size)
            finally:
                os.close(descriptor)
            if digest is None:
                return None
            content.update(size.st_size.to_bytes(8, "little"))
            content.update(digest)
    except OSError:
        return None
    return folder / f"{pair}-{content.hexdigest()}{SUFFIX}"


def _read_entry(entry: Path, names: tuple[str, str]) -> Loaded | None:
    """The model of an entry: a full one, or else a patch applied to the entries it rests on
    (any of them missing or unreadable: a miss). ``names``: the files as spelt now."""
    loaded = _unpickle(entry, names)
    if isinstance(loaded, Loaded):
        return loaded
    patch = _unpickle(entry.with_suffix(PATCH_SUFFIX), names)
    if not isinstance(patch, Patch):
        return None
    found = _unpickle(entry.parent / patch.bases[0], names)
    if not isinstance(found, Loaded):
        return None
    patches = [_unpickle(entry.parent / name, names) for name in patch.bases[1:]]
    chain = [between for between in patches if isinstance(between, Patch)]
    if len(chain) != len(patches):
        return None
    return _apply(found, [*chain, patch])


def _apply(loaded: Loaded, patches: list[Patch]) -> Loaded | None:
    """The model of the last of ``patches``, each resting on the one before and the first on
    ``loaded`` (just unpickled, shared with nothing): each patch's item in its place, and the
    Sources after it moved, in one walk for them all (``splice.shift_plan_by``); an item a
    patch put in place is moved by the patches after it."""
    # lazy: splice brings PyYAML's nodes, needed only when a patch is applied
    from parplan.io.splice import shift_item, shift_plan_by

    plan = loaded.plan
    items = list(plan.items)
    placed: dict[int, int] = {}  # an item's index: the patch whose item it is now
    for number, patch in enumerate(patches):
        index = patch.index
        if not 0 <= index < len(items):
            return None
        # the item there as the patches before this one left it: its ID where they moved it
        now = items[index].id
        since = placed.get(index, -1) + 1
        line = now.source.line
        for before in patches[since:number]:
            line += before.delta if line > before.last else 0
        if replace(now, source=replace(now.source, line=line)) != patch.item.id:
            return None
        items[index] = patch.item
        placed[index] = number
    moves = [(patch.last, patch.delta) for patch in patches if patch.delta]
    if moves:
        # before the first edited item, no line is past the end of any edited item's lines
        shift_plan_by(plan, min(placed) - 1, moves)
        for index, number in placed.items():
            for later in patches[number + 1 :]:
                if later.delta:
                    shift_item(items[index], later.last, later.delta)
    return Loaded(
        replace(plan, items=tuple(items)), loaded.registry, loaded.index, patches[-1].diagnostics
    )


def _read_unit_part(entry: Path, names: tuple[str, str]) -> _UnitPart | None:
    part = _unpickle(entry, names)
    return part if isinstance(part, _UnitPart) else None


def _unpickle(path: Path, names: tuple[str, str] | None) -> object:
    """``cache_files._unpickle``, and a miss unless the model read back names its files as
    spelt now."""
    value = cache_files._unpickle(path, names)
    return value if _spelt_as(value, names) else None


def _spelt_as(value: object, names: tuple[str, str] | None) -> bool:
    """Whether a model read back names its files as they are spelt now (a check of
    ``_load_one``'s memo, which rests on how CPython's unpickler keeps it)."""
    if names is None or value is None:
        return True
    loaded = value.loaded if isinstance(value, _UnitPart) else value
    if isinstance(loaded, Loaded):
        return (loaded.plan.file, loaded.registry.file) == names
    if isinstance(loaded, Patch):
        return loaded.item.source.file == names[0]
    return True
