"""The plan and unit registry as immutable values, each stamped with where it was written.

No I/O here: the loader builds these objects, the checks and queries read them. Lines and columns
are 1-based, converted once in the loader.

Why past 500 lines: the whole model in one place, the most numerous classes with an ``__init__``
of their own (see below) beside their fields.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import field
from datetime import date

from parplan.core.deadlines import Milestone, ParsedDeadline
from parplan.core.text import fold
from parplan.core.values import frozen_dataclass, slot_setters

# The model's most numerous classes (a Source and a Text for every value written, an Item for
# every item, and their records) have an ``__init__`` of their own (``values.frozen_dataclass``
# leaves it alone): it sets each slot through the slot's own descriptor (``values.slot_setters``),
# about half the time of the frozen dataclass's, for a million objects built by every cold read
# and every unpickled cache entry; and it is compiled once into the module's bytecode, where the
# dataclass's is compiled again by every process (issue 23). Each takes the fields in their
# order with their defaults: ``tests/test_model_init.py`` holds it to ``fields(cls)``.

ERROR = "error"
WARNING = "warning"
INFO = "info"


def id_order(item_id: str) -> tuple[object, ...]:
    """Sort key that puts IDs in plan order: the Roman section, then numbers (I.2.10 after
    I.2.9, II after I, VII after VI)."""
    romans = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    section, *rest = item_id.split(".")
    value = 0
    for position, char in enumerate(section):
        number = romans.get(char, 0)
        following = romans.get(section[position + 1], 0) if position + 1 < len(section) else 0
        value += -number if following > number else number
    return (
        value,
        section,
        *((int(p), "") if p.isascii() and p.isdigit() else (0, p) for p in rest),
    )


def milestone_matches(reference: str, milestone: Milestone | None, number: int) -> bool:
    """Whether a reference (a label, or a 1-based number) names this milestone."""
    reference = reference.strip()
    if reference.isdigit():
        return int(reference) == number
    return (
        milestone is not None
        and milestone.label is not None
        and fold(milestone.label) == fold(reference)
    )


@frozen_dataclass(slots=True)
class Source:
    """A place in a file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __init__(self, file: str, line: int, column: int) -> None:
        _source_file(self, file)
        _source_line(self, line)
        _source_column(self, column)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


_source_file, _source_line, _source_column = slot_setters(Source)


@frozen_dataclass(slots=True)
class Text:
    """A string value together with the place it was written."""

    value: str
    source: Source

    def __init__(self, value: str, source: Source) -> None:
        _text_value(self, value)
        _text_source(self, source)


_text_value, _text_source = slot_setters(Text)


@frozen_dataclass(slots=True)
class Diagnostic:
    """One problem found in the data: where, how bad, a stable code, and the message's arguments.

    The message itself is rendered by ``parplan.messages`` in the user's language.
    """

    source: Source
    severity: str
    code: str
    args: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.source.file, self.source.line, self.source.column, self.code)


# ---------------------------------------------------------------------------------------------
# Units


@frozen_dataclass(slots=True)
class Rename:
    name: str
    on: date
    by: str | None = None


@frozen_dataclass(slots=True)
class Succession:
    """The unit's work passed to ``unit`` (a merge) or the unit left the ministry (``left``)."""

    on: date
    unit: str | None = None  # merged into this unit of the registry
    to: str | None = None  # left the ministry for this body
    by: str | None = None


@frozen_dataclass(slots=True)
class Unit:
    name: str
    short: str | None
    kind: str  # administrative | public_service | role
    aliases: tuple[Text, ...]
    source: Source
    part_of: Text | None = None
    renamed: tuple[Rename, ...] = ()
    merged_into: Succession | None = None
    merged_into_source: Source | None = None
    left: Succession | None = None
    established: date | None = None
    code: str | None = None  # the abbreviation in a document's number (issue 18)


@frozen_dataclass(slots=True)
class Group:
    name: str
    kinds: tuple[str, ...]
    members: tuple[Text, ...]
    placeholder: bool
    aliases: tuple[Text, ...]
    source: Source


@frozen_dataclass(slots=True)
class Registry:
    """The units file: units and groups, in file order."""

    file: str
    units: tuple[Unit, ...]
    groups: tuple[Group, ...]


# ---------------------------------------------------------------------------------------------
# The plan


@frozen_dataclass(slots=True)
class Completion:
    """A recorded fact: a milestone completed, or a condition met, on a day, shown by a document.

    ``milestone`` is None when the record sits on the item itself (a single-milestone item, or a
    condition); otherwise it names the milestone by label or by 1-based number.
    """

    on: date
    evidence: Text | None
    recorded_by: str | None
    milestone: Text | None
    source: Source  # where the date is written
    # A member's own part of an item led by a group (``progress`` entries with ``unit:``): the
    # unit's name as written; None for a completion of the whole item.
    unit: Text | None = None

    def __init__(
        self,
        on: date,
        evidence: Text | None,
        recorded_by: str | None,
        milestone: Text | None,
        source: Source,
        unit: Text | None = None,
    ) -> None:
        _completion_on(self, on)
        _completion_evidence(self, evidence)
        _completion_recorded_by(self, recorded_by)
        _completion_milestone(self, milestone)
        _completion_source(self, source)
        _completion_unit(self, unit)


(
    _completion_on,
    _completion_evidence,
    _completion_recorded_by,
    _completion_milestone,
    _completion_source,
    _completion_unit,
) = slot_setters(Completion)


@frozen_dataclass(slots=True)
class LogEntry:
    """A dated entry of an item's work log (``log:``): what was done on an ongoing item, by
    which unit, shown by which document (issue 12)."""

    on: date
    text: str
    unit: str | None
    evidence: str | None
    source: Source
    unit_source: Source | None = None  # where the unit is written

    def __init__(
        self,
        on: date,
        text: str,
        unit: str | None,
        evidence: str | None,
        source: Source,
        unit_source: Source | None = None,
    ) -> None:
        _log_entry_on(self, on)
        _log_entry_text(self, text)
        _log_entry_unit(self, unit)
        _log_entry_evidence(self, evidence)
        _log_entry_source(self, source)
        _log_entry_unit_source(self, unit_source)


(
    _log_entry_on,
    _log_entry_text,
    _log_entry_unit,
    _log_entry_evidence,
    _log_entry_source,
    _log_entry_unit_source,
) = slot_setters(LogEntry)


@frozen_dataclass(slots=True)
class LateReason:
    """Why a milestone is late (``late:``): its milestone (None for an item's only one), the
    reason, the unit that gives it and the day it was written (issue 12)."""

    milestone: Text | None
    reason: str
    unit: str | None
    on: date | None
    source: Source
    unit_source: Source | None = None  # where the unit is written

    def __init__(
        self,
        milestone: Text | None,
        reason: str,
        unit: str | None,
        on: date | None,
        source: Source,
        unit_source: Source | None = None,
    ) -> None:
        _late_reason_milestone(self, milestone)
        _late_reason_reason(self, reason)
        _late_reason_unit(self, unit)
        _late_reason_on(self, on)
        _late_reason_source(self, source)
        _late_reason_unit_source(self, unit_source)


(
    _late_reason_milestone,
    _late_reason_reason,
    _late_reason_unit,
    _late_reason_on,
    _late_reason_source,
    _late_reason_unit_source,
) = slot_setters(LateReason)


@frozen_dataclass(slots=True)
class Item:
    """A leaf of the plan: an activity, or a task with no activities."""

    id: Text
    section_id: str
    section_title: str
    task_id: str
    task_title: str
    product: str
    lead: tuple[Text, ...]
    support: tuple[Text, ...]
    deadline: Text
    parsed: ParsedDeadline
    note: str | None
    after: Text | None
    source: Source
    is_task: bool = False  # a task with no activities, rather than an activity
    completions: tuple[Completion, ...] = ()
    met: Completion | None = None  # a conditional item's condition, met on that day
    within_days: int | None = None  # after the condition is met, due this many days later
    amended_by: Text | None = None  # the decision that amended the item, if it says so
    # Carry-over between plans: "<decision> <ID>" of the item on the other side.
    carried_from: Text | None = None  # this item continues that item of an earlier plan
    carried_to: Text | None = None  # this item was carried into that item of a later plan…
    carried_on: date | None = None  # …on that day: from then on it is no longer due here
    log: tuple[LogEntry, ...] = ()  # work log entries (issue 12)
    late: tuple[LateReason, ...] = ()  # reasons for delay (issue 12)
    extra: tuple[tuple[str, str], ...] = ()  # the table's other columns: (heading, text)
    # A group-led item done by the group together (one completion) rather than by each member.
    shared: bool = False

    def __init__(
        self,
        id: Text,
        section_id: str,
        section_title: str,
        task_id: str,
        task_title: str,
        product: str,
        lead: tuple[Text, ...],
        support: tuple[Text, ...],
        deadline: Text,
        parsed: ParsedDeadline,
        note: str | None,
        after: Text | None,
        source: Source,
        is_task: bool = False,
        completions: tuple[Completion, ...] = (),
        met: Completion | None = None,
        within_days: int | None = None,
        amended_by: Text | None = None,
        carried_from: Text | None = None,
        carried_to: Text | None = None,
        carried_on: date | None = None,
        log: tuple[LogEntry, ...] = (),
        late: tuple[LateReason, ...] = (),
        extra: tuple[tuple[str, str], ...] = (),
        shared: bool = False,
    ) -> None:
        _item_id(self, id)
        _item_section_id(self, section_id)
        _item_section_title(self, section_title)
        _item_task_id(self, task_id)
        _item_task_title(self, task_title)
        _item_product(self, product)
        _item_lead(self, lead)
        _item_support(self, support)
        _item_deadline(self, deadline)
        _item_parsed(self, parsed)
        _item_note(self, note)
        _item_after(self, after)
        _item_source(self, source)
        _item_is_task(self, is_task)
        _item_completions(self, completions)
        _item_met(self, met)
        _item_within_days(self, within_days)
        _item_amended_by(self, amended_by)
        _item_carried_from(self, carried_from)
        _item_carried_to(self, carried_to)
        _item_carried_on(self, carried_on)
        _item_log(self, log)
        _item_late(self, late)
        _item_extra(self, extra)
        _item_shared(self, shared)

    @property
    def milestones(self) -> tuple[Milestone, ...]:
        return self.parsed.milestones

    @property
    def text(self) -> str:
        """The item's own words: the product, or for a bare task its title."""
        return self.product or self.task_title


(
    _item_id,
    _item_section_id,
    _item_section_title,
    _item_task_id,
    _item_task_title,
    _item_product,
    _item_lead,
    _item_support,
    _item_deadline,
    _item_parsed,
    _item_note,
    _item_after,
    _item_source,
    _item_is_task,
    _item_completions,
    _item_met,
    _item_within_days,
    _item_amended_by,
    _item_carried_from,
    _item_carried_to,
    _item_carried_on,
    _item_log,
    _item_late,
    _item_extra,
    _item_shared,
) = slot_setters(Item)


@frozen_dataclass(slots=True)
class Task:
    id: Text
    title: str
    source: Source

    def __init__(
        self,
        id: Text,
        title: str,
        source: Source,
    ) -> None:
        _task_id(self, id)
        _task_title(self, title)
        _task_source(self, source)


(
    _task_id,
    _task_title,
    _task_source,
) = slot_setters(Task)


@frozen_dataclass(slots=True)
class Section:
    id: Text
    title: str
    source: Source


@frozen_dataclass(slots=True)
class ReportPeriod:
    """A reporting period of the calendar: its window ``start``–``end`` and the day its report is
    due, each a (month, day) pair. A window that starts later in the year than it ends began in
    the previous year (Q1: 15/12 of the previous year – 14/03)."""

    key: str  # Q1, 6T, Q3, 9T, nam
    name: str  # "Quý I", as Vietnamese reports name it
    name_en: str
    aliases: tuple[str, ...]
    start: tuple[int, int]
    end: tuple[int, int]
    due: tuple[int, int]
    source: Source


@frozen_dataclass(slots=True)
class ReportingCalendar:
    """When reports are due and what they cover (e.g. Văn bản 581/BNV-CCHC), and the items of
    the plan whose milestones are those reports (their working deadlines come from here)."""

    basis: str | None
    report: str  # the report's name, e.g. "Báo cáo CCHC"
    items: tuple[Text, ...]
    periods: tuple[ReportPeriod, ...]
    source: Source
    agency: str | None = None  # the issuing body on a report's heading block ("Bộ Nội vụ")
    place: str | None = None  # where reports are dated ("Hà Nội")


@frozen_dataclass(slots=True)
class PlanInfo:
    title: str
    decision: str
    issued: date | None
    year: int
    evidence_required: bool = True  # policy: a completion without evidence is an error
    reporting: ReportingCalendar | None = None  # the plan's `reporting:` calendar, if it has one
    last_year: int | None = None  # period: the plan covers year..last_year (None: one year)


# ---------------------------------------------------------------------------------------------
# issue 21: the decision's numeric targets and their measurements

MEASURES = ("percent", "count")
COMPARISONS = ("at-least", "exactly", "at-most")


@frozen_dataclass(slots=True)
class Measurement:
    """A figure recorded for a target (``measurements:``): its value on a day, as a fraction
    when given (``of`` out of ``total``), shown by a document, reported by a unit."""

    target: Text  # the target's ID as written
    on: date
    value: float
    numerator: int | None  # ``of``
    denominator: int | None  # ``total``
    evidence: Text | None
    unit: Text | None
    recorded_by: str | None
    source: Source  # where the entry is written
    value_source: Source  # where its value is written


@frozen_dataclass(slots=True)
class Target:
    """A numeric target the decision sets (``targets:``), in its own words, with where it says
    so (``cited``: ``source/971-….txt:LINE:COL``, relative to the plan's folder), what is
    measured and how it is compared, the unit that answers for it and the point of the decision
    that says so (``basis``) and the year it is for. Its figures are the plan's
    ``measurements`` that name it."""

    id: Text
    text: str
    measure: str  # percent | count
    comparison: str  # at-least | exactly | at-most
    value: float
    source: Source
    cited: Text | None = None
    unit: Text | None = None
    basis: Text | None = None
    period: int | None = None  # the year it is for (None: the plan's)


@frozen_dataclass(slots=True)
class Duty:
    """A lettered point of section II ("Nhiệm vụ cụ thể", ``duties:``): standing work of its
    reform area, in the decision's words, with the units that lead it and the points of
    section IV that say so (``basis``, parallel to ``lead``). Not an appendix item: it has no
    deadline and is not counted among the appendix's items."""

    id: Text  # II.<area>.<letter>
    text: str
    source: Source
    cited: Text | None = None
    lead: tuple[Text, ...] = ()
    basis: tuple[Text, ...] = ()


@frozen_dataclass(slots=True)
class Responsibility:
    """A point of section IV ("Tổ chức thực hiện", ``responsibilities:``): what the decision
    gives one unit (``unit``, a registry name; or ``to``, bodies outside the registry such as
    the Party committee), in its words, with the points of section II it names."""

    id: Text  # IV.<n> or IV.<n>.<letter>
    text: str
    source: Source
    cited: Text | None = None
    unit: Text | None = None
    to: str | None = None
    points: tuple[Text, ...] = ()


@frozen_dataclass(slots=True)
class Plan:
    file: str
    info: PlanInfo
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    items: tuple[Item, ...]
    targets: tuple[Target, ...] = ()  # issue 21
    measurements: tuple[Measurement, ...] = ()  # issue 21, in file order
    duties: tuple[Duty, ...] = ()  # issue 21: section II's lettered points
    responsibilities: tuple[Responsibility, ...] = ()  # issue 21: section IV's points

    def body_entry(self, typed: str) -> Duty | Responsibility | None:
        """The duty (II.1.a) or responsibility (IV.5.a) a person typed the ID of, forgiving
        case, spaces and diacritics when that leaves one."""
        entries: tuple[Duty | Responsibility, ...] = (*self.duties, *self.responsibilities)
        wanted = typed.strip().upper()
        exact = [e for e in entries if e.id.value.upper() == wanted]
        if exact:
            return exact[0]
        folded = [e for e in entries if fold(e.id.value) == fold(typed.strip())]
        return folded[0] if len(folded) == 1 else None

    def measurements_of(self, target_id: str) -> tuple[Measurement, ...]:
        """The figures recorded for a target, in file order."""
        return tuple(m for m in self.measurements if m.target.value == target_id)

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id.value == item_id:
                return item
        return None

    def find(self, typed: str) -> Item | None:
        """The item a person typed the ID of, forgiving case and surrounding spaces."""
        wanted = typed.strip().upper()
        return next((i for i in self.items if i.id.value.upper() == wanted), None)

    def activities_of(self, typed: str) -> list[str]:
        """The IDs of the activities of the task a person typed the ID of (none for an item)."""
        wanted = typed.strip().upper()
        return [i.id.value for i in self.items if i.task_id.upper() == wanted and not i.is_task]

    def target(self, typed: str) -> Target | None:
        """The target a person typed the ID of, forgiving case, spaces and diacritics (when
        that leaves one target)."""
        wanted = typed.strip().upper()
        exact = [t for t in self.targets if t.id.value.upper() == wanted]
        if exact:
            return exact[0]
        folded = [t for t in self.targets if fold(t.id.value) == fold(typed.strip())]
        return folded[0] if len(folded) == 1 else None

    def close_ids(self, typed: str, limit: int = 3) -> list[str]:
        """Item IDs that look like what was typed, for a "did you mean"."""
        ids = [item.id.value for item in self.items]
        return difflib.get_close_matches(typed.strip().upper(), ids, n=limit, cutoff=0.5)
