"""Which units answer for a name written in the plan, on a day; which items can concern a unit;
and the unit a view is asked about, resolved once (``Asked``).

A name in an item's lead or support (a unit, a group) is answered for by the units asked about
(their identity on the day: a unit and the units merged into it by then) as a ``Claim``: they
owe its milestones, or would have but had left or merged by then (the work went elsewhere).
``query.status.unit_status`` turns these claims into a unit's own answer for a milestone. This
module knows the registry only (``core.units``), not the statuses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from parplan.core.model import Group, Item, Plan, Unit
from parplan.core.units import Entry, UnitIndex
from parplan.core.values import frozen_dataclass


@dataclass(eq=False)
class Asked:
    """The unit or group a view is asked about, resolved once at the edge (the CLI's
    ``--unit``, the API's ``unit=``) and passed down to every question about it: its registry
    entry, and what those questions need from the registry, each worked out once for it: which
    names written in an item can concern it (``concerned``), the units whose work is its own on
    a day (``identity``), and the units from which those are reached (``reaching``)."""

    entry: Entry
    index: UnitIndex = field(repr=False)
    _concerned: Callable[[str], bool] | None = field(default=None, repr=False)
    _identities: dict[date, frozenset[str]] = field(default_factory=dict, repr=False)
    _reaching: dict[frozenset[str], frozenset[str]] = field(default_factory=dict, repr=False)

    def concerned(self, name: str) -> bool:
        """Whether an item naming ``name`` can concern the unit on some day (``concerns``)."""
        if self._concerned is None:
            self._concerned = concerns(self.index, self.entry)
        return self._concerned(name)

    def identity(self, day: date) -> frozenset[str]:
        """The units whose work is the unit's on ``day`` (``unit_identity``)."""
        selves = self._identities.get(day)
        if selves is None:
            selves = self._identities[day] = unit_identity(self.entry, self.index, day)
        return selves

    def reaching(self, selves: frozenset[str]) -> frozenset[str]:
        """The units from which one of ``selves`` is reached (``UnitIndex.reaching``)."""
        related = self._reaching.get(selves)
        if related is None:
            related = self._reaching[selves] = self.index.reaching(selves)
        return related


def resolve(index: UnitIndex, unit: Entry | Asked) -> Asked:
    """``unit`` as a resolved ``Asked`` (itself when it is one already)."""
    return unit if isinstance(unit, Asked) else Asked(unit, index)


def unit_identity(entry: Entry, index: UnitIndex, as_of: date) -> frozenset[str]:
    """The names of the units whose work is ``entry``'s as of ``as_of``: the unit and the units
    merged into it on or before that day. A group is itself."""
    if not isinstance(entry, Unit):
        return frozenset({entry.name})
    return frozenset({entry.name, *(u.name for u in index.predecessors_on(entry, as_of))})


@frozen_dataclass(slots=True)
class Claim:
    """How the units asked about answer for a unit or group named in an item, on a day: they
    owe its milestones (``OWES``), or would have but had left or merged by then
    (``transferred``, with where the work went when the registry says)."""

    transferred: bool
    to: str | None = None


OWES = Claim(transferred=False)


def moved_to(where: str | None) -> Claim:
    """The claim of units that would have answered for a name but had left or merged."""
    return Claim(transferred=True, to=where)


@dataclass
class AnswerCache:
    """What ``unit_status`` keeps between the rows of one unit on one day (issue 23): the unit
    asked about, once resolved, its identity that day, and the claim on each (name, due day)
    asked (many rows name the same unit or group on the same due date)."""

    asked: Asked | None = None
    selves: frozenset[str] | None = None
    claims: dict[tuple[str, date], Claim | None] = field(default_factory=dict)


def claim_on(
    name: str, day: date, selves: frozenset[str], index: UnitIndex, asked: Asked | None = None
) -> Claim | None:
    """How units ``selves`` answer for a unit or group named ``name`` on ``day``: they owe it
    (``OWES``), or it moved on (``moved_to``) when they would have but had left or merged by
    then; None when it is none of theirs. ``asked``: the unit they are, resolved once."""
    found = index.lookup(name)
    if found is None:
        return None
    entry = found.entry
    if isinstance(entry, Group):
        if entry.placeholder:
            return None
        moved: Claim | None = None
        candidates = index.candidates(entry)
        # Only a member from which one of ``selves`` is reached by mergers or part_of can
        # answer anything (``_unit_answer``): those alone are asked, in the group's order, so
        # that the `units` view is not the registry's size squared (issue 19).
        related = asked.reaching(selves) if asked is not None else index.reaching(selves)
        if len(related) < len(candidates):
            places = index.candidate_places(entry)
            candidates = [candidates[p] for p in sorted(places[n] for n in related if n in places)]
        for unit in candidates:
            claim = _unit_answer(unit, day, selves, index, in_group=True)
            if claim is OWES:
                return claim
            moved = moved or claim
        return moved
    return _unit_answer(entry, day, selves, index)


def _unit_answer(
    unit: Unit, day: date, selves: frozenset[str], index: UnitIndex, in_group: bool = False
) -> Claim | None:
    if unit.established is not None and unit.established > day:
        return None
    holder = index.successor_on(unit, day)
    answering = {holder.name, *_parents(holder, index)}
    gone = holder.left is not None and holder.left.on <= day
    if answering & selves and not (in_group and holder is not unit):
        # In a group, a merged member's successor answers as a member of its own.
        if gone:
            return moved_to(holder.left.to if holder.left else None)
        return OWES
    if {unit.name, *_parents(unit, index)} & selves:
        if holder.name in selves:
            return None  # merged into the unit asked about: it answers in its own right
        if gone:
            return moved_to(holder.left.to if holder.left else None)
        if holder is not unit:
            return moved_to(holder.name)
    return None


def _parents(unit: Unit, index: UnitIndex) -> list[str]:
    """The units a role is part of (a role's items are its parent unit's too)."""
    out = []
    while unit.part_of is not None:
        found = index.lookup(unit.part_of.value)
        if found is None or not isinstance(found.entry, Unit) or found.entry.name in out:
            break
        unit = found.entry
        out.append(unit.name)
    return out


def unit_family(entry: Entry, index: UnitIndex) -> frozenset[str]:
    """The names of the units linked to ``entry`` by mergers and by ``part_of``, in either
    direction and whatever their dates: the units whose work can be ``entry``'s on some day, or
    ``entry``'s theirs (see ``query.status.unit_status``). A group is its own family."""
    if not isinstance(entry, Unit):
        return frozenset({entry.name})
    links: dict[str, set[str]] = {}
    for unit in index.registry.units:
        merged = unit.merged_into.unit if unit.merged_into is not None else None
        for name in (merged, unit.part_of.value if unit.part_of is not None else None):
            found = index.lookup(name) if name else None
            if found is not None and isinstance(found.entry, Unit):
                links.setdefault(unit.name, set()).add(found.entry.name)
                links.setdefault(found.entry.name, set()).add(unit.name)
    family, todo = {entry.name}, [entry.name]
    while todo:
        for linked in links.get(todo.pop(), ()):
            if linked not in family:
                family.add(linked)
                todo.append(linked)
    return frozenset(family)


def items_concerning(items: Iterable[Item], index: UnitIndex, entry: Entry | Asked) -> list[Item]:
    """The items that can concern ``entry`` on some day, in their order: a superset of those
    for which ``query.status.unit_status`` answers anything, found without a date (a unit's own view need
    not compute the status of every milestone of the plan).

    For a unit: an item naming a unit of its family (``unit_family``), or a group one of whose
    possible members is of its family. For a group: an item whose lead or support names it or
    one of its members (``query.status.role_of``)."""
    concerned = resolve(index, entry).concerned
    answers: dict[str, bool] = {}  # each name asked once here (issue 23: 100,000 items)
    out = []
    for item in items:
        for ref in item.lead + item.support:
            answer = answers.get(ref.value)
            if answer is None:
                answer = answers[ref.value] = concerned(ref.value)
            if answer:
                out.append(item)
                break
    return out


def concerns(index: UnitIndex, entry: Entry) -> Callable[[str], bool]:
    """Whether a name written in an item's lead or support makes the item one of
    ``items_concerning(..., entry)``: asked once per name, the export asks it of the plan's
    distinct names rather than of every item for every unit (issue 23)."""
    if not isinstance(entry, Unit):
        return lambda name: entry.name in index.expand(name)
    family = unit_family(entry, index)
    answers: dict[str, bool] = {}

    def concerned(name: str) -> bool:
        if name not in answers:
            found = index.lookup(name)
            if found is None:
                answers[name] = False
            elif isinstance(found.entry, Group):
                candidates = [] if found.entry.placeholder else index.candidates(found.entry)
                answers[name] = any(unit.name in family for unit in candidates)
            else:
                answers[name] = found.entry.name in family
        return answers[name]

    return concerned


def plan_for_unit(plan: Plan, index: UnitIndex, entry: Entry | Asked) -> Plan:
    """The plan with only the items that can concern ``entry`` (``items_concerning``) and the
    items their conditions wait for (``after``): every answer of a view of that unit is the same
    on it as on the whole plan, from a fraction of the items."""
    mine = items_concerning(plan.items, index, entry)
    wanted = {item.id.value for item in mine}
    wanted |= {item.after.value for item in mine if item.after is not None}
    return replace(plan, items=tuple(item for item in plan.items if item.id.value in wanted))
