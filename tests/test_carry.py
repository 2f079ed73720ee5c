"""Carrying unfinished items into the next plan (issue 13 §4): what is written in both files,
what the views show afterwards, refusals, and undo. Expected texts are written by hand."""

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
"""

# As of 05/01/2026: I.1 done, I.2 ongoing, I.3.1 overdue (due 30/06/2025), I.3.2 waiting.
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
        title: Việc đã xong
        product: Báo cáo A.
        lead:
          - Văn phòng Bộ
        support:
          - Vụ Pháp chế
        deadline: Tháng 3/2025
        done: 2025-03-20
        evidence: Báo cáo số 1/BC-VP

      - id: I.2
        title: Việc thường xuyên
        product: Theo dõi.
        lead:
          - Vụ Pháp chế
        support:
          - Văn phòng Bộ
        deadline: Thường xuyên

      - id: I.3
        title: Việc còn dở
        activities:
          - id: I.3.1
            product: Quy chế B.
            lead:
              - Vụ Pháp chế
            support:
              - Văn phòng Bộ
            deadline: Quý II/2025
            note: Ghi chú gốc
          - id: I.3.2
            product: Hướng dẫn C.
            lead:
              - Văn phòng Bộ
            support:
              - Vụ Pháp chế
            deadline: Sau khi Nghị định được ban hành
"""

PLAN_2026 = """\
plan:
  title: Kế hoạch thử năm 2026
  decision: 2/QĐ-THU
  year: 2026
sections: []
"""

CARRIED_2026 = """\
plan:
  title: Kế hoạch thử năm 2026
  decision: 2/QĐ-THU
  year: 2026
sections:
  - id: I
    title: Nhiệm vụ chuyển tiếp từ năm 2025
    tasks:
      - id: I.1
        title: Việc còn dở
        product: Quy chế B.
        lead:
          - Vụ Pháp chế
        support:
          - Văn phòng Bộ
        deadline: Năm 2026
        note: Ghi chú gốc
        carried_from: 1/QĐ-THU I.3.1

      - id: I.2
        title: Việc còn dở
        product: Hướng dẫn C.
        lead:
          - Văn phòng Bộ
        support:
          - Vụ Pháp chế
        deadline: Năm 2026
        carried_from: 1/QĐ-THU I.3.2
"""

CARRIED_2025 = PLAN_2025.replace(
    "            note: Ghi chú gốc\n",
    "            note: Ghi chú gốc\n"
    "            carried_to: 2/QĐ-THU I.1\n"
    "            carried_on: 2026-01-05\n",
).replace(
    "            deadline: Sau khi Nghị định được ban hành\n",
    "            deadline: Sau khi Nghị định được ban hành\n"
    "            carried_to: 2/QĐ-THU I.2\n"
    "            carried_on: 2026-01-05\n",
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
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


def _read(data: Path, year: int) -> str:
    return (data / f"plan-{year}.yaml").read_text(encoding="utf-8")


def test_carry_every_unfinished_item(runner, repo: Path) -> None:
    result = runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "Đã chuyển tiếp 2 mục từ data/plan-2025.yaml sang data/plan-2026.yaml (ngày 05/01/2026):\n"
        "  I.3.1 → I.1\n"
        "  I.3.2 → I.2\n"
        "data/plan-2025.yaml: thêm 4 dòng, bỏ 0 dòng\n"
        "data/plan-2026.yaml: thêm 24 dòng, bỏ 1 dòng\n"
        "Hoàn tác: parplan carry --undo --from 2025 --to 2026\n"
    )
    assert _read(repo, 2026) == CARRIED_2026
    assert _read(repo, 2025) == CARRIED_2025
    # Both files stay valid and in fmt's layout.
    assert runner.invoke(app, ["validate"]).exit_code == 0
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0


def test_carry_named_items_one_by_one_gives_the_same_files(runner, repo: Path) -> None:
    base = ["carry", "--from", "2025", "--to", "2026"]
    assert runner.invoke(app, [*base, "i.3.1", "--on", "2026-01-05"]).exit_code == 0
    second = runner.invoke(app, [*base, "I.3.2", "--on", "2026-01-05"])
    assert second.exit_code == 0, second.output
    assert "  I.3.2 → I.2\n" in second.stdout  # appended to the carry section
    assert _read(repo, 2026) == CARRIED_2026
    assert _read(repo, 2025) == CARRIED_2025


def test_after_the_carry_date_the_old_item_is_no_longer_due(runner, repo: Path) -> None:
    assert (
        runner.invoke(
            app, ["carry", "--from", "2025", "--to", "2026", "I.3.1", "--on", "2026-01-05"]
        ).exit_code
        == 0
    )

    def due_ids(as_of: str) -> list[str]:
        result = runner.invoke(app, ["due", "--year", "2025", "--as-of", as_of, "-f", "json"])
        assert result.exit_code == 0, result.output
        return [row["id"] for row in json.loads(result.stdout)]

    assert due_ids("2025-12-31") == ["I.3.1"]  # overdue since 30/06/2025
    assert due_ids("2026-01-04") == ["I.3.1"]
    assert due_ids("2026-01-05") == []
    overdue = runner.invoke(
        app, ["overdue", "--year", "2025", "--as-of", "2026-01-06", "-f", "json"]
    )
    assert json.loads(overdue.stdout) == []
    # Its history is kept: as of any day it is still overdue (in that year's reports too).
    shown = runner.invoke(
        app, ["show", "I.3.1", "--year", "2025", "--as-of", "2026-01-06", "-f", "json"]
    )
    record = json.loads(shown.stdout)
    assert [m["status"] for m in record["milestones"]] == ["overdue"]
    assert (record["carried_to"], record["carried_on"]) == ("2/QĐ-THU I.1", "2026-01-05")
    # In the new plan it is due at the end of 2026.
    new = runner.invoke(app, ["due", "--year", "2026", "--as-of", "2026-12-01", "-f", "json"])
    assert [(r["id"], r["due"]) for r in json.loads(new.stdout)] == [("I.1", "2026-12-31")]


def test_show_names_the_other_side(runner, repo: Path) -> None:
    runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "I.3.1", "--on", "2026-01-05"])
    env = {"COLUMNS": "120"}
    old = runner.invoke(app, ["show", "I.3.1", "--year", "2025", "--as-of", "2026-01-06"], env=env)
    assert old.exit_code == 0
    assert (
        "Chuyển tiếp  Đã chuyển tiếp sang 2/QĐ-THU I.1 ngày 05/01/2026 — data/plan-2026.yaml: "
        "trong hạn\n" in old.stdout
    )
    new = runner.invoke(
        app, ["show", "I.1", "--year", "2026", "--as-of", "2026-01-06", "--lang", "en"], env=env
    )
    assert new.exit_code == 0
    assert (
        "Carried over  Carried over from 1/QĐ-THU I.3.1 — data/plan-2025.yaml: overdue\n"
        in new.stdout
    )
    record = json.loads(runner.invoke(app, ["show", "I.1", "--year", "2026", "-f", "json"]).stdout)
    assert record["carried_from"] == "1/QĐ-THU I.3.1"


def test_json_and_the_api_give_the_other_side_and_its_statuses(runner, repo: Path) -> None:
    """What the text of ``show`` says of the other side of a carry ("… — data/plan-2026.yaml:
    trong hạn", "… — data/plan-2025.yaml: overdue", test above), ``show --format json`` and
    ``Plan.item`` say too: they gave the reference alone."""
    from parplan import Plan

    runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "I.3.1", "--on", "2026-01-05"])
    day = ["--as-of", "2026-01-06", "-f", "json"]
    old = json.loads(runner.invoke(app, ["show", "I.3.1", "--year", "2025", *day]).stdout)
    new = json.loads(runner.invoke(app, ["show", "I.1", "--year", "2026", *day]).stdout)
    ((to,), (back,)) = old["carried"], new["carried"]
    assert {k: to[k] for k in ("direction", "reference", "on", "file")} == {
        "direction": "to",
        "reference": "2/QĐ-THU I.1",
        "on": "2026-01-05",
        "file": "data/plan-2026.yaml",
    }
    assert [m["status"] for m in to["milestones"]] == ["pending"]  # "trong hạn"
    assert {k: back[k] for k in ("direction", "reference", "on", "file")} == {
        "direction": "from",
        "reference": "1/QĐ-THU I.3.1",
        "on": None,
        "file": "data/plan-2025.yaml",
    }
    assert [m["status"] for m in back["milestones"]] == ["overdue"]
    api = Plan.load(repo / "plan-2026.yaml", today=date(2026, 1, 6)).item("i.1")
    (side,) = api.carried
    assert (side.direction, side.reference, side.file) == (
        "from",
        "1/QĐ-THU I.3.1",
        (repo / "plan-2025.yaml").as_posix(),
    )
    assert side.milestones is not None
    assert [m.status for m in side.milestones] == ["overdue"]
    plain = json.loads(runner.invoke(app, ["show", "I.3.2", "--year", "2025", *day]).stdout)
    assert plain["carried"] == []  # not carried


def test_undo_takes_back_the_latest_carry_then_the_earlier(runner, repo: Path) -> None:
    base = ["carry", "--from", "2025", "--to", "2026"]
    runner.invoke(app, [*base, "I.3.1", "--on", "2026-01-05"])
    after_first = (_read(repo, 2025), _read(repo, 2026))
    runner.invoke(app, [*base, "I.3.2", "--on", "2026-01-06"])
    result = runner.invoke(app, [*base, "--undo"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Đã hoàn tác việc chuyển tiếp 1 mục từ data/plan-2025.yaml sang data/plan-2026.yaml:\n"
        "  I.3.2 → I.2\n"
        "data/plan-2025.yaml: thêm 0 dòng, bỏ 2 dòng\n"
        "data/plan-2026.yaml: thêm 0 dòng, bỏ 10 dòng\n"
    )
    assert (_read(repo, 2025), _read(repo, 2026)) == after_first
    assert runner.invoke(app, [*base, "--undo"]).exit_code == 0
    assert (_read(repo, 2025), _read(repo, 2026)) == (PLAN_2025, PLAN_2026)
    again = runner.invoke(app, [*base, "--undo"])
    assert again.exit_code == 2
    assert again.stderr == (
        "Không có lần chuyển tiếp nào từ data/plan-2025.yaml sang data/plan-2026.yaml để hoàn tác.\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["I.1"], "Mục I.1 không còn mốc nào chưa hoàn thành để chuyển tiếp.\n"),
        (["I.2"], "Mục I.2 không còn mốc nào chưa hoàn thành để chuyển tiếp.\n"),
        (["I.9"], "Không có mục 'I.9' trong kế hoạch.\n"),
        (["I.3.1", "--on", "2026-01-11"], None),  # after today (10/01/2026)
        (
            ["--to", "2027"],
            "Không có kế hoạch nào của năm 2027; các kế hoạch có: plan-2025.yaml (2025), plan-2026.yaml (2026).\n",
        ),
    ],
)
def test_refusals_change_nothing(runner, repo: Path, args: list[str], message) -> None:
    command = ["carry", "--from", "2025", *(["--to", "2026"] if "--to" not in args else []), *args]
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    if message is not None:
        assert result.stderr.startswith(message.rstrip("\n"))
    assert (_read(repo, 2025), _read(repo, 2026)) == (PLAN_2025, PLAN_2026)


def test_carry_goes_forward_only(runner, repo: Path) -> None:
    result = runner.invoke(app, ["carry", "--from", "2026", "--to", "2025"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "data/plan-2025.yaml bắt đầu trước data/plan-2026.yaml: chỉ chuyển tiếp sang kế hoạch sau.\n"
    )


def test_an_item_is_carried_once(runner, repo: Path) -> None:
    base = ["carry", "--from", "2025", "--to", "2026"]
    runner.invoke(app, [*base, "I.3.1", "--on", "2026-01-05"])
    result = runner.invoke(app, [*base, "I.3.1"])
    assert result.exit_code == 2
    assert result.stderr == "Mục I.3.1 đã được chuyển tiếp (2/QĐ-THU I.1).\n"
    everything = runner.invoke(app, [*base, "--on", "2026-01-06"])
    assert everything.exit_code == 0
    assert "  I.3.2 → I.2\n" in everything.stdout  # only what was left
    nothing = runner.invoke(app, [*base])
    assert nothing.exit_code == 2
    assert (
        nothing.stderr == "data/plan-2025.yaml: không còn mục nào chưa hoàn thành để chuyển tiếp.\n"
    )


def test_carry_needs_both_plans(runner, repo: Path) -> None:
    result = runner.invoke(app, ["carry", "--from", "2025"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Cần --from (kế hoạch cũ) và --to (kế hoạch mới), ví dụ: parplan carry --from 2025 --to 2026\n"
    )


def test_nothing_is_written_when_the_newer_plan_has_errors(runner, repo: Path) -> None:
    broken = PLAN_2026.replace("year: 2026", "year: 2026\n  issued: 2025-13-01")
    (repo / "plan-2026.yaml").write_text(broken, encoding="utf-8")
    result = runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "data/plan-2026.yaml:5:11: error:" in result.stderr
    assert _read(repo, 2025) == PLAN_2025
    assert _read(repo, 2026) == broken
    # Nothing else either: no temporary file; the operating-system locks are released (their
    # empty lock files may stay, ignored by git).
    assert sorted(p.name for p in repo.iterdir() if not p.name.endswith(".lock")) == [
        "plan-2025.yaml",
        "plan-2026.yaml",
        "units.yaml",
    ]
    from parplan.io.files import locked

    with locked(repo / "plan-2025.yaml", timeout=0.5), locked(repo / "plan-2026.yaml", timeout=0.5):
        pass


def test_carry_keeps_crlf_line_ends_and_the_undo_gives_the_bytes_back(runner, repo: Path) -> None:
    old = repo / "plan-2025.yaml"
    old.write_bytes(PLAN_2025.replace("\n", "\r\n").encode("utf-8"))
    original = old.read_bytes()
    base = ["carry", "--from", "2025", "--to", "2026", "I.3.1", "--on", "2026-01-05"]
    assert runner.invoke(app, base).exit_code == 0
    assert b"            carried_to: 2/Q\xc4\x90-THU I.1\r\n" in old.read_bytes()
    assert runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "--undo"]).exit_code == 0
    assert old.read_bytes() == original


def test_diff_and_textconv_show_the_carry(runner, repo: Path) -> None:
    from parplan.io.loader import load_plan
    from parplan.render.diff import diff_plans

    before, _ = load_plan(repo / "plan-2025.yaml")
    runner.invoke(app, ["carry", "--from", "2025", "--to", "2026", "I.3.1", "--on", "2026-01-05"])
    after, _ = load_plan(repo / "plan-2025.yaml")
    changes = [(c.id, c.field, c.old, c.new) for c in diff_plans(before, after)]
    assert changes == [
        ("I.3.1", "carried_to", None, "2/QĐ-THU I.1"),
        ("I.3.1", "carried_on", None, "2026-01-05"),
    ]
    facts = runner.invoke(app, ["textconv", "data/plan-2025.yaml"]).stdout.splitlines()
    assert [line for line in facts if "carried" in line] == [
        "I.3.1 carried_to: 2/QĐ-THU I.1",
        "I.3.1 carried_on: 2026-01-05",
    ]


def test_a_locked_plan_is_not_carried_into(runner, repo: Path, monkeypatch) -> None:
    """Another writer holds the newer plan's lock (an operating-system lock, held by a child
    process here): the carry waits, gives up, and writes neither file."""
    import functools
    import subprocess
    import sys
    import textwrap

    from parplan.io import files

    monkeypatch.setattr("parplan.io.carry.locked", functools.partial(files.locked, timeout=0.2))
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, pathlib
                from parplan.io.files import locked
                with locked(pathlib.Path({str(repo / "plan-2026.yaml")!r})):
                    print("held", flush=True)
                    sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        args = ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"]
        result = runner.invoke(app, args)
    finally:
        holder.communicate("")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "plan-2026.yaml" in result.stderr
    assert (_read(repo, 2025), _read(repo, 2026)) == (PLAN_2025, PLAN_2026)


def test_plans_may_be_named_by_file(runner, repo: Path) -> None:
    args = ["carry", "--from", "data/plan-2025.yaml", "--to", "data/plan-2026.yaml", "I.3.1"]
    result = runner.invoke(app, [*args, "--on", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert "  I.3.1 → I.1\n" in result.stdout
    missing = runner.invoke(app, ["carry", "--from", "data/plan-2024.yaml", "--to", "2026"])
    assert missing.exit_code == 2
    assert missing.stderr == "Không có tệp 'data/plan-2024.yaml'.\n"


def test_a_carry_after_a_named_undo_takes_a_free_id(runner, repo: Path) -> None:
    # I.3.1 → I.1 and I.3.2 → I.2; undoing I.3.1 alone leaves I.2; the next carry must not
    # number its task I.2 again (a duplicate ID) but I.3.
    base = ["carry", "--from", "2025", "--to", "2026"]
    assert runner.invoke(app, [*base, "--on", "2026-01-05"]).exit_code == 0
    assert runner.invoke(app, [*base, "--undo", "I.3.1"]).exit_code == 0
    result = runner.invoke(app, [*base, "I.3.1", "--on", "2026-01-06"])
    assert result.exit_code == 0, result.output
    assert "  I.3.1 → I.3\n" in result.stdout
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_undo_refuses_to_drop_progress_recorded_in_the_newer_plan(runner, repo: Path) -> None:
    base = ["carry", "--from", "2025", "--to", "2026"]
    assert runner.invoke(app, [*base, "I.3.1", "--on", "2026-01-05"]).exit_code == 0
    done = runner.invoke(
        app, ["done", "I.1", "--year", "2026", "--on", "2026-01-08", "--evidence", "Báo cáo 3/BC"]
    )
    assert done.exit_code == 0, done.output
    before = (_read(repo, 2025), _read(repo, 2026))
    result = runner.invoke(app, [*base, "--undo"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Không hoàn tác được: mục I.1 của data/plan-2026.yaml đã có tiến độ ghi nhận "
        "(parplan undo I.1 trước).\n"
    )
    assert (_read(repo, 2025), _read(repo, 2026)) == before
    english = runner.invoke(app, [*base, "--undo", "--lang", "en"])
    assert english.stderr == (
        "Cannot take the carry back: item I.1 of data/plan-2026.yaml has progress recorded "
        "(parplan undo I.1 first).\n"
    )


def test_an_empty_plan_with_a_comment_on_its_sections_is_carried_into(runner, repo: Path) -> None:
    # fmt keeps "sections: []  # …" as it is, so carry cannot ask for fmt: it must take it.
    commented = PLAN_2026.replace("sections: []", "sections: []  # chưa có nhiệm vụ")
    (repo / "plan-2026.yaml").write_text(commented, encoding="utf-8")
    assert runner.invoke(app, ["fmt", "--check"]).exit_code == 0
    base = ["carry", "--from", "2025", "--to", "2026"]
    result = runner.invoke(app, [*base, "--on", "2026-01-05"])
    assert result.exit_code == 0, result.output
    assert _read(repo, 2026) == CARRIED_2026.replace(
        "sections:\n", "sections:  # chưa có nhiệm vụ\n"
    )
    assert runner.invoke(app, [*base, "--undo"]).exit_code == 0
    assert (_read(repo, 2025), _read(repo, 2026)) == (PLAN_2025, commented)


def test_undo_refuses_when_the_carried_task_was_carried_on_again(runner, repo: Path) -> None:
    # 2025 → 2026 → 2027: taking back the first carry would leave the 2027 task naming a
    # 2026 item that no longer exists.
    third = PLAN_2026.replace("2026", "2027").replace("2/QĐ-THU", "3/QĐ-THU")
    (repo / "plan-2027.yaml").write_text(third, encoding="utf-8")
    first = ["carry", "--from", "2025", "--to", "2026"]
    assert runner.invoke(app, [*first, "I.3.1", "--on", "2026-01-05"]).exit_code == 0
    second = ["carry", "--from", "2026", "--to", "2027", "I.1", "--on", "2026-01-06"]
    assert runner.invoke(app, second).exit_code == 0, "carried on"
    before = [_read(repo, year) for year in (2025, 2026, 2027)]
    result = runner.invoke(app, [*first, "--undo"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Không hoàn tác được: mục I.1 của data/plan-2026.yaml đã được chuyển tiếp sang "
        "3/QĐ-THU I.1 (hoàn tác lần chuyển tiếp đó trước).\n"
    )
    assert [_read(repo, year) for year in (2025, 2026, 2027)] == before
    english = runner.invoke(app, [*first, "--undo", "--lang", "en"])
    assert english.stderr == (
        "Cannot take the carry back: item I.1 of data/plan-2026.yaml was carried over into "
        "3/QĐ-THU I.1 (take that carry back first).\n"
    )


def test_a_carried_item_leaves_the_units_page_from_the_carry_date(runner, repo: Path) -> None:
    # I.3.2, led by Văn phòng Bộ, waits on a condition: the page lists it under "waiting"
    # until it is carried, then no more (it waits in the new plan).
    base = ["carry", "--from", "2025", "--to", "2026", "I.3.2", "--on", "2026-01-05"]
    assert runner.invoke(app, base).exit_code == 0

    def waiting(as_of: str) -> list[str]:
        args = ["unit", "VP", "--year", "2025", "--as-of", as_of, "-f", "json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        return [item["id"] for item in json.loads(result.stdout)["waiting"]]

    assert waiting("2026-01-04") == ["I.3.2"]
    assert waiting("2026-01-05") == []
