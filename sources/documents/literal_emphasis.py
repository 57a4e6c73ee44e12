"""Asterisks and underscores of a page's text kept as text in its markdown.

A target is markdown, and a page's own characters can make markup there: Asymptote's manual reads
"returns the dot product z.x*w.x+z.y*w.y", which CommonMark renders as "z.x<em>w.x+z.y</em>w.y" (the
asterisks gone, a span in italics the page does not have); so did Octave's "MXNIT*MXNJ*MXNH". Where a
CommonMark parser (markdown-it-py, the reference implementation's port) finds emphasis in a piece of text
the page holds, every character of the kind it used as a delimiter is escaped with a backslash, CommonMark's
own way to say "this character, literally" (markdownify, which marker uses, escapes them the same way). Text
that makes no emphasis is left as it is: "built_in_docstrings_file" and "a * b" render as they read. The same for a
"<" that opens an HTML tag or an autolink in CommonMark (a page about HTML showing "<sup>2</sup>", gnuplot's
"<face>"; `has_markup`): `script_marks` escapes it, as it writes tags of its own.

The same for a link or an image and a code span: a book's paragraph about markdown reading "write [link](x)"
or "wrap it in `backticks`" rendered as a link "link" (its brackets and address gone) and as code (its
backticks gone); there the "[" (which opens a link or an image) or every backtick is escaped, and "[RFC 2119]",
a citation's brackets or a lone "`" (no link, no span) stay as they are. A page's own entity ("&copy;" in a
book about HTML, which rendered "©") has its "&" escaped; "AT&T" and "a & b" are no entity.

A page's own backslash is a character too: CommonMark reads one before ASCII punctuation as an escape and one
at a line's end as a hard break, so "C:\\*.txt", "a\\_b" and "\\[x\\]" rendered "C:*.txt", "a_b" and "[x]",
the backslash gone (and the asterisk after it never escaped, as it looked escaped already). Such a backslash
is escaped itself ("C:\\\\*.txt"), first, so that the marks after it are judged as any others; a backslash
before a letter, a digit or a space is text in CommonMark and stays as it is. The one "\\<" left is
`escaped_markup`'s own escape of a page's "<" that would open a tag ("\\<sup>"; a page's backslash before it
is escaped as any other: "\\\\\\<sup>").
"""

from __future__ import annotations

import functools
import html
import re

_DELIMITERS = "*_"
# what CommonMark reads as an entity or character reference (where html.unescape knows the name)
_ENTITY = re.compile(r"(?<!\\)((?:\\\\)*)(&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};))")
# a page's backslash CommonMark would read as an escape (before ASCII punctuation) or a hard break (at a line's
# end), but `escaped_markup`'s "\\<" before a tag's name, a comment or an autolink (`has_markup`)
_BACKSLASH = re.compile(r"\\(?=[!-/:-;=-@\[-`{-~]|<(?![/A-Za-z!?])|\n|$)")
# an even run of backslashes before a mark (none included): escaped pairs, the mark after them free
_FREE = r"(?<!\\)((?:\\\\)*)"


def literal(text: str) -> str:
    """``text`` (a paragraph's, a list item's or a table cell's markdown, made of a page's characters) with
    the asterisks, or the underscores, escaped where CommonMark would read them as emphasis, the "[" where it
    would read a link or an image, the backticks where it would read a code span, the "&" of an entity
    ("&copy;", "&#169;")."""
    if "\\" in text:  # a page's own backslash (the module's note)
        text = _BACKSLASH.sub(r"\\\\", text)
    if "&" in text:  # a page's own "&copy;" (an HTML tutorial's) rendered as "©"
        text = _ENTITY.sub(lambda m: m.group(1) + ("\\" if html.unescape(m.group(2)) != m.group(2) else "")
                           + m.group(2), text)
    for _ in range(3):  # a code span's escaped backticks can let a link out that the span held: read again
        if text.count("*") < 2 and text.count("_") < 2 and text.count("`") < 2 and "](" not in text:
            return text  # emphasis and a code span need a pair, an inline link "](" (the only kind read here)
        used = _markup_marks(text)
        if not used:
            return text
        for mark in used:
            text = re.sub(_FREE + re.escape(mark), lambda m: m.group(1) + "\\" + mark, text)
    return text


def _markup_marks(text: str) -> set[str]:
    """The characters CommonMark reads as markup somewhere in ``text``: emphasis delimiters ("*", "_"), the
    "[" of a link or an image, the backticks of a code span."""
    marks = set()
    for child in (child for token in _parser().parseInline(text) for child in token.children or ()):
        if child.type in ("em_open", "strong_open") and child.markup[:1] in _DELIMITERS:
            marks.add(child.markup[0])
        elif child.type == "link_open" and child.markup != "autolink" or child.type == "image":
            marks.add("[")
        elif child.type == "code_inline":
            marks.add("`")
    return marks


def emphasised(markdown: str, mark: str) -> str:
    """``markdown`` (a page's text made `literal`) in emphasis, ``mark`` ("**" bold, "*" italics) round it,
    each of its own free "*" escaped: `literal` leaves a lone one ("5* only", "C:\\temp\\*" once the page's
    backslash is escaped), which paired with the marks round it ("**Tickets 5* only**" rendered "Tickets 5" in
    italics, a stray asterisk, no bold)."""
    return mark + re.sub(_FREE + r"\*", lambda m: m.group(1) + "\\*", markdown) + mark


def pipe_cell(markdown: str) -> str:
    """A table cell's markdown (a page's text made `literal`) as a pipe table's cell: its "|" escaped, and a
    space after a backslash that ends it. GFM (markdown-it, cmark-gfm) takes a "|" right after a backslash for
    the cell's own, however many stand before it: a cell ending in the page's backslash ("C:\\Windows\\",
    escaped as a pair) swallowed the next cell, and the row's columns moved left."""
    markdown = markdown.replace("|", "\\|")
    return markdown + " " if markdown.endswith("\\") else markdown


@functools.lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


# what starts a block in CommonMark at a line's start, as a paragraph's text may: a heading ("#", an index's
# symbol group "# . . . 62"), a block quote (">", an R prompt "> ## 2-tailed p-value" read as a quote holding
# an invented heading), a bullet list item ("-", "+", "*": a table of operators' "- Minus"), a fence, a
# thematic break or setext underline ("***", "==="), a link reference definition ("[1]: https://...", a
# paragraph that vanished from the rendered target, read as a definition), an HTML block (the spec's kinds
# 1-7: "<script>", "<!--", "<div ...", a tag alone on its line; gnuplot's "<var> is treated as..." starts none)
_HTML_BLOCK_NAMES = ("address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|"
                     "dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|"
                     "header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|"
                     "param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul")
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|`{3,}|~{3,}|[*_=-][ \t*_=-]*$|\[(?=[^\]\n]+\]:)"
    r"|<(?:script|pre|style|textarea)(?=[\s>]|$)|<[!?]"
    rf"|</?(?:{_HTML_BLOCK_NAMES})(?=[\s/>]|$)"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*\s*/?>[ \t]*$)",
    re.MULTILINE | re.IGNORECASE)


def escaped_blocks(markdown: str) -> str:
    """A paragraph's text with each line that would start another kind of block in markdown (`_BLOCK_START`)
    escaped with a backslash, so that it reads as the text it is: "\\> Greater than, binary", "\\- Minus". A
    number and a full stop are left: such a paragraph is a numbered item the list step found alone ("2.
    Generate WebGL ..."), read as one."""
    return _BLOCK_START.sub(lambda m: "\\" + m.group(0), markdown)


# an ATX heading's closing sequence: a run of "#" that ends its text, after a space or a tab or as the whole text
_CLOSING = re.compile(r"(^|[ \t])(#+[ \t]*)$")


def heading_text(markdown: str) -> str:
    """A heading's text (a page's, made `literal`) as an ATX heading's content, its closing "#"s escaped:
    CommonMark takes a run of "#" that ends the line after a space (or the whole content) for the heading's
    optional closing sequence and drops it, so "## Learn C #" read "Learn C" and "## ###" was an empty heading.
    The run's first "#" escaped ("## Learn C \\#", "## \\###") leaves none; "C#" (no space before) and a
    leading "#" ("## #hashtag") are text already."""
    return _CLOSING.sub(lambda m: m.group(1) + "\\" + m.group(2), markdown)


# a list item's marker ("- ", "3. ", indented under its parent's): what follows it starts the item's own blocks
_ITEM = re.compile(r"^([ \t]*(?:[-+*]|[0-9]{1,9}[.)])[ \t]+)(.*)$", re.MULTILINE)


def escaped_items(markdown: str) -> str:
    """A list's markdown with each item's text that would start another kind of block (`_BLOCK_START`) escaped:
    an item "[1]: https://..." was a link reference definition (the item empty, "[1]" elsewhere a link to it),
    "# Note" a heading, "> x" a quote, "- x" a sub-list."""
    return _ITEM.sub(lambda m: m.group(1) + escaped_blocks(m.group(2)), markdown)


# a "<" CommonMark may read as the start of a tag, a comment, a processing instruction or an autolink
_OPENS = re.compile(r"<(?=[/A-Za-z!?])")


def escaped_markup(text: str) -> str:
    """``text`` (a run of a page's text) with each "<" that opens a tag, a comment or an autolink escaped, where
    CommonMark reads one in it (`has_markup`): "\\<sup>2\\</sup>". A "<" before anything else ("a < b") is
    text in CommonMark and stays as it is: escaped, `literal` took its backslash for the page's own and the
    reader saw "a \\< b"."""
    return _OPENS.sub(r"\\<", text) if has_markup(text) else text


def markup_opens(text: str) -> list[int]:
    """The offsets in ``text`` (a line of a page's text, its runs joined) of each "<" `escaped_markup` escapes:
    a run's own text may not show the tag its line does ("<" in one run, "b>" in the next, bold: each run read
    alone opened nothing, and the line's target drew the rest of the line in bold, its "<b>" gone)."""
    return [m.start() for m in _OPENS.finditer(text)] if has_markup(text) else []


def has_markup(text: str) -> bool:
    """Whether CommonMark reads an HTML tag, comment or an autolink in ``text`` (a run of a page's text):
    "<sup>2</sup>", "<face>" and "<https://example.org>" do; "<line_type>" and "a < b" do not. The page's own
    backslashes are characters (`literal` escapes them), so one before a "<" hides no tag: a page showing
    "\\<b>" held a tag ("\\<b>" written bare read "<b>", its backslash gone). So are its backticks: a pair of
    them round a tag ("`<b>`", on a page about markdown) made a code span that hid it, and `literal` escapes them
    ("\\`<b>\\`" read a bold tag)."""
    if "<" not in text:
        return False
    text = text.replace("\\", "\\\\").replace("`", "\\`")
    return any(child.type == "html_inline" or child.type == "link_open" and child.markup == "autolink"
               for token in _parser().parseInline(text) for child in token.children or ())
