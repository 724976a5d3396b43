#include "interlude/core/HmacSha256.h"

// The low-level SHA-256 calls are deprecated in OpenSSL 3 in favour of EVP, but
// EVP allocates and goes through a provider on every context copy: with a MAC
// per playlist entry that was 8% of a playlist request. SHA256_CTX is a plain
// struct, copied for free.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>

namespace interlude::core {
namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-256's

// Continues from `from`, hashes `data` and finishes.
HmacSha256::Digest finish(SHA256_CTX state, const void* data, std::size_t size) {
  HmacSha256::Digest digest{};
  SHA256_Update(&state, data, size);
  SHA256_Final(digest.data(), &state);
  return digest;
}

SHA256_CTX padState(const unsigned char (&block)[kBlockSize], unsigned char pad) {
  unsigned char padded[kBlockSize];
  for (std::size_t i = 0; i < kBlockSize; ++i) padded[i] = block[i] ^ pad;
  SHA256_CTX state;
  SHA256_Init(&state);
  SHA256_Update(&state, padded, sizeof padded);
  return state;
}

}  // namespace

struct HmacSha256::Pads {
  SHA256_CTX inner;
  SHA256_CTX outer;
};

HmacSha256::HmacSha256(std::string_view key) {
  // Keys longer than a block are hashed first.
  unsigned char block[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), block);
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  pads_ = std::make_unique<const Pads>(Pads{padState(block, 0x36), padState(block, 0x5c)});
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

HmacSha256::Digest HmacSha256::operator()(std::string_view message) const {
  const auto inner = finish(pads_->inner, message.data(), message.size());
  return finish(pads_->outer, inner.data(), inner.size());
}

}  // namespace interlude::core
