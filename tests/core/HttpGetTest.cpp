#include <Poco/Exception.h>

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>

#include "interlude/core/HttpGet.h"
#include "interlude/testing/LocalHttpServer.h"

using interlude::core::httpGet;
using interlude::testing::LocalHttpServer;
using namespace std::chrono_literals;

namespace {

LocalHttpServer answering(int status, std::string body) {
  return LocalHttpServer([status, body](auto&, Poco::Net::HTTPServerResponse& response) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.send() << body;
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_get)

BOOST_AUTO_TEST_CASE(gives_the_status_and_the_body_and_sends_the_user_agent) {
  std::string agent;
  LocalHttpServer server([&](Poco::Net::HTTPServerRequest& request, auto& response) {
    agent = request.get("User-Agent", "");
    response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_FOUND);
    response.send() << "gone";
  });
  const auto answer = httpGet(Poco::URI(server.url("/x?y=1")), 2000ms, "Tester", 100);
  BOOST_TEST(answer.status == 404);
  BOOST_TEST(answer.body == "gone");
  BOOST_TEST(agent == "Tester");
  BOOST_TEST(server.requests() == std::vector<std::string>{"/x?y=1"});
}

BOOST_AUTO_TEST_CASE(reads_no_more_than_the_limit) {
  const auto server = answering(200, std::string(50000, 'a'));
  BOOST_TEST(httpGet(Poco::URI(server.url("/")), 2000ms, "t", 10).body == "aaaaaaaaaa");
  BOOST_TEST(httpGet(Poco::URI(server.url("/")), 2000ms, "t", 0).body.empty());
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_fails_when_asked) {
  const auto server = answering(200, std::string(20000, 'a'));
  BOOST_CHECK_THROW(httpGet(Poco::URI(server.url("/")), 2000ms, "t", 19999, true),
                    std::length_error);
  BOOST_TEST(httpGet(Poco::URI(server.url("/")), 2000ms, "t", 20000, true).body.size() == 20000u);
}

BOOST_AUTO_TEST_CASE(only_http_and_https_urls) {
  BOOST_CHECK_THROW(httpGet(Poco::URI("ftp://127.0.0.1/"), 100ms, "t", 10), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(https_to_a_server_without_tls_fails_in_the_handshake) {
  const auto server = answering(200, "plain");
  auto url = server.url("/");
  url.replace(0, 4, "https");
  BOOST_CHECK_THROW(httpGet(Poco::URI(url), 2000ms, "t", 10), Poco::Exception);
  BOOST_TEST(server.requests().empty());
}

BOOST_AUTO_TEST_SUITE_END()
