// Whether an element sets its text as a superscript or a subscript as drawn: 'sup', 'sub' or null. Raised or
// lowered by `vertical-align: super | sub` (the UA style sheet's <sup>/<sub>, a span set so), or set smaller
// than the text round it and raised or lowered by `vertical-align` (a length, top, bottom: a footnote mark
// set top) or by `position: relative` (normalize.css's <sup>: baseline, top -0.5em; an ordinal's "rd"). A
// <sup> on the baseline at full size is plain text ("4th" drawn, not "4<sup>th</sup>"), and so is a
// full-size span nudged a pixel (an icon's alignment). Both page_layout.js (a tile's lines) and
// visible_html.js (the main text) use it: `browser._script` puts it where SCRIPT_KIND stands.
(el) => {
  const style = getComputedStyle(el), align = style.verticalAlign;
  if (align === 'super' || align === 'sub') return align === 'super' ? 'sup' : 'sub';
  const parent = el.parentElement;
  if (!parent || parseFloat(style.fontSize) >= 0.95 * parseFloat(getComputedStyle(parent).fontSize)) return null;
  const raised = parseFloat(align);  // a length: computed in px, positive is up
  if (raised > 0 || align === 'top' || align === 'text-top') return 'sup';
  if (raised < 0 || align === 'bottom' || align === 'text-bottom') return 'sub';
  if (style.position !== 'relative') return null;
  const down = parseFloat(style.top) || -parseFloat(style.bottom) || 0;
  return down < 0 ? 'sup' : down > 0 ? 'sub' : null;
}
