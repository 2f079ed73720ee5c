"""``parplan fmt``: the canonical layout, comments kept, idempotence, refusal of broken files."""

from __future__ import annotations

import dataclasses
import io
import itertools
import random
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import PLAN, UNITS
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from yaml.emitter import Emitter

from parplan.cli.app import app
from parplan.core.model import Source, Text
from parplan.core.text import nfc
from parplan.io.fmt import CannotFormat, _plain_allowed, format_file, format_text, scalar_text
from parplan.io.loader import build_plan, build_registry, parse_document

_SAFE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str) -> object:
    return yaml.load(text, Loader=_SAFE)


def _nfc(data: object) -> object:
    """YAML data with every string in NFC, as fmt writes it."""
    if isinstance(data, str):
        return nfc(data)
    if isinstance(data, list):
        return [_nfc(v) for v in data]
    if isinstance(data, dict):
        return {_nfc(k): _nfc(v) for k, v in data.items()}
    return data


def _without_sources(value: object) -> object:
    """A model value with every location left out: formatting moves lines, not facts."""
    if isinstance(value, Source):
        return None
    if isinstance(value, Text):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, _without_sources(getattr(value, f.name)))
            for f in dataclasses.fields(value)
            if f.name not in ("source", "file")
        )
    if isinstance(value, (tuple, list)):
        return tuple(_without_sources(v) for v in value)
    return value


def _plan_facts(text: str) -> object:
    plan, problems = build_plan(parse_document("plan.yaml", text.encode("utf-8")))
    return _without_sources(plan.items), [p.code for p in problems]


# ---------------------------------------------------------------------------------------------
# The repository's own data is canonical


@pytest.mark.parametrize("path", [PLAN, UNITS], ids=lambda p: p.name)
def test_real_data_is_already_formatted(path: Path) -> None:
    result = format_file(path)
    assert result.problems == ()
    assert not result.changed
    assert format_text(result.after) == result.after


def test_real_plan_scrambled_comes_back_byte_for_byte() -> None:
    """Dump the plan with PyYAML (flow lists, wrapped lines, other quotes, keys shuffled, CRLF,
    a BOM): fmt gives back the file as written, less the comment PyYAML cannot carry."""
    original = PLAN.read_text(encoding="utf-8")
    data = _load(original)
    shuffle = random.Random(971)

    def scrambled(value: object) -> object:
        if isinstance(value, dict):
            keys = list(value)
            shuffle.shuffle(keys)
            return {k: scrambled(value[k]) for k in keys}
        if isinstance(value, list):
            return [scrambled(v) for v in value]
        return value

    messy = yaml.safe_dump(
        scrambled(data), allow_unicode=True, sort_keys=False, default_flow_style=None, width=60
    )
    assert "[" in messy  # flow lists, to be written as block lists
    messy = "\ufeff" + unicodedata.normalize("NFD", messy).replace("\n", "\r\n")
    expected = "".join(line for line in original.splitlines(True) if not line.startswith("#"))
    assert format_text(messy) == expected


def test_real_units_keep_their_comments_when_reordered() -> None:
    original = UNITS.read_text(encoding="utf-8")
    # Move `kind` above `name` in the first unit: the comment lines stay where they were.
    messy = original.replace(
        "  - name: Vụ Tổ chức - Biên chế\n    short: TCBC\n    code: TCBC\n    kind: administrative\n",
        "  - kind: administrative\n    code: TCBC\n    short: TCBC\n    name: Vụ Tổ chức - Biên chế\n",
        1,
    )
    assert messy != original
    assert format_text(messy) == original


# ---------------------------------------------------------------------------------------------
# Messy inputs

MESSY = """\ufeff# yaml-language-server: $schema=../schema/plan.schema.json
# A plan written by hand.
sections:   # the sections
- tasks:
  - {id: I.1, title: 'Tiêu đề', deadline: "Năm 2025", lead: [Vụ A, "Các cơ quan, đơn vị liên quan"], support: [], product: "x: y"}
  # before I.2
  - id: "I.2"
    title: >
      Một tiêu đề
      viết trên hai dòng
    activities:
    - deadline: 'Tháng 3/2025'   # end of the deadline line
      id: I.2.1
      product: |
        dòng một
        dòng hai
      progress: [{done: 2025-01-02, milestone: 1, evidence: 'Công văn 1/BNV, ngày 2/1/2025'}, {milestone: 2, done: 2025-02-03}]
      lead:
        - "Vụ B"
      support: ["2025", 'C# và "dấu nháy"', "tab\\there"]
  title: "Phần I"
  id: "I"
plan: {title: T, year: 2025, decision: "971/QĐ-BNV", issued: 2024-12-30}
# the end
"""

MESSY_FORMATTED = """# yaml-language-server: $schema=../schema/plan.schema.json
# A plan written by hand.
plan:
  title: T
  decision: 971/QĐ-BNV
  issued: 2024-12-30
  year: 2025
sections:  # the sections
  - id: I
    title: Phần I
    tasks:
      - id: I.1
        title: Tiêu đề
        product: "x: y"
        lead:
          - Vụ A
          - Các cơ quan, đơn vị liên quan
        support: []
        deadline: Năm 2025

      # before I.2
      - id: I.2
        title: "Một tiêu đề viết trên hai dòng\\n"
        activities:
          - id: I.2.1
            product: "dòng một\\ndòng hai\\n"
            lead:
              - Vụ B
            support:
              - "2025"
              - C# và "dấu nháy"
              - "tab\\there"
            deadline: Tháng 3/2025  # end of the deadline line
            progress:
              - {milestone: 1, done: 2025-01-02, evidence: "Công văn 1/BNV, ngày 2/1/2025"}
              - {milestone: 2, done: 2025-02-03}
# the end
"""


def _variants(text: str) -> dict[str, str]:
    return {
        "lf": text,
        "crlf": text.replace("\n", "\r\n"),
        "nfd": unicodedata.normalize("NFD", text),
        "cr": text.replace("\n", "\r"),
    }


@pytest.mark.parametrize("variant", ["lf", "crlf", "nfd", "cr"])
def test_messy_plan_is_formatted(variant: str) -> None:
    messy = _variants(MESSY)[variant]
    formatted = format_text(messy)
    assert formatted == MESSY_FORMATTED
    assert format_text(formatted) == formatted
    assert _plan_facts(formatted) == _plan_facts(unicodedata.normalize("NFC", messy))
    assert _nfc(_load(formatted)) == _nfc(_load(messy.lstrip("\ufeff")))


@pytest.mark.parametrize("line", [0, 1, 4095, 4096, 4097, 8191, 8192, 9999])
def test_a_change_anywhere_in_a_long_file_is_formatted(line: int) -> None:
    """fmt compares what it writes with the file a piece at a time: a difference on any line,
    at the edges of those pieces too, gives the whole canonical text."""
    canonical = "items:\n" + "".join(f"  - k{n}\n" for n in range(10_000))
    assert format_text(canonical) == canonical
    lines = canonical.splitlines(keepends=True)
    for messy in (f"  - k{line}\r", f"  -   k{line}\n", f"  - 'k{line}'\n", f"\n  - k{line}\n"):
        text = "".join(lines[: line + 1]) + messy + "".join(lines[line + 2 :])
        assert text != canonical
        assert format_text(text) == canonical
    assert format_text(canonical[:-1]) == canonical  # no final line end
    assert format_text(canonical + "\n\n") == canonical


def test_output_has_no_trailing_spaces_and_one_final_newline() -> None:
    formatted = format_text(MESSY)
    assert formatted.endswith("\n") and not formatted.endswith("\n\n")
    assert all(line == line.rstrip() for line in formatted.split("\n"))
    assert "\r" not in formatted and "\ufeff" not in formatted
    assert "\n\n\n" not in formatted


def test_format_keeps_the_loaded_items_of_the_real_plan() -> None:
    text = PLAN.read_text(encoding="utf-8")
    # Every plain deadline single-quoted, CRLF line ends: the same plan, written otherwise.
    messy = re.sub(
        r"^( +deadline: )([^\"\n].*)$",
        lambda m: m[1] + "'" + m[2].replace("'", "''") + "'",
        text,
        flags=re.M,
    ).replace("\n", "\r\n")
    assert messy.count("deadline: '") > 100
    formatted = format_text(messy)
    assert formatted == text
    assert _plan_facts(formatted) == _plan_facts(text)


def test_units_model_survives_formatting() -> None:
    text = UNITS.read_text(encoding="utf-8")
    messy = unicodedata.normalize("NFD", text).replace("      - administrative\n", "", 1)
    messy = messy.replace(
        "    kinds:\n      - public_service\n", "    kinds: [administrative, public_service]\n", 1
    )

    def facts(source: str) -> object:
        registry, problems = build_registry(parse_document("units.yaml", source.encode()))
        return _without_sources(registry), problems

    assert facts(format_text(messy)) == facts(nfc(messy))


# ---------------------------------------------------------------------------------------------
# Comments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an end-of-line comment after a key whose list follows
        ("a:  # why\n- x\n", "a:  # why\n  - x\n"),
        # own-line comments go before the entry they precede, at its indentation
        ("a:\n# one\n  # two\n- x\n- y\n", "a:\n  # one\n  # two\n  - x\n  - y\n"),
        # a comment after a flow list stays on the last entry's line
        ("a: [x, y]  # both\n", "a:\n  - x\n  - y  # both\n"),
        # a block scalar's header comment
        ("a: |  # text\n  x\nb: 1\n", 'a: "x\\n"  # text\nb: 1\n'),
        # '#' inside a value is not a comment
        ("a: 'x # y'\nb: C#\n", 'a: "x # y"\nb: C#\n'),
        # a comment at the end of a value written over two lines
        ("a: one\n  two  # end\n", "a: one two  # end\n"),
        # comments only
        ("# just this\n", "# just this\n"),
        ("", ""),
        # a byte-order mark beginning a line (libyaml skips it): the comment after it is kept,
        # on its own line, the mark is not
        ("a: 1\n\ufeff# c\nb: 2\n", "a: 1\n# c\nb: 2\n"),
        ("a: 1\n\ufeff  # c\nb: 2\n", "a: 1\n# c\nb: 2\n"),
        # inside a plain value over several lines it is the value's, and so is the '#'
        ("a: [foo\n\ufeff#bar]\n", 'a:\n  - "foo \\uFEFF#bar"\n'),
        ("a: {k: foo\n\ufeff#bar}\n", 'a:\n  k: "foo \\uFEFF#bar"\n'),
        ("foo\n\ufeff#bar\n", '"foo \\uFEFF#bar"\n'),
        # elsewhere it is part of the value, with the '#' after it (written escaped)
        ("a: 1 \ufeff# c\nb: 2\n", 'a: "1 \\uFEFF# c"\nb: 2\n'),
    ],
)
def test_comments_are_kept(text: str, expected: str) -> None:
    assert format_text(text) == expected
    assert format_text(expected) == expected


def test_a_line_of_many_quoted_hashes_is_read_in_linear_time() -> None:
    # 32,000 quoted "x #" on one line: each '#' was compared with every quoted value of its
    # line (23 s); now a search among them (well under a second).
    import time

    text = "a: [" + ", ".join(['"x #"'] * 32_000) + "]\n"
    # Processor time, not wall time: a machine shared by others must not fail it (issue 22).
    started = time.process_time()
    formatted = format_text(text)
    assert time.process_time() - started < 5.0
    assert formatted == "a:\n" + "".join('  - "x #"\n' for _ in range(32_000))


def test_comments_move_with_their_key() -> None:
    text = "sections: []\n# about the plan\nplan:  # the details\n  year: 2025\n  title: T\n"
    assert format_text(text) == (
        "# about the plan\nplan:  # the details\n  title: T\n  year: 2025\nsections: []\n"
    )


# ---------------------------------------------------------------------------------------------
# Scalars: quotes only where YAML needs them


@pytest.mark.parametrize(
    ("value", "flow", "expected"),
    [
        ("Năm 2025", False, "Năm 2025"),
        ("Tháng 6, 12/2025", False, "Tháng 6, 12/2025"),
        ("Tháng 6, 12/2025", True, '"Tháng 6, 12/2025"'),
        ("Cục VT<NN", False, "Cục VT<NN"),
        ("Cục VT&LTNN", False, "Cục VT&LTNN"),
        ("Ban hành: Tháng 3/2025", False, '"Ban hành: Tháng 3/2025"'),
        ("- Ban hành: Tháng 12/2024", False, '"- Ban hành: Tháng 12/2024"'),
        ("2025", False, '"2025"'),
        ("2025-03-01", False, '"2025-03-01"'),
        ("yes", False, '"yes"'),
        ("null", False, '"null"'),
        ("", False, '""'),
        (" leading space", False, '" leading space"'),
        ('say "hi"', False, 'say "hi"'),
        ("'quoted'", False, "\"'quoted'\""),
        ("back\\slash", False, "back\\slash"),
        ("line\nbreak", False, '"line\\nbreak"'),
        ("tab\there", False, '"tab\\there"'),
        ("bom\ufeff", False, '"bom\\uFEFF"'),
        ("x # y", False, '"x # y"'),
    ],
)
def test_scalar_text(value: str, flow: bool, expected: str) -> None:
    written = scalar_text(value, flow=flow)
    assert written == expected
    document = f"{{k: {written}}}" if flow else f"k: {written}"
    assert _load(document) == {"k": value}


# Characters at the edges of YAML's plain scalars: indicators, breaks, blanks, the limits of the
# printable ranges, the byte-order mark.
_EDGES = (
    " !\"#$%&'*+,-./09:;<=>?@AZ[\\]^_`az{|}~\t\n\r\x7f\x85\xa0é\u2027\u2028\u2029\u202a"
    "\ud7ff\ue000\ufeff\ufffd\U00010000\U0010fffe\U0010ffff"
)


def _pyyaml_allows_plain(value: str, flow: bool) -> bool:
    analysis = Emitter(io.StringIO(), allow_unicode=True).analyze_scalar(value)
    if analysis.empty or analysis.multiline:
        return False
    return bool(analysis.allow_flow_plain if flow else analysis.allow_block_plain)


def test_plain_is_decided_as_pyyaml_decides_it_for_every_short_text() -> None:
    """fmt recognises most plain text without PyYAML's analysis; it must never disagree."""
    for size in range(3):
        for chars in itertools.product(_EDGES, repeat=size):
            value = "".join(chars)
            for flow in (False, True):
                assert _plain_allowed(value, flow) == _pyyaml_allows_plain(value, flow), value


@settings(max_examples=400, deadline=None)
@given(value=st.text(st.sampled_from(_EDGES + "aZ9 ")) | st.text(), flow=st.booleans())
def test_plain_is_decided_as_pyyaml_decides_it(value: str, flow: bool) -> None:
    assert _plain_allowed(value, flow) == _pyyaml_allows_plain(value, flow)


def test_plain_typed_scalars_keep_their_text() -> None:
    # `on` is a YAML 1.1 boolean as a key: rewriting it as `true` would rename the key.
    text = "renamed:\n- name: X\n  on: 2025-03-01\n  by: Y\nflag: yes\nn: 0x1F\nempty:\n"
    assert format_text(text) == (
        "renamed:\n  - name: X\n    on: 2025-03-01\n    by: Y\nflag: yes\nn: 0x1F\nempty:\n"
    )


def test_core_tags_that_say_what_the_value_is_are_accepted() -> None:
    assert format_text("a: !!str 12\nb: !!int '7'\n") == 'a: "12"\nb: 7\n'


def test_other_tags_are_refused_at_their_place() -> None:
    # issue 10: a tag that says something else than the value (or is not YAML's) is refused.
    with pytest.raises(CannotFormat) as raised:
        format_text("a: !!str 12\nb: !custom x\nc: !!float abc\nd: !!python/name:os.system ''\n")
    assert [(p.code, p.source.line, p.source.column) for p in raised.value.problems] == [
        ("yaml-unsupported", 2, 4),
        ("yaml-unsupported", 3, 4),
        ("yaml-unsupported", 4, 4),
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("? [a, b]\n: c\n", "key"),
        ("a: &x [1, *x]\n", "anchor alias"),
        ("a: !set {x: 1}\n", "tag"),
        ("a: !set {}\n", "tag"),
        ("a: &x\n  # about x\n  k: v\nb: *x\n", "anchor alias"),
    ],
)
def test_unsupported_yaml_is_refused(text: str, what: str) -> None:
    with pytest.raises(CannotFormat) as raised:
        format_text(text)
    assert " ".join(str(p.args["what"]) for p in raised.value.problems) == what


# ---------------------------------------------------------------------------------------------
# Idempotence over generated plans

_TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029"),
    max_size=12,
) | st.sampled_from(
    [
        "Năm 2025",
        "Ban hành: Tháng 3/2025",
        "- Triển khai",
        "Các cơ quan, đơn vị liên quan",
        "2025",
        "yes",
        "on",
        "#",
        "a #b",
        "'",
        '"',
        "Vie\u0302\u0323t",
        " x ",
    ]
)
_KEYS = st.sampled_from(
    ["id", "title", "product", "lead", "support", "deadline", "note", "after", "done", "zzz"]
)
_VALUES = st.recursive(
    _TEXTS | st.integers(0, 3000) | st.booleans() | st.none() | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)
_PLANS = st.fixed_dictionaries(
    {
        "plan": st.dictionaries(_KEYS, _VALUES, max_size=3),
        "sections": st.lists(
            st.fixed_dictionaries(
                {"id": _TEXTS, "tasks": st.lists(st.dictionaries(_KEYS, _VALUES), max_size=3)}
            ),
            max_size=3,
        ),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=_PLANS,
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, '"', "'"]),
    width=st.sampled_from([20, 80, 10_000]),
    crlf=st.booleans(),
)
def test_format_is_idempotent_and_keeps_the_data(
    plan: dict, flow: bool | None, style: str | None, width: int, crlf: bool
) -> None:
    text = yaml.safe_dump(
        plan,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=flow,
        default_style=style,
        width=width,
    )
    try:
        assume(_load(text) == plan)  # PyYAML cannot always write back what it was given
    except yaml.YAMLError:
        assume(False)
    if crlf:
        text = text.replace("\n", "\r\n")
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert _load(formatted) == _nfc(plan)


def test_the_safety_net_accepts_reordered_keys_and_refuses_other_data_or_comments() -> None:
    from parplan.io import fmt

    text = "a: 1\nb: [x, y]  # c\nc: {d: e}\nf: [{g: h, i: j}]\n"
    document = parse_document("p.yaml", text.encode("utf-8"))
    comments = fmt._find_comments(text, fmt._hashes(text), [])
    assert [c.text for c in comments] == ["# c"]
    fmt._check_same(document, comments, "f: [{i: j, g: h}]\nc: {d: e}\nb: [x, y]  # c\na: 1\n")
    others = [
        text.replace("[x, y]", "[y, x]"),  # list order is data
        text.replace("a: 1", "a: '1'"),  # so is a type
        text.replace("{d: e}", "{d: e, k: l}"),
        text.replace("i: j", "i: j, j: i"),
        text + "a: 1\n",  # a pair twice is not a pair once
        text.replace("i: j", "g: h"),  # nor is it another pair
        text.replace("{d: e}", "[d, e]"),
        text.replace("a: 1", "a: ~"),
        text.replace("  # c", ""),
        text.replace("# c", "# d"),
        text.replace("f:", "# e\nf:"),
    ]
    for other in others:
        for source, formatted in ((text, other), (other, text)):
            document = parse_document("p.yaml", source.encode("utf-8"))
            comments = fmt._find_comments(source, fmt._hashes(source), [])
            with pytest.raises(CannotFormat) as raised:
                fmt._check_same(document, comments, formatted)
            assert raised.value.problems[0].args == {"what": "internal"}, (source, formatted)


# ---------------------------------------------------------------------------------------------
# The command


def _copy(tmp_path: Path, text: str, name: str = "plan-2025.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fmt_check_on_the_real_data(runner) -> None:
    result = runner.invoke(app, ["fmt", "--check", "--plan", str(PLAN)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "2" in result.stderr


def test_fmt_check_lists_files_and_writes_nothing(runner, tmp_path: Path) -> None:
    messy = _copy(tmp_path, MESSY.replace("\n", "\r\n"))
    clean = _copy(tmp_path, MESSY_FORMATTED, "clean.yaml")
    before = messy.read_bytes()
    result = runner.invoke(app, ["fmt", "--check", str(messy), str(clean), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == f"{messy}\n"
    assert "1 file would be reformatted" in result.stderr
    assert messy.read_bytes() == before


def test_fmt_check_of_a_named_file_outside_any_repository(
    runner, tmp_path: Path, monkeypatch
) -> None:
    """A file named is checked where it is: no plan repository is looked for (it said "No plan
    found", exit 2, in a folder without data/plan-*.yaml)."""
    plan = tmp_path / "p.yaml"
    plan.write_bytes(PLAN.read_bytes())
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["fmt", "--check", "p.yaml", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1" in result.stderr and "plan" not in result.stderr.lower()


def test_fmt_rewrites_in_place(runner, tmp_path: Path) -> None:
    messy = _copy(tmp_path, MESSY.replace("\n", "\r\n"))
    result = runner.invoke(app, ["fmt", str(messy)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Đã định dạng lại" in result.stderr
    assert messy.read_bytes() == MESSY_FORMATTED.encode("utf-8")
    # no temporary file (the lock file, an empty file the OS locks, may stay: git ignores it)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == ["plan-2025.yaml"]
    again = runner.invoke(app, ["fmt", str(messy)])
    assert again.exit_code == 0
    assert "Đã định dạng lại" not in again.stderr


def test_fmt_defaults_to_the_plan_and_its_units(runner, tmp_path: Path) -> None:
    plan = _copy(tmp_path, MESSY)
    units = _copy(tmp_path, "units: [{kind: role, name: X}]\n", "units.yaml")
    result = runner.invoke(app, ["fmt", "--plan", str(plan)])
    assert result.exit_code == 0, result.output
    assert plan.read_text(encoding="utf-8") == MESSY_FORMATTED
    assert units.read_text(encoding="utf-8") == "units:\n  - name: X\n    kind: role\n"


def test_fmt_refuses_a_file_that_does_not_parse(runner, tmp_path: Path) -> None:
    good = _copy(tmp_path, MESSY, "good.yaml")
    broken = _copy(tmp_path, "plan:\n  title: 'unclosed\n  year: 2025\n", "broken.yaml")
    before = {p: p.read_bytes() for p in (good, broken)}
    result = runner.invoke(app, ["fmt", str(good), str(broken), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{broken}:4:1: error: YAML syntax error" in result.stderr
    assert "[yaml-syntax]" in result.stderr
    assert "Nothing was written" in result.stderr
    assert {p: p.read_bytes() for p in before} == before  # not even the good file


def test_fmt_reports_a_missing_file(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["fmt", "--check", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 1
    assert "nope.yaml:1:1: error:" in result.stderr and "[file-missing]" in result.stderr


def test_fmt_refuses_unsupported_yaml_with_its_place(runner, tmp_path: Path) -> None:
    path = _copy(tmp_path, "a: 1\nb: !set {x: 1}\n")
    result = runner.invoke(app, ["fmt", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert (
        f"{path}:2:4: error: plan and units files do not use YAML tags: !set [yaml-unsupported]"
        in result.stderr
    )
