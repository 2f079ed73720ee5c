"""``import`` proposes the targets a decision states (issue 21, io/target_sentences.py)."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import DATA

from parplan.cli.app import app
from parplan.io.target_sentences import find_targets

SEED = DATA / "source" / "971-QD-BNV-ke-hoach-CCHC-2025.txt"


def test_the_seed_gives_the_five_targets_of_the_plan() -> None:
    """The plan's targets (held to the text by test_fidelity_targets) are what is proposed."""
    plan = yaml.safe_load((DATA / "plan-2025.yaml").read_text(encoding="utf-8"))
    found = find_targets(SEED.read_text(encoding="utf-8").splitlines())
    assert [(t.id, t.text, f"{t.line}:{t.column}", t.value, t.comparison) for t in found] == [
        (
            t["id"],
            t["text"],
            t["source"].split(":", 1)[1],
            float(t["value"]),
            t["comparison"],
        )
        for t in plan["targets"]
    ]


def test_other_phrasings() -> None:
    lines = [
        "III. NHIỆM VỤ",
        "1. Cải cách thủ tục hành chính",
        "a) Tỷ lệ hồ sơ trễ hạn không quá 5%; tỷ lệ hài lòng của người dân đạt trên 90%.",
        "b) Giảm 10% chi phí tuân thủ.",  # no target word: not proposed
        "c) Tỷ lệ cán bộ được bồi dưỡng đạt 60% và 70% vào năm sau.",  # two figures: not one
    ]
    found = find_targets(lines)
    assert [(t.id, t.value, t.comparison, t.line, t.column) for t in found] == [
        ("III.1.a-1", 5.0, "at-most", 3, 4),
        ("III.1.a-2", 90.0, "at-least", 3, 38),  # after "a) …5%; "
    ]
    assert found[0].text == "Tỷ lệ hồ sơ trễ hạn không quá 5%;"


def test_a_word_that_folds_like_a_target_word_is_not_one() -> None:
    """ "đất" (land) and "đặt" (set) fold to the "dat" of "đạt" (reach): a clause about land with
    a figure is no target; the same words typed without any mark are read folded."""
    lines = [
        "a) Hoàn thành thu hồi đất của 30% dự án.",
        "b) Đặt lịch tiếp công dân cho 40% đơn vị.",
        "c) Ty le ho so dung han dat 95%.",  # no mark anywhere: "dat" is "đạt"
        "d) Số hóa đạt 70% hồ sơ.",
    ]
    found = find_targets(lines)
    assert [(t.line, t.value, t.comparison) for t in found] == [
        (3, 95.0, "at-least"),
        (4, 70.0, "at-least"),
    ]


def test_import_proposes_them_with_a_warning(runner, tmp_path: Path) -> None:
    out = tmp_path / "data" / "plan-2025.yaml"
    result = runner.invoke(app, ["import", str(SEED), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.endswith("[import-target]")]
    assert len(warnings) == 5
    assert warnings[3].startswith(f"{SEED}:154:77: warning: Đề xuất chỉ tiêu II.2.g-2 (≥ 80%)")
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert [t["id"] for t in plan["targets"]] == [
        "II.2.đ-1",
        "II.2.e-1",
        "II.2.g-1",
        "II.2.g-2",
        "II.2.g-3",
    ]
    assert (
        len([i for s in plan["sections"] for t in s["tasks"] for i in t.get("activities", [t])])
        == 132
    )
    fmt = runner.invoke(app, ["fmt", "--check", str(out)])
    assert fmt.exit_code == 0
