"""The file digest in the cache's key (``io/cache_digest.py``): the two halves' BLAKE2b digests
hashed together, the same from memory or from the file, in one thread or two, with or without
``os.preadv``; a file not of its size gives none. And ``files._holds``, the comparison of a
file with the bytes it should hold, made as the file is read (both issue 23, sixth round)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from parplan.io import cache_digest

BLOCK = cache_digest.BLOCK
SIZES = [0, 1, 2, 3, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 2 * BLOCK + 1, 3 * BLOCK + 7]


def by_definition(raw: bytes) -> bytes:
    """The digest as the module's docstring defines it, computed here."""
    half = len(raw) // 2
    leaves = [
        hashlib.blake2b(part, digest_size=16, person=b"parplan-half").digest()
        for part in (raw[:half], raw[half:])
    ]
    return hashlib.blake2b(b"".join(leaves), digest_size=16, person=b"parplan-tree").digest()


def content(size: int) -> bytes:
    # Not periodic (a digest of the wrong range would differ), and quick to make.
    return hashlib.shake_128(b"parplan").digest(size) if size else b""


@pytest.fixture(params=["one thread", "two threads"])
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(cache_digest, "PARALLEL_FROM", 1 << 62 if "one" in request.param else 0)
    return str(request.param)


@pytest.fixture(params=["preadv", "no preadv"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "no preadv":  # as on Windows
        monkeypatch.setattr(cache_digest, "_PREADV", None)
    elif cache_digest._PREADV is None:
        pytest.skip("this system has no os.preadv")
    return str(request.param)


@pytest.mark.parametrize("size", SIZES)
def test_the_digest_of_bytes_is_its_definition(size: int, threads: str) -> None:
    raw = content(size)
    assert cache_digest.of_bytes(raw) == by_definition(raw)


@pytest.mark.parametrize("size", SIZES)
def test_the_digest_of_a_file_is_that_of_its_bytes(
    size: int, threads: str, reading: str, tmp_path: Path
) -> None:
    raw = content(size)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        assert cache_digest.of_file(descriptor, size) == by_definition(raw)
        # A size the file does not have (it changed after fstat): no digest, either way.
        assert cache_digest.of_file(descriptor, size + 1) is None
        if size:
            assert cache_digest.of_file(descriptor, size - 1) is None
    finally:
        os.close(descriptor)


def test_one_byte_changed_anywhere_changes_the_digest() -> None:
    raw = content(2 * BLOCK + 3)
    digests = {cache_digest.of_bytes(raw)}
    for at in (0, BLOCK - 1, len(raw) // 2 - 1, len(raw) // 2, len(raw) - 1):
        changed = bytearray(raw)
        changed[at] ^= 1
        digests.add(cache_digest.of_bytes(bytes(changed)))
    assert len(digests) == 6
    # One byte more or less, anywhere, moves the middle: another digest.
    assert len({cache_digest.of_bytes(raw[:n]) for n in range(len(raw) - 4, len(raw) + 1)}) == 5


def test_an_error_reading_in_the_thread_is_raised_to_the_caller(
    threads: str, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(content(3 * BLOCK))
    descriptor = os.open(path, os.O_RDONLY)
    os.close(descriptor)  # a descriptor no longer open: both halves fail to read
    with pytest.raises(OSError):
        cache_digest.of_file(descriptor, 3 * BLOCK)


# ---------------------------------------------------------------------------------------------
# files._holds: the last check of an atomic write, compared a megabyte at a time


@pytest.mark.parametrize("size", [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 5])
def test_a_file_holds_exactly_its_bytes(size: int, tmp_path: Path) -> None:
    from parplan.io import files

    raw = content(size)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    assert files._holds(path, raw)
    assert not files._holds(path, raw + b"\n")  # the file is shorter
    if size:
        assert not files._holds(path, raw[:-1])  # the file is longer
        for at in {0, size // 2, size - 1, min(BLOCK, size - 1)}:
            changed = bytearray(raw)
            changed[at] ^= 1
            assert not files._holds(path, bytes(changed)), at
    assert not files._holds(tmp_path / "gone.yaml", raw)


# ---------------------------------------------------------------------------------------------
# The thread (review of issue 23, sixth round)


def test_with_no_thread_to_be_had_the_halves_are_hashed_one_after_the_other(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A process or container at its limit of tasks gets no thread (``RuntimeError: can't
    start new thread``): the same digest, made in the caller's thread — before, the error was
    the traceback of every command on a plan of 4 MB or more."""
    import threading

    def refused(self: threading.Thread) -> None:
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(cache_digest, "PARALLEL_FROM", 0)
    monkeypatch.setattr(threading.Thread, "start", refused)
    raw = content(2 * BLOCK + 3)
    assert cache_digest.of_bytes(raw) == by_definition(raw)
    path = tmp_path / "plan.yaml"
    path.write_bytes(raw)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        assert cache_digest.of_file(descriptor, len(raw)) == by_definition(raw)
    finally:
        os.close(descriptor)


def _reads_failing(monkeypatch: pytest.MonkeyPatch, where: str, error: BaseException) -> None:
    """``os.preadv`` as the module calls it, raising ``error`` for the reads of the ``where``
    half (a file of ``3 * BLOCK`` bytes)."""
    real = cache_digest._PREADV
    if real is None:
        pytest.skip("this system has no os.preadv")
    half = 3 * BLOCK // 2

    def read(descriptor: int, buffers: list[memoryview], at: int) -> int:
        if (at >= half) == (where == "second"):
            raise error
        return real(descriptor, buffers, at)

    monkeypatch.setattr(cache_digest, "_PREADV", read)
    monkeypatch.setattr(cache_digest, "PARALLEL_FROM", 0)


def test_an_error_in_the_thread_alone_is_raised_to_the_caller(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(content(3 * BLOCK))
    _reads_failing(monkeypatch, "second", OSError(5, "Input/output error"))
    descriptor = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(OSError, match="Input/output error"):
            cache_digest.of_file(descriptor, 3 * BLOCK)
    finally:
        os.close(descriptor)


def test_the_thread_has_ended_when_the_caller_is_interrupted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Ctrl-C while the caller hashes its half: the thread is joined before the interrupt goes
    on, so no thread outlives the digest (``cli.aside`` forks only a process with one)."""
    import threading

    path = tmp_path / "plan.yaml"
    path.write_bytes(content(3 * BLOCK))
    _reads_failing(monkeypatch, "first", KeyboardInterrupt())
    descriptor = os.open(path, os.O_RDONLY)
    try:
        with pytest.raises(KeyboardInterrupt):
            cache_digest.of_file(descriptor, 3 * BLOCK)
        assert not [t for t in threading.enumerate() if t.name == "parplan-digest"]
    finally:
        os.close(descriptor)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_at_the_name_does_not_hold_the_bytes_and_is_not_waited_on(tmp_path: Path) -> None:
    """A named pipe put at the plan's name between the read and the write (review of issue 23,
    sixth round): not the file read, and never waited on — before, opening it for the
    comparison waited for a writer that never came."""
    import threading

    from parplan.io import files

    pipe = tmp_path / "plan.yaml"
    os.mkfifo(pipe)
    answer: list[bool] = []
    comparing = threading.Thread(target=lambda: answer.append(files._holds(pipe, b"x")))
    comparing.start()
    comparing.join(10)
    waited = comparing.is_alive()
    if waited:  # let it go: a writer opens the pipe and closes it
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        comparing.join()
    assert not waited
    assert answer == [False]
