#pragma once

#include <array>
#include <cstddef>

namespace interlude::scripting {

// The allocator of one lua_State: counts the bytes the state holds and refuses
// (returns null, which Lua turns into a memory error) any growth past the cap.
// Redis's Lua has no such cap; a rule that builds an endless table must not be
// able to take the server's memory.
//
// Small blocks (kSmall bytes or less, in classes of kGrain) that Lua frees are
// kept on the state's own free lists, up to kMaxKept bytes, and given to its
// next allocations of their class: a rule call makes and drops tens of small
// tables and strings, and the lists serve them from memory the thread touched
// last instead of from malloc. A state is used by one thread at a time, so
// the lists need no lock. Kept blocks do not count as held.
class MemoryCap {
 public:
  static constexpr std::size_t kGrain = 16;
  static constexpr std::size_t kSmall = 256;
  static constexpr std::size_t kMaxKept = 256 * 1024;

  explicit MemoryCap(std::size_t capBytes) : cap_(capBytes) {}
  ~MemoryCap();
  MemoryCap(const MemoryCap&) = delete;
  MemoryCap& operator=(const MemoryCap&) = delete;

  // A lua_Alloc; `ud` is the MemoryCap.
  static void* allocate(void* ud, void* block, std::size_t oldSize, std::size_t newSize);

  std::size_t used() const { return used_; }
  std::size_t cap() const { return cap_; }
  // Bytes of freed small blocks kept for reuse.
  std::size_t kept() const { return kept_; }
  // True once an allocation was refused; cleared by resetRefused().
  bool refused() const { return refused_; }
  void resetRefused() { refused_ = false; }

 private:
  struct FreeBlock {
    FreeBlock* next;
  };
  static constexpr std::size_t kClasses = kSmall / kGrain;

  // A block of `size` bytes: small ones from their class's list or made at the
  // class's size, larger ones from malloc. Null when malloc fails.
  void* take(std::size_t size);
  // Gives back a block of `size` bytes that take() gave.
  void give(void* block, std::size_t size);
  void* resize(void* block, std::size_t oldSize, std::size_t newSize);

  std::size_t cap_;
  std::size_t used_ = 0;
  std::size_t kept_ = 0;
  bool refused_ = false;
  std::array<FreeBlock*, kClasses> free_{};  // by class: sizes (i * kGrain, (i + 1) * kGrain]
};

}  // namespace interlude::scripting
