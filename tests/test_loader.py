"""The loader: locations, tolerance of Windows-made files, and no exception on any input."""

from __future__ import annotations

import unicodedata

from conftest import PLAN, UNITS
from hypothesis import given, settings
from hypothesis import strategies as st

from parplan.checks.rules import run_checks
from parplan.io.loader import build_plan, build_registry, load_plan, parse_document

REAL_TEXT = PLAN.read_text(encoding="utf-8")
REAL_PLAN, _ = load_plan(PLAN)
REGISTRY, _ = build_registry(parse_document(str(UNITS), UNITS.read_bytes()))


def _facts(plan) -> list[tuple]:
    return [
        (
            i.id.value,
            i.product,
            i.task_title,
            tuple(r.value for r in i.lead),
            tuple(r.value for r in i.support),
            i.deadline.value,
            i.milestones,
        )
        for i in plan.items
    ]


def test_windows_made_copy_loads_the_same() -> None:
    """A UTF-8 BOM, CRLF line ends and decomposed (NFD) Vietnamese are all accepted."""
    windows = "\ufeff" + unicodedata.normalize("NFD", REAL_TEXT).replace("\n", "\r\n")
    plan, problems = build_plan(parse_document("plan.yaml", windows.encode("utf-8")))
    assert problems == []
    assert _facts(plan) == _facts(REAL_PLAN)
    loaded = run_checks(plan, REGISTRY, [])
    assert loaded.errors == ()


def test_locations_are_one_based_and_point_at_values() -> None:
    item = REAL_PLAN.item("III.1")
    assert item is not None
    lines = REAL_TEXT.splitlines()
    line = lines[item.lead[0].source.line - 1]
    assert line[item.lead[0].source.column - 1 :] == "Văn phòng Bộ"
    deadline_line = lines[item.deadline.source.line - 1]
    assert deadline_line[item.deadline.source.column - 1 :] == "Tháng 12/2024"


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    text = REAL_TEXT.replace("  year: 2025\n", "  year: 2025\n  year: 2026\n", 1)
    plan, problems = build_plan(parse_document("plan.yaml", text.encode()))
    second = text.splitlines().index("  year: 2026") + 1
    assert [(p.code, p.source.line, p.source.column) for p in problems] == [
        ("duplicate-key", second, 3)
    ]
    assert plan.info.year == 2025  # the first value stands


def test_flow_list_comma_splits_a_name() -> None:
    """Why the data uses block lists: in [a, b] a comma inside a unit's name splits it."""
    text = REAL_TEXT.replace(
        "        support:\n          - Các cơ quan, đơn vị liên quan\n",
        "        support: [Các cơ quan, đơn vị liên quan]\n",
        1,
    )
    plan, problems = build_plan(parse_document("plan.yaml", text.encode()))
    loaded = run_checks(plan, REGISTRY, problems)
    assert {d.code for d in loaded.errors} == {"unknown-unit"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_diagnostics_not_exceptions(raw: bytes) -> None:
    document = parse_document("x.yaml", raw)
    plan, problems = build_plan(document)
    registry, unit_problems = build_registry(document)
    run_checks(plan, registry, [*problems, *unit_problems])


_scalars = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.none(),
    st.booleans(),
    st.sampled_from(["2025-02-30", "Tháng 13/2025"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                ["id", "title", "tasks", "activities", "lead", "deadline", "plan", "sections", "x"]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_any_yaml_structure_gives_diagnostics_not_exceptions(value) -> None:
    import yaml

    raw = yaml.safe_dump(
        {"plan": {"title": "t", "decision": "d", "year": 2025}, "sections": value}
    ).encode()
    plan, problems = build_plan(parse_document("x.yaml", raw))
    run_checks(plan, REGISTRY, problems)


def test_absurdly_deep_nesting_is_a_located_syntax_error() -> None:
    raw = ("plan: " + "{a: " * 200 + "1" + "}" * 200 + "\nsections: []\n").encode()
    document = parse_document("deep.yaml", raw)
    assert document.root is None
    [problem] = document.problems
    assert (problem.code, problem.source.line) == ("yaml-syntax", 1)
    assert problem.args["too_deep"] == 64
