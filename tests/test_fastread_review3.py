"""A review of the quick reader's third round (issue 23): texts found to break the contract
``read_plan`` gives None, or exactly ``build_plan``'s model with no problem, each kept here as
the test that failed before its fix."""

from __future__ import annotations

import pytest
from conftest import PLAN

from parplan.io.cache_load import memoised_deadline_parser as _memoised_deadline_parser
from parplan.io.fastread_body import read_plan
from parplan.io.loader import build_plan, parse_document, read_head

RECORD = "            deadline: Tháng 3/2025\n"
THE_FIRST = "          - id: I.2.1\n"


def both(text: str, name: str = "plan-2025.yaml"):
    fast = read_plan(name, text, lambda h: read_head(name, h), _memoised_deadline_parser())
    slow = build_plan(parse_document(name, text.encode("utf-8")), _memoised_deadline_parser())
    return fast, slow


# A comment is text to YAML too: PyYAML refuses a control character in one (yaml-syntax), and
# reads NEL (U+0085) as a line break, the rest of the comment then a line of the plan. The quick
# reader set comments aside unread, and gave a model with no problem.
@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x85", "\x9b"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        (RECORD, RECORD.replace("\n", "  # x{c}y\n")),  # after a value, by the pattern
        (THE_FIRST, THE_FIRST.replace("\n", " # {c}\n")),
        (RECORD, RECORD + "            # a{c}\n"),  # a line of its own
        (RECORD, RECORD + "# a{c}          - id: Z.1\n"),
        ("  - id: II\n", "  # {c}\n  - id: II\n"),
        # an entry read line by line (a blank line in it)
        ("            lead:\n", "\n            lead:\n            # {c}\n"),
    ],
)
def test_a_control_character_in_a_comment_is_left_to_the_loader(
    old: str, new: str, char: str
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    fast, slow = both(text.replace(old, new.replace("{c}", ""), 1))
    assert fast is not None and slow[1] == [] and fast[0] == slow[0]  # read quickly without it
    fast, slow = both(text.replace(old, new.replace("{c}", char), 1))
    # the loader's yaml-syntax; after NEL, a line more (every line after it one further on)
    assert slow[1] != [] or char == "\x85"
    assert fast is None


# The header (the lines before ``sections:``) is read by the loader alone; what it holds that
# only the whole file makes a problem of was not seen: a ``sections`` key of its own (the
# whole file's duplicate-key), the end of the document (``...``: the sections then a second
# document without its start, yaml-syntax).
@pytest.mark.parametrize(
    "header_line",
    [
        "sections: []",
        '"sections":',
        "'sections': []",
        "? sections",
        "sections :",
        "...",
        "... # x",
        "%YAML 1.1",
    ],
)
def test_what_only_the_whole_file_makes_a_problem_of_in_the_header_is_left_to_it(
    header_line: str,
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    changed = text.replace("\nsections:\n", f"\n{header_line}\nsections:\n", 1)
    fast, slow = both(changed)
    assert slow[1] != []
    assert fast is None


def test_a_plan_that_starts_with_its_sections_is_left_to_the_loader() -> None:
    text = PLAN.read_text(encoding="utf-8")
    sections = "sections:\n  - id: Z\n    title: Z\n    tasks:\n"
    fast, slow = both(sections + text)
    assert [d.code for d in slow[1]] == ["duplicate-key"]
    assert fast is None


# A heading of ``extra:`` is a key: YAML takes a key of at most 1024 characters (PyYAML's
# "mapping values are not allowed here" past it); the quick reader took any length.
@pytest.mark.parametrize(("length", "quick"), [(1024, True), (1025, False), (3000, False)])
def test_a_heading_longer_than_a_yaml_key_is_left_to_the_loader(length: int, quick: bool) -> None:
    text = PLAN.read_text(encoding="utf-8")
    heading = "Cột " + "k" * (length - 4)
    fast, slow = both(
        text.replace(RECORD, RECORD + f"            extra:\n              {heading}: x\n", 1)
    )
    assert (slow[1] == []) is quick
    if quick:
        assert fast is not None and fast[0] == slow[0]
        assert [item.extra for item in fast[0].items if item.extra] == [((heading, "x"),)]
    else:
        assert fast is None


def test_a_header_not_at_the_first_column_is_left_to_the_loader() -> None:
    """The real header indented by two spaces reads alone as the same mapping; the whole file
    then has ``sections:`` at a lesser indent after it (yaml-syntax)."""
    text = PLAN.read_text(encoding="utf-8")
    at = text.index("\nsections:\n") + 1
    lines = text[:at].splitlines(keepends=True)
    head = "".join("  " + line if line.strip() else line for line in lines)
    fast, slow = both(head + text[at:])
    assert [d.code for d in slow[1]] == ["yaml-syntax"]
    assert fast is None


@pytest.mark.parametrize("head", ["\n", "# c\n", "---\n"])
def test_a_plan_with_no_header_is_left_to_the_loader(head: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, slow = both(head + text[text.index("\nsections:\n") + 1 :])
    assert slow[1] != []
    assert fast is None


# The header is read by the loader alone, and the sections' lines counted from its line breaks
# ("\n"): PyYAML breaks a line at NEL, LS and PS too, in a comment where they are no problem,
# and every line after is one further on than the quick reader said.
@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - id: II.2.đ-1\n", "  - id: II.2.đ-1 #{c}\n"),  # the decision's body (issue 21)
        ("plan:\n", "plan: # {c}\n"),
        ("\nsections:\n", "\n# {c}\nsections:\n"),
    ],
)
def test_a_line_break_of_yamls_own_in_the_header_is_left_to_the_loader(
    old: str, new: str, char: str
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    fast, slow = both(text.replace(old, new.replace("{c}", ""), 1))
    assert fast is not None and fast[0] == slow[0]
    first = slow[0].items[0].source.line
    fast, slow = both(text.replace(old, new.replace("{c}", char), 1))
    assert slow[1] or slow[0].items[0].source.line == first + 1
    assert fast is None


# Only ASCII digits are digits in a deadline: the loader says bad-value (digits) of any
# character ``str.isdigit`` takes that is not ASCII; the quick reader asked ``\d``, which
# leaves out superscripts, subscripts and circled digits (Unicode's "No", not "Nd").
@pytest.mark.parametrize("char", ["²", "⁵", "₂", "①", "٣", "３", "𝟑"])
def test_a_deadline_with_a_digit_of_any_kind_but_ascii_is_left_to_the_loader(char: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, slow = both(text.replace(RECORD, RECORD.replace("2025", f"2025 {char}"), 1))
    assert [(d.code, d.args["reason"]) for d in slow[1]] == [("bad-value", "digits")]
    assert fast is None


@pytest.mark.parametrize("char", ["Ⅲ", "½"])  # numbers, not digits: read as the loader reads
def test_a_deadline_with_a_number_that_is_no_digit_is_read_quickly(char: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, slow = both(text.replace(RECORD, RECORD.replace("2025", f"2025 {char}"), 1))
    assert slow[1] == [] and fast is not None and fast[0] == slow[0]
