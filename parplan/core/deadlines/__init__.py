"""The deadline grammar: a deadline as written in a plan → milestones. Pure; no I/O.

A deadline ends on the last day of the period it names (Civil Code art. 146-148): "Tháng
3/2025" is due 31/03/2025, "Quý II/2025" 30/06/2025, "Trước 20/01/2025" 20/01/2025. Reading
goes in three steps, one module each:

1. ``tokens``: the NFC text → numbers, words and marks with their offsets → *parts*, split at
   ";" and at bullets.
2. ``parts``: a part is a time phrase, a condition ("Sau khi …"), or a label before one
   ("Ban hành: Tháng 3/2025", "Xây dựng Kế hoạch tháng 3/2025").
3. ``phrases``: a time phrase is a list ("," "và") or alternatives ("hoặc") of phrases, each
   read by one rule: ``periods`` (month, quarter, year, their spans and lists, "6 tháng đầu
   năm"), ``days`` ("trước ngày 05/02/2025"), ``recurring`` ("Hằng quý", "Thường xuyên") or a
   start ("Từ Quý II/2026").

The whole grammar, with its labels and problems, is in docs/deadline-grammar.md.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from parplan.core.deadlines.model import (
    ALTERNATIVE_PROBLEM,
    AMBIGUOUS_PROBLEM,
    CONDITIONAL,
    DATE,
    DATE_PROBLEM,
    LENGTH_PROBLEM,
    MAX_LENGTH,
    ONGOING,
    SYNTAX_PROBLEM,
    DeadlineProblem,
    Milestone,
    ParsedDeadline,
)

if TYPE_CHECKING:
    from parplan.core.deadlines.parts import Part

# The rules (tokens, parts, phrases…) are imported by the first deadline parsed, not here: the
# model's types are all that a view reading the parse cache needs, and every command pays for
# what it imports (issue 11: start-up time).

__all__ = [
    "ALTERNATIVE_PROBLEM",
    "AMBIGUOUS_PROBLEM",
    "CONDITIONAL",
    "DATE",
    "DATE_PROBLEM",
    "LENGTH_PROBLEM",
    "MAX_LENGTH",
    "ONGOING",
    "SYNTAX_PROBLEM",
    "DeadlineProblem",
    "Milestone",
    "ParsedDeadline",
    "parse_deadline",
]


# A plan repeats a few dozen wordings over thousands of items: each (wording, plan period) is
# read once per process. The results are frozen values, so items can share them.
@lru_cache(maxsize=4096)
def parse_deadline(text: str, year: int, last_year: int | None = None) -> ParsedDeadline:
    """Turn a deadline as written into milestones, for a plan of the given year.

    ``last_year``: the plan covers the years ``year``..``last_year`` (``period: 2026-2030``);
    recurring phrases then recur every year, and a phrase without a year is ambiguous.
    See docs/deadline-grammar.md for the grammar and the label conventions. Never raises: what
    is not understood is reported in ``problems`` (codes "deadline-syntax", "deadline-date",
    "deadline-ambiguous", "deadline-alternative" and, past MAX_LENGTH characters, "bad-value").
    """
    if len(text) > MAX_LENGTH:  # checked first: nothing this long is read at all
        return ParsedDeadline((), (DeadlineProblem(LENGTH_PROBLEM, text[:40] + "…", 0),))
    try:
        nfc = unicodedata.normalize("NFC", text)
    except Exception:
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, repr(text), 0),))
    last = last_year if last_year is not None else year
    try:
        parsed = _parse(nfc, year, last)
        if parsed.problems and not parsed.milestones:
            return _with_clause(nfc, year, last) or parsed
        return parsed
    except Exception:  # a safety net: the grammar should not get here
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))


# Where a clause may follow a time phrase: "Quý II/2026, định kỳ hằng quý báo cáo về Sở X",
# "Trước 15/12/2026 (gửi qua Hệ thống)", "Tháng 6/2026 - báo cáo UBND tỉnh".
_CLAUSE_START = (",", "(", " - ", " – ", ":")


# A clause says who receives the report or how it is sent ("báo cáo về", "gửi", "trình", "qua").
_CLAUSE_WORDS = re.compile(r"\b(?:báo cáo|gửi|(?<!lộ )trình|qua|về)\b", re.I)


def _with_clause(nfc: str, year: int, last_year: int) -> ParsedDeadline | None:
    """A known time phrase followed by a clause saying who receives the report or how it is
    sent ("Quý II/2026, định kỳ hằng quý báo cáo về Sở X"): the phrase read, the clause kept
    in the text only. The longest such phrase wins. A clause holding a digit may name another
    date, and one without such words ("(dự kiến)") may change the phrase's meaning: neither is
    passed over."""
    cuts = sorted({at for mark in _CLAUSE_START for at in _positions(nfc, mark)}, reverse=True)
    for at in cuts[:8]:
        phrase, clause = nfc[:at].strip(), nfc[at:]
        if not phrase or any(char.isdigit() for char in clause):
            continue
        if not _CLAUSE_WORDS.search(" ".join(clause.split())):
            continue
        parsed = _parse(phrase, year, last_year)
        if parsed.milestones and not parsed.problems:
            return parsed
    return None


def _positions(text: str, mark: str) -> list[int]:
    out: list[int] = []
    at = text.find(mark)
    while at >= 0 and len(out) < 8:
        out.append(at)
        at = text.find(mark, at + 1)
    return out


def _parse(nfc: str, year: int, last_year: int) -> ParsedDeadline:
    # lazy: the grammar's rules, which a model read from the cache never runs
    from parplan.core.deadlines.parts import parse_part
    from parplan.core.deadlines.tokens import soft_pieces, split_parts, strip_part, tokenize

    tokens = tokenize(nfc)
    if not tokens:
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))
    parts: list[Part] = []
    for raw in split_parts(tokens):
        # " - Triển khai: …" joined into one line: separate parts if each is a labelled deadline
        pieces = soft_pieces(raw)
        if pieces is not None:
            stripped = [strip_part(p) for p in pieces]
            tried = [parse_part(nfc, p, year, last_year) for p in stripped if p]
            if len(tried) == len(pieces) and all(
                p.label is not None and not p.result.problems for p in tried
            ):
                parts.extend(tried)
                continue
        parts.append(parse_part(nfc, raw, year, last_year))
    if not parts:  # nothing but separators
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))
    return _milestones(nfc, parts)


def _milestones(nfc: str, parts: list[Part]) -> ParsedDeadline:
    """Label the parts' entries: a labelled part's one milestone takes its label, several take
    "LABEL (PERIOD)"; unlabelled, the deadline's only milestone has none, several their PERIOD."""
    # lazy: the recurrence rules, loaded with the grammar's (see `_parse`)
    from parplan.core.deadlines.recurring import rhythm

    total = sum(len(p.result.entries) for p in parts)
    milestones: list[Milestone] = []
    problems: list[DeadlineProblem] = []
    for part in parts:
        problems.extend(part.result.problems)
        entries = part.result.entries
        for e in entries:
            label: str | None
            if part.label is not None:
                label = part.label if len(entries) == 1 else f"{part.label} ({e.period})"
            else:
                label = None if total == 1 else e.period
            every = rhythm(e.period) if e.kind == ONGOING else None
            milestones.append(
                Milestone(label, e.due, e.kind, e.condition, start=e.start, every=every)
            )
    if not milestones and not problems:
        problems.append(DeadlineProblem(SYNTAX_PROBLEM, nfc, 0))
    return ParsedDeadline(tuple(milestones), tuple(problems))
