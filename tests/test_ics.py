"""`parplan ics`: parsed back with icalendar, and held to the RFC 5545 rules that Outlook,
Google Calendar and Thunderbird are strict about.

On the small plan of tests/report (see test_report.py), Văn phòng Bộ owes six dated
milestones: I.1 (31/03, done 14/03), I.2 (28/02, done 15/03) and the four reports of I.3.1
on the calendar's 20/03, 20/06, 20/09, 20/12; I.7 waits on a condition and has no date.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from parplan.cli.app import app

HERE = Path(__file__).resolve().parent / "report"
FILES = ["--plan", str(HERE / "plan.yaml"), "--units", str(HERE / "units.yaml")]


def ics(runner, *args: str):
    result = runner.invoke(app, ["ics", *args, *FILES])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout_bytes


def events(raw: bytes):
    from icalendar import Calendar

    calendar = Calendar.from_ical(raw)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_one_event_per_dated_milestone_on_its_working_deadline(runner) -> None:
    found = events(ics(runner, "--unit", "VP", "--as-of", "2025-12-31"))
    assert [(e["summary"].split()[0], e.decoded("dtstart")) for e in found] == [
        ("✓", date(2025, 2, 28)),  # I.2, done
        ("I.3.1", date(2025, 3, 20)),
        ("✓", date(2025, 3, 31)),  # I.1, done
        ("I.3.1", date(2025, 6, 20)),
        ("I.3.1", date(2025, 9, 20)),
        ("I.3.1", date(2025, 12, 20)),
    ]
    q1 = found[1]
    assert str(q1["summary"]) == "I.3.1 Báo cáo CCHC quý I"
    assert q1.decoded("dtend") - q1.decoded("dtstart") == timedelta(days=1)
    description = str(q1["description"])
    assert "Định kỳ hàng quý, 6 tháng, 1 năm (Tháng 3, 6, 9, 12/2025)" in description
    assert "31/03/2025" in description and "1/QĐ-BNV" in description
    assert "I.2" in str(found[0]["summary"]) and "Hoàn thành quá hạn" in str(found[0]["summary"])


def test_reminder_before_open_milestones_only(runner) -> None:
    found = events(ics(runner, "--unit", "VP", "--as-of", "2025-12-31", "--remind", "3"))
    alarms = {str(e["summary"]): [a for a in e.subcomponents if a.name == "VALARM"] for e in found}
    assert all(not v for k, v in alarms.items() if k.startswith("✓"))
    q1 = alarms["I.3.1 Báo cáo CCHC quý I"]
    assert len(q1) == 1 and q1[0].decoded("trigger") == timedelta(days=-3)


def test_open_leaves_done_out_and_dates_filter(runner) -> None:
    found = events(ics(runner, "--unit", "VP", "--open", "--as-of", "2025-12-31"))
    assert [e.decoded("dtstart") for e in found] == [
        date(2025, 3, 20),
        date(2025, 6, 20),
        date(2025, 9, 20),
        date(2025, 12, 20),
    ]
    found = events(ics(runner, "--unit", "VP", "--from", "01/06/2025", "--to", "2025-09-30"))
    assert [e.decoded("dtstart") for e in found] == [date(2025, 6, 20), date(2025, 9, 20)]


def test_uids_are_stable_and_distinct(runner) -> None:
    first = [str(e["uid"]) for e in events(ics(runner, "--unit", "VP"))]
    again = [str(e["uid"]) for e in events(ics(runner, "--unit", "van phong bo"))]
    assert first == again and len(set(first)) == len(first) == 6
    other_unit = {str(e["uid"]) for e in events(ics(runner, "--unit", "PC"))}
    assert not other_unit & set(first)  # PC's copy of I.3.1 is its own event


def test_rfc_5545_rules_clients_are_strict_about(runner) -> None:
    raw = ics(runner, "--as-of", "2025-12-31")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)  # CRLF only
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    for line in lines:
        line.decode("utf-8")  # a fold never splits a UTF-8 sequence
    assert b"VERSION:2.0" in lines and any(line.startswith(b"PRODID:") for line in lines)
    found = events(raw)
    assert found
    for event in found:
        for key in ("uid", "dtstamp", "dtstart", "dtend", "summary"):
            assert key in event, key
    unfolded = raw.replace(b"\r\n ", b"")
    starts = [line for line in unfolded.split(b"\r\n") if line.startswith(b"DTSTART")]
    assert starts and all(line.startswith(b"DTSTART;VALUE=DATE:") for line in starts)
    stamps = [line for line in unfolded.split(b"\r\n") if line.startswith(b"DTSTAMP:")]
    assert len(stamps) == len(found) and all(line.endswith(b"Z") for line in stamps)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--role", "lead"], "--unit"),
        (["--unit", "VP", "--role", "boss"], "boss"),
        (["--from", "2025-13-01"], "2025-13-01"),
    ],
)
def test_usage_errors(runner, args: list[str], needle: str) -> None:
    result = runner.invoke(app, ["ics", *args, *FILES])
    assert result.exit_code == 2
    assert needle in result.stderr and result.stdout == ""


# ---------------------------------------------------------------------------------------------
# Issue 22: an ongoing milestone that says how often it recurs is one recurring event

RECURRING = """
      - id: I.8
        title: Giao ban hằng tuần.
        product: Giao ban.
        lead:
          - Văn phòng Bộ
        support:
          - Các cơ quan, đơn vị liên quan
        deadline: Hằng tuần

      - id: I.9
        title: Cập nhật cổng thông tin.
        product: Cập nhật.
        lead:
          - Văn phòng Bộ
        support:
          - Các cơ quan, đơn vị liên quan
        deadline: Thường xuyên
"""


def recurring_files(tmp_path: Path) -> list[str]:
    plan = tmp_path / "plan.yaml"
    plan.write_text((HERE / "plan.yaml").read_text(encoding="utf-8") + RECURRING, "utf-8")
    return ["--plan", str(plan), "--units", str(HERE / "units.yaml")]


def test_a_weekly_item_is_one_event_with_an_rrule(runner, tmp_path: Path) -> None:
    from dateutil.rrule import rrulestr

    args = ["ics", "--unit", "VP", "--as-of", "2025-12-31", *recurring_files(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    found = {str(e["summary"]).split()[0]: e for e in events(result.stdout_bytes)}
    # I.8 "Hằng tuần": one event, weekly, from the first day of the plan's year (2025) until
    # its last day, all-day, without a reminder. I.9 "Thường xuyên" states no rhythm: no event.
    assert "I.9" not in found
    weekly = found["I.8"]
    assert weekly.decoded("dtstart") == date(2025, 1, 1)
    assert weekly.decoded("dtend") == date(2025, 1, 2)
    rule = weekly["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["UNTIL"] == [date(2025, 12, 31)]
    assert not weekly.walk("VALARM")
    unfolded = result.stdout_bytes.replace(b"\r\n ", b"")
    assert b"RRULE:FREQ=WEEKLY;UNTIL=20251231\r\n" in unfolded
    # 01/01/2025 is a Wednesday: 53 Wednesdays in 2025 (52 weeks and a day), the last 31/12.
    days = list(rrulestr(rule.to_ical().decode(), dtstart=weekly.decoded("dtstart")))
    assert len(days) == 53 and days[-1].date() == date(2025, 12, 31)
    # Beside it, the dated milestones as before: I.3.1's four reports and the done ones (✓).
    assert set(found) == {"I.8", "I.3.1", "✓"}


def test_from_and_to_bound_the_recurrence(runner, tmp_path: Path) -> None:
    from dateutil.rrule import rrulestr

    args = ["ics", "--unit", "VP", "--from", "2025-03-03", "--to", "2025-03-31"]
    args += ["--as-of", "2025-12-31", *recurring_files(tmp_path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    weekly = next(e for e in events(result.stdout_bytes) if str(e["summary"]).startswith("I.8"))
    # From Monday 03/03/2025 to 31/03/2025 (a Monday): 3, 10, 17, 24, 31 March.
    days = list(rrulestr(weekly["rrule"].to_ical().decode(), dtstart=weekly.decoded("dtstart")))
    assert [d.day for d in days] == [3, 10, 17, 24, 31]
    # A range of one day, the plan's last: one occurrence, that day.
    args = ["ics", "--unit", "VP", "--from", "2025-12-31", "--as-of", "2025-12-31"]
    result = runner.invoke(app, [*args, *recurring_files(tmp_path)])
    assert result.exit_code == 0, result.output
    weekly = next(e for e in events(result.stdout_bytes) if str(e["summary"]).startswith("I.8"))
    days = list(rrulestr(weekly["rrule"].to_ical().decode(), dtstart=weekly.decoded("dtstart")))
    assert [d.date() for d in days] == [date(2025, 12, 31)]
    # A range after the plan's years: no event.
    args = ["ics", "--unit", "VP", "--from", "2026-01-01", "--as-of", "2025-12-31"]
    result = runner.invoke(app, [*args, *recurring_files(tmp_path)])
    assert result.exit_code == 0, result.output
    assert not [e for e in events(result.stdout_bytes) if str(e["summary"]).startswith("I.8")]
