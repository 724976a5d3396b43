#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ScriptTesting.h"
#include "interlude/core/HttpError.h"
#include "interlude/core/MemorySessionStore.h"
#include "rules/SiteRules.h"

using interlude::playlists::ExpandedPlaylist;
using interlude::playlists::PlaylistRequest;
using interlude::playlists::Resolution;
using interlude::playlists::ResolvedEntry;
using interlude::scripting::ScriptingSettings;
using interlude::scripting::rules::SiteRules;
using interlude::testing::ScriptFile;

namespace {

ScriptingSettings settings(const ScriptFile& file, ScriptingSettings::FailMode mode) {
  ScriptingSettings s;
  s.rules = file.path();
  s.failMode = mode;
  return s;
}

// A resolution of entries /TITLE.mp4, each `seconds` long when given.
Resolution playlist(const std::vector<std::string>& titles,
                    std::optional<double> seconds = std::nullopt) {
  ExpandedPlaylist out;
  for (const auto& title : titles) {
    ResolvedEntry r;
    r.entry.title = title;
    r.entry.src = "/" + title + ".mp4";
    r.entry.durationSeconds = seconds;
    r.target = r.entry.src;
    out.entries.push_back(r);
  }
  return Resolution(std::make_shared<const ExpandedPlaylist>(std::move(out)), true);
}

std::vector<std::string> titles(const Resolution& p) {
  std::vector<std::string> out;
  for (const auto* r : p.entries) out.push_back(r->entry.title);
  return out;
}

// Keeps the pl of each call in a table of the script's top level and edits the
// previous call's pl in the next call: a playlist that no longer exists.
const std::string kKeepsPl = R"(local kept = {}
function on_playlist(ctx, pl)
  if kept.pl then kept.pl:remove(1) end
  kept.pl = pl
  pl:insert(1, { src = "/new.mp4", title = "new" })
end
)";

const PlaylistRequest kRequest{"/p.isx", "", {}, "127.0.0.1", "test"};

// The title of the first entry once the rules in `script` ran on a playlist of one entry.
std::string firstTitleAfter(const std::string& script, const PlaylistRequest& request = kRequest,
                            const std::string& viewerCookie = "viewer") {
  const ScriptFile file(script);
  auto s = settings(file, ScriptingSettings::FailMode::Closed);
  s.viewerCookie = viewerCookie;
  interlude::core::MemorySessionStore store;
  const SiteRules rules(s, store, Poco::Logger::get("test"));
  auto p = playlist({"a"});
  rules.onPlaylist(p, request);
  return titles(p).front();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(site_rules)

BOOST_AUTO_TEST_CASE(a_playlist_object_works_only_in_its_own_call) {
  const ScriptFile file(kKeepsPl);
  interlude::core::MemorySessionStore store;
  const SiteRules rules(settings(file, ScriptingSettings::FailMode::Open), store,
                        Poco::Logger::get("test"));
  auto first = playlist({"a", "b"});
  rules.onPlaylist(first, kRequest);
  BOOST_TEST((titles(first) == std::vector<std::string>{"new", "a", "b"}));
  // The same thread takes the same state back: its top level still holds the
  // first call's pl, whose entries are gone. The call fails, nothing changes.
  auto second = playlist({"c", "d"});
  rules.onPlaylist(second, kRequest);
  BOOST_TEST((titles(second) == std::vector<std::string>{"c", "d"}));
}

BOOST_AUTO_TEST_CASE(fail_closed_refuses_with_the_reason) {
  const ScriptFile file(kKeepsPl);
  interlude::core::MemorySessionStore store;
  const SiteRules rules(settings(file, ScriptingSettings::FailMode::Closed), store,
                        Poco::Logger::get("test"));
  auto first = playlist({"a"});
  rules.onPlaylist(first, kRequest);
  auto second = playlist({"a"});
  try {
    rules.onPlaylist(second, kRequest);
    BOOST_FAIL("a failing rule with failMode closed must refuse the request");
  } catch (const interlude::core::HttpError& e) {
    BOOST_TEST(e.status() == 503);
    BOOST_TEST(std::string(e.what()).find("belongs to an earlier call") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(content_time_places_breaks_between_content_entries) {
  const ScriptFile file(R"(function on_playlist(ctx, pl)
  local breaks = pl:every(50)
  assert(#breaks == 2 and breaks[1] == 50 and breaks[2] == 100, "every")
  local halves = pl:every(47.5)
  assert(#halves == 2 and halves[1] == 47.5 and math.type(halves[2]) == "integer", "every 47.5")
  for _, at in ipairs(breaks) do
    pl:insert_at_time(at, { src = "/ad.mp4", kind = "ad", title = "ad@" .. at, duration = 30 })
  end
  assert(pl:insert_at_time(0, { src = "/ad.mp4", kind = "ad", title = "pre" }) == 1, "at 0")
  assert(pl:duration() == 180, "duration")
end
)");
  interlude::core::MemorySessionStore store;
  const SiteRules rules(settings(file, ScriptingSettings::FailMode::Closed), store,
                        Poco::Logger::get("test"));
  auto p = playlist({"a", "b"}, 60);
  rules.onPlaylist(p, kRequest);
  // 50 s falls in a (0-60): the break waits for b; 100 s falls in b: after it.
  BOOST_TEST((titles(p) == std::vector<std::string>{"pre", "a", "ad@50", "b", "ad@100"}));
  BOOST_TEST((p.entries[2]->entry.kind == interlude::playlists::EntryKind::Ad));
  BOOST_TEST(!p.entries[2]->entry.permissions.canSkipForward);
}

// ctx builds its fields when read: pairs lists them all, ctx.query is
// request.query, and a ctx kept from an earlier call has only what it read then.
BOOST_AUTO_TEST_CASE(ctx_fields_are_built_when_read) {
  const ScriptFile file(R"(local kept = {}
function on_playlist(ctx, pl)
  local names = {}
  for name in pairs(ctx) do names[#names + 1] = name end
  table.sort(names)
  local title = table.concat(names, ",") .. " " .. tostring(ctx.query == ctx.request.query)
  if kept.ctx then
    local ok, why = pcall(function() return kept.ctx.request.headers end)
    title = title .. " " .. tostring(kept.ctx.viewer) .. " " .. tostring(ok) .. " " .. why
  end
  kept.ctx = ctx
  pl:insert(1, { src = "/t.mp4", title = title })
end
)");
  interlude::core::MemorySessionStore store;
  const SiteRules rules(settings(file, ScriptingSettings::FailMode::Open), store,
                        Poco::Logger::get("test"));
  auto first = playlist({"a"});
  rules.onPlaylist(first, kRequest);
  BOOST_TEST(titles(first).front() == "query,request,session,time,viewer true");
  auto second = playlist({"a"});
  rules.onPlaylist(second, kRequest);
  const auto title = titles(second).front();
  BOOST_TEST(title.starts_with("query,request,session,time,viewer true 127.0.0.1 false "), title);
  BOOST_TEST(title.ends_with("this ctx belongs to an earlier call of the hook"), title);
}

// A failing call's edits are undone, whichever edit came first.
BOOST_AUTO_TEST_CASE(a_failing_call_leaves_the_playlist_as_it_was) {
  for (const char* first : {"pl:insert(1, { src = '/x.mp4', title = 'x' })", "pl:move(1, 3)",
                            "pl:remove(2)", "pl:replace(1, { src = '/y.mp4', title = 'y' })",
                            "pl:insert_at_time(0, { src = '/z.mp4', title = 'z' })",
                            "pl:insert(2, { { src = '/v.mp4' }, { src = '/w.mp4' } })\n"
                            "  pl:move(5, 1)\n  pl:replace(2, { src = '/y.mp4' })\n"
                            "  pl:remove(3)\n  pl:move(1, 4)\n  pl:move(3, 2)"}) {
    BOOST_TEST_CONTEXT(first) {
      const ScriptFile file(std::string("function on_playlist(ctx, pl)\n  ") + first +
                            "\n  pl:remove(1)\n  error('after the edits')\nend\n");
      interlude::core::MemorySessionStore store;
      const SiteRules rules(settings(file, ScriptingSettings::FailMode::Open), store,
                            Poco::Logger::get("test"));
      auto p = playlist({"a", "b", "c"});
      rules.onPlaylist(p, kRequest);
      BOOST_TEST((titles(p) == std::vector<std::string>{"a", "b", "c"}));
    }
  }
}

// The rules API works inside hooks only, not in the script's top level.
BOOST_AUTO_TEST_CASE(the_api_works_only_while_a_hook_runs) {
  const auto title = firstTitleAfter(R"(local ok, why = pcall(counter.get, "k")
function on_playlist(ctx, pl)
  pl:insert(1, { src = "/t.mp4", title = tostring(ok) .. " " .. why })
end
)");
  BOOST_TEST(title.starts_with("false "));
  BOOST_TEST(title.ends_with("only available while a hook runs"), title);
}

// A name given twice in the query or the cookies: the first wins, in ctx.query,
// ctx.request.cookies and the viewer (the viewer cookie). Query names and
// values are percent-decoded, '+' a space.
BOOST_AUTO_TEST_CASE(the_first_of_a_name_wins) {
  const PlaylistRequest request{"/p.isx",
                                "a=1&b=x%20y+z&a=2",
                                {{"cookie", "v=first; c=3; v=second; c=4"}},
                                "127.0.0.1",
                                "test"};
  BOOST_TEST(firstTitleAfter(R"(function on_playlist(ctx, pl)
  local title = ctx.query.a .. " " .. ctx.query.b .. " " .. ctx.request.cookies.c .. " " .. ctx.viewer
  pl:insert(1, { src = "/t.mp4", title = title })
end
)",
                             request, "v") == "1 x y z 3 first");
}

// The edits of a call that succeeds make the playlist, each entry whole: those
// it had, tables read once each, and one picked ad inserted twice.
BOOST_AUTO_TEST_CASE(the_edits_of_a_call_make_the_playlist) {
  const ScriptFile file(R"(function on_playlist(ctx, pl)
  pl:insert(2, { { src = '/v.mp4', title = 'v' }, { src = '/w.mp4', title = 'w' } })
  pl:move(5, 1)
  pl:replace(2, { src = '/y.mp4', title = 'y' })
  pl:remove(3)
  pl:move(1, 4)
  local copy = pl:get(4)
  pl:insert(1, copy)
  pl:insert(1, copy)
  local ad = ads.pick{ slot = "preroll" }
  pl:insert(2, ad)
  pl:insert(6, ad)
end
)");
  auto s = settings(file, ScriptingSettings::FailMode::Closed);
  s.catalog = std::string(INTERLUDE_SOURCE_DIR) + "/samples/site/ads/catalog.xml";
  interlude::core::MemorySessionStore store;
  const SiteRules rules(s, store, Poco::Logger::get("test"));
  auto p = playlist({"a", "b", "c"});
  rules.onPlaylist(p, kRequest);
  // a b c -> a v w b c -> c a v w b -> c y v w b -> c y w b -> y w b c -> c c y w b c,
  // and the ad before the second entry and before the sixth
  BOOST_TEST((titles(p) ==
              std::vector<std::string>{"c", "promo-3s", "c", "y", "w", "promo-3s", "b", "c"}));
  const auto catalog = rules.catalog()->current();
  for (const auto* r : p.entries) {
    const bool ad = r->entry.title == "promo-3s";
    BOOST_TEST(r->target == (ad ? "/media/ads/newsroom.mp4" : "/" + r->entry.title + ".mp4"));
    BOOST_TEST(r->entry.adId == (ad ? "newsroom/promo-3s" : ""));
    if (ad) BOOST_TEST(r == &catalog->campaign("newsroom")->creatives.front().entry);  // no copy
  }
  // The catalog's ads are the catalog's: the resolution keeps it alive, past a reload.
  BOOST_TEST(std::count(p.kept().begin(), p.kept().end(), catalog) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
