"""The data is law: data/plan-2025.yaml must say what Quyết định 971/QĐ-BNV says.

The appendix is re-read from the source text by ``source_table`` (which shares no code with
parplan); every item is compared field by field, units after alias resolution.
"""

from __future__ import annotations

import pytest
from conftest import PLAN, UNITS
from source_table import read_rows, read_sections

from parplan.loader import load_plan, load_registry
from parplan.units import UnitIndex

EXPECTED_COUNTS = {"I": 31, "II": 34, "III": 7, "IV": 9, "V": 18, "VI": 9, "VII": 24}

PLAN_DATA, PLAN_PROBLEMS = load_plan(PLAN)
REGISTRY, REGISTRY_PROBLEMS = load_registry(UNITS)
INDEX = UnitIndex(REGISTRY, PLAN_DATA.info.issued)
ROWS = {row.id: row for row in read_rows()}
ITEMS = {item.id.value: item for item in PLAN_DATA.items}


def test_files_load_cleanly() -> None:
    assert PLAN_PROBLEMS == [] and REGISTRY_PROBLEMS == []


def test_source_counts() -> None:
    counts = {section.id: len(section.rows) for section in read_sections()}
    assert counts == EXPECTED_COUNTS
    assert sum(counts.values()) == 132


def test_plan_counts_match_source() -> None:
    counts: dict[str, int] = {}
    for item in PLAN_DATA.items:
        counts[item.section_id] = counts.get(item.section_id, 0) + 1
    assert counts == EXPECTED_COUNTS


def test_same_ids_in_the_same_order() -> None:
    assert list(ITEMS) == list(ROWS)


def test_section_titles() -> None:
    assert [(s.id.value, s.title) for s in PLAN_DATA.sections] == [
        (s.id, s.title) for s in read_sections()
    ]


def test_plan_header() -> None:
    info = PLAN_DATA.info
    assert (info.decision, info.issued.isoformat(), info.year) == ("971/QĐ-BNV", "2024-12-30", 2025)


def _split(cell: str) -> list[str]:
    """Units of a source cell, found by the longest registry name or alias at each point."""
    names: dict[str, str] = {}
    for entry in INDEX.entries:
        for name in INDEX.names_of(entry):
            names[name.casefold()] = entry.name
    found: list[str] = []
    rest = cell
    while rest.strip(" ;,"):
        rest = rest.strip(" ;,")
        if rest.casefold().startswith("và "):
            rest = rest[3:]
            continue
        best = max((n for n in names if rest.casefold().startswith(n)), key=len, default=None)
        assert best is not None, f"no unit of the registry at {rest!r} in {cell!r}"
        found.append(names[best])
        rest = rest[len(best) :]
    return found


def _canonical(refs) -> list[str]:
    out = []
    for ref in refs:
        found = INDEX.lookup(ref.value)
        assert found is not None, ref
        out.append(found.entry.name)
    return out


@pytest.mark.parametrize("item_id", list(ROWS))
def test_item_matches_source(item_id: str) -> None:
    row, item = ROWS[item_id], ITEMS[item_id]
    assert item.section_id == row.section
    assert item.task_title == row.task_title
    assert item.product == row.product
    assert item.deadline.value == row.deadline
    assert (item.note or "") == row.note
    assert _canonical(item.lead) == _split(row.lead)
    assert _canonical(item.support) == _split(row.support)


def test_units_are_written_by_canonical_name() -> None:
    for item in PLAN_DATA.items:
        for ref in (*item.lead, *item.support):
            assert ref.value in INDEX.by_name, (item.id.value, ref.value)
