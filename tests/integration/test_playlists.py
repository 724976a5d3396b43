"""Web playlists (.isx) end to end: sessions, signed entry links and the
permissions the server enforces on delivery (skip, seek, skip back), viewer
limits, session expiry, forged and expired tokens, nesting, remote entries,
output formats and HEAD.

The media are random bytes with media names: static delivery does not look
inside them, and the permission rules only count bytes.
"""

import base64
import hashlib
import hmac
import http.client
import http.server
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
import unittest
from dataclasses import dataclass, field
from xml.dom import minidom
from xml.sax.saxutils import quoteattr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

KEY_ID = "k1"
KEY_SECRET = "playlist-test-secret-0123456789"

ENTRY_RE = re.compile(r"/_/e/([A-Za-z0-9._~-]+)")

# format -> media type (without parameters), and how the body is checked.
FORMATS = {
    "asx": ("video/x-ms-asf", "xml"),
    "xspf": ("application/xspf+xml", "xml"),
    "m3u": ("audio/x-mpegurl", "m3u"),
    "smil": ("application/smil+xml", "xml"),
    "json": ("application/json", "json"),
    "atom": ("application/atom+xml", "xml"),
}

SMIL_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
             '<smil xmlns="http://www.w3.org/ns/SMIL" '
             'xmlns:i="urn:interlude:playlist:1">\n')


def media(seed, size):
    return random.Random(seed).randbytes(size)


# Files of the site, by path under the root.
AD = media(1, 4000)
PART1 = media(2, 6000)
PART2 = media(3, 3000)
FIRST = media(4, 1500)
INNER_A = media(5, 1200)
INNER_B = media(6, 900)
DEEP = media(7, 700)
LAST = media(8, 1100)
PICKED = media(9, 1300)
TAIL = media(10, 800)
SHORT = media(11, 500)

FILES = {
    "media/ad.mp4": AD,
    "media/part1.mp4": PART1,
    "media/part2.mp4": PART2,
    "media/first.mp4": FIRST,
    "sub/a.mp4": INNER_A,
    "sub/b.mp3": INNER_B,
    "sub/deeper/deep.mp4": DEEP,
    "media/last.mp4": LAST,
    "media/picked.mp4": PICKED,
    "media/tail.mp4": TAIL,
    "media/short.mp4": SHORT,
}


def playlist(entries, metas=None):
    """A SMIL .isx with `metas` (name -> content) and entry lines."""
    head = ""
    if metas:
        head = "  <head>\n" + "".join(
            f'    <meta name={quoteattr(k)} content={quoteattr(str(v))}/>\n'
            for k, v in metas.items()) + "  </head>\n"
    body = "".join(f"    {e}\n" for e in entries)
    return SMIL_HEAD + head + "  <body>\n" + body + "  </body>\n</smil>\n"


# The walk: an ad that holds the viewer back (defaults of i:kind="ad"),
# content that may be skipped after half and never played again, content.
WALK = playlist([
    '<ref src="media/ad.mp4" i:kind="ad" title="Sponsor"/>',
    '<video src="media/part1.mp4" title="Part 1" i:skipAfter="50%" '
    'canSkipBack="false"/>',
    '<video src="media/part2.mp4" title="Part 2"/>',
], {"title": "The walk", "author": "Tests"})

NEST = playlist([
    '<video src="media/first.mp4" title="First"/>',
    '<ref src="sub/inner.isx"/>',
    '<video src="/media/last.mp4" title="Last"/>',
], {"title": "Nesting"})
INNER = playlist([
    '<video src="a.mp4" title="Inner A"/>',
    '<audio src="b.mp3" title="Inner B"/>',
    '<ref src="deeper/deep.isx"/>',
])
DEEPER = playlist(['<video src="deep.mp4" title="Deep"/>'])

LIMITED = playlist(['<video src="media/short.mp4" title="Short"/>'],
                   {"maxClients": 2})
BRIEF = playlist(['<video src="media/short.mp4" title="Short"/>'],
                 {"inactivityTimeout": 1})


def remote_playlist(port, closed_port):
    return playlist([
        f'<media src="httpd://127.0.0.1:{port}/pick?slot=local" title="Picked"/>',
        f'<media src="httpd://127.0.0.1:{closed_port}/pick?slot=gone" '
        'title="Gone"/>',
        f'<media src="httpd://127.0.0.1:{port}/pick?slot=url" title="Away"/>',
        '<video src="media/tail.mp4" title="Tail"/>',
    ])


@dataclass
class PlaylistConfig(harness.Config):
    """harness.Config plus a <tokens> element with a known key, so a test
    can sign its own (expired) entry tokens."""
    token_keys: dict = field(default_factory=dict)
    active_key: str = None

    def to_xml(self):
        text = super().to_xml()
        if not self.token_keys:
            return text
        lines = text.split("\n")
        at = next(n for n, line in enumerate(lines)
                  if line.lstrip().startswith("<admin"))
        block = [f"  <tokens active={quoteattr(self.active_key)}>"]
        block += [f"    <key id={quoteattr(k)} secret={quoteattr(v)}/>"
                  for k, v in self.token_keys.items()]
        block.append("  </tokens>")
        lines[at + 1:at + 1] = block
        return "\n".join(lines)


def sign(session, entry, expires, key_id=KEY_ID, secret=KEY_SECRET):
    """An entry token as core::TokenSigner makes it:
    KEYID.SESSION.ENTRY.EXPIRES.MAC, MAC = base64url(HMAC-SHA256), unpadded."""
    message = f"{key_id}.{session}.{entry}.{expires}"
    digest = hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()
    mac = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return f"{message}.{mac}"


class RemotePicker:
    """A tiny HTTP server answering remote (httpd://) entry lookups: the body's
    first line is the media URL."""

    def __init__(self):
        self.paths = []
        picker = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                picker.paths.append(self.path)
                if self.path == "/pick?slot=local":
                    body = b"/media/picked.mp4\n"
                elif self.path == "/pick?slot=url":
                    body = picker.away_url().encode() + b"\r\n"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.1},
                                       daemon=True)
        self.thread.start()

    def away_url(self):
        return f"http://127.0.0.1:{self.port}/elsewhere/away.mp4"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


class Viewer:
    """A client on one keep-alive connection (reopened when the server
    closes it)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def request(self, method, path, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=harness.REQUEST_TIMEOUT)
            try:
                self.conn.request(method, path, headers=headers or {})
                resp = self.conn.getresponse()
            except (http.client.RemoteDisconnected, BrokenPipeError,
                    ConnectionResetError):
                # The server closed the idle connection before reading this
                # request: send it again on a new one.
                self.close()
                if attempt == 2:
                    raise
                continue
            out = harness.read_response(resp)
            if resp.will_close:
                self.close()
            return out

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class PlaylistTest(harness.ServerTestCase):

    picker = None

    @classmethod
    def setUpClass(cls):
        cls.picker = RemotePicker()
        cls.closed_port = harness.free_port()
        try:
            super().setUpClass()
        except BaseException:
            cls.picker.close()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.picker is not None:
            cls.picker.close()
            cls.picker = None

    @classmethod
    def configure(cls, ws):
        for path, data in FILES.items():
            ws.write_site(path, data)
        ws.write_site("walk.isx", WALK)
        ws.write_site("nest.isx", NEST)
        ws.write_site("sub/inner.isx", INNER)
        ws.write_site("sub/deeper/deep.isx", DEEPER)
        ws.write_site("limited.isx", LIMITED)
        ws.write_site("limited-head.isx", LIMITED)
        ws.write_site("brief.isx", BRIEF)
        ws.write_site("remote.isx",
                      remote_playlist(cls.picker.port, cls.closed_port))
        return PlaylistConfig(token_keys={KEY_ID: KEY_SECRET},
                              active_key=KEY_ID)

    # ----- helpers -----------------------------------------------------------

    def setUp(self):
        self.viewer = Viewer(self.server.port)

    def tearDown(self):
        self.viewer.close()

    # Requests go through one keep-alive connection, as a browser plays the
    # entries one after another: the server reads a request only once it has
    # finished (and recorded) the previous one. See
    # test_next_entry_on_a_new_connection for players that open a connection
    # per entry.
    def get(self, path, **headers):
        return self.viewer.request("GET", path, headers)

    def head(self, path, **headers):
        return self.viewer.request("HEAD", path, headers)

    def open_session(self, path="/walk.isx", fmt=None):
        """GET the playlist; returns (response, [entry paths in order])."""
        target = path + (f"?format={fmt}" if fmt else "")
        resp = self.assertStatus(self.get(target), 200)
        return resp, entry_paths(resp.body)

    def entries(self, path="/walk.isx", count=None):
        resp, paths = self.open_session(path)
        if count is not None:
            self.assertEqual(len(paths), count,
                             f"entry links in GET {path}:\n{resp}")
        return paths

    def assertRefused(self, resp, *needles):
        self.assertStatus(resp, 403)
        text = resp.body.decode("utf-8", "replace")
        for needle in needles:
            self.assertIn(needle.lower(), text.lower(),
                          f"403 body does not say {needle!r}:\n{resp}")
        return text

    def assertDelivered(self, resp, data, status=200):
        self.assertStatus(resp, status)
        self.assertEqual(resp.body, data, f"wrong bytes:\n{resp}")

    def deliver(self, entry, data):
        self.assertDelivered(self.get(entry), data)

    # ----- the walk ----------------------------------------------------------

    def test_walk_ad_first_then_content(self):
        ad, part1, part2 = self.entries(count=3)
        text = self.assertRefused(self.get(part1), "must play first")
        self.assertIn("entry 1", text)
        self.assertIn("Sponsor", text)
        self.assertRefused(self.get(part2), "entry 1", "must play first")
        self.deliver(ad, AD)
        resp = self.get(part1)
        self.assertDelivered(resp, PART1)
        self.assertEqual(resp.header("Content-Type"), "video/mp4")
        self.deliver(part2, PART2)

    def test_refusal_is_logged(self):
        _, part1, _ = self.entries(count=3)
        mark = self.server.log_mark()
        self.assertRefused(self.get(part1))
        self.assertIsNotNone(
            self.server.wait_for_log(["must play first"], start=mark),
            "no log line for the refused entry:\n"
            + "\n".join(self.server.log_since(mark)))

    def test_head_does_not_count_as_delivery(self):
        ad, part1, _ = self.entries(count=3)
        head = self.assertStatus(self.head(ad), 200)
        self.assertEqual(head.body, b"")
        self.assertRefused(self.get(part1), "entry 1")

    def test_entries_of_two_sessions_are_independent(self):
        ad_a, part1_a, _ = self.entries(count=3)
        _, part1_b, _ = self.entries(count=3)
        self.deliver(ad_a, AD)
        self.assertDelivered(self.get(part1_a), PART1)
        self.assertRefused(self.get(part1_b), "entry 1")

    # ----- a player that opens a connection per entry ------------------------

    def test_next_entry_on_a_new_connection(self):
        """The ad delivered in full, a player asks for the next entry at once
        on a new connection (VLC does): it must be served. Several viewers at
        a time, so the server is busy as it would be in production."""
        viewers, rounds = 4, 40
        refusals, errors = [], []

        def fresh(path):
            return self.server.get(path)

        def watch():
            try:
                for _ in range(rounds):
                    resp = fresh("/walk.isx")
                    ad, part1, _ = entry_paths(resp.body)
                    got = fresh(ad)
                    if got.status != 200 or got.body != AD:
                        errors.append(f"GET ad: {got}")
                        return
                    got = fresh(part1)
                    if got.status != 200:
                        refusals.append(got.body.decode("utf-8", "replace"))
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(repr(e))

        threads = [threading.Thread(target=watch) for _ in range(viewers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        if errors:
            self.fail(f"{len(errors)} viewers failed; first: {errors[0]}")
        if refusals:
            self.fail(
            f"{len(refusals)} of {viewers * rounds} requests for entry 2, sent "
            f"on a new connection right after entry 1 was received in full, "
            f"were refused; first: {refusals[0]!r}")

    # ----- seek --------------------------------------------------------------

    def test_seek_refused_on_ad(self):
        ad, _, _ = self.entries(count=3)
        self.assertRefused(self.get(ad, Range="bytes=2000-"),
                           "cannot be seeked")
        self.assertDelivered(self.get(ad, Range="bytes=0-999"), AD[:1000], 206)
        # Continuing exactly where delivery stopped is not a seek.
        self.assertDelivered(self.get(ad, Range="bytes=1000-1999"),
                             AD[1000:2000], 206)
        self.assertRefused(self.get(ad, Range="bytes=3000-3999"),
                           "cannot be seeked", "2000")
        # Going back inside what was delivered is allowed.
        self.assertDelivered(self.get(ad, Range="bytes=500-1499"),
                             AD[500:1500], 206)

    def test_seek_allowed_on_content(self):
        ad, part1, _ = self.entries(count=3)
        self.deliver(ad, AD)
        self.assertDelivered(self.get(part1, Range="bytes=5000-5999"),
                             PART1[5000:], 206)

    # ----- skipAfter ---------------------------------------------------------

    def test_skip_after_half(self):
        ad, part1, part2 = self.entries(count=3)
        self.deliver(ad, AD)
        self.assertRefused(self.get(part2), "entry 2", "Part 1",
                           "must play first")
        half = len(PART1) // 2
        self.assertDelivered(self.get(part1, Range=f"bytes=0-{half - 2}"),
                             PART1[:half - 1], 206)
        self.assertRefused(self.get(part2), "entry 2",
                           f"{half - 1} of the {half}")
        self.assertDelivered(
            self.get(part1, Range=f"bytes={half - 1}-{half - 1}"),
            PART1[half - 1:half], 206)
        self.deliver(part2, PART2)

    # ----- skip back ---------------------------------------------------------

    def test_skip_back_refused_after_completion(self):
        ad, part1, part2 = self.entries(count=3)
        self.deliver(ad, AD)
        self.deliver(part1, PART1)
        self.assertRefused(self.get(part1), "entry 2",
                           "cannot be played again")
        self.assertRefused(self.get(part1, Range="bytes=0-9"),
                           "cannot be played again")
        # The ad keeps the default canSkipBack=true: it may play again.
        self.deliver(ad, AD)
        self.deliver(part2, PART2)

    def test_skip_back_allowed_before_completion(self):
        ad, part1, _ = self.entries(count=3)
        self.deliver(ad, AD)
        self.assertDelivered(self.get(part1, Range="bytes=0-99"),
                             PART1[:100], 206)
        self.assertDelivered(self.get(part1, Range="bytes=0-99"),
                             PART1[:100], 206)

    # ----- viewer limit ------------------------------------------------------

    def test_max_clients(self):
        first = self.entries("/limited.isx", count=1)
        self.entries("/limited.isx", count=1)
        resp = self.assertStatus(self.get("/limited.isx"), 503)
        retry = resp.header("Retry-After")
        self.assertIsNotNone(retry, f"503 without Retry-After:\n{resp}")
        self.assertTrue(retry.isdigit() and int(retry) > 0,
                        f"Retry-After is not a positive number:\n{resp}")
        self.assertIn(b"2", resp.body)
        # The sessions admitted keep working, and so do other playlists.
        self.deliver(first[0], SHORT)
        self.entries("/walk.isx", count=3)

    def test_head_takes_no_viewer_place(self):
        for _ in range(3):
            self.assertStatus(self.head("/limited-head.isx"), 200)
        self.entries("/limited-head.isx", count=1)
        self.entries("/limited-head.isx", count=1)
        self.assertStatus(self.get("/limited-head.isx"), 503)

    # ----- session expiry ----------------------------------------------------

    def test_session_ends_after_inactivity(self):
        (entry,) = self.entries("/brief.isx", count=1)
        self.deliver(entry, SHORT)
        time.sleep(2.5)
        self.assertRefused(self.get(entry), "session has ended")

    # ----- tokens ------------------------------------------------------------

    def test_forged_token(self):
        ad, _, _ = self.entries(count=3)
        token = ad[len("/_/e/"):]
        key_id, session, entry, expires, mac = token.split(".")
        at = len(mac) // 2
        flipped = mac[:at] + ("A" if mac[at] != "A" else "B") + mac[at + 1:]
        other_session = ("0" if session[0] != "0" else "1") + session[1:]
        forgeries = {
            "mac": f"{key_id}.{session}.{entry}.{expires}.{flipped}",
            "session": f"{key_id}.{other_session}.{entry}.{expires}.{mac}",
            "entry": f"{key_id}.{session}.1.{expires}.{mac}",
            "expiry": f"{key_id}.{session}.{entry}.{int(expires) + 3600}.{mac}",
        }
        for what, forged in forgeries.items():
            with self.subTest(forged=what):
                mark = self.server.log_mark()
                self.assertRefused(self.get("/_/e/" + forged), "not valid")
                line = self.server.wait_for_log(["bad signature"], start=mark)
                self.assertIsNotNone(
                    line, "no log line for the forged token:\n"
                    + "\n".join(self.server.log_since(mark)))
                self.assertIn("127.0.0.1", line)
        self.assertRefused(self.get("/_/e/not-a-token"), "not valid")
        self.assertRefused(self.get("/_/e/"), "not valid")
        # The server keeps serving, the real link included.
        self.deliver(ad, AD)
        self.entries(count=3)

    def test_expired_token(self):
        ad, _, _ = self.entries(count=3)
        session = ad[len("/_/e/"):].split(".")[1]
        now = int(time.time())
        # A token signed here with the configured key is accepted...
        self.deliver("/_/e/" + sign(session, 0, now + 600), AD)
        # ...unless it has expired.
        mark = self.server.log_mark()
        self.assertRefused(self.get("/_/e/" + sign(session, 0, now - 5)),
                           "expired")
        self.assertIsNotNone(
            self.server.wait_for_log(["expired"], start=mark),
            "no log line for the expired token:\n"
            + "\n".join(self.server.log_since(mark)))
        # A key the server does not have.
        self.assertRefused(
            self.get("/_/e/" + sign(session, 0, now + 600, key_id="k9")),
            "not valid")
        # An entry index beyond the session.
        self.assertRefused(self.get("/_/e/" + sign(session, 7, now + 600)),
                           "no such entry")
        # A well-signed token of a session that never existed.
        self.assertRefused(self.get("/_/e/" + sign("ab" * 16, 0, now + 600)),
                           "session has ended")

    # ----- nesting and remote entries ----------------------------------------

    def test_nested_playlist_entries_in_order(self):
        resp, paths = self.open_session("/nest.isx")
        expected = [FIRST, INNER_A, INNER_B, DEEP, LAST]
        self.assertEqual(len(paths), len(expected), f"GET /nest.isx:\n{resp}")
        for index, (path, data) in enumerate(zip(paths, expected)):
            with self.subTest(entry=index + 1):
                self.deliver(path, data)
        titles = xml_texts(resp.body, "entry", "title")
        self.assertEqual(titles,
                         ["First", "Inner A", "Inner B", "Deep", "Last"])
        # The playlist's own head, not the nested one's.
        self.assertEqual(xml_texts(resp.body, "asx", "title"), ["Nesting"])
        mp3 = self.get(paths[2])
        self.assertEqual(mp3.header("Content-Type"), "audio/mpeg")

    def test_remote_entries(self):
        mark = self.server.log_mark()
        resp, paths = self.open_session("/remote.isx")
        self.assertEqual(xml_texts(resp.body, "entry", "title"),
                         ["Picked", "Away", "Tail"], f"GET /remote.isx:\n{resp}")
        self.assertEqual(len(paths), 3)
        self.assertIn("/pick?slot=local", self.picker.paths)
        self.assertIn("/pick?slot=url", self.picker.paths)
        # The entry whose lookup fails (closed port) is skipped and logged.
        line = self.server.wait_for_log([f":{self.closed_port}/pick"],
                                        start=mark)
        self.assertIsNotNone(line, "no log line for the skipped remote entry:\n"
                             + "\n".join(self.server.log_since(mark)))
        self.assertIn("skipped", line)
        picked, away, tail = paths
        # Answered with a path of this site: delivered like a local entry.
        self.deliver(picked, PICKED)
        # Answered with a URL elsewhere: a redirect.
        moved = self.assertStatus(self.get(away), 302)
        self.assertEqual(moved.header("Location"), self.picker.away_url())
        self.deliver(tail, TAIL)

    # ----- formats -----------------------------------------------------------

    def test_formats(self):
        for name, (media_type, kind) in FORMATS.items():
            with self.subTest(format=name):
                resp, paths = self.open_session("/walk.isx", name)
                self.assertEqual(media_type_of(resp), media_type, str(resp))
                self.assertEqual(len(paths), 3,
                                 f"entry links in format {name}:\n{resp}")
                text = resp.body.decode("utf-8")
                if kind == "xml":
                    minidom.parseString(resp.body)
                    self.assertWellFormedByXmllint(resp.body, name)
                elif kind == "json":
                    json.loads(text)
                else:
                    self.assertTrue(text.startswith("#EXTM3U\n"), str(resp))
                self.assertIn("Part 1", text)
                self.assertEqual(resp.header("Cache-Control"), "no-store")
                # The links work whatever the format.
                self.deliver(paths[0], AD)

    def assertWellFormedByXmllint(self, body, name):
        result = subprocess.run(["xmllint", "--noout", "--nonet", "-"], input=body,
                                capture_output=True, timeout=20)
        self.assertEqual(result.returncode, 0,
                         f"xmllint refuses format {name}: {result.stderr!r}")

    def test_default_format_is_asx(self):
        resp, paths = self.open_session("/walk.isx")
        self.assertEqual(media_type_of(resp), "video/x-ms-asf")
        root = minidom.parseString(resp.body).documentElement
        self.assertEqual(root.tagName.lower(), "asx")
        self.assertEqual(len(paths), 3)

    def test_unknown_format(self):
        resp = self.assertStatus(self.get("/walk.isx?format=nope"), 404)
        text = resp.body.decode("utf-8", "replace")
        self.assertIn("nope", text)
        for name in FORMATS:
            self.assertIn(name, text, f"404 does not list {name}:\n{resp}")
        # A '%' without two hex digits is text: an unknown format, not a server error.
        resp = self.assertStatus(self.get("/walk.isx?format=%zz"), 404)
        self.assertIn('"%zz"', resp.body.decode("utf-8", "replace"))

    def test_percent_encoded_format(self):
        for query, media_type in [("format=%78spf", "application/xspf+xml"),
                                  ("format=%6A%73%6F%6E", "application/json"),
                                  ("%66ormat=m3u", "audio/x-mpegurl")]:
            with self.subTest(query=query):
                resp = self.assertStatus(self.get("/walk.isx?" + query), 200)
                self.assertEqual(media_type_of(resp), media_type, str(resp))

    def test_unknown_playlist(self):
        self.assertStatus(self.get("/missing.isx"), 404)

    # ----- HEAD --------------------------------------------------------------

    def test_head_parity_on_playlist(self):
        for fmt in ("asx", "json"):
            with self.subTest(format=fmt):
                get = self.assertStatus(self.get(f"/walk.isx?format={fmt}"),
                                        200)
                head = self.assertStatus(
                    self.head(f"/walk.isx?format={fmt}"), 200)
                self.assertEqual(head.body, b"")
                self.assertEqual(head.header_items(), get.header_items())

    def test_head_parity_on_entry(self):
        ad, part1, _ = self.entries(count=3)
        # Refused: same status and headers.
        get = self.get(part1)
        self.assertRefused(get)
        head = self.assertStatus(self.head(part1), 403)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header_items(), get.header_items())
        # Allowed, whole and ranged.
        for headers in ({}, {"Range": "bytes=0-99"}):
            with self.subTest(headers=headers):
                head = self.head(ad, **headers)
                get = self.get(ad, **headers)
                self.assertEqual(head.status, get.status, f"{head}\n{get}")
                self.assertIn(get.status, (200, 206))
                self.assertEqual(head.body, b"")
                self.assertEqual(head.header_items(), get.header_items())


def entry_paths(body):
    """The /_/e/<token> paths of a rendered playlist, first occurrences in
    document order."""
    seen = []
    for match in ENTRY_RE.finditer(body.decode("utf-8", "replace")):
        path = "/_/e/" + match.group(1)
        if path not in seen:
            seen.append(path)
    return seen


def xml_texts(body, parent, child):
    """Texts of <child> elements directly under each <parent> (ASX)."""
    doc = minidom.parseString(body)
    out = []
    for p in doc.getElementsByTagName(parent):
        for c in p.childNodes:
            if c.nodeType == c.ELEMENT_NODE and c.tagName == child:
                out.append("".join(t.data for t in c.childNodes
                                   if t.nodeType == t.TEXT_NODE).strip())
    return out


def media_type_of(resp):
    return (resp.header("Content-Type") or "").split(";")[0].strip().lower()


if __name__ == "__main__":
    unittest.main()
