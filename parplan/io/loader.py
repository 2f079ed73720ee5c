"""The plan file → model objects with locations, plus the problems met on the way.

Why one module past 500 lines: one schema walked node by node (the plan's info, its reporting
calendar, sections, tasks, items and their records), with the located diagnostics of each field.
The other parts of the read live beside it: ``yamldoc`` (text → nodes, what is refused),
``node_reader`` (the typed walk), ``units_file`` (the registry), ``body`` (the decision's body,
issue 21); their public names are importable from here too.

Nothing here raises on bad content: every problem becomes a ``Diagnostic`` and loading goes on
with what could be read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.clock import parse_date  # here too: the loader reads the files' dates
from parplan.core.deadlines import DATE, Milestone, ParsedDeadline, parse_deadline
from parplan.core.model import (
    Completion,
    Diagnostic,
    Duty,
    Item,
    LateReason,
    LogEntry,
    Measurement,
    Plan,
    PlanInfo,
    ReportingCalendar,
    ReportPeriod,
    Responsibility,
    Section,
    Source,
    Target,
    Task,
    Text,
)
from parplan.core.periods import with_working_deadlines
from parplan.core.text import nfc, printable, visible
from parplan.io.body import (
    BODY_KEYS,
    DUTY_OPTIONAL,
    DUTY_REQUIRED,
    MEASUREMENT_OPTIONAL,
    MEASUREMENT_REQUIRED,
    RESPONSIBILITY_OPTIONAL,
    RESPONSIBILITY_REQUIRED,
    TARGET_OPTIONAL,
    TARGET_REQUIRED,
    Body,
    _duties,
    _measurements,
    _responsibilities,
    _targets,
)
from parplan.io.node_reader import BAD_VALUE_REASONS, MAX_TEXT, _plain, _Reader
from parplan.io.units_file import (
    CODE_PATTERN,
    GROUP_KEYS,
    UNIT_KEYS,
    UNIT_KINDS,
    build_registry,
    load_registry,
)
from parplan.io.yamldoc import (
    MAX_DEPTH,
    Document,
    _deeper_than,
    _empty,
    empty_file,
    parse_document,
    read_document,
)

# The names other modules import from here (the loader before it was split, issue 22).
__all__ = [
    "BAD_VALUE_REASONS",
    "BODY_KEYS",
    "CODE_PATTERN",
    "DUTY_OPTIONAL",
    "DUTY_REQUIRED",
    "GROUP_KEYS",
    "LATE_OPTIONAL",
    "LATE_REQUIRED",
    "LEAF_OPTIONAL",
    "LEAF_REQUIRED",
    "LOG_OPTIONAL",
    "LOG_REQUIRED",
    "MAX_DEPTH",
    "MAX_TEXT",
    "MEASUREMENT_OPTIONAL",
    "MEASUREMENT_REQUIRED",
    "PERIOD_OPTIONAL",
    "PERIOD_REQUIRED",
    "PLAN_INFO_KEYS",
    "PLAN_INFO_OPTIONAL",
    "POLICY_KEYS",
    "PROGRESS_KEYS",
    "REPORTING_KEYS",
    "RESPONSIBILITY_OPTIONAL",
    "RESPONSIBILITY_REQUIRED",
    "TARGET_OPTIONAL",
    "TARGET_REQUIRED",
    "UNIT_KEYS",
    "UNIT_KINDS",
    "Body",
    "Document",
    "_deeper_than",
    "build_entry",
    "build_plan",
    "build_registry",
    "empty_file",
    "load_plan",
    "load_registry",
    "parse_document",
    "read_document",
    "read_head",
    "read_header",
]


# ---------------------------------------------------------------------------------------------
# The plan file

PLAN_INFO_KEYS = ("title", "decision")
# One of year (a plan of one year) and period ("2026-2030", several years) is required.
PLAN_INFO_OPTIONAL = ("year", "period", "issued", "source", "policy", "reporting")
LEAF_REQUIRED = ("product", "lead", "support", "deadline")
# Progress keys (see ``_completions``): on the item for a single-milestone item or a condition,
# in ``progress`` entries for one milestone of several.
PROGRESS_KEYS = (
    "done",
    "evidence",
    "recorded_by",
    "progress",
    "met",
    "met_evidence",
    "within_days",
)
# amended_by: the decision that changed the item (shown by `parplan diff`).
# carried_from / carried_to, carried_on: carry-over between plans (``parplan carry``).
CARRY_KEYS = ("carried_from", "carried_to", "carried_on")
# extra: columns of the decision's table that parplan has no key for, heading → text (import).
LEAF_OPTIONAL = (
    "due",  # issue 20: working deadlines beside the decision's wording (ISO dates)
    "note",
    "after",
    "amended_by",
    "shared",  # a group-led item completed once by the group together (default: per member)
    "extra",
    *CARRY_KEYS,
    *PROGRESS_KEYS,
    "log",
    "late",
)
POLICY_KEYS = ("evidence",)


def load_plan(path: str | Path) -> tuple[Plan, list[Diagnostic]]:
    """Load a plan file. Items that cannot be read in full are left out, with diagnostics."""
    return build_plan(read_document(path))


def build_plan(
    document: Document,
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline] = parse_deadline,
) -> tuple[Plan, list[Diagnostic]]:
    reader = _Reader(document.path, list(document.problems), document.text)
    info = PlanInfo(title="", decision="", issued=None, year=0)
    sections: list[Section] = []
    tasks: list[Task] = []
    items: list[Item] = []
    targets: tuple[Target, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    duties: tuple[Duty, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    if document.root is None and not document.problems:
        reader.problems.append(_empty(document.path, "plan"))
    if document.root is not None:
        top = reader.mapping(document.root, "plan file", ("plan", "sections"), BODY_KEYS)
        if top is not None:
            info = _plan_info(reader, top)
            targets = _targets(reader, top)
            measurements = _measurements(reader, top)
            duties = _duties(reader, top)
            responsibilities = _responsibilities(reader, top)
            for section_node in reader.sequence(top, "sections"):
                _section(reader, section_node, info, sections, tasks, items, deadline_parser)
    if info.reporting is not None:
        items = with_working_deadlines(items, info.reporting)
    plan = Plan(
        document.path,
        info,
        tuple(sections),
        tuple(tasks),
        tuple(items),
        targets,
        measurements,
        duties,
        responsibilities,
    )
    return plan, reader.problems


def read_header(name: str, header: str) -> tuple[PlanInfo, list[Diagnostic]]:
    """The plan's info from the lines before ``sections:`` (``io.fastread`` reads the rest),
    with every problem the loader finds in them: as ``build_plan`` reads that part."""
    info, _body, problems = read_head(name, header)
    return info, problems


def read_head(name: str, header: str) -> tuple[PlanInfo, Body, list[Diagnostic]]:
    """``read_header`` with the decision's body written before ``sections:`` (``targets:``,
    issue 21), read as ``build_plan`` reads it."""
    document = parse_document(name, header.encode("utf-8", "surrogatepass"))
    reader = _Reader(document.path, list(document.problems), document.text)
    if document.root is None:
        reader.problems.append(_empty(name, "plan"))
        return PlanInfo(title="", decision="", issued=None, year=0), Body(), reader.problems
    top = reader.mapping(document.root, "plan file", ("plan",), ("sections", *BODY_KEYS))
    info = _plan_info(reader, top) if top is not None else PlanInfo("", "", None, 0)
    body = Body()
    if top is not None:
        body = Body(
            _targets(reader, top),
            _measurements(reader, top),
            _duties(reader, top),
            _responsibilities(reader, top),
        )
    return info, body, reader.problems


def _plan_info(reader: _Reader, top: dict[str, tuple[Node, Node]]) -> PlanInfo:
    if "plan" not in top:  # reported as missing-key already
        return PlanInfo(title="", decision="", issued=None, year=0)
    fields = reader.mapping(top["plan"][1], "plan", PLAN_INFO_KEYS, PLAN_INFO_OPTIONAL) or {}
    title = reader.text(fields, "title", required=True)
    decision = reader.text(fields, "decision", required=True)
    year = reader.integer(fields, "year")
    if year is not None and not 1900 <= year <= 2999:
        node = fields["year"][1]
        reader.report(node, "bad-value", field="year", value=str(year), choices="1900-2999")
        year = None
    last_year = None
    if "period" in fields:
        first, last_year = _period(reader, fields["period"][1])
        if "year" in fields and first is not None and year != first:  # one or the other
            node = fields["period"][1]
            reader.report(
                node, "bad-value", field="period", value=node.value, choices=f"{year}-YYYY"
            )
        year = first if first is not None else year
    elif "year" not in fields and "plan" in top:
        reader.report(top["plan"][0], "missing-key", context="plan", key="year")
    issued = reader.date(fields, "issued")
    reader.text(fields, "source", required=False)  # not used; type-checked all the same
    if year is None:  # reported; deadlines without a year of their own then fail to resolve
        year = issued.year if issued else 0
    evidence_required = True
    if "policy" in fields:
        policy = reader.mapping(fields["policy"][1], "policy", (), POLICY_KEYS) or {}
        if "evidence" in policy:
            evidence_required = (
                reader.choice(policy, "evidence", ("required", "optional")) != "optional"
            )
    reporting = _reporting(reader, fields["reporting"][1]) if "reporting" in fields else None
    return PlanInfo(
        title=title.value if title else "",
        decision=decision.value if decision else "",
        issued=issued,
        year=year,
        evidence_required=evidence_required,
        reporting=reporting,
        last_year=last_year,
    )


def _period(reader: _Reader, node: Node) -> tuple[int | None, int | None]:
    """``period: 2026-2030``: the first and last year of a plan of several years."""
    value = node.value if isinstance(node, ScalarNode) else ""
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", str(value))
    if match is None or not 1900 <= int(match[1]) <= int(match[2]) <= 2999:
        reader.report(node, "bad-value", field="period", value=str(value), choices="YYYY-YYYY")
        return None, None
    return int(match[1]), int(match[2])


def _section(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    sections: list[Section],
    tasks: list[Task],
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    fields = reader.mapping(node, "section", ("id", "title", "tasks"))
    if fields is None:
        return
    section_id = reader.text(fields, "id", required=True)
    title = reader.text(fields, "title", required=True)
    if section_id is None:
        return
    section = Section(section_id, title.value if title else "", section_id.source)
    sections.append(section)
    for task_node in reader.sequence(fields, "tasks"):
        _task(reader, task_node, info, section, tasks, items, deadline_parser)


def _task(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    section: Section,
    tasks: list[Task],
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    has_activities = isinstance(node, MappingNode) and any(
        isinstance(k, ScalarNode) and k.value == "activities" for k, _ in node.value
    )
    if has_activities:
        fields = reader.mapping(node, "task", ("id", "title", "activities"))
    else:
        fields = reader.mapping(node, "task", ("id", "title", *LEAF_REQUIRED), LEAF_OPTIONAL)
    if fields is None:
        return
    task_id = reader.text(fields, "id", required=True)
    title = reader.text(fields, "title", required=True)
    if task_id is None:
        return
    task = Task(task_id, title.value if title else "", task_id.source)
    tasks.append(task)
    if has_activities:
        for activity_node in reader.sequence(fields, "activities"):
            _activity(reader, activity_node, info, section, task, items, deadline_parser)
    else:
        item = _item(reader, fields, info, section, task, True, deadline_parser)
        if item is not None:
            items.append(item)


def _activity(
    reader: _Reader,
    node: Node,
    info: PlanInfo,
    section: Section,
    task: Task,
    items: list[Item],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> None:
    activity = reader.mapping(node, "activity", ("id", *LEAF_REQUIRED), LEAF_OPTIONAL)
    if activity is not None:
        item = _item(reader, activity, info, section, task, False, deadline_parser)
        if item is not None:
            items.append(item)


def build_entry(
    document: Document, info: PlanInfo, section: Section, task: Task | None
) -> tuple[list[Task], list[Item], list[Diagnostic]]:
    """The tasks, items and problems of one entry of a plan read alone, as ``build_plan`` reads
    it in place: ``document`` holds a sequence of that one node, an activity of ``task``, or
    (``task`` None) a task of ``section`` without activities. The ledger reads the item it
    edited again this way (``ledger.apply_edit``)."""
    reader = _Reader(document.path, list(document.problems), document.text)
    tasks: list[Task] = []
    items: list[Item] = []
    nodes = document.root.value if isinstance(document.root, SequenceNode) else []
    for node in nodes:
        if task is None:
            _task(reader, node, info, section, tasks, items, parse_deadline)
        else:
            _activity(reader, node, info, section, task, items, parse_deadline)
    if info.reporting is not None:
        items = with_working_deadlines(items, info.reporting)
    return tasks, items, reader.problems


def _item(
    reader: _Reader,
    fields: dict[str, tuple[Node, Node]],
    info: PlanInfo,
    section: Section,
    task: Task,
    is_task: bool,
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> Item | None:
    item_id = reader.text(fields, "id", required=True)
    product = reader.text(fields, "product", required=True)
    deadline = reader.text(fields, "deadline", required=True, share=True)
    if item_id is None or deadline is None:
        return None
    deadline = _deadline_text(fields["deadline"][1], deadline)
    if any(char.isdigit() and not char.isascii() for char in deadline.value):
        # Only ASCII digits are digits; "Tháng ٣/2025" is not March.
        reader.report(fields["deadline"][1], "bad-value", field="deadline", reason="digits")
    note = reader.text(fields, "note", required=False)
    completions, met = _completions(reader, fields)
    within_days = reader.integer(fields, "within_days")
    for present, absent in (("carried_to", "carried_on"), ("carried_on", "carried_to")):
        if present in fields and absent not in fields:  # a carry is written as both lines
            reader.report(fields[present][0], "missing-key", key=absent, context=item_id.value)
    return Item(
        id=item_id,
        section_id=section.id.value,
        section_title=section.title,
        task_id=task.id.value,
        task_title=task.title,
        product=product.value if product else "",
        lead=reader.texts(fields, "lead"),
        support=reader.texts(fields, "support"),
        deadline=deadline,
        parsed=_with_override(
            deadline_parser(deadline.value, info.year, info.last_year), _override(reader, fields)
        ),
        note=note.value if note else None,
        after=reader.text(fields, "after", required=False),
        source=item_id.source,
        is_task=is_task,
        completions=completions,
        met=met,
        within_days=within_days,
        amended_by=reader.text(fields, "amended_by", required=False),
        carried_from=reader.text(fields, "carried_from", required=False),
        carried_to=reader.text(fields, "carried_to", required=False),
        carried_on=reader.date(fields, "carried_on"),
        log=_log(reader, fields),
        late=_late(reader, fields),
        extra=_extra(reader, fields),
        shared=reader.boolean(fields, "shared"),
    )


# issue 20: an explicit working deadline beside the decision's wording
def _override(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[date, ...]:
    """``due:``, the item's working deadlines: a list of ISO dates (``[2026-06-30]``), each
    one located when it is not a date (``bad-date``)."""
    out: list[date] = []
    for node in reader.sequence(fields, "due"):
        value = parse_date(node.value) if isinstance(node, ScalarNode) else None
        if value is None:
            shown = printable(node.value[:80]) if isinstance(node, ScalarNode) else ""
            reader.report(node, "bad-date", field="due", value=shown)
            continue
        out.append(value)
    return tuple(out)


def _with_override(parsed: ParsedDeadline, override: tuple[date, ...]) -> ParsedDeadline:
    """The deadline an explicit ``due:`` settles: one dated milestone per date, and no problem
    of the wording (which stays the item's ``deadline``, the legal one). When the wording was
    read into as many dated milestones, each keeps its label, and its date as ``legal_due``
    beside the working one; otherwise the override stands alone. The override wins either way."""
    if not override:
        return parsed
    read = parsed.milestones
    same = len(read) == len(override) and all(m.due is not None for m in read)
    milestones = tuple(
        Milestone(
            label=read[n].label if same else None,
            due=day,
            kind=DATE,
            legal_due=read[n].due if same and read[n].due != day else None,
        )
        for n, day in enumerate(override)
    )
    return ParsedDeadline(milestones, ())


def _extra(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[tuple[str, str], ...]:
    """``extra:``, the table's other columns: a mapping of heading → text."""
    if "extra" not in fields:
        return ()
    node = fields["extra"][1]
    if not isinstance(node, MappingNode):
        reader.report(node, "wrong-type", field="extra", expected="mapping")
        return ()
    out: list[tuple[str, str]] = []
    for key, value in node.value:
        if not isinstance(key, ScalarNode) or not isinstance(value, ScalarNode):
            reader.report(value, "wrong-type", field="extra", expected="text")
            continue
        out.append((nfc(key.value).strip(), nfc(value.value).strip()))
    return tuple(out)


def _completions(
    reader: _Reader, fields: dict[str, tuple[Node, Node]]
) -> tuple[tuple[Completion, ...], Completion | None]:
    """Recorded progress of an item.

    On the item: ``done: DATE`` with ``evidence:`` (and optionally ``recorded_by:``), for an item
    with one milestone; ``met: DATE`` with ``met_evidence:`` for a condition. Per milestone:
    ``progress:`` entries ``{milestone: LABEL or N, done: DATE, evidence: TEXT}``; a member's
    own part of a group-led item adds ``unit: NAME``.
    """
    out: list[Completion] = []
    # Read every key whether or not its record is complete, so that each is type-checked.
    evidence = _evidence(reader, fields, "evidence")
    recorded_by = _plain(reader.text(fields, "recorded_by", required=False))
    met_evidence = _evidence(reader, fields, "met_evidence")
    if "done" in fields:
        on = reader.date(fields, "done")
        if on is not None:
            out.append(Completion(on, evidence, recorded_by, None, reader.where(fields["done"][1])))
    for node in reader.sequence(fields, "progress"):
        entry = reader.mapping(
            node, "progress", ("milestone", "done"), ("unit", "evidence", "recorded_by")
        )
        if entry is None:
            continue
        on = reader.date(entry, "done")
        milestone = reader.text(entry, "milestone", required=True)
        entry_evidence = _evidence(reader, entry, "evidence")
        entry_by = _plain(reader.text(entry, "recorded_by", required=False))
        if on is not None and milestone is not None:
            out.append(
                Completion(
                    on,
                    entry_evidence,
                    entry_by,
                    milestone,
                    reader.where(entry["done"][1]),
                    reader.text(entry, "unit", required=False),
                )
            )
    met = None
    if "met" in fields:
        on = reader.date(fields, "met")
        if on is not None:
            met = Completion(on, met_evidence, None, None, reader.where(fields["met"][1]))
    return tuple(out), met


def _evidence(reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str) -> Text | None:
    """Evidence as written; None when it holds nothing visible (a zero-width space is not a
    document)."""
    found = reader.text(fields, key, required=False)
    if found is None or not visible(found.value).strip():
        return None
    return found


def _deadline_text(node: Node, text: Text) -> Text:
    """A deadline's location: for a quoted scalar, the first character inside the quotes."""
    if isinstance(node, ScalarNode) and node.style in ("'", '"'):
        source = Source(text.source.file, text.source.line, text.source.column + 1)
        return Text(text.value, source)
    return text


# ---------------------------------------------------------------------------------------------
# The reporting calendar (``plan: reporting:``; see parplan.core.periods)

REPORTING_KEYS = ("basis", "agency", "place", "report", "items", "periods")
PERIOD_REQUIRED = ("key", "name", "from", "to", "due")
PERIOD_OPTIONAL = ("name_en", "aliases")


def _reporting(reader: _Reader, node: Node) -> ReportingCalendar | None:
    fields = reader.mapping(
        node, "reporting", ("report", "periods"), ("basis", "agency", "place", "items")
    )
    if fields is None:
        return None
    report = reader.text(fields, "report", required=True)
    basis = reader.text(fields, "basis", required=False)
    periods: list[ReportPeriod] = []
    keys: dict[str, int] = {}
    for period_node in reader.sequence(fields, "periods"):
        period = reader.mapping(period_node, "period", PERIOD_REQUIRED, PERIOD_OPTIONAL)
        if period is None:
            continue
        key = reader.text(period, "key", required=True)
        name = reader.text(period, "name", required=True)
        days = [_month_day(reader, period, k) for k in ("from", "to", "due")]
        if key is not None and key.value in keys:
            reader.report(
                period["key"][1], "duplicate-id", id=key.value, first_line=keys[key.value]
            )
            continue
        if key is not None:
            keys[key.value] = key.source.line
        if key is None or name is None or None in days:
            continue
        name_en = reader.text(period, "name_en", required=False)
        periods.append(
            ReportPeriod(
                key=key.value,
                name=name.value,
                name_en=name_en.value if name_en else key.value,
                aliases=tuple(a.value for a in reader.texts(period, "aliases")),
                start=days[0],  # type: ignore[arg-type]
                end=days[1],  # type: ignore[arg-type]
                due=days[2],  # type: ignore[arg-type]
                source=key.source,
            )
        )
    if report is None:
        return None
    return ReportingCalendar(
        basis=basis.value if basis else None,
        report=report.value,
        items=reader.texts(fields, "items"),
        periods=tuple(periods),
        source=reader.where(node),
        agency=_plain(reader.text(fields, "agency", required=False)),
        place=_plain(reader.text(fields, "place", required=False)),
    )


def _month_day(
    reader: _Reader, fields: dict[str, tuple[Node, Node]], key: str
) -> tuple[int, int] | None:
    """A day of the year written DD/MM ("15/12"), as the reporting documents write it."""
    if key not in fields:
        return None
    node = fields[key][1]
    value = node.value.strip() if isinstance(node, ScalarNode) else ""
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
    if found:
        day, month = int(found[1]), int(found[2])
        try:
            date(2000, month, day)  # a leap year: 29/02 is a day of the calendar
        except ValueError:
            pass
        else:
            return month, day
    reader.report(node, "reporting-day", field=key, value=value)
    return None


# ---------------------------------------------------------------------------------------------
# The work log and reasons for delay (``log:``, ``late:``; issue 12)

LOG_REQUIRED = ("on", "text")
LOG_OPTIONAL = ("unit", "evidence")
LATE_REQUIRED = ("reason",)
LATE_OPTIONAL = ("milestone", "unit", "on")


def _log(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[LogEntry, ...]:
    """``log:`` entries ``{on: DATE, text: TEXT, unit: UNIT, evidence: TEXT}``."""
    out: list[LogEntry] = []
    for node in reader.sequence(fields, "log"):
        entry = reader.mapping(node, "log", LOG_REQUIRED, LOG_OPTIONAL)
        if entry is None:
            continue
        on = reader.date(entry, "on")
        text = reader.text(entry, "text", required=True)
        unit = reader.text(entry, "unit", required=False)
        evidence = reader.text(entry, "evidence", required=False)
        if on is not None and text is not None:
            out.append(
                LogEntry(
                    on,
                    text.value,
                    _plain(unit),
                    _plain(evidence),
                    reader.where(node),
                    unit.source if unit else None,
                )
            )
    return tuple(out)


def _late(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> tuple[LateReason, ...]:
    """``late:`` entries ``{milestone: LABEL or N, reason: TEXT, unit: UNIT, on: DATE}``."""
    out: list[LateReason] = []
    for node in reader.sequence(fields, "late"):
        entry = reader.mapping(node, "late", LATE_REQUIRED, LATE_OPTIONAL)
        if entry is None:
            continue
        reason = reader.text(entry, "reason", required=True)
        milestone = reader.text(entry, "milestone", required=False)
        unit = reader.text(entry, "unit", required=False)
        on = reader.date(entry, "on") if "on" in entry else None
        if reason is not None:
            out.append(
                LateReason(
                    milestone,
                    reason.value,
                    _plain(unit),
                    on,
                    reader.where(node),
                    unit.source if unit else None,
                )
            )
    return tuple(out)
