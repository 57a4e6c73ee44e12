"""Jupyter notebooks to `web_code` samples: every plot paired with the code that drew it.

As DeepSeek-VL did with GitHub notebooks: each image output (PNG, JPEG, or SVG
rasterised by PyMuPDF) is paired with its cell's code plus the earlier cells that
code depends on (imports, data loading, in-place changes: `notebook_cells`, with ``ast``),
within a size cap; pairs need ``min_code_lines`` lines of code and
exactly one figure in the cell (an output holding one figure as PNG and SVG is one figure).
Notebooks older than nbformat 4 are converted by the ``nbformat`` library, as Jupyter does.
"""

from __future__ import annotations

import ast
import base64
import binascii
import dataclasses
import hashlib
import json
import re
from typing import Iterator

from shards.reject import Reject
from shards.sample import Sample, make_key
from sources.common.images import ImageLimits, ImageRejected, normalised_bytes
from sources.records.notebook_cells import (OutOfOrder, dependencies, notebook_names, other_language, python_lines,
                                           sets_state, undefined_names)
from sources.records.picture_files import file_shown, made_elsewhere
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
    errors = [_error(c.get("outputs")) for c in cells]
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
        yield _pair(sources, counts, names, index, images, key, uri, locator, options, errors)
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


def _error(outputs) -> str | None:
    """The exception a cell's outputs show it stopped at (``NameError: name 'x' is not defined``), if any."""
    for out in outputs if isinstance(outputs, list) else []:
        if isinstance(out, dict) and out.get("output_type") == "error":
            return f"{out.get('ename', 'an error')}: {out.get('evalue', '')}"
    return None


def _pair(sources, counts, names, index, images, key, uri, locator, options: NotebookOptions,
          errors: list | None = None) -> Sample | Reject:
    def reject(reason, detail):
        return Reject(SOURCE, uri, reason, detail=detail, locator=locator, key=key)

    if len(images) > 1:
        return reject("filtered:multiple_images", f"{len(images)} images in one cell; a pair has one")
    if (magic := other_language(sources[index])) is not None:
        return reject("filtered:not_python", f"the cell runs under %%{magic}, not as Python")
    if (shown := file_shown(sources[index])) is not None:
        return reject("filtered:image_from_file", made_elsewhere(shown))
    try:
        cells = dependencies(sources, index, counts, names) if options.with_dependencies else [index]
    except OutOfOrder as exc:
        return reject("filtered:out_of_order_execution", str(exc))
    while len(cells) > 1 and sum(len(sources[i]) for i in cells) > options.max_code_chars:
        if sets_state(sources[cells[0]]):  # no name shows it missing: the code would draw another plot
            return reject("filtered:code_too_long", f"cell {cells[0]}, setting the style, rcParams or random seed "
                                                    f"the plot is drawn with, cannot be left out for length")
        cells = cells[1:]  # drop the earliest dependency first
    # a cell that raised stopped there: the lines after it never ran, and the code given would stop too
    stopped = next((i for i in cells if errors and errors[i]), None)
    if stopped is not None:
        return reject("filtered:cell_raised", f"cell {stopped} stopped at {errors[stopped]}: what came after "
                                              "it never ran"[:300])
    code = "\n\n".join(sources[i].strip() for i in cells).strip() + "\n"
    if len(code) > options.max_code_chars:
        return reject("filtered:code_too_long", f"{len(code)} characters > {options.max_code_chars}")
    if (shown := file_shown(code)) is not None:  # read in a cell the plot needs: ``img = cv2.imread(...)``
        return reject("filtered:image_from_file", made_elsewhere(shown))
    try:  # a notebook whose metadata names no language may hold R or Julia: never a ```python target
        ast.parse(python_lines(code))
    except SyntaxError as exc:
        return reject("filtered:not_python", f"the code does not parse as Python 3: {exc.msg} at line {exc.lineno}")
    if missing := undefined_names(code):  # the code would stop there: it does not draw the plot
        return reject("filtered:undefined_names", f"the code reads {', '.join(missing[:8])}, which none of its cells "
                                                  "defines (made by a magic such as %run or %store, or in a cell "
                                                  "left out for length)"[:300])
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


def _source(cell: dict) -> str:
    """The cell's code, its lines ended by ``\n`` as Python reads them (a notebook written on Windows or by a
    script may end them by ``\r\n`` or ``\r``: the target mixed them with the ``\n`` cells are joined by)."""
    source = cell.get("source", "")
    text = "".join(map(str, source)) if isinstance(source, list) else str(source)
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


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
