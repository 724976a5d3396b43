#include "RuleServices.h"

#include <algorithm>
#include <random>

#include "interlude/scripting/ExternalVast.h"
#include "tracking/ExternalAdTracking.h"

namespace interlude::scripting::rules {
namespace {

bool isAd(const playlists::ResolvedEntry& r) {
  return r.entry.kind == playlists::EntryKind::Ad && !r.entry.isPlaceholder();
}

// The catalog campaign an ad entry came from, if any.
const AdCampaign* campaignOf(const AdCatalog& catalog, const playlists::ResolvedEntry& r) {
  return isAd(r) ? catalog.campaignOf(r) : nullptr;
}

// The catalog campaigns of the ads in entries[first, last) and next to it on
// both sides.
std::vector<const AdCampaign*> campaignsAround(const AdCatalog& catalog,
                                               const EntryList::Refs& entries, std::size_t first,
                                               std::size_t last) {
  while (first > 0 && isAd(*entries[first - 1])) --first;
  while (last < entries.size() && isAd(*entries[last])) ++last;
  std::vector<const AdCampaign*> out;
  for (auto i = first; i < last; ++i) {
    if (const auto* c = campaignOf(catalog, *entries[i])) out.push_back(c);
  }
  return out;
}

bool shares(const AdCampaign& campaign, const std::vector<std::uint32_t>& taken) {
  return std::any_of(campaign.categoryIds.begin(), campaign.categoryIds.end(), [&](auto id) {
    return std::find(taken.begin(), taken.end(), id) != taken.end();
  });
}

}  // namespace

RuleServices::RuleServices(core::SessionStore& store, std::shared_ptr<AdCatalogCache> catalog,
                           std::string script, Poco::Logger& log,
                           std::shared_ptr<const AdStats> stats,
                           std::chrono::milliseconds externalTimeout,
                           std::shared_ptr<const core::HttpsTrust> trust)
    : store_(store),
      catalog_(std::move(catalog)),
      stats_(std::move(stats)),
      externalTimeout_(externalTimeout),
      trust_(std::move(trust)),
      decisioner_(store),
      script_(std::move(script)),
      log_(log),
      seed_((std::uint64_t{std::random_device()()} << 32) | std::random_device()()) {}

void RuleServices::pick(RuleCall& call) {
  if (!catalog_) return;
  auto& out = call.picked;
  const auto first = out.size();
  // One engine per thread: seeding one (312 words) per request cost more than the picks.
  thread_local AdRandom random(seed_ + picks_.fetch_add(1, std::memory_order_relaxed));
  catalogOf(call);
  const auto& catalog = call.catalog;
  call.preparePick(catalog->targeted());
  call.pick.now = call.now;
  for (const auto& picked : decisioner_.pick(*catalog, call.pick, random)) {
    if (picked.campaign->cap) call.capped.push_back(picked.campaign->id);
    if (!picked.creative) {
      if (const auto* ad =
              external(call, picked.campaign->vastUrl, picked.campaign->id + "/vast", random)) {
        out.push_back(ad);
      }
      continue;
    }
    out.push_back(&picked.creative->entry);
  }
  const auto* slot = catalog->slot(call.pick.slot);
  if (out.size() == first && slot && !slot->vastUrl.empty()) {
    if (const auto* ad = external(call, slot->vastUrl, "external/" + call.pick.slot, random)) {
      out.push_back(ad);
    }
  }
  if (stats_) stats_->recordPick(call.pick.slot, out.size() > first);
}

const playlists::ResolvedEntry* RuleServices::external(RuleCall& call, const std::string& url,
                                                       const std::string& adId, AdRandom& random) {
  const auto started = std::chrono::steady_clock::now();
  if (!call.externalDeadline) call.externalDeadline = started + externalTimeout_;
  if (started >= *call.externalDeadline) {
    log_.warning("external VAST " + url + ": skipped, the request's " +
                 std::to_string(externalTimeout_.count()) + " ms for external tags are spent");
    return nullptr;
  }
  ExternalVast::Options options;
  options.timeout = externalTimeout_;
  options.deadline = call.externalDeadline;
  options.trust = trust_.get();
  const auto fetched = ExternalVast::fetch(url, options, log_);
  call.waited += std::chrono::steady_clock::now() - started;
  if (!fetched) return nullptr;
  const auto& creative = fetched->creative;
  if (!playlists::isHttpUrl(creative.src)) {
    log_.warning("external VAST " + url + ": the MediaFile " + creative.src + " is not http(s)");
    return nullptr;
  }
  auto& ad = call.make();
  ad.entry.src = creative.src;
  ad.entry.kind = playlists::EntryKind::Ad;
  ad.entry.title = fetched->title.empty() ? adId : fetched->title;
  ad.entry.author = fetched->adSystem;
  if (creative.durationSeconds > 0) ad.entry.durationSeconds = creative.durationSeconds;
  ad.entry.permissions = {false, false, true};
  // Its entry is a redirect: impression and start are fired when it is requested.
  ad.entry.adId =
      ExternalAdTracking(store_).keep(adId, creative.tracking, random(), call.sessionLifetime);
  ad.entry.pos.file = script_;
  ad.local = false;
  ad.target = creative.src;
  return &ad;
}

void RuleServices::keepExclusive(RuleCall& call, std::size_t at) {
  if (!catalog_ || std::none_of(call.incoming.begin(), call.incoming.end(),
                                [](const auto* r) { return isAd(*r); })) {
    return;
  }
  const auto& catalog = catalogOf(call);
  std::vector<std::uint32_t> taken;  // category ids
  for (const auto* c : campaignsAround(catalog, call.list->refs(), at, at)) {
    taken.insert(taken.end(), c->categoryIds.begin(), c->categoryIds.end());
  }
  std::erase_if(call.incoming, [&](const playlists::ResolvedEntry* r) {
    const auto* campaign = campaignOf(catalog, *r);
    if (!campaign) return false;
    if (!shares(*campaign, taken)) {
      taken.insert(taken.end(), campaign->categoryIds.begin(), campaign->categoryIds.end());
      return false;
    }
    const auto it = std::find(call.capped.begin(), call.capped.end(), campaign->id);
    if (it != call.capped.end()) {
      call.capped.erase(it);
      decisioner_.releaseCap(*campaign, call.pick.viewer, call.pick.now);
    }
    return true;
  });
}

void RuleServices::giveBackCaps(RuleCall& call) {
  if (!catalog_ || call.capped.empty()) return;
  const auto& catalog = catalogOf(call);
  for (const auto& id : call.capped) {
    if (const auto* campaign = catalog.campaign(id)) {
      decisioner_.releaseCap(*campaign, call.pick.viewer, call.pick.now);
    }
  }
  call.capped.clear();
}

std::vector<std::string> RuleServices::breakCategories(RuleCall& call,
                                                       const EntryList::Refs& entries,
                                                       std::size_t at) {
  if (!catalog_) return {};
  std::vector<std::string> out;
  for (const auto* c : campaignsAround(catalogOf(call), entries, at, at + 1)) {
    out.insert(out.end(), c->categories.begin(), c->categories.end());
  }
  return out;
}

const AdCatalog& RuleServices::catalogOf(RuleCall& call) {
  if (!call.catalog) call.catalog = catalog_->hold();
  return *call.catalog;
}

void RuleServices::log(int line, const std::string& message) {
  const auto second = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  if (logSecond_.exchange(second) != second) logLines_ = 0;
  if (++logLines_ > kLogLinesPerSecond) {
    ++dropped_;
    return;
  }
  const int dropped = dropped_.exchange(0);
  std::string text = script_ + (line > 0 ? ":" + std::to_string(line) : "") + ": " + message;
  if (dropped > 0) text += " (" + std::to_string(dropped) + " earlier lines not logged)";
  log_.information(text);
}

}  // namespace interlude::scripting::rules
