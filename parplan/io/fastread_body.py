"""The quick reader's part for the decision's body (issue 21) before ``sections:``: the
top-level lists ``targets``, ``measurements``, ``duties`` and ``responsibilities`` in fmt's
layout, read into what ``io/body.py`` gives, with the same Sources (issue 23: 700 lines of the
real plan, composed by PyYAML on every cold read before). ``plan:`` is read by the loader; any
other shape, and the whole header goes to the loader. ``tests/test_fastread.py`` holds it to
``loader.read_head``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from parplan.core.deadlines import ParsedDeadline
from parplan.core.model import (
    COMPARISONS,
    MEASURES,
    Diagnostic,
    Duty,
    Measurement,
    Plan,
    PlanInfo,
    Responsibility,
    Source,
    Target,
)
from parplan.core.model import Text as ModelText
from parplan.core.text import fold
from parplan.io import fastread
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
)
from parplan.io.fastread import _END, _NOT_YAML, _Sections
from parplan.io.fastread_values import _GiveUp, _hidden

# A top-level key of the body, at the start of a line.
_BODY_START = re.compile(r"^(?:" + "|".join(BODY_KEYS) + r"):", re.MULTILINE)
_BODY_LIST_KEYS = frozenset({"lead", "basis", "points"})
_NUMBER = re.compile(r"\s*[0-9]{1,12}(?:\.[0-9]{1,6})?\s*")  # as ``body._number``


def read_head(
    name: str,
    header: str,
    read_header: Callable[[str], tuple[PlanInfo, Body, list[Diagnostic]]],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> tuple[PlanInfo, Body, list[Diagnostic]]:
    """The header: ``plan:`` by the loader, the decision's body after it by this reader when it
    is in fmt's layout (issue 23: 700 lines of the real plan, composed by PyYAML on every cold
    read before); anything else in it, the whole header by the loader."""
    found = _BODY_START.search(header)
    if found is None:
        return read_header(header)
    info, _none, problems = read_header(header[: found.start()])
    if problems:
        return read_header(header)
    part = header[found.start() :]
    if "\t" in part or _hidden(part) is not None or any(c in part for c in _NOT_YAML):
        return read_header(header)  # tabs, controls, other line breaks: the loader says them
    first_line = header.count("\n", 0, found.start()) + 1
    try:
        body = _BodyReader(name, info, deadline_parser).body(
            part.split("\n"), first_line, "#" in part
        )
    except _GiveUp:
        return read_header(header)
    return info, body, []


class _BodyReader(_Sections):
    # -- the decision's body (issue 21), as ``io/body.py`` reads it -----------------------------

    def body(self, lines: list[str], first: int, commented: bool) -> Body:
        """The top-level lists ``targets``, ``measurements`` (records, one a line), ``duties``
        and ``responsibilities``, each key once, each list of entries in fmt's layout."""
        self._lines(lines, first, commented)
        targets: list[Target] = []
        measurements: list[Measurement] = []
        duties: list[Duty] = []
        responsibilities: list[Responsibility] = []
        seen: set[str] = set()
        lines_read = self.lines
        while (line := lines_read[self.at]) is not _END:
            _n, indent, rest = line
            key = rest[:-1]
            if indent != 0 or rest[-1:] != ":" or key not in BODY_KEYS or key in seen:
                raise _GiveUp
            seen.add(key)
            self.at += 1
            count = 0
            while (entry := lines_read[self.at])[1] == 2 and entry[2].startswith("- "):
                count += 1
                if key == "measurements":
                    measurements.append(self._measurement(entry))
                    self.at += 1
                    continue
                where = Source(self.name, entry[0], 5)  # the entry's first key (loader)
                fields = self._mapping(4, _BODY_LIST_KEYS)
                if key == "targets":
                    targets.append(self._target(fields, where))
                elif key == "duties":
                    duties.append(self._duty(fields, self.lists, where))
                else:
                    responsibilities.append(self._responsibility(fields, self.lists, where))
            if not count:
                raise _GiveUp  # "targets:" with nothing under it: the loader's
        return Body(tuple(targets), tuple(measurements), tuple(duties), tuple(responsibilities))

    @staticmethod
    def _keys(
        fields: dict[str, tuple[int, int, str]],
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> None:
        keys = fields.keys()
        if not keys >= set(required) or not keys <= {*required, *optional}:
            raise _GiveUp  # missing-key, unknown-key: the loader says them

    def _target(self, fields: dict[str, tuple[int, int, str]], where: Source) -> Target:
        self._keys(fields, TARGET_REQUIRED, TARGET_OPTIONAL)
        measure = self._string(fields["measure"])[0]
        comparison = self._string(fields["comparison"])[0]
        period = self._integer(fields, "period")
        if (
            measure not in MEASURES
            or comparison not in COMPARISONS
            or (period is not None and not 1900 <= period <= 2999)
        ):
            raise _GiveUp
        return Target(
            self._text(fields["id"]),
            self._string(fields["text"])[0],
            measure,
            comparison,
            self._number(fields["value"]),
            where,
            self._optional(fields, "source"),
            self._name(fields, "unit"),
            self._optional(fields, "basis"),
            period,
        )

    def _measurement(self, entry: tuple[int, int, str]) -> Measurement:
        record, where = self._flow(entry)
        self._keys(record, MEASUREMENT_REQUIRED, MEASUREMENT_OPTIONAL)
        recorded_by = self._optional(record, "recorded_by")
        value = record["value"]
        return Measurement(
            self._text(record["target"]),
            self._date(record["on"])[0],
            self._number(value),
            self._integer(record, "of"),
            self._integer(record, "total"),
            self._optional(record, "evidence"),
            self._name(record, "unit"),
            recorded_by.value if recorded_by else None,
            where,
            Source(self.name, value[0], value[1]),
        )

    def _duty(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        where: Source,
    ) -> Duty:
        self._keys(fields, DUTY_REQUIRED, DUTY_OPTIONAL)
        lead = self._list(fields, lists, "lead") if "lead" in fields else ()
        if not all(fold(name.value) for name in lead):
            raise _GiveUp  # a name with no letter: the loader says it
        return Duty(
            self._text(fields["point"]),
            self._string(fields["text"])[0],
            where,
            self._optional(fields, "source"),
            lead,
            self._list(fields, lists, "basis") if "basis" in fields else (),
        )

    def _responsibility(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        where: Source,
    ) -> Responsibility:
        self._keys(fields, RESPONSIBILITY_REQUIRED, RESPONSIBILITY_OPTIONAL)
        to = self._optional(fields, "to")
        return Responsibility(
            self._text(fields["point"]),
            self._string(fields["text"])[0],
            where,
            self._optional(fields, "source"),
            self._name(fields, "unit"),
            to.value if to else None,
            self._list(fields, lists, "points") if "points" in fields else (),
        )

    def _name(self, fields: dict[str, tuple[int, int, str]], key: str) -> ModelText | None:
        """A unit's name (``node_reader.name``): a text with a letter or digit once folded."""
        found = self._optional(fields, key)
        if found is not None and not fold(found.value):
            raise _GiveUp
        return found

    def _number(self, field: tuple[int, int, str]) -> float:
        written = self._scalar(field)[0]
        if not _NUMBER.fullmatch(written):
            raise _GiveUp  # wrong-type: the loader says it
        return float(written)


def read_plan(
    name: str,
    text: str,
    read_header: Callable[[str], tuple[PlanInfo, Body, list[Diagnostic]]],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> tuple[Plan, list[Diagnostic]] | None:
    """``io.fastread.read_plan`` with the decision's body read here (``read_head``), the
    loader's ``read_header`` only for ``plan:`` or a body in another style. Composed here, not
    imported by ``io.fastread``, so that the two modules form no cycle (tests/test_layers.py)."""
    return fastread.read_plan(
        name,
        text,
        lambda header: read_head(name, header, read_header, deadline_parser),
        deadline_parser,
    )
