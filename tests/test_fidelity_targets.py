"""The targets are law too: ``targets:`` in data/plan-2025.yaml must say what section II of
Quyết định 971/QĐ-BNV says, and name the unit section IV gives the area to (issue 21).

Both sides are read here without parplan: the plan with PyYAML, the decision's text line by
line. The body's numeric targets are found in the text on their own (every "N%" of section II),
so a target missing from the plan, or one the decision does not state, fails.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml
from conftest import DATA, PLAN

SEED = DATA / "source" / "971-QD-BNV-ke-hoach-CCHC-2025.txt"
LINES = SEED.read_text(encoding="utf-8").split("\n")
PLAN_YAML = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
TARGETS = PLAN_YAML.get("targets") or []


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def line_of(heading: str, start: int = 0) -> int:
    """0-based index of the first line from ``start`` that starts with ``heading``."""
    return next(i for i in range(start, len(LINES)) if LINES[i].startswith(heading))


SECTION_II = line_of("II. NHIỆM VỤ CỤ THỂ")
SECTION_III = line_of("III. KINH PHÍ", SECTION_II)
SECTION_IV = line_of("IV. TỔ CHỨC THỰC HIỆN", SECTION_III)
APPENDIX = line_of("PHỤ LỤC", SECTION_IV)


def joined(first: int, last: int) -> tuple[str, list[tuple[int, int]]]:
    """Lines first..last-1 joined by single spaces, with each character's (line, column),
    1-based, as the decision's text has it."""
    text: list[str] = []
    places: list[tuple[int, int]] = []
    for index in range(first, last):
        if text:
            text.append(" ")
            places.append((index + 1, 0))
        for column, char in enumerate(LINES[index], start=1):
            text.append(char)
            places.append((index + 1, column))
    return "".join(text), places


BODY_II, PLACES_II = joined(SECTION_II, SECTION_III)


def percentages_in_section_ii() -> list[tuple[int, int]]:
    """(value, position in BODY_II) of every "N%" of section II."""
    return [(int(m[1]), m.start()) for m in re.finditer(r"(\d+)\s*%", BODY_II)]


def seed_text_at(cited: str, length_hint: str) -> str:
    """The decision's words from ``file:line:column`` on, as long as ``length_hint``."""
    path, line, column = cited.rsplit(":", 2)
    assert (PLAN.parent / path).resolve() == SEED.resolve()
    start = PLACES_II.index((int(line), int(column)))
    return BODY_II[start : start + len(length_hint)]


def test_every_percentage_of_section_ii_is_a_target_and_no_other() -> None:
    found = sorted(value for value, _ in percentages_in_section_ii())
    assert found == [50, 80, 80, 80, 100]  # as read in the decision (II.2.đ, e, g)
    assert sorted(int(t["value"]) for t in TARGETS) == found
    # each percentage lies inside exactly one target's words, at its place in the text
    spans = []
    for target in TARGETS:
        _path, line, column = target["source"].rsplit(":", 2)
        start = PLACES_II.index((int(line), int(column)))
        spans.append((start, start + len(nfc(target["text"]))))
    for value, position in percentages_in_section_ii():
        assert sum(start <= position < end for start, end in spans) == 1, value


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_text_is_word_for_word_at_its_place(target: dict[str, object]) -> None:
    text = nfc(str(target["text"]))
    assert seed_text_at(str(target["source"]), text) == text


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_value_and_comparison_are_the_sentence(target: dict[str, object]) -> None:
    text = nfc(str(target["text"]))
    numbers = re.findall(r"(\d+)\s*%", text)
    assert [float(n) for n in numbers] == [float(str(target["value"]))]
    expected = "at-least" if "tối thiểu" in text.lower() else "exactly"
    assert target["comparison"] == expected
    assert target["measure"] == "percent"
    assert target["period"] == PLAN_YAML["plan"]["year"]


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_id_is_its_area_and_point(target: dict[str, object]) -> None:
    """II.<area>.<point>-<n>: the numbered area and lettered point the sentence sits under."""
    _path, line, column = str(target["source"]).rsplit(":", 2)
    area = point = None
    for index in range(SECTION_II + 1, int(line)):
        if m := re.match(r"^(\d+)\. ", LINES[index]):
            area, point = m[1], None
        elif m := re.match(r"^([a-zđ])\) ", LINES[index]):
            point = m[1]
    here = re.match(r"^([a-zđ])\) ", LINES[int(line) - 1])
    if here and int(column) == len(here[0]) + 1:
        point = here[1]
    assert area is not None and point is not None
    assert re.fullmatch(rf"II\.{area}\.{point}-\d+", nfc(str(target["id"])))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t["id"])
def test_target_unit_is_the_one_section_iv_gives_the_area(target: dict[str, object]) -> None:
    """basis IV.<n>.<letter>: point n of section IV is headed by the target's unit, and its
    lettered point leads "cải cách thủ tục hành chính" — the title of the target's area."""
    basis = re.fullmatch(r"IV\.(\d+)\.([a-zđ])", nfc(str(target["basis"])))
    assert basis is not None
    heading = line_of(f"{basis[1]}. ", SECTION_IV)
    assert heading < APPENDIX
    assert LINES[heading][len(basis[1]) + 2 :].strip() == target["unit"]
    point = line_of(f"{basis[2]}) ", heading)
    following = line_of(f"{int(basis[1]) + 1}. ", heading)
    assert point < following
    words = " ".join(LINES[point:following]).lower()
    area_number = str(target["id"]).split(".")[1]
    area_line = line_of(f"{area_number}. ", SECTION_II)
    area_title = " ".join(LINES[area_line : area_line + 2]).split(". ", 1)[1].lower()
    area_title = area_title.split(" a)")[0].strip()
    assert area_title.startswith("cải cách thủ tục hành chính")
    assert "chủ trì" in words and "cải cách thủ tục hành chính" in words
