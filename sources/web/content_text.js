// The text an element's ::before or ::after (`which`: 'before' or 'after') draws by its computed `content`
// (`content`, CSS Generated Content 3): its strings, escapes undone, what `attr()` reads, and a <q>'s marks
// where `quoteMark` (`quote_marks.js`) knows them, and counters where `counterValues` (`css_counters.js`'s
// function, or null) follows them, each value written by `counterStyle` (`counter_style.js`), joined; null where
// it draws something whose text is not known here (a counter not followed, a picture, another element's quote
// marks). Whether the pseudo-element is drawn at all is the caller's to judge.
// Both page_layout.js (a tile's lines) and generated_text.js (the main text) use it: `browser._script` puts it
// where CONTENT_TEXT stands.
(el, which, content, quoteMark, counterValues, counterStyle) => {
  let text = '';
  const unescape = (_, hex, c) => hex ? String.fromCodePoint(parseInt(hex, 16)) : c;
  const string = (quoted) => quoted.replace(/\\([0-9a-fA-F]{1,6}) ?|\\(.)/g, unescape);
  // a string, attr(name), counter(name[, style]), counters(name, "separator"[, style]), anything else
  const tokens = new RegExp(String.raw`"((?:[^"\\]|\\.)*)"|attr\(\s*([^)\s]+)\s*\)|(counters?)\(\s*([-\w]+)\s*`
                            + String.raw`(?:,\s*"((?:[^"\\]|\\.)*)"\s*)?(?:,\s*([-\w]+)\s*)?\)|\S+`, 'g');
  for (const [token, quoted, attr, counter, name, separator, type] of content.matchAll(tokens)) {
    if (counter !== undefined) {  // a counter's value, or its nested values (`counters()`), where followed
      const values = counterValues ? counterValues(el, which, name) : null;
      const written = values && (counter === 'counter' ? values.slice(-1) : values).map(
        (n) => type === 'none' ? '' : counterStyle(n, type || 'decimal'));
      if (!written || written.includes(null) || (counter === 'counters') !== (separator !== undefined)) return null;
      text += written.join(separator === undefined ? '' : string(separator));
      continue;
    }
    if (quoted === undefined && attr === undefined) {
      const mark = /^(open|close)-quote$/.test(token) ? quoteMark(el, which) : null;
      if (mark === null) return null;
      text += mark;
      continue;
    }
    text += quoted !== undefined ? string(quoted) : (el.getAttribute(attr) || '');
  }
  return text;
}
