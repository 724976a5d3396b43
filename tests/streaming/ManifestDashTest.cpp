#include <boost/test/unit_test.hpp>
#include <string>

#include "manifest/ManifestFilter.h"

using namespace interlude::streaming::manifest;

namespace {

const char* const kMpd = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT8S" profiles="urn:mpeg:dash:profile:isoff-live:2011">
  <BaseURL>http://origin:8000/vod/show/</BaseURL>
  <Period id="0">
    <AdaptationSet contentType="video" maxBandwidth="3000000" maxWidth="1280" maxHeight="720" segmentAlignment="true">
      <SegmentTemplate media="$RepresentationID$/$Number$.m4s" initialization="$RepresentationID$/init.mp4" duration="4" startNumber="1"/>
      <Representation id="v3000" bandwidth="3000000" width="1280" height="720" codecs="avc1.64001f"/>
      <Representation id="v1600" bandwidth="1600000" width="960" height="540" codecs="avc1.64001f"/>
      <Representation id="v800" bandwidth="800000" width="640" height="360" codecs="avc1.64001e"/>
      <Representation id="v400" bandwidth="400000" width="416" height="234" codecs="avc1.640015"/>
    </AdaptationSet>
    <AdaptationSet contentType="audio" lang="en">
      <BaseURL>https://cdn.example/audio/</BaseURL>
      <Representation id="a128" bandwidth="128000" codecs="mp4a.40.2"/>
    </AdaptationSet>
  </Period>
</MPD>
)xml";

ManifestRewrite rewrite(std::uint64_t maxBitrate) {
  return {"http://origin:8000/vod/show/Manifest(format=mpd-time-csf)",
          {"http://origin:8000/vod/"},
          "/edge/",
          maxBitrate};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_dash)

BOOST_AUTO_TEST_CASE(representations_above_the_bitrate_go_and_the_set_stays_consistent) {
  const auto out = filterManifest(kMpd, rewrite(1600000));
  BOOST_TEST(out.find("id=\"v3000\"") == std::string::npos);
  BOOST_TEST(out.find("id=\"v1600\"") != std::string::npos);
  BOOST_TEST(out.find("id=\"v400\"") != std::string::npos);
  BOOST_TEST(out.find(R"(maxBandwidth="1600000" maxWidth="960" maxHeight="540")") !=
             std::string::npos);
  BOOST_TEST(out.find("id=\"a128\"") != std::string::npos);
  // The MPD's own BaseURL is the upstream's: it goes through the point; the CDN's stays.
  BOOST_TEST(out.find("<BaseURL>/edge/show/</BaseURL>") != std::string::npos);
  BOOST_TEST(out.find("<BaseURL>https://cdn.example/audio/</BaseURL>") != std::string::npos);
  BOOST_TEST(out.find(R"(media="$RepresentationID$/$Number$.m4s")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_adaptation_set_keeps_its_lowest_representation) {
  const auto out = filterManifest(kMpd, rewrite(100000));
  BOOST_TEST(out.find("id=\"v400\"") != std::string::npos);
  BOOST_TEST(out.find("id=\"v800\"") == std::string::npos);
  BOOST_TEST(out.find("id=\"a128\"") != std::string::npos);
  BOOST_TEST(out.find(R"(maxBandwidth="400000" maxWidth="416" maxHeight="234")") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_mpd_with_nothing_to_change_is_passed_as_it_is) {
  std::string mpd = kMpd;
  mpd.replace(mpd.find("http://origin:8000/vod/show/"), 28, "show/");
  BOOST_TEST(filterManifest(mpd, rewrite(0)) == mpd);
  BOOST_TEST(filterManifest(mpd, rewrite(5000000)) == mpd);
}

BOOST_AUTO_TEST_CASE(a_representation_without_bandwidth_is_refused_with_its_line) {
  try {
    filterManifest(
        "<MPD>\n<Period>\n<AdaptationSet>\n<Representation id=\"x\"/>\n</AdaptationSet>\n"
        "</Period>\n</MPD>",
        rewrite(1600000));
    BOOST_FAIL("no error");
  } catch (const ManifestError& e) {
    BOOST_TEST(e.line() == 4);
    BOOST_TEST(e.field() == "bandwidth");
  }
}

BOOST_AUTO_TEST_CASE(mpds_are_told_by_path_or_type) {
  BOOST_TEST(isManifestResponse("/edge/a/stream.mpd", ""));
  BOOST_TEST(isManifestResponse("/edge/a/x", "application/dash+xml"));
}

BOOST_AUTO_TEST_SUITE_END()
