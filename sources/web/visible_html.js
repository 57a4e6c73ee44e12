// The page's HTML without what Chromium does not draw, for the interleaved sample's main text (trafilatura
// reads markup, not styles: text a style sheet hides, the `hidden` attribute, a <template>, screen-reader-only
// text, text moved off the page, a carousel's inactive slides and text set at size 0 were all in it).
// Left out, with everything inside: elements Chromium's own test says are not drawn (`checkVisibility`:
// display none, visibility hidden, opacity 0, content-visibility hidden), <template>, elements clipped to
// nothing (`clip: rect(0 0 0 0)`, `clip-path: inset(50%)`, a box of a pixel or less that hides its overflow:
// the screen-reader-only pattern), boxes wholly outside the page (left: -10000px), and text set at size 0.
// An element hidden by `visibility` loses its own text only (a child may be visible again); one with
// `display: contents` has no box and is kept, its children judged. The page is not changed: its clone is.
// Called after load, before page_layout.js, with the node cap (a larger page is returned as it is: refused).
(maxNodes) => {
  const root = document.documentElement;
  if (!document.body || document.getElementsByTagName('*').length > maxNodes) return root.outerHTML;
  const width = root.scrollWidth, height = root.scrollHeight;
  // 'gone': the element and all it holds are not drawn; 'own': its own text is not drawn, but a child may be
  // (`visibility: hidden` is inherited and a child may set `visible` again); 'drawn'
  const clipsText = (el) => {  // gradient text: a background clipped to the text, on it or round it
    for (let at = el; at && at !== root; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.backgroundClip === 'text' || style.webkitBackgroundClip === 'text') return true;
    }
    return false;
  };
  const judge = (el) => {
    if (el.tagName === 'TEMPLATE' || el.getAttribute('hidden') === 'until-found') return 'gone';
    const style = getComputedStyle(el);
    if (style.display === 'contents') return 'drawn';  // no box of its own: its children are judged
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, contentVisibilityAuto: false})) return 'gone';
    if (style.visibility !== 'visible') return 'own';
    const t = style.transform && style.transform !== 'none' ? new DOMMatrix(style.transform) : null;
    if (t && (Math.abs(t.a * t.d - t.b * t.c) < 1e-3)) return 'gone';  // scaled to nothing
    // painted in no colour (no stroke, no shadow, no gradient showing through it): its own text is not drawn
    if (/^(transparent|rgba\([^)]*,\s*0\))$/.test(style.color) && style.textShadow === 'none'
        && !parseFloat(style.webkitTextStrokeWidth || '0') && !clipsText(el)) return 'own';
    if (style.fontSize === '0px' && !el.children.length) return 'gone';
    const clip = /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip)
      || /^inset\(50%\)$/.test(style.clipPath);
    const r = el.getBoundingClientRect();
    if (clip || r.width <= 1 && r.height <= 1 && style.overflow === 'hidden') return 'gone';
    const x0 = r.left + window.scrollX, y0 = r.top + window.scrollY;
    const off = x0 + r.width <= 0 || y0 + r.height <= 0 || x0 >= width || y0 >= height;
    return (r.width > 0 || r.height > 0) && off ? 'gone' : 'drawn';
  };
  const originals = [...document.body.querySelectorAll('*')];
  const copy = root.cloneNode(true);
  const copies = [...copy.querySelector('body').querySelectorAll('*')];
  if (copies.length !== originals.length) return root.outerHTML;  // not the same tree (never seen): as it is
  const out = new Set(), gone = [], mute = [];  // originals left out (and those inside them), in document order
  for (let i = 0; i < originals.length; i++) {
    if (out.has(originals[i].parentElement)) { out.add(originals[i]); continue; }  // inside one left out
    const verdict = judge(originals[i]);
    if (verdict === 'gone') { out.add(originals[i]); gone.push(copies[i]); }
    if (verdict === 'own') mute.push(copies[i]);
  }
  for (const el of mute) {  // its own text out, and its inline visibility (trafilatura drops what it holds)
    for (const node of [...el.childNodes]) if (node.nodeType === Node.TEXT_NODE) node.remove();
    el.style.removeProperty('visibility');
  }
  for (const el of gone) el.remove();
  return copy.outerHTML;
}
