"""Real documents nobody here wrote: the PDF manuals Debian ships in asymptote-doc (GPL-3+, fetched at
test time with `apt-get download`, not bundled), and CJK text."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from shards import read_samples
from tests.conftest import read_rejects, run_build

PACKAGE = "asymptote-doc"
MANUALS = ["CAD.pdf", "asyRefCard.pdf", "asy-latex.pdf", "asymptote.pdf"]


@pytest.fixture(scope="module")
def manuals(tmp_path_factory) -> Path:
    """The package's PDFs, unpacked from its .deb (downloaded, never installed)."""
    if not (shutil.which("apt-get") and shutil.which("dpkg-deb")):
        pytest.skip("needs Debian's apt-get and dpkg-deb to fetch real documents")
    work = tmp_path_factory.mktemp("debs")
    fetched = subprocess.run(["apt-get", "download", PACKAGE], cwd=work, capture_output=True, text=True, timeout=300)
    debs = list(work.glob(f"{PACKAGE}_*.deb"))
    if fetched.returncode != 0 or not debs:
        pytest.skip(f"apt-get download {PACKAGE} failed: {fetched.stderr.strip()[-300:]}")
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(work / "x")], check=True)
    folder = work / "pdfs"
    folder.mkdir()
    for name in MANUALS:
        shutil.copy(work / "x" / "usr" / "share" / "doc" / "asymptote" / name, folder / name)
    return folder


def test_real_manuals_build_and_every_page_is_accounted_for(manuals, tmp_path):
    out = tmp_path / "out"
    code, manifest = run_build("--input", str(manuals), "--output", str(out), "--source_option", "max_pages=40")
    assert code == 0 and manifest["ledger"]["pdf"]["balanced"]
    manual = {s.meta["page"]: s for s in read_samples(str(out))
              if s.kind == "doc_ocr" and s.meta["uri"].endswith("/asymptote.pdf")}
    # each page's running head names its chapter ("Chapter 4: Drawing commands"): running matter
    assert len(manual) == 40 and not [page for page, s in manual.items() if s.text.startswith("Chapter ")]
    # page 26: the logo's "Asymptote" drawn eleven times over itself (a shadow) is read once, and the
    # author line in small capitals (cmcsc10) is written as the capitals it shows; its image read back agrees
    # with it (the check folds case), so the page is not OCR'd
    logo = manual[26]
    assert len(re.findall(r"\bsymptote\b", logo.text)) == 1 and logo.meta["text_source"] == "text_layer"
    assert "ANDY HAMMERLINDL, JOHN BOWMAN, AND TOM PRINCE" in logo.text
    pages = list(read_samples(str(out), kinds=["doc_ocr"]))
    rejects = [r for r in read_rejects(out) if r.source == "pdf"]
    import pymupdf

    expected = sum(min(40, pymupdf.open(manuals / name).page_count) for name in MANUALS)
    assert len(pages) + len([r for r in rejects if r.locator and r.locator.startswith("page=")]) == expected
    texts = [p.text for p in pages]
    assert sum(t.count("\n# ") + t.startswith("# ") + t.count("\n## ") + t.startswith("## ") for t in texts) >= 20
    # page numbers and running heads are gone: no page's markdown ends in a bare number
    assert sum(t.rstrip().split("\n")[-1].strip().isdigit() for t in texts) <= len(texts) // 10
    for page in pages[:20]:
        Image.open(io.BytesIO(page.images[0])).load()
        assert page.meta["blocks"] and all(len(b["bbox"]) == 4 for b in page.meta["blocks"])
    parts = list(read_samples(str(out), kinds=["interleaved"]))
    assert {Path(p.meta["uri"]).name for p in parts} == set(MANUALS)
    # these manuals draw most figures as vector graphics: no part holds more images than the pages it
    # read have raster images (none invented), and every image reference points at one of its images
    for name in MANUALS:
        with pymupdf.open(manuals / name) as doc:
            raster = len({img[0] for page in list(doc)[:40] for img in page.get_images()})
        assert sum(len(p.images) for p in parts if Path(p.meta["uri"]).name == name) <= raster, name
    assert all(all("image" not in seg or seg["image"] < len(p.images) for seg in p.segments) for p in parts)


def test_chinese_text_is_kept_exactly():
    import pymupdf

    from sources.documents.read import DocumentOptions, read_document

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 80), "第一章 光的传播", fontname="china-s", fontsize=20)
    page.insert_text((72, 120), "光在同一种均匀介质中沿直线传播。", fontname="china-s", fontsize=11)
    [sample] = read_document(doc.tobytes(), "mem://zh.pdf", DocumentOptions(interleaved=False))
    assert sample.text == "# 第一章 光的传播\n\n光在同一种均匀介质中沿直线传播。"


def unpacked(work: Path, package: str, member: str) -> Path:
    """``member`` of Debian ``package``, downloaded with apt-get (never installed); skips without apt."""
    if not (shutil.which("apt-get") and shutil.which("dpkg-deb")):
        pytest.skip("needs Debian's apt-get and dpkg-deb to fetch real documents")
    fetched = subprocess.run(["apt-get", "download", package], cwd=work, capture_output=True, text=True, timeout=300)
    debs = list(work.glob(f"{package}_*.deb"))
    if fetched.returncode != 0 or not debs:
        pytest.skip(f"apt-get download {package} failed: {fetched.stderr.strip()[-300:]}")
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(work / package)], check=True)
    return work / package / member


def test_debian_manuals_build_fully_faithfully_and_the_same_twice(tmp_path):
    """Debian Reference (PDF, English technical prose full of commands) and the live-build manual (EPUB,
    whose spine lists files again with fragments): every page read is written, no renderer error text,
    English kept by the language filter, the same shards on a second run."""
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(unpacked(tmp_path, "debian-reference-en", "usr/share/debian-reference/debian-reference.en.pdf"),
                books / "debian-reference.en.pdf")
    shutil.copy(unpacked(tmp_path, "live-manual-epub", "usr/share/doc/live-manual/epub/live-manual.en.epub"),
                books / "live-manual.en.epub")
    runs = []
    for run in ("first", "second"):
        out = tmp_path / run
        code, manifest = run_build("--input", str(books), "--output", str(out), "--source_option", "max_pages=40",
                                   "--no-report", "--progress", "off", quality=True)
        assert code == 0 and all(entry["balanced"] for entry in manifest["ledger"].values())
        runs.append((out, manifest))
    (out, manifest), (_, again) = runs
    assert manifest["shards"] == again["shards"]  # paths, counts and sha256: byte-identical
    samples = list(read_samples(str(out)))
    assert not [s for s in samples if "cannot find chapter" in (s.text or "") + str(s.segments or "")]
    rejects = read_rejects(out)
    for source in ("pdf", "epub"):
        written = manifest["ledger"][source]
        page_rejects = [r for r in rejects if r.source == source and (r.locator or "").startswith("page=")
                        and not r.reason.startswith(("duplicate_of:", "filtered:"))]
        pages = [s for s in samples if s.kind == "doc_ocr" and s.source == source]
        assert pages and len(page_rejects) <= 0.05 * (len(pages) + len(page_rejects)), (source, written)
    assert not [r for r in rejects if r.reason == "filtered:language"]  # English prose stays English
    assert len([s for s in samples if s.kind == "interleaved"]) >= 10


def test_debian_reference_tables_keep_the_columns_their_rulings_do_not_close(tmp_path):
    """Debian Reference's package tables rule their inner columns only; the outer ones take their border
    from the box the rulings make, which PyMuPDF 2.0 accepted only when text stood in that box's mirror
    image about the page's middle (its chars_in_rect reads PDF-space y). Page 121's table came out as
    "|popcon|size|" with its package names and descriptions nowhere in the target."""
    from sources.documents.read import DocumentOptions, read_document

    path = unpacked(tmp_path, "debian-reference-en", "usr/share/debian-reference/debian-reference.en.pdf")
    data = path.read_bytes()
    [page] = read_document(data, f"{path}#pages=121-121", DocumentOptions(interleaved=False))
    assert "|package|popcon|size|description|" in page.text
    assert "|knockd|V:0, I:3|109|small port-knock daemon knockd(1) and client knock(1)|" in page.text


def test_octave_manual_exponents_footnote_marks_and_math_without_a_linear_order(tmp_path):
    """GNU Octave's manual (texinfo and pdfTeX, octave-doc): "smaller than 2^31 elements" was written "smaller
    than 231 elements" (another number); a displayed sum with its limits ("∑N" | "meansq(x) =" | "i=1 xi2" |
    "N") and a bracketed matrix ("a =" | "[ 1 2 3 4" | "]") were written as paragraphs of pieces."""
    from sources import SourceContext
    from sources.documents.read import PAGES_MARK, DocumentOptions, read_document

    path = unpacked(tmp_path, "octave-doc", "usr/share/doc/octave/octave.pdf")
    data = path.read_bytes()

    def page(number: int):
        [record] = read_document(data, f"{path}{PAGES_MARK}{number}-{number}", DocumentOptions(),
                                 SourceContext(kinds={"doc_ocr"}))
        return record

    assert "arrays with dimensions that are smaller than 2<sup>31</sup> elements:" in page(1105).text
    assert page(776).reason == page(68).reason == "filtered:stacked_math"
    # a matrix between brackets whose pieces the font maps to Adobe Symbol's private-use codes, and a displayed
    # "min" with its limit under it ("x c<sup>T</sup>x" | "min")
    assert page(560).reason == page(757).reason == "filtered:stacked_math"
    # inline math reads as one line with its scripts
    assert "UR · TR · UR<sup>T</sup> = UTU<sup>†</sup>" in page(621).text


def test_octave_and_asymptote_pages_grids_captions_and_a_title_page_in_the_order_they_show(tmp_path):
    """Octave's title page read its authors (flush left at the foot) right after the title (flush left at the
    top), before the subtitle set flush right between them; its acknowledgements' three columns of names,
    one block with the paragraph over them, ran together a row a paragraph ("Ben Abbott Drew Abbot NVS
    Abhilash"); a caption without a full stop ran into the paragraph under it. Asymptote's justified lines of
    names, which MuPDF cut at their stretched spaces, stay the paragraph they are (no table after its first
    line), and Octave's @multitable stays a table, its table of TeX's symbols a row a symbol."""
    from sources import SourceContext
    from sources.documents.read import PAGES_MARK, DocumentOptions, read_document

    def page(path, number: int) -> str:
        [record] = read_document(path.read_bytes(), f"{path}{PAGES_MARK}{number}-{number}", DocumentOptions(),
                                 SourceContext(kinds={"doc_ocr"}))
        return record.text

    octave = unpacked(tmp_path, "octave-doc", "usr/share/doc/octave/octave.pdf")
    assert page(octave, 1).startswith("# GNU Octave\n\nA high-level interactive language for numerical "
                                      "computations\n\nEdition 7 for Octave version 7.3.0\n\nNovember 2022\n\n")
    assert ("(listed alphabetically).\n\n|Ben Abbott|Drew Abbot|NVS Abhilash|\n|---|---|---|\n"
            "|Andy Adler|Adam H. Aitkenhead|Joakim Andén|\n") in page(octave, 17)
    assert page(octave, 916).endswith("\n\nTable 34.1: Available overloaded operators and their corresponding "
                                      "class method\n\nAn example mtimes method for the polynomial class might "
                                      "look like")
    assert page(octave, 1090).startswith("|exponential_rnd|exprnd in Octave Forge statistics pkg|3.4.0|\n|---|")
    # a table of symbols ruled down its columns: split into rows by the baselines its lines share, the surd (hung
    # from its bar's height, 0.7 em above its row's baseline) on the row of "\\surd" (the whole was one row)
    assert "|\\prime|′|\\nabla|∇|\\surd|√|\n|\\angle||\\forall|∀|\\exists|∃|" in page(octave, 423)
    asymptote = unpacked(tmp_path, "asymptote-doc", "usr/share/doc/asymptote/asymptote.pdf")
    assert ("Module three also defines the three-dimensional margins NoMargin3, BeginMargin3, EndMargin3, Margin3, "
            "Margins3, BeginPenMargin2,") in page(asymptote, 151)
