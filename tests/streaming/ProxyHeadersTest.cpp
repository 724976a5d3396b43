#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <boost/test/unit_test.hpp>

#include "proxy/ForwardedHeaders.h"

using namespace interlude::streaming::proxy;

BOOST_AUTO_TEST_SUITE(proxy_headers)

BOOST_AUTO_TEST_CASE(hop_by_hop_fields_and_those_connection_names_are_not_forwarded) {
  Poco::Net::HTTPRequest from("GET", "/a", "HTTP/1.1");
  from.set("Connection", "keep-alive, X-Secret-Hop");
  from.set("Keep-Alive", "timeout=5");
  from.set("TE", "trailers");
  from.set("Upgrade", "h2c");
  from.set("Proxy-Connection", "keep-alive");
  from.set("X-Secret-Hop", "1");
  from.set("Range", "bytes=0-9");
  from.set("User-Agent", "test");
  Poco::Net::HTTPRequest to("GET", "/a", "HTTP/1.1");
  copyRequestHeaders(from, to, "10.1.2.3", false);
  for (const char* gone :
       {"Connection", "Keep-Alive", "TE", "Upgrade", "Proxy-Connection", "X-Secret-Hop"}) {
    BOOST_TEST(!to.has(gone), gone);
  }
  BOOST_TEST(to.get("Range") == "bytes=0-9");
  BOOST_TEST(to.get("User-Agent") == "test");
}

BOOST_AUTO_TEST_CASE(forwarded_for_is_appended_and_proto_and_host_are_told) {
  Poco::Net::HTTPRequest from("GET", "/a", "HTTP/1.1");
  from.set("Host", "viewer.example:8080");
  from.set("X-Forwarded-For", "192.0.2.7");
  Poco::Net::HTTPRequest to("GET", "/a", "HTTP/1.1");
  copyRequestHeaders(from, to, "10.1.2.3", false);
  BOOST_TEST(to.get("X-Forwarded-For") == "192.0.2.7, 10.1.2.3");
  BOOST_TEST(to.get("X-Forwarded-Proto") == "http");
  BOOST_TEST(to.get("X-Forwarded-Host") == "viewer.example:8080");
  BOOST_TEST(!to.has("Host"));  // the upstream's own is sent

  Poco::Net::HTTPRequest first("GET", "/a", "HTTP/1.1");
  Poco::Net::HTTPRequest forwarded("GET", "/a", "HTTP/1.1");
  copyRequestHeaders(first, forwarded, "127.0.0.1", true);
  BOOST_TEST(forwarded.get("X-Forwarded-For") == "127.0.0.1");
  BOOST_TEST(forwarded.get("X-Forwarded-Proto") == "https");
}

BOOST_AUTO_TEST_CASE(response_fields_keep_repeats_and_lose_hop_by_hop_length_date_server) {
  Poco::Net::HTTPResponse from;
  from.set("Connection", "close, X-Hop");
  from.set("X-Hop", "1");
  from.set("Transfer-Encoding", "chunked");
  from.set("Content-Length", "5");
  from.set("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
  from.set("Server", "origin/1");
  from.add("Set-Cookie", "a=1");
  from.add("Set-Cookie", "b=2");
  from.set("Cache-Control", "max-age=60");
  Poco::Net::HTTPResponse to;
  to.set("Server", "interlude");
  copyResponseHeaders(from, to);
  for (const char* gone : {"Connection", "X-Hop", "Transfer-Encoding", "Content-Length", "Date"}) {
    BOOST_TEST(!to.has(gone), gone);
  }
  BOOST_TEST(to.get("Server") == "interlude");
  BOOST_TEST(to.get("Cache-Control") == "max-age=60");
  std::vector<std::string> cookies;
  for (const auto& [name, value] : to) {
    if (name == "Set-Cookie") cookies.push_back(value);
  }
  BOOST_TEST(cookies == (std::vector<std::string>{"a=1", "b=2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stored_fields_keep_date_and_length_for_the_cache) {
  Poco::Net::HTTPResponse from;
  from.set("Connection", "keep-alive");
  from.set("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
  from.set("Content-Length", "5");
  const auto fields = endToEndHeaders(from);
  BOOST_TEST(fields.size() == 2u);
  BOOST_TEST(isHopByHop("keep-alive", ""));
  BOOST_TEST(isHopByHop("x-a", "foo, X-A"));
  BOOST_TEST(!isHopByHop("Content-Type", "foo, X-A"));
}

BOOST_AUTO_TEST_CASE(only_locations_under_the_upstream_base_are_rewritten) {
  Poco::Net::HTTPResponse inside;
  inside.set("Location", "http://10.0.0.5:8080/hls/show/master.m3u8?x=1");
  rewriteLocation(inside, "http://10.0.0.5:8080/hls/", "/tv/");
  BOOST_TEST(inside.get("Location") == "/tv/show/master.m3u8?x=1");
  Poco::Net::HTTPResponse elsewhere;
  elsewhere.set("Location", "http://cdn.example/hls/show.m3u8");
  rewriteLocation(elsewhere, "http://10.0.0.5:8080/hls/", "/tv/");
  BOOST_TEST(elsewhere.get("Location") == "http://cdn.example/hls/show.m3u8");
}

BOOST_AUTO_TEST_SUITE_END()
