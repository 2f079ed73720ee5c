"""The reporting calendar: periods, their data windows, cut-off days and report deadlines.

A plan may adopt a calendar in its header (``plan: reporting:``), such as that of Văn bản
581/BNV-CCHC: reports are sent by the 20th of the period's last month and cover the data from
the 15th of an earlier month to the 14th of the last one. The calendar is data, so an agency with
another calendar changes its plan file, not this code. Pure functions; no I/O.

The items the calendar names (I.3.1, the units' periodic CCHC reports) get the calendar's
report deadline as their milestones' working deadline (``Milestone.due``), while the deadline
as written keeps its legal meaning (``Milestone.legal_due``: "Tháng 3/2025" ends on 31/03).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from parplan.core.deadlines import DATE, ParsedDeadline
from parplan.core.model import Item, ReportingCalendar, ReportPeriod
from parplan.core.text import fold


def _day(year: int, month_day: tuple[int, int]) -> date:
    month, day = month_day
    if (month, day) == (2, 29):  # a calendar may say 29/02; in other years it is the 28th
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


def window(period: ReportPeriod, year: int) -> tuple[date, date]:
    """The first and last day of the data a period's report covers (both inclusive)."""
    start_year = year - 1 if period.start > period.end else year
    return _day(start_year, period.start), _day(year, period.end)


def cut_off(period: ReportPeriod, year: int) -> date:
    """The day the figures are taken: the window's last day (14/03 for Q1)."""
    return _day(year, period.end)


def report_due(period: ReportPeriod, year: int) -> date:
    """The day the report must be sent (20/03 for Q1 under 581/BNV-CCHC)."""
    return _day(year, period.due)


def _typed(text: str) -> str:
    return " ".join(fold(text).replace("-", " ").replace("_", " ").split())


def find_period(calendar: ReportingCalendar, typed: str) -> ReportPeriod | None:
    """The period a person named: by key (``Q1``), name (``Quý I``) or alias (``quy-1``),
    ignoring case, diacritics, dashes and underscores."""
    wanted = _typed(typed)
    for period in calendar.periods:
        names = (period.key, period.name, period.name_en, *period.aliases)
        if wanted in (_typed(name) for name in names):
            return period
    return None


def _cut_offs(calendar: ReportingCalendar, years: Iterable[int]) -> list[tuple[date, int, int]]:
    """(cut-off, year, position) for every period of those years, by cut-off then position."""
    out = []
    for year in years:
        for position, period in enumerate(calendar.periods):
            out.append((cut_off(period, year), year, position))
    return sorted(out)


def previous_period(
    calendar: ReportingCalendar, period: ReportPeriod, year: int
) -> tuple[ReportPeriod, int] | None:
    """The period reported just before: the latest cut-off before this one's (Q1 2025 → the
    year 2024; 6T → Q1; Q3 and 9T → 6T; the year → Q3, or 9T when listed first)."""
    mine = cut_off(period, year)
    earlier = [entry for entry in _cut_offs(calendar, (year - 1, year)) if entry[0] < mine]
    if not earlier:
        return None
    latest = max(e[0] for e in earlier)
    _, found_year, position = next(e for e in earlier if e[0] == latest)
    return calendar.periods[position], found_year


def next_period(
    calendar: ReportingCalendar, period: ReportPeriod, year: int
) -> tuple[ReportPeriod, int] | None:
    """The period reported next: the earliest cut-off after this one's."""
    mine = cut_off(period, year)
    later = [entry for entry in _cut_offs(calendar, (year, year + 1)) if entry[0] > mine]
    if not later:
        return None
    _, found_year, position = later[0]
    return calendar.periods[position], found_year


def period_phrase(period: ReportPeriod, year: int, lang: str) -> str:
    """The period as a report's title says it: "quý I năm 2025", "6 tháng đầu năm 2025",
    "năm 2025"; in English "Q1 2025"."""
    if lang != "vi":
        return f"{period.name_en} {year}"
    name = period.name[:1].lower() + period.name[1:]
    if fold(name).endswith("nam"):
        return f"{name} {year}"
    return f"{name} năm {year}"


def report_name(calendar: ReportingCalendar, periods: Iterable[ReportPeriod]) -> str:
    """The name of a report milestone: "Báo cáo CCHC quý I", "Báo cáo CCHC quý III, 9 tháng"."""
    names = [p.name[:1].lower() + p.name[1:] for p in periods]
    return f"{calendar.report} {', '.join(names)}"


def with_working_deadlines(items: Iterable[Item], calendar: ReportingCalendar) -> list[Item]:
    """The items, those named by the calendar with their report milestones' working deadlines.

    A dated milestone of such an item whose legal deadline falls in the month a period's report
    is due (Tháng 3/2025 → Q1, due 20/03) takes that day as ``due`` when it is earlier, keeps
    the legal day as ``legal_due``, and is named after the report(s) of that day.
    """
    named = {ref.value for ref in calendar.items}
    out: list[Item] = []
    for item in items:
        if item.id.value not in named:
            out.append(item)
            continue
        milestones = []
        for milestone in item.milestones:
            legal = milestone.due
            if milestone.kind != DATE or legal is None:
                milestones.append(milestone)
                continue
            periods = [p for p in calendar.periods if p.due[0] == legal.month]
            if not periods:
                milestones.append(milestone)
                continue
            working = min(report_due(p, legal.year) for p in periods)
            if working >= legal:
                milestones.append(milestone)
                continue
            same_day = [p for p in periods if report_due(p, legal.year) == working]
            milestones.append(
                replace(
                    milestone,
                    due=working,
                    legal_due=legal,
                    report=report_name(calendar, same_day),
                )
            )
        parsed = ParsedDeadline(tuple(milestones), item.parsed.problems)
        out.append(replace(item, parsed=parsed))
    return out


def year_start(calendar: ReportingCalendar | None, year: int) -> date:
    """The first day a figure for the year can be dated (issue 21): the start of its first
    report's data window (15/12 of the year before under 581/BNV-CCHC), else 1 January."""
    starts = [window(period, year)[0] for period in calendar.periods] if calendar else []
    return min([date(year, 1, 1), *starts])
