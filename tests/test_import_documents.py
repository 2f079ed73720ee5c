"""`parplan import` of the documents agencies publish (issue 20): the header read from the
document, every format (.docx, .doc, PDF, pasted text), one cell never stopping the import.

The tests build their own documents with python-docx, and convert them with LibreOffice to .doc
and PDF where it is installed (skipped, with the reason, where it is not). Expected values are
the documents' own words, and milestones worked out by hand.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from parplan.cli.app import app
from parplan.io.loader import load_plan

HEAD = ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]

# An appendix-only document of a province (as issue 20 describes it): its name, its
# "(Kèm theo …)" line, then the table.
APPENDIX_2026 = (
    [
        "PHỤ LỤC",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        "(Kèm theo Quyết định số 12/QĐ-XYZ ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Mẫu)",
    ],
    [
        HEAD,
        ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],
        [
            "1",
            "Rà soát văn bản quy phạm pháp luật.",
            "Sở Tư pháp",
            "Các sở, ban, ngành",
            "Tháng 6/2026",
        ],
        ["2", "Báo cáo công tác cải cách hành chính.", "Sở Nội vụ", "", "Hằng năm"],
        ["II", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", ""],
        [
            "1",
            "Công bố thủ tục hành chính.",
            "Văn phòng UBND tỉnh",
            "Sở Nội vụ; Sở Tư pháp",
            "Quý II/2026",
        ],
    ],
)

PROGRAMME = (
    [
        "PHỤ LỤC",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026 - 2030",
        "(Kèm theo Quyết định số 77/QĐ-UBND ngày 30 tháng 12 năm 2025 của UBND tỉnh Mẫu)",
    ],
    [
        HEAD,
        ["1", "Báo cáo công tác cải cách hành chính.", "Sở Nội vụ", "", "Hằng năm"],
        ["2", "Tổng kết Kế hoạch.", "Sở Nội vụ", "Các sở, ban, ngành", "Năm 2030"],
    ],
)


def make_docx(path: Path, paragraphs: list[str], rows: list[list[str]]) -> Path:
    """A Word file: the paragraphs (a line in parentheses in italics, as decisions print the
    "Kèm theo" line), then one table of ``rows`` (a row whose cells after the first are empty
    and whose first is a Roman numeral is a section row, its title cell spanning the rest)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).italic = text.startswith("(")
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(str(path))
    return path


def _import(runner, source: Path, *options: str):
    return runner.invoke(app, ["import", str(source), *options])


# --------------------------------------------------------------------------------------------
# 1. The header from the document


def test_appendix_only_header_from_the_document(runner, tmp_path: Path) -> None:
    source = make_docx(tmp_path / "phu-luc.docx", *APPENDIX_2026)
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(result.stdout)["plan"]
    assert header == {
        "title": "Kế hoạch cải cách hành chính năm 2026",
        "decision": "12/QĐ-XYZ",
        "issued": date(2026, 1, 5),
        "year": 2026,
    }
    # the "Hằng năm" row: one milestone, the end of 2026 (not a year guessed from it)
    assert yaml.safe_load(result.stdout)["sections"][0]["tasks"][1]["deadline"] == "Hằng năm"
    assert (
        "Kế hoạch: Kế hoạch cải cách hành chính năm 2026 — Quyết định 12/QĐ-XYZ ngày "
        "05/01/2026 (Chủ tịch UBND tỉnh Mẫu) — năm 2026" in result.stderr
    )
    assert "import-years-guessed" not in result.stderr


def test_programme_period_from_the_title_gives_a_milestone_each_year(runner, tmp_path) -> None:
    source = make_docx(tmp_path / "giai-doan.docx", *PROGRAMME)
    out = tmp_path / "data" / "plan.yaml"
    result = _import(runner, source, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(out.read_text(encoding="utf-8"))["plan"]
    assert header["period"] == "2026-2030" and "year" not in header
    assert header["title"] == "Kế hoạch cải cách hành chính giai đoạn 2026 - 2030"
    assert header["decision"] == "77/QĐ-UBND" and header["issued"] == date(2025, 12, 30)
    plan = load_plan(out)[0]
    yearly = plan.item("I.1")
    assert [m.due for m in yearly.milestones] == [date(y, 12, 31) for y in range(2026, 2031)]


@pytest.mark.parametrize(
    ("title", "years"),
    [
        ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026-2030", {"period": "2026-2030"}),
        ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2026 – 2030", {"period": "2026-2030"}),
        ("CHƯƠNG TRÌNH CẢI CÁCH HÀNH CHÍNH 2026—2030", {"period": "2026-2030"}),
        ("DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2027", {"year": 2027}),
    ],
)
def test_period_from_the_title_any_dash(runner, tmp_path, title, years) -> None:
    paragraphs = ["PHỤ LỤC", title, "(Kèm theo Kế hoạch số 5/KH-UBND ngày 2/1/2026)"]
    source = make_docx(tmp_path / "a.docx", paragraphs, PROGRAMME[1])
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(result.stdout)["plan"]
    assert {k: header[k] for k in years} == years
    assert header["decision"] == "5/KH-UBND" and header["issued"] == date(2026, 1, 2)


def test_title_in_sentence_case_keeps_names(runner, tmp_path) -> None:
    paragraphs = [
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        "CỦA SỞ NỘI VỤ TỈNH QUẢNG NAM",
        "(Kèm theo Quyết định số 3/QĐ-SNV",  # the line broken inside, as portals print it
        "ngày  07  tháng 01 năm 2026 của Giám đốc Sở Nội vụ)",
    ]
    source = make_docx(tmp_path / "a.docx", paragraphs, APPENDIX_2026[1])
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(result.stdout)["plan"]
    assert header["title"] == "Kế hoạch cải cách hành chính năm 2026 của Sở Nội vụ tỉnh Quảng Nam"
    assert (header["decision"], header["issued"]) == ("3/QĐ-SNV", date(2026, 1, 7))


def test_options_override_the_document(runner, tmp_path) -> None:
    source = make_docx(tmp_path / "phu-luc.docx", *APPENDIX_2026)
    result = _import(
        runner,
        source,
        "--title",
        "Kế hoạch CCHC 2026 của tỉnh Mẫu",
        "--decision",
        "13/QĐ-UBND",
        "--issued",
        "06/01/2026",
        "--period",
        "2026-2027",
    )
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(result.stdout)["plan"]
    assert header == {
        "title": "Kế hoạch CCHC 2026 của tỉnh Mẫu",
        "decision": "13/QĐ-UBND",
        "issued": date(2026, 1, 6),
        "period": "2026-2027",
    }
    result = _import(runner, source, "--year", "2027")
    assert yaml.safe_load(result.stdout)["plan"]["year"] == 2027


def test_bad_issued_option_is_a_usage_error(runner, tmp_path) -> None:
    source = make_docx(tmp_path / "phu-luc.docx", *APPENDIX_2026)
    result = _import(runner, source, "--issued", "31/02/2026")
    assert result.exit_code == 2 and result.stdout == ""
    assert "31/02/2026" in result.stderr


def test_years_from_the_deadlines_only_when_the_document_says_nothing(runner, tmp_path) -> None:
    rows = [
        HEAD,
        ["1", "Việc một.", "Sở Nội vụ", "", "Tháng 3/2027"],
        ["2", "Việc hai.", "Sở Nội vụ", "", "Quý IV/2027"],
    ]
    source = make_docx(tmp_path / "bang.docx", ["PHỤ LỤC"], rows)
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    header = yaml.safe_load(result.stdout)["plan"]
    assert (header["year"], header["decision"], header["title"]) == (2027, "?", "Kế hoạch năm 2027")
    assert f"{source}:1:1: info:" in result.stderr
    assert "(2027)" in result.stderr and "[import-years-guessed]" in result.stderr


# --------------------------------------------------------------------------------------------
# 2. One cell never stops the import


def test_an_unreadable_deadline_is_kept_and_the_import_goes_on(runner, tmp_path) -> None:
    rows = [
        HEAD,
        ["1", "Việc một.", "Sở Nội vụ", "", "Trong thời gian sớm nhất"],
        ["2", "Việc hai.", "Sở Nội vụ", "", "Quý II/2026, định kỳ hằng quý báo cáo về Sở Nội vụ"],
        ["3", "Việc ba.", "Sở Tư pháp", "", "Tháng 9/2026"],
    ]
    source = make_docx(tmp_path / "a.docx", APPENDIX_2026[0], rows)
    out = tmp_path / "data" / "plan-2026.yaml"
    result = _import(runner, source, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert [i.id.value for i in plan.items] == ["I.1", "I.2", "I.3"]  # every row lands
    first, second, third = plan.items
    assert first.deadline.value == "Trong thời gian sớm nhất"  # word for word
    assert first.milestones == ()
    # the known phrase read, the clause kept in the text
    assert [m.due for m in second.milestones] == [date(2026, 6, 30)]
    assert second.deadline.value == "Quý II/2026, định kỳ hằng quý báo cáo về Sở Nội vụ"
    assert [m.due for m in third.milestones] == [date(2026, 9, 30)]
    # located (the Word table's row 2), counted in the summary
    assert f"{source}:2:1: warning:" in result.stderr and "[deadline-unread]" in result.stderr
    assert "0 thời hạn chưa hiểu, 1 chưa rõ thời hạn" in result.stderr.splitlines()[-1]
    # validate: a warning, exit 0
    validated = runner.invoke(
        app, ["validate", "--plan", str(out), "--units", str(out.parent / "units.yaml")]
    )
    assert validated.exit_code == 0, validated.stdout
    assert "warning" in validated.stdout and "[deadline-unread]" in validated.stdout
    # due lists it under its own heading, for the unit that leads it and for everyone
    for unit in (["--unit", "Sở Nội vụ"], []):
        due = runner.invoke(
            app,
            [
                "due",
                "--plan",
                str(out),
                "--units",
                str(out.parent / "units.yaml"),
                *unit,
                "--as-of",
                "2026-03-01",
            ],
        )
        assert due.exit_code == 0, due.stderr
        tail = due.stdout.splitlines()[-2:]
        assert tail == [
            "Chưa rõ thời hạn (1 mục: thời hạn chưa đọc được, xem parplan validate):",
            '- I.1: "Trong thời gian sớm nhất" — Sở Nội vụ',
        ], due.stdout
    other = runner.invoke(
        app,
        [
            "due",
            "--plan",
            str(out),
            "--units",
            str(out.parent / "units.yaml"),
            "--unit",
            "Sở Tư pháp",
            "--as-of",
            "2026-03-01",
        ],
    )
    assert "Chưa rõ thời hạn" not in other.stdout  # not that unit's item


# --------------------------------------------------------------------------------------------
# 3. Every format: .docx, .doc, PDF, and the text forms give the same plan


def _office() -> str:
    import shutil

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .doc and PDF forms are not built")
    return program


def convert(sources: list[Path], target: str, folder: Path) -> list[Path]:
    """LibreOffice's conversion of ``sources`` (one run for all), into ``folder``."""
    import subprocess

    profile = (folder / "profile").as_uri()
    command = [_office(), f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    subprocess.run(
        [*command, target, "--outdir", str(folder), *map(str, sources)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    suffix = target.split(":")[0]
    return [folder / f"{source.stem}.{suffix}" for source in sources]


def three_forms(docx_files: list[Path], folder: Path) -> dict[str, list[Path]]:
    """Each Word file as .docx, as PDF, and as Word 97. The .doc is made through RTF: this
    LibreOffice (7.4) writes a python-docx table to .doc as plain paragraphs, while a .doc
    from RTF keeps it, as one saved by Word does."""
    pdf = convert(docx_files, "pdf", folder / "pdf")
    rtf = convert(docx_files, "rtf", folder / "rtf")
    doc = convert(rtf, "doc:MS Word 97", folder / "doc")
    return {"docx": docx_files, "pdf": pdf, "doc": doc}


def _long_appendix() -> tuple[list[str], list[list[str]]]:
    """An appendix running over several pages, its heading row repeated on each (Word's
    "Repeat as header row"), with a task cell merged down over its activities."""
    rows = [HEAD, ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""]]
    for k in range(1, 41):
        rows.append(
            [
                str(k),
                f"Nhiệm vụ số {k} về rà soát thủ tục hành chính của tỉnh.",
                "Sở Nội vụ",
                "Các sở, ban, ngành",
                f"Tháng {k % 12 + 1}/2026",
            ]
        )
    return list(APPENDIX_2026[0]), rows


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, dict[str, Path]]:
    docx = pytest.importorskip("docx")
    folder = tmp_path_factory.mktemp("forms")
    sources = [
        make_docx(folder / "appendix.docx", *APPENDIX_2026),
        make_docx(folder / "programme.docx", *PROGRAMME),
        make_docx(folder / "long.docx", *_long_appendix()),
    ]
    # the long table's heading row repeats on every page
    document = docx.Document(str(sources[2]))
    heading = document.tables[0].rows[0]._tr
    properties = heading.get_or_add_trPr()
    properties.append(properties.makeelement(docx.oxml.ns.qn("w:tblHeader"), {}))
    document.save(str(sources[2]))
    forms = three_forms(sources, folder)
    return {
        source.stem: {form: files[k] for form, files in forms.items()}
        for k, source in enumerate(sources)
    }


@pytest.mark.parametrize("name", ["appendix", "programme", "long"])
def test_the_same_plan_from_docx_doc_and_pdf(runner, documents, name, tmp_path) -> None:
    plans = {}
    for form, source in documents[name].items():
        out = tmp_path / form / "plan.yaml"
        result = _import(runner, source, "--out", str(out))
        assert result.exit_code == 0, (form, result.stderr)
        plans[form] = out.read_bytes()
        fmt = runner.invoke(app, ["fmt", "--check", "--plan", str(out)])
        assert fmt.exit_code == 0, fmt.output
    assert plans["pdf"] == plans["docx"]
    assert plans["doc"] == plans["docx"]


def test_pdf_header_items_and_milestones(runner, documents, tmp_path) -> None:
    out = tmp_path / "plan.yaml"
    result = _import(runner, documents["appendix"]["pdf"], "--out", str(out))
    assert result.exit_code == 0, result.stderr
    plan = load_plan(out)[0]
    assert (plan.info.title, plan.info.decision, plan.info.issued, plan.info.year) == (
        "Kế hoạch cải cách hành chính năm 2026",
        "12/QĐ-XYZ",
        date(2026, 1, 5),
        2026,
    )
    assert [
        (
            i.id.value,
            i.product,
            [u.value for u in i.lead],
            [u.value for u in i.support],
            [m.due for m in i.milestones],
        )
        for i in plan.items
    ] == [
        (
            "I.1",
            "Rà soát văn bản quy phạm pháp luật.",
            ["Sở Tư pháp"],
            ["Các sở, ban, ngành"],
            [date(2026, 6, 30)],
        ),
        ("I.2", "Báo cáo công tác cải cách hành chính.", ["Sở Nội vụ"], [], [date(2026, 12, 31)]),
        (
            "II.1",
            "Công bố thủ tục hành chính.",
            ["Văn phòng UBND tỉnh"],
            ["Sở Nội vụ", "Sở Tư pháp"],
            [date(2026, 6, 30)],
        ),
    ]


def test_a_table_over_several_pages_is_joined(runner, documents, tmp_path) -> None:
    import pdfplumber

    source = documents["long"]["pdf"]
    with pdfplumber.open(source) as pdf:
        assert len(pdf.pages) >= 2  # the test's premise: the table runs over pages
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    tasks = yaml.safe_load(result.stdout)["sections"][0]["tasks"]
    assert [t["id"] for t in tasks] == [f"I.{k}" for k in range(1, 41)]  # no heading row kept
    assert tasks[39]["deadline"] == "Tháng 5/2026"  # 40 % 12 + 1


def test_a_row_cut_by_a_page_break_is_joined(runner, tmp_path) -> None:
    """Rows too tall to stay on one page: the PDF's next page opens with the rest of the row,
    its "STT" cell empty. Each item keeps its whole text, its units and its deadline, as the
    Word file holds them; no item is made of a row's rest."""
    import pdfplumber

    rows = [list(HEAD)]
    for k in range(1, 9):
        words = " ".join(f"việc {k}.{j} của nhiệm vụ" for j in range(1, 31))
        rows.append([str(k), f"Nhiệm vụ {k}: {words}.", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026"])
    word = make_docx(tmp_path / "cut.docx", ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"], rows)
    [pdf] = convert([word], "pdf", tmp_path / "pdf")
    with pdfplumber.open(pdf) as document:  # the test's premise: a page opens with a row's rest
        firsts = [page.find_tables()[0].extract()[0] for page in document.pages[1:]]
    assert any(first[0] in ("", None) and first[1] for first in firsts)
    result = _import(runner, pdf)
    assert result.exit_code == 0, result.stderr
    tasks = yaml.safe_load(result.stdout)["sections"][0]["tasks"]
    assert [t["id"] for t in tasks] == [f"I.{k}" for k in range(1, 9)]
    assert [(t["title"], t["lead"], t["support"], t["deadline"]) for t in tasks] == [
        (row[1], [row[2]], [row[3]], row[4]) for row in rows[1:]
    ]


def test_a_scanned_pdf_says_so(runner, tmp_path) -> None:
    source = tmp_path / "scan.pdf"
    source.write_bytes(
        b"%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
        b"2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
        b"3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>> endobj\n"
        b"trailer <</Root 1 0 R>>\n%%EOF\n"
    )
    result = _import(runner, source)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{source}:1:1: error:" in result.stderr and "[import-scanned]" in result.stderr
    assert "UTF-8" not in result.stderr


def test_a_doc_without_libreoffice_says_how_to_convert(runner, tmp_path, monkeypatch) -> None:
    import shutil

    source = tmp_path / "qd.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = _import(runner, source)
    assert result.exit_code == 1 and result.stdout == ""
    assert "[import-doc-needs-office]" in result.stderr and ".docx" in result.stderr
    assert "UTF-8" not in result.stderr


# The appendix of APPENDIX_2026 in the text forms people paste.
MARKDOWN = """\
KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026
*(Kèm theo Quyết định số 12/QĐ-XYZ ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh Mẫu)*

| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn |
|-----|----------|-----------------|------------------|----------|
| I | CẢI CÁCH THỂ CHẾ | | | |
| 1 | Rà soát văn bản quy phạm pháp luật. | Sở Tư pháp | Các sở, ban, ngành | Tháng 6/2026 |
| 2 | Báo cáo công tác cải cách hành chính. | Sở Nội vụ | | Hằng năm |
| II | CẢI CÁCH THỦ TỤC HÀNH CHÍNH | | | |
| 1 | Công bố thủ tục hành chính. | Văn phòng UBND tỉnh | Sở Nội vụ; Sở Tư pháp | Quý II/2026 |
"""


def _tabbed(delimiter: str) -> str:
    import csv
    import io

    stream = io.StringIO()
    stream.write("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026\n")
    stream.write(APPENDIX_2026[0][2] + "\n")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\n")
    rows = [list(r) for r in APPENDIX_2026[1]]
    rows[2][1] = "Rà soát văn bản\nquy phạm pháp luật."  # a cell with a line break, quoted
    writer.writerows(rows)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("name", "text"),
    [("bang.md", MARKDOWN), ("bang.txt", _tabbed("\t")), ("bang.csv", _tabbed(","))],
)
def test_text_forms_give_the_same_plan_as_word(runner, tmp_path, name, text) -> None:
    word = make_docx(tmp_path / "a.docx", *APPENDIX_2026)
    expected = _import(runner, word)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout


# --------------------------------------------------------------------------------------------
# 4. Documents that would exhaust the machine or lose text (issue 19 items 4, 6, 7 and 13)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(runner, tmp_path) -> None:
    import time
    import zipfile

    from parplan.io.importer import PART_LIMIT

    source = make_docx(tmp_path / "bomb.docx", *APPENDIX_2026)
    chunk = b"\0" * (1 << 20)
    with (
        zipfile.ZipFile(source, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/huge.bin", "w", force_zip64=True) as part,
    ):
        for _ in range(PART_LIMIT // len(chunk) + 1):  # 65 MB of zeros, ~64 KB packed
            part.write(chunk)
    assert source.stat().st_size < 2_000_000
    start = time.perf_counter()
    result = _import(runner, source)
    assert time.perf_counter() - start < 5  # refused from the sizes, nothing unpacked
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{source}:1:1: error:" in result.stderr and "[import-too-large]" in result.stderr
    assert "word/media/huge.bin" in result.stderr


def test_the_total_of_the_parts_is_limited_too(runner, tmp_path, monkeypatch) -> None:
    import zipfile

    from parplan.io.importer import word as importer  # where the limits are read

    source = make_docx(tmp_path / "many.docx", *APPENDIX_2026)
    with zipfile.ZipFile(source) as archive:
        total = sum(info.file_size for info in archive.infolist())
    largest = max(info.file_size for info in zipfile.ZipFile(source).infolist())
    monkeypatch.setattr(importer, "TOTAL_LIMIT", total - 1)  # every part within PART_LIMIT
    assert largest < importer.PART_LIMIT
    result = _import(runner, source)
    assert result.exit_code == 1 and "[import-too-large]" in result.stderr


def _merged_down_docx(path: Path, rows: int) -> Path:
    """A task cell merged down ``rows`` activity rows (built in the XML: python-docx's own
    merge is itself quadratic)."""
    import copy

    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn

    head = ["STT", "Nhiệm vụ", "Hoạt động/Sản phẩm", "Cơ quan chủ trì", "Thời hạn hoàn thành"]
    first = ["1.1", "Nhiệm vụ gộp.", "Hoạt động 1.", "Sở Nội vụ", "Tháng 3/2026"]
    make_docx(path, ["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026"], [head, first])
    document = docx.Document(str(path))
    table = document.tables[0]._tbl
    template = table.tr_lst[-1]
    task_cell = template.tc_lst[1]
    task_cell.get_or_add_tcPr().append(
        task_cell.makeelement(qn("w:vMerge"), {qn("w:val"): "restart"})
    )
    for k in range(2, rows + 1):
        tr = copy.deepcopy(template)
        texts = [f"1.{k}", "", f"Hoạt động {k}.", "Sở Nội vụ", "Tháng 3/2026"]
        for tc, text in zip(tr.tc_lst, texts, strict=True):
            for t in tc.iter(qn("w:t")):
                t.text = text
        merge = tr.tc_lst[1].tcPr.find(qn("w:vMerge"))
        merge.attrib.pop(qn("w:val"))  # continues the merge
        table.append(tr)
    document.save(str(path))
    return path


def test_a_cell_merged_down_a_thousand_rows_is_read_linearly(runner, tmp_path) -> None:
    import time

    from parplan.io.importer import read_table

    # Not a speed measurement (scripts/bench.py is for that): a guard against the quadratic
    # walk, which took minutes here and ended in RecursionError at 1,000 rows.
    source = _merged_down_docx(tmp_path / "m2000.docx", 2000)
    start = time.perf_counter()
    table = read_table(source)
    assert time.perf_counter() - start < 30
    assert len(table.rows) == 2000
    assert all(r[1].merged for r in table.rows[1:])  # the task cell merged down
    result = _import(runner, tmp_path / "m2000.docx")
    assert result.exit_code == 0, result.stderr[-2000:]
    tasks = yaml.safe_load(result.stdout)["sections"][0]["tasks"]
    assert [len(t["activities"]) for t in tasks] == [2000]
    assert tasks[0]["activities"][999]["id"] == "I.1.1000"  # not merged into 999
    assert tasks[0]["activities"][999]["product"] == "Hoạt động 1000."


def test_a_long_unit_cell_is_split_linearly() -> None:
    import time

    from parplan.io.importer import split_units

    # Guards against the quadratic splitting (a 112 KB cell took 27 s, a 10 MB one did not end
    # in 300 s), not speed measurements.
    known = [f"Sở Ngành {k}" for k in range(200)]
    cell = "; ".join(f"Sở Ngành {k % 250}" for k in range(20_000))  # some unknown
    start = time.perf_counter()
    names = split_units(cell, known)
    assert time.perf_counter() - start < 30
    assert len(names) == 20_000 and names[249] == "Sở Ngành 249"
    # one huge run without separators, and commas before lower-case words
    for cell in ("x" * 2_000_000, "a," * 1_000_000, "Sở A và " * 200_000):
        start = time.perf_counter()
        split_units(cell, known)
        assert time.perf_counter() - start < 30


def test_text_in_a_nested_table_is_kept(runner, tmp_path) -> None:
    docx = pytest.importorskip("docx")
    source = make_docx(tmp_path / "nested.docx", *APPENDIX_2026)
    document = docx.Document(str(source))
    cell = document.tables[0].cell(2, 1)  # I.1's task cell
    inner = cell.add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Trọng tâm: văn bản về tổ chức bộ máy."
    document.save(str(source))
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    task = yaml.safe_load(result.stdout)["sections"][0]["tasks"][0]
    assert task["title"] == (
        "Rà soát văn bản quy phạm pháp luật. Trọng tâm: văn bản về tổ chức bộ máy."
    )


def test_an_unresolved_entity_does_not_cut_the_cell(runner, tmp_path) -> None:
    import zipfile

    source = make_docx(tmp_path / "entity.docx", *APPENDIX_2026)
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    head, rest = xml.split("?>", 1)
    xml = head + '?><!DOCTYPE w:document [<!ENTITY ext SYSTEM "file:///etc/passwd">]>' + rest
    xml = xml.replace("Rà soát văn bản", "Rà soát &ext; văn bản", 1)
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = _import(runner, source)
    assert result.exit_code == 0, result.stderr
    task = yaml.safe_load(result.stdout)["sections"][0]["tasks"][0]
    assert task["title"] == "Rà soát &ext; văn bản quy phạm pháp luật."  # kept, not resolved
    assert "root:" not in result.stdout


# --------------------------------------------------------------------------------------------
# The 971/QĐ-BNV appendix from PDF; heavy readers only in import; init from every format


def test_the_2025_appendix_round_trips_from_pdf(runner, tmp_path) -> None:
    import docx
    from conftest import PLAN, UNITS
    from test_import import _items, _plan_of, word_971

    word = word_971(tmp_path / "971.docx")
    document = docx.Document(str(word))
    document.tables[0].style = "Table Grid"  # ruled, as a decision's appendix is
    document.save(str(word))
    [pdf] = convert([word], "pdf", tmp_path / "pdf")
    result = _import(runner, pdf, "--units", str(UNITS))
    assert result.exit_code == 0, result.stderr
    imported = _plan_of(result.stdout)
    expected, _ = load_plan(PLAN)
    got, want = _items(imported), _items(expected)
    assert list(got) == list(want)  # all 132 items, same IDs, same order
    # section, task, units, deadline and note of every item, exactly (dates broken by the
    # cell's width, "31/12/202" + "5", joined again)
    assert {k: (v[0], v[1], *v[4:]) for k, v in got.items()} == {
        k: (v[0], v[1], *v[4:]) for k, v in want.items()
    }
    assert (imported.info.decision, imported.info.issued, imported.info.year) == (
        "971/QĐ-BNV",
        date(2024, 12, 30),
        2025,
    )

    # Every item's texts too, exactly — the row a page break cuts joined again (a task's cell
    # merged down over its activities, "… của" + "Bộ Nội vụ."), a word the cell's width broke
    # ("24/2014/N" + "Đ-CP") written whole — but for what a PDF does not say: whether a space
    # followed a hyphen the line broke after ("468/QĐ-" + "TTg"; the decision writes both
    # "QĐ-TTg" and "QĐ- TTg", and "Quý III- IV/2025" is kept as written) or came before a
    # line's opening "." or ")" (it writes "2020)." and "9001:2015 ."), and a word broken at
    # the page's foot ("caicachha" + "nhchinh.gov.vn", item I.5.3).
    def hyphens(text: object) -> str:
        return re.sub(r"\s+(?=[.,;:)])", "", re.sub(r"\s*-\s*", "-", str(text)))

    for k in want:
        assert hyphens(got[k]) == hyphens(want[k]) or (
            k == "I.5.3" and "".join(str(got[k]).split()) == "".join(str(want[k]).split())
        ), k


def test_everyday_commands_do_not_load_the_document_readers(tmp_path) -> None:
    import os
    import subprocess
    import sys

    from conftest import PLAN, UNITS

    files = ["--plan", str(PLAN), "--units", str(UNITS)]
    for command in (["due", "--as-of", "2025-06-01"], ["validate"], ["unit", "Văn phòng Bộ"]):
        code = (
            "import sys\n"
            "from typer.main import get_command\n"
            "from parplan.cli.app import app\n"
            f"get_command(app).main({[*command, *files]!r}, standalone_mode=False)\n"
            "heavy = ('pdfplumber', 'pdfminer', 'pypdfium2', 'docx', 'PIL')\n"
            "print('LOADED', *[m for m in heavy if m in sys.modules], file=sys.stderr)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PARPLAN_CACHE_DIR": str(tmp_path / "cache")},
        )
        assert result.returncode == 0, result.stderr[-1000:]
        assert result.stderr.splitlines()[-1] == "LOADED", (command, result.stderr[-500:])


# --------------------------------------------------------------------------------------------
# 5. The units a province's plan names


@pytest.mark.parametrize(
    ("name", "group"),
    [
        ("Các sở, ban, ngành", True),
        ("UBND các xã, phường", True),
        ("Ủy ban nhân dân các huyện, thị xã", True),
        ("UBND cấp xã", True),
        ("Các phòng thuộc Sở", True),
        ("Các đơn vị thuộc Bộ", True),
        ("UBND tỉnh Quảng Nam", False),
        ("Văn phòng UBND tỉnh", False),
        ("Sở Xây dựng", False),
    ],
)
def test_collective_names_are_groups(name: str, group: bool) -> None:
    from parplan.io.importer import is_group_wording

    assert is_group_wording(name) is group


def test_new_units_file_marks_groups_and_merges_spellings(runner, tmp_path) -> None:
    rows = [
        HEAD,
        [
            "1",
            "Việc một.",
            "UBND tỉnh Mẫu",
            "Các sở, ban, ngành; UBND các xã, phường",
            "Quý I/2026",
        ],
        ["2", "Việc hai.", "Ủy ban nhân dân tỉnh Mẫu", "Các phòng thuộc Sở", "Quý II/2026"],
        ["3", "Việc ba.", "UBND tỉnh Mẫu", "", "Quý III/2026"],
    ]
    source = make_docx(tmp_path / "a.docx", APPENDIX_2026[0], rows)
    out = tmp_path / "data" / "plan-2026.yaml"
    result = _import(runner, source, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    units = yaml.safe_load((out.parent / "units.yaml").read_text(encoding="utf-8"))
    assert units["units"] == [
        {"name": "UBND tỉnh Mẫu", "kind": "administrative", "aliases": ["Ủy ban nhân dân tỉnh Mẫu"]}
    ]
    groups = {g["name"]: g for g in units["groups"]}
    assert set(groups) == {"Các sở, ban, ngành", "UBND các xã, phường", "Các phòng thuộc Sở"}
    assert groups["UBND các xã, phường"].get("placeholder") is True  # bodies outside it
    assert groups["Các sở, ban, ngành"]["kinds"] == ["administrative", "public_service"]
    plan = load_plan(out)[0]
    assert [[u.value for u in i.lead] for i in plan.items] == [["UBND tỉnh Mẫu"]] * 3
    due = runner.invoke(
        app,
        [
            "due",
            "--plan",
            str(out),
            "--units",
            str(out.parent / "units.yaml"),
            "--unit",
            "Ủy ban nhân dân tỉnh Mẫu",
            "--as-of",
            "2026-03-01",
            "--format",
            "json",
        ],
    )
    assert due.exit_code == 0, due.stderr
    assert "I.1" in due.stdout


# --------------------------------------------------------------------------------------------
# 6. init --from a decision in every format, end to end


@pytest.mark.parametrize("form", ["docx", "doc", "pdf"])
def test_init_from_every_format(runner, documents, tmp_path, monkeypatch, form) -> None:
    folder = tmp_path / "so-noi-vu"
    source = documents["programme"][form]
    result = runner.invoke(
        app, ["init", str(folder), "--agency", "Sở Nội vụ tỉnh Mẫu", "--from", str(source)]
    )
    assert result.exit_code == 0, result.stderr
    assert "data/plan-2026-2030.yaml" in result.stdout  # named after the period read
    assert "cd " in result.stdout and "parplan due" in result.stdout  # the next steps
    monkeypatch.chdir(folder)
    validate = runner.invoke(app, ["validate"])
    assert validate.exit_code == 0, validate.stdout + validate.stderr
    due = runner.invoke(
        app, ["due", "--unit", "Sở Nội vụ", "--as-of", "2026-12-01", "--format", "json"]
    )
    assert due.exit_code == 0, due.stderr
    assert '"I.1"' in due.stdout  # the yearly report, due 31/12/2026


def test_no_readable_table_is_exit_1_saying_what_was_found(runner, tmp_path) -> None:
    rows = [["Họ tên", "Chức vụ"], ["Nguyễn Văn A", "Giám đốc"]]  # a table, not an appendix
    source = make_docx(tmp_path / "a.docx", ["QUYẾT ĐỊNH"], rows)
    result = _import(runner, source)
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{source}:1:1: error:" in result.stderr and "[import-no-table]" in result.stderr
    assert "(1 bảng, không bảng nào có tiêu đề nhiệm vụ và thời hạn" in result.stderr
