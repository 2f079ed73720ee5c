"""Issue 8 on the views, read a second time: a renamed member is named as it was on the day,
wherever the members of a group-led milestone are listed.

By hand from data/units.yaml: Vụ Công tác thanh niên bears the name "Vụ Công tác thanh niên và
Bình đẳng giới" from 01/03/2025 (likewise three public-service units); I.3.1's first report is
due 20/03/2025 under the reporting calendar.
"""

from __future__ import annotations

import json
from datetime import date

from conftest import PLAN

from parplan.cli.app import app

ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PARPLAN_TODAY": "2025-07-01"}


def _run(runner, *args: str):
    result = runner.invoke(app, [*args, "--plan", str(PLAN)], env=ENV)
    assert result.exit_code == 0, result.output
    return result


def test_show_names_the_members_owing_as_owing_does(runner) -> None:
    owing = json.loads(
        _run(
            runner, "owing", "I.3.1", "-m", "1", "--as-of", "2025-04-01", "--format", "json"
        ).stdout
    )
    assert "Vụ Công tác thanh niên và Bình đẳng giới" in owing
    shown = " ".join(_run(runner, "show", "I.3.1", "--as-of", "2025-04-01").stdout.split())
    listed = shown.split("Còn 22 đơn vị chưa xong: ", 1)[1].split(" Tháng 6/2025: ", 1)[0]
    assert listed.split("; ") == owing
    # Before the renaming the old name is the name of the day.
    before = _run(runner, "show", "I.3.1", "--as-of", "2025-02-01").stdout
    assert "Vụ Công tác thanh niên;" in before
    assert "Bình đẳng giới" not in before


NESTED_GROUP = """  - name: Nhóm thử
    members:
      - Văn phòng Bộ
      - Các đơn vị sự nghiệp trực thuộc Bộ

"""
NESTED_ITEM = """          - id: I.3.9
            product: Một việc giao cho một nhóm có nhóm khác trong đó.
            lead:
              - Nhóm thử
            support: []
            deadline: Tháng 6/2025
"""


def test_a_group_inside_a_group_names_its_members(runner, tmp_path) -> None:
    # "Nhóm thử" names Văn phòng Bộ and the group of public-service units: on 30/06/2025 those
    # are Viện, Tạp chí, Trung tâm (under their new names) and Báo Dân trí; HVHCQG had left.
    units = (PLAN.parent / "units.yaml").read_text("utf-8")
    anchor = "  - name: Các cơ quan, đơn vị liên quan\n"
    (tmp_path / "units.yaml").write_text(units.replace(anchor, NESTED_GROUP + anchor), "utf-8")
    plan = PLAN.read_text("utf-8")
    anchor = "          - id: I.3.2\n"
    path = tmp_path / "plan-2025.yaml"
    path.write_text(plan.replace(anchor, NESTED_ITEM + anchor, 1), "utf-8")
    args = ["owing", "I.3.9", "--as-of", "2025-07-01", "--format", "json", "--plan", str(path)]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 0, result.output
    assert sorted(json.loads(result.stdout)) == sorted(
        [
            "Văn phòng Bộ",
            "Viện Khoa học tổ chức nhà nước và Lao động",
            "Tạp chí Tổ chức nhà nước và Lao động",
            "Trung tâm Công nghệ thông tin",
            "Báo Dân trí",
        ]
    )
    due = ["due", "--unit", "TTTT", "--as-of", "2025-06-01", "--format", "json"]
    result = runner.invoke(app, [*due, "--plan", str(path)], env=ENV)
    assert result.exit_code == 0, result.output
    assert "I.3.9" in [row["id"] for row in json.loads(result.stdout)]


def test_two_records_of_one_member_under_its_old_and_new_names_are_a_duplicate(tmp_path) -> None:
    # The second report (due 20/06/2025) recorded for Vụ Tiền lương, merged on 01/03/2025, is
    # Cục Tiền lương và Bảo hiểm xã hội's (the views count it so): a second record is a duplicate.
    from parplan.checks.rules import validate

    anchor = "            deadline: Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)\n"
    records = (
        "            progress:\n"
        "              - {milestone: 2, unit: Vụ Tiền lương, done: 2025-06-18, evidence: A}\n"
        "              - {milestone: 2, unit: Cục Tiền lương và Bảo hiểm xã hội,"
        " done: 2025-06-19, evidence: B}\n"
    )
    text = PLAN.read_text("utf-8")
    at = text.index(anchor)  # I.3.1's deadline
    assert text.index("- id: I.3.1\n") < at < text.index("- id: I.3.2\n")
    path = tmp_path / "plan-2025.yaml"
    path.write_text(text.replace(anchor, anchor + records, 1), "utf-8")
    loaded = validate(path, PLAN.parent / "units.yaml", today=date(2025, 7, 1))
    line = text.splitlines().index(anchor.rstrip("\n")) + 4  # 1-based: the second record
    assert [(d.code, d.source.line) for d in loaded.errors] == [("duplicate-completion", line)]


AFTER_ITEM = """          - id: I.3.9
            product: Các đơn vị triển khai Kế hoạch thông tin, tuyên truyền khi đã ban hành.
            lead:
              - Các đơn vị thuộc, trực thuộc Bộ
            support: []
            deadline: Sau khi Kế hoạch được ban hành
            after: I.5.1
            within_days: 30
"""


def test_a_conditional_group_milestone_is_owed_by_the_members_of_its_due_date(
    runner, tmp_path
) -> None:
    # I.5.1 done 20/03/2025, so I.3.9 is due 30 days later, 19/04/2025. Văn phòng Bộ leaves
    # the ministry on 01/05/2025 (a made-up fact): it was a member on 19/04, so on 10/05 it
    # still owes the milestone, overdue, as a dated milestone due 19/04 would be.
    units = (PLAN.parent / "units.yaml").read_text("utf-8")
    vp = "  - name: Văn phòng Bộ\n    short: VP\n    kind: administrative\n"
    left = vp + "    left:\n      on: 2025-05-01\n      to: Nơi khác\n"
    (tmp_path / "units.yaml").write_text(units.replace(vp, left), "utf-8")
    plan = PLAN.read_text("utf-8")
    deadline = "            deadline: Tháng 3/2025\n          - id: I.5.2\n"
    done = "            deadline: Tháng 3/2025\n            done: 2025-03-20\n"
    done += "            evidence: Kế hoạch 1/KH-BNV\n          - id: I.5.2\n"
    anchor = "          - id: I.3.2\n"
    plan = plan.replace(deadline, done, 1).replace(anchor, AFTER_ITEM + anchor, 1)
    path = tmp_path / "plan-2025.yaml"
    path.write_text(plan, "utf-8")
    owing = ["owing", "I.3.9", "--as-of", "2025-05-10", "--format", "json", "--plan", str(path)]
    result = runner.invoke(app, owing, env=ENV)
    assert result.exit_code == 0, result.output
    assert "Văn phòng Bộ" in json.loads(result.stdout)
    assert "19/04/2025" in result.stderr  # the milestone's due date, said with the count
    due = ["due", "--unit", "VP", "--as-of", "2025-05-10", "--format", "json"]
    result = runner.invoke(app, [*due, "--plan", str(path)], env=ENV)
    assert result.exit_code == 0, result.output
    rows = [(r["id"], r["status"], r["due"]) for r in json.loads(result.stdout)]
    assert ("I.3.9", "overdue", "2025-04-19") in rows


def test_a_renamed_unit_is_named_as_on_the_day_in_due_and_its_report(runner) -> None:
    # Vụ Công tác thanh niên bears its new name from 01/03/2025 (data/units.yaml).
    new = "Vụ Công tác thanh niên và Bình đẳng giới"
    after = _run(runner, "due", "--unit", "CTTN", "--as-of", "2025-07-01").stdout
    assert after.startswith(f"{new}: ")
    before = _run(runner, "due", "--unit", "CTTN", "--as-of", "2025-02-01").stdout
    assert before.startswith("Vụ Công tác thanh niên: ")
    listed = _run(runner, "list", "--unit", "CTTN", "--as-of", "2025-07-01").stdout
    assert f"đơn vị: {new}" in " ".join(listed.split())
    # The first half-year's report is written as of 14/06/2025, under the name of that day.
    report = _run(runner, "report", "--period", "6T", "--unit", "CTTN").stdout
    assert f"**{new.upper()}**" in report
    assert f"Đơn vị: {new}" in report


def test_a_report_names_a_merged_lead_by_its_successor_as_the_views_do(runner) -> None:
    # As of 14/06/2025 V.2.1 (Vụ Tiền lương's, due 31/01/2025, open) is Cục Tiền lương và Bảo
    # hiểm xã hội's: due shows the Cục as its lead, and so does the Cục's report.
    due = _run(runner, "due", "--as-of", "2025-06-14", "--format", "md").stdout
    assert "Vụ Tiền lương" not in due
    report = json.loads(
        _run(runner, "report", "--period", "6T", "--unit", "TL", "--format", "json").stdout
    )
    late = {row["id"]: row["units"] for row in report["overdue"]}
    assert late["V.2.1"] == ["Cục Tiền lương và Bảo hiểm xã hội"]


def test_done_with_a_group_for_unit_says_to_name_a_member(runner, tmp_path) -> None:
    # A group is in the registry: "not found" would send the user looking for a typo.
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    (tmp_path / "units.yaml").write_bytes((PLAN.parent / "units.yaml").read_bytes())
    args = ["done", "I.3.1", "--unit", "Các đơn vị sự nghiệp trực thuộc Bộ", "-m", "1"]
    args += ["--on", "2025-03-10", "--evidence", "BC 1", "--plan", str(path)]
    result = runner.invoke(app, args, env=ENV)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "'Các đơn vị sự nghiệp trực thuộc Bộ' là một nhóm: mỗi đơn vị trong nhóm ghi phần của "
        "mình, hãy nêu một đơn vị bằng --unit (danh sách: parplan owing I.3.1).\n"
    )
    assert path.read_bytes() == PLAN.read_bytes()
    result = runner.invoke(app, [*args, "--lang", "en"], env=ENV)
    assert result.exit_code == 2
    assert result.stderr == (
        "'Các đơn vị sự nghiệp trực thuộc Bộ' is a group: each unit of it records its own "
        "part; name one unit with --unit (the list: parplan owing I.3.1).\n"
    )
