"""An independent reading of the appendix table of Quyết định 971/QĐ-BNV.

The source text (``data/source/``) lays the table out as cells separated by lines that hold only
"|"; a cell's text wraps across lines. This module re-derives the sections, tasks and leaf items
from it, so tests can hold ``data/plan-2025.yaml`` to the decision's words. It deliberately shares
no code with the ``parplan`` package.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "data/source/971-QD-BNV-ke-hoach-CCHC-2025.txt"

SECTION = re.compile(r"^([IVX]+)\.\s+(.*)$", re.S)
TASK = re.compile(r"^(\d+)\.\s+(.*)$", re.S)
ACTIVITY = re.compile(r"^(\d+)\.(\d+)\.\s+(.*)$", re.S)


@dataclass
class Row:
    """A leaf of the table: an activity, or a task with no activities."""

    id: str
    section: str
    task_title: str
    product: str
    lead: str
    support: str
    deadline: str
    note: str


@dataclass
class Section:
    id: str
    title: str
    rows: list[Row] = field(default_factory=list)


def _cells(text: str) -> list[str]:
    start = text.index("\nPHỤ LỤC\n")
    body = text[start:]
    # Skip the title block and the header row: the first cell is the header "Nội dung/Nhiệm vụ".
    lines = body.splitlines()[1:]
    cells: list[str] = []
    current: list[str] = []
    for line in lines:
        if line.strip() == "|":
            cells.append(" ".join(part.strip() for part in current))
            current = []
        else:
            current.append(line)
    if current and any(part.strip() for part in current):
        cells.append(" ".join(part.strip() for part in current))
    # Drop the title block and the six header cells (up to and including "Ghi chú").
    header_end = cells.index("Ghi chú")
    return cells[header_end + 1 :]


def read_sections(path: Path = SOURCE) -> list[Section]:
    """Every section of the appendix with its leaf rows, in order."""
    cells = [c for c in _cells(path.read_text(encoding="utf-8"))]
    sections: list[Section] = []
    position = 0

    def next_nonempty() -> str | None:
        nonlocal position
        while position < len(cells) and cells[position] == "":
            position += 1
        if position >= len(cells):
            return None
        cell = cells[position]
        position += 1
        return cell

    def leaf_fields() -> tuple[str, str, str, str]:
        nonlocal position
        lead, support, deadline, note = cells[position : position + 4]
        position += 4
        return lead, support, deadline, note

    pending: str | None = next_nonempty()
    task_number = task_title = ""
    while pending is not None:
        cell = pending
        pending = None
        if (m := SECTION.match(cell)) and cell.split(".")[0].isupper():
            sections.append(Section(m.group(1), m.group(2)))
        elif m := ACTIVITY.match(cell):
            assert m.group(1) == task_number, cell
            section = sections[-1]
            lead, support, deadline, note = leaf_fields()
            section.rows.append(
                Row(
                    f"{section.id}.{task_number}.{m.group(2)}",
                    section.id,
                    task_title,
                    m.group(3),
                    lead,
                    support,
                    deadline,
                    note,
                )
            )
        elif m := TASK.match(cell):
            task_number, task_title = m.group(1), m.group(2)
            following = next_nonempty()
            if following is not None and not ACTIVITY.match(following):
                section = sections[-1]
                lead, support, deadline, note = leaf_fields()
                section.rows.append(
                    Row(
                        f"{section.id}.{task_number}",
                        section.id,
                        task_title,
                        following,
                        lead,
                        support,
                        deadline,
                        note,
                    )
                )
            else:
                pending = following
                continue
        else:
            raise ValueError(f"unexpected cell in the appendix: {cell!r}")
        pending = next_nonempty()
    return sections


def read_rows(path: Path = SOURCE) -> list[Row]:
    return [row for section in read_sections(path) for row in section.rows]
