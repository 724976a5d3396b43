#include "interlude/playlists/Resolution.h"

namespace interlude::playlists {

Resolution::Resolution(std::shared_ptr<const ExpandedPlaylist> expansion, bool shared)
    : expansion_(std::move(expansion)), head_(&expansion_->head), shared_(shared) {
  entries.reserve(expansion_->entries.size() + 8);  // room for a few ads without growing
  for (const auto& entry : expansion_->entries) entries.push_back(&entry);
  perRequest = expansion_->perRequest;
}

Playlist& Resolution::changeHead() {
  if (!changedHead_) {
    changedHead_ = std::make_unique<Playlist>(*head_);
    head_ = changedHead_.get();
  }
  return *changedHead_;
}

const ResolvedEntry* Resolution::make(ResolvedEntry entry) {
  return made_.emplace_back(std::make_unique<ResolvedEntry>(std::move(entry))).get();
}

void Resolution::adopt(std::vector<std::unique_ptr<ResolvedEntry>>& made) {
  made_.insert(made_.end(), std::make_move_iterator(made.begin()),
               std::make_move_iterator(made.end()));
  made.clear();
}

void Resolution::keep(std::shared_ptr<const void> owner) {
  for (const auto& kept : owners_) {
    if (kept == owner) return;
  }
  owners_.push_back(std::move(owner));
}

bool Resolution::identifiedByAddresses() const { return shared_ && made_.empty() && !changedHead_; }

}  // namespace interlude::playlists
