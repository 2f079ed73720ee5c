"""The decision's body in a plan file (issue 21): ``targets:``, ``measurements:``, ``duties:``
and ``responsibilities:``, top-level lists before ``sections:``, read with their places."""

from __future__ import annotations

import re
from dataclasses import dataclass

from yaml.nodes import Node, ScalarNode

from parplan.core.model import (
    COMPARISONS,
    MEASURES,
    Duty,
    Measurement,
    Responsibility,
    Target,
)
from parplan.io.node_reader import _plain, _Reader

BODY_KEYS = ("targets", "duties", "responsibilities", "measurements")
# A duty or responsibility is named by its ``point`` of the decision's body (II.1.a, IV.5.a):
# not ``id``, which the appendix's items use ("IV.1" is both an appendix task and a point).
DUTY_REQUIRED = ("point", "text")
DUTY_OPTIONAL = ("source", "lead", "basis")
RESPONSIBILITY_REQUIRED = ("point", "text")
RESPONSIBILITY_OPTIONAL = ("unit", "to", "source", "points")
TARGET_REQUIRED = ("id", "text", "measure", "comparison", "value")
TARGET_OPTIONAL = ("source", "unit", "basis", "period")
MEASUREMENT_REQUIRED = ("target", "on", "value")
MEASUREMENT_OPTIONAL = ("of", "total", "unit", "evidence", "recorded_by")
_NUMBER = re.compile(r"\s*[0-9]{1,12}(?:\.[0-9]{1,6})?\s*")


def _number(reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str) -> float | None:
    """A number written with the digits 0-9 and at most one decimal point (72.5)."""
    if key not in fields:
        return None
    node = fields[key][1]
    if isinstance(node, ScalarNode) and _NUMBER.fullmatch(node.value):
        return float(node.value)
    reader.report(node, "wrong-type", field=key, expected="number")
    return None


def _targets(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> tuple[Target, ...]:
    out: list[Target] = []
    for node in reader.sequence(top, "targets"):
        fields = reader.mapping(node, "target", TARGET_REQUIRED, TARGET_OPTIONAL)
        if fields is None:
            continue
        target_id = reader.text(fields, "id", required=True)
        text = reader.text(fields, "text", required=True)
        measure = reader.choice(fields, "measure", MEASURES) if "measure" in fields else None
        comparison = (
            reader.choice(fields, "comparison", COMPARISONS) if "comparison" in fields else None
        )
        value = _number(reader, fields, "value")
        cited = reader.text(fields, "source", required=False)
        unit = reader.name(fields, "unit", required=False)
        basis = reader.text(fields, "basis", required=False)
        period = reader.integer(fields, "period")
        if period is not None and not 1900 <= period <= 2999:
            reader.report(
                fields["period"][1], "bad-value", field="period", value=period, choices="YYYY"
            )
            period = None
        if None in (target_id, text, measure, comparison, value):
            continue
        assert target_id and text and measure and comparison and value is not None
        out.append(
            Target(
                target_id,
                text.value,
                measure,
                comparison,
                value,
                reader.where(node),
                cited,
                unit,
                basis,
                period,
            )
        )
    return tuple(out)


def _measurements(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[Measurement, ...]:
    """``measurements:`` entries ``{target: ID, on: DATE, value: N, of: N, total: N,
    unit: UNIT, evidence: TEXT, recorded_by: TEXT}``."""
    out: list[Measurement] = []
    for node in reader.sequence(fields, "measurements"):
        entry = reader.mapping(node, "measurement", MEASUREMENT_REQUIRED, MEASUREMENT_OPTIONAL)
        if entry is None:
            continue
        target = reader.text(entry, "target", required=True)
        on = reader.date(entry, "on")
        value = _number(reader, entry, "value")
        numerator = reader.integer(entry, "of")
        denominator = reader.integer(entry, "total")
        unit = reader.name(entry, "unit", required=False)
        evidence = reader.text(entry, "evidence", required=False)
        recorded_by = reader.text(entry, "recorded_by", required=False)
        if target is None or on is None or value is None:
            continue
        out.append(
            Measurement(
                target,
                on,
                value,
                numerator,
                denominator,
                evidence,
                unit,
                _plain(recorded_by),
                reader.where(node),
                reader.where(entry["value"][1]),
            )
        )
    return tuple(out)


def _duties(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> tuple[Duty, ...]:
    out: list[Duty] = []
    for node in reader.sequence(top, "duties"):
        fields = reader.mapping(node, "duty", DUTY_REQUIRED, DUTY_OPTIONAL)
        if fields is None:
            continue
        duty_id = reader.text(fields, "point", required=True)
        text = reader.text(fields, "text", required=True)
        cited = reader.text(fields, "source", required=False)
        lead = reader.names(fields, "lead")
        basis = reader.texts(fields, "basis")
        if duty_id is not None and text is not None:
            out.append(Duty(duty_id, text.value, reader.where(node), cited, lead, basis))
    return tuple(out)


def _responsibilities(
    reader: _Reader, top: dict[str, tuple[Node, Node]]
) -> tuple[Responsibility, ...]:
    out: list[Responsibility] = []
    for node in reader.sequence(top, "responsibilities"):
        fields = reader.mapping(
            node, "responsibility", RESPONSIBILITY_REQUIRED, RESPONSIBILITY_OPTIONAL
        )
        if fields is None:
            continue
        entry_id = reader.text(fields, "point", required=True)
        text = reader.text(fields, "text", required=True)
        cited = reader.text(fields, "source", required=False)
        unit = reader.name(fields, "unit", required=False)
        to = reader.text(fields, "to", required=False)
        points = reader.texts(fields, "points")
        if entry_id is not None and text is not None:
            out.append(
                Responsibility(
                    entry_id, text.value, reader.where(node), cited, unit, _plain(to), points
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class Body:
    """What a plan file holds of the decision's body besides the appendix, and the figures
    recorded for its targets (issue 21)."""

    targets: tuple[Target, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    duties: tuple[Duty, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
