#include <boost/test/unit_test.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "interlude/scripting/ExternalVast.h"
#include "interlude/testing/LocalHttpServer.h"

using namespace interlude::scripting;
using namespace std::chrono_literals;

using interlude::testing::LocalHttpServer;

namespace {

const std::string kInline = R"(<?xml version="1.0"?>
<VAST version="4.1" xmlns="http://www.iab.com/VAST">
  <Ad id="x1"><InLine>
    <AdSystem>FakeServer</AdSystem><AdTitle>Fake &amp; Ad</AdTitle>
    <Impression><![CDATA[ http://imp.test/inline?a=1&b=2 ]]></Impression>
    <Error>http://err.test/inline</Error>
    <Creatives><Creative id="c1"><Linear>
      <Duration>00:00:20.250</Duration>
      <TrackingEvents>
        <Tracking event="start">http://trk.test/inline/start</Tracking>
        <Tracking event="complete">http://trk.test/inline/complete</Tracking>
      </TrackingEvents>
      <VideoClicks><ClickThrough>http://click.test/</ClickThrough>
        <ClickTracking>http://trk.test/click</ClickTracking></VideoClicks>
      <MediaFiles>
        <MediaFile delivery="streaming" type="video/mp4" width="1920" height="1080" bitrate="820">http://media.test/stream.m3u8</MediaFile>
        <MediaFile delivery="progressive" type="video/x-flv" width="640" height="360" bitrate="800">http://media.test/ad.flv</MediaFile>
        <MediaFile delivery="progressive" type="video/webm" width="640" height="360" bitrate="500">http://media.test/ad.webm</MediaFile>
        <MediaFile delivery="progressive" type="video/mp4" width="1280" height="720" bitrate="2000">http://media.test/ad-hd.mp4</MediaFile>
        <MediaFile delivery="progressive" type="video/mp4" width="640" height="360" bitrate="900">
          http://media.test/ad-sd.mp4
        </MediaFile>
      </MediaFiles>
    </Linear></Creative></Creatives>
  </InLine></Ad>
</VAST>)";

std::string wrapperTo(const std::string& uri, const std::string& name) {
  return "<VAST version=\"3.0\"><Ad><Wrapper><AdSystem>W</AdSystem>"
         "<VASTAdTagURI><![CDATA[" +
         uri +
         "]]></VASTAdTagURI>"
         "<Impression>http://imp.test/" +
         name +
         "</Impression>"
         "<Creatives><Creative><Linear><TrackingEvents>"
         "<Tracking event=\"firstQuartile\">http://trk.test/" +
         name +
         "/q1</Tracking>"
         "</TrackingEvents></Linear></Creative></Creatives></Wrapper></Ad></VAST>";
}

struct Fixture {
  Fixture()
      : server([this](auto& request, auto& response) {
          const auto path = request.getURI();
          if (path == "/slow") {  // answers after the test is over: nothing of the fixture
            std::this_thread::sleep_for(1500ms);
            response.setContentType("application/xml");
            response.send() << kInline;
            return;
          }
          const auto it = documents.find(path);
          if (it == documents.end()) {
            response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
            response.send() << "no";
            return;
          }
          response.setContentType("application/xml");
          response.send() << it->second;
        }) {
    documents = {
        {"/inline.xml", kInline},
        {"/tags/w1.xml", wrapperTo("../inline.xml", "w1")},
        {"/w2.xml", wrapperTo(server.url("/tags/w1.xml"), "w2")},
        {"/loop.xml", wrapperTo("/loop.xml", "loop")},
        {"/garbage", "<VAST><Ad><InLine>not closed"},
        {"/noad", "<VAST version=\"4.2\" xmlns=\"http://www.iab.com/VAST\"/>"},
        {"/doctype",
         "<!DOCTYPE VAST [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><VAST><Ad><InLine>"
         "<AdTitle>&x;</AdTitle></InLine></Ad></VAST>"},
    };
  }

  std::optional<ExternalAd> fetch(const std::string& path, ExternalVast::Options options = {}) {
    options.timeout = 400ms;
    return ExternalVast::fetch(server.url(path), options, Poco::Logger::get("external-vast-test"));
  }

  std::map<std::string, std::string> documents;
  LocalHttpServer server;
};

std::vector<std::string> urlsOf(const AdCreative& creative, const std::string& event) {
  std::vector<std::string> urls;
  for (const auto& t : creative.tracking) {
    if (t.event == event) urls.push_back(t.url);
  }
  return urls;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(external_vast, Fixture)

BOOST_AUTO_TEST_CASE(an_inline_gives_its_best_progressive_playable_media_file) {
  const auto ad = fetch("/inline.xml");
  BOOST_TEST_REQUIRE(ad.has_value());
  BOOST_TEST(ad->adSystem == "FakeServer");
  BOOST_TEST(ad->title == "Fake & Ad");
  BOOST_TEST(ad->creative.src == "http://media.test/ad-hd.mp4");  // no target: the highest
  BOOST_TEST(ad->creative.mimeType == "video/mp4");
  BOOST_TEST(ad->creative.bitrateKbps == 2000u);
  BOOST_TEST(ad->creative.width == 1280u);
  BOOST_TEST(ad->creative.durationSeconds == 20.25);
  BOOST_TEST(ad->creative.clickThrough == "http://click.test/");
  BOOST_TEST(urlsOf(ad->creative, "impression") ==
             std::vector<std::string>{"http://imp.test/inline?a=1&b=2"});
  BOOST_TEST(urlsOf(ad->creative, "clickTracking") ==
             std::vector<std::string>{"http://trk.test/click"});
  BOOST_TEST(ad->errors == std::vector<std::string>{"http://err.test/inline"});

  ExternalVast::Options near800;
  near800.targetBitrateKbps = 800;  // 820 streams and flv does not play: 900 is nearest
  BOOST_TEST(fetch("/inline.xml", near800)->creative.src == "http://media.test/ad-sd.mp4");
  ExternalVast::Options webmFirst;
  webmFirst.types = {"video/webm"};
  BOOST_TEST(fetch("/inline.xml", webmFirst)->creative.src == "http://media.test/ad.webm");
  ExternalVast::Options nothingPlays;
  nothingPlays.types = {"video/x-flv-but-streaming"};
  BOOST_TEST(!fetch("/inline.xml", nothingPlays));
}

BOOST_AUTO_TEST_CASE(wrappers_are_followed_and_their_tracking_merged) {
  const auto ad = fetch("/w2.xml");
  BOOST_TEST_REQUIRE(ad.has_value());
  BOOST_TEST(ad->creative.src == "http://media.test/ad-hd.mp4");
  BOOST_TEST(urlsOf(ad->creative, "impression") ==
             (std::vector<std::string>{"http://imp.test/inline?a=1&b=2", "http://imp.test/w2",
                                       "http://imp.test/w1"}));
  BOOST_TEST(urlsOf(ad->creative, "firstQuartile") ==
             (std::vector<std::string>{"http://trk.test/w2/q1", "http://trk.test/w1/q1"}));
  BOOST_TEST(urlsOf(ad->creative, "start") ==
             std::vector<std::string>{"http://trk.test/inline/start"});
  BOOST_TEST(server.requests() ==
             (std::vector<std::string>{"/w2.xml", "/tags/w1.xml", "/inline.xml"}));
}

BOOST_AUTO_TEST_CASE(more_than_five_wrappers_give_nothing) {
  BOOST_TEST(!fetch("/loop.xml"));
  BOOST_TEST(server.requests().size() == 6u);  // the tag and five wrappers deep
  ExternalVast::Options two;
  two.maxWrappers = 1;
  BOOST_TEST(!fetch("/w2.xml", two));
  BOOST_TEST(fetch("/tags/w1.xml", two).has_value());
}

BOOST_AUTO_TEST_CASE(failures_give_nothing) {
  BOOST_TEST(!fetch("/garbage"));
  BOOST_TEST(!fetch("/noad"));
  BOOST_TEST(!fetch("/missing"));
  BOOST_TEST(!fetch("/doctype"));
  BOOST_TEST(!ExternalVast::fetch("http://127.0.0.1:1/closed", {}, Poco::Logger::get("t")));
  BOOST_TEST(!ExternalVast::fetch("ftp://127.0.0.1/x", {}, Poco::Logger::get("t")));
}

BOOST_AUTO_TEST_CASE(a_slow_server_times_out) {
  const auto started = std::chrono::steady_clock::now();
  BOOST_TEST(!fetch("/slow"));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 1200ms));
}

BOOST_AUTO_TEST_SUITE_END()
