"""Tesseract 5 (Debian's ``tesseract-ocr``) behind the OCR engine interface of `sources.common.ocr`.

Tesseract reads printed pages more accurately than PP-OCR and in under half its CPU time (bench.ocr_pages,
bench.doc_quality's scanned rows), so it reads scanned document pages by default; PP-OCR stays for scene text
(and reads a scan's small margin print again: `sources.documents.ocr_layout.outer_lines_reread`). The
command-line program (or its library in this process, to the same output: `sources.common.tesseract_library`)
reads each page with TSV output (a row per word: its box, its confidence 0-100, its
block/paragraph/line numbers), one thread (``OMP_THREAD_LIMIT=1``: results then depend on nothing but the
image, and Tesseract's OpenMP threads fight other workers for cores, issue tesseract-ocr/tesseract#3109). The
``tesserocr`` binding was measured too: its wheel brings a second Tesseract (5.5.4) that took 0.75-0.83 s of
CPU a page against Debian's 0.60-0.66 s on the same images.

A line is Tesseract's own line: its words joined by spaces, its confidence the mean of its words'
weighted by their letters (0-1), its box the rectangle round its words turned to the page's slope, so
that a page turned by a degree gives boxes that fit its lines (`sources.common.ocr.skew_degrees` reads
the slope; the page is then straightened and these lines turned with it, not read again: Tesseract
straightens lines itself, ``reads_skewed``); the TSV's quirks are mended in `sources.common.tesseract_lines`.
A page is read once for `detect` and `read` together (the last pages' lines are kept by the image's
digest); where its lines lie over one another, the rows round them are read a second time as one block of rows.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import io
import os
import shutil
import subprocess

import numpy as np

from sources.common.ocr import OcrLine, OcrOptions, box_extent, box_pixels, line_crop, reading_order
from sources.common.tesseract_library import open_library
from sources.common.tesseract_lines import confidence_of, overlap_band, page_lines, surer, tsv_words

INSTALL_HINT = ("scanned document pages are read by Tesseract, which is not installed: run tools/install-tesseract "
                "(Debian/Ubuntu: `sudo apt-get install tesseract-ocr tesseract-ocr-eng`), or choose "
                "--ocr_scan_backend rapidocr")
# seconds of wall clock for one run: a hung process must not hang the worker. `read.DocumentOptions.
# max_page_seconds` counts the reading thread's CPU time, which leaves out a child process's: this bounds it
TIMEOUT = 300
MIN_SIDE = 1024  # pixels: a smaller page is enlarged by a whole factor before it is read (boxes given back in its own)
_KEPT_PAGES = 32  # pages whose lines are kept between detect and read (OcrMargins samples a few)


def find_tesseract() -> str | None:
    return shutil.which(os.environ.get("VLBUILD_TESSERACT", "tesseract"))


@functools.lru_cache(maxsize=4)
def installed_languages(executable: str) -> frozenset[str]:
    """The language packs ``tesseract --list-langs`` names (``eng``, ``deu``, ``osd``...)."""
    done = subprocess.run([executable, "--list-langs"], capture_output=True, text=True, timeout=60)
    return frozenset(line.strip() for line in done.stdout.splitlines()[1:] if line.strip())


def setup_problem(languages: str) -> str | None:
    """What stops Tesseract reading with ``languages`` (``eng+deu``) here, or None: no program, or a
    language pack missing."""
    executable = find_tesseract()
    if executable is None:
        return INSTALL_HINT
    missing = set(languages.split("+")) - installed_languages(executable)
    if missing:
        return (f"Tesseract has no language pack for {'+'.join(sorted(missing))} (installed: "
                f"{', '.join(sorted(installed_languages(executable)))}): install "
                + " ".join(f"tesseract-ocr-{m}" for m in sorted(missing)))
    return None


class TesseractEngine:
    """Tesseract 5's command-line program, one thread, TSV output, with ``options.languages``' packs."""

    reads_skewed = True  # its lines fit a turned page: straightening it needs no second reading

    def __init__(self, options: OcrOptions):
        problem = setup_problem(options.languages)
        if problem:
            raise RuntimeError(problem)
        executable = find_tesseract()
        version = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60)
        self._executable, self._languages = executable, options.languages
        # read in this process where the program's own library can be (`tesseract_library`): the same TSV
        # without a program started for each image
        self._library = open_library((version.stdout.split() + ['?', '?'])[1], options.languages)
        self._pages: collections.OrderedDict[bytes, list[OcrLine]] = collections.OrderedDict()
        self.name = f"tesseract/{(version.stdout.split() + ['?', '?'])[1]}/{options.languages}"

    def read(self, image: np.ndarray, boxes: list[list[list[float]]] | None = None) -> list[OcrLine]:
        lines = self._page(image)
        if boxes is None:
            return list(lines)
        # boxes `detect` gave are this page's lines; any other box is read from its own crop
        known = {_key(line.box): line for line in lines}
        out = []
        for box in boxes:
            line = known.get(_key(box))
            if line is None:
                text, confidence = self.recognise(box_pixels(image, box))
                line = OcrLine(text, confidence, [list(map(float, p)) for p in box]) if text else None
            if line is not None:
                out.append(line)
        return reading_order(out)

    def read_batch(self, images) -> list[list[OcrLine]]:
        return [self.read(image) for image in images]

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        return [line.box for line in self._page(image)]

    def recognise(self, line: np.ndarray) -> tuple[str, float]:
        words = tsv_words(self._run(line, psm=7))  # psm 7: the image is one line of text
        if not words:
            return "", 0.0
        return " ".join(w.text for w in words), confidence_of(words)

    def _page(self, image: np.ndarray) -> list[OcrLine]:
        digest = hashlib.blake2b(image.tobytes(), digest_size=16, key=repr(image.shape).encode()).digest()
        if digest in self._pages:
            self._pages.move_to_end(digest)
            return self._pages[digest]
        lines = self._segmented(image, psm=3)  # psm 3: Tesseract finds the page's blocks and lines itself
        band = overlap_band(lines, image.shape[0])
        if band is not None:
            # its layout analysis went wrong: a page of Python's reference with "=====" rules under headings
            # came back with pieces of rows lying over other rows and a whole line gone (error rate 0.14);
            # read as one block of rows (psm 6), that page read at 0.03. Only the rows round the overlap are
            # read so, and the surer reading of them kept: the whole page read again cost as much as its first
            # reading (on 9 of bench.doc_quality's and bench.ocr_pages' 22 scans), the rows alone read as well
            top, bottom = band
            zoom = max(1, int(np.ceil(MIN_SIDE / max(image.shape[:2]))))  # the page's, however small the band
            block = [dataclasses.replace(line, box=[[x, y + top] for x, y in line.box])
                     for line in self._segmented(image[top:bottom], psm=6, zoom=zoom)]
            inside = {id(line) for line in lines
                      if top <= box_extent(line.box)[1] and box_extent(line.box)[3] <= bottom}
            if surer(block, [line for line in lines if id(line) in inside]):
                lines = reading_order([line for line in lines if id(line) not in inside] + block)
        self._pages[digest] = lines
        while len(self._pages) > _KEPT_PAGES:
            self._pages.popitem(last=False)
        return lines

    def _segmented(self, image: np.ndarray, psm: int, zoom: int | None = None) -> list[OcrLine]:
        """The page's lines as Tesseract finds them in page segmentation mode ``psm``, pieces it reads
        worst read again (`page_lines`); a page rendered small is enlarged first (``zoom``: by so much)."""
        from PIL import Image

        grey = np.asarray(Image.fromarray(np.ascontiguousarray(image)).convert("L"))
        if zoom is None:
            zoom = max(1, int(np.ceil(MIN_SIDE / max(image.shape[:2]))))
        if zoom == 1:
            return page_lines(self._run(grey, psm=psm), lambda boxes: self._reread(image, boxes), image)

        def bigger(pixels):  # a page rendered small has letters too small for Tesseract: it found none at 256 px
            img = Image.fromarray(np.ascontiguousarray(pixels))
            return np.asarray(img.resize((img.width * zoom, img.height * zoom), Image.Resampling.LANCZOS))

        big = bigger(image)
        return [dataclasses.replace(line, box=[[x / zoom, y / zoom] for x, y in line.box])
                for line in page_lines(self._run(bigger(grey), psm=psm), lambda boxes: self._reread(big, boxes), big)]

    def recognise_many(self, lines: list[np.ndarray]) -> list[tuple[str, float]]:
        """`recognise` for each of several line images, in one run of Tesseract (a run costs 0.08 s of
        CPU before it reads anything: 86 lines read one by one took a scanned page from 0.7 to 1.9 s)."""
        return self._read_sheet([np.ascontiguousarray(line) for line in lines]) if lines else []

    def _reread(self, image: np.ndarray, boxes: list[tuple[float, float, float, float]]) -> list[tuple[str, float]]:
        """``(text, confidence)`` of each box of ``image`` read again at twice the size ("17", read as "7"
        on the page and "W7" from its crop, read right at twice the size)."""
        return self._read_sheet([line_crop(image, [[x0, y0], [x1, y1]], zoom=2.0) for x0, y0, x1, y1 in boxes])

    def _read_sheet(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """``(text, confidence)`` of each image, in one run of Tesseract: stacked one under the other with
        blank space between, read as one block of text; a word is the image's whose space it lies in."""
        from PIL import Image

        gap = 2 * max(crop.shape[0] for crop in crops)
        sheet = Image.new("RGB", (max(c.shape[1] for c in crops) + 2 * gap,
                                  sum(c.shape[0] + gap for c in crops) + gap), "white")
        spaces, top = [], gap
        for crop in crops:
            sheet.paste(Image.fromarray(crop).convert("RGB"), (gap, top))
            spaces.append((top - gap / 2, top + crop.shape[0] + gap / 2))
            top += crop.shape[0] + gap
        words = tsv_words(self._run(np.asarray(sheet), psm=6))  # psm 6: one block of text, its lines apart
        out = []
        for low, high in spaces:
            found = [w for w in words if low <= (w.box[1] + w.box[3]) / 2 < high]
            out.append((" ".join(w.text for w in found), confidence_of(found)) if found else ("", 0.0))
        return out

    def _run(self, image: np.ndarray, psm: int) -> str:
        """Tesseract's TSV for an RGB or grey image. The image goes in grey, as PGM on stdin (no file, no PNG
        compression; Pillow's grey took Tesseract 10% less CPU than its own conversion and read
        bench.ocr_pages' pages a little better, error rate 0.018 against 0.021). It carries no resolution:
        Tesseract says "Invalid resolution 0 dpi. Using 70 instead" and "Estimating resolution as N" on
        stderr and estimates it from the letters' height,
        which read bench.ocr_pages' pages as well as giving their true 88 dpi or 150: only the exit
        status says whether it failed. Where `tesseract_library` can, the same image is read in this
        process instead, to the same TSV."""
        from PIL import Image

        grey = Image.fromarray(np.ascontiguousarray(image)).convert("L")  # RGB or grey already
        if self._library is not None:
            return self._library.tsv(np.asarray(grey), psm, TIMEOUT)
        buf = io.BytesIO()
        grey.save(buf, format="PPM")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = [self._executable, "stdin", "stdout", "-l", self._languages, "--psm", str(psm), "tsv"]
        done = subprocess.run(command, input=buf.getvalue(), capture_output=True, env=env, timeout=TIMEOUT)
        if done.returncode != 0:
            raise RuntimeError(f"tesseract exited {done.returncode}: {done.stderr.decode('utf-8', 'replace')[-300:]}")
        return done.stdout.decode("utf-8", "replace")


def _key(box) -> tuple:
    return tuple(round(float(v), 1) for p in box for v in p)
