"""A quick reader for a plan in ``fmt``'s canonical layout: the model without YAML nodes.

PyYAML's composer makes a Python object for every node (1.2 million for 100,000 items, ~2 s
before parplan reads a value). A plan kept in ``parplan fmt``'s layout (CI checks it) is lines
of a few shapes: ``- id: I.1.2``, ``key: value``, ``key:`` then ``- value`` lines, and the
records ``done``, ``log`` and ``late`` write, one flow mapping a line
(``- {milestone: 1, done: 2025-03-20, evidence: …}``). This module reads exactly those, line by
line, into the same model ``loader.build_plan`` builds, with the same Sources. Comments are set
aside as YAML (and ``fmt``) reads them: a line that starts with ``#``, and from `` #`` to the end
of a line where that cannot be inside a quoted text.

It gives up (``None``) on anything else, so that the full loader reads the file instead: a flow
collection other than a record, a quoted text with an escape or a `` #``, a block scalar, a key
it does not know, a duplicate key, a missing one, a value YAML would read as
something other than text, a hidden character, a text too long — what a person writes by hand
in another style. The header's ``plan:`` is read by the loader itself (it is small, and has
every shape); the decision's body after it (``targets:``…, issue 21) by ``fastread_body``.

Only a model with no loader diagnostics comes out of here: any problem a value would have is a
reason to give up. ``tests/test_fastread.py`` holds it to ``build_plan`` on the real plan,
generated plans and mutated ones: the same model, or None.

Why past 500 lines: the reader and the rules of every value it accepts (each a reason to give up)
stay together, so that what it reads can be compared with the loader in one module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from parplan.core.deadlines import ParsedDeadline
from parplan.core.model import (
    Completion,
    Diagnostic,
    Item,
    LateReason,
    LogEntry,
    Plan,
    PlanInfo,
    Section,
    Source,
    Task,
)
from parplan.core.model import Text as ModelText
from parplan.core.periods import with_working_deadlines
from parplan.core.text import _HIDDEN, visible

if TYPE_CHECKING:
    from parplan.io.body import Body

# The item keys read here (every other one: the loader).
TEXT_KEYS = frozenset(
    {
        "product",
        "deadline",
        "note",
        "after",
        "evidence",
        "recorded_by",
        "met_evidence",
        "amended_by",
        "carried_from",
        "carried_to",
    }
)
LIST_KEYS = frozenset({"lead", "support"})
# Lists of records, one flow mapping a line: key → (required keys, every key).
FLOW_KEYS = {
    "progress": (
        frozenset({"milestone", "done"}),
        frozenset({"milestone", "done", "unit", "evidence", "recorded_by"}),
    ),
    "log": (frozenset({"on", "text"}), frozenset({"on", "text", "unit", "evidence"})),
    "late": (frozenset({"reason"}), frozenset({"reason", "milestone", "unit", "on"})),
}
BLOCK_LIST_KEYS = LIST_KEYS | frozenset(FLOW_KEYS)
OTHER_KEYS = frozenset({"id", "done", "met", "within_days", "shared", "carried_on", "extra"})
ITEM_KEYS = TEXT_KEYS | BLOCK_LIST_KEYS | OTHER_KEYS
REQUIRED = frozenset({"product", "lead", "support", "deadline"})

# A plain scalar as fmt writes one starts with none of YAML's indicators (nor a space), and has
# no ": " (nor " #": no "#" is read here at all) inside.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DIGITS = re.compile(r"[0-9]{1,6}")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a digit of another script: "٣"
MAX_TEXT = 5000
# What PyYAML's reader reads as a line break (LS, PS) or refuses, that ``has_hidden`` (run on
# every value read) does not catch: the loader says what they are. (NEL and the other C0 and
# C1 controls are hidden characters: a value holding one is given up.)
_NOT_YAML = ("\u2028", "\u2029", "\ufffe", "\uffff")


_FLOW_INDICATORS = frozenset(',[]{}:"')
# What ``core.text.nfc`` and ``has_hidden`` call, called here directly: they run for every value
# of the plan (issue 23: a 100,000-item plan holds about 450,000).
_normalize = unicodedata.normalize
_hidden = _HIDDEN.search
_END = (0, -1, "")  # after the last line


class _GiveUp(Exception):
    """The text is not one this reader reads: the loader reads it."""


def read_plan(
    name: str,
    text: str,
    read_header: Callable[[str], tuple[PlanInfo, Body, list[Diagnostic]]],
    deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
) -> tuple[Plan, list[Diagnostic]] | None:
    """The plan of ``text`` as ``loader.build_plan`` gives it, or None when the text is not in
    the layout read here. ``read_header(header_text)``: the plan's info, the decision's body
    (``targets:``, issue 21) and problems, read by the loader (``loader.read_head``) from the
    lines before ``sections:``."""
    at = text.find("\nsections:\n")
    if at < 0:
        return None
    body = text[at + len("\nsections:\n") :]
    if "\r" in text or "\t" in body or any(c in body for c in _NOT_YAML):
        return None  # CR line ends, tabs, other line breaks: the loader's
    header = text[: at + 1]
    info, decision_body, problems = read_header(header)
    if problems:
        return None
    first_line = header.count("\n") + 2  # the line after "sections:"
    try:
        sections, tasks, items = _Sections(name, info, deadline_parser).read(
            body.split("\n"), first_line, "#" in body
        )
    except _GiveUp:
        return None
    if info.reporting is not None:
        items = with_working_deadlines(items, info.reporting)
    plan = Plan(
        name,
        info,
        tuple(sections),
        tuple(tasks),
        tuple(items),
        decision_body.targets,
        decision_body.measurements,
        decision_body.duties,
        decision_body.responsibilities,
    )
    return plan, []


def _uncommented(rest: str) -> str:
    """A line (after its indent) without its comment: a line that starts with ``#`` is all
    comment; elsewhere a comment starts at a ``#`` after a space. Inside a double-quoted text a
    `` #`` is text: such a line is given up, unless the comment follows the line's last quote."""
    if rest[0] == "#":
        return ""
    at = rest.find(" #", rest.rfind('"') + 1)  # (from the start when there is no quote)
    if at >= 0:
        rest = rest[:at].rstrip(" ")
    if " #" in rest:
        raise _GiveUp  # inside a quoted text, or a plain one cut by a quote's: not read here
    return rest


class _Sections:
    def __init__(
        self,
        name: str,
        info: PlanInfo,
        deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
    ) -> None:
        self.name = name
        self.info = info
        self.parse = deadline_parser
        self.shared: dict[str, str] = {}
        self.known: dict[str, tuple[str, bool]] = {}  # a shared text as written → as read
        self.deadlines: dict[str, ParsedDeadline] = {}  # a deadline's text → its reading

    # -- lines --------------------------------------------------------------------------------

    def read(
        self, lines: list[str], first: int, commented: bool = True
    ) -> tuple[list[Section], list[Task], list[Item]]:
        self._lines(lines, first, commented)
        sections: list[Section] = []
        tasks: list[Task] = []
        items: list[Item] = []
        while self.lines[self.at] is not _END:
            self._section(sections, tasks, items)
        return sections, tasks, items

    def _lines(self, lines: list[str], first: int, commented: bool) -> None:
        # (line number, indent, text after the indent) of every line that is not blank, then an
        # end that matches no indent (a line of spaces is blank; one of other white space is not
        # read here). One comprehension: a line with a "#" loses its comment, and is blank when
        # nothing else is left.
        if commented:
            self.lines = [
                (n, len(line) - len(stripped), rest)
                for n, line in enumerate(lines, first)
                if (stripped := line.lstrip(" "))
                and (rest := _uncommented(stripped) if "#" in stripped else stripped)
            ]
        else:
            self.lines = [
                (n, len(line) - len(rest), rest)
                for n, line in enumerate(lines, first)
                if (rest := line.lstrip(" "))
            ]
        if not self.lines:
            raise _GiveUp
        self.lines.append(_END)
        self.at = 0

    def _peek(self) -> tuple[int, int, str]:
        return self.lines[self.at]

    def _mapping(
        self, indent: int, list_keys: frozenset[str] = BLOCK_LIST_KEYS
    ) -> dict[str, tuple[int, int, str]]:
        """The lines of a block mapping that is an entry of a list (``- key: value`` at
        ``indent - 2``, its other keys at ``indent``): key → (line, value column, raw value),
        column -1 for a key whose value is a block. ``lead:`` and ``support:`` take their
        entries (in ``self.lists``); ``tasks:`` and ``activities:`` leave theirs to the caller."""
        fields: dict[str, tuple[int, int, str]] = {}
        lists: dict[str, list[tuple[int, int, str]]] = {}
        self.lists = lists
        lines, at = self.lines, self.at
        line, column, rest = lines[at]
        at += 1
        if column != indent - 2 or not rest.startswith("- "):
            raise _GiveUp
        rest = rest[2:]
        value_column, entry_indent = indent + 3, indent + 2
        while True:
            key, sep, value = rest.partition(":")
            if not sep or not key or key in fields or " " in key:
                raise _GiveUp
            if value:
                if value[0] != " ":
                    raise _GiveUp
                fields[key] = (line, value_column + len(key), value[1:])
            else:
                fields[key] = (line, -1, "")  # a block value follows (or an empty one: give up)
                if key in list_keys:
                    entries = []
                    while (entry := lines[at])[1] == entry_indent and entry[2].startswith("- "):
                        entries.append(entry)
                        at += 1
                    lists[key] = entries
                elif key == "extra":  # its "heading: text" lines (``_extra``)
                    entries = []
                    while (entry := lines[at])[1] == entry_indent and not entry[2].startswith("- "):
                        entries.append(entry)
                        at += 1
                    lists[key] = entries
            line, column, rest = lines[at]
            if column != indent or rest.startswith("- "):
                self.at = at
                return fields
            at += 1

    # -- the model ----------------------------------------------------------------------------

    def _section(self, sections: list[Section], tasks: list[Task], items: list[Item]) -> None:
        fields = self._mapping(4)
        if set(fields) != {"id", "title", "tasks"} or fields["tasks"][1] != -1:
            raise _GiveUp
        section_id = self._text(fields["id"])
        section = Section(section_id, self._string(fields["title"])[0], section_id.source)
        sections.append(section)
        while (nxt := self._peek())[1] == 6 and nxt[2].startswith("- "):
            self._task(section, tasks, items)

    def _task(self, section: Section, tasks: list[Task], items: list[Item]) -> None:
        fields = self._mapping(8)
        lists = self.lists
        task_id = self._text(fields["id"]) if "id" in fields else None
        if task_id is None or "title" not in fields:
            raise _GiveUp
        task = Task(task_id, self._string(fields["title"])[0], task_id.source)
        tasks.append(task)
        if "activities" in fields:
            if set(fields) != {"id", "title", "activities"} or fields["activities"][1] != -1:
                raise _GiveUp
            while (nxt := self._peek())[1] == 10 and nxt[2].startswith("- "):
                activity = self._mapping(12)
                items.append(self._item(activity, self.lists, section, task, False))
            return
        leaf = {key: value for key, value in fields.items() if key != "title"}
        items.append(self._item(leaf, lists, section, task, True))

    def _item(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        section: Section,
        task: Task,
        is_task: bool,
    ) -> Item:
        keys = fields.keys()
        if not keys <= ITEM_KEYS or not keys >= REQUIRED:
            raise _GiveUp
        get = fields.get
        text = self._text
        item_id = text(fields["id"])
        product = self._string(fields["product"])[0]
        deadline = text(fields["deadline"], share=True, deadline=True)
        # A plan has a few dozen wordings: each is checked and parsed once.
        parsed = self.deadlines.get(deadline.value)
        if parsed is None:
            if _OTHER_DIGIT.search(deadline.value):  # only ASCII digits are digits (loader)
                raise _GiveUp
            parsed = self.parse(deadline.value, self.info.year, self.info.last_year)
            self.deadlines[deadline.value] = parsed
        note = self._string(fields["note"])[0] if "note" in keys else None
        evidence = self._evidence(fields, "evidence")
        found = get("recorded_by")
        recorded_by = text(found) if found is not None else None
        met_evidence = self._evidence(fields, "met_evidence")
        completions: list[Completion] = []
        if "done" in keys:
            on, source = self._date(fields["done"])
            by = recorded_by.value if recorded_by else None
            completions.append(Completion(on, evidence, by, None, source))
        if "progress" in keys:
            for record, _where in self._records(fields, lists, "progress"):
                on, source = self._date(record["done"])
                by_text = self._optional(record, "recorded_by")
                completions.append(
                    Completion(
                        on,
                        self._evidence(record, "evidence"),
                        by_text.value if by_text else None,
                        text(record["milestone"]),
                        source,
                        self._optional(record, "unit"),
                    )
                )
        carried_to, carried_on = "carried_to" in keys, "carried_on" in keys
        if carried_to != carried_on:
            raise _GiveUp  # missing-key: the loader says it
        met = None
        if "met" in keys:
            on, source = self._date(fields["met"])
            met = Completion(on, met_evidence, None, None, source)
        after = get("after")
        amended_by = get("amended_by")
        carried_from = get("carried_from")
        return Item(
            item_id,
            section.id.value,
            section.title,
            task.id.value,
            task.title,
            product,
            self._list(fields, lists, "lead"),
            self._list(fields, lists, "support"),
            deadline,
            parsed,
            note,
            text(after) if after is not None else None,
            item_id.source,
            is_task,
            tuple(completions),
            met,
            self._integer(fields, "within_days") if "within_days" in keys else None,
            text(amended_by) if amended_by is not None else None,
            text(carried_from) if carried_from is not None else None,
            text(fields["carried_to"]) if carried_to else None,
            self._date(fields["carried_on"])[0] if carried_on else None,
            self._log(fields, lists) if "log" in keys else (),
            self._late(fields, lists) if "late" in keys else (),
            self._extra(fields, lists) if "extra" in keys else (),
            self._boolean(fields, "shared") if "shared" in keys else False,
        )

    def _extra(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[tuple[str, str], ...]:
        """``extra:``, the columns of the decision's table parplan has no key for, as ``import``
        writes them: a ``heading: text`` line each under it, both plain or double-quoted texts
        (the loader keeps every pair as written, in order)."""
        entries = lists.get("extra")
        if fields["extra"][1] >= 0 or not entries:
            raise _GiveUp  # "extra: {}", or nothing under it: the loader's
        out = []
        for line, column, rest in entries:
            heading, sep, value = rest.partition(": ")
            if not sep:
                raise _GiveUp
            text = self._string((line, column + len(heading) + 2, value))[0]
            out.append((self._string((line, column, heading))[0], text))
        return tuple(out)

    # -- records: one flow mapping a line -----------------------------------------------------

    def _records(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        key: str,
    ) -> list[tuple[dict[str, tuple[int, int, str]], Source]]:
        """The entries of a list of records: each one's fields (as ``_mapping`` gives them) and
        where its ``{`` is."""
        if key not in fields:
            return []
        if fields[key][1] >= 0 or not lists.get(key):
            raise _GiveUp  # "progress: []", or nothing under it: the loader's
        required, allowed = FLOW_KEYS[key]
        out = []
        for entry in lists[key]:
            record, where = self._flow(entry)
            if not required <= record.keys() <= allowed:
                raise _GiveUp
            out.append((record, where))
        return out

    def _flow(self, entry: tuple[int, int, str]) -> tuple[dict[str, tuple[int, int, str]], Source]:
        """``- {key: value, key: "value"}`` as fmt writes it: plain values hold none of YAML's
        flow indicators, quoted ones no quote (``_scalar`` gives up on an escape)."""
        line, indent, rest = entry
        if not rest.startswith("- {") or rest[-1] != "}":
            raise _GiveUp
        inner = rest[3:-1]
        base = indent + 4  # the 1-based column of inner[0]
        record: dict[str, tuple[int, int, str]] = {}
        at = 0
        while True:
            colon = inner.find(": ", at)
            key = inner[at:colon]
            if colon < 0 or not key.isidentifier() or key in record:
                raise _GiveUp
            start = colon + 2
            if inner[start : start + 1] == '"':
                end = inner.find('"', start + 1) + 1
                if end == 0:
                    raise _GiveUp
            else:
                end = inner.find(", ", start)
                if end < 0:
                    end = len(inner)
                if not _FLOW_INDICATORS.isdisjoint(inner[start:end]):
                    raise _GiveUp
            record[key] = (line, base + start, inner[start:end])
            if end == len(inner):
                return record, Source(self.name, line, indent + 3)
            if inner[end : end + 2] != ", ":
                raise _GiveUp
            at = end + 2

    def _log(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[LogEntry, ...]:
        out = []
        for record, where in self._records(fields, lists, "log"):
            on, _source = self._date(record["on"])
            unit = self._optional(record, "unit")
            evidence = self._optional(record, "evidence")
            out.append(
                LogEntry(
                    on,
                    self._string(record["text"])[0],
                    unit.value if unit else None,
                    evidence.value if evidence else None,
                    where,
                    unit.source if unit else None,
                )
            )
        return tuple(out)

    def _late(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> tuple[LateReason, ...]:
        out = []
        for record, where in self._records(fields, lists, "late"):
            unit = self._optional(record, "unit")
            out.append(
                LateReason(
                    self._optional(record, "milestone"),
                    self._string(record["reason"])[0],
                    unit.value if unit else None,
                    self._date(record["on"])[0] if "on" in record else None,
                    where,
                    unit.source if unit else None,
                )
            )
        return tuple(out)

    # -- values -------------------------------------------------------------------------------

    def _scalar(self, field: tuple[int, int, str]) -> tuple[str, int, bool]:
        """The text of a scalar as written, its column and whether it was quoted."""
        _line, column, raw = field
        if column < 0:
            raise _GiveUp
        raw = raw.rstrip(" ")
        first = raw[:1]
        if first == '"':
            if len(raw) < 2 or raw[-1] != '"' or "\\" in raw or '"' in raw[1:-1]:
                raise _GiveUp
            return raw[1:-1], column, True
        if not first or first in _INDICATORS or ": " in raw or raw[-1] == ":" or raw in _NULL:
            raise _GiveUp
        return raw, column, False

    def _text(
        self, field: tuple[int, int, str], share: bool = False, deadline: bool = False
    ) -> ModelText:
        line, column, raw = field
        if share:
            # Unit names and deadlines repeat: each one as written is read once.
            known = self.known.get(raw) if column >= 0 else None
            if known is None:
                value, column, quoted = self._string(field)
                value = self.shared.setdefault(value, value)
                self.known[raw] = (value, quoted)
            else:
                value, quoted = known
            if deadline and quoted:
                column += 1  # a quoted deadline is located at its first character (loader)
        else:
            value, column, quoted = self._string(field)
        return ModelText(value, Source(self.name, line, column))

    def _string(self, field: tuple[int, int, str]) -> tuple[str, int, bool]:
        """A text's value (``_text`` without its place, for the values the model keeps as
        strings), its column and whether it was quoted (``_scalar``, inline: this runs for
        every value)."""
        _line, column, raw = field
        if column < 0:
            raise _GiveUp
        raw = raw.rstrip(" ")
        first = raw[:1]
        if first == '"':
            if len(raw) < 2 or raw[-1] != '"' or "\\" in raw or '"' in raw[1:-1]:
                raise _GiveUp
            written, quoted = raw[1:-1], True
        elif not first or first in _INDICATORS or ": " in raw or raw[-1] == ":" or raw in _NULL:
            raise _GiveUp
        else:
            written, quoted = raw, False
        if len(written) > MAX_TEXT:
            raise _GiveUp
        # Hidden characters as written: strip() would take a trailing form feed away, which
        # PyYAML refuses.
        value = _normalize("NFC", written).strip()
        if not value or _hidden(written) is not None:
            raise _GiveUp
        return value, column, quoted

    def _optional(self, fields: dict[str, tuple[int, int, str]], key: str) -> ModelText | None:
        return self._text(fields[key]) if key in fields else None

    def _evidence(self, fields: dict[str, tuple[int, int, str]], key: str) -> ModelText | None:
        """Evidence as written; a text with nothing visible is given up (the loader's)."""
        evidence = self._optional(fields, key)
        if evidence is not None and not visible(evidence.value).strip():
            raise _GiveUp
        return evidence

    def _list(
        self,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        key: str,
    ) -> tuple[ModelText, ...]:
        _line, column, raw = fields[key]
        if column >= 0:
            if raw.rstrip(" ") == "[]":
                return ()
            raise _GiveUp
        entries = lists.get(key)
        if not entries:
            raise _GiveUp  # "lead:" with nothing under it is null: the loader says what it is
        known, name = self.known, self.name
        out = []
        for entry_line, entry_column, rest in entries:
            raw = rest[2:]
            found = known.get(raw)  # (``_text`` with ``share``, inline: unit names repeat)
            if found is None:
                out.append(self._text((entry_line, entry_column + 3, raw), share=True))
            else:
                out.append(ModelText(found[0], Source(name, entry_line, entry_column + 3)))
        return tuple(out)

    def _date(self, field: tuple[int, int, str]) -> tuple[date, Source]:
        written, column, quoted = self._scalar(field)
        match = _ISO.fullmatch(written)
        if quoted or match is None:
            raise _GiveUp
        try:
            on = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise _GiveUp from None
        return on, Source(self.name, field[0], column)

    def _integer(self, fields: dict[str, tuple[int, int, str]], key: str) -> int | None:
        if key not in fields:
            return None
        written, _column, quoted = self._scalar(fields[key])
        if quoted or not _DIGITS.fullmatch(written):
            raise _GiveUp
        return int(written)

    def _boolean(self, fields: dict[str, tuple[int, int, str]], key: str) -> bool:
        if key not in fields:
            return False
        written, _column, quoted = self._scalar(fields[key])
        if quoted or written not in ("true", "false"):
            raise _GiveUp
        return written == "true"
