// What the page shows, from the DOM after layout, at scroll 0 (as the full-page capture draws it: fixed
// elements over the first viewport only): text blocks in document order, each with its lines, and
// widgets, with boxes in page pixels (CSS px; the screenshot is taken at device scale 1).
// Each line says how much of it a reader sees (`seen`: "all", "none" or "part"), by Chromium's own hit
// test at five points (its ends, its centre, near its top and bottom edges): a fixed header, a cookie
// banner or an overlay painted over a line hides it, so a tile's target never holds text its image
// does not show.
// Called with the node cap and the captured height (lines below it are not hit-tested).
async ([maxNodes, capturedHeight]) => {
  const nodeCount = document.getElementsByTagName('*').length;
  const page = {nodeCount, title: document.title, lang: document.documentElement.lang || '',
                width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
                blocks: [], widgets: []};
  if (nodeCount > maxNodes || !document.body) return page;
  window.scrollTo(0, 0);
  const sx = window.scrollX, sy = window.scrollY;
  const shown = (el) => !el.checkVisibility || el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const grow = (box, r) => { box[0] = Math.min(box[0], r.left + sx); box[1] = Math.min(box[1], r.top + sy);
                             box[2] = Math.max(box[2], r.right + sx); box[3] = Math.max(box[3], r.bottom + sy); };
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION']);
  const owners = new Map();
  const lines = [];  // [block, line] in document order, for the hit test
  const range = document.createRange();
  // [index, word, box, glued] for each run of non-space characters; a run that wraps (CJK text has
  // no spaces: a whole sentence is one run; CSS hyphenation breaks words) is cut where it wraps, one
  // piece per line, each piece after the first `glued` to the line before (joined without a space)
  const words = function* (node, raw) {
    for (const match of raw.matchAll(/\S+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const r = range.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      if (range.getClientRects().length < 2) { yield [match.index, match[0], r, false]; continue; }
      let start = match.index, box = null, offset = match.index;
      for (const char of match[0]) {
        range.setStart(node, offset);
        range.setEnd(node, offset + char.length);
        const all = range.getClientRects();  // the character after a break also gets an empty box at
        const c = all[all.length - 1] || range.getBoundingClientRect();  // the line's end: its own is last
        if (box && c.height > 0 && c.top >= box.bottom - 0.3 * c.height) {
          yield [start, raw.slice(start, offset), box, start > match.index];
          start = offset, box = null;
        }
        if (c.width > 0 && c.height > 0) box = box ? unite(box, c) : c;
        offset += char.length;
      }
      if (box) yield [start, raw.slice(start, offset), box, start > match.index];
    }
  };
  const unite = (a, b) => new DOMRect(Math.min(a.left, b.left), Math.min(a.top, b.top),
                                      Math.max(a.right, b.right) - Math.min(a.left, b.left),
                                      Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top));
  // control characters and soft hyphens (a hyphen drawn at a break is the renderer's, not the text's)
  const invisible = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad]/g;
  let spaced = false;  // whitespace since the last word (a word in a new node may sit right after it)
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const raw = node.nodeValue || '';
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || !shown(parent)) continue;
    if (!clean(raw)) { spaced = spaced || raw.length > 0; continue; }
    let owner = parent;  // inline elements belong to the block that holds them: one paragraph, one block
    while (owner !== document.body && getComputedStyle(owner).display.startsWith('inline')) owner = owner.parentElement;
    let block = owners.get(owner);
    // Words with their boxes, then lines: a word starts a new line where it does not sit beside the
    // last one. Source whitespace or a visible gap makes a space; "foo<b>bar</b>" stays "foobar".
    for (const [index, drawn, r, glued] of words(node, raw)) {
      const word = drawn.replace(invisible, '');
      if (!word) continue;
      if (!block) {
        block = {tag: owner.tagName.toLowerCase(), text: '', bbox: [Infinity, Infinity, -Infinity, -Infinity],
                 lines: [], owner};
        owners.set(owner, block);
        page.blocks.push(block);
      }
      spaced = spaced || index > 0;
      const last = block.lines[block.lines.length - 1];
      const beside = last && r.top < last.bbox[3] - sy - 0.3 * r.height && r.bottom > last.bbox[1] - sy + 0.3 * r.height
                     && r.left >= last.bbox[2] - sx - 1;
      if (beside && !glued) {
        const gap = r.left + sx - last.bbox[2];
        last.text += (spaced || gap > 0.2 * r.height ? ' ' : '') + word;
        grow(last.bbox, r);
      } else {
        const line = {text: word, glue: glued ? '' : ' ', bbox: [Infinity, Infinity, -Infinity, -Infinity], owner};
        grow(line.bbox, r);
        block.lines.push(line);
        lines.push([block, line]);
      }
      spaced = false;
      grow(block.bbox, r);
    }
    if (/\s$/.test(raw)) spaced = true;
  }
  // The hit test: Chromium answers only for points inside the viewport, so the page is scrolled a
  // viewport at a time. Fixed and sticky elements move with the viewport while scrolled, but the
  // capture draws them where they stand at scroll 0: off scroll 0 they are looked through, and lines
  // of their own are judged at scroll 0 only.
  const pinned = new Map();
  const isPinned = (el) => {
    if (!el || el === document.documentElement) return false;
    if (!pinned.has(el)) pinned.set(el, /^(fixed|sticky)$/.test(getComputedStyle(el).position) || isPinned(el.parentElement));
    return pinned.get(el);
  };
  const opaque = (el) => {
    if (/^(IMG|VIDEO|CANVAS|IFRAME|SVG|svg|OBJECT|EMBED|INPUT|BUTTON|SELECT)$/.test(el.tagName)) return true;
    const style = getComputedStyle(el);
    if (style.backgroundImage && style.backgroundImage !== 'none') return true;
    const alpha = style.backgroundColor.match(/rgba?\(([^)]+)\)/);
    // a dimming backdrop (a modal's, 40-70% black) leaves the text under it readable: only a near-opaque fill hides
    return !!alpha && (alpha[1].split(',').length < 4 || parseFloat(alpha[1].split(',')[3]) >= 0.85);
  };
  const seenAt = (line, x, y) => {  // y in page pixels
    for (const el of document.elementsFromPoint(x - sx, y - window.scrollY)) {
      if (line.owner.contains(el) || el.contains(line.owner)) return true;  // its own block (a form's inputs too)
      if (window.scrollY > 0 && isPinned(el)) continue;  // not where the capture draws it
      if (opaque(el)) return false;
    }
    return false;
  };
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const view = window.innerHeight;
  // top to bottom, pinned lines first (at scroll 0): the page scrolls at most once a viewport
  lines.sort((a, b) => (isPinned(a[1].owner) ? -1 : a[1].bbox[1]) - (isPinned(b[1].owner) ? -1 : b[1].bbox[1]));
  let top = 0;
  for (const [, line] of lines) {
    const [x0, y0, x1, y1] = line.bbox;
    if (y0 >= capturedHeight) { line.seen = 'all'; continue; }
    if (isPinned(line.owner) && y1 > view) { line.seen = 'all'; continue; }
    if (y1 > top + view || y0 < top) {  // not wholly in view: scroll so that it is (hit tests lay out anew)
      window.scrollTo(0, isPinned(line.owner) ? 0 : Math.max(0, Math.floor(y0)));
      top = window.scrollY;
    }
    const x = (x0 + x1) / 2, y = (y0 + y1) / 2, dx = Math.min(2, (x1 - x0) / 4), dy = 0.2 * (y1 - y0);
    const hits = [[x0 + dx, y], [x, y], [x1 - dx, y], [x, y0 + dy], [x, y1 - dy]].map(([px, py]) => seenAt(line, px, py));
    line.seen = hits.every(h => h) ? 'all' : hits.some(h => h) ? 'part' : 'none';
  }
  if (window.scrollY !== 0) { window.scrollTo(0, 0); await frames(); }
  for (const block of page.blocks) {
    block.text = block.lines.map((l, i) => (i ? l.glue : '') + l.text).join('');
    for (const line of block.lines) delete line.owner;
    delete block.owner;
  }
  const widgets = 'a[href], button, input, select, textarea, img[alt], [role=button], [role=link], [role=checkbox], [role=tab]';
  for (const el of document.querySelectorAll(widgets)) {
    if (!shown(el) || (el.type === 'hidden')) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const kind = el.tagName === 'INPUT' ? 'input:' + (el.type || 'text') : (el.getAttribute('role') || el.tagName.toLowerCase());
    const text = clean(el.innerText || el.value || el.getAttribute('aria-label') || el.placeholder || el.alt || el.title);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    grow(box, r);
    page.widgets.push({kind, text: text.slice(0, 200), bbox: box});
  }
  return page;
}
