"""The links a carry writes between two plans, read: ``validate``'s check that each half has its
other (``counterpart_problems``) and ``show``'s other side of a carried item (``other_sides``,
and with its statuses there ``carry_sides``, for ``show`` and the API alike).

A reference names an item of another plan as "<decision> <ID>" (``reference``). Nothing here
edits a file: the carry itself, and the repair of an interrupted one, are in ``io/carry.py``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.checks.rules import CODES
from parplan.core.model import Diagnostic, Item, Plan, Text
from parplan.core.text import nfc

if TYPE_CHECKING:
    from parplan.core.units import UnitIndex
    from parplan.query.queries import CarrySide


def reference(plan: Plan, item_id: str) -> str:
    """How one plan names an item of another: "<decision> <ID>" ("971/QĐ-BNV I.2.2")."""
    return f"{plan.info.decision} {item_id}".strip()


def split_reference(text: str) -> tuple[str, str]:
    """A reference's decision and item ID (the ID is its last word)."""
    decision, _, item_id = nfc(text).strip().rpartition(" ")
    return decision.strip(), item_id


# ---------------------------------------------------------------------------------------------
# Each half of a carry with its other (``validate`` across plans)


def counterpart_problems(plan_path: Path, plan: Plan | None = None) -> list[Diagnostic]:
    """``validate`` across plans: each ``carried_to`` of the plan must name a task of the
    repository's plan of that decision carrying ``carried_from`` back to it, and each
    ``carried_from`` an item of that plan carrying ``carried_to`` to it. A reference to a
    decision none of the plans beside this one holds is not checked (an older plan kept
    elsewhere). The diagnostics point at the reference and name the repairing command."""
    # lazy: PyYAML and the loader, only for a plan that carries items (`validate`'s cached run)
    from parplan.io.loader import load_plan
    from parplan.io.plans import sibling_plans

    plan_path = Path(plan_path)
    if not plan_path.is_file():  # missing, a folder, a device: the loader's own error says it
        return []
    try:
        if plan is None and b"carried_" not in plan_path.read_bytes():
            return []
    except OSError:
        return []
    if plan is None:
        plan = load_plan(plan_path)[0]
    references = [i for i in plan.items if i.carried_to is not None or i.carried_from is not None]
    if not references:
        return []
    others: dict[str, list[Path]] = {}  # several drafts may share a decision ("Dự thảo")
    for sibling in sibling_plans(plan_path):
        if sibling.decision and not _same_file(sibling.path, plan_path):
            others.setdefault(nfc(sibling.decision).strip(), []).append(sibling.path)
    loaded: dict[Path, Plan] = {}

    def candidates(decision: str) -> list[tuple[Path, Plan]]:
        for path in others.get(decision, []):
            if path not in loaded:
                loaded[path] = load_plan(path)[0]
        return [(path, loaded[path]) for path in others.get(decision, [])]

    problems: list[Diagnostic] = []
    for item in references:
        mine = " ".join(nfc(reference(plan, item.id.value)).split())
        if item.carried_to is not None:
            decision, task_id = split_reference(item.carried_to.value)
            found = candidates(decision)
            if found and not any(_carries_back(p.item(task_id), mine) for _, p in found):
                path, newer = found[0]
                back = any(t.carried_from and _ref(t.carried_from) == mine for t in newer.items)
                # Nothing in the newer plan at all: the half an interrupted run leaves.
                half = newer.item(task_id) is None and not back
                where = (item.carried_to, mine, task_id, path)
                problems.append(_unmatched("carried-to-unmatched", half, *where, plan_path, path))
        if item.carried_from is not None:
            decision, origin_id = split_reference(item.carried_from.value)
            found = candidates(decision)
            if found and not any(_points_to(p.item(origin_id), item.id.value) for _, p in found):
                path, older = found[0]
                origin = older.item(origin_id)
                half = origin is not None and origin.carried_to is None
                where = (item.carried_from, mine, origin_id, path)
                problems.append(_unmatched("carried-from-unmatched", half, *where, path, plan_path))
    return problems


def _carries_back(task: Item | None, origin: str) -> bool:
    return task is not None and task.carried_from is not None and _ref(task.carried_from) == origin


def _points_to(origin: Item | None, task_id: str) -> bool:
    """The origin's ``carried_to`` names the task's ID. Its decision is not compared: the newer
    plan's decision number may have been filled in after the carry (``Dự thảo I.1`` stays)."""
    if origin is None or origin.carried_to is None:
        return False
    return split_reference(origin.carried_to.value)[1] == task_id


def _ref(text: Text) -> str:
    return " ".join(nfc(text.value).split())


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)
    except OSError:
        return False


def _unmatched(
    code: str,
    half: bool,
    where: Text,
    mine: str,
    other_id: str,
    other: Path,
    old: Path,
    new: Path,
) -> Diagnostic:
    """``half``: the state an interrupted run leaves, which ``carry --undo`` repairs (the
    message says so); else a hand edit, to be put right by hand (``reason: other``)."""
    return Diagnostic(
        where.source,
        CODES[code],
        code,
        {
            "reason": "" if half else "other",
            "reference": _ref(where),
            "id": other_id,
            "mine": mine,
            "other": other.as_posix(),
            "old": old.as_posix(),
            "new": new.as_posix(),
        },
    )


# ---------------------------------------------------------------------------------------------
# The other side of a carry, for ``show``


@dataclass(frozen=True)
class OtherSide:
    """Where a carried item went (``direction`` "to") or came from ("from"): the reference as
    written, the carry date, and the plan file and item found there (None when not found)."""

    direction: str
    reference: str
    on: date | None
    path: Path | None
    plan: Plan | None
    item: Item | None


def other_sides(plan_path: Path, plan: Plan, item: Item) -> list[OtherSide]:
    """The other side of each carry of ``item``, looked up among the plans beside its file."""
    # lazy: PyYAML and the loader, only for an item carried (`show` of another loads neither)
    from parplan.io.loader import load_plan
    from parplan.io.plans import sibling_plans

    if item.carried_to is None and item.carried_from is None:
        return []
    others = []
    for sibling in sibling_plans(plan_path):
        if sibling.path.resolve() != plan_path.resolve():
            others.append((sibling.path, load_plan(sibling.path)[0]))
    sides: list[OtherSide] = []
    found: tuple[Path, Plan, Item | None] | None
    if item.carried_to is not None:
        mine = reference(plan, item.id.value)
        found = next(
            (
                (path, other, candidate)
                for path, other in others
                for candidate in other.items
                if candidate.carried_from is not None and candidate.carried_from.value == mine
            ),
            None,
        )
        sides.append(
            OtherSide("to", item.carried_to.value, item.carried_on, *(found or (None,) * 3))
        )
    if item.carried_from is not None:
        decision, item_id = split_reference(item.carried_from.value)
        found = next(
            (
                (path, other, other.item(item_id))
                for path, other in others
                if other.info.decision == decision and other.item(item_id) is not None
            ),
            None,
        )
        sides.append(OtherSide("from", item.carried_from.value, None, *(found or (None,) * 3)))
    return sides


def carry_sides(
    plan_path: Path, plan: Plan, item: Item, day: date, index: UnitIndex
) -> list[CarrySide]:
    """The other side of each carry of ``item``, found among the plans beside its file, with
    the item's rows there as of ``day`` (a group-led item's from its members' parts): what
    ``show`` and ``Plan.item`` of the API give of a carried item."""
    if item.carried_to is None and item.carried_from is None:
        return []
    # lazy: the views' values and the status rules, only for an item carried
    from parplan.query.queries import CarrySide
    from parplan.query.status import rows_as_of

    sides = []
    for side in other_sides(plan_path, plan, item):
        rows = None
        if side.item is not None and side.plan is not None and side.path is not None:
            rows = tuple(rows_as_of([side.item], day, side.plan.items, index=index))
        path = side.path.as_posix() if side.path is not None else None
        sides.append(CarrySide(side.direction, side.reference, side.on, path, rows))
    return sides
