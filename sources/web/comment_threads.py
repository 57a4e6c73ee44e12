"""Threads whose every post, the first too, is written as a comment, told by the markup of the software that writes
them: a GitHub issue, a new Reddit post, a Flarum discussion; and a bbPress topic, a subreddit's index.

trafilatura reads a box named a comment's (`trafilatura.xpaths.COMMENTS_XPATH`: a class holding "comment", an id
beginning "comment-") as a story's reader comments, and writes it apart from the main text, which `main_text`
does not read. GitHub names each post of an issue a comment, the issue's opening post too (div.TimelineItem
.js-comment-container round td.comment-body): the opening post was lost, the page's first comment box taken for the
comments. New Reddit writes its comments in div#comment-tree: all of them were lost. A story's reader comments
(WordPress's, a news site's) are written otherwise than the story and keep their names: only these markups are
read as a thread. Flarum's crawler view writes each poster's name as a heading over the post (div.PostUser's
h3.PostUser-name, or in Flarum 1.x, a bare <h3> before each div.Post-body inside Flarum's app, its
main.App-content in div#app.App): it was a heading of the thread ("### jdoe"). A short heading over a box named a
post's body is no sign alone: a team's, a faculty's, a pricing page's cards are written so. A bbPress topic's
posts are named so that trafilatura discards them (div.bbp-reply-content: "-reply-"), and their panels have no facts
to tell them by; a subreddit's index is no thread but its titles (`_reddit_index`), its sidebar no text of it.

`known_thread` finds the posts, strips them of those names and of their chrome (a post's header with its
author and date, its avatar, its reactions and buttons, an issue's events between the posts) and gives them as
`forum_posts.posts_apart` takes a thread's posts: ([a post's message], the box round it)."""

from __future__ import annotations

import re

from sources.web.forum_posts import inside, moved

# a class or id trafilatura reads as a story's reader comments (`xpaths.COMMENTS_XPATH`, `REMOVE_COMMENTS_XPATH`:
# "comments", "CommentsWrap", "comment-list", "post-comments", "disqus_thread"; "commentary" is none)
COMMENTS = re.compile(r"comment(?!ary)|^comol|disqus_thread|dsq-comments", re.IGNORECASE)


def known_thread(tree) -> list[tuple[list, object]] | None:
    """The posts of the thread ``tree`` holds where its markup is GitHub's issue, new or old Reddit's post, an
    Invision (IPB 4) topic, Discourse's topic of one post or Flarum's discussion, each ([its message], the box
    round it), first post first, those boxes stripped of their chrome and of the names trafilatura reads as
    comments; None where it is none of those (nothing changed)."""
    for find in (_github_issue, _reddit_index, _reddit_post, _old_reddit_post, _ipb_topic, _discourse_lone_post,
                 _flarum_discussion, _bbpress_topic):
        posts = find(tree)
        if posts is not None:
            return posts
    return None


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _with_class(tree, name: str) -> list:
    return [element for element in tree.iter() if isinstance(element.tag, str) and name in _classes(element)]


def _github_issue(tree) -> list | None:
    """A GitHub issue's (or pull request's) posts: each div.TimelineItem.js-comment-container round a
    td.comment-body.js-comment-body (its message), the opening post the first. Each post's header (its author's
    name and the date, div.timeline-comment-header) and avatar (div.TimelineItem-avatar) are dropped, and so is
    every other div.TimelineItem among them: the issue's events ("added the bug label", "closed this as
    completed")."""
    boxes = [box for box in _with_class(tree, "TimelineItem") if "js-comment-container" in _classes(box)]
    posts = []
    for box in boxes:
        message = next((element for element in box.iter() if isinstance(element.tag, str)
                        and {"comment-body", "js-comment-body"} <= _classes(element)), None)
        if message is not None and not any(inside(message, other) for other in boxes if other is not box):
            posts.append(([message], box))
    if not posts:
        return None
    for [message], _ in posts:
        # (the message is the one cell of a layout table, table.d-block: as a table's cell its paragraphs were
        # one line of it, "...a 2TB WD Passport. Steps: plug the drive in")
        if message.tag == "td":
            rows = [up for up in message.iterancestors() if up.tag in ("tr", "tbody", "thead", "table")]
            rows = rows[:next((at + 1 for at, up in enumerate(rows) if up.tag == "table"), 0)]
            if rows and len(rows[-1].findall(".//td")) == 1:
                message.tag = "div"
                for up in rows:
                    up.drop_tag()
    for _, box in posts:
        for chrome in [e for e in box.iter() if isinstance(e.tag, str)
                       and _classes(e) & {"timeline-comment-header", "TimelineItem-avatar"}]:
            chrome.drop_tree()
    # the timeline (div.js-discussion; else the box round all the posts): its events are items beside the posts,
    # each in a div.js-timeline-item of its own as each post is
    first = posts[0][1]
    timeline = next((up for up in first.iterancestors() if "js-discussion" in _classes(up)), None)
    if timeline is None:
        timeline = next((up for up in first.iterancestors() if all(inside(box, up) for _, box in posts[1:])), None)
    if timeline is not None and timeline.tag not in ("body", "html", "main"):
        for item in [item for item in timeline.iter() if isinstance(item.tag, str) and "TimelineItem" in _classes(
                item) and not any(item is box or inside(item, box) or inside(box, item) for _, box in posts)]:
            item.drop_tree()
    _unnamed(posts)
    return posts


def _reddit_index(tree) -> list | None:
    """A subreddit's index, old or new Reddit's: its posts' titles, a list where the listing stands, and no thread
    (no posts: []). Old Reddit's (div.thing.link boxes, two at least, no div.commentarea) gave its sidebar (div.side:
    the subreddit's blurb, a user's card "jdoe Karma: 1,234"), trafilatura's pick among boxes named a thing's and
    short teasers; new Reddit's (shreddit-post elements in a feed, two at least, no post page's h1[slot=title]) was
    read as its first post's page. Each title is old Reddit's a.title in p.title, new Reddit's [slot=title] (or the
    post's post-title); a promoted post (an advert), the sidebar, votes, taglines and buttons are left out."""
    old = [e for e in _with_class(tree, "thing") if "link" in _classes(e) and "promoted" not in _classes(e)]
    new = [e for e in tree.iter("shreddit-post") if not any(up.tag == "shreddit-comment-tree"
                                                            for up in e.iterancestors())]
    if len(old) >= 2 and not _with_class(tree, "commentarea"):
        titles = [next((" ".join("".join(a.itertext()).split()) for a in thing.iter("a") if "title" in _classes(a)), "")
                  for thing in old]
        for side in _with_class(tree, "side"):
            side.drop_tree()
        things = old
    elif len(new) >= 2 and not any(e.tag == "h1" and e.get("slot") == "title" for e in tree.iter("h1")):
        titles = [next((" ".join("".join(e.itertext()).split()) for e in post.iter() if isinstance(e.tag, str)
                        and e.get("slot") == "title"), post.get("post-title") or "") for post in new]
        things = [next(post.iterancestors("article"), post) for post in new]  # (the feed's box round each post)
    else:
        return None
    listing = tree.makeelement("ul", {})
    for title in (title for title in titles if title):
        item = listing.makeelement("li", {})
        item.text = title
        listing.append(item)
    things[0].addprevious(listing)
    for thing in things:
        thing.drop_tree()
    for promoted in [e for e in _with_class(tree, "thing") if "promoted" in _classes(e)]:
        promoted.drop_tree()
    return []


def _reddit_post(tree) -> list | None:
    """New Reddit's post and its comments: shreddit-post's div[slot=text-body] (its message; its h1[slot=title],
    the thread's title, placed before it), then each shreddit-comment's div[slot=comment], a comment's replies
    (nested in it) after it in the order written. Their credit bars, meta lines (the poster's name, flair,
    awards, the time) and action rows (votes, "Reply", "Share") are chrome."""
    post = next(tree.iter("shreddit-post"), None)
    if post is None:
        return None
    body = next((e for e in post.iter() if e.get("slot") == "text-body"), None)
    comments = list(tree.iter("shreddit-comment"))
    if body is None and not comments:
        return None
    title = next((e for e in post.iter() if e.get("slot") == "title"), None)
    if title is not None:
        moved(title, post)
    if comments:  # (replies out of their parent's box, after it: each comment's box holds it alone)
        place = comments[0].getparent()
        for comment in comments:
            moved(comment, into=place)
    posts = [([body], post)] if body is not None else []
    for comment in comments:
        message = next((e for e in comment if e.get("slot") == "comment"), None)
        if message is not None:
            posts.append(([message], comment))
    for _, box in posts:
        for chrome in [e for e in box if e.get("slot") in ("credit-bar", "commentMeta", "actionRow")]:
            chrome.drop_tree()
        for element in box.iter("shreddit-post", "shreddit-comment"):
            element.tag = "div"  # (a custom element: trafilatura reads a <div>'s blocks as blocks)
            for name in [name for name in element.attrib if name not in ("id", "class")]:
                del element.attrib[name]
    _unnamed(posts)
    return posts


def _old_reddit_post(tree) -> list | None:
    """Old Reddit's post and its comments (old.reddit.com's page of a post, told by its one div.thing.link and its
    div.commentarea): the post's self-text (div.md in div.usertext-body in its div.expando), its title (a.title in
    p.title) a heading before it, then each comment's div.md (in div.entry's form, div.thing.comment in the area's
    div.sitetable.nestedlisting), a reply after its parent in the order written. The post was lost: its box is
    named a thing's, its comments' area a comment's, and trafilatura took the sidebar (div.side: the subreddit's
    rules, a user's card) for the page's text. Votes (div.midcol), the tagline, the buttons ("comments share save
    hide report"), "load more comments", the sidebar and the area's heading, sort menu and reply form are chrome.
    A subreddit's index (many div.thing.link, no comment area) is no post and is left as it is."""
    links = [e for e in _with_class(tree, "thing") if "link" in _classes(e) and "promoted" not in _classes(e)]
    areas = _with_class(tree, "commentarea")
    if len(links) != 1 or len(areas) != 1:
        return None
    post, area = links[0], areas[0]
    body = next((md for expando in post.iter() if isinstance(expando.tag, str) and "expando" in _classes(expando)
                 for md in _usertext(expando)), None)
    listing = next((e for e in area if isinstance(e.tag, str) and "nestedlisting" in _classes(e)), None)
    comments = [] if listing is None else [e for e in listing.iter() if isinstance(e.tag, str)
                                            and {"thing", "comment"} <= _classes(e)]
    title = next((a for a in post.iter("a") if "title" in _classes(a) and "".join(a.itertext()).strip()), None)
    if body is None and not comments or title is None:
        return None
    heading = post.makeelement("h1", {})
    heading.text = " ".join("".join(title.itertext()).split())
    post.addprevious(heading)
    for side in [e for e in _with_class(tree, "side") if not inside(post, e)]:
        side.drop_tree()
    for element in [e for e in area if isinstance(e.tag, str) and e is not listing]:
        element.drop_tree()  # (its "all 4 comments", "sorted by: best", the reply form)
    posts = [([body], post)] if body is not None else []
    for comment in comments:  # (replies out of their parent's box, after it: each comment's box holds it alone)
        moved(comment, into=listing)
        entry = next((e for e in comment if isinstance(e.tag, str) and "entry" in _classes(e)), None)
        message = next(iter(_usertext(entry)), None) if entry is not None else None
        if message is not None:
            posts.append(([message], comment))
    for more in [e for e in area.iter() if isinstance(e.tag, str) and "morechildren" in _classes(e)]:
        more.drop_tree()  # ("load more comments (3 replies)")
    for [message], box in posts:
        for chrome in [e for e in box.iter() if isinstance(e.tag, str) and _classes(e) & {"midcol", "buttons"}]:
            chrome.drop_tree()
        # (each text is in a form.usertext, its editor's: trafilatura deletes every <form>, and the text with it)
        for form in [up for up in message.iterancestors("form") if inside(up, box)]:
            form.drop_tag()
    _unnamed(posts)
    return posts


def _usertext(box) -> list:
    """The div.md right inside each div.usertext-body in ``box`` (old Reddit's text of a post or comment)."""
    return [md for body in box.iter() if isinstance(body.tag, str) and "usertext-body" in _classes(body)
            for md in body if isinstance(md.tag, str) and "md" in _classes(md)]


def _ipb_topic(tree) -> list | None:
    """An Invision Community (IPB 4) topic's posts: each article.cPost.ipsComment (in div#comments.cTopic) round its
    div[data-role=commentContent] (its message). Every post is named a comment (its box, div#comment-12_wrap round
    its message): a thread of one post was written glued to its chrome ("Posted January 2, 2023 My Raspberry Pi...
    Quote") and its title lost. The author's pane (aside.cAuthorPane), the post's date line (div.ipsComment_meta)
    and its buttons (div.ipsItemControls) are chrome."""
    posts = []
    for box in _with_class(tree, "cPost"):
        if "ipsComment" not in _classes(box):
            continue
        message = next((e for e in box.iter() if isinstance(e.tag, str) and e.get("data-role") == "commentContent"),
                       None)
        if message is not None and not any(inside(box, other) for _, other in posts):
            posts.append(([message], box))
    if not posts:
        return None
    for _, box in posts:
        for chrome in [e for e in box.iter() if isinstance(e.tag, str) and _classes(e) & {
                "cAuthorPane", "ipsComment_meta", "ipsItemControls"}]:
            chrome.drop_tree()
        box.tag = "div"  # (an <article>: trafilatura's frame, a post alone, the title before it left out)
        # (and the <form> round the posts, which trafilatura deletes: it took the post for its frame)
        for form in [up for up in box.iterancestors("form")]:
            form.drop_tag()
    _unnamed(posts)
    return posts


def _discourse_lone_post(tree) -> list | None:
    """Discourse's crawler view of a topic of one post: its one div.crawler-post round its div.post[itemprop=text]
    (the message). Its div.post was trafilatura's frame (a class named a post's), the topic's title before it left
    out; the message loses the names a frame expression reads, and the post's meta line (div.crawler-post-meta: the
    poster's name, the date, its number) is chrome. A topic of many posts is read by their twins (`frames`)."""
    boxes = [box for box in _with_class(tree, "crawler-post") if "topic-body" in _classes(box)]
    if len(boxes) != 1:
        return None
    box = boxes[0]
    message = next((e for e in box.iter() if isinstance(e.tag, str) and "post" in _classes(e)
                    and e.get("itemprop") == "text"), None)
    if message is None:
        return None
    for chrome in [e for e in box.iter() if isinstance(e.tag, str) and "crawler-post-meta" in _classes(e)]:
        chrome.drop_tree()
    for name in ("class", "id", "itemprop"):
        message.attrib.pop(name, None)
    return [([message], box)]


def _flarum_discussion(tree) -> list | None:
    """Flarum's discussion: each post a box (article.CommentPost as Flarum's app draws it; the crawler view's
    <article> or <div>) holding its poster's name and its div.Post-body (its message), in two posts at least. The
    name is div.PostUser round h3.PostUser-name (with the avatar's letter and the user's link, in the post's
    header beside its date); in Flarum 1.x's crawler view, a bare <h3> right before div.Post-body inside Flarum's
    app (main.App-content in div#app.App). The name is dropped, and the post's chrome with it (`posts_apart`)."""
    posts, names = [], []
    for body in _with_class(tree, "Post-body"):
        box = next((up for up in body.iterancestors("article") if "CommentPost" in _classes(up)), body.getparent())
        user = next((e for e in box.iter() if isinstance(e.tag, str) and "PostUser" in _classes(e)
                     and not inside(e, body)), None)
        previous = body.getprevious()
        if user is not None and any("PostUser-name" in _classes(e) for e in user.iter() if isinstance(e.tag, str)):
            names.append(user)
        elif previous is not None and previous.tag == "h3" and not previous.get("class") and any(
                main.tag == "main" and "App-content" in _classes(main) and any(
                    app.get("id") == "app" and "App" in _classes(app) for app in main.iterancestors())
                for main in body.iterancestors()):
            names.append(previous)
        else:
            continue
        posts.append(([body], box))
    if len(posts) < 2:
        return None
    for name in names:
        name.drop_tree()
    return posts



def _bbpress_topic(tree) -> list | None:
    """A bbPress topic's posts (WordPress's forum plugin; its templates content-single-topic.php, loop-replies.php
    and loop-single-reply.php): in div#bbpress-forums, each post a box (div.hentry in li.bbp-body of
    ul.bbp-replies, or of ul.bbp-lead-topic for the topic shown apart) holding div.bbp-reply-author (the author's
    panel: avatar, name, role; div.bbp-topic-author for the lead topic) and div.bbp-reply-content (its message;
    div.bbp-topic-content), after div.bbp-reply-header (its date, its "#57" permalink, its "Reply" link). The panel
    has no facts ("Posts: 12"), no panel to `post_panels.js`, and trafilatura's discard expressions read the
    message's class as chrome ("-reply-") and a reply by the topic's starter ("topic-author") as a byline: the
    topic was its pager's "Viewing 3 posts - 1 through 3" and a notice. Each post's header and panel, the list's
    head and foot ("Author Posts"), and what else the forum's box holds (its crumbs, the topic's "This topic has 2
    replies" line, its pagers, tags, notices and reply form) are chrome; a threaded reply (ul.bbp-threaded-replies
    in its parent's item) follows its parent."""
    forums = next((e for e in tree.iter("div") if e.get("id") == "bbpress-forums"), None)
    if forums is None:
        return None
    lists = [e for e in forums.iter("ul", "ol") if _classes(e) & {"bbp-replies", "bbp-lead-topic"}]
    posts = []
    for message in (e for e in forums.iter("div") if _classes(e) & {"bbp-reply-content", "bbp-topic-content"}):
        box = message.getparent()
        if _classes(box) & {"bbp-header", "bbp-footer"} or not any(inside(box, up) for up in lists):
            continue  # (the list's head or foot, "Author Posts": no post)
        posts.append(([message], box))
    if not posts:
        return None
    for chrome in [e for e in forums.iter() if isinstance(e.tag, str) and _classes(e) & {
            "bbp-reply-author", "bbp-topic-author", "bbp-reply-header", "bbp-topic-header", "bbp-header",
            "bbp-footer"}]:
        chrome.drop_tree()
    for child in [child for child in forums if not any(inside(box, child) for _, box in posts)]:
        forums.remove(child)  # (the crumbs, the topic's description, the pagers, the reply form)
    for element in (e for e in forums.iter("ul", "ol", "li") if not any(inside(e, box) for _, box in posts)):
        element.tag = "div"  # (posts in a list's items are no list a reader reads: each post a paragraph)
    return posts


def _unnamed(posts: list) -> None:
    """Each box of ``posts``, what it holds and what holds it, without a class or id naming a comment."""
    for _, box in posts:
        for element in (*box.iter(), *box.iterancestors()):
            if isinstance(element.tag, str):
                for name in ("class", "id"):
                    if COMMENTS.search(element.get(name) or ""):
                        element.attrib.pop(name)
