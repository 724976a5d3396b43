#pragma once

#include <array>
#include <memory>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace interlude::core {

// HMAC-SHA256 (RFC 2104) under one key. The key's padded blocks are hashed once,
// here, and each MAC starts from copies of those states: it then costs two
// SHA-256 blocks instead of four plus the key setup. SHA-256 is OpenSSL's,
// which uses the CPU's SHA instructions where there are some.
class HmacSha256 {
 public:
  using Digest = std::array<unsigned char, 32>;

  explicit HmacSha256(std::string_view key);

  Digest operator()(std::string_view message) const;  // thread-safe

 private:
  struct Free {
    void operator()(evp_md_ctx_st* context) const;
  };
  using State = std::unique_ptr<evp_md_ctx_st, Free>;

  State inner_;  // SHA-256 after key ^ ipad
  State outer_;  // SHA-256 after key ^ opad
};

}  // namespace interlude::core
