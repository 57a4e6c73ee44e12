"""Local servers on loopback for the web tests: the pages they need, good and hostile, a
recording server for the fetcher's tests, and a canary that logs every packet that reaches it."""

from __future__ import annotations

import contextlib
import http.server
import io
import socket
import threading
import time

from PIL import Image, ImageDraw


def _png() -> bytes:
    image = Image.new("RGB", (240, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 220, 140), fill=(30, 60, 160))
    draw.ellipse((80, 40, 160, 120), fill=(240, 200, 40))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()


FORM = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign up</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script>
<script src="http://tracker.example/t.js"></script></head>
<body><main><article><h1>Join the reading club</h1>
<p>Members meet every Thursday to read and discuss one chapter of a classic novel together.</p>
<figure><img src="/picture.png" alt="The club's logo" width="240" height="160"></figure>
<p>Fill in the form below and we will send you the reading list for the season by email.</p>
<form><label for="name">Your name</label> <input id="name" placeholder="Ada Lovelace">
<label><input type="checkbox" checked> Weekly digest</label>
<button type="submit">Sign up</button></form>
<p><a href="/long.html">Read the long page</a></p></article></main></body></html>"""
LONG = ("<!doctype html><html><head><meta charset='utf-8'><title>Long</title></head><body>"
        + "".join(f"<h2>Section {i}</h2><p>Paragraph {i} of a long page that needs scrolling to read.</p>"
                  "<div style='height:300px'></div>" for i in range(12)) + "</body></html>").encode()
INFINITE = b"""<!doctype html><html><head><meta charset="utf-8"><title>Feed</title></head><body>
<div id="feed"></div><script>
const feed = document.getElementById('feed');
function more() { for (let i = 0; i < 40; i++) { const p = document.createElement('p');
  p.style.height = '60px'; p.textContent = 'Post ' + feed.children.length; feed.appendChild(p); } }
more(); window.addEventListener('scroll', more);
</script></body></html>"""
DIALOG = b"<!doctype html><html><body><p>Hello</p><script>alert('subscribe now!')</script></body></html>"
LOOP = b"<!doctype html><html><body><p>Never done</p><script>while (true) {}</script></body></html>"
HUGE = ("<!doctype html><html><body>" + "<div><span>x</span></div>" * 3000 + "</body></html>").encode()
BROKEN = ("<!doctype html><html><head><meta charset='utf-8'></head><body><p>"
          + "d\xe9j\xe0 vu, \xe7a, \xe9t\xe9, r\xe9sum\xe9 " * 20 + "</p></body></html>").encode("latin-1")
DOWNLOAD = (b"<!doctype html><html><body><p>Your file is coming</p><a id='f' href='/file.bin' download>file</a>"
            b"<script>document.getElementById('f').click()</script></body></html>")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"

ROUTES: dict[str, tuple[int, dict, bytes]] = {
    "/form.html": (200, {"Content-Type": "text/html; charset=utf-8"}, FORM),
    "/long.html": (200, {"Content-Type": "text/html"}, LONG),
    "/infinite.html": (200, {"Content-Type": "text/html"}, INFINITE),
    "/dialog.html": (200, {"Content-Type": "text/html"}, DIALOG),
    "/loop.html": (200, {"Content-Type": "text/html"}, LOOP),
    "/huge.html": (200, {"Content-Type": "text/html"}, HUGE),
    "/broken.html": (200, {"Content-Type": "text/html"}, BROKEN),
    "/download.html": (200, {"Content-Type": "text/html"}, DOWNLOAD),
    "/file.bin": (200, {"Content-Type": "application/octet-stream"}, b"\0" * 1000),
    "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 not a page"),
    "/private/secret.html": (200, {"Content-Type": "text/html"}, b"<p>secret</p>"),
    "/to-metadata": (302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b""),
    "/to-form": (301, {"Location": "/form.html"}, b""),
    "/to-broken-ipv6": (302, {"Location": "http://[::1"}, b""),  # no parser can read where it points
    "/gone.html": (404, {"Content-Type": "text/html"}, b"not found"),
    "/style.css": (200, {"Content-Type": "text/css"}, b"h1 { color: #1e3ca0; font-family: serif; }"),
    "/app.js": (200, {"Content-Type": "text/javascript"},
                b"document.addEventListener('DOMContentLoaded', () => document.body.dataset.ready = 'yes');"),
    "/picture.png": (200, {"Content-Type": "image/png"}, _png()),
    "/robots.txt": (200, {"Content-Type": "text/plain"}, ROBOTS),
}
HANG_S = 30.0


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.hits.append(self.path)
        if self.path == "/hang.html":  # accepts the request, never answers in time
            time.sleep(HANG_S)
            return
        _reply(self, ROUTES)

    def log_message(self, *args):
        pass


def _reply(handler: http.server.BaseHTTPRequestHandler, routes: dict[str, tuple[int, dict, bytes]]) -> None:
    status, headers, body = routes.get(handler.path, (404, {"Content-Type": "text/plain"}, b"no such page"))
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextlib.contextmanager
def serve():
    """Yield ``(base URL, list of requested paths)`` while the server runs."""
    handler = type("Handler", (_Handler,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", handler.hits
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve_routes(routes: dict[str, tuple[int, dict, bytes]], host: str = "127.0.0.1", port: int = 0,
                 delays: dict[str, float] | None = None):
    """Yield ``(base URL, requests)`` while a server on ``host`` answers ``routes``; each request is logged
    as ``(path, Host header)``; a path in ``delays`` is answered that many seconds late (a few at most)."""
    requests: list[tuple[str, str]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the stdlib's name)
            requests.append((self.path, self.headers.get("Host", "")))
            time.sleep(min((delays or {}).get(self.path, 0.0), 5.0))
            _reply(self, routes)

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://{host}:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


class Canary:
    """A TCP and a UDP socket on one loopback port that log whatever reaches them and answer nothing."""

    def __init__(self, host: str = "127.0.0.1"):
        for _ in range(20):  # a port free for both TCP and UDP
            self.tcp_socket = socket.create_server((host, 0))
            self.port = self.tcp_socket.getsockname()[1]
            self.udp_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                self.udp_socket.bind((host, self.port))
                break
            except OSError:
                self.tcp_socket.close()
                self.udp_socket.close()
        else:
            raise OSError("no loopback port free for both TCP and UDP")
        self.host = host
        self.tcp: list[bytes] = []  # the first bytes of each connection
        self.udp: list[bytes] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._accept, daemon=True),
                        threading.Thread(target=self._receive, daemon=True)]
        for thread in self.threads:
            thread.start()

    @property
    def heard(self) -> list[bytes]:
        return self.tcp + self.udp

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(2)
        self.tcp_socket.close()
        self.udp_socket.close()

    def _accept(self) -> None:
        self.tcp_socket.settimeout(0.1)
        while not self.stop.is_set():
            try:
                connection, _ = self.tcp_socket.accept()
            except socket.timeout:
                continue
            with connection:
                connection.settimeout(0.3)
                try:
                    self.tcp.append(connection.recv(1024) or b"(connected)")
                except OSError:
                    self.tcp.append(b"(connected)")

    def _receive(self) -> None:
        self.udp_socket.settimeout(0.1)
        while not self.stop.is_set():
            try:
                self.udp.append(self.udp_socket.recv(2048))
            except socket.timeout:
                continue


@contextlib.contextmanager
def canary(host: str = "127.0.0.1"):
    listener = Canary(host)
    try:
        yield listener
    finally:
        listener.close()
