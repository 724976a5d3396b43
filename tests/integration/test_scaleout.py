"""Scale-out: two Interlude nodes share their sessions and counters in Redis.

A session started on node A continues on node B, its skip rules hold across
nodes, a download cut by node A's death (SIGKILL) finishes on node B, and a
frequency cap counts the impressions of both nodes.  When Redis stops, a node
says so once in its log, /healthz reports degraded, new sessions are refused
with 503 and a reason (or kept in the node's memory with fallback="memory"),
and all comes back when Redis does.
"""

import http.client
import os
import random
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# An ad that must play first, a long feature that must be seen in full, and
# the credits.
SHOW = harness.smil_playlist(
    '<video src="media/ad.mp4" title="Ad" i:kind="ad"/>',
    '<video src="media/feature.mp4" title="Feature" canSkipForward="false"/>',
    '<video src="media/credits.mp4" title="Credits"/>',
)

CATALOG = """<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:interlude:ads:1">
  <campaign id="capped" slots="capped">
    <cap impressions="2" per="1h"/>
    <creative id="capped-5s" src="media/ad.mp4" duration="5" type="video/mp4"/>
  </campaign>
</catalog>
"""

RULES = """function on_playlist(ctx, pl)
  if ctx.query.capped == "1" then pl:insert(1, ads.pick{ slot = "capped" }) end
end
"""

FILES = {"media/ad.mp4": 20_000, "media/feature.mp4": 16_000_000,
         "media/credits.mp4": 3_000}

TOKENS = ('<tokens active="k1"><key id="k1" '
          'secret="shared-by-every-node-0123456789"/></tokens>')


def fill_site(ws):
    for rel, size in FILES.items():
        ws.write_site(rel, random.Random(rel).randbytes(size))
    ws.write_site("show.isx", SHOW)
    ws.write_site("ads/catalog.xml", CATALOG)
    ws.write_site("rules/ads.lua", RULES)


def node_config(redis_port, fallback="refuse"):
    """A node's config: the shared keys and store after <admin>."""
    site = harness.Site(sections=[
        '<scripting xmlns="urn:interlude:scripting:1" rules="rules/ads.lua" '
        'catalog="ads/catalog.xml"/>'])
    text = harness.Config(sites=[site]).to_xml()
    sessions = (f'<sessions store="redis" address="127.0.0.1:{redis_port}" '
                f'prefix="it:" fallback="{fallback}" '
                f'connectTimeoutMilliseconds="300" timeoutMilliseconds="500"/>')
    return text.replace("  <logging", f"  {TOKENS}\n  {sessions}\n  <logging", 1)


def entry_path(entry):
    return "/_/e/" + entry["url"].split("/_/e/")[1]


class ScaleOutCase(unittest.TestCase):
    """Redis and nodes started by the class; `nodes` names their fallbacks."""

    nodes = ()

    @classmethod
    def setUpClass(cls):
        cls.ws = harness.Workspace()
        cls.servers = []
        cls.redis = None
        try:
            fill_site(cls.ws)
            cls.redis_dir = cls.ws.path("redis")
            cls.redis, cls.redis_port = harness.start_redis(cls.redis_dir)
            for i, fallback in enumerate(cls.nodes):
                cls.ws.write(f"node{i}.xml", node_config(cls.redis_port, fallback))
                server = harness.Server(None, cls.ws,
                                        config_arg=cls.ws.path(f"node{i}.xml"))
                cls.servers.append(server.start())
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for server in cls.servers:
            server.close()
        if cls.redis is not None:
            harness.stop_redis(cls.redis)
        cls.ws.cleanup()

    def assertStatus(self, resp, *expected):
        self.assertIn(resp.status, expected, f"expected {expected}, got:\n{resp}")
        return resp

    def delivered(self, node, entry):
        """The most bytes any live session has delivered of entry `entry`."""
        rows = self.assertStatus(node.admin_request("GET", "/api/sessions?limit=1000"),
                                 200).json()["sessions"]
        return max((r["current"]["delivered"] for r in rows
                    if r["current"] and r["current"]["index"] == entry), default=0)

    def playlist(self, node, query="", headers=None):
        resp = self.assertStatus(
            node.get(f"/show.isx?format=json&{query}", headers=headers), 200)
        return resp.json()["entries"]


class TwoNodesTest(ScaleOutCase):

    nodes = ("refuse", "refuse")

    def test_a_session_started_on_one_node_continues_on_the_other(self):
        a, b = self.servers
        entries = self.playlist(a)
        self.assertEqual([e["title"] for e in entries], ["Ad", "Feature", "Credits"])
        resp = self.assertStatus(b.get(entry_path(entries[0])), 200)
        self.assertEqual(len(resp.body), FILES["media/ad.mp4"])
        self.assertStatus(a.get(entry_path(entries[1]), headers={"Range": "bytes=0-99"}),
                          206)

    def test_skip_rules_hold_across_nodes(self):
        a, b = self.servers
        entries = self.playlist(a)
        # The ad has not played anywhere: the feature is refused on either node.
        refused = self.assertStatus(b.get(entry_path(entries[1])), 403)
        self.assertIn(b"Ad", refused.body)
        self.assertStatus(a.get(entry_path(entries[1])), 403)
        self.assertStatus(a.get(entry_path(entries[0])), 200)  # played on A
        self.assertStatus(b.get(entry_path(entries[1]), headers={"Range": "bytes=0-9"}),
                          206)
        # The feature cannot be skipped: the credits wait for all of it.
        self.assertStatus(b.get(entry_path(entries[2])), 403)

    def test_an_entry_waits_for_the_last_bytes_another_node_records(self):
        a, b = self.servers
        ad_size = FILES["media/ad.mp4"]
        nearly = {"Range": f"bytes=0-{ad_size - 1001}"}  # 1,000 bytes short
        entries = self.playlist(a)
        # Played on B, so that B has these bytes (it waits for its own deliveries).
        self.assertStatus(b.get(entry_path(entries[0]), headers=nearly), 206)
        # The ad's last bytes arrive on node A while node B is asked for the feature.
        rest = threading.Timer(0.3, lambda: self.assertStatus(
            a.get(entry_path(entries[0]), headers={"Range": f"bytes={ad_size - 1000}-"}), 206))
        rest.start()
        began = time.monotonic()
        self.assertStatus(b.get(entry_path(entries[1]), headers={"Range": "bytes=0-9"}), 206)
        waited = time.monotonic() - began
        rest.join()
        self.assertGreater(waited, 0.2)
        # A viewer who stays short of the end is refused once the wait is over.
        stalled = self.playlist(a)
        self.assertStatus(b.get(entry_path(stalled[0]), headers=nearly), 206)
        began = time.monotonic()
        refused = self.assertStatus(b.get(entry_path(stalled[1])), 403)
        self.assertIn(b"must play first", refused.body)
        self.assertGreaterEqual(time.monotonic() - began, 0.9)

    def test_a_download_cut_by_a_killed_node_finishes_on_the_other(self):
        victim = harness.Server(None, self.ws, config_arg=self.ws.path("node0.xml"))
        victim.start()
        try:
            b = self.servers[1]
            entries = self.playlist(victim)
            self.assertStatus(victim.get(entry_path(entries[0])), 200)
            conn = http.client.HTTPConnection("127.0.0.1", victim.port, timeout=10)
            conn.request("GET", entry_path(entries[1]))
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            received = resp.read(1_000_000)
            self.assertEqual(len(received), 1_000_000)
            # Bytes count once the node has stored them; the last ones the
            # kernel took may still be on their way to Redis.
            self.assertTrue(harness.wait_until(
                lambda: self.delivered(b, entry=1) >= len(received)))
            victim.kill()  # SIGKILL mid-download
            conn.close()
        finally:
            victim.close()
        rest = self.assertStatus(
            b.get(entry_path(entries[1]), headers={"Range": f"bytes={len(received)}-"}), 206)
        self.assertEqual(len(received) + len(rest.body), FILES["media/feature.mp4"])
        # Node A's bytes and node B's make the whole feature: the credits may play.
        self.assertStatus(b.get(entry_path(entries[2])), 200)

    def test_a_frequency_cap_counts_impressions_on_every_node(self):
        a, b = self.servers
        viewer = {"Cookie": "viewer=capped-everywhere"}
        titles = [self.playlist(node, "capped=1", viewer)[0]["title"]
                  for node in (a, b, a, b)]
        self.assertEqual(titles, ["capped-5s", "capped-5s", "Ad", "Ad"])

    def test_entry_links_of_one_node_verify_on_the_other(self):
        a, b = self.servers
        entries = self.playlist(b)
        forged = entry_path(entries[0])[:-4] + "AAAA"
        self.assertStatus(a.get(forged), 403)
        self.assertStatus(a.get(entry_path(entries[0])), 200)

    def test_healthz_is_ok(self):
        for node in self.servers:
            self.assertEqual(self.assertStatus(node.get("/healthz"), 200).body, b"ok\n")
            self.assertEqual(
                self.assertStatus(node.admin_request("GET", "/healthz"), 200).body, b"ok\n")


class RedisOutageTest(ScaleOutCase):
    """Node 0 refuses new sessions while Redis is down, node 1 falls back to memory."""

    nodes = ("refuse", "memory")

    def healthz(self, node):
        return node.admin_request("GET", "/healthz").body.decode()

    def test_redis_down_degrades_and_recovers(self):
        refusing, falling_back = self.servers
        entries = self.playlist(refusing)
        self.assertStatus(refusing.get(entry_path(entries[0])), 200)
        mark = refusing.log_mark()

        harness.stop_redis(self.redis)
        for _ in range(3):
            resp = self.assertStatus(refusing.get("/show.isx?format=json"), 503)
            self.assertIn(b"session store unavailable", resp.body)
        # Old sessions wait for Redis too (503, not "ended").
        self.assertStatus(refusing.get(entry_path(entries[1]), headers={"Range": "bytes=0-9"}),
                          503)
        public = self.assertStatus(refusing.get("/healthz"), 200).body
        self.assertEqual(public, b"degraded: session store unreachable\n")
        self.assertIn(f"degraded: Redis at 127.0.0.1:{self.redis_port} unreachable",
                      self.healthz(refusing))

        # The other node keeps new sessions in its memory.
        local = self.playlist(falling_back)
        self.assertStatus(falling_back.get(entry_path(local[0])), 200)
        self.assertIn("kept in this node's memory", self.healthz(falling_back))

        type(self).redis, _ = harness.start_redis(self.redis_dir, self.redis_port)
        self.assertTrue(harness.wait_until(lambda: self.healthz(refusing) == "ok\n",
                                           timeout=15),
                        self.healthz(refusing))
        self.assertIsNotNone(refusing.wait_for_log(["reachable again"], start=mark))
        # One line for the outage, not one per request: counted once the line of
        # the recovery is read, so every line of the outage has been read too.
        outage = [line for line in refusing.log_since(mark) if "unreachable" in line]
        self.assertEqual(len(outage), 1, "\n".join(refusing.log_since(mark)))
        self.playlist(refusing)
        # Redis kept its data: the session of before the outage goes on.
        self.assertStatus(refusing.get(entry_path(entries[1]), headers={"Range": "bytes=0-9"}),
                          206)
        # And the one started in memory during the outage too.
        self.assertTrue(harness.wait_until(lambda: self.healthz(falling_back) == "ok\n",
                                           timeout=15))
        self.assertStatus(falling_back.get(entry_path(local[1]), headers={"Range": "bytes=0-9"}),
                          206)

    def test_a_download_in_flight_finishes_when_redis_stops(self):
        refusing = self.servers[0]
        entries = self.playlist(refusing)
        self.assertStatus(refusing.get(entry_path(entries[0])), 200)
        conn = http.client.HTTPConnection("127.0.0.1", refusing.port, timeout=10)
        try:
            conn.request("GET", entry_path(entries[1]))
            resp = conn.getresponse()
            self.assertEqual(resp.status, 200)
            first = resp.read(100_000)
            harness.stop_redis(self.redis)
            try:
                rest = resp.read()
            finally:
                type(self).redis, _ = harness.start_redis(self.redis_dir, self.redis_port)
            self.assertEqual(len(first) + len(rest), FILES["media/feature.mp4"])
        finally:
            conn.close()
        self.assertTrue(refusing.running())
        # The next test starts from nodes that have found Redis again.
        for node in self.servers:
            self.assertTrue(harness.wait_until(lambda: self.healthz(node) == "ok\n", timeout=15),
                            self.healthz(node))


if __name__ == "__main__":
    unittest.main()
