#include "AdsReport.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <set>
#include <sstream>

#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {
namespace {

Poco::JSON::Object events(const AdServices& services, const std::string& campaign,
                          const std::string& creative) {
  Poco::JSON::Object row;
  row.set("id", creative);
  for (const auto event : kAdEvents) {
    row.set(std::string(adEventName(event)), services.stats.events(campaign, creative, event));
  }
  return row;
}

Poco::JSON::Object slotRow(const AdServices& services, const std::string& slot) {
  const auto picks = services.stats.picks(slot);
  const auto filled = services.stats.filled(slot);
  Poco::JSON::Object row;
  row.set("slot", slot);
  row.set("picks", picks);
  row.set("filled", filled);
  row.set("fillRate", picks ? static_cast<double>(filled) / static_cast<double>(picks) : 0.0);
  return row;
}

}  // namespace

std::string adsReportJson(const AdServices& services) {
  Poco::JSON::Array campaigns;
  std::set<std::string> seen;
  std::set<std::string> slots;
  for (const auto& [site, settings] : services.deps.sites) {
    const auto catalog = services.catalog(site);
    if (!catalog) continue;
    for (const auto& campaign : catalog->campaigns()) {
      slots.insert(campaign.slots.begin(), campaign.slots.end());
      if (!seen.insert(campaign.id).second) continue;
      Poco::JSON::Array creatives;
      for (const auto& creative : campaign.creatives) {
        creatives.add(events(services, campaign.id, creative.id));
      }
      if (!campaign.vastUrl.empty()) creatives.add(events(services, campaign.id, "vast"));
      Poco::JSON::Object row;
      row.set("id", campaign.id);
      row.set("site", site);
      row.set("creatives", creatives);
      campaigns.add(row);
    }
  }
  for (auto& slot : services.stats.slotsPicked()) slots.insert(std::move(slot));
  Poco::JSON::Array slotRows;
  for (const auto& slot : slots) slotRows.add(slotRow(services, slot));
  Poco::JSON::Object body;
  body.set("campaigns", campaigns);
  body.set("slots", slotRows);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

}  // namespace interlude::scripting
