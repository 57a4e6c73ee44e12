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
- `guests_only_paneled`: a thread whose every poster is a guest has no member's panel to tell the guests' by, and
  each guest's name was its post's text (phpBB's "Anna", SMF's "#### Anna" and "- Guest\n- Logged"), a post's
  subject beside it, XenForo's and FluxBB's title lost (FluxBB's answer too). There the forum's own markup names
  the panel: a box whose class or id names a user, author, poster, profile, member or avatar (as `post_panels.js`
  reads a panel's: phpBB's dl.postprofile, SMF's div.poster, XenForo's section.message-user, vBulletin's
  div.userinfo, FluxBB's dd.usertitle in its div.postleft), taken out to the outermost box round it that is
  short and holds no message and no date (phpBB's p.author, "by Anna » Mon Jan 02", is the post's byline, not its
  panel) nor a box the forum names as the message (`_MESSAGE`: a post "Yes." is as short as a name), at one place
  in each of two posts alike or more, each a post's anchor and dated beside it.
"""

from __future__ import annotations

import re

from sources.web.forum_posts import boxes_alike, thread_title
from sources.web.lone_post import MAX_CHROME_WORDS, anchor_of, anchored_box

# a post's date or number as forums write them beside its message: "#2", "7:11 am", "January 3, 2023", "Jan 2, 2023",
# "2023-01-02", "Today", "3 hours ago"
_DATED = re.compile(r"#\d+\b|\b\d{1,2}:\d{2}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:today|yesterday)\b|\bago\b"
                    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}\b", re.IGNORECASE)
# a class or id that names a box about a person (`post_panels.js`'s `named`)
_PERSONAL = re.compile(r"user|author|poster|profile|member|avatar", re.IGNORECASE)
# a class or id that names a post's message box, as forums write them: phpBB's and vBulletin's div.content, XenForo's
# article.message-body and div.message-userContent, FluxBB's div.postmsg, SMF's div.inner#msg_12, MyBB's div.post_body,
# Discourse's div.cooked, XenForo's div.bbWrapper
_MESSAGE = re.compile(r"content|msg|body|bbwrapper|cooked", re.IGNORECASE)
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


def guests_only_paneled(tree) -> bool:
    """On a page where no panel was found (none marked ``data-vl`` panel or lone-panel), the guests' panels of a
    thread whose every poster is a guest made panels: in two posts or more (boxes alike beside each other, each
    named by a post's anchor: `lone_post.anchor_of`) under the thread's title, at one place in each, the outermost
    box round an element the forum's markup names as a person's (`_PERSONAL`) that is short, holds no message
    (`_guest_like`) and no date, each post dated beside it. Gives whether they were; where two places would do (a
    short message's box, XenForo's div.message-userContent, named for its user), none is taken."""
    if any(element.get("data-vl") in ("panel", "lone-panel") for element in tree.iter() if isinstance(element.tag,
                                                                                                     str)):
        return False
    # the posts' boxes read so far, by id and held: lxml makes an element's proxy anew once none is held, and an id
    # may then name another element or miss its own. With the ids alone, which posts were read again (each guest's
    # panel marked a second time, inside the first: SMF's "#### Bert" written) depended on what else the process
    # allocated meanwhile: a loaded machine's build wrote another main text
    done, marked = {}, False
    for first in tree.iter():
        if not isinstance(first.tag, str) or id(first) in done or anchor_of(first, None) is None:
            continue
        posts = [first, *(box for box in _alike_beside(first) if anchor_of(box, None) is not None)]
        done.update((id(box), box) for box in posts)
        if len(posts) < 2 or any(up.get("data-vl") == "panel" for up in first.iterancestors()):
            continue
        places = {tuple(_place(first, panel)) for panel in _named_panels(first)}
        found = [panels for place in places if len(panels := _at_place(posts, list(place))) == len(posts)]
        if len(found) != 1 or thread_title(tree, [found[0][0]]) is None or not all(
                _dated(post, panel) for post, panel in zip(posts, found[0])):
            continue
        for panel in found[0]:
            _paneled(panel)
        marked = True
    return marked


def _named_panels(post) -> list:
    """In ``post``, the outermost box round each element named as a person's (`_PERSONAL`) that is short and holds
    no message (`_guest_like`), where no date is in it nor in a short box round it: what a guest's panel would be."""
    panels = []
    for element in post.iterdescendants():
        if not isinstance(element.tag, str) or not _PERSONAL.search(f"{element.get('class') or ''} "
                                                                    f"{element.get('id') or ''}"):
            continue
        panel = None
        for box in (element, *element.iterancestors()):
            if box is post or not _guest_like(box) or _holds_message(box):
                break
            # (a short dated line round it is the post's byline, phpBB's p.author "by Anna » Mon Jan 02": no panel)
            panel = None if _dated(box, None) else box
            if panel is None:
                break
        if panel is not None and panel not in panels and "".join(panel.itertext()).strip():
            panels.append(panel)
    return panels


def _holds_message(box) -> bool:
    """Whether ``box`` is or holds a box the forum's markup names as a post's message (`_MESSAGE`): a guest's panel
    is beside the message, never round it. A short message ("Yes.", "+1") is as short as a name, so the words alone
    took the box round both for the panel (FluxBB's div.box: the first post lost, the names written) or left two
    places (XenForo's div.message-userContent) and none taken."""
    return any(_MESSAGE.search(f"{element.get('class') or ''} {element.get('id') or ''}")
               for element in box.iter() if isinstance(element.tag, str))


def _at_place(posts: list, place: list) -> list:
    """The elements at ``place`` (`_place`) in each of ``posts``, where each holds one there that is short, holds no
    message and no date (a guest's panel, as `_named_panels` finds one)."""
    return [found for found in (_one_at(post, place) for post in posts)
            if found is not None and not _dated(found, None)]


def _guest_panels(box, panel, others: list) -> list:
    """The guests' panels in ``others`` (posts' boxes alike ``box``): in each, the one element at ``panel``'s place
    in ``box`` (`_place`), short and holding no message (`_guest_like`)."""
    place = _place(box, panel)
    return [found for found in (_one_at(other, place) for other in others) if found is not None]


def _one_at(post, place: list):
    """The one element at ``place`` (`_place`: a key a level down) in ``post`` where it is short and holds no
    message (`_guest_like`), else None."""
    level = [post]
    for key in place:
        level = [child for element in level for child in element if isinstance(child.tag, str) and _key(child) == key]
    return level[0] if len(level) == 1 and _guest_like(level[0]) else None


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
