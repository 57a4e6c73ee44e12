"""A thread's guests' posts: the panel beside a guest's message is a name, no facts ("Anna", "Anna\\nGuest").

`post_panels.js` tells an author's panel by its facts ("Posts: 12", "Joined: ...") and by its twin in another post. A
guest has no facts, so its panel is no panel there: its name was written as the post's text (SMF's "#### Anna",
its group "Guest" and "Logged" as a list; phpBB's "- Anna"), and where the thread's one member's panel has no twin
at all (its other posters all guests) the member's panel was written too ("- jdoe\\n- Posts: 12"), and on XenForo the
thread's title was lost. A guest's panel is told here by the member's: the box of the member's panel's tag and class
(as drawn, before `visible_html.js` made it an <aside>: its ``data-vl-tag`` and ``data-vl-class``) at its place in
a post's box alike (the same boxes round it down from the post's box), short (a name, a group: a dozen words at most)
and holding no message. It is made a panel as the member's is, and the thread is read as one of member's posts.

- `guests_paneled`: a thread whose one member's panel the page marks lone (``data-vl=lone-panel``, `lone_post`):
  where each other post (a box alike beside the member's, named by a post's anchor: `lone_post.anchor_of`) holds a
  guest's panel at its place, and each post, the member's too, a date or a number beside its panel (a team's cards
  named p1, p2 hold none), the member's panel and the guests' are panels.
- `guest_panels_marked`: a thread whose members' panels were found (``data-vl=panel``): each box alike beside a
  panel's post that holds no panel has its guest's panel at the panel's place marked so.
"""

from __future__ import annotations

import re

from sources.web.forum_posts import boxes_alike
from sources.web.lone_post import MAX_CHROME_WORDS, anchor_of, anchored_box

# a post's date or number as forums write them beside its message: "#2", "7:11 am", "January 3, 2023", "Jan 2, 2023",
# "2023-01-02", "Today", "3 hours ago"
_DATED = re.compile(r"#\d+\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:today|yesterday)\b|\bago\b"
                    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b", re.IGNORECASE)
# what a guest's panel never holds: what a poster quotes or posts as code, a table (its name, group and avatar may be
# a list, SMF's ul.user_info; its name a heading, XenForo's h4.message-name)
_CONTENT = ("blockquote", "pre", "code", "table")


def guests_paneled(tree) -> bool:
    """The page's lone panel (``data-vl=lone-panel``) and its guests' (`_guest_panels`) made panels, where each other
    post beside the member's holds one; whether they were (the lone mark then dropped: no thread of one post)."""
    marked = [element for element in tree.iter() if element.get("data-vl") == "lone-panel"]
    if len(marked) != 1:
        return False
    panel = marked[0]
    box, number = anchored_box(tree, panel)
    if box is None:
        return False
    others = [sibling for sibling in _alike_beside(box) if (anchor := anchor_of(sibling, None)) is not None
              and anchor.group(1) != number]
    guests = _guest_panels(box, panel, others)
    # (and each a post's box, dated or numbered beside its panel: a team's cards named p1, p2, one with a count among
    # its facts, are no thread whose other posters are guests)
    if not others or len(guests) != len(others) or not all(
            _dated(post, own) for post, own in zip((box, *others), (panel, *guests))):
        return False
    for element in (panel, *guests):
        _paneled(element)
    return True


def guest_panels_marked(tree) -> bool:
    """Each post beside a member's (a box alike beside the box round a panel that has a box alike holding a panel
    too, as `forum_posts.paneled_posts` finds a post) that holds no panel: its guest's panel, at the panel's place,
    made a panel. Gives whether one was."""
    marked = False
    panels = [aside for aside in tree.iter("aside") if aside.get("data-vl") == "panel"]
    for panel in panels:
        box = next((up for up in panel.iterancestors() if up.tag in ("body", "html", "main") or any(
            _holds_panel(sibling) for sibling in _alike_beside(up))), None)
        if box is None or box.tag in ("body", "html", "main"):
            continue
        for guest in _guest_panels(box, panel, [s for s in _alike_beside(box) if not _holds_panel(s)]):
            _paneled(guest)
            marked = True
    return marked


def _guest_panels(box, panel, others: list) -> list:
    """The guests' panels in ``others`` (posts' boxes alike ``box``): in each, the one element at ``panel``'s place
    in ``box`` (`_place`), short and holding no message (`_guest_like`)."""
    place = _place(box, panel)
    found = []
    for other in others:
        level = [other]
        for key in place:
            level = [child for element in level for child in element if isinstance(child.tag, str)
                     and _key(child) == key]
        if len(level) == 1 and _guest_like(level[0]):
            found.append(level[0])
    return found


def _dated(box, panel) -> bool:
    """Whether ``box`` holds, outside ``panel``, a post's date or number (`_DATED`, or a <time>)."""
    if any(not _inside_or(time, panel) for time in box.iter("time")):
        return True
    texts = []
    for element in (e for e in box.iter() if isinstance(e.tag, str)):
        if not _inside_or(element, panel):
            texts.append(element.text or "")
        if element is not box and not _inside_or(element.getparent(), panel):
            texts.append(element.tail or "")  # (the panel's own tail too: text after it is not its)
    return bool(_DATED.search(" ".join(texts)))


def _inside_or(element, panel) -> bool:
    """Whether ``element`` is ``panel`` or inside it."""
    return element is panel or any(up is panel for up in element.iterancestors())


def _place(box, element) -> list[tuple]:
    """The tags and classes (`_key`) of the boxes from ``box``'s child down to ``element``."""
    chain = [element]
    for ancestor in element.iterancestors():
        if ancestor is box:
            break
        chain.insert(0, ancestor)
    return [_key(element) for element in chain]


def _key(element) -> tuple:
    """An element's tag and class as drawn: a part `visible_html.js` made (a panel, an <aside>) by the box it was."""
    return (element.get("data-vl-tag") or element.tag,
            element.get("data-vl-class") if element.get("data-vl-tag") else element.get("class"))


def _guest_like(element) -> bool:
    """Whether ``element`` is short enough for a guest's panel (a name, a group, "Logged") and holds no message."""
    words = " ".join("".join(element.itertext()).split()).split()
    return (len(words) <= MAX_CHROME_WORDS and not any(True for _ in element.iter(*_CONTENT))
            and not _holds_panel(element))


def _alike_beside(box) -> list:
    """The boxes alike ``box`` (`forum_posts.boxes_alike`) beside it, in order."""
    parent = box.getparent()
    return [] if parent is None else [sibling for sibling in parent if sibling is not box
                                      and isinstance(sibling.tag, str) and boxes_alike(sibling, box)]


def _holds_panel(element) -> bool:
    return any(aside.get("data-vl") == "panel" for aside in element.iter("aside")) or any(
        e.get("data-vl") == "lone-panel" for e in element.iter() if isinstance(e.tag, str))


def _paneled(element) -> None:
    """``element`` made an author's panel, as `visible_html.js` writes one: <aside data-vl=panel>."""
    element.tag = "aside"
    element.attrib.clear()
    element.set("data-vl", "panel")
