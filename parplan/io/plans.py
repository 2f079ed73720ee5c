"""Finding the plans of a repository and choosing one.

A repository keeps its plans side by side as ``data/plan-*.yaml`` (``plan-2025.yaml``,
``plan-2026.yaml``, ``plan-2026-2030.yaml``…), sharing ``data/units.yaml``. parplan finds the
repository the way git does: from the working directory upwards, the first folder holding
``data/plan-*.yaml``, never above the root of the git repository it is in (the folder with
``.git``). Then it chooses a plan: by year when asked, else the plan whose period holds today,
else the latest.

Choosing reads only each plan's ``plan:`` header (its year or period), not the whole file, so
that a repository of many plans costs nothing noticeable at start-up. Nothing here prints or
exits: problems are values (``None``, or a ``PlanChoiceError`` with a key of ``i18n.LABELS``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parplan.core.text import is_number
from parplan.core.values import frozen_dataclass
from parplan.io.reading import read_file

if TYPE_CHECKING:
    from parplan.core.model import Diagnostic

PLAN_GLOB = "plan-*.yaml"
DATA_DIR = "data"

_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–]\s*(\d{4})\s*$")
_YEAR_IN_NAME = re.compile(r"(\d{4})(?:-(\d{4}))?")


@frozen_dataclass
class PlanFile:
    """A plan file and the years its header says it covers (first and last, inclusive)."""

    path: Path
    first_year: int | None
    last_year: int | None
    decision: str = ""

    def covers(self, year: int) -> bool:
        return self.first_year is not None and self.first_year <= year <= (self.last_year or 0)

    @property
    def period(self) -> str:
        """The period as written for people: "2025", or "2026-2030"."""
        if self.first_year is None:
            return ""
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"


class PlanChoiceError(Exception):
    """No plan can be chosen. ``key`` names the sentence in ``i18n.LABELS``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def find_plan_directory(start: Path) -> Path | None:
    """The first folder, from ``start`` upwards, holding ``data/plan-*.yaml``; the search stops
    at the root of the git repository (a folder holding ``.git``, a directory or a worktree's
    file) or of the file system. None when there is none."""
    folder = start.resolve()
    while True:
        data = folder / DATA_DIR
        if data.is_dir() and any(path.is_file() for path in data.glob(PLAN_GLOB)):
            return folder
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def plan_files(data_dir: Path) -> list[PlanFile]:
    """The plans of a ``data`` folder, in file-name order, each with its header's period."""
    return [read_header(path) for path in sorted(data_dir.glob(PLAN_GLOB)) if path.is_file()]


def read_header(path: Path) -> PlanFile:
    """A plan file with the years and decision of its ``plan:`` header, read without loading the
    items (the header is the YAML before ``sections:``). A header that cannot be read gives the
    years in the file name (``plan-2026.yaml``, ``plan-2026-2030.yaml``), else none."""
    # lazy: PyYAML and the loader: the cached views find their plan from its file name
    import yaml

    from parplan.io.loader import parse_document

    header: dict[str, object] = {}
    try:
        text = read_file(path).decode("utf-8-sig")
        top = re.split(r"^sections\s*:", text, maxsplit=1, flags=re.MULTILINE)[0]
        # Read by the one loader first, which refuses tags, anchors and aliases: only a header
        # it accepts is constructed (a tag such as "!!timestamp x" crashed PyYAML's constructor).
        document = parse_document(str(path), top.encode("utf-8"))
        loaded = None
        if not document.problems:
            loaded = yaml.load(top, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        if isinstance(loaded, dict) and isinstance(loaded.get("plan"), dict):
            header = loaded["plan"]
    except (OSError, ValueError, TypeError, yaml.YAMLError):  # ValueError: "2025-13-01"
        header = {}
    years = header_years(header) or _name_years(path)
    decision = header.get("decision")
    return PlanFile(
        path,
        years[0] if years else None,
        years[1] if years else None,
        str(decision) if isinstance(decision, (str, int, float)) else "",  # else wrong-type
    )


def _name_years(path: Path) -> tuple[int, int] | None:
    """The years in a plan file's name: ``plan-2026.yaml``, ``plan-2026-2030.yaml``."""
    found = _YEAR_IN_NAME.search(path.stem)
    if found is None:
        return None
    first = int(found.group(1))
    return first, int(found.group(2) or first)


def header_years(header: Mapping[str, object]) -> tuple[int, int] | None:
    """The years a plan header covers: ``period: 2026-2030`` (first and last year), else
    ``year: 2025`` (that year alone); None when it says neither in a readable way.

    The one place that reads a plan's period for choosing plans: keep it in step with the
    loader's reading of the ``period`` key."""
    period = header.get("period")
    if isinstance(period, (str, int)):  # never str() of a list: it may be an alias bomb
        found = _PERIOD.match(str(period))
        if found and int(found.group(1)) <= int(found.group(2)):
            return int(found.group(1)), int(found.group(2))
    year = header.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        return year, year
    if isinstance(year, str) and is_number(year.strip()):
        return int(year), int(year)
    return None


def choose_plan(plans: list[PlanFile], today: date, year: int | None = None) -> PlanFile:
    """The plan to show.

    With ``year``: the plan covering that year (of several, the one of the shortest period: the
    annual plan rather than a five-year programme). Without: the plan whose period holds
    ``today``, by the same rule; else the latest (the last to end, then the last to start).
    """
    if not plans:
        raise PlanChoiceError("plans.none")
    wanted = year if year is not None else today.year
    covering = [plan for plan in plans if plan.covers(wanted)]
    if covering:
        return min(covering, key=lambda p: ((p.last_year or 0) - (p.first_year or 0), p.path.name))
    if year is not None:
        raise PlanChoiceError(
            "plans.no-year",
            year=year,
            plans=", ".join(f"{p.path.name} ({p.period or '?'})" for p in plans),
        )
    return max(plans, key=lambda p: (p.last_year or 0, p.first_year or 0, p.path.name))


@frozen_dataclass
class Found:
    """The plan chosen for a command, and the others of its repository."""

    chosen: PlanFile
    plans: tuple[PlanFile, ...]

    @property
    def path(self) -> Path:
        return self.chosen.path


def discover(start: Path, today: date, year: int | None = None, *, headers: bool = True) -> Found:
    """The repository's plans from ``start`` (see ``find_plan_directory``) and the one to use.
    Paths are relative to ``start`` when the repository is ``start`` or above it, as a person
    would type them (``data/plan-2025.yaml``, ``../data/plan-2025.yaml``).

    Without ``headers``, a repository of one plan is answered without reading its header (there
    is nothing to choose: the years come from the file name), which spares every command of the
    usual one-plan repository a YAML parse."""
    folder = find_plan_directory(start)
    if folder is None:
        raise PlanChoiceError("plans.not-found", start=str(start))
    if not headers and year is None:
        paths = [path for path in sorted((folder / DATA_DIR).glob(PLAN_GLOB)) if path.is_file()]
        if len(paths) == 1:
            years = _name_years(paths[0]) or (None, None)
            only = PlanFile(_relative(paths[0], start), years[0], years[1], "")
            return Found(only, (only,))
    plans = [
        replace_path(plan, _relative(plan.path, start)) for plan in plan_files(folder / DATA_DIR)
    ]
    return Found(choose_plan(plans, today, year), tuple(plans))


def replace_path(plan: PlanFile, path: Path) -> PlanFile:
    return replace(plan, path=path)


def _relative(path: Path, start: Path) -> Path:
    try:
        return Path(os.path.relpath(path, start.resolve()))
    except ValueError:  # another drive on Windows
        return path


def repository_of(path: Path) -> Path:
    """The repository a plan or units file belongs to (issue 19: where a named output may link
    to): the folder above its ``data`` folder, else the root of the git work tree holding it,
    else its own folder."""
    folder = Path(path).resolve().parent
    if folder.name == DATA_DIR:
        return folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


def sibling_plans(plan_path: Path) -> list[PlanFile]:
    """The plans beside a plan file (itself included): the plans of its repository."""
    return plan_files(plan_path.parent)


def merge_diagnostics(per_plan: list[tuple[Diagnostic, ...]]) -> list[Diagnostic]:
    """The diagnostics of several plans checked against one units file, each said once: the
    units file's own problems are found with every plan, and a unit is unused only when no plan
    names it (``unit-unused`` found with every plan)."""
    seen: dict[tuple[object, ...], Diagnostic] = {}
    found_with: dict[tuple[object, ...], int] = {}
    for diagnostics in per_plan:
        for diagnostic in diagnostics:
            key = (diagnostic.source, diagnostic.severity, diagnostic.code)
            seen.setdefault(key, diagnostic)
            found_with[key] = found_with.get(key, 0) + 1
    return [
        diagnostic
        for key, diagnostic in seen.items()
        if diagnostic.code != "unit-unused" or found_with[key] == len(per_plan)
    ]


def plan_name(plan: PlanFile) -> str:
    """A plan as named in the views' headers: "971/QĐ-BNV (2025) · data/plan-2025.yaml"."""
    parts = [plan.decision] if plan.decision else []
    if plan.period:
        parts.append(f"({plan.period})")
    parts.append(("· " if parts else "") + plan.path.as_posix())
    return " ".join(parts)
