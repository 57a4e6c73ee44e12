"""A document's extracted markdown laid out again in other templates, to multiply page styles.

DeepSeek-VL rendered e-books and exam questions "with varied templates". Here a
document's markdown (headings, paragraphs, lists, tables) becomes HTML and PyMuPDF's
`Story` sets it into pages with another font, size, page format and column count;
the new PDF is then read by the same page pipeline, so its targets come from its own
text layer, never from the original's.
"""

from __future__ import annotations

import dataclasses
import html
import io
import re


@dataclasses.dataclass(frozen=True)
class Layout:
    name: str
    font: str  # a CSS generic family: MuPDF maps it to its built-in fonts
    size: float
    columns: int
    page: tuple[float, float]
    margin: float


LAYOUTS = (
    Layout("serif-a4", "serif", 10.5, 1, (595, 842), 64),
    Layout("sans-a5-large", "sans-serif", 12.5, 1, (420, 595), 40),
    Layout("serif-two-column", "serif", 9.0, 2, (595, 842), 48),
    Layout("mono-letter", "monospace", 9.5, 1, (612, 792), 56),
)


_ITEM = re.compile(r"^(- |\d+\. )")
_FENCED = re.compile(r"^(`{3,})\n(.*?)\n\1$", re.M | re.S)  # a code block: blank lines inside are its own


def markdown_to_html(markdown: str) -> str:
    """The markdown subset the page pipeline writes (headings, paragraphs, lists, pipe tables, fenced
    code) as HTML."""
    out = []
    start = 0
    for fence in _FENCED.finditer(markdown):
        out += _blocks_to_html(markdown[start:fence.start()])
        out.append(f"<pre>{html.escape(fence.group(2))}</pre>")
        start = fence.end()
    return "\n".join(out + _blocks_to_html(markdown[start:]))


def _blocks_to_html(markdown: str) -> list[str]:
    out = []
    for block in markdown.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        if not lines:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if heading and len(lines) == 1:
            level = len(heading.group(1))
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif all(ln.startswith("|") for ln in lines):
            rows = [[_inline(c.strip()) for c in ln.strip("|").split("|")] for ln in lines if not set(ln) <= set("|-: ")]
            head, *body = rows
            out.append("<table><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>"
                       + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in body)
                       + "</table>")
        elif all(_ITEM.match(ln) for ln in lines):
            tag = "ul" if lines[0].startswith("- ") else "ol"
            items = "".join(f"<li>{_inline(_ITEM.sub('', ln))}</li>" for ln in lines)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
    return out


def _inline(text: str) -> str:
    escaped = html.escape(text)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escaped)


def render_layout(markdown: str, layout: Layout) -> bytes:
    """A PDF of ``markdown`` set in ``layout``."""
    import pymupdf

    css = (f"body {{font-family: {layout.font}; font-size: {layout.size}pt; line-height: 1.3;}} "
           "table {border-collapse: collapse;} th, td {border: 0.5pt solid black; padding: 2pt;} "
           "h1 {font-size: 2em;} h2 {font-size: 1.5em;} h3 {font-size: 1.2em;}")  # the levels read back
    story = pymupdf.Story(html=markdown_to_html(markdown), user_css=css)
    width, height = layout.page
    gap = 18.0
    column = (width - 2 * layout.margin - gap * (layout.columns - 1)) / layout.columns
    mediabox = pymupdf.Rect(0, 0, width, height)

    def rectfn(number, _filled):  # a new page (a mediabox) only for a page's first column
        x0 = layout.margin + (number % layout.columns) * (column + gap)
        page = mediabox if number % layout.columns == 0 else None
        return page, pymupdf.Rect(x0, layout.margin, x0 + column, height - layout.margin), None

    buf = io.BytesIO()
    writer = pymupdf.DocumentWriter(buf)
    story.write(writer, rectfn)
    writer.close()
    return buf.getvalue()
