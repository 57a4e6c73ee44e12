"""Theorem-like environments as the page prints them: ``**Theorem 2.1** (Name). body``.

The preamble's ``\\newtheorem{lemma}[theorem]{Lemma}[section]`` says what an environment is called, which
counter it steps (its own or a shared one) and within which it restarts; ``\\newtheorem*`` prints no
number. A labelled one takes its number from the ``.aux``. Without this pandoc printed the body alone, or
(given the definitions) numbered every piece of a theorem split across pages anew and ignored ``[section]``.
"""

from __future__ import annotations

import re

_NEWTHEOREM = re.compile(r"\\(?:newtheorem|declaretheorem)(\*?)\s*\{([^}]*)\}\s*(?:\[([^\]]*)\])?\s*\{([^}]*)\}"
                         r"\s*(?:\[([^\]]*)\])?")
_LABEL = re.compile(r"\\label\{([^}]*)\}")


class Theorems:
    """The theorem environments a preamble declares, and the counters they step."""

    def __init__(self, preamble: str):
        # env -> (title, counter, numbered); counter -> what it restarts within ("" for never)
        self.kinds: dict[str, tuple[str, str, bool]] = {}
        self.within: dict[str, str] = {}
        for starred, env, shared, title, within in _NEWTHEOREM.findall(preamble):
            if "=" in title:  # \declaretheorem[name=...]: not parsed
                continue
            counter = shared or env
            self.kinds[env] = (title, counter, not starred)
            if not shared:
                self.within[counter] = within
        self.counts: dict[str, tuple[str, int]] = {}  # counter -> (section it counts in, count)

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
