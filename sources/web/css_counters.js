// The CSS counters in scope where each ::before and ::after of the page is drawn, followed through the document
// as CSS Lists 3 §4.4 says and Chromium does: an element's counters are its parent's, plus those of its previous
// sibling whose names the parent has none of (so a heading's reset numbers the headings after it, while a
// counter nested inside an ancestor's of the same name ends with its element); then its `counter-reset` makes a
// counter (replacing one its previous sibling or itself made), `counter-increment` adds to the innermost of that
// name and `counter-set` sets it, either making one at 0 where none is in scope; a ::before is its element's
// first child, an ::after its last; an element not displayed (or in a closed <details>) counts nothing; on a
// page with style containment (`contain`, `content-visibility`) or counters on a `display: contents` element,
// none is followed. Checked against Chromium's own
// drawing, pixel for pixel (tests/test_web_tiles.py). Returns a function `(el, which, name)`: the values of the
// counters `name` at that pseudo-element, outermost first (`counter()` writes the last, `counters()` all), or
// null where a counter is not followed here (`list-item`, which lists number by their own rules; a `reversed()`
// counter).
// page_layout.js (a tile's lines) uses it: `browser._script` puts it where CSS_COUNTERS stands.
() => {
  const kept = new Map();  // element -> {before, after}: the counters' values at each pseudo-element drawing one
  const unknown = new Set(['list-item']);
  // a computed counter property ("s 0 t 1", "none"): its names and numbers (`implied` where none is given)
  const pairs = (value, implied) => {
    const parts = value && value !== 'none' ? value.trim().split(/\s+/) : [], out = [];
    for (let i = 0; i < parts.length; i++) {
      if (/^-?\d+$/.test(parts[i + 1] || '')) out.push([parts[i], parseInt(parts[++i], 10)]);
      else out.push([parts[i], implied]);
    }
    return out;
  };
  const last = (set, name) => set.findLast((c) => c.name === name);
  // a counter set, inherited: the parent's, then the previous sibling's whose names the parent has none of (a
  // counter is one object wherever it is in scope: its value is the one the last element before set)
  const inherited = (parent, sibling) => [...parent, ...sibling.filter((c) => !parent.some((p) => p.name === c.name))];
  const count = (set, style, creator, siblings) => {
    const make = (name, value) => {
      const innermost = last(set, name);
      if (innermost && (innermost.creator === creator || siblings.has(innermost.creator))) {
        set.splice(set.indexOf(innermost), 1);
      }
      set.push({name, value, creator});
    };
    for (const [name, n] of pairs(style.counterReset, 0)) {
      if (/^reversed\(/.test(name)) unknown.add(name.slice(9, -1));
      else make(name, n);
    }
    const innermost = (name) => last(set, name) || (make(name, 0), last(set, name));
    for (const [name, n] of pairs(style.counterIncrement, 1)) innermost(name).value += n;
    for (const [name, n] of pairs(style.counterSet, 0)) innermost(name).value = n;
  };
  // a pseudo-element's counter set (`which`, of `el`, whose set is `parent`; `sibling`: the set before it)
  const pseudo = (el, which, parent, sibling, siblings) => {
    const style = getComputedStyle(el, '::' + which);
    if (!style.content || /^(none|normal)$/.test(style.content) || style.display === 'none') return sibling;
    const set = inherited(parent, sibling), creator = {el, which};
    count(set, style, creator, siblings);
    const named = [...style.content.matchAll(/counters?\(\s*([-\w]+)/g)].map((m) => m[1]);
    for (const name of named) if (!last(set, name)) set.push({name, value: 0, creator});  // CSS 2.1 §12.4
    if (named.length) {
      (kept.get(el) || kept.set(el, {}).get(el))[which] = new Map(named.map(
        (name) => [name, set.filter((c) => c.name === name).map((c) => c.value)]));
    }
    siblings.add(creator);
    return set;
  };
  // the element's counter set (`parent`: its parent's; `sibling`: its previous sibling's; `siblings`: the
  // elements and pseudo-elements before it under the same parent), its pseudo-elements and children followed
  let uncertain = false;  // counters scoped by containment, or on an element that draws no box: not followed
  const walk = (el, parent, sibling, siblings) => {
    const set = inherited(parent, sibling), style = getComputedStyle(el);
    siblings.add(el);
    if (style.display === 'none') return set;
    const counts = [style.counterReset, style.counterIncrement, style.counterSet].some((v) => v && v !== 'none');
    if (/style|content|strict/.test(style.contain) || style.contentVisibility !== 'visible'
        || style.display === 'contents' && counts) {
      uncertain = true;  // CSS Containment 2 scopes counters to the subtree; Chromium ignores a `contents` one's
    }
    count(set, style, el, siblings);
    const under = new Set();
    let before = pseudo(el, 'before', set, [], under);
    // a closed <details> draws its <summary> only: the rest counts nothing
    const drawn = el.tagName === 'DETAILS' && !el.open
      ? [...el.children].filter((child) => child === el.querySelector(':scope > summary')) : [...el.children];
    if (!(el instanceof SVGElement)) for (const child of drawn) before = walk(child, set, before, under);
    pseudo(el, 'after', set, before, under);
    return set;
  };
  walk(document.documentElement, [], [], new Set());
  return (el, which, name) => {
    if (uncertain || unknown.has(name)) return null;
    const values = kept.get(el) && kept.get(el)[which];
    return values && values.has(name) ? values.get(name) : null;
  };
}
