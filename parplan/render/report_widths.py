"""Column widths of the Word report's tables, from their content (issue 18).

A column is never narrower than its widest word — a header word or any word of a cell, a date
such as "20/01/2025" being one word — so that Word and LibreOffice never break a word across
lines ("Hoàn thàn/h", "20/01/202/5"). The room left over goes to the columns whose text would
otherwise wrap, in proportion to how much more they would need to fit on one line (the way a
browser lays out an automatic table); a header asks only for room for two lines. Widths are measured with Times New Roman's advance widths
(Liberation Serif, the font LibreOffice puts in its place, has the same metrics).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Advance widths of Times New Roman, in thousandths of an em, of the characters 32–126 (read
# from Liberation Serif, metric-compatible with it: Adobe's Times-Roman and Times-Bold metrics).
_REGULAR = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
)  # fmt: skip
_BOLD = (
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278,
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570, 570, 500,
    930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778,
    611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500,
    333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500,
    556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394, 220, 394, 520,
)  # fmt: skip
_OTHER = 1000  # a character outside the table (a dash, a symbol): as wide as an em, to be safe
# Word's default cell margins (0.08 inch each side) and a little slack for rounding, in points.
CELL_PADDING_PT = 2 * 0.08 * 72 + 2


def text_width(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of ``text`` on one line, in points. A Vietnamese letter is as wide as its base
    letter (the marks sit above or below it); đ and Đ as d and D."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char.replace("đ", "d").replace("Đ", "D"))[0]
        if unicodedata.combining(base):
            continue
        code = ord(base)
        total += table[code - 32] if 32 <= code < 127 else _OTHER
    return total * size_pt / 1000


def _words(text: str) -> list[str]:
    return text.split()


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], usable_pt: float, size_pt: float
) -> list[float]:
    """The widths (points) of a table's columns, summing to ``usable_pt``: headers bold, cells
    regular, both at ``size_pt``."""
    count = len(headers)
    least = [0.0] * count  # the widest word
    most = [0.0] * count  # the longest line
    for position, header in enumerate(headers):
        for word in _words(header):
            least[position] = max(least[position], text_width(word, size_pt, bold=True))
        # A header may take two lines: it asks for half its length (at least its widest word).
        whole = text_width(" ".join(_words(header)), size_pt, bold=True)
        most[position] = max(least[position], whole / 2)
    for row in rows:
        for position, cell in enumerate(row):
            for line in cell.splitlines():
                for word in _words(line):
                    least[position] = max(least[position], text_width(word, size_pt))
                whole = text_width(" ".join(_words(line)), size_pt)
                most[position] = max(most[position], whole)
    least = [w + CELL_PADDING_PT for w in least]
    # A long text wraps whatever it is given: it asks for no more than two fifths of the page, so
    # that a short column (a unit's name) is not squeezed to one word a line beside it.
    most = [
        max(min(w + CELL_PADDING_PT, usable_pt * 0.4), low)
        for w, low in zip(most, least, strict=True)
    ]
    spare = usable_pt - sum(least)
    if spare <= 0:  # words too wide for the page whatever is done: shrink all alike
        return [usable_pt * w / sum(least) for w in least]
    wanted = [high - low for high, low in zip(most, least, strict=True)]
    if sum(wanted) <= spare:  # everything fits on one line: share what is left by width
        left = spare - sum(wanted)
        return [high + left * high / sum(most) for high in most]
    return [low + spare * want / sum(wanted) for low, want in zip(least, wanted, strict=True)]
