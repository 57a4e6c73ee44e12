"""Helpers for benchmarks: timing, and appending a result block to bench/RESULTS.md."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import os
import platform
import shutil
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def best_of(repeats: int, fn) -> float:
    """The fastest of ``repeats`` timed calls: the least disturbed by other work on the machine."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def cpu_seconds() -> float:
    """CPU seconds (user + system) this process and its waited-for children have used so far: every thread of
    an in-process Beam runner counts, and other work on a shared machine does not (wall time grows with it)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def least_of(repeats: int, fn) -> tuple[float, float]:
    """The fastest wall time and the least CPU time (seconds, each the minimum over ``repeats`` calls)."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), cpu_seconds()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(cpu_seconds() - cpu)
    return min(walls), min(cpus)


def append_result(title: str, module: str, lines: list[str]) -> None:
    """Append a dated block naming the command that produced it (``python -m MODULE ARGS``)."""
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = " ".join(["python -m", module, *sys.argv[1:]])
    block = [f"## {title} ({stamp})", "", f"Command: `{command}`", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}", "",
             *lines, ""]
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write("\n".join(block) + "\n")


def bench_parser(module: str, doc: str, repeats: int) -> argparse.ArgumentParser:
    """A benchmark's CLI with the flags every benchmark has: ``--repeats`` and ``--no-record``."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=repeats, help="timed repeats of each side; the best counts")
    parser.add_argument("--no-record", action="store_true", help="print only; do not append to RESULTS.md")
    return parser


def report(title: str, module: str, lines: list[str], record: bool) -> None:
    """Print a result block and, unless told not to, append it to RESULTS.md."""
    print("\n".join(lines))
    if record:
        append_result(title, module, lines)


def run_build(inputs: Path, output: Path, *flags: str) -> None:
    """One whole build, its summary silenced, into an emptied ``output``: nothing carried over from an
    earlier repeat (no shards, no per-input checkpoints), so each repeat does all the work. The
    quality stage is off unless ``flags`` turn it on: these benches compare a source's work with the
    raw library's (the dedup benches measure the quality stage)."""
    from pipelines.build import main

    shutil.rmtree(output, ignore_errors=True)
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["--input", str(inputs), "--output", str(output), "--progress", "off", "--quality", "off", *flags])
    assert code == 0
