// Text loose in a box beside blocks is drawn as lines of its own: CSS wraps each run of it (text and inline
// elements between two blocks) in an anonymous block box, so a card's "Thanks, Jane!" stands above its
// "<p>Your order ships today.</p>". trafilatura reads markup and made one paragraph of the box ("Thanks, Jane!
// Your order ships today."). In the copy each such run becomes a paragraph (a <div> where it holds an element
// the HTML parser would not keep in a <p>: a float, say).
// Only a box of flowing blocks is judged (display block or flow-root; in a flex or grid container each run
// is an item, and "Price:" <b>$20</b> are drawn on one line), and not a list item, a term, a table cell, a
// caption or a listing, whose text `main_text` writes as one line or as it is. A float or a box set out of
// the flow is no block: text wraps round it, and it stays in its run. A box with a `display: contents` child
// is left as it is (that child's children are the runs' neighbours).
// visible_html.js uses it: `browser._script` puts it where LOOSE_TEXT stands; called with pairs of an
// element and its copy (in document order, each in the page's copy) and a test of what is left out, it changes
// the copies.
(pairs, leftOut) => {
  const original = new Map(pairs.map(([el, copy]) => [copy, el]));
  const container = /^(DIV|SECTION|ARTICLE|MAIN|ASIDE|HEADER|FOOTER|NAV|BODY|BLOCKQUOTE|FORM|FIELDSET|FIGURE|CENTER)$/;
  // the tags the HTML parser keeps out of a <p>; an element made in the copy (a fenced listing, a caption as a
  // paragraph) is judged by its tag
  const blocks = ['address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
    'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
    'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul'];
  const blockTag = (node) => blocks.includes(node.tagName.toLowerCase());
  // 'block': a block in the flow (it ends a run); 'inline': part of a run; 'aside': a float or a box out of
  // the flow, part of a run but no loose text of it (a run of floats alone is left as it is); 'contents'
  const kind = (node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return node.nodeType === Node.TEXT_NODE ? 'inline' : 'aside';
    const el = original.get(node);
    if (!el) return blockTag(node) ? 'block' : 'inline';
    if (leftOut(el)) return 'aside';
    const style = getComputedStyle(el);
    if (style.display === 'contents') return 'contents';
    if (style.float !== 'none' || /^(absolute|fixed)$/.test(style.position)) return 'aside';
    return /^inline/.test(style.display) ? 'inline' : style.display === 'none' ? 'aside' : 'block';
  };
  for (const [el, copy] of pairs) {
    if (!container.test(el.tagName) || leftOut(el)) continue;
    const style = getComputedStyle(el);
    if (!/^(block|flow-root)$/.test(style.display) || /^(pre|pre-wrap|break-spaces)$/.test(style.whiteSpace)
        || el.closest('pre')) continue;
    const kinds = [...copy.childNodes].map(kind);
    if (!kinds.includes('block') || kinds.includes('contents')) continue;
    let run = [], loose = false;  // the nodes of a run; whether it holds text other than its asides'
    const wrap = () => {
      if (loose) {
        const blocky = run.some((node) => node.nodeType === Node.ELEMENT_NODE
          && (blockTag(node) || node.querySelector(blocks.join(', '))));
        const paragraph = document.createElement(blocky ? 'div' : 'p');
        run[0].before(paragraph);
        paragraph.append(...run);
      }
      run = [];
      loose = false;
    };
    [...copy.childNodes].forEach((node, at) => {
      if (kinds[at] === 'block') wrap();
      else {
        run.push(node);
        loose = loose || kinds[at] === 'inline' && /\S/.test(node.textContent);
      }
    });
    wrap();
  }
}
