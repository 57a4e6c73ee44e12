// Where an element can be drawn (page coordinates): the page, cut by each box round it that hides its
// overflow (`overflow: hidden | clip`: its padding box); in a box that scrolls (`auto | scroll`) on an axis,
// the content it scrolls through there (the box itself is judged against the boxes round it). An element
// wholly outside is not drawn: a collapsed accordion's panel (`max-height: 0; overflow: hidden`), text past a
// clamped box. A box that hides its overflow cuts it
// vertically only: what lies beside it is a slider's other slides or a marquee's text, which a script moves
// in turn (the slide showing depended on when the page was read, and one run in four had none: a blind
// review); a box with no width at all still hides all it holds. Content scrolled out of a scroll container
// is content (a 30-row table in a 260px scroller stopped at the rows the page's height reached, a wide
// table lost the columns past the page's width). A box positioned `absolute` is cut only by the boxes
// round its containing block (and that block's own), one `fixed` by none.
// visible_html.js uses it: `browser._script` puts it where CLIP_AREA stands, called with the document's root
// and the page's area; it gives `innerArea(el)` (where the content in el's flow can be drawn), `clipArea(el)`
// (where el itself can be) and `meet(a, b)`, each area {x0, y0, x1, y1} in page pixels.
(root, page) => {
  const meet = (a, b) => ({x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1),
                           y1: Math.min(a.y1, b.y1)});
  const noBox = /^(inline|contents|none|table-row|table-row-group|table-header-group|table-footer-group|table-column|table-column-group)$/;
  const ownArea = (el) => {  // what the element's overflow lets its content be drawn in
    const style = getComputedStyle(el), all = {x0: -Infinity, y0: -Infinity, x1: Infinity, y1: Infinity};
    // (the root's and the body's overflow is the page's; an SVG element's is its viewport's, not a CSS box)
    if (el === document.body || el instanceof SVGElement || noBox.test(style.display)) return all;
    const r = el.getBoundingClientRect();
    const left = r.left + window.scrollX + el.clientLeft, top = r.top + window.scrollY + el.clientTop;
    const area = {...all};
    const scrolls = (value) => value === 'auto' || value === 'scroll';
    if (scrolls(style.overflowX)) {  // right-to-left content overflows to the left (scrollLeft <= 0)
      const start = style.direction === 'rtl' ? left + el.clientWidth - el.scrollWidth : left;
      area.x0 = start - el.scrollLeft;
      area.x1 = area.x0 + el.scrollWidth;
      area.scrollsX = true;
    } else if (style.overflowX !== 'visible' && el.clientWidth > 0) area.sideways = true;
    else if (style.overflowX !== 'visible') [area.x0, area.x1] = [left, left];  // no room: a drawer shut
    if (scrolls(style.overflowY)) {  // (content set bottom up, `column-reverse`, overflows upwards: not cut)
      if (style.flexDirection !== 'column-reverse') [area.y0, area.y1] = [top - el.scrollTop, top - el.scrollTop + el.scrollHeight];
      area.scrollsY = true;
    } else if (style.overflowY !== 'visible') [area.y0, area.y1] = [top, top + el.clientHeight];
    return area;
  };
  const inner = new Map();  // element -> where the content in its flow can be drawn
  const innerArea = (el) => {
    if (!el || el === root) return page;
    if (!inner.has(el)) {
      const outer = clipArea(el), own = ownArea(el), met = meet(outer, own);
      if (own.scrollsX) [met.x0, met.x1] = [own.x0, own.x1];
      if (own.sideways) [met.x0, met.x1] = [-Infinity, Infinity];
      if (own.scrollsY) [met.y0, met.y1] = [own.y0, own.y1];
      inner.set(el, met);
    }
    return inner.get(el);
  };
  const holdsPlaced = (el) => {  // the containing block of a descendant positioned absolute
    const style = getComputedStyle(el);
    return style.position !== 'static' || style.transform !== 'none' || style.filter !== 'none'
      || /paint|layout|strict|content/.test(style.contain);
  };
  const clipArea = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return page;
    let holder = el.parentElement;
    if (position === 'absolute') while (holder && holder !== root && !holdsPlaced(holder)) holder = holder.parentElement;
    return innerArea(holder);
  };
  return {innerArea, clipArea, meet};
}
