#include "interlude/playlists/PlaylistExtensions.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "interlude/core/Text.h"
#include "interlude/playlists/IsxParser.h"

namespace interlude::playlists {

void PlaylistExtensions::addProvider(const std::string& extension, PlaylistProvider provider) {
  const std::string key = core::toLower(extension);
  if (!providers_.emplace(key, std::move(provider)).second) {
    throw std::runtime_error("a playlist provider for " + key + " is registered twice");
  }
}

void PlaylistExtensions::addStep(std::shared_ptr<const ResolverStep> step) {
  steps_.push_back(std::move(step));
}

std::shared_ptr<PlaylistExtensions> withBuiltinProviders() {
  auto extensions = std::make_shared<PlaylistExtensions>();
  extensions->addProvider(".isx", [](const std::string& file) { return parseIsxFile(file); });
  return extensions;
}

const PlaylistProvider* PlaylistExtensions::provider(const std::string& extension) const {
  const auto it = providers_.find(extension);
  return it == providers_.end() ? nullptr : &it->second;
}

}  // namespace interlude::playlists
