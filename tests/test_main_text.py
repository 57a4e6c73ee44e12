"""A web page's main content (trafilatura's XML) as markdown pieces and pictures (`sources.web.main_text`)."""

import lxml.etree

from sources.web.main_text import main_pieces, unrepeated


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
        ("text", "Before."), ("image", "c.png"), ("continued", "After.")]


def test_inline_code_and_a_paragraph_inside_an_item_stay_on_their_line_and_a_quotation_invents_no_marker():
    # a review's XML: <code> inside a paragraph is inline code (it was cut onto lines of its own); trafilatura
    # makes a <pre> without <code> a <quote>, so no "> " is written for one
    assert pieces("<main><p>Set <code>x = 1</code> first.</p><list><item>Intro<p>more</p>end</item></list>"
                  "<quote><p>First.</p><p>Second.</p></quote></main>") == [
        ("text", "Set x = 1 first."), ("text", "- Intro more end"), ("text", "First.\nSecond.")]


def test_a_box_round_the_blocks_is_its_blocks():
    # where its own extraction is short (a thread of one-line posts), trafilatura takes readability's: one <div>
    # round the blocks. It was one piece, the thread's title a line of it and no heading ("Car won't start\nWon't
    # start.\nBattery?"); a box round blocks is its blocks, its loose text a paragraph
    assert pieces("<main><div><head rend='h2'>Car won't start</head><p>Won't start.</p><div><p>Battery?</p>"
                  "<graphic src='c.png'/></div>Loose <hi>text</hi>.</div><div>One line.</div></main>") == [
        ("heading", "## Car won't start"), ("text", "Won't start."), ("text", "Battery?"), ("image", "c.png"),
        ("text", "Loose text."), ("text", "One line.")]

def test_text_trafilatura_puts_inside_a_picture_is_kept_after_it():
    # a third hunt: trafilatura 2.3 puts the text after an <img src="*.svg"> inside its <graphic> (WordPress's
    # emoji): "We finally made it to the seaside" was all that was left of the paragraph
    assert pieces("<main><p>We made it <graphic>after a long drive.</graphic></p><graphic>Loose text.</graphic></main>") == [
        ("text", "We made it"), ("image", None), ("continued", "after a long drive."), ("image", None),
        ("text", "Loose text.")]


def test_list_markers_drawn_are_written_and_scripts_are_tags():
    # visible_html.js's marks: an item's drawn marker (⁅vl:5.⁆; ⁅vl:⁆ none drawn; ⁅vl:?⁆ not known) and a
    # script's edges; an item trafilatura made a paragraph keeps its marker's text
    assert pieces("<main><list rend='ol'><item>\u2045vl:5.\u2046Five</item><item>\u2045vl:iv.\u2046 Four</item>"
                  "</list><list rend='ol'><item>\u2045vl:\u2046Plain</item><item>\u2045vl:?\u2046Unknown</item></list>"
                  "<p>\u2045vl:7.\u2046 Loose mc\u2045tag:sup\u20462\u2045tag:/sup\u2046</p></main>") == [
        ("text", "5. Five\niv. Four"), ("text", "Plain\n- Unknown"), ("text", "7. Loose mc<sup>2</sup>")]


def test_struck_text_is_written_with_tildes_its_spaces_outside():
    # visible_html.js marks struck text's edges (⁅tag:del⁆..⁅tag:/del⁆): GFM's "~~", which strikes no run that
    # starts or ends with a space; a mark round nothing writes nothing
    d, e = "\u2045tag:del\u2046", "\u2045tag:/del\u2046"
    assert pieces(f"<main><p>now {d} 30 {e}60 seconds{d} {e}.</p><list><item>{d}Old{e} New</item></list>"
                  f"<table><row><cell>{d}$39{e}</cell><cell>$31</cell></row></table></main>") == [
        ("text", "now ~~30~~ 60 seconds ."), ("text", "- ~~Old~~ New"), ("text", "~~$39~~ | $31")]


def test_a_heading_whose_content_was_left_out_is_left_out():
    # a blind review: a help centre's sidebar heading "### Articles in this section", its links left out by
    # trafilatura, stood above the article's "# Reset your password"; a heading last of all heads nothing. A
    # heading followed by one of its own level is kept (card titles alone) and so is one above a deeper one
    assert pieces("<main><head rend='h3'>Articles in this section</head><head rend='h1'>Reset</head>"
                  "<head rend='h2'>Steps</head><p>Go to the page.</p><head rend='h3'>Trail Runner X</head>"
                  "<head rend='h3'>City Walker</head><head rend='h2'>Related</head><graphic src='r.png'/>"
                  "<head rend='h4'>Was this article helpful?</head></main>") == [
        ("heading", "# Reset"), ("heading", "## Steps"), ("text", "Go to the page."),
        ("heading", "### Trail Runner X"), ("heading", "### City Walker"), ("heading", "## Related"),
        ("image", "r.png")]


def test_a_line_is_written_no_more_often_than_the_page_draws_it():
    # trafilatura's recovery on a short page: a short <p> its main pass wrote inside its card's block, and at
    # recall a <div> round blocks written before it, came again; a chorus the page draws twice stays twice,
    # and so does a text the page does not hold (not judged); whitespace is not compared ("Left right")
    page = ("<html><head><title>Song</title><style>p{}</style></head><body><div>Thanks, Jane!<p>Ships today.</p>"
            "</div><p>Chorus line</p><p>Verse two.</p><p>Chorus line</p><p>Left<br>right</p></body></html>")
    main = lxml.etree.fromstring(
        "<main><p>Thanks, Jane! Ships today.</p><p>Chorus line</p><p>Verse two.</p><p>Chorus line</p>"
        "<p>Left<lb/>right</p><p>Ships today.</p><p>Left right</p><p>Verse two. Chorus line</p><p>Not drawn</p>"
        "<p>Not drawn</p></main>")
    assert [text for _, text in main_pieces(unrepeated(main, page))] == [
        "Thanks, Jane! Ships today.", "Chorus line", "Verse two.", "Chorus line", "Left\nright", "Not drawn",
        "Not drawn"]


def test_no_box_repeated_in_a_list_of_alike_boxes_is_named_a_frame():
    # trafilatura takes the first element its frame expressions name (class "post", an <article>) for the main
    # content: on a thread, the first post alone. Each such element with a twin in an alike box loses what named
    # it; a frame named once, and stories with a title each, are left as they are
    from sources.web.frames import unframed_thread

    thread = ("<html><body><h1>Car won't start</h1>" + "".join(
        f"<div class='msg bg{n}'><div class=poster>user{n}</div><div class=post><p>Post {n}.</p></div></div>"
        for n in range(3)) + "<article><p>Alike box of another tag.</p></article></body></html>")
    out = unframed_thread(thread)[0]
    assert 'class="post"' not in out and out.count("<p>Post") == 3 and 'class="poster"' in out
    assert "<article>" in out  # (one alone)
    single = "<html><body><div class=post><p>One.</p></div><div class=side><div class=post></div></div></body></html>"
    stories = "<html><body>" + "<article class=post><h1>Story</h1><p>Text.</p></article>" * 2 + "</body></html>"
    assert unframed_thread(single)[0] is single and unframed_thread(stories)[0] is stories


def test_a_threads_posts_are_judged_apart_from_their_chrome_and_its_title_is_no_link():
    # a thread (each post's box holds its author's panel, as visible_html.js writes it): trafilatura's
    # link-density passes took a short post's box for boilerplate by the subject's link to the post, and a post
    # of links for a link list. A post is its title, its message and its pictures: the rest of its box is left
    # out, the boxes round the message are unwrapped, its links are words; the thread's title links no more
    from sources.web.frames import unframed_thread

    def post(n: int, message: str, panel: str = "<aside data-vl=panel><b>user</b><br>Posts: 3</aside>") -> str:
        return (f"<div class='post bg{n % 2}'><div class=inner>{panel}<div class=postbody><h3><a href='#p{n}'>Re: Car"
                f"</a></h3><p class=author>by <a href='/u'>user</a> &raquo; Today</p><div class=content>{message}</div>"
                f"<div class=signature>My garage blog</div></div></div></div>")

    messages = ["Short.", "See <a href='/faq'>the FAQ</a>. <img src='fig.png'>"]
    thread = ("<html><head><title>Car - Garage</title></head><body><h1><a href='/'>Garage</a></h1><h2 class=topic>"
              "<a href='/t/1'>Car</a></h2>" + "".join(post(n, m) for n, m in enumerate(messages)) + "</body></html>")
    body = unframed_thread(thread)[0].split("<body>")[1]
    panel = "<aside data-vl=\"panel\"><b>user</b><br>Posts: 3</aside>"
    assert body == (
        "<h1><a href=\"/\">Garage</a></h1><h2 class=\"topic\"><span>Car</span></h2>"  # (the title before the posts)
        f"{panel}<div>Short.</div>"  # (a subject that is the thread's title again, "Re: Car", is left out)
        f"{panel}<div>See <span>the FAQ</span>. <img src=\"fig.png\"></div>"
        "</body></html>")
    # no thread: boxes alike with no panel (cards, a comment list; an <aside> of the page's own is none) keep
    # their chrome, their links and their boxes
    cards = thread.replace("<aside data-vl=panel>", "<aside>")
    assert 'class="signature"' in unframed_thread(cards)[0] and "<a href=\"/faq\">" in unframed_thread(cards)[0]


def test_posts_no_frame_names_are_found_by_their_panels_and_their_header_bar_is_chrome():
    # FluxBB: no frame expression names a post, so its posts were never taken apart from their chrome. Each is the
    # box alike its neighbours round an author's panel, its message what stands beside the panel. A heading over
    # the post and its panel together (the post's number and date) is the post's header, as its foot is, and a
    # subject that is the thread's title again ("Re: Car"); a subject of the poster's own and a heading in its
    # message (one saying the title again too) stay. A heading linking to the forum's index is its name, not the
    # thread's title: its link is left to trafilatura
    from sources.web.frames import unframed_thread

    def post(n: int, message: str, subject: str = "Re: Car") -> str:
        return (f"<div class=blockpost><h2><span><span class=conr>#{n}</span> <a href='?pid={n}'>Today 0{n}:15</a>"
                f"</span></h2><div class=box><div class=inbox><div class=postbody><aside data-vl=panel><dl><dt>user"
                f"</dt><dd>Posts: 3</dd></dl></aside><div class=postright><h3>{subject}</h3><div class=postmsg>"
                f"{message}</div></div></div></div><div class=inbox><div class=postfoot><a href='?report={n}'>Report"
                "</a></div></div></div></div>")

    posts = post(1, "<p>Short.</p><h4>Car</h4>") + post(
        2, "<h4>Load test</h4><p>See <a href='/faq'>the FAQ</a>.</p>", "Starter relay")
    thread = ("<html><head><title>Car / Electrical / Garage</title></head><body><main><h1><a href='index.php'>Garage"
              f"</a></h1>{posts}</main></body></html>")
    body = unframed_thread(thread)[0].split("<body>")[1]
    panel = "<aside data-vl=\"panel\"><dl><dt>user</dt><dd>Posts: 3</dd></dl></aside>"
    assert body == (
        "<main><h1><a href=\"index.php\">Garage</a></h1>"
        f"{panel}<div class=\"postright\"><div class=\"postmsg\"><p>Short.</p><h4>Car</h4></div></div>"
        f"{panel}<div class=\"postright\"><h3>Starter relay</h3><div class=\"postmsg\"><h4>Load test</h4><p>See <span>"
        "the FAQ</span>.</p></div></div>"
        "</main></body></html>")
    # the boxes between the frame (here visible_html.js's <main>) and the posts are unwrapped too: a thread of
    # one-line posts in one box with the forum's links was a short box mostly of links, left out at precision;
    # the page is a thread (`samples` reads it with trafilatura's own pass alone)
    crumbs = "<div class=linkst><a href='index.php'>Index</a> » <a href='viewforum.php'>Electrical</a></div>"
    nested = thread.replace("</h1>", f"</h1><div id=brdmain>{crumbs}", 1).replace("</main>", "</div></main>")
    html, is_thread = unframed_thread(nested)
    assert is_thread and "brdmain" not in html and '<div class="linkst">' in html
    panelless = thread.replace("data-vl=panel", "")
    assert unframed_thread(panelless) == (panelless, False)

def test_a_list_drawn_without_markers_whose_items_hold_blocks_is_a_column_of_boxes():
    # vBulletin's thread: an <ol> without markers, each post an item of blocks. Written as list items, each
    # post was one line ("Car won't start My 2009 Civic...") and the posts the lines of one paragraph. Each item
    # is its blocks, its loose text a paragraph; a list drawn with markers, or of items of text alone, is a list
    assert pieces("<main><list rend='ol'><item>\u2045vl:\u2046<head rend='h2'>Car</head><quote>It cranks slowly."
                  "</quote></item><item>\u2045vl:\u2046Today <hi>10:15</hi><quote>Thanks!</quote> after</item>"
                  "</list></main>") == [
        ("heading", "## Car"), ("text", "It cranks slowly."), ("text", "Today 10:15"), ("text", "Thanks!"),
        ("text", "after")]
    assert pieces("<main><list rend='ul'><item>\u2045vl:\u2046Home</item><item>\u2045vl:\u2046About</item></list>"
                  "<list rend='ol'><item>\u2045vl:1.\u2046Mix<p>well</p></item></list></main>") == [
        ("text", "Home\nAbout"), ("text", "1. Mix well")]


def test_a_definition_list_is_its_terms_and_definitions_without_bullets():
    # trafilatura writes a <dl> as a list of items "dt-1", "dd-1", ...: they were bullets the page does not draw
    # ("- Quorum\n- The smallest number ..."). Each is a paragraph (a definition's blocks are its blocks); inside
    # a list item, a line each, under the item
    assert pieces("<main><list rend='dl'><item rend='dt-1'>Quorum</item><item rend='dd-1'>The smallest number."
                  "</item><item rend='dt-2'>Proxy</item><item rend='dd-2'><p>A member.</p><p>Who votes.</p></item>"
                  "</list><list rend='ul'><item>Terms<list rend='dl'><item rend='dt-1'>Motion</item>"
                  "<item rend='dd-1'>A proposal.</item></list></item></list></main>") == [
        ("text", "Quorum"), ("text", "The smallest number."), ("text", "Proxy"), ("text", "A member."),
        ("text", "Who votes."), ("text", "- Terms\n  Motion\n  A proposal.")]


def test_the_pages_own_markdown_syntax_is_escaped_as_a_documents_parts_are():
    # interleaved text is markdown ("## " headings, "- " items, fences), and a document's parts escape the page's
    # own syntax (`literal_emphasis`); a web page's were written bare: "z.x*w.x+z.y*w.y" rendered in italics with
    # its asterisks gone, "# not a heading" a heading, "[1]: https://x.org" a link definition (the line gone),
    # "C:\*.txt" lost its backslash
    assert pieces(
        "<main><head rend='h2'>Using *stars* here</head><p>z.x*w.x+z.y*w.y and C:\\*.txt</p><p># not a heading</p>"
        "<list rend='ul'><item>[1]: https://x.org</item><item>a_b_c and _d_</item></list>"
        "<p>Set x<hi rend='#sup'>2</hi> as plain a * b.</p></main>") == [
        ("heading", "## Using \\*stars\\* here"), ("text", "z.x\\*w.x+z.y\\*w.y and C:\\\\\\*.txt"),
        ("text", "\\# not a heading"), ("text", "- \\[1]: https://x.org\n- a\\_b\\_c and \\_d\\_"),
        ("text", "Set x2 as plain a * b.")]


def test_a_formulas_tex_is_not_escaped_as_the_text_round_it_is():
    # visible_html.js writes a formula as its TeX between "$" (or "$$"): its "\{", "_" and "\\" are TeX, and
    # escaped as text they were "\\{" (a backslash TeX then reads as a line break) and "\_"
    assert pieces("<main><p>Sum $a_{i} + b_{j}$ over $\\{x \\mid x > 0\\}$ where a*b*c holds.</p>"
                  "<p>$$x \\\\ y_{k}$$</p></main>") == [
        ("text", "Sum $a_{i} + b_{j}$ over $\\{x \\mid x > 0\\}$ where a\\*b\\*c holds."), ("text", "$$x \\\\ y_{k}$$")]


def test_a_tables_rows_and_unmarked_items_that_would_start_a_block_are_escaped():
    # a table's row and an item drawn without a marker are lines this module writes as they are: a row headed
    # "#" ("# | Name", the common rank column) rendered as a heading "| Name", a "-" cell as a bullet, "> 100" as
    # a quotation, and an unmarked item "# of users" as a heading; a drawn marker's item is escaped after it
    assert pieces(
        "<main><table><row><cell>#</cell><cell>Name</cell></row><row><cell>-</cell><cell>Ann</cell></row>"
        "<row><cell>&gt; 100</cell><cell>high</cell></row></table><list rend='ul'><item>\u2045vl:\u2046# of users"
        "</item><item>\u2045vl:\u2046- 5 years</item><item>\u2045vl:3.\u2046&gt; x</item></list></main>") == [
        ("text", "\\# | Name\n\\- | Ann\n\\> 100 | high"), ("text", "\\# of users\n\\- 5 years\n3. \\> x")]


def test_a_price_between_dollars_is_text_not_a_formula_and_is_escaped():
    # "$10 for *members*, $15" was taken for a formula between its dollars and set aside unescaped: the reader saw
    # "members" in italics; a formula's dollars hug its TeX (no space inside them, no digit after), as pandoc's
    assert pieces("<main><p>Tickets: $10 for *members*, $15 for *guests*.</p><p>Area $a * b * c$ is a*b*c.</p>"
                  "</main>") == [("text", "Tickets: $10 for \\*members\\*, $15 for \\*guests\\*."),
                                 ("text", "Area $a * b * c$ is a\\*b\\*c.")]


def test_a_pages_own_tag_is_text_not_html():
    # a tutorial's "Use the <br> tag" (trafilatura's text holds the "<") was raw HTML in the target: a reader saw
    # a line break and no "<br>", and "<span class='x'>" vanished; a document's "<" before a tag's name is escaped
    # (`script_marks`), a web page's now too, and a "<" that opens nothing stays as it is
    assert pieces("<main><head rend='h2'>The &lt;span&gt; element</head><p>Use the &lt;br&gt; tag, not "
                  "&lt;span class='x'&gt;; a &lt; b.</p><p>&lt;!-- a comment --&gt; and x<hi rend='#sup'>2</hi></p>"
                  "<list rend='ul'><item>&lt;em&gt; stresses</item></list></main>") == [
        ("heading", "## The \\<span> element"), ("text", "Use the \\<br> tag, not \\<span class='x'>; a < b."),
        ("text", "\\<!-- a comment --> and x2"), ("text", "- \\<em> stresses")]


def test_a_headings_closing_hashes_and_a_backslash_before_a_pages_tag_are_text():
    # "## Learn C #" read "Learn C" in CommonMark (a space and a run of "#" ending the line close the heading); a
    # page showing "\<b>" was written "\<b>", which read "<b>" (its backslash taken for an escape), because the
    # page's backslash hid the tag from the check that escapes a "<"
    assert pieces("<main><head rend='h2'>Learn C #</head><head rend='h2'>Notes ##</head><head rend='h2'>C#</head>"
                  "<p>Type \\&lt;b&gt; to show a tag.</p><p>Split &lt;<hi rend='#b'>b&gt;</hi> tag</p></main>") == [
        ("heading", "## Learn C \\#"), ("heading", "## Notes \\##"), ("heading", "## C#"),
        ("text", "Type \\\\\\<b> to show a tag."), ("text", "Split \\<b> tag")]


def test_a_pages_tag_between_its_own_backticks_is_text():
    # (review) a page showing "`<b>`" (a tutorial about markdown) held no tag for the check that escapes a "<"
    # (the backticks made a code span round it), but `literal` escapes those backticks, as the page's own: the
    # target "\`<b>\`" read a bold tag between two backticks, the "<b>" gone and the rest of the line in bold
    assert pieces("<main><p>Wrap it in backticks: `&lt;b&gt;` shows the tag as code.</p></main>") == [
        ("text", "Wrap it in backticks: \\`\\<b>\\` shows the tag as code.")]
