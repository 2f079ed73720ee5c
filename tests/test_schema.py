"""The JSON Schema of plan and units files: generated from ``parplan.checks.schema``, committed under
schema/, in step with the loader, and accepting the repository's data.

Files are checked with the reference validator (jsonschema, a dev dependency), reading YAML
as editors do (YAML 1.2: `on` is a key, dates are strings).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import PLAN, ROOT, UNITS

from parplan.checks.schema import (
    ACTIVITY,
    GROUP,
    LEAF_TASK,
    PLAN_INFO,
    UNIT,
)
from parplan.cli.app import app
from parplan.io.loader import (
    GROUP_KEYS,
    LEAF_OPTIONAL,
    LEAF_REQUIRED,
    PLAN_INFO_KEYS,
    PLAN_INFO_OPTIONAL,
    UNIT_KEYS,
    build_plan,
    build_registry,
    parse_document,
)
from parplan.render.json_schema import json_schema, schema_text

SCHEMA_DIR = ROOT / "schema"


# ---------------------------------------------------------------------------------------------
# A tiny validator and a YAML 1.2 reading (as editors read the files: `on` is a key, dates are
# strings)


class Yaml12Loader(yaml.SafeLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith((":bool", ":timestamp"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read(text: str) -> object:
    return yaml.load(text, Loader=Yaml12Loader)


def validate(instance: object, kind: str) -> list[tuple[str, str]]:
    """(JSON pointer, failing keyword) for every way ``instance`` fails the schema of ``kind``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(json_schema(kind))
    return sorted(
        ("".join(f"/{part}" for part in error.absolute_path), error.validator)
        for error in validator.iter_errors(instance)
    )


# ---------------------------------------------------------------------------------------------
# The committed copies


@pytest.mark.parametrize("kind", ["plan", "units"])
def test_committed_schema_is_current(kind: str) -> None:
    committed = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"run: uv run parplan schema {kind} > schema/{kind}.schema.json"
    )
    assert json.loads(committed)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(("path", "kind"), [(PLAN, "plan"), (UNITS, "units")])
def test_data_files_name_their_schema_for_editors(path: Path, kind: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json"
    assert (path.parent / f"../schema/{kind}.schema.json").resolve().is_file()


def test_schema_command(runner) -> None:
    result = runner.invoke(app, ["schema", "plan"])
    assert result.exit_code == 0
    assert result.stdout == schema_text("plan")
    assert result.stderr == ""
    wrong = runner.invoke(app, ["schema", "plans", "--lang", "en"])
    assert wrong.exit_code == 2
    assert wrong.stdout == ""
    assert "No schema 'plans'" in wrong.stderr


# ---------------------------------------------------------------------------------------------
# The data against the schema


@pytest.mark.parametrize(("path", "kind"), [(PLAN, "plan"), (UNITS, "units")])
def test_repository_data_validates(path: Path, kind: str) -> None:
    assert validate(read(path.read_text(encoding="utf-8")), kind) == []


def test_a_misspelt_key_is_rejected_where_it_is_written() -> None:
    text = PLAN.read_text(encoding="utf-8").replace("    deadline: ", "    dealine: ", 1)
    # The misspelt key is refused where it is written, and the real one is missed.
    assert validate(read(text), "plan") == [
        ("/sections/0/tasks/0", "additionalProperties"),
        ("/sections/0/tasks/0", "required"),
    ]
    from jsonschema import Draft202012Validator

    messages = [
        e.message for e in Draft202012Validator(json_schema("plan")).iter_errors(read(text))
    ]
    assert any("'dealine'" in m for m in messages) and any("'deadline'" in m for m in messages)


def test_a_misspelt_unit_key_and_a_bad_kind_are_rejected() -> None:
    text = UNITS.read_text(encoding="utf-8")
    text = text.replace("    short: TCBC\n", "    shrot: TCBC\n", 1)
    text = text.replace("    kind: role\n", "    kind: rôle\n", 1)
    assert validate(read(text), "units") == [
        ("/units/0", "additionalProperties"),
        ("/units/6/kind", "enum"),
    ]


def test_dates_and_progress_entries_are_checked() -> None:
    data = read(PLAN.read_text(encoding="utf-8"))
    item = data["sections"][0]["tasks"][1]["activities"][0]  # I.2.1
    item["progress"] = [{"milestone": "Ban hành", "done": "2025-03-20", "evidence": "QĐ 1"}]
    assert validate(data, "plan") == []
    item["progress"].append({"milestone": 1, "done": "20/03/2025", "by": "x"})
    assert validate(data, "plan") == [
        ("/sections/0/tasks/1/activities/0/progress/1", "additionalProperties"),
        ("/sections/0/tasks/1/activities/0/progress/1/done", "pattern"),
    ]


# ---------------------------------------------------------------------------------------------
# The schema and the loader agree on the keys


def test_schema_knows_every_key_the_loader_allows() -> None:
    assert set(ACTIVITY.order) == {"id", *LEAF_REQUIRED, *LEAF_OPTIONAL}
    assert set(LEAF_TASK.order) == {"id", "title", *LEAF_REQUIRED, *LEAF_OPTIONAL}
    assert set(PLAN_INFO.order) == {*PLAN_INFO_KEYS, *PLAN_INFO_OPTIONAL}
    assert set(UNIT.order) == {"name", "kind", *UNIT_KEYS}
    assert set(GROUP.order) == {"name", *GROUP_KEYS}
    assert "amended_by" in LEAF_OPTIONAL


FULL_PLAN = """\
plan:
  title: T
  decision: 1/QĐ-BNV
  issued: 2025-01-01
  year: 2025
  source: S
  policy:
    evidence: optional
sections:
  - id: I
    title: S
    tasks:
      - id: I.1
        title: T
        product: P
        lead:
          - Vụ A
        support: []
        deadline: Sau khi có điều kiện
        after: I.2.1
        within_days: 30
        note: N
        amended_by: Quyết định 2/QĐ-BNV
        met: 2025-02-01
        met_evidence: E
        done: 2025-03-01
        evidence: E
        recorded_by: R

      - id: I.2
        title: T
        activities:
          - id: I.2.1
            product: P
            lead:
              - Vụ A
            support: []
            deadline: Tháng 3, 6/2025
            progress:
              - {milestone: 1, done: 2025-03-01, evidence: E, recorded_by: R}
"""

FULL_UNITS = """\
units:
  - name: Vụ A
    short: A
    kind: administrative
    part_of: Vụ B
    aliases:
      - Vụ a
    renamed:
      - name: Vụ A mới
        on: 2025-03-01
        by: NĐ
    merged_into:
      unit: Vụ B
      on: 2025-03-01
      by: NĐ
    left:
      on: 2025-03-01
      to: Bộ khác
      by: NĐ
    established: 2020-01-01

groups:
  - name: G
    kinds:
      - administrative
    members:
      - Vụ A
    placeholder: false
    aliases:
      - g
"""


def test_every_key_of_the_schema_is_one_the_loader_reads() -> None:
    """A file using every key of the schema loads without a schema diagnostic, validates
    against the schema, and is already in fmt's layout."""
    from parplan.io.fmt import format_text

    plan, plan_problems = build_plan(parse_document("plan.yaml", FULL_PLAN.encode()))
    _, unit_problems = build_registry(parse_document("units.yaml", FULL_UNITS.encode()))
    assert [p.code for p in (*plan_problems, *unit_problems)] == []
    assert plan.item("I.1").amended_by.value == "Quyết định 2/QĐ-BNV"
    for text, kind in ((FULL_PLAN, "plan"), (FULL_UNITS, "units")):
        assert validate(read(text), kind) == []
        assert format_text(text) == text
