"""What a paper prints before its text: the title block (title, each author with the affiliations after it,
the date only where the page shows it, an elsarticle frontmatter's abstract) and the table of contents (the
compile's own entries, down to its tocdepth)."""

from __future__ import annotations

import re

from sources.latex.captions import braced, replace_braced
from sources.latex.class_profiles import ClassProfile

TODAY = "January 1, 2024"  # \\today under the compile's SOURCE_DATE_EPOCH (`sources.latex.compile`)


# author-block commands of the publishers' classes whose argument is printed as it stands (IEEEtran's blocks,
# the affiliation lines of llncs, revtex and acmart)
_AUTHOR_PARTS = re.compile(r"\\(IEEEauthorblock[NA]|institute|affiliation|institution|department|city|country|"
                           r"streetaddress|postcode|state)\*?\s*(?:\[[^\]]*\])?\s*(?=\{)")


def title_block(refs, frontmatter: str = "") -> str:
    """A title block as the page prints it: the title, each author with the affiliations that follow it (the
    publishers' author blocks as their text; every ``\\author``, not the first only), the date only where the
    page shows it (LaTeX's classes print \\today when no \\date is given, IEEEtran, llncs, acmart and the
    AMS classes none), what the class prints for a part never set (llncs's "No Institute Given":
    `sources.latex.class_profiles.ClassProfile.unset_title`), and an elsarticle ``frontmatter``'s abstract."""
    meta = refs.meta
    # \\today as the page prints it (babel's british "1st January 2024": the date was dropped as not on the page)
    today = refs.today() or TODAY
    date = meta["date"] if meta["date"] is not None else "" if refs.document.profile.ams else today
    shown = " ".join(re.sub(r"\\[A-Za-z]+\s*|[{}~]", " ", date.replace("\\today", today)).split())
    if shown and refs.page_text is not None and shown not in " ".join(refs.page_text.split()):
        shown = ""
    # the class's own commands as LaTeX's (IEEEtran's \\IEEEmembership: italics)
    source = frontmatter or "\n".join(refs.preamble_text)
    people = _people(refs.document.rewritten(source), refs.document.profile)
    subtitle = _subtitle(source) if refs.document.profile.subtitle else ""
    unset = {command: text for command, text in refs.document.profile.unset_title
             if not re.search(r"\\" + command + r"(?![A-Za-z])\*?\s*(?:\[[^\]]*\])?\s*\{", source)}
    title = meta["title"] or unset.get("title")  # llncs's "No Title Given"
    people = [unset[c] for c in ("author",) if c in unset] + people + [unset[c] for c in ("institute",) if c in unset]
    parts = [f"\\section*{{{title}}}" if title else "", subtitle, *people, shown]
    out = "\n\n".join(part.replace(r"\\", " ").replace(r"\and", ",") for part in parts if part.strip())
    abstract = re.search(r"\\begin\{abstract\}(.*?)\\end\{abstract\}", frontmatter, re.S)
    return out + ("\n\n\\textbf{Abstract}\n\n" + refs.resolve(abstract.group(1).strip()) if abstract else "")


def _subtitle(source: str) -> str:
    """The last ``\\subtitle{...}``'s argument in ``source`` (the one in force at ``\\maketitle``), or ""."""
    found = list(re.finditer(r"\\subtitle\s*(?=\{)", source))
    return (braced(source, found[-1].end())[0] or "") if found else ""


_SETTINGS = re.compile(r"\\(title|author|date)(?![A-Za-z])\*?\s*(?:\[[^\]]*\])?\s*(?=\{)")


def without_title_settings(text: str) -> str:
    """``text`` without its ``\\title``, ``\\author`` and ``\\date`` and their arguments: they print nothing
    where they stand (`title_block` prints them where ``\\maketitle`` is; set in the body, a ``\\thanks``
    inside was a note of their paragraph's too, written twice)."""
    return replace_braced(text, _SETTINGS, lambda _: "", stop_unbalanced=True)


_PEOPLE = re.compile(r"\\(author|affiliation|institute|address)(?![A-Za-z])\*?\s*(?:\[[^\]]*\])?\s*(?=\{)")


def _people(source: str, profile: ClassProfile) -> list[str]:
    """Each ``\\author`` of ``source`` in order, with the ``\\affiliation``/``\\institute``/``\\address`` after
    it (an AMS class prints its addresses after the paper's last line: `ams_addresses`); a publisher's author
    block (IEEEtran's) as its text; authors and institutes apart as ``profile`` (the class's
    `sources.latex.class_profiles.ClassProfile`) prints them."""
    out = []
    for found in _PEOPLE.finditer(source):
        if profile.ams and found.group(1) == "address":
            continue
        argument, _ = braced(source, found.end())
        if not argument or not argument.strip():
            continue
        if found.group(1) == "author":
            argument = _AUTHOR_PARTS.sub(r"\\\\", argument)
            if profile.authors_listed:
                argument = _listed([part.strip() for part in _AND.split(argument)])
        elif found.group(1) == "institute" and profile.numbered_institutes:
            parts = [part.strip() for part in _AND.split(argument)]
            argument = parts[0] if len(parts) == 1 else "\n\n".join(f"$^{{{n}}}$ {part}" for n, part in
                                                                     enumerate(parts, 1))
        out.append(argument)
    return out


_AND = re.compile(r"\\and(?![A-Za-z])")


def _listed(names: list[str]) -> str:
    """Authors as llncs lists them: "A", "A and B", "A, B, and C"."""
    if len(names) < 3:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


_KEYWORDS = re.compile(r"\\keywords\s*(?=\{)")


def keywords(text: str, label: str) -> str:
    """``text`` with each ``\\keywords{a \\and b}`` as the paragraph the class prints: "**Keywords:** a · b"."""
    while (found := _KEYWORDS.search(text)) is not None:
        words, end = braced(text, found.end())
        if words is None:
            break
        words = " · ".join(part.strip() for part in _AND.split(words))
        text = f"{text[:found.start()].rstrip()}\n\n\\textbf{{{label}}} {words}\n\n{text[end:].lstrip()}"
    return text


_CONTENTS_LINE = re.compile(r"\\@writefile\{toc\}\{\\contentsline\s*\{(\w+)\}\{((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}"
                            r"\{([^{}]*)\}")


_TOC_LEVELS = {"part": -1, "chapter": 0, "section": 1, "subsection": 2, "subsubsection": 3, "paragraph": 4,
               "subparagraph": 5}


def contents(aux: str, source: str = "", book: bool = False, suffix: str = "") -> str:
    """The table of contents LaTeX sets from the entries the compile wrote (``\\contentsline`` in the
    ``.aux``) down to its ``tocdepth`` (3 in article, 2 in report and book, or the source's
    ``\\setcounter{tocdepth}``): its heading (``\\contentsname``), then a line an entry, its number, title and
    page (as LaTeX, for pandoc); ``suffix`` after each number (KOMA-Script's ``\\autodot``, which its
    ``\\numberline`` prints too: "A. Proofs")."""
    depth = re.findall(r"\\setcounter\s*\{tocdepth\}\s*\{\s*(-?\d+)\s*\}", source)
    depth = int(depth[-1]) if depth else 2 if book else 3
    named = re.findall(r"\\renewcommand\s*\{?\\contentsname\}?\s*\{([^{}]*)\}", source)
    lines = []
    for level, entry, page in _CONTENTS_LINE.findall(aux):
        if _TOC_LEVELS.get(level, 0) > depth:
            continue
        number = re.match(r"\\numberline\s*\{([^{}]*)\}", entry)
        title = entry[number.end():] if number else entry
        lines.append(f"{number.group(1) + suffix + ' ' if number else ''}{title.strip()} {page}")
    return f"\\section*{{{named[-1] if named else 'Contents'}}}\n\n" + "".join(line + "\n\n" for line in lines)
