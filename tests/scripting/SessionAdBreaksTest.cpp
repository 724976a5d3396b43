#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "interlude/scripting/CatalogReader.h"
#include "serving/SessionAdBreaks.h"

using namespace interlude;
using namespace interlude::scripting;

namespace {

const auto kCatalog = parseAdCatalogText(
    "<catalog xmlns=\"urn:interlude:ads:1\"><campaign id=\"c\" slots=\"any\">"
    "<creative id=\"a\" src=\"ads/a.mp4\" duration=\"5\" type=\"video/mp4\" width=\"1\" "
    "height=\"1\">"
    "<tracking event=\"midpoint\" url=\"http://t.test/mid\"/></creative>"
    "<creative id=\"b\" src=\"ads/b.mp4\" duration=\"7\" type=\"video/mp4\"/>"
    "</campaign></catalog>",
    "catalog.xml");

playlists::SessionEntry content(double seconds) {
  playlists::SessionEntry entry;
  entry.durationSeconds = seconds;
  return entry;
}

playlists::SessionEntry ad(const std::string& id, std::uint64_t size = 100) {
  playlists::SessionEntry entry;
  entry.kind = playlists::EntryKind::Ad;
  entry.adId = id;
  entry.size = size;
  entry.title = id;
  return entry;
}

std::vector<VmapBreak> breaksOf(std::vector<playlists::SessionEntry> entries) {
  playlists::Session session;
  session.id = "5e55";
  session.entries = std::move(entries);
  std::vector<std::string> urls;
  for (std::size_t i = 0; i < session.entries.size(); ++i) {
    urls.push_back("http://h/_/e/" + std::to_string(i));
  }
  const playlists::PlaylistRequest request;
  const playlists::SessionDocument document{session, urls, request, "http://h", "", ""};
  return sessionAdBreaks(document, *kCatalog, [](std::size_t entry, const std::string& adId) {
    return "http://h/_/t/" + std::to_string(entry) + "-" + adId + "/";
  });
}

std::vector<std::string> idsOf(const VmapBreak& adBreak) {
  std::vector<std::string> ids;
  for (const auto& a : adBreak.ads) ids.push_back(a.id);
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(session_ad_breaks)

BOOST_AUTO_TEST_CASE(ads_form_pre_mid_and_post_rolls_by_content_time) {
  const auto breaks = breaksOf({ad("c/a"), content(60), ad("c/b"), ad("c/a"), content(30.5),
                                ad("c/b"), content(10), ad("c/a")});
  BOOST_TEST_REQUIRE(breaks.size() == 4u);
  BOOST_TEST((breaks[0].position == VmapBreak::Position::Start));
  BOOST_TEST((breaks[1].position == VmapBreak::Position::Middle));
  BOOST_TEST(breaks[1].offsetSeconds == 60.0);
  BOOST_TEST((idsOf(breaks[1]) == std::vector<std::string>{"c/b", "c/a"}));
  BOOST_TEST(breaks[1].ads[0].sequence == 1u);
  BOOST_TEST(breaks[1].ads[1].sequence == 2u);
  BOOST_TEST(breaks[0].ads[0].sequence == 0u);  // alone: not a pod
  BOOST_TEST(breaks[2].offsetSeconds == 90.5);
  BOOST_TEST((breaks[3].position == VmapBreak::Position::End));
}

BOOST_AUTO_TEST_CASE(an_ad_plays_from_its_entry_url_with_its_beacons) {
  const auto breaks = breaksOf({content(10), ad("c/a", 4000)});
  BOOST_TEST_REQUIRE(breaks.size() == 1u);
  const auto& a = breaks[0].ads.at(0);
  BOOST_TEST(a.mediaFiles.at(0).url == "http://h/_/e/1");
  BOOST_TEST(a.mediaFiles.at(0).fileSize == 4000u);
  BOOST_TEST(a.durationSeconds == 5.0);
  BOOST_TEST(a.impressions.at(0) == "http://h/_/t/1-c/a/impression");
  BOOST_TEST(a.tracking.size() == 6u);  // 5 beacons and the creative's midpoint
  BOOST_TEST(a.tracking.back().url == "http://t.test/mid");
}

BOOST_AUTO_TEST_CASE(ads_missing_from_the_catalog_are_left_out) {
  const auto breaks = breaksOf({ad("c/gone"), ad("other/a"), content(10), ad("c/b")});
  BOOST_TEST_REQUIRE(breaks.size() == 1u);
  BOOST_TEST((breaks[0].position == VmapBreak::Position::End));
  BOOST_TEST((idsOf(breaks[0]) == std::vector<std::string>{"c/b"}));
}

BOOST_AUTO_TEST_SUITE_END()
