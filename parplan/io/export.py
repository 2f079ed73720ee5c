"""Plans as one SQLite database, for those who outgrow files, and its Datasette metadata.

Why one module past 500 lines: one SQLite schema and its Datasette metadata, which describe the
same tables column by column and change together.

``export_sqlite`` writes every plan given (each checked, with its units file) into one SQLite
file with sqlite-utils: the tables below, full-text search on the items' texts folded as parplan
folds them, and every status computed as of one day (the export day). The file is built beside
its destination and renamed over it, so a reader (Datasette) sees the old database or the new
one, never half of one. ``metadata_for`` gives Datasette's ``metadata.json``: titles, column
descriptions and canned queries.

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

from parplan.checks.rules import Loaded, milestone_of
from parplan.core.model import Completion, Group, Item, Unit, id_order
from parplan.core.text import fold
from parplan.core.units import name_on
from parplan.io.files import _writable, new_file_mode, write_target
from parplan.query.status import concerns, role_of, rows_as_of, rows_for_unit, searched_texts
from parplan.query.targets import targets_as_of

# What each table holds, and each column: Datasette shows these (metadata.json).
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "plans": (
        "Kế hoạch / plans",
        {
            "id": "Mã kế hoạch: tên tệp không có đuôi (plan-2025)",
            "file": "Tệp YAML của kế hoạch",
            "title": "Tên kế hoạch",
            "decision": "Quyết định ban hành",
            "issued": "Ngày ban hành",
            "year": "Năm của kế hoạch",
            "as_of": "Ngày tính trạng thái (ngày xuất dữ liệu, giờ Việt Nam)",
            "items": "Số mục",
        },
    ),
    "items": (
        "Nhiệm vụ / items",
        {
            "plan": "Mã kế hoạch",
            "id": "Số thứ tự trong phụ lục (I.2.1)",
            "rank": "Thứ tự của mục trong kế hoạch (để sắp xếp)",
            "section_id": "Phần (I, II…)",
            "section_title": "Tên phần",
            "task_id": "Nhiệm vụ (I.2)",
            "task_title": "Tên nhiệm vụ",
            "product": "Sản phẩm",
            "lead": "Đơn vị chủ trì, như ghi trong kế hoạch",
            "support": "Đơn vị phối hợp, như ghi trong kế hoạch",
            "deadline": "Thời hạn, nguyên văn",
            "note": "Ghi chú",
            "after": "Thực hiện sau khi hoàn thành mục này",
            "within_days": "Số ngày phải hoàn thành kể từ khi đủ điều kiện",
            "amended_by": "Văn bản sửa đổi",
            "met_on": "Ngày điều kiện được đáp ứng",
            "met_evidence": "Văn bản chứng minh điều kiện được đáp ứng",
            "carried_on": "Ngày chuyển tiếp sang kế hoạch sau (từ đó không còn đến hạn ở đây)",
            "search": "Các nội dung của mục, bỏ dấu và chữ hoa (để tìm kiếm)",
            "line": "Dòng trong tệp YAML",
        },
    ),
    "milestones": (
        "Mốc thời hạn / milestones",
        {
            "plan": "Mã kế hoạch",
            "item_id": "Mục",
            "number": "Thứ tự mốc trong mục (1, 2…)",
            "label": "Tên mốc (Ban hành, Triển khai, Tháng 3/2025…)",
            "kind": "date (có hạn), ongoing (thường xuyên) hoặc conditional (sau khi…)",
            "due": "Hạn hoàn thành tại ngày tính trạng thái (ISO)",
            "status": "Trạng thái tại ngày tính: done_on_time, done_late, pending, overdue, "
            "ongoing, waiting",
            "done_on": "Ngày hoàn thành đã ghi nhận",
            "evidence": "Văn bản chứng minh hoàn thành",
        },
    ),
    "units": (
        "Đơn vị / units",
        {
            "name": "Tên đơn vị hoặc nhóm đơn vị",
            "short": "Tên viết tắt",
            "kind": "administrative, public_service, role hoặc group",
            "aliases": "Các tên gọi khác, cách nhau bởi '; '",
            "part_of": "Đơn vị mà vai trò này thuộc về",
            "merged_into": "Hợp nhất vào đơn vị",
            "merged_on": "Ngày hợp nhất",
            "left_on": "Ngày rời Bộ",
            "established": "Ngày thành lập",
            "registry": "Tệp danh mục đơn vị",
            # issue 18: a renamed unit by its new name
            "name_now": "Tên của đơn vị tại ngày tính trạng thái (tên mới nếu đã đổi tên); "
            "item_units và unit_milestones ghi đơn vị bằng tên này",
            "renamed_on": "Ngày đổi sang tên mới (trống nếu chưa đổi tên)",
        },
    ),
    "item_units": (
        "Đơn vị của từng mục / units of each item",
        {
            "plan": "Mã kế hoạch",
            "item_id": "Mục",
            "unit": "Đơn vị hoặc nhóm chịu trách nhiệm (qua nhóm, vai trò hoặc hợp nhất), "
            "tên tại ngày tính trạng thái (units.name_now)",
            "role": "lead (chủ trì) hoặc support (phối hợp)",
            "through": "Tên ghi trong kế hoạch mà đơn vị được tính qua",
        },
    ),
    "unit_milestones": (
        "Phần việc của từng đơn vị / each unit's own milestones",
        {
            "plan": "Mã kế hoạch",
            "item_id": "Mục",
            "number": "Thứ tự mốc trong mục",
            "unit": "Đơn vị hoặc nhóm, tên tại ngày tính trạng thái (units.name_now)",
            "role": "lead (chủ trì) hoặc support (phối hợp)",
            "status": "Trạng thái phần việc của đơn vị tại ngày tính: như milestones.status, "
            "hoặc transferred (đến hạn sau khi đơn vị rời Bộ hoặc hợp nhất)",
            "done_on": "Ngày đơn vị hoàn thành (phần việc của mình, với mục giao cho từng đơn vị)",
        },
    ),
    "progress": (
        "Tiến độ đã ghi nhận / progress",
        {
            "plan": "Mã kế hoạch",
            "item_id": "Mục",
            "kind": "done (hoàn thành một mốc) hoặc met (điều kiện được đáp ứng)",
            "milestone": "Thứ tự mốc (với done)",
            "unit": "Đơn vị đã làm phần việc của mình (mục giao cho từng đơn vị của một nhóm)",
            "on": "Ngày",
            "evidence": "Văn bản chứng minh",
            "recorded_by": "Người ghi nhận",
            "line": "Dòng trong tệp YAML",
        },
    ),
    # issue 18: names typed as the CLI reads them (accents, case, aliases, abbreviations)
    "unit_spellings": (
        "Cách gọi đơn vị / every spelling of a unit",
        {
            "spelling": "Tên, tên mới, tên viết tắt hoặc tên khác, như ghi trong danh mục",
            "folded": "Cách gọi bỏ dấu, chữ thường (đ thành d)",
            "unit": "Đơn vị hoặc nhóm (units.name)",
            "rows_under": "Tên mà các dòng của đơn vị mang trong unit_milestones tại ngày tính "
            "trạng thái (đơn vị tiếp nhận nếu đã hợp nhất)",
        },
    ),
    "fold_chars": (
        "Bỏ dấu từng ký tự / folding of each character",
        {
            "char": "Ký tự",
            "folded": "Ký tự đó bỏ dấu, chữ thường (rỗng với dấu rời)",
        },
    ),
}

# issue 18: the unit a person typed (:unit), matched as ``UnitIndex.query`` matches it: folded
# (accents, case and runs of spaces ignored, đ as d) one character at a time through
# ``fold_chars``, then equal to a spelling of exactly one entry, else contained in spellings of
# exactly one; an ambiguous or unknown name matches nothing. ``answers`` is the name its rows
# carry on the export day (a merged unit's successor, a renamed unit's new name).
UNIT_MATCH_SQL = """with recursive typed(i, key) as (
  select 1, ''
  union all
  select i + 1, key || coalesce(
      (select case when f.folded = ' ' and (key = '' or substr(key, -1) = ' ') then ''
         else f.folded end
       from fold_chars f where f.char = substr(:unit, i, 1)),
      lower(substr(:unit, i, 1)))
  from typed where i <= length(:unit)
),
wanted(key) as (select rtrim(key) from typed order by i desc limit 1),
exact as (
  select s.unit, s.rows_under from unit_spellings s join wanted w on s.folded = w.key
  where w.key != ''),
partial as (
  select s.unit, s.rows_under from unit_spellings s join wanted w on instr(s.folded, w.key) > 0
  where w.key != '' and not exists (select 1 from exact)),
answers(unit) as (
  select rows_under from exact where (select count(distinct unit) from exact) = 1
  union
  select rows_under from partial where (select count(distinct unit) from partial) = 1)
"""

# The rows of ``parplan due --unit U --within N`` as of the export day, in its order.
DUE_SQL = (
    UNIT_MATCH_SQL
    + """select m.item_id as id, m.number, m.label, m.due, um.status, um.role,
  i.product, i.lead, i.support
from unit_milestones um
join milestones m on m.plan = um.plan and m.item_id = um.item_id and m.number = um.number
join items i on i.plan = m.plan and i.id = m.item_id
join plans p on p.id = m.plan
where um.unit in (select unit from answers)
  and um.status in ('overdue', 'pending')
  and m.due <= date(p.as_of, '+' || :days || ' days')
  and (i.carried_on is null or i.carried_on > p.as_of)
order by m.plan, um.status != 'overdue', m.due, i.rank, m.number"""
)

OVERDUE_BY_UNIT_SQL = (
    UNIT_MATCH_SQL
    + """select m.plan, m.item_id as id, m.label, m.due,
  cast(julianday(p.as_of) - julianday(m.due) as integer) as days_late, um.role,
  i.product, i.lead, i.support
from unit_milestones um
join milestones m on m.plan = um.plan and m.item_id = um.item_id and m.number = um.number
join items i on i.plan = m.plan and i.id = m.item_id
join plans p on p.id = m.plan
where um.unit in (select unit from answers)
  and um.status = 'overdue'
  and (i.carried_on is null or i.carried_on > p.as_of)
order by m.due, m.plan, i.rank, m.number"""
)

DUE_30_DAYS_SQL = """select m.plan, m.item_id as id, m.label, m.due,
  cast(julianday(m.due) - julianday(p.as_of) as integer) as days_left,
  i.lead, i.support, i.product
from milestones m
join items i on i.plan = m.plan and i.id = m.item_id
join plans p on p.id = m.plan
where m.status = 'pending' and m.due <= date(p.as_of, '+30 days')
  and (i.carried_on is null or i.carried_on > p.as_of)
order by m.due, m.plan, i.rank, m.number"""


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
    import sqlite_utils

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
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    seen_units: set[str] = set()
    seen_spellings: set[tuple[str, str]] = set()
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
        for item in loaded.plan.items:
            rows["items"].append(_item(pid, item, ranks[item.id.value]))
            rows["item_units"].extend(_item_units(pid, item, loaded, role_of, as_of))
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
        for entry in entries:
            # Each unit's own answer, as ``due --unit`` gives it: its part of group-led items.
            concerned = concerns(loaded.index, entry)
            places = {p for name, some in rows_naming.items() if concerned(name) for p in some}
            candidates = [milestone_rows[place] for place in sorted(places)]
            for row in rows_for_unit(
                candidates, loaded.index, entry, None, as_of=as_of, shared=shared
            ):
                rows["unit_milestones"].append(
                    {
                        "plan": pid,
                        "item_id": row.item.id.value,
                        "number": row.number,
                        "unit": name_now(entry, as_of),
                        "role": row.role,
                        "status": row.status,
                        "done_on": _iso(row.completion.on) if row.completion else None,
                    }
                )
        for row in milestone_rows:
            rows["milestones"].append(
                {
                    "plan": pid,
                    "item_id": row.item.id.value,
                    "number": row.number,
                    "label": row.milestone.label,
                    "kind": row.milestone.kind,
                    "due": _iso(row.due),
                    "status": row.status,
                    "done_on": _iso(row.completion.on) if row.completion else None,
                    "evidence": _evidence(row.completion),
                }
            )
    rows["fold_chars"] = list(_fold_chars())
    keys = {
        "plans": "id",
        "items": ("plan", "id"),
        "milestones": ("plan", "item_id", "number"),
        "units": "name",
        # issue 23: the unit first, as they are asked (a unit's rows), with no other index
        "item_units": ("unit", "plan", "item_id"),
        "unit_milestones": ("unit", "plan", "item_id", "number"),
        "progress": None,
        "unit_spellings": ("spelling", "unit"),
        "fold_chars": "char",
    }
    foreign = {
        "items": [("plan", "plans", "id")],
        "milestones": [("plan", "plans", "id")],
        "item_units": [("plan", "plans", "id"), ("unit", "units", "name_now")],
        "unit_milestones": [("plan", "plans", "id"), ("unit", "units", "name_now")],
        "unit_spellings": [("unit", "units", "name")],
        "progress": [("plan", "plans", "id")],
    }
    for name, (_title, columns) in TABLES.items():
        # issue 23: the foreign keys are declared as the table is made (adding one afterwards
        # copies the filled table), and a table keyed by several columns is its key's b-tree
        # (WITHOUT ROWID) instead of a table plus an index holding the same columns (at 10,000
        # items, 27 MB to 21 MB with the unit-first keys below). ``items`` keeps its rowid: the
        # full-text index points at it.
        sql = db.create_table_sql(
            name,
            _column_types(name, columns),
            pk=keys[name] or "rowid_",
            foreign_keys=foreign.get(name, ()),
        ).rstrip()
        if isinstance(keys[name], tuple) and name != "items":
            sql = sql.rstrip(";") + " WITHOUT ROWID;"
        db.execute(sql)
        if rows[name]:
            _insert(db, name, rows[name])
    # The folded text finds "chuyen doi so"; the texts as written, with the tokenizer's own
    # folding, find "chuyển đổi số" (the tokenizer keeps đ, which parplan folds to d).
    db["items"].enable_fts(
        ["search", "product", "task_title", "note", "lead", "support"],
        tokenize="unicode61 remove_diacritics 2",
    )
    db["milestones"].create_index(["status", "due"], if_not_exists=True)
    db["unit_spellings"].create_index(["folded"], if_not_exists=True)
    db["units"].create_index(["name_now"], if_not_exists=True)
    return {name: len(rows[name]) for name in TABLES} | _fill_targets(db, plans, as_of)


def _insert(db: Any, name: str, rows: list[dict[str, Any]]) -> None:
    """The rows (each with the first one's keys; values text, integers or NULL) in one
    statement run for them all (issue 23: sqlite-utils' ``insert_all`` builds and checks each
    batch in Python, a third of the export's time at 100,000 items)."""
    columns = list(rows[0])
    names = ", ".join(f"[{column}]" for column in columns)
    marks = ", ".join("?" * len(columns))
    db.conn.executemany(
        f"INSERT INTO [{name}] ({names}) VALUES ({marks})",
        [tuple(row[column] for column in columns) for row in rows],
    )


_INTEGER_COLUMNS = {"year", "items", "rank", "within_days", "line", "number", "milestone"}


def _column_types(table: str, columns: dict[str, str]) -> dict[str, type]:
    types: dict[str, type] = {}
    if table == "progress":
        types["rowid_"] = int
    for column in columns:
        types[column] = int if column in _INTEGER_COLUMNS else str
    return types


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _evidence(record: Completion | None) -> str | None:
    return record.evidence.value if record is not None and record.evidence else None


def _item(pid: str, item: Item, rank: int) -> dict[str, Any]:
    lead = [ref.value for ref in item.lead]
    support = [ref.value for ref in item.support]
    return {
        "plan": pid,
        "id": item.id.value,
        "rank": rank,
        "section_id": item.section_id,
        "section_title": item.section_title,
        "task_id": item.task_id,
        "task_title": item.task_title,
        "product": item.text,
        "lead": "; ".join(lead),
        "support": "; ".join(support),
        "deadline": item.deadline.value,
        "note": item.note,
        "after": item.after.value if item.after else None,
        "within_days": item.within_days,
        "amended_by": item.amended_by.value if item.amended_by else None,
        "met_on": _iso(item.met.on) if item.met else None,
        "met_evidence": _evidence(item.met),
        "carried_on": _iso(item.carried_on),
        "search": fold(" ".join(searched_texts(item))),
        "line": item.source.line,
    }


def _item_units(
    pid: str, item: Item, loaded: Loaded, role_of: Callable[..., str | None], as_of: date
) -> Iterable[dict[str, Any]]:
    """Every registry entry that answers for the item (by its name on ``as_of``), with its role
    as ``role_of`` gives it (lead wins), and the names written in the plan it answers through."""
    index = loaded.index
    through: dict[str, list[str]] = {}
    for ref in (*item.lead, *item.support):
        for name in index.expand(ref.value):
            if name in index.by_name and ref.value not in through.setdefault(name, []):
                through[name].append(ref.value)
    for name, refs in through.items():
        role = role_of(item, index.by_name[name], index)
        if role is not None:
            yield {
                "plan": pid,
                "item_id": item.id.value,
                "unit": name_now(index.by_name[name], as_of),
                "role": role,
                "through": "; ".join(refs),
            }


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


def metadata_for(database: Path) -> dict[str, Any]:
    """Datasette's metadata for the exported database: titles, column descriptions and the
    canned queries "quá hạn theo đơn vị" and "đến hạn 30 ngày tới" (and the targets', issue
    21: ``_with_targets``)."""
    name = Path(database).stem
    return _with_targets(
        name,
        {
            "title": "Kế hoạch cải cách hành chính — parplan",
            "description": "Dữ liệu xuất bằng `parplan export --sqlite`. Trạng thái tính tại ngày "
            "xuất (cột plans.as_of, giờ Việt Nam); xuất lại để cập nhật.",
            "databases": {
                name: {
                    "tables": {
                        table: {"title": title, "columns": columns}
                        for table, (title, columns) in TABLES.items()
                    },
                    "queries": {
                        "qua-han-theo-don-vi": {
                            "title": "Quá hạn theo đơn vị",
                            "description": "Các mốc quá hạn chưa hoàn thành của một đơn vị (tên "
                            "đầy đủ, tên cũ hoặc mới, viết tắt hay một phần tên; có dấu hay không "
                            "dấu, ví dụ VP, vu phap che), kể cả qua nhóm đơn vị, vai trò hoặc hợp "
                            "nhất. Tên khớp với nhiều đơn vị thì không cho kết quả.",
                            "sql": OVERDUE_BY_UNIT_SQL,
                        },
                        "den-han-30-ngay-toi": {
                            "title": "Đến hạn 30 ngày tới",
                            "description": "Các mốc chưa hoàn thành đến hạn trong 30 ngày kể từ "
                            "ngày xuất dữ liệu.",
                            "sql": DUE_30_DAYS_SQL,
                        },
                        "den-han-theo-don-vi": {
                            "title": "Quá hạn và đến hạn theo đơn vị (như parplan due)",
                            "description": "Như `parplan due --unit U --within N`: quá hạn trước, "
                            "rồi theo hạn. Tên đơn vị gõ như với parplan (có dấu hay không dấu).",
                            "sql": DUE_SQL,
                        },
                    },
                }
            },
        },
    )


# ---------------------------------------------------------------------------------------------
# issue 21: the decision's targets and their figures — self-contained, so that the tables
# above change without touching these.

TARGET_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "targets": (
        "Chỉ tiêu / targets",
        {
            "plan": "Mã kế hoạch",
            "id": "Mã chỉ tiêu (II.2.g-1)",
            "rank": "Thứ tự trong kế hoạch",
            "text": "Câu của quyết định, nguyên văn",
            "source": "Nơi quyết định ghi chỉ tiêu (tệp:dòng:cột)",
            "measure": "percent (tỷ lệ %) hoặc count (số lượng)",
            "comparison": "at-least (tối thiểu), exactly (đúng bằng), at-most (tối đa)",
            "target": "Giá trị chỉ tiêu",
            "unit": "Đơn vị chịu trách nhiệm",
            "basis": "Điểm của mục IV giao trách nhiệm",
            "window_from": "Ngày đầu của kỳ số liệu đang xét tại ngày xuất",
            "window_to": "Ngày cuối của kỳ số liệu đang xét",
            "value": "Số liệu mới nhất trong kỳ số liệu đang xét",
            "on": "Ngày của số liệu đó",
            "status": "met (đạt), below (chưa đạt), no-data (chưa có số liệu trong kỳ)",
            "gap": "Còn thiếu so với chỉ tiêu",
            "trend": "up, down, flat: so với số liệu trước đó",
            "change": "Số liệu mới nhất trừ số liệu trước đó",
        },
    ),
    "measurements": (
        "Số liệu đo chỉ tiêu / measurements",
        {
            "plan": "Mã kế hoạch",
            "target": "Mã chỉ tiêu",
            "on": "Ngày của số liệu",
            "value": "Giá trị",
            "of": "Tử số",
            "total": "Mẫu số",
            "unit": "Đơn vị báo cáo số liệu",
            "evidence": "Văn bản chứng minh",
            "recorded_by": "Người ghi nhận",
            "line": "Dòng trong tệp YAML",
        },
    ),
}

TARGETS_SQL = """select t.plan, t.id, t.comparison, t.target, t.value, t."on", t.status, t.gap,
  t.trend, t.change, t.unit, t.text,
  (select count(*) from measurements m where m.plan = t.plan and m.target = t.id) as figures
from targets t
order by t.plan, t.rank"""

FIGURES_SQL = """select m.plan, m.target, m."on", m.value, m."of", m.total, m.unit, m.evidence,
  t.comparison, t.target as target_value
from measurements m
join targets t on t.plan = m.plan and t.id = m.target
where m.target = :target
order by m.plan, m."on", m.line"""

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


def _with_targets(name: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """``metadata`` with the targets' tables and canned queries."""
    database = metadata["databases"][name]
    for table, (title, columns) in TARGET_TABLES.items():
        database["tables"][table] = {"title": title, "columns": columns}
    database["queries"]["ket-qua-chi-tieu"] = {
        "title": "Kết quả thực hiện các chỉ tiêu",
        "description": "Mỗi chỉ tiêu của quyết định: số liệu mới nhất trong kỳ số liệu đang xét "
        "tại ngày xuất, kết quả (đạt / chưa đạt / chưa có số liệu), phần còn thiếu, xu hướng.",
        "sql": TARGETS_SQL,
    }
    database["queries"]["so-lieu-theo-chi-tieu"] = {
        "title": "Số liệu theo chỉ tiêu",
        "description": "Mọi số liệu đã ghi nhận của một chỉ tiêu (ví dụ II.2.g-1), theo ngày.",
        "sql": FIGURES_SQL,
    }
    return metadata
