"""The decision's body as questions (issue 21): what a unit answers for besides its appendix
items — its responsibilities under section IV, the standing duties of section II it leads,
the targets it reports on — and a search of the body's words. No words of the views here.

A responsibility or duty given to a group ("Các cơ quan, đơn vị thuộc, trực thuộc Bộ") is
every member unit's on the day asked.
"""

from __future__ import annotations

from datetime import date
from typing import Union

from parplan.core.model import Duty, Group, Plan, Responsibility, Target, Text, Unit
from parplan.core.units import Entry, UnitIndex
from parplan.core.values import frozen_dataclass
from parplan.query.status import _words, search_terms

BodyEntry = Union[Duty, Responsibility, Target]  # noqa: UP007 - a runtime alias on Python 3.10


@frozen_dataclass
class UnitBody:
    """What the decision's body gives one unit, each in the plan's order."""

    responsibilities: tuple[Responsibility, ...]
    duties: tuple[Duty, ...]
    targets: tuple[Target, ...]


def names_unit(index: UnitIndex, written: Text | None, entry: Entry, day: date) -> bool:
    """Whether a unit name as written in the body stands for ``entry`` on ``day``: the same
    registry entry (by any of its names), or a group the unit belongs to that day."""
    if written is None:
        return False
    found = index.lookup(written.value)
    if found is None:
        return False
    if found.entry.name == entry.name:
        return True
    if isinstance(found.entry, Group) and isinstance(entry, Unit):
        return any(member.name == entry.name for member in index.members_on(found.entry, day))
    return False


def body_of_unit(plan: Plan, index: UnitIndex, entry: Entry, day: date) -> UnitBody:
    return UnitBody(
        tuple(r for r in plan.responsibilities if names_unit(index, r.unit, entry, day)),
        tuple(d for d in plan.duties if any(names_unit(index, u, entry, day) for u in d.lead)),
        tuple(t for t in plan.targets if names_unit(index, t.unit, entry, day)),
    )


def searched_body_texts(entry: BodyEntry) -> list[str]:
    """The texts a search looks in: the ID, the decision's words, the units named."""
    texts = [entry.id.value, entry.text]
    if isinstance(entry, Duty):
        texts += [unit.value for unit in entry.lead]
    elif entry.unit is not None:
        texts.append(entry.unit.value)
    if isinstance(entry, Responsibility) and entry.to:
        texts.append(entry.to)
    return texts


def search_body(plan: Plan, text: str) -> list[BodyEntry]:
    """The targets, duties and responsibilities with every word (or quoted phrase) of ``text``
    as ``list --search`` finds items: whole words, ignoring case and diacritics."""
    terms = search_terms(text)
    found: list[BodyEntry] = []
    entries: tuple[BodyEntry, ...] = (*plan.targets, *plan.duties, *plan.responsibilities)
    for entry in entries:
        fields = [_words(field) for field in searched_body_texts(entry)]
        if all(any(_has(words, term) for words in fields) for term in terms):
            found.append(entry)
    return found


def _has(words: list[str], term: tuple[str, ...]) -> bool:
    size = len(term)
    return any(tuple(words[i : i + size]) == term for i in range(len(words) - size + 1))
