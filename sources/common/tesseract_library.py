"""Tesseract read in this process, through its C API (``libtesseract.so.5``), where the ``tesseract``
program would be started for each image: `sources.common.tesseract.TesseractEngine` runs it four to six
times a scanned page (the page, the rows its lines overlap in, the pieces and doubtful lines read again),
and each start cost 0.09 s of CPU before reading anything (loading the language pack), a sixth of bare
Tesseract's whole page. The library gives the same TSV as the program on the same grey image, byte for
byte but the header row the program's renderer writes (added here), with the program's defaults:
no resolution given, so Tesseract estimates it from the letters as the program does on a PGM.

One ``TessBaseAPI`` a thread (an API object reads one image at a time), its language pack loaded once.
The library is used only where it is what the program runs: no ``VLBUILD_TESSERACT`` naming another
program, the library's version the program's, and OpenMP not loaded yet, so that ``OMP_THREAD_LIMIT=1``
holds Tesseract to one thread as it holds the program (OpenMP reads it once, when loaded).
"""

from __future__ import annotations

import ctypes
import os
import threading

import numpy as np

LIBRARY = "libtesseract.so.5"
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
_LOAD_LOCK = threading.Lock()


def _openmp_loaded() -> bool:
    """Whether the OpenMP libtesseract links (``libgomp.so.1``) is loaded in this process already (a
    wheel's own renamed copy, torch's ``libgomp-<hash>.so.1``, is another library and does not count)."""
    try:
        with open("/proc/self/maps") as maps:
            return any(line.rstrip().endswith("/libgomp.so.1") or "/libgomp.so.1." in line for line in maps)
    except OSError:
        return True  # cannot tell: the program, which is held to one thread, reads instead


def open_library(version: str, languages: str) -> TesseractLibrary | None:
    """The library reading with ``languages``, where it can stand in for the program of ``version``
    (`tesseract --version`'s, "5.3.0"), else None (see the module's note)."""
    if os.environ.get("VLBUILD_TESSERACT"):
        return None  # another program chosen
    with _LOAD_LOCK:
        if _openmp_loaded():
            return None
        before = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"  # read by OpenMP as the library loads it
        try:
            lib = ctypes.CDLL(LIBRARY)
        except OSError:
            return None
        finally:
            if before is None:
                del os.environ["OMP_THREAD_LIMIT"]
            else:
                os.environ["OMP_THREAD_LIMIT"] = before
    _declare(lib)
    if lib.TessVersion().decode() != version:
        return None
    library = TesseractLibrary(lib, languages)
    try:
        library.api()
    except RuntimeError:
        return None
    return library


def _declare(lib) -> None:
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    for name, args, result in [
            ("TessVersion", [], text), ("TessBaseAPICreate", [], handle),
            ("TessBaseAPIInit3", [handle, text, text], ctypes.c_int),
            ("TessBaseAPISetVariable", [handle, text, text], ctypes.c_int),
            ("TessBaseAPISetPageSegMode", [handle, ctypes.c_int], None),
            ("TessBaseAPISetImage", [handle, ctypes.c_char_p] + [ctypes.c_int] * 4, None),
            ("TessBaseAPIRecognize", [handle, handle], ctypes.c_int),
            ("TessBaseAPIGetTsvText", [handle, ctypes.c_int], handle),
            ("TessBaseAPIClear", [handle], None), ("TessBaseAPIDelete", [handle], None),
            ("TessDeleteText", [handle], None), ("TessMonitorCreate", [], handle),
            ("TessMonitorSetDeadlineMSecs", [handle, ctypes.c_int], None), ("TessMonitorDelete", [handle], None)]:
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result


class _Api:
    """One thread's ``TessBaseAPI``, deleted with the thread's locals."""

    def __init__(self, lib, languages: str):
        self.lib, self.handle = lib, lib.TessBaseAPICreate()
        if lib.TessBaseAPIInit3(self.handle, None, languages.encode()) != 0:
            lib.TessBaseAPIDelete(self.handle)
            self.handle = None
            raise RuntimeError(f"libtesseract could not load the language packs {languages}")
        # its warnings ("Estimating resolution as 99") went to the program's stderr, which was dropped
        lib.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())

    def __del__(self):
        if getattr(self, "handle", None):
            self.lib.TessBaseAPIDelete(self.handle)


class TesseractLibrary:
    """`tsv`: what ``tesseract stdin stdout --psm N tsv`` prints for a grey image, read in this process."""

    def __init__(self, lib, languages: str):
        self._lib, self._languages, self._local = lib, languages, threading.local()

    def api(self) -> _Api:
        api = getattr(self._local, "api", None)
        if api is None:
            api = self._local.api = _Api(self._lib, self._languages)
        return api

    def tsv(self, grey: np.ndarray, psm: int, timeout: float) -> str:
        """Tesseract's TSV for ``grey`` ((H, W) uint8) in page segmentation mode ``psm``; RuntimeError
        where it fails or reads past ``timeout`` seconds."""
        lib, handle = self._lib, self.api().handle
        grey = np.ascontiguousarray(grey, dtype=np.uint8)
        lib.TessBaseAPISetPageSegMode(handle, psm)
        lib.TessBaseAPISetImage(handle, grey.tobytes(), grey.shape[1], grey.shape[0], 1, grey.shape[1])
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, int(timeout * 1000))
            if lib.TessBaseAPIRecognize(handle, monitor) != 0:
                raise RuntimeError(f"libtesseract failed to read a {grey.shape[1]}x{grey.shape[0]} image "
                                   f"(psm {psm}) within {timeout:g} s")
            text = lib.TessBaseAPIGetTsvText(handle, 0)
            try:
                return TSV_HEADER + ctypes.string_at(text).decode("utf-8", "replace")
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(handle)
