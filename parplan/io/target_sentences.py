"""Numeric targets found in a decision being imported (``parplan import``, issue 21).

A plan's body (and sometimes its appendix) states targets in a few set phrasings: "tỷ lệ …
đạt tối thiểu 50%", "Phấn đấu đạt tỷ lệ số hóa 100% …", "tối thiểu 80% thủ tục hành chính …",
"không quá 5%". This module finds such clauses in the text read, and proposes each as a target
for the new plan's ``targets:`` — with a warning to review it (``import-target``): a phrasing
can be misread, and a sentence can hold a figure that is no target. Pure functions over text.

A clause is a run of text ending at ". " or ";" (across the source's line breaks, joined with
spaces) holding "N%" and a word that makes it a target ("tỷ lệ", "tối thiểu", "ít nhất",
"tối đa", "không quá", "đạt", "phấn đấu"; as written, marks and all, so that "đất" and "đặt"
are not "đạt" — folded only in a clause written without any mark). Its comparison: "tối thiểu", "ít nhất", "không
thấp hơn", "trở lên" → at-least; "tối đa", "không quá", "dưới" → at-most; otherwise 100% →
exactly, any other figure → at-least. Its ID follows the numbering it sits under ("II.2.g-1":
section, part, lettered point, then the clause's number there), else "T-1", "T-2", ….
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from parplan.core.model import WARNING, Diagnostic, Source
from parplan.core.text import fold, nfc
from parplan.io.fmt_scalars import scalar_text

CODE = "import-target"

_PERCENT = re.compile(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%")
# The words as written, with their marks: folded, "đạt" (reach) would be "đất" (land) and "đặt"
# (set) as well. A clause written without any mark (typed on a keyboard without Vietnamese) is
# matched on the folded words instead.
_TARGET_WORDS = ("tỷ lệ", "tỉ lệ", "tối thiểu", "ít nhất", "tối đa", "không quá", "đạt", "phấn đấu")
_AT_LEAST = ("tối thiểu", "ít nhất", "không thấp hơn", "trở lên")
_AT_MOST = ("tối đa", "không quá", "dưới")
_SECTION = re.compile(r"^([IVX]{1,5})\.\s")
_PART = re.compile(r"^(\d{1,2})\.\s")
_POINT = re.compile(r"^([a-zđ])\)\s")


@dataclass(frozen=True)
class Proposed:
    """A clause read as a target: where it starts (1-based line and column of the source),
    its words, the figure and how it is compared."""

    id: str
    text: str
    line: int
    column: int
    value: float
    comparison: str


def find_targets(lines: Sequence[str]) -> list[Proposed]:
    """The target clauses of a text given as lines (see the module's docstring)."""
    found: list[Proposed] = []
    section = part = point = ""
    counts: dict[str, int] = {}
    chars: list[str] = []
    places: list[tuple[int, int, str, str, str]] = []  # (line, column, section, part, point)

    def flush() -> None:
        text = "".join(chars).strip()
        if text:
            offset = len("".join(chars)) - len("".join(chars).lstrip())
            start = places[offset]
            proposed = _clause(text, start, counts)
            if proposed is not None:
                found.append(proposed)
        chars.clear()
        places.clear()

    for number, raw in enumerate(lines, start=1):
        line = nfc(raw).rstrip()
        stripped = line.strip()
        if stripped in ("|", ""):  # a table's cell separator, a blank line: a clause ends
            flush()
            continue
        for pattern, level in ((_SECTION, 0), (_PART, 1), (_POINT, 2)):
            match = pattern.match(stripped)
            if match:
                flush()
                if level == 0:
                    section, part, point = match[1], "", ""
                elif level == 1:
                    part, point = match[1], ""
                else:
                    point = match[1]
                break
        if chars:
            chars.append(" ")
            places.append(places[-1])
        indent = len(line) - len(line.lstrip())
        for column, char in enumerate(line[indent:], start=indent + 1):
            chars.append(char)
            places.append((number, column, section, part, point))
            if (
                char == ";"
                or (char == "." and column == len(line))
                or (char == "." and column < len(line) and line[column] == " ")
            ):
                flush()
    flush()
    return found


def _clause(
    text: str, start: tuple[int, int, str, str, str], counts: dict[str, int]
) -> Proposed | None:
    figures = _PERCENT.findall(text)
    if len(figures) != 1:  # none, or several figures: not one target (reviewed by hand)
        return None
    if not _says(text, _TARGET_WORDS):
        return None
    value = float(figures[0].replace(",", "."))
    if value > 100:
        return None
    if _says(text, _AT_LEAST):
        comparison = "at-least"
    elif _says(text, _AT_MOST):
        comparison = "at-most"
    else:
        comparison = "exactly" if value == 100 else "at-least"
    line, column, section, part, point = start
    where = ".".join(p for p in (section, part, point) if p) or "T"
    counts[where] = counts.get(where, 0) + 1
    # A clause opening a lettered point starts after "g) ".
    prefix = re.match(r"^[a-zđ]\)\s+", text)
    if prefix:
        text, column = text[prefix.end() :], column + prefix.end()
    return Proposed(f"{where}-{counts[where]}", text, line, column, value, comparison)


def _says(text: str, words: Sequence[str]) -> bool:
    """Whether the clause holds one of ``words`` as words of its own: as written, marks and
    all (any case); in a clause written without marks, folded."""
    lowered = " ".join(nfc(text).lower().split())
    folded = " ".join(fold(text).split())
    if folded == lowered:  # no mark anywhere: match the folded words
        lowered, words = folded, [fold(word) for word in words]
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words)


def proposed_targets(path: str) -> list[Proposed]:
    """The target clauses of a decision's text file (a Word file: none; its table cells are
    the appendix's, rarely targets)."""
    if Path(path).suffix.lower() == ".docx":
        return []
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    return find_targets(text.splitlines())


def with_proposed_targets(path: str, plan_text: str) -> tuple[str, list[Diagnostic]]:
    """The imported plan's text with a ``targets:`` list proposed from the decision's target
    clauses (before ``sections:``), and an ``import-target`` warning at each clause: review
    it, fix its comparison or value, or delete it."""
    found = proposed_targets(path)
    if not found or "\nsections:\n" not in plan_text:
        return plan_text, []

    lines = ["targets:"]
    name = Path(path).name
    for position, target in enumerate(found):
        if position:
            lines.append("")
        value = int(target.value) if target.value == int(target.value) else target.value
        lines += [
            f"  - id: {scalar_text(target.id)}",
            f"    text: {scalar_text(target.text)}",
            f"    source: {scalar_text(f'{name}:{target.line}:{target.column}')}",
            "    measure: percent",
            f"    comparison: {target.comparison}",
            f"    value: {value}",
        ]
    block = "\n".join(lines) + "\n\n"
    text = plan_text.replace("\nsections:\n", "\n" + block + "sections:\n", 1)
    notes = [
        Diagnostic(
            Source(path, target.line, target.column),
            WARNING,
            CODE,
            {
                "id": target.id,
                "comparison": {"at-least": "≥", "exactly": "=", "at-most": "≤"}[target.comparison],
                "value": target.value,
                "text": target.text[:120],
            },
        )
        for target in found
    ]
    return text, notes
