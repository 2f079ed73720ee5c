"""Vietnamese alphabetical order, as CLDR's ``vi`` collation (ICU ``vi.txt``) defines it.

Letters first: a < ă < â, d < đ < e, …; then tones, in CLDR's order: ngang, huyền, hỏi, ngã,
sắc, nặng (ICU: "&̀<<̉<<̃<<́<<̣", i.e. à < ả < ã < á < ạ).
"""

from __future__ import annotations

import random

import pytest
from conftest import UNITS

from parplan.core.text import is_number, sort_key
from parplan.io.loader import load_registry
from parplan.query.queries import ordered_entries

# Written out by hand, in order.
TONES = ["a", "à", "ả", "ã", "á", "ạ"]
LETTERS = ["a", "ạ", "ă", "ằ", "ặ", "â", "ầ", "ậ", "b"]
WORDS = ["Da", "Dương", "Đà", "Đào", "Em", "Ê-đê", "Giang"]
NAMES = ["Ban Tôn giáo", "Bàn", "Bản", "Bán", "Bạn", "Băng", "Bâng", "Vụ Pháp chế", "Vụ Tiền lương"]


def _shuffled(words: list[str]) -> list[str]:
    out = list(words)
    random.Random(971).shuffle(out)
    out.reverse()
    return out


def test_tones_in_cldr_order() -> None:
    assert sorted(_shuffled(TONES), key=sort_key) == TONES


def test_a_breve_and_circumflex_are_letters_after_a() -> None:
    # Tone ranks below letter: "ạ" (a with a tone) comes before "ă" (another letter).
    assert sorted(_shuffled(LETTERS), key=sort_key) == LETTERS


def test_d_before_d_with_stroke_before_e() -> None:
    # Code-point order would put Đ (U+0110) after every plain letter, E and G included.
    assert sorted(_shuffled(WORDS), key=sort_key) == WORDS


def test_capitals_sort_with_their_letters() -> None:
    assert sorted(["Ạ", "á", "À", "a"], key=sort_key) == ["a", "À", "á", "Ạ"]


def test_names_by_letters_then_tones() -> None:
    # Letters decide first: "ban" is a prefix of "ban tôn giáo", so "Bàn" … "Bạn" come before
    # it whatever their tones; tones only order words of the same letters.
    assert sorted(_shuffled(NAMES), key=sort_key) == [
        "Bàn",
        "Bản",
        "Bán",
        "Bạn",
        "Ban Tôn giáo",
        "Băng",
        "Bâng",
        "Vụ Pháp chế",
        "Vụ Tiền lương",
    ]


def test_units_view_order_of_the_real_registry() -> None:
    registry, problems = load_registry(UNITS)
    assert problems == []
    names = [entry.name for entry in ordered_entries(registry)]
    units = names[: len(registry.units)]
    # By hand: "Ban Thi đua" < "Ban Tôn giáo" (h < ô); "Báo Dân trí" after both "Ban …"
    # (n < o); "Cục …" after "Báo …"; "Vụ Tổ chức - Biên chế" < "Vụ Tổ chức cán bộ" ("-" < "c").
    assert units.index("Ban Thi đua - Khen thưởng Trung ương") < units.index(
        "Ban Tôn giáo Chính phủ"
    )
    assert units.index("Ban Tôn giáo Chính phủ") < units.index("Báo Dân trí")
    assert units.index("Báo Dân trí") < min(i for i, n in enumerate(units) if n.startswith("Cục"))
    assert units.index("Vụ Tổ chức - Biên chế") < units.index("Vụ Tổ chức cán bộ")
    # Groups come after every unit.
    assert set(names[len(registry.units) :]) == {g.name for g in registry.groups}


@pytest.mark.parametrize("text", ["²", "٣", "Vụ ²", "Cục ٣ và ¼", "①"])
def test_sort_key_takes_any_digit_like_character(text: str) -> None:
    """The long fuzz run found it: a unit named "²" crashed every list of units, since
    str.isdigit is true of "²" and int refuses it. Only ASCII digits are digits."""
    key = sort_key(text)
    assert key[2] == text
    assert sorted(["Vụ 2", text, "Vụ A"], key=sort_key)  # comparable with any other key


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", True), ("0", True), ("²", False), ("٣", False), ("", False), ("1a", False)],
)
def test_is_number_is_ascii_digits_only(text: str, expected: bool) -> None:
    assert is_number(text) is expected


def test_ids_with_other_digits_sort_without_error() -> None:
    from parplan.core.model import id_order

    assert sorted(["I.2", "I.²", "I.10", "I.٣"], key=id_order)[:2] == ["I.²", "I.٣"]


def test_fold_drops_exactly_the_combining_marks() -> None:
    """fold's quick paths (issue 23) against its definition: NFD, đ → d, every character whose
    combining class is not 0 dropped, case folded, white space collapsed — for every character
    of the BMP and a sample of the other planes, after a letter and before a mark."""
    import sys
    import unicodedata

    from parplan.core.text import fold

    def definition(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        bare = "".join(char for char in decomposed if not unicodedata.combining(char))
        return " ".join(bare.casefold().split())

    for code in (*range(0x10000), *range(0x10000, sys.maxunicode + 1, 37)):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        for text in (f"Bộ {char}", f"đ{char}\u0301 x"):
            assert fold(text) == definition(text), hex(code)
