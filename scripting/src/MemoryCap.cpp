#include "interlude/scripting/MemoryCap.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace interlude::scripting {
namespace {

constexpr std::size_t classOf(std::size_t size) { return (size - 1) / MemoryCap::kGrain; }
constexpr std::size_t classSize(std::size_t index) { return (index + 1) * MemoryCap::kGrain; }

}  // namespace

MemoryCap::~MemoryCap() {
  for (auto* block : free_) {
    while (block) std::free(std::exchange(block, block->next));
  }
}

void* MemoryCap::take(std::size_t size) {
  if (size > kSmall) return std::malloc(size);
  const auto index = classOf(size);
  if (auto* block = free_[index]) {
    free_[index] = block->next;
    kept_ -= classSize(index);
    return block;
  }
  return std::malloc(classSize(index));
}

void MemoryCap::give(void* block, std::size_t size) {
  if (size > kSmall || kept_ + classSize(classOf(size)) > kMaxKept) {
    std::free(block);
    return;
  }
  const auto index = classOf(size);
  free_[index] = new (block) FreeBlock{free_[index]};
  kept_ += classSize(index);
}

// A block that stays in its class (or stays large) keeps its address.
void* MemoryCap::resize(void* block, std::size_t oldSize, std::size_t newSize) {
  if (oldSize > kSmall && newSize > kSmall) return std::realloc(block, newSize);
  if (oldSize <= kSmall && newSize <= kSmall && classOf(oldSize) == classOf(newSize)) return block;
  void* moved = take(newSize);
  if (!moved) return nullptr;
  std::memcpy(moved, block, std::min(oldSize, newSize));
  give(block, oldSize);
  return moved;
}

void* MemoryCap::allocate(void* ud, void* block, std::size_t oldSize, std::size_t newSize) {
  auto& self = *static_cast<MemoryCap*>(ud);
  // Lua passes the block's type instead of a size when the block is null.
  const std::size_t held = block ? oldSize : 0;
  if (newSize == 0) {
    if (block) self.give(block, oldSize);
    self.used_ -= held;
    return nullptr;
  }
  if (newSize > held && self.used_ - held + newSize > self.cap_) {
    self.refused_ = true;
    return nullptr;
  }
  void* grown = block ? self.resize(block, oldSize, newSize) : self.take(newSize);
  if (grown) self.used_ = self.used_ - held + newSize;
  return grown;
}

}  // namespace interlude::scripting
