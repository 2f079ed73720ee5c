"""Types for answers, and one renderer table (issue 22, items 2 and 3).

One status type for the library, the API and the views; a unit's claim on a name written in the
plan as a typed value; the unit asked about resolved once; every view's renderers in one table,
the commands never branching on the format themselves. The outputs themselves are pinned by
the snapshots (tests/test_views.py) and the CLI tests.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import PLAN, ROOT, UNITS

from parplan.checks.rules import Loaded, validate
from parplan.query.claims import OWES, Claim, claim_on, moved_to

D = date


@pytest.fixture(scope="module")
def real() -> Loaded:
    loaded = validate(PLAN, UNITS, today=D(2025, 6, 20))
    assert not loaded.errors
    return loaded


# ---------------------------------------------------------------------------------------------
# One status type


def test_statuses_are_one_type_for_library_api_and_views(real: Loaded) -> None:
    import parplan
    from parplan.query import keys, status
    from parplan.query.status import rows_as_of

    assert parplan.Status is status.Status is keys.Status
    assert parplan.Role is status.Role is keys.Role
    rows = rows_as_of(real.plan.items[:20], D(2025, 6, 20), index=real.index)
    assert rows and all(type(row.status) is status.Status for row in rows)
    # what the JSON output and the labels' keys ("status.overdue") are made of
    assert status.OVERDUE == "overdue" and f"status.{status.OVERDUE}" == "status.overdue"
    assert json.dumps([status.DONE_LATE, status.LEAD]) == '["done_late", "lead"]'
    assert {"overdue": 1}[status.OVERDUE] == 1


# ---------------------------------------------------------------------------------------------
# A unit's claim on a name written in the plan, from data/units.yaml: Vụ Tiền lương merged
# into Cục Tiền lương và Bảo hiểm xã hội on 01/03/2025; Ban Tôn giáo Chính phủ left for Bộ Dân
# tộc và Tôn giáo on 01/03/2025.

TL = "Vụ Tiền lương"
CUC = "Cục Tiền lương và Bảo hiểm xã hội"
TGCP = "Ban Tôn giáo Chính phủ"


@pytest.mark.parametrize(
    ("written", "day", "selves", "expected"),
    [
        (TL, D(2025, 2, 28), {TL}, OWES),  # before the merger: its own
        (TL, D(2025, 4, 30), {TL}, moved_to(CUC)),  # due after it: its successor's
        (TL, D(2025, 4, 30), {CUC, TL}, OWES),  # the successor, holding its work
        (TL, D(2025, 2, 28), {CUC}, None),  # not yet the successor's
        (TGCP, D(2025, 2, 28), {TGCP}, OWES),
        (TGCP, D(2025, 3, 1), {TGCP}, moved_to("Bộ Dân tộc và Tôn giáo")),  # left that day
        (TGCP, D(2025, 4, 30), {CUC}, None),  # none of theirs
        ("Không có đơn vị này", D(2025, 4, 30), {TL}, None),  # not in the registry
    ],
)
def test_claims(
    real: Loaded, written: str, day: date, selves: set[str], expected: Claim | None
) -> None:
    assert claim_on(written, day, frozenset(selves), real.index) == expected


# ---------------------------------------------------------------------------------------------
# The unit asked about, resolved once


def test_a_unit_is_resolved_once_per_view(real: Loaded, monkeypatch: pytest.MonkeyPatch) -> None:
    """Following --unit through ``due`` and through ``unit``: the unit's family (the units
    whose work can be its own), its identity on the day and the units reaching it are each
    worked out once (they were asked again at every step: 2, 2 and 8 times for a unit page)."""
    from parplan.core.units import UnitIndex
    from parplan.query import claims
    from parplan.query.claims import resolve
    from parplan.query.queries import due_view, unit_page

    entry = real.index.query("Văn phòng Bộ").entry
    assert entry is not None
    asked: list[str] = []

    def counting(name: str, original):  # type: ignore[no-untyped-def]
        def wrapper(*args):  # type: ignore[no-untyped-def]
            if any(a is entry or (isinstance(a, frozenset) and entry.name in a) for a in args):
                asked.append(name)
            return original(*args)

        return wrapper

    monkeypatch.setattr(claims, "unit_family", counting("family", claims.unit_family))
    for method in ("predecessors_on", "reaching"):
        monkeypatch.setattr(UnitIndex, method, counting(method, getattr(UnitIndex, method)))
    day = D(2025, 6, 20)
    due_view(real.plan, real.index, day, 30, resolve(real.index, entry), None, "due")
    assert sorted(asked) == ["family", "predecessors_on", "reaching"]
    asked.clear()
    unit_page(real.plan, real.index, resolve(real.index, entry), day)
    assert sorted(asked) == ["family", "predecessors_on", "reaching"]


# ---------------------------------------------------------------------------------------------
# One renderer table

VIEWS = ("due", "units", "unit", "list", "show", "owing", "targets", "target", "body-entry")


def test_every_view_has_a_renderer_for_every_format() -> None:
    from parplan.render.outputs import FORMATS, RENDERERS, renderer

    assert FORMATS == ("table", "json", "csv", "md", "xlsx")
    assert set(RENDERERS) == {(v, f) for v in VIEWS for f in ("table", "json", "sheet", "md")}
    for view in VIEWS:
        for output_format in FORMATS:
            assert callable(renderer(view, output_format)), (view, output_format)


@pytest.mark.parametrize("module", ["views.py", "targets.py"])
def test_the_view_commands_never_branch_on_the_format(module: str) -> None:
    """The commands parse options, call the library and write what the table's renderer gives
    (``cli.output.write``): no ``if fmt == "json"`` of their own."""
    source = (ROOT / "parplan" / "cli" / module).read_text(encoding="utf-8")
    # (checking the option's value against FORMATS is parsing it, and allowed)
    branch = r"\b(fmt|output_format)\s*(==|!=|(not\s+)?in\s+(?!FORMATS\b))"
    assert not re.search(branch, source)


def test_the_dead_renderers_are_gone() -> None:
    names = ("due_csv", "units_csv", "list_csv")
    for path in (ROOT / "parplan").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not any(f"def {name}(" in text for name in names), path


def test_module_sizes() -> None:
    """The modules of this change within the size rule (issue 22): under ~500 lines for the
    views' command and renderer modules, at most ~700 for any."""
    base = ROOT / "parplan"
    for name in ("cli/views.py", "render/views.py"):
        assert len((base / name).read_text(encoding="utf-8").splitlines()) < 500, name
    for name in ("api.py", "query/status.py", "query/queries.py", "render/unit_views.py"):
        assert len((base / name).read_text(encoding="utf-8").splitlines()) <= 700, name


def test_api_and_cli_give_the_same_due_rows() -> None:
    """The API's rows are the view's rows the CLI renders: same ids, milestones, statuses."""
    from typer.testing import CliRunner

    from parplan import Plan
    from parplan.cli.app import app

    plan = Plan.load(PLAN, UNITS, today=D(2025, 6, 20))
    rows = plan.due("VP", as_of=D(2025, 9, 30), within=60)
    args = ["due", "--unit", "VP", "--as-of", "2025-09-30", "-n", "60", "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--plan", str(PLAN)])
    assert result.exit_code == 0, result.output
    records = [r for r in json.loads(result.stdout) if r["status"] != "unread"]
    assert [(r["id"], r["label"], r["status"], r["days"]) for r in records] == [
        (row.id, row.label, row.status, row.days) for row in rows
    ]
    assert rows  # the unit has rows due by then
