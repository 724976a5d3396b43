#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "VastXml.h"
#include "interlude/scripting/UrlText.h"
#include "interlude/scripting/VastTime.h"
#include "interlude/scripting/VastWriter.h"

using namespace interlude::scripting;

namespace {

VastAd sampleAd(unsigned sequence) {
  VastAd ad;
  ad.id = "spring/a" + std::to_string(sequence);
  ad.sequence = sequence;
  ad.title = "Spring & Summer <sale>";
  ad.creativeId = "a" + std::to_string(sequence);
  ad.durationSeconds = 15.5;
  ad.impressions = {"http://127.0.0.1/_/t/TOKEN/impression", "http://ads.test/imp?a=1&b=x y"};
  ad.tracking = {{"start", "http://127.0.0.1/_/t/TOKEN/start"},
                 {"firstQuartile", "http://ads.test/q1?c=[CACHEBUSTING]"},
                 {"complete", "http://ads.test/done?t=\"quoted\""}};
  ad.clickThrough = "http://advertiser.test/landing?utm=spring&x=é";
  ad.mediaFiles = {
      {"http://127.0.0.1/_/e/TOKEN", "video/mp4", "progressive", 640, 360, 800, 1234567}};
  return ad;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vast_writer)

BOOST_AUTO_TEST_CASE(durations_are_hh_mm_ss_mmm_and_read_back) {
  BOOST_TEST(vastTime(0) == "00:00:00.000");
  BOOST_TEST(vastTime(15.5) == "00:00:15.500");
  BOOST_TEST(vastTime(3725.0416) == "01:02:05.042");
  BOOST_TEST(*parseVastTime("01:02:05.042") == 3725.042, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(*parseVastTime("00:00:30") == 30.0);
  BOOST_TEST(!parseVastTime("00:61:00"));
  BOOST_TEST(!parseVastTime("30"));
  BOOST_TEST(!parseVastTime("00:00:1x"));
}

BOOST_AUTO_TEST_CASE(urls_are_percent_encoded_only_where_needed) {
  BOOST_TEST(percentEncodeUrl("http://a.test/p?q=1&r=[MACRO]#f") ==
             "http://a.test/p?q=1&r=[MACRO]#f");
  BOOST_TEST(percentEncodeUrl("http://a.test/a b?c=\"d\"") == "http://a.test/a%20b?c=%22d%22");
  BOOST_TEST(percentEncodeUrl("http://a.test/%41%zz") == "http://a.test/%41%25zz");
  BOOST_TEST(percentEncodeUrl("http://a.test/é") == "http://a.test/%C3%A9");
}

BOOST_AUTO_TEST_CASE(an_ad_pod_has_every_required_element) {
  const VastXml vast(VastWriter().document({sampleAd(1), sampleAd(2)}));
  BOOST_TEST_REQUIRE(vast.parsed());
  BOOST_TEST(vast.value("/v:VAST/@version") == "4.2");
  BOOST_TEST(vast.values("/v:VAST/v:Ad").size() == 2u);
  BOOST_TEST(vast.values("/v:VAST/v:Ad/@sequence") == (std::vector<std::string>{"1", "2"}));
  const std::string inLine = "/v:VAST/v:Ad[1]/v:InLine/";
  BOOST_TEST(vast.value(inLine + "v:AdSystem") == "Interlude");
  BOOST_TEST(vast.value(inLine + "v:AdTitle") == "Spring & Summer <sale>");
  BOOST_TEST(vast.values(inLine + "v:Impression") ==
             (std::vector<std::string>{"http://127.0.0.1/_/t/TOKEN/impression",
                                       "http://ads.test/imp?a=1&b=x%20y"}));
  const std::string linear = inLine + "v:Creatives/v:Creative/v:Linear/";
  BOOST_TEST(vast.value(linear + "v:Duration") == "00:00:15.500");
  BOOST_TEST(vast.values(linear + "v:TrackingEvents/v:Tracking/@event") ==
             (std::vector<std::string>{"start", "firstQuartile", "complete"}));
  BOOST_TEST(vast.value(linear + "v:TrackingEvents/v:Tracking[@event='complete']") ==
             "http://ads.test/done?t=%22quoted%22");
  BOOST_TEST(vast.value(linear + "v:TrackingEvents/v:Tracking[@event='firstQuartile']") ==
             "http://ads.test/q1?c=[CACHEBUSTING]");
  BOOST_TEST(vast.value(linear + "v:VideoClicks/v:ClickThrough") ==
             "http://advertiser.test/landing?utm=spring&x=%C3%A9");
  const std::string file = linear + "v:MediaFiles/v:MediaFile";
  BOOST_TEST(vast.value(file) == "http://127.0.0.1/_/e/TOKEN");
  BOOST_TEST(vast.value(file + "/@delivery") == "progressive");
  BOOST_TEST(vast.value(file + "/@type") == "video/mp4");
  BOOST_TEST(vast.value(file + "/@width") == "640");
  BOOST_TEST(vast.value(file + "/@height") == "360");
  BOOST_TEST(vast.value(file + "/@bitrate") == "800");
  BOOST_TEST(vast.value(file + "/@fileSize") == "1234567");
}

BOOST_AUTO_TEST_CASE(unknown_bitrate_and_size_are_left_out) {
  auto ad = sampleAd(0);
  ad.mediaFiles.front().bitrateKbps = 0;
  ad.mediaFiles.front().fileSize = 0;
  const VastXml vast(VastWriter().document({ad}));
  BOOST_TEST(vast.values("//v:MediaFile/@bitrate").empty());
  BOOST_TEST(vast.values("//v:MediaFile/@fileSize").empty());
  BOOST_TEST(vast.values("/v:VAST/v:Ad/@sequence").empty());
}

BOOST_AUTO_TEST_CASE(no_ad_is_an_empty_vast_with_the_error_url_if_any) {
  const VastXml plain(VastWriter().document({}));
  BOOST_TEST(plain.value("/v:VAST/@version") == "4.2");
  BOOST_TEST(plain.values("/v:VAST/*").empty());
  const VastXml withError(VastWriter("http://ads.test/err?code=[ERRORCODE]").document({}));
  BOOST_TEST(withError.values("/v:VAST/v:Ad").empty());
  BOOST_TEST(withError.value("/v:VAST/v:Error") == "http://ads.test/err?code=[ERRORCODE]");
}

BOOST_AUTO_TEST_SUITE_END()
