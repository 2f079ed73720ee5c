"""Today is Vietnam's date (UTC+7, fixed), and it can be set: ``PARPLAN_TODAY`` or a parameter."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from conftest import PLAN, UNITS

from parplan.cli.app import app
from parplan.core import clock

PLAIN = {"FORCE_COLOR": None, "NO_COLOR": "1", "COLUMNS": "100", "PARPLAN_LANG": None}
# The real plan: it records no progress, so no day of 2025 is before a recorded completion.
ARGS = ["--plan", str(PLAN), "--units", str(UNITS)]


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # 23:30 UTC is 06:30 the next morning in Hà Nội.
        (datetime(2025, 3, 1, 23, 30, tzinfo=timezone.utc), date(2025, 3, 2)),
        (datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc), date(2026, 1, 1)),
        # Midnight in Hà Nội is 17:00 UTC: one minute before, still the same day.
        (datetime(2025, 3, 1, 16, 59, tzinfo=timezone.utc), date(2025, 3, 1)),
        (datetime(2025, 3, 1, 17, 0, tzinfo=timezone.utc), date(2025, 3, 2)),
    ],
)
def test_today_is_the_date_in_vietnam(utc: datetime, expected: date) -> None:
    assert clock.today(utc, environ={}) == expected


def test_parplan_today_overrides_the_clock() -> None:
    now = datetime(2025, 3, 1, 23, 30, tzinfo=timezone.utc)
    assert clock.today(now, environ={"PARPLAN_TODAY": "2025-03-15"}) == date(2025, 3, 15)
    with pytest.raises(clock.BadToday):
        clock.today(now, environ={"PARPLAN_TODAY": "10/04/2025"})


class _At2330Utc(datetime):
    """The clock reads 23:30 UTC on 14 March 2025: 06:30 on 15 March in Hà Nội."""

    @classmethod
    def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
        return datetime(2025, 3, 14, 23, 30, tzinfo=timezone.utc).astimezone(tz)


def test_the_cli_shows_vietnams_date_at_2330_utc(runner, monkeypatch) -> None:
    monkeypatch.setattr(clock, "datetime", _At2330Utc)
    result = runner.invoke(app, ["due", *ARGS], env={**PLAIN, "PARPLAN_TODAY": None})
    assert result.exit_code == 0, result.output
    # 15/03/2025 and 30 days later, 14/04/2025: not 14/03.
    assert result.stdout.splitlines()[0] == "Việc đến hạn đến 14/04/2025 (tính đến 15/03/2025)"
    assert result.stderr == ""


def test_cli_reads_parplan_today(runner) -> None:
    env = {**PLAIN, "PARPLAN_TODAY": "2025-03-15"}
    by_env = runner.invoke(app, ["due", *ARGS], env=env)
    by_option = runner.invoke(
        app, ["due", "--as-of", "2025-03-15", *ARGS], env={**PLAIN, "PARPLAN_TODAY": None}
    )
    assert by_env.exit_code == by_option.exit_code == 0, by_env.output
    assert by_env.stdout == by_option.stdout
    assert "(tính đến 15/03/2025)" in by_env.stdout
    assert by_env.stderr == ""


def test_bad_parplan_today_is_a_usage_error(runner) -> None:
    env = {**PLAIN, "PARPLAN_TODAY": "2025-13-01"}
    result = runner.invoke(app, ["due", *ARGS], env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "PARPLAN_TODAY='2025-13-01' không phải một ngày dạng YYYY-MM-DD.\n"
    english = runner.invoke(app, ["due", *ARGS], env={**env, "PARPLAN_LANG": "en"})
    assert english.exit_code == 2
    assert english.stderr == "PARPLAN_TODAY='2025-13-01' is not a date written YYYY-MM-DD.\n"


@pytest.mark.parametrize("command", [["due", *ARGS], ["plans"], ["validate"]])
def test_bad_parplan_today_speaks_the_language_of_the_option(runner, command) -> None:
    env = {**PLAIN, "PARPLAN_TODAY": "2025-13-01", "PARPLAN_LANG": None}
    result = runner.invoke(app, [*command, "--lang", "en"], env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "PARPLAN_TODAY='2025-13-01' is not a date written YYYY-MM-DD.\n"


@pytest.mark.parametrize("value", ["20250315", "2025-W11-6", "2025-074", "2025-3-15"])
def test_parplan_today_is_written_yyyy_mm_dd_on_every_python(value: str) -> None:
    # Python 3.11's date.fromisoformat also reads these; 3.10 does not: the same setting must
    # not work on one machine and fail on another.
    with pytest.raises(clock.BadToday):
        clock.today(environ={"PARPLAN_TODAY": value})
