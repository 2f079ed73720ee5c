"""The cache's items stored column by column (``io/cache_columns.py``) come back as they went in.

A chunk of items is written as columns (a field's values for every item; a Text's words,
lines and columns apart; a value every item holds once) and built back item by item. The
corpus below is the real plan, the benchmark's realistic plan (records, logs, reasons for
delay, several milestones) and items of shapes the codec does not foresee; each must come back
equal field by field, of the same classes, whole (``decode``) and one at a time
(``decode_one``), and through a cache entry written in chunks (the plan's and a unit's).
"""

from __future__ import annotations

import pickle
import sys
from dataclasses import fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from conftest import PLAN, ROOT, UNITS
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.checks.rules import validate
from parplan.core.model import Completion, Item, LateReason, LogEntry, Source, Text
from parplan.io import cache, cache_columns, cache_files

TODAY = date(2025, 6, 30)


@lru_cache(maxsize=1)
def _real_items() -> tuple[Item, ...]:
    return validate(PLAN, UNITS).plan.items


def _realistic_items(tmp_path: Path) -> tuple[Item, ...]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench

    plan = bench.generate(300, tmp_path, realistic=True)
    loaded = validate(plan, plan.parent / "units.yaml")
    assert any(item.completions for item in loaded.plan.items)
    assert any(item.log for item in loaded.plan.items)
    assert any(item.late for item in loaded.plan.items)
    return loaded.plan.items


class _Spelt(Text):
    """A Text of a class the codec does not foresee: kept as it is."""

    __slots__ = ()


def _odd_items() -> tuple[Item, ...]:
    """Items of shapes the quick columns do not take: they are stored as plain values."""
    first, second, third = _real_items()[:3]
    elsewhere = Source("other.yaml", 9, 4)
    return (
        # an ID of a subclass of Text
        replace(first, id=_Spelt(first.id.value, first.id.source)),
        # a deadline written in another file; no lead at all, three supports
        replace(second, deadline=Text(second.deadline.value, elsewhere), lead=()),
        replace(third, support=(third.lead[0], third.lead[0], Text("Vụ Pháp chế", elsewhere))),
        # 1 and True are equal but not the same: neither may become the other
        replace(first, within_days=1),
        replace(second, within_days=True),  # type: ignore[arg-type]
        # a lead held as a list, not a tuple
        replace(third, lead=list(third.lead)),  # type: ignore[arg-type]
    )


def _same(got: tuple[Item, ...] | None, items: tuple[Item, ...]) -> None:
    assert got is not None and len(got) == len(items)
    for back, item in zip(got, items, strict=True):
        assert back == item
        for field in fields(Item):
            mine, theirs = getattr(back, field.name), getattr(item, field.name)
            assert type(mine) is type(theirs), field.name
            assert mine == theirs, field.name
            if isinstance(theirs, Text):
                assert type(mine.source) is type(theirs.source), field.name


def _equal_not_same() -> tuple[Item, ...]:
    """Two items whose every field is equal, but one holds 1 where the other holds True: a
    column stored once would make them the same."""
    first = _real_items()[0]
    return (replace(first, within_days=1), replace(first, within_days=True))  # type: ignore[arg-type]


@pytest.mark.parametrize("corpus", ["real", "realistic", "odd", "one", "mixed", "equal"])
def test_items_come_back_whole_and_one_by_one(corpus: str, tmp_path: Path) -> None:
    real = _real_items()
    items = {
        "real": lambda: real,
        "realistic": lambda: _realistic_items(tmp_path),
        "odd": _odd_items,
        "one": lambda: real[:1],
        "mixed": lambda: (*real[:40], *_odd_items(), *real[40:80]),
        "equal": _equal_not_same,
    }[corpus]()
    encoded = cache_columns.encode(items)
    stored = pickle.loads(pickle.dumps(encoded, protocol=pickle.HIGHEST_PROTOCOL))
    _same(cache_columns.decode(stored), items)
    assert cache_columns.count(stored) == len(items)
    for index, item in enumerate(items):
        _same((cache_columns.decode_one(stored, index),), (item,))
    assert cache_columns.decode_one(stored, len(items)) is None
    assert cache_columns.decode_one(stored, -1) is None


def test_a_value_all_items_hold_is_stored_once_and_a_varying_one_per_item() -> None:
    items = _real_items()
    _mark, count, names, columns = cache_columns.encode(items)
    column = dict(zip(names, columns, strict=True))
    assert count == 132
    # No item of the real plan is carried over: one None for all of them
    assert column["carried_to"] == (cache_columns.SAME, None)
    # Every ID is a Text of the plan file: its words and places in lists, the file once
    tag, values, files, lines, places = column["id"]
    assert tag == cache_columns.TEXTS and files[0] == cache_columns.SAME
    # the plan's first items: task I.1 (no activities), then I.2's activities I.2.1 and I.2.2
    assert values[:3] == ["I.1", "I.2.1", "I.2.2"]
    assert len(lines) == len(places) == 132
    assert column["section_id"][0] == cache_columns.PLAIN


@pytest.mark.parametrize(
    "broken",
    [
        None,
        (),
        ("items by column",),
        ("something else", 1, cache_columns.FIELDS, ()),
        ("items by column", 1, ("id",), ()),  # the fields of another Item
        "items by column",
    ],
)
def test_what_encode_did_not_write_is_no_chunk(broken: object) -> None:
    assert cache_columns.decode(broken) is None
    assert cache_columns.count(broken) is None
    assert cache_columns.decode_one(broken, 0) is None


def test_a_column_of_another_length_is_no_chunk() -> None:
    items = _real_items()[:5]
    mark, count, names, columns = cache_columns.encode(items)
    assert cache_columns.decode((mark, count + 1, names, columns)) is None
    short = list(columns)
    tag, values, *rest = short[names.index("id")]
    short[names.index("id")] = (tag, values[:-1], *rest)
    assert cache_columns.decode((mark, count, names, tuple(short))) is None


def test_a_unit_entry_in_chunks_gives_the_unit_slice(
    copied_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks of 5 items: the unit's entry (Văn phòng Bộ has more than 5 items that can concern
    # it) is stored in chunks too, and read back as the slice the whole plan gives.
    monkeypatch.setattr(cache_files, "CHUNK", 5)
    units = copied_plan.parent / "units.yaml"
    first = cache.load_checked(copied_plan, units, TODAY, unit="Văn phòng Bộ")
    (part_entry,) = [
        entry
        for entry in (copied_plan.parent / "cache").glob("*.pickle")
        if entry.name.count("-") == 2 and not entry.name.endswith("-validate.pickle")
    ]
    assert part_entry.read_bytes().count(b"items by column") > 1
    again = cache.load_checked(copied_plan, units, TODAY, unit="Văn phòng Bộ")
    assert len(again.plan.items) > 5
    assert again.plan == first.plan
    # the slice as the whole plan gives it
    from parplan.query.status import plan_for_unit

    full = validate(copied_plan, units, TODAY)
    entry = full.index.query("Văn phòng Bộ").entry
    assert entry is not None
    assert again.plan == plan_for_unit(full.plan, full.index, entry)
    # the same files spelt another way read the same entry, with their own spelling
    absolute = cache.load_checked(
        copied_plan.resolve(), units.resolve(), TODAY, unit="Văn phòng Bộ"
    )
    assert absolute.plan.items[0].source.file == str(copied_plan.resolve())
    assert [i.id for i in absolute.plan.items] != [] and len(absolute.plan.items) == len(
        again.plan.items
    )


def test_a_field_added_to_text_or_source_turns_the_quick_columns_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The Text and Source columns hold a Text's value and its Source's file, line and column:
    the codec writes them only while those are the classes' fields (``_QUICK``); else whole
    objects, so that no field added later is lost."""
    assert cache_columns._QUICK  # today's classes
    items = _real_items()[:10]
    monkeypatch.setattr(cache_columns, "_QUICK", False)
    _mark, _count, names, columns = cache_columns.encode(items)
    column = dict(zip(names, columns, strict=True))
    assert column["id"][0] == cache_columns.PLAIN and column["source"][0] == cache_columns.PLAIN
    _same(cache_columns.decode(cache_columns.encode(items)), items)


def test_the_plans_tasks_come_back_by_column(tmp_path: Path) -> None:
    """The tasks kept with a chunked model's head (``encode_tasks``): the real plan's, the
    realistic plan's, none at all, and tasks of shapes the columns do not take."""
    real = validate(PLAN, UNITS).plan.tasks
    _realistic_items(tmp_path)
    generated = validate(tmp_path / "plan-2025.yaml", tmp_path / "units.yaml").plan.tasks
    first = real[0]
    odd = (
        replace(first, id=_Spelt(first.id.value, first.id.source)),
        replace(first, source=Source("other.yaml", 3, 1)),
        *real[1:4],
    )
    assert generated and real
    for tasks in (real, generated, (), odd):
        encoded = cache_columns.encode_tasks(tasks)
        back = cache_columns.decode_tasks(pickle.loads(pickle.dumps(encoded)))
        assert back == tasks
        assert [type(task.id) for task in back] == [type(task.id) for task in tasks]
    # a chunk of items is no tasks, and tasks no chunk of items
    assert cache_columns.decode_tasks(cache_columns.encode(_real_items())) is None
    assert cache_columns.decode(cache_columns.encode_tasks(real)) is None


def test_records_and_optional_texts_are_written_by_column(tmp_path: Path) -> None:
    """The realistic plan's records (completions, work-log entries, reasons for delay) are
    columns of their own fields, each item with its count; an optional Text (``after:``) is
    its values where present. (Their coming back whole is the corpus above.)"""
    items = _realistic_items(tmp_path)
    _mark, _count, names, columns = cache_columns.encode(items)
    column = dict(zip(names, columns, strict=True))
    for name in ("completions", "log", "late"):
        tag, holding, counts, fields_columns = column[name]
        assert tag == cache_columns.RECORDS
        assert holding == [k for k, item in enumerate(items) if getattr(item, name)]
        assert counts == [len(getattr(items[k], name)) for k in holding]
        record_class = type(getattr(items[holding[0]], name)[0])
        assert len(fields_columns) == len(cache_columns._layout(record_class))
    real = _real_items()
    _mark, _count, names, columns = cache_columns.encode(real)
    after = dict(zip(names, columns, strict=True))["after"]
    assert after[0] == cache_columns.OPTIONAL
    assert after[1] == [k for k, item in enumerate(real) if item.after is not None]


_ANY_SOURCE = st.builds(
    Source, st.sampled_from(["plan-2025.yaml", "other.yaml"]), st.integers(1, 9), st.integers(1, 9)
)
_ANY_TEXT = st.builds(Text, st.text(max_size=3), _ANY_SOURCE)
_DAYS = st.dates(date(2024, 1, 1), date(2026, 12, 31))
_COMPLETIONS = st.builds(
    Completion,
    _DAYS,
    st.none() | _ANY_TEXT,
    st.none() | st.text(max_size=3),
    st.none() | _ANY_TEXT,
    _ANY_SOURCE,
    st.none() | _ANY_TEXT,
)
_LOGS = st.builds(
    LogEntry,
    _DAYS,
    st.text(max_size=3),
    st.none() | st.text(max_size=3),
    st.none() | st.text(max_size=3),
    _ANY_SOURCE,
    st.none() | _ANY_SOURCE,
)
_LATES = st.builds(
    LateReason,
    st.none() | _ANY_TEXT,
    st.text(max_size=3),
    st.none() | st.text(max_size=3),
    st.none() | _DAYS,
    _ANY_SOURCE,
    st.none() | _ANY_SOURCE,
)


@st.composite
def _recording(draw: st.DrawFn) -> Item:
    """A real item with records of any shape (none, one, several; each optional part present
    or not), a met condition or not, and optional Texts."""
    item = draw(st.sampled_from(_real_items()))
    return replace(
        item,
        completions=tuple(draw(st.lists(_COMPLETIONS, max_size=3))),
        log=tuple(draw(st.lists(_LOGS, max_size=2))),
        late=tuple(draw(st.lists(_LATES, max_size=2))),
        met=draw(st.none() | _COMPLETIONS),
        after=draw(st.none() | _ANY_TEXT),
        carried_to=draw(st.none() | _ANY_TEXT),
    )


@settings(max_examples=200, deadline=None)
@given(items=st.lists(st.none() | _recording(), min_size=1, max_size=8))
def test_records_of_any_shape_come_back(items: list[Item | None]) -> None:
    """Items with and without records, mixed (None: a real item as it is)."""
    real = _real_items()
    chunk = tuple(item if item is not None else real[k] for k, item in enumerate(items))
    stored = pickle.loads(pickle.dumps(cache_columns.encode(chunk)))
    _same(cache_columns.decode(stored), chunk)
    for index, item in enumerate(chunk):
        _same((cache_columns.decode_one(stored, index),), (item,))
