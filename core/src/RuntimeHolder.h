#pragma once

#include <atomic>
#include <memory>

#include "interlude/core/Runtime.h"

namespace interlude::core {

// The current Runtime; a reload swaps it while requests keep their snapshot.
class RuntimeHolder {
 public:
  std::shared_ptr<const Runtime> current() const {
    return runtime_.load(std::memory_order_acquire);
  }
  void replace(std::shared_ptr<const Runtime> next) {
    runtime_.store(std::move(next), std::memory_order_release);
  }

 private:
  std::atomic<std::shared_ptr<const Runtime>> runtime_;
};

}  // namespace interlude::core
