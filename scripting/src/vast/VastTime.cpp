#include "interlude/scripting/VastTime.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace interlude::scripting {

std::string vastTime(double seconds) {
  const auto millis = static_cast<std::int64_t>(std::llround(std::max(seconds, 0.0) * 1000));
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld",
                static_cast<long long>(millis / 3600000),
                static_cast<long long>(millis / 60000 % 60),
                static_cast<long long>(millis / 1000 % 60), static_cast<long long>(millis % 1000));
  return text;
}

std::optional<double> parseVastTime(std::string_view text) {
  unsigned parts[3] = {0, 0, 0};
  const char* at = text.data();
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    const auto [next, error] = std::from_chars(at, end, parts[i]);
    if (error != std::errc{} || next == at) return std::nullopt;
    at = next;
    if (i < 2) {
      if (at == end || *at != ':') return std::nullopt;
      ++at;
    }
  }
  if (parts[1] > 59 || parts[2] > 59) return std::nullopt;
  double fraction = 0;
  if (at != end) {
    if (*at != '.' || end - at < 2) return std::nullopt;
    double scale = 0.1;
    for (++at; at != end; ++at, scale /= 10) {
      if (*at < '0' || *at > '9') return std::nullopt;
      fraction += (*at - '0') * scale;
    }
  }
  return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2] + fraction;
}

}  // namespace interlude::scripting
