"""The playlist sessions of the admin API (docs/api.md): GET /api/sessions lists
live sessions with their viewer and progress, searchable, without keeping them
alive; DELETE /api/sessions/<id> ends one, and its links stop working.
"""

import json
import unittest
from urllib.parse import urlsplit

import harness

AD = b"A" * 4000
CLIP = b"C" * 6000
SHOW = """<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:i="urn:interlude:playlist:1">
  <head><meta name="maxClients" content="2"/></head>
  <body>
    <ref src="ad.bin" i:kind="ad" title="Sponsor"/>
    <ref src="clip.bin" title="The clip"/>
  </body>
</smil>
"""


def entry_path(playlist, index):
    return urlsplit(playlist["entries"][index]["url"]).path


class SessionsApiTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        ws.write_site("ad.bin", AD)
        ws.write_site("clip.bin", CLIP)
        ws.write_site("show.isx", SHOW)
        ws.write_site("other.isx", SHOW.replace('content="2"', 'content="0"'))
        return harness.Config()

    def start_session(self, path="/show.isx"):
        resp = self.assertStatus(self.server.get(path + "?format=json"), 200)
        return json.loads(resp.body)

    def listing(self, query=""):
        resp = self.assertStatus(self.server.admin_request("GET", "/api/sessions" + query), 200)
        return resp.json()

    def end(self, session_id):
        return self.server.admin_request("DELETE", f"/api/sessions/{session_id}")

    def test_a_session_is_listed_with_its_viewer_and_current_entry(self):
        playlist = self.start_session()
        try:
            rows = [s for s in self.listing()["sessions"] if s["id"] == playlist["session"]]
            self.assertEqual(len(rows), 1)
            row = rows[0]
            self.assertEqual((row["playlist"], row["site"], row["viewer"], row["entries"]),
                             ("/show.isx", "main", "127.0.0.1", 2))
            self.assertIsNone(row["current"])
            self.assertEqual(row["bytes"], len(AD) + len(CLIP))
            self.assertStatus(self.server.get(entry_path(playlist, 0)), 200)
            row = [s for s in self.listing()["sessions"] if s["id"] == playlist["session"]][0]
            self.assertEqual(row["current"], {"index": 0, "title": "Sponsor", "kind": "ad",
                                              "size": len(AD), "delivered": len(AD)})
            self.assertEqual(row["bytesDelivered"], len(AD))
        finally:
            self.end(playlist["session"])

    def test_search_and_limit(self):
        first = self.start_session()
        second = self.start_session("/other.isx")
        try:
            found = self.listing("?q=" + first["session"])["sessions"]
            self.assertEqual([s["id"] for s in found], [first["session"]])
            others = self.listing("?q=other.isx")["sessions"]
            self.assertEqual([s["id"] for s in others], [second["session"]])
            self.assertEqual(self.listing("?q=no-such-thing")["sessions"], [])
            limited = self.listing("?limit=1")
            self.assertEqual(len(limited["sessions"]), 1)
            self.assertTrue(limited["truncated"])
            for bad in ("0", "1001", "x"):
                resp = self.server.admin_request("GET", "/api/sessions?limit=" + bad)
                self.assertStatus(resp, 400)
                self.assertIn(b"limit must be 1 to 1000", resp.body)
        finally:
            self.end(first["session"])
            self.end(second["session"])

    def test_ending_a_session_stops_its_links_and_frees_its_place(self):
        first = self.start_session()
        second = self.start_session()
        refused = self.server.get("/show.isx?format=json")
        self.assertStatus(refused, 503)  # maxClients 2
        self.assertStatus(self.end(first["session"]), 204)
        self.assertStatus(self.server.get(entry_path(first, 0)), 403)
        self.assertNotIn(first["session"], [s["id"] for s in self.listing()["sessions"]])
        third = self.start_session()  # first's place is free at once
        self.assertStatus(self.end(first["session"]), 404)
        self.assertStatus(self.end(second["session"]), 204)
        self.assertStatus(self.end(third["session"]), 204)

    def test_routes_need_the_token_and_their_method(self):
        self.assertStatus(self.server.admin_request("GET", "/api/sessions", token=None), 401)
        self.assertStatus(self.server.admin_request("DELETE", "/api/sessions/x", token=None),
                          401)
        resp = self.server.admin_request("POST", "/api/sessions/abc")
        self.assertStatus(resp, 405)
        self.assertEqual(resp.header("Allow"), "DELETE")
        self.assertStatus(self.end(""), 404)
        self.assertStatus(self.end("does-not-exist"), 404)
        self.assertStatus(self.end("%zz"), 404)  # not an id (hex), not a server error


if __name__ == "__main__":
    unittest.main()
