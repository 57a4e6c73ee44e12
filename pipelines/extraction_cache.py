"""The extraction cache: what a finished input produced, kept so a re-run does not redo it.

Extraction (rendering, OCR, charts) is where a build spends its time, so each input's
records are saved under ``OUT/_work/extract/`` once it is done, written atomically
(temporary name, then rename). A killed build re-run, or a build re-run with more
inputs, loads finished inputs from here and redoes only the rest; shard writing is
deterministic, so the shards come out exactly as an uninterrupted run writes them.

An entry's key covers what decides what the source yields from the input itself: the input's
location and content, the source and its options (with the kinds asked for and the OCR engine), the
source's code (a hash of its package, the shared ``sources/common`` helpers and the record
types) and the versions of the libraries it renders and reads with (`SourceSpec.libraries`:
PyMuPDF, the OCR models' package, Chromium...). A fixed source or an upgraded library is
therefore redone, never served from an older, possibly wrong, entry. The files the source read
beside the input (the images a JSONL of captions or conversations names, a ``.tex`` file's folder,
a local site's pages) are outside the key: the entry lists them with their stamps
(`sources.common.files.recording_reads`), and an entry one of whose files has changed, appeared or
gone is a miss, redone and replaced.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import pickle
import subprocess
from dataclasses import asdict, is_dataclass
from importlib import metadata
from pathlib import Path

from apache_beam.io.filesystems import FileSystems

from shards.manifest import join
from shards.writer import replace
from sources.common.files import unchanged

WORK = "_work"
# code every source's output depends on besides its own package
_SHARED_CODE = ("sources.common", "shards")
_SHARED_FILES = ("sources/__init__.py",)


def entry_path(output: str, uri: str, data: bytes, spec, settings: dict) -> str:
    """Where the records of this input, read by the source ``spec`` with ``settings`` (its options,
    the kinds asked for, the OCR engine: whatever else changes what it yields), are kept."""
    plain = {k: asdict(v) if is_dataclass(v) else v for k, v in settings.items()}
    key = json.dumps([uri, hashlib.sha256(data).hexdigest(), spec.name, plain, source_fingerprint(spec)],
                     sort_keys=True, default=str)
    return join(output, WORK, "extract", hashlib.sha256(key.encode()).hexdigest()[:32] + ".pkl")


@functools.lru_cache(maxsize=None)
def source_fingerprint(spec) -> dict[str, str]:
    """What identifies a source's code and libraries: ``{"code": sha256, "<library>": version}``.
    Worked out once a process per source (hashing ~40 files takes a few ms)."""
    package = spec.reader_ref.split(":")[0].rsplit(".", 1)[0]  # sources.documents.read -> sources.documents
    return {"code": code_hash((package, *_SHARED_CODE)), **{name: library_version(name) for name in spec.libraries}}


def code_hash(packages: tuple[str, ...]) -> str:
    """sha256 over the Python and JavaScript files of ``packages`` (and the source registry)."""
    root = Path(importlib.util.find_spec("sources").origin).parent.parent
    files = {root / name for name in _SHARED_FILES}
    for package in packages:
        for folder in importlib.util.find_spec(package).submodule_search_locations:
            files.update(p for p in Path(folder).rglob("*") if p.suffix in (".py", ".js"))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def library_version(name: str) -> str:
    """The installed version of a distribution, or of the system's Chromium (``"chromium"``),
    pdfLaTeX (``"pdflatex"``) or Tesseract (``"tesseract"``)."""
    if name == "chromium":
        return _chromium_version()
    if name == "pdflatex":
        return _pdflatex_version()
    if name == "tesseract":
        return _tesseract_version()
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


@functools.lru_cache(maxsize=1)
def _chromium_version() -> str:
    from sources.web.browser import find_chromium

    return _tool_version(find_chromium())


@functools.lru_cache(maxsize=1)
def _pdflatex_version() -> str:
    from sources.latex.compile import find_pdflatex

    return _tool_version(find_pdflatex())


@functools.lru_cache(maxsize=1)
def _tesseract_version() -> str:
    from sources.common.tesseract import find_tesseract

    return _tool_version(find_tesseract())


def _tool_version(executable: str | None) -> str:
    """The first line ``executable --version`` prints (``not installed`` without one)."""
    if executable is None:
        return "not installed"
    try:
        done = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({type(exc).__name__})"
    return (done.stdout.splitlines() or [f"unknown (exit {done.returncode})"])[0].strip()


def load(path: str) -> list | None:
    """The records saved for an input, or None when it has not finished before or a file its source read
    has changed since (an entry of an older build, listing none, is redone too)."""
    if not FileSystems.exists(path):
        return None
    with FileSystems.open(path, compression_type="uncompressed") as f:
        entry = pickle.loads(f.read())
    if not isinstance(entry, dict) or not unchanged(entry["reads"]):
        return None
    return entry["records"]


def save(path: str, records: list, reads: dict) -> None:
    """Keep ``records`` with ``reads``, the files their source read beside the input (``uri -> stamp``)."""
    temp = path + ".partial"
    with FileSystems.create(temp) as f:
        f.write(pickle.dumps({"records": records, "reads": reads}, protocol=pickle.HIGHEST_PROTOCOL))
    replace(temp, path)
