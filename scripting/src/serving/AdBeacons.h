#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "interlude/core/SessionStore.h"
#include "interlude/core/TokenSigner.h"

namespace interlude::scripting {

// Beacon URLs /_/t/<token>/<event> of ads in VAST documents: the token (signed
// like entry tokens) names a session and an entry, and the store remembers
// which ad played there (trk:ad:<session>:<entry>) so beacons are attributed.
class AdBeacons {
 public:
  static constexpr const char* kPrefix = "/_/t/";

  AdBeacons(const core::TokenSigner& tokens, core::SessionStore& store)
      : tokens_(tokens), store_(store) {}

  // "<baseUrl>/_/t/<token>/": append an event name. Valid until `expires`.
  std::string bind(const std::string& baseUrl, const std::string& session, std::size_t entry,
                   const std::string& adId, std::int64_t expires) const;
  // The claims of a token this server signed and that has not expired.
  std::optional<core::TokenClaims> verify(std::string_view token) const;
  // The ad bound to an entry of a session.
  std::optional<std::string> adOf(const std::string& session, std::size_t entry) const;

 private:
  const core::TokenSigner& tokens_;
  core::SessionStore& store_;
};

}  // namespace interlude::scripting
