#include "interlude/scripting/AdTracker.h"

#include <algorithm>
#include <chrono>

#include "ExternalAdTracking.h"
#include "interlude/scripting/AdCounters.h"

namespace interlude::scripting {
namespace {

// Longer than any session lives, so an event is not recorded twice.
constexpr std::chrono::seconds kDedupFor = std::chrono::hours(48);

const AdCreative* findCreative(const AdCampaign& campaign, const std::string& id) {
  const auto it = std::find_if(campaign.creatives.begin(), campaign.creatives.end(),
                               [&](const AdCreative& c) { return c.id == id; });
  return it == campaign.creatives.end() ? nullptr : &*it;
}

}  // namespace

bool AdTracker::record(const std::string& session, std::size_t entry, AdEvent event,
                       const std::string& adId, const AdCatalog* catalog) const {
  const auto id = ExternalAdTracking::withoutReference(adId);
  const auto slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  const auto key =
      "trk:" + session + ":" + std::to_string(entry) + ":" + std::string(adEventName(event));
  if (!store_.create(key, "1", kDedupFor)) return false;
  const std::string campaignId(id.substr(0, slash));
  const std::string creativeId(id.substr(slash + 1));
  stats_.recordEvent(campaignId, creativeId, event);
  for (auto& url : ExternalAdTracking(store_).urls(adId, event)) {
    dispatcher_->fire(std::move(url), trust_);
  }
  const auto* campaign = catalog ? catalog->campaign(campaignId) : nullptr;
  if (!campaign) return true;
  if (event == AdEvent::Impression) {
    AdCounters(store_).recordImpression(*campaign, AdCounters::Clock::now());
  }
  if (const auto* creative = findCreative(*campaign, creativeId)) fireThirdParty(*creative, event);
  return true;
}

void AdTracker::fireThirdParty(const AdCreative& creative, AdEvent event) const {
  for (const auto& tracking : creative.tracking) {
    if (tracking.event == adEventName(event)) dispatcher_->fire(tracking.url, trust_);
  }
}

}  // namespace interlude::scripting
