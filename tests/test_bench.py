"""The benchmark's generated plans are plans parplan accepts as they are: valid and formatted.

Otherwise the benchmark would time error paths (or a `fmt --check` that fails) instead of work.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import ROOT

from parplan.cli.app import app


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_plan_is_valid_and_formatted(tmp_path: Path, runner) -> None:
    bench = load_bench()
    plan = bench.generate(250, tmp_path / "plan")
    result = runner.invoke(app, ["validate", "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "250 mục" in result.stderr
    result = runner.invoke(app, ["fmt", "--check", "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    text = plan.read_text(encoding="utf-8")
    # 250 items: 10 activities per task, 100 tasks per section: tasks I.1 … I.25.
    assert "- id: I.25.10\n" in text and "- id: I.26" not in text and "- id: II\n" not in text
    assert text.count("\n            done: ") > 0


def test_roman_numerals() -> None:
    from parplan.core.text import from_roman, roman

    assert from_roman("XIV") == 14 and from_roman("IIII") is None and from_roman("") is None
    assert [roman(n) for n in (1, 4, 9, 14, 40, 90, 99, 100, 399)] == [
        "I",
        "IV",
        "IX",
        "XIV",
        "XL",
        "XC",
        "XCIX",
        "C",
        "CCCXCIX",
    ]
