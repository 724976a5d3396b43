#include "interlude/scripting/AdEvent.h"

namespace interlude::scripting {
namespace {

// The byte count at which an event is reached, for an entry of `size` bytes.
std::uint64_t threshold(AdEvent event, std::uint64_t size) {
  switch (event) {
    case AdEvent::Impression:
    case AdEvent::Start:
      return 1;
    case AdEvent::FirstQuartile:
      return (size + 3) / 4;
    case AdEvent::Midpoint:
      return (size + 1) / 2;
    case AdEvent::ThirdQuartile:
      return (size * 3 + 3) / 4;
    case AdEvent::Complete:
      break;
  }
  return size;
}

}  // namespace

std::string_view adEventName(AdEvent event) {
  switch (event) {
    case AdEvent::Impression:
      return "impression";
    case AdEvent::Start:
      return "start";
    case AdEvent::FirstQuartile:
      return "firstQuartile";
    case AdEvent::Midpoint:
      return "midpoint";
    case AdEvent::ThirdQuartile:
      return "thirdQuartile";
    case AdEvent::Complete:
      break;
  }
  return "complete";
}

std::optional<AdEvent> parseAdEvent(std::string_view name) {
  for (const auto event : kAdEvents) {
    if (adEventName(event) == name) return event;
  }
  return std::nullopt;
}

std::vector<AdEvent> adEventsCrossed(std::uint64_t before, std::uint64_t after,
                                     std::uint64_t size) {
  std::vector<AdEvent> crossed;
  if (size == 0) return crossed;
  for (const auto event : kAdEvents) {
    const auto at = threshold(event, size);
    if (before < at && at <= after) crossed.push_back(event);
  }
  return crossed;
}

}  // namespace interlude::scripting
