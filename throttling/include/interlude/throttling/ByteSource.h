#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace interlude::throttling {

// Thrown when a sniffer asks for more than its read budget or for bytes past
// the end of the file: the file is then "unknown" with this reason.
class SniffError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Random access to a file's bytes with a budget: sniffers read headers and
// indexes only, never a whole file.
class ByteSource {
 public:
  static constexpr std::uint64_t kDefaultBudget = 512 << 10;

  explicit ByteSource(std::uint64_t budget = kDefaultBudget) : budget_(budget) {}
  virtual ~ByteSource() = default;

  virtual std::uint64_t size() const = 0;
  // Up to `count` bytes from `offset` (fewer at the end of the file). Throws
  // SniffError when the budget is spent.
  std::vector<std::uint8_t> read(std::uint64_t offset, std::size_t count);
  // Exactly `count` bytes or SniffError("truncated ...").
  std::vector<std::uint8_t> readExactly(std::uint64_t offset, std::size_t count);
  std::uint64_t bytesRead() const { return used_; }

 protected:
  virtual std::size_t readAt(std::uint64_t offset, std::span<std::uint8_t> into) const = 0;

 private:
  std::uint64_t budget_;
  std::uint64_t used_ = 0;
};

// An open file descriptor (not owned), read with pread(2).
class FileByteSource : public ByteSource {
 public:
  FileByteSource(int fd, std::uint64_t size, std::uint64_t budget = kDefaultBudget)
      : ByteSource(budget), fd_(fd), size_(size) {}
  std::uint64_t size() const override { return size_; }

 protected:
  std::size_t readAt(std::uint64_t offset, std::span<std::uint8_t> into) const override;

 private:
  int fd_;
  std::uint64_t size_;
};

// Bytes in memory (tests, fuzzing).
class MemoryByteSource : public ByteSource {
 public:
  explicit MemoryByteSource(std::span<const std::uint8_t> bytes,
                            std::uint64_t budget = kDefaultBudget)
      : ByteSource(budget), bytes_(bytes) {}
  std::uint64_t size() const override { return bytes_.size(); }

 protected:
  std::size_t readAt(std::uint64_t offset, std::span<std::uint8_t> into) const override;

 private:
  std::span<const std::uint8_t> bytes_;
};

}  // namespace interlude::throttling
