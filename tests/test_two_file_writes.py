"""Issue 19, items 3, 9 and 10: outputs never written through a link the user did not name,
imports racing to one --out (one wins whole, the other writes nothing), and a units file
written before its plan. The kill tests of every pair of writes are in test_interrupted.py.

Each test reproduces a break found by the adversarial review; expected values are written by
hand (what the files must hold, which file the message names)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from parplan.cli.app import app
from parplan.io import importer

FIXTURES = Path(__file__).resolve().parent / "import"
SOURCE = FIXTURES / "so-noi-vu-2026.txt"

needs_links = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")


@pytest.fixture(autouse=True)
def _here(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PARPLAN_PLAN", raising=False)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    for module in ("parplan.cli.app", "parplan.cli.plans", "parplan.cli.importing"):
        monkeypatch.setattr(f"{module}.today", lambda: date(2026, 2, 1))
    monkeypatch.chdir(tmp_path)


def names_in(folder: Path) -> list[str]:
    """The files of a folder, but the operating-system locks (``*.lock``, as the ledger's)."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def invoke(runner, *args: str):
    return runner.invoke(app, [*args, "--lang", "en"])


# ---------------------------------------------------------------------------------------------
# 19.3: no write through a link the user did not name


@needs_links
def test_import_out_on_a_dangling_link_creates_nothing_where_it_points(runner, tmp_path) -> None:
    # Was: the plan was created wherever the link pointed (exit 0).
    elsewhere = tmp_path / "elsewhere" / "victim.yaml"
    elsewhere.parent.mkdir()
    (tmp_path / "data").mkdir()
    out = tmp_path / "data" / "plan-2026.yaml"
    out.symlink_to(elsewhere)
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "data/plan-2026.yaml is a symbolic link: parplan does not write through a link; "
        "remove it or choose another --out. Nothing was written.\n"
    )
    assert not elsewhere.exists()
    assert names_in(tmp_path / "data") == ["plan-2026.yaml"]


@needs_links
def test_import_does_not_write_the_new_units_file_through_a_link(runner, tmp_path) -> None:
    # The units file beside --out is not named by the user: a dangling link there was followed.
    elsewhere = tmp_path / "elsewhere.yaml"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "units.yaml").symlink_to(elsewhere)
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "data/units.yaml is a symbolic link: parplan does not write through a link; "
        "remove it or choose another --out. Nothing was written.\n"
    )
    assert not elsewhere.exists()
    assert not (tmp_path / "data" / "plan-2026.yaml").exists()


# ---------------------------------------------------------------------------------------------
# 19.9: two imports to one --out


def _racing(monkeypatch, competitor: dict[str, str]) -> None:
    """Another import writes ``competitor`` (relative path → text) while this one reads its
    source: after this one's check that the names are free, before its writes."""
    real = importer.import_table

    def import_table(*args, **kwargs):
        result = real(*args, **kwargs)
        for name, text in competitor.items():
            Path(name).parent.mkdir(parents=True, exist_ok=True)
            Path(name).write_text(text, encoding="utf-8")
        return result

    monkeypatch.setattr(importer, "import_table", import_table)


THEIR_PLAN = "plan:\n  title: Their plan\n  year: 2026\nsections: []\n"
THEIR_UNITS = "units: []\n"


def test_a_second_import_to_one_out_never_replaces_the_first(runner, monkeypatch) -> None:
    # Was: both exited 0 and the last one's plan silently replaced the other's (and its units
    # file the other's, leaving a plan with the other import's units.yaml).
    _racing(monkeypatch, {"data/units.yaml": THEIR_UNITS, "data/plan-2026.yaml": THEIR_PLAN})
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "data/units.yaml was just created by another import: not overwritten, and nothing of "
        "this import was written. Look at that file, or choose another --out.\n"
    )
    assert Path("data/plan-2026.yaml").read_text(encoding="utf-8") == THEIR_PLAN
    assert Path("data/units.yaml").read_text(encoding="utf-8") == THEIR_UNITS
    assert names_in(Path("data")) == ["plan-2026.yaml", "units.yaml"]


def test_losing_the_plan_takes_back_the_units_file(runner, monkeypatch) -> None:
    # The other import wrote only the plan (its units file is elsewhere): this one created the
    # units file, then lost the plan; its units file goes, nothing of it is left.
    _racing(monkeypatch, {"data/plan-2026.yaml": THEIR_PLAN})
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 1
    assert "data/plan-2026.yaml was just created by another import" in result.stderr
    assert Path("data/plan-2026.yaml").read_text(encoding="utf-8") == THEIR_PLAN
    assert names_in(Path("data")) == ["plan-2026.yaml"]


def test_import_with_a_registry_loses_to_a_plan_made_meanwhile(runner, monkeypatch) -> None:
    Path("data").mkdir()
    units = "units:\n" + "".join(
        f"  - name: {name}\n    kind: administrative\n\n"
        for name in ("Văn phòng Sở", "Sở Tư pháp", "Phòng Cải cách hành chính")
    )
    Path("data/units.yaml").write_text(units, encoding="utf-8")
    _racing(monkeypatch, {"data/plan-2026.yaml": THEIR_PLAN})
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 1
    assert Path("data/plan-2026.yaml").read_text(encoding="utf-8") == THEIR_PLAN
    assert Path("data/units.yaml").read_text(encoding="utf-8") == units


# ---------------------------------------------------------------------------------------------
# 19.10: the registry before the plan


def test_import_writes_the_units_file_before_the_plan(runner, monkeypatch) -> None:
    # Was: the plan first, so a run stopped between the two left a plan naming units no file
    # lists, and the rerun refused ("exists").
    from parplan.io import files

    order: list[str] = []
    real = files.create_new

    def create_new(path, data, **kwargs):
        order.append(Path(path).name)
        return real(path, data, **kwargs)

    monkeypatch.setattr(files, "create_new", create_new)
    result = invoke(runner, "import", str(SOURCE), "--out", "data/plan-2026.yaml")
    assert result.exit_code == 0, result.output
    assert order == ["units.yaml", "plan-2026.yaml"]


def test_init_rerun_finishes_what_an_interrupted_init_left(runner, tmp_path: Path) -> None:
    # Was: a partial repository (an interrupted init left data/units.yaml and the plan) was
    # refused by every rerun: "it holds data/plan-2026.yaml".
    init = ["init", "kho", "--agency", "Sở Nội vụ tỉnh Thử", "--year", "2026"]
    assert invoke(runner, *init).exit_code == 0
    whole = {
        p.relative_to("kho").as_posix(): p.read_bytes()
        for p in Path("kho").rglob("*")
        if p.is_file()
    }
    for name in ("README.md", ".gitignore", "schema/units.schema.json"):
        (Path("kho") / name).unlink()
    result = invoke(runner, *init)
    assert result.exit_code == 0, result.output
    again = {
        p.relative_to("kho").as_posix(): p.read_bytes()
        for p in Path("kho").rglob("*")
        if p.is_file()
    }
    assert again == whole


def test_init_rerun_still_refuses_a_file_it_did_not_write(runner) -> None:
    init = ["init", "kho", "--agency", "Sở Nội vụ tỉnh Thử", "--year", "2026"]
    assert invoke(runner, *init).exit_code == 0
    Path("kho/README.md").write_text("mine\n", encoding="utf-8")
    Path("kho/.gitignore").unlink()
    result = invoke(runner, *init)
    assert result.exit_code == 2
    assert result.stderr == (
        "Not creating a repository in kho: it holds README.md. No file is overwritten.\n"
    )
    assert Path("kho/README.md").read_text(encoding="utf-8") == "mine\n"


def test_init_from_a_decision_writes_the_plan_under_its_final_name(runner) -> None:
    # Was: written as data/plan-import.yaml, then renamed: a run stopped between the two left a
    # plan the rerun refused.
    from parplan.io import files

    names: list[str] = []
    real = files.create_new

    def create_new(path, data, **kwargs):
        names.append(Path(path).relative_to(Path("kho").resolve()).as_posix())
        return real(path, data, **kwargs)

    import unittest.mock

    with unittest.mock.patch.object(files, "create_new", create_new):
        result = invoke(
            runner, "init", str(Path("kho").resolve()), "--agency", "Sở X", "--from", str(SOURCE)
        )
    assert result.exit_code == 0, result.output
    assert names[:2] == ["data/units.yaml", "data/plan-2026.yaml"]
    assert sorted(p.name for p in Path("kho/data").iterdir()) == ["plan-2026.yaml", "units.yaml"]


# ---------------------------------------------------------------------------------------------
# 19.3: export's metadata.json, and named outputs that are links


def _export_repo(tmp_path: Path) -> Path:
    from conftest import PLAN, UNITS

    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / ".git").mkdir()
    (repo / "data" / "plan-2025.yaml").write_bytes(PLAN.read_bytes())
    (repo / "data" / "units.yaml").write_bytes(UNITS.read_bytes())
    return repo


def _export(runner, repo: Path, database: Path):
    plan = repo / "data" / "plan-2025.yaml"
    return invoke(runner, "export", "--sqlite", str(database), "--plan", str(plan))


@needs_links
def test_export_does_not_write_through_a_symlinked_metadata_file(runner, tmp_path) -> None:
    # Was: a metadata.json committed as a link overwrote whatever it pointed to (exit 0).
    repo = _export_repo(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    metadata = repo / "metadata.json"
    metadata.symlink_to(victim)
    result = _export(runner, repo, repo / "plans.db")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{metadata} is a symbolic link: parplan writes it beside {repo / 'plans.db'} but never "
        "through a link it was not named. Remove the link or write elsewhere.\n"
    )
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (repo / "plans.db").exists()


@needs_links
def test_the_export_library_replaces_a_metadata_link_without_following_it(tmp_path) -> None:
    from parplan.io.cache import load_checked
    from parplan.io.export import export_sqlite

    repo = _export_repo(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (repo / "metadata.json").symlink_to(victim)
    day = date(2025, 6, 30)
    loaded = load_checked(repo / "data" / "plan-2025.yaml", repo / "data" / "units.yaml", day)
    export_sqlite([loaded], repo / "plans.db", day)
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (repo / "metadata.json").is_symlink()
    assert (repo / "metadata.json").read_text(encoding="utf-8").startswith("{")


@needs_links
def test_a_named_output_linking_out_of_the_repository_is_refused(runner, tmp_path) -> None:
    repo = _export_repo(tmp_path)
    victim = tmp_path / "victim.db"
    victim.write_bytes(b"precious")
    link = repo / "plans.db"
    link.symlink_to(victim)
    result = _export(runner, repo, link)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{link} is a symbolic link to {victim}, outside the plan repository ({repo}): not "
        "written through. Write to another file.\n"
    )
    assert victim.read_bytes() == b"precious"
    dangling = repo / "report.md"
    dangling.symlink_to(tmp_path / "elsewhere.md")
    plan = str(repo / "data" / "plan-2025.yaml")
    result = invoke(
        runner, "report", "--period", "Q1", "-f", "md", "-o", str(dangling), "--plan", plan
    )
    assert result.exit_code == 2
    assert "outside the plan repository" in result.stderr
    assert not (tmp_path / "elsewhere.md").exists()


@needs_links
def test_a_named_output_linking_inside_the_repository_is_written_through(runner, tmp_path) -> None:
    import sqlite3

    repo = _export_repo(tmp_path)
    (repo / "out").mkdir()
    link = repo / "plans.db"
    link.symlink_to(repo / "out" / "plans.db")
    result = _export(runner, repo, link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    rows = sqlite3.connect(repo / "out" / "plans.db").execute("select count(*) from items")
    assert rows.fetchone() == (132,)  # the plan's 132 items (validate: "132 items")


def test_an_import_waits_for_the_one_whose_units_file_it_read(runner, monkeypatch) -> None:
    # The other import has written data/units.yaml and holds --out's lock while it writes its
    # plan; this one read that units file as its registry. Was: this one wrote its plan at once,
    # and the other (finding the name taken) took its units file back: a plan with no registry.
    import contextlib
    import threading

    from parplan.io.files import create_new, locked

    Path("data").mkdir()
    Path("data/units.yaml").write_text(THEIR_UNITS, encoding="utf-8")
    out = Path("data/plan-2026.yaml")
    absolute = out.resolve()  # the other import's thread may outlive a failing test's cwd
    held = threading.Event()
    others: list[threading.Thread] = []

    def other_import() -> None:
        with locked(absolute):
            held.set()
            threading.Event().wait(1.0)  # still writing
            with contextlib.suppress(FileExistsError):
                create_new(absolute, THEIR_PLAN.encode("utf-8"))

    real = importer.import_table

    def import_table(*args, **kwargs):
        result = real(*args, **kwargs)
        others.append(threading.Thread(target=other_import, daemon=True))
        others[0].start()
        assert held.wait(10)
        return result

    monkeypatch.setattr(importer, "import_table", import_table)
    result = invoke(runner, "import", str(SOURCE), "--out", str(out))
    others[0].join(10)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "data/plan-2026.yaml was just created by another import: not overwritten, and nothing "
        "of this import was written. Look at that file, or choose another --out.\n"
    )
    assert out.read_text(encoding="utf-8") == THEIR_PLAN
    assert Path("data/units.yaml").read_text(encoding="utf-8") == THEIR_UNITS
