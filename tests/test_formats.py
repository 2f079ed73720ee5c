"""Machine formats: JSON written piece by piece is the standard library's JSON of the whole list."""

from __future__ import annotations

import json
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.render.formats import json_array

KEYS = st.text(max_size=8)
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=20)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300)
@given(records=st.lists(VALUES, max_size=6))
def test_the_pieces_make_the_json_of_the_whole_list(records: list[object]) -> None:
    text = "".join(json_array(iter(records)))
    assert json.loads(text) == records
    whole = json.dumps(records, ensure_ascii=False, indent=2)
    if text == whole:
        return
    # Only the characters that would act on a terminal differ: they are written as \u escapes
    assert json.loads(text) == json.loads(whole)
    assert all(c not in text for c in "\x7f\x85\u200b\u202e")


def test_empty_and_plain_lists_as_the_standard_library_writes_them() -> None:
    for records in ([], [{}], [1, "a"], [{"id": "I.1", "units": ["Văn phòng Bộ"], "n": None}]):
        assert "".join(json_array(records)) == json.dumps(records, ensure_ascii=False, indent=2)


def test_a_record_is_written_before_the_next_is_made() -> None:
    made: list[int] = []

    def records() -> Iterator[dict[str, int]]:
        for n in range(3):
            made.append(n)
            yield {"n": n}

    pieces = json_array(records())
    assert json.loads(next(pieces) + "]") == [{"n": 0}]
    assert made == [0]
