"""Ad rules in Lua over HTTP: a site's rules insert ads from its catalog into
its playlists (pre-roll, mid-rolls by content time, <i:ad> placeholders),
premium viewers get none, frequency caps hold per viewer across requests, the
context API sees the request, counters count across requests; a rule that
loops or fails is cut off and the playlist still served (fail-open) or refused
with 503 (fail-closed); config, rules and catalog errors are reported at
file:line; a reload with a syntax error keeps the previous rules.

The media are random bytes with media names: only their sizes matter here.
"""

import os
import random
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# Two minutes of content and a post-roll placeholder.
SHOW = harness.smil_playlist(
    '<video src="media/a.mp4" title="Part A" dur="60s"/>',
    '<video src="media/b.mp4" title="Part B" dur="60s"/>',
    '<i:ad slot="postroll"/>',
)

CATALOG = """<?xml version="1.0" encoding="UTF-8"?>
<catalog xmlns="urn:interlude:ads:1">
  <campaign id="pre" slots="preroll">
    <creative id="pre-5s" src="ads/pre.mp4" duration="5" type="video/mp4"/>
  </campaign>
  <campaign id="mid" slots="midroll">
    <creative id="mid-10s" src="ads/mid.mp4" duration="10" type="video/mp4"/>
  </campaign>
  <campaign id="post" slots="postroll">
    <creative id="post-5s" src="ads/post.mp4" duration="5" type="video/mp4"/>
  </campaign>
  <campaign id="capped" slots="capped">
    <cap impressions="2" per="1h"/>
    <creative id="capped-5s" src="ads/capped.mp4" duration="5" type="video/mp4"/>
  </campaign>
  <campaign id="cola" slots="drinks" categories="soda">
    <creative id="cola-5s" src="ads/pre.mp4" duration="5" type="video/mp4"/>
  </campaign>
  <campaign id="fizz" slots="drinks" categories="soda">
    <creative id="fizz-5s" src="ads/mid.mp4" duration="5" type="video/mp4"/>
  </campaign>
</catalog>
"""

RULES = """-- test rules
function on_playlist(ctx, pl)
  local q = ctx.query
  if q.premium == "1" then
    for i = #pl, 1, -1 do
      if pl:get(i).kind == "ad" then pl:remove(i) end
    end
    return
  end
  if q.loop == "1" then
    pl:remove(1)
    while true do end
  end
  if q.fail == "1" then
    pl:remove(1)
    error("asked to fail")
  end
  if q.capped == "1" then
    pl:insert(1, ads.pick{ slot = "capped" })
    if q.fail_after then error("failed after the pick") end
    return
  end
  if q.echo == "1" then
    local r = ctx.request
    pl:insert(1, { src = "media/a.mp4", title = table.concat({
      r.path, r.query.echo, r.headers["x-test"] or "", r.cookies.viewer or "",
      ctx.viewer, r.client_ip, r.user_agent, ctx.session, tostring(ctx.time > 0) }, "|") })
    return
  end
  if q.count == "1" then
    local n = counter.incr("hits:" .. ctx.viewer, 1, 60)
    pl:insert(1, { src = "/media/a.mp4", title = "hit " .. n .. " of " .. counter.get("hits:" .. ctx.viewer) })
    return
  end
  if q.edit == "1" then
    pl:move(2, 1)
    pl:replace(3, { src = "ads/pre.mp4", kind = "ad", title = "replaced", duration = 2 })
    pl:insert(#pl + 1, { src = "media/b.mp4", title = "T " .. #pl .. " " .. pl:duration() })
    return
  end
  if q.spin == "1" then
    pl:remove(1)
    local s = string.rep("a", 1000)
    while true do s:find(".-.-b") end
  end
  if q.drinks == "1" then
    pl:insert(1, ads.pick{ slot = "drinks" })
    pl:insert(1, ads.pick{ slot = "drinks" })
    pl:insert(#pl + 1, ads.pick{ slot = "drinks" })
    return
  end
  if q.touch == "1" then
    local picked = ads.pick{ slot = "preroll" }
    local fields = 0
    for _ in pairs(picked[1]) do fields = fields + 1 end
    picked[1].title = picked[1].title .. " (" .. picked[1].kind .. ", " .. fields .. " fields)"
    pl:insert(1, picked)
    return
  end
  if q.entries == "1" then
    local n = counter.get("entry:" .. ctx.viewer .. ":1:ad")
    pl:insert(1, { src = "/media/a.mp4", title = "entries " .. n })
    return
  end
  pl:insert(1, ads.pick{ slot = "preroll" })
  for _, at in ipairs(pl:every(60)) do
    pl:insert_at_time(at, ads.pick{ slot = "midroll" })
  end
  log("rules ran for " .. ctx.viewer)
end

function on_entry(ctx, entry)
  counter.incr("entry:" .. ctx.viewer .. ":" .. entry.index .. ":" .. entry.kind, 1, 60)
end

function on_ad_request(ctx, req)
  if ctx.query.bump == "1" then req.slot = "midroll" end
end
"""

FILES = {
    "media/a.mp4": 3000,
    "media/b.mp4": 2000,
    "ads/pre.mp4": 700,
    "ads/mid.mp4": 800,
    "ads/post.mp4": 600,
    "ads/capped.mp4": 500,
}


def scripting(**attrs):
    attributes = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f'<scripting xmlns="urn:interlude:scripting:1"{attributes}/>'


def fill_site(ws, root, rules=RULES):
    for rel, size in FILES.items():
        ws.write(os.path.join(root, rel), random.Random(rel).randbytes(size))
    ws.write(os.path.join(root, "show.isx"), SHOW)
    ws.write(os.path.join(root, "ads/catalog.xml"), CATALOG)
    ws.write(os.path.join(root, "rules/ads.lua"), rules)


def site_section(**extra):
    return scripting(rules="rules/ads.lua", catalog="ads/catalog.xml", **extra)


class AdRulesTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        fill_site(ws, "site")
        fill_site(ws, "closed")
        return harness.Config(sites=[
            harness.Site(sections=[site_section(instructionBudget=100000)]),
            harness.Site(name="closed", root="closed", default=False,
                         hosts=["closed.test"],
                         sections=[site_section(failMode="closed")]),
        ])

    def playlist(self, query="", headers=None):
        resp = self.assertStatus(
            self.server.get(f"/show.isx?format=json&{query}", headers=headers),
            200)
        return resp.json()["entries"]

    def titles(self, query="", headers=None):
        return [e["title"] for e in self.playlist(query, headers)]

    def test_rules_insert_ads_by_slot_and_content_time(self):
        entries = self.playlist()
        self.assertEqual([e["title"] for e in entries],
                         ["pre-5s", "Part A", "mid-10s", "Part B", "post-5s"])
        for ad in (entries[0], entries[2], entries[4]):
            self.assertEqual(ad["kind"], "ad")
            self.assertFalse(ad["canSkipForward"])
            self.assertFalse(ad["canSeek"])
        self.assertEqual(entries[1]["kind"], "content")
        self.assertEqual(entries[2]["durationSeconds"], 10.0)

    def test_inserted_ads_are_delivered_and_enforced(self):
        entries = self.playlist()
        path = "/_/e/" + entries[1]["url"].split("/_/e/")[1]
        refused = self.server.get(path)
        self.assertStatus(refused, 403)  # the pre-roll must play first
        ad = "/_/e/" + entries[0]["url"].split("/_/e/")[1]
        self.assertEqual(self.assertStatus(self.server.get(ad), 200).body,
                         random.Random("ads/pre.mp4").randbytes(700))

    def test_premium_viewers_get_no_ads(self):
        entries = self.playlist("premium=1")
        self.assertEqual([e["title"] for e in entries], ["Part A", "Part B"])
        self.assertNotIn("ad", [e["kind"] for e in entries])

    def test_a_placeholder_is_filled_from_the_catalog(self):
        entries = self.playlist("capped=1", {"Cookie": "viewer=placeholder"})
        self.assertEqual(entries[-1]["title"], "post-5s")
        self.assertEqual(entries[-1]["kind"], "ad")

    def test_the_frequency_cap_holds_across_requests_of_a_viewer(self):
        alice = {"Cookie": "theme=dark; viewer=alice"}
        for _ in range(2):
            self.assertEqual(self.titles("capped=1", alice)[0], "capped-5s")
        self.assertEqual(self.titles("capped=1", alice)[0], "Part A")
        # Another viewer has a cap of their own.
        self.assertEqual(self.titles("capped=1", {"Cookie": "viewer=bob"})[0],
                         "capped-5s")

    def test_a_failing_call_gives_its_frequency_cap_picks_back(self):
        fred = {"Cookie": "viewer=fred"}
        for _ in range(3):
            self.assertEqual(self.titles("capped=1&fail_after=1", fred)[0], "Part A")
        for _ in range(2):
            self.assertEqual(self.titles("capped=1", fred)[0], "capped-5s")
        self.assertEqual(self.titles("capped=1", fred)[0], "Part A")

    def test_rules_see_the_request(self):
        title = self.titles("echo=1", {"X-Test": "hello", "Cookie": "viewer=carol",
                                       "User-Agent": "TestAgent/1"})[0]
        self.assertEqual(title, "/show.isx|1|hello|carol|carol|127.0.0.1|"
                                "TestAgent/1|/show.isx|true")
        # Without the cookie the viewer is the client address.
        title = self.titles("echo=1", {"User-Agent": "TestAgent/1"})[0]
        self.assertEqual(title.split("|")[4], "127.0.0.1")

    def test_counters_count_across_requests(self):
        viewer = {"Cookie": "viewer=counting"}
        self.assertEqual(self.titles("count=1", viewer)[0], "hit 1 of 1")
        self.assertEqual(self.titles("count=1", viewer)[0], "hit 2 of 2")

    def test_playlist_edits(self):
        # move(2, 1): B, A, placeholder -> replace(3) drops the placeholder
        # for an ad, then an entry naming the length and duration is appended.
        self.assertEqual(self.titles("edit=1"), ["Part B", "Part A", "replaced", "T 3 122.0"])

    def test_on_entry_runs_for_each_admitted_entry_request(self):
        viewer = {"Cookie": "viewer=eve"}
        entries = self.playlist("", viewer)
        ad = "/_/e/" + entries[0]["url"].split("/_/e/")[1]
        self.assertEqual(self.titles("entries=1", viewer)[0], "entries 0")
        self.assertStatus(self.server.get(ad, headers=viewer), 200)
        self.assertEqual(self.titles("entries=1", viewer)[0], "entries 1")
        # A refused request (a bad token) runs nothing.
        self.assertStatus(self.server.get(ad[:-3] + "xyz", headers=viewer), 403)
        self.assertEqual(self.titles("entries=1", viewer)[0], "entries 1")

    def test_on_ad_request_may_change_a_vast_request(self):
        plain = self.assertStatus(self.server.get("/_/ads/vast?slot=preroll"), 200)
        self.assertIn(b'<Ad id="pre/pre-5s"', plain.body)
        bumped = self.assertStatus(self.server.get("/_/ads/vast?slot=preroll&bump=1"), 200)
        self.assertIn(b'<Ad id="mid/mid-10s"', bumped.body)
        self.assertNotIn(b"pre-5s", bumped.body)

    def assert_cut_off(self, query, reason):
        """The rule of `query` is cut off in bounded time: the playlist is served
        without its changes (pl:remove(1) undone; the placeholder filled), the
        server goes on, and the log line naming `reason` is returned."""
        mark = self.server.log_mark()
        started = time.monotonic()
        titles = self.titles(query)
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(titles, ["Part A", "Part B", "post-5s"])
        line = self.server.wait_for_log([reason], start=mark)
        self.assertIsNotNone(line, self.server.log_since(mark))
        self.assertStatus(self.server.get("/show.isx"), 200)
        return line

    def test_a_looping_rule_still_returns_the_playlist_and_is_logged(self):
        line = self.assert_cut_off("loop=1", "instruction budget")
        rules = os.path.join(self.ws.root, "rules", "ads.lua")
        self.assertIn(f"{rules}:12: instruction budget of 100000 exhausted", line)

    def test_a_rule_spinning_in_a_pattern_is_stopped_by_the_time_limit(self):
        # Each instruction runs a match of ~10^6 steps: the budget of 100,000
        # instructions would allow minutes, the time limit (50 ms) stops it.
        line = self.assert_cut_off("spin=1", "time limit")
        rules = os.path.join(self.ws.root, "rules", "ads.lua")
        self.assertIn(f"{rules}:44: time limit of 50 ms exceeded", line)

    def test_ads_of_one_category_do_not_share_a_break_across_picks(self):
        # Two picks go into the pre-roll break: the second is a soda too and
        # is left out; the third goes into another break (after the post-roll).
        for viewer in ("soda1", "soda2", "soda3", "soda4"):
            entries = self.playlist("drinks=1", {"Cookie": f"viewer={viewer}"})
            kinds = [e["kind"] for e in entries]
            self.assertEqual(kinds, ["ad", "content", "content", "ad", "ad"], entries)
            self.assertIn(entries[0]["title"], ("cola-5s", "fizz-5s"))
            self.assertIn(entries[-1]["title"], ("cola-5s", "fizz-5s"))

    def test_picked_entries_read_like_plain_tables(self):
        mark = self.server.log_mark()
        title = self.titles("touch=1")[0]
        self.assertEqual(title, "pre-5s (ad, 9 fields)", self.server.log_since(mark))

    def test_a_failing_rule_is_logged_with_its_line(self):
        mark = self.server.log_mark()
        self.assertEqual(self.titles("fail=1"), ["Part A", "Part B", "post-5s"])
        line = self.server.wait_for_log(["asked to fail"], start=mark)
        self.assertIsNotNone(line, self.server.log_since(mark))
        self.assertIn(os.path.join(self.ws.root, "rules", "ads.lua") + ":16: asked to fail",
                      line)

    def test_fail_closed_answers_503(self):
        headers = {"Host": "closed.test"}
        resp = self.server.get("/show.isx?fail=1", headers=headers)
        self.assertStatus(resp, 503)
        self.assertIn(b"asked to fail", resp.body)
        self.assertStatus(self.server.get("/show.isx", headers=headers), 200)

    def test_log_writes_one_line_naming_the_script(self):
        mark = self.server.log_mark()
        self.playlist("", {"Cookie": "viewer=dave"})
        line = self.server.wait_for_log(["rules ran for dave"], start=mark)
        self.assertIsNotNone(line, self.server.log_since(mark))
        self.assertIn(os.path.join(self.ws.root, "rules", "ads.lua") + ":", line)


class AdRulesReloadTest(harness.ServerTestCase):

    @classmethod
    def configure(cls, ws):
        fill_site(ws, "site")
        return harness.Config(sites=[harness.Site(sections=[site_section()])])

    def first_title(self):
        resp = self.assertStatus(self.server.get("/show.isx?format=json"), 200)
        return resp.json()["entries"][0]["title"]

    def rewrite(self, text):
        time.sleep(1.1)  # the file is looked at once a second
        self.ws.write("site/rules/ads.lua", text)
        time.sleep(1.1)

    def test_a_syntax_error_keeps_the_previous_rules(self):
        self.assertEqual(self.first_title(), "pre-5s")
        mark = self.server.log_mark()
        self.rewrite("function on_playlist(ctx, pl)\n  pl:insert(1,\nend\n")
        self.assertEqual(self.first_title(), "pre-5s")
        line = self.server.wait_for_log(["not reloaded"], start=mark)
        self.assertIsNotNone(line, self.server.log_since(mark))
        self.assertIn(os.path.join(self.ws.root, "rules", "ads.lua") + ":3:", line)
        # A good version replaces them.
        self.rewrite("function on_playlist(ctx, pl)\n"
                     "  pl:insert(1, ads.pick{ slot = 'midroll' })\nend\n")
        self.assertEqual(self.first_title(), "mid-10s")


class AdRulesConfigTest(unittest.TestCase):

    def check(self, section, rules=RULES, catalog=CATALOG, shared=()):
        ws = harness.Workspace()
        self.addCleanup(ws.cleanup)
        fill_site(ws, "site", rules)
        ws.write("site/ads/catalog.xml", catalog)
        text = harness.Config(sites=[harness.Site(sections=[section])],
                              sections=list(shared)).to_xml()
        path = ws.write_config(text)
        return harness.run_cli(["check", path]), path, text, ws

    def test_a_valid_section_passes(self):
        result, _, _, _ = self.check(site_section(failMode="closed", viewerCookie="vid"))
        self.assertEqual(result.returncode, 0, result)

    def test_a_syntax_error_in_the_rules_names_file_and_line(self):
        result, _, _, ws = self.check(site_section(), rules="x = 1\n\nfunction (\n")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(ws.path("site/rules/ads.lua") + ":3:", result.stderr)

    def test_a_bad_catalog_names_file_line_and_column(self):
        bad = CATALOG.replace('<cap impressions="2" per="1h"/>',
                              '<cap impressions="2" per="soon"/>')
        result, _, _, ws = self.check(site_section(), catalog=bad)
        self.assertEqual(result.returncode, 2, result)
        line = harness.line_of(bad, 'per="soon"')
        self.assertIn(ws.path("site/ads/catalog.xml") + f":{line}:", result.stderr)

    def test_catalog_and_rules_problems_are_reported_together(self):
        bad = CATALOG.replace('per="1h"', 'per="soon"')
        result, _, _, ws = self.check(site_section(), rules="function (\n", catalog=bad)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(ws.path("site/ads/catalog.xml") + ":", result.stderr)
        self.assertIn(ws.path("site/rules/ads.lua") + ":1:", result.stderr)

    def test_paths_stay_inside_the_site_root(self):
        section = scripting(rules="../secret.txt")
        result, path, text, _ = self.check(section)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, '../secret.txt')}:", result.stderr)
        self.assertIn("scripting/@rules", result.stderr)

    def test_a_missing_rules_file_is_reported_at_its_attribute(self):
        section = scripting(rules="rules/none.lua")
        result, path, text, _ = self.check(section)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'none.lua')}:", result.stderr)
        self.assertIn("no such file", result.stderr)

    def test_a_ca_file_that_cannot_be_loaded_is_reported_at_its_attribute(self):
        result, path, text, _ = self.check(site_section(), shared=[scripting(caFile="none.pem")])
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'none.pem')}:", result.stderr)
        self.assertIn("scripting/@caFile", result.stderr)
        # caFile is the server's: a site's is refused.
        result, path, text, _ = self.check(site_section(caFile="none.pem"))
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'none.pem')}:", result.stderr)
        self.assertIn("belongs in the top-level <scripting>", result.stderr)

    def test_a_schema_violation_is_reported_at_its_position(self):
        section = site_section(failMode="sometimes")
        result, path, text, _ = self.check(section)
        self.assertEqual(result.returncode, 2, result)
        self.assertIn(f"{path}:{harness.line_of(text, 'sometimes')}:", result.stderr)
        self.assertIn("failMode", result.stderr)


if __name__ == "__main__":
    unittest.main()
