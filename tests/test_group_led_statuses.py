"""Mutant S7 (docs/mutation.md): a group-led item whose members have all recorded their own
part is done in every command, not only in those that were given the unit index: ``carry``
(which items are still open), ``plans`` (the tallies), ``late`` without ``--milestone`` (the
overdue milestone) and ``show``'s carry lines.

The plan is tiny and the expected values are worked out by hand. "Nhóm thử" has two members,
Văn phòng Bộ and Vụ Pháp chế. As of 10/01/2026:
- I.1 (led by the group, due 31/03/2025 and 30/06/2025): both members did the March report on
  20/03/2025 (on time); nobody did June's (overdue since 30/06/2025).
- I.2 (led by the group, due 31/03/2025): both members done on 20/03/2025, on time: finished.
- I.3 (led by Văn phòng Bộ, due 30/06/2025): not done, overdue.

The same for each command on the real plan (data/plan-2025.yaml, data/units.yaml), with the
group-led items IV.5.3 and I.3.1 (see below), and the library's rule under them: without the
unit index, a member's own part is never taken for the whole item's completion.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import validate
from parplan.cli.app import app
from parplan.query.status import Status, completion_of, rows_as_of

UNITS_TEXT = """\
units:
  - name: Văn phòng Bộ
    short: VP
    kind: administrative

  - name: Vụ Pháp chế
    short: PC
    kind: administrative

groups:
  - name: Nhóm thử
    members:
      - Văn phòng Bộ
      - Vụ Pháp chế
"""

PLAN_2025 = """\
plan:
  title: Kế hoạch thử năm 2025
  decision: 1/QĐ-THU
  issued: 2024-12-30
  year: 2025
sections:
  - id: I
    title: PHẦN THỬ
    tasks:
      - id: I.1
        title: Báo cáo của các đơn vị
        product: Báo cáo quý.
        lead:
          - Nhóm thử
        support: []
        deadline: Tháng 3/2025; Tháng 6/2025
        progress:
          - {milestone: 1, unit: Văn phòng Bộ, done: 2025-03-20, evidence: BC 1}
          - {milestone: 1, unit: Vụ Pháp chế, done: 2025-03-20, evidence: BC 2}

      - id: I.2
        title: Việc nhóm đã xong
        product: Báo cáo A.
        lead:
          - Nhóm thử
        support: []
        deadline: Tháng 3/2025
        progress:
          - {milestone: 1, unit: Văn phòng Bộ, done: 2025-03-20, evidence: BC 3}
          - {milestone: 1, unit: Vụ Pháp chế, done: 2025-03-20, evidence: BC 4}

      - id: I.3
        title: Việc còn dở
        product: Quy chế B.
        lead:
          - Văn phòng Bộ
        support: []
        deadline: Tháng 6/2025
"""

PLAN_2026 = """\
plan:
  title: Kế hoạch thử năm 2026
  decision: 2/QĐ-THU
  year: 2026
sections: []
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    for module in ("parplan.cli.app", "parplan.cli.views", "parplan.cli.plans"):
        monkeypatch.setattr(f"{module}.today", lambda: date(2026, 1, 10))
    (tmp_path / ".git").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.yaml").write_text(UNITS_TEXT, encoding="utf-8")
    (data / "plan-2025.yaml").write_text(PLAN_2025, encoding="utf-8")
    (data / "plan-2026.yaml").write_text(PLAN_2026, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return data


def test_the_tiny_plan_is_valid(runner, repo: Path) -> None:
    result = runner.invoke(app, ["validate", "--year", "2025"])
    assert result.exit_code == 0, result.output


def test_carry_leaves_a_group_led_item_every_member_finished(runner, repo: Path) -> None:
    result = runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Đã chuyển tiếp 2 mục từ data/plan-2025.yaml sang data/plan-2026.yaml (ngày 05/01/2026):"
    )
    assert lines[1:3] == ["  I.1 → I.1", "  I.3 → I.2"]
    assert "carried_from: 1/QĐ-THU I.2" not in (repo / "plan-2026.yaml").read_text("utf-8")
    # Named, the finished item is refused and nothing is written.
    before = (repo / "plan-2025.yaml").read_text("utf-8")
    named = runner.invoke(
        app, ["carry", "--from", "2025", "--to", "2026", "I.2", "--on", "2026-01-05"]
    )
    assert named.exit_code != 0
    assert "I.2" in named.stderr
    assert (repo / "plan-2025.yaml").read_text("utf-8") == before


def test_plans_counts_the_members_parts(runner, repo: Path) -> None:
    result = runner.invoke(app, ["plans", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    by_file = {record["file"]: record for record in json.loads(result.stdout)["plans"]}
    counts = by_file["data/plan-2025.yaml"]["statuses"]
    # I.1 March and I.2 done on time; I.1 June and I.3 overdue.
    assert counts["done_on_time"] == 2
    assert counts["overdue"] == 2
    assert sum(counts.values()) == 4


def test_late_without_milestone_picks_the_only_milestone_still_overdue(runner, repo: Path) -> None:
    result = runner.invoke(
        app,
        [
            "late",
            "I.1",
            "--reason",
            "Chờ số liệu",
            "--on",
            "2025-07-01",
            "--plan",
            "data/plan-2025.yaml",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith(
        "Đã sửa data/plan-2025.yaml:\n"
        "+ 20:         late:\n"
        "+ 21:           - {milestone: Tháng 6/2025, reason: Chờ số liệu, on: 2025-07-01}\n"
    )
    assert (repo / "plan-2025.yaml").read_text("utf-8") == PLAN_2025.replace(
        "          - {milestone: 1, unit: Vụ Pháp chế, done: 2025-03-20, evidence: BC 2}\n",
        "          - {milestone: 1, unit: Vụ Pháp chế, done: 2025-03-20, evidence: BC 2}\n"
        "        late:\n"
        "          - {milestone: Tháng 6/2025, reason: Chờ số liệu, on: 2025-07-01}\n",
    )


def test_show_gives_the_other_sides_status_from_its_members(runner, repo: Path) -> None:
    carried = runner.invoke(
        app, ["carry", "--from", "2025", "--to", "2026", "I.1", "--on", "2026-01-05"]
    )
    assert carried.exit_code == 0, carried.output
    for unit in ("VP", "PC"):
        done = runner.invoke(
            app,
            ["done", "I.1", "--unit", unit, "--on", "2026-01-08", "-e", "BC", "--year", "2026"],
        )
        assert done.exit_code == 0, done.output
    env = {"COLUMNS": "200"}
    old = runner.invoke(app, ["show", "I.1", "--year", "2025", "--as-of", "2026-01-09"], env=env)
    assert old.exit_code == 0, old.output
    assert (
        "Đã chuyển tiếp sang 2/QĐ-THU I.1 ngày 05/01/2026 — data/plan-2026.yaml: "
        "xong đúng hạn\n" in old.stdout
    ), old.stdout


# ---------------------------------------------------------------------------------------------
# The same, on the real plan (data/plan-2025.yaml, data/units.yaml)
#
# IV.5.3 is led by "Các đơn vị sự nghiệp trực thuộc Bộ" (the registry's units of kind
# public_service), "Tháng 6/2025": one milestone, due 30/06/2025. On that day the group's
# members are, from data/units.yaml: Viện Khoa học tổ chức nhà nước, Tạp chí Tổ chức nhà nước,
# Trung tâm Thông tin (each renamed on 01/03/2025) and Báo Dân trí (established 01/03/2025);
# Học viện Hành chính Quốc gia left on 31/01/2025 and owes nothing. The real plan records
# nothing for it: as of 10/01/2026 it is overdue. With the four parts recorded on 20/06/2025 it
# is done on time.
#
# I.3.1 is led by "Các đơn vị thuộc, trực thuộc Bộ" (every unit of kind administrative or
# public_service), with the reporting calendar's working deadlines: Q1 due 20/03/2025, the
# half year 20/06/2025, Q3 20/09/2025, the year 20/12/2025. On 20/03/2025 the group's members
# are the 22 units below (Vụ Tiền lương merged into Cục Tiền lương và Bảo hiểm xã hội and Ban
# Tôn giáo Chính phủ left on 01/03/2025, Học viện Hành chính Quốc gia on 31/01/2025; the four
# Cục and Báo Dân trí were established on 01/03/2025; Vụ Cải cách hành chính - Văn phòng Ban
# Chỉ đạo is a role, not a unit of the group).

SERVICE_UNITS = (
    "Viện Khoa học tổ chức nhà nước",
    "Tạp chí Tổ chức nhà nước",
    "Trung tâm Thông tin",
    "Báo Dân trí",
)
MINISTRY_UNITS_ON_20_03_2025 = (
    "Vụ Tổ chức - Biên chế",
    "Vụ Chính quyền địa phương",
    "Vụ Công chức - Viên chức",
    "Vụ Tổ chức phi chính phủ",
    "Vụ Cải cách hành chính",
    "Vụ Hợp tác quốc tế",
    "Vụ Pháp chế",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Công tác thanh niên",
    "Vụ Tổ chức cán bộ",
    "Thanh tra Bộ",
    "Văn phòng Bộ",
    "Cục Văn thư và Lưu trữ nhà nước",
    "Ban Thi đua - Khen thưởng Trung ương",
    "Cục Tiền lương và Bảo hiểm xã hội",
    "Cục Việc làm",
    "Cục Quản lý lao động ngoài nước",
    "Cục Người có công",
    *SERVICE_UNITS,
)
EMPTY_2026 = """\
plan:
  title: Kế hoạch cải cách hành chính năm 2026 của Bộ Nội vụ
  decision: 1000/QĐ-BNV
  year: 2026
sections: []
"""


def _with_parts(text: str, item_id: str, milestone: int, units: tuple[str, ...], on: str) -> str:
    """The plan's text with each of ``units`` recording its own part of the item's milestone
    (a ``progress`` list after the item's ``deadline:`` line, in fmt's layout)."""
    start = text.index(f"          - id: {item_id}\n")
    end = text.index("\n", text.index("            deadline: ", start)) + 1
    assert "progress:" not in text[start:end]  # the real plan records nothing for it
    lines = ["            progress:\n"] + [
        f"              - {{milestone: {milestone}, unit: {unit}, done: {on}, evidence: BC}}\n"
        for unit in units
    ]
    return text[:end] + "".join(lines) + text[end:]


@pytest.fixture
def real(tmp_path: Path, monkeypatch) -> Path:
    """A repository holding the real 2025 plan and registry and an empty 2026 plan, on
    10/01/2026; the working directory. Returns the data folder."""
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    for module in ("parplan.cli.app", "parplan.cli.views", "parplan.cli.plans"):
        monkeypatch.setattr(f"{module}.today", lambda: date(2026, 1, 10))
    (tmp_path / ".git").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(PLAN, data / "plan-2025.yaml")
    shutil.copy(UNITS, data / "units.yaml")
    (data / "plan-2026.yaml").write_text(EMPTY_2026, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return data


def _record(data: Path, item_id: str, milestone: int, units: tuple[str, ...], on: str) -> None:
    path = data / "plan-2025.yaml"
    path.write_text(_with_parts(path.read_text("utf-8"), item_id, milestone, units, on), "utf-8")


def test_real_plan_with_the_members_parts_is_valid(runner, real: Path) -> None:
    _record(real, "IV.5.3", 1, SERVICE_UNITS, "2025-06-20")
    _record(real, "I.3.1", 1, MINISTRY_UNITS_ON_20_03_2025, "2025-03-18")
    result = runner.invoke(app, ["validate", "--year", "2025"])
    assert result.exit_code == 0, result.output


def test_real_plan_carry_leaves_iv53_once_its_four_members_are_done(runner, real: Path) -> None:
    # Three of four parts: IV.5.3 is still open, and carried when named.
    original = (real / "plan-2025.yaml").read_text("utf-8")
    _record(real, "IV.5.3", 1, SERVICE_UNITS[:3], "2025-06-20")
    three = runner.invoke(
        app, ["carry", "--from", "2025", "--to", "2026", "IV.5.3", "--on", "2026-01-05"]
    )
    assert three.exit_code == 0, three.output
    assert three.stdout.splitlines()[1] == "  IV.5.3 → I.1"
    # The fourth part: finished. Named, it is refused and nothing is written; unnamed, every
    # unfinished item is carried but IV.5.3 (IV.5.2, same group, nothing recorded, is).
    (real / "plan-2025.yaml").write_text(original, "utf-8")
    (real / "plan-2026.yaml").write_text(EMPTY_2026, "utf-8")
    _record(real, "IV.5.3", 1, SERVICE_UNITS, "2025-06-20")
    done = (real / "plan-2025.yaml").read_text("utf-8")
    named = runner.invoke(
        app, ["carry", "--from", "2025", "--to", "2026", "IV.5.3", "--on", "2026-01-05"]
    )
    assert named.exit_code == 2, named.output
    assert named.stdout == ""
    assert "IV.5.3" in named.stderr
    assert (real / "plan-2025.yaml").read_text("utf-8") == done
    assert (real / "plan-2026.yaml").read_text("utf-8") == EMPTY_2026
    every = runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"])
    assert every.exit_code == 0, every.output
    assert every.stderr == ""
    carried = [line.split()[0] for line in every.stdout.splitlines() if " → " in line]
    assert "IV.5.2" in carried
    assert "IV.5.3" not in carried
    assert "carried_from: 971/QĐ-BNV IV.5.3" not in (real / "plan-2026.yaml").read_text("utf-8")


def _statuses_2025(runner) -> dict[str, int]:
    result = runner.invoke(app, ["plans", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    by_file = {record["file"]: record for record in json.loads(result.stdout)["plans"]}
    counts: dict[str, int] = by_file["data/plan-2025.yaml"]["statuses"]
    return counts


def test_real_plan_plans_counts_iv53_done_once_its_four_members_are(runner, real: Path) -> None:
    before = _statuses_2025(runner)
    _record(real, "IV.5.3", 1, SERVICE_UNITS, "2025-06-20")
    after = _statuses_2025(runner)
    # IV.5.3's one milestone moves from overdue to done on time; nothing else changes.
    expected = dict(before)
    expected["overdue"] -= 1
    expected["done_on_time"] += 1
    assert after == expected


def test_real_plan_late_picks_the_half_year_once_every_member_did_q1(runner, real: Path) -> None:
    # On 01/07/2025 I.3.1's Q1 (20/03) and half year (20/06) are both past; with every member's
    # Q1 report recorded, only the half year is overdue: late takes it without --milestone.
    _record(real, "I.3.1", 1, MINISTRY_UNITS_ON_20_03_2025, "2025-03-18")
    before = (real / "plan-2025.yaml").read_text("utf-8")
    result = runner.invoke(
        app,
        [
            "late",
            "I.3.1",
            "--reason",
            "Chờ số liệu",
            "--on",
            "2025-07-01",
            "--plan",
            "data/plan-2025.yaml",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    last = "              - {milestone: 1, unit: Báo Dân trí, done: 2025-03-18, evidence: BC}\n"
    late = (
        "            late:\n"
        "              - {milestone: Tháng 6/2025, reason: Chờ số liệu, on: 2025-07-01}\n"
    )
    assert (real / "plan-2025.yaml").read_text("utf-8") == before.replace(last, last + late)


def test_real_plan_show_gives_the_carried_iv53_done_by_its_members(runner, real: Path) -> None:
    # IV.5.3, overdue, is carried into the 2026 plan (as I.1, due "Năm 2026": 31/12/2026); the
    # four members record their parts there on 08/01/2026. The old item's carry line gives the
    # new one's status: done on time.
    carried = runner.invoke(
        app, ["carry", "--from", "2025", "--to", "2026", "IV.5.3", "--on", "2026-01-05"]
    )
    assert carried.exit_code == 0, carried.output
    for unit in SERVICE_UNITS:
        done = runner.invoke(
            app,
            ["done", "I.1", "--unit", unit, "--on", "2026-01-08", "-e", "BC", "--year", "2026"],
        )
        assert done.exit_code == 0, done.output
    env = {"COLUMNS": "200"}
    old = runner.invoke(app, ["show", "IV.5.3", "--year", "2025", "--as-of", "2026-01-09"], env=env)
    assert old.exit_code == 0, old.output
    assert (
        "Đã chuyển tiếp sang 1000/QĐ-BNV I.1 ngày 05/01/2026 — data/plan-2026.yaml: "
        "xong đúng hạn\n" in old.stdout
    ), old.stdout


def test_real_plan_a_members_part_is_never_the_whole_items(real: Path) -> None:
    """The library's rule under all of the above (mutant S7): a member's own record (``unit:``)
    is that member's part, never the item's completion. With the unit index, IV.5.3 with its
    four members' parts (20/06/2025, due 30/06/2025) is done on time on 10/01/2026; without it
    (the registry unknown, so its members too) only a completion of the whole item would count,
    and there is none: it stays overdue, whichever member recorded first."""
    _record(real, "IV.5.3", 1, SERVICE_UNITS, "2025-06-20")
    loaded = validate(real / "plan-2025.yaml", real / "units.yaml", today=date(2026, 1, 10))
    assert loaded.errors == ()
    item = next(i for i in loaded.plan.items if i.id.value == "IV.5.3")
    day = date(2026, 1, 10)
    assert completion_of(item, 1) is None
    [alone] = rows_as_of([item], day, loaded.plan.items)
    assert (alone.status, alone.completion) == (Status.OVERDUE, None)
    [row] = rows_as_of([item], day, loaded.plan.items, index=loaded.index)
    assert row.status == Status.DONE_ON_TIME
    assert row.completion is not None and row.completion.on == date(2025, 6, 20)
    assert [part.unit.name for part in row.members] == list(SERVICE_UNITS)
    assert (row.members_done, row.members_total) == (4, 4)
