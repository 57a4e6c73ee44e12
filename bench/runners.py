"""Runners: the default build (the bundled samples, quality on) in-process, multi-processing and on Dask;
with ``--captions N``, the build of bench.caption_scale's corpus of N image-caption pairs instead.

Each build runs in a child process, launched from a scratch folder, into a fresh output. The child
and every process it starts (Beam's worker processes, Dask's scheduler-side client and its workers,
Chromium for the web pages) are sampled every 0.2 s with psutil: wall time, CPU seconds and peak
resident memory per process, grouped by role. The shards of every run are compared with the
in-process run's, byte for byte. On Dask the number of tasks in the graph is read from the runner's log.
Needs the ``dask`` extra (``pip install -e '.[dask]'``; psutil comes with distributed).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import bench_parser, report

REPO = Path(__file__).resolve().parent.parent
RUNNERS = {
    "in-process (FnApiRunner)": [],
    "multi-processing, 2 workers": ["--direct_num_workers=2", "--direct_running_mode=multi_processing"],
    "Dask, 2 worker processes (LocalCluster)": ["--runner=dask", "--dask_workers=2"],
}
# the child logs the Dask runner's task count; everything else as the build does it
CHILD = ("import logging, sys; logging.basicConfig(level=logging.WARNING); "
         "logging.getLogger('pipelines.dask_runner').setLevel(logging.INFO); "
         "from pipelines.build import main; sys.exit(main(sys.argv[1:]))")


def role(proc) -> str:
    """What a process is, from its command line."""
    try:
        cmd = " ".join(proc.cmdline())
    except Exception:
        return "other"
    if "spawn_main" in cmd:
        return "dask worker"
    if "sdk_worker_main" in cmd or "worker_pool_main" in cmd:
        return "beam worker"
    if "chrom" in cmd or "playwright" in cmd or "node" in proc.name():
        return "chromium/playwright"
    return "other"


def caption_flags(pairs: int, quality: str) -> list[str]:
    """The build of bench.caption_scale's ``pairs``-pair corpus (made once, cached under /tmp)."""
    from bench.caption_scale import corpus

    return ["--input", str(corpus(pairs)), "--no-report", *(["--quality", "off"] if quality == "off" else [])]


def run(flags: list[str], output: Path, cwd: Path) -> dict:
    """Run one build; returns wall seconds, per-role CPU seconds and peak RSS, and the log."""
    import psutil

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    log_path = cwd / "build.log"
    with open(log_path, "w") as log:
        child = subprocess.Popen([sys.executable, "-c", CHILD, "--output", str(output), "--progress", "off", *flags],
                                 cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    root = psutil.Process(child.pid)
    seen: dict[int, dict] = {}
    while child.poll() is None:
        for proc in [root, *root.children(recursive=True)]:
            try:
                with proc.oneshot():
                    cpu = proc.cpu_times()
                    rss = proc.memory_info().rss
                entry = seen.setdefault(proc.pid, {"role": "launcher" if proc.pid == root.pid else role(proc),
                                                   "cpu": 0.0, "rss": 0})
                entry["cpu"] = max(entry["cpu"], cpu.user + cpu.system)
                entry["rss"] = max(entry["rss"], rss)
            except psutil.Error:
                pass
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    text = log_path.read_text(errors="replace")
    if child.returncode != 0:
        raise SystemExit(f"build failed ({child.returncode}):\n{text[-3000:]}")
    roles: dict[str, list[dict]] = defaultdict(list)
    for entry in seen.values():
        roles[entry["role"]].append(entry)
    tasks = re.search(r"DaskRunner: (\d+) tasks", text)
    return {"wall": wall, "roles": roles, "tasks": int(tasks.group(1)) if tasks else None}


def shards(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.glob("*/*.tar"))}


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.runners", __doc__, repeats=1)
    parser.add_argument("--runner", action="append", choices=list(RUNNERS),
                        help="only these runners (repeat); default all three")
    parser.add_argument("--captions", type=int, metavar="N",
                        help="build N generated caption pairs (bench.caption_scale's corpus) instead of the samples")
    parser.add_argument("--quality", choices=("on", "off"), default="on",
                        help="with --captions: the quality stage on (default) or off")
    args = parser.parse_args(argv)
    inputs = caption_flags(args.captions, args.quality) if args.captions else []
    work = Path(tempfile.mkdtemp(prefix="vlbuild-runners-"))
    rows, detail, reference = [], [], None
    try:
        for name in args.runner or list(RUNNERS):
            best = None
            for _ in range(args.repeats):
                out = work / "out"
                shutil.rmtree(out, ignore_errors=True)
                result = run([*RUNNERS[name], *inputs], out, work)
                best = result if best is None or result["wall"] < best["wall"] else best
            built = shards(out)
            reference = built if reference is None else reference
            same = "yes" if built == reference else "NO"
            cpu = sum(e["cpu"] for entries in best["roles"].values() for e in entries)
            rows.append(f"| {name} | {best['wall']:.1f} | {cpu:.1f} | {best['tasks'] or '-'} | {same} |")
            print(rows[-1], flush=True)
            for what, entries in sorted(best["roles"].items()):
                entries = sorted(entries, key=lambda e: -e["rss"])
                detail.append(f"| {name} | {what} | {len(entries)} | "
                              + ", ".join(f"{e['cpu']:.1f}" for e in entries[:4]) + " | "
                              + ", ".join(f"{e['rss'] / 2**20:.0f}" for e in entries[:4]) + " |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = ["| runner | wall s | CPU s (all processes) | Dask tasks | shards identical to in-process |",
             "|---|---|---|---|---|", *rows, "",
             "Per process (the four largest of each role; `launcher` is the `python -m pipelines.build` process,",
             "which on Dask also holds the scheduler):", "",
             "| runner | role | processes | CPU s each | peak RSS MiB each |", "|---|---|---|---|---|", *detail]
    what = f"{args.captions:,} caption pairs, quality {args.quality}" if args.captions else "the default build"
    report(f"Runners: {what} in-process, multi-processing and on Dask", "bench.runners", lines, not args.no_record)


if __name__ == "__main__":
    main()
