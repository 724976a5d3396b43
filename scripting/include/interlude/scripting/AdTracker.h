#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCatalog.h"
#include "interlude/scripting/AdEvent.h"
#include "interlude/scripting/AdStats.h"
#include "interlude/scripting/TrackingDispatcher.h"

namespace interlude::scripting {

// Records the events of ads played in sessions, each once per session and entry
// (key trk:<session>:<entry>:<event>, whichever of the server-side delivery
// tracking and the client's beacons sees it first): counts it, counts an
// impression toward the campaign's goal, and fires the creative's third-party
// URLs of that event (https ones checked against `trust`), or those an external
// ad's id refers to (ExternalAdTracking).
class AdTracker {
 public:
  AdTracker(core::SessionStore& store, AdStats& stats,
            std::shared_ptr<TrackingDispatcher> dispatcher,
            std::shared_ptr<const core::HttpsTrust> trust = nullptr)
      : store_(store),
        stats_(stats),
        dispatcher_(std::move(dispatcher)),
        trust_(std::move(trust)) {}

  // `adId`: "campaign/creative", or an external ad's "campaign/vast~ref"
  // ("external/slot~ref"); `catalog` (may be null) has the campaign's
  // third-party URLs and goal. False when the event was recorded before.
  bool record(const std::string& session, std::size_t entry, AdEvent event, const std::string& adId,
              const AdCatalog* catalog) const;

 private:
  void fireThirdParty(const AdCreative& creative, AdEvent event) const;

  core::SessionStore& store_;
  AdStats& stats_;
  std::shared_ptr<TrackingDispatcher> dispatcher_;
  std::shared_ptr<const core::HttpsTrust> trust_;
};

}  // namespace interlude::scripting
