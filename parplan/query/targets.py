"""A target's state as of a day (issue 21): its latest figure, the trend, and whether it is met.

No words here: statuses and trends are codes (``met``, ``below``, ``no-data``; ``up``,
``down``, ``flat``) that the views put in words.

* The figures looked at are those recorded on or before the day (``measurements:``), by day
  and then in file order.
* The **status** is judged on the latest figure of the current reporting window: ``met`` when
  it meets the target (at least / exactly / at most its value), ``below`` with the gap left to
  close, ``no-data`` when the window has no figure yet. The window is the data window of the
  report being prepared on that day (the reporting calendar of the plan, 581/BNV-CCHC: on
  30/06/2025 Q3's 15/06–14/09; on 10/06/2025 the half-year's 15/12/2024–14/06/2025): every
  CCHC report must state a figure of its own window. A report of a period judges on that
  period's window (``window``) and sees only the figures up to the window's close: a figure
  recorded after it belongs to the next report. A plan without a calendar: the target's year
  up to the day.
* After the target's year, the status is judged on the whole year (from its first window's
  start to 31/12): on 2026-03-01 a target of 2025 shows where 2025 ended.
* The **trend** compares the latest figure with the one before it, whatever their windows.
"""

from __future__ import annotations

from datetime import date

from parplan.core.model import Measurement, Plan, ReportingCalendar, Target
from parplan.core.periods import window, year_start
from parplan.core.values import frozen_dataclass

MET = "met"
BELOW = "below"
NO_DATA = "no-data"
STATUSES = (MET, BELOW, NO_DATA)
UP = "up"
DOWN = "down"
FLAT = "flat"
# A figure this close to the target value counts as equal to it (figures carry two decimals).
EPSILON = 1e-9


@frozen_dataclass
class TargetState:
    """Where a target stands on ``as_of``: the figures so far (``history``), the latest and the
    one before it, the latest of the ``window`` (what the status is judged on), the status and
    the gap (how far the window's figure is from the target; 0 when met), the trend and its
    change (latest − previous)."""

    target: Target
    as_of: date
    window: tuple[date, date]
    history: tuple[Measurement, ...]
    latest: Measurement | None
    previous: Measurement | None
    current: Measurement | None
    status: str
    gap: float | None
    trend: str | None
    change: float | None


def figure_fields(entry: Measurement) -> dict[str, object]:
    """A figure's recorded fields by name, as ``targets --format json`` and the export's
    ``measurements`` table give them."""
    return {
        "on": entry.on.isoformat(),
        "value": entry.value,
        "of": entry.numerator,
        "total": entry.denominator,
        "unit": entry.unit.value if entry.unit else None,
        "evidence": entry.evidence.value if entry.evidence else None,
        "recorded_by": entry.recorded_by,
        "line": entry.source.line,
    }


def meets(target: Target, value: float) -> bool:
    return gap(target, value) <= EPSILON


def gap(target: Target, value: float) -> float:
    """How far a value is from meeting the target (0 when it does)."""
    if target.comparison == "at-least":
        return max(0.0, target.value - value)
    if target.comparison == "at-most":
        return max(0.0, value - target.value)
    return abs(target.value - value)


def current_window(calendar: ReportingCalendar | None, day: date, year: int) -> tuple[date, date]:
    """The data window of the report being prepared on ``day``: of the calendar's windows
    (that year's and the next's) holding the day, the one that closes first (the narrowest of
    those closing together). Without a calendar, or a day no window holds: the target's year
    from 1 January to the day."""
    if calendar is not None:
        holding = []
        for report_year in (day.year, day.year + 1):
            for period in calendar.periods:
                try:
                    start, end = window(period, report_year)
                except ValueError:  # before year 1 or after 9999: no such window
                    continue
                if start <= day <= end:
                    holding.append((start, end))
        if holding:
            return min(holding, key=lambda span: (span[1], -span[0].toordinal()))
    return date(year, 1, 1), max(day, date(year, 1, 1))


def target_state(
    plan: Plan, target: Target, as_of: date, window: tuple[date, date] | None = None
) -> TargetState:
    """The target's state on ``as_of``, judged on ``window`` (default: ``current_window``)."""
    year = target.period or plan.info.year
    span = window or current_window(plan.info.reporting, as_of, year)
    if window is None and year and as_of > date(year, 12, 31):
        # After its year a target is judged on the whole of it (its figures cannot be newer).
        span = (year_start(plan.info.reporting, year), date(year, 12, 31))
    # A report's window: figures after its close are the next report's (trend, chart).
    last = min(as_of, span[1]) if window is not None else as_of
    figures = sorted(
        (m for m in plan.measurements_of(target.id.value) if m.on <= last),
        key=lambda m: (m.on, m.source.line, m.source.column),
    )
    latest = figures[-1] if figures else None
    previous = figures[-2] if len(figures) > 1 else None
    in_window = [m for m in figures if span[0] <= m.on <= span[1]]
    current = in_window[-1] if in_window else None
    if current is None:
        status, left = NO_DATA, None
    else:
        left = round(gap(target, current.value), 6)  # no binary noise (7.459999… for 7.46)
        status = MET if left <= EPSILON else BELOW
    trend = change = None
    if latest is not None and previous is not None:
        change = round(latest.value - previous.value, 6)
        trend = UP if change > EPSILON else DOWN if change < -EPSILON else FLAT
    return TargetState(
        target, as_of, span, tuple(figures), latest, previous, current, status, left, trend, change
    )


def targets_as_of(
    plan: Plan,
    as_of: date,
    window: tuple[date, date] | None = None,
    units: frozenset[str] | None = None,
) -> list[TargetState]:
    """Every target's state, in the plan's order; with ``units``, only the targets one of
    those unit names (as written in the plan, canonical) answers for."""
    return [
        target_state(plan, target, as_of, window)
        for target in plan.targets
        if units is None or (target.unit is not None and target.unit.value in units)
    ]
