"""Issue 8 on the views, read a second time: a renamed member is named as it was on the day,
wherever the members of a group-led milestone are listed.

By hand from data/units.yaml: Vụ Công tác thanh niên bears the name "Vụ Công tác thanh niên và
Bình đẳng giới" from 01/03/2025 (likewise three public-service units); I.3.1's first report is
due 20/03/2025 under the reporting calendar.
"""

from __future__ import annotations

import json

from conftest import PLAN

from parplan.cli import app

ENV = {"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200", "PARPLAN_TODAY": "2025-07-01"}


def _run(runner, *args: str):
    result = runner.invoke(app, [*args, "--plan", str(PLAN)], env=ENV)
    assert result.exit_code == 0, result.output
    return result


def test_show_names_the_members_owing_as_owing_does(runner) -> None:
    owing = json.loads(
        _run(
            runner, "owing", "I.3.1", "-m", "1", "--as-of", "2025-04-01", "--format", "json"
        ).stdout
    )
    assert "Vụ Công tác thanh niên và Bình đẳng giới" in owing
    shown = " ".join(_run(runner, "show", "I.3.1", "--as-of", "2025-04-01").stdout.split())
    listed = shown.split("Còn 22 đơn vị chưa xong: ", 1)[1].split(" Tháng 6/2025: ", 1)[0]
    assert listed.split("; ") == owing
    # Before the renaming the old name is the name of the day.
    before = _run(runner, "show", "I.3.1", "--as-of", "2025-02-01").stdout
    assert "Vụ Công tác thanh niên;" in before
    assert "Bình đẳng giới" not in before
