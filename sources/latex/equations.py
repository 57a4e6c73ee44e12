"""Display math as the page numbers it: ``\\tag{n}`` where LaTeX prints ``(n)``.

``equation`` and ``multline`` print one number; ``align``, ``gather``, ``flalign``, ``alignat`` and
``eqnarray`` one per row (rows split at ``\\\\`` outside braces and inner environments such as ``aligned``
or ``cases``). A row with ``\\nonumber``/``\\notag`` prints none (the command goes: KaTeX and MathJax do not
all know it), one with its own ``\\tag`` prints that and steps no counter, the starred forms print none.
A labelled row takes its number from the ``.aux`` (and the counter follows it); the others count on,
prefixed by the section under ``\\numberwithin{equation}{section}``.
"""

from __future__ import annotations

import re

from sources.latex.captions import braced

WHOLE = ("equation", "multline")
ROWS = ("align", "gather", "flalign", "alignat", "eqnarray")
_ENV = re.compile(r"\\(begin|end)\{[^}]*\}")
_NO_NUMBER = re.compile(r"\\(nonumber|notag)\b\s*")
_LABEL = re.compile(r"\\label\{([^}]*)\}")


def numbered_display(env: str, text: str, refs) -> str:
    """The LaTeX of a display block ``text`` (its ``\\begin{env}`` line to its ``\\end``) with the
    numbers the page prints as ``\\tag``s; ``refs``: the document's `convert.References` (counters, labels)."""
    name, starred = env.rstrip("*"), env.endswith("*")
    found = re.match(r"\s*\\begin\{" + re.escape(env) + r"\}(\{[^}]*\})?(.*)\\end\{" + re.escape(env) + r"\}\s*$",
                     text, re.S)
    if found is None or name not in WHOLE + ROWS:
        return refs.resolve(text.strip())
    argument, body = found.group(1) or "", found.group(2).strip()
    if name in WHOLE:
        if not starred and not _NO_NUMBER.search(body) and r"\tag" not in body:
            body = f"{body} \\tag{{{_next(refs, body)}}}"
        body = _NO_NUMBER.sub("", body)
        if name == "equation":
            return f"$$\n{_spaced(refs.resolve(body))}\n$$"
        return refs.resolve(f"\\begin{{multline*}}\n{body}\n\\end{{multline*}}")
    rows = []
    for row, separator in _rows(body):
        if not starred and row.strip() and not _NO_NUMBER.search(row) and r"\tag" not in row:
            row = f"{row.rstrip()} \\tag{{{_next(refs, row)}}}"
        rows.append(_NO_NUMBER.sub("", row) + separator)
    shown = name + "*" if name != "eqnarray" else "eqnarray*"
    return _spaced(refs.resolve(_intertexts(f"\\begin{{{shown}}}{argument}\n{''.join(rows).strip()}\n\\end{{{shown}}}",
                                            f"\\begin{{{shown}}}{argument}\n", f"\n\\end{{{shown}}}")))


_INTERTEXT = re.compile(r"\\(?:short)?intertext\s*(?=\{)")


def _intertexts(latex: str, begin: str, end: str) -> str:
    """``latex`` (one display of rows) cut at each ``\\intertext{...}`` (mathtools's ``\\shortintertext``): the
    text a paragraph between the displays before and after it, as the page sets it (kept inside the display,
    "and also" was math a renderer sets as symbols, or not at all)."""
    while (found := _INTERTEXT.search(latex)) is not None:
        words, after = braced(latex, found.end())
        if words is None:
            break
        before, rest = latex[:found.start()].rstrip(), latex[after:].strip()
        before = before[:-2].rstrip() if before.endswith("\\\\") else before
        head = "" if before.rstrip().endswith(begin.strip()) else before + end
        tail = "" if rest.startswith(end.strip()) else begin + rest
        latex = "\n\n".join(part for part in (head, words.strip(), tail) if part)
    return latex


def _spaced(latex: str) -> str:
    return re.sub(r"[ \t]+\\tag\{", r" \\tag{", latex)  # a \\label taken out left its space


def _next(refs, latex: str) -> str:
    """The number the next numbered row prints: TeX's record of it, else its label's, else the counter
    stepped. ``subequations`` steps the counter for a parent number no row prints: not a row's."""
    # a theorem sharing the equation counter (amsart's \\newtheorem{lemma}[equation]) steps it for its head
    step = refs.step("equation", ("subequations", *refs.theorems.kinds))
    if step is not None:
        last = re.search(r"(\d+)$", step.printed)
        if last:
            refs.counters["equation"] = int(last.group(1))
        return step.printed
    labels = _LABEL.findall(latex)
    number = refs.labels.get(labels[0], (None,))[0] if labels else None
    if number is not None:
        last = re.search(r"(\d+)$", number)
        if last:
            refs.counters["equation"] = int(last.group(1))
        return number
    refs.counters["equation"] += 1
    prefix = f"{refs.section_number}." if refs.equation_within and refs.section_number else ""
    return f"{prefix}{refs.counters['equation']}"


def _rows(body: str) -> list[tuple[str, str]]:
    """``body`` cut at its row ends: (row, the ``\\\\`` that ended it, or "" for the last)."""
    rows, depth, start, i = [], 0, 0, 0
    while i < len(body):
        if body[i] == "\\" and body.startswith("\\\\", i) and depth == 0:
            end = i + 2
            optional = re.match(r"\s*\[[^\]]*\]", body[end:])  # \\[2pt]
            end += optional.end() if optional else 0
            rows.append((body[start:i], body[i:end]))
            start = i = end
            continue
        # amsmath's \intertext ends the row before it when no \\ did ("\ifvmode\else\\\@empty\fi"): that
        # row is numbered, as the page prints it (it was run into the next: numbers off by one after it)
        intertext = _INTERTEXT.match(body, i) if body[i] == "\\" and depth == 0 else None
        if intertext and body[start:i].strip():
            rows.append((body[start:i], "\\\\"))
            start = i
            i = intertext.end()
            continue
        if body[i] == "\\":
            env = _ENV.match(body, i)
            if env:
                depth += 1 if env.group(1) == "begin" else -1
                i = env.end()
                continue
            i += 2  # an escaped character (\{, \}) or a command's backslash
            continue
        depth += {"{": 1, "}": -1}.get(body[i], 0)
        i += 1
    rows.append((body[start:], ""))
    return rows


NESTED = re.compile(r"\\begin\{((?:" + "|".join(WHOLE + ROWS) + r")\*?)\}.*?\\end\{\1\}", re.S)


def numbered_within(text: str, refs) -> str:
    """``text`` (a paragraph, a list, a theorem or proof) with the display environments inside it numbered
    as the page numbers them: they step the same counter as those standing alone."""
    return NESTED.sub(lambda found: numbered_display(found.group(1), found.group(0), refs), text)
