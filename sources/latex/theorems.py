"""Theorem-like environments as the page prints them: ``**Theorem 2.1** (Name). body``.

The preamble's ``\\newtheorem{lemma}[theorem]{Lemma}[section]`` (or thmtools' ``\\declaretheorem[name=Lemma,
sibling=theorem, numberwithin=section]{lemma}``, whose environments' headings were lost) says what an
environment is called, which counter it steps (its own or a shared one) and within which it restarts;
``\\newtheorem*`` (``numbered=no``) prints no number. The number is the one TeX printed
(`sources.latex.numbering`), else its label's in the ``.aux``, else counted. Without this pandoc printed the
body alone, or (given the definitions) numbered every piece of a theorem split across pages anew and
ignored ``[section]``.
"""

from __future__ import annotations

import re

_NEWTHEOREM = re.compile(r"\\newtheorem(\*?)\s*\{([^}]*)\}\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}"
                         r"\s*(?:\[([^\]]*)\])?")
# thmtools: \declaretheorem[name=Proposition, numberwithin=section, sibling=theorem, numbered=no]{prop}
_DECLARETHEOREM = re.compile(r"\\declaretheorem\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}")
_LABEL = re.compile(r"\\label\{([^}]*)\}")


class Theorems:
    """The theorem environments a preamble declares, and the counters they step."""

    def __init__(self, preamble: str, builtin: tuple[str, ...] = ()):
        """``builtin``: the environments the class declares itself (llncs's \\spnewtheorem, acmart's acmthm:
        `sources.latex.class_profiles.ClassProfile.theorems`), each with its own counter; their heads were lost,
        the class's declarations being in no preamble."""
        # env -> (title, counter, numbered); counter -> what it restarts within ("" for never)
        self.kinds: dict[str, tuple[str, str, bool]] = {}
        self.within: dict[str, str] = {}
        for env in builtin:
            self._declare(env, env.capitalize(), "", "", True)
        for starred, env, shared, title, within in _NEWTHEOREM.findall(preamble):
            self._declare(env, title, shared, within, not starred)
        for options, env in _DECLARETHEOREM.findall(preamble):  # its heading was lost with the declaration
            keys = dict((k.strip().lower(), v.strip().strip("{}")) for k, _, v in
                        (item.partition("=") for item in options.split(",") if "=" in item))
            title = keys.get("name") or keys.get("title") or env.strip().capitalize()
            shared = keys.get("sibling") or keys.get("sharenumber") or keys.get("sharecounter") or ""
            within = keys.get("numberwithin") or keys.get("parent") or keys.get("within") or ""
            self._declare(env.strip(), title, shared, within, keys.get("numbered", "yes").lower() != "no")
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
        if continued:
            return refs.resolve(body)
        number = self._number(counter, env, body, refs) if numbered else ""
        head = f"\\textbf{{{title}{' ' + number if number else ''}}}"
        note = f" ({found.group(1)})" if found and found.group(1) else ""
        return refs.resolve(f"{head}{note}. {body}")

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
