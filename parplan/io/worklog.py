"""Recording a work log and reasons for delay: surgical, atomic edits of the plan file.

Ongoing items ("Thường xuyên", "Định kỳ") are never completed, so what was done on them is
written in a ``log:`` list; why a milestone is late is written in a ``late:`` list. Each entry
is one flow mapping on one line, like ``progress``::

      log:
        - {on: 2025-03-10, text: Rà soát 12 văn bản, unit: Vụ Pháp chế, evidence: Báo cáo số 5/BC-PC}
      late:
        - {milestone: Tháng 3/2025, reason: Chờ ý kiến các đơn vị, unit: Văn phòng Bộ, on: 2025-04-02}

The edits go through the ledger's machinery (``parplan.io.editing.apply_edit``): under the lock,
the file is validated before and after, only the item's ``log`` / ``late`` keys may change, and
the file is replaced atomically. The keys come last in an item, ``log`` before ``late``, as
``parplan fmt`` orders them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from parplan.checks.rules import milestone_choices
from parplan.core.deadlines import ONGOING
from parplan.core.model import Item, Plan, Unit
from parplan.core.units import UnitIndex
from parplan.io.editing import Change, apply_edit, locate_item, not_future, unit_index
from parplan.io.errors import RequestError
from parplan.io.ledger import milestone_name, milestone_reference, resolve_milestone
from parplan.io.textedit import Edit, Target, clean_text, entry_after, flow_mapping, yaml_scalar
from parplan.query.status import (
    DONE_ON_TIME,
    OVERDUE,
    TRANSFERRED,
    owing_units,
    rows_as_of,
    unit_status,
)

ORDER = ("log", "late")


def _add_entry(target: Target, key: str, entry: str) -> Edit:
    """Append ``- entry`` to the item's ``key`` list, creating the list (after the item's last
    line, or before the keys that follow it in canonical order) when absent. A ``key:`` with no
    value is refused (``ledger.layout``), as it always was for these lists."""
    item_id = target.item.id.value
    found = entry_after(target.node, key, entry, target.lines, item_id, empty_key=False)
    if found is None:
        indent = " " * target.node.start_mark.column
        after = target.end_before(ORDER[ORDER.index(key) + 1 :])
        found = after, [f"{indent}{key}:", f"{indent}  - {entry}"]
    return target.inserted(*found)


def add_log_entry(
    text: str,
    plan: Plan,
    item_id: str,
    on: date,
    what: str | None,
    unit: str | None = None,
    evidence: str | None = None,
    index: UnitIndex | None = None,
) -> Edit:
    """Add a dated entry to the item's work log: what was done, by which unit, shown by what.
    With the unit ``index``, ``unit`` must exist on that day (``_check_established``)."""
    target = locate_item(text, plan, item_id)
    what, evidence = clean_text(what), clean_text(evidence)
    if what is None:
        raise RequestError("worklog.text-required")
    if unit is not None and index is not None:
        _check_established(unit, index, on)
    entry = flow_mapping(
        [
            ("on", on.isoformat()),
            ("text", yaml_scalar(what, flow=True)),
            ("unit", yaml_scalar(unit, flow=True) if unit else None),
            ("evidence", yaml_scalar(evidence, flow=True) if evidence else None),
        ]
    )
    return _add_entry(target, "log", entry)


def add_late_reason(
    text: str,
    plan: Plan,
    item_id: str,
    reason: str | None,
    as_of: date,
    milestone: str | None = None,
    unit: str | None = None,
    index: UnitIndex | None = None,
) -> Edit:
    """Add why a milestone is late, written on ``as_of``. Without ``milestone``: the item's only
    milestone, or else its only overdue one on that day. With the unit ``index``, ``unit`` must
    have a part in the milestone (see ``_check_unit``)."""
    target = locate_item(text, plan, item_id)
    item = target.item
    reason = clean_text(reason)
    if reason is None:
        raise RequestError("worklog.reason-required")
    if milestone is not None:
        number = resolve_milestone(item, milestone)
    elif len(item.milestones) == 1:
        number = 1
    else:
        rows = rows_as_of([item], as_of, plan.items, index=index)
        late = [r.number for r in rows if r.status == OVERDUE]
        if len(late) != 1:
            raise RequestError("worklog.which", id=item.id.value, choices=milestone_choices(item))
        number = late[0]
    if item.milestones[number - 1].kind == ONGOING:
        raise RequestError(
            "worklog.ongoing", id=item.id.value, milestone=milestone_name(item, number)
        )
    if unit is not None and index is not None:
        _check_established(unit, index, as_of)
        _check_unit(plan, item, number, unit, index, as_of)
    _check_not_on_time(plan, item, number, unit, index, as_of)
    reference = None
    if len(item.milestones) > 1:
        reference = yaml_scalar(milestone_reference(item, number), flow=True)
    entry = flow_mapping(
        [
            ("milestone", reference),
            ("reason", yaml_scalar(reason, flow=True)),
            ("unit", yaml_scalar(unit, flow=True) if unit else None),
            ("on", as_of.isoformat()),
        ]
    )
    edit = _add_entry(target, "late", entry)
    return Edit(edit.text, edit.item_id, edit.added, edit.removed, number, False)


def _check_not_on_time(
    plan: Plan, item: Item, number: int, unit: str | None, index: UnitIndex | None, as_of: date
) -> None:
    """No reason for delay where nothing was late (issue 18): a milestone (with ``unit``, that
    unit's own part of a group-led one) recorded done on or before its deadline by the
    reason's day. A milestone done late takes one: why it was late is still worth writing."""

    # As the file records it: a reason dated before the completion is no less pointless (review
    # of issue 18: --on a day before the milestone was done got through).
    as_of = max([as_of, *(completion.on for completion in item.completions)])
    rows = rows_as_of([item], as_of, plan.items, index=index)
    row = next(r for r in rows if r.number == number)
    status, completion, whose = row.status, row.completion, None
    found = index.lookup(unit) if unit is not None and index is not None else None
    if found is not None and index is not None and row.per_member:
        answer = unit_status(row, found.entry, index, as_of)
        if answer is not None:
            status, completion, whose = answer.status, answer.completion, found.entry.name
    if status != DONE_ON_TIME or completion is None:
        return
    values = {
        "id": item.id.value,
        "milestone": milestone_name(item, number),
        "on": completion.on,  # dates: dd/mm/yyyy in Vietnamese, ISO in English
        "due": row.due or "—",
    }
    if whose is not None:
        raise RequestError("worklog.unit-on-time", unit=whose, **values)
    raise RequestError("worklog.on-time", **values)


def _check_established(unit: str, index: UnitIndex, on: date) -> None:
    """Nothing written by a unit on a day before it was established, as ``done --unit``
    refuses (review of issue 18): a wrong day or a wrong unit."""
    found = index.lookup(unit)
    entry = found.entry if found is not None else None
    if isinstance(entry, Unit) and entry.established is not None and on < entry.established:
        raise RequestError(
            "worklog.unit-not-established", unit=entry.name, day=entry.established, on=on
        )


def _check_unit(
    plan: Plan, item: Item, number: int, unit: str, index: UnitIndex, as_of: date
) -> None:
    """A reason for ``unit`` only when it has a part in the milestone, as ``done`` asks: it
    leads or supports the item (itself, through a group, or as the unit a lead merged into);
    for a group-led item done member by member, it owes that milestone."""

    found = index.lookup(unit)
    if found is None:  # not in the registry: the check of the edited file says so
        return
    rows = rows_as_of([item], as_of, plan.items, index=index)
    row = next(r for r in rows if r.number == number)
    answer = unit_status(row, found.entry, index, as_of)
    if answer is not None and answer.status != TRANSFERRED:
        return
    if row.per_member:
        names = [u.short or u.name for u in owing_units(item, number, index, as_of)]
    else:
        names = [ref.value for ref in item.lead]
    raise RequestError(
        "ledger.unit-not-owing",
        unit=found.entry.name,
        milestone=milestone_name(item, number),
        id=item.id.value,
        due=row.milestone.due or "—",
        names=", ".join(names) or "—",
    )


def record_log(
    plan_path: str | Path,
    units_path: str | Path,
    item_id: str,
    *,
    on: date,
    text: str | None,
    unit: str | None = None,
    evidence: str | None = None,
    today: date | None = None,
) -> Change:
    """Add a work-log entry to the plan file (see ``add_log_entry``)."""
    not_future(on, today)
    return apply_edit(
        plan_path,
        units_path,
        lambda source, plan: add_log_entry(
            source, plan, item_id, on, text, unit, evidence, unit_index(units_path)
        ),
        today,
        ("log",),
        item=item_id,
    )


def record_late(
    plan_path: str | Path,
    units_path: str | Path,
    item_id: str,
    *,
    reason: str | None,
    today: date,
    milestone: str | None = None,
    unit: str | None = None,
    on: date | None = None,
) -> Change:
    """Add a reason for delay to the plan file (see ``add_late_reason``), dated ``on`` (a day
    up to today; default today)."""
    day = on or today
    not_future(day, today)
    return apply_edit(
        plan_path,
        units_path,
        lambda source, plan: add_late_reason(
            source, plan, item_id, reason, day, milestone, unit, unit_index(units_path)
        ),
        today,
        ("late",),
        item=item_id,
    )
