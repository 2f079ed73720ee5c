"""The import contract (issue 22): the layers of ``ARCHITECTURE.md``, read from the code.

Every module of ``parplan/`` is parsed with ``ast``; every import counts, wherever it sits (at
module level, inside a function, under ``TYPE_CHECKING``), since a function-level import is a
dependency all the same, only a later one. Three rules:

* **layers**: each module belongs to exactly one layer of ``LAYERS`` and imports only from its
  own layer and the layers below; layers written side by side (``io-read | query``) are
  independent of each other as well;
* **words**: the library (core, io, checks, query) speaks no language: none of it imports
  ``parplan.render`` or ``parplan.cli`` (the layers say so too; this names the rule). The API,
  above ``render/``, may: it takes a status given in words (``render.status_names``);
* **no cycles**: no module reaches itself through the imports of others.

Two more on the imports written inside functions: none of a module already loaded
(``needless_lazy_imports``), and each says why (``unexplained_lazy_imports``).

A failure names each offending import by file and line. A new module must be placed in
``LAYERS`` (and ``ARCHITECTURE.md``) before this test passes; and every module, folder and file
``ARCHITECTURE.md`` names must exist (``stale_names``), so that the page follows the code.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "parplan"

# Bottom up. A layer is a tuple of independent groups, each a name and its modules as fnmatch
# patterns: "parplan.core.*" covers the package and everything under it, "loader*" the modules a
# large module is split into when they keep its name as a prefix. ``io/`` is one folder holding
# two layers (reading files, below the checks; editing them, above the queries) and, between
# them, the checked model's store: see ARCHITECTURE.md for why the files did not move.
LAYERS: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (("core", ("parplan.core.*",)),),
    (
        (
            "io-read",
            (
                "parplan.io",  # the package: empty
                "parplan.io.errors",
                "parplan.io.files",
                "parplan.io.reading",
                "parplan.io.loader*",
                "parplan.io.fastread*",
                "parplan.io.plans",
                # split from the loader, and git's old versions (other branches of issues 22-23)
                "parplan.io.yamldoc",
                "parplan.io.node_reader",
                "parplan.io.units_file",
                "parplan.io.body",
                "parplan.io.git",
                "parplan.io.textedit",  # split's line edits: reads as `lines` does
                "parplan.io.fmt_scalars",  # how fmt writes a scalar: YAML alone
            ),
        ),
        ("query", ("parplan.query.*",)),
    ),
    (("checks", ("parplan.checks.*",)),),
    (("io-checked", ("parplan.io.cache*", "parplan.io.splice*")),),
    (
        (
            "io-write",
            (
                "parplan.io.ledger*",
                "parplan.io.worklog*",
                "parplan.io.carry*",
                "parplan.io.measure*",
                "parplan.io.fmt",
                "parplan.io.fmt_comments",
                "parplan.io.fmt_quick",
                "parplan.io.fmt_keys",
                "parplan.io.scaffold",
                "parplan.io.export*",
                "parplan.io.importer*",
                "parplan.io.target_sentences",
                "parplan.io.editing",  # split from the ledger (another branch of issue 22)
            ),
        ),
    ),
    (("render", ("parplan.render.*",)),),
    (("api", ("parplan.api",)), ("cli", ("parplan.cli.*",))),
    (("program", ("parplan.__main__",)),),
)

# Modules without words: they must not import these (the words live in render/ and cli/).
SPEECHLESS = ("parplan.core.*", "parplan.io.*", "parplan.checks.*", "parplan.query.*")
WORDS = ("parplan.render.*", "parplan.cli.*")


@dataclass(frozen=True)
class Import:
    """One import of one parplan module by another, where it is written."""

    importer: str
    imported: str
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported}"


def _module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules(root: Path = ROOT) -> dict[str, Path]:
    """Each module's dotted name and its path relative to ``root``."""
    found = sorted(path.relative_to(root) for path in (root / "parplan").rglob("*.py"))
    return {_module_name(path): path for path in found}


def _targets(
    module: str, path: Path, node: ast.Import | ast.ImportFrom, known: dict[str, Path]
) -> list[str]:
    """The parplan modules an import statement loads (``from pkg import name`` loads
    ``pkg.name`` when that is a module, else ``pkg``). The root package ``parplan`` is left out:
    Python imports it before any of its modules, so importing it adds no dependency."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, *([base] if base else [])])
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    found = []
    for name in names:
        while name and name not in known:  # `import parplan.io.cache as c`, a name in a module
            name = name.rpartition(".")[0]
        if name.startswith("parplan.") and name != module and name not in found:
            found.append(name)
    return found


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones too (imports are statements: no need to visit expressions)."""
    for statement in body:
        yield statement
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(statement, field, None)
            if isinstance(inner, list):
                yield from _statements([s for s in inner if isinstance(s, ast.stmt)])
            if field in ("handlers", "cases") and isinstance(inner, list):
                for clause in inner:  # except and case clauses are not statements
                    yield from _statements(clause.body)


@cache
def imports(root: Path = ROOT) -> tuple[Import, ...]:
    """Every import between parplan modules, module-level and function-level alike."""
    found = []
    known = modules(root)
    for module, path in known.items():
        tree = ast.parse((root / path).read_text(encoding="utf-8"), str(path))
        for node in _statements(tree.body):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _targets(module, path, node, known):
                    found.append(Import(module, target, path, node.lineno))
    return tuple(sorted(found, key=lambda i: (str(i.path), i.line, i.imported)))


def _covers(pattern: str, module: str) -> bool:
    if pattern.endswith(".*") and module == pattern[:-2]:
        return True  # the package itself
    return fnmatchcase(module, pattern)


def place(module: str) -> list[tuple[int, str]]:
    """The (layer number, group name) of every group that lists ``module``."""
    return [
        (number, name)
        for number, layer in enumerate(LAYERS)
        for name, patterns in layer
        if any(_covers(p, module) for p in patterns)
    ]


def test_every_module_has_one_place() -> None:
    misplaced = [f"{m}: {place(m) or 'in no layer'}" for m in modules(ROOT) if len(place(m)) != 1]
    misplaced = [m for m in misplaced if not m.startswith("parplan:")]  # the root package
    assert not misplaced, "place each module in exactly one layer of LAYERS:\n" + "\n".join(
        misplaced
    )


def against_layers(root: Path = ROOT) -> list[str]:
    """The imports that break the layers, each named by file and line."""
    broken = []
    for found in imports(root):
        if found.importer == "parplan":
            continue  # the root package: ``__version__``, and the API loaded on first use
        (own_layer, own_group), (their_layer, their_group) = (
            place(found.importer)[0],
            place(found.imported)[0],
        )
        if their_layer > own_layer:
            broken.append(f"{found} (layer {own_group} reaches up to {their_group})")
        elif their_layer == own_layer and their_group != own_group:
            broken.append(f"{found} ({own_group} and {their_group} are independent)")
    return broken


def test_the_layers_hold() -> None:
    """No module imports from a layer above its own, nor from an independent group beside it."""
    broken = against_layers(ROOT)
    assert not broken, "imports against the layers (ARCHITECTURE.md):\n" + "\n".join(broken)


def test_no_words_below_render() -> None:
    broken = [
        str(found)
        for found in imports(ROOT)
        if any(_covers(p, found.importer) for p in SPEECHLESS)
        and any(_covers(p, found.imported) for p in WORDS)
    ]
    assert not broken, "the library speaks no language:\n" + "\n".join(broken)


def cycles(root: Path = ROOT) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {m: set() for m in modules(root)}
    for found in imports(root):
        graph[found.importer].add(found.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return components


def test_no_cycles() -> None:
    lines = []
    for component in cycles(ROOT):
        lines.append("a cycle among " + ", ".join(component) + ":")
        members = set(component)
        lines += [
            f"  {found}"
            for found in imports(ROOT)
            if found.importer in members and found.imported in members
        ]
    assert not lines, "\n".join(lines)


def test_the_contract_sees_what_hides_in_functions(tmp_path: Path) -> None:
    """The reader finds an up-import and a cycle written inside functions, by file and line."""
    files = {
        "parplan/__init__.py": "",
        "parplan/query/__init__.py": "",
        "parplan/render/__init__.py": "",
        "parplan/query/status.py": "import os\n\ndef late():\n    from ..render.i18n import label\n",
        "parplan/render/i18n.py": "def label():\n    import parplan.render.views\n",
        "parplan/render/views.py": "from parplan.render import i18n\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert against_layers(tmp_path) == [
        "parplan/query/status.py:4: parplan.query.status imports parplan.render.i18n"
        " (layer query reaches up to render)"
    ]
    assert cycles(tmp_path) == [["parplan.render.i18n", "parplan.render.views"]]


def _module_level(root: Path) -> dict[str, set[str]]:
    """Each module's imports at module level, outside ``TYPE_CHECKING`` (what importing it runs)."""
    known = modules(root)
    found: dict[str, set[str]] = {module: set() for module in known}

    def visit(module: str, body: list[ast.stmt]) -> None:
        for statement in body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                found[module].update(_targets(module, known[module], statement, known))
            elif isinstance(statement, ast.If) and "TYPE_CHECKING" not in ast.unparse(
                statement.test
            ):
                visit(module, statement.body)
                visit(module, statement.orelse)
            elif isinstance(statement, ast.Try):
                visit(module, statement.body)

    for module, path in known.items():
        visit(module, ast.parse((root / path).read_text(encoding="utf-8")).body)
    return found


def needless_lazy_imports(root: Path = ROOT) -> list[str]:
    """Imports written at the top of a function body although the module has already loaded
    them when it was imported (through its own module-level imports): they save nothing."""
    known, top = modules(root), _module_level(root)

    def loaded(module: str) -> set[str]:
        seen, stack = set(), [module]
        while stack:
            current = stack.pop()
            if current not in seen:
                seen.add(current)
                stack += top.get(current, ())
        return seen

    found = []
    for module, path in known.items():
        tree = ast.parse((root / path).read_text(encoding="utf-8"))
        functions = [
            f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        for function in functions:
            for statement in function.body:  # an import under an `if` binds a name on a condition
                if isinstance(statement, (ast.Import, ast.ImportFrom)):
                    targets = _targets(module, path, statement, known)
                    if targets and set(targets) <= loaded(module):
                        found.append(f"{path}:{statement.lineno}: {', '.join(targets)}")
    return found


def test_no_needless_lazy_imports() -> None:
    """A function-level import is for start-up speed (ARCHITECTURE.md): one of a module the
    importing module has loaded already belongs at the top."""
    found = needless_lazy_imports(ROOT)
    assert not found, "import these at module level (already loaded):\n" + "\n".join(found)


# A function-level import says why (ARCHITECTURE.md, "Lazy imports and the start-up rule"): in
# the library and render/, a `# lazy: …` comment on the import's line or just above it (one
# comment above a run of imports covers the run); in cli/ and api.py, where every command or
# method imports what it uses, one paragraph of the module's docstring beginning so.
LAZY_COMMENT = "# lazy:"
LAZY_PARAGRAPH = "Lazy imports:"
EXPLAINED_BY_DOCSTRING = ("parplan.cli.*", "parplan.api")


def _bodies(node: ast.AST) -> Iterator[list[ast.stmt]]:
    """Every list of statements under ``node`` (a block's body, else, finally, handlers, cases)."""
    for child in ast.walk(node):
        for field in ("body", "orelse", "finalbody"):
            inner = getattr(child, field, None)
            if isinstance(inner, list) and inner and isinstance(inner[0], ast.stmt):
                yield inner


def unexplained_lazy_imports(root: Path = ROOT) -> list[str]:
    """The function-level imports that give no reason: outside cli/ and api.py, those with no
    ``# lazy:`` comment on their lines nor in the comment lines just above the first of the run
    of imports they belong to; in cli/ and api.py, the module itself when its docstring has no
    paragraph beginning ``Lazy imports:``."""
    found = []
    for module, path in modules(root).items():
        text = (root / path).read_text(encoding="utf-8")
        tree, lines = ast.parse(text), text.splitlines()
        functions = [
            f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
        ]
        if not functions:
            continue
        if any(_covers(p, module) for p in EXPLAINED_BY_DOCSTRING):
            late = any(
                isinstance(n, (ast.Import, ast.ImportFrom)) for f in functions for n in ast.walk(f)
            )
            paragraphs = (ast.get_docstring(tree) or "").split("\n\n")
            if late and not any(p.startswith(LAZY_PARAGRAPH) for p in paragraphs):
                found.append(f"{path}: no docstring paragraph '{LAZY_PARAGRAPH} …'")
            continue
        seen: set[int] = set()
        for function in functions:
            for body in _bodies(function):
                first = 0
                for number, statement in enumerate(body):
                    if not isinstance(statement, (ast.Import, ast.ImportFrom)):
                        continue
                    if number == 0 or not isinstance(
                        body[number - 1], (ast.Import, ast.ImportFrom)
                    ):
                        first = number  # the run of imports this one belongs to starts here
                    if statement.lineno in seen:
                        continue
                    seen.add(statement.lineno)
                    own = lines[statement.lineno - 1 : statement.end_lineno or statement.lineno]
                    above = []
                    line = body[first].lineno - 2
                    while line >= 0 and lines[line].lstrip().startswith("#"):
                        above.append(lines[line])
                        line -= 1
                    if not any(LAZY_COMMENT in text for text in (*own, *above)):
                        found.append(f"{path}:{statement.lineno}: {ast.unparse(statement)}")
    return found


def test_every_lazy_import_says_why() -> None:
    """A function-level import is for start-up speed, and one line says which (ARCHITECTURE.md):
    hoist it to the top of the module if it costs nothing at start-up, else say why."""
    found = unexplained_lazy_imports(ROOT)
    assert not found, "function-level imports without a reason ('# lazy: …'):\n" + "\n".join(found)


def test_a_lazy_import_without_a_reason_is_seen(tmp_path: Path) -> None:
    """The check on a small tree: a comment above a run of imports (blank lines between them
    too) covers the run, a comment at the end of the line covers its import; a bare import, one
    after a statement below a covered run, and a cli/ module without the paragraph are named."""
    files = {
        "parplan/__init__.py": "",
        "parplan/render/__init__.py": "",
        "parplan/cli/__init__.py": "",
        "parplan/render/good.py": (
            "def f():\n"
            '    """Doc."""\n'
            "    # lazy: openpyxl, xlsx only\n"
            "    import os\n"
            "\n"
            "    from json import dumps\n"
            "    if os:\n"
            "        import csv  # lazy: csv, only for a CSV output\n"
            "    return dumps, csv\n"
        ),
        "parplan/render/bad.py": (
            "import re\n\n\n"
            "def f():\n"
            "    # lazy: the first run only\n"
            "    import os\n"
            "    x = os\n"
            "    import json\n"
            "    return x, json, re\n"
            "\n\n"
            "def g():\n"
            "    # a comment, but no reason\n"
            "    from csv import writer\n"
            "    return writer\n"
        ),
        "parplan/cli/told.py": (
            '"""A command.\n\nLazy imports: each command imports what it uses."""\n\n\n'
            "def f():\n    import os\n    return os\n"
        ),
        "parplan/cli/untold.py": '"""A command."""\n\n\ndef f():\n    import os\n    return os\n',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert unexplained_lazy_imports(tmp_path) == [
        "parplan/cli/untold.py: no docstring paragraph 'Lazy imports: …'",
        "parplan/render/bad.py:8: import json",
        "parplan/render/bad.py:14: from csv import writer",
    ]


# ---------------------------------------------------------------------------------------------
# ARCHITECTURE.md names only what exists (issue 22, item 9)

DOCUMENTS = ("ARCHITECTURE.md", "README.md")
_LAYER_DIRS = r"(?:core|io|query|checks|render|cli)"
# A path: `parplan/…`, or a folder of the package and what is under it (`io/loader.py`,
# `core/deadlines/`, `io/loader*`), `api.py`, `__main__.py`, or a file of tests/, scripts/, docs/.
_PATH = re.compile(
    rf"(?<![\w./-])(?:parplan/[\w/]*\w(?:\.py|/)|{_LAYER_DIRS}/(?:[\w/]*\w(?:\.py|/|\*))?"
    r"|(?:api|__main__)\.py|(?:tests|scripts|docs)/[\w/.-]*\w\.(?:py|ya?ml|md|txt))"
)
# A dotted module name: `parplan.io.cache`, `io.cache.load_checked`, `cli.app.today()`.
_DOTTED = re.compile(rf"(?<![\w./-])(?:parplan\.)?{_LAYER_DIRS}\.(?!py\b)\w+")


def stale_names(text: str, root: Path = ROOT, dotted: bool = True) -> list[str]:
    """The paths and dotted module names ``text`` mentions that name nothing under ``root``.

    A dotted name must name a module or a package of ``parplan`` in its first two parts (the
    rest may be a name in it: ``io.cache.load_checked``); a folder's pattern (``io/loader*``)
    must match a module. ``dotted``: look at dotted names too (README's prose names git's
    ``core.autocrlf``; ARCHITECTURE.md names only modules so)."""
    package = root / "parplan"
    stale = []
    for match in _PATH.finditer(text):
        name = match.group()
        path = (
            root / name
            if name.startswith(("parplan/", "tests/", "scripts/", "docs/"))
            else (package / name)
        )
        found = any(path.parent.glob(path.name)) if name.endswith("*") else path.exists()
        if not found and name not in stale:
            stale.append(name)
    for match in _DOTTED.finditer(text) if dotted else ():
        name = match.group().removeprefix("parplan.")
        path = package.joinpath(*name.split("."))
        if not (path.with_suffix(".py").is_file() or path.is_dir()) and name not in stale:
            stale.append(name)
    return stale


def test_architecture_names_only_what_exists() -> None:
    """Every module, folder and file ``ARCHITECTURE.md`` and ``README.md`` name exists: a module
    removed, renamed or split fails here until the documents follow."""
    for document in DOCUMENTS:
        text = (ROOT / document).read_text(encoding="utf-8")
        stale = stale_names(text, dotted=document == "ARCHITECTURE.md")
        assert not stale, f"{document} names what does not exist: {', '.join(stale)}"


def test_a_stale_name_is_seen() -> None:
    """The names of modules gone in issue 22's splits, in each form the documents write them."""
    text = (
        "`cli/show_body.py` and `io/lines.py` are gone; `parplan/io/importer.py` is a package"
        " (`io/importer/`), `render.views.due_csv` is a function, `cli.show_body` and"
        " `parplan.io.lines` modules, `io/nothing*` matches none; `tests/test_nothing.py`."
    )
    assert stale_names(text) == [
        "cli/show_body.py",
        "io/lines.py",
        "parplan/io/importer.py",
        "io/nothing*",
        "tests/test_nothing.py",
        "cli.show_body",
        "io.lines",
    ]


# Issue 22: no module over ~700 lines except the data tables (every sentence in two languages),
# and each module past 500 lines says why in its docstring.
DATA_TABLES = {"parplan/render/i18n.py", "parplan/cli/help_text.py"}


def test_module_sizes_and_why_they_are_long() -> None:
    import ast

    root = Path(__file__).resolve().parent.parent
    too_long, unexplained = [], []
    for path in sorted((root / "parplan").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if name in DATA_TABLES or lines <= 500:
            continue
        if lines > 700:
            too_long.append(f"{name}: {lines} lines")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if not re.search(r"past 500 lines", docstring):
            unexplained.append(f"{name}: {lines} lines, no line saying why")
    assert not too_long, too_long
    assert not unexplained, unexplained
