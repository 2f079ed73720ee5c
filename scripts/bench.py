"""Whole-process start-to-finish time of everyday commands, against `python -c "import typer"`.

Run from the repository root:  uv run python scripts/bench.py [--runs N]

Each command is started N times (default 15) as a fresh process; the median wall time is
reported, and the overhead over importing Typer alone (the floor any Typer CLI pays). Not a
test: timings depend on the machine, so nothing here passes or fails.
"""

from __future__ import annotations

import argparse
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
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *arguments], check=True, capture_output=True)
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
