#include <Poco/Logger.h>

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "interlude/core/MemorySessionStore.h"
#include "interlude/scripting/AdCounters.h"
#include "interlude/scripting/AdTracker.h"
#include "interlude/scripting/CatalogReader.h"
#include "interlude/testing/LocalHttpServer.h"

using namespace interlude::scripting;
using namespace std::chrono_literals;

using interlude::testing::LocalHttpServer;

namespace {

// Waits up to 5 s for the server to have seen `count` requests.
std::vector<std::string> awaitRequests(const LocalHttpServer& server, std::size_t count) {
  for (int i = 0; i < 500 && server.requests().size() < count; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  return server.requests();
}

void answer(Poco::Net::HTTPServerResponse& response, int status) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
  response.setContentLength(0);
  response.send();
}

struct Fixture {
  interlude::core::MemorySessionStore store;
  interlude::core::MetricsRegistry metrics;
  AdStats stats{store, metrics};
  Poco::Logger& log = Poco::Logger::get("tracking-test");
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tracking)

BOOST_AUTO_TEST_CASE(byte_thresholds_give_each_event_once) {
  BOOST_TEST(adEventsCrossed(0, 0, 1000).empty());
  BOOST_TEST(
      (adEventsCrossed(0, 1, 1000) == std::vector<AdEvent>{AdEvent::Impression, AdEvent::Start}));
  BOOST_TEST((adEventsCrossed(1, 249, 1000).empty()));
  BOOST_TEST((adEventsCrossed(249, 250, 1000) == std::vector<AdEvent>{AdEvent::FirstQuartile}));
  BOOST_TEST((adEventsCrossed(250, 999, 1000) ==
              std::vector<AdEvent>{AdEvent::Midpoint, AdEvent::ThirdQuartile}));
  BOOST_TEST((adEventsCrossed(999, 1000, 1000) == std::vector<AdEvent>{AdEvent::Complete}));
  BOOST_TEST(adEventsCrossed(0, 1000, 1000).size() == 6u);
  BOOST_TEST(adEventsCrossed(0, 500, 0).empty());
  BOOST_TEST(adEventName(AdEvent::ThirdQuartile) == "thirdQuartile");
  BOOST_TEST((parseAdEvent("midpoint") == AdEvent::Midpoint));
  BOOST_TEST(!parseAdEvent("pause"));
}

BOOST_FIXTURE_TEST_CASE(events_are_recorded_once_counted_and_fired_to_third_parties, Fixture) {
  LocalHttpServer thirdParty([](auto&, auto& response) { answer(response, 200); });
  const auto catalog = parseAdCatalogText(
      "<catalog xmlns=\"urn:interlude:ads:1\"><campaign id=\"spring\" slots=\"preroll\">"
      "<goal impressions=\"100\" pacing=\"asap\"/>"
      "<creative id=\"a\" src=\"ads/a.mp4\" duration=\"10\" type=\"video/mp4\">"
      "<tracking event=\"impression\" url=\"" +
          thirdParty.url("/imp?x=1") +
          "\"/>"
          "<tracking event=\"midpoint\" url=\"" +
          thirdParty.url("/mid") +
          "\"/>"
          "</creative></campaign></catalog>",
      "test.xml");
  const auto dispatcher = std::make_shared<TrackingDispatcher>(TrackingSettings{}, metrics, log);
  AdTracker tracker(store, stats, dispatcher);

  BOOST_TEST(tracker.record("s1", 0, AdEvent::Impression, "spring/a", catalog.get()));
  BOOST_TEST(!tracker.record("s1", 0, AdEvent::Impression, "spring/a", catalog.get()));
  BOOST_TEST(tracker.record("s1", 0, AdEvent::Midpoint, "spring/a", catalog.get()));
  BOOST_TEST(tracker.record("s2", 0, AdEvent::Impression, "spring/a", catalog.get()));
  BOOST_TEST(tracker.record("s1", 1, AdEvent::Impression, "spring/a", catalog.get()));
  BOOST_TEST(!tracker.record("s3", 0, AdEvent::Start, "no-slash", catalog.get()));

  BOOST_TEST(stats.events("spring", "a", AdEvent::Impression) == 3);
  BOOST_TEST(stats.events("spring", "a", AdEvent::Midpoint) == 1);
  BOOST_TEST(stats.events("spring", "a", AdEvent::Complete) == 0);
  BOOST_TEST(AdCounters(store).impressions(*catalog->campaign("spring")) == 3);
  const auto text = metrics.renderPrometheus();
  BOOST_TEST(text.find("interlude_ad_event_kinds_total{event=\"midpoint\"} 1") !=
             std::string::npos);
  BOOST_TEST(text.find("interlude_ad_event_kinds_total{event=\"complete\"} 0") !=
             std::string::npos);
  const auto hits = awaitRequests(thirdParty, 4);
  BOOST_TEST(std::count(hits.begin(), hits.end(), "/imp?x=1") == 3);
  BOOST_TEST(std::count(hits.begin(), hits.end(), "/mid") == 1);
  BOOST_TEST(
      metrics.renderPrometheus().find(
          "interlude_ad_events_total{campaign=\"spring\",creative=\"a\",event=\"impression\"} 3") !=
      std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(failed_hits_are_retried_a_bounded_number_of_times, Fixture) {
  std::atomic<int> calls{0};
  LocalHttpServer flaky([&](auto&, auto& response) { answer(response, ++calls < 3 ? 503 : 204); });
  LocalHttpServer down([](auto&, auto& response) { answer(response, 500); });
  TrackingDispatcher dispatcher(TrackingSettings{16, 2, 1000ms}, metrics, log);
  dispatcher.fire(flaky.url("/a"));
  dispatcher.fire(down.url("/b"));
  dispatcher.fire("ftp://127.0.0.1:1/not-http");
  BOOST_TEST(awaitRequests(flaky, 3).size() == 3u);
  BOOST_TEST(awaitRequests(down, 3).size() == 3u);
  std::this_thread::sleep_for(1200ms);  // longer than the last backoff
  BOOST_TEST(down.requests().size() == 3u);
  BOOST_TEST(flaky.requests().size() == 3u);
  const auto text = metrics.renderPrometheus();
  BOOST_TEST(text.find("interlude_ad_tracking_hits_total{result=\"sent\"} 1") != std::string::npos);
  BOOST_TEST(text.find("interlude_ad_tracking_hits_total{result=\"failed\"} 2") !=
             std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(a_full_queue_drops_hits_and_a_slow_server_times_out, Fixture) {
  LocalHttpServer slow([](auto&, auto& response) {
    std::this_thread::sleep_for(1500ms);
    answer(response, 200);
  });
  TrackingDispatcher dispatcher(TrackingSettings{2, 0, 300ms}, metrics, log);
  const auto started = std::chrono::steady_clock::now();
  BOOST_TEST(dispatcher.fire(slow.url("/1")));
  awaitRequests(slow, 1);
  BOOST_TEST(dispatcher.fire(slow.url("/2")));
  BOOST_TEST(dispatcher.fire(slow.url("/3")));
  BOOST_TEST(!dispatcher.fire(slow.url("/4")));
  BOOST_TEST((std::chrono::steady_clock::now() - started < 1s));  // fire never waits
  BOOST_TEST(awaitRequests(slow, 3).size() == 3u);
  BOOST_TEST(metrics.renderPrometheus().find(
                 "interlude_ad_tracking_hits_total{result=\"dropped\"} 1") != std::string::npos);
}

// Picks counted on many threads at once, each thread's in its own shard, all
// reach the store and the metrics.
BOOST_FIXTURE_TEST_CASE(picks_of_many_threads_are_all_counted, Fixture) {
  constexpr int threads = 4;
  constexpr int picks = 1000;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < picks; ++i) {
        stats.recordPick("preroll", i % 4 != 0);
        stats.recordPick("midroll", false);
      }
    });
  }
  for (auto& worker : workers) worker.join();
  BOOST_TEST(stats.picks("preroll") == threads * picks);
  BOOST_TEST(stats.filled("preroll") == threads * picks * 3 / 4);
  BOOST_TEST(stats.picks("midroll") == threads * picks);
  BOOST_TEST(stats.filled("midroll") == 0);
  const auto text = metrics.renderPrometheus();
  BOOST_TEST(text.find("interlude_ad_picks_total{slot=\"preroll\",result=\"filled\"} 3000") !=
                 std::string::npos,
             text);
}

// Slot names come from VAST requests: one cannot break a line of /metrics, and
// past AdStats::kMaxSlots names the picks share one counter.
BOOST_FIXTURE_TEST_CASE(slot_names_from_requests_are_escaped_and_bounded, Fixture) {
  stats.recordPick("bad\"} 1\nfake_metric", false);
  const auto text = metrics.renderPrometheus();
  BOOST_TEST(text.find("\nfake_metric") == std::string::npos, text);
  BOOST_TEST(text.find("slot=\"bad\\\"} 1\\nfake_metric\"") != std::string::npos, text);
  for (std::size_t i = 0; i < AdStats::kMaxSlots + 10; ++i) {
    stats.recordPick("slot-" + std::to_string(i), false);
  }
  BOOST_TEST(stats.slotsPicked().size() == AdStats::kMaxSlots + 1);
  BOOST_TEST(stats.picks(AdStats::kOtherSlots) == 11);
}

BOOST_AUTO_TEST_SUITE_END()
