"""The words of the deadline grammar: connectives, separators, and what may not end a label."""

from __future__ import annotations

import re

ROMAN_WORD = re.compile(r"[ivx]+")
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
# After a dash inside a line, these continue a span ("Tháng 01 - tháng 3/2025").
CONTINUES_A_SPAN = {"tháng", "quý", "năm", "ngày"}

# Words that may lead a period ("trong tháng 3/2025") or a day ("trước ngày 20/01/2025").
COMMON_MODS = (
    "trong",
    "vào",
    "đến hết",
    "đến cuối",
    "đến",
    "tới",
    "hết",
    "chậm nhất là",
    "chậm nhất",
    "muộn nhất là",
    "muộn nhất",
    "hạn chót",
    "thời hạn",
    "hạn",
    "là",
)
PERIOD_MODS = ("cuối", *COMMON_MODS)
DAY_MODS = ("trước", *COMMON_MODS)
SPAN_SEPS = ("-", "đến hết", "đến", "tới")
LIST_SEPS = (", và", ",", "và", "&")
FREQUENCY_SEPS = (", và", ", hoặc", ",", "và", "hoặc", "/")
ONGOING_WORDS = (
    "thường xuyên",
    "định kỳ",
    "liên tục",
    "đột xuất",
    "hằng ngày",
    "hàng ngày",
    "mỗi ngày",
    "hằng tuần",
    "hàng tuần",
    "mỗi tuần",
)
# A time word followed by a number, a numeral word or a Roman numeral is a time phrase, even one
# the grammar does not read ("tháng ba"): it can be neither a label nor part of one.
TIME_WORDS = {"tháng", "quý", "năm", "ngày", "tuần"}
NUMERAL_WORDS = {
    "một",
    "hai",
    "ba",
    "bốn",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "bẩy",
    "tám",
    "chín",
    "mười",
    "mươi",
    "giêng",
    "chạp",
}
# A label before a time phrase may not end with one of these: they change the date's meaning
# ("trước tháng 6"), belong to it ("ngày"), or leave the text ambiguous ("hoặc").
LABEL_STOPS = {
    "trước",
    "sau",
    "từ",
    "đầu",
    "giữa",
    "cuối",
    "đến",
    "tới",
    "hết",
    "khoảng",
    "trong",
    "vào",
    "ngày",
    "tháng",
    "quý",
    "năm",
    "hạn",
    "là",
    "và",
    "hoặc",
    "nhất",
    "hàng",
    "hằng",
    "mỗi",
    "kể",
    "/",
    "(",
}
