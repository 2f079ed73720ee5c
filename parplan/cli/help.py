"""The ``--help`` texts in the user's language, reflowed to the terminal.

Command docstrings are the help (style: one Vietnamese summary line, English paragraphs, then
"Ví dụ / example:" lines). Typer keeps their line breaks, so a docstring wrapped at 100 columns
reads ragged in a narrower or wider terminal: ``localise`` joins each paragraph into one line
(Rich then wraps it to the terminal) and, for English (``--lang en`` or ``PARPLAN_LANG=en``),
keeps only the English: the summary becomes the first English sentence, options take their
English text. It runs once, before the command line is parsed (``parplan.cli.app.main``).
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Sequence
from typing import Any

# Option and argument help with no English half (" / english") of its own.
ENGLISH: dict[str, str] = {
    "text, json hoặc github (chú thích cho GitHub Actions).": (
        "text, json or github (GitHub Actions annotations)."
    ),
    "vi (mặc định) hoặc en.": "vi (the default) or en.",
    "Phiên bản git để so sánh: cảnh báo thời hạn đã đổi mà không ghi 'amended_by'.": (
        "A git revision to compare with: warn of deadlines changed without 'amended_by'."
    ),
    "Ngày (YYYY-MM-DD hoặc DD/MM/YYYY); mặc định hôm nay.": (
        "The day (YYYY-MM-DD or DD/MM/YYYY); default today."
    ),
    "Các tệp cần định dạng (mặc định: tệp kế hoạch và tệp đơn vị).": (
        "The files to format (default: the plan and units files)."
    ),
    "Không ghi gì: in các tệp cần định dạng lại, thoát với mã 1 nếu có (cho CI).": (
        "Write nothing: list the files that would change, exit 1 if any (for CI)."
    ),
    "Hai phiên bản git cần so sánh (mặc định: HEAD và bản đang sửa).": (
        "The two git revisions to compare (default: HEAD and the working tree)."
    ),
    "text, json hoặc md (Markdown cho bình luận pull request).": (
        "text, json or md (Markdown for a pull-request comment)."
    ),
    "Tệp kế hoạch hoặc tệp đơn vị.": "A plan or units file.",
    "plan hoặc units.": "plan or units.",
    "Đơn vị: tên, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.": (
        "The unit: its name, abbreviation or alias, accents and case optional."
    ),
    "Số ngày tới (mặc định 30).": "Days ahead (default 30).",
    "lead (chủ trì) hoặc support (phối hợp); mặc định cả hai, có cột vai trò.": (
        "lead or support; default both, with a role column."
    ),
    "Xem kế hoạch tại ngày này (YYYY-MM-DD); mặc định hôm nay (giờ Việt Nam).": (
        "See the plan as it stood on this day (YYYY-MM-DD); default today in Vietnam."
    ),
    "table (bảng), json, csv (UTF-8 có BOM), xlsx (tệp Excel: chuyển ra tệp, > bang.xlsx) "
    "hoặc md (Markdown cho báo cáo).": (
        "table, json, csv (UTF-8 with a BOM), xlsx (an Excel file: redirect it, > table.xlsx) "
        "or md (Markdown for reports)."
    ),
    "lead (chủ trì, mặc định) hoặc support (phối hợp).": "lead (the default) or support.",
    "Bảng: chỉ hiện N dòng đầu (0: tất cả); mặc định 50 trên màn hình, tất cả khi chuyển hướng.": (
        "Tables: the first N rows only (0: all); default 50 on a terminal, all when redirected."
    ),
    "Tên đơn vị, tên viết tắt hoặc tên gọi khác, không phân biệt dấu.": (
        "The unit's name, abbreviation or alias, accents and case optional."
    ),
    "Mã mục, ví dụ I.2.1.": "An item ID, e.g. I.2.1.",
    "Mã mục, ví dụ I.3.1.": "An item ID, e.g. I.3.1.",
    "Mục lớn (I … VII) hoặc nhiệm vụ (II.6).": "A section (I … VII) or a task (II.6).",
    "done_on_time, done_late, pending, overdue, ongoing, waiting hoặc transferred, hay chữ "
    "trong bảng (quá hạn, trong hạn, xong): các mục có ít nhất một mốc ở tình trạng này.": (
        "done_on_time, done_late, pending, overdue, ongoing, waiting or transferred, or the "
        "tables' words (quá hạn, trong hạn, xong): items with a milestone in that status."
    ),
    "Các từ cần tìm, nguyên từ, không phân biệt dấu và hoa thường; cụm trong ngoặc kép tìm "
    "các từ liền nhau theo thứ tự: --search '\"chuyển đổi số\"'.": (
        "Words to find, as whole words, ignoring accents and case; a quoted phrase finds "
        "those words side by side: --search '\"chuyển đổi số\"'."
    ),
    'Mốc: nhãn ("Tháng 3/2025") hoặc số thứ tự; mặc định mốc sớm nhất chưa xong.': (
        'The milestone: its label ("Tháng 3/2025") or number; default the earliest not done.'
    ),
}
EXAMPLE = re.compile(r"^Ví dụ / example:\s*", re.MULTILINE)


def language_requested(argv: Sequence[str], environ: typing.Mapping[str, str]) -> str:
    """The language the command line asks for: ``--lang X`` / ``--lang=X``, else
    PARPLAN_LANG, else Vietnamese."""
    from parplan.render.i18n import language

    for position, arg in enumerate(argv):
        if arg == "--lang" and position + 1 < len(argv):
            return language(argv[position + 1])
        if arg.startswith("--lang="):
            return language(arg.split("=", 1)[1])
    return language(environ.get("PARPLAN_LANG"))


def command_help(doc: str, lang: str) -> str:
    """A command's docstring as help: each paragraph on one line; in English without the
    Vietnamese summary, the examples headed "Example:"."""
    paragraphs = [p for p in inspect.cleandoc(doc).split("\n\n") if p.strip()]
    if lang == "en" and len(paragraphs) > 1:
        paragraphs = [EXAMPLE.sub("Example:  ", p) for p in paragraphs[1:]]
    return "\n\n".join(_reflow(p) for p in paragraphs)


def _summary(text: str) -> str:
    """A command's line in the list of commands: its first clause."""
    paragraph = text.split("\n\n", 1)[0]
    depth = 0
    for position, char in enumerate(paragraph):
        depth += {"(": 1, ")": -1}.get(char, 0)
        at_end = position + 1 == len(paragraph) or paragraph[position + 1] == " "
        if depth == 0 and char in ".:;" and at_end:
            return paragraph[:position]
    return paragraph


def _reflow(paragraph: str) -> str:
    lines = [line.strip() for line in paragraph.splitlines()]
    if all(line.startswith(("- ", "* ")) for line in lines):
        return "\n".join(lines)  # a list keeps its lines
    return " ".join(lines)


def option_help(text: str, lang: str) -> str:
    """An option's help: the English half of "vi / en" texts, or its English translation."""
    if lang != "en":
        return text
    if text in ENGLISH:
        return ENGLISH[text]
    if " / " in text:
        return text.split(" / ", 1)[1]
    return text


def localise(app: Any, lang: str) -> None:
    """Set the help of ``app``'s commands and options for ``lang`` (run once per process)."""
    if app.info.help and lang == "en" and ". " in app.info.help:
        app.info.help = app.info.help.split(". ", 1)[1]
    for info in app.registered_commands:
        callback = info.callback
        if callback is None:
            continue
        doc = info.help or callback.__doc__
        if doc:
            info.help = command_help(doc, lang)
            if lang == "en" and info.short_help is None:
                info.short_help = _summary(info.help)
        hints = typing.get_type_hints(callback, include_extras=True)
        for name, hint in hints.items():
            for meta in getattr(hint, "__metadata__", ()):
                if getattr(meta, "help", None):
                    meta.help = option_help(meta.help, lang)
            # Annotations are strings (PEP 563): Typer would evaluate them afresh, making new
            # option objects; keep the evaluated ones, whose help is now set.
            callback.__annotations__[name] = hint
