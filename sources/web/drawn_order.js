// The order a flex or grid container's items are drawn in, where it is not the markup's: `order` (Bootstrap's
// `order-first`, `order-md-2`: its checkout page draws the cart, first in the markup, right of the form; a news
// card's date set above its heading, MDN's "Ordering flex items"), `flex-direction: *-reverse` (a comment list
// newest first, `flex-column-reverse`), `flex-wrap: wrap-reverse`, and a grid's items placed on lines or areas
// or packed `dense`. A reader reads what is drawn: top to bottom, and the items of one row left to right (right
// to left in a right-to-left container), which is also the reading order CSS's `reading-flow: flex-visual` and
// `grid-rows` give (csswg-drafts#7387). An item is in a row while its top is above the bottom of every item
// of the row so far (items centred on one line have their tops apart).
// Left as they are: a container whose items are not moved by any of these (auto-placed items are drawn in
// markup order: a masonry of cards of unequal heights must not be read by where each box ends), one with text
// of its own between its items (an anonymous item no markup can move) or an item with `display: contents`
// (its children are the items), and an item out of the flow (`absolute`, `fixed`), which keeps its place.
// visible_html.js uses it: `browser._script` puts it where DRAWN_ORDER stands; called with a container and a
// test of what is left out, it gives the container's in-flow items (element children) in drawn order, or
// null where that is their order in the markup.
(container, leftOut) => {
  const style = getComputedStyle(container);
  const flex = /^(inline-)?flex$/.test(style.display), grid = /^(inline-)?grid$/.test(style.display);
  if (!flex && !grid) return null;
  if ([...container.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && /\S/.test(node.nodeValue))) {
    return null;
  }
  const items = [...container.children].filter((el) => !leftOut(el)
    && !/^(absolute|fixed)$/.test(getComputedStyle(el).position));
  if (items.length < 2 || items.some((el) => getComputedStyle(el).display === 'contents')) return null;
  const placed = (value) => !/^(auto|span\b)/.test(value);  // on a line or an area (`1`, `main`, `2 / 4`)
  const moved = items.some((el) => getComputedStyle(el).order !== '0')
    || flex && (/reverse/.test(style.flexDirection) || style.flexWrap === 'wrap-reverse')
    || grid && (/dense/.test(style.gridAutoFlow) || items.some((el) => {
      const s = getComputedStyle(el);
      return [s.gridRowStart, s.gridRowEnd, s.gridColumnStart, s.gridColumnEnd].some(placed);
    }));
  if (!moved) return null;
  const rtl = style.direction === 'rtl';
  const boxes = items.map((el, at) => ({el, at, r: el.getBoundingClientRect()}));
  boxes.sort((a, b) => a.r.top - b.r.top || a.at - b.at);
  const rows = [];
  for (const box of boxes) {
    const row = rows[rows.length - 1];
    if (row && box.r.top < row.bottom) {
      row.boxes.push(box);
      row.bottom = Math.max(Math.min(row.bottom, box.r.bottom), row.top + 1);
    } else rows.push({boxes: [box], top: box.r.top, bottom: Math.max(box.r.bottom, box.r.top + 1)});
  }
  const across = (a, b) => (rtl ? b.r.right - a.r.right : a.r.left - b.r.left) || a.at - b.at;
  const drawn = rows.flatMap((row) => row.boxes.sort(across)).map((box) => box.el);
  return drawn.every((el, at) => el === items[at]) ? null : drawn;
}
