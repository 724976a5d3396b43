#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/HmacSha256.h"

namespace interlude::core {

// What an entry URL grants: one entry of one session until a time.
struct TokenClaims {
  std::string session;  // [0-9a-f]+
  int entry = 0;
  std::int64_t expires = 0;  // seconds since the epoch
};

// Signs and checks entry tokens with HMAC-SHA256 under named keys, so keys can
// rotate: new tokens use the active key, older keys still verify until removed.
// A token reads `KEYID.SESSION.ENTRY.EXPIRES.MAC` (MAC base64url), all URL-safe.
class TokenSigner {
 public:
  struct Key {
    std::string id;
    std::string secret;
  };
  struct Verification {
    std::optional<TokenClaims> claims;
    std::string error;  // why not, for the log
  };

  // Throws std::invalid_argument when the active key is not among `keys`.
  TokenSigner(const std::vector<Key>& keys, const std::string& activeKey);

  std::string sign(const TokenClaims& claims) const;
  // The same token appended to `out`: a playlist writes one per entry into its
  // document, without a string each.
  void appendSigned(std::string& out, const TokenClaims& claims) const;
  Verification verify(std::string_view token, std::int64_t now) const;

  // 32 random bytes, base64url: for keys made at startup.
  static std::string randomSecret();

 private:
  struct SigningKey {
    std::string id;
    HmacSha256 mac;
  };
  const SigningKey* find(std::string_view id) const;

  std::vector<SigningKey> keys_;
  const SigningKey* active_ = nullptr;
};

}  // namespace interlude::core
