"""Writes made aside (``cli.aside``): in a child process on Linux, waited for before the command
ends, so that the next command finds what they write; at once everywhere else."""

from __future__ import annotations

import contextvars
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from parplan.checks.loaded import Loaded
from parplan.cli import aside
from parplan.core.model import Diagnostic, Source
from parplan.io import cache, cache_columns, cache_files, cache_load
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


def test_outside_the_program_no_job_is_started() -> None:
    """The tests' runner, the Python API: no child, no job; the caller writes itself."""
    got: list[bytes | None] = []
    send = contextvars.copy_context().run(
        aside.write_aside_after, lambda receive: got.append(receive())
    )
    assert send is None
    assert got == []


def _program(job: Callable[[Callable[[], bytes | None]], None], data: bytes | None) -> None:
    """As ``cli.app.main`` does: start, a job written aside (sent ``data`` unless None), wait."""

    def program() -> None:
        aside.start()
        send = aside.write_aside_after(job)
        if send is None:
            job(lambda: data)  # as the cache does where no child is had: the work done here
        elif data is not None:
            send(data)
        aside.wait_aside()

    contextvars.copy_context().run(program)


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_in_the_program_a_child_runs_the_job_and_is_waited_for(tmp_path: Path) -> None:
    ran: list[int] = []
    written = tmp_path / "written"

    def job(receive: Callable[[], bytes | None]) -> None:
        ran.append(os.getpid())  # in the child's memory: the parent's list stays empty
        written.write_bytes(f"{os.getpid()}:".encode() + (receive() or b"?"))

    sent = b"\x00" * 200_000  # more than a pipe holds: sent while the child reads
    _program(job, sent)
    assert ran == []
    pid, _, received = written.read_bytes().partition(b":")
    assert int(pid) != os.getpid()
    assert received == sent


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_a_child_sent_nothing_ends_without_its_write(tmp_path: Path) -> None:
    """The parent ended (an error) before sending: the child is not waited for forever."""
    written = tmp_path / "written"

    def job(receive: Callable[[], bytes | None]) -> None:
        written.write_text(repr(receive()))

    _program(job, None)
    assert written.read_text() == "None"


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_a_failing_child_costs_only_its_write() -> None:
    def job(receive: Callable[[], bytes | None]) -> None:
        raise RuntimeError("disk gone")

    _program(job, b"x")  # nothing raised here, nothing left running


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


# --- the cache's side: the entry a job written aside leaves is the entry written at once


def _deferred() -> tuple[cache_load.Aside, list[Callable[[], None]]]:
    """An ``aside`` that keeps each job, to be run when the test says (as a child that is slow)."""
    kept: list[Callable[[], None]] = []

    def later(job: Callable[[Callable[[], bytes | None]], None]) -> Callable[[bytes], None]:
        def send(data: bytes) -> None:
            kept.append(lambda: job(lambda: data))

        return send

    return later, kept


def test_an_entry_written_aside_holds_the_model_written_at_once(copied_plan: Path) -> None:
    units = copied_plan.parent / "units.yaml"
    later, kept = _deferred()
    loaded = cache.load_checked(copied_plan, units, None, unit="Văn phòng Bộ", aside=later)
    folder = Path(os.environ["PARPLAN_CACHE_DIR"])
    wholes = [p for p in folder.glob("*.pickle") if p.name.count("-") == 1]
    assert wholes == []  # not yet: the job has not run
    assert len(kept) == 1
    kept[0]()
    (whole,) = [p for p in folder.glob("*.pickle") if p.name.count("-") == 1]
    names = (str(copied_plan), str(units))
    stored = _unpickle(whole, names)
    reference = cache_load.load(copied_plan, units, copied_plan.read_bytes(), units.read_bytes())
    assert isinstance(stored, Loaded)
    assert stored.plan == reference.plan
    assert stored.registry == reference.registry
    assert stored.diagnostics == reference.diagnostics
    assert loaded.diagnostics == reference.diagnostics


def test_the_diagnostics_sent_name_the_files_by_the_very_strings(copied_plan: Path) -> None:
    """Where a diagnostic names the plan or units file, the child's own string is put in its
    place, so that the entry refers to the names as the model's Sources do (``_dump``)."""
    plan_name = "".join(["data/", "plan.yaml"])  # a string of its own, equal to the one sent
    units_name = "".join(["data/", "units.yaml"])
    sent = (
        Diagnostic(Source("data/plan.yaml", 3, 5), "warning", "unit-alias", {"name": "VP"}),
        Diagnostic(Source("elsewhere.yaml", 1, 1), "error", "yaml-syntax", {}),
    )
    got = cache_load.diagnostics_of(cache_load.pickled_diagnostics(sent), (plan_name, units_name))
    assert got == sent
    assert got is not None
    assert got[0].source.file is plan_name
    assert got[1].source.file == "elsewhere.yaml"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a pickle",
        pickle.dumps(["a list"]),
        pickle.dumps((Source("p", 1, 1),)),  # a model object, not a diagnostic
    ],
)
def test_bytes_that_are_not_diagnostics_write_nothing(data: bytes) -> None:
    assert cache_load.diagnostics_of(data, ("p", "u")) is None


def test_the_bytes_are_read_without_running_code(tmp_path: Path) -> None:
    planted = tmp_path / "ran"
    data = pickle.dumps(_Planted(str(planted)))
    assert cache_load.diagnostics_of(data, ("p", "u")) is None
    assert not planted.exists()


class _Planted:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, ...]]:
        return (os.system, (f"touch {self.path}",))


def test_items_encoded_for_another_model_are_not_written(copied_plan: Path) -> None:
    units = copied_plan.parent / "units.yaml"
    model = cache_load.load(copied_plan, units, copied_plan.read_bytes(), units.read_bytes())
    many = replace(model.plan, items=model.plan.items * 40)  # past one chunk
    other = replace(many, items=tuple(reversed(many.items)))
    prepared = cache_columns.prepare(other, cache_files.CHUNK)
    assert prepared is not None
    entry = copied_plan.parent / "cache" / "a-b.pickle"
    cache_files._write_entry(entry, replace(model, plan=many), None, prepared=prepared)
    stored = cache_files._unpickle(entry, None)
    assert isinstance(stored, Loaded)
    assert stored.plan.items == many.items


# --- review of the writes aside: the program as a terminal runs it


def _program_argv(copied_plan: Path, before_main: str) -> list[str]:
    """``parplan due --unit`` of the copy run as ``cli.app.main`` in a fresh interpreter, after
    ``before_main`` (Python statements) has run."""
    args = ["due", "--unit", "Văn phòng Bộ", "--as-of", "2025-06-30", "--plan", str(copied_plan)]
    code = f"import sys, os, time\n{before_main}\nsys.argv = ['parplan', *{args!r}]\n"
    code += "from parplan.cli.app import main\nmain()\n"
    return [sys.executable, "-c", code]


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_ctrl_c_while_the_entry_is_written_ends_as_an_interrupted_command(
    copied_plan: Path,
) -> None:
    """Ctrl-C (SIGINT to the terminal's process group: parent and child) once the view is
    printed, while the program waits for the child writing aside: exit 130, as Typer ends a
    command interrupted (``cli.app.main``), no traceback; the child ends without its write."""
    import signal

    slow = (
        "from parplan.io import cache_load\n"
        "cache_load._store_later = lambda *args: time.sleep(60)  # the child: slow to write"
    )
    process = subprocess.Popen(
        _program_argv(copied_plan, slow),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal's job
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the view is printed: the parent then waits for its child
    assert "Văn phòng Bộ" in first.decode("utf-8")
    _waiting_for_a_child(process.pid)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.decode("utf-8") == ""
    wholes = [p for p in (copied_plan.parent / "cache").glob("*.pickle") if p.name.count("-") == 1]
    assert wholes == []


def _waiting_for_a_child(pid: int) -> None:
    """Return once process ``pid`` is in ``wait`` (Linux: its kernel wait channel), at most 30 s."""
    import time

    wchan = Path(f"/proc/{pid}/wchan")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if wchan.read_text() == "do_wait":
                return
        except OSError:  # not shown by this kernel: give it time enough
            time.sleep(2)
            return
        time.sleep(0.01)


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_the_child_ends_even_where_os_exit_was_replaced(copied_plan: Path) -> None:
    """A harness that runs ``main`` in process replaces ``os._exit`` (a profiler, a test that
    looks at what was imported): the child still ends where its job ends, rather than going
    on as a second copy of the program (its output, the harness's own, twice)."""
    replaced = (
        "def _exit(code):\n"
        "    sys.stderr.write(f'exit {code}\\n')\n"
        "    sys.exit(code)\n"
        "os._exit = _exit"
    )
    result = subprocess.run(_program_argv(copied_plan, replaced), capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stderr == "exit 0\n"  # the program's own end, once
    assert result.stdout.count("(tính đến 30/06/2025)") == 1  # the view's heading, once
    wholes = [p for p in (copied_plan.parent / "cache").glob("*.pickle") if p.name.count("-") == 1]
    assert len(wholes) == 1


@pytest.mark.skipif(not FORKS, reason="writes aside are made in a child on Linux only")
def test_no_child_to_be_had_the_job_runs_here_and_no_pipe_is_left_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``fork`` refused (no process or memory left): no job is started (the caller does the
    work: ``_program``), and the pipe made for the child is closed, not left open until the
    exit."""

    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    got: list[bytes | None] = []
    before = sorted(os.listdir("/proc/self/fd"))
    _program(lambda receive: got.append(receive()), b"diagnostics")
    assert got == [b"diagnostics"]
    assert sorted(os.listdir("/proc/self/fd")) == before


@pytest.mark.skipif(not FORKS, reason="the pipe is widened on Linux only")
def test_the_pipe_holds_a_megabyte_where_linux_allows() -> None:
    """So that the parent sends the diagnostics of thousands of warnings without waiting for
    the child to be done encoding the items (review of issue 23's fifth round)."""
    import fcntl

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    reading, writing = os.pipe()
    try:
        aside._widened(writing)
        size = fcntl.fcntl(writing, fcntl.F_GETPIPE_SZ)
    finally:
        os.close(reading)
        os.close(writing)
    assert size == (1 << 20 if limit >= 1 << 20 else 65536)


def test_where_no_job_is_started_the_entry_is_written_at_once(copied_plan: Path) -> None:
    """Windows, the API: ``aside`` starts nothing; the entry is there when the call returns."""
    units = copied_plan.parent / "units.yaml"
    started: list[object] = []

    def nothing(job: object) -> None:
        started.append(job)
        return None

    cache.load_checked(copied_plan, units, None, unit="Văn phòng Bộ", aside=nothing)
    folder = Path(os.environ["PARPLAN_CACHE_DIR"])
    assert len(started) == 1
    assert len([p for p in folder.glob("*.pickle") if p.name.count("-") == 1]) == 1
