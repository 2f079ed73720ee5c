"""The rewritten deadline parser gives exactly what the parser before it gave.

``deadlines_reference.py`` is a frozen copy of ``parplan/core/deadlines.py`` as it was before the
rewrite for a reader. Both parse one corpus — every deadline of every YAML file of the
repository, every string of the deadline tests, and a few thousand phrasings generated from the
grammar's words — for a plan of one year and a plan of five, and must agree on everything:
milestones (labels, dues, kinds, conditions, starts) and problems (codes, fragments, offsets).
"""

from __future__ import annotations

import ast
import dataclasses
import random
import re
from pathlib import Path

import deadlines_reference as reference
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.core import deadlines

ROOT = Path(__file__).resolve().parent.parent
YEARS = ((2025, None), (2026, 2030))


def outcome(parsed: object) -> tuple[object, ...]:
    """A parse result as plain tuples, so that the two modules' classes compare."""
    # ``every`` (an ongoing milestone's rhythm, issue 22) is new: the reference has none.
    milestones = tuple(dataclasses.astuple(m)[:7] for m in parsed.milestones)  # type: ignore[attr-defined]
    problems = tuple(dataclasses.astuple(p) for p in parsed.problems)  # type: ignore[attr-defined]
    return milestones, problems


def mismatches(texts: list[str]) -> list[tuple[str, int, int | None]]:
    wrong = []
    for text in texts:
        for year, last in YEARS:
            new = outcome(deadlines.parse_deadline(text, year, last))
            old = outcome(reference.parse_deadline(text, year, last))
            if new != old:
                wrong.append((text, year, last))
    return wrong


# ---- the corpus --------------------------------------------------------------------------------


def yaml_deadlines() -> list[str]:
    """Every ``deadline:`` value written in a YAML file of the repository, as written."""
    found: set[str] = set()
    pattern = re.compile(r"^\s*(?:-\s+)?deadline:\s*(.+?)\s*$", re.M)
    for path in [*ROOT.glob("data/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")]:
        try:
            content = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a case of a badly encoded file
            continue
        for value in pattern.findall(content):
            if value[:1] in "\"'" and value[-1:] == value[:1]:
                value = value[1:-1]
            found.add(value)
    return sorted(found)


def strings_of_the_tests() -> list[str]:
    """Every string constant of the deadline tests (texts, expected labels, fragments)."""
    found: set[str] = set()
    for name in ("test_deadlines.py", "test_deadlines_any_plan.py", "test_plan_period.py"):
        tree = ast.parse((ROOT / "tests" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return sorted(found)


MONTH = ["Tháng 3/2025", "tháng 12", "Tháng 01- 3/2025", "tháng 6 năm 2026", "tháng 13/2025"]
QUARTER = [
    "Quý I/2025",
    "quý II",
    "Quý III- IV/2025",
    "Quý 1/2026",
    "Quý V/2025",
    "quý IV năm 2025",
]
YEAR = ["Năm 2025", "năm 2025-2026", "trong năm", "cuối năm", "Giai đoạn 2026-2030", "Năm 0"]
PART = ["6 tháng đầu năm", "6 tháng cuối năm 2025", "nửa đầu năm", "sáu tháng cuối năm/2026"]
DAY = [
    "Trước 31/12/2025",
    "trước ngày 05/02/2025",
    "ngày 15 tháng 6 năm 2025",
    "20/01/2025",
    "ngày 15/6",
    "31/02/2025",
    "15-6-2025",
    "15/6",
]
BARE = ["09/2026", "03-06/2026", "3/2025", "01/2025/TT-BNV"]
RECURRING = [
    "Hằng quý",
    "Hàng tháng",
    "Hằng năm",
    "Thường niên",
    "Hằng 6 tháng",
    "6 tháng một lần",
    "Định kỳ hàng quý, 6 tháng, 1 năm và đột xuất",
    "Định kỳ (Tháng 3, 6, 9, 12/2025)",
    "Hằng quý năm 2026",
    "Định kỳ 5 tháng",
]
ONGOING_ = ["Thường xuyên", "Định kỳ", "Liên tục", "Đột xuất", "Hằng tuần", "Thường xuyên, định kỳ"]
CONDITION = [
    "Sau khi Đề án được phê duyệt",
    "Khi có yêu cầu",
    "Theo yêu cầu",
    "Tùy tình hình",
    "Theo lộ trình của Chính phủ",
    "Khi phát sinh",
    "Căn cứ kết quả",
]
START = ["Từ Quý II/2026", "kể từ ngày 01/3/2026", "từ tháng 7/2026", "bắt đầu từ năm 2027"]
CONNECTIVE = [
    "",
    "",
    "",
    "",
    "",
    "",
    "trong ",
    "vào ",
    "chậm nhất ",
    "đến hết ",
    "trước ",
    "hạn ",
    "từ ",
    "cuối ",
]
LABEL = [
    "",
    "",
    "",
    "",
    "",
    "Ban hành: ",
    "Triển khai ",
    "Báo cáo năm 2024: ",
    "Mục 1.2 ",
    "12: ",
    "Trước ",
]
JOIN = [
    ", ",
    " và ",
    "; ",
    "\n- ",
    ", ",
    " và ",
    "; ",
    "\n- ",
    "\n",
    " hoặc ",
    " ",
    " - ",
    ", và ",
    " & ",
    " đến ",
]
NOISE = ["", "", ".", ",", ";", " ", "\u00a0", "\u200b", " -", "(", ")"]
ATOMS = [*MONTH, *QUARTER, *YEAR, *PART, *DAY, *BARE, *RECURRING, *ONGOING_, *CONDITION, *START]


def generated(count: int, seed: int = 971) -> list[str]:
    """Phrasings built from the grammar's words: labelled, connected, listed, noisy."""
    rng = random.Random(seed)

    def phrase() -> str:
        text = rng.choice(CONNECTIVE) + rng.choice(ATOMS)
        text = rng.choice(LABEL) + text
        if rng.random() < 0.3:
            text = rng.choice([str.lower, str.upper, str.title])(text)
        return text

    texts = []
    for _ in range(count):
        text = phrase()
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
            text += rng.choice(JOIN) + phrase()
        texts.append(text + rng.choice(NOISE))
    return texts


def month_lists(count: int, seed: int = 146) -> list[str]:
    """Lists and spans of months/quarters with their years here and there."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        word = rng.choice(["Tháng", "tháng", "Quý", "quý", "Năm", ""])
        items = []
        for _ in range(rng.randint(1, 6)):
            if word.lower() == "quý":
                n = rng.choice(["I", "II", "III", "IV", "V", "1", "4", "0"])
            elif word == "Năm":
                n = rng.choice(["2025", "2026", "2024", "0", "25"])
            else:
                n = str(rng.choice([rng.randint(1, 12), rng.randint(0, 13)]))
            if rng.random() < 0.3:
                n += rng.choice(["-", " - ", " đến ", "–"]) + str(rng.randint(1, 12))
            if rng.random() < 0.3:
                n += rng.choice(["/", " năm "]) + str(rng.choice([2024, 2025, 2026, 0]))
            if rng.random() < 0.3:
                n = rng.choice(["tháng ", "quý ", "từ tháng "]) + n
            items.append(n)
        seps = [rng.choice([", ", " và ", ",", ", và "]) for _ in items[1:]]
        body = items[0] + "".join(s + i for s, i in zip(seps, items[1:], strict=True))
        texts.append(f"{word} {body}".strip())
    return texts


def well_formed(count: int, seed: int = 2025) -> list[str]:
    """Mostly valid deadlines: readable atoms, listed, labelled with a colon, one per line."""
    rng = random.Random(seed)
    valid = [*MONTH[:4], *QUARTER[:4], *YEAR[:5], *PART, *DAY[:5], *BARE[:2], *RECURRING[:9]]
    valid += [*ONGOING_, *CONDITION, *START]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 3)):
            atoms = [rng.choice(valid) for _ in range(rng.randint(1, 3))]
            body = atoms[0] + "".join(rng.choice([", ", " và "]) + a for a in atoms[1:])
            label = rng.choice(["", "", "Ban hành: ", "Triển khai thực hiện ", "Báo cáo: "])
            parts.append(label + body)
        texts.append(rng.choice(["; ", "\n- ", "; - "]).join(parts))
    return texts


LONG = [
    "Tháng 3, ",
    "tháng 1,",
    ",1",
    "Quý I, ",
    "quý II và ",
    "ngày 1/2 và ",
    "1/2/2025, ",
    ",1/2",
    "09/2026, ",
    "03-06/2026 và ",
    "Hằng quý, ",
    "Định kỳ hằng quý, ",
    "hàng tháng, 6 tháng, ",
    "Thường xuyên, ",
    "liên tục và ",
    "Năm 2025, ",
    "6 tháng đầu năm, ",
    "từ ",
    "- ",
    "tháng 1 - 3, ",
    "Ban hành: tháng 3, ",
    "Tháng 12/2026 hoặc ",
]


def long_texts() -> list[str]:
    """Lists up to the 500-character cap, read to their end or failing at it."""
    texts = []
    for pattern in LONG:
        for length in (60, 250, 500):
            body = (pattern * 500)[:length]
            texts += [body, body.rstrip(" ,và-"), body[: length - 3] + "xyz"]
            texts += ["Tháng 1" + body[: length - 7], body[: length - 10] + " (Tháng 3)"]
    return texts


# ---- the tests ---------------------------------------------------------------------------------


def test_every_deadline_of_every_yaml_file() -> None:
    texts = yaml_deadlines()
    assert len(texts) > 40
    assert mismatches(texts) == []


def test_every_string_of_the_deadline_tests() -> None:
    texts = strings_of_the_tests()
    assert len(texts) > 300
    assert mismatches(texts) == []


@pytest.mark.parametrize("chunk", range(4))
def test_generated_phrasings(chunk: int) -> None:
    assert mismatches(generated(1000, seed=971 + chunk)) == []


def test_generated_well_formed_deadlines() -> None:
    assert mismatches(well_formed(1500)) == []


def test_lists_up_to_the_cap() -> None:
    assert mismatches(long_texts()) == []


def test_generated_lists_of_months_and_quarters() -> None:
    assert mismatches(month_lists(1500)) == []


WORDS = sorted(
    {w for atom in ATOMS + LABEL + CONNECTIVE + JOIN for w in re.split(r"(\W)", atom) if w}
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14))
def test_any_sequence_of_the_grammar_words(words: list[str]) -> None:
    text = "".join(words)
    assert mismatches([text]) == []


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text(text: str) -> None:
    assert mismatches([text]) == []
