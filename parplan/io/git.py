"""A plan as it was at a git revision (``parplan diff``, ``validate --base``, git's textconv).

Plain ``git`` subprocesses with argument lists (never a shell), paths relative to the
repository's root with forward slashes, so it runs the same on Windows. Errors are
``GitError`` values naming a sentence of ``parplan.render.i18n.LABELS``; nothing here prints.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from parplan.core.model import Diagnostic, Plan
from parplan.io.loader import build_plan, parse_document, read_document


class GitError(Exception):
    """git is missing, the file is outside a repository, or a revision does not exist."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True)
class Repository:
    root: Path

    def relative(self, path: Path) -> str:
        """The path as git names it: relative to the root, with forward slashes."""
        try:
            return _absolute(path).relative_to(self.root).as_posix()
        except ValueError:
            raise GitError("diff.error.repo", path=str(path)) from None

    def check_revision(self, revision: str) -> None:
        if not revision or revision.startswith("-"):  # never let a revision pass for an option
            raise GitError("diff.error.revision", rev=revision)
        found = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], self.root)
        if found.returncode != 0:
            raise GitError("diff.error.revision", rev=revision)

    def read(self, revision: str, path: Path) -> bytes | None:
        """The file's bytes at the revision, or None when the file is not there."""
        self.check_revision(revision)
        spec = f"{revision}:{self.relative(path)}"
        if _git(["cat-file", "-e", spec], self.root).returncode != 0:
            return None
        shown = _git(["show", "--no-textconv", spec], self.root)
        if shown.returncode != 0:
            raise GitError("diff.error.git", reason=shown.stderr.decode("utf-8", "replace").strip())
        return shown.stdout


def find_repository(path: Path) -> Repository:
    """The git repository holding ``path`` (which need not exist)."""
    directory = _absolute(path).parent
    while not directory.is_dir() and directory != directory.parent:
        directory = directory.parent
    found = _git(["rev-parse", "--show-toplevel"], directory)
    if found.returncode != 0:
        raise GitError("diff.error.repo", path=str(path))
    root = found.stdout.decode("utf-8", "replace").strip()
    return Repository(_absolute(Path(root)))


def _absolute(path: Path) -> Path:
    return Path(path).resolve()


def _git(arguments: list[str], directory: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *arguments], cwd=directory, capture_output=True, check=False)
    except OSError as error:  # git is not installed (FileNotFoundError) or cannot start
        raise GitError("diff.error.git", reason=error.strerror or str(error)) from None


def load_version(
    path: Path, revision: str | None, repository: Repository | None
) -> tuple[Plan, list[Diagnostic]] | None:
    """The plan at a revision (None: the working tree) → (plan, problems), or None if absent."""

    if revision is None:
        if not Path(path).is_file():
            return None
        document = read_document(path)
    else:
        assert repository is not None
        raw = repository.read(revision, path)
        if raw is None:
            return None
        document = parse_document(f"{revision}:{repository.relative(path)}", raw)
    return build_plan(document)


def empty_like(plan: Plan) -> Plan:
    """A plan with nothing in it, for the side of a comparison where the file is absent: every
    item is then added (or removed), and the plan's details are not compared."""
    return Plan(plan.file, plan.info, (), (), ())
