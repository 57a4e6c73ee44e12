"""Tesseract read in this process, through its C API (``libtesseract.so.5``), where the ``tesseract``
program would be started for each image: `sources.common.tesseract.TesseractEngine` runs it four to six
times a scanned page (the page, the rows its lines overlap in, the pieces and doubtful lines read again),
and each start cost 0.09 s of CPU before reading anything (loading the language pack), a sixth of bare
Tesseract's whole page. The library gives the same TSV as the program on the same grey image, byte for
byte but the header row the program's renderer writes (added here), with the program's defaults:
no resolution given, so Tesseract estimates it from the letters as the program does on a PGM.

One ``TessBaseAPI`` a thread (an API object reads one image at a time), its language pack loaded once.
The library is used only where it is what the program runs (no ``VLBUILD_TESSERACT`` naming another
program, the library's version the program's) and can be held to one thread as ``OMP_THREAD_LIMIT=1``
holds the program, without touching the process's other OpenMP users: OpenMP's parallel regions are
turned off in the reading thread while it reads (``max-active-levels`` 0, a thread's own setting in
OpenMP 5's libgomp) and turned back on after. The environment is left alone: ``OMP_THREAD_LIMIT`` set
before OpenMP loads would hold torch, which shares ``libgomp.so.1``, to one thread too.
"""

from __future__ import annotations

import ctypes
import os
import threading

import numpy as np

LIBRARY = "libtesseract.so.5"
OPENMP = "libgomp.so.1"
TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
_LOAD_LOCK = threading.Lock()


def open_library(version: str, languages: str) -> TesseractLibrary | None:
    """The library reading with ``languages``, where it can stand in for the program of ``version``
    (`tesseract --version`'s, "5.3.0"), else None (see the module's note)."""
    if os.environ.get("VLBUILD_TESSERACT"):
        return None  # another program chosen
    try:
        lib = ctypes.CDLL(LIBRARY)
        openmp = ctypes.CDLL(OPENMP)  # the one libtesseract was bound to: one of this name is loaded once
    except OSError:
        return None
    _declare(lib)
    if lib.TessVersion().decode() != version or not _levels_per_thread(openmp):
        return None
    library = TesseractLibrary(lib, openmp, languages)
    try:
        library.api()
    except RuntimeError:
        return None
    return library


def _levels_per_thread(openmp) -> bool:
    """Whether ``openmp`` keeps ``max-active-levels`` a thread's own (OpenMP 5: GCC 11's libgomp on,
    Debian's; torch's wheel brings an older ``libgomp.so.1``, where it is the process's, and another
    thread's reading would turn its parallel regions off or back on)."""
    seen = []

    def elsewhere():
        before = openmp.omp_get_max_active_levels()
        openmp.omp_set_max_active_levels(probe)
        seen.append(before)

    with _LOAD_LOCK:
        mine = openmp.omp_get_max_active_levels()
        probe = 0 if mine else 1  # a value this thread does not hold, so a shared setting shows
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
        per_thread = openmp.omp_get_max_active_levels() == mine
        if not per_thread:
            openmp.omp_set_max_active_levels(seen[0])
    return per_thread


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

    def __init__(self, lib, openmp, languages: str):
        self._lib, self._openmp, self._languages, self._local = lib, openmp, languages, threading.local()

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
        # one thread, as OMP_THREAD_LIMIT=1 holds the program: its parallel regions turned off in this
        # thread for the reading (OpenMP's threads spin waiting: a page took 2.5 s of CPU, not 0.48)
        levels = self._openmp.omp_get_max_active_levels()
        self._openmp.omp_set_max_active_levels(0)
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
            self._openmp.omp_set_max_active_levels(levels)
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(handle)
