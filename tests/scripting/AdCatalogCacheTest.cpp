#include <Poco/TemporaryFile.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>

#include "interlude/core/Diagnostic.h"
#include "interlude/scripting/AdCatalogCache.h"

using namespace interlude::scripting;
using namespace std::chrono;

namespace {

std::string catalogWith(const std::string& id) {
  return "<catalog xmlns=\"urn:interlude:ads:1\"><campaign id=\"" + id +
         "\" slots=\"preroll\" vast=\"https://x/\"/></catalog>\n";
}

struct Fixture {
  Poco::TemporaryFile dir;
  std::string path;
  AdCatalogCache::Clock::time_point now{};

  Fixture() {
    dir.createDirectories();
    path = dir.path() + "/ads.xml";
  }

  // Written aside then renamed, as an editor or a deployment does.
  void write(const std::string& text) {
    { std::ofstream(path + ".new") << text; }
    std::filesystem::rename(path + ".new", path);
  }

  AdCatalogCache cache() {
    return AdCatalogCache(path, [this] { return now; });
  }
};

bool has(const std::shared_ptr<const AdCatalog>& catalog, const std::string& id) {
  return catalog->campaign(id) != nullptr;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ad_catalog_cache, Fixture)

BOOST_AUTO_TEST_CASE(a_bad_first_version_is_an_error) {
  write("<catalog xmlns=\"urn:interlude:ads:1\"><campaign/></catalog>");
  BOOST_CHECK_THROW(cache(), interlude::core::InputError);
}

BOOST_AUTO_TEST_CASE(a_changed_file_is_read_again_at_most_once_a_second) {
  write(catalogWith("first"));
  auto ads = cache();
  write(catalogWith("second"));
  now += milliseconds(999);
  BOOST_TEST(has(ads.current(), "first"));
  now += milliseconds(1);
  BOOST_TEST(has(ads.current(), "second"));
}

// A thread keeps the catalog it holds while one of its holds lives (a rule
// call's picks see one version), and takes the newest at its next hold.
BOOST_AUTO_TEST_CASE(a_hold_keeps_its_catalog_until_it_ends) {
  write(catalogWith("first"));
  auto ads = cache();
  {
    const auto held = ads.hold();
    BOOST_TEST(held->campaign("first"));
    write(catalogWith("second"));
    now += seconds(1);
    BOOST_TEST(has(ads.current(), "second"));
    const auto again = ads.hold();
    BOOST_TEST(again->campaign("first"));
    BOOST_TEST(held->campaign("first"));
  }
  const auto fresh = ads.hold();
  BOOST_TEST(fresh->campaign("second"));
  BOOST_TEST(!fresh->campaign("first"));
}

BOOST_AUTO_TEST_CASE(a_bad_new_version_keeps_the_previous_catalog) {
  write(catalogWith("first"));
  auto ads = cache();
  const auto before = ads.current();
  write("<catalog xmlns=\"urn:interlude:ads:1\"><campaign id=\"x\"/></catalog>");
  now += seconds(2);
  BOOST_TEST((ads.current() == before));
  std::filesystem::remove(path);
  now += seconds(2);
  BOOST_TEST((ads.current() == before));
  write(catalogWith("fixed"));
  now += seconds(2);
  BOOST_TEST(has(ads.current(), "fixed"));
}

BOOST_AUTO_TEST_SUITE_END()
