// The text an element's ::before or ::after (`which`: 'before' or 'after') draws by its computed `content`
// (`content`, CSS Generated Content 3): its strings, escapes undone, what `attr()` reads, and a <q>'s marks
// where `quoteMark` (`quote_marks.js`) knows them, joined; null where it draws something whose text no API
// gives back (a counter, a picture, another element's quote marks). Whether the pseudo-element is drawn at all
// is the caller's to judge.
// Both page_layout.js (a tile's lines) and generated_text.js (the main text) use it: `browser._script` puts it
// where CONTENT_TEXT stands.
(el, which, content, quoteMark) => {
  let text = '';
  for (const [token, quoted, attr] of content.matchAll(/"((?:[^"\\]|\\.)*)"|attr\(\s*([^)\s]+)\s*\)|\S+/g)) {
    if (quoted === undefined && attr === undefined) {
      const mark = /^(open|close)-quote$/.test(token) ? quoteMark(el, which) : null;
      if (mark === null) return null;
      text += mark;
      continue;
    }
    const unescape = (_, hex, c) => hex ? String.fromCodePoint(parseInt(hex, 16)) : c;
    text += quoted !== undefined ? quoted.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, unescape)
                                 : (el.getAttribute(attr) || '');
  }
  return text;
}
