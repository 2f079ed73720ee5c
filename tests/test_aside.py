"""Writes made aside (``cli.aside``): in a child process on Linux, waited for before the command
ends, so that the next command finds what they write; at once everywhere else."""

from __future__ import annotations

import contextvars
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from parplan.checks.loaded import Loaded
from parplan.cli import aside
from parplan.io.cache import _unpickle

FORKS = sys.platform.startswith("linux") and hasattr(os, "fork")


@pytest.mark.parametrize(
    ("platform", "expected"),
    [("win32", False), ("darwin", False), ("cygwin", False), ("linux", FORKS)],
)
def test_forks_only_on_linux(platform: str, expected: bool) -> None:
    assert aside.can_fork(platform) is expected


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert aside.can_fork("linux") is False
    finally:
        stop.set()
        other.join()


def test_outside_the_program_the_write_is_made_at_once() -> None:
    """The tests' runner, the Python API: no child, the job has run when the call returns."""
    done: list[int] = []
    contextvars.copy_context().run(aside.write_aside, lambda: done.append(1))
    assert done == [1]


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_in_the_program_the_write_is_made_by_a_child_and_waited_for(tmp_path: Path) -> None:
    done: list[int] = []
    written = tmp_path / "written"

    def job() -> None:
        done.append(os.getpid())  # in the child's memory: the parent's list stays empty
        written.write_text(str(os.getpid()))

    def program() -> None:
        aside.start()
        aside.write_aside(job)
        aside.wait_aside()

    contextvars.copy_context().run(program)
    assert done == []
    assert int(written.read_text()) != os.getpid()


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_a_failing_child_costs_only_its_write(tmp_path: Path) -> None:
    def job() -> None:
        raise RuntimeError("disk gone")

    def program() -> None:
        aside.start()
        aside.write_aside(job)
        aside.wait_aside()

    contextvars.copy_context().run(program)  # nothing raised here, nothing left running


def test_a_cold_view_leaves_the_whole_model_for_the_next_command(copied_plan: Path) -> None:
    """``parplan due --unit`` as a program, with no entry: when it has ended, the whole model's
    entry (written aside on Linux) is there and sound, beside the unit's and validate's."""
    folder = Path(os.environ["PARPLAN_CACHE_DIR"])
    argv = [sys.executable, "-m", "parplan", "due", "--unit", "Văn phòng Bộ"]
    argv += ["--as-of", "2025-06-30", "--plan", str(copied_plan)]
    result = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert "Văn phòng Bộ" in result.stdout
    assert result.stderr == ""
    names = sorted(path.name for path in folder.glob("*.pickle"))
    wholes = [name for name in names if name.count("-") == 1]
    assert len(wholes) == 1, names
    assert any(name.endswith("-validate.pickle") for name in names)
    assert len(names) == 3, names  # the whole model's, validate's and the unit's
    names_spelt = (str(copied_plan), str(copied_plan.parent / "units.yaml"))
    whole = _unpickle(folder / wholes[0], names_spelt)
    assert isinstance(whole, Loaded)
    assert len(whole.plan.items) == 132  # the decision's appendix: 132 items
    assert whole.errors == ()
