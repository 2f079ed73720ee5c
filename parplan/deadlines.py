"""The deadline grammar: a deadline as written in a plan → milestones.

Pure functions over text; no I/O, no knowledge of the plan file.

A deadline ("Thời gian thực hiện") ends on the last day of the period it names (Civil Code
art. 146-148): "Tháng 3/2025" is due 31/03/2025, "Quý II/2025" 30/06/2025, "Năm 2025"
31/12/2025, "Trước 20/01/2025" 20/01/2025 (inclusive).

Reading
-------
The text is NFC-normalised first; matching is case-insensitive and tolerant of any whitespace
(newlines, non-breaking and zero-width spaces) and of any dash (-, ‐, –, —, −) in spans. Offsets
of problems are offsets in the NFC-normalised text, and ``fragment`` is the exact slice of that
text at ``offset``.

The text is split into *parts* at ";" and at line-leading bullets ("- ", "• ", "+ "). A dash
that begins a line (after a line break, maybe after spaces) is always a bullet, whatever follows
it: "- Tháng 3/2025\n- Tháng 6/2025" is two parts, and "Tháng 01\n- 3/2025" is "Tháng 01" then
"3/2025" (a problem). A span dash is one inside a line: "Tháng 01- 3/2025", "Quý III - IV/2025",
and also a dash that ends a line, "Tháng 01 -\n3/2025" (a bullet never ends a line; wrapped cells
are joined by one space anyway). A bullet that opens a part (after ";") is dropped. A bullet
that was joined into the line (" - Triển khai: …") also separates parts when every piece then
reads as a labelled deadline. A final ".", "," or ";" is ignored. Each part is one of:

* a time phrase (below), unlabelled;
* a condition — it opens with a subordinating word: "Sau khi", "Khi …", "Tùy/Tuỳ …", "Phụ
  thuộc …", "Căn cứ …", or "Theo" before a noun ("Theo tiến độ", "Theo lộ trình của …") → one
  CONDITIONAL milestone whose ``condition`` is the text as written (whitespace collapsed);
* an occasion — a condition whose object is a request, a need or an occurrence ("Khi có yêu
  cầu", "Theo yêu cầu", "Khi phát sinh", "Khi cần thiết"): work done on demand → one ONGOING
  milestone (no date, never overdue; it waits for nothing that could be recorded as met);
* ``LABEL: time phrase or condition`` → the milestones carry the label;
* ``LABEL time phrase`` (no colon), e.g. "Xây dựng Kế hoạch tháng 3/2025" → label "Xây dựng Kế
  hoạch"; a connective ("trong", "vào", "chậm nhất", …) between them belongs to the time phrase;
* ``LABEL condition`` ("Triển khai sau khi …").

Labels without a colon: the label runs up to the first token where something time-like starts,
and all the rest must be one time phrase (or a condition); otherwise the whole part is a
``deadline-syntax`` problem. Time-like is: the start of any time phrase of the grammar
(ongoing and recurring words such as "Thường xuyên", "định kỳ", "hằng quý", "thường niên"
included), a condition marker, a time word ("tháng", "quý", "năm", "ngày", "tuần") followed by a
number, a numeral word ("ba", "mười", "giêng", …) or a Roman numeral, and a bare date ("3/2025",
"15/6", "20/01/2025"; with "-" or "." only with a 4-digit year, so "Mục 1.2" is no date; numbers
followed by "/" or "-" and a word are a document number, "01/2025/TT-BNV", not a date). So a
colonless label never contains a time phrase, and nothing is silently dropped into one:

* "Tháng 3/2025 Tháng 6/2025", "Quý I/2025 Quý II/2025", "Năm 2024 năm 2025": two time phrases
  side by side, with no "," "và" ";" or bullet between them, are a problem — the writer probably
  meant a list, but the text does not say so (write "Tháng 3, 6/2025" or one per line);
* "Tháng 3/2025 sau khi …", "Tháng 3/2025 Thường xuyên", "tháng ba năm 2025" (months are
  written in numbers), "Báo cáo năm 2024 trước 31/3/2025", "Hội nghị thường niên tháng 3/2025"
  are problems. Write the label with a colon ("Báo cáo năm 2024: Trước 31/3/2025"): the text
  before a colon is taken as written, whatever it holds;
* the label may not end in a word that changes the meaning of the date ("trước", "sau", "từ",
  "đầu", "giữa", "hoặc", …): "Trước tháng 6/2025" and "Tháng 3/2025 hoặc sớm hơn" are problems,
  not guesses; nor may the time phrase start inside a number ("Mục 1.2 tháng 3/2025").

Time phrases (Y is the plan's year, used wherever a year is left out):

* months: "Tháng 3/2025", "tháng 12 năm 2025", "tháng 6" (→ Y), lists "Tháng 6, 12/2025",
  "tháng 6 và tháng 12/2025" (a year written later in the list applies to the months before it),
  spans "Tháng 01- 3/2025", "từ tháng 1 đến tháng 3/2025" (→ end of the last month);
* quarters: "Quý I/2025" … "Quý IV/2025", "Quý 1/2025", "quý II năm 2024", lists and spans
  "Quý III- IV/2025" like months;
* years: "Năm 2025", "Trong năm 2025", "trong năm" / "cuối năm" (→ Y), "Năm 2025-2026",
  "Giai đoạn 2026-2030" (→ the end of the last year);
* a month written as dates are, two digits and the year: "09/2026", "03-06/2026" (one digit,
  "3/2025", stays a problem: alone it is more likely a wrapped "Tháng 01 -\n3/2025");
* parts of a year: "6 tháng đầu năm [2025]" → 30/06, "6 tháng cuối năm" → 31/12 (generally
  "N tháng đầu năm" → end of month N), "nửa đầu/cuối năm";
* days: "Trước 31/12/2025", "trước ngày 05/02/2025", "ngày 15 tháng 6 năm 2025", "20/01/2025",
  "ngày 15/6" (→ Y), lists "ngày 15/6 và 15/12/2025"; "/", "-" or "." between the numbers;
* optional leading connectives: "trong", "vào", "cuối", "hết", "đến (hết)", "chậm nhất", "hạn"
  (and "trước" before a day; "trước" before a month/quarter/year is ambiguous and rejected);
* recurring: "Hằng quý"/"Hàng quý" → the four quarter ends of Y; "Hằng tháng" → the twelve
  month ends; "Hằng năm"/"Thường niên" → 31/12/Y; "Hằng 6 tháng", "6 tháng một lần" → 30/06
  and 31/12; "Định kỳ hàng quý, 6 tháng, 1 năm [và đột xuất]" → the union of those dates, in
  date order (one milestone per date, named after its finest period); an explicit schedule in
  parentheses wins: "Định kỳ … (Tháng 3, 6, 9, 12/2025)" → those four months. A year may follow:
  "Hằng quý năm 2026";
* ongoing: "Thường xuyên", "Định kỳ", "Liên tục", "Đột xuất", "Hằng ngày", "Hằng tuần" and lists
  of them ("Thường xuyên, định kỳ") → one ONGOING milestone (no due date, never overdue);
* several of the above joined by "," or "và" ("Quý I/2025 và tháng 12/2025"); there the year of
  one phrase does not carry over to another;
* alternatives joined by "hoặc" ("Tháng 12/2026 hoặc Tháng 01/2027"): one milestone, due at the
  later date, and a ``deadline-alternative`` problem (a warning: the plan is ambiguous);
* from a start onwards: "Từ Quý II/2026", "kể từ ngày 01/3/2026", "Triển khai từ tháng 7/2026"
  → one ONGOING milestone whose ``start`` is the first day of that period (no due date).

Plans of several years (``parse_deadline(text, first, last)``, a plan with ``period:``):
recurring phrases without a year recur in every year of the period ("Hằng năm" in 2026-2030 →
five year ends), and a phrase that takes the plan's year for want of its own ("6 tháng đầu năm",
"tháng 6", "Quý II", "trong năm") is a ``deadline-ambiguous`` problem. A deadline longer than
MAX_LENGTH (500) characters is not read at all: one ``bad-value`` problem.

Labels
------
* A labelled part that yields one milestone → the label as written ("Ban hành").
* A labelled part that yields several → "LABEL (PERIOD)", e.g. "Báo cáo (Quý I/2025)".
* An unlabelled milestone → None if it is the deadline's only milestone, else its PERIOD.

PERIOD is the canonical name of what was written: "Tháng 3/2025", "Tháng 1-3/2025",
"Quý I/2025", "Quý III-IV/2025", "Năm 2025", "6 tháng đầu năm 2025", "6 tháng cuối năm 2025",
"Ngày 20/1/2025" (no leading zeros); for an ONGOING milestone the phrase as written
("Thường xuyên"), for a CONDITIONAL one the condition.

Problems
--------
``deadline-syntax``: text not understood (the fragment is the part, or the text after a label's
colon, at its offset); an empty text. ``deadline-date``: a date that cannot exist — month 0 or 13, day 32,
"31/02", "Quý V", "Quý 0", year 0, a span that ends before it starts. Milestones that were
understood are returned with the problems.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

DATE = "date"
ONGOING = "ongoing"
CONDITIONAL = "conditional"

SYNTAX_PROBLEM = "deadline-syntax"
DATE_PROBLEM = "deadline-date"
AMBIGUOUS_PROBLEM = "deadline-ambiguous"  # no year written, in a plan of several years
ALTERNATIVE_PROBLEM = "deadline-alternative"  # "A hoặc B": due at the later one (a warning)
LENGTH_PROBLEM = "bad-value"  # longer than MAX_LENGTH: not parsed at all
MAX_LENGTH = 500


@dataclass(frozen=True)
class Milestone:
    """One point a deadline asks for: a due date, or none (ongoing / conditional)."""

    label: str | None
    due: date | None
    kind: str  # DATE | ONGOING | CONDITIONAL
    condition: str | None = None  # for CONDITIONAL: the condition as written
    # Set by a plan's reporting calendar (parplan.periods): ``due`` is then the calendar's
    # working deadline, ``legal_due`` the day the deadline as written ends, and ``report`` the
    # name of the report the milestone is ("Báo cáo CCHC quý I").
    legal_due: date | None = None
    report: str | None = None
    start: date | None = None  # for ONGOING "from a start onwards": the day it starts


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


def parse_deadline(text: str, year: int, last_year: int | None = None) -> ParsedDeadline:
    """Turn a deadline as written into milestones, for a plan of the given year.

    ``last_year``: the plan covers the years ``year``..``last_year`` (``period: 2026-2030``);
    recurring phrases then recur every year, and a phrase without a year is ambiguous.
    See the module docstring for the grammar and the label conventions. Never raises: what is
    not understood is reported in ``problems`` (codes "deadline-syntax", "deadline-date",
    "deadline-ambiguous", "deadline-alternative" and, past MAX_LENGTH characters, "bad-value").
    """
    if len(text) > MAX_LENGTH:  # checked first: nothing this long is read at all
        return ParsedDeadline((), (DeadlineProblem(LENGTH_PROBLEM, text[:40] + "…", 0),))
    try:
        nfc = unicodedata.normalize("NFC", text)
    except Exception:
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, repr(text), 0),))
    # The grammar lives in its own module, imported on the first deadline parsed: a view of a
    # cached plan parses none, and creating the grammar's classes and patterns costs some ms.
    from parplan.deadline_grammar import parse_nfc

    try:
        return parse_nfc(nfc, year, last_year if last_year is not None else year)
    except Exception:  # a safety net: the grammar should not get here
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))
