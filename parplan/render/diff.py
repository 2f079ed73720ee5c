"""What changed in a plan between two versions, in the plan's own terms (``parplan diff``).

Why one module past 500 lines: the comparison of two plans and its two renderings (summary,
textconv facts) share one change model; the git plumbing is ``parplan.io.git``.

``diff_plans`` compares two loaded plans item by item: items added or removed, deadlines moved
(the wording, and the dates it means), lead and support units changed, texts changed (compared
word by word), completions and met conditions recorded or taken back. Each change names the
decision that made it when the item says so (``amended_by``). ``facts`` renders one plan as one
line per fact for git's textconv diff driver. The git plumbing that fetches a version of a file
is ``parplan.io.git`` (its names are importable from here too).

Nothing here prints or exits: the renderers return text and errors are ``GitError`` values
naming a sentence of ``parplan.render.i18n.LABELS``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from parplan.core.deadlines import Milestone
from parplan.core.model import Completion, Diagnostic, Item, Plan, Text
from parplan.core.model import id_order as id_key
from parplan.core.text import markdown_escape, nfc
from parplan.io.git import GitError as GitError
from parplan.io.git import Repository as Repository
from parplan.io.git import empty_like as empty_like
from parplan.io.git import find_repository as find_repository
from parplan.io.git import load_version as load_version
from parplan.render.i18n import day_text, label

# Kinds of change, in the order they are listed for one item
ADDED = "added"
REMOVED = "removed"
TITLE = "title"  # a section's or a task's title
TEXT = "text"  # the item's product or note (``field`` says which)
DEADLINE = "deadline"
LEAD = "lead"
SUPPORT = "support"
FIELD = "field"  # another key of the item, or of the plan's details (``field`` says which)
DONE = "done"
DONE_REMOVED = "done_removed"
DONE_CHANGED = "done_changed"
MET = "met"
MET_REMOVED = "met_removed"
MET_CHANGED = "met_changed"
KINDS = (
    ADDED,
    REMOVED,
    TITLE,
    TEXT,
    DEADLINE,
    LEAD,
    SUPPORT,
    FIELD,
    DONE,
    DONE_REMOVED,
    DONE_CHANGED,
    MET,
    MET_REMOVED,
    MET_CHANGED,
)
PLAN_ID = "plan"  # the ID under which changes to the plan's own details are listed


@dataclass(frozen=True)
class Change:
    """One change, in JSON-ready values: ``old`` and ``new`` are text, lists of text or small
    mappings (see ``_deadline``, ``_completion``, ``_summary``). ``reason`` is the item's new
    ``amended_by``, when this version sets or changes it."""

    id: str
    kind: str
    old: object = None
    new: object = None
    field: str | None = None
    reason: str | None = None
    # The dates of a work-log line or a reason for delay (old, new), not in the JSON: ``old`` and
    # ``new`` give them dd/mm/yyyy, the English views show them ISO. Issue: English dates.
    days: tuple[date | None, date | None] = (None, None)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "kind": self.kind}
        if self.field is not None:
            out["field"] = self.field
        out["old"] = self.old
        out["new"] = self.new
        if self.kind in (TEXT, TITLE):
            out["words"] = [list(part) for part in word_diff(str(self.old), str(self.new))]
        if self.reason is not None:
            out["reason"] = self.reason
        return out


# Carry-over between plans (``parplan carry``), compared and listed like ``after``.
CARRY_FIELDS = ("carried_from", "carried_to", "carried_on")


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """Every change from ``old`` to ``new``, in plan order (by ID), each reported once."""
    changes: list[Change] = []
    changes += _info_changes(old, new)
    changes += _titles(old.sections, new.sections)
    changes += _titles(old.tasks, new.tasks)
    before, after = _by_id(old.items), _by_id(new.items)
    for item_id, item in before.items():
        if item_id not in after:
            changes.append(Change(item_id, REMOVED, old=_summary(item)))
    for item_id, item in after.items():
        if item_id not in before:
            reason = _text(item.amended_by)
            changes.append(Change(item_id, ADDED, new=_summary(item), reason=reason))
        else:
            changes += _item_changes(before[item_id], item)
    order = {kind: number for number, kind in enumerate(KINDS)}
    changes.sort(key=lambda c: (c.id != PLAN_ID, id_key(c.id), order[c.kind]))
    return changes


def _by_id(items: Iterable[Item]) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for item in items:
        found.setdefault(item.id.value, item)  # a duplicate ID is validate's business
    return found


def _info_changes(old: Plan, new: Plan) -> list[Change]:
    changes = []
    for name in ("title", "decision", "issued", "year", "evidence_required"):
        before, after = getattr(old.info, name), getattr(new.info, name)
        if before != after:
            changes.append(Change(PLAN_ID, FIELD, _plain(before), _plain(after), field=name))
    return changes


def _titles(old: Iterable[Any], new: Iterable[Any]) -> list[Change]:
    """Titles of sections or tasks present in both versions (their items say the rest)."""
    before = {entry.id.value: entry.title for entry in old}
    changes = []
    for entry in new:
        title = before.get(entry.id.value)
        if title is not None and title != entry.title:
            changes.append(Change(entry.id.value, TITLE, title, entry.title, field="title"))
    return changes


def _item_changes(old: Item, new: Item) -> list[Change]:
    reason = _text(new.amended_by) if _text(new.amended_by) != _text(old.amended_by) else None
    changes: list[Change] = []

    def add(kind: str, before: object, after: object, name: str | None = None) -> None:
        changes.append(Change(new.id.value, kind, before, after, field=name, reason=reason))

    for name in ("product", "note"):
        before, after = getattr(old, name) or "", getattr(new, name) or ""
        if before != after:
            add(TEXT, before, after, name)
    # The wording, or the working dates beside it (an explicit ``due:``, issue 20).
    if old.deadline.value != new.deadline.value or _deadline(old) != _deadline(new):
        add(DEADLINE, _deadline(old), _deadline(new))
    for kind, before, after in ((LEAD, old.lead, new.lead), (SUPPORT, old.support, new.support)):
        if _values(before) != _values(after):
            add(kind, _values(before), _values(after))
    for name in ("after", "within_days", *CARRY_FIELDS):
        before, after = _plain(getattr(old, name)), _plain(getattr(new, name))
        if before != after:
            add(FIELD, before, after, name)
    if _text(old.amended_by) != _text(new.amended_by) and not changes:
        add(FIELD, _text(old.amended_by), _text(new.amended_by), "amended_by")
    changes += [
        Change(new.id.value, kind, before, after, reason=reason)
        for kind, before, after in _record_changes(old, new)
    ]
    # The work log and reasons for delay (issue 12): entries added and taken away.
    for name in ("log", "late"):
        before, after = _worklog_entries(old, name), _worklog_entries(new, name)
        before_lines, after_lines = {line for line, _ in before}, {line for line, _ in after}
        for line, day in before:
            if line not in after_lines:
                changes.append(Change(new.id.value, FIELD, line, None, name, reason, (day, None)))
        for line, day in after:
            if line not in before_lines:
                changes.append(Change(new.id.value, FIELD, None, line, name, reason, (None, day)))
    return changes


def worklog_lines(item: Item, name: str) -> list[str]:
    """An item's ``log`` entries or ``late`` reasons, one line of text each (dates dd/mm/yyyy)."""
    return [line for line, _day in _worklog_entries(item, name)]


def _worklog_entries(item: Item, name: str) -> list[tuple[str, date | None]]:
    """Each line of ``worklog_lines`` with its date: a log line starts with it ("dd/mm/yyyy: "),
    a reason for delay ends with it (", dd/mm/yyyy") when it has one."""
    if name == "log":
        return [
            (
                f"{day_text(e.on, 'vi')}: {e.text}"
                + (f" ({e.unit})" if e.unit else "")
                + (f" [{e.evidence}]" if e.evidence else ""),
                e.on,
            )
            for e in item.log
        ]
    return [
        (
            (f"{r.milestone.value}: " if r.milestone else "")
            + r.reason
            + (f" ({r.unit})" if r.unit else "")
            + (f", {day_text(r.on, 'vi')}" if r.on else ""),
            r.on,
        )
        for r in item.late
    ]


def _worklog_shown(line: object, day: date | None, field: str | None, lang: str) -> object:
    """A line of ``_worklog_entries`` with its own date (never the plan's words) in ``lang``."""
    if day is None or not isinstance(line, str) or lang == "vi":
        return line
    width = len(day_text(day, "vi"))
    if field == "log":
        return day_text(day, lang) + line[width:]
    return line[:-width] + day_text(day, lang)


def _record_changes(old: Item, new: Item) -> list[tuple[str, object, object]]:
    """Completions recorded, taken back or corrected; and the same for a met condition."""
    out: list[tuple[str, object, object]] = []
    before = {_milestone_key(c): c for c in old.completions}
    after = {_milestone_key(c): c for c in new.completions}
    for key, completion in before.items():
        if key not in after:
            out.append((DONE_REMOVED, _completion(completion), None))
    for key, completion in after.items():
        if key not in before:
            out.append((DONE, None, _completion(completion)))
        elif _completion(before[key]) != _completion(completion):
            out.append((DONE_CHANGED, _completion(before[key]), _completion(completion)))
    if old.met is not None and new.met is None:
        out.append((MET_REMOVED, _completion(old.met), None))
    elif old.met is None and new.met is not None:
        out.append((MET, None, _completion(new.met)))
    elif (
        old.met is not None and new.met is not None and _completion(old.met) != _completion(new.met)
    ):
        out.append((MET_CHANGED, _completion(old.met), _completion(new.met)))
    return out


def _milestone_key(completion: Completion) -> str:
    return completion.milestone.value if completion.milestone is not None else ""


def _completion(completion: Completion) -> dict[str, object]:
    return {
        "milestone": completion.milestone.value if completion.milestone is not None else None,
        "on": completion.on.isoformat(),
        "evidence": _text(completion.evidence),
        "recorded_by": completion.recorded_by,
    }


def _deadline(item: Item) -> dict[str, object]:
    return {
        "wording": item.deadline.value,
        "due": [_milestone(m) for m in item.milestones],
    }


def _milestone(milestone: Milestone) -> dict[str, object]:
    return {
        "label": milestone.label,
        "due": milestone.due.isoformat() if milestone.due is not None else None,
        "kind": milestone.kind,
    }


def _summary(item: Item) -> dict[str, object]:
    return {
        "text": item.text,
        "lead": _values(item.lead),
        "support": _values(item.support),
        "deadline": _deadline(item),
    }


def _values(texts: Sequence[Text]) -> list[str]:
    return [t.value for t in texts]


def _text(text: Text | None) -> str | None:
    return text.value if text is not None else None


def _plain(value: object) -> object:
    if isinstance(value, Text):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


# ---------------------------------------------------------------------------------------------
# Words


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The two texts compared word by word: ``("=", words)``, ``("-", words)``, ``("+", words)``."""
    before, after = old.split(), new.split()
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(after[j1:j2])))
    return out


_CONTEXT = 6  # words kept on each side of a change; longer unchanged runs are shortened


def _shortened(words: str, first: bool, last: bool) -> str:
    parts = words.split()
    if len(parts) <= 2 * _CONTEXT:
        return words
    head = [] if first else parts[:_CONTEXT]
    tail = [] if last else parts[-_CONTEXT:]
    if first and last:
        return words
    return " ".join([*head, "…", *tail])


def _words_text(
    old: str,
    new: str,
    deleted: str,
    inserted: str,
    escape: Callable[[str], str] = lambda s: s,
) -> str:
    parts = word_diff(old, new)
    out = []
    for number, (op, words) in enumerate(parts):
        if op == "=":
            out.append(escape(_shortened(words, number == 0, number == len(parts) - 1)))
        else:
            out.append((deleted if op == "-" else inserted).format(escape(words)))
    return " ".join(out)


# ---------------------------------------------------------------------------------------------
# Rendering: text, Markdown, JSON


@dataclass(frozen=True)
class Heading:
    """What is compared: the file (relative to the repository) and the two versions' names."""

    file: str
    old: str
    new: str | None  # None: the working tree

    def new_name(self, lang: str) -> str:
        return self.new if self.new is not None else label("diff.worktree", lang)


def render_json(changes: Sequence[Change], heading: Heading) -> str:
    return json.dumps(
        {
            "file": heading.file,
            "old": heading.old,
            "new": heading.new,
            "changes": [c.as_json() for c in changes],
        },
        ensure_ascii=False,
        indent=2,
    )


def render_text(changes: Sequence[Change], heading: Heading, lang: str) -> str:
    """One line per change: ``ID  what: detail``, a title line first and a count last."""
    if not changes:
        return ""
    width = max(len(c.id) for c in changes)
    lines = [
        label("diff.title", lang, file=heading.file, old=heading.old, new=heading.new_name(lang))
    ]
    for change in changes:
        detail = _detail(change, lang, _PLAIN)
        lines.append(f"{change.id.ljust(width)}  {_what(change, lang)}: {detail}")
    lines.append(_count(changes, lang))
    return "\n".join(lines)


def render_markdown(changes: Sequence[Change], heading: Heading, lang: str) -> str:
    """A list grouped by item, ready for a pull-request comment."""
    if not changes:
        return ""
    title = label(
        "diff.title",
        lang,
        file=f"`{heading.file}`",
        old=f"`{heading.old}`",
        new=f"`{heading.new_name(lang)}`",
    )
    lines = [f"### {title}", ""]
    current = None
    for change in changes:
        if change.id != current:
            current = change.id
            lines.append(f"- **{markdown_escape(change.id)}**")
        lines.append(f"  - {_what(change, lang)}: {_detail(change, lang, _MARKDOWN)}")
    lines += ["", _count(changes, lang)]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Style:
    deleted: str  # a format string for removed words
    inserted: str
    quote: str  # a format string for a quoted value (a deadline's wording)
    escape: Callable[[str], str]


_PLAIN = _Style("[-{}-]", "{{+{}+}}", '"{}"', lambda s: s)
_MARKDOWN = _Style("~~{}~~", "**{}**", "`{}`", markdown_escape)


_FIELD_LABELS = {
    "product": "diff.product",
    "title": "diff.title_field",
    "note": "diff.note",
    "after": "diff.after",
    "within_days": "diff.within_days",
    "amended_by": "diff.amended_by",
    "carried_from": "diff.carried_from",
    "carried_to": "diff.carried_to",
    "carried_on": "diff.carried_on",
    "log": "diff.log",
    "late": "diff.late",
}


def _what(change: Change, lang: str) -> str:
    if change.id == PLAN_ID:
        return f"{label('diff.info', lang)} ({change.field})"
    if change.field in _FIELD_LABELS:
        return label(_FIELD_LABELS[change.field], lang)
    return label(f"diff.{change.kind}", lang)


def _detail(change: Change, lang: str, style: _Style) -> str:
    escape = style.escape
    kind = change.kind
    if kind in (TEXT, TITLE):
        text = _words_text(str(change.old), str(change.new), style.deleted, style.inserted, escape)
    elif kind in (ADDED, REMOVED):
        summary = change.new if kind == ADDED else change.old
        text = _summary_text(summary, lang, style)
    elif kind == DEADLINE:
        text = (
            f"{_deadline_text(change.old, lang, style)} → {_deadline_text(change.new, lang, style)}"
        )
    elif kind in (LEAD, SUPPORT):
        text = _units_text(change.old, change.new, lang, style)
    elif kind in (DONE, MET, DONE_REMOVED, MET_REMOVED):
        record = change.new if kind in (DONE, MET) else change.old
        text = _completion_text(record, lang, style)
    elif kind in (DONE_CHANGED, MET_CHANGED):
        text = (
            f"{_completion_text(change.old, lang, style)} → "
            f"{_completion_text(change.new, lang, style)}"
        )
    else:
        nothing = label("diff.nothing", lang)
        old = _worklog_shown(change.old, change.days[0], change.field, lang)
        new = _worklog_shown(change.new, change.days[1], change.field, lang)
        before = escape(str(old)) if old not in (None, "") else nothing
        after = escape(str(new)) if new not in (None, "") else nothing
        text = f"{before} → {after}"
    if change.reason:
        text += " — " + label("diff.reason", lang, reason=escape(change.reason))
    return text


def _deadline_text(deadline: Any, lang: str, style: _Style) -> str:
    dates = []
    for milestone in deadline["due"]:
        day = (
            day_text(date.fromisoformat(milestone["due"]), lang)
            if milestone["due"]
            else label("diff.no_date", lang)
        )
        dates.append(f"{milestone['label']} {day}" if milestone["label"] else day)
    wording = style.quote.format(deadline["wording"])
    return f"{wording} ({', '.join(dates)})" if dates else wording


def _units_text(old: Any, new: Any, lang: str, style: _Style) -> str:
    escape = style.escape
    parts = []
    dropped = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    if dropped:
        names = ", ".join(style.deleted.format(escape(n)) for n in dropped)
        parts.append(label("diff.units.removed", lang, names=names))
    if added:
        names = ", ".join(style.inserted.format(escape(n)) for n in added)
        parts.append(label("diff.units.added", lang, names=names))
    if not parts:  # the same names in another order
        return f"{', '.join(escape(n) for n in old)} → {', '.join(escape(n) for n in new)}"
    return "; ".join(parts)


def _completion_text(record: Any, lang: str, style: _Style) -> str:
    escape = style.escape
    parts = []
    if record["milestone"] is not None:
        parts.append(label("diff.milestone", lang, milestone=escape(str(record["milestone"]))))
    parts.append(day_text(date.fromisoformat(record["on"]), lang))
    text = ", ".join(parts)
    if record["evidence"]:
        text += f" ({label('diff.evidence', lang, evidence=escape(record['evidence']))})"
    return text


def _summary_text(summary: Any, lang: str, style: _Style) -> str:
    escape = style.escape
    lead = ", ".join(escape(n) for n in summary["lead"])
    return (
        f"{escape(summary['text'])} | {label('diff.lead', lang)}: {lead}; "
        f"{label('diff.deadline', lang)}: {_deadline_text(summary['deadline'], lang, style)}"
    )


def _count(changes: Sequence[Change], lang: str) -> str:
    items = len({c.id for c in changes})
    return label("diff.summary", lang, changes=len(changes), items=items)


# ---------------------------------------------------------------------------------------------
# Amendments (parplan validate --base REV)


def amendment_warnings(old: Plan, new: Plan, base: str) -> list[Diagnostic]:
    """A deadline changed since ``base`` without a new ``amended_by`` saying by what decision.

    The warning sits on the new deadline. An ``amended_by`` left as it was at ``base`` names an
    earlier amendment, so it does not count.
    """
    # lazy: the checks' codes, only for `validate --base` (`textconv` loads this module too)
    from parplan.checks.rules import CODES

    before = _by_id(old.items)
    found = []
    for item in new.items:
        previous = before.get(item.id.value)
        if previous is None or previous.deadline.value == item.deadline.value:
            continue
        reason = _text(item.amended_by)
        if reason is None or reason == _text(previous.amended_by):
            found.append(
                Diagnostic(
                    item.deadline.source,
                    CODES["amendment-reason"],
                    "amendment-reason",
                    {
                        "id": item.id.value,
                        "base": base,
                        "old": previous.deadline.value,
                        "new": item.deadline.value,
                    },
                )
            )
    return found


# ---------------------------------------------------------------------------------------------
# One line per fact (git's textconv)


def facts(plan: Plan) -> list[str]:
    """The plan as ``ID key: value`` lines in plan order, one fact a line, for line-based diffs.

    Deadlines carry the dates they mean (``deadline: Tháng 3/2025 => 2025-03-31``).
    """
    lines = [
        f"plan {name}: {_plain(value)}"
        for name, value in (
            ("title", plan.info.title),
            ("decision", plan.info.decision),
            ("issued", plan.info.issued),
            ("year", plan.info.year),
            ("last_year", plan.info.last_year),  # period: first-last year
        )
        if value not in (None, "")
    ]
    entries: list[tuple[tuple[object, ...], int, list[str]]] = []
    for section in plan.sections:
        entries.append(
            (id_key(section.id.value), 0, [f"{section.id.value} title: {section.title}"])
        )
    for task in plan.tasks:
        entries.append((id_key(task.id.value), 1, [f"{task.id.value} title: {task.title}"]))
    for item in plan.items:
        entries.append((id_key(item.id.value), 2, _item_facts(item)))
    for _, _, block in sorted(entries, key=lambda entry: (entry[0], entry[1])):
        lines += block
    return lines


def _item_facts(item: Item) -> list[str]:
    key = item.id.value
    out = [f"{key} product: {_one_line(item.product)}"]
    out += [f"{key} lead: {t.value}" for t in item.lead]
    out += [f"{key} support: {t.value}" for t in item.support]
    dates = ", ".join(
        (f"{m.label} " if m.label else "") + (m.due.isoformat() if m.due else m.kind)
        for m in item.milestones
    )
    out.append(f"{key} deadline: {_one_line(item.deadline.value)} => {dates}")
    for name in ("after", "within_days", "note", "amended_by", *CARRY_FIELDS):
        value = _plain(getattr(item, name))
        if value is not None:
            out.append(f"{key} {name}: {_one_line(str(value))}")
    out += [f"{key} extra[{_one_line(h)}]: {_one_line(text)}" for h, text in item.extra]
    for completion in item.completions:
        record = _completion(completion)
        where = f" [{record['milestone']}]" if record["milestone"] is not None else ""
        out.append(f"{key} done{where}: {_record_fact(record)}")
    if item.met is not None:
        out.append(f"{key} met: {_record_fact(_completion(item.met))}")
    for name in ("log", "late"):
        out += [f"{key} {name}: {_one_line(line)}" for line in worklog_lines(item, name)]
    return [line.rstrip() for line in out]


def _record_fact(record: dict[str, object]) -> str:
    parts = [str(record["on"])]
    for name in ("evidence", "recorded_by"):
        if record[name]:
            parts.append(f"{name}: {_one_line(str(record[name]))}")
    return ", ".join(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def generic_facts(node: Node | None, path: str = "") -> list[str]:
    """Any YAML file as ``path: value`` lines, values as written; a list entry with a ``name`` or
    ``id`` is named by it (``units[Vụ Pháp chế].short: PC``), so that inserting an entry moves
    no other line."""
    if isinstance(node, MappingNode):
        out = []
        for key, value in node.value:
            name = nfc(key.value) if isinstance(key, ScalarNode) else "?"
            out += generic_facts(value, f"{path}.{name}" if path else name)
        return out
    if isinstance(node, SequenceNode):
        out = []
        for number, entry in enumerate(node.value):
            named = _scalar_of(entry, "name") or _scalar_of(entry, "id")
            out += generic_facts(entry, f"{path}[{named if named is not None else number}]")
        return out
    value = nfc(node.value) if isinstance(node, ScalarNode) else ""
    return [f"{path}: {_one_line(value)}".rstrip()]


def _scalar_of(node: Node, key: str) -> str | None:
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return nfc(value.value) if isinstance(value, ScalarNode) else None
    return None
