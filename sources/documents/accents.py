"""Accents TeX draws over a letter, read as the accented letter.

TeX's ``\\"e`` and ``\\'e`` in a font without the accented letter (Computer Modern in OT1, still common in
papers and in their references) draw the accent's own glyph over the letter, and the text layer holds both as
they are drawn: "van Merri¨enboer", "Poincar´e", "Schr¨odinger", where the page shows "Merriënboer". Such an
accent is told from a character set in the text ("it´s", a typist's apostrophe) by where it stands: over the
letter next to it, the two glyphs' boxes overlapping by most of the accent's width. It is then read as the
combining mark on that letter and composed (NFC). So is TeX's \\not, a slash drawn through the relation after
it ("r\u0338 = 0" and "/\u2208" in the text layer for "r \u2260 0" and "\u2209"). A line read again from its
characters gets the math spaces the text layer missed, too (`math_spaces`).
"""

from __future__ import annotations

import unicodedata

from sources.documents.math_fonts import drawn_symbols, is_math_extension
from sources.documents.math_spaces import holds_math, spaces_after
from sources.documents.small_caps import as_shown
from sources.documents.text_layer import box_key, each_text_block, normal_form, raw_lines

# spacing accents and the combining marks they draw: diaeresis, acute, grave, circumflex, tilde, macron, breve,
# dot above, ring above, caron, double acute, cedilla, ogonek (TeX's circumflex and tilde are U+02C6 and U+02DC:
# ASCII "^" and "~", common in code and paths, are left alone)
SPACING_ACCENTS = {"\u00a8": "\u0308", "\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302", "\u02dc": "\u0303",
                   "\u00af": "\u0304", "\u02d8": "\u0306", "\u02d9": "\u0307", "\u02da": "\u030a", "\u02c7": "\u030c",
                   "\u02dd": "\u030b", "\u00b8": "\u0327", "\u02db": "\u0328"}
# TeX's \not: a slash of no width (cmsy's "negationslash", U+0338) drawn over the relation after it, which the
# text layer holds before that relation and a space ("r\u0338 = 0" where the page shows "r \u2260 0")
NEGATION = "\u0338"
_DOTTED = {"\u0131": "i", "\u0237": "j"}  # TeX accents \i and \j, the dotless letters: "Ma\^\itre" is "Maître"
OVER = 0.5  # share of the accent's width that lies over the letter


def with_accents(page, text: dict, flags: int) -> dict:
    """``text`` (a page's dict text read with ``flags``) with every line that holds a spacing accent rebuilt from
    its characters (its twin in the page's ``rawdict``, read once), each accent that stands over a letter of the
    line (in its span or another: TeX raises an accent over a capital into a span of its own) composed with
    that letter. ``text`` itself where no line holds one."""
    if not any(_marked(line) for block in text["blocks"] for line in block.get("lines", ())):
        return text
    raw = raw_lines(page, flags)
    return each_text_block(text, lambda block: [{**block, "lines": [
        _composed(line, raw.get(box_key(line["bbox"]))) for line in block.get("lines", ())]}])


def _composed(line: dict, twin: dict | None) -> dict:
    """``line`` with the accents that stand over a letter composed with it, or as it is where it holds none or
    its twin's spans are not its own (`text_layer.visible` left some out)."""
    if twin is None or not _marked(line):
        return line
    if [box_key(span["bbox"]) for span in twin["spans"]] != [box_key(span["bbox"]) for span in line["spans"]]:
        return line
    # a math extension font's codes read as its symbols, as `text_layer.visible` reads them
    chars = [(i, {**ch, "c": drawn_symbols(ch["c"])} if is_math_extension(span.get("font", "")) else ch)
             for i, span in enumerate(twin["spans"]) for ch in span["chars"]]
    if not _overstruck(line) and [span["text"] for span in line["spans"]] != [
            as_shown(normal_form("".join(ch["c"] for i, ch in chars if i == k)), span.get("font", ""))
            for k, span in enumerate(twin["spans"])]:
        # for its math spaces only, a line a step before changed (`letter_spacing` took the gaps out of a
        # heading's spaced letters, "C O N T E N T S"): read again from its characters it was undone
        return line
    texts: list[list[str]] = [[] for _ in twin["spans"]]
    done: set[int] = set()
    negated = _negated(chars)
    # TeX's math spaces the text layer missed (`math_spaces`), after the slash of a negation is taken out
    kept = [k for k in range(len(chars)) if k not in negated.values()]
    spaced = {kept[j] for j in spaces_after([(chars[k][1], twin["spans"][chars[k][0]]["size"]) for k in kept])}
    for k, (i, ch) in enumerate(chars):
        if k - 1 in spaced:  # a space after the character before, in its span
            texts[chars[k - 1][0]].append(" ")
        if k in done or k in negated.values():
            continue
        if k in negated:  # the relation \not strikes through: "=" and the slash are "\u2260"
            texts[i].append(unicodedata.normalize("NFC", ch["c"] + NEGATION))
            continue
        mark = SPACING_ACCENTS.get(ch["c"])
        # the letter it stands over: the next character or the one before, in any span of the line
        letter = next((j for j in sorted(range(len(chars)), key=lambda j: abs(j - k)) if j != k and j not in done
                       and chars[j][1]["c"].isalpha() and _over(ch, chars[j][1])), None) if mark else None
        if letter is None:
            texts[i].append(ch["c"])
            continue
        where, base = chars[letter]
        composed = unicodedata.normalize("NFC", _DOTTED.get(base["c"], base["c"]) + mark)
        if letter > k:  # drawn before its letter (TeX's \accent): written where the letter is
            done.add(letter)
            texts[where].append(composed)
        else:  # drawn after its letter, already written: its last character
            texts[where][-1] = unicodedata.normalize("NFC", _DOTTED.get(texts[where][-1], texts[where][-1]) + mark)
    spans = [{**span, "text": as_shown(normal_form("".join(text)), span.get("font", ""))}
             for span, text in zip(line["spans"], texts)]
    return {**line, "spans": [span for span in spans if span["text"]]}


def _overstruck(line: dict) -> bool:
    """Whether ``line`` holds a mark drawn over a character (`_MARKS`) or a "/" (LaTeX's \\notin sets one over
    "∈")."""
    return any(c in _MARKS or c == "/" for span in line["spans"] for c in span["text"])


def _marked(line: dict) -> bool:
    """Whether ``line`` holds a mark drawn over a character (`_MARKS`) or a math symbol
    (`math_spaces.holds_math`; LaTeX's \\notin sets a "/" over one)."""
    text = "".join(span["text"] for span in line["spans"])
    return any(c in _MARKS for c in text) or holds_math(text)


_MARKS = frozenset(SPACING_ACCENTS) | {NEGATION}  # spacing accents and \not's slash


def _negated(chars: list[tuple[int, dict]]) -> dict[int, int]:
    """Each character a slash of no width (`NEGATION`) strikes through, by its index in ``chars`` (a line's
    ``(span index, character)``), to the slash's: the next character not a space, less than an em after it;
    or that a "/" lies over (`_struck`)."""
    out: dict[int, int] = {}
    for k, (_, ch) in enumerate(chars):
        if ch["c"] == "/" and k + 1 < len(chars) and _struck(ch, chars[k + 1][1]):
            out[k + 1] = k  # LaTeX's \notin: a "/" set over the "\u2208" after it, "/\u2208" in the text layer
            continue
        if ch["c"] != NEGATION or ch["bbox"][2] - ch["bbox"][0] > 0.05 * _em(ch):
            continue
        after = next((j for j in range(k + 1, len(chars)) if not chars[j][1]["c"].isspace()), None)
        if after is not None and chars[after][1]["c"] != NEGATION \
                and chars[after][1]["bbox"][0] - ch["bbox"][2] < _em(chars[after][1]):
            out[after] = k
    return out


def _struck(slash: dict, symbol: dict) -> bool:
    """Whether a ``slash`` lies over the next character, a symbol (no letter, digit or space), by most of the
    slash's width: the two drawn as one, struck through."""
    c = symbol["c"]
    return not (c.isalnum() or c.isspace() or c in "/([{") and _over(slash, symbol)


def _em(ch: dict) -> float:
    """About a character's em (points): its box's height (rawdict gives a character no size)."""
    return ch["bbox"][3] - ch["bbox"][1]


def _over(accent: dict, letter: dict) -> bool:
    """Whether the ``accent`` character's box lies over the ``letter``'s by `OVER` of its width at least."""
    a0, _, a1, _ = accent["bbox"]
    b0, _, b1, _ = letter["bbox"]
    return a1 > a0 and min(a1, b1) - max(a0, b0) >= OVER * (a1 - a0)
