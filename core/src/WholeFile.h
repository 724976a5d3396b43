#pragma once

#include <cstdint>
#include <string>

namespace interlude::core {

// The first `size` bytes of an open file, read with pread(2) (the file offset
// is left alone); throws HttpError 500 when the file is shorter.
std::string readWholeFile(int fd, std::uint64_t size);

}  // namespace interlude::core
