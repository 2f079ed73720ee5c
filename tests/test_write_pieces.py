"""Files are written a megabyte at a time (``files.write_in_pieces``, issue 23, seventh round):
the same bytes, no call larger than ``WRITE_PIECE``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

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
