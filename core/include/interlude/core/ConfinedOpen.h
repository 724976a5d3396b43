#pragma once

#include <string>
#include <string_view>

#include "interlude/core/FileDescriptor.h"

namespace interlude::core {

// A folder files are opened beneath, never outside: ".." and symlinks that lead
// out of it are refused by the kernel (openat2 RESOLVE_BENEATH), with a
// realpath() check where openat2 is missing.
class ConfinedRoot {
 public:
  explicit ConfinedRoot(const std::string& root);  // throws std::system_error

  // Opens `path` (relative to the root; a leading '/' is ignored) read-only.
  // Throws HttpError: 404 missing, 403 outside the root or not readable.
  FileDescriptor open(std::string_view path) const;

 private:
  std::string root_;
  FileDescriptor rootFd_;
};

}  // namespace interlude::core
