#include <boost/test/unit_test.hpp>
#include <map>
#include <set>

#include "interlude/core/MemorySessionStore.h"
#include "interlude/scripting/AdDecisioner.h"
#include "interlude/scripting/CatalogReader.h"

using namespace interlude::scripting;
using namespace std::chrono;

namespace {

// Wednesday 3 June 2026, 20:00 UTC.
const system_clock::time_point kNow = sys_days(year(2026) / 6 / 3) + hours(20);

std::shared_ptr<const AdCatalog> catalogOf(const std::string& campaigns) {
  return parseAdCatalogText("<catalog xmlns=\"urn:interlude:ads:1\">" + campaigns + "</catalog>",
                            "test.xml");
}

// A campaign in the preroll slot; `extra` goes in its start tag, `body` before its creative.
std::string campaign(const std::string& id, const std::string& extra = "",
                     const std::string& body = "") {
  return "<campaign id=\"" + id + "\" slots=\"preroll\" " + extra + ">" + body + "<creative id=\"" +
         id + "-k\" src=\"" + id +
         ".mp4\" duration=\"15\" "
         "type=\"video/mp4\"/></campaign>";
}

AdPickRequest preroll(std::size_t max = 1) {
  AdPickRequest request;
  request.slot = "preroll";
  request.max = max;
  request.viewer = "viewer-1";
  request.now = kNow;
  return request;
}

struct Fixture {
  interlude::core::MemorySessionStore store;
  AdDecisioner decisioner{store};
  AdRandom random{7};

  std::vector<std::string> ids(const std::shared_ptr<const AdCatalog>& catalog,
                               const AdPickRequest& request) {
    std::vector<std::string> out;
    for (const auto& pick : decisioner.pick(*catalog, request, random)) {
      out.push_back(pick.campaign->id);
    }
    return out;
  }

  // The one campaign picked, or "" when none.
  std::string one(const std::shared_ptr<const AdCatalog>& catalog, const AdPickRequest& request) {
    const auto picked = ids(catalog, request);
    BOOST_TEST_REQUIRE(picked.size() <= 1u);
    return picked.empty() ? "" : picked.front();
  }

  // How often each campaign comes out of `n` picks (distinct viewers: no cap).
  std::map<std::string, int> tally(const std::shared_ptr<const AdCatalog>& catalog,
                                   AdPickRequest request, int n) {
    std::map<std::string, int> counts;
    for (int i = 0; i < n; ++i) {
      request.viewer = "v" + std::to_string(i);
      ++counts[one(catalog, request)];
    }
    return counts;
  }

  void impressions(const AdCatalog& catalog, const std::string& id, int n) {
    for (int i = 0; i < n; ++i) decisioner.recordImpression(*catalog.campaign(id), kNow);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ad_decisioner, Fixture)

BOOST_AUTO_TEST_CASE(weights_converge_over_10000_picks_within_2_percent) {
  const auto catalog = catalogOf(campaign("a", "weight=\"1\"") + campaign("b", "weight=\"3\"") +
                                 campaign("c", "weight=\"6\""));
  const auto counts = tally(catalog, preroll(), 10000);
  BOOST_TEST(std::abs(counts.at("a") / 10000.0 - 0.1) < 0.02);
  BOOST_TEST(std::abs(counts.at("b") / 10000.0 - 0.3) < 0.02);
  BOOST_TEST(std::abs(counts.at("c") / 10000.0 - 0.6) < 0.02);
}

BOOST_AUTO_TEST_CASE(weights_hold_among_eligible_campaigns_when_most_weight_is_not) {
  // The heavy campaigns are drawn nearly every time and rejected: the picks come
  // from the narrowed slot, still in proportion 1:3.
  std::string heavy;
  for (int i = 0; i < 50; ++i) {
    heavy += campaign("fr" + std::to_string(i), "weight=\"1000\"",
                      "<target><query name=\"lang\" equals=\"fr\"/></target>");
  }
  const auto catalog =
      catalogOf(heavy + campaign("a", "weight=\"1\"") + campaign("b", "weight=\"3\""));
  const auto counts = tally(catalog, preroll(), 10000);
  BOOST_TEST(counts.size() == 2u);
  BOOST_TEST(std::abs(counts.at("a") / 10000.0 - 0.25) < 0.02);
  BOOST_TEST(std::abs(counts.at("b") / 10000.0 - 0.75) < 0.02);
}

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_picks) {
  const auto catalog = catalogOf(campaign("a") + campaign("b") + campaign("c") + campaign("d"));
  const auto run = [&](std::uint64_t seed) {
    interlude::core::MemorySessionStore store;
    AdDecisioner decisioner(store);
    AdRandom random(seed);
    std::string sequence;
    for (int i = 0; i < 50; ++i) {
      for (const auto& pick : decisioner.pick(*catalog, preroll(2), random)) {
        sequence += pick.campaign->id;
      }
    }
    return sequence;
  };
  BOOST_TEST(run(1) == run(1));
  BOOST_TEST(run(1) != run(2));
}

BOOST_AUTO_TEST_CASE(only_campaigns_of_the_slot_in_their_flight) {
  const auto catalog = catalogOf(campaign("past", "end=\"2026-06-03T20:00:00Z\"") +
                                 campaign("future", "start=\"2026-06-03T20:00:01Z\"") +
                                 "<campaign id=\"mid\" slots=\"midroll\" vast=\"https://x/\"/>");
  BOOST_TEST(one(catalog, preroll()) == "");
  auto later = preroll();
  later.now = kNow + seconds(1);
  BOOST_TEST(one(catalog, later) == "future");
  auto before = preroll();
  before.now = kNow - seconds(1);
  BOOST_TEST(one(catalog, before) == "past");
  auto unknown = preroll();
  unknown.slot = "overlay";
  BOOST_TEST(one(catalog, unknown) == "");
}

BOOST_AUTO_TEST_CASE(only_campaigns_in_a_daypart_now) {
  const auto catalog = catalogOf(
      campaign("evening", "",
               "<dayparts><daypart days=\"mon-fri\" from=\"18:00\" to=\"23:00\"/></dayparts>"));
  BOOST_TEST(one(catalog, preroll()) == "evening");
  auto saturday = preroll();
  saturday.now = kNow + days(3);
  BOOST_TEST(one(catalog, saturday) == "");
  auto late = preroll();
  late.now = kNow + hours(3);
  BOOST_TEST(one(catalog, late) == "");
}

BOOST_AUTO_TEST_CASE(only_campaigns_whose_targeting_the_request_matches) {
  const auto catalog = catalogOf(
      campaign("en", "", "<target><query name=\"lang\" equals=\"en\"/></target>") +
      campaign("news", "", "<target><header name=\"Referer\" contains=\"news\"/></target>") +
      campaign("tv", "", "<target><userAgent matches=\"(?i)smart-?tv\"/></target>") +
      campaign("lan", "", "<target><ip range=\"10.0.0.0/8\"/></target>"));
  BOOST_TEST(one(catalog, preroll()) == "");
  auto en = preroll();
  en.context.query["lang"] = "en";
  BOOST_TEST(one(catalog, en) == "en");
  auto news = preroll();
  news.context.headers["referer"] = "https://NEWS.example.com/";
  BOOST_TEST(one(catalog, news) == "news");
  auto tv = preroll();
  tv.context.userAgent = "Mozilla/5.0 (SMART-TV; Tizen)";
  BOOST_TEST(one(catalog, tv) == "tv");
  auto lan = preroll();
  lan.context.client = Poco::Net::IPAddress("10.9.8.7");
  BOOST_TEST(one(catalog, lan) == "lan");
}

BOOST_AUTO_TEST_CASE(a_frequency_cap_allows_n_picks_per_viewer_and_period) {
  const auto catalog = catalogOf(campaign("capped", "", "<cap impressions=\"2\" per=\"1h\"/>"));
  BOOST_TEST(one(catalog, preroll()) == "capped");
  BOOST_TEST(one(catalog, preroll()) == "capped");
  BOOST_TEST(one(catalog, preroll()) == "");
  auto other = preroll();
  other.viewer = "viewer-2";
  BOOST_TEST(one(catalog, other) == "capped");
  auto sameHour = preroll();
  sameHour.now = kNow + minutes(59);
  BOOST_TEST(one(catalog, sameHour) == "");
  auto nextHour = preroll();
  nextHour.now = kNow + hours(1);
  BOOST_TEST(one(catalog, nextHour) == "capped");
}

// Counts the store calls a pick makes.
struct CountingStore : interlude::core::MemorySessionStore {
  int calls = 0;
  std::optional<std::string> get(const std::string& key) override {
    ++calls;
    return MemorySessionStore::get(key);
  }
  std::int64_t increment(const std::string& key, std::int64_t by,
                         std::chrono::seconds ttl) override {
    ++calls;
    return MemorySessionStore::increment(key, by, ttl);
  }
};

BOOST_AUTO_TEST_CASE(a_capped_pick_costs_one_store_call_and_a_known_overcap_none) {
  const auto catalog = catalogOf(campaign("capped", "", "<cap impressions=\"1\" per=\"1h\"/>"));
  CountingStore store;
  AdDecisioner decisioner(store);
  AdRandom random(7);
  std::vector<const AdCampaign*> overCap;
  auto request = preroll();
  request.overCap = &overCap;
  BOOST_TEST(decisioner.pick(*catalog, request, random).size() == 1u);
  BOOST_TEST(store.calls == 1);  // the cap taken, not read first
  // Over the cap: taken and given back, and remembered for the caller's next picks.
  BOOST_TEST(decisioner.pick(*catalog, request, random).empty());
  BOOST_TEST(store.calls == 3);
  BOOST_TEST(overCap.size() == 1u);
  BOOST_TEST(decisioner.pick(*catalog, request, random).empty());
  BOOST_TEST(store.calls == 3);
}

BOOST_AUTO_TEST_CASE(a_capped_campaign_goes_to_identified_viewers_only) {
  const auto catalog =
      catalogOf(campaign("capped", "", "<cap impressions=\"5\" per=\"1d\"/>") + campaign("open"));
  auto anonymous = preroll(2);
  anonymous.viewer.clear();
  BOOST_TEST((ids(catalog, anonymous) == std::vector<std::string>{"open"}));
}

BOOST_AUTO_TEST_CASE(a_capped_campaign_leaves_the_rotation_to_the_others) {
  const auto catalog =
      catalogOf(campaign("capped", "weight=\"100\"", "<cap impressions=\"1\" per=\"1d\"/>") +
                campaign("open"));
  BOOST_TEST(one(catalog, preroll()) == "capped");
  for (int i = 0; i < 20; ++i) BOOST_TEST(one(catalog, preroll()) == "open");
}

BOOST_AUTO_TEST_CASE(even_pacing_holds_back_a_campaign_ahead_of_schedule) {
  // Half the flight has passed at kNow: 500 of 1000 impressions, plus 10 of allowance.
  const auto catalog =
      catalogOf(campaign("paced", "start=\"2026-06-01T20:00:00Z\" end=\"2026-06-05T20:00:00Z\"",
                         "<goal impressions=\"1000\"/>"));
  impressions(*catalog, "paced", 509);
  BOOST_TEST(one(catalog, preroll()) == "paced");  // behind schedule
  impressions(*catalog, "paced", 1);
  BOOST_TEST(one(catalog, preroll()) == "");  // ahead
  auto later = preroll();
  later.now = kNow + hours(12);
  BOOST_TEST(one(catalog, later) == "paced");  // the schedule caught up
}

BOOST_AUTO_TEST_CASE(a_campaign_stops_at_its_goal) {
  const auto catalog = catalogOf(campaign("asap", "", "<goal impressions=\"3\" pacing=\"asap\"/>"));
  impressions(*catalog, "asap", 2);
  BOOST_TEST(one(catalog, preroll()) == "asap");
  impressions(*catalog, "asap", 1);
  BOOST_TEST(one(catalog, preroll()) == "");
}

BOOST_AUTO_TEST_CASE(no_two_ads_of_one_category_in_a_break) {
  const auto catalog = catalogOf(
      campaign("ford", "categories=\"cars\"") + campaign("fiat", "categories=\"cars italy\"") +
      campaign("pasta", "categories=\"food italy\"") + campaign("bank", "categories=\"finance\""));
  for (int i = 0; i < 200; ++i) {
    const auto picked = ids(catalog, preroll(4));
    const std::set<std::string> set(picked.begin(), picked.end());
    BOOST_TEST(set.size() == picked.size());
    BOOST_TEST(!(set.count("ford") && set.count("fiat")));
    BOOST_TEST(!(set.count("fiat") && set.count("pasta")));
    BOOST_TEST(set.count("bank") == 1u);
  }
}

BOOST_AUTO_TEST_CASE(no_ad_of_a_category_already_in_the_break) {
  const auto catalog = catalogOf(campaign("ford", "categories=\"cars\"") +
                                 campaign("bank", "categories=\"finance\""));
  auto request = preroll(2);
  request.breakCategories = {"cars", "unknown"};
  for (int i = 0; i < 20; ++i) {
    BOOST_TEST((ids(catalog, request) == std::vector<std::string>{"bank"}));
  }
}

BOOST_AUTO_TEST_CASE(wanted_categories_narrow_the_choice) {
  const auto catalog = catalogOf(campaign("ford", "categories=\"cars\"") +
                                 campaign("bank", "categories=\"finance\"") + campaign("any"));
  auto request = preroll(3);
  request.categories = {"finance"};
  BOOST_TEST((ids(catalog, request) == std::vector<std::string>{"bank"}));
  request.categories = {"gardening"};
  BOOST_TEST(ids(catalog, request).empty());
}

BOOST_AUTO_TEST_CASE(max_bounds_the_picks_each_a_different_campaign) {
  const auto catalog =
      catalogOf(campaign("a") + campaign("b") + campaign("c") + campaign("d") + campaign("e"));
  BOOST_TEST(ids(catalog, preroll(3)).size() == 3u);
  const auto all = ids(catalog, preroll(10));
  BOOST_TEST(std::set<std::string>(all.begin(), all.end()).size() == 5u);
  BOOST_TEST(ids(catalog, preroll(0)).empty());
}

BOOST_AUTO_TEST_CASE(a_pick_carries_its_creative_and_keeps_its_catalog_alive) {
  auto catalog = catalogOf(campaign("a") +
                           "<campaign id=\"tag\" slots=\"midroll\" vast=\"https://x/v.xml\"/>");
  auto picks = decisioner.pick(*catalog, preroll(), random);
  auto midroll = preroll();
  midroll.slot = "midroll";
  const auto tagged = decisioner.pick(*catalog, midroll, random);
  catalog.reset();
  BOOST_TEST_REQUIRE(picks.size() == 1u);
  BOOST_TEST(picks[0].creative->src == "a.mp4");
  BOOST_TEST_REQUIRE(tagged.size() == 1u);
  BOOST_TEST(!tagged[0].creative);
  BOOST_TEST(tagged[0].campaign->vastUrl == "https://x/v.xml");
}

BOOST_AUTO_TEST_SUITE_END()
