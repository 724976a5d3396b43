#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace interlude::throttling {

// A hashed timing wheel: O(1) to schedule, O(due) to expire, for many
// connections that each wait for their next send. Timers fire at the first
// tick at or after their time. A timer cannot be cancelled: its owner ignores
// a wake it no longer needs.
class TimerWheel {
 public:
  using Clock = std::chrono::steady_clock;
  using Id = std::uint64_t;

  TimerWheel(Clock::duration tick, std::size_t slots, Clock::time_point start);

  void schedule(Id id, Clock::time_point when);
  // Appends the ids due at `now` to `due`.
  void expire(Clock::time_point now, std::vector<Id>& due);
  // How long until the next tick, or nullopt when no timer is pending.
  std::optional<Clock::duration> untilNextTick(Clock::time_point now) const;
  std::size_t pending() const { return pending_; }

 private:
  struct Timer {
    Id id;
    std::uint64_t rounds;  // full turns of the wheel left
  };

  Clock::duration tick_;
  std::vector<std::vector<Timer>> slots_;
  std::size_t current_ = 0;
  Clock::time_point currentTime_;  // the time of slot `current_`
  std::size_t pending_ = 0;
};

}  // namespace interlude::throttling
