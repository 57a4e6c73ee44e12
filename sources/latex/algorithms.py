"""Pseudocode floats as the page prints them: ``**Algorithm 1** Caption`` and one line per statement.

``algorithmic`` (``\\STATE``, ``\\FOR{..}``...) and algpseudocode's (``\\State``, ``\\For{..}``...) are not
known to pandoc, which printed only the statements' math and text, run together. Here each statement
is a paragraph of its own with its keywords in bold (``**for** $t = 1$ to $T$ **do**``) and, under
``\\begin{algorithmic}[n]``, its line number every ``n`` lines (``3:``), as LaTeX sets them; ``Require``
and ``Ensure`` lines are not numbered. Indentation is not kept.

algorithm2e (``\\KwIn{..}``, ``x \\leftarrow 1\\;``, ``\\For{cond}{body}``, its counter ``algocf``) prints
``**Algorithm 1:** Caption`` and one line per statement, each ended by the semicolon ``\\;`` prints (unless
``\\DontPrintSemicolon``), a block's ``end`` after it unless the ``vlined`` or ``noend`` style draws none.
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


def algorithm_latex(text: str, caption: str | None, number: str | int, refs, algocf: bool | None = None,
                    label: str = "") -> str:
    """The LaTeX of an ``algorithm`` float ``text``: its caption line, then its statements. ``algocf``:
    whether algorithm2e set it (its counter was stepped; None where the compile recorded nothing: its
    commands say), ``label``: the caption's label TeX printed."""
    if algocf is None:
        algocf = r"\begin{algorithmic}" not in text and bool(_ALGORITHM2E_SIGNS.search(text))
    if algocf:
        head = [f"\\textbf{{{label or f'Algorithm {number}'}:}} " + refs.resolve(caption)] if caption is not None else []
        lines = algorithm2e_lines(text, refs)
        # the ruled styles set the caption above the statements, the others below them
        ruled = re.search(r"\b(ruled|algoruled|tworuled|boxruled)\b", refs.algorithm2e_style + text)
        return "\n\n".join(head + lines if ruled else lines + head)
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


_ALGORITHM2E_SIGNS = re.compile(r"\\;|\\Kw[A-Z]|\\SetAlgo|\\e?If\s*\{|\\For(Each|All)?\s*\{|\\While\s*\{")
_A2E_COMMAND = re.compile(r"\\(;|[A-Za-z]+\*?)")
_INPUTS = {"KwIn": "Input", "KwOut": "Output", "KwData": "Data", "KwResult": "Result"}
# command -> (keyword before its condition, after it, whether an "end" closes it)
_BLOCKS = {"For": ("for", "do", True), "ForEach": ("foreach", "do", True), "ForAll": ("forall", "do", True),
           "While": ("while", "do", True), "If": ("if", "then", True), "uIf": ("if", "then", False),
           "ElseIf": ("else if", "then", True), "uElseIf": ("else if", "then", False)}
_INLINE = {"KwTo": "to", "KwRet": "return", "Return": "return", "KwEach": "each", "KwFrom": "from",
           "KwDownto": "downto", "KwSty": ""}


def algorithm2e_lines(text: str, refs) -> list[str]:
    """An algorithm2e float's statements as the page prints them, one a line, keywords bold."""
    body = re.sub(r"\\caption\*?\s*(\[[^\]]*\])?\s*\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}|\\label\{[^}]*\}", "", text)
    body = re.sub(r"^\s*\\begin\{algorithm\*?\}(\[[^\]]*\])?|\\end\{algorithm\*?\}\s*$", "", body.strip())
    style = refs.algorithm2e_style + " " + body
    # the last setting wins: the package's vlined, then \\SetAlgoLined in the float prints "end" again
    settings = re.findall(r"\\SetAlgo(Vlined|NoEnd|Lined|NoLine)\b|\b(vlined|noend|lined|noline)\b", style)
    last = "".join(settings[-1]).lower() if settings else ""
    ends = last not in ("vlined", "noend")
    semicolon = "" if "\\DontPrintSemicolon" in style else ";"
    named = dict(_INPUTS)  # \\SetKwInOut{Input}{input}: \\Input{x} prints "input: x"
    for name, word in re.findall(r"\\SetKw(?:InOut|Input)\s*\{(\w+)\}\s*\{([^{}]*)\}", style):
        named[name] = word
    # \\SetKwFunction{Proc}{Proc}: \\Proc{$a$} prints "Proc(a)"; \\SetKw{Continue}{continue}: a keyword
    for name, word in re.findall(r"\\SetKwFunction\s*\{\\?(\w+)\}\s*\{([^{}]*)\}", style):
        named[name] = ("function", word)
    for name, word in re.findall(r"\\SetKw\s*\{\\?(\w+)\}\s*\{([^{}]*)\}", style):
        named[name] = ("keyword", word)
    return [refs.resolve(line) for line in _a2e(body, ends, semicolon, named) if line.strip()]


def _a2e(body: str, ends: bool, semicolon: str, named: dict[str, str]) -> list[str]:
    lines, current, at = [], "", 0

    def flush(end: str = "") -> None:
        nonlocal current
        if current.strip():
            lines.append(current.strip() + end)
        current = ""

    while at < len(body):
        found = _A2E_COMMAND.search(body, at)
        if found is None:
            current += body[at:]
            break
        current += body[at:found.start()]
        name, at = found.group(1), found.end()
        plain = name.rstrip("*")
        if name == ";":
            flush(semicolon)
        elif plain in named and isinstance(named[plain], tuple):
            kind, word = named[plain]
            if kind == "function":
                argument, at = _argument_at(body, at)
                current += f"{word}({argument})"
            else:
                current += f"\\textbf{{{word}}}"
        elif plain in named:
            argument, at = _argument_at(body, at)
            flush()
            lines.append(f"\\textbf{{{named[plain]}:}} {argument}")
        elif plain in _BLOCKS:
            condition, at = _argument_at(body, at)
            inner, at = _argument_at(body, at)
            condition = _keywords(condition)
            before, after, closed = _BLOCKS[plain]
            flush()
            lines.append(f"\\textbf{{{before}}} {condition} \\textbf{{{after}}}")
            lines += _a2e(inner, ends, semicolon, named) + ([r"\textbf{end}"] if closed and ends else [])
        elif plain == "eIf":
            condition, at = _argument_at(body, at)
            condition = _keywords(condition)
            yes, at = _argument_at(body, at)
            no, at = _argument_at(body, at)
            flush()
            lines.append(f"\\textbf{{if}} {condition} \\textbf{{then}}")
            lines += _a2e(yes, ends, semicolon, named) + [r"\textbf{else}"] + _a2e(no, ends, semicolon, named)
            lines += [r"\textbf{end}"] if ends else []
        elif plain in ("Else", "uElse"):
            inner, at = _argument_at(body, at)
            flush()
            lines += [r"\textbf{else}"] + _a2e(inner, ends, semicolon, named)
            lines += [r"\textbf{end}"] if ends and plain == "Else" else []
        elif plain == "Repeat":
            until, at = _argument_at(body, at)
            inner, at = _argument_at(body, at)
            until = _keywords(until)
            flush()
            lines += [r"\textbf{repeat}"] + _a2e(inner, ends, semicolon, named) + [f"\\textbf{{until}} {until}"]
        elif re.fullmatch(r"l(If|For|ForEach|ForAll|While|ElseIf)", plain):  # one-line forms
            condition, at = _argument_at(body, at)
            inner, at = _argument_at(body, at)
            before, after, _ = _BLOCKS[plain[1:]]
            condition = _keywords(condition)
            flush()
            lines.append(f"\\textbf{{{before}}} {condition} \\textbf{{{after}}} "
                         + " ".join(_a2e(inner, ends, semicolon, named)))
        elif plain == "lElse":
            inner, at = _argument_at(body, at)
            flush()
            lines.append(r"\textbf{else} " + " ".join(_a2e(inner, ends, semicolon, named)))
        elif plain in ("tcp", "tcc"):
            comment, at = _argument_at(body, at)
            flush()
            lines.append(f"// {comment}" if plain == "tcp" else f"/* {comment} */")
        elif plain in _INLINE:
            current += f"\\textbf{{{_INLINE[plain]}}} " if _INLINE[plain] else ""
        elif plain.startswith(("Set", "Dont", "Print", "Lines", "Indp", "Indm", "BlankLine", "Reset", "Restyle")):
            while body[at:].lstrip().startswith("{"):  # a setting's arguments print nothing
                _, at = _argument_at(body, at)
        else:
            current += found.group(0)
    flush()
    return lines


def _keywords(text: str) -> str:
    """A condition's inline keywords bold (``$i=1$ \\KwTo $n$``: "to")."""
    return re.sub(r"\\(" + "|".join(_INLINE) + r")(?![A-Za-z])\s*",
                  lambda found: f"\\textbf{{{_INLINE[found.group(1)]}}} " if _INLINE[found.group(1)] else "", text)


def _argument_at(text: str, at: int) -> tuple[str, int]:
    """The braced argument at ``at`` (spaces before it allowed) and where it ends; ("", ``at``) without one."""
    argument, rest = _braced(text[at:])
    return argument, len(text) - len(rest)
