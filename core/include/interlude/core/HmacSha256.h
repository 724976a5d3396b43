#pragma once

#include <array>
#include <memory>
#include <string_view>

namespace interlude::core {

// HMAC-SHA256 (RFC 2104) under one key. The key's padded blocks are hashed once,
// here, and each MAC starts from copies of those states: it then costs two
// SHA-256 blocks instead of four plus the key setup. SHA-256 is OpenSSL's,
// which uses the CPU's SHA instructions where there are some.
class HmacSha256 {
 public:
  using Digest = std::array<unsigned char, 32>;

  explicit HmacSha256(std::string_view key);
  ~HmacSha256();
  HmacSha256(HmacSha256&&) noexcept;
  HmacSha256& operator=(HmacSha256&&) noexcept;

  Digest operator()(std::string_view message) const;  // thread-safe

 private:
  struct Pads;  // SHA-256 states after key ^ ipad and key ^ opad
  std::unique_ptr<const Pads> pads_;
};

}  // namespace interlude::core
