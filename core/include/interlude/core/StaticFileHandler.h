#pragma once

#include <Poco/Logger.h>

#include <memory>

#include "interlude/core/ConfinedOpen.h"
#include "interlude/core/Handler.h"
#include "interlude/core/OpenFileCache.h"
#include "interlude/core/Plugin.h"

namespace interlude::core {

// Serves files from the site root: confined to the root (symlinks leading out are
// refused), strong ETag and Last-Modified, conditional requests, one byte range,
// directory index files, small bodies from the open-file cache and large ones
// through sendfile(2).
class StaticFileHandler : public Handler {
 public:
  StaticFileHandler(const SiteConfig& site, const MimeTypes& mime, const ServerConfig& server);
  void handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
              Poco::Net::HTTPServerResponse& response) const override;

  // The name site mappings use for it, and the fallback of every site.
  static constexpr const char* kName = "static";

 private:
  std::shared_ptr<const OpenFile> open(const RequestContext& context,
                                       Poco::Net::HTTPServerResponse& response) const;
  // Hands the body to the site's pacer when it paces this one; false: send it now.
  bool sendPaced(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                 Poco::Net::HTTPServerResponse& response,
                 const std::shared_ptr<const OpenFile>& file, std::uint64_t offset,
                 std::uint64_t length) const;

  ConfinedRoot root_;
  const MimeTypes& mime_;
  std::vector<std::string> indexFiles_;
  mutable OpenFileCache cache_;
  Poco::Logger& log_;
};

// Registers the static handler through the same plugin API external plugins use.
class StaticFilesPlugin : public Plugin {
 public:
  std::string name() const override { return StaticFileHandler::kName; }
  void configure(PluginContext& context) override;
};

}  // namespace interlude::core
