// The text a list item's marker draws, as Chromium draws it (CSS Lists 3, CSS Counter Styles 3): "5." for
// the fifth item of an <ol> (its `start`, `reversed` and the items' `value` counted as HTML says, a hidden
// <li> taking no number), "e." in lower-alpha, "v." in lower-roman; '' for a marker that draws no text (a
// bullet: disc, circle, square, a <details> triangle; `none`), a string the page gives as it is ("Step");
// null where the text is not known here (a ::marker `content` of counters or attributes, another counter
// style); the number written by `counterStyle` (`counter_style.js`, given by the caller). Both page_layout.js
// (a tile's lines) and visible_html.js (the main text) use it: `browser._script` puts it where LIST_MARKER
// stands.
(li, counterStyle) => {
  const style = getComputedStyle(li), type = style.listStyleType;
  const content = getComputedStyle(li, '::marker').content;
  // a string of the page's own (`::marker { content: "Step " }`, `list-style-type: "→ "`) is drawn as it is
  const string = (value) => /^"([^"\\]*)"$/.exec(value);
  if (!/^(normal|none)$/.test(content)) return string(content) ? string(content)[1].trim() : null;
  if (string(type)) return string(type)[1].trim();
  if (/^(none|disc|circle|square|disclosure-open|disclosure-closed)$/.test(type)) return '';
  const list = li.parentElement;
  if (li.tagName !== 'LI' || !list || !/^(OL|UL|MENU)$/.test(list.tagName)) return null;
  // the list-item counter counts the items drawn as list items; a reversed list starts at their number
  // (a <ul> or <menu> numbered by its style counts from 1)
  const items = [...list.children].filter(
    (item) => item.tagName === 'LI' && getComputedStyle(item).display === 'list-item');
  const ordered = list.tagName === 'OL';
  let n = !ordered ? 1 : list.reversed ? (list.hasAttribute('start') ? list.start : items.length) : list.start;
  for (const item of items) {
    if (item.hasAttribute('value')) n = item.value;
    if (item === li) break;
    n += ordered && list.reversed ? -1 : 1;
  }
  const text = counterStyle(n, type);
  return text === null ? null : text + '.';
}
