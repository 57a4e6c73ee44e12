"""A web page's main content, as trafilatura extracts it (its XML-TEI ``<main>``), in reading order: markdown
text pieces and the pictures between them.

Each top-level element gives one piece, or several where pictures stand inside it, written at the place
they stand in the text ("Text before the chart.", the chart, "Text after the chart."; they went before the
whole paragraph). Within a piece:
- a line break (``<lb/>``, HTML's ``<br>``) is a new line ("Roses are red\\nViolets are blue": they were
  glued, "redViolets"); in a table cell, a space ("Via Roma 2 00100 Roma", not "200100");
- a list is markdown's, an item a line, a nested list under its item two spaces further in, an ordered
  list numbered ("- Fruit\\n  - Apple\\n  - Pear\\n- Bread": the inner items were written twice, their text
  also glued to their parent's, "FruitApplePear");
- a definition list (``<list rend="dl">``) is its terms and definitions, a paragraph each, as the documents'
  pages write an HTML ``<dl>`` (inside a list item a line each): trafilatura's items were bullets the page does
  not draw ("- Quorum\\n- The smallest number ..."); one drawn as rows ("Username: jdoe") reaches trafilatura as
  one term a row, its definition in it (`visible_html.js`);
- code is fenced, its lines, indentation and blank lines as they are (they were one line);
- a heading has its HTML level (``rend="h2"``: "## "); a quotation is its lines (trafilatura makes a
  ``<pre>`` without ``<code>`` a quotation too: no "> " is written).
trafilatura's own `xml.xmltotxt` is not used: it drops a code block's blank lines and puts a picture inline as
a link.
"""

from __future__ import annotations

import re
from typing import Iterator

# ("text" | "heading", markdown), ("image", the <graphic> element), or ("continued", markdown): the rest of a
# paragraph after a picture inside it (joined to the text before where the picture is dropped)
Piece = tuple[str, object]


def main_pieces(main) -> Iterator[Piece]:
    """The pieces of trafilatura's ``<main>`` element (lxml) in reading order; empty text is left out, and so is
    a heading whose content trafilatura left out (`_headed`)."""
    return _headed(list(_pieces(main)))


def unrepeated(main, html: str):
    """``main`` (trafilatura's ``<main>``, lxml) without each top-level element whose text its elements before
    it have written as often as the page (``html``, what Chromium drew) holds it: a line written twice where
    the page draws it once. On a short page trafilatura recovers loose paragraphs after its main pass and
    keeps one whose text is no element's whole text and is under 50 characters, though the main pass wrote
    it inside a block of its own ("Posted by admin Thanks for the fix!", then "Thanks for the fix!" again: a
    card's loose text beside a <p>, a <dl> again as lines at recall), or a block made of blocks written before
    it (at recall, a <div> round them). Texts are compared without whitespace (trafilatura puts spaces where
    the markup has none); a text the page does not hold is not judged, and a line the page draws twice (a
    song's chorus) is written twice. A block that repeats a line and adds another is kept whole."""
    import lxml.html

    page = lxml.html.document_fromstring(html)
    for element in list(page.iter("head", "script", "style", "template", "noscript")):
        element.drop_tree()
    drawn = "".join("".join(page.itertext()).split())
    written, texts = "", set()  # all written so far; the texts of the elements and runs it was written in

    def spent(t: str) -> bool:  # written as often as the page draws it
        return written.count(t) >= drawn.count(t) > 0

    for element in list(main):
        text = "".join("".join(element.itertext()).split())
        # (a block recovered at recall round blocks written before it: made of texts written as often as drawn;
        # a run of 3 characters or fewer is no evidence)
        rest = text
        if text and text not in written:
            for t in sorted((t for t in texts if t in text), key=len, reverse=True):
                rest = rest.replace(t, "") if spent(t) else rest
        if text and (text in written and spent(text) or not rest):
            main.remove(element)  # (a picture in it was dropped with it: it holds only repeated text)
            continue
        written += text
        runs = ("".join(run.split()) for run in element.itertext())
        texts |= {text, *(run for run in runs if len(run) > 3)}
    return main


def _level(piece: Piece) -> int:
    """A heading piece's level (1 to 6); 0 for any other piece."""
    return len(piece[1]) - len(piece[1].lstrip("#")) if piece[0] == "heading" else 0


def _headed(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` without the headings that head nothing: one followed by a heading of a higher level or by
    nothing (a help centre's sidebar "### Articles in this section", its links left out, stood above the
    article's "# Reset your password"). One beside a heading of its own level is kept: card titles alone."""
    kept = []
    for at, piece in enumerate(pieces):
        level = _level(piece)
        after = _level(pieces[at + 1]) if at + 1 < len(pieces) else -1  # -1: the end
        before = _level(pieces[at - 1]) if at else 0
        if level and (after == -1 or 0 < after < level) and before != level:
            continue
        kept.append(piece)
    return kept


def _pieces(main) -> Iterator[Piece]:
    for element in main:
        if element.tag == "graphic":
            yield "image", element
            if (element.text or "").strip():  # trafilatura's quirk (see `_inline`)
                yield from _flushed([element.text])
        elif element.tag == "code":
            code = "".join(element.itertext()).strip("\n")
            if code.strip():
                yield "text", f"```\n{code}\n```"
        elif element.tag == "list" and element.get("rend") == "dl":  # a definition list: see `_list_lines`
            for item in (child for child in element if child.tag == "item"):
                yield from _pieces(_unboxed(item))
        elif element.tag == "list" and _boxes(element):
            for item in (child for child in element if child.tag == "item"):
                yield from _pieces(_unboxed(item))
        elif element.tag == "div" and any(child.tag in _ITEM_BLOCKS for child in element):
            # readability's extraction, which trafilatura takes where its own is short (a thread of one-line
            # posts), is one <div> round the blocks: it was one piece, a heading a line of it
            yield from _pieces(_unboxed(element))
        elif element.tag == "list":
            yield from _flushed(_list_lines(element, 0), made=True)
        elif element.tag == "table":
            yield from _flushed(_table_lines(element), made=True)
        elif element.tag == "quote":  # a <blockquote>, but also a <pre> without <code>: no "> " invented
            yield from _flushed(_inline(element))
        elif element.tag == "head":
            from sources.documents.literal_emphasis import heading_text

            level = int(m.group(1)) if (m := re.fullmatch(r"h([1-6])", element.get("rend", ""))) else 1
            for kind, value in _flushed(_inline(element)):  # its closing "#" ("C #") text too: `heading_text`
                yield ("heading", "#" * level + " " + heading_text(" ".join(value.split()))) if kind == "text" \
                    else (kind, value)
        else:
            yield from _flushed(_inline(element))


# blocks inside an element start a new line; <code> is not one: inside a paragraph it is inline code
_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "div"})


def _inline(element) -> list:
    """An element's content as text (line breaks, and the edges of blocks inside it, as "\n") and <graphic>
    elements, in order."""
    out: list = []

    def walk(node) -> None:
        if node.text and node.tag != "graphic":
            out.append(node.text)
        for child in node:
            if child.tag == "graphic":
                out.append(child)
                # trafilatura 2.3 puts the text after an <img src="*.svg"> inside its <graphic> (and drops the
                # src): WordPress's emoji cut their paragraph short ("We finally made it to the seaside")
                if child.text:
                    out.append(child.text)
            elif child.tag == "lb":
                out.append("\n")
            elif child.tag in _BLOCKS:
                out.append("\n")
                walk(child)
                out.append("\n")
            else:
                walk(child)
            if child.tail:
                out.append(child.tail)
    walk(element)
    return out


def _text(parts: list) -> str:
    """The text of ``parts`` on one line, spaces collapsed (a list item's, a table cell's)."""
    return " ".join("".join(p for p in parts if isinstance(p, str)).split())


# what a list item's marker draws, put before its text by visible_html.js (⁅vl:5.⁆; ⁅vl:⁆ nothing drawn;
# ⁅vl:?⁆ a bullet, or text not known there)
_MARKER = re.compile("\u2045vl:([^\u2045\u2046]*)\u2046 *")


# a superscript's or subscript's edges, marked by visible_html.js (⁅tag:sup⁆2⁅tag:/sup⁆): written "<sup>2</sup>"
_SCRIPT = re.compile("\u2045tag:(/?su[bp])\u2046")
_ADJACENT = re.compile(r"</(sup|sub)>( ?)<\1>")  # one run of scripts is one ("<sup>[2][3]</sup>"), as the tiles write it

# struck text's edges, marked by visible_html.js (⁅tag:del⁆30⁅tag:/del⁆): written as GFM's "~~30~~", the spaces
# inside the marks put outside them ("now ~~30~~ 60", not "now~~ 30 ~~60": GFM strikes no run that starts
# or ends with a space)
_STRUCK_OPEN, _STRUCK_CLOSE = re.compile("\u2045tag:del\u2046(\\s*)"), re.compile("(\\s*)\u2045tag:/del\u2046")


def _struck(line: str) -> str:
    """``line`` with visible_html.js's struck-text marks as "~~" (a run with no text left out)."""
    line = re.sub("\u2045tag:del\u2046(\\s*)\u2045tag:/del\u2046", r"\1", line)
    return _STRUCK_CLOSE.sub(r"~~\1", _STRUCK_OPEN.sub(r"\1~~", line))


def _marker(text: str, number: int, ordered: bool) -> tuple[str, str]:
    """An item's marker ("5. ", "iv. ", "- ", "" where none is drawn) and its text without visible_html.js's
    mark; without one (the page's own HTML was read) an ordered list is numbered from 1."""
    if found := _MARKER.match(text):
        drawn = found.group(1)
        return ("- " if drawn == "?" else drawn + " " if drawn else ""), text[found.end():]
    return (f"{number}. " if ordered else "- "), text


# what makes a list item a box of blocks: a paragraph, a heading, a quotation, a list or a table inside it
_ITEM_BLOCKS = frozenset({"p", "head", "quote", "list", "table", "div"})


def _boxes(element) -> bool:
    """Whether ``element`` (a <list>) is a column of boxes, not a list, as drawn: no item draws a marker
    (visible_html.js's ⁅vl:⁆ before each) and one at least holds blocks. A forum thread's posts (vBulletin's
    <ol id=posts>, each post an item of its header, title and message), a comment list, cards: written as
    list items, each was one line ("Car won't start My 2009 Civic...", a post's date before its text) and the
    posts the lines of one paragraph."""
    items = [item for item in element if item.tag == "item"]
    drawn = [_MARKER.match(item.text or "") for item in items]
    return bool(items) and all(found and not found.group(1) for found in drawn) and any(
        child.tag in _ITEM_BLOCKS for item in items for child in item)


def _unboxed(item):
    """A box's item (`_boxes`), or a <div> round blocks, as a <main> of its own: its blocks as they are, each
    run of its text and inline elements between them a paragraph; an item's marker left out."""
    from copy import deepcopy

    box, run = item.makeelement("main", {}), None

    def paragraph():  # the run being written: a paragraph of the box
        nonlocal run
        if run is None:
            run = item.makeelement("p", {})
            box.append(run)
        return run

    def text(value: str | None) -> None:  # text of the run, after what it holds so far
        if not value or run is None and not value.strip():
            return
        at = paragraph()
        if len(at):
            at[-1].tail = (at[-1].tail or "") + value
        else:
            at.text = (at.text or "") + value

    text(_MARKER.sub("", item.text or "", count=1))
    for child in item:
        copied = deepcopy(child)
        copied.tail = None
        if child.tag in _ITEM_BLOCKS or child.tag in ("code", "graphic"):
            box.append(copied)
            run = None
        else:
            paragraph().append(copied)
        text(child.tail)
    return box


def _list_lines(element, depth: int) -> list:
    """A <list>'s items as markdown lines (and pictures after the item that holds them), nested lists indented
    two spaces a level; an ordered list's numbers are those its markers draw (`_marker`)."""
    out: list = []
    ordered = element.get("rend") == "ol"
    for number, item in enumerate((child for child in element if child.tag == "item"), 1):
        own = [] if item.text is None else [item.text]
        for child in item:  # the item's own content; its nested lists follow it, a level in
            if child.tag in _BLOCKS and child.tag != "list":  # a paragraph inside the item: a space apart
                own += [" ", *_inline(child), " "]
            elif child.tag != "list":
                own += _inline_child(child)
            if child.tail:
                own.append(child.tail)
        # a definition list's terms and definitions draw no marker: each is a line (at the top level a paragraph,
        # as the documents' pages write an HTML <dl>: "Quorum", then its definition); they were bullets
        marker, text = ("", _text(own)) if element.get("rend") == "dl" else _marker(_text(own), number, ordered)
        out.append("  " * depth + marker + _TEXT + text + "\n")
        out += [p for p in own if not isinstance(p, str)]
        for nested in (child for child in item if child.tag == "list"):
            out += _list_lines(nested, depth + 1)
    return out


def _inline_child(child) -> list:
    """One child element's parts as `_inline` gives them (its tail left out)."""
    if child.tag == "graphic":
        return [child]
    if child.tag == "lb":
        return ["\n"]
    return _inline(child)


def _table_lines(element) -> list:
    """A <table>'s rows as lines of cells parted by " | " (a cell's line breaks as spaces), each row's pictures
    after it."""
    out: list = []
    for row in element.iter("row"):
        cells = [_inline(cell) for cell in row]
        out.append(_TEXT + " | ".join(_text(parts) for parts in cells) + "\n")
        out += [p for parts in cells for p in parts if not isinstance(p, str)]
    return out


def _literal(line: str, made: bool) -> str:
    """A line of the page's text as markdown that reads as that text, as a document's paragraph is written
    (`literal_emphasis`): its own "*", "_", "[", backticks, entities and backslashes escaped where CommonMark
    reads them as markup, a "<" that opens a tag ("<br>"), and a line that would start another block ("# not a
    heading", "> 5", "[1]: x") escaped at its start; in a list or a table this module made (``made``: the
    line's spaces kept as they are, else collapsed), where its text starts (`_TEXT`): after an item's marker,
    at a row's start."""
    from sources.documents.literal_emphasis import escaped_blocks, escaped_items, escaped_markup, literal

    # a formula's TeX (`visible_html.js`: "$\\pi r^{2}$", "$$\\frac{1}{x}$$") is no markdown text: its "\\{",
    # "_" and "\\\\" stay as TeX writes them, set aside while the rest is escaped
    formulas = _FORMULA.findall(line)
    if formulas:
        line = _FORMULA.sub(lambda m: f"\ue000{formulas.index(m.group(0))}\ue001", line)
    line = escaped_markup(line)  # a tutorial's "Use the <br> tag" was a line break (before `literal`: see there)
    if made:  # (its text's start is known: a row's "- | 5" or an unmarked item's "- 5 years" is no list item)
        head, _, text = literal(line.rstrip()).partition(_TEXT)
        line = head + escaped_blocks(text)
    else:
        line = " ".join(line.split())
        line = escaped_items(literal(line)) if _ITEM_START.match(line) else escaped_blocks(literal(line))
    return re.sub("\ue000([0-9]+)\ue001", lambda m: formulas[int(m.group(1))], line) if formulas else line


# where the text of a line this module made starts: after a list item's marker, at a table row's start
_TEXT = "\ue002"
# a drawn marker trafilatura left at a paragraph's start ("5. Mix"): the line is an item
_ITEM_START = re.compile(r"[0-9]{1,9}[.)] ")
# a formula as visible_html.js writes it: displayed between "$$", inline between "$" that hug its TeX (no space
# inside them, no digit after: pandoc's rule), as no price does ("$10 for *members*, $15" was a formula, its
# asterisks left unescaped)
_FORMULA = re.compile(r"\$\$.+?\$\$|\$(?=[^\s$])[^$\n]*?(?<=[^\s$])\$(?![0-9])")


def _flushed(parts: list, made: bool = False) -> Iterator[Piece]:
    """Text parts joined into pieces between pictures: each line's spaces collapsed (``made``: lines this
    module made, kept as they are), empty lines dropped."""
    text: list[str] = []

    def piece() -> Iterator[Piece]:
        lines = "".join(text).split("\n")
        # a list item trafilatura made a paragraph of: its marker's text as drawn; the page's own markdown syntax
        # escaped (`_literal`); a script's marks as tags
        lines = [_literal(_MARKER.sub(lambda m: m.group(1).strip("?") and m.group(1) + " ", line), made)
                 for line in lines]
        lines = [_struck(_ADJACENT.sub(r"\2", _SCRIPT.sub(r"<\1>", line))) for line in lines]
        lines = [line.rstrip() if made else " ".join(line.split()) for line in lines]
        joined = "\n".join(line for line in lines if line.strip())
        if joined:
            yield "text", joined
        text.clear()

    # text after a picture that has text before it in this paragraph continues that text (not in lists and
    # tables this module made: their pictures go after their line)
    seen_text = after_picture = False
    for part in parts:
        if isinstance(part, str):
            text.append(part)
        else:
            for kind, value in piece():
                yield ("continued" if after_picture else kind), value
                seen_text = True
            yield "image", part
            after_picture = seen_text and not made
    for kind, value in piece():
        yield ("continued" if after_picture else kind), value
