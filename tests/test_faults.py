"""Faults a new user met (issue 8, section 3): each with the command that showed it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app

PLAIN = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "120", "PARPLAN_LANG": None}
REAL = ["--plan", str(PLAN), "--units", str(UNITS)]


def run(runner, args: list[str]):
    return runner.invoke(app, args, env=PLAIN)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


# --status takes the short words of the tables


@pytest.mark.parametrize(
    ("typed", "statuses"),
    [
        ("quá hạn", {"overdue"}),
        ("qua han", {"overdue"}),
        ("trong hạn", {"pending"}),
        ("xong", {"done_on_time", "done_late"}),
        ("overdue", {"overdue"}),
        ("Quá hạn chưa hoàn thành", {"overdue"}),
    ],
)
def test_status_accepts_short_words(runner, typed: str, statuses: set[str]) -> None:
    result = run(runner, ["list", "--status", typed, "--as-of", "2025-07-01", "-f", "json", *REAL])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    for item in items:
        assert statuses & {m["status"] for m in item["milestones"]}


def test_status_xong_finds_the_done(runner, plan: Path) -> None:
    done = ["done", "I.5.1", "--on", "2025-03-20", "-e", "QĐ 235", "--plan", str(plan)]
    assert run(runner, done).exit_code == 0
    args = ["list", "--status", "xong", "--as-of", "2025-07-01", "-f", "json", "--plan", str(plan)]
    result = run(runner, args)
    assert result.exit_code == 0 and [i["id"] for i in json.loads(result.stdout)] == ["I.5.1"]


def test_unknown_status_is_a_usage_error(runner) -> None:
    result = run(runner, ["list", "--status", "hoàn tất", *REAL])
    assert result.exit_code == 2 and result.stdout == ""
    assert "transferred" in result.stderr


# Dates


def test_a_far_but_real_date_is_a_date(runner) -> None:
    result = run(runner, ["due", "--as-of", "9999-12-31", *REAL])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Lưu ý: ngày 31/12/9999 cách xa năm 2025 của kế hoạch.")
    assert "YYYY-MM-DD" not in result.output


def test_a_well_formed_date_that_does_not_exist(runner) -> None:
    result = run(runner, ["due", "--as-of", "2025-02-30", *REAL])
    assert result.exit_code == 2 and result.stdout == ""
    assert "2025-02-30" in result.stderr and "YYYY-MM-DD" not in result.stderr


def test_messages_give_dates_as_dd_mm_yyyy(runner, plan: Path) -> None:
    """done before the plan was issued is written, and validate's warning is printed."""
    args = ["done", "I.5.1", "--on", "2024-06-01", "-e", "QĐ 1", "--plan", str(plan)]
    result = run(runner, args)
    assert result.exit_code == 0, result.output
    assert "done: 2024-06-01" in plan.read_text(encoding="utf-8")
    assert "[done-before-issued]" in result.stderr
    assert "01/06/2024" in result.stderr and "30/12/2024" in result.stderr
    english = run(runner, ["validate", "--lang", "en", "--plan", str(plan)])
    assert "2024-06-01" in english.stdout  # ISO in English, where dd/mm reads as mm/dd


# met on an item that waits on another


def test_met_on_an_after_item_is_refused(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = run(runner, ["met", "IV.3", "--on", "2025-03-01", "-e", "NĐ 25", "--plan", str(plan)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "IV.2" in result.stderr
    assert plan.read_bytes() == before


# --search by whole words, quoted phrases adjacent


def _ids(runner, search: str) -> list[str]:
    result = run(runner, ["list", "--search", search, "--as-of", "2025-07-01", "-f", "json", *REAL])
    assert result.exit_code == 0, result.output
    return [item["id"] for item in json.loads(result.stdout)]


def test_search_matches_whole_words() -> None:
    """III.1 "Kế hoạch kiểm soát thủ tục hành chính …" has "soát" but no word "so"."""
    from parplan.io.loader import load_plan
    from parplan.query.status import matches_search

    plan, _ = load_plan(PLAN)
    assert not matches_search(plan.item("III.1"), "so")
    assert matches_search(plan.item("III.1"), "soat")
    assert matches_search(plan.item("III.1"), "KIỂM SOÁT")


def test_search_so_leaves_out_soat(runner) -> None:
    ids = _ids(runner, "so")
    assert "III.1" not in ids and "III.3.4" not in ids and "IV.5.1" not in ids
    assert "V.4.4" in ids  # "Nghị quyết số 1157/NQ-UBTVQH15"


def test_search_quoted_phrase_is_adjacent_words(runner) -> None:
    """V.4.4 has "chuyên đề", "đổi" and "số 1157" but not the phrase "chuyển đổi số"."""
    loose = _ids(runner, "chuyen doi so")
    phrase = _ids(runner, '"chuyển đổi số"')
    assert "V.4.4" in loose and "V.4.4" not in phrase
    assert phrase and set(phrase) < set(loose)
    from parplan.core.text import fold
    from parplan.io.loader import load_plan

    plan, _ = load_plan(PLAN)
    for item_id in phrase:
        item = plan.item(item_id)
        texts = fold(" ".join([item.product, item.task_title, item.section_title, item.note or ""]))
        assert "chuyen doi so" in " ".join(texts.split())


# An empty plan file


def test_empty_plan_is_one_clear_error(runner, tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    empty = tmp_path / "plan.yaml"
    empty.write_text("", encoding="utf-8")
    result = run(runner, ["validate", "--plan", str(empty)])
    assert result.exit_code == 1
    assert result.stdout == f"{empty}:1:1: error: tệp kế hoạch rỗng [file-empty]\n"
    assert "unit-unused" not in result.output


@pytest.mark.parametrize("content", ["", "# chỉ có chú thích\n", "plan: [\n"])
def test_fmt_refuses_an_empty_or_invalid_file(runner, tmp_path: Path, content: str) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(content, encoding="utf-8")
    result = run(runner, ["fmt", str(path)])
    assert result.exit_code == 1
    assert "không cần thay đổi" not in result.output
    assert "Không ghi tệp nào" in result.stderr
    assert path.read_text(encoding="utf-8") == content


# Texts cut where it matters


def test_list_statuses_are_never_cut(runner) -> None:
    """As of 01/07/2025 I.3.1 has two quarters overdue and two open: "2 quá hạn, 2 trong hạn"
    wraps in its column but is whole."""
    result = runner.invoke(
        app,
        ["list", "--section", "I.3", "--as-of", "2025-07-01", *REAL],
        env={**PLAIN, "COLUMNS": "100"},
    )
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()[3:5]
    assert first.startswith("I.3.1") and first.endswith("2 quá hạn, 2")
    assert second.split("  ")[-1] == "trong hạn"  # a cut cell would end in "…"


def test_due_for_a_unit_drops_the_columns_that_repeat_it(runner) -> None:
    args = ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-03-15", *REAL]
    result = runner.invoke(app, args, env={**PLAIN, "COLUMNS": "80"})
    header = result.stdout.splitlines()[1]
    assert "Chủ trì" not in header and "Vai trò" not in header
    supported = ["due", "--unit", "PC", "--within", "365", "--as-of", "2025-03-15", *REAL]
    lines = runner.invoke(app, supported, env={**PLAIN, "COLUMNS": "80"}).stdout.splitlines()
    # the header's lines, down to the rule (two when a report's legal deadline is shown)
    header = " ".join(lines[1 : next(n for n, line in enumerate(lines) if line.startswith("─"))])
    assert "Vai trò" in header  # it supports some of them: the role column says which
