#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "interlude/scripting/AdCampaign.h"
#include "interlude/scripting/AdWeightedList.h"

namespace interlude::scripting {

// The campaigns of a catalog file, indexed for picking: by id, by slot and by slot
// and category (with their weights), with categories as small numbers. Immutable once built; a
// reload builds a new one.
class AdCatalog {
 public:
  struct Slot {
    std::string vastUrl;  // served when no campaign is eligible; empty: none
    AdWeightedList campaigns;
    std::unordered_map<std::uint32_t, AdWeightedList> byCategory;  // by category id
  };

  // `slotVastUrls`: the fallback VAST tag of some slots, by slot name.
  AdCatalog(std::vector<AdCampaign> campaigns,
            const std::unordered_map<std::string, std::string>& slotVastUrls);
  AdCatalog(const AdCatalog&) = delete;  // the indexes point into campaigns_
  AdCatalog& operator=(const AdCatalog&) = delete;

  const std::vector<AdCampaign>& campaigns() const { return campaigns_; }
  const AdCampaign* campaign(std::string_view id) const;
  // The campaign of an ad entry: that of one of this catalog's creative entries
  // (AdCreative::entry, found by its address), else the one its adId
  // ("campaign/creative") names; null when none.
  const AdCampaign* campaignOf(const playlists::ResolvedEntry& entry) const;
  const Slot* slot(const std::string& name) const;
  std::optional<std::uint32_t> categoryId(const std::string& name) const;
  // Whether some campaign targets: without, a pick needs no request context.
  bool targeted() const { return targeted_; }

 private:
  std::vector<AdCampaign> campaigns_;
  // Looked up by a string_view (the campaign part of an entry's adId) without a copy.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  std::unordered_map<std::string, const AdCampaign*, TextHash, std::equal_to<>> byId_;
  std::unordered_map<const playlists::ResolvedEntry*, const AdCampaign*> byEntry_;
  std::unordered_map<std::string, Slot> slots_;
  std::unordered_map<std::string, std::uint32_t> categories_;
  bool targeted_ = false;
};

}  // namespace interlude::scripting
