"""A new plan repository for an agency: ``parplan init``.

Everything another ministry, province or agency needs to keep its own plan with parplan, ready
for ``git init``: an empty plan of the year (or one imported from the decision's text), a units
file, the JSON schemas for editors, CI for GitHub and GitLab running ``parplan validate`` and
``parplan fmt --check``, the pre-commit hooks, ``.gitattributes`` and a README that shows the
three commands from nothing to a working ``parplan due``. No file is overwritten: a directory
that already holds any of them is refused.

An interrupted ``init`` (killed, the machine off) never stands in the way of the next: each file
is created whole and exclusively (``files.create_new``), the units file before the plan (a plan
never exists without its registry), and a file already holding exactly what this run would write
is taken as done, so a rerun with the same options finishes the repository (issue 19).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parplan.io import files  # its writers looked up when called: tests wrap them
from parplan.io.fmt_scalars import scalar_text

# How a repository's CI installs parplan: set PARPLAN_PACKAGE to where parplan is hosted (a git
# URL such as "git+https://example.org/your-org/parplan@v0.1.0", or a package index name).
INSTALL = (
    'python -m pip install "${PARPLAN_PACKAGE:?set the CI variable PARPLAN_PACKAGE to where '
    'parplan is hosted}"'
)


@dataclass(frozen=True)
class Scaffold:
    """The files of a new repository, relative paths and contents."""

    files: tuple[tuple[str, str], ...]


class ScaffoldError(Exception):
    """The repository cannot be created there. ``key`` names the sentence in ``i18n.LABELS``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def plan_text(agency: str, year: int, decision: str) -> str:
    """An empty plan of the year, in ``parplan fmt``'s layout."""
    title = f"Kế hoạch cải cách hành chính năm {year} của {agency}"
    return (
        "# yaml-language-server: $schema=../schema/plan.schema.json\n"
        "plan:\n"
        f"  title: {scalar_text(title)}\n"
        "  # Số, ký hiệu của quyết định ban hành kế hoạch (ví dụ 123/QĐ-SNV).\n"
        f"  decision: {scalar_text(decision)}\n"
        f"  year: {year}\n"
        "sections: []\n"
    )


UNITS_TEXT = """\
# yaml-language-server: $schema=../schema/units.schema.json
# Các đơn vị được giao nhiệm vụ trong kế hoạch, ví dụ:
#   - name: Văn phòng Sở
#     short: VP
#     kind: administrative
units: []
"""

GITATTRIBUTES = """\
# parplan's data files: LF line ends on every system (what `parplan fmt --check` expects), and a
# diff driver showing a plan's changes fact by fact once configured:
#   git config diff.parplan.textconv "parplan textconv"
data/*.yaml text eol=lf diff=parplan
"""

GITIGNORE = """\
# parplan's lock and temporary files, left only by an interrupted write
*.yaml.lock
.*.yaml.*.tmp
# parplan export --sqlite plans.db: the database, Datasette's metadata beside it, and their
# temporaries while they are written
/plans.db
/metadata.json
/.plans.db.*.tmp
/.metadata.json.*.tmp
"""

PRE_COMMIT = """\
# pre-commit (https://pre-commit.com): `pre-commit install` once per clone.
# The hooks run the parplan installed on the machine.
repos:
  - repo: local
    hooks:
      - id: parplan-fmt
        name: parplan fmt
        entry: parplan fmt
        language: system
        files: ^data/(plan-[^/]*|units)\\.yaml$
        require_serial: true
      - id: parplan-validate
        name: parplan validate
        entry: parplan validate
        language: system
        files: ^data/(plan-[^/]*|units)\\.yaml$
        pass_filenames: false
"""

GITHUB = f"""\
# Checks every plan of the repository on each push and pull request.
# Set the repository variable PARPLAN_PACKAGE to where parplan is hosted.
name: parplan
on: [push, pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      PARPLAN_PACKAGE: ${{{{ vars.PARPLAN_PACKAGE }}}}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: {INSTALL}
      - run: parplan validate --format github
      - run: parplan fmt --check
"""

GITLAB = f"""\
# Checks every plan of the repository on each push and merge request.
# Set the CI/CD variable PARPLAN_PACKAGE to where parplan is hosted.
parplan:
  image: python:3.12
  script:
    - {INSTALL}
    - parplan validate
    - parplan fmt --check
"""


def readme_text(agency: str, plan_file: str) -> str:
    return f"""\
# Kế hoạch cải cách hành chính — {agency}

Kế hoạch và danh mục đơn vị của {agency}, theo dõi bằng
[parplan](https://example.org/your-org/parplan): `data/{plan_file}` và `data/units.yaml`.

## Từ đầu đến `parplan due`: ba lệnh

```sh
pip install "git+https://example.org/your-org/parplan"   # nơi lưu parplan
parplan init ke-hoach-cchc --agency "{agency}" --from quyet-dinh.txt
cd ke-hoach-cchc && parplan due
```

`--from` đọc phụ lục của quyết định (văn bản hoặc .docx); không có `--from`, kế hoạch trống để
ghi tay. Sau đó: `git init && git add . && git commit -m "Kế hoạch CCHC"`.

## Hằng ngày

```sh
parplan due --unit "Văn phòng"        # việc quá hạn và đến hạn trong 30 ngày tới
parplan done I.1 --evidence "Quyết định số …"
parplan validate                      # kiểm tra mọi kế hoạch trong data/
parplan fmt --check                   # bố cục chuẩn (CI chạy hai lệnh này)
parplan plans                         # các kế hoạch trong kho
```

Mỗi năm một tệp `data/plan-YYYY.yaml`; `parplan carry --from 2025 --to 2026` chuyển các nhiệm
vụ chưa hoàn thành sang kế hoạch năm sau.

CI: `.github/workflows/parplan.yml` (GitHub) và `.gitlab-ci.yml` (GitLab) chạy `parplan validate`
và `parplan fmt --check`; đặt biến `PARPLAN_PACKAGE` là nơi cài parplan. pre-commit:
`pre-commit install` (cấu hình trong `.pre-commit-config.yaml`).
"""


def scaffold(
    agency: str,
    year: int,
    decision: str,
    with_plan: bool = True,
    plan_file: str | None = None,
    imported: tuple[str, str] | None = None,
    *,
    schemas: tuple[str, str],
) -> Scaffold:
    """The files of a new repository, in the order they are written. ``with_plan`` False leaves
    out the plan and units files; ``imported`` gives their texts (plan, units) read from a
    decision, the plan named ``plan_file``. The units file comes before the plan. ``schemas``
    are the JSON Schemas' texts (plan, units), from ``parplan.render.json_schema`` (a renderer:
    this layer has no words)."""
    plan_file = plan_file or f"plan-{year}.yaml"
    files = []
    if imported is not None:
        files += [("data/units.yaml", imported[1]), (f"data/{plan_file}", imported[0])]
    elif with_plan:
        files += [("data/units.yaml", UNITS_TEXT)]
        files += [(f"data/{plan_file}", plan_text(agency, year, decision))]
    files += [
        ("schema/plan.schema.json", schemas[0]),
        ("schema/units.schema.json", schemas[1]),
        (".github/workflows/parplan.yml", GITHUB),
        (".gitlab-ci.yml", GITLAB),
        (".pre-commit-config.yaml", PRE_COMMIT),
        (".gitattributes", GITATTRIBUTES),
        (".gitignore", GITIGNORE),
        ("README.md", readme_text(agency, plan_file)),
    ]
    return Scaffold(tuple(files))


def check_free(directory: Path, layout: Scaffold) -> None:
    """Refuse a directory that holds any of the files, or any other plan. A file holding exactly
    what the layout would write is not in the way: an interrupted ``init`` left it."""
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError("init.not-directory", dir=str(directory))
    taken = [name for name, text in layout.files if not _free(directory / name, text)]
    ours = {name for name, _ in layout.files}
    taken += [
        name
        for name in (
            p.relative_to(directory).as_posix() for p in directory.glob("data/plan-*.yaml")
        )
        if name not in ours
    ]
    if taken:
        raise ScaffoldError("init.exists", dir=str(directory), files=", ".join(sorted(set(taken))))


def _free(path: Path, text: str) -> bool:
    """Nothing at ``path`` (not even a dangling link), or a regular file holding ``text``."""
    if not os.path.lexists(path):
        return True
    if path.is_symlink() or not path.is_file():
        return False
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def write(directory: Path, layout: Scaffold) -> list[Path]:
    """Write the files (LF line ends, UTF-8) in order; the directories are created as needed.
    A file already holding its text (left by an interrupted run) is kept. If a write fails (a
    full disk…), the files and directories this run made are removed, so that nothing stops the
    next try; an existing file is never overwritten. Returns every file of the layout.

    The whole run holds the lock of the units file (``data/units.yaml.lock``, removed at the
    end of a run that succeeds; ignored by the ``.gitignore`` written): two inits into one directory at once run one after the other, so
    the second finds the first's files and a failing one removes only its own. Before (review
    of issue 19), one removed a leftover temporary file that was the other's live one, failed,
    and took away the units file the other relied on: a plan without its registry."""
    written: list[Path] = []
    made: list[Path] = []
    units = directory / "data" / "units.yaml"
    missing = [p for p in (units.parent, *units.parent.parents) if not p.exists()]
    made += reversed(missing)
    try:
        units.parent.mkdir(parents=True, exist_ok=True)
        with files.locked(units):
            _write_files(directory, layout, written, made, files.create_new)
            # A new repository holds no lock file: removed while still held. An init that was
            # waiting on it then finds every file made and writes nothing of its own.
            with contextlib.suppress(OSError):
                files.lock_path(units).unlink()
    except BaseException:
        for path in [*written, files.lock_path(units), *reversed(made)]:
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()
        raise
    return [directory / name for name, _ in layout.files]


def _write_files(
    directory: Path, layout: Scaffold, written: list[Path], made: list[Path], create_new: Any
) -> None:
    """``write``'s loop, under the lock: each file created, noting what was made."""
    for name, text in layout.files:
        path = directory / name
        missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
        path.parent.mkdir(parents=True, exist_ok=True)
        made += reversed(missing)
        _remove_leftovers(path)
        if create_new(path, text.encode("utf-8"), same_ok=True):
            written.append(path)


def _remove_leftovers(path: Path) -> None:
    """The temporary files of a run killed while it wrote ``path`` (``.<name>.*.tmp``)."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for entry in os.scandir(path.parent):
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    os.remove(entry.path)
