#include "interlude/scripting/AdDecisioner.h"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>

namespace interlude::scripting {
namespace {

// Draws before narrowing the candidates by a scan: at least kDraws, and as many
// as cost about a scan (a draw and its check cost some campaigns' worth of
// scanning), so that a pick usually costs a few checks and a slot where little
// weight is eligible costs less than two scans.
constexpr std::size_t kDraws = 16;
constexpr std::size_t kDrawsPerScan = 16;

std::vector<std::uint32_t> categoryIds(const AdCatalog& catalog,
                                       const std::vector<std::string>& names) {
  std::vector<std::uint32_t> ids;
  for (const auto& name : names) {
    if (const auto id = catalog.categoryId(name)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

// One call of pick: the request against the catalog, and the break so far.
class Break {
 public:
  Break(const AdCatalog& catalog, const AdPickRequest& request, AdCounters& counters)
      : request_(request),
        counters_(counters),
        excluded_(categoryIds(catalog, request.breakCategories)) {
    if (!request.categories.empty()) wanted_ = categoryIds(catalog, request.categories);
    if (request.overCap) rejected_ = *request.overCap;
  }

  // Eligible by what the request and the break say, without the counters (wanted
  // categories are in the candidates already).
  bool fits(const AdCampaign& c) const {
    if (!c.inFlight(request_.now) || !c.dayparts.contains(request_.now)) return false;
    if (c.cap && request_.viewer.empty()) return false;
    if (c.sharesCategory(excluded_) || has(picked_, c)) return false;
    return c.targeting.matches(request_.context);
  }

  // The cap is not read here: taking it (one store call) tells, see AdDecisioner::pick.
  bool underCounters(const AdCampaign& c) {
    return !c.goal || c.underGoal(counters_.impressions(c), request_.now);
  }

  // The campaigns of the slot to draw from: with wanted categories, only theirs.
  const AdWeightedList& candidates(const AdCatalog::Slot& slot) {
    if (!wanted_) return slot.campaigns;
    std::vector<const AdCampaign*> all;
    for (const auto id : *wanted_) {
      const auto it = slot.byCategory.find(id);
      if (it == slot.byCategory.end()) continue;
      if (wanted_->size() == 1) return it->second;
      all.insert(all.end(), it->second.campaigns().begin(), it->second.campaigns().end());
    }
    // In catalog order, each once: campaigns live in one vector.
    std::sort(all.begin(), all.end(), std::less<>());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (const auto* c : all) inWantedCategories_.add(*c);
    return inWantedCategories_;
  }

  // A campaign drawn by weight among the eligible ones of `list`; null when none is.
  const AdCampaign* choose(const AdWeightedList& list, AdRandom& random) {
    if (list.empty()) return nullptr;
    if (list.campaigns().size() <= kDraws) return chooseAmongFew(list.campaigns(), random);
    const auto draws = std::max(kDraws, list.campaigns().size() / kDrawsPerScan);
    if (const auto* c = drawAccepted(list, random, draws, true)) return c;
    const auto fitting =
        list.filtered([&](const AdCampaign& c) { return !has(rejected_, c) && fits(c); });
    if (fitting.empty()) return nullptr;
    if (const auto* c = drawAccepted(fitting, random, kDraws, false)) return c;
    const auto open = fitting.filtered(
        [&](const AdCampaign& c) { return !has(rejected_, c) && underCounters(c); });
    return open.empty() ? nullptr : &open.draw(random);
  }

  // A few campaigns (a slot's usual size) are scanned, without a list of the
  // eligible ones: a draw by weight among those that fit, then their counters;
  // one over them is left out and the draw made again among the rest.
  const AdCampaign* chooseAmongFew(const std::vector<const AdCampaign*>& few, AdRandom& random) {
    std::array<const AdCampaign*, kDraws> open{};
    std::size_t count = 0;
    for (const auto* c : few) {
      if (!has(rejected_, *c) && fits(*c)) open[count++] = c;
    }
    while (count > 0) {
      double total = 0;
      for (std::size_t i = 0; i < count; ++i) total += open[i]->weight;
      std::uniform_real_distribution<double> spin(0.0, total);
      auto at = spin(random);
      std::size_t i = 0;
      while (i + 1 < count && at >= open[i]->weight) at -= open[i++]->weight;
      const auto* c = open[i];
      if (underCounters(*c)) return c;
      rejected_.push_back(c);
      open[i] = open[--count];
    }
    return nullptr;
  }

  void reject(const AdCampaign& c) { rejected_.push_back(&c); }

  void add(const AdCampaign& c) {
    picked_.push_back(&c);
    excluded_.insert(excluded_.end(), c.categoryIds.begin(), c.categoryIds.end());
    std::sort(excluded_.begin(), excluded_.end());
  }

 private:
  static bool has(const std::vector<const AdCampaign*>& list, const AdCampaign& c) {
    return std::find(list.begin(), list.end(), &c) != list.end();
  }

  // Rejection sampling: a draw by weight kept if eligible. Conditioned on keeping
  // one, each eligible campaign comes with its share of the eligible weight. The
  // counters of a campaign are read once a break: one under them is taken.
  const AdCampaign* drawAccepted(const AdWeightedList& list, AdRandom& random, std::size_t draws,
                                 bool checkFits) {
    for (std::size_t i = 0; i < draws; ++i) {
      const auto& c = list.draw(random);
      if ((checkFits && !fits(c)) || has(rejected_, c)) continue;
      if (underCounters(c)) return &c;
      rejected_.push_back(&c);
    }
    return nullptr;
  }

  const AdPickRequest& request_;
  AdCounters& counters_;
  std::optional<std::vector<std::uint32_t>> wanted_;
  std::vector<std::uint32_t> excluded_;  // sorted
  std::vector<const AdCampaign*> picked_;
  std::vector<const AdCampaign*> rejected_;  // over their counters for the rest of the break
  AdWeightedList inWantedCategories_;
};

const AdCreative* chooseCreative(const AdCampaign& c, AdRandom& random) {
  if (c.creatives.empty()) return nullptr;
  if (c.creatives.size() == 1) return &c.creatives.front();
  std::uniform_int_distribution<std::size_t> which(0, c.creatives.size() - 1);
  return &c.creatives[which(random)];
}

}  // namespace

std::vector<AdPick> AdDecisioner::pick(const AdCatalog& catalog, const AdPickRequest& request,
                                       AdRandom& random) {
  std::vector<AdPick> picks;
  const auto* slot = catalog.slot(request.slot);
  if (!slot) return picks;
  Break adBreak(catalog, request, counters_);
  const auto& candidates = adBreak.candidates(*slot);
  while (picks.size() < request.max) {
    const auto* c = adBreak.choose(candidates, random);
    if (!c) break;
    // Over the viewer's cap (by earlier picks, or one running meanwhile): drawn again without it.
    if (!counters_.takeCap(*c, request.viewer, request.now)) {
      adBreak.reject(*c);
      if (request.overCap) request.overCap->push_back(c);
      continue;
    }
    adBreak.add(*c);
    picks.push_back({c, chooseCreative(*c, random)});
  }
  return picks;
}

void AdDecisioner::releaseCap(const AdCampaign& campaign, const std::string& viewer,
                              AdCounters::Clock::time_point now) {
  counters_.releaseCap(campaign, viewer, now);
}

void AdDecisioner::recordImpression(const AdCampaign& campaign, AdCounters::Clock::time_point now) {
  counters_.recordImpression(campaign, now);
}

}  // namespace interlude::scripting
