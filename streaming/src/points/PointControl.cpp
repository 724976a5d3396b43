#include "points/PointControl.h"

namespace interlude::streaming::points {

PointState PointControl::start(const std::function<void()>& begin) {
  std::lock_guard lock(transition_);
  if (state() != PointState::Stopped) return state();
  state_.store(PointState::Starting, std::memory_order_release);
  try {
    begin();
  } catch (...) {
    state_.store(PointState::Stopped, std::memory_order_release);
    throw;
  }
  state_.store(PointState::Started, std::memory_order_release);
  return PointState::Started;
}

PointState PointControl::stop(const std::function<void()>& end) {
  std::lock_guard lock(transition_);
  if (state() != PointState::Started) return state();
  state_.store(PointState::Stopping, std::memory_order_release);
  end();
  state_.store(PointState::Stopped, std::memory_order_release);
  return PointState::Stopped;
}

}  // namespace interlude::streaming::points
