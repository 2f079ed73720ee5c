"""Run parplan from a checkout without installing it: ``python cli.py due --unit "VP"``."""

from parplan.cli.app import main

if __name__ == "__main__":
    main()
