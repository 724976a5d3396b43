"""A real player against the sample playlist: headless VLC plays
samples/site/featured.isx (an unskippable ad, content, a nested playlist)
through ?format=xspf, asx and m3u, with media made by samples/make-media.sh.

VLC and ffmpeg are required (scripts/install-deps installs them): when one is
missing the tests fail, they are never skipped. VLC refuses to run as root, so
as root it runs as `nobody` through runuser.
"""

import os
import pwd
import re
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

SOURCE_DIR = os.environ.get(
    "INTERLUDE_SOURCE_DIR",
    os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "..")))
SAMPLES = os.path.join(SOURCE_DIR, "samples")
PLAYLISTS = ("featured.isx", "more.isx")
# featured.isx resolves to these entries, in this order.
ENTRY_COUNT = 4
MEDIA = ("ads/sponsor.mp4", "news/part1.mp4", "news/part2.mp4",
         "music/jingle.mp3")
# The media last 5 + 10 + 8 + 3 s; VLC plays them faster than real time
# with --rate, but the bound leaves room for a slow, busy machine.
VLC_TIMEOUT = 120
MAKE_MEDIA_TIMEOUT = 120

# Combined log format: ... "GET /_/e/TOKEN HTTP/1.1" STATUS BYTES ...
REQUEST_RE = re.compile(r'"(GET|HEAD) (\S+) HTTP/[0-9.]+" (\d{3}) (\d+|-)')


def require_tool(name):
    path = shutil.which(name)
    if not path:
        raise AssertionError(
            f"{name} is not installed; scripts/install-deps installs it "
            f"(ffmpeg, vlc-bin, vlc-plugin-base)")
    return path


class VlcTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        require_tool("ffmpeg")
        require_tool("cvlc")
        for name in PLAYLISTS:
            shutil.copy(os.path.join(SAMPLES, "site", name),
                        os.path.join(ws.root, name))
        media = os.path.join(ws.root, "media")
        script = os.path.join(SAMPLES, "make-media.sh")
        result = subprocess.run([script, media], stdin=subprocess.DEVNULL,
                                capture_output=True, text=True,
                                timeout=MAKE_MEDIA_TIMEOUT)
        if result.returncode != 0:
            raise AssertionError(f"{script} {media} failed "
                                 f"({result.returncode}):\n{result.stderr}")
        for name in MEDIA:
            if not os.path.getsize(os.path.join(media, name)):
                raise AssertionError(f"make-media.sh made no {name}")
        # VLC runs as nobody: give it a home of its own, and let it read the
        # workspace (it only talks HTTP, but its tools may look around).
        cls.home = ws.path("vlc-home")
        os.makedirs(cls.home)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(cls.home, nobody.pw_uid, nobody.pw_gid)
        for dirpath, _, filenames in os.walk(ws.dir):
            os.chmod(dirpath, 0o755)
            for f in filenames:
                os.chmod(os.path.join(dirpath, f), 0o644)
        return harness.Config(access_log="access.log",
                              access_format="combined")

    def access_log(self):
        try:
            with open(self.ws.path("access.log"), encoding="utf-8",
                      errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def play(self, fmt):
        """Runs VLC on the playlist in format `fmt`; returns its output."""
        url = (f"http://127.0.0.1:{self.server.port}/featured.isx"
               f"?format={fmt}")
        command = [require_tool("cvlc"), "-I", "dummy", "--play-and-exit",
                   "--no-video", "--aout", "dummy", "--rate", "4",
                   "--no-media-library", "--no-metadata-network-access",
                   url]
        if os.geteuid() == 0:
            command = [require_tool("runuser"), "-u", "nobody", "--"] + command
        env = dict(os.environ, HOME=self.home,
                   XDG_CONFIG_HOME=os.path.join(self.home, ".config"),
                   XDG_CACHE_HOME=os.path.join(self.home, ".cache"),
                   XDG_DATA_HOME=os.path.join(self.home, ".local/share"))
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env=env,
                                cwd=self.home)
        try:
            out, _ = proc.communicate(timeout=VLC_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            self.fail(f"VLC did not exit within {VLC_TIMEOUT} s on {url}\n"
                      f"{out.decode(errors='replace')[-4000:]}\n"
                      f"--- access log ---\n{self.access_log()[-4000:]}")
        output = out.decode(errors="replace")
        self.assertEqual(proc.returncode, 0,
                         f"VLC exit status {proc.returncode} on {url}\n"
                         f"{output[-4000:]}")
        return output

    def check_playback(self, fmt):
        before = len(self.access_log().splitlines())
        output = self.play(fmt)
        lines = self.access_log().splitlines()[before:]
        requests = [m.groups() for m in map(REQUEST_RE.search, lines) if m]
        context = ("--- access log ---\n" + "\n".join(lines)
                   + f"\n--- VLC ---\n{output[-3000:]}")
        playlist = [r for r in requests if r[1].startswith("/featured.isx")]
        self.assertTrue(playlist and playlist[0][2] == "200",
                        f"VLC did not get the playlist:\n{context}")
        entries = [(path, int(status)) for _, path, status, _ in requests
                   if path.startswith("/_/e/")]
        # 416: VLC's prefetch sometimes reads a whole file, then asks for
        # "Range: bytes=SIZE-" before seeking back; nothing is refused there.
        bad = [e for e in entries if e[1] not in (200, 206, 416)]
        self.assertFalse(bad, f"entry requests not answered 200/206: {bad}\n"
                              f"{context}")
        self.assertTrue(entries, f"VLC requested no entry of the {fmt} "
                                 f"playlist:\n{context}")
        sessions = {path.split(".")[1] for path, _ in entries}
        self.assertEqual(len(sessions), 1,
                         f"entry requests of {len(sessions)} sessions:\n"
                         f"{context}")
        # Token: KEYID.SESSION.ENTRY.EXPIRES.MAC; the first request of each
        # entry, in the order of the log.
        order = []
        for path, _ in entries:
            index = int(path.split(".")[2])
            if index not in order:
                order.append(index)
        self.assertEqual(order, list(range(ENTRY_COUNT)),
                         f"entries not all delivered in order:\n{context}")
        # Each entry was delivered to its end (VLC may ask twice).
        for index, name in enumerate(MEDIA):
            size = os.path.getsize(os.path.join(self.ws.root, "media", name))
            sent = sum(int(count) for _, path, _, count in requests
                       if path.startswith("/_/e/") and count != "-"
                       and int(path.split(".")[2]) == index)
            self.assertGreaterEqual(
                sent, size, f"entry {index + 1} ({name}, {size} bytes): "
                f"{sent} bytes delivered\n{context}")

    def test_xspf(self):
        self.check_playback("xspf")

    def test_asx(self):
        self.check_playback("asx")

    def test_asx_starts_as_vlc_expects(self):
        # VLC takes a body served as video/x-ms-asf from a URL without an
        # .asx extension for an ASX playlist only when its first bytes are
        # "<asx version" (modules/demux/playlist/asx.c); otherwise it tries
        # the media demuxers and plays nothing.
        resp = self.assertStatus(self.server.get("/featured.isx?format=asx"),
                                 200)
        self.assertTrue(resp.body.startswith(b"<asx version"),
                        f"the ASX body starts with {resp.body[:60]!r}")

    def test_m3u(self):
        self.check_playback("m3u")


if __name__ == "__main__":
    unittest.main()
