"""Rules for recurring deadlines ("Hằng quý", "Định kỳ 6 tháng, 1 năm", "6 tháng một lần"),
which are due at every end of their periods in the year (or in every year of the plan), and for
ongoing ones ("Thường xuyên", "Định kỳ", "Hằng tuần"), which have no due date. The due dates of
a frequency are a ``dateutil.rrule`` (monthly, every N months, on the month's last day)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import partial
from typing import NamedTuple

from parplan.core.deadlines.model import DATE, DATE_PROBLEM, ONGOING, SYNTAX_PROBLEM, Entry, Result
from parplan.core.deadlines.periods import MONTH, year_suffix
from parplan.core.deadlines.reader import Number, Reader, collapse
from parplan.core.deadlines.words import FREQUENCY_SEPS, ONGOING_WORDS, ROMAN_OUT
from parplan.core.text import fold


class Frequency(NamedTuple):
    """How often: kind is month, quarter, year, every (``months`` months), ongoing (weekly,
    daily) or adhoc."""

    kind: str
    months: int
    start: int  # token positions
    end: int


_EVERY_UNITS = (
    ("tháng", "month"),
    ("quý", "quarter"),
    ("năm", "year"),
    ("tuần", "ongoing"),
    ("ngày", "ongoing"),
)
# After "Định kỳ", a bare period is a frequency: "Định kỳ hàng quý, 6 tháng, 1 năm".
_FREE_UNITS = (
    ("1 năm", "year"),
    ("một năm", "year"),
    ("năm", "year"),
    ("quý", "quarter"),
    ("tháng", "month"),
    ("đột xuất", "adhoc"),
)


def frequency(r: Reader, i: int, free: bool) -> Iterator[Frequency]:
    """ "hằng quý", "mỗi 6 tháng", "thường niên", "6 tháng một lần"; ``free``: after "Định kỳ",
    also "6 tháng", "quý", "đột xuất"."""
    for prefix in ("hằng", "hàng", "mỗi"):
        j = r.phrase(i, prefix)
        if j is None:
            continue
        for word, kind in _EVERY_UNITS:
            k = r.phrase(j, word)
            if k is not None:
                yield Frequency(kind, 0, i, k)
        for count, k in count_months(r, j):
            yield Frequency("every", count, i, k)
    k = r.phrase(i, "thường niên")
    if k is not None:
        yield Frequency("year", 0, i, k)
    for count, j in count_months(r, i):
        for k in r.any_of(j, ("một lần", "1 lần", "/ lần")):
            yield Frequency("every", count, i, k)
        if free:
            yield Frequency("every", count, i, j)
    if free:
        for phrase, kind in _FREE_UNITS:
            k = r.phrase(i, phrase)
            if k is not None:
                yield Frequency(kind, 0, i, k)


def count_months(r: Reader, i: int) -> Iterator[Number]:
    """ "6 tháng", "sáu tháng": how many months, and the position after."""
    found = r.number(i)
    counts = [] if found is None else [found]
    after = r.phrase(i, "sáu")
    if after is not None:
        counts.append(Number(6, after))
    for count, j in counts:
        k = r.phrase(j, "tháng")
        if k is not None:
            yield Number(count, k)


def frequency_list(r: Reader, i: int, free: bool) -> Iterator[list[Frequency]]:
    for first in frequency(r, i, free):
        yield from _frequency_list_tail(r, [first])


def _frequency_list_tail(r: Reader, frequencies: list[Frequency]) -> Iterator[list[Frequency]]:
    for after_separator in r.separators(frequencies[-1].end, FREQUENCY_SEPS):
        for more in frequency(r, after_separator, True):
            if r.may_end(
                "frequency", more.end, partial(_next_frequency_ends, r), partial(_ends_well, r)
            ):
                yield from _frequency_list_tail(r, [*frequencies, more])
    if _ends_well(r, frequencies[-1].end):
        yield frequencies


def _next_frequency_ends(r: Reader, end: int) -> Iterator[int]:
    for after_separator in r.separators(end, FREQUENCY_SEPS):
        for more in frequency(r, after_separator, True):
            yield more.end


def _ends_well(r: Reader, end: int) -> bool:
    """Can a recurring phrase whose frequencies end here, with its year or schedule, end well?"""
    return any(
        r.can_end(after) or _may_be_schedule(r, after) for _, after in year_suffix(r, end, MONTH)
    )


def _may_be_schedule(r: Reader, i: int) -> bool:
    return i < r.n - 2 and r.tokens[i].text == "(" and r.tokens[-1].text == ")"


def schedule(r: Reader, i: int) -> Result | None:
    """An explicit schedule in parentheses closing the phrase: "(Tháng 3, 6, 9, 12/2025)"."""
    if _may_be_schedule(r, i):
        return r.grammar.phrases(r.sub(i + 1, r.n - 1), 0)  # the grammar recurses here
    return None


def recurring(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """A recurring deadline, maybe with its year ("Hằng quý năm 2026") or its schedule."""
    for after_word in r.optional(i, "định kỳ"):
        periodic = after_word != i  # "Định kỳ" written: a bare "quý", "6 tháng" is a frequency
        for start in r.optional(after_word, ",") if periodic else [after_word]:
            for frequencies in frequency_list(r, start, periodic):
                for year, end in year_suffix(r, frequencies[-1].end, MONTH):
                    explicit = schedule(r, end)
                    if explicit is not None:
                        yield explicit, r.n
                    if r.can_end(end):
                        yield recurrences(r, frequencies, year, i, end), end
        if periodic:
            explicit = schedule(r, after_word)
            if explicit is not None:
                yield explicit, r.n


def recurrences(
    r: Reader, frequencies: list[Frequency], year: int | None, i: int, j: int
) -> Result:
    """Without a year of its own, a recurring phrase recurs in every year of the plan."""
    years = range(r.year, r.last_year + 1) if year is None else range(year, year + 1)
    result = Result()
    for y in years:
        one = _recurrences_in(r, frequencies, y, i, j)
        result.problems.extend(p for p in one.problems if p not in result.problems)
        result.entries.extend(e for e in one.entries if e not in result.entries)
    return result


# How a frequency of ``months`` months names its periods, and how coarse it is (a date named by
# several frequencies takes its finest period's name: "Quý I", not "6 tháng đầu năm").
_EVERY_MONTHS = {1: 0, 2: 0, 4: 0, 3: 1, 6: 2, 12: 3}
_KIND_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def month_ends(year: int, every: int) -> list[date]:
    """The last day of every ``every``-th month of ``year``, the first at month ``every``:
    every 1 → the twelve month ends, 3 → the quarters', 4 → 30/04, 31/08, 31/12. Empty for a
    year the calendar cannot hold."""
    if not 1 <= year <= 9999:
        return []
    # lazy: dateutil's rrule, only to read a recurring deadline (never for a cached model)
    from dateutil.rrule import MONTHLY, rrule

    first = datetime(year, every, 1)
    last = datetime(year, 12, 31)
    return [
        day.date()
        for day in rrule(MONTHLY, interval=every, bymonthday=-1, dtstart=first, until=last)
    ]


def _period_name(every: int, due: date) -> str:
    if every == 3:
        return f"Quý {ROMAN_OUT[due.month // 3]}/{due.year}"
    if every == 6:
        half = "đầu" if due.month == 6 else "cuối"
        return f"6 tháng {half} năm {due.year}"
    if every == 12:
        return f"Năm {due.year}"
    return f"Tháng {due.month}/{due.year}"


def _recurrences_in(r: Reader, frequencies: list[Frequency], year: int, i: int, j: int) -> Result:
    """The union of the frequencies' due dates in one year, in date order: one entry per date,
    named after its finest period."""
    result = Result()
    found: list[tuple[date, int, str]] = []  # (due, coarseness, period)
    ongoing = False
    bad_year = False
    for f in frequencies:
        every = _KIND_MONTHS.get(f.kind, f.months if f.kind == "every" else 0)
        if f.kind == "ongoing":
            ongoing = True
        elif f.kind == "every" and every not in _EVERY_MONTHS:
            result.problems.append(r.problem(SYNTAX_PROBLEM, f.start, f.end))
        elif every in _EVERY_MONTHS:
            ends = month_ends(year, every)
            bad_year = bad_year or not ends
            found.extend((due, _EVERY_MONTHS[every], _period_name(every, due)) for due in ends)
    if bad_year:
        result.problems.append(r.problem(DATE_PROBLEM, i, j))
    if ongoing or (not found and not result.problems):
        result.entries.append(Entry(ONGOING, None, collapse(r.text(i, j))))
    seen: set[date] = set()
    for due, _rank, period in sorted(found):
        if due not in seen:
            seen.add(due)
            result.entries.append(Entry(DATE, due, period))
    return result


_RHYTHM = re.compile(r"\b(?:hang|moi)\s+(tuan|ngay)\b")
_RHYTHMS = {"tuan": "weekly", "ngay": "daily"}


def rhythm(phrase: str) -> str | None:
    """How often an ongoing phrase says it recurs: "Hằng tuần", "mỗi tuần" → "weekly", "Hằng
    ngày" → "daily" (also inside a list: "Thường xuyên, hằng tuần"); None for a phrase without
    a rhythm ("Thường xuyên", "Định kỳ") or naming both."""
    found = {_RHYTHMS[word] for word in _RHYTHM.findall(fold(phrase))}
    return found.pop() if len(found) == 1 else None


def ongoing(r: Reader, i: int) -> Iterator[tuple[Result, int]]:
    """ "Thường xuyên", "Thường xuyên, định kỳ", "Liên tục trong năm 2025": no due date."""
    for j in r.any_of(i, ONGOING_WORDS):
        yield from _ongoing_tail(r, i, j)


def _ongoing_tail(r: Reader, i: int, j: int) -> Iterator[tuple[Result, int]]:
    next_ends = partial(_next_ongoing_ends, r)
    ends_well = partial(_ongoing_ends_well, r)
    for after_separator in r.separators(j, FREQUENCY_SEPS):
        for k in r.any_of(after_separator, ONGOING_WORDS):
            if r.may_end("ongoing", k, next_ends, ends_well):
                yield from _ongoing_tail(r, i, k)
    entry = Result([Entry(ONGOING, None, collapse(r.text(i, j)))])
    for end in _ongoing_ends(r, j):
        if r.can_end(end):
            yield entry, end


def _ongoing_ends(r: Reader, j: int) -> Iterator[int]:
    """Where an ongoing phrase whose words end at j may end: after "trong năm 2025", "năm
    2025", "trong năm" ("Thường xuyên trong năm 2025": still ongoing), or at j."""
    for k in r.optional(j, "trong"):
        after_year = r.phrase(k, "năm")
        if after_year is None:
            continue
        year = r.year4(after_year)
        if year is not None:
            yield year.end
        if k != j:
            yield after_year
    yield j


def _next_ongoing_ends(r: Reader, j: int) -> Iterator[int]:
    for after_separator in r.separators(j, FREQUENCY_SEPS):
        yield from r.any_of(after_separator, ONGOING_WORDS)


def _ongoing_ends_well(r: Reader, j: int) -> bool:
    return any(r.can_end(end) for end in _ongoing_ends(r, j))
