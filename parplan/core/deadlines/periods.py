"""Rules for months, quarters and years: one ("Tháng 3/2025"), a span ("Quý III- IV/2025",
"từ tháng 1 đến tháng 3"), a list ("Tháng 6, 12/2025"), and parts of a year ("6 tháng đầu
năm"). A period is due on its last day; a year written later in a list applies to the items
before it."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import NamedTuple

from parplan.core.deadlines.model import DATE, DATE_PROBLEM, Entry, Result
from parplan.core.deadlines.reader import Number, Reader
from parplan.core.deadlines.words import LIST_SEPS, ROMAN, ROMAN_OUT, ROMAN_WORD, SPAN_SEPS


def month_end(year: int, month: int) -> date | None:
    """The last day of the month, or None if there is no such month."""
    try:
        return date(year, month, calendar.monthrange(year, month)[1])
    except (ValueError, OverflowError, TypeError):
        return None


@dataclass(frozen=True)
class Unit:
    keyword: str
    has_year: bool  # "tháng 3/2025": a year may follow the number


MONTH = Unit("tháng", True)
QUARTER = Unit("quý", True)
YEAR = Unit("năm", False)


class PeriodNumber(NamedTuple):
    """ "tháng 3/2025", "Quý II năm 2025": the number, its year if written, the position after."""

    number: int
    year: int | None
    end: int


class PeriodItem(NamedTuple):
    """One item of a list of months/quarters/years: a period, or a span "first - last"."""

    first: int
    first_year: int | None
    last: int | None  # None: not a span
    last_year: int | None
    start: int  # token positions
    end: int


def unit_number(r: Reader, i: int, unit: Unit) -> Number | None:
    """A month's number, a quarter's number or Roman numeral, a year's four digits."""
    if unit is YEAR:
        return r.year4(i)
    found = r.number(i)
    if found is not None or unit is MONTH:
        return found
    word = r.word(i)
    if i < r.n and r.tokens[i].kind == "word" and ROMAN_WORD.fullmatch(word):
        return Number(ROMAN.get(word, 0), i + 1)
    return None


def year_suffix(r: Reader, i: int, unit: Unit) -> Iterator[tuple[int | None, int]]:
    """ "/2025", "năm 2025", ", năm 2025" if written, then none: (year or None, position after)."""
    if unit.has_year:
        for j in r.any_of(i, ("/", ", năm", "năm")):
            found = r.year4(j)
            if found is not None:
                yield found
    yield None, i


def period_number(r: Reader, i: int, unit: Unit, need_keyword: bool) -> Iterator[PeriodNumber]:
    """ "tháng 3/2025", "3", "Quý II năm 2025"."""
    if need_keyword:
        after_keyword = r.phrase(i, unit.keyword)
        starts = [] if after_keyword is None else [after_keyword]
    else:
        starts = r.optional(i, unit.keyword)
    for start in starts:
        found = unit_number(r, start, unit)
        if found is None:
            continue
        for year, end in year_suffix(r, found.end, unit):
            yield PeriodNumber(found.value, year, end)


def period_item(r: Reader, i: int, unit: Unit, need_keyword: bool) -> Iterator[PeriodItem]:
    """A period ("tháng 3/2025") or a span of them ("tháng 1 - 3/2025", "từ tháng 1 đến tháng
    3"); ``need_keyword``: the keyword ("tháng") must be written."""
    for start in r.optional(i, "từ"):
        span_only = start != i  # "từ tháng 3" alone is a start, not a deadline
        for first in period_number(r, start, unit, need_keyword):
            for after_dash in r.any_of(first.end, SPAN_SEPS):
                for last in period_number(r, after_dash, unit, False):
                    yield PeriodItem(first.number, first.year, last.number, last.year, i, last.end)
            if not span_only:
                yield PeriodItem(first.number, first.year, None, None, i, first.end)


def period_list(r: Reader, i: int, unit: Unit) -> Iterator[list[PeriodItem]]:
    """ "Tháng 6, 12/2025", "Quý I và quý III/2025": longest first."""
    for item in period_item(r, i, unit, need_keyword=True):
        yield from period_list_tail(r, [item], unit)


def period_list_tail(r: Reader, items: list[PeriodItem], unit: Unit) -> Iterator[list[PeriodItem]]:
    next_ends = partial(_next_item_ends, r, unit)
    for after_separator in r.separators(items[-1].end, LIST_SEPS):
        for item in period_item(r, after_separator, unit, need_keyword=False):
            if r.may_end(unit.keyword, item.end, next_ends):
                yield from period_list_tail(r, [*items, item], unit)
    if r.can_end(items[-1].end):
        yield items


def _next_item_ends(r: Reader, unit: Unit, end: int) -> Iterator[int]:
    for after_separator in r.separators(end, LIST_SEPS):
        for item in period_item(r, after_separator, unit, need_keyword=False):
            yield item.end


def resolve_periods(r: Reader, unit: Unit, items: list[PeriodItem]) -> Result:
    """The entries of a list of periods, each year resolved."""
    result = Result()
    carry: int | None = None  # a year written later in the list applies to earlier items
    years: list[tuple[PeriodItem, int, int]] = []  # (item, its first year, its last year)
    for item in reversed(items):
        last_year = (item.last_year if item.last is not None else item.first_year) or carry
        if unit is YEAR:  # "Năm 2026 - 2027": the numbers are the years
            last_year = item.last if item.last is not None else item.first
        if last_year is None:
            last_year = r.implied_year(result, item.start, item.end)
        first_year = item.first_year or last_year
        carry = item.first_year or item.last_year or carry
        years.append((item, first_year, last_year))
    for item, first_year, last_year in reversed(years):
        entry = period_entry(unit, item, first_year, last_year)
        if entry is None:
            result.problems.append(r.problem(DATE_PROBLEM, item.start, item.end))
        else:
            result.entries.append(entry)
    return result


def period_entry(unit: Unit, item: PeriodItem, first_year: int, last_year: int) -> Entry | None:
    """Due at the end of the item's last period, named canonically; None if it cannot exist."""
    first = item.first
    last = item.last if item.last is not None else first
    if unit is YEAR:
        due = month_end(last, 12)
        if due is None or month_end(first, 12) is None or first > last:
            return None
        return Entry(DATE, due, f"Năm {first}" if item.last is None else f"Năm {first}-{last}")
    top, months = (12, 1) if unit is MONTH else (4, 3)
    if not (1 <= first <= top and 1 <= last <= top) or (first_year, first) > (last_year, last):
        return None
    due = month_end(last_year, last * months)
    if due is None or month_end(first_year, first * months) is None:
        return None

    def name(v: int) -> str:
        return str(v) if unit is MONTH else ROMAN_OUT[v]

    word = "Tháng" if unit is MONTH else "Quý"
    if item.last is None:
        period = f"{word} {name(first)}/{last_year}"
    elif first_year == last_year:
        period = f"{word} {name(first)}-{name(last)}/{last_year}"
    else:
        period = f"{word} {name(first)}/{first_year}-{name(last)}/{last_year}"
    return Entry(DATE, due, period)


def year_end(r: Reader, year: int, i: int, j: int) -> Result:
    due = month_end(year, 12)
    if due is None:
        return Result([], [r.problem(DATE_PROBLEM, i, j)])
    return Result([Entry(DATE, due, f"Năm {year}")])


def bare_months(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """A month without the word "tháng", written as dates are, two digits and the year:
    "09/2026", "03-06/2026". One digit ("3/2025") stays a problem: alone on a line it is more
    likely a wrapped "Tháng 01 -\\n3/2025" than a deadline. "01/2025/TT-BNV" is the number of a
    document, not a month."""
    if i >= r.n or len(r.tokens[i].text) != 2:
        return
    for item in period_item(r, i, MONTH, need_keyword=False):
        if item.first_year is None and item.last_year is None:
            continue
        after = item.end
        if after + 1 < r.n and r.word(after) in ("/", "-") and r.tokens[after + 1].kind == "word":
            continue
        for items in period_list_tail(r, [item], MONTH):
            yield resolve_periods(r, MONTH, items), items[-1].end


def part_of_year(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """ "6 tháng đầu năm [2025]", "6 tháng cuối năm", "nửa đầu năm"."""
    counts: list[Number] = []  # how many months, and the position after
    found = r.number(i)
    if found is not None:
        counts.append(found)
    after = r.phrase(i, "sáu")
    if after is not None:
        counts.append(Number(6, after))
    after = r.phrase(i, "nửa")
    if after is not None:
        counts.append(Number(-6, after))  # "nửa": half, no "tháng" follows
    for count, j in counts:
        if count > 0:
            after_month = r.phrase(j, "tháng")
            if after_month is None:
                continue
            j = after_month
        for which in ("đầu", "cuối"):
            k = r.phrase(j, f"{which} năm")
            if k is None:
                continue
            for before_year in r.optional(k, "/"):
                year = r.year4(before_year)
                if year is not None:
                    yield part_entry(r, abs(count), which, year.value, i, year.end), year.end
            yield part_entry(r, abs(count), which, None, i, k), k


def part_entry(r: Reader, count: int, which: str, year: int | None, i: int, j: int) -> Result:
    result = Result()
    year = r.implied_year(result, i, j) if year is None else year
    month = count if which == "đầu" else 12
    due = month_end(year, month) if 1 <= count <= 12 else None
    if due is None:
        return Result([], [*result.problems, r.problem(DATE_PROBLEM, i, j)])
    return result + Result([Entry(DATE, due, f"{count} tháng {which} năm {year}")])
