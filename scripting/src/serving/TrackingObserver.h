#pragma once

#include <memory>
#include <vector>

#include "AdServices.h"
#include "interlude/playlists/PlaylistExtensions.h"
#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

// Server-side tracking: as the bytes of an ad entry are delivered, records the
// events whose thresholds they cross (impression and start at the first byte,
// quartiles, complete at the last). An ad entry that is a redirect (its media
// elsewhere, an external ad's) records impression and start when requested.
class TrackingObserver : public playlists::EntryObserver {
 public:
  explicit TrackingObserver(std::shared_ptr<const AdServices> services)
      : services_(std::move(services)) {}

  void requested(const playlists::Session& session, std::size_t entry,
                 const playlists::PlaylistRequest& request) const override;
  void progressed(const playlists::Session& session, std::size_t entry, std::uint64_t before,
                  std::uint64_t after) const override;

 private:
  void record(const playlists::Session& session, std::size_t entry,
              const playlists::SessionEntry& played, const std::vector<AdEvent>& events) const;

  std::shared_ptr<const AdServices> services_;
};

}  // namespace interlude::scripting
