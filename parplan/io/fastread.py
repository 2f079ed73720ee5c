"""A quick reader for a plan in ``fmt``'s canonical layout: the model without YAML nodes.

PyYAML's composer makes a Python object for every node (1.2 million for 100,000 items, ~2 s
before parplan reads a value). A plan kept in ``parplan fmt``'s layout (CI checks it) is lines
of a few shapes: ``- id: I.1.2``, ``key: value``, ``key:`` then ``- value`` lines, and the
records ``done``, ``log`` and ``late`` write, one flow mapping a line
(``- {milestone: 1, done: 2025-03-20, evidence: …}``). This module reads exactly those into the
same model ``loader.build_plan`` builds, with the same Sources: each section, task and activity
in its most common shape by one regular expression over the text (issue 23, third round), any
other entry line by line (``_by_lines``, the reference the patterns are held to). Comments are
set aside as YAML (and ``fmt``) reads them: a line that starts with ``#``, and from `` #`` to
the end of a line where that cannot be inside a quoted text (one holding a character PyYAML
refuses, or NEL, its line break, is given up).

It gives up (``None``) on anything else, so that the full loader reads the file instead: a flow
collection other than a record, a quoted text with an escape or a `` #``, a block scalar, a key
it does not know, a duplicate key, a missing one, a value YAML would read as
something other than text, a hidden character, a text too long — what a person writes by hand
in another style. The header's ``plan:`` is read by the loader itself (it is small, and has
every shape); the decision's body after it (``targets:``…, issue 21) by ``fastread_body``; a
header the loader would read otherwise within the whole file (``read_alone_the_same``) is given
up.

Only a model with no loader diagnostics comes out of here: any problem a value would have is a
reason to give up. ``tests/test_fastread.py`` holds it to ``build_plan`` on the real plan,
generated plans and mutated ones: the same model, or None.

Why past 500 lines: the reader and the rules of every value it accepts (each a reason to give up)
stay together, so that what it reads can be compared with the loader in one module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from parplan.core.deadlines import ParsedDeadline
from parplan.core.model import (
    Completion,
    Diagnostic,
    Item,
    Plan,
    PlanInfo,
    Section,
    Source,
    Task,
)
from parplan.core.model import Text as ModelText
from parplan.core.periods import with_working_deadlines
from parplan.io.fastread_values import (
    FLOW_KEYS,
    _GiveUp,
    _not_in_comment,
    _uncommented,
    _value,
    _Values,
    read_alone_the_same,
)

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
BLOCK_LIST_KEYS = LIST_KEYS | frozenset(FLOW_KEYS)
OTHER_KEYS = frozenset({"id", "done", "met", "within_days", "shared", "carried_on", "extra"})
ITEM_KEYS = TEXT_KEYS | BLOCK_LIST_KEYS | OTHER_KEYS
REQUIRED = frozenset({"product", "lead", "support", "deadline"})
_HEAD_KEYS = REQUIRED | {"id"}  # an activity's keys before the others (``_ACTIVITY``)

# What PyYAML's reader reads as a line break (LS, PS) or refuses, that ``has_hidden`` (run on
# every value read) does not catch: the loader says what they are. (NEL and the other C0 and
# C1 controls are hidden characters: a value holding one is given up.)
_NOT_YAML = ("\u2028", "\u2029", "\ufffe", "\uffff")


_END = (0, -1, "")  # after the last line

# issue 23, third round: an entry in its common shape read by one regular expression over the
# text rather than line by line (``_Sections.read``); a value is the rest of its line, checked
# as the line reader checks it. Each ends where the line reader's mapping would: the next line
# that is neither blank nor a comment is not indented as a key of the entry (the lookahead:
# that line at once, or blank lines and comments then it, the common case tried first, where
# it is found without going back over the next line's indent).
_SECTION = re.compile(
    r"  - id: ([^\n]*)\n    title: ([^\n]*)\n    tasks:\n"
    r"(?=(?: {0,3}| {5,})[^ \n#]|\Z|(?: *(?:#[^\n]*)?\n)+(?:(?: {0,3}| {5,})[^ \n#]|\Z))"
)
_TASK = re.compile(
    r"      - id: ([^\n]*)\n        title: ([^\n]*)\n        activities:\n"
    r"(?=(?: {0,7}| {9,})[^ \n#]|\Z|(?: *(?:#[^\n]*)?\n)+(?:(?: {0,7}| {9,})[^ \n#]|\Z))"
)
_DONE = re.compile(r"            done: ([^\n]*)\n            evidence: ([^\n]*)\n")
_ACTIVITY = re.compile(
    r"          - id: ([^\n]*)\n"
    r"            product: ([^\n]*)\n"
    # the first name of the lead and of the support apart from the others (most have none)
    r"            lead:\n              - ([^\n]*)\n((?:              - [^\n]*\n)*)"
    r"            support:\n              - ([^\n]*)\n((?:              - [^\n]*\n)*)"
    r"            deadline: ([^\n]*)\n"
    # every other key, with its "- " entries: read as ``_mapping`` reads them (``_tail``)
    r"((?:            [a-z_]+:(?: [^\n]*)?\n(?:              - [^\n]*\n)*)*)"
    r"(?= {0,10}[^ \n#]|\Z|(?: *(?:#[^\n]*)?\n)+(?: {0,10}[^ \n#]|\Z))"
)
# An ID as the decisions number them (``I.2.10``), ASCII and plain: its value is as written
# (what ``_value`` gives it, without its look at each character; a hundred thousand IDs).
_PLAIN_ID = re.compile(r"(?!(?:null|Null|NULL)\Z)[0-9A-Za-z][0-9A-Za-z.]{0,99}").fullmatch
_SKIP = re.compile(r"((?: *(?:#[^\n]*)?\n)*)( *)")  # blank lines and comments; an indent
# Where an entry at this indent ends: the next line indented at most as much that is neither
# blank nor a comment.
_ENDS = {indent: re.compile(rf"\n(?= {{0,{indent}}}[^ \n#])") for indent in (2, 6, 10)}


def _without_comments(match: re.Match[str]) -> re.Match[str] | None:
    """An activity matched by ``_ACTIVITY`` that has a "#", matched again with its comments set
    aside; None when it is then in another shape."""
    # Every line of a match is a key's or an entry's: what ``_lines`` makes of each.
    lines = match.group().split("\n")
    for number, text in enumerate(lines):
        if "#" in text:
            stripped = text.lstrip(" ")
            lines[number] = text[: len(text) - len(stripped)] + _uncommented(stripped)
    return _ACTIVITY.match("\n".join(lines))


def _next_hash(body: str, pos: int) -> int:
    """Where the first "#" of ``body`` from ``pos`` is, or its length when there is none."""
    found = body.find("#", pos)
    return found if found >= 0 else len(body)


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
    start = at + len("\nsections:\n")  # (the body not copied: 80 MB at 100,000 items)
    if "\r" in text or any(text.find(c, start) >= 0 for c in ("\t", *_NOT_YAML)):
        return None  # CR line ends, tabs, other line breaks: the loader's
    header = text[: at + 1]
    if not read_alone_the_same(header):
        return None  # the loader's (what only the whole file makes a problem of)
    info, decision_body, problems = read_header(header)
    if problems:
        return None
    first_line = header.count("\n") + 2  # the line after "sections:"
    try:
        sections, tasks, items = _Sections(name, info, deadline_parser).read(
            text, start, first_line
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


class _Sections(_Values):
    def __init__(
        self,
        name: str,
        info: PlanInfo,
        deadline_parser: Callable[[str, int, int | None], ParsedDeadline],
    ) -> None:
        super().__init__(name)
        self.info = info
        self.parse = deadline_parser
        self.deadlines: dict[str, ParsedDeadline] = {}  # a deadline's text → its reading

    # -- lines --------------------------------------------------------------------------------

    def read(self, body: str, pos: int, first: int) -> tuple[list[Section], list[Task], list[Item]]:
        """The sections, tasks and items of ``body`` from ``pos`` (after ``sections:``, at the
        start of line ``first``) to its end, entry by entry: each in its common shape by one regular
        expression (``_SECTION``, ``_TASK``, ``_ACTIVITY``), any other by the line reader below
        (``_by_lines``), which is the reference: the quick way gives what it would give."""
        if not body.endswith("\n"):
            body += "\n"  # (a last line of its own: nothing YAML reads differently)
        sections: list[Section] = []
        tasks: list[Task] = []
        items: list[Item] = []
        section: Section | None = None
        task: Task | None = None  # the task whose activities come next
        line, end = first, len(body)
        skip, task_at, section_at = _SKIP.match, _TASK.match, _SECTION.match
        # A "#" in an entry: a comment, or not; the line reader's (a plan has a few, if any).
        # ``hashes``: the next one from ``pos`` (or the end), looked for again once passed.
        hashes = _next_hash(body, pos)
        while True:
            found = skip(body, pos)  # blank lines and comments, then the next line's indent
            if found is None:
                raise _GiveUp  # (never: the pattern matches an empty text)
            skipped = found.group(1)
            if skipped:
                if "#" in skipped and _not_in_comment(skipped) is not None:
                    raise _GiveUp
                line += skipped.count("\n")
                pos = found.start(2)
            at = found.end()
            if at == end:
                break
            if body[at : at + 2] != "- ":
                raise _GiveUp  # not an entry where one must be: the line reader gives up
            indent = at - pos
            if hashes < pos:
                hashes = _next_hash(body, pos)
            if indent == 10 and task is not None and section is not None:
                # The activities in the common shape that follow at once (``hashes``: where the
                # next "#" is; an activity with one is matched again with its comments aside).
                activity_at, activity, add, read = _ACTIVITY.match, self._activity, items.append, 0
                while (match := activity_at(body, pos)) is not None:
                    after = match.end()
                    if hashes < after and (match := _without_comments(match)) is None:
                        break  # (then not in the common shape: read below if the first)
                    item, count = activity(match, line, section, task)
                    add(item)
                    read += 1
                    pos, line = after, line + count
                    if hashes < pos:
                        hashes = _next_hash(body, pos)
                if not read:  # (not in the common shape)
                    pos, line = self._by_lines(body, pos, line, 10)
                    fields = self._mapping(12)
                    items.append(self._item(fields, self.lists, section, task, False))
                    self._read_to_end()
            elif indent == 6 and section is not None:
                task = None
                header = task_at(body, pos)
                if header is not None and hashes >= header.end():
                    task_id = self._text((line, 13, header[1]))
                    task = Task(task_id, self._string((line + 1, 16, header[2]))[0], task_id.source)
                    tasks.append(task)
                    pos, line = header.end(), line + 3
                else:
                    pos, line = self._by_lines(body, pos, line, 6)
                    self._task(section, tasks, items)
                    self._read_to_end()
            elif indent == 2:
                section = task = None
                header = section_at(body, pos)
                if header is not None and hashes >= header.end():
                    section_id = self._text((line, 9, header[1]))
                    title = self._string((line + 1, 12, header[2]))[0]
                    section = Section(section_id, title, section_id.source)
                    sections.append(section)
                    pos, line = header.end(), line + 3
                else:
                    pos, line = self._by_lines(body, pos, line, 2)
                    self._section(sections, tasks, items)
                    self._read_to_end()
            else:
                raise _GiveUp
        if not sections:
            raise _GiveUp  # no line at all: the loader's
        return sections, tasks, items

    def _by_lines(self, body: str, pos: int, line: int, indent: int) -> tuple[int, int]:
        """The entry at ``pos`` (line ``line``) made ready for the line reader: its lines, up to
        the next line indented at most ``indent`` that is neither blank nor a comment (where
        the next entry of its level or above starts), read by ``_lines``; the place and line
        after them. The entry's reader must then read them all (``_read_to_end``): the line
        reader would give up on anything it leaves there."""
        found = _ENDS[indent].search(body, pos)
        stop = found.start() + 1 if found is not None else len(body)
        region = body[pos:stop]
        self._lines(region.split("\n"), line, "#" in region)
        return stop, line + region.count("\n")

    def _read_to_end(self) -> None:
        if self.lines[self.at] is not _END:
            raise _GiveUp

    def _activity(
        self, match: re.Match[str], line: int, section: Section, task: Task
    ) -> tuple[Item, int]:
        """An activity matched by ``_ACTIVITY`` at line ``line``, as ``_mapping(12)`` and
        ``_item`` read its lines (the same values, lines and columns), and how many lines it
        takes. With nothing after its deadline, built here; else its fields go to ``_item``."""
        (
            id_raw,
            product_raw,
            lead_raw,
            leads_after,
            support_raw,
            supports_after,
            deadline_raw,
            tail,
        ) = match.groups()
        leads = leads_after.count("\n") + 1 if leads_after else 1
        supports = supports_after.count("\n") + 1 if supports_after else 1
        deadline_line = line + 4 + leads + supports
        name = self.name
        source = Source(name, line, 17)
        item_id = ModelText(id_raw if _PLAIN_ID(id_raw) else _value(id_raw)[0], source)
        known = self.known
        found = known.get(product_raw)
        if found is None:
            found = known[product_raw] = _value(product_raw)
        product = found[0]
        if leads == 1 and (found := known.get(lead_raw)) is not None:
            lead: tuple[ModelText, ...] = (ModelText(found[0], Source(name, line + 3, 17)),)
        else:
            lead = self._names(lead_raw, leads_after, line + 3)
        at = line + 4 + leads
        if supports == 1 and (found := known.get(support_raw)) is not None:
            support: tuple[ModelText, ...] = (ModelText(found[0], Source(name, at, 17)),)
        else:
            support = self._names(support_raw, supports_after, at)
        found = known.get(deadline_raw)
        if found is None:
            deadline = self._text((deadline_line, 23, deadline_raw), deadline=True)
        else:  # (``_text``, inline)
            deadline = ModelText(found[0], Source(name, deadline_line, 24 if found[1] else 23))
        parsed = self.deadlines.get(deadline.value)
        if parsed is None:
            parsed = self._parsed(deadline.value)
        completions: tuple[Completion, ...] = ()
        if tail and (done := _DONE.fullmatch(tail)) is not None:
            # the most common record: done and its evidence (``_built``'s reading of them)
            on, where = self._date((deadline_line + 1, 19, done[1]))
            evidence_raw = done[2]
            found = known.get(evidence_raw)
            if found is None:  # (``_evidence``, inline)
                evidence = self._text((deadline_line + 2, 23, evidence_raw))
            else:
                evidence = ModelText(found[0], Source(name, deadline_line + 2, 23))
            completions = (Completion(on, evidence, None, None, where),)
            tail = ""
        if tail:
            fields: dict[str, tuple[int, int, str]] = {}
            lists: dict[str, list[tuple[int, int, str]]] = {}
            after = self._tail(tail, deadline_line + 1, fields, lists)
            if not fields.keys() <= ITEM_KEYS:
                raise _GiveUp
            head = (item_id, product, lead, support, deadline, parsed)
            return self._built(head, fields, lists, section, task, False), after - line
        item = Item(
            item_id,
            section.id.value,
            section.title,
            task.id.value,
            task.title,
            product,
            lead,
            support,
            deadline,
            parsed,
            None,
            None,
            source,
            False,
            completions,
        )
        return item, 5 + leads + supports + len(completions) * 2

    def _tail(
        self,
        tail: str,
        line: int,
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
    ) -> int:
        """The keys after an activity's deadline (``_ACTIVITY``'s last group, its first line
        ``line``) into ``fields`` and ``lists`` as ``_mapping(12)`` reads them; the line after
        them."""
        entries: list[tuple[int, int, str]] | None = None
        for text in tail[:-1].split("\n"):
            if text[12] == " ":  # "              - …", an entry of the key above
                if entries is None:
                    raise _GiveUp  # under a key with a value, or not a list: the line reader's
                entries.append((line, 14, text[14:]))
            else:
                key, _colon, value = text[12:].partition(":")
                if key in fields or key in _HEAD_KEYS:
                    raise _GiveUp  # duplicate-key: the loader's
                if value:
                    fields[key] = (line, 15 + len(key), value[1:])
                    entries = None
                else:
                    fields[key] = (line, -1, "")
                    if key in BLOCK_LIST_KEYS:
                        entries = lists[key] = []
                    else:
                        entries = None
                        if key == "extra":
                            lists[key] = []  # its lines are not "- " ones: given up after
            line += 1
        return line

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
        if next(reversed(fields)) != "tasks":
            raise _GiveUp  # a key after it: "tasks:" is null, the tasks after a syntax error
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
            if next(reversed(fields)) != "activities":
                raise _GiveUp  # (as "tasks:" in ``_section``)
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
        item_id = self._text(fields["id"])
        product = self._string(fields["product"])[0]
        lead, support = self._list(fields, lists, "lead"), self._list(fields, lists, "support")
        deadline = self._text(fields["deadline"], deadline=True)
        # A plan has a few dozen wordings: each is checked and parsed once.
        parsed = self.deadlines.get(deadline.value)
        if parsed is None:
            parsed = self._parsed(deadline.value)
        head = (item_id, product, lead, support, deadline, parsed)
        return self._built(head, fields, lists, section, task, is_task)

    def _built(
        self,
        head: tuple[
            ModelText, str, tuple[ModelText, ...], tuple[ModelText, ...], ModelText, ParsedDeadline
        ],
        fields: dict[str, tuple[int, int, str]],
        lists: dict[str, list[tuple[int, int, str]]],
        section: Section,
        task: Task,
        is_task: bool,
    ) -> Item:
        """The item of ``head`` (its ID, product, lead, support, deadline and its reading) and
        its other keys in ``fields`` (with ``lists``: their entries)."""
        item_id, product, lead, support, deadline, parsed = head
        keys = fields.keys()
        get = fields.get
        text = self._text
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
            lead,
            support,
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

    def _parsed(self, wording: str) -> ParsedDeadline:
        """A deadline's reading: a plan has a few dozen wordings, each checked and parsed once."""
        if not wording.isascii() and any(c.isdigit() and not c.isascii() for c in wording):
            raise _GiveUp  # only ASCII digits are digits (the loader's test: "²" is a digit)
        parsed = self.parse(wording, self.info.year, self.info.last_year)
        self.deadlines[wording] = parsed
        return parsed
