"""The decision's targets (issue 21): ``measure`` records, the state as of a day, the views.

The edits run on copies of the real plan in tmp_path. Expected values are computed by hand:
II.2.g-1 is "tối thiểu 80%"; figures 60% on 10/03/2025 and 72,5% (140/193) on 10/06/2025;
the reporting calendar of the plan (581/BNV-CCHC) gives the windows Q1 15/12/2024–14/03/2025,
6T 15/12/2024–14/06/2025, Q3 15/06/2025–14/09/2025.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.io.loader import load_plan
from parplan.query.targets import BELOW, MET, NO_DATA, current_window, target_state

FIRST = ["--value", "60", "--on", "2025-03-10", "--evidence", "Báo cáo số 1/BC-VP"]
SECOND = [
    "--value",
    "72,5",
    "--of",
    "140",
    "--total",
    "193",
    "--on",
    "10/06/2025",
    "--evidence",
    "Báo cáo số 12/BC-VP",
]


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARPLAN_TODAY", "2025-07-01")
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def run(runner, plan: Path, *args: str):
    return runner.invoke(
        app, [*args, "--plan", str(plan), "--units", str(plan.parent / "units.yaml")]
    )


def measured(runner, plan: Path) -> None:
    for figure in (FIRST, SECOND):
        result = run(runner, plan, "measure", "II.2.g-1", *figure)
        assert result.exit_code == 0, result.output
        assert result.stderr == ""


def states(runner, plan: Path, as_of: str) -> dict[str, dict[str, object]]:
    result = run(runner, plan, "targets", "--as-of", as_of, "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    return {record["id"]: record for record in json.loads(result.stdout)}


# ---------------------------------------------------------------------------------------------
# The real plan


def test_the_real_plan_lists_its_five_targets_without_data(runner) -> None:
    result = runner.invoke(app, ["targets", "--as-of", "2025-06-30"])
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Các chỉ tiêu của kế hoạch — tính đến 30/06/2025"
    for target in ("II.2.đ-1", "II.2.e-1", "II.2.g-1", "II.2.g-2", "II.2.g-3"):
        row = next(line for line in lines if target in line)
        assert "Chưa có" in row
    assert lines[-1] == (
        "0 đạt, 0 chưa đạt, 5 chưa có số liệu (kỳ số liệu 15/06/2025 – 14/09/2025)"
    )


def test_the_real_plan_as_json(runner) -> None:
    result = runner.invoke(app, ["targets", "--as-of", "2025-06-30", "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    records = json.loads(result.stdout)
    assert [(r["id"], r["comparison"], r["target"], r["status"]) for r in records] == [
        ("II.2.đ-1", "exactly", 100.0, NO_DATA),
        ("II.2.e-1", "at-least", 80.0, NO_DATA),
        ("II.2.g-1", "at-least", 80.0, NO_DATA),
        ("II.2.g-2", "at-least", 80.0, NO_DATA),
        ("II.2.g-3", "at-least", 50.0, NO_DATA),
    ]
    assert {r["unit"] for r in records} == {"Văn phòng Bộ"}


def test_current_window_follows_the_reporting_calendar() -> None:
    plan, _ = load_plan(PLAN)
    calendar = plan.info.reporting
    assert current_window(calendar, date(2025, 6, 30), 2025) == (
        date(2025, 6, 15),
        date(2025, 9, 14),
    )
    assert current_window(calendar, date(2025, 6, 14), 2025) == (
        date(2024, 12, 15),
        date(2025, 6, 14),
    )
    assert current_window(calendar, date(2025, 3, 1), 2025) == (
        date(2024, 12, 15),
        date(2025, 3, 14),
    )
    assert current_window(calendar, date(2025, 12, 20), 2025) == (
        date(2025, 12, 15),
        date(2026, 3, 14),
    )
    assert current_window(None, date(2025, 6, 30), 2025) == (date(2025, 1, 1), date(2025, 6, 30))


# ---------------------------------------------------------------------------------------------
# Two figures: status and trend, computed by hand


def test_two_figures_give_status_gap_and_trend(runner, plan: Path) -> None:
    measured(runner, plan)
    # 14/06: the half-year window holds both; judged on 72,5 → 7,5 short; up by 12,5 from 60
    record = states(runner, plan, "2025-06-14")["II.2.g-1"]
    assert (record["value"], record["on"], record["status"]) == (72.5, "2025-06-10", BELOW)
    assert record["gap"] == 7.5
    assert (record["trend"], record["change"]) == ("up", 12.5)
    assert [f["value"] for f in record["figures"]] == [60.0, 72.5]
    assert record["figures"][1]["of"] == 140 and record["figures"][1]["total"] == 193
    # 14/03: only the first figure; 20 short; no trend yet
    record = states(runner, plan, "2025-03-14")["II.2.g-1"]
    assert (record["value"], record["status"], record["gap"], record["trend"]) == (
        60.0,
        BELOW,
        20.0,
        None,
    )
    # 30/06: Q3's window (from 15/06) has no figure yet; the latest stays known
    record = states(runner, plan, "2025-06-30")["II.2.g-1"]
    assert (record["value"], record["status"], record["gap"]) == (None, NO_DATA, None)
    assert record["latest"]["value"] == 72.5 and record["trend"] == "up"
    # the other targets are untouched
    assert states(runner, plan, "2025-06-14")["II.2.g-2"]["status"] == NO_DATA


def test_met_and_exactly(runner, plan: Path) -> None:
    for target, value in (("II.2.g-3", "55"), ("II.2.đ-1", "99.5")):
        result = run(
            runner, plan, "measure", target, "--value", value, "--on", "2025-06-01", "-e", "BC 3"
        )
        assert result.exit_code == 0, result.output
    records = states(runner, plan, "2025-06-14")
    assert (records["II.2.g-3"]["status"], records["II.2.g-3"]["gap"]) == (MET, 0.0)
    assert (records["II.2.đ-1"]["status"], records["II.2.đ-1"]["gap"]) == (BELOW, 0.5)


def test_the_table_says_it_in_words(runner, plan: Path) -> None:
    measured(runner, plan)
    result = run(runner, plan, "targets", "--as-of", "2025-06-14", "--format", "md")
    assert result.exit_code == 0 and result.stderr == ""
    row = next(line for line in result.stdout.splitlines() if "II.2.g-1" in line)
    assert row == (
        "| II.2.g-1 | ≥ 80% | Văn phòng Bộ | 72,5% | 10/06/2025 | Chưa đạt (còn thiếu 7,5 điểm %) "
        "| 7,5 | Tăng (+12,5 điểm %) | Báo cáo số 12/BC-VP |"
    )
    english = run(
        runner, plan, "targets", "--as-of", "2025-06-14", "--format", "csv", "--lang", "en"
    )
    assert english.exit_code == 0
    assert "Not met (7.5 pp short)" in english.stdout and "Up (+12.5 pp)" in english.stdout


def test_unit_filter(runner, plan: Path) -> None:
    result = run(
        runner, plan, "targets", "--unit", "VP", "--as-of", "2025-06-14", "--format", "json"
    )
    assert result.exit_code == 0 and len(json.loads(result.stdout)) == 5
    result = run(
        runner,
        plan,
        "targets",
        "--unit",
        "Vụ Pháp chế",
        "--as-of",
        "2025-06-14",
        "--format",
        "json",
    )
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_show_target(runner, plan: Path) -> None:
    measured(runner, plan)
    result = run(runner, plan, "show", "II.2.g-1", "--as-of", "2025-06-14")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "II.2.g-1 — ≥ 80%"
    assert lines[2].startswith("Phấn đấu đạt tỷ lệ tối thiểu 80% thủ tục hành chính")
    assert "Kết quả: Chưa đạt (còn thiếu 7,5 điểm %)" in lines
    assert "  10/06/2025: 72,5% (140/193) — Báo cáo số 12/BC-VP" in lines
    # typed without its diacritic: the one target it can be
    result = run(runner, plan, "show", "ii.2.d-1", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == "II.2.đ-1"


# ---------------------------------------------------------------------------------------------
# measure: the edit


def test_measure_adds_one_line_and_undo_gives_the_file_back(runner, plan: Path) -> None:
    before = plan.read_bytes()
    result = run(runner, plan, "measure", "II.2.g-1", *FIRST)
    assert result.exit_code == 0 and result.stderr == ""
    after = plan.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.decode().splitlines()]
    assert added == [
        "measurements:",
        "  - {target: II.2.g-1, on: 2025-03-10, value: 60, evidence: Báo cáo số 1/BC-VP}",
    ]
    assert after.index("measurements:") < after.index("\nsections:")
    result = run(runner, plan, "measure", "II.2.g-1", *SECOND)
    assert result.exit_code == 0
    fmt = runner.invoke(app, ["fmt", "--check", str(plan)])
    assert fmt.exit_code == 0, fmt.output
    for _ in range(2):
        assert run(runner, plan, "measure", "II.2.g-1", "--undo").exit_code == 0
    assert plan.read_bytes() == before
    result = run(runner, plan, "measure", "II.2.g-1", "--undo")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Chỉ tiêu II.2.g-1 chưa có số liệu nào để bỏ."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["II.2.x-1", "--value", "50"], "Không có chỉ tiêu 'II.2.x-1'."),
        (["II.2.g-1", "--value", "100.5"], "Tỷ lệ 100.5% nằm ngoài khoảng 0–100."),
        (["II.2.g-1", "--value", "70", "--of", "200", "--total", "100"], "Tử số 200 và mẫu số 100"),
        (["II.2.g-1", "--value", "70", "--of", "140"], "--of và --total phải đi cùng nhau"),
        (["II.2.g-1", "--value", "80", "--of", "140", "--total", "193"], "không khớp với 140/193"),
        (["II.2.g-1", "--value", "70", "--on", "2025-07-02"], "sau hôm nay"),
        (["II.2.g-1", "--value", "7O"], "không phải là số"),
        (["II.2.g-1"], "Cần --value"),
    ],
)
def test_measure_refuses_what_does_not_fit(
    runner, plan: Path, args: list[str], message: str
) -> None:
    before = plan.read_bytes()
    result = run(runner, plan, "measure", *args, "--evidence", "BC 1")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert plan.read_bytes() == before


def test_measure_without_evidence_is_refused(runner, plan: Path) -> None:
    result = run(runner, plan, "measure", "II.2.g-1", "--value", "70")
    assert result.exit_code == 2 and "--evidence" in result.stderr


def test_measure_outside_the_year_warns_and_records(runner, plan: Path, monkeypatch) -> None:
    monkeypatch.setenv("PARPLAN_TODAY", "2026-03-01")
    result = run(
        runner, plan, "measure", "II.2.g-1", "--value", "70", "--on", "2026-02-01", "-e", "BC"
    )
    assert result.exit_code == 0
    assert "measurement-period" in result.stderr and ":5: warning:" in result.stderr


def test_the_fraction_alone_gives_the_value(runner, plan: Path) -> None:
    result = run(
        runner,
        plan,
        "measure",
        "II.2.g-1",
        "--of",
        "140",
        "--total",
        "193",
        "-e",
        "BC",
        "--on",
        "2025-06-10",
    )
    assert result.exit_code == 0
    assert "value: 72.54, of: 140, total: 193" in plan.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# validate


def test_validate_points_at_a_bad_figure(runner, plan: Path) -> None:
    text = plan.read_text(encoding="utf-8").replace(
        "\nsections:\n",
        "\nmeasurements:\n"
        "  - {target: II.2.z-1, on: 2025-03-10, value: 60, evidence: BC}\n"
        "  - {target: II.2.g-1, on: 2025-03-10, value: 160, evidence: BC}\n"
        "  - {target: II.2.g-1, on: 2025-08-10, value: 60, evidence: BC}\n"
        "sections:\n",
    )
    plan.write_text(text, encoding="utf-8")
    line = text.splitlines().index("measurements:") + 2
    result = run(runner, plan, "validate")
    assert result.exit_code == 1
    found = [
        (d.split(": ")[0], d.rsplit("[", 1)[1].rstrip("]"))
        for d in result.stdout.splitlines()
        if d.startswith(str(plan))
    ]
    assert found == [
        (f"{plan}:{line}:14", "measurement-target"),
        (f"{plan}:{line + 1}:47", "measurement-range"),
        (f"{plan}:{line + 2}:5", "measurement-future"),
    ]


def test_state_of_the_model_directly() -> None:
    """The query over the model, without the CLI: a figure on the day itself counts."""
    plan, _ = load_plan(PLAN)
    target = plan.target("II.2.g-1")
    assert target is not None
    state = target_state(plan, target, date(2025, 6, 30))
    assert (state.status, state.latest, state.trend) == (NO_DATA, None, None)


def test_the_python_api_agrees_with_the_view(runner, plan: Path) -> None:
    from parplan import Plan, TargetStatus, UnknownTarget

    api = Plan.load(plan, today=date(2025, 7, 1))
    state = api.record_measurement("II.2.g-1", value=60, on=date(2025, 3, 10), evidence="BC 1")
    assert state.status is TargetStatus.NO_DATA and state.figures[0].value == 60
    api.record_measurement(
        "II.2.g-1", of=140, total=193, value=72.5, on=date(2025, 6, 10), evidence="BC 12"
    )
    state = api.target("II.2.g-1", as_of=date(2025, 6, 14))
    assert (state.value, state.status, state.gap, state.trend, state.change) == (
        72.5,
        TargetStatus.BELOW,
        7.5,
        "up",
        12.5,
    )
    view = states(runner, plan, "2025-06-14")
    for got in api.targets(as_of=date(2025, 6, 14)):
        record = view[got.id]
        assert (got.value, got.status.value, got.gap, got.trend) == (
            record["value"],
            record["status"],
            record["gap"],
            record["trend"],
        )
    assert [t.id for t in api.targets(unit="VP")] == list(view)
    with pytest.raises(UnknownTarget):
        api.target("II.9")
    api.undo_measurement("II.2.g-1")
    assert len(api.target("II.2.g-1").figures) == 1


# ---------------------------------------------------------------------------------------------
# The report: "Kết quả thực hiện các chỉ tiêu" in every format


def test_the_half_year_report_carries_the_targets(runner, plan: Path, tmp_path: Path) -> None:
    measured(runner, plan)
    result = run(runner, plan, "report", "--period", "6T", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    targets = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    assert list(targets) == ["II.2.đ-1", "II.2.e-1", "II.2.g-1", "II.2.g-2", "II.2.g-3"]
    # the window 15/12/2024–14/06/2025, as of its cut-off: judged on 72,5 → 7,5 short, up 12,5
    record = targets["II.2.g-1"]
    assert (record["value"], record["status"], record["gap"], record["trend"]) == (
        72.5,
        BELOW,
        7.5,
        "up",
    )
    assert record["window"] == {"from": "2024-12-15", "to": "2025-06-14"}
    assert {targets[t]["status"] for t in targets if t != "II.2.g-1"} == {NO_DATA}
    # the first quarter's report sees only the first figure
    result = run(runner, plan, "report", "--period", "Q1", "--format", "json")
    record = next(t for t in json.loads(result.stdout)["targets"] if t["id"] == "II.2.g-1")
    assert (record["value"], record["gap"], record["trend"]) == (60.0, 20.0, None)

    html = tmp_path / "report.html"
    result = run(runner, plan, "report", "--period", "6T", "--format", "html", "-o", str(html))
    assert result.exit_code == 0
    page = html.read_text(encoding="utf-8")
    section = page[
        page.index('<section id="targets">') : page.index(
            "</section>", page.index('<section id="targets">')
        )
    ]
    assert "<h2>Kết quả thực hiện các chỉ tiêu</h2>" in section
    assert "<td>Chưa đạt (còn thiếu 7,5 điểm %)</td>" in section
    assert section.count('class="target-chart"') == 5
    chart = section[section.index('id="chart-II.2.g-1"') :]
    chart = chart[: chart.index("</figure>")]
    assert chart.count("<circle") == 2 and 'class="figures"' in chart and 'class="target"' in chart

    docx = tmp_path / "report.docx"
    result = run(runner, plan, "report", "--period", "6T", "--format", "docx", "-o", str(docx))
    assert result.exit_code == 0
    from docx import Document

    document = Document(str(docx))
    texts = [p.text for p in document.paragraphs]
    assert "Kết quả thực hiện các chỉ tiêu" in " ".join(texts)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Chưa đạt (còn thiếu 7,5 điểm %)" in cells and "72,5%" in cells

    result = run(runner, plan, "report", "--period", "6T", "--format", "md")
    assert "### Kết quả thực hiện các chỉ tiêu" in result.stdout


def test_a_units_report_keeps_its_own_targets(runner, plan: Path) -> None:
    result = run(runner, plan, "report", "--period", "6T", "--unit", "VP", "--format", "json")
    assert result.exit_code == 0 and len(json.loads(result.stdout)["targets"]) == 5
    result = run(runner, plan, "report", "--period", "6T", "--unit", "PC", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["targets"] == []


def test_export_sqlite_has_the_targets_and_their_figures(
    runner, plan: Path, tmp_path: Path, monkeypatch
) -> None:
    import sqlite3

    measured(runner, plan)
    monkeypatch.setenv("PARPLAN_TODAY", "2025-06-14")
    database = tmp_path / "out" / "plans.db"
    database.parent.mkdir()
    result = runner.invoke(app, ["export", "--sqlite", str(database), "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(database)
    assert db.execute(
        'select target, "on", value, "of", total from measurements order by line'
    ).fetchall() == [
        ("II.2.g-1", "2025-03-10", 60.0, None, None),
        ("II.2.g-1", "2025-06-10", 72.5, 140, 193),
    ]
    metadata = json.loads((database.parent / "metadata.json").read_text(encoding="utf-8"))
    queries = metadata["databases"]["plans"]["queries"]
    rows = db.execute(queries["ket-qua-chi-tieu"]["sql"]).fetchall()
    assert [(r[1], r[4], r[6], r[7], r[8]) for r in rows] == [
        ("II.2.đ-1", None, NO_DATA, None, None),
        ("II.2.e-1", None, NO_DATA, None, None),
        ("II.2.g-1", 72.5, BELOW, 7.5, "up"),
        ("II.2.g-2", None, NO_DATA, None, None),
        ("II.2.g-3", None, NO_DATA, None, None),
    ]
    figures = db.execute(queries["so-lieu-theo-chi-tieu"]["sql"], {"target": "II.2.g-1"}).fetchall()
    assert [f[3] for f in figures] == [60.0, 72.5]


# ---------------------------------------------------------------------------------------------
# The body: section II's duties and section IV's responsibilities in the views


def test_a_units_page_shows_its_responsibilities_duties_and_targets(runner) -> None:
    result = runner.invoke(app, ["unit", "VP", "--as-of", "2025-06-30", "--format", "json"])
    assert result.exit_code == 0 and result.stderr == ""
    page = json.loads(result.stdout)
    # IV.2 (every unit of the ministry: the group) and IV.5 (Văn phòng Bộ), as the decision says
    assert [r["id"] for r in page["responsibilities"]] == [
        "IV.2.a",
        "IV.2.b",
        "IV.2.c",
        "IV.2.d",
        "IV.2.đ",
        "IV.5.a",
        "IV.5.b",
        "IV.5.c",
        "IV.5.d",
        "IV.5.đ",
    ]
    # area 2's eleven points (IV.5.a) and II.6.h (IV.5.b: "điểm h khoản 6 mục II")
    assert [d["id"] for d in page["duties"]] == [
        *(f"II.2.{letter}" for letter in ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l")),
        "II.6.h",
    ]
    assert [t["id"] for t in page["targets"]] == [
        "II.2.đ-1",
        "II.2.e-1",
        "II.2.g-1",
        "II.2.g-2",
        "II.2.g-3",
    ]
    table = runner.invoke(app, ["unit", "Thanh tra Bộ", "--as-of", "2025-06-30"])
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert "Trách nhiệm theo mục IV của Kế hoạch (7)" in lines
    assert "Nhiệm vụ thường xuyên chủ trì theo mục II (1)" in lines
    assert any(line.startswith("• II.4.c: Tiếp tục kiểm tra trách nhiệm") for line in lines)
    assert "Chỉ tiêu chịu trách nhiệm (0)" in lines


def test_the_appendix_is_unchanged_by_the_body(runner) -> None:
    """The 132 appendix items stay the plan's items: duties and responsibilities are apart."""
    plan, problems = load_plan(PLAN)
    assert problems == [] and len(plan.items) == 132
    assert (len(plan.duties), len(plan.responsibilities), len(plan.targets)) == (58, 35, 5)
    result = runner.invoke(app, ["list", "--format", "json"])
    assert len(json.loads(result.stdout)) == 132


def test_show_a_duty_and_a_responsibility(runner) -> None:
    result = runner.invoke(app, ["show", "II.4.c"])
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "II.4.c — nhiệm vụ thường xuyên (mục II của Kế hoạch)"
    assert lines[-1] == "Chủ trì: Vụ Công chức - Viên chức (IV.10); Thanh tra Bộ (IV.12.b)"
    result = runner.invoke(app, ["show", "iv.9", "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert (record["kind"], record["unit"], record["points"]) == (
        "responsibility",
        "Vụ Tổ chức - Biên chế",
        ["II.3.a", "II.3.g", "II.4.đ"],
    )


def test_list_search_reaches_the_body(runner) -> None:
    result = runner.invoke(app, ["list", "--search", "ISO 9001"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    found = lines.index("Trong phần thân của quyết định (chỉ tiêu, mục II, mục IV): 1")
    assert lines[found + 1].startswith("• II.6.h: Nâng cao hiệu quả việc áp dụng Hệ thống")
    result = runner.invoke(app, ["list", "--search", '"thanh toán trực tuyến"', "--format", "md"])
    assert "- II.2.g-1: Phấn đấu đạt tỷ lệ tối thiểu 80%" in result.stdout


def test_a_units_report_carries_its_responsibilities(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--period", "6T", "--unit", "VP", "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert len(report["responsibilities"]) == 10 and len(report["duties"]) == 12
    result = runner.invoke(app, ["report", "--period", "6T", "--format", "json"])
    ministry = json.loads(result.stdout)
    assert ministry["responsibilities"] == [] and ministry["duties"] == []
    docx = tmp_path / "vp.docx"
    result = runner.invoke(
        app, ["report", "--period", "6T", "--unit", "VP", "-f", "docx", "-o", str(docx)]
    )
    assert result.exit_code == 0
    from docx import Document

    cells = [c.text for t in Document(str(docx)).tables for row in t.rows for c in row.cells]
    assert "IV.5.b" in cells and "II.6.h" in cells


def test_after_its_year_a_target_is_judged_on_the_whole_year(runner, plan: Path) -> None:
    measured(runner, plan)
    record = states(runner, plan, "2026-03-01")["II.2.g-1"]
    assert record["window"] == {"from": "2024-12-15", "to": "2025-12-31"}
    assert (record["value"], record["status"], record["gap"]) == (72.5, BELOW, 7.5)


def test_an_id_of_both_the_appendix_and_section_iv_shows_both(runner) -> None:
    """ "IV.1" is the appendix's task IV.1 and the decision's point 1 of section IV."""
    result = runner.invoke(app, ["show", "IV.1"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    at = lines.index("IV.1 cũng là một điểm của phần thân quyết định:")
    assert lines[at + 1] == "IV.1 — trách nhiệm (mục IV của Kế hoạch)"
    assert lines[at + 3].startswith("Chỉ đạo các cấp ủy, tổ chức Đảng")


def test_targets_as_a_workbook(runner, plan: Path) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    measured(runner, plan)
    result = run(runner, plan, "targets", "--as-of", "2025-06-14", "--format", "xlsx")
    assert result.exit_code == 0
    sheet = load_workbook(BytesIO(result.stdout_bytes)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["Mã", "Chỉ tiêu", "Đơn vị", "Số liệu", "Ngày số liệu", "Kết quả"]
    row = next(r for r in rows if r[0] == "II.2.g-1")
    assert (row[3], row[4].date(), row[5]) == (
        "72,5%",
        date(2025, 6, 10),  # a date cell
        "Chưa đạt (còn thiếu 7,5 điểm %)",
    )


def test_a_report_ignores_figures_after_its_window(runner, plan: Path) -> None:
    """Review of issue 21: the half-year report prepared on 30/06 judges on 72,5 (10/06); a
    figure of 20/06 (Q3's window) is not the report's: the row's trend is 60 → 72,5 (up by
    12,5), not 72,5 → 50 (down), and its figures end at the window's close."""
    measured(runner, plan)
    late = ["--value", "50", "--on", "2025-06-20", "--evidence", "Báo cáo số 20/BC-VP"]
    assert run(runner, plan, "measure", "II.2.g-1", *late).exit_code == 0
    result = run(
        runner, plan, "report", "--period", "6T", "--as-of", "2025-06-30", "--format", "json"
    )
    assert result.exit_code == 0 and result.stderr == ""
    record = next(t for t in json.loads(result.stdout)["targets"] if t["id"] == "II.2.g-1")
    assert (record["value"], record["status"], record["gap"]) == (72.5, BELOW, 7.5)
    assert (record["trend"], record["change"]) == ("up", 12.5)
    assert [f["value"] for f in record["figures"]] == [60.0, 72.5]


@pytest.mark.parametrize("key", ["measurements: # figures go here", "measurements:  "])
def test_undo_keeps_a_key_the_user_wrote(runner, plan: Path, key: str) -> None:
    """Review of issue 21: an empty ``measurements:`` the user wrote with a comment (or
    trailing blanks) gets its figure below it; taking the figure back keeps the line."""
    text = plan.read_text(encoding="utf-8").replace("\nsections:\n", f"\n{key}\nsections:\n", 1)
    plan.write_text(text, encoding="utf-8")
    assert run(runner, plan, "measure", "II.2.g-1", *FIRST).exit_code == 0
    assert plan.read_text(encoding="utf-8") != text
    result = run(runner, plan, "measure", "II.2.g-1", "--undo")
    assert result.exit_code == 0 and result.stderr == ""
    assert plan.read_text(encoding="utf-8") == text


def test_an_empty_flow_list_takes_the_first_figure(runner, plan: Path) -> None:
    """`measurements: []` written by hand (no figure yet) becomes the block list the figure
    goes in; the rest of the file is untouched and fmt keeps the result."""
    text = plan.read_text(encoding="utf-8").replace(
        "\nsections:\n", "\nmeasurements: []\nsections:\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    result = run(runner, plan, "measure", "II.2.g-1", *FIRST)
    assert (result.exit_code, result.stderr) == (0, "")
    assert plan.read_text(encoding="utf-8") == text.replace(
        "\nmeasurements: []\n",
        "\nmeasurements:\n"
        "  - {target: II.2.g-1, on: 2025-03-10, value: 60, evidence: Báo cáo số 1/BC-VP}\n",
    )
    assert runner.invoke(app, ["fmt", "--check", str(plan)]).exit_code == 0


def test_a_flow_list_of_figures_is_refused_naming_the_list(runner, plan: Path) -> None:
    """A list written in flow style with a figure in it cannot take a line: the message names
    the `measurements` list and its line, not an item, and nothing is written."""
    figure = "{target: II.2.g-1, on: 2025-03-01, value: 50}"
    text = plan.read_text(encoding="utf-8").replace(
        "\nsections:\n", f"\nmeasurements: [{figure}]\nsections:\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    line = text[: text.index("measurements: [")].count("\n") + 1
    result = run(runner, plan, "measure", "II.2.g-1", *FIRST)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Không tự ghi được số liệu (dòng {line}): danh sách")
    assert "mục" not in result.stderr.split(":")[0]
    assert plan.read_text(encoding="utf-8") == text


def test_the_gap_is_the_figure_s_own_decimals(runner, plan: Path) -> None:
    """Review of issue 21: 140/193 is 72,54% (two decimals); 80 − 72,54 is 7,46, not the
    binary float 7.459999999999994, in JSON, the API and the SQLite export alike."""
    fraction = ["--of", "140", "--total", "193", "--on", "2025-06-10", "--evidence", "BC 12"]
    assert run(runner, plan, "measure", "II.2.g-1", *fraction).exit_code == 0
    record = states(runner, plan, "2025-06-14")["II.2.g-1"]
    assert (record["value"], record["gap"]) == (72.54, 7.46)


@pytest.mark.parametrize(
    ("comparison", "value", "vi", "en"),
    [
        ("at-most", "15", "Chưa đạt (vượt 5 điểm %)", "Not met (5 pp over)"),
        ("exactly", "15", "Chưa đạt (vượt 5 điểm %)", "Not met (5 pp over)"),
        ("exactly", "4", "Chưa đạt (còn thiếu 6 điểm %)", "Not met (6 pp short)"),
    ],
)
def test_a_figure_above_its_target_is_over_not_short(
    runner, plan: Path, comparison: str, value: str, vi: str, en: str
) -> None:
    """Review of issue 21: "không quá 10%" (at most, as import proposes it) with 15% is 5
    over, not "còn thiếu" (short); the same for a figure above an "exactly"."""
    text = plan.read_text(encoding="utf-8").replace(
        "    comparison: at-least\n    value: 80\n",
        f"    comparison: {comparison}\n    value: 10\n",
        1,
    )
    plan.write_text(text, encoding="utf-8")
    figure = ["--value", value, "--on", "2025-06-10", "--evidence", "BC 1"]
    assert run(runner, plan, "measure", "II.2.e-1", *figure).exit_code == 0
    for lang, words in (("vi", vi), ("en", en)):
        result = run(
            runner, plan, "targets", "--as-of", "2025-06-14", "--format", "csv", "--lang", lang
        )
        assert result.exit_code == 0 and result.stderr == ""
        assert f",{words}," in result.stdout.splitlines()[2]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
@pytest.mark.parametrize("command", [["targets"], ["show", "II.2.g-1"], ["unit", "VP"]])
def test_the_calendar_s_first_and_last_days(runner, command: list[str], day: str) -> None:
    """Review of issue 21: --as-of on the first or last day Python's calendar has gave a
    traceback (the window of the report after it lies in year 10000, before it in year 0)."""
    result = runner.invoke(app, [*command, "--as-of", day])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Traceback" not in result.stdout


def test_no_window_outside_the_calendar() -> None:
    plan, _ = load_plan(PLAN)
    calendar = plan.info.reporting
    assert calendar is not None
    # 31/12/9999 lies in no window of 9999 (Q4's closes 14/12): the year up to the day
    assert current_window(calendar, date(9999, 12, 31), 9999) == (
        date(9999, 1, 1),
        date(9999, 12, 31),
    )
    assert current_window(calendar, date(1, 1, 1), 1)[1] == date(1, 1, 1)
