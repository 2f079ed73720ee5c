"""Recording progress: done / undo / met as surgical, atomic edits of the plan file.

The edits run on copies of the real plan (data/plan-2025.yaml) in tmp_path.
"""

from __future__ import annotations

import difflib
import os
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import PLAN, UNITS
from hypothesis import given
from hypothesis import strategies as st

from parplan.checks.rules import validate
from parplan.cli.app import app
from parplan.io import files, ledger
from parplan.io.errors import DataError, RequestError
from parplan.io.loader import build_plan, load_plan, parse_document
from parplan.query.status import DONE_LATE, DONE_ON_TIME, OVERDUE, PENDING, WAITING, rows_as_of

TODAY = date(2025, 6, 30)
DECISION = "Quyết định số 235/QĐ-BNV ngày 20/3/2025"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the real plan and units files."""
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def units_of(plan: Path) -> Path:
    return plan.parent / "units.yaml"


def done(plan: Path, item: str, on: date, evidence: str | None = DECISION, **kw) -> ledger.Change:
    return ledger.record_done(
        plan, units_of(plan), item, on=on, evidence=evidence, today=TODAY, **kw
    )


def undo(plan: Path, item: str, **kw) -> ledger.Change:
    return ledger.undo_done(plan, units_of(plan), item, today=TODAY, **kw)


def diff(before: bytes, after: bytes) -> list[str]:
    """The changed lines, as +/- lines of a unified diff (without the headers)."""
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    return [
        line
        for line in difflib.unified_diff(old, new, n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def statuses(plan: Path, item_id: str, as_of: date) -> list[str]:
    loaded, _ = load_plan(plan)
    item = loaded.item(item_id)
    assert item is not None
    return [row.status for row in rows_as_of([item], as_of, loaded.items)]


# ---------------------------------------------------------------------------------------------
# Round trips: only the recorded lines change, and undo gives the file back byte for byte


def test_done_adds_two_lines_to_a_single_milestone_item(plan: Path) -> None:
    before = plan.read_bytes()
    change = done(plan, "I.5.1", date(2025, 3, 20))
    after = plan.read_bytes()
    assert diff(before, after) == [
        "+            done: 2025-03-20\n",
        f"+            evidence: {DECISION}\n",
    ]
    lines = after.decode("utf-8").splitlines()
    assert [(n, lines[n - 1]) for n, _ in change.edit.added] == list(change.edit.added)
    assert lines[change.edit.added[0][0] - 2] == "            deadline: Tháng 3/2025"
    undo(plan, "I.5.1")
    assert plan.read_bytes() == before


def test_done_and_undo_round_trip_with_crlf_bom_and_comments(plan: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    text = text.replace(
        "            deadline: Tháng 3/2025\n          - id: I.5.2\n",
        "            deadline: Tháng 3/2025   # tháng 3\n"
        "            # ghi chú về I.5.1\n"
        "\n"
        "          - id: I.5.2\n",
        1,
    )
    assert "# ghi chú về I.5.1" in text
    raw = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    plan.write_bytes(raw)
    change = done(plan, "I.5.1", date(2025, 3, 20), recorded_by="Nguyễn Văn A")
    after = plan.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line end still CRLF
    assert diff(raw, after) == [
        "+            done: 2025-03-20\r\n",
        f"+            evidence: {DECISION}\r\n",
        "+            recorded_by: Nguyễn Văn A\r\n",
    ]
    # inserted after the item's last value line, before its trailing comment
    lines = after.decode("utf-8-sig").split("\r\n")
    first = change.edit.added[0][0]
    assert lines[first - 2].endswith("# tháng 3")
    assert lines[first + 2] == "            # ghi chú về I.5.1"
    undo(plan, "I.5.1")
    assert plan.read_bytes() == raw


def test_a_comment_above_a_later_key_stays_above_it(plan: Path) -> None:
    """`done` writes its keys before the item's `log:`; the comment lines written right above
    `log:` belong to it (fmt keeps them there) and stay above it, not above `done:`."""
    note = "        note: Các đơn vị được lựa chọn kiểm tra sẽ thông báo sau\n"
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(note) == 1
    text = text.replace(
        note,
        note + "        # nhật ký của Vụ CCHC\n"
        "        log:\n          - {on: 2025-03-10, text: Đã họp}\n",
    )
    plan.write_text(text, encoding="utf-8")
    before = plan.read_bytes()
    done(plan, "I.4", date(2025, 6, 20))
    lines = plan.read_text(encoding="utf-8").splitlines()
    at = lines.index(note.rstrip("\n"))
    assert lines[at + 1 : at + 5] == [
        "        done: 2025-06-20",
        f"        evidence: {DECISION}",
        "        # nhật ký của Vụ CCHC",
        "        log:",
    ]
    undo(plan, "I.4")
    assert plan.read_bytes() == before


def test_round_trip_on_a_file_without_final_line_end(plan: Path) -> None:
    raw = PLAN.read_bytes().rstrip(b"\n")
    plan.write_bytes(raw)
    last = load_plan(plan)[0].items[-1].id.value
    done(plan, last, date(2025, 3, 20), milestone="1")
    assert not plan.read_bytes().endswith(b"\n")
    undo(plan, last)
    assert plan.read_bytes() == raw


def test_progress_records_each_milestone_on_its_own_line(plan: Path) -> None:
    before = plan.read_bytes()
    first = done(plan, "I.3.2", date(2025, 3, 20), evidence="Báo cáo số 12/BC-BNV")
    assert first.edit.picked and first.edit.milestone == 1
    middle = plan.read_bytes()
    assert diff(before, middle) == [
        "+            progress:\n",
        "+              - {milestone: Tháng 3/2025, done: 2025-03-20, evidence: Báo cáo số 12/BC-BNV}\n",
    ]
    second = done(plan, "I.3.2", date(2025, 6, 18), evidence='Báo cáo số 30/BC-BNV: "6 tháng"')
    assert second.edit.milestone == 2
    assert diff(middle, plan.read_bytes()) == [
        "+              - {milestone: Tháng 6/2025, done: 2025-06-18, "
        'evidence: "Báo cáo số 30/BC-BNV: \\"6 tháng\\""}\n',
    ]
    assert statuses(plan, "I.3.2", TODAY) == [DONE_ON_TIME, DONE_ON_TIME, PENDING, PENDING]
    undo(plan, "I.3.2")  # the most recent: June
    assert plan.read_bytes() == middle
    undo(plan, "I.3.2", milestone="thang 3/2025")  # by label, accents forgiven
    assert plan.read_bytes() == before


def test_undo_a_milestone_recorded_by_hand_in_block_style(plan: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    anchor = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    hand = (
        "            progress:\n"
        "              - milestone: 1\n"
        "                done: 2025-03-18  # ghi tay\n"
        "                evidence: Báo cáo số 12/BC-BNV\n"
    )
    position = text.index(anchor, text.index("id: I.3.2"))
    text = text[: position + len(anchor)] + hand + text[position + len(anchor) :]
    plan.write_text(text, encoding="utf-8")
    before = plan.read_bytes()
    done(plan, "I.3.2", date(2025, 6, 18), milestone="2")
    assert diff(before, plan.read_bytes()) == [
        f"+              - {{milestone: Tháng 6/2025, done: 2025-06-18, evidence: {DECISION}}}\n",
    ]
    undo(plan, "I.3.2", milestone="2")
    assert plan.read_bytes() == before
    undo(plan, "I.3.2")
    assert diff(before, plan.read_bytes()) == ["-" + line for line in hand.splitlines(True)]


def test_met_and_undo_met(plan: Path) -> None:
    before = plan.read_bytes()
    ledger.record_met(
        plan, units_of(plan), "II.6.1", on=date(2025, 3, 1), evidence="Ý kiến TVCP số 1"
    )
    assert diff(before, plan.read_bytes()) == [
        "+            met: 2025-03-01\n",
        "+            met_evidence: Ý kiến TVCP số 1\n",
    ]
    assert statuses(plan, "II.6.1", date(2025, 2, 28)) == [WAITING]
    assert statuses(plan, "II.6.1", date(2025, 3, 2)) == [PENDING]  # no within_days: no due date
    ledger.undo_met(plan, units_of(plan), "II.6.1")
    assert plan.read_bytes() == before


def test_met_refused_on_an_item_that_waits_on_another(plan: Path) -> None:
    """IV.3 has `after: IV.2`: its condition is IV.2's completion, never a `met` record."""
    before = plan.read_bytes()
    with pytest.raises(RequestError) as raised:
        ledger.record_met(plan, units_of(plan), "IV.3", on=date(2025, 3, 1), evidence="NĐ 25")
    assert raised.value.key == "ledger.met-after" and raised.value.exit_code == 2
    assert plan.read_bytes() == before


def test_met_with_within_days_gives_a_due_date(plan: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "          - id: II.6.1\n", "          - id: II.6.1\n            within_days: 30\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    ledger.record_met(plan, units_of(plan), "II.6.1", on=date(2025, 3, 1), evidence="TVCP 1")
    assert statuses(plan, "II.6.1", date(2025, 3, 31)) == [PENDING]
    assert statuses(plan, "II.6.1", date(2025, 4, 1)) == [OVERDUE]


def test_after_items_are_met_by_the_completion_they_wait_on(plan: Path) -> None:
    assert statuses(plan, "IV.3", TODAY) == [WAITING]
    done(plan, "IV.2", date(2025, 4, 10), evidence="Nghị định số 25/2025/NĐ-CP")
    assert statuses(plan, "IV.3", date(2025, 4, 9)) == [WAITING]
    assert statuses(plan, "IV.3", date(2025, 4, 10)) == [PENDING]


# ---------------------------------------------------------------------------------------------
# Status as of a day


@pytest.mark.parametrize(
    ("item", "as_of", "expected"),
    [
        ("II.2", date(2025, 3, 19), OVERDUE),  # due Tháng 02/2025 = 28/02
        ("II.2", date(2025, 3, 21), DONE_LATE),
        ("I.5.1", date(2025, 3, 19), PENDING),  # due Tháng 3/2025 = 31/03
        ("I.5.1", date(2025, 3, 21), DONE_ON_TIME),
        ("I.5.1", date(2025, 3, 20), DONE_ON_TIME),  # the day itself counts
    ],
)
def test_status_as_of_a_day(plan: Path, item: str, as_of: date, expected: str) -> None:
    done(plan, item, date(2025, 3, 20))
    assert statuses(plan, item, as_of) == [expected]


# ---------------------------------------------------------------------------------------------
# Requests that do not fit the plan: RequestError, file untouched


@pytest.mark.parametrize(
    ("action", "key"),
    [
        (lambda p: done(p, "I.5.9", date(2025, 3, 1)), "error.item.unknown"),
        (lambda p: done(p, "I.2", date(2025, 3, 1)), "error.item.task"),
        (lambda p: done(p, "I.3.2", date(2025, 3, 1), milestone="5"), "ledger.unknown-milestone"),
        (lambda p: done(p, "VII.2.1", date(2025, 3, 1)), "ledger.ongoing"),
        (lambda p: done(p, "I.5.1", date(2025, 7, 1)), "ledger.future"),
        (lambda p: done(p, "I.5.1", date(2025, 3, 1), evidence="  "), "ledger.evidence-required"),
        (lambda p: undo(p, "I.5.1"), "ledger.nothing-to-undo"),
        (lambda p: undo(p, "I.3.2", milestone="2"), "ledger.nothing-to-undo.milestone"),
        (
            lambda p: ledger.record_met(p, units_of(p), "I.5.1", on=date(2025, 3, 1), evidence="x"),
            "ledger.not-conditional",
        ),
        (lambda p: ledger.undo_met(p, units_of(p), "IV.3"), "ledger.nothing-to-undo.met"),
    ],
)
def test_requests_that_do_not_fit(plan: Path, action, key: str) -> None:
    before = plan.read_bytes()
    with pytest.raises(RequestError) as raised:
        action(plan)
    assert raised.value.key == key
    assert raised.value.exit_code == 2
    assert plan.read_bytes() == before


def test_a_milestone_is_done_once(plan: Path) -> None:
    done(plan, "I.5.1", date(2025, 3, 20))
    with pytest.raises(RequestError) as raised:
        done(plan, "I.5.1", date(2025, 3, 21))
    assert raised.value.key == "ledger.already-done"


def test_every_milestone_done(plan: Path) -> None:
    done(plan, "I.1", date(2024, 12, 30))
    done(plan, "I.1", date(2025, 6, 1))
    assert statuses(plan, "I.1", TODAY) == [DONE_ON_TIME, DONE_ON_TIME]
    with pytest.raises(RequestError) as raised:
        done(plan, "I.1", date(2025, 6, 2))
    assert raised.value.key == "ledger.all-done"


# ---------------------------------------------------------------------------------------------
# Validation before and after; atomic writes; the lock


def test_an_invalid_file_is_not_edited(plan: Path) -> None:
    broken = PLAN.read_text(encoding="utf-8").replace("- Văn phòng Bộ\n", "- Văn phòng Bo\n", 1)
    plan.write_text(broken, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        done(plan, "I.5.1", date(2025, 3, 20))
    assert raised.value.key == "ledger.invalid-before"
    assert [d.code for d in raised.value.diagnostics] == ["unknown-unit"]
    assert plan.read_text(encoding="utf-8") == broken


def test_nothing_is_written_when_the_result_would_not_validate(plan: Path) -> None:
    before = plan.read_bytes()

    def breaks(text: str, _plan) -> ledger.Edit:
        return ledger.Edit(
            text.replace("deadline: Tháng 3/2025", "deadline: Tháng 3/2025; Tháng 13/2025"), "I.5.1"
        )

    with pytest.raises(DataError) as raised:
        ledger.apply_edit(plan, units_of(plan), breaks, TODAY, ledger.DONE_KEYS)
    assert raised.value.key == "ledger.invalid-after"
    assert {d.code for d in raised.value.diagnostics} == {"deadline-date"}
    assert plan.read_bytes() == before


def test_an_edit_that_touches_other_data_is_refused(plan: Path) -> None:
    before = plan.read_bytes()

    def strays(text: str, _plan) -> ledger.Edit:
        return ledger.Edit(text.replace("Tháng 3/2025", "Tháng 4/2025", 1), "I.5.1")

    with pytest.raises(DataError) as raised:
        ledger.apply_edit(plan, units_of(plan), strays, TODAY, ledger.DONE_KEYS)
    assert raised.value.key == "ledger.layout"
    assert plan.read_bytes() == before


def test_a_crash_before_the_rename_leaves_the_plan_intact(plan: Path, monkeypatch) -> None:
    before = plan.read_bytes()

    def crash(source, target):
        raise OSError("simulated crash between write and rename")

    monkeypatch.setattr(os, "replace", crash)
    monkeypatch.setattr(files, "_exchange", crash)  # the swap used where the system has one
    with pytest.raises(OSError, match="simulated crash"):
        done(plan, "I.5.1", date(2025, 3, 20))
    monkeypatch.undo()
    assert plan.read_bytes() == before
    left = sorted(p.name for p in plan.parent.iterdir() if p.suffix != ".lock")
    assert left == ["plan-2025.yaml", "units.yaml"]  # no temporary file


def test_concurrent_records_both_land(plan: Path) -> None:
    items = ["I.5.1", "II.2", "I.2.1", "II.3"]
    start = threading.Barrier(len(items))
    failures: list[BaseException] = []

    def record(item: str) -> None:
        start.wait()
        try:
            done(plan, item, date(2025, 3, 20))
        except BaseException as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=record, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    loaded, _ = load_plan(plan)
    for item in items:
        assert [c.on for c in loaded.item(item).completions] == [date(2025, 3, 20)]
    assert_unlocked(plan)
    assert validate(plan, units_of(plan), TODAY).errors == ()


def test_concurrent_processes_both_land(plan: Path) -> None:
    """Two `parplan done` processes at once, as two staff members would run them."""
    import subprocess
    import sys

    commands = [
        [sys.executable, "-m", "parplan", "done", item, "--on", "2025-03-20", "-e", f"QĐ {n}"]
        for n, item in enumerate(["I.5.1", "II.2"], start=1)
    ]
    running = [
        subprocess.Popen([*c, "--plan", str(plan)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for c in commands
    ]
    outcomes = [(*process.communicate(timeout=60), process.returncode) for process in running]
    assert [code for *_, code in outcomes] == [0, 0], outcomes
    loaded, _ = load_plan(plan)
    assert [c.evidence.value for c in loaded.item("I.5.1").completions] == ["QĐ 1"]
    assert [c.evidence.value for c in loaded.item("II.2").completions] == ["QĐ 2"]
    assert_unlocked(plan)


def assert_unlocked(path: Path) -> None:
    """Nobody holds the lock: it is taken at once. (The lock file itself may stay: an empty
    file the operating system locks, ignored by git.)"""
    with files.locked(path, timeout=0):
        pass


def test_lock_is_exclusive_and_released(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    with files.locked(target):
        assert files.lock_path(target).exists()
        with pytest.raises(DataError) as raised, files.locked(target, timeout=0):
            pass
        assert raised.value.key == "ledger.locked"
    assert_unlocked(target)
    with pytest.raises(RuntimeError), files.locked(target):
        raise RuntimeError("the body failed")
    assert_unlocked(target)


def test_a_lock_file_left_behind_blocks_no_one(tmp_path: Path) -> None:
    """issue 10: a lock file left by a dead writer (even a fresh one, as the old O_EXCL lock
    left after a crash) is not a lock: only a live process holds one."""
    target = tmp_path / "plan.yaml"
    lock = files.lock_path(target)
    lock.write_text("12345\n")
    with files.locked(target, timeout=0):
        pass


# ---------------------------------------------------------------------------------------------
# YAML scalars


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (DECISION, DECISION),
        ("Báo cáo số 12/BC-BNV", "Báo cáo số 12/BC-BNV"),
        ("2025", '"2025"'),
        ("yes", '"yes"'),
        ("Số 5: ban hành", '"Số 5: ban hành"'),
        ("QĐ #7", '"QĐ #7"'),
        ("- gạch", '"- gạch"'),
        ('trích "Điều 3"', 'trích "Điều 3"'),  # quotes inside a plain scalar are literal
    ],
)
def test_yaml_scalar(value: str, written: str) -> None:
    assert ledger.yaml_scalar(value) == written


LOADERS = {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}


@given(st.text(max_size=40))
def test_yaml_scalar_reads_back(value: str) -> None:
    for flow, document in ((False, "k: {}"), (True, "{{k: {}}}")):
        text = document.format(ledger.yaml_scalar(value, flow=flow))
        for loader in LOADERS:
            assert yaml.load(text, Loader=loader) == {"k": value}


def test_evidence_is_recorded_on_one_line(plan: Path) -> None:
    done(plan, "I.5.1", date(2025, 3, 20), evidence="Công văn số 1/BNV\n  ngày  20/3/2025")
    item = load_plan(plan)[0].item("I.5.1")
    assert item.completions[0].evidence.value == "Công văn số 1/BNV ngày 20/3/2025"


def test_an_empty_progress_key_takes_the_first_entry(plan: Path) -> None:
    """``progress:`` written with no value (by hand, or left by an editor): the entry goes under
    it, indented two more than the key (issue 22: the list append shared with log, late and
    measure, ``textedit.entry_after``)."""
    text = PLAN.read_text(encoding="utf-8")
    anchor = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    position = text.index(anchor, text.index("id: I.3.2")) + len(anchor)
    plan.write_text(text[:position] + "            progress:\n" + text[position:], encoding="utf-8")
    before = plan.read_bytes()
    change = done(plan, "I.3.2", date(2025, 3, 20), evidence="Báo cáo số 12/BC-BNV")
    assert diff(before, plan.read_bytes()) == [
        "+              - {milestone: Tháng 3/2025, done: 2025-03-20, evidence: Báo cáo số 12/BC-BNV}\n",
    ]
    line = text[:position].count("\n") + 2  # the line after the key
    assert [number for number, _ in change.edit.added] == [line]


def test_pure_edit_on_text() -> None:
    text = PLAN.read_text(encoding="utf-8")
    model, _ = build_plan(parse_document("plan.yaml", text.encode("utf-8")))
    edit = ledger.add_completion(text, model, "ii.2", date(2025, 3, 20), DECISION)
    assert edit.item_id == "II.2"
    assert [line for _, line in edit.added] == [
        "        done: 2025-03-20",
        f"        evidence: {DECISION}",
    ]


# ---------------------------------------------------------------------------------------------
# The checks of recorded progress


def test_evidence_optional_policy_makes_it_a_warning(plan: Path) -> None:
    text = PLAN.read_text(encoding="utf-8").replace(
        "  year: 2025\n", "  year: 2025\n  policy:\n    evidence: optional\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    change = done(plan, "I.5.1", date(2025, 3, 20), evidence=None)
    assert [(d.code, d.severity) for d in change.warnings] == [("evidence-missing", "warning")]
    assert [line.strip() for _, line in change.edit.added] == ["done: 2025-03-20"]


def test_future_check_needs_today(plan: Path) -> None:
    done(plan, "I.5.1", date(2025, 3, 20))
    assert [d.code for d in validate(plan, units_of(plan), date(2025, 3, 19)).errors] == [
        "done-future"
    ]
    assert validate(plan, units_of(plan)).errors == ()  # no today: not checked


# ---------------------------------------------------------------------------------------------
# The commands


@pytest.fixture
def cli_today(monkeypatch) -> date:
    monkeypatch.setattr("parplan.cli.ledger.today", lambda: TODAY)
    return TODAY


def test_cli_done_prints_the_change_and_the_status(runner, plan: Path, cli_today) -> None:
    result = runner.invoke(
        app,
        ["done", "I.5.1", "--on", "20/03/2025", "--evidence", DECISION, "--plan", str(plan)],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == f"Đã sửa {plan}:"
    written = plan.read_text(encoding="utf-8").splitlines()
    number = written.index("            done: 2025-03-20") + 1
    assert lines[1] == f"+ {number}:             done: 2025-03-20"
    assert lines[2] == f"+ {number + 1}:             evidence: {DECISION}"
    assert lines[3] == "Tình trạng của I.5.1 tính đến 30/06/2025:"
    assert lines[4] == (
        "  Tháng 3/2025 (hạn 31/03/2025): Hoàn thành đúng hạn — hoàn thành 20/03/2025"
    )


def test_cli_done_picks_the_earliest_open_milestone_in_english(
    runner, plan: Path, cli_today
) -> None:
    result = runner.invoke(
        app, ["done", "I.3.2", "-e", "Báo cáo số 12/BC-BNV", "--plan", str(plan), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0] == "No --milestone given: recording the earliest open milestone, 'Tháng 3/2025'."
    )
    assert "done: 2025-06-30" in lines[3]  # the default date is today
    assert "  Tháng 3/2025 (due 2025-03-31): Done late — done 2025-06-30" in lines
    assert "  Tháng 6/2025 (due 2025-06-30): In progress, on time" in lines


def test_cli_undo_gives_the_file_back(runner, plan: Path, cli_today) -> None:
    before = plan.read_bytes()
    common = ["--plan", str(plan)]
    assert (
        runner.invoke(app, ["done", "II.2", "--on", "2025-03-20", "-e", "QĐ 1", *common]).exit_code
        == 0
    )
    result = runner.invoke(app, ["undo", "II.2", *common])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("- ")
    assert "Quá hạn chưa hoàn thành" in result.stdout
    assert plan.read_bytes() == before


def test_cli_met(runner, plan: Path, cli_today) -> None:
    result = runner.invoke(
        app,
        ["met", "II.6.1", "--on", "2025-03-01", "-e", "Ý kiến TVCP số 1", "--plan", str(plan)],
    )
    assert result.exit_code == 0, result.output
    assert "+ " in result.stdout and "met: 2025-03-01" in result.stdout
    assert "Điều kiện đáp ứng ngày 01/03/2025." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["done", "I.5.9", "-e", "x"], "Không có mục 'I.5.9' trong kế hoạch. Có phải:"),
        (["done", "I.3.2", "-m", "Quý V", "-e", "x"], "Mục I.3.2 không có mốc 'Quý V'."),
        (
            ["done", "I.5.1", "--on", "2025-02-30", "-e", "x"],
            "Không có ngày '2025-02-30' trong lịch",
        ),
        (["done", "I.5.1", "--on", "2025-07-01", "-e", "x"], "ở sau hôm nay"),
        (["done", "VII.2.1", "-e", "x"], "là việc thường xuyên"),
        (["done", "I.5.1"], "Cần --evidence"),
        (["met", "I.5.1", "-e", "x"], "không có mốc nào chờ điều kiện"),
        (["undo", "I.5.1"], "không có gì để bỏ"),
    ],
)
def test_cli_usage_errors(runner, plan: Path, cli_today, args: list[str], message: str) -> None:
    before = plan.read_bytes()
    result = runner.invoke(app, [*args, "--plan", str(plan)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before


def test_cli_data_errors_exit_1_with_diagnostics(runner, plan: Path, cli_today) -> None:
    plan.write_text(
        PLAN.read_text(encoding="utf-8").replace("- Văn phòng Bộ\n", "- Văn phòng Bo\n", 1),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["done", "I.5.1", "-e", "x", "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    assert "[unknown-unit]" in result.stderr
    assert "fix them before recording progress" in result.stderr


def test_recorded_lines_are_already_canonical(plan: Path) -> None:
    """What the ledger writes passes `parplan fmt --check`: CI keeps both in force."""
    from parplan.io.fmt import format_text

    units = plan.parent / "units.yaml"
    ledger.record_done(
        plan, units, "II.2", on=date(2025, 3, 2), evidence="Công văn 1/BNV, ngày 2/1/2025: trích"
    )
    ledger.record_done(
        plan,
        units,
        "I.3.1",
        on=date(2025, 3, 25),
        evidence="Báo cáo số 5/BC-VP, quý I",
        milestone="1",
        unit="Văn phòng Bộ",
    )
    ledger.record_done(plan, units, "II.6.1", on=date(2025, 5, 2), evidence="Quyết định 1/QĐ")
    ledger.record_met(plan, units, "II.6.1", on=date(2025, 4, 1), evidence="Ý kiến TVCP: 1")
    text = plan.read_text(encoding="utf-8")
    assert format_text(text) == text


def test_rename_is_retried_while_a_reader_holds_the_file(tmp_path: Path, monkeypatch) -> None:
    """Windows refuses to replace a file another process has open: the write waits a moment."""
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old")
    real_replace = os.replace
    failures = iter([PermissionError("in use"), PermissionError("in use")])

    def flaky_replace(source, destination):
        error = next(failures, None)
        if error is not None:
            raise error
        real_replace(source, destination)

    monkeypatch.setattr(files.os, "replace", flaky_replace)
    files.write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.yaml"]


def test_recording_in_a_missing_plan_says_so(tmp_path: Path) -> None:
    with pytest.raises(DataError) as raised:
        ledger.record_done(
            tmp_path / "nope.yaml", UNITS, "I.5.1", on=date(2025, 3, 1), evidence="x"
        )
    assert [d.code for d in raised.value.diagnostics] == ["file-missing"]
    assert list(tmp_path.iterdir()) == []


def test_records_after_a_log_or_late_entry_keep_fmts_order(plan: Path) -> None:
    """A completion, a first progress line and a met condition recorded on items that already
    have `log:` or `late:` go before those lists, where fmt puts them (done was appended after
    `late:`, and `fmt --check` then failed on what the ledger had just written)."""
    from parplan.io import worklog
    from parplan.io.fmt import format_text

    units = plan.parent / "units.yaml"
    today = date(2025, 12, 31)
    # I.2.1: one milestone, "Ban hành: Tháng 3/2025"
    worklog.record_late(plan, units, "I.2.1", reason="Chờ", today=today, on=date(2025, 4, 5))
    ledger.record_done(plan, units, "I.2.1", on=date(2025, 4, 20), evidence="QĐ số 5/QĐ-BNV")
    # I.1: two milestones (a progress: list to create), a log first
    worklog.record_log(plan, units, "I.1", on=date(2025, 1, 5), text="Họp", today=today)
    ledger.record_done(plan, units, "I.1", on=date(2025, 1, 10), evidence="KH 1", milestone="1")
    # II.6.1: a condition met after a log entry
    worklog.record_log(plan, units, "II.6.1", on=date(2025, 3, 1), text="Trình", today=today)
    ledger.record_met(plan, units, "II.6.1", on=date(2025, 4, 1), evidence="Ý kiến TVCP: 1")
    text = plan.read_text(encoding="utf-8")
    assert format_text(text) == text
    lines = text.splitlines()
    at = lines.index("          - id: I.2.1")
    keys = [line.strip().split(":")[0] for line in lines[at + 1 : at + 12]]
    assert keys.index("done") < keys.index("evidence") < keys.index("late")
