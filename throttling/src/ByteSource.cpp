#include "interlude/throttling/ByteSource.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace interlude::throttling {

std::vector<std::uint8_t> ByteSource::read(std::uint64_t offset, std::size_t count) {
  if (offset >= size()) return {};
  count = static_cast<std::size_t>(std::min<std::uint64_t>(count, size() - offset));
  if (used_ + count > budget_) {
    throw SniffError("needs more than " + std::to_string(budget_ >> 10) +
                     " KiB of headers and indexes");
  }
  used_ += count;
  std::vector<std::uint8_t> bytes(count);
  bytes.resize(readAt(offset, bytes));
  return bytes;
}

std::vector<std::uint8_t> ByteSource::readExactly(std::uint64_t offset, std::size_t count) {
  auto bytes = read(offset, count);
  if (bytes.size() != count) {
    throw SniffError("truncated: " + std::to_string(count) + " bytes expected at offset " +
                     std::to_string(offset));
  }
  return bytes;
}

std::size_t FileByteSource::readAt(std::uint64_t offset, std::span<std::uint8_t> into) const {
  std::size_t done = 0;
  while (done < into.size()) {
    const auto n =
        ::pread(fd_, into.data() + done, into.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SniffError(std::string("read failed: ") + std::strerror(errno));
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  return done;
}

std::size_t MemoryByteSource::readAt(std::uint64_t offset, std::span<std::uint8_t> into) const {
  const auto n = std::min<std::uint64_t>(into.size(), bytes_.size() - offset);
  std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(offset), n, into.begin());
  return static_cast<std::size_t>(n);
}

}  // namespace interlude::throttling
