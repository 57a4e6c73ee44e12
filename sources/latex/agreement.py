"""Does a page's target say what the page's PDF text layer says? A misaligned page fails this.

Both sides are cut to their words of letters (three or more): the target with its math and markdown
syntax taken out, the text layer with words hyphenated over a line joined. Math is left out of both
sides: a formula's text layer is loose glyphs (``x2``, ``dy``) that its LaTeX does not spell, and short
tokens are where the two differ without either being wrong. The figure is the share of words the two
have in common (as multisets) over the larger side: 1.0 when the target holds exactly the page's words,
lower when a block is missing from it or belongs to another page.

The text layer is read with included graphics left out (`text_layers`): a plot made by matplotlib brings its
axis labels and legend as text, which no LaTeX block holds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

_DISPLAY = re.compile(r"\$\$.*?\$\$", re.S)
_INLINE = re.compile(r"(?<!\\)\$[^$]*?(?<!\\)\$")
_WORD = re.compile(r"[^\W\d_]{3,}")
_MATH_TEXT = re.compile(r"\\(?:text|textrm|textit|textbf|mbox|mathrm|operatorname\*?)\s*\{([^{}]*)\}")
# operators math prints as words: \\max, \\log, \\bmod ('mod'), \\liminf ('lim inf')
_OPERATOR = re.compile(r"\\(log|exp|max|min|sup|inf|lim|det|sin|cos|tan|cot|sec|csc|sinh|cosh|tanh|coth|arcsin|"
                       r"arccos|arctan|arg|ker|dim|deg|gcd|hom|bmod|pmod|liminf|limsup)(?![A-Za-z])")
_OPERATORS = {"bmod": "mod", "pmod": "mod", "liminf": "lim inf", "limsup": "lim sup"}
_TAG = re.compile(r"</?(table|thead|tbody|tfoot|tr|th|td|colgroup|col|caption|span|u|br|div)\b[^<>]*>")
# OT1's accent glyphs as a text layer reads them -> the combining accent each one is
_COMBINING = {"\u00b4": "\u0301", "`": "\u0300", "\u00a8": "\u0308", "\u02c6": "\u0302", "^": "\u0302",
              "\u02dc": "\u0303", "~": "\u0303", "\u00af": "\u0304", "\u02d8": "\u0306", "\u02c7": "\u030c",
              "\u02d9": "\u0307", "\u02da": "\u030a", "\u02dd": "\u030b"}
_SPACING_ACCENT = re.compile("([" + re.escape("".join(_COMBINING)) + "])([^\\W\\d_])")


def target_words(markdown: str) -> list[str]:
    """The target's words (math, markup, HTML tags and link targets out; the words math sets as text,
    ``\\text{else}``, ``\\mathrm{arg\\,min}``, ``\\max``, in), lower-cased."""
    math = " ".join(_DISPLAY.findall(markdown) + _INLINE.findall(markdown))
    operators = [_OPERATORS.get(name, name) for name in _OPERATOR.findall(math)]
    inside = " ".join(_MATH_TEXT.findall(math) + operators)
    text = _INLINE.sub(" ", _DISPLAY.sub(" ", markdown)) + " " + inside.replace(r"\,", " ")
    text = unicodedata.normalize("NFC", text)
    text = _TAG.sub(" ", text)  # a table pandoc cannot pipe (a \\multirow cell) is HTML
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    # emphasis marks join what they stand between, as on the page: "**bold***italic*" is the page's "bolditalic"
    # (split there, both words missed the text layer's and the page was refused as misaligned)
    text = re.sub(r"(?<!\\)\*+", "", text)
    return [w.lower() for w in _WORD.findall(text)]


def layer_words(text: str) -> list[str]:
    """The text layer's words, lower-cased, with ``equa-\\ntion`` joined and accents set apart put back on
    their letters."""
    return [w.lower() for w in _WORD.findall(_accented(re.sub(r"-\s*\n\s*", "", text)))]


def _accented(text: str) -> str:
    """``Poincar´e`` as ``Poincaré``: with LaTeX's default OT1 fonts an accent is a glyph of its own, placed
    over the letter after it (and ``ı``, the dotless i, under ``¨``): the text layer shows both apart."""
    joined = _SPACING_ACCENT.sub(lambda m: m.group(2).replace("ı", "i") + _COMBINING[m.group(1)], text)
    return unicodedata.normalize("NFC", joined)


def page_agreement(markdown: str, layer_text: str) -> float:
    """Words in common over the larger side's count (1.0 for a page with no words on either side)."""
    target, layer = Counter(target_words(markdown)), Counter(layer_words(layer_text))
    larger = max(sum(target.values()), sum(layer.values()))
    return sum((target & layer).values()) / larger if larger else 1.0


def text_layers(pdf: bytes) -> list[str]:
    """Each page's text layer without the text of included PDF graphics (Form XObjects drawn with ``Do``)."""
    import pymupdf

    texts = []
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:
        for page in doc:
            forms = [name for xref, name, *_ in page.get_xobjects()
                     if doc.xref_get_key(xref, "Subtype") == ("name", "/Form")]
            if forms:
                page.clean_contents()  # one content stream, in which the forms' Do operators are dropped
                (xref,) = page.get_contents()[:1]
                drawn = re.compile(rb"/(" + b"|".join(re.escape(n.encode()) for n in forms) + rb")\s+Do\b")
                doc.update_stream(xref, drawn.sub(b"", page.read_contents()))
            texts.append(page.get_text())
    return texts
