#include <Poco/Logger.h>

#include <boost/test/unit_test.hpp>

#include "interlude/playlists/Resolver.h"
#include "interlude/testing/CapturedLog.h"
#include "points/PointEntries.h"

using namespace interlude;
using namespace interlude::streaming::points;

namespace {

playlists::ResolvedEntry entry(const std::string& src, bool local, const std::string& target) {
  playlists::ResolvedEntry out;
  out.entry.src = src;
  out.entry.pos = {"/site/tv.isx", 7, 5};
  out.local = local;
  out.target = target;
  return out;
}

// The entries of a resolution of `entries` once through `step`.
struct Resolved {
  std::vector<playlists::ResolvedEntry> entries;
};
Resolved resolvedThrough(const PointEntries& step, const std::string& site,
                         std::vector<playlists::ResolvedEntry> entries) {
  playlists::ExpandedPlaylist expanded;
  expanded.entries = std::move(entries);
  playlists::Resolution resolution(
      std::make_shared<const playlists::ExpandedPlaylist>(std::move(expanded)), false);
  playlists::PlaylistRequest request;
  request.site = site;
  step.apply(resolution, request);
  Resolved out;
  for (const auto* r : resolution.entries) out.entries.push_back(*r);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(point_entries)

BOOST_AUTO_TEST_CASE(an_entry_naming_a_point_goes_to_its_url_path) {
  const PointEntries step({{"main", {{"tv", {"/tv/", ""}}, {"vod", {"/vod/", ""}}}}},
                          Poco::Logger::get("test"));
  const auto out = resolvedThrough(
      step, "main",
      {entry("point:tv/master.m3u8?x=1", true, "/point:tv/master.m3u8?x=1"),
       entry("ads/a.mp4", true, "/ads/a.mp4"), entry("point:vod", true, "/point:vod"),
       entry("http://cdn.example/x.mp4", false, "http://cdn.example/x.mp4")});
  BOOST_TEST_REQUIRE(out.entries.size() == 4u);
  BOOST_TEST(!out.entries[0].local);
  BOOST_TEST(out.entries[0].target == "/tv/master.m3u8?x=1");
  BOOST_TEST(out.entries[1].local);
  BOOST_TEST(out.entries[1].target == "/ads/a.mp4");
  BOOST_TEST(!out.entries[2].local);
  BOOST_TEST(out.entries[2].target == "/vod/");
  BOOST_TEST(out.entries[3].target == "http://cdn.example/x.mp4");
  BOOST_TEST(out.entries[0].firstRefs.empty());
}

BOOST_AUTO_TEST_CASE(a_multicast_point_gives_its_group_first_and_its_http_relay_after) {
  const PointEntries step({{"main", {{"news", {"/news/", "udp://@239.1.1.1:5000"}}}}},
                          Poco::Logger::get("test"));
  const auto out = resolvedThrough(step, "main", {entry("point:news", true, "/point:news")});
  BOOST_TEST_REQUIRE(out.entries.size() == 1u);
  BOOST_TEST(out.entries[0].target == "/news/");
  BOOST_TEST((out.entries[0].firstRefs == std::vector<std::string>{"udp://@239.1.1.1:5000"}));
}

BOOST_AUTO_TEST_CASE(an_entry_naming_no_point_of_the_site_is_dropped) {
  const testing::CapturedLog log("test.point_entries");
  const PointEntries step({{"main", {{"tv", {"/tv/", ""}}}}},
                          Poco::Logger::get("test.point_entries"));
  const auto other = resolvedThrough(step, "other", {entry("point:tv/a.m3u8", true, "/x")});
  BOOST_TEST(other.entries.empty());
  const auto unknown = resolvedThrough(
      step, "main", {entry("point:radio/a.m3u8", true, "/x"), entry("b.mp4", true, "/b.mp4")});
  BOOST_TEST_REQUIRE(unknown.entries.size() == 1u);
  BOOST_TEST(unknown.entries[0].target == "/b.mp4");
  const auto messages = log.messages();
  BOOST_TEST_REQUIRE(messages.size() == 2u);
  BOOST_TEST(messages[0] ==
             "/site/tv.isx:7:5: entry point:tv/a.m3u8 skipped: no point \"tv\" in site other");
  BOOST_TEST(messages[1] ==
             "/site/tv.isx:7:5: entry point:radio/a.m3u8 skipped: no point \"radio\" in site main");
}

BOOST_AUTO_TEST_SUITE_END()
