#include "proxy/ForwardedHeaders.h"

#include <Poco/String.h>

#include <array>

namespace interlude::streaming::proxy {
namespace {

bool sameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Poco::Ascii::toLower(a[i]) != Poco::Ascii::toLower(b[i])) return false;
  }
  return true;
}

// RFC 9110 §7.6.1, plus Trailer: bodies are re-framed, so trailers do not pass.
constexpr std::array<std::string_view, 7> kHopByHop{"Connection", "Proxy-Connection",  "Keep-Alive",
                                                    "TE",         "Transfer-Encoding", "Upgrade",
                                                    "Trailer"};

bool namedByConnection(std::string_view name, std::string_view connection) {
  while (!connection.empty()) {
    const auto comma = connection.find(',');
    auto token = connection.substr(0, comma);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
      token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (sameName(token, name)) return true;
    if (comma == std::string_view::npos) break;
    connection.remove_prefix(comma + 1);
  }
  return false;
}

bool isOneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (const auto candidate : names) {
    if (sameName(name, candidate)) return true;
  }
  return false;
}

}  // namespace

bool isHopByHop(std::string_view name, std::string_view connectionHeader) {
  for (const auto hop : kHopByHop) {
    if (sameName(name, hop)) return true;
  }
  return namedByConnection(name, connectionHeader);
}

void copyRequestHeaders(const Poco::Net::HTTPRequest& from, Poco::Net::HTTPRequest& to,
                        const std::string& clientAddress, bool secure) {
  const std::string connection = from.get("Connection", "");
  for (const auto& [name, value] : from) {
    if (isHopByHop(name, connection) ||
        isOneOf(name, {"Host", "Content-Length", "Expect", "X-Forwarded-For", "X-Forwarded-Proto",
                       "X-Forwarded-Host"})) {
      continue;
    }
    to.add(name, value);
  }
  const std::string forwardedFor = from.get("X-Forwarded-For", "");
  to.set("X-Forwarded-For",
         forwardedFor.empty() ? clientAddress : forwardedFor + ", " + clientAddress);
  to.set("X-Forwarded-Proto", secure ? "https" : "http");
  if (from.has("Host")) to.set("X-Forwarded-Host", from.getHost());
}

namespace {

// `Fields` is a sequence of (name, value) pairs: POCO's header collection or
// a stored HeaderList.
template <class Fields>
void copyEndToEnd(const Fields& from, std::string_view connection, Poco::Net::HTTPResponse& to) {
  for (auto field = from.begin(); field != from.end(); ++field) {
    const auto& [name, value] = *field;
    if (isHopByHop(name, connection) || isOneOf(name, {"Content-Length", "Date", "Server"})) {
      continue;
    }
    // The first of a name replaces what the server set before the handler;
    // later ones (Set-Cookie, Link...) are added beside it.
    bool repeated = false;
    for (auto earlier = from.begin(); earlier != field && !repeated; ++earlier) {
      repeated = sameName(earlier->first, name);
    }
    if (repeated) {
      to.add(name, value);
    } else {
      to.set(name, value);
    }
  }
}

}  // namespace

void copyResponseHeaders(const Poco::Net::HTTPResponse& from, Poco::Net::HTTPResponse& to) {
  copyEndToEnd(from, from.get("Connection", ""), to);
}

void copyResponseHeaders(const cache::HeaderList& from, Poco::Net::HTTPResponse& to) {
  copyEndToEnd(from, "", to);
}

void rewriteLocation(Poco::Net::HTTPResponse& response, std::string_view upstreamBase,
                     std::string_view publicPrefix) {
  if (!response.has("Location")) return;
  const std::string location = response.get("Location");
  if (location.compare(0, upstreamBase.size(), upstreamBase) != 0) return;
  response.set("Location", std::string(publicPrefix) + location.substr(upstreamBase.size()));
}

cache::HeaderList endToEndHeaders(const Poco::Net::HTTPResponse& from) {
  const std::string connection = from.get("Connection", "");
  cache::HeaderList fields;
  for (const auto& [name, value] : from) {
    if (!isHopByHop(name, connection)) fields.emplace_back(name, value);
  }
  return fields;
}

}  // namespace interlude::streaming::proxy
