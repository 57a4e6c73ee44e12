// The page's HTML without what Chromium does not draw, for the interleaved sample's main text (trafilatura
// reads markup, not styles: text a style sheet hides, the `hidden` attribute, a <template>, screen-reader-only
// text, text moved off the page, a carousel's inactive slides and text set at size 0 were all in it).
// Left out, with everything inside: elements Chromium's own test says are not drawn (`checkVisibility`:
// display none, visibility hidden, opacity 0, content-visibility hidden), <template>, elements clipped to
// nothing (`clip: rect(0 0 0 0)`, `clip-path: inset(50%)`, a box of a pixel or less that hides its overflow:
// the screen-reader-only pattern), boxes wholly outside the page (left: -10000px), and text set at size 0.
// The page is not changed: its clone is. Called after load, before page_layout.js.
() => {
  const root = document.documentElement;
  if (!document.body) return root.outerHTML;
  const width = root.scrollWidth, height = root.scrollHeight;
  const drawn = (el) => {
    if (el.tagName === 'TEMPLATE') return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true,
                                                   contentVisibilityAuto: false})) return false;
    const style = getComputedStyle(el);
    if (style.fontSize === '0px' && !el.children.length) return false;
    if (/^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip) || /^inset\(50%\)$/.test(style.clipPath)) return false;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 && r.height <= 1 && style.overflow === 'hidden') return false;
    const x0 = r.left + window.scrollX, y0 = r.top + window.scrollY;
    if ((r.width > 0 || r.height > 0) && (x0 + r.width <= 0 || y0 + r.height <= 0 || x0 >= width || y0 >= height)) return false;
    return true;
  };
  const originals = [...document.body.querySelectorAll('*')];
  const copy = root.cloneNode(true);
  const copies = [...copy.querySelector('body').querySelectorAll('*')];
  if (copies.length !== originals.length) return root.outerHTML;  // not the same tree (never seen): as it is
  const out = new Set(), gone = [];  // originals left out (and those inside them), in document order
  for (let i = 0; i < originals.length; i++) {
    if (out.has(originals[i].parentElement)) { out.add(originals[i]); continue; }  // inside one left out
    if (!drawn(originals[i])) { out.add(originals[i]); gone.push(copies[i]); }
  }
  for (const el of gone) el.remove();
  return copy.outerHTML;
}
