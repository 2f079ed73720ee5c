"""Review of the fourth round of issue 23's cache: items stored by column, units' entries patched.

Attacks on three changes: ``io/cache_columns.py`` (a chunk of items stored column by column),
``cache._unit_part_of_chain`` / ``cache._patch_part`` (a unit's view after ledger edits patches
the unit's entry of the bytes before them) and ``cache_files._write_entry`` (what it keeps).

- Sequences of ledger edits (done, undo, log, late, met) on items in and out of the slices of a
  unit, a unit with roles, a role, a unit that merged and a group, with hand edits between them,
  undo giving back earlier bytes, past ``MAX_PATCHES``, with the model stored in chunks or not:
  after each step, every unit's view (typed as written or without accents, with the files spelt
  relative or absolute) is the slice (or the whole) of a fresh ``validate`` of the same
  spelling — items, Sources, the head, diagnostics and their arguments — and ``validate`` is
  the fresh one's, on today and on a day before the records;
- the cache folder stays bounded over many edits and views;
- Hypothesis: any chunk of items of any shape comes back from an entry written by ``_dump``
  field by field, and each file named as spelt when read (the file-name spelling trick).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, PLAN, UNITS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parplan.checks.rules import validate
from parplan.core.model import Item, Source, Text
from parplan.io import cache, cache_files, cache_load, ledger, worklog
from parplan.query.status import plan_for_unit

TODAY = date(2025, 6, 30)
EARLY = date(2025, 3, 1)  # before the records the edits make: a record "after today"
# Units viewed: a unit, a unit with roles, a role typed by its alias, a unit that merged, a
# group, and a unit typed without accents.
UNIT, ROLE_PARENT, ROLE, MERGED, GROUP = (
    "Văn phòng Bộ",
    "Vụ Cải cách hành chính",
    "Văn phòng Ban Chỉ đạo",
    "Vụ Tiền lương",
    "Các đơn vị thuộc, trực thuộc Bộ",
)
VIEWED = (UNIT, ROLE_PARENT, ROLE, MERGED, GROUP, "van phong bo")


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock", "source"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _spellings(root: Path) -> dict[str, tuple[Path, Path]]:
    return {
        "relative": (Path("data/plan-2025.yaml"), Path("data/units.yaml")),
        "absolute": (root / "data" / "plan-2025.yaml", root / "data" / "units.yaml"),
    }


def _diagnostics(found: Any) -> list[tuple[Any, list[tuple[str, str]]]]:
    # (Diagnostic compares no args: they are compared here, as text)
    return [(d, sorted((k, repr(v)) for k, v in dict(d.args).items())) for d in found]


def _assert_fresh(loaded: Any, fresh: Any, unit: str | None) -> None:
    """``loaded`` (a view's) is what a fresh load gives (``fresh``, ``validate``'s of the same
    files, spelt the same, on the same day): the unit's slice or the whole plan."""
    expected = [fresh.plan.items]
    if unit is not None:
        entry = fresh.index.query(unit).entry
        if entry is not None:
            expected.append(plan_for_unit(fresh.plan, fresh.index, entry).items)
    assert loaded.plan.items in expected, f"{unit}: items neither the slice nor the whole"
    assert replace(loaded.plan, items=()) == replace(fresh.plan, items=())
    assert _diagnostics(loaded.diagnostics) == _diagnostics(fresh.diagnostics)


def _simple(items: tuple[Item, ...]) -> list[str]:
    """IDs of items with one dated milestone and nothing recorded (``done`` takes them)."""
    return [
        item.id.value
        for item in items
        if len(item.milestones) == 1 and item.milestones[0].due is not None and not item.completions
    ]


def _picks(plan: Path, units: Path) -> dict[str, list[str]]:
    """Items to edit, by whose slice they are in: each viewed unit's, and none of them."""
    fresh = validate(plan, units, None)
    slices: dict[str, set[str]] = {}
    for unit in (UNIT, ROLE_PARENT, ROLE, MERGED, GROUP):
        entry = fresh.index.query(unit).entry
        assert entry is not None, unit
        slices[unit] = {i.id.value for i in plan_for_unit(fresh.plan, fresh.index, entry).items}
    simple = _simple(fresh.plan.items)
    picks = {unit: [i for i in simple if i in ids] for unit, ids in slices.items()}
    picks["none"] = [i for i in simple if not any(i in ids for ids in slices.values())]
    # the group's one item (I.3.1, led by it) is due quarterly: logged and late, not done
    picks[GROUP] = [i.id.value for i in fresh.plan.items if i.id.value in slices[GROUP]]
    for unit, ids in picks.items():
        assert len(ids) >= (1 if unit == GROUP else 2), unit
    return picks


# A step: (what, whose item, which of them). "view" views every unit of VIEWED, in both
# spellings; "early" views them on a day before the edits' records; "hand" adds a comment line
# before the item (not a ledger edit: no patch).
Step = tuple[str, str, int]
SCENARIOS: dict[str, list[Step]] = {
    "a view after every edit": [
        ("view", "", 0),
        ("done", UNIT, 0),
        ("view", "", 0),
        ("log", "none", 0),
        ("view", "", 0),
        ("late", ROLE, 0),
        ("view", "", 0),
        ("log", GROUP, 0),
        ("view", "", 0),
        ("undo", UNIT, 0),  # lines taken away
        ("view", "", 0),
        ("log", MERGED, 0),
        ("view", "", 0),
    ],
    "long chains, views now and then, past MAX_PATCHES": [
        ("view", "", 0),
        ("done", ROLE_PARENT, 0),
        ("log", UNIT, 1),
        ("late", "none", -1),
        ("view", "", 0),
        ("log", GROUP, 0),
        ("done", MERGED, 0),  # the fifth patch: the whole model is stored again
        ("log", UNIT, 0),
        ("view", "", 0),
        ("late", UNIT, -1),
        ("undo", MERGED, 0),
        ("log", "none", 1),
        ("view", "", 0),
    ],
    "undo gives back the bytes before, a hand edit between ledger edits": [
        ("view", "", 0),
        ("done", UNIT, 1),
        ("view", "", 0),
        ("undo", UNIT, 1),  # the bytes of the first view again
        ("view", "", 0),
        ("done", UNIT, 1),  # the bytes of the second view again
        ("view", "", 0),
        ("hand", "none", 0),
        ("log", UNIT, 1),
        ("view", "", 0),
        ("log", ROLE, 1),
        ("hand", UNIT, 0),
        ("log", GROUP, 0),
        ("view", "", 0),
    ],
    "a record after the view's day": [
        ("view", "", 0),
        ("done", UNIT, 0),
        ("early", "", 0),
        ("view", "", 0),
        ("log", "none", 0),
        ("early", "", 0),
        ("undo", UNIT, 0),
        ("view", "", 0),
        ("early", "", 0),
    ],
}


def _edit(what: str, plan: Path, units: Path, item: str) -> None:
    on = date(2025, 5, 5)
    edits: dict[str, Callable[[], object]] = {
        "done": lambda: ledger.record_done(
            plan, units, item, on=on, evidence="Báo cáo số 1/BC", today=TODAY
        ),
        "undo": lambda: ledger.undo_done(plan, units, item, today=TODAY),
        "log": lambda: worklog.record_log(
            plan, units, item, on=on, text="Rà soát [b]12[/b] văn bản", today=TODAY
        ),
        "late": lambda: worklog.record_late(
            plan, units, item, reason="Chờ ý kiến các đơn vị", today=TODAY
        ),
    }
    edits[what]()


def _hand_edit(plan: Path, item: str) -> None:
    lines = plan.read_text(encoding="utf-8").split("\n")
    (at,) = [k for k, line in enumerate(lines) if line.strip() == f"- id: {item}"]
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at, f"{indent}# ghi chú tay")
    plan.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("chunk", [None, 16], ids=["whole", "chunks of 16"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_view_after_every_sequence_is_a_fresh_loads(
    files: Path, monkeypatch: pytest.MonkeyPatch, scenario: str, chunk: int | None
) -> None:
    if chunk is not None:  # the real plan's model and units' entries stored in chunks
        monkeypatch.setattr(cache_files, "CHUNK", chunk)
    spellings = _spellings(files)
    picks = _picks(*spellings["absolute"])
    chained = 0
    original = cache._unit_part_of_chain

    def counted(*args: Any) -> Any:
        nonlocal chained
        found = original(*args)
        chained += found is not None
        return found

    monkeypatch.setattr(cache, "_unit_part_of_chain", counted)
    for number, (what, whose, which) in enumerate(SCENARIOS[scenario]):
        # the spellings take turns, for edits and views alike
        order = ["relative", "absolute"] if number % 2 else ["absolute", "relative"]
        plan, units = spellings[order[0]]
        if what in ("view", "early"):
            today = TODAY if what == "view" else EARLY
            for name in order:
                plan, units = spellings[name]
                fresh = validate(plan, units, today)
                for unit in VIEWED:
                    _assert_fresh(cache.load_checked(plan, units, today, unit=unit), fresh, unit)
                checked = cache.check(plan, units, today)
                assert _diagnostics(checked.diagnostics) == _diagnostics(fresh.diagnostics)
                _assert_fresh(cache.load_checked(plan, units, today), fresh, None)
        elif what == "hand":
            _hand_edit(plan, picks[whose][which])
        else:
            _edit(what, plan, units, picks[whose][which])
    assert chained > 0  # the views after edits were made from the units' entries before them


def test_the_cache_folder_stays_bounded_over_many_edits_and_views(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan, units = _spellings(files)["absolute"]
    picks = _picks(plan, units)
    viewed = (UNIT, ROLE, GROUP)
    folder = files / "cache"
    # the entries of at most MAX_PATCHES + 1 bytes (a chain), each the plan's (or its patch),
    # validate's and the units'
    bound = (cache.MAX_PATCHES + 1) * (2 + len(viewed))
    items = [*picks[UNIT], *picks["none"], *picks[ROLE]]
    for number in range(3 * (cache.MAX_PATCHES + 1) + 2):
        item = items[number % len(items)]
        worklog.record_log(
            plan, units, item, on=date(2025, 5, 5), text=f"Lần {number}", today=TODAY
        )
        for unit in viewed:
            cache.load_checked(plan, units, TODAY, unit=unit)
        cache.check(plan, units, TODAY)
        found = sorted(
            path.name for path in folder.iterdir() if path.suffix in (".pickle", ".patch")
        )
        assert len(found) <= bound, found


# ---------------------------------------------------------------------------------------------
# The codec and the file-name spelling trick, over items of any shape

_LOADED = validate(PLAN, UNITS)
_NAMES = (_LOADED.plan.file, _LOADED.registry.file)


def _file(kind: str) -> str:
    return {
        "plan": _NAMES[0],  # the very string the model's Sources hold
        "copy": "".join(list(_NAMES[0])),  # an equal string, not the same
        "units": _NAMES[1],
        "other": "khac.yaml",
    }[kind]


_FILES = st.sampled_from(["plan", "plan", "copy", "units", "other"])
_SOURCES = st.builds(
    lambda kind, line, column: Source(_file(kind), line, column),
    _FILES,
    st.integers(1, 10**6),
    st.integers(1, 400),
)
_TEXTS = st.builds(Text, st.text(max_size=4), _SOURCES)


@st.composite
def _items(draw: st.DrawFn) -> Item:
    item = draw(st.sampled_from(_LOADED.plan.items))
    changes: dict[str, Any] = {}
    optional = {
        "id": _TEXTS,
        "deadline": _TEXTS,
        "source": _SOURCES,
        "lead": st.lists(_TEXTS, max_size=3).map(tuple),
        "support": st.lists(_TEXTS, max_size=3).map(tuple),
        "after": st.none() | _TEXTS,
        "amended_by": st.none() | _TEXTS,
        "note": st.none() | st.text(max_size=3),
        "within_days": st.sampled_from([None, 0, 1, True, False, 2**70]),
    }
    for name, values in optional.items():
        if draw(st.booleans()):
            changes[name] = draw(values)
    return replace(item, **changes)


def _files_of(item: Item) -> list[Source]:
    sources = [item.id.source, item.deadline.source, item.source]
    sources += [text.source for text in (*item.lead, *item.support)]
    sources += [text.source for text in (item.after, item.amended_by) if text is not None]
    return sources


_FIRST = _LOADED.plan.items[0]


@settings(max_examples=150, suppress_health_check=list(HealthCheck), deadline=None)
@given(items=st.lists(_items(), min_size=1, max_size=10), chunk=st.integers(1, 4))
# equal values, not the same (1 == True): a column stored once would make one the other
@example(items=[replace(_FIRST, within_days=1), replace(_FIRST, within_days=True)], chunk=2)
def test_items_of_any_shape_come_back_from_an_entry_each_file_as_spelt_now(
    items: list[Item], chunk: int
) -> None:
    model = replace(_LOADED, plan=replace(_LOADED.plan, items=tuple(items)))
    written = io.BytesIO()
    written.write(bytes(cache_files.TAG + 1))
    signing = cache_files._Signing(written, cache_files._tagger(bytes(32), "entry"), _NAMES)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(cache_files, "CHUNK", chunk)
        cache_files._dump(model, signing, _NAMES)  # type: ignore[arg-type]
    respelt = (f"/srv/kh/{_NAMES[0]}", f"/srv/kh/{_NAMES[1]}")
    for names in (_NAMES, respelt):
        if names is respelt and signing.bound:
            continue  # a name written out whole: the tag covers the spelling, another misses
        back = cache_files._value_of(io.BytesIO(written.getvalue()), names)
        assert isinstance(back, type(_LOADED))
        assert len(back.plan.items) == len(items)
        for got, item in zip(back.plan.items, items, strict=True):
            for field in fields(Item):
                mine, theirs = getattr(got, field.name), getattr(item, field.name)
                assert type(mine) is type(theirs), field.name
            spelt = {_NAMES[0]: names[0], _NAMES[1]: names[1]}
            for mine, theirs in zip(_files_of(got), _files_of(item), strict=True):
                assert (mine.line, mine.column) == (theirs.line, theirs.column)
                # the model's own name objects take the spelling of the read; others stay
                shared = theirs.file is _NAMES[0] or theirs.file is _NAMES[1]
                assert mine.file == (spelt[theirs.file] if shared else theirs.file)
            if names is _NAMES:
                assert got == item


# ---------------------------------------------------------------------------------------------
# Fault: after an edit of an item in a unit's slice, the unit's entry a view made from the
# chain (``cache._unit_part_of_chain``) held the edited item's Sources with name strings of
# their own (read from the patch), equal to the model's but not the same objects: ``_dump``
# wrote them out whole, which bound the entry to one spelling of the files. Every view with
# the other spelling ("data/plan-2025.yaml" and its absolute path) then missed it, made the
# unit's part from the chain again and wrote it over: the two spellings never shared it.


@pytest.mark.parametrize("chunk", [None, 16], ids=["whole", "chunks of 16"])
@pytest.mark.parametrize("first, then", [("relative", "absolute"), ("absolute", "relative")])
def test_a_units_entry_made_after_an_edit_in_its_slice_serves_both_spellings(
    files: Path, monkeypatch: pytest.MonkeyPatch, first: str, then: str, chunk: int | None
) -> None:
    if chunk is not None:  # the model and the unit's entry stored in chunks
        monkeypatch.setattr(cache_files, "CHUNK", chunk)
    spellings = _spellings(files)
    picks = _picks(*spellings["absolute"])
    plan, units = spellings[first]
    cache.load_checked(plan, units, TODAY, unit=UNIT)
    _edit("done", plan, units, picks[UNIT][0])  # an item of the unit's slice
    _assert_fresh(
        cache.load_checked(plan, units, TODAY, unit=UNIT), validate(plan, units, TODAY), UNIT
    )  # made from the chain, and stored
    other, other_units = spellings[then]

    def refused(*_: object) -> None:
        raise AssertionError("the unit's entry of these bytes was not read")

    monkeypatch.setattr(cache, "_unit_part_of_chain", refused)
    monkeypatch.setattr(cache, "_read_entry", refused)
    monkeypatch.setattr(cache_load, "read_files", refused)
    loaded = cache.load_checked(other, other_units, TODAY, unit=UNIT)
    _assert_fresh(loaded, validate(other, other_units, TODAY), UNIT)


@pytest.mark.parametrize("chunk", [None, 16], ids=["whole", "chunks of 16"])
def test_the_whole_model_stored_again_past_max_patches_serves_both_spellings(
    files: Path, monkeypatch: pytest.MonkeyPatch, chunk: int | None
) -> None:
    # The same fault on the whole model: the edit past MAX_PATCHES stores the model read back
    # from the entry and its patches, whose items held name strings of each patch's own.
    if chunk is not None:
        monkeypatch.setattr(cache_files, "CHUNK", chunk)
    spellings = _spellings(files)
    picks = _picks(*spellings["absolute"])
    plan, units = spellings["relative"]
    cache.load_checked(plan, units, TODAY)
    for number in range(cache.MAX_PATCHES + 1):
        worklog.record_log(
            plan, units, picks[UNIT][number % 2], on=date(2025, 5, 5), text=f"Lần {number}"
        )
    assert not list((files / "cache").glob("*.patch"))  # the last edit stored it whole
    other, other_units = spellings["absolute"]

    def refused(*_: object) -> None:
        raise AssertionError("the whole model's entry of these bytes was not read")

    monkeypatch.setattr(cache_load, "read_files", refused)
    _assert_fresh(
        cache.load_checked(other, other_units, TODAY), validate(other, other_units, TODAY), None
    )
