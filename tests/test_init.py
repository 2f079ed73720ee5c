"""``parplan init`` (issue 13 §5): a ready repository for another agency, checked by running
parplan in it as its users would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from parplan.cli.app import app

FILES = [
    ".gitattributes",
    ".github/workflows/parplan.yml",
    ".gitignore",
    ".gitlab-ci.yml",
    ".pre-commit-config.yaml",
    "README.md",
    "data/plan-2026.yaml",
    "data/units.yaml",
    "schema/plan.schema.json",
    "schema/units.schema.json",
]


@pytest.fixture(autouse=True)
def _today(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    for module in ("parplan.cli.app", "parplan.cli.views", "parplan.cli.plans"):
        monkeypatch.setattr(f"{module}.today", lambda: date(2026, 2, 1))
    monkeypatch.chdir(tmp_path)


def test_init_makes_a_repository_where_parplan_works(runner, tmp_path: Path, monkeypatch) -> None:
    result = runner.invoke(app, ["init", "so-noi-vu", "--agency", "Sở Nội vụ tỉnh Thử"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "Đã tạo kho kế hoạch của Sở Nội vụ tỉnh Thử trong so-noi-vu:\n"
        + "".join(f"  {name}\n" for name in FILES)
        + "Tiếp theo: cd so-noi-vu && git init && parplan validate && parplan due\n"
    )
    repo = tmp_path / "so-noi-vu"
    assert sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file()) == FILES
    plan = yaml.safe_load((repo / "data" / "plan-2026.yaml").read_text(encoding="utf-8"))
    assert plan == {
        "plan": {
            "title": "Kế hoạch cải cách hành chính năm 2026 của Sở Nội vụ tỉnh Thử",
            "decision": "Dự thảo",
            "year": 2026,
        },
        "sections": [],
    }
    for name in ("plan", "units"):  # the schemas as this parplan knows them
        committed = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert (repo / "schema" / f"{name}.schema.json").read_text(encoding="utf-8") == committed
    # Both CI workflows run the two checks.
    github = yaml.safe_load((repo / ".github/workflows/parplan.yml").read_text(encoding="utf-8"))
    steps = [step.get("run", "") for step in github["jobs"]["check"]["steps"]]
    assert "parplan validate --format github" in steps and "parplan fmt --check" in steps
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["parplan"]["script"][1:] == ["parplan validate", "parplan fmt --check"]
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [h["entry"] for h in hooks["repos"][0]["hooks"]] == ["parplan fmt", "parplan validate"]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert 'parplan init ke-hoach-cchc --agency "Sở Nội vụ tỉnh Thử"' in readme
    # In it, from a subfolder: validate, fmt --check and due work on the empty plan.
    (repo / ".git").mkdir()
    monkeypatch.chdir(repo / "data")
    checked = runner.invoke(app, ["validate"])
    assert checked.exit_code == 0
    assert checked.stderr == "plan-2026.yaml: hợp lệ (0 mục, 0 đơn vị)\n"
    formatted = runner.invoke(app, ["fmt", "--check"])
    assert (formatted.exit_code, formatted.stderr) == (0, "2 tệp đã đúng định dạng.\n")
    due = runner.invoke(app, ["due", "--as-of", "2026-03-01"])
    assert due.exit_code == 0
    assert due.stdout == (
        "Việc đến hạn đến 31/03/2026 (tính đến 01/03/2026)\nKhông có việc nào quá hạn hoặc đến hạn.\n"
    )


def test_init_overwrites_nothing(runner, tmp_path: Path) -> None:
    (tmp_path / "kho" / "data").mkdir(parents=True)
    (tmp_path / "kho" / "README.md").write_text("của tôi\n", encoding="utf-8")
    (tmp_path / "kho" / "data" / "plan-2025.yaml").write_text("plan: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "kho", "--agency", "Sở Nội vụ tỉnh Thử"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Không tạo kho trong kho: đã có README.md, data/plan-2025.yaml. Không tệp nào bị ghi đè.\n"
    )
    assert (tmp_path / "kho" / "README.md").read_text(encoding="utf-8") == "của tôi\n"
    assert not (tmp_path / "kho" / "schema").exists()


def test_init_needs_the_agency(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "kho", "--agency", "  ", "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr == (
        'Give --agency: the agency that issues the plan, e.g. --agency "Sở Nội vụ tỉnh X".\n'
    )
    assert not (tmp_path / "kho").exists()


def test_init_from_a_text_with_no_table_writes_nothing(runner, tmp_path: Path) -> None:
    source = tmp_path / "qd.txt"
    source.write_text("QUYẾT ĐỊNH\n", encoding="utf-8")
    result = runner.invoke(app, ["init", "kho", "--agency", "Sở X", "--from", str(source)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "[import-no-table]" in result.stderr
    assert result.stderr.endswith(f"Không nhập được kế hoạch từ {source}.\n")
    assert not (tmp_path / "kho").exists()


IMPORTED = """\
plan:
  title: Kế hoạch cải cách hành chính năm 2026 của Sở Nội vụ tỉnh Thử
  decision: 12/QĐ-SNV
  year: 2026
sections:
  - id: I
    title: CÔNG TÁC CHỈ ĐẠO
    tasks:
      - id: I.1
        title: Ban hành kế hoạch
        product: Kế hoạch CCHC năm 2026.
        lead:
          - Văn phòng Sở
        support:
          - Phòng Cải cách hành chính
        deadline: Tháng 2/2026
"""

IMPORTED_UNITS = """\
units:
  - name: Văn phòng Sở
    kind: administrative

  - name: Phòng Cải cách hành chính
    kind: administrative
"""


def test_init_from_a_decision_imports_it(runner, tmp_path: Path, monkeypatch) -> None:
    """``init --from`` with a real decision's text: the importer writes the plan and a units
    file listing every unit named, the plan is named after the decision's year, and ``due``
    works in the new repository."""
    source = Path(__file__).parent / "import" / "so-noi-vu-2026.txt"
    result = runner.invoke(
        app, ["init", "kho", "--agency", "Sở Nội vụ tỉnh Mẫu", "--from", str(source)]
    )
    assert result.exit_code == 0, result.output
    assert "  data/plan-2026.yaml\n  data/units.yaml\n" in result.stdout
    assert not (tmp_path / "kho" / "data" / "plan-import.yaml").exists()
    (tmp_path / "kho" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "kho")
    assert runner.invoke(app, ["validate"]).exit_code == 0
    due = runner.invoke(app, ["due", "--as-of", "2026-09-01", "-f", "json"])
    assert due.exit_code == 0, due.output
    rows = {(r["id"], r["due"]) for r in json.loads(due.stdout)}
    # The fixture's first activity: "Rà soát văn bản quy phạm pháp luật của tỉnh", led by Sở Tư
    # pháp, due "15/9/2026".
    assert ("I.1", "2026-09-15") in rows


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell, as the CI jobs have")
def test_ci_does_not_install_an_unknown_package_when_the_variable_is_unset(tmp_path) -> None:
    # Without PARPLAN_PACKAGE, "pip install parplan" would install whatever bears that name on
    # PyPI: the job must stop and say what to set instead.
    from parplan.io.scaffold import INSTALL

    probe = INSTALL.replace("python -m pip install", "echo")
    env = {k: v for k, v in os.environ.items() if k != "PARPLAN_PACKAGE"}
    unset = subprocess.run(["sh", "-c", probe], env=env, capture_output=True, text=True)
    assert unset.returncode != 0
    assert unset.stdout == ""
    assert "PARPLAN_PACKAGE" in unset.stderr
    hosted = "git+https://example.org/org/parplan@v0.1.0"
    env["PARPLAN_PACKAGE"] = hosted
    given = subprocess.run(["sh", "-c", probe], env=env, capture_output=True, text=True)
    assert (given.returncode, given.stdout) == (0, hosted + "\n")
