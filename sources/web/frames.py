"""No box repeated in a list of boxes alike is trafilatura's frame for a page's main text.

trafilatura takes the first element its frame expressions (`trafilatura.xpaths.BODY_XPATH`: a class such
as ``post``, ``postarea``, ``content`` or ``text``, an <article>) find as the page's main content. On a
forum thread, a comment list or a page of stories, each post's or story's box is one of those: the frame
was the first post alone; trafilatura then recovered the rest as loose paragraphs written after it, the
thread's title after the first post or left out ("My 2009 Civic cranks slowly...", then "# Car won't
start"). Here, each element a frame expression finds that has a twin (an element of its tag and class at
its place inside a box alike the one round it: a sibling of the same tag with the same children's tags, or
a class in common) is no frame: it loses the attributes that named it one (an <article> is a <div>). The
frame is then a box round the whole list, as a reader sees the thread: its title, then its posts in order.

A thread's posts (those boxes, each holding its author's panel; and where no frame expression names a post,
as in FluxBB, the boxes alike round the panels, `forum_posts.paneled_posts`) are then given to trafilatura so its
link-density passes judge each post alone, and a post is its title, its message and its pictures: a one-line
reply and a post of links were left out as boilerplate, and a post's date and number were kept or not by its
markup (`posts_apart`). The thread's title is a heading standing alone before its posts, a link no more
(`title_placed`). A thread whose replies are written as comments (Vanilla's) loses those names first, or
trafilatura reads its replies as a story's reader comments, out of the main text (`replies_unnamed`). A thread of
one post, told by its lone panel (`lone_post.lone_post`), has its post's box stripped of those names as a repeated
box is, and its post taken apart and its title placed as a thread's. A thread whose software writes every post as
a comment (a GitHub issue, new or old Reddit) or its poster's name as a heading (Flarum), told by that software's markup
(`comment_threads.known_thread`), has its posts taken apart so too. A guest's panel, a name without facts, is made a
panel where a member's stands at its place in a post alike, or where the forum's markup names it as a person's in
a thread of guests alone (`guest_posts`)."""

from __future__ import annotations

import re

from sources.web.comment_threads import COMMENTS, known_thread
from sources.web.forum_posts import boxes_alike, paneled_posts, posts_apart, title_placed
from sources.web.guest_posts import guest_panels_marked, guests_only_paneled, guests_paneled
from sources.web.lone_post import lone_post

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")  # a story's title on a page of stories (its <h1> the page's)
_NAMING = ("class", "id", "role", "itemprop")  # what trafilatura's frame expressions read
_MOST = 20  # evaluations of an expression at most (each walks the page: some 60 ms for 20,000 elements)
_CLEANED = ("aside", "nav", "footer")  # what trafilatura deletes before it looks for a frame
_SECTIONS = ("div", "section", "ul", "ol", "dl", "details")  # what those expressions take for the section
_MESSAGES = ("div", "section", "article")  # a post's message box
# a count of a post's reactions, all of a line ("2 Likes", "1 Like", "5 upvotes"): not points, votes, replies, views,
# which a standings card, a poll, a story's teaser or a list of topics writes as its own ("20 points", "12 votes")
_COUNTER = re.compile(r"\d[\d,.]*[km]?\s*(?:likes?|reactions?|upvotes?|hearts?|kudos)", re.IGNORECASE)


def unframed_thread(html: str) -> tuple[str, bool]:
    """``html`` (a page's drawn HTML) with no repeated box named a frame (as it is where none is), and whether
    it is a thread whose posts were taken apart from their chrome (`posts_apart`)."""
    import lxml.etree
    import lxml.html
    from trafilatura.xpaths import BODY_XPATH

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html, False
    known = known_thread(tree)  # (GitHub's, Reddit's, Flarum's: the names of comments stripped first)
    replies = replies_unnamed(tree) if known is None else []  # (before the frames are looked for: the names stripped)
    # (a thread whose guests' panels are a name, no facts: they are panels as its members' are, and a member's lone
    # panel beside them no thread of one post's)
    guests = known is None and (guests_paneled(tree) | guest_panels_marked(tree) | guests_only_paneled(tree))
    lone = lone_post(tree)  # a thread of one post: its box's frames are stripped as a repeated box's are
    loned = []  # the elements found in it (its message: phpBB's div.content, SMF's div.postarea)
    changed = bool(replies or lone or known is not None or guests)
    seen = []  # found inside what trafilatura deletes: renamed while the rest are looked for
    repeats = []  # (the elements found repeated, the box each is in)
    frames = []  # the frame each expression finds, in trafilatura's order
    for expression in BODY_XPATH:
        for _ in range(_MOST):
            found = next((element for element in expression(tree) if element is not None), None)
            if found is None:
                break
            if any(element.tag in _CLEANED for element in found.iterancestors()) or found.tag in _CLEANED:
                seen.append((found, found.tag))
                found.tag = "vl-seen"  # (no expression names this tag: the next match is found)
                continue
            if lone is not None and (found is lone[1] or lone[1] in found.iterancestors()):
                _unnamed(found)
                # (a box round the panel is no message: its panel would be its words)
                if found is not lone[1] and not any(element.get("data-vl") == "panel" for element in found.iter(
                        "aside")) and not any(up is found for up in loned):
                    loned.append(found)
                continue
            twins, boxes = _twins(found)
            if not twins:
                frames.append(found)
                break  # the frame trafilatura takes with this expression
            for element in (found, *twins):
                _unnamed(element)
            repeats.append(((found, *twins), boxes))
            changed = True
    for element, tag in seen:
        element.tag = tag
    # (found before those posts are taken apart: their boxes are unwrapped)
    paneled = paneled_posts(tree, [box for _, boxes in repeats for box in boxes])
    frame = frames[0] if frames else None
    thread = posts_apart(tree, replies, frame, paneled=False) if replies else False
    if known:  # (an issue of its opening post alone is a thread of one post)
        thread |= posts_apart(tree, known, frame, paneled=False, lone=True)
    for messages, boxes in repeats:
        thread |= posts_apart(tree, [([message], box) for message, box in zip(messages, boxes)], frame)
    if paneled:
        thread |= posts_apart(tree, paneled, frame)
        changed = True
    if lone is not None:  # (its message the box a frame expression named in it, else the boxes beside its panel)
        messages = [found for found in loned if not any(up in loned for up in found.iterancestors())]
        thread |= posts_apart(tree, [(messages or lone[0], lone[1])], frame, lone=True)
    if repeats and not thread:  # (a thread placed its title with its posts)
        title_placed(tree, [box for _, boxes in repeats for box in boxes], frame, linked=True)
        for messages, boxes in repeats:
            teasers_unlinked(boxes)
            counters_emptied(list(zip(messages, boxes)))
    return (lxml.html.tostring(tree, encoding="unicode") if changed else html), thread


def _unnamed(element) -> None:
    """``element`` without the attributes trafilatura's frame expressions read (an <article> a <div>): no frame."""
    for name in _NAMING:
        element.attrib.pop(name, None)
    if element.tag == "article":
        element.tag = "div"


def counters_emptied(posts: list) -> None:
    """Repeated boxes' ``posts`` ((the message a frame expression found, the box it is in), no panels: Discourse's
    page for crawlers) without the count of reactions each writes outside its message, an element all of whose
    text is a count of reactions (`_COUNTER`), of one tag and class in two boxes at least: Discourse's
    span.post-likes ("2 Likes") after each post's div.post. It was a line of the text after each post. A count in
    a message (a poster's "12 likes on my post") stays, and so does a count that is no reaction: a standings
    card's "20 points", a teaser's "3 comments". (A thread's posts lose all but their messages: `posts_apart`.)"""
    counts: dict[tuple, list] = {}  # (tag, class): the counts alike, each with the box it is in
    for at, (message, box) in enumerate(posts):
        # the message, what holds it and what it holds: one set a box (each element's ancestors and descendants
        # walked against the message made a long post's box quadratic in its size)
        tied = {*message.iterancestors(), *message.iter()}
        for element in box.iterdescendants():
            if (isinstance(element.tag, str) and element not in tied
                    and _COUNTER.fullmatch(" ".join("".join(element.itertext()).split()))):
                counts.setdefault((element.tag, element.get("class")), []).append((at, element))
    for alike in counts.values():
        if len({at for at, _ in alike}) > 1:
            for _, element in alike:  # (emptied, its tail kept: text after it is not its)
                element.text = None
                for child in list(element):
                    element.remove(child)


def teasers_unlinked(boxes: list) -> None:
    """Stories' ``boxes`` (a blog's index, a category's archive, search results: no thread) each with its title
    a heading that is a link, that link its words and every other link in the box to the same story left out
    ("Continue reading", the date as the story's permalink); a <header> round the title in the box a <div>.
    trafilatura deletes a short box holding links as boilerplate (its link density), at precision a heading
    that is all link, and any <header>: a page of ten teasers gave one teaser's summary, picked by its
    fallbacks, and no title. Only where each box (two at least) has such a title: else none is touched."""
    titles = []
    for box in boxes:
        heading = next((h for h in box.iter(*_HEADINGS) if _all_link(h)), None)
        if heading is None:
            return
        titles.append(heading)
    if len(titles) < 2:
        return
    for box, heading in zip(boxes, titles):
        for header in (a for a in heading.iterancestors("header") if box in a.iterancestors()):
            header.tag = "div"  # (trafilatura deletes a <header>, the story's with its title)
        story = heading.find(".//a").get("href").split("#")[0]
        # (WordPress's "Continue reading" in a story written out links to its place in it: "/story/#more-7")
        for link in [link for link in box.iter("a") if (link.get("href") or "").split("#")[0] == story]:
            if heading in link.iterancestors():
                link.tag = "span"
                link.attrib.clear()
            else:
                link.drop_tree()  # (its tail stays)


def _all_link(heading) -> bool:
    """Whether ``heading``'s words are all one link's, to a story (an href)."""
    links = list(heading.iter("a"))
    words = " ".join("".join(heading.itertext()).split())
    return len(links) == 1 and bool(links[0].get("href")) and bool(words) and words == " ".join(
        "".join(links[0].itertext()).split())


def _unlinked_length(element) -> int:
    """The characters of ``element``'s text outside its links and buttons."""
    return sum(len(text) for text in element.xpath(".//text()[not(ancestor::a) and not(ancestor::button)]"))


def replies_unnamed(tree) -> list[tuple[list, object]]:
    """A forum thread's posts whose replies are written as comments (Vanilla's ul.MessageList.Comments in
    div.CommentsWrap, each reply a li.ItemComment holding a div.Comment), those names stripped: trafilatura took
    the section for a story's reader comments and wrote it apart from the main text (``<comments>``, which
    `main_text` does not read) or deleted it (at precision, each reply's div.Comment): the thread was its first
    post alone. A section named a comment's is a thread's replies where a message box in it (Vanilla's
    div.Message in div.Item-Body in div.Item-BodyWrap) is written, it and the two boxes round it of the same tags
    and classes, before the section and outside any such section too: the thread's first post, written as its
    replies are. A story's reader comments are written otherwise than the story (WordPress's
    div.comment-content, its div.entry-content) and keep their names. Gives the posts, as `posts_apart` takes
    them: ([a post's message], the box round it holding no other post's), the first post's first."""
    named = [element for element in tree.iter(*_SECTIONS) if _named_comments(element)]
    sections = [section for section in named if not any(_named_comments(a) for a in section.iterancestors())]
    if not sections:
        return []
    order = {element: at for at, element in enumerate(tree.iter())}
    outside = {}  # (tag, class) of a message box and the two round it -> its first outside every section
    for element in tree.iter(*_MESSAGES):
        key = _message_key(element)
        if key and key not in outside and not any(_named_comments(a) for a in (element, *element.iterancestors())):
            outside[key] = element
    for section in sections:
        replies = [element for element in section.iter(*_MESSAGES) if _message_key(element) in outside
                   and order[outside[_message_key(element)]] < order[section]]
        if not replies:
            continue
        # (a post's line of buttons is written alike too, Vanilla's div.Reactions: the messages hold most text that
        # is no link's or button's; by text alone, replies as short as "Thanks!" lost to "Quote Flag Like 2")
        key = max({_message_key(element) for element in replies}, key=lambda key: tuple(map(sum, zip(*(
            (_unlinked_length(element), len("".join(element.itertext())))
            for element in replies if _message_key(element) == key)))))
        messages = [outside[key], *(element for element in replies if _message_key(element) == key)]
        for element in section.iter():
            for name in ("class", "id"):
                if COMMENTS.search(element.get(name) or ""):
                    element.attrib.pop(name)
        posts = [([message], _post_box(message, messages)) for message in messages]
        for _, box in posts:  # (replies in a list are no list a reader reads: posts, each a paragraph of its own)
            if box.tag == "li" and box.getparent().tag in ("ul", "ol"):
                box.tag = box.getparent().tag = "div"
        return posts
    return []


def _post_box(message, messages: list):
    """The outermost box round ``message`` holding none of the other ``messages`` and no <h1> (the thread's title,
    Vanilla's in the first post's div.Discussion: `title_placed` places it)."""
    box = message
    for ancestor in message.iterancestors():
        if ancestor.tag in ("body", "html", "main") or ancestor.find(".//h1") is not None or any(
                other is not message and ancestor in other.iterancestors() for other in messages):
            break
        box = ancestor
    return box


def _named_comments(element) -> bool:
    return bool(COMMENTS.search(element.get("class") or "") or COMMENTS.search(element.get("id") or ""))


def _message_key(element) -> tuple | None:
    """A message box's tag and class and those of the two boxes round it, or None where it has no class, its
    class names a comment's, it holds no text, or no box round it has a class."""
    chain = [element, *list(element.iterancestors())[:2]]
    if (len(chain) < 3 or not element.get("class") or COMMENTS.search(element.get("class"))
            or not any(box.get("class") for box in chain[1:]) or not "".join(element.itertext()).strip()):
        return None
    return tuple((box.tag, box.get("class")) for box in chain)


def _twins(element) -> tuple[list, list]:
    """The elements of ``element``'s tag and class, holding text, at its place inside each box alike the
    nearest box round it (or itself) that has alike siblings; and the box each is in, ``element``'s first."""
    if not "".join(element.itertext()).strip():
        return [], []
    path: list[str] = []  # tags from below the box down to the element
    node = element
    while node.getparent() is not None and node.tag not in ("body", "html"):
        parent = node.getparent()
        found = [(twin, sibling) for sibling in parent if sibling is not node and boxes_alike(sibling, node)
                 for twin in _at(sibling, path)
                 if twin.tag == element.tag and _same_kind(twin, element)
                 and "".join(twin.itertext()).strip()]
        twins = [twin for twin, _ in found]
        if twins:  # (stories with a title each are pages of their own, the first the page's: no thread)
            if any(box.find(".//h1") is not None for box in (node, *twins)):
                return [], []
            return twins, [node, *(box for _, box in found)]
        path.insert(0, node.tag)
        node = parent
    return [], []


def _same_kind(a, b) -> bool:
    """Whether elements ``a`` and ``b`` are one kind of box by their classes: the same (or none), or a name in
    common that holds no digit. A name with a digit is one box's own (WordPress's "post-7" beside the "post"
    every story's <article> has), and so is a name one of them has alone (its category's "category-tips")."""
    kinds = [{name for name in (e.get("class") or "").split() if not re.search(r"\d", name)} for e in (a, b)]
    return a.get("class") == b.get("class") or bool(kinds[0] & kinds[1])


def _at(box, path: list[str]) -> list:
    """The elements reached from ``box`` down ``path`` (a tag a level)."""
    level = [box]
    for tag in path:
        level = [child for element in level for child in element if child.tag == tag]
    return level
