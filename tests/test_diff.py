"""``parplan diff``, ``parplan textconv`` and ``parplan validate --base`` on a temporary git
repository holding a copy of the plan. Skipped when git is not installed."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.io.loader import load_plan
from parplan.render.diff import facts, id_key, word_diff

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=parplan tests",
            "-c",
            "user.email=tests@parplan.invalid",
            "-c",
            "commit.gpgsign=false",
            *arguments,
        ],
        cwd=repo,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose one commit holds the real plan and units, under data/."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    shutil.copyfile(PLAN, root / "data" / "plan-2025.yaml")
    shutil.copyfile(UNITS, root / "data" / "units.yaml")
    git(root, "init", "-q")
    commit(root, "the plan")
    return root


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def plan_of(repo: Path) -> Path:
    return repo / "data" / "plan-2025.yaml"


def edit(repo: Path, change: Callable[[str], str]) -> None:
    path = plan_of(repo)
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before
    path.write_text(after, encoding="utf-8", newline="\n")


# Editing one item of the plan's text


def _item_span(lines: list[str], item_id: str) -> tuple[int, int]:
    start = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {item_id}")
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and lines[end].strip():
        if len(lines[end]) - len(lines[end].lstrip()) <= indent:
            break
        end += 1
    return start, end


def in_item(item_id: str, old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = text.split("\n")
        start, end = _item_span(lines, item_id)
        block = "\n".join(lines[start:end])
        assert block.count(old) == 1, (item_id, old)
        return "\n".join([*lines[:start], block.replace(old, new), *lines[end:]])

    return change


def append_to_item(item_id: str, *added: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = text.split("\n")
        start, end = _item_span(lines, item_id)
        pad = " " * (len(lines[start]) - len(lines[start].lstrip()) + 2)
        return "\n".join([*lines[:end], *(pad + line for line in added), *lines[end:]])

    return change


def without_item(item_id: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        lines = text.split("\n")
        start, end = _item_span(lines, item_id)
        return "\n".join([*lines[:start], *lines[end:]])

    return change


def then(*changes: Callable[[str], str]) -> Callable[[str], str]:
    def change(text: str) -> str:
        for one in changes:
            text = one(text)
        return text

    return change


def diff_json(runner, repo: Path, *arguments: str) -> dict:
    result = runner.invoke(
        app, ["diff", *arguments, "--plan", str(plan_of(repo)), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def kinds(report: dict) -> list[tuple[str, str, str | None]]:
    return [(c["id"], c["kind"], c.get("field")) for c in report["changes"]]


NEW_ACTIVITY = """\
          - id: I.2.5
            product: Sơ kết công tác cải cách hành chính 6 tháng đầu năm 2025.
            lead:
              - Vụ Cải cách hành chính
            support:
              - Các cơ quan, đơn vị liên quan
            deadline: Tháng 7/2025
            amended_by: Quyết định 300/QĐ-BNV"""


# ---------------------------------------------------------------------------------------------


@needs_git
def test_an_unchanged_plan_reports_nothing(runner, repo: Path) -> None:
    report = diff_json(runner, repo)
    assert report == {"file": "data/plan-2025.yaml", "old": "HEAD", "new": None, "changes": []}
    for output_format in ("text", "md"):
        result = runner.invoke(
            app, ["diff", "--plan", str(plan_of(repo)), "--format", output_format]
        )
        assert result.exit_code == 0
        assert result.stdout == ""
        assert result.stderr == "Kế hoạch không thay đổi.\n"


@needs_git
def test_each_kind_of_change_is_reported_once_with_its_id(runner, repo: Path) -> None:
    edit(
        repo,
        then(
            in_item(
                "I.2.1",
                'deadline: "Ban hành: Tháng 3/2025"',
                'deadline: "Ban hành: Tháng 6/2025"\n            amended_by: Quyết định 300/QĐ-BNV',
            ),
            in_item("III.1", "- Văn phòng Bộ", "- Vụ Pháp chế"),
            in_item("I.2.2", "support:\n", "support:\n              - Văn phòng Bộ\n"),
            in_item("I.2.3", "khen thưởng tập thể, cá nhân", "khen thưởng cá nhân"),
            without_item("I.2.4"),
            lambda text: text.replace(
                "            deadline: Trước 31/12/2025\n\n      - id: I.3",
                "            deadline: Trước 31/12/2025\n" + NEW_ACTIVITY + "\n\n      - id: I.3",
                1,
            ),
            in_item("IV.3", "after: IV.2", "after: IV.1"),
            append_to_item("IV.1", "done: 2025-03-01", "evidence: Quyết định 100/QĐ-TTg"),
            append_to_item("IV.2", "met: 2025-02-28", "met_evidence: Nghị định 25/2025/NĐ-CP"),
        ),
    )
    report = diff_json(runner, repo)
    assert kinds(report) == [
        ("I.2.1", "deadline", None),
        ("I.2.2", "support", None),
        ("I.2.3", "text", "product"),
        ("I.2.4", "removed", None),
        ("I.2.5", "added", None),
        ("III.1", "lead", None),
        ("IV.1", "done", None),
        ("IV.2", "met", None),
        ("IV.3", "field", "after"),
    ]
    by_id = {c["id"]: c for c in report["changes"]}
    deadline = by_id["I.2.1"]
    assert deadline["old"]["wording"] == "Ban hành: Tháng 3/2025"
    assert deadline["new"]["wording"] == "Ban hành: Tháng 6/2025"
    assert [m["due"] for m in deadline["old"]["due"]] == ["2025-03-31"]
    assert [m["due"] for m in deadline["new"]["due"]] == ["2025-06-30"]
    assert deadline["reason"] == "Quyết định 300/QĐ-BNV"
    assert by_id["III.1"]["old"] == ["Văn phòng Bộ"]
    assert by_id["III.1"]["new"] == ["Vụ Pháp chế"]
    assert by_id["I.2.2"]["new"] == ["Văn phòng Bộ", "Các cơ quan, đơn vị liên quan"]
    assert ["-", "tập thể,"] in by_id["I.2.3"]["words"]
    assert by_id["I.2.5"]["reason"] == "Quyết định 300/QĐ-BNV"
    assert by_id["I.2.5"]["new"]["deadline"]["due"][0]["due"] == "2025-07-31"
    assert by_id["IV.1"]["new"] == {
        "milestone": None,
        "on": "2025-03-01",
        "evidence": "Quyết định 100/QĐ-TTg",
        "recorded_by": None,
    }
    assert by_id["IV.2"]["new"]["on"] == "2025-02-28"

    text = runner.invoke(app, ["diff", "--plan", str(plan_of(repo))])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0] == "Thay đổi của kế hoạch data/plan-2025.yaml: HEAD → bản đang sửa"
    assert (
        'I.2.1  thời hạn: "Ban hành: Tháng 3/2025" (Ban hành 31/03/2025) → '
        '"Ban hành: Tháng 6/2025" (Ban hành 30/06/2025) — theo Quyết định 300/QĐ-BNV'
    ) in lines
    assert "III.1  chủ trì: bỏ [-Văn phòng Bộ-]; thêm {+Vụ Pháp chế+}" in lines
    assert lines[-1] == "9 thay đổi ở 9 mục."

    markdown = runner.invoke(
        app, ["diff", "--plan", str(plan_of(repo)), "--format", "md", "--lang", "en"]
    )
    assert markdown.exit_code == 0
    assert markdown.stdout.startswith(
        "### Changes to the plan `data/plan-2025.yaml`: `HEAD` → `working tree`\n"
    )
    assert (
        "- **I.2.3**\n  - text: Tổng hợp, đề xuất khen thưởng ~~tập thể,~~ cá nhân có thành tích "
        "xuất …\n"
    ) in markdown.stdout
    assert "  - completion recorded: 2025-03-01 (evidence: Quyết định 100/QĐ-TTg)" in (
        markdown.stdout
    )


@needs_git
def test_completions_taken_back_and_corrected(runner, repo: Path) -> None:
    edit(
        repo,
        then(
            append_to_item("III.1", "done: 2025-01-10", "evidence: Kế hoạch 1/KH-BNV"),
            append_to_item(
                "I.1",
                "progress:",
                "  - {milestone: Ban hành, done: 2024-12-30, evidence: Quyết định 971/QĐ-BNV}",
            ),
            append_to_item("IV.2", "met: 2025-02-28", "met_evidence: Nghị định 25/2025/NĐ-CP"),
        ),
    )
    commit(repo, "progress")
    edit(
        repo,
        then(
            in_item("III.1", "\n        done: 2025-01-10\n        evidence: Kế hoạch 1/KH-BNV", ""),
            in_item("I.1", "done: 2024-12-30", "done: 2024-12-31"),
            in_item("IV.2", "met: 2025-02-28", "met: 2025-03-01"),
        ),
    )
    report = diff_json(runner, repo)
    assert kinds(report) == [
        ("I.1", "done_changed", None),
        ("III.1", "done_removed", None),
        ("IV.2", "met_changed", None),
    ]
    assert report["changes"][0]["old"]["milestone"] == "Ban hành"
    assert report["changes"][0]["new"]["on"] == "2024-12-31"
    # Between two commits, and back: the same changes the other way.
    commit(repo, "corrections")
    assert kinds(diff_json(runner, repo, "HEAD~1", "HEAD")) == kinds(report)
    assert kinds(diff_json(runner, repo, "HEAD", "HEAD~1")) == [
        ("I.1", "done_changed", None),
        ("III.1", "done", None),
        ("IV.2", "met_changed", None),
    ]


@needs_git
def test_titles_and_notes_are_compared_word_by_word(runner, repo: Path) -> None:
    edit(
        repo,
        then(
            lambda t: t.replace("title: CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "title: CẢI CÁCH TTHC", 1),
            in_item("I.4", "note: Các đơn vị được lựa chọn", "note: Các đơn vị được chọn"),
        ),
    )
    report = diff_json(runner, repo)
    assert kinds(report) == [("I.4", "text", "note"), ("III", "title", "title")]
    assert report["changes"][1]["words"] == [
        ["=", "CẢI CÁCH"],
        ["-", "THỦ TỤC HÀNH CHÍNH"],
        ["+", "TTHC"],
    ]


@needs_git
def test_a_plan_added_since_the_revision_is_all_new(runner, repo: Path) -> None:
    git(repo, "rm", "-q", "data/plan-2025.yaml")
    commit(repo, "no plan yet")
    shutil.copyfile(PLAN, plan_of(repo))
    report = diff_json(runner, repo)
    assert {c["kind"] for c in report["changes"]} == {"added"}
    assert len(report["changes"]) == len(load_plan(PLAN)[0].items)


@needs_git
def test_outside_a_repository_or_with_a_bad_revision(runner, repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copyfile(PLAN, outside / "plan-2025.yaml")
    result = runner.invoke(app, ["diff", "--plan", str(outside / "plan-2025.yaml")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "không nằm trong một kho git" in result.stderr

    for revision in ("no-such-revision", "--output=x"):
        bad = runner.invoke(
            app, ["diff", "--plan", str(plan_of(repo)), "--lang", "en", "--", revision]
        )
        assert bad.exit_code == 2, bad.output
        assert f"No revision '{revision}'" in bad.stderr

    three = runner.invoke(app, ["diff", "HEAD", "HEAD", "HEAD", "--plan", str(plan_of(repo))])
    assert three.exit_code == 2
    wrong = runner.invoke(app, ["diff", "--plan", str(plan_of(repo)), "--format", "html"])
    assert wrong.exit_code == 2


@needs_git
def test_a_version_that_is_not_yaml_stops_the_diff(runner, repo: Path) -> None:
    edit(repo, lambda text: text.replace("plan:\n", "plan: [\n", 1))
    result = runner.invoke(app, ["diff", "--plan", str(plan_of(repo)), "--lang", "en"])
    assert result.exit_code == 1
    assert "The plan at working tree cannot be read:" in result.stderr
    assert "[yaml-syntax]" in result.stderr


# ---------------------------------------------------------------------------------------------
# validate --base REV


def _validate(runner, repo: Path, *arguments: str):
    return runner.invoke(app, ["validate", "--plan", str(plan_of(repo)), *arguments])


@needs_git
def test_validate_base_warns_of_a_deadline_moved_without_a_reason(runner, repo: Path) -> None:
    edit(repo, in_item("IV.1", "deadline: Tháng 3/2025", "deadline: Tháng 5/2025"))
    result = _validate(runner, repo, "--base", "HEAD", "--lang", "en")
    assert result.exit_code == 0  # a warning
    line = (
        plan_of(repo)
        .read_text(encoding="utf-8")
        .split("\n")
        .index("        deadline: Tháng 5/2025")
    )
    assert result.stdout == (
        f"{plan_of(repo)}:{line + 1}:19: warning: the deadline of IV.1 changed since HEAD "
        '("Tháng 3/2025" → "Tháng 5/2025") without a new \'amended_by\' naming the amending '
        "decision [amendment-reason]\n"
    )
    vietnamese = _validate(runner, repo, "--base", "HEAD")
    assert "thời hạn của IV.1 đã đổi so với HEAD" in vietnamese.stdout
    # Without --base: no comparison, no warning.
    assert "amendment-reason" not in _validate(runner, repo).stdout


@needs_git
def test_validate_base_accepts_a_new_reason_only(runner, repo: Path) -> None:
    edit(
        repo,
        in_item(
            "IV.1",
            "deadline: Tháng 3/2025",
            "deadline: Tháng 5/2025\n        amended_by: Quyết định 200/QĐ-BNV",
        ),
    )
    assert "amendment-reason" not in _validate(runner, repo, "--base", "HEAD").stdout
    commit(repo, "first amendment")
    # Moved again, still naming the first amendment: the reason is not a new one.
    edit(repo, in_item("IV.1", "deadline: Tháng 5/2025", "deadline: Tháng 6/2025"))
    result = _validate(runner, repo, "--base", "HEAD", "--format", "json")
    assert [d["code"] for d in json.loads(result.stdout)] == ["amendment-reason"]
    assert json.loads(result.stdout)[0]["severity"] == "warning"


@needs_git
def test_validate_base_needs_a_repository_and_a_revision(runner, repo: Path) -> None:
    result = _validate(runner, repo, "--base", "nope", "--lang", "en")
    assert result.exit_code == 2
    assert "No revision 'nope'" in result.stderr


# ---------------------------------------------------------------------------------------------
# textconv, and git's own diff through it


def test_textconv_prints_one_fact_a_line(runner) -> None:
    result = runner.invoke(app, ["textconv", str(PLAN)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines == facts(load_plan(PLAN)[0])
    assert "I.2.1 deadline: Ban hành: Tháng 3/2025 => Ban hành 2025-03-31" in lines
    assert "IV.3 after: IV.2" in lines
    assert lines.index("I.2 title: " + load_plan(PLAN)[0].tasks[1].title) < lines.index(
        "I.2.1 lead: Vụ Cải cách hành chính"
    )
    units = runner.invoke(app, ["textconv", str(UNITS)])
    assert "units[Vụ Pháp chế].short: PC" in units.stdout.splitlines()
    assert "units[Vụ Tiền lương].merged_into.on: 2025-03-01" in units.stdout.splitlines()


def test_textconv_of_a_broken_file_prints_it_as_it_is(runner, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("plan: [\n", encoding="utf-8")
    result = runner.invoke(app, ["textconv", str(path)])
    assert result.exit_code == 0
    assert result.stdout == "plan: [\n"


@needs_git
def test_git_diff_through_the_textconv_driver(repo: Path) -> None:
    (repo / ".gitattributes").write_text(
        (Path(__file__).parent.parent / ".gitattributes").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    edit(repo, in_item("IV.1", "deadline: Tháng 3/2025", "deadline: Quý II/2025"))
    command = f"{shlex.quote(Path(sys.executable).as_posix())} -m parplan textconv"
    shown = git(repo, "-c", f"diff.parplan.textconv={command}", "diff")
    changed = [line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in "+++---"]
    assert changed == [
        "-IV.1 deadline: Tháng 3/2025 => 2025-03-31",
        "+IV.1 deadline: Quý II/2025 => 2025-06-30",
    ]


# ---------------------------------------------------------------------------------------------
# Pieces


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == [
        ("=", "a"),
        ("-", "b"),
        ("+", "x"),
        ("=", "c d"),
        ("+", "e"),
    ]
    assert word_diff("same  words", "same words") == [("=", "same words")]


def test_ids_sort_in_plan_order() -> None:
    ids = ["IV.1", "I.10", "I.2.10", "II.1", "I.2.9", "I", "VII.1", "V.1"]
    assert sorted(ids, key=id_key) == [
        "I",
        "I.2.9",
        "I.2.10",
        "I.10",
        "II.1",
        "IV.1",
        "V.1",
        "VII.1",
    ]


def test_every_kind_of_change_renders_in_both_languages() -> None:
    from parplan.render import diff

    deadline = {"wording": "Tháng 3/2025", "due": [{"label": None, "due": "2025-03-31"}]}
    summary = {"text": "Báo cáo", "lead": ["Vụ A"], "support": [], "deadline": deadline}
    record = {"milestone": "1", "on": "2025-01-01", "evidence": "QĐ 1", "recorded_by": None}
    changes = [
        diff.Change("plan", diff.FIELD, 2025, 2026, field="year"),
        diff.Change("I", diff.TITLE, "a b", "a c", field="title"),
        diff.Change("I.1", diff.ADDED, new=summary, reason="QĐ 2"),
        diff.Change("I.2", diff.REMOVED, old=summary),
        diff.Change("I.3", diff.TEXT, "a b", "a c", field="product"),
        diff.Change("I.3", diff.DEADLINE, deadline, deadline),
        diff.Change("I.3", diff.LEAD, ["Vụ A"], ["Vụ B"]),
        diff.Change("I.3", diff.SUPPORT, ["Vụ A", "Vụ B"], ["Vụ B", "Vụ A"]),
        diff.Change("I.3", diff.FIELD, "I.1", None, field="after"),
        diff.Change("I.3", diff.FIELD, None, 30, field="within_days"),
        diff.Change("I.3", diff.FIELD, None, "QĐ 3", field="amended_by"),
        diff.Change("I.4", diff.DONE, None, record),
        diff.Change("I.4", diff.DONE_REMOVED, record, None),
        diff.Change("I.4", diff.DONE_CHANGED, record, record),
        diff.Change("I.5", diff.MET, None, record),
        diff.Change("I.5", diff.MET_REMOVED, record, None),
        diff.Change("I.5", diff.MET_CHANGED, record, record),
    ]
    assert {c.kind for c in changes} == set(diff.KINDS)
    heading = diff.Heading("data/plan-2025.yaml", "HEAD", None)
    for lang in ("vi", "en"):
        text = diff.render_text(changes, heading, lang).splitlines()
        assert len(text) == len(changes) + 2
        assert all("{" not in line.replace("{+", "").replace("+}", "") for line in text)
        markdown = diff.render_markdown(changes, heading, lang)
        assert markdown.count("\n  - ") == len(changes)
    assert json.loads(diff.render_json(changes, heading))["changes"][1]["words"] == [
        ["=", "a"],
        ["-", "b"],
        ["+", "c"],
    ]


# -- English dates: a work-log line and a reason for delay give their own date ISO in English;
# the JSON keeps the line as the Vietnamese views write it; the plan's words are never rewritten.


@needs_git
def test_worklog_dates_in_english_are_iso(runner, repo: Path) -> None:
    edit(
        repo,
        then(
            append_to_item(
                "I.3.1",
                "log:",
                "  - {on: 2025-03-19, text: Gửi dự thảo ngày 18/03/2025}",
                "late:",
                "  - {milestone: Tháng 3/2025, reason: Chờ số liệu, unit: Văn phòng Bộ, "
                "on: 2025-06-30}",
            ),
        ),
    )
    common = ["diff", "--plan", str(plan_of(repo))]
    english = runner.invoke(app, [*common, "--lang", "en"])
    assert english.exit_code == 0 and english.stderr == ""
    lines = english.stdout.splitlines()
    assert "I.3.1  work log: (none) → 2025-03-19: Gửi dự thảo ngày 18/03/2025" in lines
    assert (
        "I.3.1  reason for delay: (none) → Tháng 3/2025: Chờ số liệu (Văn phòng Bộ), 2025-06-30"
    ) in lines
    vietnamese = runner.invoke(app, common)
    assert vietnamese.exit_code == 0 and vietnamese.stderr == ""
    assert "19/03/2025: Gửi dự thảo ngày 18/03/2025" in vietnamese.stdout
    assert "Chờ số liệu (Văn phòng Bộ), 30/06/2025" in vietnamese.stdout
    report = diff_json(runner, repo)
    assert [c["new"] for c in report["changes"]] == [
        "19/03/2025: Gửi dự thảo ngày 18/03/2025",
        "Tháng 3/2025: Chờ số liệu (Văn phòng Bộ), 30/06/2025",
    ]
