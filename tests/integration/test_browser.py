"""The dashboard (www/admin) and the demo player (www/player) in a real browser:
Debian's chromium driven by puppeteer-core (tests/browser, installed with npm ci),
against the real binary on loopback. Screenshots go to BUILD_DIR/browser-artifacts/.
"""

import json
import os
import subprocess
import unittest

import harness

SOURCE = os.environ.get("INTERLUDE_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
BROWSER_TESTS = os.path.join(SOURCE, "tests", "browser")
WWW = os.path.join(SOURCE, "www")
FIXTURE_MEDIA = os.path.join(SOURCE, "tests", "fixtures", "media")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
DATA_SIZE = 8 * 1024 * 1024
THROTTLING = ('<throttling xmlns="urn:interlude:throttling:1">'
              '<data match=".bin" fastStartKiB="64" rateKbps="1600"/></throttling>')
# A point the dashboard stops and starts: the site's media folder on demand.
POINT = ('<streaming xmlns="urn:interlude:streaming:1">'
         '<point name="clips" prefix="/clips/" kind="ondemand" folder="site/media"/></streaming>')
# The demo player, as the sample site maps it: /player/ from www/.
PLAYER_HANDLER = (f'<handler prefix="/player/" use="static">'
                  f'<param name="root" value="{WWW}"/></handler>')
SHOW = """<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">
  <head><meta name="title" content="Browser show"/></head>
  <body>
    <ref src="media/ad.webm" i:kind="ad" title="Sponsor" dur="2s">
      <param name="canSeek" value="false"/>
      <param name="canSkipForward" value="false"/>
    </ref>
    <video src="media/one.webm" title="Part one" dur="2s"/>
    <video src="media/two.webm" title="Part two" dur="2s"/>
  </body>
</smil>
"""


LIVE = """<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL">
  <body><ref src="http://127.0.0.1:{port}/hls/index.m3u8" title="Live"/></body>
</smil>
"""


def artifacts_dir(name):
    build = os.environ.get("INTERLUDE_BUILD_DIR") or os.path.join(SOURCE, "build")
    return os.path.join(build, "browser-artifacts", name)


def set_up_browser():
    """puppeteer-core for the tests, hls.js for the player; chromium must be there."""
    if not os.access(CHROMIUM, os.X_OK):
        raise AssertionError(f"{CHROMIUM} not found: scripts/install-deps installs chromium")
    harness.npm_ci(BROWSER_TESTS, "puppeteer-core")
    harness.npm_ci(WWW, "hls.js")


def run_scenario(script, args, timeout=120):
    """Runs tests/browser/SCRIPT with ARGS; its JSON result, or the failure."""
    done = subprocess.run(["node", os.path.join(BROWSER_TESTS, script), json.dumps(args)],
                          capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"{script} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


class BrowserConfig(harness.Config):
    """harness.Config with the dashboard folder on the admin listener."""

    def to_xml(self):
        dashboard = os.path.join(WWW, "admin")
        return super().to_xml().replace("<admin ", f'<admin dashboard="{dashboard}" ', 1)


class BrowserTest(unittest.TestCase):
    site_sections = []

    @classmethod
    def setUpClass(cls):
        set_up_browser()
        cls.ws = harness.Workspace()
        cls.prepare(cls.ws)
        config = BrowserConfig(sites=[harness.Site(sections=cls.site_sections)])
        cls.server = harness.Server(config, cls.ws).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.ws.cleanup()

    @classmethod
    def prepare(cls, ws):
        ws.write_site("show.isx", SHOW)
        with open(os.path.join(FIXTURE_MEDIA, "webm-vp8-opus-2s.webm"), "rb") as f:
            clip = f.read()
        for name in ("ad", "one", "two"):
            ws.write_site(f"media/{name}.webm", clip)

    def urls(self):
        return {"site": f"http://127.0.0.1:{self.server.port}",
                "admin": f"http://127.0.0.1:{self.server.admin_port}"}


class DashboardTest(BrowserTest):
    site_sections = [THROTTLING, POINT]

    @classmethod
    def prepare(cls, ws):
        super().prepare(ws)
        ws.write_site("data.bin", os.urandom(DATA_SIZE))

    def test_dashboard_in_chromium(self):
        result = run_scenario("dashboard.mjs", {
            **self.urls(), "token": self.server.token, "config": self.ws.config_path,
            "artifacts": artifacts_dir("dashboard")})
        print("\n" + json.dumps(result, indent=1))
        # Nothing went wrong in the page but the two refusals the scenario asks for
        # (a wrong token, a bad config): no script error, no missing file, no CSP block.
        refused = "console: Failed to load resource: the server responded with a status of"
        self.assertEqual(result["problems"], [f"{refused} 401 (Unauthorized)",
                                              f"{refused} 422 (Unprocessable Entity)"])
        self.assertEqual(self.server.admin_request("GET", "/api/status").json()["version"],
                         result["version"])
        # The throttled download: listed with its client, file and rates, its bar moving.
        download = result["download"]
        self.assertGreater(download["later"], download["first"])
        self.assertIn("127.0.0.1", download["cells"][0])
        self.assertEqual(download["cells"][1], "/data.bin")
        self.assertIn("1.60 Mbit/s", download["cells"][3])
        self.assertNotEqual(download["saved"], "0 B")
        # The session: found by its id, shown with its viewer, ended by the button.
        session = result["session"]
        self.assertEqual(session["shown"], 1)
        self.assertEqual(session["viewer"], "127.0.0.1")
        self.assertEqual(session["entryStatusAfterEnd"], 403)
        self.assertEqual(self.server.admin_request(
            "DELETE", f"/api/sessions/{session['session']}").status, 404)
        # The refused reload shows where the config is wrong; the good one applies.
        self.assertIn("config.xml:", result["reload"]["refused"])
        self.assertIn("attribute 'workers': 'many' is not a valid value",
                      result["reload"]["refused"])
        self.assertIn("reloaded", result["reload"]["applied"])
        # The point: stopped (its clients got 503), then started again, by the buttons.
        self.assertEqual(result["point"], {"point": "clips", "stoppedAndStarted": True,
                                           "statusWhileStopped": 503})
        points = self.server.admin_request("GET", "/api/points").json()["points"]
        self.assertEqual([(p["name"], p["state"]) for p in points], [("clips", "started")])
        self.assertEqual(self.server.get("/clips/one.webm").status, 200)
        self.assertGreaterEqual(len(result["screenshots"]), 4)
        for shot in result["screenshots"]:
            self.assertGreater(os.path.getsize(shot), 1000, shot)


class PlayerTest(BrowserTest):
    site_sections = [PLAYER_HANDLER]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An HLS stream (ffmpeg, 1 s segments) that a playlist names by URL: its entry
        # link redirects there, so segment URIs resolve against the stream's folder.
        hls = os.path.join(cls.ws.root, "hls")
        os.makedirs(hls)
        subprocess.run(
            ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
             "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=4",
             "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25",
             "-c:a", "aac", "-shortest", "-f", "hls", "-hls_time", "1",
             "-hls_playlist_type", "vod", os.path.join(hls, "index.m3u8")],
            check=True, timeout=60)
        cls.ws.write_site("live.isx", LIVE.format(port=cls.server.port))

    def test_the_ad_plays_first_without_skip_or_seek_then_the_content(self):
        result = run_scenario("player.mjs", {
            **self.urls(), "playlist": "/show.isx", "artifacts": artifacts_dir("player")})
        print("\n" + json.dumps(result, indent=1))
        self.assertEqual([p for p in result["problems"] if p.startswith("page error")], [])
        ad = result["duringAd"]
        self.assertEqual((ad["entry"], ad["state"], ad["adBadge"]), (0, "ad", True))
        self.assertFalse(ad["skip"], "skip is enabled while the ad plays")
        self.assertFalse(ad["seek"], "seek is enabled while the ad plays")
        self.assertEqual(result["afterSkipClick"]["entry"], 0)
        content = result["duringContent"]
        self.assertEqual((content["entry"], content["state"], content["adBadge"]),
                         (1, "content", False))
        self.assertTrue(content["skip"])
        self.assertTrue(content["seek"])
        self.assertTrue(result["hlsLoaded"], "hls.js was not served from /player/vendor/")
        self.assertGreaterEqual(result["entryRequests"], 3)
        events = [b["event"] for b in result["beacons"]]
        self.assertEqual(events, ["impression", "start", "firstQuartile", "midpoint",
                                  "thirdQuartile", "complete"])
        for shot in result["screenshots"]:
            self.assertGreater(os.path.getsize(shot), 1000, shot)

    def test_hls_through_hls_js(self):
        result = run_scenario("player.mjs", {
            **self.urls(), "playlist": "/live.isx", "hls": True,
            "artifacts": artifacts_dir("player")})
        print("\n" + json.dumps(result, indent=1))
        self.assertEqual([p for p in result["problems"] if p.startswith("page error")], [])
        self.assertEqual(result["engine"], "hls.js")
        self.assertGreaterEqual(result["segments"], 2)
        self.assertGreater(result["time"], 1.5)


if __name__ == "__main__":
    unittest.main()
