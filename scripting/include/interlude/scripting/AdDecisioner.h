#pragma once

#include <memory>
#include <vector>

#include "interlude/core/SessionStore.h"
#include "interlude/scripting/AdCatalog.h"
#include "interlude/scripting/AdCounters.h"
#include "interlude/scripting/AdPickRequest.h"
#include "interlude/scripting/AdWeightedList.h"

namespace interlude::scripting {

// Chooses the ads of a break (ads.pick). A campaign is eligible when it serves the
// slot, `now` is in its flight and day-parts, the request matches its targeting,
// it is in one of the wanted categories (if any), it shares no category with an ad
// already in the break, is not in it yet, is under the viewer's cap and under its
// goal and pacing. Among eligible campaigns the choice is random by weight, then a
// creative among the campaign's is chosen evenly. The same seed, catalog and
// counters give the same picks.
//
// Draws by weight over the slot's campaigns (those of the wanted categories, from
// an index, when the request names some) and rejects ineligible draws, so a pick
// costs a few checks even in a large catalog; after as many failed draws as cost
// about a scan, it narrows the candidates to those eligible from the request
// alone, then to those under their counters too. Each stage draws among eligible
// campaigns in proportion to their weights.
class AdDecisioner {
 public:
  explicit AdDecisioner(core::SessionStore& store) : counters_(store) {}

  // Up to request.max picks, each counted toward the viewer's frequency cap.
  std::vector<AdPick> pick(const AdCatalog& catalog, const AdPickRequest& request,
                           AdRandom& random);

  // A pick of the campaign at `now` did not reach the viewer: its cap is given back.
  void releaseCap(const AdCampaign& campaign, const std::string& viewer,
                  AdCounters::Clock::time_point now);

  // An impression of the campaign was tracked: counts toward its goal.
  void recordImpression(const AdCampaign& campaign, AdCounters::Clock::time_point now);

 private:
  AdCounters counters_;
};

}  // namespace interlude::scripting
