"""Theorem-like environments as the page prints them: amsthm's ``**Theorem 2.1** (Name). body``, LaTeX's own
``**Theorem 2.1 (Name)** body`` (no period, the note bold), a class's (llncs's ``**Theorem 1 (Name).**``).

The preamble's ``\\newtheorem{lemma}[theorem]{Lemma}[section]`` (or thmtools' ``\\declaretheorem[name=Lemma,
sibling=theorem, numberwithin=section]{lemma}``, whose environments' headings were lost) says what an
environment is called, which counter it steps (its own or a shared one) and within which it restarts;
``\\newtheorem*`` (``numbered=no``) prints no number. The number is the one TeX printed
(`sources.latex.numbering`), else its label's in the ``.aux``, else counted. Without this pandoc printed the
body alone, or (given the definitions) numbered every piece of a theorem split across pages anew and
ignored ``[section]``.
"""

from __future__ import annotations

import dataclasses
import re

from shards.reject import ReasonError
from sources.latex.captions import braced
from sources.latex.class_profiles import ACMART, AMSTHM_PROOF, ARTICLE, ClassProfile, ProofStyle
from sources.latex.pandoc_groups import ITALIC_DECLARATION

_NEWTHEOREM = re.compile(r"\\newtheorem(\*?)\s*\{([^}]*)\}\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}"
                         r"\s*(?:\[([^\]]*)\])?")
# thmtools: \declaretheorem[name=Proposition, numberwithin=section, sibling=theorem, numbered=no]{prop}
_DECLARETHEOREM = re.compile(r"\\declaretheorem\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}")
_LABEL = re.compile(r"\\label\{([^}]*)\}")


class Theorems:
    """The theorem environments a preamble declares, and the counters they step."""

    def __init__(self, preamble: str, profile: ClassProfile = ARTICLE):
        """``profile``: the class's, which says how its own ``\\@begintheorem`` heads a kernel ``\\newtheorem``
        where no amsthm or ntheorem replaces it (`ClassProfile.theorem_head`), and which environments it declares
        itself (llncs's \\spnewtheorem, acmart's acmthm: `ClassProfile.theorems`), each with its own counter, with
        their heads and body fonts (`ClassProfile.theorem_heads`, `ClassProfile.italic_theorems`); their heads were
        lost, the class's declarations being in no preamble."""
        # env -> (title, counter, numbered); counter -> what it restarts within ("" for never)
        self.kinds: dict[str, tuple[str, str, bool]] = {}
        self.within: dict[str, str] = {}
        self.italic: set[str] = set()  # the environments whose body is set italic (`_theorem_styles`)
        self.heads: dict[str, Head] = {}  # env -> how its head prints
        for env in profile.theorems:
            self._declare(env, env.capitalize(), "", "", True)
            italic = env in profile.italic_theorems
            self.heads[env] = profile.theorem_heads[0 if italic else 1]
            if italic:
                self.italic.add(env)
        amsthm = bool(_AMSTHM.search(preamble)) or profile.loads_amsthm
        package = amsthm or bool(_NTHEOREM.search(preamble))  # its own \\@begintheorem replaces the class's
        style = _theorem_styles(preamble, profile.theorem_style)
        for found in _NEWTHEOREM.finditer(preamble):
            starred, env, shared, title, within = found.groups(default="")
            self._declare(env, title, shared, within, not starred)
            if not package:  # the class's head and body font
                italic, self.heads[env] = not profile.theorem_body_upright, profile.theorem_head
            else:
                italic, self.heads[env] = style(found.start(), None)
                if not amsthm:  # ntheorem's head is LaTeX's (bold, the note inside), with its settings there
                    self.heads[env] = _ntheorem_head(preamble, found.start())
            if italic:
                self.italic.add(env)
        for found in _DECLARETHEOREM.finditer(preamble):  # its heading was lost with the declaration
            options, env = found.group(1) or "", found.group(2)
            keys = dict((k.strip().lower(), v.strip().strip("{}")) for k, _, v in
                        (item.partition("=") for item in options.split(",") if "=" in item))
            title = keys.get("name") or keys.get("title") or env.strip().capitalize()
            shared = keys.get("sibling") or keys.get("sharenumber") or keys.get("sharecounter") or ""
            within = keys.get("numberwithin") or keys.get("parent") or keys.get("within") or ""
            self._declare(env.strip(), title, shared, within, keys.get("numbered", "yes").lower() != "no")
            italic, self.heads[env.strip()] = style(found.start(), keys.get("style"))
            if italic:
                self.italic.add(env.strip())
        self.counts: dict[str, tuple[str, int]] = {}  # counter -> (section it counts in, count)

    def _declare(self, env: str, title: str, shared: str, within: str, numbered: bool) -> None:
        counter = shared or env
        self.kinds[env] = (title, counter, numbered)
        if not shared:
            self.within[counter] = within

    def latex(self, env: str, text: str, refs, continued: bool = False) -> str | None:
        """The LaTeX of theorem-like block ``text`` with its heading, or None when ``env`` is not one.
        ``continued``: the piece goes on from the page before (no heading there)."""
        if env not in self.kinds:
            return None
        title, counter, numbered = self.kinds[env]
        found = re.match(r"\s*\\begin\{" + re.escape(env) + r"\}\s*(?:\[((?:[^\[\]]|\[[^\]]*\])*)\])?", text)
        body = text[found.end():] if found else text
        body = re.sub(r"\\end\{" + re.escape(env) + r"\}\s*$", "", body.rstrip()).strip()
        if env in self.italic and body:  # as a group, each paragraph italic (`pandoc_groups.italic_paragraphs`)
            body = "{\\itshape " + body + "}"
        if continued:
            return refs.resolve(body)
        number = self._number(counter, env, body, refs) if numbered else ""
        note = found.group(1) if found and found.group(1) else ""
        return refs.resolve(_head(self.heads[env], title, number, note) + " " + body)

    def _number(self, counter: str, env: str, body: str, refs) -> str:
        step = refs.step((counter, env))  # what TeX printed (thmtools steps a shared counter by its own name)
        if step is not None:
            return step.printed
        within = self.within.get(counter, "")
        section = refs.section_number if within else ""
        last_section, count = self.counts.get(counter, (section, 0))
        count = count + 1 if last_section == section else 1
        labels = _LABEL.findall(body)
        number = refs.labels.get(labels[0], (None,))[0] if labels else None
        if number and re.search(r"(\d+)$", number):
            count = int(re.search(r"(\d+)$", number).group(1))
        self.counts[counter] = (section, count)
        return number or (f"{section}.{count}" if section else str(count))


@dataclasses.dataclass(frozen=True)
class AmsHead:
    """How an amsthm style heads a theorem: its name and number in the head font, the note upright after them,
    then the punctuation ("\\textbf{Theorem 2} (Name)."; the punctuation is written in the text's font).

    font: the head font, as a format string around the name (``"\\textbf{{{}}}"``; "{}" for upright).
    punctuation: what follows the head (``"."``, a style's own: ``":"``, "").
    number_upright: the number is set upright after the name, outside its font (amsthm's ``\\@upn`` in an
      italic head: remark's "*Remark* 1.").
    """

    font: str
    punctuation: str = "."
    number_upright: bool = False


# how a theorem's head prints: a format string whose "{}" stands for its name, number and note ("Theorem 2
# (Name)": the kernel's "\\textbf{{{}}}", llncs's "\\textbf{{{}.}}"), or amsthm's way of setting a style's head
Head = str | AmsHead


def _head(head: Head, title: str, number: str, note: str) -> str:
    """The LaTeX of a theorem's head as ``head`` sets ``title``, ``number`` ("" for none) and ``note`` ("" for
    none): "\\textbf{Theorem 2 (Name)}" (LaTeX's: no period, the note bold), "\\textbf{Theorem 2} (Name).".
    """
    if isinstance(head, str):
        return head.format(title + (" " + number if number else "") + (f" ({note})" if note else ""))
    named = head.font.format(title + (" " + number if number and not head.number_upright else ""))
    return (named + (" " + number if number and head.number_upright else "") + (f" ({note})" if note else "")
            + head.punctuation)


_AMSTHM = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^}]*\bamsthm\b[^}]*\}")
# ntheorem, and theorem.sty before it: their own \\@begintheorem heads as LaTeX's (bold, the note inside, no period)
_NTHEOREM = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{[^}]*(?<![\w-])(?:ntheorem|theorem)"
                       r"(?![\w-])[^}]*\}")
# the theorem styles and body fonts a preamble sets: amsthm's (and ntheorem's) \\theoremstyle{name}, a style
# \\newtheoremstyle{name}{space above}{below}{body font}{indent}{head font}{punctuation}... makes, ntheorem's
# \\theorembodyfont{font}
_STYLE_SETTING = re.compile(r"\\theoremstyle\s*\{\s*(?P<style>[^{}]*?)\s*\}"
                            r"|\\newtheoremstyle\s*\{\s*(?P<made>[^{}]*?)\s*\}\s*\{[^{}]*\}\s*\{[^{}]*\}"
                            r"\s*\{(?P<body>[^{}]*)\}(?:\s*\{[^{}]*\}\s*\{(?P<head>[^{}]*)\}\s*\{(?P<punct>[^{}]*)\})?"
                            r"|\\theorembodyfont\s*\{(?P<font>[^{}]*)\}")
# the styles amsthm and ntheorem bring: plain sets the body italic, definition and remark upright (acmart's
# acmplain and acmdefinition likewise)
_STYLES = {"plain": True, "definition": False, "remark": False, "break": True, "change": True, "margin": True,
           "changebreak": True, "marginbreak": True, "nonumberplain": True, "nonumberbreak": True, "empty": True,
           "acmplain": True, "acmdefinition": False}
# how amsthm's styles head a theorem (checked with pdfLaTeX: plain's and definition's "Theorem 1." bold, the note
# upright; remark's name italic, its number and note upright); acmart's, the note inside the head's font
_AMS_HEADS: dict[str, Head] = {"plain": AmsHead("\\textbf{{{}}}"), "definition": AmsHead("\\textbf{{{}}}"),
                               "remark": AmsHead("\\textit{{{}}}", number_upright=True),
                               "acmplain": ACMART.theorem_heads[0], "acmdefinition": ACMART.theorem_heads[1]}
_BOLD = re.compile(r"\\(?:bfseries|bf|textbf)(?![A-Za-z])")
_SMALL_CAPS = re.compile(r"\\(?:scshape|sc|textsc)(?![A-Za-z])")


def _made_head(font: str, punctuation: str) -> AmsHead:
    """The head of a style ``\\newtheoremstyle`` makes with head font ``font`` (``\\bfseries``, ``\\itshape``,
    both, ``\\scshape``: small capitals, written as plain words; "" upright) and ``punctuation``."""
    bold, italic = bool(_BOLD.search(font)), bool(ITALIC_DECLARATION.search(font))
    wrap = "{}"
    if italic:
        wrap = "\\textit{{" + wrap + "}}"
    if bold:
        wrap = "\\textbf{{" + wrap + "}}"
    if _SMALL_CAPS.search(font) and not (bold or italic):
        wrap = "\\textsc{{{}}}"
    return AmsHead(wrap, punctuation.strip(), number_upright=italic and not bold)


# ntheorem's head settings: \\theoremheaderfont{font} and \\theoremseparator{punctuation}, each in force until
# the next
_NTHEOREM_SETTING = re.compile(r"\\theorem(headerfont|separator)\s*\{([^{}]*)\}")


def _ntheorem_head(preamble: str, at: int) -> str:
    """The head ntheorem sets a theorem declared at ``at`` in ``preamble`` with, as a format string (`Head`):
    its header font (bold unless ``\\theoremheaderfont`` says otherwise) around the name, number and note, its
    ``\\theoremseparator`` after them in that font (checked with pdfLaTeX: "\\theoremseparator{.}" prints
    "Beta 2 (M)." all bold; none, LaTeX's "Beta 2 (M)")."""
    settings = {"headerfont": "\\bfseries", "separator": ""}
    for found in _NTHEOREM_SETTING.finditer(preamble, 0, at):
        settings[found.group(1)] = found.group(2).strip()
    head = _made_head(settings["headerfont"], "").font
    return head.replace("{}", "{}" + settings["separator"].replace("{", "{{").replace("}", "}}"))


def _theorem_styles(preamble: str, start: str):
    """How a theorem declared at a place in ``preamble`` (with thmtools' ``style=`` key, or None) prints, as the
    style in force there says: a function of (place, style) giving (whether its body is set italic, its head).
    ``start``: the amsthm style in force at the preamble's start (``"plain"``; acmart's ``"acmplain"``).
    LaTeX's own ``\\newtheorem`` and amsthm's default style ``plain`` set the body italic; ``definition`` and
    ``remark`` upright; a style of the author's, its body font (``\\itshape``, ``\\slshape``: italic)."""
    settings = list(_STYLE_SETTING.finditer(preamble))
    made = {found["made"]: (bool(ITALIC_DECLARATION.search(found["body"])),
                            _made_head(found["head"] or "\\bfseries", found["punct"] if found["punct"] is not None
                                       else "."))
            for found in settings if found["made"]}

    def known(style: str) -> tuple[bool, Head]:
        if style in made:
            return made[style]
        return _STYLES.get(style, True), _AMS_HEADS.get(style, _AMS_HEADS["plain"])

    def style_at(at: int, style: str | None) -> tuple[bool, Head]:
        if style is not None:
            return known(style)
        current, font = start, None
        for found in settings:
            if found.start() >= at:
                break
            if found["style"] is not None:
                current = found["style"]
            elif found["font"] is not None:
                font = bool(ITALIC_DECLARATION.search(found["font"]))
        italic, head = known(current)
        return (font if font is not None else italic), head

    return style_at


# a proof's own definition in the preamble (then pandoc reads it, as TeX does)
_DEFINES_PROOF = re.compile(r"\\(?:re)?newenvironment\s*\*?\s*\{?\s*proof\s*\}|\\def\\(?:end)?proof(?![A-Za-z])")
_PROOF_HEAD = r"\s*\\begin\{{{}\}}\s*(?:\[((?:[^\[\]]|\[[^\]]*\]|\{{[^{{}}]*\}})*)\])?"
# what ends the proof's mark early or turns it off (IEEEtran's \IEEEQEDhere prints it there; \IEEEQEDoff none)
# (\IEEEQEDhereeqn prints it inside a display, at the right before the equation's number)
_QED = re.compile(r"\\(qed|IEEEQED|IEEEQEDclosed|IEEEQEDopen|IEEEQEDhereeqn|IEEEQEDhere|IEEEQEDoff)(?![A-Za-z])"
                  r"\s*(?:\{\})?")
_MATH_MARK = {"◼": "\\blacksquare", "■": "\\blacksquare", "◻": "\\square"}  # a mark as math, for a display


def proof_styles(preamble: str, profile: ClassProfile) -> dict[str, tuple[ProofStyle, str]]:
    """env -> how it prints and the name its head prints (``\\renewcommand{\\proofname}{Beweis}``, else "Proof"):
    ``IEEEproof`` as the class prints it (`ClassProfile.ieee_proof`), ``proof`` as amsthm's where the preamble
    loads amsthm (an llncs preamble does, ``\\let\\proof\\relax`` before it) and the class does not (acmart's
    own stands), else as the class's own (`ClassProfile.proof`); not ``proof`` where the preamble defines it
    (pandoc reads the definition) or nothing does (a package's own: pandoc's reading, as before)."""
    proof = AMSTHM_PROOF if _AMSTHM.search(preamble) and not profile.loads_amsthm else profile.proof
    if proof is not None and proof.qed == AMSTHM_PROOF.qed and proof.mark == AMSTHM_PROOF.mark:  # amsthm's \qedsymbol
        symbol = _qed_symbol(preamble)
        proof = dataclasses.replace(proof, mark=symbol, qed=symbol) if symbol is not None else proof
    styles = {"IEEEproof": profile.ieee_proof, **({"proof": proof} if proof and not _DEFINES_PROOF.search(preamble)
                                                 else {})}
    return {env: (style, _renamed(preamble, style.name)) for env, style in styles.items()}


# what a renewed \qedsymbol prints (ignored, "\renewcommand{\qedsymbol}{$\blacksquare$}" was written "◻"): the
# symbols, as the text layer gives them; a \rule a filled box, as IEEEtran's
_QED_SYMBOLS = {"\\blacksquare": "■", "\\square": "◻", "\\Box": "◻", "\\openbox": "◻", "\\qedsymbol": "◻"}
_QED_DEFINITION = re.compile(r"\\(?:renewcommand\s*\*?\s*(?:\{\s*\\qedsymbol\s*\}|\\qedsymbol(?![A-Za-z]))|def\s*\\qedsymbol(?![A-Za-z]))")


def _qed_symbol(preamble: str) -> str | None:
    """What the preamble's last renewed ``\\qedsymbol`` prints (a symbol's glyph, words as they are, other math
    as LaTeX for pandoc), None where it is not renewed. Raises `UnreadQed` for one that prints something else."""
    found = list(_QED_DEFINITION.finditer(re.sub(r"(?<!\\)%.*", "", preamble)))
    if not found:
        return None
    body, _ = braced(preamble, found[-1].end())
    plain = re.sub(r"\\ensuremath\s*\{(.*)\}|\$(.*)\$", lambda m: m.group(1) or m.group(2) or "", (body or "").strip()).strip()
    if plain in _QED_SYMBOLS:
        return _QED_SYMBOLS[plain]
    if re.fullmatch(r"\\rule\s*(\[[^\]]*\])?\s*\{[^{}]*\}\s*\{[^{}]*\}", plain):
        return "◼"
    if body is not None and re.fullmatch(r"[A-Za-z.,:; ]+", body.strip()):  # "Q.E.D."
        return body.strip()
    if body is not None and re.fullmatch(r"\$\\[A-Za-z]+\$", body.strip()):  # another symbol: pandoc's math
        return body.strip()
    raise UnreadQed("unsupported:latex_qed_symbol", f"\\qedsymbol is renewed as {(body or '')[:80]!r}: not read")


class UnreadQed(ReasonError):
    """A renewed ``\\qedsymbol`` whose print is not read: the source is refused, no mark guessed."""


def _renamed(preamble: str, command: str) -> str:
    """What ``\\<command>`` (``proofname``) prints: the last ``\\renewcommand`` of it in ``preamble``, else "Proof"."""
    found = re.findall(r"\\(?:re)?newcommand\s*\*?\s*\{?\\" + command + r"\}?\s*\{([^{}]*)\}"
                       r"|\\def\\" + command + r"\s*\{([^{}]*)\}", preamble)
    return next((a or b for a, b in reversed(found)), "Proof")


def proof_latex(env: str, text: str, style: ProofStyle, name: str = "Proof", continued: bool = False,
                last: bool = True) -> str:
    """The LaTeX of proof block ``text`` as ``style`` prints it, ``name`` its head's name where the block gives
    none: "\\textit{Proof.} text ◻". ``continued``: the piece goes on from the page before (no head there);
    ``last``: the proof ends on this piece (its mark here, none on a piece the next page goes on from: pandoc's
    reading of ``proof`` wrote both on every piece).
    ``\\qed`` and IEEEtran's ``\\IEEEQED`` print the mark where they stand, ``\\IEEEQEDhere`` too and none at
    the end (``\\IEEEQEDhereeqn`` inside its display, as math), ``\\IEEEQEDoff`` none at the end."""
    found = re.match(_PROOF_HEAD.format(re.escape(env)), text)
    body = text[found.end():] if found else text
    body = re.sub(r"\\end\{" + re.escape(env) + r"\}\s*$", "", body.rstrip()).strip()
    end_mark = style.mark

    def qed(found: re.Match) -> str:
        nonlocal end_mark
        command = found.group(1)
        if command in ("IEEEQEDhere", "IEEEQEDhereeqn", "IEEEQEDoff"):
            end_mark = ""
        if command == "IEEEQEDhereeqn":  # set far right in the display, as math (it was left as a command)
            mark = _MATH_MARK.get(style.mark) or "\\text{" + style.mark + "}"
            return f"\\qquad {mark} "
        shown = {"qed": style.qed, "IEEEQEDclosed": "◼", "IEEEQEDopen": "◻", "IEEEQEDoff": ""}.get(command, style.mark)
        return f" {shown} " if shown else ""

    body = _QED.sub(qed, body).strip()
    if not continued:
        name = found.group(1).strip() if found and found.group(1) else name
        head = (style.named or style.head) if found and found.group(1) else style.head
        if style.add_punctuation and head.endswith("{}" + head[-1:]) and name[-1:] in ".?!:":
            head = head[:-1]
        body = f"\\{style.font}{{{head.format(name)}}} {body}"
    return f"{body} {end_mark}" if last and end_mark else body
