#include <boost/test/unit_test.hpp>

#include "interlude/playlists/Session.h"

using namespace interlude::playlists;

namespace {
// An unskippable, unseekable ad, then content that may be left after half,
// then content that cannot be played twice.
Session walk() {
  Session s;
  s.id = "abc";
  s.playlist = "/p.isx";
  s.expires = 100;
  SessionEntry ad;
  ad.kind = EntryKind::Ad;
  ad.title = "Sponsor";
  ad.size = 1000;
  ad.required = 1000;
  ad.permissions = {false, false, true};
  SessionEntry part1;
  part1.title = "Part 1";
  part1.size = 2000;
  part1.required = 1000;
  SessionEntry part2;
  part2.size = 500;
  part2.permissions.canSkipBack = false;
  part2.durationSeconds = 12.5;
  s.entries = {ad, part1, part2};
  s.delivered = {0, 0, 0};
  return s;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(skipping_forward_waits_for_the_ad) {
  Session s = walk();
  const auto refused = decide(s, 1, 0);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(*refused.blockedBy == 0u);
  BOOST_TEST(refused.reason.find("entry 1 (\"Sponsor\") must play first") == 0u);
  s.recordDelivery(0, 0, 999);
  BOOST_TEST(!decide(s, 1, 0).allowed);
  s.recordDelivery(0, 999, 1);
  BOOST_TEST(decide(s, 1, 0).allowed);
  BOOST_TEST(!decide(s, 2, 0).allowed);  // part 1 needs half first
  s.recordDelivery(1, 0, 1000);
  BOOST_TEST(decide(s, 2, 0).allowed);
}

BOOST_AUTO_TEST_CASE(seeking_beyond_what_was_delivered_is_refused) {
  Session s = walk();
  BOOST_TEST(decide(s, 0, 0).allowed);
  BOOST_TEST(!decide(s, 0, 1).allowed);
  s.recordDelivery(0, 0, 400);
  BOOST_TEST(decide(s, 0, 400).allowed);  // a resumed download
  BOOST_TEST(decide(s, 0, 100).allowed);  // going back is not a seek forward
  const auto refused = decide(s, 0, 401);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.reason.find("cannot be seeked") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deliveries_only_count_when_contiguous) {
  Session s = walk();
  s.recordDelivery(1, 500, 100);  // a seek ahead does not count
  BOOST_TEST(s.delivered[1] == 0u);
  s.recordDelivery(1, 0, 300);
  s.recordDelivery(1, 200, 300);  // overlapping continuation
  BOOST_TEST(s.delivered[1] == 500u);
}

BOOST_AUTO_TEST_CASE(a_completed_entry_without_skip_back_cannot_come_again) {
  Session s = walk();
  s.recordDelivery(0, 0, 1000);
  s.recordDelivery(1, 0, 2000);
  BOOST_TEST(decide(s, 2, 0).allowed);
  s.recordDelivery(2, 0, 500);
  BOOST_TEST(s.completed(2));
  BOOST_TEST(!decide(s, 2, 0).allowed);
  BOOST_TEST(decide(s, 0, 0).allowed);  // the ad may be watched again
}

BOOST_AUTO_TEST_CASE(no_going_back_once_a_later_entry_was_asked_for) {
  Session s = walk();
  s.recordDelivery(0, 0, 1000);
  s.recordDelivery(1, 0, 2000);
  s.recordDelivery(2, 0, 100);  // part of entry 3 only: not completed
  BOOST_TEST(decide(s, 2, 0).allowed);
  s.entries[1].permissions.canSkipBack = false;
  s.furthest = 2;  // the viewer has moved on to entry 3
  const auto refused = decide(s, 1, 0);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(!refused.blockedBy.has_value());
  BOOST_TEST(decide(s, 2, 0).allowed);  // the current entry may continue
}

BOOST_AUTO_TEST_CASE(plan_json_escapes_what_json_needs) {
  Session s = walk();
  s.entries[0].title = "Tom & \"Jerry\" \\ <b>\n\ttab \x01 Ünïcödé ✓";
  s.entries[2].durationSeconds = 0.1;
  const Session back = Session::fromParts("abc", s.planJson(), s.progressText());
  BOOST_TEST(back.entries[0].title == s.entries[0].title);
  BOOST_TEST(*back.entries[2].durationSeconds == 0.1);
  BOOST_TEST(s.planJson().find("\\u0001") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plan_and_progress_round_trip) {
  Session s = walk();
  s.maxClients = 7;
  s.recordDelivery(0, 0, 10);
  s.furthest = 1;
  BOOST_TEST(s.progressText() == "100 1 10 0 0");
  const Session back = Session::fromParts("abc", s.planJson(), s.progressText());
  BOOST_TEST(back.planJson() == s.planJson());
  BOOST_TEST(back.id == "abc");
  BOOST_TEST(back.furthest == 1);
  BOOST_TEST(back.expires == 100);
  BOOST_TEST(back.entries[0].title == "Sponsor");
  BOOST_TEST(!back.entries[0].permissions.canSeek);
  BOOST_TEST(*back.entries[2].durationSeconds == 12.5);
  BOOST_TEST(!back.entries[1].durationSeconds.has_value());
  BOOST_TEST(back.delivered[0] == 10u);
  BOOST_TEST(back.maxClients == 7);
  BOOST_CHECK_THROW(Session::fromParts("x", "{", "1 0 0 0"), std::exception);
}

BOOST_AUTO_TEST_CASE(plans_keep_the_ad_an_entry_counts_for) {
  Session s = walk();
  s.entries[0].adId = "spring/banner-15s";
  const auto json = s.planJson();
  BOOST_TEST(json.find("\"adId\":\"spring/banner-15s\"") != std::string::npos);
  BOOST_TEST(json.find("adId") == json.rfind("adId"));  // only entries with an ad have one
  const Session back = Session::fromParts("abc", json, s.progressText());
  BOOST_TEST(back.entries[0].adId == "spring/banner-15s");
  BOOST_TEST(back.entries[1].adId.empty());
  BOOST_CHECK_THROW(Session::fromParts("x", s.planJson(), "1 0"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
