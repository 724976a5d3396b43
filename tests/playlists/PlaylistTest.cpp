#include <boost/test/unit_test.hpp>

#include "interlude/playlists/Playlist.h"

using namespace interlude::playlists;

BOOST_AUTO_TEST_SUITE(playlist_model)

BOOST_AUTO_TEST_CASE(required_bytes_follow_skip_after_and_permissions) {
  Entry content;
  BOOST_TEST(requiredBytes(content, 1000) == 0u);  // skippable, no rule
  Entry ad;
  ad.permissions.canSkipForward = false;
  BOOST_TEST(requiredBytes(ad, 1000) == 1000u);  // an unskippable entry plays through
  Entry half;
  half.skipAfter = SkipAfter{SkipAfter::Unit::Percent, 50};
  BOOST_TEST(requiredBytes(half, 1001) == 501u);
  Entry seconds;
  seconds.skipAfter = SkipAfter{SkipAfter::Unit::Seconds, 5};
  seconds.durationSeconds = 20;
  BOOST_TEST(requiredBytes(seconds, 1000) == 250u);
  seconds.durationSeconds.reset();  // unknown duration: the whole entry
  BOOST_TEST(requiredBytes(seconds, 1000) == 1000u);
}

BOOST_AUTO_TEST_CASE(remote_entries_are_recognised) {
  Entry e;
  e.src = "httpd://127.0.0.1:9000/pick?slot=2";
  BOOST_TEST(e.isRemoteEntry());
  e.src = "http://cdn.example/a.mp4";
  BOOST_TEST(!e.isRemoteEntry());
}

BOOST_AUTO_TEST_SUITE_END()
