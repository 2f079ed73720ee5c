"""Plans as one SQLite database, for those who outgrow files, and its Datasette metadata.

``export_sqlite`` writes every plan given (each checked, with its units file) into one SQLite
file with sqlite-utils: the tables of ``export_tables.TABLES`` and the views of
``export_tables.VIEWS`` that show them by name, full-text search on the items' texts folded as
parplan folds them, and every status computed as of one day (the export day). The rows are made
in ``io/export_rows.py``. The file is built beside its destination and renamed over it, so a
reader (Datasette) sees the old database or the new one, never half of one. ``metadata_for``
gives Datasette's ``metadata.json``: titles, column descriptions and canned queries
(``export_tables``).

sqlite-utils is imported here only, and this module only by ``parplan export``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import sqlite_utils

from parplan.checks.rules import Loaded
from parplan.core.model import Group, Unit
from parplan.io.export_rows import (
    Memo,
    evidence,
    fold_char_rows,
    iso,
    item_row,
    names,
    new_unit_set,
    plan_id,
    progress_rows,
    ranks,
    targets_rows,
    unit_answers,
    unit_rows,
    unit_spelling_rows,
)
from parplan.io.export_tables import (  # noqa: F401 (the canned queries, imported from here)
    DUE_30_DAYS_SQL,
    DUE_SQL,
    OVERDUE_BY_UNIT_SQL,
    TABLES,
    TARGET_TABLES,
    VIEWS,
    metadata_for,
)
from parplan.io.export_writer import Steps, Writer, start, steps_into, write_failure
from parplan.io.files import _writable, new_file_mode, write_target
from parplan.query.status import (
    MembersByName,
    concerns,
    reference_day,
    rows_as_of,
)


@dataclass(frozen=True)
class Export:
    """What was written: the database, its metadata file and how many rows of each table."""

    database: Path
    metadata: Path
    counts: dict[str, int]


def export_sqlite(
    plans: Sequence[Loaded],
    destination: Path,
    as_of: date,
    forked: bool = False,
    writer: Writer | None = None,
) -> Export:
    """Write ``plans`` into the SQLite file ``destination`` (replacing it atomically) and
    Datasette's ``metadata.json`` beside it. SQLite runs in a child process while this one makes
    the rows (``export_writer``) with ``writer`` (one the caller started before loading the
    plans: ``export_writer.start``), or with ``forked`` (one started now); else here. The
    caller says whether a child may be made (``cli.aside.may_fork``). The writer is ended here,
    whatever happens; one given an export before, or ended, is not used again (the steps run
    here, or in a child started now with ``forked``).

    Example: ``export_sqlite([load_checked(plan, units, day)], Path("plans.db"), day)``.
    """
    if writer is not None and writer.spent:
        writer = None  # (a writer serves one export: another's, or an ended one, is left alone)
    if writer is None and forked:
        writer = start()
    try:
        return _export_to(plans, Path(destination), as_of, writer)
    finally:
        if writer is not None:
            writer.abandon()  # (nothing to do once it finished; else it ends, writing nothing)


def _export_to(
    plans: Sequence[Loaded], destination: Path, as_of: date, writer: Writer | None
) -> Export:
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
        try:
            with steps_into(_opened, temporary, writer) as steps:
                counts = _fill(steps, plans, as_of)
        except sqlite3.Error as error:
            failure = write_failure(error, destination)
            if failure is None:
                raise
            raise failure from error
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


def _opened(path: str) -> Any:
    """The database, new, at ``path``. issue 23: the file is new and private until renamed over
    the destination, so it needs no rollback journal nor a sync per statement; it is filled in
    one transaction (``export_writer.steps_into``) and synced once, before the rename (at
    100,000 items: 63 s of mostly waiting on the disk before)."""
    # Opened as it is, not recreated: the empty file ``mkstemp`` made (which SQLite reads as a
    # new database) keeps its mode 0600 until the rename (issue 19; review8 of issue 23:
    # ``recreate=True`` deleted it and made it again with the umask's mode).
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    return db


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


# Rows of ``unit_milestone_rows`` sent to be stored at a time while the next are made (issue 23,
# seventh round): a third of the export's rows, made unit by unit.
_SENT_AT = 20_000


class _Tables:
    """The rows of each table made and not yet stored: a dict per row for the small tables, a
    tuple in the order of ``TABLES``' columns for the large ones (issue 23: half a million dicts
    made and read back were a fifth of the export's time at 100,000 items). ``send`` gives a
    table's rows to the steps (``export_writer``) and starts its list again."""

    def __init__(self, steps: Steps) -> None:
        self.steps = steps
        self.rows: dict[str, list[Any]] = {name: [] for name in TABLES}
        self.sent = dict.fromkeys(TABLES, 0)

    def send(self, *names: str) -> None:
        for name in names:
            rows = self.rows[name]
            if rows:
                self.steps.run(_insert, name, rows)
                self.sent[name] += len(rows)
                self.rows[name] = []

    def count(self, name: str) -> int:
        return self.sent[name] + len(self.rows[name])


def _fill(steps: Steps, plans: Sequence[Loaded], as_of: date) -> dict[str, int]:
    """Every table, view and index of the database, through ``steps``: the tables and views
    made first, then each table's rows given as soon as they are made (those of each plan's
    items, then its rows of units a few thousand at a time, then its milestones), so that they
    are stored while the next are made when the steps run in a child (``export_writer``)."""
    steps.run(_create)
    tables = _Tables(steps)
    rows = tables.rows
    memo = Memo(as_of)
    seen_units: set[str] = set()
    seen_spellings: set[tuple[str, str]] = set()
    item_units = 0
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
                "issued": iso(info.issued),
                "year": info.year,
                "as_of": as_of.isoformat(),
                "items": len(loaded.plan.items),
            }
        )
        rows["units"].extend(unit_rows(loaded, seen_units, as_of))
        rows["unit_spellings"].extend(unit_spelling_rows(loaded, seen_spellings, as_of))
        rank_of = ranks(loaded.plan.items)
        placed: dict[str, tuple[int, int]] = {}  # each item's key and set of units
        sets = memo.sets_of(loaded)
        searched: list[tuple[int, str, str]] = []  # each item's key and texts for ``items_fts``
        for item in loaded.plan.items:
            key += 1
            unit_set = sets.get((names(item.lead), names(item.support)))
            if unit_set is None:
                unit_set = new_unit_set(item, loaded, memo, rows["unit_sets"], sets)
            placed[item.id.value] = (key, unit_set)
            item_units += memo.set_sizes[unit_set]
            rows["items"].append(item_row(key, pid, item, rank_of[item.id.value], unit_set))
            searched.append((key, *memo.searched(item)))
            if (pid, item.section_id) not in memo.titled:
                memo.titled.add((pid, item.section_id))
                rows["sections"].append((pid, item.section_id, item.section_title))
            if (pid, "task", item.task_id) not in memo.titled:
                memo.titled.add((pid, "task", item.task_id))
                rows["tasks"].append((pid, item.task_id, item.section_id, item.task_title))
            rows["progress"].extend(progress_rows(pid, item))
        tables.send("items", "sections", "tasks", "progress")
        steps.run(_full_text, searched)
        milestone_rows = rows_as_of(loaded.plan.items, as_of, index=loaded.index)
        registry = loaded.registry
        entries: tuple[Unit | Group, ...] = (*registry.units, *registry.groups)
        shared: MembersByName = {}  # each group-led row's members by name, for every unit
        # issue 23: each unit is asked only about the rows of the items that can concern it
        # (``items_concerning``, a superset of those it answers for), found from the plan's
        # distinct names, not about every row.
        rows_naming: dict[str, list[int]] = {}
        for place, row in enumerate(milestone_rows):
            for ref in {ref.value for ref in (*row.item.lead, *row.item.support)}:
                rows_naming.setdefault(ref, []).append(place)
        # Each row's item key, its item's set of units and the day its owers are decided on.
        facts = [
            (*placed[row.item.id.value], row.due or reference_day(row.milestone, as_of))
            for row in milestone_rows
        ]
        for entry in entries:
            # Each unit's own answer, as ``due --unit`` gives it: its part of group-led items.
            concerned = concerns(loaded.index, entry)
            places = {p for name, some in rows_naming.items() if concerned(name) for p in some}
            unit = memo.unit_key(memo.name_now(entry))
            candidates = [(milestone_rows[p], facts[p]) for p in sorted(places)]
            rows["unit_milestone_rows"].extend(
                unit_answers(entry, unit, loaded, as_of, candidates, shared)
            )
            if len(rows["unit_milestone_rows"]) >= _SENT_AT:
                tables.send("unit_milestone_rows")
        tables.send("unit_milestone_rows")
        for row in milestone_rows:
            rows["milestones"].append(
                (
                    pid,
                    row.item.id.value,
                    row.number,
                    row.milestone.label,
                    row.milestone.kind,
                    iso(row.due),
                    row.status,
                    iso(row.completion.on) if row.completion else None,
                    evidence(row.completion),
                )
            )
        tables.send("milestones")
    rows["unit_names"] = [(number, name) for name, number in memo.unit_keys.items()]
    rows["fold_chars"] = list(fold_char_rows())
    tables.send(*TABLES)
    steps.run(_indexes)
    counted = {name: tables.count(name) for name in TABLES}
    counted |= {"item_units": item_units, "unit_milestones": counted["unit_milestone_rows"]}
    target_rows = targets_rows(plans, as_of)
    steps.run(_write_targets, target_rows)
    return counted | {name: len(target_rows[name]) for name in TARGET_TABLES}


_KEYS_OF = {
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
_FOREIGN = {
    "items": [("plan", "plans", "id")],
    "sections": [("plan", "plans", "id")],
    "tasks": [("plan", "plans", "id")],
    "milestones": [("plan", "plans", "id")],
    "unit_sets": [("unit", "unit_names", "key")],
    "unit_milestone_rows": [("unit", "unit_names", "key"), ("item", "items", "key")],
    "unit_spellings": [("unit", "units", "name")],
    "progress": [("plan", "plans", "id")],
}


def _create(db: Any) -> None:
    """The tables, empty, in the order of ``TABLES``; the views; the full-text index."""
    for name, (_title, columns) in TABLES.items():
        # issue 23: the foreign keys are declared as the table is made (adding one afterwards
        # copies the filled table), and a table keyed by several columns is its key's b-tree
        # (WITHOUT ROWID) instead of a table plus an index holding the same columns (at 10,000
        # items, 27 MB to 21 MB with the unit-first keys above). ``items`` is keyed by its own
        # integer (its rowid, which the full-text index points at, kept by a VACUUM).
        sql = db.create_table_sql(
            name,
            _column_types(name, columns),
            pk=_KEYS_OF[name] or "rowid_",
            foreign_keys=_FOREIGN.get(name, ()),
        ).rstrip()
        if isinstance(_KEYS_OF[name], tuple):
            sql = sql.rstrip(";") + " WITHOUT ROWID;"
        db.execute(sql)
    for view, (_title, _columns, select) in VIEWS.items():
        db.execute(f"CREATE VIEW [{view}] AS {select}")
    _create_full_text(db)


def _indexes(db: Any) -> None:
    """The indexes, made once every row is in (quicker than kept up to date row by row)."""
    db.execute("CREATE UNIQUE INDEX [idx_items_plan_id] ON [items] ([plan], [id])")
    db.execute("CREATE INDEX [idx_items_unit_set] ON [items] ([unit_set])")
    db.execute("CREATE UNIQUE INDEX [idx_unit_names_name] ON [unit_names] ([name])")
    db["milestones"].create_index(["status", "due"], if_not_exists=True)
    db["unit_spellings"].create_index(["folded"], if_not_exists=True)
    db["units"].create_index(["name_now"], if_not_exists=True)


def _create_full_text(db: Any) -> None:
    """``items_fts``: a full-text index that keeps no copy of the texts (``content=''``; issue
    23, third round), over each item's texts folded as parplan folds them (``search``: "chuyen
    doi so" and, the tokenizer dropping the marks of what is typed, "chuyển đổi số") and the
    folded words holding a d written with đ (``search_dd``: the tokenizer keeps đ, which
    parplan folds to d, so "đổi" typed is found there, in "đổi" as in "theo dõi"). Its rowid
    is ``items.key``.

    Built without merging the segments each flush writes (``automerge`` 0, a merge forced only
    at 64 segments of a level): at 100,000 items, 22 segments, 0.75 s instead of 1.2 s and
    1.6 MB less (merges leave free pages), every search still a few milliseconds. The options
    stay in ``items_fts_config``: setting them back merges the segments (98 MB at 100,000
    items), and the index is rebuilt by the next export, never written to."""
    db.execute(
        "CREATE VIRTUAL TABLE [items_fts] USING FTS5 ([search], [search_dd], "
        "tokenize='unicode61 remove_diacritics 2', content='')"
    )
    for option, value in (("automerge", 0), ("crisismerge", 64)):
        db.execute("INSERT INTO [items_fts] ([items_fts], rank) VALUES (?, ?)", (option, value))


def _full_text(db: Any, searched: list[tuple[int, str, str]]) -> None:
    """The texts of a plan's items into ``items_fts``, each by its item's key."""
    db.conn.executemany(
        "INSERT INTO [items_fts] (rowid, [search], [search_dd]) VALUES (?, ?, ?)", searched
    )


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
# Columns of keys and codes: ``unit`` and ``item`` in these, and role and status in the last.
_KEYED = {"unit_sets": ("unit",), "unit_milestone_rows": ("unit", "item", "role", "status")}


def _column_types(table: str, columns: dict[str, str]) -> dict[str, type]:
    types: dict[str, type] = {}
    if table == "progress":
        types["rowid_"] = int
    for column in columns:
        keyed = column in _KEYED.get(table, ())
        types[column] = int if column in _INTEGER_COLUMNS or keyed else str
    return types


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


def _write_targets(db: Any, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The ``targets`` and ``measurements`` tables, with their rows."""
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
