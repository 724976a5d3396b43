#include "points/PointControls.h"

namespace interlude::streaming::points {

std::pair<std::shared_ptr<PointControl>, bool> PointControls::of(const std::string& name) {
  std::lock_guard lock(mutex_);
  auto& control = byName_[name];
  if (control) return {control, false};
  control = std::make_shared<PointControl>(PointState::Stopped);
  return {control, true};
}

}  // namespace interlude::streaming::points
