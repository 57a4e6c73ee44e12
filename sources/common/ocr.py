"""The OCR engine: PP-OCR detection + recognition behind one small interface.

The default backend is RapidOCR, which runs the PP-OCR models that ship inside its
wheel with ONNX Runtime, so nothing is downloaded. The ``paddleocr`` backend runs
PaddleOCR itself for users who have it and its models installed (GPU, newer models).
Scanned document pages are read by ``scan_backend``, Tesseract by default
(`sources.common.tesseract`: Debian's ``tesseract-ocr``, more accurate on printed pages and
under half PP-OCR's CPU time a page, bench/RESULTS.md). One engine is loaded per worker process and reused
(`get_engine`).
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import unicodedata
from collections import Counter
from typing import Protocol, Sequence

import numpy as np


@dataclasses.dataclass(frozen=True)
class OcrOptions:
    """backend: ``rapidocr`` (default, offline) or ``paddleocr`` (needs paddleocr and its models): scene text,
      and the text-layer checks of documents and web pages.
    scan_backend: the backend that reads scanned document pages: ``tesseract`` (default; needs Debian's
      ``tesseract-ocr``, `tools/install-tesseract`) or one of the above.
    languages: Tesseract's language packs, ``+``-joined (``eng``, ``eng+deu``); each must be installed.
    threads: CPU threads per engine for pages (0: the runtime's default, all cores); a single line
      (`OcrEngine.recognise`) is read on one thread by the rapidocr backend.
    det_model / rec_model / cls_model: model paths (rapidocr: ONNX files; paddleocr: model dirs);
      empty means the models the backend ships or finds itself.
    rec_keys: the recognition model's character dictionary, when ``rec_model`` needs one.
    use_angle_cls: classify and fix upside-down text lines.
    device: paddleocr's device, e.g. ``gpu:0``."""

    backend: str = "rapidocr"
    scan_backend: str = "tesseract"
    languages: str = "eng"
    threads: int = 0
    det_model: str = ""
    rec_model: str = ""
    cls_model: str = ""
    rec_keys: str = ""
    use_angle_cls: bool = True
    device: str = "cpu"

    def __post_init__(self) -> None:
        for backend in (self.backend, self.scan_backend):
            if backend not in BACKENDS:
                raise ValueError(f"unknown OCR backend {backend!r}; known: {sorted(BACKENDS)}")

    def for_scans(self) -> "OcrOptions":
        """These options with ``scan_backend`` as the backend: what scanned document pages are read with."""
        return dataclasses.replace(self, backend=self.scan_backend)


@dataclasses.dataclass
class OcrLine:
    """One text line: its text, the engine's confidence, and its quadrilateral
    ``[[x, y] * 4]`` clockwise from top-left, in image pixels. ``word_widths``: (characters, ink width
    in pixels) of its words of two characters or more that hold a letter, where the engine gives word
    boxes (Tesseract), else None: in a monospaced font width grows by one pitch a character
    (`tesseract_lines.pitch_spread`), which tells a scanned listing from prose (`ocr_layout`)."""

    text: str
    confidence: float
    box: list[list[float]]
    word_widths: tuple[tuple[int, float], ...] | None = None

    def to_dict(self) -> dict:
        return {"text": self.text, "confidence": round(self.confidence, 4),
                "box": [[round(x, 1), round(y, 1)] for x, y in self.box]}


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray, boxes: list[list[list[float]]] | None = None) -> list[OcrLine]:
        """Lines found in an RGB ``(H, W, 3)`` uint8 image, in reading order. ``boxes``: what `detect`
        found in this very image, so that only recognition is left to do."""

    def read_batch(self, images: Sequence[np.ndarray]) -> list[list[OcrLine]]:
        """`read` for several images; backends that can batch on their device do."""

    def recognise(self, line: np.ndarray) -> tuple[str, float]:
        """The text of one RGB image of a single text line and the engine's confidence in it
        (recognition only, no detection; ``("", 0.0)`` when it reads nothing)."""

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        """The text lines' quadrilaterals in an RGB image (detection only, no recognition)."""

    @property
    def charset(self) -> frozenset[str] | None:
        """The characters `recognise` can give (its recogniser's dictionary), or None where the
        engine does not say. A text in other characters (PP-OCR's dictionary has no Cyrillic or Hebrew)
        reads back as something else however right it is."""


def charset_of(engine) -> frozenset[str] | None:
    """``engine``'s `OcrEngine.charset`, None for an engine without one."""
    return getattr(engine, "charset", None)


LINE_PROBE = 48  # pixels: the blank square `RapidOcrEngine.charset` recognises to load the recogniser


_KEPT_LINES = 64  # line readings `RapidOcrEngine.recognise` keeps (a scan's margins: a few lines a page)


class RapidOcrEngine:
    """PP-OCR through RapidOCR and ONNX Runtime, with the models inside the rapidocr wheel."""

    def __init__(self, options: OcrOptions):
        params = {"Global.log_level": "error", "Global.text_score": 0.0,  # callers apply thresholds
                  "Global.use_cls": options.use_angle_cls,
                  # RapidOCR turns ONNX Runtime's memory arena off: every line's tensors were allocated
                  # afresh; with it on, a scanned page reads in 12% less CPU time (bench.ocr_pages)
                  "EngineConfig.onnxruntime.enable_cpu_mem_arena": True}
        if options.threads:
            params["EngineConfig.onnxruntime.intra_op_num_threads"] = options.threads
            params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
        for section, path in (("Det", options.det_model), ("Rec", options.rec_model), ("Cls", options.cls_model)):
            if path:
                params[f"{section}.model_path"] = path
        if options.rec_keys:
            params["Rec.rec_keys_path"] = options.rec_keys
        # One line (`recognise`) is too small a job to share out: ONNX Runtime's intra-op threads cost more
        # CPU waiting for each other (spinning) than they save, 72 ms of CPU a line on one thread against
        # 77-134 ms on two, the more the busier the machine (bench/RESULTS.md, issue #18). Lines are read on
        # a one-thread recogniser of their own, loaded on first use; its texts match the pooled one's.
        self._params, self._one_thread = params, options.threads == 1
        self._line_params = {**params, "EngineConfig.onnxruntime.intra_op_num_threads": 1,
                             "EngineConfig.onnxruntime.inter_op_num_threads": 1}
        self._pooled = self._line = None
        self._read_lines: collections.OrderedDict[bytes, tuple[str, float]] = collections.OrderedDict()
        self._use_cls = options.use_angle_cls
        self._options = options
        self.name = "rapidocr/PP-OCRv6-small" if not options.rec_model else f"rapidocr/{options.rec_model}"

    def orientation(self, image: np.ndarray):
        """Which way up the page ``image`` (RGB or grey) is: Tesseract's OSD (`TesseractEngine.orientation`)
        where Tesseract is installed, else None (not known). PP-OCR's direction classifier turns single
        lines by 180 degrees only: a scanned page lying on its side was read as garbled lines and refused."""
        from sources.common.tesseract import find_tesseract

        if find_tesseract() is None:
            return None
        return get_engine(dataclasses.replace(self._options, backend="tesseract")).orientation(image)

    @property
    def _ocr(self):
        """The RapidOCR pipeline, set up on first use: importing rapidocr costs 0.6 s of CPU (its YAML
        configuration read through omegaconf), which a build that never reads a line need not pay."""
        if self._pooled is None:
            from rapidocr import RapidOCR

            self._pooled = RapidOCR(params=self._params)
        return self._pooled

    def load(self):
        """Import rapidocr and set up its pipeline now (a worker's warm-up, `SourceContext.warm`); returns it."""
        return self._ocr

    @property
    def _line_ocr(self):
        """The one-thread recogniser for single lines (the pipeline itself where it runs on one thread)."""
        if self._line is None:
            if self._one_thread:
                self._line = self._ocr
            else:
                from rapidocr import RapidOCR

                self._line = RapidOCR(params=self._line_params)  # models load lazily: only the recogniser
        return self._line

    def read(self, image: np.ndarray, boxes: list[list[list[float]]] | None = None) -> list[OcrLine]:
        if boxes is not None:
            return self._recognise_boxes(image, boxes)
        # every stage named on every call: RapidOCR keeps a call's use_* switches for the calls after it
        out = self._ocr(image, use_det=True, use_cls=self._use_cls, use_rec=True)
        if out.boxes is None or out.txts is None:
            return []
        lines = [OcrLine(text, float(score), np.asarray(box, dtype=float).tolist())
                 for box, text, score in zip(out.boxes, out.txts, out.scores) if text.strip()]
        return reading_order(lines)

    def _recognise_boxes(self, image: np.ndarray, boxes: list[list[list[float]]]) -> list[OcrLine]:
        """What `read` gives after its detection, from boxes `detect` found: RapidOCR's own steps past
        detection (each box cut out and straightened, turned by the classifier, recognised in one batch).
        A page image needs no resizing or padding before detection (its sides within 30 to 2000 pixels,
        at most 8 times as wide as high), so the crops are those `read` recognises."""
        from rapidocr.utils.process_img import get_rotate_crop_image

        if not boxes:
            return []
        quads = np.asarray(boxes, dtype=np.float32)  # (N, 4, 2), as the detector gave them
        crops = [get_rotate_crop_image(image, quad.copy()) for quad in quads]
        if self._use_cls:
            crops, _ = self._ocr.cls_and_rotate(crops)
        out = self._ocr.recognize_txt(crops)
        lines = [OcrLine(text, float(score), quad.astype(float).tolist())
                 for quad, text, score in zip(quads, out.txts, out.scores) if text.strip()]
        return reading_order(lines)

    def read_batch(self, images: Sequence[np.ndarray]) -> list[list[OcrLine]]:
        # RapidOCR runs one image per call; on CPU a batch would gain nothing.
        return [self.read(image) for image in images]

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        out = self._ocr(image, use_det=True, use_cls=False, use_rec=False)
        return [] if out.boxes is None else np.asarray(out.boxes, dtype=float).tolist()

    def recognise(self, line: np.ndarray) -> tuple[str, float]:
        # a scan's outermost margin lines are read when its document's style is sampled (`ocr_layout.
        # OcrMargins`) and again with the page, off the same crops: the last lines' readings are kept by
        # the crop's digest (50 ms a line, four a page of bench.doc_quality's scans)
        import hashlib

        digest = hashlib.blake2b(np.ascontiguousarray(line).tobytes(), digest_size=16,
                                 key=repr(line.shape).encode()).digest()
        if digest in self._read_lines:
            self._read_lines.move_to_end(digest)
            return self._read_lines[digest]
        out = self._line_ocr(line, use_det=False, use_cls=False, use_rec=True)
        texts, scores = out.txts or (), out.scores or ()
        self._read_lines[digest] = reading = " ".join(texts), float(min(scores)) if texts and scores else 0.0
        while len(self._read_lines) > _KEPT_LINES:
            self._read_lines.popitem(last=False)
        return reading

    @functools.cached_property
    def charset(self) -> frozenset[str] | None:
        """The recogniser's dictionary (18,710 characters for PP-OCRv6 small: Latin with its accents,
        Greek, CJK and kana; no Cyrillic, Hebrew, Arabic or Devanagari), read from RapidOCR's CTC
        decoder once the recogniser is loaded (a blank line is recognised to load it); None where this
        RapidOCR keeps it elsewhere."""
        if getattr(self._line_ocr, "text_rec", None) is None:  # RapidOCR loads it at the first recognition
            self.recognise(np.full((LINE_PROBE, LINE_PROBE, 3), 255, dtype=np.uint8))
        try:
            characters = self._line_ocr.text_rec.postprocess_op.character
        except AttributeError:
            return None
        return frozenset(c for c in characters if len(c) == 1)


class PaddleOcrEngine:
    """PaddleOCR 3.x's pipeline, for users with paddleocr and its models installed."""

    def __init__(self, options: OcrOptions):
        try:
            from paddleocr import PaddleOCR
        except ImportError as exc:
            raise RuntimeError("the paddleocr OCR backend needs `pip install paddleocr paddlepaddle` and its "
                               "models on disk (det_model/rec_model); the default backend is rapidocr") from exc
        kwargs = {"use_doc_orientation_classify": False, "use_doc_unwarping": False,
                  "use_textline_orientation": options.use_angle_cls, "device": options.device}
        if options.det_model:
            kwargs["text_detection_model_dir"] = options.det_model
        if options.rec_model:
            kwargs["text_recognition_model_dir"] = options.rec_model
        self._ocr = PaddleOCR(**kwargs)
        self.name = "paddleocr"

    def read(self, image: np.ndarray, boxes: list[list[list[float]]] | None = None) -> list[OcrLine]:
        return self.read_batch([image])[0]  # PaddleOCR's pipeline takes no boxes: it finds them again

    def detect(self, image: np.ndarray) -> list[list[list[float]]]:
        return [line.box for line in self.read(image)]

    def recognise(self, line: np.ndarray) -> tuple[str, float]:
        lines = self.read(line)
        return " ".join(ln.text for ln in lines), min((ln.confidence for ln in lines), default=0.0)

    def read_batch(self, images: Sequence[np.ndarray]) -> list[list[OcrLine]]:
        results = []
        for res in self._ocr.predict(list(images)):
            lines = [OcrLine(text, float(score), np.asarray(poly, dtype=float).tolist())
                     for text, score, poly in zip(res["rec_texts"], res["rec_scores"], res["rec_polys"])
                     if text.strip()]
            results.append(reading_order(lines))
        return results


def _tesseract(options: OcrOptions) -> OcrEngine:
    from sources.common.tesseract import TesseractEngine

    return TesseractEngine(options)


BACKENDS = {"rapidocr": RapidOcrEngine, "paddleocr": PaddleOcrEngine, "tesseract": _tesseract}
_ENGINES: dict[OcrOptions, OcrEngine] = {}


def get_engine(options: OcrOptions = OcrOptions()) -> OcrEngine:
    """The engine for ``options``, loaded on first use and then shared within this process."""
    if options not in _ENGINES:
        _ENGINES[options] = BACKENDS[options.backend](options)
    return _ENGINES[options]


def release_engines() -> None:
    """Drop the loaded engines (their ONNX sessions and memory go with them); a later use reloads."""
    _ENGINES.clear()


def skew_degrees(boxes: list[list[list[float]]]) -> float:
    """The median slope of the long lines' top edges (quadrilaterals clockwise from top-left), in
    degrees, clockwise positive (image y grows downwards); 0.0 without a line three times as long as
    it is high."""
    angles = []
    for box in boxes:
        (x0, y0), (x1, y1) = box[0], box[1]
        height = float(np.hypot(box[3][0] - x0, box[3][1] - y0))
        if np.hypot(x1 - x0, y1 - y0) > 3 * height:
            angles.append(float(np.degrees(np.arctan2(y1 - y0, x1 - x0))))
    return float(np.median(angles)) if angles else 0.0


def recognise_many(engine: OcrEngine, lines: list[np.ndarray]) -> list[tuple[str, float]]:
    """`OcrEngine.recognise` for each of ``lines``, in one go where the engine can (Tesseract: a run costs
    more to start than a line to read), else line by line."""
    if hasattr(engine, "recognise_many"):
        return engine.recognise_many(lines)
    return [engine.recognise(line) for line in lines]


def box_extent(box: list[list[float]]) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1): the upright rectangle round a line's ``box`` (its corner points, pixels)."""
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs), min(ys), max(xs), max(ys)


def box_pixels(pixels: np.ndarray, box: list[list[float]]) -> np.ndarray:
    """The pixels of ``box``'s upright rectangle and two round it (a view into ``pixels``, (H, W[, C]))."""
    x0, y0, x1, y1 = box_extent(box)
    height, width = pixels.shape[:2]
    return pixels[max(0, int(y0) - 2):min(height, int(y1) + 3), max(0, int(x0) - 2):min(width, int(x1) + 3)]


def line_crop(pixels: np.ndarray, box: list[list[float]], zoom: float) -> np.ndarray:
    """`box_pixels` of a line enlarged ``zoom`` times (Lanczos): what a line is read again from."""
    from PIL import Image

    crop = Image.fromarray(np.ascontiguousarray(box_pixels(pixels, box)))
    return np.asarray(crop.resize((max(1, int(crop.width * zoom)), max(1, int(crop.height * zoom))),
                                  Image.Resampling.LANCZOS))


DARK = 128  # grey level under which a pixel is ink


def ink_bands(pixels: np.ndarray) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(dark pixels a row, (H,); the bands of rows with at least two of them, ``(start, stop)`` top down)
    of ``pixels`` ((H, W, 3) RGB): a line's letters, and the specks or neighbours a loose box took in."""
    dark = (pixels.mean(axis=2) < DARK).sum(axis=1)
    bands, start = [], None
    for row, count in enumerate([*dark, 0]):
        if count >= 2 and start is None:
            start = row
        elif count < 2 and start is not None:
            bands.append((start, row))
            start = None
    return dark, bands


def turn_lines(lines: list[OcrLine], degrees: float, width: int, height: int) -> list[OcrLine]:
    """``lines`` of a ``width`` x ``height`` image with their boxes where they lie once the image is turned
    ``degrees`` counter-clockwise about its centre, as Pillow's ``Image.rotate(degrees)`` turns it (the
    turn that undoes a slope `skew_degrees` measured)."""
    angle = np.radians(degrees)
    cos, sin, cx, cy = np.cos(angle), np.sin(angle), width / 2, height / 2
    out = []
    for line in lines:
        points = [[cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos] for x, y in line.box]
        out.append(dataclasses.replace(line, box=[[round(float(x), 1), round(float(y), 1)] for x, y in points]))
    return reading_order(out)


def reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Top to bottom, then left to right within a row, measured along the text's own slope
    (a skewed photo's lines would otherwise swap): box centres are turned by the median
    angle of the lines' top edges, and lines whose turned centres lie within half a line
    height of each other share a row."""
    if len(lines) < 2:
        return list(lines)
    quads = np.asarray([line.box[:4] for line in lines], dtype=float)  # (N, 4, 2)
    edge = quads[:, 1] - quads[:, 0]
    angle = float(np.median(np.arctan2(edge[:, 1], edge[:, 0])))
    cos, sin = np.cos(angle), np.sin(angle)
    centres = quads.mean(axis=1)
    along = centres[:, 0] * cos + centres[:, 1] * sin  # (N,) position along the text direction
    across = -centres[:, 0] * sin + centres[:, 1] * cos  # (N,) position down the page
    heights = np.linalg.norm(quads[:, 3] - quads[:, 0], axis=1)
    rows: list[list[int]] = []
    for i in np.argsort(across, kind="stable"):
        if rows and abs(across[i] - across[rows[-1][0]]) < max(heights[i], heights[rows[-1][0]]) / 2:
            rows[-1].append(i)
        else:
            rows.append([i])
    return [lines[i] for row in rows for i in sorted(row, key=lambda j: along[j])]


def script_counts(text: str) -> Counter:
    """Letters per Unicode script (Latin, Han, Cyrillic, Arabic...); digits and punctuation ignored."""
    counts: Counter = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "UNKNOWN")
            script = "Han" if name.startswith("CJK") else name.split(" ")[0].title()
            counts[script] += 1
    return counts


def dominant_script(text: str) -> str:
    counts = script_counts(text)
    return counts.most_common(1)[0][0] if counts else "none"


def character_error_rate(reference: str, hypothesis: str, ignore_spaces: bool = True) -> float:
    """Edit distance over reference length (0 = perfect); spaces ignored by default because
    recognisers differ on them while the characters are right."""
    from rapidfuzz.distance import Levenshtein

    if ignore_spaces:
        reference, hypothesis = "".join(reference.split()), "".join(hypothesis.split())
    if not reference:
        return 0.0 if not hypothesis else 1.0
    return Levenshtein.distance(reference, hypothesis) / len(reference)
