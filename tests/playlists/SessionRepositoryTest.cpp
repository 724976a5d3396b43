#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "interlude/core/MemorySessionStore.h"
#include "interlude/playlists/SessionRepository.h"

using namespace interlude::playlists;
using namespace std::chrono_literals;

namespace {
// Counts admissions to viewer groups.
class CountingStore : public interlude::core::MemorySessionStore {
 public:
  using MemorySessionStore::MemorySessionStore;
  bool admit(const std::string& group, const std::string& member, std::size_t limit,
             Clock::time_point expires) override {
    ++admissions;
    return MemorySessionStore::admit(group, member, limit, expires);
  }
  bool touch(const std::string& key, std::chrono::seconds ttl) override {
    if (key.starts_with("plan:")) ++planTouches;
    return MemorySessionStore::touch(key, ttl);
  }
  int admissions = 0;
  int planTouches = 0;
};

struct Fixture {
  std::chrono::system_clock::time_point now{std::chrono::seconds(1'000'000)};
  CountingStore store{[this] { return now; }};
  SessionRepository repository{store};

  bool start(const Session& s) const {
    return repository.start(s, {s.id, s.expires, "192.0.2.7"}, StoredPlan(s.planJson()), now);
  }

  Session make(const std::string& id, int maxClients = 0) const {
    Session s;
    s.id = id;
    s.playlist = "/p.isx";
    s.expires = std::chrono::system_clock::to_time_t(now) + 3600;
    s.inactivitySeconds = 60;
    s.maxClients = maxClients;
    SessionEntry e;
    e.title = "Clip";
    e.size = 100;
    s.entries = {e, e};
    s.delivered = {0, 0};
    return s;
  }
};
}  // namespace

BOOST_FIXTURE_TEST_SUITE(session_repository, Fixture)

BOOST_AUTO_TEST_CASE(equal_plans_are_stored_once) {
  BOOST_TEST(start(make("a")));
  BOOST_TEST(start(make("b")));
  BOOST_TEST(store.size() == 3u);  // one plan, two sessions
  const auto a = repository.resume("a", now);
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->entries.size() == 2u);
  BOOST_TEST(a->entries[0].title == "Clip");
}

BOOST_AUTO_TEST_CASE(a_started_session_has_its_id_expiry_and_nothing_delivered) {
  const auto plan = make("");  // a plan: no id of its own
  BOOST_TEST(
      repository.start(plan, {"a", plan.expires + 7, "::1"}, StoredPlan(plan.planJson()), now));
  const auto a = repository.resume("a", now);
  BOOST_REQUIRE(a.has_value());
  BOOST_TEST(a->id == "a");
  BOOST_TEST(a->viewer == "::1");
  BOOST_TEST(a->expires == plan.expires + 7);
  BOOST_TEST(a->furthest == -1);
  BOOST_TEST(a->delivered == std::vector<std::uint64_t>({0, 0}), boost::test_tools::per_element());
  BOOST_TEST(a->entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(progress_updates_are_per_session) {
  start(make("a"));
  start(make("b"));
  repository.update(*repository.resume("a", now), [](Session& s) { s.recordDelivery(0, 0, 40); });
  BOOST_TEST(repository.resume("a", now)->delivered[0] == 40u);
  BOOST_TEST(repository.resume("b", now)->delivered[0] == 0u);
}

BOOST_AUTO_TEST_CASE(sessions_end_after_inactivity_and_resume_keeps_them_alive) {
  start(make("a"));
  now += 50s;
  BOOST_TEST(repository.resume("a", now).has_value());
  now += 50s;  // 100 s after the start, 50 s after the last request
  BOOST_TEST(repository.resume("a", now).has_value());
  now += 61s;
  BOOST_TEST(!repository.resume("a", now).has_value());
}

BOOST_AUTO_TEST_CASE(max_clients_bounds_live_sessions) {
  BOOST_TEST(start(make("a", 2)));
  BOOST_TEST(start(make("b", 2)));
  BOOST_TEST(!start(make("c", 2)));
  now += 61s;  // both idle past their timeout: their places free up
  BOOST_TEST(start(make("c", 2)));
}

BOOST_AUTO_TEST_CASE(an_unbounded_playlist_keeps_no_viewer_list) {
  BOOST_TEST(start(make("a")));
  BOOST_TEST(repository.resume("a", now).has_value());
  BOOST_TEST(store.admissions == 0);
  BOOST_TEST(start(make("b", 5)));
  BOOST_TEST(repository.resume("b", now).has_value());
  BOOST_TEST(store.admissions == 2);  // admitted, then kept alive
}

BOOST_AUTO_TEST_CASE(a_shared_plan_is_extended_once_a_second_and_outlives_its_sessions) {
  auto plan = make("");
  plan.timeToLiveSeconds = 100;
  const StoredPlan stored(plan.planJson());
  const auto startOn = [&](const std::string& id) {
    return repository.start(plan, {id, std::chrono::system_clock::to_time_t(now) + 100, ""}, stored,
                            now);
  };
  BOOST_TEST(startOn("a"));
  now += 900ms;
  BOOST_TEST(startOn("b"));
  BOOST_TEST(store.planTouches == 1);
  now += 2s;
  BOOST_TEST(startOn("c"));
  BOOST_TEST(store.planTouches == 2);
  // Kept alive by requests until just before its own end, c still finds its plan.
  for (int i = 0; i < 3; ++i) {
    now += 33s;
    BOOST_TEST(repository.resume("c", now).has_value());
  }
}

BOOST_AUTO_TEST_CASE(progress_updates_keep_the_viewer) {
  start(make("a"));
  repository.update(*repository.resume("a", now), [](Session& s) { s.recordDelivery(0, 0, 40); });
  const auto a = repository.resume("a", now);
  BOOST_TEST(a->viewer == "192.0.2.7");
  BOOST_TEST(a->delivered[0] == 40u);
}

BOOST_AUTO_TEST_CASE(an_unknown_or_spaced_viewer_is_one_word) {
  auto s = make("a");
  BOOST_TEST(repository.start(s, {"a", s.expires, ""}, StoredPlan(s.planJson()), now));
  BOOST_TEST(repository.start(s, {"b", s.expires, "x y"}, StoredPlan(s.planJson()), now));
  BOOST_TEST(repository.resume("a", now)->viewer == "-");
  BOOST_TEST(repository.resume("b", now)->viewer == "x_y");
}

BOOST_AUTO_TEST_CASE(peek_reads_a_session_without_keeping_it_alive) {
  start(make("a"));
  now += 50s;
  BOOST_TEST(repository.peek("a").has_value());
  now += 11s;  // 61 s after the start: peeking did not extend it
  BOOST_TEST(!repository.peek("a").has_value());
  BOOST_TEST(!repository.resume("a", now).has_value());
}

BOOST_AUTO_TEST_CASE(live_ids_lists_sessions_and_not_plans_or_viewers) {
  start(make("a", 5));
  start(make("b", 5));
  auto ids = repository.liveIds(10);
  std::sort(ids.begin(), ids.end());
  BOOST_TEST(ids == std::vector<std::string>({"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(repository.liveIds(1).size() == 1u);
}

BOOST_AUTO_TEST_CASE(peek_all_reads_live_sessions_with_their_own_progress) {
  start(make("a"));
  start(make("b"));
  repository.update(*repository.resume("b", now), [](Session& s) { s.recordDelivery(0, 0, 40); });
  const auto read = repository.peekAll({"a", "gone", "b"});
  BOOST_REQUIRE(read.size() == 2u);
  BOOST_TEST(read[0].id == "a");
  BOOST_TEST(read[0].delivered[0] == 0u);
  BOOST_TEST(read[1].id == "b");
  BOOST_TEST(read[1].viewer == "192.0.2.7");
  BOOST_TEST(read[1].delivered[0] == 40u);
  BOOST_TEST(read[1].entries.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_ended_session_is_gone_and_frees_its_place) {
  BOOST_TEST(start(make("a", 1)));
  BOOST_TEST(!start(make("b", 1)));
  BOOST_TEST(repository.end("a"));
  BOOST_TEST(!repository.resume("a", now).has_value());
  BOOST_TEST(!repository.end("a"));
  BOOST_TEST(start(make("b", 1)));  // a's place among the viewers is free at once
}

BOOST_AUTO_TEST_SUITE_END()
