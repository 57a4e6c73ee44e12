// The boxes of a page with no landmarks that are its sidebars and its footer, as a reader tells them apart by
// where they are drawn. visible_html.js wraps such a page's content in a <main> (trafilatura finds no frame in
// it and kept loose paragraphs only), and the wrapper took them in with their headings: a sidebar's "About the
// author" and "Subscribe", a footer's "About" and "Contact" columns, a forum post's user panel ("Moderator",
// "Posts: 8,211" beside each post: FluxBB, vBulletin's legacy postbit). Given
// - a side column: a box drawn beside its widest sibling that holds text (the main column), at most 0.6 of
//   its width and holding less text, at least four lines tall (not a row of tags, a menu's items, an event's
//   date block), and no picture or table filling half of it (a media row's picture beside its text is
//   content). Boxes side by side and alike (a card grid, a stat row, a product's gallery and details) are no
//   side columns;
// - the footer: the largest box round the page's last copyright line ("© 2024", "Copyright 2019", "All rights
//   reserved") with nothing drawn below it, holding no <h1> and at most 0.4 of the page's text.
// Table cells (a table's columns), boxes out of the flow and vertical writing (its lines side by side) are not
// judged. `browser._script` puts it where PAGE_PARTS stands; called with the body's elements in document order
// and a test of what is left out, it gives [element, "aside" | "footer"] pairs.
(elements, leftOut) => {
  const parts = [];
  const length = (el) => (el.innerText || '').replace(/\s+/g, ' ').trim().length;
  const inFlow = (el) => !leftOut(el) && !/^(absolute|fixed)$/.test(getComputedStyle(el).position)
    && !/^(table|inline$|contents|none)/.test(getComputedStyle(el).display);
  const media = 'img, picture, video, canvas, svg, table, iframe';
  const area = (r) => r.width * r.height;
  const lines = (el, n) => n * (parseFloat(getComputedStyle(el).fontSize) || 16);  // n lines' height, about
  for (const parent of [document.body, ...elements]) {
    const style = getComputedStyle(parent);  // (in vertical writing, lines stand side by side)
    if (leftOut(parent) || !/^(block|flex|grid|flow-root|list-item)$/.test(style.display)
        || style.writingMode !== 'horizontal-tb') continue;
    const boxes = [...parent.children].filter(inFlow)
      .map((el) => ({el, r: el.getBoundingClientRect(), text: length(el)}));
    const texts = boxes.filter((box) => box.text);
    if (texts.length < 2) continue;
    const main = texts.reduce((a, b) => (b.r.width > a.r.width ? b : a));
    for (const box of texts) {
      const beside = box.r.top < main.r.bottom && box.r.bottom > main.r.top
        && (box.r.right <= main.r.left + 1 || box.r.left >= main.r.right - 1);
      if (box === main || !beside || box.r.width > 0.6 * main.r.width || box.text >= main.text) continue;
      if (box.r.height < lines(box.el, 4)) continue;
      const pictures = [...box.el.querySelectorAll(media)].map((m) => area(m.getBoundingClientRect()));
      if (pictures.some((size) => size >= 0.5 * area(box.r))) continue;
      parts.push([box.el, 'aside']);
    }
  }
  const copyright = /(©|&copy;|\bcopyright\b)\s*(\d{4})|all rights reserved/i;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let last = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const holder = node.parentElement;
    if (copyright.test(node.nodeValue) && holder && !leftOut(holder)) last = holder;
  }
  if (!last) return parts;
  // the lowest text drawn on the page: nothing but the footer is below the footer
  let lowest = 0;
  for (const el of elements) {
    const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /\S/.test(n.nodeValue));
    if (leftOut(el) || !text) continue;
    lowest = Math.max(lowest, el.getBoundingClientRect().bottom);
  }
  const page = length(document.body);
  const fits = (el) => !el.querySelector('h1') && length(el) <= 0.4 * page
    && el.getBoundingClientRect().bottom >= lowest - 2;
  if (!fits(last)) return parts;
  let footer = last;
  while (footer.parentElement && footer.parentElement !== document.body && fits(footer.parentElement)) {
    footer = footer.parentElement;
  }
  parts.push([footer, 'footer']);
  return parts;
}
