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
from parplan.io import cache

TODAY = date(2025, 6, 30)


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


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
    assert cache._read_entry(entry) is not None


@pytest.mark.parametrize("chunk", [1, 7, 132, 1000])
def test_a_model_stored_in_chunks_is_read_back_whole(
    plan: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    # The real plan has 132 items: with chunks of 1, 7 (the last one short) and 132 (exactly
    # one) it is stored as a head and chunks; with 1,000, as one pickle.
    monkeypatch.setattr(cache, "CHUNK", chunk)
    units = plan.parent / "units.yaml"
    cache.load_checked(plan, units, TODAY)
    (entry,) = entries(plan)
    stored = entry.read_bytes()
    stored_as_chunks = stored.count(b"\x80\x05") > 1  # each pickle starts with PROTO 5
    assert stored_as_chunks == (chunk < 132)
    again = cache.load_checked(plan, units, TODAY)
    full = validate(plan, units, TODAY)
    assert again.plan == full.plan and again.registry == full.registry
    assert codes(again) == codes(full)
    if stored_as_chunks:
        # A chunk missing at the end (a file cut short) is a miss, read from the files again
        entry.write_bytes(stored[: stored.rindex(b"\x80\x05")])
        assert cache._read_entry(entry) is None
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
