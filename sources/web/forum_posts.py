"""A forum thread's posts, taken apart from the forum's chrome round them, and its title.

`frames.unframed_thread` finds a thread's posts: the boxes alike (`boxes_alike`) that trafilatura's frame
expressions name, each holding its author's panel, or where none does (FluxBB) the boxes alike round the panels
(`paneled_posts`); a thread of one post is the one box round its lone panel (`lone_post`). `posts_apart` gives
each post to trafilatura alone, as its title, its message and its pictures: a one-line reply and a post of links
were left out as boilerplate, a post's date, number and buttons kept or not by its markup. `title_placed` makes
the thread's title a heading standing alone before its posts."""

from __future__ import annotations

import re

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# a reply's mark before a subject, as often as it stands: "Re: ", "RE: ", "Aw: " (German), "Sv: " and "Vs: "
# (Nordic), "Antw: " (Dutch), "Odp: " (Polish), "Ynt: " (Turkish), "Rif: " (Italian), "Res: " (Portuguese),
# "Re[2]: ", "Re^2: ", a forward's "Fw: ", "Fwd: ", "Wg: ", "Tr: ". No other word: a title's own "FS: " (for
# sale), "Tip: " or "Q: " is its words
_REPLY = re.compile(r"^(?:(?:re|aw|sv|vs|antw|odp|ynt|rif|res|fw|fwd|wg|tr)(?:\[\d+\]|\^\d+)? ?: ?)+",
                    re.IGNORECASE)
# a tag before or after a thread's title ("[SOLVED] ", " (solved)", "[Help] [2009 Civic] ")
_TAG = re.compile(r"^(?:[\[(][^\[\]()]{1,24}[\])] *)+|(?: *[\[(][^\[\]()]{1,24}[\])])+$")
# a poster's signature or a message's edit note, named by its class or id ("postsignature", "sig2", "postedit",
# "post_edit", "message-lastEdit", "edited"): chrome a forum writes into a post's message
_NOTE = re.compile(r"signature|^(?:post|user|msg|message)?[-_]?sig[-_]?\d*$"
                   r"|^(?:post|msg|message)?[-_]?(?:last[-_]?)?edit(?:ed)?(?:[-_]?(?:note|by|info))?$", re.IGNORECASE)
# what a post's message begins with that is its poster's, not a head over it (`_leading`)
_CONTENT = frozenset({*_HEADINGS, "blockquote", "ul", "ol", "dl", "table", "pre", "code",
                      "figure", "img", "picture", "aside"})
# the blocks a line of a post's buttons is written as (`_control_lines`), and a letter (a digit is none)
_LINES = frozenset({"div", "p", "ul", "ol", "footer", "section", "menu", "form"})
_LETTER = re.compile(r"[^\W\d_]")
_BLOCKS = frozenset({*_LINES, *_CONTENT, "blockquote", "li", "dl", "br", "hr"})  # what a <p> holds none of
# what a poster quoted or wrote as code, no control however short: phpBB's div.codebox ("Code: Select all", a link,
# over the <pre>), vBulletin's div.bbcode_container round a quotation, XenForo's div.bbCodeBlock--code (a <div>'s
# class: a button's may name a quote, IPS's a.cMultiQuote)
_POSTED = frozenset({"pre", "code", "samp", "kbd", "blockquote", "q", "table"})
_POSTED_CLASS = re.compile(r"quote|code", re.IGNORECASE)
# a heading naming a thread's replies as a section ("Comments", "2 Replies", "Answers (3)"), in a few languages
_SECTION = re.compile(r"(?:\d[\d,.]*\s+)?(?:comments?|repl(?:y|ies)|answers?|responses?|posts?|messages?|kommentare?"
                      r"|antwort(?:en)?|commentaires?|réponses?|comentarios?|respuestas?|commenti|risposte|reacties"
                      r"|antwoorden)(?:\s*[(\[]\d[\d,.]*[)\]])?:?", re.IGNORECASE)
# curly quotes as straight ones: a <title> and a link to the thread write an apostrophe each their way
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "‟": '"'})
# a link to a site's or a forum's index ("/", "./", "index.php"): a heading holding one is its name, no title
_INDEX = re.compile(r"(?:https?://[^/?#]+)?(?:\.{0,2}/)*(?:index\.\w+)?/?")


def paneled_posts(tree, framed: list) -> list[tuple[list, object]]:
    """A thread's posts that no frame expression names (FluxBB's div.blockpost, a plain column of boxes): each
    the nearest box round an author's panel (an <aside data-vl=panel>) that has a box alike beside it holding a
    panel too, and its messages the boxes beside the panel that hold text (FluxBB's div.postright: the post's
    subject and message). Boxes inside ``framed`` (the posts found by their frames) are left to those."""
    posts, seen = [], set()
    for panel in tree.iter("aside"):
        if panel.get("data-vl") != "panel" or any(inside(panel, box) for box in framed):
            continue
        box = next((ancestor for ancestor in panel.iterancestors() if ancestor.tag in ("body", "html", "main")
                    or any(boxes_alike(sibling, ancestor) and _paneled(sibling) for sibling in (
                        *ancestor.itersiblings(preceding=True), *ancestor.itersiblings()))), None)
        if box is None or box.tag in ("body", "html", "main") or id(box) in seen:
            continue
        messages = [sibling for sibling in panel.getparent() if sibling is not panel and isinstance(
            sibling.tag, str) and "".join(sibling.itertext()).strip()]
        if messages:
            seen.add(id(box))
            posts.append((messages, box))
    return posts


def _paneled(element) -> bool:
    """Whether ``element`` holds an author's panel."""
    return any(panel.get("data-vl") == "panel" for panel in element.iter("aside"))


def posts_apart(tree, posts: list, frame, paneled: bool = True, lone: bool = False) -> bool:
    """A thread's ``posts``: (a post's messages, the box they are in), each box holding its author's panel (an
    <aside data-vl=panel> as visible_html.js writes what `post_panels.js` finds; in two boxes at least). A
    repeated box that is its own frame (a story's card) or holds no panel is left as it is: its links ("Read
    more") are the page's.
    - A post is its title, its message and its pictures (an attachment): what else its box holds is the
      forum's chrome round it, left out as the author's panel is (`_chrome_dropped`);
    - trafilatura's link-density passes judge each post apart from what is round it. They take a short box
      holding a link for boilerplate (at precision, any link: the subject linking to the post in phpBB's
      prosilver, a "#3" linking to it in vBulletin), and a short text mostly of links for a list of links (at
      recall too): a one-line reply and a post of a few links ("Good write-ups: load test, parasitic drain,
      starter relay.") were left out of the main text, with no sign. A post's links are words of it: each is
      made a <span>. Each box between the list and the post is unwrapped (a <div> only: the pass that deletes
      boxes judges those), so that the post's subject is judged alone and the post alone. So is each box
      between the posts and the ``frame`` trafilatura takes (the first an expression finds), a <form> too
      (SMF's form#quickModForm round its posts): a thread of one-line posts in a box with the forum's links
      ("Index » Electrical", "Post reply": FluxBB's div#brdmain) was one short box mostly of links, and left
      out whole at precision.
    - A head over each post's message inside the box a frame expression names (MyBB's div.post_head in
      div.post_content: "#1" and the date) is chrome as it is outside it (`_message_heads`); a table round the
      posts (MyBB's showthread) is split at the cell holding them (`_layout_tables_split`).
    The thread's title is made a heading standing alone (`title_placed`). Gives whether the posts were taken
    apart. Without ``paneled``, ``posts`` are a thread's found otherwise (`frames.replies_unnamed`), no panel asked.
    With ``lone``, ``posts`` are a thread's one post, told by its panel alone (`lone_post`): one is a thread.
    """
    posts = [(messages, box) for messages, box in posts if box not in messages]
    least = 1 if lone else 2
    if len(posts) < least or paneled and sum(any(
            panel.get("data-vl") == "panel" and not any(inside(panel, message) for message in messages)
            for panel in box.iterdescendants("aside")) for messages, box in posts) < least:
        return False
    titles = _title_parts(tree)
    # the first post's subject: a reply's "Re: " and it is its thread's title where the title was renamed since
    first = next((heading for heading in _headings(posts[0][1]) if _subject(heading, posts[0][0])
                  and not _over_panel(heading, posts[0][0], posts[0][1])), None)
    first = _REPLY.sub("", _folded(first.text_content())) if first is not None else ""
    replied = {first, _TAG.sub("", first)} - {""}
    _layout_tables_split([box for _, box in posts], frame)  # (first: its cell round the posts is a wrapper)
    title_placed(tree, [box for _, box in posts], frame)  # (after: MyBB's title is in the table's head cell)
    wrappers = []
    for _, box in posts:
        ancestors = list(box.iterancestors())
        if any(ancestor is frame for ancestor in ancestors):
            for ancestor in ancestors[:next(at for at, ancestor in enumerate(ancestors) if ancestor is frame)]:
                if ancestor.tag in ("div", "form") and ancestor not in wrappers:
                    wrappers.append(ancestor)
    for messages, _ in posts:
        for message in messages:
            _notes_dropped(message)  # (first: MyBB's edit note is in its post's head)
            # trafilatura deletes any element whose class holds "message" (a site's notice): XenForo 1 writes a
            # post's text as blockquote.messageText, and a thread of one post lost it all, its title with it
            for element in message.iter():
                if isinstance(element.tag, str) and "message" in (element.get("class") or ""):
                    del element.attrib["class"]
            _undiscarded(message)
    _controls_emptied(posts)  # (before each post's links are made words)
    _section_headings_dropped(tree, posts)
    for head in _message_heads(tree, posts):
        head.drop_tree()
    for messages, box in posts:
        _chrome_dropped(messages, box, titles, replied)
        subjects = [heading for heading in _headings(box) if not any(inside(heading, message) for message in messages)]
        for heading in subjects:
            _unlinked(heading)  # a subject of the poster's own (phpBB's links to the post)
        for message in messages:
            _unlinked(message)
            _attributions_quoted(message)
        # (and the boxes round a subject: trafilatura's discard expressions read SMF's div.keyinfo as chrome, its
        # class holding "yin", and the subject its poster wrote went with it)
        for kept in (*messages, *subjects):
            for ancestor in kept.iterancestors():
                if ancestor.tag == "div" and ancestor not in wrappers:
                    wrappers.append(ancestor)
                if ancestor is box:
                    break
    for wrapper in wrappers:
        wrapper.drop_tag()
    return True


def _undiscarded(message) -> None:
    """``message`` (a post's) without its class and id where trafilatura's discard expressions read them as chrome:
    bbPress's div.bbp-reply-content ("-reply-", a reply form's), a box named an author's. The post was deleted."""
    from trafilatura.xpaths import OVERALL_DISCARD_XPATH

    parent = message.getparent()
    if parent is not None and any(found is message for expression in OVERALL_DISCARD_XPATH
                                  for found in expression(parent)):
        for name in ("class", "id"):
            message.attrib.pop(name, None)


def _section_headings_dropped(tree, posts: list) -> None:
    """The headings between a thread's first post and its last, in no post's box, that name its replies as a
    section (`_SECTION`): the forum's chrome over them, Vanilla's h2.CommentHeading "Comments" over its
    ul.MessageList.Comments, a Q&A's "2 Answers". It was written as a heading of the thread ("## Comments"),
    between its first post and the replies. A heading a poster wrote is in a post's box, and a story's own
    "Comments" heading is in no thread: both stay."""
    boxes = [box for _, box in posts]
    order = {element: at for at, element in enumerate(tree.iter())}
    start, end = order[boxes[0]], order[boxes[-1]]
    for heading in [heading for heading in tree.iter(*_HEADINGS) if start < order[heading] < end]:
        if not any(inside(heading, box) for box in boxes) and _SECTION.fullmatch(" ".join(
                heading.text_content().split())):
            heading.drop_tree()  # (its tail stays)


def _message_heads(tree, posts: list) -> list:
    """The head at the top of each of ``posts``' first message: MyBB's div.post_head, the post's number (a link
    to the post) and its date over its message in div.post_content, the box a frame expression names. It is
    the header `_chrome_dropped` drops where it stands outside the message. A head is the first element in the
    message holding text, with nothing before it and text after it; it is one in every post, of one tag and
    class (the forum's template: a poster's own first line has no class), no heading, quotation, list, table
    or code; and in every post it is a line of at most a dozen words holding the post's number ("#3") or a
    link to a place in the page (the post). Either each post has one or none is dropped: a review's first line
    ("5.0 out of 5 stars", div.rating) and its date ("Reviewed on January 1, 2023") stay."""
    anchors = None
    heads = []
    for messages, _ in posts:
        head = _leading(messages[0])
        if head is None or not (head.get("class") or "").strip() and head.tag != "header":
            return []
        if heads and (head.tag, head.get("class")) != (heads[0].tag, heads[0].get("class")):
            return []
        words = head.text_content().split()
        if len(words) > 12:
            return []
        if not any(re.fullmatch(r"#\d+", word) for word in words):
            if anchors is None:
                anchors = {name for element in tree.iter() if isinstance(element.tag, str)
                           for name in (element.get("id"), element.get("name")) if name}
            if not any((link.get("href") or "").partition("#")[2] in anchors for link in head.iter("a")):
                return []
        heads.append(head)
    return heads


def _leading(message):
    """The first element in ``message`` holding text, with no text before it and text after it, where it is
    no heading, quotation, list, table, code or picture; else None."""
    if (message.text or "").strip():
        return None
    for child in message:
        if not isinstance(child.tag, str):
            if (child.tail or "").strip():
                return None
            continue
        if not child.text_content().strip():
            if (child.tail or "").strip():
                return None
            continue
        if child.tag in _CONTENT:
            return None
        after = (child.tail or "").strip() or any(
            isinstance(sibling.tag, str) and sibling.text_content().strip() or (sibling.tail or "").strip()
            for sibling in child.itersiblings())
        return child if after else None
    return None


def _layout_tables_split(boxes: list, frame) -> None:
    """Each table round a thread's posts' ``boxes`` (below the ``frame`` trafilatura takes, where they are in it)
    split at the cell holding them: that cell a <div> between two tables, the rows and cells before it and
    those after it. MyBB's showthread writes the thread's title, its posts and its links ("Next Oldest") in rows
    of one table (td.thead, td#posts_container, td.tfoot): trafilatura wrote the posts as a table's cell, the
    thread one paragraph ("Car won't start\n#1 01-02-2023 My 2009 Civic... #2 ..."). The rows round it stay a
    table, judged as trafilatura judges one."""
    import lxml.html

    cells = []  # (the table, its row, its cell) round the posts, outermost first
    for box in boxes:
        ancestors = list(box.iterancestors())
        for at, ancestor in enumerate(ancestors):
            if ancestor is frame or ancestor.tag == "body":
                break
            if ancestor.tag in ("td", "th") and at + 1 < len(ancestors) and ancestors[at + 1].tag == "tr":
                table = next((up for up in ancestors[at + 2:] if up.tag == "table"), None)
                if table is not None and not any(cell is ancestor for _, _, cell in cells):
                    cells.insert(0, (table, ancestors[at + 1], ancestor))
    for table, row, cell in cells:
        rows = [element for element in table.iter("tr") if _row_of(element, table)]
        after = rows[rows.index(row) + 1:]
        rest = lxml.html.Element("table")
        following = list(cell.itersiblings())
        if following:
            split = lxml.html.Element("tr")
            split.extend(following)
            rest.append(split)
        rest.extend(after)
        row.remove(cell)
        cell.tag = "div"
        for name in ("colspan", "rowspan", "headers", "scope"):
            cell.attrib.pop(name, None)
        tail, table.tail, cell.tail = table.tail, None, None
        table.addnext(cell)
        if len(rest):
            cell.addnext(rest)
        (rest if len(rest) else cell).tail = tail  # (the text after the table after all of it)
        if not any(True for _ in row.iter("td", "th")):
            row.getparent().remove(row)
        if not any(True for _ in table.iter("tr")):
            table.getparent().remove(table)  # (its tail is None: lxml's remove keeps no text)


def _row_of(row, table) -> bool:
    """Whether ``row`` is one of ``table``'s own (no nested table's)."""
    return next(ancestor for ancestor in row.iterancestors() if ancestor.tag == "table") is table


def _notes_dropped(message) -> None:
    """``message`` (a post's) without its poster's signature and its edit note (`_NOTE`): FluxBB's message, what
    stands beside its panel, holds both (div.postsignature after the post's body, p.postedit at its end)."""
    for element in [element for element in message.iterdescendants() if isinstance(element.tag, str) and any(
            _NOTE.search(token) for name in ("class", "id") for token in (element.get(name) or "").split())]:
        element.drop_tree()  # (one inside another dropped goes with it: dropped again, out of the page still)


def _controls_emptied(posts: list) -> None:
    """``posts`` without the line of buttons or counters the forum writes into each post's messages (a review's
    "Helpful · Report", a mail archive's like counts "0 0", a vote cell "▲ 12 ▼", "Was this helpful? Yes No",
    "Reply Quote"): a line (`_control_lines`) the same, its tag, class and words (a number any number), in two
    posts at least. Its links were made words with the message's (`_unlinked`), and trafilatura kept it. A
    poster's own line is not written again in another's post: a sentence saying "report" or a number, or a line
    of links, stays."""
    lines: dict[tuple, list] = {}  # (tag, class, words): the lines alike, each with the post it is in
    for at, (messages, _) in enumerate(posts):
        for line in _control_lines(messages):
            words = re.sub(r"\d+", "0", " ".join("".join(line.itertext()).split()).casefold())
            lines.setdefault((line.tag, line.get("class"), words), []).append((at, line))
    for alike in lines.values():
        if len({at for at, _ in alike}) > 1:
            for _, line in alike:  # (emptied, not dropped: a message stays in its place for what follows)
                line.text = None
                for child in list(line):
                    line.remove(child)


def _control_lines(messages: list) -> list:
    """Each of a post's ``messages``, and each block right inside one, that reads as a line of controls: named by
    a class (the forum's template writes one; a poster's paragraph, a bare link reposted, has none), at most six
    words, holding a link or a button or no letter at all ("0 0"), and not all of the post's text. A box holding
    what its poster quoted or wrote as code (`_POSTED`) is none: two posts' short codes ("Code: Select all P0562",
    "... P0171": alike, a number any number) were both left out."""
    whole = " ".join("".join(message.itertext()) for message in messages)
    found = []
    for line in (line for message in messages for line in (message, *message)):
        if not (line.tag in _LINES or any(line is message for message in messages)) or not line.get("class"):
            continue
        if any(element.tag in _POSTED or element.tag == "div" and _POSTED_CLASS.search(element.get("class") or "")
               for element in line.iter() if isinstance(element.tag, str)):
            continue
        text = " ".join("".join(line.itertext()).split())
        if (text and len(re.findall(r"\w+", text)) <= 6
                and (not _LETTER.search(text) or any(True for _ in line.iter("a", "button", "input")))
                and _LETTER.search(whole.replace("".join(line.itertext()), "", 1))):
            found.append(line)
    return found


def _attributions_quoted(message) -> None:
    """``message`` (a post's) with each quotation's attribution just before it (FluxBB's and punBB's <cite>,
    "jdoe wrote:", over the <blockquote> in div.quotebox; or the <p> round it) moved into the quotation, its
    first line: written apart, the attribution was a paragraph of its own, the quotation another."""
    for quote in list(message.iter("blockquote")):
        cite = quote.getprevious()  # (visible_html.js writes an inline <cite> beside a block in a <p>)
        if cite is not None and not (cite.tail or "").strip() and (cite.tag == "cite" or len(cite) == 1 and cite[
                0].tag == "cite" and not (cite.text or "").strip() and not (cite[0].tail or "").strip()):
            cite.tail = None
            quote.insert(0, cite)
            cite.tail, quote.text = quote.text, None
        # (a line of the quotation written as a <div> of inline text, Vanilla's div.blockquote-content: trafilatura
        # joins such lines into one, "jdoe said:The battery...", and keeps a <p> apart)
        for line in quote:
            if line.tag == "div" and not any(element.tag in _BLOCKS for element in line.iterdescendants()
                                             if isinstance(element.tag, str)):
                line.tag = "p"


def inside(element, box) -> bool:
    """Whether ``element`` is inside ``box``."""
    return any(ancestor is box for ancestor in element.iterancestors())


def _headings(box) -> list:
    """The headings in ``box``, but those of its author's panel (SMF's h4, the poster's name)."""
    return [heading for heading in box.iterdescendants(*_HEADINGS) if not any(
        ancestor.tag == "aside" and ancestor.get("data-vl") == "panel" for ancestor in heading.iterancestors())]


def _chrome_dropped(messages: list, box, titles: set[str], replied: set[str]) -> None:
    """``box`` (a thread's post) without what is not one of its ``messages``, a heading (its title), a picture
    or its author's panel: its header's date and number ("Today, 10:15 AM", "#3"), its "by jdoe » Mon Jan 02"
    line, its buttons, its "Top" link, its signature, an edit note. A reader reads a thread as its title and its
    posts; who wrote each is left out with the panel, and a date alone says little ("Today" is only true the
    day the page was read). trafilatura kept such a line or not by its markup (vBulletin's header was left out
    where the post's number is a link, written on the post's line where it is not): now it never is. A heading
    over the post and its panel together is its header too (`_over_panel`: FluxBB's "## #1 Today 01:15"), and
    so is a subject that is the thread's title again (one of ``titles``, after a "Re:"; or a reply's to one of
    ``replied``, the first post's subject): phpBB fills a reply's subject in so, FluxBB writes the thread's over
    every post; it says nothing the title has not said."""
    for heading in _headings(box):
        text = _folded(heading.text_content())
        subject = _REPLY.sub("", text)
        if (subject in titles or subject != text and subject in replied) and _subject(heading, messages):
            heading.drop_tree()
    headings = (heading for heading in box.iterdescendants(*_HEADINGS)
                if not _over_panel(heading, messages, box))
    found = [*messages, *headings, *box.iterdescendants("aside", "img", "picture")]
    # each kept whole (none inside another kept), and the boxes round it down from ``box`` (elements held, not
    # ids alone: lxml makes an element's proxy anew once none is held, and an id may then name another)
    kept, chains = [], [box]
    for element in found:
        ancestors = list(element.iterancestors())
        ancestors = ancestors[:next(at for at, ancestor in enumerate(ancestors) if ancestor is box)]
        if not any(other is ancestor for other in found for ancestor in ancestors):
            kept.append(element)
            chains += ancestors
    kept_ids, chain_ids = {id(element) for element in kept}, {id(element) for element in chains}
    for element in dict.fromkeys(chains):
        if element is not box:  # (the box's own: an item's marker, visible_html.js's ⁅vl:⁆)
            element.text = None  # text loose in a box round the post: "by", "»"
        for child in list(element):
            child.tail = None
            if id(child) not in chain_ids and id(child) not in kept_ids:
                element.remove(child)


def _over_panel(heading, messages: list, box) -> bool:
    """Whether ``heading`` heads a post's ``messages`` and its author's panel together, in ``box``: the post's
    header bar (FluxBB's h2, "#1" and the post's date as a link, drawn across the post and its panel), not a
    post's own title (phpBB's, SMF's, vBulletin's and FluxBB's subject stand in the post's column, beside the
    panel) nor a heading inside a message (kept with it)."""
    for ancestor in heading.iterancestors():
        if any(ancestor is message for message in messages):
            return False
        if any(inside(message, ancestor) for message in messages):
            return _paneled(ancestor)
        if ancestor is box:
            break
    return False


def _subject(heading, messages: list) -> bool:
    """Whether ``heading`` stands where a post's subject does: outside its ``messages``, or first in one with
    nothing before it (FluxBB's h3 in the box beside the panel, the message after it); a heading further in a
    message is the poster's."""
    for message in messages:
        if inside(heading, message):
            first = heading
            while first.getparent() is not message:
                if first.getprevious() is not None or (first.getparent().text or "").strip():
                    return False
                first = first.getparent()
            return first.getprevious() is None and not (message.text or "").strip()
    return True


def _title_parts(tree, lead: bool = False) -> set[str]:
    """The page's <title> and each part of it between separators ("Car won't start - Garage Talk", "Car won't
    start / Electrical / Garage Talk"), folded (`_folded`), without a reply's mark (a page titled by a reply's
    subject, "Re: Car won't start"); and each without a tag a moderator put before or after it ("[SOLVED] Car
    won't start", "Car won't start (solved)"), the thread's title when its replies' subjects were filled in.
    ``lead``: the whole <title> and its first part alone, where forum software writes the thread's subject (the
    forum's and the site's names after it)."""
    title = _folded(tree.findtext(".//title") or "")
    split = re.split(r" [-–—|/»:•·]+ ", title)
    parts = {_REPLY.sub("", part) for part in (title, *(split[:1] if lead else split))}
    return (parts | {_TAG.sub("", part) for part in parts}) - {""}


def _folded(text: str) -> str:
    """``text`` to compare as a reader reads it: its spaces collapsed, in lower case, curly quotes straight (a
    <title> written "Car won’t start" over a link "Car won't start")."""
    return " ".join(text.split()).casefold().translate(_QUOTES)


def title_placed(tree, boxes: list, frame, linked: bool = False) -> None:
    """The thread's title (`thread_title`, before its posts' ``boxes``) a heading standing alone: no link in it,
    out of the boxes round it that hold no post, and inside the ``frame`` trafilatura takes where that holds the
    posts. A link: phpBB, vBulletin and Discourse write the title as a link to the thread itself, and trafilatura
    at precision deletes a heading that is all link (a teaser's title). Alone: a short box holding a link goes
    with its heading (XenForo's div.p-body-header, the starter's name and the date as links beside the h1;
    Discourse's div#topic-title with the category's link; vBulletin's div.pagetitle). Inside the frame: punBB's
    frame is the box round the posts alone (div.main-content), its h1 before it. Where no heading holds the
    title (MyBB's <strong> in the posts' table's head cell, FluxBB's last link of its crumbs), that element is
    made the thread's <h1>. With ``linked`` (repeated boxes of no thread: Discourse's crawler view, no author
    panels) only a heading linking to the page is placed: trafilatura deleted it, and no other is touched."""
    title = thread_title(tree, boxes, linked)
    if title is None:
        return
    _unlinked(title)
    if title.tag not in _HEADINGS:
        title.tag = "h1"
        title.attrib.clear()
    outer = None  # the outermost box round the title that holds no post (nor is the frame)
    for ancestor in title.iterancestors():
        if ancestor is frame or ancestor.tag in ("body", "html") or inside(boxes[0], ancestor):
            break
        outer = ancestor
    if frame is not None and inside(boxes[0], frame) and not inside(title, frame):
        moved(title, frame, first=True)
    elif outer is not None:
        moved(title, outer)


def thread_title(tree, boxes: list, linked: bool = False):
    """The thread's title before its posts' ``boxes``: the last heading holding a link whose text the page's
    <title> holds (vBulletin's "Thread: Car won't start") or whose text is the <title>'s lead (`_title_parts`);
    else (not ``linked``) the last element whose text is one, outermost, or the heading round it. Neither holds a
    link to the site's index (or one marked its home, rel=home): a heading or a line of the forum's name ("Garage
    Talk", a part of the <title> too) is no title. ``linked`` (a page of repeated boxes that is no thread): only
    a heading holding a link whose text is the <title>'s lead, the page's own title; a heading linking elsewhere
    whose words the <title> holds after it (a site's name over every page, "Easy Kitchen" in "Crispy roast
    potatoes | Easy Kitchen", linking to its home in a folder) was placed first in the page's text."""
    title = _folded(tree.findtext(".//title") or "")
    parts = _title_parts(tree, lead=True)
    # a heading may be any part of a thread's <title>: phpBB 3.0 writes the site's name first ("Garage Talk •
    # View topic - Car won't start"), and its h1 of that name, over the thread's plain h2, was placed as the title
    # (the last heading before the posts wins)
    heading_parts = parts if linked else _title_parts(tree)
    heading = element = None
    posts = {id(box) for box in boxes}  # (we hold the boxes: their proxies stay the same)
    body = tree.find("body")  # (not the <title> itself)
    for node in (tree if body is None else body).iter():
        if id(node) in posts:
            break
        if not isinstance(node.tag, str) or any(
                (link.get("href") or "") and _INDEX.fullmatch(link.get("href"))
                or "home" in (link.get("rel") or "").split() for link in node.iter("a")):
            continue
        text = _folded(node.text_content())
        if node.tag in _HEADINGS and (any(len(words := _folded(link.text_content())) > 2
                                          and (words in parts if linked else words in title) for link in node.iter("a"))
                                      or not linked and text in heading_parts):
            heading = node
        elif not linked and text in parts and len(text) > 2 and not (element is not None and inside(node, element)):
            # (a part of a heading, the heading: XenForo's prefix, span.label "Solved" in the h1, is the <title>'s first
            # part, "Solved - Car won't start | Garage Talk", and was made the title alone)
            over = next(node.iterancestors(*_HEADINGS), None)
            if over is not None:
                heading = over
            else:
                element = node
    return heading if heading is not None else element


def moved(element, place=None, first: bool = False, into=None) -> None:
    """``element`` moved before ``place`` (or, ``first``, to the start of it; or to the end of ``into``), its tail
    left where it stood."""
    tail, element.tail = element.tail, None
    previous, parent = element.getprevious(), element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + (tail or "")
    else:
        parent.text = (parent.text or "") + (tail or "")
    if into is not None:
        into.append(element)
    elif first:
        element.tail, place.text = place.text, None
        place.insert(0, element)
    else:
        place.addprevious(element)


def _unlinked(element) -> None:
    """``element`` with each link in it a <span>: its words, no link for trafilatura to judge."""
    for link in list(element.iter("a")):
        link.tag = "span"
        link.attrib.clear()


def boxes_alike(a, b) -> bool:
    """Boxes alike: one tag, and their children's tags the same or a class in common."""
    if a.tag != b.tag:
        return False
    classes = set((a.get("class") or "").split()) & set((b.get("class") or "").split())
    return bool(classes) or [child.tag for child in a] == [child.tag for child in b]
