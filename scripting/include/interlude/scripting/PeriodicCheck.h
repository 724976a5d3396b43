#pragma once

#include <atomic>
#include <chrono>
#include <limits>

namespace interlude::scripting {

// A check made on the request path at most once a period and by one thread at
// a time (a file's stamp, read again when it changed): one atomic due time,
// claimed by a compare-exchange; the other callers go on at once.
template <class Clock>
class PeriodicCheck {
 public:
  PeriodicCheck(typename Clock::time_point now, typename Clock::duration period)
      : period_(period), due_((now + period).time_since_epoch().count()) {}

  // Runs `check` when a period has passed since the last one began and no
  // other thread is running it; the next is due a period after `now`.
  template <class Check>
  void runIfDue(typename Clock::time_point now, Check check) {
    const auto at = now.time_since_epoch().count();
    auto due = due_.load(std::memory_order_relaxed);
    if (at < due || !due_.compare_exchange_strong(due, kRunning, std::memory_order_acquire)) {
      return;
    }
    const struct Next {
      std::atomic<Rep>& due;
      Rep next;
      ~Next() { due.store(next, std::memory_order_release); }
    } next{due_, (now + period_).time_since_epoch().count()};
    check();
  }

 private:
  using Rep = typename Clock::rep;
  static constexpr Rep kRunning = std::numeric_limits<Rep>::max();  // never due

  const typename Clock::duration period_;
  std::atomic<Rep> due_;
};

}  // namespace interlude::scripting
