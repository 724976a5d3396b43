"""Ways around a playlist's rules that the server must close: a player that
stalls while an ad is sent, remote entries after an ad, entry links used on
another site, and entry paths the site's filters deny."""

import os
import re
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ENTRY_RE = re.compile(rb"http://[^\s\"<]+(/_/e/[A-Za-z0-9._~-]+)")
BIG_AD = 32 * 1024 * 1024  # far more than the socket buffers hold

SMIL = ('<smil xmlns="http://www.w3.org/ns/SMIL" '
        'xmlns:i="urn:interlude:playlist:1"><body>{}</body></smil>')


class RulesTest(unittest.TestCase):

    def serve(self, sites, files):
        ws = harness.Workspace()
        self.addCleanup(ws.cleanup)
        for path, data in files.items():
            target = ws.path(path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                if isinstance(data, int):
                    f.truncate(data)  # a sparse file of that size
                else:
                    f.write(data)
        server = harness.Server(harness.Config(sites=sites), ws)
        self.addCleanup(server.close)
        server.start()
        return server

    def entries(self, server, path, host="127.0.0.1"):
        resp = server.get(path + "?format=m3u", headers={"Host": host})
        self.assertEqual(resp.status, 200, str(resp))
        return [m.decode() for m in ENTRY_RE.findall(resp.body)]

    def test_a_stalled_ad_does_not_unlock_the_next_entry(self):
        server = self.serve([harness.Site()], {
            "site/ad.mp4": BIG_AD, "site/show.mp4": b"show",
            "site/p.isx": SMIL.format('<ref src="ad.mp4" i:kind="ad"/>'
                                      '<ref src="show.mp4"/>').encode()})
        ad, show = self.entries(server, "/p.isx")
        stalled = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        self.addCleanup(stalled.close)
        stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        stalled.sendall(f"GET {ad} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        stalled.recv(1024)  # the headers and a first few bytes, then nothing more
        time.sleep(0.5)
        resp = server.get(show)
        self.assertEqual(resp.status, 403, str(resp))
        self.assertIn(b"must play first", resp.body)

    def test_remote_entries_keep_the_rules(self):
        server = self.serve([harness.Site()], {
            "site/ad.mp4": b"a" * 1000,
            "site/p.isx": SMIL.format('<ref src="ad.mp4" i:kind="ad"/>'
                                      '<ref src="http://cdn.example/x.mp4"/>').encode()})
        ad, remote = self.entries(server, "/p.isx")
        self.assertEqual(server.get(remote).status, 403)
        self.assertEqual(server.get(ad).status, 200)
        resp = server.get(remote)
        self.assertEqual(resp.status, 302, str(resp))
        self.assertEqual(resp.header("Location"), "http://cdn.example/x.mp4")

    def test_links_work_on_their_own_site_only(self):
        server = self.serve(
            [harness.Site(name="a", root="a", hosts=["a.test"]),
             harness.Site(name="b", root="b", hosts=["b.test"], default=False)],
            {"a/p.isx": SMIL.format('<ref src="secret.mp4"/>').encode(),
             "a/secret.mp4": b"A-MEDIA", "b/secret.mp4": b"B-SECRET"})
        (link,) = self.entries(server, "/p.isx", host="a.test")
        other = server.get(link, headers={"Host": "b.test"})
        self.assertEqual(other.status, 403, str(other))
        self.assertNotIn(b"B-SECRET", other.body)
        own = server.get(link, headers={"Host": "a.test"})
        self.assertEqual(own.body, b"A-MEDIA")

    def test_entries_the_filters_deny_are_left_out(self):
        server = self.serve(
            [harness.Site(rules=harness.Rules(deny_extensions=[".txt"]))],
            {"site/p.isx": SMIL.format('<ref src="notes.txt"/><ref src="ok.mp4"/>').encode(),
             "site/notes.txt": b"private notes", "site/ok.mp4": b"ok"})
        links = self.entries(server, "/p.isx")
        self.assertEqual(len(links), 1)
        self.assertEqual(server.get(links[0]).body, b"ok")


if __name__ == "__main__":
    unittest.main()
