"""The units file → the registry (``Registry``: units, groups, renames, mergers), with located
problems; read through ``node_reader``."""

from __future__ import annotations

import re
from pathlib import Path

from yaml.nodes import Node

from parplan.core.model import ERROR, Diagnostic, Group, Registry, Rename, Succession, Unit
from parplan.io.node_reader import _Reader
from parplan.io.yamldoc import Document, _empty, read_document

UNIT_KINDS = ("administrative", "public_service", "role")

UNIT_KEYS = ("short", "code", "aliases", "part_of", "renamed", "merged_into", "left", "established")
GROUP_KEYS = ("kinds", "members", "placeholder", "aliases")


def load_registry(path: str | Path) -> tuple[Registry, list[Diagnostic]]:
    """Load the units file. The registry is empty when the file cannot be read at all."""
    document = read_document(path)
    return build_registry(document)


def build_registry(document: Document) -> tuple[Registry, list[Diagnostic]]:
    reader = _Reader(document.path, list(document.problems), document.text)
    units: list[Unit] = []
    groups: list[Group] = []
    if document.root is None and not document.problems:
        reader.problems.append(_empty(document.path, "units"))
    if document.root is not None:
        top = reader.mapping(document.root, "units file", ("units",), ("groups",))
        if top is not None:
            for node in reader.sequence(top, "units"):
                unit = _unit(reader, node)
                if unit is not None:
                    units.append(unit)
            for node in reader.sequence(top, "groups"):
                group = _group(reader, node)
                if group is not None:
                    groups.append(group)
    registry = Registry(document.path, tuple(units), tuple(groups))
    return registry, reader.problems


def _unit(reader: _Reader, node: Node) -> Unit | None:
    fields = reader.mapping(node, "unit", ("name", "kind"), UNIT_KEYS)
    if fields is None:
        return None
    name = reader.name(fields, "name", required=True)
    kind = reader.choice(fields, "kind", UNIT_KINDS)
    short = reader.name(fields, "short", required=False)
    code = _unit_code(reader, fields)
    renamed: list[Rename] = []
    for rename_node in reader.sequence(fields, "renamed"):
        rename = reader.mapping(rename_node, "renamed", ("name", "on"), ("by",))
        if rename is None:
            continue
        new_name = reader.name(rename, "name", required=True)
        on = reader.date(rename, "on")
        by = reader.text(rename, "by", required=False)
        if new_name is not None and on is not None:
            renamed.append(Rename(new_name.value, on, by.value if by else None))
    merged_into = merged_source = None
    if "merged_into" in fields:
        merged = reader.mapping(fields["merged_into"][1], "merged_into", ("unit", "on"), ("by",))
        if merged is not None:
            successor = reader.text(merged, "unit", required=True)
            on = reader.date(merged, "on")
            by = reader.text(merged, "by", required=False)
            if successor is not None and on is not None:
                merged_into = Succession(on, unit=successor.value, by=by.value if by else None)
                merged_source = successor.source
    left = None
    if "left" in fields:
        leaving = reader.mapping(fields["left"][1], "left", ("on",), ("to", "by"))
        if leaving is not None:
            on = reader.date(leaving, "on")
            to = reader.text(leaving, "to", required=False)
            by = reader.text(leaving, "by", required=False)
            if on is not None:
                left = Succession(on, to=to.value if to else None, by=by.value if by else None)
    if name is None:
        return None
    return Unit(
        name=name.value,
        short=short.value if short else None,
        code=code,
        kind=kind or "",  # an invalid kind is reported; the unit still resolves by name
        aliases=reader.names(fields, "aliases"),
        source=name.source,
        part_of=reader.text(fields, "part_of", required=False),
        renamed=tuple(renamed),
        merged_into=merged_into,
        merged_into_source=merged_source,
        left=left,
        established=reader.date(fields, "established"),
    )


# issue 18: a unit's code, the abbreviation of a document's number ("Số: …/BC-VP")
CODE_PATTERN = "[A-ZĐ0-9]+"  # Đ is a letter of its own, kept as in "QĐ" (see README)
_CODE_FORM = re.compile(CODE_PATTERN)


def _unit_code(reader: _Reader, fields: dict[str, tuple[Node, Node]]) -> str | None:
    """The unit's ``code``: capitals and digits, no spaces (Nghị định 30/2020/NĐ-CP)."""
    found = reader.text(fields, "code", required=False)
    if found is None:
        return None
    if not _CODE_FORM.fullmatch(found.value):
        reader.report(
            fields["code"][1], "bad-value", field="code", reason="code", value=found.value
        )
        return None
    return found.value


def _group(reader: _Reader, node: Node) -> Group | None:
    fields = reader.mapping(node, "group", ("name",), GROUP_KEYS)
    if fields is None:
        return None
    name = reader.name(fields, "name", required=True)
    kinds = reader.texts(fields, "kinds")
    for kind in kinds:
        if kind.value not in UNIT_KINDS:
            reader.problems.append(
                Diagnostic(
                    kind.source,
                    ERROR,
                    "bad-value",
                    {"field": "kinds", "value": kind.value, "choices": UNIT_KINDS},
                )
            )
    if name is None:
        return None
    return Group(
        name=name.value,
        kinds=tuple(k.value for k in kinds),
        members=reader.texts(fields, "members"),
        placeholder=reader.boolean(fields, "placeholder"),
        aliases=reader.names(fields, "aliases"),
        source=name.source,
    )
