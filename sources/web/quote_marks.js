// The mark a <q> element's ::before or ::after draws (`which`: 'before' or 'after'), as Chromium draws it
// (CSS Generated Content 3, `quotes`): the page's own string ("«"), '' where it draws none, the pair its
// `quotes` property lists for the element's depth among <q> elements (nested quotes alternate), and, under
// `quotes: auto`, the language's as Chromium draws them (English's “ ” and ‘ ’ where none is given); null
// where the mark is not known here (a language not in `AUTO`: no API reads Chromium's table back; an
// element that is no <q>).
// Both page_layout.js (a tile's lines) and visible_html.js (the main text) use it: `browser._script` puts it
// where QUOTE_MARK stands.
(q, which) => {
  // the marks Chromium (156) draws under `quotes: auto`, seen in its screenshots (two levels each); not CLDR's
  // table, which it does not follow for Spanish (“ ‘, not « “)
  const english = ['\u201c', '\u201d', '\u2018', '\u2019'], german = ['\u201e', '\u201c', '\u201a', '\u2018'];
  const swedish = ['\u201d', '\u201d', '\u2019', '\u2019'], russian = ['\u00ab', '\u00bb', '\u201e', '\u201c'];
  const AUTO = {en: english, es: english, pt: english, da: english, tr: english, zh: english, de: german,
                cs: german, sv: swedish, fi: swedish, ru: russian, uk: russian,
                fr: ['\u00ab', '\u00bb', '\u00ab', '\u00bb'], it: ['\u00ab', '\u00bb', '\u201c', '\u201d'],
                nb: ['\u00ab', '\u00bb', '\u2018', '\u2019'], nl: ['\u2018', '\u2019', '\u2018', '\u2019'],
                pl: ['\u201e', '\u201d', '\u00ab', '\u00bb'], ja: ['\u300c', '\u300d', '\u300e', '\u300f']};
  if (q.tagName !== 'Q') return null;  // the depth below counts <q> elements: only theirs is known
  const content = getComputedStyle(q, '::' + which).content;
  if (/^(none|normal)$/.test(content)) return '';
  const string = /^"([^"\\]*)"$/.exec(content);
  if (string) return string[1];
  if (content !== (which === 'before' ? 'open-quote' : 'close-quote')) return null;
  const quotes = getComputedStyle(q).quotes;
  if (quotes === 'none') return '';
  let pairs;
  if (quotes === 'auto') {
    const holder = q.closest('[lang]'), lang = holder ? holder.getAttribute('lang').toLowerCase() : '';
    pairs = AUTO[lang ? lang.split('-')[0] : 'en'];
    if (!pairs) return null;
  } else {
    pairs = [...quotes.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    if (!pairs.length || pairs.length % 2) return null;
  }
  let depth = 0;
  for (let at = q.parentElement; at; at = at.parentElement) if (at.tagName === 'Q') depth++;
  const level = Math.min(depth, pairs.length / 2 - 1);  // past the last pair, the last pair again
  return pairs[2 * level + (which === 'after' ? 1 : 0)];
}
