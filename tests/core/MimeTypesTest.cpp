#include <boost/test/unit_test.hpp>

#include "interlude/core/MimeTypes.h"

using interlude::core::MimeTypes;

BOOST_AUTO_TEST_SUITE(mime_types)

BOOST_AUTO_TEST_CASE(defaults_cover_web_and_media) {
  const MimeTypes mime;
  BOOST_TEST(mime.lookup("/index.html") == "text/html; charset=utf-8");
  BOOST_TEST(mime.lookup("/v/clip.MP4") == "video/mp4");
  BOOST_TEST(mime.lookup("/a/song.mp3") == "audio/mpeg");
  BOOST_TEST(mime.lookup("/live/index.m3u8") == "application/vnd.apple.mpegurl");
  BOOST_TEST(mime.lookup("/dash/manifest.mpd") == "application/dash+xml");
  BOOST_TEST(mime.lookup("/x.wmv") == "video/x-ms-wmv");
  BOOST_TEST(mime.lookup("/x.webm") == "video/webm");
  BOOST_TEST(mime.lookup("/crossdomain.xml") == "application/xml");
}

BOOST_AUTO_TEST_CASE(unknown_and_missing_extensions_fall_back) {
  const MimeTypes mime;
  BOOST_TEST(mime.lookup("/file.unknownext") == MimeTypes::kFallback);
  BOOST_TEST(mime.lookup("/README") == MimeTypes::kFallback);
  BOOST_TEST(mime.lookup("/dir.mp4/README") == MimeTypes::kFallback);
}

BOOST_AUTO_TEST_CASE(overrides_win) {
  const MimeTypes mime({{".isx", "application/xml"}, {".new", "application/x-new"}});
  BOOST_TEST(mime.lookup("/a.isx") == "application/xml");
  BOOST_TEST(mime.lookup("/a.NEW") == "application/x-new");
}

BOOST_AUTO_TEST_SUITE_END()
