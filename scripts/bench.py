"""Whole-process start-to-finish time of everyday commands, against `python -c "import typer"`.

Run from the repository root:  uv run python scripts/bench.py [--runs N]

Each command is started N times (default 15) as a fresh process, after one warm-up run; the
median wall time is reported, and the overhead over importing Typer alone (the floor any Typer
CLI pays). Not a test: timings depend on the machine, so nothing here passes or fails.

Python's bytecode cache is allowed (PYTHONDONTWRITEBYTECODE is removed from the children's
environment), as on the staff's machines: without it every run compiles every module again.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

COMMANDS: dict[str, list[str]] = {
    'python -c "import typer"': ["-c", "import typer"],
    "parplan --help": ["-m", "parplan", "--help"],
    "parplan validate": ["-m", "parplan", "validate"],
    'parplan due --unit "Văn phòng Bộ"': [
        "-m",
        "parplan",
        "due",
        "--unit",
        "Văn phòng Bộ",
        "--as-of",
        "2025-03-15",
    ],
    "parplan due --format json": [
        "-m",
        "parplan",
        "due",
        "--as-of",
        "2025-03-15",
        "--format",
        "json",
    ],
}


def median_seconds(arguments: list[str], runs: int) -> float:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, *arguments]
    subprocess.run(command, check=True, capture_output=True, env=environment)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=environment)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    baseline = None
    print(f"median of {runs} runs, {sys.executable}")
    for name, arguments in COMMANDS.items():
        seconds = median_seconds(arguments, runs)
        if baseline is None:
            baseline = seconds
            print(f"{seconds * 1000:8.1f} ms  {name}")
        else:
            print(
                f"{seconds * 1000:8.1f} ms  {name}  (+{(seconds - baseline) * 1000:.1f} ms over typer)"
            )


if __name__ == "__main__":
    main()
