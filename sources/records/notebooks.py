"""Jupyter notebooks to `web_code` samples: every plot paired with the code that drew it.

As DeepSeek-VL did with GitHub notebooks: each image output (PNG, JPEG, or SVG
rasterised by PyMuPDF) is paired with its cell's code plus the earlier cells that
code depends on (imports, data loading: found by which names each cell defines and
uses, with ``ast``), within a size cap; pairs need ``min_code_lines`` lines of code and
exactly one figure in the cell (an output holding one figure as PNG and SVG is one figure).
Notebooks older than nbformat 4 are converted by the ``nbformat`` library, as Jupyter does.
"""

from __future__ import annotations

import ast
import base64
import binascii
import dataclasses
import functools
import hashlib
import json
import re
from typing import Iterator, NamedTuple

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.records.svg import SVG_MAX_ELEMENTS, SVG_SECONDS, rasterise_svg

SOURCE = "notebook"
KIND = "web_code"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")  # an output's preferred figure first


@dataclasses.dataclass(frozen=True)
class NotebookOptions:
    """min_code_lines: pairs with fewer code lines (blank and comment lines not counted) are dropped.
    max_code_chars: the paired code is capped here, dropping the earliest dependency cells first.
    max_image_bytes: larger embedded images are refused before decoding.
    with_dependencies: pair the earlier cells the plotting cell needs, not just the cell.
    svg_max_elements / svg_seconds: an SVG whose elements, with every <use> expanded, outnumber this
    is refused unrendered; rendering runs in a child process stopped after this many seconds."""

    min_code_lines: int = 5
    max_code_chars: int = 6000
    max_image_bytes: int = 8 * 2**20
    with_dependencies: bool = True
    max_side: int = 2048
    svg_max_elements: int = SVG_MAX_ELEMENTS
    svg_seconds: float = SVG_SECONDS


def read_notebook(data: bytes, uri: str, options: NotebookOptions = NotebookOptions(),
                  context=None) -> Iterator[Sample | Reject]:
    """A sample or a reject for every code cell with image outputs."""
    try:
        notebook = _as_v4(data)
        cells = notebook["cells"]
        if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
            raise TypeError("cells must be a list of objects")
    except _Unsupported as exc:
        yield Reject(SOURCE, uri, "error:notebook:unsupported_version", detail=str(exc)[:300])
        return
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        yield Reject(SOURCE, uri, "error:notebook:malformed", detail=f"not a notebook: {exc}"[:300])
        return
    language = _language(notebook)
    if language != "python":
        yield Reject(SOURCE, uri, "filtered:not_python", detail=f"kernel language {language!r}")
        return
    sources = [_source(c) if c.get("cell_type") == "code" else None for c in cells]
    counts = [c.get("execution_count") for c in cells]
    digest = hashlib.sha256(data).hexdigest()
    names = notebook_names(sources)
    found = False
    for index, cell in enumerate(cells):
        outputs = cell.get("outputs")
        images = [figure for out in (outputs if isinstance(outputs, list) else []) if (figure := _figure(out))]
        if sources[index] is None or not images:
            continue
        found = True
        locator = f"cell={index}"
        key = make_key(KIND, digest, locator)
        yield _pair(sources, counts, names, index, images, key, uri, locator, options)
    if not found:
        yield Reject(SOURCE, uri, "filtered:no_image_outputs", detail="no code cell has an image output")


class _Unsupported(ValueError):
    """A notebook format version nbformat cannot bring to version 4."""


def _as_v4(data: bytes) -> dict:
    """The notebook as nbformat 4: version 4 as it is, versions 1-3 (``worksheets``) converted by
    nbformat as Jupyter converts them on opening."""
    notebook = json.loads(data)
    if not isinstance(notebook, dict):
        raise TypeError(f"a notebook is a JSON object, not a {type(notebook).__name__}")
    version = notebook.get("nbformat")
    if version == 4:
        return notebook
    if version not in (1, 2, 3) or isinstance(version, bool):
        raise _Unsupported(f"nbformat {version!r}; 1 to 4 are read")
    import logging

    import nbformat
    from nbformat.converter import convert

    # nbformat logs each schema problem it meets while converting: they are this input's, not the build's
    logger = logging.getLogger("traitlets")
    level, logger.level = logger.level, logging.CRITICAL
    try:
        return convert(nbformat.from_dict(notebook), 4)
    except Exception as exc:  # whatever the converter trips on, the notebook is malformed
        raise ValueError(f"nbformat {version} notebook could not be converted to 4: {exc}") from exc
    finally:
        logger.level = level


def _figure(output) -> tuple[str, object] | None:
    """The one figure an output shows: its preferred representation (PNG over JPEG over SVG) when it
    holds the same figure in several, as a notebook front end shows only one."""
    data = output.get("data") if isinstance(output, dict) else None
    if not isinstance(data, dict):
        return None
    return next(((mime, data[mime]) for mime in IMAGE_TYPES if mime in data), None)


def _pair(sources, counts, names, index, images, key, uri, locator, options: NotebookOptions) -> Sample | Reject:
    def reject(reason, detail):
        return Reject(SOURCE, uri, reason, detail=detail, locator=locator, key=key)

    if len(images) > 1:
        return reject("filtered:multiple_images", f"{len(images)} images in one cell; a pair has one")
    if (magic := _other_language(sources[index])) is not None:
        return reject("filtered:not_python", f"the cell runs under %%{magic}, not as Python")
    try:
        cells = dependencies(sources, index, counts, names) if options.with_dependencies else [index]
    except OutOfOrder as exc:
        return reject("filtered:out_of_order_execution", str(exc))
    while len(cells) > 1 and sum(len(sources[i]) for i in cells) > options.max_code_chars:
        cells = cells[1:]  # drop the earliest dependency first
    code = "\n\n".join(sources[i].strip() for i in cells).strip() + "\n"
    if len(code) > options.max_code_chars:
        return reject("filtered:code_too_long", f"{len(code)} characters > {options.max_code_chars}")
    try:  # a notebook whose metadata names no language may hold R or Julia: never a ```python target
        ast.parse("\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(_MAGICS)))
    except SyntaxError as exc:
        return reject("filtered:not_python", f"the code does not parse as Python 3: {exc.msg} at line {exc.lineno}")
    lines = sum(1 for ln in code.splitlines() if ln.strip() and not ln.strip().startswith("#"))
    if lines < options.min_code_lines:
        return reject("filtered:too_little_code", f"{lines} lines of code < {options.min_code_lines}")
    mime, payload = images[0]
    try:
        raw = _decode(mime, payload, options)
        stored, image = normalised_bytes(raw, ImageLimits(min_side=16, max_side=options.max_side))
    except ImageRejected as exc:
        return reject(exc.reason, str(exc))
    conversation = [{"role": "user", "content": "<image>\nWrite the Python code that produces this plot."},
                    {"role": "assistant", "content": f"```python\n{code}```"}]
    meta = {"source": SOURCE, "uri": uri, "locator": locator, "task": "plot_to_code", "cells": cells,
            "image_type": mime, "image_size": list(image.size), "code_lines": lines}
    return Sample(key=key, kind=KIND, images=[stored], text=code, conversation=conversation, meta=meta)


def _decode(mime: str, payload, options: NotebookOptions) -> bytes:
    text = "".join(payload) if isinstance(payload, list) else str(payload)
    size = len(text) if mime == "image/svg+xml" else len(text) * 3 // 4
    if size > options.max_image_bytes:  # judged from the encoded size, before decoding anything
        raise ImageRejected("filtered:image_too_large", f"about {size} bytes > {options.max_image_bytes}")
    if mime == "image/svg+xml":
        return rasterise_svg(text.encode("utf-8"), options.svg_max_elements, options.svg_seconds)
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError) as exc:
        raise ImageRejected("error:image:unreadable", f"bad base64: {exc}") from exc


class NotebookNames(NamedTuple):
    """What the dependency walk knows of a whole notebook, found once for all its figures. modules: the names
    that are modules (imported anywhere, or by convention); aliases: per name, the names bound to the same
    object by plain assignment (``d = df``) anywhere in the notebook, itself included."""

    modules: frozenset[str]
    aliases: dict[str, frozenset[str]]

    def sharing(self, names: frozenset[str]) -> frozenset[str]:
        """``names`` and every name bound to the same object as one of them."""
        return frozenset(names).union(*(self.aliases.get(name, ()) for name in names))


def notebook_names(sources: list[str | None]) -> NotebookNames:
    """The notebook's `NotebookNames`. Aliases are joined whatever the order of their assignments: a name
    bound to the plot's data anywhere may have changed it (conservative: a cell too many, never one too few)."""
    cells = [_names(code) for code in sources if code]
    groups: dict[str, set[str]] = {}
    for target, value in (pair for cell in cells for pair in cell.aliases):
        joined = groups.get(target, {target}) | groups.get(value, {value})
        for name in joined:
            groups[name] = joined
    return NotebookNames(_MODULES.union(*(cell.imported for cell in cells)),
                         {name: frozenset(group) for name, group in groups.items()})


def dependencies(sources: list[str | None], index: int, counts: list | None = None,
                 names: NotebookNames | None = None) -> list[int]:
    """The cell and the code cells it needs, in the order they ran: a cell is needed when it defines a
    name a needed cell uses (imports included) or changes its object in place, found transitively, the
    latest definition before the cell ran winning; a cell setting state every later plot draws with
    (a style, rcParams, a random seed: `_CellNames`) always is. ``counts``: each cell's ``execution_count``;
    where the cell has one, the cells that ran before it are those with smaller counts, wherever they stand
    (a plot run after ``y = x ** 2`` and before a later cell's ``y = x ** 3`` was paired with the cubes);
    without counts, the notebook's order. A cell of imports alone that ran after it still gives the names
    it needs (run again to add an import), first. Raises `OutOfOrder` where counts repeat among them (the
    kernel restarted between runs: which ran first cannot be known). ``names``: `notebook_names` of
    ``sources``, found here when not given.

    An object changes in place through any name bound to it (``d = df; d['y'] *= 2``), and a call given it
    may change it (``normalise(df)``, ``np.random.shuffle(vals)``): such cells go with the plot too."""
    names = names or notebook_names(sources)
    history = _ran_before(sources, index, counts)
    needed = _names(sources[index]).needs
    chosen = [index]
    for j in history:
        cell = _names(sources[j])
        # a cell changing an object the plot uses in place (df['y'] = ..., vals.append(...), normalise(df))
        # made it what the plot drew as much as the cell defining it; a method called on a module is no change
        # to it, nor is drawing or printing what a call is given
        in_place = (cell.changed | cell.called | _passed_to_change(cell.passed, names.modules)) - names.modules
        if (cell.defined & needed or in_place & names.sharing(needed) or "*" in cell.defined and needed
                or cell.sets_state):  # a star import: any name
            chosen.append(j)
            needed = (needed - cell.defined) | cell.needs
    # a cell of imports alone run again after the plot (to add one) still defined them before it ran:
    # imports give the same names however often they run
    others = [j for j in [*range(index - 1, -1, -1), *range(index + 1, len(sources))] if j not in chosen]
    imported = []
    for j in others:
        names = _imports_only(sources[j])
        if needed and names & needed:
            imported.append(j)
            needed -= names
    ran = {j: at for at, j in enumerate(reversed(history))}
    return sorted(imported) + sorted(chosen, key=lambda j: ran.get(j, len(ran)))


def _passed_to_change(passed: frozenset[tuple[str, str]], modules: frozenset[str]) -> frozenset[str]:
    """The names of ``passed`` (``(callee, name)`` of calls made for their effect) a call may change: any
    call but a builtin, a module's function (unless it changes its argument: ``np.random.shuffle``), or a
    method that draws or looks at what it is given (``ax.plot(vals)``, ``print(df)``)."""
    out = set()
    for callee, name in passed:
        root, method = callee.split(".")[0], callee.rsplit(".", 1)[-1]
        if callee in _BUILTINS or method in _DRAWS or method in _LOOKS:
            continue
        if root not in modules or _CHANGES_ARGUMENT.search(callee):
            out.add(name)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)  # asked for every figure of a notebook: each cell parsed once
def _imports_only(code: str | None) -> frozenset[str]:
    """The names a cell of nothing but imports (IPython's magics aside) defines; none for any other cell."""
    if not code or _other_language(code) is not None:
        return frozenset()
    try:
        tree = ast.parse("\n".join(ln for ln in code.splitlines() if not ln.lstrip().startswith(_MAGICS)))
    except SyntaxError:
        return frozenset()
    if not tree.body or not all(isinstance(node, (ast.Import, ast.ImportFrom)) for node in tree.body):
        return frozenset()
    return frozenset((a.asname or a.name).split(".")[0] for node in tree.body for a in node.names if a.name != "*")


class OutOfOrder(ValueError):
    """Execution counts that do not say which cell ran before which."""


def _ran_before(sources: list[str | None], index: int, counts: list | None) -> list[int]:
    """The code cells that ran before cell ``index``, latest first."""
    count = counts[index] if counts else None
    if not isinstance(count, int) or isinstance(count, bool):
        return [j for j in range(index - 1, -1, -1) if sources[j] is not None]
    ran = [(c, j) for j, c in enumerate(counts) if sources[j] is not None and j != index
           and isinstance(c, int) and not isinstance(c, bool) and c < count]
    if len({c for c, _ in ran}) < len(ran):
        raise OutOfOrder(f"execution counts repeat before cell {index}'s {count}: the kernel restarted "
                         "between runs, and which cell ran before which is not known")
    return [j for _, j in sorted(ran, reverse=True)]


_MAGICS = ("%", "!", "?")  # IPython's magics, shell lines and help: no Python statement
# cell magics that run the cell as Python (timing, capturing, profiling it, or in a Python process); any
# other (%%R, %%bash, %%sql, %%javascript, %%html, %%cython...) runs another language, whose code can parse
# as Python too ("x <- c(1, 2)" is a comparison) and was written as ```python
_PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "px", "python", "python3", "pypy"})


def _other_language(code: str | None) -> str | None:
    """The cell magic a cell opens with when it runs the cell as another language than Python, else None."""
    first = next((ln.strip() for ln in (code or "").splitlines() if ln.strip()), "")
    if not first.startswith("%%"):
        return None
    name = first[2:].split(maxsplit=1)[0] if first[2:].strip() else ""
    return None if name in _PYTHON_CELL_MAGICS else name or "?"


# names that are modules by convention, even where no cell imports them (%pylab did): a call on one changes
# nothing a plot uses, unless it sets state (`_STATE_CALL`)
_MODULES = frozenset({"plt", "np", "pd", "sns", "mpl", "matplotlib", "numpy", "pandas", "seaborn", "os", "sys",
                      "math", "random", "torch", "tf"})
# calls that set what every later figure is drawn with or from: a style, rcParams, a random seed
_STATE_CALL = re.compile(r"(?:^|\.)(?:style\.use|rc|rcdefaults|rc_file|rc_file_defaults|rcParams\.update|"
                         r"random\.seed|manual_seed|set_theme|set_style|set_context|set_palette|set_color_codes)$"
                         r"|^(?:sns|seaborn)\.set$")


# module functions that change the array they are given (a shuffle, a copy into it)
_CHANGES_ARGUMENT = re.compile(r"(?:^|\.)(?:shuffle|copyto|put|place|putmask|fill_diagonal)$")
# calls given an object to show, draw, measure or convert it, changing nothing of it
_BUILTINS = frozenset({"print", "display", "len", "repr", "str", "type", "isinstance", "sorted", "list", "tuple",
                       "set", "dict", "sum", "min", "max", "abs", "round", "any", "all", "zip", "enumerate", "iter",
                       "id", "hash", "format", "vars", "dir", "help", "float", "int", "bool"})
_DRAWS = frozenset({"plot", "scatter", "bar", "barh", "hist", "hist2d", "imshow", "matshow", "pie", "boxplot",
                    "violinplot", "fill_between", "fill_betweenx", "errorbar", "step", "stem", "stackplot", "contour",
                    "contourf", "pcolormesh", "pcolor", "hexbin", "quiver", "streamplot", "text", "annotate", "table",
                    "loglog", "semilogx", "semilogy", "fill", "vlines", "hlines", "axhline", "axvline", "eventplot",
                    "plot_surface", "plot_wireframe", "legend", "set_xticks", "set_yticks", "set_xticklabels",
                    "set_yticklabels", "heatmap", "display"})


# methods a notebook calls to look at an object, changing nothing ("df.head()" ending a cell shows it)
_LOOKS = frozenset({"head", "tail", "info", "describe", "sample", "value_counts", "nunique", "unique", "count",
                    "isna", "isnull", "notna", "notnull", "memory_usage", "sum", "mean", "median", "std", "var",
                    "min", "max", "corr", "cov", "to_csv", "to_excel", "to_json", "to_parquet", "savefig", "show",
                    "copy", "keys", "items", "values"})


class _CellNames(NamedTuple):
    """What a cell does to names. defined: names it binds; needs: names a statement reads before the cell
    binds them; changed: names whose object it changes by item or attribute assignment (``df['y'] = ...``);
    called: names it calls a method on for its effect (``vals.append(x)``); passed: ``(callee, name)`` for
    each name a call made for its effect is given (``normalise(df)``); aliases: ``(target, name)`` of each
    plain assignment of one name to another (``d = df``); imported: names its imports bind; sets_state: it
    sets a style, rcParams or a random seed."""

    defined: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    changed: frozenset[str] = frozenset()
    called: frozenset[str] = frozenset()
    passed: frozenset[tuple[str, str]] = frozenset()
    aliases: frozenset[tuple[str, str]] = frozenset()
    imported: frozenset[str] = frozenset()
    sets_state: bool = False


@functools.lru_cache(maxsize=4096)
def _names(code: str | None) -> _CellNames:
    """What the cell does to names (`_CellNames`). IPython magics and shell lines are skipped."""
    if not code or _other_language(code) is not None:  # R or shell code defines no Python name
        return _CellNames()
    lines = [ln for ln in code.splitlines() if not ln.lstrip().startswith(_MAGICS)]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return _CellNames()
    defined, needs, changed, called, passed, aliases, imported = set(), set(), set(), set(), set(), set(), set()
    sets_state = False
    for statement in tree.body:
        stored, loaded = set(), set()
        for node in ast.walk(statement):
            if isinstance(node, ast.Name):
                (loaded if isinstance(node.ctx, ast.Load) else stored).add(node.id)
            elif isinstance(node, (ast.Import, ast.ImportFrom)):  # "*" for `from pylab import *`
                names = {(a.asname or a.name).split(".")[0] for a in node.names}
                stored |= names
                imported |= names
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stored.add(node.name)
            elif isinstance(node, (ast.Subscript, ast.Attribute)) and not isinstance(node.ctx, ast.Load):
                changed.add(_root(node))
                sets_state |= "rcParams" in _dotted(node)
            elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                func = node.value.func
                if isinstance(func, ast.Attribute) and func.attr not in _LOOKS:
                    called.add(_root(func))
                given = [*node.value.args, *(k.value for k in node.value.keywords)]
                passed |= {(_dotted(func), name) for arg in given if (name := _given(arg))}
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
                aliases |= {(t.id, node.value.id) for t in node.targets if isinstance(t, ast.Name)}
            if isinstance(node, ast.Call) and _STATE_CALL.search(_dotted(node.func)):
                sets_state = True
        needs |= loaded - defined
        defined |= stored
    return _CellNames(frozenset(defined), frozenset(needs), frozenset(changed - {None}), frozenset(called - {None}),
                      frozenset(passed), frozenset(aliases), frozenset(imported), sets_state)


def _given(node: ast.AST) -> str | None:
    """The name whose object a call argument is or is part of (``df``, ``df['y']``, ``df.values``); None for
    anything made by a call (``df.copy()``) or a literal."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _root(node: ast.AST) -> str | None:
    """The name an item, attribute or call chain starts from (``df`` of ``df.loc[0, "y"]``), if a name."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _dotted(node: ast.AST) -> str:
    """``plt.style.use`` for that attribute chain; items and calls in it are left out (``a.b[0].c``: a.b.c)."""
    parts = []
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def _language(notebook: dict) -> str:
    """The kernel's language as its metadata says it: the kernel spec's, the language info's, or a version 3
    notebook's own ``language`` (an IJulia notebook's "Julia" was read as Python); "python" for "Python 3"
    or "ipython3"; "python" where nothing says (the code must then parse as Python: `_pair`)."""
    meta = notebook.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    kernel = meta.get("kernelspec") if isinstance(meta.get("kernelspec"), dict) else {}
    info = meta.get("language_info") if isinstance(meta.get("language_info"), dict) else {}
    language = str(kernel.get("language") or info.get("name") or meta.get("language") or "python").lower()
    return "python" if re.fullmatch(r"i?python\s*[23]?", language.strip()) else language
