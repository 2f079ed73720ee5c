"""One part of a deadline: a time phrase, a condition, or a label and one of them.

``LABEL: phrase`` takes the label as written. Without a colon the label runs up to the first
token where anything time-like starts, and all the rest must be one time phrase or condition:
so a label never holds a time phrase, and nothing is silently dropped into one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from parplan.core.deadlines.model import (
    CONDITIONAL,
    ONGOING,
    SYNTAX_PROBLEM,
    DeadlineProblem,
    Entry,
    Result,
)
from parplan.core.deadlines.phrases import phrases, reader, readings
from parplan.core.deadlines.reader import Reader, collapse
from parplan.core.deadlines.tokens import BULLETS, Token
from parplan.core.deadlines.words import LABEL_STOPS, NUMERAL_WORDS, ROMAN_WORD, TIME_WORDS


@dataclass(frozen=True)
class Part:
    """A part read: its label (None if unlabelled) and what the rest of it says."""

    label: str | None
    result: Result


def parse_part(nfc: str, tokens: list[Token], year: int, last_year: int) -> Part:
    """A part, read as a whole phrase, a condition, ``LABEL: …``, or ``LABEL …``."""
    whole = reader(tokens, year, nfc, last_year)
    result = phrases(whole)
    if result is not None:
        return Part(None, result)
    if starts_with_condition(tokens):
        return Part(None, condition(nfc, tokens))
    colon = next((k for k, t in enumerate(tokens) if t.text == ":"), None)
    if colon is not None:
        return _labelled_with_colon(nfc, tokens, colon, year, last_year)
    # No colon: the label runs up to the first place where anything time-like starts, and
    # everything from there must be one time phrase (or a condition). A label thus never holds
    # a time phrase: "Tháng 3/2025 Tháng 6/2025" is a problem, not "Tháng 3/2025" due in June.
    starts = reader(tokens, year, nfc, last_year)
    starts.shallow = True
    k = next((k for k in range(len(tokens)) if time_starts(starts, k)), 0)
    label = label_text(nfc, tokens[:k], before_time=True) if k else None
    if k >= 2 and _glued(tokens[k - 2], tokens[k - 1], tokens[k]):  # "Mục 1.2 tháng 3"
        label = None
    if label is not None:
        if starts_with_condition(tokens, k):
            return Part(label, condition(nfc, tokens[k:]))
        result = phrases(whole, k)
        if result is not None:
            return Part(label, result)
    return Part(None, syntax(nfc, tokens))


def _labelled_with_colon(
    nfc: str, tokens: list[Token], colon: int, year: int, last_year: int
) -> Part:
    label = label_text(nfc, tokens[:colon])
    if label is None and colon > 0:  # "12: Tháng 3/2025": no label, yet not nothing
        return Part(None, syntax(nfc, tokens[:colon]))
    rest = tokens[colon + 1 :]
    if not rest:
        return Part(label, syntax(nfc, tokens))
    result = phrases(reader(rest, year, nfc, last_year))
    if result is not None:
        return Part(label, result)
    if starts_with_condition(rest):
        return Part(label, condition(nfc, rest))
    return Part(label, syntax(nfc, rest))


def label_text(nfc: str, tokens: Sequence[Token], before_time: bool = False) -> str | None:
    """The label written in ``tokens``, or None if there is none (no word in it).

    ``before_time``: the label runs straight into a time phrase or a condition, so it may not
    end in a word that would change their meaning (see words.LABEL_STOPS).
    """
    tokens = list(tokens)
    while tokens and tokens[-1].text in {":", "-", ",", "("}:
        tokens = tokens[:-1]
    while tokens and tokens[0].text in BULLETS:
        tokens = tokens[1:]
    if not tokens or not any(t.kind == "word" for t in tokens):
        return None
    if before_time and tokens[-1].text in LABEL_STOPS:
        return None
    return collapse(nfc[tokens[0].start : tokens[-1].end])


def condition(nfc: str, tokens: Sequence[Token]) -> Result:
    """A condition ("Sau khi …", "Theo lộ trình …"), or an occasion: on demand ("Khi có yêu
    cầu", "Khi phát sinh") is ONGOING, with no date and never overdue."""
    text = collapse(nfc[tokens[0].start : tokens[-1].end])
    if _on_demand(tokens):
        return Result([Entry(ONGOING, None, text)])
    return Result([Entry(CONDITIONAL, None, text, condition=text)])


def syntax(nfc: str, tokens: Sequence[Token]) -> Result:
    fragment = nfc[tokens[0].start : tokens[-1].end]
    return Result([], [DeadlineProblem(SYNTAX_PROBLEM, fragment, tokens[0].start)])


def _glued(a: Token, separator: Token, b: Token) -> bool:
    """ "1.2", "1-2", "1/2": b continues the number a; a time phrase cannot start at b."""
    return (
        a.kind == b.kind == "num"
        and separator.kind == "punct"
        and a.end == separator.start
        and separator.end == b.start
    )


def time_starts(r: Reader, k: int) -> bool:
    """Does something time-like start at token k: a time phrase, a condition, a time word
    before a number or a numeral word ("tháng ba"), or a bare date?"""
    tokens = r.tokens
    if starts_with_condition(tokens, k) or next(readings(r, k), None) is not None:
        return True
    after = tokens[k + 1] if k + 1 < len(tokens) else None
    if tokens[k].text in TIME_WORDS and after is not None and _is_numeral(after):
        return True  # "tháng ba", "quý hai", "tuần 2"
    return _bare_date_at(tokens, k)


def _is_numeral(token: Token) -> bool:
    return (
        token.kind == "num" or token.text in NUMERAL_WORDS or bool(ROMAN_WORD.fullmatch(token.text))
    )


def _bare_date_at(tokens: Sequence[Token], k: int) -> bool:
    """A date written as bare numbers at k: "3/2025", "15/6", "20/01/2025", "20-01-2025".

    With "-" or "." it needs a 4-digit year ("1.2" is a section number); numbers followed by
    "/" or "-" and a word are a document number ("01/2025/TT-BNV"), not a date.
    """

    def at(j: int) -> Token | None:
        return tokens[j] if j < len(tokens) else None

    first = at(k)
    if first is None or first.kind != "num":
        return False
    numbers, separators, j = [first.text], set(), k + 1
    while len(numbers) < 3 and (sep := at(j)) and sep.text in ("/", "-", ".") and (n := at(j + 1)):
        if n.kind != "num":
            break
        numbers.append(n.text)
        separators.add(sep.text)
        j += 2
    if len(numbers) < 2 or len(separators) != 1:
        return False
    after, word = at(j), at(j + 1)
    if after and after.text in ("/", "-") and word and word.kind == "word":
        return False
    *head, last = numbers
    if any(len(x) > 2 for x in head) or len(last) not in (1, 2, 4):
        return False
    return separators == {"/"} or len(last) == 4


def starts_with_condition(tokens: Sequence[Token], k: int = 0) -> bool:
    """Does a condition start at token k? It opens with a subordinating word: "sau khi", "khi"
    (a clause follows), "tùy"/"tuỳ", "phụ thuộc", "căn cứ", or "theo" before a noun ("theo lộ
    trình", "theo tiến độ"; not before a time word)."""

    def word(j: int) -> str:
        return tokens[j].text if j < len(tokens) else ""

    first, second = word(k), word(k + 1)
    if first == "ngay":
        first, second = second, word(k + 2)
    if first in ("khi", "tùy", "tuỳ") and second and second != "nào":  # "khi nào": a question
        return True
    if (first, second) in (("sau", "khi"), ("phụ", "thuộc"), ("căn", "cứ")):
        return True
    return (
        first == "theo"
        and k + 1 < len(tokens)
        and tokens[k + 1].kind == "word"
        and second not in TIME_WORDS
    )


def _on_demand(tokens: Sequence[Token]) -> bool:
    """ "Khi có yêu cầu", "Theo yêu cầu", "Khi phát sinh", "Khi cần thiết": a condition whose
    object is a request, a need or an occurrence — work done on demand, not waited for."""
    words = [t.text for t in tokens[:4]]
    if not words or words[0] not in ("khi", "theo", "nếu"):
        return False
    rest = words[1:]
    if rest[:1] == ["có"]:
        rest = rest[1:]
    return rest[:2] in (["yêu", "cầu"], ["phát", "sinh"], ["nhu", "cầu"]) or rest[:1] == ["cần"]
