"""The unit registry as a lookup: names, aliases, groups, succession, accent-insensitive matching.

One matcher serves both the data (a name written in the plan) and people (``--unit "van phong bo"``).
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from datetime import date

from parplan.core.model import Group, Registry, Unit
from parplan.core.text import fold
from parplan.core.values import frozen_dataclass

Entry = Unit | Group

# How a name written in the plan was recognised.
CANONICAL = "canonical"  # the entry's name
OFFICIAL = "official"  # a name the unit officially bore at some time (renamed)
ALIAS = "alias"  # a listed alias, or the canonical name in other case


@frozen_dataclass(slots=True, compiled_init=True)
class Lookup:
    entry: Entry
    how: str


@frozen_dataclass
class Query:
    """The outcome of matching what a person typed: one entry, several, or none."""

    matches: tuple[Entry, ...]
    suggestions: tuple[str, ...] = ()

    @property
    def entry(self) -> Entry | None:
        return self.matches[0] if len(self.matches) == 1 else None


# ---------------------------------------------------------------------------------------------
# The registry as of a day (issue 8): who belongs to the ministry, under which name, and who
# carries on the work of a unit that merged or left. Every answer is read from the registry's
# data (``established``, ``renamed``, ``merged_into``, ``left``); no fact is written in code.


def is_active(unit: Unit, day: date) -> bool:
    """Whether the unit belongs to the ministry on ``day``: established on or before it, and
    not yet merged into another unit or gone (a unit merged or gone on ``day`` no longer is)."""
    if unit.established is not None and unit.established > day:
        return False
    if unit.merged_into is not None and unit.merged_into.unit and unit.merged_into.on <= day:
        return False
    return not (unit.left is not None and unit.left.on <= day)


def name_on(unit: Unit, day: date) -> str:
    """The name the unit bore on ``day``: its latest rename on or before it, else its name."""
    current = unit.name
    for rename in sorted(unit.renamed, key=lambda r: r.on):
        if rename.on <= day:
            current = rename.name
    return current


class _Dated:
    """Methods of ``UnitIndex`` that read the registry as of a day; mixed in below."""

    registry: Registry

    def lookup(self, name: str) -> Lookup | None:  # pragma: no cover - defined by UnitIndex
        raise NotImplementedError

    def successor_on(self, unit: Unit, day: date) -> Unit:
        """The unit that carries on ``unit``'s work on ``day``: the unit itself, or the unit it
        was merged into on or before that day (followed through successive mergers)."""
        seen = {unit.name}
        while unit.merged_into is not None and unit.merged_into.unit and unit.merged_into.on <= day:
            found = self.lookup(unit.merged_into.unit)
            if found is None or not isinstance(found.entry, Unit) or found.entry.name in seen:
                break
            unit = found.entry
            seen.add(unit.name)
        return unit

    def predecessors_on(self, unit: Unit, day: date) -> list[Unit]:
        """The units merged into ``unit`` (directly or through others) on or before ``day``:
        as of that day, their work is the unit's."""
        # Runs for every unit of the `units` view and every row of a unit's view: scanning the
        # registry each time made the view quadratic (issue 19). A unit whose successor is
        # ``unit`` reaches it by following merged_into; so only the units that reach it that way,
        # whatever the dates (``_merged_from``, indexed once), need asking ``successor_on``.
        merged_from: dict[str, list[tuple[int, Unit]]] | None = self.__dict__.get("_merged_from")
        if merged_from is None:
            merged_from = self.__dict__["_merged_from"] = self._merged_from()
        reaching: dict[str, tuple[int, Unit]] = {}
        pending = [unit.name]
        while pending:
            for position, other in merged_from.get(pending.pop(), ()):
                if other.name not in reaching and other is not unit:
                    reaching[other.name] = (position, other)
                    pending.append(other.name)
        return [
            other
            for _, other in sorted(reaching.values(), key=lambda found: found[0])
            if self.successor_on(other, day) is unit
        ]

    def _merged_from(self) -> dict[str, list[tuple[int, Unit]]]:
        """For each unit's name, the units merged into it directly (whatever the day), with their
        place in the registry."""
        merged_from: dict[str, list[tuple[int, Unit]]] = {}
        for position, other in enumerate(self.registry.units):
            if other.merged_into is None or not other.merged_into.unit:
                continue
            found = self.lookup(other.merged_into.unit)
            if found is not None and isinstance(found.entry, Unit):
                merged_from.setdefault(found.entry.name, []).append((position, other))
        return merged_from

    def group_candidates(self, group: Group, seen: frozenset[str] = frozenset()) -> list[Unit]:
        """Every unit a group could name on some day: units of its kinds and its named members,
        whatever their dates; a group named as a member gives its own (a placeholder none)."""
        out = [unit for unit in self.registry.units if unit.kind in group.kinds]
        for member in group.members:
            found = self.lookup(member.value)
            if found is None:
                continue
            entry = found.entry
            if isinstance(entry, Group):
                if entry.placeholder or entry.name in seen | {group.name}:
                    continue
                nested = self.group_candidates(entry, seen | {group.name})
                out.extend(unit for unit in nested if unit not in out)
            elif entry not in out:
                out.append(entry)
        return out

    def members_on(self, group: Group, day: date) -> list[Unit]:
        """The units a group names on ``day``: those of its kinds and its named members that
        belong to the ministry that day, in registry order. A placeholder names no one."""
        if group.placeholder:
            return []
        # Asked for every milestone of every group-led item: the candidates are the registry's,
        # the same each time (a registry is never changed once read).
        return [unit for unit in self.candidates(group) if is_active(unit, day)]

    def candidates(self, group: Group) -> list[Unit]:
        """``group_candidates(group)``, worked out once per group (a registry is never changed
        once read): asked for every milestone of every group-led item, and for every unit of
        the `units` view."""
        memo: dict[str, list[Unit]] = self.__dict__.setdefault("_candidates", {})
        candidates = memo.get(group.name)
        if candidates is None:
            candidates = memo[group.name] = self.group_candidates(group)
        return candidates

    # issue 19: the `units` view in time linear in the registry
    def candidate_places(self, group: Group) -> dict[str, int]:
        """Each candidate of ``group`` (``candidates``) by name: its place in that list."""
        memo: dict[str, dict[str, int]] = self.__dict__.setdefault("_candidate_places", {})
        places = memo.get(group.name)
        if places is None:
            places = memo[group.name] = {
                unit.name: place for place, unit in enumerate(self.candidates(group))
            }
        return places

    def reaching(self, names: frozenset[str]) -> frozenset[str]:
        """The units from which one of ``names`` is reached by following ``merged_into`` and
        ``part_of`` (whatever their dates), ``names`` included: the only units whose work can
        be, on some day, that of a unit named. Indexed once, then a walk of those units alone."""
        linked_from: dict[str, list[str]] | None = self.__dict__.get("_linked_from")
        if linked_from is None:
            linked_from = self.__dict__["_linked_from"] = {}
            for unit in self.registry.units:
                merged = unit.merged_into.unit if unit.merged_into is not None else None
                for name in (merged, unit.part_of.value if unit.part_of is not None else None):
                    found = self.lookup(name) if name else None
                    if found is not None and isinstance(found.entry, Unit):
                        linked_from.setdefault(found.entry.name, []).append(unit.name)
        seen, pending = set(names), list(names)
        while pending:
            for other in linked_from.get(pending.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    pending.append(other)
        return frozenset(seen)

    def display_name(self, name: str, day: date) -> str:
        """How a unit written in the plan is shown as of ``day``: a merged unit by its
        successor's name, a renamed unit by the name it bore that day; anything else as written."""
        found = self.lookup(name)
        if found is None or not isinstance(found.entry, Unit):
            return found.entry.name if found is not None else name
        return name_on(self.successor_on(found.entry, day), day)

    def display_short(self, name: str, day: date) -> str:
        """The abbreviation of the unit a name stands for as of ``day`` (see ``display_name``),
        or the name itself when it has none."""
        found = self.lookup(name)
        if found is None or not isinstance(found.entry, Unit):
            return name
        unit = self.successor_on(found.entry, day)
        return unit.short or name_on(unit, day)


class UnitIndex(_Dated):
    """Resolves unit names of a registry and expands them to the units that answer for an item.

    ``expand`` and ``members`` read a group as the plan was issued (``issued``), which is what
    ``validate``'s unit checks need; the views ask the dated methods (``members_on``,
    ``successor_on``…) instead, since who owes a milestone is decided on its due date.
    """

    def __init__(self, registry: Registry, issued: date | None = None) -> None:
        self.registry = registry
        self.entries: tuple[Entry, ...] = (*registry.units, *registry.groups)
        self.by_name: dict[str, Entry] = {e.name: e for e in self.entries}
        self._official: dict[str, Entry] = {}
        self._alias: dict[str, Entry] = {}
        self._folded: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for alias in entry.aliases:
                self._alias.setdefault(alias.value, entry)
            if isinstance(entry, Unit):
                for rename in entry.renamed:
                    self._official.setdefault(rename.name, entry)
            for spelling in self.spellings_of(entry):
                self._add_folded(spelling, entry)
        self._issued = issued
        self._expansion: dict[str, frozenset[str]] = {}

    @staticmethod
    def spellings_of(entry: Entry) -> Iterable[str]:
        """Every spelling a person may type for an entry, as written: its name, aliases, new
        names, abbreviation and "kind word + abbreviation" ("Vụ CCHC"). ``query`` matches
        these folded; the SQLite export lists them (``unit_spellings``)."""
        yield entry.name
        for alias in entry.aliases:
            yield alias.value
        if isinstance(entry, Unit):
            for rename in entry.renamed:
                yield rename.name
            if entry.short:
                yield entry.short
                # People write "Vụ CCHC", "Cục VTLTNN": the kind word, then the abbreviation.
                # (A name or short of no letters is reported by the loader; skip it here.)
                kind_word = (entry.name.split() or [""])[0]
                short_words = fold(entry.short).split()
                if short_words and kind_word and short_words[0] != fold(kind_word):
                    yield f"{kind_word} {entry.short}"

    def _add_folded(self, name: str, entry: Entry) -> None:
        bucket = self._folded.setdefault(fold(name), [])
        if entry not in bucket:
            bucket.append(entry)

    # -- names written in the data ----------------------------------------------------------

    def lookup(self, name: str) -> Lookup | None:
        """The entry a name in the data refers to, and how it was written; None if unknown."""
        if name in self.by_name:
            return Lookup(self.by_name[name], CANONICAL)
        if name in self._official:
            return Lookup(self._official[name], OFFICIAL)
        if name in self._alias:
            return Lookup(self._alias[name], ALIAS)
        casefolded = name.casefold()
        for entry in self.entries:
            if entry.name.casefold() == casefolded:
                return Lookup(entry, ALIAS)
        return None

    def suggest(self, name: str, limit: int = 3) -> tuple[str, ...]:
        """Canonical names close to ``name``, ignoring case and diacritics."""
        candidates = list(self._folded)
        close = difflib.get_close_matches(fold(name), candidates, n=limit * 2, cutoff=0.6)
        names: list[str] = []
        for key in close:
            for entry in self._folded[key]:
                if entry.name not in names:
                    names.append(entry.name)
        return tuple(names[:limit])

    # -- names typed by people --------------------------------------------------------------

    def query(self, text: str) -> Query:
        """Match what a person typed: full name, abbreviation, alias or a unique part of one.

        Case and Vietnamese diacritics are ignored (đ matches d).
        """
        key = fold(text)
        if not key:
            return Query(())
        exact = self._folded.get(key)
        if exact:
            return Query(tuple(exact))
        partial: list[Entry] = []
        for folded, entries in self._folded.items():
            if key in folded:
                partial.extend(e for e in entries if e not in partial)
        if partial:
            return Query(tuple(partial))
        return Query((), self.suggest(text))

    def completions(self, incomplete: str) -> list[tuple[str, str]]:
        """What a partly typed unit name completes to: ``(completion, canonical name)`` pairs.

        Shells keep only completions that start with what was typed, so a name typed without
        accents completes in the same spelling ("van ph" → "van phong bo"), which parplan reads
        as "Văn phòng Bộ"; the canonical name comes along as the completion's description.
        """
        key = fold(incomplete)
        out: dict[str, str] = {}
        for entry in self.entries:
            for name in self.names_of(entry):
                if name.startswith(incomplete):
                    out.setdefault(name, entry.name)
                elif fold(name).startswith(key):
                    out.setdefault(incomplete + fold(name)[len(key) :], entry.name)
        return list(out.items())

    # -- who answers for an item ------------------------------------------------------------

    def expand(self, name: str) -> frozenset[str]:
        """Every entry name that answers for an item naming ``name``.

        A unit answers for itself; a role also for its parent unit; a unit merged into another
        also for that successor; a group for every member (and for its own name). A placeholder
        group names no one but itself.
        """
        cached = self._expansion.get(name)
        if cached is not None:
            return cached
        found = self.lookup(name)
        result: set[str] = {name}
        if found is not None:
            result |= self._expand_entry(found.entry, set())
        frozen = frozenset(result)
        self._expansion[name] = frozen
        return frozen

    def _expand_entry(self, entry: Entry, seen: set[str]) -> set[str]:
        if entry.name in seen:
            return set()
        seen.add(entry.name)
        out = {entry.name}
        if isinstance(entry, Group):
            if entry.placeholder:
                return out
            for member in self.members(entry):
                out |= self._expand_entry(member, seen)
            # A group named among the members answers by its own name too (issue 18).
            for named in entry.members:
                found = self.lookup(named.value)
                entry_found = found.entry if found is not None else None
                if isinstance(entry_found, Group) and not entry_found.placeholder:
                    out |= self._expand_entry(entry_found, seen)
            return out
        if entry.part_of is not None:
            parent = self.lookup(entry.part_of.value)
            if parent is not None:
                out |= self._expand_entry(parent.entry, seen)
        if entry.merged_into is not None and entry.merged_into.unit:
            successor = self.lookup(entry.merged_into.unit)
            if successor is not None:
                out |= self._expand_entry(successor.entry, seen)
        return out

    def members(self, group: Group, seen: frozenset[str] = frozenset()) -> list[Unit]:
        """The units a group names, as the plan was issued (a group named as a member: its
        own members)."""
        out: list[Unit] = []
        for unit in self.registry.units:
            if unit.kind in group.kinds and self._existed_at_issue(unit):
                out.append(unit)
        for member in group.members:
            found = self.lookup(member.value)
            if found is None:
                continue
            entry = found.entry
            if isinstance(entry, Group):
                if not entry.placeholder and entry.name not in seen | {group.name}:
                    nested = self.members(entry, seen | {group.name})
                    out.extend(unit for unit in nested if unit not in out)
            elif entry not in out:
                out.append(entry)
        return out

    def _existed_at_issue(self, unit: Unit) -> bool:
        if self._issued is None:
            return unit.established is None
        return unit.established is None or unit.established <= self._issued

    def short_name(self, name: str) -> str:
        """The abbreviation of the unit a name refers to, or the name itself."""
        found = self.lookup(name)
        if found is not None and isinstance(found.entry, Unit) and found.entry.short:
            return found.entry.short
        return name

    def names_of(self, entry: Entry) -> Iterable[str]:
        """Every name an entry is known by."""
        yield entry.name
        if isinstance(entry, Unit):
            if entry.short:
                yield entry.short
            for rename in entry.renamed:
                yield rename.name
        for alias in entry.aliases:
            yield alias.value


# ---------------------------------------------------------------------------------------------
# issue 18: the abbreviation in a document's number ("Số: …/BC-VP")


def derive_code(name: str) -> str:
    """The abbreviation of ``name`` as a document's number writes it (Nghị định 30/2020/NĐ-CP:
    capitals, no spaces): the words already abbreviated ("Tạp chí TCNN" → "TCNN", "Cục
    TL&BHXH" → "TLBHXH"), else the initial of every word ("Bộ Nội vụ" → "BNV"); tone and vowel
    marks dropped, Đ kept as the letter it is (the decision's own symbols: "QĐ-BNV", "NĐ-CP"),
    anything but letters and digits left out."""
    words = name.split()
    abbreviated = [w for w in words if sum(1 for c in w if c.isupper()) >= 2]
    picked = "".join(abbreviated) if abbreviated else "".join(w[0] for w in words if w[0].isalnum())
    code = []
    for char in picked.upper():
        if char == "Đ":
            code.append(char)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        if "A" <= base <= "Z" or "0" <= base <= "9":
            code.append(base)
    return "".join(code)


def document_code(entry: Entry) -> str:
    """A unit's or group's code in a document's number: its ``code`` in the units file, else
    derived (``derive_code``) from its short name, else from its name."""
    if isinstance(entry, Unit):
        return entry.code or derive_code(entry.short or entry.name)
    return derive_code(entry.name)
