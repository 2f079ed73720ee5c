"""``fmt --check``'s quick proof (``parplan.io.fmt_quick``) against fmt itself (issue 23).

Whenever ``canonical_text`` answers with a text, ``fmt.format_text`` — YAML composed, the
nodes written again — must give that very text back; the expected value is fmt's own output,
never the quick reader's. It must also answer for the plans fmt keeps (the real plan, the
benchmark's generated ones), or ``fmt --check`` would not be quick on them.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PLAN, UNITS
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan.cli.app import app
from parplan.io.fmt import CannotFormat, format_text
from parplan.io.fmt_quick import canonical_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))


def fmt_gives_back(text: str) -> bool:
    try:
        return format_text(text) == text
    except CannotFormat:
        return False


def test_the_real_plan_is_proved_canonical() -> None:
    text = PLAN.read_text(encoding="utf-8")
    assert fmt_gives_back(text)
    assert canonical_text(text.encode("utf-8")) == text


@pytest.mark.parametrize("realistic", [False, True])
def test_the_generated_plans_are_proved_canonical(tmp_path: Path, realistic: bool) -> None:
    import bench

    plan = bench.generate(300, tmp_path, realistic=realistic)
    text = plan.read_text(encoding="utf-8")
    assert fmt_gives_back(text)
    assert canonical_text(text.encode("utf-8")) == text


def test_a_file_fmt_would_change_is_left_to_fmt() -> None:
    # Each by hand, each something fmt rewrites (or refuses): never proved canonical.
    base = PLAN.read_text(encoding="utf-8")
    first_item = base.index("          - id: I.2.1\n")
    cases = {
        "bom": "\ufeff" + base,
        "crlf": base.replace("\n", "\r\n"),
        "two final newlines": base + "\n",
        "no final newline": base[:-1],
        "keys out of order": base.replace(
            "            lead:\n              - Vụ Cải cách hành chính\n"
            "            support:\n              - Các cơ quan, đơn vị liên quan\n",
            "            support:\n              - Các cơ quan, đơn vị liên quan\n"
            "            lead:\n              - Vụ Cải cách hành chính\n",
            1,
        ),
        "trailing space": base.replace("\n", " \n", 1),
        "needless quotes": base.replace("decision: 971/QĐ-BNV", 'decision: "971/QĐ-BNV"', 1),
        "single quotes": base.replace("decision: 971/QĐ-BNV", "decision: '971/QĐ-BNV'", 1),
        "comment at another indentation": base[:first_item] + "   # lệch\n" + base[first_item:],
        "comment after a blank line and before another": base[:first_item]
        + "          # a\n\n"
        + base[first_item:],
        "one space before an end comment": base.replace("year: 2025", "year: 2025 # x", 1),
        "a tab": base.replace("year: 2025", "year:\t2025", 1),
        "not NFC": base.replace("Kế hoạch", "Ke\u0302\u0301 hoạch", 1),
        "an alias": base.replace("year: 2025", "year: *y", 1),
    }
    for name, text in cases.items():
        assert not fmt_gives_back(text), name  # the case is what it says
        assert canonical_text(text.encode("utf-8")) is None, name


# Mutations of a canonical text, line by line: what a person's editor (or a bad merge) does.
VALUES = [
    "yes",
    "null",
    "~",
    "1.5",
    "0x1F",
    "2025-13-45",
    "a: b",
    "#x",
    "- x",
    '"q"',
    "'q'",
    '"a\\"b"',
    '"tab\\t"',
    "[a]",
    "{a: b}",
    "&a x",
    "*a",
    "!!str x",
    "|",
    "x #y",
    "x  # y",
    "",
    " ",
    '"  # q"',
    '"ok"',
    "Tháng 3/2025",
    "on",
]


def mutate(lines: list[str], rng: random.Random) -> list[str]:
    lines = list(lines)
    at = rng.randrange(len(lines))
    line = lines[at]
    kind = rng.randrange(12)
    if kind == 0:
        del lines[at]
    elif kind == 1:
        lines.insert(at, line)
    elif kind == 2 and at + 1 < len(lines):
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    elif kind == 3:
        lines[at] = " " + line
    elif kind == 4:
        lines[at] = line[1:] if line.startswith(" ") else line
    elif kind == 5:
        lines.insert(at, "")
    elif kind == 6:
        lines.insert(at, " " * rng.randrange(0, 14) + "# " + rng.choice(VALUES))
    elif kind == 7:
        lines[at] = line + rng.choice(["  # c", " # c", "  #", "  # c ", " "])
    elif kind == 8 and ": " in line:
        head = line.split(": ", 1)[0]
        lines[at] = f"{head}: {rng.choice(VALUES)}"
    elif kind == 9 and line.lstrip().startswith("- "):
        indent = line[: len(line) - len(line.lstrip())]
        lines[at] = f"{indent}- {rng.choice(VALUES)}"
    elif kind == 10 and "{" in line:
        lines[at] = line.replace(", ", rng.choice([",", ",  ", ", x: 1, "]), 1)
    elif kind == 11 and ":" in line:
        lines[at] = line.replace(":", rng.choice([" :", ":  ", "::"]), 1)
    return lines


def proved_by_mutations(
    tmp_path: Path,
    mutator: Callable[[list[str], random.Random], list[str]],
    seed: int,
    changed_only: bool,
) -> int:
    """How many of 600 mutated texts (one to two ``mutator`` steps on a generated plan and on
    the real plan's header and first tasks, in turn) ``canonical_text`` proves, each held to
    ``fmt`` giving it back unchanged; ``changed_only``: counting only texts that differ from
    their base."""
    import bench

    plan = bench.generate(40, tmp_path, realistic=True)
    real = PLAN.read_text(encoding="utf-8")
    # the real plan's header (every kind of value) and its first tasks
    bases = [plan.read_text(encoding="utf-8"), real[: real.index("\n\n      - id: I.3\n") + 1]]
    rng = random.Random(seed)
    proved = 0
    for number in range(600):
        base = bases[number % 2]
        lines = base.split("\n")
        for _ in range(rng.randrange(1, 3)):
            lines = mutator(lines, rng)
        text = "\n".join(lines)
        if changed_only and text == base:
            continue
        if canonical_text(text.encode("utf-8")) is not None:
            proved += 1
            assert fmt_gives_back(text), text
    return proved


def test_whatever_it_proves_fmt_gives_back_unchanged(tmp_path: Path) -> None:
    # some mutations leave the text canonical (a line swapped for its twin)
    assert proved_by_mutations(tmp_path, mutate, 23, changed_only=False) > 20


def test_fmt_check_answers_the_same(runner: CliRunner, tmp_path: Path) -> None:
    import shutil

    plan = tmp_path / "plan-2025.yaml"
    shutil.copy(PLAN, plan)
    shutil.copy(UNITS, tmp_path / "units.yaml")
    result = runner.invoke(app, ["fmt", "--check", str(plan), str(tmp_path / "units.yaml")])
    assert result.exit_code == 0, result.output
    plan.write_text(PLAN.read_text(encoding="utf-8").replace("year: 2025", "year:  2025", 1))
    result = runner.invoke(app, ["fmt", "--check", str(plan)])
    assert result.exit_code == 1
    assert str(plan) in result.output


# issue 22: ``shared:`` in the spellings YAML reads as a boolean, and one it reads as text
@pytest.mark.parametrize("spelling", ["true", "false", "True", "yes", "on", "'true'", '"no"'])
def test_every_spelling_of_a_boolean_is_proved_only_where_fmt_keeps_it(spelling: str) -> None:
    record = "            deadline: Tháng 3/2025\n"
    text = PLAN.read_text(encoding="utf-8")
    assert record in text
    text = text.replace(record, record + f"            shared: {spelling}\n", 1)
    proved = canonical_text(text.encode("utf-8"))
    if spelling in ("true", "false"):  # as parplan writes it: proved quickly
        assert proved is not None
    if proved is not None:
        assert fmt_gives_back(text)


def test_the_quick_checks_of_the_whole_text_find_what_the_regular_expressions_find() -> None:
    """Issue 23, fourth round: the refused characters are looked for in the UTF-8 bytes, and
    the top keys after line ends; each answers as the expression on the text does, for every
    character (each alone, and between others) and for keys anywhere in a line."""
    from parplan.io import fmt_quick

    for point in range(0x110000):
        if 0xD800 <= point <= 0xDFFF:
            continue  # not in text decoded from UTF-8
        character = chr(point)
        expected = fmt_quick._REFUSED.search(character) is not None
        assert fmt_quick._refused(character.encode("utf-8")) == expected, hex(point)
        if expected or point % 251 == 0:  # and between others
            for text in (f"aé{character}ạ\n", f"{character}{character}x"):
                assert fmt_quick._refused(text.encode("utf-8")) == expected, hex(point)
    texts = [
        PLAN.read_text(encoding="utf-8"),
        "plan:\n  title: x\nsections:\n  - id: I\n_other: 1\nitems: []\n",
        "\nplan:\n\nx y: 1\n# z:\nA9_b:\n  c: d\n",
        "a:b:\n:c\n",
        "",
    ]
    for text in texts:
        assert fmt_quick._top_keys(text) == fmt_quick._TOP_KEY.findall(text)


@given(
    numeral=st.sampled_from(["I", "II", "III", "IV", "V", "IX", "X", "XIV", "XL", "L", "C", "M"]),
    numbers=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5),
    zeros=st.booleans(),
    flow=st.booleans(),
)
def test_a_numbered_id_is_written_as_fmt_writes_it(
    numeral: str, numbers: list[int], zeros: bool, flow: bool
) -> None:
    """The IDs the quick check takes as written (``_NUMBERED``), with leading zeros or not, in
    a block or a flow record: the full answer (the resolver and ``scalar_text``) agrees."""
    from parplan.io import fmt_quick

    written = numeral + "".join(f".{n:03d}" if zeros else f".{n}" for n in numbers)
    assert fmt_quick._NUMBERED.fullmatch(written)
    assert fmt_quick._written_as_fmt_writes_slowly(written, flow)


def test_a_list_entry_with_two_spaces_after_its_dash_is_left_to_fmt() -> None:
    """Issue 23, sixth round: a fault found there. The scalars already judged were remembered
    by their text, as a key's value (" " and the text) and as a list entry's (the text alone)
    alike, so an entry "-  text" passed as the value " text" of a key seen before it."""
    text = PLAN.read_text(encoding="utf-8")
    record = "            deadline: Tháng 3/2025\n"
    entry = "              - Các cơ quan, đơn vị liên quan\n"
    at = text.index(record) + len(record)
    assert entry in text[at:]
    for before in ("", "            note: Các cơ quan, đơn vị liên quan\n"):
        changed = text[:at] + before + text[at:].replace(entry, entry.replace("- ", "-  "))
        assert not fmt_gives_back(changed)  # fmt writes one space after the dash
        assert canonical_text(changed.encode("utf-8")) is None


def _edits(lines: list[str], at: int) -> dict[str, list[str]]:
    """Edits at line ``at``, each where the quick reader now reads a line inline or by memory
    (issue 23, sixth round): blank lines, comments and end comments before and on each line, a
    list entry's spacing, and a line read before put in another place."""
    line = lines[at]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    before, after = lines[:at], lines[at:]
    earlier = lines[(at * 7) % (at + 1)]  # a line read before, at a place that depends on ``at``
    return {
        "blank": [*before, "", *after],
        "two blanks": [*before, "", "", *after],
        "comment": [*before, indent + "# c", *after],
        "blank and comment": [*before, "", indent + "# c", *after],
        "comment and blank": [*before, indent + "# c", "", *after],
        "comment deeper": [*before, indent + "  # c", *after],
        "comment shallower": [*before, indent[2:] + "# c", *after],
        "end comment": [*before, line + "  # c", *lines[at + 1 :]],
        "two spaces after a dash": [*before, line.replace("- ", "-  ", 1), *lines[at + 1 :]],
        "twice": [*before, line, *after],
        "an earlier line": [*before, earlier, *lines[at + 1 :]],
        "an earlier line again": [*before, earlier, *after],
        # after a list's entries read before: one not read before, or a line more indented
        "a new entry after": [*before, line, indent + f"- Đơn vị {at}", *lines[at + 1 :]],
        "a line more indented after": [*before, line, indent + "  x", *lines[at + 1 :]],
    }


def test_each_edit_at_each_line_is_proved_only_where_fmt_keeps_it(tmp_path: Path) -> None:
    import bench

    plan = bench.generate(8, tmp_path, realistic=True).read_text(encoding="utf-8")
    real = PLAN.read_text(encoding="utf-8")
    kept: dict[str, int] = {}
    # the generated plan at every line; the real plan's header and first tasks at every ninth
    for base, step in ((plan, 1), (real[: real.index("\n\n      - id: I.3\n") + 1], 9)):
        lines = base.split("\n")
        for at in range(0, len(lines) - 1, step):
            for name, edited in _edits(lines, at).items():
                text = "\n".join(edited)
                if canonical_text(text.encode("utf-8")) is not None:
                    assert fmt_gives_back(text), (name, at)
                    kept[name] = kept.get(name, 0) + 1
    # the edits fmt keeps are proved quickly too, at many lines
    for name in ("comment", "end comment", "twice", "an earlier line", "a new entry after"):
        assert kept.get(name, 0) > 20, (name, kept)


def test_a_file_proved_canonical_is_unchanged_without_encoding_it_again(tmp_path: Path) -> None:
    """Issue 23, sixth round: ``Result.changed`` trusts the quick proof (``proved``); the proof
    is true (the text is the file's), and a file fmt changes is not marked proved."""
    from parplan.io.fmt import format_file

    plan = tmp_path / "plan-2025.yaml"
    plan.write_bytes(PLAN.read_bytes())
    result = format_file(plan)
    assert result.proved and not result.changed
    assert result.after is not None and result.after.encode("utf-8") == result.before
    plan.write_text(PLAN.read_text(encoding="utf-8").replace("year: 2025", "year:  2025", 1))
    result = format_file(plan)
    assert not result.proved and result.changed


# Issue 23, sixth round, second reading: edits at the last activity's ``lead:``/``support:``
# lists, where every line of them has been read before (the quick reader then takes the lines
# by memory: the list's entries inline in the mapping's loop, the keys by their text), each
# followed by something else than the next key. fmt decides; the quick reader may only agree.
_LEAD = "            lead:\n"
_CCHC = "              - Vụ Cải cách hành chính\n"
_SUPPORT = "            support:\n"
_OTHERS = "              - Các cơ quan, đơn vị liên quan\n"
AFTER_A_LIST_READ_BEFORE = {
    "as written": _LEAD + _CCHC + _SUPPORT + _OTHERS,
    "a continuation line after an entry": _LEAD + _CCHC + "                tiếp\n" + _SUPPORT,
    "the entries at the key's indentation": _LEAD + _CCHC[2:] + _SUPPORT + _OTHERS,
    "a nested list after the entries": _LEAD + _CCHC + "  " + _CCHC + _SUPPORT + _OTHERS,
    "a blank line between the entries": _LEAD + _CCHC + "\n" + _OTHERS + _SUPPORT,
    "a blank line after the entries": _LEAD + _CCHC + "\n" + _SUPPORT + _OTHERS,
    "a comment at the entries' indentation, then a key": _LEAD
    + _CCHC
    + "              # c\n"
    + _SUPPORT,
    "a comment at the key's indentation, then a key": _LEAD
    + _CCHC
    + "            # c\n"
    + _SUPPORT,
    "the key again after its entries": _LEAD + _CCHC + _LEAD + _CCHC + _SUPPORT,
    "a key of a lower rank after the entries": _SUPPORT + _OTHERS + _LEAD + _CCHC,
    "a mapping entry after the entries": _LEAD + _CCHC + "              - unit: x\n" + _SUPPORT,
    "a key at the entries' indentation": _LEAD + _CCHC + "              note: x\n" + _SUPPORT,
    # (" Vụ Cải cách hành chính" was read before as a key's value too: "unit: …")
    "two spaces after a dash": _LEAD + _CCHC.replace("- ", "-  ") + _SUPPORT + _OTHERS,
    "two spaces after a dash, after an entry": _LEAD
    + _CCHC
    + _CCHC.replace("- ", "-  ")
    + _SUPPORT,
    "a flow record after the entries": _LEAD
    + _CCHC
    + "              - {milestone: 1}\n"
    + _SUPPORT,
    "an entry like a key": _LEAD + "              - lead: Vụ Cải cách hành chính\n" + _SUPPORT,
    "an entry below a key with a value": "            note: x\n" + _CCHC + _SUPPORT,
    "a line one space deeper after the entries": _LEAD + _CCHC + "               x\n" + _SUPPORT,
    "an entry quoted": _LEAD
    + _CCHC.replace("- Vụ Cải cách hành chính", '- "Vụ Cải cách hành chính"'),
    "an entry with a trailing space": _LEAD + _CCHC[:-1] + " \n" + _SUPPORT + _OTHERS,
    "an end comment with one space": _LEAD + _CCHC[:-1] + " # c\n" + _SUPPORT + _OTHERS,
    "an end comment": _LEAD + _CCHC[:-1] + "  # c\n" + _SUPPORT + _OTHERS,
    "the entries at the end of the file": _LEAD + _CCHC,
}


@pytest.mark.parametrize("name", sorted(AFTER_A_LIST_READ_BEFORE))
def test_an_edit_after_a_list_read_before_is_proved_only_where_fmt_keeps_it(name: str) -> None:
    text = PLAN.read_text(encoding="utf-8")
    written = _LEAD + _CCHC + _SUPPORT + _OTHERS
    assert text.count(written) > 5  # read many times before the last
    at = text.rindex(written)
    end = len(text) if name == "the entries at the end of the file" else at + len(written)
    edited = text[:at] + AFTER_A_LIST_READ_BEFORE[name] + text[end:]
    if canonical_text(edited.encode("utf-8")) is not None:
        assert fmt_gives_back(edited), name
    elif name in ("as written", "an end comment", "the entries at the end of the file"):
        raise AssertionError(f"{name}: fmt keeps it, and the quick reader should prove it")


def mutate_across(lines: list[str], rng: random.Random) -> list[str]:
    """An edit that puts a line's text where another context reads it (issue 23, sixth round:
    the quick reader remembers lines by their text): a key's value as a list entry or back, a
    line copied to another place at its own or another line's indentation, a key's value made a
    list of entries copied from another list."""
    lines = list(lines)
    content = [number for number, line in enumerate(lines[:-1]) if line.strip()]
    at = rng.choice(content)
    line = lines[at]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    values = [lines[n].split(": ", 1)[1] for n in content if ": " in lines[n]]
    entries = [lines[n].lstrip(" ")[2:] for n in content if lines[n].lstrip(" ").startswith("- ")]
    kind = rng.randrange(5)
    if kind == 0 and line.lstrip(" ").startswith("- ") and ": " not in line:
        lines[at] = indent + rng.choice(["- ", "-  "]) + rng.choice(values)
    elif kind == 1 and ": " in line and not line.lstrip(" ").startswith("- "):
        lines[at] = line.split(": ", 1)[0] + rng.choice([": ", ":  "]) + rng.choice(entries)
    elif kind == 2:
        lines.insert(at + rng.randrange(2), lines[rng.choice(content)])
    elif kind == 3:
        lines.insert(at + rng.randrange(2), indent + lines[rng.choice(content)].lstrip(" "))
    elif kind == 4 and ": " in line and not line.lstrip(" ").startswith("- "):
        lines[at : at + 1] = [
            line.split(": ", 1)[0] + ":",
            *(indent + "  - " + rng.choice(entries) for _ in range(rng.randrange(1, 3))),
        ]
    return lines


def test_whatever_it_proves_across_contexts_fmt_gives_back_unchanged(tmp_path: Path) -> None:
    assert proved_by_mutations(tmp_path, mutate_across, 2306, changed_only=True) > 20
