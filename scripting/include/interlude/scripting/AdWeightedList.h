#pragma once

#include <functional>
#include <random>
#include <vector>

namespace interlude::scripting {

struct AdCampaign;

// The random engine of ad decisions: the caller's, so that a seed replays them.
using AdRandom = std::mt19937_64;

// Campaigns with the running total of their weights: a draw by weight is one
// binary search.
class AdWeightedList {
 public:
  void add(const AdCampaign& campaign);
  bool empty() const { return campaigns_.empty(); }
  const std::vector<const AdCampaign*>& campaigns() const { return campaigns_; }

  const AdCampaign& draw(AdRandom& random) const;  // not empty
  AdWeightedList filtered(const std::function<bool(const AdCampaign&)>& keep) const;

 private:
  std::vector<const AdCampaign*> campaigns_;
  std::vector<double> cumulative_;
};

}  // namespace interlude::scripting
