"""Run parplan with one of its speed shortcuts switched off: the slow way it declines to.

    uv run python scripts/without.py PIECE [parplan arguments…]

PIECE is ``none`` (parplan as users run it, through this same runner so that both sides pay its
few imports) or one of ``PIECES``. The piece's module is patched when it is first imported
(an import hook), so that a command that never imports it pays nothing more than with it; then
``parplan.cli.app.main()`` runs as ``python -m parplan`` would (the collector off first, as
``parplan.__main__.run``). Nothing in ``parplan/`` knows of this: users' code path is unchanged.
The cache has no patch here: ``PARPLAN_CACHE=off`` is parplan's own switch
(``scripts/shortcuts.py`` sets it).

- ``fastread``: ``io.cache_load.quick_plan`` returns None, so every cold read goes to the loader
  (``io.fastread`` and ``io.fastread_body`` both unused);
- ``fastread_body``: ``io.fastread_body.read_head`` hands the whole header to the loader's
  ``read_header`` (the quick reader still reads the sections);
- ``splice``: ``io.splice.located`` and ``after`` return None, so a ledger edit composes the whole
  text to find the item and loads and checks the whole edited file again;
- ``plain``: ``render.plain.lines`` returns None, so piped tables go through Rich's layout;
- ``wrap``: ``render.layout._wrap`` is ``textwrap.wrap(text, width, break_on_hyphens=False)``,
  the function it reproduces (its docstring);
- ``fmt_quick``: ``io.fmt_quick.canonical_text`` returns None, so ``fmt`` composes and writes
  the file again to compare.
"""

from __future__ import annotations

import gc
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any


def _declines(*names: str) -> Callable[[ModuleType], None]:
    def patch(module: ModuleType) -> None:
        for name in names:
            assert hasattr(module, name), f"{module.__name__} has no {name}"
            setattr(module, name, lambda *args, **kwargs: None)

    return patch


def _loader_reads_head(module: ModuleType) -> None:
    assert hasattr(module, "read_head")

    def read_head(name: str, header: str, read_header: Any, deadline_parser: Any) -> Any:
        return read_header(header)

    module.read_head = read_head  # type: ignore[attr-defined]


def _textwrap(module: ModuleType) -> None:
    import textwrap

    assert hasattr(module, "_wrap")

    def wrap(text: str, width: int, lines: int) -> list[str]:
        return textwrap.wrap(text, width, break_on_hyphens=False)

    module._wrap = wrap  # type: ignore[attr-defined]


# piece: (module, patch)
PIECES: dict[str, tuple[str, Callable[[ModuleType], None]]] = {
    "fastread": ("parplan.io.cache_load", _declines("quick_plan")),
    "fastread_body": ("parplan.io.fastread_body", _loader_reads_head),
    "splice": ("parplan.io.splice", _declines("located", "after")),
    "plain": ("parplan.render.plain", _declines("lines")),
    "wrap": ("parplan.render.layout", _textwrap),
    "fmt_quick": ("parplan.io.fmt_quick", _declines("canonical_text")),
}


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Finds ``module`` as the other finders do, and patches it once it has run."""

    def __init__(self, module: str, patch: Callable[[ModuleType], None]) -> None:
        self.module, self.patch = module, patch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != self.module:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        loader: Any = spec.loader
        run = loader.exec_module
        patch = self.patch

        def exec_module(module: ModuleType) -> None:
            run(module)
            patch(module)
            if os.environ.get("SHORTCUTS_SAY"):  # scripts/shortcuts.py checks the patch ran
                print(f"without.py: patched {fullname}", file=sys.stderr)

        loader.exec_module = exec_module
        return spec


def main() -> None:
    gc.disable()
    piece = sys.argv[1] if len(sys.argv) > 1 else ""
    if piece != "none":
        if piece not in PIECES:
            sys.exit(f"usage: without.py none|{'|'.join(PIECES)} [parplan arguments]")
        sys.meta_path.insert(0, _PatchOnImport(*PIECES[piece]))
    sys.argv = ["parplan", *sys.argv[2:]]
    from parplan.cli.app import main as parplan_main

    parplan_main()


if __name__ == "__main__":
    main()
