"""URL filtering: hostile paths, denied extensions and segments, limits.

Every hostile request goes over a raw socket so that the exact bytes reach
the server.  A secret file sits OUTSIDE the site root (WORKDIR/secret.txt)
and must never come back.
"""

import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PAGE = b"<html>a page in the root</html>\n"

# Loose keyword sets: a rejection must log at least one line that names
# the path or one of these words (case-insensitive).
TRAVERSAL = ("travers", "..", "dot", "outside", "escape", "parent")
ENCODING = ("encod", "percent", "escape", "invalid", "malformed", "decode")
SLASH = ("slash", "%2f", "separator") + ENCODING
BACKSLASH = ("backslash", "\\", "%5c") + ENCODING
NUL = ("nul", "%00", "control") + ENCODING
OVERLONG = ("overlong", "utf") + ENCODING

# (raw request target, keywords; None = a plain 404 that needs no log line)
HOSTILE = [
    ("/../secret.txt", TRAVERSAL),
    ("/%2e%2e/secret.txt", TRAVERSAL + ENCODING),
    ("/%2E%2E%2Fsecret.txt", TRAVERSAL + SLASH),
    ("/..%2fsecret.txt", TRAVERSAL + SLASH),
    ("/..%2Fsecret.txt", TRAVERSAL + SLASH),
    ("/..%5csecret.txt", TRAVERSAL + BACKSLASH),
    ("/..\\secret.txt", TRAVERSAL + BACKSLASH),
    ("/%5c..%5csecret.txt", TRAVERSAL + BACKSLASH),
    ("/%c0%ae%c0%ae/secret.txt", TRAVERSAL + OVERLONG),
    ("/%e0%80%ae%e0%80%ae/secret.txt", TRAVERSAL + OVERLONG),
    ("/%c0%af../secret.txt", TRAVERSAL + OVERLONG),
    ("/%252e%252e/secret.txt", None),
    ("/%252e%252e%252fsecret.txt", None),
    ("/%ef%bc%8e%ef%bc%8e/secret.txt", None),     # fullwidth dots
    ("/..;/secret.txt", None),
    ("/..%00/secret.txt", TRAVERSAL + NUL),
    ("/foo/../../secret.txt", TRAVERSAL),
    ("/./../secret.txt", TRAVERSAL),
    ("//../secret.txt", TRAVERSAL),
    ("/.%2e/secret.txt", TRAVERSAL + ENCODING),
    ("/%2e./secret.txt", TRAVERSAL + ENCODING),
    ("/...//..//secret.txt", TRAVERSAL),
    ("/a/%2e/b", TRAVERSAL + ENCODING + ("not found", "404")),
    ("/page.html%00", NUL),
    ("/page%00.html", NUL),
    ("/%00", NUL),
    ("/%zz", ENCODING),
    ("/%", ENCODING),
    ("/%2", ENCODING),
    ("http://127.0.0.1/../secret.txt", TRAVERSAL),
    ("http://127.0.0.1/%2e%2e/secret.txt", TRAVERSAL + ENCODING),
]

DEFAULT_DENIED = (".lua", ".xsl", ".xslt", ".config")


def fill_root(ws):
    ws.write_site("index.html", PAGE)
    ws.write_site("page.html", PAGE)
    ws.write_site("a/b", PAGE)


class FilteringTestCase(harness.ServerTestCase):

    def raw_get(self, target, headers=None, body=None, method="GET"):
        return self.server.request(method, target, headers=headers,
                                   body=body, raw=True)

    def assertRejected(self, target, statuses, keywords, **kwargs):
        """Request `target`; expect one of `statuses`, no secret, and (when
        keywords is not None) a stderr line naming the rule or the path."""
        mark = self.server.log_mark()
        resp = self.raw_get(target, **kwargs)
        self.assertStatus(resp, *statuses)
        self.assertNotIn(harness.SECRET.strip(), resp.body)
        if keywords is not None:
            names = tuple(keywords) + (target.split("?")[0],)
            line = self.server.wait_for_log(names, start=mark)
            self.assertIsNotNone(
                line, f"no stderr line naming the rule for {target!r} "
                f"(keywords {names}); new stderr lines:\n"
                + "\n".join(self.server.log_since(mark)))
        return resp


class HostilePathTest(FilteringTestCase):

    @classmethod
    def configure(cls, ws):
        fill_root(ws)
        for ext in DEFAULT_DENIED:
            ws.write_site("script" + ext, b"must not be served\n")
        return harness.Config()

    def test_normal_page_served(self):
        resp = self.assertStatus(self.raw_get("/page.html"), 200)
        self.assertEqual(resp.body, PAGE)

    def test_hostile_paths_rejected(self):
        self.assertGreaterEqual(len(HOSTILE), 20)
        for target, keywords in HOSTILE:
            with self.subTest(target=target):
                resp = self.assertRejected(target, (400, 404), keywords)
                self.assertNotEqual(resp.body, PAGE,
                                    "a NUL/overlong path served a file")

    def test_default_denied_extensions(self):
        for ext in DEFAULT_DENIED:
            with self.subTest(extension=ext):
                self.assertRejected("/script" + ext, (404,),
                                    ("denied", "extension", ext))

    def test_still_serving_after_attacks(self):
        for target, _ in HOSTILE:
            try:
                self.raw_get(target)
            except OSError:
                pass
        resp = self.assertStatus(self.raw_get("/page.html"), 200)
        self.assertEqual(resp.body, PAGE)


class ConfiguredRulesTest(FilteringTestCase):

    @classmethod
    def configure(cls, ws):
        fill_root(ws)
        ws.write_site("a.ismv", b"smooth streaming fragment\n")
        ws.write_site("private/x.txt", b"private\n")
        ws.write_site("public/x.txt", b"public\n")
        rules = harness.Rules(
            limits={"maxUrlBytes": 200, "maxHeaders": 20,
                    "maxHeaderBytes": 2048, "maxBodyBytes": 100},
            deny_extensions=[".ismv"], deny_segments=["private"])
        return harness.Config(rules=rules)

    def test_denied_extension(self):
        self.assertRejected("/a.ismv", (404,), ("denied", "extension",
                                                 ".ismv"))

    def test_denied_segment(self):
        self.assertRejected("/private/x.txt", (404,),
                            ("denied", "segment", "private"))

    def test_other_segment_allowed(self):
        self.assertStatus(self.raw_get("/public/x.txt"), 200)

    def test_long_url(self):
        self.assertRejected("/" + "a" * 300, (414,),
                            ("url", "uri", "long", "414"))

    def test_url_within_limit(self):
        self.assertStatus(self.raw_get("/page.html?" + "q" * 100), 200)

    def test_too_many_headers(self):
        headers = {f"X-Header-{i}": "v" for i in range(30)}
        self.assertRejected("/page.html", (431,), ("header", "431"),
                            headers=headers)

    def test_header_too_large(self):
        self.assertRejected("/page.html", (431,), ("header", "431"),
                            headers={"X-Big": "b" * 3000})

    def test_body_too_large(self):
        """Content-Length above maxBodyBytes is refused from the header
        alone: the body is never sent, so the server must not wait for it."""
        data = harness.build_request("POST", "/page.html", headers={
            "Content-Length": "1000", "Content-Type": "text/plain"})
        mark = self.server.log_mark()
        try:
            resp = harness.raw_request(self.server.port, data, "POST",
                                       timeout=5)
        except socket.timeout:
            self.fail("no response to a POST with Content-Length 1000 "
                      "(> maxBodyBytes 100) within 5 s")
        self.assertStatus(resp, 413)
        self.assertIsNotNone(
            self.server.wait_for_log(("body", "content-length", "413",
                                      "large"), start=mark),
            "no stderr line naming the body limit:\n"
            + "\n".join(self.server.log_since(mark)))

    def test_still_serving_after_rejections(self):
        self.raw_get("/" + "a" * 300)
        self.raw_get("/page.html", headers={"X-Big": "b" * 3000})
        self.assertStatus(self.raw_get("/page.html"), 200)


if __name__ == "__main__":
    unittest.main()
