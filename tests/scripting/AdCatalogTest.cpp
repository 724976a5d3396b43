#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "interlude/core/Diagnostic.h"
#include "interlude/scripting/CatalogReader.h"

using namespace interlude::scripting;
using interlude::core::Diagnostic;
using interlude::core::InputError;
using namespace std::chrono;

namespace {

const std::string kCatalogs = std::string(INTERLUDE_SOURCE_DIR) + "/tests/scripting/catalogs/";

// The first problem of a bad catalog file, or a failed test.
Diagnostic firstProblem(const std::string& file) {
  try {
    readAdCatalog(kCatalogs + "bad/" + file);
  } catch (const InputError& e) {
    BOOST_TEST_REQUIRE(!e.diagnostics().empty());
    return e.diagnostics().front();
  }
  BOOST_FAIL(file + " was accepted");
  return {};
}

system_clock::time_point utc(int y, unsigned m, unsigned d, int hour = 0) {
  return sys_days(year(y) / m / d) + hours(hour);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ad_catalog)

BOOST_AUTO_TEST_CASE(reads_every_field_of_a_full_catalog) {
  const auto catalog = readAdCatalog(kCatalogs + "full.xml");
  BOOST_TEST_REQUIRE(catalog->campaigns().size() == 2u);

  const auto* acme = catalog->campaign("acme-spring");
  BOOST_TEST_REQUIRE(acme);
  BOOST_TEST(acme->weight == 3.0);
  BOOST_TEST((acme->start == utc(2026, 1, 1)));
  BOOST_TEST((acme->end == utc(2026, 12, 31, 23)));  // +01:00
  BOOST_TEST((acme->categories == std::vector<std::string>{"cars", "finance"}));
  BOOST_TEST((acme->slots == std::vector<std::string>{"preroll", "midroll"}));
  BOOST_TEST_REQUIRE(acme->cap.has_value());
  BOOST_TEST(acme->cap->impressions == 3);
  BOOST_TEST(acme->cap->period.count() == 3600);
  BOOST_TEST_REQUIRE(acme->goal.has_value());
  BOOST_TEST(acme->goal->impressions == 100000);
  BOOST_TEST(acme->goal->even);
  BOOST_TEST(acme->vastUrl.empty());

  BOOST_TEST_REQUIRE(acme->creatives.size() == 2u);
  const auto& short15 = acme->creatives[0];
  BOOST_TEST(short15.id == "acme-15s");
  BOOST_TEST(short15.src == "ads/acme-15s.mp4");
  const auto& ad = short15.entry;  // what a pick puts in a playlist
  BOOST_TEST(ad.entry.adId == "acme-spring/acme-15s");
  BOOST_TEST((ad.entry.kind == interlude::playlists::EntryKind::Ad));
  BOOST_TEST(ad.entry.title == "acme-15s");
  BOOST_TEST(ad.entry.author == "acme-spring");
  BOOST_TEST(ad.entry.durationSeconds.value_or(0) == 15.0);
  BOOST_TEST(!ad.entry.permissions.canSeek);
  BOOST_TEST(!ad.entry.permissions.canSkipForward);
  BOOST_TEST(ad.local);
  BOOST_TEST(ad.target == "/ads/acme-15s.mp4");
  BOOST_TEST(ad.entry.pos.file == kCatalogs + "full.xml");  // warnings about it point here
  BOOST_TEST(ad.entry.pos.line == 20);
  BOOST_TEST(short15.durationSeconds == 15.0);
  BOOST_TEST(short15.mimeType == "video/mp4");
  BOOST_TEST(short15.bitrateKbps == 800u);
  BOOST_TEST(short15.width == 640u);
  BOOST_TEST(short15.height == 360u);
  BOOST_TEST(short15.delivery == "progressive");
  BOOST_TEST(short15.clickThrough == "https://acme.example.com/");
  BOOST_TEST_REQUIRE(short15.tracking.size() == 3u);
  BOOST_TEST(short15.tracking[0].event == "impression");
  BOOST_TEST(short15.tracking[2].event == "complete");
  BOOST_TEST(short15.tracking[2].url == "https://t.example.com/complete");
  const auto& long30 = acme->creatives[1];
  BOOST_TEST(long30.durationSeconds == 30.5);
  BOOST_TEST(long30.delivery == "streaming");
  BOOST_TEST(long30.bitrateKbps == 0u);
  BOOST_TEST(long30.clickThrough.empty());

  // Wednesday 3 June 2026, 19:30 UTC is 20:30 at +01:00: in the weekday evening part.
  BOOST_TEST(acme->dayparts.contains(utc(2026, 6, 3, 19) + minutes(30)));
  BOOST_TEST(!acme->dayparts.contains(utc(2026, 6, 3, 22) + minutes(30)));

  AdContext context;
  context.query["lang"] = "fr";
  context.headers["x-country"] = "GB, FR";
  context.userAgent = "Roku/DVP-9.10";
  context.client = Poco::Net::IPAddress("2001:db8::7");
  BOOST_TEST(acme->targeting.matches(context));

  const auto* house = catalog->campaign("house");
  BOOST_TEST_REQUIRE(house);
  BOOST_TEST(house->weight == 1.0);
  BOOST_TEST(!house->start.has_value());
  BOOST_TEST(house->creatives.empty());
  BOOST_TEST(house->vastUrl == "https://ads.example.com/house.xml");
  BOOST_TEST(!house->goal->even);
  BOOST_TEST(!house->cap.has_value());
}

BOOST_AUTO_TEST_CASE(indexes_campaigns_by_slot_and_names_slot_fallbacks) {
  const auto catalog = readAdCatalog(kCatalogs + "full.xml");
  BOOST_TEST_REQUIRE(catalog->slot("preroll"));
  BOOST_TEST(catalog->slot("preroll")->campaigns.campaigns().size() == 2u);
  BOOST_TEST(catalog->slot("midroll")->campaigns.campaigns().size() == 1u);
  BOOST_TEST(catalog->slot("postroll")->vastUrl == "https://ads.example.com/vast?slot=postroll");
  BOOST_TEST(catalog->slot("preroll")->vastUrl.empty());
  BOOST_TEST(!catalog->slot("overlay"));
  BOOST_TEST(catalog->categoryId("cars").has_value());
  BOOST_TEST(!catalog->categoryId("food").has_value());
}

BOOST_AUTO_TEST_CASE(finds_the_campaign_of_an_ad_entry) {
  const auto catalog = readAdCatalog(kCatalogs + "full.xml");
  const auto& acme = catalog->campaigns().front();
  const auto& creative = acme.creatives.back();
  BOOST_TEST(catalog->campaignOf(creative.entry) == &acme);  // by its address
  auto copy = creative.entry;  // an entry of an older version, or made by a rule
  BOOST_TEST(catalog->campaignOf(copy) == &acme);  // by its adId
  copy.entry.adId = "house/vast~ref";
  BOOST_TEST(catalog->campaignOf(copy) == catalog->campaign("house"));
  copy.entry.adId = "gone/x";
  BOOST_TEST(!catalog->campaignOf(copy));
  copy.entry.adId.clear();
  BOOST_TEST(!catalog->campaignOf(copy));
}

BOOST_AUTO_TEST_CASE(names_each_bad_input_at_its_file_line_and_column) {
  struct Case {
    const char* file;
    int line;
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"malformed.xml", 4, 11, "Opening and ending tag mismatch"},
      {"wrong-namespace.xml", 1, 1, "No matching global declaration"},
      {"unknown-element.xml", 3, 3, "Element 'budget': This element is not expected"},
      {"out-of-order.xml", 4, 3, "Element 'cap': This element is not expected"},
      {"no-slots.xml", 2, 1, "The attribute 'slots' is required"},
      {"bad-id.xml", 2, 11, "The value 'a b' is not accepted"},
      {"zero-weight.xml", 2, 34, "attribute 'weight'"},
      {"date-without-zone.xml", 2, 34, "attribute 'start'"},
      {"duplicate-campaign.xml", 3, 1, "Duplicate key-sequence ['a']"},
      {"duplicate-creative.xml", 4, 3, "Duplicate key-sequence ['k']"},
      {"cap-without-period.xml", 3, 3, "The attribute 'per' is required"},
      {"bad-period.xml", 3, 24, "The value '1y' is not accepted"},
      {"bad-clock.xml", 3, 22, "The value '25:00' is not accepted"},
      {"end-before-start.xml", 3, 40, "campaign \"a\" ends before it starts"},
      {"bad-cidr.xml", 4, 9, "the prefix length must be 0 to 32"},
      {"bad-address.xml", 3, 15, "\"10.0.0/8\" is not an IP address"},
      {"unknown-day.xml", 4, 14, "unknown day \"fry\""},
      {"empty-daypart.xml", 3, 13, "the day-part is empty"},
      {"bad-regex.xml", 4, 28, "bad regular expression \"news(.com\""},
      {"two-comparisons.xml", 3, 11, "<query> takes one of equals, contains and matches"},
      {"user-agent-without-comparison.xml", 3, 11, "<userAgent> needs one of"},
      {"even-pacing-without-flight.xml", 3, 3, "needs start and end, or pacing=\"asap\""},
      {"no-creative.xml", 2, 1, "has neither a <creative> nor a vast URL"},
      {"huge-bitrate.xml", 3, 63, "@bitrate: 99999999999 is too large"},
      {"huge-weight.xml", 3, 11, "attribute 'weight'"},
      {"src-outside-root.xml", 3, 20,
       "creative src \"../../etc/passwd\" leads outside the site root"},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.file) {
      const auto problem = firstProblem(c.file);
      BOOST_TEST(problem.file == kCatalogs + "bad/" + c.file);
      BOOST_TEST(problem.line == c.line);
      BOOST_TEST(problem.column == c.column);
      BOOST_TEST(problem.message.find(c.message) != std::string::npos, problem.message);
    }
  }
}

BOOST_AUTO_TEST_CASE(reports_every_problem_of_a_file_not_only_the_first) {
  try {
    parseAdCatalogText(
        "<catalog xmlns=\"urn:interlude:ads:1\">\n"
        "<campaign id=\"a\" slots=\"preroll\"><target><ip range=\"nowhere\"/></target></campaign>\n"
        "<campaign id=\"b\" slots=\"preroll\" vast=\"https://x/\">\n"
        "  <dayparts><daypart days=\"someday\"/></dayparts></campaign>\n"
        "</catalog>\n",
        "two.xml");
    BOOST_FAIL("accepted");
  } catch (const InputError& e) {
    BOOST_TEST_REQUIRE(e.diagnostics().size() == 3u, e.report());
    BOOST_TEST(e.diagnostics()[0].str().starts_with("two.xml:2:"));
    BOOST_TEST(e.diagnostics()[2].str().starts_with("two.xml:4:22: unknown day \"someday\""));
  }
}

BOOST_AUTO_TEST_SUITE_END()
