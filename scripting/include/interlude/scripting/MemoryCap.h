#pragma once

#include <cstddef>

namespace interlude::scripting {

// The allocator of one lua_State: counts the bytes the state holds and refuses
// (returns null, which Lua turns into a memory error) any growth past the cap.
// Redis's Lua has no such cap; a rule that builds an endless table must not be
// able to take the server's memory.
class MemoryCap {
 public:
  explicit MemoryCap(std::size_t capBytes) : cap_(capBytes) {}

  // A lua_Alloc; `ud` is the MemoryCap.
  static void* allocate(void* ud, void* block, std::size_t oldSize, std::size_t newSize);

  std::size_t used() const { return used_; }
  std::size_t cap() const { return cap_; }
  // True once an allocation was refused; cleared by resetRefused().
  bool refused() const { return refused_; }
  void resetRefused() { refused_ = false; }

 private:
  std::size_t cap_;
  std::size_t used_ = 0;
  bool refused_ = false;
};

}  // namespace interlude::scripting
