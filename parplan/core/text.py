"""Vietnamese text handling: normalisation, accent-insensitive folding, alphabetical order."""

from __future__ import annotations

import functools
import re
import unicodedata


def nfc(text: str) -> str:
    """Text as parplan stores it: NFC (Windows input often arrives decomposed)."""
    return unicodedata.normalize("NFC", text)


class _Bare(dict[int, int | None]):
    """``str.translate``'s table that drops combining marks: each code point is asked of
    ``unicodedata.combining`` once, then looked up in C (issue 23: folding every item's texts
    for the export's search column went character by character in Python)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_BARE = _Bare()


# The combining marks of U+0300–U+036F (all but U+034F, whose combining class is 0): the marks
# of Vietnamese once decomposed. What else remains outside ASCII goes through ``_BARE``.
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


@functools.lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """Accent- and case-insensitive form: 'Văn phòng Bộ' → 'van phong bo'; đ folds to d."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = _MARKS.sub("", decomposed)
    if not bare.isascii():
        bare = bare.translate(_BARE)
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
        elif is_number(letter):
            primary.append(10 + int(letter))
        elif unicodedata.category(letter[0])[0] in "PS":
            primary.append(1)  # punctuation and symbols before digits and letters, as in CLDR
        else:
            primary.append(1000 + ord(letter[0]))
    secondary = tuple(tone for _letter, tone in letters)
    return (tuple(primary), secondary, text)


def is_number(text: str) -> bool:
    """Whether ``text`` is a number written in ASCII digits ("12"). Only ASCII digits are digits
    in parplan: ``str.isdigit`` is also true of "²" and "٣", which ``int`` refuses or reads as
    another number than the one shown."""
    return text.isascii() and text.isdigit()


# Markdown's inline syntax (emphasis, code, links and images, HTML and entities, tables,
# strike-through): escaped wherever plan text goes into Markdown.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!])")
# What makes a line a heading, quote, list item or rule when it starts a line.
_MARKDOWN_LINE_START = re.compile(r"^(\d+(?=[.)])|(?=[#>+=-]))")


def markdown_escape(text: str) -> str:
    """Text that Markdown shows as written, on one line: "Cục VT<NN" stays "Cục VT<NN", "|"
    keeps tables, and nothing in it becomes a heading, link, image, HTML or entity (a line break
    becomes a space, so a multi-line note cannot start a heading or list item of its own)."""
    text = " ".join(printable(text).split())
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _MARKDOWN_LINE_START.sub(r"\1\\", text)


# Characters that change how text looks without being seen: bidirectional controls (which can
# make a line read differently from what it holds) and zero-width characters.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
INVISIBLE = BIDI_CONTROLS | ZERO_WIDTH


def hidden_characters(text: str) -> list[int]:
    """Positions of the hidden characters of ``text``: control characters (C0 but line breaks
    and tabs, DEL, C1) and invisible ones (bidi controls, zero-width characters)."""
    return [found.start() for found in _HIDDEN.finditer(text)]


def has_hidden(text: str) -> bool:
    """Whether ``text`` holds a hidden character (see ``hidden_characters``): one search, no
    list, for the common case of text that holds none."""
    return _HIDDEN.search(text) is not None


def visible(text: str) -> str:
    """``text`` without its invisible characters (bidi controls, zero-width characters)."""
    if INVISIBLE.isdisjoint(text):  # in C: every value read is asked (issue 23)
        return text
    return "".join(char for char in text if char not in INVISIBLE)


_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")


def printable(text: str) -> str:
    """Plan text made safe to print on a terminal: every control or invisible character (ESC,
    BEL, an OSC sequence, a bidi control, a zero-width space…) shown as an escape ("\\x1b",
    "\\u202e") rather than acting on the terminal. Line breaks and tabs are kept."""
    return _HIDDEN.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# issue 19: one diagnostic, one line
_BREAKS = re.compile("[\n\r\t\u2028\u2029]")
_BREAK_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def single_line(text: str) -> str:
    """``printable`` with the line breaks and tabs escaped too ("\\n", "\\r", "\\t",
    "\\u2028"): a diagnostic quoting a name that holds a newline stays one line, so no plan can
    print a second, forged ``file:line:col: error:`` line."""
    return _BREAKS.sub(lambda found: _BREAK_ESCAPES[found.group()], printable(text))


# What makes a spreadsheet cell a formula (OWASP, "CSV Injection"): =, +, -, @, tab, CR.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula: a text starting with =, +, -, @, tab
    or carriage return gets a leading apostrophe, as OWASP recommends ("=HYPERLINK(…)" becomes
    "'=HYPERLINK(…)", "- Ban hành: …" becomes "'- Ban hành: …"). For CSV and xlsx text cells;
    numbers are not text and stay as they are."""
    return "'" + value if looks_like_formula(value) else value


def looks_like_formula(value: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (see ``neutralise_formula``);
    an xlsx text cell that does gets Excel's quote prefix instead of an apostrophe."""
    return value.startswith(_FORMULA_START)


_JSON_HIDDEN = re.compile("[\x7f-\x9f" + "".join(sorted(INVISIBLE)) + "]")


def json_safe(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters that would act
    on a terminal showing it — DEL, C1 controls, bidi and zero-width characters — written as
    \\u escapes, which read back as the same data (json escapes C0 controls itself)."""
    return _JSON_HIDDEN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


_ROMANS = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """A section number as plans write it: 1 → "I", 14 → "XIV"."""
    out = ""
    for value, letters in _ROMANS:
        while number >= value:
            out += letters
            number -= value
    return out


def from_roman(text: str) -> int | None:
    """The number a Roman numeral of a section writes (1 to 399), or None if it is not one."""
    for number in range(1, 400):
        if roman(number) == text:
            return number
    return None
