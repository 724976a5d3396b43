"""The upstream proxy of `origin` points against real nginx upstreams serving
the HLS ladder tests/fixtures/make-media.sh makes (4 variants, 400 to 3000
kbit/s): ffprobe and `ffmpeg -c copy` read the stream through Interlude, the
bitrate filter leaves the variants up to 1600 kbit/s, the Manifest(...).m3u8
alias reaches the upstream without its suffix, Range and HEAD pass through,
one of two upstreams killed mid-test costs the clients nothing, and upstreams
that send garbage, close without answering or stall give 502/504 and a log
line."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

STALL_TIMEOUT_MS = 400
ALIAS = "show.ism/Manifest(format=m3u8-aapl)"


class Nginx:
    """nginx serving `root` on 127.0.0.1:`port`, everything inside `directory`."""

    def __init__(self, directory, root, port):
        self.directory = directory
        self.port = port
        os.makedirs(os.path.join(directory, "tmp"), exist_ok=True)
        with open(os.path.join(directory, "nginx.conf"), "w") as f:
            f.write(f"""daemon off;
master_process on;
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
  types {{ application/vnd.apple.mpegurl m3u8; video/mp2t ts; }}
  default_type application/octet-stream;
  access_log {directory}/access.log;
  client_body_temp_path {directory}/tmp/body;
  proxy_temp_path {directory}/tmp/proxy;
  fastcgi_temp_path {directory}/tmp/fastcgi;
  uwsgi_temp_path {directory}/tmp/uwsgi;
  scgi_temp_path {directory}/tmp/scgi;
  keepalive_requests 100000;
  server {{
    listen 127.0.0.1:{port};
    root {root};
  }}
}}
""")
        self.proc = subprocess.Popen(
            ["nginx", "-p", directory, "-c", os.path.join(directory, "nginx.conf"),
             "-e", os.path.join(directory, "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not harness.wait_until(self.serving, timeout=10):
            self.stop()
            raise AssertionError(f"nginx on port {port} did not come up: "
                                 f"{self.proc.stderr.read().decode(errors='replace')}")

    def serving(self):
        if self.proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False

    def access_log(self):
        with open(os.path.join(self.directory, "access.log")) as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Misbehaving:
    """A TCP upstream on 127.0.0.1 that reads a request head, then does
    `behaviour`: "garbage", "half-close" or "stall"."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.closing = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.closing.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        with conn:
            conn.settimeout(10)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
            if self.behaviour == "garbage":
                conn.sendall(b"\x16\x03\x01 this is not HTTP\r\n\r\n")
            elif self.behaviour == "half-close":
                conn.shutdown(socket.SHUT_WR)
                conn.recv(1)
            elif self.behaviour == "stall":
                self.closing.wait(10)

    def close(self):
        self.closing.set()
        self.sock.close()


def ffmpeg_tool(name):
    path = shutil.which(name)
    if not path:
        raise AssertionError(f"{name} not found (scripts/install-deps installs ffmpeg)")
    return path


class ProxyTest(harness.ServerTestCase):

    upstreams = []
    misbehaving = []

    @classmethod
    def configure(cls, ws):
        source = harness.require_env("INTERLUDE_SOURCE_DIR")
        media = ws.path("media")
        subprocess.run([os.path.join(source, "tests", "fixtures", "make-media.sh"), media, "hls"],
                       check=True, timeout=120)
        ladder = os.path.join(media, "hls")
        os.makedirs(os.path.join(ladder, "show.ism"), exist_ok=True)
        shutil.copy(os.path.join(ladder, "master.m3u8"), os.path.join(ladder, ALIAS))
        os.chmod(ws.dir, 0o755)  # nginx workers run as nobody
        for root, dirs, files in os.walk(media):
            os.chmod(root, 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)

        cls.upstreams = [Nginx(ws.path(f"nginx{i}"), media, harness.free_port()) for i in range(3)]
        cls.misbehaving = {b: Misbehaving(b) for b in ("garbage", "half-close", "stall")}

        def upstream(port, path="/hls/"):
            return f'<upstream url="http://127.0.0.1:{port}{path}"/>'

        points = ['<streaming xmlns="urn:interlude:streaming:1">',
                  '<point name="tv" prefix="/tv/" kind="origin">'
                  + upstream(cls.upstreams[0].port) + "</point>",
                  # Two upstreams, one of which the failover test kills.
                  '<point name="ha" prefix="/ha/" kind="origin" failAfter="1" probeAfterMs="60000">'
                  + upstream(cls.upstreams[1].port) + upstream(cls.upstreams[2].port) + "</point>"]
        for name, server in cls.misbehaving.items():
            points.append(f'<point name="{name}" prefix="/{name}/" kind="origin" '
                          f'readTimeoutMs="{STALL_TIMEOUT_MS}">'
                          + upstream(server.port, "/") + "</point>")
        points.append("</streaming>")
        return harness.Config(workers=16, sites=[harness.Site(sections=["".join(points)])])

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        for server in cls.upstreams:
            server.stop()
        for server in cls.misbehaving.values():
            server.close()
        cls.upstreams, cls.misbehaving = [], {}

    def url(self, path):
        return f"http://127.0.0.1:{self.server.port}{path}"

    def ladder_file(self, rel):
        with open(self.ws.path(os.path.join("media", "hls", rel)), "rb") as f:
            return f.read()

    # ----- real clients ------------------------------------------------------

    def test_ffprobe_reads_the_filtered_ladder_through_interlude(self):
        out = subprocess.run(
            [ffmpeg_tool("ffprobe"), "-v", "error", "-show_entries",
             "program=program_id:stream=codec_type", "-of", "json", self.url("/tv/master.m3u8")],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr.strip(), "", "ffprobe reported errors")
        info = json.loads(out.stdout)
        # One program per variant: 400, 800 and 1600 kbit/s; 3000 is filtered.
        self.assertEqual(len(info["programs"]), 3, out.stdout)
        kinds = {s["codec_type"] for s in info["streams"]}
        self.assertEqual(kinds, {"video", "audio"})

    def test_ffmpeg_copies_the_stream_through_interlude_without_error(self):
        out = subprocess.run(
            [ffmpeg_tool("ffmpeg"), "-nostdin", "-v", "error", "-i", self.url("/tv/master.m3u8"),
             "-map", "0", "-c", "copy", "-f", "null", "-"],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr.strip(), "", "ffmpeg reported errors")

    # ----- manifests ---------------------------------------------------------

    def test_the_master_playlist_keeps_variants_up_to_1600_and_points_here(self):
        resp = self.assertStatus(self.server.get("/tv/master.m3u8"), 200)
        text = resp.body.decode()
        bandwidths = [int(b) for b in re.findall(r"BANDWIDTH=(\d+)", text)]
        self.assertEqual(len(bandwidths), 3, text)
        self.assertTrue(all(b <= 1600000 for b in bandwidths), text)
        uris = [line for line in text.splitlines() if line and not line.startswith("#")]
        self.assertEqual(uris, ["/tv/v400/index.m3u8", "/tv/v800/index.m3u8",
                                "/tv/v1600/index.m3u8"])
        media = self.assertStatus(self.server.get("/tv/v800/index.m3u8"), 200)
        self.assertIn("seg000.ts", media.body.decode())

    def test_the_m3u8_alias_reaches_the_upstream_without_its_suffix(self):
        resp = self.assertStatus(self.server.get(f"/tv/{ALIAS}.m3u8"), 200)
        self.assertIn(b"#EXTM3U", resp.body)
        self.assertTrue(harness.wait_until(
            lambda: f"GET /hls/{ALIAS} HTTP/1.1" in self.upstreams[0].access_log(), timeout=5),
            "nginx did not see the path without .m3u8")

    # ----- bodies ------------------------------------------------------------

    def test_segments_range_and_head_pass_through(self):
        segment = self.ladder_file("v3000/seg000.ts")
        whole = self.assertStatus(self.server.get("/tv/v3000/seg000.ts"), 200)
        self.assertEqual(whole.body, segment)
        self.assertEqual(whole.header("Content-Type"), "video/mp2t")
        part = self.assertStatus(
            self.server.get("/tv/v3000/seg000.ts", headers={"Range": "bytes=100-1123"}), 206)
        self.assertEqual(part.body, segment[100:1124])
        self.assertEqual(part.header("Content-Range"), f"bytes 100-1123/{len(segment)}")
        head = self.assertStatus(self.server.request("HEAD", "/tv/v3000/seg000.ts"), 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Length"), str(len(segment)))
        missing = self.assertStatus(self.server.get("/tv/v3000/nothing.ts"), 404)
        self.assertIn(b"nginx", missing.body)  # the upstream's own answer

    def test_proxied_requests_show_in_metrics(self):
        self.assertStatus(self.server.get("/tv/v400/seg000.ts"), 200)
        text = self.server.metrics()
        requests = harness.metric_value(text, 'interlude_proxy_requests_total{point="tv"}')
        out = harness.metric_value(text, 'interlude_proxy_bytes_out_total{point="tv"}')
        self.assertGreaterEqual(requests or 0, 1)
        self.assertGreaterEqual(out or 0, len(self.ladder_file("v400/seg000.ts")))

    # ----- failover ----------------------------------------------------------

    def test_one_upstream_killed_mid_test_costs_the_clients_nothing(self):
        files = ["master.m3u8", "v400/index.m3u8", "v400/seg000.ts", "v1600/seg001.ts",
                 "v3000/seg000.ts"]
        expected = {f: self.ladder_file(f) for f in files if not f.endswith(".m3u8")}
        failures = []
        served = [0]
        stop = threading.Event()

        def client():
            for _ in range(400):  # bounded; the test stops it sooner
                if stop.is_set():
                    return
                for f in files:
                    resp = self.server.get(f"/ha/{f}")
                    ok = resp.status == 200 and (f not in expected or resp.body == expected[f])
                    if not ok:
                        failures.append(f"{f}: {resp.status} {len(resp.body)} bytes")
                    served[0] += 1

        mark = self.server.log_mark()
        clients = [threading.Thread(target=client) for _ in range(3)]
        for c in clients:
            c.start()
        self.assertTrue(harness.wait_until(lambda: served[0] >= 30, timeout=20))
        self.upstreams[2].stop()
        killed_at = served[0]
        self.assertTrue(harness.wait_until(lambda: served[0] >= killed_at + 60, timeout=30))
        # A real player too, once one upstream is gone.
        out = subprocess.run(
            [ffmpeg_tool("ffmpeg"), "-nostdin", "-v", "error", "-i", self.url("/ha/master.m3u8"),
             "-map", "0", "-c", "copy", "-f", "null", "-"],
            capture_output=True, text=True, timeout=60)
        stop.set()
        for c in clients:
            c.join(30)
        self.assertEqual(failures, [])
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIsNotNone(self.server.wait_for_log(["marked down"], start=mark))

    # ----- broken upstreams --------------------------------------------------

    def assert_failure(self, point, status, reason):
        mark = self.server.log_mark()
        resp = self.assertStatus(self.server.get(f"/{point}/seg.ts"), status)
        self.assertIn(reason, resp.body.decode())
        line = self.server.wait_for_log([f"point {point}: GET /seg.ts: {status}"], start=mark)
        self.assertIsNotNone(line, f"no log line for the {status}:\n{self.server.describe()}")

    def test_garbage_from_the_upstream_is_a_502_and_a_log_line(self):
        self.assert_failure("garbage", 502, "invalid response")

    def test_an_upstream_closing_without_answer_is_a_502_and_a_log_line(self):
        self.assert_failure("half-close", 502, "closed the connection without a response")

    def test_a_stalled_upstream_is_a_504_and_a_log_line(self):
        started = time.monotonic()
        self.assert_failure("stall", 504, "timed out")
        self.assertLess(time.monotonic() - started, 5)


if __name__ == "__main__":
    unittest.main()
