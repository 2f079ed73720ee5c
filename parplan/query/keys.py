"""The keys of the answers: a milestone's ``Status`` and a unit's ``Role`` in an item, one
type each for the library, the API and the views (``query.status`` gives them, with their
groupings: ``DONE``, ``OPEN``, ``ALL_STATUSES``).
"""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """A milestone's status as of a day: the categories the Government Office reports in. One
    type for the library, the API (``parplan.Status``) and the views: a ``str`` equal to its
    key (``Status.OVERDUE == "overdue"``), the key of the JSON output and of the labels."""

    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    PENDING = "pending"
    OVERDUE = "overdue"
    ONGOING = "ongoing"
    WAITING = "waiting"
    # A milestone a unit would have owed but that falls due after it left the ministry or
    # merged into another unit: no longer its own (never overdue, never due). Only unit views
    # show it.
    TRANSFERRED = "transferred"

    def __str__(self) -> str:  # the key, as a plain ``str`` would print (on every Python)
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)


class Role(str, Enum):
    """A unit's part in an item (``parplan.Role``): a ``str`` equal to its key."""

    LEAD = "lead"
    SUPPORT = "support"

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(self, spec)
