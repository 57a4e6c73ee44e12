// The user panels of a thread's posts: the box beside or above each post that says who wrote it (a name, a
// rank, an avatar, "Joined: Jan 2023", "Posts: 1,234": phpBB's postprofile, vBulletin's userinfo, SMF's
// poster, FluxBB's postleft). trafilatura reads them as the post's text ("- jdoe\n- Registered User\n- Posts:
// 12"), and page_parts.js takes out only a panel beside a post that holds more text than it, on a page
// without landmarks: a one-line reply ("Thanks, that fixed it!") kept its panel, and so did every panel
// stacked above its post (a phone's layout, plain markup), and every panel on a page with a <main>.
// A panel, as drawn: a box of short lines (three or more, none over 60 characters: no prose) headed by a name
// (its first line no "label: value" and no "label:") and holding facts ("Posts: 12", or a <dt> and its
// <dd>), with the post's text in a box of the same parent beside it (drawn left or right of it, or beside it
// as a float, at most 0.6 of its width) or right under it, holding none of its facts' labels (two posts one
// under the other are no panel and its post). One alone is not judged (a product's facts beside its
// description): a panel has a twin in another post sharing a fact's label ("Posts"), and something in it or
// its twins says it is about a person (a small picture: an avatar; a class or id naming a user, author,
// poster, profile, member or avatar; a poster's count or date among its facts: posts, joined, registered).
// A quotation, a table, a listing, a figure and a title (h1 to h3: a story's card) are no panel, nor a box
// holding one (a post), nor a box out of the flow. visible_html.js uses it on every page: `browser._script`
// puts it where POST_PANELS stands; called with the body's elements in document order and a test of what is
// left out, it gives {panels, lone}: the panels, and where there are none a lone panel or null.
// A lone panel: a thread of one post (a question nobody answered yet) has no twin to tell its panel by. Where
// the page has no panel, the one box that would be a panel but for its twin whose facts hold a poster's
// count (posts, joined, registered: `counts`; not a page's "Pages: 1") is given as lone; where two are,
// neither. It is only a candidate (a reviewer's box, a writer's, a person's card are written alike):
// `lone_post` judges the page round it, and only a post it accepts loses its panel.
(elements, leftOut) => {
  const text = (el) => (el.innerText || '').replace(/\s+/g, ' ').trim();
  const lines = (el) => (el.innerText || '').split('\n').map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const labelOf = (line) => {  // "Posts: 1,234" -> "posts"; a label of at most three words
    const found = /^([^:：]{1,24}?)\s*[:：]\s*\S/u.exec(line);
    return found && found[1].trim().split(' ').length <= 3 ? found[1].trim().toLowerCase() : null;
  };
  const labels = (el) => {
    const out = new Set(lines(el).map(labelOf).filter(Boolean));
    for (const dt of el.querySelectorAll('dt')) {
      const dd = dt.nextElementSibling, label = text(dt).replace(/[:：]$/, '').toLowerCase();
      if (dd && dd.tagName === 'DD' && text(dd) && label && label.length <= 24) out.add(label);
    }
    return out;
  };
  const inFlow = (el) => !leftOut(el) && !/^(absolute|fixed)$/.test(getComputedStyle(el).position)
    && !/^(inline|contents|none|table)/.test(getComputedStyle(el).display);
  const content = 'blockquote, table, pre, figure, q, h1, h2, h3';
  const named = /user|author|poster|profile|member|avatar/i;
  const counts = /^(posts?|messages?|joined|join date|registered|member since|reputation|karma|threads|topics)$/;
  const small = (picture) => {
    const r = picture.getBoundingClientRect();
    return r.width >= 16 && r.height >= 16 && r.width <= 160 && r.height <= 160;
  };
  const personal = (el, facts) => [...el.querySelectorAll('img, svg, canvas, picture')].some(small)
    || [el, ...el.querySelectorAll('*')].some((e) => named.test(`${e.getAttribute('class') || ''} ${e.id}`))
    || [...facts].some((label) => counts.test(label));
  const found = [], headed = [];  // (headed: boxes that would be panels but for a poster's name as a heading)
  for (const parent of elements) {
    const style = getComputedStyle(parent);
    if (leftOut(parent) || !/^(block|flex|grid|flow-root|list-item)$/.test(style.display)
        || style.writingMode !== 'horizontal-tb') continue;
    const boxes = [...parent.children].filter((el) => /\S/.test(el.textContent) && inFlow(el))
      .map((el) => ({el, r: el.getBoundingClientRect(), float: getComputedStyle(el).float !== 'none'}));
    boxes.forEach((box, at) => {
      if (box.el.textContent.length > 4000) return;  // (a few short lines: a long box's lines are not laid out)
      const drawn = lines(box.el);
      if (drawn.length < 3 || drawn.some((line) => line.length > 60) || labelOf(drawn[0]) || /[:：]$/.test(drawn[0])
          || box.el.matches(content)) return;
      // a heading inside: no panel, but a lone one where it is one <h3> that is the box's first line, a poster's
      // name (XenForo 1's h3.userText: "jdoe Member"); `lone_post` judges the page round it
      const inside = [...box.el.querySelectorAll(content)];
      const named = inside.length === 1 && inside[0].tagName === 'H3' && lines(inside[0])[0] === drawn[0];
      if (inside.length && !named) return;
      const facts = labels(box.el);
      if (!facts.size) return;
      const beside = (post) => box.r.top < post.r.bottom && box.r.bottom > post.r.top
        && box.r.width <= 0.6 * post.r.width
        && (box.float || box.r.right <= post.r.left + 1 || box.r.left >= post.r.right - 1);
      const overlap = (post) => Math.min(box.r.right, post.r.right) - Math.max(box.r.left, post.r.left);
      const under = (post) => post === boxes[at + 1] && post.r.top >= box.r.bottom - 1
        && overlap(post) > 0.5 * Math.min(box.r.width, post.r.width);
      const post = boxes.find((other) => other !== box && (beside(other) || under(other)));
      if (!post || [...labels(post.el)].some((label) => facts.has(label))) return;
      (named ? headed : found).push({el: box.el, facts, personal: personal(box.el, facts)});
    });
  }
  const twins = (a) => found.filter((b) => b !== a && !a.el.contains(b.el) && !b.el.contains(a.el)
    && [...a.facts].some((label) => b.facts.has(label)));
  const panels = found.filter((a) => {
    const alike = twins(a);
    return alike.length && (a.personal || alike.some((b) => b.personal))
      && !found.some((b) => b !== a && a.el.contains(b.el));
  }).map((a) => a.el);
  // (the innermost, as a panel is: a post as short as its panel's lines ("Any fix?") is a box of short lines
  // with the panel's facts too, and two candidates made neither lone)
  const counting = (boxes) => boxes.filter((a) => [...a.facts].some((label) => counts.test(label))
    && !boxes.some((b) => b !== a && a.el.contains(b.el)));
  const counted = counting(found), countedHeaded = counting(headed);
  const lone = panels.length ? null : counted.length === 1 ? counted[0].el
    : !counted.length && countedHeaded.length === 1 ? countedHeaded[0].el : null;
  return {panels, lone};
}
