"""Rules for days: "ngày 15/6", "20/01/2025", "15 tháng 6 năm 2025", and lists of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import NamedTuple

from parplan.core.deadlines.model import DATE, DATE_PROBLEM, Entry, Result
from parplan.core.deadlines.periods import MONTH, PeriodNumber, year_suffix
from parplan.core.deadlines.reader import Reader
from parplan.core.deadlines.words import LIST_SEPS


class DayItem(NamedTuple):
    """One day of a list of days."""

    day: int
    month: int
    year: int | None
    has_ngay: bool  # "ngày" was written
    start: int  # token positions
    end: int


def day_item(r: Reader, i: int) -> Iterator[DayItem]:
    """One day: "ngày 15/6", "20/01/2025", "15 tháng 6 năm 2025"."""
    for start in r.optional(i, "ngày"):
        day = r.number(start)
        if day is None:
            continue
        for month in month_of_day(r, day.end):
            yield DayItem(day.value, month.number, month.year, start != i, i, month.end)


def month_of_day(r: Reader, i: int) -> Iterator[PeriodNumber]:
    """After a day's number: "/6/2025", "-6", ".6.2025" (one separator throughout), or
    " tháng 6 năm 2025"."""
    for separator in ("/", "-", "."):
        after_separator = r.phrase(i, separator)
        month = r.number(after_separator) if after_separator is not None else None
        if month is None:
            continue
        before_year = r.phrase(month.end, separator)
        year = r.year4(before_year) if before_year is not None else None
        if year is not None:
            yield PeriodNumber(month.value, year.value, year.end)
        yield PeriodNumber(month.value, None, month.end)
    after_word = r.phrase(i, "tháng")
    month = r.number(after_word) if after_word is not None else None
    if month is not None:
        for year_of, end in year_suffix(r, month.end, MONTH):
            yield PeriodNumber(month.value, year_of, end)


def days(r: Reader, i: int, had_connective: bool) -> Iterator[tuple[Result, int]]:
    """A list of days, longest first: "ngày 15/6 và 15/12/2025"."""
    for first in day_item(r, i):
        yield from days_tail(r, [first], had_connective)


def days_tail(
    r: Reader, items: list[DayItem], had_connective: bool
) -> Iterator[tuple[Result, int]]:
    for after_separator in r.separators(items[-1].end, LIST_SEPS):
        for item in day_item(r, after_separator):
            if r.may_end("ngày", item.end, partial(_next_day_ends, r)):
                yield from days_tail(r, [*items, item], had_connective)
    # A bare "15/6" is too ambiguous; it needs "ngày", a connective or a year in the list.
    dated = had_connective or items[0].has_ngay or any(item.year is not None for item in items)
    if dated and r.can_end(items[-1].end):
        yield resolve_days(r, items), items[-1].end


def _next_day_ends(r: Reader, end: int) -> Iterator[int]:
    for after_separator in r.separators(end, LIST_SEPS):
        for item in day_item(r, after_separator):
            yield item.end


def resolve_days(r: Reader, items: list[DayItem]) -> Result:
    result = Result()
    carry: int | None = None  # a year written later in the list applies to earlier days
    years: list[int] = []
    for item in reversed(items):
        year = item.year or carry
        years.append(r.implied_year(result, item.start, item.end) if year is None else year)
        carry = item.year or carry
    for item, year in zip(items, reversed(years), strict=True):
        due = _day(year, item.month, item.day)
        if due is None:
            result.problems.append(r.problem(DATE_PROBLEM, item.start, item.end))
        else:
            result.entries.append(Entry(DATE, due, f"Ngày {item.day}/{item.month}/{year}"))
    return result


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except (ValueError, OverflowError, TypeError):
        return None
