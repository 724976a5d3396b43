#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>

namespace interlude::scripting {

// A value per thread, for threads that come back to one object (a server's
// workers): slot i belongs to the first thread that claimed it, and only that
// thread touches the value, so no lock guards it. Each slot has a cache line
// of its own: what one thread writes in its slot never moves another thread's
// data between cores. Past kSlots threads, mine() is null.
template <class Value>
class ThreadSlots {
 public:
  static constexpr std::size_t kSlots = 64;

  // The calling thread's value, claiming a slot the first time.
  Value* mine() {
    const auto me = std::this_thread::get_id();
    const auto start = std::hash<std::thread::id>{}(me);
    // A thread's slot is the first in its probe order that it owns or that was
    // free when it came: slots are never given up, so it stays the first.
    for (std::size_t i = 0; i < kSlots; ++i) {
      auto& slot = slots_[(start + i) % kSlots];
      auto owner = slot.owner.load(std::memory_order_acquire);
      if (owner == me) return &slot.value;
      if (owner == std::thread::id() &&
          slot.owner.compare_exchange_strong(owner, me, std::memory_order_acq_rel)) {
        return &slot.value;
      }
    }
    return nullptr;
  }

 private:
  struct alignas(64) Slot {
    std::atomic<std::thread::id> owner{};
    Value value{};
  };
  std::array<Slot, kSlots> slots_;
};

}  // namespace interlude::scripting
