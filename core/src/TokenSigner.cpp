#include "interlude/core/TokenSigner.h"

#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/RandomStream.h>
#include <Poco/SHA2Engine.h>

#include <algorithm>
#include <charconv>
#include <sstream>
#include <stdexcept>

namespace interlude::core {
namespace {

// POCO's HMACEngine needs the block and digest sizes as constants.
class Sha256Engine : public Poco::SHA2Engine {
 public:
  enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
  Sha256Engine() : SHA2Engine(SHA_256) {}
};

std::string base64url(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const auto at = text.find(separator, start);
    parts.push_back(text.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

template <class T>
bool parseNumber(std::string_view text, T& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool isHex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

// Compares without an early exit, so timing does not tell how much matched.
bool sameBytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

TokenSigner::TokenSigner(std::vector<Key> keys, std::string activeKey)
    : keys_(std::move(keys)), active_(std::move(activeKey)) {
  if (!find(active_))
    throw std::invalid_argument("active token key \"" + active_ + "\" is not defined");
}

const TokenSigner::Key* TokenSigner::find(std::string_view id) const {
  const auto it =
      std::find_if(keys_.begin(), keys_.end(), [&](const Key& k) { return k.id == id; });
  return it == keys_.end() ? nullptr : &*it;
}

std::string TokenSigner::mac(const Key& key, std::string_view message) {
  Poco::HMACEngine<Sha256Engine> hmac(key.secret);
  hmac.update(message.data(), static_cast<unsigned>(message.size()));
  const auto& digest = hmac.digest();
  return base64url(std::string(digest.begin(), digest.end()));
}

std::string TokenSigner::sign(const TokenClaims& claims) const {
  const Key& key = *find(active_);
  const std::string message = key.id + "." + claims.session + "." + std::to_string(claims.entry) +
                              "." + std::to_string(claims.expires);
  return message + "." + mac(key, message);
}

TokenSigner::Verification TokenSigner::verify(std::string_view token, std::int64_t now) const {
  const auto parts = split(token, '.');
  if (parts.size() != 5) return {std::nullopt, "malformed token"};
  const Key* key = find(parts[0]);
  if (!key) return {std::nullopt, "unknown key id \"" + std::string(parts[0]) + "\""};
  const auto message = token.substr(0, token.size() - parts[4].size() - 1);
  if (!sameBytes(mac(*key, message), parts[4])) return {std::nullopt, "bad signature"};
  TokenClaims claims;
  claims.session = std::string(parts[1]);
  if (!isHex(parts[1]) || !parseNumber(parts[2], claims.entry) || claims.entry < 0 ||
      !parseNumber(parts[3], claims.expires)) {
    return {std::nullopt, "malformed claims"};
  }
  if (claims.expires <= now) return {std::nullopt, "expired"};
  return {claims, {}};
}

std::string TokenSigner::randomSecret() {
  Poco::RandomInputStream random;
  std::string bytes(32, '\0');
  random.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return base64url(bytes);
}

}  // namespace interlude::core
