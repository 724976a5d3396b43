#pragma once

#include <optional>

#include "cache/EdgeCacheImpl.h"

namespace interlude::streaming::cache {

class CacheFill::Impl {
 public:
  Impl(std::shared_ptr<EdgeCache::Impl> cache, std::string key);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  bool begin(int status, const HeaderList& headers);
  bool write(std::string_view bytes);
  void commit();

 private:
  enum class State { Idle, Writing, Over };
  // Drops the temp file and releases the waiters; a not storable object is remembered.
  void giveUp(bool notStorable);

  std::shared_ptr<EdgeCache::Impl> cache_;
  std::string key_;
  State state_ = State::Idle;
  core::FileDescriptor file_;
  std::string tempPath_;
  EntryHead head_;
  std::uint64_t headBytes_ = 0;
  std::uint64_t bodyBytes_ = 0;
  std::optional<std::uint64_t> contentLength_;
};

}  // namespace interlude::streaming::cache
