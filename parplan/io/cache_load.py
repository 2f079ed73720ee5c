"""Reading both files into a checked model when the cache has none, and storing it (issue 23).

``load`` reads and checks; ``load_stored`` also writes the whole model's entry, at once or, with
an ``Aside`` (``cli.aside.write_aside_after``), in a job that starts as soon as the files are
read: the job encodes the items while the checks run, is sent the diagnostics
(``pickled_diagnostics``, read back by ``diagnostics_of``, which runs no code), and writes.

The cold read is also cheaper than ``checks.validate``: the deadline grammar is memoised by text
(a large plan repeats a few dozen deadline texts), and the cyclic garbage collector is paused
while the model is built (``cache_files._collector_paused``).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from parplan.checks.loaded import Loaded, index_for
from parplan.core.deadlines import ParsedDeadline, parse_deadline
from parplan.core.model import Diagnostic, Plan, Registry
from parplan.io import cache_columns, cache_files
from parplan.io.cache_files import _collector_paused, _ModelUnpickler, _names_of, _write_entry

# Starts a job that ends with what it is sent (``cli.aside.write_aside_after``): given the job,
# it gives back the function that sends it those bytes, or None when it started no job.
Aside = Callable[[Callable[[Callable[[], "bytes | None"]], None]], Callable[[bytes], None] | None]


def load_stored(
    entry: Path,
    plan_path: str | Path,
    units_path: str | Path,
    plan_raw: bytes | None,
    units_raw: bytes | None,
    aside: Aside | None,
) -> Loaded:
    """``load``, and the whole model's entry written (dropping the entries of other bytes).

    With ``aside`` (issue 23, fifth round), the write starts as soon as the files are read,
    before the checks: it encodes the items (``cache_columns.prepare``, most of a write's time)
    while this process checks them, then gets the diagnostics (``pickled_diagnostics``) and
    writes the entry. Where ``aside`` runs it in a child process, a cold view at 100,000
    items checks the plan and makes its own entry and table meanwhile; where it starts none
    (Windows, the Python API), the entry is written here once the model is checked."""
    with _collector_paused():
        plan, registry, problems = read_files(plan_path, units_path, plan_raw, units_raw)
        send = None
        if aside is not None:
            cache_files.latest_record_day(plan)  # (remembered: the child's directory holds it)
            send = aside(lambda receive: _store_later(entry, plan, registry, receive))
        loaded = checked(plan, registry, problems)
        if send is None:
            _write_entry(entry, loaded, _names_of(loaded))
            return loaded
    send(pickled_diagnostics(loaded.diagnostics))
    return loaded


def _store_later(
    entry: Path, plan: Plan, registry: Registry, receive: Callable[[], bytes | None]
) -> None:
    """Write the entry of ``plan`` and ``registry`` once ``receive`` gives their diagnostics
    (``load_stored``); nothing when it gives none."""
    names = (plan.file, registry.file)
    prepared = cache_columns.prepare(plan, cache_files.CHUNK)
    data = receive()
    diagnostics = diagnostics_of(data, names) if data is not None else None
    if diagnostics is None:
        return
    loaded = Loaded(plan, registry, index_for(plan, registry), diagnostics)
    _write_entry(entry, loaded, names, prepared=prepared)


def load(
    plan_path: str | Path, units_path: str | Path, plan_raw: bytes | None, units_raw: bytes | None
) -> Loaded:
    """Load and check both files without the day-dependent check, from the bytes already read."""
    return checked(*read_files(plan_path, units_path, plan_raw, units_raw))


def read_files(
    plan_path: str | Path, units_path: str | Path, plan_raw: bytes | None, units_raw: bytes | None
) -> tuple[Plan, Registry, list[Diagnostic]]:
    """Both files read into the model, with the problems met reading them."""
    # lazy: PyYAML and the loader, only when the cache has no entry
    from parplan.io.loader import (
        Document,
        build_plan,
        build_registry,
        parse_document,
        read_document,
    )

    def document(path: str | Path, raw: bytes | None) -> Document:
        return read_document(path) if raw is None else parse_document(str(path), raw)

    registry, unit_problems = build_registry(document(units_path, units_raw))
    read = quick_plan(str(plan_path), plan_raw)
    if read is None:
        read = build_plan(document(plan_path, plan_raw), memoised_deadline_parser())
    plan, plan_problems = read
    return plan, registry, [*unit_problems, *plan_problems]


def checked(plan: Plan, registry: Registry, problems: list[Diagnostic]) -> Loaded:
    """Every check but the day's run on the model read (``read_files``)."""
    # lazy: the checks, only when the cache has no entry
    from parplan.checks.rules import run_checks

    return run_checks(plan, registry, problems, today=None)


def quick_plan(name: str, raw: bytes | None) -> tuple[Plan, list[Diagnostic]] | None:
    """The plan read by ``io.fastread`` when it is in fmt's layout (None: read it the full
    way)."""
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    # lazy: the readers, only when the cache has no entry
    from parplan.io.fastread_body import read_plan
    from parplan.io.loader import read_head

    return read_plan(name, text, lambda header: read_head(name, header), memoised_deadline_parser())


@lru_cache(maxsize=1)
def memoised_deadline_parser() -> Callable[..., ParsedDeadline]:
    # Deadlines are immutable values: items with the same text can share one, and so can the
    # plans a long-lived process (the Python API, a test run) loads one after the other.
    return lru_cache(maxsize=8192)(parse_deadline)


def pickled_diagnostics(diagnostics: tuple[Diagnostic, ...]) -> bytes:
    """The diagnostics as ``diagnostics_of`` reads them back."""
    return pickle.dumps(diagnostics, protocol=pickle.HIGHEST_PROTOCOL)


def diagnostics_of(data: bytes, names: tuple[str, str]) -> tuple[Diagnostic, ...] | None:
    """The diagnostics ``pickled_diagnostics`` wrote (None: not such bytes), read by
    ``_ModelUnpickler``, with the files named by the very strings of ``names`` where they name
    those files (so that ``_dump`` writes them as references, as for the model's own)."""
    try:
        found = _ModelUnpickler(io.BytesIO(data)).load()
    except Exception:
        return None
    if not isinstance(found, tuple) or not all(type(d) is Diagnostic for d in found):
        return None
    by_name = {name: name for name in names}

    def named(diagnostic: Diagnostic) -> Diagnostic:
        source = diagnostic.source
        file = by_name.get(source.file)
        if file is None or file is source.file:
            return diagnostic
        return replace(diagnostic, source=replace(source, file=file))

    return tuple(map(named, found))
