#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "VastXml.h"
#include "interlude/scripting/VmapWriter.h"

using namespace interlude::scripting;

namespace {

VastAd adNamed(const std::string& id) {
  VastAd ad;
  ad.id = id;
  ad.title = id;
  ad.creativeId = id;
  ad.durationSeconds = 10;
  ad.mediaFiles = {{"http://127.0.0.1/_/e/" + id, "video/mp4", "progressive", 320, 240, 0, 0}};
  return ad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vmap_writer)

BOOST_AUTO_TEST_CASE(breaks_have_offsets_and_inline_vast) {
  const std::vector<VmapBreak> breaks = {
      {VmapBreak::Position::Start, 0, {adNamed("pre")}},
      {VmapBreak::Position::Middle, 600, {adNamed("mid1"), adNamed("mid2")}},
      {VmapBreak::Position::Middle, 1230.25, {adNamed("mid3")}},
      {VmapBreak::Position::End, 0, {adNamed("post")}},
  };
  const VastXml vmap(VmapWriter().document(breaks));
  BOOST_TEST_REQUIRE(vmap.parsed());
  BOOST_TEST(vmap.value("/m:VMAP/@version") == "1.0");
  BOOST_TEST(vmap.values("/m:VMAP/m:AdBreak/@timeOffset") ==
             (std::vector<std::string>{"start", "00:10:00.000", "00:20:30.250", "end"}));
  BOOST_TEST(vmap.values("/m:VMAP/m:AdBreak/@breakId") ==
             (std::vector<std::string>{"preroll", "midroll-1", "midroll-2", "postroll"}));
  BOOST_TEST(vmap.values("/m:VMAP/m:AdBreak/@breakType").size() == 4u);
  const std::string data = "/m:VMAP/m:AdBreak[2]/m:AdSource/m:VASTAdData/v:VAST";
  BOOST_TEST(vmap.value(data + "/@version") == "4.2");
  BOOST_TEST(vmap.values(data + "/v:Ad/@id") == (std::vector<std::string>{"mid1", "mid2"}));
  BOOST_TEST(vmap.value("/m:VMAP/m:AdBreak[2]/m:AdSource/@allowMultipleAds") == "true");
  BOOST_TEST(vmap.value("/m:VMAP/m:AdBreak[4]//v:MediaFile") == "http://127.0.0.1/_/e/post");
}

BOOST_AUTO_TEST_CASE(breaks_without_ads_are_left_out) {
  const VastXml vmap(VmapWriter().document(
      {{VmapBreak::Position::Start, 0, {}}, {VmapBreak::Position::End, 0, {adNamed("post")}}}));
  BOOST_TEST(vmap.values("/m:VMAP/m:AdBreak/@timeOffset") == (std::vector<std::string>{"end"}));
  const VastXml none(VmapWriter().document({}));
  BOOST_TEST(none.value("/m:VMAP/@version") == "1.0");
  BOOST_TEST(none.values("/m:VMAP/*").empty());
}

BOOST_AUTO_TEST_SUITE_END()
