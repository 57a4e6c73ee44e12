"""List items with the labels the page prints: pandoc writes every enumerate "1.", "2.", and loses an
``\\item[X]``'s own label. `item_labels` puts each item's label (the one the compile recorded for its counter's
step on the item's source line, `sources.latex.numbering`; or the ``[X]`` given) before its text between
markers pandoc passes on, and `labelled` writes it in place of pandoc's list marker."""

from __future__ import annotations

import re

# a list's begin and end (any list: a description's, a \\newlist's, whose items are not labelled here), an item
_LIST_OR_ITEM = re.compile(r"\\(begin|end)\{(enumerate|itemize|description|[A-Za-z]*list)\}(?:\s*\[[^\]]*\])?"
                           r"|\\item(?![A-Za-z])\s*(\[)?")
_ENUMERATE_COUNTERS = ("enumi", "enumii", "enumiii", "enumiv")
LABEL_OPEN, LABEL_CLOSE = "\u27e6", "\u27e7"  # around an item's printed label, for pandoc to pass on (`labelled`)


def item_labels(text: str, refs) -> str:
    """A list block with each item's label as the page prints it before the item's text, between
    `LABEL_OPEN` and `LABEL_CLOSE` (pandoc writes every enumerate "1.", "2."; a nested one printed "(a)", a
    \\setcounter{enumi}{4} item "5.", enumitem's label=(\\alph*) "(a)", an \\item[A.] "A."): an enumerate's
    item takes the label the compile recorded for its counter's step; an ``\\item[X]`` (no step) prints X, an
    ``\\item[]`` nothing. `labelled` puts them in place of pandoc's list markers."""
    out, at, stack, rows = [], 0, [], {"next": 0}
    for found in _LIST_OR_ITEM.finditer(text):
        if found.group(1) == "begin":
            stack.append(found.group(2))
            continue
        if found.group(1) == "end":
            if stack:
                stack.pop()
            continue
        if not stack or stack[-1] not in ("enumerate", "itemize"):  # a description's terms stay pandoc's
            continue
        if found.group(3):  # \item[X]
            label, end = _bracketed(text, found.end() - 1)
            if label is None:
                continue
        elif stack[-1] == "enumerate":
            depth = min(sum(env == "enumerate" for env in stack), len(_ENUMERATE_COUNTERS))
            # the step on the item's own line: an item a macro makes, or a list read nowhere here (enumerate*,
            # a \\newlist), has its steps on its own lines, which the items after it must not take
            step = refs.step_on(_ENUMERATE_COUNTERS[depth - 1], _source_line(text, found.start(), refs, rows))
            if step is None or step.label is None:
                continue
            label, end = step.label, found.end()
        else:
            continue
        # the label as LaTeX, which pandoc writes as the page shows it ("$\\star$", "§2", "**1.**")
        label = " ".join(re.sub(r"\\(protect|relax)(?![A-Za-z])", " ", label).split())
        out += [text[at:found.start()], "\\item ", LABEL_OPEN + label + LABEL_CLOSE + " "]
        at = end
    return "".join(out + [text[at:]])


def _source_line(text: str, at: int, refs, rows: dict):
    """The block's source `Line` that holds ``text``'s line at offset ``at`` (a piece's lines are its block's,
    in order, some begun or ended again), or None; ``rows`` keeps where the last was found."""
    lines = refs.block.lines if refs.block is not None else ()
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    here = text[start:end if end >= 0 else len(text)].strip()
    # the same line; else one it is part of (a line cut at a page break); else the longest within it (lines
    # a comment glued together)
    rest = [(k, lines[k].text.strip()) for k in range(rows["next"], len(lines)) if lines[k].text.strip()]
    found = next((k for k, own in rest if own == here), None)
    found = found if found is not None else next((k for k, own in rest if here and here in own), None)
    if found is None:
        within = [(len(own), -k) for k, own in rest if own in here]
        found = -max(within)[1] if within else None
    if found is None:
        return None
    rows["next"] = found
    return lines[found]


def _bracketed(text: str, at: int) -> tuple[str | None, int]:
    """The ``[...]`` group opening at ``at`` (braces inside kept whole) and where it ends, or (None, ``at``)."""
    depth = 0
    for i in range(at + 1, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if text[i] == "]" and depth == 0:
            return text[at + 1:i], i + 1
    return None, at


def labelled(markdown: str) -> str:
    """Pandoc's list markers ("1.", "-") where an item carries its printed label (`item_labels`): the label
    instead, or no marker for an empty one (an item begun again to hold a list)."""
    markdown = re.sub("^((?:> )*[ >]*)(?:\\d+\\.|[-*+]) +" + LABEL_OPEN + "([^" + LABEL_CLOSE + "]*)" + LABEL_CLOSE
                      + " *", lambda m: m.group(1) + (m.group(2) + " " if m.group(2) else ""), markdown, flags=re.M)
    # where no marker opens the line (a list in an HTML table cell): the label stays as text before the item's
    return re.sub(LABEL_OPEN + "([^" + LABEL_CLOSE + "]*)" + LABEL_CLOSE + " *",
                  lambda m: m.group(1) + " " if m.group(1) else "", markdown)
