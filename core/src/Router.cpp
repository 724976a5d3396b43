#include "interlude/core/Router.h"

#include <algorithm>

#include "interlude/core/RequestPath.h"

namespace interlude::core {

void Router::mapExtension(const std::string& extension, HandlerPtr handler) {
  byExtension_.try_emplace(extension, std::move(handler));
}

void Router::mapPrefix(const std::string& prefix, HandlerPtr handler) {
  const bool known = std::any_of(byPrefix_.begin(), byPrefix_.end(),
                                 [&](const auto& entry) { return entry.first == prefix; });
  if (known) return;
  const auto at = std::find_if(byPrefix_.begin(), byPrefix_.end(), [&](const auto& entry) {
    return entry.first.size() < prefix.size();
  });
  byPrefix_.insert(at, {prefix, std::move(handler)});
}

const Handler& Router::route(std::string_view path) const {
  if (!byExtension_.empty()) {
    const auto it = byExtension_.find(extensionOf(path));
    if (it != byExtension_.end()) return *it->second;
  }
  for (const auto& [prefix, handler] : byPrefix_) {
    if (path.starts_with(prefix)) return *handler;
  }
  return *fallback_;
}

}  // namespace interlude::core
