"""Characters of TeX's math extension fonts (cmex10 and its kin) as the symbols they draw.

TeX's big operators and delimiters come from fonts in the OMX encoding (Computer Modern's ``cmex``, Latin
Modern's ``lmex``, txfonts' and pxfonts' ``txex`` / ``pxex``), whose glyphs have TeX's own names
("summationdisplay", "integraltext", "parenleftbigg"). pdfTeX writes no ToUnicode map for them unless told
to (``\\pdfgentounicode``), and MuPDF, knowing none of the names, gives the character code as if it were
ASCII: a displayed sum came out "X", an integral "Z", a square root "p", a big bracket "\\x14" (R's and
gnuplot's manuals, R-intro's "yi = p X j=0 βjxij"). Such a character is replaced by the symbol its glyph
draws, by the OMX encoding's code (the names and their places as in ``cmex10.pfb``'s own encoding vector,
AMS's Type 1 fonts); pieces that draw no character alone (a radical's vertical stroke, a horizontal brace's
tips) are dropped. A character a ToUnicode map gave is kept as it is: only codes read as letters, digits or
control characters are replaced (no map of the font gives those).
"""

from __future__ import annotations

import functools
import re

# the OMX encoding, codes 0-127: each code's glyph name in cmex10 (tests/test_math_fonts.py checks them against
# the installed font) and the character it draws
OMX = (
    ("parenleftbig", "("), ("parenrightbig", ")"), ("bracketleftbig", "["), ("bracketrightbig", "]"),
    ("floorleftbig", "\u230a"), ("floorrightbig", "\u230b"), ("ceilingleftbig", "\u2308"), ("ceilingrightbig", "\u2309"),
    ("braceleftbig", "{"), ("bracerightbig", "}"), ("angbracketleftbig", "\u27e8"), ("angbracketrightbig", "\u27e9"),
    ("vextendsingle", "\u2223"), ("vextenddouble", "\u2225"), ("slashbig", "/"), ("backslashbig", "\\"),
    ("parenleftBig", "("), ("parenrightBig", ")"), ("parenleftbigg", "("), ("parenrightbigg", ")"),
    ("bracketleftbigg", "["), ("bracketrightbigg", "]"), ("floorleftbigg", "\u230a"), ("floorrightbigg", "\u230b"),
    ("ceilingleftbigg", "\u2308"), ("ceilingrightbigg", "\u2309"), ("braceleftbigg", "{"), ("bracerightbigg", "}"),
    ("angbracketleftbigg", "\u27e8"), ("angbracketrightbigg", "\u27e9"), ("slashbigg", "/"), ("backslashbigg", "\\"),
    ("parenleftBigg", "("), ("parenrightBigg", ")"), ("bracketleftBigg", "["), ("bracketrightBigg", "]"),
    ("floorleftBigg", "\u230a"), ("floorrightBigg", "\u230b"), ("ceilingleftBigg", "\u2308"), ("ceilingrightBigg", "\u2309"),
    ("braceleftBigg", "{"), ("bracerightBigg", "}"), ("angbracketleftBigg", "\u27e8"), ("angbracketrightBigg", "\u27e9"),
    ("slashBigg", "/"), ("backslashBigg", "\\"), ("slashBig", "/"), ("backslashBig", "\\"),
    ("parenlefttp", "\u239b"), ("parenrighttp", "\u239e"), ("bracketlefttp", "\u23a1"), ("bracketrighttp", "\u23a4"),
    ("bracketleftbt", "\u23a3"), ("bracketrightbt", "\u23a6"), ("bracketleftex", "\u23a2"), ("bracketrightex", "\u23a5"),
    ("bracelefttp", "\u23a7"), ("bracerighttp", "\u23ab"), ("braceleftbt", "\u23a9"), ("bracerightbt", "\u23ad"),
    ("braceleftmid", "\u23a8"), ("bracerightmid", "\u23ac"), ("braceex", "\u23aa"), ("arrowvertex", "\u23d0"),
    ("parenleftbt", "\u239d"), ("parenrightbt", "\u23a0"), ("parenleftex", "\u239c"), ("parenrightex", "\u239f"),
    ("angbracketleftBig", "\u27e8"), ("angbracketrightBig", "\u27e9"), ("unionsqtext", "\u2a06"), ("unionsqdisplay", "\u2a06"),
    ("contintegraltext", "\u222e"), ("contintegraldisplay", "\u222e"), ("circledottext", "\u2a00"), ("circledotdisplay", "\u2a00"),
    ("circleplustext", "\u2a01"), ("circleplusdisplay", "\u2a01"), ("circlemultiplytext", "\u2a02"), ("circlemultiplydisplay", "\u2a02"),
    ("summationtext", "\u2211"), ("producttext", "\u220f"), ("integraltext", "\u222b"), ("uniontext", "\u22c3"),
    ("intersectiontext", "\u22c2"), ("unionmultitext", "\u2a04"), ("logicalandtext", "\u22c0"), ("logicalortext", "\u22c1"),
    ("summationdisplay", "\u2211"), ("productdisplay", "\u220f"), ("integraldisplay", "\u222b"), ("uniondisplay", "\u22c3"),
    ("intersectiondisplay", "\u22c2"), ("unionmultidisplay", "\u2a04"), ("logicalanddisplay", "\u22c0"), ("logicalordisplay", "\u22c1"),
    ("coproducttext", "\u2210"), ("coproductdisplay", "\u2210"), ("hatwide", "\u02c6"), ("hatwider", "\u02c6"),
    ("hatwidest", "\u02c6"), ("tildewide", "\u02dc"), ("tildewider", "\u02dc"), ("tildewidest", "\u02dc"),
    ("bracketleftBig", "["), ("bracketrightBig", "]"), ("floorleftBig", "\u230a"), ("floorrightBig", "\u230b"),
    ("ceilingleftBig", "\u2308"), ("ceilingrightBig", "\u2309"), ("braceleftBig", "{"), ("bracerightBig", "}"),
    ("radicalbig", "\u221a"), ("radicalBig", "\u221a"), ("radicalbigg", "\u221a"), ("radicalBigg", "\u221a"),
    ("radicalbt", "\u23b7"), ("radicalvertex", ""), ("radicaltp", ""), ("arrowvertexdbl", "\u2016"),
    ("arrowtp", "\u2191"), ("arrowbt", "\u2193"), ("bracehtipdownleft", ""), ("bracehtipdownright", ""),
    ("bracehtipupleft", ""), ("bracehtipupright", ""), ("arrowdbltp", "\u21d1"), ("arrowdblbt", "\u21d3"),
)
# a radical sign (cmsy's surd, a big one from cmex): TeX hangs it from the bar over its radicand, its baseline
# the bar's, about 0.7 em above the radicand's (`math_rows`, `table_cells` place it on its radicand's row)
RADICAL = "\u221a"
_FONT = re.compile(r"^(?:[A-Z]{6}\+)?(?:cmex|lmex|txex|pxex|eufm?ex|LMMathExtension)\d*", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_math_extension(font: str) -> bool:
    """Whether ``font`` (a span's font name, its subset tag or not) is a TeX math extension font."""
    return bool(_FONT.match(font))


def drawn_symbols(text: str) -> str:
    """``text`` of a span in a math extension font with each code MuPDF gave as ASCII (its fallback for an
    unknown glyph name) replaced by the symbol the glyph draws (`OMX`): letters, digits and control characters
    only, which no map of this font gives. Brackets, slashes and bars may be a map's own reading (dvipdfmx
    writes one for cmex10: its "(" is a big parenthesis) and stay as they are; so does a space, which MuPDF
    puts where the pen jumps. A bar TeX builds of pieces set one over another (\\big|, \\Big\\|: the codes of
    vextendsingle and vextenddouble, two or more in a row) is one bar: "∣∣x∣∣" read as nested bars."""
    text = _STACKED_BARS.sub(r"\1", text)
    return "".join(OMX[ord(c)][1] if ord(c) < 128 and (c.isalnum() or ord(c) < 32) else c for c in text)


_STACKED_BARS = re.compile("([\x0c\x0d])\\1+")


# the glyphs that stand taller than a line: displayed operators, delimiters of \\bigg and \\Bigg size, and the
# pieces extensible ones are built of (a matrix's brackets, a ``cases`` brace); \\big and \\Big hold one line
_TALL = re.compile(r"display$|bigg$|Bigg$|(?:tp|bt|ex|mid|vertex|dbl)$")


def tall_codes(text: str) -> bool:
    """Whether ``text`` of a span in a math extension font holds a code whose glyph stands taller than a line
    (`_TALL`): its formula has no linear order (`stacked_math.tall_math`). Brackets and slashes count by their
    code too, unlike in `drawn_symbols`: pdfTeX's "(" at code 40 is a cases brace (braceleftBigg); where a
    map made it a \\big parenthesis (dvipdfmx), a page is refused that could have been written."""
    return any(ord(c) < 128 and not c.isspace() and _TALL.search(OMX[ord(c)][0]) for c in text)
