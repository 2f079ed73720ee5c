"""The plan header's `period:` (a plan of several years) and an item's `extra:` columns."""

from __future__ import annotations

from datetime import date

from parplan.checks.rules import run_checks
from parplan.io.loader import build_plan, build_registry, parse_document

UNITS = b"""units:
  - name: Vu Phap che
    kind: administrative
groups: []
"""

PLAN = """plan:
  title: Chương trình thử
  decision: 1/QĐ-BNV
{header}
sections:
  - id: I
    title: MỤC
    tasks:
      - id: I.1
        title: Nhiệm vụ.
        product: Sản phẩm.
        lead:
          - Vu Phap che
        support: []
        deadline: {deadline}
{extra}"""


def _check(header: str, deadline: str = "Hằng năm", extra: str = ""):
    text = PLAN.format(header=header, deadline=deadline, extra=extra)
    plan, problems = build_plan(parse_document("p.yaml", text.encode("utf-8")))
    registry, unit_problems = build_registry(parse_document("u.yaml", UNITS))
    loaded = run_checks(plan, registry, [*unit_problems, *problems], today=date(2026, 6, 1))
    return plan, [(d.source.line, d.source.column, d.code) for d in loaded.diagnostics]


def test_period_gives_first_and_last_year() -> None:
    plan, diagnostics = _check("  period: 2026-2030")
    assert diagnostics == []
    assert (plan.info.year, plan.info.last_year) == (2026, 2030)
    assert [m.due for m in plan.items[0].milestones] == [date(y, 12, 31) for y in range(2026, 2031)]


def test_a_year_less_deadline_in_a_period_is_ambiguous_at_its_place() -> None:
    _, diagnostics = _check("  period: 2026-2030", "6 tháng đầu năm")
    assert diagnostics == [(15, 19, "deadline-ambiguous")]


def test_bad_period_is_located() -> None:
    _, diagnostics = _check("  period: 2030-2026")
    assert (4, 11, "bad-value") in diagnostics


def test_neither_year_nor_period_is_missing() -> None:
    _, diagnostics = _check("  issued: 2025-12-30")
    assert [code for *_, code in diagnostics] == ["missing-key"]


def test_year_still_works() -> None:
    plan, diagnostics = _check("  year: 2026")
    assert diagnostics == []
    assert (plan.info.year, plan.info.last_year) == (2026, None)


def test_extra_columns() -> None:
    extra = "        extra:\n          Nguồn kinh phí: Ngân sách nhà nước\n"
    plan, diagnostics = _check("  year: 2026", extra=extra)
    assert diagnostics == []
    assert plan.items[0].extra == (("Nguồn kinh phí", "Ngân sách nhà nước"),)
    from parplan.render.diff import facts

    assert "I.1 extra[Nguồn kinh phí]: Ngân sách nhà nước" in facts(plan)  # textconv


def test_extra_must_be_a_mapping() -> None:
    _, diagnostics = _check("  year: 2026", extra="        extra: [a, b]\n")
    assert (16, 16, "wrong-type") in diagnostics


def test_a_deadline_too_long_is_a_bad_value() -> None:
    _, diagnostics = _check("  year: 2026", deadline="x" * 501)
    assert diagnostics == [(15, 19, "bad-value")]


def test_validate_of_a_hostile_deadline_is_quick(tmp_path, runner) -> None:
    """Issue 10, item 5: "- " repeated 100,000 times took 7 s in validate; 1 MB hung it."""
    import time

    from parplan.cli.app import app

    (tmp_path / "units.yaml").write_bytes(UNITS)
    # Past 5,000 characters the loader refuses the text (any field); from 500 to 5,000 the
    # deadline grammar refuses to read it. Either way one located bad-value, quickly.
    expected = {
        500: ":15:20: error: 'deadline' không nhận giá trị '- - ",
        100_000: ":15:19: error: 'deadline' dài quá 5000 ký tự",
        500_000: ":15:19: error: 'deadline' dài quá 5000 ký tự",
    }
    for size, message in expected.items():
        plan = tmp_path / "plan.yaml"
        hostile = "- " * size
        plan.write_text(
            PLAN.format(header="  year: 2026", deadline=f'"{hostile}"', extra=""),
            encoding="utf-8",
        )
        start = time.perf_counter()
        result = runner.invoke(app, ["validate", "--plan", str(plan)])
        assert time.perf_counter() - start < 3  # a bound against a hang, not a speed measure
        assert result.exit_code == 1
        assert message in result.stdout
        assert result.stdout.count("[bad-value]") == 1


def test_year_and_period_must_agree() -> None:
    _, diagnostics = _check("  year: 2025\n  period: 2026-2030")
    assert (5, 11, "bad-value") in diagnostics
    _, diagnostics = _check("  year: 2026\n  period: 2026-2030")
    assert diagnostics == []
