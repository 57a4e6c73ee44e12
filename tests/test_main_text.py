"""A web page's main content (trafilatura's XML) as markdown pieces and pictures (`sources.web.main_text`)."""

import lxml.etree

from sources.web.main_text import main_pieces


def pieces(xml: str) -> list:
    return [(kind, value if isinstance(value, str) else value.get("src"))
            for kind, value in main_pieces(lxml.etree.fromstring(xml))]


def test_line_breaks_lists_code_tables_and_pictures_where_they_stand():
    assert pieces(
        "<main><head rend='h2'>Notes</head><p>Roses are red<lb/>Violets are blue</p>"
        "<list rend='ul'><item>Fruit<list rend='ul'><item>Apple</item><item>Pear</item></list></item>"
        "<item>Bread</item></list><list rend='ol'><item>Measure</item><item>Cut <hi>twice</hi></item></list>"
        "<code>def f():\n    return 1\n\nf()</code><table><row><cell>Via Roma 2<lb/>00100 Roma</cell>"
        "<cell>x</cell></row></table><p>Before. <graphic src='c.png'/> After.</p></main>") == [
        ("heading", "## Notes"), ("text", "Roses are red\nViolets are blue"),
        ("text", "- Fruit\n  - Apple\n  - Pear\n- Bread"), ("text", "1. Measure\n2. Cut twice"),
        ("text", "```\ndef f():\n    return 1\n\nf()\n```"), ("text", "Via Roma 2 00100 Roma | x"),
        ("text", "Before."), ("image", "c.png"), ("text", "After.")]


def test_inline_code_and_a_paragraph_inside_an_item_stay_on_their_line_and_a_quotation_invents_no_marker():
    # a review's XML: <code> inside a paragraph is inline code (it was cut onto lines of its own); trafilatura
    # makes a <pre> without <code> a <quote>, so no "> " is written for one
    assert pieces("<main><p>Set <code>x = 1</code> first.</p><list><item>Intro<p>more</p>end</item></list>"
                  "<quote><p>First.</p><p>Second.</p></quote></main>") == [
        ("text", "Set x = 1 first."), ("text", "- Intro more end"), ("text", "First.\nSecond.")]
