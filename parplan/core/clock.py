"""Today's date, in Vietnam, from the clock or from ``PARPLAN_TODAY``.

"Today" is the date in Vietnam: UTC+7 all year, a fixed offset, so no time-zone database is
needed (Windows has none). ``PARPLAN_TODAY=YYYY-MM-DD`` sets it for tests, demonstrations and
reports prepared ahead of a meeting; the library never asks the clock itself: callers pass
``today`` (the CLI and ``parplan.api`` take it from here).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
ENV = "PARPLAN_TODAY"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadToday(ValueError):
    """``PARPLAN_TODAY`` is set to something that is not a date written YYYY-MM-DD."""

    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value


def today(now: datetime | None = None, environ: Mapping[str, str] | None = None) -> date:
    """Today in Vietnam: ``PARPLAN_TODAY`` if set, else the date at UTC+7 of ``now`` (an aware
    datetime; default the clock's). 23:30 UTC on 1 March is already 2 March in Hà Nội.

    >>> today(datetime(2025, 3, 1, 23, 30, tzinfo=timezone.utc), environ={})
    datetime.date(2025, 3, 2)
    """
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if value:
        if not _ISO_DAY.match(value):  # 3.11's fromisoformat also reads 20250315, 2025-W11-6
            raise BadToday(value)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise BadToday(value) from None
    return (now or datetime.now(timezone.utc)).astimezone(VIETNAM).date()


def parse_date(value: str, day_first: bool = False) -> date | None:
    """A date written YYYY-MM-DD (in files: two-digit month and day), or also DD/MM/YYYY when
    ``day_first`` (as people type it, leading zeros optional); None if the text is not one or
    names no real day. (Here rather than in the loader: ``--as-of`` is read on every view,
    and the loader imports PyYAML, which a view from the cache never needs; issue 23.)"""
    value = value.strip()
    # Only ASCII digits are digits: Python's \d also takes Arabic-Indic and other digits.
    iso = (
        r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
        if day_first
        else r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    )
    try:
        if m := re.fullmatch(iso, value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if day_first and (m := re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", value)):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None
