"""Vietnamese text handling: normalisation, accent-insensitive folding, alphabetical order."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_D = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Text as parplan stores it: NFC (Windows input often arrives decomposed)."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Accent- and case-insensitive form: 'Văn phòng Bộ' → 'van phong bo'; đ folds to d."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


# Vietnamese alphabetical order (CLDR `vi`): base letters, then tone as a secondary key.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tone marks: ngang < huyền < hỏi < ngã < sắc < nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a letter of its own (ă â ê ô ơ ư), as opposed to tones.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def _letters(text: str) -> list[tuple[str, int]]:
    """Split text into (letter, tone) pairs, the letter lower-cased and composed without tone."""
    out: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char.lower())
        tone = 0
        base = ""
        for part in parts:
            if part in _TONES:
                tone = _TONES[part]
            else:
                base += part
        out.append((unicodedata.normalize("NFC", base), tone))
    return out


def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Key for Vietnamese alphabetical order: letters first, then tones, then the text itself."""
    letters = _letters(text)
    primary: list[int] = []
    for letter, _tone in letters:
        if letter in _BASE_RANK:
            primary.append(100 + _BASE_RANK[letter])
        elif letter.isspace():
            primary.append(0)
        elif letter.isdigit():
            primary.append(10 + int(letter))
        elif unicodedata.category(letter[0])[0] in "PS":
            primary.append(1)  # punctuation and symbols before digits and letters, as in CLDR
        else:
            primary.append(1000 + ord(letter[0]))
    secondary = tuple(tone for _letter, tone in letters)
    return (tuple(primary), secondary, text)


def dmy(day: date | None) -> str:
    """A date as Vietnamese documents write it: dd/mm/yyyy ("—" for none)."""
    return day.strftime("%d/%m/%Y") if day else "—"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as written: "Cục VT<NN" stays "Cục VT<NN", "|" keeps tables."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
