#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace interlude::scripting {

// The hours of the week a campaign runs, in UTC or at a fixed offset from it. A
// part holds on its days from `from` (included) to `to` (excluded), minutes after
// midnight; `to` before `from` runs past midnight into the next day, still counted
// as the part's day. No part: always.
class AdDayparts {
 public:
  using Clock = std::chrono::system_clock;

  // Parsers of the catalog's notation; each throws std::invalid_argument.
  static unsigned parseDays(const std::string& text);  // "mon-fri", "sat,sun": bit 0 = Monday
  static int parseClock(const std::string& text);      // "18:30" -> 1110
  static int parseOffset(const std::string& text);     // "Z", "+01:00" -> minutes

  explicit AdDayparts(int offsetMinutes = 0) : offsetMinutes_(offsetMinutes) {}
  void add(unsigned days, int fromMinute, int toMinute);

  bool contains(Clock::time_point when) const;

 private:
  struct Part {
    unsigned days;  // bit 0 = Monday
    int from;
    int to;
  };
  int offsetMinutes_;
  std::vector<Part> parts_;
};

}  // namespace interlude::scripting
