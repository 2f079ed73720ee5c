"""The milestones a unit owes as an iCalendar file (RFC 5545), for Outlook, Google and Thunderbird.

One all-day event per dated milestone, on its working deadline (the reporting calendar's when
it has one); an ongoing milestone that says how often it recurs ("Hằng tuần", "Hằng ngày") is
one recurring all-day event (an RRULE, FREQ=WEEKLY or DAILY) from the start of the plan (or of
the milestone, or ``--from``) until the end of the plan's last year (or ``--to``). Each is titled with the item's ID and a short text; the description carries the full text,
the deadline as written and the decision. A reminder fires ``remind`` days before. UIDs derive
from the plan's decision, the item, the milestone and the unit, so that importing the file again
updates the events instead of duplicating them. Done milestones are marked (or left out).

The icalendar library (imported here only) writes CRLF line ends and folds lines at 75 octets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from parplan.core.deadlines import ONGOING
from parplan.core.model import Plan
from parplan.core.units import Entry, UnitIndex
from parplan.query.status import (
    DONE_LATE,
    DONE_ON_TIME,
    TRANSFERRED,
    Row,
    rows_as_of,
    rows_for_unit,
)
from parplan.render.i18n import day_text, label
from parplan.render.report_text import printable

SUMMARY_TEXT = 60  # characters of the item's text in an event's title


@dataclass(frozen=True)
class Owed:
    """A dated milestone a unit owes, with its status on the day the file is made."""

    row: Row
    uid: str
    # An ongoing milestone that recurs (``Milestone.every``): the first day and the last day of
    # its recurrence; None for a dated milestone (the event is on ``row.due``).
    first: date | None = None
    until: date | None = None

    @property
    def day(self) -> date:
        """The event's day: the dated milestone's due date, or the recurrence's first day."""
        day = self.row.due if self.first is None else self.first
        assert day is not None
        return day


def event_uid(plan: Plan, row: Row, unit: Entry | None) -> str:
    """A stable UID: the same plan, item, milestone and unit give the same UID on every run."""
    key = "|".join(
        (plan.info.decision, row.item.id.value, str(row.number), unit.name if unit else "*")
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:24] + "@parplan"


def owed(
    plan: Plan,
    index: UnitIndex,
    as_of: date,
    unit: Entry | None = None,
    role: str | None = None,
    start: date | None = None,
    end: date | None = None,
    open_only: bool = False,
) -> list[Owed]:
    """The dated milestones of ``unit`` (every milestone without one) due from ``start`` to
    ``end``, by date; ``open_only`` leaves out those done by ``as_of``."""
    rows = rows_as_of(plan.items, as_of, index=index)
    if unit is not None:  # the unit's own part of group-led items; none after it left
        rows = [
            row
            for row in rows_for_unit(rows, index, unit, role, as_of=as_of)
            if row.status != TRANSFERRED
        ]
    out = []
    for row in rows:
        if row.due is None:
            recurring = _recurring(plan, row, start, end)
            if recurring is not None:
                out.append(Owed(row, event_uid(plan, row, unit), *recurring))
            continue
        if (start is not None and row.due < start) or (end is not None and row.due > end):
            continue
        if open_only and row.status in (DONE_ON_TIME, DONE_LATE):
            continue
        out.append(Owed(row, event_uid(plan, row, unit)))
    out.sort(key=lambda o: (o.day, o.row.item.id.value, o.row.number))
    return out


# RFC 5545 FREQ of each rhythm a deadline may state (``Milestone.every``).
FREQUENCIES = {"weekly": "WEEKLY", "daily": "DAILY"}


def _recurring(
    plan: Plan, row: Row, start: date | None, end: date | None
) -> tuple[date, date] | None:
    """The first and last day of an ongoing milestone's recurrence within the plan's years
    and ``start``..``end``; None when it states no rhythm or has no day in that range."""
    milestone = row.milestone
    if milestone.kind != ONGOING or milestone.every not in FREQUENCIES:
        return None
    first = max(d for d in (date(plan.info.year, 1, 1), milestone.start, start) if d is not None)
    last_year = plan.info.last_year or plan.info.year
    until = min(d for d in (date(last_year, 12, 31), end) if d is not None)
    return (first, until) if first <= until else None


def _summary(row: Row, lang: str) -> str:
    text = row.milestone.report or " ".join(row.item.text.split())
    if len(text) > SUMMARY_TEXT:
        text = text[: SUMMARY_TEXT - 1].rstrip() + "…"
    title = f"{row.item.id.value} {text}"
    if row.milestone.label and not row.milestone.report and len(row.item.milestones) > 1:
        title += f" ({row.milestone.label})"
    if row.status in (DONE_ON_TIME, DONE_LATE):
        title = f"✓ {title} — {label(f'status.{row.status}', lang)}"
    return title


def _description(plan: Plan, row: Row, lang: str) -> str:
    item = row.item
    lines = [
        f"{item.id.value}. {item.text}",
        f"{label('col.deadline', lang)}: {item.deadline.value}",
    ]
    if row.milestone.legal_due is not None:
        legal = label("report.legal_due", lang, due=day_text(row.milestone.legal_due, lang))
        lines.append(legal[:1].upper() + legal[1:])
    lines.append(f"{label('col.lead', lang)}: {'; '.join(r.value for r in item.lead)}")
    if item.support:
        lines.append(f"{label('col.support', lang)}: {'; '.join(r.value for r in item.support)}")
    lines.append(f"{label('col.status', lang)}: {label(f'status.{row.status}', lang)}")
    if row.completion is not None:
        done = label("show.progress.done", lang, on=day_text(row.completion.on, lang))
        if row.completion.evidence:
            done += " — " + row.completion.evidence.value
        lines.append(done)
    lines.append(f"{plan.info.decision} — {plan.info.title}")
    return "\n".join(lines)


def calendar_ics(
    plan: Plan,
    events: Sequence[Owed],
    stamp: datetime,
    lang: str,
    remind: int = 7,
    name: str | None = None,
) -> bytes:
    """The events as an iCalendar file. ``stamp`` (UTC, given by the caller) is every event's
    DTSTAMP; ``remind`` days before each open milestone a reminder fires (0: none)."""
    calendar = Calendar()
    calendar.add("prodid", "-//parplan//parplan//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", printable(name or plan.info.title))
    for owed_milestone in events:
        row = owed_milestone.row
        day = owed_milestone.day
        event = Event()
        event.add("uid", owed_milestone.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)  # a date: written with VALUE=DATE (an all-day event)
        event.add("dtend", day + timedelta(days=1))
        recurs = owed_milestone.until is not None
        if recurs:
            assert row.milestone.every is not None
            # UNTIL is a DATE as DTSTART is (RFC 5545 3.3.10), and inclusive.
            freq = FREQUENCIES[row.milestone.every]
            event.add("rrule", {"freq": freq, "until": owed_milestone.until})
        event.add("summary", printable(_summary(row, lang)))
        event.add("description", printable(_description(plan, row, lang)))
        event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        event.add("categories", [plan.info.decision])
        done = row.status in (DONE_ON_TIME, DONE_LATE)
        if remind > 0 and not done and not recurs:  # a reminder before each week's is noise
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", printable(_summary(row, lang)))
            alarm.add("trigger", timedelta(days=-remind))
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
