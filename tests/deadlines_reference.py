"""A frozen copy of parplan/core/deadlines.py before its rewrite: the oracle of test_deadlines_differential.py.

Do not edit: the rewritten parser must give exactly what this gives. (Original docstring below.)

The deadline grammar: a deadline as written in a plan → milestones.


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

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial

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
    # Set by a plan's reporting calendar (parplan.core.periods): ``due`` is then the calendar's
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
    try:
        return _parse(nfc, year, last_year if last_year is not None else year)
    except Exception:  # a safety net: the grammar should not get here
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_TOKEN_RE = re.compile(
    rf"(?P<space>[\s{_INVISIBLE}]+)|(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<punct>.)", re.S
)
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_BULLETS = {"-", "•", "+", "*", "●", "▪", "◦", "·"}
_ROMAN_WORD = re.compile(r"[ivx]+")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
_ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class _Tok:
    text: str  # lower case; every dash folded to "-"
    start: int
    end: int
    kind: str  # "num" | "word" | "punct"
    line_start: bool  # first token of the text or of a line


def _tokenize(nfc: str) -> list[_Tok]:
    toks: list[_Tok] = []
    line_start = True
    for m in _TOKEN_RE.finditer(nfc):
        kind = m.lastgroup or "punct"
        s = m.group()
        if kind == "space":
            if _LINE_BREAKS.search(s):
                line_start = True
            continue
        if kind == "punct" and s in _DASHES:
            s = "-"
        toks.append(_Tok(s.lower(), m.start(), m.end(), kind, line_start))
        line_start = False
    return toks


def _same(res: _Res) -> _Res:
    return res


def _collapse(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------


def _month_end(y: int, m: int) -> date | None:
    try:
        return date(y, m, calendar.monthrange(y, m)[1])
    except (ValueError, OverflowError, TypeError):
        return None


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except (ValueError, OverflowError, TypeError):
        return None


# --------------------------------------------------------------------------------------------
# Parse results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    kind: str
    due: date | None
    period: str  # canonical name, used as a label when several milestones need telling apart
    condition: str | None = None
    start: date | None = None


# A frequency of a recurring deadline: (kind, months, first token, token after), see ``freq``.
_Freq = tuple[str, int, int, int]


@dataclass
class _Res:
    entries: list[_Entry] = field(default_factory=list)
    problems: list[DeadlineProblem] = field(default_factory=list)

    def __add__(self, other: _Res) -> _Res:
        return _Res(self.entries + other.entries, self.problems + other.problems)


@dataclass(frozen=True)
class _Elem:
    """One item of a list of months/quarters/years, maybe a span "a - b"."""

    a: int
    ya: int | None
    b: int | None
    yb: int | None
    i: int  # token span
    j: int


@dataclass(frozen=True)
class _Day:
    """One day of a list of days: "ngày 15/6", "20/01/2025", "15 tháng 6 năm 2025"."""

    d: int
    m: int
    y: int | None
    has_ngay: bool  # "ngày" was written
    i: int  # token span
    j: int


@dataclass(frozen=True)
class _Unit:
    keyword: str
    has_year: bool  # "tháng 3/2025": a year may follow the number


_MONTH = _Unit("tháng", True)
_QUARTER = _Unit("quý", True)
_YEAR = _Unit("năm", False)

# Words that may lead a period ("trong tháng 3/2025") or a day ("trước ngày 20/01/2025").
_COMMON_MODS = (
    "trong",
    "vào",
    "đến hết",
    "đến cuối",
    "đến",
    "tới",
    "hết",
    "chậm nhất là",
    "chậm nhất",
    "muộn nhất là",
    "muộn nhất",
    "hạn chót",
    "thời hạn",
    "hạn",
    "là",
)
_PERIOD_MODS = ("cuối", *_COMMON_MODS)
_DAY_MODS = ("trước", *_COMMON_MODS)
_SPAN_SEPS = ("-", "đến hết", "đến", "tới")
_LIST_SEPS = (", và", ",", "và", "&")
_FREQ_SEPS = (", và", ", hoặc", ",", "và", "hoặc", "/")
_ONGOING_WORDS = (
    "thường xuyên",
    "định kỳ",
    "liên tục",
    "đột xuất",
    "hằng ngày",
    "hàng ngày",
    "mỗi ngày",
    "hằng tuần",
    "hàng tuần",
    "mỗi tuần",
)
# A time word followed by a number, a numeral word or a Roman numeral is a time phrase, even one
# the grammar does not read ("tháng ba"): it can be neither a label nor part of one.
_TIME_WORDS = {"tháng", "quý", "năm", "ngày", "tuần"}
_NUMERAL_WORDS = {
    "một",
    "hai",
    "ba",
    "bốn",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "bẩy",
    "tám",
    "chín",
    "mười",
    "mươi",
    "giêng",
    "chạp",
}
# A label before a time phrase may not end with one of these: they change the date's meaning
# ("trước tháng 6"), belong to it ("ngày"), or leave the text ambiguous ("hoặc").
_LABEL_STOPS = {
    "trước",
    "sau",
    "từ",
    "đầu",
    "giữa",
    "cuối",
    "đến",
    "tới",
    "hết",
    "khoảng",
    "trong",
    "vào",
    "ngày",
    "tháng",
    "quý",
    "năm",
    "hạn",
    "là",
    "và",
    "hoặc",
    "nhất",
    "hàng",
    "hằng",
    "mỗi",
    "kể",
    "/",
    "(",
}


class _Parser:
    """Backtracking recursive descent over the tokens of one part of a deadline."""

    def __init__(self, toks: Sequence[_Tok], year: int, nfc: str, last_year: int | None = None):
        self.toks = toks
        self.n = len(toks)
        self.year = year
        self.last_year = year if last_year is None else last_year
        self.nfc = nfc
        self._memo: dict[int, _Res | None] = {}
        # Only whether something starts here, not how far it runs: lists stop at their first
        # element, so asking at every position of a part stays linear (see _time_starts).
        self.shallow = False

    # ---- helpers --------------------------------------------------------------------------

    def seq(self, i: int, phrase: str) -> int | None:
        """Match the space-separated tokens of ``phrase`` at i; the position after, or None."""
        for w in phrase.split():
            if i >= self.n or self.toks[i].text != w:
                return None
            i += 1
        return i

    def one_of(self, i: int, phrases: Sequence[str]) -> Iterator[int]:
        for p in phrases:
            j = self.seq(i, p)
            if j is not None:
                yield j

    def one_of_deep(self, i: int, phrases: Sequence[str]) -> Iterator[int]:
        """``one_of`` for the separators of a list: nothing when only its start matters."""
        return iter(()) if self.shallow else self.one_of(i, phrases)

    def opt(self, i: int, phrase: str) -> list[int]:
        j = self.seq(i, phrase)
        return [i] if j is None else [j, i]

    def num(self, i: int, maxlen: int = 2) -> tuple[int, int] | None:
        if i < self.n and self.toks[i].kind == "num" and len(self.toks[i].text) <= maxlen:
            return int(self.toks[i].text), i + 1
        return None

    def year4(self, i: int) -> tuple[int, int] | None:
        if i < self.n and self.toks[i].kind == "num" and len(self.toks[i].text) == 4:
            return int(self.toks[i].text), i + 1
        return None

    def text(self, i: int, j: int) -> str:
        """The NFC text of tokens i..j-1, as written."""
        return self.nfc[self.toks[i].start : self.toks[j - 1].end] if j > i else ""

    def problem(self, code: str, i: int, j: int) -> DeadlineProblem:
        return DeadlineProblem(code, self.text(i, j), self.toks[i].start if i < self.n else 0)

    def implied_year(self, res: _Res, i: int, j: int) -> int:
        """The plan's year for a phrase that names none: ambiguous in a plan of several years."""
        if self.last_year > self.year:
            res.problems.append(self.problem(AMBIGUOUS_PROBLEM, i, j))
        return self.year

    def mods(self, i: int, table: Sequence[str], depth: int = 3) -> Iterator[tuple[bool, int]]:
        """Zero to ``depth`` leading connectives; (whether any, position after)."""
        if depth:
            for j in self.one_of(i, table):
                for _, k in self.mods(j, table, depth - 1):
                    yield True, k
        yield False, i

    # ---- entry points ---------------------------------------------------------------------

    def full(self, i: int = 0) -> _Res | None:
        """A reading of tokens i..end as one time phrase (or a list of them), or None."""
        if i in self._memo:
            return self._memo[i]
        self._memo[i] = None
        found: _Res | None = None
        for make, j in self.readings(i):
            if j == self.n:
                found = make()
                break
            for k in self.one_of(j, _LIST_SEPS):
                rest = self.full(k) if k < self.n else None
                if rest is not None:
                    found = make() + rest
                    break
            if found is None:
                for k in self.one_of(j, ("hoặc", ", hoặc")):
                    rest = self.full(k) if k < self.n else None
                    if rest is not None:
                        found = self.alternative(make() + rest, i)
                        break
            if found is not None:
                break
        self._memo[i] = found
        return found

    def alternative(self, both: _Res, i: int) -> _Res | None:
        """ "Tháng 12/2026 hoặc Tháng 01/2027": due at the later date, and the plan is ambiguous."""
        if not both.entries or any(e.kind != DATE for e in both.entries):
            return None
        latest = max(both.entries, key=lambda e: e.due or date.min)
        text = _collapse(self.text(i, self.n))
        warning = self.problem(ALTERNATIVE_PROBLEM, i, self.n)
        return _Res([_Entry(DATE, latest.due, text)], [*both.problems, warning])

    def readings(self, i: int) -> Iterator[tuple[Callable[[], _Res], int]]:
        """Every reading of one time phrase at i, longest lists first, each resolved only when
        asked for: resolving every prefix of a long list would be quadratic in its length."""
        for _had_mod, j in self.mods(i, _PERIOD_MODS):
            for unit in (_MONTH, _QUARTER, _YEAR):
                for elems, k in self.plist(j, unit):
                    yield partial(self.resolve, unit, elems), k
        for res, k in self.other_atoms(i):
            yield partial(_same, res), k

    def other_atoms(self, i: int) -> Iterator[tuple[_Res, int]]:
        for had_mod, j in self.mods(i, _PERIOD_MODS):
            for res, k in self.part_of_year(j):
                yield res, k
            if had_mod:  # "trong năm", "cuối năm": the plan's year
                after_year = self.seq(j, "năm")
                if after_year is not None:
                    res = _Res()
                    y = self.implied_year(res, j, after_year)
                    yield res + self.year_end(y, j, after_year), after_year
            yield from self.bare_months(j)
            after_period = self.seq(j, "giai đoạn")  # "Giai đoạn 2026-2030": end of its last year
            if after_period is not None:
                for e, k2 in self.elem(after_period, _YEAR, need_kw=False):
                    yield self.resolve(_YEAR, [e]), k2
        for had_mod, j in self.mods(i, _DAY_MODS):
            yield from self.days(j, had_mod)
        yield from self.recurring(i)
        yield from self.ongoing(i)
        yield from self.from_start(i)

    def bare_months(self, i: int) -> Iterator[tuple[_Res, int]]:
        """A month without the word "tháng", written as dates are, two digits and the year:
        "09/2026", "03-06/2026". One digit ("3/2025") stays a problem: alone on a line it is
        more likely a wrapped "Tháng 01 -\\n3/2025" than a deadline. "01/2025/TT-BNV" is the
        number of a document, not a month."""
        if i >= self.n or len(self.toks[i].text) != 2:
            return
        for e, j in self.elem(i, _MONTH, need_kw=False):
            if e.ya is None and e.yb is None:
                continue
            if (
                j + 1 < self.n
                and self.toks[j].text in ("/", "-")
                and self.toks[j + 1].kind == "word"
            ):
                continue
            for elems, k in self.plist_tail([e], j, _MONTH):
                yield self.resolve(_MONTH, elems), k

    def from_start(self, i: int) -> Iterator[tuple[_Res, int]]:
        """ "Từ Quý II/2026", "kể từ ngày 01/3/2026": ongoing from that day on, no due date."""
        for j in self.one_of(i, ("bắt đầu từ", "kể từ", "từ")):
            for unit in (_MONTH, _QUARTER, _YEAR):
                for e, k in self.elem(j, unit, need_kw=True):
                    if e.b is None:
                        yield self.started(self.resolve(unit, [e]), unit, e, i, k), k
            for day, k in self.day_elem(j):
                if day.y is not None or day.has_ngay:
                    res = self.resolve_days([day])
                    first = res.entries[0].due if res.entries else None
                    yield self.from_day(res, first, i, k), k

    def started(self, res: _Res, unit: _Unit, e: _Elem, i: int, j: int) -> _Res:
        if not res.entries:
            return res
        due = res.entries[0].due
        assert due is not None
        if unit is _YEAR:
            first = date(due.year, 1, 1)
        else:
            first = date(due.year, e.a if unit is _MONTH else 3 * e.a - 2, 1)
        return self.from_day(res, first, i, j)

    def from_day(self, res: _Res, first: date | None, i: int, j: int) -> _Res:
        if first is None:
            return res
        period = _collapse(self.text(i, j))
        return _Res([_Entry(ONGOING, None, period, start=first)], res.problems)

    # ---- months, quarters, years -------------------------------------------------------------

    def unit_num(self, i: int, unit: _Unit) -> tuple[int, int] | None:
        if unit is _YEAR:
            return self.year4(i)
        r = self.num(i)
        if r is not None or unit is _MONTH:
            return r
        if i < self.n and self.toks[i].kind == "word" and _ROMAN_WORD.fullmatch(self.toks[i].text):
            return _ROMAN.get(self.toks[i].text, 0), i + 1
        return None

    def year_suffix(self, i: int, unit: _Unit) -> Iterator[tuple[int | None, int]]:
        if unit.has_year:
            for j in self.one_of(i, ("/", ", năm", "năm")):
                r = self.year4(j)
                if r is not None:
                    yield r
        yield None, i

    def elem(self, i: int, unit: _Unit, need_kw: bool) -> Iterator[tuple[_Elem, int]]:
        """One item of a list: a period ("tháng 3/2025") or a span of them ("tháng 1 - 3/2025",
        "từ tháng 1 đến tháng 3"); ``need_kw``: the keyword ("tháng") must be written."""
        for start in self.opt(i, "từ"):
            span_only = start != i  # "từ tháng 3" alone is a start, not a deadline
            for first, first_year, after_first in self.period_number(start, unit, need_kw):
                for after_sep in self.one_of(after_first, _SPAN_SEPS):
                    for last, last_year, end in self.period_number(after_sep, unit, False):
                        yield _Elem(first, first_year, last, last_year, i, end), end
                if not span_only:
                    yield _Elem(first, first_year, None, None, i, after_first), after_first

    def period_number(
        self, i: int, unit: _Unit, need_kw: bool
    ) -> Iterator[tuple[int, int | None, int]]:
        """ "tháng 3/2025", "3", "Quý II năm 2025": (number, its year or None, position after)."""
        if need_kw:
            after_kw = self.seq(i, unit.keyword)
            starts = [] if after_kw is None else [after_kw]
        else:
            starts = self.opt(i, unit.keyword)
        for start in starts:
            found = self.unit_num(start, unit)
            if found is None:
                continue
            number, after_number = found
            for year, end in self.year_suffix(after_number, unit):
                yield number, year, end

    def plist(self, i: int, unit: _Unit) -> Iterator[tuple[list[_Elem], int]]:
        for e, j in self.elem(i, unit, need_kw=True):
            yield from self.plist_tail([e], j, unit)

    def plist_tail(
        self, elems: list[_Elem], i: int, unit: _Unit
    ) -> Iterator[tuple[list[_Elem], int]]:
        for j in self.one_of_deep(i, _LIST_SEPS):
            for e, k in self.elem(j, unit, need_kw=False):
                yield from self.plist_tail([*elems, e], k, unit)
        yield elems, i

    def resolve(self, unit: _Unit, elems: list[_Elem]) -> _Res:
        res = _Res()
        carry: int | None = None  # a year written later in the list applies to earlier items
        resolved: list[tuple[_Elem, int, int]] = []
        for e in reversed(elems):
            end_year = (e.yb if e.b is not None else e.ya) or carry
            if unit is _YEAR:  # "Năm 2026 - 2027": the numbers are the years
                end_year = e.b if e.b is not None else e.a
            if end_year is None:
                end_year = self.implied_year(res, e.i, e.j)
            start_year = e.ya or end_year
            carry = e.ya or e.yb or carry
            resolved.append((e, start_year, end_year))
        for e, ys, ye in reversed(resolved):
            entry = self.period_entry(unit, e, ys, ye)
            if entry is None:
                res.problems.append(self.problem(DATE_PROBLEM, e.i, e.j))
            else:
                res.entries.append(entry)
        return res

    def period_entry(self, unit: _Unit, e: _Elem, ys: int, ye: int) -> _Entry | None:
        if unit is _YEAR:
            last = e.b if e.b is not None else e.a
            due = _month_end(last, 12)
            if due is None or _month_end(e.a, 12) is None or e.a > last:
                return None
            return _Entry(DATE, due, f"Năm {e.a}" if e.b is None else f"Năm {e.a}-{e.b}")
        top = 12 if unit is _MONTH else 4
        per = 1 if unit is _MONTH else 3
        last = e.b if e.b is not None else e.a
        if not (1 <= e.a <= top and 1 <= last <= top) or (ys, e.a) > (ye, last):
            return None
        due = _month_end(ye, last * per)
        if due is None or _month_end(ys, e.a * per) is None:
            return None

        def name(v: int) -> str:
            return str(v) if unit is _MONTH else _ROMAN_OUT[v]

        word = "Tháng" if unit is _MONTH else "Quý"
        if e.b is None:
            period = f"{word} {name(e.a)}/{ye}"
        elif ys == ye:
            period = f"{word} {name(e.a)}-{name(last)}/{ye}"
        else:
            period = f"{word} {name(e.a)}/{ys}-{name(last)}/{ye}"
        return _Entry(DATE, due, period)

    def year_end(self, y: int, i: int, j: int) -> _Res:
        due = _month_end(y, 12)
        if due is None:
            return _Res([], [self.problem(DATE_PROBLEM, i, j)])
        return _Res([_Entry(DATE, due, f"Năm {y}")])

    def part_of_year(self, i: int) -> Iterator[tuple[_Res, int]]:
        """ "6 tháng đầu năm [2025]", "6 tháng cuối năm", "nửa đầu năm"."""
        starts: list[tuple[int, int]] = []
        r = self.num(i)
        if r is not None:
            starts.append(r)
        k = self.seq(i, "sáu")
        if k is not None:
            starts.append((6, k))
        k = self.seq(i, "nửa")
        if k is not None:
            starts.append((-6, k))  # "nửa": half, no "tháng" follows
        for count, j in starts:
            if count > 0:
                after_month = self.seq(j, "tháng")
                if after_month is None:
                    continue
                j = after_month
            for which in ("đầu", "cuối"):
                k = self.seq(j, f"{which} năm")
                if k is None:
                    continue
                for k1 in self.opt(k, "/"):
                    ry = self.year4(k1)
                    if ry is not None:
                        yield self.part_entry(abs(count), which, ry[0], i, ry[1]), ry[1]
                yield self.part_entry(abs(count), which, None, i, k), k

    def part_entry(self, count: int, which: str, y: int | None, i: int, j: int) -> _Res:
        res = _Res()
        y = self.implied_year(res, i, j) if y is None else y
        month = count if which == "đầu" else 12
        due = _month_end(y, month) if 1 <= count <= 12 else None
        if due is None:
            return _Res([], [*res.problems, self.problem(DATE_PROBLEM, i, j)])
        return res + _Res([_Entry(DATE, due, f"{count} tháng {which} năm {y}")])

    # ---- days ---------------------------------------------------------------------------------

    def day_elem(self, i: int) -> Iterator[tuple[_Day, int]]:
        """One day: "ngày 15/6", "20/01/2025", "15 tháng 6 năm 2025"."""
        for start in self.opt(i, "ngày"):
            has_ngay = start != i
            found = self.num(start)
            if found is None:
                continue
            day, after_day = found
            for month, year, end in self.month_of_day(after_day):
                yield _Day(day, month, year, has_ngay, i, end), end

    def month_of_day(self, i: int) -> Iterator[tuple[int, int | None, int]]:
        """After a day's number: "/6/2025", "-6", ".6.2025" (one separator throughout), or
        " tháng 6 năm 2025"; (month, year or None, position after)."""
        for sep in ("/", "-", "."):
            after_sep = self.seq(i, sep)
            found = self.num(after_sep) if after_sep is not None else None
            if found is None:
                continue
            month, after_month = found
            before_year = self.seq(after_month, sep)
            year = self.year4(before_year) if before_year is not None else None
            if year is not None:
                yield month, year[0], year[1]
            yield month, None, after_month
        after_word = self.seq(i, "tháng")
        found = self.num(after_word) if after_word is not None else None
        if found is not None:
            month, after_month = found
            for year_of, end in self.year_suffix(after_month, _MONTH):
                yield month, year_of, end

    def days(self, i: int, had_mod: bool) -> Iterator[tuple[_Res, int]]:
        for first, j in self.day_elem(i):
            yield from self.days_tail([first], j, had_mod)

    def days_tail(self, elems: list[_Day], i: int, had_mod: bool) -> Iterator[tuple[_Res, int]]:
        for j in self.one_of_deep(i, _LIST_SEPS):
            for e, k in self.day_elem(j):
                yield from self.days_tail([*elems, e], k, had_mod)
        # A bare "15/6" is too ambiguous; it needs "ngày", a connective or a year in the list.
        if had_mod or elems[0].has_ngay or any(e.y is not None for e in elems):
            yield self.resolve_days(elems), i

    def resolve_days(self, elems: list[_Day]) -> _Res:
        res = _Res()
        carry: int | None = None  # a year written later in the list applies to earlier days
        years: list[int] = []
        for e in reversed(elems):
            y = e.y or carry
            years.append(self.implied_year(res, e.i, e.j) if y is None else y)
            carry = e.y or carry
        for e, y in zip(elems, reversed(years), strict=True):
            due = _day(y, e.m, e.d)
            if due is None:
                res.problems.append(self.problem(DATE_PROBLEM, e.i, e.j))
            else:
                res.entries.append(_Entry(DATE, due, f"Ngày {e.d}/{e.m}/{y}"))
        return res

    # ---- recurring and ongoing ----------------------------------------------------------------

    def freq(self, i: int, free: bool) -> Iterator[tuple[tuple[str, int, int, int], int]]:
        """One frequency: (kind, months, start, end).

        kind: month, quarter, year, every (N months), ongoing (weekly, daily) or adhoc.
        """
        units = (
            ("tháng", "month"),
            ("quý", "quarter"),
            ("năm", "year"),
            ("tuần", "ongoing"),
            ("ngày", "ongoing"),
        )
        for prefix in ("hằng", "hàng", "mỗi"):
            j = self.seq(i, prefix)
            if j is None:
                continue
            for w, kind in units:
                k = self.seq(j, w)
                if k is not None:
                    yield (kind, 0, i, k), k
            for count, k in self.count_months(j):
                yield ("every", count, i, k), k
        k = self.seq(i, "thường niên")
        if k is not None:
            yield ("year", 0, i, k), k
        for count, j in self.count_months(i):
            for k in self.one_of(j, ("một lần", "1 lần", "/ lần")):
                yield ("every", count, i, k), k
            if free:
                yield ("every", count, i, j), j
        if free:
            for phrase, kind in (
                ("1 năm", "year"),
                ("một năm", "year"),
                ("năm", "year"),
                ("quý", "quarter"),
                ("tháng", "month"),
                ("đột xuất", "adhoc"),
            ):
                k = self.seq(i, phrase)
                if k is not None:
                    yield (kind, 0, i, k), k

    def count_months(self, i: int) -> Iterator[tuple[int, int]]:
        """ "6 tháng", "sáu tháng"."""
        r = self.num(i)
        starts = [] if r is None else [r]
        k = self.seq(i, "sáu")
        if k is not None:
            starts.append((6, k))
        for count, j in starts:
            k = self.seq(j, "tháng")
            if k is not None:
                yield count, k

    def freq_list(self, i: int, free: bool) -> Iterator[tuple[list[_Freq], int]]:
        for f, j in self.freq(i, free):
            yield from self.freq_tail([f], j)

    def freq_tail(self, freqs: list[_Freq], i: int) -> Iterator[tuple[list[_Freq], int]]:
        for j in self.one_of_deep(i, _FREQ_SEPS):
            for f, k in self.freq(j, True):
                yield from self.freq_tail([*freqs, f], k)
        yield freqs, i

    def schedule(self, i: int) -> _Res | None:
        """An explicit schedule in parentheses closing the phrase: "(Tháng 3, 6, 9, 12/2025)"."""
        if i < self.n - 2 and self.toks[i].text == "(" and self.toks[-1].text == ")":
            inner = _Parser(self.toks[i + 1 : self.n - 1], self.year, self.nfc, self.last_year)
            return inner.full()
        return None

    def recurring(self, i: int) -> Iterator[tuple[_Res, int]]:
        for after_word in self.opt(i, "định kỳ"):
            periodic = after_word != i  # "Định kỳ" written: a bare "quý", "6 tháng" is a frequency
            for start in self.opt(after_word, ",") if periodic else [after_word]:
                for freqs, after_freqs in self.freq_list(start, periodic):
                    for year, end in self.year_suffix(after_freqs, _MONTH):
                        schedule = self.schedule(end)
                        if schedule is not None:
                            yield schedule, self.n
                        yield self.generate(freqs, year, i, end), end
            if periodic:
                schedule = self.schedule(after_word)
                if schedule is not None:
                    yield schedule, self.n

    def generate(self, freqs: list[_Freq], y: int | None, i: int, j: int) -> _Res:
        # Without a year of its own, a recurring phrase recurs in every year of the plan.
        years = range(self.year, self.last_year + 1) if y is None else range(y, y + 1)
        res = _Res()
        for y in years:
            one = self.generate_year(freqs, y, i, j)
            res.problems.extend(p for p in one.problems if p not in res.problems)
            res.entries.extend(e for e in one.entries if e not in res.entries)
        return res

    def generate_year(self, freqs: list[_Freq], y: int, i: int, j: int) -> _Res:
        res = _Res()
        found: list[tuple[date, int, str]] = []  # (due, coarseness, period)
        ongoing = False
        bad_year = False
        for kind, count, fi, fj in freqs:
            steps: list[tuple[int, int, str]] = []  # (month, coarseness, period)
            if kind == "month" or (kind == "every" and count == 1):
                steps = [(m, 0, f"Tháng {m}/{y}") for m in range(1, 13)]
            elif kind == "quarter" or (kind == "every" and count == 3):
                steps = [(3 * q, 1, f"Quý {_ROMAN_OUT[q]}/{y}") for q in range(1, 5)]
            elif kind == "every" and count == 6:
                steps = [(6, 2, f"6 tháng đầu năm {y}"), (12, 2, f"6 tháng cuối năm {y}")]
            elif kind == "year" or (kind == "every" and count == 12):
                steps = [(12, 3, f"Năm {y}")]
            elif kind == "every" and count in (2, 4):
                steps = [(m, 0, f"Tháng {m}/{y}") for m in range(count, 13, count)]
            elif kind == "every":
                res.problems.append(self.problem(SYNTAX_PROBLEM, fi, fj))
            elif kind == "ongoing":
                ongoing = True
            for m, rank, period in steps:
                due = _month_end(y, m)
                if due is None:
                    bad_year = True
                else:
                    found.append((due, rank, period))
        if bad_year:
            res.problems.append(self.problem(DATE_PROBLEM, i, j))
        if ongoing or (not found and not res.problems):
            res.entries.append(_Entry(ONGOING, None, _collapse(self.text(i, j))))
        seen: set[date] = set()
        for due, _rank, period in sorted(found):
            if due not in seen:
                seen.add(due)
                res.entries.append(_Entry(DATE, due, period))
        return res

    def ongoing(self, i: int) -> Iterator[tuple[_Res, int]]:
        for j in self.one_of(i, _ONGOING_WORDS):
            yield from self.ongoing_tail(i, j)

    def ongoing_tail(self, i: int, j: int) -> Iterator[tuple[_Res, int]]:
        for k in self.one_of_deep(j, _FREQ_SEPS):
            for k2 in self.one_of(k, _ONGOING_WORDS):
                yield from self.ongoing_tail(i, k2)
        entry = _Res([_Entry(ONGOING, None, _collapse(self.text(i, j)))])
        # "Thường xuyên trong năm 2025": still ongoing
        for k in self.opt(j, "trong"):
            after_year = self.seq(k, "năm")
            if after_year is None:
                continue
            ry = self.year4(after_year)
            if ry is not None:
                yield entry, ry[1]
            if k != j:
                yield entry, after_year
        yield entry, j


# --------------------------------------------------------------------------------------------
# Parts and labels
# --------------------------------------------------------------------------------------------


def _is_continuation(tok: _Tok | None) -> bool:
    """After a dash inside a line: does this token continue a span ("Quý III - IV")?"""
    if tok is None or tok.kind != "word":
        return True
    return bool(_ROMAN_WORD.fullmatch(tok.text)) or tok.text in {"tháng", "quý", "năm", "ngày"}


def _split_parts(toks: list[_Tok]) -> list[list[_Tok]]:
    """Split at ";" and at line-leading bullets (always bullets); drop bullets opening a part."""
    parts: list[list[_Tok]] = [[]]
    for t in toks:
        if t.text == ";":
            parts.append([])
            continue
        if t.text in _BULLETS and t.line_start:
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(t)
    stripped = (_strip_part(p) for p in parts)
    return [p for p in stripped if p]


def _strip_part(part: list[_Tok]) -> list[_Tok]:
    """Drop the bullets that open a part (nothing precedes them: never a span) and a final "."."""
    start, end = 0, len(part)
    while start < end and part[start].text in _BULLETS:
        start += 1
    while end > start and part[end - 1].text in (".", ",", ";"):
        end -= 1
    return part[start:end]


def _soft_pieces(part: list[_Tok]) -> list[list[_Tok]] | None:
    """Split "A: x - B: y" (bullets joined into one line) at dashes between spaces."""
    cuts = [
        k
        for k in range(1, len(part) - 1)
        if part[k].text == "-"
        and part[k - 1].end < part[k].start
        and part[k].end < part[k + 1].start
        and not _is_continuation(part[k + 1])
    ]
    if not cuts:
        return None
    pieces, prev = [], 0
    for k in cuts:
        pieces.append(part[prev:k])
        prev = k + 1
    pieces.append(part[prev:])
    return pieces if all(pieces) else None


@dataclass
class _Part:
    label: str | None
    res: _Res


def _label_text(nfc: str, toks: Sequence[_Tok], before_time: bool = False) -> str | None:
    """The label written in ``toks``, or None if there is none (no word in it).

    ``before_time``: the label runs straight into a time phrase or a condition, so it may not
    end in a word that would change their meaning (see _LABEL_STOPS).
    """
    toks = list(toks)
    while toks and toks[-1].text in {":", "-", ",", "("}:
        toks = toks[:-1]
    while toks and toks[0].text in _BULLETS:
        toks = toks[1:]
    if not toks or not any(t.kind == "word" for t in toks):
        return None
    if before_time and toks[-1].text in _LABEL_STOPS:
        return None
    return _collapse(nfc[toks[0].start : toks[-1].end])


def _condition(nfc: str, toks: Sequence[_Tok]) -> _Res:
    """A condition ("Sau khi …", "Theo lộ trình …"), or an occasion: on demand ("Khi có yêu
    cầu", "Khi phát sinh") is ONGOING, with no date and never overdue."""
    text = _collapse(nfc[toks[0].start : toks[-1].end])
    if _on_demand(toks, 0):
        return _Res([_Entry(ONGOING, None, text)])
    return _Res([_Entry(CONDITIONAL, None, text, condition=text)])


def _syntax(nfc: str, toks: Sequence[_Tok]) -> _Res:
    fragment = nfc[toks[0].start : toks[-1].end]
    return _Res([], [DeadlineProblem(SYNTAX_PROBLEM, fragment, toks[0].start)])


def _parse_part(nfc: str, toks: list[_Tok], year: int, last_year: int) -> _Part:
    whole = _Parser(toks, year, nfc, last_year)
    res = whole.full()
    if res is not None:
        return _Part(None, res)
    if _starts_with_condition(toks):
        return _Part(None, _condition(nfc, toks))
    colon = next((k for k, t in enumerate(toks) if t.text == ":"), None)
    if colon is not None:
        label = _label_text(nfc, toks[:colon])
        if label is None and colon > 0:  # "12: Tháng 3/2025": no label, yet not nothing
            return _Part(None, _syntax(nfc, toks[:colon]))
        rest = toks[colon + 1 :]
        if not rest:
            return _Part(label, _syntax(nfc, toks))
        res = _Parser(rest, year, nfc, last_year).full()
        if res is not None:
            return _Part(label, res)
        if _starts_with_condition(rest):
            return _Part(label, _condition(nfc, rest))
        return _Part(label, _syntax(nfc, rest))
    # No colon: the label runs up to the first place where anything time-like starts, and
    # everything from there must be one time phrase (or a condition). A label thus never holds
    # a time phrase: "Tháng 3/2025 Tháng 6/2025" is a problem, not "Tháng 3/2025" due in June.
    starts = _Parser(toks, year, nfc, last_year)
    starts.shallow = True
    k = next((k for k in range(len(toks)) if _time_starts(starts, toks, k)), 0)
    label = _label_text(nfc, toks[:k], before_time=True) if k else None
    if k >= 2 and _glued(toks[k - 2], toks[k - 1], toks[k]):  # "Mục 1.2 tháng 3": "2 tháng 3"?
        label = None
    if label is not None:
        if _starts_with_condition(toks, k):
            return _Part(label, _condition(nfc, toks[k:]))
        res = whole.full(k)
        if res is not None:
            return _Part(label, res)
    return _Part(None, _syntax(nfc, toks))


def _glued(a: _Tok, sep: _Tok, b: _Tok) -> bool:
    """ "1.2", "1-2", "1/2": b continues the number a; a time phrase cannot start at b."""
    return (
        a.kind == b.kind == "num"
        and sep.kind == "punct"
        and a.end == sep.start
        and sep.end == b.start
    )


def _time_starts(parser: _Parser, toks: Sequence[_Tok], k: int) -> bool:
    """Does something time-like start at token k (see "Labels without a colon")?"""
    if _starts_with_condition(toks, k) or next(parser.readings(k), None) is not None:
        return True
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if toks[k].text in _TIME_WORDS and nxt is not None and _is_numeral(nxt):
        return True  # "tháng ba", "quý hai", "tuần 2"
    return _bare_date_at(toks, k)


def _is_numeral(tok: _Tok) -> bool:
    return tok.kind == "num" or tok.text in _NUMERAL_WORDS or bool(_ROMAN_WORD.fullmatch(tok.text))


def _bare_date_at(toks: Sequence[_Tok], k: int) -> bool:
    """A date written as bare numbers at k: "3/2025", "15/6", "20/01/2025", "20-01-2025".

    With "-" or "." it needs a 4-digit year ("1.2" is a section number); numbers followed by
    "/" or "-" and a word are a document number ("01/2025/TT-BNV"), not a date.
    """

    def at(j: int) -> _Tok | None:
        return toks[j] if j < len(toks) else None

    first = at(k)
    if first is None or first.kind != "num":
        return False
    nums, seps, j = [first.text], set(), k + 1
    while len(nums) < 3 and (sep := at(j)) and sep.text in ("/", "-", ".") and (n := at(j + 1)):
        if n.kind != "num":
            break
        nums.append(n.text)
        seps.add(sep.text)
        j += 2
    if len(nums) < 2 or len(seps) != 1:
        return False
    after, word = at(j), at(j + 1)
    if after and after.text in ("/", "-") and word and word.kind == "word":
        return False
    *head, last = nums
    if any(len(x) > 2 for x in head) or len(last) not in (1, 2, 4):
        return False
    return seps == {"/"} or len(last) == 4


def _starts_with_condition(toks: Sequence[_Tok], k: int = 0) -> bool:
    """Does a condition start at token k? It opens with a subordinating word: "sau khi", "khi"
    (a clause follows), "tùy"/"tuỳ", "phụ thuộc", "căn cứ", or "theo" before a noun ("theo lộ
    trình", "theo tiến độ"; not before a time word)."""

    def word(j: int) -> str:
        return toks[j].text if j < len(toks) else ""

    first, second = word(k), word(k + 1)
    if first == "ngay":
        first, second = second, word(k + 2)
    if first in ("khi", "tùy", "tuỳ") and second and second != "nào":  # "khi nào": a question
        return True
    if (first, second) in (("sau", "khi"), ("phụ", "thuộc"), ("căn", "cứ")):
        return True
    return (
        first == "theo"
        and k + 1 < len(toks)
        and toks[k + 1].kind == "word"
        and second not in _TIME_WORDS
    )


def _on_demand(toks: Sequence[_Tok], k: int) -> bool:
    """ "Khi có yêu cầu", "Theo yêu cầu", "Khi phát sinh", "Khi cần thiết": a condition whose
    object is a request, a need or an occurrence — work done on demand, not waited for."""
    words = [t.text for t in toks[k : k + 4]]
    if not words or words[0] not in ("khi", "theo", "nếu"):
        return False
    rest = words[1:]
    if rest[:1] == ["có"]:
        rest = rest[1:]
    return rest[:2] in (["yêu", "cầu"], ["phát", "sinh"], ["nhu", "cầu"]) or rest[:1] == ["cần"]


def _parse(nfc: str, year: int, last_year: int) -> ParsedDeadline:
    toks = _tokenize(nfc)
    if not toks:
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))
    parts: list[_Part] = []
    for raw in _split_parts(toks):
        pieces = _soft_pieces(raw)
        if pieces is not None:
            stripped = [_strip_part(p) for p in pieces]
            tried = [_parse_part(nfc, p, year, last_year) for p in stripped if p]
            if len(tried) == len(pieces) and all(
                p.label is not None and not p.res.problems for p in tried
            ):
                parts.extend(tried)
                continue
        parts.append(_parse_part(nfc, raw, year, last_year))
    if not parts:  # nothing but separators
        return ParsedDeadline((), (DeadlineProblem(SYNTAX_PROBLEM, nfc, 0),))

    total = sum(len(p.res.entries) for p in parts)
    milestones: list[Milestone] = []
    problems: list[DeadlineProblem] = []
    for part in parts:
        problems.extend(part.res.problems)
        for e in part.res.entries:
            label: str | None
            if part.label is not None:
                label = part.label if len(part.res.entries) == 1 else f"{part.label} ({e.period})"
            else:
                label = None if total == 1 else e.period
            milestones.append(Milestone(label, e.due, e.kind, e.condition, start=e.start))
    if not milestones and not problems:
        problems.append(DeadlineProblem(SYNTAX_PROBLEM, nfc, 0))
    return ParsedDeadline(tuple(milestones), tuple(problems))
