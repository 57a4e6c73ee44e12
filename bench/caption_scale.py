"""Caption scale: the whole build against a plain loop over N image-caption pairs (issue #25).

The corpus is what img2dataset writes and the `captions` source reads by extension: WebDataset
tars of ``PER_TAR`` pairs, each a 256 px JPEG (bench.dedup_images: photo crops, collages, drawn
scenes, q70-95) with a ``txt`` caption of 10-30 words (bench.dedup_scale's captions, one in ten an
edited copy of an earlier one in its tar; captions are not deduplicated, pictures are; pairs past
the first `PICTURES` reuse its pictures with new captions). Tars are
made once under /tmp; a corpus is the cached full tars from the first on, plus one smaller tar for
the rest, so repeats and larger sizes do not make them again.

Each run is its own child process, measured by ``os.wait4``: CPU (user + system), wall time and
that child's peak resident memory. The runs: the plain loop (read each pair with webdataset,
decode the JPEG, encode it again at q90, write the pair with `webdataset.TarWriter`, 1000 to a
shard); `python -m pipelines.build` with quality off; with the default quality (filters, exact and
near dedup); and with the default quality but near-image dedup off (a config file). The build keeps
a JPEG's bytes when nothing about it needs changing, so the plain loop's encode is work the build
does not do. A run over ``BASELINE`` pairs gives each mode's fixed memory and CPU (Python, Beam,
models; webdataset imports torch when it is installed, a fixed cost of the plain loop); the rest,
divided by the pairs above it, is what each pair costs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import bench_parser, report

MODULE = "bench.caption_scale"
REPO = Path(__file__).resolve().parent.parent
CACHE = Path("/tmp/vlbuild-bench-caption-scale")
PER_TAR = 1000  # pairs a tar (img2dataset writes 10,000; smaller tars let small corpora share them)
# Pictures are generated for the first PICTURES pairs (~3 ms each); later pairs reuse them, each with
# its own caption, so a million-pair corpus is made in minutes. Keys stay distinct (the captions
# source keys a pair by picture and caption); with quality on the repeats are exact image duplicates.
PICTURES = 100_000
BASELINE = 100
BUILD = ["--progress", "off", "--no-report"]
MODES = {
    "plain": "plain loop",
    "off": "build, quality off",
    "on": "build, quality on",
    "no_near_images": "build, quality on, near-image dedup off",
}


def _tar(index: int, count: int) -> Path:
    """Cached tar ``index`` of ``count`` pairs (pairs ``index * PER_TAR`` on), made if missing."""
    import webdataset as wds

    from bench.dedup_images import generated_jpeg
    from bench.dedup_scale import captions

    path = CACHE / "tars" / f"pairs-{index:05d}-{count}.tar"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    texts, _ = captions(count, seed=index)
    if index * PER_TAR >= PICTURES:  # a picture made before, with this tar's own captions
        source = _tar(index % (PICTURES // PER_TAR), PER_TAR)
        pictures = [s["jpg"] for s in wds.WebDataset(str(source), shardshuffle=False, empty_check=False)]
    else:
        pictures = (generated_jpeg(index * PER_TAR + j) for j in range(count))
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as f, wds.TarWriter(f, encoder=False, mtime=0) as out:
        for j, (text, picture) in enumerate(zip(texts, pictures)):
            out.write({"__key__": f"{index * PER_TAR + j:09d}", "jpg": picture, "txt": text.encode()})
    partial.rename(path)  # a generation cut short leaves no tar that looks whole
    return path


def corpus(pairs: int) -> Path:
    """A folder of WebDataset tars holding the first ``pairs`` generated pairs (hard links to the cache)."""
    folder = CACHE / f"corpus-{pairs}"
    if folder.exists():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=CACHE))
    for index, start in enumerate(range(0, pairs, PER_TAR)):
        tar = _tar(index, min(PER_TAR, pairs - start))
        os.link(tar, staging / tar.name)
    staging.rename(folder)
    return folder


def plain_loop(inputs: Path, output: Path) -> int:
    """Read every pair of the tars in ``inputs``, decode its JPEG, encode it again, write the pair
    to shards of 1000 under ``output``; returns the pairs written."""
    import webdataset as wds
    from PIL import Image

    output.mkdir(parents=True, exist_ok=True)
    urls = [str(p) for p in sorted(inputs.glob("*.tar"))]
    written, writer = 0, None
    try:
        for sample in wds.WebDataset(urls, shardshuffle=False, empty_check=False):
            if written % 1000 == 0:
                if writer:
                    writer.close()
                writer = wds.TarWriter(str(output / f"shard-{written // 1000:06d}.tar"), encoder=False)
            image = Image.open(io.BytesIO(sample["jpg"])).convert("RGB")
            buf = io.BytesIO()
            image.save(buf, format="JPEG", quality=90)
            writer.write({"__key__": sample["__key__"], "jpg": buf.getvalue(), "txt": sample["txt"]})
            written += 1
    finally:
        if writer:
            writer.close()
    return written


def _command(mode: str, inputs: Path, output: Path) -> list[str]:
    if mode == "plain":
        return [sys.executable, "-m", MODULE, "--plain-child", str(inputs), str(output)]
    build = [sys.executable, "-m", "pipelines.build", "--output", str(output), *BUILD]
    if mode == "off":
        return [*build, "--input", str(inputs), "--quality", "off"]
    if mode == "on":
        return [*build, "--input", str(inputs)]
    config = output.parent / f"{output.name}.yaml"  # near-image dedup is switched in a config only
    config.write_text(json.dumps({"sources": [{"paths": [str(inputs)], "source": "captions"}],
                                  "quality": {"dedup": {"near_images": False}}}))
    return [*build, "--config", str(config)]


def measure(mode: str, pairs: int, work: Path) -> dict:
    """One run of ``mode`` over the first ``pairs`` pairs in a child process: CPU s, wall s, peak
    MiB of that child alone, and the pairs it wrote."""
    inputs, output = corpus(pairs), work / f"{mode}-{pairs}"
    shutil.rmtree(output, ignore_errors=True)
    log = work / f"{mode}-{pairs}.log"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    t0 = time.perf_counter()
    with open(log, "w") as out:
        child = subprocess.Popen(_command(mode, inputs, output), cwd=work, env=env, stdout=out,
                                 stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own usage (RUSAGE_CHILDREN keeps the max of all)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{MODES[mode]} over {pairs} pairs failed ({child.returncode}):\n"
                         f"{log.read_text(errors='replace')[-3000:]}")
    row = {"mode": mode, "pairs": pairs, "cpu": usage.ru_utime + usage.ru_stime, "wall": wall,
           "peak_mib": usage.ru_maxrss / 1024, "written": _written(mode, output, log)}
    shutil.rmtree(output, ignore_errors=True)
    return row


def _written(mode: str, output: Path, log: Path) -> int:
    """Pairs the run wrote: the plain loop's own count, the build's manifest's caption samples."""
    if mode == "plain":
        return int(log.read_text().split()[-1])
    manifest = json.loads((output / "manifest.json").read_text())
    return int(manifest["totals"]["samples"].get("caption", 0))


def table(rows: dict, sizes: list[int], modes: list[str]) -> list[str]:
    """The result table: one line a size; each run's CPU s / wall s / peak MiB; the CPU and peak
    each pair adds above the ``BASELINE`` run (fixed costs out); the plain loop's pairs per CPU s
    over each build's, whole runs."""
    builds = [m for m in modes if m != "plain"]
    every, each_build = " / ".join(modes), " / ".join(builds)

    def above(n: int, field: str, scale: float, digits: int) -> str:
        if n == BASELINE:
            return "-"
        return " / ".join(f"{(rows[m, n][field] - rows[m, BASELINE][field]) * scale / (n - BASELINE):.{digits}f}"
                          if (m, n) in rows else "-" for m in modes)

    lines = ["Runs: " + "; ".join(f"`{m}` = {MODES[m]}" for m in modes)
             + ". Each run's cell is CPU s / wall s / peak MiB.", "",
             ("| pairs | " + " | ".join(f"`{m}`" for m in modes)
              + f" | CPU ms per pair above the {BASELINE}-pair run ({every}) "
              f"| KiB of peak per pair above the {BASELINE}-pair run ({every}) "
              f"| plain loop pairs per CPU s ÷ the build's, whole runs ({each_build}) |"),
             "|---|" + "---|" * (len(modes) + 3)]
    for n in [BASELINE, *sizes]:
        ratio = " / ".join(f"{rows[m, n]['cpu'] / rows['plain', n]['cpu']:.1f}x"
                           if (m, n) in rows and ("plain", n) in rows else "-" for m in builds)
        cells = " | ".join(f"{rows[m, n]['cpu']:.1f} / {rows[m, n]['wall']:.1f} / {rows[m, n]['peak_mib']:.0f}"
                           if (m, n) in rows else "not run" for m in modes)
        lines.append(f"| {n:,}{' (baseline)' if n == BASELINE else ''} | {cells} | {above(n, 'cpu', 1000, 2)} | "
                     f"{above(n, 'peak_mib', 1024, 1)} | {ratio} |")
    return lines


def main(argv=None) -> None:
    parser = bench_parser(MODULE, __doc__, repeats=1)
    parser.add_argument("--sizes", default="10000,30000", help="corpus sizes in pairs, comma-separated, smallest first")
    parser.add_argument("--modes", default=",".join(MODES), help=f"runs to make, of {', '.join(MODES)}")
    parser.add_argument("--only", action="append", default=[], metavar="MODE=SIZE",
                        help="also run MODE at SIZE alone (e.g. off=100000); repeat for more")
    parser.add_argument("--plain-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.plain_child:
        print(plain_loop(Path(args.plain_child[0]), Path(args.plain_child[1])))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s and int(s) != BASELINE]  # the baseline runs anyway
    extra = [(m, int(n)) for m, _, n in (item.partition("=") for item in args.only)]
    chosen = [m for m in args.modes.split(",") if m]
    modes = [m for m in MODES if m in chosen or m in {m for m, _ in extra}]  # each with its baseline run
    unknown = sorted((set(chosen) | {m for m, _ in extra}) - set(MODES))
    if unknown:
        parser.error(f"unknown mode(s) {unknown}; known: {list(MODES)}")
    for n in [BASELINE, *sizes, *(n for _, n in extra)]:
        t0 = time.perf_counter()
        corpus(n)
        print(f"corpus of {n} pairs ready in {time.perf_counter() - t0:.0f} s", flush=True)
    rows = {}
    work = Path(tempfile.mkdtemp(prefix="vlbuild-caption-scale-"))
    try:
        runs = [(m, BASELINE) for m in modes] + [(m, n) for n in sizes for m in chosen] + extra
        for mode, n in runs:
            rows[mode, n] = measure(mode, n, work)
            print(json.dumps(rows[mode, n]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    everything = sorted(set(sizes) | {n for _, n in extra})
    largest = everything[-1] if everything else BASELINE
    pair_kib = sum(p.stat().st_size for p in corpus(largest).glob("*.tar")) / 1024 / largest
    written = ["Pairs written: " + "; ".join(
        f"{n:,}: " + ", ".join(f"{m} {rows[m, n]['written']:,}" for m in MODES if (m, n) in rows)
        for n in [BASELINE, *everything]) + "."]
    lines = [(f"Corpus: WebDataset tars of {PER_TAR} pairs (256 px JPEG q70-95 + a 10-30 word caption, "
              f"{pair_kib:.1f} KiB a pair in the tars). One child process a run, Beam's in-process runner; "
              "CPU is user + system of the child, peak its own maximum resident size."), "",
             *table(rows, everything, modes), "", *written]
    report("Caption scale: the build against a plain loop over image-caption pairs", MODULE, lines,
           not args.no_record)


if __name__ == "__main__":
    main()
