"""Notebooks whose plot outputs were really drawn by their cells: each code cell is run
and the figures it leaves open are saved as its outputs, as Jupyter would show them."""

from __future__ import annotations

import base64
import contextlib
import io
import json


def executed_notebook(cells: list[tuple[str, str]], svg_cells: frozenset[int] = frozenset()) -> bytes:
    """``cells``: ``("markdown" | "code", source)``. Code cells run in one namespace under Agg;
    figures left open become ``image/png`` outputs (``image/svg+xml`` for indexes in ``svg_cells``)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    namespace: dict = {}
    out_cells = []
    count = 0
    with matplotlib.rc_context({"svg.hashsalt": "vlbuild"}):  # fixed SVG ids: same bytes every run
        for index, (kind, source) in enumerate(cells):
            cell = {"cell_type": kind, "metadata": {}, "source": source.splitlines(keepends=True)}
            if kind == "code":
                count += 1
                printed = io.StringIO()
                with contextlib.redirect_stdout(printed):
                    exec(compile(source, f"<cell {index}>", "exec"), namespace)
                outputs = [{"output_type": "stream", "name": "stdout", "text": printed.getvalue()}] \
                    if printed.getvalue() else []
                for number in plt.get_fignums():
                    buf = io.BytesIO()
                    as_svg = index in svg_cells
                    plt.figure(number).savefig(buf, format="svg" if as_svg else "png",
                                               metadata={"Date": None} if as_svg else {"Software": None})
                    data = ({"image/svg+xml": buf.getvalue().decode()} if as_svg
                            else {"image/png": base64.b64encode(buf.getvalue()).decode()})
                    outputs.append({"output_type": "display_data", "metadata": {},
                                    "data": {**data, "text/plain": ["<Figure>"]}})
                plt.close("all")
                cell.update(execution_count=count, outputs=outputs)
            out_cells.append(cell)
    notebook = {"nbformat": 4, "nbformat_minor": 5, "cells": out_cells,
                "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                             "language_info": {"name": "python"}}}
    return json.dumps(notebook, indent=1, sort_keys=True).encode("utf-8")
