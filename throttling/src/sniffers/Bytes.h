#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "interlude/throttling/ByteSource.h"

namespace interlude::throttling {

// Bounds-checked reads of fixed-size integers from a header buffer: a field
// beyond the buffer is a truncated file (SniffError), never an overread.
class Bytes {
 public:
  explicit Bytes(std::span<const std::uint8_t> data) : data_(data) {}

  std::size_t size() const { return data_.size(); }
  std::span<const std::uint8_t> span() const { return data_; }
  std::uint8_t u8(std::size_t at) const { return data_[check(at, 1)]; }
  std::uint64_t be(std::size_t at, std::size_t width) const {
    check(at, width);
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) value = (value << 8) | data_[at + i];
    return value;
  }
  std::uint64_t le(std::size_t at, std::size_t width) const {
    check(at, width);
    std::uint64_t value = 0;
    for (std::size_t i = width; i-- > 0;) value = (value << 8) | data_[at + i];
    return value;
  }
  std::uint16_t be16(std::size_t at) const { return static_cast<std::uint16_t>(be(at, 2)); }
  std::uint32_t be32(std::size_t at) const { return static_cast<std::uint32_t>(be(at, 4)); }
  std::uint64_t be64(std::size_t at) const { return be(at, 8); }
  std::uint16_t le16(std::size_t at) const { return static_cast<std::uint16_t>(le(at, 2)); }
  std::uint32_t le32(std::size_t at) const { return static_cast<std::uint32_t>(le(at, 4)); }
  std::uint64_t le64(std::size_t at) const { return le(at, 8); }
  std::string_view text(std::size_t at, std::size_t length) const {
    check(at, length);
    return {reinterpret_cast<const char*>(data_.data() + at), length};
  }
  bool startsWith(std::size_t at, std::string_view magic) const {
    return at + magic.size() <= data_.size() && text(at, magic.size()) == magic;
  }

 private:
  std::size_t check(std::size_t at, std::size_t width) const {
    if (at > data_.size() || width > data_.size() - at) {
      throw SniffError("truncated: field at byte " + std::to_string(at) + " past the data read");
    }
    return at;
  }

  std::span<const std::uint8_t> data_;
};

}  // namespace interlude::throttling
