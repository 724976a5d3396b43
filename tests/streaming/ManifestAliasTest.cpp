#include <boost/test/unit_test.hpp>

#include "manifest/ManifestAlias.h"

using interlude::streaming::manifest::upstreamPathOfAlias;

BOOST_AUTO_TEST_SUITE(manifest_alias)

BOOST_AUTO_TEST_CASE(hls_alias_reaches_the_upstream_without_the_extension) {
  BOOST_TEST(upstreamPathOfAlias("/live/show.isml/Manifest(format=m3u8-aapl).m3u8").value() ==
             "/live/show.isml/Manifest(format=m3u8-aapl)");
}

BOOST_AUTO_TEST_CASE(dash_alias_reaches_the_upstream_without_the_extension) {
  BOOST_TEST(upstreamPathOfAlias("/vod/a.ism/manifest(format=mpd-time-csf).mpd").value() ==
             "/vod/a.ism/manifest(format=mpd-time-csf)");
}

BOOST_AUTO_TEST_CASE(case_versions_and_further_parameters_are_accepted) {
  BOOST_TEST(
      upstreamPathOfAlias("/a.ism/MANIFEST(FORMAT=M3U8-AAPL-V3,audio-only=false).M3U8").value() ==
      "/a.ism/MANIFEST(FORMAT=M3U8-AAPL-V3,audio-only=false)");
  BOOST_TEST(upstreamPathOfAlias("/a.ism/Manifest(filter=low,format=m3u8-aapl).m3u8").value() ==
             "/a.ism/Manifest(filter=low,format=m3u8-aapl)");
}

BOOST_AUTO_TEST_CASE(other_paths_are_no_alias) {
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest"));
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest(format=m3u8-aapl)"));
  BOOST_TEST(!upstreamPathOfAlias("/a/master.m3u8"));
  // The extension must match the format: an .mpd of HLS or an .m3u8 of DASH is not the alias.
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest(format=m3u8-aapl).mpd"));
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest(format=mpd-time-csf).m3u8"));
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest(format=smooth).m3u8"));
  BOOST_TEST(!upstreamPathOfAlias("/Manifest(format=m3u8-aapl)/x.m3u8"));
  BOOST_TEST(!upstreamPathOfAlias("/a.ism/Manifest(format=(m3u8-aapl)).m3u8"));
  BOOST_TEST(!upstreamPathOfAlias(""));
}

BOOST_AUTO_TEST_SUITE_END()
