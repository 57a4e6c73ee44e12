"""Document stage speed: the build's pages/s against a plain PyMuPDF loop, in one run.

The raw loop renders every page to a PNG whose longest side is 1024 px and extracts
its text with ``get_text``; the pipeline does the same and also reconstructs the page
as markdown (columns, headings, lists, tables where ruling lines exist, running
headers/footers), keeps block and line boxes, and writes shards and the manifest, on
Beam's in-process runner with one worker, start-up included. ``--table-share`` makes
that share of the documents a two-column journal layout with a ruled table on every
page (table detection is the costly part). Both run on one core. The same build on a one-page document
gives the build's fixed cost (Beam's start, the OCR model's load, the manifest and report), which the
report subtracts for the per-page ratio beside the whole one. The ratio is of CPU seconds (user + system,
every thread of the in-process runner), as the issue measures it; wall seconds are shown beside.
Target: the pipeline at >= 0.8x the raw loop's pages/s on the generated corpus, >= 0.5x on real
manuals. ``--real`` measures Debian's PDF manuals instead (debian-reference-en and asymptote-doc,
fetched with ``apt-get download`` at bench time, never bundled).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import bench_parser, least_of, report, run_build
from samples.make_samples import chart_png, make_pdf, structured_pdf

_PARAGRAPH = ("<p>Section {d}.{p}: measurements of the sample were repeated at three temperatures and "
              "the mean deviation stayed below two percent, which agrees with the model in chapter {d}.</p>")


def make_corpus(root: Path, docs: int, pages: int, table_share: float = 0.0) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in range(docs):
        html = [f"<h2>Document {d}, page {p + 1}</h2>" + "".join(_PARAGRAPH.format(d=d, p=i) for i in range(6))
                for p in range(pages)]
        path = root / f"doc{d:03d}.pdf"
        if table_share and d % round(1 / table_share) == 0:  # journal layout: columns, running lines, a table
            path.write_bytes(structured_pdf(pages))
        else:
            path.write_bytes(make_pdf(html, images={0: chart_png(seed=d + 1)}))
        paths.append(path)
    return paths


REAL_PACKAGES = {"debian-reference-en": "usr/share/debian-reference/debian-reference.en.pdf",
                 "asymptote-doc": "usr/share/doc/asymptote/asymptote.pdf"}


def real_corpus(root: Path) -> list[Path]:
    """Debian's PDF manuals (`REAL_PACKAGES`), downloaded and unpacked into ``root`` (never installed)."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *REAL_PACKAGES], cwd=root, check=True, capture_output=True, timeout=600)
    paths = []
    for package, member in REAL_PACKAGES.items():
        [deb] = root.glob(f"{package}_*.deb")
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root / "x")], check=True)
        paths.append(root / f"{package}.pdf")
        shutil.move(root / "x" / member, paths[-1])
        deb.unlink()
    shutil.rmtree(root / "x")
    return paths


def raw_loop(paths: list[Path], side: int = 1024) -> int:
    """What a person would write with PyMuPDF alone: render, encode PNG, get text."""
    import pymupdf

    pages = 0
    for path in paths:
        with pymupdf.open(path) as doc:
            for page in doc:
                scale = side / max(page.rect.width, page.rect.height)
                pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
                pix.tobytes("png")
                page.get_text("text")
                pages += 1
    return pages


def pipeline(corpus: Path, output: Path) -> None:
    run_build(corpus, output, "--kinds", "doc_ocr")


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser("bench.pdf", __doc__, repeats=3)
    parser.add_argument("--docs", type=int, default=30, help="documents in the generated corpus")
    parser.add_argument("--pages", type=int, default=10, help="pages per document")
    parser.add_argument("--table-share", type=float, default=0.0,
                        help="share of documents in a two-column layout with a ruled table on every page")
    parser.add_argument("--real", action="store_true",
                        help="Debian's PDF manuals (apt-get download) instead of the generated corpus")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-"))
    try:
        paths = (real_corpus(work / "corpus") if args.real else
                 make_corpus(work / "corpus", args.docs, args.pages, args.table_share))
        pages = raw_loop(paths)  # also warms the page cache and PyMuPDF
        raw = least_of(args.repeats, lambda: raw_loop(paths))
        one = make_corpus(work / "one", 1, 1)[0].parent  # the build's fixed cost: start-up, models, manifest
        pipeline(one, work / "out-one")  # imports and models loaded once, as the raw loop's first pass warms it
        pipe = least_of(args.repeats, lambda: pipeline(work / "corpus", work / "out"))
        fixed = least_of(args.repeats, lambda: pipeline(one, work / "out-one"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    corpus = (f"Debian's manuals {', '.join(f'{p} ({m.rsplit(chr(47), 1)[1]})' for p, m in REAL_PACKAGES.items())}"
              if args.real else f"{args.docs} documents of {args.pages} pages, {args.table_share:.0%} of them "
              "two-column pages with a ruled table")
    target = 0.5 if args.real else 0.8
    # CPU is the measure (the "s of CPU a page"); wall time rises with whatever else the machine runs
    (raw_wall, raw_cpu), (pipe_wall, pipe_cpu), (fixed_wall, fixed_cpu) = raw, pipe, fixed
    lines = [f"Corpus: {corpus}.", "",
             f"| what | pages | CPU s (least of {args.repeats}) | wall s (least of {args.repeats}) | pages per CPU s |",
             "|---|---|---|---|---|",
             f"| plain PyMuPDF loop (render 1024 px + PNG + get_text) | {pages} | {raw_cpu:.2f} | {raw_wall:.2f} | "
             f"{pages / raw_cpu:.1f} |",
             f"| `python -m pipelines.build` (FnApiRunner, 1 worker, whole build, markdown targets) | {pages} | "
             f"{pipe_cpu:.2f} | {pipe_wall:.2f} | {pages / pipe_cpu:.1f} |",
             f"| the same build on one 1-page document (its fixed cost) | 1 | {fixed_cpu:.2f} | {fixed_wall:.2f} | - |",
             "",
             f"Ratio pipeline / raw, CPU: **{raw_cpu / pipe_cpu:.2f}x** (target >= {target}x); wall: "
             f"{raw_wall / pipe_wall:.2f}x. Past the fixed cost (each page's own work, "
             f"{(pipe_cpu - fixed_cpu) / pages * 1000:.1f} ms of CPU against the raw loop's "
             f"{raw_cpu / pages * 1000:.1f} ms): {raw_cpu / max(pipe_cpu - fixed_cpu, 1e-9):.2f}x."]
    report("Document stage (markdown targets): pipeline vs plain PyMuPDF", "bench.pdf", lines,
           record=not args.no_record)


if __name__ == "__main__":
    main()
