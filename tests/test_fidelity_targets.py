"""The decision's body is law too (issue 21): ``targets:`` in data/plan-2025.yaml must say
what section II of Quyết định 971/QĐ-BNV says and name the unit section IV gives the area to;
``duties:`` must be section II's lettered points and ``responsibilities:`` section IV's, word
for word, with the leads section IV assigns.

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
def test_target_text_is_a_whole_sentence(target: dict[str, object]) -> None:
    """Review of issue 21: word for word is not enough if the words stop short ("… nghĩa vụ
    tài chính" without ", được triển khai thanh toán trực tuyến."): a target's text starts
    where a point or a sentence of the decision starts and ends with its "." or ";"."""
    text = nfc(str(target["text"]))
    _path, line, column = str(target["source"]).rsplit(":", 2)
    start = PLACES_II.index((int(line), int(column)))
    end = start + len(text)
    assert re.search(r"(?:[.;]|(?:^| )[a-zđ]\)) $", BODY_II[:start]), BODY_II[start - 8 : start]
    assert text[-1] in ".;" and (end == len(BODY_II) or BODY_II[end] == " ")
    assert re.search(r"[.;] ", text[:-1]) is None  # one sentence, not two


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


# ---------------------------------------------------------------------------------------------
# Section II's lettered points (duties) and section IV's points (responsibilities)

DUTIES = PLAN_YAML.get("duties") or []
RESPONSIBILITIES = PLAN_YAML.get("responsibilities") or []
AREA = re.compile(r"^(\d+)\. (.*)$")
POINT = re.compile(r"^([a-zđ])\) (.*)$")


def read_points(first: int, last: int, section: str) -> list[tuple[str, int, int, str]]:
    """(id, line, column, words) of every point of a section, read from the text: a numbered
    heading opens a part (its words may run onto the next line), a lettered line opens a
    point, which runs to the next point or part; a part without lettered points is one point
    (its body after the heading)."""
    points: list[tuple[str, int, int, str]] = []
    part = ""
    current: list[object] | None = None
    expected_part = 1
    index = first + 1
    while index < last:
        line = LINES[index]
        area, point = AREA.match(line), POINT.match(line)
        if area and int(area[1]) == expected_part:
            if current:
                points.append(tuple(current))  # type: ignore[arg-type]
            current, part, expected_part = None, area[1], expected_part + 1
            index += 1
            # the heading's continuation: a line that is neither a point nor a sentence
            while (
                index < last
                and not POINT.match(LINES[index])
                and (LINES[index][:1].islower() or LINES[index].startswith("Thanh niên"))
            ):
                index += 1
            if section == "IV" and not POINT.match(LINES[index]):
                current = [f"IV.{part}", index + 1, 1, LINES[index]]
                index += 1
            continue
        if point:
            if current:
                points.append(tuple(current))  # type: ignore[arg-type]
            current = [f"{section}.{part}.{point[1]}", index + 1, 4, point[2]]
        elif current is not None:
            current[3] = f"{current[3]} {line}"
        index += 1
    if current:
        points.append(tuple(current))  # type: ignore[arg-type]
    return points


END_OF_IV = line_of("Trong quá trình tổ chức thực hiện", SECTION_IV)
SECTION_II_POINTS = read_points(SECTION_II, SECTION_III, "II")
SECTION_IV_POINTS = read_points(SECTION_IV, END_OF_IV, "IV")


def test_every_lettered_point_of_section_ii_is_a_duty_word_for_word() -> None:
    assert len(SECTION_II_POINTS) == 58  # 7 + 11 + 7 + 9 + 6 + 8 + 10, counted in the decision
    written = [
        (nfc(d["point"]), *map(int, d["source"].rsplit(":", 2)[1:]), nfc(d["text"])) for d in DUTIES
    ]
    assert written == [(i, line, column, nfc(text)) for i, line, column, text in SECTION_II_POINTS]


def test_every_point_of_section_iv_is_a_responsibility_word_for_word() -> None:
    assert len(SECTION_IV_POINTS) == 35
    written = [
        (nfc(r["point"]), *map(int, r["source"].rsplit(":", 2)[1:]), nfc(r["text"]))
        for r in RESPONSIBILITIES
    ]
    assert written == [(i, line, column, nfc(text)) for i, line, column, text in SECTION_IV_POINTS]


def iv_heading(number: str) -> str:
    index = line_of(f"{number}. ", SECTION_IV)
    return LINES[index][len(number) + 2 :].strip()


def test_each_responsibility_names_the_unit_of_its_heading() -> None:
    for entry in RESPONSIBILITIES:
        number = entry["point"].split(".")[1]
        heading = iv_heading(number)
        if number == "1":  # the Party committee and mass organisations: not units of the registry
            assert "unit" not in entry and heading in entry["to"]
        elif number == "2":  # "Các cơ quan, đơn vị thuộc, trực thuộc Bộ có trách nhiệm"
            assert entry["unit"] == "Các đơn vị thuộc, trực thuộc Bộ"
        else:
            assert entry["unit"] == heading, entry["point"]


def named_points(text: str) -> list[str]:
    """ "tại các điểm a, g khoản 3 và đ khoản 4 mục II" → II.3.a, II.3.g, II.4.đ."""
    found = []
    for phrase in re.findall(r"điểm (.*?) mục II\b", text):
        for letters, part in re.findall(r"((?:[a-zđ](?:, | và )?)+) khoản (\d+)", phrase):
            found += [f"II.{part}.{letter}" for letter in re.findall(r"[a-zđ]", letters)]
    return found


def test_points_named_in_section_iv_are_recorded_and_lead_by_that_unit() -> None:
    duties = {nfc(d["point"]): d for d in DUTIES}
    named = 0
    for entry in RESPONSIBILITIES:
        points = named_points(nfc(entry["text"]))
        assert [nfc(p) for p in entry.get("points", [])] == points, entry["point"]
        for point in points:
            named += 1
            duty = duties[point]
            assert entry["unit"] in duty["lead"]
            assert duty["basis"][duty["lead"].index(entry["unit"])] == entry["point"]
    # IV.5.b: h of 6; IV.9: a, g of 3 and đ of 4; IV.10: a, b, c, g of 4; IV.11: b of 3;
    # IV.12.b: c of 4
    assert named == 10


def test_other_duties_are_led_by_the_unit_that_leads_their_area() -> None:
    """Point a) of the unit that "chủ trì, hướng dẫn, đôn đốc" the area's reform (its title's
    first words); area 7, the steering of the reform, by the standing office (IV.3.a)."""
    specific = {p for entry in RESPONSIBILITIES for p in named_points(nfc(entry["text"]))}
    leads_by_area: dict[str, str] = {"7": "IV.3.a"}
    for area in range(1, 7):
        index = line_of(f"{area}. ", SECTION_II)
        title = " ".join(f"{LINES[index]} {LINES[index + 1]}".split()[1:5]).lower()
        leading = [
            entry["point"]
            for entry in RESPONSIBILITIES
            if entry["point"].endswith(".a")
            and nfc(entry["text"]).startswith("Chủ trì, hướng dẫn, đôn đốc")
            and title in nfc(entry["text"]).lower()
        ]
        assert len(leading) == 1, (area, title, leading)
        leads_by_area[str(area)] = leading[0]
    units = {entry["point"]: entry.get("unit") for entry in RESPONSIBILITIES}
    for duty in DUTIES:
        if nfc(duty["point"]) in specific:
            continue
        basis = leads_by_area[duty["point"].split(".")[1]]
        assert (duty["lead"], duty["basis"]) == ([units[basis]], [basis]), duty["point"]
