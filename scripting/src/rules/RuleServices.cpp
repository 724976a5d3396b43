#include "RuleServices.h"

#include <random>

namespace interlude::scripting::rules {

RuleServices::RuleServices(core::SessionStore& store, std::shared_ptr<AdCatalogCache> catalog,
                           std::string script, Poco::Logger& log)
    : store_(store),
      catalog_(std::move(catalog)),
      decisioner_(store),
      script_(std::move(script)),
      log_(log),
      seed_((std::uint64_t{std::random_device()()} << 32) | std::random_device()()) {}

std::vector<playlists::ResolvedEntry> RuleServices::pick(RuleCall& call) {
  std::vector<playlists::ResolvedEntry> out;
  if (!catalog_) return out;
  if (!call.random) call.random.emplace(seed_ + picks_.fetch_add(1, std::memory_order_relaxed));
  call.preparePick();
  call.pick.now = std::chrono::system_clock::now();
  for (const auto& picked : decisioner_.pick(catalog_->current(), call.pick, *call.random)) {
    if (!picked.creative) continue;
    const auto& creative = *picked.creative;
    playlists::ResolvedEntry ad;
    ad.entry.src = creative.src;
    ad.entry.kind = playlists::EntryKind::Ad;
    ad.entry.title = creative.id;
    ad.entry.author = picked.campaign->id;
    if (creative.durationSeconds > 0) ad.entry.durationSeconds = creative.durationSeconds;
    ad.entry.permissions = {false, false, true};
    ad.entry.adId = picked.campaign->id + "/" + creative.id;
    ad.entry.pos.file = script_;
    ad.local = !(creative.src.starts_with("http://") || creative.src.starts_with("https://"));
    ad.target = creative.src;
    if (ad.local && !playlists::joinUrlPath("/", creative.src, ad.target)) continue;
    out.push_back(std::move(ad));
  }
  return out;
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
