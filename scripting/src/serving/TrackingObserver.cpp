#include "TrackingObserver.h"

#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

void TrackingObserver::progressed(const playlists::Session& session, std::size_t entry,
                                  std::uint64_t before, std::uint64_t after) const {
  if (entry >= session.entries.size()) return;
  const auto& played = session.entries[entry];
  if (played.kind != playlists::EntryKind::Ad || played.adId.empty()) return;
  const auto events = adEventsCrossed(before, after, played.size);
  if (events.empty()) return;
  try {
    const auto catalog = services_->catalog(session.site);
    for (const auto event : events) {
      services_->tracker.record(session.id, entry, event, played.adId, catalog.get());
    }
  } catch (const std::exception& e) {
    services_->log.error("ad tracking of session %s entry %z: %s", session.id, entry,
                         std::string(e.what()));
  }
}

}  // namespace interlude::scripting
