#include "CreativeVastAd.h"

#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {

VastAd creativeVastAd(const AdCreative& creative, const AdPlacement& placement) {
  VastAd ad;
  ad.id = placement.adId;
  ad.title = placement.title.empty() ? placement.adId : placement.title;
  ad.creativeId = creative.id.empty() ? placement.adId : creative.id;
  ad.durationSeconds = creative.durationSeconds;
  ad.clickThrough = creative.clickThrough;
  ad.impressions.push_back(placement.beacons + "impression");
  for (const auto event : kAdEvents) {
    if (event != AdEvent::Impression) {
      ad.tracking.push_back(
          {std::string(adEventName(event)), placement.beacons + std::string(adEventName(event))});
    }
  }
  for (const auto& t : creative.tracking) {
    if (t.event == "impression") {
      ad.impressions.push_back(t.url);
    } else if (t.event == "clickTracking") {
      ad.clickTracking.push_back(t.url);
    } else {
      ad.tracking.push_back({t.event, t.url});
    }
  }
  ad.mediaFiles.push_back({placement.mediaUrl, creative.mimeType, creative.delivery, creative.width,
                           creative.height, creative.bitrateKbps, placement.fileSize});
  return ad;
}

}  // namespace interlude::scripting
