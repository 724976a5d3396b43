#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace interlude::scripting {

// The events of a linear ad Interlude tracks, in playback order.
enum class AdEvent { Impression, Start, FirstQuartile, Midpoint, ThirdQuartile, Complete };

inline constexpr std::array<AdEvent, 6> kAdEvents = {AdEvent::Impression,    AdEvent::Start,
                                                     AdEvent::FirstQuartile, AdEvent::Midpoint,
                                                     AdEvent::ThirdQuartile, AdEvent::Complete};

std::string_view adEventName(AdEvent event);  // as in VAST: "firstQuartile"...
std::optional<AdEvent> parseAdEvent(std::string_view name);

// The events whose byte thresholds a delivery going from `before` to `after`
// contiguous bytes of an entry of `size` bytes crossed: impression and start at
// the first byte, the quartiles at 25, 50 and 75% of the size, complete at the
// last byte. Nothing for an entry of unknown (0) size.
std::vector<AdEvent> adEventsCrossed(std::uint64_t before, std::uint64_t after, std::uint64_t size);

}  // namespace interlude::scripting
