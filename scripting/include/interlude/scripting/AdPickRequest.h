#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "interlude/scripting/AdCampaign.h"
#include "interlude/scripting/AdContext.h"

namespace interlude::scripting {

// What ads.pick is asked: ads for one slot of one viewer's break.
struct AdPickRequest {
  std::string slot;
  std::size_t max = 1;
  std::vector<std::string> categories;       // only campaigns in one of them; empty: any
  std::vector<std::string> breakCategories;  // of ads already in the break: excluded
  AdContext context;
  std::string viewer;  // frequency caps count per viewer; empty: capped campaigns are skipped
  std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
  // Campaigns of the catalog picked from that earlier picks of one caller (a
  // rule call) found over this viewer's cap: left out without a store call, and
  // those found now are added. Null: each pick finds them again.
  std::vector<const AdCampaign*>* overCap = nullptr;
};

// One ad of the break: pointers into the catalog picked from, valid while it is.
struct AdPick {
  const AdCampaign* campaign = nullptr;
  const AdCreative* creative = nullptr;  // null for a campaign with only a VAST tag
};

}  // namespace interlude::scripting
