"""Review of the lead's issue 23 commits (chains of patches applied in one walk, items and
tasks stored by column): differential tests against a fresh load.

- Chains of ledger edits interleaved over items of every shape (done member by member, met
  conditions, several milestones, the undos: lines added and taken away above and below
  earlier edits), on LF and CRLF-with-BOM copies of the real plan stored in chunks of 16: the
  whole model read from each patch chain (``cache._read_entry``) is ``validate``'s model,
  Sources and diagnostics with their arguments included.
- The same files spelt relatively and absolutely, read in turn from one chunked entry (the
  whole model, a unit's, the item an edit reads with ``cache_part.load_part``): every Source,
  the tasks' included, holds the spelling of the files as given.
"""

from __future__ import annotations

import os
import random
import shutil
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA
from test_splice import chosen_items, sequence

from parplan.checks.rules import validate
from parplan.core.model import Source
from parplan.core.units import UnitIndex
from parplan.io import cache, cache_files, cache_part
from parplan.io.errors import LedgerError
from parplan.io.loader import load_plan, load_registry

TODAY = date(2025, 6, 30)
SMALL = 16


def _copy(tmp_path: Path, layout: str) -> tuple[Path, Path]:
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock"))
    plan = tmp_path / "data" / "plan-2025.yaml"
    if layout == "crlf+bom":
        text = plan.read_text(encoding="utf-8")
        plan.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    return plan, tmp_path / "data" / "units.yaml"


def _same_as_fresh(loaded: object, plan: Path, units: Path) -> None:
    fresh = validate(plan, units, None)
    assert loaded.plan == fresh.plan  # type: ignore[attr-defined]
    assert [(d, dict(d.args)) for d in loaded.diagnostics] == [  # type: ignore[attr-defined]
        (d, dict(d.args)) for d in fresh.diagnostics
    ]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("layout", ["lf", "crlf+bom"])
def test_interleaved_edits_read_from_the_patch_chain_are_a_fresh_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, layout: str
) -> None:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, units = _copy(tmp_path, layout)
    model, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    index = UnitIndex(registry)
    rng = random.Random(seed)
    shapes = list(chosen_items(model, index))
    picked = rng.sample([*shapes, model.items[0], model.items[-1]], 4)
    queues = [sequence(item, index) for item in picked]
    cache.load_checked(plan, units, TODAY)
    names = cache._spelt(plan, units)
    chains = 0
    while any(queues):
        queue = rng.choice([q for q in queues if q])
        try:
            queue.pop(0)(plan, units)
        except LedgerError:
            continue  # refused: nothing written
        entry = cache._entry_of(plan, units, plan.read_bytes(), units.read_bytes())
        assert entry is not None
        if entry.is_file():
            continue  # past MAX_PATCHES: the whole model stored again
        stored = cache._read_entry(entry, names)
        assert stored is not None
        _same_as_fresh(stored, plan, units)
        chains += 1
    assert chains >= 8


def _spellings(value: object, out: set[str], seen: set[int]) -> set[str]:
    """The file names of every Source ``value`` holds."""
    if id(value) in seen:
        return out
    seen.add(id(value))
    if isinstance(value, Source):
        out.add(value.file)
    elif is_dataclass(value):
        for field in fields(value):
            _spellings(getattr(value, field.name), out, seen)
    elif isinstance(value, tuple | list):
        for each in value:
            _spellings(each, out, seen)
    return out


@pytest.mark.parametrize("unit", [None, "Văn phòng Bộ"])
def test_each_spelling_of_the_files_gets_its_own_back_from_a_chunked_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit: str | None
) -> None:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, _ = _copy(tmp_path, "lf")
    monkeypatch.chdir(plan.parent)
    relative = (Path("plan-2025.yaml"), Path("units.yaml"))
    absolute = (Path(os.getcwd()) / "plan-2025.yaml", Path(os.getcwd()) / "units.yaml")
    parts = 0
    for _round in range(2):
        for spelt in (relative, absolute):
            loaded = cache.load_checked(*spelt, TODAY, unit=unit)
            fresh = validate(*spelt, None)
            assert _spellings(loaded.plan, set(), set()) == {str(spelt[0])}
            assert loaded.plan.tasks == fresh.plan.tasks and fresh.plan.tasks
            assert loaded.plan.sections == fresh.plan.sections
            if unit is None:
                _same_as_fresh(loaded, *spelt)
            last = fresh.plan.items[-1].id.value
            raws = (spelt[0].read_bytes(), spelt[1].read_bytes())
            part = cache_part.load_part(*spelt, *raws, last)
            if part is not None:
                parts += 1
                assert _spellings(part.loaded.plan, set(), set()) == {str(spelt[0])}
                assert part.loaded.plan.tasks == fresh.plan.tasks
                assert part.loaded.plan.items == (fresh.plan.items[-1],)
    if unit is None:
        assert parts == 4  # the whole model's entry is read in part for an edit
