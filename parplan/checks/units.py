"""The checks of unit names: the plan's and the registry's references, and the registry itself."""

from __future__ import annotations

from collections.abc import Iterator

from parplan.checks.base import Context, diagnostic, reports
from parplan.core.model import (
    ERROR,
    INFO,
    WARNING,
    Diagnostic,
    Text,
    Unit,
)
from parplan.core.text import fold
from parplan.core.units import ALIAS, Entry, UnitIndex

# ---------------------------------------------------------------------------------------------
# Units


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_unit_references(ctx: Context) -> Iterator[Diagnostic]:
    """Every lead and support names a unit or group of the registry, by its canonical name."""
    index = ctx.index
    canonical = index.by_name  # (``lookup``'s first answer: nothing to say of such a name)
    for item in ctx.plan.items:
        for ref in item.lead + item.support:
            if ref.value not in canonical:
                yield from unit_reference(index, ref)


@reports({"unknown-unit": ERROR, "unit-alias": WARNING})
def check_registry_references(ctx: Context) -> Iterator[Diagnostic]:
    """Names inside the units file (part_of, merged_into, members) name registry entries."""
    for unit in ctx.registry.units:
        if unit.part_of is not None:
            yield from unit_reference(ctx.index, unit.part_of)
        if unit.merged_into is not None and unit.merged_into_source is not None:
            yield from unit_reference(
                ctx.index, Text(unit.merged_into.unit or "", unit.merged_into_source)
            )
    for group in ctx.registry.groups:
        for member in group.members:
            yield from unit_reference(ctx.index, member)


def unit_reference(index: UnitIndex, ref: Text) -> Iterator[Diagnostic]:
    found = index.lookup(ref.value)
    if found is None:
        yield diagnostic(
            ref.source, "unknown-unit", name=ref.value, suggestions=index.suggest(ref.value)
        )
    elif found.how == ALIAS:
        yield diagnostic(ref.source, "unit-alias", name=ref.value, canonical=found.entry.name)


@reports({"duplicate-unit": ERROR})
def check_duplicate_units(ctx: Context) -> Iterator[Diagnostic]:
    """A name, abbreviation, former name or alias belongs to one registry entry only, compared
    as people type them (ignoring case and diacritics): otherwise ``--unit`` could not tell the
    two apart."""
    for entry, name, owner in _names_held_twice(ctx):
        aliases = {alias.value: alias.source for alias in entry.aliases}
        yield diagnostic(aliases.get(name, entry.source), "duplicate-unit", name=name, owner=owner)


def _names_held_twice(ctx: Context) -> Iterator[tuple[Entry, str, str]]:
    """Each name an entry holds that an earlier entry holds already, compared folded: the
    entry, the name as it writes it, and the earlier entry's name. Entries are told apart by
    their place in the file: two entries of one name are two."""
    owner: dict[str, tuple[int, str]] = {}
    for position, entry in enumerate(ctx.index.entries):
        for name in ctx.index.names_of(entry):
            first = owner.setdefault(fold(name), (position, entry.name))
            if first[0] != position:
                yield entry, name, first[1]


@reports({"group-cycle": WARNING})
def check_group_cycles(ctx: Context) -> Iterator[Diagnostic]:
    """A group whose members lead back to itself (A has B, B has A): its members are then
    every unit of the loop, which is never what was meant. Each member that closes a loop is
    reported where it is written. The groups' graph is walked once (Tarjan's strongly
    connected components, without recursion)."""
    groups = {group.name: group for group in ctx.registry.groups}
    shared = _names_of_several(ctx)
    edges: dict[str, list[tuple[str, Text]]] = {}
    for group in ctx.registry.groups:
        for member in group.members:
            if fold(member.value) in shared:
                continue  # which entry it means is duplicate-unit's error, not a loop
            found = ctx.index.lookup(member.value)
            if found is not None and found.entry.name in groups:
                edges.setdefault(group.name, []).append((found.entry.name, member))
    component = _components(
        list(groups), {name: [t for t, _ in out] for name, out in edges.items()}
    )
    for name, out in edges.items():
        for target, member in out:
            if component[target] == component[name]:
                yield diagnostic(member.source, "group-cycle", group=name, member=target)


def _names_of_several(ctx: Context) -> set[str]:
    """The names (folded) that more than one registry entry holds (``check_duplicate_units``)."""
    return {fold(name) for _, name, _ in _names_held_twice(ctx)}


def _components(nodes: list[str], edges: dict[str, list[str]]) -> dict[str, int]:
    """Each node's strongly connected component (Tarjan), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, at = work.pop()
            if at == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if at < len(targets):
                work.append((node, at + 1))
                target = targets[at]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return component


@reports({"unit-unused": INFO})
def check_unused_units(ctx: Context) -> Iterator[Diagnostic]:
    """A registry unit that no item names, directly or through a group, a role or a merger.

    Units established after the plan was issued are left out: the plan could not name them.
    """
    used: set[str] = set()
    for name in {ref.value for item in ctx.plan.items for ref in item.lead + item.support}:
        used |= ctx.index.expand(name)
    issued = ctx.plan.info.issued
    for unit in ctx.registry.units:
        if unit.established is not None and (issued is None or unit.established > issued):
            continue
        if unit.name not in used and not _succeeds_used(unit, ctx, used):
            yield diagnostic(unit.source, "unit-unused", name=unit.name)


def _succeeds_used(unit: Unit, ctx: Context, used: set[str]) -> bool:
    return any(
        other.merged_into is not None and other.merged_into.unit == unit.name and other.name in used
        for other in ctx.registry.units
    )
