// A counter's value `n` written in the counter style `type` (CSS Counter Styles 3's predefined styles), as
// Chromium draws it without a suffix: "5", "05" (decimal-leading-zero), "e" (lower-alpha), "iv"
// (lower-roman); outside a style's range the style falls back to decimal, as CSS says; null for a style not
// computed here (Hebrew, Armenian, CJK numerals...).
// Both list_markers.js (a list item's marker) and css_counters.js (`counter()` in generated content) use it:
// `browser._script` puts it where COUNTER_STYLE stands.
(n, type) => {
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
  if (/^(lower|upper)-(alpha|latin)$/.test(type) && n >= 1) {
    return type.startsWith('lower') ? alphabetic(n, latin) : alphabetic(n, latin).toUpperCase();
  }
  if (type === 'lower-greek' && n >= 1) return alphabetic(n, greek);
  if (/^(lower|upper)-roman$/.test(type) && n >= 1 && n <= 3999) {
    return type.startsWith('lower') ? roman(n) : roman(n).toUpperCase();
  }
  if (type === 'decimal-leading-zero') return n < 0 ? String(n) : String(n).padStart(2, '0');  // ("-2": the sign pads)
  if (type === 'decimal' || /^(lower|upper)-(alpha|latin|roman|greek)$/.test(type)) return String(n);
  return null;
}
