"""`parplan import`: a decision's appendix table, as text or Word, into a plan.

Expected values come from the tables themselves (the decision's text for the round trip, the
small fixtures under tests/import/ written for these tests), read by eye.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import DATA, PLAN, UNITS

from parplan.cli.app import app
from parplan.io.importer import is_group_wording, split_units
from parplan.io.loader import build_plan, load_plan, parse_document

SOURCE = DATA / "source" / "971-QD-BNV-ke-hoach-CCHC-2025.txt"
FIXTURES = Path(__file__).resolve().parent / "import"


def _items(plan) -> dict[str, tuple]:
    return {
        item.id.value: (
            item.section_id,
            item.task_id,
            item.task_title,
            item.product,
            [r.value for r in item.lead],
            [r.value for r in item.support],
            item.deadline.value,
            item.note,
        )
        for item in plan.items
    }


def _plan_of(text: str):
    plan, problems = build_plan(parse_document("imported.yaml", text.encode("utf-8")))
    assert problems == []
    return plan


# --------------------------------------------------------------------------------------------
# The round trip: the decision's own text gives back data/plan-2025.yaml


def test_round_trip_of_the_2025_decision(runner) -> None:
    result = runner.invoke(app, ["import", str(SOURCE), "--units", str(UNITS)])
    assert result.exit_code == 0, result.stderr
    imported = _plan_of(result.stdout)
    expected, _ = load_plan(PLAN)
    assert list(_items(imported)) == list(_items(expected))  # same IDs, same order
    for item_id, fields in _items(expected).items():
        assert _items(imported)[item_id] == fields, item_id
    assert [(s.id.value, s.title) for s in imported.sections] == [
        (s.id.value, s.title) for s in expected.sections
    ]
    # Title, decision, issued, year from the text. The reporting calendar is not in the decision
    # (it comes from Văn bản 581/BNV-CCHC), so the imported plan has none.
    assert imported.info == replace(expected.info, reporting=None)
    assert "132" in result.stderr.splitlines()[-1]
    assert "971-QD-BNV-ke-hoach-CCHC-2025.txt" in result.stderr


def test_round_trip_is_in_fmt_layout(runner) -> None:
    from parplan.io.fmt import format_text

    result = runner.invoke(app, ["import", str(SOURCE), "--units", str(UNITS)])
    assert format_text(result.stdout) == result.stdout


# --------------------------------------------------------------------------------------------
# A province's plan: STT column, other headings, an extra column, bold markers, numbering
# afresh in every section, a cell merged down, a row broken across pages, several units


@pytest.fixture
def province(runner, tmp_path: Path):
    out = tmp_path / "plan-2026.yaml"
    result = runner.invoke(app, ["import", str(FIXTURES / "so-noi-vu-2026.txt"), "--out", str(out)])
    return result, out, tmp_path


def test_province_plan_is_written_and_valid(province, runner) -> None:
    result, out, _ = province
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    validate = runner.invoke(app, ["validate", "--plan", str(out)])
    assert validate.exit_code == 0, validate.stdout
    assert "(5 mục, 4 đơn vị)" in validate.stderr


def test_province_plan_header_from_the_decision(province) -> None:
    _, out, _ = province
    header = yaml.safe_load(out.read_text(encoding="utf-8"))["plan"]
    assert header == {
        "title": "Kế hoạch cải cách hành chính năm 2026 của Sở Nội vụ tỉnh Mẫu",
        "decision": "15/QĐ-SNV",
        "issued": __import__("datetime").date(2026, 1, 5),
        "year": 2026,
    }


def test_province_plan_items(province) -> None:
    _, out, _ = province
    items = _items(load_plan(out)[0])
    assert list(items) == ["I.1", "I.2.1", "I.2.2", "II.1", "II.2"]  # II.1: numbered afresh
    assert items["I.1"] == (
        "I",
        "I.1",
        "Rà soát văn bản quy phạm pháp luật của tỉnh.",
        "Báo cáo rà soát.",
        ["Sở Tư pháp"],
        ["Các sở, ngành"],
        "15/9/2026",
        None,
    )
    # I.2.2: deadline merged down from I.2.1; its product broken across a page
    assert items["I.2.2"][3] == (
        "Báo cáo kết quả kiểm tra gửi UBND tỉnh. (tiếp theo) kèm danh sách đơn vị được kiểm tra."
    )
    assert items["I.2.2"][6] == "Quý I/2026"
    assert items["I.2.1"][5] == ["Sở Tư pháp", "Văn phòng UBND tỉnh"]
    assert items["II.1"][4] == ["Sở Tư pháp", "Sở Nội vụ"]  # "Các Sở: Tư pháp; Nội vụ"
    assert items["II.1"][5] == ["Các cơ quan, đơn vị liên quan"]
    assert items["II.2"][7] == "Theo Đề án 06"


def test_province_extra_column_is_kept(province) -> None:
    _, out, _ = province
    plan = load_plan(out)[0]
    extra = {item.id.value: dict(item.extra) for item in plan.items}
    assert extra["I.1"] == {"Nguồn kinh phí": "Ngân sách tỉnh"}
    assert extra["II.2"] == {"Nguồn kinh phí": "Ngân sách tỉnh"}
    assert extra["I.2.1"] == {}


def test_province_report_is_located(province) -> None:
    result, _, _ = province
    lines = result.stderr.splitlines()
    source = str(FIXTURES / "so-noi-vu-2026.txt")
    assert any(
        line.startswith(f"{source}:70:1: info:")
        and "I.2.2" in line
        and "[import-inherited]" in line
        for line in lines
    ), lines
    assert any(
        line.startswith(f"{source}:85:1: info:") and "[import-continued]" in line for line in lines
    ), lines
    assert lines[-1].startswith(f"Nhập {source}: 9 dòng, 5 mục, 1 ô lấy từ dòng trên, 0 đơn vị lạ")


def test_province_new_units_file_with_groups(province) -> None:
    _, _, tmp_path = province
    units = yaml.safe_load((tmp_path / "units.yaml").read_text(encoding="utf-8"))
    assert [u["name"] for u in units["units"]] == [
        "Sở Tư pháp",
        "Sở Nội vụ",
        "Văn phòng UBND tỉnh",
        "Trung tâm Phục vụ hành chính công",
    ]
    groups = {g["name"]: g for g in units["groups"]}
    assert groups["Các sở, ngành"]["kinds"] == ["administrative", "public_service"]
    assert groups["Các cơ quan, đơn vị liên quan"]["placeholder"] is True


def test_import_refuses_to_overwrite(province, runner) -> None:
    _, out, _ = province
    before = out.read_bytes()
    again = runner.invoke(app, ["import", str(FIXTURES / "so-noi-vu-2026.txt"), "--out", str(out)])
    assert again.exit_code == 1
    assert "không ghi đè" in again.stderr
    assert out.read_bytes() == before


# --------------------------------------------------------------------------------------------
# A programme of several years: three levels of headings, lettered activities, a registry


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    units = tmp_path / "units.yaml"
    shutil.copy(UNITS, units)
    return units


def _programme(runner, tmp_path: Path, units: Path, *extra: str):
    out = tmp_path / "plan.yaml"
    args = ["import", str(FIXTURES / "chuong-trinh-2026-2030.txt"), "--out", str(out)]
    return runner.invoke(app, [*args, "--units", str(units), *extra]), out


def test_programme_unknown_unit_is_reported_with_suggestions(runner, tmp_path, registry_copy):
    before = registry_copy.read_bytes()
    result, out = _programme(runner, tmp_path, registry_copy)
    assert result.exit_code == 1  # the plan is written, but validate fails on the unknown unit
    source = str(FIXTURES / "chuong-trinh-2026-2030.txt")
    assert (
        f"{source}:34:1: warning: đơn vị không có trong danh mục: 'Văn phòng Bộ Nội vụ' "
        "(có phải 'Văn phòng Bộ'" in result.stderr
    )
    assert "[unknown-unit]" in result.stderr
    assert registry_copy.read_bytes() == before
    assert out.exists()


def test_programme_with_accept_aliases(runner, tmp_path, registry_copy) -> None:
    result, out = _programme(runner, tmp_path, registry_copy, "--accept-aliases")
    assert result.exit_code == 0, result.stderr
    assert "[import-alias-added]" in result.stderr
    units = yaml.safe_load(registry_copy.read_text(encoding="utf-8"))
    office = next(u for u in units["units"] if u["name"] == "Văn phòng Bộ")
    assert office["aliases"] == ["Văn phòng Bộ Nội vụ"]
    # comments of the registry are kept
    assert registry_copy.read_text(encoding="utf-8").startswith(
        UNITS.read_text(encoding="utf-8").split("units:")[0]
    )
    plan = load_plan(out)[0]
    assert plan.info.year == 2026 and plan.info.last_year == 2030
    items = _items(plan)
    assert list(items) == ["I.1.1", "I.1.2", "I.2.1", "I.3", "II.1"]
    assert items["I.1.1"][2] == "Hoàn thiện thể chế công vụ — Pháp luật về cán bộ, công chức"
    assert items["I.1.1"][5] == ["Văn phòng Bộ"]
    assert items["I.1.2"][4] == ["Vụ Pháp chế", "Vụ Công chức - Viên chức"]
    assert items["I.2.1"][2] == "Hoàn thiện thể chế công vụ — Pháp luật về tiền lương"
    assert items["I.3"][3] == "Báo cáo rà soát. (tiếp theo) và kiến nghị xử lý."
    # "Hàng năm" in a plan of 2026-2030: the end of each year
    yearly = next(i for i in plan.items if i.id.value == "I.2.1")
    assert [m.due.isoformat() for m in yearly.milestones] == [
        f"{y}-12-31" for y in range(2026, 2031)
    ]
    # I.3 repeats the number 2 of task I.2 (a heading folded below): made unique, said so
    assert "[import-id-renamed]" in result.stderr


# --------------------------------------------------------------------------------------------
# Word


def _docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Số: 20/QĐ-UBND")
    document.add_paragraph("Mẫu, ngày 10 tháng 12 năm 2025")
    document.add_paragraph(
        "Điều 1. Ban hành kèm theo Quyết định này Chương trình cải cách hành chính "
        "giai đoạn 2026 - 2030 của tỉnh Mẫu."
    )
    table = document.add_table(rows=7, cols=7)
    headings = [
        "TT",
        "Nội dung/Nhiệm vụ",
        "Hoạt động/Sản phẩm",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian thực hiện",
        "Người đứng đầu chịu trách nhiệm",
    ]
    for column, heading in enumerate(headings):
        table.cell(0, column).text = heading
    table.cell(1, 0).text = "I"
    table.cell(1, 1).merge(table.cell(1, 6)).text = "CẢI CÁCH TỔ CHỨC BỘ MÁY"
    task = table.cell(2, 1).merge(table.cell(3, 1))  # the task over its two activities
    task.text = "Sắp xếp tổ chức các cơ quan chuyên môn."
    rows = [
        ("1.1", "Đề án sắp xếp.", "Sở Nội vụ", "Các sở, ngành"),
        ("1.2", "Quyết định thành lập.", "Sở Nội vụ", "Sở Tư pháp và Sở Tài chính"),
    ]
    for row, (number, product, lead, support) in enumerate(rows, start=2):
        table.cell(row, 0).text = number
        table.cell(row, 2).text = product
        table.cell(row, 3).text = lead
        table.cell(row, 4).text = support
        table.cell(row, 6).text = "Giám đốc Sở Nội vụ"
    table.cell(2, 5).merge(table.cell(3, 5)).text = "Năm 2026 - 2027"  # one deadline for both
    table.cell(4, 0).text = "2"
    leaf = [
        "Rà soát chức năng, nhiệm vụ.",
        "Báo cáo rà soát.",
        "Sở Nội vụ",
        "Các cơ quan, đơn vị liên quan",
        "Hằng năm",
        "",
    ]
    for column, text in enumerate(leaf, start=1):
        table.cell(4, column).text = text
    table.cell(5, 0).text = "II"
    table.cell(5, 1).merge(table.cell(5, 6)).text = "CHUYỂN ĐỔI SỐ"
    table.cell(6, 0).text = "1"
    last = [
        "Xây dựng kho dữ liệu.",
        "Kho dữ liệu dùng chung.",
        "Sở Khoa học và Công nghệ",
        "Các sở, ngành",
        "Giai đoạn 2026-2030",
        "",
    ]
    for column, text in enumerate(last, start=1):
        table.cell(6, column).text = text
    document.save(str(path))
    return path


def test_word_table_with_merged_cells(runner, tmp_path: Path) -> None:
    source = _docx(tmp_path / "chuong-trinh.docx")
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert (plan.info.decision, plan.info.year, plan.info.last_year) == ("20/QĐ-UBND", 2026, 2030)
    items = _items(plan)
    assert list(items) == ["I.1.1", "I.1.2", "I.2", "II.1"]
    assert items["I.1.1"][2] == "Sắp xếp tổ chức các cơ quan chuyên môn."
    assert items["I.1.2"][6] == "Năm 2026 - 2027"  # merged down
    assert items["I.1.2"][5] == ["Sở Tư pháp", "Sở Tài chính"]
    assert items["II.1"][4] == ["Sở Khoa học và Công nghệ"]
    assert [m.due.isoformat() for m in plan.items[-1].milestones] == ["2030-12-31"]
    extra = dict(plan.items[0].extra)
    assert extra == {"Người đứng đầu chịu trách nhiệm": "Giám đốc Sở Nội vụ"}
    assert f"{source}:4:1: info:" in result.stderr and "[import-inherited]" in result.stderr
    assert [i.id.value for i in plan.items if i.section_id == "II"] == ["II.1"]


# --------------------------------------------------------------------------------------------
# What cannot be read


def test_no_table_is_a_located_error(runner, tmp_path: Path) -> None:
    source = tmp_path / "van-ban.txt"
    source.write_text("QUYẾT ĐỊNH\nĐiều 1. Không có phụ lục.\n", encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{source}:1:1: error: không tìm thấy bảng phụ lục")
    assert "[import-no-table]" in result.stderr
    assert not out.exists()


def test_not_a_word_file(runner, tmp_path: Path) -> None:
    source = tmp_path / "hong.docx"
    source.write_bytes(b"not a zip")
    result = runner.invoke(app, ["import", str(source), "--lang", "en"])
    assert result.exit_code == 1
    assert "error: no appendix table found" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_period_is_a_usage_error(runner) -> None:
    result = runner.invoke(app, ["import", str(SOURCE), "--period", "2030-2026"])
    assert result.exit_code == 2


# --------------------------------------------------------------------------------------------
# Units in a cell


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("Các Vụ: Pháp chế; Tổ chức cán bộ", ["Vụ Pháp chế", "Vụ Tổ chức cán bộ"]),
        ("Sở Nội vụ, Sở Tư pháp", ["Sở Nội vụ", "Sở Tư pháp"]),
        ("Sở Tư pháp và Sở Tài chính", ["Sở Tư pháp", "Sở Tài chính"]),
        ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
        ("Các cơ quan, đơn vị liên quan", ["Các cơ quan, đơn vị liên quan"]),
        ("Vụ Pháp chế; Văn phòng Bộ.", ["Vụ Pháp chế", "Văn phòng Bộ"]),
        ("", []),
    ],
)
def test_split_units(cell: str, names: list[str]) -> None:
    assert split_units(cell) == names


def test_split_units_prefers_registry_names() -> None:
    known = ["Cục Văn thư và Lưu trữ nhà nước", "Vụ Pháp chế"]
    assert split_units("Cục Văn thư và Lưu trữ nhà nước và Vụ Pháp chế", known) == known


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Các sở, ngành", True),
        ("Các đơn vị thuộc, trực thuộc Bộ", True),
        ("Các bộ, ngành, địa phương", True),
        ("Các cơ quan, đơn vị liên quan", True),
        ("Sở Nội vụ", False),
        ("Văn phòng UBND tỉnh", False),
    ],
)
def test_group_wording(name: str, group: bool) -> None:
    assert is_group_wording(name) is group


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Nội dung/Nhiệm vụ", "task"),
        ("Nhiệm vụ", "task"),
        ("Hoạt động/Sản phẩm", "product"),
        ("Kết quả dự kiến", "product"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị phối hợp", "support"),
        ("Cơ quan phối hợp", "support"),
        ("Thời gian thực hiện", "deadline"),
        ("Thời hạn hoàn thành", "deadline"),
        ("Thời gian hoàn thành", "deadline"),
        ("Thời gian dự kiến hoàn thành", "deadline"),
        ("Ghi chú", "note"),
        ("TT", "number"),
        ("STT", "number"),
        ("Nguồn kinh phí", None),
        ("Người đứng đầu chịu trách nhiệm", None),
    ],
)
def test_column_headings(heading: str, role: str | None) -> None:
    from parplan.io.importer import _role

    assert _role(heading) == role
    assert _role(heading.upper()) == role  # headings are often in capitals


TINY = """PHỤ LỤC
Nhiệm vụ
|
Đơn vị chủ trì
|
Đơn vị phối hợp
|
Thời gian thực hiện
|
I. MỤC MỘT
|
1. Việc thứ nhất.
|
Sở Nội vụ
|
Sở Tư pháp
|
{first}
|
2. Việc thứ hai.
|
Sở Nội vụ
|
Sở Tư pháp
|
{second}
|
"""


@pytest.mark.parametrize(
    ("first", "second", "year", "last_year"),
    [
        ("Tháng 3/2027", "Quý IV/2027", 2027, None),  # one year: the deadlines' year
        ("Năm 2026", "Năm 2028", 2026, 2028),  # several: their span
    ],
)
def test_year_from_the_deadlines_when_the_decision_says_nothing(
    first: str, second: str, year: int, last_year: int | None
) -> None:
    from parplan.io.importer import Options, import_table, read_text_table

    table = read_text_table("tiny.txt", TINY.format(first=first, second=second))
    result = import_table("tiny.txt", table, Options())
    plan = _plan_of(result.plan_text)
    assert (plan.info.year, plan.info.last_year) == (year, last_year)
    assert plan.info.decision == "?"  # not found: to be filled in by hand
    # no product column: the task is its own product
    assert [(i.id.value, i.product) for i in plan.items] == [
        ("I.1", "Việc thứ nhất."),
        ("I.2", "Việc thứ hai."),
    ]


def test_year_and_period_options_win(runner, tmp_path: Path) -> None:
    source = str(FIXTURES / "so-noi-vu-2026.txt")
    result = runner.invoke(app, ["import", source, "--year", "2027"])
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["plan"]["year"] == 2027
    assert "→ stdout" in result.stderr
    result = runner.invoke(app, ["import", source, "--period", "2026-2030", "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert yaml.safe_load(result.stdout)["plan"]["period"] == "2026-2030"
    assert result.stderr.splitlines()[-1].startswith(f"Imported {source}: 9 rows, 5 items")


def _docx_from_rows(path: Path, rows: list[list[str]]) -> Path:
    """A Word file whose only table holds ``rows`` (a row of one cell spans the table)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("Số: 999/QĐ-BNV")
    document.add_paragraph("Hà Nội, ngày 20 tháng 12 năm 2025")
    document.add_paragraph(
        "Điều 1. Ban hành kèm theo Quyết định này Chương trình cải cách hành chính "
        "giai đoạn 2026 - 2030 của Bộ Nội vụ."
    )
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        if len(row) == 1:
            table.cell(r, 0).merge(table.cell(r, width - 1)).text = row[0]
            continue
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def test_word_programme_with_every_variation(runner, tmp_path, registry_copy) -> None:
    rows = [
        ["Nội dung/Nhiệm vụ", "Kết quả dự kiến", "Cơ quan chủ trì", "Cơ quan phối hợp",
         "Thời gian dự kiến hoàn thành", "Ghi chú"],
        ["I. CẢI CÁCH THỂ CHẾ"],
        ["1. Hoàn thiện thể chế công vụ", "", "", "", "", ""],
        ["1.1. Pháp luật về cán bộ, công chức", "", "", "", "", ""],
        ["", "1.1.1. Dự thảo Luật sửa đổi.", "Vụ Pháp chế", "Văn phòng Bộ",
         "Năm 2026 - 2027", ""],
        ["", "1.1.2. Nghị định hướng dẫn.", "Các Vụ: Pháp chế; Công chức - Viên chức",
         "Các cơ quan, đơn vị liên quan", "", ""],
        ["", "(tiếp theo) và các Thông tư.", "", "", "", ""],
        ["1.2. Pháp luật về tiền lương", "", "", "", "", ""],
        ["", "a) Đề án cải cách tiền lương.", "Vụ Tiền lương", "Vụ Pháp chế", "Hàng năm", ""],
        ["II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH"],
        ["1. Công khai thủ tục hành chính.", "Danh mục thủ tục hành chính.", "Văn phòng Bộ",
         "Các cơ quan, đơn vị liên quan", "Khi có yêu cầu", "Theo Nghị định 61"],
    ]  # fmt: skip
    source = _docx_from_rows(tmp_path / "chuong-trinh.docx", rows)
    out = tmp_path / "plan.yaml"
    result = runner.invoke(
        app, ["import", str(source), "--out", str(out), "--units", str(registry_copy)]
    )
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert (plan.info.year, plan.info.last_year) == (2026, 2030)
    items = _items(plan)
    assert list(items) == ["I.1.1", "I.1.2", "I.2.1", "II.1"]
    assert items["I.1.1"][2] == "Hoàn thiện thể chế công vụ — Pháp luật về cán bộ, công chức"
    assert items["I.1.2"][3] == "Nghị định hướng dẫn. (tiếp theo) và các Thông tư."
    assert items["I.1.2"][4] == ["Vụ Pháp chế", "Vụ Công chức - Viên chức"]
    assert items["I.1.2"][6] == "Năm 2026 - 2027"  # an empty deadline inherits
    assert items["I.2.1"][6] == "Hàng năm"
    assert items["II.1"][7] == "Theo Nghị định 61"
    assert f"{source}:7:1: info:" in result.stderr and "[import-continued]" in result.stderr
    assert f"{source}:6:1: info:" in result.stderr and "[import-inherited]" in result.stderr


def word_971(source: Path) -> Path:
    """The 2025 appendix laid out as Word lays it out — the task's cell merged down over its
    activities, section titles across the row — saved as ``source``."""
    docx = pytest.importorskip("docx")
    from parplan.io.importer import read_text_table

    table = read_text_table(str(SOURCE), SOURCE.read_text(encoding="utf-8"))
    width = len(table.columns)
    document = docx.Document()
    document.add_paragraph("Số: 971/QĐ-BNV")
    document.add_paragraph("Hà Nội, ngày 30 tháng 12 năm 2024")
    document.add_paragraph(
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cải cách hành chính năm 2025 "
        "của Bộ Nội vụ."
    )
    rows = [r for r in table.rows if any(c.text for c in r)]
    word = document.add_table(rows=len(rows) + 1, cols=width)
    grid = [list(row.cells) for row in word.rows]  # before any merge: one cell a position
    for column, heading in enumerate(table.columns):
        grid[0][column].text = heading.heading
    merges = []  # done last: python-docx finds a cell in O(table) once cells are merged
    task_top = 0
    for r, row in enumerate(rows, start=1):
        texts = [c.text for c in row]
        if len(texts) == 2 and not texts[1]:  # a section: its title across the row
            grid[r][0].text = texts[0]
            merges.append((grid[r][0], grid[r][width - 1]))
        elif len(texts) == 1:  # a task's heading: its cell merged down over its activities
            grid[r][0].text = texts[0]
            task_top = r
        else:
            missing = width - len(texts)
            for column, text in enumerate(texts, start=missing):
                grid[r][column].text = text
            if missing:
                merges.append((grid[task_top][0], grid[r][0]))
    for top, bottom in merges:
        top.merge(bottom)
    document.save(str(source))
    return source


def test_round_trip_through_word(runner, tmp_path: Path) -> None:
    """The Word layout of the 2025 appendix gives back data/plan-2025.yaml too."""
    source = word_971(tmp_path / "971.docx")
    result = runner.invoke(app, ["import", str(source), "--units", str(UNITS)])
    assert result.exit_code == 0, result.stderr
    imported = _plan_of(result.stdout)
    expected, _ = load_plan(PLAN)
    assert _items(imported) == _items(expected)
    assert imported.info == replace(expected.info, reporting=None)  # the calendar is not in it


def test_missing_source(runner, tmp_path: Path) -> None:
    source = tmp_path / "khong-co.docx"
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"{source}:1:1: error: không tìm thấy tệp [file-missing]\n"


# --------------------------------------------------------------------------------------------
# A second reading: hostile tables


def _ragged_docx(path: Path, drop: int, add: int) -> Path:
    """A Word table whose third row has ``drop`` cells fewer, or ``add`` more, than the others
    (as a row edited by hand in Word ends up)."""
    import copy

    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    document = docx.Document()
    rows = [
        ["TT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Thời gian hoàn thành", "Ghi chú"],
        ["I", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
        ["1", "Việc một.", "Báo cáo.", "Sở Nội vụ", "Tháng 3/2026", ""],
        ["2", "Việc hai.", "Báo cáo.", "Sở Nội vụ", "Tháng 4/2026", "x"],
        ["3", "Việc ba.", "Báo cáo.", "Sở Nội vụ", "Tháng 5/2026", ""],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    tr = table.rows[3]._tr
    cells = tr.findall(qn("w:tc"))
    for tc in cells[len(cells) - drop :] if drop else []:
        tr.remove(tc)
    for _ in range(add):
        tr.append(copy.deepcopy(cells[-1]))
    document.save(str(path))
    return path


@pytest.mark.parametrize(("drop", "add"), [(1, 0), (0, 1)])
def test_word_row_shorter_or_longer_than_the_heading(runner, tmp_path, drop, add) -> None:
    source = _ragged_docx(tmp_path / "phu-luc.docx", drop, add)
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert "Traceback" not in result.stderr
    assert result.exit_code == 0, result.stderr
    items = _items(load_plan(out)[0])
    assert list(items) == ["I.1", "I.2", "I.3"]
    assert [items[i][6] for i in items] == ["Tháng 3/2026", "Tháng 4/2026", "Tháng 5/2026"]


def _table_text(rows: list[list[str]]) -> str:
    return "".join(f"{cell}\n|\n" for row in rows for cell in row)


HEAD = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn hoàn thành"]


def test_section_numbers_repeated_are_made_unique(runner, tmp_path: Path) -> None:
    # Two parts of an appendix, each numbering its sections from I.
    source = tmp_path / "hai-phan.txt"
    source.write_text(
        _table_text(
            [
                HEAD,
                ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                ["1", "Việc một.", "Sở Nội vụ", "Tháng 3/2026"],
                ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", ""],
                ["1", "Việc hai.", "Sở Nội vụ", "Tháng 4/2026"],
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert [(i.id.value, i.section_id) for i in plan.items] == [("I.1", "I"), ("II.1", "II")]
    assert f"{source}:25:1: info:" in result.stderr and "[import-id-renamed]" in result.stderr


def test_table_without_sections_gets_a_titled_section(runner, tmp_path: Path) -> None:
    source = tmp_path / "khong-muc.txt"
    source.write_text(
        _table_text([HEAD, ["1", "Việc một.", "Sở Nội vụ", "Tháng 3/2026"]]), encoding="utf-8"
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert [i.id.value for i in plan.items] == ["I.1"]
    section = yaml.safe_load(out.read_text(encoding="utf-8"))["sections"][0]
    assert section["title"] == "Mục I"


def test_a_row_of_column_numbers_in_a_word_table(runner, tmp_path: Path) -> None:
    # "(1) (2) (3) (4)" under the headings: no item, and the first section keeps its number.
    source = _docx_from_rows(
        tmp_path / "so-cot.docx",
        [
            HEAD,
            ["(1)", "(2)", "(3)", "(4)"],
            ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
            ["1", "Việc một.", "Sở Nội vụ", "Tháng 3/2026"],
        ],
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert [i.id.value for i in load_plan(out)[0].items] == ["I.1"]
    assert "[import-id-renamed]" not in result.stderr


def test_a_row_of_column_numbers_in_a_text_table(runner, tmp_path: Path) -> None:
    # The "(1) (2) (3) (4)" cells are not four more headings: a row with no number after them
    # continues the item above in its own columns, not in phantom columns "(2)", "(3)".
    source = tmp_path / "so-cot.txt"
    source.write_text(
        _table_text(
            [
                HEAD,
                ["(1)", "(2)", "(3)", "(4)"],
                ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                ["1", "Việc một,", "Sở Nội vụ", "Tháng 3/2026"],
                ["", "tiếp theo.", "", ""],
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    item = load_plan(out)[0].items[0]
    assert (item.id.value, item.task_title, dict(item.extra)) == (
        "I.1",
        "Việc một, tiếp theo.",
        {},
    )


def test_word_heading_on_two_rows(runner, tmp_path: Path) -> None:
    # "Cơ quan thực hiện" spans two columns, headed "Chủ trì" and "Phối hợp" on the row below;
    # the other headings are merged down over both rows.
    docx = pytest.importorskip("docx")
    document = docx.Document()
    table = document.add_table(rows=4, cols=5)
    top = ["STT", "Nhiệm vụ", "Cơ quan thực hiện", "", "Thời gian hoàn thành"]
    for c, text in enumerate(top):
        table.cell(0, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
    for c, text in enumerate(["I", "CẢI CÁCH THỂ CHẾ", "", "", ""]):
        table.cell(2, c).text = text
    for c, text in enumerate(["1", "Việc một.", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"]):
        table.cell(3, c).text = text
    source = tmp_path / "hai-dong.docx"
    document.save(str(source))
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    items = _items(load_plan(out)[0])
    assert list(items) == ["I.1"]
    assert (items["I.1"][4], items["I.1"][5]) == (["Sở Nội vụ"], ["Sở Tư pháp"])
    assert "[import-id-renamed]" not in result.stderr


def test_word_empty_cell_not_merged_is_empty(runner, tmp_path: Path) -> None:
    # In Word a merge is explicit: an empty support cell that is not merged down from the row
    # above means no support unit (most rows have none), not the row above's.
    source = _docx_from_rows(
        tmp_path / "trong.docx",
        [
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"],
            ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],
            ["1", "Việc một.", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"],
            ["2", "Việc hai.", "Sở Tư pháp", "", "Tháng 9/2026"],
        ],
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    items = _items(load_plan(out)[0])
    assert (items["I.2"][4], items["I.2"][5]) == (["Sở Tư pháp"], [])
    assert "[import-inherited]" not in result.stderr


def test_an_item_with_no_lead_is_reported(runner, tmp_path: Path) -> None:
    # The table names no lead for I.1 (and has no lead column to inherit from): the plan is
    # written, but the report says that no unit will see the item as its own.
    source = tmp_path / "khong-chu-tri.txt"
    head = ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Thời hạn hoàn thành"]
    source.write_text(
        _table_text(
            [
                head,
                ["I", "CẢI CÁCH THỂ CHẾ", "", ""],
                ["1", "Việc một.", "Sở Nội vụ", "Quý II/2026"],
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert f"{source}:17:1: warning: I.1 has no lead unit" in result.stderr
    assert "[import-no-lead]" in result.stderr


@pytest.mark.parametrize("form", ["txt", "docx"])
def test_heading_row_repeated_in_the_table(runner, tmp_path: Path, form: str) -> None:
    # A table across pages, its heading row repeated on the next page (as Word files converted
    # from PDF have it): not a continuation of the item above.
    head = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn hoàn thành"]
    rows = [
        head,
        ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],
        ["1", "Việc một.", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"],
        head,
        ["2", "Việc hai.", "Sở Tư pháp", "", "Tháng 9/2026"],
    ]
    source = tmp_path / f"lap-tieu-de.{form}"
    if form == "docx":
        _docx_from_rows(source, rows)
    else:
        source.write_text(_table_text(rows), encoding="utf-8")
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    items = _items(load_plan(out)[0])
    assert items["I.1"][3:7] == ("Việc một.", ["Sở Nội vụ"], ["Sở Tư pháp"], "Quý II/2026")
    assert "[import-continued]" not in result.stderr


def test_headings_without_items_say_so(runner, tmp_path: Path) -> None:
    # The heading row is there, no numbered row under it: the reason must not read as if the
    # headings were missing.
    source = tmp_path / "chi-tieu-de.txt"
    source.write_text(_table_text([HEAD, ["Không có nhiệm vụ", "", "", ""]]), encoding="utf-8")
    result = runner.invoke(app, ["import", str(source), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{source}:1:1: error: no appendix table found")
    assert "no numbered row under the headings" in result.stderr


def test_word_appendix_split_into_two_tables(runner, tmp_path: Path) -> None:
    # The appendix as two Word tables (split at a page or a section), the second with its own
    # heading row or none: both are read; a later table of other headings is another appendix.
    docx = pytest.importorskip("docx")
    document = docx.Document()
    parts = [
        [HEAD, ["I", "CẢI CÁCH THỂ CHẾ", "", ""], ["1", "Việc một.", "Sở Nội vụ", "Quý II/2026"]],
        [HEAD, ["II", "CẢI CÁCH TTHC", "", ""], ["1", "Việc hai.", "Sở Tư pháp", "Tháng 9/2026"]],
        [["III", "CẢI CÁCH TÀI CHÍNH CÔNG", "", ""], ["1", "Việc ba.", "Sở Tài chính", "Năm 2026"]],
        [["STT", "Nhiệm vụ", "Kinh phí", "Thời gian"], ["1", "Khác.", "Sở Nội vụ", "Năm 2026"]],
    ]
    for rows in parts:
        table = document.add_table(rows=len(rows), cols=4)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        document.add_paragraph("")
    source = tmp_path / "hai-bang.docx"
    document.save(str(source))
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    items = _items(load_plan(out)[0])
    assert [(i, items[i][4]) for i in items] == [
        ("I.1", ["Sở Nội vụ"]),
        ("II.1", ["Sở Tư pháp"]),
        ("III.1", ["Sở Tài chính"]),
    ]


def test_text_saved_as_unicode_on_windows(runner, tmp_path: Path) -> None:
    # Notepad's and Word's "Unicode" text is UTF-16 with a byte order mark: read as such; a
    # file in another encoding says so, not "UnicodeDecodeError".
    text = (FIXTURES / "so-noi-vu-2026.txt").read_text(encoding="utf-8")
    source = tmp_path / "utf16.txt"
    source.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    result = runner.invoke(app, ["import", str(source)])
    assert result.exit_code == 0, result.stderr
    assert "Nhập" in result.stderr and "5 mục" in result.stderr
    legacy = tmp_path / "windows-1258.txt"
    legacy.write_bytes(b"Nhi\xea\xf2m v\xf9")  # "Nhiệm vụ" in Windows-1258
    result = runner.invoke(app, ["import", str(legacy), "--lang", "en"])
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"{legacy}:1:1: error: the file is not UTF-8 (perhaps TCVN3, VNI or Windows-1258): save it as UTF-8 [file-encoding]\n"
    )


def test_the_2025_decision_without_a_registry_gives_one_spelling_per_unit(runner, tmp_path) -> None:
    """The decision writes some units two ways ("Vụ Cải cách hành chính" and "Vụ cải cách hành
    chính"; "Lưu trữ" and "Lưu trư"): imported with no registry, the new units file names each
    unit once, the plan one way, and the pair passes validate."""
    out = tmp_path / "data" / "plan-2025.yaml"
    result = runner.invoke(app, ["import", str(SOURCE), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    units = yaml.safe_load((out.parent / "units.yaml").read_text("utf-8"))
    names = [u["name"] for u in units["units"]] + [g["name"] for g in units["groups"]]
    assert "Vụ Cải cách hành chính" in names and "Vụ cải cách hành chính" not in names
    assert "Cục Văn thư và Lưu trữ nhà nước" in names
    assert "Cục Văn thư và Lưu trư nhà nước" not in names
    assert "Vụ cải cách hành chính" not in out.read_text("utf-8")
    checked = runner.invoke(app, ["validate", "--plan", str(out)])
    assert checked.exit_code == 0, checked.output
    assert "duplicate-unit" not in checked.output


def test_adding_aliases_to_a_units_file_with_a_tag_never_crashes() -> None:
    """A name written with a tag is not constructed (PyYAML's constructor crashed on
    "!!timestamp x"): it names no unit, and the file is refused by fmt as any tag is."""
    from parplan.io.fmt import CannotFormat
    from parplan.io.importer import add_aliases

    text = "units:\n  - name: !!timestamp x\n    kind: administrative\ngroups: []\n"
    with pytest.raises(CannotFormat):
        add_aliases(text, {"Vụ X": "x"})
    plain = "units:\n  - name: 'Vụ X'\n    kind: administrative\ngroups: []\n"
    assert "- Vụ Y" in add_aliases(plain, {"Vụ Y": "Vụ X"})


def test_extra_column_with_a_long_heading_is_kept_under_a_short_key(runner, tmp_path) -> None:
    """A heading over 1,024 characters was written by PyYAML as a complex key (``? …``), which
    fmt refuses, and the import ended in a traceback (found by the import fuzz run)."""
    heading = "Nguồn kinh phí thực hiện " + "x" * 1100
    source = tmp_path / "qd.tsv"
    source.write_text(
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\t" + heading + "\n"
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\n"
        "1\tRà soát văn bản.\tSở Tư pháp\tTháng 6/2026\tNgân sách tỉnh\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    (extra,) = [dict(item.extra) for item in load_plan(out)[0].items]
    ((key, value),) = extra.items()
    assert value == "Ngân sách tỉnh"
    assert key == heading[:199] + "…"


def test_two_long_headings_cut_to_one_key_are_both_kept(runner, tmp_path) -> None:
    first, second = "Nguồn " + "x" * 1100 + " 1", "Nguồn " + "x" * 1100 + " 2"
    source = tmp_path / "qd.tsv"
    source.write_text(
        f"STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\t{first}\t{second}\n"
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t\t\n"
        "1\tRà soát văn bản.\tSở Tư pháp\tTháng 6/2026\tA\tB\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out), "--year", "2026"])
    assert result.exit_code == 0, result.output
    (extra,) = [dict(item.extra) for item in load_plan(out)[0].items]
    key = first[:199] + "…"
    assert extra == {key: "A", key + " (2)": "B"}


@pytest.mark.parametrize(
    ("headings", "keys"),
    [
        # 180 BOMs: 180 characters, but written as 1,080 ("\\ufeff" each): cut to half, twice
        (["\ufeff" * 180], 1),
        # 826 headings cut to one key: numbered copies, never a key past the limit
        (["x" * 1100 + str(n) for n in range(826)], 826),
    ],
)
def test_extra_keys_stay_short_as_written(runner, tmp_path, headings, keys) -> None:
    """Found by a second reading: the limit counted characters, not the key as PyYAML writes it,
    and the copies' suffixes grew without bound; both ended in a CannotFormat traceback."""
    source = tmp_path / "qd.tsv"
    tabs = "\t" * len(headings)
    source.write_text(
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\t" + "\t".join(headings) + "\n"
        "I\tCẢI CÁCH THỂ CHẾ\t\t\t" + tabs + "\n"
        "1\tRà soát văn bản.\tSở Tư pháp\tTháng 6/2026\t" + "\t".join("v" * len(headings)) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "plan.yaml"
    result = runner.invoke(app, ["import", str(source), "--out", str(out), "--year", "2026"])
    assert result.exit_code == 0, result.output[-2000:]
    (extra,) = [dict(item.extra) for item in load_plan(out)[0].items]
    assert len(extra) == keys
