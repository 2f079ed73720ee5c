"""Shared paths and helpers for parplan's tests. Tests read only the project's own files."""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import settings
from typer.testing import CliRunner, Result

# No property test is timed: Hypothesis's default 200 ms deadline per example failed tests on a
# loaded machine (speed is measured by scripts/bench.py, never by tests).
settings.register_profile("parplan", deadline=None)
settings.load_profile("parplan")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
PLAN = DATA / "plan-2025.yaml"
UNITS = DATA / "units.yaml"
CASES = Path(__file__).resolve().parent / "cases"

# The parse cache of the commands run by the tests (in process or as subprocesses) goes to a
# folder of this run, not to the user's cache.
os.environ.setdefault("PARPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="parplan-test-cache-"))
if os.environ.get("PYTEST_XDIST_WORKER"):  # each of pytest-xdist's processes a folder of its own
    _WORKER = Path(os.environ["PARPLAN_CACHE_DIR"], os.environ["PYTEST_XDIST_WORKER"])
    _WORKER.mkdir(parents=True, exist_ok=True)
    os.environ["PARPLAN_CACHE_DIR"] = str(_WORKER)

# Bytecode is kept, where PYTHONDONTWRITEBYTECODE is set (as on the project's machines), in a
# folder of the checkout that git ignores (.pytest_cache/pycache) instead of nowhere: else every
# run compiles its test modules and every library again from source, and so does every Python
# subprocess of the tests (`python -m parplan …` in the kill, race and start-up tests: Typer,
# Click and Rich, about a fifth of a second of processor time each). Next to the sources, as
# the setting asks, nothing is written.
if os.environ.get("PYTHONDONTWRITEBYTECODE") and not os.environ.get("PYTHONPYCACHEPREFIX"):
    _PYCACHE = str(ROOT / ".pytest_cache" / "pycache")
    del os.environ["PYTHONDONTWRITEBYTECODE"]
    os.environ["PYTHONPYCACHEPREFIX"] = _PYCACHE
    sys.dont_write_bytecode = False
    sys.pycache_prefix = _PYCACHE


@pytest.fixture(autouse=True, scope="session")
def _every_command_module() -> None:
    """Import every command's module before any test runs. The CLI imports a command's module
    when the command first runs; a module first imported inside a test that patches
    ``parplan.cli.app.today`` would keep the patched function for the rest of the session."""
    from parplan.cli.app import load_commands

    load_commands()


@pytest.fixture
def copied_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the real plan and units file in a folder of their own, with a cache folder of
    its own beside them (``tmp_path / "cache"``)."""
    monkeypatch.setenv("PARPLAN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "units.yaml").write_bytes(UNITS.read_bytes())
    path = tmp_path / "plan-2025.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


@pytest.fixture
def runner() -> CliRunner:
    return _Runner()


class _Runner(CliRunner):
    """Typer's test runner, given parplan's app as the ``parplan`` program builds it: the group
    alone, each command built when it is looked up (``cli.app._LazyGroup``). Typer's own
    ``invoke`` builds the Click command of every registered command on each call (here all are
    registered: ``_every_command_module``), 20-45 ms a call spent reading type hints: a third
    of the everyday run."""

    def invoke(self, app: typer.Typer, *args: Any, **kwargs: Any) -> Result:
        from parplan.cli.app import app as parplan_app

        if app is parplan_app:
            # The same app with no command of its own, as in a fresh `parplan` process, whose
            # command modules are not imported yet when Typer builds the group.
            app = copy.copy(app)
            app.registered_commands = []
        return super().invoke(app, *args, **kwargs)


# ---------------------------------------------------------------------------------------------
# issue 22: the slow tests. The everyday `uv run pytest` deselects them (pyproject's addopts:
# -m "not slow and not fuzz"); CI runs them (`.ci/run`: -m "not fuzz", then the fuzz run short).
# Kept here as data, one line per test function (every parameter of it), rather than as
# decorators in each file: the list is the place to look, and measured together
# (`uv run pytest -m slow --durations=0`). tests/test_slow_list.py checks that each names a test.
SLOW = (
    "test_splice.py::test_every_edit_of_a_real_item_both_ways",
    "test_splice.py::test_a_generated_plan_of_1000_items_both_ways",
    "test_views.py::test_clip_is_textwraps",
    "test_fastread.py::test_any_mutation_is_read_the_same_or_left_to_the_loader",
    "test_plain.py::test_the_same_characters_as_rich",
    "test_help.py::test_every_option_has_english_help",
    "test_fmt.py::test_format_is_idempotent_and_keeps_the_data",
    "test_unit_slice.py::test_a_unit_view_from_its_cache_entry_is_the_view_from_the_files",
    "test_unit_slice.py::test_every_entry_of_the_real_registry_answers_the_same_from_its_items",
    "test_hardening.py::test_done_killed_at_random_points_leaves_before_or_after",
    "test_hardening.py::test_documents_printed_on_a_terminal_show_hidden_characters_escaped",
    "test_members_api.py::test_an_item_done_by_every_member_is_done_as_show_says",
    "test_export.py::test_sql_gives_the_rows_of_due_for_every_unit",
    "test_report.py::test_docx_converts_to_pdf_with_libreoffice",
    "test_report.py::test_html_in_headless_chromium",
    "test_loader.py::test_any_yaml_structure_gives_diagnostics_not_exceptions",
    "test_fuzz.py::test_mutated_files_never_crash",
    # the next longest (2-9 s of processor time each; measured with --durations=0)
    "test_report.py::test_every_format_on_the_real_plan",
    "test_fmt.py::test_a_change_anywhere_in_a_long_file_is_formatted",
    "test_fmt.py::test_a_line_of_many_quoted_hashes_is_read_in_linear_time",
    "test_splice.py::test_unusual_layouts_agree",
    "test_views.py::test_tables_fit_the_width",
    "test_help.py::test_english_help_with_lang_option_or_environment",
    "test_hardening.py::test_an_output_that_cannot_be_written_is_a_message_not_a_traceback",
    "test_hardening.py::test_a_reader_that_closed_the_pipe_is_not_an_error",
    "test_hardening.py::test_an_editor_saving_every_20_ms_never_loses_a_save",
    "test_hardening.py::test_alias_in_plan_source_is_refused_quickly_everywhere",
    "test_hardening_review.py::test_xlsx_of_a_view_with_control_characters_is_written_escaped",
    "test_formats.py::test_the_pieces_make_the_json_of_the_whole_list",
    "test_worklog.py::test_validate_reports_a_work_log_entry_dated_after_today",
    "test_import.py::test_round_trip_through_word",
    "test_ledger.py::test_concurrent_processes_both_land",
    "test_cache.py::test_processes_loading_at_once_leave_one_sound_entry",
    # issue 22 (testspeed): LibreOffice, and the tests of the documents it makes (the module's
    # `documents` fixture converts each Word file to PDF, RTF and .doc: 5 s before any test)
    "test_import_documents.py::test_the_same_plan_from_docx_doc_and_pdf",
    "test_import_documents.py::test_pdf_header_items_and_milestones",
    "test_import_documents.py::test_a_table_over_several_pages_is_joined",
    "test_import_documents.py::test_init_from_every_format",
    "test_import_documents.py::test_the_2025_appendix_round_trips_from_pdf",
    "test_report_documents.py::test_word_tables_break_no_word_in_libreoffices_pdf",
    "test_report_documents.py::test_word_reports_closing_block_stays_on_one_page",
    # issue 22 (testspeed): dozens of `python -m parplan` processes each (the everyday run keeps
    # the kill test of carry, undo and import, and init's own tests)
    "test_interrupted.py::test_init_killed_between_every_pair_of_writes",
    "test_interrupted.py::test_two_inits_racing_into_one_directory",
    "test_interrupted.py::test_two_imports_racing_to_one_out",
    # issue 22 (testspeed): a Word table of 2,000 rows, built and imported (3 s)
    "test_import_documents.py::test_a_cell_merged_down_a_thousand_rows_is_read_linearly",
    # issue 23 (edits): edits of items read in part, both ways (a plan of 4,500 items: 20 s)
    "test_splice.py::test_a_generated_plan_over_one_chunk_both_ways",
    "test_splice.py::test_every_edit_of_an_item_read_in_part_both_ways",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow = set(SLOW)
    for item in items:
        function = getattr(item, "originalname", item.name)
        if f"{item.path.name}::{function}" in slow:
            item.add_marker(pytest.mark.slow)
