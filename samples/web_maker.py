"""A small web site (HTML, CSS, images) and a WARC archive of another, for the web sources.

The site is rendered from its folder by the ``web_html`` source; the archive, a
gzipped WARC written with warcio as a crawler would, is replayed by the ``warc``
source without any network. Both are deterministic (fixed WARC dates and ids).
"""

from __future__ import annotations

import io

STYLE = """body { font-family: sans-serif; margin: 0; color: #222; }
header { background: #1e3ca0; color: white; padding: 12px 24px; }
nav a { color: white; margin-right: 16px; }
main { max-width: 760px; margin: 24px auto; line-height: 1.5; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
button { background: #1e3ca0; color: white; border: 0; padding: 8px 16px; border-radius: 4px; }
"""

_HEADER = """<header><strong>Northwind Solar</strong>
<nav><a href="index.html">Home</a><a href="products.html">Products</a><a href="contact.html">Contact</a></nav></header>"""


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width"><link rel="stylesheet" href="style.css">'
            f'<script>window.analytics = []; // removed from web_code targets</script></head>'
            f"<body>{_HEADER}<main>{body}</main><footer><p>&copy; 2024 Northwind Solar</p></footer></body></html>"
            ).encode("utf-8")


def site_files() -> dict[str, bytes]:
    """The sample site: a home page with a figure, a product list, a contact form, by relative path."""
    from samples.make_samples import chart_png

    index = _page("Northwind Solar", """<article><h1>Clean power for every roof</h1>
<p>Northwind Solar designs and installs rooftop systems for homes and small businesses. In 2023 we
installed 412 megawatts across the country, eighteen percent more than the year before.</p>
<figure><img src="capacity.png" alt="Capacity installed per quarter in 2023" width="480" height="300">
<figcaption>Figure 1: capacity installed per quarter</figcaption></figure>
<p>Our installers are trained in house and every system comes with a twelve year maintenance plan,
remote monitoring and a yearly inspection of the panels and the inverter.</p></article>""")
    products = _page("Products", "<h1>Products</h1>" + "".join(
        f'<div class="card"><h2>{name}</h2><p>{text}</p><button>Ask for a quote</button></div>'
        for name, text in [("Home 6 kW", "Twelve panels and a hybrid inverter for a family house."),
                           ("Home 10 kW", "Twenty panels, a battery of 10 kWh and an app to follow production."),
                           ("Business 50 kW", "A flat roof system with monitoring for shops and workshops."),
                           ("Carport 8 kW", "A solar carport for two cars with a wall box charger."),
                           ("Battery 15 kWh", "Storage that keeps the lights on through an evening."),
                           ("Maintenance", "A yearly inspection, cleaning and a report on the output.")]))
    contact = _page("Contact", """<h1>Contact us</h1><p>Tell us about your roof and we call you back.</p>
<form><label for="name">Name</label> <input id="name" placeholder="Your name"><br>
<label for="mail">Email</label> <input id="mail" type="email" placeholder="you@example.com"><br>
<label><input type="checkbox"> Send me the newsletter</label><br>
<button type="submit">Send</button></form>""")
    return {"web/site/index.html": index, "web/site/products.html": products, "web/site/contact.html": contact,
            "web/site/style.css": STYLE.encode(), "web/site/capacity.png": chart_png()}


def warc_archive() -> bytes:
    """A gzipped WARC holding a captured blog page, its stylesheet and image, a redirect and a PDF."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from samples.make_samples import chart_png

    base = "https://blog.example.org"
    post = (b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Why panels face south</title>'
            b'<link rel="stylesheet" href="/css/blog.css"></head><body><article>'
            b"<h1>Why panels face south</h1><p>In the northern hemisphere the sun crosses the southern sky, so "
            b"a panel facing south collects the most light over a day. East and west roofs still produce about "
            b"eighty percent as much.</p><img src=\"/img/output.png\" alt=\"Output by roof direction\" "
            b"width=\"480\" height=\"300\"><p>Tilt matters less than people think: anything between twenty and "
            b"forty degrees is within a few percent of the best angle for most of Europe.</p></article>"
            b"</body></html>")
    records = [("/posts/south.html", "200 OK", "text/html; charset=utf-8", post),
               ("/css/blog.css", "200 OK", "text/css", b"body{font-family:serif;max-width:640px;margin:auto}"),
               ("/img/output.png", "200 OK", "image/png", chart_png(seed=3)),
               ("/old-post", "301 Moved Permanently", "text/html", b""),
               ("/files/spec.pdf", "200 OK", "application/pdf", b"%PDF-1.4 not rendered")]
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for number, (path, status, mime, body) in enumerate(records):
        headers = [("Content-Type", mime), ("Content-Length", str(len(body)))]
        if status.startswith("301"):
            headers.append(("Location", "/posts/south.html"))
        record = writer.create_warc_record(
            base + path, "response", payload=io.BytesIO(body),
            http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z",
                               "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>"})
        writer.write_record(record)
    return out.getvalue()


def web_files() -> dict[str, bytes]:
    """Everything web in the bundled corpus, by path relative to ``samples/corpus``."""
    return {**site_files(), "web/archive/blog.warc.gz": warc_archive()}
