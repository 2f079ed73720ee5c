"""Review of issue 23's edits read in part: a chain of patches that cannot be trusted (a byte
changed in the newest patch, the full entry under it gone) is read whole, and the edit is the
one the whole file gives, with every entry stored afterwards a fresh load."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA
from test_splice import SMALL, both_ways, fast_ways, in_part, log  # noqa: F401 (fixtures)

from parplan.core.model import Plan
from parplan.io import cache, cache_files
from parplan.io.loader import load_plan


def _entry(plan: Path, units: Path) -> Path | None:
    """The cache entry of the plan's bytes now (None with the cache off)."""
    return cache._entry_of(plan, units, plan.read_bytes(), units.read_bytes())


def _then(change: str, item: str) -> Callable[[Path, Path], object]:
    """A step that first spoils the entry of the plan's bytes as ``change`` says, then logs work
    on ``item``; with the cache off there is no entry and only the edit runs."""
    edit = log(item)

    def step(plan: Path, units: Path) -> object:
        entry = _entry(plan, units)
        if entry is not None:
            patch = entry.with_suffix(cache.PATCH_SUFFIX)
            assert patch.is_file()  # the edits before stored patches
            if change == "byte":
                spoilt = bytearray(patch.read_bytes())
                spoilt[len(spoilt) // 2] ^= 1
                patch.write_bytes(bytes(spoilt))
            else:  # the full entry the chain rests on
                bases = cache._unpickle(patch, cache._spelt(plan, units)).bases
                (patch.parent / bases[0]).unlink()
        return edit(plan, units)

    return step


@pytest.mark.parametrize("change", ["byte", "base"])
def test_a_spoilt_chain_of_patches_is_read_whole(
    change: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_ways: list[bool],  # noqa: F811
    in_part: list[bool],  # noqa: F811
) -> None:
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan: Plan = load_plan(DATA / "plan-2025.yaml")[0]
    first, second, third = (plan.items[n].id.value for n in (1, SMALL + 1, 2 * SMALL + 1))
    steps = [log(first), log(second), _then(change, third), log(first)]
    outcomes = both_ways(DATA, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written"] * 4
    # the first two read in part; the spoilt chain read whole (stored whole); then in part again
    assert in_part == [True, True, True]
