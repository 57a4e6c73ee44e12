// A page's formulas, each one atom whose text is its TeX: a reader sees a formula, not the pieces its
// renderer lays out (KaTeX's and MathJax's spans, MathML's elements: "The area is for a circle of radius
// r.\n𝜋\n𝑟\n2" was written for "The area is πr² for a circle of radius r."). Found, outermost only:
// MediaWiki (`.mwe-math-element`: its TeX in the hidden MathML's annotation, or the alt text of the picture
// it draws), KaTeX (`.katex`, its TeX in the MathML annotation it carries), MathJax 3 (`mjx-container`, its assistive
// MathML), MathJax 2 (the frame before its `<script type="math/tex">`, whose text is the TeX), and MathML
// itself (`<math>`). Each is marked `data-vl-math` = its index, read by visible_html.js and page_layout.js;
// returned: [{tex, mathml, display}] (tex or mathml null where the page has no such source; `math_text`
// turns MathML into TeX with pandoc).
() => {
  const found = [];
  const atoms = document.querySelectorAll('.mwe-math-element, .katex, mjx-container, .MathJax, .MathJax_Display, '
                                          + '.MathJax_SVG, .MathJax_SVG_Display, .MathJax_CHTML, math');
  for (const atom of atoms) {
    if (atom.parentElement && atom.parentElement.closest('[data-vl-math]')) continue;  // inside one found
    let tex = null, mathml = null, display = false;
    if (atom.classList.contains('mwe-math-element')) {  // MediaWiki: hidden MathML, a picture drawn for it
      const note = atom.querySelector('annotation[encoding="application/x-tex"]');
      const picture = atom.querySelector('img.mwe-math-fallback-image-inline, img.mwe-math-fallback-image-display');
      tex = note ? note.textContent : picture && picture.alt ? picture.alt : null;
      mathml = tex === null && atom.querySelector('math') ? atom.querySelector('math').outerHTML : null;
      display = !!atom.querySelector('.mwe-math-fallback-image-display, .mwe-math-mathml-display');
    } else if (atom.classList.contains('katex')) {
      const note = atom.querySelector('annotation[encoding="application/x-tex"]');
      tex = note ? note.textContent : null;
      mathml = tex === null && atom.querySelector('math') ? atom.querySelector('math').outerHTML : null;
      display = !!atom.closest('.katex-display');
    } else if (atom.tagName.toLowerCase() === 'mjx-container') {
      const math = atom.querySelector('mjx-assistive-mml math');
      mathml = math ? math.outerHTML : null;
      display = atom.getAttribute('display') === 'true';
    } else if (atom.tagName.toLowerCase() === 'math') {
      mathml = atom.outerHTML;
      display = atom.getAttribute('display') === 'block';
    } else {  // MathJax 2: the frame "MathJax-Element-3-Frame" draws the script "MathJax-Element-3"
      const frame = /-Frame$/.test(atom.id) ? atom : atom.querySelector('[id$="-Frame"]');
      const script = frame && document.getElementById(frame.id.replace(/-Frame$/, ''));
      if (!script && !frame) continue;  // a class name alone is no formula
      if (script && /^math\/tex/.test(script.type)) tex = script.textContent;
      display = !!(script && /mode=display/.test(script.type)) || atom.classList.contains('MathJax_Display')
        || atom.classList.contains('MathJax_SVG_Display');
    }
    atom.setAttribute('data-vl-math', String(found.length));
    found.push({tex, mathml, display});
  }
  return found;
}
