// What the page shows, from the DOM after layout: text blocks in document order and widgets, with
// boxes in page pixels (CSS px; the screenshot is taken at device scale 1). Called with the node cap.
(maxNodes) => {
  const nodeCount = document.getElementsByTagName('*').length;
  const page = {nodeCount, title: document.title, lang: document.documentElement.lang || '',
                width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
                blocks: [], widgets: []};
  if (nodeCount > maxNodes || !document.body) return page;
  const sx = window.scrollX, sy = window.scrollY;
  const shown = (el) => !el.checkVisibility || el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const grow = (box, r) => { box[0] = Math.min(box[0], r.left + sx); box[1] = Math.min(box[1], r.top + sy);
                             box[2] = Math.max(box[2], r.right + sx); box[3] = Math.max(box[3], r.bottom + sy); };
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION']);
  const owners = new Map();
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = clean(node.nodeValue);
    const parent = node.parentElement;
    if (!text || !parent || skip.has(parent.tagName) || !shown(parent)) continue;
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    let owner = parent;  // inline elements belong to the block that holds them: one paragraph, one block
    while (owner !== document.body && getComputedStyle(owner).display.startsWith('inline')) owner = owner.parentElement;
    let block = owners.get(owner);
    if (!block) {
      block = {tag: owner.tagName.toLowerCase(), text: '', bbox: [Infinity, Infinity, -Infinity, -Infinity]};
      owners.set(owner, block);
      page.blocks.push(block);
    }
    block.text = block.text ? block.text + ' ' + text : text;
    rects.forEach(r => grow(block.bbox, r));
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
