#include "TrackingObserver.h"

#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

namespace {

const playlists::SessionEntry* adAt(const playlists::Session& session, std::size_t entry) {
  if (entry >= session.entries.size()) return nullptr;
  const auto& played = session.entries[entry];
  return played.kind == playlists::EntryKind::Ad && !played.adId.empty() ? &played : nullptr;
}

}  // namespace

void TrackingObserver::requested(const playlists::Session& session, std::size_t entry,
                                 const playlists::PlaylistRequest& /*request*/) const {
  const auto* played = adAt(session, entry);
  if (played && !played->local) {
    record(session, entry, *played, {AdEvent::Impression, AdEvent::Start});
  }
}

void TrackingObserver::progressed(const playlists::Session& session, std::size_t entry,
                                  std::uint64_t before, std::uint64_t after) const {
  const auto* played = adAt(session, entry);
  if (!played) return;
  const auto events = adEventsCrossed(before, after, played->size);
  if (!events.empty()) record(session, entry, *played, events);
}

void TrackingObserver::record(const playlists::Session& session, std::size_t entry,
                              const playlists::SessionEntry& played,
                              const std::vector<AdEvent>& events) const {
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
