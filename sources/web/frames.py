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
(`title_placed`)."""

from __future__ import annotations

from sources.web.forum_posts import boxes_alike, paneled_posts, posts_apart, title_placed

_NAMING = ("class", "id", "role", "itemprop")  # what trafilatura's frame expressions read
_MOST = 20  # evaluations of an expression at most (each walks the page: some 60 ms for 20,000 elements)
_CLEANED = ("aside", "nav", "footer")  # what trafilatura deletes before it looks for a frame


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
    changed, seen = False, []  # found inside what trafilatura deletes: renamed while the rest are looked for
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
            twins, boxes = _twins(found)
            if not twins:
                frames.append(found)
                break  # the frame trafilatura takes with this expression
            for element in (found, *twins):
                for name in _NAMING:
                    element.attrib.pop(name, None)
                if element.tag == "article":
                    element.tag = "div"
            repeats.append(((found, *twins), boxes))
            changed = True
    for element, tag in seen:
        element.tag = tag
    # (found before those posts are taken apart: their boxes are unwrapped)
    paneled = paneled_posts(tree, [box for _, boxes in repeats for box in boxes])
    frame = frames[0] if frames else None
    thread = False
    for messages, boxes in repeats:
        thread |= posts_apart(tree, [([message], box) for message, box in zip(messages, boxes)], frame)
    if paneled:
        thread |= posts_apart(tree, paneled, frame)
        changed = True
    if repeats and not thread:  # (a thread placed its title with its posts)
        title_placed(tree, [box for _, boxes in repeats for box in boxes], frame, linked=True)
    return (lxml.html.tostring(tree, encoding="unicode") if changed else html), thread


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
                 if twin.tag == element.tag and twin.get("class") == element.get("class")
                 and "".join(twin.itertext()).strip()]
        twins = [twin for twin, _ in found]
        if twins:  # (stories with a title each are pages of their own, the first the page's: no thread)
            if any(box.find(".//h1") is not None for box in (node, *twins)):
                return [], []
            return twins, [node, *(box for _, box in found)]
        path.insert(0, node.tag)
        node = parent
    return [], []


def _at(box, path: list[str]) -> list:
    """The elements reached from ``box`` down ``path`` (a tag a level)."""
    level = [box]
    for tag in path:
        level = [child for element in level for child in element if child.tag == tag]
    return level
