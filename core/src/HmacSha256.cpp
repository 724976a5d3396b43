#include "interlude/core/HmacSha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>

namespace interlude::core {
namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-256's

void check(int ok) {
  if (ok != 1) throw std::runtime_error("OpenSSL SHA-256 failed");
}

// `out` continues from `from` (a copy of its state), hashes `data` and finishes.
HmacSha256::Digest finish(EVP_MD_CTX* out, const EVP_MD_CTX* from, const void* data,
                          std::size_t size) {
  HmacSha256::Digest digest{};
  check(EVP_MD_CTX_copy_ex(out, from));
  check(EVP_DigestUpdate(out, data, size));
  check(EVP_DigestFinal_ex(out, digest.data(), nullptr));
  return digest;
}

// A context per thread to compute in, reused: a playlist signs a token per entry,
// and a new context per MAC was an allocation each.
EVP_MD_CTX* workContext() {
  thread_local const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> work(EVP_MD_CTX_new(),
                                                                                  &EVP_MD_CTX_free);
  if (!work) throw std::bad_alloc();
  return work.get();
}

}  // namespace

void HmacSha256::Free::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

HmacSha256::HmacSha256(std::string_view key) : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {
  if (!inner_ || !outer_) throw std::bad_alloc();
  // Keys longer than a block are hashed first.
  unsigned char block[kBlockSize] = {};
  if (key.size() > kBlockSize) {
    unsigned int size = 0;
    check(EVP_Digest(key.data(), key.size(), block, &size, EVP_sha256(), nullptr));
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  unsigned char inner[kBlockSize];
  unsigned char outer[kBlockSize];
  for (std::size_t i = 0; i < kBlockSize; ++i) {
    inner[i] = block[i] ^ 0x36;
    outer[i] = block[i] ^ 0x5c;
  }
  check(EVP_DigestInit_ex(inner_.get(), EVP_sha256(), nullptr));
  check(EVP_DigestUpdate(inner_.get(), inner, sizeof inner));
  check(EVP_DigestInit_ex(outer_.get(), EVP_sha256(), nullptr));
  check(EVP_DigestUpdate(outer_.get(), outer, sizeof outer));
}

HmacSha256::Digest HmacSha256::operator()(std::string_view message) const {
  auto* work = workContext();
  const auto inner = finish(work, inner_.get(), message.data(), message.size());
  return finish(work, outer_.get(), inner.data(), inner.size());
}

}  // namespace interlude::core
