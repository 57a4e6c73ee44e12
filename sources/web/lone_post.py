"""A forum thread of one post (a question nobody answered yet), told by its lone author's panel.

`post_panels.js` tells a thread's author panels by their twins, one in each post: a thread of one post has none.
Its panel was written as the post's text ("- jdoe\\n- Posts: 12"), and the post, a box trafilatura's frame
expressions name (phpBB's div.content, SMF's div.postarea), was the page's frame: the thread's title before it
was left out. The page marks the one box that would be a panel but for a twin (``data-vl=lone-panel``);
`lone_post` judges the page round it, and only a post it accepts loses its panel.

Not every lone panel is a post's. A reviewer's box beside a product's review, a writer's box in a blog's story
and a person's card on a team's page are written alike (a name, short facts): what tells a thread's one post is
the page round it. Its thread's title stands before it, the post's box is a forum's (a post's anchor: an id
naming a post and its number, a permalink's target), and that box holds none of the page's frame: the innermost
box so named round the panel, below every box that holds the title, and holding no navigation, no <h1>, no other
post. A story is no thread: an <article> round the panel that holds the title is a story with its writer's box
(WordPress's, a blog's), whatever its box is named."""

from __future__ import annotations

import re

from sources.web.forum_posts import inside, thread_title

# a post's anchor, its box's id: FluxBB's and phpBB's "p12", SMF's "msg12", vBulletin's "post_12", XenForo's
# "js-post-12", MyBB's "pid12". Not a comment's ("comment-12": a story's reader comments) nor a story's own
# ("post-12" on a blog is WordPress's article: a story, told apart by its title inside it)
_ANCHOR = re.compile(r"(?:js-)?(?:p|post|msg|message|pid)[-_]?(\d+)", re.IGNORECASE)
# what holds a page's frame, never a post's box: its navigation, its banner, its own title
_FRAME = ("nav", "h1", "main", "body")
_FRAME_ROLES = ("navigation", "banner", "main")
# the words a post's box may hold beside its panel and message: its date, number and buttons ("#1 Today 01:15
# Offline Report Quote", vBulletin's "Today, 01:15 AM #1 Reply With Quote")
MAX_CHROME_WORDS = 12


def lone_post(tree) -> tuple[list, object] | None:
    """The one post of a thread that has one, as `forum_posts.posts_apart` takes a thread's posts: (its messages,
    the box they are in), its messages the boxes beside its panel that hold text (FluxBB's div.postright: the
    post's subject and message; `frames` takes the box a frame expression names in it where one does), and its
    panel made an author's panel (an <aside data-vl=panel>); or None where the page marks no lone panel or is no
    thread of one post (its panel left as it is, unmarked)."""
    marked = [element for element in tree.iter() if element.get("data-vl") == "lone-panel"]
    for element in marked:
        del element.attrib["data-vl"]  # (judged here once: a panel rejected is the page's text as drawn)
    if len(marked) != 1:
        return None
    panel = marked[0]
    box = _post_box(tree, panel)
    if box is None:
        return None
    messages = [sibling for sibling in panel.getparent() if sibling is not panel and isinstance(
        sibling.tag, str) and "".join(sibling.itertext()).strip()]
    if not messages:
        return None
    # what the box holds beside its panel and message is a post's chrome (its date, number, buttons: eight words
    # at most on the forums' pages), never prose: a story or a section with its writer's box inside (WordPress's
    # article#post-12, a terms page's div#p2) lost its text to the writer's words, taken for the message
    if len(_text_outside(box, {panel, *messages}).split()) > MAX_CHROME_WORDS:
        return None
    panel.tag = "aside"
    panel.attrib.clear()
    panel.set("data-vl", "panel")
    # a post that is a list's one item (XenForo 1's li#post-12 in ol.messageList) is no list a reader reads:
    # trafilatura read the item's boxes as a list's and lost the post, then recovered loose lines without the title
    if box.tag == "li" and box.getparent().tag in ("ul", "ol") and len(box.getparent().findall("li")) == 1:
        box.tag = box.getparent().tag = "div"
    return messages, box


def _post_box(tree, panel):
    """The box of the post ``panel`` is in: the innermost box round it named by a post's anchor (`anchor_of`) below
    every box holding the thread's title (`forum_posts.thread_title`, before the panel), holding none of the
    page's frame (`_FRAME`, `_FRAME_ROLES`) nor another post's anchor; None where there is none, where the page
    has no such title, or where an <article> round the panel holds the title (a story)."""
    box, number = anchored_box(tree, panel)
    # another post's anchor anywhere, inside the box or out, is another post: a thread whose other posters are
    # guests (a name, no facts: no twin for the one member's panel) is no thread of one post, and taking it for one
    # left the guests' messages framed (phpBB lost the answer, SMF and vBulletin wrote it before the title): such a
    # thread's guests' panels are found beside it (`guest_posts`). Its own anchor again is no other post's (SMF's
    # div.inner#msg_12 in div.windowbg#msg12)
    if box is None or any(_other_post(element, number) for element in tree.iter()):
        return None
    return box


def anchored_box(tree, panel) -> tuple:
    """The box of the post ``panel`` is in and its number, as `_post_box` finds it, whether or not another post's
    anchor stands on the page; (None, None) where there is none."""
    title = thread_title(tree, [panel])
    if title is None:
        return None, None
    chain = []  # the boxes round the panel, innermost first, below the title's
    for ancestor in panel.iterancestors():
        if title in ancestor.iterdescendants():
            if any(up.tag == "article" for up in (ancestor, *ancestor.iterancestors())):
                return None, None
            break
        chain.append(ancestor)
    # (a box's own id first, anywhere round the panel: XenForo 2's article#js-post-12 holds its span#post-12, an
    # empty anchor before the box inside it that holds the panel, which is no post's whole)
    box, number = next(((ancestor, anchor.group(1)) for own in (True, False) for ancestor in chain
                        if (anchor := anchor_of(ancestor, panel, own)) is not None), (None, None))
    if box is None or box.tag in _FRAME:
        return None, None
    if any(isinstance(element.tag, str) and (element.tag in _FRAME or element.get("role") in _FRAME_ROLES)
           for element in box.iterdescendants()):
        return None, None
    return box, number


def anchor_of(box, panel, own: bool = False):
    """The post's anchor (`_ANCHOR`) that names ``box``: its own id; else the id of its first child, a head holding
    no ``panel`` (None: any head; punBB 1.4's div.posthead#p12, the post's number and date, first in its div.post);
    else the id of an empty element right before it (SMF 2.0's <a id=msg12></a> before the post's div.windowbg).
    None where none; with ``own``, its own id alone."""
    first = next((child for child in box if isinstance(child.tag, str)), None)
    before = box.getprevious()
    while before is not None and not isinstance(before.tag, str):  # (a comment between)
        before = before.getprevious()
    head = first is not None and (panel is None or first is not panel and not inside(panel, first))
    for element, ok in ((box, True), (first, head),
            (before, before is not None and not "".join(before.itertext()).strip() and not len(before))):
        anchor = _ANCHOR.fullmatch(element.get("id") or "") if ok and (element is box or not own) else None
        if anchor is not None:
            return anchor
    return None



def _other_post(element, number: str) -> bool:
    """Whether ``element`` is named as a post (`_ANCHOR`) other than post ``number``."""
    anchor = _ANCHOR.fullmatch(element.get("id") or "") if isinstance(element.tag, str) else None
    return anchor is not None and anchor.group(1) != number


def _text_outside(element, kept: set) -> str:
    """The text of ``element`` outside the elements ``kept`` (and their descendants)."""
    parts = [element.text or ""] if isinstance(element.tag, str) else []
    for child in element:
        if child not in kept and isinstance(child.tag, str):
            parts.append(_text_outside(child, kept))
        parts.append(child.tail or "")
    return " ".join(parts)
