"""Ruby annotations (furigana) in an HTML document or EPUB chapter, set in parentheses after their base.

MuPDF's HTML layout has no ruby: it lays an ``<rt>`` out inline at the base's size, straight after the base, so
``<ruby>東京<rt>とうきょう</rt></ruby>`` was drawn, and written in the page's target and interleaved text, as
"東京とうきょう", a reading run into the word it reads (sumatrapdf #4476, zathura #818: MuPDF's readers show
Japanese books so). A browser without ruby layout shows the ``<rp>`` fallback the HTML standard gives for it,
"東京(とうきょう)"; that is what is laid out here, parentheses put around each annotation (``<rt>``, or an
``<rtc>`` with what it holds) that has no ``<rp>`` of its own. Annotations that do have ``<rp>`` were
already drawn so.
"""

from __future__ import annotations

import re

from sources.documents.html_tree import local_name as _local
from sources.documents.html_tree import rewritten

_MAYBE = re.compile(r"<(?:\w+:)?(?:rt|rtc)\b", re.I)


def ruby_in_parentheses(html: str, xml: bool) -> str:
    """``html`` with each ruby annotation that has no ``<rp>`` set in parentheses (see the module's note); the
    same string when there is none. ``xml``: the document is XHTML (an EPUB chapter), written back as XML."""
    return rewritten(html, xml, _MAYBE, _in_parentheses)


def _in_parentheses(root) -> bool:
    """Each annotation under ``root`` without ``<rp>`` set in parentheses; whether there was one."""
    import lxml.etree

    notes = [el for el in root.iter(lxml.etree.Element) if _local(el) in ("rt", "rtc")
             and not any(_local(up) == "rtc" for up in el.iterancestors())]
    notes = [el for el in notes if not _has_rp(el)]
    for note in notes:
        note.text = "(" + (note.text or "")
        if len(note):
            note[-1].tail = (note[-1].tail or "") + ")"
        else:
            note.text += ")"
    return bool(notes)


def _has_rp(note) -> bool:
    """Whether an ``<rp>`` stands just before or after the annotation ``note`` (the author's own parentheses)."""
    around = [note.getprevious(), note.getnext()]
    return any(el is not None and _local(el) == "rp" for el in around)
