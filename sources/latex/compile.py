"""pdfLaTeX run safely on a project folder, with SyncTeX on.

- no shell escape (``-no-shell-escape``, and ``shell_escape=f`` in the environment);
- reads and writes confined to the project folder: TeX Live's ``openin_any=p`` / ``openout_any=p``
  (paranoid: no absolute paths, no ``..``, no dot files) and ``TEXMFOUTPUT`` unset; ``HOME`` is the folder;
- non-interactive (``-interaction=nonstopmode -halt-on-error``), stdin closed;
- a wall-time limit per run and an address-space limit (``RLIMIT_AS``) on the process.

The engine runs again while the log asks for it (undefined references, labels that changed), as latexmk
does, at most ``runs`` times, so ``\\ref``, ``\\cite`` and the ``.bbl`` resolve (bibtex is never run: arXiv
ships the ``.bbl``); and while a file it reads back changed (a ``.toc``: `_read_back`), until it is stable, at
most `READ_BACK_RUNS` times. A source that does not compile raises `CompileFailed` with the log's first error line.
"""

from __future__ import annotations

import dataclasses
import os
import re
import resource
import shutil
import subprocess
from pathlib import Path

from shards.reject import ReasonError
from sources.latex.defined_tests import defined_probe, recorded_definitions, tested_names
from sources.latex.graphics import recorded_inputs
from sources.latex.numbering import PROBE, PROBE_FILE

INSTALL_HINT = ("LaTeX sources are compiled with pdfLaTeX, which is not installed: run tools/install-tex "
                "(Debian/Ubuntu: `sudo apt-get install texlive-latex-base`)")
# printed at \begin{document} so the SyncTeX reader can find each page's text block (`synctex.SyncTex`)
_PROBE = r"\AtBeginDocument{\message{[vlbuild textheight=\the\textheight]}}"
# the comment package's \includecomment{notes} typesets the environment's lines from a file it writes
# (comment.cut, overwritten by the next one): SyncTeX placed them in no source file, so their text was in no page's
# target. Made a plain environment, TeX reads them where they stand; what it prints is the same (an excluded one,
# \excludecomment, is left to the package: it prints nothing); a \specialcomment{notes}{before}{after} the same,
# its before and after code run at its begin and end
_COMMENTS = (r"\ifdefined\AddToHook\AddToHook{package/comment/after}{\def\includecomment#1{"
             r"\expandafter\def\csname #1\endcsname{}\expandafter\def\csname end#1\endcsname{}}"
             r"\long\def\specialcomment#1#2#3{"
             r"\expandafter\def\csname #1\endcsname{#2}\expandafter\def\csname end#1\endcsname{#3}}}\fi")
# read first, with @ a letter: records the numbers TeX prints (`sources.latex.numbering`)
_NUMBERING = r"\makeatletter\input{" + PROBE_FILE + r"}\makeatother"
_RERUN = re.compile(r"Rerun to get|There were undefined references|Label\(s\) may have changed")
_TEXTHEIGHT = re.compile(r"\[vlbuild textheight=([0-9.]+)pt\]")


class CompileFailed(ReasonError):
    """The source did not compile: ``reason`` ``error:latex:compile`` (or ``:timeout``, ``:memory``; ``:unstable``
    where what the runs read back never settled), detail the first error."""


@dataclasses.dataclass(frozen=True)
class Compiled:
    """What pdfLaTeX made: the PDF, its SyncTeX data, the ``.aux``, the text height (points) and the
    counter steps it shipped (`sources.latex.numbering`; "" when none were recorded)."""

    pdf: bytes
    synctex: bytes
    aux: str
    text_height_pt: float | None
    seconds: float
    numbers: str = ""
    inputs: tuple[str, ...] = ()  # the files the last run read, in order (`sources.latex.graphics.recorded_inputs`)
    # the macros the sources test for, name -> whether TeX had each before the class, after it, as the document
    # began (`sources.latex.defined_tests.defined_probe`)
    defined: dict[str, str] = dataclasses.field(default_factory=dict)


def find_pdflatex() -> str | None:
    return shutil.which(os.environ.get("VLBUILD_PDFLATEX", "pdflatex"))


def compile_project(folder: Path, main: str, timeout: float = 60.0, memory_mb: int = 2048,
                    runs: int = 2) -> Compiled:
    """Compile ``folder/main`` with pdfLaTeX (SyncTeX on), up to ``runs`` times; `CompileFailed` when it fails."""
    import time

    engine = find_pdflatex()
    if engine is None:
        raise CompileFailed("error:latex:no_tex", INSTALL_HINT)
    job = Path(main).stem
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(folder), "openin_any": "p",
           "openout_any": "p", "shell_escape": "f", "TEXMFOUTPUT": "", "TEXINPUTS": ".//:",
           "LANG": "C.UTF-8", "SOURCE_DATE_EPOCH": "1704067200", "FORCE_SOURCE_DATE": "1"}
    # -recorder: the .fls names every file TeX read (which figure file it typeset: `sources.latex.graphics`)
    command = [engine, "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-synctex=1",
               "-file-line-error", "-recorder", f"-jobname={job}"]
    start = time.monotonic()
    probe = folder / PROBE_FILE
    probe.write_text(PROBE)
    defined = defined_probe(_tested(folder))
    try:
        return _runs(folder, job, command + [_NUMBERING + _PROBE + _COMMENTS + defined + r"\input{" + main + "}"], env,
                     timeout, memory_mb, runs, start)
    except CompileFailed as failed:
        if failed.reason != "error:latex:compile":
            raise
        # the numbering record expands what TeX prints (a list's \labelenumi) where an author's fragile macro
        # cannot be: compiled again without it, the source's own error (if any) is the reject; with it gone,
        # the numbers are counted here (`sources.latex.numbering`: no record)
        for stale in folder.glob(f"{job}.*"):
            if stale.suffix in (".aux", ".toc", ".lof", ".lot", ".out"):
                stale.unlink(missing_ok=True)
        return _runs(folder, job, command + [_PROBE + _COMMENTS + defined + r"\input{" + main + "}"], env, timeout,
                     memory_mb, runs, start)
    finally:
        probe.unlink(missing_ok=True)


def _runs(folder: Path, job: str, command: list[str], env: dict, timeout: float, memory_mb: int, runs: int,
          start: float) -> Compiled:
    import time

    # stops early once nothing is left to resolve: the log's requests are taken up to ``runs`` runs, a file read
    # back that changed up to `READ_BACK_RUNS` (a contents that pushed text to a later page has new page
    # numbers for the next run: capped at 2 runs, the page printed "2 Method 1", the target "2 Method 2")
    for run in range(1, max(runs, READ_BACK_RUNS) + 1):
        before = _read_back(folder, job)
        try:
            done = subprocess.run(command, cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                  timeout=timeout, preexec_fn=_limits(memory_mb))
        except subprocess.TimeoutExpired:
            raise CompileFailed("error:latex:timeout", f"pdfLaTeX ran over {timeout:g} s") from None
        log = _read(folder / f"{job}.log")
        errors = done.stderr.decode("latin-1")
        if done.returncode != 0 and (_OUT_OF_MEMORY.search(errors) or done.returncode < 0):
            # under RLIMIT_AS, pdfTeX's allocations fail ("fatal: memory exhausted") or it cannot even map
            # its libraries: the limit's fault, said as such, not TeX's banner line
            raise CompileFailed("error:latex:memory", f"pdfLaTeX ran out of its {memory_mb} MB memory limit: "
                                f"{(errors.strip().splitlines() or [f'exit {done.returncode}'])[-1][:300]}")
        if done.returncode != 0 or not (folder / f"{job}.pdf").exists():
            raise CompileFailed("error:latex:compile", first_error(log or done.stdout.decode("latin-1")))
        changed = _read_back(folder, job) != before
        if not changed and (run >= runs or not _RERUN.search(log)):
            break
    if changed:
        # the last run printed what the run before it wrote, and the target takes the entries the last run wrote
        # (`front_matter.contents`): a contents that never settles would be written with page numbers or lines
        # the page does not show
        raise CompileFailed("error:latex:unstable", f"what pdfLaTeX reads back ({', '.join(_READ_BACK_FILES)} or "
                            f"the .aux's numbering) still changed after {run} runs: the printed pages and the "
                            "target would disagree")
    found = _TEXTHEIGHT.search(log)
    aux = _whole_aux(folder, f"{job}.aux")  # the numbering record's lines in it too (an \\include's in its part's)
    synctex = folder / f"{job}.synctex.gz"
    return Compiled(pdf=(folder / f"{job}.pdf").read_bytes(), synctex=synctex.read_bytes() if synctex.exists() else b"",
                    aux=aux, text_height_pt=float(found.group(1)) if found else None,
                    seconds=time.monotonic() - start, numbers=_utf8(aux),
                    inputs=tuple(recorded_inputs(_utf8(_read(folder / f"{job}.fls")))),
                    defined=recorded_definitions(log))


def _tested(folder: Path) -> set[str]:
    """The macros the project's sources test for (``\\ifdefined\\foo``, ``\\@ifundefined{chapter}``: their
    preamble's definitions made in either branch are decided by what TeX had, `sources.latex.defined_tests`)."""
    names: set[str] = set()
    for path in folder.rglob("*"):
        if path.suffix in (".tex", ".sty", ".cls", ".ltx") and path.is_file():
            names |= tested_names(_read(path))
    return names


# what a run writes that the next one reads back and prints, with no "Rerun" in the log: the contents lists
# (\tableofcontents printed nothing on the only run), and KOMA-Script's \autodot, turned on in the .aux at
# the end of a run where a number had a letter ("A Proofs" printed, "A. Proofs" on the next run)
_READ_BACK_FILES = (".toc", ".lof", ".lot")
# LaTeX's own convention (latexmk's too): run again until what is read back is stable, within a cap
READ_BACK_RUNS = 4
_READ_BACK_AUX = re.compile(r".*@altsecnumformattrue.*")


def _read_back(folder: Path, job: str) -> tuple:
    """What of ``job``'s files the next run reads back and prints (`_READ_BACK_FILES`, `_READ_BACK_AUX`)."""
    files = tuple(_read(folder / f"{job}{suffix}") for suffix in _READ_BACK_FILES)
    return files + tuple(_READ_BACK_AUX.findall(_read(folder / f"{job}.aux")))


_OUT_OF_MEMORY = re.compile(r"memory exhausted|Cannot allocate memory|failed to map segment|out of memory", re.I)


def first_error(log: str) -> str:
    """The log's first error line (``! ...`` or ``file:line: ...`` with -file-line-error), with the line after."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("! ") or re.match(r"^[^ :]+\.\w+:\d+: ", line):
            following = next((l for l in lines[i + 1:i + 3] if l.startswith("l.")), "")
            return (line + (" " + following.strip() if following else ""))[:500]
    return (lines[-1] if lines else "pdfLaTeX failed without a log")[:500]


def _limits(memory_mb: int):
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        os.setsid()  # its own process group: a timeout kills nothing of ours

    return apply


_AUX_INPUT = re.compile(r"\\@input\{([^}]*)\}")


def _whole_aux(folder: Path, name: str, depth: int = 0) -> str:
    """The ``.aux`` file ``name`` with the parts' ``.aux`` files it pulls in (``\\@input{sections/intro.aux}``,
    what ``\\include`` writes) put in place: a label or a bibliography entry in an included part was read
    as unknown, and written "Section ??" where the page shows "Section 1". Nested at most 8 deep; a part
    outside ``folder`` is not read."""
    text = _read(folder / name)
    if depth >= 8:
        return text

    def part(match: re.Match) -> str:
        path = (folder / match.group(1)).resolve()
        return _whole_aux(folder, match.group(1), depth + 1) if path.is_relative_to(folder.resolve()) else ""
    return _AUX_INPUT.sub(part, text)


def _utf8(text: str) -> str:
    """Text read as latin-1 (every byte a character) that TeX wrote from UTF-8 sources (a renamed figure,
    "Ábra"), as UTF-8 where it is that."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _read(path: Path) -> str:
    try:
        return path.read_text("latin-1")
    except OSError:
        return ""
