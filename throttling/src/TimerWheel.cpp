#include "interlude/throttling/TimerWheel.h"

#include <algorithm>

namespace interlude::throttling {

TimerWheel::TimerWheel(Clock::duration tick, std::size_t slots, Clock::time_point start)
    : tick_(tick), slots_(slots), currentTime_(start) {}

void TimerWheel::schedule(Id id, Clock::time_point when) {
  const auto ahead = when > currentTime_ ? when - currentTime_ : Clock::duration::zero();
  // Ticks from the current slot, rounded up; at least the next tick.
  const auto ticks = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>((ahead + tick_ - Clock::duration(1)) / tick_));
  const auto size = slots_.size();
  slots_[(current_ + ticks) % size].push_back({id, (ticks - 1) / size});
  ++pending_;
}

void TimerWheel::expire(Clock::time_point now, std::vector<Id>& due) {
  while (currentTime_ + tick_ <= now) {
    current_ = (current_ + 1) % slots_.size();
    currentTime_ += tick_;
    auto& slot = slots_[current_];
    std::size_t kept = 0;
    for (auto& timer : slot) {
      if (timer.rounds == 0) {
        due.push_back(timer.id);
        --pending_;
      } else {
        --timer.rounds;
        slot[kept++] = timer;
      }
    }
    slot.resize(kept);
    if (pending_ == 0) {
      // Nothing waits: jump to now instead of walking empty slots.
      const auto idle = (now - currentTime_) / tick_;
      currentTime_ += idle * tick_;
    }
  }
}

std::optional<TimerWheel::Clock::duration> TimerWheel::untilNextTick(Clock::time_point now) const {
  if (pending_ == 0) return std::nullopt;
  const auto next = currentTime_ + tick_;
  return next > now ? next - now : Clock::duration::zero();
}

}  // namespace interlude::throttling
