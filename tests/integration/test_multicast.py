"""Multicast points: an MPEG-TS group relayed as one HTTP stream.

The test makes a network namespace of its own (loopback up, multicast routed
to it), and runs everything in it: this process enters it (setns), so the
Interlude it starts, the ffmpeg senders and the clients all see the same
private loopback, and no datagram leaves it. Two ffmpeg senders play a test
card to 239.255.0.1:5004 as raw UDP and to 239.255.0.2:5006 as RTP; the
points relay them. Checked: two HTTP clients get the same transport stream
and ffprobe reads it; a new client's stream starts at a video key frame; RTP headers are gone from the relayed bytes; a client
that stops reading is dropped (log line, metric) while another goes on; HEAD;
the SDP of the point opens in ffprobe and finds the group; a second point on
the same group with maxClients="1" relays it too and answers 503 past its
one client.

Needs root (or CAP_SYS_ADMIN) for `ip netns`: without it the test is skipped
with the reason printed. ffmpeg/ffprobe are required (scripts/install-deps).
"""

import ctypes
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CLONE_NEWNET = 0x40000000
UDP_GROUP = ("239.255.0.1", 5004)
RTP_GROUP = ("239.255.0.2", 5006)
TS_PACKET = 188
# The stalled client may lag this far, plus what the kernel buffers.
BACKLOG_KIB = 256
# The senders' video bitrate: high enough that a stalled client fills its
# backlog in seconds.
SENDER_KBPS = 3000
SENDER_START_TIMEOUT = 10.0
READ_TIMEOUT = 10.0
FFPROBE_TIMEOUT = 30


def run(args, check=True):
    result = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, timeout=30)
    if check and result.returncode != 0:
        raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):"
                             f"\n{result.stderr}")
    return result


def require_tool(name):
    if not shutil.which(name):
        raise AssertionError(f"{name} is not installed; scripts/install-deps "
                             f"installs it")


class NetworkNamespace:
    """A namespace with a multicast-capable loopback, entered by the calling
    thread (and inherited by the processes and threads it starts) until
    leave()."""

    def __init__(self, name):
        self.name = name
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.home = None

    @staticmethod
    def unavailable_reason():
        if not shutil.which("ip"):
            return "the ip command (iproute2) is not installed"
        if os.geteuid() != 0:
            return "network namespaces need root (ip netns add)"
        return None

    def create_and_enter(self):
        created = run(["ip", "netns", "add", self.name], check=False)
        if created.returncode != 0:
            return f"ip netns add failed: {created.stderr.strip()}"
        run(["ip", "-n", self.name, "link", "set", "lo", "up", "multicast",
             "on"])
        run(["ip", "-n", self.name, "route", "add", "224.0.0.0/4", "dev",
             "lo"])
        self.home = os.open("/proc/self/ns/net", os.O_RDONLY)
        target = os.open(f"/var/run/netns/{self.name}", os.O_RDONLY)
        try:
            self._setns(target)
        finally:
            os.close(target)
        return None

    def leave_and_delete(self):
        if self.home is not None:
            self._setns(self.home)
            os.close(self.home)
            self.home = None
        run(["ip", "netns", "delete", self.name], check=False)

    def _setns(self, fd):
        if self.libc.setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"setns: {os.strerror(errno)}")


def start_sender(group, muxer):
    """ffmpeg playing a test card with a tone to `group`, in real time."""
    url = (f"udp://{group[0]}:{group[1]}?pkt_size=1316" if muxer == "mpegts"
           else f"rtp://{group[0]}:{group[1]}?pkt_size=1328")
    return subprocess.Popen(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-re",
         "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
         "-g", "25", "-b:v", f"{SENDER_KBPS}k", "-minrate", f"{SENDER_KBPS}k",
         "-maxrate", f"{SENDER_KBPS}k", "-bufsize", f"{SENDER_KBPS // 2}k",
         "-x264-params", "nal-hrd=cbr", "-c:a", "aac", "-b:a", "96k",
         "-f", muxer, url],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)


def streaming_section():
    point = ('<point name="{name}" prefix="{prefix}" kind="multicast" '
             'group="{group}" {extra}/>')
    return ('<streaming xmlns="urn:interlude:streaming:1">'
            + point.format(name="tv", prefix="/tv/",
                           group=f"{UDP_GROUP[0]}:{UDP_GROUP[1]}",
                           extra=f'interface="lo" clientBacklogKiB="{BACKLOG_KIB}"')
            + point.format(name="rtp", prefix="/rtp/",
                           group=f"{RTP_GROUP[0]}:{RTP_GROUP[1]}",
                           extra='interface="127.0.0.1" transport="rtp"')
            # The same group again, joined by a second socket of its own.
            + point.format(name="one", prefix="/one/",
                           group=f"{UDP_GROUP[0]}:{UDP_GROUP[1]}",
                           extra='maxClients="1"')
            + "</streaming>")


class StreamClient:
    """A raw HTTP client of a relay: GET, then the body as it comes."""

    def __init__(self, port, path, method="GET", receive_buffer=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            # Before connecting, so the window the server sees is small.
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                 receive_buffer)
        self.sock.settimeout(READ_TIMEOUT)
        self.sock.connect(("127.0.0.1", port))
        self.sock.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          f"\r\n".encode())
        self.head, self.body = self._read_head()
        self.received = len(self.body)
        self.closed = False

    def _read_head(self):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            data += chunk
            if len(data) > 65536:
                raise AssertionError("no end of the response head in 64 KiB")
        head, _, body = data.partition(b"\r\n\r\n")
        return head.decode("latin-1"), body

    def status(self):
        return int(self.head.split(" ", 2)[1])

    def header(self, name):
        m = re.search(rf"^{re.escape(name)}:\s*(.*?)\s*$", self.head,
                      re.IGNORECASE | re.MULTILINE)
        return m.group(1) if m else None

    def read(self, size):
        """The first `size` body bytes (fewer if the server closes)."""
        while len(self.body) < size:
            chunk = self.sock.recv(size - len(self.body))
            if not chunk:
                self.closed = True
                break
            self.body += chunk
        self.received = len(self.body)
        return self.body[:size]

    def drain(self):
        """Reads and drops everything until the server closes; the bytes."""
        while True:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                self.closed = True
                return self.received
            self.received += len(chunk)

    def close(self):
        self.sock.close()


def ts_aligned(data):
    """Whether `data` is whole 188-byte TS packets, each with its sync byte."""
    whole = len(data) - len(data) % TS_PACKET
    return whole > 0 and all(data[i] == 0x47 for i in range(0, whole, TS_PACKET))


def starts_video_key_frame(packet):
    """Whether a TS packet starts a video PES flagged random access."""
    if len(packet) < TS_PACKET or packet[0] != 0x47 or not packet[1] & 0x40:
        return False
    if not packet[3] & 0x20 or packet[4] == 0 or not packet[5] & 0x40:
        return False
    pes = 5 + packet[4]
    return packet[pes:pes + 3] == b"\0\0\1" and packet[pes + 3] & 0xF0 == 0xE0


def ffprobe_streams(url, *extra):
    result = subprocess.run(
        ["ffprobe", "-v", "error", *extra, "-probesize", "2000000",
         "-analyzeduration", "2000000", "-show_entries",
         "stream=codec_type,codec_name", "-of", "json", url],
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=FFPROBE_TIMEOUT)
    if result.returncode != 0:
        raise AssertionError(f"ffprobe {url} failed ({result.returncode}):\n"
                             f"{result.stderr}")
    return {(s["codec_type"], s["codec_name"])
            for s in json.loads(result.stdout)["streams"]}


class MulticastRelayTest(harness.ServerTestCase):

    namespace = None
    senders = []

    @classmethod
    def setUpClass(cls):
        require_tool("ffmpeg")
        require_tool("ffprobe")
        reason = NetworkNamespace.unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.namespace = NetworkNamespace(f"interlude-mc-{os.getpid()}")
        reason = cls.namespace.create_and_enter()
        if reason:
            cls.namespace = None
            raise unittest.SkipTest(reason)
        try:
            cls.senders = [start_sender(UDP_GROUP, "mpegts"),
                           start_sender(RTP_GROUP, "rtp_mpegts")]
            super().setUpClass()
            cls.wait_for_streams()
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        for sender in cls.senders:
            sender.kill()
            sender.wait(timeout=10)
            sender.stderr.close()
        cls.senders = []
        if cls.namespace is not None:
            cls.namespace.leave_and_delete()
            cls.namespace = None

    @classmethod
    def configure(cls, ws):
        return harness.Config(sites=[harness.Site(sections=[streaming_section()])])

    @classmethod
    def wait_for_streams(cls):
        """Until both points relay bytes (the senders need a moment)."""
        deadline = time.monotonic() + SENDER_START_TIMEOUT
        for path in ("/tv/", "/rtp/"):
            while True:
                client = StreamClient(cls.server.port, path)
                try:
                    if client.status() == 200 and client.read(TS_PACKET):
                        break
                finally:
                    client.close()
                for sender in cls.senders:
                    if sender.poll() is not None:
                        raise AssertionError(
                            f"an ffmpeg sender exited ({sender.returncode}):\n"
                            f"{sender.stderr.read().decode(errors='replace')}")
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"no stream on {path} after {SENDER_START_TIMEOUT} s\n"
                        f"{cls.server.describe()}")

    def metric(self, name, point):
        text = self.server.admin_request("GET", "/metrics").body.decode()
        m = re.search(rf'^{name}{{point="{point}"}} (\d+)$', text, re.MULTILINE)
        self.assertIsNotNone(m, f"no {name} for {point} in /metrics:\n{text}")
        return int(m.group(1))

    def test_two_clients_receive_the_same_transport_stream(self):
        first = StreamClient(self.server.port, "/tv/")
        second = StreamClient(self.server.port, "/tv/")
        try:
            for client in (first, second):
                self.assertEqual(client.status(), 200, client.head)
                self.assertEqual(client.header("Content-Type"), "video/mp2t")
                self.assertIsNone(client.header("Content-Length"))
                self.assertIsNone(client.header("Transfer-Encoding"))
                self.assertEqual(client.header("Connection").lower(), "close")
            a = first.read(512 * 1024)
            b = second.read(512 * 1024)
            self.assertTrue(ts_aligned(a), "the stream is not whole TS packets")
            self.assertTrue(ts_aligned(b), "the stream is not whole TS packets")
            # Joined a moment apart, both got one stream: the later one's
            # start is in the earlier one's bytes.
            later, earlier = (b, a) if first.received >= second.received else (a, b)
            self.assertIn(later[:64 * 1024], earlier)
        finally:
            first.close()
            second.close()

    def test_ffprobe_reads_the_relayed_stream_with_another_client(self):
        watcher = StreamClient(self.server.port, "/tv/")
        try:
            streams = ffprobe_streams(f"http://127.0.0.1:{self.server.port}/tv/")
            self.assertIn(("video", "h264"), streams)
            self.assertIn(("audio", "aac"), streams)
            self.assertEqual(len(watcher.read(256 * 1024)), 256 * 1024)
        finally:
            watcher.close()

    def test_clients_start_at_a_video_key_frame(self):
        for _ in range(3):
            client = StreamClient(self.server.port, "/tv/")
            try:
                first = client.read(TS_PACKET)
                self.assertTrue(starts_video_key_frame(first),
                                f"the stream starts mid-picture: {first[:16].hex()}")
            finally:
                client.close()

    def test_rtp_headers_are_stripped(self):
        client = StreamClient(self.server.port, "/rtp/")
        try:
            data = client.read(256 * 1024)
            self.assertTrue(ts_aligned(data),
                            "RTP point: relayed bytes are not whole TS packets")
        finally:
            client.close()
        streams = ffprobe_streams(f"http://127.0.0.1:{self.server.port}/rtp/")
        self.assertIn(("video", "h264"), streams)
        self.assertEqual(self.metric("interlude_multicast_lost_packets_total",
                                     "rtp"), 0)

    def test_a_stalled_client_is_dropped_while_another_goes_on(self):
        dropped_before = self.metric("interlude_multicast_dropped_clients_total",
                                     "tv")
        mark = self.server.log_mark()
        reader = StreamClient(self.server.port, "/tv/")
        stalled = StreamClient(self.server.port, "/tv/", receive_buffer=4096)
        progress = []
        stop = threading.Event()

        def keep_reading():
            try:
                while not stop.is_set():
                    reader.read(reader.received + 65536)
                    progress.append(reader.received)
                    if reader.closed:
                        return
            except OSError as e:
                progress.append(e)

        thread = threading.Thread(target=keep_reading, daemon=True)
        thread.start()
        try:
            # 256 KiB of backlog and the kernel's buffers at 3 Mbit/s.
            line = self.server.wait_for_log(["dropped"], start=mark, timeout=30)
            self.assertIsNotNone(line, "the stalled client was never dropped\n"
                                 + self.server.describe())
            self.assertIn("tv", line)
            at_drop = reader.received
            deadline = time.monotonic() + READ_TIMEOUT
            while reader.received < at_drop + 256 * 1024:
                self.assertFalse(reader.closed, "the reader was closed too")
                self.assertLess(time.monotonic(), deadline,
                                "the reader stopped getting bytes after the drop")
                time.sleep(0.05)
            # The stalled client gets what the kernel holds, then the end.
            self.assertGreater(stalled.drain(), 0)
            self.assertTrue(stalled.closed)
            self.assertEqual(
                self.metric("interlude_multicast_dropped_clients_total", "tv"),
                dropped_before + 1)
        finally:
            stop.set()
            reader.close()
            stalled.close()
            thread.join(timeout=READ_TIMEOUT)

    def test_clients_past_max_clients_get_503(self):
        first = StreamClient(self.server.port, "/one/")
        try:
            self.assertEqual(first.status(), 200)
            self.assertTrue(ts_aligned(first.read(64 * 1024)),
                            "a second point on the same group gets its TS too")
            second = StreamClient(self.server.port, "/one/")
            try:
                self.assertEqual(second.status(), 503, second.head)
                self.assertIsNotNone(second.header("Retry-After"))
            finally:
                second.close()
        finally:
            first.close()

    def test_head_has_the_headers_and_no_body(self):
        client = StreamClient(self.server.port, "/tv/", method="HEAD")
        try:
            self.assertEqual(client.status(), 200)
            self.assertEqual(client.header("Content-Type"), "video/mp2t")
            self.assertEqual(client.drain(), 0)
        finally:
            client.close()

    def test_sdp_opens_the_group_in_ffprobe(self):
        resp = self.server.get("/_/points/tv.sdp")
        self.assertStatus(resp, 200)
        sdp = resp.body.decode()
        self.assertIn(f"c=IN IP4 {UDP_GROUP[0]}/16\r\n", sdp)
        self.assertIn(f"m=video {UDP_GROUP[1]} udp 33\r\n", sdp)
        path = self.ws.path("tv.sdp")
        with open(path, "w", encoding="ascii", newline="") as f:
            f.write(sdp)
        streams = ffprobe_streams(path, "-protocol_whitelist", "file,udp,rtp")
        self.assertIn(("video", "h264"), streams)


if __name__ == "__main__":
    unittest.main()
