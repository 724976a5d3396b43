"""Admin listener: bearer-token auth, /api/status, /metrics, token
secrecy in logs, access log formats."""

import datetime
import json
import os
import re
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PAGE = b"<html>logged page</html>\n"
USER_AGENT = "interlude-it/1.0"
COMBINED = re.compile(
    r'^(?P<host>\S+) (?P<ident>\S+) (?P<user>\S+) \[(?P<time>[^\]]+)\] '
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\d+|-) '
    r'"(?P<referer>[^"]*)" "(?P<agent>[^"]*)" (?P<taken>\d+(?:\.\d+)?)$')
STATUS_KEYS = {"version", "uptimeSeconds", "listeners", "sites", "plugins",
               "counters"}
REQUESTS_2XX = 'interlude_requests_total{class="2xx"}'


def unique_path(suffix=".txt"):
    return f"/it-{uuid.uuid4().hex[:12]}{suffix}"


class AccessLogMixin:
    """Helpers for tests whose server writes WORKDIR/access.log."""

    def access_log(self):
        path = self.ws.path("access.log")
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def wait_for_access_log(self, needle, timeout=5.0):
        """The access log text once it contains `needle` (fails if never)."""
        found = harness.wait_until(lambda: needle in self.access_log(),
                                   timeout=timeout)
        text = self.access_log()
        self.assertTrue(found, f"{needle!r} never reached access.log:\n{text}")
        return text

    def log_page(self, path):
        """Create `path` in the root and GET it with a known User-Agent."""
        self.ws.write_site(path.lstrip("/"), PAGE)
        return self.server.get(path, headers={"User-Agent": USER_AGENT})


class AdminTest(AccessLogMixin, harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        ws.write_site("index.html", PAGE)
        return harness.Config()

    # ----- authentication ----------------------------------------------------

    def test_status_without_token(self):
        resp = self.assertStatus(
            self.server.admin_request("GET", "/api/status", token=None), 401)
        self.assertTrue((resp.header("WWW-Authenticate") or "")
                        .startswith("Bearer"), str(resp))

    def test_status_with_wrong_token(self):
        for auth in ("Bearer wrong-token", "Bearer ", "Basic c2VjcmV0",
                     f"Bearer {self.server.token}x",
                     f"Bearer {self.server.token[:-1]}"):
            with self.subTest(authorization=auth):
                resp = self.server.admin_request(
                    "GET", "/api/status", token=None,
                    headers={"Authorization": auth})
                self.assertStatus(resp, 401)

    def test_request_body_is_never_taken_for_a_request(self):
        smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        data = (b"POST /api/status HTTP/1.1\r\nHost: x\r\nContent-Length: "
                + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
        resp = harness.raw_request(self.server.admin_port, data, method="POST")
        self.assertEqual((resp.header("Connection") or "").lower(), "close",
                         str(resp))

    def test_metrics_require_token(self):
        self.assertStatus(
            self.server.admin_request("GET", "/metrics", token=None), 401)

    # ----- status ------------------------------------------------------------

    def test_status(self):
        resp = self.assertStatus(
            self.server.admin_request("GET", "/api/status"), 200)
        self.assertTrue((resp.header("Content-Type") or "")
                        .startswith("application/json"), str(resp))
        status = resp.json()
        self.assertTrue(STATUS_KEYS <= set(status),
                        f"missing keys {STATUS_KEYS - set(status)}")
        self.assertRegex(str(status["version"]), r"\d+\.\d+\.\d+")
        self.assertGreaterEqual(status["uptimeSeconds"], 0)
        self.assertIn(str(self.server.port), json.dumps(status["listeners"]))
        self.assertIn("main", json.dumps(status["sites"]))

    # ----- metrics -----------------------------------------------------------

    def test_metrics_names(self):
        self.server.get("/index.html")
        text = self.server.metrics()
        for name in (REQUESTS_2XX, "interlude_response_bytes_total",
                     "interlude_requests_in_flight",
                     'interlude_request_duration_seconds_bucket{le="'):
            with self.subTest(metric=name):
                self.assertIn(name, text)

    def test_requests_counter_increases(self):
        before = harness.metric_value(self.server.metrics(), REQUESTS_2XX)
        self.assertIsNotNone(before, f"no {REQUESTS_2XX} sample")
        for _ in range(5):
            self.assertStatus(self.server.get("/index.html"), 200)
        def grown():
            value = harness.metric_value(self.server.metrics(), REQUESTS_2XX)
            return value is not None and value >= before + 5

        self.assertTrue(harness.wait_until(grown, timeout=5),
                        f"{REQUESTS_2XX} did not grow by 5 from {before}:\n"
                        f"{self.server.metrics()}")

    # ----- logs --------------------------------------------------------------

    def test_token_never_logged(self):
        token = self.server.token
        self.server.get("/index.html",
                        headers={"Authorization": f"Bearer {token}"})
        self.server.get("/missing", headers={"Authorization":
                                             f"Bearer {token}"})
        self.server.admin_request("GET", "/api/status")
        self.server.admin_request("GET", "/metrics")
        self.server.admin_request("GET", "/api/nosuch")
        marker = unique_path()
        self.log_page(marker)
        log = self.wait_for_access_log(marker)
        self.assertNotIn(token, log)
        self.assertNotIn(token, self.server.stderr.text())
        self.assertNotIn(token, self.server.stdout.text())

    def test_combined_access_log(self):
        ok, missing = unique_path(), unique_path()
        self.assertStatus(self.log_page(ok), 200)
        self.assertStatus(self.server.get(
            missing, headers={"User-Agent": USER_AGENT}), 404)
        # A line is written once its response has gone, so the two may come in
        # either order: wait for both.
        self.wait_for_access_log(ok)
        log = self.wait_for_access_log(missing)
        for path, status in ((ok, 200), (missing, 404)):
            with self.subTest(path=path):
                lines = [line for line in log.splitlines() if path in line]
                self.assertEqual(len(lines), 1, f"access log:\n{log}")
                m = COMBINED.match(lines[0])
                self.assertIsNotNone(m, f"not combined format: {lines[0]!r}")
                self.assertEqual(m["host"], "127.0.0.1")
                self.assertEqual((m["ident"], m["user"]), ("-", "-"))
                datetime.datetime.strptime(m["time"], "%d/%b/%Y:%H:%M:%S %z")
                self.assertEqual(m["request"], f"GET {path} HTTP/1.1")
                self.assertEqual(int(m["status"]), status)
                self.assertEqual(m["referer"], "-")
                self.assertEqual(m["agent"], USER_AGENT)
                if status == 200:
                    self.assertEqual(m["bytes"], str(len(PAGE)))


class TokenEnvTest(harness.ServerTestCase):
    server_options = {"env": {"INTERLUDE_IT_ADMIN_TOKEN": "env-token-456"}}

    @classmethod
    def configure(cls, ws):
        return harness.Config(token=None, token_env="INTERLUDE_IT_ADMIN_TOKEN")

    def test_token_from_environment(self):
        self.assertEqual(self.server.token, "env-token-456")
        self.assertStatus(self.server.admin_request("GET", "/api/status"), 200)
        self.assertStatus(self.server.admin_request("GET", "/api/status",
                                                    token="secret-token-123"),
                          401)
        self.assertStatus(self.server.admin_request("GET", "/api/status",
                                                    token=None), 401)

    def test_env_token_never_logged(self):
        self.server.admin_request("GET", "/api/status")
        self.assertNotIn("env-token-456", self.server.stderr.text())


class W3CAccessLogTest(AccessLogMixin, harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        return harness.Config(access_format="w3c")

    def test_w3c_fields_and_rows(self):
        path = unique_path()
        self.assertStatus(self.log_page(path), 200)
        log = self.wait_for_access_log(path)
        field_lines = [line for line in log.splitlines()
                       if line.startswith("#Fields:")]
        self.assertTrue(field_lines, f"no #Fields: line:\n{log}")
        fields = field_lines[-1].split()[1:]
        self.assertIn("time-taken", fields)
        rows = [line.split() for line in log.splitlines()
                if line and not line.startswith("#")]
        for row in rows:
            self.assertEqual(len(row), len(fields),
                             f"row {row} does not match fields {fields}")
        mine = [dict(zip(fields, row)) for row in rows
                if any(path in cell for cell in row)]
        self.assertEqual(len(mine), 1, f"access log:\n{log}")
        row = mine[0]
        uri_field = next((f for f in ("cs-uri-stem", "cs-uri") if f in row),
                         None)
        if uri_field:
            self.assertTrue(row[uri_field].startswith(path), str(row))
        if "sc-status" in row:
            self.assertEqual(row["sc-status"], "200")
        if "cs-method" in row:
            self.assertEqual(row["cs-method"], "GET")
        self.assertRegex(row["time-taken"], r"^\d+(\.\d+)?$")


if __name__ == "__main__":
    unittest.main()
