// How an element draws its text, for page_layout.js's lines (kept here to keep that walk short): whether it
// or an element round it draws its text unreadably (turned, mirrored, skewed, in 3D, squeezed, masked,
// blotted, blurred), and whether it is a face turned away from the reader. `browser._script` puts this where
// DRAWN_TEXT stands: an object of the two judgements, each caching its answers per element for one reading.
(() => {
  // Text not drawn upright as written: mirrored (a negative scale), turned or skewed at all, set in 3D (a
  // perspective turn draws a sliver), or masked (`-webkit-text-security` draws a disc a letter). A turned
  // word's box is the upright box round it, where the hit test misses the text (a line turned 3 degrees was
  // `none`: dropped from the target the image shows it in), so such a line is `unread` whatever the hit
  // test says: its tiles are refused, never written without it.
  const unreadable = new Map();  // element -> whether it or an element round it draws its text so
  const drawnUnreadably = (el) => {
    if (!el || el === document.body || el === document.documentElement) return false;
    if (unreadable.has(el)) return unreadable.get(el);
    const style = getComputedStyle(el);
    // (`text-transform: capitalize` too: the probe that spells the other transforms gets it wrong)
    let found = (style.webkitTextSecurity || 'none') !== 'none' || style.textTransform === 'capitalize';
    // letters pulled over each other (letter-spacing below -0.2em: a letter's advance is ~0.5em) blot the
    // words; tight headings (-0.02em to -0.05em) read as usual
    found = found || parseFloat(style.letterSpacing) < -0.2 * parseFloat(style.fontSize);
    // blurred past reading (`filter: blur(6px)`: a paywall's teaser), a radius over a sixth of the letters' size;
    // an element's own filter blurs what it holds (a soft shadow's blur of 1-2 pixels reads as usual)
    const blur = /blur\(\s*([\d.]+)px\s*\)/.exec(style.filter || '');
    found = found || (blur !== null && parseFloat(blur[1]) > parseFloat(style.fontSize) / 6);
    // the `rotate` and `scale` properties turn and flip as `transform` does
    if (!found && (style.rotate || 'none') !== 'none' && !/^0(deg)?$/.test(style.rotate)) found = true;
    if (!found && (style.scale || 'none') !== 'none') {
      const [sx, sy = sx] = style.scale.split(/\s+/).map(parseFloat);
      found = !(sx > 0 && sy > 0) || sx / sy > 3 || sy / sx > 3;
    }
    if (!found && style.transform && style.transform !== 'none') {
      const m = new DOMMatrix(style.transform);
      // turned about the x or y axis (a perspective turn, a flip) shows in m13, m23, m31, m32; a move along z
      // (translate3d, a parallax layer's translateZ and scale) draws the text flat and upright
      const off = [m.b, m.c, m.m13, m.m23, m.m31, m.m32].some((v) => Math.abs(v) > 1e-6);
      // squeezed past reading (scaleX(0.04)): one axis a third of the other or less
      found = off || m.a <= 0 || m.d <= 0 || m.a / m.d > 3 || m.d / m.a > 3;
    }
    found = found || drawnUnreadably(el.parentElement);
    unreadable.set(el, found);
    return found;
  };
  // A face turned away from the reader with `backface-visibility: hidden` (a flip card's back) is not drawn,
  // though the hit test finds it: its text is not in the target. Turned away: the z axis flipped (m33 < 0) by
  // its own and its ancestors' transforms together.
  const zSign = new Map();  // element -> the sign of m33 its and its ancestors' transforms give
  const signOf = (el) => {
    if (!el || el === document.body || el === document.documentElement) return 1;
    if (!zSign.has(el)) {
      const t = getComputedStyle(el).transform;
      zSign.set(el, (t && t !== 'none' && new DOMMatrix(t).m33 < 0 ? -1 : 1) * signOf(el.parentElement));
    }
    return zSign.get(el);
  };
  const facesAway = (el) => {
    for (let at = el; at && at !== document.body; at = at.parentElement) {
      if (getComputedStyle(at).backfaceVisibility === 'hidden' && signOf(at) < 0) return true;
    }
    return false;
  };
  return {drawnUnreadably, facesAway};
})()
