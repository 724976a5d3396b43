#include <boost/test/unit_test.hpp>

#include "points/PointTarget.h"

using namespace interlude;
using namespace interlude::streaming::points;

namespace {

PointTarget below(const std::string& prefix, const std::string& uri) {
  core::RequestPath parsed;
  core::Rejection why;
  BOOST_TEST_REQUIRE(core::parseRequestTarget(uri, parsed, why), why.rule);
  return pointTarget(prefix, parsed, uri);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(point_target)

BOOST_AUTO_TEST_CASE(keeps_the_client_encoding_for_upstreams) {
  const auto t = below("/live/", "/live/a.ism/QualityLevels(400000)/Fragments(video=0)?x=%41");
  BOOST_TEST(t.raw == "/a.ism/QualityLevels(400000)/Fragments(video=0)?x=%41");
  BOOST_TEST(t.below.path == "/a.ism/QualityLevels(400000)/Fragments(video=0)");
  BOOST_TEST(t.below.query == "x=%41");
}

BOOST_AUTO_TEST_CASE(decodes_the_path_for_files) {
  const auto t = below("/vod/", "/vod/hls/seg%201.ts");
  BOOST_TEST(t.below.path == "/hls/seg 1.ts");
  BOOST_TEST(t.raw == "/hls/seg%201.ts");
}

BOOST_AUTO_TEST_CASE(reencodes_when_the_raw_path_spells_the_prefix_otherwise) {
  const auto t = below("/live/", "/%6Cive/./a b.m3u8");
  BOOST_TEST(t.below.path == "/a b.m3u8");
  BOOST_TEST(t.raw == "/a%20b.m3u8");
}

BOOST_AUTO_TEST_CASE(takes_the_path_of_an_absolute_form_target) {
  const auto t = below("/live/", "http://example.com/live/x.ts?y=1");
  BOOST_TEST(t.raw == "/x.ts?y=1");
}

BOOST_AUTO_TEST_CASE(the_prefix_itself_is_the_root_below_it) {
  const auto t = below("/live/", "/live/");
  BOOST_TEST(t.below.path == "/");
  BOOST_TEST(t.raw == "/");
}

BOOST_AUTO_TEST_SUITE_END()
