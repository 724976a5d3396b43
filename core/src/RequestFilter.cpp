#include "interlude/core/RequestFilter.h"

#include <algorithm>
#include <cctype>

#include "interlude/core/Text.h"

namespace interlude::core {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& e) { return equalsIgnoreCase(e, item); });
}

}  // namespace

std::optional<Rejection> checkLimits(const Limits& limits, std::string_view target,
                                     const Poco::Net::NameValueCollection& headers,
                                     std::int64_t contentLength) {
  if (limits.maxUrlBytes && target.size() > *limits.maxUrlBytes) {
    return Rejection{414, "URL longer than maxUrlBytes=" + std::to_string(*limits.maxUrlBytes)};
  }
  if (limits.maxHeaders && headers.size() > *limits.maxHeaders) {
    return Rejection{431,
                     "more header fields than maxHeaders=" + std::to_string(*limits.maxHeaders)};
  }
  if (limits.maxHeaderBytes) {
    std::uint64_t bytes = 0;
    for (const auto& [name, value] : headers) bytes += name.size() + value.size() + 4;
    if (bytes > *limits.maxHeaderBytes) {
      return Rejection{
          431, "headers larger than maxHeaderBytes=" + std::to_string(*limits.maxHeaderBytes)};
    }
  }
  if (limits.maxBodyBytes && contentLength > 0 &&
      static_cast<std::uint64_t>(contentLength) > *limits.maxBodyBytes) {
    return Rejection{413, "body larger than maxBodyBytes=" + std::to_string(*limits.maxBodyBytes)};
  }
  return std::nullopt;
}

std::optional<Rejection> checkFilters(const FilterRules& rules, const RequestPath& path) {
  const auto extension = extensionOf(path.path);
  if (!extension.empty() && contains(rules.denyExtensions, extension)) {
    return Rejection{404, "denied extension " + extension};
  }
  std::string_view rest = path.path;
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the '/'
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    if (!segment.empty() && contains(rules.denySegments, segment)) {
      return Rejection{404, "denied segment " + std::string(segment)};
    }
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash);
  }
  return std::nullopt;
}

}  // namespace interlude::core
