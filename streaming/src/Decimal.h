#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace interlude::streaming {

// The whole of `text` as a decimal number of type T, or nothing (empty, a sign
// T does not take, another character, out of range). For protocol fields:
// BANDWIDTH, Bitrate, Content-Length, delta-seconds.
template <class T>
std::optional<T> parseDecimal(std::string_view text) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace interlude::streaming
