// The text an element's ::before or ::after (`which`: 'before' or 'after') draws, read from its computed
// `content` (CSS Generated Content 3): its strings, escapes undone, and what `attr()` reads, joined; a <q>'s
// marks where `quoteMark` (`quote_marks.js`, given by the caller) knows them; '' where the pseudo-element draws nothing (no content, an empty
// string, not displayed, hidden, transparent, clipped to nothing as screen-reader-only text is); null where
// it draws something whose text no API gives back (a counter, a picture, another element's quote marks).
// visible_html.js (the main text) uses it: `browser._script` puts it where GENERATED_TEXT stands.
(el, which, quoteMark) => {
  const style = getComputedStyle(el, '::' + which);
  if (!style.content || /^(none|normal)$/.test(style.content) || style.display === 'none') return '';
  if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0 || style.fontSize === '0px') return '';
  if (/^inset\(50%\)$/.test(style.clipPath) || /^rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)$/.test(style.clip)
      || /^(absolute|fixed)$/.test(style.position) && parseFloat(style.width) <= 1 && parseFloat(style.height) <= 1) {
    return '';  // the screen-reader-only pattern (" [deletion start] " before a <del>)
  }
  let text = '';
  for (const [token, quoted, attr] of style.content.matchAll(/"((?:[^"\\]|\\.)*)"|attr\(\s*([^)\s]+)\s*\)|\S+/g)) {
    if (quoted === undefined && attr === undefined) {
      const mark = /^(open|close)-quote$/.test(token) ? quoteMark(el, which) : null;
      if (mark === null) return null;
      text += mark;
      continue;
    }
    const unescape = (_, hex, c) => hex ? String.fromCodePoint(parseInt(hex, 16)) : c;
    text += quoted !== undefined ? quoted.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, unescape) : (el.getAttribute(attr) || '');
  }
  return text;
}
