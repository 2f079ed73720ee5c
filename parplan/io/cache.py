"""A cache of the loaded, checked plan, so that a view of an unchanged plan does not parse it again.

``load_checked`` gives what ``checks.validate`` gives — the plan, the registry, the unit index
and every diagnostic — and keeps it in the user's cache folder, keyed by the bytes of both files
(a BLAKE2 hash of their contents, with their paths as given and a fingerprint of all of
parplan's own code, ``_code_fingerprint``). The files are read and hashed on every call, so the cache is never trusted over
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

The cold load is also cheaper than ``checks.validate``: the deadline grammar is memoised by text
(a large plan repeats a few dozen deadline texts), and the cyclic garbage collector is paused
while the model is built (it would otherwise walk the growing heap again and again).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from parplan.checks.rules import DAY_CHECKS, Context, Loaded, record_days, run_checks
from parplan.core.deadlines import ParsedDeadline, parse_deadline
from parplan.core.model import Diagnostic, Item, Plan
from parplan.io.reading import read_file

try:
    # BLAKE2 from its own small module: ``import hashlib`` first loads OpenSSL, which costs more
    # (several ms) than everything else a cached view does. Same function, same digests.
    from _blake2 import blake2b
except ImportError:  # a Python built without it: hashlib's is the same algorithm
    from hashlib import blake2b

# Bumped when the shape of what is stored changes; the code fingerprint covers the rest.
FORMAT = 2
SUFFIX = ".pickle"
PATCH_SUFFIX = ".patch"
# A patch rests on at most this many others before an edit stores the whole model again.
MAX_PATCHES = 4
# A model of more items is pickled this many items at a time (``_Chunked``).
CHUNK = 4096


def cache_dir() -> Path | None:
    """The folder of parplan's cache, or None when the cache is turned off."""
    if os.environ.get("PARPLAN_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    explicit = os.environ.get("PARPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "parplan" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "parplan"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "parplan"


def load_checked(
    plan_path: str | Path,
    units_path: str | Path,
    today: date | None,
    unit: str | None = None,
) -> Loaded:
    """The plan and registry with every diagnostic, as ``checks.validate(plan, units, today)``
    gives them, from the cache when both files are unchanged.

    ``unit``: the unit or group a view will be limited to, as the person typed it. The plan
    given back may then hold only the items that can concern that unit (``plan_for_unit``),
    read from an entry of their own, a fraction of the whole: every answer of a view of that
    unit is the same on it. The first such view of a plan reads the whole entry and writes the
    unit's; a name that does not resolve to exactly one entry gets the whole plan.

    Example: ``load_checked("data/plan-2025.yaml", "data/units.yaml", date(2025, 3, 15))``.
    """
    plan_raw, units_raw = _read(plan_path), _read(units_path)
    entry = _entry_of(plan_path, units_path, plan_raw, units_raw)
    if entry is not None and unit is not None:
        part = _read_unit_part(_unit_entry_path(entry, unit), _spelt(plan_path, units_path))
        if part is not None and _right_on(part.latest_record, today):
            return part.loaded
    loaded = _load_entry(entry, plan_path, units_path, plan_raw, units_raw)
    if entry is not None and unit is not None:
        _write_unit_part(entry, unit, loaded)
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
) -> Loaded:
    names = _spelt(plan_path, units_path)
    loaded = _read_entry(entry, names) if entry is not None else None
    if loaded is None:
        with _collector_paused():
            loaded = _load(plan_path, units_path, plan_raw, units_raw)
        if entry is not None:
            _write_entry(entry, loaded, _names_of(loaded))
    return loaded


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


@dataclass(frozen=True)
class Edited:
    """What a ledger edit changed (``io.splice``): in the plan of the bytes ``before``, the item
    at ``index``, whose lines end at line ``last``; the lines after it moved by ``delta``."""

    before: bytes
    index: int
    last: int
    delta: int


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Checked:
    """What ``validate`` prints of a plan: its diagnostics, and how many items and units."""

    diagnostics: tuple[Diagnostic, ...]
    items: int
    units: int

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")


@dataclass(frozen=True)
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
            loaded = _load(plan_path, units_path, plan_raw, units_raw)
    if entry is not None:
        checked = Checked(loaded.diagnostics, len(loaded.plan.items), len(loaded.registry.units))
        summary = _Summary(checked, _latest_record(loaded))
        _write_entry(_summary_path(entry), summary, _names_of(loaded), clean=False)
    today_loaded = with_today(loaded, today)
    return Checked(today_loaded.diagnostics, len(loaded.plan.items), len(loaded.registry.units))


def _summary_path(entry: Path) -> Path:
    """``<pair>-<content>-validate.pickle``, beside the plan's entry."""
    return entry.with_name(f"{entry.name.split('.')[0]}-validate{SUFFIX}")


def _read_summary(entry: Path, names: tuple[str, str]) -> _Summary | None:
    summary = _unpickle(entry, names)
    return summary if isinstance(summary, _Summary) else None


@dataclass(frozen=True)
class _UnitPart:
    """What a view of one unit reads from the cache: the loaded plan with only the items that
    can concern the unit, and the latest day of any record of the whole plan."""

    loaded: Loaded
    latest_record: date | None


def _unit_entry_path(entry: Path, unit: str) -> Path:
    """``<pair>-<content>-<unit>.pickle``: beside the plan's entry, and replaced with it."""
    typed = blake2b(unit.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return entry.with_name(f"{entry.name[: -len(SUFFIX)]}-{typed}{SUFFIX}")


def _write_unit_part(entry: Path, unit: str, loaded: Loaded) -> None:
    # lazy: validate read from the cache does not load the status rules
    from parplan.query.status import plan_for_unit

    found = loaded.index.query(unit).entry
    if found is None:
        return  # unknown or ambiguous: the view says so, from the whole plan
    part = replace(loaded, plan=plan_for_unit(loaded.plan, loaded.index, found))
    # Beside the plan's entry, dropping nothing: that entry (or the patch chain it is) stays.
    part_entry = _unit_entry_path(entry, unit)
    part_value = _UnitPart(part, _latest_record(loaded))
    _write_entry(part_entry, part_value, _names_of(loaded), clean=False)


def _latest_record(loaded: Loaded) -> date | None:
    """The latest day of any record of the plan (kept with a small entry: see ``_right_on``)."""
    days = record_days(loaded.plan)
    return max(days) if days else None


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


def _load(
    plan_path: str | Path, units_path: str | Path, plan_raw: bytes | None, units_raw: bytes | None
) -> Loaded:
    """Load and check both files without the day-dependent check, from the bytes already read."""
    # lazy: PyYAML and the loader, only when the cache has no entry
    from parplan.io.loader import (
        Document,
        build_plan,
        build_registry,
        parse_document,
        read_document,
    )

    def document(path: str | Path, raw: bytes | None) -> Document:
        return read_document(path) if raw is None else parse_document(str(path), raw)

    registry, unit_problems = build_registry(document(units_path, units_raw))
    read = _quick_plan(str(plan_path), plan_raw)
    if read is None:
        read = build_plan(document(plan_path, plan_raw), _memoised_deadline_parser())
    plan, plan_problems = read
    return run_checks(plan, registry, [*unit_problems, *plan_problems], today=None)


def _quick_plan(name: str, raw: bytes | None) -> tuple[Plan, list[Diagnostic]] | None:
    """The plan read by ``io.fastread`` when it is in fmt's layout (None: read it the full
    way)."""
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # lazy: the readers, only when the cache has no entry
    from parplan.io.fastread import read_plan
    from parplan.io.loader import read_head

    return read_plan(
        name, text, lambda header: read_head(name, header), _memoised_deadline_parser()
    )


@lru_cache(maxsize=1)
def _memoised_deadline_parser() -> Callable[..., ParsedDeadline]:
    # Deadlines are immutable values: items with the same text can share one, and so can the
    # plans a long-lived process (the Python API, a test run) loads one after the other.
    return lru_cache(maxsize=8192)(parse_deadline)


def with_today(loaded: Loaded, today: date | None) -> Loaded:
    """``loaded`` with the diagnostics of the checks that depend on the day (records and work
    logs dated in the future), as ``run_checks`` with ``today`` gives them."""
    if today is None:
        return loaded
    context = Context(loaded.plan, loaded.registry, loaded.index, today)
    future = [found for check in DAY_CHECKS for found in check(context)]
    if not future:
        return loaded
    diagnostics = sorted([*loaded.diagnostics, *future], key=lambda d: d.sort_key())
    return replace(loaded, diagnostics=tuple(diagnostics))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        # The files as resolved: "data/plan.yaml" and "/home/x/data/plan.yaml" share the entry.
        # The spelling as given, which Sources and diagnostics carry, is not stored (``_dump``).
        resolved = str(Path(path).resolve()).encode("utf-8", "surrogatepass") + b"\0"
        pair.update(resolved)
        content.update(resolved)
        content.update(len(raw).to_bytes(8, "little"))
        content.update(raw)
    return folder / f"{pair.hexdigest()}-{content.hexdigest()}{SUFFIX}"


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """What decides what a load gives besides the two files: parplan's own code (every ``.py``
    under the package, by content), the installed PyYAML and Python, and ``FORMAT``. A change to
    any module, wherever it is, is a new key: nothing here lists modules by hand.

    Hashing the package's sources (some 900 KB) costs about 3 ms, more than the rest of a
    cached view's own work; so the content digest is kept in the cache folder under a digest of
    every file's stat (path, size, mtime, ctime, inode), which takes a tenth of that. Any write
    to a file changes its ctime (which no program can set back) or its inode (an install writes
    new files), so a stat seen before is code hashed before; a new stat with the same contents
    (a reinstall, a checkout that touches files) hashes to the same key and keeps the entries.

    That holds only once a file's ctime is past: a clock ticks in steps (a jiffy on older
    Linux kernels, a second on ext3, NFSv3 or HFS+, two on FAT), and a second write, or a file
    deleted and made again on the same inode, within the step of the first keeps its stat. So
    the memo is written only when every file's ctime and mtime are ``RACY_NS`` older than the
    clock read before their stats (git's "racily clean" rule): a later write then falls in a
    later step, a new stat. A file changed within the last two seconds is hashed by content,
    every time, until it is older (``_memo_safe``). On Windows ``st_ctime`` is the creation
    time, which a program can set back with the mtime: there the memo is neither written nor
    read, and the sources are hashed on every call.
    """
    package = Path(__file__).resolve().parent.parent
    now_ns = time.time_ns()  # before the stats: see _memo_safe
    files = _code_files(package)
    by_stat = blake2b(digest_size=16)
    for name, _, seen in files:
        if seen is None:
            by_stat.update(f"{name}|?\0".encode("utf-8", "surrogatepass"))
            continue
        stamp = f"{name}|{seen.st_size}|{seen.st_mtime_ns}|{seen.st_ctime_ns}|{seen.st_ino}\0"
        by_stat.update(stamp.encode("utf-8", "surrogatepass"))
    folder = _usable_folder() if _POSIX else None
    memo = folder / f"code-{by_stat.hexdigest()}.code" if folder is not None else None
    if memo is not None:
        known = _unpickle(memo, None)
        if isinstance(known, bytes) and len(known) == 16:
            return known
    digest = _code_digest(files)
    if memo is not None and _memo_safe(files, now_ns):
        _write_entry(memo, digest, None, clean=False)
        _drop_other(memo, "code-*.code")
    return digest


# A file whose ctime or mtime is this close to the clock may still be written again within the
# same step of its timestamps (see ``_code_fingerprint``): two seconds covers FAT's.
RACY_NS = 2_000_000_000


def _memo_safe(files: list[tuple[str, str, os.stat_result | None]], now_ns: int) -> bool:
    """Whether the stats of ``files``, taken after the clock read ``now_ns``, may stand for
    their contents: every one readable, its ctime and mtime at least ``RACY_NS`` before then (a
    time in the future, a clock set back, is not)."""
    limit = now_ns - RACY_NS
    return all(
        seen is not None and seen.st_ctime_ns <= limit and seen.st_mtime_ns <= limit
        for _, _, seen in files
    )


def _code_files(package: Path) -> list[tuple[str, str, os.stat_result | None]]:
    """Every ``.py`` file of the package and every file of the installed PyYAML, as (relative
    name, path, stat or None when unreadable), sorted: found by walking the folders, never by a
    list."""
    found: list[tuple[str, str, os.stat_result | None]] = []
    roots = [("parplan", str(package))]
    yaml = _yaml_folder()
    if yaml is not None:
        roots.append(("yaml", yaml))
    for label, root in roots:
        cut = len(root) + 1
        pending = [root]
        while pending:
            folder = pending.pop()
            try:
                with os.scandir(folder) as listing:
                    for entry in listing:
                        if entry.name == "__pycache__":
                            continue
                        if entry.is_dir():
                            pending.append(entry.path)
                        elif label == "yaml" or entry.name.endswith(".py"):
                            name = f"{label}/{entry.path[cut:]}".replace(os.sep, "/")
                            try:
                                found.append((name, entry.path, entry.stat()))
                            except OSError:
                                found.append((name, entry.path, None))
            except OSError:
                found.append((f"{label}/{folder[cut:]}/", folder, None))
    found.sort(key=lambda file: file[0])
    return found


def _yaml_folder() -> str | None:
    """Where PyYAML is installed (its package folder: its version and its C extension), found
    without importing it: a cached view does not load PyYAML."""
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(next(iter(spec.submodule_search_locations)))


def _code_digest(files: list[tuple[str, str, os.stat_result | None]]) -> bytes:
    """The content digest of ``_code_fingerprint``: the format, Python's version, PyYAML's
    version and whether it has its C parser, and every parplan file's name and bytes (PyYAML's
    files by their version: their stats are in the stat digest)."""
    try:
        import yaml

        yaml_version = f"{yaml.__version__}|{getattr(yaml, '__with_libyaml__', '?')}"
    except ImportError:
        yaml_version = "none"
    content = blake2b(digest_size=16)
    header = f"{FORMAT}|{sys.version}|{sys.implementation.cache_tag}|{pickle.HIGHEST_PROTOCOL}"
    content.update(f"{header}|{yaml_version}\0".encode())
    for name, path, _ in files:
        if not name.startswith("parplan/"):
            continue
        content.update(name.encode("utf-8", "surrogatepass") + b"\0")
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            data = b"?"
        content.update(len(data).to_bytes(8, "little"))
        content.update(data)
    return content.digest()


def _drop_other(kept: Path, pattern: str) -> None:
    """Remove the files of the cache folder matching ``pattern`` other than ``kept``."""
    with contextlib.suppress(OSError):
        for other in kept.parent.glob(pattern):
            if other.name != kept.name:
                with contextlib.suppress(OSError):
                    other.unlink()


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
    base: Loaded | None = found
    for name in patch.bases[1:]:
        between = _unpickle(entry.parent / name, names)
        if not isinstance(between, Patch) or base is None:
            return None
        base = _apply(base, between)
    return _apply(base, patch) if base is not None else None


def _apply(loaded: Loaded, patch: Patch) -> Loaded | None:
    """The model of a patch: ``loaded`` (just unpickled, shared with nothing) with its item
    replaced and the Sources after it moved (``splice.shift_plan``)."""
    # lazy: splice brings PyYAML's nodes, needed only when a patch is applied
    from parplan.io.splice import shift_plan

    plan, index = loaded.plan, patch.index
    if not 0 <= index < len(plan.items) or plan.items[index].id != patch.item.id:
        return None
    if patch.delta:
        shift_plan(plan, index, patch.last, patch.delta)
    items = (*plan.items[:index], patch.item, *plan.items[index + 1 :])
    return Loaded(replace(plan, items=items), loaded.registry, loaded.index, patch.diagnostics)


def _read_unit_part(entry: Path, names: tuple[str, str]) -> _UnitPart | None:
    part = _unpickle(entry, names)
    return part if isinstance(part, _UnitPart) else None


# ---------------------------------------------------------------------------------------------
# Trust (issue 19): nothing read from the cache can run code or show what the files do not say
#
# An entry is read only when (1) on POSIX, the folder and the entry are the user's own and no one
# else can write them (a folder another user can write is not used at all, neither read nor
# written: ``refusal`` says why); (2) its tag, a keyed BLAKE2 of its name and bytes under a key
# of 32 random bytes in the folder's ``key`` file (created 0600, exclusively; on POSIX refused if
# anyone else can read or write it), is right; and (3) even then it is unpickled by
# ``_ModelUnpickler``, which can build parplan's model classes and ``datetime.date`` and refuses
# any other global: no pickle it reads can call anything else. On Windows, where modes mean
# little, the folder is the user's own profile (``%LOCALAPPDATA%``) and (2) and (3) hold. Any
# failure is a miss: the files are read again, never an error.

TAG = 32
KEY_NAME = "key"
_BINARY = getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # an entry that is a pipe is refused, not waited on
_POSIX = hasattr(os, "geteuid")
# The modules whose classes an entry holds; a class of one of them, defined there, can be built.
_MODEL_MODULES = frozenset(
    {
        "parplan.core.model",
        "parplan.core.deadlines.model",
        "parplan.core.units",
        "parplan.checks.rules",
        "parplan.io.cache",
    }
)
_STANDARD = frozenset({("datetime", "date")})
_keys: dict[str, bytes] = {}
_refused: dict[str, str] = {}

# hmac.compare_digest is this function; importing hmac would load OpenSSL (hashlib).
from _operator import _compare_digest  # noqa: E402


class _ModelUnpickler(pickle.Unpickler):
    """An unpickler that builds parplan's model classes (and dates), and refuses every other
    global a pickle names: what ``pickle.loads`` would call (``os.system``, ``eval``…) never is."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in _STANDARD:
            return super().find_class(module, name)
        if module in _MODEL_MODULES and "." not in name:
            import importlib

            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and found.__module__ == module:
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of parplan's model")


def refusal() -> tuple[str, str] | None:
    """Why the cache folder was not used in this process, if it was refused (the last time
    it was looked at): (folder,
    ``"not-owned"`` | ``"writable-by-others"`` | ``"not-a-folder"`` | ``"unreadable"``)."""
    folder = cache_dir()
    reason = _refused.get(str(folder)) if folder is not None else None
    return (str(folder), reason) if reason is not None else None


def _usable_folder() -> Path | None:
    """The cache folder, when it is on and may be trusted (``_trusted``); it may not exist
    yet (it is made, 0700, by the first write)."""
    folder = cache_dir()
    if folder is None or _trusted(folder) is not None:
        return None
    return folder


def _trusted(folder: Path) -> str | None:
    """None when ``folder`` (absent, or a folder the user owns that no one else can write)
    may hold the cache; else why not, also kept for ``refusal``."""
    try:
        seen = os.stat(folder)
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"
    reason = None
    if not stat.S_ISDIR(seen.st_mode):
        reason = "not-a-folder"
    elif _POSIX and seen.st_uid != os.geteuid():
        reason = "not-owned"
    elif _POSIX and seen.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        reason = "writable-by-others"
    if reason is not None:
        _refused[str(folder)] = reason
    else:
        _refused.pop(str(folder), None)
    return reason


def _owned(seen: os.stat_result, private: bool = False) -> bool:
    """A regular file of the user's that no one else can write (nor read, ``private``)."""
    if not stat.S_ISREG(seen.st_mode):
        return False
    if not _POSIX:
        return True
    others = 0o077 if private else (stat.S_IWGRP | stat.S_IWOTH)
    return seen.st_uid == os.geteuid() and not seen.st_mode & others


def _key(folder: Path, create: bool = False) -> bytes | None:
    """The user's key for the entries of ``folder`` (made, 32 random bytes, by the first
    write); None when there is none yet, or it is not the user's alone.

    The key is written whole under a temporary name, then linked to its name (``os.link``
    fails if the name exists): a reader never sees a key half written, and a process killed
    while making it leaves no empty key behind. A writer (``create``) that finds at the key's
    name anything but a sound key — empty or of another size (left by an older version), not
    a regular file, not the user's, readable or writable by others — puts a new key in its
    place: the folder is the user's alone (``_trusted``), and entries tagged under the old key
    are then misses. Before (review of issue 19), such a key turned the cache off for good,
    silently."""
    known = _keys.get(str(folder))
    if known is not None:
        return known
    path = folder / KEY_NAME
    for _ in range(2):
        try:
            # never waits on a pipe planted at the key's name
            handle = os.open(path, os.O_RDONLY | _BINARY | _NOFOLLOW | _NONBLOCK)
        except FileNotFoundError:
            return _new_key(folder, path, replace=False) if create else None
        except OSError:
            # a link at the key's name (O_NOFOLLOW), or unreadable
            return _new_key(folder, path, replace=True) if create else None
        with os.fdopen(handle, "rb") as stream:
            sound = _owned(os.fstat(stream.fileno()), private=True)
            key = stream.read(TAG + 1) if sound else b""
        if len(key) == TAG:
            _keys[str(folder)] = key
            return key
        return _new_key(folder, path, replace=True) if create else None
    return None


def _new_key(folder: Path, path: Path, replace: bool) -> bytes | None:
    """Make the key of ``folder``: 32 random bytes in a 0600 file, linked to ``path`` (or, with
    ``replace``, renamed over what is there). Another process that linked its key first wins:
    its key is read."""
    import tempfile

    key = os.urandom(TAG)
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".key-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(key)
        if replace:
            os.replace(temporary, path)
            temporary = None
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                return _key(folder)  # made meanwhile by another process: read it
            except OSError:  # a file system without links: exclusive creation by rename
                if os.path.lexists(path):
                    return _key(folder)
                os.replace(temporary, path)
                temporary = None
    except OSError:
        return None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    _keys[str(folder)] = key
    return key


def _tagger(key: bytes, name: str) -> Any:
    tag = blake2b(key=key, digest_size=TAG, person=b"parplan-cache")
    tag.update(name.encode("utf-8", "surrogatepass") + b"\0")
    return tag


def _binding(names: tuple[str, str] | None) -> bytes:
    """What the tag of an entry that holds the files' names as spelt covers after its bytes."""
    spelt = "\0".join(names) if names is not None else ""
    return b"\1" + spelt.encode("utf-8", "surrogatepass")


def _names_memo(names: tuple[str, str]) -> object:
    """An unpickler's memo holding the files' names (0 and 1; the pair at 2)."""
    import io

    buffer = io.BytesIO()
    pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(names)
    buffer.seek(0)
    unpickler = pickle.Unpickler(buffer)
    unpickler.load()
    return unpickler.memo


class _Signing:
    """A file for the pickler that tags what it writes, and notes whether a name as spelt was
    written out (a string ``_dump``'s memo did not catch)."""

    def __init__(self, stream: BinaryIO, tag: Any, names: tuple[str, str] | None) -> None:
        self.stream, self.tag, self.bound, self.watching = stream, tag, False, True
        self.needles = [n.encode("utf-8", "surrogatepass") for n in names or () if n]

    def write(self, data: bytes) -> int:
        self.tag.update(data)
        if self.watching and not self.bound and self.needles:
            raw = bytes(data)
            self.bound = any(needle in raw for needle in self.needles)
        return self.stream.write(data)


def _spelt(plan_path: str | Path, units_path: str | Path) -> tuple[str, str]:
    """The files' names as spelt by the caller, as the loader puts them in Sources."""
    return str(plan_path), str(units_path)


def _names_of(loaded: Loaded) -> tuple[str, str]:
    """The string objects of a loaded model that name its files."""
    return loaded.plan.file, loaded.registry.file


def _unpickle(path: Path, names: tuple[str, str] | None) -> object:
    """The value of an entry, or None (a miss) unless the entry is sound: a regular file the
    user owns, that no one else can write (POSIX), whose tag is right for its name and bytes
    under the user's key; and then read by ``_ModelUnpickler``, which builds parplan's model
    classes and nothing else. ``names``: the files as spelt now (``_dump``)."""
    key = _key(path.parent)
    if key is None:
        return None
    try:
        handle = os.open(path, os.O_RDONLY | _BINARY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream, _collector_paused():
            if not _owned(os.fstat(stream.fileno())):
                return None
            head = stream.read(TAG + 1)
            if len(head) != TAG + 1 or head[TAG] not in (0, 1):
                return None
            tag = _tagger(key, path.name)
            block = bytearray(1 << 20)
            view = memoryview(block)
            while read := stream.readinto(block):
                tag.update(view[:read])
            view.release()
            bound = head[TAG] == 1
            tag.update(_binding(names) if bound else b"\0")
            if not _compare_digest(tag.digest(), head[:TAG]):
                return None
            stream.seek(TAG + 1)
            value = _load_one(stream, names)
            if isinstance(value, _Chunked):
                value = value.read(stream, names)
            return value if _spelt_as(value, names) else None
    except Exception:  # a truncated, foreign or refused file is a miss, never an error
        return None


def _load_one(stream: BinaryIO, names: tuple[str, str] | None) -> object:
    """One value of an entry (see ``_dump``): the names as stored, then the value, with the
    names as spelt now in their place."""
    unpickler = _ModelUnpickler(stream)
    if names is not None:
        stored = unpickler.load()
        if not isinstance(stored, tuple) or len(stored) != 2:
            return None
        if stored != names:
            # The memo now holds the stored names at 0 and 1 (and their pair at 2): the same
            # three slots, holding the names as spelt now.
            unpickler.memo = _names_memo(names)  # type: ignore[assignment]
    return unpickler.load()


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


def _dump(value: object, stream: BinaryIO, names: tuple[str, str] | None) -> None:
    """Pickle ``value``; a model of more than ``CHUNK`` items as a ``_Chunked`` head, then its
    items ``CHUNK`` at a time, each chunk a pickle of its own.

    Each pickle is preceded by a pickle of the files' names as spelt (``names``, the very
    strings the model's Sources hold), with the same pickler: in the value, they are references
    to the memo. The reader puts the names as spelt now in their place, so that
    "data/plan.yaml" and its absolute spelling share one entry and each gets its own spelling
    back, at no cost per object."""

    signing = stream if isinstance(stream, _Signing) else None

    def dump(part: object) -> None:
        pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
        if names is not None:
            if signing is not None:
                signing.watching = False  # the names themselves (flushed by their dump)
            pickler.dump(names)
            if signing is not None:
                signing.watching = True
        pickler.dump(part)

    if isinstance(value, Loaded) and len(value.plan.items) > CHUNK:
        items = value.plan.items
        head = _Chunked(replace(value, plan=replace(value.plan, items=())), len(items))
        dump(head)
        for start in range(0, len(items), CHUNK):
            dump(items[start : start + CHUNK])
    else:
        dump(value)


@dataclass(frozen=True)
class _Chunked:
    """The head of a model pickled in chunks: the model without its items, and how many items
    follow, in pickles of at most ``CHUNK`` items.

    One pickle of the whole model would do, but unpickling keeps every object's arguments it
    read until its end, which at 100,000 items is a third more memory than the model itself at
    its peak; a chunk's are freed when the next one starts. An item of one chunk shares nothing
    with another chunk's (the file's name and a deadline read the same are stored once per
    chunk): nothing compares the model's values by identity."""

    loaded: Loaded
    count: int

    def read(self, stream: BinaryIO, names: tuple[str, str] | None) -> Loaded | None:
        items: list[Item] = []
        while len(items) < self.count:
            chunk = _load_one(stream, names)
            if not isinstance(chunk, tuple) or not chunk:
                return None
            items.extend(chunk)
        if len(items) != self.count:
            return None
        plan = replace(self.loaded.plan, items=tuple(items))
        return replace(self.loaded, plan=plan)


def _write_entry(
    entry: Path,
    loaded: Loaded | Patch | _UnitPart | _Summary | bytes,
    names: tuple[str, str] | None,
    keep: tuple[str, ...] = (),
    clean: bool = True,
) -> None:
    """Write atomically (temporary file, then rename); then (``clean``) drop the entries of the
    same pair of files with other contents, except those named in ``keep`` (what a patch rests
    on). Any failure (read-only folder, full disk) leaves the cache as it was.

    The file is the tag (``TAG`` bytes), a byte saying whether the value holds the files' names
    as spelt (1: one of them was met in the pickle, a string ``_dump``'s memo did not catch;
    the tag then covers the spelling, and another spelling is a miss), then the pickles.
    Entries are created 0600 (``mkstemp``): the cache is the user's alone."""
    import tempfile  # only a miss writes: a hit does without its import

    folder = entry.parent
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if _trusted(folder) is not None:
            return  # made meanwhile by someone else
        key = _key(folder, create=True)
        if key is None:
            return
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=SUFFIX)
        with os.fdopen(handle, "wb") as stream:
            stream.write(bytes(TAG + 1))
            signing = _Signing(stream, _tagger(key, entry.name), names)
            _dump(loaded, signing, names)  # type: ignore[arg-type]
            signing.tag.update(_binding(names) if signing.bound else b"\0")
            stream.seek(0)
            stream.write(signing.tag.digest() + (b"\1" if signing.bound else b"\0"))
        os.replace(temporary, entry)
        temporary = None
    except (OSError, pickle.PicklingError, RecursionError):
        return
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    if not clean:
        return
    pair, content = entry.name.split("-")[0], entry.name.split("-")[1].split(".")[0]
    with contextlib.suppress(OSError):
        for other in entry.parent.glob(f"{pair}-*"):
            ours = other.suffix in (SUFFIX, PATCH_SUFFIX)
            # <pair>-<content>.pickle|.patch, <pair>-<content>-<unit>.pickle
            of_content = other.name.split("-")[1].split(".")[0] == content
            if ours and not of_content and other.name not in keep:
                with contextlib.suppress(OSError):
                    other.unlink()
