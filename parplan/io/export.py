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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from parplan.checks.rules import Loaded
from parplan.core.model import Completion, Group, Item, Unit, id_order
from parplan.core.text import fold

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
        },
    ),
    "item_units": (
        "Đơn vị của từng mục / units of each item",
        {
            "plan": "Mã kế hoạch",
            "item_id": "Mục",
            "unit": "Đơn vị hoặc nhóm chịu trách nhiệm (qua nhóm, vai trò hoặc hợp nhất)",
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
            "unit": "Đơn vị hoặc nhóm (tên trong danh mục)",
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
}

# The rows of ``parplan due --unit U --within N`` as of the export day, in its order.
DUE_SQL = """select m.item_id as id, m.number, m.label, m.due, um.status, um.role,
  i.product, i.lead, i.support
from unit_milestones um
join milestones m on m.plan = um.plan and m.item_id = um.item_id and m.number = um.number
join items i on i.plan = m.plan and i.id = m.item_id
join plans p on p.id = m.plan
where um.unit in (
    -- a unit merged by the export day answers through the unit that took it over
    select case when u.merged_into is not null and u.merged_on <= p.as_of
      then u.merged_into else u.name end
    from units u where u.name = :unit or u.short = :unit)
  and um.status in ('overdue', 'pending')
  and m.due <= date(p.as_of, '+' || :days || ' days')
  and (i.carried_on is null or i.carried_on > p.as_of)
order by m.plan, um.status != 'overdue', m.due, i.rank, m.number"""

OVERDUE_BY_UNIT_SQL = """select m.plan, m.item_id as id, m.label, m.due,
  cast(julianday(p.as_of) - julianday(m.due) as integer) as days_late, um.role,
  i.product, i.lead, i.support
from unit_milestones um
join milestones m on m.plan = um.plan and m.item_id = um.item_id and m.number = um.number
join items i on i.plan = m.plan and i.id = m.item_id
join plans p on p.id = m.plan
where um.unit in (
    -- a unit merged by the export day answers through the unit that took it over
    select case when u.merged_into is not null and u.merged_on <= p.as_of
      then u.merged_into else u.name end
    from units u where u.name = :unit or u.short = :unit)
  and um.status = 'overdue'
  and (i.carried_on is null or i.carried_on > p.as_of)
order by m.due, m.plan, i.rank, m.number"""

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

    from parplan.io.files import write_target

    destination = Path(destination)
    metadata = destination.with_name("metadata.json")
    # As the ledger writes a plan: a symbolic link is written through, and a read-only file
    # (of either) is refused before anything is written.
    target = write_target(destination)
    for path in (target, write_target(metadata)):
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
    _write_text(write_target(metadata), text)
    return Export(destination, metadata, counts)


def _synced(path: Path) -> None:
    """The file's bytes on the disk before it replaces the destination (issue 23)."""
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _refuse_read_only(path: Path) -> None:
    """An existing file that is read-only (chmod 444, Windows' attribute) is not replaced."""
    from parplan.io.files import _writable

    with contextlib.suppress(FileNotFoundError):
        if not _writable(path, os.stat(path)):
            raise PermissionError(errno.EACCES, "read-only", str(path))


def _keep_mode(temporary: Path, target: Path) -> None:
    """The replacement keeps the mode of the file it replaces, if any."""
    with contextlib.suppress(OSError):
        os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))


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
    from parplan.query.status import role_of, rows_as_of, rows_for_unit

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    seen_units: set[str] = set()
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
        rows["units"].extend(_units(loaded, seen_units))
        ranks = {
            item_id: rank
            for rank, item_id in enumerate(
                sorted((item.id.value for item in loaded.plan.items), key=id_order)
            )
        }
        for item in loaded.plan.items:
            rows["items"].append(_item(pid, item, ranks[item.id.value]))
            rows["item_units"].extend(_item_units(pid, item, loaded, role_of))
            rows["progress"].extend(_progress(pid, item))
        milestone_rows = rows_as_of(loaded.plan.items, as_of, index=loaded.index)
        registry = loaded.registry
        entries: tuple[Unit | Group, ...] = (*registry.units, *registry.groups)
        for entry in entries:
            # Each unit's own answer, as ``due --unit`` gives it: its part of group-led items.
            for row in rows_for_unit(milestone_rows, loaded.index, entry, None, as_of=as_of):
                rows["unit_milestones"].append(
                    {
                        "plan": pid,
                        "item_id": row.item.id.value,
                        "number": row.number,
                        "unit": entry.name,
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
    keys = {
        "plans": "id",
        "items": ("plan", "id"),
        "milestones": ("plan", "item_id", "number"),
        "units": "name",
        "item_units": ("plan", "item_id", "unit"),
        "unit_milestones": ("plan", "item_id", "number", "unit"),
        "progress": None,
    }
    foreign = {
        "items": [("plan", "plans", "id")],
        "milestones": [("plan", "plans", "id")],
        "item_units": [("plan", "plans", "id"), ("unit", "units", "name")],
        "unit_milestones": [("plan", "plans", "id"), ("unit", "units", "name")],
        "progress": [("plan", "plans", "id")],
    }
    for name, (_title, columns) in TABLES.items():
        table = db[name]
        table.create(_column_types(name, columns), pk=keys[name] or "rowid_", not_null=())
        if rows[name]:
            _insert(db, name, rows[name])
        for column, other, other_column in foreign.get(name, ()):
            table.add_foreign_key(column, other, other_column, ignore=True)
    # The folded text finds "chuyen doi so"; the texts as written, with the tokenizer's own
    # folding, find "chuyển đổi số" (the tokenizer keeps đ, which parplan folds to d).
    db["items"].enable_fts(
        ["search", "product", "task_title", "note", "lead", "support"],
        tokenize="unicode61 remove_diacritics 2",
    )
    db["milestones"].create_index(["status", "due"], if_not_exists=True)
    db["item_units"].create_index(["unit", "role"], if_not_exists=True)
    db["unit_milestones"].create_index(["unit", "status"], if_not_exists=True)
    return {name: len(rows[name]) for name in TABLES}


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
    from parplan.query.status import searched_texts

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
    pid: str, item: Item, loaded: Loaded, role_of: Callable[..., str | None]
) -> Iterable[dict[str, Any]]:
    """Every registry entry that answers for the item, with its role as ``role_of`` gives it
    (lead wins), and the names written in the plan it answers through."""
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
                "unit": name,
                "role": role,
                "through": "; ".join(refs),
            }


def _progress(pid: str, item: Item) -> Iterable[dict[str, Any]]:
    from parplan.checks.rules import milestone_of

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


def _units(loaded: Loaded, seen: set[str]) -> Iterable[dict[str, Any]]:
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
        }


def metadata_for(database: Path) -> dict[str, Any]:
    """Datasette's metadata for the exported database: titles, column descriptions and the
    canned queries "quá hạn theo đơn vị" and "đến hạn 30 ngày tới"."""
    name = Path(database).stem
    return {
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
                        "description": "Các mốc quá hạn chưa hoàn thành của một đơn vị (tên đầy "
                        "đủ hoặc viết tắt, ví dụ VP), kể cả qua nhóm đơn vị, vai trò hoặc hợp nhất.",
                        "sql": OVERDUE_BY_UNIT_SQL,
                    },
                    "den-han-30-ngay-toi": {
                        "title": "Đến hạn 30 ngày tới",
                        "description": "Các mốc chưa hoàn thành đến hạn trong 30 ngày kể từ ngày "
                        "xuất dữ liệu.",
                        "sql": DUE_30_DAYS_SQL,
                    },
                    "den-han-theo-don-vi": {
                        "title": "Quá hạn và đến hạn theo đơn vị (như parplan due)",
                        "description": "Như `parplan due --unit U --within N`: quá hạn trước, "
                        "rồi theo hạn.",
                        "sql": DUE_SQL,
                    },
                },
            }
        },
    }
