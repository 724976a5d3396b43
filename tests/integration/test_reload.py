"""Configuration reload (admin API and SIGHUP) and graceful shutdown."""

import http.client
import os
import signal
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PAGE = b"<html>page</html>\n"
OTHER_PAGE = b"<html>other root</html>\n"
HUGE_SIZE = 200 * 1024 * 1024
GRACE = 3


def with_mime(ext, content_type, **kwargs):
    return harness.Config(rules=harness.Rules(mime={ext: content_type}),
                          **kwargs)


def with_root(root, **kwargs):
    return harness.Config(sites=[harness.Site(root=root)], **kwargs)


def bad_config():
    """A config with an unknown attribute, and the line it is on."""
    text = harness.Config().to_xml().replace(
        "<logging ", '<logging bogusReloadAttr="1" ', 1)
    return text, harness.line_of(text, "bogusReloadAttr")


def content_type(resp):
    return (resp.header("Content-Type") or "").split(";")[0].strip()


class LoadLoop(threading.Thread):
    """Sequential keep-alive GETs until stopped or a bound is reached."""

    def __init__(self, server, path, max_requests=50000, max_seconds=20.0):
        super().__init__(daemon=True)
        self.server, self.path = server, path
        self.max_requests, self.max_seconds = max_requests, max_seconds
        self.count = 0
        self.failures = []
        self.stopping = threading.Event()

    def run(self):
        conn = self.server.connection(timeout=5)
        deadline = time.monotonic() + self.max_seconds
        while (not self.stopping.is_set() and self.count < self.max_requests
               and time.monotonic() < deadline):
            try:
                conn.request("GET", self.path)
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    self.failures.append(f"request {self.count}: "
                                         f"HTTP {resp.status}")
            except (OSError, http.client.HTTPException) as exc:
                self.failures.append(f"request {self.count}: {exc!r}")
                conn.close()
                conn = self.server.connection(timeout=5)
            self.count += 1
        conn.close()

    def wait_for_progress(self, requests=100, timeout=10.0):
        """Let at least `requests` more requests happen (bounded)."""
        target = self.count + requests
        harness.wait_until(lambda: self.count >= target or not self.is_alive(),
                           timeout=timeout, interval=0.01)

    def finish(self):
        self.stopping.set()
        self.join(30)


class SlowReader(threading.Thread):
    """Downloads `path` reading 64 KiB every 10 ms (bounded in time)."""

    def __init__(self, port, path, max_seconds=30.0):
        super().__init__(daemon=True)
        self.port, self.path, self.max_seconds = port, path, max_seconds
        self.received = 0
        self.data_head = b""
        self.outcome = None

    def run(self):
        deadline = time.monotonic() + self.max_seconds
        try:
            with socket.create_connection(("127.0.0.1", self.port),
                                          timeout=10) as sock:
                sock.sendall(harness.build_request("GET", self.path))
                while time.monotonic() < deadline:
                    chunk = sock.recv(65536)
                    if not chunk:
                        self.outcome = "eof"
                        return
                    if len(self.data_head) < 4096:
                        self.data_head += chunk[:4096]
                    self.received += len(chunk)
                    time.sleep(0.01)
                self.outcome = "deadline"
        except OSError as exc:
            self.outcome = f"error: {exc!r}"


def new_connection_refused(port):
    """True when a new connection gets no response (refused, reset, closed
    or left unanswered); False when any response comes back."""
    try:
        harness.raw_request(port, harness.build_request("GET", "/"),
                            timeout=1)
    except (OSError, http.client.HTTPException):
        return True
    return False


class ReloadTestCase(unittest.TestCase):

    def setUp(self):
        self.ws = harness.Workspace()
        self.addCleanup(self.ws.cleanup)
        self.ws.write_site("index.html", PAGE)
        self.ws.write_site("a.foo", b"foo\n")
        self.ws.write("other/index.html", OTHER_PAGE)

    def start(self, config=None):
        server = harness.Server(config or harness.Config(), self.ws)
        self.addCleanup(server.close)
        return server.start()

    def reload_with(self, server, config):
        self.ws.write_config(config)
        return server.reload()

    def assertServes(self, server, path="/index.html", body=PAGE):
        resp = server.get(path)
        self.assertEqual(resp.status, 200, str(resp))
        self.assertEqual(resp.body, body)


class ReloadTest(ReloadTestCase):

    def test_reload_adds_mime_type(self):
        server = self.start()
        self.assertEqual(content_type(server.get("/a.foo")),
                         "application/octet-stream")
        resp = self.reload_with(server, with_mime(".foo", "application/x-foo"))
        self.assertEqual(resp.status, 200, str(resp))
        self.assertEqual(content_type(server.get("/a.foo")),
                         "application/x-foo")

    def test_reload_changes_site_root(self):
        server = self.start()
        self.assertServes(server)
        resp = self.reload_with(server, with_root("other"))
        self.assertEqual(resp.status, 200, str(resp))
        self.assertServes(server, body=OTHER_PAGE)

    def test_reload_names_settings_that_need_a_restart(self):
        server = self.start()
        resp = self.reload_with(server, harness.Config(workers=3))
        self.assertEqual(resp.status, 200, str(resp))
        self.assertIn(b"workers", resp.body)
        self.assertIn(b"after a restart", resp.body)
        self.assertServes(server)

    def test_reload_requires_token(self):
        server = self.start()
        resp = server.admin_request("POST", "/api/reload", token=None)
        self.assertEqual(resp.status, 401, str(resp))

    def test_bad_reload_keeps_old_config(self):
        server = self.start(with_mime(".foo", "application/x-foo"))
        text, line = bad_config()
        resp = self.reload_with(server, text)
        self.assertIn(resp.status, (400, 422), str(resp))
        body = resp.body.decode("utf-8", "replace")
        self.assertRegex(body, rf"config\.xml:{line}:\d+: ",
                         "the body must carry file:line:col error lines")
        self.assertIn("bogusReloadAttr", body)
        self.assertServes(server)
        self.assertEqual(content_type(server.get("/a.foo")),
                         "application/x-foo")
        # and a later good reload still works
        resp = self.reload_with(server, with_root("other"))
        self.assertEqual(resp.status, 200, str(resp))
        self.assertServes(server, body=OTHER_PAGE)

    def test_sighup_reloads(self):
        server = self.start()
        self.ws.write_config(with_root("other"))
        server.signal(signal.SIGHUP)
        changed = harness.wait_until(
            lambda: server.get("/index.html").body == OTHER_PAGE, timeout=10)
        self.assertTrue(changed, "SIGHUP did not apply the new site root\n"
                        + server.describe())
        self.assertTrue(server.running())

    def test_reloads_under_load(self):
        server = self.start()
        loop = LoadLoop(server, "/index.html")
        loop.start()
        self.addCleanup(loop.finish)
        loop.wait_for_progress()

        text, _ = bad_config()
        resp = self.reload_with(server, text)
        self.assertIn(resp.status, (400, 422), str(resp))
        loop.wait_for_progress()

        resp = self.reload_with(server, with_mime(".foo", "application/x-a"))
        self.assertEqual(resp.status, 200, str(resp))
        loop.wait_for_progress()

        self.ws.write_config(with_mime(".foo", "application/x-b"))
        server.signal(signal.SIGHUP)
        self.assertTrue(harness.wait_until(
            lambda: content_type(server.get("/a.foo")) == "application/x-b",
            timeout=10), "SIGHUP reload did not take effect")
        loop.wait_for_progress()

        self.assertTrue(loop.is_alive(),
                        "the load loop ended before the reloads were done; "
                        "raise its bounds")
        loop.finish()
        self.assertGreater(loop.count, 0)
        self.assertEqual(loop.failures[:20], [],
                         f"{len(loop.failures)} of {loop.count} requests "
                         f"failed during reloads")


class ShutdownTest(ReloadTestCase):

    def test_sigterm_idle_exits_zero(self):
        server = self.start()
        self.assertServes(server)
        self.assertEqual(server.stop(timeout=10), 0, server.describe())

    def test_sigterm_during_slow_download(self):
        with open(os.path.join(self.ws.root, "huge.bin"), "wb") as f:
            f.truncate(HUGE_SIZE)
        server = self.start(harness.Config(shutdown_grace=GRACE))
        reader = SlowReader(server.port, "/huge.bin")
        reader.start()
        self.addCleanup(reader.join, 40)
        self.assertTrue(harness.wait_until(
            lambda: reader.received >= 1024 * 1024 or not reader.is_alive(),
            timeout=10) and reader.is_alive(),
            f"download did not start: {reader.outcome} "
            f"{reader.data_head[:300]!r}")
        self.assertRegex(reader.data_head, rb"^HTTP/1\.[01] 200 ")

        sent = time.monotonic()
        server.signal(signal.SIGTERM)
        self.assertTrue(
            harness.wait_until(lambda: new_connection_refused(server.port),
                               timeout=GRACE, interval=0.1),
            "new connections were still served after SIGTERM")

        status = server.wait(GRACE + 5 - (time.monotonic() - sent))
        self.assertEqual(status, 0, "exit status after SIGTERM (None = "
                                    f"still running)\n{server.describe()}")
        reader.join(40)
        self.assertFalse(reader.is_alive())
        head_end = reader.data_head.find(b"\r\n\r\n") + 4
        complete = reader.received - head_end == HUGE_SIZE
        self.assertTrue(complete or reader.outcome != "deadline",
                        f"download neither completed nor was cut: "
                        f"{reader.outcome}")


if __name__ == "__main__":
    unittest.main()
