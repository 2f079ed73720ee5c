"""The time phrase, the top of the grammar: a list of phrases joined by "," or "và", or
alternatives joined by "hoặc"; each phrase a period, a day, a recurring or ongoing deadline, or
a start ("Từ Quý II/2026")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import NamedTuple

from parplan.core.deadlines.days import day_item, days, resolve_days
from parplan.core.deadlines.model import ALTERNATIVE_PROBLEM, DATE, ONGOING, Entry, Result
from parplan.core.deadlines.periods import (
    MONTH,
    QUARTER,
    YEAR,
    PeriodItem,
    Unit,
    bare_months,
    part_of_year,
    period_item,
    period_list,
    resolve_periods,
    year_end,
)
from parplan.core.deadlines.reader import Grammar, Reader, collapse
from parplan.core.deadlines.recurring import ongoing, recurring
from parplan.core.deadlines.tokens import Token
from parplan.core.deadlines.words import DAY_MODS, LIST_SEPS, PERIOD_MODS

_ALTERNATIVE_SEPS = ("hoặc", ", hoặc")


class Reading(NamedTuple):
    """One way to read a phrase: its result, made only when asked for, and the position after."""

    make: Callable[[], Result]
    end: int


def reader(tokens: list[Token], year: int, nfc: str, last_year: int) -> Reader:
    """A reader of a part's tokens, knowing the top of the grammar (``Grammar``)."""
    return Reader(tokens, year, nfc, last_year, GRAMMAR)


def phrases(r: Reader, i: int = 0) -> Result | None:
    """A reading of tokens i..end as one time phrase or a list of them, or None: the first
    reading of a phrase at i after which the rest of the part reads too."""
    if i in r.memo:
        return r.memo[i]
    r.memo[i] = None  # not re-entered: every phrase after this one starts further on
    found: Result | None = None
    for reading in readings(r, i):
        found = _with_the_rest(r, reading, i)
        if found is not None:
            break
    r.memo[i] = found
    return found


def _with_the_rest(r: Reader, reading: Reading, i: int) -> Result | None:
    """The reading and what follows it: nothing, a list ("," "và"), or alternatives ("hoặc")."""
    if reading.end == r.n:
        return reading.make()
    for after_separator in r.any_of(reading.end, LIST_SEPS):
        rest = phrases(r, after_separator) if after_separator < r.n else None
        if rest is not None:
            return reading.make() + rest
    for after_separator in r.any_of(reading.end, _ALTERNATIVE_SEPS):
        rest = phrases(r, after_separator) if after_separator < r.n else None
        if rest is not None:
            return alternative(r, reading.make() + rest, i)
    return None


def can_follow(r: Reader, pos: int) -> bool:
    """Is ``pos`` the end of the part, or is it followed by a separator and more phrases?"""
    if pos == r.n:
        return True
    for after_separator in r.any_of(pos, (*LIST_SEPS, *_ALTERNATIVE_SEPS)):
        if after_separator < r.n and phrases(r, after_separator) is not None:
            return True
    return False


def alternative(r: Reader, both: Result, i: int) -> Result | None:
    """ "Tháng 12/2026 hoặc Tháng 01/2027": due at the later date, and the plan is ambiguous."""
    if not both.entries or any(e.kind != DATE for e in both.entries):
        return None
    latest = max(both.entries, key=lambda e: e.due or date.min)
    warning = r.problem(ALTERNATIVE_PROBLEM, i, r.n)
    return Result([Entry(DATE, latest.due, collapse(r.text(i, r.n)))], [*both.problems, warning])


def readings(r: Reader, i: int) -> Iterator[Reading]:
    """Every reading of one time phrase at i, longest lists first, each resolved only when
    asked for: resolving every prefix of a long list would be quadratic in its length."""
    for after in r.connectives(i, PERIOD_MODS):
        for unit in (MONTH, QUARTER, YEAR):
            for items in period_list(r, after, unit):
                yield Reading(partial(resolve_periods, r, unit, items), items[-1].end)
    for result, end in other_phrases(r, i):
        yield Reading(partial(_given, result), end)


def _given(result: Result) -> Result:
    return result


def other_phrases(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """Every phrase that is not a list of months, quarters or years."""
    for after in r.connectives(i, PERIOD_MODS):
        yield from part_of_year(r, after)
        after_year = r.phrase(after, "năm")
        if after != i and after_year is not None:  # "trong năm", "cuối năm": the plan's year
            result = Result()
            year = r.implied_year(result, after, after_year)
            yield result + year_end(r, year, after, after_year), after_year
        yield from bare_months(r, after)
        after_period = r.phrase(after, "giai đoạn")  # "Giai đoạn 2026-2030": end of the last year
        if after_period is not None:
            for item in period_item(r, after_period, YEAR, need_keyword=False):
                yield resolve_periods(r, YEAR, [item]), item.end
    for after in r.connectives(i, DAY_MODS):
        yield from days(r, after, after != i)
    yield from recurring(r, i)
    yield from ongoing(r, i)
    yield from from_start(r, i)


def from_start(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """ "Từ Quý II/2026", "kể từ ngày 01/3/2026": ongoing from that day on, no due date."""
    for j in r.any_of(i, ("bắt đầu từ", "kể từ", "từ")):
        for unit in (MONTH, QUARTER, YEAR):
            for item in period_item(r, j, unit, need_keyword=True):
                if item.last is None:
                    period = resolve_periods(r, unit, [item])
                    yield _started(r, period, unit, item, i), item.end
        for day in day_item(r, j):
            if day.year is not None or day.has_ngay:
                result = resolve_days(r, [day])
                first = result.entries[0].due if result.entries else None
                yield _from_day(r, result, first, i, day.end), day.end


def _started(r: Reader, period: Result, unit: Unit, item: PeriodItem, i: int) -> Result:
    if not period.entries:
        return period
    due = period.entries[0].due
    assert due is not None
    if unit is YEAR:
        first = date(due.year, 1, 1)
    else:
        first = date(due.year, item.first if unit is MONTH else 3 * item.first - 2, 1)
    return _from_day(r, period, first, i, item.end)


def _from_day(r: Reader, result: Result, first: date | None, i: int, j: int) -> Result:
    if first is None:
        return result
    period = collapse(r.text(i, j))
    return Result([Entry(ONGOING, None, period, start=first)], result.problems)


GRAMMAR = Grammar(phrases, can_follow)
