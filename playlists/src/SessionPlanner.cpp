#include "interlude/playlists/SessionPlanner.h"

#include <charconv>
#include <mutex>

#include "interlude/playlists/SessionStarter.h"

namespace interlude::playlists {
namespace {

void addText(std::string& out, std::string_view text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

// Shortest round trip: equal texts, equal values.
template <class Number>
void addNumber(std::string& out, Number value) {
  char text[32];
  out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
  out += ',';
}

// Everything of a resolved playlist its plan depends on, with lengths before
// texts, so that two playlists give the same text only when their plans are equal.
std::string fingerprint(const ResolvedPlaylist& playlist) {
  const auto& head = playlist.head;
  std::string out;
  out.reserve(96 * (playlist.entries.size() + 1));
  addText(out, head.title);
  addText(out, head.author);
  addNumber(out, head.timeToLiveMinutes);
  addNumber(out, head.inactivityTimeoutSeconds);
  addNumber(out, head.maxClients);
  for (const auto& r : playlist.entries) {
    const auto& e = r.entry;
    addText(out, r.target);
    addNumber(out, r.firstRefs.size());
    for (const auto& ref : r.firstRefs) addText(out, ref);
    addText(out, e.title);
    addText(out, e.author);
    addText(out, e.adId);
    addNumber(out, (r.local ? 1 : 0) | (e.isPlaceholder() ? 2 : 0) |
                       (e.kind == EntryKind::Ad ? 4 : 0) | (e.permissions.canSeek ? 8 : 0) |
                       (e.permissions.canSkipForward ? 16 : 0) |
                       (e.permissions.canSkipBack ? 32 : 0));
    addNumber(out, e.durationSeconds.value_or(-1));
    addNumber(out, e.skipAfter ? e.skipAfter->value : -1);
    addNumber(out, e.skipAfter && e.skipAfter->unit == SkipAfter::Unit::Percent ? 1 : 0);
  }
  return out;
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
  auto playlist = expanded(path, asked, now);
  resolver_.applySteps(playlist, asked);
  // A playlist resolved per request (rules, remote entries) often comes out as
  // one resolved before: the plan made then serves, by what it was made from.
  const auto key = playlist.perRequest ? path + '\n' + fingerprint(playlist) : path;
  if (playlist.perRequest) {
    if (auto plan = kept(key, now)) return plan;
  }
  auto session = planSession(playlist, path, site, root_, mime, &sizes_);
  StoredPlan stored(session.planJson());
  auto plan = std::make_shared<const SessionPlan>(SessionPlan{
      std::move(session), playlist.head.title, playlist.head.author, std::move(stored)});
  keep(key, plan, now);
  return plan;
}

ResolvedPlaylist SessionPlanner::expanded(const std::string& path, const PlaylistRequest& request,
                                          Clock::time_point now) const {
  if (validity_.count() <= 0) return resolver_.expandPlaylist(request);
  {
    std::shared_lock lock(mutex_);
    const auto it = expansions_.find(path);
    if (it != expansions_.end() && now - it->second.madeAt < validity_) {
      return *it->second.playlist;
    }
  }
  auto playlist = resolver_.expandPlaylist(request);
  if (playlist.perRequest) return playlist;  // remote entries answer each time
  std::unique_lock lock(mutex_);
  if (expansions_.size() >= kMaxPlans) {
    std::erase_if(expansions_, [&](const auto& e) { return now - e.second.madeAt >= validity_; });
    if (expansions_.size() >= kMaxPlans) expansions_.clear();
  }
  expansions_[path] = {std::make_shared<const ResolvedPlaylist>(playlist), now};
  return playlist;
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
