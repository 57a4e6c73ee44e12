"""Which file pdfTeX typeset for each ``\\includegraphics``: read from the compile's recorder list (pdfTeX's
``-recorder`` ``.fls`` names every file it opened), not found again by a search of our own. A search of our
own took ``plot.png`` where pdfTeX took ``plot.pdf`` (it tries ``.pdf`` first), missed ``\\graphicspath``
folders, and could not see that TeX took a figure named ``left`` from TeX Live's own tree
(``pdfscreen/left.pdf``): a page that shows a stranger's figure."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

# \includegraphics[..]{name}, each of a float's (subfigures side by side)
GRAPHICS = re.compile(r"\\includegraphics\s*\*?\s*(?:\[[^\]]*\]\s*)*\{([^{}]+)\}")
# pdftex.def's \Gin@extensions, in its order: the first that exists is the one typeset
EXTENSIONS = (".pdf", ".png", ".jpg", ".mps", ".jpeg", ".jbig2", ".jb2", ".PDF", ".PNG", ".JPG", ".JPEG", ".JBIG2",
              ".JB2")


def recorded_inputs(fls: str) -> list[str]:
    """The files a ``.fls`` says TeX read, in order, relative ones as ``a/b.png`` (no ``./``, no ``//``)."""
    out = []
    for line in fls.splitlines():
        if line.startswith("INPUT "):
            out.append(posixpath.normpath(line[6:].strip()))
    return out


def typeset_file(folder: Path, inputs: list[str], name: str) -> tuple[Path | None, str | None]:
    """The file pdfTeX typeset for ``\\includegraphics{name}`` and None, or None and why not: ``missing``,
    ``outside_project:<path>`` (TeX took a file outside the project: TeX Live's example images, or a
    stranger's file of the same name, `in_project`). ``inputs``: `recorded_inputs`; where
    there are none (no record), the project's files are tried in pdfTeX's order."""
    name = name.strip()
    if name.startswith("/") or ".." in Path(name).parts:
        return None, "outside_project"
    wanted = [name] if Path(name).suffix in EXTENSIONS else [name + suffix for suffix in EXTENSIONS]
    wanted = [posixpath.normpath(w) for w in wanted]
    root = folder.resolve()
    for candidate in wanted:
        for entry in inputs:
            if entry == candidate or entry.endswith("/" + candidate):
                path = Path(entry) if entry.startswith("/") else folder / entry
                if not path.resolve().is_relative_to(root):
                    return None, f"outside_project:{entry}"
                if path.is_file():
                    return path, None
    for candidate in wanted:
        if (folder / candidate).is_file():
            return folder / candidate, None
    return None, "missing"


def in_project(folder: Path, name: str) -> bool:
    """Whether the project holds a file ``\\includegraphics{name}`` can mean (any of pdfTeX's extensions, any
    folder): one TeX took from elsewhere instead is a stranger's figure, not the author's."""
    stem = Path(name.strip()).name
    wanted = {stem} | {stem + suffix for suffix in EXTENSIONS}
    return any(path.name in wanted and path.is_file() for path in folder.rglob("*"))
