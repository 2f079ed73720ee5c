"""A unit's view after ledger edits starts from the unit's entry before them, patched.

An edit (``done``, ``undo``, ``log``, ``late``) stores its bytes' entry as a patch of the entry
before (``cache.Patch``). The first view of a unit after it used to read the whole model and
apply the patches (about 2 s at 100,000 items); it now applies them to the unit's own entry of
the bytes before (``cache._unit_part_of_chain``), kept with the chain. Whatever the edits, on
items that concern the unit or not, lines added or taken away, with or without a view between
them, the unit's plan must be the slice of a fresh load, Sources and diagnostics included.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA

from parplan.checks.rules import validate
from parplan.io import cache, cache_load, ledger, worklog
from parplan.query.status import plan_for_unit

TODAY = date(2025, 6, 30)
ON = date(2025, 5, 5)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock"))
    return tmp_path / "data" / "plan-2025.yaml", tmp_path / "data" / "units.yaml"


def _fresh_slice(plan: Path, units: Path, unit: str) -> Any:
    fresh = validate(plan, units, None)
    entry = fresh.index.query(unit).entry
    assert entry is not None
    return plan_for_unit(fresh.plan, fresh.index, entry), fresh.diagnostics


def _view(plan: Path, units: Path, unit: str, whole: bool) -> Any:
    """The unit's plan as a view loads it; ``whole=False``: reading the whole model fails."""
    with pytest.MonkeyPatch.context() as patched:
        if not whole:

            def refused(*_: object) -> None:
                raise AssertionError("the whole model was read")

            patched.setattr(cache, "_read_entry", refused)
            patched.setattr(cache_load, "read_files", refused)
        return cache.load_checked(plan, units, TODAY, unit=unit)


def _assert_the_slice(loaded: Any, plan: Path, units: Path, unit: str) -> None:
    expected, diagnostics = _fresh_slice(plan, units, unit)
    assert loaded.plan.items == expected.items
    assert loaded.plan.sections == expected.sections and loaded.plan.tasks == expected.tasks
    assert [(d, dict(d.args)) for d in loaded.diagnostics] == [
        (d, dict(d.args)) for d in diagnostics
    ]


def _single_milestone_items(plan: Path, units: Path, unit: str) -> tuple[list[str], list[str]]:
    """Items of one dated milestone, those that concern ``unit`` and those that do not (chosen
    from a fresh load, in the plan's order)."""
    fresh = validate(plan, units, None)
    entry = fresh.index.query(unit).entry
    assert entry is not None
    mine = {item.id.value for item in plan_for_unit(fresh.plan, fresh.index, entry).items}
    simple = [
        item.id.value
        for item in fresh.plan.items
        if len(item.milestones) == 1 and item.milestones[0].due is not None and not item.completions
    ]
    return [i for i in simple if i in mine], [i for i in simple if i not in mine]


def _done(item: str):
    return lambda plan, units: ledger.record_done(
        plan, units, item, on=ON, evidence="Báo cáo số 1/BC", today=TODAY
    )


def _undo(item: str):
    return lambda plan, units: ledger.undo_done(plan, units, item, today=TODAY)


def _log(item: str):
    return lambda plan, units: worklog.record_log(
        plan, units, item, on=ON, text="Rà soát 12 văn bản", today=TODAY
    )


def _late(item: str):
    return lambda plan, units: worklog.record_late(
        plan, units, item, reason="Chờ ý kiến các đơn vị", today=TODAY
    )


@pytest.mark.parametrize("unit", ["Văn phòng Bộ", "Vụ Cải cách hành chính"])
@pytest.mark.parametrize("views_between", [False, True])
def test_a_unit_view_after_edits_is_the_slice_of_a_fresh_load(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, unit: str, views_between: bool
) -> None:
    plan, units = files
    mine, others = _single_milestone_items(plan, units, unit)
    assert len(mine) >= 3 and len(others) >= 3
    # lines added and taken away, before and after the unit's items, in and out of its slice
    steps = [
        _done(mine[1]),
        _log(others[0]),
        _late(mine[0]),
        _undo(mine[1]),  # lines taken away
        _log(others[-1]),  # after every item of the unit, or not
        _done(mine[-1]),
    ]
    _assert_the_slice(_view(plan, units, unit, whole=True), plan, units, unit)
    chain = 0
    for number, step in enumerate(steps, start=1):
        step(plan, units)
        chain += 1
        if chain > cache.MAX_PATCHES:
            # this edit stored the whole model again: no unit's entry of its bytes yet
            chain = 0
            _assert_the_slice(_view(plan, units, unit, whole=True), plan, units, unit)
            continue
        if views_between or number % 3 == 0 or chain == cache.MAX_PATCHES:
            loaded = _view(plan, units, unit, whole=False)
            _assert_the_slice(loaded, plan, units, unit)
            # and again, from the unit's entry of these bytes, just written
            _assert_the_slice(_view(plan, units, unit, whole=False), plan, units, unit)


def test_without_the_units_entry_before_the_edits_the_whole_model_is_read(
    files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, units = files
    mine, _ = _single_milestone_items(plan, units, "Văn phòng Bộ")
    cache.load_checked(plan, units, TODAY)  # the whole model's entry, no unit's
    _done(mine[0])(plan, units)
    with pytest.raises(AssertionError, match="whole model"):
        _view(plan, units, "Văn phòng Bộ", whole=False)
    loaded = _view(plan, units, "Văn phòng Bộ", whole=True)
    _assert_the_slice(loaded, plan, units, "Văn phòng Bộ")


@pytest.mark.parametrize(
    "order",
    [
        "later-then-earlier",  # an edit above one already made: the first one's lines move
        "same-item-twice",  # done then undo on one item: lines added, then taken away
        "top-and-bottom",
    ],
)
def test_the_whole_model_after_several_edits_is_a_fresh_load(
    files: tuple[Path, Path], order: str
) -> None:
    """The whole model read from a chain of patches (``cache._apply``: every patch's item in
    place, the Sources moved in one walk) is the model of a fresh load, at every length of the
    chain."""
    plan, units = files
    mine, others = _single_milestone_items(plan, units, "Văn phòng Bộ")
    simple = sorted(
        [*mine, *others], key=[i.id.value for i in validate(plan, units).plan.items].index
    )
    first, middle, last = simple[0], simple[len(simple) // 2], simple[-1]
    steps = {
        "later-then-earlier": [_log(last), _late(middle), _done(first), _log(middle)],
        "same-item-twice": [_done(middle), _log(first), _undo(middle), _late(middle)],
        "top-and-bottom": [_log(first), _log(last), _late(first), _done(last)],
    }[order]
    cache.load_checked(plan, units, TODAY)
    names = cache._spelt(plan, units)
    for step in steps:
        step(plan, units)
        entry = cache._entry_of(plan, units, plan.read_bytes(), units.read_bytes())
        assert entry is not None and not entry.is_file()  # a patch
        stored = cache._read_entry(entry, names)
        fresh = validate(plan, units, None)
        assert stored is not None
        assert stored.plan == fresh.plan
        assert [(d, dict(d.args)) for d in stored.diagnostics] == [
            (d, dict(d.args)) for d in fresh.diagnostics
        ]
