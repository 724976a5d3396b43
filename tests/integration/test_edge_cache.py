"""The edge cache and the manifest filters of an `origin` point, against an
upstream of the test's own (a Python HTTP server on loopback that counts the
requests it gets per path): a miss then a hit, concurrent misses collapsed
into one upstream fetch, what the upstream marks not cacheable fetched every
time, a live manifest never served beyond its max-age, and the bitrate filter
on a Smooth Streaming manifest and on the HLS and DASH aliases of a Smooth
origin."""

import collections
import http.server
import os
import sys
import threading
import time
import unittest
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

SEGMENT = bytes(range(256)) * 256      # 64 KiB
CONCURRENT = 6
RELEASE_TIMEOUT = 10.0

SMOOTH = """<?xml version="1.0" encoding="utf-8"?>
<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="60000000" TimeScale="10000000">
  <StreamIndex Type="video" Name="video" Chunks="1" QualityLevels="4" MaxWidth="1280" MaxHeight="720" Url="QualityLevels({bitrate})/Fragments(video={start time})">
    <QualityLevel Index="0" Bitrate="3000000" FourCC="AVC1" MaxWidth="1280" MaxHeight="720"/>
    <QualityLevel Index="1" Bitrate="1600000" FourCC="AVC1" MaxWidth="960" MaxHeight="540"/>
    <QualityLevel Index="2" Bitrate="800000" FourCC="AVC1" MaxWidth="640" MaxHeight="360"/>
    <QualityLevel Index="3" Bitrate="400000" FourCC="AVC1" MaxWidth="416" MaxHeight="234"/>
    <c t="0" d="20000000"/>
  </StreamIndex>
  <StreamIndex Type="audio" Name="audio" Chunks="1" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(audio={start time})">
    <QualityLevel Index="0" Bitrate="128000" FourCC="AACL" SamplingRate="48000" Channels="2"/>
    <c t="0" d="20000000"/>
  </StreamIndex>
</SmoothStreamingMedia>
"""

# What a Smooth origin answers for Manifest(format=m3u8-aapl): an HLS master.
SMOOTH_AS_HLS = """#EXTM3U
#EXT-X-VERSION:4
#EXT-X-STREAM-INF:BANDWIDTH=528000,RESOLUTION=416x234
QualityLevels(400000)/Manifest(video,format=m3u8-aapl)
#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360
QualityLevels(800000)/Manifest(video,format=m3u8-aapl)
#EXT-X-STREAM-INF:BANDWIDTH=1728000,RESOLUTION=960x540
QualityLevels(1600000)/Manifest(video,format=m3u8-aapl)
#EXT-X-STREAM-INF:BANDWIDTH=3128000,RESOLUTION=1280x720
QualityLevels(3000000)/Manifest(video,format=m3u8-aapl)
"""

# What it answers for Manifest(format=mpd-time-csf): a DASH MPD.
SMOOTH_AS_DASH = """<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT6S">
  <Period>
    <AdaptationSet contentType="video" maxBandwidth="3000000" maxWidth="1280" maxHeight="720">
      <Representation id="v3000" bandwidth="3000000" width="1280" height="720"/>
      <Representation id="v1600" bandwidth="1600000" width="960" height="540"/>
      <Representation id="v800" bandwidth="800000" width="640" height="360"/>
      <Representation id="v400" bandwidth="400000" width="416" height="234"/>
    </AdaptationSet>
  </Period>
</MPD>
"""


class CountingUpstream:
    """An origin on 127.0.0.1 that counts requests per path. /slow/... answers
    only once the test calls release() (bounded by RELEASE_TIMEOUT)."""

    def __init__(self):
        self.counts = collections.Counter()
        self.lock = threading.Lock()
        self.released = threading.Event()
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with upstream.lock:
                    upstream.counts[self.path] += 1
                status, headers, body = upstream.answer(self.path)
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, path):
        cacheable = [("Content-Type", "video/mp2t"), ("Cache-Control", "max-age=60")]
        if path.startswith("/media/slow/"):
            self.released.wait(RELEASE_TIMEOUT)
            return 200, cacheable, SEGMENT
        if path.startswith("/media/seg/"):
            return 200, cacheable, SEGMENT
        if path.startswith("/media/private/"):
            return 200, [("Content-Type", "video/mp2t"),
                         ("Cache-Control", "private, max-age=60")], SEGMENT
        if path == "/media/live/index.m3u8":
            # A live playlist good for two more seconds (max-age 3, Age 1).
            body = f"#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:{self.count(path)}\n#EXTINF:2,\nseg.ts\n"
            return 200, [("Content-Type", "application/vnd.apple.mpegurl"),
                         ("Cache-Control", "max-age=3"), ("Age", "1")], body.encode()
        if path == "/media/a.ism/Manifest":
            return 200, [("Content-Type", "text/xml")], SMOOTH.encode()
        if path == "/media/a.ism/Manifest(format=m3u8-aapl)":
            return 200, [("Content-Type", "application/vnd.apple.mpegurl")], \
                SMOOTH_AS_HLS.encode()
        if path == "/media/a.ism/Manifest(format=mpd-time-csf)":
            return 200, [("Content-Type", "application/dash+xml")], SMOOTH_AS_DASH.encode()
        return 404, [("Content-Type", "text/plain")], b"not here\n"

    def count(self, path):
        with self.lock:
            return self.counts[path]

    def release(self):
        self.released.set()

    def close(self):
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def origin_point(name, prefix, upstream_port, children="", **attrs):
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return (f'<point name="{name}" prefix="{prefix}" kind="origin"{attributes}>'
            f'<upstream url="http://127.0.0.1:{upstream_port}/media/"/>{children}</point>')


class EdgeCacheTest(harness.ServerTestCase):

    upstream = None

    @classmethod
    def configure(cls, ws):
        cls.upstream = CountingUpstream()
        points = ('<streaming xmlns="urn:interlude:streaming:1">'
                  + origin_point("edge", "/edge/", cls.upstream.port,
                                 '<cache folder="edge-cache" maxMiB="16"/>')
                  + origin_point("lean", "/lean/", cls.upstream.port,
                                 maxBitrateKbps="1000")
                  + "</streaming>")
        # Waiting requests hold workers: leave enough for the leader and /metrics.
        return harness.Config(workers=CONCURRENT + 8,
                              sites=[harness.Site(sections=[points])])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        if cls.upstream is not None:
            cls.upstream.close()
            cls.upstream = None

    def metric(self, name):
        return harness.metric_value(self.server.metrics(), f'{name}{{point="edge"}}') or 0

    def test_a_miss_is_fetched_once_then_hits(self):
        first = self.assertStatus(self.server.get("/edge/seg/1.ts"), 200)
        self.assertEqual(first.body, SEGMENT)
        self.assertEqual(first.header("X-Cache"), "MISS")
        hits_before = self.metric("interlude_streaming_cache_hits_total")

        second = self.assertStatus(self.server.get("/edge/seg/1.ts"), 200)
        self.assertEqual(second.body, SEGMENT)
        self.assertEqual(second.header("X-Cache"), "HIT")
        self.assertEqual(second.header("Content-Type"), "video/mp2t")
        self.assertEqual(second.header("Content-Length"), str(len(SEGMENT)))
        self.assertIsNotNone(second.header("Age"))
        head = self.assertStatus(self.server.request("HEAD", "/edge/seg/1.ts"), 200)
        self.assertEqual(head.header("X-Cache"), "HIT")
        self.assertEqual(head.body, b"")
        self.assertEqual(self.upstream.count("/media/seg/1.ts"), 1)
        self.assertEqual(self.metric("interlude_streaming_cache_hits_total"), hits_before + 2)
        # The entry is on disk under the configured folder.
        entries = [f for _, _, files in os.walk(self.ws.path("edge-cache")) for f in files]
        self.assertTrue(entries, "no entry file in the cache folder")

    def test_concurrent_misses_make_one_upstream_fetch(self):
        misses_before = self.metric("interlude_streaming_cache_misses_total")
        collapsed_before = self.metric("interlude_streaming_cache_collapsed_total")
        with ThreadPoolExecutor(CONCURRENT) as pool:
            # One at a time, each once the one before has missed (the first leads and
            # holds, the others wait for it): all are in flight together when the
            # upstream answers the one fetch it got. Requests that arrive together
            # may reach one server worker, which serves them in turn (core's
            # HttpService takes up to 4 ready connections per epoll_wait), so
            # neither a burst nor a /metrics poll on the heels of a GET.
            futures = []
            waiting = True
            for started in range(1, CONCURRENT + 1):
                futures.append(pool.submit(self.server.get, "/edge/slow/seg.ts"))
                time.sleep(0.05)
                waiting = waiting and harness.wait_until(
                    lambda: self.metric("interlude_streaming_cache_misses_total")
                    >= misses_before + started)
            self.upstream.release()
            responses = [f.result(timeout=RELEASE_TIMEOUT + 5) for f in futures]
        self.assertTrue(waiting, "the requests did not all reach the cache")
        for resp in responses:
            self.assertStatus(resp, 200)
            self.assertEqual(resp.body, SEGMENT)
        self.assertEqual(self.upstream.count("/media/slow/seg.ts"), 1)
        self.assertEqual(sorted(r.header("X-Cache") for r in responses),
                         ["HIT"] * (CONCURRENT - 1) + ["MISS"])
        self.assertEqual(self.metric("interlude_streaming_cache_collapsed_total"),
                         collapsed_before + CONCURRENT - 1)

    def test_what_the_upstream_keeps_private_is_fetched_every_time(self):
        for _ in range(3):
            resp = self.assertStatus(self.server.get("/edge/private/seg.ts"), 200)
            self.assertEqual(resp.body, SEGMENT)
            self.assertEqual(resp.header("X-Cache"), "MISS")
        self.assertEqual(self.upstream.count("/media/private/seg.ts"), 3)

    def test_a_live_manifest_is_not_served_beyond_its_max_age(self):
        first = self.assertStatus(self.server.get("/edge/live/index.m3u8"), 200)
        second = self.assertStatus(self.server.get("/edge/live/index.m3u8"), 200)
        fetched_at = time.monotonic()
        self.assertEqual(second.header("X-Cache"), "HIT")
        self.assertEqual(second.body, first.body)
        self.assertEqual(self.upstream.count("/media/live/index.m3u8"), 1)
        # max-age 3 with an Age of 1: fresh for more than one second after
        # it was stored (the second request), stale within two.
        time.sleep(max(0.0, 2.05 - (time.monotonic() - fetched_at)))
        third = self.assertStatus(self.server.get("/edge/live/index.m3u8"), 200)
        self.assertEqual(third.header("X-Cache"), "MISS")
        self.assertIn(b"#EXT-X-MEDIA-SEQUENCE:1\n", first.body)
        self.assertIn(b"#EXT-X-MEDIA-SEQUENCE:2\n", third.body)
        self.assertEqual(self.upstream.count("/media/live/index.m3u8"), 2)

    def test_the_bitrate_filter_on_a_smooth_manifest(self):
        resp = self.assertStatus(self.server.get("/edge/a.ism/Manifest"), 200)
        root = ET.fromstring(resp.body)
        video, audio = root.findall("StreamIndex")
        levels = video.findall("QualityLevel")
        self.assertEqual([int(q.get("Bitrate")) for q in levels], [1600000, 800000, 400000])
        self.assertEqual([q.get("Index") for q in levels], ["0", "1", "2"])
        self.assertEqual(video.get("QualityLevels"), "3")
        self.assertEqual((video.get("MaxWidth"), video.get("MaxHeight")), ("960", "540"))
        self.assertEqual([q.get("Bitrate") for q in audio.findall("QualityLevel")], ["128000"])
        self.assertEqual(resp.header("Content-Length"), str(len(resp.body)))

    def test_a_point_with_its_own_bitrate_and_the_aliases_of_a_smooth_origin(self):
        smooth = self.assertStatus(self.server.get("/lean/a.ism/Manifest"), 200)
        bitrates = [int(q.get("Bitrate"))
                    for q in ET.fromstring(smooth.body).iter("QualityLevel")]
        self.assertEqual(bitrates, [800000, 400000, 128000])

        hls = self.assertStatus(
            self.server.get("/lean/a.ism/Manifest(format=m3u8-aapl).m3u8"), 200)
        self.assertEqual(self.upstream.count("/media/a.ism/Manifest(format=m3u8-aapl)"), 1)
        lines = hls.body.decode().splitlines()
        self.assertEqual([line for line in lines if line.startswith("#EXT-X-STREAM-INF")],
                         ["#EXT-X-STREAM-INF:BANDWIDTH=528000,RESOLUTION=416x234",
                          "#EXT-X-STREAM-INF:BANDWIDTH=928000,RESOLUTION=640x360"])
        self.assertIn("/lean/a.ism/QualityLevels(400000)/Manifest(video,format=m3u8-aapl)",
                      lines)

        dash = self.assertStatus(
            self.server.get("/lean/a.ism/Manifest(format=mpd-time-csf).mpd"), 200)
        self.assertEqual(self.upstream.count("/media/a.ism/Manifest(format=mpd-time-csf)"), 1)
        mpd = "{urn:mpeg:dash:schema:mpd:2011}"
        video = ET.fromstring(dash.body).find(f"{mpd}Period/{mpd}AdaptationSet")
        self.assertEqual([r.get("id") for r in video.findall(f"{mpd}Representation")],
                         ["v800", "v400"])
        self.assertEqual((video.get("maxBandwidth"), video.get("maxWidth")), ("800000", "640"))


if __name__ == "__main__":
    unittest.main()
