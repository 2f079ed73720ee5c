"""Building the plan's sections, tasks and items from the table's rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from parplan.core.model import Diagnostic, Source
from parplan.core.text import fold, from_roman, is_number, roman
from parplan.io.importer.base import (
    DEADLINE,
    EXTRA,
    INFO,
    LEAD,
    NOTE,
    NUMBER,
    PRODUCT,
    SUPPORT,
    TASK,
    Cell,
    Table,
    _number_of,
)

# ---------------------------------------------------------------------------------------------
# Building the plan


@dataclass
class _Item:
    id: str
    title: str | None  # a leaf task's title; None for an activity
    product: str
    lead: str
    support: str
    deadline: str
    note: str
    extra: dict[str, str]
    line: int
    deadline_line: int
    lead_list: list[str] = field(default_factory=list)
    support_list: list[str] = field(default_factory=list)


@dataclass
class _Task:
    id: str
    title: str
    line: int
    items: list[_Item] = field(default_factory=list)
    leaf: _Item | None = None
    number: int = 0
    parent_title: str = ""


@dataclass
class _Section:
    id: str
    title: str
    tasks: list[_Task] = field(default_factory=list)


class _Builder:
    def __init__(self, path: str, table: Table) -> None:
        self.path = path
        self.table = table
        self.columns = table.columns
        self.report: list[Diagnostic] = []
        self.sections: list[_Section] = []
        self.inherited = 0
        self.last: _Item | None = None
        self.task_heading: _Task | None = None  # a task heading awaiting its activities

    def note(self, line: int, severity: str, code: str, **args: object) -> None:
        self.report.append(Diagnostic(Source(self.path, line, 1), severity, code, args))

    def aligned(self, row: tuple[Cell, ...]) -> dict[int, Cell]:
        """Cells by column: a short row lacks its first columns (merged from above), unless
        it opens with the numbering column."""
        offset = len(self.columns) - len(row)
        if self.columns[0].role == NUMBER and _number_of(row[0].text, bare=True):
            offset = 0
        return {offset + k: cell for k, cell in enumerate(row)}

    def build(self) -> list[_Section]:
        headings = [" ".join(fold(c.heading).split()) for c in self.columns]
        for row in self.table.rows:
            if not any(c.text for c in row):
                continue
            if [" ".join(fold(c.text).split()) for c in row] == headings:
                continue  # the heading row repeated (a table across pages)
            self.row(row)
        return self.sections

    def row(self, row: tuple[Cell, ...]) -> None:
        line = next((c.line for c in row if c.text), row[0].line)
        number, cells = self.numbered(self.aligned(row))
        texts = [
            c.text
            for i, c in sorted(cells.items())
            if c.text and not c.merged and self.columns[i].role != NUMBER
        ]
        if number is not None and number[0] == "roman":
            self.sections.append(
                _Section(self.section_id(number[1], line), texts[0] if texts else "")
            )
            self.task_heading = None
            self.last = None
            return
        if not self.sections:
            self.sections.append(_Section("I", ""))
        by_role = self.roles(cells)
        if number is None:
            if self.last is not None:
                self.continue_item(cells)
                self.note(line, INFO, "import-continued", id=self.last.id)
            return
        if not any(by_role.get(r) for r in (LEAD, SUPPORT, DEADLINE)) and len(texts) <= 1:
            self.heading(number, texts[0] if texts else "", line)
            return
        self.item(number, cells, by_role, line)

    def section_id(self, number: str, line: int) -> str:
        """The section's Roman number, or the one after the last when it is already used (an
        appendix in parts, each numbering its sections from I)."""
        used = {s.id for s in self.sections if s.tasks}  # not the implicit "I" of stray rows
        if number not in used:
            return number
        section_id = roman(max(from_roman(u) or 0 for u in used) + 1)
        self.note(line, INFO, "import-id-renamed", number=number, id=section_id)
        return section_id

    def numbered(
        self, cells: dict[int, Cell]
    ) -> tuple[tuple[str, str, str] | None, dict[int, Cell]]:
        """The row's number, from the numbering column or opening its first cell of its own
        (a cell merged from above belongs to an earlier row); that cell without its number."""
        if self.columns[0].role == NUMBER:
            cell = cells.get(0)
            if cell is None or cell.merged or not cell.text:
                return None, cells
            return _number_of(cell.text, bare=True) or _number_of(cell.text), cells
        own = [i for i, c in sorted(cells.items()) if c.text and not c.merged]
        if not own:
            return None, cells
        cell = cells[own[0]]
        number = _number_of(cell.text)
        if number is None:
            return None, cells
        return number, {**cells, own[0]: replace(cell, text=number[2])}

    def roles(self, cells: dict[int, Cell]) -> dict[str, str]:
        """The texts of a row's own cells (not merged from above), by column role."""
        return {
            self.columns[i].role: c.text
            for i, c in cells.items()
            if c.text and not c.merged and self.columns[i].role not in (TASK, PRODUCT, EXTRA)
        }

    def heading(self, number: tuple[str, str, str], title: str, line: int) -> None:
        section = self.sections[-1]
        parts = number[1].split(".")
        if self.task_heading is not None and len(parts) > 1 and not self.task_heading.items:
            # A heading under a task heading (I.1.1): it becomes the task, after its parent.
            parent = self.task_heading
            if parent in section.tasks and not parent.items:
                section.tasks.remove(parent)
            task = self.new_task(section, parts[-1], f"{parent.title} — {title}", line)
            task.parent_title = parent.title
        elif self.task_heading is not None and len(parts) > 1:
            parent_title = self.task_heading.parent_title or self.task_heading.title
            task = self.new_task(section, parts[-1], f"{parent_title} — {title}", line)
            task.parent_title = parent_title
        else:
            task = self.new_task(section, parts[0], title, line)
        self.task_heading = task
        self.last = None

    def new_task(self, section: _Section, number: str, title: str, line: int) -> _Task:
        used = {t.id for t in section.tasks}
        wanted = f"{section.id}.{int(number)}" if is_number(number) else ""
        task_id = wanted
        if not wanted or wanted in used:
            top = max([t.number for t in section.tasks] or [0])
            task_id = f"{section.id}.{top + 1}"
            if wanted:
                self.note(line, INFO, "import-id-renamed", number=wanted, id=task_id)
        task = _Task(task_id, title, line, number=int(task_id.rsplit(".", 1)[1]))
        section.tasks.append(task)
        return task

    def item(
        self,
        number: tuple[str, str, str],
        cells: dict[int, Cell],
        by_role: dict[str, Any],
        line: int,
    ) -> None:
        section = self.sections[-1]
        own = {self.columns[i].role: c.text for i, c in cells.items() if not c.merged}
        task_text, product = own.get(TASK, ""), own.get(PRODUCT, "")
        inner = _number_of(product) if task_text and product else None
        task_cell = next((c for i, c in cells.items() if self.columns[i].role == TASK), None)
        parts = number[1].split(".")
        spans_down = task_cell is not None and task_cell.spans_down
        if inner is None and task_text and product and (len(parts) > 1 or spans_down):
            # A numbering column: "1.1" | task merged down its activities | the activity.
            parent = ".".join(parts[:-1]) if len(parts) > 1 else parts[0]
            inner, number = (number[0], number[1], product), (number[0], parent, "")
            if len(parts) == 1:
                inner = ("arabic", f"{parts[0]}.1", product)
        if inner is not None and (inner[0] == "letter" or "." in inner[1]):
            # The first row of a task merged down its activities: "2. Task" | "2.1. Activity".
            self.heading(number, task_text, line)
            rest = {
                i: replace(c, merged=True)
                if self.columns[i].role == TASK
                else replace(c, text=inner[2])
                if self.columns[i].role == PRODUCT
                else c
                for i, c in cells.items()
            }
            self.item(inner, rest, by_role, line)
            return
        parts = number[1].split(".")
        # Under a task heading, a row is one of its activities unless it reads as a task of
        # its own: a single number with both a task and a product cell.
        activity = self.task_heading is not None and not (
            len(parts) == 1 and number[0] != "letter" and task_text and product
        )
        if activity:
            assert self.task_heading is not None
            task = self.task_heading
            wanted = parts[-1] if is_number(parts[-1]) else str(len(task.items) + 1)
            item_id = f"{task.id}.{int(wanted)}"
            if item_id in {i.id for i in task.items}:
                renamed = f"{task.id}.{len(task.items) + 1}"
                self.note(line, INFO, "import-id-renamed", number=item_id, id=renamed)
                item_id = renamed
            new = self.new_item(item_id, None, product or task_text, by_role, cells, line)
            task.items.append(new)
        else:
            title = task_text or product
            task = self.new_task(section, parts[0] if is_number(parts[0]) else "0", title, line)
            new = self.new_item(task.id, title, product or title, by_role, cells, line)
            task.leaf = new
            self.task_heading = None
        self.last = new

    def new_item(
        self,
        item_id: str,
        title: str | None,
        product: str,
        by_role: dict[str, str],
        cells: dict[int, Cell],
        line: int,
    ) -> _Item:
        extra = {
            self.columns[i].heading: c.text
            for i, c in cells.items()
            if self.columns[i].role == EXTRA and c.text
        }
        deadline_line = next(
            (c.line for i, c in cells.items() if self.columns[i].role == DEADLINE), line
        )
        new = _Item(
            item_id,
            title,
            product,
            str(by_role.get(LEAD, "")),
            str(by_role.get(SUPPORT, "")),
            str(by_role.get(DEADLINE, "")),
            str(by_role.get(NOTE, "")),
            extra,
            line,
            deadline_line,
        )
        self.inherit(new, cells, line)
        return new

    def inherit(self, new: _Item, cells: dict[int, Cell], line: int) -> None:
        """Empty lead, support or deadline (a cell merged down, in text or Word): the value of
        the row above, said so in the report. Support only when its cell is merged down (in
        Word): an empty support cell is no support."""
        if self.last is None:
            return
        merged = {self.columns[i].role for i, c in cells.items() if c.merged}
        for role, attribute in ((LEAD, "lead"), (SUPPORT, "support"), (DEADLINE, "deadline")):
            if role not in {c.role for c in self.columns}:
                continue
            if role == SUPPORT and role not in merged:
                continue  # an empty support cell is no support unit (most rows have none)
            value = getattr(self.last, attribute)
            if not getattr(new, attribute) and value:
                setattr(new, attribute, value)
                self.inherited += 1
                heading = next(c.heading for c in self.columns if c.role == role)
                self.note(line, INFO, "import-inherited", column=heading, id=new.id, value=value)

    def continue_item(self, cells: dict[int, Cell]) -> None:
        assert self.last is not None
        for index, cell in cells.items():
            if not cell.text or cell.merged:
                continue
            role = self.columns[index].role
            attribute = {
                PRODUCT: "product",
                TASK: "product" if self.last.title is None else "title",
                LEAD: "lead",
                SUPPORT: "support",
                DEADLINE: "deadline",
                NOTE: "note",
            }.get(role)
            if attribute is None:
                heading = self.columns[index].heading
                self.last.extra[heading] = _join(self.last.extra.get(heading, ""), cell.text)
            elif attribute == "title":  # a task of its own: its title, and its product if the same
                if self.last.product == self.last.title:
                    self.last.product = _join(self.last.product, cell.text)
                self.last.title = _join(self.last.title or "", cell.text)
            else:
                setattr(self.last, attribute, _join(getattr(self.last, attribute), cell.text))


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip()
