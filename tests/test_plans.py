"""Several plans in one repository (issue 13 §3) and finding the plan from any folder (issue 8
§3): discovery, the choice by year or by today, the views' header, ``plans``, and ``validate``
and ``fmt --check`` over every plan. Expected values are written by hand."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, ROOT, UNITS

from parplan.cli.app import app
from parplan.io.plans import (
    PlanChoiceError,
    PlanFile,
    choose_plan,
    find_plan_directory,
    header_years,
)


@pytest.fixture(autouse=True)
def _no_plan_env(monkeypatch) -> None:
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)


def _today(monkeypatch, day: date) -> None:
    for module in ("parplan.cli.app", "parplan.cli.views", "parplan.cli.plans"):
        monkeypatch.setattr(f"{module}.today", lambda: day)


PLAN_2026 = """\
# yaml-language-server: $schema=../schema/plan.schema.json
plan:
  title: Kế hoạch cải cách hành chính năm 2026 của Bộ Nội vụ
  decision: 1000/QĐ-BNV
  year: 2026
sections:
  - id: I
    title: CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH
    tasks:
      - id: I.1
        title: Kế hoạch CCHC năm 2026
        product: Kế hoạch CCHC năm 2026 của Bộ Nội vụ.
        lead:
          - Vụ Cải cách hành chính
        support:
          - Văn phòng Bộ
        deadline: Tháng 3/2026
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A repository holding the 2025 plan and a one-item 2026 plan; the working directory."""
    (tmp_path / ".git").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(PLAN, data / "plan-2025.yaml")
    shutil.copy(UNITS, data / "units.yaml")
    (data / "plan-2026.yaml").write_text(PLAN_2026, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------------
# The library: periods and the choice


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ({"year": 2025}, (2025, 2025)),
        ({"period": "2026-2030"}, (2026, 2030)),
        ({"period": "2026 - 2030", "year": 2026}, (2026, 2030)),
        ({"period": "2030-2026", "year": 2026}, (2026, 2026)),  # backwards: the year decides
        ({"title": "x"}, None),
    ],
)
def test_header_years(header: dict, expected) -> None:
    assert header_years(header) == expected


def _plans() -> list[PlanFile]:
    return [
        PlanFile(Path("data/plan-2025.yaml"), 2025, 2025),
        PlanFile(Path("data/plan-2026-2030.yaml"), 2026, 2030),
        PlanFile(Path("data/plan-2026.yaml"), 2026, 2026),
    ]


@pytest.mark.parametrize(
    ("today", "year", "expected"),
    [
        (date(2025, 6, 1), None, "plan-2025.yaml"),  # today's plan
        (date(2026, 3, 1), None, "plan-2026.yaml"),  # the annual plan before the programme
        (date(2027, 5, 1), None, "plan-2026-2030.yaml"),  # only the programme holds 2027
        (date(2031, 1, 1), None, "plan-2026-2030.yaml"),  # none: the latest to end
        (date(2024, 1, 1), None, "plan-2026-2030.yaml"),
        (date(2026, 3, 1), 2025, "plan-2025.yaml"),  # --year wins over today
        (date(2026, 3, 1), 2028, "plan-2026-2030.yaml"),
    ],
)
def test_choose_plan(today: date, year, expected: str) -> None:
    assert choose_plan(_plans(), today, year).path.name == expected


def test_choose_plan_of_a_year_without_plan() -> None:
    with pytest.raises(PlanChoiceError) as raised:
        choose_plan(_plans(), date(2026, 3, 1), 2024)
    assert raised.value.key == "plans.no-year"
    assert raised.value.values["plans"] == (
        "plan-2025.yaml (2025), plan-2026-2030.yaml (2026-2030), plan-2026.yaml (2026)"
    )


def test_search_stops_at_the_git_root(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan-2025.yaml").write_text("plan: {}\n", encoding="utf-8")
    inner = tmp_path / "project"
    (inner / ".git").mkdir(parents=True)
    (inner / "docs").mkdir()
    assert find_plan_directory(inner / "docs") is None  # the plan above the repository is not its
    assert find_plan_directory(tmp_path) == tmp_path.resolve()


# ---------------------------------------------------------------------------------------------
# Run from anywhere (issue 8 §3)


def test_due_from_the_data_folder_is_the_due_of_the_repository(runner, monkeypatch) -> None:
    env = {"COLUMNS": "100"}
    args = ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-03-15"]
    expected = runner.invoke(app, [*args, "--plan", str(PLAN)], env=env)
    monkeypatch.chdir(ROOT / "data")
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected.stdout
    assert result.stdout.startswith(
        "Văn phòng Bộ: việc đến hạn đến 14/04/2025 (tính đến 15/03/2025)\n"
    )
    assert result.stderr == ""


def test_validate_from_a_subfolder_names_the_plan_as_found(runner, monkeypatch) -> None:
    monkeypatch.chdir(ROOT / "data" / "source")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "../plan-2025.yaml: hợp lệ (132 mục, 26 đơn vị)\n"


def test_no_plan_found_is_a_usage_error_saying_so(runner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["due"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"Không tìm thấy kế hoạch: không có tệp data/plan-*.yaml trong thư mục {tmp_path} hay "
        "các thư mục cha của nó (đến gốc kho git). Hãy chạy lệnh trong kho kế hoạch, hoặc chỉ rõ "
        "--plan TỆP (parplan init THƯ_MỤC tạo một kho mới).\n"
    )
    english = runner.invoke(app, ["validate", "--lang", "en"])
    assert english.exit_code == 2
    assert english.stderr.startswith(f"No plan found: no data/plan-*.yaml in {tmp_path} or")
    assert "the data has errors" not in english.stderr


# ---------------------------------------------------------------------------------------------
# Several plans


def test_default_plan_is_the_one_of_today_and_the_header_says_so(
    runner, repo: Path, monkeypatch
) -> None:
    _today(monkeypatch, date(2026, 3, 1))
    result = runner.invoke(app, ["due", "--as-of", "2026-03-01"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Kế hoạch: 1000/QĐ-BNV (2026) · data/plan-2026.yaml"
    assert lines[1] == "Việc đến hạn đến 31/03/2026 (tính đến 01/03/2026)"
    assert lines[4].split()[:2] == ["I.1", "Kế"] and "31/03/2026" in lines[4]
    # In 2025, the 2025 plan; --year picks another.
    _today(monkeypatch, date(2025, 6, 1))
    result = runner.invoke(app, ["due", "--as-of", "2025-03-15", "-f", "md"])
    assert result.exit_code == 0
    assert "Kế hoạch: 971/QĐ-BNV (2025) · data/plan-2025.yaml" in result.stdout
    result = runner.invoke(app, ["show", "I.1", "--year", "2026", "-f", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["deadline"] == "Tháng 3/2026"


def test_year_without_a_plan_and_plan_with_year_are_usage_errors(runner, repo: Path) -> None:
    result = runner.invoke(app, ["due", "--year", "2024"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Không có kế hoạch nào của năm 2024; các kế hoạch có: "
        "plan-2025.yaml (2025), plan-2026.yaml (2026).\n"
    )
    result = runner.invoke(app, ["due", "--plan", "data/plan-2025.yaml", "--year", "2026"])
    assert result.exit_code == 2
    assert result.stderr == (
        "--year 2026 không khớp với kế hoạch data/plan-2025.yaml (2025): dùng --plan hoặc "
        "--year, hoặc cả hai khi chúng khớp nhau.\n"
    )


def test_named_plan_has_no_header(runner, repo: Path) -> None:
    result = runner.invoke(
        app,
        ["due", "--plan", "data/plan-2026.yaml", "--as-of", "2026-03-01"],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("Việc đến hạn đến 31/03/2026")


def test_plans_lists_every_plan(runner, repo: Path, monkeypatch) -> None:
    _today(monkeypatch, date(2026, 3, 1))
    result = runner.invoke(app, ["plans", "--as-of", "2026-03-01", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["as_of"] == "2026-03-01"
    rows = {row["file"]: row for row in payload["plans"]}
    assert list(rows) == ["data/plan-2025.yaml", "data/plan-2026.yaml"]
    first, second = rows["data/plan-2025.yaml"], rows["data/plan-2026.yaml"]
    assert (first["decision"], first["period"], first["items"]) == ("971/QĐ-BNV", "2025", 132)
    assert (second["decision"], second["period"], second["items"]) == ("1000/QĐ-BNV", "2026", 1)
    assert (first["default"], second["default"]) == (False, True)
    # Tháng 3/2026 is due on 31/03/2026: pending on 01/03/2026.
    assert second["statuses"] == {
        "done_on_time": 0,
        "done_late": 0,
        "pending": 1,
        "overdue": 0,
        "ongoing": 0,
        "waiting": 0,
    }
    table = runner.invoke(app, ["plans", "--as-of", "2026-03-01"], env={"COLUMNS": "100"})
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0] == "Các kế hoạch trong kho, tại ngày 01/03/2026"
    mine = [line.split() for line in lines if line.startswith("* data/")]
    assert mine == [["*", "data/plan-2026.yaml", "1000/QĐ-BNV", "2026", "1", "1", "trong", "hạn"]]
    assert lines[-1] == "* kế hoạch các lệnh dùng khi không có --plan hay --year"


def test_validate_and_fmt_check_cover_every_plan(runner, repo: Path) -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "data/plan-2025.yaml: hợp lệ (132 mục, 26 đơn vị)",
        "data/plan-2026.yaml: hợp lệ (1 mục, 26 đơn vị)",
    ]
    result = runner.invoke(app, ["fmt", "--check"])
    assert result.exit_code == 0
    assert result.stderr == "3 tệp đã đúng định dạng.\n"
    # A misspelt unit in the 2026 plan and a layout fmt would change are both found without
    # naming the file; --year checks one plan.
    broken = PLAN_2026.replace("          - Văn phòng Bộ\n", "          - Văn phòng Bo\n")
    (repo / "data" / "plan-2026.yaml").write_text(broken.replace("  year:", "  year:  "), "utf-8")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stdout == (
        "data/plan-2026.yaml:16:13: error: đơn vị không có trong danh mục: 'Văn phòng Bo' "
        "(có phải 'Văn phòng Bộ', 'Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo'?) "
        "[unknown-unit]\n"
    )
    assert result.stderr == "1 lỗi, 0 cảnh báo, 0 thông tin\n"
    assert runner.invoke(app, ["validate", "--year", "2025"]).exit_code == 0
    result = runner.invoke(app, ["fmt", "--check"])
    assert result.exit_code == 1
    assert result.stdout == "data/plan-2026.yaml\n"


def test_done_from_the_data_folder_records_in_the_plan_found(
    runner, repo: Path, monkeypatch
) -> None:
    monkeypatch.chdir(repo / "data")
    args = ["done", "I.5.1", "--year", "2025", "--on", "2025-03-20", "--evidence", "QĐ 235/QĐ-BNV"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    # The record follows I.5.1's deadline line in data/plan-2025.yaml (counted there: the
    # decision's body before ``sections:`` moves it as it grows).
    before = (repo / "data" / "plan-2025.yaml").read_text(encoding="utf-8").split("\n")
    deadline = before.index("      - id: I.5", 0) + 1
    deadline = next(n for n in range(deadline, len(before)) if "deadline:" in before[n]) + 1
    assert result.stdout.startswith(
        "Đã sửa plan-2025.yaml:\n"
        f"+ {deadline + 1}:             done: 2025-03-20\n"
        f"+ {deadline + 2}:             evidence: QĐ 235/QĐ-BNV\n"
    )
    text = (repo / "data" / "plan-2025.yaml").read_text(encoding="utf-8")
    assert "            done: 2025-03-20\n            evidence: QĐ 235/QĐ-BNV\n" in text


def test_plans_shows_a_plan_with_errors_as_such(runner, repo: Path, monkeypatch) -> None:
    _today(monkeypatch, date(2026, 3, 1))
    broken = PLAN_2026.replace("deadline: Tháng 3/2026", "deadline: Tháng 3/2026; Tháng 13/2026")
    (repo / "data" / "plan-2026.yaml").write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["plans", "-f", "json"])
    assert result.exit_code == 0
    second = json.loads(result.stdout)["plans"][1]
    assert (second["file"], second["valid"], second["statuses"]) == (
        "data/plan-2026.yaml",
        False,
        None,
    )
    table = runner.invoke(app, ["plans"], env={"COLUMNS": "120"})
    assert "có lỗi: parplan validate --plan data/plan-2026.yaml" in table.stdout


@pytest.mark.parametrize("command", ["plans", "carry", "init"])
def test_new_commands_have_help_with_an_example(runner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Ví dụ:" in result.stdout and f"parplan {command}" in result.stdout


def test_show_in_markdown_says_which_plan_it_shows(runner, repo: Path, monkeypatch) -> None:
    _today(monkeypatch, date(2026, 1, 6))
    plan = repo / "data" / "plan-2026.yaml"
    plan.write_text(PLAN_2026.replace("1000/QĐ-BNV", '"<b>1000</b>/QĐ-BNV"'), encoding="utf-8")
    due = runner.invoke(app, ["due", "--format", "md"])
    assert due.exit_code == 0, due.output
    assert due.stdout.splitlines()[2].startswith("> Kế hoạch: ")
    shown = runner.invoke(app, ["show", "I.1", "--format", "md"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[:4] == [
        "### I.1 — Kế hoạch CCHC năm 2026 của Bộ Nội vụ.",
        "",
        "> Kế hoạch: \\<b\\>1000\\</b\\>/QĐ-BNV (2026) · data/plan-2026.yaml",
        "",
    ]


def test_a_header_is_read_as_scalars_only(tmp_path: Path) -> None:
    # Choosing a plan reads every sibling's header: a decision or period that is a list (an
    # alias bomb, in the worst case) must not be turned into text — that took seconds, or
    # forever, for every command run without --plan. The loader reports it (wrong-type).
    from parplan.io.plans import read_header

    bomb = "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 10)}]\n"
        for previous, name in zip("abcdefg", "bcdefgh", strict=True)
    )
    path = tmp_path / "plan-2027.yaml"
    path.write_text(
        'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n'
        + bomb
        + "plan:\n  title: T\n  decision: *h\n  period: *h\n  year: 2027\nsections: []\n",
        encoding="utf-8",
    )
    header = read_header(path)
    assert (header.decision, header.first_year, header.last_year) == ("", 2027, 2027)


def test_one_plan_is_chosen_without_reading_its_header(tmp_path: Path, monkeypatch) -> None:
    """Every command run without --plan finds its plan; with one plan in the repository there
    is nothing to choose, and its header (now 60 lines of YAML) is not parsed for it."""
    from parplan.io import plans

    (tmp_path / ".git").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "plan-2025.yaml").write_text("plan: [not, read]\n", "utf-8")

    def unread(path: Path) -> plans.PlanFile:
        raise AssertionError(f"read the header of {path}")

    monkeypatch.setattr(plans, "read_header", unread)
    found = plans.discover(tmp_path, date(2026, 12, 1), headers=False)
    assert (found.path, found.chosen.first_year, found.chosen.last_year) == (
        Path("data/plan-2025.yaml"),
        2025,
        2025,
    )
    with pytest.raises(AssertionError):  # choosing by year reads the headers
        plans.discover(tmp_path, date(2026, 12, 1), year=2025, headers=False)


@pytest.mark.parametrize(
    "header_line",
    [
        "  title: !!timestamp x",  # PyYAML's constructor crashed on it (found by the long fuzz run)
        "  title: !custom hello",
        "  title: &a [*a]",
        "  year: !!int abc",
    ],
)
def test_a_header_the_loader_refuses_is_read_from_the_file_name(
    runner, repo: Path, monkeypatch, header_line: str
) -> None:
    """A plan header with a tag or an alias is not constructed: ``plans`` lists the plan with
    the years of its file name, and the plan's own errors are for ``validate`` to say."""
    plan = repo / "data" / "plan-2025.yaml"
    text = plan.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("  title:"))
    plan.write_text(text.replace(first, header_line, 1), encoding="utf-8")
    from parplan.io.plans import read_header

    header = read_header(plan)
    assert (header.first_year, header.last_year, header.decision) == (2025, 2025, "")
    _today(monkeypatch, date(2026, 3, 1))
    result = runner.invoke(app, ["plans", "--as-of", "2026-03-01", "-f", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
