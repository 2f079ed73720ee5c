"""The deadline grammar (parplan.core.deadlines): what each way of writing a deadline means.

The first table pins every distinct deadline of the appendix of Quyết định 971/QĐ-BNV, word for
word (wrapped lines joined by one space); the others pin the spellings other plans use, and the
errors. The property tests check the invariants of the grammar over generated inputs.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.core.deadlines import (
    CONDITIONAL,
    DATE,
    ONGOING,
    DeadlineProblem,
    Milestone,
    ParsedDeadline,
    parse_deadline,
)

Q1, Q2, Q3, Q4 = "2025-03-31", "2025-06-30", "2025-09-30", "2025-12-31"


def summary(parsed: ParsedDeadline) -> tuple[tuple[str | None, str | None, str], ...]:
    return tuple((m.label, m.due.isoformat() if m.due else None, m.kind) for m in parsed.milestones)


def codes(parsed: ParsedDeadline) -> tuple[str, ...]:
    return tuple(p.code for p in parsed.problems)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# 1. Every deadline of the plan (971/QĐ-BNV, appendix), year 2025.
# --------------------------------------------------------------------------------------------

PLAN_2025: dict[str, tuple[tuple[str | None, str | None, str], ...]] = {
    "- Ban hành: Tháng 12/2024; - Triển khai: Năm 2025": (
        ("Ban hành", "2024-12-31", DATE),
        ("Triển khai", "2025-12-31", DATE),
    ),
    "- Xây dựng và trình ban hành Kế hoạch tháng 3/2025; - Triển khai thực hiện trong năm 2025": (
        ("Xây dựng và trình ban hành Kế hoạch", "2025-03-31", DATE),
        ("Triển khai thực hiện", "2025-12-31", DATE),
    ),
    "Ban hành: Tháng 3/2025": (("Ban hành", "2025-03-31", DATE),),
    "Năm 2025": ((None, "2025-12-31", DATE),),
    "Quý I/2025": ((None, "2025-03-31", DATE),),
    "Quý III- IV/2025": ((None, "2025-12-31", DATE),),
    "Quý IV/2025": ((None, "2025-12-31", DATE),),
    "Sau khi Chính phủ ban hành Nghị định quy định CNNVQH và CCTC của Bộ Nội vụ (sau sáp nhập)": (
        (None, None, CONDITIONAL),
    ),
    "Sau khi có ý kiến TVCP về hồ sơ đề nghị xây dựng Luật và theo Chương trình xây dựng Luật,"
    " Pháp lệnh của Quốc hội": ((None, None, CONDITIONAL),),
    "Theo tiến độ của từng địa phương": ((None, None, CONDITIONAL),),
    "Tháng 01- 3/2025": ((None, "2025-03-31", DATE),),
    "Tháng 01/2025": ((None, "2025-01-31", DATE),),
    "Tháng 02/2025": ((None, "2025-02-28", DATE),),
    "Tháng 3/2025": ((None, "2025-03-31", DATE),),
    "Tháng 4/2025": ((None, "2025-04-30", DATE),),
    "Tháng 5/2025": ((None, "2025-05-31", DATE),),
    "Tháng 6/2025": ((None, "2025-06-30", DATE),),
    "Tháng 7/2025": ((None, "2025-07-31", DATE),),
    "Tháng 8/2025": ((None, "2025-08-31", DATE),),
    "Tháng 9/2025": ((None, "2025-09-30", DATE),),
    "Tháng 10/2025": ((None, "2025-10-31", DATE),),
    "Tháng 11/2025": ((None, "2025-11-30", DATE),),
    "Tháng 12/2024": ((None, "2024-12-31", DATE),),
    "Tháng 12/2025": ((None, "2025-12-31", DATE),),
    "Tháng 6, 12/2025": (
        ("Tháng 6/2025", "2025-06-30", DATE),
        ("Tháng 12/2025", "2025-12-31", DATE),
    ),
    "Thường xuyên": ((None, None, ONGOING),),
    "Thường xuyên, định kỳ": ((None, None, ONGOING),),
    "Trước 20/01/2025": ((None, "2025-01-20", DATE),),
    "Trước 31/12/2025": ((None, "2025-12-31", DATE),),
    "Định kỳ": ((None, None, ONGOING),),
    "Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)": (
        ("Tháng 3/2025", Q1, DATE),
        ("Tháng 6/2025", Q2, DATE),
        ("Tháng 9/2025", Q3, DATE),
        ("Tháng 12/2025", Q4, DATE),
    ),
    "Định kỳ hàng quý, 6 tháng, 1 năm và đột xuất (Tháng 3, 6, 9, 12/2025)": (
        ("Tháng 3/2025", Q1, DATE),
        ("Tháng 6/2025", Q2, DATE),
        ("Tháng 9/2025", Q3, DATE),
        ("Tháng 12/2025", Q4, DATE),
    ),
}


@pytest.mark.parametrize("text", list(PLAN_2025))
def test_plan_deadline(text: str) -> None:
    parsed = parse_deadline(text, 2025)
    assert parsed.problems == ()
    assert summary(parsed) == PLAN_2025[text]
    for m in parsed.milestones:
        assert (m.condition is not None) == (m.kind == CONDITIONAL)
        if m.kind == CONDITIONAL:
            assert m.condition == text  # the whole text is the condition, as written


def test_plan_table_is_complete() -> None:
    """The table above holds exactly the distinct deadlines of the decision's appendix."""
    source_table = pytest.importorskip("source_table")
    assert {row.deadline for row in source_table.read_rows()} == set(PLAN_2025)


def test_plan_deadlines_survive_the_original_line_wrapping() -> None:
    # As the cells are wrapped in the source text.
    assert (
        summary(parse_deadline("- Ban hành: Tháng 12/2024;\n- Triển khai: Năm 2025", 2025))
        == (PLAN_2025["- Ban hành: Tháng 12/2024; - Triển khai: Năm 2025"])
    )
    assert (
        summary(parse_deadline("Ban hành: Tháng\n3/2025", 2025))
        == (PLAN_2025["Ban hành: Tháng 3/2025"])
    )
    wrapped = (
        "Sau khi Chính phủ ban\nhành Nghị định quy định CNNVQH và CCTC của Bộ Nội vụ (sau sáp nhập)"
    )
    (m,) = parse_deadline(wrapped, 2025).milestones
    assert m.condition == " ".join(wrapped.split())


# --------------------------------------------------------------------------------------------
# 2. Other plans' spellings.
# --------------------------------------------------------------------------------------------

QUARTERS_2025 = (
    ("Quý I/2025", Q1, DATE),
    ("Quý II/2025", Q2, DATE),
    ("Quý III/2025", Q3, DATE),
    ("Quý IV/2025", Q4, DATE),
)
HALVES_2025 = (
    ("6 tháng đầu năm 2025", Q2, DATE),
    ("6 tháng cuối năm 2025", Q4, DATE),
)

OTHER_SPELLINGS: list[tuple[str, int, tuple[tuple[str | None, str | None, str], ...]]] = [
    # months
    ("tháng 12 năm 2025", 2025, ((None, "2025-12-31", DATE),)),
    ("Tháng 2/2024", 2025, ((None, "2024-02-29", DATE),)),
    ("tháng 2/2025", 2024, ((None, "2025-02-28", DATE),)),
    ("tháng 6", 2026, ((None, "2026-06-30", DATE),)),
    ("THÁNG 3/2025", 2025, ((None, "2025-03-31", DATE),)),
    ("  Tháng \u00a0 3 /\n 2025. ", 2025, ((None, "2025-03-31", DATE),)),
    ("Tháng\u200b3/2025", 2025, ((None, "2025-03-31", DATE),)),
    ("Tháng 6 và 12/2025", 2025, (("Tháng 6/2025", Q2, DATE), ("Tháng 12/2025", Q4, DATE))),
    ("tháng 6 và tháng 12/2025", 2025, (("Tháng 6/2025", Q2, DATE), ("Tháng 12/2025", Q4, DATE))),
    (
        "Tháng 6/2025, tháng 12/2025",
        2025,
        (("Tháng 6/2025", Q2, DATE), ("Tháng 12/2025", Q4, DATE)),
    ),
    (
        "Tháng 12/2024, 3/2025",
        2025,
        (("Tháng 12/2024", "2024-12-31", DATE), ("Tháng 3/2025", Q1, DATE)),
    ),
    (
        "Tháng 6, 12/2026",
        2025,
        (("Tháng 6/2026", "2026-06-30", DATE), ("Tháng 12/2026", "2026-12-31", DATE)),
    ),
    ("Tháng 01 – 3/2025", 2025, ((None, Q1, DATE),)),
    ("Tháng 1—3/2025", 2025, ((None, Q1, DATE),)),
    ("tháng 1 - tháng 3 năm 2025", 2025, ((None, Q1, DATE),)),
    ("Từ tháng 1 đến tháng 3/2025", 2025, ((None, Q1, DATE),)),
    ("Tháng 11/2024 - 02/2025", 2025, ((None, "2025-02-28", DATE),)),
    ("Tháng 01 -\n3/2025", 2025, ((None, Q1, DATE),)),  # a dash ending a line: a span
    ("Trong tháng 3/2025", 2025, ((None, Q1, DATE),)),
    ("Cuối tháng 3/2025", 2025, ((None, Q1, DATE),)),
    ("Chậm nhất trong tháng 3/2025", 2025, ((None, Q1, DATE),)),
    ("Tháng 1-3, 6/2025", 2025, (("Tháng 1-3/2025", Q1, DATE), ("Tháng 6/2025", Q2, DATE))),
    # quarters
    ("Quý 1/2025", 2025, ((None, Q1, DATE),)),
    ("quý II năm 2024", 2025, ((None, "2024-06-30", DATE),)),
    ("quý iii/2025", 2025, ((None, Q3, DATE),)),
    ("QUÝ IV/2025", 2025, ((None, Q4, DATE),)),
    ("Quý II", 2026, ((None, "2026-06-30", DATE),)),
    ("Quý III – IV/2025", 2025, ((None, Q4, DATE),)),
    ("Quý III-\nIV/2025", 2025, ((None, Q4, DATE),)),
    ("Quý 3 - quý 4/2025", 2025, ((None, Q4, DATE),)),
    ("Quý I, II/2025", 2025, (("Quý I/2025", Q1, DATE), ("Quý II/2025", Q2, DATE))),
    ("Quý I và quý III năm 2025", 2025, (("Quý I/2025", Q1, DATE), ("Quý III/2025", Q3, DATE))),
    ("Cuối quý II/2025", 2025, ((None, Q2, DATE),)),
    # years and parts of a year
    ("Trong năm 2025", 2025, ((None, Q4, DATE),)),
    ("trong năm 2025", 2025, ((None, Q4, DATE),)),
    ("NĂM 2026", 2025, ((None, "2026-12-31", DATE),)),
    ("Trong năm", 2026, ((None, "2026-12-31", DATE),)),
    ("Cuối năm", 2025, ((None, Q4, DATE),)),
    ("Năm 2025 - 2026", 2025, ((None, "2026-12-31", DATE),)),
    ("6 tháng đầu năm", 2025, ((None, Q2, DATE),)),
    ("6 tháng đầu năm", 2026, ((None, "2026-06-30", DATE),)),
    ("6 tháng đầu năm 2025", 2024, ((None, Q2, DATE),)),
    ("6 tháng cuối năm", 2025, ((None, Q4, DATE),)),
    ("Sáu tháng đầu năm 2025", 2025, ((None, Q2, DATE),)),
    ("Trong 6 tháng đầu năm 2025", 2025, ((None, Q2, DATE),)),
    ("9 tháng đầu năm", 2025, ((None, Q3, DATE),)),
    ("Nửa cuối năm 2025", 2025, ((None, Q4, DATE),)),
    # days
    ("Trước ngày 15 tháng 6 năm 2025", 2025, ((None, "2025-06-15", DATE),)),
    ("TRƯỚC NGÀY 15 THÁNG 6 NĂM 2025", 2025, ((None, "2025-06-15", DATE),)),
    ("trước ngày 05/02/2025", 2025, ((None, "2025-02-05", DATE),)),
    ("Trước 5/2/2025", 2025, ((None, "2025-02-05", DATE),)),
    ("20/01/2025", 2025, ((None, "2025-01-20", DATE),)),
    ("ngày 20/01/2025", 2025, ((None, "2025-01-20", DATE),)),
    ("20-01-2025", 2025, ((None, "2025-01-20", DATE),)),
    ("20.01.2025", 2025, ((None, "2025-01-20", DATE),)),
    ("ngày 15 tháng 6", 2026, ((None, "2026-06-15", DATE),)),
    ("Trước 15/6", 2026, ((None, "2026-06-15", DATE),)),
    ("Trước 29/02/2024", 2025, ((None, "2024-02-29", DATE),)),
    ("Chậm nhất ngày 30/6/2025", 2025, ((None, Q2, DATE),)),
    (
        "Ngày 15/6 và 15/12/2025",
        2025,
        (("Ngày 15/6/2025", "2025-06-15", DATE), ("Ngày 15/12/2025", "2025-12-15", DATE)),
    ),
    # recurring
    ("Hàng quý", 2025, QUARTERS_2025),
    ("Hằng quý", 2025, QUARTERS_2025),
    ("hằng quý", 2025, QUARTERS_2025),
    ("Mỗi quý", 2025, QUARTERS_2025),
    ("Định kỳ hằng quý", 2025, QUARTERS_2025),
    ("Định kỳ hàng quý, 6 tháng, 1 năm", 2025, QUARTERS_2025),
    ("Hằng quý, 6 tháng, năm hoặc đột xuất", 2025, QUARTERS_2025),
    (
        "Hằng quý năm 2026",
        2025,
        tuple(
            (f"Quý {q}/2026", f"2026-{m}", DATE)
            for q, m in (("I", "03-31"), ("II", "06-30"), ("III", "09-30"), ("IV", "12-31"))
        ),
    ),
    (
        "Hàng tháng",
        2024,
        tuple(
            (f"Tháng {m}/2024", date(2024, m, calendar.monthrange(2024, m)[1]).isoformat(), DATE)
            for m in range(1, 13)
        ),
    ),
    ("Hằng năm", 2025, ((None, Q4, DATE),)),
    ("Hàng năm", 2027, ((None, "2027-12-31", DATE),)),
    ("Thường niên", 2025, ((None, Q4, DATE),)),
    ("6 tháng một lần", 2025, HALVES_2025),
    ("Hằng 6 tháng", 2025, HALVES_2025),
    ("Định kỳ 6 tháng, 1 năm", 2025, HALVES_2025),
    (
        "Định kỳ (Tháng 6, 12/2025)",
        2025,
        (("Tháng 6/2025", Q2, DATE), ("Tháng 12/2025", Q4, DATE)),
    ),
    (
        "Hằng quý (Quý I/2025 và quý III/2025)",
        2025,
        (("Quý I/2025", Q1, DATE), ("Quý III/2025", Q3, DATE)),
    ),
    # ongoing
    ("Liên tục", 2025, ((None, None, ONGOING),)),
    ("thường xuyên", 2025, ((None, None, ONGOING),)),
    ("THƯỜNG XUYÊN, ĐỊNH KỲ", 2025, ((None, None, ONGOING),)),
    ("Thường xuyên, liên tục", 2025, ((None, None, ONGOING),)),
    ("Định kỳ và đột xuất", 2025, ((None, None, ONGOING),)),
    ("Hằng tuần", 2025, ((None, None, ONGOING),)),
    ("Thường xuyên trong năm 2025", 2025, ((None, None, ONGOING),)),
    # conditional
    ("Khi có yêu cầu", 2025, ((None, None, ONGOING),)),  # on demand (issue 13): never overdue
    ("Theo tiến độ chung", 2025, ((None, None, CONDITIONAL),)),
    ("Triển khai: Sau khi Đề án được phê duyệt", 2025, (("Triển khai", None, CONDITIONAL),)),
    ("Triển khai sau khi Đề án được phê duyệt", 2025, (("Triển khai", None, CONDITIONAL),)),
    # labels
    ("Ban hành: Tháng 3/2025.", 2025, (("Ban hành", Q1, DATE),)),
    ("Hoàn thành trước 31/12/2025", 2025, (("Hoàn thành", Q4, DATE),)),
    ("Tổ chức Hội nghị vào quý II/2025", 2025, (("Tổ chức Hội nghị", Q2, DATE),)),
    ("Báo cáo 6 tháng đầu năm", 2025, (("Báo cáo", Q2, DATE),)),
    (
        "- Ban hành: Tháng 12/2024\n- Triển khai: Năm 2025",
        2025,
        (("Ban hành", "2024-12-31", DATE), ("Triển khai", Q4, DATE)),
    ),
    (
        "- Ban hành: Tháng 12/2024 - Triển khai: Năm 2025",
        2025,
        (("Ban hành", "2024-12-31", DATE), ("Triển khai", Q4, DATE)),
    ),
    (
        "• Xây dựng Kế hoạch tháng 3/2025\n• Triển khai trong năm",
        2025,
        (("Xây dựng Kế hoạch", Q1, DATE), ("Triển khai", Q4, DATE)),
    ),
    (
        "Vụ Tổ chức - Biên chế: Quý I/2025",
        2025,
        (("Vụ Tổ chức - Biên chế", Q1, DATE),),
    ),
    (
        "Báo cáo: Tháng 6, 12/2025",
        2025,
        (("Báo cáo (Tháng 6/2025)", Q2, DATE), ("Báo cáo (Tháng 12/2025)", Q4, DATE)),
    ),
    ("Báo cáo hằng quý", 2025, tuple((f"Báo cáo ({p})", d, k) for p, d, k in QUARTERS_2025)),
    (
        "Ban hành: Tháng 3/2025; Trước 31/12/2025",
        2025,
        (("Ban hành", Q1, DATE), ("Ngày 31/12/2025", Q4, DATE)),
    ),
    (
        "Thường xuyên; Tháng 6/2025",
        2025,
        (("Thường xuyên", None, ONGOING), ("Tháng 6/2025", Q2, DATE)),
    ),
    ("Tháng 3/2025;", 2025, ((None, Q1, DATE),)),
    # a dash that begins a line is a bullet, whatever follows it
    (
        "- Tháng 3/2025\n- Tháng 6/2025",
        2025,
        (("Tháng 3/2025", Q1, DATE), ("Tháng 6/2025", Q2, DATE)),
    ),
    (
        "  - Quý I/2025\n  – Quý II/2025",
        2025,
        (("Quý I/2025", Q1, DATE), ("Quý II/2025", Q2, DATE)),
    ),
    (
        "- Năm 2024\n- năm 2025",
        2025,
        (("Năm 2024", "2024-12-31", DATE), ("Năm 2025", Q4, DATE)),
    ),
    (
        "Tháng 3/2025; - Ngày 20/6/2025",
        2025,
        (("Tháng 3/2025", Q1, DATE), ("Ngày 20/6/2025", "2025-06-20", DATE)),
    ),
    # a document number in a label is no date
    (
        "Triển khai Thông tư 01/2025/TT-BNV trong năm 2025",
        2025,
        (("Triển khai Thông tư 01/2025/TT-BNV", Q4, DATE),),
    ),
    ("Sơ kết Nghị quyết 18-NQ/TW quý II/2025", 2025, (("Sơ kết Nghị quyết 18-NQ/TW", Q2, DATE),)),
    # with a colon, the label is taken as written
    ("Báo cáo năm 2024: Trước 31/3/2025", 2025, (("Báo cáo năm 2024", "2025-03-31", DATE),)),
    # several phrases in one
    ("Quý I/2025 và tháng 12/2025", 2025, (("Quý I/2025", Q1, DATE), ("Tháng 12/2025", Q4, DATE))),
    (
        "6 tháng đầu năm, năm 2025",
        2025,
        (("6 tháng đầu năm 2025", Q2, DATE), ("Năm 2025", Q4, DATE)),
    ),
]


@pytest.mark.parametrize(("text", "year", "expected"), OTHER_SPELLINGS)
def test_other_spellings(text: str, year: int, expected: tuple) -> None:
    parsed = parse_deadline(text, year)
    assert parsed.problems == ()
    assert summary(parsed) == expected


@pytest.mark.parametrize(("text", "year", "expected"), OTHER_SPELLINGS)
def test_decomposed_input_reads_the_same(text: str, year: int, expected: tuple) -> None:
    assert parse_deadline(unicodedata.normalize("NFD", text), year) == parse_deadline(text, year)


def test_conditions_are_kept_as_written() -> None:
    (m,) = parse_deadline("Triển khai  sau khi\nĐề án\u00a0được phê duyệt.", 2025).milestones
    assert m == Milestone("Triển khai", None, CONDITIONAL, "sau khi Đề án được phê duyệt")
    decomposed = unicodedata.normalize("NFD", "Theo tiến độ của từng địa phương")
    (m,) = parse_deadline(decomposed, 2025).milestones
    assert m.condition == "Theo tiến độ của từng địa phương"  # NFC


# --------------------------------------------------------------------------------------------
# 3. Errors.
# --------------------------------------------------------------------------------------------

SYNTAX, BAD_DATE = "deadline-syntax", "deadline-date"

ERRORS: list[tuple[str, tuple[str, ...], str, int]] = [
    # text, problem codes, fragment of the first problem, number of milestones still understood
    ("", (SYNTAX,), "", 0),
    ("   \n ", (SYNTAX,), "   \n ", 0),
    (";", (SYNTAX,), ";", 0),
    ("-", (SYNTAX,), "-", 0),
    ("abc", (SYNTAX,), "abc", 0),
    ("Năm", (SYNTAX,), "Năm", 0),
    ("Tháng", (SYNTAX,), "Tháng", 0),
    ("Tháng 3/2025 hoặc sớm hơn", (SYNTAX,), "Tháng 3/2025 hoặc sớm hơn", 0),
    ("Tháng 3/2025 (dự kiến)", (SYNTAX,), "Tháng 3/2025 (dự kiến)", 0),
    ("Trước tháng 6/2025", (SYNTAX,), "Trước tháng 6/2025", 0),
    ("Đầu năm 2025", (SYNTAX,), "Đầu năm 2025", 0),
    ("Sau ngày 15/3/2025", (SYNTAX,), "Sau ngày 15/3/2025", 0),
    ("15/6", (SYNTAX,), "15/6", 0),
    ("Tháng 3/25", (SYNTAX,), "Tháng 3/25", 0),
    ("Tháng 003/2025", (SYNTAX,), "Tháng 003/2025", 0),
    ("5 tháng một lần", (SYNTAX,), "5 tháng một lần", 0),
    ("Ban hành:", (SYNTAX,), "Ban hành:", 0),
    ("Ban hành: sớm", (SYNTAX,), "sớm", 0),
    ("12: Tháng 3/2025", (SYNTAX,), "12", 0),
    ("Trước khi có Nghị định", (SYNTAX,), "Trước khi có Nghị định", 0),
    ("Ban hành: Tháng 3/2025; - Triển khai: chưa rõ", (SYNTAX,), "chưa rõ", 1),
    ("Tháng 13/2025", (BAD_DATE,), "Tháng 13/2025", 0),
    ("Tháng 0/2025", (BAD_DATE,), "Tháng 0/2025", 0),
    ("tháng 00", (BAD_DATE,), "tháng 00", 0),
    ("Trước 31/02/2025", (BAD_DATE,), "31/02/2025", 0),
    ("Trước 29/02/2025", (BAD_DATE,), "29/02/2025", 0),
    ("Trước 32/01/2025", (BAD_DATE,), "32/01/2025", 0),
    ("Trước 0/01/2025", (BAD_DATE,), "0/01/2025", 0),
    ("Trước ngày 15 tháng 13 năm 2025", (BAD_DATE,), "ngày 15 tháng 13 năm 2025", 0),
    ("Quý V/2025", (BAD_DATE,), "Quý V/2025", 0),
    ("Quý 0/2025", (BAD_DATE,), "Quý 0/2025", 0),
    ("Quý 5/2025", (BAD_DATE,), "Quý 5/2025", 0),
    ("Quý IIII/2025", (BAD_DATE,), "Quý IIII/2025", 0),
    ("Năm 0000", (BAD_DATE,), "Năm 0000", 0),
    ("13 tháng đầu năm", (BAD_DATE,), "13 tháng đầu năm", 0),
    ("Tháng 10 - 3/2025", (BAD_DATE,), "Tháng 10 - 3/2025", 0),
    ("Quý IV - II/2025", (BAD_DATE,), "Quý IV - II/2025", 0),
    ("Tháng 6, 13/2025", (BAD_DATE,), "13/2025", 1),
    ("Tháng 3/2025; Quý V/2025", (BAD_DATE,), "Quý V/2025", 1),
    ("Quý V/2025; abc", (BAD_DATE, SYNTAX), "Quý V/2025", 0),
    # two time phrases side by side, without a separator: a list was probably meant, not said
    ("Tháng 3/2025 Tháng 6/2025", (SYNTAX,), "Tháng 3/2025 Tháng 6/2025", 0),
    ("Quý I/2025 Quý II/2025", (SYNTAX,), "Quý I/2025 Quý II/2025", 0),
    ("Năm 2024 năm 2025", (SYNTAX,), "Năm 2024 năm 2025", 0),
    ("Tháng 3/2025 20/6/2025", (SYNTAX,), "Tháng 3/2025 20/6/2025", 0),
    ("Ban hành Tháng 3/2025 Tháng 6/2025", (SYNTAX,), "Ban hành Tháng 3/2025 Tháng 6/2025", 0),
    ("Ban hành: Tháng 3/2025 Tháng 6/2025", (SYNTAX,), "Tháng 3/2025 Tháng 6/2025", 0),
    ("Tháng 3/2025 sau khi có ý kiến", (SYNTAX,), "Tháng 3/2025 sau khi có ý kiến", 0),
    (
        "Triển khai tháng 3/2025 sau khi có ý kiến",
        (SYNTAX,),
        "Triển khai tháng 3/2025 sau khi có ý kiến",
        0,
    ),
    ("Tháng 3/2025 Thường xuyên", (SYNTAX,), "Tháng 3/2025 Thường xuyên", 0),
    ("Thường xuyên tháng 3/2025", (SYNTAX,), "Thường xuyên tháng 3/2025", 0),
    # a line-leading dash is a bullet, never a span dash
    ("Tháng 01\n- 3/2025", (SYNTAX,), "3/2025", 1),
    ("Quý III\n  – IV/2025", (SYNTAX,), "IV/2025", 1),
    ("- Tháng 3/2025\n- Tháng 6/2025 Tháng 9/2025", (SYNTAX,), "Tháng 6/2025 Tháng 9/2025", 1),
    # a colonless label holds no time phrase, time word, date, ongoing or condition marker
    ("tháng ba năm 2025", (SYNTAX,), "tháng ba năm 2025", 0),
    ("Tháng ba/2025", (SYNTAX,), "Tháng ba/2025", 0),
    ("Báo cáo quý II trong tháng 7/2025", (SYNTAX,), "Báo cáo quý II trong tháng 7/2025", 0),
    ("Báo cáo năm 2024 trước 31/3/2025", (SYNTAX,), "Báo cáo năm 2024 trước 31/3/2025", 0),
    ("Báo cáo 3/2025 tháng 6/2025", (SYNTAX,), "Báo cáo 3/2025 tháng 6/2025", 0),
    ("Họp 20/01/2025 trong tháng 3/2025", (SYNTAX,), "Họp 20/01/2025 trong tháng 3/2025", 0),
    ("Họp tuần 2 tháng 3/2025", (SYNTAX,), "Họp tuần 2 tháng 3/2025", 0),
    (
        "Báo cáo 6 tháng đầu năm trong tháng 7/2025",
        (SYNTAX,),
        "Báo cáo 6 tháng đầu năm trong tháng 7/2025",
        0,
    ),
    ("Kiểm tra định kỳ tháng 6/2025", (SYNTAX,), "Kiểm tra định kỳ tháng 6/2025", 0),
    ("Hội nghị thường niên tháng 3/2025", (SYNTAX,), "Hội nghị thường niên tháng 3/2025", 0),
    ("Mục 1.2 tháng 3/2025", (SYNTAX,), "Mục 1.2 tháng 3/2025", 0),
    ("Ban hành: Tháng 3/2025; Tháng 3/2025 Năm 2025", (SYNTAX,), "Tháng 3/2025 Năm 2025", 1),
]


@pytest.mark.parametrize(("text", "expected", "fragment", "understood"), ERRORS)
def test_errors(text: str, expected: tuple[str, ...], fragment: str, understood: int) -> None:
    parsed = parse_deadline(text, 2025)
    assert codes(parsed) == expected
    assert parsed.problems[0].fragment == fragment
    assert len(parsed.milestones) == understood
    for p in parsed.problems:
        assert nfc(text)[p.offset : p.offset + len(p.fragment)] == p.fragment


def test_problem_offsets_point_into_the_normalised_text() -> None:
    text = unicodedata.normalize("NFD", "Ban hành: Tháng 3/2025; Triển khai: Quý V/2025")
    (problem,) = parse_deadline(text, 2025).problems
    assert problem == DeadlineProblem(BAD_DATE, "Quý V/2025", nfc(text).index("Quý V"))


@pytest.mark.parametrize("year", [0, -1, 10_000])
def test_impossible_plan_year_is_a_problem_not_a_crash(year: int) -> None:
    assert codes(parse_deadline("tháng 6", year)) == (BAD_DATE,)
    assert codes(parse_deadline("Hằng quý", year)) == (BAD_DATE,)
    assert summary(parse_deadline("Thường xuyên", year)) == ((None, None, ONGOING),)


# --------------------------------------------------------------------------------------------
# 4. Properties.
# --------------------------------------------------------------------------------------------

YEARS = st.integers(1000, 9999)
MONTHS = st.integers(1, 12)
SPACE = st.sampled_from(["", " ", "  ", "\u00a0", "\n", "\t", " \u00a0\n "])
GAP = st.sampled_from([" ", "  ", "\u00a0", "\n", " \t "])  # where a space is needed


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def number(n: int, zero: bool) -> str:
    return f"{n:02d}" if zero else str(n)


@st.composite
def respelled(draw: st.DrawFn, text: str) -> str:
    """The same text in another case and/or decomposed."""
    text = draw(st.sampled_from([text, text.lower(), text.upper(), text.title()]))
    return draw(st.sampled_from([text, unicodedata.normalize("NFD", text)]))


@settings(max_examples=150)
@given(st.data(), MONTHS, YEARS, st.booleans(), SPACE, SPACE, SPACE)
def test_month_is_due_on_its_last_day(data, m, y, zero, s1, s2, s3) -> None:
    text = data.draw(respelled(f"Tháng{s1}{number(m, zero)}{s2}/{s3}{y}"))
    assert summary(parse_deadline(text, 2025)) == ((None, month_end(y, m).isoformat(), DATE),)
    assert summary(parse_deadline(f"tháng {m} năm {y}", 2025)) == (
        (None, month_end(y, m).isoformat(), DATE),
    )


@settings(max_examples=100)
@given(MONTHS, YEARS)
def test_month_without_year_takes_the_plan_year(m, y) -> None:
    assert parse_deadline(f"tháng {m}", y).milestones[0].due == month_end(y, m)


@settings(max_examples=100)
@given(st.data(), st.integers(1, 4), YEARS, st.booleans(), SPACE, SPACE)
def test_quarter_is_due_on_the_last_day_of_its_third_month(data, q, y, roman, s1, s2) -> None:
    name = ["I", "II", "III", "IV"][q - 1] if roman else str(q)
    text = data.draw(respelled(f"Quý {name}{s1}/{s2}{y}"))
    assert summary(parse_deadline(text, 2025)) == ((None, month_end(y, 3 * q).isoformat(), DATE),)


@settings(max_examples=100)
@given(st.integers(-10, 99).filter(lambda q: not 1 <= q <= 4), YEARS)
def test_quarter_out_of_range_is_a_date_problem(q, y) -> None:
    parsed = parse_deadline(f"Quý {q}/{y}", 2025)
    assert codes(parsed) == ((BAD_DATE,) if q >= 0 else (SYNTAX,))
    assert parsed.milestones == ()


@settings(max_examples=100)
@given(st.integers(0, 99).filter(lambda m: not 1 <= m <= 12), YEARS)
def test_month_out_of_range_is_a_date_problem(m, y) -> None:
    parsed = parse_deadline(f"Tháng {m}/{y}", 2025)
    assert codes(parsed) == (BAD_DATE,)
    assert parsed.milestones == ()


@settings(max_examples=200)
@given(
    st.data(),
    st.dates(date(1000, 1, 1), date(9999, 12, 31)),
    st.booleans(),
    st.sampled_from(
        ["Trước {d}/{m}/{y}", "trước ngày {d}/{m}/{y}", "{d}/{m}/{y}", "ngày {d}/{m}/{y}"]
    ),
)
def test_day_is_due_that_day(data, day, zero, form) -> None:
    text = form.format(d=number(day.day, zero), m=number(day.month, zero), y=day.year)
    text = data.draw(respelled(text))
    assert summary(parse_deadline(text, 2025)) == ((None, day.isoformat(), DATE),)
    spelled = f"Trước ngày {day.day} tháng {day.month} năm {day.year}"
    assert parse_deadline(spelled, 2025).milestones[0].due == day


@settings(max_examples=200)
@given(st.data(), MONTHS, YEARS)
def test_day_past_the_end_of_its_month_is_a_date_problem(data, m, y) -> None:
    d = data.draw(st.integers(calendar.monthrange(y, m)[1] + 1, 99))
    parsed = parse_deadline(f"Trước {d}/{m}/{y}", 2025)
    assert codes(parsed) == (BAD_DATE,)
    assert parsed.milestones == ()


@settings(max_examples=150)
@given(
    st.lists(MONTHS, min_size=1, max_size=6),
    YEARS,
    st.lists(st.sampled_from([", ", " và ", ",", " ,  ", ", và "]), min_size=5, max_size=5),
)
def test_month_list_gives_one_milestone_per_month_in_order(months, y, seps) -> None:
    text = (
        "Tháng "
        + "".join((seps[k - 1] if k else "") + str(m) for k, m in enumerate(months))
        + f"/{y}"
    )
    parsed = parse_deadline(text, 2025)
    assert parsed.problems == ()
    assert [m.due for m in parsed.milestones] == [month_end(y, m) for m in months]
    if len(months) == 1:
        assert parsed.milestones[0].label is None
    else:
        assert [m.label for m in parsed.milestones] == [f"Tháng {m}/{y}" for m in months]


@settings(max_examples=150)
@given(
    MONTHS,
    MONTHS,
    YEARS,
    st.sampled_from(["-", "- ", " - ", "–", " — ", " -\n", "–\n "]),
    st.booleans(),
)
def test_month_span_is_due_at_the_end_of_its_last_month(a, b, y, dash, zero) -> None:
    parsed = parse_deadline(f"Tháng {number(a, zero)}{dash}{b}/{y}", 2025)
    if a <= b:
        assert summary(parsed) == ((None, month_end(y, b).isoformat(), DATE),)
    else:
        assert codes(parsed) == (BAD_DATE,)


@settings(max_examples=100)
@given(
    st.lists(MONTHS, min_size=2, max_size=4),
    YEARS,
    st.sampled_from(["\n- ", "\n-", "\n  – ", "\r\n— ", " \n - "]),
    st.sampled_from(["Tháng {m}/{y}", "tháng {m} năm {y}", "Quý I/{y}"]),
)
def test_a_dash_that_begins_a_line_is_a_bullet(months, y, sep, form) -> None:
    texts = [form.format(m=m, y=y) for m in months]
    parsed = parse_deadline("- " + sep.join(texts), 2025)
    assert parsed.problems == ()
    assert len(parsed.milestones) == len(months)
    # "Tháng 6\n- 3/2025" is not a span: "3/2025" on its own line is not understood; a
    # two-digit "10/2025" is a month written as dates are (issue 13), a milestone of its own
    parsed = parse_deadline(f"Tháng {months[0]}{sep}{months[1]}/{y}", 2025)
    if months[1] < 10:
        assert codes(parsed) == (SYNTAX,)
        assert parsed.problems[0].fragment == f"{months[1]}/{y}"
    else:
        assert [m.due for m in parsed.milestones][1:] == [month_end(y, months[1])]


LABEL_WORDS = [
    "Ban",
    "hành",
    "Triển",
    "khai",
    "Báo",
    "cáo",
    "Kế",
    "hoạch",
    "Xây",
    "dựng",
    "Đề",
    "án",
]


# Label pieces that look like time: a colonless label must never swallow them.
TIME_LIKE = [
    "Tháng 3/2025", "tháng 6", "Quý II", "quý I/2024", "năm 2024", "Năm 2026", "3/2025", "15/6",
    "20/01/2025", "20-01-2025", "tháng ba", "quý hai", "ngày 5", "tuần 2", "Thường xuyên",
    "định kỳ", "hằng quý", "6 tháng đầu năm", "sau khi", "trong năm", "cuối năm", "theo tiến độ",
]  # fmt: skip
TIMEISH = re.compile(
    r"\b(?:tháng|quý|năm|ngày|tuần)\s+(?:\d|[ivx]+\b|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
    r"|\d+\s*[/.-]\s*\d+|thường xuyên|định kỳ|hằng|hàng quý|sau khi|theo tiến độ"
    r"|(?:đầu|cuối|trong) năm",
    re.IGNORECASE,
)


def names_itself(m: Milestone, text: str) -> bool:
    """``text`` is the milestone's own period (or condition): read alone, it means just m."""
    alone = parse_deadline(text, 2025)
    return alone.problems == () and [(x.due, x.kind) for x in alone.milestones] == [(m.due, m.kind)]


def swallows_time(m: Milestone) -> bool:
    """Does the milestone's label hold a time phrase that is not its own PERIOD?"""
    label = m.label
    if label is None or not TIMEISH.search(label) or names_itself(m, label):
        return False
    if label.endswith(")"):  # "LABEL (PERIOD)"
        for cut in (k for k in range(len(label)) if label.startswith(" (", k)):
            if not TIMEISH.search(label[:cut]) and names_itself(m, label[cut + 2 : -1]):
                return False
    return True


@settings(max_examples=250)
@given(
    st.one_of(
        st.lists(st.sampled_from(LABEL_WORDS), min_size=1, max_size=5),
        st.lists(st.sampled_from(LABEL_WORDS + TIME_LIKE), min_size=1, max_size=5),
    ).map(" ".join),
    MONTHS,
    YEARS,
    st.sampled_from(
        ["{label}: Tháng {m}/{y}", "{label} tháng {m}/{y}", "- {label} trong tháng {m}/{y}"]
    ),
)
def test_a_label_is_kept_as_written(label, m, y, form) -> None:
    parsed = check_invariants(form.format(label=label, m=m, y=y), 2025)
    kept = ((label, month_end(y, m).isoformat(), DATE),)
    time_like = any(piece in label for piece in TIME_LIKE)
    if not time_like:
        assert summary(parsed) == kept
    elif ":" in form:  # the text before a colon is taken as written, whatever it holds
        if re.search(r"[^\W\d_]", label) and not label.lower().startswith(("sau khi", "theo")):
            assert summary(parsed) == kept
    else:  # parsed as milestones of their own, or reported: never swallowed into a label
        assert parsed.problems or not any(swallows_time(x) for x in parsed.milestones)
        assert not any(x.label and label in x.label for x in parsed.milestones)


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(st.sampled_from(LABEL_WORDS), MONTHS),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    YEARS,
    st.sampled_from(["; ", ";\n", "\n- ", "; - "]),
)
def test_labelled_parts_come_out_in_order(parts, y, sep) -> None:
    text = "- " + sep.join(f"{label}: Tháng {m}/{y}" for label, m in parts)
    parsed = parse_deadline(text, 2025)
    assert summary(parsed) == tuple(
        (label, month_end(y, m).isoformat(), DATE) for label, m in parts
    )


VOCABULARY = [
    "Tháng", "tháng", "Quý", "quý", "năm", "Năm", "ngày", "Trước", "trong", "và", "hoặc", "hàng",
    "hằng", "định", "kỳ", "Thường", "xuyên", "Sau", "khi", "đầu", "cuối", "6", "12", "13", "0",
    "3", "31", "I", "IV", "V", "2025", "2024", "/", ",", ";", "-", "–", ":", "(", ")", ".", "\n",
    "\u00a0", "Ban hành", "đột xuất", "một lần",
]  # fmt: skip


def check_invariants(text: str, year: int) -> ParsedDeadline:
    parsed = parse_deadline(text, year)
    assert isinstance(parsed, ParsedDeadline)
    assert parsed.milestones or parsed.problems
    normalised = nfc(text)
    for p in parsed.problems:
        assert p.code in (SYNTAX, BAD_DATE)
        assert normalised[p.offset : p.offset + len(p.fragment)] == p.fragment
    for m in parsed.milestones:
        assert m.kind in (DATE, ONGOING, CONDITIONAL)
        assert (m.due is not None) == (m.kind == DATE)
        assert (m.condition is not None) == (m.kind == CONDITIONAL)
    if len(parsed.milestones) == 1 and parsed.milestones[0].label is not None:
        assert parsed.milestones[0].label.strip()
    return parsed


@settings(max_examples=200)
@given(st.text(), st.integers(-5, 10_005))
def test_never_raises_on_any_text(text, year) -> None:
    check_invariants(text, year)


@settings(max_examples=200)
@given(
    st.lists(st.sampled_from(VOCABULARY), max_size=12), st.lists(SPACE, min_size=12, max_size=12)
)
def test_never_raises_on_near_miss_text(words, spaces) -> None:
    text = "".join(w + s for w, s in zip(words, spaces, strict=False))
    parsed = check_invariants(text, 2025)
    assert parse_deadline(unicodedata.normalize("NFD", text), 2025) == parsed
    if not parsed.problems:  # a final period changes nothing
        assert parse_deadline(text + ".", 2025) == parsed


@settings(max_examples=100)
@given(st.sampled_from(list(PLAN_2025)), GAP)
def test_plan_deadlines_tolerate_odd_whitespace(text, gap) -> None:
    spaced = gap + text.replace(" ", gap) + gap
    assert summary(parse_deadline(spaced, 2025)) == PLAN_2025[text]
    shouted = summary(parse_deadline(text.upper(), 2025))
    assert [(label and label.casefold(), due, kind) for label, due, kind in shouted] == [
        (label and label.casefold(), due, kind) for label, due, kind in PLAN_2025[text]
    ]


# ---------------------------------------------------------------------------------------------
# Issue 22: recurrence through dateutil.rrule; every 2 and every 4 months; an ongoing rhythm


@pytest.mark.parametrize(
    ("every", "year", "ends"),
    [
        # The last day of every N-th month, the first at month N (worked out on a calendar).
        (1, 2025, [(1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31),
                   (9, 30), (10, 31), (11, 30), (12, 31)]),
        (2, 2025, [(2, 28), (4, 30), (6, 30), (8, 31), (10, 31), (12, 31)]),
        (2, 2028, [(2, 29), (4, 30), (6, 30), (8, 31), (10, 31), (12, 31)]),  # a leap year
        (3, 2025, [(3, 31), (6, 30), (9, 30), (12, 31)]),
        (4, 2025, [(4, 30), (8, 31), (12, 31)]),
        (6, 2025, [(6, 30), (12, 31)]),
        (12, 2025, [(12, 31)]),
        (4, 9999, [(4, 30), (8, 31), (12, 31)]),  # the calendar's last year
        (4, 0, []),  # no such year
        (4, 10000, []),
    ],
)  # fmt: skip
def test_month_ends(every: int, year: int, ends: list[tuple[int, int]]) -> None:
    from parplan.core.deadlines.recurring import month_ends

    assert month_ends(year, every) == [date(year, m, d) for m, d in ends]


def test_every_4_months_recurs_in_every_year_of_a_plans_period() -> None:
    # A plan of 2026-2027: "4 tháng một lần" without a year → April, August, December of each.
    parsed = parse_deadline("Định kỳ 4 tháng một lần", 2026, 2027)
    assert parsed.problems == ()
    assert [m.due for m in parsed.milestones] == [
        date(2026, 4, 30),
        date(2026, 8, 31),
        date(2026, 12, 31),
        date(2027, 4, 30),
        date(2027, 8, 31),
        date(2027, 12, 31),
    ]


def test_every_2_and_4_months_together_take_the_union() -> None:
    # Every 2 months ∪ every 4 months = every 2 months: six dates, each named as a month.
    parsed = parse_deadline("Định kỳ 2 tháng, 4 tháng", 2025)
    assert parsed.problems == ()
    assert [m.due.month for m in parsed.milestones if m.due] == [2, 4, 6, 8, 10, 12]


def test_every_5_months_is_not_understood() -> None:
    assert [p.code for p in parse_deadline("5 tháng một lần", 2025).problems] == ["deadline-syntax"]


@pytest.mark.parametrize(
    ("text", "every"),
    [
        ("Hằng tuần", "weekly"),
        ("Hàng tuần", "weekly"),
        ("Mỗi tuần", "weekly"),
        ("Hằng ngày", "daily"),
        ("Thường xuyên, hằng tuần", "weekly"),
        ("Thường xuyên", None),
        ("Định kỳ", None),
        ("Hằng tuần, hằng ngày", None),  # two rhythms: none is the rhythm
        ("Khi có yêu cầu", None),
    ],
)
def test_an_ongoing_deadline_keeps_its_rhythm(text: str, every: str | None) -> None:
    (milestone,) = parse_deadline(text, 2025).milestones
    assert milestone.kind == ONGOING and milestone.every == every


# ---------------------------------------------------------------------------------------------
# The table of expected answers (tests/cases/deadlines.yaml; see its header for where it comes
# from and how it was checked)

TABLE = Path(__file__).resolve().parent / "cases" / "deadlines.yaml"


def _table_rows() -> list[tuple[object, ...]]:
    import yaml

    rows = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return [pytest.param(*row[:4], id=f"{row[0][:40]!r}-{row[1]}") for row in rows]


def _written(milestone: object) -> str:
    m = milestone
    label = m.label if m.label is not None else "—"  # type: ignore[attr-defined]
    if m.kind == DATE:  # type: ignore[attr-defined]
        what = m.due.strftime("%d/%m/%Y")  # type: ignore[attr-defined]
    elif m.kind == ONGOING:  # type: ignore[attr-defined]
        start = m.start  # type: ignore[attr-defined]
        what = "ongoing" + (f" from {start.strftime('%d/%m/%Y')}" if start else "")
    else:
        what = f"when {m.condition}"  # type: ignore[attr-defined]
    return f"{label} → {what}"


@pytest.mark.parametrize(("text", "plan", "milestones", "problems"), _table_rows())
def test_the_table_of_expected_answers(
    text: str, plan: int | str, milestones: list[str], problems: list[str]
) -> None:
    first, _, last = str(plan).partition("-")
    parsed = parse_deadline(text, int(first), int(last) if last else None)
    assert [_written(m) for m in parsed.milestones] == milestones
    assert [f"{p.code} @{p.offset} {p.fragment}" for p in parsed.problems] == problems


@pytest.mark.parametrize(
    "text", ["Định kỳ 6 tháng, hàng quý", "Định kỳ 1 năm, 6 tháng, hàng quý", "Hằng năm, hằng quý"]
)
def test_frequencies_coarse_first_still_give_the_finest_names_in_date_order(text: str) -> None:
    # The union of the quarters' ends (31/03, 30/06, 30/09, 31/12), the half-years' (30/06,
    # 31/12) and the year's (31/12): four dates, in date order, each named after its finest
    # period (a quarter), whatever order the frequencies are written in.
    parsed = parse_deadline(text, 2025)
    assert parsed.problems == ()
    assert [(m.label, m.due) for m in parsed.milestones] == [
        ("Quý I/2025", date(2025, 3, 31)),
        ("Quý II/2025", date(2025, 6, 30)),
        ("Quý III/2025", date(2025, 9, 30)),
        ("Quý IV/2025", date(2025, 12, 31)),
    ]


@pytest.mark.parametrize("text", ["Định kỳ đột xuất", "Định kỳ, đột xuất"])
def test_periodic_and_ad_hoc_alone_is_ongoing(text: str) -> None:
    # "Định kỳ" then only "đột xuất" (ad hoc): no period to recur on, so no due date; ongoing
    # (docs/deadline-grammar.md: "Định kỳ", "Đột xuất" and lists of them → one ONGOING).
    parsed = parse_deadline(text, 2025)
    assert parsed.problems == ()
    assert [(m.kind, m.due) for m in parsed.milestones] == [(ONGOING, None)]


def test_a_month_is_finer_than_a_quarter() -> None:
    # Monthly and quarterly: twelve month ends; those shared with a quarter (31/03, 30/06,
    # 30/09, 31/12) are named after the month, the finer period.
    parsed = parse_deadline("Định kỳ hằng tháng, hằng quý", 2025)
    assert parsed.problems == ()
    assert [m.label for m in parsed.milestones] == [f"Tháng {n}/2025" for n in range(1, 13)]
