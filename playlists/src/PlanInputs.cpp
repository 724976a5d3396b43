#include "PlanInputs.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <tuple>

namespace interlude::playlists {
namespace {

// The one list of the fields a plan depends on: hash and equality both read it.
auto headFields(const Playlist& h) {
  return std::tie(h.title, h.author, h.timeToLiveMinutes, h.inactivityTimeoutSeconds, h.maxClients);
}

auto entryFields(const ResolvedEntry& r) {
  const auto& e = r.entry;
  return std::tie(r.target, r.firstRefs, r.local, e.kind, e.title, e.author, e.adId, e.adSlot,
                  e.permissions, e.durationSeconds, e.skipAfter);
}

void combine(std::size_t& seed, std::size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

struct Hasher {
  std::size_t seed = 0;

  void add(const std::string& text) { combine(seed, std::hash<std::string_view>{}(text)); }
  void add(const std::vector<std::string>& texts) {
    combine(seed, texts.size());
    for (const auto& t : texts) add(t);
  }
  void add(bool flag) { combine(seed, flag); }
  void add(int number) { combine(seed, std::hash<int>{}(number)); }
  void add(double number) { combine(seed, std::hash<double>{}(number)); }
  void add(EntryKind kind) { combine(seed, static_cast<std::size_t>(kind)); }
  void add(const Permissions& p) {
    combine(seed, (p.canSeek ? 1 : 0) | (p.canSkipForward ? 2 : 0) | (p.canSkipBack ? 4 : 0));
  }
  void add(const SkipAfter& s) {
    add(s.value);
    combine(seed, static_cast<std::size_t>(s.unit));
  }
  template <class T>
  void add(const std::optional<T>& value) {
    add(value.has_value());
    if (value) add(*value);
  }
  template <class... Fields>
  void addAll(const std::tuple<Fields...>& fields) {
    std::apply([this](const auto&... f) { (add(f), ...); }, fields);
  }
};

}  // namespace

std::size_t planInputsHash(const std::string& path, const Resolution& resolution) {
  Hasher hasher;
  hasher.add(path);
  combine(hasher.seed, resolution.entries.size());
  if (resolution.identifiedByAddresses()) {
    const std::hash<const void*> address;
    combine(hasher.seed, address(&resolution.head()));
    for (const auto* r : resolution.entries) combine(hasher.seed, address(r));
    return hasher.seed;
  }
  hasher.addAll(headFields(resolution.head()));
  for (const auto* r : resolution.entries) hasher.addAll(entryFields(*r));
  return hasher.seed;
}

bool samePlanInputs(const Resolution& a, const Resolution& b) {
  const auto& x = a.head();
  const auto& y = b.head();
  return (&x == &y || headFields(x) == headFields(y)) &&
         std::equal(a.entries.begin(), a.entries.end(), b.entries.begin(), b.entries.end(),
                    [](const ResolvedEntry* r, const ResolvedEntry* s) {
                      return r == s || entryFields(*r) == entryFields(*s);
                    });
}

}  // namespace interlude::playlists
