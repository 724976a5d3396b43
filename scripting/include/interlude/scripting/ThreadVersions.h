#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

#include "interlude/scripting/ThreadSlots.h"

namespace interlude::scripting {

// A value replaced now and then (a script version, an ad catalog) and read on
// every request. Each thread keeps the version it used last and takes it again
// without a lock or a reference count shared with other threads; a thread
// moves to a newer version at its first pin once none of its pins is alive.
// Past ThreadSlots::kSlots threads, a pin holds a reference of its own.
template <class T>
class ThreadVersions {
 public:
  // A version kept for as long as the pin lives.
  class Pin {
   public:
    Pin() = default;
    Pin(Pin&& other) noexcept { *this = std::move(other); }
    Pin& operator=(Pin&& other) noexcept {
      if (this != &other) {
        release();
        value_ = std::exchange(other.value_, nullptr);
        pins_ = std::exchange(other.pins_, nullptr);
        kept_ = std::exchange(other.kept_, nullptr);
        owned_ = std::move(other.owned_);
      }
      return *this;
    }
    ~Pin() { release(); }

    explicit operator bool() const { return value_ != nullptr; }
    T& operator*() const { return *value_; }
    T* operator->() const { return value_; }
    // A reference to the version, for keeping it beyond the pin.
    std::shared_ptr<T> shared() const { return kept_ ? *kept_ : owned_; }

   private:
    friend ThreadVersions;
    void release() {
      if (pins_) --*pins_;
      pins_ = nullptr;
    }

    T* value_ = nullptr;
    int* pins_ = nullptr;  // the thread's count, when its view keeps the version
    const std::shared_ptr<T>* kept_ = nullptr;  // the view's reference then
    std::shared_ptr<T> owned_;                  // else a reference of its own
  };

  explicit ThreadVersions(std::shared_ptr<T> first) : current_(std::move(first)) {}

  std::shared_ptr<T> current() const {
    const std::lock_guard lock(mutex_);
    return current_;
  }

  void replace(std::shared_ptr<T> next) {
    const std::lock_guard lock(mutex_);
    current_ = std::move(next);
    generation_.fetch_add(1, std::memory_order_release);
  }

  Pin pin() {
    Pin pin;
    auto* view = views_.mine();
    if (!view) {
      pin.owned_ = current();
      pin.value_ = pin.owned_.get();
      return pin;
    }
    if (view->pins == 0 && view->generation != generation_.load(std::memory_order_acquire)) {
      const std::lock_guard lock(mutex_);
      view->version = current_;
      view->generation = generation_.load(std::memory_order_relaxed);
    }
    ++view->pins;
    pin.pins_ = &view->pins;
    pin.kept_ = &view->version;
    pin.value_ = view->version.get();
    return pin;
  }

 private:
  struct View {
    std::uint64_t generation = 0;
    std::shared_ptr<T> version;
    int pins = 0;  // pins of this thread alive: the version is not replaced under them
  };

  mutable std::mutex mutex_;
  std::shared_ptr<T> current_;
  std::atomic<std::uint64_t> generation_{1};
  ThreadSlots<View> views_;
};

}  // namespace interlude::scripting
