"""The unit names of a lead or support cell; collective names that are groups."""

from __future__ import annotations

import re
from collections.abc import Sequence

# ---------------------------------------------------------------------------------------------
# Units


def split_units(cell: str, known: Sequence[str] = ()) -> list[str]:
    """The unit names of a lead or support cell, as written.

    Known names (of the registry) are matched first, longest first, ignoring case; elsewhere
    names are separated by ";", by "," or "và" before a capital, and "Các Vụ: A; B" gives
    "Vụ A", "Vụ B".
    """
    cell = " ".join(cell.split()).strip(" .;,")
    if not cell:
        return []
    distributed = re.match(r"^Các\s+([^\W\d_]+)\s*:\s*(.+)$", cell)
    if distributed:
        kind = distributed[1][0].upper() + distributed[1][1:]
        parts = [p.strip(" .") for p in re.split(r"[;,]|\s+và\s+", distributed[2])]
        return [f"{kind} {p}" for p in parts if p]
    folded_known = sorted({k.casefold(): k for k in known}.items(), key=lambda kv: -len(kv[0]))
    folded_set = {folded for folded, _ in folded_known}
    lengths = sorted({len(folded) for folded in folded_set}, reverse=True)  # longest first
    # Positions in the cell, never slices of what is left: linear in the cell's length (a
    # 10 MB cell took minutes when each step copied the rest, issue 19).
    names: list[str] = []
    end = len(cell.rstrip(" ;,.-+"))
    at = 0
    while at < end:
        while at < end and cell[at] in " ;,.-+":
            at += 1
        if cell[at : at + 3].casefold() == "và ":
            at += 3
            while at < end and cell[at] == " ":
                at += 1
        if at >= end:
            break
        found = next(
            (
                size
                for size in lengths
                if (at + size >= end or not cell[at + size].isalnum())
                and cell[at : at + size].casefold() in folded_set
            ),
            None,
        )
        if found is not None:
            after = at + found
            while after < end and cell[after] == " ":
                after += 1
            if after >= end or cell[after] in ";,." or cell[after : after + 3].casefold() == "và ":
                names.append(cell[at : at + found])
                at += found
                continue
        cut = _next_separator(cell, at, end)
        names.append(cell[at : cut[0] if cut else end].strip())
        at = cut[1] if cut else end
    return [n for n in names if n]


_SEPARATOR = re.compile(r";|,|\s+và\s+")
_WORD = re.compile(r"\s*(\S{0,60})")  # a word's start is enough: never scan a long run


def _next_separator(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Where the next name starts, from ``start``: after ";"; after "," before a capital letter
    ("Sở Nội vụ, Sở Tư pháp"; not "Các cơ quan, đơn vị liên quan"); after "và" before the same
    first word as the name's own ("Sở Tư pháp và Sở Tài chính"; not "Sở Khoa học và Công
    nghệ"). Each character is looked at a bounded number of times."""
    end = len(text) if end is None else end
    first_word = _WORD.match(text, start, end)
    first = first_word[1].casefold() if first_word else ""
    for m in _SEPARATOR.finditer(text, start, end):
        following = _WORD.match(text, m.end(), end)
        word = following[1] if following else ""
        if m.group() == ";" or (m.group() == "," and word[:1].isupper()):
            return m.start(), m.end()
        if m.group() != "," and word[:1].isupper() and word.casefold() == first:
            return m.start(), m.end()
    return None


_GROUP_WORDING = re.compile(
    r"^các\s|liên quan|địa phương|^mọi\s|^tất cả"
    # a body of every place or office of a kind: "UBND các xã, phường", "Ủy ban nhân dân các
    # huyện", "UBND cấp xã", "Phòng Nội vụ các huyện" (issue 20)
    r"|\scác\s+(?:xã|phường|huyện|quận|thị xã|thành phố|tỉnh|sở|phòng|đơn vị|cơ quan)\b"
    r"|\scấp\s+(?:xã|huyện|tỉnh)\b",
    re.I,
)


_OUTSIDE_BODIES = re.compile(
    r"^(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân|hđnd)\s+(?:các|cấp)\s", re.I
)


def is_group_wording(name: str) -> bool:
    """A collective name, a group and not a unit: "Các sở, ban, ngành", "Các đơn vị thuộc,
    trực thuộc Bộ", "Các phòng thuộc Sở", "Các cơ quan, đơn vị liên quan", "UBND các xã,
    phường", "Ủy ban nhân dân cấp huyện"."""
    return bool(_GROUP_WORDING.search(name))
