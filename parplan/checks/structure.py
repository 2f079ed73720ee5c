"""The checks of the plan's structure: IDs unique and nested as the decision numbers them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from parplan.checks.base import Context, diagnostic, reports
from parplan.core.model import (
    ERROR,
    Diagnostic,
    Plan,
    Source,
    Text,
)
from parplan.core.text import is_number

# ---------------------------------------------------------------------------------------------
# IDs

SECTION_ID = re.compile(r"[IVXLC]+")


@reports({"duplicate-id": ERROR})
def check_duplicate_ids(ctx: Context) -> Iterator[Diagnostic]:
    """An ID names one section, task or item; items may share their task's ID only as bare tasks."""
    plan = ctx.plan
    ids = [section.id.value for section in plan.sections]
    ids += [task.id.value for task in plan.tasks]
    ids += [item.id.value for item in plan.items if not item.is_task]
    if len(set(ids)) == len(ids):
        return  # every ID once (a plan people keep): nothing to find where the first one is
    seen: dict[str, Source] = {}
    for section in ctx.plan.sections:
        yield from duplicate_id(section.id, seen)
    for task in ctx.plan.tasks:
        yield from duplicate_id(task.id, seen)
    for item in ctx.plan.items:  # (``duplicate_id``, inline: it runs for every item)
        if not item.is_task:
            text = item.id
            first = seen.get(text.value)
            if first is not None:
                yield diagnostic(text.source, "duplicate-id", id=text.value, first_line=first.line)
            else:
                seen[text.value] = text.source


def duplicate_id(text: Text, seen: dict[str, Source]) -> Iterator[Diagnostic]:
    first = seen.get(text.value)
    if first is not None:
        yield diagnostic(text.source, "duplicate-id", id=text.value, first_line=first.line)
    else:
        seen[text.value] = text.source


@reports({"id-nesting": ERROR})
def check_id_nesting(ctx: Context) -> Iterator[Diagnostic]:
    """Section IDs are Roman numerals, task IDs ``<section>.<n>``, activity IDs ``<task>.<n>``."""
    for section in ctx.plan.sections:
        if not SECTION_ID.fullmatch(section.id.value):
            yield diagnostic(section.id.source, "id-nesting", id=section.id.value, expected="I")
    sections = {s.id.value for s in ctx.plan.sections}
    for task in ctx.plan.tasks:
        prefix, _, number = task.id.value.rpartition(".")
        if prefix not in sections or not is_number(number):
            section_id = _section_of(ctx.plan, task.id)
            yield diagnostic(
                task.id.source, "id-nesting", id=task.id.value, expected=f"{section_id}.N"
            )
    for item in ctx.plan.items:
        if item.is_task:
            continue
        prefix, _, number = item.id.value.rpartition(".")
        if prefix != item.task_id or not is_number(number):
            yield diagnostic(
                item.id.source, "id-nesting", id=item.id.value, expected=f"{item.task_id}.N"
            )


def _section_of(plan: Plan, task_id: Text) -> str:
    section_id = ""
    for section in plan.sections:
        if section.source.line <= task_id.source.line:
            section_id = section.id.value
    return section_id
