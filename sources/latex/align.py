"""Blocks placed on the pages they were typeset on, from SyncTeX; a block that crosses a page is split.

Each block's source lines are looked up in the SyncTeX marks (`sources.latex.synctex`); a block whose
first line ends the paragraph before it (no blank line between) counts only the marks of that line made
after the paragraph's last (`_own_marks`), as the line breaking of that paragraph made the others:

- a block whose lines were all typeset on one page goes to that page (a float goes where it floated);
- a paragraph or environment (a list, a quote...) typeset on two or more pages is cut between its lines
  by the page each line went to; a source line that itself runs over the page break is cut between its
  words where the next page's text layer starts with the rest of it (also where only the line that ended
  the paragraph reached the next page, `_ended_on`); environments open at the cut are ended before it and
  begun again after it, so each piece is LaTeX of its own;
- a heading, table or figure that SyncTeX puts on two pages goes to the one with most of it; so does a
  display or a verbatim listing broken over pages, which says so (``over_pages``): the pages it touches are
  rejected;
- a paragraph with no marks of its own (one word: its only node carries the tag of the line that ended
  it) goes to the first page that following line reached, where that page's text layer has its words;
- any other block with no marks (``\\label`` lines, ``\\title`` settings) shows nothing and is left out.

On each page the pieces keep their source order; a float goes where it sits, before the first piece
whose first node is lower on the page than the float's.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

from sources.latex.blocks import Block, Line, joined
from sources.latex.synctex import SyncTex

# environments read whole before any line is set (their nodes all carry the \\end line's tag; fancyvrb's
# Verbatim and listings set line by line, and are cut as paragraphs are)
WHOLE_READ_ENVS = ("verbatim", "spverbatim")
UNSPLITTABLE_ENVS = WHOLE_READ_ENVS + ("tabular", "tabular*", "tabularx", "minipage", "picture", "tikzpicture")
_WORD = re.compile(r"[^\W\d_]+")
_COMMAND = re.compile(r"\\[A-Za-z]+\*?")
_MATH = re.compile(r"\$[^$]*\$")
# a command whose argument is a key the page never shows: a label, an index entry, and the references and
# citations that print a number in its place ("Section 2", "[4]"). Its key's words ("sec", "method" of
# \label{sec:method}) looked for on the page found no run there: a paragraph's last word set alone atop the next
# page, before "\section{Method}\label{sec:method}", was written on the page before
_KEYED = re.compile(r"\\(?:label|index|glossary|nocite|(?:eq|page|auto|c|C|name)?ref|cite[A-Za-z]*)\*?"
                    r"(?:\s*\[[^\]]*\])*\s*\{[^{}]*\}")
_ENVIRONMENT = re.compile(r"\\(begin|end)\{([^}]+)\}")
_ITEM_OR_ENVIRONMENT = re.compile(r"\\item\b|\\(begin|end)\{([^}]+)\}")
LISTS = ("itemize", "enumerate", "description")
_BEGIN_ALONE = re.compile(r"\\begin\{[^}]+\}(\{[^{}]*\}|\[[^\]]*\])*$")
# how far into the next page the rest of a broken line is looked for: its first words, then further on (a
# float at the top of the page comes first in its text layer)
# (words, run): the whole rest (None) first, then its first 30 words where the whole is not found: a paragraph
# written on one source line, as editors that wrap softly save it, has all of its next pages' words in its
# rest, never found, and the whole paragraph went to its first page (every page refused). Only then: in
# repetitive text a shorter run also matches an earlier repeat
SEARCH_WORDS = ((80, None), (400, None), (400, 30))


@dataclasses.dataclass(frozen=True)
class Piece:
    """The part of ``block`` (its ``index`` in source order) typeset on ``page``: ``text`` is its LaTeX;
    ``split`` says the block runs on from or to another page."""

    index: int
    block: Block
    page: int
    text: str
    top: float
    split: bool = False
    list_start: int = 0  # items of its enumerate on the pages before: the first item here is number this + 1
    over_pages: tuple[int, ...] = ()  # a display or listing broken over these pages (its rows are not placed)

    def span(self) -> dict:
        found = {"kind": self.block.kind, **self.block.span()}
        if self.block.env:
            found["env"] = self.block.env
        if self.split:
            found["split"] = True
        return found


def place_blocks(blocks: list[Block], sync: SyncTex, page_texts: list[str]) -> dict[int, list[Piece]]:
    """page (1-based) -> its pieces in reading order. ``page_texts``: each page's PDF text layer."""
    pages_of = defaultdict(Counter)  # (path, line) -> Counter(page -> marks)
    made_at = defaultdict(list)  # (path, line) -> [(the mark's place in the SyncTeX stream, its page)]
    for at, mark in enumerate(sync.marks):
        pages_of[(mark.path, mark.line)][mark.page] += 1
        made_at[(mark.path, mark.line)].append((at, mark.page))
    top, low = sync.top_of(), sync.top_of(lowest=True)
    placed: dict[int, list[Piece]] = defaultdict(list)
    for index, block in enumerate(blocks):
        own_pages = _own_marks(blocks, index, pages_of, made_at)  # (path, line) -> Counter, the block's own
        counts, own = Counter(), _set_lines(block)  # own: the lines whose nodes say where the block sits
        for line in block.lines:
            counts.update(own_pages.get((line.path, line.number), Counter()))
        if not counts and block.kind in ("title", "heading") and index + 1 < len(blocks):
            # \maketitle looks ahead before it typesets, a run-in heading (amsart's \subsection) is set with
            # the paragraph after it: their nodes carry the next line's tag
            following = blocks[index + 1].lines[0]
            counts.update(pages_of.get((following.path, following.number), Counter()))
        if not counts and block.kind == "paragraph":
            # a paragraph's lines are boxed when TeX reads the line that ends it (a blank line, \end, the next
            # heading), and a line's first node carries that line's tag: a one-word paragraph has no other
            # node, so its word is found under the next line, on the first page that line reached, where that
            # page shows its words (a line of settings, \setcounter{section}{3}, shows none of them)
            last = block.lines[-1]
            after = pages_of.get((last.path, last.number + 1))
            words = _words(block.latex)
            if after and words and set(words) <= set(_words(_page_text(page_texts, min(after)))):
                counts, own = Counter({min(after): 1}), (Line(last.path, last.number + 1, ""),)
        if not counts:
            continue
        marked = any((line.path, line.number) in own_pages for line in block.lines)  # not placed by a line after
        cut = _cut(block, own_pages, page_texts, _ended_on(blocks, index, pages_of, max(counts)),
                   _words_following(blocks, index)) if _splittable(block) and marked else []
        if len(cut) < 2:
            page = counts.most_common(1)[0][0]
            over = _display_over_pages(block, own_pages)
            # the bibliography's heading line also holds the last line of the paragraph it ends (that line's
            # first node carries its tag): the heading is its lowest node (a float above it went after it)
            where = _top(own, page, low if block.kind == "bibliography" else top)
            placed[page].append(Piece(index, block, page, block.latex, where, over_pages=over))
            continue
        still_open: list[tuple[str, int]] = []  # environments a piece leaves open, with the items each had
        for page, lines in cut:
            start = next((items for env, items in still_open if env == "enumerate"), 0)
            first = next((k for k, (env, _) in enumerate(still_open) if env == "enumerate"), None)
            if first is not None and any(env in LISTS for env, _ in still_open[first + 1:]):
                start -= 1  # its item begun again to hold the inner list (`_reopen`) is the one the page before had
            text, still_open = _reopen(joined(lines), still_open)
            placed[page].append(Piece(index, block, page, text, _top(lines, page, top), split=True, list_start=start))
    return {page: _reading_order(pieces) for page, pieces in placed.items()}


def _own_marks(blocks: list[Block], index: int, pages_of: dict, made_at: dict) -> dict:
    """``pages_of`` with the marks of ``blocks[index]``'s first line that are not the block's own left out.

    A paragraph with no blank line after it is ended by the next block's first line (``\\section{Method}``,
    ``\\begin{itemize}``, ``\\[``): TeX breaks the paragraph into lines as it reads that line, so the nodes
    the line breaking makes (the words it hyphenates, each line's first) carry that line's tag, on every page
    the paragraph reached. The block's own nodes are made after them: its first line's marks made before the
    last mark of the block before's lines are that block's, not its own (a heading pushed to the top of page 2
    went to page 1, where the paragraph before had more of those nodes than the heading had of its own)."""
    block = blocks[index]
    if not index or not block.lines:
        return pages_of
    before, first = blocks[index - 1], block.lines[0]
    last = before.lines[-1] if before.lines else None
    if before.kind in ("float", "title") or last is None or (last.path, last.number + 1) != (first.path, first.number):
        # a blank line (or a float, set where it floats) between: the line is the block's own; \maketitle ends
        # no paragraph (its title is set in a box of its own, in a two-column page's stream after the lines
        # under it: IEEEtran's abstract set by \IEEEdisplaynontitleabstractindextext right after it was lost)
        return pages_of
    ended = max((at for line in before.lines for at, _ in made_at.get((line.path, line.number), ())), default=None)
    if ended is None:
        return pages_of
    own = Counter(page for at, page in made_at.get((first.path, first.number), ()) if at > ended)
    if own == pages_of.get((first.path, first.number), Counter()):
        return pages_of
    view = dict(pages_of)
    if own:
        view[(first.path, first.number)] = own
    else:
        view.pop((first.path, first.number), None)
    return view


def _display_over_pages(block: Block, pages_of: dict) -> tuple[int, ...]:
    """The pages a display (``align`` under ``\\allowdisplaybreaks``) or a verbatim listing was broken over,
    or () when it sits on one. amsmath reads the whole environment before it sets a row, and so does
    ``verbatim``, so every row's nodes carry the tag of its ``\\end`` line: which row went to which page
    SyncTeX cannot say. The ``\\begin`` line is not counted: the paragraph before ends there, and its last
    line carries that line's tag."""
    if (block.kind != "display" and block.env not in WHOLE_READ_ENVS) or len(block.lines) < 2:
        return ()
    counts = Counter()
    for line in block.lines[1:]:
        counts.update(pages_of.get((line.path, line.number), Counter()))
    least = 3 if block.kind == "display" else 1  # a stray node is no row; a listing's "}" line is one node
    pages = sorted(page for page, marks in counts.items() if marks >= least)
    return tuple(pages) if len(pages) > 1 else ()


def _reading_order(pieces: list[Piece]) -> list[Piece]:
    """Text in source order, the title first (amsart's abstract comes before \\maketitle in the source,
    after the title on the page); each float put before the first text piece that sits below its top."""
    text = sorted((p for p in pieces if p.block.kind != "float"), key=lambda p: (p.block.kind != "title", p.index))
    for float_piece in sorted((p for p in pieces if p.block.kind == "float"), key=lambda p: (p.top, p.index)):
        at = next((i for i, p in enumerate(text) if p.block.kind != "float" and p.top > float_piece.top), len(text))
        text.insert(at, float_piece)
    return text


def _splittable(block: Block) -> bool:
    return block.kind in ("paragraph", "bibitem") or (block.kind == "env" and block.env not in UNSPLITTABLE_ENVS)


def _ended_on(blocks: list[Block], index: int, pages_of: dict, last_page: int) -> int | None:
    """The page after ``last_page`` (the last that ``blocks[index]``'s own nodes reach) that the line ending
    it reached, or None. That line (a blank line, or the next block's first line when no blank line is
    between) is the one TeX read when it broke the paragraph into lines; the nodes the line breaking made
    carry its tag, and a word of the paragraph's own last line set alone atop the next page may have no
    other node ("text." atop page 2 was written on page 1)."""
    last = blocks[index].lines[-1]
    reached = pages_of.get((last.path, last.number + 1), Counter())
    return last_page + 1 if last_page + 1 in reached else None


def _words_following(blocks: list[Block], index: int) -> list[str]:
    """The first words of the blocks after ``blocks[index]`` (what the page shows next)."""
    return _first_words(block.latex for block in blocks[index + 1:])


def _first_words(texts, count: int = 8) -> list[str]:
    """The first ``count`` words of ``texts`` (strings, read only as far as needed), in order."""
    words: list[str] = []
    for text in texts:
        words += _words(text)
        if len(words) >= count:
            break
    return words[:count]


def _cut(block: Block, pages_of: dict, page_texts: list[str], ended_on: int | None = None,
         following: list[str] = ()) -> list[tuple[int, list[Line]]]:
    """The block's lines grouped by page, in order; a line on two pages is cut between its words. With
    ``ended_on`` (`_ended_on`), the last line's end is looked for atop that page, ``following`` (the words
    after the block) after it: the words of that line found there go on that page."""
    groups: list[tuple[int, list[Line]]] = []
    current = None
    for at, line in enumerate(block.lines):
        counts = pages_of.get((line.path, line.number))
        pages = sorted(counts) if counts else [current or _first_page(block, pages_of)]
        head = line
        if current is not None and pages[0] > current:
            # its first word may end the page the line before ended on: a word alone on a page's last line
            # has no node of its own line there (the line's first node carries the paragraph end's tag)
            texts = [_page_text(page_texts, n) for n in (current, pages[0])]
            before, head = _cut_line(head, *texts, _words_after(block.lines, at))
            if before is not None:
                groups = _append(groups, current, before)
        for page, following in zip(pages, pages[1:]):
            texts = [_page_text(page_texts, n) for n in (page, following)]
            before, head = _cut_line(head, *texts, _words_after(block.lines, at))
            if before is None:  # no cut between words: the line goes where most of its nodes are
                pages = [counts.most_common(1)[0][0]]
                break
            groups = _append(groups, page, before)
        current = pages[-1]
        groups = _append(groups, current, head)
    if ended_on is not None and following and groups and groups[-1][0] == ended_on - 1:
        # anchored on the words after the block: the line that ended it also holds the next block (a heading
        # atop the next page), whose words are no cut of this one's
        texts = [_page_text(page_texts, n) for n in (ended_on - 1, ended_on)]
        before, rest = _cut_line(groups[-1][1][-1], *texts, list(following))
        if before is not None:
            groups[-1][1][-1] = before
            groups.append((ended_on, [rest]))
    return _merge_wordless(groups)


def _words_after(lines: tuple[Line, ...], at: int) -> list[str]:
    """The first words of the lines after ``lines[at]``: on the next page with the rest of a line cut there,
    they make the run looked for there long enough to be the page's own (one word, "method", was found in the
    running head)."""
    return _first_words(line.text for line in lines[at + 1:])


def _page_text(page_texts: list[str], page: int) -> str:
    """Page ``page``'s (1-based) text layer, "" past the last."""
    return page_texts[page - 1] if page <= len(page_texts) else ""


def _merge_wordless(groups: list[tuple[int, list[Line]]]) -> list[tuple[int, list[Line]]]:
    """Groups that show no word (an environment's ``\\begin`` line whose space ended a page) joined to the
    group after them (the last to the one before)."""
    merged: list[tuple[int, list[Line]]] = []
    pending: list[Line] = []
    for page, lines in groups:
        if not _words(" ".join(line.text for line in pending + lines)):
            pending += lines
            continue
        merged.append((page, pending + lines))
        pending = []
    if pending and merged:
        merged[-1] = (merged[-1][0], merged[-1][1] + pending)
    return merged or groups


def _append(groups, page: int, line: Line):
    if groups and groups[-1][0] == page:
        groups[-1][1].append(line)
    else:
        groups.append((page, [line]))
    return groups


def _first_page(block: Block, pages_of: dict) -> int:
    return min(page for line in block.lines for page in pages_of.get((line.path, line.number), {}))


def _cut_line(line: Line, page_text: str, next_page_text: str, after: list[str] = ()) -> tuple[Line | None, Line]:
    """(the words of ``line`` left on this page, the words that go on) where the next page's text holds the
    line's last words followed by ``after`` (the words of the lines after it) earliest, and this page's text
    holds the words before them (a line wholly on the next page has none of its words here; anywhere on the
    page, as footnotes and floats may follow the body's last line); (None, line) when no cut is found. Cuts
    are only made outside braces and math, so each piece is LaTeX on its own."""
    here = [w.lower() for w in _WORD.findall(page_text.replace("-\n", ""))]
    for words, run_words in SEARCH_WORDS:
        page_words = [w.lower() for w in _WORD.findall(next_page_text.replace("-\n", ""))][:words]
        cut = _cut_at(line, " " + " ".join(page_words) + " ", here, list(after), run_words)
        if cut is not None:
            return cut
    return None, line


def _cut_at(line: Line, following: str, here: list[str], after: list[str],
            run_words: int | None = None) -> tuple[Line, Line] | None:
    """`_cut_line`'s cut with the next page's words ``following`` (space-padded), this page's ``here`` and the
    words after the line ``after``; ``run_words``: how many of the rest's words (then ``after``'s) must be
    found there, None all."""
    tokens = line.text.split(" ")
    # the line's words by balanced pieces (a cut falls only where braces and math are closed, so a piece's
    # words are the whole's there): each cut's words before and after it are slices, not a reading of the text
    # each time (a paragraph on one source line, 1,400 words, took 7 s a page break)
    words: list[str] = []
    cuts: list[tuple[int, int]] = []  # (k, words before token k)
    start = braces = dollars = 0
    for k, token in enumerate(tokens, 1):
        plain = token.replace(r"\{", "").replace(r"\}", "").replace(r"\$", "")
        braces += plain.count("{") - plain.count("}")
        dollars += plain.count("$")
        if braces == 0 and dollars % 2 == 0:
            words += _words(" ".join(tokens[start:k]))
            start = k
            if k < len(tokens):
                cuts.append((k, len(words)))
    words += _words(" ".join(tokens[start:]))
    best = None  # (where the rest is found, k): the earliest found wins, then the longest rest
    for k, split in cuts:
        if not split:
            continue
        before, rest = words[:split], words[split:]
        # found, never right after the word before the cut (then that word is on the next page too), and the
        # last words before the cut on this page. A longer rest found further on is a phrase that recurs
        # ("the proposed method"), not where the page starts: the earliest found is the cut
        run = " " + " ".join((rest + after)[:run_words]) + " "
        found = _occurrences(following, run) if rest else []
        if found and not any(following[:at + 1].endswith(" " + before[-1] + " ") for at in found) \
                and _ends_here(before[-5:], here) and (best is None or found[0] < best[0]):
            best = (found[0], k)
    if best is None:
        return None
    k = best[1]
    return (dataclasses.replace(line, text=" ".join(tokens[:k]), glued=False),
            dataclasses.replace(line, text=" ".join(tokens[k:])))


def _occurrences(text: str, run: str) -> list[int]:
    """Every offset where ``run`` starts in ``text`` (overlapping ones too), in order."""
    found, at = [], text.find(run)
    while at != -1:
        found.append(at)
        at = text.find(run, at + 1)
    return found


def _ends_here(run: list[str], words: list[str]) -> bool:
    """Whether ``run`` is in ``words``, its last word perhaps only begun (``en-`` of a word hyphenated
    over the page break)."""
    n = len(run)
    return any(words[i:i + n - 1] == run[:-1] and run[-1].startswith(words[i + n - 1])
               and (words[i + n - 1] == run[-1] or len(words[i + n - 1]) >= 2)
               for i in range(len(words) - n + 1))


def _words(latex: str) -> list[str]:
    """The words of a LaTeX fragment as a text layer shows them (commands and math out), lower-cased."""
    latex = _ENVIRONMENT.sub(" ", latex)  # an environment's name is not on the page
    latex = _KEYED.sub(" ", latex)
    return [w.lower() for w in _WORD.findall(_MATH.sub(" ", _COMMAND.sub(" ", latex)))]


def _reopen(text: str, opened: list[tuple[str, int]]) -> tuple[str, list[tuple[str, int]]]:
    """A piece of a block cut across pages made whole LaTeX: the environments open where it starts are
    begun again, those open where it ends are ended; returns the text and the environments left open, each
    with the ``\\item``s it has had. The rest of an item begun on the page before comes first, as a paragraph
    of its own: inside a list, pandoc drops what stands before the first ``\\item``."""
    stack = [list(entry) for entry in opened]
    for found in _ITEM_OR_ENVIRONMENT.finditer(text):
        if found.group(1) is None:
            if stack:
                stack[-1][1] += 1
        elif found.group(1) == "begin":
            stack.append([found.group(2), 0])
        elif stack and stack[-1][0] == found.group(2):
            stack.pop()
    lead = ""
    if opened and opened[-1][0] in LISTS:
        first = _ITEM_OR_ENVIRONMENT.search(text)
        cut = first.start() if first else len(text)
        lead, text = text[:cut].strip(), text[cut:]
    # a list open inside a list's item: its outer lists each begun with an item holding it (pandoc drops what
    # stands before a list's first \\item: a nested list's rest, broken over the page, was lost)
    begun = "".join(f"\\begin{{{env}}}\n" + ("\\item[]\n" if env in LISTS and any(inner in LISTS for inner, _ in
                                                                                opened[k + 1:]) else "")
                    for k, (env, _) in enumerate(opened))
    if opened and opened[-1][0] in LISTS and re.match(r"\s*\\begin\{(" + "|".join(LISTS) + r")\}", text):
        begun += "\\item[]\n"  # the same where the piece itself begins with a list inside the item
    ended = "".join(f"\n\\end{{{env}}}" for env, _ in reversed(stack))
    return (lead + "\n\n" if lead else "") + begun + text + ended, [(env, items) for env, items in stack]


def _set_lines(block: Block) -> tuple[Line, ...]:
    """The lines whose nodes are the block's own: an environment's ``\\begin`` line alone ends the paragraph
    before it, whose last line's nodes carry that line's tag (a ``center`` after a paragraph went above a
    float that sat between them). A float's ``\\end`` line alone is not its own either: in a paragraph's text
    (no blank line around the figure) it carries the tag of the text line set around the float, at the
    paragraph's top (the second of two figures went above the first)."""
    if block.kind == "float" and len(block.lines) > 2 and re.fullmatch(r"\\end\{[^}]+\}", block.lines[-1].text.strip()):
        block = dataclasses.replace(block, lines=block.lines[:-1])
    if block.kind in ("env", "float") and len(block.lines) > 2 and _BEGIN_ALONE.match(block.lines[0].text.strip()):
        return block.lines[1:]
    return block.lines


def _top(lines: list[Line] | tuple[Line, ...], page: int, top: dict) -> float:
    found = [top[key] for line in lines if (key := (line.path, line.number, page)) in top]
    return min(found) if found else float("inf")
