"""The code fingerprint of the cache's keys: what decides what a load gives besides the two
files (parplan's own sources, the installed PyYAML and Python, the entries' format)."""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
import time
from functools import lru_cache
from importlib.machinery import PathFinder
from pathlib import Path

from parplan.io.cache_files import (
    _POSIX,
    FORMAT,
    _unpickle,
    _usable_folder,
    _write_entry,
    blake2b,
)


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
    spec = PathFinder.find_spec("yaml")
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(next(iter(spec.submodule_search_locations)))


def _code_digest(files: list[tuple[str, str, os.stat_result | None]]) -> bytes:
    """The content digest of ``_code_fingerprint``: the format, Python's version, PyYAML's
    version and whether it has its C parser, and every parplan file's name and bytes (PyYAML's
    files by their version: their stats are in the stat digest)."""
    try:
        # lazy: PyYAML, only when the code's digest is computed again (a cached view loads none)
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
