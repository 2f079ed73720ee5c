"""Validation checks: each a small function over the loaded data, returning diagnostics.

The checks are in the modules of their subject: ``structure`` (IDs), ``units`` (unit names and
the registry), ``deadlines`` (the grammar, the plan's years, ``after:``), ``records`` (the ledger:
completions, met conditions, logs, reasons for delay), ``body`` (targets, figures, duties and
responsibilities), each built from ``base`` (``Context``, ``@reports``, ``diagnostic``). This
module is the rule book's one place: ``CHECKS`` lists them in the order they run, ``CODES``
gathers every code with its severity, and ``validate`` / ``run_checks`` run them; the checks
are importable from here as from their own modules.

Every check declares the stable codes it reports (the diagnostics' ``code``) and their severity
beside its function (``@reports``); ``CHECKS`` lists the checks in order and ``CODES`` is derived.
Loading problems (syntax, schema) come from ``parplan.io.loader``; ``validate`` runs both.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from parplan.checks.base import Check as Check
from parplan.checks.base import CheckFunction as CheckFunction
from parplan.checks.base import Context as Context
from parplan.checks.base import reports as reports
from parplan.checks.body import FRACTION_TOLERANCE as FRACTION_TOLERANCE
from parplan.checks.body import check_body as check_body
from parplan.checks.body import check_future_measurements as check_future_measurements
from parplan.checks.body import check_measurements as check_measurements
from parplan.checks.body import check_targets as check_targets
from parplan.checks.deadlines import check_after as check_after
from parplan.checks.deadlines import check_deadline_years as check_deadline_years
from parplan.checks.deadlines import check_deadlines as check_deadlines
from parplan.checks.loaded import Loaded as Loaded
from parplan.checks.loaded import index_for
from parplan.checks.records import check_completed_milestones as check_completed_milestones
from parplan.checks.records import check_duplicate_completions as check_duplicate_completions
from parplan.checks.records import check_evidence as check_evidence
from parplan.checks.records import check_future_records as check_future_records
from parplan.checks.records import check_member_completions as check_member_completions
from parplan.checks.records import check_met_conditions as check_met_conditions
from parplan.checks.records import check_records_before_issue as check_records_before_issue
from parplan.checks.records import check_records_of_absent_units as check_records_of_absent_units
from parplan.checks.records import check_reporting_items as check_reporting_items
from parplan.checks.records import check_worklog_dates as check_worklog_dates
from parplan.checks.records import check_worklog_units as check_worklog_units
from parplan.checks.records import milestone_choices as milestone_choices
from parplan.checks.records import milestone_of as milestone_of
from parplan.checks.records import record_days as record_days
from parplan.checks.structure import check_duplicate_ids as check_duplicate_ids
from parplan.checks.structure import check_id_nesting as check_id_nesting
from parplan.checks.units import check_duplicate_units as check_duplicate_units
from parplan.checks.units import check_group_cycles as check_group_cycles
from parplan.checks.units import check_registry_references as check_registry_references
from parplan.checks.units import check_unit_references as check_unit_references
from parplan.checks.units import check_unused_units as check_unused_units
from parplan.core.model import ERROR, WARNING, Diagnostic, Plan, Registry

# The codes no check reports: the loader's (syntax and schema) and `validate --base`'s. The
# checks' codes are declared on each check, in its module (``@reports``); ``CODES`` gathers both.
OTHER_CODES: dict[str, str] = {
    "file-missing": ERROR,
    "file-unreadable": ERROR,
    "file-encoding": ERROR,
    "file-empty": ERROR,
    "yaml-syntax": ERROR,
    "yaml-unsupported": ERROR,  # issue 10: tags, anchors, aliases
    "duplicate-key": ERROR,
    "unknown-key": ERROR,
    "missing-key": ERROR,
    "wrong-type": ERROR,
    "bad-value": ERROR,
    "bad-date": ERROR,
    "reporting-day": ERROR,  # the reporting calendar (issue 12)
    # Review (parplan validate --base REV): a deadline amended without saying by what
    "amendment-reason": WARNING,
    # issue 19: a carry's two halves, checked across the repository's plans (io/carry_links.py's
    # counterpart_problems, run by validate)
    "carried-to-unmatched": ERROR,
    "carried-from-unmatched": ERROR,
}


# The checks, in the order they run.
CHECKS: tuple[Check, ...] = (
    check_duplicate_ids,
    check_id_nesting,
    check_unit_references,
    check_registry_references,
    check_duplicate_units,
    check_group_cycles,
    check_unused_units,
    check_deadlines,
    check_deadline_years,
    check_after,
    check_future_records,
    check_records_before_issue,
    check_evidence,
    check_completed_milestones,
    check_duplicate_completions,
    check_met_conditions,
    check_reporting_items,
    check_worklog_units,
    check_worklog_dates,
    check_member_completions,
    check_records_of_absent_units,
    check_targets,  # issue 21
    check_measurements,
    check_future_measurements,
    check_body,
)


# The checks whose answer depends on the day (records dated after today): skipped without a
# day, so that a model checked once can be cached and these run again on each day it is used.
DAY_CHECKS: tuple[Check, ...] = (
    check_future_records,
    check_worklog_dates,
    check_future_measurements,  # issue 21
)


def _gather(checks: tuple[Check, ...]) -> dict[str, str]:
    """Every code with its severity: ``OTHER_CODES``, then the checks' own, in their order. A
    code declared twice must carry one severity (a mistake in a declaration fails at import)."""
    codes = dict(OTHER_CODES)
    for check in checks:
        for code, severity in check.codes:
            if codes.setdefault(code, severity) != severity:
                raise ValueError(f"{code}: declared as {codes[code]} and as {severity}")
    return codes


# Every code parplan reports, with its severity.
CODES: dict[str, str] = _gather(CHECKS)

# ---------------------------------------------------------------------------------------------


def validate(plan_path: str | Path, units_path: str | Path, today: date | None = None) -> Loaded:
    """Load both files and run every check. Never raises on bad content.

    ``today`` is the caller's today (the CLI's); without it, dates in the future go unchecked.
    """
    # lazy: PyYAML and the loader: a cached view of a whole plan imports this module for the
    # day's checks (io.cache.with_today)
    from parplan.io.loader import load_plan, load_registry

    registry, unit_problems = load_registry(units_path)
    plan, plan_problems = load_plan(plan_path)
    return run_checks(plan, registry, [*unit_problems, *plan_problems], today)


def run_checks(
    plan: Plan, registry: Registry, problems: list[Diagnostic], today: date | None = None
) -> Loaded:
    index = index_for(plan, registry)
    ctx = Context(plan, registry, index, today)
    found = list(problems)
    unreadable = {p.source.file for p in problems if p.code in UNREADABLE}
    # A units file that cannot be read, or read to no entry at all for its errors (`units: 5`):
    # every name would be "unknown", and the file's own errors say it all.
    units_unread = registry.file in unreadable or (
        not registry.units
        and not registry.groups
        and any(p.source.file == registry.file and p.severity == ERROR for p in problems)
    )
    for check in CHECKS:
        if units_unread and check in (check_unit_references, check_unused_units):
            continue  # every name would be "unknown": the units file's own error says it all
        if plan.file in unreadable and check is check_unused_units:
            continue  # nothing can be said of what an unreadable plan uses
        if units_unread:  # so with the names in the decision's body and in the records
            found.extend(d for d in check(ctx) if d.code not in UNIT_NAME_CODES)
        else:
            found.extend(check(ctx))
    found.sort(key=Diagnostic.sort_key)
    return Loaded(plan, registry, index, tuple(found))


UNIT_NAME_CODES = ("unknown-unit", "unit-alias")  # a name the units file does (not) know
UNREADABLE = ("file-missing", "file-unreadable", "file-encoding", "yaml-syntax", "file-empty")
