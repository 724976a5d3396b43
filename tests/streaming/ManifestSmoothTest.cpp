#include <boost/test/unit_test.hpp>
#include <string>

#include "manifest/ManifestFilter.h"

using namespace interlude::streaming::manifest;

namespace {

const char* const kSmooth = R"xml(<?xml version="1.0" encoding="utf-8"?>
<SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="60000000" TimeScale="10000000">
  <StreamIndex Type="video" Name="video" Chunks="2" QualityLevels="4" MaxWidth="1280" MaxHeight="720" DisplayWidth="1280" DisplayHeight="720" Url="QualityLevels({bitrate})/Fragments(video={start time})">
    <QualityLevel Index="0" Bitrate="3000000" FourCC="AVC1" MaxWidth="1280" MaxHeight="720" CodecPrivateData="00"/>
    <QualityLevel Index="1" Bitrate="1600000" FourCC="AVC1" MaxWidth="960" MaxHeight="540" CodecPrivateData="01"/>
    <QualityLevel Index="2" Bitrate="800000" FourCC="AVC1" MaxWidth="640" MaxHeight="360" CodecPrivateData="02"/>
    <QualityLevel Index="3" Bitrate="400000" FourCC="AVC1" MaxWidth="416" MaxHeight="234" CodecPrivateData="03"/>
    <c t="0" d="20000000"/>
    <c d="20000000"/>
  </StreamIndex>
  <StreamIndex Type="audio" Name="audio" Chunks="2" QualityLevels="1" Url="QualityLevels({bitrate})/Fragments(audio={start time})">
    <QualityLevel Index="0" Bitrate="128000" FourCC="AACL" SamplingRate="48000" Channels="2"/>
    <c t="0" d="20000000"/>
    <c d="20000000"/>
  </StreamIndex>
</SmoothStreamingMedia>
)xml";

ManifestRewrite rewrite(std::uint64_t maxBitrate) {
  return {
      "http://origin:8000/vod/a.ism/Manifest", {"http://origin:8000/vod/"}, "/edge/", maxBitrate};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(manifest_smooth)

BOOST_AUTO_TEST_CASE(quality_levels_above_the_bitrate_go_and_the_stream_index_stays_consistent) {
  const auto out = filterManifest(kSmooth, rewrite(1600000));
  BOOST_TEST(out.find("Bitrate=\"3000000\"") == std::string::npos);
  BOOST_TEST(out.find(R"(QualityLevels="3" MaxWidth="960" MaxHeight="540" DisplayWidth="1280")") !=
             std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="0" Bitrate="1600000")") != std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="1" Bitrate="800000")") != std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="2" Bitrate="400000")") != std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="0" Bitrate="128000")") != std::string::npos);
  BOOST_TEST(out.find(R"(<c t="0" d="20000000"/>)") != std::string::npos);
  BOOST_TEST(out.find("Url=\"QualityLevels({bitrate})/Fragments(video={start time})\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_stream_index_keeps_its_lowest_level_when_all_exceed) {
  const auto out = filterManifest(kSmooth, rewrite(100000));
  BOOST_TEST(out.find(R"(QualityLevels="1" MaxWidth="416" MaxHeight="234")") != std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="0" Bitrate="400000")") != std::string::npos);
  BOOST_TEST(out.find("Bitrate=\"800000\"") == std::string::npos);
  BOOST_TEST(out.find(R"(<QualityLevel Index="0" Bitrate="128000")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nothing_dropped_gives_the_body_unchanged) {
  BOOST_TEST(filterManifest(kSmooth, rewrite(5000000)) == kSmooth);
  BOOST_TEST(filterManifest(kSmooth, rewrite(0)) == kSmooth);
}

BOOST_AUTO_TEST_CASE(a_utf16_manifest_is_filtered_and_stays_utf16) {
  const std::string utf8 =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<SmoothStreamingMedia><StreamIndex "
      "QualityLevels=\"2\"><QualityLevel Index=\"0\" Bitrate=\"3000000\"/><QualityLevel "
      "Index=\"1\" Bitrate=\"400000\"/></StreamIndex></SmoothStreamingMedia>";
  std::string utf16 = "\xFF\xFE";
  for (const char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  const auto out = filterManifest(utf16, rewrite(1600000));
  BOOST_TEST(out.starts_with(std::string("\xFF\xFE<\0", 4)));
  std::string narrow;
  for (const char c : out) {
    if (c != '\0') narrow += c;
  }
  BOOST_TEST(narrow.find("QualityLevels=\"1\"") != std::string::npos);
  BOOST_TEST(narrow.find("<QualityLevel Index=\"0\" Bitrate=\"400000\"/>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_level_without_bitrate_is_refused_with_its_line) {
  try {
    filterManifest(
        "<SmoothStreamingMedia>\n<StreamIndex>\n<QualityLevel Index=\"0\"/>\n</StreamIndex>\n"
        "</SmoothStreamingMedia>",
        rewrite(1600000));
    BOOST_FAIL("no error");
  } catch (const ManifestError& e) {
    BOOST_TEST(e.line() == 3);
    BOOST_TEST(e.field() == "Bitrate");
  }
}

BOOST_AUTO_TEST_CASE(malformed_xml_and_doctypes_are_refused) {
  BOOST_CHECK_THROW(filterManifest("<SmoothStreamingMedia><StreamIndex>", rewrite(1)),
                    ManifestError);
  // An external entity is never loaded: a DOCTYPE is refused outright.
  BOOST_CHECK_THROW(filterManifest("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                                   "<SmoothStreamingMedia>&e;</SmoothStreamingMedia>",
                                   rewrite(1)),
                    ManifestError);
  BOOST_CHECK_THROW(filterManifest("<x><SmoothStreamingMedia/></x>", rewrite(1)), ManifestError);
}

BOOST_AUTO_TEST_SUITE_END()
