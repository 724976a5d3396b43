"""Plugins: the sample hello plugin, its admin route and counter, and
plugins that fail to load."""

import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

GREETING = "Greetings from the plugin test"
HELLO_COUNTER = re.compile(
    r"^\S*hello_requests_total(?:\{[^}]*\})?\s+([0-9.eE+]+)", re.MULTILINE)


class HelloPluginTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        return harness.hello_config(greeting=GREETING)

    def hello_count(self):
        resp = self.assertStatus(self.server.admin_request("GET",
                                                           "/api/hello"), 200)
        self.assertTrue((resp.header("Content-Type") or "")
                        .startswith("application/json"), str(resp))
        count = resp.json().get("requests")
        self.assertIsInstance(count, int, resp.body)
        return count

    def test_hello_world(self):
        resp = self.assertStatus(self.server.get("/hello/world"), 200)
        body = resp.body.decode("utf-8", "replace")
        self.assertIn(GREETING, body)
        self.assertIn("world", body)

    def test_head_matches_get(self):
        get = self.assertStatus(self.server.get("/hello/there"), 200)
        head = self.server.request("HEAD", "/hello/there")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.header_items(), get.header_items())
        self.assertEqual(head.body, b"")

    def test_admin_route_counts_requests(self):
        before = self.hello_count()
        for name in ("a", "b", "c"):
            self.assertStatus(self.server.get(f"/hello/{name}"), 200)
        self.assertGreaterEqual(self.hello_count(), before + 3)

    def test_admin_route_answers_head_like_get(self):
        get = self.assertStatus(self.server.admin_request("GET", "/api/hello"), 200)
        head = self.assertStatus(self.server.admin_request("HEAD", "/api/hello"), 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))

    def test_admin_route_requires_token(self):
        resp = self.server.admin_request("GET", "/api/hello", token=None)
        self.assertStatus(resp, 401)

    def test_counter_in_metrics(self):
        self.assertStatus(self.server.get("/hello/metrics"), 200)
        text = self.server.metrics()
        m = HELLO_COUNTER.search(text)
        self.assertIsNotNone(m, f"no hello_requests_total sample:\n{text}")
        self.assertGreaterEqual(float(m.group(1)), 1)

    def test_plugin_listed_in_status(self):
        status = self.server.admin_request("GET", "/api/status").json()
        self.assertIn("hello", json.dumps(status.get("plugins")))

    def test_static_still_served_beside_plugin(self):
        self.ws.write_site("plain.txt", b"plain\n")
        self.assertEqual(self.server.get("/plain.txt").body, b"plain\n")


class PluginLoadFailureTest(unittest.TestCase):

    def setUp(self):
        self.ws = harness.Workspace()
        self.addCleanup(self.ws.cleanup)

    def serve_with_plugin(self, path):
        config = harness.Config(plugins=[harness.Plugin(path)])
        return harness.serve_expecting_exit(self.ws.write_config(config))

    def assertNamesFile(self, result, path):
        self.assertTrue(path in result.stderr
                        or os.path.realpath(path) in result.stderr,
                        f"stderr does not name {path}\n{result}")

    def test_missing_plugin_file(self):
        path = self.ws.path("libmissing-plugin.so")
        result = self.serve_with_plugin(path)
        self.assertEqual(result.returncode, 2, str(result))
        self.assertNamesFile(result, path)

    def test_bad_abi_plugin(self):
        path = harness.bad_abi_plugin_path()
        result = self.serve_with_plugin(path)
        self.assertNotEqual(result.returncode, 0, str(result))
        self.assertNamesFile(result, path)
        self.assertRegex(result.stderr, r"(?i)\bABI\b")

    def test_non_elf_plugin(self):
        path = self.ws.write("x.so", b"this is not an ELF shared object\n"
                             + bytes(range(256)) * 8)
        result = self.serve_with_plugin(path)
        self.assertNotEqual(result.returncode, 0, str(result))
        self.assertNamesFile(result, path)


if __name__ == "__main__":
    unittest.main()
