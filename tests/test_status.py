"""Statuses as of a day, and which unit answers for which item.

Table-driven: each row is a case, read left to right. Plans are written inline as YAML (the way
the ledger records progress) and loaded through the real loader and checks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import Loaded, validate
from parplan.core.deadlines import CONDITIONAL, DATE, ONGOING, Milestone
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    LEAD,
    ONGOING_STATUS,
    OVERDUE,
    PENDING,
    SUPPORT,
    WAITING,
    matches_search,
    role_of,
    rows_as_of,
    rows_for_unit,
    status_as_of,
    tally,
)

D = date
DUE = D(2025, 3, 31)
DATED = Milestone(None, DUE, DATE)
ONGOING_M = Milestone(None, None, ONGOING, None)
CONDITIONAL_M = Milestone(None, None, CONDITIONAL, "Sau khi có ý kiến TVCP")


# ---------------------------------------------------------------------------------------------
# status_as_of: one milestone, one day


@pytest.mark.parametrize(
    ("case", "milestone", "as_of", "done", "met", "within", "expected"),
    [
        # dated milestones
        ("open, due later", DATED, D(2025, 3, 1), None, None, None, PENDING),
        ("open, due today", DATED, DUE, None, None, None, PENDING),
        ("open, due yesterday", DATED, D(2025, 4, 1), None, None, None, OVERDUE),
        ("done before due", DATED, D(2025, 4, 10), D(2025, 3, 20), None, None, DONE_ON_TIME),
        ("done on the due day", DATED, D(2025, 4, 10), DUE, None, None, DONE_ON_TIME),
        ("done the day after", DATED, D(2025, 4, 10), D(2025, 4, 1), None, None, DONE_LATE),
        ("done on the day asked", DATED, D(2025, 3, 20), D(2025, 3, 20), None, None, DONE_ON_TIME),
        ("done after the day, late", DATED, D(2025, 4, 10), D(2025, 5, 2), None, None, OVERDUE),
        ("done after the day, early", DATED, D(2025, 3, 1), D(2025, 3, 20), None, None, PENDING),
        ("done late, seen later", DATED, D(2025, 12, 31), D(2025, 5, 2), None, None, DONE_LATE),
        # no date
        ("ongoing", ONGOING_M, D(2025, 12, 31), None, None, None, ONGOING_STATUS),
        ("ongoing, done anyway", ONGOING_M, D(2025, 12, 31), D(2025, 1, 5), None, None, ONGOING_STATUS),
        # conditional
        ("condition not met", CONDITIONAL_M, D(2025, 6, 1), None, None, None, WAITING),
        ("condition met after the day", CONDITIONAL_M, D(2025, 3, 1), None, D(2025, 3, 25), 30, WAITING),
        ("condition met, no lag", CONDITIONAL_M, D(2025, 12, 31), None, D(2025, 3, 25), None, PENDING),
        ("condition met on the day", CONDITIONAL_M, D(2025, 3, 25), None, D(2025, 3, 25), 30, PENDING),
        ("met, lag not run out", CONDITIONAL_M, D(2025, 4, 24), None, D(2025, 3, 25), 30, PENDING),
        ("met, lag run out", CONDITIONAL_M, D(2025, 4, 25), None, D(2025, 3, 25), 30, OVERDUE),
        ("met, done within lag", CONDITIONAL_M, D(2025, 6, 1), D(2025, 4, 24), D(2025, 3, 25), 30, DONE_ON_TIME),
        ("met, done after lag", CONDITIONAL_M, D(2025, 6, 1), D(2025, 4, 25), D(2025, 3, 25), 30, DONE_LATE),
        ("done, condition never recorded", CONDITIONAL_M, D(2025, 6, 1), D(2025, 5, 1), None, None, DONE_ON_TIME),
        ("done after the day, not met", CONDITIONAL_M, D(2025, 4, 1), D(2025, 5, 1), None, None, WAITING),
    ],
)  # fmt: skip
def test_status_as_of(case, milestone, as_of, done, met, within, expected) -> None:
    assert status_as_of(milestone, as_of, done, met, within) == expected, case


# ---------------------------------------------------------------------------------------------
# Progress as recorded in the plan YAML

UNITS_YAML = """\
units:
  - name: Văn phòng Bộ
    short: VP
    kind: administrative
  - name: Vụ Pháp chế
    short: PC
    kind: administrative
  - name: Vụ Cải cách hành chính
    short: CCHC
    kind: administrative
    aliases:
      - Vụ cải cách hành chính
  - name: Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo
    short: VPBCĐ
    kind: role
    part_of: Vụ Cải cách hành chính
  - name: Vụ Tiền lương
    short: TL
    kind: administrative
    merged_into:
      unit: Cục Tiền lương và Bảo hiểm xã hội
      on: 2025-03-01
  - name: Vụ Công tác thanh niên
    short: CTTN
    kind: administrative
    renamed:
      - name: Vụ Công tác thanh niên và Bình đẳng giới
        on: 2025-03-01
  - name: Trung tâm Thông tin
    short: TTTT
    kind: public_service
  - name: Cục Tiền lương và Bảo hiểm xã hội
    short: Cục TL&BHXH
    kind: administrative
    established: 2025-03-01
  - name: Cục Việc làm
    short: Cục VL
    kind: administrative
    established: 2025-03-01
groups:
  - name: Các đơn vị thuộc, trực thuộc Bộ
    kinds:
      - administrative
      - public_service
  - name: Các đơn vị sự nghiệp trực thuộc Bộ
    kinds:
      - public_service
  - name: Các cơ quan, đơn vị liên quan
    placeholder: true
"""

PLAN_HEAD = """\
plan:
  title: Kế hoạch thử
  decision: 1/QĐ-BNV
  issued: 2024-12-30
  year: 2025
sections:
  - id: I
    title: THỬ
    tasks:
"""


def _task(item_id: str, deadline: str, *extra: str, lead: str = "Vụ Pháp chế") -> str:
    lines = [
        f"      - id: {item_id}",
        f"        title: Nhiệm vụ {item_id}",
        f"        product: Sản phẩm {item_id}",
        "        lead:",
        f"          - {lead}",
        "        support:",
        "          - Các cơ quan, đơn vị liên quan",
        f'        deadline: "{deadline}"',
        *(f"        {line}" for line in extra),
    ]
    return "\n".join(lines) + "\n"


def _load(tmp_path: Path, tasks: str) -> Loaded:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN_HEAD + tasks, encoding="utf-8")
    units = tmp_path / "units.yaml"
    units.write_text(UNITS_YAML, encoding="utf-8")
    loaded = validate(plan, units)
    assert not loaded.errors, loaded.errors
    return loaded


def _statuses(loaded: Loaded, as_of: date) -> dict[tuple[str, int], str]:
    return {
        (row.item.id.value, row.number): row.status for row in rows_as_of(loaded.plan.items, as_of)
    }


RECORDED = "".join(
    [
        _task("I.1", "Tháng 3/2025", "done: 2025-03-31", "evidence: QĐ 1"),
        _task("I.2", "Tháng 3/2025", "done: 2025-04-02", "evidence: QĐ 2"),
        _task(
            "I.3",
            "- Ban hành: Tháng 1/2025; - Triển khai: Tháng 6/2025",
            "progress:",
            "  - milestone: ban hanh",  # a label, typed without diacritics
            "    done: 2025-01-20",
            "    evidence: QĐ 3",
            "  - milestone: 2",  # a number
            "    done: 2025-07-15",
            "    evidence: Báo cáo 3",
            "    recorded_by: Nguyễn Văn A",
        ),
        _task("I.4", "Sau khi Chính phủ ban hành Nghị định", "after: I.3"),
        _task(
            "I.5",
            "Sau khi có ý kiến TVCP",
            "met: 2025-03-25",
            "met_evidence: Thông báo 5",
            "within_days: 30",
        ),
        _task("I.6", "Thường xuyên"),
        _task("I.7", "Theo tiến độ của từng địa phương"),
    ]
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (
            D(2025, 1, 20),  # I.3's "Ban hành" done that very day
            {("I.1", 1): PENDING, ("I.2", 1): PENDING, ("I.3", 1): DONE_ON_TIME,
             ("I.3", 2): PENDING, ("I.4", 1): WAITING, ("I.5", 1): WAITING,
             ("I.6", 1): ONGOING_STATUS, ("I.7", 1): WAITING},
        ),
        (
            D(2025, 3, 31),  # I.1 done on its due day; I.5's condition met, due 24/04
            {("I.1", 1): DONE_ON_TIME, ("I.2", 1): PENDING, ("I.3", 1): DONE_ON_TIME,
             ("I.3", 2): PENDING, ("I.4", 1): WAITING, ("I.5", 1): PENDING,
             ("I.6", 1): ONGOING_STATUS, ("I.7", 1): WAITING},
        ),
        (
            D(2025, 4, 1),  # I.2 not yet recorded (done 02/04): overdue as of 01/04
            {("I.1", 1): DONE_ON_TIME, ("I.2", 1): OVERDUE, ("I.3", 1): DONE_ON_TIME,
             ("I.3", 2): PENDING, ("I.4", 1): WAITING, ("I.5", 1): PENDING,
             ("I.6", 1): ONGOING_STATUS, ("I.7", 1): WAITING},
        ),
        (
            D(2025, 4, 25),  # I.5's thirty days ran out on 24/04
            {("I.1", 1): DONE_ON_TIME, ("I.2", 1): DONE_LATE, ("I.3", 1): DONE_ON_TIME,
             ("I.3", 2): PENDING, ("I.4", 1): WAITING, ("I.5", 1): OVERDUE,
             ("I.6", 1): ONGOING_STATUS, ("I.7", 1): WAITING},
        ),
        (
            D(2025, 7, 15),  # I.3 complete (late) today: I.4's condition, via after:, met
            {("I.1", 1): DONE_ON_TIME, ("I.2", 1): DONE_LATE, ("I.3", 1): DONE_ON_TIME,
             ("I.3", 2): DONE_LATE, ("I.4", 1): PENDING, ("I.5", 1): OVERDUE,
             ("I.6", 1): ONGOING_STATUS, ("I.7", 1): WAITING},
        ),
    ],
)  # fmt: skip
def test_recorded_progress_as_of(tmp_path: Path, as_of: date, expected: dict) -> None:
    assert _statuses(_load(tmp_path, RECORDED), as_of) == expected


def test_completion_after_the_day_is_not_shown(tmp_path: Path) -> None:
    loaded = _load(tmp_path, RECORDED)
    before = {r.item.id.value: r for r in rows_as_of(loaded.plan.items, D(2025, 4, 1))}
    after = {r.item.id.value: r for r in rows_as_of(loaded.plan.items, D(2025, 4, 2))}
    assert before["I.2"].completion is None
    assert after["I.2"].completion is not None
    assert after["I.2"].completion.on == D(2025, 4, 2)
    assert after["I.2"].completion.evidence.value == "QĐ 2"


def test_effective_due_of_a_met_condition(tmp_path: Path) -> None:
    loaded = _load(tmp_path, RECORDED)
    rows = {r.item.id.value: r for r in rows_as_of(loaded.plan.items, D(2025, 4, 10))}
    assert rows["I.5"].due == D(2025, 4, 24) and rows["I.5"].days == 14
    assert rows["I.4"].due is None and rows["I.4"].days is None


def test_tally_adds_up(tmp_path: Path) -> None:
    loaded = _load(tmp_path, RECORDED)
    counts = tally(rows_as_of(loaded.plan.items, D(2025, 4, 25)), D(2025, 4, 25))
    assert counts.statuses == {
        DONE_ON_TIME: 2,
        DONE_LATE: 1,
        PENDING: 1,
        OVERDUE: 1,
        ONGOING_STATUS: 1,
        WAITING: 2,
        "transferred": 0,
    }
    # Deadlines passed by 25/04: I.1 (on time), I.2 (late), I.3 "Ban hành" (on time), I.5.
    assert (counts.due_so_far, counts.done_on_time, counts.done_late, counts.overdue) == (
        4,
        2,
        1,
        1,
    )
    assert counts.done == 3 and counts.on_time_rate == 0.5


def test_tally_of_nothing() -> None:
    counts = tally([], D(2025, 1, 1))
    assert counts.due_so_far == 0 and counts.on_time_rate is None
    assert set(counts.statuses.values()) == {0}


# ---------------------------------------------------------------------------------------------
# Who answers for an item: groups, roles, aliases, the reorganisation of 2025

ROLES_PLAN = "".join(
    [
        _task("I.1", "Tháng 3/2025", lead="Các đơn vị thuộc, trực thuộc Bộ"),
        _task("I.2", "Tháng 3/2025", lead="Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo"),
        _task("I.3", "Tháng 3/2025", lead="Vụ Tiền lương"),
        _task("I.4", "Tháng 3/2025", lead="Vụ Công tác thanh niên"),
        _task("I.5", "Tháng 3/2025", lead="Các đơn vị sự nghiệp trực thuộc Bộ"),
        _task("I.6", "Tháng 3/2025", lead="Vụ cải cách hành chính"),  # an alias
        _task("I.7", "Tháng 3/2025", lead="Các cơ quan, đơn vị liên quan"),
    ]
)


@pytest.mark.parametrize(
    ("unit", "item", "role"),
    [
        ("Văn phòng Bộ", "I.1", LEAD),  # member of the group named as lead
        ("Trung tâm Thông tin", "I.1", LEAD),  # public-service units are members too
        ("Trung tâm Thông tin", "I.5", LEAD),
        ("Văn phòng Bộ", "I.5", None),  # not a public-service unit
        ("Vụ Cải cách hành chính", "I.2", LEAD),  # a role of the unit
        ("Vụ Cải cách hành chính", "I.6", LEAD),  # named by an alias
        ("Vụ Tiền lương", "I.3", LEAD),
        ("Cục Tiền lương và Bảo hiểm xã hội", "I.3", LEAD),  # took Vụ Tiền lương over
        ("Cục Tiền lương và Bảo hiểm xã hội", "I.1", LEAD),  # ... and its part of the group
        ("Cục Việc làm", "I.1", None),  # established after the plan was issued
        ("Vụ Công tác thanh niên", "I.4", LEAD),
        ("Văn phòng Bộ", "I.7", None),  # the placeholder names no one
        ("Vụ Pháp chế", "I.7", None),
        ("Các đơn vị thuộc, trực thuộc Bộ", "I.1", LEAD),  # the group itself
        ("Các đơn vị thuộc, trực thuộc Bộ", "I.3", None),
    ],
)
def test_role_of(tmp_path: Path, unit: str, item: str, role: str | None) -> None:
    loaded = _load(tmp_path, ROLES_PLAN)
    entry = loaded.index.by_name[unit]
    assert role_of(loaded.plan.item(item), entry, loaded.index) == role


def test_support_role(tmp_path: Path) -> None:
    tasks = _task("I.1", "Tháng 3/2025").replace(
        "          - Các cơ quan, đơn vị liên quan", "          - Văn phòng Bộ"
    )
    loaded = _load(tmp_path, tasks)
    item = loaded.plan.item("I.1")
    assert role_of(item, loaded.index.by_name["Văn phòng Bộ"], loaded.index) == SUPPORT
    assert role_of(item, loaded.index.by_name["Vụ Pháp chế"], loaded.index) == LEAD


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("Văn phòng Bộ", "Văn phòng Bộ"),
        ("van phong bo", "Văn phòng Bộ"),
        ("VĂN PHÒNG BỘ", "Văn phòng Bộ"),
        ("VP", "Văn phòng Bộ"),
        ("vp", "Văn phòng Bộ"),
        ("  Văn   phòng Bộ ", "Văn phòng Bộ"),
        ("Va\u0306n pho\u0300ng Bô\u0323", "Văn phòng Bộ"),  # decomposed (NFD) input
        ("vu phap che", "Vụ Pháp chế"),
        ("PC", "Vụ Pháp chế"),
        ("cqdp", "Vụ Chính quyền địa phương"),  # đ folds to d
        ("CQĐP", "Vụ Chính quyền địa phương"),
        ("Cục VT<NN", "Cục Văn thư và Lưu trữ nhà nước"),  # alias from the decision's text
        ("cuc vt&ltnn", "Cục Văn thư và Lưu trữ nhà nước"),
        ("Vụ Công tác thanh niên và Bình đẳng giới", "Vụ Công tác thanh niên"),  # new name
        ("vu cong tac thanh nien", "Vụ Công tác thanh niên"),
        ("Trung tâm Công nghệ thông tin", "Trung tâm Thông tin"),
        ("Văn phòng Ban Chỉ đạo", "Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo"),
        ("cac don vi thuoc, truc thuoc bo", "Các đơn vị thuộc, trực thuộc Bộ"),
        ("Vụ CCHC", "Vụ Cải cách hành chính"),  # the kind word, then the abbreviation
        ("vu tccb", "Vụ Tổ chức cán bộ"),
        ("Cục Tiền lương và BHXH", "Cục Tiền lương và Bảo hiểm xã hội"),
    ],
)
def test_unit_query(typed: str, canonical: str) -> None:
    from parplan.core.units import UnitIndex
    from parplan.io.loader import load_registry

    registry, _ = load_registry(UNITS)
    query = UnitIndex(registry).query(typed)
    assert query.entry is not None, query
    assert query.entry.name == canonical


@pytest.fixture(scope="module")
def real() -> Loaded:
    loaded = validate(PLAN, UNITS)
    assert not loaded.errors
    return loaded


def _items_of(loaded: Loaded, typed: str) -> set[str]:
    entry = loaded.index.query(typed).entry
    assert entry is not None, typed
    rows = rows_for_unit(rows_as_of(loaded.plan.items, D(2025, 6, 1)), loaded.index, entry)
    return {row.item.id.value for row in rows}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Vụ Tiền lương", "Cục Tiền lương và Bảo hiểm xã hội"),  # merged
        ("Vụ Công tác thanh niên", "Vụ Công tác thanh niên và Bình đẳng giới"),  # renamed
        ("Trung tâm Thông tin", "Trung tâm Công nghệ thông tin"),
        ("Viện Khoa học tổ chức nhà nước", "Viện Khoa học tổ chức nhà nước và Lao động"),
    ],
)
def test_old_and_new_names_find_the_same_items(real: Loaded, old: str, new: str) -> None:
    found = _items_of(real, old)
    assert found, old
    assert _items_of(real, new) == found


def test_salary_items_follow_the_merger(real: Loaded) -> None:
    assert {"V.2.1", "V.2.2", "I.3.1"} <= _items_of(real, "Cục TL&BHXH")
    assert _items_of(real, "Cục Việc làm") == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("chuong trinh hanh dong", True),  # accent-insensitive
        ("CHƯƠNG TRÌNH", True),
        ("nghi quyet 02/NQ-CP", True),  # every word, in any place
        ("I.3.4", True),
        ("cai cach hanh chinh", True),  # the unit's name
        ("tiền lương", False),
    ],
)
def test_matches_search(real: Loaded, text: str, expected: bool) -> None:
    assert matches_search(real.plan.item("I.3.4"), text) is expected


# ---------------------------------------------------------------------------------------------
# issue 22: which milestone a record is about, one rule for completions and reasons for delay
# (status.py and reporting.py each had a copy; reporting.py's left out ``number == 1``, which
# only a milestone number past the item's milestones could tell apart: none is ever asked).


@pytest.mark.parametrize(
    ("item_id", "written", "number", "expected"),
    [
        ("I.1", None, 1, True),  # naming none: the item's only milestone
        ("I.1", None, 2, False),  # ... and no other (the item has one)
        ("I.1", "1", 1, True),
        ("I.1", "2", 1, False),
        ("I.3", None, 1, False),  # an item of two: a record must name its milestone
        ("I.3", None, 2, False),
        ("I.3", "ban hanh", 1, True),  # by label, accents optional
        ("I.3", "Triển khai", 1, False),
        ("I.3", "Triển khai", 2, True),
        ("I.3", "2", 2, True),  # by number
        ("I.3", "2", 3, False),  # no third milestone
    ],
)
def test_names_milestone(
    tmp_path: Path, item_id: str, written: str | None, number: int, expected: bool
) -> None:
    from parplan.core.model import Source, Text
    from parplan.query.status import names_milestone

    loaded = _load(tmp_path, RECORDED)
    item = loaded.plan.item(item_id)
    assert item is not None
    text = Text(written, Source("plan.yaml", 1, 1)) if written is not None else None
    assert names_milestone(text, item, number) is expected


def test_reasons_and_completions_naming_no_milestone(tmp_path: Path) -> None:
    """A completion and a reason for delay naming no milestone both count for a one-milestone
    item's milestone: its row is done, and the reason is the row's."""
    from parplan.query.reporting import reasons_for

    loaded = _load(
        tmp_path,
        _task(
            "I.1",
            "Tháng 3/2025",
            "done: 2025-04-02",
            "evidence: QĐ 1",
            "late:",
            "  - reason: Chờ ý kiến thẩm định",
            "    on: 2025-04-01",
        ),
    )
    item = loaded.plan.item("I.1")
    assert item is not None
    assert _statuses(loaded, D(2025, 4, 30)) == {("I.1", 1): DONE_LATE}
    assert reasons_for(item, 1) == ("Chờ ý kiến thẩm định",)
    assert reasons_for(item, 1, until=D(2025, 3, 31)) == ()  # written on 01/04
