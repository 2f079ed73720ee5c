"""Help and version (issue 8): reflowed paragraphs, English with --lang en or PARPLAN_LANG=en,
and --version. Run as a process: the help is set for the language before Typer parses."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from parplan import __version__


def parplan(*args: str, lang: str | None = None, columns: int = 100):
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("PARPLAN_LANG", None)
    if lang:
        env["PARPLAN_LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "parplan", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        check=False,
    )


def test_version() -> None:
    result = parplan("--version")
    assert result.returncode == 0 and result.stdout == f"parplan {__version__}\n"


def test_help_paragraphs_reflow_to_the_terminal() -> None:
    """A paragraph is one line of text that Rich wraps to the terminal: at 160 columns the
    words run on where at 100 they wrap."""
    wide = parplan("due", "--help", columns=160)
    assert wide.returncode == 0
    assert "quá hạn trước, rồi theo ngày. Với --unit, chỉ các mục đơn vị chủ trì" in wide.stdout
    narrow = parplan("due", "--help", columns=100)
    assert (
        "quá hạn trước, rồi theo ngày. Với --unit, chỉ các mục đơn vị chủ trì" not in narrow.stdout
    )


def test_english_help_with_lang_option_or_environment() -> None:
    for result in (parplan("due", "--help", "--lang", "en"), parplan("due", "--help", lang="en")):
        assert result.returncode == 0
        assert "Việc quá hạn và sắp đến hạn" not in result.stdout
        assert "Example:" in result.stdout and "Ví dụ" not in result.stdout
        assert "Days ahead (default 30)." in result.stdout
    vietnamese = parplan("due", "--help")
    assert "Việc quá hạn và sắp đến hạn" in vietnamese.stdout
    assert "Số ngày tới (mặc định 30)." in vietnamese.stdout


def test_every_option_has_english_help() -> None:
    """No Vietnamese left in the English help of the everyday commands."""
    vietnamese_letters = set("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
    for command in ("due", "unit", "units", "show", "list", "owing", "done", "undo"):
        text = parplan(command, "--help", "--lang", "en", columns=200).stdout
        lines = [
            line
            for line in text.splitlines()
            if set(line.lower()) & vietnamese_letters
            and "Văn phòng Bộ" not in line  # examples keep Vietnamese names
            and "chuyển đổi số" not in line
            and "Tháng 3/2025" not in line
            and "Các đơn vị thuộc" not in line
            and "quá hạn" not in line
            and "vu phap che" not in line
            and "Example:" not in line
        ]
        assert lines == [], (command, lines)


# ---------------------------------------------------------------------------------------------
# issue 18 (fault 10) and issue 22 (item 4): one table of help texts keyed by stable ids, every
# command's help whole in either language, never a paragraph of the other

VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
# words that no Vietnamese sentence holds and nearly every English one does
ENGLISH_WORDS = {"the", "and", "of", "to", "is", "are", "with", "for", "by", "its", "it", "from"}
ENGLISH_WORDS |= {"that", "when", "each", "every", "default", "or", "be", "as", "not", "which"}


def _words(text: str) -> list[str]:
    """The words of prose: code (`git diff`, --unit, amended_by, data/plan-*.yaml) set aside."""
    text = re.sub(r"`[^`]*`", " ", text.lower())
    tokens = (token.strip(".,;:()\"'«»…") for token in text.split())
    return [t for t in tokens if t.isalpha()]


def is_english(text: str) -> bool:
    """An English sentence: next to no Vietnamese words (a quoted name aside)."""
    words = _words(re.sub(r'"[^"]*"', " ", text))
    vietnamese = sum(1 for w in words if set(w) & VIETNAMESE_LETTERS)
    return bool(words) and vietnamese <= 0.2 * len(words)


def is_vietnamese(text: str) -> bool:
    """A Vietnamese sentence: words with Vietnamese letters, no English function words."""
    words = _words(text)
    vietnamese = sum(1 for w in words if set(w) & VIETNAMESE_LETTERS)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    return vietnamese >= 1 and english == 0


def test_language_classifier_on_hand_picked_sentences() -> None:
    assert is_vietnamese("Số ngày tới (mặc định 30).")
    assert not is_vietnamese("Days ahead (default 30).")
    assert is_english("The plan file; default: found from here upwards.")
    assert not is_english("Tệp kế hoạch / the plan file")  # half and half is neither
    assert not is_vietnamese("Tệp kế hoạch / the plan file")


def _built(lang: str) -> dict[str, object]:
    """Every command as Click builds it for ``lang``, and the program's group (key "")."""
    import click
    import typer

    from parplan.cli.app import COMMANDS, app
    from parplan.cli.help import HELP_LANGUAGE, localise, localise_help_option

    token = HELP_LANGUAGE.set(lang)
    try:
        group = typer.main.get_command(app)
        ctx = click.Context(group, info_name="parplan")
        commands: dict[str, object] = {name: group.get_command(ctx, name) for name in COMMANDS}
        localise(group, "app", lang)
        for name, command in commands.items():  # as the group does for `NAME --help`
            localise(command, name, lang)
            localise_help_option(command.get_help_option(ctx), lang)
        localise_help_option(group.get_help_option(ctx), lang)
        commands[""] = group
        return commands
    finally:
        HELP_LANGUAGE.reset(token)


def _texts(command) -> list[str]:
    """The help's paragraphs (examples aside) and every option's help."""
    import click

    paragraphs = [
        p for p in (command.help or "").split("\n\n") if not p.startswith(("Ví dụ:", "Example:"))
    ]
    params = [*command.params, command.get_help_option(click.Context(command))]
    return paragraphs + [p.help for p in params if p is not None and p.help]


def test_every_command_and_option_has_its_help_in_both_languages() -> None:
    from parplan.cli.app import COMMANDS
    from parplan.cli.help_text import HELP

    for lang, check in (("vi", is_vietnamese), ("en", is_english)):
        built = _built(lang)
        assert set(built) == {*COMMANDS, ""}
        for name, command in built.items():
            assert command.help, (lang, name)
            for text in _texts(command):
                assert text not in HELP, (lang, name, text)  # an id left unresolved
                assert check(text), (lang, name or "parplan", text)


def test_every_help_id_is_used_once_declared() -> None:
    """No orphan in the table: every id is a command, an option's declared id, or the frame."""
    from parplan.cli.app import COMMANDS
    from parplan.cli.help_text import HELP

    used = {"app", "version", "panel.arguments", "panel.options", "panel.commands"}
    used |= {"help-option", "completion.install", "completion.show", *COMMANDS}
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "parplan" / "cli").glob("*.py"))
    used |= set(re.findall(r'\bhelp="([a-z][a-z.-]*)"', source))
    assert set(HELP) == used


@pytest.mark.parametrize("command", ["", "due", "report", "done"])
def test_help_on_the_terminal_speaks_one_language(command: str) -> None:
    """As a person sees it, Typer's frame and all: the program's or the command's own words,
    the panels' titles, the --help and --version lines, in the language asked for and never
    in the other. (Typer's "Usage:" line and its "[default: …]" notes are its own.)"""
    from parplan.cli.help_text import HELP

    key = command or "app"
    args = [command, "--help"] if command else ["--help"]
    texts = {
        "vi": ["In hướng dẫn này rồi thoát.", "╭─ Tùy chọn", *HELP[key][0].split("\n\n")[:2]],
        "en": ["Show this message and exit.", "╭─ Options", *HELP[key][1].split("\n\n")[:2]],
    }
    if not command:
        texts["vi"] += ["In phiên bản rồi thoát.", "╭─ Lệnh"]
        texts["en"] += ["Print the version and exit.", "╭─ Commands"]
    for lang, other in (("vi", "en"), ("en", "vi")):
        result = parplan(*args, *(["--lang", "en"] if lang == "en" else []), columns=400)
        assert result.returncode == 0 and result.stderr == ""
        shown = " ".join(line.strip(" │") for line in result.stdout.splitlines())
        shown = " ".join(shown.split())
        for text in texts[lang]:
            assert " ".join(text.split()) in shown, (lang, text)
        for text in texts[other]:
            assert " ".join(text.split()) not in shown, (lang, text)


def test_lang_before_the_command_speaks_for_the_command() -> None:
    """Review of issue 18: ``parplan --lang en due --help`` (the README's form for the list of
    commands) gave the command's help, and ``parplan --lang en due`` its output, in Vietnamese."""
    helped = parplan("--lang", "en", "due", "--help")
    assert helped.returncode == 0 and helped.stderr == ""
    assert "Overdue and upcoming work" in helped.stdout
    assert "Việc quá hạn và sắp đến hạn" not in helped.stdout
    ran = parplan("--lang", "en", "due", "--unit", "VP", "--as-of", "2025-06-01")
    assert ran.returncode == 0 and ran.stderr == ""
    assert ran.stdout.startswith("Văn phòng Bộ: due on or before 2025-07-01 (as of 2025-06-01)")
    # the command's own --lang, after it, wins
    own = parplan("--lang", "en", "due", "--unit", "VP", "--as-of", "2025-06-01", "--lang", "vi")
    assert own.stdout.startswith("Văn phòng Bộ: việc đến hạn đến 01/07/2025 (tính đến 01/06/2025)")
    plain = parplan("due", "--unit", "VP", "--as-of", "2025-06-01")
    assert plain.stdout.startswith("Văn phòng Bộ: việc đến hạn đến")


def test_help_imports_neither_markdown_nor_tracebacks_nor_the_commands() -> None:
    # issue 23: ``parplan --help`` as the program runs it: Typer's Rich help without
    # rich.markdown and rich.traceback (which Typer imports for help in Markdown and pretty
    # tracebacks, neither used), and the list of commands without importing their modules.
    import subprocess
    import sys

    code = (
        "import sys; sys.argv = ['parplan', '--help'];"
        "import parplan.cli.app as app;"
        "import os; os._exit = lambda code: (sys.stderr.write(' '.join(sorted(sys.modules))), "
        "sys.exit(code))[1];"
        "app.main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"COLUMNS": "100"}
    )
    assert result.returncode == 0, result.stderr
    assert "╭─ Lệnh" in result.stdout and "due" in result.stdout
    modules = set(result.stderr.split())
    assert "typer.rich_utils" in modules
    assert not {"rich.markdown", "rich.traceback", "markdown_it", "pygments"} & modules
    assert not {"parplan.cli.views", "parplan.cli.ledger", "parplan.cli.report"} & modules


def test_the_stand_ins_make_the_real_classes() -> None:
    # issue 23: should Typer ever use them, the stand-ins for Markdown and Traceback are the
    # real classes' makers.
    import subprocess
    import sys

    code = (
        "import sys; from parplan.cli.help import import_rich_help; import_rich_help();"
        "import typer.rich_utils as r; assert 'rich.markdown' not in sys.modules;"
        "m = r.Markdown('# x'); import rich.markdown, rich.traceback;"
        "assert type(m) is rich.markdown.Markdown;"
        "assert r.Traceback.from_exception == rich.traceback.Traceback.from_exception;"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_a_typer_asking_for_more_gets_the_real_modules() -> None:
    # issue 23: were Typer to import another name from rich.markdown, the stand-in would fail
    # its import: the help is then imported with the real modules, never broken.
    import subprocess
    import sys

    code = (
        "import sys;"
        "import parplan.cli.help as h;"
        "h._UNUSED_BY_HELP = (('rich.markdown', 'Nothing'),);"
        "from parplan.cli.help import import_rich_help; import_rich_help();"
        "import typer.rich_utils as r; import rich.markdown;"
        "assert r.Markdown is rich.markdown.Markdown; print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr
