#include "PlaylistEdits.h"

namespace interlude::scripting::rules {
namespace {

bool isContent(const playlists::ResolvedEntry& r) {
  return r.entry.kind == playlists::EntryKind::Content && !r.entry.isPlaceholder();
}

}  // namespace

double totalDuration(const EntryList& entries) {
  double total = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    total += entries[i].entry.durationSeconds.value_or(0);
  }
  return total;
}

double contentDuration(const EntryList& entries) {
  double total = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (isContent(entries[i])) total += entries[i].entry.durationSeconds.value_or(0);
  }
  return total;
}

std::size_t indexAtTime(const EntryList& entries, double seconds) {
  double start = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (!isContent(entries[i])) continue;
    if (start >= seconds) return i;
    start += entries[i].entry.durationSeconds.value_or(0);
  }
  return entries.size();
}

}  // namespace interlude::scripting::rules
