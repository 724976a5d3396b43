#include "interlude/scripting/AdCatalog.h"

#include <algorithm>

namespace interlude::scripting {

AdCatalog::AdCatalog(std::vector<AdCampaign> campaigns,
                     const std::unordered_map<std::string, std::string>& slotVastUrls)
    : campaigns_(std::move(campaigns)) {
  for (const auto& [name, url] : slotVastUrls) slots_[name].vastUrl = url;
  for (auto& campaign : campaigns_) {
    campaign.categoryIds.clear();
    for (const auto& name : campaign.categories) {
      const auto [it, added] =
          categories_.emplace(name, static_cast<std::uint32_t>(categories_.size()));
      campaign.categoryIds.push_back(it->second);
    }
    std::sort(campaign.categoryIds.begin(), campaign.categoryIds.end());
    campaign.categoryIds.erase(
        std::unique(campaign.categoryIds.begin(), campaign.categoryIds.end()),
        campaign.categoryIds.end());
    byId_.emplace(campaign.id, &campaign);
    for (const auto& creative : campaign.creatives) byEntry_.emplace(&creative.entry, &campaign);
    targeted_ = targeted_ || campaign.targeting.any();
    for (const auto& name : campaign.slots) {
      auto& slot = slots_[name];
      slot.campaigns.add(campaign);
      for (const auto id : campaign.categoryIds) slot.byCategory[id].add(campaign);
    }
  }
}

const AdCampaign* AdCatalog::campaign(std::string_view id) const {
  const auto it = byId_.find(id);
  return it == byId_.end() ? nullptr : it->second;
}

const AdCampaign* AdCatalog::campaignOf(const playlists::ResolvedEntry& entry) const {
  if (const auto it = byEntry_.find(&entry); it != byEntry_.end()) return it->second;
  const std::string_view adId = entry.entry.adId;
  const auto slash = adId.find('/');
  return slash == std::string_view::npos ? nullptr : campaign(adId.substr(0, slash));
}

const AdCatalog::Slot* AdCatalog::slot(const std::string& name) const {
  const auto it = slots_.find(name);
  return it == slots_.end() ? nullptr : &it->second;
}

std::optional<std::uint32_t> AdCatalog::categoryId(const std::string& name) const {
  const auto it = categories_.find(name);
  if (it == categories_.end()) return std::nullopt;
  return it->second;
}

}  // namespace interlude::scripting
