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
A page's orientation (upright, a quarter turn either way, upside down) is Tesseract's orientation and script
detection (OSD, ``--psm 0`` with the ``osd`` pack), run only where a page's first reading looks wrong
(`orientation`, `sources.documents.page_sample`): it costs as much CPU as reading the page.
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
from sources.common.rulings import without_rulings
from sources.common.tesseract_library import open_library
from sources.common.tesseract_lines import (confidence_of, overlap_band, page_lines, sideways_share, surer,
                                            tsv_words)

INSTALL_HINT = ("scanned document pages are read by Tesseract, which is not installed: run tools/install-tesseract "
                "(Debian/Ubuntu: `sudo apt-get install tesseract-ocr tesseract-ocr-eng`), or choose "
                "--ocr_scan_backend rapidocr")
# seconds of wall clock for one run: a hung process must not hang the worker. `read.DocumentOptions.
# max_page_seconds` counts the reading thread's CPU time, which leaves out a child process's: this bounds it
TIMEOUT = 300
MIN_SIDE = 1024  # pixels: a smaller page is enlarged by a whole factor before it is read (boxes given back in its own)
_KEPT_PAGES = 32  # pages whose lines are kept between detect and read (OcrMargins samples a few)
# pixels: the longer side a page is enlarged to before OSD looks at it. On 12 scans of prose (bench.ocr_pages'
# pages, each turned 0/90/180/270 degrees) at 1024 pixels OSD named the wrong orientation for 8 (an upright
# page "180" at confidence 3.0); at 2048 it named all 12 right, at confidence 12-19 rendered at that size and
# 7-15 enlarged from the 1024 pixel image
OSD_SIDE = 2048
# the margin by which OSD's best orientation must lead the next before it is trusted: Tesseract's own
# ``min_orientation_margin`` (7), under which its psm 1 does not turn horizontal Latin lines ("OSD: Weak margin")
MIN_ORIENTATION_MARGIN = 7.0


@dataclasses.dataclass(frozen=True)
class Orientation:
    """Tesseract's OSD of a page. turn: degrees (0, 90, 180, 270) to turn the page clockwise to make it
    upright (its ``Rotate:``); confidence: how far that orientation's score leads the next (``Orientation
    confidence:``); script: the script it saw (``Latin``)."""

    turn: int
    confidence: float
    script: str

    @property
    def sure(self) -> bool:
        return self.confidence >= MIN_ORIENTATION_MARGIN


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
        # a page's lines, and the share of its words' letters read lying on their side (`sideways_share`)
        self._pages: collections.OrderedDict[bytes, tuple[list[OcrLine], float]] = collections.OrderedDict()
        self._last_digest: tuple[np.ndarray, bytes] | None = None  # the last read-only page and its digest
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

    def sideways_share(self, image: np.ndarray) -> float:
        """Share of the letters of the page ``image``'s words (three letters or more) that its reading found
        in boxes taller than wide (`tesseract_lines.sideways_share`): near 1 on a page turned a quarter,
        whose lines Tesseract reads down the page. From the page's reading, kept: no second run."""
        return self._page(image, share=True)

    def _page(self, image: np.ndarray, share: bool = False):
        """The page's lines (``share``: its `sideways_share` instead), read once and kept by the image's digest."""
        digest = self._digest(image)
        if digest in self._pages:
            self._pages.move_to_end(digest)
            return self._pages[digest][1 if share else 0]
        words: list = []
        # read with its rules down erased: a ruled table's rules were read as "|" between its cells, which then
        # were one line, and the decimal points beside them lost ("3.25" read as "325")
        image = without_rulings(image)
        lines = self._segmented(image, psm=3, words=words)  # psm 3: Tesseract finds the page's blocks and lines
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
        self._pages[digest] = lines, sideways_share(words)
        while len(self._pages) > _KEPT_PAGES:
            self._pages.popitem(last=False)
        return self._pages[digest][1 if share else 0]

    def _digest(self, image: np.ndarray) -> bytes:
        """The page's digest, its lines' key. A page is looked up three times (`detect`, `read`,
        `sideways_share`) and hashing its 2 MB costs 2.5 ms each time: an array over bytes, which nothing
        can change (a rendered pixmap's ``samples``), keeps the digest of its last lookup."""
        if self._last_digest is not None and self._last_digest[0] is image:
            return self._last_digest[1]
        digest = hashlib.blake2b(image.tobytes(), digest_size=16, key=repr(image.shape).encode()).digest()
        base = image
        while isinstance(base, np.ndarray):
            base = base.base
        if isinstance(base, bytes):
            self._last_digest = image, digest
        return digest

    def _segmented(self, image: np.ndarray, psm: int, zoom: int | None = None,
                   words: list | None = None) -> list[OcrLine]:
        """The page's lines as Tesseract finds them in page segmentation mode ``psm``, pieces it reads
        worst read again (`page_lines`); a page rendered small is enlarged first (``zoom``: by so much).
        ``words``: a list the TSV's words are added to."""
        from PIL import Image

        grey = np.asarray(Image.fromarray(np.ascontiguousarray(image)).convert("L"))
        if zoom is None:
            zoom = max(1, int(np.ceil(MIN_SIDE / max(image.shape[:2]))))
        if zoom == 1:
            tsv = self._run(grey, psm=psm)
            if words is not None:
                words += tsv_words(tsv)
            return page_lines(tsv, lambda boxes: self._reread(image, boxes), image)

        def bigger(pixels):  # a page rendered small has letters too small for Tesseract: it found none at 256 px
            img = Image.fromarray(np.ascontiguousarray(pixels))
            return np.asarray(img.resize((img.width * zoom, img.height * zoom), Image.Resampling.LANCZOS))

        big, tsv = bigger(image), self._run(bigger(grey), psm=psm)
        if words is not None:
            words += tsv_words(tsv)
        return [dataclasses.replace(line, box=[[x / zoom, y / zoom] for x, y in line.box])
                for line in page_lines(tsv, lambda boxes: self._reread(big, boxes), big)]

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

    def orientation(self, image: np.ndarray) -> Orientation | None:
        """Which way up the page ``image`` (RGB or grey) is, by Tesseract's OSD on it enlarged to `OSD_SIDE`
        pixels where smaller; None where there is too little text to tell (Tesseract says "Too few
        characters") or no ``osd`` pack is installed. Costs about what reading the page costs (0.6-1.0 s of
        CPU a page of prose; 0.2 s for a blank one)."""
        from PIL import Image

        if "osd" not in installed_languages(self._executable):
            return None
        grey = Image.fromarray(np.ascontiguousarray(image)).convert("L")
        if max(grey.size) < OSD_SIDE:
            zoom = OSD_SIDE / max(grey.size)
            grey = grey.resize((round(grey.width * zoom), round(grey.height * zoom)), Image.Resampling.LANCZOS)
        done = self._call(np.asarray(grey), ["--psm", "0", "-l", "osd"])
        if done.returncode != 0:
            if b"Too few characters" in done.stderr:
                return None
            raise RuntimeError(f"tesseract OSD exited {done.returncode}: "
                               f"{done.stderr.decode('utf-8', 'replace')[-300:]}")
        fields = dict(line.split(":", 1) for line in done.stdout.decode("utf-8", "replace").splitlines() if ":" in line)
        return Orientation(int(fields["Rotate"]) % 360, float(fields["Orientation confidence"]),
                           fields.get("Script", "?").strip())

    def _run(self, image: np.ndarray, psm: int) -> str:
        """Tesseract's TSV for an RGB or grey image. The image goes in grey, as PGM on stdin (no file, no PNG
        compression; Pillow's grey took Tesseract 10% less CPU than its own conversion and read
        bench.ocr_pages' pages a little better, error rate 0.018 against 0.021). It carries no resolution:
        Tesseract says "Invalid resolution 0 dpi. Using 70 instead" and "Estimating resolution as N" on
        stderr and estimates it from the letters' height,
        which read bench.ocr_pages' pages as well as giving their true 88 dpi or 150: only the exit
        status says whether it failed. Where `tesseract_library` can, the same image is read in this
        process instead, to the same TSV."""
        if self._library is not None:
            from PIL import Image

            grey = Image.fromarray(np.ascontiguousarray(image)).convert("L")  # RGB or grey already
            return self._library.tsv(np.asarray(grey), psm, TIMEOUT)
        done = self._call(image, ["-l", self._languages, "--psm", str(psm), "tsv"])
        if done.returncode != 0:
            raise RuntimeError(f"tesseract exited {done.returncode}: {done.stderr.decode('utf-8', 'replace')[-300:]}")
        return done.stdout.decode("utf-8", "replace")

    def _call(self, image: np.ndarray, arguments: list[str]) -> subprocess.CompletedProcess:
        """The program run on ``image`` (RGB or grey, sent grey as PGM on stdin) with ``arguments``, one thread."""
        from PIL import Image

        grey = Image.fromarray(np.ascontiguousarray(image)).convert("L")  # RGB or grey already
        buf = io.BytesIO()
        grey.save(buf, format="PPM")
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = [self._executable, "stdin", "stdout", *arguments]
        return subprocess.run(command, input=buf.getvalue(), capture_output=True, env=env, timeout=TIMEOUT)


def _key(box) -> tuple:
    return tuple(round(float(v), 1) for p in box for v in p)
