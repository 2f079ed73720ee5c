"""The parse cache: what it gives is what a full load gives, and it is never trusted over the file."""

from __future__ import annotations

import os
import stat
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.checks.rules import validate
from parplan.cli.app import app
from parplan.io import cache, cache_code, cache_digest, cache_files, cache_load

TODAY = date(2025, 6, 30)


@pytest.fixture
def plan(copied_plan: Path) -> Path:
    return copied_plan


def entries(plan: Path) -> list[Path]:
    return sorted((plan.parent / "cache").glob("*.pickle"))


def codes(loaded) -> list[tuple[int, int, str]]:
    return [(d.source.line, d.source.column, d.code) for d in loaded.diagnostics]


def test_a_cached_load_is_the_full_load(plan: Path) -> None:
    units = plan.parent / "units.yaml"
    first = cache.load_checked(plan, units, TODAY)
    assert len(entries(plan)) == 1
    again = cache.load_checked(plan, units, TODAY)
    full = validate(plan, units, TODAY)
    assert again.plan == full.plan and again.registry == full.registry
    assert codes(again) == codes(full) == codes(first)
    assert [i.id.value for i in again.plan.items] == [i.id.value for i in full.plan.items]


def test_a_change_of_one_byte_is_seen_even_with_the_same_size_and_mtime(plan: Path) -> None:
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    before = plan.stat()
    text = plan.read_bytes()
    # Same length, a unit misspelt; the modification time put back as it was.
    plan.write_bytes(text.replace("Văn phòng Bộ".encode(), "Văn phòng Bổ".encode(), 1))
    os.utime(plan, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert plan.stat().st_size == before.st_size
    loaded = cache.load_checked(plan, units, TODAY)
    assert "unknown-unit" in [d.code for d in loaded.errors]
    assert len(entries(plan)) == 1  # the entry of the old bytes was replaced


def test_records_in_the_future_are_judged_against_each_day(plan: Path) -> None:
    """One entry serves every day: a completion dated 20/03/2025 is in the future on 19/03."""
    units = plan.parent / "units.yaml"
    text = plan.read_text(encoding="utf-8")
    anchor = '            deadline: "Ban hành: Tháng 3/2025"\n'
    assert anchor in text
    record = anchor + "            done: 2025-03-20\n            evidence: Quyết định số 1\n"
    plan.write_text(text.replace(anchor, record, 1), encoding="utf-8")
    early = cache.load_checked(plan, units, date(2025, 3, 19))
    later = cache.load_checked(plan, units, date(2025, 3, 25))
    assert len(entries(plan)) == 1
    assert [d.code for d in early.errors] == ["done-future"]
    assert later.errors == ()


def test_an_unreadable_or_unwritable_cache_only_costs_time(plan: Path) -> None:
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    entry.write_bytes(b"\x80\x05garbage")  # a truncated or foreign file
    assert codes(cache.load_checked(plan, units, TODAY)) == codes(validate(plan, units, TODAY))
    if sys.platform != "win32" and os.geteuid() != 0:  # root writes anywhere
        for old in entries(plan):
            old.unlink()
        (plan.parent / "cache").chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            loaded = cache.load_checked(plan, units, TODAY)
            assert loaded.errors == ()
        finally:
            (plan.parent / "cache").chmod(stat.S_IRWXU)


def test_a_cache_folder_that_cannot_be_created_is_harmless(plan: Path, monkeypatch) -> None:
    blocker = plan.parent / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(blocker / "cache"))
    loaded = cache.load_checked(plan, plan.parent / "units.yaml", TODAY)
    assert loaded.errors == () and len(loaded.plan.items) == 132


def test_missing_files_are_reported_and_not_cached(plan: Path) -> None:
    loaded = cache.load_checked(plan.parent / "absent.yaml", plan.parent / "units.yaml", TODAY)
    assert [d.code for d in loaded.errors] == ["file-missing"]
    assert entries(plan) == []


def test_the_cache_can_be_turned_off(plan: Path, monkeypatch) -> None:
    monkeypatch.setenv("PARPLAN_CACHE", "off")
    cache.load_checked(plan, plan.parent / "units.yaml", TODAY)
    assert entries(plan) == []


def test_validate_twice_gives_the_same_output(plan: Path, runner) -> None:
    """The second run is served from the cache: same lines, same exit code."""
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("- Văn phòng Bộ", "- Văn phòng Bo", 1),
        encoding="utf-8",
    )
    first = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert len(entries(plan)) == 1
    second = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and "[unknown-unit]" in second.stdout
    assert first.stderr == second.stderr


def test_limit_shows_the_first_rows_and_says_how_many_more(runner) -> None:
    """--limit 2 shows two rows and counts the others; the summary still counts every row."""
    import re

    arguments = ["due", "--as-of", "2025-06-30", "--plan", str(PLAN)]
    everything = runner.invoke(app, arguments)
    limited = runner.invoke(app, [*arguments, "--limit", "2"])
    assert everything.exit_code == limited.exit_code == 0
    summary = everything.stdout.splitlines()[-1]
    overdue, upcoming = map(
        int, re.fullmatch(r"(\d+) quá hạn, (\d+) sắp đến hạn", summary).groups()
    )
    assert f"còn {overdue + upcoming - 2} dòng nữa" in limited.stdout
    assert limited.stdout.splitlines()[-1] == summary
    assert "dòng nữa" not in everything.stdout  # piped: every row
    assert limited.stderr == ""


def test_list_limit_shows_the_first_items_and_says_how_many_more(runner) -> None:
    """The same for list: the real plan has 132 items (the summary says so, piped)."""
    arguments = ["list", "--as-of", "2025-06-30", "--plan", str(PLAN), "--lang", "en"]
    everything = runner.invoke(app, arguments)
    limited = runner.invoke(app, [*arguments, "--limit", "3"])
    assert everything.exit_code == limited.exit_code == 0
    assert "… 129 more rows (--limit 0 shows them all)" in limited.stdout
    assert limited.stdout.splitlines()[-1] == everything.stdout.splitlines()[-1]
    assert "132 items" in everything.stdout.splitlines()[-1]
    shown = [line.split()[0] for line in limited.stdout.splitlines() if line[:2] == "I."]
    assert shown == ["I.1", "I.2.1", "I.2.2"]
    assert "more rows" not in everything.stdout


def test_processes_loading_at_once_leave_one_sound_entry(plan: Path) -> None:
    """Four processes fill an empty cache at the same time: each gets the plan, and what stays
    is one entry that a fifth process reads back."""
    import subprocess

    code = (
        "import sys; from datetime import date; from parplan.io.cache import load_checked;"
        "loaded = load_checked(sys.argv[1], sys.argv[2], date(2025, 6, 30));"
        "print(len(loaded.plan.items), len(loaded.errors))"
    )
    command = [sys.executable, "-c", code, str(plan), str(plan.parent / "units.yaml")]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in processes]
    assert outputs == ["132 0\n"] * 4
    (entry,) = entries(plan)
    assert not list((plan.parent / "cache").glob(".tmp-*"))
    assert cache._read_entry(entry, cache._spelt(plan, plan.parent / "units.yaml")) is not None


@pytest.mark.parametrize("chunk", [1, 7, 132, 1000])
def test_a_model_stored_in_chunks_is_read_back_whole(
    plan: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # The real plan has 132 items: with chunks of 1, 7 (the last one short) and 132 (exactly
    # one) it is stored as a head and chunks; with 1,000, as one pickle.
    monkeypatch.setattr(cache_files, "CHUNK", chunk)
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    stored = entry.read_bytes()
    # Each pickle starts with PROTO 5, and is preceded by one of the files' names (cache._dump)
    stored_as_chunks = stored.count(b"\x80\x05") > 2
    assert stored_as_chunks == (chunk < 132)
    again = cache.load_checked(plan, units, TODAY)
    full = validate(plan, units, TODAY)
    assert again.plan == full.plan and again.registry == full.registry
    assert codes(again) == codes(full)
    if stored_as_chunks:
        # A chunk missing at the end (a file cut short) is a miss, read from the files again
        entry.write_bytes(stored[: stored.rindex(b"\x80\x05")])
        assert cache._read_entry(entry, cache._spelt(plan, units)) is None
        assert cache.load_checked(plan, units, TODAY).plan == full.plan


def test_the_model_pickles_by_value_with_no_dictionary_per_object(plan: Path) -> None:
    import pickle

    from parplan.core.model import Completion

    loaded = validate(plan, plan.parent / "units.yaml", TODAY)
    item = loaded.plan.items[0]
    done = Completion(date(2025, 3, 1), item.id, "Vụ Cải cách hành chính", None, item.source)
    for value in (item, item.id, item.source, item.parsed, item.milestones[0], done):
        assert not hasattr(value, "__dict__"), type(value)
        assert pickle.loads(pickle.dumps(value)) == value


# issue 18: the key covers the whole package's code
_EDIT_EACH_MODULE = r"""
import os, sys
from pathlib import Path
from parplan.io import cache
package = Path(cache.__file__).resolve().parent.parent
assert str(package).startswith(sys.argv[1]), package
before = cache._code_fingerprint()
unchanged = []
for path in sorted(package.rglob("*.py")):
    cache._code_fingerprint.cache_clear()
    text = path.read_bytes()
    if sys.argv[2] != "append" and not text:
        continue  # an empty __init__.py has no byte to change: "append" edits it
    if sys.argv[2] == "append":
        path.write_bytes(text + b"\n# edited\n")
    else:  # one byte changed in place, the size and mtime put back as they were
        seen = path.stat()
        at = text.index(b"e")
        path.write_bytes(text[:at] + b"E" + text[at + 1 :])
        os.utime(path, ns=(seen.st_atime_ns, seen.st_mtime_ns))
    if cache._code_fingerprint() == before:
        unchanged.append(str(path.relative_to(package)))
    path.write_bytes(text)
cache._code_fingerprint.cache_clear()
print(len(list(package.rglob("*.py"))), unchanged)
"""


@pytest.mark.parametrize("edit", ["append", "same-size"])
@pytest.mark.parametrize("memo", ["on", "off"])
def test_an_edit_to_any_module_of_parplan_is_a_new_key(
    tmp_path: Path, edit: str, memo: str
) -> None:
    """A copy of the package, each module edited in turn: the key changes for every one (the
    hand-kept list left out core/periods.py, whose deadlines the model stores)."""
    import shutil
    import subprocess

    copy = tmp_path / "code"
    shutil.copytree(
        Path(cache.__file__).resolve().parent.parent,
        copy / "parplan",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {**os.environ, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    env["PARPLAN_CACHE_DIR"] = str(tmp_path / "cache")
    if memo == "off":
        env["PARPLAN_CACHE"] = "off"
    done = subprocess.run(
        [sys.executable, "-c", _EDIT_EACH_MODULE, str(copy), edit],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    count, unchanged = done.stdout.split(" ", 1)
    assert int(count) > 60 and unchanged.strip() == "[]"


def test_the_key_does_not_change_when_nothing_changed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    cache._code_fingerprint.cache_clear()
    first = cache._code_fingerprint()
    assert list((tmp_path / "cache").glob("code-*.code"))  # the memo of the stats
    cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == first
    monkeypatch.setenv("PARPLAN_CACHE", "off")
    cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == first  # hashed from the contents: the same digest
    cache._code_fingerprint.cache_clear()


# issue 19: nothing the cache reads can run code or show what the files do not say
POSIX = sys.platform != "win32"


class _Planted:
    """What another user would plant: a pickle whose loading runs code (writes a marker)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


def views(runner, plan: Path) -> list[tuple[int, str, str]]:
    """What the views and validate print of the plan."""
    out = []
    for command in (["due", "--unit", "Văn phòng Bộ"], ["list"], ["validate"], ["units"]):
        result = runner.invoke(app, [*command, "--plan", str(plan)])
        out.append((result.exit_code, result.stdout, result.stderr))
    return out


def test_a_planted_pickle_at_any_entry_name_runs_nothing(
    plan: Path, runner, tmp_path: Path, monkeypatch
) -> None:
    import pickle

    monkeypatch.setenv("PARPLAN_TODAY", "2025-06-30")
    # the code's digest of this process, if an earlier test made it, was kept in its own folder
    cache._code_fingerprint.cache_clear()
    expected = views(runner, plan)  # fills the cache: entries, a unit's, validate's, the memo
    folder = plan.parent / "cache"
    stored = [p for p in folder.iterdir() if p.name != cache_files.KEY_NAME]
    assert len(stored) >= 4
    marker = tmp_path / "marker"
    for entry in stored:
        entry.write_bytes(pickle.dumps(_Planted(marker)))
    cache._code_fingerprint.cache_clear()
    assert views(runner, plan) == expected
    assert not marker.exists()
    # Planted at the names of entries not written yet (another unit, no cache yet)
    for entry in folder.iterdir():
        entry.unlink()
    cache._keys.clear()
    for entry in stored:
        entry.write_bytes(pickle.dumps(_Planted(marker)))
    cache._code_fingerprint.cache_clear()
    assert views(runner, plan) == expected
    assert not marker.exists()


def test_an_entry_with_a_right_tag_still_cannot_run_code(plan: Path, tmp_path: Path) -> None:
    """Even with the key (a leaked key file, a folder whose modes mean nothing), an entry can
    build parplan's model and nothing else."""
    import pickle

    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    key = (plan.parent / "cache" / cache_files.KEY_NAME).read_bytes()
    marker = tmp_path / "marker"
    names = cache._spelt(plan, units)
    body = pickle.dumps(names) + pickle.dumps(_Planted(marker))
    tag = cache._tagger(key, entry.name)
    tag.update(body)
    tag.update(b"\0")
    entry.write_bytes(tag.digest() + b"\0" + body)
    assert codes(cache.load_checked(plan, units, TODAY)) == codes(validate(plan, units, TODAY))
    assert not marker.exists()
    # The restricted unpickler alone: any global outside the model is refused
    for forbidden in (b"cos\nsystem\n", b"cbuiltins\neval\n", b"cparplan.io.files\nwrite_atomic\n"):
        with pytest.raises(pickle.UnpicklingError):
            cache._ModelUnpickler(__import__("io").BytesIO(forbidden + b"(tR.")).load()


def test_a_same_length_change_to_an_entry_does_not_change_what_is_shown(
    plan: Path, runner, monkeypatch
) -> None:
    monkeypatch.setenv("PARPLAN_TODAY", "2025-06-30")
    expected = views(runner, plan)
    folder = plan.parent / "cache"
    real, forged = "Văn phòng Bộ".encode(), "Văn phòng Bổ".encode()
    assert len(real) == len(forged)
    changed = 0
    for entry in folder.glob("*.pickle"):
        raw = entry.read_bytes()
        if real in raw:
            entry.write_bytes(raw.replace(real, forged))
            changed += 1
    assert changed >= 2
    assert views(runner, plan) == expected
    assert "Bổ" not in "".join(out for _, out, _ in views(runner, plan))


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o775, 0o757])
def test_a_folder_others_can_write_is_neither_read_nor_written(
    plan: Path, runner, mode: int, monkeypatch
) -> None:
    import pickle

    units = plan.parent / "units.yaml"
    folder = plan.parent / "cache"
    folder.mkdir()
    folder.chmod(mode)
    assert (folder.stat().st_mode & 0o7777) == mode
    cache.load_checked(plan, units, TODAY)
    assert list(folder.iterdir()) == []  # nothing written
    # An entry a co-user planted (well formed, with the key they made) is not read
    folder.chmod(0o700)
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    marker = plan.parent / "marker"
    entry.write_bytes(pickle.dumps(_Planted(marker)))
    folder.chmod(mode)
    cache._keys.clear()
    assert codes(cache.load_checked(plan, units, TODAY)) == codes(validate(plan, units, TODAY))
    assert not marker.exists()
    assert cache.refusal() == (str(folder), "writable-by-others")
    result = runner.invoke(app, ["validate", "--plan", str(plan), "--lang", "en"])
    assert result.exit_code == 0
    assert f"Note: the cache {folder} was not used: others can write to the folder" in (
        result.stderr
    )
    assert "Note" not in result.stdout
    folder.chmod(0o700)


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_an_entry_or_key_others_can_write_or_read_is_not_used(plan: Path) -> None:
    units = plan.parent / "units.yaml"
    folder = plan.parent / "cache"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    key = folder / cache_files.KEY_NAME
    assert key.stat().st_mode & 0o777 == 0o600
    assert entry.stat().st_mode & 0o777 == 0o600
    names = cache._spelt(plan, units)
    assert cache._read_entry(entry, names) is not None
    entry.chmod(0o622)
    assert cache._read_entry(entry, names) is None
    entry.chmod(0o600)
    cache._keys.clear()
    key.chmod(0o640)  # others can read the key: they could forge entries
    assert cache._read_entry(entry, names) is None
    key.chmod(0o600)
    assert cache._read_entry(entry, names) is not None


def test_absolute_and_relative_spellings_share_one_entry(
    plan: Path, monkeypatch: pytest.MonkeyPatch, runner
) -> None:
    monkeypatch.chdir(plan.parent)
    relative, absolute = Path("plan-2025.yaml"), plan.resolve()
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("- Văn phòng Bộ", "- Văn phòng Bo", 1),
        encoding="utf-8",
    )
    first = cache.load_checked(relative, Path("units.yaml"), TODAY)
    assert {d.source.file for d in first.diagnostics} == {"plan-2025.yaml"}
    (entry,) = entries(plan)

    def no_load(*args: object) -> None:
        raise AssertionError("read from the files: the entry was not shared")

    units = absolute.parent / "units.yaml"
    with monkeypatch.context() as patched:
        patched.setattr(cache_load, "read_files", no_load)
        again = cache.load_checked(absolute, units, TODAY)
    assert entries(plan) == [entry]
    full = validate(absolute, units, TODAY)
    assert again.plan == full.plan and again.registry == full.registry
    assert again.diagnostics == full.diagnostics
    assert {d.source.file for d in again.diagnostics} == {str(absolute)}
    assert entry.read_bytes()[cache_files.TAG] == 0  # holds neither spelling
    # and back: the relative spelling, from the same entry
    back = cache.load_checked(relative, Path("units.yaml"), TODAY)
    assert (back.plan, back.registry, back.diagnostics) == (
        first.plan,
        first.registry,
        first.diagnostics,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_entry_that_is_a_pipe_or_a_link_is_a_miss(plan: Path) -> None:
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    names = cache._spelt(plan, units)
    good = entry.read_bytes()
    entry.unlink()
    os.mkfifo(entry)
    assert cache._read_entry(entry, names) is None  # at once: never waits on the pipe
    entry.unlink()
    (plan.parent / "elsewhere.pickle").write_bytes(good)
    entry.symlink_to(plan.parent / "elsewhere.pickle")
    assert cache._read_entry(entry, names) is None
    entry.unlink()
    entry.write_bytes(good[: cache_files.TAG] + b"\x02" + good[cache_files.TAG + 1 :])
    assert cache._read_entry(entry, names) is None
    entry.write_bytes(good)
    assert cache._read_entry(entry, names) is not None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_key_that_is_a_pipe_is_refused_at_once(plan: Path) -> None:
    # review of issue 19: the key was opened without O_NONBLOCK, so a pipe at its name hung
    # every command for ever. Run in a process of its own, so that a hang is a failure.
    import subprocess

    folder = plan.parent / "cache"
    folder.mkdir(mode=0o700)
    os.mkfifo(folder / cache_files.KEY_NAME, 0o600)
    script = (
        "import sys; from datetime import date; from parplan.io import cache;"
        "loaded = cache.load_checked(sys.argv[1], sys.argv[2], date(2025, 6, 30));"
        "print(len(loaded.plan.items))"
    )
    units = plan.parent / "units.yaml"
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, str(plan), str(units)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("a pipe at the key's name hung the load")
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == len(validate(plan, units, TODAY).plan.items)
    # the writer put a sound key in the pipe's place, and its entries are read back
    key = folder / cache_files.KEY_NAME
    assert stat.S_ISREG(os.lstat(key).st_mode) and len(key.read_bytes()) == cache_files.TAG
    cache._keys.clear()
    (entry,) = entries(plan)
    assert cache._read_entry(entry, cache._spelt(plan, units)) is not None


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
@pytest.mark.parametrize("bad", ["empty", "short", "readable-by-others", "link", "folder-less"])
def test_a_key_that_is_not_sound_is_replaced_by_the_next_write(plan: Path, bad: str) -> None:
    """Review of issue 19: a key left empty by a process killed between creating and writing
    it, of another size, or one others can read, turned the cache off for good, silently."""
    units = plan.parent / "units.yaml"
    folder = plan.parent / "cache"
    folder.mkdir(mode=0o700)
    key = folder / cache_files.KEY_NAME
    old = os.urandom(cache_files.TAG)
    if bad == "empty":
        key.write_bytes(b"")
    elif bad == "short":
        key.write_bytes(old[:16])
    elif bad == "readable-by-others":
        key.write_bytes(old)
    elif bad == "link":
        (plan.parent / "elsewhere").write_bytes(old)
        key.symlink_to(plan.parent / "elsewhere")
    if bad in ("empty", "short", "readable-by-others"):
        key.chmod(0o600 if bad != "readable-by-others" else 0o644)
    cache._keys.clear()
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    seen = os.lstat(key)
    assert stat.S_ISREG(seen.st_mode) and seen.st_mode & 0o777 == 0o600
    new = key.read_bytes()
    assert len(new) == cache_files.TAG and new != old
    if bad == "link":
        assert (plan.parent / "elsewhere").read_bytes() == old  # the link's target untouched
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []
    cache._keys.clear()
    assert cache._read_entry(entry, cache._spelt(plan, units)) is not None


def test_processes_making_the_key_at_once_agree_on_one(plan: Path) -> None:
    """Many processes making the key at once: the first link wins, every other reads it; no
    process sees a key half written."""
    import subprocess

    folder = plan.parent / "cache"
    folder.mkdir(mode=0o700)
    script = (
        "import sys; from pathlib import Path; from parplan.io import cache_files as cache;"
        "key = cache._key(Path(sys.argv[1]), create=True); print(key.hex() if key else '-')"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(folder)], stdout=subprocess.PIPE, text=True
        )
        for _ in range(8)
    ]
    keys = {run.communicate(timeout=120)[0].strip() for run in runs}
    assert keys == {(folder / cache_files.KEY_NAME).read_bytes().hex()}


class _Frozen:
    """A file's stat as a file system with coarse timestamps gives it (a second on ext3, NFSv3
    or HFS+, two on FAT, a jiffy on older Linux kernels): a second write of the same size
    within the same step of the clock keeps the first's size, inode, mtime and ctime."""

    def __init__(self, seen: os.stat_result) -> None:
        self.st_size, self.st_ino = seen.st_size, seen.st_ino
        self.st_mtime_ns, self.st_ctime_ns = seen.st_mtime_ns, seen.st_ctime_ns


@pytest.mark.skipif(not POSIX, reason="the stat memo is POSIX only")
def test_a_module_written_twice_within_a_timestamp_step_is_never_taken_for_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review of issue 19: the stat memo kept the digest of a module's first contents when a
    second write of the same size came within the same step of its timestamps (same size,
    mtime, ctime and inode): a cache built by the old code was read by the new."""
    import time

    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    module = tmp_path / "probe.py"
    module.write_bytes(b"LIMIT = 1\n")
    frozen = _Frozen(module.stat())
    real_files = cache_code._code_files
    package = Path(cache.__file__).resolve().parent.parent

    def with_probe(package: Path) -> list:
        return [*real_files(package), ("parplan/zz_probe.py", str(module), frozen)]

    monkeypatch.setattr(cache_code, "_code_files", with_probe)
    cache._code_fingerprint.cache_clear()
    first = cache._code_fingerprint()
    assert first == cache_code._code_digest(with_probe(package))
    module.write_bytes(b"LIMIT = 2\n")  # same size, same inode, within the step: same stat
    cache._code_fingerprint.cache_clear()
    second = cache._code_fingerprint()
    truth = cache_code._code_digest(with_probe(package))
    assert truth != first
    assert second == truth
    assert not list((tmp_path / "cache").glob("code-*.code"))  # too young to be memoised
    # once the files are older than a step, the memo is written: a later write is a new stat
    real_clock = time.time_ns
    monkeypatch.setattr(cache_code.time, "time_ns", lambda: real_clock() + 3 * 10**9)
    cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == truth
    assert list((tmp_path / "cache").glob("code-*.code"))
    cache._code_fingerprint.cache_clear()
    assert cache._code_fingerprint() == truth  # from the memo
    cache._code_fingerprint.cache_clear()


# ---------------------------------------------------------------------------------------------
# issue 23, third round: a view of one unit with no entry writes the unit's and validate's only


def test_a_cold_view_of_one_unit_writes_the_whole_plans_entry_validates_and_its_own(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read from the files, a view of one unit writes the whole model's entry (what the next
    edit, whole-plan view or other unit reads), validate's and its own; after it none of them
    reads the files again."""
    units = plan.parent / "units.yaml"
    full = validate(plan, units, TODAY)
    part = cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")
    assert codes(part) == codes(full)
    assert 0 < len(part.plan.items) < len(full.plan.items)  # the unit's items
    names = sorted(entry.name for entry in entries(plan))
    assert len(names) == 3, names
    whole = min(names, key=len)
    stem = whole[: -len(".pickle")]
    assert f"{stem}-validate.pickle" in names
    (own,) = (name for name in names if name not in (whole, f"{stem}-validate.pickle"))
    assert own.startswith(f"{stem}-")  # the unit's, of the same bytes

    def no_load(*args: object) -> None:
        raise AssertionError("the files were read again")

    with monkeypatch.context() as patched:
        patched.setattr(cache_load, "read_files", no_load)
        checked = cache.check(plan, units, TODAY)  # from validate's entry
        assert codes(checked) == codes(full)
        assert checked.items == len(full.plan.items)
        again = cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")  # the unit's entry
        assert again.plan == part.plan
        loaded = cache.load_checked(plan, units, TODAY)  # the whole plan's entry
        assert loaded.plan == full.plan
        other = cache.load_checked(plan, units, TODAY, unit="Vụ Pháp chế")  # from the whole
        assert 0 < len(other.plan.items) < len(full.plan.items)


def test_a_cold_view_of_one_unit_drops_the_entries_of_the_files_before(plan: Path) -> None:
    """The files changed: the new entries replace every entry of their old bytes (the whole
    plan's, the unit's, validate's)."""
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")
    cache.check(plan, units, TODAY)
    old = {entry.name.split(".")[0].split("-")[1] for entry in entries(plan)}
    assert len(old) == 1 and len(entries(plan)) == 3
    plan.write_bytes(plan.read_bytes() + b"\n")
    cache.load_checked(plan, units, TODAY, unit="Vụ Tiền lương")
    names = [entry.name for entry in entries(plan)]
    assert len(names) == 3 and not any(name.split("-")[1] in old for name in names), names


def test_an_edit_after_a_cold_view_of_one_unit_is_the_edit_without_the_cache(
    plan: Path, runner
) -> None:
    """``done`` after a view of one unit read from the files (no entry of the whole plan): the
    same bytes, output and exit code as with the cache off."""
    off = plan.parent / "off" / "plan-2025.yaml"
    off.parent.mkdir()
    off.write_bytes(plan.read_bytes())
    (off.parent / "units.yaml").write_bytes(UNITS.read_bytes())
    env = {"PARPLAN_CACHE_DIR": str(plan.parent / "cache"), "PARPLAN_TODAY": "2025-06-30"}
    view = ["due", "--unit", "Văn phòng Bộ", "--plan", str(plan)]
    assert runner.invoke(app, view, env=env).exit_code == 0
    edit = ["done", "I.2.1", "--on", "2025-06-20", "--evidence", "Công văn 9"]
    cached = runner.invoke(app, [*edit, "--plan", str(plan)], env=env)
    plain = runner.invoke(app, [*edit, "--plan", str(off)], env={**env, "PARPLAN_CACHE": "off"})
    assert (cached.exit_code, cached.stderr) == (plain.exit_code, plain.stderr) == (0, "")
    assert cached.stdout.replace(str(plan), "P") == plain.stdout.replace(str(off), "P")
    assert plan.read_bytes() == off.read_bytes() != PLAN.read_bytes()


def test_the_key_of_the_files_read_in_blocks_is_the_key_of_their_bytes(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A view that finds its unit's entry reads the files a megabyte at a time for the key
    (issue 23): the same key as from their bytes, whatever their size around the block, their
    halves hashed in one thread or two (from 1 MB here); no key from a file that is missing or
    not a regular file (the caller reads them whole)."""
    monkeypatch.setattr(cache_digest, "PARALLEL_FROM", 1 << 20)
    units = plan.parent / "units.yaml"
    unit = "Văn phòng Bộ"
    assert cache._entry_of_files(plan, units, unit) is None  # no entry of the unit: not read
    for size in (0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 << 20):
        plan.write_bytes(PLAN.read_bytes()[:size].ljust(size, b"#"))
        cache.load_checked(plan, units, TODAY, unit=unit)  # the unit's entry of these bytes
        raw = plan.read_bytes()
        expected = cache._entry_of(plan, units, raw, units.read_bytes())
        assert expected is not None
        assert cache._entry_of_files(plan, units, unit) == expected, size
    for other in (plan.parent / "missing.yaml", Path("/dev/zero")):
        if sys.platform == "win32" and other.name == "zero":
            continue
        # An entry of the unit for these names (planted): the files are then read, and refused.
        pair = cache_files.blake2b(cache._resolved(other) + cache._resolved(units), digest_size=8)
        name = f"{pair.hexdigest()}-0-{cache._unit_tag(unit)}.pickle"
        (plan.parent / "cache" / name).write_bytes(b"")
        assert cache._entry_of_files(other, units, unit) is None


def test_a_unit_view_that_finds_its_entry_does_not_read_the_plan_whole(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = plan.parent / "units.yaml"
    first = cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")
    with monkeypatch.context() as patched:
        patched.setattr(cache, "_read", lambda path: pytest.fail(f"{path} read whole"))
        again = cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")
    assert again.plan == first.plan and codes(again) == codes(first)
    # Changed since: its entry is not the unit's entry of the old bytes.
    plan.write_bytes(plan.read_bytes().replace("Văn phòng Bộ".encode(), "Văn phòng Bổ".encode(), 1))
    changed = cache.load_checked(plan, units, TODAY, unit="Văn phòng Bộ")
    assert "unknown-unit" in [d.code for d in changed.errors]


def test_a_killed_writers_temporary_files_are_dropped_once_an_hour_old(plan: Path) -> None:
    """A writer killed before its rename leaves ``.tmp-*`` (or ``.key-*``) in the cache folder;
    the next entry that replaces the old ones drops those an hour old, not a younger one
    (another process may be writing it), and nothing else."""
    import os
    import time

    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    folder = plan.parent / "cache"
    hour_ago = time.time() - 2 * 3600
    old, old_key = folder / ".tmp-killed.pickle", folder / ".key-killed"
    young, mine = folder / ".tmp-writing.pickle", folder / "notes.txt"
    for path in (old, old_key, young, mine):
        path.write_bytes(b"x")
    for path in (old, old_key, mine):
        os.utime(path, (hour_ago, hour_ago))
    kept = sorted(p.name for p in folder.iterdir() if p not in (old, old_key))
    plan.write_bytes(plan.read_bytes() + b"\n")  # new bytes: their entry replaces the old ones
    cache.load_checked(plan, units, TODAY)
    assert not old.exists() and not old_key.exists()
    assert young.exists() and mine.exists()
    assert {p for p in kept if not p.endswith(".pickle")} <= {p.name for p in folder.iterdir()}
