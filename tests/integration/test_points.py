"""Publishing points over HTTP: an ondemand folder, the states an operator
changes through the admin API (kept across reloads), 503 + Retry-After for a
point that is not started, rollover to another point (served) or to a URL
(redirected), denied extensions, the admin API's figures, config errors."""

import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

SEGMENT = bytes(range(256)) * 64       # 16 KiB, served from the folders
BACKUP_SEGMENT = b"backup " * 1000


def streaming(*points):
    return ('<streaming xmlns="urn:interlude:streaming:1">'
            + "".join(points) + "</streaming>")


def point(name, prefix, kind, children="", **attrs):
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    head = f'<point name="{name}" prefix="{prefix}" kind="{kind}"{attributes}'
    return head + (f">{children}</point>" if children else "/>")


def ondemand_points(extra=""):
    return streaming(
        point("vod", "/vod/", "ondemand", folder="media"),
        point("backup", "/backup/", "ondemand", folder="backup"),
        point("main", "/main/", "ondemand", folder="media", state="stopped",
              rollover="backup"),
        point("moved", "/moved/", "ondemand", folder="media", state="stopped",
              rollover="http://127.0.0.1:9/elsewhere/"),
        point("closed", "/closed/", "ondemand", folder="media", state="stopped",
              retryAfterSeconds="7"),
        extra)


POINT_PLAYLIST = """<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">
  <body>
    <video src="point:vod/hls/index.m3u8" title="Live"/>
    <video src="point:nowhere/x.m3u8" title="No such point"/>
    <video src="point:backup/hls/seg1.ts" title="Backup"/>
  </body>
</smil>
"""


def fill_folders(ws):
    ws.write("media/hls/seg1.ts", SEGMENT)
    ws.write("media/hls/index.m3u8", "#EXTM3U\n#EXTINF:2,\nseg1.ts\n")
    ws.write("media/movie.ismv", b"fragmented mp4")
    ws.write("backup/hls/seg1.ts", BACKUP_SEGMENT)
    ws.write_site("index.html", "site root")
    ws.write_site("tv.isx", POINT_PLAYLIST)


class OnDemandPointsTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        fill_folders(ws)
        return harness.Config(sites=[harness.Site(sections=[ondemand_points()])])

    def api(self, method, path):
        resp = self.server.admin_request(method, path)
        self.assertStatus(resp, 200)
        return resp.json()

    def test_an_ondemand_point_serves_its_folder(self):
        resp = self.assertStatus(self.server.get("/vod/hls/seg1.ts"), 200)
        self.assertEqual(resp.body, SEGMENT)
        self.assertEqual(resp.header("Content-Type"), "video/mp2t")
        self.assertIsNotNone(resp.header("ETag"))
        playlist = self.assertStatus(self.server.get("/vod/hls/index.m3u8"), 200)
        self.assertEqual(playlist.header("Content-Type"), "application/vnd.apple.mpegurl")

    def test_ranges_and_head_work_as_for_static_files(self):
        resp = self.assertStatus(
            self.server.get("/vod/hls/seg1.ts", {"Range": "bytes=10-19"}), 206)
        self.assertEqual(resp.body, SEGMENT[10:20])
        head = self.assertStatus(self.server.request("HEAD", "/vod/hls/seg1.ts"), 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Length"), str(len(SEGMENT)))

    def test_the_folder_confines_requests(self):
        self.assertStatus(self.server.get("/vod/hls/missing.ts"), 404)
        # The site root is not reachable through the point, nor the config.
        self.assertStatus(self.server.get("/vod/../config.xml"), 400, 404)
        self.assertStatus(self.server.get("/vod/index.html"), 404)

    def test_a_folder_without_its_slash_redirects_within_the_point(self):
        resp = self.assertStatus(self.server.get("/vod/hls?x=1"), 301)
        self.assertEqual(resp.header("Location"), "/vod/hls/?x=1")

    def test_other_paths_are_the_site_files(self):
        resp = self.assertStatus(self.server.get("/index.html"), 200)
        self.assertEqual(resp.body, b"site root")

    def test_denied_extensions_are_refused(self):
        resp = self.assertStatus(self.server.get("/vod/movie.ismv"), 403)
        self.assertIn(b"direct download of .ismv files is denied", resp.body)

    def test_a_stopped_point_without_rollover_is_503_with_retry_after(self):
        resp = self.assertStatus(self.server.get("/closed/hls/seg1.ts"), 503)
        self.assertEqual(resp.header("Retry-After"), "7")
        self.assertIn(b"point closed is stopped", resp.body)

    def test_rollover_to_a_point_serves_that_point(self):
        resp = self.assertStatus(self.server.get("/main/hls/seg1.ts"), 200)
        self.assertEqual(resp.body, BACKUP_SEGMENT)

    def test_rollover_to_a_url_redirects_with_the_rest_of_the_path(self):
        resp = self.assertStatus(self.server.get("/moved/hls/seg%201.ts?x=1"), 302)
        self.assertEqual(resp.header("Location"),
                         "http://127.0.0.1:9/elsewhere/hls/seg%201.ts?x=1")

    def test_admin_lists_points_with_state_and_figures(self):
        self.assertStatus(self.server.get("/vod/hls/seg1.ts"), 200)
        listing = self.api("GET", "/api/points")
        by_name = {p["name"]: p for p in listing["points"]}
        self.assertEqual(set(by_name), {"vod", "backup", "main", "moved", "closed"})
        vod = by_name["vod"]
        self.assertEqual((vod["kind"], vod["prefix"], vod["state"]),
                         ("ondemand", "/vod/", "started"))
        self.assertGreaterEqual(vod["requests"], 1)
        self.assertGreaterEqual(vod["bytesOut"], len(SEGMENT))
        self.assertEqual(vod["clients"], 0)
        self.assertEqual(by_name["main"]["state"], "stopped")
        self.assertEqual(by_name["main"]["rollover"], "backup")
        one = self.api("GET", "/api/points/vod")
        self.assertEqual(one["name"], "vod")
        self.assertStatus(self.server.admin_request("GET", "/api/points/nope"), 404)
        self.assertStatus(self.server.admin_request("GET", "/api/points", token=None), 401)

    def test_start_and_stop_through_the_admin_api(self):
        self.assertStatus(self.server.get("/closed/hls/seg1.ts"), 503)
        self.assertEqual(self.api("POST", "/api/points/closed/start")["state"], "started")
        try:
            resp = self.assertStatus(self.server.get("/closed/hls/seg1.ts"), 200)
            self.assertEqual(resp.body, SEGMENT)
        finally:
            self.assertEqual(self.api("POST", "/api/points/closed/stop")["state"], "stopped")
        self.assertStatus(self.server.get("/closed/hls/seg1.ts"), 503)
        self.assertStatus(self.server.admin_request("GET", "/api/points/closed/stop"), 405)

    def test_playlist_entries_naming_a_point_lead_to_it(self):
        mark = self.server.log_mark()
        m3u = self.assertStatus(self.server.get("/tv.isx?format=m3u"), 200).body.decode()
        links = [line for line in m3u.splitlines() if line.startswith("http")]
        self.assertEqual(len(links), 2, m3u)  # the entry naming no point is dropped
        warning = self.server.wait_for_log(
            ['entry point:nowhere/x.m3u8 skipped: no point "nowhere" in site main'], start=mark)
        self.assertIsNotNone(warning)
        self.assertRegex(warning, r"tv\.isx:5:\d+: ")
        path = links[0].split(f":{self.server.port}", 1)[1]
        first = self.assertStatus(self.server.get(path), 302)
        self.assertEqual(first.header("Location"), "/vod/hls/index.m3u8")
        playlist = self.assertStatus(self.server.get(first.header("Location")), 200)
        self.assertTrue(playlist.body.startswith(b"#EXTM3U"))
        second = self.assertStatus(
            self.server.get(links[1].split(f":{self.server.port}", 1)[1]), 302)
        self.assertEqual(second.header("Location"), "/backup/hls/seg1.ts")
        asx = self.assertStatus(self.server.get("/tv.isx"), 200).body.decode()
        self.assertEqual(asx.count("<ref "), 2, asx)

    def test_metrics_count_per_point(self):
        self.assertStatus(self.server.get("/closed/x.ts"), 503)
        metrics = self.server.metrics()
        self.assertGreaterEqual(harness.metric_value(
            metrics, 'interlude_point_unavailable_total{point="closed"}'), 1)
        self.assertIsNotNone(harness.metric_value(
            metrics, 'interlude_point_requests_total{point="vod"}'))


class PointStateAcrossReloadTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        fill_folders(ws)
        return harness.Config(sites=[harness.Site(sections=[ondemand_points()])])

    def test_a_reload_keeps_the_state_the_admin_api_gave(self):
        self.assertStatus(self.server.admin_request("POST", "/api/points/vod/stop"), 200)
        self.assertStatus(self.server.get("/vod/hls/seg1.ts"), 503)
        # The reloaded config adds a point; vod stays stopped although its
        # config says started, and the new point starts as its config says.
        self.server.config.sites[0].sections = [ondemand_points(
            point("extra", "/extra/", "ondemand", folder="backup"))]
        self.ws.write_config(self.server.config)
        self.assertStatus(self.server.reload(), 200)
        self.assertStatus(self.server.get("/vod/hls/seg1.ts"), 503)
        resp = self.assertStatus(self.server.get("/extra/hls/seg1.ts"), 200)
        self.assertEqual(resp.body, BACKUP_SEGMENT)
        self.assertStatus(self.server.admin_request("POST", "/api/points/vod/start"), 200)
        self.assertStatus(self.server.get("/vod/hls/seg1.ts"), 200)

    def test_a_bad_reload_is_refused_with_its_position(self):
        good = self.server.config.sites[0].sections
        self.server.config.sites[0].sections = [streaming(
            point("a", "/a/", "origin"))]
        self.ws.write_config(self.server.config)
        try:
            resp = self.assertStatus(self.server.reload(), 422)
            self.assertIn(b"an origin point needs at least one <upstream", resp.body)
            self.assertStatus(self.server.get("/backup/hls/seg1.ts"), 200)
        finally:
            self.server.config.sites[0].sections = good
            self.ws.write_config(self.server.config)
            self.assertStatus(self.server.reload(), 200)


def sample_ladder():
    """The sample site's HLS ladder (samples/make-media.sh writes it; `make
    build` runs it), made now if it is missing."""
    samples = os.path.join(harness.require_env("INTERLUDE_SOURCE_DIR"), "samples")
    ladder = os.path.join(samples, "site", "media", "hls")
    if not os.path.exists(os.path.join(ladder, "master.m3u8")):
        subprocess.run([os.path.join(samples, "make-media.sh")], check=True, timeout=300)
    return ladder


class OriginThroughItselfTest(harness.ServerTestCase):
    """The sample site's path: an ondemand point with the HLS ladder, an origin
    point proxying it through the server itself, a stopped point rolling over
    to the origin point, and a multicast point's SDP."""

    @classmethod
    def configure(cls, ws):
        cls.port = harness.free_port()
        cls.server_options = {"listen": [f"127.0.0.1:{cls.port}"]}
        upstream = f'<upstream url="http://127.0.0.1:{cls.port}/vod/"/>'
        ws.write_site("news.isx", POINT_PLAYLIST.replace("point:vod/hls/index.m3u8", "point:mc"))
        return harness.Config(sites=[harness.Site(sections=[streaming(
            point("vod", "/vod/", "ondemand", folder=sample_ladder()),
            point("tv", "/tv/", "origin", upstream, maxBitrateKbps="1600"),
            point("main", "/main/", "ondemand", folder=sample_ladder(), state="stopped",
                  rollover="tv"),
            point("mc", "/mc/", "multicast", state="stopped", group="239.255.0.7:5004",
                  ttl="4"),
            point("nojoin", "/nojoin/", "multicast", state="stopped",
                  group="239.255.0.8:5004", interface="no-such-if0"))])])

    def test_ffprobe_reads_the_ladder_through_the_origin_point(self):
        url = f"http://127.0.0.1:{self.port}/tv/master.m3u8"
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type",
             "-of", "csv=p=0", url], capture_output=True, text=True, timeout=60)
        self.assertEqual(probe.returncode, 0, probe.stderr)
        self.assertIn("video", probe.stdout.split())
        self.assertIn("audio", probe.stdout.split())

    def test_the_origin_point_filters_what_the_ondemand_point_serves(self):
        direct = self.assertStatus(self.server.get("/vod/master.m3u8"), 200).body.decode()
        proxied = self.assertStatus(self.server.get("/tv/master.m3u8"), 200).body.decode()
        self.assertIn("v2500/index.m3u8", direct)
        self.assertNotIn("v2500", proxied)
        self.assertIn("v1000/index.m3u8", proxied)
        segment = self.assertStatus(self.server.get("/tv/v400/seg000.ts"), 200)
        with open(os.path.join(sample_ladder(), "v400", "seg000.ts"), "rb") as f:
            self.assertEqual(segment.body, f.read())

    def test_rollover_to_an_origin_point_proxies_there(self):
        resp = self.assertStatus(self.server.get("/main/master.m3u8"), 200)
        self.assertNotIn(b"v2500", resp.body)

    def test_admin_shows_upstream_health_and_bytes(self):
        self.assertStatus(self.server.get("/tv/v400/index.m3u8"), 200)
        tv = self.server.admin_request("GET", "/api/points/tv").json()
        self.assertEqual(tv["state"], "started")
        self.assertEqual(len(tv["upstreams"]), 1)
        self.assertEqual(tv["upstreams"][0]["url"], f"http://127.0.0.1:{self.port}/vod/")
        self.assertTrue(tv["upstreams"][0]["up"])
        self.assertGreater(tv["bytesIn"], 0)
        self.assertGreater(tv["bytesOut"], 0)
        self.assertIn("hitRatio", tv["cache"])

    def test_a_multicast_point_announces_itself_in_sdp(self):
        resp = self.assertStatus(self.server.get("/_/points/mc.sdp"), 200)
        self.assertEqual(resp.header("Content-Type"), "application/sdp")
        sdp = resp.body.decode()
        self.assertTrue(sdp.startswith("v=0\r\n"), sdp)
        self.assertIn("c=IN IP4 239.255.0.7/4", sdp)
        self.assertIn("m=video 5004 ", sdp)
        self.assertStatus(self.server.get("/_/points/vod.sdp"), 404)
        self.assertStatus(self.server.get("/_/points/nope.sdp"), 404)
        mc = self.server.admin_request("GET", "/api/points/mc").json()
        self.assertEqual((mc["state"], mc["group"]), ("stopped", "239.255.0.7:5004"))
        self.assertStatus(self.server.get("/mc/"), 503)

    def test_a_multicast_entry_lists_the_group_first_then_the_unicast_link(self):
        asx = self.assertStatus(self.server.get("/news.isx"), 200).body.decode()
        first_entry = asx.split("<entry", 2)[1]
        refs = re.findall(r'<ref href="([^"]+)"', first_entry)
        self.assertEqual(len(refs), 2, asx)
        self.assertEqual(refs[0], "udp://@239.255.0.7:5004")
        self.assertIn("/_/e/", refs[1])
        m3u = self.assertStatus(self.server.get("/news.isx?format=m3u"), 200).body.decode()
        links = [line for line in m3u.splitlines() if not line.startswith("#")]
        self.assertNotIn("udp://", m3u)
        unicast = self.assertStatus(self.server.get(links[0].split(f":{self.port}", 1)[1]), 302)
        self.assertEqual(unicast.header("Location"), "/mc/")
        xspf = self.assertStatus(self.server.get("/news.isx?format=xspf"), 200).body.decode()
        self.assertNotIn("udp://", xspf)

    def test_a_point_whose_source_cannot_start_stays_stopped(self):
        mark = self.server.log_mark()
        resp = self.assertStatus(self.server.admin_request("POST", "/api/points/nojoin/start"), 502)
        self.assertIn(b"point nojoin cannot start", resp.body)
        self.assertIn(b"no-such-if0", resp.body)
        self.assertIsNotNone(self.server.wait_for_log(["point nojoin cannot start: "], start=mark))
        state = self.server.admin_request("GET", "/api/points/nojoin").json()["state"]
        self.assertEqual(state, "stopped")
        self.assertStatus(self.server.get("/nojoin/"), 503)


class PointConfigErrorTest(unittest.TestCase):

    def test_a_point_that_cannot_start_at_startup_leaves_the_server_serving(self):
        config = harness.Config(sites=[harness.Site(sections=[streaming(
            point("mc", "/mc/", "multicast", group="239.255.0.9:5004",
                  interface="no-such-if0"))])])
        with harness.Server(config) as server:
            self.assertIsNotNone(server.wait_for_log(["point mc cannot start: "]))
            state = server.admin_request("GET", "/api/points/mc").json()["state"]
            self.assertEqual(state, "stopped")
            self.assertEqual(server.get("/mc/").status, 503)

    def test_startup_refuses_a_point_with_a_missing_folder(self):
        ws = harness.Workspace()
        try:
            config = harness.Config(sites=[harness.Site(sections=[streaming(
                point("vod", "/vod/", "ondemand", folder="nowhere"))])])
            ws.write_config(config)
            result = harness.serve_expecting_exit(ws.config_path)
            self.assertNotEqual(result.returncode, 0, str(result))
            line = harness.line_of(config.to_xml(), 'name="vod"')
            self.assertRegex(result.output,
                             rf"config\.xml:{line}:\d+: folder: .*nowhere is not a folder")
        finally:
            ws.cleanup()


if __name__ == "__main__":
    unittest.main()
