#include "interlude/playlists/SessionPlanner.h"

#include <mutex>

#include "interlude/playlists/SessionStarter.h"

namespace interlude::playlists {

SessionPlanner::SessionPlanner(const std::string& siteRoot, PlaylistCache& cache,
                               RemoteLookup lookup,
                               std::shared_ptr<const PlaylistExtensions> extensions,
                               std::chrono::milliseconds validity,
                               std::function<Clock::time_point()> now)
    : resolver_(siteRoot, cache, std::move(lookup), std::move(extensions)),
      root_(siteRoot),
      validity_(validity),
      now_(std::move(now)) {}

std::shared_ptr<const SessionPlan> SessionPlanner::plan(
    const std::string& path, const core::SiteConfig& site, const core::MimeTypes& mime,
    const std::function<PlaylistRequest()>& request) const {
  const auto now = now_();
  if (auto plan = kept(path, now)) return plan;
  const auto playlist = resolver_.resolve(request());
  auto session = planSession(playlist, path, site, root_, mime);
  StoredPlan stored(session.planJson());
  auto plan = std::make_shared<const SessionPlan>(SessionPlan{
      std::move(session), playlist.head.title, playlist.head.author, std::move(stored)});
  if (!playlist.perRequest) keep(path, plan, now);
  return plan;
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
  if (plans_.size() >= kMaxPlans) {
    std::erase_if(plans_, [&](const auto& p) { return now - p.second.madeAt >= validity_; });
    if (plans_.size() >= kMaxPlans) plans_.clear();  // all fresh: start over
  }
  plans_[path] = {std::move(plan), now};
}

}  // namespace interlude::playlists
