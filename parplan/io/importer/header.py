"""The decision's header: title, decision number, date and issuer, period (issue 20)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parplan.core.text import fold

_DECISION = re.compile(r"Số\s*:\s*(\d+[\w/Đđ.-]*)")
_ISSUED = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_TITLE = re.compile(r"Ban\s+hành\s+kèm\s+theo\s+Quyết\s+định\s+này\s+(.+?)\.\s*$", re.S | re.M)
# "(Kèm theo Quyết định số 12/QĐ-XYZ ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh X)", as
# an appendix names the decision it belongs to (italics, line breaks, odd spacing removed first).
_ATTACHED = re.compile(
    r"kèm\s+theo\s+(?:Quyết\s+định|Kế\s+hoạch|Công\s+văn|Chỉ\s+thị)\s+số\s*:?\s*"
    r"(?P<number>\d+[\w/Đđ.-]{0,40})"
    r"(?:\s*,?\s*ngày\s+(?P<day>\d{1,2})\s*(?:tháng|/|-|\.)\s*(?P<month>\d{1,2})\s*"
    r"(?:năm|/|-|\.)\s*(?P<year>\d{4}))?"
    r"(?:\s+của\s+(?P<issuer>[^()\n]{1,200}))?",
    re.I,
)
# The plan's own name line: "KẾ HOẠCH …", "CHƯƠNG TRÌNH …", "DANH MỤC NHIỆM VỤ …".
_NAME_LINE = re.compile(r"^(ke hoach|chuong trinh|danh muc|nhiem vu)\b")
# Years named by a title: "năm 2026"; "giai đoạn 2026 - 2030", "2026-2030", "2026 – 2030".
_TITLE_SPAN = re.compile(r"(?<!\d)(\d{4})\s*[-–—‒−~]\s*(\d{4})(?!\d)")
_TITLE_YEAR = re.compile(r"\bnăm\s+(\d{4})(?!\d)", re.I)


@dataclass(frozen=True)
class Header:
    """What a decision says of the plan it issues (empty where it says nothing)."""

    title: str = ""
    decision: str = ""
    issued: date | None = None
    issuer: str = ""


def read_header(text: str) -> Header:
    """The plan's header from the text before the appendix table: the title (the decision's
    "Ban hành kèm theo Quyết định này …", else the plan's own name lines, in sentence case),
    the decision's number, date and issuer ("(Kèm theo Quyết định số N ngày … của …)", else
    the decision's "Số:" line and its place-and-date line)."""
    text = text[:200_000]  # a header is at the top; a huge preamble is not read to its end
    plain = text.replace("*", "").replace("_", " ")
    flat = " ".join(plain.split())
    decision, issued, issuer = "", None, ""
    attached = _ATTACHED.search(flat)
    if attached:
        decision = attached["number"].rstrip(".,;")
        if attached["year"]:
            issued = _date_of(attached["year"], attached["month"], attached["day"])
        if attached["issuer"]:
            issuer = attached["issuer"].strip(" .;,")
    head = plain[: max(2000, plain.find("QUYẾT ĐỊNH") + 2000)]
    if not decision:
        m = _DECISION.search(head)
        if m:
            decision = m[1].rstrip(".")
        if issued is None:
            m2 = _ISSUED.search(" ".join(head[m.end() if m else 0 :].split()))
            if m2:
                issued = _date_of(m2[3], m2[2], m2[1])
    title = ""
    m = _TITLE.search(plain)
    if m:
        title = " ".join(m[1].split())
        title = title[0].upper() + title[1:]
    else:
        title = _name_lines(plain)
    return Header(title[:500], decision[:60], issued, issuer)


def _date_of(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _name_lines(text: str) -> str:
    """The plan's own name: the first line opening "KẾ HOẠCH …", "CHƯƠNG TRÌNH …", "DANH MỤC
    …" or "NHIỆM VỤ …" (a whole line: not "Kế hoạch số …" in a sentence), with the capitalised
    lines that continue it, up to the "(Kèm theo …)" line; in sentence case."""
    lines = [" ".join(line.split()).strip("| ") for line in text.splitlines()]
    for at, line in enumerate(lines):
        if not line or len(line) > 200 or not _NAME_LINE.match(fold(line)):
            continue
        if line != line.upper() and fold(line).startswith("nhiem vu"):
            continue  # a heading cell "Nhiệm vụ", not a name
        if line != line.upper() and not _TITLE_YEAR.search(line) and not _TITLE_SPAN.search(line):
            continue  # a sentence, not a name line
        parts = [line]
        for following in lines[at + 1 : at + 4]:
            if not following or following.startswith("(") or following != following.upper():
                break
            if not any(ch.isalpha() for ch in following):
                break
            parts.append(following)
        return sentence_case(" ".join(parts))
    return ""


_KEEP_UPPER = {"ubnd", "hdnd", "cchc", "tthc", "cntt", "cbccvc", "iso"}
_BODY_WORDS = {"bộ", "sở", "cục", "vụ", "ban", "tổng", "viện", "trường"}
_PLACE_WORDS = {"tỉnh", "huyện", "quận", "xã", "phường"}
_PLACE_PAIRS = {("thành", "phố"), ("thị", "xã"), ("thị", "trấn")}


def sentence_case(text: str) -> str:
    """A title in sentence case, as Nghị định 30/2020 writes one in running text: "KẾ HOẠCH
    CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA BỘ NỘI VỤ" → "Kế hoạch cải cách hành chính năm 2025 của
    Bộ Nội vụ". A title already in mixed case is kept, only its first letter raised. After
    "của", the body's kind and the first word of its own name keep a capital ("Bộ Nội vụ", "Sở
    Tư pháp", "Ủy ban nhân dân"), and so does every word of a place ("tỉnh Quảng Nam", "thành
    phố Hà Nội"); acronyms (UBND, CCHC) stay in capitals."""
    text = " ".join(text.split())
    if not text or text != text.upper():
        return text[:1].upper() + text[1:]
    words = text.lower().split()
    capital = {0}
    owner = named = False
    k = 0
    while k < len(words):
        word = words[k]
        following = words[k + 1] if k + 1 < len(words) else ""
        if word == "của":
            owner = True
        elif owner and word in ("ủy", "uỷ"):
            capital.add(k)
            k += 2  # "Ủy ban": not "Ban" a body of its own
            continue
        elif owner and word in _BODY_WORDS and not named:
            named = True  # one body: "Bộ Nội vụ", not "Bộ Nội Vụ"
            capital.update((k, k + 1))
            k += 2  # its name's first word is not a body's kind ("Nội vụ")
            continue
        elif owner and (word in _PLACE_WORDS or (word, following) in _PLACE_PAIRS):
            first = k + (2 if (word, following) in _PLACE_PAIRS else 1)
            capital.update(range(first, len(words)))
            break
        k += 1
    out = []
    for k, word in enumerate(words):
        bare = fold(word).strip(",.;:()")
        if bare in _KEEP_UPPER:
            out.append(word.upper())
        elif k in capital:
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)
