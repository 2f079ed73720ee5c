"""What a deadline reads as: the public results, and the rules' intermediate ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from parplan.core.values import frozen_dataclass

DATE = "date"
ONGOING = "ongoing"
CONDITIONAL = "conditional"

SYNTAX_PROBLEM = "deadline-syntax"
DATE_PROBLEM = "deadline-date"
AMBIGUOUS_PROBLEM = "deadline-ambiguous"  # no year written, in a plan of several years
ALTERNATIVE_PROBLEM = "deadline-alternative"  # "A hoặc B": due at the later one (a warning)
LENGTH_PROBLEM = "bad-value"  # longer than MAX_LENGTH: not parsed at all
MAX_LENGTH = 500


@frozen_dataclass(slots=True)
class Milestone:
    """One point a deadline asks for: a due date, or none (ongoing / conditional)."""

    label: str | None
    due: date | None
    kind: str  # DATE | ONGOING | CONDITIONAL
    condition: str | None = None  # for CONDITIONAL: the condition as written
    # Set by a plan's reporting calendar (parplan.core.periods): ``due`` is then the calendar's
    # working deadline, ``legal_due`` the day the deadline as written ends, and ``report`` the
    # name of the report the milestone is ("Báo cáo CCHC quý I").
    legal_due: date | None = None
    report: str | None = None
    start: date | None = None  # for ONGOING "from a start onwards": the day it starts
    # For ONGOING: how often it recurs when the deadline says so ("Hằng tuần" → "weekly",
    # "Hằng ngày" → "daily"; see ``recurring.rhythm``), for calendars; None otherwise.
    every: str | None = None


@frozen_dataclass(slots=True)
class DeadlineProblem:
    """Why (part of) a deadline could not be understood."""

    code: str  # "deadline-syntax" (not understood) | "deadline-date" (impossible date)
    fragment: str  # the part of the text at fault
    offset: int = 0  # where the fragment starts in the NFC-normalised text


@frozen_dataclass(slots=True)
class ParsedDeadline:
    milestones: tuple[Milestone, ...]
    problems: tuple[DeadlineProblem, ...]


# ---- intermediate results of the grammar's rules ----------------------------------------------


@frozen_dataclass
class Entry:
    """One milestone as a rule reads it, before the part's label is known."""

    kind: str
    due: date | None
    period: str  # canonical name, used as a label when several milestones need telling apart
    condition: str | None = None
    start: date | None = None


@dataclass
class Result:
    """What a rule read: its entries and the problems met on the way."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[DeadlineProblem] = field(default_factory=list)

    def __add__(self, other: Result) -> Result:
        return Result(self.entries + other.entries, self.problems + other.problems)
