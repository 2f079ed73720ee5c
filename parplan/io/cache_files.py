"""The cache's entries on disk: the folder, its key, and the tagged, restricted pickles.

Why past 500 lines: trust (issue 19) is one argument from the folder's owner to the unpickler's
last refusal, kept together so that it can be read as one.

``io/cache.py`` decides what is stored and when; this module how: an entry is written
atomically (a temporary file renamed over its name) and read back only when it is the user's
own, its keyed tag is right and the unpickler built nothing but parplan's model classes.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from parplan.checks.loaded import Loaded
from parplan.core.model import Item, Plan
from parplan.core.values import pickled_by_fields
from parplan.io import cache_columns
from parplan.io.cache_digest import blake2b as blake2b

_T = TypeVar("_T")


# Bumped when the shape of what is stored changes; the code fingerprint covers the rest.
FORMAT = 4
SUFFIX = ".pickle"
PATCH_SUFFIX = ".patch"
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile: building a large model, or reading one back,
    it would otherwise walk the growing heap again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        "parplan.checks.loaded",
        "parplan.io.cache",
        "parplan.io.cache_files",
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
    # lazy: tempfile, only when the cache writes an entry
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


@lru_cache(maxsize=8)
def _names_memo(names: tuple[str, str]) -> object:
    """An unpickler's memo holding the files' names (0 and 1; the pair at 2): one for each
    spelling, so that every value read with it holds the very same strings (review of issue
    23's fourth round: a model read back and stored again then refers to them, as ``_dump``
    expects, rather than writing out strings equal to them, which bound the entry to one
    spelling)."""
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
    return _read_sound(path, names, lambda stream, _end: _value_of(stream, names))


def _value_of(stream: BinaryIO, names: tuple[str, str] | None) -> object:
    stream.seek(TAG + 1)
    value = _load_one(stream, names)
    if isinstance(value, _Chunked):
        value = value.read(stream, names)
    return value


def _read_sound(
    path: Path,
    names: tuple[str, str] | None,
    read: Callable[[io.BufferedReader, int], _T],
) -> _T | None:
    """``read(stream, length)`` of the entry at ``path`` once ``_sound`` has found it sound
    (its owner, its mode, its tag over every byte); None, a miss, otherwise or on any error."""
    key = _key(path.parent)
    if key is None:
        return None
    try:
        handle = os.open(path, os.O_RDONLY | _BINARY | _NOFOLLOW | _NONBLOCK)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream, _collector_paused():
            end = _sound(stream, key, path.name, names)
            return read(stream, end) if end is not None else None
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
        # The memo now holds the stored names at 0 and 1 (and their pair at 2): the same three
        # slots, holding the names as spelt now (the same strings for every value read with
        # them, even when the stored ones are equal: see ``_names_memo``).
        unpickler.memo = _names_memo(names)  # type: ignore[assignment]
    return unpickler.load()


def _dump(
    value: object,
    stream: BinaryIO,
    names: tuple[str, str] | None,
    prepared: cache_columns.Prepared | None = None,
) -> None:
    """Pickle ``value``; a model of more than ``CHUNK`` items (``Loaded``, or a value holding
    one as its ``loaded``: a unit's entry) as a ``_Chunked`` head, then its items ``CHUNK`` at a
    time, each chunk a pickle of its own, of the chunk's columns (``cache_columns``).

    Each pickle is preceded by a pickle of the files' names as spelt (``names``, the very
    strings the model's Sources hold), with the same pickler: in the value, they are references
    to the memo. The reader puts the names as spelt now in their place, so that
    "data/plan.yaml" and its absolute spelling share one entry and each gets its own spelling
    back, at no cost per object. ``prepared``: its items encoded (``cache_columns.prepare``)."""

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

    model = _model_of(value)
    if model is None or len(model.plan.items) <= CHUNK:
        dump(value)
        return
    items = model.plan.items
    ready = prepared if prepared is not None and prepared.items is items else None
    tasks = ready.tasks if ready else cache_columns.encode_tasks(model.plan.tasks)
    dump(_Chunked(_with_plan(value, items=(), tasks=()), len(items), tasks))
    offsets = []
    for chunk in ready.chunks if ready else cache_columns.encoded_chunks(items, CHUNK):
        offsets.append(_position(stream))
        dump(chunk)  # (encoded one at a time unless ``prepared``: one chunk's columns in memory)
    if model is value:
        _write_directory(stream, dump, model, offsets)  # issue 23: edits read one chunk


def _model_of(value: object) -> Loaded | None:
    """The model ``value`` is or holds as its ``loaded`` (``cache._UnitPart``), if any."""
    if isinstance(value, Loaded):
        return value
    inner = getattr(value, "loaded", None)
    return inner if isinstance(inner, Loaded) else None


def _with_plan(value: object, **changes: Any) -> object:
    """``value`` with ``changes`` made to the plan of the model it is or holds
    (``_model_of``): its items, its tasks."""
    model = _model_of(value)
    assert model is not None
    changed = replace(model, plan=replace(model.plan, **changes))
    return changed if model is value else replace(value, loaded=changed)  # type: ignore[type-var]


@pickled_by_fields
@dataclass(frozen=True, eq=False, repr=False)
class _Chunked:
    """The head of a model pickled in chunks: the value pickled, its model without its items
    and tasks (``_model_of``), how many items follow, in pickles of at most ``CHUNK`` items, and
    the tasks by column (``cache_columns.encode_tasks``: 11,000 tasks of a Text and a Source
    each at 100,000 items were most of the head's time).

    One pickle of the whole model would do, but unpickling keeps every object's arguments it
    read until its end, which at 100,000 items is a third more memory than the model itself at
    its peak; a chunk's are freed when the next one starts. An item of one chunk shares nothing
    with another chunk's (the file's name and a deadline read the same are stored once per
    chunk): nothing compares the model's values by identity."""

    value: object
    count: int
    tasks: object

    def head(self) -> object:
        """The value pickled, its model with its tasks and no item (None: not readable)."""
        tasks = cache_columns.decode_tasks(self.tasks)
        if _model_of(self.value) is None or tasks is None:
            return None
        return _with_plan(self.value, tasks=tasks)

    def read(self, stream: BinaryIO, names: tuple[str, str] | None) -> object:
        head = self.head()
        if head is None:
            return None
        items: list[Item] = []
        while len(items) < self.count:
            chunk = cache_columns.decode(_load_one(stream, names))
            if not chunk:
                return None
            items.extend(chunk)
        if len(items) != self.count:
            return None
        return _with_plan(head, items=tuple(items))


def _write_entry(
    entry: Path,
    loaded: object,
    names: tuple[str, str] | None,
    keep: tuple[str, ...] = (),
    clean: bool = True,
    prepared: cache_columns.Prepared | None = None,
) -> None:
    """Write atomically (temporary file, then rename); then (``clean``) drop the entries of the
    same pair of files with other contents, except those named in ``keep`` (what a patch rests
    on). Any failure (read-only folder, full disk) leaves the cache as it was.

    The file is the tag (``TAG`` bytes), a byte saying whether the value holds the files' names
    as spelt (1: one of them was met in the pickle, a string ``_dump``'s memo did not catch;
    the tag then covers the spelling, and another spelling is a miss), then the pickles.
    Entries are created 0600 (``mkstemp``): the cache is the user's alone."""
    import tempfile  # lazy: only a miss writes an entry: a hit does without tempfile

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
            _dump(loaded, signing, names, prepared)  # type: ignore[arg-type]
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
    pair, content = entry.name.split("-")[0], _content_of(entry.name)
    # what a patch rests on, and the units' entries of the same bytes (a unit's view of the
    # bytes after the patch starts from them: ``cache._unit_part_of_chain``)
    kept = {content, *map(_content_of, keep)}
    with contextlib.suppress(OSError):
        for other in entry.parent.glob(f"{pair}-*"):
            ours = other.suffix in (SUFFIX, PATCH_SUFFIX)
            if ours and _content_of(other.name) not in kept:
                with contextlib.suppress(OSError):
                    other.unlink()
    drop_stale_temporaries(entry.parent, time.time())


def _content_of(name: str) -> str:
    """The content part of an entry's name: <pair>-<content>.pickle|.patch,
    <pair>-<content>-<unit>.pickle, <pair>-<content>-validate.pickle."""
    return name.split("-")[1].split(".")[0] if "-" in name else ""


# A temporary file of the cache this old was left by a writer killed before its rename (a
# writer takes seconds, even at 100,000 items).
STALE_SECONDS = 3600.0


def drop_stale_temporaries(folder: Path, now: float) -> None:
    """Remove the temporary files (``.tmp-*``, ``.key-*``) of the cache folder that writers
    killed mid-write left, once an hour old; a younger one may be another process's, still
    being written. Run where a new entry replaces the old ones, so the folder does not grow."""
    with contextlib.suppress(OSError):
        for temporary in (*folder.glob(".tmp-*"), *folder.glob(".key-*")):
            with contextlib.suppress(OSError):
                status = temporary.lstat()
                if stat.S_ISREG(status.st_mode) and now - status.st_mtime > STALE_SECONDS:
                    temporary.unlink()


# ---------------------------------------------------------------------------------------------
# issue 23: edits — one item of a model pickled in chunks, without unpickling the others
#
# A ledger edit needs the model without its items (the head), the one item it edits, and two
# facts of the whole plan: where that item is (its ID) and whether any record is dated after
# today (the day's checks). ``_dump`` ends a chunked model with a ``_Directory`` of those, then
# the directory's offset in 8 bytes; ``_Chunked.read`` stops after the last chunk and never
# sees it. ``read_item`` checks the entry as ``_unpickle`` does (owner, mode, keyed tag over
# every byte), then unpickles the head, the directory and the one chunk: at 100,000 items
# about a twentieth of the whole.


@pickled_by_fields
@dataclass(frozen=True, eq=False, repr=False)
class _Directory:
    """What follows the chunks of a model (``_dump``): where each chunk's pickles start in the
    file, how many items a chunk holds, the items' IDs in capitals between line ends
    (``"\\nI.1.1\\nI.1.2\\n"``; empty when an ID holds a line end) and the latest day of any
    record the day's checks look at (``checks.records.record_days``)."""

    offsets: tuple[int, ...]
    size: int
    ids: str
    latest_record: date | None


@dataclass(frozen=True)
class Piece:
    """One item read from a chunked entry (``read_item``): the model without its items, how
    many items the plan has, the item's place among them, the item, and the directory."""

    head: Loaded
    count: int
    index: int
    item: Item
    directory: _Directory

    def id_at(self, index: int) -> str | None:
        """The ID (in capitals) of the item at ``index`` of the whole plan."""
        ids = self._ids
        return ids[index + 1] if 0 <= index < self.count and len(ids) == self.count + 2 else None

    @cached_property
    def _ids(self) -> list[str]:
        return self.directory.ids.split("\n")


def _position(stream: BinaryIO) -> int:
    """Where the next byte ``_dump`` writes goes in the entry's file."""
    inner = stream.stream if isinstance(stream, _Signing) else stream
    return inner.tell()


def _write_directory(stream: BinaryIO, dump: Any, loaded: Loaded, offsets: list[int]) -> None:
    """The ``_Directory`` of a model just pickled in chunks, then its offset (8 bytes)."""
    items = loaded.plan.items
    # (in capitals once joined: upper() maps each character alone, and makes no line end)
    joined = ("\n" + "\n".join(map(attrgetter("id.value"), items)) + "\n").upper()
    if joined.count("\n") != len(items) + 1:
        joined = ""  # an ID holding a line end: no item is found by the directory
    at = _position(stream)
    dump(_Directory(tuple(offsets), CHUNK, joined, latest_record_day(loaded.plan)))
    stream.write(at.to_bytes(8, "little"))


def latest_record_day(plan: Plan) -> date | None:
    """The latest day of the plan's records, as ``max(record_days(plan))`` gives it (quicker:
    most items record nothing). The last plan asked about is remembered, by identity (the
    model is immutable): a cold view asks it of the same model for two entries."""
    if _latest_known and _latest_known[0] is plan:
        return _latest_known[1]  # type: ignore[no-any-return]
    # lazy: the checks' module, only where an entry is written (a cached view imports no check)
    from parplan.checks.records import record_days

    recording = tuple(
        item
        for item in plan.items
        if item.completions or item.met is not None or item.log or item.late
    )
    days = record_days(replace(plan, items=recording))
    latest = max(days) if days else None
    _latest_known[:] = [plan, latest]
    return latest


_latest_known: list[Any] = []


def read_item(path: Path, names: tuple[str, str] | None, typed: str) -> Piece | None:
    """The item a person typed the ID of (``Plan.find``: the first whose ID in capitals is
    ``typed`` stripped, in capitals) in the chunked entry at ``path``; None (the whole entry
    is then read) when the entry is not sound, not chunked, or the ID not in it."""
    wanted = typed.strip().upper()
    if not wanted or "\n" in wanted:
        return None
    return _read_sound(path, names, lambda stream, end: _item_of(stream, end, names, wanted))


def _sound(
    stream: io.BufferedReader, key: bytes, name: str, names: tuple[str, str] | None
) -> int | None:
    """The length of the entry open in ``stream`` when it is the user's own, unwritable by
    others, and its tag right for its name and bytes under ``key``; else None (the one check
    of every read, ``_read_sound``)."""
    if not _owned(os.fstat(stream.fileno())):
        return None
    head = stream.read(TAG + 1)
    if len(head) != TAG + 1 or head[TAG] not in (0, 1):
        return None
    tag = _tagger(key, name)
    block = bytearray(1 << 20)
    view = memoryview(block)
    end = TAG + 1
    while read := stream.readinto(block):
        tag.update(view[:read])
        end += read
    view.release()
    tag.update(_binding(names) if head[TAG] == 1 else b"\0")
    return end if _compare_digest(tag.digest(), head[:TAG]) else None


def _item_of(
    stream: BinaryIO, end: int, names: tuple[str, str] | None, wanted: str
) -> Piece | None:
    stream.seek(TAG + 1)
    head = _load_one(stream, names)
    if not isinstance(head, _Chunked):
        return None
    model = head.head()
    if not isinstance(model, Loaded) or end < TAG + 9:
        return None
    stream.seek(end - 8)
    at = int.from_bytes(stream.read(8), "little")
    if not TAG + 1 < at < end - 8:
        return None
    stream.seek(at)
    directory = _load_one(stream, names)
    if not isinstance(directory, _Directory) or directory.size < 1:
        return None
    count, size = head.count, directory.size
    if len(directory.offsets) != -(-count // size):
        return None
    found = directory.ids.find("\n" + wanted + "\n")
    if found < 0:
        return None
    index = directory.ids.count("\n", 0, found + 1) - 1
    number = index // size
    if not 0 <= index < count or not TAG + 1 < directory.offsets[number] < at:
        return None
    stream.seek(directory.offsets[number])
    chunk = _load_one(stream, names)
    if cache_columns.count(chunk) != min(size, count - number * size):
        return None
    item = cache_columns.decode_one(chunk, index - number * size)
    if not isinstance(item, Item) or item.id.value.upper() != wanted:
        return None
    return Piece(model, count, index, item, directory)
