#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <boost/test/unit_test.hpp>

#include "ProxyFixture.h"

using namespace interlude::streaming;
using namespace interlude::streaming::testing;
using interlude::testing::LocalHttpServer;

namespace {

std::string pattern(std::size_t size) {
  std::string body(size, '\0');
  for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<char>((i * 131 + i / 4096) & 0xff);
  return body;
}

// An upstream that answers every path with `body` (Range honoured, HEAD
// without body) and notes each request's headers and peer port.
struct EchoUpstream {
  explicit EchoUpstream(std::string content)
      : body(std::move(content)),
        server([this](Poco::Net::HTTPServerRequest& request,
                      Poco::Net::HTTPServerResponse& response) {
          {
            const std::lock_guard lock(mutex);
            heads.emplace_back();
            for (const auto& [name, value] : request) heads.back()[name] = value;
            heads.back()[":method"] = request.getMethod();
            ports.push_back(request.clientAddress().port());
          }
          std::string part = body;
          if (request.has("Range")) {  // "bytes=A-B" only, enough for the test
            const auto spec = request.get("Range").substr(6);
            const auto a = std::stoul(spec.substr(0, spec.find('-')));
            const auto b = std::stoul(spec.substr(spec.find('-') + 1));
            part = body.substr(a, b - a + 1);
            response.setStatus(Poco::Net::HTTPResponse::HTTP_PARTIAL_CONTENT);
            response.set("Content-Range", "bytes " + std::to_string(a) + "-" + std::to_string(b) +
                                              "/" + std::to_string(body.size()));
          }
          response.set("Connection", "keep-alive, X-Hop");
          response.set("X-Hop", "secret");
          response.set("X-Origin", "yes");
          response.setContentType("video/mp2t");
          if (request.getURI().find("chunked") != std::string::npos) {
            response.setChunkedTransferEncoding(true);
          } else {
            response.setContentLength64(static_cast<Poco::Int64>(part.size()));
          }
          if (request.getMethod() == "HEAD") {
            response.send();
          } else {
            response.send().write(part.data(), static_cast<std::streamsize>(part.size()));
          }
        }) {}

  std::string body;
  std::mutex mutex;
  std::vector<std::map<std::string, std::string>> heads;
  std::vector<int> ports;
  LocalHttpServer server;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(proxy_forwarding)

BOOST_AUTO_TEST_CASE(a_large_body_arrives_whole_and_unchanged) {
  EchoUpstream upstream(pattern(3 << 20));
  ProxyFront front(settingsFor({upstream.server.url("/media")}));
  const auto got = fetch(front.url("/seg.ts"));
  BOOST_TEST(got.status == 200);
  BOOST_TEST(got.complete);
  BOOST_TEST(got.body == upstream.body);
  BOOST_TEST(got.head.get("X-Origin") == "yes");
  BOOST_TEST(!got.head.has("X-Hop"));
  BOOST_TEST(upstream.server.requests().at(0) == "/media/seg.ts");
  const auto stats = front.proxy().stats();
  BOOST_TEST(stats.bytesIn == upstream.body.size());
  BOOST_TEST(stats.bytesOut == upstream.body.size());
  BOOST_TEST(stats.requests == 1u);
}

BOOST_AUTO_TEST_CASE(small_and_chunked_bodies_arrive_whole) {
  EchoUpstream upstream(pattern(1024));
  ProxyFront front(settingsFor({upstream.server.url("/")}));
  const auto small = fetch(front.url("/small.ts?x=1"));
  BOOST_TEST(small.body == upstream.body);
  BOOST_TEST(upstream.server.requests().at(0) == "/small.ts?x=1");
  const auto chunked = fetch(front.url("/chunked.ts"));
  BOOST_TEST(chunked.status == 200);
  BOOST_TEST(chunked.head.getChunkedTransferEncoding());
  BOOST_TEST(chunked.body == upstream.body);
}

BOOST_AUTO_TEST_CASE(range_and_head_pass_through) {
  EchoUpstream upstream(pattern(100000));
  ProxyFront front(settingsFor({upstream.server.url("/")}));
  const auto part = fetch(front.url("/a.ts"), "GET", {{"Range", "bytes=10-19"}});
  BOOST_TEST(part.status == 206);
  BOOST_TEST(part.head.get("Content-Range") == "bytes 10-19/100000");
  BOOST_TEST(part.body == upstream.body.substr(10, 10));

  const auto head = fetch(front.url("/a.ts"), "HEAD");
  BOOST_TEST(head.status == 200);
  BOOST_TEST(head.head.getContentLength64() == 100000);
  BOOST_TEST(head.body.empty());
  const std::lock_guard lock(upstream.mutex);
  BOOST_TEST(upstream.heads.at(0).at("Range") == "bytes=10-19");
  BOOST_TEST(upstream.heads.at(1).at(":method") == "HEAD");
}

BOOST_AUTO_TEST_CASE(the_upstream_sees_forwarded_fields_and_no_hop_by_hop_ones) {
  EchoUpstream upstream(pattern(10));
  ProxyFront front(settingsFor({upstream.server.url("/")}));
  fetch(front.url("/a.ts"), "GET",
        {{"Connection", "keep-alive, X-Private"},
         {"X-Private", "1"},
         {"X-Forwarded-For", "192.0.2.1"}});
  const std::lock_guard lock(upstream.mutex);
  const auto& head = upstream.heads.at(0);
  BOOST_TEST(head.count("X-Private") == 0u);
  BOOST_TEST(head.at("X-Forwarded-For") == "192.0.2.1, 127.0.0.1");
  BOOST_TEST(head.at("X-Forwarded-Proto") == "http");
  BOOST_TEST(head.at("Host").find("127.0.0.1:") == 0u);
}

BOOST_AUTO_TEST_CASE(upstream_connections_are_kept_alive_and_reused) {
  EchoUpstream upstream(pattern(300000));
  ProxyFront front(settingsFor({upstream.server.url("/")}));
  for (int i = 0; i < 5; ++i) BOOST_TEST(fetch(front.url("/a.ts")).body == upstream.body);
  fetch(front.url("/small"), "HEAD");
  BOOST_TEST(fetch(front.url("/chunked")).body == upstream.body);
  BOOST_TEST(fetch(front.url("/a.ts")).body == upstream.body);
  const std::lock_guard lock(upstream.mutex);
  BOOST_TEST(upstream.ports.size() == 8u);
  for (const auto port : upstream.ports) BOOST_TEST(port == upstream.ports.front());
}

BOOST_AUTO_TEST_CASE(a_redirect_into_the_upstream_points_to_the_public_prefix) {
  std::string self;
  LocalHttpServer upstream(
      [&self](Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse& response) {
        response.set("Location", self + "dir/");
        response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_MOVED_PERMANENTLY);
        response.setContentLength(0);
        response.send();
      });
  self = upstream.url("/media/");
  ProxyFront front(settingsFor({self}));
  const auto got = fetch(front.url("/dir"));
  BOOST_TEST(got.status == 301);
  BOOST_TEST(got.head.get("Location") == "/live/dir/");
}

BOOST_AUTO_TEST_SUITE_END()
