"""Pseudocode floats as the page prints them: ``**Algorithm 1** Caption`` and one line per statement.

``algorithmic`` (``\\STATE``, ``\\FOR{..}``...) and algpseudocode's (``\\State``, ``\\For{..}``...) are not
known to pandoc, which printed only the statements' math and text, run together. Here each statement
is a paragraph of its own with its keywords in bold (``**for** $t = 1$ to $T$ **do**``) and, under
``\\begin{algorithmic}[n]``, its line number every ``n`` lines (``3:``), as LaTeX sets them; ``Require``
and ``Ensure`` lines are not numbered. Indentation is not kept.
"""

from __future__ import annotations

import re

# statement (lower-cased) -> (text before the argument, after it, how many braced arguments it takes,
# whether it gets a line number)
_STATEMENTS = {
    "state": ("", "", 0, True), "statex": ("", "", 0, False),
    "require": (r"\textbf{Require:} ", "", 0, False), "ensure": (r"\textbf{Ensure:} ", "", 0, False),
    "for": (r"\textbf{for} ", r" \textbf{do}", 1, True), "forall": (r"\textbf{for all} ", r" \textbf{do}", 1, True),
    "endfor": (r"\textbf{end for}", "", 0, True),
    "while": (r"\textbf{while} ", r" \textbf{do}", 1, True), "endwhile": (r"\textbf{end while}", "", 0, True),
    "if": (r"\textbf{if} ", r" \textbf{then}", 1, True), "elsif": (r"\textbf{else if} ", r" \textbf{then}", 1, True),
    "else": (r"\textbf{else}", "", 0, True), "endif": (r"\textbf{end if}", "", 0, True),
    "repeat": (r"\textbf{repeat}", "", 0, True), "until": (r"\textbf{until} ", "", 1, True),
    "loop": (r"\textbf{loop}", "", 0, True), "endloop": (r"\textbf{end loop}", "", 0, True),
    "return": (r"\textbf{return} ", "", 0, True), "print": (r"\textbf{print} ", "", 0, True),
    "procedure": (r"\textbf{procedure} ", "", 2, True), "endprocedure": (r"\textbf{end procedure}", "", 0, True),
    "function": (r"\textbf{function} ", "", 2, True), "endfunction": (r"\textbf{end function}", "", 0, True),
}
# algorithmic spells them \\STATE, \\ENDFOR; algpseudocode \\State, \\EndFor, \\ForAll (its \\Return is inline)
_ALGORITHMIC_NAMES = [name.upper() for name in _STATEMENTS if name not in ("statex", "procedure", "endprocedure",
                                                                            "function", "endfunction")]
_PSEUDOCODE_NAMES = ["State", "Statex", "Require", "Ensure", "For", "ForAll", "EndFor", "While", "EndWhile", "If",
                     "ElsIf", "Else", "EndIf", "Repeat", "Until", "Loop", "EndLoop", "Procedure", "EndProcedure",
                     "Function", "EndFunction"]
_COMMAND = re.compile(r"\\(" + "|".join(sorted(_ALGORITHMIC_NAMES + _PSEUDOCODE_NAMES, key=len, reverse=True))
                      + r")(?![A-Za-z])")
_ALGORITHMIC = re.compile(r"\\begin\{algorithmic\}\s*(?:\[(\d+)\])?(.*?)\\end\{algorithmic\}", re.S)


def algorithm_latex(text: str, caption: str | None, number: int, refs) -> str:
    """The LaTeX of an ``algorithm`` float ``text``: its caption line, then its statements."""
    lines = [f"\\textbf{{Algorithm {number}}} {refs.resolve(caption)}"] if caption is not None else []
    found = _ALGORITHMIC.search(text)
    if found:
        lines += _statements(found.group(2), int(found.group(1) or 0), refs)
    return "\n\n".join(lines)


def _statements(body: str, every: int, refs) -> list[str]:
    out, count = [], 0
    commands = list(_COMMAND.finditer(body))
    for found, following in zip(commands, commands[1:] + [None]):
        before, after, arguments, numbered = _STATEMENTS[found.group(1).lower()]
        rest = body[found.end():following.start() if following else len(body)]
        args = []
        for _ in range(arguments):
            argument, rest = _braced(rest)
            args.append(argument)
        if found.group(1).lower() in ("procedure", "function") and len(args) == 2:
            head = f"{before}{args[0]}({args[1]})"  # small capitals on the page
        else:
            head = before + "".join(args) + after
        statement = _inline_commands(f"{head} {rest.strip()}".strip())
        if numbered:
            count += 1
            if every and count % every == 0:
                statement = f"{count}: {statement}"
        out.append(refs.resolve(statement))
    return out


def _inline_commands(latex: str) -> str:
    latex = re.sub(r"\\Return\b", r"\\textbf{return}", latex)
    latex = re.sub(r"\\Call\{([^}]*)\}\{([^}]*)\}", r"\1(\2)", latex)
    latex = re.sub(r"\\Comment\{([^}]*)\}", "▷ \\1", latex)  # algpseudocode: a triangle
    return re.sub(r"\\COMMENT\{([^}]*)\}", r"\\{\1\\}", latex)  # algorithmic: in braces


def _braced(text: str) -> tuple[str, str]:
    """The first braced argument of ``text`` and what follows it ("" and ``text`` when there is none)."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return "", text
    depth = 0
    for i, char in enumerate(stripped):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0:
            return stripped[1:i], stripped[i + 1:]
    return stripped[1:], ""
