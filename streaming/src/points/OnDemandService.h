#pragma once

#include "interlude/core/MimeTypes.h"
#include "interlude/core/StaticFileHandler.h"
#include "points/PointService.h"

namespace interlude::streaming::points {

// An `ondemand` point: its folder served as static files are (ETag, ranges,
// sendfile, confined to the folder), by core's static handler.
class OnDemandService : public PointService {
 public:
  OnDemandService(std::string prefix, const core::SiteConfig& site, const std::string& folder,
                  const core::ServerConfig& server);

  void serve(core::RequestContext& context, const PointTarget& target,
             Poco::Net::HTTPServerRequest& request,
             Poco::Net::HTTPServerResponse& response) const override;
  void describe(Poco::JSON::Object& into) const override;

 private:
  std::string prefix_;
  core::SiteConfig folderSite_;  // the site with the folder as its root
  core::MimeTypes mime_;
  core::StaticFileHandler files_;
};

}  // namespace interlude::streaming::points
