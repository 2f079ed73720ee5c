"""The views end to end: snapshots of every view, machine formats, options and errors.

Snapshots: each case runs the CLI at a fixed width (COLUMNS) with no colour and compares stdout
with ``tests/snapshots/<name>.txt``. Most read ``tests/snapshots/plan.yaml``, a small plan with
progress recorded so that every status appears as of 2025-04-10; a few read the real plan.

After a deliberate change of a view, regenerate the files and review the diff by eye:

    PARPLAN_UPDATE_SNAPSHOTS=1 uv run pytest tests/test_views.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from conftest import PLAN, ROOT, UNITS
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.cli.app import app
from parplan.query.status import STATUSES

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FIXTURE = SNAPSHOTS / "plan.yaml"
UPDATE = bool(os.environ.get("PARPLAN_UPDATE_SNAPSHOTS"))
AS_OF = "2025-04-10"
ESCAPE = "\x1b"
# No colour whatever the environment says: tests see what a pipe sees.
PLAIN = {"FORCE_COLOR": None, "TTY_COMPATIBLE": None, "TTY_INTERACTIVE": None, "NO_COLOR": "1"}


def _fixture_args(as_of: str = AS_OF) -> list[str]:
    return ["--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", as_of]


REAL = ["--plan", str(PLAN), "--units", str(UNITS)]


def run(runner, args: list[str], columns: int = 80, lang: str | None = None):
    env = {**PLAIN, "COLUMNS": str(columns), "PARPLAN_LANG": lang}
    return runner.invoke(app, args, env=env)


# ---------------------------------------------------------------------------------------------
# Snapshots

SNAPSHOT_CASES: dict[str, tuple[list[str], int]] = {
    "due-80": (["due", *_fixture_args()], 80),
    "due-unit-pc-100": (["due", "--unit", "vu phap che", *_fixture_args()], 100),
    "due-past-year-80": (["due", *_fixture_args("2026-01-05")], 80),
    "due-en-80": (["due", "--lang", "en", *_fixture_args()], 80),
    "overdue-80": (["overdue", *_fixture_args()], 80),
    "upcoming-within-14-80": (["upcoming", "--within", "14", *_fixture_args()], 80),
    "upcoming-none-80": (["upcoming", "--unit", "VP", "-n", "5", *_fixture_args("2025-12-01")], 80),
    "units-80": (["units", *_fixture_args()], 80),
    "units-en-100": (["units", "--lang", "en", *_fixture_args()], 100),
    "unit-pc-80": (["unit", "PC", *_fixture_args()], 80),
    "unit-cuc-tl-bhxh-80": (["unit", "Cục TL&BHXH", *_fixture_args()], 80),
    "unit-group-100": (["unit", "cac don vi su nghiep truc thuoc bo", *_fixture_args()], 100),
    "show-I.1-80": (["show", "I.1", *_fixture_args()], 80),
    "show-II.6.1-80": (["show", "II.6.1", *_fixture_args()], 80),
    "show-IV.3-100": (["show", "IV.3", *_fixture_args()], 100),
    "list-80": (["list", *_fixture_args()], 80),
    "list-overdue-100": (["list", "--status", "overdue", *_fixture_args()], 100),
    "due-md": (["due", "--format", "md", *_fixture_args()], 80),
    "units-md": (["units", "--format", "md", *_fixture_args()], 80),
    "unit-md": (["unit", "TCCB", "--format", "md", *_fixture_args()], 80),
    "show-md": (["show", "I.1", "--format", "md", *_fixture_args()], 80),
    "real-due-vp-80": (["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-03-15", *REAL], 80),
    "real-units-100": (["units", "--as-of", "2025-06-30", *REAL], 100),
    "real-list-section-VI-80": (["list", "--section", "VI", "--as-of", "2025-06-30", *REAL], 80),
}


def _normalise(text: str) -> str:
    """Paths as the snapshot files write them, whatever the machine."""
    for path in (FIXTURE, PLAN):
        text = text.replace(str(path), path.relative_to(ROOT).as_posix())
    return text


@pytest.mark.parametrize("name", sorted(SNAPSHOT_CASES))
def test_snapshot(runner, name: str) -> None:
    args, columns = SNAPSHOT_CASES[name]
    result = run(runner, args, columns)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert ESCAPE not in result.stdout
    output = _normalise(result.stdout)
    if not name.endswith("-md"):
        assert max(len(line) for line in output.splitlines()) <= columns
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        path.write_text(output, encoding="utf-8", newline="\n")
    assert path.exists(), f"no snapshot {path.name}: run with PARPLAN_UPDATE_SNAPSHOTS=1"
    assert output == path.read_text(encoding="utf-8"), f"{name} differs from {path.name}"


def test_every_snapshot_file_has_a_case() -> None:
    names = {path.stem for path in SNAPSHOTS.glob("*.txt")}
    assert names == set(SNAPSHOT_CASES)


@pytest.mark.parametrize("columns", [60, 80, 100, 140])
@pytest.mark.parametrize(
    "command",
    [["due"], ["units"], ["unit", "CCHC"], ["show", "I.3.1"], ["list"], ["overdue"]],
)
def test_tables_fit_the_width(runner, command: list[str], columns: int) -> None:
    result = run(runner, [*command, "--as-of", "2025-06-30", *REAL], columns)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= columns
    assert ESCAPE not in result.stdout
    assert not any(line != line.rstrip() for line in result.stdout.splitlines())


# ---------------------------------------------------------------------------------------------
# due, overdue, upcoming

DUE_FIELDS = {"id", "label", "due", "days", "status", "lead", "support", "role"}


def _json(runner, args: list[str]):
    result = run(runner, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", ["due", "overdue", "upcoming"])
def test_due_json_fields(runner, command: str) -> None:
    rows = _json(runner, [command, "--unit", "PC", *_fixture_args()])
    assert rows
    for row in rows:
        assert set(row) >= DUE_FIELDS
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["due"])
        assert isinstance(row["days"], int)
        assert row["status"] in ("pending", "overdue")
        assert (row["days"] < 0) == (row["status"] == "overdue")
        assert row["role"] in ("lead", "support")
        assert isinstance(row["lead"], list) and isinstance(row["support"], list)


def test_due_is_overdue_then_upcoming(runner) -> None:
    args = _fixture_args()
    due = _json(runner, ["due", *args])
    overdue = _json(runner, ["overdue", *args])
    upcoming = _json(runner, ["upcoming", *args])
    assert due == overdue + upcoming
    # I.3.1's first quarter (31/03) is overdue: only two of its members recorded their report.
    assert [(r["id"], r["days"]) for r in overdue] == [
        ("II.1.1", -100),
        ("I.3.4", -80),
        ("I.3.1", -10),
    ]
    assert [(r["id"], r["due"]) for r in upcoming] == [
        ("V.2.2", "2025-04-15"),
        ("II.6.1", "2025-04-24"),  # condition met 25/03, thirty days
        ("II.2", "2025-04-30"),
    ]
    assert all(r["role"] is None for r in due)  # no unit asked: no role


def test_due_within_and_role(runner) -> None:
    args = ["due", "--unit", "PC", *_fixture_args()]
    assert [r["id"] for r in _json(runner, [*args, "--within", "5"])] == ["II.1.1", "V.2.2"]
    lead = _json(runner, [*args, "--role", "lead"])
    support = _json(runner, [*args, "--role", "phoi hop"])
    assert {r["role"] for r in lead} == {"lead"} and {r["role"] for r in support} == {"support"}
    assert sorted(r["id"] for r in lead + support) == sorted(r["id"] for r in _json(runner, args))


def test_due_unit_accent_insensitive_same_as_canonical(runner) -> None:
    base = ["due", "--as-of", "2025-02-10", "--format", "json", *REAL]
    plain = run(runner, [*base, "--unit", "vu phap che"])
    canonical = run(runner, [*base, "--unit", "Vụ Pháp chế"])
    abbreviation = run(runner, [*base, "--unit", "pc"])
    assert plain.exit_code == canonical.exit_code == abbreviation.exit_code == 0
    assert plain.stdout == canonical.stdout == abbreviation.stdout
    assert json.loads(plain.stdout)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Vụ Tiền lương", "Cục Tiền lương và Bảo hiểm xã hội"),
        ("Trung tâm Thông tin", "Trung tâm Công nghệ thông tin"),
    ],
)
def test_due_old_and_new_names(runner, old: str, new: str) -> None:
    base = ["due", "--as-of", "2025-06-01", "--within", "200", *REAL]
    old_rows = _json(runner, [*base, "--unit", old])
    assert old_rows
    assert _json(runner, [*base, "--unit", new]) == old_rows


def test_csv_has_bom_and_the_json_columns(runner) -> None:
    result = run(runner, ["due", "--format", "csv", *_fixture_args()])
    assert result.exit_code == 0
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    # Headers and statuses in the user's language (issue 8): Vietnamese Excel reads them.
    assert list(rows[0])[:5] == ["Mã", "Mốc", "Hạn", "Số ngày còn lại", "Tình trạng"]
    first = _json(runner, ["due", *_fixture_args()])[0]
    assert rows[0]["Mã"] == first["id"] and rows[0]["Hạn"] == first["due"]
    assert rows[0]["Chủ trì"] == "; ".join(first["lead"])
    assert rows[0]["Tình trạng"] == "Quá hạn chưa hoàn thành" and first["status"] == "overdue"
    english = run(runner, ["due", "--format", "csv", "--lang", "en", *_fixture_args()])
    header = english.stdout_bytes.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("ID,Milestone,Due,Days left,Status,Lead,Support,Role,Item")


def test_markdown_is_a_table(runner) -> None:
    result = run(runner, ["overdue", "--format", "md", *_fixture_args()])
    lines = result.stdout.splitlines()
    assert lines[0].startswith("### ")
    assert "| Mã | Nội dung |" in result.stdout and "|---|" in result.stdout
    assert "| II.1.1 |" in result.stdout


def test_english(runner) -> None:
    result = run(runner, ["due", *_fixture_args()], lang="en")
    assert "Due on or before" in result.stdout and "100 late" in result.stdout
    assert "quá" not in result.stdout


def test_after_the_plan_year_says_so(runner) -> None:
    result = run(runner, ["units", *_fixture_args("2026-01-05")])
    first, second = result.stdout.splitlines()[:2]
    assert first == "Lưu ý: 05/01/2026 đã qua năm 2025 của kế hoạch; xem lại: --as-of YYYY-MM-DD"
    assert "--as-of" not in second  # one line at 80 columns
    inside = run(runner, ["units", *_fixture_args("2025-12-31")])
    assert "Lưu ý" not in inside.stdout
    # in English the day as every English message writes one (ISO: 05/01 reads as 1 May)
    english = run(runner, ["units", *_fixture_args("2026-01-05")], lang="en")
    assert english.stdout.splitlines()[0] == (
        "Note: 2026-01-05 is past plan year 2025; look back with --as-of YYYY-MM-DD"
    )
    data = _json(runner, ["due", *_fixture_args("2026-01-05")])  # JSON stays clean
    assert isinstance(data, list)


# ---------------------------------------------------------------------------------------------
# units, unit


def test_units_json_rows_carry_the_registry(runner) -> None:
    rows = _json(runner, ["units", *_fixture_args()])
    by_name = {row["name"]: row for row in rows}
    vp = by_name["Văn phòng Bộ"]
    assert (vp["short"], vp["kind"], vp["aliases"]) == ("VP", "administrative", [])
    assert set(vp["statuses"]) == {*STATUSES, "transferred"}
    group = by_name["Các đơn vị sự nghiệp trực thuộc Bộ"]
    assert group["kind"] == "group" and "Trung tâm Thông tin" in group["members"]
    assert by_name["Các cơ quan, đơn vị liên quan"]["members"] == []
    # Merged on 01/03/2025: as of 10/04 Vụ Tiền lương is left out, unless --all is given.
    assert "Vụ Tiền lương" not in by_name and by_name["Văn phòng Bộ"]["active"] is True
    every = {row["name"]: row for row in _json(runner, ["units", "--all", *_fixture_args()])}
    assert every["Vụ Tiền lương"]["active"] is False
    assert every["Vụ Tiền lương"]["merged_into"]["unit"] == "Cục Tiền lương và Bảo hiểm xã hội"
    cchc = by_name["Vụ Cải cách hành chính"]
    # Led by CCHC, as of 10/04: I.1 (2), I.2.1, I.2.2, I.3.1 (4, as a member: its own part of
    # the first quarter not recorded, so overdue), I.3.4.
    assert cchc["statuses"] == {
        "done_on_time": 2,
        "done_late": 1,
        "pending": 4,
        "overdue": 2,
        "ongoing": 0,
        "waiting": 0,
        "transferred": 0,
    }
    assert (cchc["due_so_far"], cchc["done_on_time"], cchc["done_late"]) == (4, 1, 1)
    assert cchc["on_time_rate"] == 0.25


def test_units_in_vietnamese_order_groups_last(runner) -> None:
    rows = _json(runner, ["units", "--all", *_fixture_args()])
    kinds = [row["kind"] == "group" for row in rows]
    assert kinds == sorted(kinds)  # units, then groups
    names = [row["name"] for row in rows if row["kind"] != "group"]
    assert names.index("Ban Tôn giáo Chính phủ") < names.index("Báo Dân trí")  # a < á
    assert names.index("Cục Việc làm") < names.index("Học viện Hành chính Quốc gia")
    assert names.index("Vụ Tổ chức - Biên chế") < names.index("Vụ Tổ chức cán bộ")
    assert names[-1] == "Vụ Tổ chức phi chính phủ"  # "Vụ" after "Viện", whatever the code points


def test_units_support_role(runner) -> None:
    rows = _json(runner, ["units", "--role", "support", *_fixture_args()])
    pc = next(row for row in rows if row["name"] == "Vụ Pháp chế")
    assert pc["role"] == "support" and pc["statuses"]["pending"] == 2  # II.6.1, V.2.2


def test_unit_json(runner) -> None:
    page = _json(runner, ["unit", "vu phap che", *_fixture_args()])
    assert page["unit"]["name"] == "Vụ Pháp chế" and page["as_of"] == AS_OF
    assert [r["id"] for r in page["overdue"]] == ["II.1.1"]
    assert [r["id"] for r in page["upcoming"]] == ["V.2.2", "II.6.1", "II.2"]
    assert [i["id"] for i in page["ongoing"]] == ["I.5.2"]
    assert [i["id"] for i in page["supports"]] == ["II.6.1", "V.2.2"]
    assert page["counts"]["support"]["statuses"]["pending"] == 2


def test_unit_csv_is_every_milestone_of_the_unit(runner) -> None:
    result = run(runner, ["unit", "CQĐP", "--format", "csv", *_fixture_args()])
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert {row["Mã"] for row in rows} == {"I.3.1", "IV.6"}
    assert {row["Tình trạng"] for row in rows if row["Mã"] == "IV.6"} == {"Chờ điều kiện"}


# ---------------------------------------------------------------------------------------------
# show, list


def test_show_json(runner) -> None:
    item = _json(runner, ["show", "i.1", *_fixture_args()])  # IDs in any case
    assert item["id"] == "I.1" and item["section_title"].startswith("CÔNG TÁC")
    first, second = item["milestones"]
    assert first["label"] == "Ban hành" and first["status"] == "done_on_time"
    assert first["done"] == "2024-12-30" and first["recorded_by"] == "Nguyễn Thị Lan"
    assert first["evidence"].startswith("Quyết định 971/QĐ-BNV")
    assert second["status"] == "pending" and second["done"] is None


def test_show_hides_what_was_recorded_after_the_day(runner) -> None:
    before = run(runner, ["show", "II.1.1", *_fixture_args()])
    after = run(runner, ["show", "II.1.1", *_fixture_args("2025-05-02")])
    assert "410/QĐ-BNV" not in before.stdout and "Quá hạn chưa hoàn thành" in before.stdout
    assert "410/QĐ-BNV" in after.stdout and "Hoàn thành quá hạn" in after.stdout


def test_show_condition_met(runner) -> None:
    item = _json(runner, ["show", "II.6.1", *_fixture_args()])
    assert item["condition_met"] == "2025-03-25" and item["within_days"] == 30
    assert item["met_evidence"].startswith("Thông báo")
    assert item["milestones"][0]["due"] == "2025-04-24"
    waiting = _json(runner, ["show", "II.6.1", *_fixture_args("2025-03-24")])
    assert waiting["condition_met"] is None and waiting["milestones"][0]["status"] == "waiting"


def test_show_unknown_item_suggests(runner) -> None:
    result = run(runner, ["show", "IV.33", *REAL])
    assert result.exit_code == 2
    assert "IV.3" in result.stderr and result.stdout == ""


LIST_FIELDS = {"id", "section", "task_title", "product", "lead", "support", "deadline", "note"}


def test_list_json_is_the_whole_plan(runner) -> None:
    from parplan.checks.rules import validate

    items = _json(runner, ["list", "--as-of", "2025-06-30", *REAL])
    plan = validate(PLAN, UNITS).plan
    assert [i["id"] for i in items] == [i.id.value for i in plan.items]
    for record, item in zip(items, plan.items, strict=True):
        assert LIST_FIELDS | {"milestones"} <= set(record)
        assert len(record["milestones"]) == len(item.milestones)
        for milestone in record["milestones"]:
            assert {"label", "due", "kind", "status"} <= set(milestone)
            assert milestone["kind"] in ("date", "ongoing", "conditional")
            assert milestone["status"] in STATUSES
            assert (milestone["due"] is None) == (milestone["kind"] != "date")


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--section", "iv"], ["IV.2", "IV.3", "IV.5.3", "IV.6"]),
        (["--section", "I.3"], ["I.3.1", "I.3.4"]),
        (["--status", "overdue"], ["I.3.1", "I.3.4", "II.1.1"]),
        (["--status", "Hoàn thành quá hạn"], ["I.2.1"]),
        (["--status", "waiting"], ["IV.6"]),
        (["--search", "luat to chuc chinh phu"], ["II.6.1"]),
        (["--search", "QUYẾT ĐỊNH", "--section", "II"], ["II.1.1", "II.2"]),
        (["--unit", "vp"], ["I.3.1", "II.2", "III.3.1"]),
        (["--unit", "vp", "--role", "support"], ["II.2"]),
        (["--unit", "TTTT", "--status", "pending"], ["I.3.1", "IV.5.3"]),
    ],
)
def test_list_filters(runner, args: list[str], ids: list[str]) -> None:
    assert [i["id"] for i in _json(runner, ["list", *args, *_fixture_args()])] == ids


def test_list_csv_one_row_per_milestone(runner) -> None:
    result = run(runner, ["list", "--section", "I.3", "--format", "csv", *_fixture_args()])
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    overdue, pending = "Quá hạn chưa hoàn thành", "Đang thực hiện trong hạn"
    assert [(r["Mã"], r["Mốc số"], r["Tình trạng"]) for r in rows] == [
        ("I.3.1", "1", overdue),
        ("I.3.1", "2", pending),
        ("I.3.1", "3", pending),
        ("I.3.1", "4", pending),
        ("I.3.4", "1", overdue),
    ]


# ---------------------------------------------------------------------------------------------
# Usage errors: exit 2, a message on stderr, no traceback


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["due", "--unit", "Vụ Pháp chê xyz"], "Vụ Pháp chế"),  # suggests the closest
        (["unit", "vu phap chee"], "Vụ Pháp chế"),
        (["list", "--unit", "Văn phòng Bo xyz"], "Văn phòng Bộ"),
        (["due", "--unit", "tien luong"], "Cục Tiền lương và Bảo hiểm xã hội"),  # ambiguous
        (["due", "--format", "xml"], "xml"),
        (["due", "--role", "boss", "--unit", "VP"], "boss"),
        (["overdue", "--role", "lead"], "--unit"),
        (["due", "--as-of", "2025-02-30"], "2025-02-30"),
        (["list", "--status", "late"], "done_on_time"),
        (["list", "--section", "IX"], "VII"),
        (["show", "X.1"], "X.1"),
    ],
)
def test_usage_errors(runner, args: list[str], expected: str) -> None:
    result = run(runner, [*args, *REAL])
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_unit_names_the_closest(runner) -> None:
    result = run(runner, ["due", "--unit", "Van phong Bo xyz", *REAL])
    assert result.exit_code == 2
    assert result.stderr.startswith("Không tìm thấy đơn vị 'Van phong Bo xyz'. Có phải:")
    assert "Văn phòng Bộ" in result.stderr


def test_invalid_data_exits_1(runner) -> None:
    from conftest import CASES

    plan = CASES / "invalid/plan/unknown-unit.yaml"
    units = CASES / "valid/minimal-units.yaml"
    for command in (["units"], ["list"], ["show", "I.1"], ["unit", "VP"], ["overdue"]):
        result = run(runner, [*command, "--plan", str(plan), "--units", str(units)])
        assert result.exit_code == 1, command
        assert "[unknown-unit]" in result.stderr


# ---------------------------------------------------------------------------------------------
# Help and completion


@pytest.mark.parametrize("command", ["due", "overdue", "upcoming", "unit", "units", "show", "list"])
def test_help_has_an_example(runner, command: str) -> None:
    result = run(runner, [command, "--help"], columns=200)
    assert result.exit_code == 0
    assert "Ví dụ:" in result.stdout and f"parplan {command}" in result.stdout


def test_completion_of_units_and_items(monkeypatch) -> None:
    from parplan.cli.app import _complete_unit
    from parplan.cli.views import _complete_item

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    # Shells keep only completions that start with the typed text: an unaccented start
    # completes unaccented, and the canonical name comes as the description.
    assert ("van phong bo", "Văn phòng Bộ") in _complete_unit("van ph")
    assert ("Văn phòng Bộ", "Văn phòng Bộ") in _complete_unit("Văn")
    assert all(value.startswith("vu ph") for value, _ in _complete_unit("vu ph"))
    assert _complete_item("iv.5") == ["iv.5.1", "iv.5.2", "iv.5.3"]
    assert _complete_item("IV.5") == ["IV.5.1", "IV.5.2", "IV.5.3"]
    monkeypatch.setenv("PARPLAN_PLAN", str(FIXTURE))
    assert _complete_item("IV") == ["IV.2", "IV.3", "IV.5.3", "IV.6"]


# ---------------------------------------------------------------------------------------------
# Pieces of the views


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("ngắn", 10, 1, "ngắn"),
        ("Kế hoạch kiểm soát thủ tục hành chính", 10, 1, "Kế hoạch…"),
        ("Kế hoạch kiểm soát thủ tục hành chính", 12, 2, "Kế hoạch\nkiểm soát t…"),
        ("Kế hoạch kiểm soát", 10, 2, "Kế hoạch\nkiểm soát"),
        ("  nhiều   khoảng\ntrắng ", 40, 1, "nhiều khoảng trắng"),
    ],
)
def test_clip(text: str, width: int, lines: int, expected: str) -> None:
    from parplan.render.layout import clip

    assert clip(text, width, lines) == expected
    assert all(len(line) <= width for line in clip(text, width, lines).split("\n"))


def reference_clip(text: str, width: int, lines: int) -> str:
    """``clip`` as it was written: the standard library's textwrap over the whole text (the
    oracle), in place of clip's own wrap that stops early."""
    import textwrap
    from unittest import mock

    from parplan.render import layout

    def whole(text: str, width: int, _lines: int) -> list[str]:
        return textwrap.wrap(text, width, break_on_hyphens=False)

    with mock.patch.object(layout, "_wrap", whole):
        return layout.clip(text, width, lines)


WORDS = st.lists(
    st.text(alphabet="aăbờ-.,…", min_size=1, max_size=12) | st.sampled_from(["x" * 30, "Bộ"]),
    max_size=40,
)


@settings(max_examples=2000, deadline=None)
@given(
    words=WORDS,
    spaces=st.sampled_from([" ", "  ", " \n", "\t"]),
    width=st.integers(1, 30),
    lines=st.integers(1, 5),
)
def test_clip_is_textwraps(words: list[str], spaces: str, width: int, lines: int) -> None:
    # clip wraps only as far as it shows; what it shows is textwrap's wrapping of the whole text
    from parplan.render.layout import clip

    text = spaces.join(words)
    assert clip(text, width, lines) == reference_clip(text, width, lines)


@settings(max_examples=2000, deadline=None)
@given(words=WORDS, width=st.integers(2, 30), lines=st.integers(1, 5))
def test_wrap_a_line_at_a_time_is_textwraps(words: list[str], width: int, lines: int) -> None:
    # issue 23: ``_wrap`` finds each line's last space instead of walking word by word; its
    # lines are textwrap's first ones, all of them or enough to fill what ``clip`` shows.
    import textwrap

    from parplan.render.layout import _wrap

    text = " ".join(words)  # what clip wraps: words between single spaces
    full = textwrap.wrap(text, width, break_on_hyphens=False)
    got = _wrap(text, width, lines)
    assert got == full[: len(got)]
    assert len(got) == len(full) or len(" ".join(got[lines - 1 :])) > width


def test_bar() -> None:
    from parplan.render.views import bar

    assert bar(0, 0) == "—"
    assert bar(3, 4) == "██████░░ 3/4"
    assert bar(4, 4) == "████████ 4/4"
