"""Commands of the parplan CLI: ledger. Registered on the app of ``parplan.cli``."""

from __future__ import annotations
