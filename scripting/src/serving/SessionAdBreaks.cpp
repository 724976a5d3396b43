#include "SessionAdBreaks.h"

#include <algorithm>

#include "CreativeVastAd.h"

namespace interlude::scripting {
namespace {

const AdCreative* creativeOf(const AdCatalog& catalog, const std::string& adId) {
  const auto slash = adId.find('/');
  if (slash == std::string::npos) return nullptr;
  const auto* campaign = catalog.campaign(adId.substr(0, slash));
  if (!campaign) return nullptr;
  const auto creativeId = adId.substr(slash + 1);
  const auto it = std::find_if(campaign->creatives.begin(), campaign->creatives.end(),
                               [&](const AdCreative& c) { return c.id == creativeId; });
  return it == campaign->creatives.end() ? nullptr : &*it;
}

bool isAd(const playlists::SessionEntry& entry) {
  return entry.kind == playlists::EntryKind::Ad && !entry.adId.empty();
}

}  // namespace

std::vector<VmapBreak> sessionAdBreaks(const playlists::SessionDocument& document,
                                       const AdCatalog& catalog, const BeaconPrefix& beacons) {
  std::vector<VmapBreak> breaks;
  const auto& entries = document.session.entries;
  const auto lastContent =
      std::find_if(entries.rbegin(), entries.rend(), [](const auto& e) { return !isAd(e); })
          .base() -
      entries.begin();
  double contentSeconds = 0;
  bool contentSeen = false;
  bool inBreak = false;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    if (!isAd(entry)) {
      contentSeen = true;
      inBreak = false;
      contentSeconds += entry.durationSeconds.value_or(0);
      continue;
    }
    const auto* creative = creativeOf(catalog, entry.adId);
    if (!creative) continue;
    if (!inBreak) {
      VmapBreak next;
      next.position = !contentSeen                                    ? VmapBreak::Position::Start
                      : static_cast<std::ptrdiff_t>(i) >= lastContent ? VmapBreak::Position::End
                                                                      : VmapBreak::Position::Middle;
      next.offsetSeconds = contentSeconds;
      breaks.push_back(std::move(next));
      inBreak = true;
    }
    AdPlacement placement{entry.adId, entry.title, document.entryUrls.at(i), entry.size,
                          beacons(i, entry.adId)};
    auto ad = creativeVastAd(*creative, placement);
    if (entry.durationSeconds) ad.durationSeconds = *entry.durationSeconds;
    if (!entry.mediaType.empty()) ad.mediaFiles.front().type = entry.mediaType;
    breaks.back().ads.push_back(std::move(ad));
  }
  for (auto& adBreak : breaks) {
    if (adBreak.ads.size() < 2) continue;
    for (std::size_t i = 0; i < adBreak.ads.size(); ++i) adBreak.ads[i].sequence = i + 1;
  }
  return breaks;
}

}  // namespace interlude::scripting
