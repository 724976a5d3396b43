#include "interlude/playlists/SessionPlanner.h"

#include <mutex>

#include "PlanInputs.h"
#include "interlude/playlists/SessionStarter.h"

namespace interlude::playlists {
namespace {

// Room for one more kept item: the expired ones go, or all when none has.
template <class Map, class TimePoint, class Duration>
void makeRoom(Map& kept, TimePoint now, Duration validity) {
  if (kept.size() < SessionPlanner::kMaxPlans) return;
  std::erase_if(kept, [&](const auto& k) { return now - k.second.madeAt >= validity; });
  if (kept.size() >= SessionPlanner::kMaxPlans) kept.clear();  // all fresh: start over
}

}  // namespace

SessionPlanner::SessionPlanner(const std::string& siteRoot, PlaylistCache& cache,
                               RemoteLookup lookup,
                               std::shared_ptr<const PlaylistExtensions> extensions,
                               std::chrono::milliseconds validity,
                               std::function<Clock::time_point()> now)
    : resolver_(siteRoot, cache, std::move(lookup), std::move(extensions)),
      sizes_(validity, now),
      root_(siteRoot),
      validity_(validity),
      now_(std::move(now)) {}

std::shared_ptr<const SessionPlan> SessionPlanner::plan(
    const std::string& path, const core::SiteConfig& site, const core::MimeTypes& mime,
    const std::function<PlaylistRequest()>& request) const {
  const auto now = now_();
  if (auto plan = kept(path, now)) return plan;
  const auto asked = request();
  auto resolution = expanded(path, asked, now);
  resolver_.applySteps(resolution, asked);
  if (!resolution.perRequest) {
    auto plan = makePlan(resolution, path, site, mime);
    keep(path, plan, now);
    return plan;
  }
  // A playlist resolved per request (rules, remote entries) often comes out as
  // one resolved before: the plan made then serves, by what it was made from.
  const auto hash = planInputsHash(path, resolution);
  if (auto plan = keptResolution(path, hash, resolution, now)) return plan;
  auto plan = makePlan(resolution, path, site, mime);
  keepResolution(hash, {path, std::move(resolution), plan, now}, now);
  return plan;
}

std::shared_ptr<const SessionPlan> SessionPlanner::makePlan(const Resolution& resolution,
                                                            const std::string& path,
                                                            const core::SiteConfig& site,
                                                            const core::MimeTypes& mime) const {
  auto session = planSession(resolution, path, site, root_, mime, &sizes_);
  StoredPlan stored(session.planJson());
  const auto& head = resolution.head();
  return std::make_shared<const SessionPlan>(
      SessionPlan{std::move(session), head.title, head.author, std::move(stored)});
}

Resolution SessionPlanner::expanded(const std::string& path, const PlaylistRequest& request,
                                    Clock::time_point now) const {
  const auto fresh = [&] {
    return std::make_shared<const ExpandedPlaylist>(resolver_.expandPlaylist(request));
  };
  if (validity_.count() <= 0) return Resolution(fresh(), false);
  {
    std::shared_lock lock(mutex_);
    const auto it = expansions_.find(path);
    if (it != expansions_.end() && now - it->second.madeAt < validity_) {
      return Resolution(it->second.playlist, true);
    }
  }
  auto playlist = fresh();
  if (playlist->perRequest) return Resolution(std::move(playlist), false);  // remote entries
  std::unique_lock lock(mutex_);
  makeRoom(expansions_, now, validity_);
  expansions_[path] = {playlist, now};
  return Resolution(std::move(playlist), true);
}

std::shared_ptr<const SessionPlan> SessionPlanner::kept(const std::string& path,
                                                        Clock::time_point now) const {
  if (validity_.count() <= 0) return nullptr;
  std::shared_lock lock(mutex_);
  const auto it = plans_.find(path);
  if (it == plans_.end() || now - it->second.madeAt >= validity_) return nullptr;
  return it->second.plan;
}

void SessionPlanner::keep(const std::string& path, std::shared_ptr<const SessionPlan> plan,
                          Clock::time_point now) const {
  if (validity_.count() <= 0) return;
  std::unique_lock lock(mutex_);
  makeRoom(plans_, now, validity_);
  plans_[path] = {std::move(plan), now};
}

std::shared_ptr<const SessionPlan> SessionPlanner::keptResolution(const std::string& path,
                                                                  std::size_t hash,
                                                                  const Resolution& resolution,
                                                                  Clock::time_point now) const {
  if (validity_.count() <= 0) return nullptr;
  std::shared_lock lock(mutex_);
  const auto [first, last] = resolutions_.equal_range(hash);
  for (auto it = first; it != last; ++it) {
    const auto& kept = it->second;
    if (now - kept.madeAt < validity_ && kept.path == path &&
        samePlanInputs(kept.from, resolution)) {
      return kept.plan;
    }
  }
  return nullptr;
}

void SessionPlanner::keepResolution(std::size_t hash, KeptResolution kept,
                                    Clock::time_point now) const {
  if (validity_.count() <= 0) return;
  std::unique_lock lock(mutex_);
  if (now >= nextPrune_) {
    std::erase_if(resolutions_, [&](const auto& k) { return now - k.second.madeAt >= validity_; });
    nextPrune_ = now + validity_;
  }
  makeRoom(resolutions_, now, validity_);
  resolutions_.emplace(hash, std::move(kept));
}

}  // namespace interlude::playlists
