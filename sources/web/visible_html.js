// The page's HTML without what Chromium does not draw, for the interleaved sample's main text (trafilatura
// reads markup, not styles: text a style sheet hides, the `hidden` attribute, a <template>, screen-reader-only
// text, text moved off the page, a carousel's inactive slides and text set at size 0 were all in it).
// Left out, with everything inside: elements Chromium's own test says are not drawn (`checkVisibility`:
// display none, visibility hidden, opacity 0, content-visibility hidden), <template>, elements clipped to
// nothing (`clip: rect(0 0 0 0)`, `clip-path: inset(50%)`, a box of a pixel or less that hides its overflow:
// the screen-reader-only pattern), boxes wholly outside the page (left: -10000px) or above or below the boxes
// round them that hide their overflow (a collapsed panel; not a slider's slides beside it, nor content a scroll
// container scrolls to), and text set at size 0.
// An element hidden by `visibility` loses its own text only (a child may be visible again); one with
// `display: contents` has no box and is kept, its children judged. The page is not changed: its clone is.
// A formula (`math_atoms.js`) is its TeX (`math_text`), or ⁅vl:math⁆ where that is not known (`samples`
// refuses the main text that holds one).
// Called after load, before page_layout.js, with the node cap (a larger page is returned as it is: refused)
// and the formulas' TeX.
([maxNodes, formulas]) => {
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
  // Where an element can be drawn: the page, cut by the boxes round it that hide their overflow (`clip_area.js`)
  const page = {x0: 0, y0: 0, x1: width, y1: height};
  const empty = (a) => a.x1 <= a.x0 || a.y1 <= a.y0;
  const {innerArea, clipArea, meet} = (CLIP_AREA)(root, page);
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
    if (empty(innerArea(el))) return 'gone';  // a box that hides its overflow, with no room: a collapsed panel
    const x0 = r.left + window.scrollX, y0 = r.top + window.scrollY, area = clipArea(el);
    // (a box placed off the page is not drawn, whatever box it is in: a skip link at left -9999px inside a
    // site's `overflow-x: hidden` wrapper, which lets what is beside it be)
    const within = /^(absolute|fixed)$/.test(style.position) ? meet(area, page) : area;
    const off = x0 + r.width <= within.x0 || y0 + r.height <= within.y0 || x0 >= within.x1 || y0 >= within.y1;
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
    // hidden by `visibility` with no child that could be visible again: a picture, a control, a leaf
    if (verdict === 'gone' || verdict === 'own' && !originals[i].children.length) {
      out.add(originals[i]);
      gone.push(copies[i]);
    } else if (verdict === 'own') mute.push(copies[i]);
  }
  // Items a flex or grid container draws in another order than the markup's (`order`, a reversed direction, a
  // grid's placed items: `drawn_order.js`) are read as drawn: in the copy each takes the place of the item that
  // is there in drawn order (the checkout's form before the cart set right of it; a news card's date first).
  // Done before any copy is replaced: the steps below find each element's copy where it was moved.
  const drawnOrder = DRAWN_ORDER, copyAt = new Map(originals.map((el, i) => [el, copies[i]]));
  copyAt.set(document.body, copy.querySelector('body'));
  for (const container of [document.body, ...originals]) {
    if (out.has(container)) continue;
    const drawn = drawnOrder(container, (el) => out.has(el));
    if (!drawn) continue;
    const slots = [...container.children].filter((el) => drawn.includes(el)).map((el) => {
      const slot = document.createComment('');
      copyAt.get(el).before(slot);
      return slot;
    });
    drawn.forEach((el, at) => slots[at].replaceWith(copyAt.get(el)));
  }
  // Text drawn by a ::before or ::after (a breadcrumb's " / " between items, "New: ") is in no markup: its
  // neighbours were glued ("March 3, 20245 min read"). It is written where it is drawn (`generated_text.js`);
  // one whose text is not known (a counter, an icon's picture or private-use glyph) is a space. Set apart from
  // its element's text (floated, positioned, a block, or with a margin or padding on that side), it has spaces
  // round it. A <q>'s marks are written below. Inside a listing (white-space kept) it is left out: there it is a
  // line's number or a prompt (`counter(line)`), not code, and a space would indent the line.
  const generated = GENERATED_TEXT, quoteMark = QUOTE_MARK, contentText = CONTENT_TEXT;  // (the <q> step below uses it too)
  const iconGlyphs = /[\ue000-\uf8ff\u200b\u2060\ufeff]/g;
  // an item's ::before drawing a bullet where its list style is none (`li::before{content: "•"}`, a common
  // theme) is its marker: "- • Draft" wrote it twice (a blind review); one that is a word ("Step 1:") is text
  const bullet = /^[•·◦▪▫■□●○–—\-*✓✔→›»]$/, bulleted = new Set();
  const drawsNoChildren = /^(INPUT|IMG|SELECT|TEXTAREA|BR|HR|VIDEO|AUDIO|IFRAME|CANVAS|OBJECT|EMBED|METER|PROGRESS|Q)$/;
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i];
    if (out.has(el) || drawsNoChildren.test(el.tagName) || el instanceof SVGElement) continue;
    if (/^(pre|pre-wrap|break-spaces)$/.test(getComputedStyle(el).whiteSpace)) continue;
    for (const which of ['before', 'after']) {
      const drawn = generated(el, which, quoteMark, contentText);
      if (drawn === '') continue;
      let text = drawn === null ? ' ' : drawn.replace(iconGlyphs, '');
      if (!text.trim()) text = ' ';
      if (which === 'before' && el.tagName === 'LI' && bullet.test(text.trim()) && (getComputedStyle(el).listStyleType
          === 'none' || getComputedStyle(el).display !== 'list-item')) {
        bulleted.add(el);  // the item's marker: written as one below
        continue;
      }
      const style = getComputedStyle(el, '::' + which), size = parseFloat(style.fontSize);
      // one mark set in place by `position` is decoration (a blockquote's big "“" was a line of its own)
      if (/^(absolute|fixed)$/.test(style.position) && /^[\p{P}\p{S}]$/u.test(text.trim())) continue;
      const side = which === 'before' ? 'Right' : 'Left';  // the side that faces the element's text
      const apart = style.float !== 'none' || /^(absolute|fixed)$/.test(style.position) || !/^inline/.test(style.display)
        || parseFloat(style['margin' + side]) + parseFloat(style['padding' + side]) > 0.2 * size;
      const outside = which === 'before' ? 'Left' : 'Right';  // and the side that faces what comes before or after
      const away = apart || parseFloat(style['margin' + outside]) + parseFloat(style['padding' + outside]) > 0.2 * size;
      if (which === 'before') copies[i].prepend((away ? ' ' : '') + text + (apart ? ' ' : ''));
      else copies[i].append((apart ? ' ' : '') + text + (away ? ' ' : ''));
    }
  }
  // a list's numbers are drawn by its markers, which no markup holds (trafilatura numbers every list from 1):
  // each item of an <ol> starts with what its marker draws, as ⁅vl:5.⁆ (⁅vl:⁆: nothing, the item is not
  // drawn as a list item or its style is `none`; ⁅vl:?⁆: a bullet, or text not known), read back by
  // `main_text`; an item of a <ul> only where its marker draws text ("a.", "✓"). trafilatura drops
  // private-use and other invisible marks, not these.
  const listMarker = LIST_MARKER, counterStyle = COUNTER_STYLE;
  for (let i = 0; i < originals.length; i++) {
    const li = originals[i];
    if (li.tagName !== 'LI' || out.has(li) || !li.parentElement) continue;
    const style = getComputedStyle(li), marker = style.display === 'list-item' ? listMarker(li, counterStyle) : '';
    const none = style.display !== 'list-item' || style.listStyleType === 'none' && marker === '';
    const mark = marker ? marker : none && !bulleted.has(li) ? '' : '?';
    if (li.parentElement.tagName === 'OL' || marker || bulleted.has(li)) copies[i].prepend('\u2045vl:' + mark + '\u2046');
  }
  // a superscript or subscript (`script_kind.js`: as drawn) is flattened by trafilatura ("mc2"): its text is
  // marked ⁅tag:sup⁆2⁅tag:/sup⁆, written "mc<sup>2</sup>" by `main_text`, as the tiles and the document pages
  // write one (inline only: a block of its own is no script)
  const scriptKind = SCRIPT_KIND;
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i];
    if (out.has(el) || !/\S/.test(el.textContent) || !/^inline/.test(getComputedStyle(el).display)) continue;
    const kind = scriptKind(el);
    if (kind) {
      copies[i].prepend(`\u2045tag:${kind}\u2046`);
      copies[i].append(`\u2045tag:/${kind}\u2046`);
    }
  }
  // Struck text (<del>, <s>, <strike>, `text-decoration: line-through`) is drawn struck, and its words said the
  // opposite without it ("now 30 60 seconds" for "now ~~30~~ 60 seconds"): its edges are marked
  // ⁅tag:del⁆30⁅tag:/del⁆, written as GFM's "~~30~~" by `main_text`. A line through a box of blocks is drawn
  // through each of them (the decoration is not in their computed style): each is marked; struck text inside
  // struck text is one run. A listing is written as its text: no marks inside one (a diff view's struck line
  // came out "⁅tag:del⁆    retry=True,⁅tag:/del⁆"), and its <del>, <s>, <ins> are spans (trafilatura left out
  // the rest of the listing after one).
  const struck = new Set(), through = new Set();  // marked; struck boxes of blocks, whose blocks are struck
  const isBlock = (el) => !/^(inline|contents|none)/.test(getComputedStyle(el).display);
  const inListing = (el) => !!el.closest('pre') || getComputedStyle(el).whiteSpace === 'pre';
  for (let i = 0; i < originals.length; i++) {
    if (out.has(originals[i]) || !/^(DEL|S|STRIKE|INS)$/.test(originals[i].tagName) || !originals[i].closest('pre')) continue;
    const span = document.createElement('span');
    span.append(...copies[i].childNodes);
    copies[i].replaceWith(span);
    copies[i] = span;  // (the steps below work on the copy)
  }
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i];
    if (out.has(el) || !/\S/.test(el.textContent) || inListing(el)) continue;
    const own = getComputedStyle(el).textDecorationLine.includes('line-through');
    if (!own && !(through.has(el.parentElement) && isBlock(el))) continue;
    let inside = false;
    for (let at = el.parentElement; at && !inside; at = at.parentElement) inside = struck.has(at);
    if (inside) continue;
    // (a <del> round two <p> too: each struck, their break kept)
    if ([...el.children].some(isBlock)) {
      through.add(el);
      if (/^(DEL|S|STRIKE)$/.test(el.tagName)) {  // (trafilatura made one paragraph of a <del>'s)
        const box = document.createElement('div');
        box.append(...copies[i].childNodes);
        copies[i].replaceWith(box);
        copies[i] = box;
      }
      continue;
    }
    struck.add(el);
    copies[i].prepend('\u2045tag:del\u2046');
    copies[i].append('\u2045tag:/del\u2046');
  }
  for (const el of mute) {  // its own text out, and its inline visibility (trafilatura drops what it holds)
    for (const node of [...el.childNodes]) if (node.nodeType === Node.TEXT_NODE) node.remove();
    el.style.removeProperty('visibility');
  }
  // Words apart on the screen but with no space between them in the markup (a number set in the margin by
  // `position: absolute`, a price beside the old one by a margin, a pull quote's end and the next sentence):
  // trafilatura glued them ("01What happened", "$49.00$69.00"). Where an element and what follows it touch
  // in the markup but stand apart as drawn (a gap over a fifth of the font size on one row, or either out of
  // the flow), a space goes between them in the copy. (Letters of one word set as separate boxes stay glued.)
  const charBox = (text, at) => {  // the box of a text node's character `at`
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + 1);
    return range.getClientRects()[0];
  };
  const firstBox = (node) => node.nodeType === Node.ELEMENT_NODE ? node.getClientRects()[0] : charBox(node, 0);
  const lastBox = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return charBox(node, node.nodeValue.length - 1);
    const boxes = node.getClientRects();
    return boxes[boxes.length - 1];
  };
  const gap = (a, b, size) => !!(a && b) && b.top < a.bottom && b.bottom > a.top && b.left - a.right > 0.2 * size;
  const placed = (el) => /^(absolute|fixed)$/.test(getComputedStyle(el).position);
  const spaces = [];
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i], next = el.nextSibling;
    if (out.has(el) || !next || !/\S/.test(el.textContent)) continue;
    if (next.nodeType === Node.TEXT_NODE ? !/^\S/.test(next.nodeValue) : next.nodeType !== Node.ELEMENT_NODE) continue;
    if (next.nodeType === Node.ELEMENT_NODE && (out.has(next) || !/^\S/.test(next.textContent))) continue;
    const apart = placed(el) || next.nodeType === Node.ELEMENT_NODE && placed(next)
      || gap(lastBox(el), firstBox(next), parseFloat(getComputedStyle(el).fontSize));
    if (apart) spaces.push([copies[i], 'after']);
  }
  for (let i = 0; i < originals.length; i++) {  // text, then an element ("$49.00<span class=old>$69.00</span>")
    const el = originals[i], before = el.previousSibling;
    if (out.has(el) || !before || before.nodeType !== Node.TEXT_NODE || !/\S$/.test(before.nodeValue)) continue;
    if (!/^\S/.test(el.textContent)) continue;
    if (placed(el) || gap(lastBox(before), firstBox(el), parseFloat(getComputedStyle(el).fontSize))) {
      spaces.push([copies[i], 'before']);
    }
  }
  for (const [el, side] of spaces) side === 'after' ? el.after(' ') : el.before(' ');
  // trafilatura drops the spaces that start the text after a <del> ("~~$140.00~~$99.00", apart in the markup
  // and on the screen): there the end mark goes after the element, before the space (an inline one: after a
  // block the space is between blocks, and the mark was lost with it)
  for (let i = 0; i < originals.length; i++) {
    const next = copies[i].nextSibling, mark = copies[i].lastChild;
    if (!struck.has(originals[i]) || isBlock(originals[i]) || !next || next.nodeType !== Node.TEXT_NODE || !/^\s/.test(next.nodeValue)) continue;
    if (mark && mark.nodeType === Node.TEXT_NODE && mark.nodeValue === '\u2045tag:/del\u2046') copies[i].after(mark);
  }
  for (const el of gone) el.remove();
  // a <q>'s marks are drawn by its ::before and ::after, which no markup holds, and trafilatura makes it a
  // quotation block of its own ("He said\nstop here\nand left."): an inline span with its marks as text
  // (`quote_marks.js`; without them where they are not known)
  for (let i = originals.length - 1; i >= 0; i--) {  // inner first: an outer <q>'s marks are its own
    if (originals[i].tagName !== 'Q' || out.has(originals[i])) continue;
    const span = document.createElement('span');
    span.append(quoteMark(originals[i], 'before') || '', ...copies[i].childNodes, quoteMark(originals[i], 'after') || '');
    copies[i].replaceWith(span);
  }
  for (let i = 0; i < originals.length; i++) {
    const index = originals[i].getAttribute('data-vl-math');
    if (index === null || out.has(originals[i])) continue;
    const tex = formulas[Number(index)] || '\u2045vl:math\u2046';
    // a displayed formula is a paragraph of its own (trafilatura leaves text loose between blocks out)
    const shown = tex.startsWith('$$') ? document.createElement('p') : document.createTextNode(tex);
    if (tex.startsWith('$$')) shown.textContent = tex;
    copies[i].replaceWith(shown);
  }
  // Code as a reader sees it (a fourth hunt): trafilatura fences a <pre><code> only, reads lines set as blocks
  // inside a listing as one run ("sudo apt-get updatesudo apt-get install"), flattens a <pre> without <code>
  // and a pre-wrap poem to one line, and makes a listing with a line-number column a table ("1 2 3 | import
  // json def load"). In the copy: a block inside a listing ends its line; a listing with a line-number column
  // is its code alone; a <pre> without <code>, and a monospaced `white-space: pre` box, are <pre><code>; a
  // kept newline in prose (pre-wrap, pre-line) is a <br>.
  const keepsLines = (el) => /^(pre|pre-wrap|pre-line|break-spaces)$/.test(getComputedStyle(el).whiteSpace);
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i], parent = el.parentElement;
    if (out.has(el) || !parent || !keepsLines(parent) || /^(inline|ruby|contents|none)/.test(getComputedStyle(el).display)) continue;
    const next = copies[i].nextSibling;
    if (!(next && next.nodeType === Node.TEXT_NODE && next.nodeValue.startsWith('\n'))) copies[i].after('\n');
  }
  const fenced = (copyOf, text) => {  // a <pre><code> holding `text`, in the place of `copyOf`
    const pre = document.createElement('pre'), code = document.createElement('code');
    code.textContent = text.replace(/\n+$/, '');
    pre.append(code);
    copyOf.replaceWith(pre);
  };
  const numbers = /^[\s\d]*$/;
  // an element's copy (originals.indexOf, once an element, was quadratic in the page's size)
  const copyOf = new Map(originals.map((el, i) => [el, copies[i]]));
  for (let i = 0; i < originals.length; i++) {
    const table = originals[i];
    if (table.tagName !== 'TABLE' || out.has(table) || !table.rows.length) continue;
    const rows = [...table.rows];
    // (the numbers as text, or drawn by CSS from an attribute inside a listing: highlight.js's line numbers)
    const listing = rows.every((row) => row.cells.length >= 2 && numbers.test(row.cells[0].textContent))
      && (rows.some((row) => /\d/.test(row.cells[0].textContent)) || !!table.closest('pre'))
      && rows.every((row) => { const cell = row.cells[row.cells.length - 1];
                               return keepsLines(cell) || !!cell.querySelector('pre') || !!cell.closest('pre'); });
    if (!listing) continue;
    const at = (cell) => copyOf.get(cell);
    const code = rows.map((row) => at(row.cells[row.cells.length - 1]).textContent.replace(/\n$/, '')).join('\n');
    if (table.closest('pre')) copies[i].replaceWith(code);  // the listing round it is fenced already
    else fenced(copies[i], code);
  }
  const converted = new Set();
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i];
    if (out.has(el) || !copy.contains(copies[i])) continue;
    if (el.tagName === 'PRE' && !el.querySelector('code')) {
      const code = document.createElement('code');
      code.append(...copies[i].childNodes);
      copies[i].append(code);
    } else if (el.tagName !== 'PRE' && !el.closest('pre') && ![...converted].some((c) => c.contains(el))
               && getComputedStyle(el).whiteSpace === 'pre' && /mono|courier|consol|menlo|monaco/i.test(getComputedStyle(el).fontFamily)
               && !/^inline/.test(getComputedStyle(el).display) && /\n/.test(copies[i].textContent.trim())) {
      converted.add(el);
      fenced(copies[i], copies[i].textContent);
    }
  }
  // Inline code among words ("Delete <code>node_modules</code>.") is words of their run: where trafilatura
  // finds no main frame it recovers each <code> alone, and a list's steps came out as code blocks holding
  // "node_modules" and "npm ci", their words lost (details_nested_list of a fourth hunt). In the copy it is a
  // <span> (the main text wrote inline code as its words already); a <code> alone in its box stays.
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i], parent = el.parentElement;
    if (el.tagName !== 'CODE' || out.has(el) || !parent || !copy.contains(copies[i]) || el.closest('pre')) continue;
    if (!/^inline/.test(getComputedStyle(el).display) || /\n/.test(el.textContent.trim())) continue;
    if (parent.textContent.trim() === el.textContent.trim()) continue;
    const span = document.createElement('span');
    span.append(...copies[i].childNodes);
    copies[i].replaceWith(span);
  }
  // A definition list drawn as rows, each term with its definition beside it on its line (a profile's or an info
  // box's "Username: jdoe", its <dt> and <dd> inline or floated), is lines: trafilatura writes a <dl>'s terms and
  // definitions as items, and the main text each a paragraph ("Username:", then "jdoe"). In the copy each row is
  // its term, a space and its definition, one <dt> (still a list: as <p>s they tipped trafilatura's count of a
  // page's paragraph text, and it left out text loose in a <div>); a list whose definitions stand under their
  // terms stays as it is.
  // (the <dd>'s first line by its text's box: a <dd> beside a floated <dt> is a block under it whose first line
  // flows beside it; level with the <dt>'s box, a term wrapped in its column too, and right of the term's text)
  const textRects = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
  };
  const besideOnLine = (dt, dd) => {
    const a = dt.getBoundingClientRect(), end = textRects(dt).at(-1), b = textRects(dd)[0];
    return !!end && !!b && b.top < a.bottom - 1 && a.top < b.bottom - 1 && b.left >= end.right - 1;
  };
  for (let i = 0; i < originals.length; i++) {
    const dl = originals[i];
    if (dl.tagName !== 'DL' || out.has(dl) || !copy.contains(copies[i])) continue;
    const drawn = (el) => [...el.children].filter((child) => !out.has(child));
    // (its rows as its children, or each in a <div>, as HTML allows round a term and its definition)
    const groups = drawn(dl).every((el) => el.tagName === 'DIV') ? drawn(dl).map(drawn) : [drawn(dl)];
    const rows = [];
    for (const group of groups) {
      if (group.length % 2) break;
      for (let at = 0; at < group.length; at += 2) rows.push([group[at], group[at + 1]]);
    }
    if (!rows.length || rows.length * 2 !== groups.reduce((n, group) => n + group.length, 0)
        || !rows.every(([dt, dd]) => dt.tagName === 'DT' && dd.tagName === 'DD' && besideOnLine(dt, dd))) continue;
    for (const [dt, dd] of rows) {
      copyOf.get(dt).append(' ', ...copyOf.get(dd).childNodes);
      copyOf.get(dd).remove();
    }
  }
  // (a <textarea>'s text is raw: a <br> put in it was written as the letters "<br>")
  const walker = document.createTreeWalker(copy.querySelector('body'), NodeFilter.SHOW_TEXT);
  const breaks = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeValue.includes('\n') && node.parentElement && !node.parentElement.closest('pre, code, textarea')) breaks.push(node);
  }
  // (white-space is inherited: on a page set pre-wrap every element is such prose)
  const prose = new Set(originals.filter((el) => !out.has(el) && /^(pre-wrap|pre-line|break-spaces)$/.test(
    getComputedStyle(el).whiteSpace)).map((el) => copyOf.get(el)));
  for (const node of breaks) {
    if (!prose.has(node.parentElement) || !/\S/.test(node.parentElement.textContent)) continue;
    const parts = node.nodeValue.replace(/^\n+|\n+$/g, '').split('\n');
    if (parts.length < 2) continue;
    node.replaceWith(...parts.flatMap((part, k) => k ? [document.createElement('br'), part] : [part]));
  }
  // trafilatura drops a <figcaption> (the caption a reader sees under the picture) and a <details>'s
  // <summary> (the question of a FAQ), and writes a table's <caption> as a row of it ("Table 1. Revenue | | |"):
  // each is made a paragraph where it is drawn (a caption above its table)
  for (let i = 0; i < originals.length; i++) {
    const el = originals[i];
    if (!/^(FIGCAPTION|SUMMARY|CAPTION)$/.test(el.tagName) || out.has(el) || !copy.contains(copies[i])) continue;
    const paragraph = document.createElement('p');
    paragraph.append(...copies[i].childNodes);
    const table = el.tagName === 'CAPTION' ? copies[i].closest('table') : null;
    if (table && getComputedStyle(el).captionSide !== 'bottom') { copies[i].remove(); table.before(paragraph); }
    else if (table) { copies[i].remove(); table.after(paragraph); }
    else copies[i].replaceWith(paragraph);
  }
  // trafilatura guesses from markup what a page hides, and leaves out an element whose style attribute says
  // "hidden" (`overflow: hidden` on a drawn box), whose class says hide or hidden ("hidden-xs", shown on a
  // desktop) or that is `aria-hidden` (drawn, kept from screen readers: a rating's stars). What is left in
  // the copy is drawn (judged above), so those marks are taken off it.
  for (let i = 0; i < originals.length; i++) {
    const el = copies[i];
    if (out.has(originals[i]) || !copy.contains(el)) continue;
    if (/hidden|display:\s*none/i.test(el.getAttribute('style') || '')) el.removeAttribute('style');
    if (/hidden/i.test(el.id)) el.removeAttribute('id');
    // (but a heading's anchor, "#", "¶", "§" or "🔗" kept from screen readers, is no text of it: "## # Linux")
    if (el.closest('h1, h2, h3, h4, h5, h6') && (el.getAttribute('aria-hidden') === 'true' || el.matches('a[href^="#"]'))
        && /^(#|¶|§|🔗)$/u.test(el.textContent.trim())) { el.remove(); continue; }
    el.removeAttribute('aria-hidden');
    const classes = [...el.classList].filter((name) => /^hid(e|den)|-hide-|hide-print/i.test(name));
    if (classes.length) el.classList.remove(...classes);
  }
  // text loose beside blocks is drawn as lines of its own: each run a paragraph (`loose_text.js`)
  const body = copy.querySelector('body');
  (LOOSE_TEXT)([[document.body, body], ...originals.map((el, i) => [el, copies[i]])
    .filter(([el, at]) => !out.has(el) && copy.contains(at))], (el) => out.has(el));
  // trafilatura looks for the main content in a frame (an element the page names its article, content or
  // main); on a page with none it recovers loose paragraphs only, leaving out every heading and each block
  // that is no <p> (a product grid's card titles, a dashboard's stat cards, an accordion's panel headings:
  // a fourth hunt). Its last frame is the page's <main>: on a page without one (nor a box named main), the
  // body's content is wrapped in one, so that such a page is read as a frame like any other.
  // (a box named main: not a menu or a header, `<ul class=main-menu>`, which trafilatura takes for no frame)
  const frameless = !copy.querySelector('main, [role^=main], :is(article, div, section):is([class^=main], [id^=main])');
  // a thread's user panels, on any page (`post_panels.js`): trafilatura wrote them as the posts' text. And
  // what a page with landmarks marks apart, the wrapper took in (a blind review): a sidebar's widgets and a
  // footer's columns with their headings ("### Subscribe", "##### Contact"). As drawn, they are an <aside>
  // and a <footer> (`page_parts`), which trafilatura leaves out; a card grid's or a stat row's boxes, side by
  // side and alike, stay.
  // (a panel is marked data-vl=panel: `frames` reads a thread's posts by them)
  const {panels, lone} = (POST_PANELS)(originals, (el) => out.has(el));
  const parts = panels.map((el) => [el, 'aside', 'panel']);
  if (frameless) parts.push(...(PAGE_PARTS)(originals, (el) => out.has(el)));
  const made = new Map();  // each element taken out, the part it is now
  for (const [el, tag, kind] of parts) {
    const at = copyAt.get(el);
    if (!at || !copy.contains(at)) continue;  // (inside a part taken out already)
    const part = document.createElement(tag);
    if (kind) part.dataset.vl = kind;
    // (the box it was, by its tag and class: a guest's panel beside another post is told by them, `guest_posts`)
    part.dataset.vlTag = at.tagName.toLowerCase();
    if (at.getAttribute('class')) part.dataset.vlClass = at.getAttribute('class');
    part.append(...at.childNodes);
    at.replaceWith(part);
    made.set(el, part);
  }
  // a lone panel, a thread of one post's perhaps, is only marked, as drawn or as the part it is now (a page
  // without landmarks: a sidebar's, `page_parts`): `lone_post` judges it
  const marked = lone && (made.get(lone) || copyAt.get(lone));
  if (marked && copy.contains(marked)) marked.dataset.vl = 'lone-panel';
  if (frameless) {
    const main = document.createElement('main');
    main.append(...body.childNodes);
    body.append(main);
  }
  return copy.outerHTML;
}
