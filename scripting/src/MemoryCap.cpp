#include "interlude/scripting/MemoryCap.h"

#include <cstdlib>

namespace interlude::scripting {

void* MemoryCap::allocate(void* ud, void* block, std::size_t oldSize, std::size_t newSize) {
  auto& self = *static_cast<MemoryCap*>(ud);
  // Lua passes the block's type instead of a size when the block is null.
  const std::size_t held = block ? oldSize : 0;
  if (newSize == 0) {
    std::free(block);
    self.used_ -= held;
    return nullptr;
  }
  if (newSize > held && self.used_ - held + newSize > self.cap_) {
    self.refused_ = true;
    return nullptr;
  }
  void* grown = std::realloc(block, newSize);
  if (grown) self.used_ = self.used_ - held + newSize;
  return grown;
}

}  // namespace interlude::scripting
