"""Run parplan as ``python -m parplan``; ``run`` is also the ``parplan`` command's entry point."""

import gc


def run() -> None:
    """Start the command line with the cyclic garbage collector already off.

    ``cli.main`` turns it off for the command itself (see there); turning it off before
    ``parplan.cli.app`` and its modules are imported as well saves the collections that creating
    their classes and tables would trigger: about 5 ms of a 100 ms start-up. A library user
    importing ``parplan`` keeps the collector as it was: only the program does this.
    """
    gc.disable()
    # lazy: after the collector is off, for the reason above
    from parplan.cli.app import main

    main()


if __name__ == "__main__":
    run()
