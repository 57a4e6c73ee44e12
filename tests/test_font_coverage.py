"""Which characters some font can draw: fontconfig's listing and the web fonts a page ships."""

from __future__ import annotations

import io

from sources.common.font_coverage import parse_charsets, undrawable, with_fonts


def box_font(codes: list[int]) -> bytes:
    """A TrueType font drawing a square for each of ``codes`` (fontTools' FontBuilder)."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = [".notdef"] + [f"g{code:x}" for code in codes]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({code: f"g{code:x}" for code in codes})
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0)), pen.lineTo((100, 700)), pen.lineTo((600, 700)), pen.lineTo((600, 0)), pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (700, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Boxes", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_fontconfig_listings_merge_into_ranges():
    assert parse_charsets("20-7e a0-17f 192\n20-7e 180-24f 2010-2015\nnot-a-range") == (
        [0x20, 0xA0, 0x2010], [0x7E, 0x24F, 0x2015])


def test_characters_no_font_covers_are_found_once_each_in_order():
    latin = ([0x20, 0xA0, 0x263A, 0x4E00], [0x7E, 0x17F, 0x263A, 0x9FFF])
    # joiners, variation selectors and spaces draw nothing of their own
    assert undrawable("Grüße, café, 中文 ☺ \u200d\ufe0f\u00a0", latin) == []
    assert undrawable("a🧪b🧪 नम", ([0x20], [0x7E])) == ["🧪", "न", "म"]


def test_a_font_the_page_ships_adds_its_characters():
    ascii_only = ([0x20], [0x7E])
    shipped = with_fonts(ascii_only, [box_font([0x928, 0x92E]), b"not a font"])
    assert undrawable("नम", shipped) == [] and undrawable("नमस", shipped) == ["स"]
    assert with_fonts(ascii_only, [b"not a font"]) == ascii_only and with_fonts(None, []) is None
