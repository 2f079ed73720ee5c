"""The periodic report laid out: its heading and tables in words, as JSON and as Markdown.

Why one module past 500 lines: every table of the report is worded here, side by side, so that
Word, HTML and Excel (which build on these tables) say the same thing; JSON and Markdown are
the two short sections at the end.

``report_tables`` turns a ``Report`` into the tables every format shows, in the report's order,
with typed cells (dates stay dates for Excel; rates are ``Rate``); ``heading`` gives the lines of
the heading block. The Word, HTML and Excel renderers build on these two, so that every format
says the same thing. Plan text is data: it is escaped by each renderer, never interpreted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Union

from parplan.core.model import Duty, Responsibility
from parplan.core.periods import period_phrase
from parplan.core.text import markdown_escape
from parplan.query.reporting import LOGGED, PeriodRef, Report
from parplan.query.status import STATUSES, TRANSFERRED, Tally
from parplan.render.i18n import day_text, label


class Rate(float):
    """A share (0–1) shown as a percentage."""


Cell = Union[str, int, float, date, None]  # noqa: UP007 - a runtime alias on Python 3.10


@dataclass(frozen=True)
class Table:
    """One section of the report: a key (summary, completed, worklog, overdue, upcoming, units,
    gaps, …), its title, the header row and the rows of typed cells."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths, for Word and HTML
    note: str | None = None  # issue 18: a line under the table (which reasons it holds)


@dataclass(frozen=True)
class Heading:
    """The heading block of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    governing: str | None  # the body above the issuing one ("BỘ NỘI VỤ" above a unit)
    issuer: str  # the issuing body, in capitals
    number: str  # "Số: …/BC-VP"
    nation: str
    motto: str
    place_date: str
    doc: str  # "BÁO CÁO"
    subject: str  # "Tình hình, kết quả thực hiện cải cách hành chính quý I năm 2025"
    scope: str
    window: str


_CONTROL = {c: None for c in (*range(0, 9), 11, 12, *range(14, 32), 127, *range(128, 160))}


def printable(text: str) -> str:
    """Plan text without control characters (a YAML "\\e" is an ESC): Word, Excel and
    iCalendar refuse them, and a terminal would obey them. Line breaks and tabs stay."""
    return text.translate(_CONTROL)


def cell_text(cell: Cell, lang: str) -> str:
    """A cell as text: dates dd/mm/yyyy (ISO in English), rates as percentages, nothing as
    empty."""
    if cell is None:
        return ""
    if isinstance(cell, Rate):
        return f"{round(100 * cell)}%"
    if isinstance(cell, date):
        return day_text(cell, lang)
    return str(cell)


def _upper(text: str) -> str:
    return text.upper()


def heading(report: Report, lang: str) -> Heading:
    agency = report.agency or report.plan_title
    if report.unit is not None:
        governing, issuer = _upper(agency), _upper(report.unit)
    else:
        governing, issuer = None, _upper(agency)
    day = report.current.due
    place_date = label(
        "report.place_date",
        lang,
        place=report.place or "…",
        # Nghị định 30/2020: days below 10 and the months 1 and 2 take a leading zero.
        day=f"{day.day:02d}",
        # In English the date is ISO (2025-03-19): two digits for every month.
        month=f"{day.month:02d}" if day.month < 3 or lang != "vi" else str(day.month),
        year=day.year,
    )
    subject = label(
        "report.subject",
        lang,
        period=period_phrase(report.current.period, report.current.year, lang),
    )
    if report.unit is not None:
        scope = label("report.scope.unit", lang, unit=report.unit)
    else:
        scope = label("report.scope.ministry", lang, plan=f"{report.plan_title}, {report.decision}")
    basis = label("report.basis", lang, basis=report.basis) if report.basis else ""
    window = label(
        "report.window",
        lang,
        start=day_text(report.current.start, lang),
        end=day_text(report.current.end, lang),
        as_of=day_text(report.as_of, lang),
        due=day_text(report.current.due, lang),
        basis=basis,
    )
    head = Heading(
        governing=governing,
        issuer=issuer,
        number=label(
            "report.number",
            lang,
            number=report.number or " " * 6,
            code=f"-{report.code}" if report.code else "",
        ),
        nation=label("report.nation", lang),
        motto=label("report.motto", lang),
        place_date=place_date,
        doc=label("report.doc", lang),
        subject=subject,
        scope=scope,
        window=window,
    )
    return replace(
        head,
        **{name: printable(value) for name, value in vars(head).items() if isinstance(value, str)},
    )


# issue 18: the closing block, the same in every format


@dataclass(frozen=True)
class Closing:
    """The end of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục III): the
    recipients on the left, the signer on the right; the signer's title and name are left for
    the unit to fill in. A unit's report goes to Vụ Cải cách hành chính, which assembles the
    ministry's; "Lưu: VT, CODE." names the drafting unit (CCHC for the ministry's report)."""

    recipients_title: str  # "Nơi nhận:"
    recipients: tuple[str, ...]  # "- Vụ Cải cách hành chính (để tổng hợp);", "- Lưu: VT, VP."
    signer: tuple[str, ...]  # the signer's authority and title, over two lines
    signature: str  # "(Chữ ký, dấu)"
    signer_name: str  # "Họ và tên"


def closing(report: Report, lang: str) -> Closing:
    code = report.code if report.unit is not None and report.code else "CCHC"
    recipients = []
    if report.unit is not None:
        recipients.append(label("report.to_cchc", lang))
    recipients.append(label("report.archive", lang, short=printable(code)))
    return Closing(
        recipients_title=label("report.recipients", lang),
        recipients=tuple(recipients),
        signer=tuple(label("report.signer", lang).split("\n")),
        signature=label("report.signature", lang),
        signer_name=label("report.signer_name", lang),
    )


def _milestone(name: str, legal_due: date | None, lang: str) -> str:
    if legal_due is None:
        return name
    return f"{name} ({label('report.legal_due', lang, due=day_text(legal_due, lang))})"


def _units(names: Sequence[str]) -> str:
    return "; ".join(names)


def _summary_rows(current: Tally, previous: Tally | None, lang: str) -> list[tuple[Cell, ...]]:
    rows: list[tuple[Cell, ...]] = []
    # A unit's milestones that went with it when it left or merged: shown when there are any,
    # so that the total is the sum of the rows above it.
    moved = current.statuses[TRANSFERRED] or (previous and previous.statuses[TRANSFERRED])
    for status in (*STATUSES, TRANSFERRED) if moved else STATUSES:
        rows.append(
            (
                label(f"status.{status}", lang),
                current.statuses[status],
                previous.statuses[status] if previous else None,
            )
        )
    rows.append(
        (
            label("report.total", lang),
            sum(current.statuses.values()),
            sum(previous.statuses.values()) if previous else None,
        )
    )
    rows.append(
        (
            label("report.due_so_far", lang),
            current.due_so_far,
            previous.due_so_far if previous else None,
        )
    )
    rows.append(
        (
            label("report.rate", lang),
            _rate(current) if current.due_so_far else "—",
            (_rate(previous) if previous.due_so_far else "—") if previous else None,
        )
    )
    return rows


def _rate(counts: Tally) -> Rate | None:
    rate = counts.on_time_rate
    return Rate(rate) if rate is not None else None


def report_tables(report: Report, lang: str) -> list[Table]:
    """The report's sections as tables, in the report's order (the last two only in the
    ministry's report)."""
    number = label("report.col.no", lang)
    tables = []
    previous_day = report.previous.end if report.previous else None
    tables.append(
        Table(
            "summary",
            label("report.s.summary", lang),
            (
                label("report.col.status", lang),
                label("report.col.current", lang, as_of=day_text(report.as_of, lang)),
                label("report.col.previous", lang, as_of=day_text(previous_day, lang)),
            ),
            tuple(_summary_rows(report.summary, report.previous_summary, lang)),
            (3, 1.3, 1.3),
        )
    )
    if report.targets:  # issue 21: the figures the ministry is scored on
        tables.append(targets_table(report, lang))
    if report.responsibilities or report.duties:  # issue 21: a unit's report
        tables.append(body_table(report, lang))
    # A work-log entry is work towards an item, not its completion: it has a table of its own
    # under section II, so that no reader takes a logged item for a completed one.
    completed = [
        (position, d.item_id, d.text, d.milestone, d.on, d.evidence, _units(d.units))
        for position, d in enumerate((d for d in report.completed if d.kind != LOGGED), start=1)
    ]
    logged = [
        (position, d.item_id, d.text, d.milestone, d.on, d.note, d.evidence, _units(d.units))
        for position, d in enumerate((d for d in report.completed if d.kind == LOGGED), start=1)
    ]
    window = {
        "start": day_text(report.current.start, lang),
        "end": day_text(min(report.current.end, report.as_of), lang),
    }
    ids = (number, label("col.id", lang), label("col.item", lang))
    on, evidence, units, work = (
        label(f"report.col.{k}", lang) for k in ("on", "evidence", "units", "work")
    )
    tables.append(
        Table(
            "completed",
            label("report.s.completed", lang, **window),
            (*ids, label("col.milestone", lang), on, evidence, units),
            tuple(completed),
            (0.9, 0.9, 2.8, 1.3, 1.7, 1.6, 1.4),
        )
    )
    if logged:
        tables.append(
            Table(
                "worklog",
                label("report.s.worklog", lang, **window),
                (*ids, label("report.col.deadline", lang), on, work, evidence, units),
                tuple(logged),
                (0.9, 0.9, 2.2, 1.2, 1.5, 2.0, 1.4, 1.2),
            )
        )
    tables.append(
        Table(
            "overdue",
            label("report.s.overdue", lang),
            (
                number,
                label("col.id", lang),
                label("col.item", lang),
                label("col.milestone", lang),
                label("col.due", lang),
                label("report.col.days_late", lang),
                label("report.col.units", lang),
                label("report.col.reason", lang),
            ),
            tuple(
                (
                    position,
                    late.item_id,
                    late.text,
                    _milestone(late.milestone, late.legal_due, lang),
                    late.due,
                    late.days_late,
                    _units(late.units),
                    "\n".join(late.reasons) or None,
                )
                for position, late in enumerate(report.overdue, start=1)
            ),
            (0.9, 0.9, 2.3, 1.3, 1.7, 0.9, 1.3, 1.5),
            _reasons_note(report, lang),
        )
    )
    following_end = report.following.end if report.following else None
    tables.append(
        Table(
            "upcoming",
            label("report.s.upcoming", lang, end=day_text(following_end, lang)),
            (
                number,
                label("col.id", lang),
                label("col.item", lang),
                label("col.milestone", lang),
                label("col.due", lang),
                label("report.col.units", lang),
            ),
            tuple(
                (
                    position,
                    coming.item_id,
                    coming.text,
                    _milestone(coming.milestone, coming.legal_due, lang),
                    coming.due,
                    _units(coming.units),
                )
                for position, coming in enumerate(report.upcoming, start=1)
            ),
            (0.9, 0.9, 3.1, 1.6, 1.7, 1.6),
        )
    )
    if report.unit is None:
        tables.append(
            Table(
                "units",
                label("report.s.units", lang, as_of=day_text(report.as_of, lang)),
                (
                    number,
                    label("col.unit", lang),
                    *(label(f"status.{status}", lang) for status in STATUSES),
                    label("report.due_so_far", lang),
                    label("report.rate", lang),
                ),
                tuple(
                    (
                        position,
                        line.name,
                        *(line.tally.statuses[status] for status in STATUSES),
                        line.tally.due_so_far,
                        # as the summary: "—" when nothing has fallen due (issue 18)
                        _rate(line.tally) if line.tally.due_so_far else "—",
                    )
                    for position, line in enumerate(report.units, start=1)
                ),
                (0.9, 2.6, *(0.8 for _ in STATUSES), 0.8, 0.9),
            )
        )
        tables.append(
            Table(
                "gaps",
                label("report.s.gaps", lang),
                (
                    number,
                    label("col.id", lang),
                    label("col.milestone", lang),
                    label("col.due", lang),
                    label("report.col.group", lang),
                    label("report.col.missing", lang),
                ),
                tuple(
                    (
                        position,
                        gap.item_id,
                        gap.milestone,
                        gap.due,
                        gap.group,
                        _units(gap.missing),
                    )
                    for position, gap in enumerate(report.gaps, start=1)
                ),
                (0.9, 0.9, 1.6, 1.7, 1.6, 3.4),
            )
        )
    if report.unread:  # issue 20: items no section above counts, since they have no date
        tables.append(
            Table(
                "unread",
                label("report.s.unread", lang),
                (
                    number,
                    label("col.id", lang),
                    label("col.item", lang),
                    label("report.col.deadline", lang),
                    label("report.col.units", lang),
                ),
                tuple(
                    (position, u.item_id, u.text, u.deadline, _units(u.units))
                    for position, u in enumerate(report.unread, start=1)
                ),
                (0.9, 0.9, 3.4, 2.2, 1.8),
            )
        )
    return [_printable_table(table) for table in tables]


def targets_table(report: Report, lang: str) -> Table:
    """ "Kết quả thực hiện các chỉ tiêu": each target with its figure of the report's window,
    the target, the status (with the gap) and the trend (issue 21)."""
    # lazy: `ics` lays out its events with this module and needs neither targets nor views
    from parplan.render.targets import figure_text, requirement, status_text, trend_text

    rows = []
    for position, state in enumerate(report.targets, start=1):
        current = state.current
        rows.append(
            (
                position,
                state.target.id.value,
                state.target.text,
                requirement(state.target, lang),
                figure_text(state.target, current.value if current else None, lang),
                current.on if current else None,
                status_text(state, lang),
                trend_text(state, lang),
            )
        )
    return Table(
        "targets",
        label("report.targets", lang),
        (
            label("report.col.no", lang),
            label("col.id", lang),
            label("report.col.target_text", lang),
            label("field.requirement", lang),
            label("field.value", lang),
            label("field.on", lang),
            label("field.target_status", lang),
            label("field.trend", lang),
        ),
        tuple(rows),
        (0.6, 1.1, 4.0, 1.0, 1.0, 1.2, 1.6, 1.3),
    )


def body_table(report: Report, lang: str) -> Table:
    """A unit's responsibilities under section IV and the standing duties of section II it
    leads, in the decision's words (issue 21)."""
    entries: list[Responsibility | Duty] = [*report.responsibilities, *report.duties]
    rows = [
        (position, entry.id.value, entry.text) for position, entry in enumerate(entries, start=1)
    ]
    return Table(
        "body",
        label("report.responsibilities", lang),
        (label("report.col.no", lang), label("col.id", lang), label("report.col.body", lang)),
        tuple(rows),
        (0.6, 1.0, 9.0),
    )


def _printable_table(table: Table) -> Table:
    rows = tuple(
        tuple(printable(cell) if isinstance(cell, str) else cell for cell in row)
        for row in table.rows
    )
    return replace(table, title=printable(table.title), rows=rows)


# ---------------------------------------------------------------------------------------------
# JSON


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _period(ref: PeriodRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "key": ref.period.key,
        "name": ref.period.name,
        "name_en": ref.period.name_en,
        "year": ref.year,
        "start": ref.start.isoformat(),
        "end": ref.end.isoformat(),
        "due": ref.due.isoformat(),
    }


def report_record(report: Report) -> dict[str, Any]:
    """The report as data for scripts (fields documented in the README)."""
    # lazy: `ics` lays out its events with this module and needs neither targets nor views
    from parplan.render.targets import body_record, target_record
    from parplan.render.views import tally_record

    return {
        "plan": {"title": report.plan_title, "decision": report.decision},
        "basis": report.basis,
        "agency": report.agency,
        "number": report.number,  # "Số: {number}/BC-{code}" (review of issue 18)
        "code": report.code,
        "period": _period(report.current),
        "previous": _period(report.previous),
        "next": _period(report.following),
        "as_of": report.as_of.isoformat(),
        "unit": report.unit,
        "summary": tally_record(report.summary),
        "previous_summary": (
            tally_record(report.previous_summary) if report.previous_summary else None
        ),
        "completed": [
            {
                "kind": done.kind,
                "id": done.item_id,
                "text": done.text,
                "milestone": done.milestone,
                "on": done.on.isoformat(),
                "evidence": done.evidence,
                "units": list(done.units),
                "log": done.note,
            }
            for done in report.completed
        ],
        "overdue": [
            {
                "id": late.item_id,
                "text": late.text,
                "milestone": late.milestone,
                "due": late.due.isoformat(),
                "legal_due": _iso(late.legal_due),
                "days_late": late.days_late,
                "units": list(late.units),
                "reasons": list(late.reasons),
            }
            for late in report.overdue
        ],
        "reasons_until": _iso(report.reasons_until),
        "upcoming": [
            {
                "id": coming.item_id,
                "text": coming.text,
                "milestone": coming.milestone,
                "due": coming.due.isoformat(),
                "legal_due": _iso(coming.legal_due),
                "units": list(coming.units),
            }
            for coming in report.upcoming
        ],
        "units": [
            {"name": line.name, "short": line.short, **tally_record(line.tally)}
            for line in report.units
        ],
        "targets": [target_record(state) for state in report.targets],  # issue 21
        "responsibilities": [body_record(entry) for entry in report.responsibilities],
        "duties": [body_record(entry) for entry in report.duties],
        "gaps": [
            {
                "id": gap.item_id,
                "text": gap.text,
                "milestone": gap.milestone,
                "due": gap.due.isoformat(),
                "group": gap.group,
                "missing": list(gap.missing),
            }
            for gap in report.gaps
        ],
        "unread": [  # issue 20
            {"id": u.item_id, "text": u.text, "deadline": u.deadline, "units": list(u.units)}
            for u in report.unread
        ],
    }


def report_json(report: Report) -> str:
    return json.dumps(report_record(report), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown


def report_markdown(report: Report, lang: str) -> str:
    """The report in Markdown: heading lines, then each section as a table."""
    head = heading(report, lang)
    lines = []
    if head.governing:
        lines.append(markdown_escape(head.governing) + "  ")
    lines.append(f"**{markdown_escape(head.issuer)}**  ")
    lines.append(markdown_escape(head.number))
    lines.append("")
    lines.append(f"**{markdown_escape(head.nation)}**  ")
    lines.append(f"**{markdown_escape(head.motto)}**")
    lines.append("")
    lines.append(f"*{markdown_escape(head.place_date)}*")
    lines.append("")
    lines.append(f"## {head.doc}")
    lines.append("")
    lines.append(f"**{markdown_escape(head.subject)}**")
    lines.append("")
    lines.append(markdown_escape(head.scope) + "  ")
    lines.append(markdown_escape(head.window))
    for table in report_tables(report, lang):
        lines.append("")
        lines.append(f"### {markdown_escape(table.title)}")
        lines.append("")
        if not table.rows:
            lines.append(label("report.none", lang))
        else:
            lines.append("| " + " | ".join(markdown_escape(h) for h in table.headers) + " |")
            lines.append("|" + "|".join("---" for _ in table.headers) + "|")
            for row in table.rows:
                cells = [" ".join(markdown_escape(cell_text(c, lang)).split()) for c in row]
                lines.append("| " + " | ".join(cells) + " |")
        if table.note:
            lines += ["", f"*{markdown_escape(table.note)}*"]
    end = closing(report, lang)
    lines.append("")
    lines.append(f"***{markdown_escape(end.recipients_title)}***")
    lines.append("")
    lines.extend(f"- {markdown_escape(line.removeprefix('- '))}" for line in end.recipients)
    lines.append("")
    lines.extend(f"**{markdown_escape(line)}**  " for line in end.signer)
    lines.append(f"*{markdown_escape(end.signature)}*")
    lines.append("")
    lines.append(f"**{markdown_escape(end.signer_name)}**")
    return "\n".join(lines) + "\n"


def _reasons_note(report: Report, lang: str) -> str | None:
    """Which reasons for delay section III holds, and how a reason written after that day
    reaches it (issue 18): dated within the period with ``parplan late --on``."""
    if report.reasons_until is None:
        return None
    return label("report.reasons-note", lang, until=day_text(report.reasons_until, lang))
