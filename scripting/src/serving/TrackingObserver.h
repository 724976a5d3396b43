#pragma once

#include <memory>

#include "AdServices.h"
#include "interlude/playlists/PlaylistExtensions.h"

namespace interlude::scripting {

// Server-side tracking: as the bytes of an ad entry are delivered, records the
// events whose thresholds they cross (impression and start at the first byte,
// quartiles, complete at the last).
class TrackingObserver : public playlists::EntryObserver {
 public:
  explicit TrackingObserver(std::shared_ptr<const AdServices> services)
      : services_(std::move(services)) {}

  void progressed(const playlists::Session& session, std::size_t entry, std::uint64_t before,
                  std::uint64_t after) const override;

 private:
  std::shared_ptr<const AdServices> services_;
};

}  // namespace interlude::scripting
