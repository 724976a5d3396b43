#include "DeliveriesInProgress.h"

namespace interlude::playlists {

DeliveriesInProgress::Guard::Guard(DeliveriesInProgress& owner, std::string session,
                                   std::size_t entry)
    : owner_(owner), key_(std::move(session), entry) {
  std::lock_guard lock(owner_.mutex_);
  ++owner_.running_[key_];
}

DeliveriesInProgress::Guard::~Guard() {
  {
    std::lock_guard lock(owner_.mutex_);
    if (--owner_.running_[key_] == 0) owner_.running_.erase(key_);
  }
  owner_.finished_.notify_all();
}

bool DeliveriesInProgress::waitFor(const std::string& session, std::size_t entry,
                                   std::chrono::milliseconds timeout) {
  const auto key = std::make_pair(session, entry);
  std::unique_lock lock(mutex_);
  return finished_.wait_for(lock, timeout, [&] { return !running_.contains(key); });
}

}  // namespace interlude::playlists
