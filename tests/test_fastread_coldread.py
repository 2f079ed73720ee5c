"""The quick reader's shortcuts of issue 23's third round (the cold read), each held to what
it replaced: the end of an entry's pattern tried in another order, plain IDs taken as written,
the next "#" looked for once passed, the first lead and support captured apart, evidence not
looked at again for what ``_value`` refused already. ``read_plan`` gives None, or exactly
``build_plan``'s model with no problem."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import PLAN
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.core.text import has_hidden
from parplan.io import fastread
from parplan.io.cache_load import memoised_deadline_parser as _memoised_deadline_parser
from parplan.io.fastread_body import read_plan
from parplan.io.fastread_values import _value
from parplan.io.loader import build_plan, parse_document, read_head


def both(text: str, name: str = "plan-2025.yaml"):
    fast = read_plan(name, text, lambda h: read_head(name, h), _memoised_deadline_parser())
    slow = build_plan(parse_document(name, text.encode("utf-8")), _memoised_deadline_parser())
    return fast, slow


def same_or_left(text: str) -> None:
    fast, slow = both(text)
    assert fast is None or (slow[1] == [] and fast[0] == slow[0])


# The patterns' ends as the third round wrote them: blank lines and comments, then a line not
# indented as a key of the entry. Now that line is tried first.
OLD_ENDS = {
    "_SECTION": r"(?=(?: *(?:#[^\n]*)?\n)*(?:(?: {0,3}| {5,})[^ \n#]|\Z))",
    "_TASK": r"(?=(?: *(?:#[^\n]*)?\n)*(?:(?: {0,7}| {9,})[^ \n#]|\Z))",
    "_ACTIVITY": r"(?=(?: *(?:#[^\n]*)?\n)*(?: {0,10}[^ \n#]|\Z))",
}
HEADS = {
    "_SECTION": "  - id: I\n    title: T\n    tasks:\n",
    "_TASK": "      - id: I.1\n        title: T\n        activities:\n",
    "_ACTIVITY": (
        "          - id: I.1.1\n            product: P\n            lead:\n              - A\n"
        "            support:\n              - B\n            deadline: Năm 2025\n"
    ),
}
_LINE = st.builds(
    lambda indent, rest: " " * indent + rest,
    st.integers(0, 16),
    st.sampled_from(["", "#", "# c", "- id: x", "x: y", "#x", "a", "-"]),
)


@settings(max_examples=2000, deadline=None)
@given(name=st.sampled_from(sorted(OLD_ENDS)), lines=st.lists(_LINE, max_size=5), end=st.booleans())
def test_an_entry_ends_where_it_ended(name: str, lines: list[str], end: bool) -> None:
    new = getattr(fastread, name)
    head = HEADS[name]
    old_pattern = new.pattern.rsplit("(?=", 1)[0] + OLD_ENDS[name]
    assert old_pattern != new.pattern
    old = re.compile(old_pattern)
    text = head + "\n".join(lines) + ("\n" if end and lines else "")
    for pos in (0, 1):
        found_old, found_new = old.match(text, pos), new.match(text, pos)
        assert (found_old is None) == (found_new is None)
        if found_old is not None and found_new is not None:
            assert found_old.span() == found_new.span()
            assert found_old.groups() == found_new.groups()


@pytest.mark.parametrize(
    "written",
    [
        "I.1.1",
        "IX.12.3",
        "1.5",
        "I.1.",
        "a",
        "Nulls",
        "null",
        "Null",
        "NULL",
        "~",
        "I" * 100,
        "I" * 101,
        "I.1.1 ",
        "I.1.1  # c",
        '"I.1.1"',
        "I-1",
        "I.1.1:",
        "Ⅰ.1.1",
        "I.1.1\u200b",
    ],
)
def test_an_id_is_read_as_before(written: str) -> None:
    if fastread._PLAIN_ID(written):
        assert _value(written) == (written, False)  # what it stands for
    text = PLAN.read_text(encoding="utf-8")
    old = "          - id: I.2.1\n"
    assert old in text
    same_or_left(text.replace(old, f"          - id: {written}\n", 1))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a "#" in the first activity's product, in the last's, and in one far from the others
        ("            product: ", "            product: #1 "),
        ("            product: ", "            product: a # c\n            x: "),
        ("          - id: I.2.1\n", "          - id: I.2.1  # c\n"),
        ("          - id: I.2.1\n", "          # c\n          - id: I.2.1\n"),
        ("    tasks:\n", "    tasks:  # c\n"),
        ("        activities:\n", "        activities: # c\n"),
    ],
)
@pytest.mark.parametrize("count", [1, 2, -1])
def test_a_hash_anywhere_is_seen_as_before(old: str, new: str, count: int) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    if count == -1:  # the last one only
        at = text.rindex(old)
        changed = text[:at] + new + text[at + len(old) :]
    else:
        changed = text.replace(old, new, count)
    same_or_left(changed)


@pytest.mark.parametrize("key", ["product", "deadline", "lead"])
@pytest.mark.parametrize("which", [0, 1, 2, 60, -1])
def test_a_comment_after_others_is_set_aside(key: str, which: int) -> None:
    """A comment after a value of the n-th activity and of the next, with the plan's own
    comments before them (the next "#" found again once the reader has passed one): read
    quickly, as the loader reads it."""
    text = PLAN.read_text(encoding="utf-8")
    starts = [m.end() for m in re.finditer(rf"\n            {key}:[^\n]*", text)]
    for at in reversed(starts[which : which + 2]):  # that activity's and the next one's
        text = text[:at] + "  # ghi chú" + text[at:]
    fast, slow = both(text)
    assert fast is not None and slow[1] == [] and fast[0] == slow[0]


def test_no_character_is_made_hidden_or_blank_by_nfc() -> None:
    """Why ``_Values._evidence`` does not look for a text with nothing visible, as the loader
    does: ``_value`` gives up on a hidden character as written, and NFC makes none (nor a space)
    of any other character."""
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or has_hidden(char):
            continue
        normal = unicodedata.normalize("NFC", char)
        if normal != char:
            assert not has_hidden(normal), hex(code)
            assert char.isspace() or not any(c.isspace() for c in normal), hex(code)


@pytest.mark.parametrize("evidence", ["Công văn 1", '"Công văn 1"', "\u200b", '"\u200b"', '" "'])
def test_repeated_evidence_is_read_as_before(evidence: str) -> None:
    """The same evidence as written on several items, visible or not: read as the loader
    reads it, or the whole plan given up."""
    text = PLAN.read_text(encoding="utf-8")
    deadline = "            deadline: Tháng 3/2025\n"
    assert text.count(deadline) >= 2
    done = f"            done: 2025-03-20\n            evidence: {evidence}\n"
    same_or_left(text.replace(deadline, deadline + done))
