"""The SQLite export's tables described column by column, its canned queries and Datasette's
``metadata.json`` (``metadata_for``): what ``parplan.io.export`` writes, as Datasette shows it.

Split from ``io/export.py`` (issue 22's module sizes): the words and SQL here change with the
tables' columns; the code that fills them stays there. Imports nothing heavy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# The columns of an item that ``items`` and ``items_full`` share, described once.
_ITEM_TEXTS = {
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
}

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
    # issue 23, third round: an item's row holds its section's and task's IDs (their titles
    # are in ``sections`` and ``tasks``; ``items_full`` joins them back), a key of its own (the
    # full-text index and ``unit_milestones`` point at it) and the key of its set of units.
    "items": (
        "Nhiệm vụ / items",
        {
            "key": "Khoá của mục trong cơ sở dữ liệu (items_fts và unit_milestones trỏ tới)",
            "plan": "Mã kế hoạch",
            "id": "Số thứ tự trong phụ lục (I.2.1)",
            "rank": "Thứ tự của mục trong kế hoạch (để sắp xếp)",
            "section_id": "Phần (I, II…); tên phần trong bảng sections",
            "task_id": "Nhiệm vụ (I.2); tên nhiệm vụ trong bảng tasks",
            **_ITEM_TEXTS,
            "unit_set": "Nhóm đơn vị chịu trách nhiệm (unit_sets), theo chủ trì và phối hợp",
            "line": "Dòng trong tệp YAML",
        },
    ),
    "sections": (
        "Phần / sections",
        {
            "plan": "Mã kế hoạch",
            "id": "Phần (I, II…)",
            "title": "Tên phần",
        },
    ),
    "tasks": (
        "Nhiệm vụ lớn / tasks",
        {
            "plan": "Mã kế hoạch",
            "id": "Nhiệm vụ (I.2)",
            "section_id": "Phần",
            "title": "Tên nhiệm vụ",
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
    # issue 23, third round: the units answering for an item depend on its lead and support
    # names alone: one set per distinct pair (``unit_sets``), each unit by its key
    # (``unit_names``); ``unit_milestones`` by item and unit keys. The views ``item_units`` and
    # ``unit_milestones`` (``VIEWS``) give them by name as before.
    "unit_names": (
        "Tên đơn vị theo khoá / unit names by key",
        {
            "key": "Khoá của đơn vị",
            "name": "Tên của đơn vị hoặc nhóm tại ngày tính trạng thái (units.name_now)",
        },
    ),
    "unit_sets": (
        "Đơn vị của từng nhóm chủ trì và phối hợp / units of each set",
        {
            "unit_set": "Nhóm (items.unit_set)",
            "unit": "Đơn vị (unit_names.key)",
            "role": "lead (chủ trì) hoặc support (phối hợp)",
            "through": "Tên ghi trong kế hoạch mà đơn vị được tính qua",
        },
    ),
    "unit_milestone_rows": (
        "Phần việc của từng đơn vị, theo khoá / each unit's own milestones, by key",
        {
            "unit": "Đơn vị (unit_names.key)",
            "item": "Mục (items.key)",
            "number": "Thứ tự mốc trong mục",
            "role": "0 lead (chủ trì), 1 support (phối hợp)",
            "status": "Trạng thái phần việc của đơn vị tại ngày tính: 0 done_on_time, "
            "1 done_late, 2 pending, 3 overdue, 4 ongoing, 5 waiting, 6 transferred",
            "done_on": "Ngày đơn vị hoàn thành",
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

# issue 23, third round: a unit's role and status in ``unit_milestone_rows`` as small integers
# (their place here); the view ``unit_milestones`` gives the words.
ROLE_CODES = ("lead", "support")
STATUS_CODES = (
    "done_on_time",
    "done_late",
    "pending",
    "overdue",
    "ongoing",
    "waiting",
    "transferred",
)


def _decoded(column: str, codes: tuple[str, ...]) -> str:
    cases = " ".join(f"when {code} then '{word}'" for code, word in enumerate(codes))
    return f"case {column} {cases} end"


# issue 23, third round: what the tables above hold by key, by name as before: each view's
# title, its columns' descriptions and its SQL (SQLite flattens these joins into the query
# that reads them: the canned queries look ``unit_milestones`` up by unit name through
# ``unit_names``' index, then by key).
VIEWS: dict[str, tuple[str, dict[str, str], str]] = {
    "items_full": (
        "Nhiệm vụ, với tên phần và tên nhiệm vụ / items with their titles",
        {
            "key": "Khoá của mục (items.key)",
            "plan": "Mã kế hoạch",
            "id": "Số thứ tự trong phụ lục (I.2.1)",
            "rank": "Thứ tự của mục trong kế hoạch (để sắp xếp)",
            "section_id": "Phần (I, II…)",
            "section_title": "Tên phần",
            "task_id": "Nhiệm vụ (I.2)",
            "task_title": "Tên nhiệm vụ",
            **_ITEM_TEXTS,
            "line": "Dòng trong tệp YAML",
        },
        """select i.key, i.plan, i.id, i.rank, i.section_id, s.title as section_title, i.task_id,
  t.title as task_title, i.product, i.lead, i.support, i.deadline, i.note, i.after,
  i.within_days, i.amended_by, i.met_on, i.met_evidence, i.carried_on, i.line
from items i
join sections s on s.plan = i.plan and s.id = i.section_id
join tasks t on t.plan = i.plan and t.id = i.task_id""",
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
        """select i.plan, i.id as item_id, n.name as unit, s.role, s.through
from items i
join unit_sets s on s.unit_set = i.unit_set
join unit_names n on n.key = s.unit""",
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
        f"""select i.plan, i.id as item_id, r.number, n.name as unit,
  {_decoded("r.role", ROLE_CODES)} as role,
  {_decoded("r.status", STATUS_CODES)} as status,
  r.done_on
from unit_milestone_rows r
join unit_names n on n.key = r.unit
join items i on i.key = r.item""",
    ),
}

# The tables Datasette lists only on request: what the views above show by name.
HIDDEN = ("unit_names", "unit_sets", "unit_milestone_rows")

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
                    "tables": _tables_metadata(),
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


def _tables_metadata() -> dict[str, Any]:
    """Each table's and view's title and columns for Datasette (issue 23, third round: the
    full-text index ``items_fts`` holds no copy of the texts, so Datasette is told which table
    it searches; the tables stored by key are hidden, their views listed)."""
    tables: dict[str, Any] = {}
    for table, (title, columns) in TABLES.items():
        tables[table] = {"title": title, "columns": columns}
    for view, (title, columns, _sql) in VIEWS.items():
        tables[view] = {"title": title, "columns": columns}
    for searched in ("items", "items_full"):
        tables[searched] |= {"fts_table": "items_fts", "fts_pk": "key"}
    for table in HIDDEN:
        tables[table]["hidden"] = True
    return tables


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
