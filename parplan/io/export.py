"""Plans as one SQLite database, for those who outgrow files, and its Datasette metadata.

Why one module past 500 lines: one SQLite schema filled from the model, table by table (the
tables' descriptions, canned queries and Datasette's metadata are in ``io/export_tables.py``).

``export_sqlite`` writes every plan given (each checked, with its units file) into one SQLite
file with sqlite-utils: the tables of ``export_tables.TABLES``, full-text search on the items' texts folded as parplan
folds them, and every status computed as of one day (the export day). The file is built beside
its destination and renamed over it, so a reader (Datasette) sees the old database or the new
one, never half of one. ``metadata_for`` gives Datasette's ``metadata.json``: titles, column
descriptions and canned queries (``export_tables``).

sqlite-utils is imported here only, and this module only by ``parplan export``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from parplan.checks.rules import Loaded, milestone_of
from parplan.core.model import Completion, Group, Item, Text, Unit, id_order
from parplan.core.text import fold
from parplan.core.units import name_on
from parplan.io.export_tables import (  # noqa: F401 (the canned queries, imported from here)
    DUE_30_DAYS_SQL,
    DUE_SQL,
    OVERDUE_BY_UNIT_SQL,
    TABLES,
    TARGET_TABLES,
    VIEWS,
    metadata_for,
)
from parplan.io.files import _writable, new_file_mode, write_target
from parplan.query.claims import AnswerCache, resolve
from parplan.query.status import concerns, role_of, rows_as_of, searched_texts, unit_status
from parplan.query.targets import targets_as_of


@dataclass(frozen=True)
class Export:
    """What was written: the database, its metadata file and how many rows of each table."""

    database: Path
    metadata: Path
    counts: dict[str, int]


def plan_id(loaded: Loaded) -> str:
    """A plan's name in the database: its file name without the extension."""
    return Path(loaded.plan.file).stem


def export_sqlite(plans: Sequence[Loaded], destination: Path, as_of: date) -> Export:
    """Write ``plans`` into the SQLite file ``destination`` (replacing it atomically) and
    Datasette's ``metadata.json`` beside it.

    Example: ``export_sqlite([load_checked(plan, units, day)], Path("plans.db"), day)``.
    """
    destination = Path(destination)
    metadata = destination.with_name("metadata.json")
    # As the ledger writes a plan: a symbolic link named as the destination is written through
    # (the CLI refuses one leading out of the repository), and a read-only file (of either) is
    # refused before anything is written. metadata.json, which the caller did not name, is
    # never written through a link: a link there is replaced, its target untouched (issue 19).
    target = write_target(destination)
    for path in (target, metadata):
        _refuse_read_only(path)
    folder = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        db = sqlite_utils.Database(temporary, recreate=True)
        # issue 23: the file is new and private until renamed over the destination, so it needs
        # no rollback journal nor a sync per statement; it is filled in one transaction and
        # synced once, before the rename (at 100,000 items: 63 s of mostly waiting on the disk
        # before).
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        with db.atomic():
            counts = _fill(db, plans, as_of)
        db.close()
        _synced(Path(temporary))
        _keep_mode(Path(temporary), target)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    text = json.dumps(metadata_for(destination), ensure_ascii=False, indent=2)
    _write_text(metadata, text)
    return Export(destination, metadata, counts)


def _synced(path: Path) -> None:
    """The file's bytes on the disk before it replaces the destination (issue 23)."""
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _refuse_read_only(path: Path) -> None:
    """An existing file that is read-only (chmod 444, Windows' attribute) is not replaced."""
    if os.path.islink(path):  # replaced as a link, its target neither read nor written
        return
    with contextlib.suppress(FileNotFoundError):
        if not _writable(path, os.stat(path)):
            raise PermissionError(errno.EACCES, "read-only", str(path))


def _keep_mode(temporary: Path, target: Path) -> None:
    """The replacement keeps the mode of the file it replaces, if any; a new file gets the
    umask's (issue 19: the database's temporary file is 0600). A link replaced keeps the new
    file's own mode: its target is not looked at."""
    try:
        mode = new_file_mode() if os.path.islink(target) else stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = new_file_mode()
    with contextlib.suppress(OSError):
        os.chmod(temporary, mode)


def _write_text(path: Path, text: str) -> None:
    """Write a text file atomically, with the permissions of any new file (the umask's)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text + "\n")
        _keep_mode(temporary, path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _fill(db: Any, plans: Sequence[Loaded], as_of: date) -> dict[str, int]:
    # The rows of each table: a dict per row for the small tables, a tuple in the order of
    # ``TABLES``' columns for the large ones (issue 23: half a million dicts made and read back
    # were a fifth of the export's time at 100,000 items).
    rows: dict[str, list[Any]] = {name: [] for name in TABLES}
    memo = _Memo(as_of)
    seen_units: set[str] = set()
    seen_spellings: set[tuple[str, str]] = set()
    searched: list[tuple[int, str, str]] = []  # each item's key and texts for ``items_fts``
    counts = dict.fromkeys(("item_units", "unit_milestones"), 0)
    key = 0  # items.key: numbered across the plans, in their order
    for loaded in plans:
        pid = plan_id(loaded)
        info = loaded.plan.info
        rows["plans"].append(
            {
                "id": pid,
                "file": loaded.plan.file,
                "title": info.title,
                "decision": info.decision,
                "issued": _iso(info.issued),
                "year": info.year,
                "as_of": as_of.isoformat(),
                "items": len(loaded.plan.items),
            }
        )
        rows["units"].extend(_units(loaded, seen_units, as_of))
        rows["unit_spellings"].extend(_unit_spellings(loaded, seen_spellings, as_of))
        ranks = {
            item_id: rank
            for rank, item_id in enumerate(
                sorted((item.id.value for item in loaded.plan.items), key=id_order)
            )
        }
        keys: dict[str, int] = {}
        sets = memo.sets_of(loaded)
        for item in loaded.plan.items:
            key += 1
            keys[item.id.value] = key
            unit_set = sets.get((_names(item.lead), _names(item.support)))
            if unit_set is None:
                unit_set = _new_unit_set(item, loaded, memo, rows["unit_sets"], sets)
            counts["item_units"] += memo.set_sizes[unit_set]
            rows["items"].append(_item(key, pid, item, ranks[item.id.value], unit_set))
            searched.append((key, *memo.searched(item)))
            if (pid, item.section_id) not in memo.titled:
                memo.titled.add((pid, item.section_id))
                rows["sections"].append((pid, item.section_id, item.section_title))
            if (pid, "task", item.task_id) not in memo.titled:
                memo.titled.add((pid, "task", item.task_id))
                rows["tasks"].append((pid, item.task_id, item.section_id, item.task_title))
            rows["progress"].extend(_progress(pid, item))
        milestone_rows = rows_as_of(loaded.plan.items, as_of, index=loaded.index)
        registry = loaded.registry
        entries: tuple[Unit | Group, ...] = (*registry.units, *registry.groups)
        shared: dict[int, Any] = {}  # each group-led row's members by name, for every unit
        # issue 23: each unit is asked only about the rows of the items that can concern it
        # (``items_concerning``, a superset of those it answers for), found from the plan's
        # distinct names, not about every row.
        rows_naming: dict[str, list[int]] = {}
        for place, row in enumerate(milestone_rows):
            for ref in {ref.value for ref in (*row.item.lead, *row.item.support)}:
                rows_naming.setdefault(ref, []).append(place)
        unit_rows = rows["unit_milestone_rows"]
        for entry in entries:
            # Each unit's own answer, as ``due --unit`` gives it: its part of group-led items
            # (``rows_for_unit``'s answers, without a copy of each row: issue 23, third round).
            concerned = concerns(loaded.index, entry)
            places = {p for name, some in rows_naming.items() if concerned(name) for p in some}
            unit = memo.unit_key(memo.name_now(entry))
            cache = AnswerCache(resolve(loaded.index, entry))
            for place in sorted(places):
                row = milestone_rows[place]
                answer = unit_status(row, entry, loaded.index, as_of, cache, shared)
                if answer is None:
                    continue
                done = answer.completion
                unit_rows.append(
                    (
                        unit,
                        keys[row.item.id.value],
                        row.number,
                        answer.role,
                        answer.status,
                        done.on.isoformat() if done else None,
                    )
                )
        for row in milestone_rows:
            rows["milestones"].append(
                (
                    pid,
                    row.item.id.value,
                    row.number,
                    row.milestone.label,
                    row.milestone.kind,
                    _iso(row.due),
                    row.status,
                    _iso(row.completion.on) if row.completion else None,
                    _evidence(row.completion),
                )
            )
    counts["unit_milestones"] = len(rows["unit_milestone_rows"])
    rows["unit_names"] = [(number, name) for name, number in memo.unit_keys.items()]
    rows["fold_chars"] = list(_fold_chars())
    keys_of = {
        "plans": "id",
        "items": "key",
        "sections": ("plan", "id"),
        "tasks": ("plan", "id"),
        "milestones": ("plan", "item_id", "number"),
        "units": "name",
        "unit_names": "key",
        "unit_sets": ("unit_set", "unit"),
        # issue 23: the unit first, as they are asked (a unit's rows), with no other index
        "unit_milestone_rows": ("unit", "item", "number"),
        "progress": None,
        "unit_spellings": ("spelling", "unit"),
        "fold_chars": "char",
    }
    foreign = {
        "items": [("plan", "plans", "id")],
        "sections": [("plan", "plans", "id")],
        "tasks": [("plan", "plans", "id")],
        "milestones": [("plan", "plans", "id")],
        "unit_sets": [("unit", "unit_names", "key")],
        "unit_milestone_rows": [("unit", "unit_names", "key"), ("item", "items", "key")],
        "unit_spellings": [("unit", "units", "name")],
        "progress": [("plan", "plans", "id")],
    }
    for name, (_title, columns) in TABLES.items():
        # issue 23: the foreign keys are declared as the table is made (adding one afterwards
        # copies the filled table), and a table keyed by several columns is its key's b-tree
        # (WITHOUT ROWID) instead of a table plus an index holding the same columns (at 10,000
        # items, 27 MB to 21 MB with the unit-first keys below). ``items`` is keyed by its own
        # integer (its rowid, which the full-text index points at, kept by a VACUUM).
        sql = db.create_table_sql(
            name,
            _column_types(name, columns),
            pk=keys_of[name] or "rowid_",
            foreign_keys=foreign.get(name, ()),
        ).rstrip()
        if isinstance(keys_of[name], tuple):
            sql = sql.rstrip(";") + " WITHOUT ROWID;"
        db.execute(sql)
        if rows[name]:
            _insert(db, name, rows[name])
    for view, (_title, _columns, select) in VIEWS.items():
        db.execute(f"CREATE VIEW [{view}] AS {select}")
    _full_text(db, searched)
    db.execute("CREATE UNIQUE INDEX [idx_items_plan_id] ON [items] ([plan], [id])")
    db.execute("CREATE INDEX [idx_items_unit_set] ON [items] ([unit_set])")
    db.execute("CREATE UNIQUE INDEX [idx_unit_names_name] ON [unit_names] ([name])")
    db["milestones"].create_index(["status", "due"], if_not_exists=True)
    db["unit_spellings"].create_index(["folded"], if_not_exists=True)
    db["units"].create_index(["name_now"], if_not_exists=True)
    counted = {name: len(rows[name]) for name in TABLES} | counts
    return counted | _fill_targets(db, plans, as_of)


def _full_text(db: Any, searched: list[tuple[int, str, str]]) -> None:
    """``items_fts``: a full-text index that keeps no copy of the texts (``content=''``; issue
    23, third round), over each item's texts folded as parplan folds them (``search``: "chuyen
    doi so" and, the tokenizer dropping the marks of what is typed, "chuyển đổi số") and the
    words of its texts written with đ (``search_dd``: the tokenizer keeps đ, which parplan
    folds to d, so "đổi" typed is found there). Its rowid is ``items.key``."""
    db.execute(
        "CREATE VIRTUAL TABLE [items_fts] USING FTS5 ([search], [search_dd], "
        "tokenize='unicode61 remove_diacritics 2', content='')"
    )
    db.conn.executemany(
        "INSERT INTO [items_fts] (rowid, [search], [search_dd]) VALUES (?, ?, ?)", searched
    )


def _names(refs: Sequence[Text]) -> tuple[str, ...]:
    return tuple(ref.value for ref in refs)


def _new_unit_set(
    item: Item,
    loaded: Loaded,
    memo: _Memo,
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
    sets[(_names(item.lead), _names(item.support))] = number
    return number


def _insert(db: Any, name: str, rows: list[Any]) -> None:
    """The rows (dicts each with the first one's keys, or tuples in the order of the table's
    columns in ``TABLES``; values text, integers or NULL) in one statement run for them all
    (issue 23: sqlite-utils' ``insert_all`` builds and checks each batch in Python, a third of
    the export's time at 100,000 items)."""
    if isinstance(rows[0], dict):
        columns = list(rows[0])
        rows = [tuple(row[column] for column in columns) for row in rows]
    else:
        columns = list(TABLES[name][1])
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(f"INSERT INTO [{name}] ({names}) VALUES ({marks})", rows)


class _Memo:
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
        and the words written with đ, each once, in order."""
        folded: list[str] = []
        with_dd: dict[str, None] = {}
        for text in searched_texts(item):
            found = self.texts.get(text)
            if found is None:
                found = self.texts[text] = (fold(text), _dd_words(text))
            if found[0]:
                folded.append(found[0])
            with_dd.update(dict.fromkeys(found[1]))
        return " ".join(folded), " ".join(with_dd)


def _dd_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` written with đ or Đ, as written (blank-separated: the tokenizer
    splits what punctuation they hold, its other words also found folded)."""
    if "đ" not in text and "Đ" not in text:
        return ()
    return tuple(word for word in text.split() if "đ" in word or "Đ" in word)


_INTEGER_COLUMNS = {
    "year",
    "items",
    "rank",
    "within_days",
    "line",
    "number",
    "milestone",
    "key",
    "unit_set",
}
_KEYED = {"unit_sets", "unit_milestone_rows"}  # their ``unit`` and ``item`` are keys


def _column_types(table: str, columns: dict[str, str]) -> dict[str, type]:
    types: dict[str, type] = {}
    if table == "progress":
        types["rowid_"] = int
    for column in columns:
        keyed = table in _KEYED and column in ("unit", "item")
        types[column] = int if column in _INTEGER_COLUMNS or keyed else str
    return types


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _evidence(record: Completion | None) -> str | None:
    return record.evidence.value if record is not None and record.evidence else None


def _item(key: int, pid: str, item: Item, rank: int, unit_set: int) -> tuple[Any, ...]:
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
        _iso(item.met.on) if item.met else None,
        _evidence(item.met),
        _iso(item.carried_on),
        unit_set,
        item.source.line,
    )


def _answering(
    item: Item, loaded: Loaded, role_of: Callable[..., str | None], memo: _Memo
) -> Iterable[tuple[str, str, str]]:
    index = loaded.index
    through: dict[str, list[str]] = {}
    for ref in (*item.lead, *item.support):
        for name in index.expand(ref.value):
            if name in index.by_name and ref.value not in through.setdefault(name, []):
                through[name].append(ref.value)
    for name, refs in through.items():
        role = role_of(item, index.by_name[name], index)
        if role is not None:
            yield memo.name_now(index.by_name[name]), role, "; ".join(refs)


def _progress(pid: str, item: Item) -> Iterable[dict[str, Any]]:

    for completion in item.completions:
        yield {
            "plan": pid,
            "item_id": item.id.value,
            "kind": "done",
            "milestone": milestone_of(item, completion),
            "unit": completion.unit.value if completion.unit else None,
            "on": completion.on.isoformat(),
            "evidence": _evidence(completion),
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
            "evidence": _evidence(item.met),
            "recorded_by": item.met.recorded_by,
            "line": item.met.source.line,
        }


def name_now(entry: Unit | Group, day: date) -> str:
    """The name an entry bears on ``day``: a renamed unit's new name (issue 18)."""

    return name_on(entry, day) if isinstance(entry, Unit) else entry.name


def _renamed_on(unit: Unit, day: date) -> str | None:
    """The day of the unit's latest rename on or before ``day``, if any."""
    return _iso(max((r.on for r in unit.renamed if r.on <= day), default=None))


def _unit_spellings(
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


def _fold_chars() -> Iterable[dict[str, Any]]:
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


def _units(loaded: Loaded, seen: set[str], as_of: date) -> Iterable[dict[str, Any]]:
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
            "merged_on": _iso(unit.merged_into.on) if unit and unit.merged_into else None,
            "left_on": _iso(unit.left.on) if unit and unit.left else None,
            "established": _iso(unit.established) if unit else None,
            "registry": registry.file,
            "name_now": name_now(entry, as_of),
            "renamed_on": _renamed_on(unit, as_of) if unit else None,
        }


# ---------------------------------------------------------------------------------------------
# issue 21: the decision's targets and their figures

_TARGET_TYPES: dict[str, type] = {
    "rank": int,
    "target": float,
    "value": float,
    "gap": float,
    "change": float,
    "of": int,
    "total": int,
    "line": int,
}


def _fill_targets(db: Any, plans: Sequence[Loaded], as_of: date) -> dict[str, int]:
    """The ``targets`` table (each target's state as of the export day, as ``parplan
    targets`` gives it) and the ``measurements`` table (every figure recorded)."""
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
                    "on": _iso(current.on) if current else None,
                    "status": state.status,
                    "gap": state.gap,
                    "trend": state.trend,
                    "change": state.change,
                }
            )
        for entry in loaded.plan.measurements:
            rows["measurements"].append(
                {
                    "plan": pid,
                    "target": entry.target.value,
                    "on": entry.on.isoformat(),
                    "value": entry.value,
                    "of": entry.numerator,
                    "total": entry.denominator,
                    "unit": entry.unit.value if entry.unit else None,
                    "evidence": entry.evidence.value if entry.evidence else None,
                    "recorded_by": entry.recorded_by,
                    "line": entry.source.line,
                }
            )
    keys = {"targets": ("plan", "id"), "measurements": "rowid_"}
    for name, (_title, columns) in TARGET_TABLES.items():
        types = {column: _TARGET_TYPES.get(column, str) for column in columns}
        if name == "measurements":
            types = {"rowid_": int, **types}
        table = db[name]
        table.create(types, pk=keys[name], not_null=())
        if rows[name]:
            table.insert_all(rows[name])
        table.add_foreign_key("plan", "plans", "id", ignore=True)
    db["measurements"].create_index(["plan", "target", "on"], if_not_exists=True)
    return {name: len(rows[name]) for name in TARGET_TABLES}
