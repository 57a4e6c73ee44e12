"""The crawler tried as an attacker would: every server and every request on loopback only.

The guard is a pure function over a table of URLs and DNS answers (a fake resolver); the
fetcher is checked live against loopback servers (one parse, one resolution, the checked
address connected to); Chromium is checked live with a page whose scripts try every way
out towards a canary on another loopback port, which must hear nothing.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import socket
import ssl
import threading

import pytest
from PIL import Image

from shards.sample import Sample
from sources.common.fetch import FetchError, Fetcher, FetchPolicy
from sources.common.url_guard import UrlRefused, check_url, is_public
from sources.records.captions import CaptionOptions, read_captions
from sources.web.browser import Browser, RenderRefused, RenderSettings, find_chromium
from sources.web.read import WebOptions, read_html_page, read_url_list
from sources.web.resources import LiveResources, read_inside
from tests.web_server import ROUTES, canary, serve, serve_routes

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed (.ci/run installs it)")
PUBLIC = "93.184.215.14"  # stands for a public answer; the guard never connects, so nothing is sent there

DNS = {"public.test": [PUBLIC], "example.test": [PUBLIC], "dual.test": ["2606:4700::6810:84e5", PUBLIC],
       "mixed.test": [PUBLIC, "10.0.0.1"], "metadata.test": ["169.254.169.254"],
       "mapped.test": ["::ffff:10.1.2.3"], "compat.test": ["::169.254.169.254"], "nat64.test": ["64:ff9b::7f00:1"],
       "local-nat64.test": ["64:ff9b:1::808:808"], "sixtofour.test": ["2002:c0a8:101::1"],
       "sitelocal.test": ["fec0::5"], "ula.test": ["fd00::1"], "teredo.test": ["2001:0:4136:e378::1"],
       "isatap.test": ["2606:4700::5efe:a00:1"], "zoned.test": ["fe80::1%eth0"]}


def fake_resolver(asked: list[str] | None = None):
    def resolve(host, port):
        if asked is not None:
            asked.append(host)
        if host not in DNS:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return DNS[host]
    return resolve


# (url, reject reason or None for allowed); every IPv6 form that embeds IPv4 is judged by its IPv4 address
GUARD_TABLE = [
    # parsers that disagree: urlsplit reads host example.test, urllib3 and browsers 127.0.0.1:8000
    ("http://127.0.0.1:8000\\@example.test/", "url_ambiguous"),
    ("http://example.test\\@127.0.0.1/", "url_ambiguous"),
    ("http://user:pass@public.test/", "url_ambiguous"),
    ("http://public.test@127.0.0.1/", "url_ambiguous"),
    ("http://a@b@public.test/", "url_ambiguous"),
    ("http://%31%32%37.0.0.1/", "url_ambiguous"),  # urllib3 decodes it to 127.0.0.1, urlsplit does not
    ("http://[fe80::1%25eth0]/", "url_ambiguous"),
    ("http://public.test\t/", "url_invalid"),
    ("http://public.test /", "url_invalid"),
    # numbers that browsers and inet_aton read as IPv4
    ("http://2130706433/", "ssrf_private_address"), ("http://0177.0.0.1/", "ssrf_private_address"),
    ("http://0x7f.0.0.1/", "ssrf_private_address"), ("http://0x7f000001/", "ssrf_private_address"),
    ("http://127.1/", "ssrf_private_address"), ("http://0/", "ssrf_private_address"),
    ("http://169.254.169.254./latest/", "ssrf_private_address"),
    ("http://256.0.0.1/", "url_invalid"), ("http://1.2.3.4.5/", "url_invalid"), ("http://09.0.0.1/", "url_invalid"),
    # private ranges, literal
    ("http://10.0.0.8/", "ssrf_private_address"), ("http://100.64.0.1/", "ssrf_private_address"),
    ("http://192.0.0.8/", "ssrf_private_address"), ("http://198.18.0.1/", "ssrf_private_address"),
    ("http://224.0.0.1/", "ssrf_private_address"), ("http://[::1]/", "ssrf_private_address"),
    ("http://[::]/", "ssrf_private_address"), ("http://[fd00::1]/", "ssrf_private_address"),
    ("http://[fe80::1]/", "ssrf_private_address"), ("http://[ff02::1]/", "ssrf_private_address"),
    # IPv6 that embeds IPv4
    ("http://[::ffff:127.0.0.1]/", "ssrf_private_address"), ("http://[::ffff:a9fe:a9fe]/", "ssrf_private_address"),
    ("http://[::127.0.0.1]/", "ssrf_private_address"), ("http://[::10.0.0.1]/", "ssrf_private_address"),
    ("http://[64:ff9b::127.0.0.1]/", "ssrf_private_address"), ("http://[64:ff9b::a9fe:a9fe]/", "ssrf_private_address"),
    ("http://[64:ff9b:1::a00:1]/", "ssrf_private_address"), ("http://[64:ff9b:1::808:808]/", "ssrf_private_address"),
    ("http://[2002:7f00:1::1]/", "ssrf_private_address"), ("http://[2002:a9fe:a9fe::1]/", "ssrf_private_address"),
    ("http://[2002:c0a8:101::1]/", "ssrf_private_address"), ("http://[::ffff:0:7f00:1]/", "ssrf_private_address"),
    ("http://[fec0::1]/", "ssrf_private_address"), ("http://[fec0::127.0.0.1]/", "ssrf_private_address"),
    ("http://[2001:0:4136:e378::1]/", "ssrf_private_address"),
    ("http://[2606:4700::5efe:10.0.0.1]/", "ssrf_private_address"),
    # names whose DNS answers are those forms, or mix one private answer in
    ("http://metadata.test/latest/meta-data/", "ssrf_private_address"),
    ("http://mixed.test/", "ssrf_private_address"), ("http://mapped.test/", "ssrf_private_address"),
    ("http://compat.test/", "ssrf_private_address"), ("http://nat64.test/", "ssrf_private_address"),
    ("http://local-nat64.test/", "ssrf_private_address"), ("http://sixtofour.test/", "ssrf_private_address"),
    ("http://sitelocal.test/", "ssrf_private_address"), ("http://ula.test/", "ssrf_private_address"),
    ("http://teredo.test/", "ssrf_private_address"), ("http://isatap.test/", "ssrf_private_address"),
    ("http://zoned.test/", "ssrf_private_address"),
    # what is not http, or cannot be read or resolved
    ("file:///etc/passwd", "url_scheme"), ("gopher://public.test/", "url_scheme"), ("javascript:alert(1)", "url_scheme"),
    ("http:///x", "url_invalid"), ("http://[::1", "url_invalid"), ("http://public.test:0/", "url_invalid"),
    ("http://public.test:99999/", "url_invalid"), ("http://nowhere.test/", "url_unresolvable"),
    # public: allowed, embedded forms included
    ("http://public.test/a?b=c#d", None), ("HTTPS://PUBLIC.TEST:443/", None), ("http://dual.test/", None),
    ("http://8.8.8.8/", None), ("http://[2606:4700:4700::1111]:8080/", None), ("http://[64:ff9b::8.8.8.8]/", None),
    ("http://[2002:808:808::1]/", None), ("http://[::ffff:8.8.8.8]/", None),
]


@pytest.mark.parametrize("url, reason", GUARD_TABLE)
def test_the_guard_judges_urls_and_dns_answers(url, reason):
    asked: list[str] = []
    if reason is None:
        target = check_url(url, resolver=fake_resolver(asked))
        assert all(is_public(a) for a in target.addresses)
    else:
        with pytest.raises(UrlRefused) as refused:
            check_url(url, resolver=fake_resolver(asked))
        assert refused.value.reason == reason, refused.value
    assert len(asked) <= 1  # one resolution at most, and none for a literal
    assert all(name.endswith(".test") for name in asked)


def test_the_guard_parses_once_for_the_connection():
    target = check_url("HTTP://Dual.TEST:8080/a/b?c=d#frag", resolver=fake_resolver())
    assert (target.scheme, target.host, target.port, target.path) == ("http", "dual.test", 8080, "/a/b?c=d")
    assert target.addresses == (PUBLIC, "2606:4700::6810:84e5")  # IPv4 first, every answer checked
    assert target.authority == "dual.test:8080"
    assert check_url("http://2130706433:81/", allow=("127.0.0.1:81",)).host == "127.0.0.1"


def test_allow_names_a_host_or_an_address_and_nothing_wider():
    dns = fake_resolver()
    check_url("http://metadata.test/", allow=("metadata.test",), resolver=dns)
    check_url("http://metadata.test:81/", allow=("169.254.169.254:81",), resolver=dns)
    check_url("http://[::1]:81/", allow=("[::1]:81",))
    for url, allow in [("http://metadata.test:82/", ("169.254.169.254:81",)), ("http://mixed.test/", ("public.test",)),
                       ("http://10.0.0.2/", ("10.0.0.1",)), ("http://127.0.0.1:8001/", ("127.0.0.1:8000",))]:
        with pytest.raises(UrlRefused):
            check_url(url, allow=allow, resolver=dns)


def test_a_url_another_parser_reads_differently_is_never_fetched():
    """``http://127.0.0.1:PORT\\@example.test/``: the old guard read example.test, urllib3 connected to loopback."""
    with serve() as (base, hits):
        port = base.rsplit(":", 1)[1]
        url = f"http://127.0.0.1:{port}\\@example.test/picture.png"
        fetcher = Fetcher(FetchPolicy(host_interval_s=0, retries=0), resolver=fake_resolver())
        with pytest.raises(UrlRefused) as refused:
            fetcher.page(url)
        assert refused.value.reason == "url_ambiguous"
        # through the captions source, as the attack was seen: a reject, nothing in a shard
        table = json.dumps({"url": url, "text": "A picture served from loopback."}).encode() + b"\n"
        records = list(read_captions(table, "/tmp/pairs.jsonl", CaptionOptions()))
        assert [r.reason for r in records] == ["filtered:url_ambiguous"]
        assert hits == []  # the server heard nothing


def test_one_resolution_per_request_and_the_checked_address_is_the_one_connected(monkeypatch):
    """DNS rebinding: a name answers the allowed address twice, then loopback's 127.0.0.1."""
    answers: list[str] = []

    def rebinding(host, port):
        answers.append(host)
        return ["127.0.0.2"] if len(answers) <= 2 else ["127.0.0.1"]

    looked_up: list[str] = []
    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, *a, **k: (looked_up.append(host),
                                                                       real_getaddrinfo(host, *a, **k))[1])
    routes = {"/secret": (200, {"Content-Type": "text/plain"}, b"the page")}
    internal_routes = {"/secret": (200, {"Content-Type": "text/plain"}, b"INTERNAL")}
    with serve_routes(routes, host="127.0.0.2") as (allowed_base, allowed_log):
        port = int(allowed_base.rsplit(":", 1)[1])
        try:
            internal = serve_routes(internal_routes, host="127.0.0.1", port=port)
            internal_base, internal_log = internal.__enter__()
        except OSError:
            pytest.skip("the same port is taken on 127.0.0.1")
        try:
            # 127.0.0.2 stands for the public address the name first answers; 127.0.0.1 is the target
            fetcher = Fetcher(FetchPolicy(allow_private=(f"127.0.0.2:{port}",), obey_robots=False,
                                          host_interval_s=0, retries=0, timeout_s=2), resolver=rebinding)
            url = f"http://rebind.test:{port}/secret"
            assert fetcher.page(url).body == b"the page"
            assert fetcher.get(url).body == b"the page"
            assert len(answers) == 2  # one resolution per request
            with pytest.raises(UrlRefused) as refused:
                fetcher.page(url)
            assert refused.value.reason == "ssrf_private_address"
        finally:
            internal.__exit__(None, None, None)
    assert internal_log == []
    assert allowed_log == [("/secret", f"rebind.test:{port}")] * 2  # the Host header keeps the name
    assert "rebind.test" not in looked_up  # urllib3 was handed the address, never the name


def _certificate(tmp_path, name: str):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    return str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")


def test_https_to_the_checked_address_keeps_the_name_for_sni_and_the_certificate(tmp_path):
    import http.server

    cert, key = _certificate(tmp_path, "pinned.test")
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = self.headers.get("Host", "").encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    try:
        dns = {"pinned.test": ["127.0.0.1"], "other.test": ["127.0.0.1"]}
        fetcher = Fetcher(FetchPolicy(allow_private=(f"127.0.0.1:{port}",), obey_robots=False, host_interval_s=0,
                                      retries=0, timeout_s=2), resolver=lambda host, _: dns[host], ca_certs=cert)
        assert fetcher.get(f"https://pinned.test:{port}/").body == f"pinned.test:{port}".encode()
        assert names == ["pinned.test"]
        with pytest.raises(FetchError) as failed:  # the certificate is checked against the name asked for
            fetcher.get(f"https://other.test:{port}/")
        assert failed.value.reason == "connection" and "other.test" in str(failed.value)
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_no_parser_can_read_is_one_reject_and_the_task_goes_on():
    with serve() as (base, hits):
        port = base.rsplit(":", 1)[1]
        options = WebOptions(allow_private=(f"127.0.0.1:{port}",), host_interval_s=0, retries=0, timeout_s=2)
        urls = f"{base}/to-broken-ipv6\n{base}/report.pdf\n{base}/gone.html\n".encode()
        records = list(read_url_list(urls, "list.txt", options, context=None))
    assert [(r.reason, r.locator) for r in records] == [
        ("filtered:url_invalid", f"url={base}/to-broken-ipv6"), ("filtered:not_html", f"url={base}/report.pdf"),
        ("error:fetch:http_404", f"url={base}/gone.html")]
    assert {"/report.pdf", "/gone.html"} <= set(hits)


def test_a_site_folder_reads_only_regular_files_really_inside_it(tmp_path):
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir(), outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (site / "own.txt").write_text("own")
    (site / "link.txt").symlink_to(outside / "secret.txt")
    (site / "linkdir").symlink_to(outside, target_is_directory=True)
    (site / "inner").mkdir()
    (site / "inner" / "up.txt").symlink_to("../own.txt")  # a link that stays inside is fine
    os.mkfifo(site / "pipe")
    assert read_inside(str(site), "own.txt") == b"own"
    assert read_inside(str(site), "inner/up.txt") == b"own"
    for escape in ("link.txt", "linkdir/secret.txt", "../outside/secret.txt", "pipe"):
        with pytest.raises(OSError):
            read_inside(str(site), escape)


@needs_chromium
def test_a_site_folder_with_links_out_renders_nothing_from_outside(tmp_path):
    from sources import SourceContext

    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir(), outside.mkdir()
    red = io.BytesIO()
    Image.new("RGB", (300, 200), (255, 0, 0)).save(red, "PNG")
    (outside / "secret.png").write_bytes(red.getvalue())
    (outside / "secret.css").write_text("body { background: #ff0000 } h1 { color: #ff0000 }")
    (outside / "secret.html").write_text("<body style='background:#ff0000'><p>TOPSECRET</p></body>")
    (site / "style.css").symlink_to(outside / "secret.css")
    (site / "frame.html").symlink_to(outside / "secret.html")
    (site / "images").symlink_to(outside, target_is_directory=True)
    (site / "own.css").write_text("p { color: #0a0b0c }")
    page = (b"<html><head><link rel='stylesheet' href='style.css'><link rel='stylesheet' href='own.css'></head>"
            b"<body><h1>Title</h1><p>Body text of the page.</p><img src='images/secret.png' alt='pic'>"
            b"<iframe src='frame.html' width='400' height='300'></iframe></body></html>")
    (site / "page.html").write_bytes(page)
    (site / "linked-page.html").symlink_to(outside / "secret.html")
    context = SourceContext()
    try:
        records = list(read_html_page(page, str(site / "page.html"), WebOptions(), context))
        code = next(r for r in records if isinstance(r, Sample) and r.kind == "web_code")
        assert "#0a0b0c" in code.text and "ff0000" not in code.text and "TOPSECRET" not in code.text
        shot = Image.open(io.BytesIO(code.images[0])).convert("RGB")
        assert (255, 0, 0) not in {color for _, color in shot.getcolors(1 << 20)}  # nothing red was drawn
        linked = list(read_html_page((outside / "secret.html").read_bytes(), str(site / "linked-page.html"),
                                     WebOptions(), context))
        assert [r.reason for r in linked] == ["filtered:outside_root"]
    finally:
        context.release()


def test_chromium_is_launched_sandboxed_and_isolated_or_not_at_all(monkeypatch):
    from sources.web import browser as module

    assert "--webrtc-ip-handling-policy=disable_non_proxied_udp" in module.FLAGS
    assert "--no-sandbox" not in module.FLAGS
    monkeypatch.delenv("VLBUILD_CHROMIUM_ISOLATION", raising=False)
    assert Browser("/bin/false").isolated  # unless VLBUILD_CHROMIUM_ISOLATION=off
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "unshare" else which(name, *a, **k))
    module.isolation_command.cache_clear()
    browser = Browser("/bin/false")
    try:
        with pytest.raises(RenderRefused) as refused:  # no namespace: no browser, and a reason that says why
            browser.start()
    finally:
        browser.close()
        module.isolation_command.cache_clear()
    assert refused.value.reason == "error:render:no_isolation" and "VLBUILD_CHROMIUM_ISOLATION=off" in str(refused.value)
    monkeypatch.setenv("VLBUILD_CHROMIUM_ISOLATION", "off")
    assert not Browser("/bin/false").isolated


# Every way a page's script can open a connection, each aimed at the canary; ``/hold.png`` is answered
# late so the page is still loading while they run.
ATTACK = """<!doctype html><html><head><meta charset="utf-8"><title>Attack</title>
<link rel="prefetch" href="{c}/prefetch"><link rel="preconnect" href="{c}"><link rel="dns-prefetch" href="{c}">
<link rel="preload" as="image" href="{c}/preload.png"><link rel="stylesheet" href="{c}/style.css">
</head><body><h1>A page that tries every way out</h1><p id="log">tried:</p>
<img src="{c}/img.png" alt="x"><iframe src="{c}/frame.html"></iframe><img src="/hold.png" alt="hold">
<form id="f" method="post" action="{c}/form" target="sink"></form><iframe name="sink"></iframe>
<script>
const C = "{c}", W = "{ws}", log = m => document.getElementById("log").textContent += " " + m;
const workerCode = `fetch("${{C}}/worker").catch(() => 0); try {{ new WebSocket("${{W}}/worker-ws"); }} catch (e) {{}}
  try {{ const x = new XMLHttpRequest(); x.open("GET", "${{C}}/worker-xhr"); x.send(); }} catch (e) {{}}`;
const blob = URL.createObjectURL(new Blob([workerCode], {{type: "text/javascript"}}));
const ice = [{{urls: "stun:127.0.0.1:{port}"}},
             {{urls: "turn:127.0.0.1:{port}?transport=udp", username: "u", credential: "p"}},
             {{urls: "turn:127.0.0.1:{port}?transport=tcp", username: "u", credential: "p"}}];
const tries = {{
  fetch: () => fetch(C + "/fetch", {{mode: "no-cors"}}),
  keepalive: () => fetch(C + "/keepalive", {{method: "POST", body: "x", keepalive: true, mode: "no-cors"}}),
  xhr: () => {{ const x = new XMLHttpRequest(); x.open("GET", C + "/xhr"); x.send(); }},
  websocket: () => new WebSocket(W + "/ws"),
  eventsource: () => new EventSource(C + "/sse"),
  beacon: () => navigator.sendBeacon(C + "/beacon", "x"),
  worker: () => new Worker(blob),
  sharedworker: () => new SharedWorker(blob),
  serviceworker: () => navigator.serviceWorker.register("/sw.js"),
  webtransport: () => new WebTransport("https://127.0.0.1:{port}/wt"),
  redirect: () => fetch("/to-canary"),
  form: () => document.getElementById("f").submit(),
  popup: () => window.open(C + "/popup"),
  image: () => {{ new Image().src = C + "/js-image.png"; }},
  webrtc: async () => {{ for (const server of [ice, [ice[0]], [ice[1]], [ice[2]]]) {{
    const pc = new RTCPeerConnection({{iceServers: server}}); pc.createDataChannel("x");
    await pc.setLocalDescription(await pc.createOffer()); }} }},
}};
for (const [name, attempt] of Object.entries(tries)) {{
  try {{ Promise.resolve(attempt()).then(() => log(name), e => log(name + ":" + e.name)); }}
  catch (e) {{ log(name + ":" + e.name); }}
}}
</script></body></html>"""


def _attack_routes(port: int) -> dict:
    page = ATTACK.format(c=f"http://127.0.0.1:{port}", ws=f"ws://127.0.0.1:{port}", port=port).encode()
    return {"/attack.html": (200, {"Content-Type": "text/html"}, page),
            "/hold.png": (200, {"Content-Type": "image/png"}, ROUTES["/picture.png"][2]),
            "/to-canary": (302, {"Location": f"http://127.0.0.1:{port}/redirected"}, b"")}


@needs_chromium
def test_the_canary_hears_an_unguarded_browser():
    """The control: a bare Chromium (no flags, no router, no namespace) on the attack page reaches the canary,
    so the canary's silence below means the guards held, not that the attacks were broken."""
    from playwright.sync_api import sync_playwright

    with canary() as listener, serve_routes(_attack_routes(listener.port), delays={"/hold.png": 1.5}) as (base, _):
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=find_chromium(), args=["--disable-gpu"])
            try:
                page = chromium.new_page()
                page.goto(base + "/attack.html", wait_until="load", timeout=20_000)
                page.wait_for_timeout(500)
            finally:
                chromium.close()
    assert listener.udp, "WebRTC's STUN/TURN over UDP reached the canary"
    assert any(b"GET /fetch" in packet for packet in listener.tcp), listener.tcp


@needs_chromium
@pytest.mark.parametrize("isolated", [True, False], ids=["namespace", "in_browser_guards_alone"])
def test_page_scripts_reach_nothing_but_the_router(isolated):
    with canary() as listener, serve_routes(_attack_routes(listener.port), delays={"/hold.png": 1.5}) as (base, log):
        port = base.rsplit(":", 1)[1]
        fetcher = Fetcher(FetchPolicy(allow_private=(f"127.0.0.1:{port}",), host_interval_s=0, retries=0,
                                      timeout_s=5, obey_robots=False))
        page = fetcher.page(base + "/attack.html")
        resources = LiveResources(page, fetcher)
        browser = Browser(find_chromium(), isolated=isolated)
        try:
            rendered = browser.render(page.url, resources, RenderSettings(timeout_s=15))
        finally:
            browser.close()
        listener.stop.wait(0.5)  # what was sent has arrived by now
        canary_url = f"http://127.0.0.1:{listener.port}"
    assert "A page that tries every way out" in rendered.html  # the page rendered and its scripts ran
    assert "webrtc" in rendered.html and "fetch:TypeError" in rendered.html
    assert listener.heard == []
    assert {path for path, _ in log} == {"/attack.html", "/hold.png", "/to-canary"}  # same origin, through us
    # the router saw and refused the rest, workers' requests too; the redirect to the canary was refused
    assert {url for url in resources.refused if f":{listener.port}/" not in url} == {base + "/to-canary"}
    assert {f"{canary_url}/{path}" for path in ("fetch", "xhr", "beacon", "worker", "img.png")} <= set(resources.refused)


@needs_chromium
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="Linux only")
def test_chromium_runs_sandboxed_unprivileged_and_without_a_network(monkeypatch):
    monkeypatch.setenv("VLBUILD_TEST_SECRET", "do-not-pass-me-on")
    browser = Browser(find_chromium())
    try:
        browser.start()
        status = browser.thread.submit(_sandbox_status, browser).result()
        pid = browser.pid
        own_net, own_user = os.readlink("/proc/self/ns/net"), os.readlink("/proc/self/ns/user")
        checked = 0
        for process in [pid, *_descendants(pid)]:
            try:
                net, user = os.readlink(f"/proc/{process}/ns/net"), os.readlink(f"/proc/{process}/ns/user")
                with open(f"/proc/{process}/status") as f:
                    fields = dict(line.split(":\t", 1) for line in f.read().splitlines() if ":\t" in line)
            except FileNotFoundError:  # a helper process that has exited since
                continue
            checked += 1
            assert net != own_net  # not one of them shares our network
            assert fields["NoNewPrivs"].strip() == "1"
            if user == own_user:  # (the sandbox's own user namespaces give capabilities inside them only)
                assert int(fields["CapEff"], 16) == 0
            if os.geteuid() == 0:
                assert fields["Uid"].split()[0] == "65534"  # nobody, not root
        assert checked > 2  # the browser, its zygotes, renderers and utilities
        with open(f"/proc/{pid}/environ", "rb") as f:
            assert b"VLBUILD_TEST_SECRET" not in f.read()
    finally:
        browser.close()
    assert "Seccomp-BPF sandbox\tYes" in status and "adequately sandboxed" in status
    assert "Network namespaces\tYes" in status


def _sandbox_status(browser: Browser) -> str:
    context = browser._start().new_context()
    try:
        page = context.new_page()
        page.goto("chrome://sandbox")
        page.wait_for_selector("text=sandboxed", timeout=10_000)
        return page.inner_text("body")
    finally:
        context.close()


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found



@needs_chromium
@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="Linux only")
def test_a_browser_never_closed_leaves_no_launcher_folder():
    # Beam calls DoFn.teardown only on a best-effort basis, so a worker may exit with its browser open:
    # the launcher folder (`Browser.folder`) must go with the process, not stay in the temp folder
    import subprocess
    import sys

    script = ("from sources.web.browser import Browser, find_chromium\n"
              "browser = Browser(find_chromium(), isolated=True)\n"
              "browser.start()\n"
              "print(browser.folder, flush=True)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.returncode == 0, done.stderr[-2000:]
    folder = done.stdout.strip().splitlines()[-1]
    assert "vlbuild-chromium-" in folder
    assert not os.path.exists(folder)
