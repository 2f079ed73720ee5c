"""The deadline grammar: a deadline as written in a plan → milestones.

Pure functions over text; no I/O, no knowledge of the plan file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DATE = "date"
ONGOING = "ongoing"
CONDITIONAL = "conditional"


@dataclass(frozen=True)
class Milestone:
    """One point a deadline asks for: a due date, or none (ongoing / conditional)."""

    label: str | None
    due: date | None
    kind: str  # DATE | ONGOING | CONDITIONAL
    condition: str | None = None  # for CONDITIONAL: the condition as written


@dataclass(frozen=True)
class DeadlineProblem:
    """Why (part of) a deadline could not be understood."""

    code: str  # "deadline-syntax" (not understood) | "deadline-date" (impossible date)
    fragment: str  # the part of the text at fault
    offset: int = 0  # where the fragment starts in the NFC-normalised text


@dataclass(frozen=True)
class ParsedDeadline:
    milestones: tuple[Milestone, ...]
    problems: tuple[DeadlineProblem, ...]


def parse_deadline(text: str, year: int) -> ParsedDeadline:
    """Turn a deadline as written into milestones, for a plan of the given year."""
    raise NotImplementedError
