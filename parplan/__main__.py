"""Run parplan as ``python -m parplan``."""

from parplan.cli import main

main()
