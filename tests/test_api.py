"""The Python API: the README's example as written, and the API against the commands' output."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, PLAN, ROOT, UNITS

from parplan import (
    DataError,
    InvalidPlan,
    Kind,
    Plan,
    RequestError,
    Role,
    Status,
    UnknownItem,
    UnknownSection,
    UnknownStatus,
    UnknownUnit,
)
from parplan.cli.app import app

FIXTURE = Path(__file__).resolve().parent / "snapshots" / "plan.yaml"
AS_OF = date(2025, 4, 10)
ENV = {"NO_COLOR": "1", "FORCE_COLOR": None, "PARPLAN_LANG": None, "PARPLAN_TODAY": None}


def _readme_example() -> tuple[str, str]:
    """The code of README's "Use from Python" section and the output it says it prints."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Use from Python\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    printed = re.search(r"```text\n(.*?)```", section, re.S)
    assert code is not None and printed is not None
    return code.group(1), printed.group(1)


def test_readme_example_runs_as_written(tmp_path, monkeypatch) -> None:
    code, printed = _readme_example()
    shutil.copytree(DATA, tmp_path / "data")  # the example records a completion: on a copy
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_TODAY", raising=False)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert out.getvalue() == printed
    # What the example's record_done did to the file: two lines after I.5.1's deadline.
    before = PLAN.read_text("utf-8").splitlines()
    after = (tmp_path / "data" / "plan-2025.yaml").read_text("utf-8").splitlines()
    at = before.index("          - id: I.5.1") + 6  # the line "deadline: Tháng 3/2025"
    assert before[at] == "            deadline: Tháng 3/2025"
    assert after == [
        *before[: at + 1],
        "            done: 2025-03-20",
        "            evidence: Quyết định số 235/QĐ-BNV ngày 20/3/2025",
        *before[at + 1 :],
    ]


def _cli_json(runner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def fixture_plan() -> Plan:
    # Today is later than every record of the fixture; the questions ask as of AS_OF.
    return Plan.load(FIXTURE, UNITS, today=date(2025, 12, 31))


def _due_record(row) -> dict[str, object]:
    return {
        "id": row.id,
        "label": row.label,
        "due": row.due.isoformat(),
        "days": row.days,
        "status": row.status,
        "lead": list(row.lead),
        "support": list(row.support),
        "role": row.role,
        "text": row.text,
        "report": row.report,
        "legal_due": row.legal_due.isoformat() if row.legal_due else None,
        "reasons": list(row.reasons),
        "members_done": row.members_done,
        "members_total": row.members_total,
    }


@pytest.mark.parametrize(
    ("method", "args", "kwargs"),
    [
        ("due", [], {}),
        ("due", ["--unit", "vu phap che"], {"unit": "vu phap che"}),
        ("due", ["--unit", "CCHC", "--role", "lead"], {"unit": "CCHC", "role": Role.LEAD}),
        ("overdue", [], {}),
        ("upcoming", ["--within", "14"], {"within": 14}),
    ],
)
def test_due_rows_are_the_cli_rows(runner, fixture_plan, method, args, kwargs) -> None:
    cli = _cli_json(
        runner,
        method,
        *args,
        "--plan",
        str(FIXTURE),
        "--units",
        str(UNITS),
        "--as-of",
        "2025-04-10",
    )
    rows = getattr(fixture_plan, method)(**kwargs, as_of=AS_OF)
    assert [_due_record(row) for row in rows] == cli
    assert rows, "the case shows something"


def test_due_rows_by_hand(fixture_plan) -> None:
    # The fixture's header: as of 10/04/2025, I.3.4 and II.1.1 are overdue; V.2.2 (15/04)
    # is due in 5 days, II.6.1 (condition met 25/03 + 30 days = 24/04) in 14.
    rows = {row.id: row for row in fixture_plan.due(as_of=AS_OF)}
    assert rows["I.3.4"].status is Status.OVERDUE
    assert rows["II.1.1"].status is Status.OVERDUE
    assert (rows["V.2.2"].due, rows["V.2.2"].days, rows["V.2.2"].soon) == (
        date(2025, 4, 15),
        5,
        True,
    )
    assert (rows["II.6.1"].due, rows["II.6.1"].days, rows["II.6.1"].soon) == (
        date(2025, 4, 24),
        14,
        False,
    )
    assert rows["V.2.2"].status == "pending"  # a str enum: equal to the JSON key


def test_summary_is_the_units_view(runner, fixture_plan) -> None:
    cli = _cli_json(
        runner, "units", "--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", "2025-04-10"
    )
    summary = fixture_plan.summary(as_of=AS_OF)
    assert summary.role is Role.LEAD
    by_name = {record["name"]: record for record in cli}
    shown = [*summary.units, *summary.groups]
    assert [u.name for u in shown] == [r["name"] for r in cli if r.get("placeholder") is not True]
    for unit in shown:
        record = by_name[unit.name]
        assert (unit.short, unit.kind) == (record["short"], record["kind"])
        assert {k.value: n for k, n in unit.counts.statuses.items()} == record["statuses"]
        assert unit.counts.due_so_far == record["due_so_far"]
        assert unit.counts.overdue == record["overdue"]
    # The whole plan, by the fixture's header: 1 done on time, 1 done late, 3 overdue among
    # the milestones due before 10/04 (I.1 "Ban hành", I.2.1, I.3.1 "Tháng 3", I.3.4, II.1.1).
    # I.3.1 is led by every unit, each on its own: two of them have sent their first-quarter
    # report, so its milestone as a whole is still overdue.
    total = summary.total
    assert (total.done_on_time, total.done_late, total.overdue) == (1, 1, 3)


def test_unit_page_is_the_unit_view(runner, fixture_plan) -> None:
    cli = _cli_json(
        runner, "unit", "PC", "--plan", str(FIXTURE), "--units", str(UNITS), "--as-of", "2025-04-10"
    )
    page = fixture_plan.unit_page("PC", as_of=AS_OF)
    assert page.unit == cli["unit"]["name"] == "Vụ Pháp chế"
    assert [_due_record(r) for r in page.overdue] == cli["overdue"]
    assert [_due_record(r) for r in page.upcoming] == cli["upcoming"]
    for key in ("ongoing", "waiting", "supports"):
        assert [i.id for i in getattr(page, key)] == [r["id"] for r in cli[key]]
    assert {r.value for r in page.counts} == set(cli["counts"])


def test_items_are_the_list_view(runner, fixture_plan) -> None:
    cli = _cli_json(
        runner,
        "list",
        "--status",
        "overdue",
        "--plan",
        str(FIXTURE),
        "--units",
        str(UNITS),
        "--as-of",
        "2025-04-10",
    )
    items = fixture_plan.items(status=Status.OVERDUE, as_of=AS_OF)
    # I.3.1's first quarter: two of the units have sent their report, the others have not.
    assert [i.id for i in items] == [r["id"] for r in cli] == ["I.3.1", "I.3.4", "II.1.1"]
    # A label in either language, accents optional, finds the same.
    assert [i.id for i in fixture_plan.items(status="qua han chua hoan thanh", as_of=AS_OF)] == [
        "I.3.1",
        "I.3.4",
        "II.1.1",
    ]
    milestone = items[0].milestones[0]
    assert (milestone.kind, milestone.status) == (Kind.DATE, Status.OVERDUE)


def test_one_item_as_show_gives_it(fixture_plan) -> None:
    item = fixture_plan.item("ii.6.1", as_of=AS_OF)
    # The fixture: condition met 25/03/2025, due 30 days later.
    assert item.condition_met == date(2025, 3, 25)
    assert item.milestones[0].kind is Kind.CONDITIONAL
    assert item.milestones[0].due == date(2025, 4, 24)
    done = fixture_plan.item("I.2.1", as_of=AS_OF).milestones[0]
    assert (done.status, done.done) == (Status.DONE_LATE, date(2025, 4, 2))


def test_questions_that_do_not_fit(fixture_plan) -> None:
    with pytest.raises(UnknownUnit) as unknown:
        fixture_plan.due(unit="Văn phòng Bo ngoai giao")
    assert unknown.value.matches == ()
    with pytest.raises(UnknownUnit) as ambiguous:
        fixture_plan.due(unit="Vụ")
    assert len(ambiguous.value.matches) > 1
    with pytest.raises(UnknownItem) as item:
        fixture_plan.item("I.99")
    assert item.value.item_id == "I.99"
    with pytest.raises(UnknownSection):
        fixture_plan.items(section="IX")
    with pytest.raises(UnknownStatus):
        fixture_plan.items(status="late-ish")
    with pytest.raises(ValueError):
        fixture_plan.due(role="owner")


def test_a_plan_with_errors_keeps_its_problems(tmp_path) -> None:
    broken = tmp_path / "plan.yaml"
    broken.write_text(PLAN.read_text("utf-8").replace("Văn phòng Bộ", "Văn phòng Bo", 1), "utf-8")
    plan = Plan.load(broken, UNITS, today=date(2025, 3, 15))
    assert [d.code for d in plan.errors] == ["unknown-unit"]
    assert plan.errors[0].source.file == str(broken)
    with pytest.raises(InvalidPlan) as raised:
        plan.due()
    assert raised.value.problems == plan.errors


def test_today_is_a_parameter() -> None:
    plan = Plan.load(PLAN, today=date(2025, 3, 15))
    assert plan.today == date(2025, 3, 15)
    assert plan.due(unit="VP") == plan.due(unit="VP", as_of=date(2025, 3, 15))


def test_record_done_with_the_ledgers_guarantees(tmp_path) -> None:
    shutil.copy(PLAN, tmp_path / "plan-2025.yaml")
    shutil.copy(UNITS, tmp_path / "units.yaml")
    path = tmp_path / "plan-2025.yaml"
    original = path.read_bytes()
    plan = Plan.load(path, today=date(2025, 4, 1))
    assert plan.item("I.5.1").milestones[0].status is Status.OVERDUE  # Tháng 3/2025, open
    with pytest.raises(RequestError) as future:
        plan.record_done("I.5.1", on=date(2025, 4, 2), evidence="QĐ 1")
    assert future.value.key == "ledger.future"
    with pytest.raises(RequestError):
        plan.record_done("I.99", evidence="QĐ 1")
    assert path.read_bytes() == original  # nothing written
    recorded = plan.record_done("I.5.1", on=date(2025, 3, 20), evidence="QĐ 235/QĐ-BNV")
    assert [line.strip() for _, line in recorded.added] == [
        "done: 2025-03-20",
        "evidence: QĐ 235/QĐ-BNV",
    ]
    assert recorded.milestones[0].status is Status.DONE_ON_TIME
    # The plan object reads the file again.
    assert plan.item("I.5.1").milestones[0].status is Status.DONE_ON_TIME
    undone = plan.undo_done("I.5.1")
    assert [line.strip() for _, line in undone.removed] == [
        "done: 2025-03-20",
        "evidence: QĐ 235/QĐ-BNV",
    ]
    assert path.read_bytes() == original  # done then undo: the identical file
    # A file with errors is not edited.
    path.write_text(original.decode("utf-8").replace("Văn phòng Bộ", "Văn phòng Bo", 1), "utf-8")
    with pytest.raises(DataError):
        Plan.load(path, today=date(2025, 4, 1)).record_done("I.5.1", evidence="QĐ 1")


@pytest.mark.parametrize(
    "module",
    [
        "parplan",
        "parplan.core.text",
        "parplan.core.clock",
        "parplan.core.model",
        "parplan.core.deadlines",
        "parplan.core.units",
        "parplan.query.status",
        "parplan.query.queries",
    ],
)
def test_the_core_imports_no_yaml_rich_or_typer(module: str) -> None:
    # The API's names load on first use, and the model and queries need no YAML, Rich or
    # Typer: `import parplan` (and every command's start-up) stays light.
    import subprocess
    import sys

    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('yaml', 'rich', 'typer', 'click') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == "[]\n"


def test_an_item_says_where_it_was_carried_as_show_json_does(tmp_path, runner) -> None:
    old = PLAN.read_text("utf-8").replace(
        "            deadline: Tháng 3/2025\n",
        "            deadline: Tháng 3/2025\n"
        "            carried_to: 5/QĐ-BNV I.1\n"
        "            carried_on: 2026-01-05\n",
        1,
    )
    (tmp_path / "plan-2025.yaml").write_text(old, "utf-8")
    shutil.copy(UNITS, tmp_path / "units.yaml")
    plan = Plan.load(tmp_path / "plan-2025.yaml", today=date(2026, 1, 10))
    carried = [item for item in plan.items() if item.carried_to is not None]
    assert [(i.id, i.carried_to, i.carried_on, i.carried_from) for i in carried] == [
        ("I.5.1", "5/QĐ-BNV I.1", date(2026, 1, 5), None)
    ]
    shown = _cli_json(runner, "show", "I.5.1", "--plan", str(tmp_path / "plan-2025.yaml"))
    assert (shown["carried_to"], shown["carried_on"]) == ("5/QĐ-BNV I.1", "2026-01-05")
    assert plan.item("I.5.1").carried_to == "5/QĐ-BNV I.1"


def test_the_package_exports_exactly_the_api() -> None:
    """``parplan/__init__.py`` lists the API's names itself (so that ``import parplan`` loads
    nothing until a name is used); the two lists must not drift apart."""
    import parplan
    from parplan import api

    assert set(parplan.__all__) - {"__version__"} == set(api.__all__)
    for name in api.__all__:
        assert getattr(parplan, name) is getattr(api, name)
