"""Recording the figures of the decision's targets (``parplan measure``, issue 21): surgical,
atomic edits of the plan file, through ``io.ledger``'s machinery.

A figure is one line of the plan's top-level ``measurements:`` list, written before
``sections:`` (created there when absent)::

    measurements:
      - {target: II.2.g-1, on: 2025-06-10, value: 72.5, of: 140, total: 193, evidence: …}

One list for every target keeps the figures a journal, read top to bottom, and lets
``validate`` tell a figure for a target the plan does not have. Taking a figure back
(``measure --undo``) removes its line, and the ``measurements:`` key with the last one, so that
recording and taking back gives the identical file.

The edits are pure functions of the text (``add_measurement``, ``remove_measurement``), applied
by ``editing.apply_edit``: under the lock, the file checked before and after, the data compared
outside ``measurements``, written atomically, redone when the file changed meanwhile.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, SequenceNode

from parplan.core.model import Measurement, Plan, Target
from parplan.io.editing import Change, apply_edit, not_future
from parplan.io.errors import DataError, RequestError
from parplan.io.loader import parse_document
from parplan.io.textedit import (
    Edit,
    clean_text,
    entry_after,
    flow_mapping,
    inserted,
    pair,
    removed,
    split_lines,
    yaml_scalar,
)

# The top-level key ``editing.apply_edit`` lets change (the data elsewhere must stay equal).
KEYS = ("/measurements",)
# How far a figure may be from its fraction (see ``checks.rules.FRACTION_TOLERANCE``).
TOLERANCE = 0.05


def number_text(value: float) -> str:
    """A figure as written in the file: 80, 72.5 (no ".0", no exponent)."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def find_target(plan: Plan, typed: str) -> Target:
    target = plan.target(typed)
    if target is None:
        ids = ", ".join(t.id.value for t in plan.targets)
        raise RequestError("measure.unknown-target", id=typed.strip(), ids=ids or "—")
    return target


def figure(
    target: Target, value: float | None, numerator: int | None, denominator: int | None
) -> float:
    """The value to record, checked against the target's measure and the fraction given:
    a percentage lies within 0–100; ``of`` and ``total`` come together, 0 ≤ of ≤ total,
    total > 0; without ``value``, the fraction's percentage (rounded to two decimals)."""
    if (numerator is None) != (denominator is None):
        raise RequestError("measure.fraction-half")
    if numerator is not None and denominator is not None:
        if denominator <= 0 or not 0 <= numerator <= denominator:
            raise RequestError("measure.fraction", of=numerator, total=denominator)
        share = 100 * numerator / denominator
        if value is None:
            value = round(share, 2) if target.measure == "percent" else float(numerator)
        elif target.measure == "percent" and abs(share - value) > TOLERANCE:
            raise RequestError(
                "measure.fraction-value",
                of=numerator,
                total=denominator,
                value=number_text(value),
                share=number_text(round(share, 2)),
            )
    if value is None:
        raise RequestError("measure.value-required")
    if value < 0 or (target.measure == "percent" and value > 100):
        raise RequestError("measure.range", value=number_text(value))
    return value


def add_measurement(
    text: str,
    plan: Plan,
    target_id: str,
    *,
    on: date,
    value: float | None,
    numerator: int | None = None,
    denominator: int | None = None,
    evidence: str | None = None,
    unit: str | None = None,
    recorded_by: str | None = None,
) -> Edit:
    """A figure for a target appended to ``measurements:`` (see the module's docstring)."""
    target = find_target(plan, target_id)
    amount = figure(target, value, numerator, denominator)
    evidence = clean_text(evidence)
    if evidence is None and plan.info.evidence_required:
        raise RequestError("ledger.evidence-required", id=target.id.value)
    fields: list[tuple[str, str | None]] = [
        ("target", yaml_scalar(target.id.value, flow=True)),
        ("on", on.isoformat()),
        ("value", number_text(amount)),
    ]
    if numerator is not None and denominator is not None:
        fields += [("of", str(numerator)), ("total", str(denominator))]
    for name, given in (("unit", unit), ("evidence", evidence), ("recorded_by", recorded_by)):
        given = clean_text(given)
        fields.append((name, yaml_scalar(given, flow=True) if given is not None else None))
    entry = flow_mapping(fields)
    root, lines = _root(text)
    empty = _empty_list_line(root, lines)
    if empty is not None:  # `measurements: []`, written by hand: the list begins here
        kept, gone = removed(lines, [(empty, empty)])
        edited, added = inserted(kept, empty - 1, ["measurements:", "  - " + entry])
        return Edit("".join(edited), target.id.value, added, gone)
    try:
        found = entry_after(root, "measurements", entry, lines, target.id.value)
    except DataError as error:  # a flow list of figures, a scalar: the key's layout, not an item's
        raise DataError("measure.layout", line=error.values["line"]) from None
    if found is None:
        sections = pair(root, "sections")
        if sections is None or sections[0].start_mark.line == 0:
            raise DataError("ledger.layout", id=target.id.value, line=1)
        found = sections[0].start_mark.line - 1, ["measurements:", "  - " + entry]
    edited, added = inserted(lines, *found)
    return Edit("".join(edited), target.id.value, added)


def remove_measurement(text: str, plan: Plan, target_id: str, on: date | None = None) -> Edit:
    """Take back a target's figure: of the day ``on``, or else its most recent one (the latest
    day; the last written among equal days)."""
    target = find_target(plan, target_id)
    figures = [m for m in plan.measurements_of(target.id.value) if on is None or m.on == on]
    if not figures:
        raise RequestError("measure.nothing-to-undo", id=target.id.value)
    latest: Measurement = max(figures, key=lambda m: (m.on, m.source.line, m.source.column))
    root, lines = _root(text)
    found = pair(root, "measurements")
    if found is None or not isinstance(found[1], SequenceNode):
        raise DataError("ledger.layout", id=target.id.value, line=latest.source.line)
    key_node, sequence = found
    node = next(
        (n for n in sequence.value if n.start_mark.line == latest.source.line - 1),
        None,
    )
    if not isinstance(node, MappingNode) or node.end_mark.line != node.start_mark.line:
        raise DataError("ledger.layout", id=target.id.value, line=latest.source.line)
    first = last = node.start_mark.line
    if lines[first][: node.start_mark.column].strip() != "-":
        raise DataError("ledger.layout", id=target.id.value, line=latest.source.line)
    key_line = key_node.start_mark.line
    if (
        len(sequence.value) == 1
        and key_line == first - 1
        and lines[key_line].rstrip("\r\n") == "measurements:"
    ):
        # the last figure: the key goes with it, as add wrote it (a key with a comment or
        # blanks after it was the user's and stays)
        first = key_line
    edited, gone = removed(lines, [(first, last)])
    return Edit("".join(edited), target.id.value, (), gone)


def _empty_list_line(root: MappingNode, lines: list[str]) -> int | None:
    """The 0-based line of a top-level ``measurements: []`` written alone on its line (not
    the first line of the file), which a figure's edit may rewrite as a block list."""
    found = pair(root, "measurements")
    if found is None:
        return None
    key_node, value = found
    line = key_node.start_mark.line
    if (
        isinstance(value, SequenceNode)
        and value.flow_style
        and not value.value
        and line > 0
        and key_node.start_mark.column == 0
        and lines[line].rstrip("\r\n").rstrip() == "measurements: []"
    ):
        return line
    return None


def _root(text: str) -> tuple[MappingNode, list[str]]:
    document = parse_document("", text.encode("utf-8"))
    if not isinstance(document.root, MappingNode):
        raise DataError("ledger.layout", id="measurements", line=1)
    return document.root, split_lines(text)


def record_measurement(
    plan_path: str | Path,
    units_path: str | Path,
    target_id: str,
    *,
    on: date,
    value: float | None,
    numerator: int | None = None,
    denominator: int | None = None,
    evidence: str | None = None,
    unit: str | None = None,
    recorded_by: str | None = None,
    today: date | None = None,
) -> Change:
    """Record a figure in the plan file. ``today`` (the caller's) rules out days after it."""
    not_future(on, today)
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: add_measurement(
            text,
            plan,
            target_id,
            on=on,
            value=value,
            numerator=numerator,
            denominator=denominator,
            evidence=evidence,
            unit=unit,
            recorded_by=recorded_by,
        ),
        today,
        KEYS,
    )


def undo_measurement(
    plan_path: str | Path,
    units_path: str | Path,
    target_id: str,
    *,
    on: date | None = None,
    today: date | None = None,
) -> Change:
    """Take back a figure in the plan file (see ``remove_measurement``)."""
    return apply_edit(
        plan_path,
        units_path,
        lambda text, plan: remove_measurement(text, plan, target_id, on),
        today,
        KEYS,
    )
