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
