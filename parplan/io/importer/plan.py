"""The whole import: the plan's text and the new or updated units file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import yaml
from yaml.nodes import ScalarNode

from parplan.core.deadlines import parse_deadline
from parplan.core.model import Diagnostic, Registry, Source
from parplan.core.text import fold, hidden_characters
from parplan.core.units import UnitIndex
from parplan.io.fmt import CannotFormat, format_text
from parplan.io.fmt_scalars import scalar_text
from parplan.io.importer.base import ERROR, INFO, WARNING, ImportResult, Table, TableError
from parplan.io.importer.build import _Builder, _Item, _Section, _Task
from parplan.io.importer.header import _TITLE_SPAN, _TITLE_YEAR, Header
from parplan.io.importer.units import _OUTSIDE_BODIES, is_group_wording, split_units
from parplan.io.loader import parse_document
from parplan.io.target_sentences import with_proposed_targets

# ---------------------------------------------------------------------------------------------
# The whole import


@dataclass(frozen=True)
class Options:
    year: int | None = None
    period: tuple[int, int] | None = None
    registry: Registry | None = None
    units_text: str | None = None  # the registry's text, to add aliases to
    units_file: str = "units.yaml"
    accept_aliases: bool = False
    today: date | None = None  # for a plan whose decision names no date and no year
    # What the user says of the header, over what the document says (issue 20).
    title: str | None = None
    decision: str | None = None
    issued: date | None = None


def import_table(path: str, table: Table, options: Options) -> ImportResult:
    """Build the plan (and the units file to write, if any) from a table read from ``path``."""
    table = replace(
        table,
        title=options.title if options.title is not None else table.title,
        decision=options.decision if options.decision is not None else table.decision,
        issued=options.issued if options.issued is not None else table.issued,
    )
    builder = _Builder(path, table)
    sections = builder.build()
    items = [i for s in sections for t in s.tasks for i in ([t.leaf] if t.leaf else t.items)]
    if not items:
        raise TableError(
            Diagnostic(
                Source(path, 1, 1),
                ERROR,
                "import-no-table",
                {
                    "reason": ": không có dòng đánh số nào dưới dòng tiêu đề"
                    " / no numbered row under the headings"
                },
            )
        )
    first, last = _years(table, items, options)
    if options.year is None and options.period is None and _title_years(table.title) is None:
        # The document names no year: the deadlines' years were taken, and the user is told.
        years = str(first) if first == last else f"{first}-{last}"
        builder.note(1, INFO, "import-years-guessed", years=years)
    unknown, units_text = _resolve_units(builder, items, options)
    deadline_problems = unread = 0
    for item in items:
        if not item.lead:  # no lead column, or an empty cell with nothing above to inherit
            builder.note(item.line, WARNING, "import-no-lead", id=item.id)
        parsed = parse_deadline(item.deadline, first, last if last != first else None)
        problems = [p for p in parsed.problems if p.code != "deadline-alternative"]
        if problems and not parsed.milestones:
            # Nothing read: the wording kept as written, the item with no milestone (issue 20).
            unread += 1
            builder.note(
                item.deadline_line,
                WARNING,
                "deadline-unread",
                deadline=item.deadline,
                problem=problems[0].code,
                fragment=problems[0].fragment,
            )
            continue
        for problem in problems:  # "deadline-alternative": a warning validate gives too
            deadline_problems += 1
            builder.note(
                item.deadline_line,
                WARNING,
                "import-deadline",
                id=item.id,
                deadline=item.deadline,
                problem=problem.code,
            )
    plan_text = _plan_text(table, sections, first, last)
    plan_text = _with_targets(path, plan_text, builder.report)  # issue 21
    return ImportResult(
        plan_text,
        units_text,
        tuple(builder.report),
        rows=sum(1 for r in table.rows if any(c.text for c in r)),
        items=len(items),
        inherited=builder.inherited,
        unknown_units=unknown,
        deadline_problems=deadline_problems,
        unread_deadlines=unread,
        header=Header(
            table.title or _default_title(first, last),
            table.decision or "?",
            table.issued,
            table.issuer,
        ),
        years=str(first) if first == last else f"{first}-{last}",
    )


def _with_targets(path: str, plan_text: str, report: list[Diagnostic]) -> str:
    """The plan with the targets the decision's text states, proposed for review (issue 21:
    ``parplan.io.target_sentences``)."""
    text, notes = with_proposed_targets(path, plan_text)
    report.extend(notes)
    return text


def _default_title(first: int, last: int) -> str:
    return f"Kế hoạch năm {first}" if first == last else f"Kế hoạch giai đoạn {first} - {last}"


def _years(table: Table, items: list[_Item], options: Options) -> tuple[int, int]:
    """The plan's year or period: given, else from the title, else from the deadlines."""
    if options.period is not None:
        return options.period
    if options.year is not None:
        return options.year, options.year
    named = _title_years(table.title)
    if named is not None:
        return named
    if table.issued is not None:  # a plan is issued late in the year before, or early in its own
        guess = table.issued.year + (1 if table.issued.month >= 10 else 0)
    else:
        guess = options.today.year if options.today is not None else 2000
    years = [
        m.due.year
        for item in items
        for m in parse_deadline(item.deadline, guess).milestones
        if m.due is not None
    ]
    if years:
        low, high = min(years), max(years)
        low = max(low, high - 10)
        return (low, high) if table.issued is None or low > table.issued.year else (high, high)
    return guess, guess


def _title_years(title: str) -> tuple[int, int] | None:
    """The years a title names: "giai đoạn 2026 - 2030", "2026-2030", "2026 – 2030" (any dash
    or spacing) give the period; "năm 2026" the year."""
    span = _TITLE_SPAN.search(title)
    if span and 1900 < int(span[1]) <= int(span[2]) < 3000:
        return int(span[1]), int(span[2])
    single = _TITLE_YEAR.search(title)
    if single and 1900 < int(single[1]) < 3000:
        return int(single[1]), int(single[1])
    return None


def _resolve_units(
    builder: _Builder, items: list[_Item], options: Options
) -> tuple[int, str | None]:
    """Lead and support names to registry names; unknown ones reported (and added as aliases
    with ``accept_aliases``). Without a registry: a new units file naming everything found."""
    registry = options.registry
    if registry is None:
        for item in items:
            item.lead_list = split_units(item.lead)
            item.support_list = split_units(item.support)
        spelling = _one_spelling(
            name for item in items for name in (*item.lead_list, *item.support_list)
        )
        for item in items:
            item.lead_list = list(dict.fromkeys(spelling[n] for n in item.lead_list))
            item.support_list = list(dict.fromkeys(spelling[n] for n in item.support_list))
        names = list(dict.fromkeys(spelling.values()))
        return 0, new_units_text(names, _aliases_of(spelling))
    index = UnitIndex(registry)
    known = [n for e in index.entries for n in index.names_of(e)]
    unknown: dict[str, tuple[str, ...]] = {}
    where: dict[str, int] = {}
    for item in items:
        resolved: list[list[str]] = []
        for cell in (item.lead, item.support):
            out = []
            for name in split_units(cell, known):
                found = index.lookup(name)
                if found is None:
                    query = index.query(name)
                    exact = query.entry if fold(name) in {fold(n) for n in known} else None
                    if exact is not None:
                        out.append(exact.name)
                        continue
                    unknown.setdefault(name, index.suggest(name))
                    where.setdefault(name, item.line)
                    out.append(name)
                else:
                    out.append(found.entry.name)
            resolved.append(out)
        item.lead_list, item.support_list = resolved
    units_text = None
    aliases: dict[str, str] = {}
    for name, suggestions in unknown.items():
        if options.accept_aliases and suggestions and hidden_characters(name):
            # A bidi control or zero-width character makes a name that looks like another
            # (issue 19): never stored as an alias; the source's text is to be corrected.
            builder.note(
                where[name],
                WARNING,
                "import-alias-hidden",
                name=name,
                canonical=suggestions[0],
                file=options.units_file,
            )
        elif options.accept_aliases and suggestions:
            aliases[name] = suggestions[0]
            builder.note(
                where[name],
                INFO,
                "import-alias-added",
                name=name,
                canonical=suggestions[0],
                file=options.units_file,
            )
        else:
            builder.note(
                where[name], WARNING, "import-unknown-unit", name=name, suggestions=suggestions
            )
    if aliases and options.units_text is not None:
        try:
            units_text = add_aliases(options.units_text, aliases)
        except CannotFormat:  # a layout the text edit does not handle: nothing is added
            for name in aliases:
                builder.note(where[name], WARNING, "import-unknown-unit", name=name)
            return len(unknown), None
        for item in items:
            item.lead_list = [aliases.get(n, n) for n in item.lead_list]
            item.support_list = [aliases.get(n, n) for n in item.support_list]
    return len(unknown) - len(aliases), units_text


def _one_spelling(names: Iterable[str]) -> dict[str, str]:
    """Each name as the file will write it. Names that differ only in case or diacritics
    ("Vụ cải cách hành chính", "Cục Văn thư và Lưu trư nhà nước" — typing slips of the decision),
    or in the abbreviation of the body ("UBND tỉnh" / "Ủy ban nhân dân tỉnh", "HĐND" / "Hội
    đồng nhân dân") are one unit: the spelling written most often is kept (the first of
    equals), so the new units file has no ``duplicate-unit`` and the plan names each unit one
    way; the other spellings become its aliases (``_aliases_of``)."""
    seen: dict[str, list[str]] = {}
    for name in names:
        seen.setdefault(_spelling_key(name), []).append(name)
    out: dict[str, str] = {}
    for spellings in seen.values():
        counts = {spelling: spellings.count(spelling) for spelling in spellings}
        kept = max(counts, key=lambda spelling: counts[spelling])  # the first among equals
        out.update((spelling, kept) for spelling in counts)
    return out


_ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "uy ban nhan dan"),
    (re.compile(r"\bhdnd\b"), "hoi dong nhan dan"),
    (re.compile(r"\btp\.?\s"), "thanh pho "),
)


def _spelling_key(name: str) -> str:
    key = " ".join(fold(name).split())
    for pattern, words in _ABBREVIATIONS:
        key = pattern.sub(words, key)
    return key


def _aliases_of(spelling: dict[str, str]) -> dict[str, list[str]]:
    """The kept name → its other spellings that accent-insensitive lookup would not find by
    itself ("UBND tỉnh" for "Ủy ban nhân dân tỉnh")."""
    aliases: dict[str, list[str]] = {}
    for written, kept in spelling.items():
        if fold(written) != fold(kept):
            aliases.setdefault(kept, []).append(written)
    return aliases


def new_units_text(names: Sequence[str], aliases: dict[str, list[str]] | None = None) -> str:
    """A units file listing every name found: collective names ("Các sở, ban, ngành", "UBND
    các xã, phường") as groups, the rest as units; each with its other spellings as aliases."""
    known = aliases or {}
    units = [n for n in names if not is_group_wording(n)]
    groups = [n for n in names if is_group_wording(n)]

    def alias_lines(name: str) -> list[str]:
        others = known.get(name, [])
        return ["    aliases:", *(f"      - {scalar_text(o)}" for o in others)] if others else []

    lines = ["units:"]
    for name in units:
        lines += [f"  - name: {scalar_text(name)}", "    kind: administrative", *alias_lines(name)]
    if not units:
        lines[-1] = "units: []"
    lines.append("groups:" if groups else "groups: []")
    for name in groups:
        lines.append(f"  - name: {scalar_text(name)}")
        if "liên quan" in name.casefold() or _OUTSIDE_BODIES.search(name):
            # names no one of the registry: "… liên quan"; the bodies of every commune or
            # district ("UBND các xã, phường"), which a province's registry does not list
            lines.append("    placeholder: true")
        else:
            lines += ["    kinds:", "      - administrative", "      - public_service"]
        lines += alias_lines(name)
    return format_text("\n".join(lines) + "\n")


def add_aliases(units_text: str, aliases: dict[str, str]) -> str:
    """The units text with each ``alias → canonical name`` added to that entry's aliases, its
    comments kept, then put in fmt's canonical layout (raises ``CannotFormat`` when the result
    does not read back, e.g. an entry whose aliases are a flow list)."""
    lines = units_text.splitlines()
    for alias, canonical in aliases.items():
        entry = next(
            (
                (k, len(m[1]) + 2)
                for k, line in enumerate(lines)
                if (m := re.match(r"^(\s*)- name:\s*(.*)$", line))
                and _scalar_value(m[2]) == canonical
            ),
            None,
        )
        if entry is None:
            continue
        start, width = entry
        indent = " " * width  # the entry's keys
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith(indent)):
            end += 1
        key = next((k for k in range(start + 1, end) if lines[k] == f"{indent}aliases:"), None)
        new = f"{indent}  - {scalar_text(alias)}"
        if key is None:
            lines[start + 1 : start + 1] = [f"{indent}aliases:", new]
        else:
            lines.insert(key + 1, new)
    return format_text("\n".join(lines) + "\n")


def _scalar_value(text: str) -> str:
    """The text of a YAML scalar as written on a line ("Vụ A", "'Vụ A'"), read by the one
    loader (a tag or an alias is not constructed: the text is then taken as it stands)."""
    document = parse_document("", text.encode("utf-8", "surrogatepass"))
    if document.problems or not isinstance(document.root, ScalarNode):
        return text.strip()
    return str(document.root.value)


def _plan_text(table: Table, sections: list[_Section], first: int, last: int) -> str:
    """The plan in fmt's canonical layout."""
    header: dict[str, object] = {
        "title": table.title or _default_title(first, last),
        "decision": table.decision or "?",
    }
    if table.issued is not None:
        header["issued"] = table.issued
    if first == last:
        header["year"] = first
    else:
        header["period"] = f"{first}-{last}"
    data = {
        "plan": header,
        "sections": [
            # a table with no section rows, or a section row with no text: "Mục I"
            {
                "id": s.id,
                "title": s.title or f"Mục {s.id}",
                "tasks": [_task_data(t) for t in s.tasks],
            }
            for s in sections
            if s.tasks
        ],
    }
    # LibYAML's emitter where PyYAML has it (its wheels do): the pure-Python one took a third of
    # an import's time on a long table. fmt lays the text out either way.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return format_text(text)


def _task_data(task: _Task) -> dict[str, object]:
    if task.leaf is not None:
        return _item_data(task.leaf)
    return {"id": task.id, "title": task.title, "activities": [_item_data(i) for i in task.items]}


def _item_data(item: _Item) -> dict[str, object]:
    data: dict[str, object] = {"id": item.id}
    if item.title is not None:
        data["title"] = item.title
    data["product"] = item.product
    data["lead"] = item.lead_list
    data["support"] = item.support_list
    data["deadline"] = item.deadline
    if item.note:
        data["note"] = item.note
    if item.extra:
        extra: dict[str, str] = {}
        for heading, text in item.extra.items():
            key = base = _extra_key(heading)
            copy = 1
            while key in extra:  # two long headings cut to one key: both kept
                copy += 1
                key = f"{base} ({copy})"
            extra[key] = text
        data["extra"] = extra
    return data


# An extra column's heading becomes a key of ``extra:``. YAML keeps a key on one line only up to
# 1,024 characters as written (PyYAML writes a longer one as a complex key, ``? …``, which fmt
# does not take), so a heading longer than this is cut, marked with "…"; its text under it is
# kept whole. The limit is on the key as written too: a character written as an escape
# (``\ufeff``) counts for its six or ten characters.
EXTRA_KEY_LIMIT = 200
WRITTEN_KEY_LIMIT = 900  # room left for a copy's number, " (12)"


def _extra_key(heading: str) -> str:
    key = " ".join(heading.split())
    if len(key) > EXTRA_KEY_LIMIT:
        key = key[: EXTRA_KEY_LIMIT - 1] + "…"
    while len(scalar_text(key)) > WRITTEN_KEY_LIMIT:
        key = key[: len(key) // 2] + "…"
    return key
