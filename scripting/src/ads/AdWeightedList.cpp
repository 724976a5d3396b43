#include "interlude/scripting/AdWeightedList.h"

#include <algorithm>

#include "interlude/scripting/AdCampaign.h"

namespace interlude::scripting {

void AdWeightedList::add(const AdCampaign& campaign) {
  campaigns_.push_back(&campaign);
  cumulative_.push_back((cumulative_.empty() ? 0.0 : cumulative_.back()) + campaign.weight);
}

const AdCampaign& AdWeightedList::draw(AdRandom& random) const {
  std::uniform_real_distribution<double> spin(0.0, cumulative_.back());
  const auto at = std::upper_bound(cumulative_.begin(), cumulative_.end(), spin(random));
  // Rounding can land on the total itself: that is the last campaign's share.
  const auto index = std::min<std::size_t>(at - cumulative_.begin(), campaigns_.size() - 1);
  return *campaigns_[index];
}

AdWeightedList AdWeightedList::filtered(const std::function<bool(const AdCampaign&)>& keep) const {
  AdWeightedList list;
  for (const auto* campaign : campaigns_) {
    if (keep(*campaign)) list.add(*campaign);
  }
  return list;
}

}  // namespace interlude::scripting
