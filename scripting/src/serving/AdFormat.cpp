#include "AdFormat.h"

#include "SessionAdBreaks.h"
#include "interlude/scripting/VastWriter.h"

namespace interlude::scripting {

playlists::Rendered AdFormat::render(const playlists::SessionDocument& document) const {
  const auto* site = services_->site(document.session.site);
  const auto errorUrl = site ? site->vastErrorUrl : std::string();
  const auto catalog = services_->catalog(document.session.site);
  auto breaks = catalog ? sessionAdBreaks(document, *catalog,
                                          [&](std::size_t entry, const std::string& adId) {
                                            return services_->beacons.bind(
                                                document.baseUrl, document.session.id, entry, adId,
                                                document.session.expires);
                                          })
                        : std::vector<VmapBreak>();
  if (kind_ == Kind::Vmap) {
    return {VmapWriter(errorUrl).document(breaks), "application/xml; charset=utf-8"};
  }
  std::vector<VastAd> ads;
  for (auto& adBreak : breaks) {
    for (auto& ad : adBreak.ads) ads.push_back(std::move(ad));
  }
  if (ads.size() > 1) {
    for (std::size_t i = 0; i < ads.size(); ++i) ads[i].sequence = i + 1;
  }
  return {VastWriter(errorUrl).document(ads), "application/xml; charset=utf-8"};
}

}  // namespace interlude::scripting
