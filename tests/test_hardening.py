"""Issue 10: no crash on any file, no lost edit, no injected output.

Each test is one finding of the adversarial review, on copies of the real plan and units files
(or the small files of tests/cases/valid). The located diagnostics of hostile files are also in
the corpus tests/cases/invalid (yaml-tag, yaml-alias, hidden-characters, digits, …).
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.core.text import markdown_escape, neutralise_formula, printable
from parplan.io import files, ledger
from parplan.io.errors import DataError
from parplan.io.loader import load_plan
from parplan.render.layout import clip

TODAY = date(2025, 6, 30)
DEADLINE = "            deadline: Tháng 3/2025\n"  # I.5.1's last line (line 163 of the plan)
NEXT = "          - id: I.5.2\n"
I51 = DEADLINE + NEXT
I51_PRODUCT = (
    "product: Xây dựng và triển khai thực hiện Kế hoạch thông tin, tuyên truyền CCHC năm 2025."
)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    """A copy of the real plan and units files."""
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def units_of(plan: Path) -> Path:
    return plan.parent / "units.yaml"


def edit_plan(plan: Path, old: str, new: str) -> None:
    text = plan.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    plan.write_text(text.replace(old, new), encoding="utf-8")


def invoke(runner, *args: str):
    return runner.invoke(app, [*args, "--lang", "en"])


def no_traceback(result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


# ---------------------------------------------------------------------------------------------
# 1-4: names of no letters, tags, aliases — in every command


def test_a_short_of_only_combining_marks_is_bad_value_not_a_crash(runner, plan: Path) -> None:
    units = units_of(plan)
    units.write_text(
        units.read_text(encoding="utf-8").replace("short: VP\n", 'short: "\\u0301"\n', 1),
        encoding="utf-8",
    )
    line = next(
        n
        for n, text in enumerate(units.read_text(encoding="utf-8").splitlines(), 1)
        if "\\u0301" in text
    )
    for command in (["validate"], ["due"], ["units"], ["done", "I.5.1", "-e", "QĐ 1"]):
        result = invoke(runner, *command, "--plan", str(plan))
        no_traceback(result)
        assert result.exit_code == 1, (command, result.output)
    result = invoke(runner, "validate", "--plan", str(plan))
    assert f"units.yaml:{line}:12: error: 'short' has no letter or digit [bad-value]" in (
        result.stdout
    )


@pytest.mark.parametrize(
    "value", ["!custom hello", "!!python/name:os.system ''", "!!float abc", "!!timestamp x"]
)
def test_tags_are_refused_at_their_place_by_validate_and_done(runner, plan, value) -> None:
    edit_plan(plan, I51, f"{DEADLINE}            note: {value}\n{NEXT}")
    line = plan.read_text(encoding="utf-8").splitlines().index(f"            note: {value}") + 1
    before = plan.read_bytes()
    result = invoke(runner, "validate", "--plan", str(plan))
    assert result.exit_code == 1
    assert f"plan-2025.yaml:{line}:19: error: plan and units files do not use YAML tags" in (
        result.stdout
    )
    for command in (["done", "II.2", "-e", "QĐ 1", "--on", "2025-03-20"], ["undo", "II.2"]):
        result = invoke(runner, *command, "--plan", str(plan))
        no_traceback(result)
        assert result.exit_code == 1
        assert "[yaml-unsupported]" in result.stderr
    assert plan.read_bytes() == before


BOMB = "&a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"  b{n}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
    f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(9)
)


@pytest.mark.parametrize("source", [BOMB, "&s [*s]\n"], ids=["bomb", "self"])
def test_alias_in_plan_source_is_refused_quickly_everywhere(runner, plan, source) -> None:
    edit_plan(plan, "  year: 2025\n", "  year: 2025\n  source: " + source)
    before = plan.read_bytes()
    for command in (
        ["validate"],
        ["due"],
        ["done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20"],
        ["fmt"],
        ["fmt", "--check"],
    ):
        started = time.process_time()
        result = invoke(runner, *command, "--plan", str(plan))
        assert time.process_time() - started < 5
        no_traceback(result)
        assert result.exit_code == 1, (command, result.output)
        assert "[yaml-unsupported]" in result.output
    assert plan.read_bytes() == before


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: " + BOMB], ids=["self", "bomb"])
def test_textconv_survives_aliases(runner, tmp_path: Path, text: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.process_time()
    result = runner.invoke(app, ["textconv", str(path)])
    assert time.process_time() - started < 5
    no_traceback(result)
    assert result.exit_code == 0
    assert result.stdout == text  # not read as a plan: shown as written


# ---------------------------------------------------------------------------------------------
# 6: huge fields


def test_a_huge_product_is_bad_value_and_fast(runner, plan: Path) -> None:
    edit_plan(
        plan,
        I51_PRODUCT,
        "product: " + "ab " * 1_400_000,
    )
    started = time.process_time()
    result = invoke(runner, "validate", "--plan", str(plan))
    assert time.process_time() - started < 10
    assert result.exit_code == 1
    assert "'product' is longer than 5000 characters [bad-value]" in result.stdout


def test_clip_is_linear_and_unchanged_for_ordinary_texts() -> None:
    started = time.process_time()
    clipped = clip("word " * 800_000, 30, 2)
    assert time.process_time() - started < 0.5
    # by hand: 6 words of 4 letters and 5 spaces fill 29 of 30 columns; the second line is
    # the next 29 characters and "…"
    assert clipped == "word word word word word word\nword word word word word word…"
    # "hình thực hiện" (14) does not fit in 12: cut to 11 characters and "…"
    assert clip("Báo cáo tình hình thực hiện", 12, 2) == "Báo cáo tình\nhình thực h…"


# ---------------------------------------------------------------------------------------------
# 7-11: writes


def test_a_symlinked_plan_is_written_through(runner, plan: Path, tmp_path: Path) -> None:
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links here")
    link = tmp_path / "link.yaml"
    try:
        link.symlink_to(plan)
    except OSError:
        pytest.skip("symbolic links not permitted")
    result = invoke(
        runner, "done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20", "--plan", str(link)
    )
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert "            done: 2025-03-20\n            evidence: QĐ 1\n" in plan.read_text("utf-8")


def test_a_read_only_plan_is_refused(runner, plan: Path) -> None:
    os.chmod(plan, 0o444)
    before = plan.read_bytes()
    result = invoke(
        runner, "done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20", "--plan", str(plan)
    )
    assert result.exit_code == 1
    assert f"{plan} is read-only: not written. The file was not changed." in result.stderr
    assert plan.read_bytes() == before
    assert stat.S_IMODE(plan.stat().st_mode) == 0o444
    os.chmod(plan, 0o644)


def test_a_full_disk_names_the_file_and_leaves_no_lock(runner, plan: Path, monkeypatch) -> None:
    before = plan.read_bytes()

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = invoke(
        runner, "done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20", "--plan", str(plan)
    )
    assert result.exit_code == 1
    assert f"Cannot write {plan}: No space left on device." in result.stderr
    monkeypatch.undo()
    assert plan.read_bytes() == before
    assert [p.name for p in plan.parent.iterdir() if p.suffix == ".tmp"] == []
    result = invoke(
        runner, "done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20", "--plan", str(plan)
    )
    assert result.exit_code == 0, result.output  # the next writer is not locked out


def test_temporary_files_of_a_dead_writer_are_removed(runner, plan: Path) -> None:
    dead = plan.parent / ".plan-2025.yaml.k2j4x9qa.tmp"
    dead.write_bytes(b"half a plan")
    other = plan.parent / ".units.yaml.k2j4x9qa.tmp"  # another file's: not ours to remove
    other.write_bytes(b"x")
    result = invoke(
        runner, "done", "I.5.1", "-e", "QĐ 1", "--on", "2025-03-20", "--plan", str(plan)
    )
    assert result.exit_code == 0, result.output
    assert not dead.exists()
    assert other.exists()


def test_an_edit_saved_between_read_and_rename_is_kept(plan: Path, monkeypatch) -> None:
    """An editor saves the file after parplan read it and before its rename: the record is
    made again on the saved text, and the editor's change stays."""
    saves = []
    real_fsync = os.fsync

    def editor_saves_during_write(descriptor: int) -> None:
        real_fsync(descriptor)
        if not saves:
            edit_plan(
                plan, "# yaml-language-server", "# saved by an editor\n# yaml-language-server"
            )
            saves.append(1)

    monkeypatch.setattr(os, "fsync", editor_saves_during_write)
    change = ledger.record_done(
        plan, units_of(plan), "I.5.1", on=date(2025, 3, 20), evidence="QĐ 1", today=TODAY
    )
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# saved by an editor\n")
    assert "            done: 2025-03-20\n            evidence: QĐ 1\n" in text
    # after I.5.1's deadline line, counted in the saved text (+1 for the editor's line)
    lines = text.split("\n")
    deadline = next(
        n
        for n in range(lines.index("          - id: I.5.1"), len(lines))
        if "deadline:" in lines[n]
    )
    assert change.edit.added[0][0] == deadline + 2


def test_a_file_that_keeps_changing_is_not_overwritten(plan: Path, monkeypatch) -> None:
    real_fsync = os.fsync
    count = []

    def editor_saves_every_time(descriptor: int) -> None:
        real_fsync(descriptor)
        count.append(1)
        with open(plan, "a", encoding="utf-8") as stream:
            stream.write(f"# save {len(count)}\n")

    monkeypatch.setattr(os, "fsync", editor_saves_every_time)
    with pytest.raises(DataError) as raised:
        ledger.record_done(
            plan, units_of(plan), "I.5.1", on=date(2025, 3, 20), evidence="QĐ 1", today=TODAY
        )
    monkeypatch.undo()
    assert raised.value.key == "ledger.changed-meanwhile"
    text = plan.read_text(encoding="utf-8")
    assert text.endswith("".join(f"# save {n}\n" for n in range(1, ledger.REDO_ATTEMPTS + 1)))
    assert "evidence: QĐ 1" not in text


def test_fmt_keeps_an_edit_saved_while_it_writes(runner, plan: Path, monkeypatch) -> None:
    edit_plan(plan, "  year: 2025\n", "  year:   2025\n")  # something for fmt to do
    real_fsync = os.fsync
    saves = []

    def editor(descriptor: int) -> None:
        real_fsync(descriptor)
        if not saves:
            saves.append(1)
            edit_plan(plan, "plan:\n  title:", "plan:\n  # saved by an editor\n  title:")

    monkeypatch.setattr(os, "fsync", editor)
    result = invoke(runner, "fmt", "--plan", str(plan), str(plan))
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert "plan:\n  # saved by an editor\n  title: Kế hoạch" in text
    assert "  year: 2025\n" in text


def test_fmt_formats_again_an_edit_saved_before_it_takes_the_lock(
    runner, plan: Path, monkeypatch
) -> None:
    """fmt reads and formats the file, then takes the lock to write: a file saved in between is
    formatted again from what was saved, not overwritten with the text of the first reading."""
    edit_plan(plan, "  year: 2025\n", "  year:   2025\n")  # something for fmt to do
    real_locked = files.locked

    def saved_then_locked(path: Path, *args, **kwargs):
        edit_plan(plan, "plan:\n  title:", "plan:\n  # saved by an editor\n  title:")
        return real_locked(path, *args, **kwargs)

    monkeypatch.setattr(files, "locked", saved_then_locked)
    result = invoke(runner, "fmt", str(plan))
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    assert "plan:\n  # saved by an editor\n  title: Kế hoạch" in text
    assert "  year: 2025\n" in text


def test_an_unreadable_plan_is_file_unreadable_not_a_usage_error(
    runner, plan: Path, monkeypatch
) -> None:
    """chmod 000 cannot be tested as root: the refusal is simulated where the OS gives it."""
    real_access, real_read = os.access, Path.read_bytes

    def access(path, mode, *args, **kwargs):
        return False if Path(path) == plan else real_access(path, mode, *args, **kwargs)

    def read_bytes(self: Path) -> bytes:
        if self == plan:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    real_open = os.open

    def open_(path, flags, *args, **kwargs):  # how io.reading opens (issue 19)
        if Path(path) == plan:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "open", open_)
    for command in (["due"], ["validate"], ["show", "I.5.1"]):
        result = invoke(runner, *command, "--plan", str(plan))
        assert result.exit_code == 1, (command, result.output)
        assert f"{plan}:1:1: error: cannot read the file: Permission denied [file-unreadable]" in (
            result.output
        )


# ---------------------------------------------------------------------------------------------
# 12-14: output


def test_neutralise_formula_follows_owasp() -> None:
    for start in "=+-@\t\r":
        assert neutralise_formula(start + "1") == "'" + start + "1"
    assert neutralise_formula("Tháng 3/2025") == "Tháng 3/2025"
    assert neutralise_formula("") == ""


def test_csv_cells_are_never_formulas(runner, plan: Path) -> None:
    edit_plan(
        plan,
        I51_PRODUCT,
        """product: '=HYPERLINK("http://evil.example","x")'""",
    )
    args = ["list", "--format", "csv", "--lang", "en", "--plan", str(plan), "--as-of", "2025-06-30"]
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.output
    rows = {row["ID"]: row for row in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))}
    assert rows["I.5.1"]["Product"] == '\'=HYPERLINK("http://evil.example","x")'
    # I.1's deadline is written "- Ban hành: Tháng 12/2024; - Triển khai: Năm 2025" in 971/QĐ-BNV
    assert rows["I.1"]["Deadline"] == "'- Ban hành: Tháng 12/2024; - Triển khai: Năm 2025"
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_markdown_of_show_has_no_raw_markup(runner, plan: Path) -> None:
    edit_plan(
        plan,
        I51,
        DEADLINE + '            note: "# Heading\\n- item\\n<img src=x onerror=alert(1)>"\n'
        "            done: 2025-03-20\n"
        '            evidence: "![x](http://evil.example/p.png) [a](javascript:alert(1))"\n'
        '            recorded_by: "<script>x</script>"\n' + NEXT,
    )
    result = invoke(runner, "show", "I.5.1", "--format", "md", "--plan", str(plan))
    assert result.exit_code == 0, result.output
    out = result.stdout
    # No HTML: every < and > of plan text escaped (a note of parplan's own is a "> " quote).
    assert not re.search(r"(?<!\\)[<>]", re.sub(r"(?m)^> ", "", out))
    assert "![" not in out and "](" not in out.replace("\\](", "")
    assert re.findall(r"^#+ ", out, re.M) == ["### "]  # the document's own title only
    assert not re.search(r"^- item", out, re.M)
    assert "\\# Heading - item \\<img src=x onerror=alert(1)\\>" in out


def test_markdown_escape_by_hand() -> None:
    assert markdown_escape("[a](javascript:x)") == "\\[a\\](javascript:x)"
    assert markdown_escape("# x\n1. y") == "\\# x 1. y"
    assert markdown_escape("1. y") == "1\\. y"
    assert markdown_escape("a &amp; b") == "a \\&amp; b"
    assert markdown_escape("Cục VT<NN") == "Cục VT\\<NN"


HOSTILE = "\x1b]0;owned\x07\x1b[2J[link=https://evil.example]click[/link] [x] \u202eabc"


def test_terminal_views_print_plan_text_as_plain_text(runner, plan: Path) -> None:
    edit_plan(
        plan,
        I51_PRODUCT,
        'product: "\\e]0;owned\\a\\e[2J[link=https://evil.example]click[/link] [x] \\u202eabc"',
    )
    result = invoke(runner, "show", "I.5.1", "--plan", str(plan), "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\u202e" not in result.stdout
    flat = " ".join(result.stdout.split())
    assert "\\x1b]0;owned\\x07\\x1b[2J[link=https://evil.example]click[/link] [x]" in flat
    assert "\\u202eabc" in flat
    for command in (["list"], ["due", "--as-of", "2025-03-01"], ["validate"]):
        result = invoke(runner, *command, "--plan", str(plan))
        assert "\x1b" not in result.output and "\u202e" not in result.output, command


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--period", "Q1", "--format", "json"],
        ["report", "--period", "Q1", "--format", "html"],
        ["report", "--period", "Q1", "--format", "md"],
        ["ics", "--from", "2025-01-01", "--to", "2025-12-31"],
        ["list", "--format", "json"],
    ],
)
def test_documents_printed_on_a_terminal_show_hidden_characters_escaped(
    plan: Path, command: list[str]
) -> None:
    # A real terminal (a pseudo-terminal): piped, the same documents carry the data as it is.
    pty = pytest.importorskip("pty")
    import subprocess

    edit_plan(plan, I51_PRODUCT, 'product: "Kế hoạch \\e]0;owned\\a \\u202eabc"')
    # I.5.1 is due in March 2025: in the Q1 report, the calendar and the list
    argv = [sys.executable, "-m", "parplan", *command, "--plan", str(plan), "--lang", "en"]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    piped = subprocess.run(argv, capture_output=True, env=env, timeout=60)
    assert piped.returncode == 0, piped.stderr.decode()
    assert "\u202e".encode() in piped.stdout or b"\\u202e" in piped.stdout
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(argv, stdout=follower, stderr=subprocess.DEVNULL, env=env)
        os.close(follower)  # the child holds it: reading ends when the child does
        follower = -1
        shown = b""
        while True:  # read as it comes: a full terminal buffer would stop the child
            try:
                data = os.read(leader, 65536)
            except OSError:  # the terminal closed
                break
            if not data:
                break
            shown += data
        process.wait(timeout=60)
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert process.returncode == 0, shown.decode(errors="replace")
    assert b"owned" in shown
    assert b"\x1b]0;" not in shown and b"\x07" not in shown
    assert "\u202e".encode() not in shown
    assert b"\\x0d" not in shown  # iCalendar's CRLF line ends are line ends, not text


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_a_reader_that_closed_the_pipe_is_not_an_error(plan: Path, form: str) -> None:
    # The reader is gone before the first write: Click's own exit 1 for a closed pipe is 0 here.
    import subprocess

    argv = [sys.executable, "-m", "parplan", "due", "--unit", "VP", "--plan", str(plan)]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    process = subprocess.Popen(
        [*argv, "--format", form], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor before the program starts")
@pytest.mark.parametrize(
    ("command", "code"),
    [(["due", "--unit", "VP"], 1), (["list", "--format", "json"], 1), (["validate"], 0)],
)
def test_standard_output_closed_is_said_not_a_traceback(
    plan: Path, command: list[str], code: int
) -> None:
    # `parplan due >&-` (review of issue 23): Python has no stdout then; writing the view raised
    # AttributeError. Now the output cannot be written, as to /dev/full: said, exit 1 (validate
    # writes its summary to standard error: nothing to fail).
    import subprocess

    argv = [sys.executable, "-m", "parplan", *command, "--plan", str(plan), "--lang", "en"]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    result = subprocess.run(
        argv, stderr=subprocess.PIPE, env=env, timeout=60, preexec_fn=lambda: os.close(1)
    )
    stderr = result.stderr.decode()
    assert result.returncode == code, stderr
    assert "Traceback" not in stderr
    if code:
        assert stderr == "Cannot write the output: Bad file descriptor.\n"


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor before the program starts")
def test_standard_error_closed_keeps_the_exit_code(plan: Path) -> None:
    import subprocess

    argv = [sys.executable, "-m", "parplan", "due", "--unit", "Nowhere", "--plan", str(plan)]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    result = subprocess.run(
        argv, stdout=subprocess.PIPE, env=env, timeout=60, preexec_fn=lambda: os.close(2)
    )
    assert result.returncode == 2
    assert result.stdout == b""


def test_a_reader_that_stops_early_is_not_an_error(plan: Path) -> None:
    # `parplan list --format json | head`: the JSON (112 KB) is more than a pipe holds, so the
    # writer meets a closed pipe; like any such tool, it stops quietly with status 0.
    import subprocess

    argv = [sys.executable, "-m", "parplan", "list", "--format", "json", "--plan", str(plan)]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b"[\n  {\n    "
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def test_validate_messages_escape_control_characters(runner, plan: Path) -> None:
    edit_plan(
        plan,
        I51_PRODUCT + "\n            lead:\n              - Vụ Cải cách hành chính\n",
        I51_PRODUCT + '\n            lead:\n              - "Vụ\\e[2J"\n',
    )
    result = invoke(runner, "validate", "--plan", str(plan))
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "'Vụ\\x1b[2J'" in result.stdout


def test_printable_by_hand() -> None:
    assert printable(HOSTILE) == (
        "\\x1b]0;owned\\x07\\x1b[2J[link=https://evil.example]click[/link] [x] \\u202eabc"
    )
    assert printable("Tháng 3\n\tNăm") == "Tháng 3\n\tNăm"


# ---------------------------------------------------------------------------------------------
# Minor


def test_evidence_of_only_a_zero_width_space_is_missing(runner, plan: Path) -> None:
    result = invoke(
        runner, "done", "I.5.1", "-e", "\u200b", "--on", "2025-03-20", "--plan", str(plan)
    )
    assert result.exit_code == 2
    assert "evidence" in result.stderr.lower()


@pytest.mark.parametrize("on", ["٢٠٢٥-03-20", "2025-0٣-20", "٢٠/03/2025"])
def test_non_ascii_digits_in_on_are_a_usage_error(runner, plan: Path, on: str) -> None:
    before = plan.read_bytes()
    result = invoke(runner, "done", "I.5.1", "-e", "QĐ 1", "--on", on, "--plan", str(plan))
    assert result.exit_code == 2
    assert plan.read_bytes() == before


def test_non_ascii_digits_in_a_deadline_are_an_error(plan: Path) -> None:
    edit_plan(plan, I51, "            deadline: Tháng ٣/2025\n" + NEXT)
    from parplan.checks.rules import validate

    errors = validate(plan, units_of(plan), TODAY).errors
    line = (
        plan.read_text(encoding="utf-8").splitlines().index("            deadline: Tháng ٣/2025")
        + 1
    )
    assert ("bad-value", line, 23) in {(d.code, d.source.line, d.source.column) for d in errors}


def test_the_real_plan_is_still_clean() -> None:
    from parplan.checks.rules import validate

    _plan, problems = load_plan(PLAN)
    assert problems == []
    assert validate(PLAN, UNITS, TODAY).errors == ()


def _editor_saves(plan: Path) -> None:
    """An editor saves the plan with a comment added: a new file renamed over the old."""
    saved = plan.read_text(encoding="utf-8").replace(
        "# yaml-language-server", "# saved by an editor\n# yaml-language-server"
    )
    temporary = plan.with_name("editor.tmp")
    temporary.write_text(saved, encoding="utf-8")
    os.replace(temporary, plan)


def _record_made_again_on_the_save(plan: Path) -> None:
    """``done`` on I.5.1 keeps the editor's save (``_editor_saves``) and adds its record to it,
    leaving no temporary file behind."""
    ledger.record_done(
        plan, units_of(plan), "I.5.1", on=date(2025, 3, 20), evidence="QĐ 1", today=TODAY
    )
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# saved by an editor\n")
    assert "            done: 2025-03-20\n            evidence: QĐ 1\n" in text
    assert sorted(p.name for p in plan.parent.iterdir() if p.suffix != ".lock") == [
        "plan-2025.yaml",
        "units.yaml",
    ]


def test_a_save_in_the_instant_before_the_swap_is_given_back(plan: Path, monkeypatch) -> None:
    """The last check passes, then an editor saves before the new file goes in: the swap
    finds their file displaced, puts it back, and the record is made again on it."""
    if files._renameat2() is None:
        pytest.skip("no atomic swap of file names on this system")
    real_holds = files._holds
    saves = []

    def check_then_editor_saves(path: Path, expected: bytes) -> bool:
        found = real_holds(path, expected)
        if not saves:  # the first call: the last check, before the swap
            saves.append(1)
            _editor_saves(plan)
        return found

    monkeypatch.setattr(files, "_holds", check_then_editor_saves)
    _record_made_again_on_the_save(plan)


def test_a_save_displaced_by_the_swap_that_cannot_be_read_is_given_back(
    plan: Path, monkeypatch
) -> None:
    """As above, and the file the swap displaced cannot be read back (an error reading it):
    it is not known to be the one the edit was made from, so it goes back in place, never
    deleted; the record is made again on it (review of issue 23, sixth round: before, the
    error discarded the displaced file, the editor's save, and left ours in place)."""
    if files._renameat2() is None:
        pytest.skip("no atomic swap of file names on this system")
    real_holds = files._holds
    calls = []

    def editor_saves_then_unreadable(path: Path, expected: bytes) -> bool:
        calls.append(path)
        if len(calls) == 1:  # the last check, before the swap: then the editor saves
            found = real_holds(path, expected)
            _editor_saves(plan)
            return found
        if len(calls) == 2:  # the file the swap displaced
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_holds(path, expected)

    monkeypatch.setattr(files, "_holds", editor_saves_then_unreadable)
    _record_made_again_on_the_save(plan)


# ---------------------------------------------------------------------------------------------
# Keep it held: `done` killed at random points; an editor saving while done/undo run

CRASH_RUNS = int(os.environ.get("PARPLAN_CRASH_RUNS", "24"))


def test_done_killed_at_random_points_leaves_before_or_after(plan: Path) -> None:
    """Each run starts `parplan done` and kills it (SIGKILL on POSIX, TerminateProcess on
    Windows) after a random delay: the plan is then byte for byte the file before, or the file
    with the two lines of the record; and the next writer gets in at once."""
    import random
    import subprocess
    import sys

    before = plan.read_bytes()
    # By hand: the record goes after I.5.1's deadline, line 163 of the plan.
    after = before.replace(
        I51.encode(),
        (DEADLINE + "            done: 2025-03-20\n            evidence: QĐ 1\n" + NEXT).encode(),
    )
    assert after != before
    command = [sys.executable, "-m", "parplan", "done", "I.5.1", "--on", "2025-03-20"]
    command += ["-e", "QĐ 1", "--plan", str(plan)]
    chance = random.Random(int(os.environ.get("PARPLAN_CRASH_SEED", "10")))
    outcomes = {"before": 0, "after": 0}
    for _ in range(CRASH_RUNS):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.0, 0.45))
        process.kill()
        process.wait()
        now = plan.read_bytes()
        assert now in (before, after)
        state = "after" if now == after else "before"
        outcomes[state] += 1
        with files.locked(plan, timeout=0):  # nobody holds the lock: the writer died with it
            pass  # (taking it also removes a temporary file the writer may have left)
        assert [p.name for p in plan.parent.iterdir() if p.suffix == ".tmp"] == []
        plan.write_bytes(before)
    assert sum(outcomes.values()) == CRASH_RUNS
    # and the next `done` goes through at once
    started = time.process_time()
    ledger.record_done(
        plan, units_of(plan), "I.5.1", on=date(2025, 3, 20), evidence="QĐ 1", today=TODAY
    )
    assert plan.read_bytes() == after
    assert time.process_time() - started < 5


EDITOR = r"""
import os, sys, time
plan, stop, report = sys.argv[1], sys.argv[2], sys.argv[3]
saves = lost = 0
while not os.path.exists(stop):
    with open(plan, encoding="utf-8", newline="") as stream:
        text = stream.read()
    if saves and f"# editor save {saves}\n" not in text:
        lost += 1
    lines = text.split("\n", 1)
    head = lines[0] if lines[0].startswith("# editor save") else None
    body = lines[1] if head else text
    saves += 1
    temporary = plan + ".editor"
    with open(temporary, "w", encoding="utf-8", newline="") as stream:
        stream.write(f"# editor save {saves}\n" + body)
    os.replace(temporary, plan)
    # Bursts of saves 20 ms apart, then a pause: a done/undo needs a moment without saves
    # to go through (during a burst it makes its edit again, then gives up: never overwrites).
    time.sleep(0.02 if saves % 10 else 0.5)
with open(report, "w") as stream:
    stream.write(f"{saves} {lost}")
"""


def test_an_editor_saving_every_20_ms_never_loses_a_save(plan: Path, tmp_path: Path) -> None:
    """An editor process saves the plan every 20 ms (a new first line each time, written to a
    temporary file and renamed, as editors do) while done/undo pairs run. Before each save it
    checks that its previous save is still there: none may be lost."""
    import subprocess
    import sys

    stop, report = tmp_path / "stop", tmp_path / "report"
    editor = subprocess.Popen([sys.executable, "-c", EDITOR, str(plan), str(stop), str(report)])
    from parplan.io.errors import RequestError

    writes = refused = rounds = 0
    started = time.process_time()

    def editor_saves() -> int:
        first = plan.read_bytes().split(b"\n", 1)[0]
        return int(first.rsplit(b" ", 1)[1]) if first.startswith(b"# editor save") else 0

    try:
        time.sleep(0.2)
        # At least 8 rounds, and as many more as it takes the editor to save 20 times: a fast
        # done/undo must meet as many of its saves as a slow one.
        while rounds < 8 or (editor_saves() < 20 and time.process_time() - started < 30):
            rounds += 1
            for action in ("done", "undo"):
                try:
                    if action == "done":
                        ledger.record_done(
                            plan,
                            units_of(plan),
                            "I.5.1",
                            on=date(2025, 3, 20),
                            evidence="QĐ 1",
                            today=TODAY,
                        )
                    else:
                        ledger.undo_done(plan, units_of(plan), "I.5.1", today=TODAY)
                    writes += 1
                except RequestError:
                    pass  # the editor's own save replaced our record (its read was older)
                except DataError as error:
                    assert error.key == "ledger.changed-meanwhile"
                    refused += 1
    finally:
        stop.write_text("stop")
        editor.wait(timeout=30)
    saves, lost = map(int, report.read_text().split())
    assert writes >= 2 and saves >= 20, (writes, refused, saves)
    assert lost == 0, f"{lost} of {saves} editor saves lost"


@pytest.mark.parametrize(
    "command", [["list", "--format", "json"], ["list", "--format", "csv"], ["show", "I.5.1"]]
)
def test_an_output_that_cannot_be_written_is_a_message_not_a_traceback(
    plan: Path, command: list[str]
) -> None:
    # /dev/full: every write fails with "No space left on device" (Linux)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    import subprocess

    argv = [sys.executable, "-m", "parplan", *command, "--plan", str(plan), "--lang", "en"]
    env = {**os.environ, "PARPLAN_TODAY": "2025-03-10", "PARPLAN_CACHE": "off"}
    with open("/dev/full", "w") as full:
        result = subprocess.run(argv, stdout=full, stderr=subprocess.PIPE, env=env, timeout=60)
    assert result.returncode == 1
    assert result.stderr.decode() == "Cannot write the output: No space left on device.\n"
