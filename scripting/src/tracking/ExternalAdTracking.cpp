#include "ExternalAdTracking.h"

#include <algorithm>
#include <cstdio>

namespace interlude::scripting {
namespace {

constexpr char kMark = '~';
constexpr std::size_t kReferenceLength = 16;  // hex digits of the nonce

std::string_view referenceOf(std::string_view adId) {
  const auto mark = adId.rfind(kMark);
  if (mark == std::string_view::npos || adId.size() - mark - 1 != kReferenceLength) return {};
  const auto reference = adId.substr(mark + 1);
  const bool hex = std::all_of(reference.begin(), reference.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  return hex ? reference : std::string_view();
}

std::string keyOf(std::string_view reference) { return "xad:" + std::string(reference); }

bool firedOnRequest(const std::string& event) {
  return event == adEventName(AdEvent::Impression) || event == adEventName(AdEvent::Start);
}

}  // namespace

// Stored as lines "event url" (URLs have no spaces or line breaks: the VAST
// reader trims them, and HTTP cannot send them raw).
std::string ExternalAdTracking::keep(const std::string& adId,
                                     const std::vector<AdCreative::Tracking>& tracking,
                                     std::uint64_t nonce, std::chrono::seconds keepFor) {
  std::string lines;
  for (const auto& t : tracking) {
    if (firedOnRequest(t.event) && t.url.find_first_of(" \r\n") == std::string::npos) {
      lines += t.event + ' ' + t.url + '\n';
    }
  }
  if (lines.empty()) return adId;
  char reference[kReferenceLength + 1];
  std::snprintf(reference, sizeof reference, "%016llx", static_cast<unsigned long long>(nonce));
  store_.create(keyOf(reference), lines, keepFor);
  return adId + kMark + reference;
}

std::vector<std::string> ExternalAdTracking::urls(std::string_view adId, AdEvent event) {
  std::vector<std::string> out;
  const auto reference = referenceOf(adId);
  if (reference.empty()) return out;
  const auto lines = store_.get(keyOf(reference));
  if (!lines) return out;
  const auto name = adEventName(event);
  std::string_view rest = *lines;
  while (!rest.empty()) {
    const auto end = std::min(rest.find('\n'), rest.size());
    const auto line = rest.substr(0, end);
    rest.remove_prefix(std::min(end + 1, rest.size()));
    const auto space = line.find(' ');
    if (space != std::string_view::npos && line.substr(0, space) == name) {
      out.emplace_back(line.substr(space + 1));
    }
  }
  return out;
}

std::string_view ExternalAdTracking::withoutReference(std::string_view adId) {
  const auto reference = referenceOf(adId);
  return reference.empty() ? adId : adId.substr(0, adId.size() - kReferenceLength - 1);
}

}  // namespace interlude::scripting
