#include <Poco/Exception.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <string>
#include <thread>

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

// A plain listener sees the client's first bytes: an https URL must open with a
// TLS handshake record, never with the request in clear. (An HTTP server there
// would make a flaky check: the random bytes of a ClientHello sometimes parse
// as a request line.)
BOOST_AUTO_TEST_CASE(https_to_a_server_without_tls_fails_in_the_handshake) {
  Poco::Net::ServerSocket listener(Poco::Net::SocketAddress("127.0.0.1", 0));
  std::string firstBytes;
  std::thread peer([&] {
    auto connection = listener.acceptConnection();
    char buffer[16];
    const int got = connection.receiveBytes(buffer, 5);
    firstBytes.assign(buffer, static_cast<std::size_t>(std::max(got, 0)));
    connection.close();
  });
  const Poco::URI url("https://127.0.0.1:" + std::to_string(listener.address().port()) + "/");
  BOOST_CHECK_THROW(httpGet(url, 2000ms, "t", 10), Poco::Exception);
  peer.join();
  BOOST_TEST_REQUIRE(firstBytes.size() >= 3u);
  BOOST_TEST(static_cast<int>(firstBytes[0]) == 0x16);  // handshake record
  BOOST_TEST(static_cast<int>(firstBytes[1]) == 0x03);  // TLS major version
}

BOOST_AUTO_TEST_SUITE_END()
