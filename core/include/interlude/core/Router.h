#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "interlude/core/Handler.h"

namespace interlude::core {

// Picks a site's handler for a path: by extension first, then by the longest
// matching path prefix, then the site's default (static files).
class Router {
 public:
  using HandlerPtr = std::shared_ptr<const Handler>;

  void setFallback(HandlerPtr fallback) { fallback_ = std::move(fallback); }
  // Earlier mappings win over later ones for the same extension or prefix.
  void mapExtension(const std::string& extension, HandlerPtr handler);
  void mapPrefix(const std::string& prefix, HandlerPtr handler);

  const Handler& route(std::string_view path) const;
  const Handler& fallback() const { return *fallback_; }

 private:
  HandlerPtr fallback_;
  std::unordered_map<std::string, HandlerPtr> byExtension_;
  std::vector<std::pair<std::string, HandlerPtr>> byPrefix_;  // longest first
};

}  // namespace interlude::core
