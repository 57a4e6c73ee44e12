// The text a list item's marker draws, as Chromium draws it (CSS Lists 3, CSS Counter Styles 3): "5." for
// the fifth item of an <ol> (its `start`, `reversed` and the items' `value` counted as HTML says, a hidden
// <li> taking no number), "e." in lower-alpha, "v." in lower-roman; '' for a marker that draws no text (a
// bullet: disc, circle, square, a <details> triangle; `none`), a string the page gives as it is ("Step");
// null where the text is not known here (a ::marker `content` of counters or attributes, another counter
// style). Both page_layout.js (a
// tile's lines) and visible_html.js (the main text) use it: `browser._script` puts it where LIST_MARKER stands.
(li) => {
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
  const alphabetic = (k, letters) => {  // 1 a, 26 z, 27 aa (CSS `alphabetic`: no zero, no negatives)
    let out = '';
    for (; k > 0; k = Math.floor((k - 1) / letters.length)) out = letters[(k - 1) % letters.length] + out;
    return out;
  };
  const latin = 'abcdefghijklmnopqrstuvwxyz', greek = 'αβγδεζηθικλμνξοπρστυφχψω';  // CSS Counter Styles 3
  const roman = (k) => {  // CSS `additive` roman: 1 to 3999
    const values = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'],
                    [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
    let out = '';
    for (const [value, letters] of values) for (; k >= value; k -= value) out += letters;
    return out;
  };
  // outside a style's range CSS falls back to decimal
  if (/^(lower|upper)-(alpha|latin)$/.test(type) && n >= 1) {
    return (type.startsWith('lower') ? alphabetic(n, latin) : alphabetic(n, latin).toUpperCase()) + '.';
  }
  if (type === 'lower-greek' && n >= 1) return alphabetic(n, greek) + '.';
  if (/^(lower|upper)-roman$/.test(type) && n >= 1 && n <= 3999) {
    return (type.startsWith('lower') ? roman(n) : roman(n).toUpperCase()) + '.';
  }
  if (type === 'decimal-leading-zero') return (n < 0 ? '-' : '') + String(Math.abs(n)).padStart(2, '0') + '.';
  if (type === 'decimal' || /^(lower|upper)-(alpha|latin|roman|greek)$/.test(type)) return n + '.';
  return null;
}
