#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <boost/test/unit_test.hpp>

#include "ProxyFixture.h"
#include "interlude/testing/CapturedLog.h"

using namespace interlude::streaming;
using namespace interlude::streaming::testing;
using interlude::testing::CapturedLog;
using interlude::testing::LocalHttpServer;

namespace {

// A loopback URL nothing listens on: its connections are refused.
std::string refusedUrl() {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  return "http://127.0.0.1:" + std::to_string(socket.address().port()) + "/";
}

LocalHttpServer::Respond answering(int status, const std::string& body) {
  return [status, body](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    response.send() << body;
  };
}

bool logged(const CapturedLog& log, const std::string& part) {
  for (const auto& line : log.messages()) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_failover)

BOOST_AUTO_TEST_CASE(a_refused_upstream_is_skipped_for_the_next_one) {
  LocalHttpServer good(answering(200, "fine"));
  auto settings = settingsFor({refusedUrl(), good.url("/")});
  settings.policy = proxy::UpstreamPolicy::PrimaryBackup;
  ProxyFront front(settings);
  const auto got = fetch(front.url("/x"));
  BOOST_TEST(got.status == 200);
  BOOST_TEST(got.body == "fine");
  const auto health = front.proxy().stats().upstreams;
  BOOST_TEST(health.at(0).failures == 1u);
  BOOST_TEST(health.at(1).failures == 0u);
}

BOOST_AUTO_TEST_CASE(an_upstream_answering_503_is_skipped_for_the_next_one) {
  LocalHttpServer busy(answering(503, "busy"));
  LocalHttpServer good(answering(200, "fine"));
  auto settings = settingsFor({busy.url("/"), good.url("/")});
  settings.policy = proxy::UpstreamPolicy::PrimaryBackup;
  ProxyFront front(settings);
  BOOST_TEST(fetch(front.url("/x")).body == "fine");
  BOOST_TEST(busy.requests().size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_last_upstreams_error_answer_is_passed_on) {
  LocalHttpServer busy(answering(503, "busy"));
  ProxyFront front(settingsFor({busy.url("/")}));
  const auto got = fetch(front.url("/x"));
  BOOST_TEST(got.status == 503);
  BOOST_TEST(got.body == "busy");
}

BOOST_AUTO_TEST_CASE(round_robin_spreads_requests_over_upstreams) {
  LocalHttpServer a(answering(200, "a"));
  LocalHttpServer b(answering(200, "b"));
  ProxyFront front(settingsFor({a.url("/"), b.url("/")}));
  for (int i = 0; i < 6; ++i) fetch(front.url("/x"));
  BOOST_TEST(a.requests().size() == 3u);
  BOOST_TEST(b.requests().size() == 3u);
}

BOOST_AUTO_TEST_CASE(an_upstream_is_marked_down_after_failures_and_probed_back) {
  std::atomic<int> status{503};
  LocalHttpServer primary(
      [&](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
        answering(status.load(), "primary")(request, response);
      });
  LocalHttpServer backup(answering(200, "backup"));
  auto settings = settingsFor({primary.url("/"), backup.url("/")});
  settings.policy = proxy::UpstreamPolicy::PrimaryBackup;
  settings.failuresBeforeDown = 2;
  settings.probeInterval = std::chrono::hours(1);
  {
    ProxyFront front(settings);
    CapturedLog log("interlude.streaming");
    for (int i = 0; i < 5; ++i) BOOST_TEST(fetch(front.url("/x")).body == "backup");
    BOOST_TEST(primary.requests().size() == 2u);  // down after two; not asked again
    BOOST_TEST(!front.proxy().stats().upstreams.at(0).up);
    BOOST_TEST(logged(log, "marked down after 2 failures"));
  }
  // A probe is due at once: the first request asks the primary again, and its
  // success brings it back.
  settings.probeInterval = std::chrono::milliseconds(0);
  ProxyFront front(settings);
  const auto before = primary.requests().size();
  for (int i = 0; i < 2; ++i) fetch(front.url("/x"));
  status = 200;
  BOOST_TEST(fetch(front.url("/x")).body == "primary");
  BOOST_TEST(front.proxy().stats().upstreams.at(0).up);
  BOOST_TEST(fetch(front.url("/x")).body == "primary");
  BOOST_TEST(primary.requests().size() == before + 4);
}

BOOST_AUTO_TEST_CASE(garbage_from_the_upstream_is_a_502_with_a_log_line) {
  RawUpstream garbage([](Poco::Net::StreamSocket& socket) {
    readRequestHead(socket);
    socket.sendBytes("SPAM SPAM SPAM\r\n\r\n", 18);
  });
  ProxyFront front(settingsFor({garbage.url()}));
  CapturedLog log("interlude.streaming");
  const auto got = fetch(front.url("/seg.ts"));
  BOOST_TEST(got.status == 502);
  BOOST_TEST(got.body.find("invalid response") != std::string::npos);
  BOOST_TEST(logged(log, "point test: GET /seg.ts: 502"));
  BOOST_TEST(front.proxy().stats().errors == 1u);
}

BOOST_AUTO_TEST_CASE(an_upstream_closing_without_an_answer_is_a_502) {
  RawUpstream halfClose([](Poco::Net::StreamSocket& socket) {
    readRequestHead(socket);
    socket.shutdownSend();
  });
  ProxyFront front(settingsFor({halfClose.url()}));
  CapturedLog log("interlude.streaming");
  const auto got = fetch(front.url("/seg.ts"));
  BOOST_TEST(got.status == 502);
  BOOST_TEST(got.body.find("without a response") != std::string::npos);
  BOOST_TEST(logged(log, "502 upstream closed the connection without a response"));
}

BOOST_AUTO_TEST_CASE(a_stalled_upstream_is_a_504) {
  std::atomic<bool> release{false};
  RawUpstream stall([&](Poco::Net::StreamSocket& socket) {
    readRequestHead(socket);
    char c;
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    socket.receiveBytes(&c, 1);  // until the proxy gives up and closes
  });
  auto settings = settingsFor({stall.url()});
  settings.readTimeout = std::chrono::milliseconds(200);
  ProxyFront front(settings);
  CapturedLog log("interlude.streaming");
  const auto got = fetch(front.url("/seg.ts"));
  BOOST_TEST(got.status == 504);
  BOOST_TEST(logged(log, "504 upstream timed out"));
}

BOOST_AUTO_TEST_CASE(a_body_cut_short_by_the_upstream_is_not_passed_off_as_complete) {
  RawUpstream shortBody([](Poco::Net::StreamSocket& socket) {
    readRequestHead(socket);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n";
    socket.sendBytes(head.data(), static_cast<int>(head.size()));
    const std::string part(200000, 'x');
    socket.sendBytes(part.data(), static_cast<int>(part.size()));
  });
  ProxyFront front(settingsFor({shortBody.url()}));
  CapturedLog log("interlude.streaming");
  const auto got = fetch(front.url("/seg.ts"));
  BOOST_TEST(got.status == 200);
  BOOST_TEST(!got.complete);
  BOOST_TEST(got.body.size() == 200000u);
  BOOST_TEST(logged(log, "failed after 200000 body bytes"));
}

BOOST_AUTO_TEST_CASE(a_pooled_connection_the_upstream_closed_is_replaced_silently) {
  // Answers one request per connection but says keep-alive: the proxy's
  // pooled connection is dead when the next request comes.
  RawUpstream oneShot([](Poco::Net::StreamSocket& socket) {
    readRequestHead(socket);
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    socket.sendBytes(answer.data(), static_cast<int>(answer.size()));
    socket.shutdown();
  });
  ProxyFront front(settingsFor({oneShot.url()}));
  for (int i = 0; i < 4; ++i) BOOST_TEST(fetch(front.url("/x")).body == "ok");
  BOOST_TEST(oneShot.connections() == 4);
  BOOST_TEST(front.proxy().stats().upstreams.at(0).failures == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
