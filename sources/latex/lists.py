"""List items with the labels the page prints: pandoc writes every enumerate "1.", "2.", and loses an
``\\item[X]``'s own label. `item_labels` puts each item's label (the one the compile recorded for its counter's
step on the item's source line, `sources.latex.numbering`; or the ``[X]`` given) before its text between
markers pandoc passes on, and `labelled` writes it in place of pandoc's list marker."""

from __future__ import annotations

import dataclasses
import re

from sources.latex.captions import braced
from sources.latex.counters import FORMS, printed

# a list's begin and end (any list: a description's, a \\newlist's, whose items are not labelled here), an item
_LIST_OR_ITEM = re.compile(r"\\(begin|end)\{(enumerate|itemize|description|[A-Za-z]*list)\}(?:\s*\[([^\]]*)\])?"
                           r"|\\item(?![A-Za-z])\s*(\[)?")
# an itemize's own bullets: \\renewcommand{\\labelitemi}{--} (ii, iii, iv deeper)
_LABEL_ITEM = re.compile(r"\\(?:renewcommand\*?\s*\{?\s*|[gex]?def\s*)\\labelitem(i|ii|iii|iv)(?![A-Za-z])\s*\}?\s*"
                         r"\{((?:[^{}]|\{[^{}]*\})*)\}")
# enumitem's settings for every itemize (or one level of them), or for every list: their label= is the bullet
_SET_LIST = re.compile(r"\\setlist\*?\s*(?:\[\s*itemize\s*(?:,\s*([1-4])\s*)?\])?(?=\s*\{)")
_ENUMERATE_COUNTERS = ("enumi", "enumii", "enumiii", "enumiv")
LABEL_OPEN, LABEL_CLOSE = "\u27e6", "\u27e7"  # around an item's printed label, for pandoc to pass on (`labelled`)


def item_labels(text: str, refs) -> str:
    """A list block with each item's label as the page prints it before the item's text, between
    `LABEL_OPEN` and `LABEL_CLOSE` (pandoc writes every enumerate "1.", "2."; a nested one printed "(a)", a
    \\setcounter{enumi}{4} item "5.", enumitem's label=(\\alph*) "(a)", an \\item[A.] "A."): an enumerate's
    item takes the label the compile recorded for its counter's step; an ``\\item[X]`` (no step) prints X, an
    ``\\item[]`` nothing. `labelled` puts them in place of pandoc's list markers."""
    out, at, stack, rows = [], 0, [], {"next": 0}
    preamble = "\n".join(getattr(refs, "preamble_text", [""])[:-1])
    # a \\labelitemi the body renews holds where it stands, to its group's end: as the block starts
    # (``held_bullets``, the body's in force there: `bullets_in_force`) and in the block before the item, where its
    # group (a nested itemize, braces) is still open ("- One." for the page's bullet)
    mine, listed = _preamble_bullets(preamble)
    mine = {**mine, **_labelitems(getattr(refs, "held_bullets", ""))}
    in_block = bullets_in_force(text)
    for found in _LIST_OR_ITEM.finditer(text):
        if found.group(1) == "begin":
            stack.append((found.group(2), _option(found.group(3) or "", "label", None)))
            continue
        if found.group(1) == "end":
            if stack:
                stack.pop()
            continue
        if not stack or stack[-1][0] not in ("enumerate", "itemize"):  # a description's terms stay pandoc's
            continue
        if found.group(4):  # \item[X]
            label, end = _bracketed(text, found.end() - 1)
            if label is None:
                continue
        elif stack[-1][0] == "enumerate":
            depth = min(sum(env == "enumerate" for env, _ in stack), len(_ENUMERATE_COUNTERS))
            # the step on the item's own line: an item a macro makes, or a list read nowhere here (enumerate*,
            # a \\newlist), has its steps on its own lines, which the items after it must not take
            step = refs.step_on(_ENUMERATE_COUNTERS[depth - 1], _source_line(text, found.start(), refs, rows))
            if step is None or step.label is None:
                continue
            label, end = step.label, found.end()
        elif (label := stack[-1][1] or {**mine, **_labelitems("\n".join(
                made for where, to, made in in_block if where < found.start() < to)), **listed}.get(
                sum(env == "itemize" for env, _ in stack))) is not None:
            end = found.end()  # an itemize's own bullet: enumitem's label=, a \\labelitemi of the preamble
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


# enumitem defines its inline lists only under its inline option (enumitem.sty's \DeclareOption{inline}:
# \newenvironment{enumerate*}...); mdwlist's names are compact vertical lists (\makecompactlist{itemize*}{itemize})
_ENUMITEM_OPTIONS = re.compile(r"\\(?:usepackage|RequirePackage)\s*\[([^\]]*)\]\s*\{[^{}]*\benumitem\b[^{}]*\}"
                               r"|\\PassOptionsToPackage\s*\{([^{}]*)\}\s*\{[^{}]*\benumitem\b[^{}]*\}")
_STARRED_LIST = re.compile(r"\\(begin|end)\s*\{(enumerate|itemize|description)\*\}")
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)


def enumitem_inline(preamble: str) -> bool:
    """Whether ``preamble`` (with its local packages) loads enumitem with its ``inline`` option, which alone
    defines ``enumerate*``, ``itemize*`` and ``description*`` as lists run into the sentence."""
    for found in _ENUMITEM_OPTIONS.finditer(_COMMENT.sub("", preamble)):
        if "inline" in (o.strip() for o in (found.group(1) or found.group(2)).split(",")):
            return True
    return False


def vertical_lists(lines: list, preamble: str) -> list:
    """The body's lines with ``enumerate*``, ``itemize*`` and ``description*`` as the lists they print where
    enumitem's ``inline`` option does not define them (mdwlist's compact lists: an item a line, with its
    bullet or number; read as inline lists they ran into the paragraph, "Steps: • read • parse", and pandoc,
    not knowing the names, made each item a paragraph without its marker); the lines as they are elsewhere,
    for `inline_lists`."""
    if enumitem_inline(preamble):
        return lines
    return [dataclasses.replace(line, text=_STARRED_LIST.sub(lambda found: f"\\{found[1]}{{{found[2]}}}", line.text))
            if _STARRED_LIST.search(line.text) else line for line in lines]


# enumitem's inline lists (its ``inline`` option: `vertical_lists` leaves them to be read here): enumerate*,
# itemize*, description*, with their options
_INLINE_LIST = re.compile(r"\\begin\{(enumerate|itemize|description)\*\}\s*(?:\[((?:[^\[\]]|\{[^{}]*\})*)\])?(.*?)"
                          r"\\end\{\1\*\}", re.S)
_ITEM = re.compile(r"\\item(?![A-Za-z])\s*")
_KEY = r"(?:^|,)\s*{}\s*=\s*(\{{(?:[^{{}}]|\{{[^{{}}]*\}})*\}}|[^,]*)"


def inline_lists(text: str, refs) -> str:
    """``text`` with each of enumitem's inline lists (``enumerate*``, ``itemize*``, ``description*``) as the page
    sets it, its items running on in the sentence, each after its label: "(i) read, (ii) parse" (pandoc made
    each item a paragraph of its own, without its label). An enumerate's label is the one the compile recorded
    for its step on the item's line, else its ``label=`` counted ("1." by default); an itemize's a bullet;
    ``itemjoin``/``itemjoin*`` stand between the items (a space by default)."""
    rows = {"next": 0}

    def one(found: re.Match) -> str:
        env, options, body = found.group(1), found.group(2) or "", found.group(3)
        starts = list(_ITEM.finditer(body))
        itemjoin, last_join = _option(options, "itemjoin", " "), _option(options, r"itemjoin\*", None)
        out = body[:starts[0].start()].strip() if starts else body.strip()
        for count, (item, following) in enumerate(zip(starts, starts[1:] + [None]), 1):
            words = body[item.end():following.start() if following else len(body)]
            given, rest = _bracketed(words, 0) if words.startswith("[") else (None, 0)
            if given is not None:
                label = f"\\textbf{{{given}}}" if env == "description" else given
            elif env == "enumerate":
                step = refs.step_on("enumi", _source_line(text, found.start(3) + item.start(), refs, rows))
                label = step.label if step is not None and step.label is not None else \
                    _counted(_option(options, "label", r"\arabic*."), count)
            else:
                label = _option(options, "label", r"\textbullet")
            join = "" if count == 1 else last_join if following is None and last_join is not None else itemjoin
            out += (join if out else "") + f"{label}~{words[rest:].strip()}"
        return out

    return _INLINE_LIST.sub(one, text)


# what opens and closes a group a definition ends with: braces, an environment, \\begingroup
_GROUP = re.compile(r"\\begin\s*\{[^{}]*\}|\\end\s*\{[^{}]*\}|\\begingroup(?![A-Za-z@])|\\endgroup(?![A-Za-z@])"
                    r"|\\.|[{}]")


def bullets_in_force(body: str) -> list[tuple[int, int, str]]:
    """The ``\\labelitem`` definitions of ``body`` (the document's body, joined, or a block): (where each stands,
    where the group it is made in ends, or the body's length, the definition), in order."""
    if "labelitem" not in body:
        return []
    made = [(found.start(), found.group(0)) for found in _LABEL_ITEM.finditer(body)]
    opened, closed = [], []  # the open groups' starts; (start, end) of each group closed
    for found in _GROUP.finditer(body):
        token = found.group(0)
        if token in ("{", "\\begingroup") or token.startswith("\\begin") and token[6:7] in " \t{":
            opened.append(found.start())
        elif (token in ("}", "\\endgroup") or token.startswith("\\end") and token[4:5] in " \t{") and opened:
            closed.append((opened.pop(), found.end()))
    return [(at, min([end for start, end in closed if start < at < end], default=len(body)), definition)
            for at, definition in made]


def _labelitems(text: str) -> dict[int, str]:
    """Itemize depth (1 to 4) -> the bullet ``text``'s ``\\renewcommand{\\labelitemii}{+}`` definitions give it,
    the last of each holding."""
    if "labelitem" not in text:
        return {}
    return {("i", "ii", "iii", "iv").index(found.group(1)) + 1: found.group(2).strip()
            for found in _LABEL_ITEM.finditer(text)}


def _preamble_bullets(preamble: str) -> tuple[dict[int, str], dict[int, str]]:
    """``preamble``'s bullets by itemize depth (1 to 4): those its ``\\labelitem`` definitions give, and those
    enumitem's ``\\setlist[itemize,2]{label=+}`` gives (every depth where no level is named), which hold over
    any ``\\labelitem`` (the body's too) whatever their order."""
    listed = {}
    for found in _SET_LIST.finditer(preamble):
        label = _option(braced(preamble, found.end())[0] or "", "label", None)
        if label is not None:
            listed.update(dict.fromkeys([int(found.group(1))] if found.group(1) else range(1, 5), label.strip()))
    return _labelitems(preamble), listed


def _option(options: str, key: str, default: str | None) -> str | None:
    """The value of ``key=`` in an enumitem option list, its braces gone, else ``default``."""
    found = re.search(_KEY.format(key), options)
    if found is None:
        return default
    value = found.group(1).strip()
    return value[1:-1] if value.startswith("{") and value.endswith("}") else value


def _counted(label: str, count: int) -> str:
    """An enumitem ``label=`` (``(\\roman*)``) for item ``count``."""
    for form in FORMS:  # one LaTeX cannot print so (\\alph* of 27) stays written
        label = label.replace(f"\\{form}*", printed(form, count) or f"\\{form}*")
    return label

