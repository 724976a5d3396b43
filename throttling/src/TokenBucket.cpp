#include "interlude/throttling/TokenBucket.h"

#include <algorithm>
#include <cmath>

namespace interlude::throttling {

std::uint64_t TokenBucket::available(Clock::time_point now) {
  if (now > last_) {
    const double seconds = std::chrono::duration<double>(now - last_).count();
    // An unspent burst stays whole; refills stop at the capacity.
    tokens_ = std::min(tokens_ + rate_ * seconds, std::max(tokens_, capacity_));
    last_ = now;
  }
  return tokens_ > 0 ? static_cast<std::uint64_t>(std::floor(tokens_)) : 0;
}

TokenBucket::Clock::time_point TokenBucket::whenAvailable(std::uint64_t bytes,
                                                          Clock::time_point now) const {
  const double missing = static_cast<double>(bytes) - tokens_;
  if (missing <= 0 || rate_ <= 0) return now;
  const auto wait = std::chrono::duration<double>(missing / rate_);
  return last_ + std::chrono::duration_cast<Clock::duration>(wait) + Clock::duration(1);
}

}  // namespace interlude::throttling
