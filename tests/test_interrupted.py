"""Issue 19's kill test: ``carry``, ``carry --undo``, ``import`` and ``init`` stopped between
every pair of their file writes, each leaving a state that ``validate`` explains and that the
next run repairs.

The stop is the test hook of ``parplan.io.files`` (``PARPLAN_TEST_KILL_AFTER=N``: the process
ends with ``os._exit`` right after its Nth file is put in place, as ``kill -9`` would end it,
with no clean-up). How many files each command writes is checked too: killed after its last
write it exits 137; told to stop after one write more, it finishes (exit 0). The files an
uninterrupted run writes are the expected values (the carry's are written by hand in
test_carry.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_carry import CARRIED_2025, CARRIED_2026, PLAN_2025, PLAN_2026, UNITS_TEXT

from parplan.io.files import KILL_AFTER, KILLED

SOURCE = Path(__file__).resolve().parent / "import" / "so-noi-vu-2026.txt"


def run(cwd: Path, *args: str, kill_after: int | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARPLAN_")}
    env.update(
        PARPLAN_TODAY="2026-01-10",
        PARPLAN_CACHE_DIR=os.environ.get("PARPLAN_CACHE_DIR", str(cwd / ".cache")),
        PARPLAN_LANG="en",
    )
    if kill_after is not None:
        env[KILL_AFTER] = str(kill_after)
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and not p.name.endswith(".lock")
    }


def make_repo(folder: Path, plan_2025: str, plan_2026: str) -> Path:
    (folder / ".git").mkdir(parents=True)
    data = folder / "data"
    data.mkdir()
    (data / "units.yaml").write_text(UNITS_TEXT, encoding="utf-8")
    (data / "plan-2025.yaml").write_text(plan_2025, encoding="utf-8")
    (data / "plan-2026.yaml").write_text(plan_2026, encoding="utf-8")
    return folder


def plans(folder: Path) -> tuple[str, str]:
    data = folder / "data"
    return (
        (data / "plan-2025.yaml").read_text(encoding="utf-8"),
        (data / "plan-2026.yaml").read_text(encoding="utf-8"),
    )


CARRY = ["carry", "--from", "2025", "--to", "2026", "--on", "2026-01-05"]
UNDO = ["carry", "--undo", "--from", "2025", "--to", "2026"]


def assert_writes(cwd_of, args: list[str], count: int) -> None:
    """The command writes exactly ``count`` files: killed after the last it exits 137, told to
    stop after one more it finishes."""
    assert run(cwd_of(), *args, kill_after=count).returncode == KILLED
    finished = run(cwd_of(), *args, kill_after=count + 1)
    assert finished.returncode == 0, finished.stderr


# The state both interrupted carry and interrupted undo leave: the newer plan holds the tasks,
# the older plan has no carried_to (issue 19: the one harmless, repairable half).
HALF = (PLAN_2025, CARRIED_2026)
HALF_VALIDATE = (
    "data/plan-2026.yaml:18:23: error: carried_from '1/QĐ-THU I.3.1' has no counterpart: item "
    "I.3.1 of data/plan-2025.yaml has no carried_to '2/QĐ-THU I.1' (a carry or undo stopped "
    "half-way). Fix: parplan carry --from data/plan-2025.yaml --to data/plan-2026.yaml --undo "
    "(removes this task; carry again if needed), or add carried_to: '2/QĐ-THU I.1' and "
    "carried_on to item I.3.1 [carried-from-unmatched]\n"
)


def test_carry_and_undo_write_two_files_each(tmp_path: Path) -> None:
    counter = iter(range(100))
    assert_writes(lambda: make_repo(tmp_path / str(next(counter)), PLAN_2025, PLAN_2026), CARRY, 2)
    assert_writes(
        lambda: make_repo(tmp_path / str(next(counter)), CARRIED_2025, CARRIED_2026), UNDO, 2
    )


def test_carry_killed_between_its_writes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, PLAN_2025, PLAN_2026)
    killed = run(repo, *CARRY, kill_after=1)
    assert killed.returncode == KILLED
    assert plans(repo) == HALF
    checked = run(repo, "validate")
    assert checked.returncode == 1
    assert checked.stdout.startswith(HALF_VALIDATE)
    assert "[carried-from-unmatched]" in checked.stdout.splitlines()[1]  # I.3.2's too
    # Was: the second carry carried both items again (four tasks in the 2026 plan).
    again = run(repo, *CARRY)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(
        "Took back the half-done work of a carry or undo stopped half-way:\n"
        "  data/plan-2026.yaml: removed task I.1 (its origin has no carried_to)\n"
        "  data/plan-2026.yaml: removed task I.2 (its origin has no carried_to)\n"
        "Carried"
    )
    assert plans(repo) == (CARRIED_2025, CARRIED_2026)
    assert run(repo, "validate").returncode == 0


def test_carry_killed_then_undone(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, PLAN_2025, PLAN_2026)
    assert run(repo, *CARRY, kill_after=1).returncode == KILLED
    undone = run(repo, *UNDO)
    assert undone.returncode == 0, undone.stderr
    assert plans(repo) == (PLAN_2025, PLAN_2026)
    assert run(repo, "validate").returncode == 0


def test_undo_killed_between_its_writes(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, CARRIED_2025, CARRIED_2026)
    killed = run(repo, *UNDO, kill_after=1)
    assert killed.returncode == KILLED
    assert plans(repo) == HALF
    checked = run(repo, "validate")
    assert checked.returncode == 1
    assert checked.stdout.startswith(HALF_VALIDATE)
    # Was (with the newer plan written first): carried_to pointing nowhere, the items gone
    # from every view, and the undo said there was nothing to undo.
    again = run(repo, *UNDO)
    assert again.returncode == 0, again.stderr
    assert again.stdout == (
        "Took back the half-done work of a carry or undo stopped half-way:\n"
        "  data/plan-2026.yaml: removed task I.1 (its origin has no carried_to)\n"
        "  data/plan-2026.yaml: removed task I.2 (its origin has no carried_to)\n"
    )
    assert plans(repo) == (PLAN_2025, PLAN_2026)
    assert run(repo, "validate").returncode == 0
    # And a carry afterwards carries each item once.
    assert run(repo, *CARRY).returncode == 0
    assert plans(repo) == (CARRIED_2025, CARRIED_2026)


def test_a_mark_without_its_task_is_explained_and_repaired(tmp_path: Path) -> None:
    # What an interrupted undo left when the newer plan was written first (and what a hand
    # edit can leave): carried_to naming no task. The items were hidden from every view.
    repo = make_repo(tmp_path, CARRIED_2025, PLAN_2026)
    checked = run(repo, "validate")
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert lines[0] == (
        "data/plan-2025.yaml:41:25: error: carried_to '2/QĐ-THU I.1' has no counterpart: "
        "data/plan-2026.yaml has no task I.1 with carried_from '1/QĐ-THU I.3.1' (a carry or "
        "undo stopped half-way). Fix: parplan carry --from data/plan-2025.yaml --to "
        "data/plan-2026.yaml --undo (removes this mark), or delete carried_to and carried_on "
        "[carried-to-unmatched]"
    )
    undone = run(repo, *UNDO)
    assert undone.returncode == 0, undone.stderr
    assert undone.stdout == (
        "Took back the half-done work of a carry or undo stopped half-way:\n"
        "  data/plan-2025.yaml: removed the carried_to of item I.3.1 (no task matches it)\n"
        "  data/plan-2025.yaml: removed the carried_to of item I.3.2 (no task matches it)\n"
    )
    assert plans(repo) == (PLAN_2025, PLAN_2026)


def test_import_killed_between_its_writes(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    whole.mkdir()
    out = ["import", str(SOURCE), "--out", "data/plan-2026.yaml"]
    counter = iter(range(100))

    def fresh() -> Path:
        folder = tmp_path / f"count{next(counter)}"
        folder.mkdir()
        return folder

    assert_writes(fresh, out, 2)
    assert run(whole, *out).returncode == 0
    expected = files_of(whole)
    assert sorted(expected) == ["data/plan-2026.yaml", "data/units.yaml"]
    repo = tmp_path / "killed"
    repo.mkdir()
    assert run(repo, *out, kill_after=1).returncode == KILLED
    # The registry first: never a plan without its units file.
    assert sorted(files_of(repo)) == ["data/units.yaml"]
    checked = run(repo, "validate", "--plan", "data/plan-2026.yaml")
    assert checked.returncode == 1
    assert checked.stdout == "data/plan-2026.yaml:1:1: error: file not found [file-missing]\n"
    # Was: the rerun refused ("exists"). Now it uses the units file and finishes.
    again = run(repo, *out)
    assert again.returncode == 0, again.stderr
    assert files_of(repo) == expected
    assert run(repo, "validate", "--plan", "data/plan-2026.yaml").returncode == 0


INIT = ["init", "kho", "--agency", "Sở Nội vụ tỉnh Thử", "--year", "2026"]
INIT_FROM = ["init", "kho", "--agency", "Sở Nội vụ tỉnh Thử", "--from", str(SOURCE)]


@pytest.mark.parametrize("args", [INIT, INIT_FROM], ids=["empty", "from"])
def test_init_killed_between_every_pair_of_writes(tmp_path: Path, args: list[str]) -> None:
    whole = tmp_path / "whole"
    whole.mkdir()
    assert run(whole, *args).returncode == 0
    expected = files_of(whole / "kho")
    count = len(expected)  # one write per file of the repository
    counter = iter(range(100))

    def fresh() -> Path:
        folder = tmp_path / f"count{next(counter)}"
        folder.mkdir()
        return folder

    assert_writes(fresh, args, count)
    for n in range(1, count):
        where = tmp_path / f"killed{n}"
        where.mkdir()
        assert run(where, *args, kill_after=n).returncode == KILLED
        repo = where / "kho"
        left = files_of(repo)
        assert len(left) == n
        assert all(expected[name] == data for name, data in left.items())
        assert "data/units.yaml" in left  # the registry first: never a plan without it
        (repo / ".git").mkdir()
        checked = run(repo, "validate")
        if any(name.startswith("data/plan-") for name in left):
            assert checked.returncode == 0, checked.stdout
        else:  # no plan yet: validate says so, and that init makes one
            assert checked.returncode == 2
            assert "parplan init DIR" in checked.stderr
        (repo / ".git").rmdir()
        again = run(where, *args)
        assert again.returncode == 0, (n, again.stderr)
        assert files_of(repo) == expected, n


def test_a_half_carried_task_with_progress_is_not_taken_back(tmp_path: Path) -> None:
    # Progress recorded on the task after the interruption: removing it would lose the record.
    task = "        carried_from: 1/QĐ-THU I.3.1\n"
    recorded = task + "        done: 2026-01-08\n        evidence: Quyết định số 5/QĐ-THU\n"
    assert CARRIED_2026.count(task) == 1
    repo = make_repo(tmp_path, PLAN_2025, CARRIED_2026.replace(task, recorded))
    before = files_of(repo)
    result = run(repo, *CARRY)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Task I.1 of data/plan-2026.yaml has a carried_from whose origin has no carried_to (a "
        "carry stopped half-way), but progress was recorded on it: not taken back. Add "
        "carried_to and carried_on to the origin (see parplan validate). No file was changed.\n"
    )
    assert files_of(repo) == before


def test_two_imports_racing_to_one_out(tmp_path: Path) -> None:
    # Was: 18 of 20 times both exited 0 and one plan silently replaced the other; twice a plan
    # ended up with the other import's units.yaml. Two different decisions, started together.
    sources = [SOURCE, SOURCE.with_name("chuong-trinh-2026-2030.txt")]
    alone = []
    for number, source in enumerate(sources):
        folder = tmp_path / f"alone{number}"
        folder.mkdir()
        assert run(folder, "import", str(source), "--out", "data/plan.yaml").returncode == 0
        alone.append(files_of(folder))
    assert alone[0]["data/plan.yaml"] != alone[1]["data/plan.yaml"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARPLAN_")}
    env.update(PARPLAN_TODAY="2026-01-10", PARPLAN_LANG="en")
    for round_ in range(4):
        folder = tmp_path / f"race{round_}"
        folder.mkdir()
        env["PARPLAN_CACHE_DIR"] = str(folder / ".cache")
        racers = [
            subprocess.Popen(
                [sys.executable, "-m", "parplan", "import", str(s), "--out", "data/plan.yaml"],
                cwd=folder,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for s in sources
        ]
        outcomes = [(r.wait(timeout=120), r.communicate()[1]) for r in racers]
        codes = sorted(code for code, _ in outcomes)
        files = files_of(folder)
        assert codes == [0, 1], outcomes
        winner = [code for code, _ in outcomes].index(0)
        assert files == alone[winner]  # the winner's plan with the winner's units file
        loser = outcomes[1 - winner][1]
        # Three ways to lose, each writing nothing: the winner created the units file first;
        # the loser read the units file the winner had just written (so it is no new registry)
        # and found the plan taken once the winner released --out's lock; or it started after
        # the winner had finished.
        assert (
            "data/units.yaml was just created by another import" in loser
            or "data/plan.yaml was just created by another import" in loser
            or "data/units.yaml exists" in loser
            or "data/plan.yaml exists" in loser
        ), loser


def test_the_newer_plans_decision_filled_in_after_the_carry_is_no_mismatch(tmp_path) -> None:
    # The README's workflow: carry into a draft ("Dự thảo"), fill in the decision number later.
    # The older plan's carried_to keeps the draft's name; the halves still match by the task ID.
    assert CARRIED_2026.count("decision: 2/QĐ-THU") == 1
    numbered = CARRIED_2026.replace("decision: 2/QĐ-THU", "decision: 7/QĐ-THU")
    repo = make_repo(tmp_path, CARRIED_2025, numbered)
    checked = run(repo, "validate")
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout == ""


def test_import_accepting_aliases_killed_between_its_writes(tmp_path: Path) -> None:
    # The aliases go into the registry first; stopped before the plan, the rerun finds them
    # there and writes the plan alone.
    from conftest import UNITS

    programme = SOURCE.with_name("chuong-trinh-2026-2030.txt")
    args = ["import", str(programme), "--units", "units.yaml", "--accept-aliases"]
    args += ["--out", "plan.yaml"]
    counter = iter(range(100))

    def fresh() -> Path:
        folder = tmp_path / f"count{next(counter)}"
        folder.mkdir()
        (folder / "units.yaml").write_bytes(UNITS.read_bytes())
        return folder

    assert_writes(fresh, args, 2)
    whole = fresh()
    assert run(whole, *args).returncode == 0
    expected = files_of(whole)
    assert expected["units.yaml"] != UNITS.read_bytes()  # the alias was added
    repo = fresh()
    assert run(repo, *args, kill_after=1).returncode == KILLED
    assert sorted(files_of(repo)) == ["units.yaml"]
    assert files_of(repo)["units.yaml"] == expected["units.yaml"]
    checked = run(repo, "validate", "--plan", "plan.yaml", "--units", "units.yaml")
    assert checked.returncode == 1
    assert checked.stdout.startswith("plan.yaml:1:1: error: file not found [file-missing]\n")
    again = run(repo, *args)
    assert again.returncode == 0, again.stderr
    assert files_of(repo) == expected


def test_two_inits_racing_into_one_directory(tmp_path: Path) -> None:
    """Review of issue 19: two inits into one directory at once, for two agencies. Was (about
    1 round in 6 to 20): one removed the other's live temporary file as a leftover, failed, and
    removed the units file it had made, which the other had found and kept (a plan without its
    registry), or both failed. 20 rounds (PARPLAN_RACE_ROUNDS for more).
    Now they run one after the other: one wins, its repository whole; the other writes nothing
    of its own and says why."""
    agencies = ["Sở Nội vụ tỉnh Thử", "Sở Nội vụ tỉnh Khác"]
    alone = []
    for number, agency in enumerate(agencies):
        folder = tmp_path / f"alone{number}"
        folder.mkdir()
        assert run(folder, "init", "kho", "--agency", agency, "--year", "2026").returncode == 0
        alone.append(files_of(folder / "kho"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARPLAN_")}
    env.update(PARPLAN_TODAY="2026-01-10", PARPLAN_LANG="en")
    for round_ in range(int(os.environ.get("PARPLAN_RACE_ROUNDS", "20"))):
        folder = tmp_path / f"race{round_}"
        folder.mkdir()
        env["PARPLAN_CACHE_DIR"] = str(folder / ".cache")
        racers = [
            subprocess.Popen(
                [sys.executable, "-m", "parplan", "init", "kho", "--agency", a, "--year", "2026"],
                cwd=folder,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for a in agencies
        ]
        outcomes = [(r.wait(timeout=120), r.communicate()[1]) for r in racers]
        codes = [code for code, _ in outcomes]
        assert sorted(codes)[0] == 0 and sorted(codes)[1] in (1, 2), outcomes
        winner = codes.index(0)
        assert files_of(folder / "kho") == alone[winner], outcomes
