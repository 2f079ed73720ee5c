"""User-facing words in Vietnamese (the default) and English (``--lang en``).

Diagnostics carry a code and arguments; their messages are rendered here. Labels of the views and
the CLI's own messages live here too, so that one table holds every sentence a user reads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from parplan.model import Diagnostic

LANGUAGES = ("vi", "en")
DEFAULT = "vi"


def language(requested: str | None = None) -> str:
    """The language to speak: the option, else PARPLAN_LANG, else Vietnamese."""
    for candidate in (requested, os.environ.get("PARPLAN_LANG")):
        if candidate:
            short = candidate.strip().lower()[:2]
            if short in LANGUAGES:
                return short
    return DEFAULT


# code → (Vietnamese, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "file-missing": ("không tìm thấy tệp", "file not found"),
    "file-unreadable": ("không đọc được tệp: {reason}", "cannot read the file: {reason}"),
    "file-encoding": (
        "tệp không phải UTF-8 (có thể là TCVN3, VNI hoặc Windows-1258): hãy lưu lại dưới dạng UTF-8",
        "the file is not UTF-8 (perhaps TCVN3, VNI or Windows-1258): save it as UTF-8",
    ),
    "yaml-syntax": ("lỗi cú pháp YAML: {reason}{hint}", "YAML syntax error: {reason}{hint}"),
    "duplicate-key": (
        "khóa '{key}' bị lặp (đã có ở dòng {first_line})",
        "duplicate key '{key}' (first at line {first_line})",
    ),
    "unknown-key": (
        "khóa '{key}' không hợp lệ trong {context}{hint}",
        "unknown key '{key}' in {context}{hint}",
    ),
    "missing-key": ("{context} thiếu khóa '{key}'", "{context} lacks the key '{key}'"),
    "wrong-type": ("'{field}' phải là {expected}", "'{field}' must be {expected}"),
    "bad-value": (
        "'{field}' không nhận giá trị '{value}' (chọn một trong: {choices})",
        "'{field}' cannot be '{value}' (one of: {choices})",
    ),
    "bad-date": (
        "'{field}' phải là một ngày có thật dạng YYYY-MM-DD, không phải '{value}'",
        "'{field}' must be a real date written YYYY-MM-DD, not '{value}'",
    ),
    "duplicate-id": (
        "mã '{id}' bị trùng (đã có ở dòng {first_line})",
        "duplicate ID '{id}' (first at line {first_line})",
    ),
    "id-nesting": (
        "mã '{id}' không khớp với vị trí trong kế hoạch (cần dạng {expected})",
        "ID '{id}' does not match its place in the plan (expected {expected})",
    ),
    "unknown-unit": (
        "đơn vị không có trong danh mục: '{name}'{hint}",
        "unknown unit '{name}'{hint}",
    ),
    "unit-alias": (
        "'{name}' là tên gọi khác; hãy ghi tên chính thức '{canonical}'",
        "'{name}' is an alias; write the canonical name '{canonical}'",
    ),
    "duplicate-unit": (
        "tên '{name}' đã dùng cho đơn vị '{owner}'",
        "the name '{name}' already belongs to '{owner}'",
    ),
    "deadline-syntax": (
        "không hiểu thời hạn '{fragment}' trong \"{deadline}\"",
        "deadline not understood: '{fragment}' in \"{deadline}\"",
    ),
    "deadline-date": (
        "thời hạn chỉ một ngày không có thật: '{fragment}'",
        "the deadline names a date that does not exist: '{fragment}'",
    ),
    "after-unknown": ("'after' trỏ tới mục không có: '{id}'", "'after' points to no item: '{id}'"),
    "after-cycle": ("'after' tạo thành vòng lặp: {chain}", "'after' forms a cycle: {chain}"),
    "unit-unused": (
        "đơn vị '{name}' không được giao mục nào trong kế hoạch",
        "unit '{name}' is referenced by no item of the plan",
    ),
}

SEVERITY_WORDS = {
    "error": ("lỗi", "error"),
    "warning": ("cảnh báo", "warning"),
    "info": ("thông tin", "info"),
}

_FIELD_CONTEXT = {
    "vi": {
        "plan file": "tệp kế hoạch",
        "units file": "tệp đơn vị",
        "plan": "phần 'plan'",
        "section": "mục lớn",
        "task": "nhiệm vụ",
        "activity": "hoạt động",
        "unit": "đơn vị",
        "group": "nhóm đơn vị",
    },
    "en": {},
}
_EXPECTED = {
    "vi": {
        "mapping": "một bảng khóa: giá trị",
        "list": "một danh sách",
        "text": "một đoạn văn bản không rỗng",
        "integer": "một số nguyên",
        "boolean": "true hoặc false",
        "key": "một khóa đơn",
    },
    "en": {
        "mapping": "a mapping of keys",
        "list": "a list",
        "text": "non-empty text",
        "integer": "an integer",
        "boolean": "true or false",
        "key": "a plain key",
    },
}


def message(diagnostic: Diagnostic, lang: str = DEFAULT) -> str:
    """The diagnostic's message in the given language."""
    return render(diagnostic.code, diagnostic.args, lang)


def render(code: str, args: Mapping[str, object], lang: str = DEFAULT) -> str:
    vi, en = MESSAGES.get(code, (code, code))
    template = vi if lang == "vi" else en
    values = {key: _show(value) for key, value in args.items()}
    if "context" in values:
        values["context"] = _FIELD_CONTEXT.get(lang, {}).get(
            str(args["context"]), str(args["context"])
        )
    if "expected" in values and code == "wrong-type":
        values["expected"] = _EXPECTED[lang].get(str(args["expected"]), str(args["expected"]))
    values["hint"] = _hint(code, args, lang)
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return f"{template} {values}"


def _show(value: object) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def _hint(code: str, args: Mapping[str, object], lang: str) -> str:
    if code == "yaml-syntax" and args.get("start_line"):
        line, column = args["start_line"], args["start_column"]
        return (
            f" (bắt đầu từ dòng {line}, cột {column})"
            if lang == "vi"
            else f" (starting at line {line}, column {column})"
        )
    if code == "unknown-key" and args.get("suggestion"):
        return (
            f" (có phải '{args['suggestion']}'?)"
            if lang == "vi"
            else f" (did you mean '{args['suggestion']}'?)"
        )
    if code == "unknown-unit" and args.get("suggestions"):
        names = "', '".join(str(s) for s in args["suggestions"])  # type: ignore[union-attr]
        return f" (có phải '{names}'?)" if lang == "vi" else f" (did you mean '{names}'?)"
    return ""


def severity_word(severity: str, lang: str = DEFAULT) -> str:
    vi, en = SEVERITY_WORDS.get(severity, (severity, severity))
    return vi if lang == "vi" else en


# Labels of views and CLI messages: key → (Vietnamese, English)
LABELS: dict[str, tuple[str, str]] = {
    "col.id": ("Mã", "ID"),
    "col.item": ("Nội dung", "Item"),
    "col.milestone": ("Mốc", "Milestone"),
    "col.due": ("Hạn", "Due"),
    "col.days": ("Ngày", "Days"),
    "col.lead": ("Chủ trì", "Lead"),
    "col.role": ("Vai trò", "Role"),
    "col.status": ("Tình trạng", "Status"),
    "role.lead": ("chủ trì", "lead"),
    "role.support": ("phối hợp", "support"),
    "days.left": ("còn {n}", "{n} left"),
    "days.today": ("hôm nay", "today"),
    "days.late": ("quá {n}", "{n} late"),
    "status.done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "status.done_late": ("Hoàn thành quá hạn", "Done late"),
    "status.pending": ("Đang thực hiện trong hạn", "In progress, on time"),
    "status.overdue": ("Quá hạn chưa hoàn thành", "Overdue"),
    "status.ongoing": ("Thường xuyên", "Ongoing"),
    "status.waiting": ("Chờ điều kiện", "Waiting on a condition"),
    "due.title": (
        "Việc đến hạn đến {until} (tính đến {as_of})",
        "Due on or before {until} (as of {as_of})",
    ),
    "due.title.unit": (
        "{unit}: việc đến hạn đến {until} (tính đến {as_of})",
        "{unit}: due on or before {until} (as of {as_of})",
    ),
    "due.none": ("Không có việc nào quá hạn hoặc đến hạn.", "Nothing overdue or due."),
    "due.summary": (
        "{overdue} quá hạn, {upcoming} sắp đến hạn",
        "{overdue} overdue, {upcoming} upcoming",
    ),
    "plan.past": (
        "Lưu ý: ngày {as_of} đã sau năm {year} của kế hoạch; dùng --as-of YYYY-MM-DD để xem kế hoạch tại một ngày.",
        "Note: {as_of} is after the plan's year {year}; use --as-of YYYY-MM-DD to see the plan as it stood on a day.",
    ),
    "validate.ok": (
        "{file}: hợp lệ ({items} mục, {units} đơn vị){extra}",
        "{file}: valid ({items} items, {units} units){extra}",
    ),
    "validate.counts": (
        "{errors} lỗi, {warnings} cảnh báo, {infos} thông tin",
        "{errors} errors, {warnings} warnings, {infos} notes",
    ),
    "error.unit.unknown": (
        "Không tìm thấy đơn vị '{name}'.{hint}",
        "No unit matches '{name}'.{hint}",
    ),
    "error.unit.suggest": (" Có phải: {names}?", " Did you mean: {names}?"),
    "error.unit.ambiguous": (
        "'{name}' khớp với nhiều đơn vị: {names}. Hãy ghi rõ hơn.",
        "'{name}' matches several units: {names}. Be more specific.",
    ),
    "error.date": (
        "Ngày không hợp lệ '{value}': dùng YYYY-MM-DD hoặc DD/MM/YYYY.",
        "Invalid date '{value}': use YYYY-MM-DD or DD/MM/YYYY.",
    ),
    "error.data": (
        "Dữ liệu kế hoạch có lỗi; chạy 'parplan validate' để xem chi tiết.",
        "The plan data has errors; run 'parplan validate' for details.",
    ),
    "error.format": (
        "Định dạng không hỗ trợ '{value}': {choices}.",
        "Unsupported format '{value}': {choices}.",
    ),
}


def label(key: str, lang: str = DEFAULT, **args: object) -> str:
    vi, en = LABELS[key]
    template = vi if lang == "vi" else en
    return template.format(**args) if args else template
