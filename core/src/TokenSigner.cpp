#include "interlude/core/TokenSigner.h"

#include <openssl/evp.h>
#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <stdexcept>
#include <system_error>

namespace interlude::core {
namespace {

// Appends unpadded base64url (RFC 4648 section 5), from OpenSSL's base64.
void appendBase64url(std::string& out, const unsigned char* bytes, std::size_t size) {
  const auto start = out.size();
  out.resize(start + 4 * ((size + 2) / 3) + 1);  // with its terminating NUL
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + start), bytes,
                                     static_cast<int>(size));
  out.resize(start + static_cast<std::size_t>(length));
  while (out.size() > start && out.back() == '=') out.pop_back();
  for (auto c = out.begin() + static_cast<std::ptrdiff_t>(start); c != out.end(); ++c) {
    *c = *c == '+' ? '-' : *c == '/' ? '_' : *c;
  }
}

std::string base64url(const unsigned char* bytes, std::size_t size) {
  std::string text;
  appendBase64url(text, bytes, size);
  return text;
}

void appendNumber(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
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

// Each key's HMAC state is set up here, once: playlists sign a token per entry.
TokenSigner::TokenSigner(const std::vector<Key>& keys, const std::string& activeKey) {
  keys_.reserve(keys.size());
  for (const auto& key : keys) keys_.push_back({key.id, HmacSha256(key.secret)});
  active_ = find(activeKey);
  if (!active_)
    throw std::invalid_argument("active token key \"" + activeKey + "\" is not defined");
}

const TokenSigner::SigningKey* TokenSigner::find(std::string_view id) const {
  const auto it =
      std::find_if(keys_.begin(), keys_.end(), [&](const SigningKey& k) { return k.id == id; });
  return it == keys_.end() ? nullptr : &*it;
}

std::string TokenSigner::sign(const TokenClaims& claims) const {
  std::string token;
  token.reserve(active_->id.size() + claims.session.size() + 80);
  appendSigned(token, claims);
  return token;
}

void TokenSigner::appendSigned(std::string& out, const TokenClaims& claims) const {
  const auto start = out.size();
  out.append(active_->id).append(1, '.').append(claims.session).append(1, '.');
  appendNumber(out, claims.entry);
  out += '.';
  appendNumber(out, claims.expires);
  const auto mac = active_->mac(std::string_view(out).substr(start));
  out += '.';
  appendBase64url(out, mac.data(), mac.size());
}

TokenSigner::Verification TokenSigner::verify(std::string_view token, std::int64_t now) const {
  const auto parts = split(token, '.');
  if (parts.size() != 5) return {std::nullopt, "malformed token"};
  const SigningKey* key = find(parts[0]);
  if (!key) return {std::nullopt, "unknown key id \"" + std::string(parts[0]) + "\""};
  const auto message = token.substr(0, token.size() - parts[4].size() - 1);
  const auto mac = key->mac(message);
  if (!sameBytes(base64url(mac.data(), mac.size()), parts[4])) {
    return {std::nullopt, "bad signature"};
  }
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
  unsigned char bytes[32];
  if (::getrandom(bytes, sizeof bytes, 0) != static_cast<ssize_t>(sizeof bytes)) {
    throw std::system_error(errno, std::generic_category(), "getrandom");
  }
  return base64url(bytes, sizeof bytes);
}

}  // namespace interlude::core
