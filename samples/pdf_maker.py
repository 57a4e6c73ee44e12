"""PDFs for the sample corpus, tests and benches, made with PyMuPDF and reproducible: saved without
fresh ids or dates, so the same call gives the same bytes."""

from __future__ import annotations

_FIXED_DATE = "D:20240101000000Z"


def make_pdf(pages_html: list[str], images: dict[int, bytes] | None = None,
             image_only_pages: dict[int, bytes] | None = None, title: str = "") -> bytes:
    """A PDF with one A4 page per HTML fragment; ``images`` puts a picture under a page's
    text, ``image_only_pages`` adds pages holding only a picture (no text layer)."""
    import pymupdf

    doc = pymupdf.open()
    images = images or {}
    for index, html in enumerate(pages_html):
        page = doc.new_page(width=595, height=842)
        body = pymupdf.Rect(56, 56, 539, 560 if index in images else 786)
        page.insert_htmlbox(body, html, css="body {font-family: sans-serif; font-size: 11pt;}")
        if index in images:
            page.insert_image(pymupdf.Rect(120, 580, 475, 786), stream=images[index])
    for _, png in sorted((image_only_pages or {}).items()):
        page = doc.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=png)
    doc.set_metadata({"title": title, "creationDate": _FIXED_DATE, "modDate": _FIXED_DATE,
                      "producer": "vlbuild samples", "creator": "vlbuild samples"})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


_CROPS = ("Crop yields depend on rainfall, soil and the timing of sowing. Farmers in the north plant early "
          "to avoid the autumn frost, while growers in the south wait for the first rains.")


def _ruled_table(page, x: float, y: float, rows: list[list[str]], width: float = 180, height: float = 18) -> None:
    """A table as most PDFs draw one: a grid of lines with text in the cells."""
    cols = len(rows[0])
    for r in range(len(rows) + 1):
        page.draw_line((x, y + r * height), (x + cols * width, y + r * height), width=0.7)
    for c in range(cols + 1):
        page.draw_line((x + c * width, y), (x + c * width, y + len(rows) * height), width=0.7)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.insert_text((x + c * width + 4, y + r * height + 13), cell, fontsize=10,
                             fontname="hebo" if r == 0 else "helv")


def structured_pdf(pages: int = 3) -> bytes:
    """A journal-like PDF with known structure on every page: running header, page number,
    a heading, two columns (the left one ending in a hyphenated word), a list and a ruled table."""
    import pymupdf

    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page(width=595, height=842)
        page.insert_text((56, 40), "Journal of Examples - Vol. 3", fontsize=8)
        page.insert_text((290, 815), str(p + 1), fontsize=9)
        page.insert_htmlbox(pymupdf.Rect(56, 60, 539, 100), f"<h1>Section {p + 1}: Results</h1>")
        for i, line in enumerate(["Left column: the study compares farms across inter-",
                                  "national borders over ten years. Yields depend on", "rainfall, soil and the timing of sowing."]):
            page.insert_text((56, 130 + 13 * i), line, fontsize=10)
        page.insert_htmlbox(pymupdf.Rect(310, 118, 539, 400),
                            "<p style='font-size:10pt'>Right column: " + _CROPS + "</p>"
                            "<ul style='font-size:10pt'><li>first point</li><li>second point</li></ul>")
        _ruled_table(page, 56, 430, [["Crop", "Yield"], ["Wheat", "7.1"], ["Rice", "4.6"]])
    doc.set_metadata({"creationDate": _FIXED_DATE, "modDate": _FIXED_DATE})
    return doc.tobytes(garbage=3, deflate=True, no_new_id=True)


def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A plain PDF of ``pages`` pages, each with the given lines: quick corpora for tests and benches."""
    html = "".join(f"<p>{line}</p>" for line in lines)
    return make_pdf([f"<h2>Page {i + 1}</h2>{html}" for i in range(pages)])


def with_nul(doc, page) -> bytes:
    """The document's bytes with every font of ``page`` mapping code 0x01 to U+0000 (NUL), as broken
    ToUnicode maps in real files do, and printable ASCII to itself."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <00> <FF> endcodespacerange "
            b"2 beginbfrange <20> <7E> <0020> <01> <01> <0000> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, cmap, new=True)
    for font in page.get_fonts():
        doc.xref_set_key(font[0], "ToUnicode", f"{xref} 0 R")
    return doc.tobytes()



def type3_pdf(lines: list[list[tuple[float, str | int]]], name: str = "F43", top: float = 100, pitch: float = 16) -> bytes:
    """A one-page PDF whose ``lines`` (each a list of ``(x, run)``, x in points; a line's baseline ``pitch``
    points below the last, the first at ``top``) mix Helvetica text (a str run) and glyphs of a Type3 font
    that names none of them (an int run: the glyph's code, drawn as a filled square), in that order in the
    content stream, as pdfTeX writes a bitmap font: ``/Name`` ``name``, glyph names ``a<code>``, no
    ToUnicode map (gnuplot's manual draws TS1's bullet so, code 0x88). MuPDF gives each such glyph as its
    code, a control character."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    codes = sorted({run for line in lines for _, run in line if isinstance(run, int)})
    procs = {}
    for code in codes:
        procs[code] = doc.get_new_xref()
        doc.update_object(procs[code], "<<>>")
        doc.update_stream(procs[code], b"50 0 10 20 40 50 d1 10 20 30 30 re f", new=True)
    font = doc.get_new_xref()
    differences = " ".join(f"{code} /a{code}" for code in codes)
    charprocs = " ".join(f"/a{code} {procs[code]} 0 R" for code in codes)
    widths = " ".join("50" if code in procs else "0" for code in range(codes[0], codes[-1] + 1))
    doc.update_object(font, f"<< /Type /Font /Subtype /Type3 /Name /{name} /FontBBox [0 0 50 70] "
                            f"/FontMatrix [0.01 0 0 0.01 0 0] /CharProcs << {charprocs} >> "
                            f"/Encoding << /Type /Encoding /Differences [{differences}] >> "
                            f"/FirstChar {codes[0]} /LastChar {codes[-1]} /Widths [{widths}] /Resources << >> >>")
    helvetica = doc.get_new_xref()
    doc.update_object(helvetica, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    stream = []
    for row, line in enumerate(lines):
        y = page.rect.height - top - pitch * row
        for x, run in line:
            if isinstance(run, int):
                font_name, shown = "/T3", f"<{run:02x}>"
            else:
                font_name, shown = "/Helv", "(" + "".join("\\" + ch if ch in "\\()" else ch for ch in run) + ")"
            stream.append(f"BT {font_name} 10 Tf 1 0 0 1 {x:g} {y:g} Tm {shown} Tj ET")
    contents = doc.get_new_xref()
    doc.update_object(contents, "<<>>")
    doc.update_stream(contents, "\n".join(stream).encode("latin-1"), new=True)
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /T3 {font} 0 R /Helv {helvetica} 0 R >> >>")
    return doc.tobytes(no_new_id=True)
