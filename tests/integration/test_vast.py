"""VAST 4.2 and VMAP 1.0 over HTTP, with ad tracking.

A site whose Lua rules put a pre-roll, a mid-roll (after a minute of content)
and a post-roll placeholder into its playlist; its catalog names third-party
tracking URLs on a local listener and external VAST tags on a local fake ad
server (wrapper -> inline, a slow one, garbage). The tests check:

- ?format=vast and ?format=vmap on the playlist, and GET /_/ads/vast?slot=;
- server-side impression/start/quartiles/complete as a client downloads
  25/50/75/100% of an ad entry, in GET /api/ads and /metrics;
- the third-party tracking URLs hit server-side;
- beacons /_/t/<token>/<event>: 204, deduplicated per session and entry,
  403 forged, 400 unknown event;
- external VAST: wrappers followed and merged, timeout and garbage give no ad;
- https tags and tracking URLs: a server whose self-signed certificate is in
  the configured caFile is trusted, one whose certificate is not is refused
  and logged.

Every VAST/VMAP document is checked twice: structurally here (elements,
attributes, durations, encoded URLs) and by a real VAST client,
@dailymotion/vast-client (tests/clients/vast-check.mjs, installed with npm ci
in setUpClass: a test that cannot run it fails and says why).
"""

import http.server
import json
import os
import random
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

VAST = "{http://www.iab.com/VAST}"
VMAP = "{http://www.iab.net/videosuite/vmap}"
CLIENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients")
EVENTS = ["impression", "start", "firstQuartile", "midpoint", "thirdQuartile", "complete"]

SHOW = """<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">
<body>
<video src="media/a.mp4" title="Part A" dur="60s"/>
<video src="media/b.mp4" title="Part B" dur="60s"/>
<i:ad slot="postroll"/>
</body>
</smil>
"""

RULES = """
function on_playlist(ctx, pl)
  local ext = ctx.query.ext
  if ext then
    for _ = 1, tonumber(ctx.query.n or "1") do pl:insert(1, ads.pick{ slot = ext }) end
    pl:insert(1, { src = "media/a.mp4", title = "after the picks" })
    return
  end
  pl:insert(1, ads.pick{ slot = "preroll" })
  for _, at in ipairs(pl:every(60)) do
    pl:insert_at_time(at, ads.pick{ slot = "midroll" })
  end
end

function on_ad_request(ctx, req)
  if req.slot == "alias" then req.slot = "preroll" end
end
"""

FILES = {
    "media/a.mp4": 3000,
    "media/b.mp4": 2000,
    "ads/pre.mp4": 4000,
    "ads/mid.mp4": 800,
    "ads/post.mp4": 600,
}

INLINE = """<?xml version="1.0"?>
<VAST version="4.1"><Ad id="fake-1"><InLine>
  <AdSystem>FakeAdServer</AdSystem><AdTitle>Fake inline</AdTitle>
  <Impression>{base}/inline-imp</Impression>
  <Creatives><Creative id="fake-c"><Linear>
    <Duration>00:00:12.000</Duration>
    <TrackingEvents><Tracking event="complete">{base}/inline-complete</Tracking></TrackingEvents>
    <MediaFiles>
      <MediaFile delivery="progressive" type="video/mp4" width="640" height="360" bitrate="700">{base}/fake.mp4</MediaFile>
      <MediaFile delivery="progressive" type="video/x-flv" width="640" height="360" bitrate="700">{base}/fake.flv</MediaFile>
    </MediaFiles>
  </Linear></Creative></Creatives>
</InLine></Ad></VAST>
"""

WRAPPER = """<?xml version="1.0"?>
<VAST version="3.0"><Ad><Wrapper><AdSystem>FakeWrapper</AdSystem>
  <VASTAdTagURI>/inline.xml</VASTAdTagURI>
  <Impression>{base}/wrapper-imp</Impression>
  <Creatives><Creative><Linear><TrackingEvents>
    <Tracking event="start">{base}/wrapper-start</Tracking>
  </TrackingEvents></Linear></Creative></Creatives>
</Wrapper></Ad></VAST>
"""


def self_signed(ws, name, host="127.0.0.1"):
    """A self-signed certificate for `host` (and its key), made by openssl."""
    cert, key = ws.path(f"{name}.crt"), ws.path(f"{name}.key")
    alt = f"IP:{host}" if host[0].isdigit() else f"DNS:{host}"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                    "-subj", f"/CN={host}", "-addext", f"subjectAltName={alt}",
                    "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=30)
    return cert, key


class FakeServer:
    """A local HTTP listener: the third-party tracker and the external ad server
    (https when given a certificate and its key)."""

    def __init__(self, tls=None):
        self.hits = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with outer.lock:
                    outer.hits.append(self.path)
                base = outer.url("")
                bodies = {"/inline.xml": INLINE.format(base=base),
                          "/wrapper.xml": WRAPPER.format(base=base),
                          "/slow.xml": INLINE.format(base=base),
                          "/garbage.xml": "<VAST><Ad><InLine>this is not"}
                if self.path == "/slow.xml":
                    time.sleep(3)
                body = bodies.get(self.path, "").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except BrokenPipeError:
                    pass  # Interlude gave up on the slow one

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that refuses the certificate breaks the handshake

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            # The handshake happens in the request's thread, not in accept().
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True,
                                                    do_handshake_on_connect=False)
            self.scheme = "https"
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"{self.scheme}://127.0.0.1:{self.port}{path}"

    def count(self, path):
        with self.lock:
            return self.hits.count(path)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def catalog(fake, trusted, untrusted, misnamed):
    def t(event, path, server=fake):
        return f'<tracking event="{event}" url="{server.url(path)}"/>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:interlude:ads:1">
  <slot name="fallback" vast="{fake.url('/wrapper.xml')}"/>
  <campaign id="pre" slots="preroll">
    <creative id="pre-5s" src="ads/pre.mp4" duration="5" type="video/mp4" bitrate="800"
              width="640" height="360" clickThrough="http://advertiser.test/spring?a=1&amp;b=x y">
      {t('impression', '/pre-imp?x=1&amp;y=2')}{t('start', '/pre-start')}
      {t('midpoint', '/pre-mid')}{t('complete', '/pre-complete')}
    </creative>
  </campaign>
  <campaign id="mid" slots="midroll">
    <creative id="mid-10s" src="ads/mid.mp4" duration="10" type="video/mp4" width="320" height="240"/>
  </campaign>
  <campaign id="post" slots="postroll">
    <creative id="post-5s" src="ads/post.mp4" duration="5.25" type="video/mp4" width="320" height="240"/>
  </campaign>
  <campaign id="capped" slots="capped">
    <cap impressions="1" per="1h"/>
    <creative id="capped-5s" src="ads/post.mp4" duration="5" type="video/mp4" width="320" height="240"/>
  </campaign>
  <campaign id="rooted" slots="rooted">
    <creative id="rooted-10s" src="/ads/mid.mp4" duration="10" type="video/mp4" width="320" height="240"/>
  </campaign>
  <campaign id="ext" slots="extwrap" vast="{fake.url('/wrapper.xml')}"/>
  <campaign id="slow" slots="extslow" vast="{fake.url('/slow.xml')}"/>
  <campaign id="junk" slots="extgarbage" vast="{fake.url('/garbage.xml')}"/>
  <campaign id="tls" slots="exttls" vast="{trusted.url('/inline.xml')}"/>
  <campaign id="tlsbad" slots="exttlsbad" vast="{untrusted.url('/inline.xml')}"/>
  <campaign id="tlsname" slots="exttlsname" vast="{misnamed.url('/inline.xml')}"/>
  <campaign id="secure" slots="secure">
    <creative id="secure-5s" src="ads/post.mp4" duration="5" type="video/mp4" width="320" height="240">
      {t('impression', '/secure-imp', trusted)}{t('impression', '/secure-imp', untrusted)}
    </creative>
  </campaign>
</catalog>
"""


def npm_ci():
    """Installs the VAST client (tests/clients) from its lock file."""
    try:
        done = subprocess.run(
            ["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--silent"],
            cwd=CLIENTS, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise AssertionError(f"cannot run npm ci in tests/clients ({e}); install nodejs and "
                             "npm (scripts/install-deps) to run the VAST client checks")
    if done.returncode != 0:
        raise AssertionError(
            "npm ci in tests/clients failed (offline? the npm registry must be reachable once "
            f"to fetch @dailymotion/vast-client):\n{done.stderr[-2000:]}")


def vast_client(document):
    """What @dailymotion/vast-client makes of a document (bytes) or a URL."""
    if isinstance(document, bytes):
        with tempfile.NamedTemporaryFile(suffix=".xml", delete=False) as f:
            f.write(document)
        source = f.name
    else:
        source = document
    try:
        done = subprocess.run(["node", os.path.join(CLIENTS, "vast-check.mjs"), source],
                              capture_output=True, text=True, timeout=60)
    finally:
        if source is not document:
            os.unlink(source)
    if done.returncode != 0:
        raise AssertionError(f"vast-client refused the document: {done.stderr}")
    return json.loads(done.stdout)


def text(node, path):
    found = node.find(path)
    if found is None:
        raise AssertionError(f"no {path} in {ET.tostring(node)[:300]!r}")
    return (found.text or "").strip()


class VastTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        npm_ci()
        cls.fake = FakeServer()
        trusted = self_signed(ws, "trusted")
        misnamed = self_signed(ws, "misnamed", host="ads.example.net")
        cls.trusted = FakeServer(tls=trusted)
        cls.untrusted = FakeServer(tls=self_signed(ws, "untrusted"))
        cls.misnamed = FakeServer(tls=misnamed)
        with open(trusted[0]) as a, open(misnamed[0]) as b:
            ws.write("cas.pem", a.read() + b.read())
        for rel, size in FILES.items():
            ws.write(os.path.join("site", rel), random.Random(rel).randbytes(size))
        ws.write("site/show.isx", SHOW)
        ws.write("site/ads/catalog.xml", catalog(cls.fake, cls.trusted, cls.untrusted, cls.misnamed))
        ws.write("site/rules/ads.lua", RULES)
        section = ('<scripting xmlns="urn:interlude:scripting:1" rules="rules/ads.lua" '
                   'catalog="ads/catalog.xml" externalVastTimeoutMs="500" '
                   'vastErrorUrl="http://127.0.0.1:9/err?code=[ERRORCODE]&amp;s=1"/>')
        # Two servers' certificates, relative to the config file.
        shared = ('<scripting xmlns="urn:interlude:scripting:1" caFile="cas.pem" '
                  'trackingRetries="0"/>')
        return harness.Config(sites=[harness.Site(sections=[section])], sections=[shared])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        for name in ("fake", "trusted", "untrusted", "misnamed"):
            if getattr(cls, name, None):
                getattr(cls, name).close()

    # ----- helpers -----------------------------------------------------------

    def document(self, path):
        resp = self.assertStatus(self.server.get(path), 200)
        self.assertIn("xml", resp.header("Content-Type"))
        return resp.body, ET.fromstring(resp.body)

    def stats(self):
        body = self.assertStatus(self.server.admin_request("GET", "/api/ads"), 200).json()
        out = {}
        for campaign in body["campaigns"]:
            for creative in campaign["creatives"]:
                out[f"{campaign['id']}/{creative['id']}"] = creative
        return out, {s["slot"]: s for s in body["slots"]}

    def logged(self, prefix, mark):
        """A log line from `mark` with `prefix` that says a certificate failed."""
        return self.server.stderr.wait_for(
            lambda line: prefix in line and "certificate verify failed" in line, start=mark)

    def counts(self, ad_id):
        return {e: self.stats()[0][ad_id][e] for e in EVENTS}

    def check_inline(self, ad, title, duration, media_prefix, size=None):
        """Structural checks of one InLine ad of Interlude's."""
        inline = ad.find(f"{VAST}InLine")
        self.assertIsNotNone(inline)
        self.assertEqual(text(inline, f"{VAST}AdSystem"), "Interlude")
        self.assertEqual(text(inline, f"{VAST}AdTitle"), title)
        impressions = [i.text for i in inline.findall(f"{VAST}Impression")]
        self.assertRegex(impressions[0], r"^http://127\.0\.0\.1:\d+/_/t/[A-Za-z0-9._-]+/impression$")
        linear = inline.find(f"{VAST}Creatives/{VAST}Creative/{VAST}Linear")
        self.assertEqual(text(linear, f"{VAST}Duration"), duration)
        beacons = {t.get("event"): t.text for t in linear.findall(f"{VAST}TrackingEvents/{VAST}Tracking")
                   if "/_/t/" in t.text}
        self.assertEqual(sorted(beacons), sorted(EVENTS[1:]))
        media = linear.find(f"{VAST}MediaFiles/{VAST}MediaFile")
        self.assertEqual(media.get("delivery"), "progressive")
        self.assertEqual(media.get("type"), "video/mp4")
        self.assertTrue(media.get("width") and media.get("height"))
        self.assertTrue(media.text.strip().startswith(media_prefix), media.text)
        if size is not None:
            self.assertEqual(media.get("fileSize"), str(size))
        return inline, linear, media

    # ----- documents ---------------------------------------------------------

    def test_format_vast_answers_the_playlist_ads_as_a_pod(self):
        body, root = self.document("/show.isx?format=vast")
        self.assertEqual(root.tag, f"{VAST}VAST")
        self.assertEqual(root.get("version"), "4.2")
        ads = root.findall(f"{VAST}Ad")
        self.assertEqual([a.get("id") for a in ads], ["pre/pre-5s", "mid/mid-10s", "post/post-5s"])
        self.assertEqual([a.get("sequence") for a in ads], ["1", "2", "3"])
        base = f"http://127.0.0.1:{self.server.port}/_/e/"
        inline, linear, media = self.check_inline(ads[0], "pre-5s", "00:00:05.000", base, 4000)
        self.assertEqual(media.get("bitrate"), "800")
        self.assertIn(self.fake.url("/pre-imp?x=1&y=2"),
                      [i.text for i in inline.findall(f"{VAST}Impression")])
        self.assertEqual(text(linear, f"{VAST}VideoClicks/{VAST}ClickThrough"),
                         "http://advertiser.test/spring?a=1&b=x%20y")
        self.assertIn(b"a=1&amp;b=x%20y", body)  # XML-escaped and percent-encoded
        self.check_inline(ads[1], "mid-10s", "00:00:10.000", base, 800)
        self.check_inline(ads[2], "post-5s", "00:00:05.250", base, 600)

        parsed = vast_client(body)
        self.assertEqual(parsed["version"], "4.2")
        self.assertEqual([a["id"] for a in parsed["ads"]], ["pre/pre-5s", "mid/mid-10s", "post/post-5s"])
        pre = parsed["ads"][0]
        self.assertEqual(pre["creatives"][0]["duration"], 5)
        self.assertEqual(pre["creatives"][0]["mediaFiles"][0]["fileSize"], 4000)
        self.assertTrue(pre["creatives"][0]["mediaFiles"][0]["url"].startswith(base))
        for event in EVENTS[1:]:
            self.assertTrue(pre["creatives"][0]["trackingEvents"][event], event)
        self.assertIn(self.fake.url("/pre-start"), pre["creatives"][0]["trackingEvents"]["start"])
        self.assertEqual(len(pre["impressions"]), 2)

    def test_format_vmap_answers_the_ad_breaks(self):
        body, root = self.document("/show.isx?format=vmap")
        self.assertEqual(root.tag, f"{VMAP}VMAP")
        self.assertEqual(root.get("version"), "1.0")
        breaks = root.findall(f"{VMAP}AdBreak")
        self.assertEqual([b.get("timeOffset") for b in breaks], ["start", "00:01:00.000", "end"])
        self.assertEqual([b.get("breakType") for b in breaks], ["linear"] * 3)
        for adBreak, ad_id in zip(breaks, ["pre/pre-5s", "mid/mid-10s", "post/post-5s"]):
            vast = adBreak.find(f"{VMAP}AdSource/{VMAP}VASTAdData/{VAST}VAST")
            self.assertIsNotNone(vast)
            self.assertEqual(vast.get("version"), "4.2")
            self.assertEqual([a.get("id") for a in vast.findall(f"{VAST}Ad")], [ad_id])

        parsed = vast_client(body)
        self.assertEqual(parsed["kind"], "vmap")
        self.assertEqual([b["timeOffset"] for b in parsed["breaks"]], ["start", "00:01:00.000", "end"])
        self.assertEqual([b["ads"][0]["id"] for b in parsed["breaks"]],
                         ["pre/pre-5s", "mid/mid-10s", "post/post-5s"])
        self.assertEqual(parsed["breaks"][1]["ads"][0]["creatives"][0]["duration"], 10)

    def test_ads_vast_endpoint_picks_from_the_catalog(self):
        _, before = self.stats()
        path = "/_/ads/vast?slot=preroll"
        body, root = self.document(path)
        ads = root.findall(f"{VAST}Ad")
        self.assertEqual(len(ads), 1)
        self.check_inline(ads[0], "pre/pre-5s", "00:00:05.000",
                          f"http://127.0.0.1:{self.server.port}/ads/pre.mp4", 4000)
        parsed = vast_client(f"http://127.0.0.1:{self.server.port}{path}")
        self.assertEqual(parsed["ads"][0]["creatives"][0]["mediaFiles"][0]["url"],
                         f"http://127.0.0.1:{self.server.port}/ads/pre.mp4")

        body, root = self.document("/_/ads/vast?slot=nothing-here")
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        self.assertEqual(text(root, f"{VAST}Error"), "http://127.0.0.1:9/err?code=[ERRORCODE]&s=1")
        parsed = vast_client(body)
        self.assertEqual(parsed["ads"], [])
        self.assertEqual(parsed["errors"], ["http://127.0.0.1:9/err?code=[ERRORCODE]&s=1"])

        # A creative's path from the site root is one URL too, and its size known.
        _, root = self.document("/_/ads/vast?slot=rooted")
        self.check_inline(root.find(f"{VAST}Ad"), "rooted/rooted-10s", "00:00:10.000",
                          f"http://127.0.0.1:{self.server.port}/ads/mid.mp4", 800)

        self.assertStatus(self.server.get("/_/ads/vast"), 400)
        self.assertStatus(self.server.get("/_/ads/vast?slot=preroll&max=0"), 400)
        # A '%' without two hex digits is text (as browsers have it), not a server error.
        _, root = self.document("/_/ads/vast?slot=%zz")
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        _, after = self.stats()
        self.assertEqual(after["preroll"]["picks"] - before.get("preroll", {}).get("picks", 0), 2)
        self.assertEqual(after["preroll"]["filled"] - before.get("preroll", {}).get("filled", 0), 2)
        self.assertEqual(after["preroll"]["fillRate"], 1.0)

    def test_ads_vast_endpoint_runs_on_ad_request_and_caps_per_viewer(self):
        _, root = self.document("/_/ads/vast?slot=alias")
        self.assertEqual([a.get("id") for a in root.findall(f"{VAST}Ad")], ["pre/pre-5s"])

        def ads_for(viewer):
            resp = self.assertStatus(self.server.get(
                "/_/ads/vast?slot=capped", headers={"Cookie": f"viewer={viewer}"}), 200)
            return [a.get("id") for a in ET.fromstring(resp.body).findall(f"{VAST}Ad")]
        self.assertEqual(ads_for("alice"), ["capped/capped-5s"])
        self.assertEqual(ads_for("alice"), [])
        self.assertEqual(ads_for("bob"), ["capped/capped-5s"])

    # ----- tracking ----------------------------------------------------------

    def test_server_side_quartiles_follow_the_bytes_delivered(self):
        _, root = self.document("/show.isx?format=vast")
        media = root.find(f"{VAST}Ad/{VAST}InLine//{VAST}MediaFile").text.strip()
        entry = urlsplit(media).path
        expected = self.counts("pre/pre-5s")
        hits_before = {p: self.fake.count(p) for p in
                       ["/pre-imp?x=1&y=2", "/pre-start", "/pre-mid", "/pre-complete"]}
        # 4000 bytes: the quartiles at 1000, 2000 and 3000 bytes, complete at 4000.
        steps = [(0, 499, ["impression", "start"]), (500, 1499, ["firstQuartile"]),
                 (1500, 2499, ["midpoint"]), (2500, 3499, ["thirdQuartile"]),
                 (3500, 3999, ["complete"])]
        for first, last, events in steps:
            resp = self.server.get(entry, headers={"Range": f"bytes={first}-{last}"})
            self.assertStatus(resp, 206)
            self.assertEqual(len(resp.body), last - first + 1)
            for event in events:
                expected[event] += 1
            self.assertTrue(harness.wait_until(lambda: self.counts("pre/pre-5s") == expected),
                            f"after bytes {first}-{last}: {self.counts('pre/pre-5s')} != {expected}")
        # The third-party URLs of each event were hit once, server-side.
        for path, before in hits_before.items():
            self.assertTrue(harness.wait_until(lambda: self.fake.count(path) == before + 1),
                            f"{path}: {self.fake.count(path)} hits, expected {before + 1}")
        metrics = self.server.metrics()
        value = harness.metric_value(
            metrics, 'interlude_ad_events_total{campaign="pre",creative="pre-5s",event="complete"}')
        self.assertGreaterEqual(value or 0, 1)

    def test_beacons_count_once_per_session_and_entry(self):
        _, root = self.document("/show.isx?format=vast")
        mid = root.findall(f"{VAST}Ad")[1]
        start = [t.text for t in mid.iter(f"{VAST}Tracking") if t.get("event") == "start"][0]
        path = urlsplit(start).path
        before = self.counts("mid/mid-10s")["start"]
        self.assertStatus(self.server.get(path), 204)
        self.assertEqual(self.counts("mid/mid-10s")["start"], before + 1)
        self.assertStatus(self.server.get(path), 204)
        self.assertEqual(self.counts("mid/mid-10s")["start"], before + 1)
        token = path.split("/")[3]
        forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        self.assertStatus(self.server.get(f"/_/t/{forged}/start"), 403)
        self.assertStatus(self.server.get(f"/_/t/{token}/pause"), 400)
        # The server-side tracking of the same entry does not count it again.
        entry = urlsplit(mid.find(f".//{VAST}MediaFile").text.strip()).path
        pre_entry = urlsplit(root.find(f".//{VAST}MediaFile").text.strip()).path
        self.assertStatus(self.server.get(pre_entry), 200)  # the pre-roll must play first
        self.assertStatus(self.server.get(entry), 200)
        counts = self.counts("mid/mid-10s")
        self.assertEqual(counts["start"], before + 1)

    def test_beacons_of_a_playlist_taken_in_any_format_count_its_ads(self):
        # A player of ?format=json makes its beacons from the entry links: /_/e/T -> /_/t/T/<event>.
        entries = self.assertStatus(self.server.get("/show.isx?format=json"), 200).json()["entries"]
        self.assertEqual([e["kind"] for e in entries], ["ad", "content", "ad", "content", "ad"])
        ad, content = (e["url"].split("/_/e/")[1] for e in entries[:2])
        before = self.counts("pre/pre-5s")
        for _ in range(2):  # counted once per session and entry
            self.assertStatus(self.server.get(f"/_/t/{ad}/midpoint"), 204)
        self.assertEqual(self.counts("pre/pre-5s")["midpoint"], before["midpoint"] + 1)
        # The whole download records the other events server-side; a beacon after it adds nothing.
        self.assertStatus(self.server.get(f"/_/e/{ad}"), 200)
        self.assertStatus(self.server.get(f"/_/t/{ad}/complete"), 204)
        after = self.counts("pre/pre-5s")
        self.assertEqual([after[e] - before[e] for e in EVENTS], [1] * 6)
        resp = self.assertStatus(self.server.get(f"/_/t/{content}/start"), 404)
        self.assertIn(b"no ad at this entry", resp.body)

    def test_tracking_goes_on_across_a_reload(self):
        _, root = self.document("/show.isx?format=vast")
        self.assertStatus(self.server.reload(), 200)
        start = [t.text for t in root.find(f"{VAST}Ad").iter(f"{VAST}Tracking")
                 if t.get("event") == "start" and "/_/t/" in t.text][0]
        before_count = self.counts("pre/pre-5s")["start"]
        before_hits = self.fake.count("/pre-start")
        self.assertStatus(self.server.get(urlsplit(start).path), 204)
        self.assertEqual(self.counts("pre/pre-5s")["start"], before_count + 1)
        self.assertTrue(harness.wait_until(lambda: self.fake.count("/pre-start") == before_hits + 1))

    # ----- external VAST -----------------------------------------------------

    def test_external_vast_wrappers_are_followed_and_merged(self):
        body, root = self.document("/_/ads/vast?slot=extwrap")
        ads = root.findall(f"{VAST}Ad")
        self.assertEqual(len(ads), 1)
        inline = ads[0].find(f"{VAST}InLine")
        self.assertEqual(text(inline, f"{VAST}AdSystem"), "FakeAdServer")
        self.assertEqual(text(inline, f"{VAST}AdTitle"), "Fake inline")
        self.assertEqual(text(inline, f".//{VAST}MediaFile"), self.fake.url("/fake.mp4"))
        self.assertEqual(text(inline, f".//{VAST}Duration"), "00:00:12.000")
        impressions = [i.text for i in inline.findall(f"{VAST}Impression")]
        self.assertIn(self.fake.url("/inline-imp"), impressions)
        self.assertIn(self.fake.url("/wrapper-imp"), impressions)
        parsed = vast_client(body)
        creative = parsed["ads"][0]["creatives"][0]
        self.assertEqual(creative["mediaFiles"][0]["url"], self.fake.url("/fake.mp4"))
        self.assertIn(self.fake.url("/wrapper-start"), creative["trackingEvents"]["start"])
        self.assertIn(self.fake.url("/inline-complete"), creative["trackingEvents"]["complete"])

        # A slot's own tag serves when no campaign is eligible.
        _, root = self.document("/_/ads/vast?slot=fallback")
        self.assertEqual(text(root, f".//{VAST}MediaFile"), self.fake.url("/fake.mp4"))

    def test_rules_play_the_ads_of_external_vast_tags(self):
        for slot in ("extwrap", "fallback"):  # a campaign's tag, a slot's tag
            resp = self.assertStatus(self.server.get(f"/show.isx?format=json&ext={slot}"), 200)
            entries = resp.json()["entries"]
            self.assertEqual([e["title"] for e in entries],
                             ["after the picks", "Fake inline", "Part A", "Part B", "post-5s"])
            ad = entries[1]
            self.assertEqual(ad["kind"], "ad")
            self.assertEqual(ad["durationSeconds"], 12.0)
            self.assertFalse(ad["canSkipForward"])
            # The best MediaFile of the inline (mp4 over flv), behind an entry link.
            link = "/_/e/" + ad["url"].split("/_/e/")[1]
            first = "/_/e/" + entries[0]["url"].split("/_/e/")[1]
            self.assertStatus(self.server.get(first), 200)
            moved = self.assertStatus(self.server.get(link), 302)
            self.assertEqual(moved.header("Location"), self.fake.url("/fake.mp4"))

    def test_a_rules_external_ad_fires_its_impression_and_start_when_requested(self):
        # Its entry redirects to the ad server's media: Interlude never sees its
        # bytes, so the entry request is the impression (and the start).
        fired = ("/inline-imp", "/wrapper-imp", "/wrapper-start")
        before = {path: self.fake.count(path) for path in fired + ("/inline-complete",)}
        counted = self.counts("ext/vast")
        for session in (1, 2):
            entries = self.assertStatus(
                self.server.get("/show.isx?format=json&ext=extwrap"), 200).json()["entries"]
            self.assertEqual(entries[1]["title"], "Fake inline")
            first = "/_/e/" + entries[0]["url"].split("/_/e/")[1]
            link = "/_/e/" + entries[1]["url"].split("/_/e/")[1]
            self.assertStatus(self.server.get(first), 200)
            for _ in range(2):  # a player asking twice: once per session and entry
                self.assertStatus(self.server.get(link), 302)
            for path in fired:
                self.assertTrue(harness.wait_until(
                    lambda: self.fake.count(path) == before[path] + session), path)
        time.sleep(0.5)  # a duplicate would have had time to land
        for path in fired:
            self.assertEqual(self.fake.count(path), before[path] + 2, path)
        self.assertEqual(self.fake.count("/inline-complete"), before["/inline-complete"])
        after = self.counts("ext/vast")
        self.assertEqual([after[e] - counted[e] for e in EVENTS], [2, 2, 0, 0, 0, 0])

    def test_external_vast_in_rules_is_bounded_by_one_timeout_per_request(self):
        # Four picks of a tag that answers in 3 s: they share the 500 ms, the
        # rule goes on after them (its own time limit is not spent waiting).
        mark = self.server.log_mark()
        started = time.monotonic()
        resp = self.assertStatus(self.server.get("/show.isx?format=json&ext=extslow&n=4"), 200)
        self.assertLess(time.monotonic() - started, 1.9)
        self.assertEqual([e["title"] for e in resp.json()["entries"]],
                         ["after the picks", "Part A", "Part B", "post-5s"])
        self.assertTrue(self.server.wait_for_log(["slow.xml"], start=mark))
        resp = self.assertStatus(self.server.get("/show.isx?format=json&ext=extgarbage"), 200)
        self.assertEqual(len(resp.json()["entries"]), 4)

    def test_fill_rates_count_rule_picks_and_placeholders(self):
        _, before = self.stats()
        self.assertStatus(self.server.get("/show.isx?format=json"), 200)  # preroll, midroll, postroll
        self.assertStatus(self.server.get("/show.isx?format=json&ext=nothing-here"), 200)
        _, after = self.stats()

        def grew(slot, field):
            return after[slot][field] - before.get(slot, {}).get(field, 0)
        for slot in ("preroll", "midroll"):
            self.assertEqual((grew(slot, "picks"), grew(slot, "filled")), (1, 1), slot)
        self.assertEqual((grew("postroll", "picks"), grew("postroll", "filled")), (2, 2))
        self.assertEqual((grew("nothing-here", "picks"), grew("nothing-here", "filled")), (1, 0))
        metrics = self.server.metrics()
        self.assertGreaterEqual(harness.metric_value(
            metrics, 'interlude_ad_picks_total{slot="nothing-here",result="empty"}') or 0, 1)

    def test_external_vast_failures_leave_the_slot_empty(self):
        mark = self.server.log_mark()
        started = time.monotonic()
        body, root = self.document("/_/ads/vast?slot=extslow")
        self.assertLess(time.monotonic() - started, 2.5)
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        self.assertEqual(vast_client(body)["ads"], [])
        _, root = self.document("/_/ads/vast?slot=extgarbage")
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        self.assertTrue(self.server.wait_for_log(["garbage.xml"], start=mark))
        self.assertTrue(self.server.wait_for_log(["slow.xml"], start=mark))
        _, slots = self.stats()
        self.assertLess(slots["extgarbage"]["fillRate"], 1.0)

    def test_https_tags_and_tracking_urls_are_checked_against_the_ca_file(self):
        mark = self.server.log_mark()
        _, root = self.document("/_/ads/vast?slot=exttls")
        self.assertEqual(text(root, f".//{VAST}MediaFile"), self.trusted.url("/fake.mp4"))
        self.assertEqual(self.trusted.count("/inline.xml"), 1)
        # A certificate nobody vouches for: the TLS handshake fails, no ad, one log line.
        _, root = self.document("/_/ads/vast?slot=exttlsbad")
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        self.assertEqual(self.untrusted.count("/inline.xml"), 0)
        self.assertTrue(self.logged(f"external VAST {self.untrusted.url('/inline.xml')}", mark))
        # A trusted certificate for another host name than the one asked for.
        _, root = self.document("/_/ads/vast?slot=exttlsname")
        self.assertEqual(root.findall(f"{VAST}Ad"), [])
        self.assertEqual(self.misnamed.count("/inline.xml"), 0)

        # Tracking: the impression beacon fires both https URLs; only the trusted one lands.
        _, root = self.document("/_/ads/vast?slot=secure")
        impression = [i.text for i in root.find(f"{VAST}Ad").iter(f"{VAST}Impression")
                      if "/_/t/" in i.text][0]
        self.assertStatus(self.server.get(urlsplit(impression).path), 204)
        self.assertTrue(harness.wait_until(lambda: self.trusted.count("/secure-imp") == 1))
        self.assertTrue(self.logged(f"ad tracking URL {self.untrusted.url('/secure-imp')}", mark))
        self.assertEqual(self.untrusted.count("/secure-imp"), 0)


if __name__ == "__main__":
    unittest.main()
