"""The errors of edits to plan files: a request that does not fit the plan, or a file that
cannot be edited. ``key`` names a sentence of ``parplan.render.i18n.LABELS``; the CLI renders
them with the exit code they carry."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parplan.core.model import Diagnostic


class LedgerError(Exception):
    """A change that cannot be made. ``key`` names its sentence in ``i18n.LABELS``."""

    exit_code = 1

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class RequestError(LedgerError):
    """The request does not fit the plan: unknown ID or milestone, nothing to undo, …"""

    exit_code = 2


class DataError(LedgerError):
    """The file cannot be edited: it has errors, the result would have, it is locked, …"""

    exit_code = 1

    def __init__(
        self, key: str, diagnostics: tuple[Diagnostic, ...] = (), **values: object
    ) -> None:
        super().__init__(key, **values)
        self.diagnostics = diagnostics
