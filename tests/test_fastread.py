"""io/fastread.py reads a plan in fmt's layout into the very model the loader builds, or gives up.

For every text: ``read_plan`` gives None, or exactly ``build_plan``'s plan with no problem. The
texts: the real plan, a generated plan, and the long fuzz run's mutations of the real plan
(lines lost, doubled, swapped, re-indented, cut; hostile values).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import PLAN, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan.io.cache_load import memoised_deadline_parser as _memoised_deadline_parser
from parplan.io.fastread_body import read_plan
from parplan.io.loader import build_plan, parse_document, read_head

sys.path.insert(0, str(ROOT / "scripts"))


def both(text: str, name: str = "plan-2025.yaml"):
    fast = read_plan(name, text, lambda h: read_head(name, h), _memoised_deadline_parser())
    slow = build_plan(parse_document(name, text.encode("utf-8")), _memoised_deadline_parser())
    return fast, slow


def test_the_real_plan_is_read_quickly_and_the_same() -> None:
    fast, slow = both(PLAN.read_text(encoding="utf-8"))
    assert fast is not None
    assert slow[1] == []
    assert fast[0] == slow[0]


def test_a_generated_plan_is_read_quickly_and_the_same(tmp_path: Path) -> None:
    import bench

    plan = bench.generate(1000, tmp_path)
    fast, slow = both(plan.read_text(encoding="utf-8"), str(plan))
    assert fast is not None
    assert fast[0] == slow[0] and fast[1] == list(slow[1]) == []


def test_a_realistic_generated_plan_is_read_quickly_and_the_same(tmp_path: Path) -> None:
    """The benchmark's realistic plan: comments, tasks that are items, records per milestone and
    per member, work logs and reasons for delay."""
    import bench

    from parplan.io.fmt import format_text

    plan = bench.generate(1000, tmp_path, realistic=True)
    text = plan.read_text(encoding="utf-8")
    assert format_text(text, str(plan)) == text  # fmt --check passes on it
    assert "  # " in text and "- {milestone: 1, unit: " in text and "- {on: " in text
    fast, slow = both(text, str(plan))
    assert fast is not None
    assert fast[0] == slow[0] and fast[1] == list(slow[1]) == []


def test_what_the_ledger_writes_is_read_quickly_and_the_same(runner, tmp_path: Path) -> None:
    """Every record the CLI writes (a milestone of several, a member's part of a group-led
    item, a work log, a reason for delay, a condition met, a carry), and comments of both kinds:
    the quick reader takes the file the commands leave, and reads what the loader reads."""
    import shutil

    from conftest import UNITS

    from parplan.cli.app import app

    plan = tmp_path / "plan-2025.yaml"
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace(
        "          - id: I.5.2\n", "          # ghi chú: Vụ Pháp chế\n          - id: I.5.2\n", 1
    )
    text = text.replace(
        "            deadline: Thường xuyên\n",
        "            deadline: Thường xuyên  # theo Văn bản 581/BNV-CCHC\n",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    shutil.copy(UNITS, tmp_path / "units.yaml")
    env = {"PARPLAN_TODAY": "2025-07-01", "PARPLAN_CACHE": "off"}
    commands = [
        ["done", "I.3.2", "-m", "1", "--on", "2025-03-18", "-e", "Báo cáo số 12/BC-BNV"],
        ["done", "I.3.2", "-m", "2", "--on", "2025-06-18", "-e", "Báo cáo: quý II, 6 tháng"],
        ["done", "I.1", "-m", "1", "--on", "2025-01-10", "-e", "Quyết định 1/QĐ", "--by", "An"],
        ["done", "I.3.1", "-m", "1", "--on", "2025-03-19", "-e", "Báo cáo 3", "-u", "Văn phòng Bộ"],
        ["log", "I.5.2", "--on", "2025-03-10", "-t", "Rà soát 12 văn bản", "-u", "Vụ Pháp chế"],
        ["log", "I.5.2", "--on", "2025-04-10", "-t", "Đợt 2: rà soát", "-e", "Báo cáo số 5/BC"],
        ["late", "I.3.3", "-m", "1", "-r", "Chờ ý kiến góp ý của các đơn vị"],
        ["late", "I.3.5", "-m", "1", "-r", "Chờ số liệu", "-u", "Vụ Cải cách hành chính"],
        ["met", "II.6.1", "--on", "2025-05-02", "-e", "Ý kiến TVCP số 7"],
        ["done", "II.1.1", "--on", "2025-02-01", "-e", "Kế hoạch số 3/KH-BNV"],
    ]
    for argv in commands:
        result = runner.invoke(app, [*argv, "--plan", str(plan)], env=env)
        assert result.exit_code == 0, (argv, result.stdout, result.stderr)
    written = plan.read_text(encoding="utf-8")
    shapes = ("- {milestone: Tháng 3/2025, done: ", "unit: Văn phòng Bộ", "- {on: ", "reason: ")
    for shape in (*shapes, "met: "):
        assert shape in written
    fast, slow = both(written, str(plan))
    assert slow[1] == []
    assert fast is not None
    assert fast[0] == slow[0]
    assert sum(len(item.log) + len(item.late) for item in fast[0].items) == 4


RECORD = "            deadline: Tháng 3/2025\n"


@pytest.mark.parametrize(
    "record",
    [
        "            progress:\n              - {milestone: 1, done: 2025-03-20}\n",
        "            progress:\n              - {milestone: Ban hành, done: 2025-03-20, "
        'evidence: "Số 1: a, b", recorded_by: An}\n',
        "            progress:\n              - {milestone: 1, done: 2025-03-20}  # ghi chú\n",
        '            log:\n              - {on: 2025-03-20, text: "a: b", evidence: "c"}  # d\n',
        "            late:\n              - {reason: Chờ}\n              - {reason: X, on: 2025-04-01}\n",
        "            carried_to: I.1.1\n            carried_on: 2025-06-01\n",
        "            note: a#b\n",
        '            note: a "b" # c\n',
        "            # một dòng ghi chú\n            note: x\n",
        "# ở đầu dòng\n            note: x\n",
        # issue 23: the table's other columns, as import writes them
        "            extra:\n              Cột: x\n",
        '            extra:\n              Kinh phí (triệu đồng): "1.200"\n'
        "              Ghi chú: Theo Công văn 581/BNV-CCHC  # x\n              Cột:x: y\n",
    ],
)
def test_what_parplan_writes_is_read_quickly(record: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert RECORD in text
    fast, slow = both(text.replace(RECORD, RECORD + record, 1))
    assert fast is not None
    assert fast[0] == slow[0] and slow[1] == []


@pytest.mark.parametrize(
    "record",
    [
        '            progress:\n              - {milestone: 1, done: 2025-03-20, evidence: "Số #1"}\n',
        "            progress:\n              - {milestone: 1, done: 2025-03-20,evidence: a}\n",
        "            progress:\n              - {milestone: 1, done: 2025-03-20, evidence: a,b}\n",
        "            progress:\n              - {milestone: 1, done: '2025-03-20'}\n",
        "            progress:\n              - {milestone: 1, done: 2025-03-20, x: 1}\n",
        "            progress:\n              - {milestone: 1}\n",
        "            progress:\n              - {milestone: 1, milestone: 2, done: 2025-03-20}\n",
        "            progress:\n              - {milestone: 1,\n                done: 2025-03-20}\n",
        "            progress:\n              - milestone: 1\n                done: 2025-03-20\n",
        "            progress: [{milestone: 1, done: 2025-03-20}]\n",
        "            progress:\n",
        "            log:\n              - {on: 2025-03-20, text: }\n",
        '            log:\n              - {on: 2025-03-20, text: "a \\" b"}\n',
        "            late:\n              - {reason: Chờ, on: 2025-02-30}\n",
        "            carried_to: I.1.1\n",
        '            note: "a #b"\n',
        '            note: a "b #c"\n',
        # issue 23: the table's other columns in other styles
        "            extra: {Cột: x}\n",
        "            extra:\n",
        '            extra:\n              "Cột: a": x\n',
        "            extra:\n              Cột:\n",
        "            extra:\n              Cột: a: b\n",
        "            extra:\n              Cột: ~\n",
        "            extra:\n              - Cột: x\n",
    ],
)
def test_other_styles_are_left_to_the_loader(record: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, slow = both(text.replace(RECORD, RECORD + record, 1))
    assert fast is None
    assert slow is not None


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("            deadline: Tháng 3/2025\n", "            deadline: 'Tháng 3/2025'\n"),
        ("            deadline: Tháng 3/2025\n", '            deadline: "Tháng \\u0033/2025"\n'),
        (
            "            deadline: Tháng 3/2025\n",
            "            deadline: Tháng 3/2025\n            deadline: Tháng 4/2025\n",
        ),
        (
            "            deadline: Tháng 3/2025\n",
            "            deadline: |\n              Tháng 3/2025\n",
        ),
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng ٣/2025\n"),
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng 3/2025\u2028\n"),
        # White space that str.strip() takes away but PyYAML refuses (found by Hypothesis)
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng 3/2025\x0c\n"),
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng 3/2025\x1c\n"),
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng 3/2025\x85\n"),
        ("            deadline: Tháng 3/2025\n", "            deadline: Tháng 3/2025\n\x0b\n"),
        ("              - Vụ Cải cách hành chính\n", "              - &a Vụ Cải cách hành chính\n"),
        ("              - Vụ Cải cách hành chính\n", "              - [Vụ Cải cách hành chính]\n"),
        (
            "              - Vụ Cải cách hành chính\n",
            "              - Vụ Cải cách\n                hành chính\n",
        ),
        ("              - Vụ Cải cách hành chính\n", "              - null\n"),
    ],
)
def test_what_it_does_not_read_it_leaves_to_the_loader(old: str, new: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    fast, _slow = both(text.replace(old, new, 1))
    assert fast is None


# issue 22: ``shared:`` in every spelling YAML 1.1 reads as a boolean, and some it reads as text
@pytest.mark.parametrize(
    "spelling", ["true", "false", "True", "FALSE", "yes", "no", "on", "'true'", '"false"', "1"]
)
def test_every_spelling_of_a_boolean_is_read_the_same_or_left_to_the_loader(
    spelling: str,
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, slow = both(text.replace(RECORD, RECORD + f"            shared: {spelling}\n", 1))
    if spelling in ("true", "false"):  # as parplan writes it: read quickly
        assert fast is not None
    if fast is not None:
        assert slow[1] == []
        assert fast[0] == slow[0]
        assert [i.shared for i in fast[0].items].count(True) == (spelling == "true")


# ---------------------------------------------------------------------------------------------
# issue 23, third round: an entry in its common shape is read by one pattern over the text, any
# other by the line reader; every case both ways gives the loader's model.


def _paths(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the activities read by the pattern and the entries left to the line reader."""
    from parplan.io import fastread

    calls = {"pattern": 0, "lines": 0}
    activity, by_lines = fastread._Sections._activity, fastread._Sections._by_lines

    def counted_activity(self, *args):
        calls["pattern"] += 1
        return activity(self, *args)

    def counted_lines(self, *args):
        calls["lines"] += 1
        return by_lines(self, *args)

    monkeypatch.setattr(fastread._Sections, "_activity", counted_activity)
    monkeypatch.setattr(fastread._Sections, "_by_lines", counted_lines)
    return calls


def test_the_common_shape_is_read_by_its_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The realistic plan: most activities by the pattern (records included), the ones with a
    comment and the tasks that are items line by line; the loader's model either way."""
    import bench

    plan = bench.generate(1000, tmp_path, realistic=True)
    calls = _paths(monkeypatch)
    fast, slow = both(plan.read_text(encoding="utf-8"), str(plan))
    assert fast is not None
    assert fast[0] == slow[0] and slow[1] == []
    activities = sum(not item.is_task for item in fast[0].items)
    assert calls["pattern"] > 0.9 * activities
    assert calls["lines"] > 0


THE_FIRST = "          - id: I.2.1\n"


@pytest.mark.parametrize(
    ("old", "new", "way"),
    [
        # the common shape and its records (the pattern)
        (RECORD, RECORD + "            done: 2025-03-20\n            evidence: Số 1\n", "pattern"),
        (RECORD, RECORD + "            evidence: Số 1\n            done: 2025-03-20\n", "pattern"),
        (RECORD, RECORD + "            done: 2025-03-20\n", "pattern"),
        (
            RECORD,
            RECORD + "            done: 2025-03-20\n            evidence: a\n"
            "            recorded_by: An\n",
            "pattern",
        ),
        (RECORD, RECORD + "            note: x\n            done: 2025-03-20\n", "pattern"),
        (RECORD, RECORD + "\n\n   \n", "pattern"),
        (
            "              - Vụ Cải cách hành chính\n",
            "              - Vụ Cải cách hành chính\n              - Văn phòng Bộ\n",
            "pattern",
        ),
        (
            "              - Vụ Cải cách hành chính\n",
            '              - "Vụ Cải cách hành chính"  \n',
            "pattern",
        ),
        (
            "            deadline: Trước 31/12/2025\n",
            '            deadline: "Trước 31/12/2025"\n',
            "pattern",
        ),
        # comments after a value, set aside as the line reader sets them aside
        (THE_FIRST, THE_FIRST.replace("\n", "  # ghi chú\n"), "pattern"),
        (
            "              - Vụ Cải cách hành chính\n",
            "              - Vụ Cải cách hành chính # x\n",
            "pattern",
        ),
        (
            "            deadline: Trước 31/12/2025\n",
            "            deadline: Trước 31/12/2025 #\n",
            "pattern",
        ),
        (
            "            deadline: Trước 31/12/2025\n",
            '            deadline: "Trước 31/12/2025"  # x\n',
            "pattern",
        ),
        (
            RECORD,
            RECORD + "            done: 2025-03-20  # x\n            evidence: Số#1 # y\n",
            "pattern",
        ),
        (RECORD, RECORD + "            note: C#, C++ # x\n", "pattern"),
        # another layout of the entry (the line reader)
        (THE_FIRST + "            product:", THE_FIRST + "\n            product:", "lines"),
        (THE_FIRST + "            product:", THE_FIRST + "# x\n            product:", "lines"),
        (
            THE_FIRST + "            product:",
            THE_FIRST + "              # x\n            product:",
            "lines",
        ),
        (
            "            lead:\n              - Vụ Cải cách hành chính\n"
            "            support:\n              - Các cơ quan, đơn vị liên quan\n",
            "            support:\n              - Các cơ quan, đơn vị liên quan\n"
            "            lead:\n              - Vụ Cải cách hành chính\n",
            "lines",
        ),
        (RECORD, RECORD + "            done: 2025-03-20\n\n            evidence: Số 1\n", "lines"),
        (
            RECORD,
            RECORD + "            late:\n              - {reason: Chờ}\n"
            "            # x\n              - {reason: X}\n",
            "lines",
        ),
        ("        activities:\n", "        # x\n        activities:\n", "lines"),
        ("    tasks:\n", "\n    tasks:\n", "lines"),
    ],
)
def test_either_way_an_entry_is_read_as_the_loader_reads_it(
    old: str, new: str, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    calls = _paths(monkeypatch)
    assert both(text)[0] is not None
    as_is = dict(calls)  # the real plan's own comments are read line by line
    fast, slow = both(text.replace(old, new, 1))
    assert fast is not None
    assert fast[0] == slow[0] and slow[1] == []
    lines, pattern = calls["lines"] - as_is["lines"], calls["pattern"] - as_is["pattern"]
    if way == "pattern":
        assert (lines, pattern) == (as_is["lines"], as_is["pattern"])
    else:  # the entry (an activity, or the whole task or section it is in) line by line
        assert lines >= 1 and pattern < as_is["pattern"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (RECORD, RECORD + "            done: 2025-03-20\n            done: 2025-03-21\n"),
        (RECORD, RECORD + "            product: x\n"),
        (RECORD, RECORD + "            done: 2025-03-20\n            evidence: Số #1\n"),
        (RECORD, RECORD + '            note: "a #b"  # c\n'),
        (
            "            deadline: Trước 31/12/2025\n",
            '            deadline: "Trước 31/12/2025"  # "x"\n',
        ),
        (RECORD, RECORD + '            note: a "b" #c\n'),
        (RECORD, RECORD + "            lead: # x\n"),
        ("            lead:\n", "            lead: # x\n"),
        ("              - Vụ Cải cách hành chính\n", "              - #Vụ\n"),
        (THE_FIRST, "          - id: #I.2.1\n"),
        (RECORD, RECORD + "            done: 2025-03-20\n            evidence:\n"),
        (RECORD, RECORD + "            done: 2025-02-30\n            evidence: a\n"),
        (RECORD, RECORD + "            note:\n              - x\n"),
        (RECORD, RECORD + "            note: x\n             y\n"),
        (RECORD, RECORD + "             note: x\n"),
        (RECORD, RECORD + "            - x\n"),
        (RECORD, RECORD + "              - x\n"),
        (RECORD, RECORD + "            Note: x\n"),
        (RECORD, RECORD + "            done:2025-03-20\n"),
        ("            lead:\n", "            lead:  \n"),
        ("            lead:\n", "            lead: []\n"),
        ("              - Vụ Cải cách hành chính\n", "              -  Vụ Cải cách hành chính\n"),
        ("              - Vụ Cải cách hành chính\n", "              -\n"),
        (THE_FIRST, "          - id: I.2.1: x\n"),
        (THE_FIRST, "          - id:\n"),
        (THE_FIRST, THE_FIRST + "          - x\n"),
        ("    tasks:\n", "    tasks:\n    - x\n"),
        ("        activities:\n", "        activities:\n        note: x\n"),
        ("  - id: I\n", "  - id: I\n    - x\n"),
    ],
)
def test_near_the_common_shape_it_reads_the_same_or_leaves_it(old: str, new: str) -> None:
    """Texts a step away from the pattern: the same model as the loader, or the loader's."""
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    fast, slow = both(text.replace(old, new, 1))
    if fast is not None:
        assert fast[0] == slow[0] and slow[1] == []


def _fields_as_before(inner: str, base: int) -> dict[str, tuple[int, str]] | None:
    """How ``_flow`` split a record before it used a pattern (the reference): each key's
    value's column and text, or None for a record it gave up."""
    record: dict[str, tuple[int, str]] = {}
    at = 0
    while True:
        colon = inner.find(": ", at)
        key = inner[at:colon]
        if colon < 0 or not key.isidentifier() or key in record:
            return None
        start = colon + 2
        if inner[start : start + 1] == '"':
            end = inner.find('"', start + 1) + 1
            if end == 0:
                return None
        else:
            end = inner.find(", ", start)
            if end < 0:
                end = len(inner)
            if not frozenset(',[]{}:"').isdisjoint(inner[start:end]):
                return None
        record[key] = (base + start, inner[start:end])
        if end == len(inner):
            return record
        if inner[end : end + 2] != ", ":
            return None
        at = end + 2


_PIECES = st.sampled_from(["on", "text", "unit", "é", "1", " ", ":", ": ", ",", ", ", '"', "{"])
_RECORDS = st.one_of(
    st.text(alphabet='ab1é :,"{}[]#-_', max_size=40),
    st.lists(_PIECES, max_size=16).map("".join),
    st.lists(
        st.tuples(st.sampled_from(["on", "text", "unit", "x"]), st.lists(_PIECES, max_size=5)),
        min_size=1,
        max_size=4,
    ).map(lambda fields: ", ".join(f"{key}: {''.join(value)}" for key, value in fields)),
)


@settings(max_examples=1000, deadline=None)
@given(inner=_RECORDS)
def test_a_record_is_split_as_before(inner: str) -> None:
    from parplan.io.fastread import _Sections
    from parplan.io.fastread_values import _GiveUp

    reader = _Sections("plan.yaml", None, None)  # type: ignore[arg-type]
    try:
        record, where = reader._flow((7, 14, "- {" + inner + "}"))
    except _GiveUp:
        got = None
    else:
        got = {key: (column, raw) for key, (_line, column, raw) in record.items()}
        assert (where.line, where.column) == (7, 17)
    assert got == _fields_as_before(inner, 18)


TASK_HEAD = "        title: Chủ trì, phối hợp với các đơn vị có liên quan tham mưu Lãnh đạo Bộ"
SECTION_HEAD = "    title: CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH\n"


@pytest.mark.parametrize("head", ["task", "section"])
def test_a_key_after_activities_or_tasks_is_left_to_the_loader(head: str) -> None:
    """``activities:`` (or ``tasks:``) followed by another key of its mapping is null to YAML,
    and the entries after that key a syntax error: the line reader took them for its entries
    (found by a line-level fuzz of the realistic plan: a task's title and activities swapped)."""
    text = PLAN.read_text(encoding="utf-8")
    if head == "task":
        at = text.index(TASK_HEAD)
        title = text[at : text.index("\n", at) + 1]
        old, new = title + "        activities:\n", "        activities:\n" + title
    else:
        old, new = SECTION_HEAD + "    tasks:\n", "    tasks:\n" + SECTION_HEAD
    assert old in text
    fast, slow = both(text.replace(old, new, 1))
    assert [d.code for d in slow[1]] == ["yaml-syntax"]
    assert fast is None


_LINE_EDITS = (
    lambda lines, at, pick: lines.pop(at) and None,
    lambda lines, at, pick: lines.insert(at, lines[at]),
    lambda lines, at, pick: lines.insert(at, " " * pick(range(16)) + "# c"),
    lambda lines, at, pick: lines.insert(at, " " * pick(range(16))),
    lambda lines, at, pick: lines.__setitem__(at, " " + lines[at]),
    lambda lines, at, pick: lines.__setitem__(at, lines[at].removeprefix(" ")),
    lambda lines, at, pick: lines.__setitem__(
        at, lines[at] + pick(["  # c", " #c", "#", ' # "x"', "  ", ":", " :"])
    ),
    lambda lines, at, pick: lines.insert(at + 1, lines.pop(at)),
    lambda lines, at, pick: lines.__setitem__(at, lines[at].replace(": ", ":  ", 1)),
    lambda lines, at, pick: lines.__setitem__(at, lines[at].replace("- ", "-  ", 1)),
    lambda lines, at, pick: lines.__setitem__(
        at,
        (
            lambda k: (
                lines[at][:k] + pick(['"', "#", " #", ": ", "{", ", ", "\\", "~"]) + lines[at][k:]
            )
        )(pick(range(len(lines[at]) + 1))),
    ),
)


def test_line_edits_of_the_realistic_plan_are_read_the_same_or_left(tmp_path: Path) -> None:
    """The realistic plan with lines lost, doubled, swapped, re-indented, commented, cut into:
    each way of reading an entry, and the hand-over from one to the other, against the loader
    (a longer run of the same edits found the fault of the test above)."""
    import random

    import bench

    plan = bench.generate(60, tmp_path, realistic=True)
    lines = plan.read_text(encoding="utf-8").split("\n")
    first = lines.index("sections:") + 1
    chance = random.Random(23)
    quick = 0
    for _ in range(100):
        changed = list(lines)
        for _ in range(chance.randint(1, 3)):
            edit = chance.choice(_LINE_EDITS)
            edit(changed, chance.randrange(first, len(changed) - 1), chance.choice)
        fast, slow = both("\n".join(changed), str(plan))
        if fast is not None:
            quick += 1
            assert slow[1] == []
            assert fast[0] == slow[0]
    assert quick >= 5  # (some edits leave a plan the quick reader reads)


def test_a_plan_without_its_last_line_break_is_read_the_same() -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert text.endswith("\n")
    fast, slow = both(text[:-1])
    assert fast is not None
    assert fast[0] == slow[0]


sys.path.insert(0, str(ROOT / "tests"))
from test_fuzz import mutated  # noqa: E402


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(texts=mutated())
def test_any_mutation_is_read_the_same_or_left_to_the_loader(texts: tuple[str, str]) -> None:
    plan_text, _units = texts
    fast, slow = both(plan_text)
    if fast is not None:
        assert slow[1] == [], slow[1]
        assert fast[0] == slow[0]


# ---------------------------------------------------------------------------------------------
# validate's own small cache entry


def test_validate_says_the_same_from_its_small_entry(runner, tmp_path: Path) -> None:
    """validate with no cache, then writing its entry, then reading it, then after a view left
    the plan's entry: the same output and exit status each time, on a day after the plan's one
    record and on a day before it (done-future: the small entry must not hide it)."""
    import shutil

    from conftest import UNITS

    from parplan.cli.app import app

    plan = tmp_path / "plan-2025.yaml"
    text = PLAN.read_text(encoding="utf-8")
    marker = "            deadline: Thường xuyên\n"  # I.5.2's
    at = text.index(marker, text.index("          - id: I.5.2")) + len(marker)
    record = "            done: 2025-06-01\n            evidence: Công văn 1\n"
    plan.write_text(text[:at] + record + text[at:], encoding="utf-8")
    shutil.copy(UNITS, tmp_path / "units.yaml")
    cache = {"PARPLAN_CACHE_DIR": str(tmp_path / "cache")}

    def run(env: dict[str, str], *argv: str) -> tuple[int, str, str]:
        result = runner.invoke(app, [*argv, "--plan", str(plan)], env=env)
        return result.exit_code, result.stdout, result.stderr

    for today, status in (("2025-07-01", 0), ("2025-05-01", 1)):
        day = {"PARPLAN_TODAY": today}
        expected = run({**day, "PARPLAN_CACHE": "off"}, "validate")
        assert expected[0] == status
        assert run({**day, **cache}, "validate") == expected  # writes the small entry (07-01)
        assert run({**day, **cache}, "validate") == expected  # reads it, or must not (05-01)
        run({**day, **cache}, "due")
        assert run({**day, **cache}, "validate") == expected
    assert len(list((tmp_path / "cache").glob("*-validate.pickle"))) == 1


def test_the_targets_and_measurements_are_read_the_same() -> None:
    """issue 21: the body written before ``sections:`` (targets, figures) comes through the
    quick reader as the loader reads it, not dropped."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "\nsections:\n",
        "\nmeasurements:\n"
        "  - {target: II.2.g-1, on: 2025-03-10, value: 60, of: 60, total: 100, "
        "unit: Văn phòng Bộ, evidence: Báo cáo số 1/BC-VP}\n"
        "  - {target: II.2.g-1, on: 2025-06-10, value: 72.5, evidence: Báo cáo số 2/BC-VP}\n"
        "sections:\n",
        1,
    )
    fast, slow = both(text)
    assert fast is not None and fast == slow
    plan = fast[0]
    assert [t.id.value for t in plan.targets] == [
        "II.2.đ-1",
        "II.2.e-1",
        "II.2.g-1",
        "II.2.g-2",
        "II.2.g-3",
    ]
    assert [m.value for m in plan.measurements_of("II.2.g-1")] == [60.0, 72.5]


# issue 23: the decision's body before ``sections:`` (targets, figures, duties,
# responsibilities) is read by io/fastread_body.py, as loader.read_head reads it.
def _with_header_seen(text: str, name: str = "plan-2025.yaml"):
    """``read_plan`` of ``text``, and the headers it asked the loader for."""
    seen: list[str] = []

    def loader(header: str):
        seen.append(header)
        return read_head(name, header)

    return read_plan(name, text, loader, _memoised_deadline_parser()), seen


def test_the_real_plans_body_is_read_quickly() -> None:
    text = PLAN.read_text(encoding="utf-8")
    fast, seen = _with_header_seen(text)
    assert fast is not None and fast == both(text)[0]
    assert seen and not any("duties:" in header or "targets:" in header for header in seen)
    assert len(fast[0].duties) == 58 and len(fast[0].responsibilities) == 35


FIGURES = (
    "\nmeasurements:\n"
    "  - {target: II.2.g-1, on: 2025-03-10, value: 60, of: 60, total: 100, "
    "unit: Văn phòng Bộ, evidence: Báo cáo số 1/BC-VP, recorded_by: An}\n"
    "  # một dòng ghi chú\n"
    "  - {target: II.2.g-1, on: 2025-06-10, value: 72.5, evidence: Báo cáo số 2/BC-VP}\n"
    "sections:\n"
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\nsections:\n", FIGURES),
        ("  - point: II.1.b\n", "  # ghi chú\n  - point: II.1.b\n"),
        ("    value: 100\n", '    value: "100"\n'),
        ("    lead:\n      - Vụ Pháp chế\n", "    lead: []\n"),
    ],
)
def test_what_parplan_writes_in_the_body_is_read_quickly(old: str, new: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    fast, seen = _with_header_seen(changed)
    fast_again, slow = both(changed)
    assert slow[1] == [] and fast is not None and fast[0] == slow[0] == fast_again[0]
    assert not any("duties:" in header for header in seen)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    period: 2025\n", "    period: '2025'\n"),
        ("    lead:\n      - Vụ Pháp chế\n", "    lead: [Vụ Pháp chế]\n"),
        ("    value: 100\n", "    value: 1.0e2\n"),
        ("\nsections:\n", "\nduties:\n  - point: X.1\n    text: Một\nsections:\n"),
        ("\nsections:\n", "\nmeasurements:\nsections:\n"),
        ("\nsections:\n", "\nextra:\n  - x\nsections:\n"),
        ("    measure: percent\n", "    measure: ratio\n"),
        ("    period: 2025\n", "    period: 1800\n"),
        ("    unit: Văn phòng Bộ\n", "    unit: \u0301\n"),
        ("    lead:\n      - Vụ Pháp chế\n", "    lead:\n      - \u0301\n"),
        ("  - point: II.1.b\n", "  - point: II.1.b\n    owner: x\n"),
        ("  - point: II.1.b\n", "  - point: II.1.b\n    point: II.1.c\n"),
        ("    value: 100\n", "    value: 100\x0c\n"),
        ("    value: 100\n", "    value:\t100\n"),
    ],
)
def test_what_it_does_not_read_in_the_body_the_loader_reads(old: str, new: str) -> None:
    """Another style, or a problem: the whole header goes to the loader, which gives what it
    always gave (a model the same as the full load's, or its problems)."""
    text = PLAN.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    fast, seen = _with_header_seen(changed)
    _fast, slow = both(changed)
    assert any("duties:" in header for header in seen)
    if slow[1]:
        assert fast is None
    else:
        assert fast is not None and fast[0] == slow[0]
