"""The periodic report as one self-contained HTML page: readable on a phone, printable.

No network and no CDN: the styles are inline and there is no script. The summary is an SVG
bar chart (this period beside the previous one), then the report's tables, then a timeline of
the year's milestones by month with the overdue ones marked. Every plan text is escaped.
"""

from __future__ import annotations

from html import escape

from parplan.core.model import Plan
from parplan.query.reporting import Report
from parplan.query.status import OVERDUE, STATUSES, Tally
from parplan.render.i18n import day_text, label
from parplan.render.report_text import (
    Table,
    cell_text,
    closing,
    heading,
    printable,
    report_tables,
)
from parplan.render.targets import svg_chart

COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#81c784",
    "pending": "#1565c0",
    "overdue": "#c62828",
    "ongoing": "#757575",
    "waiting": "#bdbdbd",
}

STYLE = """
*{box-sizing:border-box}
body{font-family:"Times New Roman",Times,serif;font-size:16px;line-height:1.45;margin:0;
color:#111;background:#fff}
main{max-width:1100px;margin:0 auto;padding:16px}
header.doc{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;text-align:center}
header.doc div{flex:1 1 260px}
.issuer,.nation{font-weight:bold;text-transform:uppercase}
.motto{font-weight:bold;text-decoration:underline}
.date{font-style:italic}
h1{text-align:center;font-size:1.3em;margin:20px 0 0}
h1+p.subject{text-align:center;font-weight:bold;margin:4px 0 16px}
h2{font-size:1.05em;margin:24px 0 8px}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border:1px solid #999;padding:4px 6px;vertical-align:top;overflow-wrap:break-word}
th{background:#eee}
td.n{text-align:right;white-space:nowrap}
td.k,th.k{white-space:nowrap}
svg{max-width:100%;height:auto;display:block}
figure{margin:0 0 8px}
.legend span{display:inline-block;margin-right:12px;font-size:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
.months{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px}
.month{border:1px solid #ccc;padding:6px;min-width:0}
.month h3{font-size:14px;margin:0 0 4px}
.chip{display:inline-block;font-size:12px;padding:1px 4px;margin:1px;border-radius:3px;
background:#e3f2fd;overflow-wrap:anywhere}
.chip.overdue{background:#c62828;color:#fff;font-weight:bold}
.chip.done_on_time,.chip.done_late{background:#c8e6c9}
.closing{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;margin-top:24px}
.closing div{flex:1 1 260px}
.closing ul{list-style:none;margin:0;padding:0;font-size:14px}
.recipients-title{font-weight:bold;font-style:italic}
.signer{text-align:center}
.signer .title,.signer .name{font-weight:bold}
.signer .signature{font-style:italic;margin-bottom:4em}
footer{margin-top:24px;font-size:13px;color:#555}
@media (max-width:600px){main{padding:8px}table{font-size:13px}}
@media print{main{max-width:none;padding:0}.scroll{overflow:visible}
thead{display:table-header-group}tr{break-inside:avoid}h2{break-after:avoid}}
"""


def report_html(report: Report, plan: Plan, lang: str) -> str:
    """The report as an HTML document (a string)."""
    head = heading(report, lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(head.doc)} — {escape(head.subject)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        '<header class="doc"><div>',
    ]
    if head.governing:
        parts.append(f"<div>{escape(head.governing)}</div>")
    parts += [
        f'<div class="issuer">{escape(head.issuer)}</div>',
        f"<div>{escape(head.number)}</div>",
        "</div><div>",
        f'<div class="nation">{escape(head.nation)}</div>',
        f'<div class="motto">{escape(head.motto)}</div>',
        f'<div class="date">{escape(head.place_date)}</div>',
        "</div></header>",
        f"<h1>{escape(head.doc)}</h1>",
        f'<p class="subject">{escape(head.subject)}</p>',
        f"<p>{escape(head.scope)}<br>{escape(head.window)}</p>",
    ]
    for table in report_tables(report, lang):
        parts.append(f'<section id="{table.key}">')
        parts.append(f"<h2>{escape(table.title)}</h2>")
        if table.key == "summary":
            parts.append(_chart(report, lang))
        if table.rows:
            parts.append(_table(table, lang))
        else:
            parts.append(f"<p>{escape(label('report.none', lang))}</p>")
        if table.note:
            parts.append(f'<p class="note"><em>{escape(table.note)}</em></p>')
        if table.key == "targets":  # issue 21: each target's figures over the year
            parts.append(_target_charts(report, lang))
        parts.append("</section>")
    parts.append(_timeline(report, lang))
    parts.append(_closing(report, lang))
    parts.append(
        "<footer>"
        + escape(
            label("report.generated", lang, file=plan.file, as_of=day_text(report.as_of, lang))
        )
        + "</footer>"
    )
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _table(table: Table, lang: str) -> str:
    rows = [
        "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in table.headers) + "</tr></thead>"
    ]
    body = []
    for row in table.rows:
        cells = []
        for value in row:
            text = escape(cell_text(value, lang)).replace("\n", "<br>")
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            plain = cell_text(value, lang)
            if numeric:
                cells.append(f'<td class="n">{text}</td>')
            elif " " not in plain and len(plain) <= 12:  # IDs and dates: never broken
                cells.append(f'<td class="k">{text}</td>')
            else:
                cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("<tbody>" + "".join(body) + "</tbody>")
    return f'<div class="scroll"><table>{"".join(rows)}</table></div>'


def _chart(report: Report, lang: str) -> str:
    """Horizontal bars: per status, this period (solid) and the previous one (pale)."""
    series: list[tuple[str, Tally | None]] = [
        (label("report.col.current", lang, as_of=day_text(report.as_of, lang)), report.summary),
        (
            label(
                "report.col.previous",
                lang,
                as_of=day_text(report.previous.end if report.previous else None, lang),
            ),
            report.previous_summary,
        ),
    ]
    most = max([1, *(t.statuses[s] for _, t in series if t is not None for s in STATUSES)])
    # 410 units wide: on a phone (374 px inside the page's margins) the labels stay ~12 px.
    label_width, bar_width, row_height = 160, 210, 34
    height = row_height * len(STATUSES) + 10
    width = label_width + bar_width + 50
    shapes = []
    for position, status in enumerate(STATUSES):
        top = 5 + position * row_height
        name = escape(label(f"status.{status}", lang))
        shapes.append(
            f'<text x="{label_width - 8}" y="{top + 18}" text-anchor="end" font-size="13">'
            f"{name}</text>"
        )
        for offset, (_, counts) in enumerate(series):
            value = counts.statuses[status] if counts is not None else 0
            length = round(bar_width * value / most)
            y = top + 2 + offset * 14
            opacity = "1" if offset == 0 else "0.4"
            shapes.append(
                f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="12" '
                f'fill="{COLOURS[status]}" fill-opacity="{opacity}"/>'
            )
            shapes.append(
                f'<text x="{label_width + max(length, 1) + 4}" y="{y + 10}" font-size="11">'
                f"{value}</text>"
            )
    title = escape(label("report.chart", lang))
    svg = (
        f'<svg role="img" aria-label="{title}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{title}</title>{''.join(shapes)}</svg>"
    )
    legend = "".join(
        f'<span><i style="background:#555;opacity:{1 if n == 0 else 0.4}"></i>{escape(name)}</span>'
        for n, (name, _) in enumerate(series)
    )
    return f'<figure id="chart">{svg}<figcaption class="legend">{legend}</figcaption></figure>'


def _timeline(report: Report, lang: str) -> str:
    months: dict[int, list[str]] = {month: [] for month in range(1, 13)}
    for dated in report.timeline:
        css = dated.status
        tip = escape(
            printable(f"{dated.item_id} — {dated.milestone} — {day_text(dated.due, lang)}")
        )
        text = escape(printable(dated.item_id))
        if dated.status == OVERDUE:
            text += " ⚠"
        months[dated.due.month].append(f'<span class="chip {css}" title="{tip}">{text}</span>')
    cells = [
        f'<div class="month"><h3>{escape(label("report.month", lang, month=month))}</h3>'
        + "".join(chips)
        + "</div>"
        for month, chips in months.items()
    ]
    title = escape(label("report.timeline", lang) + f" {report.current.year}")
    return f'<section id="timeline"><h2>{title}</h2><div class="months">{"".join(cells)}</div></section>'


def _closing(report: Report, lang: str) -> str:
    """Recipients and signer, as in the Word report (``report_text.closing``)."""
    end = closing(report, lang)
    items = "".join(f"<li>{escape(line)}</li>" for line in end.recipients)
    title = "<br>".join(escape(line) for line in end.signer)
    return (
        '<section class="closing"><div class="recipients">'
        f'<div class="recipients-title">{escape(end.recipients_title)}</div><ul>{items}</ul>'
        '</div><div class="signer">'
        f'<div class="title">{title}</div>'
        f'<div class="signature">{escape(end.signature)}</div>'
        f'<div class="name">{escape(end.signer_name)}</div>'
        "</div></section>"
    )


def _target_charts(report: Report, lang: str) -> str:
    """One line chart per target: its figures over the report's year, the target dashed."""
    figures = []
    for state in report.targets:
        caption = escape(printable(f"{state.target.id.value} — {state.target.text}"))
        chart = svg_chart(state, report.current.year, lang)
        figures.append(
            f'<figure class="target-chart" id="chart-{escape(state.target.id.value, quote=True)}">'
            f"{chart}<figcaption>{caption}</figcaption></figure>"
        )
    return "".join(figures)
