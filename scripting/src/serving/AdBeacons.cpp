#include "AdBeacons.h"

#include <algorithm>
#include <chrono>

namespace interlude::scripting {
namespace {

std::string adKey(const std::string& session, std::size_t entry) {
  return "trk:ad:" + session + ":" + std::to_string(entry);
}

std::int64_t nowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string AdBeacons::bind(const std::string& baseUrl, const std::string& session,
                            std::size_t entry, const std::string& adId,
                            std::int64_t expires) const {
  const auto now = nowSeconds();
  // Kept a minute past the token so a beacon sent at the last second is attributed.
  const std::chrono::seconds ttl(std::max<std::int64_t>(expires - now, 0) + 60);
  if (!store_.create(adKey(session, entry), adId, ttl)) store_.touch(adKey(session, entry), ttl);
  std::string url = baseUrl + kPrefix;
  tokens_.appendSigned(url, {session, static_cast<int>(entry), expires});
  url += '/';
  return url;
}

std::optional<core::TokenClaims> AdBeacons::verify(std::string_view token) const {
  return tokens_.verify(token, nowSeconds()).claims;
}

std::optional<std::string> AdBeacons::adOf(const std::string& session, std::size_t entry) const {
  return store_.get(adKey(session, entry));
}

}  // namespace interlude::scripting
