"""The dashboard's pages on the admin listener (admin/@dashboard), and core's
static handler serving a mapping from another folder (the demo player's
/player/ on the sample site): docs/api.md, docs/config.md.
"""

import os
import unittest

import harness

SOURCE = os.environ.get("INTERLUDE_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))


class DashboardConfig(harness.Config):
    def __init__(self, dashboard, **kwargs):
        super().__init__(**kwargs)
        self.dashboard = dashboard

    def to_xml(self):
        return super().to_xml().replace("<admin ", f'<admin dashboard="{self.dashboard}" ', 1)


class DashboardPagesTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        ws.write("dash/index.html", "<h1>dashboard</h1>")
        ws.write("dash/app.js", "export const x = 1;")
        ws.write("player-root/player/index.html", "<h1>player</h1>")
        player = ('<handler prefix="/player/" use="static">'
                  '<param name="root" value="player-root"/></handler>')
        return DashboardConfig("dash", sites=[harness.Site(sections=[player])])

    def admin(self, method, path):
        return self.server.admin_request(method, path, token=None)

    def test_pages_without_the_token(self):
        resp = self.assertStatus(self.admin("GET", "/admin/"), 200)
        self.assertEqual(resp.body, b"<h1>dashboard</h1>")
        self.assertTrue(resp.header("Content-Type").startswith("text/html"))
        self.assertEqual(resp.header("Cache-Control"), "no-cache")
        self.assertEqual(resp.header("Content-Security-Policy"),
                         "default-src 'self'; frame-ancestors 'none'")
        resp = self.assertStatus(self.admin("GET", "/admin/app.js"), 200)
        self.assertIn("javascript", resp.header("Content-Type"))
        head = self.assertStatus(self.admin("HEAD", "/admin/app.js"), 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("Content-Length"), resp.header("Content-Length"))

    def test_the_root_redirects_and_the_api_still_needs_the_token(self):
        for path in ("/", "/admin"):
            resp = self.assertStatus(self.admin("GET", path), 302)
            self.assertEqual(resp.header("Location"), "/admin/")
        self.assertStatus(self.admin("GET", "/api/status"), 401)

    def test_nothing_outside_the_folder(self):
        self.assertStatus(self.admin("GET", "/admin/missing.js"), 404)
        self.assertStatus(self.admin("GET", "/admin/../config.xml"), 400, 404)
        self.assertStatus(self.admin("GET", "/admin/%2e%2e/config.xml"), 400, 404)
        self.assertStatus(self.admin("POST", "/admin/"), 405)
        resp = self.admin("GET", "/admin/../secret.txt")
        self.assertNotIn(harness.SECRET, resp.body)

    def test_a_mapping_served_from_another_folder(self):
        resp = self.assertStatus(self.server.get("/player/"), 200)
        self.assertEqual(resp.body, b"<h1>player</h1>")
        self.assertStatus(self.server.get("/player/../secret.txt"), 400, 404)


class NoDashboardTest(harness.ServerTestCase):

    def test_no_dashboard_configured(self):
        resp = self.server.admin_request("GET", "/admin/", token=None)
        self.assertStatus(resp, 404)
        self.assertIn(b"no dashboard configured", resp.body)


class BadFoldersTest(unittest.TestCase):

    def test_a_missing_dashboard_or_root_folder_is_a_config_error(self):
        ws = harness.Workspace()
        try:
            for config, needle in (
                    (DashboardConfig("nowhere"), 'admin/@dashboard: "'),
                    (harness.Config(sites=[harness.Site(sections=[
                        '<handler prefix="/p/" use="static"><param name="root" value="gone"/>'
                        '</handler>'])]), 'param root: "')):
                ws.write_config(config)
                done = harness.run_cli(["check", ws.config_path])
                self.assertNotEqual(done.returncode, 0, done)
                self.assertIn(needle, done.output)
                self.assertIn("config.xml:", done.output)
        finally:
            ws.cleanup()


if __name__ == "__main__":
    unittest.main()
