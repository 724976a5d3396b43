#pragma once

#include <chrono>
#include <cstdint>

namespace interlude::throttling {

// The pace of one body: `burst` bytes at once (the fast start), then `rate`
// bytes a second. Credit accrues continuously and is capped at `capacity`
// once the burst is spent, so a client that stalls cannot take more than
// `capacity` at once when it resumes.
class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  TokenBucket(double burst, double rate, double capacity, Clock::time_point now)
      : tokens_(burst), rate_(rate), capacity_(capacity), last_(now) {}

  // Whole bytes that may be sent at `now`.
  std::uint64_t available(Clock::time_point now);
  void consume(std::uint64_t bytes) { tokens_ -= static_cast<double>(bytes); }
  // When `bytes` will be available (now, if they already are).
  Clock::time_point whenAvailable(std::uint64_t bytes, Clock::time_point now) const;

 private:
  double tokens_;
  double rate_;
  double capacity_;
  Clock::time_point last_;
};

}  // namespace interlude::throttling
