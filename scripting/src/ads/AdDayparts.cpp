#include "interlude/scripting/AdDayparts.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

#include "interlude/core/Text.h"

namespace interlude::scripting {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int dayIndex(std::string_view name) {
  const auto lower = core::toLower(name);
  const auto it = std::find(kDays.begin(), kDays.end(), lower);
  if (it == kDays.end()) {
    throw std::invalid_argument("unknown day \"" + std::string(name) +
                                "\" (expected mon, tue, wed, thu, fri, sat or sun)");
  }
  return static_cast<int>(it - kDays.begin());
}

// Days from `first` to `last` going forward, wrapping past Sunday.
unsigned dayRange(int first, int last) {
  unsigned days = 0;
  for (int d = first;; d = (d + 1) % 7) {
    days |= 1u << d;
    if (d == last) return days;
  }
}

int twoDigits(std::string_view text, std::size_t at) {
  if (text.size() < at + 2 || text[at] < '0' || text[at] > '9' || text[at + 1] < '0' ||
      text[at + 1] > '9') {
    throw std::invalid_argument("");
  }
  return (text[at] - '0') * 10 + (text[at + 1] - '0');
}

}  // namespace

unsigned AdDayparts::parseDays(const std::string& text) {
  unsigned days = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = std::min(text.find_first_of(", \t\r\n", at), text.size());
    const std::string_view token(text.data() + at, end - at);
    at = end + 1;
    if (token.empty()) continue;
    const auto dash = token.find('-');
    days |= dash == std::string_view::npos
                ? 1u << dayIndex(token)
                : dayRange(dayIndex(token.substr(0, dash)), dayIndex(token.substr(dash + 1)));
  }
  if (days == 0) throw std::invalid_argument("no day named");
  return days;
}

int AdDayparts::parseClock(const std::string& text) {
  try {
    if (text.size() != 5 || text[2] != ':') throw std::invalid_argument("");
    const int hours = twoDigits(text, 0);
    const int minutes = twoDigits(text, 3);
    if (minutes > 59 || hours * 60 + minutes > 24 * 60) throw std::invalid_argument("");
    return hours * 60 + minutes;
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("\"" + text + "\" is not a time of day from 00:00 to 24:00");
  }
}

int AdDayparts::parseOffset(const std::string& text) {
  if (text == "Z") return 0;
  try {
    if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') {
      throw std::invalid_argument("");
    }
    const int hours = twoDigits(text, 1);
    const int minutes = twoDigits(text, 4);
    if (hours > 14 || minutes > 59) throw std::invalid_argument("");
    return (text[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument("\"" + text + "\" is not an offset from UTC (Z, +01:00, -05:30)");
  }
}

void AdDayparts::add(unsigned days, int fromMinute, int toMinute) {
  parts_.push_back({days, fromMinute, toMinute});
}

bool AdDayparts::contains(Clock::time_point when) const {
  if (parts_.empty()) return true;
  using std::chrono::minutes;
  const auto local = std::chrono::floor<minutes>(when) + minutes(offsetMinutes_);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const int minute = static_cast<int>((local - day).count());
  // 1970-01-01 was a Thursday (3 with Monday 0).
  const auto weekday = static_cast<int>(((day.time_since_epoch().count() + 3) % 7 + 7) % 7);
  const unsigned today = 1u << weekday;
  const unsigned yesterday = 1u << ((weekday + 6) % 7);
  return std::any_of(parts_.begin(), parts_.end(), [&](const Part& p) {
    if (p.from <= p.to) return (p.days & today) && minute >= p.from && minute < p.to;
    return ((p.days & today) && minute >= p.from) || ((p.days & yesterday) && minute < p.to);
  });
}

}  // namespace interlude::scripting
