"""Tokens of a deadline, with their offsets, and its split into parts.

A part is what ";" and line-leading bullets separate: "- Ban hành: Tháng 12/2024; - Triển
khai: Năm 2025" has two. A dash that begins a line is always a bullet; one inside a line may be a
span ("Quý III - IV/2025") or, between spaces, a bullet joined into the line (``soft_pieces``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parplan.core.deadlines.words import CONTINUES_A_SPAN, ROMAN_WORD

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_TOKEN_RE = re.compile(
    rf"(?P<space>[\s{_INVISIBLE}]+)|(?P<num>\d+)|(?P<word>[^\W\d_]+)|(?P<punct>.)", re.S
)
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
BULLETS = {"-", "•", "+", "*", "●", "▪", "◦", "·"}


@dataclass(frozen=True)
class Token:
    text: str  # lower case; every dash folded to "-"
    start: int  # offsets in the NFC-normalised text
    end: int
    kind: str  # "num" | "word" | "punct"
    line_start: bool  # first token of the text or of a line


def tokenize(nfc: str) -> list[Token]:
    """Numbers, words and punctuation marks; spaces of every kind only separate them."""
    tokens: list[Token] = []
    line_start = True
    for m in _TOKEN_RE.finditer(nfc):
        kind = m.lastgroup or "punct"
        text = m.group()
        if kind == "space":
            if _LINE_BREAKS.search(text):
                line_start = True
            continue
        if kind == "punct" and text in DASHES:
            text = "-"
        tokens.append(Token(text.lower(), m.start(), m.end(), kind, line_start))
        line_start = False
    return tokens


def split_parts(tokens: list[Token]) -> list[list[Token]]:
    """Split at ";" and at line-leading bullets (always bullets); drop bullets opening a part."""
    parts: list[list[Token]] = [[]]
    for t in tokens:
        if t.text == ";":
            parts.append([])
            continue
        if t.text in BULLETS and t.line_start:
            if parts[-1]:
                parts.append([])
            continue
        parts[-1].append(t)
    stripped = (strip_part(p) for p in parts)
    return [p for p in stripped if p]


def strip_part(part: list[Token]) -> list[Token]:
    """Drop the bullets that open a part (nothing precedes them: never a span) and a final "."."""
    start, end = 0, len(part)
    while start < end and part[start].text in BULLETS:
        start += 1
    while end > start and part[end - 1].text in (".", ",", ";"):
        end -= 1
    return part[start:end]


def soft_pieces(part: list[Token]) -> list[list[Token]] | None:
    """Split "A: x - B: y" (bullets joined into one line) at dashes between spaces."""
    cuts = [
        k
        for k in range(1, len(part) - 1)
        if part[k].text == "-"
        and part[k - 1].end < part[k].start
        and part[k].end < part[k + 1].start
        and not _continues_a_span(part[k + 1])
    ]
    if not cuts:
        return None
    pieces, previous = [], 0
    for k in cuts:
        pieces.append(part[previous:k])
        previous = k + 1
    pieces.append(part[previous:])
    return pieces if all(pieces) else None


def _continues_a_span(token: Token) -> bool:
    """After a dash inside a line: does this token continue a span ("Quý III - IV")?"""
    if token.kind != "word":
        return True
    return bool(ROMAN_WORD.fullmatch(token.text)) or token.text in CONTINUES_A_SPAN
