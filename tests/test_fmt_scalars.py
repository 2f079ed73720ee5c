"""The character classes of ``fmt_scalars._SURELY_PLAIN``, written as what they leave out (issue
23: compiling the ranges they hold cost every recording command 25-50 ms), are the classes of
printable characters YAML 1.1 allows plain: compared with those ranges on every code point."""

from __future__ import annotations

import re

from parplan.io import fmt_scalars

# As written before (the YAML spec's printable set past ASCII, and the ASCII characters a plain
# scalar may hold: no '#' or ':'; in a flow mapping none of ',?[]{}' either).
UNICODE = r"\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe"
BLOCK = r"\x21\x22\x24-\x39\x3b-\x7e" + UNICODE
FLOW = r"\x21\x22\x24-\x2b\x2d-\x39\x3b-\x3e\x40-\x5a\x5c\x5e-\x7a\x7c\x7e" + UNICODE
EVERY = "".join(map(chr, range(0x110000)))


def left_out(character_class: str) -> str:
    """The code points a class does not hold, in order."""
    return re.sub(f"{character_class}+", "", EVERY)


def test_the_classes_hold_the_same_characters() -> None:
    first = left_out(f"[0-9A-Za-z{UNICODE}]")
    assert first == left_out(f"[^{fmt_scalars._NOT_FIRST}]")
    # the code points below \xa0 but the 62 letters and digits, U+2028-2029, the surrogates,
    # U+FEFF, U+FFFE-FFFF and U+10FFFF
    assert len(first) == 0xA0 - 62 + 2 + 0x800 + 1 + 2 + 1
    for chars, outside in ((BLOCK, fmt_scalars._NOT_BLOCK), (FLOW, fmt_scalars._NOT_FLOW)):
        assert left_out(f"[ {chars}]") == left_out(f"[^{outside}]")
        assert left_out(f"[{chars}]") == left_out(f"[^{outside}\\x20]")


def test_plain_text_is_recognised_as_before() -> None:
    for flow in (False, True):
        plain = fmt_scalars._SURELY_PLAIN[flow]
        assert plain.fullmatch("Báo cáo số 12/BC-BNV")
        assert plain.fullmatch("x")
        assert not plain.fullmatch("a ")  # a space at the end
        assert not plain.fullmatch("-a")  # not a letter or digit first
        assert not plain.fullmatch("a: b")
        assert not plain.fullmatch("a\u2028b")
        assert bool(plain.fullmatch("a, b")) is not flow
