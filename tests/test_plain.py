"""``parplan.render.plain`` prints exactly what Rich prints for the views' parts, or leaves them to Rich.

The expected output is Rich's own rendering of the same parts on a plain console (the way the
views printed before ``parplan.render.plain`` existed), never the code under test.
"""

from __future__ import annotations

import io
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from parplan.render.layout import Col, grid, plain_text
from parplan.render.plain import render

# Cell texts: Vietnamese words, wide and combining characters, markup-like brackets, tabs,
# line breaks, control characters (shown escaped by ``printable``) and long words.
WORDS = st.sampled_from(
    [
        "Kế",
        "hoạch",
        "kiểm",
        "soát",
        "thủ",
        "tục",
        "[bold]x[/]",
        ":smile:",
        "31/12/2025",
        "quá",
        "700",
        "日本語",
        "e\u0301",
        "a\tb",
        "x\x1b[31m",
        "Sở",
        "TCVN-ISO-9001:2015-dài-không-ngắt",
        "",
    ]
)
CELL = st.lists(WORDS, max_size=12).map(" ".join)


def rich_output(parts: list[object], width: int) -> str:
    console = Console(
        file=io.StringIO(), width=width, highlight=False, legacy_windows=False, color_system=None
    )
    with console.capture() as captured:
        for part in parts:
            console.print(part)
    return captured.get()


@st.composite
def grids(draw: st.DrawFn) -> tuple[list[object], int]:
    width = draw(st.integers(20, 140))
    count = draw(st.integers(1, 6))
    flex = draw(st.integers(0, count - 1))
    cols = [
        Col(
            draw(st.sampled_from(["Mã", "Nội dung", "Hạn", "Ngày", "Chủ\ntrì", "A[b]", "x:y:"])),
            cap=draw(st.sampled_from([None, 9, 12])),
            lines=draw(st.sampled_from([1, 2, 3])),
            flex=position == flex,
            justify=draw(st.sampled_from(["left", "right"])),
        )
        for position in range(count)
    ]
    rows = draw(st.lists(st.lists(CELL, min_size=count, max_size=count), max_size=8))
    sections = draw(st.lists(st.integers(0, 8), max_size=3))
    styles = ["red" if n % 2 else "" for n in range(len(rows))]
    parts: list[object] = [plain_text(draw(CELL), "bold")]
    if rows:
        parts.append(grid(cols, rows, width, styles, sections))
    parts.append(plain_text(draw(CELL)))
    return parts, width


@settings(max_examples=400, deadline=None)
@given(grids())
def test_the_same_characters_as_rich(case: tuple[list[object], int]) -> None:
    parts, width = case
    plain = render(parts, width, "utf-8")
    if plain is not None:
        assert plain == rich_output(parts, width)


def test_a_due_table_is_rendered_without_rich() -> None:
    # The shape of ``parplan due``'s output, laid out by hand: 40 columns = "III.1" (5) + 2 +
    # the text (what is left: 24, two lines, cut with "…") + 2 + "quá 700" (7, right-aligned).
    cols = [Col("Mã"), Col("Nội dung", lines=2, flex=True), Col("Ngày", justify="right")]
    rows = [["III.1", "Kế hoạch kiểm soát thủ tục hành chính năm 2025 của Bộ Nội vụ", "quá 700"]]
    parts = [Text("Văn phòng Bộ: việc đến hạn"), grid(cols, rows, 40, ["red"]), Text("1 quá hạn")]
    expected = (
        "Văn phòng Bộ: việc đến hạn\n"
        "Mã     Nội dung                     Ngày\n"
        "────────────────────────────────────────\n"
        "III.1  Kế hoạch kiểm soát thủ    quá 700\n"
        "       tục hành chính năm 2025…         \n"
        "1 quá hạn\n"
    )
    assert render(parts, 40, "utf-8") == expected == rich_output(parts, 40)


def test_a_header_wider_than_its_column_is_wrapped_as_rich_wraps_it() -> None:
    # ``due`` of every unit: "Đơn vị xong" (11) over a column capped at 9 wraps between its
    # words, "Đơn vị" / "xong", by hand; the header sits at the bottom of its row. Rich drew
    # every such table (14 s for 48,000 rows), now the plain path does, identically.
    cols = [Col("Mã"), Col("Đơn vị xong", cap=9, lines=3)]
    parts = [grid(cols, [["I.1", "VP, CCHC"]], 80)]
    # 3 + 2 + 9 = 14 columns; the last column too is padded to its width
    expected = "     Đơn vị   \nMã   xong     \n──────────────\nI.1  VP, CCHC \n"
    assert render(parts, 80, "utf-8") == expected == rich_output(parts, 80)
    # A column that never wraps, or a word wider than the column, stays Rich's to draw
    assert render([grid([Col("Đơn vị xong", cap=9)], [["VP"]], 80)], 80, "utf-8") is None
    long_word = [Col("Mã"), Col("Chủ-trì-phối-hợp", cap=9, lines=3)]
    assert render([grid(long_word, [["I.1", "VP"]], 80)], 80, "utf-8") is None
    # Rich breaks a header at its own spaces only: a no-break space is left to it
    no_break = [Col("Mã"), Col("Units\xa0done ab", cap=8, lines=2)]
    assert render([grid(no_break, [["I.1", "x"]], 40)], 40, "utf-8") is None
    # The layout keeps the header as written: a table wider than the console goes to Rich,
    # which narrows the columns and wraps the header once, at its own width
    assert grid(cols, [["I.1", "VP, CCHC"]], 80).cols[1].header == "Đơn vị xong"
    assert render(parts, 12, "utf-8") is None


def test_stripped_lines_are_riches_without_trailing_blanks() -> None:
    cols = [Col("Mã"), Col("Nội dung", lines=2, flex=True), Col("Ngày", justify="right")]
    rows = [["I.1", "Kế hoạch", ""], ["I.2", "Báo cáo tổng kết năm", "quá 7"]]
    parts = [Text("Tiêu đề  "), grid(cols, rows, 40, sections=[0])]
    expected = "".join(line.rstrip() + "\n" for line in rich_output(parts, 40).splitlines())
    assert render(parts, 40, "utf-8", strip=True) == expected


def test_what_it_does_not_reproduce_is_left_to_rich() -> None:
    wide = Text("x" * 81)  # Rich would wrap it
    assert render([wide], 80, "utf-8") is None
    assert render([Text("ok")], 80, "cp1252") is None  # Rich would draw the rule in ASCII
    other = Table("a", "b")  # any other renderable
    other.add_row("1", "2")
    assert render([other], 80, "utf-8") is None
    assert render([Text("a\tb")], 80, "utf-8") is None
    titled = grid([Col("Mã")], [["I.1"]], 80)
    titled.title = "Văn phòng Bộ"
    assert render([titled], 80, "utf-8") is None


def test_a_piped_view_does_not_import_richs_table_code() -> None:
    # The point of the plain path: run as the program is, in a fresh interpreter.
    script = (
        "import sys; from parplan.render.layout import Col, grid; from parplan.render.plain import render; "
        "from rich.text import Text; "
        "out = render([Text('a'), grid([Col('Mã')], [['I.1']], 80)], 80, 'utf-8'); "
        "print(out is not None, 'rich.table' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout == "True False\n", result.stderr


def test_the_characters_taken_as_narrow_are_one_column_for_rich() -> None:
    # issue 23: a cell made of these is not laid out twice to be checked (plain._NARROW)
    from rich.cells import cell_len

    from parplan.render.plain import _NARROW

    pattern = _NARROW.pattern
    chars = [chr(code) for code in range(0x30000) if _NARROW.fullmatch(chr(code))]
    assert pattern and "ệ" in chars and "…" in chars and "日" not in chars
    assert [c for c in chars if c not in "\t\n\r" and cell_len(c) != 1] == []


def test_lines_are_made_as_they_are_read() -> None:
    # issue 23: a table piped is written a line at a time, each row laid out as it is reached
    from parplan.render.plain import lines

    rows = [["I.1", "Kế hoạch"], ["I.2", "Báo cáo"]]
    table = grid([Col("Mã"), Col("Nội dung")], rows, 40)
    made = lines([table], 40, "utf-8", strip=True)
    assert made is not None and not isinstance(made, (list, str))
    rows[1][1] = "Đã đổi"  # read when its line is made, not before
    assert list(made) == ["Mã   Nội dung", "─────────────", "I.1  Kế hoạch", "I.2  Đã đổi"]


def test_a_grids_rows_laid_out_with_texts_seen_before_are_each_laid_out_alone(
    monkeypatch,
) -> None:
    """``Grid.cells`` lays a text out once per column (issue 23, sixth round): every row as
    ``laid_out`` makes it alone, texts repeated or not, past the number of texts kept."""
    from parplan.render import layout

    monkeypatch.setattr(layout, "_SEEN", 8)
    cols = [Col("ID"), Col("Việc", flex=True, lines=2), Col("Đơn vị", cap=12, lines=2)]
    texts = ["Văn phòng Bộ", "Vụ Cải cách hành chính", "x\x1b[31m", "a\tb", "Kế hoạch " * 9]
    rows = [
        [f"I.{n}", (texts[n % 5] + " " * (n % 2), "bold"), texts[(n * 3) % 5]] for n in range(40)
    ]
    table = grid(cols, rows, 50)
    assert list(table.cells()) == [table.laid_out(row) for row in rows]
