#include "multicast/ChunkBacklog.h"

#include <algorithm>
#include <utility>

namespace interlude::streaming::multicast {

bool ChunkBacklog::push(Chunk chunk) {
  if (chunk->bytes.empty()) return true;
  if (bytes_ + chunk->bytes.size() > limit_) return false;
  bytes_ += chunk->bytes.size();
  chunks_.push_back(std::move(chunk));
  return true;
}

int ChunkBacklog::pending(iovec* vectors, int max) const {
  int count = 0;
  std::size_t skip = offset_;
  for (auto it = chunks_.begin(); it != chunks_.end() && count < max; ++it, ++count) {
    const auto& chunk = (*it)->bytes;
    // iovec wants a non-const pointer; writev only reads through it.
    vectors[count].iov_base = const_cast<char*>(chunk.data() + skip);
    vectors[count].iov_len = chunk.size() - skip;
    skip = 0;
  }
  return count;
}

void ChunkBacklog::consume(std::size_t count) {
  count = std::min(count, bytes_);
  bytes_ -= count;
  while (count > 0) {
    const auto left = chunks_.front()->bytes.size() - offset_;
    if (count < left) {
      offset_ += count;
      return;
    }
    count -= left;
    offset_ = 0;
    chunks_.pop_front();
  }
}

std::deque<Chunk> ChunkBacklog::takeAll() {
  bytes_ = 0;
  offset_ = 0;
  return std::exchange(chunks_, {});
}

}  // namespace interlude::streaming::multicast
