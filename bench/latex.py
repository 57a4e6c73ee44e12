"""LaTeX speed: the build's pages/s per core on arXiv-style archives against compiling the same sources with
pdfLaTeX alone, in one run.

Both sides compile the same generated papers (the bundled heat-flow paper, each copy with its own title so
no two are duplicates). The raw side is the floor: pdfLaTeX run twice on each unpacked project (what
resolving references takes), nothing else. The pipeline is the whole build of the archives on the
in-process runner with one worker: unpacking, two pdfLaTeX runs with SyncTeX and the confinement settings,
SyncTeX parsing, blocks, pandoc, page images, agreement, interleaved parts, shards and the manifest (the
quality stage off, as in the other source benches). Both sides use one core, so pages/s is pages/s per core.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import bench_parser, best_of, report, run_build


def make_papers(root: Path, count: int) -> list[Path]:
    """``count`` archives of the sample paper under ``root/archives`` and unpacked under ``root/raw``."""
    from samples.latex_maker import make_archive, paper_files

    archives = []
    for i in range(count):
        files = paper_files()
        title = b"Heat Flow in Thin Plates"
        files["paper.tex"] = files["paper.tex"].replace(title, title + f" {i}".encode())
        (root / "archives").mkdir(parents=True, exist_ok=True)
        path = root / "archives" / f"paper{i:03d}.tar.gz"
        path.write_bytes(make_archive(files))
        archives.append(path)
        for name, data in files.items():
            target = root / "raw" / f"paper{i:03d}" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return archives


def raw_compile(folders: list[Path]) -> int:
    """pdfLaTeX alone, twice a project; returns the pages made."""
    pages = 0
    for folder in folders:
        for _ in range(2):
            subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "paper.tex"], cwd=folder,
                           stdin=subprocess.DEVNULL, capture_output=True, check=True)
        log = (folder / "paper.log").read_text("latin-1")
        pages += int(log.rsplit("Output written on paper.pdf (", 1)[1].split(" page")[0])
    return pages


def main(argv: list[str] | None = None) -> None:
    import json

    from shards import read_samples

    parser = bench_parser("bench.latex", __doc__, repeats=2)
    parser.add_argument("--papers", type=int, default=12, help="copies of the sample paper to build")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-latex-"))
    try:
        make_papers(work, args.papers)
        folders = sorted((work / "raw").iterdir())
        pages = raw_compile(folders[:1])  # warm the disk cache and the format file for both sides
        raw_s = best_of(args.repeats, lambda: raw_compile(folders))
        pages = raw_compile(folders)
        pipe_s = best_of(args.repeats, lambda: run_build(work / "archives", work / "out"))
        manifest = json.loads((work / "out" / "manifest.json").read_text())
        written = manifest["totals"]["samples"].get("doc_ocr", 0)
        assert written == pages, (written, pages)
        agreement = min(s.meta["text_layer_agreement"] for s in read_samples(str(work / "out"), kinds=["doc_ocr"]))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [f"| what | papers | pages | seconds (best of {args.repeats}) | pages/s per core |",
             "|---|---|---|---|---|",
             f"| pdfLaTeX alone, twice a paper (the floor) | {args.papers} | {pages} | {raw_s:.2f} | "
             f"{pages / raw_s:.2f} |",
             f"| `python -m pipelines.build` on the archives (FnApiRunner, 1 worker: unpack, pdfLaTeX x2 with SyncTeX, "
             f"alignment, pandoc, page images, interleaved, shards) | {args.papers} | {written} | {pipe_s:.2f} | "
             f"{written / pipe_s:.2f} |", "",
             f"Ratio pipeline / pdfLaTeX alone: **{raw_s / pipe_s:.2f}x**. The build also includes Beam's start and "
             f"the manifest; the lowest text-layer agreement of a written page: {agreement:.3f}."]
    report("LaTeX sources: pipeline vs pdfLaTeX alone", "bench.latex", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
