// Fuzzes the edge cache's entry heads (what a cache folder holds after a crash,
// a disk error or a foreign file): a head is refused or decoded, never a crash,
// and a decoded head, encoded again, decodes to the same head.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cache/EntryHead.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t bodyOffset = 0;
  const auto head = interlude::streaming::cache::decodeEntryHead(text, bodyOffset);
  if (!head) return 0;
  if (bodyOffset > size) std::abort();
  const auto again = interlude::streaming::cache::encodeEntryHead(*head);
  // Numbers may have had leading zeros: compare what they mean, not the bytes.
  std::size_t againOffset = 0;
  const auto reread = interlude::streaming::cache::decodeEntryHead(again, againOffset);
  if (!reread || againOffset != again.size() || reread->key != head->key ||
      reread->headers != head->headers || reread->status != head->status ||
      reread->storedAt != head->storedAt || reread->initialAge != head->initialAge ||
      reread->expiresAt != head->expiresAt) {
    std::abort();
  }
  return 0;
}
