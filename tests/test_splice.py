"""Ledger edits checked against the cached model (``parplan.io.splice``) give what the full way
gives: the same bytes written, the same model, the same diagnostics, and a cache entry equal to
a fresh load of the written file.

Each case runs a sequence of edits twice on a copy of a plan: once with the cache off (the full
way: the whole file loaded and checked before and after every edit) and once with it on (the
item's lines only), and compares every step. A spy on ``splice.after`` records which way each
edit of the second run took, so that a case meant for the fast way fails if it silently fell
back to the full one.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT

from parplan.checks import rules
from parplan.checks.rules import validate
from parplan.core.deadlines import CONDITIONAL
from parplan.core.model import ERROR, Item, Plan
from parplan.core.units import UnitIndex
from parplan.io import cache, cache_files, editing, ledger, splice, textedit, worklog
from parplan.io.errors import LedgerError
from parplan.io.loader import load_plan, load_registry
from parplan.query.status import is_per_member, owing_units

TODAY = date(2025, 12, 31)
ON = date(2025, 4, 10)

Step = Callable[[Path, Path], object]


# ---------------------------------------------------------------------------------------------
# Running a sequence both ways


@pytest.fixture
def fast_ways(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call of ``splice.after`` gave a result (the fast way) or None."""
    taken: list[bool] = []
    real = splice.after

    def spy(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr(splice, "after", spy)
    return taken


def outcome(plan: Path, units: Path, step: Step) -> tuple[object, ...]:
    """What an edit did: the bytes written, the model and the warnings it returns; or the
    error, with its arguments and diagnostics."""
    try:
        change = step(plan, units)
    except LedgerError as error:
        diagnostics = [(d, dict(d.args)) for d in getattr(error, "diagnostics", ())]
        return ("refused", type(error).__name__, error.key, error.values, diagnostics)
    assert isinstance(change, ledger.Change)
    warnings = [(d, dict(d.args)) for d in change.warnings]
    return ("written", plan.read_bytes(), change.plan, warnings, change.edit)


def run(
    source: Path, folder: Path, steps: list[Step], fast: bool, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[object, ...]]:
    """The outcomes of ``steps`` on a fresh copy of ``source``'s plan in ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("plan-2025.yaml", "units.yaml"):
        shutil.copyfile(source / name, folder / name)
    plan, units = folder / "plan-2025.yaml", folder / "units.yaml"
    monkeypatch.setenv("PARPLAN_CACHE", "on" if fast else "off")
    if fast:
        cache.load_checked(plan, units, TODAY)  # as a view before the edit would have
    outcomes = []
    for step in steps:
        outcomes.append(outcome(plan, units, step))
        if fast and outcomes[-1][0] == "written":
            assert_entry_is_a_fresh_load(plan, units)
    return outcomes


def assert_entry_is_a_fresh_load(plan: Path, units: Path) -> None:
    """The cache holds an entry for the file's bytes, equal to loading the file afresh."""
    plan_raw, units_raw = plan.read_bytes(), units.read_bytes()
    entry = cache._entry_of(plan, units, plan_raw, units_raw)
    assert entry is not None
    assert entry.is_file() or entry.with_suffix(cache.PATCH_SUFFIX).is_file(), "no entry"
    stored = cache._read_entry(
        entry, cache._spelt(plan, units)
    )  # a patch: applied to the entries it rests on
    fresh = validate(plan, units, None)
    assert stored is not None
    assert stored.plan == fresh.plan
    assert stored.registry == fresh.registry
    assert [(d, dict(d.args)) for d in stored.diagnostics] == [
        (d, dict(d.args)) for d in fresh.diagnostics
    ]


def both_ways(
    source: Path,
    tmp_path: Path,
    steps: list[Step],
    monkeypatch: pytest.MonkeyPatch,
    fast_ways: list[bool],
) -> list[tuple[object, ...]]:
    """Run ``steps`` the full way and the fast way; they must give the same outcomes."""
    full = run(source, tmp_path / "plan", steps, False, monkeypatch)
    assert fast_ways == []  # the full way never asks for the fast one
    fast = run(source, tmp_path / "plan", steps, True, monkeypatch)
    for number, (expected, got) in enumerate(zip(full, fast, strict=True), start=1):
        assert got[:2] == expected[:2], f"step {number}"
        assert got == expected, f"step {number}"
    return fast


# ---------------------------------------------------------------------------------------------
# The edits


def done(item: str, **options: object) -> Step:
    def step(plan: Path, units: Path) -> object:
        return ledger.record_done(
            plan, units, item, on=ON, evidence="Báo cáo số 1/BC", today=TODAY, **options
        )

    return step


def undo(item: str, **options: object) -> Step:
    return lambda plan, units: ledger.undo_done(plan, units, item, today=TODAY, **options)


def met(item: str) -> Step:
    return lambda plan, units: ledger.record_met(
        plan, units, item, on=ON, evidence="Nghị định số 1/2025/NĐ-CP", today=TODAY
    )


def undo_met(item: str) -> Step:
    return lambda plan, units: ledger.undo_met(plan, units, item, today=TODAY)


def log(item: str, unit: str | None = None) -> Step:
    return lambda plan, units: worklog.record_log(
        plan, units, item, on=ON, text="Rà soát 12 văn bản", unit=unit, today=TODAY
    )


def late(item: str) -> Step:
    return lambda plan, units: worklog.record_late(
        plan, units, item, reason="Chờ ý kiến các đơn vị", today=TODAY
    )


def sequence(item: Item, index: UnitIndex) -> list[Step]:
    """Every kind of edit on one item, then taking them back: done twice (the second, on an
    item of several milestones, a second progress line), a work-log entry, a reason for delay,
    a met condition, and the undos."""
    item_id = item.id.value
    if is_per_member(item, index):
        members = [u.name for u in owing_units(item, 1, index, ON)][:2]
        return [
            done(item_id, unit=members[0], milestone="1"),
            done(item_id, unit=members[1], milestone="1"),
            done(item_id),  # refused: --unit is required
            log(item_id, members[0]),
            undo(item_id, unit=members[0]),
            undo(item_id, unit=members[1]),
        ]
    return [
        done(item_id),
        done(item_id),
        log(item_id),
        late(item_id),
        met(item_id),
        undo(item_id),
        undo_met(item_id),
        undo(item_id),
    ]


def chosen_items(plan: Plan, index: UnitIndex) -> Iterator[Item]:
    """Items of every shape: group-led (done per member), conditional, of several milestones,
    bare tasks, and the first and last item of each section."""
    kinds: list[Callable[[Item], bool]] = [
        lambda item: is_per_member(item, index),
        lambda item: any(m.kind == CONDITIONAL for m in item.milestones),
        lambda item: len(item.milestones) > 1,
        lambda item: item.is_task,
        lambda item: bool(item.completions),
    ]
    seen: set[str] = set()
    for kind in kinds:
        for item in [i for i in plan.items if kind(i)][:2]:
            if item.id.value not in seen:
                seen.add(item.id.value)
                yield item
    for section in plan.sections:
        items = [i for i in plan.items if i.section_id == section.id.value]
        for item in (items[0], items[-1]) if items else ():
            if item.id.value not in seen:
                seen.add(item.id.value)
                yield item


def _real_items() -> list[str]:
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    return [item.id.value for item in chosen_items(plan, UnitIndex(registry))]


REAL_ITEMS = _real_items()


def test_the_chosen_items_cover_every_shape() -> None:
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    index = UnitIndex(registry)
    chosen = [plan.item(i) for i in REAL_ITEMS]
    assert any(is_per_member(i, index) for i in chosen if i)
    assert any(i and any(m.kind == CONDITIONAL for m in i.milestones) for i in chosen)
    assert any(i and len(i.milestones) > 1 for i in chosen)
    assert any(i and i.is_task for i in chosen)
    assert plan.items[-1].id.value in REAL_ITEMS  # the last item of the file


@pytest.mark.parametrize("item_id", REAL_ITEMS)
def test_every_edit_of_a_real_item_both_ways(
    item_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    item = plan.item(item_id)
    assert item is not None
    steps = sequence(item, UnitIndex(registry))
    outcomes = both_ways(DATA, tmp_path, steps, monkeypatch, fast_ways)
    written = [o for o in outcomes if o[0] == "written"]
    assert written, "no edit of the sequence went through"
    # Every edit that was written went the fast way (a refused request never reached it).
    assert fast_ways.count(True) >= len(written), fast_ways
    assert False not in fast_ways


def test_an_edit_whose_result_has_errors_is_refused_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    """A work-log entry naming a unit the registry does not know: both ways refuse it with the
    same diagnostics (the fast way found them itself)."""
    outcomes = both_ways(DATA, tmp_path, [log("I.2.1", "Vụ Không Có Thật")], monkeypatch, fast_ways)
    assert outcomes[0][:3] == ("refused", "DataError", "ledger.invalid-after")
    assert [d.code for d, _ in outcomes[0][4]] == ["unknown-unit"]  # type: ignore[union-attr]
    assert fast_ways == [True]


def test_a_generated_plan_of_1000_items_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench
    spec.loader.exec_module(bench)
    source = tmp_path / "generated"
    bench.generate(1000, source)
    plan, _ = load_plan(source / "plan-2025.yaml")
    first, last = plan.items[0], plan.items[-1]
    recorded = next(i for i in plan.items if i.completions)
    steps = [
        done(first.id.value, milestone="1"),
        log(plan.items[500].id.value),
        done(last.id.value, milestone="1"),
        undo(recorded.id.value),
        undo(first.id.value),
    ]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes].count("written") >= 4
    assert False not in fast_ways


# ---------------------------------------------------------------------------------------------
# Unusual layouts: the fast way steps aside, and both ways still agree


def layout_case(tmp_path: Path, change: Callable[[str], str]) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    shutil.copyfile(DATA / "units.yaml", source / "units.yaml")
    text = (DATA / "plan-2025.yaml").read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    (source / "plan-2025.yaml").write_bytes(changed.encode("utf-8"))
    assert not validate(source / "plan-2025.yaml", source / "units.yaml", TODAY).errors
    return source


ID_LINE, PRODUCT = "          - id: I.2.2\n", "            product:"
I_2_2 = ID_LINE + PRODUCT


@pytest.mark.parametrize(
    ("name", "change", "fast"),
    [
        ("CRLF line ends", lambda t: t.replace("\n", "\r\n"), True),
        ("a byte-order mark", lambda t: "\ufeff" + t, True),
        ("a comment in the item", lambda t: t.replace(I_2_2, ID_LINE + "  # c\n" + PRODUCT), True),
        ("a comment at column 0", lambda t: t.replace(I_2_2, ID_LINE + "# c\n" + PRODUCT), True),
        (
            "the ID written before, in a note",
            lambda t: t.replace(
                '            deadline: "Ban hành: Tháng 3/2025"\n',
                '            deadline: "Ban hành: Tháng 3/2025"\n            note: |\n'
                "              Xem mục sau:\n              - id: I.2.2\n",
                1,
            ),
            True,
        ),
        ("CR line ends", lambda t: t.replace("\n", "\r"), False),
        (
            "the ID not first",
            lambda t: t.replace(I_2_2, "          - product:").replace(
                "giai đoạn 2026 - 2030 của Bộ Nội vụ.\n            lead:",
                "giai đoạn 2026 - 2030 của Bộ Nội vụ.\n            id: I.2.2\n            lead:",
                1,
            ),
            False,
        ),
        (
            "a flow-style item",
            lambda t: t.replace(
                "          - id: I.2.2\n            product: Xây dựng Báo cáo tổng kết",
                "          - {id: I.2.2, deadline: Trước 31/12/2025, lead: [Vụ Cải cách hành chính], support: [Vụ Pháp chế],"
                " product: Xây dựng Báo cáo tổng kết\n",
                1,
            ).replace(
                "của Bộ Nội vụ.\n            lead:\n              - Vụ Cải cách hành chính\n"
                "            support:\n              - Các cơ quan, đơn vị liên quan\n"
                "            deadline: Trước 31/12/2025\n          - id: I.2.3",
                "của Bộ Nội vụ.}\n          - id: I.2.3",
                1,
            ),
            False,
        ),
        (
            "a quoted text going on at column 0",
            lambda t: t.replace(
                "            deadline: Trước 31/12/2025\n          - id: I.2.3",
                '            note: "một ghi chú\n  - id: X.9"\n            deadline: Trước 31/12/2025\n'
                "          - id: I.2.3",
                1,
            ),
            None,
        ),
    ],
)
def test_unusual_layouts_agree(
    name: str,
    change: Callable[[str], str],
    fast: bool | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_ways: list[bool],
) -> None:
    source = layout_case(tmp_path, change)
    steps = [done("I.2.2"), log("I.2.2"), undo("I.2.2")]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    if "flow" in name:  # the ledger does not edit flow-style items
        assert [o[2] for o in outcomes] == ["ledger.layout"] * 3
    else:
        assert all(o[0] == "written" for o in outcomes), name
    if fast is True:
        assert fast_ways == [True] * 3, name
    elif fast is False:
        assert True not in fast_ways, name


# I.3.1's last lines: a group-led item, done per member unless ``shared: true`` (issue 22)
I_3_1_END = (
    "              - Vụ Cải cách hành chính\n"
    "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
)


@pytest.mark.parametrize("spelling", ["true", "yes"])
def test_a_group_led_item_done_together_both_ways(
    spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    """``shared:`` as parplan writes it (true) and as a person may (yes, which the quick reader
    leaves to the loader): one completion for the group, the same both ways."""
    source = layout_case(
        tmp_path, lambda t: t.replace(I_3_1_END, I_3_1_END + f"            shared: {spelling}\n", 1)
    )
    steps = [done("I.3.1", milestone="1"), log("I.3.1"), undo("I.3.1", milestone="1")]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written"] * 3
    written = outcomes[0][1]
    assert isinstance(written, bytes)
    assert b"shared: " + spelling.encode() + b"\n            progress:\n" in written
    assert b"{milestone: 1, done: 2025-04-10" in written or b"done: 2025-04-10" in written
    if spelling == "true":  # as parplan writes it: the fast way
        assert fast_ways == [True] * 3


def test_the_last_line_of_the_file_without_a_line_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    source = layout_case(tmp_path, lambda t: t.rstrip("\n"))
    last = load_plan(source / "plan-2025.yaml")[0].items[-1].id.value
    steps = [done(last), undo(last)]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written", "written"]
    assert outcomes[-1][1] == (source / "plan-2025.yaml").read_bytes()


def test_a_record_dated_after_today_in_another_item_refuses_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    """The cached model holds no today: the day's checks run on it before the edit (a work-log
    entry dated in the future elsewhere in the plan is an error, as the full check finds)."""
    source = layout_case(
        tmp_path,
        lambda t: t.replace(
            "            deadline: Trước 31/12/2025\n          - id: I.2.3",
            "            deadline: Trước 31/12/2025\n            log:\n"
            "              - {on: 2025-12-30, text: Sau}\n          - id: I.2.3",
            1,
        ),
    )
    early = date(2025, 6, 30)  # the file is valid on TODAY; the edit runs on an earlier day

    def step(plan: Path, units: Path) -> object:
        return ledger.record_done(plan, units, "I.2.1", on=ON, evidence="X", today=early)

    outcomes = both_ways(source, tmp_path, [step], monkeypatch, fast_ways)
    assert outcomes[0][:3] == ("refused", "DataError", "ledger.invalid-before")
    assert [d.code for d, _ in outcomes[0][4]] == ["done-future"]  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------------
# What the fast way relies on


def test_every_check_is_known_to_the_fast_way() -> None:
    """A check added to ``CHECKS`` must be classed as one item's or not: until then every edit
    takes the full way (``splice.after`` compares the sets), and this test says why."""
    assert set(rules.CHECKS) == {*splice.ITEM_CHECKS, *splice.OTHER_CHECKS}
    assert not set(splice.ITEM_CHECKS) & set(splice.OTHER_CHECKS)


def test_the_checks_of_the_day_report_only_errors() -> None:
    """``splice.with_today`` runs them on the edited item alone, knowing the model before the
    edit had no error: that holds only while they report nothing else."""
    assert set(splice.TODAY_CHECKS) <= set(splice.ITEM_CHECKS)
    assert all(severity == ERROR for check in splice.TODAY_CHECKS for _, severity in check.codes)


def test_the_checks_of_other_items_read_nothing_an_edit_changes(tmp_path: Path) -> None:
    """The checks left out of an edit's check find the same in a plan whatever the items'
    records: run on the real plan with every item's records, logs and reasons removed, they
    give what they give on the plan itself."""
    from dataclasses import replace

    plan, _problems = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    bare = replace(
        plan,
        items=tuple(replace(i, completions=(), met=None, log=(), late=()) for i in plan.items),
    )
    for check in splice.OTHER_CHECKS:
        with_records = list(check(rules.Context(plan, registry, UnitIndex(registry), TODAY)))
        without = list(check(rules.Context(bare, registry, UnitIndex(registry), TODAY)))
        assert [(d, dict(d.args)) for d in with_records] == [(d, dict(d.args)) for d in without]


# ---------------------------------------------------------------------------------------------
# The cache entries an edit stores


def entries(folder: Path) -> list[str]:
    return sorted(p.suffix for p in folder.iterdir() if p.suffix in (".pickle", ".patch"))


def test_an_edit_stores_a_patch_of_the_entry_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit stores a small patch of the entry of the bytes before (a full pickle of a large
    plan takes longer than the edit); a reader applies it. After ``MAX_PATCHES`` patches in a
    row the whole model is stored again; an undo giving the bytes back stores nothing new; a
    patch whose base is gone is a miss, and the load is a full one."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(folder))
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock"))
    plan, units = tmp_path / "data" / "plan-2025.yaml", tmp_path / "data" / "units.yaml"
    original = plan.read_bytes()
    cache.load_checked(plan, units, TODAY)
    assert entries(folder) == [".pickle"]
    done("I.2.1")(plan, units)
    assert entries(folder) == [".patch", ".pickle"]
    assert_entry_is_a_fresh_load(plan, units)
    undo("I.2.1")(plan, units)
    assert plan.read_bytes() == original
    assert entries(folder) == [".patch", ".pickle"]  # the bytes before had their entry
    items = ["I.2.2", "I.2.3", "I.2.4", "I.5.1", "I.5.2", "I.5.3"]
    for number, item in enumerate(items, start=1):
        log(item)(plan, units)
        assert_entry_is_a_fresh_load(plan, units)
        if number <= cache.MAX_PATCHES:
            assert entries(folder) == [".patch"] * number + [".pickle"]
        elif number == cache.MAX_PATCHES + 1:
            assert entries(folder) == [".pickle"]
    # past MAX_PATCHES, the whole model again, then patches of it
    assert entries(folder) == [".patch", ".pickle"]
    base = next(p for p in folder.iterdir() if p.suffix == ".pickle")
    base.unlink()
    entry = cache._entry_of(plan, units, plan.read_bytes(), units.read_bytes())
    assert entry is not None and cache._read_entry(entry, cache._spelt(plan, units)) is None
    fresh = cache.load_checked(plan, units, TODAY)
    assert fresh.plan == validate(plan, units, TODAY).plan


def test_lines_are_located_only_with_the_model_of_the_same_text() -> None:
    """The item's lines are found by the model's line of its ID and read back as the model's
    item: with the model of another text (a line added above), nothing is located."""
    text = (DATA / "plan-2025.yaml").read_text(encoding="utf-8")
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    for item_id in ("I.1", "I.2.2", plan.items[-1].id.value):
        item = plan.item(item_id)
        assert item is not None
        block = splice.locate(text, plan, item)
        assert block is not None and block.lines[0].lstrip().startswith(f"- id: {item_id}")
        assert block.head + "".join(block.lines) + block.tail == text
        assert splice.locate("# một dòng\n" + text, plan, item) is None
        other = text.replace(item.product, item.product + " (sửa)", 1) if item.product else None
        if other is not None and other != text:
            assert splice.locate(other, plan, item) is None  # read back, it is not the item


# ---------------------------------------------------------------------------------------------
# Found by a second reading (10:15 UTC, 1 December 2026)


def test_a_deadline_warning_elsewhere_keeps_the_fast_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    """A warning elsewhere whose arguments name a ``deadline`` (deadline-alternative) is no line
    number: the edit still goes the fast way, and both ways agree."""
    last = "            deadline: Tháng 12/2025\n"

    def alternative(text: str) -> str:
        at = text.rindex(last)
        return (
            text[:at]
            + "            deadline: Tháng 12/2025 hoặc Tháng 01/2026\n"
            + text[at + len(last) :]
        )

    source = layout_case(tmp_path, alternative)
    codes = [d.code for d in validate(source / "plan-2025.yaml", source / "units.yaml").diagnostics]
    assert "deadline-alternative" in codes
    outcomes = both_ways(source, tmp_path, [done("I.2.1"), undo("I.2.1")], monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written", "written"]
    assert fast_ways == [True, True]


def test_a_kept_block_scalar_at_the_end_of_an_item_is_left_to_the_full_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool]
) -> None:
    """``note: |+`` keeps the blank lines after it: an edit after them would change the note.
    The full way refuses it (the data outside the edited keys would change); so must the fast
    way, which now steps aside for any block scalar."""

    def kept(text: str) -> str:
        return text.replace(
            '            deadline: "Ban hành: Tháng 3/2025"\n          - id: I.2.2',
            '            deadline: "Ban hành: Tháng 3/2025"\n            note: |+\n'
            "              Ghi chú\n\n          - id: I.2.2",
            1,
        )

    source = layout_case(tmp_path, kept)
    outcomes = both_ways(source, tmp_path, [done("I.2.1"), log("I.2.1")], monkeypatch, fast_ways)
    assert [o[2] for o in outcomes] == ["ledger.layout", "ledger.layout"]
    assert True not in fast_ways


# ---------------------------------------------------------------------------------------------
# issue 23: the model before an edit read in part (the head of the cached model, the chunk of
# the item), and the item's lines found and decoded in the file's bytes alone
#
# The real plan (132 items) is stored in chunks of 16 here (``cache_files.CHUNK``), so that its
# items fall in every chunk and on either side of a boundary; a generated plan of more than
# 4,096 items is stored in chunks of the real size.

SMALL = 16


@pytest.fixture
def in_part(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each edit whose model was read in part was made on it (True) or left to the
    whole model after all (False: the lines could not be told apart in the bytes, or the edit
    not checked on them alone)."""
    taken: list[bool] = []
    real = editing._made_in_part

    def spy(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(result is not None)
        return result

    monkeypatch.setattr(editing, "_made_in_part", spy)
    return taken


def _chunk_items() -> list[str]:
    """Items at both ends of the chunks of 16 (the first, the last, either side of the first
    two boundaries), one done member by member, one of several milestones, one conditional."""
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    index = UnitIndex(registry)
    picked = [0, SMALL - 1, SMALL, 2 * SMALL - 1, 2 * SMALL, len(plan.items) - 1]
    ids = [plan.items[n].id.value for n in picked]
    for kind in (
        lambda item: is_per_member(item, index),
        lambda item: len(item.milestones) > 1,
        lambda item: any(m.kind == CONDITIONAL for m in item.milestones),
    ):
        ids.append(next(i.id.value for i in plan.items if kind(i) and i.after is None))
    return list(dict.fromkeys(ids))


CHUNK_ITEMS = _chunk_items()


@pytest.mark.parametrize("item_id", CHUNK_ITEMS)
def test_every_edit_of_an_item_read_in_part_both_ways(
    item_id: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_ways: list[bool],
    in_part: list[bool],
) -> None:
    """done, log, late, met and their undos on an item read from its chunk: the same bytes,
    model, warnings, refusals and edit as the whole file read, and every entry stored (patches
    on patches, then the whole model again past ``MAX_PATCHES``) a fresh load."""
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    item = plan.item(item_id)
    assert item is not None
    outcomes = both_ways(
        DATA, tmp_path, sequence(item, UnitIndex(registry)), monkeypatch, fast_ways
    )
    written = [o for o in outcomes if o[0] == "written"]
    assert written
    assert in_part and False not in in_part, in_part
    # every edit read in part but those resting on MAX_PATCHES patches (read whole, stored whole)
    assert len(in_part) >= len(written) - len(written) // (cache.MAX_PATCHES + 1)


def test_an_item_with_after_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool], in_part: list[bool]
) -> None:
    """An item whose condition is another item's completion (``after:``): its status reads that
    item, so its model is read whole; both ways agree."""
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    item = next(i for i in plan.items if i.after is not None)
    steps = [log(item.id.value), done(item.id.value), undo(item.id.value)]
    outcomes = both_ways(DATA, tmp_path, steps, monkeypatch, fast_ways)
    assert "written" in [o[0] for o in outcomes]
    assert in_part == []


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: t.replace(I_2_2, ID_LINE + "  # c\n" + PRODUCT),
        lambda t: "\ufeff" + t.replace("\n", "\r\n"),
    ],
    ids=["CRLF", "byte-order mark", "comment", "both"],
)
def test_layouts_read_in_part_agree(
    change: Callable[[str], str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fast_ways: list[bool],
    in_part: list[bool],
) -> None:
    """The item's lines found in the bytes of a file with CRLF line ends, a byte-order mark or
    a comment: the same bytes written as the whole text edited."""
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    source = layout_case(tmp_path, change)
    last = load_plan(source / "plan-2025.yaml")[0].items[-1].id.value
    steps = [done("I.2.2"), log("I.2.2"), done(last), undo("I.2.2")]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written"] * 4
    assert in_part == [True] * 4


def test_a_record_after_today_elsewhere_reads_the_whole_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool], in_part: list[bool]
) -> None:
    """A record dated after the edit's today in another chunk: the day's checks must see every
    item, so the model is read whole, and the edit refused as the full way refuses it."""
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    far = plan.items[-1].id.value
    early = date(2025, 6, 30)

    def late_record(plan_path: Path, units: Path) -> object:
        return worklog.record_log(plan_path, units, far, on=ON, text="Sau", today=TODAY)

    def step(plan_path: Path, units: Path) -> object:
        return ledger.record_done(plan_path, units, "I.2.1", on=ON, evidence="X", today=early)

    def later(plan_path: Path, units: Path) -> object:
        return worklog.record_log(
            plan_path, units, far, on=date(2025, 12, 30), text="Sau", today=TODAY
        )

    outcomes = both_ways(DATA, tmp_path, [late_record, later, step], monkeypatch, fast_ways)
    assert [o[0] for o in outcomes] == ["written", "written", "refused"]
    assert outcomes[2][2] == "ledger.invalid-before"
    assert [d.code for d, _ in outcomes[2][4]] == ["done-future"]  # type: ignore[union-attr]
    assert in_part == [True, True]  # the refused edit did not read in part


def test_a_generated_plan_over_one_chunk_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast_ways: list[bool], in_part: list[bool]
) -> None:
    """A plan of 4,500 items (two chunks of the real size): the first item, the last of the
    first chunk, the first of the second, the last; every edit read in part."""
    source = tmp_path / "generated"
    _bench().generate(4500, source)
    plan, _ = load_plan(source / "plan-2025.yaml")
    size = cache_files.CHUNK
    assert len(plan.items) > size
    free = [
        plan.items[n]
        for n in (0, size - 1, size, len(plan.items) - 1)
        if plan.items[n].after is None
    ]
    steps = [log(i.id.value) for i in free] + [undo(plan.items[size].id.value)]
    outcomes = both_ways(source, tmp_path, steps, monkeypatch, fast_ways)
    assert [o[0] for o in outcomes][: len(free)] == ["written"] * len(free)
    assert False not in in_part and len(in_part) >= len(free)


def _bench() -> Any:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = bench
    spec.loader.exec_module(bench)
    return bench


def test_one_item_read_from_its_chunk_is_the_item_of_the_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cache_files.read_item`` finds what ``Plan.find`` finds (case and spaces forgiven), in
    any chunk, with the head and the latest record day of the whole; and nothing (the whole
    entry is then read) for an ID not in the plan, a task with activities, an entry not in
    chunks, or an entry changed by a single byte."""
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    source = layout_case(  # a record, and a work-log entry dated later
        tmp_path,
        lambda t: t.replace(
            "            deadline: Trước 31/12/2025\n          - id: I.2.3",
            "            deadline: Trước 31/12/2025\n            done: 2025-05-02\n"
            "            evidence: X\n            log:\n"
            "              - {on: 2025-11-30, text: Sau}\n          - id: I.2.3",
            1,
        ),
    )
    plan_path, units = source / "plan-2025.yaml", source / "units.yaml"
    whole = cache.load_checked(plan_path, units, None)
    entry = cache._entry_of(plan_path, units, plan_path.read_bytes(), units.read_bytes())
    assert entry is not None and entry.is_file()
    names = cache._spelt(plan_path, units)
    for number, item in enumerate(whole.plan.items):
        typed = f"  {item.id.value.lower()} " if number % 2 else item.id.value
        piece = cache_files.read_item(entry, names, typed)
        assert piece is not None, item.id.value
        assert piece.index == number and piece.item == whole.plan.find(typed)
        assert piece.count == len(whole.plan.items)
        assert piece.head.plan == dataclasses.replace(whole.plan, items=())
        assert piece.head.diagnostics == whole.diagnostics
    days = rules.record_days(whole.plan)
    assert sorted(days) == [date(2025, 5, 2), date(2025, 11, 30)]
    assert piece.directory.latest_record == max(days)
    assert cache_files.latest_record_day(whole.plan) == max(days)
    bare = dataclasses.replace(whole.plan, items=(), measurements=())
    assert cache_files.latest_record_day(bare) is None
    task = next(t.id.value for t in whole.plan.tasks if whole.plan.activities_of(t.id.value))
    for missing in ("I.99", task, "", "I.1\nI.2.1"):
        assert cache_files.read_item(entry, names, missing) is None
    changed = bytearray(entry.read_bytes())
    changed[len(changed) // 2] ^= 1
    entry.write_bytes(bytes(changed))
    assert cache_files.read_item(entry, names, "I.1") is None
    monkeypatch.setattr(cache_files, "CHUNK", 4096)
    entry.unlink()
    cache.load_checked(plan_path, units, None)  # stored whole: no chunks, no directory
    assert entry.is_file() and cache_files.read_item(entry, names, "I.1") is None


def test_the_commands_print_the_same_read_in_part(
    runner: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, in_part: list[bool]
) -> None:
    """``done``, ``undo``, ``log`` and ``late`` as commands, with the cache on and the plan
    stored in chunks, and with the cache off: the same exit code, output, error output and
    bytes written at every step, refusals included."""
    from parplan.cli.app import app

    monkeypatch.setattr("parplan.cli.ledger.today", lambda: TODAY)
    monkeypatch.setattr("parplan.cli.report.today", lambda: TODAY)
    monkeypatch.setattr(cache_files, "CHUNK", SMALL)
    plan, _ = load_plan(DATA / "plan-2025.yaml")
    registry, _ = load_registry(DATA / "units.yaml")
    index = UnitIndex(registry)
    group = next(i for i in plan.items if is_per_member(i, index) and i.after is None)
    member = owing_units(group, 1, index, ON)[0].name
    later = plan.items[2 * SMALL + 3].id.value
    commands = [
        ["done", "I.2.2", "--on", "2025-04-10", "-e", "Báo cáo số 1/BC"],
        ["done", "i.2.2 ", "--on", "2025-04-10", "-e", "Lần hai"],  # refused: done already
        ["log", later, "--on", "2025-04-10", "-t", "Rà soát 12 văn bản"],
        ["late", later, "-r", "Chờ ý kiến các đơn vị", "--lang", "en"],
        ["done", group.id.value, "-m", "1", "--unit", member, "-e", "Báo cáo"],
        ["done", group.id.value, "-m", "1", "-e", "Báo cáo"],  # refused: --unit required
        ["undo", "I.2.2"],
        ["done", "I.99", "-e", "X"],  # refused: no such item
    ]

    def outputs(cache_on: bool) -> list[tuple[object, ...]]:
        folder = tmp_path / ("on" if cache_on else "off")
        folder.mkdir()
        for name in ("plan-2025.yaml", "units.yaml"):
            shutil.copyfile(DATA / name, folder / name)
        path = folder / "plan-2025.yaml"
        monkeypatch.setenv("PARPLAN_CACHE", "on" if cache_on else "off")
        monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
        if cache_on:
            cache.load_checked(path, folder / "units.yaml", TODAY)
        seen = []
        for command in commands:
            result = runner.invoke(app, [*command, "--plan", str(path)])
            out = result.stdout.replace(str(folder), "PLAN")
            seen.append((result.exit_code, out, result.stderr, path.read_bytes()))
        return seen

    off = outputs(False)
    assert in_part == []
    on = outputs(True)
    assert [o[0] for o in on] == [0, 2, 0, 0, 0, 2, 0, 2]
    for number, (expected, got) in enumerate(zip(off, on, strict=True), start=1):
        assert got == expected, f"step {number}"
    # the five written, but the undo: its patch would rest on MAX_PATCHES others (read whole)
    assert in_part == [True] * cache.MAX_PATCHES


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t,
        lambda t: t.replace("\n", "\r\n"),
        lambda t: "\ufeff" + t,
        lambda t: t.replace("\n", "\r"),  # CR alone: neither way locates
        lambda t: t.replace(I_2_2, ID_LINE + "  # c\n" + PRODUCT),
        lambda t: t.replace(I_2_2, ID_LINE + "# c\n" + PRODUCT),
        lambda t: t.replace(I_2_2, ID_LINE + "            note: a\u2028b\n" + PRODUCT[:-1] + " "),
        lambda t: t.replace(I_2_2, ID_LINE + "            note: a\x85b\n" + PRODUCT),
        lambda t: t.replace(
            '            deadline: "Ban hành: Tháng 3/2025"\n          - id: I.2.2',
            '            deadline: "Ban hành: Tháng 3/2025"\n            note: |+\n'
            "              Ghi chú\n\n          - id: I.2.2",
            1,
        ),
        lambda t: t.rstrip("\n"),
        lambda t: t.replace("- id: I.5.1\n", "- id:   I.5.1 \n", 1),
    ],
    ids=[
        "as written",
        "CRLF",
        "byte-order mark",
        "CR",
        "comment",
        "comment at column 0",
        "line separator",
        "next line",
        "kept block scalar",
        "no last line end",
        "spaces around an ID",
    ],
)
def test_the_lines_found_in_the_bytes_are_those_found_in_the_text(
    change: Callable[[str], str], tmp_path: Path
) -> None:
    """``splice.locate_bytes`` on every item gives the block ``splice.locate`` gives on the
    decoded text (the same lines, first line, node and problems), and the bytes it names are
    that block's text; where ``locate`` gives nothing, so does it."""
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(change((DATA / "plan-2025.yaml").read_text(encoding="utf-8")).encode("utf-8"))
    plan, _ = load_plan(path)
    raw = path.read_bytes()
    bom = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    text = raw[bom:].decode("utf-8")
    located = 0
    for item in plan.items:
        block = splice.locate(text, plan, item)
        found = splice.locate_bytes(raw, bom, plan, item)
        if block is None:
            assert found is None, item.id.value
            continue
        assert found is not None, item.id.value
        located += 1
        alone, start, end = found
        assert raw[start:end].decode("utf-8") == text[block.start : block.end]
        assert (alone.index, alone.first, alone.lines) == (block.index, block.first, block.lines)
        assert textedit.data(alone.node) == textedit.data(block.node)
        assert alone.node.start_mark.line == block.node.start_mark.line
        assert [(d, dict(d.args)) for d in alone.problems] == [
            (d, dict(d.args)) for d in block.problems
        ]
        assert (alone.head, alone.tail, alone.start) == ("", "", 0)
    # CR alone, NEL and LS are line ends to YAML: then neither way locates any item (or the
    # plan does not read); every other layout has its items located
    odd = b"\r" in raw.replace(b"\r\n", b"") or "\x85" in text or "\u2028" in text
    assert located == 0 if odd else located >= len(plan.items) - 2
