"""The checks of the decision's body (issue 21): targets, the figures recorded for them, duties
and responsibilities."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from parplan.checks.base import Context, diagnostic, reports
from parplan.checks.structure import duplicate_id
from parplan.checks.units import unit_reference
from parplan.core.model import (
    ERROR,
    WARNING,
    Diagnostic,
    Source,
)

# ---------------------------------------------------------------------------------------------
# issue 21: the decision's targets and the figures recorded for them

# How far a figure may be from its fraction (of / total × 100) and still be that fraction:
# a figure is usually written rounded to one decimal (140/193 = 72.54… written 72.5).
FRACTION_TOLERANCE = 0.05


@reports(
    {"duplicate-id": ERROR, "target-value": ERROR, "unknown-unit": ERROR, "unit-alias": WARNING}
)
def check_targets(ctx: Context) -> Iterator[Diagnostic]:
    """A target's ID names one target; a percentage target lies within 0–100; the unit that
    answers for it is in the registry."""
    seen: dict[str, Source] = {}
    for target in ctx.plan.targets:
        yield from duplicate_id(target.id, seen)
        if target.measure == "percent" and target.value > 100:
            yield diagnostic(target.source, "target-value", id=target.id.value, value=target.value)
        if target.unit is not None:
            yield from unit_reference(ctx.index, target.unit)


@reports(
    {
        "measurement-target": ERROR,
        "measurement-range": ERROR,
        "measurement-fraction": ERROR,
        "measurement-period": WARNING,
        "unknown-unit": ERROR,
        "unit-alias": WARNING,
    }
)
def check_measurements(ctx: Context) -> Iterator[Diagnostic]:
    """A figure names a target of the plan; a percentage lies within 0–100 and agrees with its
    fraction (``of`` ≤ ``total``, value = of / total × 100 to within 0.05); its day falls in
    the target's year (or the data window of that year's first report, from 15/12 before);
    the unit that reports it is in the registry."""
    # lazy: the reporting periods, only when the checks run (a cached `validate` loads none)
    from parplan.core.periods import year_start

    targets = {target.id.value: target for target in ctx.plan.targets}
    for entry in ctx.plan.measurements:
        target = targets.get(entry.target.value)
        if entry.unit is not None:
            yield from unit_reference(ctx.index, entry.unit)
        if target is None:
            yield diagnostic(
                entry.target.source,
                "measurement-target",
                id=entry.target.value,
                known=tuple(targets),
            )
            continue
        if target.measure == "percent" and not 0 <= entry.value <= 100:
            yield diagnostic(entry.value_source, "measurement-range", value=entry.value)
        numerator, denominator = entry.numerator, entry.denominator
        if numerator is not None or denominator is not None:
            if (
                numerator is None
                or denominator is None
                or not 0 <= numerator <= denominator
                or (denominator == 0)
            ):
                yield diagnostic(
                    entry.source,
                    "measurement-fraction",
                    of="?" if numerator is None else numerator,
                    total="?" if denominator is None else denominator,
                )
            elif target.measure == "percent":
                share = 100 * numerator / denominator
                if abs(share - entry.value) > FRACTION_TOLERANCE:
                    yield diagnostic(
                        entry.value_source,
                        "measurement-fraction",
                        of=numerator,
                        total=denominator,
                        value=entry.value,
                        share=round(share, 2),
                    )
        year = target.period or ctx.plan.info.year
        if not year:
            continue
        first = year_start(ctx.plan.info.reporting, year)
        if not first <= entry.on <= date(year, 12, 31):
            yield diagnostic(
                entry.source, "measurement-period", on=entry.on, first=first, year=year
            )


@reports({"measurement-future": ERROR})
def check_future_measurements(ctx: Context) -> Iterator[Diagnostic]:
    """No figure is dated after today (skipped when today is not given)."""
    if ctx.today is None:
        return
    for entry in ctx.plan.measurements:
        if entry.on > ctx.today:
            yield diagnostic(entry.source, "measurement-future", on=entry.on, today=ctx.today)


@reports(
    {"duplicate-id": ERROR, "body-reference": ERROR, "unknown-unit": ERROR, "unit-alias": WARNING}
)
def check_body(ctx: Context) -> Iterator[Diagnostic]:
    """Section II's duties and section IV's responsibilities: one entry per ID, units of the
    registry, and every point they name (a duty's ``basis``, a responsibility's ``points``, a
    target's ``basis``) written in the plan."""
    plan = ctx.plan
    if not plan.duties and not plan.responsibilities:
        return
    duty_ids = {duty.id.value for duty in plan.duties}
    responsibility_ids = {entry.id.value for entry in plan.responsibilities}
    seen: dict[str, Source] = {}
    for duty in plan.duties:
        yield from duplicate_id(duty.id, seen)
        for unit in duty.lead:
            yield from unit_reference(ctx.index, unit)
        for ref in duty.basis:
            if responsibility_ids and ref.value not in responsibility_ids:
                yield diagnostic(ref.source, "body-reference", ref=ref.value, what="IV")
    for entry in plan.responsibilities:
        yield from duplicate_id(entry.id, seen)
        if entry.unit is not None:
            yield from unit_reference(ctx.index, entry.unit)
        for ref in entry.points:
            if duty_ids and ref.value not in duty_ids:
                yield diagnostic(ref.source, "body-reference", ref=ref.value, what="II")
    for target in plan.targets:
        basis = target.basis
        if basis is not None and responsibility_ids and basis.value not in responsibility_ids:
            yield diagnostic(basis.source, "body-reference", ref=basis.value, what="IV")
