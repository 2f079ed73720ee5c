"""The digest of a file's bytes in a cache key: its two halves hashed side by side (issue 23,
sixth round).

BLAKE2b hashes about 700 MB a second on one core of the benchmark's machine, so the 48 MB of a
plan of 100,000 items cost 0.07 s of every command's key, twice in an edit (the bytes before
and after): a sixth of a cached ``due --unit``. The digest of a file is therefore a tree of two
leaves: the BLAKE2b digests of the first ``len // 2`` bytes and of the rest, hashed together.
Each level has its own personalisation, so that no leaf can pass for a root; with the length,
which the key holds beside it, a change of any byte changes the digest as it did before.

BLAKE2 (``hashlib``'s) lets other threads run while it hashes a buffer of more than 2 KB, so above
``PARALLEL_FROM`` a thread hashes the second half while the caller's thread hashes the first:
on two cores, half the time (0.031 s against 0.060 s for the 48 MB, in process). The digest is
defined by the bytes alone: the same whether the halves were hashed in one thread or two, from
memory or from the file (``of_bytes``, ``of_file``; ``tests/test_cache_digest.py`` holds them
to a digest computed there by its definition). Where the system gives no thread (a process at
its limit of tasks), the caller hashes both halves itself.

A file is read with ``os.preadv`` (each thread at its own offset of the one open file, into its
own buffer a megabyte at a time); where there is none (Windows), the halves are read and hashed
one after the other in the caller's thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import threading

try:
    # BLAKE2 from its own small module: ``import hashlib`` first loads OpenSSL, which costs more
    # (several ms) than everything else a cached view does. Same function, same digests.
    from _blake2 import blake2b as blake2b
except ImportError:  # a Python built without it: hashlib's is the same algorithm
    from hashlib import blake2b as blake2b

PARALLEL_FROM = 4 << 20  # bytes; below, a thread costs more than it saves
BLOCK = 1 << 20
_LEAF = b"parplan-half"
_ROOT = b"parplan-tree"
_PREADV: Callable[[int, list[memoryview], int], int] | None = getattr(os, "preadv", None)


def _leaf() -> blake2b:
    return blake2b(digest_size=16, person=_LEAF)


def _root(first: bytes, second: bytes) -> bytes:
    return blake2b(first + second, digest_size=16, person=_ROOT).digest()


def of_bytes(raw: bytes) -> bytes:
    """The digest of ``raw``."""
    with memoryview(raw) as view:

        def hashed(start: int, end: int) -> bytes:
            leaf = _leaf()
            leaf.update(view[start:end])
            return leaf.digest()

        first, second = _side_by_side(hashed, len(raw), len(raw) >= PARALLEL_FROM)
    assert first is not None and second is not None  # (hashing memory cannot fail)
    return _root(first, second)


def of_file(descriptor: int, size: int) -> bytes | None:
    """The digest of the file open at ``descriptor``, which ``fstat`` gave as ``size`` bytes
    long; None when it is not that long as read (it changed meanwhile)."""
    preadv = _PREADV
    if preadv is None:  # one position in the file: the halves one after the other
        os.lseek(descriptor, 0, os.SEEK_SET)

        def sequential(target: memoryview, at: int) -> int:
            data = os.read(descriptor, len(target))
            target[: len(data)] = data
            return len(data)

        def hashed(start: int, end: int) -> bytes | None:
            return _read_leaf(sequential, start, end, end == size)

        first, second = _side_by_side(hashed, size, False)
    else:

        def positioned(target: memoryview, at: int) -> int:
            return preadv(descriptor, [target], at)

        def hashed(start: int, end: int) -> bytes | None:
            return _read_leaf(positioned, start, end, end == size)

        first, second = _side_by_side(hashed, size, size >= PARALLEL_FROM)
    if first is None or second is None:
        return None
    return _root(first, second)


def _read_leaf(
    read: Callable[[memoryview, int], int], start: int, end: int, last: bool
) -> bytes | None:
    """The leaf of the bytes from ``start`` to ``end`` as ``read`` (into a buffer, from an
    offset) gives them; None when there are fewer, or, when ``last``, more (a byte after
    ``end``: the file grew)."""
    leaf = _leaf()
    with memoryview(bytearray(min(BLOCK, end - start + 1))) as block:  # a small file: its size
        at = start
        while at < end:
            count = read(block[: min(BLOCK, end - at)], at)
            if count == 0:
                return None  # shorter than its size: changed meanwhile
            leaf.update(block[:count])
            at += count
        if last and read(block[:1], at) != 0:
            return None
    return leaf.digest()


def _side_by_side(
    hashed: Callable[[int, int], bytes | None], size: int, parallel: bool
) -> tuple[bytes | None, bytes | None]:
    """``hashed`` of the first half and of the second, the second in a thread of its own when
    ``parallel`` (an error there is raised here)."""
    half = size // 2
    second: list[bytes | None] = []
    failure: list[BaseException] = []
    worker = _started(lambda: hashed(half, size), second, failure) if parallel else None
    if worker is None:  # one thread, or no thread to be had: one half after the other
        first = hashed(0, half)
        return first, hashed(half, size) if first is not None else None
    try:
        first = hashed(0, half)
    finally:
        worker.join()
    if failure:
        raise failure[0]
    return first, second[0]


def _started(
    job: Callable[[], bytes | None], result: list[bytes | None], failure: list[BaseException]
) -> threading.Thread | None:
    """A thread running ``job``, its value put in ``result`` or its error in ``failure``; None
    when the system gives no thread (a process or a container at its limit of tasks:
    ``RuntimeError``), and the caller then hashes both halves itself (review of issue 23,
    sixth round: before, a command's key raised it, a traceback)."""
    # lazy: threading, only for a file of megabytes (a cached view of the real plan starts none)
    import threading

    def run() -> None:
        try:
            result.append(job())
        except BaseException as error:  # raised again in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=run, name="parplan-digest", daemon=True)
    try:
        worker.start()
    except RuntimeError:  # "can't start new thread"
        return None
    return worker
