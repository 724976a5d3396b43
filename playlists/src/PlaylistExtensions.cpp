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

void PlaylistExtensions::addEntryObserver(std::shared_ptr<const EntryObserver> observer) {
  observers_.push_back(std::move(observer));
}

void PlaylistExtensions::addFormat(const std::string& name,
                                   std::shared_ptr<const FormatRenderer> renderer) {
  if (!formats_.emplace(name, std::move(renderer)).second) {
    throw std::runtime_error("the playlist format " + name + " is registered twice");
  }
}

const FormatRenderer* PlaylistExtensions::format(const std::string& name) const {
  const auto it = formats_.find(name);
  return it == formats_.end() ? nullptr : it->second.get();
}

std::vector<std::string> PlaylistExtensions::formatNames() const {
  std::vector<std::string> names;
  for (const auto& [name, renderer] : formats_) names.push_back(name);
  return names;
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
