"""Fuzzing parplan with mutated copies of the real plan and units files (issue 10).

Whatever a plan or units file holds, every command must answer with exit status 0, 1 or 2 and
no exception, in bounded time. Each case takes the real ``data/plan-2025.yaml`` and
``data/units.yaml``, mutates one of them the way files get broken in practice (lines lost,
doubled, swapped, re-indented or cut; values replaced by hostile ones: YAML tags, anchors and
aliases, huge or deeply nested values, control and bidi characters, non-ASCII digits, text
that is Markdown, Rich markup or a spreadsheet formula) and runs one command in process.

The short run is one of the slow tests (run by CI, `uv run pytest -m "not fuzz"`). The long run
is behind the ``fuzz`` marker:

    PARPLAN_FUZZ_EXAMPLES=1000000 uv run pytest -m fuzz -p no:cacheprovider --hypothesis-show-statistics
"""

from __future__ import annotations

import functools
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import PLAN, UNITS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLAN_LINES = PLAN.read_text(encoding="utf-8").splitlines(keepends=True)
UNITS_LINES = UNITS.read_text(encoding="utf-8").splitlines(keepends=True)
# The plan in parts: what comes before its sections, then each section (I, II, … VII).
_STARTS = [n for n, line in enumerate(PLAN_LINES) if line.startswith("  - id: ")]
PLAN_HEAD = PLAN_LINES[: _STARTS[0]]
PLAN_SECTIONS = [
    PLAN_LINES[a:b] for a, b in zip(_STARTS, [*_STARTS[1:], len(PLAN_LINES)], strict=True)
]
IDS = ["I.5.1", "II.2", "I.3.2", "IV.3", "I.1", "II.6.1", "ZZ.9"]

# Values written where a file had one: what an adversarial review fed parplan.
HOSTILE = [
    "!custom hello",
    "!!python/name:os.system ''",
    "!!python/object/apply:os.system ['true']",
    "!!float abc",
    "!!timestamp x",
    "!!binary aGVsbG8=",
    "!!int '7'",
    "&a [*a]",
    "&x [1, 2]",
    "*x",
    "[&b [*b, *b], *b]",
    '"\\u0301"',
    '"\\e]0;owned\\a\\e[2J"',
    '"\\u202eevil\\u202c"',
    '"\\u200b"',
    "٢٠٢٥",
    "2025-0٣-01",
    '"=HYPERLINK(""http://e"",""x"")"',
    '"+1+1"',
    '"@SUM(A1)"',
    '"- Ban hành: Tháng 3/2025; - Triển khai: Năm 2025"',
    '"[link=https://e]click[/link] [x]"',
    '"![x](http://e) <img src=x onerror=alert(1)> [a](javascript:x)"',
    "|\n  # heading\n  - item",
    "{a: 1}",
    "[]",
    "{}",
    "~",
    "null",
    "''",
    "2025-02-30",
    "99999999999999999999",
    "-1",
    "yes",
    "[" * 80 + "]" * 80,
    '"' + "x" * 6000 + '"',
    '"' + "- " * 3000 + '"',
    "Thường xuyên",
    "Sau khi có Nghị định",
    "Quý V/2025",
    "Tháng 13/2025",
]
HOSTILE_LINES = [
    "note: !custom hello",
    "source: &bomb [a, a, a]",
    "x: *bomb",
    "done: 2025-03-20",
    "evidence: ''",
    "progress:",
    "  - {milestone: 1, done: 2025-03-20, evidence: e}",
    "met: 2025-01-01",
    "after: I.1",
    "within_days: ٣",
    'short: "\\u0301"',
    '- name: "\\u0301"',
    "? [a, b]",
    ": c",
    "\t- tab",
    "'unclosed",
    "key: value: other",
    "---",
    "...",
    "%YAML 1.1",
    "\x1b[31m",
]
COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github"],
    ["due"],
    ["due", "--unit", "VP", "--format", "md"],
    ["overdue", "--format", "csv"],
    ["upcoming", "--format", "json"],
    ["units"],
    ["units", "--format", "md"],
    ["unit", "Văn phòng Bộ"],
    ["list", "--format", "csv"],
    ["list", "--search", "chuyen doi so"],
    ["show", "{id}"],
    ["show", "{id}", "--format", "md"],
    ["done", "{id}", "--on", "2025-03-20", "--evidence", "QĐ 1"],
    ["undo", "{id}"],
    ["met", "{id}", "--on", "2025-03-01", "--evidence", "NĐ 25"],
    ["fmt", "--check"],
    ["fmt"],
    ["textconv", "{file}"],
    # The commands and formats that came after the hardening (its second reading).
    ["list", "--format", "json"],
    ["list", "--format", "md"],
    ["list", "--format", "xlsx"],
    ["due", "--as-of", "2025-03-20", "--format", "xlsx"],
    ["show", "{id}", "--format", "json"],
    ["show", "{id}", "--format", "csv"],
    ["show", "{id}", "--format", "xlsx"],
    ["unit", "VP", "--format", "json"],
    ["unit", "Vụ Cải cách hành chính", "--format", "csv"],
    ["unit", "Vụ Pháp chế", "--format", "md"],
    ["unit", "VP", "--format", "xlsx"],
    ["units", "--format", "json"],
    ["units", "--format", "csv"],
    ["units", "--format", "xlsx"],
    ["owing", "{id}", "--as-of", "2025-06-30"],
    ["owing", "{id}", "--format", "csv"],
    ["plans"],
    ["plans", "--format", "json"],
    ["report", "--period", "Q1", "--as-of", "2025-03-20"],
    ["report", "--period", "6T", "--unit", "VP", "--format", "html"],
    ["report", "--period", "Q3", "--format", "json"],
    ["report", "--period", "nam", "--format", "xlsx", "-o", "{out}.xlsx"],
    [
        "report",
        "--period",
        "Q1",
        "--unit",
        "Vụ Cải cách hành chính",
        "-f",
        "docx",
        "-o",
        "{out}.docx",
    ],
    ["ics", "--unit", "VP"],
    ["ics", "--unit", "Vụ Pháp chế", "--open", "-o", "{out}.ics"],
    ["log", "{id}", "--text", "Đã họp", "--on", "2025-03-01"],
    ["late", "{id}", "--reason", "Chờ ý kiến"],
    ["export", "--sqlite", "{out}.db", "--as-of", "2025-06-30"],
]
# Commands that find the plan from the working folder (data/plan-*.yaml) and take no --plan.
FOLDER_COMMANDS = ("plans",)


@st.composite
def mutated(draw) -> tuple[str, str]:
    """The plan and units texts, one of them mutated a few times."""
    which = draw(st.sampled_from(["plan", "plan", "plan", "units"]))
    plan_lines = PLAN_LINES
    if draw(st.sampled_from([True, True, True, False])):
        # Three cases in four, a shorter plan: section I (which the reporting calendar names
        # items of) and some of the others. A case costs what its files cost to read, and the
        # sections a mutation does not touch are read the same way in every case; the whole
        # plan is still the fourth case.
        others = draw(st.sets(st.integers(1, len(PLAN_SECTIONS) - 1), max_size=3))
        kept = [0, *sorted(others)]
        plan_lines = PLAN_HEAD + [line for k in kept for line in PLAN_SECTIONS[k]]
    lines = list(plan_lines if which == "plan" else UNITS_LINES)
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(lines) - 1))
        line = lines[position]
        kind = draw(
            st.sampled_from(
                ["value", "value", "value", "insert", "delete", "double", "swap", "indent", "cut"]
            )
        )
        if kind == "value" and ": " in line:
            head = line.split(": ", 1)[0]
            value = draw(st.sampled_from(HOSTILE) | st.text(max_size=20))
            lines[position] = f"{head}: {value}\n"
        elif kind == "value" and line.lstrip().startswith("- "):
            indent = line[: len(line) - len(line.lstrip())]
            lines[position] = f"{indent}- {draw(st.sampled_from(HOSTILE))}\n"
        elif kind == "insert":
            indent = line[: len(line) - len(line.lstrip())]
            lines.insert(position, indent + draw(st.sampled_from(HOSTILE_LINES)) + "\n")
        elif kind == "delete":
            del lines[position]
        elif kind == "double":
            lines.insert(position, line)
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[position], lines[other] = lines[other], lines[position]
        elif kind == "indent":
            lines[position] = " " * draw(st.integers(0, 3)) + line
        elif kind == "cut":
            lines[position] = line[: draw(st.integers(0, len(line)))]
    text = "".join(lines)
    plan_text, units_text = (
        (text, "".join(UNITS_LINES)) if which == "plan" else ("".join(plan_lines), text)
    )
    return plan_text, units_text


# Generous: a command takes well under a second here; a blow-up (quadratic time, an alias
# bomb) takes far longer. Counted in processor time, so that neither a busy machine nor a run
# paused from outside (a benchmark run between its cases) fails a case.
TIME_LIMIT = 10.0


# PARPLAN_FUZZ_LOG=FILE: the long run appends "cases seconds" to FILE every 500 cases, so that
# a run stopped from outside still says how far it went.
_LOG = os.environ.get("PARPLAN_FUZZ_LOG")
_RUN = {"cases": 0, "start": time.perf_counter()}


def _count() -> None:
    _RUN["cases"] += 1
    if _LOG and _RUN["cases"] % 500 == 0:
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{_RUN['cases']} {time.perf_counter() - _RUN['start']:.0f}\n")


def encoded(text: str, how: str) -> bytes:
    """The text as a file: UTF-8, with a BOM, with CRLF line ends, or in the legacy code page
    that Vietnamese files sometimes still come in."""
    if how == "bom":
        return "\ufeff".encode() + text.encode("utf-8")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if how == "cp1258":
        return text.encode("cp1258", errors="replace")
    return text.encode("utf-8")


@functools.lru_cache(maxsize=1)
def _command() -> Any:
    """parplan's Click command, built once: Typer's ``CliRunner.invoke`` builds it again on
    every call, which cost more than some commands take."""
    import typer.main

    from parplan.cli.app import app

    return typer.main.get_command(app)


def check_case(
    plan_text: str, units_text: str, command: list[str], item_id: str, how: str = "utf-8"
) -> None:
    from unittest import mock

    from typer.testing import CliRunner

    from parplan.cli.app import app

    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / ".git").mkdir()  # where the search for data/plan-*.yaml stops
        data = Path(directory) / "data"
        data.mkdir()
        plan = data / "plan-2025.yaml"
        plan.write_bytes(encoded(plan_text, how))
        (data / "units.yaml").write_bytes(encoded(units_text, "utf-8"))
        out = Path(directory) / "out"
        argv = [part.format(id=item_id, file=plan, out=out) for part in command]
        if command[0] not in ("textconv", *FOLDER_COMMANDS):
            argv += ["--plan", str(plan)]
        started = time.process_time()
        here = os.getcwd()
        os.chdir(directory)
        try:
            with mock.patch("typer.testing._get_command", lambda _app: _command()):
                # The parse cache is written in the case's own folder, removed with it: a long
                # run would otherwise leave an entry per case.
                cache = str(Path(directory) / "cache")
                result = CliRunner().invoke(app, argv, env={"PARPLAN_CACHE_DIR": cache})
        finally:
            os.chdir(here)
        elapsed = time.process_time() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.output[-2000:])
    assert elapsed < TIME_LIMIT, (argv, elapsed)
    assert "Traceback" not in result.output
    _count()


CASE = given(
    texts=mutated(),
    command=st.sampled_from(COMMANDS),
    item_id=st.sampled_from(IDS),
    how=st.sampled_from(["utf-8"] * 7 + ["bom", "crlf", "cp1258"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@CASE
def test_mutated_files_never_crash(texts: tuple[str, str], command, item_id: str, how) -> None:
    check_case(*texts, command, item_id, how)


@pytest.mark.fuzz
@settings(
    max_examples=int(os.environ.get("PARPLAN_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@CASE
def test_mutated_files_never_crash_long_run(
    texts: tuple[str, str], command, item_id: str, how: str
) -> None:
    check_case(*texts, command, item_id, how)


# ---------------------------------------------------------------------------------------------
# import (issue 20): structure-aware mutations of a portal page's text and of a Word file's
# parts. Whatever the document holds, `parplan import` answers 0, 1 or 2 with no traceback, in
# bounded time; the long run is the same test behind the ``fuzz`` marker:
#
#     PARPLAN_FUZZ_EXAMPLES=200000 uv run pytest -m fuzz -k import -p no:cacheprovider

IMPORT_TEXT = (Path(__file__).parent / "import" / "so-noi-vu-2026.txt").read_text("utf-8")
IMPORT_LINES = IMPORT_TEXT.splitlines(keepends=True)
HOSTILE_CELLS = [
    *HOSTILE,
    "|",
    "||",
    "I",
    "1.",
    "1000.",
    "9" * 400,
    "Hằng năm, báo cáo về Sở Nội vụ",
    "Quý II/2026, định kỳ hằng quý báo cáo về Sở X",
    "Thời hạn",
    "Nhiệm vụ",
    "(Kèm theo Quyết định số 1/QĐ-X ngày 31 tháng 02 năm 2026)",
    "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2030 - 2026",
    "Các sở, ban, ngành; UBND các xã, phường; " * 50,
    "\t".join(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"]),
    "| STT | Nhiệm vụ | Cơ quan chủ trì | Thời hạn |",
    '"a","b"',
]


@st.composite
def mutated_portal_text(draw) -> str:
    lines = list(IMPORT_LINES)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(["drop", "double", "swap", "hostile", "cut", "pipe", "join"]))
        if how == "drop":
            del lines[at]
        elif how == "double":
            lines[at:at] = [lines[at]] * draw(st.integers(1, 50))
        elif how == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif how == "hostile":
            lines[at] = draw(st.sampled_from(HOSTILE_CELLS)) + "\n"
        elif how == "cut":
            lines = lines[:at]
        elif how == "pipe":
            lines.insert(at, "|\n")
        else:
            lines[at] = lines[at].rstrip("\n") + " " + draw(st.sampled_from(HOSTILE_CELLS)) + "\n"
    return "".join(lines)


@functools.lru_cache(maxsize=1)
def _base_docx() -> dict[str, bytes]:
    """A Word appendix (header paragraphs, a heading row, a section, items, a task cell merged
    down), as its zip parts."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    for text in (
        "PHỤ LỤC",
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        "(Kèm theo Quyết định số 12/QĐ-XYZ ngày 05 tháng 01 năm 2026)",
    ):
        document.add_paragraph(text)
    rows = [
        ["STT", "Nhiệm vụ", "Hoạt động/Sản phẩm", "Cơ quan chủ trì", "Thời hạn"],
        ["I", "CẢI CÁCH THỂ CHẾ", "", "", ""],
        ["1.1", "Rà soát văn bản.", "Báo cáo rà soát.", "Sở Tư pháp", "Tháng 6/2026"],
        ["1.2", "", "Kế hoạch.", "Sở Nội vụ; UBND các xã", "Hằng năm"],
        ["2", "Công bố thủ tục.", "Quyết định.", "Văn phòng UBND tỉnh", "Quý II/2026"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(2, 1).merge(table.cell(3, 1))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@st.composite
def mutated_docx(draw) -> bytes:
    import io
    import re
    import zipfile

    parts = dict(_base_docx())
    xml = parts["word/document.xml"].decode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        how = draw(
            st.sampled_from(
                [
                    "drop-cell",
                    "double-row",
                    "vmerge",
                    "span",
                    "text",
                    "nest",
                    "cut",
                    "entity",
                    "drop-row-end",
                ]
            )
        )
        cells = [m.span() for m in re.finditer(r"<w:tc>.*?</w:tc>", xml, re.S)]
        rows = [m.span() for m in re.finditer(r"<w:tr[ >].*?</w:tr>", xml, re.S)]
        if how == "drop-cell" and cells:
            a, b = draw(st.sampled_from(cells))
            xml = xml[:a] + xml[b:]
        elif how == "double-row" and rows:
            a, b = draw(st.sampled_from(rows))
            xml = xml[:b] + xml[a:b] * draw(st.integers(1, 300)) + xml[b:]
        elif how == "vmerge" and cells:
            a, _ = draw(st.sampled_from(cells))
            value = draw(
                st.sampled_from(["", ' w:val="restart"', ' w:val="continue"', ' w:val="x"'])
            )
            xml = xml[: a + 6] + f"<w:tcPr><w:vMerge{value}/></w:tcPr>" + xml[a + 6 :]
        elif how == "span" and cells:
            a, _ = draw(st.sampled_from(cells))
            span = draw(st.sampled_from(["0", "-1", "2", "9999", "x", "5"]))
            xml = xml[: a + 6] + f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' + xml[a + 6 :]
        elif how == "text":
            texts = [m.span(1) for m in re.finditer(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)]
            if texts:
                a, b = draw(st.sampled_from(texts))
                value = draw(st.sampled_from(HOSTILE_CELLS))
                value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                xml = xml[:a] + value + xml[b:]
        elif how == "nest" and cells:
            a, b = draw(st.sampled_from(cells))
            inner = xml[a:b]
            xml = xml[: b - 7] + f"<w:tbl><w:tr>{inner}</w:tr></w:tbl><w:p/>" + xml[b - 7 :]
        elif how == "cut":
            xml = xml[: draw(st.integers(0, len(xml)))]
        elif how == "entity":
            head, _, rest = xml.partition("?>")
            xml = (
                head
                + '?><!DOCTYPE w:document [<!ENTITY e "x">]>'
                + rest.replace("Sở Nội vụ", "Sở &e; vụ", 1)
            )
        elif how == "drop-row-end" and rows:
            a, b = draw(st.sampled_from(rows))
            xml = xml[: b - 7] + xml[b:]
    parts["word/document.xml"] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    raw = buffer.getvalue()
    if draw(st.integers(0, 20)) == 0:  # a damaged archive
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([raw[at] ^ 0xFF]) + raw[at + 1 :]
    return raw


def check_import_case(name: str, content: bytes, options: list[str]) -> None:
    from unittest import mock

    from typer.testing import CliRunner

    from parplan.cli.app import app

    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / name
        source.write_bytes(content)
        argv = ["import", str(source), *options]
        if "--out" in options:
            argv = [part.replace("OUT", str(Path(directory) / "data" / "p.yaml")) for part in argv]
        started = time.process_time()
        with mock.patch("typer.testing._get_command", lambda _app: _command()):
            result = CliRunner().invoke(app, argv, env={"PARPLAN_CACHE_DIR": directory})
        elapsed = time.process_time() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.output[-2000:])
    assert elapsed < TIME_LIMIT, (argv, elapsed)
    assert "Traceback" not in result.output
    _count()


IMPORT_OPTIONS = st.sampled_from(
    [[], ["--out", "OUT"], ["--period", "2026-2030"], ["--year", "2026", "--lang", "en"]]
)
IMPORT_CASE = given(
    document=st.one_of(
        mutated_portal_text().map(lambda text: ("qd.txt", text.encode("utf-8"))),
        mutated_portal_text().map(lambda text: ("qd.md", text.encode("utf-8"))),
        mutated_docx().map(lambda raw: ("qd.docx", raw)),
    ),
    options=IMPORT_OPTIONS,
)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@IMPORT_CASE
def test_mutated_documents_never_crash_import(document: tuple[str, bytes], options) -> None:
    pytest.importorskip("docx")
    check_import_case(*document, options)


@pytest.mark.fuzz
@settings(
    max_examples=int(os.environ.get("PARPLAN_FUZZ_EXAMPLES", "20000")),
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@IMPORT_CASE
def test_mutated_documents_never_crash_import_long_run(
    document: tuple[str, bytes], options
) -> None:
    check_import_case(*document, options)
