"""A mutation run by hand over the code that decides the answers users rely on (issue 22).

Each mutant is data: a file, a snippet that occurs exactly once in it, what replaces it, and
the tests that should kill it. The script applies one mutant, runs those tests (stopping at the
first failure), puts the file back whatever happens, and records whether the tests failed
(killed) or passed (survived). The result is a Markdown table (docs/mutation.md keeps the last
one, with each survivor explained).

    uv run python scripts/mutants.py                 # every mutant; the table on stdout
    uv run python scripts/mutants.py --only S1 R4    # some of them
    uv run python scripts/mutants.py --list          # the mutants, without running anything

The tests named are the files that exercise the module (not the whole suite, which takes
minutes per mutant on a shared machine); a survivor is then run against the whole suite
(``--whole``) before it is called one.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STATUS = [
    "tests/test_status.py",
    "tests/test_members.py",
    "tests/test_as_of_boundaries.py",
    "tests/test_boundaries.py",
    "tests/test_unit_slice.py",
    "tests/test_report.py",
]
REPORT = ["tests/test_report.py", "tests/test_as_of_boundaries.py", "tests/test_members.py"]
PERIODS = ["tests/test_report.py", "tests/test_as_of_boundaries.py", "tests/test_status.py"]
GRAMMAR = ["tests/test_deadlines.py", "tests/test_as_of_boundaries.py", "tests/test_plan_period.py"]
GRAMMAR += ["tests/test_ics.py"]
LEDGER = ["tests/test_ledger.py", "tests/test_as_of_boundaries.py", "tests/test_members.py"]


@dataclass(frozen=True)
class Mutant:
    key: str
    path: str
    old: str
    new: str
    what: str
    tests: tuple[str, ...]


def m(key: str, path: str, old: str, new: str, what: str, tests: list[str]) -> Mutant:
    return Mutant(key, path, old, new, what, tuple(tests))


S, R, P = "parplan/query/status.py", "parplan/query/reporting.py", "parplan/core/periods.py"
Q = "parplan/query/claims.py"  # which units answer for a name (moved out of status.py, issue 22)
C, L = "parplan/core/deadlines/recurring.py", "parplan/io/ledger.py"
LE, LT = "parplan/io/editing.py", "parplan/io/textedit.py"  # ledger's shared pieces (issue 22)

MUTANTS = [
    # ---- query/status.py -------------------------------------------------------------------
    m("S1", S, "return OVERDUE if due < as_of else PENDING",
      "return OVERDUE if due <= as_of else PENDING", "due today counts as overdue", STATUS),
    m("S2", S, "    if completed_on is not None and completed_on <= as_of:\n        return DONE_ON_TIME if",
      "    if completed_on is not None and completed_on < as_of:\n        return DONE_ON_TIME if",
      "a completion of the day itself not yet counted", STATUS),
    m("S3", S, "DONE_ON_TIME if due is None or completed_on <= due",
      "DONE_ON_TIME if due is None or completed_on < due", "done on the due day is late", STATUS),
    m("S4", S, "    if condition_met_on is None or condition_met_on > as_of or within_days is None:",
      "    if condition_met_on is None or condition_met_on >= as_of or within_days is None:",
      "a condition met today gives no due date yet", STATUS),
    m("S5", S, "return condition_met_on + timedelta(days=within_days)",
      "return condition_met_on + timedelta(days=within_days + 1)", "lag off by one", STATUS),
    m("S6", S, "        days.append(completion.on)\n    return max(days)",
      "        days.append(completion.on)\n    return min(days)",
      "after: met on the first completion, not the last", STATUS),
    m("S7", S, "        if completion.unit is not None:\n            continue\n        if names_milestone(",
      "        if names_milestone(",
      "a member's part counts as the whole item's", [*STATUS, "tests/test_group_led_statuses.py"]),
    m("S8", S, "            gone = holder.left is not None and holder.left.on <= day\n            candidates",
      "            gone = holder.left is not None and holder.left.on < day\n            candidates",
      "a unit that left on the due day still owes it (owing_units)", STATUS),
    m("S9", S, "if found.entry is unit or index.successor_on(found.entry, day) is unit:",
      "if found.entry is unit:", "a predecessor's record does not count for its successor", STATUS),
    m("S10", S, "    if parts and len(done) == len(parts):", "    if done:",
      "a group milestone done when any member is", STATUS),
    m("S11", S, "        return max(done, key=lambda c: (c.on, c.source.line))",
      "        return min(done, key=lambda c: (c.on, c.source.line))",
      "a group milestone done on its first member's day", STATUS),
    m("S12", Q, "if unit.established is not None and unit.established > day:",
      "if unit.established is not None and unit.established >= day:",
      "a unit established on the due day does not owe it", STATUS),
    m("S13", Q, "    gone = holder.left is not None and holder.left.on <= day\n    if answering",
      "    gone = holder.left is not None and holder.left.on < day\n    if answering",
      "a unit that left on the due day still answers for it (unit_status)", STATUS),
    m("S14", S, "    last = all_done(mine)\n", "    last = all_done(mine[:1])\n",
      "a unit holding two parts done when one is", STATUS),
    m("S15", S, "DONE_LATE if any(p.status == DONE_LATE for p in mine)",
      "DONE_LATE if all(p.status == DONE_LATE for p in mine)",
      "two parts, one late: on time", STATUS),
    m("S16", S, "        and row.due <= horizon\n", "        and row.due < horizon\n",
      "due exactly at the horizon left out", STATUS),
    m("S17", S, "row.item.carried_on is not None and row.item.carried_on <= as_of",
      "row.item.carried_on is not None and row.item.carried_on < as_of",
      "an item carried today still due here", STATUS),
    m("S18", S, "if row.due is not None and row.due < as_of and row.status != TRANSFERRED:",
      "if row.due is not None and row.due <= as_of and row.status != TRANSFERRED:",
      "tally: due today counted as passed", STATUS),
    m("S19", S, "    if item.shared:\n        return False\n", "",
      "shared: true ignored (each member answers)", STATUS),
    m("S20", S, "    return milestone.due or as_of", "    return as_of",
      "who owes a milestone decided on the view's day, not its due day", STATUS),
    m("S21", S, "        shown = record if record.on <= as_of else None",
      "        shown = record",
      "a member's completion after the day shown", STATUS),
    m("S22", S, "        return _own_part(row, mine)",
      "        return UnitAnswer(role, row.status, row.completion)",
      "a member answers with the whole group's status", STATUS),
    m("S23", Q, "        if holder.name in selves:\n            return None",
      "        if holder.name in selves:\n            return OWES",
      "a unit merged into the one asked about answers twice (no own-right answer)", STATUS),
    # ---- query/reporting.py ----------------------------------------------------------------
    m("R1", R, "if completion is None or not current.start <= completion.on <= last:",
      "if completion is None or not current.start < completion.on <= last:",
      "the window's first day (15/12) left out of 'completed'", REPORT),
    m("R2", R, "    last = min(current.end, day)\n", "    last = current.end\n",
      "--as-of before the cut-off lists later entries", REPORT),
    m("R3", R, "            if not current.start <= entry.on <= last:",
      "            if not current.start < entry.on <= last:",
      "a log entry of the window's first day left out", REPORT),
    m("R4", R, "day < row.due <= following.end", "day < row.due < following.end",
      "a milestone due on the next cut-off not upcoming", REPORT),
    m("R5", R, "day < row.due <= following.end", "day <= row.due <= following.end",
      "a milestone due on the report's day listed as upcoming", REPORT),
    m("R6", R, "        if row.due is None or row.due > day:\n            continue\n        for ref",
      "        if row.due is None or row.due >= day:\n            continue\n        for ref",
      "a group milestone due on the cut-off is no gap", REPORT),
    m("R7", R, "    reasons_until = max(day, current.due)\n",
      "    reasons_until = day\n",
      "reasons written between the cut-off and the report's due day left out", REPORT),
    m("R8", R, "if until is not None and reason.on is not None and reason.on > until:",
      "if until is not None and reason.on is not None and reason.on >= until:",
      "a reason written on the last day left out", REPORT),
    m("R9", S, "    if written is None:\n        return len(item.milestones) == 1 and number == 1",
      "    if written is None:\n        return True",
      "a reason without a milestone counts for every milestone", REPORT),
    m("R10", R, "    if written is None:\n        return leads", "    if written is None:\n        return True",
      "a log entry naming no unit is every unit's", REPORT),
    m("R11", R, "        unit = index.successor_on(unit, day)\n", "        pass\n",
      "a merged unit's report under its old name", REPORT),
    m("R12", R, "if unit.kind != \"role\" and is_active(unit, day)", "if is_active(unit, day)",
      "roles listed as units of the ministry", REPORT),
    m("R13", R, "if row.due is not None and row.due.year == year", "if row.due is not None",
      "timeline: milestones of other years", REPORT),
    m("R14", R, "if unit is not None and reason.unit is not None and reason.unit != unit.name:",
      "if False:", "a unit's report shows the other units' reasons", REPORT),
    # ---- core/periods.py -------------------------------------------------------------------
    m("P1", P, "            return date(year, 2, 29)\n", "            return date(year, 2, 28)\n",
      "29 February never used", PERIODS),
    m("P2", P, "start_year = year - 1 if period.start > period.end else year",
      "start_year = year - 1 if period.start >= period.end else year",
      "a window starting and ending the same day (none in 581) put in the previous year",
      PERIODS),
    m("P3", P, "start_year = year - 1 if period.start > period.end else year",
      "start_year = year", "Q1's window starting in the same year", PERIODS),
    m("P4", P, "earlier = [entry for entry in _cut_offs(calendar, (year - 1, year)) if entry[0] < mine]",
      "earlier = [entry for entry in _cut_offs(calendar, (year - 1, year)) if entry[0] <= mine]",
      "a period its own previous one", PERIODS),
    m("P5", P, "later = [entry for entry in _cut_offs(calendar, (year, year + 1)) if entry[0] > mine]",
      "later = [entry for entry in _cut_offs(calendar, (year, year + 1)) if entry[0] >= mine]",
      "a period its own next one", PERIODS),
    m("P6", P, "            if working >= legal:", "            if working > legal:",
      "a working deadline equal to the legal one marked as a report", PERIODS),
    m("P7", P, "working = min(report_due(p, legal.year) for p in periods)",
      "working = max(report_due(p, legal.year) for p in periods)",
      "the later of two report days", PERIODS),
    m("P8", P, "names = (period.key, period.name, period.name_en, *period.aliases)",
      "names = (period.key, period.name, period.name_en)", "aliases not found", PERIODS),
    m("P9", P, "    _, found_year, position = later[0]",
      "    _, found_year, position = later[-1]", "the last later period, not the next", PERIODS),
    # ---- core/deadlines/recurring.py -------------------------------------------------------
    m("C1", C, "    first = datetime(year, every, 1)", "    first = datetime(year, 1, 1)",
      "every N months from January (2 → Jan, Mar, …)", GRAMMAR),
    m("C2", C, "_EVERY_MONTHS = {1: 0, 2: 0, 4: 0, 3: 1, 6: 2, 12: 3}",
      "_EVERY_MONTHS = {1: 0, 2: 0, 3: 1, 6: 2, 12: 3}", "every 4 months refused", GRAMMAR),
    m("C3", C, "_EVERY_MONTHS = {1: 0, 2: 0, 4: 0, 3: 1, 6: 2, 12: 3}",
      "_EVERY_MONTHS = {1: 0, 4: 0, 3: 1, 6: 2, 12: 3}", "every 2 months refused", GRAMMAR),
    m("C4", C, "_EVERY_MONTHS = {1: 0, 2: 0, 4: 0, 3: 1, 6: 2, 12: 3}",
      "_EVERY_MONTHS = {1: 0, 2: 0, 4: 0, 3: 0, 6: 2, 12: 3}",
      "a quarter as fine as a month (names of shared dates)", GRAMMAR),
    m("C5", C, "        half = \"đầu\" if due.month == 6 else \"cuối\"",
      "        half = \"đầu\" if due.month <= 6 else \"cuối\"", "half-year name", GRAMMAR),
    m("C6", C, "    if not 1 <= year <= 9999:", "    if not 1 <= year <= 9998:",
      "the calendar's last year refused", GRAMMAR),
    m("C7", C, "            bad_year = bad_year or not ends", "            bad_year = False",
      "an impossible year not a problem", GRAMMAR),
    m("C8", C, "    for due, _rank, period in sorted(found):", "    for due, _rank, period in found:",
      "union not in date order", GRAMMAR),
    m("C9", C, "    return found.pop() if len(found) == 1 else None",
      "    return found.pop() if found else None", "two rhythms: one picked", GRAMMAR),
    m("C10", C, "years = range(r.year, r.last_year + 1) if year is None",
      "years = range(r.year, r.last_year) if year is None",
      "a plan's last year without recurrences", GRAMMAR),
    m("C11", C, "    if ongoing or (not found and not result.problems):", "    if ongoing:",
      "'Định kỳ đột xuất' gives nothing", GRAMMAR),
    m("I1", "parplan/render/ics.py", "    return (first, until) if first <= until else None",
      "    return (first, until) if first < until else None",
      "a weekly item's recurrence of one day dropped", GRAMMAR),
    # ---- io/ledger.py ----------------------------------------------------------------------
    m("L1", L, "        return (due is None, due or date.max, number)\n\n    return min(open_numbers, key=key)",
      "        return (due is None, due or date.max, number)\n\n    return min(open_numbers)",
      "the earliest open milestone by position", LEDGER),
    m("L2", L, "        return (due is None, due or date.max, number)\n\n    return min(numbers, key=key)",
      "        return (due is None, due or date.max, number)\n\n    return min(numbers)",
      "a member's earliest open milestone by position", LEDGER),
    m("L3", L, "key=lambda c: (c.on, c.source.line, c.source.column)", "key=lambda c: (c.on,)",
      "undo among completions of one date: the first written", LEDGER),
    m("L4", L, "max(found, key=lambda pair: (pair[0].on, pair[0].source.line))",
      "max(found, key=lambda pair: (pair[0].on,))",
      "a member's undo among completions of one date", LEDGER),
    m("L5", LE, "    if today is not None and on > today:", "    if today is not None and on >= today:",
      "a completion dated today refused", LEDGER),
    m("L6", L, "    if label and labels.count(fold(label)) == 1:",
      "    if label and labels.count(fold(label)) >= 1:",
      "a label shared by two milestones written as the reference", LEDGER),
    m("L7", L, "    picked = milestone is None and len(item.milestones) > 1\n    if milestone is not None:\n        number = resolve_milestone(item, milestone)\n    else:\n        number = _earliest_open(item) if picked else 1",
      "    picked = milestone is None and len(item.milestones) > 1\n    if milestone is not None:\n        number = resolve_milestone(item, milestone)\n    else:\n        number = _earliest_open(item)",
      "a one-milestone item: the same (earliest open is 1)", LEDGER),
    m("L8", LT, "        if merged and first <= merged[-1][1] + 1:",
      "        if merged and first <= merged[-1][1]:", "adjacent spans removed separately", LEDGER),
    m("L9", L, "    if evidence is None and plan.info.evidence_required:\n        raise RequestError(\"ledger.evidence-required\", id=item.id.value)\n    if len(item.milestones) == 1:",
      "    if len(item.milestones) == 1:", "evidence no longer required", LEDGER),
    m("L10", L, "    existing = completion_of(item, number)\n    if existing is not None:",
      "    existing = completion_of(item, number)\n    if False:",
      "a second completion of the same milestone accepted", LEDGER),
]  # fmt: skip


def run(tests: tuple[str, ...] | list[str], timeout: int) -> bool:
    """Whether the tests pass (the mutant survives)."""
    command = ["uv", "run", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not fuzz"]
    try:
        done = subprocess.run(
            [*command, *tests], cwd=ROOT, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return False  # a mutant that makes the tests hang is killed
    return done.returncode == 0


def apply(mutant: Mutant) -> str:
    path = ROOT / mutant.path
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count != 1:
        raise SystemExit(f"{mutant.key}: the snippet occurs {count} times in {mutant.path}")
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="the mutants to run (keys)")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--whole", action="store_true", help="run the whole suite instead")
    parser.add_argument("--timeout", type=int, default=900)
    args = parser.parse_args()
    chosen = [x for x in MUTANTS if not args.only or x.key in args.only]
    print("| mutant | file | change | killed | seconds |")
    print("|---|---|---|---|---|")
    for mutant in chosen:
        where = mutant.path.removeprefix("parplan/")
        if args.list:
            print(f"| {mutant.key} | {where} | {mutant.what} | | |")
            continue
        original = apply(mutant)
        started = time.monotonic()
        try:
            survived = run(["tests"] if args.whole else mutant.tests, args.timeout)
        finally:
            (ROOT / mutant.path).write_text(original, encoding="utf-8")
        seconds = time.monotonic() - started
        verdict = "**survived**" if survived else "killed"
        print(f"| {mutant.key} | {where} | {mutant.what} | {verdict} | {seconds:.0f} |", flush=True)
    dirty = subprocess.run(["git", "diff", "--quiet", "--", "parplan"], cwd=ROOT, check=False)
    if dirty.returncode != 0:
        print("warning: parplan/ differs from the last commit", file=sys.stderr)


if __name__ == "__main__":
    main()
