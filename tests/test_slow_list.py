"""The list of slow tests (conftest.SLOW) names tests that exist: a renamed test would
otherwise silently join the everyday run."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SLOW

HERE = Path(__file__).resolve().parent


def test_each_slow_entry_names_a_test_function() -> None:
    missing = []
    for entry in SLOW:
        file, function = entry.split("::")
        source = (HERE / file).read_text(encoding="utf-8")
        if not re.search(rf"^def {re.escape(function)}\(", source, re.M):
            missing.append(entry)
    assert missing == []
