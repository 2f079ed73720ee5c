"""The tokens of one part of a deadline, and the small matchers every grammar rule uses.

Rules are generators: at a token position they yield every way they can read what starts
there, each with the position after it, in the order of preference. The callers take the first
reading after which the rest of the part can be read too (backtracking). Two memos keep this
linear in the length of the part: ``phrases`` is read once per position, and a list (of
months, days, frequencies) does not try its longer tails when none of them can end well
(``may_end``): a list that fails at its end is given up at once, not tried shorter and shorter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from parplan.core.deadlines.model import AMBIGUOUS_PROBLEM, DeadlineProblem, Result
from parplan.core.deadlines.tokens import Token


class Number(NamedTuple):
    value: int
    end: int  # the position after it


class Grammar(NamedTuple):
    """The top of the grammar, which rules below it call back: whether more phrases can follow
    a position (``can_end``), a schedule in parentheses (``recurring.schedule``). The reader
    carries it (``phrases.reader`` makes one), so that no rule imports the rules above it."""

    phrases: Callable[[Reader, int], Result | None]
    can_follow: Callable[[Reader, int], bool]


class Reader:
    """One part's tokens, the plan's years, and a memo of the phrases read at each position."""

    def __init__(
        self, tokens: Sequence[Token], year: int, nfc: str, last_year: int, grammar: Grammar
    ) -> None:
        self.grammar = grammar
        self.tokens = tokens
        self.n = len(tokens)
        self.year = year
        self.last_year = last_year
        self.nfc = nfc
        self.memo: dict[int, Result | None] = {}  # see phrases.phrases
        self._can_end: dict[int, bool] = {}
        self._may_end: dict[tuple[str, int], bool] = {}
        # Only whether something starts here, not how far it runs: lists stop at their first
        # item, so asking at every position of a part stays linear (see parts.time_starts).
        self.shallow = False

    def sub(self, start: int, end: int) -> Reader:
        """A reader of tokens start..end-1 alone (a schedule in parentheses)."""
        return Reader(self.tokens[start:end], self.year, self.nfc, self.last_year, self.grammar)

    def word(self, i: int) -> str:
        return self.tokens[i].text if i < self.n else ""

    def phrase(self, i: int, phrase: str) -> int | None:
        """Match the space-separated tokens of ``phrase`` at i; the position after, or None."""
        for w in phrase.split():
            if i >= self.n or self.tokens[i].text != w:
                return None
            i += 1
        return i

    def any_of(self, i: int, phrases: Sequence[str]) -> Iterator[int]:
        """The position after each of ``phrases`` that matches at i, in their order."""
        for p in phrases:
            end = self.phrase(i, p)
            if end is not None:
                yield end

    def separators(self, i: int, phrases: Sequence[str]) -> Iterator[int]:
        """``any_of`` for the separators of a list: nothing when only its start matters."""
        return iter(()) if self.shallow else self.any_of(i, phrases)

    def optional(self, i: int, phrase: str) -> list[int]:
        """With ``phrase`` (if written) first, then without."""
        end = self.phrase(i, phrase)
        return [i] if end is None else [end, i]

    def number(self, i: int, max_digits: int = 2) -> Number | None:
        token = self.tokens[i] if i < self.n else None
        if token is not None and token.kind == "num" and len(token.text) <= max_digits:
            return Number(int(token.text), i + 1)
        return None

    def year4(self, i: int) -> Number | None:
        token = self.tokens[i] if i < self.n else None
        if token is not None and token.kind == "num" and len(token.text) == 4:
            return Number(int(token.text), i + 1)
        return None

    def connectives(self, i: int, table: Sequence[str], depth: int = 3) -> Iterator[int]:
        """After zero to ``depth`` leading connectives ("trong", "chậm nhất"), most first."""
        if depth:
            for after in self.any_of(i, table):
                yield from self.connectives(after, table, depth - 1)
        yield i

    def can_end(self, pos: int) -> bool:
        """Can a time phrase end at ``pos``: at the end of the part, or before a separator and
        more phrases? (Always, when only the start of a phrase matters.)"""
        if self.shallow:
            return True
        if pos not in self._can_end:
            self._can_end[pos] = self.grammar.can_follow(self, pos)  # the grammar recurses
        return self._can_end[pos]

    def may_end(
        self,
        key: str,
        pos: int,
        next_ends: Callable[[int], Iterable[int]],
        ends_well: Callable[[int], bool] | None = None,
    ) -> bool:
        """Can a list of ``key`` whose last item ends at ``pos``, or any longer one, end well?

        ``next_ends``: where the items that may follow one ending at a position end;
        ``ends_well``: whether a list ending at a position gives a reading that ``can_end``.
        """
        if self.shallow:
            return True
        memo = self._may_end
        ends_well = ends_well or self.can_end
        # Depth first without recursion: a list may have 250 items. Each frame is a position,
        # the ends of the items that may follow it, and the one being looked at.
        frames: list[tuple[int, Iterator[int], list[int]]] = []
        if (key, pos) not in memo:
            frames.append((pos, iter(next_ends(pos)), []))
        while frames:
            at, following, looking_at = frames[-1]
            if looking_at and memo[key, looking_at.pop()]:
                memo[key, at] = True  # a longer list ends well
                frames.pop()
                continue
            for end in following:
                if (key, end) not in memo:
                    looking_at.append(end)
                    frames.append((end, iter(next_ends(end)), []))
                    break
                if memo[key, end]:
                    memo[key, at] = True
                    frames.pop()
                    break
            else:
                memo[key, at] = ends_well(at)
                frames.pop()
        return memo[key, pos]

    def text(self, i: int, j: int) -> str:
        """The NFC text of tokens i..j-1, as written."""
        return self.nfc[self.tokens[i].start : self.tokens[j - 1].end] if j > i else ""

    def problem(self, code: str, i: int, j: int) -> DeadlineProblem:
        return DeadlineProblem(code, self.text(i, j), self.tokens[i].start if i < self.n else 0)

    def implied_year(self, result: Result, i: int, j: int) -> int:
        """The plan's year for a phrase that names none: ambiguous in a plan of several years."""
        if self.last_year > self.year:
            result.problems.append(self.problem(AMBIGUOUS_PROBLEM, i, j))
        return self.year


def collapse(text: str) -> str:
    """Whitespace of any kind collapsed to single spaces."""
    return " ".join(text.split())
