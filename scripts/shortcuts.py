"""What each speed shortcut saves: the same command with the piece and without it (issue 22, 6).

Run from the repository root:  uv run python scripts/shortcuts.py [--sizes 10000,100000]
[--runs 5] [--pieces fastread,splice,…] [--commands "due cold,done,…"] [--keep FOLDER]
[--json FILE]

For the real plan (``data/plan-2025.yaml``, copied to a temporary folder with its units file)
and the realistic generated plans of ``scripts/bench.py`` (its ``generate``), each command is
run as whole processes, "with" (parplan as users run it) and "without" each piece that bears on
it, alternately, after one untimed warm-up of each; the figures are medians over ``--runs``
rounds (3 at most on a plan over 50,000 items) of the child's processor time (user + system,
the main figure: the machine is shared, and wall time moves with the others' load) and of its
wall time. "Without" is the slow way the piece declines to, switched by
``scripts/without.py`` (which patches the one function, then runs ``parplan.cli.app.main()``;
"with" goes through the same runner, patching nothing) and, for the cache, parplan's own
``PARPLAN_CACHE=off``. Nothing in ``parplan/`` knows of either.

Commands (``--as-of 2025-04-15``, ``--unit "Văn phòng Bộ"``, output captured through a pipe):
``due --unit`` and ``validate`` cold (the cache emptied before each run), ``due --unit`` and
``list`` with the cache filled (the tables, through the pipe), ``done`` (an edit, the file's bytes put back and the cache filled
again, untimed, after each run), ``fmt --check``. Each command's output without a piece is
compared with its output with it (a difference is printed: the shortcut would be wrong), and the
warm-up says whether the patched module was reached at all.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402  (scripts/bench.py: its generator and constants)

RUNNER = str(ROOT / "scripts" / "without.py")
AS_OF = bench.AS_OF
UNIT = bench.UNIT
# command: the pieces that bear on it
PIECES_OF = {
    "due cold": ("fastread", "fastread_body"),
    "validate cold": ("fastread", "fastread_body"),
    "due cached": ("cache", "plain", "wrap"),
    "list piped": ("cache", "plain", "wrap"),
    "done": ("splice", "cache"),
    "fmt --check": ("fmt_quick",),
}
PIECES = ("fastread", "fastread_body", "splice", "plain", "wrap", "fmt_quick", "cache")


@dataclass
class Runs:
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    failed: int = 0
    output: bytes | None = None
    reached: bool | None = None
    error: str = ""  # the end of the first failed run's stderr

    def median(self, which: str) -> float:
        values = getattr(self, which)
        return statistics.median(values) if values else float("nan")


def run_once(command: list[str], env: dict[str, str], runs: Runs, first: bool = False) -> None:
    """One process, its stdout read through a pipe (as ``| cat``) to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = process.communicate()  # both pipes drained; the process has exited
    wall = time.perf_counter() - start
    # communicate() has waited for the child already: its usage is in the children's totals.
    runs.wall.append(wall)
    if process.returncode != 0:
        runs.failed += 1
        runs.error = runs.error or err.decode("utf-8", "replace").strip()[-200:]
    if first:
        runs.output = out
        runs.reached = b"without.py: patched" in err
    else:
        runs.output = runs.output if runs.output is not None else out


def children_cpu() -> float:
    """User + system seconds of the children that have ended (``resource``: microseconds;
    ``os.times`` on Windows, in clock ticks)."""
    try:
        import resource
    except ImportError:
        usage = os.times()
        return usage.children_user + usage.children_system
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def timed(command: list[str], env: dict[str, str], runs: Runs, first: bool = False) -> None:
    before = children_cpu()
    run_once(command, env, runs, first)
    if not first:
        runs.cpu.append(children_cpu() - before)
    else:
        runs.wall.pop()


def measure(
    variants: dict[str, tuple[list[str], dict[str, str]]],
    rounds: int,
    before: Callable[[], None] | None,
) -> dict[str, Runs]:
    """Each variant once untimed (warm-up, output, whether the patch ran), then ``rounds``
    rounds, the variants alternating; ``before()`` untimed before every run."""
    found = {name: Runs() for name in variants}
    for name, (command, env) in variants.items():
        if before:
            before()
        timed(command, {**env, "SHORTCUTS_SAY": "1"}, found[name], first=True)
    for _ in range(rounds):
        for name, (command, env) in variants.items():
            if before:
                before()
            timed(command, env, found[name])
    return found


def plans(sizes: list[int], folder: Path) -> dict[str, tuple[Path, str]]:
    """name: (plan file, an item ``done`` can record: dated, nothing recorded yet)."""
    real = folder / "real"
    real.mkdir()
    shutil.copyfile(bench.PLAN, real / "plan-2025.yaml")
    shutil.copyfile(bench.UNITS, real / "units.yaml")
    out = {"real": (real / "plan-2025.yaml", "I.2.1")}
    for size in sizes:
        path = bench.generate(size, folder / str(size), realistic=True)
        out[f"{size // 1000}k"] = (path, "I.1.2")
    return out


def measure_plan(
    label: str,
    plan: Path,
    item: str,
    pieces: set[str],
    wanted_commands: set[str],
    runs: int,
    env: dict[str, str],
    cache: Path,
) -> list[dict[str, object]]:
    p = ["--plan", str(plan)]
    commands = {
        "due cold": ["due", "--unit", UNIT, "--as-of", AS_OF, *p],
        "validate cold": ["validate", *p],
        "due cached": ["due", "--unit", UNIT, "--as-of", AS_OF, *p],
        "list piped": ["list", "--as-of", AS_OF, *p],
        "done": ["done", item, "-m", "1", "--on", "2025-04-10", "-e", "Bench", *p],
        "fmt --check": ["fmt", "--check", str(plan)],
    }
    original = plan.read_bytes()
    fill = [sys.executable, RUNNER, "none", *commands["due cached"]]

    def clear() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def filled() -> None:
        subprocess.run(fill, cwd=ROOT, env=env, capture_output=True, check=False)

    def restored() -> None:
        if plan.read_bytes() != original:
            plan.write_bytes(original)
        filled()

    before: dict[str, Callable[[], None] | None] = {
        "due cold": clear,
        "validate cold": clear,
        "due cached": None,
        "list piped": None,
        "done": restored,
        "fmt --check": None,
    }
    rows: list[dict[str, object]] = []
    for name, arguments in commands.items():
        wanted = [piece for piece in PIECES_OF[name] if piece in pieces]
        if not wanted or name not in wanted_commands:
            continue
        variants = {"with": ([sys.executable, RUNNER, "none", *arguments], env)}
        for piece in wanted:
            if piece == "cache":
                variants[piece] = (
                    [sys.executable, RUNNER, "none", *arguments],
                    {**env, "PARPLAN_CACHE": "off"},
                )
            else:
                variants[piece] = ([sys.executable, RUNNER, piece, *arguments], env)
        filled()
        found = measure(variants, runs, before[name])
        plan.write_bytes(original)
        with_ = found["with"]
        start = len(rows)
        for piece in wanted:
            without = found[piece]
            rows.append(
                {
                    "command": name,
                    "piece": piece,
                    "with_cpu": with_.median("cpu"),
                    "without_cpu": without.median("cpu"),
                    "with_wall": with_.median("wall"),
                    "without_wall": without.median("wall"),
                    "runs": len(without.cpu),
                    "failed": with_.failed + without.failed,
                    "error": with_.error or without.error,
                    "reached": True if piece == "cache" else without.reached,
                    # ``done`` prints today's date and the edit: compare the rest only
                    "same_output": name == "done" or with_.output == without.output,
                }
            )
        show(label, rows[start:])
    return rows


def show(plan: str, rows: list[dict[str, object]]) -> None:
    for row in rows:
        wc, oc = float(row["with_cpu"]), float(row["without_cpu"])  # type: ignore[arg-type]
        ww, ow = float(row["with_wall"]), float(row["without_wall"])  # type: ignore[arg-type]
        notes = []
        if row["failed"]:
            notes.append(f"{row['failed']} runs failed: {row['error']!r}")
        if not row["reached"]:
            notes.append("patch not reached")
        if not row["same_output"]:
            notes.append("OUTPUT DIFFERS")
        print(
            f"| {row['piece']} | {plan} | {row['command']} | {wc * 1000:.0f} | {oc * 1000:.0f} "
            f"| {(oc - wc) * 1000:+.0f} | {ww * 1000:.0f} | {ow * 1000:.0f} "
            f"| {(ow - ww) * 1000:+.0f} | {row['runs']} | {'; '.join(notes)} |",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--pieces", default=",".join(PIECES))
    parser.add_argument("--commands", default=",".join(PIECES_OF))
    parser.add_argument("--keep", type=Path, help="generate the plans into this folder")
    parser.add_argument("--json", type=Path, help="write the rows to this file too")
    options = parser.parse_args()
    pieces = set(options.pieces.split(","))
    unknown = pieces - set(PIECES)
    if unknown:
        parser.error(f"unknown pieces: {', '.join(sorted(unknown))}")
    commands = set(options.commands.split(","))
    if commands - set(PIECES_OF):
        parser.error(f"unknown commands: {', '.join(sorted(commands - set(PIECES_OF)))}")
    sizes = [int(size) for size in options.sizes.split(",") if size]
    with tempfile.TemporaryDirectory(prefix="parplan-shortcuts-") as temporary:
        folder = options.keep or Path(temporary)
        if options.keep:
            shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        cache = Path(temporary) / "cache"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update({"COLUMNS": "100", "PARPLAN_CACHE_DIR": str(cache)})
        env.pop("PARPLAN_CACHE", None)
        print(f"load average {os.getloadavg()[0]:.1f}; CPU = user + system of the child (ms)")
        print(
            "| piece | plan | command | with CPU | without CPU | saves CPU | with wall "
            "| without wall | saves wall | runs | note |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        everything: dict[str, list[dict[str, object]]] = {}
        for name, (plan, item) in plans(sizes, folder).items():
            runs = min(options.runs, 3) if plan.stat().st_size > 10e6 else options.runs
            rows = measure_plan(name, plan, item, pieces, commands, runs, env, cache)
            everything[name] = rows
        print(f"load average {os.getloadavg()[0]:.1f}")
        if options.json:
            options.json.write_text(json.dumps(everything, indent=1), encoding="utf-8")
    bad = any(
        row["failed"] or not row["same_output"] for rows in everything.values() for row in rows
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
