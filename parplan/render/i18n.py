"""User-facing words in Vietnamese (the default) and English (``--lang en``).

Why one module past 500 lines: one table of every sentence a user reads, in both languages, so
translators and the catalogue test see them together.

Diagnostics carry a code and arguments; their messages are rendered here. Labels of the views and
the CLI's own messages live here too, so that one table holds every sentence a user reads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from parplan.core.text import single_line

if TYPE_CHECKING:  # the model is not loaded by `parplan --help` (issue 23)
    from parplan.core.model import Diagnostic

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
    # issue 19: what io.reading refuses
    "file-unreadable.not-regular": (
        "không đọc được tệp: đây không phải là một tệp thông thường (là thiết bị, ống dẫn hoặc "
        "thư mục)",
        "cannot read the file: it is not a regular file (a device, a pipe or a folder)",
    ),
    "file-unreadable.too-large": (
        "không đọc được tệp: tệp lớn hơn 256 MiB",
        "cannot read the file: it is larger than 256 MiB",
    ),
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
    "group-cycle": (
        "nhóm '{group}' có thành viên '{member}', mà các thành viên lại dẫn về chính nhóm '{group}'",
        "group '{group}' has the member '{member}', whose members lead back to '{group}'",
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
    # Review (parplan validate --base REV)
    "amendment-reason": (
        'thời hạn của {id} đã đổi so với {base} ("{old}" → "{new}") mà không ghi căn cứ mới ở \'amended_by\'',
        'the deadline of {id} changed since {base} ("{old}" → "{new}") without a new \'amended_by\' naming the amending decision',
    ),
    # -- Recorded progress (the ledger, issue 4) ---------------------------------------------
    "done-future": (
        "'{field}: {value}' ở sau hôm nay ({today}): chỉ ghi việc đã xảy ra",
        "'{field}: {value}' is after today ({today}): record only what has happened",
    ),
    "done-unit-inactive": (
        "'{unit}' ghi hoàn thành ngày {value}, khi đơn vị không thuộc Bộ; có nhầm ngày hay "
        "nhầm đơn vị không?",
        "'{unit}' records a completion on {value}, when it was not part of the ministry; "
        "a wrong date or a wrong unit?",
    ),
    "done-unit-inactive.established": (
        "'{unit}' ghi hoàn thành ngày {value}, trước khi đơn vị được thành lập ({day}); có "
        "nhầm ngày hay nhầm đơn vị không?",
        "'{unit}' records a completion on {value}, before the unit was established ({day}); "
        "a wrong date or a wrong unit?",
    ),
    "done-unit-inactive.left": (
        "'{unit}' ghi hoàn thành ngày {value}, khi đơn vị đã rời Bộ ({day}); có nhầm ngày hay "
        "nhầm đơn vị không?",
        "'{unit}' records a completion on {value}, after the unit left the ministry ({day}); "
        "a wrong date or a wrong unit?",
    ),
    "done-before-issued": (
        "ngày hoàn thành {value} trước ngày ban hành kế hoạch ({issued}); có nhầm năm không?",
        "completion date {value} is before the plan was issued ({issued}); a wrong year?",
    ),
    # review of issue 18: a work-log entry or a reason for delay dated before the plan
    "done-before-issued.entry": (
        "'{field}: {value}' trước ngày ban hành kế hoạch ({issued}); có nhầm năm không?",
        "'{field}: {value}' is before the plan was issued ({issued}); a wrong year?",
    ),
    "evidence-missing": (
        "mục {id} thiếu '{field}': ghi văn bản chứng minh (số, ký hiệu, ngày của văn bản)",
        "item {id} lacks '{field}': name the document that shows it (number, symbol, date)",
    ),
    "unknown-milestone": (
        "mục {id} không có mốc '{milestone}' (các mốc: {choices})",
        "item {id} has no milestone '{milestone}' (its milestones: {choices})",
    ),
    "done-several-milestones": (
        "mục {id} có {count} mốc: ghi từng mốc trong 'progress' "
        "(- {{milestone: …, done: …, evidence: …}}) thay vì 'done'",
        "item {id} has {count} milestones: record each in 'progress' "
        "(- {{milestone: …, done: …, evidence: …}}) rather than 'done'",
    ),
    "duplicate-completion": (
        "mốc '{milestone}' của mục {id} đã được ghi hoàn thành ở dòng {first_line}",
        "milestone '{milestone}' of item {id} is already recorded done at line {first_line}",
    ),
    "met-unconditional": (
        "mục {id} không có mốc nào chờ điều kiện ('Sau khi …'): 'met' không áp dụng",
        "item {id} has no conditional milestone ('Sau khi …'): 'met' does not apply",
    ),
    # --- issue 12: the reporting calendar ---
    "reporting-day": (
        "'{field}' phải là một ngày trong năm dạng DD/MM (ví dụ 15/12), không phải '{value}'",
        "'{field}' must be a day of the year written DD/MM (e.g. 15/12), not '{value}'",
    ),
    "reporting-item": (
        "lịch báo cáo nêu mục không có trong kế hoạch: '{id}'",
        "the reporting calendar names no item of the plan: '{id}'",
    ),
    # --- issue 13: import, deadlines of every plan ---
    "deadline-ambiguous": (
        "thời hạn '{fragment}' không ghi năm, mà kế hoạch gồm nhiều năm: hãy ghi rõ năm",
        "the deadline '{fragment}' names no year in a plan of several years: write the year",
    ),
    "deadline-alternative": (
        'thời hạn "{deadline}" nêu hai khả năng: tính theo mốc muộn hơn',
        'the deadline "{deadline}" gives alternatives: the later one counts',
    ),
    "import-no-table": (
        "không tìm thấy bảng phụ lục (dòng tiêu đề có cột nhiệm vụ và thời gian){reason}",
        "no appendix table found (a heading row with task and deadline columns){reason}",
    ),
    "import-inherited": (
        "ô '{column}' của {id} để trống (ô gộp): lấy từ dòng trên: \"{value}\"",
        "cell '{column}' of {id} is empty (a merged cell): inherited from the row above: \"{value}\"",
    ),
    "import-continued": (
        "dòng không đánh số: nối tiếp vào {id}",
        "a row with no number: continues {id}",
    ),
    "import-unknown-unit": (
        "đơn vị không có trong danh mục: '{name}'{hint}",
        "unknown unit '{name}'{hint}",
    ),
    "import-alias-added": (
        "thêm '{name}' làm tên gọi khác của '{canonical}' trong {file}",
        "added '{name}' as an alias of '{canonical}' in {file}",
    ),
    # issue 19
    "import-alias-hidden": (
        "không thêm '{name}' làm tên gọi khác của '{canonical}' vào {file}: tên có ký tự ẩn "
        "(điều khiển hướng chữ, ký tự độ rộng 0 hoặc ký tự điều khiển); hãy sửa văn bản nguồn",
        "'{name}' was not added as an alias of '{canonical}' to {file}: it holds hidden "
        "characters (bidi controls, zero-width or control characters); correct the source text",
    ),
    "file-encoding.utf-16": (
        "tệp được lưu dưới dạng UTF-16 (có BOM UTF-16): hãy lưu lại dưới dạng UTF-8",
        "the file is saved as UTF-16 (it starts with a UTF-16 byte-order mark): save it as UTF-8",
    ),
    "file-encoding.utf-32": (
        "tệp được lưu dưới dạng UTF-32 (có BOM UTF-32): hãy lưu lại dưới dạng UTF-8",
        "the file is saved as UTF-32 (it starts with a UTF-32 byte-order mark): save it as UTF-8",
    ),
    "import-deadline": (
        'thời hạn của {id} chưa hiểu được: "{deadline}" ({problem})',
        'the deadline of {id} is not understood: "{deadline}" ({problem})',
    ),
    "import-id-renamed": (
        "số thứ tự {number} đã dùng: mục được ghi mã {id}",
        "the number {number} is already used: the item gets the ID {id}",
    ),
    # --- issue 20: import reads what agencies publish ---
    "deadline-unread": (
        'chưa đọc được thời hạn "{deadline}" ({problem}: "{fragment}"): mục chưa có mốc nào, '
        "được liệt kê ở mục «Chưa rõ thời hạn»",
        'the deadline "{deadline}" cannot be read ({problem}: "{fragment}"): the item has no '
        "milestone and is listed under «No clear deadline»",
    ),
    "import-too-large": (
        "tệp quá lớn để đọc: phần '{part}' mở ra {size} byte, quá giới hạn {limit} byte "
        "(một phụ lục thật chỉ vài MB)",
        "the file is too large to read: its part '{part}' unpacks to {size} bytes, past the "
        "limit of {limit} bytes (a real appendix is a few MB)",
    ),
    "import-scanned": (
        "tệp PDF không có lớp chữ (bản quét): parplan không nhận dạng chữ trong ảnh; hãy lấy "
        "bản Word hoặc bản PDF có chữ của văn bản, hoặc chép bảng phụ lục ra tệp văn bản",
        "the PDF has no text layer (a scan): parplan does no OCR; get the decision as Word or as "
        "a PDF with text, or copy the appendix table into a text file",
    ),
    "import-doc-needs-office": (
        "tệp Word 97 (.doc) cần LibreOffice để đọc, mà máy chưa cài: hãy cài LibreOffice, hoặc "
        "mở tệp bằng Word và lưu thành .docx (File → Save As → Word Document), rồi nhập tệp đó",
        "a Word 97 (.doc) file needs LibreOffice to be read, which is not installed: install "
        "LibreOffice, or open the file in Word and save it as .docx (File → Save As → Word "
        "Document), then import that file",
    ),
    "import-doc-failed": (
        "LibreOffice không chuyển được tệp .doc sang .docx ({reason}): hãy mở tệp bằng Word "
        "hoặc LibreOffice và lưu thành .docx, rồi nhập tệp đó",
        "LibreOffice could not convert the .doc file to .docx ({reason}): open it in Word or "
        "LibreOffice and save it as .docx, then import that file",
    ),
    "import-years-guessed": (
        "văn bản không nêu năm của kế hoạch: lấy theo các thời hạn ({years}); "
        "nếu sai, dùng --year hoặc --period",
        "the document names no year for the plan: taken from the deadlines ({years}); "
        "if wrong, use --year or --period",
    ),
    # --- issue 8: group items per member, effective-dated registry ---
    "unit-required": (
        "mục {id} do từng đơn vị của '{group}' thực hiện: mỗi ghi nhận cần 'unit:' "
        "(- {{milestone: …, unit: …, done: …, evidence: …}})",
        "item {id} is done by each unit of '{group}' on its own: each record needs 'unit:' "
        "(- {{milestone: …, unit: …, done: …, evidence: …}})",
    ),
    "unit-not-owing": (
        "'{unit}' không phải thực hiện mốc '{milestone}' của mục {id} "
        "(không thuộc Bộ vào ngày đến hạn, hoặc không thuộc nhóm chủ trì)",
        "'{unit}' does not owe milestone '{milestone}' of item {id} "
        "(not part of the ministry on its due date, or not of the lead group)",
    ),
    "file-empty": ("{context} rỗng", "the {context} is empty"),
    "deadline-year": (
        'thời hạn "{deadline}" rơi vào ngày {due}, xa năm {year} của kế hoạch: có nhầm năm không?',
        'the deadline "{deadline}" falls on {due}, far from plan year {year}: a wrong year?',
    ),
    "unit-unexpected": (
        "mục {id} có một ghi nhận chung cho đơn vị chủ trì: bỏ 'unit:'",
        "item {id} has one completion for its lead: remove 'unit:'",
    ),
    # --- review 3: import ---
    "import-no-lead": (
        "{id} không có đơn vị chủ trì (bảng không có cột chủ trì, hoặc ô để trống): "
        "không đơn vị nào thấy mục này là việc của mình",
        "{id} has no lead unit (no lead column in the table, or an empty cell): "
        "no unit will see it as its own",
    ),
    # --- issue 10: hardening ---
    "yaml-unsupported": (
        "tệp kế hoạch và tệp đơn vị không dùng {what} YAML: {token}",
        "plan and units files do not use YAML {what}: {token}",
    ),
    # bad-value with a "reason" (see ``render``)
    "bad-value.too-long": (
        "'{field}' dài quá {limit} ký tự",
        "'{field}' is longer than {limit} characters",
    ),
    # issue 18: unit codes
    "bad-value.code": (
        "'{field}' chỉ gồm chữ in hoa và chữ số, không dấu cách, không dấu thanh: '{value}'",
        "'{field}' is capitals and digits only, no spaces or diacritics: '{value}'",
    ),
    "bad-value.no-letters": (
        "'{field}' không có chữ cái hay chữ số nào",
        "'{field}' has no letter or digit",
    ),
    "bad-value.hidden": (
        "'{field}' chứa ký tự điều khiển hoặc ký tự ẩn (hướng chữ, độ rộng 0): '{value}'",
        "'{field}' holds control or invisible characters (bidi, zero-width): '{value}'",
    ),
    "bad-value.digits": (
        "'{field}' chỉ được dùng chữ số 0-9",
        "'{field}' may use only the digits 0-9",
    ),
    # --- issue 19: a carry's two halves out of step ---
    "carried-to-unmatched": (
        "carried_to '{reference}' không có nửa kia: {other} không có nhiệm vụ {id} mang "
        "carried_from '{mine}' (một lần chuyển tiếp hoặc hoàn tác bị ngắt giữa chừng). Sửa: "
        "parplan carry --from {old} --to {new} --undo (bỏ dấu này), "
        "hoặc xóa carried_to và carried_on",
        "carried_to '{reference}' has no counterpart: {other} has no task {id} with "
        "carried_from '{mine}' (a carry or undo stopped half-way). Fix: "
        "parplan carry --from {old} --to {new} --undo (removes this mark), "
        "or delete carried_to and carried_on",
    ),
    "carried-to-unmatched.other": (
        "carried_to '{reference}' không khớp: nhiệm vụ {id} của {other} không mang "
        "carried_from '{mine}'. Sửa tay cho hai bên khớp nhau (hoặc xóa carried_to và carried_on)",
        "carried_to '{reference}' does not match: task {id} of {other} has no carried_from "
        "'{mine}'. Make the two sides agree by hand (or delete carried_to and carried_on)",
    ),
    "carried-from-unmatched": (
        "carried_from '{reference}' không có nửa kia: mục {id} của {other} không mang "
        "carried_to '{mine}' (một lần chuyển tiếp hoặc hoàn tác bị ngắt giữa chừng). Sửa: "
        "parplan carry --from {old} --to {new} --undo (bỏ nhiệm vụ này; chuyển lại nếu cần), "
        "hoặc thêm carried_to: '{mine}' và carried_on vào mục {id}",
        "carried_from '{reference}' has no counterpart: item {id} of {other} has no "
        "carried_to '{mine}' (a carry or undo stopped half-way). Fix: "
        "parplan carry --from {old} --to {new} --undo (removes this task; carry again if "
        "needed), or add carried_to: '{mine}' and carried_on to item {id}",
    ),
    "carried-from-unmatched.other": (
        "carried_from '{reference}' không khớp: {other} không có mục {id} mang carried_to "
        "'{mine}'. Sửa tay cho hai bên khớp nhau (hoặc xóa carried_from nếu không phải nhiệm "
        "vụ chuyển tiếp)",
        "carried_from '{reference}' does not match: {other} has no item {id} with carried_to "
        "'{mine}'. Make the two sides agree by hand (or delete carried_from if the task was "
        "not carried over)",
    ),
    # --- issue 21: targets ---
    "target-value": (
        "Chỉ tiêu {id}: tỷ lệ {value}% vượt quá 100%",
        "Target {id}: a percentage of {value} is over 100",
    ),
    "measurement-target": (
        "Số liệu cho chỉ tiêu '{id}' không có trong kế hoạch (các chỉ tiêu: {known})",
        "A figure for '{id}', which is not a target of the plan (targets: {known})",
    ),
    "measurement-range": (
        "Tỷ lệ {value}% nằm ngoài khoảng 0–100",
        "A percentage of {value} lies outside 0–100",
    ),
    "measurement-fraction": (
        "Số liệu không khớp: {of} trên tổng số {total} (tử số phải từ 0 đến mẫu số, mẫu số khác "
        "0, và giá trị bằng tử số / mẫu số × 100)",
        "The figure does not add up: {of} out of {total} (the numerator must lie between 0 and "
        "the denominator, the denominator not 0, and the value be numerator / denominator × 100)",
    ),
    "measurement-period": (
        "Số liệu ngày {on} nằm ngoài kỳ của chỉ tiêu (từ {first} đến hết năm {year})",
        "A figure dated {on}, outside the target's period ({first} to the end of {year})",
    ),
    "import-target": (
        "Đề xuất chỉ tiêu {id} ({comparison} {value}%): '{text}' — hãy kiểm tra lại so sánh và "
        "giá trị, hoặc xóa nếu không phải chỉ tiêu",
        "Proposed target {id} ({comparison} {value}%): '{text}' — review its comparison and "
        "value, or delete it if it is no target",
    ),
    "body-reference": (
        "'{ref}' không phải là một điểm của mục {what} trong kế hoạch",
        "'{ref}' is not a point of section {what} in the plan",
    ),
    "measurement-future": (
        "Số liệu ghi ngày {on}, sau hôm nay ({today})",
        "A figure dated {on}, after today ({today})",
    ),
}
# The names of YAML's features in messages of "yaml-unsupported".
_YAML_FEATURE = {
    "vi": {"tag": "thẻ (tag)", "anchor": "neo (anchor)", "alias": "bí danh (alias)"},
    "en": {"tag": "tags", "anchor": "anchors", "alias": "aliases"},
}

_FIELD_CONTEXT = {
    "vi": {
        "plan file": "tệp kế hoạch",
        "units file": "tệp đơn vị",
        "file": "tệp",
        "plan": "phần 'plan'",
        "section": "mục lớn",
        "task": "nhiệm vụ",
        "activity": "hoạt động",
        "unit": "đơn vị",
        "group": "nhóm đơn vị",
        "target": "chỉ tiêu",  # issue 21
        "measurement": "số liệu đo",  # issue 21
        "duty": "nhiệm vụ thường xuyên",  # issue 21
        "responsibility": "trách nhiệm",  # issue 21
    },
    "en": {},
}
_EXPECTED = {
    "vi": {
        "mapping": "một bảng khóa: giá trị",
        "list": "một danh sách",
        "text": "một đoạn văn bản không rỗng",
        "integer": "một số nguyên không âm",
        "boolean": "true hoặc false",
        "key": "một khóa đơn",
        "number": "một số không âm (72.5)",  # issue 21
    },
    "en": {
        "mapping": "a mapping of keys",
        "list": "a list",
        "text": "non-empty text",
        "integer": "a whole number, 0 or more",
        "boolean": "true or false",
        "key": "a plain key",
        "number": "a number, 0 or more (72.5)",  # issue 21
    },
}


def message(diagnostic: Diagnostic, lang: str = DEFAULT) -> str:
    """The diagnostic's message in the given language."""
    return render(diagnostic.code, diagnostic.args, lang)


_CARRY_CODES = ("carried-to-unmatched", "carried-from-unmatched")  # issue 19


def render(code: str, args: Mapping[str, object], lang: str = DEFAULT) -> str:
    vi, en = MESSAGES.get(code, (code, code))
    if code in (
        "bad-value",
        "done-unit-inactive",
        "done-before-issued",
        "file-unreadable",
        "file-encoding",
        *_CARRY_CODES,
    ) and args.get("reason"):
        vi, en = MESSAGES.get(f"{code}.{args['reason']}", (vi, en))
    template = vi if lang == "vi" else en
    values = {key: show_value(value, lang) for key, value in args.items()}
    if code == "yaml-unsupported":
        values["what"] = _YAML_FEATURE[lang].get(values.get("what", ""), values.get("what", ""))
    if code == "wrong-type" and "field" in values:
        values["field"] = _FIELD_CONTEXT.get(lang, {}).get(str(args["field"]), str(args["field"]))
    if "context" in values:
        values["context"] = _FIELD_CONTEXT.get(lang, {}).get(
            str(args["context"]), str(args["context"])
        )
    if "expected" in values and code == "wrong-type":
        values["expected"] = _EXPECTED[lang].get(str(args["expected"]), str(args["expected"]))
    values["hint"] = _hint(code, args, lang)

    try:
        text = template.format(**values)
    except (KeyError, IndexError):
        text = f"{template} {values}"
    return single_line(text)  # issue 19: plan text quoted in it cannot start a line of its own


def show_value(value: object, lang: str) -> str:
    """An argument of a message as text: a date as dd/mm/yyyy in Vietnamese (ISO in English,
    where dd/mm would read as mm/dd), anything else as ``_show`` gives it."""
    if isinstance(value, date):
        return day_text(value, lang)
    if isinstance(value, float):  # issue 21: a figure
        return show_number(value, lang)
    return _show(value)


# issue: English dates in the views -------------------------------------------------------
def day_text(day: date | None, lang: str) -> str:
    """A date as a reader of the language writes it, in every human-readable output (messages,
    titles, notes, table cells, reports): dd/mm/yyyy in Vietnamese, ISO (2025-03-19) in English,
    where 09/04/2025 would be read as September 4; "—" for none. Both are 10 characters wide."""
    if day is None:
        return "—"
    return day.strftime("%d/%m/%Y") if lang == "vi" else day.isoformat()


# -----------------------------------------------------------------------------------------


def show_number(value: float, lang: str) -> str:
    """A figure as people write it: no ".0" on a whole number, a decimal comma in Vietnamese
    (72,5), a decimal point in English (72.5). Issue 21."""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "vi" else text


# A value quoted in a message is cut to this many characters: a message stays a line.
SHOWN = 500


def _show(value: object) -> str:
    text = ", ".join(str(v) for v in value) if isinstance(value, (tuple, list)) else str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _hint(code: str, args: Mapping[str, object], lang: str) -> str:
    if code == "yaml-syntax" and args.get("too_deep"):
        n = args["too_deep"]
        return f"lồng nhau quá {n} cấp" if lang == "vi" else f"nested more than {n} levels deep"
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
    if code in ("unknown-unit", "import-unknown-unit") and args.get("suggestions"):
        suggestions = args["suggestions"]
        assert isinstance(suggestions, (list, tuple))
        names = "', '".join(str(s) for s in suggestions)
        return f" (có phải '{names}'?)" if lang == "vi" else f" (did you mean '{names}'?)"
    return ""


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
        # One line at 80 columns.
        "Lưu ý: {as_of} đã qua năm {year} của kế hoạch; xem lại: --as-of YYYY-MM-DD",
        "Note: {as_of} is past plan year {year}; look back with --as-of YYYY-MM-DD",
    ),
    "validate.ok": (
        "{file}: hợp lệ ({items} mục, {units} đơn vị){extra}",
        "{file}: valid ({items} item{items:s}, {units} unit{units:s}){extra}",
    ),
    "validate.counts": (
        "{errors} lỗi, {warnings} cảnh báo, {infos} thông tin",
        "{errors} error{errors:s}, {warnings} warning{warnings:s}, {infos} note{infos:s}",
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
    "error.output.special": (
        "Không ghi ra {file}: đó không phải một tệp thường (thiết bị, thư mục, ống dẫn); hãy "
        "chọn một tệp.",
        "Will not write to {file}: it is not a regular file (a device, a folder, a pipe); "
        "choose a file.",
    ),
    "error.output.data": (
        "Không ghi đè tệp dữ liệu {file}: hãy chọn tệp khác để ghi.",
        "Will not write over the data file {file}: choose another file to write.",
    ),
    "error.range": (
        "Khoảng thời gian không hợp lệ: --from {start} sau --to {end}.",
        "Not a range: --from {start} is after --to {end}.",
    ),
    "error.format": (
        "Định dạng không hỗ trợ '{value}': {choices}.",
        "Unsupported format '{value}': {choices}.",
    ),
    # -- Recording progress (the ledger, issue 4): done, undo, met ----------------------------
    "error.item.task": (
        "'{id}' là nhiệm vụ gồm các hoạt động {ids}; hãy dùng mã hoạt động.",
        "'{id}' is a task made of the activities {ids}; use an activity's ID.",
    ),
    "ledger.unknown-milestone": (
        "Mục {id} không có mốc '{milestone}'. Các mốc: {choices}.",
        "Item {id} has no milestone '{milestone}'. Its milestones: {choices}.",
    ),
    "ledger.ongoing": (
        "Mục {id} là việc thường xuyên, không có mốc hoàn thành để ghi.",
        "Item {id} is ongoing work: it has no milestone to complete.",
    ),
    "ledger.ongoing.milestone": (
        "Mốc '{milestone}' của mục {id} là việc thường xuyên, không có mốc hoàn thành để ghi.",
        "Milestone '{milestone}' of item {id} is ongoing work: there is nothing to complete.",
    ),
    "ledger.all-done": (
        "Mọi mốc của mục {id} đã được ghi hoàn thành.",
        "Every milestone of item {id} is already recorded done.",
    ),
    "ledger.already-done": (
        "Mục {id} (mốc '{milestone}') đã ghi hoàn thành ngày {on}. "
        "Muốn ghi lại, trước hết chạy: parplan undo {id}{option}",
        "Item {id} (milestone '{milestone}') is already recorded done on {on}. "
        "To record it again, first run: parplan undo {id}{option}",
    ),
    "ledger.not-conditional": (
        "Mục {id} không có mốc nào chờ điều kiện ('Sau khi …', 'Theo tiến độ …'): "
        "không ghi 'met' được.",
        "Item {id} has no conditional milestone ('Sau khi …', 'Theo tiến độ …'): "
        "'met' does not apply.",
    ),
    "ledger.already-met": (
        "Điều kiện của mục {id} đã ghi là đáp ứng ngày {on}. "
        "Muốn ghi lại, trước hết chạy: parplan undo {id} --met",
        "The condition of item {id} is already recorded met on {on}. "
        "To record it again, first run: parplan undo {id} --met",
    ),
    "ledger.nothing-to-undo": (
        "Mục {id} chưa ghi hoàn thành mốc nào: không có gì để bỏ.",
        "Item {id} has no recorded completion: nothing to undo.",
    ),
    "ledger.nothing-to-undo.milestone": (
        "Mốc '{milestone}' của mục {id} chưa ghi hoàn thành: không có gì để bỏ.",
        "Milestone '{milestone}' of item {id} is not recorded done: nothing to undo.",
    ),
    "ledger.nothing-to-undo.met": (
        "Điều kiện của mục {id} chưa ghi là đáp ứng: không có gì để bỏ.",
        "The condition of item {id} is not recorded met: nothing to undo.",
    ),
    "ledger.future": (
        "Ngày {on} ở sau hôm nay ({today}): chỉ ghi việc đã xảy ra.",
        "{on} is after today ({today}): record only what has happened.",
    ),
    "ledger.evidence-required": (
        "Cần --evidence: văn bản chứng minh (số, ký hiệu, ngày), "
        'ví dụ --evidence "Quyết định số 235/QĐ-BNV ngày 20/3/2025".',
        "--evidence is required: the document that shows it (number, symbol, date), "
        'e.g. --evidence "Quyết định số 235/QĐ-BNV ngày 20/3/2025".',
    ),
    "ledger.invalid-before": (
        "Tệp kế hoạch đang có lỗi (xem trên); sửa xong rồi hãy ghi tiến độ. Tệp không bị thay đổi.",
        "The plan file has errors (above); fix them before recording progress. "
        "The file was not changed.",
    ),
    "ledger.invalid-after": (
        "Không ghi: sau khi sửa, tệp kế hoạch sẽ có lỗi (xem trên, số dòng tính trên tệp đã sửa). "
        "Tệp không bị thay đổi.",
        "Not written: the edited plan would have errors (above; line numbers are those of the "
        "edited text). The file was not changed.",
    ),
    "ledger.layout": (
        "Không tự sửa được mục {id} (dòng {line}): cách viết ở đó không cho phép sửa từng dòng "
        "an toàn. Hãy sửa tay rồi chạy 'parplan validate'. Tệp không bị thay đổi.",
        "Cannot edit item {id} (line {line}) in place: the way it is written there does not "
        "allow a safe line edit. Edit it by hand, then run 'parplan validate'. "
        "The file was not changed.",
    ),
    "ledger.locked": (
        "Một lệnh parplan khác đang ghi tệp (đang giữ khóa {lock}); hãy thử lại sau giây lát.",
        "Another parplan command is writing the file (it holds the lock {lock}); "
        "try again in a moment.",
    ),
    "ledger.io": (
        "Không ghi được {file}: {reason}. Tệp không bị thay đổi.",
        "Cannot write {file}: {reason}. The file was not changed.",
    ),
    "ledger.picked": (
        "Không nêu --milestone: ghi cho mốc sớm nhất chưa hoàn thành, '{milestone}'.",
        "No --milestone given: recording the earliest open milestone, '{milestone}'.",
    ),
    "ledger.changed": ("Đã sửa {file}:", "Changed {file}:"),
    "ledger.status": ("Tình trạng của {id} tính đến {as_of}:", "Status of {id} as of {as_of}:"),
    "ledger.status.due": ("hạn {due}", "due {due}"),
    "ledger.status.no-due": ("không có hạn", "no due date"),
    "ledger.status.done": (" — hoàn thành {on}", " — done {on}"),
    "ledger.status.met": ("Điều kiện đáp ứng ngày {on}.", "Condition met on {on}."),
    # -- end of the ledger's labels -----------------------------------------------------------
    # -- The views (issue 3): due, overdue, upcoming, unit, units, show, list ------------------
    "col.unit": ("Đơn vị", "Unit"),
    "col.support": ("Phối hợp", "Support"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.condition": ("Điều kiện", "Condition"),
    "col.done": ("Hoàn thành", "Done on"),
    "col.progress": ("Tiến độ", "Progress"),
    "col.rate": ("Tỷ lệ\nđúng\nhạn", "On-\ntime\nrate"),
    "col.due_so_far": ("Đã qua hạn", "Deadlines passed"),
    # Column heads of the counts by status: a few short lines each.
    "head.done_on_time": ("Xong\nđúng\nhạn", "Done\non\ntime"),
    "head.done_late": ("Xong\nquá\nhạn", "Done\nlate"),
    "head.pending": ("Trong\nhạn", "Open\non\ntime"),
    "head.overdue": ("Quá\nhạn", "Open\nlate"),
    "head.ongoing": ("Thường\nxuyên", "Ongo-\ning"),
    "head.waiting": ("Chờ", "Wait-\ning"),
    # An item's statuses in brief: "1 quá hạn, 3 trong hạn".
    "word.done_on_time": ("xong đúng hạn", "done on time"),
    "word.done_late": ("xong quá hạn", "done late"),
    "word.pending": ("trong hạn", "open"),
    "word.overdue": ("quá hạn", "overdue"),
    "word.ongoing": ("thường xuyên", "ongoing"),
    "word.waiting": ("chờ điều kiện", "waiting"),
    "kind.administrative": ("đơn vị hành chính", "administrative unit"),
    "kind.public_service": ("đơn vị sự nghiệp", "public-service unit"),
    "kind.role": ("vai trò của một đơn vị", "a unit acting in a role"),
    "kind.group": ("nhóm đơn vị", "group of units"),
    "title.role": ("vai trò: {role}", "role: {role}"),
    "overdue.title": (
        "Việc quá hạn chưa hoàn thành (tính đến {as_of})",
        "Overdue (as of {as_of})",
    ),
    "overdue.title.unit": (
        "{unit}: việc quá hạn chưa hoàn thành (tính đến {as_of})",
        "{unit}: overdue (as of {as_of})",
    ),
    "overdue.none": ("Không có việc nào quá hạn.", "Nothing overdue."),
    "overdue.summary": ("{n} mốc quá hạn", "{n} overdue"),
    "upcoming.title": (
        "Việc sắp đến hạn đến {until} (tính đến {as_of})",
        "Upcoming until {until} (as of {as_of})",
    ),
    "upcoming.title.unit": (
        "{unit}: việc sắp đến hạn đến {until} (tính đến {as_of})",
        "{unit}: upcoming until {until} (as of {as_of})",
    ),
    "upcoming.none": ("Không có việc nào sắp đến hạn.", "Nothing due in that time."),
    "upcoming.summary": ("{n} mốc sắp đến hạn", "{n} upcoming"),
    "units.title.lead": (
        "Tình hình thực hiện theo đơn vị chủ trì (tính đến {as_of})",
        "Progress by lead unit (as of {as_of})",
    ),
    "units.title.support": (
        "Tình hình thực hiện theo đơn vị phối hợp (tính đến {as_of})",
        "Progress by supporting unit (as of {as_of})",
    ),
    "units.total": ("Toàn kế hoạch", "Whole plan"),
    "units.legend": (
        "Số mốc theo tình trạng. Tiến độ: số mốc đã qua hạn đã hoàn thành / số mốc đã qua hạn; "
        "tỷ lệ đúng hạn: số hoàn thành đúng hạn / số đã qua hạn. Mục giao cho một nhóm được tính "
        "cho từng đơn vị trong nhóm.",
        "Milestones by status. Progress: milestones past their deadline that are done / "
        "milestones past their deadline; on-time rate: done on time / past their deadline. An item "
        "given to a group counts for each unit of the group.",
    ),
    "unit.aliases": ("Tên gọi khác: {names}", "Also written: {names}"),
    "unit.part_of": ("Thuộc: {name}", "Part of: {name}"),
    "unit.renamed": ("Đổi tên thành {name} từ {on}", "Renamed {name} from {on}"),
    "unit.merged": ("Hợp nhất vào {name} từ {on}", "Merged into {name} from {on}"),
    "unit.left": ("Chuyển về {name} từ {on}", "Left for {name} from {on}"),
    "unit.established": ("Thành lập từ {on}", "Established on {on}"),
    "unit.takes_over": ("Tiếp nhận nhiệm vụ của: {names}", "Takes over the work of: {names}"),
    "unit.members": ("Gồm {n} đơn vị: {names}", "{n} unit{n:s}: {names}"),
    "unit.placeholder": (
        "Chỉ các cơ quan, đơn vị liên quan nói chung; không giao cho đơn vị nào.",
        "Stands for related units in general; makes no unit responsible.",
    ),
    "unit.as_of": ("Tính đến {as_of}", "As of {as_of}"),
    "unit.counts": ("Số mốc theo tình trạng", "Milestones by status"),
    "unit.overdue": ("Quá hạn chưa hoàn thành ({n})", "Overdue ({n})"),
    "unit.upcoming": ("Sắp đến hạn, đến {until} ({n})", "Upcoming, until {until} ({n})"),
    "unit.ongoing": ("Việc thường xuyên do đơn vị chủ trì ({n})", "Ongoing work it leads ({n})"),
    "unit.waiting": (
        "Việc chờ điều kiện hoặc chưa có hạn do đơn vị chủ trì ({n})",
        "Work it leads that waits on a condition or has no deadline yet ({n})",
    ),
    "unit.supports": ("Các mục đơn vị phối hợp ({n})", "Items it supports ({n})"),
    "view.none": ("Không có.", "None."),
    "show.section": ("Mục", "Section"),
    "show.task": ("Nhiệm vụ", "Task"),
    "show.product": ("Sản phẩm", "Product"),
    "show.note": ("Ghi chú", "Note"),
    "show.source": ("Nguồn", "Source"),
    "show.milestones": ("Các mốc, tính đến {as_of}", "Milestones, as of {as_of}"),
    "show.progress": ("Tiến độ đã ghi nhận", "Recorded progress"),
    "show.progress.none": ("Chưa ghi nhận tiến độ.", "No progress recorded."),
    "show.progress.done": ("hoàn thành ngày {on}", "done on {on}"),
    "show.progress.met": ("Điều kiện được đáp ứng ngày {on}", "Condition met on {on}"),
    "show.evidence": ("minh chứng: {text}", "evidence: {text}"),
    "show.recorded_by": ("người ghi: {name}", "recorded by {name}"),
    "show.after": ("sau khi hoàn thành mục {id}", "after item {id} is done"),
    "show.met": ("đã đáp ứng ngày {on}", "met on {on}"),
    "show.not_met": ("chưa đáp ứng", "not yet met"),
    "show.within": ("hạn {n} ngày sau khi đáp ứng", "due {n} day{n:s} after it is met"),
    "list.title": ("Các mục của kế hoạch (tính đến {as_of})", "Items of the plan (as of {as_of})"),
    "list.filter.unit": ("đơn vị: {value}", "unit: {value}"),
    "list.filter.section": ("mục: {value}", "section: {value}"),
    "list.filter.status": ("tình trạng: {value}", "status: {value}"),
    "list.filter.search": ("tìm: “{value}”", "search: “{value}”"),
    "list.summary": (
        "{items} mục, {milestones} mốc",
        "{items} item{items:s}, {milestones} milestone{milestones:s}",
    ),
    "list.none": ("Không có mục nào khớp.", "No item matches."),
    "error.item.unknown": (
        "Không có mục '{id}' trong kế hoạch.{hint}",
        "No item '{id}' in the plan.{hint}",
    ),
    "error.role": (
        "Vai trò không hợp lệ '{value}': lead (chủ trì) hoặc support (phối hợp).",
        "Invalid role '{value}': lead or support.",
    ),
    "error.role.unit": (
        "--role chỉ dùng cùng --unit (vai trò của đơn vị nào?).",
        "--role needs --unit (whose role?).",
    ),
    "error.status": (
        "Tình trạng không hợp lệ '{value}': {choices}.",
        "Invalid status '{value}': {choices}.",
    ),
    "error.section": (
        "Không có mục hoặc nhiệm vụ '{value}': {choices}.",
        "No section or task '{value}': {choices}.",
    ),
    # --- Review: fmt, diff, textconv, schema, validate --base (parplan/cli/review.py) ---
    "fmt.check.summary": (
        "{n} tệp cần chạy 'parplan fmt' để định dạng lại.",
        "{n} file{n:s} would be reformatted by 'parplan fmt'.",
    ),
    "fmt.check.ok": ("{n} tệp đã đúng định dạng.", "{n} file{n:s} already formatted."),
    "fmt.changed": ("Đã định dạng lại {file}", "Reformatted {file}"),
    "fmt.unchanged": ("{n} tệp không cần thay đổi.", "{n} file{n:s} left unchanged."),
    "fmt.refused": (
        "Không ghi tệp nào: có tệp không đọc hoặc không định dạng được (xem ở trên).",
        "Nothing was written: a file could not be read or formatted (see above).",
    ),
    "fmt.unsupported": ("không định dạng được: {what}", "cannot format: {what}"),
    "fmt.what.key": ("khóa không phải là một giá trị đơn", "a key that is not a single value"),
    "fmt.what.tag": (
        "thẻ YAML trên một danh sách hoặc bảng khóa",
        "a YAML tag on a list or a mapping",
    ),
    "fmt.what.recursive": ("tham chiếu YAML vòng tròn", "a recursive YAML alias"),
    "fmt.what.internal": (
        "bản định dạng lại khác nội dung gốc (lỗi của parplan, xin báo lại)",
        "the reformatted text would differ in content (a parplan bug; please report it)",
    ),
    "fmt.write": ("Không ghi được {file}: {reason}", "Cannot write {file}: {reason}"),
    "diff.title": (
        "Thay đổi của kế hoạch {file}: {old} → {new}",
        "Changes to the plan {file}: {old} → {new}",
    ),
    "diff.worktree": ("bản đang sửa", "working tree"),
    "diff.none": ("Kế hoạch không thay đổi.", "The plan has not changed."),
    "diff.summary": (
        "{changes} thay đổi ở {items} mục.",
        "{changes} change{changes:s} in {items} item{items:s}.",
    ),
    "diff.added": ("thêm mục", "added"),
    "diff.removed": ("bỏ mục", "removed"),
    "diff.deadline": ("thời hạn", "deadline"),
    "diff.lead": ("chủ trì", "lead"),
    "diff.support": ("phối hợp", "support"),
    "diff.product": ("nội dung", "text"),
    "diff.title_field": ("tên", "title"),
    "diff.note": ("ghi chú", "note"),
    "diff.after": ("điều kiện (sau mục)", "condition (after item)"),
    "diff.within_days": ("số ngày sau khi đáp ứng điều kiện", "days after the condition is met"),
    "diff.amended_by": ("căn cứ sửa đổi", "amended by"),
    "diff.info": ("thông tin kế hoạch", "plan details"),
    "diff.done": ("ghi nhận hoàn thành", "completion recorded"),
    "diff.done_removed": ("bỏ ghi nhận hoàn thành", "completion removed"),
    "diff.done_changed": ("sửa ghi nhận hoàn thành", "completion changed"),
    "diff.met": ("ghi nhận đã đáp ứng điều kiện", "condition recorded as met"),
    "diff.met_removed": ("bỏ ghi nhận đáp ứng điều kiện", "condition no longer recorded as met"),
    "diff.met_changed": ("sửa ghi nhận đáp ứng điều kiện", "record of the condition met corrected"),
    "diff.units.added": ("thêm {names}", "adds {names}"),
    "diff.units.removed": ("bỏ {names}", "drops {names}"),
    "diff.reason": ("theo {reason}", "by {reason}"),
    "diff.no_date": ("không có ngày", "no date"),
    "diff.evidence": ("minh chứng: {evidence}", "evidence: {evidence}"),
    "diff.milestone": ("mốc {milestone}", "milestone {milestone}"),
    "diff.nothing": ("(không có)", "(none)"),
    "diff.error.git": ("Không chạy được git: {reason}", "Cannot run git: {reason}"),
    "diff.error.repo": (
        "{path} không nằm trong một kho git.",
        "{path} is not inside a git repository.",
    ),
    "diff.error.revision": (
        "Không có phiên bản '{rev}' trong kho git.",
        "No revision '{rev}' in the git repository.",
    ),
    "diff.error.absent": (
        "Tệp kế hoạch {file} không có ở cả hai phiên bản.",
        "The plan file {file} exists in neither version.",
    ),
    "diff.error.count": (
        "Chỉ nhận tối đa hai phiên bản: REV1 [REV2].",
        "At most two revisions: REV1 [REV2].",
    ),
    "diff.error.unreadable": (
        "Không đọc được kế hoạch ở {rev}:",
        "The plan at {rev} cannot be read:",
    ),
    "diff.warning.errors": (
        "Lưu ý: kế hoạch ở {rev} có {n} lỗi; các mục lỗi bị bỏ qua. Chạy 'parplan validate' để xem.",
        "Note: the plan at {rev} has {n} error{n:s}; items in error are left out. Run 'parplan validate' to see them.",
    ),
    "schema.unknown": (
        "Không có lược đồ '{value}': plan hoặc units.",
        "No schema '{value}': plan or units.",
    ),
    # Descriptions of the JSON Schema's keys (shown by editors; both languages in one text)
    "schema.plan_file": ("Tệp kế hoạch của parplan", "A parplan plan file"),
    "schema.units_file": ("Tệp đơn vị của parplan", "A parplan units file"),
    "schema.plan": ("Thông tin về văn bản ban hành kế hoạch", "The decision issuing the plan"),
    "schema.title": ("Tên, đúng như văn bản ghi", "The title, word for word"),
    "schema.decision": ("Số hiệu quyết định ban hành", "Number of the issuing decision"),
    "schema.issued": ("Ngày ban hành (YYYY-MM-DD)", "Date of issue (YYYY-MM-DD)"),
    "schema.year": ("Năm của kế hoạch", "The plan's year"),
    "schema.source": ("Nguồn văn bản", "Where the text comes from"),
    "schema.policy": ("Quy định ghi nhận tiến độ", "Rules for recording progress"),
    "schema.sections": ("Các phần của phụ lục (I, II, …)", "The appendix's sections (I, II, …)"),
    "schema.tasks": ("Các nhiệm vụ của phần", "The section's tasks"),
    "schema.activities": ("Các hoạt động của nhiệm vụ", "The task's activities"),
    "schema.id": (
        "Mã theo số thứ tự của phụ lục (II.6.3)",
        "ID: the appendix's numbering (II.6.3)",
    ),
    "schema.product": (
        "Hoạt động/Sản phẩm, đúng như văn bản ghi",
        "Activity or product, word for word",
    ),
    "schema.lead": ("Đơn vị chủ trì", "Lead units"),
    "schema.support": ("Đơn vị phối hợp", "Supporting units"),
    "schema.deadline": (
        "Thời gian thực hiện, đúng như văn bản ghi (Tháng 3/2025, Quý I/2025, Năm 2025, …)",
        "The deadline as written (Tháng 3/2025, Quý I/2025, Năm 2025, …)",
    ),
    "schema.note": ("Ghi chú của văn bản", "The decision's note"),
    "schema.after": (
        "Mục phải hoàn thành trước (điều kiện)",
        "The item whose completion is the condition",
    ),
    "schema.amended_by": ("Văn bản đã sửa đổi mục này", "The decision that amended this item"),
    "schema.done": ("Ngày hoàn thành (YYYY-MM-DD)", "Date of completion (YYYY-MM-DD)"),
    "schema.evidence": ("Văn bản chứng minh", "The document that shows it"),
    "schema.recorded_by": ("Người ghi nhận", "Who recorded it"),
    "schema.progress": ("Hoàn thành từng mốc", "Completion of each milestone"),
    "schema.milestone": ("Mốc: nhãn hoặc số thứ tự", "Milestone: its label or number"),
    "schema.met": (
        "Ngày đáp ứng điều kiện (YYYY-MM-DD)",
        "Date the condition was met (YYYY-MM-DD)",
    ),
    "schema.met_evidence": (
        "Văn bản chứng minh điều kiện",
        "The document showing the condition met",
    ),
    "schema.within_days": (
        "Hạn: số ngày sau khi đáp ứng điều kiện",
        "Due this many days after the condition is met",
    ),
    "schema.units": ("Các đơn vị", "The units"),
    "schema.groups": ("Các nhóm đơn vị", "Groups of units"),
    "schema.name": ("Tên chính thức", "The canonical name"),
    "schema.short": ("Tên viết tắt", "The usual abbreviation"),
    # issue 18: unit codes
    "schema.code": (
        "Chữ viết tắt trong số, ký hiệu văn bản (BC-VP): chữ in hoa, không dấu cách",
        "The abbreviation in a document's number (BC-VP): capitals, no spaces",
    ),
    "schema.kind": ("Loại đơn vị", "Kind of unit"),
    "schema.aliases": ("Các cách viết khác", "Other spellings in use"),
    "schema.part_of": ("Đơn vị đảm nhiệm vai trò này", "The unit acting in this role"),
    "schema.renamed": ("Đổi tên", "Renamed"),
    "schema.merged_into": ("Hợp nhất vào đơn vị khác", "Merged into another unit"),
    "schema.left": ("Chuyển khỏi Bộ", "Left the ministry"),
    "schema.established": ("Ngày thành lập (YYYY-MM-DD)", "Date established (YYYY-MM-DD)"),
    "schema.on": ("Từ ngày (YYYY-MM-DD)", "From this date (YYYY-MM-DD)"),
    "schema.by": ("Theo văn bản", "By this document"),
    "schema.unit": ("Đơn vị tiếp nhận", "The receiving unit"),
    "schema.to": ("Chuyển sang cơ quan", "The body it moved to"),
    "schema.kinds": ("Mọi đơn vị thuộc các loại này", "Every unit of these kinds"),
    "schema.members": ("Các đơn vị thành viên", "Member units"),
    "schema.placeholder": (
        "Tên chung, không giao cho đơn vị nào",
        "A general name that assigns no one",
    ),
    # --- issue 9: injectable clock ---
    "error.output": (
        "Không ghi được kết quả ra đầu ra chuẩn: {reason}.",
        "Cannot write the output: {reason}.",
    ),
    "error.today": (
        "PARPLAN_TODAY='{value}' không phải một ngày dạng YYYY-MM-DD.",
        "PARPLAN_TODAY='{value}' is not a date written YYYY-MM-DD.",
    ),
    # --- issue 13: several plans, carry-over, init ---
    "plans.not-found": (
        "Không tìm thấy kế hoạch: không có tệp data/plan-*.yaml trong thư mục {start} hay các "
        "thư mục cha của nó (đến gốc kho git). Hãy chạy lệnh trong kho kế hoạch, hoặc chỉ rõ "
        "--plan TỆP (parplan init THƯ_MỤC tạo một kho mới).",
        "No plan found: no data/plan-*.yaml in {start} or any folder above it (up to the git "
        "repository's root). Run parplan inside a plan repository, or name the file with --plan "
        "FILE (parplan init DIR creates a new repository).",
    ),
    "plans.none": ("Kho không có kế hoạch nào.", "The repository holds no plan."),
    "plans.no-year": (
        "Không có kế hoạch nào của năm {year}; các kế hoạch có: {plans}.",
        "No plan covers {year}; the plans are: {plans}.",
    ),
    "plans.plan-and-year": (
        "--year {year} không khớp với kế hoạch {file} ({period}): dùng --plan hoặc --year, hoặc "
        "cả hai khi chúng khớp nhau.",
        "--year {year} does not match the plan {file} ({period}): give --plan or --year, or "
        "both when they agree.",
    ),
    "plans.header": ("Kế hoạch: {plan}", "Plan: {plan}"),
    "plans.title": (
        "Các kế hoạch trong kho, tại ngày {as_of}",
        "The repository's plans, as of {as_of}",
    ),
    "plans.col.file": ("Tệp", "File"),
    "plans.col.decision": ("Quyết định", "Decision"),
    "plans.col.period": ("Thời kỳ", "Period"),
    "plans.col.items": ("Số mục", "Items"),
    "plans.col.statuses": ("Tình trạng các mốc", "Milestones by status"),
    "plans.invalid": (
        "có lỗi: parplan validate --plan {file}",
        "has errors: parplan validate --plan {file}",
    ),
    "carry.need": (
        "Cần --from (kế hoạch cũ) và --to (kế hoạch mới), ví dụ: parplan carry --from 2025 --to 2026",
        "Give --from (the older plan) and --to (the newer), e.g. parplan carry --from 2025 --to 2026",
    ),
    "carry.no-file": ("Không có tệp '{file}'.", "No file '{file}'."),
    "carry.no-period": (
        "{file}: không đọc được năm hoặc thời kỳ của kế hoạch (khóa year hoặc period).",
        "{file}: the plan's year or period cannot be read (key year or period).",
    ),
    "carry.backwards": (
        "{new} bắt đầu trước {old}: chỉ chuyển tiếp sang kế hoạch sau.",
        "{new} starts before {old}: work is carried over into a later plan only.",
    ),
    "carry.same": (
        "Kế hoạch cũ và kế hoạch mới là cùng một tệp: {file}.",
        "The older and the newer plan are the same file: {file}.",
    ),
    "carry.missing": ("Không có tệp '{file}'.", "No file '{file}'."),
    "carry.nothing": (
        "{file}: không còn mục nào chưa hoàn thành để chuyển tiếp.",
        "{file}: no unfinished item is left to carry over.",
    ),
    "carry.already": (
        "Mục {id} đã được chuyển tiếp ({to}).",
        "Item {id} was already carried over ({to}).",
    ),
    "carry.finished": (
        "Mục {id} không còn mốc nào chưa hoàn thành để chuyển tiếp.",
        "Item {id} has no unfinished milestone to carry over.",
    ),
    "carry.not-carried": (
        "Mục {id} chưa được chuyển tiếp sang {file}.",
        "Item {id} was not carried over into {file}.",
    ),
    "carry.nothing-to-undo": (
        "Không có lần chuyển tiếp nào từ {old} sang {new} để hoàn tác.",
        "No carry from {old} into {new} to take back.",
    ),
    "carry.layout": (
        "{file}:{line}: không sửa được danh sách sections ở dạng này; hãy chạy 'parplan fmt' trước.",
        "{file}:{line}: the sections list cannot be edited in this layout; run 'parplan fmt' first.",
    ),
    "carry.done": (
        "Đã chuyển tiếp {n} mục từ {old} sang {new} (ngày {on}):",
        "Carried {n} item{n:s} from {old} into {new} (on {on}):",
    ),
    "carry.undone": (
        "Đã hoàn tác việc chuyển tiếp {n} mục từ {old} sang {new}:",
        "Took back the carry of {n} item{n:s} from {old} into {new}:",
    ),
    "carry.lines": (
        "{file}: thêm {added} dòng, bỏ {removed} dòng",
        "{file}: {added} lines added, {removed} removed",
    ),
    "carry.undo-hint": (
        "Hoàn tác: parplan carry --undo --from {source} --to {target}",
        "To take it back: parplan carry --undo --from {source} --to {target}",
    ),
    "diff.carried_from": ("chuyển tiếp từ", "carried over from"),
    "diff.carried_to": ("chuyển tiếp sang", "carried over into"),
    "diff.carried_on": ("ngày chuyển tiếp", "carried over on"),
    "show.carry": ("Chuyển tiếp", "Carried over"),
    "show.carried_to": (
        "Đã chuyển tiếp sang {target} ngày {on}{status}",
        "Carried over into {target} on {on}{status}",
    ),
    "show.carried_from": (
        "Chuyển tiếp từ {origin}{status}",
        "Carried over from {origin}{status}",
    ),
    "show.other": (" — {file}: {status}", " — {file}: {status}"),
    "init.agency": (
        'Cần --agency: tên cơ quan ban hành kế hoạch, ví dụ --agency "Sở Nội vụ tỉnh X".',
        'Give --agency: the agency that issues the plan, e.g. --agency "Sở Nội vụ tỉnh X".',
    ),
    "init.not-directory": ("'{dir}' không phải là thư mục.", "'{dir}' is not a directory."),
    "init.exists": (
        "Không tạo kho trong {dir}: đã có {files}. Không tệp nào bị ghi đè.",
        "Not creating a repository in {dir}: it holds {files}. No file is overwritten.",
    ),
    "init.io": ("Không ghi được {file}: {reason}", "Cannot write {file}: {reason}"),
    "init.import-failed": (
        "Không nhập được kế hoạch từ {source}.",
        "No plan could be imported from {source}.",
    ),
    "init.done": (
        "Đã tạo kho kế hoạch của {agency} trong {dir}:",
        "Created {agency}'s plan repository in {dir}:",
    ),
    "init.next": (
        "Tiếp theo: cd {dir} && git init && parplan validate && parplan due",
        "Next: cd {dir} && git init && parplan validate && parplan due",
    ),
    "schema.carried_from": (
        'Chuyển tiếp từ mục của kế hoạch trước: "số quyết định mã mục"',
        'Carried over from an item of an earlier plan: "decision ID"',
    ),
    "schema.carried_to": (
        'Đã chuyển tiếp sang mục của kế hoạch sau: "số quyết định mã mục"',
        'Carried over into an item of a later plan: "decision ID"',
    ),
    "schema.carried_on": (
        "Ngày chuyển tiếp (YYYY-MM-DD): từ ngày này mục không còn đến hạn ở kế hoạch này",
        "Date carried over (YYYY-MM-DD): from then on the item is not due in this plan",
    ),
    "plans.default": (
        "* kế hoạch các lệnh dùng khi không có --plan hay --year",
        "* the plan commands use without --plan or --year",
    ),
    # --- issue 12: the periodic report, calendars, work log and reasons for delay ---
    "report.legal_due": ("hạn theo Quyết định {due}", "legal deadline {due}"),
    "report.doc": ("BÁO CÁO", "REPORT"),
    "report.subject": (
        "Tình hình, kết quả thực hiện cải cách hành chính {period}",
        "Administrative reform: progress and results, {period}",
    ),
    "report.nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "report.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report.number": ("Số: {number}/BC{code}", "No.: {number}/BC{code}"),
    "report.place_date": (
        "{place}, ngày {day} tháng {month} năm {year}",
        "{place}, {year}-{month}-{day}",  # ISO in English (issue: English dates)
    ),
    "report.scope.unit": ("Đơn vị: {unit}", "Unit: {unit}"),
    "report.scope.ministry": (
        "Phạm vi: toàn bộ kế hoạch ({plan})",
        "Scope: the whole plan ({plan})",
    ),
    "report.window": (
        "Số liệu từ ngày {start} đến ngày {end}, tính đến ngày {as_of}; hạn gửi báo cáo: {due}{basis}.",
        "Data from {start} to {end}, as of {as_of}; the report is due on {due}{basis}.",
    ),
    "report.basis": (" (theo {basis})", " (under {basis})"),
    "report.s.summary": ("I. TỔNG HỢP TÌNH HÌNH THỰC HIỆN", "I. SUMMARY"),
    "report.s.completed": (
        "II. NHIỆM VỤ ĐÃ HOÀN THÀNH TRONG KỲ ({start} – {end})",
        "II. COMPLETED IN THE PERIOD ({start} – {end})",
    ),
    "report.s.overdue": ("III. NHIỆM VỤ QUÁ HẠN", "III. OVERDUE"),
    "report.s.upcoming": (
        "IV. NHIỆM VỤ ĐẾN HẠN TRONG KỲ TỚI (đến {end})",
        "IV. DUE IN THE NEXT PERIOD (until {end})",
    ),
    "report.s.units": ("V. TÌNH HÌNH THEO ĐƠN VỊ (tính đến {as_of})", "V. BY UNIT (as of {as_of})"),
    "report.s.gaps": (
        "VI. NHIỆM VỤ GIAO CHUNG: ĐƠN VỊ CHƯA THỰC HIỆN PHẦN VIỆC",
        "VI. GROUP-LED MILESTONES: UNITS THAT HAVE NOT DONE THEIR PART",
    ),
    "report.col.status": ("Tình trạng", "Status"),
    "report.col.current": ("Kỳ này ({as_of})", "This period ({as_of})"),
    "report.col.previous": ("Kỳ trước ({as_of})", "Previous period ({as_of})"),
    "report.col.on": ("Ngày", "Date"),
    "report.col.evidence": ("Văn bản, minh chứng", "Evidence"),
    "report.col.units": ("Đơn vị", "Unit"),
    "report.col.days_late": ("Số ngày quá hạn", "Days late"),
    "report.col.reason": ("Lý do", "Reason"),
    "report.col.group": ("Giao cho", "Assigned to"),
    "report.col.missing": ("Đơn vị chưa thực hiện", "Units not done"),
    "report.col.no": ("STT", "No."),
    "report.total": ("Tổng số mốc", "Milestones"),
    "report.due_so_far": ("Đã đến hạn", "Deadlines passed"),
    "report.rate": ("Tỷ lệ hoàn thành đúng hạn", "On-time rate"),
    # A work-log entry's table, a part of section II: work done towards an item in the window,
    # which is not its completion.
    "report.s.worklog": (
        "Công việc đã triển khai trong kỳ, theo nhật ký công việc ({start} – {end})",
        "Work carried out in the period, from the work log ({start} – {end})",
    ),
    "report.col.work": ("Nội dung công việc", "Work done"),
    "report.none": ("Không có.", "None."),
    "report.error.no-calendar": (
        "kế hoạch {file} không có lịch báo cáo (khóa 'reporting' trong phần 'plan')",
        "the plan {file} has no reporting calendar (the 'reporting' key of its 'plan' header)",
    ),
    "report.error.period": (
        "không có kỳ báo cáo '{value}' (chọn một trong: {choices})",
        "no reporting period '{value}' (one of: {choices})",
    ),
    "report.error.format": (
        "định dạng '{value}' cần tùy chọn -o TỆP",
        "the '{value}' format needs -o FILE",
    ),
    "report.written": ("Đã ghi {file}", "Wrote {file}"),
    "report.chart": ("Các mốc theo tình trạng", "Milestones by status"),
    "report.timeline": ("Các mốc trong năm theo tháng", "The year's milestones by month"),
    "report.month": ("Tháng {month}", "Month {month}"),
    "report.generated": (
        "Lập bằng parplan từ {file}, tính đến ngày {as_of}.",
        "Made with parplan from {file}, as of {as_of}.",
    ),
    "schema.reporting": (
        "Lịch báo cáo (ví dụ Văn bản 581/BNV-CCHC)",
        "The reporting calendar (e.g. Văn bản 581/BNV-CCHC)",
    ),
    "schema.basis": ("Văn bản quy định lịch báo cáo", "The document setting the calendar"),
    "schema.agency": ("Cơ quan ban hành báo cáo", "The issuing body of the reports"),
    "schema.place": ("Địa danh ghi trên báo cáo", "The place reports are dated at"),
    "schema.report": ("Tên báo cáo (Báo cáo CCHC)", "The report's name"),
    "schema.items": (
        "Các mục là báo cáo định kỳ: hạn gửi báo cáo là hạn làm việc",
        "Items that are the periodic reports: the report deadline is their working deadline",
    ),
    "schema.periods": ("Các kỳ báo cáo", "The reporting periods"),
    "schema.key": ("Mã kỳ (Q1, 6T, Q3, 9T, nam)", "The period's key"),
    "schema.name_en": ("Tên kỳ bằng tiếng Anh", "The period's English name"),
    "schema.from": ("Ngày đầu của số liệu (DD/MM)", "First day of the data (DD/MM)"),
    "schema.due": ("Hạn gửi báo cáo (DD/MM)", "The day the report is due (DD/MM)"),
    "schema.log": ("Nhật ký công việc", "The work log"),
    "schema.late": ("Lý do chậm", "Reasons for delay"),
    "schema.reason": ("Lý do", "The reason"),
    "schema.text": ("Nội dung", "What was done"),
    "diff.log": ("nhật ký công việc", "work log"),
    "diff.late": ("lý do chậm", "reason for delay"),
    "show.log": ("Nhật ký {on}: {text}", "Log {on}: {text}"),
    "show.late": ("Lý do chậm{milestone}: {reason}", "Reason for delay{milestone}: {reason}"),
    "overdue.reasons": ("Lý do chậm đã ghi:", "Reasons for delay recorded:"),
    "worklog.text-required": (
        'cần nội dung: --text "…" (việc đã làm)',
        'a text is needed: --text "…" (what was done)',
    ),
    "worklog.reason-required": (
        'cần lý do: --reason "…"',
        'a reason is needed: --reason "…"',
    ),
    "worklog.ongoing": (
        "mốc '{milestone}' của mục {id} không có thời hạn nên không thể chậm",
        "milestone '{milestone}' of item {id} has no deadline, so it cannot be late",
    ),
    "worklog.which": (
        "mục {id} có nhiều mốc: chọn mốc bị chậm bằng --milestone ({choices})",
        "item {id} has several milestones: name the late one with --milestone ({choices})",
    ),
    "worklog.logged": ("Đã ghi nhật ký của mục {id} vào {file}:", "Logged work on {id} in {file}:"),
    "worklog.late": (
        "Đã ghi lý do chậm của mục {id} vào {file}:",
        "Recorded why {id} is late in {file}:",
    ),
    # issue 18: the document's number
    "report.error.number": (
        "--number nhận số của văn bản bằng chữ số (ví dụ 12), không phải '{value}'",
        "--number takes the document's number in digits (e.g. 12), not '{value}'",
    ),
    "report.recipients": ("Nơi nhận:", "To:"),
    "report.to_cchc": ("- Vụ Cải cách hành chính (để tổng hợp);", "- Vụ Cải cách hành chính;"),
    "report.archive": ("- Lưu: VT, {short}.", "- Archive: VT, {short}."),
    # issue 18: two lines, never "KÝ" alone on the second
    "report.signer": ("QUYỀN HẠN, CHỨC VỤ\nCỦA NGƯỜI KÝ", "AUTHORITY AND TITLE\nOF THE SIGNER"),
    "report.signature": ("(Chữ ký, dấu)", "(Signature, seal)"),
    "report.signer_name": ("Họ và tên", "Full name"),
    "schema.period_name": ("Tên kỳ báo cáo (Quý I)", "The period's name (Quý I)"),
    "schema.period_to": (
        "Ngày chốt số liệu (DD/MM), ngày cuối của số liệu",
        "The cut-off day (DD/MM), the data's last day",
    ),
    "schema.log_on": ("Ngày làm (YYYY-MM-DD)", "The day the work was done (YYYY-MM-DD)"),
    "schema.log_unit": ("Đơn vị đã làm", "The unit that did it"),
    "schema.late_on": ("Ngày ghi lý do (YYYY-MM-DD)", "The day the reason was written"),
    "schema.late_unit": ("Đơn vị nêu lý do", "The unit giving the reason"),
    # --- issue 13: import, plans of several years ---
    "schema.period": (
        "Kế hoạch nhiều năm: năm đầu-năm cuối (2026-2030)",
        "A plan of several years: first-last year (2026-2030)",
    ),
    "schema.extra": (
        "Các cột khác của bảng phụ lục: tiêu đề cột → nội dung",
        "The appendix table's other columns: heading → text",
    ),
    "import.report": (
        "Nhập {source}: {rows} dòng, {items} mục, {inherited} ô lấy từ dòng trên, "
        "{unknown} đơn vị lạ, {deadlines} thời hạn chưa hiểu, {unread} chưa rõ thời hạn → {out}",
        "Imported {source}: {rows} row{rows:s}, {items} item{items:s}, {inherited} cell{inherited:s} "
        "inherited, {unknown} unknown unit{unknown:s}, {deadlines} deadline{deadlines:s} not "
        "understood, {unread} with no clear deadline → {out}",
    ),
    "import.units": (
        "Danh mục đơn vị mới: {file} ({count} tên)",
        "New units file: {file} ({count} name{count:s})",
    ),
    "import.exists": (
        "{file} đã có: không ghi đè (xóa tệp hoặc chọn --out khác)",
        "{file} exists: not overwritten (remove it or choose another --out)",
    ),
    # --- issue 20: import reads what agencies publish ---
    "status.unread": ("Chưa rõ thời hạn", "No clear deadline"),
    "unit.unread": (
        "Chưa rõ thời hạn ({n} mục: thời hạn chưa đọc được, xem parplan validate)",
        "No clear deadline ({n} item{n:s}: the deadline could not be read, see parplan validate)",
    ),
    "report.s.unread": ("NHIỆM VỤ CHƯA RÕ THỜI HẠN", "ITEMS WITH NO CLEAR DEADLINE"),
    "report.col.deadline": ("Thời hạn theo quyết định", "Deadline as the decision words it"),
    "schema.item_due": (
        "Hạn làm việc thay cho cách ghi thời hạn của quyết định (danh sách ngày YYYY-MM-DD)",
        "Working deadlines that settle the decision's wording (a list of YYYY-MM-DD dates)",
    ),
    "due.unread": (
        "Chưa rõ thời hạn ({n} mục: thời hạn chưa đọc được, xem parplan validate):",
        "No clear deadline ({n} item{n:s}: the deadline could not be read, see parplan validate):",
    ),
    "import.header": (
        "Kế hoạch: {title} — Quyết định {decision} ngày {issued}{issuer} — năm {years}",
        "Plan: {title} — decision {decision} of {issued}{issuer} — years {years}",
    ),
    "import.changed": (
        "{file} vừa bị sửa trong lúc nhập: không ghi đè; hãy chạy lại",
        "{file} changed during the import: not overwritten; run it again",
    ),
    # --- issue 8: group items per member, effective-dated registry ---
    "status.transferred": ("Đã chuyển giao", "Transferred"),
    "word.transferred": ("chuyển giao", "transferred"),
    "word.done": ("xong", "done"),
    "head.transferred": ("Chuyển\ngiao", "Trans-\nferred"),
    "col.members": ("Đơn vị xong", "Units done"),
    "col.where": ("Chuyển giao", "Went to"),
    "members.count": ("{done}/{total} đơn vị", "{done}/{total} unit{total:s}"),
    "members.owing": ("Còn {n} đơn vị chưa xong: {names}", "{n} unit{n:s} still owing: {names}"),
    "unit.transferred": ("Đã chuyển giao ({n})", "Transferred ({n})"),
    "unit.transferred.to": ("chuyển cho {name}", "went to {name}"),
    "unit.transferred.unknown": ("không rõ đơn vị tiếp nhận", "receiver not recorded"),
    "unit.inactive": (
        "{name} không còn thuộc Bộ vào ngày {as_of}.",
        "{name} was no longer part of the ministry on {as_of}.",
    ),
    "unit.successor": (
        "{name} đã hợp nhất vào {successor} từ {on}: xem trang của {successor}.",
        "{name} merged into {successor} on {on}: showing {successor}.",
    ),
    "ledger.unit-required": (
        "Mục {id} do từng đơn vị của '{group}' thực hiện riêng: hãy ghi đơn vị bằng "
        '--unit (tên, tên viết tắt hoặc tên gọi khác), ví dụ: parplan done {id} --unit "{example}" …\n'
        "Các đơn vị còn phải thực hiện: parplan owing {id}",
        "Item {id} is done by each unit of '{group}' on its own: name the unit with --unit "
        '(its name, abbreviation or alias), e.g. parplan done {id} --unit "{example}" …\n'
        "The units still owing: parplan owing {id}",
    ),
    "ledger.unit-not-group": (
        "Mục {id} có một ghi nhận chung cho đơn vị chủ trì: bỏ --unit.",
        "Item {id} has one completion for its lead: leave out --unit.",
    ),
    "ledger.unit-not-owing": (
        "{unit} không phải thực hiện mốc '{milestone}' của mục {id} (hạn {due}). "
        "Các đơn vị phải thực hiện: {names}.",
        "{unit} does not owe milestone '{milestone}' of item {id} (due {due}). "
        "The units owing it: {names}.",
    ),
    "ledger.unit-done": (
        "{unit} đã ghi hoàn thành mốc '{milestone}' của mục {id} ngày {on}.",
        "{unit} already recorded milestone '{milestone}' of item {id} done on {on}.",
    ),
    "ledger.unit-all-done": (
        "{unit} đã hoàn thành mọi mốc của mục {id}.",
        "{unit} has completed every milestone of item {id}.",
    ),
    "ledger.unit-owes-none": (
        "{unit} không phải thực hiện mốc nào của mục {id} (không thuộc Bộ vào các ngày đến hạn).",
        "{unit} owes no milestone of item {id} (not part of the ministry on its due dates).",
    ),
    "ledger.unit-nothing-to-undo": (
        "{unit} chưa ghi hoàn thành mốc nào của mục {id}{milestone}.",
        "{unit} has recorded no completion of item {id}{milestone}.",
    ),
    "owing.picked": (
        "Mốc {milestone} (hạn {due}), tính đến {as_of}: {n} đơn vị chưa xong.",
        "Milestone {milestone} (due {due}), as of {as_of}: {n} unit{n:s} owing.",
    ),
    "plan.far": (
        "Lưu ý: ngày {as_of} cách xa năm {year} của kế hoạch.",
        "Note: {as_of} lies far from plan year {year}.",
    ),
    "error.date.unreal": (
        "Không có ngày '{value}' trong lịch.",
        "There is no such day as '{value}'.",
    ),
    "owing.none": ("Không còn đơn vị nào phải thực hiện.", "No unit still owes it."),
    "schema.shared": (
        "Mục do cả nhóm chủ trì cùng làm: một ghi nhận chung thay vì từng đơn vị",
        "A group-led item done by the group together: one completion, not one per member",
    ),
    # Column headers of CSV and xlsx tables (parplan/render/xlsx.py)
    "field.id": ("Mã", "ID"),
    "field.label": ("Mốc", "Milestone"),
    "field.milestone": ("Mốc số", "Milestone no."),
    "field.due": ("Hạn", "Due"),
    "field.days": ("Số ngày còn lại", "Days left"),
    "field.status": ("Tình trạng", "Status"),
    "field.lead": ("Chủ trì", "Lead"),
    "field.support": ("Phối hợp", "Support"),
    "field.role": ("Vai trò", "Role"),
    "field.text": ("Nội dung", "Item"),
    "field.members_done": ("Số đơn vị đã xong", "Units done"),
    "field.members_total": ("Số đơn vị phải thực hiện", "Units owing"),
    "field.section": ("Mục", "Section"),
    "field.task": ("Nhiệm vụ", "Task"),
    "field.kind": ("Loại", "Kind"),
    "field.done": ("Ngày hoàn thành", "Done on"),
    "field.evidence": ("Minh chứng", "Evidence"),
    "field.recorded_by": ("Người ghi", "Recorded by"),
    "field.deadline": ("Thời hạn", "Deadline"),
    "field.product": ("Sản phẩm", "Product"),
    "field.task_title": ("Tên nhiệm vụ", "Task title"),
    "field.note": ("Ghi chú", "Note"),
    "field.name": ("Đơn vị", "Unit"),
    "field.short": ("Viết tắt", "Short"),
    "field.aliases": ("Tên gọi khác", "Aliases"),
    "field.members": ("Thành viên", "Members"),
    "field.active": ("Còn thuộc Bộ", "Active"),
    "field.done_on_time": ("Hoàn thành đúng hạn", "Done on time"),
    "field.done_late": ("Hoàn thành quá hạn", "Done late"),
    "field.pending": ("Trong hạn", "Open on time"),
    "field.overdue": ("Quá hạn", "Overdue"),
    "field.ongoing": ("Thường xuyên", "Ongoing"),
    "field.waiting": ("Chờ điều kiện", "Waiting"),
    "field.transferred": ("Đã chuyển giao", "Transferred"),
    "field.due_so_far": ("Đã qua hạn", "Deadlines passed"),
    "field.done_on_time_due": ("Đã qua hạn: xong đúng hạn", "Passed: done on time"),
    "field.done_late_due": ("Đã qua hạn: xong quá hạn", "Passed: done late"),
    "field.overdue_due": ("Đã qua hạn: chưa xong", "Passed: overdue"),
    "field.on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "field.unit": ("Đơn vị", "Unit"),
    "field.transferred_to": ("Chuyển giao cho", "Went to"),
    "error.xlsx.terminal": (
        "--format xlsx ghi một tệp Excel: hãy chuyển ra tệp, ví dụ: > bang.xlsx",
        "--format xlsx writes an Excel file: redirect it, e.g. > table.xlsx",
    ),
    "ledger.met-after": (
        "Điều kiện của mục {id} là mục {after} hoàn thành: ghi hoàn thành {after} "
        "(parplan done {after}), không dùng 'met'.",
        "The condition of item {id} is the completion of item {after}: record {after} done "
        "(parplan done {after}) rather than 'met'.",
    ),
    # --- review-1: issue 13 fixes ---
    "carry.has-progress": (
        "Không hoàn tác được: mục {id} của {file} đã có tiến độ ghi nhận (parplan undo {id} trước).",
        "Cannot take the carry back: item {id} of {file} has progress recorded "
        "(parplan undo {id} first).",
    ),
    "carry.carried-on": (
        "Không hoàn tác được: mục {id} của {file} đã được chuyển tiếp sang {to} "
        "(hoàn tác lần chuyển tiếp đó trước).",
        "Cannot take the carry back: item {id} of {file} was carried over into {to} "
        "(take that carry back first).",
    ),
    # --- issue 11: export to SQLite, view limits ---
    "export.done": (
        "Đã ghi {database}: {plans} kế hoạch, {items} mục, {milestones} mốc (trạng thái tại "
        "{as_of}); siêu dữ liệu Datasette: {metadata}",
        "Wrote {database}: {plans} plan{plans:s}, {items} item{items:s}, {milestones} milestone{milestones:s} (statuses as "
        "of {as_of}); Datasette metadata: {metadata}",
    ),
    "export.no-plans": (
        "Không tìm thấy tệp kế hoạch nào (plan*.yaml) trong {folder}; dùng --plan.",
        "No plan file (plan*.yaml) found in {folder}; use --plan.",
    ),
    "export.unwritable": (
        "Không ghi được {path}: {reason}",
        "Cannot write {path}: {reason}",
    ),
    "view.more": (
        "… còn {count} dòng nữa (--limit 0 để xem tất cả)",
        "… {count} more rows (--limit 0 shows them all)",
    ),
    # --- review-2: issue 8 fixes ---
    "ledger.unit-is-group": (
        "'{name}' là một nhóm: mỗi đơn vị trong nhóm ghi phần của mình, hãy nêu một đơn vị bằng "
        "--unit (danh sách: parplan owing {id}).",
        "'{name}' is a group: each unit of it records its own part; name one unit with --unit "
        "(the list: parplan owing {id}).",
    ),
    # --- issue 10: hardening ---
    "ledger.read-only": (
        "Tệp {file} chỉ cho đọc (read-only): không ghi. Tệp không bị thay đổi.",
        "{file} is read-only: not written. The file was not changed.",
    ),
    "ledger.changed-meanwhile": (
        "Tệp {file} vừa được người khác sửa ({n} lần liền khi đang ghi): không ghi đè. "
        "Tệp giữ nguyên thay đổi của họ; hãy chạy lại lệnh.",
        "{file} was changed by someone else while writing ({n} time{n:s} in a row): not "
        "overwritten. Their change is kept; run the command again.",
    ),
    # --- issue 18: faults (late, done, due) ---
    "ledger.unit-not-established": (
        "{unit} chỉ thuộc Bộ từ ngày {day}: không thể ghi hoàn thành ngày {on}. Có nhầm ngày "
        "hay nhầm đơn vị không?",
        "{unit} belongs to the ministry only from {day}: it cannot have completed anything on "
        "{on}. A wrong date, or the wrong unit?",
    ),
    "col.legal_due": ("(theo QĐ)", "(legal)"),
    "ledger.status.unit": (
        "Tình trạng phần của {unit} ở {id} tính đến {as_of}:",
        "Status of {unit}'s part of {id} as of {as_of}:",
    ),
    "ledger.status.group": (" — cả nhóm: {count}", " — whole group: {count}"),
    "report.reasons-note": (
        "Lý do chậm: các lý do ghi với ngày đến hết {until}. Lý do viết sau ngày này cho kỳ báo "
        "cáo này có ở đây khi được ghi với ngày trong kỳ (parplan late --on NGÀY).",
        "Reasons for delay: those dated up to {until}. A reason written later for this period "
        "is here when it is dated within the period (parplan late --on DATE).",
    ),
    "worklog.on-time": (
        "Mốc '{milestone}' của mục {id} đã hoàn thành đúng hạn (ngày {on}, hạn {due}): "
        "không có gì chậm để ghi lý do.",
        "Milestone '{milestone}' of item {id} was done on time (on {on}, due {due}): "
        "nothing was late.",
    ),
    "worklog.unit-on-time": (
        "Phần của {unit} ở mốc '{milestone}' của mục {id} đã hoàn thành đúng hạn (ngày {on}, "
        "hạn {due}): không có gì chậm để ghi lý do.",
        "{unit}'s part of milestone '{milestone}' of item {id} was done on time (on {on}, "
        "due {due}): nothing was late.",
    ),
    # --- issue 19: two-file writes, links, exclusive outputs ---
    "import.link": (
        "{file} là một liên kết (symbolic link): parplan không ghi qua liên kết; "
        "xóa nó hoặc chọn --out khác. Không tệp nào được ghi.",
        "{file} is a symbolic link: parplan does not write through a link; remove it or "
        "choose another --out. Nothing was written.",
    ),
    "import.taken": (
        "{file} vừa được một lần nhập khác tạo ra: không ghi đè, không tệp nào của lần nhập "
        "này được ghi. Xem tệp đó, hoặc chọn --out khác.",
        "{file} was just created by another import: not overwritten, and nothing of this "
        "import was written. Look at that file, or choose another --out.",
    ),
    "error.output.link": (
        "{file} là liên kết (symbolic link) tới {target}, ngoài kho kế hoạch ({root}): không "
        "ghi qua liên kết. Hãy ghi vào tệp khác.",
        "{file} is a symbolic link to {target}, outside the plan repository ({root}): not "
        "written through. Write to another file.",
    ),
    "error.output.unnamed-link": (
        "{file} là liên kết (symbolic link): parplan ghi tệp này cạnh {named} nhưng không bao "
        "giờ ghi qua một liên kết không được chỉ định. Xóa liên kết hoặc ghi vào thư mục khác.",
        "{file} is a symbolic link: parplan writes it beside {named} but never through a link "
        "it was not named. Remove the link or write elsewhere.",
    ),
    "carry.repaired": (
        "Đã gỡ phần dở dang của một lần chuyển tiếp hoặc hoàn tác bị ngắt giữa chừng:",
        "Took back the half-done work of a carry or undo stopped half-way:",
    ),
    "carry.repaired-task": (
        "  {file}: bỏ nhiệm vụ {id} (mục gốc không có carried_to)",
        "  {file}: removed task {id} (its origin has no carried_to)",
    ),
    "carry.repaired-mark": (
        "  {file}: bỏ carried_to của mục {id} (không có nhiệm vụ tương ứng)",
        "  {file}: removed the carried_to of item {id} (no task matches it)",
    ),
    "carry.repair-progress": (
        "Nhiệm vụ {id} của {file} mang carried_from mà mục gốc không có carried_to (một lần "
        "chuyển tiếp bị ngắt), nhưng đã có tiến độ ghi nhận: không tự gỡ. Thêm carried_to và "
        "carried_on vào mục gốc (xem parplan validate). Không tệp nào bị thay đổi.",
        "Task {id} of {file} has a carried_from whose origin has no carried_to (a carry stopped "
        "half-way), but progress was recorded on it: not taken back. Add carried_to and "
        "carried_on to the origin (see parplan validate). No file was changed.",
    ),
    # --- issue 19: cache trust ---
    "cache.refused.not-owned": (
        "Ghi chú: không dùng bộ nhớ đệm {folder}: thư mục không thuộc về bạn (chỉ dùng thư mục "
        "của riêng bạn, đặt bằng PARPLAN_CACHE_DIR). Kết quả vẫn đúng, chỉ chậm hơn.",
        "Note: the cache {folder} was not used: the folder is not yours (use a folder of your "
        "own, with PARPLAN_CACHE_DIR). The results are right, only slower.",
    ),
    "cache.refused.writable-by-others": (
        "Ghi chú: không dùng bộ nhớ đệm {folder}: người khác ghi được vào thư mục này "
        "(chmod go-w {folder}). Kết quả vẫn đúng, chỉ chậm hơn.",
        "Note: the cache {folder} was not used: others can write to the folder "
        "(chmod go-w {folder}). The results are right, only slower.",
    ),
    "cache.refused.not-a-folder": (
        "Ghi chú: không dùng bộ nhớ đệm {folder}: đó không phải là thư mục. Kết quả vẫn đúng, "
        "chỉ chậm hơn.",
        "Note: the cache {folder} was not used: it is not a folder. The results are right, "
        "only slower.",
    ),
    "cache.refused.unreadable": (
        "Ghi chú: không dùng bộ nhớ đệm {folder}: không đọc được thư mục. Kết quả vẫn đúng, "
        "chỉ chậm hơn.",
        "Note: the cache {folder} was not used: the folder cannot be read. The results are "
        "right, only slower.",
    ),
    # --- issue 21: targets ---
    "schema.targets": (
        "Các chỉ tiêu định lượng của quyết định (mục II), đúng nguyên văn",
        "The decision's numeric targets (section II), word for word",
    ),
    "schema.target_id": ("Mã chỉ tiêu (II.2.g-1)", "The target's ID (II.2.g-1)"),
    "schema.target_text": ("Câu của quyết định, nguyên văn", "The decision's sentence, verbatim"),
    "schema.target_source": (
        "Nơi quyết định ghi chỉ tiêu: tệp:dòng:cột, tính từ thư mục của kế hoạch",
        "Where the decision states it: file:line:column, from the plan's folder",
    ),
    "schema.measure": ("Đại lượng đo (percent: tỷ lệ %, count: số lượng)", "What is measured"),
    "schema.comparison": (
        "So sánh (at-least: tối thiểu, exactly: đúng bằng, at-most: tối đa)",
        "How a figure is compared with the value",
    ),
    "schema.target_value": ("Giá trị chỉ tiêu", "The target value"),
    "schema.target_unit": ("Đơn vị chịu trách nhiệm", "The unit that answers for it"),
    "schema.target_basis": (
        "Điểm của mục IV giao trách nhiệm (IV.5.a)",
        "The point of section IV that assigns it (IV.5.a)",
    ),
    "schema.target_period": ("Năm của chỉ tiêu", "The year the target is for"),
    "schema.measurements": ("Các số liệu đã ghi nhận", "The figures recorded"),
    "schema.duties": (
        "Các nhiệm vụ thường xuyên của mục II (các điểm a, b, … của từng lĩnh vực), nguyên văn",
        "Section II's standing duties (each area's points a, b, …), word for word",
    ),
    "schema.responsibilities": (
        "Trách nhiệm của từng đơn vị theo mục IV, nguyên văn",
        "Each unit's responsibilities under section IV, word for word",
    ),
    "schema.duty_id": ("Mã điểm của mục II (II.2.a)", "The point of section II (II.2.a)"),
    "schema.responsibility_id": ("Mã điểm của mục IV (IV.5.a)", "The point of section IV"),
    "schema.body_text": ("Nguyên văn của quyết định", "The decision's words"),
    "schema.duty_lead": ("Đơn vị chủ trì theo mục IV", "The leading units, per section IV"),
    "schema.duty_basis": (
        "Điểm của mục IV giao chủ trì, theo thứ tự của lead",
        "The points of section IV that assign them, in lead's order",
    ),
    "schema.responsibility_unit": ("Đơn vị được giao", "The unit it is given to"),
    "schema.responsibility_to": (
        "Cơ quan được giao (ngoài danh mục đơn vị)",
        "The bodies it is given to, outside the registry",
    ),
    "schema.points": ("Các điểm của mục II được nêu", "The points of section II it names"),
    "schema.measurement_target": ("Mã chỉ tiêu được đo", "The ID of the target measured"),
    "schema.measurement_on": ("Ngày của số liệu (YYYY-MM-DD)", "Date of the figure (YYYY-MM-DD)"),
    "schema.measurement_value": ("Giá trị đo được", "The value measured"),
    "schema.measurement_unit": ("Đơn vị báo cáo số liệu", "The unit reporting the figure"),
    "schema.of": ("Tử số (số đạt)", "Numerator (how many meet it)"),
    "schema.total": ("Mẫu số (tổng số)", "Denominator (how many in all)"),
    "target.status.met": ("Đạt", "Met"),
    "target.status.below": ("Chưa đạt", "Not met"),
    "target.status.no-data": ("Chưa có số liệu", "No data"),
    "target.gap": ("(còn thiếu {gap})", "({gap} short)"),
    # review of issue 21: a figure above an at-most or exactly target is over, not short
    "target.over": ("(vượt {gap})", "({gap} over)"),
    # the difference of two percentages: 72,5% is 7,5 points short of 80%
    "target.points": ("điểm %", "pp"),
    "target.trend.up": ("Tăng", "Up"),
    "target.trend.down": ("Giảm", "Down"),
    "target.trend.flat": ("Không đổi", "Unchanged"),
    "field.requirement": ("Chỉ tiêu", "Target"),
    "field.value": ("Số liệu", "Figure"),
    "field.on": ("Ngày số liệu", "Figure's date"),
    "field.target_status": ("Kết quả", "Result"),
    "field.gap": ("Còn thiếu", "Gap"),
    "field.trend": ("Xu hướng", "Trend"),
    "target.field.source": ("Nguồn", "Source"),
    "target.field.basis": ("Căn cứ giao trách nhiệm", "Assigned by"),
    "target.field.period": ("Năm", "Year"),
    "target.field.window": ("Kỳ số liệu đang xét", "Data window judged"),
    "target.figures": ("Số liệu đã ghi nhận (đến {as_of}):", "Figures recorded (to {as_of}):"),
    "target.figures.none": ("Chưa có số liệu nào.", "No figure yet."),
    "target.chart.title": (
        "Số liệu của chỉ tiêu {id} trong năm, đường nét đứt là chỉ tiêu",
        "Figures of target {id} over the year; the dashed line is the target",
    ),
    "title.targets": (
        "Các chỉ tiêu của kế hoạch — tính đến {as_of}",
        "The plan's targets — as of {as_of}",
    ),
    "targets.none": ("Kế hoạch không có chỉ tiêu nào (targets:).", "The plan has no targets."),
    "targets.summary": (
        "{met} đạt, {below} chưa đạt, {no_data} chưa có số liệu (kỳ số liệu {start} – {end})",
        "{met} met, {below} not met, {no_data} without data (data window {start} – {end})",
    ),
    "report.targets": ("Kết quả thực hiện các chỉ tiêu", "Results against the targets"),
    "report.col.target_text": ("Nội dung chỉ tiêu", "The target"),
    "body.duty": (
        "nhiệm vụ thường xuyên (mục II của Kế hoạch)",
        "standing duty (section II of the plan)",
    ),
    "body.responsibility": (
        "trách nhiệm (mục IV của Kế hoạch)",
        "responsibility (section IV of the plan)",
    ),
    "body.points": ("Các điểm của mục II", "Points of section II"),
    "show.also-body": (
        "{id} cũng là một điểm của phần thân quyết định:",
        "{id} is also a point of the decision's body:",
    ),
    "report.col.body": ("Nội dung (nguyên văn Kế hoạch)", "What the plan says"),
    "body.found": (
        "Trong phần thân của quyết định (chỉ tiêu, mục II, mục IV): {n}",
        "In the decision's body (targets, sections II and IV): {n}",
    ),
    "unit.responsibilities": (
        "Trách nhiệm theo mục IV của Kế hoạch ({n})",
        "Responsibilities under section IV ({n})",
    ),
    "unit.duties": (
        "Nhiệm vụ thường xuyên chủ trì theo mục II ({n})",
        "Standing duties led, section II ({n})",
    ),
    "unit.targets": ("Chỉ tiêu chịu trách nhiệm ({n})", "Targets answered for ({n})"),
    "report.responsibilities": (
        "Trách nhiệm của đơn vị theo Kế hoạch (mục II, IV)",
        "The unit's duties and responsibilities under the plan (sections II, IV)",
    ),
    "measure.unknown-target": (
        "Không có chỉ tiêu '{id}'. Các chỉ tiêu: {ids}.",
        "No target '{id}'. The targets: {ids}.",
    ),
    "measure.fraction-half": (
        "--of và --total phải đi cùng nhau (tử số và mẫu số).",
        "--of and --total go together (numerator and denominator).",
    ),
    "measure.fraction": (
        "Tử số {of} và mẫu số {total} không hợp lệ: cần 0 ≤ tử số ≤ mẫu số và mẫu số > 0.",
        "Numerator {of} and denominator {total} do not fit: 0 ≤ numerator ≤ denominator, "
        "denominator > 0.",
    ),
    "measure.fraction-value": (
        "--value {value} không khớp với {of}/{total} = {share}%.",
        "--value {value} does not match {of}/{total} = {share}%.",
    ),
    "measure.value-required": (
        "Cần --value (hoặc --of và --total).",
        "--value is required (or --of and --total).",
    ),
    "measure.range": (
        "Tỷ lệ {value}% nằm ngoài khoảng 0–100.",
        "A percentage of {value} lies outside 0–100.",
    ),
    "measure.nothing-to-undo": (
        "Chỉ tiêu {id} chưa có số liệu nào để bỏ.",
        "Target {id} has no figure to take back.",
    ),
    # Click's usage errors, in Vietnamese (cli/usage.py; English keeps Click's own words)
    # review of issue 23: the export names a plan by its file's name
    "export.same-name": (
        "Hai tệp kế hoạch cùng tên '{id}' ({first} và {second}): trong cơ sở dữ liệu, mỗi kế "
        "hoạch mang tên tệp của nó. Hãy xuất riêng từng tệp, hoặc đổi tên một tệp.",
        "Two plan files named '{id}' ({first} and {second}): in the database each plan is "
        "named by its file. Export them separately, or rename one.",
    ),
    "usage.panel": ("Lỗi", "Error"),
    "usage.try": (
        "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
        "Try [blue]'{command_path} {help_option}'[/] for help.",
    ),
    "usage.no-option": ("Không có tùy chọn {name}.", "No such option: {name}"),
    "usage.possible": ("(Có thể là: {names})", "(Possible options: {names})"),
    "usage.missing-argument": ("Thiếu đối số {name}.", "Missing argument {name}."),
    "usage.missing-option": ("Thiếu tùy chọn {name}.", "Missing option {name}."),
    "usage.bad-value": (
        "Giá trị không hợp lệ cho {name}: {reason}",
        "Invalid value for {name}: {reason}",
    ),
    "usage.not-integer": ("{value} không phải là số nguyên.", "{value} is not a valid integer."),
    "usage.not-float": ("{value} không phải là số.", "{value} is not a valid float."),
    "usage.out-of-range": (
        "{value} nằm ngoài khoảng {range}.",
        "{value} is not in the range {range}.",
    ),
    "usage.not-one-of": (
        "{value} không phải một trong {choices}.",
        "{value} is not one of {choices}.",
    ),
    "usage.needs-value": (
        "Tùy chọn {name} cần một giá trị.",
        "Option {name} requires an argument.",
    ),
    "usage.needs-values": (
        "Tùy chọn {name} cần {n} giá trị.",
        "Option {name} requires {n} argument{n:s}.",
    ),
    "usage.takes-no-value": (
        "Tùy chọn {name} không nhận giá trị.",
        "Option {name} does not take a value.",
    ),
    "usage.no-command": ("Không có lệnh {name}.", "No such command {name}."),
    "usage.did-you-mean": ("Có phải ý bạn là {names}?", "Did you mean {names}?"),
    "usage.extra": ("Thừa đối số: {args}.", "Got unexpected extra argument(s) ({args})"),
    "measure.layout": (
        "Không tự ghi được số liệu (dòng {line}): danh sách 'measurements' không viết mỗi số "
        "liệu một dòng '- {{target: …}}'. Hãy sửa tay rồi chạy 'parplan validate'. "
        "Tệp không bị thay đổi.",
        "Cannot record the figure in place (line {line}): the 'measurements' list is not "
        "written one '- {{target: …}}' line a figure. Edit it by hand, then run "
        "'parplan validate'. The file was not changed.",
    ),
    "measure.value-bad": (
        "Giá trị '{value}' không phải là số (ví dụ 72.5 hoặc 72,5).",
        "'{value}' is not a number (e.g. 72.5).",
    ),
    # review of issue 18: the due views' CSV and xlsx columns for what the table shows
    "field.report": ("Báo cáo", "Report"),
    "field.legal_due": ("Hạn theo Quyết định", "Legal deadline"),
    "field.reasons": ("Lý do chậm", "Reasons for delay"),
    # review of issue 18: a reason or a log entry of a unit before it existed
    "worklog.unit-not-established": (
        "{unit} chỉ thuộc Bộ từ ngày {day}: không thể ghi ngày {on}. Có nhầm ngày hay nhầm "
        "đơn vị không?",
        "{unit} belongs to the ministry only from {day}: nothing of it can be dated {on}. A "
        "wrong date, or the wrong unit?",
    ),
    # review of issue 18: a unit outside the ministry on the day, named, with why
    "unit.outside.left": (
        "{name} không còn thuộc Bộ vào ngày {as_of} (chuyển sang {to} từ {on}).",
        "{name} was no longer part of the ministry on {as_of} (went to {to} on {on}).",
    ),
    "unit.outside.gone": (
        "{name} không còn thuộc Bộ vào ngày {as_of} (từ {on}).",
        "{name} was no longer part of the ministry on {as_of} (since {on}).",
    ),
    "unit.outside.not-yet": (
        "{name} chưa thuộc Bộ vào ngày {as_of} (thành lập từ {on}).",
        "{name} was not yet part of the ministry on {as_of} (established on {on}).",
    ),
}


# Review of issue 19: the arguments of a message that name a file or folder. Whatever a name
# holds (a newline, ESC, a bidi control: a hostile repository's file names), it is printed on
# its line as escapes, so no message can print a forged second line.
_NAME_ARGS = frozenset({"file", "folder", "dir", "path", "target", "root"})


def label(key: str, lang: str = DEFAULT, **args: object) -> str:
    vi, en = LABELS[key]
    template = vi if lang == "vi" else en
    if not args:
        return template
    return template.format(**{k: _shown(k, v, lang) for k, v in args.items()})


class _Count(int):
    """A number in an English sentence: ``{n:s}`` after its noun is "s" unless it is one, so
    that "1 error" and "2 errors" read right ("{n} error{n:s}")."""

    def __format__(self, spec: str) -> str:
        if spec == "s":
            return "" if self == 1 else "s"
        return int.__format__(self, spec)


def _shown(name: str, value: object, lang: str) -> object:
    if lang != "vi" and type(value) is int:
        return _Count(value)
    if isinstance(value, date):
        return show_value(value, lang)
    if isinstance(value, os.PathLike) or (name in _NAME_ARGS and isinstance(value, str)):
        return single_line(os.fspath(value)) if not isinstance(value, bytes) else value
    return value
