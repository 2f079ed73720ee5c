"""Files are written a megabyte at a time (``files.write_in_pieces``, issue 23, seventh round):
the same bytes, no call larger than ``WRITE_PIECE``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest

from parplan.io import files
from parplan.io.files import WRITE_PIECE, create_new, write_atomic, write_in_pieces


class _Recording(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def write(self, data: Any, /) -> int:
        self.calls.append(len(memoryview(data)))
        return super().write(data)


def _data(size: int) -> bytes:
    return bytes(range(251)) * (size // 251) + bytes(range(size % 251))


# (size, how many calls): by hand, from the size and a megabyte a call
SIZES = [(0, 0), (1, 1), (WRITE_PIECE, 1), (WRITE_PIECE + 1, 2), (3 * WRITE_PIECE - 7, 3)]


@pytest.mark.parametrize(("size", "calls"), SIZES)
def test_pieces_hold_the_bytes(size: int, calls: int) -> None:
    stream = _Recording()
    write_in_pieces(stream, _data(size))
    assert stream.getvalue() == _data(size)
    assert len(stream.calls) == calls
    assert all(0 < n <= WRITE_PIECE for n in stream.calls)


def test_write_atomic_and_create_new_write_in_pieces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = files.write_in_pieces

    def spy(stream: object, data: bytes) -> None:
        calls.append(len(data))
        original(stream, data)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "write_in_pieces", spy)
    data = _data(2 * WRITE_PIECE + 3)
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")
    write_atomic(target, data, expected=b"old\n")
    assert target.read_bytes() == data
    assert create_new(tmp_path / "new.yaml", data)
    assert (tmp_path / "new.yaml").read_bytes() == data
    assert calls == [len(data), len(data)]


# --- review of issue 23, seventh round ---------------------------------------------------------


class _Short(io.RawIOBase):
    """A raw stream that takes at most 1000 bytes a call, as an unbuffered file may (a
    file-size limit, a signal), or none at all once ``full``."""

    def __init__(self, full: bool = False) -> None:
        self.taken = bytearray()
        self.full = full

    def writable(self) -> bool:
        return True

    def write(self, data: Any, /) -> int:
        if self.full:
            return 0
        piece = bytes(memoryview(data)[:1000])
        self.taken += piece
        return len(piece)


def test_a_stream_that_takes_part_is_given_the_rest() -> None:
    stream = _Short()
    write_in_pieces(cast(BinaryIO, stream), _data(2500))
    assert bytes(stream.taken) == _data(2500)


def test_a_stream_that_takes_nothing_is_an_error() -> None:
    with pytest.raises(OSError):
        write_in_pieces(cast(BinaryIO, _Short(full=True)), _data(10))


def test_pieces_are_counted_in_bytes_whatever_the_item_size() -> None:
    """An array of 2-byte numbers: a megabyte a call, not a million numbers (2 MB)."""
    import array

    numbers = array.array("H", range(65536)) * 24  # 3 MB, by hand: 65,536 * 2 * 24 bytes
    stream = _Recording()
    write_in_pieces(stream, cast(bytes, numbers))
    assert stream.getvalue() == numbers.tobytes()
    assert stream.calls == [WRITE_PIECE] * 3
