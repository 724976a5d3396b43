#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "points/PointControl.h"

namespace interlude::streaming::points {

// Every point's control by name, kept across configuration reloads.
class PointControls {
 public:
  static constexpr const char* kServiceName = "streaming.points";

  // The control of `name`, and whether it is new (then Stopped: the caller
  // starts it when the config says so).
  std::pair<std::shared_ptr<PointControl>, bool> of(const std::string& name);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<PointControl>> byName_;
};

}  // namespace interlude::streaming::points
