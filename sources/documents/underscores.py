"""Underscores TeX draws as rules, read as "_" where the page draws them.

TeX's plain and texinfo ``\\_`` outside typewriter type, and LaTeX's ``\\textunderscore`` (``\\_``) in the OT1
encoding, pdfLaTeX's default, set no glyph: they draw a short rule, ``\\vbox{\\hrule width .3em}`` after a kern
of .06em (texinfo: .07em each side, .1ex thick), on the baseline. The text layer holds nothing there, and
MuPDF puts a space in the gap where it is wide enough: Octave's manual read "[doc cache create]" for
doc_cache_create, LaTeX's ``some\\_identifier`` "some identifier". Monospaced text sets real "_" glyphs.

A drawn rule is read as an underscore where it stands as one (`_gap_text`): thin (`MAX_THICKNESS` font sizes),
an underscore's width (`WIDTH`), centred on the baseline of the glyphs beside it (`DEPTH`), in a gap of a
line where no glyph stands over it (an underline spans text: a link's, ``\\underline``'s; a table's rules
span cells), touching a glyph on one side at least (`SPACE`): between two words' letters, right after a
word or right before one. A rule alone in a wide gap is left unread: nothing says what it is. Where the
gap between the rule and a glyph beside it is as wide as a word space, a space stays there ("or _lead").

Both readings of a page's characters get them: its dict lines (`with_underscores`, the page's text) and a
table's rawdict blocks (`raw_with_underscores`, its cells), as characters of their own in the gap.
"""

from __future__ import annotations

from sources.documents.blocks import union_box
from sources.documents.text_layer import box_key, raw_lines, upright

MAX_THICKNESS = 0.1  # font sizes: TeX's rules are 0.4 point (LaTeX) and .1ex (texinfo) thick, ~0.04
WIDTH = (0.2, 0.5)  # font sizes: both draw .3em
# font sizes from the baseline (down positive) to the rule's middle: TeX's are at -0.02, a font's underline +0.12
DEPTH = (-0.1, 0.06)
SPACE = 0.15  # font sizes: a wider gap beside the rule is a word space (TeX's shrinks to 0.22); the kerns are .06-.07
OVER = 0.05  # font sizes a glyph's box may reach over the rule's ends (boxes are advance widths)
_WHITE = 0.95  # a colour's components all above this draw nothing on a white page


def drawn_rules(drawings: list[dict]) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, y0, x1, y1, points) of the short thin horizontal rules among ``drawings`` (a page's
    ``get_cdrawings()``): stroked horizontal lines (MuPDF reports pdfTeX's thin filled rectangles so, their
    thickness the stroke's width) and thin filled rectangles; white ones draw nothing and are left out."""
    rules = []
    for drawing in drawings:
        kind = drawing.get("type", "")
        if "f" in kind and _inked(drawing.get("fill"), drawing.get("fill_opacity", 1.0)):
            x0, y0, x1, y1 = drawing["rect"]
            if 0 < y1 - y0 <= 1.5 and 1 <= x1 - x0 <= 20:
                rules.append((x0, y0, x1, y1))
        elif kind == "s" and _inked(drawing.get("color"), drawing.get("stroke_opacity", 1.0)):
            half = (drawing.get("width") or 0.0) / 2
            for item in drawing.get("items", ()):
                if item[0] == "l" and abs(item[1][1] - item[2][1]) < 0.01 and 0 < half <= 0.75:
                    x0, x1 = sorted((item[1][0], item[2][0]))
                    if 1 <= x1 - x0 <= 20:
                        rules.append((x0, item[1][1] - half, x1, item[1][1] + half))
    return rules


def _inked(colour, opacity) -> bool:
    return colour is not None and (opacity is None or opacity > 0) and not all(c >= _WHITE for c in colour)


def with_underscores(page, text: dict, rules: list[tuple], flags: int) -> dict:
    """``text`` (a page's dict text read with ``flags``) with the underscores ``rules`` (`drawn_rules`) draw
    written into the lines they stand in: in the space MuPDF put in the gap, or after the glyph before it. A
    run of rules (`_runs`) goes to one line (`_owner`); one that fills a gap MuPDF cut a line at ("SY______.PFB",
    the gap wide enough for a line of its own after "SY") joins the two lines into one. A span's characters
    come from its twin in the page's ``rawdict`` (read once, only where a rule may stand); a span whose twin is
    not its own (another step rewrote it) is read whole, so a rule is placed at its ends only. ``text`` itself
    where no rule is an underscore."""
    if not rules:
        return text
    where = [(b, k, line) for b, block in enumerate(text["blocks"]) for k, line in enumerate(block.get("lines", ()))
             if upright(line) and line.get("spans")]
    owners, joined = [], {}  # (run, its lines); a line -> the first line of those a run joins it with
    for run in _runs(rules):
        owner = _owner([(b, k, line) for b, k, line in where if _beside(line, run)], run)
        if owner is not None:
            owners.append((run, owner))
            for part in owner[1:]:  # a run closing a gap: the line after it joins the one before
                joined[part] = joined.get(owner[0], owner[0])
    if not owners:
        return text
    groups: dict[tuple, list] = {}  # first line -> [its lines, their rules]
    for run, owner in owners:
        group = groups.setdefault(joined.get(owner[0], owner[0]), [set(), []])
        group[0].update(owner)
        group[1].extend(run)
    raw = raw_lines(page, flags)
    blocks = [dict(block, lines=list(block["lines"])) if "lines" in block else block for block in text["blocks"]]
    gone: list[tuple] = []
    for parts, found in groups.values():
        parts = sorted(parts)
        lines = [blocks[b]["lines"][k] for b, k in parts]
        spans = _written([(line, raw.get(box_key(line["bbox"]))) for line in lines], found)
        if spans is None:
            continue
        b, k = parts[0]
        blocks[b]["lines"][k] = {**lines[0], "spans": spans, "bbox": union_box(line["bbox"] for line in lines)}
        gone += parts[1:]
    for b, k in sorted(gone, reverse=True):
        del blocks[b]["lines"][k]
    return {**text, "blocks": blocks}


def raw_with_underscores(blocks: list[dict], rules: list[tuple]) -> list[dict]:
    """``get_text("rawdict")`` ``blocks`` with the underscores ``rules`` (`drawn_rules`) draw as characters
    of their own ("_", its box the rule's across the line's height), the spaces in their gap made to fit:
    a table's cells read so (`table_cells`)."""
    runs = _runs(rules)
    if not runs:
        return blocks

    def line_with(line: dict) -> dict:
        near = [rule for run in runs if upright(line) and line.get("spans") and _beside(line, run) for rule in run]
        if not near:
            return line
        pieces = [_Piece(i, ch["c"], ch["bbox"], ch["origin"][1], span["size"], ch)
                  for i, span in enumerate(line["spans"]) for ch in span["chars"]]
        placed = _placed(pieces, near)
        if placed is None:
            return line
        chars: list[list[dict]] = [[] for _ in line["spans"]]
        for piece in placed:
            if piece.text:
                chars[piece.span].append(piece.char if piece.char is not None and piece.char["c"] == piece.text else
                                         {"c": piece.text, "bbox": piece.bbox, "origin": (piece.bbox[0], piece.base)})
        return {**line, "spans": [{**span, "chars": own} for span, own in zip(line["spans"], chars)]}

    return [block if block.get("type") != 0 else {**block, "lines": [line_with(ln) for ln in block["lines"]]}
            for block in blocks]


class _Piece:
    """A glyph or a space of a line (or a span's text read whole): its span's index, text, box (points),
    baseline and font size; ``char``: the rawdict character it is, if any."""

    __slots__ = ("span", "text", "bbox", "base", "size", "char")

    def __init__(self, span: int, text: str, bbox, base: float, size: float, char: dict | None = None):
        self.span, self.text, self.bbox, self.base, self.size, self.char = span, text, tuple(bbox), base, size, char

    @property
    def space(self) -> bool:
        return not self.text.strip()


def _runs(rules: list[tuple]) -> list[list[tuple]]:
    """``rules`` as runs: those one after another on one height, each within a point and a half of the one
    before ("______", TeX's rules .06em apart), left to right."""
    runs: list[list[tuple]] = []
    for rule in sorted(rules, key=lambda r: (round(r[1] + r[3], 1), r[0])):
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last[1] + last[3] - rule[1] - rule[3]) < 0.2 and -0.1 <= rule[0] - last[2] <= 1.5:
            runs[-1].append(rule)
        else:
            runs.append([rule])
    return runs


def _beside(line: dict, run: list[tuple]) -> bool:
    """Whether the ``run``'s middle lies in ``line``'s box, its ends within half a font size of the line's."""
    x0, y0, x1, y1 = line["bbox"]
    size = max(span["size"] for span in line["spans"])
    return y0 <= (run[0][1] + run[0][3]) / 2 <= y1 and run[0][0] <= x1 + size / 2 and run[-1][2] >= x0 - size / 2


def _owner(near: list[tuple], run: list[tuple]) -> tuple | None:
    """Which of the lines ``near`` (block, index, line) a ``run`` of rules belongs to, as ``((block, index),)``:
    one it lies inside; else, where it touches the end of one line and the start of another on the same
    baseline in the same block (MuPDF cut the line at its gap), the pair; else the line it follows, or the one
    it precedes."""
    if not near:
        return None
    x0, x1 = run[0][0], run[-1][2]
    inside = [(b, k) for b, k, line in near if line["bbox"][0] - 0.5 < x0 and x1 < line["bbox"][2] + 0.5]
    if inside:
        return (inside[0],)
    before = max((c for c in near if c[2]["bbox"][2] <= x0 + 0.5), key=lambda c: c[2]["bbox"][2], default=None)
    after = min((c for c in near if c[2]["bbox"][0] >= x1 - 0.5), key=lambda c: c[2]["bbox"][0], default=None)
    follows = before is not None and x0 - before[2]["bbox"][2] <= SPACE * before[2]["spans"][-1]["size"]
    precedes = after is not None and after[2]["bbox"][0] - x1 <= SPACE * after[2]["spans"][0]["size"]
    if follows and precedes and before[0] == after[0] and \
            abs(before[2]["spans"][-1]["origin"][1] - after[2]["spans"][0]["origin"][1]) < 0.5:
        return (before[0], before[1]), (after[0], after[1])
    found = after if precedes and not follows else before or after
    return None if found is None else ((found[0], found[1]),)


def _written(lines: list[tuple[dict, dict | None]], rules: list[tuple]) -> list[dict] | None:
    """The spans of ``lines`` (each with its twin in rawdict or None; two where a rule fills the gap between
    them, one after the other) with the underscores among ``rules`` written in, or None where none is one. A
    span is cut into its characters where its twin holds it, box and text alike."""
    spans = [span for line, _ in lines for span in line["spans"]]
    pieces = []
    for line, twin in lines:
        chars = {box_key(span["bbox"]): span["chars"] for span in (twin or {}).get("spans", ())}
        for span in line["spans"]:
            i = next(n for n, s in enumerate(spans) if s is span)
            base, size, text = span["origin"][1], span["size"], span["text"]
            own = chars.get(box_key(span["bbox"]))
            if own is not None and len(own) == len(text) and \
                    "".join(ch["c"] for ch in own).casefold() == text.casefold():
                pieces += [_Piece(i, c, ch["bbox"], base, size) for c, ch in zip(text, own)]
            elif text.strip():  # read whole: its text between its box's ends, its spaces at them
                x0, y0, x1, y1 = span["bbox"]
                lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
                pieces += [_Piece(i, part, box, base, size) for part, box in (
                    (lead, (x0, y0, x0, y1)), (text.strip(), (x0, y0, x1, y1)), (trail, (x1, y0, x1, y1))) if part]
            elif text:
                pieces.append(_Piece(i, text, span["bbox"], base, size))
    placed = _placed(pieces, rules)
    if placed is None:
        return None
    texts = ["" for _ in spans]
    for piece in placed:
        texts[piece.span] += piece.text
    return [{**span, "text": t} for span, t in zip(spans, texts) if t]


def _placed(pieces: list[_Piece], rules: list[tuple]) -> list[_Piece] | None:
    """``pieces`` (a line's, in order) with an underscore piece for each of ``rules`` that stands in one of
    their gaps as an underscore does (module docstring), the spaces of that gap rewritten: one where the gap
    beside the rule is a word space, none where it is a kern. None where no rule is one."""
    glyphs = [k for k, piece in enumerate(pieces) if not piece.space]
    if not glyphs or any(pieces[a].bbox[0] > pieces[b].bbox[0] + 0.5 for a, b in zip(glyphs, glyphs[1:])):
        return None  # glyphs out of order along the line: where a gap lies is not known
    gaps: dict[int, list[tuple]] = {}  # index in glyphs of the glyph after the gap -> its rules
    for rule in rules:
        at = _gap(pieces, glyphs, rule)
        if at is not None:
            gaps.setdefault(at, []).append(rule)
    written = {}
    for g, found in gaps.items():
        before = pieces[glyphs[g - 1]] if g > 0 else None
        after = pieces[glyphs[g]] if g < len(glyphs) else None
        text = _gap_text(before, after, sorted(found))
        if text is not None:
            written[g] = text
    if not written:
        return None
    out, start = [], 0
    for g, text in sorted(written.items()):
        lo = glyphs[g - 1] + 1 if g > 0 else 0
        hi = glyphs[g] if g < len(glyphs) else len(pieces)
        out += pieces[start:lo]
        spaces = pieces[lo:hi]  # what MuPDF put in the gap: the first space takes the underscore's place
        span = spaces[0].span if spaces else (pieces[lo - 1].span if lo > 0 else pieces[hi].span)
        out += [_Piece(span, part, box, text.base, text.size) for part, box in text.parts]
        start = hi
    return out + pieces[start:]


class _Written:
    """What a gap holds once its underscores are read: ``parts`` ((text, box) each: spaces and "_"), and
    the baseline and size of the glyphs beside it."""

    __slots__ = ("parts", "base", "size")

    def __init__(self, parts: list[tuple], base: float, size: float):
        self.parts, self.base, self.size = parts, base, size


def _gap(pieces: list[_Piece], glyphs: list[int], rule: tuple) -> int | None:
    """The index (in ``glyphs``) of the glyph after the gap ``rule`` lies in (``len(glyphs)``: after the last),
    or None where a glyph stands over it."""
    x0, _, x1, _ = rule
    at = None
    for g, k in enumerate(glyphs):
        a0, _, a1, _ = pieces[k].bbox
        over = OVER * pieces[k].size
        if min(a1, x1) - max(a0, x0) > over:
            return None  # an underline, a strike-through, a table's rule: drawn over text
        if at is None and a0 >= x1 - over:
            at = g
    return len(glyphs) if at is None else at


def _gap_text(before: _Piece | None, after: _Piece | None, rules: list[tuple]) -> _Written | None:
    """The gap between the glyphs ``before`` and ``after`` (None: the line's end) as it reads with ``rules``
    (those standing in it, left to right) read as underscores, or None where they do not stand as
    underscores: too thick, wide or narrow for the glyphs' font size, off their baseline, or touching
    neither glyph (a rule alone in a wide gap)."""
    side = [p for p in (before, after) if p is not None]
    base, size = side[0].base, side[0].size
    if before is not None and after is not None and abs(before.base - after.base) > 0.1 * size:
        base, size = (before.base, before.size) if rules[0][0] - before.bbox[2] <= after.bbox[0] - rules[-1][2] \
            else (after.base, after.size)  # a script beside it: the glyph it touches says
    top, bottom = min(side, key=lambda p: p.bbox[1]).bbox[1], max(side, key=lambda p: p.bbox[3]).bbox[3]
    for x0, y0, x1, y1 in rules:
        middle = (y0 + y1) / 2 - base
        if y1 - y0 > MAX_THICKNESS * size or not WIDTH[0] * size <= x1 - x0 <= WIDTH[1] * size \
                or not DEPTH[0] * size <= middle <= DEPTH[1] * size:
            return None
    space = SPACE * size
    touches = (before is not None and rules[0][0] - before.bbox[2] <= space) or \
              (after is not None and after.bbox[0] - rules[-1][2] <= space)
    if not touches:
        return None
    parts, cursor = [], before.bbox[2] if before is not None else None
    for x0, _, x1, _ in rules:
        if cursor is not None and x0 - cursor > space:
            parts.append((" ", (cursor, top, x0, bottom)))
        parts.append(("_", (x0, top, x1, bottom)))
        cursor = x1
    if after is not None and after.bbox[0] - cursor > space:
        parts.append((" ", (cursor, top, after.bbox[0], bottom)))
    return _Written(parts, base, size)
