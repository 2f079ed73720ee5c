"""A review of the quick reader's third round (issue 23): texts found to break the contract
``read_plan`` gives None, or exactly ``build_plan``'s model with no problem, each kept here as
the test that failed before its fix."""

from __future__ import annotations

import pytest
from conftest import PLAN

from parplan.io.cache import _memoised_deadline_parser
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
