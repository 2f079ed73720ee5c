"""Commands of the parplan CLI: views. Registered on the app of ``parplan.cli``."""

from __future__ import annotations
