"""Bit rate throttling over HTTP: the fast-start burst, then the paced rate
(media at a percentage of the sniffed bitrate, data files at a fixed rate),
Range requests, HEAD and 304 untouched, exempt clients, many concurrent
downloads, aborted downloads freeing their file and socket, the admin view,
and config errors."""

import os
import re
import selectors
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

DATA_RATE = 200_000          # bytes/s: rateKbps="1600"
DATA_BURST = 64 * 1024       # fastStartKiB="64"
DATA_SIZE = 8 * 1024 * 1024
MEDIA_FAST_START = 2         # seconds of media
MEDIA_PERCENT = 110
TOLERANCE = 0.05


def throttling(*rules, **attrs):
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return ('<throttling xmlns="urn:interlude:throttling:1"' + attributes + ">"
            + "".join(rules) + "</throttling>")


def data_rule(prefix=None):
    scope = f' prefix="{prefix}"' if prefix else ""
    return f'<data match=".bin"{scope} fastStartKiB="64" rateKbps="1600"/>'


class Download:
    """A GET read on a raw socket, recording when each run of bytes arrived."""

    def __init__(self, port, path, headers=(), source="127.0.0.1"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10,
                                             source_address=(source, 0))
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *headers, "", ""]
        self.sock.sendall("\r\n".join(lines).encode())
        self.head = b""
        self.body_bytes = 0
        self.first_byte_at = None
        self.samples = []  # (seconds since the first body byte, bytes so far)
        self._read_head()

    def _read_head(self):
        while b"\r\n\r\n" not in self.head:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise AssertionError(f"connection closed in the headers: {self.head!r}")
            self.head += chunk
        self.head, rest = self.head.split(b"\r\n\r\n", 1)
        self.first_byte_at = time.monotonic()
        self._count(rest)

    def _count(self, data):
        self.body_bytes += len(data)
        self.samples.append((time.monotonic() - self.first_byte_at, self.body_bytes))

    @property
    def status(self):
        return int(self.head.split(b" ", 2)[1])

    def header(self, name):
        for line in self.head.split(b"\r\n")[1:]:
            key, _, value = line.partition(b":")
            if key.strip().lower() == name.lower().encode():
                return value.strip().decode()
        return None

    def read_for(self, seconds):
        """Reads until `seconds` after the first body byte, or the end of the
        body (True) or of the connection (False)."""
        deadline = self.first_byte_at + seconds
        length = int(self.header("Content-Length") or -1)
        while (left := deadline - time.monotonic()) > 0 and self.body_bytes != length:
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                break
            if not chunk:
                return False
            self._count(chunk)
        return True

    def bytes_at(self, seconds):
        return max((n for t, n in self.samples if t <= seconds), default=0)

    def rate_between(self, start, end):
        return fitted_rate([(t, n) for t, n in self.samples if start <= t <= end])

    def close(self):
        self.sock.close()


def fitted_rate(samples):
    """Bytes per second: the least-squares slope of (time, bytes received).

    The pacer sends half a second to a second of the rate at a time, so the
    bytes received are a staircase; its slope over several steps is the rate,
    where two points could be a whole step off."""
    n = len(samples)
    if n < 2:
        return 0.0
    mean_t = sum(t for t, _ in samples) / n
    mean_b = sum(b for _, b in samples) / n
    covariance = sum((t - mean_t) * (b - mean_b) for t, b in samples)
    variance = sum((t - mean_t) ** 2 for t, _ in samples)
    return covariance / variance if variance else 0.0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def stable_fd_count(pid):
    """The server's descriptor count once connections of earlier requests are gone."""
    counts = [open_fds(pid)]
    for _ in range(50):
        time.sleep(0.05)
        counts.append(open_fds(pid))
        if counts[-1] == counts[-2] == counts[-3:][0]:
            break
    return counts[-1]


class DataThrottlingTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        ws.write_site("data.bin", os.urandom(DATA_SIZE))
        ws.write_site("free/data.bin", os.urandom(DATA_SIZE))
        ws.write_site("small.txt", b"not throttled\n")
        site = harness.Site(sections=[throttling(
            '<exclude prefix="/free/"/>', data_rule(), '<exempt address="127.0.0.2/32"/>')])
        # No open-file cache: a download's file descriptor is its own, and must go with it.
        return harness.Config(sites=[site], file_cache_ms=0)

    def test_fast_start_then_the_fixed_rate(self):
        download = Download(self.server.port, "/data.bin")
        try:
            self.assertEqual(download.status, 200)
            self.assertEqual(download.header("Connection"), "Close")
            self.assertEqual(download.header("Content-Length"), str(DATA_SIZE))
            self.assertTrue(download.read_for(6.5))
        finally:
            download.close()
        burst = download.bytes_at(0.1)
        self.assertGreaterEqual(burst, DATA_BURST)
        self.assertLess(burst, DATA_BURST + 0.1 * DATA_RATE + 16384)
        rate = download.rate_between(1.0, 6.0)
        print(f"\ndata file: burst {burst} B, rate {rate:.0f} B/s (expected {DATA_RATE})")
        self.assertAlmostEqual(rate / DATA_RATE, 1.0, delta=TOLERANCE)

    def test_a_range_gets_its_fast_start_from_the_range_start(self):
        start = DATA_SIZE // 2
        download = Download(self.server.port, "/data.bin", [f"Range: bytes={start}-"])
        try:
            self.assertEqual(download.status, 206)
            self.assertEqual(download.header("Content-Range"),
                             f"bytes {start}-{DATA_SIZE - 1}/{DATA_SIZE}")
            download.read_for(4.5)
        finally:
            download.close()
        self.assertGreaterEqual(download.bytes_at(0.1), DATA_BURST)
        self.assertAlmostEqual(download.rate_between(1.0, 4.0) / DATA_RATE, 1.0, delta=TOLERANCE)

    def test_head_and_not_modified_are_never_throttled(self):
        head = self.server.request("HEAD", "/data.bin")
        self.assertStatus(head, 200)
        self.assertEqual(head.header("Content-Length"), str(DATA_SIZE))
        self.assertNotEqual((head.header("Connection") or "").lower(), "close")
        again = self.server.get("/data.bin", {"If-None-Match": head.header("ETag")})
        self.assertStatus(again, 304)
        self.assertNotEqual((again.header("Connection") or "").lower(), "close")

    def test_excluded_paths_and_small_unmatched_files_go_at_full_speed(self):
        started = time.monotonic()
        free = self.server.get("/free/data.bin")
        self.assertStatus(free, 200)
        self.assertEqual(len(free.body), DATA_SIZE)
        # 8 MiB at the paced rate would take 40 s.
        self.assertLess(time.monotonic() - started, 5)
        self.assertStatus(self.server.get("/small.txt"), 200)

    def test_an_exempt_client_is_not_throttled(self):
        download = Download(self.server.port, "/data.bin", source="127.0.0.2")
        try:
            self.assertEqual(download.status, 200)
            self.assertNotEqual(download.header("Connection"), "Close")
            download.read_for(5)
        finally:
            download.close()
        self.assertEqual(download.body_bytes, DATA_SIZE)

    def test_an_aborted_download_frees_its_socket_and_file_and_counts_bytes_saved(self):
        pid = self.server.proc.pid
        # The downloads of earlier tests first: the pacer sees a client gone at its
        # next send, and each counts its bytes saved then.
        self.assertTrue(harness.wait_until(
            lambda: self.server.admin_request("GET", "/api/throttle").json()["active"] == 0,
            timeout=5))
        saved_before = harness.metric_value(self.server.metrics(),
                                            "interlude_throttle_bytes_saved_total") or 0
        before = stable_fd_count(pid)
        totals_before = self.server.admin_request("GET", "/api/throttle").json()["totals"]
        download = Download(self.server.port, "/data.bin")
        download.read_for(1)
        listing = self.server.admin_request("GET", "/api/throttle").json()
        rows = [d for d in listing["downloads"] if d["path"] == "/data.bin"]
        self.assertEqual(len(rows), 1, listing)
        self.assertEqual(rows[0]["rateBitsPerSecond"], DATA_RATE * 8)
        self.assertEqual(rows[0]["length"], DATA_SIZE)
        self.assertGreater(rows[0]["bytesSent"], DATA_BURST)
        download.close()
        self.assertTrue(harness.wait_until(lambda: open_fds(pid) <= before, timeout=2),
                        f"fds: {open_fds(pid)} now, {before} before the download")
        listing = self.server.admin_request("GET", "/api/throttle").json()
        self.assertEqual([d for d in listing["downloads"] if d["path"] == "/data.bin"], [])
        saved = harness.metric_value(self.server.metrics(), "interlude_throttle_bytes_saved_total")
        self.assertGreater(saved - saved_before, DATA_SIZE / 2)
        # The dashboard's totals: the same counters, through the admin route.
        totals = listing["totals"]
        self.assertEqual(totals["bytesSaved"] - totals_before["bytesSaved"], saved - saved_before)
        self.assertEqual(totals["aborted"] - totals_before["aborted"], 1)
        self.assertGreaterEqual(totals["bytesSent"] - totals_before["bytesSent"],
                                rows[0]["bytesSent"])

    def test_500_concurrent_downloads_each_get_the_rate(self):
        count, seconds = 500, 6.0
        selector = selectors.DefaultSelector()
        request = b"GET /data.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        clients = []
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
            sock.sendall(request)
            sock.setblocking(False)
            state = {"sock": sock, "bytes": 0, "start": None, "samples": []}
            clients.append(state)
            selector.register(sock, selectors.EVENT_READ, state)
        began = time.monotonic()
        try:
            while time.monotonic() - began < seconds + 2:
                for key, _ in selector.select(timeout=0.1):
                    state = key.data
                    data = state["sock"].recv(1 << 20)
                    now = time.monotonic()
                    if state["start"] is None:
                        state["start"] = now
                    state["bytes"] += len(data)
                    elapsed = now - state["start"]
                    if elapsed >= 1.0:
                        state["samples"].append((elapsed, state["bytes"]))
                    if elapsed >= seconds or not data:
                        state["rate"] = fitted_rate(state["samples"])
                        selector.unregister(state["sock"])
                if all("rate" in c for c in clients):
                    break
        finally:
            for c in clients:
                c["sock"].close()
        rates = sorted(c.get("rate", 0) / DATA_RATE for c in clients)
        print(f"\n{count} downloads: rate/expected min {rates[0]:.3f} "
              f"median {rates[count // 2]:.3f} max {rates[-1]:.3f}")
        self.assertTrue(all(abs(r - 1) <= TOLERANCE for r in rates), rates[:5] + rates[-5:])


def combined_samples(downloads):
    """(seconds since the last first byte, bytes of all downloads so far), at
    each read of any of them."""
    start = max(d.first_byte_at for d in downloads)
    reads = []
    for d in downloads:
        before = 0
        for t, n in d.samples:
            reads.append((d.first_byte_at + t - start, n - before))
            before = n
    reads.sort()
    combined, total = [], 0
    for t, got in reads:
        total += got
        combined.append((t, total))
    return combined


class SiteCapTest(harness.ServerTestCase):
    """siteCapMbps bounds the site's throttled downloads together."""

    CAP = 100_000  # bytes/s: siteCapMbps="0.8"

    @classmethod
    def configure(cls, ws):
        ws.write_site("data.bin", os.urandom(DATA_SIZE))
        site = harness.Site(sections=[throttling(data_rule(), siteCapMbps="0.8")])
        return harness.Config(sites=[site])

    def test_downloads_share_the_site_cap(self):
        downloads = [Download(self.server.port, "/data.bin") for _ in range(4)]
        try:
            deadline = time.monotonic() + 6
            while time.monotonic() < deadline:
                for d in downloads:
                    d.read_for(min(6, time.monotonic() - d.first_byte_at + 0.05))
        finally:
            for d in downloads:
                d.close()
        # Each alone would get 200,000 B/s; together they get the cap. The rate is
        # fitted to the bytes of all four together: a reader that fell behind on
        # a loaded machine moves bytes between downloads, not out of the sum.
        total = fitted_rate([(t, n) for t, n in combined_samples(downloads) if 2.0 <= t <= 5.5])
        print(f"\n4 downloads under a {self.CAP} B/s cap: {total:.0f} B/s together")
        self.assertAlmostEqual(total / self.CAP, 1.0, delta=0.1)


class MediaThrottlingTest(harness.ServerTestCase):
    """A CBR MP3 made with ffmpeg: the rate follows the bitrate sniffed from it."""

    @classmethod
    def configure(cls, ws):
        path = ws.path("site/song.mp3")
        subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                        "sine=frequency=440:duration=120", "-c:a", "libmp3lame", "-b:a", "128k",
                        "-f", "mp3", path], check=True, timeout=120)
        cls.bitrate = cls.ffprobe_bitrate(path)
        site = harness.Site(sections=[throttling(
            f'<media match=".mp3" fastStartSeconds="{MEDIA_FAST_START}" '
            f'ratePercent="{MEDIA_PERCENT}"/>')])
        return harness.Config(sites=[site])

    @staticmethod
    def ffprobe_bitrate(path):
        out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=bit_rate",
                              "-of", "csv=p=0", path], check=True, capture_output=True,
                             text=True, timeout=30)
        return int(out.stdout.strip())

    def test_burst_of_seconds_of_media_then_a_percentage_of_the_bitrate(self):
        download = Download(self.server.port, "/song.mp3")
        try:
            self.assertEqual(download.status, 200)
            download.read_for(6.5)
        finally:
            download.close()
        expected_rate = self.bitrate / 8 * MEDIA_PERCENT / 100
        expected_burst = MEDIA_FAST_START * self.bitrate / 8
        burst = download.bytes_at(0.1)
        rate = download.rate_between(1.0, 6.0)
        print(f"\nmp3 at {self.bitrate} bit/s: burst {burst} B (expected {expected_burst:.0f}), "
              f"rate {rate:.0f} B/s (expected {expected_rate:.0f})")
        self.assertAlmostEqual(burst / expected_burst, 1.0, delta=0.1)
        self.assertAlmostEqual(rate / expected_rate, 1.0, delta=TOLERANCE)


class PlaylistEntryThrottlingTest(harness.ServerTestCase):
    """Playlist entries of local media go through the pacer, and the bytes it
    sends count for the playlist's rules: the content after an ad that cannot be
    skipped opens once the paced ad has been sent to the end."""

    # 64 KiB fast start, then about 6 s at 200,000 B/s: longer than the 2 s a
    # request for the next entry waits for a delivery in progress.
    AD_SIZE = 1280 * 1024

    @classmethod
    def configure(cls, ws):
        ws.write_site("ad.bin", os.urandom(cls.AD_SIZE))
        ws.write_site("show.bin", os.urandom(1024))
        ws.write_site("p.isx", '<smil xmlns="http://www.w3.org/ns/SMIL" '
                      'xmlns:i="urn:interlude:playlist:1"><body>'
                      '<ref src="ad.bin" i:kind="ad"/><ref src="show.bin"/></body></smil>')
        return harness.Config(sites=[harness.Site(sections=[throttling(data_rule())])])

    def test_a_paced_ad_unlocks_the_next_entry_once_sent(self):
        playlist = self.server.get("/p.isx?format=m3u")
        self.assertStatus(playlist, 200)
        ad, show = re.findall(r"http://[^\s]+(/_/e/[A-Za-z0-9._~-]+)", playlist.body.decode())
        download = Download(self.server.port, ad)
        try:
            self.assertEqual(download.status, 200)
            self.assertEqual(download.header("Connection"), "Close")
            download.read_for(1.0)
            self.assertLess(download.body_bytes, self.AD_SIZE)  # paced: not all there yet
            early = self.server.get(show)
            self.assertStatus(early, 403)
            self.assertIn(b"must play first", early.body)
            self.assertTrue(download.read_for(10), "the whole ad arrives")
        finally:
            download.close()
        self.assertEqual(download.body_bytes, self.AD_SIZE)
        # The paced ad took its time: its fast start, then the rate.
        self.assertGreater(download.samples[-1][0], (self.AD_SIZE - DATA_BURST) / DATA_RATE * 0.9)
        self.assertStatus(self.server.get(show), 200)


class ThrottlingConfigTest(unittest.TestCase):

    def check(self, config_text):
        ws = harness.Workspace()
        self.addCleanup(ws.cleanup)
        path = ws.write_config(config_text)
        return harness.run_cli(["check", path]), path

    def config(self, section):
        return harness.Config(sites=[harness.Site(sections=[section])]).to_xml()

    def test_a_valid_section_passes(self):
        result, _ = self.check(self.config(throttling(data_rule(), '<exempt address="10.0.0.0/8"/>')))
        self.assertEqual(result.returncode, 0, result)

    def test_a_bad_exempt_range_is_reported_at_its_position(self):
        text = self.config(throttling('<exempt address="10.0.0.0/40"/>'))
        result, path = self.check(text)
        self.assertEqual(result.returncode, 2, result)
        line = harness.line_of(text, "10.0.0.0/40")
        self.assertIn(f"{path}:{line}:", result.stderr)
        self.assertIn("prefix length", result.stderr)

    def test_a_schema_violation_is_reported_at_its_position(self):
        text = self.config(throttling('<media ratePercent="-5"/>'))
        result, path = self.check(text)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'ratePercent')}:", result.stderr)
        self.assertIn("ratePercent", result.stderr)

    def test_a_section_no_plugin_reads_is_an_error(self):
        text = self.config('<other xmlns="urn:example:unknown"/>')
        result, path = self.check(text)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'urn:example:unknown')}:", result.stderr)
        self.assertIn("no plugin reads the namespace", result.stderr)


if __name__ == "__main__":
    unittest.main()
