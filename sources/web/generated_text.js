// The text an element's ::before or ::after (`which`: 'before' or 'after') draws: its computed `content` as
// `contentText` (`content_text.js`) reads it, a <q>'s marks where `quoteMark` (`quote_marks.js`) knows them (both
// given by the caller); '' where the pseudo-element draws nothing (no content, an empty string, not displayed,
// hidden, transparent, clipped to nothing as screen-reader-only text is); null where it draws something whose
// text no API gives back (a counter, a picture, another element's quote marks).
// visible_html.js (the main text) uses it: `browser._script` puts it where GENERATED_TEXT stands.
(el, which, quoteMark, contentText) => {
  const style = getComputedStyle(el, '::' + which);
  if (!style.content || /^(none|normal)$/.test(style.content) || style.display === 'none') return '';
  if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0 || style.fontSize === '0px') return '';
  if (/^inset\(50%\)$/.test(style.clipPath) || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip)
      || /^(absolute|fixed)$/.test(style.position) && parseFloat(style.width) <= 1 && parseFloat(style.height) <= 1) {
    return '';  // the screen-reader-only pattern (" [deletion start] " before a <del>)
  }
  // scaled to nothing or moved off the page (a tooltip's `transform: scale(0)`, `left: -9999px`, shown on
  // hover: its text was spliced into the sentence), judged as visible_html.js judges an element
  const t = style.transform && style.transform !== 'none' ? new DOMMatrix(style.transform) : null;
  if (t && Math.abs(t.a * t.d - t.b * t.c) < 1e-3) return '';
  if (/^(absolute|fixed)$/.test(style.position)) {
    // its box, from its containing block's: the element where that is positioned, else the page (near enough)
    const own = getComputedStyle(el), root = document.documentElement, r = el.getBoundingClientRect();
    const holds = style.position === 'absolute' && (own.position !== 'static' || own.transform !== 'none');
    const block = style.position === 'fixed' ? {x: 0, y: 0, w: window.innerWidth, h: window.innerHeight}
      : holds ? {x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height}
      : {x: 0, y: 0, w: root.clientWidth, h: root.clientHeight};
    const w = parseFloat(style.width) || 0, h = parseFloat(style.height) || 0, px = (v) => /px$/.test(v) ? parseFloat(v) : NaN;
    const x0 = !isNaN(px(style.left)) ? block.x + px(style.left) : !isNaN(px(style.right)) ? block.x + block.w - px(style.right) - w : null;
    const y0 = !isNaN(px(style.top)) ? block.y + px(style.top) : !isNaN(px(style.bottom)) ? block.y + block.h - px(style.bottom) - h : null;
    if (x0 !== null && (x0 + Math.max(w, 1) <= 0 || x0 >= root.scrollWidth)) return '';
    if (y0 !== null && (y0 + Math.max(h, 1) <= 0 || y0 >= root.scrollHeight)) return '';
  }
  return contentText(el, which, style.content, quoteMark);
}
