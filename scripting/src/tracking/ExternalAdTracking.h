#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCreative.h"
#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

// The third-party impression and start URLs of an external ad that a rule
// placed as a redirect to the ad server's media: its bytes never pass through
// Interlude, so the request of its entry is all there is to track. They are
// kept in the session store when the ad is picked (the session does not exist
// yet), under a reference that the ad's id carries: "campaign/vast~<16 hex>".
class ExternalAdTracking {
 public:
  explicit ExternalAdTracking(core::SessionStore& store) : store_(store) {}

  // Keeps the impression and start URLs of `tracking` for `keepFor` under a
  // reference made of `nonce`, and gives `adId` carrying it; `adId` as it is
  // when there are none.
  std::string keep(const std::string& adId, const std::vector<AdCreative::Tracking>& tracking,
                   std::uint64_t nonce, std::chrono::seconds keepFor);
  // The URLs of `event` kept for the ad `adId` refers to; none without a
  // reference or once they have expired.
  std::vector<std::string> urls(std::string_view adId, AdEvent event);
  // `adId` without its reference: "campaign/creative".
  static std::string_view withoutReference(std::string_view adId);

 private:
  core::SessionStore& store_;
};

}  // namespace interlude::scripting
