"""The message catalogue: every sentence in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from parplan.checks.rules import CODES
from parplan.io.importer import IMPORT_CODES
from parplan.io.loader import BAD_VALUE_REASONS, UNIT_KINDS
from parplan.query.status import STATUSES
from parplan.render.i18n import LABELS, MESSAGES

SOURCES = Path(__file__).resolve().parent.parent / "parplan"


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("catalogue", [MESSAGES, LABELS], ids=["MESSAGES", "LABELS"])
def test_both_languages_with_the_same_placeholders(catalogue: dict[str, tuple[str, str]]) -> None:
    bad = {}
    for key, pair in catalogue.items():
        assert len(pair) == 2, key
        vi, en = pair
        if not vi.strip() or not en.strip() or _placeholders(vi) != _placeholders(en):
            bad[key] = (_placeholders(vi), _placeholders(en))
    assert bad == {}


def test_every_diagnostic_code_has_a_message() -> None:
    # Validation's codes, and those of the import report; no message without a code.
    # bad-value.<reason>: the sentence of a bad-value diagnostic with that "reason" argument;
    # done-unit-inactive.<reason> likewise (established, left).
    variants = {key for key in MESSAGES if key.startswith("bad-value.")}
    assert {key.split(".", 1)[1] for key in variants} == set(BAD_VALUE_REASONS)
    inactive = {key for key in MESSAGES if key.startswith("done-unit-inactive.")}
    assert inactive == {"done-unit-inactive.established", "done-unit-inactive.left"}
    # issue 19: a carry's halves that do not match by hand ("other"), not by an interruption.
    carry = {key for key in MESSAGES if key.startswith("carried-") and "." in key}
    assert carry == {"carried-to-unmatched.other", "carried-from-unmatched.other"}
    # file-unreadable.<reason>: what io.reading refuses (issue 19)
    unreadable = {key for key in MESSAGES if key.startswith("file-unreadable.")}
    assert unreadable == {"file-unreadable.not-regular", "file-unreadable.too-large"}
    # file-encoding.<reason>: a file whose byte-order mark says UTF-16 or UTF-32 (issue 19)
    encodings = {key for key in MESSAGES if key.startswith("file-encoding.")}
    assert encodings == {"file-encoding.utf-16", "file-encoding.utf-32"}
    # done-before-issued.entry: a log entry's or a reason's date (review of issue 18)
    inactive |= {"done-before-issued.entry"}
    others = variants | inactive | carry | unreadable | encodings
    assert set(CODES) | set(IMPORT_CODES) == set(MESSAGES) - others


def test_every_label_used_in_the_code_exists() -> None:
    literal = re.compile(r"""\blabel\(\s*["']([\w.\-]+)["']""")
    used = {
        key for path in SOURCES.rglob("*.py") for key in literal.findall(path.read_text("utf-8"))
    }
    assert used, "the pattern finds the calls"
    # Keys built at run time, from the value sets they range over.
    used |= {f"{prefix}.{s}" for prefix in ("status", "word", "head") for s in STATUSES}
    used |= {f"role.{r}" for r in ("lead", "support")}
    used |= {f"units.title.{r}" for r in ("lead", "support")}
    used |= {f"{view}.none" for view in ("due", "overdue", "upcoming")}
    used |= {f"{view}.summary" for view in ("due", "overdue", "upcoming")}
    used |= {f"kind.{kind}" for kind in (*UNIT_KINDS, "group")}
    assert sorted(used - set(LABELS)) == []


def test_no_label_or_message_key_is_written_twice() -> None:
    """A key written twice in a dict literal silently keeps the last text (review of issue 18:
    a new "unit.left" replaced the unit page's own)."""
    import ast

    from conftest import ROOT

    tree = ast.parse((ROOT / "parplan" / "render" / "i18n.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert sorted({k for k in keys if keys.count(k) > 1}) == []


@pytest.mark.parametrize(
    ("key", "args", "english", "vietnamese"),
    [
        (
            "validate.counts",
            {"errors": 1, "warnings": 2, "infos": 0},
            "1 error, 2 warnings, 0 notes",
            "1 lỗi, 2 cảnh báo, 0 thông tin",
        ),
        (
            "list.summary",
            {"items": 1, "milestones": 1},
            "1 item, 1 milestone",
            "1 mục, 1 mốc",
        ),
        ("members.count", {"done": 0, "total": 1}, "0/1 unit", "0/1 đơn vị"),
        ("members.count", {"done": 1, "total": 22}, "1/22 units", "1/22 đơn vị"),
        ("show.within", {"n": 1}, "due 1 day after it is met", "hạn 1 ngày sau khi đáp ứng"),
    ],
)
def test_an_english_count_agrees_with_its_noun(
    key: str, args: dict[str, int], english: str, vietnamese: str
) -> None:
    from parplan.render.i18n import label

    assert label(key, "en", **args) == english
    assert label(key, "vi", **args) == vietnamese
