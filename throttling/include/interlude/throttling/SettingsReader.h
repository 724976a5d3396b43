#pragma once

#include <optional>

#include "interlude/core/Config.h"
#include "interlude/throttling/ThrottlePolicy.h"

namespace interlude::throttling {

inline constexpr const char* kThrottlingNamespace = "urn:interlude:throttling:1";

// Validates a scope's <throttling> section against throttling.xsd and reads it;
// nullopt when the scope has none. A section without rules gets the default
// media rules. Throws core::InputError with every problem as file:line:col.
std::optional<ThrottleSettings> readThrottleSettings(
    const std::vector<core::ConfigSection>& sections);

}  // namespace interlude::throttling
