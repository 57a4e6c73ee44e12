"""A LaTeX project from one input: an arXiv source archive (``.tar.gz``, ``.tar``), a gzipped single ``.tex``,
a plain ``.tex`` file (with its folder when it is a local file) or a folder; and which file is the main one.

Archives are unpacked with tarfile's ``data`` filter (no absolute paths, no ``..``, no links leading out,
no device files) into a fresh folder; sizes are capped so an archive bomb stops early.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import shutil
import tarfile
from pathlib import Path

from shards.reject import ReasonError
from sources.common.files import note_read

MAX_PROJECT_BYTES = 200 * 1024 * 1024  # unpacked: arXiv caps a submission's sources well under this
_DOCUMENTCLASS = re.compile(rb"^[^%\n]*\\documentclass", re.M)
# a class that makes a part of another document (its sections compile alone): a main file only when alone
_PART_CLASS = re.compile(rb"^[^%\n]*\\documentclass\s*(\[[^\]]*\])?\s*\{(subfiles|standalone)\}", re.M)
_INPUTS = re.compile(rb"^[^%\n]*?\\(?:input|include|subfile)\s*\{([^}]+)\}", re.M)
_MAIN_NAMES = ("main.tex", "ms.tex", "paper.tex", "article.tex")


class ProjectRefused(ReasonError):
    """An input that is no LaTeX project; ``reason`` is ``error:latex:<what>`` (``unsupported:latex_part``
    for a ``.tex`` without ``\\documentclass``)."""


def unpack(data: bytes, uri: str, folder: Path) -> str | None:
    """Write the project in ``data`` (archive, gzipped or plain ``.tex``) into the empty ``folder``; the
    main file's name when the input is one (a plain or gzipped ``.tex``), None for an archive. A plain
    ``.tex`` that is a local file brings the files beside it (its figures, inputs, ``.bbl``)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = _gunzip(data)
        except (OSError, EOFError) as exc:
            raise ProjectRefused("error:latex:corrupt_archive", f"not a readable gzip: {exc}") from None
    if _is_tar(data):
        _untar(data, folder)
        return None
    if not _DOCUMENTCLASS.search(data[:200_000]):  # a section of a project folder: its main file reads it
        raise ProjectRefused("unsupported:latex_part", "no \\documentclass: a part of a LaTeX project, "
                                                       "read with the main file that \\inputs it")
    local = uri.split("://", 1)[-1] if uri.startswith("file://") or "://" not in uri else None
    if local and uri.lower().endswith(".tex") and os.path.isfile(local):
        _copy_folder(Path(local).parent, folder)
    name = Path(uri.split("?")[0]).name
    name = name[:-3] if name.lower().endswith(".gz") else name
    name = name if name.lower().endswith(".tex") and _safe_name(name) else "main.tex"
    (folder / name).write_bytes(data)
    return name


def main_file(folder: Path) -> str:
    """The main file's path relative to ``folder``: the one arXiv's ``00README`` names ``toplevel``, else
    the ``.tex`` with ``\\documentclass`` (and ``\\begin{document}``), preferring the top level, a file
    no other one inputs (a ``subfiles`` section compiles alone too) and the usual names."""
    named = _readme_toplevel(folder)
    if named is not None:
        return named
    heads = {path: path.read_bytes()[:200_000] for path in sorted(folder.rglob("*.tex")) if path.is_file()}
    inputs = {Path(name.decode("latin-1").strip()).stem for head in heads.values() for name in _INPUTS.findall(head)}
    found = []
    for path, head in heads.items():
        if _DOCUMENTCLASS.search(head) and b"\\begin{document}" in head:
            rel = path.relative_to(folder).as_posix()
            found.append((bool(_PART_CLASS.search(head)), rel.count("/"), path.stem in inputs,
                          path.name not in _MAIN_NAMES, rel))
    if not found:
        raise ProjectRefused("error:latex:no_main_file", "no .tex file with \\documentclass and \\begin{document}")
    return min(found)[-1]


def shipped_pdf(folder: Path, main: str) -> Path | None:
    """The compiled PDF an archive ships beside its sources: the main file's namesake, else the only one at
    top that no source names (a figure, ``\\includegraphics{overview}`` of ``overview.pdf``, is no paper; nor
    Inkscape's ``drawing.pdf`` that only its ``drawing.pdf_tex`` names: taken for the paper and removed, it
    failed the compile, and the figure's pages were read as the paper's)."""
    namesake = folder / (main[:-4] + ".pdf")
    if namesake.is_file():
        return namesake
    top = sorted(folder.glob("*.pdf"))
    if len(top) != 1:
        return None
    named = re.compile(rb"[{,/\s]" + re.escape(top[0].stem.encode()) + rb"(\.pdf)?\s*[},]")
    sources = (path.read_bytes() for path in folder.rglob("*") if path.is_file() and path.suffix.lower() != ".pdf")
    sources = (data for data in sources if b"\0" not in data[:4096])  # text: .tex, .pdf_tex, .pgf, .sty...
    return None if any(named.search(text) for text in sources) else top[0]


def use_bbl(folder: Path, main: str) -> None:
    """arXiv ships the bibliography as a ``.bbl``; pdfLaTeX reads ``<main>.bbl``: an only ``.bbl`` under
    another name is copied there (bibtex is never run)."""
    wanted = folder / (main[:-4] + ".bbl")
    found = sorted(folder.rglob("*.bbl"))
    if not wanted.exists() and len(found) == 1:
        shutil.copyfile(found[0], wanted)


def _readme_toplevel(folder: Path) -> str | None:
    """The ``.tex`` arXiv's ``00README.json`` (``{"sources": [{"filename": ..., "usage": "toplevel"}]}``)
    or a classic ``00README.XXX`` (``main.tex toplevelfile``) names as the main file, if it is there."""
    import json

    names = []
    readme = folder / "00README.json"
    if readme.is_file():
        try:
            entries = json.loads(readme.read_bytes()).get("sources", [])
            names = [e.get("filename", "") for e in entries if isinstance(e, dict) and e.get("usage") == "toplevel"]
        except (ValueError, AttributeError):
            names = []
    classic = folder / "00README.XXX"
    if not names and classic.is_file():
        for line in classic.read_bytes().decode("latin-1").splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[1] in ("toplevelfile", "toplevel"):
                names.append(parts[0])
    for name in names:
        if isinstance(name, str) and name.endswith(".tex") and ".." not in Path(name).parts \
                and not name.startswith("/") and (folder / name).is_file():
            return Path(name).as_posix()
    return None


def _gunzip(data: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        out = gz.read(MAX_PROJECT_BYTES + 1)
    if len(out) > MAX_PROJECT_BYTES:
        raise ProjectRefused("error:latex:too_large", f"unpacks to more than {MAX_PROJECT_BYTES} bytes")
    return out


def _is_tar(data: bytes) -> bool:
    return len(data) > 262 and data[257:262] == b"ustar"


def _untar(data: bytes, folder: Path) -> None:
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]  # links and devices left out
            if sum(m.size for m in members) > MAX_PROJECT_BYTES:
                raise ProjectRefused("error:latex:too_large", f"unpacks to more than {MAX_PROJECT_BYTES} bytes")
            for member in members:
                try:
                    tar.extract(member, folder, filter="data")
                except tarfile.FilterError as exc:  # an absolute path or ``..``: that member is refused
                    raise ProjectRefused("error:latex:unsafe_archive", str(exc)) from None
    except tarfile.TarError as exc:
        raise ProjectRefused("error:latex:corrupt_archive", f"{type(exc).__name__}: {exc}") from None


def _copy_folder(source: Path, folder: Path) -> None:
    note_read(str(source))  # TeX may read any of it: a change anywhere in the folder is a change of the input
    total = 0
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            if total > MAX_PROJECT_BYTES:
                raise ProjectRefused("error:latex:too_large", f"{source} holds more than {MAX_PROJECT_BYTES} bytes")
            target = folder / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def _safe_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9._-]+", name)) and not name.startswith(".")
