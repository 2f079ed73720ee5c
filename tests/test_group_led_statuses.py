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
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parplan.cli.app import app

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
