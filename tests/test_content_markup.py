"""The drawn HTML rewritten where trafilatura misreads its structure (`sources.web.content_markup`)."""

import lxml.html

from sources.web.content_markup import for_extraction

PROSE = "The ferry to the island now leaves at seven in the morning every weekday, the harbour office said on Monday."


def body(html: str) -> str:
    return lxml.html.tostring(lxml.html.document_fromstring(html).find("body"), encoding="unicode")


def test_a_page_with_nothing_to_rewrite_is_given_back_as_it_came():
    page = f"<html><body><main><p>{PROSE}</p><table><tr><td>Mon</td><td>Closed</td></tr></table></main></body></html>"
    assert for_extraction(page) is page


def test_a_layout_table_is_boxes_and_a_data_tables_notes_are_no_layout():
    # a cell of a heading and paragraphs holding most of the table's text lays the page out; a data table with
    # header cells, or one whose cells of paragraphs are each a small part of it (a changelog's notes), does not
    layout = (f"<table><tr><td width=150><a href='/'>Home</a></td><td><h1>News</h1><p>{PROSE}</p></td></tr>"
              "</table>")
    assert body(for_extraction(f"<html><body>{layout}</body></html>")) == (
        f"<body><div><div><div><a href=\"/\">Home</a></div><div><h1>News</h1><p>{PROSE}</p></div></div></div></body>")
    headed = f"<table><tr><th>Note</th></tr><tr><td><h2>Fixed</h2><p>{PROSE}</p></td></tr></table>"
    notes = "".join(f"<tr><td>1.{n}</td><td><p>{PROSE}</p><p>{PROSE}</p></td></tr>" for n in range(4))
    # tables alike side by side, each a post's panel and message (vBulletin 3), are a thread's boxes: as <div>s,
    # trafilatura took the first post's, named a post, for the page's main content
    posts = "".join(f"<div><table id=post{n}><tr><td>user{n}</td><td><p>{PROSE}</p><p>{PROSE}</p></td></tr></table>"
                    "</div>" for n in (1, 2))
    for table in (headed, f"<table>{notes}</table>", posts):
        assert "<td>" in for_extraction(f"<html><body><main><ul><li>x</li></ul>{table}</main></body></html>")


def test_a_list_in_a_cell_is_lines_unless_it_is_links_only():
    page = ("<html><body><table><tr><td>Mon</td><td><ul><li>10-12</li><li>14-18</li></ul></td></tr><tr><td>Links"
            "</td><td><ul><li><a href='/a'>About</a></li><li><a href='/b'>Help</a></li></ul></td></tr></table>"
            "</body></html>")
    assert body(for_extraction(page)) == (
        "<body><table><tr><td>Mon</td><td><div><div>10-12</div><div>14-18</div></div></td></tr><tr><td>Links</td>"
        "<td><ul><li><a href=\"/a\">About</a></li><li><a href=\"/b\">Help</a></li></ul></td></tr></table></body>")


def test_only_a_list_of_links_a_paragraph_introduces_outside_a_menu_loses_its_links():
    links = "<ul><li><a href='/py'>Python</a></li><li><a href='/js'>JavaScript</a></li></ul>"
    page = f"<html><body><main><p>Client libraries:</p>{links}</main></body></html>"
    assert body(for_extraction(page)) == (
        "<body><main><p>Client libraries:</p><ul><li><span>Python</span></li><li><span>JavaScript</span></li></ul>"
        "</main></body>")
    for kept in (f"<nav><p>Menu:</p>{links}</nav>", f"<div role=navigation><p>Go to:</p>{links}</div>",
                 f"<h2>Related:</h2>{links}", f"<p>{PROSE}</p>{links}",
                 "<p>Mixed:</p><ul><li><a href='/py'>Python</a> and more</li></ul>"):
        page = f"<html><body><main>{kept}</main></body></html>"
        assert for_extraction(page) is page


def test_a_list_of_links_a_heading_names_as_the_articles_sources_or_downloads_loses_its_links():
    # at precision trafilatura dropped a "Sources" or "Downloads" list and its heading (dense in links): what the
    # article cites or offers is its text. A "Related articles", "See also" or "Share" list after a heading is the
    # site's other pages, not the article's: left to trafilatura, as a menu's part is
    links = "<ul><li><a href='/a'>Harbour office timetable</a></li><li><a href='/b'>Council minutes</a></li></ul>"
    for heading in ("<h2>Sources</h2>", "<h3>Further reading</h3>", "<h2>Downloads:</h2>", "<h4>References</h4>"):
        page = f"<html><body><main><p>{PROSE}</p>{heading}{links}</main></body></html>"
        assert body(for_extraction(page)) == (
            f"<body><main><p>{PROSE}</p>{heading}<ul><li><span>Harbour office timetable</span></li><li><span>Council "
            "minutes</span></li></ul></main></body>")
    for kept in ("<h2>Related articles</h2>", "<h2>See also</h2>", "<h3>Share</h3>", "<h2>More from the harbour</h2>",
                 "<footer><h2>Sources</h2>" + links + "</footer>", "<h2>Sources</h2><p>Our reporters.</p>"):
        page = f"<html><body><main><p>{PROSE}</p>{kept}{links}</main></body></html>"
        assert for_extraction(page) is page
