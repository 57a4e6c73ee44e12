// What the page shows, from the DOM after layout, at scroll 0 (as the full-page capture draws it: fixed
// elements over the first viewport only): text blocks in document order, each with its lines, and
// widgets, with boxes in page pixels (CSS px; the screenshot is taken at device scale 1).
// Each line says how much of it a reader sees (`seen`: "all", "none" or "part"; "unread" when it is seen
// but holds text CSS draws that no API gives: a counter, a quote, a list marker), by Chromium's own hit
// test at five points (its ends, its centre, near its top and bottom edges): a fixed header, a cookie
// banner or an overlay painted over a line hides it, so a tile's target never holds text its image
// does not show. Text clipped away by a box (overflow, `clip`, `clip-path`) is not seen either, and
// text the renderer draws that no text node holds (generated content, form values, list numbers,
// `text-transform`, a broken image's alt text) is written as drawn.
// A formula (`math_atoms.js`) is one word, its TeX (`math_text`) over its box, on a line marked `math` (the
// read-back check leaves it out: the image draws no TeX); one whose TeX is not known makes its line `unread`.
// Called with the node cap, the captured height (lines below it are not hit-tested), how long to wait
// for web fonts (ms; `fontsLoading` says they were still loading: the caller refuses the page) and the
// formulas' TeX. Runs before
// the screenshot and may change the page only in ways that draw the same (see `generated`), but for a
// broken image's icon (see `broken`).
async ([maxNodes, capturedHeight, fontWaitMs, formulas]) => {
  // The page's own scripts may change its text while it is read and captured (a clock, a ticker, a counter run
  // by a timer or by requestAnimationFrame, a banner added late): the lines read here would not be the ones the
  // screenshot draws. Every change to the body's drawn text from now on is recorded, and
  // `window.__vlTextChanges()`, asked after the screenshot, gives the page boxes where the changed text stands
  // then (`samples` refuses the tiles they touch). Not counted: this script's own vl-* elements, text nothing
  // draws (scripts, style sheets, the title, a tracking pixel), elements without a box.
  const changes = [], watcher = new MutationObserver((records) => changes.push(...records));
  if (document.body) watcher.observe(document.body, {subtree: true, childList: true, characterData: true});
  const undrawn = /^(SCRIPT|STYLE|LINK|META|NOSCRIPT|TEMPLATE|TITLE|IMG|IFRAME|VL-PROBE|VL-GENERATED|VL-ALT)$/i;
  const ours = (node) => /^VL-/i.test(node.nodeName)
    || !!(node.parentElement && node.parentElement.closest('vl-generated, vl-alt, vl-probe'));
  const texty = (node) => node.nodeType === Node.TEXT_NODE ? /\S/.test(node.nodeValue)
    : node.nodeType === Node.ELEMENT_NODE && !undrawn.test(node.nodeName) && /\S/.test(node.textContent || '');
  window.__vlTextChanges = () => {
    const boxes = [], boxOf = (el) => {
      if (!el || !el.getBoundingClientRect || el.closest('script, style, noscript, template')) return;
      const r = el.getBoundingClientRect();
      if (r.width > 0 || r.height > 0) {
        const x = window.scrollX, y = window.scrollY;
        boxes.push([r.left + x, r.top + y, r.right + x, r.bottom + y]);
      }
    };
    for (const record of [...changes, ...watcher.takeRecords()]) {
      if (ours(record.target)) continue;
      if (record.type === 'characterData') { if (texty(record.target)) boxOf(record.target.parentElement); continue; }
      for (const node of record.addedNodes) {
        if (!ours(node) && texty(node)) boxOf(node.nodeType === Node.ELEMENT_NODE ? node : record.target);
      }
      if ([...record.removedNodes].some((node) => !ours(node) && texty(node))) boxOf(record.target);
    }
    return boxes;
  };
  const nodeCount = document.getElementsByTagName('*').length;
  const page = {nodeCount, title: document.title, lang: document.documentElement.lang || '',
                width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
                blocks: [], widgets: [], images: [], icons: []};
  if (nodeCount > maxNodes || !document.body) return page;
  // each picture's source as the HTML wrote it and the URL Chromium drew it from (a srcset's or a <picture>
  // source's candidate, a <base href>'s, spaces and non-ASCII percent-encoded): what the page's extracted text
  // names by the first is looked up among the served resources by the second
  for (const img of document.images) {
    if (!img.currentSrc) continue;
    page.images.push({src: img.getAttribute('src') || '', dataSrc: img.getAttribute('data-src') || '',
                      current: img.currentSrc});
  }
  window.scrollTo(0, 0);
  const sx = window.scrollX, sy = window.scrollY;
  const shown = (el) => !el.checkVisibility || el.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const clean = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const legible = 3.5;  // pixels a word's box is high at least where it can be read: a font of about 3 pixels
  // Text painted in no colour: `color: transparent` (or a clear -webkit-text-fill-color) with no stroke
  // and no shadow draws nothing, though it is laid out, hit-tested and in the DOM. Gradient text
  // (`background-clip: text` on it or an ancestor, its fill clear) is drawn, by the background.
  const alphaOf = (color) => {
    const m = /^rgba?\(([^)]*)\)$/.exec(color || '');
    const parts = m ? m[1].split(/[\s,\/]+/).filter(Boolean) : [];
    return parts.length > 3 ? parseFloat(parts[3]) : 1;  // other notations: taken as painted
  };
  const paintless = new Map();
  const unpainted = (el) => {
    if (paintless.has(el)) return paintless.get(el);
    const s = getComputedStyle(el);
    let none = alphaOf(s.webkitTextFillColor) === 0 && s.textShadow === 'none'
      && !(parseFloat(s.webkitTextStrokeWidth) > 0 && alphaOf(s.webkitTextStrokeColor) > 0);
    for (let at = el; none && at && at !== document.documentElement; at = at.parentElement) {
      if (/text/.test(getComputedStyle(at).backgroundClip)) none = false;
    }
    paintless.set(el, none);
    return none;
  };
  const grow = (box, r) => { box[0] = Math.min(box[0], r.left + sx); box[1] = Math.min(box[1], r.top + sy);
                             box[2] = Math.max(box[2], r.right + sx); box[3] = Math.max(box[3], r.bottom + sy); };
  // <noscript> is not skipped: with scripts on it is not displayed (`shown`), with them off its text is drawn
  // nor a ruby's annotation (<rt>, <rp>: furigana set small over the base text): its base is the line's text
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'TEXTAREA', 'OPTION', 'RT', 'RP']);
  const owners = new Map();
  const lines = [];  // [block, line] in document order, for the hit test
  const range = document.createRange();
  // control characters and soft hyphens (a hyphen drawn at a break is the renderer's, not the text's), and
  // private-use code points (icon fonts draw pictures with them)
  // (and the formatting marks that draw nothing: a zero-width space, word joiner, byte order mark, direction
  // marks and isolates; not the joiners U+200C/U+200D, which shape Persian and emoji, nor the overrides)
  const invisible = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b\u200e\u200f\u2060\u2066-\u2069\ufeff\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}]/gu;
  // Generated content (`::before`/`::after` with `content: "New: "` or `attr(...)`) is drawn, but no
  // text node holds it: WebDriver's element text and html2canvas miss it too (geckodriver#1879,
  // nightwatchjs/nightwatch#682). Each such pseudo-element becomes a real element with its computed
  // style, and the pseudo-element is switched off, so the same text is drawn from a node this script
  // measures. No API gives a counter's or a quote mark's text: counters are followed through the page
  // (`css_counters.js`: resets, increments and sets, nested `counters()`, the common counter styles), a <q>'s
  // marks are known in the cases `quote_marks.js` names; any other makes the line it is drawn on refused
  // (`unread`, marked after the walk). Elements that draw no children (an input with appearance: none may draw a ::before tick)
  // keep theirs, and its text stays out.
  const quoteMark = QUOTE_MARK, contentText = CONTENT_TEXT, counterStyle = COUNTER_STYLE;
  // the counters in scope at each pseudo-element (`css_counters.js`), followed through the page once, before any
  // pseudo-element is switched off, where the first one draws a counter
  let counters = null;
  const counted = (content) => /counters?\(/.test(content) ? counters || (counters = (CSS_COUNTERS)()) : null;
  const childless = /^(INPUT|IMG|SELECT|TEXTAREA|BR|HR|VIDEO|AUDIO|IFRAME|CANVAS|OBJECT|EMBED|METER|PROGRESS)$/;
  const sheet = document.createElement('style');
  sheet.textContent = '[data-vl-before]::before{content:none!important}[data-vl-after]::after{content:none!important}';
  const generated = [], unread = [];
  // An icon font draws a picture for a private-use code point (Font Awesome's "\f095" a phone): no text, but
  // where no font the page has covers it, Chromium draws an empty box ("tofu") the target cannot say, as
  // for emoji without a font. Each icon's characters and box go to `page.icons`, for the caller to check
  // against the fonts (`samples.PageJob.undrawable`); an icon drawn by ::before/::after is measured by its
  // element's box.
  const privateUse = /[\ue000-\uf8ff\u{f0000}-\u{ffffd}\u{100000}-\u{10fffd}]/gu;
  const iconHosts = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (childless.test(el.tagName) || el instanceof SVGElement) continue;
    for (const which of ['before', 'after']) {
      const style = getComputedStyle(el, '::' + which);
      if (!style.content || /^(none|normal)$/.test(style.content)) continue;
      const text = contentText(el, which, style.content, quoteMark, counted(style.content), counterStyle);
      // a counter not followed or a quote mark not known is drawn, but its text is not: its line is refused
      if (text === null && /(^|\s)(counters?\(|open-quote|close-quote)/.test(style.content)) unread.push([el, which]);
      if (!text || !shown(el)) continue;
      if (!text.replace(invisible, '').trim()) {  // icons (private-use glyphs) are no text, but pictures a font draws
        const icons = text.match(privateUse);
        if (icons) iconHosts.push([el, icons.join('')]);
        continue;
      }
      generated.push([el, which, style, text]);
    }
  }
  for (const [el, which, style, text] of generated) {  // measured above, changed here: one style pass
    const box = document.createElement('vl-generated');
    for (const name of style) if (name !== 'content') box.style.setProperty(name, style.getPropertyValue(name));
    box.textContent = text;
    which === 'before' ? el.prepend(box) : el.append(box);
    el.setAttribute('data-vl-' + which, '');
  }
  if (generated.length) document.head.append(sheet);
  const icon = (text, r) => page.icons.push({text, bbox: [r.left + sx, r.top + sy, r.right + sx, r.bottom + sy]});
  for (const [el, text] of iconHosts) icon(text, el.getBoundingClientRect());  // after the insertions moved it
  // An image that failed to load draws a broken-image icon and what of its alt text fits its box,
  // wrapped and cut where the box ends; that text is in no text node (ROCm/legacy-rocm-build#2910:
  // "the alt text is only displayed when the image cannot be loaded"; makigas/makigas.es#35). Each such
  // image is drawn instead as a box of its size holding its alt text if all of it fits (no icon),
  // else empty, so the screenshot never shows a cut alt text the target cannot say.
  const broken = [];
  const failed = [...document.body.querySelectorAll('img[alt]')].filter(
    img => img.complete && !img.naturalWidth && img.alt.trim() && shown(img));
  const decoded = await Promise.all(failed.map(img => img.decode().then(() => true, () => false)));
  for (const img of failed.filter((img, i) => !decoded[i])) {  // decode() fails only for an image that did
    const style = getComputedStyle(img), box = document.createElement('vl-alt');
    for (const name of style) box.style.setProperty(name, style.getPropertyValue(name));
    if (style.display === 'inline') box.style.display = 'inline-block';
    box.style.overflow = 'hidden';
    box.textContent = img.alt;
    broken.push([img, box]);
  }
  for (const [img, box] of broken) { img.before(box); img.style.setProperty('display', 'none', 'important'); }
  const overflowing = broken.filter(([, box]) => box.scrollWidth > box.clientWidth + 1
                                                 || box.scrollHeight > box.clientHeight + 1);
  for (const [, box] of overflowing) box.textContent = '';  // measured above for all, emptied here: one layout
  // Playwright's screenshot waits for web fonts (microsoft/playwright#28226); boxes measured before a
  // font swaps in wrap differently from the image (microsoft/playwright#3322): lay the page out (a
  // font starts loading when text needs it) and wait for them here too, `fontWaitMs` at most
  void document.body.offsetHeight;
  await Promise.race([document.fonts.ready, new Promise(r => setTimeout(r, fontWaitMs))]);
  page.fontsLoading = document.fonts.status === 'loading';
  // The box a text is clipped to: overflow (not visible) and `clip: rect()` of the text's ancestors, an
  // absolutely positioned box escaping its static ancestors. Hit tests do not see this clipping where
  // an ancestor's box lies under the text: a screen-reader-only span (1px, clip: rect(0 0 0 0)) and
  // `text-indent: 100%` + overflow hidden passed as seen (Siteimprove/alfa#524, html-sketchapp#46).
  // `ellipsis`: the box draws an ellipsis over text it clips (niklasvh/html2canvas#324).
  const viewportOverflow = getComputedStyle(document.documentElement).overflow === 'visible';
  const clips = new Map();  // element -> [its clip on text in normal flow, on an absolutely positioned box]
  const clipOf = (el, escaping = false) => {
    if (!el || el === document.documentElement) return {l: -Infinity, t: -Infinity, r: Infinity, b: Infinity};
    if (!clips.has(el)) clips.set(el, []);
    const memo = clips.get(el);
    if (memo[+escaping]) return memo[+escaping];
    const s = getComputedStyle(el);
    if (escaping && s.position === 'static') return memo[1] = clipOf(el.parentElement, true);
    const c = {...(s.position === 'fixed' ? clipOf(null) : clipOf(el.parentElement, s.position === 'absolute'))};
    const r = el.getBoundingClientRect();
    // body's overflow is the viewport's when html's is visible: it clips nothing in a full-page capture
    if (s.display !== 'inline' && !(el === document.body && viewportOverflow)) {
      if (s.overflowX !== 'visible') {
        c.l = Math.max(c.l, r.left + parseFloat(s.borderLeftWidth));
        c.r = Math.min(c.r, r.right - parseFloat(s.borderRightWidth));
        c.ellipsis = c.ellipsis || s.textOverflow === 'ellipsis';
      }
      if (s.overflowY !== 'visible') {
        c.t = Math.max(c.t, r.top + parseFloat(s.borderTopWidth));
        c.b = Math.min(c.b, r.bottom - parseFloat(s.borderBottomWidth));
        // `-webkit-line-clamp`: lines past the clamp are hidden and an ellipsis ends the last one shown
        c.clamped = c.clamped || (!!s.webkitLineClamp && s.webkitLineClamp !== 'none');
      }
    }
    const rect = /^rect\((.*)\)$/.exec(s.clip);
    if (rect && /^(absolute|fixed)$/.test(s.position)) {
      const [t, rt, b, l] = rect[1].split(/\s*,\s*|\s+/).map(v => v === 'auto' ? null : parseFloat(v));
      c.t = Math.max(c.t, r.top + (t ?? 0)); c.r = Math.min(c.r, r.left + (rt ?? r.width));
      c.b = Math.min(c.b, r.top + (b ?? r.height)); c.l = Math.max(c.l, r.left + (l ?? 0));
    }
    return memo[+escaping] = c;
  };
  // 'out', 'part' or 'in'; a glyph box a quarter taller than a tight line box is not clipped ink
  const clipped = (r, c) => {
    if (r.right <= c.l + 0.5 || r.left >= c.r - 0.5 || r.bottom <= c.t + 0.5 || r.top >= c.b - 0.5) return 'out';
    const dy = 0.25 * r.height;
    return r.left < c.l - 1 || r.right > c.r + 1 || r.top < c.t - dy || r.bottom > c.b + dy ? 'part' : 'in';
  };
  // `text-transform` is drawn, not stored: the DOM says "breaking news", the image "BREAKING NEWS"
  // (servo/servo#37469, mootools/mootools-core#2061). Chromium's innerText applies it; a rendered,
  // off-page probe gives each word as drawn (a word continued from another node keeps its first letter).
  // A block's ::first-line and ::first-letter transforms apply to the words of its first line (unless
  // their own element sets another) and to its first letter (WebKit/WebKit#62810: Chrome's innerText
  // applies both).
  const probe = document.createElement('vl-probe');
  probe.style.cssText = 'position:absolute;left:-99999px;top:0;white-space:pre';
  const spell = (word, transform, el, midWord) => {
    if (transform === 'none') return word;
    if (!probe.isConnected) document.documentElement.append(probe);  // outside body: never walked
    probe.style.textTransform = transform;
    probe.lang = (el.closest('[lang]') || document.documentElement).lang;
    probe.textContent = (midWord ? 'a' : '') + word;
    return probe.innerText.slice(midWord ? 1 : 0);
  };
  const firsts = new Map();  // block -> [its transform, its ::first-line's, its ::first-letter's]
  const transformed = (word, el, midWord, owner, firstLine, firstWord) => {
    let transform = getComputedStyle(el).textTransform;
    if (!firsts.has(owner)) firsts.set(owner, [getComputedStyle(owner).textTransform, ...['line', 'letter'].map(
      which => getComputedStyle(owner, '::first-' + which).textTransform)]);
    const [own, line, letter] = firsts.get(owner);
    if (firstLine && transform === own) transform = line;
    word = spell(word, transform, el, midWord);
    const initial = firstWord && !midWord && letter !== transform && /^\P{L}*\p{L}/u.exec(word);
    return initial ? spell(initial[0], letter, el, false) + word.slice(initial[0].length) : word;
  };
  // JavaScript's \s counts U+FEFF (a zero-width no-break space, a byte-order mark left inside a word) as a
  // space: "of\ufefffice", one word as drawn, was two ("harbour of fice"). A run of characters between
  // spaces is cut at the spaces a reader sees (\s less U+FEFF)
  const wordRun = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  // [index, word, box, glued] for each run of non-space characters; a run that wraps (CJK text has
  // no spaces: a whole sentence is one run; CSS hyphenation breaks words) is cut where it wraps, one
  // piece per line, each piece after the first `glued` to the line before (joined without a space)
  const words = function* (node, raw) {
    for (const match of raw.matchAll(wordRun)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const r = range.getBoundingClientRect();
      if (r.width <= 0 || r.height <= 0) continue;
      if (range.getClientRects().length < 2) { yield [match.index, match[0], r, false]; continue; }
      let start = match.index, box = null, offset = match.index;
      for (const char of match[0]) {
        range.setStart(node, offset);
        range.setEnd(node, offset + char.length);
        const all = range.getClientRects();  // the character after a break also gets an empty box at
        const c = all[all.length - 1] || range.getBoundingClientRect();  // the line's end: its own is last
        if (box && c.height > 0 && c.top >= box.bottom - 0.3 * c.height) {
          yield [start, raw.slice(start, offset), box, start > match.index];
          start = offset, box = null;
        }
        if (c.width > 0 && c.height > 0) box = box ? unite(box, c) : c;
        offset += char.length;
      }
      if (box) yield [start, raw.slice(start, offset), box, start > match.index];
    }
  };
  const unite = (a, b) => new DOMRect(Math.min(a.left, b.left), Math.min(a.top, b.top),
                                      Math.max(a.right, b.right) - Math.min(a.left, b.left),
                                      Math.max(a.bottom, b.bottom) - Math.min(a.top, b.top));
  // The text a form control draws (its value, else its placeholder; a select's chosen option; a
  // button input's label): no text node holds it (MarketSquare/robotframework-browser#777,
  // duckduckgo/tracker-radar-collector#171). Null for controls that draw no text or the browser's own
  // (checkbox, date picker, file chooser) and for password dots.
  const controlText = (el) => {
    if (el.tagName === 'SELECT') return el.multiple || el.size > 1 ? null : (el.selectedOptions[0] || {}).text || '';
    if (el.tagName === 'TEXTAREA') return el.value || el.placeholder;
    if (/^(text|search|email|url|tel|number)$/.test(el.type)) return el.value || el.placeholder;
    if (/^(submit|reset|button)$/.test(el.type)) return el.value || {submit: 'Submit', reset: 'Reset'}[el.type] || '';
    return null;
  };
  // The box a control draws its text in: its content box, the text at its start (centred in a
  // button), in a one-line box centred (at the top of a textarea); measured in the control's font.
  // Text wider than the box, or over more than one line, is scrolled or wrapped where this cannot
  // see: the word comes back `clipped` (its tile is refused rather than written wrong).
  const canvas = document.createElement('canvas').getContext('2d');
  const controlBox = (el, text) => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const px = (name) => parseFloat(s[name]) || 0;
    const left = r.left + px('borderLeftWidth') + px('paddingLeft');
    const right = r.right - px('borderRightWidth') - px('paddingRight');
    const top = r.top + px('borderTopWidth') + px('paddingTop');
    const bottom = r.bottom - px('borderBottomWidth') - px('paddingBottom');
    canvas.font = s.font;
    const width = canvas.measureText(text).width, height = 1.2 * px('fontSize');
    const centred = /^(BUTTON|SUBMIT|RESET)$/i.test(el.type) || s.textAlign === 'center';
    const x0 = centred ? (left + right - width) / 2 : /right|end/.test(s.textAlign) ? right - width : left;
    const y0 = el.tagName === 'TEXTAREA' ? top : (top + bottom - height) / 2;
    return [new DOMRect(x0, y0, width, height), width > right - left + 1 || /\n/.test(text)];
  };
  // An ordered list's numbers are drawn by the list marker, not held by a text node (mozilla/
  // readability#573, steveseguin/social_stream#906): the marker's text (`list_markers.js`: "5.", "e.",
  // "iv.") is written before the item's first word, where Chromium draws it (outside or inside the item, it
  // ends at that word); a marker whose text is not known there makes the item's first line `unread`.
  // Bullets (disc, circle, square, a summary's triangle) are pictures, not text.
  const listMarker = LIST_MARKER;
  let marker = null;  // [li, text (null: not known)] waiting for the item's first word
  const rtlScript = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;  // Hebrew, Arabic, Syriac, Thaana, N'Ko
  let spaced = false;  // whitespace since the last word (a word in a new node may sit right after it)
  // a forced line break since the last word (a <br>, a newline where white-space keeps newlines: <pre>,
  // pre-wrap, pre-line): the next line is joined with "\n", not a space ("Roses are red\nViolets are
  // blue", a listing's lines; they were one line)
  let lineBreak = false;
  let wordBreak = false;  // a <wbr> since the last word: a line may wrap there inside a word
  // the spaces kept since the last word where white-space keeps them (pre, pre-wrap, break-spaces): before a
  // line's first word its indentation (after a kept line break, or at the start of a block: a listing whose
  // every line is a block of its own lost it), between words the run as drawn ("Filesystem      Size")
  let indent = '';
  // Words with their boxes, then lines: a word starts a new line where it does not sit beside the
  // last one. Source whitespace or a visible gap makes a space; "foo<b>bar</b>" stays "foobar".
  const splitsFlow = (el) => {  // a block-level box in the flow: text after it is below it, not beside it
    const style = getComputedStyle(el);
    return /^(block|list-item|table|flex|grid|flow-root)$/.test(style.display) && !/absolute|fixed/.test(style.position)
      && style.float === 'none';
  };
  const place = (owner, word, r, glued) => {
    let block = owners.get(owner);
    // text of an element after a child block of its own ("Opening words <p>..</p> Closing words") goes on in
    // a block after that child's: one block for both runs read the closing words before the child
    const latest = page.blocks[page.blocks.length - 1];
    if (block && latest !== block && owner.contains(latest.owner) && splitsFlow(latest.owner)) block = null;
    if (!block) {
      block = {tag: owner.tagName.toLowerCase(), text: '', bbox: [Infinity, Infinity, -Infinity, -Infinity],
               lines: [], owner, rtl: getComputedStyle(owner).direction === 'rtl'};
      owners.set(owner, block);
      page.blocks.push(block);
    }
    const last = block.lines[block.lines.length - 1];
    // beside: on the last line's row, after it; right-to-left words come in reading order leftwards (a
    // Hebrew or Arabic line, or a run of it inside a left-to-right line: yfedoseev/pdf_oxide#657,
    // ben-milanko/dart-pdf#271), and a left-to-right run in a right-to-left line anywhere on the row
    const row = last && r.top < last.bbox[3] - sy - 0.3 * r.height && r.bottom > last.bbox[1] - sy + 0.3 * r.height;
    // (a little before its end: a ruby's furigana overhangs the kana after it, whose box starts under it)
    const beside = row && (r.left >= last.bbox[2] - sx - Math.max(1, 0.25 * r.height) || block.rtl || rtlScript.test(typeof word === 'string' ? word : word.raw));
    // the word as drawn, given whether it is on the block's first line and is its first word
    if (typeof word === 'function') word = word(!last || (block.lines.length === 1 && beside && !glued), !last);
    let line = last;
    if (beside && !glued) {
      const gap = Math.max(r.left + sx - last.bbox[2], last.bbox[0] - r.right - sx) - edges;
      // (the rest of a word after its drop cap stands apart from it, but is the same word: "When")
      // (CJK text has no spaces: a gap between two of its characters is spacing, a ruby base widened to its
      // furigana's width or a justified line's, not a word break: "東京 は日本の" was written)
      const apart = gap > 0.2 * r.height && !(unspaced.test(last.text.slice(-1)) && unspaced.test(word[0]));
      last.text += (indent && !glued ? indent : !(afterCap && !spaced) && (spaced || apart) ? ' ' : '') + word;
      grow(last.bbox, r);
    } else {
      // a word wrapped at a <wbr> (no whitespace in between) is one word across the lines: joined without a space
      // (a line a soft wrap starts has none: the space at a wrap hangs at the end of the line before)
      line = {text: (!glued && (lineBreak || !last) ? indent : '') + word,
              glue: glued || (wordBreak && !spaced) ? '' : lineBreak ? '\n' : ' ',
              bbox: [Infinity, Infinity, -Infinity, -Infinity], owner};
      grow(line.bbox, r);
      block.lines.push(line);
      lines.push([block, line]);
    }
    spaced = false;
    lineBreak = false;
    wordBreak = false;
    indent = '';
    edges = 0;
    grow(block.bbox, r);
    return line;
  };
  // The padding and borders of drawn inline boxes (a background or a border: `<kbd>`, `<code>`) that end
  // after the last word's node or start before this one: a box's edge, not a space, stands between
  // "<kbd>Ctrl</kbd>+<kbd>S</kbd>" ("Ctrl + S" was written where the image and the DOM have "Ctrl+S"; a blind
  // hunt). An undrawn box's padding is a gap like a margin, and a gap still makes a space.
  let edges = 0, lastNode = null;
  const unspaced = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\uff00-\uffef]/u;
  const boxEdges = (from, to) => {
    let width = 0;
    const side = (el, end) => {
      const style = getComputedStyle(el);
      if (!/^inline/.test(style.display)) return false;
      const drawn = style.backgroundColor !== 'rgba(0, 0, 0, 0)' || style.backgroundImage !== 'none'
        || ['Top', 'Right', 'Bottom', 'Left'].some(s => parseFloat(style['border' + s + 'Width']) > 0);
      const right = end === (style.direction !== 'rtl');
      if (drawn) width += parseFloat(right ? style.paddingRight : style.paddingLeft)
                        + parseFloat(right ? style.borderRightWidth : style.borderLeftWidth);
      return true;
    };
    for (let el = from.parentElement; el && !el.contains(to) && side(el, true); el = el.parentElement);
    for (let el = to.parentElement; el && !el.contains(from) && side(el, false); el = el.parentElement);
    return width;
  };
  // A drop cap set as a floated element of its own (`<span class=cap>W</span>hen`; ::first-letter is one
  // already) is the first letter of its paragraph's first word, not a block: "W\nhen the storm" was written
  const isDropCap = (el) => getComputedStyle(el).float !== 'none' && !el.children.length
    && [...clean(el.textContent)].length <= 2;
  let afterCap = false;  // the word placed last was a drop cap
  const ownerOf = (el) => {  // inline elements belong to the block that holds them: one paragraph, one block
    // (a ruby and its base are inline too: "漢字" over "かんじ" cut "漢字を読む。" into three blocks)
    while (el !== document.body && (/^(inline|ruby)/.test(getComputedStyle(el).display) || isDropCap(el))) {
      el = el.parentElement;
    }
    return el;
  };
  // A bidi override (`<bdo dir=rtl>`, `unicode-bidi: bidi-override` or `isolate-override`) draws its
  // letters in the order it forces, not the text's own: "Hello" under an rtl override is drawn "olleH",
  // Hebrew under an ltr one backwards. The text node holds the logical order the image does not show, so
  // a word so drawn is `unread` and its tiles refused (a left-to-right word under an rtl override, a
  // right-to-left one under an ltr override; a word of one letter reads the same either way).
  const overriding = new Map();  // element -> 'ltr' | 'rtl' where it overrides
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (/override/.test(style.unicodeBidi)) overriding.set(el, style.direction);
  }
  // The same override written into the text (U+202E RIGHT-TO-LEFT OVERRIDE, U+202D LEFT-TO-RIGHT OVERRIDE, the
  // "Trojan Source" trick: "\u202e54321-DCBA" is drawn "ABCD-12345"): it holds to the paragraph's end, so
  // every line of a paragraph that holds one is `unread`
  const overrideMark = /[\u202d\u202e]/, overridden = new Set();
  // text drawn unreadably (turned, mirrored, masked, blotted) and faces turned away: `drawn_text.js`
  const {drawnUnreadably, facesAway} = DRAWN_TEXT;
  const ltrLetter = /[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/;
  const drawnReversed = (el, word) => {
    if (!overriding.size || [...word].length < 2) return false;
    for (let at = el; at && at !== document.body; at = at.parentElement) {
      const direction = overriding.get(at);
      if (direction) return direction === 'rtl' ? ltrLetter.test(word) : rtlScript.test(word);
    }
    return false;
  };
  // A superscript or subscript inside a line (`script_kind.js`: raised or lowered as drawn) is written as the
  // document pages write one: "mc<sup>2</sup>", "H<sub>2</sub>O" (it was "mc2"), a script inside a script
  // nested ("2<sup>2<sup>n</sup></sup>"); one set as a block of its own is no script.
  const scriptKind = SCRIPT_KIND, kinds = new Map();
  const scriptOf = (el, owner) => {  // the tags round a word of `el`, outermost first
    const chain = [];
    for (let at = el; at && at !== owner && at !== document.body; at = at.parentElement) {
      if (!kinds.has(at)) kinds.set(at, scriptKind(at));
      if (kinds.get(at)) chain.unshift(kinds.get(at));
    }
    return chain;
  };
  // An item without a word of its own (empty, or a picture alone) still draws its marker: a line of its own
  // where its first line stands ("2." between "1. one" and "3. three"; it was left out); one whose text is not
  // known is `unread`
  const placeMarkerAlone = ([li, text]) => {
    const box = li.getBoundingClientRect(), style = getComputedStyle(li);
    if (!shown(li) || box.height < 0.5) return;
    const label = text === null ? '\u2045marker\u2046' : text;
    canvas.font = style.font;
    const width = canvas.measureText(label + ' ').width, space = canvas.measureText(' ').width;
    const size = parseFloat(style.fontSize), lineHeight = parseFloat(style.lineHeight) || 1.2 * size;
    const height = Math.min(1.15 * size, box.height), top = box.top + Math.max(0, (Math.min(lineHeight, box.height) - height) / 2);
    const left = style.listStylePosition === 'inside'
      ? box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) : box.left - width;
    const line = place(li, label, new DOMRect(left, top, width - space, height), false);
    if (text === null) line.unread = true;
    spaced = true;
  };
  // the word with its clipping: out of its clip box it is not drawn (under an ellipsis, the line it
  // would have continued is cut short: clipped); partly out, its line is clipped
  const placeClipped = (el, owner, word, r, glued, midWord) => {
    const clip = clipOf(el), cut = clipped(r, clip);
    let unknown = false;  // a list marker whose text is not known is drawn beside this word
    if (marker && marker[0].contains(el) && cut !== 'out' && marker[1] === null) {
      unknown = true;
      marker = null;
    }
    if (marker && marker[0].contains(el) && cut !== 'out') {  // the list number before the item's first word
      const [li, number] = marker, style = getComputedStyle(li);
      canvas.font = style.font;
      const width = canvas.measureText(number + ' ').width, space = canvas.measureText(' ').width;
      if (style.listStylePosition === 'inside' && owner !== li) {  // a line of its own above the item's first block
        const box = li.getBoundingClientRect(), lineHeight = parseFloat(style.lineHeight) || r.height;
        const top = box.top + parseFloat(style.borderTopWidth) + parseFloat(style.paddingTop) + (lineHeight - r.height) / 2;
        place(li, number, new DOMRect(box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
                                      top, width - space, r.height), false);
      } else {
        place(owner, number, new DOMRect(r.left - width, r.top, width - space, r.height), false);
      }
      marker = null;
      spaced = true;
    }
    if (cut === 'out') {
      const last = (owners.get(owner) || {lines: []}).lines.slice(-1)[0];
      if (clip.ellipsis && last && r.top < last.bbox[3] - sy && r.bottom > last.bbox[1] - sy) last.clipped = true;
      // a word a line clamp hides: the last line shown ends in an ellipsis the text does not hold
      if (clip.clamped && last && r.top >= last.bbox[3] - sy - 1) last.clipped = true;
      return;
    }
    // scaled to nothing (transform: scale(0)) is not drawn, and a word whose box is under `legible` pixels
    // high (a 1px font hiding a line among the text) is a smudge in the image: neither is in the target
    if (r.width < 0.5 || r.height * window.devicePixelRatio < legible || facesAway(el)) return;
    const scripts = scriptOf(el, owner);
    const spelt = (firstLine, firstWord) => scripts.reduceRight(
      (text, tag) => `<${tag}>${text}</${tag}>`, transformed(word, el, midWord, owner, firstLine, firstWord));
    spelt.raw = word;
    const line = place(owner, spelt, r, glued);
    afterCap = owner !== el && isDropCap(el);
    if (cut === 'part') line.clipped = true;
    if (unknown || drawnReversed(el, word)) line.unread = true;
    if (drawnUnreadably(el)) line.unread = line.turned = true;
    if (overrideMark.test(word)) overridden.add(owner);
    return line;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (node.hasAttribute('data-vl-math')) {  // a formula: its TeX, and nothing of what draws it
        let last = node;
        while (last.lastChild) last = last.lastChild;
        walker.currentNode = last;
        const r = node.getBoundingClientRect(), tex = formulas[Number(node.getAttribute('data-vl-math'))];
        if (!shown(node) || unpainted(node) || r.width < 0.5 || r.height < 0.5) continue;
        // inline (MathML's own `display: math` too), it belongs to the block round it
        const inline = /^(inline|ruby|math)/.test(getComputedStyle(node).display);
        const line = placeClipped(node, inline ? ownerOf(node.parentElement) : node, tex || '\u2045formula\u2046',
                                  r, false, false);
        if (line) { line.math = true; line.unread = line.unread || !tex; }
        spaced = false;
        continue;
      }
      if (node.tagName === 'BR') lineBreak = true;
      if (node.tagName === 'WBR') wordBreak = true;
      if (getComputedStyle(node).display === 'list-item') {
        if (marker) placeMarkerAlone(marker);  // the item before drew its marker beside no word of its own
        const text = listMarker(node, counterStyle);
        marker = text !== '' ? [node, text] : null;
      }
      if (!/^(INPUT|SELECT|TEXTAREA)$/.test(node.tagName) || !shown(node)) continue;
      const text = clean(controlText(node));
      if (!text) continue;
      const [r, overflows] = controlBox(node, text);
      const owner = ownerOf(node.parentElement);
      const spelt = (firstLine) => transformed(text.replace(invisible, ''), node, false, owner, firstLine, false);
      spelt.raw = text;
      const line = place(owner, spelt, r, false);
      if (overflows) line.clipped = true;
      spaced = true;
      continue;
    }
    const raw = node.nodeValue || '';
    const parent = node.parentElement;
    if (!parent || skip.has(parent.tagName) || !shown(parent) || unpainted(parent)) continue;
    const whiteSpace = getComputedStyle(parent).whiteSpace;
    const keepsNewlines = /^(pre|pre-wrap|pre-line|break-spaces)$/.test(whiteSpace);
    // a kept newline in whitespace between words of two nodes (a highlighted listing's "<span>def</span> f\n
    // <span>return</span>": the break ends one node, or is a node of its own)
    // (the spaces after it, in this node or the next, are the next line's indentation; pre-line collapses
    // them, the others keep them, a tab as 8)
    const breakIn = (gap) => {
      if (!keepsNewlines) return;
      const spaces = (text) => whiteSpace === 'pre-line' ? '' : text.replace(/\t/g, '        ');
      if (gap.includes('\n')) {
        lineBreak = true;
        indent = spaces(gap.slice(gap.lastIndexOf('\n') + 1));
      } else {
        indent += spaces(gap);
      }
    };
    if (!clean(raw)) { spaced = spaced || raw.length > 0; breakIn(raw); continue; }
    const owner = ownerOf(parent);
    let end = 0;  // where the last word of this node ended
    for (const [index, drawn, r, glued] of words(node, raw)) {
      const word = drawn.replace(invisible, '');
      const icons = drawn.match(privateUse);
      if (icons) icon(icons.join(''), r);
      if (!word) continue;
      breakIn(raw.slice(end, index));
      end = index + drawn.length;
      spaced = spaced || index > 0;
      if (index === 0 && !spaced && lastNode && lastNode !== node) edges = boxEdges(lastNode, node);
      lastNode = node;
      // a word continued from a wrap or from the node before (no space between) is not a word's start
      placeClipped(parent, owner, word, r, glued, glued || (index === 0 && !spaced && owners.has(owner)));
    }
    breakIn(raw.slice(end));
    if (/[^\S\ufeff]$/.test(raw)) spaced = true;
  }
  if (marker) placeMarkerAlone(marker);
  // Blocks come in document order, which is the order drawn but where CSS places a container's items
  // elsewhere (w3c/css-a11y#23: positioned layout, grid and flexbox put the visual order out of the DOM's):
  // flex-direction: *-reverse or wrap-reverse, an item's `order`, a grid item's row, column or area (or a
  // dense grid filling earlier holes), an absolutely positioned child. There the order comes from
  // the geometry: the container's items (each child with the blocks it holds, kept in their own order) are put
  // in the order shown, top to bottom, then left to right (right to left in a right-to-left container), by
  // the boxes of their text; where only positioned children are out of the flow, the flow keeps its order
  // and each of them goes before the first item shown after it (a float beside a paragraph is not moved). Items, not blocks, are ordered: two grid columns of paragraphs are read column
  // by column, not across. A fixed element (a banner, a modal over the viewport) is a layer over the page, not
  // a place in it: it stays where the document has it.
  const outOfFlow = (el) => el !== null && getComputedStyle(el).position === 'absolute';
  const reordersItems = (el) => {  // flex or grid placing its items out of the DOM's order
    const style = getComputedStyle(el), items = [...el.children];
    if (/flex/.test(style.display)) {
      return /reverse/.test(style.flexDirection) || style.flexWrap === 'wrap-reverse'
        || items.some(item => getComputedStyle(item).order !== '0');
    }
    if (!/grid/.test(style.display)) return false;
    return /dense/.test(style.gridAutoFlow) || items.some(item => {
      const s = getComputedStyle(item);
      return s.order !== '0' || [s.gridRowStart, s.gridRowEnd, s.gridColumnStart, s.gridColumnEnd].some(v => v !== 'auto');
    });
  };
  const placesItems = (el) => reordersItems(el) || [...el.children].some(outOfFlow);
  const reordered = [document.body, ...document.body.querySelectorAll('*')].filter(placesItems);  // outer first
  const shownBefore = (rtl) => ({bbox: a}, {bbox: b}) =>
    (a[1] >= b[3] ? 1 : b[1] >= a[3] ? -1 : 0) || (rtl ? b[2] - a[2] : a[0] - b[0]);
  for (const container of reordered) {
    const inside = page.blocks.map((block, i) => [block, i]).filter(([block]) => container.contains(block.owner));
    if (inside.length < 2) continue;
    // the container's child holding each block -> its blocks; text the container holds itself is a block a
    // run, each its own item (one item for all of it spanned its first to its last line: the words after a
    // child paragraph were read before it)
    const items = new Map();
    for (const [block, i] of inside) {
      let item = block.owner;
      while (item !== container && item.parentElement !== container) item = item.parentElement;
      const id = item === container ? `own${i}` : item;
      if (!items.has(id)) items.set(id, {element: item === container ? null : item, blocks: [],
                                         bbox: [Infinity, Infinity, -Infinity, -Infinity]});
      const group = items.get(id);
      group.blocks.push(block);
      grow(group.bbox, {left: block.bbox[0] - sx, top: block.bbox[1] - sy, right: block.bbox[2] - sx, bottom: block.bbox[3] - sy});
    }
    if (items.size < 2) continue;
    const groups = [...items.values()], before = shownBefore(getComputedStyle(container).direction === 'rtl');
    let drawn;
    if (reordersItems(container)) {
      drawn = groups.sort(before);
    } else {  // only absolutely positioned children: the flow keeps its order, each of them goes where it is shown
      drawn = groups.filter(group => !outOfFlow(group.element));
      for (const placed of groups.filter(group => outOfFlow(group.element))) {
        const at = drawn.findIndex(group => before(placed, group) < 0);
        drawn.splice(at < 0 ? drawn.length : at, 0, placed);
      }
    }
    const drawnOrder = drawn.flatMap(group => group.blocks);
    inside.forEach(([, i], k) => { page.blocks[i] = drawnOrder[k]; });
  }
  // Text the walk above cannot reach: inside an open shadow root (a web component's own text; its slotted
  // children are the light DOM's and were walked), a same-origin frame (srcdoc), or drawn on a canvas
  // (canvas_text.js records it). It is drawn, so a line over the element's box is marked unread: the tiles
  // that show it are refused, never written without it.
  const canvasText = window.__vlbuildCanvasText;
  const reachless = (root) => {
    const texts = [], inner = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = inner.nextNode(); t; t = inner.nextNode()) {
      const parent = t.parentElement;
      if (!parent || !(skip.has(parent.tagName) || !shown(parent))) texts.push(clean(t.nodeValue));
    }
    return clean(texts.join(' '));
  };
  for (const host of document.body.querySelectorAll('*')) {
    let text = '';
    // a shadow root with several slots places its host's children where it likes (a title slot before the
    // price the DOM has first, each in a block of its own): the walk, in the DOM's order and blocks, cannot
    // say what is drawn (one default slot keeps the order)
    if (host.shadowRoot) {
      text = reachless(host.shadowRoot);
      if (!text && host.shadowRoot.querySelectorAll('slot').length > 1) text = clean(host.textContent);
    }
    else if (host.tagName === 'CANVAS') text = clean(canvasText ? canvasText.get(host) : '');
    else if (/^(IFRAME|OBJECT|EMBED)$/.test(host.tagName)) {  // an <object> or <embed> may draw a page too
      try {
        const inner = host.tagName !== 'EMBED' ? host.contentDocument
          : host.getSVGDocument ? host.getSVGDocument() : null;
        text = clean(inner && inner.body ? inner.body.innerText : '');
        // an <embed> of a page gives no document to read: named by its address, so its tiles are refused
        if (!text && host.tagName === 'EMBED' && (/html/.test(host.type) || /\.x?html?($|[?#])/i.test(host.src))) {
          text = 'embedded page ' + host.src;
        }
      }
      catch (e) { text = ''; }  // another origin's frame: nothing to know
    }
    const r = host.getBoundingClientRect();
    if (!text || !shown(host) || r.width <= 0 || r.height <= 0) continue;
    const spelt = () => text;
    spelt.raw = text;
    place(host, spelt, r, false).unread = true;
  }
  for (const owner of overridden) for (const line of owners.get(owner).lines) line.unread = true;
  for (const [el, which] of unread) {  // the first (::before) or last (::after) line beside it
    const r = el.getBoundingClientRect(), block = owners.get(ownerOf(el));
    const beside = (block ? block.lines : []).filter(line => line.bbox[1] - sy < r.bottom && line.bbox[3] - sy > r.top);
    if (shown(el) && beside.length) beside[which === 'before' ? 0 : beside.length - 1].unread = true;
  }
  // The hit test: Chromium answers only for points inside the viewport, so the page is scrolled a
  // viewport at a time. Fixed and sticky elements move with the viewport while scrolled, but the
  // capture draws them where they stand at scroll 0: off scroll 0 they are looked through, and lines
  // of their own are judged at scroll 0 only.
  const pinned = new Map();
  const isPinned = (el) => {
    if (!el || el === document.documentElement) return false;
    if (!pinned.has(el)) pinned.set(el, /^(fixed|sticky)$/.test(getComputedStyle(el).position) || isPinned(el.parentElement));
    return pinned.get(el);
  };
  const covers = (style) => {
    if (style.backgroundImage && style.backgroundImage !== 'none') return true;
    const alpha = style.backgroundColor.match(/rgba?\(([^)]+)\)/);
    // a dimming backdrop (a modal's, 40-70% black) leaves the text under it readable: only a near-opaque fill hides
    return !!alpha && (alpha[1].split(',').length < 4 || parseFloat(alpha[1].split(',')[3]) >= 0.85);
  };
  const opaque = (el) => {
    if (/^(IMG|VIDEO|CANVAS|IFRAME|SVG|svg|OBJECT|EMBED|INPUT|BUTTON|SELECT)$/.test(el.tagName)) return true;
    return covers(getComputedStyle(el));
  };
  // A modal <dialog> (showModal) makes the page under it inert: the hit test finds the dialog (its ::backdrop)
  // and nothing under it, though the page is drawn there, dimmed by the backdrop (10% black by default): the
  // page's text was dropped from tiles showing it. Under the backdrop, a line is seen unless the backdrop hides
  // it (a near-opaque fill, a picture, a blur).
  const underBackdrop = (el, vx, vy) => {
    if (el.tagName !== 'DIALOG' || !el.matches(':modal')) return null;
    const r = el.getBoundingClientRect();
    if (vx >= r.left && vx <= r.right && vy >= r.top && vy <= r.bottom) return null;  // the dialog's own box
    const backdrop = getComputedStyle(el, '::backdrop');
    return !(covers(backdrop) || (backdrop.backdropFilter || 'none') !== 'none');
  };
  // An ancestor hit under the line counts as the line's own (text with pointer-events: none), but not
  // outside a clip-path the line's block or an ancestor has: hit tests honour clip-path, so the
  // clipping element itself must be hit (`clip-path: inset(50%)` hides text the body lies under).
  const guardOf = (el) => {
    for (; el && el !== document.documentElement; el = el.parentElement) {
      if (getComputedStyle(el).clipPath !== 'none') return el;
    }
    return document.documentElement;
  };
  const seenAt = (line, x, y) => {  // y in page pixels
    for (const el of document.elementsFromPoint(x - sx, y - window.scrollY)) {
      if (line.owner.contains(el) || (el.contains(line.owner) && line.guard.contains(el))) return true;  // its own block
      const dimmed = el.contains(line.owner) ? null : underBackdrop(el, x - sx, y - window.scrollY);
      if (dimmed !== null) return dimmed;
      if (window.scrollY > 0 && isPinned(el)) continue;  // not where the capture draws it
      // hit, but not drawn (an opacity-0 dropdown waiting for :hover, a visibility-hidden layer): covers nothing
      if (!shown(el)) continue;
      if (opaque(el)) return false;
    }
    return false;
  };
  const grid = ({bbox: [x0, y0, x1, y1]}) => [0.1, 0.3, 0.5, 0.7, 0.9].flatMap((fx) => [0.2, 0.5, 0.8].map(
    (fy) => [x0 + fx * (x1 - x0), y0 + fy * (y1 - y0)]));
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const view = window.innerHeight;
  // top to bottom, pinned lines first (at scroll 0): the page scrolls at most once a viewport
  lines.sort((a, b) => (isPinned(a[1].owner) ? -1 : a[1].bbox[1]) - (isPinned(b[1].owner) ? -1 : b[1].bbox[1]));
  let top = 0;
  for (const [, line] of lines) {
    const [x0, y0, x1, y1] = line.bbox;
    if (y0 >= capturedHeight) { line.seen = 'all'; continue; }
    if (isPinned(line.owner) && y1 > view) { line.seen = line.unread ? 'unread' : line.clipped ? 'part' : 'all'; continue; }
    if (y1 > top + view || y0 < top) {  // not wholly in view: scroll so that it is (hit tests lay out anew)
      window.scrollTo(0, isPinned(line.owner) ? 0 : Math.max(0, Math.floor(y0)));
      top = window.scrollY;
    }
    const x = (x0 + x1) / 2, y = (y0 + y1) / 2, dx = Math.min(2, (x1 - x0) / 4), dy = 0.2 * (y1 - y0);
    line.guard = guardOf(line.owner);
    const hits = [[x0 + dx, y], [x, y], [x1 - dx, y], [x, y0 + dy], [x, y1 - dy]].map(([px, py]) => seenAt(line, px, py));
    line.seen = hits.every(h => h) ? (line.clipped ? 'part' : 'all') : hits.some(h => h) ? 'part' : 'none';
    // a turned line the five points missed (its upright box is wider than its text) is looked for over its box;
    // one not drawn at all (a flip card's back face, an element moved off the page) stays unseen
    if (line.turned && line.seen === 'none' && grid(line).some(([px, py]) => seenAt(line, px, py))) line.seen = 'part';
    if (line.unread && line.seen !== 'none') line.seen = 'unread';  // seen, but not all of its text is known
  }
  probe.remove();
  if (window.scrollY !== 0) { window.scrollTo(0, 0); await frames(); }
  for (const block of page.blocks) {
    // a script's words are marked one by one: one run of them is one mark ("<sup>a b</sup>")
    for (const line of block.lines) line.text = line.text.replace(/<\/(sup|sub)>( ?)<\1>/g, '$2');
    block.text = block.lines.map((l, i) => (i ? l.glue : '') + l.text).join('');
    for (const line of block.lines) {
      delete line.owner; delete line.guard; delete line.clipped; delete line.unread; delete line.turned;
    }
    delete block.owner;
    delete block.rtl;
  }
  // (and the controls that draw text of their own no node holds: media controls' "0:00 / 0:00", a <details>
  // without a <summary>'s "Details"; a list box's options, kind `select:list`; `samples` refuses their tiles)
  const widgets = 'a[href], button, input, select, textarea, img[alt], [role=button], [role=link], [role=checkbox], ' +
                  '[role=tab], audio[controls], video[controls], details';
  for (const el of document.querySelectorAll(widgets)) {
    if (!shown(el) || (el.type === 'hidden')) continue;
    if (el.tagName === 'DETAILS' && el.querySelector(':scope > summary')) continue;  // its summary is text
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    const kind = el.tagName === 'INPUT' ? 'input:' + (el.type || 'text')
      : el.tagName === 'SELECT' && (el.multiple || el.size > 1) ? 'select:list'
      : (el.getAttribute('role') || el.tagName.toLowerCase());
    // a password field draws discs, never its value (which would leak into the samples)
    const value = el.type === 'password' ? '' : el.value;
    const text = clean(el.innerText || value || el.getAttribute('aria-label') || el.placeholder || el.alt || el.title);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    grow(box, r);
    page.widgets.push({kind, text: text.slice(0, 200), bbox: box});
  }
  return page;
}
