#include "IsxValues.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace interlude::playlists::isx {
namespace {

std::string quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

// SMIL ignores white space around clock values.
std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// digits, optionally followed by a dot and digits: no sign, exponent, inf or nan.
std::optional<double> decimal(std::string_view text) {
  const auto dot = text.find('.');
  if (!allDigits(text.substr(0, dot))) return std::nullopt;
  if (dot != std::string_view::npos && !allDigits(text.substr(dot + 1))) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Timecount-value: 90, 1.5min, 2h, 30s, 250ms.
std::optional<double> timecount(std::string_view text) {
  struct Metric {
    std::string_view suffix;
    double seconds;
  };
  static constexpr Metric kMetrics[] = {{"ms", 0.001}, {"min", 60}, {"h", 3600}, {"s", 1}};
  double scale = 1;
  for (const auto& metric : kMetrics) {
    if (text.ends_with(metric.suffix)) {
      text.remove_suffix(metric.suffix.size());
      scale = metric.seconds;
      break;
    }
  }
  const auto number = decimal(text);
  return number ? std::optional(*number * scale) : std::nullopt;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (auto at = text.find(separator); at != std::string_view::npos; at = text.find(separator)) {
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

// Minutes, and the whole seconds of a clock value: two digits, below 60.
bool isSexagesimal(std::string_view text) {
  return text.size() == 2 && allDigits(text) && text[0] < '6';
}

// Full-clock-value HH:MM:SS(.f) and partial-clock-value MM:SS(.f).
std::optional<double> clockTime(std::string_view text) {
  const auto parts = split(text, ':');
  if (parts.size() > 3) return std::nullopt;
  const auto seconds = parts.back();
  const auto minutes = parts[parts.size() - 2];
  const auto hours = parts.size() == 3 ? parts.front() : std::string_view("0");
  if (!allDigits(hours) || !isSexagesimal(minutes) || !isSexagesimal(seconds.substr(0, 2)) ||
      (seconds.size() > 2 && seconds[2] != '.')) {
    return std::nullopt;
  }
  const auto s = decimal(seconds);
  const auto m = decimal(minutes);
  const auto h = decimal(hours);
  if (!s || !m || !h) return std::nullopt;
  return *h * 3600 + *m * 60 + *s;
}

}  // namespace

double parseClockValue(std::string_view text) {
  const auto value = trimmed(text);
  const auto seconds =
      value.find(':') == std::string_view::npos ? timecount(value) : clockTime(value);
  if (!seconds) {
    throw std::invalid_argument(quoted(text) +
                                " is not a clock value (like 30s, 1.5min, 00:01:30 or 90)");
  }
  return *seconds;
}

bool parseFlag(std::string_view text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw std::invalid_argument(quoted(text) + " is not true or false");
}

SkipAfter parseSkipAfter(std::string_view text) {
  if (!text.ends_with('%')) {
    try {
      return {SkipAfter::Unit::Seconds, parseClockValue(text)};
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument(quoted(text) +
                                  " is neither a percentage (50%) nor a time (10, 10s, 1min)");
    }
  }
  const auto percent = decimal(text.substr(0, text.size() - 1));
  if (!percent || *percent > 100) {
    throw std::invalid_argument(quoted(text) + " is not a percentage from 0% to 100%");
  }
  return {SkipAfter::Unit::Percent, *percent};
}

int parseWholeNumber(std::string_view text, int minimum) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!allDigits(text) || ec != std::errc() || end != text.data() + text.size() ||
      value < minimum) {
    throw std::invalid_argument(quoted(text) + " is not a whole number from " +
                                std::to_string(minimum) + " to " +
                                std::to_string(std::numeric_limits<int>::max()));
  }
  return value;
}

}  // namespace interlude::playlists::isx
