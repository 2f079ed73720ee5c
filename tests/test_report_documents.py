"""The report as a document (issue 18): its number and symbol, its tables as printed, the same
parts in every format.

Expected values are worked out by hand from Nghị định 30/2020/NĐ-CP's rule for a symbol
(capitals, no spaces) and from ``data/units.yaml``; the PDF checks read back what LibreOffice
prints.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PLAN as REAL_PLAN
from conftest import UNITS as REAL_UNITS

from parplan.cli.app import app
from parplan.core.units import derive_code
from parplan.render.report_widths import CELL_PADDING_PT, column_widths, text_width

HERE = Path(__file__).resolve().parent / "report"
PLAN = HERE / "plan.yaml"
UNITS = HERE / "units.yaml"
REAL = ["--plan", str(REAL_PLAN), "--units", str(REAL_UNITS)]


# ---------------------------------------------------------------------------------------------
# 7. "Số: …/BC-CODE"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("VP", "VP"),
        ("Tạp chí TCNN", "TCNN"),  # the words already abbreviated
        ("Cục TL&BHXH", "TLBHXH"),  # '&' is no letter
        ("Dân trí", "DT"),  # no abbreviation: every word's initial, tone marks dropped
        ("Bộ Nội vụ", "BNV"),
        ("Ban TĐKT TW", "TĐKTTW"),  # Đ is a letter, as in "QĐ-BNV"
        ("Viện KHTCNN", "KHTCNN"),
        ("Trung tâm Công nghệ thông tin", "TTCNTT"),
        ("ủy ban", "UB"),
    ],
)
def test_code_derived_as_nghi_dinh_30_writes_a_symbol(name: str, code: str) -> None:
    assert derive_code(name) == code


def _md_number(runner, *args: str) -> str:
    result = runner.invoke(app, ["report", "--period", "Q1", *args, *REAL])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return next(line for line in result.stdout.splitlines() if line.startswith("Số:"))


@pytest.mark.parametrize(
    ("unit", "number"),
    [
        # the three spellings the issue met: "/BC-TạpchíTCNN", "/BC-Dântrí", "/BC-CụcTL&BHXH"
        ("Tạp chí Tổ chức nhà nước", "Số: /BC-TCNN"),
        ("Báo Dân trí", "Số: /BC-DT"),
        ("Cục Tiền lương và Bảo hiểm xã hội", "Số: /BC-TLBHXH"),
        ("VP", "Số: /BC-VP"),
        ("Thanh tra Bộ", "Số: /BC-TTR"),
        ("Vụ Chính quyền địa phương", "Số: /BC-CQĐP"),  # its code: in units.yaml
    ],
)
def test_report_number_of_the_real_units(runner, unit: str, number: str) -> None:
    assert _md_number(runner, "--unit", unit) == number


def test_number_option_sets_the_number(runner) -> None:
    assert _md_number(runner) == "Số: /BC-BNV"
    assert _md_number(runner, "--number", "12") == "Số: 12/BC-BNV"
    # Nghị định 30/2020/NĐ-CP, Phụ lục I: a number below 10 takes a 0 before it (review of
    # issue 18: "Số: 7/BC-VP" was printed)
    assert _md_number(runner, "--number", "7", "--unit", "VP") == "Số: 07/BC-VP"
    assert _md_number(runner, "--number", "007") == "Số: 07/BC-BNV"
    assert _md_number(runner, "--number", "120") == "Số: 120/BC-BNV"


@pytest.mark.parametrize("value", ["12a", "-3", "", "１２", "0", "00"])  # numbers start at 01
def test_number_option_refuses_what_is_no_number(runner, value: str) -> None:
    result = runner.invoke(app, ["report", "--period", "Q1", "--number", value, *REAL])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"--number nhận số của văn bản bằng chữ số (ví dụ 12), không phải '{value}'\n"
    )


def test_code_from_the_units_file_wins_and_is_checked(runner, tmp_path) -> None:
    units = tmp_path / "units.yaml"
    text = UNITS.read_text(encoding="utf-8")
    units.write_text(text.replace("    short: VP\n", "    short: VP\n    code: VPB\n"), "utf-8")
    result = runner.invoke(
        app, ["report", "-p", "Q1", "-u", "VP", "--plan", str(PLAN), "--units", str(units)]
    )
    assert result.exit_code == 0, result.output
    assert "Số: /BC-VPB" in result.stdout.splitlines()
    units.write_text(text.replace("    short: VP\n", "    short: VP\n    code: V P\n"), "utf-8")
    result = runner.invoke(app, ["validate", "--plan", str(PLAN), "--units", str(units)])
    assert result.exit_code == 1
    line = 1 + text.splitlines().index("    short: VP")
    assert f"units.yaml:{line + 1}:11: error" in result.stdout
    assert "'code' chỉ gồm chữ in hoa và chữ số" in result.stdout


# ---------------------------------------------------------------------------------------------
# 8. Word tables: no word, no date broken across lines


def test_text_width_of_times_new_roman() -> None:
    # Times New Roman's advance widths (1/1000 em): H 778, a 500, n 556 bold; digits 500 and
    # "/" 278 regular. "Hạn" is as wide as "Han".
    assert text_width("Hạn", 11, bold=True) == pytest.approx((778 + 500 + 556) * 11 / 1000)
    assert text_width("20/01/2025", 11) == pytest.approx((8 * 500 + 2 * 278) * 11 / 1000)
    assert text_width("Đ", 10) == text_width("D", 10)


def test_columns_are_never_narrower_than_their_widest_word() -> None:
    headers = ("STT", "Hoàn thành đúng hạn", "Nội dung")
    rows = [("1", "0", "Trước 20/01/2025 " * 30)]
    widths = column_widths(headers, rows, 400, 11)
    assert sum(widths) == pytest.approx(400)
    # the widest word of each column, plus the cell's margins
    assert widths[0] >= text_width("STT", 11, bold=True) + CELL_PADDING_PT
    assert widths[1] >= text_width("thành", 11, bold=True) + CELL_PADDING_PT
    assert widths[2] >= text_width("20/01/2025", 11) + CELL_PADDING_PT


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _document_words(path: Path) -> set[str]:
    """Every word of the .docx, and its pieces after a hyphen (where a line may break)."""
    from docx import Document

    document = Document(str(path))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    words = set()
    for paragraph in paragraphs:
        for word in paragraph.text.split():
            words.add(word)
            words.update(piece for piece in re.split(r"(?<=-)", word) if piece)
    return words


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_word_tables_break_no_word_in_libreoffices_pdf(runner, tmp_path) -> None:
    """The ministry's Q1 report on the real plan, printed by LibreOffice: every word of the PDF
    is a whole word of the document (or its part after a hyphen) — no "Hoàn thàn/h đúng hạn",
    "Thườ/ng xuyê/n", "Trước 20/01/202/5", "VII.2./2"."""
    source = tmp_path / "bao-cao.docx"
    args = ["report", "-p", "Q1", "-f", "docx", "-o", str(source), *REAL]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Đã ghi {source}\n"
    subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(tmp_path / "bao-cao.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    printed = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", boxes)]
    assert len(printed) > 1000  # the whole report, its per-unit table included
    assert "xuyên" in printed and "20/01/2025" in printed
    whole = _document_words(source)
    assert [word for word in printed if word not in whole] == []
    # 15: the signer's placeholder never leaves "KÝ" alone on a line
    lines: dict[str, list[str]] = {}
    for top, word in re.findall(r'<word xMin="[^"]*" yMin="([^"]*)"[^>]*>(.*?)</word>', boxes):
        lines.setdefault(top, []).append(html.unescape(word))
    signer = [words for words in lines.values() if "KÝ" in words]
    assert signer == [["CỦA", "NGƯỜI", "KÝ"]]


def test_per_unit_rate_is_a_dash_where_nothing_fell_due(runner) -> None:
    """15: Ban Thi đua - Khen thưởng Trung ương has nothing due by 14/03/2025 (0 in "Đã đến
    hạn"): its rate is "—", as the summary writes it, not blank."""
    result = runner.invoke(app, ["report", "-p", "Q1", *REAL])
    assert result.exit_code == 0 and result.stderr == ""
    row = next(line for line in result.stdout.splitlines() if "| Ban Thi đua" in line)
    assert row == "| 1 | Ban Thi đua - Khen thưởng Trung ương | 0 | 0 | 7 | 0 | 2 | 0 | 0 | — |"


# ---------------------------------------------------------------------------------------------
# 9. The same parts in Markdown, HTML and Word

# Nghị định 30/2020/NĐ-CP: the national name and motto at the top, then "Nơi nhận" (for a unit:
# Vụ Cải cách hành chính, which assembles the ministry's report, and the archive) beside the
# signer's block, whose title and name the unit fills in.
PARTS = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: /BC-VP",
    "Hà Nội, ngày 20 tháng 3 năm 2025",
    "Nơi nhận:",
    "- Vụ Cải cách hành chính (để tổng hợp);",
    "- Lưu: VT, VP.",
    "QUYỀN HẠN, CHỨC VỤ",
    "CỦA NGƯỜI KÝ",
    "(Chữ ký, dấu)",
    "Họ và tên",
]


def _lines_of(fmt: str, output: Path, stdout: str) -> list[str]:
    if fmt == "md":
        # the words as a reader sees them: emphasis marks and hard breaks away
        return [line.strip("*").rstrip().strip("*") for line in stdout.splitlines()]
    if fmt == "html":
        text = re.sub(r"<br>|</(div|li|p|h1|h2|td|th)>", "\n", stdout)
        return [html.unescape(line).strip() for line in re.sub(r"<[^>]+>", "", text).splitlines()]
    from docx import Document

    document = Document(str(output))
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for cell in table.rows[0].cells:
            paragraphs.extend(cell.paragraphs)
    return [line for p in paragraphs for line in p.text.splitlines()]


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_every_format_has_the_documents_parts(runner, tmp_path, fmt: str) -> None:
    output = tmp_path / f"bao-cao.{fmt}"
    args = ["report", "-p", "Q1", "-u", "VP", "-f", fmt, *REAL]
    if fmt == "docx":
        args += ["-o", str(output)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.split()) for line in _lines_of(fmt, output, result.stdout)]
    for part in PARTS:
        assert part in lines, (fmt, part)
    # in the document's order: the heading, the recipients, then the signer
    order = [lines.index(part) for part in PARTS[:2] + PARTS[4:5] + PARTS[7:]]
    assert order == sorted(order)


# ---------------------------------------------------------------------------------------------
# 15. show: a wrapped list of units keeps its indent


def test_show_wraps_the_units_owing_under_their_indent(runner) -> None:
    """I.3.1 on 19/03/2025: none of the 22 units has sent its Q1 report. At 80 columns the line
    "  Còn 22 đơn vị chưa xong: …" wraps; every line it wraps to starts with the same two
    spaces, and no unit's name is lost."""
    env = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "80", "PARPLAN_TODAY": "2025-03-19"}
    result = runner.invoke(app, ["show", "I.3.1", *REAL], env=env)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    start = lines.index(next(line for line in lines if "Còn 22 đơn vị chưa xong" in line))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("Tháng 6/2025"))
    block = lines[start:end]
    assert len(block) > 3 and all(line.startswith("  ") and len(line) <= 80 for line in block)
    assert " ".join(line.strip() for line in block).endswith("Cục Người có công; Báo Dân trí")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_word_reports_closing_block_stays_on_one_page(runner, tmp_path) -> None:
    """Review of issue 18: Tạp chí Tổ chức nhà nước's Q1 report on the real plan fills its
    first page down to the closing block, which LibreOffice split: "Nơi nhận" and the signer's
    title on page 1, "Lưu: VT, TCNN." and "Họ và tên" on page 2. The block is one row that is
    never split across pages."""
    source = tmp_path / "bao-cao.docx"
    args = ["report", "-p", "Q1", "-u", "Tạp chí", "-f", "docx", "-o", str(source), *REAL]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    convert = ["--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(
        [_soffice(), profile, *convert],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "bao-cao.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = text.split("\f")
    holding = [n for n, page in enumerate(pages) if "Nơi nhận" in page]
    assert len(holding) == 1
    page = pages[holding[0]]
    for part in ("Lưu: VT, TCNN.", "QUYỀN HẠN, CHỨC VỤ", "Họ và tên"):
        assert part in page, part


def test_report_json_carries_the_number_and_code(runner) -> None:
    """Review of issue 18: "Số: N/BC-CODE" is in every format, JSON included (it had neither);
    N is --number's, or null when left blank for the records office."""
    import json

    args = ["report", "--period", "Q1", "--format", "json", *REAL]
    given = runner.invoke(app, [*args, "--number", "7", "--unit", "VP"])
    assert given.exit_code == 0, given.output
    assert {k: json.loads(given.stdout)[k] for k in ("number", "code")} == {
        "number": "07",  # as printed: "Số: 07/BC-VP"
        "code": "VP",
    }
    blank = json.loads(runner.invoke(app, args).stdout)
    assert (blank["number"], blank["code"]) == (None, "BNV")
