"""The corpus of bench.doc_quality: real Debian documentation printed by Chromium, with its truth from the HTML.

Each entry of ``SELECTION`` is one part of an HTML manual from a Debian package (Python's, SQLite's, the
Debian Reference): a section by its id, or a whole page less its navigation. The page is cut down to
that part (its ancestors kept, so the manual's own CSS still applies), printed to PDF by headless
Chromium, and its truth read from the same cut-down tree with lxml: ``<pre>`` lines, bulleted ``<li>``
items, table cells, ``<h1>``-``<h6>`` and ``<dt>`` texts. What only the browser knows comes back in the
PDF's title, set by a script on the page: whether each table has drawn borders (computed style), and
each heading's font size over the body text's. Two made pages join them: a two-column page written row
by row (the issue's reading-order case) and a page whose font maps a code to NUL (broken ToUnicode
maps). A few documents are also scanned (`bench.ocr_pages.scan`) with a running header and a page
footer drawn on each page first, for the OCR rows.
"""

from __future__ import annotations

import dataclasses
import glob
import itertools
import json
import re
import subprocess
from pathlib import Path

PACKAGES = ("python3.11-doc", "sqlite3-doc", "debian-reference-en")
DOC = "usr/share/doc"
SELECTION = [  # (path under /usr/share/doc, id of the part printed; None: the whole page less its navigation)
    ("python3.11/html/tutorial/controlflow.html", "match-statements"),
    ("python3.11/html/tutorial/controlflow.html", "special-parameters"),
    ("python3.11/html/tutorial/controlflow.html", "intermezzo-coding-style"),
    ("python3.11/html/library/sqlite3.html", "module-constants"),
    ("python3.11/html/library/sqlite3.html", "cursor-objects"),
    ("python3.11/html/library/sqlite3.html", "sqlite-and-python-types"),
    ("python3.11/html/using/cmdline.html", "interface-options"),
    ("python3.11/html/library/string.html", "format-examples"),
    ("python3.11/html/library/venv.html", "how-venvs-work"),
    ("sqlite3/lang_keywords.html", None),
    ("sqlite3/nulls.html", None),
    ("sqlite3/lang_mathfunc.html", None),
    ("sqlite3/lang_conflict.html", None),
    ("sqlite3/vtablist.html", None),
    ("sqlite3/prosupport.html", None),
    ("debian-reference-en/docs/ch01.en.html", "_the_login_shell"),
    ("debian-reference-en/docs/ch01.en.html", "_unix_text_tools"),
    ("debian-reference-en/docs/ch01.en.html", "_typical_command_sequences_and_shell_redirection"),
    ("debian-reference-en/docs/ch01.en.html", "_filesystem_permissions"),
    ("debian-reference-en/docs/ch03.en.html", "_stage_4_the_normal_debian_system"),
    ("debian-reference-en/docs/ch02.en.html", "_proxy_server_for_apt"),
]
# SELECTION entries also scanned, all their pages: 3 + 3 + 2 + 4 + 2 = 14, the count (SQLite's prose
# page on ON CONFLICT, 2 pages, joined the tutorial, API reference, price list and shell listing for prose)
SCANNED = (0, 4, 12, 14, 17)
NAVIGATION = "//div[@class='nosearch'] | //div[@class='related'] | //a[@class='headerlink'] | //script"
# the browser's word on what the HTML alone does not say, element by element in document order: shown
# at all (display), bullets drawn (list-style), borders drawn (computed style), heading size over body text
_PROBE = """<script>(function () {
  function all(selector) { return Array.from(document.querySelectorAll(selector)); }
  function shown(e) { return e.getClientRects().length > 0; }
  function flags(list, test) { return list.map(function (e) { return shown(e) && test(e) ? '1' : '0'; }).join(''); }
  function drawn(e) { var s = getComputedStyle(e); return ['Top', 'Bottom', 'Left', 'Right'].some(function (k) {
    return parseFloat(s['border' + k + 'Width']) > 0 && ['none', 'hidden'].indexOf(s['border' + k + 'Style']) < 0; }); }
  var body = parseFloat(getComputedStyle(document.querySelector('p') || document.body).fontSize);
  document.title = JSON.stringify({
    pre: flags(all('pre'), Boolean), dt: flags(all('dt'), Boolean), table: flags(all('table'), Boolean),
    ruled: flags(all('table'), function (t) { return drawn(t) || Array.from(t.querySelectorAll('td, th')).some(drawn); }),
    li: flags(all('ul > li'), function (e) { var s = getComputedStyle(e);
      return s.display === 'list-item' && s.listStyleType !== 'none'; }),
    headings: all('h1, h2, h3, h4, h5, h6').map(function (h) {
      return shown(h) ? +(parseFloat(getComputedStyle(h).fontSize) / body).toFixed(2) : 0; })});
})();</script>"""


@dataclasses.dataclass
class Truth:
    """What the HTML says a reader should get from one document."""

    code_lines: list[str] = dataclasses.field(default_factory=list)
    list_items: list[str] = dataclasses.field(default_factory=list)
    tables: list[dict] = dataclasses.field(default_factory=list)  # rows (cell texts), ruled, links, mixed cells
    headings: list[tuple[str, float]] = dataclasses.field(default_factory=list)  # text, size over body text
    terms: list[str] = dataclasses.field(default_factory=list)  # <dt> texts
    text: str = ""  # the whole part's text, whitespace collapsed
    order: list[str] = dataclasses.field(default_factory=list)  # lines in reading order (made pages only)
    compounds: list[str] = dataclasses.field(default_factory=list)  # broken at a line end at their own hyphen


@dataclasses.dataclass
class Document:
    name: str
    pdf: bytes
    truth: Truth
    scan: tuple[bytes, list[bytes], list[str]] | None = None  # image-only PDF, 1024 px PNGs, running lines drawn


def fetch_debs(folder: Path) -> Path:
    """The packages' HTML unpacked under ``folder/root``: ``apt-get download`` and ``dpkg-deb -x``,
    each only when not done before (a .deb already in ``folder`` is used as it is)."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder / "root"
    for package in PACKAGES:
        debs = glob.glob(str(folder / f"{package}_*.deb"))
        if not debs:
            subprocess.run(["apt-get", "download", package], cwd=folder, capture_output=True, check=True)
            debs = glob.glob(str(folder / f"{package}_*.deb"))
        if not (root / f".{package}").exists():
            subprocess.run(["dpkg-deb", "-x", debs[0], str(root)], check=True)
            (root / f".{package}").touch()
    return root / DOC


def norm(text: str) -> str:
    return " ".join(text.split())


def cut_down(path: Path, part: str | None):
    """(tree, element): the page with only ``part`` left in its body (ancestors kept for the CSS) and its
    navigation, pilcrow links and scripts removed; ``part`` None keeps the whole body."""
    import lxml.html

    tree = lxml.html.parse(str(path))
    for node in tree.xpath(NAVIGATION):
        node.drop_tree()
    root = tree.getroot()
    element = root.body if part is None else root.get_element_by_id(part)
    if element.tag == "a":  # DocBook puts the id on an anchor inside its section
        element = element.xpath("ancestor::div[@class='section'][1]")[0]
    node = element
    while node is not root.body:
        parent = node.getparent()
        for sibling in list(parent):
            if sibling is not node:
                sibling.drop_tree()
        parent.text = None
        node = parent
    element.tail = None
    return tree, element


def truth_of(element, said: dict) -> Truth:
    """The truth of one printed part: its HTML structure, less what the browser did not show
    (``said``: the probe's answer; a bulleted item is one whose bullet is drawn)."""
    def shown(kind, elements):
        if len(said[kind]) != len(elements):  # lxml and Chromium parsed the page differently
            raise ValueError(f"{len(elements)} {kind} in the HTML, {len(said[kind])} in Chromium's page")
        return [(e, flag) for e, flag in zip(elements, said[kind]) if flag not in ("0", 0)]

    truth = Truth(text=norm(element.text_content()))
    for pre, _ in shown("pre", list(element.iter("pre"))):
        truth.code_lines += [norm(line) for line in pre.text_content().split("\n") if line.strip()]
    for item, _ in shown("li", element.xpath(".//ul/li")):
        text = norm(_without(item, ".//ul | .//ol").text_content())
        truth.list_items += [text] if text else []
    tables = list(element.iter("table"))
    ruled = dict(zip(tables, said["ruled"]))
    truth.tables = [_table(table, ruled[table] == "1") for table, _ in shown("table", tables)]
    heads = shown("headings", element.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"))
    truth.headings = [(norm(h.text_content()), size) for h, size in heads]
    truth.terms = [norm(dt.text_content()) for dt, _ in shown("dt", list(element.iter("dt"))) if norm(dt.text_content())]
    return truth


def compound_breaks(pdf: bytes, text: str) -> list[str]:
    """The compounds the printed pages break at their own hyphen (a line ends in ``constant-``, the
    next goes on with ``time``, and the HTML's ``text`` has ``constant-time``), each once."""
    import pymupdf

    from bench.doc_scores import count

    found = []
    for page in pymupdf.open(stream=pdf, filetype="pdf"):
        words = page.get_text("words", sort=False)
        for first, second in itertools.pairwise(words):
            same_line = (first[5], first[6]) == (second[5], second[6])
            if same_line or not re.search(r"[a-z]-$", first[4]) or not re.match(r"[a-z]", second[4]):
                continue
            compound = re.sub(r"^\W+|\W+$", "", first[4] + second[4])
            if count(compound, text) and compound not in found:
                found.append(compound)
    return found


def _without(element, xpath: str):
    import copy

    element = copy.deepcopy(element)
    for node in element.xpath(xpath):
        node.drop_tree()
    return element


def _table(table, ruled: bool) -> dict:
    """A table's rows as cell texts; ``data``: a table of short cells (not a layout box: no image, no
    nested table, at least two rows of two non-empty cells, no cell over 600 characters); ``links``:
    whether a cell holds a link; ``mixed``: cells whose text changes font (an inline element beside plain text)."""
    rows, mixed = [], []
    for tr in table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr"):
        cells = tr.xpath("./td | ./th")
        rows.append([norm(c.text_content()) for c in cells])
        mixed += [norm(c.text_content()) for c in cells if _changes_font(c)]
    full = [r for r in rows if sum(bool(c) for c in r) >= 2]
    data = (len(full) >= 2 and not table.xpath(".//img | .//table")
            and all(len(c) <= 600 for r in rows for c in r))
    return {"rows": rows, "data": data, "links": bool(table.xpath(".//td//a[@href] | .//th//a[@href]")),
            "mixed": mixed if data else [], "ruled": ruled}


def _changes_font(cell) -> bool:
    inline = [e for e in cell.iter("a", "code", "tt", "b", "strong", "em", "i", "span", "kbd", "var")
              if norm(e.text_content())]
    return bool(inline) and len(norm(cell.text_content())) > len(norm(" ".join(e.text_content() for e in inline)))


def print_part(tree, folder: Path, name: str) -> tuple[bytes, dict]:
    """(PDF, what the browser said): the cut-down page printed by Chromium with the probe script."""
    import lxml.html
    import pymupdf

    from bench.doc_quality import print_pdf

    root = tree.getroot()
    root.body.append(lxml.html.fragment_fromstring(_PROBE))
    # the manual's own folder: its CSS and images resolve as they do in place
    root.head.insert(0, lxml.html.Element("base", href=Path(tree.docinfo.URL).parent.as_uri() + "/"))
    pdf = print_pdf(lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>"), folder, name)
    title = pymupdf.open(stream=pdf, filetype="pdf").metadata.get("title")
    if not title:
        raise RuntimeError(f"{name}: Chromium's PDF has no title; the probe script did not run")
    return pdf, json.loads(title)


def build(root: Path, folder: Path, scans_only: bool = False) -> list[Document]:
    """The whole corpus: every part of ``SELECTION`` printed (``root``: the unpacked /usr/share/doc,
    `fetch_debs`), the scanned copies of the ``SCANNED`` ones, and the two made pages; ``scans_only``:
    the ``SCANNED`` parts alone."""
    import pymupdf

    documents = []
    for number, (path, part) in enumerate(SELECTION):
        if scans_only and number not in SCANNED:
            continue
        tree, element = cut_down(root / path, part)
        pdf, said = print_part(tree, folder, f"part{number}")
        truth = truth_of(element, said)
        truth.compounds = compound_breaks(pdf, truth.text)
        name = f"{path.split('/')[0]}/{Path(path).name}" + (f"#{part}" if part else "")
        documents.append(Document(name, pdf, truth))
        if number in SCANNED:
            documents[-1].scan = scanned(pymupdf.open(stream=pdf, filetype="pdf"), name, seed=number)
    if not scans_only:
        documents.append(two_column_page())
        documents.append(control_character_page())
    return documents


def scanned(doc, name: str, seed: int) -> tuple[bytes, list[bytes], list[str]]:
    """The document scanned page by page after a running header (its name) and a footer (``Page N of M``)
    are drawn on each page, as printed manuals have them; (image-only PDF, 1024 px PNGs, the lines drawn)."""
    from bench.ocr_pages import image_only_pdf, scan, small_png

    images, drawn = [], []
    for page in doc:
        footer = f"Page {page.number + 1} of {doc.page_count}"
        page.insert_text((36, 20), name, fontsize=8, fontname="helv")
        page.insert_text((page.rect.width - 100, page.rect.height - 12), footer, fontsize=8, fontname="helv")
        images.append((scan(page, seed * 100 + page.number), page.rect))
        drawn += [name, footer]
    return image_only_pdf(images), [small_png(image) for image, _ in images], sorted(set(drawn))


def two_column_page() -> Document:
    """An A4 page of two columns of prose (the words of Python's documentation topics) written row by row: each row
    the left line, then the right one, as some producers write them. Truth: the left column's lines,
    then the right column's."""
    import pymupdf

    from bench.ocr_pages import page_texts

    words = [w for w in " ".join(page_texts(6)).split() if re.fullmatch(r"[A-Za-z][A-Za-z',.;:()-]*", w)]
    columns: list[list[str]] = [[], []]
    for column in columns:
        while len(column) < 52:
            line = []
            while words and pymupdf.get_text_length(" ".join(line + [words[0]]), "helv", 10) < 230:
                line.append(words.pop(0))
            column.append(" ".join(line))
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for row, (left, right) in enumerate(zip(*columns)):
        page.insert_text((56, 80 + 13 * row), left, fontsize=10, fontname="helv")
        page.insert_text((310, 80 + 13 * row), right, fontsize=10, fontname="helv")
    return Document("made/two columns written row by row", doc.tobytes(),
                    Truth(text=norm(" ".join(columns[0] + columns[1])), order=columns[0] + columns[1]))


def control_character_page() -> Document:
    """A page whose text holds control characters, through a broken ToUnicode map (`samples.pdf_maker.
    with_nul`): prose, a line of code and a two-cell ruled table each hold one."""
    import pymupdf

    from samples.pdf_maker import with_nul

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    lines = ["The build runs in two steps; run them in this order:", "make\x01 all", "make install",
             "The files it writes are listed in the\x01 table below."]
    for row, line in enumerate(lines):
        page.insert_text((72, 80 + 16 * row), line, fontsize=10, fontname="cour" if "make" in line else "helv")
    for row, cells in enumerate([("Key", "Value"), ("a\x01b", "1")]):
        for col, cell in enumerate(cells):
            rect = pymupdf.Rect(72 + 90 * col, 160 + 18 * row, 162 + 90 * col, 178 + 18 * row)
            page.draw_rect(rect, color=(0, 0, 0), width=0.8)
            page.insert_text((rect.x0 + 4, rect.y1 - 5), cell, fontsize=10, fontname="helv")
    return Document("made/font mapping a code to NUL", with_nul(doc, page), Truth(text=norm(" ".join(lines))))
