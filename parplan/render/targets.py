"""The targets' states in words and in data (issue 21): records (JSON, CSV, xlsx), Markdown,
terminal tables, and the inline SVG chart of a target's figures over the year for HTML.

Plan text is data here as everywhere: Markdown cells are escaped by ``md_table``'s callers'
rule (``markdown_escape``), SVG text is XML-escaped, terminal text goes through ``printable``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from parplan.core.model import Duty, Responsibility, Target
from parplan.core.text import markdown_escape, printable
from parplan.query.targets import BELOW, MET, NO_DATA, TargetState, figure_fields
from parplan.render.formats import md_document, md_table, to_json
from parplan.render.i18n import day_text, label, show_number
from parplan.render.outputs import Document, Lines, Screen, Sheet

if TYPE_CHECKING:
    from parplan.query.queries import TargetsView
    from parplan.render.outputs import Document, Frame, Lines, Screen, Sheet

# The columns of ``targets --format csv|xlsx`` (their headers: ``field.<column>``).
TARGET_COLUMNS = (
    "id",
    "requirement",
    "unit",
    "value",
    "on",
    "target_status",
    "gap",
    "trend",
    "evidence",
    "text",
)


def requirement(target: Target, lang: str) -> str:
    """ "≥ 80%", "= 100%", "≤ 5" — the target as a short formula."""
    sign = {"at-least": "≥", "exactly": "=", "at-most": "≤"}[target.comparison]
    suffix = "%" if target.measure == "percent" else ""
    return f"{sign} {show_number(target.value, lang)}{suffix}"


def figure_text(state_target: Target, value: float | None, lang: str) -> str:
    if value is None:
        return ""
    suffix = "%" if state_target.measure == "percent" else ""
    return f"{show_number(value, lang)}{suffix}"


def status_text(state: TargetState, lang: str) -> str:
    """ "đạt", "chưa đạt (còn thiếu 7,5 điểm %)" (or "(vượt 5 điểm %)" above an at-most or
    exactly target), "chưa có số liệu". The distance between two percentages is in percentage
    points ("điểm %", "pp"): 72,5% is 7,5 points short of 80%, not 7,5% short of it."""
    words = label(f"target.status.{state.status}", lang)
    if state.gap and state.status != NO_DATA:
        over = state.current is not None and state.current.value > state.target.value
        key = "target.over" if over else "target.gap"
        words += " " + label(key, lang, gap=show_number(state.gap, lang) + _points(state, lang))
    return words


def trend_text(state: TargetState, lang: str) -> str:
    """ "Tăng (+5 điểm %)": the change since the figure before, in points for a percentage."""
    if state.trend is None or state.change is None:
        return ""
    sign = "+" if state.change > 0 else ""
    amount = f"{sign}{show_number(state.change, lang)}{_points(state, lang)}"
    change = amount if state.change else "0"
    return label(f"target.trend.{state.trend}", lang) + f" ({change})"


def _points(state: TargetState, lang: str) -> str:
    """What a difference of the target's figures is counted in: percentage points, or nothing
    (a count)."""
    return " " + label("target.points", lang) if state.target.measure == "percent" else ""


def target_record(state: TargetState) -> dict[str, object]:
    """A target's state as JSON: the target, the window judged, the figure it was judged on,
    the status and gap, the trend, and every figure so far."""
    target, current, latest = state.target, state.current, state.latest
    return {
        "id": target.id.value,
        "text": target.text,
        "source": target.cited.value if target.cited else None,
        "measure": target.measure,
        "comparison": target.comparison,
        "target": target.value,
        "unit": target.unit.value if target.unit else None,
        "basis": target.basis.value if target.basis else None,
        "period": target.period,
        "as_of": state.as_of.isoformat(),
        "window": {"from": state.window[0].isoformat(), "to": state.window[1].isoformat()},
        "value": current.value if current else None,
        "on": current.on.isoformat() if current else None,
        "evidence": current.evidence.value if current and current.evidence else None,
        "status": state.status,
        "gap": state.gap,
        "latest": figure_fields(latest) if latest else None,
        "trend": state.trend,
        "change": state.change,
        "figures": [figure_fields(entry) for entry in state.history],
    }


def target_row(state: TargetState, lang: str) -> dict[str, object]:
    """A target's state as a table row in ``lang`` (CSV, xlsx, Markdown, terminal)."""
    target, current = state.target, state.current
    return {
        "id": target.id.value,
        "requirement": requirement(target, lang),
        "unit": target.unit.value if target.unit else "",
        "value": figure_text(target, current.value if current else None, lang),
        "on": current.on.isoformat() if current else "",
        "target_status": status_text(state, lang),
        "gap": show_number(state.gap, lang) if state.gap is not None else "",
        "trend": trend_text(state, lang),
        "evidence": current.evidence.value if current and current.evidence else "",
        "text": target.text,
    }


def targets_markdown(states: Sequence[TargetState], lang: str) -> str:
    """The targets' table in Markdown (``md_table`` escapes the cells)."""
    headers = [label(f"field.{c}", lang) for c in TARGET_COLUMNS if c != "text"]
    rows = []
    for state in states:
        row = target_row(state, lang)
        if row["on"]:
            row["on"] = day_text(date.fromisoformat(str(row["on"])), lang)
        rows.append([str(row[c]) for c in TARGET_COLUMNS if c != "text"])
    return md_table(headers, rows)


def targets_table(states: Sequence[TargetState], lang: str, width: int) -> Any:
    """The targets as a Rich table for the terminal (text through ``printable``)."""
    # lazy: Rich, for the screen only
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, width=min(width, 200), expand=False)
    columns = ("id", "requirement", "value", "on", "target_status", "trend", "unit")
    for column in columns:
        table.add_column(label(f"field.{column}", lang), overflow="fold")
    for state in states:
        row = target_row(state, lang)
        if row["on"]:
            row["on"] = day_text(date.fromisoformat(str(row["on"])), lang)
        style = {"met": "green", "below": "red"}.get(state.status, "yellow")
        cells = [Text(printable(str(row[c]))) for c in columns]
        cells[4].stylize(style)
        table.add_row(*cells)
    return table


def target_lines(state: TargetState, lang: str) -> list[str]:
    """One target whole, as lines (``show TARGET``)."""
    target = state.target
    lines = [
        f"{target.id.value} — {requirement(target, lang)}",
        "",
        target.text,
        "",
    ]
    fields = [
        ("target.field.source", target.cited.value if target.cited else ""),
        ("field.unit", target.unit.value if target.unit else ""),
        ("target.field.basis", target.basis.value if target.basis else ""),
        ("target.field.period", str(target.period or "")),
        (
            "target.field.window",
            f"{day_text(state.window[0], lang)} – {day_text(state.window[1], lang)}",
        ),
        ("field.target_status", status_text(state, lang)),
        ("field.trend", trend_text(state, lang)),
    ]
    lines += [f"{label(key, lang)}: {value}" for key, value in fields if value]
    lines.append("")
    lines.append(label("target.figures", lang, as_of=day_text(state.as_of, lang)))
    if not state.history:
        lines.append("  " + label("target.figures.none", lang))
    for entry in state.history:
        fraction = (
            f" ({entry.numerator}/{entry.denominator})" if entry.numerator is not None else ""
        )
        extra = [
            entry.unit.value if entry.unit else "",
            entry.evidence.value if entry.evidence else "",
        ]
        tail = " — ".join(part for part in extra if part)
        lines.append(
            f"  {day_text(entry.on, lang)}: {figure_text(target, entry.value, lang)}{fraction}"
            + (f" — {tail}" if tail else "")
        )
    return lines


# ---------------------------------------------------------------------------------------------
# The chart (HTML report)

CHART_WIDTH = 480
CHART_HEIGHT = 160
_PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 40, 12, 12, 24


def svg_chart(state: TargetState, year: int, lang: str) -> str:
    """An inline SVG line chart of the target's figures over its year (from the first report's
    window start, else 1 January, to 31 December), with the target as a dashed line. Text is
    XML-escaped; nothing is fetched."""
    target = state.target
    start = min([date(year, 1, 1), *(m.on for m in state.history)])
    end = date(year, 12, 31)
    top = (
        100.0
        if target.measure == "percent"
        else max([target.value, *(m.value for m in state.history), 1.0])
    )
    inner_w = CHART_WIDTH - _PAD_LEFT - _PAD_RIGHT
    inner_h = CHART_HEIGHT - _PAD_TOP - _PAD_BOTTOM
    span = max(1, (end - start).days)

    def x(day: date) -> float:
        return _PAD_LEFT + inner_w * min(max((day - start).days, 0), span) / span

    def y(value: float) -> float:
        return _PAD_TOP + inner_h * (1 - min(max(value, 0.0), top) / top)

    title = escape(label("target.chart.title", lang, id=target.id.value), quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
        f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<rect x="{_PAD_LEFT}" y="{_PAD_TOP}" width="{inner_w}" height="{inner_h}" '
        'fill="none" stroke="#999" stroke-width="0.5"/>',
    ]
    for tick in (0.0, top / 2, top):
        parts.append(
            f'<text x="{_PAD_LEFT - 4}" y="{y(tick) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{escape(show_number(tick, lang))}</text>'
        )
    for month in (1, 4, 7, 10):
        day = date(year, month, 1)
        parts.append(
            f'<text x="{x(day):.1f}" y="{CHART_HEIGHT - 8}" font-size="10" '
            f'text-anchor="middle">{month:02d}/{year}</text>'
        )
    goal = y(target.value)
    parts.append(
        f'<line class="target" x1="{_PAD_LEFT}" y1="{goal:.1f}" x2="{_PAD_LEFT + inner_w}" '
        f'y2="{goal:.1f}" stroke="#c00" stroke-dasharray="4 3"/>'
    )
    points = [(x(m.on), y(m.value)) for m in state.history]
    if len(points) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(
            f'<polyline class="figures" points="{path}" fill="none" stroke="#036" '
            'stroke-width="2"/>'
        )
    for (px, py), entry in zip(points, state.history, strict=True):
        tip = escape(
            f"{day_text(entry.on, lang)}: {figure_text(target, entry.value, lang)}", quote=True
        )
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="#036"><title>{tip}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The decision's body: duties (section II) and responsibilities (section IV)


def body_record(entry: Duty | Responsibility | Target) -> dict[str, object]:
    """A duty, responsibility or target as JSON (``show``, ``unit``, ``list --search``)."""
    record: dict[str, object] = {
        "kind": "duty"
        if isinstance(entry, Duty)
        else "responsibility"
        if isinstance(entry, Responsibility)
        else "target",
        "id": entry.id.value,
        "text": entry.text,
        "source": entry.cited.value if entry.cited else None,
        "line": entry.source.line,
    }
    if isinstance(entry, Duty):
        record["lead"] = [unit.value for unit in entry.lead]
        record["basis"] = [ref.value for ref in entry.basis]
    elif isinstance(entry, Responsibility):
        record["unit"] = entry.unit.value if entry.unit else None
        record["to"] = entry.to
        record["points"] = [ref.value for ref in entry.points]
    else:
        record["unit"] = entry.unit.value if entry.unit else None
    return record


def body_entry_lines(entry: Duty | Responsibility, lang: str) -> list[str]:
    """A duty or responsibility whole (``show II.1.a``, ``show IV.5.a``)."""
    kind = "duty" if isinstance(entry, Duty) else "responsibility"
    lines = [f"{entry.id.value} — {label(f'body.{kind}', lang)}", "", entry.text, ""]
    fields: list[tuple[str, str]] = [
        ("target.field.source", entry.cited.value if entry.cited else "")
    ]
    if isinstance(entry, Duty):
        leads = [
            f"{unit.value} ({basis.value})" if basis else unit.value
            for unit, basis in zip(
                entry.lead, [*entry.basis, *([None] * len(entry.lead))], strict=False
            )
        ]
        fields.append(("col.lead", "; ".join(leads)))
    else:
        fields.append(("field.unit", entry.unit.value if entry.unit else (entry.to or "")))
        fields.append(("body.points", ", ".join(ref.value for ref in entry.points)))
    lines += [f"{label(key, lang)}: {value}" for key, value in fields if value]
    return lines


def unit_body_lines(
    responsibilities: Sequence[Responsibility],
    duties: Sequence[Duty],
    states: Sequence[TargetState],
    lang: str,
) -> list[tuple[str, list[str]]]:
    """The sections a unit's page adds (``unit U``): its responsibilities under section IV,
    the standing duties of section II it leads, the targets it answers for."""
    sections = [
        (
            label("unit.responsibilities", lang, n=len(responsibilities)),
            [f"{r.id.value}: {r.text}" for r in responsibilities],
        ),
        (
            label("unit.duties", lang, n=len(duties)),
            [f"{d.id.value}: {d.text}" for d in duties],
        ),
        (
            label("unit.targets", lang, n=len(states)),
            [
                f"{s.target.id.value} ({requirement(s.target, lang)}): {status_text(s, lang)}"
                + (
                    f" — {figure_text(s.target, s.current.value, lang)}, {day_text(s.current.on, lang)}"
                    if s.current
                    else ""
                )
                for s in states
            ],
        ),
    ]
    return sections


# ---------------------------------------------------------------------------------------------
# issue 22: the renderers of ``targets``, ``show TARGET`` and ``show`` of a duty or a
# responsibility (the table in ``render.outputs``)


def _targets_texts(value: TargetsView, lang: str) -> tuple[str, str]:
    """The title (the day, the unit as typed) and the summary line of ``targets``."""

    title = label("title.targets", lang, as_of=day_text(value.as_of, lang))
    if value.unit is not None:
        title += f" · {value.unit}"
    states = value.states
    if not states:
        return title, label("targets.none", lang)
    counts = {status: sum(s.status == status for s in states) for status in (MET, BELOW, NO_DATA)}
    start, end = states[0].window
    summary = label(
        "targets.summary",
        lang,
        met=counts[MET],
        below=counts[BELOW],
        no_data=counts[NO_DATA],
        start=day_text(start, lang),
        end=day_text(end, lang),
    )
    return title, summary


def targets_json(value: TargetsView, frame: Frame) -> Document:
    return Document(to_json([target_record(state) for state in value.states]))


def targets_sheet(value: TargetsView, frame: Frame) -> Sheet:
    rows = [target_row(state, frame.lang) for state in value.states]
    return Sheet(rows, TARGET_COLUMNS, label("report.targets", frame.lang))


def targets_document(value: TargetsView, frame: Frame) -> Document:
    title, summary = _targets_texts(value, frame.lang)
    blocks = [targets_markdown(value.states, frame.lang)] if value.states else []
    return Document(md_document(title, blocks, [summary]))


def targets_screen(value: TargetsView, frame: Frame) -> Screen:
    title, summary = _targets_texts(value, frame.lang)
    parts: list[object] = [(note, "dim") for note in frame.notes()]
    parts.append((title, "bold"))
    if value.states:
        parts.append(targets_table(value.states, frame.lang, frame.width))
    parts.append((summary, "dim"))
    return Screen(parts)


def _lines_document(lines: Sequence[str]) -> Document:
    """Lines of text as Markdown: the first a heading, each other a line of its own."""
    body = [f"### {markdown_escape(lines[0])}", ""]
    body += [markdown_escape(line) + "  " if line else "" for line in lines[1:]]
    return Document("\n".join(body).rstrip() + "\n")


def target_json(value: TargetState, frame: Frame) -> Document:
    return Document(to_json(target_record(value)))


def target_sheet(value: TargetState, frame: Frame) -> Sheet:
    return Sheet([target_row(value, frame.lang)], TARGET_COLUMNS, value.target.id.value)


def target_document(value: TargetState, frame: Frame) -> Document:
    return _lines_document(target_lines(value, frame.lang))


def target_lines_output(value: TargetState, frame: Frame) -> Lines:
    return Lines(target_lines(value, frame.lang))


def body_entry_json(value: Duty | Responsibility, frame: Frame) -> Document:
    return Document(to_json(body_record(value)))


def body_entry_sheet(value: Duty | Responsibility, frame: Frame) -> Sheet:
    record = body_record(value)
    columns = [key for key in record if not isinstance(record[key], list)]
    # Its columns are the record's keys, as JSON names them (not translated).
    return Sheet([record], columns, value.id.value, plain=True)


def body_entry_document(value: Duty | Responsibility, frame: Frame) -> Document:
    return _lines_document(body_entry_lines(value, frame.lang))


def body_entry_lines_output(value: Duty | Responsibility, frame: Frame) -> Lines:
    return Lines(body_entry_lines(value, frame.lang))
