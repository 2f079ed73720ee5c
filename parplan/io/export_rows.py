"""The rows of the SQLite export, made from the model (``io/export.py`` writes them): each
item's, each unit's own answer for each milestone, the sets of units answering for items, the
registry's spellings, and what the export works out once (``Memo``).

Split from ``io/export.py`` (issue 23, third round: module sizes); imports nothing heavy.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from parplan.checks.rules import Loaded, milestone_of
from parplan.core.model import Completion, Group, Item, Text, Unit, id_order
from parplan.core.text import fold
from parplan.core.units import name_on
from parplan.io.export_tables import ROLE_CODES, STATUS_CODES, TARGET_TABLES
from parplan.query.claims import AnswerCache, resolve
from parplan.query.keys import Role, Status
from parplan.query.status import (
    TRANSFERRED,
    MembersByName,
    Row,
    UnitAnswer,
    role_of,
    searched_texts,
    unit_status,
)
from parplan.query.targets import figure_fields, targets_as_of


def unit_answers(
    entry: Unit | Group,
    unit: int,
    loaded: Loaded,
    as_of: date,
    candidates: list[tuple[Row, tuple[int, int, date]]],
    shared: MembersByName,
) -> Iterator[tuple[int, int, int, int, int, str | None]]:
    """``entry``'s own answer for each candidate row (``rows_for_unit``'s, without a copy of
    each row; issue 23, third round), as a row of ``unit_milestone_rows``: the key ``unit``,
    the item's key, the milestone's number, the role's and the status's codes and the day done.
    ``unit_status`` is asked once for each set of units and day: unless the unit answers with
    its own part of a group-led item (a unit asked about a per-member row), the answer depends
    on the names the item writes and the milestone's day alone (``claim_on``, ``role_of``), and
    takes the row's status and completion — or is ``transferred``, with neither.
    ``tests/test_export_views.py`` holds it to ``rows_for_unit``."""
    index = loaded.index
    cache = AnswerCache(resolve(index, entry))
    own_parts = isinstance(entry, Unit)
    seen: dict[tuple[int, date], UnitAnswer | None] = {}
    for row, (item_key, unit_set, day) in candidates:
        if own_parts and row.per_member:
            answer = unit_status(row, entry, index, as_of, cache, shared)
        elif (unit_set, day) in seen:
            answer = seen[(unit_set, day)]
            if answer is not None and answer.status != TRANSFERRED:
                answer = UnitAnswer(answer.role, row.status, row.completion)
        else:
            answer = seen[(unit_set, day)] = unit_status(row, entry, index, as_of, cache, shared)
        if answer is not None:
            done = answer.completion
            on = done.on.isoformat() if done else None
            role, status = ROLE_CODE[answer.role], STATUS_CODE[answer.status]
            yield unit, item_key, row.number, role, status, on


# The codes of ``export_tables``' tuples, looked up by the enums the query layer gives and by
# their words (an enum member and its word hash apart).
ROLE_CODE: dict[str, int] = {}
STATUS_CODE: dict[str, int] = {}
for _codes, _words, _kind in ((ROLE_CODE, ROLE_CODES, Role), (STATUS_CODE, STATUS_CODES, Status)):
    for _code, _word in enumerate(_words):
        _codes[_word] = _codes[_kind(_word)] = _code


def ranks(items: Sequence[Item]) -> dict[str, int]:
    """Each item's place in plan order (``id_order``), the value of each section's Roman
    numeral worked out once (issue 23: ``id_order`` read it again for each of 100,000 items)."""
    heads: dict[str, tuple[object, ...]] = {}

    def order(item_id: str) -> tuple[object, ...]:
        section, *rest = item_id.split(".")
        head = heads.get(section)
        if head is None:
            head = heads[section] = id_order(section)
        return (*head, *((int(p), "") if p.isascii() and p.isdigit() else (0, p) for p in rest))

    ordered = sorted((item.id.value for item in items), key=order)
    return {item_id: rank for rank, item_id in enumerate(ordered)}


def names(refs: Sequence[Text]) -> tuple[str, ...]:
    return tuple(ref.value for ref in refs)


def new_unit_set(
    item: Item,
    loaded: Loaded,
    memo: Memo,
    out: list[tuple[Any, ...]],
    sets: dict[tuple[tuple[str, ...], tuple[str, ...]], int],
) -> int:
    """Number the set of units answering for ``item`` (rows of ``unit_sets``): every registry
    entry that answers for it (by its key, for its name on the export day), with its role as
    ``role_of`` gives it (lead wins), and the names written in the plan it answers through.
    It depends on the item's lead and support names alone (and the plan's registry)."""
    number = len(memo.set_sizes) + 1
    found = list(_answering(item, loaded, role_of, memo))
    for unit, role, through in found:
        out.append((number, memo.unit_key(unit), role, through))
    memo.set_sizes[number] = len(found)
    sets[(names(item.lead), names(item.support))] = number
    return number


class Memo:
    """What the export works out again and again, once (issue 23): the folded form of a text
    (a task's title, a unit's name, a deadline recur on many items), the name an entry bears on
    the export day, and the units answering for a pair of lead and support lists."""

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of
        self.folded: dict[str, str] = {}
        self.names: dict[int, str] = {}
        # issue 23, third round: the sets of units answering for an item, numbered, by plan (its
        # registry) and by the item's lead and support names; each set's size; each name's key.
        self.sets: dict[int, dict[tuple[tuple[str, ...], tuple[str, ...]], int]] = {}
        self.set_sizes: dict[int, int] = {}
        self.unit_keys: dict[str, int] = {}
        self.titled: set[tuple[str, ...]] = set()  # the sections and tasks written
        self.texts: dict[str, tuple[str, tuple[str, ...]]] = {}

    def fold(self, text: str) -> str:
        found = self.folded.get(text)
        if found is None:
            found = self.folded[text] = fold(text)
        return found

    def name_now(self, entry: Unit | Group) -> str:
        found = self.names.get(id(entry))  # the registry keeps every entry alive
        if found is None:
            found = self.names[id(entry)] = name_now(entry, self.as_of)
        return found

    def sets_of(self, loaded: Loaded) -> dict[tuple[tuple[str, ...], tuple[str, ...]], int]:
        """The numbered sets of units of one plan: the same names may answer otherwise in
        another plan's registry."""
        return self.sets.setdefault(id(loaded), {})

    def unit_key(self, name: str) -> int:
        found = self.unit_keys.get(name)
        if found is None:
            found = self.unit_keys[name] = len(self.unit_keys) + 1
        return found

    def searched(self, item: Item) -> tuple[str, str]:
        """The item's texts for the full-text index: folded and joined (``fold`` of them joined,
        since folding works character by character and makes every run of blanks one space),
        and the folded words holding a d, each once, in order, written with đ (``_dd_words``)."""
        texts = self.texts
        item_id, *others = searched_texts(item)
        folded: list[str] = []
        with_dd: list[str] = []
        if item_id.isascii():  # folded as ``fold`` folds it, and not kept: each item's own
            own = " ".join(item_id.lower().split())
            if own:
                folded.append(own)
                with_dd.extend(_dd_words(own))
        else:
            others.insert(0, item_id)
        for text in others:
            found = texts.get(text)
            if found is None:
                folded_text = fold(text)
                found = texts[text] = (folded_text, _dd_words(folded_text))
            if found[0]:
                folded.append(found[0])
            if found[1]:
                with_dd.extend(found[1])
        return " ".join(folded), " ".join(dict.fromkeys(with_dd))


def _dd_words(folded: str) -> tuple[str, ...]:
    """The words of a folded text that hold a d, with every d written đ (blank-separated: the
    tokenizer splits what punctuation they hold, its other words also found folded). The
    tokenizer keeps the đ of what is typed, where parplan folds it to d on both sides: "đổi"
    typed must find "theo dõi" as ``list --search`` does (review of issue 23: only the words
    written with đ were kept, so it did not)."""
    if "d" not in folded:
        return ()
    return tuple(word.replace("d", "đ") for word in folded.split() if "d" in word)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def evidence(record: Completion | None) -> str | None:
    return record.evidence.value if record is not None and record.evidence else None


def item_row(key: int, pid: str, item: Item, rank: int, unit_set: int) -> tuple[Any, ...]:
    """An item's row of ``items``, in its columns' order."""
    return (
        key,
        pid,
        item.id.value,
        rank,
        item.section_id,
        item.task_id,
        item.product,
        "; ".join(ref.value for ref in item.lead),
        "; ".join(ref.value for ref in item.support),
        item.deadline.value,
        item.note,
        item.after.value if item.after else None,
        item.within_days,
        item.amended_by.value if item.amended_by else None,
        iso(item.met.on) if item.met else None,
        evidence(item.met),
        iso(item.carried_on),
        unit_set,
        item.source.line,
    )


def _answering(
    item: Item, loaded: Loaded, role_of: Callable[..., str | None], memo: Memo
) -> Iterable[tuple[str, str, str]]:
    index = loaded.index
    through: dict[str, list[str]] = {}
    for ref in (*item.lead, *item.support):
        for name in sorted(index.expand(ref.value)):  # (a set: its order is the hash seed's)
            if name in index.by_name and ref.value not in through.setdefault(name, []):
                through[name].append(ref.value)
    for name, refs in through.items():
        role = role_of(item, index.by_name[name], index)
        if role is not None:
            yield memo.name_now(index.by_name[name]), role, "; ".join(refs)


def progress_rows(pid: str, item: Item) -> Iterable[dict[str, Any]]:

    for completion in item.completions:
        yield {
            "plan": pid,
            "item_id": item.id.value,
            "kind": "done",
            "milestone": milestone_of(item, completion),
            "unit": completion.unit.value if completion.unit else None,
            "on": completion.on.isoformat(),
            "evidence": evidence(completion),
            "recorded_by": completion.recorded_by,
            "line": completion.source.line,
        }
    if item.met is not None:
        yield {
            "plan": pid,
            "item_id": item.id.value,
            "kind": "met",
            "milestone": None,
            "unit": None,
            "on": item.met.on.isoformat(),
            "evidence": evidence(item.met),
            "recorded_by": item.met.recorded_by,
            "line": item.met.source.line,
        }


def name_now(entry: Unit | Group, day: date) -> str:
    """The name an entry bears on ``day``: a renamed unit's new name (issue 18)."""

    return name_on(entry, day) if isinstance(entry, Unit) else entry.name


def _renamed_on(unit: Unit, day: date) -> str | None:
    """The day of the unit's latest rename on or before ``day``, if any."""
    return iso(max((r.on for r in unit.renamed if r.on <= day), default=None))


def unit_spelling_rows(
    loaded: Loaded, seen: set[tuple[str, str]], as_of: date
) -> Iterable[dict[str, Any]]:
    """Every spelling of every entry (``UnitIndex.spellings_of``), folded as parplan folds,
    and the name under which the entry's rows are found on ``as_of`` (through mergers)."""
    index = loaded.index
    for entry in index.entries:
        answers = index.successor_on(entry, as_of) if isinstance(entry, Unit) else entry
        for spelling in index.spellings_of(entry):
            if (spelling, entry.name) in seen:
                continue
            seen.add((spelling, entry.name))
            yield {
                "spelling": spelling,
                "folded": fold(spelling),
                "unit": entry.name,
                "rows_under": name_now(answers, as_of),
            }


# The characters a typed name is folded through in SQL: Latin letters with any mark, the
# combining marks themselves (a decomposed name), and spaces; anything else is lower()'d.
_FOLDED_RANGES = ((0x41, 0x5A), (0xA0, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x200A))


def fold_char_rows() -> Iterable[dict[str, Any]]:
    yield from ({"char": ch, "folded": " "} for ch in "\t\n\r\x0b\x0c \u3000\u202f\u205f")
    for first, last in _FOLDED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            if char.isspace():
                yield {"char": char, "folded": " "}
            elif char.isprintable() or unicodedata.combining(char):
                folded = fold(char)
                if folded != char:
                    yield {"char": char, "folded": folded}


def unit_rows(loaded: Loaded, seen: set[str], as_of: date) -> Iterable[dict[str, Any]]:
    registry = loaded.registry
    entries: tuple[Unit | Group, ...] = (*registry.units, *registry.groups)
    for entry in entries:
        if entry.name in seen:
            continue
        seen.add(entry.name)
        unit = entry if isinstance(entry, Unit) else None
        yield {
            "name": entry.name,
            "short": unit.short if unit else None,
            "kind": unit.kind if unit else "group",
            "aliases": "; ".join(alias.value for alias in entry.aliases),
            "part_of": unit.part_of.value if unit and unit.part_of else None,
            "merged_into": unit.merged_into.unit if unit and unit.merged_into else None,
            "merged_on": iso(unit.merged_into.on) if unit and unit.merged_into else None,
            "left_on": iso(unit.left.on) if unit and unit.left else None,
            "established": iso(unit.established) if unit else None,
            "registry": registry.file,
            "name_now": name_now(entry, as_of),
            "renamed_on": _renamed_on(unit, as_of) if unit else None,
        }


def plan_id(loaded: Loaded) -> str:
    """A plan's name in the database: its file name without the extension."""
    return Path(loaded.plan.file).stem


def targets_rows(plans: Sequence[Loaded], as_of: date) -> dict[str, list[dict[str, Any]]]:
    """The rows of the ``targets`` table (each target's state as of the export day, as ``parplan
    targets`` gives it) and of the ``measurements`` table (every figure recorded)."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TARGET_TABLES}
    for loaded in plans:
        pid = plan_id(loaded)
        for rank, state in enumerate(targets_as_of(loaded.plan, as_of)):
            target, current = state.target, state.current
            rows["targets"].append(
                {
                    "plan": pid,
                    "id": target.id.value,
                    "rank": rank,
                    "text": target.text,
                    "source": target.cited.value if target.cited else None,
                    "measure": target.measure,
                    "comparison": target.comparison,
                    "target": target.value,
                    "unit": target.unit.value if target.unit else None,
                    "basis": target.basis.value if target.basis else None,
                    "window_from": state.window[0].isoformat(),
                    "window_to": state.window[1].isoformat(),
                    "value": current.value if current else None,
                    "on": iso(current.on) if current else None,
                    "status": state.status,
                    "gap": state.gap,
                    "trend": state.trend,
                    "change": state.change,
                }
            )
        for entry in loaded.plan.measurements:
            rows["measurements"].append(
                {"plan": pid, "target": entry.target.value, **figure_fields(entry)}
            )
    return rows
