"""The deadline wording of other plans (issue 13), due dates by hand from the Civil Code rule:
a deadline ends on the last day of the period it names (Bộ luật Dân sự 2015, Điều 146-148)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from parplan.core.deadlines import (
    ALTERNATIVE_PROBLEM,
    AMBIGUOUS_PROBLEM,
    CONDITIONAL,
    DATE,
    ONGOING,
    parse_deadline,
)


def summary(text: str, year: int = 2026, last_year: int | None = None) -> list[tuple]:
    parsed = parse_deadline(text, year, last_year)
    assert parsed.problems == (), parsed.problems
    return [(m.label, m.due, m.kind) for m in parsed.milestones]


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # bare dates, with or without a leading zero; a month without "Tháng"
        ("15/9/2026", date(2026, 9, 15)),
        ("01/03/2026", date(2026, 3, 1)),
        ("09/2026", date(2026, 9, 30)),
        ("02/2028", date(2028, 2, 29)),  # a leap year
        # spans of years: the end of the last year
        ("Năm 2026 - 2027", date(2027, 12, 31)),
        ("Giai đoạn 2026-2030", date(2030, 12, 31)),
        ("giai đoạn 2026 – 2030", date(2030, 12, 31)),
        # quarters across years: the end of the last quarter
        ("Quý IV/2026 - Quý II/2027", date(2027, 6, 30)),
        ("Quý III/2026 - II/2027", date(2027, 6, 30)),
        # typing noise
        ("Tháng  3/2026 .", date(2026, 3, 31)),
        ("Tháng 3/2026..", date(2026, 3, 31)),
        ("Quý II/2026;", date(2026, 6, 30)),
        ("tháng3/2026,", date(2026, 3, 31)),
        ("Tháng 3 / 2026", date(2026, 3, 31)),
        ("QUÝ II/2026", date(2026, 6, 30)),
        ("Tháng\u00a03/2026", date(2026, 3, 31)),
        (" Trước  15/9/2026 . ", date(2026, 9, 15)),
    ],
)
def test_one_date(text: str, due: date) -> None:
    assert summary(text) == [(None, due, DATE)]


def test_yearly_recurring_in_a_plan_of_one_year() -> None:
    for text in ("Hằng năm", "Hàng năm", "Định kỳ hằng năm"):
        assert summary(text) == [(None, date(2026, 12, 31), DATE)]


def test_yearly_recurring_in_a_plan_of_several_years() -> None:
    ends = [date(y, 12, 31) for y in range(2026, 2031)]
    for text in ("Hằng năm", "Hàng năm", "Định kỳ hằng năm"):
        milestones = summary(text, 2026, 2030)
        assert [m[1] for m in milestones] == ends
        assert [m[0] for m in milestones] == [f"Năm {y}" for y in range(2026, 2031)]


def test_ongoing_with_a_half_yearly_report() -> None:
    assert summary("Thường xuyên; báo cáo định kỳ 6 tháng") == [
        ("Thường xuyên", None, ONGOING),
        ("báo cáo (6 tháng đầu năm 2026)", date(2026, 6, 30), DATE),
        ("báo cáo (6 tháng cuối năm 2026)", date(2026, 12, 31), DATE),
    ]


@pytest.mark.parametrize(
    "text", ["Khi có yêu cầu", "Khi phát sinh", "Theo yêu cầu của Bộ trưởng", "khi cần thiết"]
)
def test_on_demand_is_ongoing(text: str) -> None:
    assert summary(text) == [(None, None, ONGOING)]


@pytest.mark.parametrize(
    ("text", "label", "start"),
    [
        ("Triển khai từ Quý II/2026", "Triển khai", date(2026, 4, 1)),
        ("Từ tháng 7/2026", None, date(2026, 7, 1)),
        ("Kể từ năm 2027", None, date(2027, 1, 1)),
        ("Thực hiện từ ngày 15/3/2026", "Thực hiện", date(2026, 3, 15)),
    ],
)
def test_from_a_start_onwards(text: str, label: str | None, start: date) -> None:
    (m,) = parse_deadline(text, 2026).milestones
    assert (m.label, m.due, m.kind, m.start) == (label, None, ONGOING, start)


@pytest.mark.parametrize(
    "text",
    [
        "Theo lộ trình của Chính phủ",
        "Tùy thuộc vào thời điểm ban hành Luật",
        "Sau khi Nghị định được ban hành",
        "Căn cứ tiến độ xây dựng Luật",
    ],
)
def test_conditional(text: str) -> None:
    (m,) = parse_deadline(text, 2026).milestones
    assert (m.due, m.kind, m.condition) == (None, CONDITIONAL, text)


def test_alternatives_take_the_later_date_with_a_warning() -> None:
    parsed = parse_deadline("Tháng 12/2026 hoặc Tháng 01/2027", 2026)
    assert [(m.due, m.kind) for m in parsed.milestones] == [(date(2027, 1, 31), DATE)]
    assert [p.code for p in parsed.problems] == [ALTERNATIVE_PROBLEM]
    parsed = parse_deadline("Quý IV/2026 hoặc Tháng 11/2026", 2026)
    assert [m.due for m in parsed.milestones] == [date(2026, 12, 31)]


@pytest.mark.parametrize(
    "text", ["6 tháng đầu năm", "Trong năm", "tháng 6", "ngày 15/6 và 15/12", "Quý II"]
)
def test_no_year_in_a_plan_of_several_years_is_ambiguous(text: str) -> None:
    assert summary(text, 2026) != []  # one year: the plan's year, as before
    codes = {p.code for p in parse_deadline(text, 2026, 2030).problems}
    assert codes == {AMBIGUOUS_PROBLEM}


def test_a_year_written_is_not_ambiguous_in_a_plan_of_several_years() -> None:
    assert summary("6 tháng đầu năm 2027", 2026, 2030) == [(None, date(2027, 6, 30), DATE)]
    assert summary("Tháng 6, 12/2028", 2026, 2030)[1][1] == date(2028, 12, 31)


def test_a_deadline_past_500_characters_is_a_bad_value_at_once() -> None:
    start = time.process_time()
    parsed = parse_deadline("- " * 100_000, 2026)
    assert time.process_time() - start < 0.05
    assert [p.code for p in parsed.problems] == ["bad-value"]
    assert parse_deadline("x" * 500, 2026).problems[0].code == "deadline-syntax"


@pytest.mark.parametrize("pattern", ["- ", "Tháng 3, ", "tháng 3 và ", "từ ", "a "])
def test_the_longest_deadline_is_read_quickly(pattern: str) -> None:
    text = (pattern * 500)[:500]
    start = time.process_time()
    parse_deadline(text, 2026)
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize(
    "pattern", ["09/2026, ", "Hằng quý, ", "1/2/2025, ", "Quý I, ", "ngày 1/2 và ", "tháng 1,"]
)
def test_a_long_list_that_fails_at_its_end_is_read_in_linear_time(pattern: str) -> None:
    # A list up to the cap, then a word that ends no list. Trying every shorter list before
    # giving up took time cubic in its length (0.15 s for "09/2026, "); a list now skips the
    # tails that cannot end well (~3 ms). Best of three, against a loaded machine.
    text = (pattern * 500)[:497] + "xyz"
    best = 1.0
    for _ in range(3):
        start = time.process_time()  # processor time: a shared machine's load must not count
        parsed = parse_deadline(text, 2026)
        best = min(best, time.process_time() - start)
    assert best < 0.05
    assert parsed.problems


def test_a_list_of_245_months_needs_no_deep_stack() -> None:
    # The longest list the cap allows; a rule recursing once per item would need ~750 frames
    # and, past Python's limit, fall into parse_deadline's safety net (a syntax problem).
    import inspect
    import sys

    text = "Tháng 1" + ",1" * 244 + "/2026"  # 500 characters
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 400)
    try:
        parsed = parse_deadline(text, 2026)
    finally:
        sys.setrecursionlimit(limit)
    assert not parsed.problems
    assert len(parsed.milestones) == 245
    assert parsed.milestones[0].due == date(2026, 1, 31)
