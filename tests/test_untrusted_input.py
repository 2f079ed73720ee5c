"""Issue 19: what a hostile repository or argument can hand parplan — devices, pipes, forged
diagnostics, huge registries, odd encodings and aliases — each answered, never a hang, a
traceback or a forged line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app

POSIX = sys.platform != "win32"
NOT_REGULAR = "cannot read the file: it is not a regular file (a device, a pipe or a folder)"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    (tmp_path / "plan-2025.yaml").write_bytes(PLAN.read_bytes())
    return tmp_path


# --- 19.5: a plan or units file that is a device or a pipe


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_plan_dev_zero_is_refused_located(repo: Path, runner) -> None:
    result = runner.invoke(
        app,
        ["validate", "--plan", "/dev/zero", "--units", str(repo / "units.yaml"), "--lang", "en"],
    )
    assert result.exit_code == 1
    assert result.stdout == f"/dev/zero:1:1: error: {NOT_REGULAR} [file-unreadable]\n"
    assert result.stderr == "1 error, 0 warnings, 0 notes\n"


@pytest.mark.skipif(not POSIX, reason="a symbolic link to a device")
@pytest.mark.parametrize("which", ["units.yaml", "plan-2025.yaml"])
def test_a_committed_link_to_dev_zero_is_refused(repo: Path, runner, which: str) -> None:
    (repo / which).unlink()
    (repo / which).symlink_to("/dev/zero")
    plan, units = repo / "plan-2025.yaml", repo / "units.yaml"
    for command in (["validate"], ["due", "--unit", "Văn phòng Bộ"]):
        result = runner.invoke(
            app, [*command, "--plan", str(plan), "--units", str(units), "--lang", "en"]
        )
        assert result.exit_code == 1, result.output
        line = f"{repo / which}:1:1: error: {NOT_REGULAR} [file-unreadable]"
        assert line in (result.stdout if command == ["validate"] else result.stderr)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_plan_or_units_file_never_hangs(repo: Path) -> None:
    """In a process of its own, so that a hang (as before) fails the test instead of the run."""
    os.mkfifo(repo / "pipe.yaml")
    env = {**os.environ, "PARPLAN_CACHE_DIR": str(repo / "cache")}
    for plan, units in (("pipe.yaml", "units.yaml"), ("plan-2025.yaml", "pipe.yaml")):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "parplan",
                "validate",
                "--plan",
                plan,
                "--units",
                units,
                "--lang",
                "en",
            ],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert f"pipe.yaml:1:1: error: {NOT_REGULAR} [file-unreadable]" in done.stdout
        assert "Traceback" not in done.stderr


def test_a_file_over_the_size_cap_is_refused(
    repo: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parplan.io import reading

    size = (repo / "plan-2025.yaml").stat().st_size
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", size - 1)
    result = runner.invoke(
        app, ["validate", "--plan", str(repo / "plan-2025.yaml"), "--lang", "en"]
    )
    assert result.exit_code == 1
    assert result.stdout == (
        f"{repo / 'plan-2025.yaml'}:1:1: error: cannot read the file: it is larger than 256 MiB "
        "[file-unreadable]\n"
    )
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", size)
    assert runner.invoke(app, ["validate", "--plan", str(repo / "plan-2025.yaml")]).exit_code == 0


def test_a_folder_as_the_plan_is_refused(repo: Path, runner) -> None:
    (repo / "folder.yaml").mkdir()
    result = runner.invoke(app, ["validate", "--plan", str(repo / "folder.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    assert f"{NOT_REGULAR} [file-unreadable]" in result.stdout


# --- 19.12: a diagnostic is one line, whatever the text it quotes


@pytest.mark.parametrize("breaker", ["\\n", "\\r", "\\r\\n", "\\u2028", "\\e[2K\\r", "\\t"])
def test_a_name_holding_a_line_break_cannot_forge_a_diagnostic(
    repo: Path, runner, breaker: str
) -> None:
    plan = repo / "plan-2025.yaml"
    forged = f"{plan}:1:1: error: forged [forged]"
    text = plan.read_text(encoding="utf-8")
    cut = text.index("\nsections:")  # the appendix's items, after the decision's body
    head, items = text[:cut], text[cut:]
    # A YAML double-quoted scalar: the escapes are the characters themselves once read.
    plan.write_text(
        head + items.replace("- Văn phòng Bộ", f'- "Văn phòng X{breaker}{forged}"', 1),
        encoding="utf-8",
    )
    # The name's place: the first "- Văn phòng Bộ" of the appendix, its quote at column 13.
    row = (head + items[: items.index("- Văn phòng Bộ")]).count("\n") + 1
    where = f"{plan}:{row}:13: "
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    # Each line a diagnostic of the name's place (a control character also gets a warning)
    assert all(line.startswith(where) for line in lines)
    assert sum(line.startswith(f"{where}error: unknown unit") for line in lines) == 1
    assert len(lines) == 1 + ("\\r" in breaker)
    for character in ("\r", "\x1b", "\u2028", "\t"):
        assert character not in result.stdout
    for output_format in ("json", "github"):
        shown = runner.invoke(app, ["validate", "--plan", str(plan), "--format", output_format])
        assert not any(line.startswith(str(plan)) for line in shown.stdout.splitlines())
    # The same message where a command refuses a plan with errors (stderr)
    done = runner.invoke(app, ["due", "--plan", str(plan), "--lang", "en"])
    assert done.exit_code == 1
    assert [line for line in done.stderr.splitlines() if line.startswith(str(plan))] == [
        line for line in lines if ": error: " in line
    ]


@pytest.mark.skipif(not POSIX, reason="a file name holding a newline")
def test_a_file_name_holding_a_newline_stays_on_its_line(repo: Path, runner) -> None:
    plan = repo / "x\nplan.yaml:1:1: error: forged [forged]"
    plan.write_text("plan: [", encoding="utf-8")
    result = runner.invoke(
        app, ["validate", "--plan", str(plan), "--units", str(repo / "units.yaml")]
    )
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stdout.startswith(f"{repo}/x\\nplan.yaml:1:1: error: forged [forged]:2:1: error:")


# --- 19.8: the `units` view is linear in the registry


def _registry_of(folder: Path, count: int) -> Path:
    """The minimal plan with a registry of ``count`` more units, one in ten merged into the
    next: a group-led item then has ``count`` members, each a row of the view."""
    cases = Path(__file__).parent / "cases" / "valid"
    head, groups = (cases / "minimal-units.yaml").read_text(encoding="utf-8").split("groups:")
    lines = [head.rstrip("\n")]
    for n in range(count):
        lines += [f"  - name: Đơn vị số {n}", f"    short: DV{n}", "    kind: public_service"]
        if n % 10 == 0 and n + 1 < count:
            lines += ["    merged_into:", f"      unit: Đơn vị số {n + 1}", "      on: 2025-03-01"]
    folder.mkdir()
    (folder / "units.yaml").write_text("\n".join(lines) + "\ngroups:" + groups, encoding="utf-8")
    plan = folder / "plan-2025.yaml"
    plan.write_bytes((cases / "minimal-plan.yaml").read_bytes())
    return plan


def test_the_units_view_asks_each_unit_a_bounded_number_of_questions(
    tmp_path: Path, runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Operations counted, not time: how often a unit's successor is looked up and a unit is
    asked for its answer, for registries of 300 and 1,200 units. Before, every unit of the view
    scanned the whole registry (predecessors_on) and every member of a group (_ref_answer):
    4 times the units, 16 times the questions."""
    from parplan.core.units import UnitIndex
    from parplan.query import claims  # a unit's claim on a name (issue 22: from query.status)

    counted = {"questions": 0}
    successor_on, unit_answer = UnitIndex.successor_on, claims._unit_answer

    def counting_successor(self, *args, **kwargs):
        counted["questions"] += 1
        return successor_on(self, *args, **kwargs)

    def counting_answer(*args, **kwargs):
        counted["questions"] += 1
        return unit_answer(*args, **kwargs)

    monkeypatch.setattr(UnitIndex, "successor_on", counting_successor)
    monkeypatch.setattr(claims, "_unit_answer", counting_answer)
    monkeypatch.setenv("PARPLAN_CACHE", "off")
    asked = {}
    for count in (300, 1200):
        plan = _registry_of(tmp_path / str(count), count)
        counted["questions"] = 0
        arguments = ["units", "--plan", str(plan), "--as-of", "2025-06-30", "--format", "json"]
        result = runner.invoke(app, arguments)
        assert result.exit_code == 0, result.output
        # the units merged on 01/03/2025 are no longer listed on 30/06
        assert result.stdout.count('"name": "Đơn vị số') == count - count // 10
        asked[count] = counted["questions"]
    assert asked[1200] <= 4.5 * asked[300], asked
    assert asked[1200] <= 40 * 1200, asked


# --- 19.11: files parplan makes get the umask's mode


@pytest.fixture
def umask():
    """Set the process's umask for a test, and put the old one back."""
    previous = os.umask(0o022)
    os.umask(previous)

    def set_to(mask: int) -> int:
        os.umask(mask)
        return 0o666 & ~mask

    yield set_to
    os.umask(previous)


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o027, 0o077])
def test_new_files_get_the_umasks_mode(repo: Path, runner, umask, mask: int) -> None:
    expected = umask(mask)
    plan = repo / "plan-2025.yaml"
    made = {
        "import --out": [
            "import",
            str(Path(__file__).parent / "import" / "so-noi-vu-2026.txt"),
            "--out",
            str(repo / "imported" / "plan-2026.yaml"),
        ],
        "report -o": ["report", "--period", "Q1", "--plan", str(plan), "-o", str(repo / "r.md")],
        "export --sqlite": ["export", "--sqlite", str(repo / "x.db"), "--plan", str(plan)],
    }
    (repo / "imported").mkdir()
    for name, arguments in made.items():
        result = runner.invoke(app, arguments)
        assert result.exit_code == 0, (name, result.output)
    for path in (
        repo / "imported" / "plan-2026.yaml",
        repo / "imported" / "units.yaml",
        repo / "r.md",
        repo / "x.db",
        repo / "metadata.json",
    ):
        assert oct(path.stat().st_mode & 0o777) == oct(expected), path
    # A file that exists keeps its own mode, whatever the umask
    (repo / "r.md").chmod(0o600)
    runner.invoke(app, made["report -o"])
    assert (repo / "r.md").stat().st_mode & 0o777 == 0o600


# --- 19.13: the smaller ones


@pytest.mark.parametrize(
    ("encoding", "bom", "said"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
        ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32"),
    ],
)
def test_a_utf16_plan_is_said_to_be_utf16_not_tcvn3(
    repo: Path, runner, encoding: str, bom: bytes, said: str
) -> None:
    """Notepad's "Unicode" is UTF-16 with a byte-order mark: the old message blamed TCVN3/VNI."""
    plan = repo / "plan-2025.yaml"
    plan.write_bytes(bom + PLAN.read_text(encoding="utf-8").encode(encoding))
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == (
        f"{plan}:1:1: error: the file is saved as {said} (it starts with a {said} byte-order "
        "mark): save it as UTF-8 [file-encoding]\n"
    )
    vi = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert f"tệp được lưu dưới dạng {said}" in vi.stdout and "TCVN3" not in vi.stdout
    # a legacy code page still gets the old advice
    plan.write_bytes(PLAN.read_text(encoding="utf-8").encode("cp1258", "replace"))
    legacy = runner.invoke(app, ["validate", "--plan", str(plan), "--lang", "en"])
    assert "perhaps TCVN3, VNI or Windows-1258" in legacy.stdout


@pytest.mark.parametrize("hidden", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u200d"])
def test_accept_aliases_refuses_a_name_with_hidden_characters(
    tmp_path: Path, runner, hidden: str
) -> None:
    import shutil

    source = tmp_path / "chuong-trinh.txt"
    text = (Path(__file__).parent / "import" / "chuong-trinh-2026-2030.txt").read_text(
        encoding="utf-8"
    )
    assert "\nVăn phòng Bộ Nội vụ\n" in text
    source.write_text(
        text.replace("\nVăn phòng Bộ Nội vụ\n", f"\nVăn phòng Bộ{hidden} Nội vụ\n", 1),
        encoding="utf-8",
    )
    units = tmp_path / "units.yaml"
    shutil.copy(UNITS, units)
    before = units.read_bytes()
    out = tmp_path / "plan.yaml"
    arguments = ["import", str(source), "--out", str(out), "--units", str(units)]
    result = runner.invoke(app, [*arguments, "--accept-aliases", "--lang", "en"])
    assert "[import-alias-added]" not in result.stderr
    assert "[import-alias-hidden]" in result.stderr
    assert "holds hidden characters" in result.stderr
    assert units.read_bytes() == before  # nothing stored
    assert hidden not in result.stderr  # shown as an escape
    assert "Traceback" not in result.output


def test_the_xlsx_report_holds_the_work_log_texts(repo: Path, runner, tmp_path: Path) -> None:
    """A work-log entry of an ongoing item (recorded with `log`) is in the xlsx report's work-log
    sheet as in the Markdown report's work-log table: the item's text, then the log's — never
    among the completed items (it is work towards the item, not its completion)."""
    from openpyxl import load_workbook

    plan = repo / "plan-2025.yaml"
    common = ["--plan", str(plan), "--lang", "en"]
    logged = runner.invoke(
        app, ["log", "I.5.2", "--text", "Họp giao ban tháng 3", "--on", "2025-03-05", *common]
    )
    assert logged.exit_code == 0, logged.output
    report = ["report", "--period", "Q1", "--as-of", "2025-03-31", *common]
    markdown = runner.invoke(app, [*report, "--format", "md"])
    section = markdown.stdout.split("Work carried out in the period, from the work log")[1]
    row = next(line for line in section.splitlines() if "| I.5.2 |" in line)
    assert row.split(" | ")[5] == "Họp giao ban tháng 3", row
    completed = markdown.stdout.split("COMPLETED IN THE PERIOD")[1].split("Work carried out")[0]
    assert "I.5.2" not in completed
    target = tmp_path / "report.xlsx"
    assert runner.invoke(app, [*report, "--format", "xlsx", "-o", str(target)]).exit_code == 0
    workbook = load_workbook(target)
    cells = [r for r in workbook["Work log"].iter_rows(values_only=True) if r and r[1] == "I.5.2"]
    assert len(cells) == 1
    assert cells[0][5] == "Họp giao ban tháng 3"
    completed_rows = workbook["Completed"].iter_rows(values_only=True)
    assert not [r for r in completed_rows if r and r[1] == "I.5.2"]


@pytest.mark.skipif(not POSIX, reason="a file name holding a newline")
def test_validates_own_lines_stay_one_line_whatever_a_name_holds(
    repo: Path, runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of issue 19: the line saying a plan is valid, and the note saying the cache was
    not used, printed a plan's or a folder's name as it was: a newline in it forged a
    diagnostic line."""
    forged = "plan.yaml:1:1: error: forged [forged]"
    plan = repo / f"ok\n{forged}"
    plan.write_bytes((repo / "plan-2025.yaml").read_bytes())
    folder = tmp_path / f"cache\x1b[2K\n{forged}"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # others can write it: refused, and the note names it
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(folder))
    result = runner.invoke(
        app,
        ["validate", "--plan", str(plan), "--units", str(repo / "units.yaml"), "--lang", "en"],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{repo}/ok\\n{forged}: valid (")
    assert lines[1].startswith("Note: ") and f"cache\\x1b[2K\\n{forged}" in lines[1]
    assert "\x1b" not in result.stderr


@pytest.mark.skipif(not POSIX, reason="a file name holding a newline")
def test_a_commands_message_names_a_file_on_one_line(repo: Path, runner) -> None:
    """Review of issue 19: ``done`` on a read-only plan, and what it wrote, printed the plan's
    name as it was: a newline in it printed a forged diagnostic line."""
    forged = "plan.yaml:1:1: error: forged [forged]"
    plan = repo / f"ok\n{forged}"
    plan.write_bytes((repo / "plan-2025.yaml").read_bytes())
    args = ["done", "II.2", "--plan", str(plan), "--units", str(repo / "units.yaml")]
    args += ["--on", "2025-03-20", "--evidence", "QĐ 1", "--lang", "en"]
    plan.chmod(0o444)
    refused = runner.invoke(app, args)
    plan.chmod(0o644)
    assert refused.exit_code == 1
    assert refused.stdout == ""
    assert len(refused.stderr.splitlines()) == 1
    assert f"ok\\n{forged}" in refused.stderr
    written = runner.invoke(app, args)
    assert written.exit_code == 0, written.stderr
    assert not any(line.startswith(forged) for line in written.stdout.splitlines())
    assert f"ok\\n{forged}:" in written.stdout
