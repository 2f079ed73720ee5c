"""The layout of plan and units files: every key, its type, and its place among its siblings.

One definition serves two readers: ``parplan.io.fmt`` takes the canonical key order and the list
layouts from it, and ``parplan.render.json_schema`` turns it into a JSON Schema (draft 2020-12)
for editors and CI (``parplan schema plan|units``; copies are committed under ``schema/``), with
each key's description in both languages (which is why that part is a renderer).

Which keys a mapping allows, and which it requires, comes from ``parplan.io.loader`` (its
``*_KEYS`` tuples), so that a key the loader learns appears here too (at the end of its mapping,
after the keys placed below). What the loader writes inline — the top-level keys, sections,
progress entries, renames, mergers and departures — is listed here, mirroring it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from parplan.core.model import COMPARISONS, MEASURES
from parplan.io.loader import (
    DUTY_OPTIONAL,
    DUTY_REQUIRED,
    GROUP_KEYS,
    LATE_OPTIONAL,
    LATE_REQUIRED,
    LEAF_OPTIONAL,
    LEAF_REQUIRED,
    LOG_OPTIONAL,
    LOG_REQUIRED,
    MEASUREMENT_OPTIONAL,
    MEASUREMENT_REQUIRED,
    PERIOD_OPTIONAL,
    PERIOD_REQUIRED,
    PLAN_INFO_KEYS,
    PLAN_INFO_OPTIONAL,
    POLICY_KEYS,
    PROGRESS_KEYS,
    REPORTING_KEYS,
    RESPONSIBILITY_OPTIONAL,
    RESPONSIBILITY_REQUIRED,
    TARGET_OPTIONAL,
    TARGET_REQUIRED,
    UNIT_KEYS,
    UNIT_KINDS,
)

# Scalar kinds of value
TEXT = "text"
TEXTS = "texts"  # a list of texts
DATE = "date"  # YYYY-MM-DD
INTEGER = "integer"
BOOLEAN = "boolean"
LABEL = "label"  # a milestone: its label (text) or its 1-based number
HEADED = "headed"  # a mapping of any heading to a text (an item's extra columns)
NUMBER = "number"  # 72.5: digits, at most one decimal point (issue 21)


@dataclass(frozen=True)
class Shape:
    """A mapping: its fields in canonical order. ``name`` is its JSON Schema definition."""

    name: str
    fields: tuple[Field, ...]

    @property
    def order(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, key: str) -> Field | None:
        for candidate in self.fields:
            if candidate.name == key:
                return candidate
        return None


@dataclass(frozen=True)
class Choice:
    """A mapping that takes shape ``then`` when it has the key ``key``, else ``otherwise``
    (a task with activities, or a task that is itself an item)."""

    key: str
    then: Shape
    otherwise: Shape

    def pick(self, keys: Iterable[str]) -> Shape:
        return self.then if self.key in set(keys) else self.otherwise


@dataclass(frozen=True)
class Field:
    """A key of a mapping. ``kind`` is a scalar kind or the shape of a mapping value;
    ``many`` makes the value a list of those. ``spaced`` lists have a blank line between their
    entries (and after the list); ``flow`` lists write each entry as a flow mapping on one line."""

    name: str
    kind: str | Shape | Choice = TEXT
    required: bool = False
    many: bool = False
    choices: tuple[str, ...] = ()
    spaced: bool = False
    flow: bool = False
    about: str | None = None  # the key of its description when the name is ambiguous


def _ordered(first: tuple[str, ...], keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` with those of ``first`` ahead, in that order; the others keep their order."""
    return (*(k for k in first if k in keys), *(k for k in keys if k not in first))


def _shape(
    name: str,
    first: tuple[str, ...],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    fields: dict[str, Field],
) -> Shape:
    """A mapping of the keys ``required`` and ``optional``, typed by ``fields`` (text when not
    listed there), in canonical order: ``first`` ahead, then the rest as the loader lists them."""
    keys = _ordered(first, (*required, *optional))
    return Shape(
        name,
        tuple(replace(fields.get(k, Field(k)), name=k, required=k in required) for k in keys),
    )


# ---------------------------------------------------------------------------------------------
# The plan file

PROGRESS_ENTRY = Shape(
    "progressEntry",
    (
        Field("milestone", LABEL, required=True),
        Field("unit"),
        Field("done", DATE, required=True),
        Field("evidence"),
        Field("recorded_by"),
    ),
)

# The work log and reasons for delay (issue 12): one flow mapping per line, like progress.
LOG_ENTRY = _shape(
    "logEntry",
    ("on", "text", "unit", "evidence"),
    LOG_REQUIRED,
    LOG_OPTIONAL,
    {"on": Field("on", DATE, about="log_on"), "unit": Field("unit", about="log_unit")},
)
LATE_ENTRY = _shape(
    "lateEntry",
    ("milestone", "reason", "unit", "on"),
    LATE_REQUIRED,
    LATE_OPTIONAL,
    {
        "milestone": Field("milestone", LABEL),
        "on": Field("on", DATE, about="late_on"),
        "unit": Field("unit", about="late_unit"),
    },
)

_ITEM_FIELDS = {
    "lead": Field("lead", TEXTS),
    "support": Field("support", TEXTS),
    "done": Field("done", DATE),
    "met": Field("met", DATE),
    "carried_on": Field("carried_on", DATE),
    "within_days": Field("within_days", INTEGER),
    "due": Field(
        "due", DATE, many=True, about="item_due"
    ),  # issue 20: working deadlines beside the wording
    "shared": Field("shared", BOOLEAN),
    "progress": Field("progress", PROGRESS_ENTRY, many=True, flow=True),
    "log": Field("log", LOG_ENTRY, many=True, flow=True),
    "late": Field("late", LATE_ENTRY, many=True, flow=True),
    "extra": Field("extra", HEADED),
}
# The item's own definition first (its condition, ``after`` and ``within_days``, together), then
# its record in the order things happen: a condition met, then the work done.
LEAF_ORDER = (
    "id",
    "title",
    *LEAF_REQUIRED,
    "due",  # issue 20: beside the deadline it settles
    "after",
    "within_days",
    "note",
    "extra",
    "amended_by",
    "carried_from",
    "carried_to",
    "carried_on",
    "shared",
    "met",
    "met_evidence",
    *(k for k in PROGRESS_KEYS if k not in ("met", "met_evidence", "within_days")),
)

ACTIVITY = _shape("activity", LEAF_ORDER, ("id", *LEAF_REQUIRED), LEAF_OPTIONAL, _ITEM_FIELDS)
LEAF_TASK = _shape(
    "leafTask", LEAF_ORDER, ("id", "title", *LEAF_REQUIRED), LEAF_OPTIONAL, _ITEM_FIELDS
)
TASK_WITH_ACTIVITIES = Shape(
    "taskWithActivities",
    (
        Field("id", required=True),
        Field("title", required=True),
        Field("activities", ACTIVITY, required=True, many=True),
    ),
)
TASK = Choice("activities", TASK_WITH_ACTIVITIES, LEAF_TASK)
SECTION = Shape(
    "section",
    (
        Field("id", required=True),
        Field("title", required=True),
        Field("tasks", TASK, required=True, many=True, spaced=True),
    ),
)
POLICY = _shape(
    "policy", (), (), POLICY_KEYS, {"evidence": Field("evidence", choices=("required", "optional"))}
)
# The reporting calendar (issue 12): days of the year written DD/MM.
DAY_OF_YEAR = "day-of-year"
REPORT_PERIOD = _shape(
    "reportPeriod",
    ("key", "name", "name_en", "aliases"),
    PERIOD_REQUIRED,
    PERIOD_OPTIONAL,
    {
        "name": Field("name", about="period_name"),
        "aliases": Field("aliases", TEXTS),
        "from": Field("from", DAY_OF_YEAR),
        "to": Field("to", DAY_OF_YEAR, about="period_to"),
        "due": Field("due", DAY_OF_YEAR),
    },
)
REPORTING = _shape(
    "reporting",
    REPORTING_KEYS,
    ("report", "periods"),
    REPORTING_KEYS,
    {"items": Field("items", TEXTS), "periods": Field("periods", REPORT_PERIOD, many=True)},
)
PLAN_INFO = _shape(
    "planInfo",
    ("title", "decision", "issued", "year", "period"),
    PLAN_INFO_KEYS,
    PLAN_INFO_OPTIONAL,
    {
        "issued": Field("issued", DATE),
        "year": Field("year", INTEGER),
        "policy": Field("policy", POLICY),
        "reporting": Field("reporting", REPORTING),
    },
)
# issue 21: the decision's numeric targets, each with its measurements one flow mapping per line.
MEASUREMENT = _shape(
    "measurement",
    ("target", "on", "value", "of", "total", "unit", "evidence", "recorded_by"),
    MEASUREMENT_REQUIRED,
    MEASUREMENT_OPTIONAL,
    {
        "target": Field("target", about="measurement_target"),
        "on": Field("on", DATE, about="measurement_on"),
        "value": Field("value", NUMBER, about="measurement_value"),
        "of": Field("of", INTEGER),
        "total": Field("total", INTEGER),
        "unit": Field("unit", about="measurement_unit"),
    },
)
TARGET = _shape(
    "target",
    ("id", "text", "source", "measure", "comparison", "value", "unit", "basis", "period"),
    TARGET_REQUIRED,
    TARGET_OPTIONAL,
    {
        "id": Field("id", about="target_id"),
        "text": Field("text", about="target_text"),
        "source": Field("source", about="target_source"),
        "measure": Field("measure", choices=MEASURES),
        "comparison": Field("comparison", choices=COMPARISONS),
        "value": Field("value", NUMBER, about="target_value"),
        "unit": Field("unit", about="target_unit"),
        "basis": Field("basis", about="target_basis"),
        "period": Field("period", INTEGER, about="target_period"),
    },
)
DUTY = _shape(
    "duty",
    ("point", "text", "source", "lead", "basis"),
    DUTY_REQUIRED,
    DUTY_OPTIONAL,
    {
        "point": Field("point", about="duty_id"),
        "text": Field("text", about="body_text"),
        "source": Field("source", about="target_source"),
        "lead": Field("lead", TEXTS, about="duty_lead"),
        "basis": Field("basis", TEXTS, about="duty_basis"),
    },
)
RESPONSIBILITY = _shape(
    "responsibility",
    ("point", "unit", "to", "text", "source", "points"),
    RESPONSIBILITY_REQUIRED,
    RESPONSIBILITY_OPTIONAL,
    {
        "point": Field("point", about="responsibility_id"),
        "unit": Field("unit", about="responsibility_unit"),
        "to": Field("to", about="responsibility_to"),
        "text": Field("text", about="body_text"),
        "source": Field("source", about="target_source"),
        "points": Field("points", TEXTS),
    },
)
PLAN_FILE = Shape(
    "planFile",
    (
        Field("plan", PLAN_INFO, required=True),
        Field("targets", TARGET, many=True, spaced=True),
        Field("duties", DUTY, many=True, spaced=True),
        Field("responsibilities", RESPONSIBILITY, many=True, spaced=True),
        Field("measurements", MEASUREMENT, many=True, flow=True),
        Field("sections", SECTION, required=True, many=True, spaced=True),
    ),
)

# ---------------------------------------------------------------------------------------------
# The units file

_BY = Field("by")
RENAME = Shape("rename", (Field("name", required=True), Field("on", DATE, required=True), _BY))
MERGER = Shape("merger", (Field("unit", required=True), Field("on", DATE, required=True), _BY))
UNIT_CODE = "unit-code"  # issue 18: capitals and digits (io.loader.CODE_PATTERN)
DEPARTURE = Shape("departure", (Field("on", DATE, required=True), Field("to"), _BY))

UNIT = _shape(
    "unit",
    ("name", "short", "code", "kind", "part_of", "aliases"),
    ("name", "kind"),
    UNIT_KEYS,
    {
        "kind": Field("kind", choices=UNIT_KINDS),
        "code": Field("code", UNIT_CODE),
        "aliases": Field("aliases", TEXTS),
        "renamed": Field("renamed", RENAME, many=True),
        "merged_into": Field("merged_into", MERGER),
        "left": Field("left", DEPARTURE),
        "established": Field("established", DATE),
    },
)
GROUP = _shape(
    "group",
    ("name",),
    ("name",),
    GROUP_KEYS,
    {
        "kinds": Field("kinds", TEXT, many=True, choices=UNIT_KINDS),
        "members": Field("members", TEXTS),
        "placeholder": Field("placeholder", BOOLEAN),
        "aliases": Field("aliases", TEXTS),
    },
)
UNITS_FILE = Shape(
    "unitsFile",
    (
        Field("units", UNIT, required=True, many=True, spaced=True),
        Field("groups", GROUP, many=True, spaced=True),
    ),
)

FILES = {"plan": PLAN_FILE, "units": UNITS_FILE}


def file_shape(top_keys: Iterable[str]) -> Shape | None:
    """The layout of a file from its top-level keys: plan, units, or neither (None)."""
    keys = set(top_keys)
    if keys & {"plan", "sections"}:
        return PLAN_FILE
    if keys & {"units", "groups"}:
        return UNITS_FILE
    return None
