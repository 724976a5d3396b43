#pragma once

#include <atomic>
#include <functional>
#include <mutex>

#include "points/PointSettings.h"

namespace interlude::streaming::points {

// The state of one publishing point. It outlives configuration reloads (the
// plugin keeps it as a lasting service), so a point an operator stopped stays
// stopped when the config is reloaded.
class PointControl {
 public:
  explicit PointControl(PointState initial) : state_(initial) {}

  PointState state() const { return state_.load(std::memory_order_acquire); }

  // Stopped -> Starting -> Started, with `begin` run while Starting (joining a
  // multicast group...). When `begin` throws the point falls back to Stopped and
  // the exception goes on. A point not Stopped is left as it is. Returns the
  // state afterwards.
  PointState start(const std::function<void()>& begin);
  // Started -> Stopping -> Stopped, with `end` run while Stopping; `end` must not
  // throw. A point not Started is left as it is.
  PointState stop(const std::function<void()>& end);

 private:
  std::mutex transition_;  // one start or stop at a time
  std::atomic<PointState> state_;
};

}  // namespace interlude::streaming::points
