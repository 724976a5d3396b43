"""Static delivery from the site root: conditional requests, ranges,
content types, directories, methods, large files and symlinks."""

import email.utils
import hashlib
import os
import random
import sys
import time
import unittest
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

INDEX = b"<html><body>root index</body></html>\n"
DIR_INDEX = b"<html><body>dir index</body></html>\n"
TEXT = b"".join(b"%02d" % i for i in range(50))          # 100 bytes
BIG_SIZE = 20 * 1024 * 1024
ALLOWED = {"GET", "HEAD", "OPTIONS"}
POLICY_FILES = {
    "clientaccesspolicy.xml":
        b'<?xml version="1.0"?><access-policy><cross-domain-access/>'
        b'</access-policy>\n',
    "crossdomain.xml":
        b'<?xml version="1.0"?><cross-domain-policy>'
        b'<allow-access-from domain="*"/></cross-domain-policy>\n',
}


def allow_set(resp):
    return {m.strip().upper()
            for m in (resp.header("Allow") or "").split(",") if m.strip()}


def sha256_of_response(resp, chunk=1024 * 1024, limit=64 * 1024 * 1024):
    digest, total = hashlib.sha256(), 0
    while total <= limit:
        data = resp.read(chunk)
        if not data:
            break
        digest.update(data)
        total += len(data)
    return digest.hexdigest(), total


class StaticTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        ws.write_site("index.html", INDEX)
        ws.write_site("file.txt", TEXT)
        ws.write_site("video.mp4", b"\x00\x00\x00\x18ftypmp42")
        ws.write_site("style.css", b"body { color: red; }\n")
        ws.write_site("data.json", b'{"a": 1}\n')
        ws.write_site("blob.xyz", b"unknown kind\n")
        ws.write_site("dir/index.html", DIR_INDEX)
        ws.write_site("noindex/other.txt", b"no index here\n")
        for name, data in POLICY_FILES.items():
            ws.write_site(name, data)
        cls.big = random.Random(1234).randbytes(BIG_SIZE)
        ws.write_site("big.bin", cls.big)
        os.symlink(ws.secret_path, os.path.join(ws.root, "link_out.txt"))
        os.symlink("file.txt", os.path.join(ws.root, "link_in.txt"))
        return harness.hello_config(greeting="Howdy")

    def get(self, path, **headers):
        return self.server.get(path, headers=headers)

    def etag(self, path="/file.txt"):
        return self.assertStatus(self.get(path), 200).header("ETag")

    # ----- GET / HEAD parity -------------------------------------------------

    def test_head_matches_get(self):
        etag = self.etag()
        cases = [
            ("200", "/file.txt", {}),
            ("206", "/file.txt", {"Range": "bytes=0-9"}),
            ("304", "/file.txt", {"If-None-Match": etag}),
            ("404", "/missing.txt", {}),
            ("403", "/noindex/", {}),
            ("416", "/file.txt", {"Range": "bytes=500-600"}),
            ("301", "/dir", {}),
            ("plugin", "/hello/world", {}),
        ]
        for name, path, headers in cases:
            with self.subTest(case=name, path=path):
                get = self.server.request("GET", path, headers)
                head = self.server.request("HEAD", path, headers)
                if name.isdigit():
                    self.assertStatus(get, int(name))
                self.assertEqual(head.status, get.status,
                                 f"GET:\n{get}\nHEAD:\n{head}")
                self.assertEqual(head.header_items(), get.header_items(),
                                 "HEAD headers differ from GET headers")
                self.assertEqual(head.body, b"")

    def test_head_has_content_length_of_get(self):
        head = self.assertStatus(self.server.request("HEAD", "/file.txt"),
                                 200)
        self.assertEqual(head.header("Content-Length"), str(len(TEXT)))

    # ----- validators and conditional requests -------------------------------

    def test_strong_etag_and_last_modified(self):
        resp = self.assertStatus(self.get("/file.txt"), 200)
        self.assertEqual(resp.body, TEXT)
        self.assertRegex(resp.header("ETag") or "", r'^"[^"]+"$',
                         "ETag must be strong and quoted")
        last_modified = resp.header("Last-Modified")
        self.assertIsNotNone(last_modified, f"no Last-Modified:\n{resp}")
        stamp = email.utils.parsedate_to_datetime(last_modified).timestamp()
        mtime = os.stat(os.path.join(self.ws.root, "file.txt")).st_mtime
        self.assertLessEqual(abs(stamp - int(mtime)), 1)

    def test_if_none_match_gives_304(self):
        etag = self.etag()
        for value in (etag, f'"nope", {etag}', "*"):
            with self.subTest(if_none_match=value):
                resp = self.assertStatus(
                    self.get("/file.txt", **{"If-None-Match": value}), 304)
                self.assertEqual(resp.body, b"")
                self.assertEqual(resp.header("ETag"), etag)

    def test_if_none_match_other_etag_gives_200(self):
        resp = self.get("/file.txt", **{"If-None-Match": '"nope"'})
        self.assertEqual(self.assertStatus(resp, 200).body, TEXT)

    def test_if_modified_since(self):
        last_modified = self.get("/file.txt").header("Last-Modified")
        resp = self.get("/file.txt", **{"If-Modified-Since": last_modified})
        self.assertEqual(self.assertStatus(resp, 304).body, b"")
        resp = self.get("/file.txt", **{
            "If-Modified-Since": "Sat, 01 Jan 2000 00:00:00 GMT"})
        self.assertEqual(self.assertStatus(resp, 200).body, TEXT)

    # ----- ranges ------------------------------------------------------------

    def test_accept_ranges(self):
        resp = self.assertStatus(self.get("/file.txt"), 200)
        self.assertEqual(resp.header("Accept-Ranges"), "bytes")

    def test_single_ranges(self):
        n = len(TEXT)
        cases = [("bytes=0-9", 0, 9), ("bytes=10-", 10, n - 1),
                 ("bytes=-5", n - 5, n - 1), ("bytes=90-500", 90, n - 1)]
        for spec, first, last in cases:
            with self.subTest(range=spec):
                resp = self.assertStatus(self.get("/file.txt", Range=spec),
                                         206)
                self.assertEqual(resp.header("Content-Range"),
                                 f"bytes {first}-{last}/{n}")
                self.assertEqual(resp.body, TEXT[first:last + 1])
                self.assertEqual(resp.header("Content-Length"),
                                 str(last - first + 1))

    def test_range_beyond_end_gives_416(self):
        for spec in ("bytes=100-", "bytes=500-600"):
            with self.subTest(range=spec):
                resp = self.assertStatus(self.get("/file.txt", Range=spec),
                                         416)
                self.assertEqual(resp.header("Content-Range"),
                                 f"bytes */{len(TEXT)}")

    def test_if_range(self):
        etag = self.etag()
        resp = self.get("/file.txt", Range="bytes=0-9",
                        **{"If-Range": etag})
        self.assertEqual(self.assertStatus(resp, 206).body, TEXT[:10])
        resp = self.get("/file.txt", Range="bytes=0-9",
                        **{"If-Range": '"not-the-etag"'})
        self.assertEqual(self.assertStatus(resp, 200).body, TEXT)

    def test_multiple_ranges_give_full_body(self):
        resp = self.get("/file.txt", Range="bytes=0-9,20-29")
        self.assertEqual(self.assertStatus(resp, 200).body, TEXT)

    # ----- content types -----------------------------------------------------

    def test_content_types(self):
        cases = [("/index.html", "text/html"), ("/video.mp4", "video/mp4"),
                 ("/style.css", "text/css"),
                 ("/data.json", "application/json"),
                 ("/blob.xyz", "application/octet-stream")]
        for path, expected in cases:
            with self.subTest(path=path):
                resp = self.assertStatus(self.get(path), 200)
                content_type = resp.header("Content-Type") or ""
                self.assertEqual(content_type.split(";")[0].strip().lower(),
                                 expected)

    # ----- directories and fixed routes --------------------------------------

    def test_directory_with_index(self):
        self.assertEqual(self.assertStatus(self.get("/"), 200).body, INDEX)
        self.assertEqual(self.assertStatus(self.get("/dir/"), 200).body,
                         DIR_INDEX)

    def test_directory_without_index_is_forbidden(self):
        self.assertStatus(self.get("/noindex/"), 403)

    def test_directory_without_slash_redirects(self):
        resp = self.assertStatus(self.get("/dir"), 301)
        location = resp.header("Location") or ""
        self.assertEqual(urlsplit(location).path, "/dir/",
                         f"Location: {location!r}")

    def test_healthz(self):
        self.assertStatus(self.get("/healthz"), 200)

    def test_policy_files(self):
        for name, data in POLICY_FILES.items():
            with self.subTest(file=name):
                resp = self.assertStatus(self.get("/" + name), 200)
                self.assertEqual(resp.body, data)
                self.assertIn(resp.header("Content-Type", "").split(";")[0],
                              ("text/xml", "application/xml"))

    # ----- methods -----------------------------------------------------------

    def test_unsupported_methods(self):
        for method in ("POST", "PUT", "DELETE"):
            with self.subTest(method=method):
                resp = self.server.request(method, "/file.txt", body=b"x")
                self.assertStatus(resp, 405)
                self.assertEqual(allow_set(resp), ALLOWED,
                                 f"Allow: {resp.header('Allow')!r}")

    def test_request_with_unread_body_closes_the_connection(self):
        # No static handler reads bodies: the bytes must not become a request.
        data = (b"GET /file.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\n\r\n"
                b"GET /secret HTTP/1.1\r\nX: y\r\n\r\n")
        resp = harness.raw_request(self.server.port, data)
        self.assertEqual(resp.status, 200, str(resp))
        self.assertEqual((resp.header("Connection") or "").lower(), "close")

    def test_options(self):
        resp = self.assertStatus(self.server.request("OPTIONS", "/file.txt"),
                                 204, 200)
        self.assertTrue(ALLOWED <= allow_set(resp),
                        f"Allow: {resp.header('Allow')!r}")

    # ----- large files -------------------------------------------------------

    def test_large_file_intact(self):
        conn = self.server.connection(timeout=60)
        try:
            conn.request("GET", "/big.bin")
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            self.assertEqual(resp.getheader("Content-Length"), str(BIG_SIZE))
            digest, size = sha256_of_response(resp)
        finally:
            conn.close()
        self.assertEqual(size, BIG_SIZE)
        self.assertEqual(digest, hashlib.sha256(self.big).hexdigest())

    def test_range_in_middle_of_large_file(self):
        first, last = 10 * 1024 * 1024 + 7, 11 * 1024 * 1024 + 12
        resp = self.server.get("/big.bin",
                               headers={"Range": f"bytes={first}-{last}"},
                               timeout=60)
        self.assertStatus(resp, 206)
        self.assertEqual(resp.header("Content-Range"),
                         f"bytes {first}-{last}/{BIG_SIZE}")
        self.assertEqual(hashlib.sha256(resp.body).hexdigest(),
                         hashlib.sha256(self.big[first:last + 1]).hexdigest())

    # ----- symlinks ----------------------------------------------------------

    def test_symlink_outside_root_is_forbidden(self):
        resp = self.assertStatus(self.get("/link_out.txt"), 403)
        self.assertNotIn(harness.SECRET.strip(), resp.body)

    def test_symlink_inside_root_is_served(self):
        self.assertEqual(self.assertStatus(self.get("/link_in.txt"), 200).body,
                         TEXT)


class PolicyFilesWithRootHandlerTest(harness.ServerTestCase):
    """The policy files come from the site root even when a handler is
    mapped on "/"."""

    @classmethod
    def configure(cls, ws):
        for name, data in POLICY_FILES.items():
            ws.write_site(name, data)
        return harness.hello_config(greeting="RootHello", prefix="/")

    def test_root_handler_is_active(self):
        resp = self.assertStatus(self.server.get("/anything"), 200)
        self.assertIn(b"RootHello", resp.body)

    def test_policy_files_served_from_root(self):
        for name, data in POLICY_FILES.items():
            with self.subTest(file=name):
                resp = self.assertStatus(self.server.get("/" + name), 200)
                self.assertEqual(resp.body, data)
                self.assertIn(resp.header("Content-Type", "").split(";")[0],
                              ("text/xml", "application/xml"))


class OpenFileCacheTest(unittest.TestCase):
    """Small files are served from memory for fileCacheMilliseconds; a
    changed file shows once its entry is older than that."""

    def serve(self, cache_ms):
        ws = harness.Workspace()
        self.addCleanup(ws.cleanup)
        ws.write_site("note.txt", b"first version\n")
        server = harness.Server(harness.Config(file_cache_ms=cache_ms), ws)
        server.start()
        self.addCleanup(server.stop)
        return ws, server

    def replace(self, ws, data):
        # A new file (new inode) as editors and deploy tools write it.
        tmp = ws.path("site/note.txt.tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, ws.path("site/note.txt"))

    def test_change_is_seen_after_the_validity(self):
        ws, server = self.serve(300)
        self.assertEqual(server.get("/note.txt").body, b"first version\n")
        self.replace(ws, b"second version\n")
        self.assertEqual(server.get("/note.txt").body, b"first version\n")
        time.sleep(0.4)
        self.assertEqual(server.get("/note.txt").body, b"second version\n")

    def test_zero_turns_the_cache_off(self):
        ws, server = self.serve(0)
        self.assertEqual(server.get("/note.txt").body, b"first version\n")
        self.replace(ws, b"second version\n")
        self.assertEqual(server.get("/note.txt").body, b"second version\n")


if __name__ == "__main__":
    unittest.main()
