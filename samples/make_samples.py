"""Make the bundled sample corpus in ``samples/corpus/`` (``python -m samples.make_samples``).

The corpus is small, made here with PyMuPDF and Pillow, and reproducible: PDFs are
saved without fresh ids or dates, so re-running the script gives the same bytes
(all but ``broken/encrypted.pdf``: MuPDF salts its encryption).
It holds real documents (headings, paragraphs, a table, embedded images, an
image-only "scanned" page, a LaTeX paper as an arXiv source archive) and one broken file per failure kind the build must
survive. Tests and benchmarks build their own corpora with the same functions.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
from pathlib import Path

from samples.pdf_maker import make_pdf, structured_pdf, text_pdf  # noqa: F401 (tests and benches import them here)

CORPUS = Path(__file__).resolve().parent / "corpus"

_REPORT_PAGES = [
    """<h1>Annual Report 2023</h1>
<p>Northwind Solar installed 412 megawatts of rooftop capacity in 2023, a rise of
eighteen percent over the previous year. Demand grew fastest in the southern
region, where new tariffs made small installations profitable within six years.</p>
<h2>Results by quarter</h2>
<table border="1" cellpadding="4">
<tr><th>Quarter</th><th>Capacity (MW)</th><th>Revenue (M EUR)</th></tr>
<tr><td>Q1</td><td>88</td><td>41.2</td></tr>
<tr><td>Q2</td><td>97</td><td>45.9</td></tr>
<tr><td>Q3</td><td>121</td><td>57.3</td></tr>
<tr><td>Q4</td><td>106</td><td>50.8</td></tr>
</table>
<p>The third quarter was the strongest on record, helped by a dry summer and by the
opening of the Lyon warehouse.</p>""",
    """<h2>Outlook</h2>
<p>For 2024 the company expects between 450 and 480 megawatts. Battery storage
attached to new installations is planned for one in three customers, up from one
in eight, which should lift the average order value.</p>
<h2>Risks</h2>
<ul><li>Module prices may rise if trade duties change.</li>
<li>Skilled installers remain scarce in the northern region.</li>
<li>Grid connection queues lengthened by four weeks on average.</li></ul>""",
    """<h2>Governance</h2>
<p>The board met eleven times during the year. The audit committee reviewed the
revenue recognition policy for multi-year maintenance contracts and found it
consistent with the applicable accounting standards.</p>""",
]

_NOTES_PAGES = [
    """<h1>Chapter 3: Waves</h1>
<p>A wave carries energy from one place to another without carrying matter. When a
stone falls into a pond, the water moves up and down while the ripple travels
outward.</p>
<h2>3.1 Speed of a wave</h2>
<p>The speed v of a wave equals its frequency f times its wavelength: v = f &#215; &#955;.
A wave of 5 Hz with a wavelength of 2 m travels at 10 m/s.</p>""",
    """<h2>3.2 Exercises</h2>
<ol><li>A sound wave has a frequency of 440 Hz and travels at 343 m/s. Find its wavelength.</li>
<li>Explain why light can cross a vacuum but sound cannot.</li>
<li>Sketch a transverse wave and label its amplitude and wavelength.</li></ol>""",
]


def chart_png(width: int = 480, height: int = 300, seed: int = 0) -> bytes:
    """A small bar-chart-like PNG, so documents carry a real embedded image."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (width, height), (250, 250, 252))
    draw = ImageDraw.Draw(img)
    draw.line([(40, 20), (40, height - 30), (width - 20, height - 30)], fill=(40, 40, 40), width=2)
    heights = [88, 97, 121, 106] if seed == 0 else [30 + (seed * 37 + i * 53) % 150 for i in range(4)]
    bar = (width - 80) // len(heights)
    for i, h in enumerate(heights):
        x0 = 50 + i * bar
        draw.rectangle([x0, height - 30 - int(h * 1.8), x0 + bar - 20, height - 31],
                       fill=(60 + 40 * i, 110, 200 - 30 * i))
    return _png(img)


_LETTER = ["Dear Ms. Laurent,", "Thank you for the signed contract,", "which reached us on 12 March.",
           "Installation is planned for April.", "Kind regards,", "Paul Meyer"]


def scan_png(lines: list[str] = _LETTER, width: int = 850, height: int = 1100) -> bytes:
    """A scanned letter: text as pixels on grey, slightly blurred paper, with no text layer."""
    from PIL import Image, ImageFilter

    from samples.text_images import render_text

    paper = Image.new("RGB", (width, height), (236, 234, 228))
    text, _ = render_text(lines, font="tiro", size=30, bg=(236 / 255, 234 / 255, 228 / 255), margin=10)
    paper.paste(text, (70, 110))
    return _png(paper.filter(ImageFilter.GaussianBlur(0.7)))


def blank_photo_jpeg() -> bytes:
    """A photo-like picture with no text at all: OCR must find nothing and say so."""
    from samples.text_images import scene_photo

    from samples.text_images import encode

    photo, _ = scene_photo([" "], seed=7)
    return encode(photo, "JPEG")


def _png(img) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def broken_files() -> dict[str, bytes]:
    """One input per failure kind the PDF source must turn into a reject."""
    import pymupdf

    good = make_pdf(["<p>This document is protected.</p>"])
    doc = pymupdf.open(stream=good, filetype="pdf")
    # RC4 rather than AES: AES draws a random IV, so its bytes would differ on every run
    encrypted = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_RC4_128, owner_pw="owner", user_pw="secret",
                            no_new_id=True)
    return {
        # bit rot: the header survives, every byte after it is garbage
        "corrupt.pdf": good[:16] + bytes((i * 131 + 7) % 256 for i in range(len(good) - 16)),
        "encrypted.pdf": encrypted,
        "empty.pdf": b"",
        "not_a_pdf.pdf": b"Meeting notes\nThis is a plain text file that was given a .pdf name.\n" * 20,
        "zero_pages.pdf": (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
                           b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"),
    }


def book_files() -> dict[str, bytes]:
    """A small EPUB textbook (chapters, a figure with its caption, a list) and an HTML manual page."""
    from samples.epub_maker import make_epub

    chapters = [
        ("Light", "<h1>Chapter 1: Light</h1><p>Light travels in straight lines until it meets a surface. "
                  "Then it is reflected, absorbed or refracted, depending on the material.</p>"
                  "<img src='prism.png'/><p>Figure 1.1: A prism splits white light into colours.</p>"
                  "<p>The angle of refraction depends on the wavelength, which is why the colours fan out.</p>"),
        ("Sound", "<h1>Chapter 2: Sound</h1><p>Sound is a pressure wave that needs a medium to travel.</p>"
                  "<h2>2.1 What we hear</h2><ul><li>Pitch follows the frequency.</li>"
                  "<li>Loudness follows the amplitude.</li></ul>"),
    ]
    manual = ("<html><head><title>Printer manual</title></head><body><h1>Clearing a paper jam</h1>"
              "<p>Switch the printer off before opening the front cover.</p><ol><li>Open the front cover.</li>"
              "<li>Pull the jammed sheet out slowly with both hands.</li><li>Close the cover and switch the "
              "printer on.</li></ol><h2>If the jam returns</h2><p>Check that the paper is not damp and that "
              "the guides touch the stack.</p></body></html>")
    return {"books/optics_and_sound.epub": make_epub("Optics and Sound", chapters, {"prism.png": chart_png(seed=5)}),
            "books/printer_manual.html": manual.encode()}


def pdf_files() -> dict[str, bytes]:
    """Real documents: headings, paragraphs, a table, embedded images, and a scanned page."""
    return {
        "pdf/annual_report.pdf": make_pdf(_REPORT_PAGES, images={1: chart_png()}, title="Annual Report 2023"),
        "pdf/physics_notes.pdf": make_pdf(_NOTES_PAGES, images={0: chart_png(seed=3)}, title="Waves"),
        "pdf/scanned_letter.pdf": make_pdf(
            ["<h2>Cover note</h2><p>The signed letter follows on the next page as a scan.</p>"],
            image_only_pages={0: scan_png()}, title="Letter"),
        "pdf/blank_scan.pdf": make_pdf(["<p>Page two of this file was scanned blank.</p>"],
                                       image_only_pages={0: blank_photo_jpeg()}, title="Blank"),
    }


SCENES = {
    "museum": ["CITY MUSEUM", "Open daily 9 - 17"],
    "cafe": ["Corner Cafe", "Espresso 2.50"],
    "platform": ["Platform 4", "Trains to Lyon"],
}


def scene_files() -> dict[str, bytes]:
    """Unlabelled photos for OCR: two with signs, one with no text, one truncated JPEG."""
    from samples.text_images import encode, scene_photo

    museum = encode(scene_photo(SCENES["museum"], seed=1)[0], "JPEG")
    return {
        "scene/museum.jpg": museum,
        "scene/cafe.png": encode(scene_photo(SCENES["cafe"], seed=2, font="tiro", size=(480, 300))[0]),
        "scene/no_text.jpg": blank_photo_jpeg(),
        "scene/truncated.jpg": museum[: len(museum) // 2],
    }


def labelled_files() -> dict[str, bytes]:
    """Labelled scene text: an ICDAR-style set (one label without its image, one illegible
    region) and a COCO-Text-style JSON (one image path escaping the dataset root)."""
    import json

    from samples.text_images import encode, icdar_lines, scene_photo

    files = {}
    platform, boxes = scene_photo(SCENES["platform"], seed=3, font="helv")
    files["scene_icdar/img_1.jpg"] = encode(platform, "JPEG")
    files["scene_icdar/gt_img_1.txt"] = (icdar_lines(boxes) + "5,5,40,5,40,30,5,30,###\n").encode()
    files["scene_icdar/gt_img_2.txt"] = b"10,10,90,10,90,40,10,40,ORPHAN\n"  # its image is missing
    cafe, cafe_boxes = scene_photo(SCENES["cafe"], seed=4, font="cour", size=(480, 300))
    files["scene_coco/images/cafe.png"] = encode(cafe)
    anns = {str(i): {"image_id": 1, "utf8_string": text, "legibility": "legible",
                     "bbox": [quad[0][0], quad[0][1], quad[1][0] - quad[0][0], quad[2][1] - quad[0][1]]}
            for i, (text, quad) in enumerate(cafe_boxes)}
    files["scene_coco/annotations.json"] = json.dumps({
        "imgs": {"1": {"file_name": "cafe.png", "width": cafe.width, "height": cafe.height},
                 "2": {"file_name": "../../../etc/passwd", "width": 10, "height": 10}},
        "anns": anns}, indent=1, sort_keys=True).encode()
    return files


SOLAR_CSV = """Quarter,Capacity (MW),Revenue (M EUR),Costs (M EUR)
Q1,88,41.2,30.1
Q2,97,45.9,33.0
Q3,121,57.3,40.2
Q4,106,50.8,37.9
"""


def table_files() -> dict[str, bytes]:
    """Tables in four formats, plus one unreadable and one with nothing to chart."""
    import io

    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    years = list(range(2012, 2024))
    cities = pa.table({"Year": years,
                       "Lyon": [1.2 + 0.05 * i + (0.03 if i % 3 == 0 else 0) for i in range(12)],
                       "Porto": [0.9 + 0.04 * i for i in range(12)],
                       "Gdansk": [0.8 + 0.06 * i - (0.05 if i % 4 == 0 else 0) for i in range(12)]})
    parquet = io.BytesIO()
    pq.write_table(cities, parquet)
    weather = "".join(json.dumps({"day": d, "temperature": round(12 + 6 * ((d * 37) % 11) / 10, 1),
                                  "rain_mm": round(((d * 53) % 17) / 3, 1)}) + "\n" for d in range(1, 41))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "fruit"
    book.properties.created = book.properties.modified = datetime.datetime(2024, 1, 1)
    for row in [("Fruit", "Sold", "Wasted"), ("Apples", 420, 31), ("Pears", 212, 18), ("Plums", 130, 22),
                ("Cherries", 95, 14), ("Figs", 48, 6)]:
        sheet.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    return {
        "tables/solar.csv": SOLAR_CSV.encode(),
        "tables/city_population.parquet": parquet.getvalue(),
        "tables/weather.jsonl": weather.encode(),
        "tables/market.xlsx": fixed_zip_dates(xlsx.getvalue()),
        "tables/notes_only.csv": b"Note,Author\nCheck the figures,Ana\nSend the report,Ben\n",
        "tables/broken.parquet": b"PAR1 this is not really parquet",
    }


_NOTEBOOK = [
    ("markdown", "# Sales analysis\nMonthly sales of the Lyon shop."),
    ("code", "import numpy as np\nimport matplotlib.pyplot as plt"),
    ("code", "months = np.arange(1, 13)\nsales = 120 + 15 * np.sin(months / 2) + months * 3\n"
             "target = np.full(12, 150)"),
    ("code", "fig, ax = plt.subplots(figsize=(6, 3.5))\nax.plot(months, sales, marker='o', label='sales')\n"
             "ax.plot(months, target, linestyle='--', label='target')\nax.set_xlabel('month')\n"
             "ax.set_ylabel('units')\nax.legend()\nax.set_title('Monthly sales')"),
    ("code", "plt.plot([1, 2, 3])"),  # too little code to learn from
    ("code", "share = sales / sales.sum()\nfig, ax = plt.subplots(figsize=(5, 3))\n"
             "ax.bar(months, share * 100, color='teal')\nax.set_xlabel('month')\nax.set_ylabel('% of year')"),
    ("code", "for k in (1, 2):\n    plt.figure(figsize=(3, 2))\n    plt.plot(months, sales * k)"),  # two images
]


def fixed_zip_dates(data: bytes) -> bytes:
    """The same zip with every entry dated 2024-01-01, so the bytes repeat (openpyxl stamps 'now'
    on the entries and in docProps/core.xml)."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0)), body)
    return out.getvalue()


def notebook_files() -> dict[str, bytes]:
    """An executed notebook (PNG and SVG plots), one that is not JSON, one without outputs."""
    from samples.notebook_maker import executed_notebook

    plain = json.loads(executed_notebook([("code", "x = 1\nprint(x)")]))
    return {
        "notebooks/sales_analysis.ipynb": executed_notebook(_NOTEBOOK, svg_cells=frozenset({5})),
        "notebooks/no_plots.ipynb": json.dumps(plain, indent=1).encode(),
        "notebooks/truncated.ipynb": executed_notebook(_NOTEBOOK[:2])[:120],
    }


def corpus_files() -> dict[str, bytes]:
    """Every file of the bundled corpus, by path relative to ``samples/corpus``."""
    from samples.latex_maker import latex_files
    from samples.quality_maker import quality_files
    from samples.sft_maker import sft_files
    from samples.web_maker import web_files

    files = {**pdf_files(), **book_files(), **scene_files(), **labelled_files(), **table_files(),
             **notebook_files(), **web_files(), **latex_files()}
    files["books/journal_article.pdf"] = structured_pdf(3)
    files.update(quality_files(files["scene/cafe.png"]))  # captions and text, with planted duplicates
    files.update(sft_files())  # SFT conversations in every format, with malformed records
    files.update({f"broken/{name}": data for name, data in broken_files().items()})
    return files


def write_corpus(root: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` under ``root`` and return their paths."""
    written = []
    for rel, data in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(CORPUS), help="folder to write the corpus into "
                        "(default: samples/corpus next to this script)")
    args = parser.parse_args(argv)
    paths = write_corpus(Path(args.output), corpus_files())
    total = sum(os.path.getsize(p) for p in paths)
    print(f"wrote {len(paths)} files ({total / 1024:.0f} KiB) to {args.output}")


if __name__ == "__main__":
    main()
