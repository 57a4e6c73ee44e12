"""Scanned document pages: the documents source's OCR path against Tesseract 5 on the same page images.

Pages of real English prose (Python's own documentation, ``pydoc_data``) are laid out as A4 PDFs and
scanned: rendered at 150 dpi, turned by a small angle, blurred and speckled, and stored as image-only
PDFs. The project reads each scanned PDF with `sources.documents.read.read_document` (render at 1024
px, its scan engine: Tesseract by default, and PP-OCR through RapidOCR as before, the page layout step,
checks; CPU time of this process and the ``tesseract`` processes it runs); Tesseract (Debian's ``tesseract-ocr``, one thread:
``OMP_THREAD_LIMIT=1``) reads the same 1024 px page images. Both are timed in CPU seconds a page, the
engines' start excluded, and scored by character error rate against the page's known text (words in
order, markdown and line breaks ignored). Needs ``tesseract`` on PATH (``apt-get install
tesseract-ocr``); without it only the project's side is measured.
Target (issue 19): the project at most Tesseract's CPU time a page at equal or better accuracy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.common import bench_parser, report


def page_texts(pages: int, words: int = 260) -> list[str]:
    """Real prose: Python's documentation topics, about ``words`` words a page."""
    from pydoc_data.topics import topics

    text = " ".join(" ".join(topics[name].split()) for name in sorted(topics))
    tokens = [t for t in text.split() if t.isascii()]
    return [" ".join(tokens[i * words:(i + 1) * words]) for i in range(pages)]


def scanned_pdf(text: str, seed: int) -> tuple[bytes, bytes]:
    """(image-only PDF, its page as a 1024 px PNG): ``text`` set on A4, scanned."""
    import pymupdf

    from samples.pdf_maker import make_pdf

    page = pymupdf.open(stream=make_pdf([f"<p>{text}</p>"]))[0]
    image = scan(page, seed)
    return image_only_pdf([(image, page.rect)]), small_png(image)


def scan(page, seed: int):
    """The page as a scanner gives it (a Pillow image): 150 dpi, turned by up to a degree, blurred, speckled."""
    import numpy as np
    from PIL import Image, ImageFilter

    pix = page.get_pixmap(dpi=150)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    rng = np.random.default_rng(seed)
    image = image.rotate(float(rng.uniform(-1.0, 1.0)), resample=Image.Resampling.BICUBIC, fillcolor="white")
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    pixels = np.asarray(image).astype(np.int16)
    speckle = rng.random(pixels.shape[:2]) < 0.002
    pixels[speckle] = 0
    return Image.fromarray(np.clip(pixels + rng.normal(0, 6, pixels.shape), 0, 255).astype(np.uint8))


def image_only_pdf(pages: list) -> bytes:
    """A PDF of ``(Pillow image, page rect)`` pairs, each image filling its page: no text layer."""
    import pymupdf

    scan = pymupdf.open()
    for image, rect in pages:
        scan.new_page(width=rect.width, height=rect.height).insert_image(rect, stream=_png(image))
    return scan.tobytes()


def small_png(image, side: int = 1024) -> bytes:
    """The image with its longest side ``side`` pixels, as PNG (what both OCR engines read)."""
    from PIL import Image

    scale = side / max(image.size)
    return _png(image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS))


def _png(image) -> bytes:
    import io

    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def plain(text: str) -> str:
    """Words in order, markdown marks, <sup>/<sub> tags, backslash escapes and line breaks gone."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", re.sub(r"</?su[bp]>", "", text))
    return " ".join(re.sub(r"^#+ |^- |\*\*", "", line) for line in text.split())


def project(pdfs: list[bytes], scan_backend: str = "tesseract") -> tuple[float, list[str]]:
    """CPU seconds a page and each page's text (documents in order) from the documents source's OCR path
    with ``scan_backend`` reading the scans (engine loaded beforehand)."""
    from sources import SourceContext
    from sources.common.ocr import OcrOptions
    from sources.documents.read import DocumentOptions, read_document

    context = SourceContext(OcrOptions(threads=1, scan_backend=scan_backend))
    context.scan_engine()
    context.ocr_engine()  # PP-OCR too: with Tesseract it reads a scan's margins (`ocr_layout.outer_lines_reread`)
    options = DocumentOptions(interleaved=False, agreement_lines=0)
    texts, start = [], cpu_seconds()
    for number, pdf in enumerate(pdfs):  # a record a page: a sample, or a reject (no text)
        texts += [getattr(record, "text", "") for record in read_document(pdf, f"scan{number}.pdf", options, context)]
    spent = cpu_seconds() - start
    context.release()
    return spent / len(texts), texts


def cpu_seconds() -> float:
    """This process's CPU time and that of the children it waited for (the Tesseract backend runs
    ``tesseract`` as a child process: its time is the project's too)."""
    now = os.times()
    return now.user + now.system + now.children_user + now.children_system


def tesseract(pngs: list[bytes], work: Path) -> tuple[float, list[str]] | None:
    """CPU seconds a page (children's user + system time) and texts of Tesseract on the PNGs."""
    if not shutil.which("tesseract"):
        return None
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    texts, before = [], os.times()
    for number, png in enumerate(pngs):
        path = work / f"page{number}.png"
        path.write_bytes(png)
        out = subprocess.run(["tesseract", str(path), "-", "-l", "eng"], capture_output=True, env=env, check=True)
        texts.append(out.stdout.decode("utf-8", "replace"))
    after = os.times()
    spent = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return spent / len(pngs), texts


def main(argv: list[str] | None = None) -> None:
    from sources.common.ocr import character_error_rate

    parser = bench_parser("bench.ocr_pages", __doc__, repeats=1)
    parser.add_argument("--pages", type=int, default=8, help="scanned pages")
    args = parser.parse_args(argv)
    truth = page_texts(args.pages)
    scans = [scanned_pdf(text, seed) for seed, text in enumerate(truth)]
    work = Path(tempfile.mkdtemp(prefix="vlbuild-bench-ocr-pages-"))
    try:
        ours = project([pdf for pdf, _ in scans])
        before = project([pdf for pdf, _ in scans], scan_backend="rapidocr")
        theirs = tesseract([png for _, png in scans], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    rows = [("documents source: render 1024 px, Tesseract 5 (the default scan engine, 1 thread), layout, checks",
             ours),
            ("documents source, `--ocr_scan_backend rapidocr`: RapidOCR PP-OCRv6 small (1 thread), layout, checks",
             before)]
    if theirs:
        rows.append(("Tesseract 5 (`tesseract page.png - -l eng`, OMP_THREAD_LIMIT=1) on the same 1024 px images",
                     theirs))
    lines = [f"{args.pages} scanned A4 pages of Python's documentation prose (150 dpi, turned up to 1 degree, "
             "blurred, speckled).", "", "| what | CPU s/page | character error rate |", "|---|---|---|"]
    for name, (seconds, texts) in rows:
        cer = sum(character_error_rate(plain(t), plain(o)) for t, o in zip(truth, texts)) / len(truth)
        lines.append(f"| {name} | {seconds:.2f} | {cer:.3f} |")
    if theirs:
        lines += ["", f"Time a page, Tesseract / project: **{theirs[0] / ours[0]:.2f}x** (target >= 1.0x)."]
    report("Scanned pages: documents OCR vs Tesseract", "bench.ocr_pages", lines, record=not args.no_record)


if __name__ == "__main__":
    main()
