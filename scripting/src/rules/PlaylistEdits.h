#pragma once

#include <cstddef>

#include "EntryList.h"

namespace interlude::scripting::rules {

// Content time: the playing time of the content entries before a point, ads
// left out (an entry of unknown duration counts as 0 s), so inserting ads does
// not move the times of the content.

// Known durations of all entries, ads included.
double totalDuration(const EntryList& entries);
// Known durations of the content entries.
double contentDuration(const EntryList& entries);
// Where entries for content time `seconds` go (0-based): before the first
// content entry starting at or after it, after the ads already there; the end
// when no content starts that late.
std::size_t indexAtTime(const EntryList& entries, double seconds);

}  // namespace interlude::scripting::rules
