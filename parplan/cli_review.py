"""Commands of the parplan CLI: review. Registered on the app of ``parplan.cli``."""

from __future__ import annotations
