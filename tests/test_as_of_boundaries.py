"""The "as of a day" boundaries (issue 22, item 7): one test for each mutant that survived the
whole suite, each expected value worked out by hand from the rule.

The rules, and where they come from:
- a deadline ends at the end of its last day (Bộ luật Dân sự 2015, Điều 146–148; see
  docs/deadline-grammar.md): "Trước 01/03/2025" is due 01/03/2025, "Tháng 1/2025" 31/01/2025;
- the registry (data/units.yaml) is read as of each day: "a unit that left or merged owes
  nothing due from that day, a unit established owes what falls due from then"; Ban Tôn giáo
  Chính phủ left, and Vụ Tiền lương merged into Cục Tiền lương và Bảo hiểm xã hội, on
  01/03/2025, when Cục Việc làm (among others) was established; Học viện Hành chính Quốc gia
  left on 31/01/2025;
- the reporting calendar of Văn bản 581/BNV-CCHC (the real plan's header, /work/shared/domain.md):
  Q1 covers 15/12 of the previous year to 14/03 (the cut-off), then 6 months to 14/06.

Each plan here is the real plan's header (its calendar) with a few items of our own, over the
real registry unless a test says otherwise.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import Loaded, validate
from parplan.core.deadlines import parse_deadline
from parplan.core.model import Item, ReportPeriod, Source, Unit
from parplan.core.periods import cut_off, find_period, window
from parplan.io import cache, cache_load, ledger
from parplan.io.fastread_body import read_plan
from parplan.io.loader import build_plan, parse_document, read_head
from parplan.query.reporting import build_report
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    LEAD,
    OVERDUE,
    PENDING,
    TRANSFERRED,
    WAITING,
    members_owing,
    owing_units,
    rows_as_of,
    unit_status,
)

D = date
GROUP = "Các đơn vị thuộc, trực thuộc Bộ"
# The calendar names the item of the units' reports; here an item I.9 of our own, due at the end
# of 2026 (the calendar's working deadline: 20/12/2026), which falls in none of the reports below.
HEAD = PLAN.read_text(encoding="utf-8").split("\nsections:\n")[0].replace(
    "      - I.3.1\n", "      - I.9\n"
) + ("\nsections:\n  - id: I\n    title: THỬ\n    tasks:\n")


def task(item_id: str, deadline: str, *extra: str, lead: str = "Vụ Pháp chế") -> str:
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


def load(tmp_path: Path, tasks: str, units: str | None = None) -> Loaded:
    plan = tmp_path / "plan.yaml"
    plan.write_text(HEAD + tasks + task("I.9", "Năm 2026"), encoding="utf-8")
    units_path = UNITS
    if units is not None:
        units_path = tmp_path / "units.yaml"
        units_path.write_text(units, encoding="utf-8")
    loaded = validate(plan, units_path)
    assert not loaded.errors, loaded.errors
    return loaded


def item(loaded: Loaded, item_id: str) -> Item:
    return next(i for i in loaded.plan.items if i.id.value == item_id)


def unit(loaded: Loaded, name: str) -> Unit:
    found = loaded.index.lookup(name)
    assert found is not None and isinstance(found.entry, Unit)
    return found.entry


def names(units: object) -> set[str]:
    return {u.name for u in units}  # type: ignore[attr-defined]


def answer_of(loaded: Loaded, item_id: str, name: str, as_of: date) -> object:
    rows = rows_as_of([item(loaded, item_id)], as_of, loaded.plan.items, loaded.index)
    (row,) = rows
    return unit_status(row, unit(loaded, name), loaded.index, as_of)


# ---------------------------------------------------------------------------------------------
# Who owes a milestone on its due day (query/status.py)


def test_a_unit_that_left_on_the_due_day_owes_nothing(tmp_path: Path) -> None:
    # Ban Tôn giáo Chính phủ left on 01/03/2025 (units.yaml, left.on). Due 01/03: the day it
    # left, so it owes nothing and its view says "transferred" to Bộ Dân tộc và Tôn giáo.
    # Due 28/02: the day before, it still owes it (pending on 27/02, as lead).
    loaded = load(
        tmp_path,
        task("I.1", "Trước 01/03/2025", lead="Ban Tôn giáo Chính phủ")
        + task("I.2", "Trước 28/02/2025", lead="Ban Tôn giáo Chính phủ")
        + task("I.3", "Tháng 1/2025", lead=GROUP)
        + task("I.4", "Trước 30/01/2025", lead=GROUP),
    )
    idx = loaded.index
    assert owing_units(item(loaded, "I.1"), 1, idx, D(2025, 2, 27)) == []
    assert names(owing_units(item(loaded, "I.2"), 1, idx, D(2025, 2, 27))) == {
        "Ban Tôn giáo Chính phủ"
    }
    left = answer_of(loaded, "I.1", "Ban Tôn giáo Chính phủ", D(2025, 2, 27))
    assert (left.role, left.status, left.transferred_to) == (  # type: ignore[attr-defined]
        LEAD,
        TRANSFERRED,
        "Bộ Dân tộc và Tôn giáo",
    )
    stays = answer_of(loaded, "I.2", "Ban Tôn giáo Chính phủ", D(2025, 2, 27))
    assert (stays.role, stays.status) == (LEAD, PENDING)  # type: ignore[attr-defined]
    # In a group: Học viện Hành chính Quốc gia left on 31/01/2025. "Tháng 1/2025" is due
    # 31/01: it is not a member that day; "Trước 30/01/2025": it is.
    hv = "Học viện Hành chính Quốc gia"
    assert hv not in names(owing_units(item(loaded, "I.3"), 1, idx, D(2025, 1, 1)))
    assert hv in names(owing_units(item(loaded, "I.4"), 1, idx, D(2025, 1, 1)))


def test_a_unit_established_on_the_due_day_owes_it(tmp_path: Path) -> None:
    # Cục Việc làm was established on 01/03/2025: it owes a group's milestone due that day, not
    # one due 28/02 (it did not exist), and its own view answers accordingly.
    loaded = load(
        tmp_path,
        task("I.1", "Trước 01/03/2025", lead=GROUP) + task("I.2", "Trước 28/02/2025", lead=GROUP),
    )
    vl = "Cục Việc làm"
    assert vl in names(owing_units(item(loaded, "I.1"), 1, loaded.index, D(2025, 1, 1)))
    assert vl not in names(owing_units(item(loaded, "I.2"), 1, loaded.index, D(2025, 1, 1)))
    on_the_day = answer_of(loaded, "I.1", vl, D(2025, 3, 1))
    assert (on_the_day.role, on_the_day.status) == (LEAD, PENDING)  # type: ignore[attr-defined]
    assert answer_of(loaded, "I.2", vl, D(2025, 3, 1)) is None


def test_a_record_under_a_predecessors_name_counts_for_its_successor(tmp_path: Path) -> None:
    # Vụ Tiền lương merged into Cục Tiền lương và Bảo hiểm xã hội on 01/03/2025. "Tháng 3/2025"
    # is due 31/03, when the Cục carries on its work: a part recorded on 20/03 under the old
    # name is the Cục's, done on time (20/03 ≤ 31/03). The Cục owes nothing more.
    record = ("progress:", "  - milestone: 1", "    unit: Vụ Tiền lương", "    done: 2025-03-20")
    record += ("    evidence: BC 1",)
    loaded = load(tmp_path, task("I.1", "Tháng 3/2025", *record, lead=GROUP))
    owing = members_owing(item(loaded, "I.1"), 1, loaded.index, D(2025, 4, 15))
    cuc = "Cục Tiền lương và Bảo hiểm xã hội"
    assert cuc not in names(owing.owing)
    done = {part.unit.name: part for part in owing.done}
    assert set(done) == {cuc}
    assert done[cuc].status == DONE_ON_TIME and done[cuc].completion.on == D(2025, 3, 20)  # type: ignore[union-attr]
    mine = answer_of(loaded, "I.1", cuc, D(2025, 4, 15))
    assert (mine.status, mine.completion.on) == (DONE_ON_TIME, D(2025, 3, 20))  # type: ignore[attr-defined]


# A registry in which Vụ Tổ chức phi chính phủ merges into Vụ Tổ chức - Biên chế on 01/06/2025
# (invented for the test: both exist before, so both owe a milestone due 31/03).
MERGED = UNITS.read_text(encoding="utf-8").replace(
    "  - name: Vụ Tổ chức phi chính phủ\n    short: TCPCP\n    kind: administrative\n",
    "  - name: Vụ Tổ chức phi chính phủ\n    short: TCPCP\n    kind: administrative\n"
    "    merged_into:\n      unit: Vụ Tổ chức - Biên chế\n      on: 2025-06-01\n",
)


@pytest.mark.parametrize(
    ("records", "status", "last"),
    [
        # Both parts done, TCPCP's after the due day (10/04 > 31/03): TCBC, holding both on
        # 30/06, is done late, on the last of the two days.
        ((("Vụ Tổ chức - Biên chế", "2025-03-20"), ("Vụ Tổ chức phi chính phủ", "2025-04-10")),
         DONE_LATE, D(2025, 4, 10)),
        # Both on time: done on time, on 25/03.
        ((("Vụ Tổ chức phi chính phủ", "2025-03-25"), ("Vụ Tổ chức - Biên chế", "2025-03-20")),
         DONE_ON_TIME, D(2025, 3, 25)),
        # Only its own part done: the predecessor's is still open, past 31/03 → overdue.
        ((("Vụ Tổ chức - Biên chế", "2025-03-20"),), OVERDUE, None),
        # Only the predecessor's part done: its own is open → overdue.
        ((("Vụ Tổ chức phi chính phủ", "2025-03-20"),), OVERDUE, None),
    ],
)  # fmt: skip
def test_a_unit_holding_its_own_part_and_a_merged_predecessors(
    tmp_path: Path, records: tuple[tuple[str, str], ...], status: str, last: date | None
) -> None:
    lines = ["progress:"]
    for name, on in records:
        lines += ["  - milestone: 1", f"    unit: {name}", f"    done: {on}", "    evidence: BC"]
    loaded = load(tmp_path, task("I.1", "Tháng 3/2025", *lines, lead=GROUP), MERGED)
    answer = answer_of(loaded, "I.1", "Vụ Tổ chức - Biên chế", D(2025, 6, 30))
    assert answer.role == LEAD and answer.status == status  # type: ignore[attr-defined]
    got = answer.completion.on if answer.completion else None  # type: ignore[attr-defined]
    assert got == last


# ---------------------------------------------------------------------------------------------
# The periodic report (query/reporting.py), Q1 2025 under 581/BNV-CCHC


def q1_report(loaded: Loaded, as_of: date | None = None):  # type: ignore[no-untyped-def]
    calendar = loaded.plan.info.reporting
    assert calendar is not None
    period = find_period(calendar, "Q1")
    assert period is not None
    return build_report(loaded.plan, loaded.index, calendar, period, 2025, as_of)


def test_the_first_day_of_the_window_counts(tmp_path: Path) -> None:
    # Q1 2025's window opens on 15/12/2024: a completion or a log entry of that day is in the
    # report's "completed"; one of 14/12/2024 belongs to the year 2024's report.
    loaded = load(
        tmp_path,
        task("I.1", "Tháng 12/2024", "done: 2024-12-15", "evidence: QĐ 1")
        + task("I.2", "Tháng 12/2024", "done: 2024-12-14", "evidence: QĐ 2")
        + task(
            "I.3",
            "Thường xuyên",
            "log:",
            "  - {on: 2024-12-14, text: Trước cửa sổ}",
            "  - {on: 2024-12-15, text: Ngày đầu}",
        ),
    )
    report = q1_report(loaded)
    assert report.current.start == D(2024, 12, 15)
    assert [(d.item_id, d.on) for d in report.completed] == [
        ("I.1", D(2024, 12, 15)),
        ("I.3", D(2024, 12, 15)),
    ]


def test_a_milestone_due_on_the_next_cut_off_is_upcoming(tmp_path: Path) -> None:
    # The Q1 report's day is its cut-off, 14/03/2025; the next period (6 months) closes on
    # 14/06/2025. Upcoming: open milestones due after 14/03 and on or before 14/06.
    loaded = load(
        tmp_path,
        task("I.1", "Trước 14/03/2025")  # due on the report's day: not upcoming, still pending
        + task("I.2", "Trước 15/03/2025")  # the day after: upcoming
        + task("I.3", "Trước 14/06/2025")  # on the next cut-off: upcoming
        + task("I.4", "Trước 15/06/2025"),  # after it: not
    )
    report = q1_report(loaded)
    assert report.following is not None and report.following.end == D(2025, 6, 14)
    assert [c.item_id for c in report.upcoming] == ["I.2", "I.3"]


def test_a_group_milestone_due_on_the_cut_off_is_a_gap(tmp_path: Path) -> None:
    # A group-led milestone due by the cut-off (14/03/2025) that no member has done is a gap,
    # listing every member of the ministry on 14/03: the 20 units of Nghị định 63/2022, less
    # Học viện HCQG (left 31/01), Ban TGCP (left 01/03), Vụ Tiền lương (merged 01/03), plus the
    # five units established on 01/03: 22. A milestone due 15/03 is no gap yet.
    loaded = load(
        tmp_path,
        task("I.1", "Trước 14/03/2025", lead=GROUP) + task("I.2", "Trước 15/03/2025", lead=GROUP),
    )
    gaps = q1_report(loaded).gaps
    assert [(g.item_id, g.due, len(g.missing)) for g in gaps] == [("I.1", D(2025, 3, 14), 22)]


def test_as_of_before_the_cut_off_leaves_out_later_log_entries(tmp_path: Path) -> None:
    # The Q1 report as of 10/03/2025 (before its cut-off 14/03): log entries of 10/03 count,
    # those of 11/03 and 14/03 (after the report's day, inside the window) do not.
    loaded = load(
        tmp_path,
        task(
            "I.1",
            "Thường xuyên",
            "log:",
            "  - {on: 2025-03-10, text: Ngày báo cáo}",
            "  - {on: 2025-03-11, text: Sau ngày báo cáo}",
            "  - {on: 2025-03-14, text: Ngày chốt số liệu}",
        ),
    )
    early = q1_report(loaded, D(2025, 3, 10))
    assert [(d.on, d.note) for d in early.completed] == [(D(2025, 3, 10), "Ngày báo cáo")]
    assert [d.on for d in q1_report(loaded).completed] == [
        D(2025, 3, 10),
        D(2025, 3, 11),
        D(2025, 3, 14),
    ]


# ---------------------------------------------------------------------------------------------
# Calendar arithmetic (core/periods.py) and the grammar (core/deadlines/)


def test_29_february() -> None:
    # A calendar period closing on 29/02: in a leap year (2024, 2028) that day; in another
    # (2025, 2100 — divisible by 100, not by 400) the 28th. A window from 29/02 likewise.
    here = Source("plan.yaml", 1, 1)
    period = ReportPeriod("T2", "Tháng 2", "February", (), (12, 1), (2, 29), (3, 5), here)
    assert [cut_off(period, y) for y in (2024, 2025, 2028, 2100)] == [
        D(2024, 2, 29),
        D(2025, 2, 28),
        D(2028, 2, 29),
        D(2100, 2, 28),
    ]
    spring = ReportPeriod("X", "Xuân", "Spring", (), (2, 29), (5, 31), (6, 5), here)
    assert window(spring, 2025) == (D(2025, 2, 28), D(2025, 5, 31))
    assert window(spring, 2024) == (D(2024, 2, 29), D(2024, 5, 31))
    # The grammar: 29/02/2025 cannot exist (deadline-date); 29/02/2028 does; February 2028
    # ends on the 29th, February 2100 on the 28th.
    assert [p.code for p in parse_deadline("29/02/2025", 2025).problems] == ["deadline-date"]
    assert parse_deadline("29/02/2028", 2028).milestones[0].due == D(2028, 2, 29)
    assert parse_deadline("Tháng 2/2028", 2028).milestones[0].due == D(2028, 2, 29)
    assert parse_deadline("Tháng 2/2100", 2100).milestones[0].due == D(2100, 2, 28)
    monthly = parse_deadline("Hằng tháng năm 2028", 2028).milestones
    assert [m.due for m in monthly][:3] == [D(2028, 1, 31), D(2028, 2, 29), D(2028, 3, 31)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Every 2 months in 2025: the ends of February, April, June, August, October, December.
        ("Định kỳ 2 tháng một lần", [("Tháng 2/2025", D(2025, 2, 28)), ("Tháng 4/2025", D(2025, 4, 30)),
         ("Tháng 6/2025", D(2025, 6, 30)), ("Tháng 8/2025", D(2025, 8, 31)),
         ("Tháng 10/2025", D(2025, 10, 31)), ("Tháng 12/2025", D(2025, 12, 31))]),
        ("Hằng 2 tháng", [("Tháng 2/2025", D(2025, 2, 28)), ("Tháng 4/2025", D(2025, 4, 30)),
         ("Tháng 6/2025", D(2025, 6, 30)), ("Tháng 8/2025", D(2025, 8, 31)),
         ("Tháng 10/2025", D(2025, 10, 31)), ("Tháng 12/2025", D(2025, 12, 31))]),
        # Every 4 months: the ends of April, August, December.
        ("Định kỳ 4 tháng một lần", [("Tháng 4/2025", D(2025, 4, 30)),
         ("Tháng 8/2025", D(2025, 8, 31)), ("Tháng 12/2025", D(2025, 12, 31))]),
        ("mỗi 4 tháng", [("Tháng 4/2025", D(2025, 4, 30)), ("Tháng 8/2025", D(2025, 8, 31)),
         ("Tháng 12/2025", D(2025, 12, 31))]),
        # Every 4 months with a year of its own, 2028 (a leap year changes nothing here).
        ("4 tháng một lần năm 2028", [("Tháng 4/2028", D(2028, 4, 30)),
         ("Tháng 8/2028", D(2028, 8, 31)), ("Tháng 12/2028", D(2028, 12, 31))]),
    ],
)  # fmt: skip
def test_every_2_or_4_months(text: str, expected: list[tuple[str, date]]) -> None:
    parsed = parse_deadline(text, 2025)
    assert parsed.problems == ()
    assert [(m.label, m.due) for m in parsed.milestones] == expected


@pytest.mark.parametrize("plan_year", [2024, 2025, 2026])
def test_a_span_gives_october_its_year(plan_year: int) -> None:
    # "Tháng 10, tháng 11/2025 - 02/2026": a year written later in a list applies to the months
    # before it (docs/deadline-grammar.md): the span starts in 2025, so October is 10/2025
    # (due 31/10/2025) whatever the plan's year; the span ends with February 2026 (28/02).
    parsed = parse_deadline("Tháng 10, tháng 11/2025 - 02/2026", plan_year)
    assert parsed.problems == ()
    assert [(m.label, m.due) for m in parsed.milestones] == [
        ("Tháng 10/2025", D(2025, 10, 31)),
        ("Tháng 11/2025-2/2026", D(2026, 2, 28)),
    ]


# ---------------------------------------------------------------------------------------------
# The ledger (io/ledger.py)


THREE = "- Dự thảo: Tháng 3/2025; - Trình: Tháng 6/2025; - Ban hành: Tháng 9/2025"


@pytest.mark.parametrize(
    ("records", "undone"),
    [
        # Two completions of one date: undo takes the one written last (milestone 2 here).
        ([("1", "2025-03-10"), ("2", "2025-03-10")], 2),
        ([("2", "2025-03-10"), ("1", "2025-03-10")], 1),
        # A later date wins over the order in the file.
        ([("1", "2025-03-12"), ("2", "2025-03-10")], 1),
        ([("3", "2025-03-10"), ("1", "2025-03-10"), ("2", "2025-03-09")], 1),
    ],
)
def test_undo_among_completions_of_one_date(
    tmp_path: Path, records: list[tuple[str, str]], undone: int
) -> None:
    lines = ["progress:"]
    for number, on in records:
        lines += [f"  - milestone: {number}", f"    done: {on}", "    evidence: BC"]
    loaded = load(tmp_path, task("I.1", THREE, *lines))
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    edit = ledger.remove_completion(text, loaded.plan, "I.1")
    assert edit.milestone == undone
    assert [line.strip() for _, line in edit.removed] == [
        f"- milestone: {undone}",
        f"done: {dict(records)[str(undone)]}",
        "evidence: BC",
    ]


# Milestones written out of date order: position 1 is due 30/09, 2 is due 31/03, 3 30/06.
SHUFFLED = "- Ban hành: Tháng 9/2025; - Dự thảo: Tháng 3/2025; - Trình: Tháng 6/2025"


def test_the_earliest_open_milestone_by_date_not_position(tmp_path: Path) -> None:
    loaded = load(tmp_path, task("I.1", SHUFFLED) + task("I.2", SHUFFLED, lead=GROUP))
    assert [m.due for m in item(loaded, "I.1").milestones] == [
        D(2025, 9, 30),
        D(2025, 3, 31),
        D(2025, 6, 30),
    ]
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    on = D(2025, 3, 20)
    first = ledger.add_completion(text, loaded.plan, "I.1", on, "BC")
    assert (first.milestone, first.picked) == (2, True)  # Dự thảo, 31/03
    # With Dự thảo recorded, the next is Trình (30/06), number 3, not Ban hành (number 1).
    (tmp_path / "plan.yaml").write_text(first.text, encoding="utf-8")
    again = validate(tmp_path / "plan.yaml", UNITS)
    second = ledger.add_completion(first.text, again.plan, "I.1", on, "BC")
    assert second.milestone == 3
    # A member's own part of a group-led item: the same order.
    member = ledger.add_completion(
        text, loaded.plan, "I.2", on, "BC", unit="Văn phòng Bộ", index=loaded.index
    )
    assert (member.milestone, member.picked) == (2, True)


# ---------------------------------------------------------------------------------------------
# The quick reader and the loader; an edit beside a diagnostic


@pytest.mark.parametrize(
    ("written", "shared", "wrong_type"),
    [
        # YAML 1.1 (PyYAML's safe loader): yes/no, true/false in any case are booleans.
        ("true", True, False),
        ("True", True, False),
        ("TRUE", True, False),
        ("yes", True, False),
        ("Yes", True, False),
        ("on", True, False),
        ("false", False, False),
        ("no", False, False),
        ("False", False, False),
        # Quoted, it is a text: a wrong-type problem, and the item is not shared.
        ('"true"', False, True),
        ("'yes'", False, True),
    ],
)
def test_shared_is_read_alike_by_the_quick_reader_and_the_loader(
    written: str, shared: bool, wrong_type: bool
) -> None:
    text = HEAD + task("I.1", "Tháng 3/2025", f"shared: {written}", lead=GROUP)
    name = "plan-2025.yaml"
    deadline = cache_load.memoised_deadline_parser()
    plan, problems = build_plan(parse_document(name, text.encode("utf-8")), deadline)
    assert plan.items[0].shared is shared
    assert ("wrong-type" in [p.code for p in problems]) is wrong_type
    fast = read_plan(name, text, lambda h: read_head(name, h), deadline)
    # The quick reader reads it the same, or leaves it to the loader (None); fmt's own spelling
    # (true/false) it reads itself.
    assert fast is not None or written not in ("true", "false")
    if fast is not None:
        assert fast[0] == plan and not problems


def test_an_edit_beside_a_diagnostic_keeps_it_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The edited item I.1 is followed by I.2, whose record (dated before the plan was issued,
    # 30/12/2024) is a warning on the line right after I.1's last line. Recording I.1 adds
    # lines; the cached diagnostics after the edit must be those of a fresh load.
    next_item = task("I.2", "Tháng 3/2025").replace(
        "      - id: I.2\n", "      - id: I.2\n        done: 2024-12-01\n        evidence: QĐ 0\n"
    )
    text = HEAD + task("I.1", "Tháng 3/2025") + next_item + task("I.9", "Năm 2026")
    plan = tmp_path / "plan-2025.yaml"
    plan.write_text(text, encoding="utf-8")
    units = tmp_path / "units.yaml"
    units.write_bytes(UNITS.read_bytes())
    before = validate(plan, units)
    assert not before.errors, before.errors
    warning = [d for d in before.diagnostics if d.code == "done-before-issued"]
    i1_last = text.splitlines().index("      - id: I.2") + 1  # 1-based: I.2's first line
    assert [d.source.line for d in warning] == [i1_last + 1]  # its `done:` line
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PARPLAN_CACHE", "on")
    today = D(2025, 12, 31)
    cache.load_checked(plan, units, today)
    for step in (
        lambda: ledger.record_done(
            plan, units, "I.1", on=D(2025, 3, 20), evidence="BC", today=today
        ),
        lambda: ledger.undo_done(plan, units, "I.1", today=today),
    ):
        step()
        fresh = validate(plan, units, today)
        cached = cache.load_checked(plan, units, today)
        assert cached.plan == fresh.plan
        assert [(d.code, d.source.line, d.source.column) for d in cached.diagnostics] == [
            (d.code, d.source.line, d.source.column) for d in fresh.diagnostics
        ]
    assert plan.read_text(encoding="utf-8") == text


def test_a_condition_met_on_the_days_view_has_its_due_date_that_day(tmp_path: Path) -> None:
    # "Sau khi có ý kiến TVCP", met on 25/03/2025, within 30 days: due 25/03 + 30 = 24/04/2025.
    # Seen on 25/03 itself, the milestone is open (pending) with that due date, 30 days ahead;
    # on 24/03 the condition is not yet met: waiting, no due date.
    loaded = load(
        tmp_path,
        task(
            "I.1",
            "Sau khi có ý kiến TVCP",
            "met: 2025-03-25",
            "met_evidence: TB 5",
            "within_days: 30",
        ),
    )
    (row,) = rows_as_of([item(loaded, "I.1")], D(2025, 3, 25), loaded.plan.items)
    assert (row.status, row.due, row.days) == (PENDING, D(2025, 4, 24), 30)
    (before,) = rows_as_of([item(loaded, "I.1")], D(2025, 3, 24), loaded.plan.items)
    assert (before.status, before.due, before.days) == (WAITING, None, None)


SERVICE = "Các đơn vị sự nghiệp trực thuộc Bộ"
# Its members on 31/03/2025 (units.yaml, kind public_service): Viện Khoa học tổ chức nhà nước,
# Tạp chí Tổ chức nhà nước, Trung tâm Thông tin, Báo Dân trí (established 01/03); Học viện
# Hành chính Quốc gia left on 31/01.
SERVICE_MEMBERS = (
    "Viện Khoa học tổ chức nhà nước",
    "Tạp chí Tổ chức nhà nước",
    "Trung tâm Thông tin",
    "Báo Dân trí",
)


@pytest.mark.parametrize(
    ("done", "met"),
    [
        # Every member done, the last on 28/03: the group's milestone is done on 28/03, so the
        # condition of the item waiting for it ("after") is met on 28/03.
        ({"Viện Khoa học tổ chức nhà nước": "2025-03-10", "Tạp chí Tổ chức nhà nước": "2025-03-28",
          "Trung tâm Thông tin": "2025-03-12", "Báo Dân trí": "2025-03-20"}, D(2025, 3, 28)),
        # One member's part alone is not the group's milestone: still waiting.
        ({"Viện Khoa học tổ chức nhà nước": "2025-03-10"}, None),
        # Three of four: still waiting.
        ({"Viện Khoa học tổ chức nhà nước": "2025-03-10", "Tạp chí Tổ chức nhà nước": "2025-03-28",
          "Trung tâm Thông tin": "2025-03-12"}, None),
    ],
)  # fmt: skip
def test_after_a_group_led_item_waits_for_every_member(
    tmp_path: Path, done: dict[str, str], met: date | None
) -> None:
    lines = ["progress:"]
    for name, on in done.items():
        lines += ["  - milestone: 1", f"    unit: {name}", f"    done: {on}", "    evidence: BC"]
    loaded = load(
        tmp_path,
        task("I.1", "Tháng 3/2025", *lines, lead=SERVICE)
        + task("I.2", "Sau khi I.1 hoàn thành", "after: I.1", "within_days: 10"),
    )
    rows = {
        r.item.id.value: r
        for r in rows_as_of(loaded.plan.items, D(2025, 4, 30), loaded.plan.items, loaded.index)
    }
    assert rows["I.1"].members_total == 4
    waiting = rows["I.2"]
    if met is None:
        assert (waiting.status, waiting.due) == (WAITING, None)
    else:  # due 10 days after the condition was met: 07/04/2025, overdue on 30/04
        assert (waiting.status, waiting.due) == (OVERDUE, met + timedelta(days=10))


# ---------------------------------------------------------------------------------------------
# More boundaries found by the mutation run (docs/mutation.md)


def test_due_within_reaches_its_last_day(tmp_path: Path) -> None:
    # `due` shows open milestones due by as_of + within: on 01/03/2025 with 30 days, up to
    # 31/03/2025 inclusive ("Tháng 3/2025"), not 01/04/2025.
    from parplan.query.queries import due_rows

    loaded = load(tmp_path, task("I.1", "Tháng 3/2025") + task("I.2", "Trước 01/04/2025"))
    rows = due_rows(loaded.plan, loaded.index, D(2025, 3, 1), within=30)
    assert [r.item.id.value for r in rows] == ["I.1"]
    # The same last day for one unit's view, which computes statuses only up to that horizon
    # (rows_as_of's due_by, issue 23): 31/03 in, 01/04 out; with 31 days both.
    unit = loaded.index.query("Vụ Pháp chế").entry
    for within, expected in ((30, ["I.1"]), (31, ["I.1", "I.2"]), (29, [])):
        rows = due_rows(loaded.plan, loaded.index, D(2025, 3, 1), within=within, unit=unit)
        assert [r.item.id.value for r in rows] == expected, within


def test_an_item_carried_on_the_day_is_no_longer_due_here(tmp_path: Path) -> None:
    # Carried into the next plan on 31/03/2025 (carried_on): from that day on it is due there,
    # not here; on 30/03 it is still here (due 31/03, within 30 days).
    from parplan.query.queries import due_rows

    carried = ("carried_to: 2/QĐ-BNV I.1", "carried_on: 2025-03-31")
    loaded = load(tmp_path, task("I.1", "Tháng 3/2025", *carried))
    on = [r.item.id.value for r in due_rows(loaded.plan, loaded.index, D(2025, 3, 31))]
    before = [r.item.id.value for r in due_rows(loaded.plan, loaded.index, D(2025, 3, 30))]
    assert (on, before) == ([], ["I.1"])


def test_a_tally_counts_as_passed_only_deadlines_before_the_day(tmp_path: Path) -> None:
    # On 31/03/2025: "Tháng 3/2025" (due that day) is open but not yet passed; "Tháng 2/2025"
    # (28/02) has passed and is overdue. Due so far: 1. Pending: I.1 and I.9 (due 20/12/2026).
    from parplan.query.status import tally

    loaded = load(tmp_path, task("I.1", "Tháng 3/2025") + task("I.2", "Tháng 2/2025"))
    counted = tally(rows_as_of(loaded.plan.items, D(2025, 3, 31)), D(2025, 3, 31))
    assert (counted.due_so_far, counted.overdue, counted.statuses[PENDING]) == (1, 1, 2)


def test_a_window_of_one_day_is_in_its_own_year() -> None:
    # A window that starts later in the year than it ends began the year before (Q1: 15/12 of
    # the previous year to 14/03); one that starts and ends on the same day is that day.
    here = Source("plan.yaml", 1, 1)
    one_day = ReportPeriod("N", "Ngày", "Day", (), (3, 15), (3, 15), (3, 20), here)
    assert window(one_day, 2025) == (D(2025, 3, 15), D(2025, 3, 15))
    q1 = ReportPeriod("Q1", "Quý I", "Q1", (), (12, 15), (3, 14), (3, 20), here)
    assert window(q1, 2025) == (D(2024, 12, 15), D(2025, 3, 14))


def test_a_members_part_recorded_later_is_not_shown_before_its_day(tmp_path: Path) -> None:
    # Trung tâm Thông tin records its part of "Tháng 3/2025" (due 31/03) on 10/04/2025. As of
    # 05/04 its part is overdue, with no completion shown; as of 10/04, done late, that day.
    record = ("progress:", "  - milestone: 1", "    unit: Trung tâm Thông tin")
    record += ("    done: 2025-04-10", "    evidence: BC")
    loaded = load(tmp_path, task("I.1", "Tháng 3/2025", *record, lead=SERVICE))

    def part(day: date) -> tuple[str, date | None]:
        (row,) = rows_as_of([item(loaded, "I.1")], day, loaded.plan.items, loaded.index)
        (mine,) = [p for p in row.members if p.unit.name == "Trung tâm Thông tin"]
        return mine.status, mine.completion.on if mine.completion else None

    assert part(D(2025, 4, 5)) == (OVERDUE, None)
    assert part(D(2025, 4, 10)) == (DONE_LATE, D(2025, 4, 10))


@pytest.mark.parametrize(
    ("q1_due", "due", "legal_due", "report"),
    [
        # The calendar's Q1 report due 31/03: the same day as "Tháng 3/2025" ends, so the
        # milestone is left as written (no working deadline, no report name).
        ("31/03", D(2025, 3, 31), None, None),
        # Due 30/03, a day earlier: the working deadline, the legal day kept beside it.
        ("30/03", D(2025, 3, 30), D(2025, 3, 31), "Báo cáo CCHC quý I"),
    ],
)
def test_a_working_deadline_only_when_earlier_than_the_legal_one(
    tmp_path: Path, q1_due: str, due: date, legal_due: date | None, report: str | None
) -> None:
    head = HEAD.replace("        due: 20/03\n", f"        due: {q1_due}\n", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + task("I.9", "Tháng 3/2025"), encoding="utf-8")
    loaded = validate(plan, UNITS)
    assert not loaded.errors, loaded.errors
    (milestone,) = item(loaded, "I.9").milestones
    assert (milestone.due, milestone.legal_due, milestone.report) == (due, legal_due, report)


def test_two_reports_in_one_month_the_earlier_day_is_the_working_deadline(
    tmp_path: Path,
) -> None:
    # Under 581/BNV-CCHC, Q3 and 9 months are both due 20/09. With 9 months moved to 25/09,
    # "Tháng 9/2025" (legal 30/09) is due on the earlier, 20/09, as the Q3 report alone.
    head = HEAD.replace(
        "        to: 14/09\n        due: 20/09\n", "        to: 14/09\n        due: 25/09\n"
    )
    head = head.replace("        due: 25/09\n", "        due: 20/09\n", 1)  # Q3 (listed first)
    assert head.count("due: 25/09") == 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(head + task("I.9", "Tháng 9/2025"), encoding="utf-8")
    loaded = validate(plan, UNITS)
    assert not loaded.errors, loaded.errors
    (milestone,) = item(loaded, "I.9").milestones
    assert (milestone.due, milestone.legal_due, milestone.report) == (
        D(2025, 9, 20),
        D(2025, 9, 30),
        "Báo cáo CCHC quý III",
    )


# Báo Dân trí (public service, established 01/03/2025) merged into Văn phòng Bộ (an
# administrative unit) on 01/06/2025: invented for the test.
DAN_TRI_MERGED = UNITS.read_text(encoding="utf-8").replace(
    "    kind: public_service\n    established: 2025-03-01\n",
    "    kind: public_service\n    established: 2025-03-01\n"
    "    merged_into:\n      unit: Văn phòng Bộ\n      on: 2025-06-01\n",
)


def test_a_unit_does_not_owe_a_groups_milestone_through_a_member_merged_into_it(
    tmp_path: Path,
) -> None:
    # The public-service units' group: Văn phòng Bộ is not of that kind. "Tháng 4/2025" (due
    # 30/04) was Dân trí's part, before its merger: Văn phòng Bộ, holding Dân trí's work from
    # 01/06, answers for it (lead, overdue on 30/09). "Tháng 9/2025" (due 30/09) falls after the
    # merger: Dân trí owes nothing, and Văn phòng Bộ is no member: none of its business.
    assert DAN_TRI_MERGED.count("merged_into:\n      unit: Văn phòng Bộ") == 1
    loaded = load(
        tmp_path,
        task("I.1", "Tháng 4/2025", lead=SERVICE) + task("I.2", "Tháng 9/2025", lead=SERVICE),
        DAN_TRI_MERGED,
    )
    earlier = answer_of(loaded, "I.1", "Văn phòng Bộ", D(2025, 9, 30))
    assert (earlier.role, earlier.status) == (LEAD, OVERDUE)  # type: ignore[attr-defined]
    assert answer_of(loaded, "I.2", "Văn phòng Bộ", D(2025, 9, 30)) is None


def test_a_label_two_milestones_share_is_recorded_by_number(tmp_path: Path) -> None:
    # "Báo cáo: Năm 2025, trước ngày 05/02/2025, Hằng năm" gives three milestones, the first and
    # the third both labelled "Báo cáo (Năm 2025)" (see tests/cases/deadlines.yaml). A record of
    # the third must name it by number: its label would name the first.
    deadline = "Báo cáo: Năm 2025, trước ngày 05/02/2025, Hằng năm"
    loaded = load(tmp_path, task("I.1", deadline))
    labels = [m.label for m in item(loaded, "I.1").milestones]
    assert labels == ["Báo cáo (Năm 2025)", "Báo cáo (Ngày 5/2/2025)", "Báo cáo (Năm 2025)"]
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    third = ledger.add_completion(text, loaded.plan, "I.1", D(2025, 3, 1), "BC", milestone="3")
    second = ledger.add_completion(text, loaded.plan, "I.1", D(2025, 3, 1), "BC", milestone="2")
    assert '{milestone: "3", done: 2025-03-01, evidence: BC}' in third.text
    assert "{milestone: Báo cáo (Ngày 5/2/2025), done: 2025-03-01, evidence: BC}" in second.text


def test_reasons_written_by_the_reports_due_day_count(tmp_path: Path) -> None:
    # The Q1 report (cut-off 14/03/2025) is due 20/03: reasons for delay written up to that day
    # are the report's; one written on 21/03 is not. "Tháng 2/2025" (28/02) is overdue on 14/03.
    late = (
        "late:",
        "  - {reason: Chờ số liệu, on: 2025-03-20}",
        "  - {reason: Viết sau hạn báo cáo, on: 2025-03-21}",
    )
    loaded = load(tmp_path, task("I.1", "Tháng 2/2025", *late))
    (overdue,) = q1_report(loaded).overdue
    assert (overdue.item_id, overdue.reasons) == ("I.1", ("Chờ số liệu",))


def test_a_reason_naming_no_milestone_is_for_an_item_of_one_milestone(tmp_path: Path) -> None:
    # A reason without `milestone:` names the item's only milestone; on an item of two it
    # names neither (which one was late is not said).
    late = ("late:", "  - {reason: Chờ số liệu, on: 2025-03-10}")
    loaded = load(
        tmp_path,
        task("I.1", "Tháng 2/2025", *late)
        + task("I.2", "- Dự thảo: Tháng 1/2025; - Trình: Tháng 2/2025", *late),
    )
    found = {(late.item_id, late.milestone): late.reasons for late in q1_report(loaded).overdue}
    assert found == {
        ("I.1", "Tháng 2/2025"): ("Chờ số liệu",),
        ("I.2", "Dự thảo"): (),
        ("I.2", "Trình"): (),
    }


def test_a_unit_report_lists_the_unit_less_log_entries_of_items_it_leads(tmp_path: Path) -> None:
    # Two ongoing items, each with a log entry naming no unit: Văn phòng Bộ's Q1 report lists
    # the entry of the item it leads (I.2), not that of Vụ Pháp chế's (I.1).
    log = ("log:", "  - {on: 2025-03-10, text: Rà soát}")
    loaded = load(
        tmp_path,
        task("I.1", "Thường xuyên", *log) + task("I.2", "Thường xuyên", *log, lead="Văn phòng Bộ"),
    )
    calendar = loaded.plan.info.reporting
    assert calendar is not None
    period = find_period(calendar, "Q1")
    assert period is not None
    vp = unit(loaded, "Văn phòng Bộ")
    report = build_report(loaded.plan, loaded.index, calendar, period, 2025, None, vp)
    assert [(d.item_id, d.on) for d in report.completed] == [("I.2", D(2025, 3, 10))]


def test_the_ministrys_report_lists_its_units_not_roles_and_its_years_timeline(
    tmp_path: Path,
) -> None:
    # One line per unit of the ministry on the cut-off 14/03/2025: 22 (see the gap test), not
    # the role "Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo" (kind: role). The timeline holds
    # the dated milestones of 2025 only: not I.0's (12/2024) nor I.9's (20/12/2026).
    loaded = load(tmp_path, task("I.0", "Tháng 12/2024") + task("I.1", "Tháng 3/2025"))
    report = q1_report(loaded)
    names = [line.name for line in report.units]
    assert len(names) == 22
    assert "Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo" not in names
    assert [(d.item_id, d.due) for d in report.timeline] == [("I.1", D(2025, 3, 31))]


def test_a_units_report_gives_its_own_reasons_and_those_naming_no_unit(tmp_path: Path) -> None:
    # Reasons for the delay of a group-led milestone: one by Văn phòng Bộ, one by Vụ Pháp chế,
    # one naming no unit. Văn phòng Bộ's report gives its own and the unit-less one.
    late = (
        "late:",
        "  - {reason: Chờ ý kiến, unit: Văn phòng Bộ, on: 2025-03-10}",
        "  - {reason: Thiếu người, unit: Vụ Pháp chế, on: 2025-03-10}",
        "  - {reason: Chờ số liệu, on: 2025-03-10}",
    )
    loaded = load(tmp_path, task("I.1", "Tháng 2/2025", *late, lead=GROUP))
    calendar = loaded.plan.info.reporting
    assert calendar is not None
    period = find_period(calendar, "Q1")
    assert period is not None
    vp = unit(loaded, "Văn phòng Bộ")
    report = build_report(loaded.plan, loaded.index, calendar, period, 2025, None, vp)
    (overdue,) = report.overdue
    assert overdue.reasons == ("Chờ ý kiến (Văn phòng Bộ)", "Chờ số liệu")


@pytest.mark.parametrize(("first", "second", "undone"), [(1, 2, 2), (2, 1, 1)])
def test_a_members_undo_among_its_completions_of_one_date(
    tmp_path: Path, first: int, second: int, undone: int
) -> None:
    # Văn phòng Bộ recorded its part of two milestones on the same day: undo (its own part,
    # no milestone named) takes back the one written last.
    lines = ["progress:"]
    for number in (first, second):
        lines += [f"  - milestone: {number}", "    unit: Văn phòng Bộ", "    done: 2025-03-10"]
        lines += ["    evidence: BC"]
    loaded = load(tmp_path, task("I.1", THREE, *lines, lead=GROUP))
    text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    edit = ledger.remove_completion(
        text, loaded.plan, "I.1", unit="Văn phòng Bộ", index=loaded.index
    )
    assert edit.milestone == undone
    assert edit.removed[0][1].strip() == f"- milestone: {undone}"


def test_a_merged_units_report_is_its_successors(tmp_path: Path) -> None:
    # Vụ Tiền lương merged into Cục Tiền lương và Bảo hiểm xã hội on 01/03/2025: asked for by
    # its old name, the Q1 report (cut-off 14/03) is the Cục's, under the Cục's name, and
    # counts the old unit's items (I.1, led by Vụ Tiền lương, due 28/02: overdue).
    loaded = load(tmp_path, task("I.1", "Trước 28/02/2025", lead="Vụ Tiền lương"))
    calendar = loaded.plan.info.reporting
    assert calendar is not None
    period = find_period(calendar, "Q1")
    assert period is not None
    old = unit(loaded, "Vụ Tiền lương")
    report = build_report(loaded.plan, loaded.index, calendar, period, 2025, None, old)
    assert report.unit == "Cục Tiền lương và Bảo hiểm xã hội"
    assert [late.item_id for late in report.overdue] == ["I.1"]
